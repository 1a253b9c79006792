"""Feed-supplied HTML → clean text (the path for entries whose page is not fetched)."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from bot.text import clean_text

# Tags whose content is never article prose.
_DROP = {"script", "style", "iframe", "noscript", "object", "embed", "form", "button", "svg", "figure",
         "figcaption", "nav", "aside", "footer", "header", "template", "select", "video", "audio"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "table", "tr", "section", "article", "dd", "dt", "hr"}
# For markup lxml refuses: a script, style, noscript or template block with its content, to its end tag or the end.
_INERT_BLOCK = re.compile(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|\Z)", re.I | re.S)


def html_to_text(html: str) -> str:
    """Feed-supplied HTML → paragraphs of plain text; scripts, styles, templates, captions and embeds are dropped."""
    if "<" not in html:
        return clean_text(_unescape_plain(html))
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
