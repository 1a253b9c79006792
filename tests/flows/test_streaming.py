"""The streaming pipeline: a feed's articles start as soon as it answers, and the digest is the same
whatever order feeds answer in and wherever the work runs (inline, or the process pool)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from support.feeds import rss, unique_body
from support.http import FeedServer, Route
from support.pipeline import config_for

from bot.articles import ArticleJob, prepare_article
from bot.config import parse_config
from bot.fetch import Http, HttpSettings
from bot.pipeline import RunReport, run
from bot.store import open_store
from bot.workers import PARALLEL_FROM, Workers

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
SLOW = 2.0


def _page(n: int) -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><title>Report {n}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Report {n}</h1>{unique_body(n, sentences=8)}</article><footer>Contact us</footer></body></html>"
            ).encode()


def _farm(server: FeedServer, feeds: int, items: int, slow: set[int] = frozenset()) -> list[str]:
    """Teaser-only feeds whose items share publication dates across feeds (ties the order must break);
    every feed's first item is the same wire copy, so which outlet leads that story depends on that order."""
    urls = []
    for k in range(feeds):
        entries = []
        for i in range(items):
            n = k * 100 + i if i else 99
            path = f"/p/{k}-{n}.html"
            server.routes[path] = Route(body=_page(n), content_type="text/html; charset=utf-8")
            entries.append({"title": f"Report {n} on the {unique_body(n, 1)[3:30]}", "link": server.url(path),
                            "guid": f"g-{n}", "date": NOW - timedelta(hours=1 + i), "body": "A short teaser."})
        server.routes[f"/f{k}.xml"] = Route(body=rss(entries), delay=SLOW if k in slow else 0.0)
        urls.append(server.url(f"/f{k}.xml"))
    return urls


def _run(urls: list[str], db: Path, processes: int) -> RunReport:
    config = parse_config(config_for(urls), "test config")
    store = open_store(f"sqlite:///{db}")
    try:
        with Http(HttpSettings(timeout=10)) as http, Workers(processes) as workers:
            return run(config, "main", store, http, workers, NOW)
    finally:
        store.close()


def _shape(report: RunReport) -> list[list[tuple[str, str, tuple[str, ...]]]]:
    """Stories, each as its articles (title, outlet, text origin, summary) in order: all a reader sees of them."""
    return [[(a.title, a.source, a.text_origin, tuple(a.summary)) for a in s.articles] for s in report.digest.stories]


def test_a_slow_feed_holds_back_only_its_own_articles(server: FeedServer, tmp_path):
    # Loading extraction and summarising (models, rulebooks) the first time is not what is measured here.
    prepare_article(ArticleJob(0, "Warm-up", "", False, None, None, _page(1), "http://127.0.0.1:9/p", 2, None))
    urls = _farm(server, feeds=3, items=3, slow={0})
    report = _run(urls, tmp_path / "s.db", processes=1)
    assert report.first_article is not None  # the fast feeds' articles did not wait for the slow one:
    assert report.first_article < SLOW and report.first_article < report.seconds["feeds"]
    assert len([a for s in report.digest.stories for a in s.articles]) == 9
    assert all(a.text_origin == "page" for s in report.digest.stories for a in s.articles)


def test_the_digest_does_not_depend_on_which_feed_answered_first(server: FeedServer, tmp_path):
    urls = _farm(server, feeds=3, items=3)
    prompt = _run(urls, tmp_path / "a.db", processes=1)
    server.routes["/f0.xml"].delay = SLOW  # the first feed now answers last: its entries are recorded last
    late = _run(urls, tmp_path / "b.db", processes=1)
    assert _shape(prompt) and _shape(late) == _shape(prompt)


def test_the_process_pool_makes_the_same_digest_as_inline_work(server: FeedServer, tmp_path):
    urls = _farm(server, feeds=PARALLEL_FROM // 4 + 1, items=4)
    inline = _run(urls, tmp_path / "a.db", processes=1)
    pooled = _run(urls, tmp_path / "b.db", processes=2)
    assert sum(map(len, _shape(inline))) >= PARALLEL_FROM
    assert _shape(pooled) == _shape(inline)
    assert [[s for s, _ in st.summary] for st in pooled.digest.stories] == [
        [s for s, _ in st.summary] for st in inline.digest.stories]


def test_entries_left_undelivered_come_back_when_their_feed_answers_304(server: FeedServer, tmp_path):
    urls = _farm(server, feeds=2, items=2)
    for k in range(2):
        server.routes[f"/f{k}.xml"].etag = f'"v{k}"'
    first = _run(urls, tmp_path / "s.db", processes=1)  # not marked delivered
    again = _run(urls, tmp_path / "s.db", processes=1)
    assert again.feeds_not_modified == 2
    def shown(report: RunReport) -> list[tuple[str, str]]:
        return sorted((a.title, a.source) for s in report.digest.stories for a in s.articles)

    assert shown(again) == shown(first) and len(shown(again)) == 4
