"""The database: ordered migrations from any earlier version, and refusing a newer one."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import MIGRATIONS, migrations_table, open_store


def test_fresh_database_gets_every_migration_in_order(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    with store.engine.connect() as conn:
        versions = conn.execute(sa.select(migrations_table.c.version).order_by(migrations_table.c.version)).scalars().all()
    assert versions == list(range(1, len(MIGRATIONS) + 1))
    store.close()


def test_a_version_1_database_is_upgraded_and_keeps_its_data(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # what the first release created
        migrations_table.create(conn)
        MIGRATIONS[0][1](conn)
        conn.execute(migrations_table.insert().values(version=1, name=MIGRATIONS[0][0], applied_at=datetime.now(timezone.utc)))
        conn.execute(sa.text("INSERT INTO feeds (url) VALUES ('https://a.example/rss')"))
    engine.dispose()
    store = open_store(url)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT url FROM feeds")).scalar() == "https://a.example/rss"
        columns = {c["name"] for c in sa.inspect(conn).get_columns("deliveries")}
        assert "story_key" in columns
        assert {"outbox", "digest_entries"} <= set(sa.inspect(conn).get_table_names())
    store.close()


def test_a_database_newer_than_the_code_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    open_store(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(migrations_table.insert().values(version=len(MIGRATIONS) + 5, name="from the future",
                                                      applied_at=datetime.now(timezone.utc)))
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this newsdigest knows"):
        open_store(url)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "s.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="the state database is corrupt: file is not a database"):
        open_store(f"sqlite:///{bad}")
