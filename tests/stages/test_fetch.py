"""Feed parsing rules that need no server: JSON Feed, formats, dates, redirects, and the bounds on all of it."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import datetime, timezone
from email.utils import format_datetime

import pytest
from support.feeds import item, rss
from support.http import FeedServer, Route

from bot.fetch import MAX_ITEMS, Http, HttpSettings, TooLarge, decode_body, feed_result, parse_feed
from bot.fetch.http import Refused
from bot.fetch.jsonfeed import nesting
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


def test_invisible_characters_leave_titles_and_ids():
    """A byte-order mark pasted into a title (or a zero-width space, a soft hyphen) shows nothing and
    would make "\ufeffMaradona" a word of its own for grouping; joiners inside a word stay."""
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    body = rss([item(1, when, title="\ufeffMaradona tem reca\u00adída\u200b e médico descarta pancreatite", guid="\ufeffid-1"),
                item(2, when, title="Family \U0001F468\u200d\U0001F469\u200d\U0001F467 day \u200d")])
    first, second = parse_feed(SRC, body).entries
    assert first.title == "Maradona tem recaída e médico descarta pancreatite" and first.guid == "id-1"
    assert second.title == "Family \U0001F468\u200d\U0001F469\u200d\U0001F467 day"


def test_a_title_with_a_standfirst_on_its_own_line_is_headline_then_text():
    """'Headline\\r\\nStandfirst' (a print page's headline and the lines set under it): the first line
    heads the item, the standfirst opens its text; a title wrapped before a lower-case word is one line."""
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    body = rss([item(1, when, title="Plane crash in Congo kills 17\r\n\r\nBad weather kept the aircraft from the runway"),
                item(2, when, title="A very long headline about the harbour that\n  goes on after a break"),
                item(3, when, title="The bridge reopens\r\nTraffic flows again after repairs",
                     body="<p>Traffic flows again after repairs.</p>"),
                item(4, when, title="Corner shops reopen\nBread & milk back on <shelves> after\n the strike",
                     body="<p>Bread &amp; milk back on &lt;shelves&gt; <em>after</em>\n the strike.</p>")])
    first, second, third, fourth = parse_feed(SRC, body).entries
    assert first.title == "Plane crash in Congo kills 17"
    assert first.content.startswith("<p>Bad weather kept the aircraft from the runway</p>")
    assert second.title == "A very long headline about the harbour that goes on after a break"
    assert "goes on" not in second.content
    assert third.title == "The bridge reopens" and third.content == "<p>Traffic flows again after repairs.</p>"  # text has it
    assert fourth.title == "Corner shops reopen" and fourth.content.count("Bread") == 1  # as a reader sees it: "&amp;" is "&"
    json_body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [
        {"id": "1", "title": "Ferry crews walk out\nPassengers stranded at the northern harbour",
         "content_text": "Crews left."}]})
    (entry,) = parse_feed(SRC, json_body.encode(), {"Content-Type": "application/feed+json"}).entries
    assert entry.title == "Ferry crews walk out" and entry.content == "Passengers stranded at the northern harbour\n\nCrews left."


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


# -- bounds: decompression, nesting, field types, the item cap ------------------------------------------------------

def gz(data: bytes, times: int = 1) -> bytes:
    for _ in range(times):
        data = gzip.compress(data, mtime=0)
    return data


def test_every_decompression_layer_is_bounded():
    bomb = gz(bytes(5_000_000), 2)
    for encoding, body in [("", bomb), ("gzip", gz(bomb)), ("gzip, gzip", gz(gz(bytes(5_000_000)), 2))]:
        with pytest.raises(TooLarge, match="expands to more than 1 MB when decompressed"):
            decode_body(body, encoding, 1_000_000)
    with pytest.raises(TooLarge):
        decode_body(zlib.compress(bytes(5_000_000)), "deflate", 1_000_000)


def test_layers_are_undone_up_to_three_then_refused():
    feed = rss([item(1, datetime(2026, 11, 1, tzinfo=timezone.utc))])
    assert decode_body(gz(feed, 3), "", 1_000_000) == feed
    assert decode_body(gz(feed, 2), "gzip", 1_000_000) == feed
    with pytest.raises(Refused, match="compressed more than 3 times over"):
        decode_body(gz(feed, 4), "", 1_000_000)
    with pytest.raises(Refused, match="compressed more than 3 times over"):
        decode_body(gz(feed, 4), "gzip, gzip", 1_000_000)


def test_deflate_both_kinds_concatenated_gzip_and_broken_data():
    text = b"<rss>" + b"x" * 1000 + b"</rss>"
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert decode_body(zlib.compress(text), "deflate", 10_000) == text
    assert decode_body(raw.compress(text) + raw.flush(), "deflate", 10_000) == text
    assert decode_body(gz(b"one ") + gz(b"two"), "gzip", 10_000) == b"one two"
    varied = bytes(i * 7 % 251 for i in range(5000))
    cut = decode_body(gz(varied)[:-100], "gzip", 10_000)  # truncated: what it holds
    assert cut and varied.startswith(cut)
    with pytest.raises(Refused, match="broken gzip"):
        decode_body(b"\x1f\x8b not gzip at all", "", 10_000)
    with pytest.raises(Refused, match="'br'"):
        decode_body(b"...", "br", 10_000)


def test_parse_feed_undoes_gzip_within_the_cap():
    assert "expands to more than" in parse_feed(SRC, gz(bytes(50_000_000), 2)).problem


def test_json_nesting_is_measured_without_recursion():
    assert nesting(b'{"a": [1, {"b": "[[[[[[ not counted ]]"}], "c": {}}') == 3
    assert nesting(b'"\\"[[["') == 0
    deep = b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + b"[" * 5000 + b"]" * 5000 + b"]}"
    assert nesting(deep) == 5002
    assert "nested more than 64 levels deep" in parse_feed(SRC, deep).problem
    # An unclosed string runs to the end, and quotes escaped over and over stay linear to scan.
    assert nesting(b'{"a": "[[[[') == 1
    assert nesting(b'["' + b'\\"' * 2_000_000) == 1


def test_json_feed_fields_of_the_wrong_type_are_missing_not_stored():
    body = json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": ["x"], "language": {"en": 1},
        "items": [
            {"id": {"a": 1}, "title": {"t": 1}, "url": ["/a"], "external_url": "/ext", "date_published": 1763726400,
             "date_modified": "9999-12-31T23:59:59-01:00", "content_html": {"h": 1}, "content_text": "body \ud800 \x00.",
             "authors": "Ana", "language": ["pt"]},
            {"id": 7, "title": "Good", "url": "http://[::1", "summary": 3, "author": {"name": {"n": 1}}},
            {"id": True, "title": None, "url": None, "content_text": None},
        ],
    }).encode()
    result = parse_feed(SRC, body)
    assert result.problem is None and result.title is None
    first, second = result.entries
    assert first.guid is None and first.title == "" and first.link == "https://example.org/ext"
    assert first.published is None and first.content == "body \ufffd ." and not first.content_is_html
    assert first.author is None and first.language is None
    assert second.guid == "7" and second.title == "Good" and second.link is None and second.content == ""
    assert result.warning == "1 of 3 items skipped: no title, text or link of the right type"
    for entry in result.entries:
        for value in (entry.guid, entry.link, entry.title, entry.content, entry.author, entry.language):
            assert value is None or isinstance(value, str)
            (value or "").encode("utf-8")  # what the store does with it


def test_json_feed_with_no_readable_item_is_a_problem():
    body = json.dumps({"version": "https://jsonfeed.org/version/1", "items": [{"title": 1}, [], "x"]}).encode()
    assert parse_feed(SRC, body).problem == "none of the feed's 3 items could be read (no title, text or link of the right type)"
    assert "version" in parse_feed(SRC, b'{"version": {"x": 1}, "items": []}').problem


def test_what_makes_feedparser_raise_is_the_feeds_problem():
    for body in (b'<rss version="2.0"><channel><item><title>&#xD800; &amp x</title></item></channel></rss>',
                 b'<rss version="2.0"><channel><item><title>&#1114112; &amp x</title></item></channel></rss>'):
        assert parse_feed(SRC, body).problem.startswith("the feed could not be parsed (")


def test_xml_links_that_do_not_parse_and_dates_out_of_range_are_missing():
    body = (b'<rss version="2.0"><channel><title>T</title><item><title>Bad link</title><link>http://[::1</link>'
            b"<pubDate>Fri, 31 Dec 9999 23:59:59 -0100</pubDate><description>d</description></item></channel></rss>")
    (entry,) = parse_feed(SRC, body).entries
    assert entry.title == "Bad link" and entry.link is None and entry.published is None


def test_the_newest_items_are_kept_up_to_the_cap_in_feed_order():
    day = datetime(2026, 11, 1, tzinfo=timezone.utc)
    dates = {1: 3, 2: 9, 3: None, 4: 7, 5: 2, 6: 8}  # item → day of the month (None: undated)
    items = [item(n, day.replace(day=d) if d else day) for n, d in dates.items()]
    body = rss(items).replace(format_datetime(day).encode(), b"not a date")
    result = parse_feed(SRC, body, max_items=3)
    assert [e.guid for e in result.entries] == ["id-2", "id-4", "id-6"]
    assert result.warning == "the feed has 6 items: kept the newest 3, left out 3"
    assert [e.guid for e in parse_feed(SRC, body, max_items=5).entries] == ["id-1", "id-2", "id-4", "id-5", "id-6"]
    assert len(parse_feed(SRC, body, max_items=6).entries) == 6 and parse_feed(SRC, body, max_items=6).warning is None
    assert MAX_ITEMS == 500


def test_a_feed_of_ten_thousand_items_is_cut_before_feedparser_reads_it():
    # Newest first, as feeds list them: the newest 500 are among the first 1,000 parsed.
    from datetime import timedelta

    now = datetime(2026, 11, 21, tzinfo=timezone.utc)
    items = "".join(f'<item><title>Item {n}</title><guid isPermaLink="false">id-{n}</guid>'
                    f"<pubDate>{format_datetime(now - timedelta(minutes=n))}</pubDate></item>" for n in range(10_000))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>{items}</channel></rss>'.encode()
    result = parse_feed(FeedSource(url="http://127.0.0.1:9/many"), body)
    assert result.problem is None
    assert [e.guid for e in result.entries] == [f"id-{n}" for n in range(MAX_ITEMS)]
    assert result.warning == "the feed has 10,000 items: read the first 1,000, kept the newest 500, left out 9,500"


def test_response_headers_are_what_dict_of_httpx_headers_gives():
    """header_dict is dict(httpx.Headers) in one pass: lower-cased names in first-seen order, a repeated
    header's values joined by ", ", bytes decoded as httpx decodes them."""
    import httpx

    from bot.fetch.http import header_dict

    cases = [
        [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("Vary", "Accept"),
         ("ETag", '"x"'), ("VARY", "Origin")],
        [],
        [(b"X-Raw", b"\xff\xfe"), (b"x-raw", b"\xc3\xa9")],  # not UTF-8 throughout: latin-1, as httpx reads it
        [(b"Title", "é".encode())],
    ]
    for raw in cases:
        headers = httpx.Headers(raw)
        assert list(header_dict(headers).items()) == list(dict(headers).items())
    assert header_dict(httpx.Headers(cases[0]))["vary"] == "Accept, Origin"
