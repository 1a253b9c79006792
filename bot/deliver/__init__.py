"""Senders: SMTP (one multipart/alternative message), files in a directory, an Atom feed, stdout
(chat and push services are :mod:`bot.deliver.notify`).

A sender either returns (handed over), or raises :class:`TemporaryFailure` (retry later) or
:class:`PermanentFailure` (record it and stop). SMTP reports its progress through ``on_stage``
so the outbox knows, after a crash, whether the server already had the whole message.
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import socket
import ssl
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape

from bot.config import MailConfig
from bot.errors import ConfigError

# RFC 5321 4.5.3.2.6: wait up to 10 minutes for the reply to the end of DATA, because giving up
# early is how a message the server did accept gets sent twice.
DATA_END_TIMEOUT = 600.0


class TemporaryFailure(Exception):
    """Worth retrying: the server or network may be fine later."""


class PermanentFailure(Exception):
    """Retrying will not help: the server refused for good, or the settings are wrong."""


@dataclass(frozen=True)
class Rendered:
    """A stored digest, ready to hand over. Built from the database, so a retry sends the same bytes."""

    digest_id: int
    profile: str
    title: str
    subject: str
    message_id: str
    created_at: datetime
    slot: datetime | None
    text: str
    html: str
    markdown: str
    notify_markdown: str = ""  # the chat/push message (bot.notify); '' for a digest stored before it existed
    notify_text: str = ""


def message_id_for(key: str, sender: str | None) -> str:
    """A Message-ID fixed by the digest's idempotency key: every retry carries the same one."""
    domain = (parseaddr(sender or "")[1].rpartition("@")[2] or "newsdigest.invalid").lower()
    return f"<digest.{hashlib.sha256(key.encode()).hexdigest()[:24]}@{domain}>"


def build_email(rendered: Rendered, mail: MailConfig, to: list[str]) -> EmailMessage:
    """One multipart/alternative message: plain text first, then the HTML (mail clients show the last they can)."""
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["From"] = mail.sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = rendered.subject
    msg["Date"] = format_datetime(rendered.created_at)
    msg["Message-ID"] = rendered.message_id
    domain = rendered.message_id.rpartition("@")[2].rstrip(">")
    msg["List-Id"] = formataddr((rendered.title, f"{_slug(rendered.profile)}.newsdigest.{domain}"))
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(rendered.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "digest"


class SmtpSender:
    """SMTP with STARTTLS, implicit TLS or plain; login when a username is configured."""

    def __init__(self, mail: MailConfig):
        self.mail = mail

    def password(self) -> str | None:
        if not self.mail.username:
            return None
        if not self.mail.password_env:
            raise ConfigError("mail.username is set but mail.password_env is not", "config 'mail'",
                              "name the environment variable that holds the password")
        value = os.environ.get(self.mail.password_env)
        if value is None:
            raise ConfigError(f"the environment variable {self.mail.password_env} is not set", "config 'mail.password_env'",
                              "export it before starting newsdigest")
        return value

    def send(self, message: EmailMessage, on_stage: Callable[[str], None] = lambda _s: None) -> None:
        mail = self.mail
        recipients = [addr for _, addr in getaddresses(message.get_all("To", []))]
        password = self.password()
        on_stage("connecting")
        smtp: smtplib.SMTP | None = None
        where = f"{mail.host}:{mail.effective_port}"
        try:
            context = ssl.create_default_context()
            if mail.security == "tls":
                smtp = smtplib.SMTP_SSL(mail.host, mail.effective_port, timeout=mail.timeout, context=context)
            else:
                smtp = smtplib.SMTP(mail.host, mail.effective_port, timeout=mail.timeout)
            smtp.ehlo()
            if mail.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise PermanentFailure(f"{where} does not offer STARTTLS: set mail.security to 'plain' for a local relay, "
                                           "or 'tls' for an implicit-TLS port such as 465")
                smtp.starttls(context=context)
                smtp.ehlo()
            if mail.username:
                smtp.login(mail.username, password or "")
            self._transaction(smtp, message, recipients, on_stage)
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentFailure(f"login refused by {where} ({exc.smtp_code}): check mail.username and the password") from None
        except smtplib.SMTPResponseException as exc:
            _raise_for(exc.smtp_code, exc.smtp_error, where)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            _raise_for(code, text, where)
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, socket.timeout, TimeoutError) as exc:
            raise TemporaryFailure(f"{where}: {exc.__class__.__name__}: {exc}".rstrip(": ")) from None
        except ssl.SSLError as exc:
            raise PermanentFailure(f"TLS with {where} failed: {exc}: check mail.security and mail.port") from None
        except OSError as exc:
            raise TemporaryFailure(f"{where}: {exc.strerror or exc}") from None
        finally:
            if smtp is not None:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    smtp.close()

    def _transaction(
        self, smtp: smtplib.SMTP, message: EmailMessage, recipients: list[str], on_stage: Callable[[str], None]
    ) -> None:
        """MAIL, RCPT, DATA by hand, to note the moment the whole message is with the server."""
        code, text = smtp.mail(parseaddr(self.mail.sender)[1])
        if code != 250:
            _raise_for(code, text, "MAIL FROM")
        refused = []
        for rcpt in recipients:
            code, text = smtp.rcpt(rcpt)
            if code not in (250, 251):
                refused.append((rcpt, code, text))
        if len(refused) == len(recipients):
            _, code, text = refused[0]
            _raise_for(code, text, "RCPT TO")
        code, text = smtp.docmd("DATA")
        if code != 354:
            _raise_for(code, text, "DATA")
        data = smtplib._quote_periods(message.as_bytes())  # type: ignore[attr-defined]
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        smtp.send(data)
        smtp.send(b".\r\n")
        on_stage("awaiting-reply")
        if smtp.sock is not None:
            smtp.sock.settimeout(max(DATA_END_TIMEOUT, self.mail.timeout))
        code, text = smtp.getreply()
        if code != 250:
            _raise_for(code, text, "end of DATA")


def _raise_for(code: int, text: bytes | str, where: str) -> None:
    reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    message = f"{where}: the server replied {code} {reply}".strip()
    if 400 <= code < 500:
        raise TemporaryFailure(message)
    raise PermanentFailure(message)


# -- other deliveries --------------------------------------------------------------------------


def digest_file_stem(rendered: Rendered) -> str:
    """Stable per digest, so a retry overwrites rather than adds: profile and slot (or creation time)."""
    moment = rendered.slot or rendered.created_at
    return f"{_slug(rendered.profile)}-{moment.strftime('%Y-%m-%dT%H%MZ')}"


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def deliver_directory(rendered: Rendered, directory: str, formats: Sequence[str]) -> list[Path]:
    """One file per format per digest, e.g. morning-2026-11-21T0700Z.md."""
    bodies = {"markdown": (".md", rendered.markdown), "html": (".html", rendered.html), "text": (".txt", rendered.text)}
    written = []
    try:
        for fmt in formats:
            suffix, body = bodies[fmt]
            path = Path(directory).expanduser() / (digest_file_stem(rendered) + suffix)
            write_atomically(path, body)
            written.append(path)
    except OSError as exc:
        raise TemporaryFailure(f"cannot write into {directory}: {exc.strerror}") from None
    return written


def deliver_stdout(rendered: Rendered, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    out.write(rendered.markdown)
    out.flush()


def atom_feed(digests: list[Rendered], title: str, feed_id: str, updated: datetime) -> str:
    """An Atom document of recent digests, newest first, each with its HTML as content."""
    entries = []
    for d in digests:
        entries.append(
            "  <entry>\n"
            f"    <id>{escape(feed_id)}:{d.digest_id}</id>\n"
            f"    <title>{escape(d.subject)}</title>\n"
            f"    <updated>{d.created_at.isoformat()}</updated>\n"
            f"    <content type=\"html\">{escape(d.html)}</content>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <id>{escape(feed_id)}</id>\n  <title>{escape(title)}</title>\n  <updated>{updated.isoformat()}</updated>\n"
        f"  <author><name>newsdigest</name></author>\n{''.join(entries)}</feed>\n"
    )


def deliver_atom(recent: list[Rendered], path: str, title: str, profile: str, updated: datetime) -> Path:
    target = Path(path).expanduser()
    try:
        write_atomically(target, atom_feed(recent, title, f"urn:newsdigest:{_slug(profile)}", updated))
    except OSError as exc:
        raise TemporaryFailure(f"cannot write {target}: {exc.strerror}") from None
    return target
