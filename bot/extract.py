"""Article text: the main text of a page (trafilatura), or the feed's own HTML turned into clean text.

Both paths end in :func:`bot.text.clean_text`, so boilerplate lines ("Read more:", "Sign up",
share rows, photo credits) are dropped whichever way the text arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

import lxml.html
import nh3
import trafilatura
from lxml import etree

from bot.text import clean_text

# Tags whose content is never article prose.
_DROP = {"script", "style", "iframe", "noscript", "object", "embed", "form", "button", "svg", "figure",
         "figcaption", "nav", "aside", "footer", "header", "template", "select", "video", "audio"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "table", "tr", "section", "article", "dd", "dt", "hr"}

SAFE_TAGS = {"a", "p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "img"}


def sanitize_html(html: str) -> str:
    """Feed HTML made safe to show: no script, style, iframes, event handlers or tracking pixels."""
    cleaned = nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes={"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # A 1×1 (or 0×0) image exists only to report that the mail was opened.
    return re.sub(r"<img\b[^>]*\b(width|height)=\"?[01]\"?[^>]*>", "", cleaned, flags=re.I)


def html_to_text(html: str) -> str:
    """Feed-supplied HTML → paragraphs of plain text; scripts, captions and embeds are dropped."""
    if "<" not in html:
        return clean_text(_unescape_plain(html))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return clean_text(text.strip())


def _walk(node: etree._Element, out: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag.lower() in _DROP:
        if node.tail:
            out.append(node.tail)
        return
    block = tag.lower() in _BLOCK
    if block:
        out.append("\n\n")
    if node.text and isinstance(node.tag, str):
        out.append(node.text)
    for child in node:
        _walk(child, out)
    if block:
        out.append("\n\n")
    if node.tail:
        out.append(node.tail)


def _unescape_plain(text: str) -> str:
    import html as _html

    return _html.unescape(text)


@dataclass
class PageText:
    """What a page gave: clean text and the metadata it declared (any may be missing)."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None


def extract_page(html: bytes | str, url: str | None = None) -> PageText | None:
    """Main text of an article page, or None when the page has no article we can find."""
    if isinstance(html, bytes):
        head = html[:1024].lstrip()
        if not head or b"\x00" in head:
            return None
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, fast=True, include_comments=False, include_tables=False, with_metadata=True
        )
    except Exception:  # trafilatura raises assorted parser errors on broken documents
        return None
    if doc is None or not getattr(doc, "text", None):
        return None
    text = clean_text(doc.text)
    if not text:
        return None
    return PageText(
        text=text,
        title=getattr(doc, "title", None),
        author=getattr(doc, "author", None),
        published=_date(getattr(doc, "date", None)),
        language=getattr(doc, "language", None) or _html_lang(html),
    )


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)", re.I)


def _html_lang(html: bytes | str) -> str | None:
    data = html[:4096] if isinstance(html, bytes) else html[:4096].encode("utf-8", "ignore")
    match = _LANG.search(data)
    return match.group(1).decode("ascii") if match else None


def word_count(text: str) -> int:
    return len(text.split())
