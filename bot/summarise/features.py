"""The ranking features of screened sentences: position, centrality, title, length, leaning."""

from __future__ import annotations

import ctypes
import math
import os
import re
from dataclasses import dataclass
from itertools import chain

import numpy as np

from bot.language import UNSPACED, word_count
from bot.summarise.screen import _ANY_QUOTE, _OPEN_Q
from bot.summarise.terms import _terms_for

__all__ = ["FEATURES", "Features", "sentence_features"]


def _one_blas_thread() -> None:
    """Keep OpenBLAS, numpy's matrix library, to the calling thread (unless the user set its threads).

    The products here are small (tens of sentences × hundreds of terms), and OpenBLAS splits
    anything above a few hundred thousand multiplications over every core; its helper threads
    then spin waiting for the next product. That cost a worker as much CPU again as all its
    own work, on the core another worker needed. One thread computes the same numbers (the
    split is over rows and columns, not over the sums). Linux only (/proc/self/maps); elsewhere nothing.
    """
    if os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS"):
        return
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split(None, 5)[5].strip() for line in maps if "openblas" in line and line.count(" ") >= 5}
    except OSError:
        return
    for path in paths:
        try:
            lib = ctypes.CDLL(path)  # already loaded by numpy: the same handle
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(1)
                break


_one_blas_thread()

# Opening words that point back to something earlier ("He", "But", "Also"): fine inside the
# article, puzzling as the first line of a summary.
_LEANING = {
    "english": "he she they it this that these those his her their its but and also however "
               "meanwhile instead still yet so then there".split(),
    "portuguese": "ele ela eles elas isso isto esse essa este esta mas e também porém contudo "
                  "entretanto já ainda então lá".split(),
}

FEATURES = ("first", "position", "paragraph", "lexrank", "centroid", "title", "length", "long", "quote",
            "leaning", "lead", "budget paragraph")


@dataclass
class Features:
    """Feature matrix of the usable sentences, and what selection needs besides."""

    sentences: list[str]
    matrix: np.ndarray       # n × len(FEATURES)
    lengths: np.ndarray      # words per sentence
    _terms: "_TermMatrix"
    _values: np.ndarray      # tf-idf entries (smoothed idf), for similarity
    _cosine: np.ndarray | None = None  # their n × n cosines, when computing them all is cheap

    def similarity_to(self, i: int) -> np.ndarray:
        """Cosine of sentence ``i``'s tf-idf vector with every sentence's (0 with itself)."""
        if self._cosine is None:
            return self._terms.cosine_row(i, self._values)
        row: np.ndarray = self._cosine[i].copy()
        row[i] = 0.0
        return row

    @property
    def similarity(self) -> np.ndarray:
        """The whole n × n matrix (zero diagonal); selection only ever needs a few rows."""
        full = self._terms.cosine(self._values) if self._cosine is None else self._cosine.copy()
        np.fill_diagonal(full, 0.0)
        return full


#: Below this many cells (sentences × distinct terms) the term matrix is held dense.
_DENSE_CELLS = 60_000


class _TermMatrix:
    """A sentences × terms matrix as (row, column, value) entries, and its row cosines.

    Two ways to the n × n dot products, chosen by size, with the same results:

    * dense (a typical article: tens of sentences, hundreds of terms): scatter the entries
      into an array and take one matrix product. Few numpy calls, which is what costs at
      this size (each call's overhead is worth thousands of multiplications).
    * sparse (a long article: 700 sentences, thousands of terms): only terms found in two
      sentences or more enter a dot product, and there are few of them, so the pairs of
      entries sharing a term are listed once and every product is one bincount. A dense
      product would pay for every row × column.
    """

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n: int, width: int):
        key = rows * width + cols
        self.n, self.width = n, width
        self.dense = n * width <= _DENSE_CELLS
        if self.dense:  # count every cell, then list the non-zero ones: cheaper than sorting
            counts = np.bincount(key, minlength=n * width).reshape(n, width)
            self.row, self.col = np.nonzero(counts)
            self.count = counts[self.row, self.col].astype(float)
            self.row_max = counts.max(axis=1).astype(float)
        else:
            uniq, counts = np.unique(key, return_counts=True)
            self.row, self.col = uniq // width, uniq % width
            self.count = counts.astype(float)
            self.row_max = np.zeros(n)  # each sentence's largest count
            np.maximum.at(self.row_max, self.row, self.count)
        self.df = np.bincount(self.col, minlength=width)
        if not self.dense:
            self._list_pairs()

    def _list_pairs(self) -> None:
        """Pairs (a, b) of entries with the same term, for terms in two sentences or more:
        entries grouped by term, then every entry paired with every entry of its group."""
        shared = np.flatnonzero(self.df[self.col] >= 2)
        order = shared[np.argsort(self.col[shared], kind="stable")]
        sizes = self.df[self.col[order]]  # size of each entry's group
        group_first = np.flatnonzero(np.diff(self.col[order], prepend=-1))
        group_of = np.repeat(group_first, sizes[group_first])  # where each entry's group starts
        within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        self.left = np.repeat(order, sizes)
        self.right = order[np.repeat(group_of, sizes) + within]
        self.cell = self.row[self.left] * self.n + self.row[self.right]

    def row_sums(self, values: np.ndarray) -> np.ndarray:
        sums: np.ndarray = np.bincount(self.row, weights=values, minlength=self.n)
        return sums

    def norms(self, values: np.ndarray) -> np.ndarray:
        norms: np.ndarray = np.sqrt(self.row_sums(values * values))
        return norms

    def cosine(self, values: np.ndarray) -> np.ndarray:
        """n × n cosine of the rows weighted by ``values``, 1 on the diagonal (0 for empty rows)."""
        norms = self.norms(values)
        unit = values / np.where(norms > 0, norms, 1.0)[self.row]
        if self.dense:
            matrix = np.zeros((self.n, self.width))
            matrix[self.row, self.col] = unit
            cosine: np.ndarray = matrix @ matrix.T
        else:
            cosine = np.bincount(self.cell, weights=unit[self.left] * unit[self.right],
                                 minlength=self.n * self.n).astype(float, copy=False).reshape(self.n, self.n)
        cosine.flat[:: self.n + 1] = norms > 0  # the diagonal (np.fill_diagonal's own steps, without its checks)
        return cosine

    def cosine_row(self, i: int, values: np.ndarray) -> np.ndarray:
        """Cosine of row ``i`` with every row (0 with itself): one row, not the whole matrix."""
        row: np.ndarray
        if self.dense:
            row = self.cosine(values)[i]
        else:
            norms = self.norms(values)
            inverse = 1.0 / np.where(norms > 0, norms, 1.0)
            pick = self.row[self.left] == i
            left, right = self.left[pick], self.right[pick]
            row = np.bincount(self.row[right], weights=values[left] * values[right],
                              minlength=self.n).astype(float, copy=False)
            row *= inverse * inverse[i]
        row[i] = 0.0
        return row


def _lexrank(cosine: np.ndarray, threshold: float = 0.1, epsilon: float = 0.1) -> np.ndarray:
    """sumy's LexRankSummarizer scores from its idf-modified cosine matrix, vectorised.

    Same steps as sumy: edges where cosine > threshold (a sentence links to itself), rows divided
    by their degree, then its power method with the same stopping rule. The result equals
    sumy's, without its pure-Python double loop over sentence pairs.
    """
    adjacency = (cosine > threshold).astype(float)
    degrees = adjacency.sum(axis=1)
    degrees[degrees == 0] = 1
    transposed = (adjacency / degrees[:, None]).T
    n = len(cosine)
    p = np.full(n, 1.0 / n)
    for _ in range(1000):  # sumy loops until converged; the cap only guards odd graphs
        nxt = transposed @ p
        norm = math.sqrt(nxt @ nxt)  # what np.linalg.norm computes, without its overhead
        if norm == 0:
            break
        nxt /= norm
        step = nxt - p
        change = math.sqrt(step @ step)
        p = nxt
        if change <= epsilon:
            break
    return p


def sentence_features(sentences: list[str], language: str = "english", title: str | None = None,
                      paragraph_starts: list[bool] | None = None, size: float = 3.0,
                      lengths: list[int] | None = None, budget: bool = False) -> Features:
    """The ranking features of ``sentences`` (already screened, in article order).

    first      1 for the first usable sentence: the lead carries the news
    position   1 / (1 + index): later sentences matter less, ever more slowly
    paragraph  opens a paragraph: writers put a paragraph's point first, too
    lexrank    sumy's LexRank score × n (1 = average centrality)
    centroid   cosine with the whole article's tf-idf vector: how typical of the article
    title      cosine with the title's terms (0 without a title)
    length     log of the word count: very short sentences say little
    long       words beyond 40, per 40: run-on text (glued captions, lists)
    quote      share of the sentence inside quotation marks: quotes lean on context
    leaning    opens with a word pointing back ("He", "But", "Also")
    lead       among the first ``size`` sentences, ``size`` being how many the summary will hold:
               the lead a news writer would cut to, whatever the summary's length
    budget paragraph
               "paragraph" again when the summary is to a word budget (``budget``), else 0: a
               summary measured in words is usually longer than a lead (a quarter of the text,
               an abstract's length), and then it is made of the paragraphs' opening sentences;
               a summary of a few sentences is the article's lead
    """
    terms = _terms_for(language)
    n = len(sentences)
    bags = [terms.term_ids(s) for s in sentences]
    flat = np.fromiter(chain.from_iterable(bags), dtype=np.int64)
    vocab, cols = np.unique(flat, return_inverse=True)  # article's own column numbers
    rows = np.repeat(np.arange(n), [len(bag) for bag in bags])
    m = _TermMatrix(rows, cols.reshape(-1), n, max(len(vocab), 1))
    df = m.df.astype(float)

    # sumy's LexRank: tf = count / the sentence's largest count, idf = log(N / (1 + df)).
    lex_values = m.count / m.row_max[m.row] * np.log(n / (1.0 + df))[m.col]
    lexrank = _lexrank(m.cosine(lex_values)) * n if n > 1 else np.ones(n)

    # Redundancy and centroid: tf-idf with smoothed idf, so that no term weighs negative.
    smooth_idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    values = m.count * smooth_idf[m.col]
    norms = m.norms(values)
    unit = values / np.where(norms > 0, norms, 1.0)[m.row]
    centroid = np.bincount(m.col, weights=unit, minlength=m.width)
    c_norm = math.sqrt(centroid @ centroid)
    centroid_sim = m.row_sums(unit * centroid[m.col]) / c_norm if c_norm > 0 else np.zeros(n)

    title_sim = np.zeros(n)
    title_ids = np.array(terms.term_ids(title) if title else [], dtype=np.int64)
    title_cols = _title_columns(vocab, title_ids)
    if len(title_cols):
        t_vec = np.bincount(title_cols, minlength=m.width) * smooth_idf
        title_sim = m.row_sums(unit * t_vec[m.col]) / math.sqrt(t_vec @ t_vec)

    # word_count of each sentence, unless the caller has them (screening does)
    words = np.array(lengths if lengths is not None else [word_count(s, language) for s in sentences], dtype=float)
    model_words = words / 2 if language in UNSPACED else words
    leaning_words = _LEANING.get(language, ())
    index = np.arange(n)
    starts = np.asarray(paragraph_starts) if paragraph_starts is not None else index == 0
    matrix = np.column_stack([
        index == 0,
        1.0 / (1.0 + index),
        starts,
        lexrank,
        centroid_sim,
        title_sim,
        np.log(np.maximum(model_words, 1.0)),
        np.maximum(model_words - 40.0, 0.0) / 40.0,
        [_quote_share(s) for s in sentences],
        [_first_word(s) in leaning_words for s in sentences],
        index < size,
        starts if budget else np.zeros(n),
    ]).astype(float)
    return Features(sentences, matrix, words, m, values, m.cosine(values) if m.dense else None)


def _title_columns(vocab: np.ndarray, title_ids: np.ndarray) -> np.ndarray:
    """The columns (places in ``vocab``, sorted and unique) of the title's terms the sentences have, one per
    occurrence: ``np.searchsorted(vocab, title_ids[np.isin(title_ids, vocab)])``. A term is in ``vocab`` exactly
    where searchsorted lands on it, which spares np.isin's set-up (most of this step's time)."""
    if not len(title_ids) or not len(vocab):
        return title_ids[:0]
    at = np.searchsorted(vocab, title_ids)
    found: np.ndarray = at[vocab[np.minimum(at, len(vocab) - 1)] == title_ids]
    return found


# A quotation in double marks, or in single marks not opened right after a letter (that is an
# apostrophe). One opening class, then a branch on which mark it was: scanned, not tried everywhere.
_QUOTED = re.compile(r"[\"“«„'‘](?:(?<=[\"“«„])[^\"”»“]*[\"”»]|(?<=['‘])(?<!\w['‘])[^'‘’]*['’](?!\w))")


def _quote_share(sentence: str) -> float:
    if not _ANY_QUOTE.search(sentence):
        return 0.0
    inside = sum(map(len, _QUOTED.findall(sentence)))  # (no groups: findall gives the whole matches)
    if sentence[:1] in _OPEN_Q and inside == 0:
        inside = len(sentence)  # a quotation that goes on past this sentence
    return min(inside / max(len(sentence), 1), 1.0)


_FIRST_WORD = re.compile(r"\W*(\w+)")


def _first_word(sentence: str) -> str:
    m = _FIRST_WORD.match(sentence)
    return m.group(1).lower() if m else ""

