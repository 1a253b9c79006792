"""A feed's charset: repaired when the bytes say the declaration is wrong, and a note when text was lost or mixed.

Pages go through the same decision (``bot.fetch.charset``); tests/stages/test_extract.py covers their side.
"""

from __future__ import annotations

import json
import random
import re

import pytest

from bot.extract import decode_html
from bot.fetch import charset, parse_feed
from bot.models import FeedSource

SOURCE = FeedSource(url="http://127.0.0.1:9/feed.xml", name="Charset Chronicle")
TITLE = "Café prices rise – €12 for a crème brûlée"
BODY = "Ölpreis steigt: „Wir müssen sparen“, sagt die Ministerin … über 5 € mehr."
MOJIBAKE = ("Ã", "â€", "Â")


def rss(title: str = TITLE, body: str = BODY, declaration: str = "utf-8", language: str = "de") -> str:
    return (f'<?xml version="1.0" encoding="{declaration}"?><rss version="2.0"><channel><title>Chronicle</title>'
            f"<language>{language}</language><link>http://127.0.0.1:9/</link><description>d</description>"
            f"<item><title>{title}</title><link>http://127.0.0.1:9/a</link><description>{body}</description></item>"
            "</channel></rss>")


def parsed(body: bytes, content_type: str | None):
    return parse_feed(SOURCE, body, {"Content-Type": content_type} if content_type else None)


@pytest.mark.parametrize("content_type", ["application/rss+xml; charset=windows-1252", "text/xml; charset=ISO-8859-1",
                                          "application/xml; charset=us-ascii", "text/xml", None])
@pytest.mark.parametrize("declaration", ["utf-8", "windows-1252"])
def test_utf8_served_or_declared_as_legacy_is_read_as_utf8_without_a_note(content_type, declaration):
    result = parsed(rss(declaration=declaration).encode("utf-8"), content_type)
    assert result.problem is None
    [entry] = result.entries
    assert entry.title == TITLE and entry.content == BODY
    assert result.warning is None  # repaired: nothing a reader needs to know ("declared as us-ascii" was noise)


@pytest.mark.parametrize(("codec", "language", "title"), [
    ("windows-1252", "fr", "Café, crème et « déjà-vu » – 12 €"),
    ("iso-8859-1", "de", "Größere Straßen für München"),
    ("windows-1251", "ru", "Новости дня: правительство объявило о реформе"),
    ("iso-8859-2", "pl", "Żółć gęślą jaźń: Łódź"),
    ("shift_jis", "ja", "東京で新しい駅が開業しました"),
])
def test_a_legacy_feed_that_says_so_is_read_in_its_charset(codec, language, title):
    body = rss(title=title, body=title, declaration=codec, language=language).encode(codec)
    for content_type in (f"application/rss+xml; charset={codec}", None):
        result = parsed(body, content_type)
        assert [e.title for e in result.entries] == [title], content_type
        assert result.warning is None


def test_a_legacy_feed_that_declares_nothing_or_utf8_is_still_read():
    title = "Les élèves préfèrent l’été à l’hiver, disent les enseignants de Montréal"
    body = rss(title=title, body=title * 3, declaration="utf-8", language="fr").encode("cp1252")
    result = parsed(body, "application/rss+xml; charset=utf-8")
    assert [e.title for e in result.entries] == [title]
    # Read by a guess, so the reader is told (a byte-certain repair, UTF-8 served as windows-1252, is not noted).
    assert result.warning and result.warning.startswith("the feed is not utf-8 as it says: read as ")


def test_utf8_with_stray_windows_1252_bytes_is_repaired_and_noted():
    # A UTF-8 feed into which someone pasted smart quotes from a word processor: bytes 0x93/0x94/0x92.
    pasted = "He said \x93enough\x94 and left; it\x92s over".encode("latin-1")
    body = rss().encode("utf-8").replace(b"Chronicle</title>", b"Chronicle " + pasted + b"</title>", 1)
    body = body.replace(b"<title>Caf", b"<title>" + pasted + b" Caf", 1)
    result = parsed(body, "application/rss+xml; charset=utf-8")
    [entry] = result.entries
    assert entry.title == "He said “enough” and left; it’s over " + TITLE  # the UTF-8 around it untouched
    assert entry.content == BODY
    assert result.warning == "the feed mixes UTF-8 with another charset: 6 bytes read as windows-1252"


def test_bytes_no_charset_can_read_are_noted_with_how_many():
    # Most of the document is bytes no charset reads as text (binary data in a description).
    rng = random.Random(1)
    junk = bytes(rng.randrange(128, 256) for _ in range(3000))
    body = rss(title="Readable words first", body="x").encode().replace(b"<description>x<", b"<description>" + junk + b"<")
    result = parsed(body, "application/rss+xml; charset=utf-8")
    assert [e.title for e in result.entries] == ["Readable words first"]
    assert result.warning and result.warning.startswith("the charset of the feed could not be worked out (it says utf-8): ")
    assert re.search(r"\): [\d,]+ characters unreadable, shown as .\N{REPLACEMENT CHARACTER}.$", result.warning)


def test_utf16_feeds_with_and_without_a_byte_order_mark():
    text = rss(declaration="utf-16")
    for body in (text.encode("utf-16"), text.encode("utf-16-le")):
        [entry] = parsed(body, "application/rss+xml").entries
        assert entry.title == TITLE


def test_json_feed_in_the_wrong_charset_is_read():
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "1", "title": TITLE, "content_text": BODY, "url": "http://127.0.0.1:9/j"}]}
    text = json.dumps(feed, ensure_ascii=False)
    for body, served, note in ((text.encode("utf-8"), "application/feed+json; charset=windows-1252", None),
                               (text.encode("cp1252"), "application/feed+json",
                                "the feed is not UTF-8 and names no other charset: read as cp1252 (a guess from its bytes)")):
        result = parsed(body, served)
        assert [(e.title, e.content) for e in result.entries] == [(TITLE, BODY)], served
        assert result.warning == note


def test_pages_and_feeds_share_the_decision():
    data = f'<html><head><meta charset="windows-1252"></head><body><p>{TITLE}</p></body></html>'.encode()
    assert TITLE in decode_html(data)
    decoded = charset.decode(data, "windows-1252")
    assert decoded.how == "utf-8" and not any(m in decoded.text for m in MOJIBAKE)
