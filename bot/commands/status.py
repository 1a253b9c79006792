"""`newsdigest status`: when each digest runs next, how recent digests fared, which feeds fail."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Config
    from bot.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("status", help="next runs, recent digests and their deliveries, failing feeds",
                            description=cmd_status.__doc__)
    parser.add_argument("-c", "--config", help="config file")
    parser.add_argument("--state", metavar="PATH", help="state database file or SQLAlchemy URL")
    parser.add_argument("-n", "--last", type=int, default=10, metavar="N", help="how many recent digests (default 10)")
    parser.set_defaults(handler=cmd_status, feed=None, profile=None)


def _kind_label(config: Config, profile: str, kind: str) -> str:
    if not kind.startswith("notify:") or profile not in config.profiles:
        return kind
    from bot.deliver.notify import kind_label

    return kind_label(config.profiles[profile].deliver.notify, kind)


def cmd_status(args: argparse.Namespace) -> int:
    """Show the next run of each scheduled digest in its local time, the last digests with the
    state of each delivery, and the feeds that are failing and since when."""
    from contextlib import ExitStack
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from bot.app import App, config_from_args
    from bot.scheduler import next_slot, parse_schedule

    config, _ = config_from_args(args)
    now = datetime.now(timezone.utc)
    with ExitStack() as stack:
        app = App.build(config, args.state, stack)
        print(f"Config  {Path(config.path).resolve() if config.path else '(none)'}\nState   {_shown(app.store)}\n")
        print("Next digests")
        scheduled = [(n, p) for n, p in config.profiles.items() if p.schedule]
        for name, profile in scheduled:
            zone_name = config.zone_of(profile)
            nxt = next_slot(parse_schedule(profile.schedule or "", zone_name), now).astimezone(ZoneInfo(zone_name))
            print(f"  {name:<16} {nxt:%a %d %b %Y %H:%M} {zone_name}   ({profile.schedule})")
        if not scheduled:
            print("  (no profile has a schedule)")
        print("\nRecent digests")
        recent = app.store.recent_digests(limit=args.last)
        for d in recent:
            zone = ZoneInfo(config.zone_of(config.profiles[d.profile]) if d.profile in config.profiles else config.timezone)
            when = (d.scheduled_for or d.created_at).astimezone(zone)
            print(f"  {d.profile:<16} {when:%Y-%m-%d %H:%M}  {d.status or 'sent':<8} {d.story_count} stories")
            for row in app.store.outbox_rows(digest_id=d.id):
                detail = f"  ({row.last_error})" if row.last_error and row.status != "sent" else ""
                retry = (f", next try {row.next_attempt_at.astimezone(zone):%H:%M}"
                         if row.status == "pending" and row.next_attempt_at else "")
                kind = _kind_label(config, d.profile, row.kind)
                print(f"      {kind:<10} {row.status}, {row.attempts} attempt(s){retry}{detail}")
        if not recent:
            print("  (none yet)")
        total, pruned = app.store.entry_counts()
        size = app.store.file_size()
        print("\nState")
        print(f"  {total:,} articles known; {pruned:,} older than the retention ({config.retention}) keep only "
              f"their keys" + (f"; database file {size / 1e6:,.1f} MB" if size is not None else ""))
        print("\nFeeds with problems")
        failing = app.store.failing_feeds()
        zone = ZoneInfo(config.timezone)
        for url, title, error, since in failing:
            since_text = f" since {since.astimezone(zone):%Y-%m-%d %H:%M}" if since else ""
            print(f"  {title or url}{since_text}: {error}")
        if not failing:
            print("  (none)")
    return 0


def _shown(store: Store) -> str:
    """The state database as a user finds it: the SQLite file's path, or the URL without its password."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return str(url.database)
    return str(url.render_as_string(hide_password=True))
