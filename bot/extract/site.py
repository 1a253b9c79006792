"""Repetition across the articles of one site: lines that recur (a newsletter pitch, a disclaimer)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from bot.extract.repairs import _norm


def site_boilerplate(texts: Sequence[str], min_articles: int = 2) -> set[str]:
    """Lines (normalised) that recur in at least ``min_articles`` different articles of one site.

    Articles that share most of their lines (two versions of one story, a live blog fetched
    twice) count as one, so an updated story does not erase itself. Pure.
    """
    docs = [{_line_key(line) for line in text.split("\n")} - {""} for text in texts]
    groups: list[set[str]] = []
    for lines in docs:
        if not lines:
            continue
        for group in groups:
            if len(lines & group) > min(len(lines), len(group)) / 2:
                group |= lines  # a near-duplicate of an article already seen
                break
        else:
            groups.append(set(lines))
    counts = Counter(key for group in groups for key in group)
    return {key for key, n in counts.items() if n >= min_articles}


def strip_site_boilerplate(texts: Sequence[str], reference: Sequence[str] = (), min_articles: int = 2) -> list[str]:
    """Each text without the lines that recur across the site's articles (see site_boilerplate).

    ``reference``: more texts from the same site (e.g. earlier articles) that only help to
    find the recurring lines. A text that would lose everything is returned unchanged.
    """
    recurring = site_boilerplate([*texts, *reference], min_articles)
    if not recurring:
        return list(texts)
    out = []
    for text in texts:
        kept = [line for line in text.split("\n") if _line_key(line) not in recurring]
        cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
        out.append(cleaned if cleaned else text)
    return out


def _line_key(line: str) -> str:
    key = _norm(line).lower()
    return key if any(c.isalnum() for c in key) else ""
