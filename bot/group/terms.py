"""Terms: an article's stemmed content words, and their document frequencies over a history."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.language import TOKEN, declared_language, guess_by_stop_words, stemmer, stop_words
from bot.models import Article

__all__ = ["MIN_HISTORY", "LEAD_WORDS", "TITLE_WEIGHT", "TermStats", "article_terms"]

#: How many words of an article's text, after its title, describe it for grouping. News puts
#: who/what/where first, and a feed teaser and the full page then look alike.
LEAD_WORDS = 60
#: The title counts this many times: it is the outlet's own one-line statement of the event.
TITLE_WEIGHT = 3
#: IDF is taken as if the history held at least this many articles, the missing ones without
#: the term: a content word (stop words are gone) is rare in news at large. Without it a word
#: that two articles of a small batch share weighs nothing, and a fresh install's first digests
#: (or a one-off ``--feed`` digest) never group; a real history is larger and is used as it is.
MIN_HISTORY = 100


def _unchanged(word: str) -> str:
    return word


class _Normaliser:
    """Word → stem (None for stop words and noise), cached: a run sees the same words over and over."""

    def __init__(self, language: str):
        self.stop = stop_words(language)
        self.stem: Callable[[str], str] = stemmer(language) or _unchanged
        self.cache: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        term = self.cache.get(word, "")
        if term != "":
            return term
        low = word.lower().replace("’", "'")
        if low in self.stop or len(low) < 2:
            term = None  # single letters and digits say nothing about an event
        elif low.isdigit() or not low.isalpha():
            term = low  # "2018", "mp3", "o'neill": kept as they are
        else:
            term = self.stem(low)
        if len(self.cache) < 500_000:
            self.cache[word] = term
        return term


@lru_cache(maxsize=None)
def _normaliser(language: str) -> _Normaliser:
    return _Normaliser(language)


def _language_of(article: Article, language: str | None) -> str:
    return (declared_language(language) or declared_language(article.language)
            or guess_by_stop_words(f"{article.title} {article.text[:1500]}"))


def title_terms(article: Article, language: str | None = None) -> frozenset[str]:
    """Stemmed content words of the title alone: the outlet's one-line statement of the event."""
    norm = _normaliser(_language_of(article, language))
    return frozenset(t for t in (norm(w) for w in TOKEN.findall(article.title or "")) if t)


def article_terms(article: Article, language: str | None = None) -> Counter[str]:
    """Stemmed content words of the title (counted :data:`TITLE_WEIGHT` times) and the lead.

    ``language`` is sumy's name or a code ("pt"); None guesses it from the text.
    """
    norm = _normaliser(_language_of(article, language))
    counts: Counter[str] = Counter()
    for word in TOKEN.findall(article.title or ""):
        term = norm(word)
        if term:
            counts[term] += TITLE_WEIGHT
    for word in TOKEN.findall(article.text[: LEAD_WORDS * 12])[:LEAD_WORDS]:
        term = norm(word)
        if term:
            counts[term] += 1
    return counts


@dataclass
class TermStats:
    """Document frequencies of terms over a body of articles: the background for IDF.

    Feed it the store's history (recent articles' titles and texts), not the batch being grouped,
    and two articles' similarity no longer depends on what else is in the batch. Built with
    :meth:`from_articles`, grown with :meth:`add`, saved with :meth:`to_dict`.
    """

    docs: int = 0
    df: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_articles(cls, articles: Iterable[Article], language: str | None = None) -> "TermStats":
        stats = cls()
        for article in articles:
            stats.add(article, language)
        return stats

    @classmethod
    def from_features(cls, features: Iterable[Any]) -> "TermStats":
        """From :func:`bot.group.prepare`'s features (their ``terms``), as a worker made them."""
        stats = cls()
        for feats in features:
            stats.add_terms(feats.terms)
        return stats

    def add(self, article: Article, language: str | None = None) -> None:
        self.add_terms(article_terms(article, language))

    def add_terms(self, terms: Iterable[str]) -> None:
        self.docs += 1
        df = self.df
        for term in set(terms):
            df[term] = df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        """log((docs + 1) / (df + 1)), docs at least :data:`MIN_HISTORY`: the rarer a term, the more
        two articles sharing it say."""
        return math.log((max(self.docs, MIN_HISTORY) + 1) / (self.df.get(term, 0) + 1))

    def to_dict(self, min_df: int = 1) -> dict[str, Any]:
        """JSON-ready; ``min_df=2`` drops the (many) terms seen once, at a small cost in accuracy."""
        return {"docs": self.docs, "df": {t: n for t, n in self.df.items() if n >= min_df}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TermStats":
        return cls(docs=int(data.get("docs", 0)), df={str(t): int(n) for t, n in dict(data.get("df", {})).items()})


def _stats_of(terms: Iterable[Counter[str]]) -> TermStats:
    stats = TermStats()
    for counts in terms:
        stats.add_terms(counts)
    return stats

