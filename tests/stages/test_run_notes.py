"""What a run tells the reader besides the stories: failed article pages, feed warnings, dates
that cannot be right, and a parser that died."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timedelta, timezone

from bot.models import FeedProblem, FeedResult, FeedSource
from bot.pipeline import _credible, _parsed, _with_notes
from bot.store import StoredEntry

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
TEASERS = FeedSource("https://teasers.example/rss", "Teasers")
GOOD = FeedSource("https://good.example/rss", "Good")
BAD = FeedSource("https://bad.example/rss", "Bad")


def entry(n: int, feed: FeedSource) -> StoredEntry:
    return StoredEntry(id=n, feed_url=feed.url, feed_title=None, guid=None, link=f"{feed.url}/{n}", title=f"t{n}",
                       author=None, published=NOW, first_seen=NOW, content="", content_is_html=False, language=None,
                       text=None, text_origin=None)


def test_failed_pages_are_counted_per_feed_with_the_commonest_reason():
    failures = [(entry(1, TEASERS), "the server answered HTTP 404 Not Found"),
                (entry(2, TEASERS), "the server answered HTTP 404 Not Found"),
                (entry(3, TEASERS), "connection refused")]
    problems = _with_notes([], [FeedResult(TEASERS), FeedResult(GOOD)], failures)
    assert problems == [FeedProblem(TEASERS.url, "Teasers", "3 article pages could not be read (commonest: HTTP 404 Not Found);"
                                    " their feed text was used", failed=False)]


def test_one_failed_page_and_a_warning_share_the_feed_line():
    results = [FeedResult(TEASERS, warning="the feed has 730 items: kept the newest 500, left out 230"), FeedResult(GOOD)]
    problems = _with_notes([], results, [(entry(1, TEASERS), "not an HTML page")])
    assert [p.reason for p in problems] == [
        "the feed has 730 items: kept the newest 500, left out 230; "
        "1 article page could not be read (commonest: not an HTML page); its feed text was used"]
    assert not problems[0].failed


def test_a_failed_feed_keeps_its_line_and_since_and_page_failures_join_it():
    failed = FeedProblem(BAD.url, "Bad", "the server answered HTTP 500", NOW - timedelta(days=1))
    problems = _with_notes([failed], [FeedResult(BAD, problem="the server answered HTTP 500")],
                           [(entry(1, BAD), "connection refused")])
    assert len(problems) == 1 and problems[0].failed and problems[0].since == failed.since
    assert problems[0].reason.startswith("the server answered HTTP 500; 1 article page could not be read")


def test_nothing_to_say_adds_nothing():
    assert _with_notes([], [FeedResult(GOOD), FeedResult(TEASERS, not_modified=True)], []) == []


def test_dates_beyond_a_day_ahead_are_unknown():
    assert _credible(None, NOW) is None
    assert _credible(NOW - timedelta(days=3), NOW) == NOW - timedelta(days=3)
    assert _credible(NOW + timedelta(hours=20), NOW) == NOW + timedelta(hours=20)  # a clock or zone off: kept
    assert _credible(NOW + timedelta(days=2), NOW) is None
    assert _credible(datetime(2999, 1, 1, tzinfo=timezone.utc), NOW) is None
    assert _credible(datetime(9999, 12, 31, tzinfo=timezone.utc), NOW) is None


def test_a_parser_that_dies_is_the_feeds_problem():
    broken: Future[FeedResult] = Future()
    broken.set_exception(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    result = _parsed(broken, BAD)
    assert result.source == BAD and result.entries == []
    assert result.problem == "could not be parsed: BrokenProcessPool: A process in the process pool was terminated abruptly"
    fine: Future[FeedResult] = Future()
    fine.set_result(FeedResult(GOOD))
    assert _parsed(fine, GOOD) == FeedResult(GOOD)
