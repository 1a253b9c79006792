"""Why a page has no article text: a consent wall, a paywall, a script-only page, or none."""

from __future__ import annotations

import re
from typing import Any

from bot.extract.repairs import _norm

_CONSENT = re.compile(r"\b(?:cookies?|consent|gdpr|privacy (?:settings|preferences|choices)|accept all"
                      r"|agree and (?:continue|proceed)|manage (?:preferences|options)|tracking technologies)\b", re.I)
_PAYWALL = re.compile(r"\b(?:subscribe (?:now |today )?to (?:continue|read|keep reading|unlock)"
                      r"|(?:subscribers?|members?) only|already a (?:subscriber|member)|to continue reading"
                      r"|create a free account|log ?in to (?:continue|read)|sign in to (?:continue|read)"
                      r"|exclusive (?:for|to) subscribers|paywall|premium content|assine para (?:continuar|ler)"
                      r"|conteúdo exclusivo para assinantes)\b", re.I)


def _why_no_text(tree: Any, scripts: int | None = None) -> str:
    """``scripts``: how many <script> elements the page had, when they were removed before extraction."""
    body = tree.find("body")
    root = body if body is not None else tree
    visible = _norm(" ".join(t for t in root.xpath(".//text()[not(ancestor::script) and not(ancestor::style)"
                                                   " and not(ancestor::noscript) and not(ancestor::template)]")))
    if _PAYWALL.search(visible):
        return "a paywall: the page asks to subscribe or log in and shows no article text"
    if _CONSENT.search(visible):
        return "a consent wall: the page shows a cookie or privacy notice and no article text"
    if scripts is None:
        scripts = len(tree.xpath("//script"))
    if len(visible) < 200 and scripts >= 3:
        return "no article text: the page is built by JavaScript"
    return "no article text found on the page"
