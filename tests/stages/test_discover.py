"""Feed autodiscovery (bot.fetch.discover): which of a page's <link rel="alternate"> is the feed, and local feed files."""

from __future__ import annotations

from pathlib import Path

from bot.fetch.discover import feed_links, is_local, looks_like_html, read_local
from bot.fetch.http import Response

PAGE = b"""<!doctype html><html><head>
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="/atom.xml">
<link rel="alternate" type="application/rss+xml" href="https://cdn.example/rss.xml">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
<link rel="alternate" hreflang="pt" href="/pt/">
<link rel="stylesheet" type="text/css" href="/s.css">
</head><body><link rel="alternate" type="application/rss+xml" href="/body.xml"></body></html>"""


def test_feed_links_best_type_first_absolute_and_only_http():
    assert feed_links(PAGE, "https://site.example/news/") == [
        "https://cdn.example/rss.xml", "https://site.example/atom.xml", "https://site.example/news/feed.json"]


def test_a_page_without_feed_links_and_broken_markup():
    assert feed_links(b"<html><head><title>x</title></head><body>no feed</body></html>", "https://a.example/") == []
    unquoted = b"<html><head><link rel=alternate type=APPLICATION/RSS+XML href=/r.xml><p>unclosed <b>"
    assert feed_links(unquoted, "https://a.example/") == ["https://a.example/r.xml"]


def test_html_is_told_from_feeds():
    assert looks_like_html(Response(url="u", body=b"<html>", headers={"Content-Type": "text/html; charset=utf-8"}))
    assert looks_like_html(Response(url="u", body=b"  <!DOCTYPE html><html>"))
    assert not looks_like_html(Response(url="u", body=b"<?xml version='1.0'?><rss/>", headers={"content-type": "text/xml"}))
    assert not looks_like_html(Response(url="u", body=b"<feed/>", headers={"content-type": "application/xhtml+xml"}))


def test_local_feed_files(tmp_path: Path):
    feed = tmp_path / "a feed.xml"
    feed.write_bytes(b"<rss version='2.0'><channel><title>t</title></channel></rss>")
    url = feed.as_uri()
    assert is_local(url) and not is_local("https://a.example/rss")
    got = read_local(url, 1000)
    assert got.problem is None and got.status == 200 and got.body.startswith(b"<rss") and got.url == url
    assert read_local(url, 10).problem == "the file is larger than the 10-byte limit (fetch.max_bytes)"
    assert read_local((tmp_path / "gone.xml").as_uri(), 1000).problem == f"no such file: {tmp_path / 'gone.xml'}"
