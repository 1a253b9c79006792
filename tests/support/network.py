"""Keep the tests on loopback: a name lookup or connection for any other host fails the test.

Names under ``.invalid`` (RFC 6761: never resolve) get the answer an offline resolver gives, at once
and without being counted, so a test can use one to exercise an unresolvable host.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest

LOOPBACK_NAMES = {"localhost", "localhost.", "ip6-localhost"}


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


def _is_invalid_tld(host: object) -> bool:
    return isinstance(host, str) and host.lower().rstrip(".").endswith(".invalid")


class LoopbackOnly:
    """Replaces the socket module's resolvers and ``create_connection``; ``violations`` lists what a test asked for."""

    def __init__(self) -> None:
        self.violations: list[str] = []
        # smtplib names itself in EHLO by looking up this machine's name: answer that one with loopback.
        self.own_name = socket.gethostname()

    def _refuse(self, what: str, host: object) -> socket.gaierror:
        if not _is_invalid_tld(host):
            self.violations.append(f"{what}({host!r})")
        # What an offline resolver answers, so the code under test takes its ordinary unresolvable-host path.
        return socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def wrap_resolver(self, real: Callable[..., Any], what: str) -> Callable[..., Any]:
        def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
            if host is None or is_loopback(host):
                return real(host, *args, **kwargs)
            if host == self.own_name:
                return real("127.0.0.1", *args, **kwargs)
            raise self._refuse(what, host)

        return resolve

    def wrap_connect(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
            host = address[0]
            if is_loopback(host):
                return real(address, *args, **kwargs)
            raise self._refuse("create_connection", host)

        return create_connection

    def message(self) -> str:
        asked = ", ".join(dict.fromkeys(self.violations))
        return (f"the test asked the network for a non-loopback host: {asked}. Tests stay on 127.0.0.1: serve it "
                "from the `server` fixture, link to http://127.0.0.1:9/... (refused at once), or use a name under "
                ".invalid where an unresolvable host is the point.")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackOnly]:
    """Hermetic tests: looking up or connecting to any host but loopback fails the test (child processes aside)."""
    guard = LoopbackOnly()
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, guard.wrap_resolver(getattr(socket, name), name))
    monkeypatch.setattr(socket, "create_connection", guard.wrap_connect(socket.create_connection))
    yield guard
    if guard.violations:
        pytest.fail(guard.message(), pytrace=False)
