"""Feeds: their HTTP caches, what each fetch brought (entries deduped on first sight), which fail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.models import Entry, FeedResult, HttpCache
from bot.store.rows import _utc
from bot.store.schema import FEED_LOCK, PRUNED, entries, feeds, insert_if_absent, inserted_id, write_lock
from bot.urls import canonical_url


class FeedsMixin:
    engine: Engine

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
        tracking-parameter churn do not make an old entry new again. Two runs recording one feed at
        once take turns (:func:`write_lock`), so neither stores an entry the other just stored.
        """
        with self.engine.begin() as conn:
            write_lock(conn, FEED_LOCK, result.source.url)
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
        """The feed's row, made if new; two runs meeting a new feed at once share one row."""
        query = sa.select(feeds.c.id).where(feeds.c.url == url)
        found = conn.execute(query).scalar()
        if found is None:
            insert_if_absent(conn, feeds, [{"url": url}], ["url"])
            found = conn.execute(query).scalar_one()
        return int(found)

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
                entry_id = inserted_id(conn.execute(
                    entries.insert().values(
                        feed_id=feed_id,
                        guid=item.guid,
                        canonical_link=link,
                        published=item.published,
                        first_seen=now,
                        **values,
                    )
                ))
            if item.guid:
                by_guid[item.guid] = entry_id
            if link:
                by_link[link] = entry_id
            if entry_id not in ids:
                ids.append(int(entry_id))
        return ids

    def failing_feeds(self) -> list[tuple[str, str | None, str, datetime | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(feeds.c.url, feeds.c.title, feeds.c.error, feeds.c.error_since).where(feeds.c.error.is_not(None))
            )
            return [(r.url, r.title, r.error, _utc(r.error_since)) for r in rows]
