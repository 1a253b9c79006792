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
``xmltotxt``), in the order of its ``trafilatura_sequence`` as of the versions in :data:`MIRRORED`;
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

#: trafilatura versions whose fast precision sequence this mirrors (checked by the tests).
MIRRORED = frozenset({"2.3.1"})

try:
    import trafilatura
    from trafilatura import core as _core
    from trafilatura.htmlprocessing import convert_tags, delete_element, tree_cleaning
    from trafilatura.main_extractor import extract_content
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
    tree = copy(tree)  # trafilatura edits the tree; the caller's is read again by the repairs
    for find in (raw_prune, share_prune, comments_and_lists):
        for element in find(tree):
            delete_element(element)  # its tail text stays
    cleaned = convert_tags(tree_cleaning(tree, options), options, options.url)
    for element in comments(cleaned):
        delete_element(element)
    body, text = extract_content(cleaned, options)
    if len(text) < options.min_output_size and 0 < options.min_output_comm_size:  # no comments were looked for
        return ""
    return xmltotxt(body, options.formatting) or ""
