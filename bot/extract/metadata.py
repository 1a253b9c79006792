"""What a page declares about itself: head tags, title, author, date and language."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from bot.extract.repairs import _norm


class _Head:
    """What a page declares about itself, gathered in one pass: <meta> tags (by name, property,
    itemprop and http-equiv, lower case), the <title>, the first <h1>, <time datetime> values and
    JSON-LD blocks; and how many <script> elements it has (``scripts``)."""

    def __init__(self, tree: Any):
        self.meta: dict[str, str] = {}
        self.title: str | None = None
        self.h1: str | None = None
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self.scripts = 0
        for el in tree.iter("meta", "title", "h1", "time", "script"):
            tag = el.tag
            if tag == "meta":
                content = el.get("content")
                if content:
                    for attr in ("property", "name", "itemprop", "http-equiv"):
                        for token in (el.get(attr) or "").lower().split():
                            self.meta.setdefault(token, content)
            elif tag == "title":
                self.title = self.title or _norm(el.text_content()) or None
            elif tag == "h1":
                self.h1 = self.h1 or _norm(el.text_content()) or None
            elif tag == "time":
                if el.get("datetime"):
                    self.times.append(el.get("datetime"))
            else:
                self.scripts += 1
                if (el.get("type") or "").lower() == "application/ld+json" and el.text:
                    self.json_ld.append(el.text)
        self.html_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")


_TITLE_SEPARATORS = re.compile(r"\s+[|–—\-:·•»]\s+")


def _titles(head: "_Head") -> list[str]:
    """The page's headline as its metadata, <title> and first <h1> give it (lower case)."""
    found: list[str] = []
    for value in (head.meta.get("og:title"), head.meta.get("twitter:title"), head.title, head.h1):
        value = _norm(value or "")
        if value:
            found.append(value.lower())
            # "Headline - Site Name": the parts as well
            found.extend(part.lower() for part in _TITLE_SEPARATORS.split(value) if len(part) >= 15)
    return found



_META_TITLE = ("og:title", "twitter:title")
_META_AUTHOR = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_META_DATE = ("article:published_time", "og:published_time", "article:published", "datepublished",
              "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "date",
              "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued")
_AUTHOR_MARKUP = ('//*[@itemprop="author"]//*[@itemprop="name"]', '//*[@itemprop="author"]', '//*[@rel="author"]')
_LANG_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")


def _metadata(head: _Head, tree: Any, url: str | None = None) -> dict[str, Any]:
    """Title, author, date and language as the page declares them: meta tags, JSON-LD, markup
    (a date in the URL's path as the last resort).

    Cheap on purpose (one pass over the tags that carry them, no date guessing from the text):
    the pipeline has the feed's own date and title, and this runs for thousands of pages.
    """
    ld = _json_ld(head.json_ld)
    title = _first_value(head.meta, _META_TITLE) or head.h1 or head.title or _text(ld.get("headline"))
    author = _author(ld.get("author")) or _first_value(head.meta, _META_AUTHOR, words=8)
    if author is None:  # markup only: <span itemprop="author">, <a rel="author">
        for xpath in _AUTHOR_MARKUP:
            author = next(filter(None, (_first_value({"a": h.text_content()}, "a", 8) for h in tree.xpath(xpath)[:3])), None)
            if author:
                break
    if author and author.startswith(("http://", "https://")):
        author = None
    published = _date(_text(ld.get("datePublished")))
    for value in [head.meta.get(name) for name in _META_DATE] + head.times:
        if published is None and value:
            published = _date(value)
    language = None
    for value in (head.html_lang, head.meta.get("content-language"), ld.get("inLanguage"), head.meta.get("og:locale")):
        if isinstance(value, str) and _LANG_CODE.match(value.strip()):
            language = value.strip().replace("_", "-")
            break
    return {"title": title, "author": author, "published": published or _url_date(url), "language": language}


def _first_value(meta: dict[str, str], names: Sequence[str] | str, words: int = 40) -> str | None:
    for name in [names] if isinstance(names, str) else names:
        value = _norm(meta.get(name) or "")
        if value and value.count(" ") < words:
            return value
    return None


def _url_date(url: str | None) -> datetime | None:
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    year, month, day = map(int, match.groups())
    try:
        return datetime(year, month, day, tzinfo=timezone.utc)
    except ValueError:
        return None


def _json_ld(blocks: list[str]) -> dict[str, Any]:
    """The first schema.org article object in the page's JSON-LD blocks, or {}."""
    for block in blocks[:10]:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "Report")) for k in kinds):
                    return item
                graph = item.get("@graph")
                if graph:
                    stack.extend(graph if isinstance(graph, list) else [graph])
    return {}


def _text(value: Any) -> str | None:
    return (_norm(value) or None) if isinstance(value, str) else None


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_author(v) for v in value[:4]) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
