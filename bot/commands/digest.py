"""`newsdigest digest`: a digest of what is new, now: printed, written to a file, or sent."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bot.errors import BotError, ConfigError, OutputError

# bot.render.TEMPLATE_FOR's formats (a test checks): importing bot.render here would load it, the
# models and the zone database for every command's start-up, `summarize` included.
FORMATS = ("html", "markdown", "text")

if TYPE_CHECKING:  # the store, HTTP and the pipeline load when a digest is made, not for `--help`
    from bot.config import Config
    from bot.pipeline import RunReport


def register(sub: argparse._SubParsersAction) -> None:
    digest = sub.add_parser("digest", help="make a digest now", description=cmd_digest.__doc__)
    digest.add_argument("-c", "--config", help="config file (default: ./config.yaml, then $NEWSDIGEST_HOME/config.yaml)")
    digest.add_argument("-p", "--profile", help="profile name from the config (default: the first one)")
    digest.add_argument("--feed", action="append", metavar="URL",
                        help="ad-hoc digest of this feed (repeatable); no config needed")
    digest.add_argument("--since", metavar="DURATION",
                        help="everything from this long ago, e.g. 6h, 2d, delivered before or not (default: what is new)")
    digest.add_argument("--again", action="store_true",
                        help="show the profile's last digest again, in any format (-f html -o x.html); fetches and marks nothing")
    digest.add_argument("-f", "--format", choices=FORMATS, help="output format (default: the profile's first)")
    digest.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    digest.add_argument("--sentences", type=int, metavar="N", help="sentences per summary (overrides the profile)")
    digest.add_argument("--dry-run", action="store_true", help="make the digest but mark nothing as delivered")
    digest.add_argument("--send", action="store_true",
                        help="hand the digest to the profile's deliveries (e-mail, files, Atom) with retries")
    digest.add_argument("--state", metavar="PATH",
                        help="state database file or SQLAlchemy URL (default: $NEWSDIGEST_HOME/state.db)")
    digest.add_argument("-q", "--quiet", action="store_true", help="no progress display")
    digest.set_defaults(handler=cmd_digest)


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


def cmd_digest(args: argparse.Namespace) -> int:
    """Make a digest of what is new for a profile, now, and print or write it.

    Entries count as delivered to the profile once the digest was written, so the next digest
    shows only newer ones; --dry-run marks nothing. --since looks back over a window, delivered
    entries included; --again shows the last digest again without fetching anything.
    """
    from bot.cli import loading

    with loading():  # the imports, the config and the templates: what lasts as long as the command
        from bot.app import App, config_from_args
        from bot.outbox import mark_delivered
        from bot.pipeline import run
        from bot.render import make_environment, render
        from bot.store import DigestLock

        config, name = config_from_args(args)
        if args.again:
            return _digest_again(args, config, name)
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
        if not args.dry_run:  # from choosing the new entries to recording them shown: one digest of a profile at a time
            stack.enter_context(DigestLock(app.store, name))
        now = datetime.now(timezone.utc)
        report = run(app.config, name, app.store, app.http, app.workers, now, since=since, progress=progress)
        text = render(report.digest, fmt, env)
        bodies = {fmt: text} if args.dry_run else _all_formats(report, fmt, text, env)
        _write(text, args.output)  # a failed write raises here: nothing below marks anything
        if not args.dry_run:
            mark_delivered(app.store, report, now, bodies)
    _summary_line(report, args)
    return 1 if report.nothing_fetched else 0


def _digest_send(
    args: argparse.Namespace, config: Config, name: str, since: timedelta | None, env: Any, progress: Progress
) -> int:
    """`digest --send`: the scheduled path, now: stored first, then delivered, never twice."""
    from bot.app import App
    from bot.outbox import dispatch, make_digest

    if args.dry_run or args.output or args.format:
        raise ConfigError("--send cannot be combined with --dry-run, --output or --format", "command line",
                          "deliveries and formats come from the profile's 'deliver' section")
    if not config.profiles[name].deliver.kinds():
        raise ConfigError(f"profile {name!r} has no deliveries", config.path, "add deliver: {email: ..., directory: ...}")
    from bot.deliver.notify import kind_label
    from bot.deliver.preflight import check_deliveries

    check_deliveries(config, [name])  # a missing secret is a clear error now, not a failed delivery
    with ExitStack() as stack:
        app = App.build(config, args.state, stack)
        now = datetime.now(timezone.utc)
        dispatch(config, app.store, now)  # anything still waiting from before goes first
        digest_id = make_digest(config, name, app.store, app.http, app.workers, env, now, since=since, progress=progress)
        results = dispatch(config, app.store, now, digest_id=digest_id)
        stored = app.store.digest(digest_id)
    if not results:
        print(f"newsdigest: nothing new for {name!r}; nothing sent (set send_empty: true to send a note anyway)",
              file=sys.stderr)
        return 0
    for r in results:
        line = {"sent": "delivered", "retry": "not delivered yet, will be retried", "failed": "FAILED"}[r.outcome]
        shown = kind_label(config.profiles[name].deliver.notify, r.kind)
        print(f"newsdigest: {shown}: {line}" + (f" ({r.detail})" if r.detail else ""), file=sys.stderr)
    print(f"newsdigest: digest {stored.id} with {stored.story_count} stories is {stored.status}", file=sys.stderr)
    return 0 if stored.status == "sent" else 1


def _all_formats(report: RunReport, fmt: str, text: str, env: Any) -> dict[str, str]:
    """Every format of the digest, kept with it for --again; a user template that fails in a format
    the user did not ask for costs --again that format, not the digest."""
    from bot.render import TEMPLATE_FOR, render

    bodies = {fmt: text}
    for other in TEMPLATE_FOR:
        if other != fmt:
            try:
                bodies[other] = render(report.digest, other, env)
            except ConfigError:
                pass
    return bodies


BODY_OF = {"markdown": "body_markdown", "html": "body_html", "text": "body_text"}


def _digest_again(args: argparse.Namespace, config: Config, name: str) -> int:
    """`digest --again`: the last digest that showed stories, as it was stored; no feed is fetched, nothing is marked."""
    from bot.config import AD_HOC, state_url
    from bot.render import display_time
    from bot.store import open_store
    from bot.store.faults import where_of

    if args.since or args.sentences is not None or args.send:
        raise ConfigError("--again cannot be combined with --since, --sentences or --send", "command line",
                          "--again shows the last digest as it was; use --since to make a new one over a window")
    fmt = args.format or config.profiles[name].formats[0]
    store = open_store(state_url(args.state, config))
    try:
        stored, kept = store.last_shown(name)
        where = where_of(store.engine.url)
    finally:
        store.close()
    if stored is None:
        if name.startswith(AD_HOC):
            raise BotError("no ad-hoc digest of these feeds to show again", where,
                           "make one with `newsdigest digest --feed URL` and the same feeds")
        raise BotError(f"no digest of profile {name!r} to show again", where, "make one with `newsdigest digest`")
    when = display_time(stored.created_at, _zone(config, name))
    body = getattr(stored, BODY_OF[fmt]) if kept else None
    if body is None:
        raise BotError(f"the last digest of {name!r} ({when}) was not kept in the {fmt} format", where,
                       "digests made before this version of newsdigest cannot be shown again; "
                       "`newsdigest digest --since 1d --dry-run` shows the last day")
    _write(body, args.output)
    if not args.quiet:
        print(f"newsdigest: the digest of {when} again, {stored.story_count} stories; nothing fetched, nothing marked",
              file=sys.stderr)
    return 0


def _zone(config: Config, name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.zone_of(config.profiles[name]))


def _duration(text: str, where: str) -> timedelta:
    from bot.config import parse_duration

    try:
        return parse_duration(text)
    except ValueError as exc:
        raise ConfigError(str(exc), where) from None


def _write(text: str, output: str | None) -> None:
    """Standard output, or a file replaced whole: a failed write leaves the old file and no temporary one."""
    if not output or output == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:  # > /dev/full, a full disk, a reader that went away
            raise OutputError(f"cannot write the digest: {exc.strerror or exc}", "standard output",
                           "nothing was marked delivered: free space or fix the redirection, and run again") from None
        return
    import os
    import tempfile

    path = Path(output)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A name of its own beside the target (never a user's "out.tmp"), so the rename stays on one file system.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)  # never leave a half-written digest behind
        tmp = None
    except OSError as exc:
        raise OutputError(f"cannot write the digest: {exc.strerror or exc}", str(path),
                          "check the path, its permissions and free space; nothing was marked delivered") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what the umask gives a new file (mkstemp's own 0600 would hide it)."""
    import os

    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _summary_line(report: RunReport, args: argparse.Namespace) -> None:
    if getattr(args, "quiet", False):
        return
    d = report.digest
    parts = [
        f"{len(d.stories)} {'story' if len(d.stories) == 1 else 'stories'} from {d.article_count} articles",
        f"{report.feeds_total} feeds ({report.feeds_not_modified} unchanged, {report.feeds_failed} with problems)",
    ]
    if report.pages_fetched:
        parts.append(f"{report.pages_fetched} pages fetched")
    if getattr(args, "dry_run", False):
        parts.append("dry run: nothing marked delivered")
    if not d.stories:
        parts.append("`newsdigest digest --again` shows the last digest again")
    print("newsdigest: " + "; ".join(parts), file=sys.stderr)
