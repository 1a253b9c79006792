"""The article work on a real task queue: Dramatiq over a real Redis server, real worker processes.

The demo corpus is served on 127.0.0.1; the digest made through the queue must be the one the
local pool makes, however the work was shared out, and whatever happened to a worker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa
from support.cli import run_cli
from support.redis import REDIS_SERVER, RedisServer

from bot.app import App
from bot.config import parse_config
from bot.demo import DEMO_NOW, LoopbackSite, corpus_root, demo_config_text
from bot.pipeline import RunReport, run
from bot.render import make_environment, render

dramatiq = pytest.importorskip("dramatiq", reason="the queue extra is not installed: pip install '.[queue]'")
pytestmark = pytest.mark.skipif(REDIS_SERVER is None, reason="redis-server is not installed (Debian: redis-server)")

SLOW_PAGE = "/articles/northern-post/harbour-bridge-approved.html"


class SlowOnce(LoopbackSite):
    """The demo site, where the first request for one page, once armed, hangs for a while: a task under way."""

    def __init__(self, root: Path):
        super().__init__(root)
        self.armed, self.arrived, self.requests = False, threading.Event(), []

    def _serve(self, handler):  # type: ignore[no-untyped-def]
        self.requests.append(handler.path)
        if self.armed and handler.path == SLOW_PAGE and not self.arrived.is_set():
            self.arrived.set()
            time.sleep(8)
        super()._serve(handler)


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    yield server
    server.stop()


@pytest.fixture
def site() -> Iterator[SlowOnce]:
    with SlowOnce(corpus_root()) as s:
        yield s


def queue_config(base: str, redis: RedisServer, wait: str = "3m") -> str:
    return demo_config_text(base) + f"queue:\n  url: {redis.url}\n  wait: {wait}\n  redeliver_after: 0.05m\n"


def digest(config_text: str, db: Path | str) -> tuple[str, RunReport]:
    """The demo digest on the state database ``db`` (an SQLite file, or any SQLAlchemy URL)."""
    config = parse_config(config_text, "test config")
    with ExitStack() as stack:
        app = App.build(config, _url(db), stack, processes=2)
        report = run(config, "demo", app.store, app.http, app.workers, DEMO_NOW)
    return render(report.digest, "markdown", make_environment()), report


def _url(db: Path | str) -> str:
    return f"sqlite:///{db}" if isinstance(db, Path) else db


class Worker:
    """``newsdigest worker`` as a child process, its log in a file."""

    def __init__(self, config: Path, db: Path | str, log: Path):
        self.log = log
        with open(log, "w") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "worker", "-c", str(config), "--state",
                                             _url(db)], stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while "taking tasks" not in self.log.read_text():
            assert self.process.poll() is None, self.log.read_text()
            assert time.monotonic() < deadline, "the worker did not start: " + self.log.read_text()
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def result_rows(db: Path | str) -> list[tuple[int, str]]:
    engine = sa.create_engine(_url(db))
    try:
        with engine.connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(sa.text("SELECT entry_id, worker FROM queue_results"))]
    finally:
        engine.dispose()


def candidates(db: Path | str) -> set[int]:
    """Every entry the demo digest had to prepare: all entries of the feeds that were read."""
    engine = sa.create_engine(_url(db))
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.execute(sa.text("SELECT id FROM entries"))}
    finally:
        engine.dispose()


def test_two_worker_processes_make_the_digest_the_local_pool_makes(site: SlowOnce, redis: RedisServer, tmp_path: Path,
                                                                   state: str):
    local, local_report = digest(demo_config_text(site.base), tmp_path / "local.db")
    config = tmp_path / "config.yaml"
    config.write_text(queue_config(site.base, redis))
    db = state  # an SQLite file, then a real PostgreSQL database: workers on other machines need a server
    workers = [Worker(config, db, tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        for w in workers:
            w.wait_ready()
        queued, report = digest(config.read_text(), db)
    finally:
        for w in workers:
            w.stop()
    assert local_report.digest.stories and queued == local
    assert report.pages_fetched == 0  # the pages were fetched by the workers, not by the digest
    rows = result_rows(db)
    done = [entry for entry, _ in rows]
    assert sorted(done) == sorted(candidates(db)), "every article was prepared by a worker, once"
    # Which of the two takes how many is the broker's business (a worker prefetches several tasks): under load one
    # may take them all, so only "by workers, each once" is asserted, not the split.
    took = {worker.rpartition(":")[2] for _, worker in rows}
    assert took and took <= {str(w.process.pid) for w in workers}, took
    assert all(w.process.returncode == 0 for w in workers)  # SIGTERM: finished, then stopped cleanly


def test_a_worker_killed_during_a_task_loses_nothing_and_doubles_nothing(site: SlowOnce, redis: RedisServer,
                                                                        tmp_path: Path, state: str):
    local, _ = digest(demo_config_text(site.base), tmp_path / "local.db")
    config = tmp_path / "config.yaml"
    config.write_text(queue_config(site.base, redis))
    db = state
    site.armed, site.requests = True, []
    first = Worker(config, db, tmp_path / "first.log")
    first.wait_ready()
    made: list[str] = []
    leader = threading.Thread(target=lambda: made.append(digest(config.read_text(), db)[0]))
    second = None
    try:
        leader.start()
        assert site.arrived.wait(60), "the worker never fetched the slow page"
        os.kill(first.process.pid, signal.SIGKILL)  # in the middle of that page's task
        first.process.wait(10)
        second = Worker(config, db, tmp_path / "second.log")
        leader.join(180)
        assert not leader.is_alive(), "the digest never completed"
    finally:
        first.stop()
        if second is not None:
            second.stop()
    assert made == [local]
    rows = result_rows(db)
    assert sorted(e for e, _ in rows) == sorted(candidates(db)), "every article stored exactly once"
    assert site.requests.count(SLOW_PAGE) == 2, "the killed worker's task was redelivered and done again"


def test_a_task_run_twice_stores_one_result(site: SlowOnce, redis: RedisServer, tmp_path: Path):
    from bot.app import http_settings
    from bot.fetch import Http
    from bot.queue import ArticleQueue
    from bot.queue.tasks import WorkerContext, run_task
    from bot.store import open_store

    db = tmp_path / "state.db"
    digest(demo_config_text(site.base), db)  # records the entries
    config = parse_config(queue_config(site.base, redis), "test config")
    store = open_store(f"sqlite:///{db}")
    queue = ArticleQueue(config.queue)  # type: ignore[arg-type]
    try:
        _, profile = config.profile("demo")
        entries = store.undelivered("demo", [f.url for f in config.feeds], None)
        task = queue.tasks(config, profile, {f.url: f for f in config.feeds}, entries)[0]
        from bot.queue import results

        results.ensure_table(store.engine)
        with Http(http_settings(config.fetch)) as http:
            context = WorkerContext(store, http, "test")
            assert run_task(context, task.payload) is True
            assert run_task(context, task.payload) is False
        assert [e for e, _ in result_rows(db)] == [task.entry_id]
    finally:
        queue.close()
        store.close()


def test_with_no_worker_running_the_digest_prepares_the_articles_itself(site: SlowOnce, redis: RedisServer,
                                                                         tmp_path: Path):
    local, _ = digest(demo_config_text(site.base), tmp_path / "local.db")
    started = time.monotonic()
    queued, report = digest(queue_config(site.base, redis, wait="0.03m"), tmp_path / "queued.db")
    assert queued == local
    assert time.monotonic() - started >= 1.8  # it did wait for workers first
    assert report.pages_fetched == 3  # and then fetched the pages itself


def test_worker_needs_a_queue_and_a_broker_it_can_reach(tmp_path: Path):
    config = tmp_path / "config.yaml"
    config.write_text("feeds:\n  - http://127.0.0.1:9/feed\n")
    ran = run_cli("worker", "-c", str(config), "--state", str(tmp_path / "s.db"))
    assert ran.returncode == 2 and "Error: no queue is configured" in ran.stderr
    config.write_text("feeds:\n  - http://127.0.0.1:9/feed\nqueue:\n  url: redis://127.0.0.1:9/0\n")
    ran = run_cli("worker", "-c", str(config), "--state", str(tmp_path / "s.db"))
    assert ran.returncode == 2 and "Error: cannot reach the queue broker" in ran.stderr, ran.stderr
    assert "Traceback" not in ran.stderr


def test_two_run_instances_and_two_workers_deliver_one_digest_and_the_collector_enqueues(
        server, redis: RedisServer, tmp_path: Path, clean_home: Path, state: str):
    from datetime import datetime, timedelta, timezone

    from support.feeds import item, rss
    from support.http import Route
    from support.smtp import SmtpServer

    now = datetime.now(timezone.utc)
    server.routes["/feed.xml"] = Route(body=rss([item(n, now - timedelta(hours=n)) for n in range(1, 7)]))
    smtp = SmtpServer()
    slot = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    db = state
    config = tmp_path / "config.yaml"
    config.write_text(f"""
feeds:
  - url: {server.url("/feed.xml")}
    name: Tiny Times
mail: {{host: 127.0.0.1, port: {smtp.port}, security: plain, from: digest@example.org, timeout: 5}}
scheduler: {{collect_every: 0.05m, catch_up_grace: 6h}}
queue: {{url: {redis.url}, wait: 3m, redeliver_after: 0.05m}}
profiles:
  morning:
    schedule: daily at {slot:%H:%M}
    sentences: 1
    deliver: {{email: {{to: [reader@example.org]}}}}
""")
    workers = [Worker(config, db, tmp_path / f"worker{i}.log") for i in range(2)]
    leaders = []
    try:
        for w in workers:
            w.wait_ready()
        args = ["run", "-c", str(config), "--state", _url(db)]
        leaders.append(subprocess.Popen([sys.executable, "-m", "bot", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True))
        deadline = time.monotonic() + 90
        while not smtp.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.1)
        assert smtp.inbox.messages, "the catch-up digest was not sent"
        second = subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60)
        assert second.returncode != 0 and "already using this database" in second.stderr
        first_six = candidates(db)
        assert sorted(e for e, _ in result_rows(db)) == sorted(first_six), "each article prepared once, by a worker"
        # New items: the next collection (every 3 s here) enqueues them long before their digest is due.
        server.routes["/feed.xml"] = Route(body=rss([item(n, now - timedelta(minutes=n)) for n in range(1, 9)]))
        deadline = time.monotonic() + 60
        while len(result_rows(db)) < len(first_six) + 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(result_rows(db)) == len(first_six) + 2 == len(candidates(db))
        time.sleep(1)
        assert len(smtp.inbox.messages) == 1
    finally:
        for leader in leaders:
            leader.send_signal(signal.SIGTERM)
            leader.communicate(timeout=30)
        for w in workers:
            w.stop()
        smtp.stop()
    body = smtp.inbox.parsed()[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert all(f"Story number {n} about" in body for n in range(1, 7))
    assert leaders[0].returncode == 0
