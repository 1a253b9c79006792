"""Candidate documents: an article as the grouping sees it, its vector, and blocking."""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.group.terms import LEAD_WORDS, TITLE_WEIGHT, TermStats, title_terms
from bot.language import TOKEN
from bot.models import Article
from bot.urls import canonical_url

_SHINGLE_WORDS = 150  # copies share their opening; the rest may be cut or extended


@dataclass
class _Doc:
    article: Article
    terms: Counter[str]
    vector: dict[str, float]
    top: list[str]
    time: float | None  # POSIX seconds
    url: str | None
    _shingles: frozenset[int] | None = None
    _title: frozenset[str] | None = None
    _names: frozenset[str] | None = None
    _headline: frozenset[str] | None = None
    language: str | None = None  # as given to the grouping (None: the article's own, else guessed)

    @property
    def shingles(self) -> frozenset[int]:
        """Hashed 4-word shingles of the first :data:`_SHINGLE_WORDS` words of the text."""
        if self._shingles is None:
            words = [w.lower() for w in TOKEN.findall(self.article.text[: _SHINGLE_WORDS * 12])][:_SHINGLE_WORDS]
            self._shingles = frozenset(
                zlib.crc32(" ".join(words[i : i + 4]).encode("utf-8")) for i in range(len(words) - 3)
            )
        return self._shingles

    @property
    def title_words(self) -> frozenset[str]:
        if self._title is None:
            self._title = frozenset(w.lower() for w in TOKEN.findall(self.article.title or "") if len(w) > 1)
        return self._title


    @property
    def headline(self) -> frozenset[str]:
        """The title's stemmed content words."""
        if self._headline is None:
            self._headline = title_terms(self.article, self.language)
        return self._headline

    @property
    def lead_terms(self) -> frozenset[str]:
        """Terms the lead itself has, beyond what the title put there."""
        return frozenset(t for t, c in self.terms.items() if c > (TITLE_WEIGHT if t in self.headline else 0))

    @property
    def names(self) -> frozenset[str]:
        """What an event is made of, besides words: the numbers of the title and lead, and the lead's
        capitalised words that do not open a sentence and never appear in lower case (names of
        people, places, organisations). Title case makes every headline word look like a name, so
        only the title's numbers count."""
        if self._names is None:
            lead = self.article.text[: LEAD_WORDS * 12]
            matches = list(TOKEN.finditer(lead))[:LEAD_WORDS]
            ordinary = {m.group(0) for m in matches if m.group(0).islower()}
            found = {w for w in TOKEN.findall(self.article.title or "") if _is_number(w)}
            for m in matches:
                word = m.group(0)
                if _is_number(word):
                    found.add(word)
                elif (word[0].isupper() and len(word) > 1 and word.lower() not in ordinary
                      and not _opens_sentence(lead, m.start())):
                    found.add(word.lower())
            self._names = frozenset(found)
        return self._names


def _titles_agree(a: _Doc, b: _Doc) -> bool:
    """Half of the shorter title's words in the other: an edited title, not another article."""
    ta, tb = a.title_words, b.title_words
    if not ta or not tb:
        return True
    return len(ta & tb) >= 0.5 * min(len(ta), len(tb))


def _is_number(word: str) -> bool:
    return _DIGIT.search(word) is not None


_DIGIT = re.compile(r"\d")


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;\"“”'‘’«»-–—|(["


_TOP_TERMS = 20  # a document's strongest terms, used only to find candidates (blocking)


def _vector(terms: Counter[str], stats: TermStats) -> dict[str, float]:
    weights = {t: (1.0 + math.log(c)) * stats.idf(t) for t, c in terms.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def _make_docs(articles: Sequence[Article], terms: Sequence[Counter[str]], stats: TermStats,
               language: str | None = None) -> list[_Doc]:
    docs = []
    for article, counts in zip(articles, terms):
        vector = _vector(counts, stats)
        top = sorted(vector, key=lambda t: (-vector[t], t))[:_TOP_TERMS]
        when = article.published.timestamp() if article.published else None
        docs.append(_Doc(article, counts, vector, top, when, canonical_url(article.link), language=language))
    return docs


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


# Blocking, by terms and time: two documents are compared only when they share at least two of
# their strongest terms (one, if either has fewer than four terms). Documents are taken in time
# order, and a term's posting list is read only for its most recent _MAX_POSTING documents, a
# sliding window in time: a term that is everywhere in a huge batch cannot make the work
# quadratic, and with the store's history as TermStats such a term has a low weight and is
# rarely among a document's strongest anyway. Stories still grow past the window through their
# members: the linkage compares whole stories, not pairs.
_MAX_POSTING = 200


def _candidate_pairs(docs: Sequence[_Doc], floor: float = 0.0) -> tuple[dict[tuple[int, int], float], int]:
    """Similarities of the pairs worth comparing, keyed (i, j) with i < j, and how many were compared.

    Only pairs at or above ``floor`` are kept: below the grouping threshold and the copy
    pre-filter a pair decides nothing, and keeping every compared pair costs a lot of memory on
    a large run (benchmarks/pipeline.py).
    """
    order = sorted(range(len(docs)), key=lambda i: (docs[i].time is None, docs[i].time or 0.0, i))
    postings: dict[str, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    compared = 0
    for i in order:
        doc = docs[i]
        shared: Counter[int] = Counter()
        for term in doc.top:
            shared.update(postings[term][-_MAX_POSTING:])
        for j, common in shared.items():
            if common >= (1 if min(len(doc.top), len(docs[j].top)) < 4 else 2):
                compared += 1
                sim = _cosine(doc.vector, docs[j].vector)
                if sim >= floor:
                    pairs[(j, i) if j < i else (i, j)] = sim
        for term in doc.top:
            postings[term].append(i)
    return pairs, compared

