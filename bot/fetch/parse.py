"""Feed bytes → ``FeedResult``: feedparser for RSS 0.9x/1.0/2.0 and Atom, ``jsonfeed`` for JSON Feed.

Pure, and bounded: gzip is undone within the size cap, every field is type-checked
(``fields``), a feed keeps its newest ``MAX_ITEMS`` items, and whatever a parser raises on
hostile bytes becomes this feed's problem, not the run's.
"""

from __future__ import annotations

import re
from typing import Any

from bot.fetch import charset, fields
from bot.fetch.http import HttpSettings, Refused, decode_body
from bot.fetch.jsonfeed import parse_json_feed
from bot.models import Entry, FeedResult, FeedSource

# The newest items kept from one feed a fetch. Busy news feeds carry 20-100 items and the
# largest seen in practice a few hundred, so polling at the collection interval loses nothing;
# 10,000 items cost a minute and half a gigabyte downstream (issue 16) for a digest of a few dozen.
MAX_ITEMS = 500

# Items parsed for each one kept: the newest are chosen among these (feeds list newest first, mostly).
PARSED_PER_KEPT = 2
_ITEM_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>")
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']\s*([\w.:-]+)""")
_XML_ENCODING_TEXT = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*""")
_FEED_LANGUAGE = re.compile(rb"""<(?:dc:)?language>\s*([A-Za-z]{2,3})|\bxml:lang\s*=\s*["']([A-Za-z]{2,3})""")


def parse_feed(
    source: FeedSource, body: bytes, headers: dict[str, str] | None = None, url: str | None = None, max_items: int = MAX_ITEMS
) -> FeedResult:
    """Feed bytes → entries, or a problem saying why these bytes are not a usable feed."""
    body, total = _first_items(body, PARSED_PER_KEPT * max_items)
    try:
        result = _parse(source, body, {k.lower(): v for k, v in (headers or {}).items()}, url or source.url)
    except Exception as exc:  # noqa: BLE001 - feedparser raises on some hostile bytes (chr() of &#1114112;, surrogates)
        return FeedResult(source=source, problem=f"the feed could not be parsed ({exc.__class__.__name__}: {_describe(exc)})")
    return _newest(result, max_items, total)


def _first_items(body: bytes, cap: int) -> tuple[bytes, int | None]:
    """The document with only its first ``cap`` items (what follows the last item kept: the closing tags),
    and how many it held; (body, None) when it holds no more. feedparser takes about 1.5 ms an item, so
    10,000 items cost 15 s before any could be dropped; feeds list their newest first."""
    ends = [m.end() for m in _ITEM_END.finditer(body)]
    if len(ends) <= cap:
        return body, None
    return body[:ends[cap - 1]] + body[ends[-1]:], len(ends)


def _parse(source: FeedSource, body: bytes, headers: dict[str, str], base: str) -> FeedResult:
    if not body.strip():
        return FeedResult(source=source, problem="the server sent an empty body, not a feed")
    if body[:2] == b"\x1f\x8b":  # only for callers that bypass Http, which undoes gzip itself
        try:
            body = decode_body(body, "", HttpSettings.max_bytes)
        except Refused as exc:
            return FeedResult(source=source, problem=str(exc))
    served = headers.get("content-type", "")
    declared = _charset_of(served)
    if "json" in served.lower() or body.lstrip()[:1] == b"{":
        return parse_json_feed(source, body, base, declared)
    import feedparser  # here, not at the top: a run whose feeds all answer 304 never parses one

    xml, charset_note = _as_utf8(body, declared)
    mime = served.split(";")[0].strip() or "application/xml"
    # Unsanitised: feedparser's sanitizer drops <template> and <noscript> tags but keeps their text, which
    # then reads as prose; bot.extract.html_to_text drops such elements whole, and no feed HTML is output.
    parsed = feedparser.parse(xml, response_headers={"content-type": f"{mime}; charset=utf-8", "content-location": base},
                              sanitize_html=False)
    version = parsed.get("version") or ""
    items = parsed.get("entries") or []
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(bozo, feedparser.NonXMLContentType):
        bozo = feedparser.NonXMLContentType(f"{served or 'no Content-Type'} is not an XML media type")
    if not version and not items:
        head = body[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            return FeedResult(source=source,
                              problem="the address gave an HTML page, not a feed: look for the site's RSS or Atom link")
        detail = f": {_describe(bozo)}" if bozo else ""
        return FeedResult(source=source, problem=f"not a feed (no RSS, Atom or JSON Feed found){detail}")
    feed_info = parsed.get("feed", {})
    language = fields.language(feed_info.get("language"))
    entries = [e for e in (_entry_from_feedparser(source, item, language, base) for item in items) if e]
    if bozo and not entries:  # not even a title or link: what the loose parser made of garbage
        return FeedResult(source=source, problem=f"the feed is malformed and no entry could be read: {_describe(bozo)}")
    notes = [f"parsed despite errors: {_describe(bozo)}" if bozo else None, charset_note]
    warning = "; ".join(n for n in notes if n) or None
    return FeedResult(source=source, entries=entries, title=fields.clean(feed_info.get("title")), warning=warning)


def _charset_of(content_type: str) -> str | None:
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _as_utf8(body: bytes, declared: str | None) -> tuple[bytes, str | None]:
    """The feed re-encoded as UTF-8 (and its XML declaration saying so), read by ``charset``:
    feedparser trusts the declared charset, so a UTF-8 feed served as windows-1252 became
    "Ã©" and one stray byte turned a whole UTF-8 feed into windows-1252. Returns the bytes and
    a note when some of the text could not be read."""
    in_document = _XML_ENCODING.match(body[:1024])
    declared = declared or (in_document.group(1).decode("ascii") if in_document else None)
    language = _FEED_LANGUAGE.search(body[:16384])
    decoded = charset.decode(body, declared, (language.group(1) or language.group(2)).decode() if language else None)
    text = _XML_ENCODING_TEXT.sub(r"\g<1>utf-8", decoded.text[:1024], count=1) + decoded.text[1024:]
    return text.encode("utf-8"), charset.note(decoded, declared)


def _describe(exc: Any) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text[:200]


def _entry_from_feedparser(source: FeedSource, item: Any, language: str | None, base: str) -> Entry | None:
    contents = [(value, c.get("type")) for c in item.get("content") or [] if isinstance(c, dict)
                and (value := fields.string(c.get("value")))]
    best = max(contents, key=lambda c: len(c[0]), default=None)
    summary = fields.string(item.get("summary")) or ""
    detail = item.get("summary_detail")
    summary_type = detail.get("type") if isinstance(detail, dict) else None
    beside = best is not None and len(best[0]) >= len(summary)
    content, ctype = best if beside and best is not None else (summary, summary_type)
    link = fields.link(base, item.get("link"))
    is_html = (fields.clean(ctype) or "text/html") != "text/plain"
    title, content = fields.headline(item.get("title"), content, is_html)
    if not (title or content or link):
        return None
    dek = fields.standfirst(title, summary, (fields.clean(summary_type) or "text/html") != "text/plain", content,
                            is_html) if beside and summary and summary != content else ""
    return Entry(
        feed_url=source.url,
        guid=fields.clean(item.get("id")),
        link=link,
        title=title,
        content=content,
        content_is_html=is_html,
        standfirst=dek,
        author=fields.clean(item.get("author")),
        # dict.get: feedparser's own .get maps updated→published with a deprecation warning.
        published=fields.struct_time(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")),
        language=fields.language(item.get("language")) or language,
        source_name=source.name,
    )


def _newest(result: FeedResult, cap: int, held: int | None = None) -> FeedResult:
    """Keep the newest ``cap`` entries, in the feed's order; undated ones count as oldest, in feed order.
    ``held``: how many items the document held when some were cut before parsing."""
    parsed = len(result.entries)
    total = max(held or 0, parsed)
    if total <= cap or result.problem:
        return result
    entries = result.entries
    ranked = sorted(range(parsed), key=lambda i: (entries[i].published is None, -_stamp(entries[i]), i))
    keep = set(ranked[:cap])
    result.entries = [e for i, e in enumerate(entries) if i in keep]
    read = f"read the first {parsed:,}, " if held and held > parsed else ""
    note = f"the feed has {total:,} items: {read}kept the newest {min(cap, parsed):,}, left out {total - min(cap, parsed):,}"
    result.warning = f"{result.warning}; {note}" if result.warning else note
    return result


def _stamp(entry: Entry) -> float:
    return entry.published.timestamp() if entry.published else 0.0
