"""trafilatura's fast precision pass, as ``bare_extraction`` runs it, without the work our options make
useless: :func:`fast_text`.

With ``fast=True, precision=True, comments=False`` (our fast pass), ``bare_extraction`` copies the
tree it is given three times (the caller's, then the pruned raw tree, then the cleaned tree as a
backup) although only the comparison with the external extractors (skipped in fast mode), the
baseline rescue and the recall retry (not in precision mode) would read the extra copies. Its three
raw-tree prunes are XPath expressions with EXSLT ``re:test``, which calls back into Python for
every element they look at; here the same element lists are found by walking the tree once per
prune (``iterdescendants``, in document order, as XPath returns them), with the same regular
expressions (the EXSLT ones are Python's ``re.search`` on the attribute, ``""`` when absent).

The steps called are trafilatura's own (``tree_cleaning``, ``convert_tags``, ``extract_content``,
``xmltotxt``), in the order of its ``trafilatura_sequence`` as of the versions in :data:`MIRRORED`, but for
``extract_content``'s backup of the cleaned tree, made only when its recovery needs it (:func:`_content`);
tests/stages/test_shortcuts.py checks the prunes against trafilatura's XPath and the text against
``bare_extraction`` on written pages and the dev pages (skipped on a version not listed: check it,
then add it). On another version, or a page trafilatura would treat as a forum thread,
``bare_extraction`` runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import copy
from typing import Any

from lxml.etree import strip_elements, strip_tags

#: trafilatura versions whose fast precision sequence this mirrors (checked by the tests).
MIRRORED = frozenset({"2.3.1"})

try:
    import trafilatura
    from trafilatura import core as _core
    from trafilatura.htmlprocessing import convert_tags, delete_element, tree_cleaning
    from trafilatura.main_extractor import _elem_text, _extract, extract_content
    from trafilatura.settings import MIN_DUPLICATE_LENGTH
    from trafilatura.utils import SPACING_PROTECTED, text_chars_test
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import _COMMENTS_CLASS, _COMMENTS_ID

    _forum_thread_page: Callable[[Any], bool] | None = _core._forum_thread_page
    if trafilatura.__version__ not in MIRRORED:
        raise ImportError(trafilatura.__version__)
    from bot.extract import walks

    walks.install()  # its body and discard XPaths as tree walks (the same elements), for every pass
except (ImportError, AttributeError):  # another trafilatura: bare_extraction does it all
    _forum_thread_page = None

# RAW_TREE_PRUNE_XPATH: infinite-scroll containers of follow-up articles, and Elementor's share buttons
_SCROLL = re.compile("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_APPENDED = re.compile("mvp-post-add-(?:box|wrap)")
# REMOVE_COMMENTS_AND_LISTS_XPATH and REMOVE_COMMENTS_XPATH: comment sections
_COMMENT_ID = re.compile(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)") if _forum_thread_page else None
_COMMENT_LIST_ID = re.compile(f"^(?:{_COMMENTS_ID})") if _forum_thread_page else None
_COMMENT_CLASS = re.compile(_COMMENTS_CLASS) if _forum_thread_page else None


def raw_prune(tree: Any) -> list[Any]:
    """The elements RAW_TREE_PRUNE_XPATH's first expression finds."""
    out = []
    for el in tree.iterdescendants("div", "section", "aside"):
        i, c = el.get("id") or "", el.get("class") or ""
        if (_SCROLL.search(i) or _SCROLL.search(c)) and (
                next(el.iterdescendants("h1"), None) is None or _APPENDED.search(i) or _APPENDED.search(c)):
            out.append(el)
    return out


def share_prune(tree: Any) -> list[Any]:
    """The elements RAW_TREE_PRUNE_XPATH's second expression finds."""
    return [el for el in tree.iterdescendants("div", "section", "aside") if "elementor-share-buttons" in (el.get("class") or "")]


def comments_and_lists(tree: Any) -> list[Any]:
    """The elements REMOVE_COMMENTS_AND_LISTS_XPATH finds (on the raw tree: lists are still ol/ul)."""
    assert _COMMENT_ID and _COMMENT_LIST_ID and _COMMENT_CLASS
    out = []
    for el in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
        i, c = el.get("id") or "", el.get("class") or ""
        if (_COMMENT_ID.search(i) or _COMMENT_CLASS.search(c)) and (
                el.tag not in ("ol", "ul") or _COMMENT_LIST_ID.search(i) or _COMMENT_CLASS.search(c)):
            out.append(el)
    return out


def comments(tree: Any) -> list[Any]:
    """The elements REMOVE_COMMENTS_XPATH finds (after conversion, where lists are <list>)."""
    assert _COMMENT_ID and _COMMENT_CLASS
    return [el for el in tree.iterdescendants("div", "list", "section", "details")
            if _COMMENT_ID.search(el.get("id") or "") or _COMMENT_CLASS.search(el.get("class") or "")]


def usable(options: Any) -> bool:
    """Whether :func:`fast_text` runs the sequence ``bare_extraction`` would for these options."""
    return (_forum_thread_page is not None and options.fast and options.focus == "precision" and not options.comments
            and options.format == "python" and not options.dedup and not options.lang and not options.with_metadata
            and not options.max_tree_size)


def fast_text(tree: Any, options: Any) -> str | None:
    """``bare_extraction(tree, options=options).text`` ("" where it returns None) for options that
    :func:`usable` accepts and a page that is no forum thread; None: call ``bare_extraction``."""
    assert _forum_thread_page is not None
    if _forum_thread_page(tree):
        return None
    body, text = _content(tree, options)
    if len(text) < options.min_output_size and 0 < options.min_output_comm_size:  # no comments were looked for
        return ""
    return xmltotxt(body, options.formatting) or ""


def _cleaned(tree: Any, options: Any) -> Any:
    """The tree as ``extract_content`` receives it: a copy of the caller's (which the repairs read again), the
    raw-tree prunes, trafilatura's cleaning and tag conversion, the comment sections gone."""
    tree = copy(tree)
    for find in (raw_prune, share_prune, comments_and_lists):
        for element in find(tree):
            delete_element(element)  # its tail text stays
    cleaned = convert_tags(tree_cleaning(tree, options), options, options.url)
    for element in comments(cleaned):
        delete_element(element)
    return cleaned


def _content(tree: Any, options: Any) -> tuple[Any, str]:
    """``extract_content(_cleaned(tree, options), options)`` without its backup for the recovery of wild text.

    ``extract_content`` copies the cleaned tree whole (``deepcopy``) and lists its elements before the main pass
    (``_extract``) moves them, for ``recover_wild_text``, which runs only when that pass finds no text or too little
    (``min_extracted_size``). Here the main pass runs on the cleaned tree alone; when it comes up short, its work is
    dropped and ``extract_content`` runs as trafilatura runs it, on the tree cleaned again from the caller's
    (which nothing has changed: every step reads its own copy), so the recovery sees what it would have seen.
    Otherwise its remaining steps follow, as in ``extract_content``: a long element repeating the one before it
    goes, then the "done" markers and the divs, then whitespace-only tails of line breaks outside code.
    """
    result_body, temp_text, _ = _extract(_cleaned(tree, options), options)
    if len(result_body) == 0 or len(temp_text) < options.min_extracted_size:
        return extract_content(_cleaned(tree, options), options)
    previous = None
    for el in list(result_body):
        current = _elem_text(el)
        if current and current == previous and len(current) > MIN_DUPLICATE_LENGTH:
            delete_element(el, keep_tail=False)
        else:
            previous = current
    strip_elements(result_body, "done")
    strip_tags(result_body, "div")
    for linebreak in result_body.iter("lb"):
        if (linebreak.tail and not text_chars_test(linebreak.tail)
                and not any(anc.tag in SPACING_PROTECTED for anc in linebreak.iterancestors())):
            linebreak.tail = None
    return result_body, temp_text
