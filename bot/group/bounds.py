"""Exact bounds for the linkage (:mod:`.cluster`): which pairs of stories cannot reach its bar, decided for
many pairs at once in numpy, so that its rules (names, outlets, headlines, time) run in Python only for
the pairs that may merge.

Each bound only ever leaves out a pair whose score the linkage would have found below its threshold,
and it is computed with the same floating-point operations as the score, so what the linkage does
with every other pair, and its result, are unchanged (``tests/stages/test_group_bounds.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.group.docs import BODY_WEIGHT, _Doc


def blended(leads: np.ndarray, bodies: np.ndarray) -> np.ndarray:
    """:func:`bot.group.docs._blend` of each pair of cosines (the same operations, element by element)."""
    return leads + BODY_WEIGHT * np.maximum(0.0, bodies - leads)  # type: ignore[no-any-return]


class _Headlines:
    """Every document's headline words as numbers (sorted per document, one array), to count the words
    many pairs of documents share at once."""

    def __init__(self, docs: Sequence[_Doc]):
        vocabulary: dict[str, int] = {}
        own = [sorted({vocabulary.setdefault(t, len(vocabulary)) for t in d.headline}) for d in docs]
        self.sizes = np.fromiter((len(words) for words in own), np.int64, count=len(own))
        self.starts = np.zeros(len(own) + 1, np.int64)
        np.cumsum(self.sizes, out=self.starts[1:])
        self.width = len(vocabulary) + 1
        ids = np.fromiter((t for words in own for t in words), np.int64, count=int(self.starts[-1]))
        # (document, word) as one sorted key: document-major, words ascending within each
        self.keys = np.repeat(np.arange(len(own), dtype=np.int64), self.sizes) * self.width + ids

    def shared(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """How many headline words documents ``a[k]`` and ``b[k]`` share, for each k."""
        lengths = self.sizes[b]
        ends = np.cumsum(lengths)
        at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(self.starts[b] - (ends - lengths), lengths)
        wanted = np.repeat(a, lengths) * self.width + self.keys[at] % self.width
        found = np.minimum(np.searchsorted(self.keys, wanted), max(len(self.keys) - 1, 0))
        hit = self.keys[found] == wanted if len(self.keys) else np.zeros(len(wanted), bool)
        return np.bincount(np.repeat(np.arange(len(a)), lengths), weights=hit, minlength=len(a)).astype(np.int64)


_CHUNK = 16_384


class PairBounds:
    """What two single articles' first score can at most be, from what each article is alone: the
    linkage scores a pair of singles as its similarity plus what time, outlets and headlines say
    (:func:`bot.group.cluster._time_adjust`), which adds ``bonus`` only for two outlets within ``cycle``
    seconds whose headlines share ``words`` words (or half of the shorter's), and never more."""

    def __init__(self, docs: Sequence[_Doc], bonus: float, cycle: float, words: int):
        self.bonus, self.cycle, self.words = bonus, cycle, words
        self.times = np.array([np.nan if d.time is None else d.time for d in docs], np.float64)
        outlets: dict[str, int] = {}
        self.outlets = np.fromiter((outlets.setdefault(d.article.source, len(outlets)) for d in docs), np.int64,
                                   count=len(docs))
        self.headlines = _Headlines(docs)

    def may_reach(self, first: np.ndarray, second: np.ndarray, sims: np.ndarray, threshold: float) -> np.ndarray:
        """For each pair of single articles: False where its first score is surely below ``threshold``."""
        parts = [self._may_reach(first[k : k + _CHUNK], second[k : k + _CHUNK], sims[k : k + _CHUNK], threshold)
                 for k in range(0, len(sims), _CHUNK)]  # (a chunk at a time: the words of every pair take memory)
        return np.concatenate(parts) if parts else np.zeros(0, bool)

    def _may_reach(self, first: np.ndarray, second: np.ndarray, sims: np.ndarray, threshold: float) -> np.ndarray:
        reach = sims >= threshold
        gap = np.abs(self.times[first] - self.times[second])  # (undated: NaN, never within the cycle)
        maybe = ~reach & (sims + self.bonus >= threshold) & (gap <= self.cycle) & (self.outlets[first] != self.outlets[second])
        k = np.flatnonzero(maybe)
        a, b = first[k], second[k]
        sizes = self.headlines.sizes
        need = np.minimum(self.words, np.maximum(1, (np.minimum(sizes[a], sizes[b]) + 1) // 2))
        reach[k[self.headlines.shared(a, b) >= need]] = True
        return reach
