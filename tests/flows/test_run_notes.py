"""What a digest says besides its stories, against a real loopback server: article pages that could
not be read are counted under "feeds with problems"; a date far in the future is not believed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from stages.test_group_events import MISSILE, REACTION
from support.feeds import item, rss, unique_body
from support.http import FeedServer, Route
from support.pipeline import config_for, run_once

from bot.render import make_environment, render

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def hours_ago(h: float) -> datetime:
    return NOW - timedelta(hours=h)


def full_text(n: int) -> str:
    return unique_body(100 + n, sentences=8)  # well over the teaser length: no page is fetched


def test_article_pages_that_fail_are_counted_for_their_feed(server: FeedServer, tmp_path):
    server.routes["/teasers.xml"] = Route(body=rss(
        [{**item(n, hours_ago(n), server.base), "title": f"Teaser number {n} on the harbour works",
          "link": server.url(f"/gone/{n}.html"), "body": "Short teaser."} for n in (1, 2, 3)], title="Teasers"))
    server.routes["/full.xml"] = Route(body=rss(
        [{**item(n, hours_ago(n)), "body": full_text(n)} for n in (4, 5)], title="Full"))
    # /gone/* is not routed: the server answers 404.
    cfg = config_for([server.url("/teasers.xml"), server.url("/full.xml")])
    report, store = run_once(cfg, tmp_path / "s.db", NOW)
    store.close()
    titles = {a.title for s in report.digest.stories for a in s.articles}
    assert {"Story number 4 about the new bridge 28", "Story number 5 about the new bridge 35"} <= titles
    assert len(titles) == 5  # the teasers too, with their feed text
    assert report.feeds_failed == 0 and not report.nothing_fetched
    [problem] = report.digest.problems
    assert problem.url == server.url("/teasers.xml") and problem.name == "Feed 0" and not problem.failed
    assert problem.reason.startswith("3 article pages could not be read (commonest: HTTP 404")
    assert problem.reason.endswith("their feed text was used")
    env = make_environment()
    for fmt in ("markdown", "html", "text"):
        out = render(report.digest, fmt, env)
        assert "Feeds with problems" in out and "3 article pages could not be read" in out, fmt
        assert "404" in out and "failing since" not in out, fmt


def _far_future_feeds(server: FeedServer) -> list[str]:
    server.routes["/wire.xml"] = Route(body=rss(
        [{"title": MISSILE.title, "link": server.url("/wire/1"), "guid": "w1", "date": hours_ago(2),
          "body": f"<p>{MISSILE.text}</p>"}], title="World Wire"))
    server.routes["/daily.xml"] = Route(body=rss(
        [{"title": REACTION.title, "link": server.url("/daily/1"), "guid": "d1", "date": hours_ago(3),
          "body": f"<p>{REACTION.text}</p>"}], title="Beijing Daily"))
    server.routes["/odd.xml"] = Route(body=rss(
        [{"title": "Orchard growers test a new frost shield", "link": server.url("/odd/1"), "guid": "o1",
          "date": datetime(2999, 1, 1, tzinfo=timezone.utc), "body": unique_body(7)},
         {"title": "Ferry timetable changes for the winter", "link": server.url("/odd/2"), "guid": "o2",
          "date": datetime(9999, 12, 31, tzinfo=timezone.utc), "body": unique_body(8)}], title="Odd Clock"))
    return [server.url("/wire.xml"), server.url("/daily.xml"), server.url("/odd.xml")]


def test_a_date_far_in_the_future_is_unknown_and_not_ranked_first(server: FeedServer, tmp_path):
    cfg = config_for(_far_future_feeds(server), extra="fetch:\n  fetch_pages: false\n")
    report, store = run_once(cfg, tmp_path / "s.db", NOW)
    stories = report.digest.stories
    leads = [s.lead.title for s in stories]
    assert len(stories) == 3, leads
    assert len(stories[0].outlets) == 2 and "missile" in stories[0].lead.title.lower(), leads
    odd = [s.lead for s in stories if s.lead.source == "Feed 2"]
    assert len(odd) == 2 and all(a.published is None for a in odd)
    for fmt in ("markdown", "html", "text"):
        out = render(report.digest, fmt, make_environment())
        assert "2999" not in out and "9999" not in out, fmt
    # The store keeps what the feed said, and its window used first seen: nothing comes back next time.
    later, store2 = run_once(cfg, tmp_path / "s.db", NOW + timedelta(hours=1))
    store.close()
    store2.close()
    assert later.digest.stories == []

