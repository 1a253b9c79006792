"""Database errors → :class:`StoreError` with a hint that fits the cause: corrupt, locked, full, read-only.

One ``handle_error`` listener on the engine turns every such error into the CLI's usual
``Error: <what> (<where>): <hint>`` wherever it happens: opening, migrating, or mid-run. Errors that
mean a bug (an integrity or programming error) are left as they are; ``create_digest`` catches
its integrity error on purpose.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.errors import StoreError

CORRUPT, LOCKED, FULL, READ_ONLY, CANNOT_OPEN, IO, SERVER, OTHER = (
    "corrupt", "locked", "full", "read-only", "cannot-open", "io", "server", "other",
)

#: What each cause means to a person, and what they can do about it.
_SAID = {
    CORRUPT: ("the state database is corrupt",
              "restore it from a backup, or move it aside to start afresh (every item is then new again)"),
    LOCKED: ("the state database is locked",
             "another program holds it (another newsdigest, a backup, an editor): let it finish and try again"),
    FULL: ("the state database cannot grow",
           "free some space there and run again; nothing is lost, what was not recorded is fetched again"),
    READ_ONLY: ("the state database is read-only",
                "make the file and its directory writable for this user (SQLite writes -wal and -shm files beside it), "
                "or point --state elsewhere"),
    CANNOT_OPEN: ("cannot open the state database",
                  "check that the directory exists and that this user may create files in it"),
    IO: ("the state database cannot be read or written",
         "check the disk it lives on (space, errors in the system log) and run again"),
    SERVER: ("cannot reach the database server",
             "check the URL, that the server is running, and that it accepts this user"),
    OTHER: ("the state database failed", "run again with -v for details"),
}

# SQLite's primary result codes (sqlite3 exceptions carry them as sqlite_errorname from Python 3.11).
_SQLITE_CODES = {
    "SQLITE_CORRUPT": CORRUPT, "SQLITE_NOTADB": CORRUPT, "SQLITE_BUSY": LOCKED, "SQLITE_LOCKED": LOCKED,
    "SQLITE_FULL": FULL, "SQLITE_READONLY": READ_ONLY, "SQLITE_PERM": READ_ONLY, "SQLITE_CANTOPEN": CANNOT_OPEN,
    "SQLITE_IOERR": IO,
}
# The same from the message (an older Python, another driver); the order matters ("database disk image" before "disk").
_MESSAGES = (
    ("malformed", CORRUPT), ("not a database", CORRUPT), ("is locked", LOCKED), ("is busy", LOCKED),
    ("disk is full", FULL), ("readonly", READ_ONLY), ("read-only", READ_ONLY), ("unable to open", CANNOT_OPEN),
    ("disk i/o error", IO), ("could not connect", SERVER), ("connection failed", SERVER), ("connection refused", SERVER),
    ("server closed the connection", SERVER),
)
# PostgreSQL SQLSTATE classes and codes.
_PG_CODES = {"53100": FULL, "55P03": LOCKED, "40P01": LOCKED, "25006": READ_ONLY, "XX001": CORRUPT, "XX002": CORRUPT}
_PG_CLASSES = {"08": SERVER, "57": SERVER, "53": FULL}


def cause_of(error: BaseException) -> str | None:
    """The cause of a DB-API error, or None when it is not one a person can fix (a bug, a constraint)."""
    name = getattr(error, "sqlite_errorname", None)
    if isinstance(name, str):
        for prefix, cause in _SQLITE_CODES.items():
            if name == prefix or name.startswith(prefix + "_"):
                return cause
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)  # psycopg 3, psycopg2
    found: str | None
    if isinstance(state, str) and state:
        found = _PG_CODES.get(state) or _PG_CLASSES.get(state[:2])
    else:
        message = str(error).lower()
        found = next((cause for words, cause in _MESSAGES if words in message), None)
    if found is None and type(error).__name__ == "OperationalError":  # the DB-API's class for "not your code's fault"
        return OTHER
    return found


def store_error(cause: str, detail: str, where: str) -> StoreError:
    what, hint = _SAID[cause]
    return StoreError(f"{what}: {detail}" if detail else what, where, hint)


def where_of(url: sa.URL) -> str:
    """The file of an SQLite URL, or the URL without its password."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


def translate_errors(engine: Engine, where: str, path: Path | None = None) -> None:
    """Every database error a person can fix leaves this engine as a StoreError; ``path`` is the
    SQLite file, looked at to tell a read-only place from one that cannot be opened."""

    def handle(context: Any) -> None:
        original = context.original_exception
        cause = cause_of(original)
        if cause is not None:
            if cause in (CANNOT_OPEN, IO) and path is not None and _read_only(path):
                cause = READ_ONLY
            raise store_error(cause, _first_line(original), where) from None

    event.listen(engine, "handle_error", handle)


def _read_only(path: Path) -> bool:
    """The file, or the directory SQLite makes its -wal and -shm files in, cannot be written
    (os.access sees a read-only file system even for root)."""
    return (path.exists() and not os.access(path, os.W_OK)) or (path.parent.is_dir() and not os.access(path.parent, os.W_OK))


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
