"""trafilatura's body and discard XPath expressions as walks over the tree: the same elements, in the
same order, found in a fraction of the time (:func:`install`).

Its extraction finds the article's container with ``BODY_XPATH`` and prunes it with
``OVERALL_DISCARD_XPATH``, ``TEASER_DISCARD_XPATH``, ``PRECISION_DISCARD_XPATH`` and
``DISCARD_IMAGE_ELEMENTS``. libxml2 evaluates ``.//*[...]`` over every element with its generic
machinery, and each EXSLT ``re:test`` calls back into Python: about 1-2.5 ms of a farm page. Here
each expression is a function over ``iterdescendants`` (in C, restricted to the tags the expression
names, in document order) that tests the attributes with the same regular expressions, built from
trafilatura's own token lists. What XPath's semantics say, followed exactly:

* ``re:test(@a, p)`` is ``re.search(p, value)``, ``""`` when the attribute is absent (lxml's EXSLT
  function); ``re:test(@a|@b, p)`` and ``starts-with(@a|@b, p)`` read the first of the two
  attributes in document (source) order;
* ``contains(translate(@a, 'N', 'n'), 'nav')`` is ``"nav" in value.replace("N", "n")``;
* ``.//*[...][1]`` is the first matching child of each parent (a list, in document order);
  ``(.//*[...])[1]`` is the first match of the whole subtree;
* ``A|B`` is the union in document order.

The functions stand in for trafilatura's lists only when its version is one this mirrors
(``fastpass.MIRRORED``); tests/stages/test_shortcuts.py compares every one with the XPath it
replaces on written pages and the dev pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml import etree

Finder = Callable[[Any], list[Any]]

_BLOCKS = ("div", "item", "list", "p", "section", "span")  # the tags the discard expressions name
_CONTAINERS = ("article", "div", "main", "section")


def _first(el: Any, a: str, b: str) -> str:
    """``string(@a|@b)``: the first of the two attributes in source order, ``""`` when neither is set."""
    va, vb = el.get(a), el.get(b)
    if va is None:
        return vb or ""
    if vb is None:
        return va
    for key in el.keys():  # both set: whichever the page wrote first
        if key == a:
            return va
        if key == b:
            return vb
    return va  # (not reached)


def _builders() -> dict[str, Finder]:
    """The functions, with trafilatura's token lists (imported here: only when the version matches)."""
    from trafilatura import xpaths as x

    alt = x._alt
    consent = re.compile(alt(x._CONSENT_ID_CLASS_TOKENS))
    discard_id = re.compile(alt(x._OVERALL_DISCARD_BOTH_TOKENS + x._OVERALL_DISCARD_ID_TOKENS))
    discard_class = re.compile(alt(x._OVERALL_DISCARD_BOTH_TOKENS + x._OVERALL_DISCARD_CLASS_TOKENS))
    hidden = re.compile("hidden")
    reader = re.compile("reader-comments|akismet")
    hide_class = re.compile("^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print|"
                            " hidden| hide|noprint|notloaded")
    bottom = re.compile(r"(^|\s)bottom|bottom(\s|$)")
    link = re.compile(r"(^|\s)link(\s|$)")
    article_id = re.compile(alt(x._ARTICLE_CONTENT_ID_TOKENS))
    article_class = re.compile(alt(x._ARTICLE_CONTENT_CLASS_TOKENS))
    story_id = re.compile(alt(x._STORY_ID_TOKENS))
    fulltext = re.compile("fulltext", re.IGNORECASE)
    story_class = re.compile(alt(x._STORY_CLASS_TOKENS))
    main_id = re.compile(alt(x._MAIN_CONTENT_ID_TOKENS))
    main_class = re.compile(alt(x._MAIN_CONTENT_CLASS_TOKENS))

    def overall(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants(_BLOCKS):
            get = el.get
            i, c = get("id"), get("class")
            if (get("data-lp-replacement-content") is not None
                    or "nav" in (get("role") or "").replace("N", "n")
                    or "MostPopularStories" in (get("data-component") or "")
                    or consent.search(_first(el, "id", "class"))
                    or discard_id.search(i or "") or discard_class.search(c or "")):
                out.append(el)
        return out

    def overall_hidden(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants(etree.Element):
            get = el.get
            i, c, style = get("id") or "", get("class"), get("style") or ""
            if (c == "comments-title" or _first(el, "id", "class").startswith("reply-")
                    or hidden.search(_first(el, "id", "style"))
                    or "display:none" in style or "display: none" in style
                    or reader.search(i) or hide_class.search(c or "") or get("aria-hidden") == "true"):
                out.append(el)
        return out

    def teaser(tree: Any) -> list[Any]:
        return [el for el in tree.iterdescendants(_BLOCKS)
                if "teaser" in (el.get("id") or "").replace("T", "t") or "teaser" in (el.get("class") or "").replace("T", "t")]

    def precision(tree: Any) -> list[Any]:
        out = []
        for el in tree.iterdescendants(_BLOCKS):
            first = _first(el, "id", "class")
            if bottom.search(first) or link.search(first) or "border" in (el.get("style") or ""):
                out.append(el)
        return out

    def captions(tree: Any) -> list[Any]:
        return [el for el in tree.iterdescendants(_BLOCKS)
                if "caption" in (el.get("id") or "") or "caption" in (el.get("class") or "")]

    def body_article(tree: Any) -> list[Any]:
        out, parents = [], set()
        for el in tree.iterdescendants(_CONTAINERS):
            get = el.get
            c, i = get("class"), get("id")
            if (c == "post" or c == "entry" or get("itemprop") == "articleBody" or i == "articleContent"
                    or article_id.search(i or "") or article_class.search(c or "")):
                parent = el.getparent()
                if parent not in parents:  # [1]: the first such child of each parent
                    parents.add(parent)
                    out.append(el)
        return out

    def body_story(tree: Any) -> list[Any]:
        for el in tree.iterdescendants(_CONTAINERS):
            get = el.get
            c, i = get("class"), get("id")
            if (get("role") == "article" or i == "article" or i == "story"
                    or c in ("postarea", "art-postcontent", "text", "cell", "story")
                    or story_id.search(i or "") or fulltext.search(c or "") or story_class.search(c or "")):
                return [el]
        return []

    def body_main(tree: Any) -> list[Any]:
        for el in tree.iterdescendants(_CONTAINERS):
            get = el.get
            c, i = get("class"), get("id")
            if (i == "content" or c == "content" or main_id.search(i or "") or main_class.search(c or "")
                    or "main-content" in (i or "").replace("C", "c").replace("M", "m")
                    or "main-content" in (c or "").replace("C", "c").replace("M", "m")
                    or "page-content" in (c or "").replace("C", "c").replace("P", "p")):
                return [el]
        return []

    def body_fallback(tree: Any) -> list[Any]:
        """``(.//*[article|div|section][starts-with(@class|@id|@role, 'main')])[1] | (.//main)[1]``."""
        found: list[Any] = []
        first = main = None
        for el in tree.iterdescendants(_CONTAINERS):
            if main is None and el.tag == "main":
                main = el
                found.append(el)
            elif first is None and el.tag != "main" and (
                    (el.get("class") or "").startswith("main") or (el.get("id") or "").startswith("main")
                    or (el.get("role") or "").startswith("main")):
                first = el
                if el is not main:
                    found.append(el)
            if first is not None and main is not None:
                break
        return found

    return {"BODY0": body_article, "BODY2": body_story, "BODY3": body_main, "BODY4": body_fallback,
            "OVERALL0": overall, "OVERALL1": overall_hidden, "TEASER0": teaser, "PRECISION1": precision,
            "IMAGE0": captions}


FINDERS: dict[str, Finder] = {}


def install() -> None:
    """Put the walks in place of the XPath lists trafilatura's main extractor reads (its module's names;
    ``trafilatura.xpaths`` keeps the originals). Called by ``fastpass`` for a mirrored version only."""
    from trafilatura import main_extractor as m
    from trafilatura import xpaths as x

    if FINDERS:
        return
    FINDERS.update(_builders())
    f = FINDERS
    m.BODY_XPATH = [f["BODY0"], x.BODY_XPATH[1], f["BODY2"], f["BODY3"], f["BODY4"]]
    m.OVERALL_DISCARD_XPATH = [f["OVERALL0"], f["OVERALL1"]]
    m.TEASER_DISCARD_XPATH = [f["TEASER0"]]
    m.PRECISION_DISCARD_XPATH = [x.PRECISION_DISCARD_XPATH[0], f["PRECISION1"]]
    m.DISCARD_IMAGE_ELEMENTS = [f["IMAGE0"]]
