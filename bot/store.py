"""The database: ordered schema migrations, feeds' HTTP caches, entries first seen, deliveries.

SQLAlchemy Core keeps the SQL portable: an SQLite file by default, a PostgreSQL URL when one
machine is not enough. Only ``pipeline`` decides when to read or write here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from bot.errors import StoreError
from bot.group import canonical_url
from bot.models import Entry, FeedResult, HttpCache

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
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("profile", sa.String(200), primary_key=True),
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id"), primary_key=True),
    sa.Column("digest_id", sa.Integer, sa.ForeignKey("digests.id"), nullable=False),
    sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=False),
)


def _initial_schema(conn: Connection) -> None:
    for table in (feeds, entries, digests, deliveries):
        table.create(conn)


# Ordered, named, append-only: a new schema change is a new function at the end.
MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("initial schema: feeds, entries, digests, deliveries", _initial_schema),
]


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the store knows it; ``text`` is the cleaned article text once extracted."""

    id: int
    feed_url: str
    feed_title: str | None
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    first_seen: datetime
    content: str
    content_is_html: bool
    language: str | None
    text: str | None
    text_origin: str | None

    @property
    def date(self) -> datetime:
        """When it happened, as well as we know: published if given and not in the future, else first seen."""
        if self.published and self.published <= self.first_seen:
            return self.published
        return self.first_seen


def _utc(value: datetime | None) -> datetime | None:
    """SQLite forgets time zones; every datetime leaving the store is aware UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Store:
    """One database. Open it with :func:`open_store`; close it when done."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    # -- feeds -------------------------------------------------------------------------------

    def http_caches(self, urls: Iterable[str]) -> dict[str, HttpCache]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(feeds.c.url, feeds.c.etag, feeds.c.last_modified).where(feeds.c.url.in_(list(urls)))
            )
            return {r.url: HttpCache(r.etag, r.last_modified) for r in rows}

    def feed_error_since(self, url: str) -> datetime | None:
        with self.engine.connect() as conn:
            return _utc(conn.execute(sa.select(feeds.c.error_since).where(feeds.c.url == url)).scalar())

    def record_fetch(self, result: FeedResult, now: datetime) -> tuple[int, list[int]]:
        """Save what one fetch taught us; returns the feed's id and the ids of its entries (new or known).

        Dedupe: an entry is the one already stored for this feed with the same GUID, or else
        with the same canonical link (tracking parameters stripped), so GUID churn and
        tracking-parameter churn do not make an old entry new again.
        """
        with self.engine.begin() as conn:
            feed_id = self._feed_id(conn, result.source.url)
            update: dict[str, object] = {"last_checked": now, "last_status": result.status}
            if result.problem:
                error_since = conn.execute(sa.select(feeds.c.error_since).where(feeds.c.id == feed_id)).scalar()
                update.update(error=result.problem, error_since=error_since or now)
            else:
                update.update(error=None, error_since=None, last_ok=now)
                if not result.not_modified:
                    update.update(etag=result.etag, last_modified=result.last_modified)
                if result.title:
                    update["title"] = result.title
            conn.execute(feeds.update().where(feeds.c.id == feed_id).values(**update))
            return feed_id, self._record_entries(conn, feed_id, result.entries, now)

    def _feed_id(self, conn: Connection, url: str) -> int:
        found = conn.execute(sa.select(feeds.c.id).where(feeds.c.url == url)).scalar()
        if found is not None:
            return int(found)
        return int(conn.execute(feeds.insert().values(url=url)).inserted_primary_key[0])

    def _record_entries(self, conn: Connection, feed_id: int, items: list[Entry], now: datetime) -> list[int]:
        known = conn.execute(
            sa.select(entries.c.id, entries.c.guid, entries.c.canonical_link).where(entries.c.feed_id == feed_id)
        ).all()
        by_guid = {r.guid: r.id for r in known if r.guid}
        by_link = {r.canonical_link: r.id for r in known if r.canonical_link}
        ids: list[int] = []
        for item in items:
            link = canonical_url(item.link)
            entry_id = (item.guid and by_guid.get(item.guid)) or (link and by_link.get(link))
            values = {
                "title": item.title,
                "author": item.author,
                "content": item.content,
                "content_is_html": item.content_is_html,
                "language": item.language,
                "link": item.link,
            }
            if entry_id:
                # A changed body makes the cached article text stale; an unchanged one keeps it.
                old = conn.execute(sa.select(entries.c.content).where(entries.c.id == entry_id)).scalar()
                if old != item.content:
                    values.update(text=None, text_origin=None)
                conn.execute(entries.update().where(entries.c.id == entry_id).values(**values))
            else:
                entry_id = conn.execute(
                    entries.insert().values(
                        feed_id=feed_id,
                        guid=item.guid,
                        canonical_link=link,
                        published=item.published,
                        first_seen=now,
                        **values,
                    )
                ).inserted_primary_key[0]
            if item.guid:
                by_guid[item.guid] = entry_id
            if link:
                by_link[link] = entry_id
            if entry_id not in ids:
                ids.append(int(entry_id))
        return ids

    # -- entries -----------------------------------------------------------------------------

    def undelivered(
        self, profile: str, feed_urls: list[str], since: datetime | None, limit: int | None = None
    ) -> list[StoredEntry]:
        """Entries of these feeds not yet delivered by ``profile``, seen or published at or after ``since``."""
        delivered = sa.select(deliveries.c.entry_id).where(deliveries.c.profile == profile)
        date = sa.func.coalesce(entries.c.published, entries.c.first_seen)
        query = (
            sa.select(entries, feeds.c.url.label("feed_url"), feeds.c.title.label("feed_title"))
            .join(feeds, feeds.c.id == entries.c.feed_id)
            .where(feeds.c.url.in_(feed_urls), entries.c.id.not_in(delivered))
            .order_by(date.desc(), entries.c.id)
        )
        if since is not None:
            # A published date in the future is not trusted; first_seen decides then.
            query = query.where(sa.or_(entries.c.first_seen >= since, date >= since))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        found = [
            StoredEntry(
                id=r.id,
                feed_url=r.feed_url,
                feed_title=r.feed_title,
                guid=r.guid,
                link=r.link,
                title=r.title,
                author=r.author,
                published=_utc(r.published),
                first_seen=_utc(r.first_seen),  # type: ignore[arg-type]
                content=r.content,
                content_is_html=r.content_is_html,
                language=r.language,
                text=r.text,
                text_origin=r.text_origin,
            )
            for r in rows
        ]
        return [e for e in found if since is None or e.date >= since]

    def save_texts(self, texts: dict[int, tuple[str, str]]) -> None:
        """Cache extracted text per entry, so a page is fetched and cleaned once."""
        if not texts:
            return
        with self.engine.begin() as conn:
            conn.execute(
                entries.update().where(entries.c.id == sa.bindparam("eid")).values(
                    text=sa.bindparam("t"), text_origin=sa.bindparam("o")
                ),
                [{"eid": k, "t": t, "o": o} for k, (t, o) in texts.items()],
            )

    # -- digests and deliveries -------------------------------------------------------------

    def last_digest_at(self, profile: str) -> datetime | None:
        with self.engine.connect() as conn:
            return _utc(conn.execute(sa.select(sa.func.max(digests.c.created_at)).where(digests.c.profile == profile)).scalar())

    def record_digest(
        self, profile: str, now: datetime, window_start: datetime | None, entry_ids: list[int], stories: int
    ) -> int:
        """Mark entries delivered for ``profile`` once its digest was handed over, in one transaction."""
        with self.engine.begin() as conn:
            digest_id = int(
                conn.execute(
                    digests.insert().values(
                        profile=profile,
                        created_at=now,
                        window_start=window_start,
                        story_count=stories,
                        article_count=len(entry_ids),
                    )
                ).inserted_primary_key[0]
            )
            if entry_ids:
                conn.execute(
                    deliveries.insert(),
                    [{"profile": profile, "entry_id": e, "digest_id": digest_id, "delivered_at": now} for e in entry_ids],
                )
            return digest_id

    def delivered_count(self, profile: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(deliveries).where(deliveries.c.profile == profile)).scalar()
                or 0
            )


def open_store(url: str) -> Store:
    """Open (creating if needed) and migrate the database at an SQLAlchemy URL."""
    try:
        engine = sa.create_engine(url)
    except Exception as exc:  # bad URL or missing driver
        raise StoreError(f"cannot open the state database: {exc}", url, "check --state, NEWSDIGEST_HOME or 'state' in config") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except StoreError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the state database: {exc.__class__.__name__}: {exc.orig if hasattr(exc, 'orig') else exc}", url,
                         "check that the path is writable and is a newsdigest database") from None
    return Store(engine)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets a reader (status) run beside the writer; a busy timeout rides out short locks."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def migrate(engine: Engine) -> None:
    """Apply the migrations not yet applied, in order; refuse a database newer than this code."""
    with engine.begin() as conn:
        migrations_table.create(conn, checkfirst=True)
        applied = set(conn.execute(sa.select(migrations_table.c.version)).scalars())
        newest = max(applied, default=0)
        if newest > len(MIGRATIONS):
            raise StoreError(
                f"the state database is at schema version {newest}, newer than this newsdigest knows ({len(MIGRATIONS)})",
                str(engine.url),
                "upgrade newsdigest, or point --state at another database",
            )
        for version, (name, apply) in enumerate(MIGRATIONS, start=1):
            if version not in applied:
                apply(conn)
                conn.execute(
                    migrations_table.insert().values(version=version, name=name, applied_at=datetime.now(timezone.utc))
                )
