"""Candidate documents: an article as the grouping sees it, its vector, blocking, and a story's names."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Collection, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from operator import itemgetter

import numpy as np

from bot.group.features import _CODE, GroupFeatures, bare_name
from bot.group.terms import TermStats
from bot.models import Article
from bot.urls import canonical_url


@dataclass
class _Doc:
    article: Article
    features: GroupFeatures
    vector: dict[str, float]
    top: list[str]
    time: float | None  # POSIX seconds
    url: str | None
    body: tuple[tuple[str, ...], np.ndarray]  # the whole text's unit vector (BODY_WORDS words): terms, weights

    @property
    def terms(self) -> Counter[str]:
        return self.features.terms

    @property
    def shingles(self) -> np.ndarray:
        """The text's opening's shingle hashes, sorted, each once: the features' packed array read in
        place (not unpacked into a set, nor cached: a cache of sets took ~7 MB through the linkage)."""
        return np.frombuffer(self.features.packed_shingles, _SHINGLE)

    @property
    def title_words(self) -> frozenset[str]:
        return self.features.title_words

    @property
    def headline(self) -> frozenset[str]:
        """The title's stemmed content words."""
        return self.features.headline

    @property
    def lead_terms(self) -> frozenset[str]:
        return self.features.lead_terms

    @property
    def names(self) -> frozenset[str]:
        return self.features.names

    @property
    def text_names(self) -> frozenset[str]:
        return self.features.text_names

    @property
    def title_names(self) -> set[str]:
        """The title's words that the text uses as names: who or where the outlet says it is about."""
        return {bare_name(t) for t in self.features.headline} & self.features.text_names


def _titles_agree(a: _Doc, b: _Doc) -> bool:
    """Half of the shorter title's words in the other: an edited title, not another article."""
    ta, tb = a.title_words, b.title_words
    if not ta or not tb:
        return True
    return len(ta & tb) >= 0.5 * min(len(ta), len(tb))


_TOP_TERMS = 20  # a document's strongest terms of title + lead, used only to find candidates (blocking)
_TOP_BODY_TERMS = 20  # and of the whole text (those not in the lead)


def _strongest(vector: dict[str, float], n: int) -> list[str]:
    return sorted(vector, key=lambda t: (-vector[t], t))[:n]


_SHINGLE = np.dtype(f"u{array(_CODE).itemsize}")


class _Idf:
    """:meth:`TermStats.idf`, computed once per document frequency: a run weighs each term many times."""

    def __init__(self, stats: TermStats):
        self.df = stats.df
        self.stats = stats
        self.by_df: dict[int, float] = {}

    def __call__(self, term: str) -> float:
        df = self.df.get(term, 0)
        w = self.by_df.get(df)
        if w is None:
            w = self.by_df[df] = self.stats.idf(term)
        return w


def _vector(terms: Counter[str], idf: _Idf) -> dict[str, float]:
    weights = {t: _LOG_TF[min(c, 255)] * idf(t) for t, c in terms.items()}
    norm = math.hypot(*weights.values()) or 1.0
    return {t: w / norm for t, w in weights.items()}


#: The whole text is weighed by its strongest this many terms: the rest add little to a cosine
#: and cost time (a story's summed vector holds every member's terms).
BODY_TERMS = 250


def _body_vector(feats: GroupFeatures, idf: _Idf) -> tuple[tuple[tuple[str, ...], np.ndarray], list[str]]:
    """The whole text's strongest :data:`BODY_TERMS` terms as a unit vector, and its strongest
    :data:`_TOP_BODY_TERMS` for blocking."""
    df, by_df = idf.df.get, idf.by_df.get  # (idf inlined: this loop weighs every term of every text)
    weights = []
    for t, c in zip(feats.body, feats.body_counts):
        w = by_df(df(t, 0))
        weights.append((t, _LOG_TF[c] * (idf(t) if w is None else w)))
    weights.sort(key=itemgetter(1), reverse=True)  # (stable: ties in the text's order)
    del weights[BODY_TERMS:]
    norm = math.hypot(*(w for _, w in weights)) or 1.0
    vector = (tuple(t for t, _ in weights), np.array([w for _, w in weights]) / norm)  # (arrays: ~40 MB less a run)
    return vector, [t for t, _ in weights[:_TOP_BODY_TERMS]]


_LOG_TF = [1.0 + math.log(c) if c else 0.0 for c in range(256)]  # sublinear counts


class _RowsMaker:
    """The documents' two unit vectors written straight into padded rows (:meth:`_Rows.padded`'s
    layout: term ids and weights, each row padded with term ``terms``, a zero of ``dense``, and weight
    0), one document after another, so that no document keeps its vectors as dicts and no sparse
    copy of them is made: one copy of the rows serves blocking and the linkage (~40 MB less at a
    4,900-article run's peak). Terms are numbered as first seen, document by document."""

    def __init__(self, n: int):
        self.vocabulary: dict[str, int] = {}
        self.lead_ids, self.lead_weights = array("i"), array("d")
        self.lead_lengths = np.zeros(n, np.int64)
        self.body_ids, self.body_weights = np.full((n, BODY_TERMS), -1, np.int32), np.zeros((n, BODY_TERMS))
        self.body_lengths = np.zeros(n, np.int64)
        self.n = 0

    def add(self, vector: dict[str, float], body: tuple[tuple[str, ...], np.ndarray]) -> None:
        number, k = self.vocabulary.setdefault, self.n
        self.lead_ids.extend([number(t, len(self.vocabulary)) for t in vector])
        self.lead_weights.extend(vector.values())
        self.lead_lengths[k] = len(vector)
        m = self.body_lengths[k] = len(body[0])
        self.body_ids[k, :m] = [number(t, len(self.vocabulary)) for t in body[0]]
        self.body_weights[k, :m] = body[1]
        self.n += 1

    def rows(self) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[np.ndarray], int]:
        """The title + lead and whole-text rows (ids, weights), each row's length, and how many terms."""
        terms, n = len(self.vocabulary), self.n
        lengths = self.lead_lengths[:n]
        width = int(lengths.max(initial=0))
        ids, weights = np.full((n, width), terms, np.int32), np.zeros((n, width))
        row = np.repeat(np.arange(n), lengths)
        starts = np.cumsum(lengths) - lengths
        place = np.arange(int(lengths.sum())) - np.repeat(starts, lengths)
        ids[row, place] = np.frombuffer(self.lead_ids, np.int32) if len(self.lead_ids) else 0
        weights[row, place] = np.frombuffer(self.lead_weights, np.float64) if len(self.lead_weights) else 0.0
        body_width = int(self.body_lengths[:n].max(initial=0))
        body_ids, body_weights = self.body_ids[:n, :body_width], self.body_weights[:n, :body_width]
        if body_width < BODY_TERMS:  # (rows as wide as the longest, as :meth:`_Rows.padded` makes them)
            body_ids, body_weights = np.ascontiguousarray(body_ids), np.ascontiguousarray(body_weights)
        body_ids[body_ids < 0] = terms
        self.lead_ids, self.lead_weights, self.body_ids, self.body_weights = array("i"), array("d"), _NO_IDS, _NO_ROWS
        return [(ids, weights), (body_ids, body_weights)], [lengths, self.body_lengths[:n]], terms


_NO_WEIGHTS = np.zeros(0)
_NO_IDS, _NO_ROWS = np.zeros((0, 0), np.int32), np.zeros((0, 0))


def _make_docs(articles: Sequence[Article], features: Sequence[GroupFeatures], stats: TermStats,
               rows: _RowsMaker | None = None) -> list[_Doc]:
    """The documents; with ``rows``, their vectors go there, not on the documents, and the documents
    keep their features without the whole text's terms (read here alone: ~9 MB of a 4,900-article run)."""
    docs = []
    idf = _Idf(stats)
    for article, feats in zip(articles, features):
        vector = _vector(feats.terms, idf)
        when = article.published.timestamp() if article.published else None
        body, strongest = _body_vector(feats, idf)
        top = _strongest(vector, _TOP_TERMS)
        top += [t for t in strongest if t not in vector]
        if rows is not None:
            rows.add(vector, body)
            vector, body = {}, ((), _NO_WEIGHTS)
            feats = replace(feats, body=(), body_counts=b"")
        docs.append(_Doc(article, feats, vector, top, when, canonical_url(article.link), body))
    return docs


#: The whole text as a second path: where two articles' (or, averaged, two stories') whole texts
#: (:data:`bot.group.features.BODY_WORDS`) are more alike than their titles and leads, the
#: similarity moves this share of the way up to the texts' cosine. The title and lead say what
#: the outlet calls the event; the whole text carries the facts, names and quotes that reports
#: of one event share in any order (a rewritten update, a report that opens on a reaction). Only
#: up, never down: a page whose text is boilerplate keeps what its title and lead say. And only
#: where names are no evidence against (:meth:`_StoryNames.agree`): one template's events share
#: their wording, not their places.
BODY_WEIGHT = 0.5


def _blend(lead: float, body: float) -> float:
    return lead + BODY_WEIGHT * max(0.0, body - lead)


class _Rows:
    """Every document's unit vector as the rows of one sparse matrix (term ids and weights, CSR), to
    take one document's cosines with many others in numpy: a batch's pairs are most of its time."""

    def __init__(self, terms: Sequence[Collection[str]], weights: np.ndarray, vocabulary: dict[str, int]):
        lengths = np.fromiter((len(v) for v in terms), np.int64, count=len(terms))
        self.starts = np.zeros(len(terms) + 1, np.int64)
        np.cumsum(lengths, out=self.starts[1:])
        total = int(self.starts[-1])
        self.ids = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for v in terms for t in v), np.int32, count=total)
        self.weights = weights

    @classmethod
    def of_leads(cls, docs: Sequence[_Doc], vocabulary: dict[str, int]) -> "_Rows":
        weights = np.fromiter((w for d in docs for w in d.vector.values()), np.float64)
        return cls([d.vector for d in docs], weights, vocabulary)

    @classmethod
    def of_bodies(cls, docs: Sequence[_Doc], vocabulary: dict[str, int]) -> "_Rows":
        return cls([d.body[0] for d in docs], np.concatenate([d.body[1] for d in docs] or [np.zeros(0)]), vocabulary)

    def cosines(self, i: int, others: np.ndarray, dense: np.ndarray) -> np.ndarray:
        """Row ``i``'s dot product with each row of ``others``; ``dense``: zeros, one per term (left zero)."""
        a, b = self.starts[i], self.starts[i + 1]
        own = self.ids[a:b]
        dense[own] = self.weights[a:b]
        starts, lengths = self.starts[others], self.starts[others + 1] - self.starts[others]
        ends = np.cumsum(lengths)
        at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
        row = np.repeat(np.arange(len(others)), lengths)
        dots = np.bincount(row, weights=dense[self.ids[at]] * self.weights[at], minlength=len(others))
        dense[own] = 0.0
        return dots

    def padded(self, blank: int) -> tuple[np.ndarray, np.ndarray]:
        """The rows as two dense arrays (term ids, weights), each row padded to the longest with term
        ``blank`` (a zero of ``dense`` in :func:`_padded_dots`) and weight 0."""
        lengths = self.starts[1:] - self.starts[:-1]
        width = int(lengths.max(initial=0))
        ids, weights = np.full((len(lengths), width), blank, np.int32), np.zeros((len(lengths), width))
        row = np.repeat(np.arange(len(lengths)), lengths)
        place = np.arange(len(self.ids)) - np.repeat(self.starts[:-1], lengths)
        ids[row, place], weights[row, place] = self.ids, self.weights
        return ids, weights

    def rows(self, picked: np.ndarray) -> "_Rows":
        """A copy holding only rows ``picked``, in that order."""
        starts, lengths = self.starts[picked], self.starts[picked + 1] - self.starts[picked]
        ends = np.cumsum(lengths)
        at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
        out = _Rows.__new__(_Rows)
        out.starts = np.zeros(len(picked) + 1, np.int64)
        out.starts[1:] = ends
        out.ids, out.weights = self.ids[at], self.weights[at]
        return out

    def row(self, i: int) -> _Vector:
        a, b = self.starts[i], self.starts[i + 1]
        return self.ids[a:b], self.weights[a:b]


#: A sparse vector as two arrays: term ids (as :class:`_Rows` numbers them) and weights.
_Vector = tuple[np.ndarray, np.ndarray]
_NO_VECTOR: _Vector = (np.zeros(0, np.int64), np.zeros(0))


def _dots(a: _Vector, others: Sequence[_Vector], dense: np.ndarray) -> np.ndarray:
    """``a``'s dot product with each of ``others``; ``dense``: zeros, one per term (left zero)."""
    ids, weights = a
    dense[ids] = weights
    lengths = [len(o[0]) for o in others]
    row = np.repeat(np.arange(len(others)), lengths)
    at = np.concatenate([o[0] for o in others])
    dots = np.bincount(row, weights=dense[at] * np.concatenate([o[1] for o in others]), minlength=len(others))
    dense[ids] = 0.0
    return dots


def _padded_dots(ids: np.ndarray, weights: np.ndarray, others: np.ndarray, dense: np.ndarray,
                 padded: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The vector (``ids``, ``weights``)'s dot product with each of rows ``others`` of ``padded``
    (:meth:`_Rows.padded`), bit for bit what :meth:`_Rows.cosines` and :func:`_dots` give: each sum in
    its row's order, the padding adding zeros. The products go in columns, one per row: numpy sums a
    C-ordered array over its first axis one row after another, as :func:`np.bincount` does, for two
    columns or more (one column it would sum pairwise: that one is accumulated)."""
    dense[ids] = weights
    products = dense.take(padded[0].take(others, axis=0))
    products *= padded[1].take(others, axis=0)
    dense[ids] = 0.0
    if len(others) != 1 or not products.shape[1]:
        return np.add.reduce(np.ascontiguousarray(products.T), axis=0)  # type: ignore[no-any-return]
    return np.cumsum(products[0])[-1:]


def _story_dots(a: _Vector, stories: np.ndarray, alone: np.ndarray, rows: tuple[np.ndarray, np.ndarray],
                vectors: Sequence[_Vector], dense: np.ndarray) -> np.ndarray:
    """:func:`_dots` of ``a`` with ``vectors[s]`` for each of ``stories``, bit for bit; those marked ``alone``
    (single documents) have row ``s`` of ``rows`` (:meth:`_Rows.padded`) as their vector, and are
    gathered from there at once (:func:`_padded_dots`)."""
    out = np.empty(len(stories))
    out[alone] = _padded_dots(a[0], a[1], stories[alone], dense, rows)
    rest = ~alone
    if rest.any():
        out[rest] = _dots(a, [vectors[s] for s in stories[rest].tolist()], dense)
    return out


def _added(a: _Vector, b: _Vector) -> _Vector:
    """The sum of two sparse vectors (a term in both: ``a``'s weight plus ``b``'s, as a dict would add them)."""
    ids, where = np.unique(np.concatenate((a[0], b[0])), return_inverse=True)
    return ids, np.bincount(where, weights=np.concatenate((a[1], b[1])), minlength=len(ids))


class _StoryNames:
    """Per story (a cluster of docs, by its representative index): the rare names its titles give
    and the names its texts use, each counted only when at least half its members have it.
    Sets are cached until the story changes; texts' names are counted when first needed."""

    def __init__(self, docs: Sequence[_Doc], rare: set[str] | frozenset[str]):
        self.docs = docs
        self.named: list[Counter[str] | None] = [Counter(t) if (t := d.title_names & rare) else None for d in docs]
        self.mentioned: list[Counter[str] | None] = [None] * len(docs)
        self.inside: list[list[int]] = [[i] for i in range(len(docs))]
        self._keys: dict[int, set[str]] = {}
        self._mentions: dict[int, AbstractSet[str]] = {}

    def _count_mentions(self, a: int) -> Counter[str]:
        counts = self.mentioned[a]
        if counts is None:
            counts = self.mentioned[a] = Counter(t for i in self.inside[a] for t in self.docs[i].text_names)
        return counts

    def named_terms(self, a: int) -> AbstractSet[str]:
        """The rare names any of the story's titles give."""
        named = self.named[a]
        return named.keys() if named else frozenset()

    def keys(self, a: int) -> set[str]:
        found = self._keys.get(a)
        if found is None:
            half = len(self.inside[a]) / 2
            found = self._keys[a] = {t for t, c in (self.named[a] or {}).items() if c >= half}
        return found

    def mentions(self, a: int) -> AbstractSet[str]:
        members = self.inside[a]
        if len(members) == 1:  # (every name one text uses, as counting would give: no counter, no copy)
            return self.docs[members[0]].text_names
        found = self._mentions.get(a)
        if found is None:
            half = len(self.inside[a]) / 2
            found = self._mentions[a] = {t for t, c in self._count_mentions(a).items() if c >= half}
        return found

    def apart(self, a: int, b: int) -> bool:
        """Evidence against: each story's titles name someone the other's texts never mention."""
        ka = self.keys(a)
        if not ka:
            return False
        kb = self.keys(b)
        return bool(kb) and not ka & self.mentions(b) and not kb & self.mentions(a)

    def agree(self, a: int, b: int) -> bool:
        """No evidence against from names: each story's titles that name someone name someone the
        other's texts mention (vacuous for a story whose titles name nothing rare)."""
        ka, kb = self.keys(a), self.keys(b)
        return (not ka or bool(ka & self.mentions(b))) and (not kb or bool(kb & self.mentions(a)))

    def agreeing(self, a: int, others: Sequence[int]) -> list[bool]:
        """:meth:`agree` of ``a`` with each of ``others``, ``a``'s sets looked up once."""
        keys, mentions = self.keys, self.mentions
        ka, ma = keys(a), None
        out = []
        for b in others:
            if ka and not ka & mentions(b):
                out.append(False)
                continue
            kb = keys(b)
            if kb and ma is None:
                ma = mentions(a)
            out.append(not kb or bool(kb & ma))  # type: ignore[operator]
        return out

    def together(self, a: int, b: int) -> bool:
        """Evidence for: each story's titles name someone the other's texts mention."""
        ka = self.keys(a)
        if not ka:
            return False
        kb = self.keys(b)
        return bool(kb) and bool(ka & self.mentions(b)) and bool(kb & self.mentions(a))

    def merge(self, a: int, b: int) -> None:
        """Story ``b`` joins story ``a``."""
        nb = self.named[b]
        if nb:
            na = self.named[a]
            if na is None:
                self.named[a] = nb
            else:
                na.update(nb)
        self.named[b] = None
        counts = self.mentioned[a]
        if counts is not None:  # (else counted from the members when first needed)
            counts.update(self._count_mentions(b))
        self.mentioned[b] = None
        small, large = sorted((self.inside[a], self.inside[b]), key=len)
        large += small
        self.inside[a], self.inside[b] = large, []
        for cache in (self._keys, self._mentions):
            cache.pop(a, None)
            cache.pop(b, None)
