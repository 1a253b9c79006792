"""Feeds: their HTTP caches, what each fetch brought (entries deduped on first sight), which fail."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.models import Entry, FeedResult, HttpCache
from bot.store.rows import _utc
from bot.store.schema import FEED_LOCK, PRUNED, entries, feeds, insert_if_absent, inserted_id, lock_id, write_lock
from bot.urls import canonical_url


class _New:
    """An entry of this fetch not stored yet: its place among the rows to insert."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


IN_CHUNK = 500  # values in one IN (...) list at most (old SQLite builds allow 999 parameters)


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for k in range(0, len(values), IN_CHUNK):
        yield values[k : k + IN_CHUNK]


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
        feed with a problem, since when it has been failing. See :meth:`record_fetches`."""
        return self.record_fetches([result], now)[0]

    def record_fetches(self, results: list[FeedResult], now: datetime) -> list[tuple[list[int], datetime | None]]:
        """:meth:`record_fetch` of several feeds in one transaction (one commit, not one a feed), in
        the order given.

        Dedupe: an entry is the one already stored for this feed with the same GUID, or else
        with the same canonical link (tracking parameters stripped), so GUID churn and
        tracking-parameter churn do not make an old entry new again. Two runs recording one feed at
        once take turns (:func:`write_lock`), so neither stores an entry the other just stored.

        The batch costs a handful of statements, not a handful per feed: the feeds' rows are read
        (and the new ones made) together, their updates sent as one executemany per set of columns,
        their known entries read in one SELECT, every new entry inserted in one statement (in the
        order of the feeds and their items, so ids come out as feed-by-feed recording gives them).
        """
        if not results:
            return []
        with self.engine.begin() as conn:
            # Every feed's lock first, in one order (PostgreSQL: advisory locks; SQLite: one BEGIN
            # IMMEDIATE), so two runs recording overlapping batches wait for each other, never deadlock.
            urls = sorted({r.source.url for r in results}, key=lambda u: (lock_id(u), u))
            for url in urls if conn.dialect.name != "sqlite" else urls[:1]:
                write_lock(conn, FEED_LOCK, url)
            if len(urls) < len(results):  # a feed twice: the later result must see what the earlier stored
                return [self._record_batch(conn, [result], now)[0] for result in results]
            return self._record_batch(conn, results, now)

    def _record_batch(self, conn: Connection, results: list[FeedResult],
                      now: datetime) -> list[tuple[list[int], datetime | None]]:
        """Record feeds of distinct URLs (see :meth:`record_fetches`)."""
        rows = self._feed_rows(conn, [r.source.url for r in results])
        updates: dict[tuple[str, ...], list[dict[str, object]]] = {}
        failing: list[datetime | None] = []
        for result in results:
            feed_id, error_since = rows[result.source.url]
            update: dict[str, object] = {"last_checked": now, "last_status": result.status}
            failing_since = None
            if result.problem:
                failing_since = _utc(error_since) or now
                update.update(error=result.problem, error_since=failing_since)
            else:
                update.update(error=None, error_since=None, last_ok=now)
                if not result.not_modified:
                    update.update(etag=result.etag, last_modified=result.last_modified)
                if result.title:
                    update["title"] = result.title
            failing.append(failing_since)
            updates.setdefault(tuple(update), []).append({"fid": feed_id, **{f"v_{k}": v for k, v in update.items()}})
        for columns, params in updates.items():
            statement = feeds.update().where(feeds.c.id == sa.bindparam("fid")).values(
                {k: sa.bindparam(f"v_{k}") for k in columns})
            conn.execute(statement, params)
        with_entries = [rows[r.source.url][0] for r in results if r.entries]
        known: dict[int, list[Any]] = {feed_id: [] for feed_id in with_entries}
        for part in _chunks(with_entries):
            for row in conn.execute(
                sa.select(entries.c.id, entries.c.feed_id, entries.c.guid, entries.c.canonical_link, entries.c.text_origin)
                .where(entries.c.feed_id.in_(part)).order_by(entries.c.id)
            ):
                known[row.feed_id].append(row)
        new_rows: list[dict[str, object]] = []
        changes: dict[int, dict[str, object]] = {}
        orders = [self._plan_entries(rows[r.source.url][0], r.entries, known[rows[r.source.url][0]], now, new_rows, changes)
                  if r.entries else [] for r in results]
        made = self._insert_entries(conn, new_rows)
        self._update_entries(conn, changes)
        return [([made[e.index] if isinstance(e, _New) else e for e in order], since) for order, since in zip(orders, failing)]

    def _feed_rows(self, conn: Connection, urls: list[str]) -> dict[str, tuple[int, datetime | None]]:
        """Each feed's (id, failing since), its row made if new (in the order given); two runs meeting a
        new feed at once share one row."""
        def read(wanted: list[str]) -> dict[str, tuple[int, datetime | None]]:
            found: dict[str, tuple[int, datetime | None]] = {}
            for part in _chunks(wanted):
                query = sa.select(feeds.c.id, feeds.c.url, feeds.c.error_since).where(feeds.c.url.in_(part))
                found.update((r.url, (int(r.id), r.error_since)) for r in conn.execute(query))
            return found

        rows = read(urls)
        missing = [u for u in urls if u not in rows]
        if missing:
            insert_if_absent(conn, feeds, [{"url": u} for u in missing], ["url"])
            rows.update(read(missing))
        return rows

    def _plan_entries(self, feed_id: int, items: list[Entry], known: list[Any], now: datetime,
                      new_rows: list[dict[str, object]], updates: dict[int, dict[str, object]]) -> list[int | _New]:
        """One feed's items matched with its ``known`` entries: rows to insert go on ``new_rows``, known
        entries' new values in ``updates``; returns each item's entry (a known id or a row to insert)."""
        pruned = {r.id for r in known if r.text_origin == PRUNED}
        by_guid: dict[str, int | _New] = {r.guid: r.id for r in known if r.guid}
        by_link: dict[str, int | _New] = {r.canonical_link: r.id for r in known if r.canonical_link}
        order: list[int | _New] = []  # each item's entry: a known id, or a row still to insert
        for item in items:
            link = canonical_url(item.link)
            entry = (item.guid and by_guid.get(item.guid)) or (link and by_link.get(link)) or None
            if isinstance(entry, int) and entry in pruned:
                continue  # past retention: its keys stay (so it is never new again), its text is gone
            values: dict[str, object] = {
                "title": item.title,
                "author": item.author,
                "content": item.content,
                "content_is_html": item.content_is_html,
                "standfirst": item.standfirst or None,
                "language": item.language,
                "link": item.link,
            }
            if isinstance(entry, _New):  # a repeat within this fetch of an item not stored before
                new_rows[entry.index].update(values)
            elif entry is not None:
                updates[entry] = values
            else:
                entry = _New(len(new_rows))
                new_rows.append({"feed_id": feed_id, "guid": item.guid, "canonical_link": link, "published": item.published,
                                 "first_seen": now, **values})
            if item.guid:
                by_guid[item.guid] = entry
            if link:
                by_link[link] = entry
            if entry not in order:
                order.append(entry)
        return order

    def _update_entries(self, conn: Connection, updates: dict[int, dict[str, object]]) -> None:
        """Known entries get their feed's new values, in id order, as save_texts does: two transactions
        that lock the same rows in one order wait for each other instead of deadlocking (PostgreSQL
        would abort one). A changed body makes the cached article text stale; an unchanged one keeps it."""
        if not updates:
            return
        ids = sorted(updates)
        old: dict[int, object] = {}
        for part in _chunks(ids):
            old.update(conn.execute(sa.select(entries.c.id, entries.c.content).where(entries.c.id.in_(part))).all())
        stale: list[dict[str, object]] = []
        fresh: list[dict[str, object]] = []
        for entry_id in ids:
            changed: dict[str, object] = {f"v_{k}": v for k, v in updates[entry_id].items()}
            changed["eid"] = entry_id
            (fresh if old.get(entry_id) == updates[entry_id]["content"] else stale).append(changed)
        columns: dict[str, object] = {k: sa.bindparam(f"v_{k}") for k in next(iter(updates.values()))}
        where = entries.c.id == sa.bindparam("eid")
        if stale:
            conn.execute(entries.update().where(where).values(text=None, text_origin=None, **columns), stale)
        if fresh:
            conn.execute(entries.update().where(where).values(**columns), fresh)

    def _insert_entries(self, conn: Connection, rows: list[dict[str, object]]) -> list[int]:
        """INSERT the rows in one statement (many VALUES, RETURNING); their ids, in order."""
        if not rows:
            return []
        if conn.dialect.insert_executemany_returning_sort_by_parameter_order:
            stmt = entries.insert().returning(entries.c.id, sort_by_parameter_order=True)
            return [int(i) for i in conn.execute(stmt, rows).scalars()]
        return [inserted_id(conn.execute(entries.insert().values(**row))) for row in rows]

    def failing_feeds(self) -> list[tuple[str, str | None, str, datetime | None]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(feeds.c.url, feeds.c.title, feeds.c.error, feeds.c.error_since).where(feeds.c.error.is_not(None))
            )
            return [(r.url, r.title, r.error, _utc(r.error_since)) for r in rows]
