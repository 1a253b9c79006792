"""The pipeline against a real HTTP server on 127.0.0.1 and a real SQLite file."""

from __future__ import annotations

import socket
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.feeds import NOWHERE, atom, item, rss
from support.http import FeedServer, Route
from support.pipeline import config_for, failures, run_once

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def hours_ago(h: float) -> datetime:
    return NOW - timedelta(hours=h)


def titles(report) -> list[str]:
    return [a.title for s in report.digest.stories for a in s.articles]


def test_conditional_get_second_run_sends_validators_and_gets_304(server: FeedServer, state):
    server.routes["/feed.xml"] = Route(
        body=rss([item(1, hours_ago(2)), item(2, hours_ago(3))]),
        etag='"v1"',
        last_modified="Sat, 21 Nov 2026 10:00:00 GMT",
    )
    cfg = config_for([server.url("/feed.xml")])
    first, store = run_once(cfg, state, NOW)
    store.close()
    assert len(titles(first)) == 2
    assert "if-none-match" not in server.requests[0].headers

    second, store = run_once(cfg, state, NOW + timedelta(hours=1))
    store.close()
    sent = server.requests[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Sat, 21 Nov 2026 10:00:00 GMT"
    assert second.feeds_not_modified == 1
    assert failures(second) == []
    assert titles(second) == []


def test_user_agent_is_honest(server: FeedServer, tmp_path):
    server.routes["/feed.xml"] = Route(body=rss([item(1, hours_ago(1))]))
    run_once(config_for([server.url("/feed.xml")]), tmp_path / "s.db", NOW)[1].close()
    assert server.requests[0].headers["user-agent"].startswith("newsdigest/")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "kind, route, expect",
    [
        ("404", Route(status=404, body=b"gone", content_type="text/plain"), "HTTP 404"),
        ("500", Route(status=500, body=b"oops", content_type="text/plain"), "HTTP 500"),
        ("html page", Route(body=b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>", content_type="text/html"),
         "HTML page, not a feed"),
        ("garbage", Route(body=b"\x00\x01\x02 this is not xml {{{", content_type="application/xml"), "not a feed"),
        ("empty", Route(body=b"", content_type="application/xml"), "empty body"),
        ("timeout", Route(body=rss([]), delay=2.5), "took longer than 1 s"),
        ("dropped", Route(drop=True), "transfer failed"),
        ("too large", Route(body=b"<rss>" + b" " * 3_000_000 + b"</rss>"), "larger than"),
        ("bad json feed", Route(body=b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}',
                                content_type="application/feed+json"), "items"),
    ],
)
def test_each_failure_kind_is_a_problem_line_and_the_digest_is_still_made(server: FeedServer, tmp_path, kind, route, expect):
    server.routes["/good.xml"] = Route(body=rss([item(1, hours_ago(1))]))
    server.routes["/bad"] = route
    cfg = config_for([server.url("/good.xml"), server.url("/bad")], extra="fetch:\n  max_bytes: 1000000\n")
    report, store = run_once(cfg, tmp_path / "s.db", NOW, timeout=1.0)
    store.close()
    assert len(titles(report)) == 1, kind
    assert [p.url for p in failures(report)] == [server.url("/bad")]
    assert expect in failures(report)[0].reason
    assert not report.nothing_fetched


def test_refused_and_unresolvable_hosts_are_problems(server: FeedServer, tmp_path):
    server.routes["/good.xml"] = Route(body=rss([item(1, hours_ago(1))]))
    refused = f"http://127.0.0.1:{_closed_port()}/feed.xml"
    unresolvable = "http://no-such-host.invalid/feed.xml"
    report, store = run_once(config_for([server.url("/good.xml"), refused, unresolvable]), tmp_path / "s.db", NOW, timeout=3.0)
    store.close()
    reasons = {p.url: p.reason for p in failures(report)}
    assert "refused" in reasons[refused]
    assert "no-such-host.invalid" in reasons[unresolvable]
    assert len(titles(report)) == 1


def test_all_feeds_failing_reports_nothing_fetched(server: FeedServer, tmp_path):
    server.routes["/bad"] = Route(status=503, body=b"", content_type="text/plain")
    report, store = run_once(config_for([server.url("/bad")]), tmp_path / "s.db", NOW)
    store.close()
    assert report.nothing_fetched
    assert failures(report)[0].reason.startswith("the server answered HTTP 503")


def test_problem_since_is_kept_across_runs(server: FeedServer, state):
    server.routes["/bad"] = Route(status=500, body=b"", content_type="text/plain")
    cfg = config_for([server.url("/bad")])
    run_once(cfg, state, NOW)[1].close()
    later, store = run_once(cfg, state, NOW + timedelta(hours=5))
    store.close()
    assert failures(later)[0].since == NOW


def test_dedupe_across_guid_and_tracking_parameter_churn(server: FeedServer, state):
    base = server.base
    server.routes["/feed.xml"] = Route(body=rss([item(1, hours_ago(2), base), item(2, hours_ago(3), base)]))
    cfg = config_for([server.url("/feed.xml")])
    first, store = run_once(cfg, state, NOW)
    store.close()
    assert len(titles(first)) == 2
    # The same two articles come back: one with a new GUID, one with tracking parameters and a new GUID
    # and an edited title; a third is really new.
    churned = [
        {**item(1, hours_ago(2), base), "guid": "brand-new-guid-1"},
        {**item(2, hours_ago(3), base), "guid": "another-guid", "title": "Story number 2 (updated)",
         "link": f"{base}/news/2?utm_source=rss&utm_medium=feed&utm_campaign=x#top"},
        item(3, hours_ago(1), base),
    ]
    server.routes["/feed.xml"] = Route(body=rss(churned))
    second, store = run_once(cfg, state, NOW + timedelta(hours=1))
    store.close()
    assert titles(second) == [item(3, NOW)["title"]]


def test_dry_run_marks_nothing_delivered(server: FeedServer, state):
    server.routes["/feed.xml"] = Route(body=rss([item(1, hours_ago(1)), item(2, hours_ago(2))]))
    cfg = config_for([server.url("/feed.xml")])
    dry, store = run_once(cfg, state, NOW, deliver=False)
    assert store.delivered_count("main") == 0
    store.close()
    again, store = run_once(cfg, state, NOW + timedelta(minutes=5))
    assert sorted(titles(again)) == sorted(titles(dry)) and len(titles(dry)) == 2
    assert store.delivered_count("main") == 2
    store.close()
    third, store = run_once(cfg, state, NOW + timedelta(minutes=10))
    store.close()
    assert titles(third) == []


def test_first_run_takes_only_the_window_not_the_whole_history(server: FeedServer, tmp_path):
    items = [item(n, hours_ago(h)) for n, h in [(1, 1), (2, 20), (3, 30), (4, 24 * 90)]]
    server.routes["/feed.xml"] = Route(body=atom(items))
    report, store = run_once(config_for([server.url("/feed.xml")]), tmp_path / "s.db", NOW)
    store.close()
    assert sorted(titles(report)) == sorted([items[0]["title"], items[1]["title"]])


def test_since_option_narrows_the_window(server: FeedServer, tmp_path):
    items = [item(1, hours_ago(1)), item(2, hours_ago(5))]
    server.routes["/feed.xml"] = Route(body=rss(items))
    report, store = run_once(config_for([server.url("/feed.xml")]), tmp_path / "s.db", NOW, since=timedelta(hours=2))
    store.close()
    assert titles(report) == [items[0]["title"]]


TEASER_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Dam repairs begin</title>
<script>track()</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie">We use cookies. Accept all cookies</div>
<article><h1>Dam repairs begin after record floods</h1>
<p>Engineers began repairing the Oldwater dam on Monday after record floods damaged its northern wall last month.</p>
<p>The regional water authority said the work would take about eight weeks and cost close to four million euros.</p>
<p>Residents downstream were told that the reservoir level would be kept low until the repairs are complete.</p>
<p>Sign up for our newsletter</p>
<p>Read more: Floods cause chaos across the valley</p>
<p>Inspectors found cracks in two concrete sections, but said the structure was never at risk of failing.</p>
<p>The authority will publish weekly updates on its website while the work continues through the winter.</p>
</article>
<footer>© 2026 Example News. All rights reserved.</footer></body></html>"""


def test_teaser_feed_gets_page_text_without_boilerplate(server: FeedServer, tmp_path):
    server.routes["/teaser.xml"] = Route(
        body=rss([{**item(1, hours_ago(1), server.base), "title": "Dam repairs begin after record floods",
                   "link": server.url("/articles/dam.html"), "body": "Repairs start on the dam."}])
    )
    server.routes["/articles/dam.html"] = Route(body=TEASER_PAGE.encode(), content_type="text/html; charset=utf-8")
    report, store = run_once(config_for([server.url("/teaser.xml")]), tmp_path / "s.db", NOW)
    store.close()
    article = report.digest.stories[0].lead
    assert article.text_origin == "page"
    assert "eight weeks" in article.text
    for junk in ("Sign up", "Read more", "cookies", "All rights reserved", "track()"):
        assert junk not in article.text
    assert len(article.summary) == 2
    assert report.pages_fetched == 1


def test_teaser_page_failure_keeps_the_feed_text(server: FeedServer, tmp_path):
    server.routes["/teaser.xml"] = Route(
        body=rss([{**item(1, hours_ago(1), server.base), "link": server.url("/missing.html"),
                   "body": "The council approved the budget for next year after a long debate."}])
    )
    report, store = run_once(config_for([server.url("/teaser.xml")]), tmp_path / "s.db", NOW)
    store.close()
    article = report.digest.stories[0].lead
    assert article.text_origin == "feed"
    assert "approved the budget" in article.text
    assert report.page_problems and "404" in report.page_problems[0][1]


def test_page_text_is_cached_so_a_page_is_fetched_once(server: FeedServer, state):
    server.routes["/teaser.xml"] = Route(
        body=rss([{**item(1, hours_ago(1), server.base), "link": server.url("/articles/dam.html"), "body": "Teaser."}])
    )
    server.routes["/articles/dam.html"] = Route(body=TEASER_PAGE.encode(), content_type="text/html")
    cfg = config_for([server.url("/teaser.xml")])
    run_once(cfg, state, NOW, deliver=False)[1].close()
    run_once(cfg, state, NOW, deliver=False)[1].close()
    assert [r.path for r in server.requests].count("/articles/dam.html") == 1


def test_scripts_and_pixels_in_feed_html_never_reach_the_digest(server: FeedServer, tmp_path):
    body = ("<p>The museum reopened on Saturday after a two-year renovation of its main hall and galleries.</p>"
            "<script>alert('x')</script><img src='http://tracker.example/p.gif' width='1' height='1'>"
            "<iframe src='http://ads.example/'></iframe>"
            "<p onclick='steal()'>Visitors queued for hours to see the restored ceiling paintings.</p>")
    server.routes["/feed.xml"] = Route(body=rss([{**item(1, hours_ago(1)), "body": body}]))
    report, store = run_once(config_for([server.url("/feed.xml")]), tmp_path / "s.db", NOW)
    store.close()
    text = report.digest.stories[0].lead.text
    assert "museum reopened" in text and "ceiling paintings" in text
    assert "alert" not in text and "steal" not in text and "tracker" not in text


def test_a_page_that_is_not_html_keeps_the_feed_text_with_a_reason(server: FeedServer, tmp_path):
    server.routes["/teaser.xml"] = Route(
        body=rss([{**item(1, hours_ago(1), server.base), "link": server.url("/files/report.pdf"),
                   "body": "The council approved the budget for next year after a long debate."}])
    )
    server.routes["/files/report.pdf"] = Route(body=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", content_type="application/pdf")
    report, store = run_once(config_for([server.url("/teaser.xml")]), tmp_path / "s.db", NOW)
    store.close()
    article = report.digest.stories[0].lead
    assert article.text_origin == "feed" and "approved the budget" in article.text
    assert [link for link, _ in report.page_problems] == [server.url("/files/report.pdf")]
    assert "pdf" in report.page_problems[0][1].lower()


def test_three_outlets_one_story_with_sentences_linked_to_outlets(server: FeedServer, state):
    from support.feeds import body_for

    bodies = {
        "a": "<p>Ferry crews at the northern harbour walked out on Monday over night-shift rosters, stranding passengers.</p>"
             "<p>The port authority promised talks with the ferry crews by Friday.</p>",
        "b": "<p>Passengers were stranded at the northern harbour on Monday as ferry crews walked out over rosters.</p>"
             "<p>Tugboats held cargo vessels offshore while the ferry strike went on.</p>",
        "c": "<p>A walkout by ferry crews over night-shift rosters closed the northern harbour terminal on Monday.</p>"
             "<p>Union leaders said the ferry crews had been ignored for months.</p>",
    }
    for key, body in bodies.items():
        server.routes[f"/{key}.xml"] = Route(body=rss([
            {"title": f"Ferry crews walk out at northern harbour ({key})", "link": f"{NOWHERE}/{key}/ferry",
             "guid": f"{key}-1", "date": hours_ago(1), "body": body},
            {"title": f"Unrelated story {key}", "link": f"{NOWHERE}/{key}/other", "guid": f"{key}-2",
             "date": hours_ago(2), "body": body_for({"a": 2, "b": 3, "c": 4}[key])},
        ], title=f"Outlet {key}"))
    cfg = config_for([server.url(f"/{k}.xml") for k in bodies])
    report, store = run_once(cfg, state, NOW)
    store.close()
    ferry = [s for s in report.digest.stories if "Ferry" in s.lead.title]
    assert len(ferry) == 1 and len(ferry[0].articles) == 3
    assert report.digest.stories[0] is ferry[0]  # most outlets rank first
    sources = {article.source for _, article in ferry[0].summary}
    assert len(ferry[0].summary) == 2 and len(sources) == 2
    from bot.render import make_environment, render

    md = render(report.digest, "markdown", make_environment())
    assert f"([Feed 0]({NOWHERE}/a/ferry))" in md or f"([Feed 1]({NOWHERE}/b/ferry))" in md


def test_keyword_filters_from_the_profile(server: FeedServer, tmp_path):
    server.routes["/feed.xml"] = Route(body=rss([item(1, hours_ago(1)), item(2, hours_ago(2)), item(3, hours_ago(3))]))
    cfg = config_for([server.url("/feed.xml")], profile="    include: [orchestra, /wheat|harvest/]\n    exclude: [cello]\n")
    report, store = run_once(cfg, tmp_path / "s.db", NOW)
    store.close()
    # item 1 is about an orchestra (with a cello: excluded), item 2 about the wheat harvest, item 3 a satellite.
    assert titles(report) == [item(2, NOW)["title"]]


def test_an_article_republished_under_a_new_link_is_not_shown_again(server: FeedServer, state):
    first = {**item(5, hours_ago(3)), "link": f"{NOWHERE}/news/5"}
    server.routes["/feed.xml"] = Route(body=rss([first]))
    cfg = config_for([server.url("/feed.xml")])
    run_once(cfg, state, NOW)[1].close()
    again = {**first, "guid": "new-guid", "link": f"{NOWHERE}/2026/11/21/news-5-updated", "date": hours_ago(1),
             "title": first["title"] + " (updated)"}
    server.routes["/feed.xml"] = Route(body=rss([again, item(6, hours_ago(1))]))
    later, store = run_once(cfg, state, NOW + timedelta(hours=2))
    # The repeat is marked delivered with the story it repeats, so it never comes back either.
    assert titles(later) == [item(6, NOW)["title"]]
    assert store.delivered_count("main") == 3
    store.close()


def test_summary_length_per_profile_and_per_feed(server: FeedServer, tmp_path):
    long_body = "".join(f"<p>{s}</p>" for s in [
        "The harbour authority approved a new ferry terminal on Monday after a year of hearings and protests.",
        "Construction of the terminal will start in March and take about two years to finish.",
        "The project costs 90 million euros, most of it paid by a regional development fund.",
        "Local traders welcomed the decision and said more passengers would mean more business.",
        "Environmental groups warned that dredging the channel could harm the seagrass beds nearby.",
        "The authority promised to publish a full environmental report before any dredging begins.",
    ])
    server.routes["/a.xml"] = Route(body=rss([{**item(1, hours_ago(1)), "body": long_body}]))
    server.routes["/b.xml"] = Route(body=rss([{**item(2, hours_ago(1), base="http://b.example"),
                                               "body": long_body.replace("harbour", "river")}]))
    cfg = (f"feeds:\n  - url: {server.url('/a.xml')}\n    name: A\n  - url: {server.url('/b.xml')}\n    name: B\n    words: 20\n"
           "profiles:\n  main:\n    sentences: 4\n")
    report, store = run_once(cfg, tmp_path / "s.db", NOW)
    store.close()
    by_source = {a.source: a for s in report.digest.stories for a in s.articles}
    assert len(by_source["A"].summary) == 4
    b_words = sum(len(x.split()) for x in by_source["B"].summary)
    assert 10 <= b_words <= 30 and len(by_source["B"].summary) < 4


def _stored(url: str):
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT guid, title, content, text, text_origin FROM entries ORDER BY id")).mappings().all()
    engine.dispose()
    return [dict(r) for r in rows]


def test_retention_drops_old_text_keeps_keys_and_never_offers_the_item_again(server: FeedServer, state):
    """A feed that keeps listing an item for months: past retention its text goes, it stays known."""
    old = item(1, hours_ago(2))
    server.routes["/feed.xml"] = Route(body=rss([old]))
    cfg = config_for([server.url("/feed.xml")], extra="retention: 30d\n")
    first, store = run_once(cfg, state, NOW, deliver=False)  # offered, never delivered
    store.close()
    assert titles(first) == [old["title"]]
    assert _stored(state)[0]["content"]

    later = NOW + timedelta(days=45)
    new = item(2, later - timedelta(hours=1))
    server.routes["/feed.xml"] = Route(body=rss([new, old]))
    report, store = run_once(cfg, state, later, since=timedelta(days=60))
    assert store.entry_counts() == (2, 1)  # what `newsdigest status` reports
    if state.startswith("sqlite:///"):
        assert store.file_size() == Path(state.removeprefix("sqlite:///")).stat().st_size
    else:
        assert store.file_size() is None
    store.close()
    assert titles(report) == [new["title"]]  # the old one is not new, even with a wide --since
    rows = {r["guid"]: r for r in _stored(state)}
    assert len(rows) == 2  # no duplicate row for the item the feed still lists
    gone = rows[old["guid"]]
    assert (gone["content"], gone["text"], gone["text_origin"]) == ("", None, "pruned")
    assert gone["title"] == old["title"]
    assert rows[new["guid"]]["content"]

    again, store = run_once(cfg, state, later + timedelta(hours=1), since=timedelta(days=60))
    store.close()
    assert titles(again) == [new["title"]]  # --since looks back over delivered entries too; never the pruned one
    assert _stored(state)[0]["content"] == ""  # seeing it in the feed did not bring the text back


def test_retention_shorter_than_the_grouping_history_is_refused(tmp_path):
    from bot.config import parse_config
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match="retention.*too short"):
        parse_config("feeds:\n  - https://a.example/rss\nretention: 7d\n", "test config")


def test_new_coverage_of_a_story_already_shown_is_labelled_update(server: FeedServer, state):
    from support.feeds import body_for

    from bot.render import make_environment, render

    ferry_a = ("<p>Ferry crews at the northern harbour walked out on Monday over night-shift rosters, stranding "
               "passengers.</p><p>The port authority promised talks with the ferry crews by Friday.</p>")
    ferry_b = ("<p>Passengers were stranded at the northern harbour on Monday as ferry crews walked out over rosters."
               "</p><p>Tugboats held cargo vessels offshore while the ferry strike went on.</p>")
    server.routes["/a.xml"] = Route(body=rss([
        {"title": "Ferry crews walk out at northern harbour", "link": f"{NOWHERE}/a/ferry", "guid": "a-1",
         "date": hours_ago(2), "body": ferry_a}], title="Outlet a"))
    server.routes["/b.xml"] = Route(body=rss([], title="Outlet b"))
    cfg = config_for([server.url("/a.xml"), server.url("/b.xml")])
    first, store = run_once(cfg, state, NOW)
    store.close()
    assert [s.update for s in first.digest.stories] == [False]

    server.routes["/b.xml"] = Route(body=rss([
        {"title": "Ferry strike strands passengers at northern harbour", "link": f"{NOWHERE}/b/ferry",
         "guid": "b-1", "date": hours_ago(-1), "body": ferry_b},
        {"title": "Unrelated story", "link": f"{NOWHERE}/b/other", "guid": "b-2", "date": hours_ago(-1),
         "body": body_for(7)}], title="Outlet b"))
    second, store = run_once(cfg, state, NOW + timedelta(hours=2))
    store.close()
    labels = {s.lead.title: s.update for s in second.digest.stories}
    assert labels == {"Ferry strike strands passengers at northern harbour": True, "Unrelated story": False}
    env = make_environment()
    md, text, html = (render(second.digest, kind, env) for kind in ("markdown", "text", "html"))
    assert md.count("Update · ") == 1 and text.count("Update · ") == 1 and html.count(">Update</b>") == 1


def test_an_untitled_item_is_headed_by_whole_words_of_its_first_sentence(server: FeedServer, tmp_path):
    from bot.articles import HEADLINE_CHARS

    first = ("The state of São Paulo suffered a second night of attacks on police stations, bank branches "
             "and city buses, the state government said on Tuesday.")
    body = f"<p>{first}</p><p>Officials said schools would stay open while the police patrolled the bus routes.</p>"
    server.routes["/feed.xml"] = Route(body=rss([{"title": "", "link": f"{NOWHERE}/sp", "guid": "sp-1",
                                                   "date": hours_ago(1), "body": body}]))
    report, store = run_once(config_for([server.url("/feed.xml")]), tmp_path / "state.db", NOW)
    store.close()
    (headline,) = titles(report)
    assert headline.endswith("…") and len(headline) <= HEADLINE_CHARS
    shown = headline[:-1]
    assert first.startswith(shown) and first[len(shown)] in " ,"  # cut between words, never inside one
