"""The state database under stress, with real files and real processes: concurrent first runs,
a race on a new feed's row, corruption, an empty file, a read-only place, a full disk, a lock.

Every failure must read ``Error: <what> (<where>): <hint>`` with exit status 2 and no traceback.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import sqlite3
import subprocess
import sys
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
    url = _feed(server, "/feed.xml", range(1, 40))
    ran = run_cli_process(*_digest(url, state))
    _clean_error(ran, "corrupt", str(state), "backup")
    # the daemon too: at start or in its first job, the same one line and exit 2
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"feeds:\n  - url: {url}\nprofiles:\n  main:\n    schedule: daily at 07:00\n"
                   f"    deliver:\n      directory: {tmp_path / 'out'}\n")
    _clean_error(run_cli_process("run", "-c", str(cfg), "--state", str(state), timeout=120), "corrupt", str(state), "backup")


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


# -- concurrent digests of one profile, and nothing half-recorded ---------------------------------------------

_SHOWN = re.compile(r"Story number (\d+) about")


def _shown(text: str) -> set[int]:
    return {int(n) for n in _SHOWN.findall(text)}


def test_two_digests_to_stdout_at_once_never_show_an_item_twice(server: FeedServer, state):
    """Both backends: the second waits for the first (the per-profile digest lock), then finds its items delivered."""
    seen: list[int] = []
    for numbers in (range(1, 6), range(1, 10)):  # a second pair once four more items appeared
        server.routes["/feed.xml"] = Route(body=rss([item(n, NOW - timedelta(minutes=n)) for n in numbers]))  # 9 topics
        url = server.url("/feed.xml")
        procs = [start_cli_process("digest", "--feed", url, "--state", state, "-q") for _ in range(2)]
        for proc in procs:
            out, err = proc.communicate(timeout=180)
            assert proc.returncode == 0 and "Traceback" not in err, err
            seen += sorted(_shown(out))
    assert sorted(seen) == list(range(1, 10)), "every item shown once, none twice"


def _fill(place: Path) -> None:
    """Fill a (small) file system to the last byte."""
    fd = os.open(place / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for block in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * block)
    finally:
        os.close(fd)


@pytest.mark.parametrize("where", ["a path under a file", "a full disk", "standard output on /dev/full"])
def test_a_digest_that_cannot_be_written_leaves_every_item_new(server: FeedServer, tmp_path, where):
    state = tmp_path / "state.db"
    server.routes["/feed.xml"] = Route(body=rss([item(n, NOW - timedelta(minutes=n)) for n in range(1, 6)]))  # 5 topics
    url = server.url("/feed.xml")
    if where == "a path under a file":
        (tmp_path / "afile").write_text("x")
        ran = run_cli_process("digest", "--feed", url, "--state", str(state), "-q", "-o", str(tmp_path / "afile" / "d.md"))
        _clean_error(ran, "cannot write the digest", "afile", "nothing was marked delivered")
    elif where == "a full disk":
        with _tmpfs(tmp_path / "small", "64k") as small:
            _fill(small)
            ran = run_cli_process("digest", "--feed", url, "--state", str(state), "-q", "-o", str(small / "d.md"))
            _clean_error(ran, "cannot write the digest", "No space left on device", "free space")
            assert sorted(p.name for p in small.iterdir()) == ["filler"]  # no half-written digest left
    else:
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full here")
        with open("/dev/full", "w") as full:
            proc = subprocess.run([sys.executable, "-m", "bot", "digest", "--feed", url, "--state", str(state), "-q"],
                                  stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
        _clean_error(proc, "cannot write the digest", "standard output", "nothing was marked delivered")
    after = run_cli_process(*_digest(url, state))
    assert after.returncode == 0, after.stderr
    assert _shown(after.stdout) == set(range(1, 6))  # taken by the run that failed, still new


def test_the_daemon_stops_with_a_clear_error_when_its_disk_fills(server: FeedServer, tmp_path):
    """`run`: a database error in a job ends the daemon with exit 2 and one `Error:` line, not a logged traceback."""
    now = datetime.now(timezone.utc)
    server.routes["/feed.xml"] = Route(body=rss([item(n, now - timedelta(minutes=n)) for n in range(1, 3)]))
    slot = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    out = tmp_path / "out"
    with _tmpfs(tmp_path / "small", "1m") as small:
        cfg = tmp_path / "config.yaml"
        cfg.write_text(f"""
feeds:
  - url: {server.url("/feed.xml")}
scheduler:
  collect_every: 0.05m
  catch_up_grace: 6h
profiles:
  main:
    schedule: daily at {slot:%H:%M}
    timezone: UTC
    deliver:
      directory: {out}
""")
        daemon = start_cli_process("run", "-c", str(cfg), home=small, cwd=tmp_path)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not (out.is_dir() and any(out.iterdir())) and daemon.poll() is None:
                time.sleep(0.2)
            assert out.is_dir() and any(out.iterdir()), daemon.stderr.read() if daemon.poll() is not None else "no digest"
            _fill(small)
            server.routes["/feed.xml"] = Route(body=rss([item(n, now, body=unique_body(n, 200)) for n in range(3, 40)]))
            _, err = daemon.communicate(timeout=120)
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.communicate()
    assert daemon.returncode == 2, err
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("Error: the state database cannot grow") and str(small / "state.db") in last, err


_COLLECTOR = """
import sys, time
from contextlib import ExitStack
from datetime import datetime, timezone
from bot.app import App
from bot.config import load_config
from bot.pipeline import collect
config = load_config(sys.argv[1])
with ExitStack() as stack:
    app = App.build(config, sys.argv[2], stack, processes=1)
    end = time.monotonic() + float(sys.argv[3])
    while time.monotonic() < end:
        collect(config, app.store, app.http, app.workers, datetime.now(timezone.utc))
"""


def test_a_collector_beside_digests_loses_nothing_and_doubles_nothing(server: FeedServer, tmp_path, state):
    """Both backends: the daemon's collection polling in one process while `digest` runs in others, the feed
    growing all the while; afterwards every entry is stored once and delivered in exactly one digest."""
    import threading

    import sqlalchemy as sa

    born: dict[int, datetime] = {}
    stop = threading.Event()

    def grow() -> None:
        n = 0
        while not stop.is_set() and n < 40:
            n += 1
            born[n] = datetime.now(timezone.utc)
            server.routes["/feed.xml"] = Route(body=rss([item(k, born[k]) for k in sorted(born)]))
            stop.wait(0.4)

    grow_thread = threading.Thread(target=grow, daemon=True)
    grow_thread.start()
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\nprofiles:\n  main:\n    sentences: 1\n")
    collector = subprocess.Popen([sys.executable, "-c", _COLLECTOR, str(cfg), state, "12"], stderr=subprocess.PIPE, text=True)
    try:
        digests = [start_cli_process("digest", "-c", str(cfg), "--state", state, "-q") for _ in range(2)]
        for proc in digests:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
        again = run_cli_process("digest", "-c", str(cfg), "--state", state, "-q")
        assert again.returncode == 0, again.stderr
        _, err = collector.communicate(timeout=180)
        assert collector.returncode == 0, err
    finally:
        stop.set()
        grow_thread.join()
        if collector.poll() is None:
            collector.kill()
    final = run_cli_process("digest", "-c", str(cfg), "--state", state, "-q")  # the feed has stopped growing
    assert final.returncode == 0, final.stderr
    engine = sa.create_engine(state)
    with engine.connect() as conn:
        guids = conn.execute(sa.text("SELECT guid FROM entries")).scalars().all()
        shown = conn.execute(sa.text("SELECT de.entry_id FROM digest_entries de JOIN digests d ON d.id = de.digest_id "
                                     "WHERE d.profile = 'main'")).scalars().all()
        digest_count = conn.execute(sa.text("SELECT count(*) FROM digests")).scalar()
    engine.dispose()
    assert len(guids) == len(set(guids)) == len(born), "each item stored once"
    assert len(shown) == len(set(shown)), "an item in two digests"
    assert len(shown) == len(born), "an item never delivered"
    assert digest_count and digest_count >= 2


def test_the_daemon_stops_with_a_clear_error_when_its_database_server_goes_away(server: FeedServer, tmp_path):
    """`run` on PostgreSQL: the server stops under it; exit 2 and `Error: cannot reach the database server`."""
    from support.pg import PgServer, why_unavailable

    if why_unavailable():
        pytest.skip(why_unavailable())
    own = PgServer().start()  # its own cluster: this test stops it
    try:
        now = datetime.now(timezone.utc)
        server.routes["/feed.xml"] = Route(body=rss([item(n, now - timedelta(minutes=n)) for n in range(1, 3)]))
        slot = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
        out = tmp_path / "out"
        cfg = tmp_path / "config.yaml"
        cfg.write_text(f"feeds:\n  - url: {server.url('/feed.xml')}\nscheduler:\n  collect_every: 0.05m\n"
                       f"profiles:\n  main:\n    schedule: daily at {slot:%H:%M}\n    timezone: UTC\n"
                       f"    deliver:\n      directory: {out}\n")
        daemon = start_cli_process("run", "-c", str(cfg), "--state", own.new_database(), cwd=tmp_path)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and not (out.is_dir() and any(out.iterdir())) and daemon.poll() is None:
                time.sleep(0.2)
            assert out.is_dir() and any(out.iterdir()), daemon.stderr.read() if daemon.poll() is not None else "no digest"
            own.stop()
            _, err = daemon.communicate(timeout=120)
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.communicate()
    finally:
        own.stop()
    assert daemon.returncode == 2, err
    assert "Traceback" not in err, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("Error: cannot reach the database server") and "127.0.0.1" in last, err
