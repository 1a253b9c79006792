"""`newsdigest run`: the long-running scheduler that collects feeds and delivers digests on time."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.errors import BotError

if TYPE_CHECKING:  # (imported by the command itself: `--help` needs none of them)
    import threading
    from datetime import datetime


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run the scheduler: collect feeds, deliver digests on time", description=cmd_run.__doc__)
    parser.add_argument("-c", "--config", help="config file (default: ./config.yaml, then $NEWSDIGEST_HOME/config.yaml)")
    parser.add_argument("--state", metavar="PATH", help="state database file or SQLAlchemy URL")
    parser.set_defaults(handler=cmd_run, feed=None, profile=None)


#: How each delivery outcome is logged (logging's levels): a retry is a warning, a delivery given up an error.
_LEVEL = {"sent": 20, "retry": 30, "failed": 40}


def _now() -> datetime:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def cmd_run(args: argparse.Namespace) -> int:
    """Run until stopped (SIGTERM or Ctrl-C): poll feeds every `scheduler.collect_every`, make each
    profile's digest at its `schedule` in its time zone, and deliver it, retrying failures.

    A digest missed while this was not running is sent once at start if its time was within
    `scheduler.catch_up_grace`. Only one `run` may use a database at a time.
    """
    import signal
    import threading

    stop = threading.Event()  # a SIGTERM while starting up (imports, config, recovery) is a clean stop too
    early = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        return _run(args, stop)
    finally:
        for sig, handler in early.items():
            signal.signal(sig, handler)


def _run(args: argparse.Namespace, stop: threading.Event) -> int:
    import logging
    from contextlib import ExitStack

    from bot.app import App, config_from_args
    from bot.deliver.notify import kind_label
    from bot.deliver.preflight import check_deliveries
    from bot.outbox import digest_key, dispatch, make_digest, recover_interrupted
    from bot.pipeline import collect
    from bot.render import make_environment
    from bot.scheduler import Daemon, DigestJob, latest_slot, parse_schedule
    from bot.store import InstanceLock

    log = logging.getLogger("newsdigest.run")
    if getattr(args, "log_level", None) is None and not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("newsdigest").setLevel(logging.INFO)  # a daemon says what it does, unless told otherwise
    config, _ = config_from_args(args)
    jobs = [
        DigestJob(name, parse_schedule(p.schedule, config.zone_of(p)))
        for name, p in config.profiles.items()
        if p.schedule
    ]
    if not jobs:
        raise BotError("no profile has a schedule", config.path, "add e.g. schedule: daily at 07:00 to a profile")
    check_deliveries(config, [job.profile for job in jobs])
    with ExitStack() as stack:
        app = App.build(config, args.state, stack)
        lock = InstanceLock(app.store)
        if not lock.acquire():
            raise BotError("another `newsdigest run` is already using this database", str(app.store.engine.url),
                           "stop it first, or give this one its own --state")
        stack.callback(lock.release)
        app.store.check_integrity()
        env = make_environment(config.templates)
        def named(profile: str, kind: str) -> str:
            return kind_label(config.profiles[profile].deliver.notify, kind) if profile in config.profiles else kind

        for row in recover_interrupted(app.store, _now()):
            log.warning("delivery %s of digest %s was interrupted at stage %s; recovered",
                        named(app.store.digest(row.digest_id).profile, row.kind), row.digest_id, row.stage)
        grace = config.scheduler.catch_up_grace_delta
        if stop.is_set():
            log.info("stopping: a signal arrived while starting")
            return 0

        def make(profile: str, slot: datetime) -> None:
            digest_id = make_digest(config, profile, app.store, app.http, app.workers, env, _now(), slot=slot)
            for result in dispatch(config, app.store, _now(), digest_id=digest_id):
                log.log(_LEVEL[result.outcome], "digest %s (%s) %s: %s %s", digest_id, profile, named(profile, result.kind),
                        result.outcome, result.detail or "")

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
                kind = named(app.store.digest(result.digest_id).profile, result.kind)
                log.log(_LEVEL[result.outcome], "retry of digest %s %s: %s %s", result.digest_id, kind, result.outcome,
                        result.detail or "")

        Daemon(jobs, make, gather, retry, config.scheduler.collect_every_delta, catch_up, stop_event=stop).run()
    return 0
