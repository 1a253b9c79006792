"""Hostile feeds beside a good one, through the real pipeline, a real loopback server and a real SQLite file.

Whatever the bad feed does (a decompression bomb, a server that dribbles, JSON nested thousands of levels,
fields of the wrong type, too many items), the digest is made with the good feed's items and the bad feed is
listed under "feeds with problems" with a reason a person understands.
"""

from __future__ import annotations

import json
import resource
import socket
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from support.feeds import item, rss
from support.http import FeedServer, Route
from support.pipeline import config_for, failures, run_once

from bot.fetch import MAX_ITEMS

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)


def titles(report) -> list[str]:
    return [a.title for s in report.digest.stories for a in s.articles]


def gzipped(data: bytes | Iterator[bytes]) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(chunk) for chunk in ([data] if isinstance(data, bytes) else data)]
    return b"".join(parts) + packer.flush()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """256 MB of zeros gzipped twice (a few kilobytes); served with Content-Encoding: gzip, that is three layers."""
    zeros = bytes(1 << 20)
    return gzipped(gzipped(zeros for _ in range(256)))


def good_and(server: FeedServer, bad: Route | None = None) -> list[str]:
    server.routes["/good.xml"] = Route(body=rss([item(1, NOW - timedelta(hours=1)), item(2, NOW - timedelta(hours=2))]))
    if bad is not None:
        server.routes["/bad"] = bad
    return [server.url("/good.xml"), server.url("/bad")]


def assert_bad_feed_listed(report, server: FeedServer, expect: str) -> None:
    assert len(titles(report)) == 2, failures(report)
    assert [p.url for p in failures(report)] == [server.url("/bad")]
    assert expect in failures(report)[0].reason, failures(report)[0].reason
    assert not report.nothing_fetched


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


@pytest.mark.parametrize("encoding", ["gzip", None, "gzip, gzip"])
def test_nested_gzip_bomb_is_a_problem_and_memory_stays_small(server: FeedServer, tmp_path, bomb, encoding):
    # None: all layers stray (no header); "gzip, gzip": two declared layers and one stray.
    body = gzipped(bomb) if encoding == "gzip, gzip" else bomb
    headers = {"Content-Encoding": encoding} if encoding else {}
    urls = good_and(server, Route(body=body, headers=headers))
    cfg = config_for(urls, extra="fetch:\n  max_bytes: 1000000\n")
    # The good feed alone first: the first run loads the summariser, which is not the bomb's memory.
    run_once(config_for(urls[:1]), tmp_path / "warm.db", NOW)[1].close()
    before, tick = peak_rss_mb(), time.monotonic()
    report, store = run_once(cfg, tmp_path / "s.db", NOW)
    store.close()
    assert_bad_feed_listed(report, server, "expands to more than 1 MB when decompressed")
    assert peak_rss_mb() - before < 100, "the bomb was decompressed past the cap"
    assert time.monotonic() - tick < 10


def test_a_feed_compressed_over_and_over_is_refused(server: FeedServer, tmp_path):
    body = rss([item(9, NOW - timedelta(hours=1))])
    for _ in range(5):
        body = gzipped(body)
    urls = good_and(server, Route(body=body))
    report, store = run_once(config_for(urls), tmp_path / "s.db", NOW)
    store.close()
    assert_bad_feed_listed(report, server, "compressed more than 3 times over")


def test_a_feed_gzipped_once_without_saying_so_is_read(server: FeedServer, tmp_path):
    server.routes["/stray.xml"] = Route(body=gzipped(gzipped(rss([item(7, NOW - timedelta(hours=1))]))),
                                        headers={"Content-Encoding": "gzip"})
    report, store = run_once(config_for([server.url("/stray.xml")]), tmp_path / "s.db", NOW)
    store.close()
    assert failures(report) == [] and len(titles(report)) == 1


class Dribbler:
    """A server that answers one byte every 0.2 s, in the headers or in the body, for a minute."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/feed.xml"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
            if self.where == "body":
                conn.sendall(head + b"Content-Length: 100000\r\n\r\n")
                drip = b"<" + b" " * 99_999
            else:
                conn.sendall(head)
                drip = b"X-Slow: " + b"a" * 10_000
            for byte in drip[:300]:  # a minute at most
                if self.stop.wait(0.2):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_dribbling_server_cannot_stretch_the_deadline(server: FeedServer, tmp_path, where):
    dribbler = Dribbler(where)
    try:
        good = good_and(server)[0]
        tick = time.monotonic()
        report, store = run_once(config_for([good, dribbler.url]), tmp_path / "s.db", NOW, timeout=1.0)
        took = time.monotonic() - tick
        store.close()
    finally:
        dribbler.close()
    assert took < 2 * 1.0 + 3, f"the run took {took:.1f} s with a 1 s timeout"
    assert len(titles(report)) == 2
    assert [p.url for p in failures(report)] == [dribbler.url]
    assert "took longer than 1 s" in failures(report)[0].reason


def nested(depth: int) -> bytes:
    return ('{"version": "https://jsonfeed.org/version/1.1", "items": [{"title": "deep", "x": '
            + "[" * depth + "]" * depth + "}]}").encode()


def test_json_feed_nested_thousands_of_levels_is_a_problem(server: FeedServer, tmp_path):
    urls = good_and(server, Route(body=nested(5000), content_type="application/feed+json"))
    report, store = run_once(config_for(urls), tmp_path / "s.db", NOW)
    store.close()
    assert_bad_feed_listed(report, server, "nested more than 64 levels deep")


def test_json_feed_with_wrong_field_types_keeps_its_good_items(server: FeedServer, tmp_path):
    stamp = (NOW - timedelta(hours=3)).isoformat()
    feed = {
        "version": "https://jsonfeed.org/version/1.1", "title": {"not": "a string"}, "language": ["en"],
        "items": [
            {"id": {"a": 1}, "title": {"text": "an object"}, "url": ["http://127.0.0.1:9/x"], "date_published": 1763726400,
             "content_html": {"html": "<p>x</p>"}, "authors": "nobody", "language": 7},
            {"id": 42, "title": "Wrong types around a good item", "url": "http://127.0.0.1:9/ok",
             "date_published": stamp, "content_text": "A plain text item \ud800 with a lone surrogate and a NUL \x00 in it. "
             * 6, "authors": [{"name": ["x"]}, {"name": "Ana"}, 3], "tags": {"deep": [[1]]}},
            {"title": ["only"], "url": {"href": "x"}, "content_html": 3},  # nothing left: skipped
            "not an item", None, [1, 2],
        ],
    }
    urls = good_and(server, Route(body=json.dumps(feed).encode(), content_type="application/feed+json"))
    report, store = run_once(config_for(urls), tmp_path / "s.db", NOW)
    store.close()
    shown = titles(report)
    assert failures(report) == []
    assert "Wrong types around a good item" in shown and len(shown) == 3
    good = next(a for s in report.digest.stories for a in s.articles if a.title == "Wrong types around a good item")
    assert good.author == "Ana" and good.link == "http://127.0.0.1:9/ok" and good.published == NOW - timedelta(hours=3)


def test_json_feed_whose_every_item_has_wrong_types_is_a_problem(server: FeedServer, tmp_path):
    feed = {"version": "https://jsonfeed.org/version/1.1", "items": [{"title": {"x": 1}, "url": [1], "content_text": 5}] * 3}
    urls = good_and(server, Route(body=json.dumps(feed).encode(), content_type="application/feed+json"))
    report, store = run_once(config_for(urls), tmp_path / "s.db", NOW)
    store.close()
    assert_bad_feed_listed(report, server, "none of the feed's 3 items could be read")


def test_xml_that_breaks_feedparser_is_a_problem(server: FeedServer, tmp_path):
    # Not well-formed, so feedparser's loose parser runs, and chr() of a surrogate's reference raises inside it.
    body = b'<rss version="2.0"><channel><item><title>&#xD800; &amp x</title></item></channel></rss>'
    urls = good_and(server, Route(body=body))
    report, store = run_once(config_for(urls), tmp_path / "s.db", NOW)
    store.close()
    assert_bad_feed_listed(report, server, "the feed could not be parsed")


def test_a_feed_with_more_items_than_the_cap_keeps_the_newest(server: FeedServer, tmp_path):
    total = MAX_ITEMS + 100
    # Shuffled order (newest neither first nor last); all older than the digest window, so none is summarised.
    order = sorted(range(total), key=lambda n: (n * 7919) % total)
    dated = [item(n, NOW - timedelta(days=30, minutes=n)) for n in order]
    server.routes["/big.xml"] = Route(body=rss(dated))
    cfg = config_for([server.url("/big.xml")], profile="    first_run_window: 1h\n")
    report, store = run_once(cfg, tmp_path / "s.db", NOW)
    store.close()
    with sqlite3.connect(tmp_path / "s.db") as db:
        guids = {g for (g,) in db.execute("SELECT guid FROM entries")}
    assert guids == {f"id-{n}" for n in range(MAX_ITEMS)}
    assert failures(report) == []
    # Read, not wholly: the digest says so, as a note on the feed, not a failure.
    assert [p.reason for p in report.digest.problems] == [
        f"the feed has {total:,} items: kept the newest {MAX_ITEMS:,}, left out 100"]
