"""The database: ordered schema migrations, feeds' HTTP caches, entries first seen, deliveries.

SQLAlchemy Core keeps the SQL portable: an SQLite file by default, a PostgreSQL URL when one
machine is not enough. Only ``pipeline`` and ``outbox`` decide when to read or write here.
The queries live in one mixin per noun; :class:`Store` puts them together over one engine.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import secrets
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.errors import StoreError
from bot.store.digests import DigestsMixin
from bot.store.entries import EntriesMixin
from bot.store.faults import CANNOT_OPEN, CORRUPT, FULL, LOCKED, READ_ONLY, cause_of, store_error, translate_errors, where_of
from bot.store.feeds import FeedsMixin
from bot.store.lock import DigestLock, InstanceLock
from bot.store.rows import NewDigest, OutboxRow, StoredDigest, StoredEntry
from bot.store.schema import MIGRATIONS, PRUNED, metadata, migrate, migrations_table

# The tables are in bot.store.schema: here `feeds`, `entries` and `digests` name the mixin modules.
__all__ = [
    "MIGRATIONS", "PRUNED", "DigestLock", "InstanceLock", "NewDigest", "OutboxRow", "Store", "StoredDigest", "StoredEntry",
    "metadata", "migrate", "migrations_table", "open_store",
]


class Store(FeedsMixin, EntriesMixin, DigestsMixin):
    """One database. Open it with :func:`open_store`; close it when done."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    def check_integrity(self) -> None:
        """SQLite's quick check of every page, for a daemon about to run for weeks: a corrupt file is
        reported now, not at whichever job first reads the damaged page. A server checks its own."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            problems = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise store_error(CORRUPT, "; ".join(problems), where_of(self.engine.url))

    def file_size(self) -> int | None:
        """Bytes of the SQLite file (None for a server database)."""
        path = self.engine.url.database if self.engine.url.get_backend_name() == "sqlite" else None
        try:
            return os.path.getsize(path) if path and path != ":memory:" else None
        except OSError:
            return None


def open_store(url: str) -> Store:
    """Open (creating if needed) and migrate the database at an SQLAlchemy URL.

    A new SQLite file is built under a temporary name and linked into place whole, so no crash
    leaves an empty file behind: an empty file at the path is not ours, and is refused as corrupt.
    """
    engine = _engine(url)
    where = where_of(engine.url)
    try:
        path = _sqlite_file(engine.url)
        if path is not None:
            if path.is_file() and path.stat().st_size == 0:
                raise store_error(CORRUPT, "the file is empty (0 bytes), which newsdigest never leaves", where)
            if not path.exists():
                _create_sqlite_file(path, where)
            _sweep_leftovers(path)
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:  # not a DB-API error (those are StoreErrors already): say what it was
        engine.dispose()
        raise StoreError(f"cannot open the state database: {exc.__class__.__name__}: {exc}", where,
                         "run again with -v for details") from None
    except OSError as exc:  # making the new file
        engine.dispose()
        raise store_error(READ_ONLY if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else
                          FULL if exc.errno == errno.ENOSPC else CANNOT_OPEN, exc.strerror or str(exc), where) from None
    return Store(engine)


def _engine(url: str, where: str | None = None, *, wal: bool = True) -> Engine:
    try:
        parsed = sa.make_url(url)
        if parsed.drivername == "postgresql":  # the driver the project installs (the `postgres` extra): psycopg 3
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = sa.create_engine(parsed)
    except ModuleNotFoundError as exc:
        raise StoreError(f"cannot open the state database: its driver {exc.name!r} is not installed", _safe(url),
                         "pip install 'newsdigest[postgres]' for PostgreSQL") from None
    except Exception as exc:  # bad URL
        raise StoreError(f"cannot open the state database: {exc}", _safe(url),
                         "check --state, NEWSDIGEST_HOME or 'state' in config") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas if wal else _sqlite_pragmas_for_new_file)
    translate_errors(engine, where or where_of(engine.url), _sqlite_file(engine.url))
    return engine


def _safe(url: str) -> str:
    """The URL as it may be shown: without its password."""
    try:
        return where_of(sa.make_url(url))
    except Exception:  # noqa: BLE001 - not even a URL: nothing in it to hide
        return url


def _sqlite_file(url: sa.URL) -> Path | None:
    """The file of an SQLite URL; None for memory, URI filenames and other databases."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:") or url.query.get("uri"):
        return None
    return Path(url.database)


def _create_sqlite_file(path: Path, where: str) -> None:
    """A new, fully migrated database at ``path``: made beside it, then linked in (never replacing one
    another process made a moment ago; theirs is used then)."""
    temporary = str(path.parent / f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.new")
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # the umask decides, as for SQLite's own
    try:
        engine = _engine(f"sqlite:///{temporary}", where, wal=False)
        try:
            migrate(engine)  # committed in a rollback-journal file: all of it is in the file itself
            with engine.connect() as conn:
                # WAL before the file has its name: the runs that open it then never switch it (see _switch_to_wal).
                # The switch is itself committed through the rollback journal and nothing is written after it, so
                # the WAL under the temporary name is empty (closing removes it with its -shm).
                conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        finally:
            engine.dispose()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another run made it first
        except OSError:  # a file system without hard links: a narrow race remains there (check, then rename)
            if not path.exists():
                os.replace(temporary, path)
    finally:
        for leftover in (temporary, f"{temporary}-journal", f"{temporary}-wal", f"{temporary}-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


#: How long SQLite waits for another process's lock before the run fails with "locked".
BUSY_TIMEOUT_MS = 10_000


def _sweep_leftovers(path: Path) -> None:
    """Remove what a run killed while making a new file left behind (its process is gone)."""
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.new*"):
        try:
            os.kill(int(leftover.name[len(path.name) + 2:].split("-", 1)[0]), 0)
        except (ValueError, ProcessLookupError):
            with contextlib.suppress(OSError):
                leftover.unlink()
        except PermissionError:  # another user's process, alive
            pass


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL lets a reader (status) run beside the writer; a busy timeout rides out short locks
    (set first, so that even switching to WAL waits for another process instead of failing)."""
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _switch_to_wal(cur)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


#: How long a switch to WAL that met another connection's lock waits before it tries again.
WAL_RETRY_S = 0.01


def _switch_to_wal(cur: Any) -> None:
    """``PRAGMA journal_mode=WAL``, waiting its turn for as long as the busy timeout allows.

    On a file in WAL already (every file newsdigest makes is, before it has its name) this only reads.
    On one still in a rollback journal (a copy made by ``VACUUM INTO`` or ``.recover``), SQLite reads the
    header and then needs the write lock; when another connection holds or takes that lock in between,
    SQLite answers "locked" at once instead of waiting (the holder may be waiting for our read lock to go),
    whatever the busy timeout. Then try again: the other connection finishes, or has switched the file
    itself, and the next attempt finds WAL."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    retried = False
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except Exception as exc:  # the driver's OperationalError: a lock is the one we wait out
            if cause_of(exc) != LOCKED or time.monotonic() + WAL_RETRY_S >= deadline:
                raise
            time.sleep(WAL_RETRY_S)
            cur.execute(f"PRAGMA busy_timeout={max(1, int((deadline - time.monotonic()) * 1000))}")  # what is left
            retried = True
    if retried:
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _sqlite_pragmas_for_new_file(dbapi_conn: Any, _record: Any) -> None:
    """Not WAL while a new file is migrated: a WAL not yet folded in (a full disk) would be lost with its name.
    (It is switched to WAL once made, before it is linked in.)"""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()
