"""What `run` checks before it starts: every delivery of the digests it will send can be made.

A daemon that starts with a secret missing fails only at 07:00, in a log nobody reads; refusing
at start puts the problem in front of whoever started it. Nothing is sent and nothing logs in.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable

from bot.config import Config
from bot.deliver import SmtpSender
from bot.deliver.notify import check as check_notify
from bot.deliver.notify import where_of
from bot.errors import ConfigError

log = logging.getLogger("newsdigest.deliver")


def check_deliveries(config: Config, profiles: Iterable[str]) -> None:
    """Raise ConfigError for the first delivery that cannot work: a secret not set, an SMTP host
    that does not exist, a notify URL Apprise cannot read."""
    mail_checked = False
    for name in profiles:
        deliver = config.profiles[name].deliver
        if deliver.email and config.mail and not mail_checked:
            mail_checked = True
            SmtpSender(config.mail).password()
            _resolve(config.mail.host, config.mail.effective_port)
        for index, target in enumerate(deliver.notify):
            check_notify(target, where_of(name, index))


def _resolve(host: str, port: int) -> None:
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None)):
            # The resolver is not ready (early at boot): not the user's mistake; sending will retry.
            log.warning("cannot look up the SMTP host %s yet: %s", host, exc.strerror)
            return
        raise ConfigError(f"the SMTP host {host!r} does not resolve ({exc.strerror})", "config 'mail.host'",
                          "check the name (and the machine's DNS)") from None
