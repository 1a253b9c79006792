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

    Candidates are each article's own summary (the summariser's picks; the first usable sentences
    of the text when it has none), each checked again to stand alone (bot.summarise's screen: a
    fallback summary may hold a fragment or a caption). The summary opens with what happened: the
    lead article's first candidate that leans on nothing (no opening "He", "But", "This") and is
    no quotation (it sits under the lead's headline). The rest are picked by score: how much of
    what the *other* outlets say a sentence covers (for each other article, the largest share of
    one of its sentences' words found in this one: the story's core facts first), plus a bonus for
    the summariser's rank. A sentence that repeats one already chosen is skipped
    (:data:`REPEAT_SIMILARITY`), no article gives a second sentence while another article still
    has a fresh one, and a leaning sentence comes only right after the sentence of its own
    article that it follows in the text.
    """
    if sentences < 1:
        return []
    from bot.summarise import leans  # (not at import: `newsdigest --help` loads no numpy)

    candidates: list[tuple[int, int, str, frozenset[str], bool]] = []  # (article, rank, sentence, terms, leans)
    for a, article in enumerate(story.articles):
        language = article.language or guess_by_stop_words(f"{article.title} {article.text[:1500]}")
        own = _standing_alone([s for s in article.summary if s.strip()], language)
        own = own or _first_sentences(article.text, sentences, language)
        headline = _sentence_terms(article.title, language)
        own = [s for s in own if _set_cosine(_sentence_terms(s, language), headline) < 0.8]  # its headline again
        for rank, sentence in enumerate(own):
            candidates.append((a, rank, sentence.strip(), _sentence_terms(sentence, language), leans(sentence, language)))
    if not candidates:
        return []
    supports = []
    for a, _, _, terms, _ in candidates:
        by_article: dict[int, float] = {}
        for b, _, _, other, _ in candidates:
            if b != a and other:
                by_article[b] = max(by_article.get(b, 0.0), len(terms & other) / len(other))
        supports.append(sum(by_article.values()) / len(by_article) if by_article else 0.0)
    opening = _opening(story, candidates, supports)
    scored = []
    for k, (a, rank, sentence, terms, leaning) in enumerate(candidates):
        scored.append((k == opening, supports[k] + 0.2 / (1 + rank), -a, -rank, a, rank, sentence, terms, leaning))
    scored.sort(reverse=True)

    chosen: list[tuple[str, int, int, frozenset[str]]] = []
    used: Counter[int] = Counter()
    open_ = [True] * len(scored)
    cap = 1  # sentences per article in this pass: every article's best before any second one
    while len(chosen) < sentences and any(open_):
        added = False
        for k, (*_, a, rank, sentence, terms, leaning) in enumerate(scored):
            if not open_[k] or used[a] >= cap:
                continue
            if any(sentence == s or _set_cosine(terms, t) >= REPEAT_SIMILARITY for s, _, _, t in chosen):
                open_[k] = False
                continue
            if leaning and not (chosen and chosen[-1][1:3] == (a, rank - 1)
                                and _follows(story.articles[a].text, chosen[-1][0], sentence)):
                continue  # not now: it may follow its sentence later in this pass or the next
            chosen.append((sentence, a, rank, terms))
            used[a] += 1
            open_[k] = False
            added = True
            if len(chosen) >= sentences:
                break
        if not added:
            if cap > len(scored):
                break
            cap += 1
    return [(sentence, story.articles[a]) for sentence, a, _, _ in chosen]


def _opening(story: Story, candidates: list[tuple[int, int, str, frozenset[str], bool]], supports: list[float]) -> int:
    """Which candidate opens the story: of the lead article's sentences that can open one, the one
    that states what its headline says (the share of the headline's terms it holds), with what the
    other outlets confirm (support) and the summariser's rank breaking ties. Another article's
    sentence only when the lead has none."""
    lead = story.lead
    title = _sentence_terms(lead.title, lead.language or guess_by_stop_words(f"{lead.title} {lead.text[:1500]}"))

    def value(k: int) -> float:
        a, rank, _, terms, _ = candidates[k]
        said = len(title & terms) / len(title) if title else 0.0
        return said + 0.5 * supports[k] + 0.3 / (1 + rank)

    for pool in ([k for k, c in enumerate(candidates) if c[0] == 0], range(len(candidates))):
        able = [k for k in pool if _can_open(candidates[k][2], candidates[k][4])]
        if able:
            return max(able, key=value)
    return 0


def _can_open(sentence: str, leaning: bool) -> bool:
    """A story's first line states what happened: not a sentence leaning on another, not a quotation."""
    return not leaning and sentence[:1] not in _QUOTE_MARKS


_QUOTE_MARKS = "\"'“”‘’«»„"


def _standing_alone(own: list[str], language: str) -> list[str]:
    """The sentences of an article's summary that the summariser's screen passes, each on its own."""
    from bot.summarise import screen_sentences

    out = []
    for sentence in own:
        screened = screen_sentences(sentence, language)
        if len(screened) == 1 and screened[0].usable:
            out.append(screened[0].text)
        elif screened and all(s.usable for s in screened):
            out.append(sentence)
    return out


def _follows(text: str, before: str, sentence: str) -> bool:
    """``sentence`` comes right after ``before`` in the article's text (nothing but space between)."""
    at = text.find(before)
    if at < 0:
        return False
    return text[at + len(before):].lstrip().startswith(sentence[:40])


def _first_sentences(text: str, count: int, language: str = "english") -> list[str]:
    from bot.summarise import usable_sentences

    return usable_sentences(text, language)[:count]


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
