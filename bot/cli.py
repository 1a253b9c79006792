"""The command line: thin commands over one factory (:class:`App`) that builds what a run needs.

Errors the user can fix print as ``Error: <what> (<where>): <hint>`` with exit status 2 for
usage/config problems; a traceback only with ``-v``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

from bot import __version__
from bot.config import (
    Config,
    ad_hoc_config,
    default_config_path,
    load_config,
    parse_duration,
    state_url,
)
from bot.errors import BotError, ConfigError
from bot.fetch import DEFAULT_USER_AGENT, Http, HttpSettings
from bot.pipeline import RunReport, dispatch, make_digest, mark_delivered, run
from bot.render import TEMPLATE_FOR, make_environment, render
from bot.store import Store, open_store
from bot.workers import Workers

log = logging.getLogger("newsdigest")


@dataclass
class App:
    """Everything one command needs, built from config; closed by the ExitStack that owns it."""

    config: Config
    store: Store
    http: Http
    workers: Workers

    @classmethod
    def build(cls, config: Config, state: str | None, stack: ExitStack) -> "App":
        store = open_store(state_url(state, config))
        stack.callback(store.close)
        fetch = config.fetch
        http = Http(
            HttpSettings(
                timeout=fetch.timeout,
                max_bytes=fetch.max_bytes,
                max_redirects=fetch.max_redirects,
                concurrency=fetch.concurrency,
                per_host=fetch.per_host,
                user_agent=fetch.user_agent or DEFAULT_USER_AGENT,
            )
        )
        stack.callback(http.close)
        workers = Workers()
        stack.callback(workers.close)
        return cls(config, store, http, workers)


class Progress:
    """One updating line on a terminal; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO, enabled: bool):
        self.stream, self.enabled, self.width = stream, enabled, 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        line = f"{stage} {done}/{total}"
        self.stream.write("\r" + line.ljust(self.width))
        self.width = len(line)
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdigest",
        description="A summarising news digest: feeds in, honest extractive summaries out.",
    )
    parser.add_argument("--version", action="version", version=f"newsdigest {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details and show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    digest = sub.add_parser("digest", help="make a digest now", description=cmd_digest.__doc__)
    digest.add_argument("-c", "--config", help="config file (default: ./config.yaml, then $NEWSDIGEST_HOME/config.yaml)")
    digest.add_argument("-p", "--profile", help="profile name from the config (default: the first one)")
    digest.add_argument("--feed", action="append", metavar="URL", help="ad-hoc digest of this feed (repeatable); no config needed")
    digest.add_argument("--since", metavar="DURATION", help="only entries from this long ago, e.g. 6h, 2d (default: since the last digest)")
    digest.add_argument("-f", "--format", choices=sorted(TEMPLATE_FOR), help="output format (default: the profile's first)")
    digest.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    digest.add_argument("--sentences", type=int, metavar="N", help="sentences per summary (overrides the profile)")
    digest.add_argument("--dry-run", action="store_true", help="make the digest but mark nothing as delivered")
    digest.add_argument("--send", action="store_true", help="hand the digest to the profile's deliveries (e-mail, files, Atom) with retries")
    digest.add_argument("--state", metavar="PATH", help="state database file or SQLAlchemy URL (default: $NEWSDIGEST_HOME/state.db)")
    digest.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    digest.set_defaults(handler=cmd_digest)

    demo = sub.add_parser("demo", help="run the whole pipeline on a bundled sample, offline", description=cmd_demo.__doc__)
    demo.add_argument("--output-dir", default=".", metavar="DIR", help="where to write the HTML digest (default: here)")
    demo.set_defaults(handler=cmd_demo)

    import bot.commands

    for info in sorted(pkgutil.iter_modules(bot.commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        importlib.import_module(f"bot.commands.{info.name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except BotError as exc:
        if args.verbose:
            log.exception("failed")
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


def _load(args: argparse.Namespace) -> tuple[Config, str]:
    """The config and profile for this command: --feed makes an ad-hoc one, else the config file."""
    if args.feed:
        if args.config or args.profile:
            raise ConfigError("--feed cannot be combined with --config or --profile", "command line", "use one or the other")
        return ad_hoc_config(args.feed), "adhoc"
    path = Path(args.config) if args.config else default_config_path()
    if not args.config and not path.is_file():
        raise ConfigError("no config file found", str(path), "pass --config FILE, or --feed URL for an ad-hoc digest")
    config = load_config(path)
    name, _ = config.profile(args.profile)
    return config, name


def cmd_digest(args: argparse.Namespace) -> int:
    """Make a digest of what is new for a profile, now, and print or write it.

    Entries count as delivered to the profile once the digest was written, so the next digest
    shows only newer ones; --dry-run marks nothing.
    """
    config, name = _load(args)
    since = _duration(args.since, "--since") if args.since else None
    profile = config.profiles[name]
    if args.sentences is not None:
        if args.sentences < 1:
            raise ConfigError("--sentences must be at least 1", "command line")
        profile = profile.model_copy(update={"sentences": args.sentences})
        config = config.model_copy(update={"profiles": {**config.profiles, name: profile}})
    fmt = args.format or profile.formats[0]
    env = make_environment(config.templates if not args.feed else None)
    progress = Progress(sys.stderr, enabled=sys.stderr.isatty() and not args.quiet)
    if args.send:
        return _digest_send(args, config, name, since, env, progress)
    with ExitStack() as stack:
        app = App.build(config, args.state, stack)
        now = datetime.now(timezone.utc)
        report = run(app.config, name, app.store, app.http, app.workers, now, since=since, progress=progress)
        text = render(report.digest, fmt, env)
        _write(text, args.output)
        if not args.dry_run:
            mark_delivered(app.store, report, now)
    _summary_line(report, args)
    return 1 if report.nothing_fetched else 0


def _digest_send(args: argparse.Namespace, config: Config, name: str, since: timedelta | None, env: Any, progress: Progress) -> int:
    """`digest --send`: the scheduled path, now: stored first, then delivered, never twice."""
    if args.dry_run or args.output or args.format:
        raise ConfigError("--send cannot be combined with --dry-run, --output or --format", "command line",
                          "deliveries and formats come from the profile's 'deliver' section")
    if not config.profiles[name].deliver.kinds():
        raise ConfigError(f"profile {name!r} has no deliveries", config.path, "add deliver: {email: ..., directory: ...}")
    with ExitStack() as stack:
        app = App.build(config, args.state, stack)
        now = datetime.now(timezone.utc)
        dispatch(config, app.store, now)  # anything still waiting from before goes first
        digest_id = make_digest(config, name, app.store, app.http, app.workers, env, now, since=since, progress=progress)
        results = dispatch(config, app.store, now, digest_id=digest_id)
        stored = app.store.digest(digest_id)
    if not results:
        print(f"newsdigest: nothing new for {name!r}; nothing sent (set send_empty: true to send a note anyway)", file=sys.stderr)
        return 0
    for r in results:
        line = {"sent": "delivered", "retry": "not delivered yet, will be retried", "failed": "FAILED"}[r.outcome]
        print(f"newsdigest: {r.kind}: {line}" + (f" ({r.detail})" if r.detail else ""), file=sys.stderr)
    print(f"newsdigest: digest {stored.id} with {stored.story_count} stories is {stored.status}", file=sys.stderr)
    return 0 if stored.status == "sent" else 1


def _duration(text: str, where: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise ConfigError(str(exc), where) from None


def _write(text: str, output: str | None) -> None:
    if not output or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never leave a half-written digest behind
    except OSError as exc:
        raise BotError(f"cannot write the digest: {exc.strerror}", str(path), "check the path and permissions") from None


def _summary_line(report: RunReport, args: argparse.Namespace) -> None:
    if getattr(args, "quiet", False):
        return
    d = report.digest
    parts = [
        f"{len(d.stories)} stories from {d.article_count} articles",
        f"{report.feeds_total} feeds ({report.feeds_not_modified} unchanged, {report.feeds_failed} with problems)",
    ]
    if report.pages_fetched:
        parts.append(f"{report.pages_fetched} pages fetched")
    if getattr(args, "dry_run", False):
        parts.append("dry run: nothing marked delivered")
    print("newsdigest: " + "; ".join(parts), file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the whole pipeline offline: a loopback server serves bundled feeds and pages.

    Prints the Markdown digest and writes the HTML digest beside it (newsdigest-demo.html).
    """
    from bot.demo import run_demo

    out_dir = Path(args.output_dir)
    markdown, html = run_demo()
    sys.stdout.write(markdown)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "newsdigest-demo.html"
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise BotError(f"cannot write the HTML digest: {exc.strerror}", str(out_dir), "pass --output-dir") from None
    print(f"\nnewsdigest: HTML digest written to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
