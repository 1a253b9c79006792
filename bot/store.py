"""The database: ordered schema migrations, feeds' HTTP caches, entries first seen, deliveries.

SQLAlchemy Core keeps the SQL portable: an SQLite file by default, a PostgreSQL URL when one
machine is not enough. Only ``pipeline`` decides when to read or write here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from bot.errors import StoreError
from bot.models import Entry, FeedResult, HttpCache
from bot.urls import canonical_url

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
    # Added by migration 2: the idempotency key and the rendered digest, stored before sending.
    sa.Column("key", sa.String(300)),
    sa.Column("scheduled_for", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(20)),
    sa.Column("subject", sa.Text),
    sa.Column("message_id", sa.String(300)),
    sa.Column("body_text", sa.Text),
    sa.Column("body_html", sa.Text),
    sa.Column("body_markdown", sa.Text),
)
_DIGEST_V2_COLUMNS = ("key", "scheduled_for", "status", "subject", "message_id", "body_text", "body_html", "body_markdown")

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


_LATER_COLUMNS = {"digests": _DIGEST_V2_COLUMNS, "deliveries": ("story_key",), "digest_entries": ("story_key",)}


def _as_first_shipped(table: sa.Table, meta: sa.MetaData) -> sa.Table:
    """A table without the columns later migrations add, so each migration replays what it did then."""
    later = _LATER_COLUMNS.get(table.name, ())
    kept = [c for c in table.columns if c.name not in later]
    foreign = [sa.ForeignKeyConstraint([c.name], [fk.target_fullname]) for c in kept for fk in c.foreign_keys]
    return sa.Table(table.name, meta, *(c._copy() for c in kept), *foreign,
                    *(c._copy() for c in table.constraints if isinstance(c, sa.UniqueConstraint)))


def _add_columns(conn: Connection, table: sa.Table, names: Iterable[str]) -> None:
    for name in names:
        conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {name} {table.c[name].type.compile(conn.dialect)}"))


def _initial_schema(conn: Connection) -> None:
    v1 = sa.MetaData()
    for table in (feeds, entries):
        table.to_metadata(v1)
    for table in (digests, deliveries):
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


# Ordered, named, append-only: a new schema change is a new function at the end.
MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("initial schema: feeds, entries, digests, deliveries", _initial_schema),
    ("digest idempotency keys, stored renderings, outbox for deliveries", _outbox),
    ("story keys on delivered entries, so stories grow across digests", _story_keys),
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


@dataclass(frozen=True)
class NewDigest:
    """A digest about to be stored: what it holds, how it reads, and where it must go."""

    profile: str
    key: str | None
    scheduled_for: datetime | None
    window_start: datetime | None
    entry_ids: list[int]
    story_count: int
    kinds: list[str]
    story_keys: dict[int, str] = field(default_factory=dict)
    subject: str | None = None
    message_id: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    body_markdown: str | None = None


@dataclass(frozen=True)
class StoredDigest:
    id: int
    profile: str
    key: str | None
    created_at: datetime
    scheduled_for: datetime | None
    status: str | None
    story_count: int
    article_count: int
    subject: str | None
    message_id: str | None
    body_text: str | None
    body_html: str | None
    body_markdown: str | None


@dataclass(frozen=True)
class OutboxRow:
    id: int
    digest_id: int
    kind: str
    status: str
    stage: str | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None


#: text_origin of an entry whose text is gone (see Store.prune).
PRUNED = "pruned"
_not_pruned = sa.or_(entries.c.text_origin.is_(None), entries.c.text_origin != PRUNED)


def _entry(r: sa.Row) -> StoredEntry:  # type: ignore[type-arg]
    return StoredEntry(
        id=r.id, feed_url=r.feed_url, feed_title=r.feed_title, guid=r.guid, link=r.link, title=r.title, author=r.author,
        published=_utc(r.published), first_seen=_utc(r.first_seen),  # type: ignore[arg-type]
        content=r.content, content_is_html=r.content_is_html, language=r.language, text=r.text, text_origin=r.text_origin,
    )


def _digest(row: sa.Row) -> StoredDigest:  # type: ignore[type-arg]
    return StoredDigest(
        id=row.id, profile=row.profile, key=row.key, created_at=_utc(row.created_at),  # type: ignore[arg-type]
        scheduled_for=_utc(row.scheduled_for), status=row.status, story_count=row.story_count,
        article_count=row.article_count, subject=row.subject, message_id=row.message_id, body_text=row.body_text,
        body_html=row.body_html, body_markdown=row.body_markdown,
    )


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

    def record_fetch(self, result: FeedResult, now: datetime) -> tuple[list[int], datetime | None]:
        """Save what one fetch taught us; returns the ids of its entries (new or known) and, for a
        feed with a problem, since when it has been failing.

        Dedupe: an entry is the one already stored for this feed with the same GUID, or else
        with the same canonical link (tracking parameters stripped), so GUID churn and
        tracking-parameter churn do not make an old entry new again.
        """
        with self.engine.begin() as conn:
            feed_id = self._feed_id(conn, result.source.url)
            update: dict[str, object] = {"last_checked": now, "last_status": result.status}
            failing_since = None
            if result.problem:
                failing_since = _utc(conn.execute(sa.select(feeds.c.error_since).where(feeds.c.id == feed_id)).scalar()) or now
                update.update(error=result.problem, error_since=failing_since)
            else:
                update.update(error=None, error_since=None, last_ok=now)
                if not result.not_modified:
                    update.update(etag=result.etag, last_modified=result.last_modified)
                if result.title:
                    update["title"] = result.title
            conn.execute(feeds.update().where(feeds.c.id == feed_id).values(**update))
            return self._record_entries(conn, feed_id, result.entries, now), failing_since

    def _feed_id(self, conn: Connection, url: str) -> int:
        found = conn.execute(sa.select(feeds.c.id).where(feeds.c.url == url)).scalar()
        if found is not None:
            return int(found)
        return int(conn.execute(feeds.insert().values(url=url)).inserted_primary_key[0])

    def _record_entries(self, conn: Connection, feed_id: int, items: list[Entry], now: datetime) -> list[int]:
        known = conn.execute(
            sa.select(entries.c.id, entries.c.guid, entries.c.canonical_link, entries.c.text_origin)
            .where(entries.c.feed_id == feed_id)
        ).all()
        pruned = {r.id for r in known if r.text_origin == PRUNED}
        by_guid = {r.guid: r.id for r in known if r.guid}
        by_link = {r.canonical_link: r.id for r in known if r.canonical_link}
        ids: list[int] = []
        for item in items:
            link = canonical_url(item.link)
            entry_id = (item.guid and by_guid.get(item.guid)) or (link and by_link.get(link))
            if entry_id in pruned:
                continue  # past retention: its keys stay (so it is never new again), its text is gone
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
        in_flight = (
            sa.select(digest_entries.c.entry_id)
            .join(digests, digests.c.id == digest_entries.c.digest_id)
            .where(digests.c.profile == profile, digests.c.status == "pending")
        )
        date = sa.func.coalesce(entries.c.published, entries.c.first_seen)
        query = (
            sa.select(entries, feeds.c.url.label("feed_url"), feeds.c.title.label("feed_title"))
            .join(feeds, feeds.c.id == entries.c.feed_id)
            .where(feeds.c.url.in_(feed_urls), entries.c.id.not_in(delivered), entries.c.id.not_in(in_flight),
                   _not_pruned)
            .order_by(date.desc(), entries.c.id)
        )
        if since is not None:
            # A published date in the future is not trusted; first_seen decides then.
            query = query.where(sa.or_(entries.c.first_seen >= since, date >= since))
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        found = [_entry(r) for r in rows]
        return [e for e in found if since is None or e.date >= since]

    def prune(self, before: datetime) -> int:
        """Drop the feed content and article text of entries first seen before ``before``.

        Why: text is what makes the database grow (tens of kilobytes an article, thousands of
        articles a day). The row stays, with its GUID, links, title and dates, so an old item a
        feed still lists is recognised and never offered again; its deliveries stay too.
        Returns how many entries were trimmed. SQLite reuses the freed pages for new rows.
        """
        with self.engine.begin() as conn:
            result = conn.execute(
                entries.update()
                .where(entries.c.first_seen < before, _not_pruned)
                .values(content="", content_is_html=False, text=None, text_origin=PRUNED)
            )
            return result.rowcount or 0

    def recent_texts(
        self, since: datetime, exclude: set[int] | None = None, limit: int = 20_000, lead_chars: int = 1_500
    ) -> list[tuple[int, str, str]]:
        """(entry id, title, lead of the text) of entries first seen since ``since``: the history that
        term statistics for grouping are fitted on, so similarity does not depend on one batch.
        Only the lead is read: grouping looks at nothing further, and whole texts would cost memory."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(entries.c.id, entries.c.title, sa.func.substr(entries.c.text, 1, lead_chars).label("lead"))
                .where(entries.c.first_seen >= since, entries.c.text.is_not(None))
                .order_by(entries.c.first_seen.desc())
                .limit(limit)
            )
            skip = exclude or set()
            return [(r.id, r.title, r.lead) for r in rows if r.id not in skip]

    def recently_delivered(self, profile: str, since: datetime, limit: int = 5_000) -> list[tuple[StoredEntry, str]]:
        """Entries this profile delivered since ``since``, with the story each was shown in."""
        query = (
            sa.select(entries, feeds.c.url.label("feed_url"), feeds.c.title.label("feed_title"), deliveries.c.story_key)
            .join(deliveries, deliveries.c.entry_id == entries.c.id)
            .join(feeds, feeds.c.id == entries.c.feed_id)
            .where(deliveries.c.profile == profile, deliveries.c.delivered_at >= since, entries.c.text.is_not(None))
            .order_by(deliveries.c.delivered_at.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [(_entry(r), r.story_key or str(r.id)) for r in conn.execute(query)]

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
        self, profile: str, now: datetime, window_start: datetime | None, entry_ids: list[int], stories: int,
        story_keys: dict[int, str] | None = None,
    ) -> int:
        """A digest handed over directly (stdout, a file): its entries are delivered at once."""
        record = NewDigest(profile=profile, key=None, scheduled_for=None, window_start=window_start,
                           entry_ids=entry_ids, story_count=stories, kinds=[], story_keys=story_keys or {})
        return self.create_digest(record, now, delivered=True)

    def create_digest(self, record: "NewDigest", now: datetime, delivered: bool = False) -> int:
        """Store a rendered digest and one outbox row per delivery, before anything is sent.

        The idempotency key is unique: creating a digest whose key exists returns the existing
        one, so a restart or a second trigger for the same slot never makes a second digest.
        """
        if record.key is not None:
            existing = self.digest_by_key(record.key)
            if existing is not None:
                return existing.id
        status = "sent" if delivered else ("pending" if record.kinds else "empty")
        try:
            with self.engine.begin() as conn:
                digest_id = int(
                    conn.execute(
                        digests.insert().values(
                            profile=record.profile, created_at=now, window_start=record.window_start,
                            story_count=record.story_count, article_count=len(record.entry_ids), key=record.key,
                            scheduled_for=record.scheduled_for, status=status, subject=record.subject,
                            message_id=record.message_id, body_text=record.body_text, body_html=record.body_html,
                            body_markdown=record.body_markdown,
                        )
                    ).inserted_primary_key[0]
                )
                if record.entry_ids:
                    conn.execute(digest_entries.insert(), [
                        {"digest_id": digest_id, "entry_id": e, "story_key": record.story_keys.get(e)} for e in record.entry_ids
                    ])
                if record.kinds:
                    conn.execute(
                        outbox.insert(),
                        [{"digest_id": digest_id, "kind": k, "status": "pending", "attempts": 0, "next_attempt_at": now}
                         for k in record.kinds],
                    )
                if delivered:
                    self._mark_delivered(conn, digest_id, record.profile, now)
                return digest_id
        except sa.exc.IntegrityError:
            if record.key is not None and (existing := self.digest_by_key(record.key)) is not None:
                return existing.id  # another process made it a moment ago
            raise

    def _mark_delivered(self, conn: Connection, digest_id: int, profile: str, now: datetime) -> None:
        keys = dict(conn.execute(
            sa.select(digest_entries.c.entry_id, digest_entries.c.story_key).where(digest_entries.c.digest_id == digest_id)
        ).all())
        done = set(
            conn.execute(
                sa.select(deliveries.c.entry_id).where(deliveries.c.profile == profile, deliveries.c.entry_id.in_(list(keys)))
            ).scalars()
        )
        rows = [{"profile": profile, "entry_id": e, "digest_id": digest_id, "delivered_at": now, "story_key": k}
                for e, k in keys.items() if e not in done]
        if rows:
            conn.execute(deliveries.insert(), rows)

    def digest_by_key(self, key: str) -> "StoredDigest | None":
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(digests).where(digests.c.key == key)).first()
        return _digest(row) if row else None

    def digest(self, digest_id: int) -> "StoredDigest":
        with self.engine.connect() as conn:
            return _digest(conn.execute(sa.select(digests).where(digests.c.id == digest_id)).one())

    def recent_digests(self, profile: str | None = None, limit: int = 10, with_bodies: bool = False) -> list["StoredDigest"]:
        query = sa.select(digests).order_by(digests.c.created_at.desc(), digests.c.id.desc()).limit(limit)
        if profile is not None:
            query = query.where(digests.c.profile == profile)
        if with_bodies:
            query = query.where(digests.c.body_html.is_not(None))
        with self.engine.connect() as conn:
            return [_digest(r) for r in conn.execute(query)]

    # -- outbox ------------------------------------------------------------------------------

    def outbox_rows(self, digest_id: int | None = None, due: datetime | None = None) -> list["OutboxRow"]:
        """Rows still to send: of one digest, or all pending ones due by ``due``."""
        query = sa.select(outbox).order_by(outbox.c.id)
        if digest_id is not None:
            query = query.where(outbox.c.digest_id == digest_id)
        if due is not None:
            query = query.where(outbox.c.status == "pending", outbox.c.next_attempt_at <= due)
        with self.engine.connect() as conn:
            return [OutboxRow(r.id, r.digest_id, r.kind, r.status, r.stage, r.attempts, _utc(r.next_attempt_at), r.last_error,
                              _utc(r.sent_at)) for r in conn.execute(query)]

    def outbox_update(self, row_id: int, **values: object) -> None:
        """One committed step of a delivery (sending, stage, sent, retry, failed): the crash-safe record."""
        with self.engine.begin() as conn:
            if values.get("status") == "sending":
                values["attempts"] = outbox.c.attempts + 1
            conn.execute(outbox.update().where(outbox.c.id == row_id).values(**values))

    def settle_digest(self, digest_id: int, now: datetime) -> str:
        """The digest's state from its deliveries; entries count as delivered only when all were sent."""
        with self.engine.begin() as conn:
            statuses = conn.execute(sa.select(outbox.c.status).where(outbox.c.digest_id == digest_id)).scalars().all()
            row = conn.execute(sa.select(digests.c.profile, digests.c.status).where(digests.c.id == digest_id)).one()
            if statuses and all(s == "sent" for s in statuses):
                status = "sent"
            elif any(s in ("pending", "sending") for s in statuses):
                status = "pending"
            elif statuses:
                status = "failed"
            else:
                status = row.status
            if status == "sent" and row.status != "sent":
                self._mark_delivered(conn, digest_id, row.profile, now)
            conn.execute(digests.update().where(digests.c.id == digest_id).values(status=status))
            return str(status)

    def recover_interrupted(self) -> list["OutboxRow"]:
        """Deliveries a crash left 'sending': back to pending, except an e-mail whose end of data
        reached the server (it accepted it, most likely, and a resend would be a second copy)."""
        rows = [r for r in self.outbox_rows() if r.status == "sending"]
        for r in rows:
            if r.stage == "awaiting-reply":
                self.outbox_update(r.id, status="sent", stage=None,
                                   last_error="interrupted after the server had the whole message; counted as sent")
            else:
                self.outbox_update(r.id, status="pending", stage=None)
        return rows

    def entry_counts(self) -> tuple[int, int]:
        """(entries known, entries past retention that keep only their keys)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((entries.c.text_origin == PRUNED, 1), else_=0)), 0)
            ).select_from(entries)).one()
        return int(row[0]), int(row[1])

    def file_size(self) -> int | None:
        """Bytes of the SQLite file (None for a server database)."""
        path = self.engine.url.database if self.engine.url.get_backend_name() == "sqlite" else None
        try:
            return os.path.getsize(path) if path and path != ":memory:" else None
        except OSError:
            return None

    def failing_feeds(self) -> list[tuple[str, str | None, str, datetime | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(feeds.c.url, feeds.c.title, feeds.c.error, feeds.c.error_since).where(feeds.c.error.is_not(None))
            )
            return [(r.url, r.title, r.error, _utc(r.error_since)) for r in rows]

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


class InstanceLock:
    """Only one daemon per database: an OS file lock for SQLite (released even on kill -9),
    a session advisory lock for PostgreSQL."""

    def __init__(self, store: Store):
        self.store = store
        self._file: object | None = None
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
            self._file.close()  # type: ignore[attr-defined]
            self._file = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
