"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) → entries; feedparser lacks it.

The nesting is measured before ``json.loads`` sees the text, so a feed nested thousands of
levels deep is refused with a reason instead of reaching the recursion limit, and every field
is type-checked (``fields``) before it becomes an ``Entry``.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from bot.fetch import charset, fields
from bot.models import Entry, FeedResult, FeedSource

# A JSON Feed is an object of items of authors (and _extensions): a handful of levels. 64 leaves
# room for any extension and stays far inside Python's recursion limit.
MAX_DEPTH = 64

# A string, or an unclosed one to the end: every match attempt succeeds, so the scan stays linear.
_STRING = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def nesting(body: bytes) -> int:
    """How deep the arrays and objects of this JSON go (strings skipped); linear, no recursion."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def parse_json_feed(source: FeedSource, body: bytes, base: str, declared: str | None = None) -> FeedResult:
    """``declared``: the charset the server named. JSON Feed is UTF-8, but its text is read like any
    feed's (``charset``), so a feed written in windows-1252 is read too, with a note if bytes are lost."""
    if nesting(body) > MAX_DEPTH:
        return FeedResult(source=source, problem=f"not a feed: the JSON is nested more than {MAX_DEPTH} levels deep")
    decoded = charset.decode(body, declared)
    try:
        data = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        return FeedResult(source=source, problem=f"not a feed: the JSON is invalid ({exc})")
    except RecursionError:  # not reached after the nesting check; kept so no input can raise it
        return FeedResult(source=source, problem=f"not a feed: the JSON is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(data, dict) or not str(fields.string(data.get("version")) or "").startswith("https://jsonfeed.org/version/"):
        return FeedResult(source=source, problem="not a feed: JSON without a JSON Feed 'version'")
    items = data.get("items")
    if not isinstance(items, list):
        return FeedResult(source=source, problem="not a feed: JSON Feed without an 'items' list")
    language = fields.language(data.get("language"))
    entries = [e for e in (_entry(source, item, language, base) for item in items) if e]
    skipped = len(items) - len(entries)
    if skipped and not entries:
        return FeedResult(source=source, problem=f"none of the feed's {len(items):,} items could be read "
                                                 "(no title, text or link of the right type)")
    notes = [f"{skipped:,} of {len(items):,} items skipped: no title, text or link of the right type" if skipped else None,
             charset.note(decoded, declared)]
    warning = "; ".join(n for n in notes if n) or None
    return FeedResult(source=source, entries=entries, title=fields.clean(data.get("title")), warning=warning)


def _entry(source: FeedSource, item: Any, language: str | None, base: str) -> Entry | None:
    if not isinstance(item, dict):
        return None
    html, text = fields.string(item.get("content_html")), fields.string(item.get("content_text"))
    summary = fields.string(item.get("summary"))
    content, is_html = (html, True) if html else (text, False) if text else (summary or "", False)
    link = fields.link(base, item.get("url")) or fields.link(base, item.get("external_url"))
    title, content = fields.headline(item.get("title"), content, is_html)
    if not (title or content or link):
        return None
    dek = fields.standfirst(title, summary, False, content, is_html) if summary and (html or text) else ""
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item["author"]] if isinstance(item.get("author"), dict) else []  # JSON Feed 1.0
    names = [fields.clean(a.get("name")) for a in authors if isinstance(a, dict)]
    return Entry(
        feed_url=source.url,
        guid=fields.ident(item.get("id")),
        link=link,
        title=title,
        content=content,
        content_is_html=is_html,
        standfirst=dek,
        author=", ".join(n for n in names if n) or None,
        published=fields.rfc3339(item.get("date_published")) or fields.rfc3339(item.get("date_modified")),
        language=fields.language(item.get("language")) or language,
        source_name=source.name,
    )
