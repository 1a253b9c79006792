"""The real-feeds sets of benchmarks/digest_sentences.py: captured feed bytes served as they are.

``../shared/data/feeds_real_world`` holds 127 real feed captures and a manifest. The news set is the feeds whose
manifest ``kind`` is "news" or "tech-news" (parts 0 and 1); the blogs set (parts 2 and 3, session 17) those
whose ``kind`` is "blog" (the manifest has no field that tells a newsy blog from a personal one, so they are a
set of their own: personal writing, code, link posts, much less like a news story). Each feed is served on
127.0.0.1 with its captured bytes unchanged (gzip bytes too) and no charset in the Content-Type, so the
document's own declaration decides, as most servers leave it. The split is the data's README's: a file whose
sha1 of the manifest ``file`` field starts with 0-4 is held out. Each part is one digest made by the real
pipeline, its clock fixed one day after the newest dated item of the part and its window reaching back past the
oldest, so every item is new. Ids: ``f<digest>:<entry key>:<hash>``, digest 0 the news set's development part
and 1 its held-out part, 2 and 3 the blogs set's development and held-out parts, the entry key the first 10 hex
digits of sha1(feed file + the item's link, or its title).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from benchmarks._common import DATA
from benchmarks.digest_quality import FeedSite

FEEDS_DATA = DATA / "feeds_real_world"
KINDS = ("news", "tech-news")
BLOG_KINDS = ("blog",)
PARTS = {0: "development part", 1: "held-out part"}
BLOG_PARTS = {2: "blogs, development part", 3: "blogs, held-out part"}


def held_out(file: str) -> bool:
    """The README's split: sha1 of the manifest ``file`` field starting with 0-4."""
    return hashlib.sha1(file.encode("utf-8")).hexdigest()[0] in "01234"


def chosen(part: int) -> list[dict[str, Any]]:
    """The manifest rows of one part (0: news development, 1: news held out, 2 and 3: the same of the
    blogs), by file name."""
    rows = json.loads((FEEDS_DATA / "manifest.json").read_text(encoding="utf-8"))
    kinds = BLOG_KINDS if part >= 2 else KINDS
    return sorted((r for r in rows if r["kind"] in kinds and held_out(r["file"]) == bool(part % 2)),
                  key=lambda r: r["file"])


def entry_key(source: str, link: str | None, title: str) -> str:
    return hashlib.sha1(f"{source}\n{link or title}".encode()).hexdigest()[:10]


def RawSite() -> FeedSite:  # noqa: N802 (a site as digest_quality's, only its Content-Type differs)
    """Serves ``routes`` (path → captured bytes) on 127.0.0.1, with no charset in the Content-Type."""
    return FeedSite("application/xml")


@contextmanager
def raw_site() -> Iterator[FeedSite]:
    site = RawSite()
    try:
        yield site
    finally:
        site.close()


def _dates(body: bytes) -> list[datetime]:
    """The items' dates as the pipeline's parser reads them (for the clock only)."""
    from bot.fetch.parse import parse_feed
    from bot.models import FeedSource

    result = parse_feed(FeedSource(url="http://127.0.0.1/clock", name=None), body)
    return [e.published for e in result.entries if e.published]


def clock(rows: list[dict[str, Any]]) -> tuple[datetime, timedelta]:
    """One day after the part's newest dated item, and a window reaching a day past its oldest."""
    dates = [d for r in rows for d in _dates((FEEDS_DATA / r["file"]).read_bytes())]
    if not dates:
        now = datetime(2026, 1, 1, tzinfo=timezone.utc)
        return now, timedelta(days=30)
    now = (max(dates) + timedelta(days=1)).replace(microsecond=0)
    return now, now - min(dates) + timedelta(days=1)
