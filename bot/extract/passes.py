"""A page's main text: trafilatura's passes, then the page-aware repairs and removals.

A page goes through these steps (benchmarks/extraction_quality.py measures each one):

1. bytes checked and decoded (:mod:`bot.extract.decode`);
2. trafilatura, precision-oriented and in fast mode; when that gives an implausibly short text,
   trafilatura again in full mode, which also consults its readability and jusText fallbacks;
3. page-aware repairs and removals (:mod:`bot.extract.repairs`);
4. :func:`bot.text.clean_text` (line shape and phrase families);
5. nothing left → why (:mod:`bot.extract.why`).
"""

from __future__ import annotations

import logging
import re
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from bot.extract.decode import page_markup
from bot.extract.fastpass import fast_text, usable
from bot.extract.metadata import _Head, _metadata, _titles
from bot.extract.repairs import _drop_links_and_captions, _drop_title_lines, _page_repairs
from bot.extract.why import _CONSENT, _PAYWALL, _why_no_text
from bot.text import clean_text

# trafilatura warns on every page it finds no article in ("discarding data: ..."); in worker processes,
# where no logging is set up, Python would print that on the user's terminal. Shown with -v (bot.cli).
if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
    logging.getLogger("trafilatura").setLevel(logging.ERROR)

# Below this many non-space characters the fast pass is suspect and the full pass runs too.
PLAUSIBLE_CHARS = 500
# A text this short that talks of cookies or subscribing is the wall in front of the article.
WALL_WORDS = 40
# Page-level steps that can be switched off (for measuring each one).
PAGE_STEPS = ("fallback", "restore", "siblings", "title", "above-title", "link-lines", "captions")

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
# Elements whose content a reader never sees as prose: removed before any pass or repair looks at the page.
INERT_TAGS = ("script", "style", "noscript", "template")


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
    result = extract_page_or_reason(html, url)
    return result if isinstance(result, PageText) else None


def extract_page_or_reason(
    html: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    skip: frozenset[str] | set[str] = frozenset(),
) -> PageText | str:
    """Main text and metadata of an article page, or a sentence saying why there is none.

    ``content_type`` is the HTTP Content-Type header when there was one (its charset wins
    over the page's own declaration when the bytes are not UTF-8). ``skip`` names steps
    (PAGE_STEPS) and bot.text rule families (RULE_FAMILIES) to leave out, for measuring.
    """
    skip = frozenset(skip)
    markup, problem = page_markup(html, content_type)
    if problem is not None:
        return problem
    tree = _parse(markup)
    if tree is None:
        return "not HTML: the content could not be parsed as an HTML page"

    head = _Head(tree)  # JSON-LD lives in <script>: read what the page declares before the scripts go
    _drop_inert(tree)
    text = _main_text(tree, url, skip)
    lines = text.split("\n") if text else []
    if lines:
        lines = _page_repairs(tree, lines, skip)
        if "title" not in skip:
            lines = _drop_title_lines(lines, _titles(head), above="above-title" not in skip)
        lines = _drop_links_and_captions(tree, lines, skip)
        text = clean_text("\n".join(lines), skip)
    if not text or (text.count(" ") < WALL_WORDS and (_PAYWALL.search(text) or _CONSENT.search(text))):
        return _why_no_text(tree, head.scripts)
    meta = _metadata(head, tree, url)
    return PageText(text=text, title=meta.get("title"), author=meta.get("author"),
                    published=meta.get("published"), language=meta.get("language"))


def _html_parser() -> Any:
    """lxml.html's parser, but with its element classes looked up in C.

    lxml.html asks a Python method for the class of every element handed to Python (tens of
    thousands per page, through trafilatura's XPath and our passes); this lookup gives the same
    HtmlElement (and HtmlComment, ...) without the call. Only <form>, <input>, <select>,
    <textarea> and <label> lose their form-filling subclasses, which nothing here uses.
    """
    parser = lxml.html.HTMLParser()
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    return parser


_PARSER = _html_parser()


def _parse(markup: str) -> Any:
    markup = _XML_DECL.sub("", markup, count=1)
    try:
        tree = lxml.html.document_fromstring(markup, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if tree is not None and len(tree) else None


def _drop_inert(tree: Any) -> None:
    """Script, style, noscript and template elements go with everything inside them (their tails stay).

    trafilatura keeps a <template>'s paragraphs, and the repairs read a <p>'s whole text, a
    <script> inside it included; without them no pass or repair can take their text for prose.
    lxml has already lower-cased the tags and closed an unclosed <script> at the end of the page.
    """
    etree.strip_elements(tree, *INERT_TAGS, with_tail=False)


_OPTIONS: dict[bool, Any] = {}  # trafilatura's Extractor for the fast and the full pass


def _options(url: str | None, fast: bool) -> Any:
    """trafilatura's options for one pass, made once per mode and copied with the page's address:
    making them reads its configuration and today's date in the local time zone, which cost as
    much as a tenth of the extraction."""
    base = _OPTIONS.get(fast)
    if base is None:
        from trafilatura.settings import Extractor

        base = _OPTIONS[fast] = Extractor(output_format="python", fast=fast, precision=True, comments=False,
                                          tables=True, with_metadata=False)
    options = copy(base)
    options.url = url
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")  # as Extractor(url=url) sets it
    return options


def _trafilatura(tree: Any, url: str | None, fast: bool) -> str:
    options = _options(url, fast)
    try:
        if usable(options):  # the fast pass without bare_extraction's spare copies and callbacks (fastpass)
            text = fast_text(tree, options)
            if text is not None:
                return text
        doc = trafilatura.bare_extraction(tree, options=options)
    except Exception:  # trafilatura raises assorted errors on broken documents
        return ""
    if isinstance(doc, dict):  # trafilatura before 2.0 returned a dict
        return doc.get("text") or ""
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _main_text(tree: Any, url: str | None, skip: frozenset) -> str:
    """trafilatura's fast precision pass; its full pass only when the first looks implausible."""
    text = _trafilatura(tree, url, fast=True)
    if "fallback" not in skip and _chars(text) < PLAUSIBLE_CHARS:
        second = _trafilatura(tree, url, fast=False)
        if _chars(second) > _chars(text):
            text = second
    return text


def _chars(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n")



_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")


def word_count(text: str) -> int:
    """Words separated by spaces; in Chinese, Japanese and Thai (written without spaces) every two
    characters count as a word, so a page in those languages is not judged shorter than a teaser."""
    unspaced = len(_UNSPACED.findall(text))
    return len(text.split()) + unspaced // 2 if unspaced else len(text.split())


def more_words_than(text: str, n: int) -> bool:
    """``word_count(text) > n``, reading only the first ``n + 1`` words when the text has that many:
    splitting a whole page into words and scanning it for unspaced scripts was most of this test's cost,
    and unspaced characters only add to the count."""
    return len(text.split(None, n)) > n or word_count(text) > n
