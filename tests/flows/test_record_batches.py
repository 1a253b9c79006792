"""Known feeds that bring no entries (304, a problem) are recorded together: a run whose feeds all answer 304 makes
a few commits, not one for every few feeds that answered meanwhile; a feed that brings entries is recorded at once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from support.feeds import rss, unique_body
from support.http import FeedServer, Route
from support.pipeline import config_for

from bot.config import parse_config
from bot.fetch import Http, HttpSettings
from bot.outbox import mark_delivered
from bot.pipeline import RECORD_BATCH, RunReport, run
from bot.store import open_store
from bot.store.schema import feeds
from bot.workers import Workers

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
FEEDS = RECORD_BATCH + 10


def _feeds(server: FeedServer, n: int) -> list[str]:
    urls = []
    for k in range(n):
        item = {"title": f"Report {k} on the {unique_body(k, 1)[3:30]}", "link": server.url(f"/p/{k}"), "guid": f"g-{k}",
                "date": NOW - timedelta(hours=1), "body": unique_body(k, sentences=3)}
        server.routes[f"/f{k}.xml"] = Route(body=rss([item]), etag=f'"v{k}"')
        urls.append(server.url(f"/f{k}.xml"))
    return urls


def _run(urls: list[str], db, now: datetime, calls: list[int]) -> tuple[RunReport, dict[str, datetime]]:
    config = parse_config(config_for(urls), "test config")
    store = open_store(f"sqlite:///{db}")
    real = store.record_fetches

    def counted(results, when):
        calls.append(len(results))
        return real(results, when)

    store.record_fetches = counted  # type: ignore[method-assign]
    try:
        with Http(HttpSettings(timeout=10)) as http, Workers(1) as workers:
            report = run(config, "main", store, http, workers, now)
        mark_delivered(store, report, now)
        with store.engine.connect() as conn:
            checked = {r.url: r.last_checked for r in conn.execute(sa.select(feeds.c.url, feeds.c.last_checked))}
        return report, checked
    finally:
        store.close()


def test_feeds_answering_304_are_recorded_in_full_batches(server: FeedServer, tmp_path):
    urls = _feeds(server, FEEDS)
    first: list[int] = []
    report, _ = _run(urls, tmp_path / "s.db", NOW, first)
    assert report.digest.article_count == FEEDS and sum(first) == FEEDS
    assert list(report.cpu) == ["feeds", "articles", "group"] and report.cpu["articles"] > 0  # (this process's CPU)
    server.routes["/f7.xml"] = Route(status=500, body=b"down", content_type="text/plain")  # a known feed failing: it waits too
    later = NOW + timedelta(hours=1)
    again: list[int] = []
    report, checked = _run(urls, tmp_path / "s.db", later, again)
    assert report.feeds_not_modified == FEEDS - 1 and report.digest.article_count == 0
    assert [(p.url, p.failed, p.since) for p in report.digest.problems] == [(urls[7], True, later)]
    assert again == [RECORD_BATCH, FEEDS - RECORD_BATCH]  # the last batch when the last feed has answered
    assert len(checked) == FEEDS and all(t.replace(tzinfo=timezone.utc) == later for t in checked.values())


def test_a_feed_with_new_entries_is_recorded_with_the_304s_before_it(server: FeedServer, tmp_path):
    urls = _feeds(server, FEEDS)
    _run(urls, tmp_path / "s.db", NOW, [])
    fresh = {"title": "A fresh report on the harbour", "link": server.url("/p/new"), "guid": "g-new",
             "date": NOW + timedelta(minutes=30), "body": unique_body(999, sentences=3)}
    server.routes["/f3.xml"] = Route(body=rss([fresh]), etag='"v3-new"')
    calls: list[int] = []
    report, checked = _run(urls, tmp_path / "s.db", NOW + timedelta(hours=1), calls)
    assert [a.title for s in report.digest.stories for a in s.articles] == [fresh["title"]]
    assert sum(calls) == FEEDS and len(calls) <= 3 and all(c <= RECORD_BATCH for c in calls)
    assert len({t for t in checked.values()}) == 1
