"""Feed parsing rules that need no server: JSON Feed, formats, dates, redirects."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from support.feeds import item, rss
from support.http import FeedServer, Route

from bot.fetch import Http, HttpSettings, feed_result, parse_feed
from bot.models import FeedSource

SRC = FeedSource("https://example.org/feed")


def test_json_feed_1_1():
    body = json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Times",
        "language": "pt-BR",
        "items": [
            {"id": "1", "url": "/a/1", "title": "Um", "content_html": "<p>Olá</p>", "date_published": "2026-11-20T10:00:00-03:00",
             "authors": [{"name": "Ana"}]},
            {"id": "2", "external_url": "https://other.example/x", "content_text": "Texto simples",
             "date_modified": "2026-11-20T11:00:00Z"},
            "not an item",
        ],
    }).encode()
    result = parse_feed(SRC, body, {"Content-Type": "application/feed+json"})
    assert result.problem is None and result.title == "JSON Times"
    first, second = result.entries
    assert first.link == "https://example.org/a/1" and first.author == "Ana" and first.language == "pt-BR"
    assert first.published == datetime(2026, 11, 20, 13, 0, tzinfo=timezone.utc)
    assert second.content == "Texto simples" and not second.content_is_html and second.title == ""


def test_json_feed_1_0_author_and_bad_json():
    body = json.dumps({"version": "https://jsonfeed.org/version/1",
                       "items": [{"id": "x", "title": "T", "content_text": "c", "author": {"name": "Bo"}}]}).encode()
    assert parse_feed(SRC, body).entries[0].author == "Bo"
    assert "JSON is invalid" in parse_feed(SRC, b"{not json", {"content-type": "application/json"}).problem
    assert "version" in parse_feed(SRC, b'{"items": []}').problem


def test_rss_atom_rdf_versions():
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
    <channel rdf:about="x"><title>R</title><link>http://r.example/</link><description>d</description></channel>
    <item rdf:about="http://r.example/1"><title>One</title><link>http://r.example/1</link><description>Teaser one.</description></item>
    </rdf:RDF>"""  # noqa: E501 - a real feed's long lines
    result = parse_feed(SRC, rdf)
    assert [e.title for e in result.entries] == ["One"] and result.entries[0].link == "http://r.example/1"
    rss091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://o.example/</link><description>d</description>
    <item><title>Old item</title><link>http://o.example/1</link><description>Body</description></item></channel></rss>"""
    assert parse_feed(SRC, rss091).entries[0].title == "Old item"


def test_unreadable_dates_do_not_crash():
    body = rss([{**item(1, datetime(2026, 1, 1, tzinfo=timezone.utc))}]).replace(b"Thu, 01 Jan 2026", b"Quinta, 32 Foo 20X6")
    result = parse_feed(SRC, body)
    assert result.problem is None and len(result.entries) == 1


def test_redirects_are_followed_up_to_the_cap(server: FeedServer):
    server.routes["/feed.xml"] = Route(body=rss([item(1, datetime(2026, 11, 1, tzinfo=timezone.utc))]))
    for i in range(4):
        target = "/feed.xml" if i == 0 else f"/hop{i - 1}"
        server.routes[f"/hop{i}"] = Route(status=301, headers={"Location": target}, content_type="text/plain")
    with Http(HttpSettings(timeout=5, max_redirects=5)) as http:
        ok = feed_result(FeedSource(server.url("/hop3")), http.get(server.url("/hop3")))
    assert ok.problem is None and len(ok.entries) == 1 and ok.final_url.endswith("/feed.xml")
    with Http(HttpSettings(timeout=5, max_redirects=2)) as http:
        capped = feed_result(FeedSource(server.url("/hop3")), http.get(server.url("/hop3")))
    assert "more than 2 redirects" in capped.problem
