"""`newsdigest send-test`: send a sample digest through the configured mailer and notify targets, to check settings."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.config import Config, NotifyTarget
    from bot.models import Digest


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("send-test", help="send a sample digest through the configured e-mail and notify targets",
                            description=cmd_send_test.__doc__)
    parser.add_argument("-c", "--config", help="config file")
    parser.add_argument("-p", "--profile",
                        help="whose recipients, subject and notify targets to use (default: the first that has any)")
    parser.add_argument("--to", action="append", metavar="ADDRESS", help="e-mail here instead (repeatable)")
    parser.set_defaults(handler=cmd_send_test, feed=None)


def cmd_send_test(args: argparse.Namespace) -> int:
    """Send the bundled sample digest (the one `newsdigest demo` shows), now, through the profile's
    e-mail (the `mail` server) and each of its notify targets, and say plainly whether each one
    accepted it. Nothing is recorded."""
    from bot.app import config_from_args
    from bot.demo import demo_digest
    from bot.render import make_environment, subject_for

    config, _ = config_from_args(args)
    with_any = [n for n, p in config.profiles.items() if p.deliver.email or p.deliver.notify]
    name = args.profile or (with_any[0] if with_any else next(iter(config.profiles)))
    _, profile = config.profile(name)
    if not (args.to or profile.deliver.email or profile.deliver.notify):
        raise ConfigError(f"profile {name!r} has no e-mail recipients and no notify targets", config.path,
                          "pass --to ADDRESS, or add deliver: {email: {to: [...]}} or deliver: {notify: [URL]}")
    env = make_environment(config.templates)
    digest = demo_digest()
    subject = "[test] " + subject_for(config, name, digest)
    failed = 0
    if args.to or profile.deliver.email:
        failed += _email(config, args.to or profile.deliver.email.to, digest, env, subject)  # type: ignore[union-attr]
    for index, target in enumerate(profile.deliver.notify):
        failed += _notify(name, index, target, digest, env, subject)
    return 1 if failed else 0


def _email(config: Config, to: list[str], digest: Digest, env: Any, subject: str) -> int:
    from bot.deliver import PermanentFailure, Rendered, SmtpSender, TemporaryFailure, build_email, message_id_for
    from bot.render import fit_for_mail, render

    if config.mail is None:
        raise ConfigError("there is no 'mail' section", config.path, "add mail: {host, port, security, from, ...}")
    html, digest = fit_for_mail(digest, env, config.mail.max_html_bytes)
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    rendered = Rendered(
        digest_id=0, profile="", title=digest.title, subject=subject,
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


def _notify(profile: str, index: int, target: NotifyTarget, digest: Digest, env: Any, subject: str) -> int:
    from bot.deliver import PermanentFailure, Rendered, TemporaryFailure
    from bot.deliver.notify import label, send, where_of
    from bot.render import render_notify

    markdown, text = render_notify(digest, env)
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    rendered = Rendered(digest_id=0, profile=profile, title=digest.title, subject=subject, message_id="",
                        created_at=now, slot=None, text=text, html="", markdown=markdown,
                        notify_markdown=markdown, notify_text=text)
    try:
        send(target, where_of(profile, index), rendered, lambda _stage: None)
    except (TemporaryFailure, PermanentFailure) as exc:
        print(f"Error: the test message was not sent: {exc}", file=sys.stderr)
        return 1
    print(f"Sent a test digest to {label(target)}.")
    return 0
