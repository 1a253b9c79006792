"""The tables, and the ordered migrations that build them: one named function per schema change."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.errors import StoreError
from bot.store.faults import where_of

metadata = sa.MetaData()

migrations_table = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
)

feeds = sa.Table(
    "feeds",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.String(2000), nullable=False, unique=True),
    sa.Column("title", sa.String(500)),
    sa.Column("etag", sa.String(500)),
    sa.Column("last_modified", sa.String(100)),
    sa.Column("last_checked", sa.DateTime(timezone=True)),
    sa.Column("last_ok", sa.DateTime(timezone=True)),
    sa.Column("last_status", sa.Integer),
    sa.Column("error", sa.Text),
    sa.Column("error_since", sa.DateTime(timezone=True)),
)

entries = sa.Table(
    "entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id"), nullable=False),
    sa.Column("guid", sa.String(2000)),
    sa.Column("link", sa.String(2000)),
    sa.Column("canonical_link", sa.String(2000)),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("author", sa.String(500)),
    sa.Column("published", sa.DateTime(timezone=True)),
    sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("content_is_html", sa.Boolean, nullable=False),
    sa.Column("language", sa.String(20)),
    sa.Column("text", sa.Text),
    sa.Column("text_origin", sa.String(20)),
    sa.Column("standfirst", sa.Text),  # migration 5: the feed's summary beside a longer text
    sa.Index("ix_entries_feed_guid", "feed_id", "guid"),
    sa.Index("ix_entries_feed_link", "feed_id", "canonical_link"),
    sa.Index("ix_entries_first_seen", "first_seen"),
)

digests = sa.Table(
    "digests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("profile", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("window_start", sa.DateTime(timezone=True)),
    sa.Column("story_count", sa.Integer, nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False),
    # Added by migration 2: the idempotency key and the rendered digest, stored before sending.
    sa.Column("key", sa.String(300)),
    sa.Column("scheduled_for", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(20)),
    sa.Column("subject", sa.Text),
    sa.Column("message_id", sa.String(300)),
    sa.Column("body_text", sa.Text),
    sa.Column("body_html", sa.Text),
    sa.Column("body_markdown", sa.Text),
    # Migration 4: the chat/push message (Markdown and plain), split per service only when sent.
    sa.Column("notify_markdown", sa.Text),
    sa.Column("notify_text", sa.Text),
)
_DIGEST_V2_COLUMNS = ("key", "scheduled_for", "status", "subject", "message_id", "body_text", "body_html", "body_markdown")
_DIGEST_V4_COLUMNS = ("notify_markdown", "notify_text")

digest_entries = sa.Table(
    "digest_entries",
    metadata,
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), primary_key=True),
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), primary_key=True),
    sa.Column("story_key", sa.String(40)),  # migration 3
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),  # pending, sending, sent, failed
    sa.Column("stage", sa.String(30)),  # while sending e-mail: connecting, awaiting-reply
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
    sa.Column("last_error", sa.Text),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("digest_id", "kind"),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("profile", sa.String(200), primary_key=True),
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), nullable=False),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("story_key", sa.String(40)),  # migration 3: which story the entry was shown in
)


_LATER_COLUMNS = {"digests": _DIGEST_V2_COLUMNS + _DIGEST_V4_COLUMNS, "deliveries": ("story_key",),
                  "digest_entries": ("story_key",), "entries": ("standfirst",)}


def _as_first_shipped(table: sa.Table, meta: sa.MetaData) -> sa.Table:
    """A table without the columns later migrations add, so each migration replays what it did then."""
    later = _LATER_COLUMNS.get(table.name, ())
    kept = [c for c in table.columns if c.name not in later]
    foreign = [sa.ForeignKeyConstraint([c.name], [fk.target_fullname]) for c in kept for fk in c.foreign_keys]
    indexes = [sa.Index(i.name, *(c.name for c in i.columns), unique=i.unique) for i in table.indexes
               if all(c.name not in later for c in i.columns)]
    return sa.Table(table.name, meta, *(c._copy() for c in kept), *foreign, *indexes,
                    *(c._copy() for c in table.constraints if isinstance(c, sa.UniqueConstraint)))


def _add_columns(conn: Connection, table: sa.Table, names: Iterable[str]) -> None:
    for name in names:
        conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {name} {table.c[name].type.compile(conn.dialect)}"))


def _initial_schema(conn: Connection) -> None:
    v1 = sa.MetaData()
    feeds.to_metadata(v1)
    for table in (entries, digests, deliveries):
        _as_first_shipped(table, v1)
    v1.create_all(conn)


def _outbox(conn: Connection) -> None:
    _add_columns(conn, digests, _DIGEST_V2_COLUMNS)
    conn.execute(sa.text("CREATE UNIQUE INDEX ix_digests_key ON digests (key)"))
    v2 = sa.MetaData()
    for referenced in (feeds, entries, digests):  # for the foreign keys only; they exist already
        referenced.to_metadata(v2)
    _as_first_shipped(digest_entries, v2).create(conn)
    outbox.to_metadata(v2).create(conn)


def _story_keys(conn: Connection) -> None:
    _add_columns(conn, deliveries, ["story_key"])
    _add_columns(conn, digest_entries, ["story_key"])


def _notify_bodies(conn: Connection) -> None:
    _add_columns(conn, digests, _DIGEST_V4_COLUMNS)


def _standfirsts(conn: Connection) -> None:
    _add_columns(conn, entries, ["standfirst"])


# Ordered, named, append-only: a new schema change is a new function at the end.
MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("initial schema: feeds, entries, digests, deliveries", _initial_schema),
    ("digest idempotency keys, stored renderings, outbox for deliveries", _outbox),
    ("story keys on delivered entries, so stories grow across digests", _story_keys),
    ("chat and push messages stored with each digest", _notify_bodies),
    ("feed items' standfirsts kept beside their text", _standfirsts),
]

def inserted_id(result: sa.CursorResult[Any]) -> int:
    """The primary key of the row an INSERT made."""
    key = result.inserted_primary_key
    assert key is not None, "an INSERT of one row"
    return int(key[0])


def insert_if_absent(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
    """INSERT that skips rows whose ``keys`` another transaction stored first, instead of failing on
    the unique constraint: ON CONFLICT DO NOTHING on SQLite and PostgreSQL, else a savepoint per row."""
    if not rows:
        return
    columns = [table.c[k] for k in keys]
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        conn.execute(sqlite.insert(table).on_conflict_do_nothing(index_elements=columns), rows)
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        conn.execute(postgresql.insert(table).on_conflict_do_nothing(index_elements=columns), rows)
        return
    for row in rows:
        try:
            with conn.begin_nested():
                conn.execute(table.insert().values(**row))
        except sa.exc.IntegrityError:
            pass


#: text_origin of an entry whose text is gone (see Store.prune).
PRUNED = "pruned"
_not_pruned = sa.or_(entries.c.text_origin.is_(None), entries.c.text_origin != PRUNED)


#: The PostgreSQL advisory lock key the migrations hold (InstanceLock's is 872601).
MIGRATION_LOCK = 872602


def migrate(engine: Engine) -> None:
    """Apply the migrations not yet applied, in order; refuse a database newer than this code.

    Under a lock that works across processes, so two runs started together on one database
    migrate it once: the second waits, then finds nothing left to do.
    """
    with engine.connect() as conn:  # the everyday case, without taking the write lock
        if _pending(conn, engine) == []:
            return
    with engine.begin() as conn:
        _lock_for_migrations(conn)
        if _pending(conn, engine) is None:
            migrations_table.create(conn)
        for version in _pending(conn, engine) or []:
            name, apply = MIGRATIONS[version - 1]
            apply(conn)
            conn.execute(migrations_table.insert().values(version=version, name=name, applied_at=datetime.now(timezone.utc)))


def _lock_for_migrations(conn: Connection) -> None:
    """SQLite: BEGIN IMMEDIATE takes the database's write lock now (DDL included: SQLite's DDL is
    transactional, and the driver would otherwise run it outside any transaction); PostgreSQL: a
    transaction-scoped advisory lock. Both are released when the transaction ends."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


#: Namespaces of the two-part PostgreSQL advisory locks :func:`write_lock` takes (the second part names the thing).
FEED_LOCK, PROFILE_LOCK = 872610, 872611


def lock_id(name: str) -> int:
    """A stable 32-bit signed number for a name (Python's own hash differs between processes)."""
    value = zlib.crc32(name.encode("utf-8"))
    return value - 2**32 if value >= 2**31 else value


def write_lock(conn: Connection, namespace: int, name: str) -> None:
    """Serialise read-then-write transactions on one thing (a feed's entries) across processes; call first
    in the transaction. SQLite: the database's write lock now, so no other writer slips in between
    our read and our write (WAL would otherwise fail the late upgrade with "locked"); PostgreSQL: an
    advisory lock on that one thing, held to the end of the transaction."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:ns, :id)"), {"ns": namespace, "id": lock_id(name)})


def _pending(conn: Connection, engine: Engine) -> list[int] | None:
    """The versions still to apply, in order (None: the database has none yet, not even the table)."""
    if not sa.inspect(conn).has_table(migrations_table.name):
        if conn.dialect.name == "sqlite" and sa.inspect(conn).get_table_names():  # a server database may be shared
            raise StoreError("the state database is not a newsdigest database: it has tables but no schema_migrations",
                             where_of(engine.url), "point --state at a newsdigest database, or at a new file")
        return None
    applied = set(conn.execute(sa.select(migrations_table.c.version)).scalars())
    newest = max(applied, default=0)
    if newest > len(MIGRATIONS):
        raise StoreError(
            f"the state database is at schema version {newest}, newer than this newsdigest knows ({len(MIGRATIONS)})",
            where_of(engine.url),
            "upgrade newsdigest, or point --state at another database",
        )
    return [v for v in range(1, len(MIGRATIONS) + 1) if v not in applied]
