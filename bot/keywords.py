"""Keyword patterns of a profile's ``include`` and ``exclude``: words, phrases or /regular expressions/."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["compile_keywords"]


def compile_keywords(patterns: Iterable[str]) -> list[re.Pattern[str]]:
    """Keyword patterns → regular expressions, all case-insensitive.

    ``/.../`` is a regular expression as written; anything else is a word or phrase matched
    whole ("ai" does not match "said"; "north korea" matches "North  Korea"). Raises
    ValueError naming the pattern when a regular expression is invalid or a pattern is empty.
    """
    compiled = []
    for pattern in patterns:
        if not isinstance(pattern, str) or not pattern.strip():
            raise ValueError(f"empty keyword pattern {pattern!r}")
        text = pattern.strip()
        if len(text) >= 2 and text.startswith("/") and text.endswith("/"):
            body = text[1:-1]
            if not body:
                raise ValueError(f"empty regular expression {pattern!r}")
            try:
                compiled.append(re.compile(body, re.IGNORECASE))
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        else:
            words = [re.escape(w) for w in text.split()]
            compiled.append(re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE))
    return compiled
