"""Feed-supplied HTML → clean text (the path for entries whose page is not fetched)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from bot.text import clean_text

# Tags whose content is never article prose. The first row is active content or the fallbacks shown
# in its place; feedparser's sanitizer would keep their text without their tags, so feeds reach here
# unsanitised (bot/fetch/parse.py) and this is the one place that decides.
_INERT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "applet", "noembed", "noframes",
          "canvas", "textarea", "title", "head"}
_DROP = _INERT | {"form", "button", "svg", "figure", "figcaption", "nav", "aside", "footer", "header", "select",
                  "video", "audio"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "table", "tr", "section", "article", "dd", "dt", "hr"}
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# For markup lxml refuses: an inert block with its content, to its end tag or the end.
_INERT_BLOCK = re.compile(rf"<({'|'.join(sorted(_INERT))})\b.*?(?:</\1\s*>|\Z)", re.I | re.S)


def html_to_text(html: str) -> str:
    """Feed-supplied HTML → paragraphs of plain text; scripts, styles, templates, noscript fallbacks, captions
    and embeds are dropped with their text."""
    if "<" not in html:  # (HTML still: its line breaks are spaces)
        return clean_text(_flowed(_unescape_plain(html)))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):  # lxml asserts one <body>: "<!DOCTYPE html><script>…"
        return clean_text(re.sub(r"<[^>]+>", " ", _INERT_BLOCK.sub(" ", html)))
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
            out.append(_flowed(node.tail))
        return
    block = tag.lower() in _BLOCK
    if block:
        out.append("\n\n")
    if node.text and isinstance(node.tag, str):
        out.append(node.text if tag.lower() == "pre" else _flowed(node.text))
    for child in node:
        _walk(child, out)
    if block:
        out.append("\n\n")
    if node.tail:
        out.append(_flowed(node.tail))


def _flowed(text: str) -> str:
    """A run of HTML text as it flows: a line break in the source is a space (markup breaks lines: <p>, <br>),
    so a feed's hard-wrapped "announce the update of its\\nstable distribution" stays one sentence. A blank
    line is kept as a paragraph break: feeds that write paragraphs as blank lines between inline markup mean one."""
    if "\n" not in text:
        return text
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", part) for part in _BLANK_LINE.split(text))


def _unescape_plain(text: str) -> str:
    import html as _html

    return _html.unescape(text)
