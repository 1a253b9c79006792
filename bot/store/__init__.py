"""The database: ordered schema migrations, feeds' HTTP caches, entries first seen, deliveries.

SQLAlchemy Core keeps the SQL portable: an SQLite file by default, a PostgreSQL URL when one
machine is not enough. Only ``pipeline`` and ``outbox`` decide when to read or write here.
The queries live in one mixin per noun; :class:`Store` puts them together over one engine.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.errors import StoreError
from bot.store.digests import DigestsMixin
from bot.store.entries import EntriesMixin
from bot.store.feeds import FeedsMixin
from bot.store.lock import InstanceLock
from bot.store.rows import NewDigest, OutboxRow, StoredDigest, StoredEntry
from bot.store.schema import MIGRATIONS, PRUNED, metadata, migrate, migrations_table

# The tables are in bot.store.schema: here `feeds`, `entries` and `digests` name the mixin modules.
__all__ = [
    "MIGRATIONS", "PRUNED", "InstanceLock", "NewDigest", "OutboxRow", "Store", "StoredDigest", "StoredEntry",
    "metadata", "migrate", "migrations_table", "open_store",
]


class Store(FeedsMixin, EntriesMixin, DigestsMixin):
    """One database. Open it with :func:`open_store`; close it when done."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def file_size(self) -> int | None:
        """Bytes of the SQLite file (None for a server database)."""
        path = self.engine.url.database if self.engine.url.get_backend_name() == "sqlite" else None
        try:
            return os.path.getsize(path) if path and path != ":memory:" else None
        except OSError:
            return None


def open_store(url: str) -> Store:
    """Open (creating if needed) and migrate the database at an SQLAlchemy URL."""
    try:
        engine = sa.create_engine(url)
    except Exception as exc:  # bad URL or missing driver
        raise StoreError(f"cannot open the state database: {exc}", url,
                         "check --state, NEWSDIGEST_HOME or 'state' in config") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        cause = exc.orig if hasattr(exc, "orig") else exc
        raise StoreError(f"cannot open the state database: {exc.__class__.__name__}: {cause}", url,
                         "check that the path is writable and is a newsdigest database") from None
    return Store(engine)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets a reader (status) run beside the writer; a busy timeout rides out short locks."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
