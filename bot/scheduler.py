"""When digests happen: the daemon that fires each profile's digest at its slots, with catch-up.

The slot arithmetic is pure and lives in :mod:`bot.schedules` (re-exported here); :class:`Daemon`
only wires it to APScheduler 3, which fires the jobs.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.schedules import latest_slot, next_slot, parse_schedule

__all__ = ["Daemon", "DigestJob", "latest_slot", "next_slot", "parse_schedule"]

log = logging.getLogger("newsdigest.scheduler")


@dataclass(frozen=True)
class DigestJob:
    """One profile's schedule, as the daemon and `status` see it."""

    profile: str
    trigger: CronTrigger


class Daemon:
    """APScheduler 3 wiring: collection on an interval, one cron job per digest profile, retries.

    ``make_digest(profile, slot)`` and ``collect()`` and ``retry()`` are injected, so the daemon
    owns only the timing. Catch-up runs once at start; SIGTERM/SIGINT stop it after running
    jobs finish.
    """

    def __init__(
        self,
        jobs: list[DigestJob],
        make_digest: Callable[[str, datetime], None],
        collect: Callable[[], None],
        retry: Callable[[], None],
        collect_every: timedelta,
        catch_up: Callable[[], None],
        retry_every: timedelta = timedelta(minutes=1),
        stop_event: threading.Event | None = None,
    ):
        from apscheduler.schedulers.background import BackgroundScheduler

        self.stop_event = stop_event or threading.Event()  # set by SIGTERM/SIGINT, also before run() began
        self.scheduler = BackgroundScheduler(
            timezone=timezone.utc, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
        )
        self.jobs, self.make_digest, self.collect, self.retry, self.catch_up = jobs, make_digest, collect, retry, catch_up
        self.collect_every, self.retry_every = collect_every, retry_every
        self.lock = threading.Lock()  # one pipeline run at a time: they share the database and the network

    def _guarded(self, fn: Callable[..., None], *args: object) -> None:
        with self.lock:
            try:
                fn(*args)
            except Exception:  # noqa: BLE001 - a failed job is logged; the daemon keeps its schedule
                log.exception("job %s failed", getattr(fn, "__name__", fn))

    def _digest_job(self, profile: str, trigger: CronTrigger) -> None:
        # The slot is the scheduled time this run belongs to, not the moment it happens to start.
        slot = latest_slot(trigger, datetime.now(timezone.utc), timedelta(days=8))
        if slot is not None:
            self._guarded(self.make_digest, profile, slot)

    def run(self) -> None:
        # Handlers first: a SIGTERM during the catch-up lets it finish its delivery, then stops cleanly.
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._guarded(self.catch_up)
            if self.stop_event.is_set():
                return
            for job in self.jobs:
                self.scheduler.add_job(self._digest_job, job.trigger, args=(job.profile, job.trigger),
                                       id=f"digest:{job.profile}", name=f"digest {job.profile}")
            self.scheduler.add_job(self._guarded, IntervalTrigger(seconds=self.collect_every.total_seconds()),
                                   args=(self.collect,), id="collect", name="collect feeds")
            self.scheduler.add_job(self._guarded, IntervalTrigger(seconds=self.retry_every.total_seconds()),
                                   args=(self.retry,), id="retry", name="retry deliveries")
            self.scheduler.start()
            log.info("scheduler started with %d digest job(s)", len(self.jobs))
            try:
                while not self.stop_event.wait(1.0):
                    pass
            finally:
                log.info("stopping: waiting for running jobs to finish")
                self.scheduler.shutdown(wait=True)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, _frame: object) -> None:
        log.info("signal %d received", signum)
        self.stop_event.set()
