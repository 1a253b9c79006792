"""The database on both backends (an SQLite file, a real PostgreSQL server): ordered migrations from any
earlier version, refusing a newer one, dedupe, the outbox, retention, the single-instance lock, the
per-profile digest lock, and concurrent writers in separate processes losing and doubling nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.models import Entry, FeedResult, FeedSource
from bot.store import MIGRATIONS, DigestLock, InstanceLock, NewDigest, migrations_table, open_store

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
FEED = "https://a.example/rss"


def _result(numbers, url: str = FEED, guid=lambda n: f"g{n}") -> FeedResult:
    return FeedResult(FeedSource(url), entries=[
        Entry(url, guid(n), f"https://a.example/{n}?utm_source=x", f"Item {n}", f"<p>Body {n}.</p>",
              published=NOW - timedelta(minutes=n)) for n in numbers
    ], status=200)


def _scalar(store, sql: str):
    with store.engine.connect() as conn:
        return conn.execute(sa.text(sql)).scalar()


def test_fresh_database_gets_every_migration_in_order(state):
    store = open_store(state)
    with store.engine.connect() as conn:
        versions = conn.execute(sa.select(migrations_table.c.version).order_by(migrations_table.c.version)).scalars().all()
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    store.close()
    open_store(state).close()  # opening again applies nothing and fails nothing


def test_a_version_1_database_is_upgraded_and_keeps_its_data(state):
    engine = sa.create_engine(state)
    with engine.begin() as conn:  # what the first release created
        migrations_table.create(conn)
        MIGRATIONS[0][1](conn)
        conn.execute(migrations_table.insert().values(version=1, name=MIGRATIONS[0][0], applied_at=datetime.now(timezone.utc)))
        conn.execute(sa.text("INSERT INTO feeds (url) VALUES ('https://a.example/rss')"))
    engine.dispose()
    store = open_store(state)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT url FROM feeds")).scalar() == "https://a.example/rss"
        columns = {c["name"] for c in sa.inspect(conn).get_columns("deliveries")}
        assert "story_key" in columns
        assert {"outbox", "digest_entries"} <= set(sa.inspect(conn).get_table_names())
    store.close()


def test_a_database_newer_than_the_code_is_refused(state):
    open_store(state).close()
    engine = sa.create_engine(state)
    with engine.begin() as conn:
        conn.execute(migrations_table.insert().values(version=len(MIGRATIONS) + 5, name="from the future",
                                                      applied_at=datetime.now(timezone.utc)))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this newsdigest knows"):
        open_store(state)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "s.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="the state database is corrupt: file is not a database"):
        open_store(f"sqlite:///{bad}")


def test_a_server_that_is_not_there_is_a_clear_error_without_the_password(pg_server):
    with pytest.raises(StoreError) as raised:
        open_store(f"postgresql://digest:s3cret@127.0.0.1:{pg_server.port + 1 if pg_server.port < 65535 else 1}/news")
    assert raised.value.exit_code == 2 and "cannot reach the database server" in str(raised.value)
    assert "s3cret" not in str(raised.value)


def _processes(script: str, *args: str, count: int) -> list[subprocess.CompletedProcess[str]]:
    """``count`` Python processes running ``script`` at the same moment; their results."""
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args, str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(count)]
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    return out


def test_processes_migrating_a_fresh_database_at_once_migrate_it_once(state):
    ran = _processes("import sys; from bot.store import open_store; open_store(sys.argv[1]).close()", state, count=4)
    assert all(r.returncode == 0 for r in ran), [r.stderr for r in ran]
    store = open_store(state)
    assert _scalar(store, "SELECT count(*) FROM schema_migrations") == len(MIGRATIONS)
    store.close()


def test_dedupe_by_guid_then_by_canonical_link(state):
    store = open_store(state)
    first, _ = store.record_fetch(_result(range(1, 4)), NOW)
    again, _ = store.record_fetch(_result(range(1, 4)), NOW + timedelta(hours=1))  # same GUIDs
    churned, _ = store.record_fetch(_result(range(1, 4), guid=lambda n: f"new-{n}"), NOW + timedelta(hours=2))
    assert first == again == churned  # a new GUID, the same link without its tracking parameters: the same entry
    assert _scalar(store, "SELECT count(*) FROM entries") == 3
    store.close()


def test_several_feeds_recorded_in_one_transaction_as_one_at_a_time(state):
    store = open_store(state)
    other = "https://b.example/rss"
    repeat = _result([1, 2])
    repeat.entries.append(Entry(FEED, "g1", "https://a.example/1", "Item 1, edited", "<p>Body 1, edited.</p>"))
    failing = FeedResult(FeedSource("https://c.example/rss"), problem="the server answered HTTP 500", status=500)
    (a, _), (b, _), (c, since) = store.record_fetches([repeat, _result([1, 2, 3], url=other), failing], NOW)
    assert len(a) == 2 and len(b) == 3 and not set(a) & set(b)  # a repeat within one fetch is one entry
    assert (c, since) == ([], NOW)
    assert [e.title for e in store.undelivered("main", [FEED], None)] == ["Item 1, edited", "Item 2"]  # the later values
    store.save_texts({a[0]: ("text one", "page"), a[1]: ("text two", "page")})
    changed = _result([1, 2])
    changed.entries[0] = Entry(FEED, "g1", "https://a.example/1", "Item 1", "<p>Body 1, changed again.</p>")
    ((again, _),) = store.record_fetches([changed], NOW + timedelta(hours=1))
    assert again == a
    texts = {e.id: e.text for e in store.undelivered("main", [FEED], None)}
    assert texts == {a[0]: None, a[1]: "text two"}  # a changed body drops the cached text; an unchanged one keeps it
    ((_, still),) = store.record_fetches([failing], NOW + timedelta(hours=1))
    assert still == NOW  # failing since the first failure
    assert _scalar(store, "SELECT count(*) FROM entries") == 5
    store.close()


def _rows(store) -> list[tuple]:
    """What the feeds and entries tables hold, ids included, dates as UTC (the backends differ in naivety)."""
    def plain(v):
        return v.replace(tzinfo=None) - (v.utcoffset() or timedelta(0)) if isinstance(v, datetime) else v

    from bot.store.schema import entries, feeds

    with store.engine.connect() as conn:
        rows = [*conn.execute(sa.select(feeds).order_by(feeds.c.id)), *conn.execute(sa.select(entries).order_by(entries.c.id))]
    return [tuple(plain(v) for v in row) for row in rows]


def test_a_batch_of_feeds_leaves_the_database_as_recording_them_one_by_one(state, tmp_path):
    """record_fetches' statements cover many feeds at once; the rows, their ids and what it returns
    must be those of recording each feed alone, in order (a feed twice in a batch included)."""
    def batches():
        edited = _result([1, 2])
        edited.entries[0] = Entry(FEED, "g1", "https://a.example/1", "Item 1", "<p>Body 1, changed.</p>")
        churned = _result([3], url="https://b.example/rss", guid=lambda n: f"new-{n}")  # same link, new GUID
        failing = FeedResult(FeedSource("https://c.example/rss"), problem="the server answered HTTP 500", status=500)
        unchanged = FeedResult(FeedSource("https://d.example/rss"), status=304)
        yield NOW, [_result([1, 2, 3]), _result([3, 4], url="https://b.example/rss"), failing, _result([3, 5, 6])]
        yield NOW + timedelta(hours=1), [edited, churned, failing, unchanged, _result([7], url="https://e.example/rss")]

    batched, alone = open_store(state), open_store(f"sqlite:///{tmp_path / 'alone.db'}")
    for k, (now, results) in enumerate(batches()):
        together = batched.record_fetches(results, now)
        assert together == [alone.record_fetch(r, now) for r in results]
        if k == 0:
            texts = {i: (f"text {i}", "page") for i in together[0][0]}
            batched.save_texts(texts)
            alone.save_texts(texts)
    assert _rows(batched) == _rows(alone)
    assert len(_rows(alone)) == 5 + 8  # feeds a-e; entries: a's 1, 2, 3, 5, 6, b's 3 and 4 (3 churned in), e's 7
    batched.close()
    alone.close()


def test_outbox_one_digest_per_key_entries_delivered_only_when_all_were_sent(state):
    store = open_store(state)
    ids, _ = store.record_fetch(_result(range(1, 4)), NOW)
    record = NewDigest(profile="main", key="main@slot", scheduled_for=NOW, window_start=None, entry_ids=ids,
                       story_count=3, kinds=["email", "directory"])
    digest_id = store.create_digest(record, NOW)
    assert store.create_digest(record, NOW + timedelta(minutes=1)) == digest_id
    assert store.undelivered("main", [FEED], None) == []  # in flight: not offered to another digest
    email, directory = store.outbox_rows(digest_id)
    store.outbox_update(email.id, status="sent", sent_at=NOW)
    assert store.settle_digest(digest_id, NOW) == "pending"
    assert store.delivered_count("main") == 0
    store.outbox_update(directory.id, status="sending")
    assert [r.status for r in store.recover_interrupted()] == ["sending"]
    store.outbox_update(directory.id, status="sent", sent_at=NOW)
    assert store.settle_digest(digest_id, NOW) == "sent"
    assert store.delivered_count("main") == 3
    store.close()


def test_a_failed_delivery_leaves_its_entries_new(state):
    store = open_store(state)
    ids, _ = store.record_fetch(_result(range(1, 3)), NOW)
    digest_id = store.create_digest(NewDigest(profile="main", key="k", scheduled_for=NOW, window_start=None,
                                              entry_ids=ids, story_count=2, kinds=["email"]), NOW)
    (row,) = store.outbox_rows(digest_id)
    store.outbox_update(row.id, status="failed", last_error="550 no such user")
    assert store.settle_digest(digest_id, NOW) == "failed"
    assert sorted(e.id for e in store.undelivered("main", [FEED], None)) == sorted(ids)
    store.close()


def test_retention_keeps_keys_drops_text_and_never_offers_the_entry_again(state):
    store = open_store(state)
    old, _ = store.record_fetch(_result(range(1, 3)), NOW - timedelta(days=100))
    assert store.prune(NOW - timedelta(days=90)) == 2
    assert store.prune(NOW - timedelta(days=90)) == 0
    assert store.entry_counts() == (2, 2)
    again, _ = store.record_fetch(_result(range(1, 3)), NOW)
    assert again == []  # recognised, and not new
    assert store.undelivered("main", [FEED], None) == []
    assert _scalar(store, "SELECT count(*) FROM entries") == 2
    store.close()


_HOLD_INSTANCE_LOCK = """
    import sys, time
    from bot.store import InstanceLock, open_store
    lock = InstanceLock(open_store(sys.argv[1]))
    print(lock.acquire(), flush=True)
    time.sleep(60)
"""


def test_one_daemon_per_database_and_a_killed_one_holds_nothing(state):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_HOLD_INSTANCE_LOCK), state],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        store = open_store(state)
        lock = InstanceLock(store)
        assert lock.acquire() is False
        holder.kill()  # kill -9: the file lock and the server session go with the process
        holder.wait(10)
        deadline = time.monotonic() + 10  # the server notices the closed connection at once, or nearly
        while not lock.acquire() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock._file is not None or lock._conn is not None
        assert InstanceLock(open_store(state)).acquire() is False
        lock.release()
        again = InstanceLock(store)
        assert again.acquire() is True
        again.release()
        store.close()
    finally:
        if holder.poll() is None:
            holder.kill()


def test_a_second_digest_of_a_profile_waits_for_the_first(state):
    store, other = open_store(state), open_store(state)
    with DigestLock(store, "main"):
        started = time.monotonic()
        with pytest.raises(StoreError, match="locked"):
            with DigestLock(other, "main", wait=0.3):
                pass
        assert time.monotonic() - started >= 0.25
        with DigestLock(other, "evening", wait=0.3):
            pass  # another profile is not held up
    with DigestLock(other, "main", wait=0.3):
        pass
    store.close()
    other.close()


_COLLECTOR = """
    import sys, time
    from datetime import datetime, timedelta, timezone
    from bot.models import Entry, FeedResult, FeedSource
    from bot.store import open_store
    url, rounds, start, me = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    store = open_store(url)
    store.http_caches([])  # connected: then both start at one moment
    time.sleep(max(0.0, start - time.time()))
    now = datetime(2026, 3, 2, tzinfo=timezone.utc)
    for r in range(rounds):
        # each round the feeds list a sliding window of items: new ones appear while both record
        for feed in ("https://a.example/rss", "https://b.example/rss"):
            items = [Entry(feed, f"{feed}#{n}", f"{feed}/{n}", f"Item {n}", f"Body {n}", published=now)
                     for n in range(r, r + 8)]
            store.record_fetch(FeedResult(FeedSource(feed), entries=items, status=200), now + timedelta(seconds=r))
    store.close()
"""


def test_two_collectors_at_once_lose_nothing_and_double_nothing(state):
    open_store(state).close()
    rounds = 40
    ran = _processes(_COLLECTOR, state, str(rounds), str(time.time() + 4), count=2)
    assert all(r.returncode == 0 for r in ran), [r.stderr[-2000:] for r in ran]
    store = open_store(state)
    with store.engine.connect() as conn:
        guids = conn.execute(sa.text("SELECT guid FROM entries")).scalars().all()
        feeds = conn.execute(sa.text("SELECT count(*) FROM feeds")).scalar()
    expected = {f"{f}#{n}" for f in ("https://a.example/rss", "https://b.example/rss") for n in range(rounds + 7)}
    assert len(guids) == len(set(guids)), "an entry stored twice"
    assert set(guids) == expected and feeds == 2
    store.close()
