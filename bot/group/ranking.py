"""Which stories a digest shows first, and which a profile's keywords keep: :func:`rank_stories`, :func:`filter_stories`
(re-exported by bot.group.present, where they were)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.keywords import compile_keywords
from bot.models import Story

__all__ = ["HALF_LIFE", "filter_stories", "rank_stories"]


#: Recency halves a story's weight every this long.
HALF_LIFE = timedelta(hours=24)


def _outlets(story: Story) -> int:
    return len({a.source for a in story.articles})


def _newest(story: Story) -> datetime | None:
    return max((a.published for a in story.articles if a.published), default=None)


def rank_stories(stories: Iterable[Story], now: datetime | None, half_life: timedelta = HALF_LIFE) -> list[Story]:
    """Most important first: outlets covering the story × 0.5^(age / half_life).

    Age is from the story's newest article to ``now`` (never negative); a story without any
    date counts as one half-life old; ``now=None`` ranks by outlets alone. Ties: more outlets,
    then newer, then headline.
    """
    half = half_life.total_seconds() or 1.0

    def weight(story: Story) -> float:
        if now is None:
            return float(_outlets(story))
        newest = _newest(story)
        age = half if newest is None else max(0.0, (now - newest).total_seconds())
        decay: float = 0.5 ** (age / half)
        return _outlets(story) * decay

    def key(story: Story) -> tuple[float, int, float, str]:
        newest = _newest(story)
        return (-weight(story), -_outlets(story), -(newest.timestamp() if newest else 0.0), story.lead.title)

    return sorted(stories, key=key)


def _story_text(story: Story) -> str:
    return "\n".join(f"{a.title}\n{' '.join(a.summary)}\n{a.text}" for a in story.articles)


def _compiled(patterns: Iterable[str | re.Pattern[str]]) -> list[re.Pattern[str]]:
    """Patterns already compiled (a profile's ``include_patterns``) stay as they are; strings are compiled."""
    return [p if isinstance(p, re.Pattern) else compile_keywords([p])[0] for p in patterns]


def filter_stories(
    stories: Iterable[Story],
    include: Iterable[str | re.Pattern[str]] = (),
    exclude: Iterable[str | re.Pattern[str]] = (),
) -> list[Story]:
    """The stories that match an ``include`` pattern (all, when there are none) and no ``exclude`` one.

    A story matches when any of its articles' titles, summaries or texts does. Patterns are compiled
    ones or strings as in :func:`compile_keywords`; an invalid string raises ValueError before anything
    is filtered.
    """
    wanted, unwanted = _compiled(include), _compiled(exclude)
    out = []
    for story in stories:
        text = _story_text(story)
        if wanted and not any(p.search(text) for p in wanted):
            continue
        if any(p.search(text) for p in unwanted):
            continue
        out.append(story)
    return out
