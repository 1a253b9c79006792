"""Entries: what is new for a profile, cached texts, the history grouping learns from, retention."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store.rows import StoredEntry, _entry
from bot.store.schema import PRUNED, _not_pruned, deliveries, digest_entries, digests, entries, feeds

SAVE_CHUNK = 250  # texts bound at once by save_texts


def _copy(text: str) -> str:
    """An equal string that is another object (``str(text)`` and slices of the whole give the same one)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


class EntriesMixin:
    engine: Engine

    def undelivered(
        self, profile: str, feed_urls: list[str], since: datetime | None, limit: int | None = None,
        include_delivered: bool = False,
    ) -> list[StoredEntry]:
        """Entries of these feeds not yet delivered by ``profile``, seen or published at or after ``since``;
        ``include_delivered``: delivered ones too (a look-back over the window, `digest --since`)."""
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
            .where(feeds.c.url.in_(feed_urls), _not_pruned)
            .order_by(date.desc(), entries.c.id)
        )
        if not include_delivered:
            query = query.where(entries.c.id.not_in(delivered), entries.c.id.not_in(in_flight))
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
                .values(content="", content_is_html=False, text=None, text_origin=PRUNED, standfirst=None)
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
        """Cache extracted text per entry, so a page is fetched and cleaned once.

        Each text is bound as a copy, a few hundred at a time: the database driver leaves a UTF-8
        copy of every string it binds on that string, which would double the memory of the texts
        the caller still holds (a run keeps its articles' texts until the digest is made)."""
        if not texts:
            return
        rows = sorted(texts.items())  # id order: see record_fetch
        statement = entries.update().where(entries.c.id == sa.bindparam("eid")).values(
            text=sa.bindparam("t"), text_origin=sa.bindparam("o"))
        with self.engine.begin() as conn:
            for k in range(0, len(rows), SAVE_CHUNK):
                conn.execute(statement, [{"eid": i, "t": _copy(t), "o": o} for i, (t, o) in rows[k : k + SAVE_CHUNK]])

    def entry_counts(self) -> tuple[int, int]:
        """(entries known, entries past retention that keep only their keys)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(
                sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((entries.c.text_origin == PRUNED, 1), else_=0)), 0)
            ).select_from(entries)).one()
        return int(row[0]), int(row[1])

    def delivered_count(self, profile: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(sa.select(sa.func.count()).select_from(deliveries).where(deliveries.c.profile == profile)).scalar()
                or 0
            )
