"""Where queue workers leave their work: one row per (entry, variant), the text on the entry itself.

The table belongs to the queue, not to the store's migrations: a database that never saw a
``queue:`` setting has no trace of it. It is made on first use (CREATE TABLE IF NOT EXISTS, so
a worker and a digest starting together both succeed), and rows past retention are dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store.rows import StoredEntry, _entry
from bot.store.schema import entries, feeds, insert_if_absent

meta = sa.MetaData()

#: The primary key is what makes a task idempotent: a task run twice (redelivered after its worker
#: went silent, or enqueued by two digests) inserts nothing the second time.
results = sa.Table(
    "queue_results",
    meta,
    sa.Column("entry_id", sa.Integer, primary_key=True),
    sa.Column("variant", sa.String(200), primary_key=True),  # what the summary depends on besides the entry
    sa.Column("origin", sa.String(20), nullable=False),
    sa.Column("language", sa.String(20)),
    sa.Column("summary", sa.Text, nullable=False),  # JSON list of sentences
    sa.Column("page_problem", sa.Text),
    sa.Column("error", sa.Text),  # the article broke the worker: the digest prepares it itself and says so
    sa.Column("worker", sa.String(200), nullable=False),
    sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
)

CHUNK = 500  # ids per IN (...): well inside every database's limit on bound parameters


@dataclass(frozen=True)
class Stored:
    entry_id: int
    text: str
    origin: str
    language: str | None
    summary: list[str]
    page_problem: str | None


#: The PostgreSQL advisory lock key for making the table (the store uses 872601-872611).
TABLE_LOCK = 872620


def ensure_table(engine: Engine) -> None:
    """Make the table unless it exists. Two processes at once: PostgreSQL's CREATE TABLE IF NOT EXISTS
    is not safe against itself (a duplicate key in pg_type), so there it waits on an advisory lock."""
    if sa.inspect(engine).has_table(results.name):
        return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": TABLE_LOCK})
        conn.execute(sa.schema.CreateTable(results, if_not_exists=True))


def entry(engine: Engine, entry_id: int) -> StoredEntry | None:
    query = (sa.select(entries, feeds.c.url.label("feed_url"), feeds.c.title.label("feed_title"))
             .join(feeds, feeds.c.id == entries.c.feed_id).where(entries.c.id == entry_id))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _entry(row) if row is not None else None


def is_done(engine: Engine, entry_id: int, variant: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(sa.select(results.c.entry_id).where(
            results.c.entry_id == entry_id, results.c.variant == variant)).first() is not None


def save(engine: Engine, entry_id: int, variant: str, *, text: str | None, origin: str, language: str | None,
         summary: list[str], page_problem: str | None, error: str | None, worker: str, now: datetime) -> None:
    """The text (when freshly made, and only if none is stored yet) and the result, in one transaction:
    a worker killed between the two leaves neither, and the redelivered task does both."""
    with engine.begin() as conn:
        if text is not None:
            conn.execute(entries.update().where(entries.c.id == entry_id, entries.c.text.is_(None))
                         .values(text=text, text_origin=origin))
        insert_if_absent(conn, results, [{
            "entry_id": entry_id, "variant": variant, "origin": origin, "language": language,
            "summary": json.dumps(summary, ensure_ascii=False), "page_problem": page_problem, "error": error,
            "worker": worker, "done_at": now,
        }], ["entry_id", "variant"])


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def done(engine: Engine, wanted: dict[int, str]) -> set[int]:
    """Which of ``wanted`` (entry id → variant) have a result, failed or not."""
    found: set[int] = set()
    with engine.connect() as conn:
        for ids in _chunks(list(wanted)):
            rows = conn.execute(sa.select(results.c.entry_id, results.c.variant).where(results.c.entry_id.in_(ids)))
            found.update(r.entry_id for r in rows if wanted.get(r.entry_id) == r.variant)
    return found


def read(engine: Engine, wanted: dict[int, str]) -> dict[int, Stored]:
    """The successful results of ``wanted``, with the entry's stored text."""
    out: dict[int, Stored] = {}
    query = (sa.select(results, entries.c.text, entries.c.text_origin)
             .join(entries, entries.c.id == results.c.entry_id))
    with engine.connect() as conn:
        for ids in _chunks(list(wanted)):
            for r in conn.execute(query.where(results.c.entry_id.in_(ids), results.c.error.is_(None))):
                if wanted.get(r.entry_id) == r.variant and r.text is not None:
                    out[r.entry_id] = Stored(r.entry_id, r.text, r.text_origin or r.origin, r.language,
                                             json.loads(r.summary), r.page_problem)
    return out


def forget_before(engine: Engine, before: datetime) -> int:
    with engine.begin() as conn:
        return conn.execute(results.delete().where(results.c.done_at < before)).rowcount or 0


def workers_of(engine: Engine, ids: Iterable[int]) -> dict[int, list[str]]:
    """Which worker stored each result (tests and `-v` logs: who did what)."""
    out: dict[int, list[str]] = {}
    with engine.connect() as conn:
        for chunk in _chunks(list(ids)):
            for r in conn.execute(sa.select(results.c.entry_id, results.c.worker).where(results.c.entry_id.in_(chunk))):
                out.setdefault(r.entry_id, []).append(r.worker)
    return out
