"""The 127 real feed captures in ../shared/data/feeds_real_world, served over HTTP: each parses or fails clearly."""

from __future__ import annotations

import gzip
import json
from datetime import datetime

import feedparser
import pytest
from support.http import FeedServer, Route

from bot.fetch import MAX_ITEMS, Http, HttpSettings, feed_result
from bot.models import FeedSource


@pytest.fixture
def manifest(shared_data):
    folder = shared_data / "feeds_real_world"
    return folder, json.loads((folder / "manifest.json").read_text())


def readable_entries(path) -> int:
    """Entries feedparser finds that carry anything at all (illegal nesting leaves empty shells)."""
    body = path.read_bytes()
    parsed = feedparser.parse(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
    return sum(1 for e in parsed.entries if e.get("title") or e.get("link") or e.get("summary") or e.get("content"))


def test_every_real_capture_parses_or_fails_with_a_reason(manifest, server: FeedServer):
    folder, records = manifest
    for rec in records:
        server.routes["/" + rec["file"]] = Route(body=(folder / rec["file"]).read_bytes(), content_type="application/xml")
    parsed = failed = 0
    with Http(HttpSettings(timeout=10)) as http:
        for rec in records:
            url = server.url("/" + rec["file"])
            result = feed_result(FeedSource(url), http.get(url))
            if result.problem:
                failed += 1
                assert len(result.problem) > 15, rec["file"]
                assert rec["entries"] == 0, (f"{rec['file']}: feedparser reads {rec['entries']} entries, "
                                             f"we failed: {result.problem}")
                continue
            parsed += 1
            # One capture, a podcast's whole archive, has 730 items: the newest MAX_ITEMS are kept.
            assert len(result.entries) == min(readable_entries(folder / rec["file"]), MAX_ITEMS), rec["file"]
            for entry in result.entries:
                assert entry.title or entry.link or entry.content, rec["file"]
                assert entry.published is None or isinstance(entry.published, datetime)
                assert entry.published is None or entry.published.tzinfo is not None
    assert parsed >= 120 and parsed + failed == len(records)


def test_malformed_captures_are_handled_as_documented(manifest, server: FeedServer):
    folder, records = manifest
    malformed = {r["file"]: r for r in records if r["malformed"]}
    assert len(malformed) == 4
    with Http(HttpSettings(timeout=10)) as http:
        for name, rec in malformed.items():
            server.routes["/" + name] = Route(body=(folder / name).read_bytes(), content_type="application/xml")
            result = feed_result(FeedSource(server.url("/" + name)), http.get(server.url("/" + name)))
            if rec["entries"]:
                # Wrong or missing charset, undefined entity: readable, with a warning kept.
                assert len(result.entries) == readable_entries(folder / name) and result.warning
                assert not any("\ufffd" in e.title for e in result.entries), name
            else:
                # Truncated beyond recovery: a problem, not an exception.
                assert result.problem and "malformed" in result.problem


def test_gzip_bytes_without_content_encoding_are_decompressed(manifest, server: FeedServer):
    folder, records = manifest
    gz = [r for r in records if r["gzip"]]
    assert gz
    with Http(HttpSettings(timeout=10)) as http:
        for rec in gz:
            server.routes["/" + rec["file"]] = Route(body=(folder / rec["file"]).read_bytes(), content_type="application/xml")
            result = feed_result(FeedSource(server.url("/" + rec["file"])), http.get(server.url("/" + rec["file"])))
            assert result.problem is None and len(result.entries) == readable_entries(folder / rec["file"])
