"""Runs that meet on one SQLite state file at the same moment, as real processes on real files: first runs
making it, first runs on a copy a backup restored (not yet in WAL), digests on a file in use. None may fail
with "locked" (SQLite's busy timeout is what concurrent runs wait on), none may show an item another showed.

Why a copy not in WAL matters: switching a file to WAL reads it, then needs its write lock, and SQLite
answers "locked" at once, without waiting, when another connection holds or takes that lock in between.
A new file used to be in that state for the few milliseconds between taking its name and its first run
switching it; it is in WAL before it has its name now, and a switch that meets a lock tries again.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.racers import ITEMS, race

import bot.store as store_module
from bot.errors import StoreError
from bot.models import Entry, FeedResult, FeedSource
from bot.store import NewDigest, open_store

RACERS = 4
ROUNDS = 3  # of each kind


def _journal_of(header: bytes) -> str:
    """The journal mode a database header gives (bytes 18 and 19: 1 a rollback journal, 2 WAL)."""
    return {b"\x01\x01": "rollback", b"\x02\x02": "wal"}.get(header[18:20], repr(header[18:20]))


def _journal(path: Path) -> str:
    with path.open("rb") as f:
        return _journal_of(f.read(20))


def _restored(place: Path, name: str) -> Path:
    """A newsdigest database as a backup brings it back: ``VACUUM INTO`` writes a rollback-journal file."""
    made = place / f"made-{name}"
    open_store(f"sqlite:///{made}").close()
    copy = place / name
    with contextlib.closing(sqlite3.connect(made)) as conn:
        conn.execute("VACUUM INTO ?", (str(copy),))
    assert _journal(copy) == "rollback"
    return copy


def test_racing_runs_never_meet_locked_nor_show_an_item_twice(tmp_path):
    used = tmp_path / "used.db"
    open_store(f"sqlite:///{used}").close()
    files = ([tmp_path / f"new{n}.db" for n in range(ROUNDS)] + [_restored(tmp_path, f"restored{n}.db") for n in range(ROUNDS)]
             + [used] * ROUNDS)
    rounds = race(RACERS, files)
    errors = [(str(path.name), answer.error) for path, answers in zip(files, rounds) for answer in answers if answer.error]
    assert not errors
    for path, answers in zip(files, rounds):
        shown = [guid for answer in answers for guid in answer.shown]
        assert len(shown) == ITEMS == len(set(shown)), (path.name, [a.shown for a in answers])  # each item once
        assert _journal(path) == "wal"
    assert not [p.name for p in tmp_path.iterdir() if ".new" in p.name]


def test_a_new_state_file_is_in_wal_from_the_moment_it_has_its_name(tmp_path):
    """Read the header the moment the file appears at its place, while the run that made it goes on."""
    state = tmp_path / "state.db"
    seen: list[str] = []

    def watch() -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fd = os.open(state, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                seen.append(_journal_of(os.pread(fd, 20, 0)))
            finally:
                os.close(fd)
            return

    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(0.01)
    open_store(f"sqlite:///{state}").close()
    watcher.join()
    assert seen == ["wal"]


def test_a_restored_state_file_waits_for_another_writer_instead_of_failing(tmp_path):
    """A copy not in WAL, written by another connection for half a second: opening it waits, then switches it."""
    state = _restored(tmp_path, "state.db")
    holder = sqlite3.connect(state, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.5, holder.execute, ("COMMIT",))
    release.start()
    started = time.monotonic()
    try:
        open_store(f"sqlite:///{state}").close()
    finally:
        release.join()
        holder.close()
    assert time.monotonic() - started >= 0.4  # it waited for the writer (before, it failed at once)
    assert _journal(state) == "wal"


def test_a_restored_state_file_held_too_long_is_reported_locked_after_the_busy_timeout(tmp_path, monkeypatch):
    state = _restored(tmp_path, "state.db")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(state, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match="locked") as raised:
            open_store(f"sqlite:///{state}")
    finally:
        holder.close()
    assert 0.25 <= time.monotonic() - started < 3  # the busy timeout, not at once and not for ever
    assert raised.value.hint is not None and "another program holds it" in raised.value.hint
    assert _journal(state) == "rollback"  # left as it was


def test_every_write_of_the_store_waits_for_another_writer_instead_of_failing(tmp_path):
    """No write transaction reads first and asks for the write lock after: SQLite would answer "locked" at once
    when another connection writes meanwhile, whatever the busy timeout. Each write here meets a writer that
    holds the lock for a moment, and must wait its turn."""
    state = tmp_path / "state.db"
    store = open_store(f"sqlite:///{state}")
    now = datetime.now(timezone.utc)

    def fetched(feed: str, numbers: range) -> FeedResult:
        url = f"http://127.0.0.1:9/{feed}.xml"
        return FeedResult(source=FeedSource(url), status=200, entries=[
            Entry(feed_url=url, guid=f"{feed}-{n}", link=f"http://127.0.0.1:9/{feed}/{n}", title=f"Item {n}",
                  content="Text.", content_is_html=False, published=now) for n in numbers])

    ((ids, _),) = store.record_fetches([fetched("a", range(1, 4))], now)

    def digest(key: str) -> NewDigest:
        return NewDigest(profile="mail", key=key, scheduled_for=now, window_start=None, entry_ids=ids, story_count=1,
                         kinds=["directory"])

    made = store.create_digest(digest("first"), now)
    writes: dict[str, Callable[[], object]] = {
        "record_fetches, a new feed": lambda: store.record_fetches([fetched("b", range(1, 3))], now),
        "record_fetches, a known feed": lambda: store.record_fetches([fetched("a", range(1, 6))], now),
        "save_texts": lambda: store.save_texts({ids[0]: ("The text.", "page")}),
        "record_digest": lambda: store.record_digest("stdout", now, None, ids, 1),
        "create_digest": lambda: store.create_digest(digest("second"), now),
        "outbox_update": lambda: store.outbox_update(store.outbox_rows(made)[0].id, status="sent", sent_at=now),
        "settle_digest": lambda: store.settle_digest(made, now),
        "prune": lambda: store.prune(now + timedelta(days=1)),
    }
    try:
        for name, write in writes.items():
            with store.engine.connect() as conn:  # a read just before, as a run makes them
                conn.exec_driver_sql("SELECT count(*) FROM entries").all()
            holder = sqlite3.connect(state, isolation_level=None, check_same_thread=False)
            holder.execute("BEGIN IMMEDIATE")
            holder.execute("UPDATE feeds SET title = title")
            release = threading.Timer(0.3, holder.execute, ("COMMIT",))
            release.start()
            started = time.monotonic()
            try:
                write()
            finally:
                release.join()
                holder.close()
            assert time.monotonic() - started >= 0.25, name  # it waited for the other writer
        assert store.delivered_count("mail") == len(ids) and store.delivered_count("stdout") == len(ids)
        assert store.entry_counts() == (7, 7)  # a: 5 items, b: 2; all pruned
    finally:
        store.close()
