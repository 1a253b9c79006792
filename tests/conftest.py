"""Shared fixtures: a real HTTP server on 127.0.0.1 with scriptable routes, a clean home per test, no network;
the state database on each backend (an SQLite file, and a real PostgreSQL server started for the session).

What the fixtures are built from lives in ``tests/support/``; tests import it as ``support``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.http import FeedServer
from support.network import loopback_only  # noqa: F401 - autouse: no test leaves loopback
from support.paths import SHARED_DATA
from support.pg import PgServer, why_unavailable

pytest_plugins = ["pytester"]  # tests/test_hermetic.py runs a test that breaks the rule


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def clean_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own NEWSDIGEST_HOME, so no state leaks between tests or from the user."""
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSDIGEST_HOME", str(home))
    return home


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (fresh clone): evaluation data not available")
    return SHARED_DATA


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throw-away PostgreSQL cluster for the whole run, on a free port of 127.0.0.1 (see support/pg.py)."""
    reason = why_unavailable()
    if reason:
        pytest.skip(reason)
    srv = PgServer().start()
    yield srv
    srv.stop()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """An empty PostgreSQL database of this test's own (left for the cluster's removal at the end: quicker)."""
    return pg_server.new_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The state database's SQLAlchemy URL, once per backend: a test taking it runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 's.db'}"
    return str(request.getfixturevalue("pg_url"))
