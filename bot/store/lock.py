"""One daemon per database; one digest of a profile at a time."""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.store.faults import LOCKED, store_error, where_of
from bot.store.schema import PROFILE_LOCK, lock_id

if TYPE_CHECKING:
    from bot.store import Store


class InstanceLock:
    """Only one daemon per database: an OS file lock for SQLite (released even on kill -9),
    a session advisory lock for PostgreSQL."""

    def __init__(self, store: Store):
        self.store = store
        self._file: TextIO | None = None
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        url = self.store.engine.url
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            import fcntl

            handle = open(f"{url.database}.lock", "a+")  # noqa: SIM115 - held for the process's life
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            self._file = handle
            return True
        if url.get_backend_name() == "postgresql":
            conn = self.store.engine.connect()
            with conn.begin():  # not left idle in a transaction for the daemon's life; the lock is the session's
                got = bool(conn.execute(sa.text("SELECT pg_try_advisory_lock(872601)")).scalar())
            if got:
                self._conn = conn
            else:
                conn.close()
            return got
        return True  # other databases: no lock available; documented

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._conn is not None:
            _unlock_and_close(self._conn, "SELECT pg_advisory_unlock(872601)", {})
            self._conn = None


#: How long a digest waits for another digest of the same profile before giving up.
DIGEST_WAIT_S = 600.0


class DigestLock:
    """Held from choosing a profile's new entries until they are recorded as delivered (or handed to
    the outbox), so two digests of one profile at once never show one item twice: the second waits,
    then finds those entries delivered. A file lock beside an SQLite file (one small file per profile),
    a session advisory lock on PostgreSQL: both end with the process, so a crash leaves nothing held."""

    def __init__(self, store: Store, profile: str, wait: float | None = None):
        self.store, self.profile = store, profile
        self.wait = DIGEST_WAIT_S if wait is None else wait
        self._file: TextIO | None = None
        self._conn: Connection | None = None

    def __enter__(self) -> DigestLock:
        url = self.store.engine.url
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            self._file = self._flock(f"{url.database}.digest-{lock_id(self.profile) & 0xFFFFFFFF:08x}.lock")
        elif url.get_backend_name() == "postgresql":
            conn = self.store.engine.connect()
            try:
                with conn.begin():
                    conn.execute(sa.text(f"SET LOCAL lock_timeout = {int(self.wait * 1000)}"))
                    conn.execute(sa.text("SELECT pg_advisory_lock(:ns, :id)"),
                                 {"ns": PROFILE_LOCK, "id": lock_id(self.profile)})  # a timeout: StoreError "locked"
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self

    def _flock(self, path: str) -> TextIO:
        import fcntl

        handle = open(path, "a+")  # noqa: SIM115 - held until __exit__
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.close()
                    raise store_error(LOCKED, f"another digest of profile {self.profile!r} did not finish within "
                                      f"{self.wait:.0f} s", where_of(self.store.engine.url)) from None
                time.sleep(0.05)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._conn is not None:
            params = {"ns": PROFILE_LOCK, "id": lock_id(self.profile)}
            _unlock_and_close(self._conn, "SELECT pg_advisory_unlock(:ns, :id)", params)
            self._conn = None


def _unlock_and_close(conn: Connection, unlock: str, params: dict[str, int]) -> None:
    """A session lock outlives close() on a pooled connection: unlock first (a dead connection holds nothing)."""
    try:
        with conn.begin():
            conn.execute(sa.text(unlock), params)
    except Exception:  # noqa: BLE001 - the server dropped us: the lock went with the session
        conn.invalidate()
    finally:
        conn.close()
