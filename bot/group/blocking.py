"""Blocking: which documents are compared (shared strongest terms, a sliding window in time), their
similarities in numpy, and the pairs kept (:class:`_Pairs`); the work can be spread over processes."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from typing import Any, Protocol

import numpy as np

from bot.group.docs import BODY_WEIGHT, _Doc, _padded_dots, _RowsMaker, _Vector


class Spread(Protocol):
    """Other processes to run jobs in (the pipeline's :class:`bot.workers.Workers`): ``processes`` of them."""

    processes: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]: ...


#: Below this many documents, blocking in one process costs less than sending it to others.
SPREAD_FROM = 1_000

# Blocking, by terms and time: two documents are compared only when they share at least two of
# their strongest terms (one, if either has fewer than four terms). Documents are taken in time
# order, and a term's posting list is read only for its most recent _MAX_POSTING documents, a
# sliding window in time: a term that is everywhere in a huge batch cannot make the work
# quadratic, and with the store's history as TermStats such a term has a low weight and is
# rarely among a document's strongest anyway. Stories still grow past the window through their
# members: the linkage compares whole stories, not pairs.
_MAX_POSTING = 200


_CHUNK = 65_536


class _Pairs:
    """Candidate pairs and their similarities, in arrays (a large run keeps about a million): ``items()``
    gives ((i, j), similarity) with i < j, as a dict of them would. ``leads``: each pair's title + lead
    cosine alone (before the whole text raised it), which the linkage reads where names disagree."""

    def __init__(self, first: np.ndarray, second: np.ndarray, sims: np.ndarray, leads: np.ndarray):
        self.first, self.second, self.sims, self.leads = first, second, sims, leads

    def __len__(self) -> int:
        return len(self.sims)

    def items(self) -> Iterator[tuple[tuple[int, int], float]]:
        for pair, sim, _ in self.with_leads():
            yield pair, sim

    def with_leads(self) -> Iterator[tuple[tuple[int, int], float, float]]:
        """((i, j), similarity, title + lead cosine) of each pair."""
        # A chunk at a time (a million Python pairs at once cost ~100 MB), and each index one int
        # object, whatever holds on to it (the linkage's neighbour sets).
        number = list(range(int(max(self.first.max(initial=0), self.second.max(initial=0))) + 1)).__getitem__
        for k in range(0, len(self.sims), _CHUNK):
            part = slice(k, k + _CHUNK)
            pairs = zip(map(number, self.first[part].tolist()), map(number, self.second[part].tolist()))
            yield from zip(pairs, self.sims[part].tolist(), self.leads[part].tolist())

    def where(self, keep: np.ndarray, first: np.ndarray | None = None, second: np.ndarray | None = None) -> "_Pairs":
        first = self.first if first is None else first
        second = self.second if second is None else second
        return _Pairs(first[keep], second[keep], self.sims[keep], self.leads[keep])

    def at_least(self, floor: float) -> "_Pairs":
        return self.where(self.sims >= floor)

    def among(self, position: dict[int, int], n: int) -> "_Pairs":
        """The pairs whose documents both have a ``position`` (of ``n`` documents), renumbered by it."""
        where = np.full(n, -1, np.int64)
        where[list(position)] = list(position.values())
        a, b = where[self.first], where[self.second]
        return self.where((a >= 0) & (b >= 0), a, b)


class _Matrix:
    """Every document's two unit vectors (title + lead, whole text) as padded rows (:meth:`_Rows.padded`'s
    layout: ``leads`` and ``bodies`` are each (term ids, weights), every row padded with term ``terms``
    and weight 0; ``lengths``: each row's own length, leads' then bodies'), their terms numbered by one
    vocabulary: made once for blocking and the linkage both, with no other copy of the rows."""

    def __init__(self, leads: tuple[np.ndarray, np.ndarray], bodies: tuple[np.ndarray, np.ndarray],
                 lengths: list[np.ndarray], terms: int):
        self.leads, self.bodies, self.lengths, self.terms = leads, bodies, lengths, terms

    @classmethod
    def of(cls, docs: Sequence[_Doc]) -> "_Matrix":
        """From the documents' own vectors."""
        rows = _RowsMaker(len(docs))
        for d in docs:
            rows.add(d.vector, d.body)
        return cls.made(rows)

    @classmethod
    def made(cls, rows: _RowsMaker) -> "_Matrix":
        (leads, bodies), lengths, terms = rows.rows()
        return cls(leads, bodies, lengths, terms)

    def padded(self) -> list[tuple[tuple[np.ndarray, np.ndarray], list[_Vector]]]:
        """The title + lead and whole-text rows, each with every row as a vector (views of them, without
        the padding)."""
        out = []
        for (ids, weights), lengths in zip((self.leads, self.bodies), self.lengths):
            out.append(((ids, weights), [(ids[i, :m], weights[i, :m]) for i, m in enumerate(lengths.tolist())]))
        return out

    def among(self, index: Sequence[int]) -> "_Matrix":
        """The rows of documents ``index`` (ascending) alone, their terms numbered as a vocabulary of just
        these documents would number them (first seen in their leads, then in their bodies): the linkage
        adds vectors in term order, so the numbering is part of its arithmetic, and the result is the
        same as if only these documents had been given. In place: this matrix is that one afterwards."""
        picked = np.asarray(index, np.int64)
        m = len(picked)
        arrays = [*self.leads, *self.bodies, *self.lengths]
        if not np.array_equal(picked, np.arange(m)):
            for a in arrays:  # (row k <- row picked[k] >= k, a block at a time: no second copy of the rows)
                for k in range(0, m, _BLOCK):
                    a[k : min(k + _BLOCK, m)] = a[picked[k : k + _BLOCK]]
        (lead_ids, lead_weights), (body_ids, body_weights) = (a[:m] for a in self.leads), (a[:m] for a in self.bodies)
        # Each term's first place in the leads' rows, then the bodies' (padding keeps the order of the rest).
        never = np.iinfo(np.int64).max
        first = np.full(self.terms + 1, never, np.int64)
        offset = 0
        for ids in (lead_ids, body_ids):
            for k in range(0, m, _BLOCK):
                seen, at = np.unique(ids[k : k + _BLOCK], return_index=True)
                first[seen] = np.minimum(first[seen], at + offset)
                offset += ids[k : k + _BLOCK].size
        first[self.terms] = never
        used = np.flatnonzero(first != never)
        number = np.zeros(self.terms + 1, np.int32)
        number[used[np.argsort(first[used], kind="stable")]] = np.arange(len(used), dtype=np.int32)
        number[self.terms] = len(used)
        for ids in (lead_ids, body_ids):
            for k in range(0, m, _BLOCK):
                ids[k : k + _BLOCK] = number[ids[k : k + _BLOCK]]
        self.leads, self.bodies = (lead_ids, lead_weights), (body_ids, body_weights)
        self.lengths, self.terms = [lengths[:m] for lengths in self.lengths], len(used)
        return self


_BLOCK = 512  # rows moved or renumbered at a time


def _candidate_pairs(docs: Sequence[_Doc], floor: float = 0.0, matrix: _Matrix | None = None,
                     spread: Spread | None = None) -> tuple[_Pairs, int]:
    """Similarities of the pairs worth comparing, keyed (i, j) with i < j, and how many were compared.

    Only pairs at or above ``floor`` are kept: below the grouping threshold and the copy
    pre-filter a pair decides nothing, and keeping every compared pair costs a lot of memory on
    a large run (benchmarks/pipeline.py). Each document's similarities with its candidates are
    taken at once (:class:`_Rows`): title + lead cosine raised towards the whole text's (:func:`_blend`), in numpy.
    With ``spread``, parts of the documents (in time order) are compared in other processes at the
    same time; each part is the very arithmetic one process would do, so the pairs are the same.
    """
    order = sorted(range(len(docs)), key=lambda i: (docs[i].time is None, docs[i].time or 0.0, i))
    matrix = matrix or _Matrix.of(docs)
    blocking = _Blocking(order, [d.top for d in docs], matrix, floor)
    if spread is None or spread.processes < 2 or len(docs) < SPREAD_FROM:
        return blocking.part(0, len(order)).pairs()
    # One part here, the others in the workers. A document is compared with more candidates the
    # more came before it (up to a window of _MAX_POSTING per term): parts are cut at equal shares
    # of a cost growing with the position.
    n = spread.processes
    bounds = [round(len(order) * math.sqrt(k / n)) for k in range(n + 1)]
    ranges = list(zip(bounds[1:], bounds[2:]))
    elsewhere = [spread.submit(_part_of, blocking, lo, hi) for lo, hi in ranges]
    # A process pool's queue keeps the last job it sent, pickled, until the next one comes: an
    # empty job lets the (large) blocking job's bytes go as soon as they are sent, not after this
    # process's own part (~20 MB less at its peak).
    spread.submit(int)
    parts = [blocking.part(bounds[0], bounds[1])]
    for future, (lo, hi) in zip(elsewhere, ranges):
        try:
            parts.append(future.result())
        except Exception:  # noqa: BLE001 - a worker that died (out of memory, a crash) costs time here, not the digest
            parts.append(blocking.part(lo, hi))
    return _Part.joined(parts).pairs()


def _part_of(blocking: "_Blocking", lo: int, hi: int) -> "_Part":
    """A job for another process: :meth:`_Blocking.part`."""
    return blocking.part(lo, hi)


class _Part:
    """The pairs found for a run of documents in time order, as arrays, and how many were compared."""

    def __init__(self, firsts: list[np.ndarray], seconds: list[np.ndarray], sims: list[np.ndarray],
                 leads: list[np.ndarray], compared: int):
        empty, none = [np.zeros(0, np.int64)], [np.zeros(0)]
        self.first, self.second = np.concatenate(firsts or empty), np.concatenate(seconds or empty)
        self.sims, self.leads = np.concatenate(sims or none), np.concatenate(leads or none)
        self.compared = compared

    @classmethod
    def joined(cls, parts: list["_Part"]) -> "_Part":
        return cls([p.first for p in parts], [p.second for p in parts], [p.sims for p in parts],
                   [p.leads for p in parts], sum(p.compared for p in parts))

    def pairs(self) -> tuple[_Pairs, int]:
        return _Pairs(self.first, self.second, self.sims, self.leads), self.compared


class _Blocking:
    """What blocking reads (picklable, to be sent to a worker): the documents' order in time, their
    strongest terms (numbered, as one array) and their rows, padded (the matrix's own: faster to gather
    than sparse rows)."""

    def __init__(self, order: list[int], tops: list[list[str]], matrix: _Matrix, floor: float):
        self.order, self.floor = order, floor
        vocabulary: dict[str, int] = {}
        self.top_ids = np.fromiter((vocabulary.setdefault(t, len(vocabulary)) for top in tops for t in top), np.int32)
        self.top_starts = np.zeros(len(tops) + 1, np.int64)
        np.cumsum([len(top) for top in tops], out=self.top_starts[1:])
        self.terms = matrix.terms
        self.rows, self.lengths = [matrix.leads, matrix.bodies], matrix.lengths

    def part(self, lo: int, hi: int) -> _Part:
        """The pairs of the documents at ``order[lo:hi]`` with those before them."""
        order, ids, starts = self.order, self.top_ids, self.top_starts
        postings = _Postings(order, ids, starts)
        (leads, bodies), (lead_lengths, body_lengths) = self.rows, self.lengths
        dense = np.zeros(self.terms + 1)
        sizes = starts[1:] - starts[:-1]
        firsts, seconds, kept, kept_leads = [], [], [], []
        compared = 0
        for rank in range(lo, hi):
            i = order[rank]
            postings_read = postings.read(rank)
            if not len(postings_read):
                continue
            others, shared = np.unique(postings_read, return_counts=True)
            others = others[shared >= np.where(np.minimum(sizes[others], sizes[i]) < 4, 1, 2)]
            if not len(others):
                continue
            compared += len(others)
            m = lead_lengths[i]
            lead = _padded_dots(leads[0][i, :m], leads[1][i, :m], others, dense, leads)
            m = body_lengths[i]
            body = _padded_dots(bodies[0][i, :m], bodies[1][i, :m], others, dense, bodies)
            sims = lead + BODY_WEIGHT * np.maximum(0.0, body - lead)  # _blend
            keep = sims >= self.floor
            others = others[keep]
            firsts.append(np.minimum(others, i))
            seconds.append(np.maximum(others, i))
            kept.append(sims[keep])
            kept_leads.append(lead[keep])
        return _Part(firsts, seconds, kept, kept_leads, compared)


class _Postings:
    """Each strongest term's documents in time order (its posting list), made for the whole run at once: what
    the document at place ``rank`` of ``order`` reads of its terms' lists is what came before it there, as far as
    the last :data:`_MAX_POSTING` of each, as lists that each document appends itself to after reading would
    hold then (``tests/stages/test_group_shortcuts.py``), with no Python number per posting."""

    def __init__(self, order: list[int], ids: np.ndarray, starts: np.ndarray):
        place = np.asarray(order, np.int64)
        lengths = starts[1:][place] - starts[:-1][place]  # (each document's terms, in time order)
        self.at = np.zeros(len(order) + 1, np.int64)
        np.cumsum(lengths, out=self.at[1:])
        total = int(self.at[-1])
        terms = ids[np.arange(total) + np.repeat(starts[:-1][place] - self.at[:-1], lengths)].astype(np.int64)
        ranks = np.repeat(np.arange(len(order), dtype=np.int64), lengths)
        keys = terms * (len(order) + 1) + ranks  # (term, place in time) as one number
        sorted_keys = np.sort(keys, kind="stable")
        self.documents = place[sorted_keys % (len(order) + 1)]  # every list, one after another
        first = np.searchsorted(sorted_keys, terms * (len(order) + 1))  # where each term's list begins
        before = np.searchsorted(sorted_keys, keys) - first  # its documents placed earlier in time
        self.begin = first + np.maximum(0, before - _MAX_POSTING)
        self.count = np.minimum(before, _MAX_POSTING)

    def read(self, rank: int) -> np.ndarray:
        """The documents that the terms of the document at ``rank`` list before it (a document once per term)."""
        a, b = self.at[rank], self.at[rank + 1]
        lengths = self.count[a:b]
        ends = np.cumsum(lengths)
        total = int(ends[-1]) if len(ends) else 0
        at = np.arange(total) + np.repeat(self.begin[a:b] - (ends - lengths), lengths)
        return self.documents[at]  # type: ignore[no-any-return]


class _Neighbours:
    """The stories each story is linked to by a candidate pair (at or above the linkage's floor):
    each document's own neighbours in one CSR array (a few MB, where a set per document took ~30 MB
    on a large run), a story's being its members' mapped to the stories they are in now."""

    def __init__(self, pairs: _Pairs, n: int, floor: float):
        keep = pairs.sims >= floor
        a, b = pairs.first[keep], pairs.second[keep]
        ends, others = np.concatenate((a, b)), np.concatenate((b, a))
        self.adjacent = others[np.argsort(ends, kind="stable")].astype(np.int32)
        self.starts = np.zeros(n + 1, np.int64)
        np.cumsum(np.bincount(ends, minlength=n), out=self.starts[1:])
        self.story = np.arange(n, dtype=np.int32)  # each document's story (by its representative)

    def joined(self, a: int, members: Sequence[int]) -> None:
        """``members`` (story b's) are in story ``a`` now."""
        self.story[np.asarray(members, np.int64)] = a

    def of(self, c: int, members: Sequence[int]) -> list[int]:
        """Story ``c``'s neighbours (``members``: its documents), in ascending order."""
        m = np.asarray(members, np.int64)
        starts, lengths = self.starts[m], self.starts[m + 1] - self.starts[m]
        ends = np.cumsum(lengths)
        at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)
        near = np.unique(self.story[self.adjacent[at]])
        return near[near != c].tolist()  # type: ignore[no-any-return]
