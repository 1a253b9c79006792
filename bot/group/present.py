"""What the digest shows of a story: its summary across outlets, ranking and keyword filters."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from bot.group.terms import _normaliser
from bot.keywords import compile_keywords
from bot.language import TOKEN, guess_by_stop_words
from bot.models import Article, Story

__all__ = ["HALF_LIFE", "REPEAT_SIMILARITY", "filter_stories", "rank_stories", "story_summary"]

#: Two sentences this alike (cosine of their stemmed content words) state the same fact.
REPEAT_SIMILARITY = 0.5


# "seven votes to two" and "7–2" state the same fact. From two up: "one"/"um" are also articles.
_NUMBER_WORDS = {
    w: str(n)
    for words in (
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty",
        "dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezesseis "
        "dezessete dezoito dezenove vinte",
    )
    for n, w in enumerate(words.split(), start=2)
} | {"duas": "2", "quatorze": "14", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "trinta": "30"}


def _sentence_terms(sentence: str, language: str) -> frozenset[str]:
    """Stems of a sentence's content words, with numbers (words or digits) as digits."""
    norm = _normaliser(language)
    terms = set()
    for word in TOKEN.findall(sentence):
        low = word.lower()
        term = _NUMBER_WORDS.get(low) or (low if low.isdigit() else norm(word))
        if term:
            terms.add(term)
    return frozenset(terms)


def _set_cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def story_summary(story: Story, sentences: int = 3) -> list[tuple[str, Article]]:
    """Up to ``sentences`` sentences about the story, each with the article it came from.

    Candidates are each article's own summary (the summariser's picks; the first sentences of
    the text when it has none). The summary opens with the lead article's first sentence (it
    sits under the lead's headline). The rest are picked by score: how much of what the *other*
    outlets say a sentence covers (for each other article, the largest share of one of its
    sentences' words found in this one: the story's core facts first), plus a bonus for the
    summariser's rank. A sentence that repeats one already chosen is skipped
    (:data:`REPEAT_SIMILARITY`), and no article gives a second sentence while another article
    still has a fresh one.
    """
    if sentences < 1:
        return []
    candidates: list[tuple[int, int, str, frozenset[str]]] = []  # (article, rank, sentence, terms)
    for a, article in enumerate(story.articles):
        own = [s for s in article.summary if s.strip()] or _first_sentences(article.text, sentences)
        language = guess_by_stop_words(f"{article.title} {article.text[:1500]}")
        for rank, sentence in enumerate(own):
            candidates.append((a, rank, sentence.strip(), _sentence_terms(sentence, language)))
    if not candidates:
        return []
    scored = []
    for a, rank, sentence, terms in candidates:
        by_article: dict[int, float] = {}
        for b, _, _, other in candidates:
            if b != a and other:
                by_article[b] = max(by_article.get(b, 0.0), len(terms & other) / len(other))
        support = sum(by_article.values()) / len(by_article) if by_article else 0.0
        opening = a == 0 and rank == 0
        scored.append((opening, support + 0.2 / (1 + rank), -a, -rank, a, sentence, terms))
    scored.sort(reverse=True)

    chosen: list[tuple[str, int, frozenset[str]]] = []
    used: Counter[int] = Counter()
    open_ = [True] * len(scored)
    cap = 1  # sentences per article in this pass: every article's best before any second one
    while len(chosen) < sentences and any(open_):
        added = False
        for k, (*_, a, sentence, terms) in enumerate(scored):
            if not open_[k] or used[a] >= cap:
                continue
            if any(sentence == s or _set_cosine(terms, t) >= REPEAT_SIMILARITY for s, _, t in chosen):
                open_[k] = False
                continue
            chosen.append((sentence, a, terms))
            used[a] += 1
            open_[k] = False
            added = True
            if len(chosen) >= sentences:
                break
        if not added:
            cap += 1
    return [(sentence, story.articles[a]) for sentence, a, _ in chosen]


def _first_sentences(text: str, count: int) -> list[str]:
    from bot.text import split_sentences

    return [s for s in split_sentences(text) if len(s.split()) >= 5][:count]


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
