"""One daemon per database."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

import sqlalchemy as sa
from sqlalchemy.engine import Connection

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
            self._conn = self.store.engine.connect()
            got = bool(self._conn.execute(sa.text("SELECT pg_try_advisory_lock(872601)")).scalar())
            if not got:
                self._conn.close()
                self._conn = None
            return got
        return True  # other databases: no lock available; documented

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
