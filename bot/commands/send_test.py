"""`newsdigest send-test`: send a sample digest through the configured mailer, to check settings."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from bot.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("send-test", help="e-mail a sample digest to check the mail settings",
                            description=cmd_send_test.__doc__)
    parser.add_argument("-c", "--config", help="config file")
    parser.add_argument("-p", "--profile", help="whose recipients and subject to use (default: the first with e-mail)")
    parser.add_argument("--to", action="append", metavar="ADDRESS", help="send here instead (repeatable)")
    parser.set_defaults(handler=cmd_send_test, feed=None)


def cmd_send_test(args: argparse.Namespace) -> int:
    """Send the bundled sample digest (the one `newsdigest demo` shows) through `mail`, now,
    and say plainly whether the server accepted it. Nothing is recorded."""
    from bot.app import config_from_args
    from bot.deliver import PermanentFailure, Rendered, SmtpSender, TemporaryFailure, build_email, message_id_for
    from bot.demo import demo_digest
    from bot.render import fit_for_mail, make_environment, render, subject_for

    config, _ = config_from_args(args)
    if config.mail is None:
        raise ConfigError("there is no 'mail' section", config.path, "add mail: {host, port, security, from, ...}")
    with_email = [n for n, p in config.profiles.items() if p.deliver.email]
    name = args.profile or (with_email[0] if with_email else next(iter(config.profiles)))
    _, profile = config.profile(name)
    to = args.to or (profile.deliver.email.to if profile.deliver.email else None)
    if not to:
        raise ConfigError(f"profile {name!r} has no e-mail recipients", config.path, "pass --to ADDRESS")
    env = make_environment(config.templates)
    digest = demo_digest()
    html, digest = fit_for_mail(digest, env, config.mail.max_html_bytes)
    now = datetime.now(timezone.utc)
    rendered = Rendered(
        digest_id=0, profile=name, title=digest.title, subject="[test] " + subject_for(config, name, digest),
        message_id=message_id_for(f"send-test@{now.isoformat()}", config.mail.sender), created_at=now, slot=None,
        text=render(digest, "text", env), html=html, markdown="",
    )
    try:
        SmtpSender(config.mail).send(build_email(rendered, config.mail, to))
    except (TemporaryFailure, PermanentFailure) as exc:
        print(f"Error: the test message was not sent: {exc}", file=sys.stderr)
        print("Check your SMTP settings: mail.host, mail.port, mail.security, mail.username and the password variable.",
              file=sys.stderr)
        return 1
    print(f"Sent a test digest to {', '.join(to)} through {config.mail.host}:{config.mail.effective_port}.")
    return 0
