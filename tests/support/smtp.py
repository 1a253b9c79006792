"""A real SMTP server on 127.0.0.1 (aiosmtpd) whose answers a test can script."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    """Accepted messages, and a script of faults: each DATA takes the next behaviour.

    Behaviours: "ok", "451" (temporary), "550" (permanent), "drop" (close the connection during
    DATA without a reply), ("slow-accept", seconds) (keep the message, then wait before the 250),
    ("slow-rcpt", seconds) (stall before accepting the recipient; nothing kept).
    """

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.script: list[object] = []
        self.data_started = threading.Event()
        self.rcpt_started = threading.Event()
        self.sessions = 0

    def _next(self) -> object:
        return self.script.pop(0) if self.script else "ok"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's names
        self.rcpt_started.set()
        if self.script and isinstance(self.script[0], tuple) and self.script[0][0] == "slow-rcpt":
            _, seconds = self.script.pop(0)
            await asyncio.sleep(seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        behaviour = self._next()
        self.data_started.set()
        if behaviour == "451":
            return "451 4.3.0 Try again later"
        if behaviour == "550":
            return "550 5.7.1 Message rejected"
        if behaviour == "drop":
            server.transport.close()
            return "421 closing"
        self.messages.append(envelope.original_content or envelope.content)
        if isinstance(behaviour, tuple) and behaviour[0] == "slow-accept":
            await asyncio.sleep(behaviour[1])
        return "250 OK: queued"

    def parsed(self) -> list[EmailMessage]:
        return [message_from_bytes(m, policy=policy.default) for m in self.messages]  # type: ignore[misc]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """Plain by default; with ``tls_context`` it offers STARTTLS and refuses mail without it,
    or (``implicit=True``) speaks TLS from the first byte, like port 465."""

    def __init__(self, tls_context=None, implicit: bool = False) -> None:  # type: ignore[no-untyped-def]
        self.inbox = Inbox()
        self.port = free_port()
        options = {}
        if tls_context is not None and implicit:
            options = {"ssl_context": tls_context}
        elif tls_context is not None:
            options = {"tls_context": tls_context, "require_starttls": True}
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **options)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
