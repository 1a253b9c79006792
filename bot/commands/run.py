"""`newsdigest run`: the long-running scheduler that collects feeds and delivers digests on time."""

from __future__ import annotations

import argparse
import logging
from contextlib import ExitStack
from datetime import datetime, timezone

from bot.errors import BotError

log = logging.getLogger("newsdigest.run")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run the scheduler: collect feeds, deliver digests on time", description=cmd_run.__doc__)
    parser.add_argument("-c", "--config", help="config file (default: ./config.yaml, then $NEWSDIGEST_HOME/config.yaml)")
    parser.add_argument("--state", metavar="PATH", help="state database file or SQLAlchemy URL")
    parser.set_defaults(handler=cmd_run, feed=None, profile=None)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def cmd_run(args: argparse.Namespace) -> int:
    """Run until stopped (SIGTERM or Ctrl-C): poll feeds every `scheduler.collect_every`, make each
    profile's digest at its `schedule` in its time zone, and deliver it, retrying failures.

    A digest missed while this was not running is sent once at start if its time was within
    `scheduler.catch_up_grace`. Only one `run` may use a database at a time.
    """
    from bot.app import App, config_from_args
    from bot.outbox import digest_key, dispatch, make_digest
    from bot.pipeline import collect
    from bot.render import make_environment
    from bot.scheduler import Daemon, DigestJob, latest_slot, parse_schedule
    from bot.store import InstanceLock

    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("newsdigest").setLevel(logging.INFO)
    config, _ = config_from_args(args)
    jobs = [
        DigestJob(name, parse_schedule(p.schedule, config.zone_of(p)))
        for name, p in config.profiles.items()
        if p.schedule
    ]
    if not jobs:
        raise BotError("no profile has a schedule", config.path, "add e.g. schedule: daily at 07:00 to a profile")
    with ExitStack() as stack:
        app = App.build(config, args.state, stack)
        lock = InstanceLock(app.store)
        if not lock.acquire():
            raise BotError("another `newsdigest run` is already using this database", str(app.store.engine.url),
                           "stop it first, or give this one its own --state")
        stack.callback(lock.release)
        env = make_environment(config.templates)
        for row in app.store.recover_interrupted():
            log.warning("delivery %s of digest %s was interrupted at stage %s; recovered", row.kind, row.digest_id, row.stage)
        grace = config.scheduler.catch_up_grace_delta

        def make(profile: str, slot: datetime) -> None:
            digest_id = make_digest(config, profile, app.store, app.http, app.workers, env, _now(), slot=slot)
            for result in dispatch(config, app.store, _now(), digest_id=digest_id):
                log.info("digest %s (%s) %s: %s %s", digest_id, profile, result.kind, result.outcome, result.detail or "")

        def catch_up() -> None:
            retry()
            now = _now()
            for job in jobs:
                slot = latest_slot(job.trigger, now, grace)
                if slot is not None and app.store.digest_by_key(digest_key(job.profile, slot)) is None:
                    log.info("catching up the %s digest due at %s", job.profile, slot.isoformat())
                    make(job.profile, slot)

        def gather() -> None:
            seen, problems = collect(config, app.store, app.http, app.workers, _now())
            log.info("collected: %d entries seen, %d feeds with problems", seen, len(problems))
            if config.queue is not None:  # the articles' work starts now, on the workers, not at digest time
                log.info("queued: %d articles for the workers", app.workers.queue.enqueue_undelivered(config, app.store, _now()))

        def retry() -> None:
            for result in dispatch(config, app.store, _now()):
                log.info("retry of digest %s %s: %s %s", result.digest_id, result.kind, result.outcome, result.detail or "")

        Daemon(jobs, make, gather, retry, config.scheduler.collect_every_delta, catch_up).run()
    return 0
