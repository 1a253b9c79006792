"""Database errors → the cause a person can act on, and the StoreError the CLI prints (no database needed)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import faults
from bot.store.faults import CANNOT_OPEN, CORRUPT, FULL, IO, LOCKED, OTHER, READ_ONLY, SERVER, cause_of, store_error, where_of


def _sqlite(kind: type[sqlite3.Error], message: str, name: str | None = None) -> sqlite3.Error:
    error = kind(message)
    if name is not None:
        error.sqlite_errorname = name  # type: ignore[attr-defined]  # what the driver sets from Python 3.11
    return error


class _PgError(Exception):
    def __init__(self, message: str, sqlstate: str | None):
        super().__init__(message)
        self.sqlstate = sqlstate


class OperationalError(Exception):
    """A driver's class of that name: the DB-API's 'not the program's fault'."""


@pytest.mark.parametrize(("error", "cause"), [
    (_sqlite(sqlite3.DatabaseError, "database disk image is malformed", "SQLITE_CORRUPT"), CORRUPT),
    (_sqlite(sqlite3.DatabaseError, "file is not a database", "SQLITE_NOTADB"), CORRUPT),
    (_sqlite(sqlite3.OperationalError, "database is locked", "SQLITE_BUSY"), LOCKED),
    (_sqlite(sqlite3.OperationalError, "database or disk is full", "SQLITE_FULL"), FULL),
    (_sqlite(sqlite3.OperationalError, "attempt to write a readonly database", "SQLITE_READONLY_DIRECTORY"), READ_ONLY),
    (_sqlite(sqlite3.OperationalError, "unable to open database file", "SQLITE_CANTOPEN"), CANNOT_OPEN),
    (_sqlite(sqlite3.OperationalError, "disk I/O error", "SQLITE_IOERR_WRITE"), IO),
])
def test_sqlite_errors_are_told_apart_by_their_result_code(error, cause):
    assert cause_of(error) == cause


@pytest.mark.parametrize(("message", "cause"), [
    ("database disk image is malformed", CORRUPT), ("file is not a database", CORRUPT), ("database is locked", LOCKED),
    ("database or disk is full", FULL), ("attempt to write a readonly database", READ_ONLY),
    ("unable to open database file", CANNOT_OPEN), ("disk I/O error", IO),
])
def test_without_a_result_code_the_message_tells_the_cause(message, cause):
    assert cause_of(_sqlite(sqlite3.OperationalError, message)) == cause


def test_an_unknown_operational_error_is_still_a_store_error_but_a_constraint_is_a_bug():
    assert cause_of(_sqlite(sqlite3.OperationalError, "no such savepoint: x", "SQLITE_ERROR")) == OTHER
    assert cause_of(OperationalError("something odd")) == OTHER
    unique = _sqlite(sqlite3.IntegrityError, "UNIQUE constraint failed: feeds.url", "SQLITE_CONSTRAINT_UNIQUE")
    assert cause_of(unique) is None  # create_digest catches it on purpose; a bug must not read as the user's fault
    assert cause_of(_sqlite(sqlite3.ProgrammingError, "Error binding parameter 1")) is None


@pytest.mark.parametrize(("sqlstate", "cause"), [
    ("53100", FULL), ("55P03", LOCKED), ("25006", READ_ONLY), ("XX001", CORRUPT), ("08006", SERVER), ("23505", None),
])
def test_postgresql_errors_are_told_apart_by_their_sqlstate(sqlstate, cause):
    assert cause_of(_PgError("from the server", sqlstate)) == cause


def test_a_server_that_cannot_be_reached_says_so():
    assert cause_of(OperationalError('connection failed: connection to server at "127.0.0.1", port 5432 failed')) == SERVER


def test_every_cause_reads_what_where_hint_and_exits_2():
    for cause in (CORRUPT, LOCKED, FULL, READ_ONLY, CANNOT_OPEN, IO, SERVER, OTHER):
        error = store_error(cause, "detail", "/data/state.db")
        assert isinstance(error, StoreError) and error.exit_code == 2
        assert str(error).startswith(f"{error.what} (/data/state.db): ") and error.hint
    assert "check that the path is writable" not in " ".join(hint for _, hint in faults._SAID.values())


def test_hints_fit_their_cause():
    said = {cause: hint for cause, (_, hint) in faults._SAID.items()}
    assert "backup" in said[CORRUPT] and "free some space" in said[FULL] and "writable" in said[READ_ONLY]
    assert "another program" in said[LOCKED] and "server" in said[SERVER]


def test_the_where_of_a_server_url_hides_its_password():
    where = where_of(sa.make_url("postgresql+psycopg://digest:s3cret@db.example/news"))
    assert "s3cret" not in where and "db.example/news" in where
    assert where_of(sa.make_url("sqlite:////data/state.db")) == "/data/state.db"
