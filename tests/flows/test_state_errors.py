"""The state database under stress, with real files and real processes: concurrent first runs,
a race on a new feed's row, corruption, an empty file, a read-only place, a full disk, a lock.

Every failure must read ``Error: <what> (<where>): <hint>`` with exit status 2 and no traceback.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from support.cli import run_cli, run_cli_process, start_cli_process
from support.feeds import item, rss, unique_body
from support.http import FeedServer, Route

import bot.store as store_module

NOW = datetime.now(timezone.utc)


def _feed(server: FeedServer, path: str, numbers: range, sentences: int = 4) -> str:
    server.routes[path] = Route(body=rss([item(n, NOW - timedelta(minutes=n), body=unique_body(n, sentences))
                                          for n in numbers]))
    return server.url(path)


def _digest(url: str, state: Path) -> tuple[str, ...]:
    return ("digest", "--feed", url, "--state", str(state), "-q")


def _together(url: str, state: Path) -> list[tuple[int, str]]:
    """Two `digest` processes started at the same moment on one state file."""
    procs = [start_cli_process(*_digest(url, state)) for _ in range(2)]
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        results.append((proc.returncode, err))
    return results


def _clean_error(ran: Any, *words: str) -> None:
    """Exit 2, one `Error: ...` line naming the file, the words, and no traceback."""
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith("Error: "), ran.stderr
    for word in words:
        assert word in ran.stderr, ran.stderr


@pytest.mark.parametrize("repetition", range(5))
def test_two_digests_started_together_on_a_fresh_file_both_succeed(server: FeedServer, tmp_path, repetition):
    url = _feed(server, "/feed.xml", range(1, 4))
    state = tmp_path / "state.db"
    for code, err in _together(url, state):
        assert code == 0 and "Traceback" not in err, err
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")]  # no half-made database left behind


@pytest.mark.parametrize("repetition", range(5))
def test_two_digests_started_together_on_a_migrated_file_both_succeed(server: FeedServer, tmp_path, repetition):
    state = tmp_path / "state.db"
    assert run_cli_process(*_digest(_feed(server, "/other.xml", range(50, 51)), state)).returncode == 0
    url = _feed(server, "/feed.xml", range(1, 4))  # new to this database: both runs make its row
    for code, err in _together(url, state):
        assert code == 0 and "Traceback" not in err, err


def test_a_crash_while_the_state_file_is_made_never_leaves_one_that_is_refused(server: FeedServer, tmp_path):
    """kill -9 the moment the new database appears (under its temporary name, or at its place)."""
    url = _feed(server, "/feed.xml", range(1, 3))
    rng = random.Random(16)
    for n in range(4):
        state = tmp_path / f"state{n}.db"
        proc = start_cli_process(*_digest(url, state))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None and not list(tmp_path.glob(f"*state{n}.db*")):
            time.sleep(0.001)
        time.sleep(rng.choice([0, 0, 0.005, 0.02]))
        proc.kill()
        proc.communicate()
        after = run_cli_process(*_digest(url, state))
        assert after.returncode == 0, after.stderr
    assert not [p.name for p in tmp_path.iterdir() if ".new" in p.name]  # what the killed runs left is swept away


def test_a_state_file_with_a_zeroed_page_is_reported_corrupt(server: FeedServer, tmp_path):
    state = tmp_path / "state.db"
    assert run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 30)), state)).returncode == 0
    # The entries table's root page, which every digest reads. (The file's last page may hold a stored digest's
    # body, read only by `digest --again`, so a digest would not notice it zeroed.)
    with sqlite3.connect(state) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries'").fetchone()
    conn.close()
    with state.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\0" * page_size)
    ran = run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 40)), state))
    _clean_error(ran, "corrupt", str(state), "backup")


def test_a_zero_byte_state_file_is_reported_corrupt_not_taken_as_new(server: FeedServer, tmp_path):
    state = tmp_path / "state.db"
    state.write_bytes(b"")
    ran = run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 3)), state))
    _clean_error(ran, "corrupt", "empty (0 bytes)", str(state))
    assert state.stat().st_size == 0  # left as it was found


def test_an_sqlite_file_of_another_program_is_refused(server: FeedServer, tmp_path):
    state = tmp_path / "other.db"
    with sqlite3.connect(state) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    ran = run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 3)), state))
    _clean_error(ran, "not a newsdigest database")
    with sqlite3.connect(state) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["notes"]


@contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``where`` (root and mount permission needed; skips otherwise)."""
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_full_disk_is_a_clear_error_and_loses_nothing(server: FeedServer, tmp_path):
    with _tmpfs(tmp_path / "small", "256k") as small:
        state = small / "state.db"
        assert run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 3)), state)).returncode == 0
        url = _feed(server, "/feed.xml", range(1, 40), sentences=60)  # more than 256 kB of text
        _clean_error(run_cli_process(*_digest(url, state)), "cannot grow", "disk is full", "free some space")
        subprocess.run(["mount", "-o", "remount,size=16m", str(small)], check=True)
        after = run_cli_process(*_digest(url, state))
        assert after.returncode == 0, after.stderr
        assert "Story number 3 about" in after.stdout  # new in the run that failed: still new


def test_a_full_database_is_a_clear_error_and_loses_nothing(server: FeedServer, tmp_path, monkeypatch):
    """SQLite's max_page_count makes a real "database or disk is full" without a small file system."""
    state = tmp_path / "state.db"
    assert run_cli(*_digest(_feed(server, "/feed.xml", range(1, 3)), state)).returncode == 0
    limit = state.stat().st_size // 4096 + 2
    pragmas = store_module._sqlite_pragmas

    def capped(dbapi_conn: Any, record: Any) -> None:
        pragmas(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count={limit}")

    url = _feed(server, "/feed.xml", range(1, 12), sentences=20)
    monkeypatch.setattr(store_module, "_sqlite_pragmas", capped)
    _clean_error(run_cli(*_digest(url, state)), "cannot grow", "database or disk is full", str(state))
    monkeypatch.setattr(store_module, "_sqlite_pragmas", pragmas)
    after = run_cli(*_digest(url, state))
    assert after.returncode == 0, after.stderr
    assert "Story number 3 about" in after.stdout


def test_a_read_only_state_file_is_a_clear_error(server: FeedServer, tmp_path):
    url = _feed(server, "/feed.xml", range(1, 3))
    if os.geteuid() != 0:
        place = tmp_path / "ro"
        place.mkdir()
        state = place / "state.db"
        assert run_cli_process(*_digest(url, state)).returncode == 0
        state.chmod(0o444)
        place.chmod(0o555)
        try:
            _clean_error(run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 5)), state)), "read-only", "writable")
        finally:
            place.chmod(0o755)
        return
    # root ignores file modes: a read-only file system stops root too
    with _tmpfs(tmp_path / "ro", "4m") as place:
        state = place / "state.db"
        assert run_cli_process(*_digest(url, state)).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(place)], check=True)
        _clean_error(run_cli_process(*_digest(_feed(server, "/feed.xml", range(1, 5)), state)), "read-only", "writable")
        fresh = run_cli_process(*_digest(url, place / "new.db"))
        _clean_error(fresh, "read-only", "writable")


def test_a_state_file_held_by_another_program_is_reported_locked(server: FeedServer, tmp_path, monkeypatch):
    state = tmp_path / "state.db"
    assert run_cli(*_digest(_feed(server, "/feed.xml", range(1, 3)), state)).returncode == 0
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(state, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        ran = run_cli(*_digest(_feed(server, "/feed.xml", range(1, 5)), state))
    finally:
        holder.close()
    _clean_error(ran, "locked", "another program holds it")
