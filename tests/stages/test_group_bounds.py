"""The linkage's shortcuts change nothing: padded rows give bit-identical cosines, the bounds drop only
pairs that could not have merged, and the stories are the ones the linkage makes without them."""

from __future__ import annotations

import numpy as np
import pytest
from support.events import articles as made_up

from bot.group import cluster, group, prepare
from bot.group.blocking import _Matrix
from bot.group.bounds import PairBounds, _Headlines
from bot.group.docs import _dots, _make_docs, _padded_dots, _Rows, _story_dots
from bot.group.terms import _stats_of
from bot.models import Article


def articles(n: int, seed: int = 7) -> list[Article]:
    return made_up(n, seed, hours=96)


def random_rows(rng: np.random.Generator, n: int, terms: int) -> _Rows:
    """Rows of 0-250 terms (each row's own order, not sorted) with weights over many orders of magnitude."""
    vocabulary: dict[str, int] = {}
    chosen = [rng.choice(terms, size=int(rng.integers(0, 250)), replace=False) for _ in range(n)]
    weights = np.concatenate([rng.random(len(c)) ** 6 * 10.0 ** rng.integers(-4, 4, len(c)) for c in chosen])
    return _Rows([[str(t) for t in c] for c in chosen], weights, vocabulary)


@pytest.mark.parametrize("seed", range(3))
def test_padded_rows_give_the_very_cosines_of_the_sparse_rows(seed):
    rng = np.random.default_rng(seed)
    rows = random_rows(rng, 300, 1000)
    terms = int(rows.ids.max()) + 1
    dense = np.zeros(terms + 1)
    padded = rows.padded(terms)
    for k in (0, 1, 2, 3, 50, 299):  # (one candidate: numpy would sum it pairwise, so it is accumulated)
        for i in rng.choice(300, 10):
            others = np.unique(rng.choice(300, k, replace=False)) if k else np.zeros(0, np.int64)
            own = rows.row(int(i))
            assert np.array_equal(_padded_dots(own[0], own[1], others, dense, padded), rows.cosines(int(i), others, dense))
    assert not dense.any()


def test_story_dots_are_the_dots_of_each_vector():
    rng = np.random.default_rng(5)
    rows = random_rows(rng, 200, 1000)
    terms = int(rows.ids.max()) + 1
    dense = np.zeros(terms + 1)
    padded = rows.padded(terms)
    vectors = [rows.row(i) for i in range(200)]
    for i in range(0, 200, 4):  # some stories merged (their vectors summed), the rest single rows
        ids, where = np.unique(np.concatenate((vectors[i][0], vectors[i + 1][0])), return_inverse=True)
        vectors[i] = (ids, np.bincount(where, weights=np.concatenate((vectors[i][1], vectors[i + 1][1]))))
    alone = np.array([k % 4 != 0 for k in range(200)])
    own = vectors[0]
    for pick in (np.arange(1, 200), np.array([3, 8]), np.array([4, 5]), np.array([7]), np.array([8])):
        expected = _dots(own, [vectors[s] for s in pick.tolist()], dense)
        assert np.array_equal(_story_dots(own, pick, alone[pick], padded, vectors, dense), expected)


def test_headline_words_shared_are_counted_as_sets_intersect():
    batch = articles(60)
    features = [prepare(a, "english") for a in batch]
    docs = _make_docs(batch, features, _stats_of(f.terms for f in features))
    a, b = np.repeat(np.arange(60), 60), np.tile(np.arange(60), 60)
    shared = _Headlines(docs).shared(a, b)
    assert shared.tolist() == [len(docs[i].headline & docs[j].headline) for i, j in zip(a.tolist(), b.tolist())]
    assert shared.max() >= 3 and shared.min() == 0


def test_the_bounds_leave_the_stories_as_they_were(monkeypatch):
    batch = articles(400)
    features = [prepare(a, "english") for a in batch]
    with_bounds = group(batch, features=features)
    pruned: list[int] = []
    original = PairBounds.may_reach

    def counting(self, first, second, sims, threshold):
        reach = original(self, first, second, sims, threshold)
        pruned.append(int((~reach).sum()))
        return reach

    monkeypatch.setattr(PairBounds, "may_reach", counting)
    group(batch, features=features)
    assert pruned and pruned[0] > 0  # (the bound has pairs to leave out here)
    # Without them: every pair scored in Python, every neighbour of a merged story scored.
    monkeypatch.setattr(PairBounds, "may_reach", lambda self, first, second, sims, threshold: np.ones(len(sims), bool))
    monkeypatch.setattr(cluster, "blended", lambda leads, bodies: np.full(len(leads), np.inf))
    without = group(batch, features=features)
    assert [[a.entry_id for a in s.articles] for s in with_bounds.stories] == \
        [[a.entry_id for a in s.articles] for s in without.stories]
    assert with_bounds.story_key == without.story_key
    assert 1 < len(with_bounds.stories) < len(batch) // 2


def test_the_matrix_is_the_documents_vectors_padded_and_among_renumbers_in_place():
    batch = articles(60)
    features = [prepare(a, "english") for a in batch]
    docs = _make_docs(batch, features, _stats_of(f.terms for f in features))
    matrix = _Matrix.of(docs)
    vocabulary: dict[str, int] = {}
    sparse = [_Rows.of_leads(docs, vocabulary), _Rows.of_bodies(docs, vocabulary)]
    (leads, lead_rows), (bodies, body_rows) = matrix.padded()
    for rows, vectors, (ids, weights) in zip(sparse, (lead_rows, body_rows), (leads, bodies)):
        assert ids.shape == rows.padded(0)[0].shape  # (as wide as the longest row)
        for i, (own_ids, own_weights) in enumerate(vectors):
            want_ids, want_weights = rows.row(i)
            assert [matrix_term for matrix_term in own_ids.tolist()] == [
                matrix_number[t] for matrix_number in [_numbering(docs, matrix)] for t in want_ids.tolist()]
            assert np.array_equal(own_weights, want_weights)
            assert (ids[i, len(own_ids):] == matrix.terms).all() and not weights[i, len(own_ids):].any()
    # among: the rows of these documents alone, numbered as if only they had been given, in place
    index = [i for i in range(60) if i >= 3 and i % 7 not in (2, 5)]
    alone = _Matrix.of([docs[i] for i in index])
    before = matrix.bodies[0][index].copy()
    picked = matrix.among(index)
    assert picked is matrix and picked.terms == alone.terms
    assert not np.array_equal(picked.bodies[0], before)  # (renumbered: the first documents named other terms first)
    for (got, got_rows), (want, want_rows) in zip(picked.padded(), alone.padded()):
        assert len(got_rows) == len(want_rows) == len(index)
        for (gi, gw), (wi, ww) in zip(got_rows, want_rows):
            assert np.array_equal(gi, wi) and np.array_equal(gw, ww)
        assert (got[0][:, want[0].shape[1]:] == picked.terms).all()  # (any wider padding is padding)


def _numbering(docs, matrix) -> dict[int, int]:
    """The matrix's number of each term of a vocabulary filled leads first, then bodies (as _Rows number them)."""
    vocabulary: dict[str, int] = {}
    for d in docs:
        for t in d.vector:
            vocabulary.setdefault(t, len(vocabulary))
    for d in docs:
        for t in d.body[0]:
            vocabulary.setdefault(t, len(vocabulary))
    mine: dict[str, int] = {}
    for d in docs:
        for t in (*d.vector, *d.body[0]):
            mine.setdefault(t, len(mine))
    return {vocabulary[t]: n for t, n in mine.items()}


def test_group_gives_the_documents_no_vectors_to_keep():
    batch = articles(40)
    features = [prepare(a, "english") for a in batch]
    rows = cluster._RowsMaker(len(batch))
    docs = _make_docs(batch, features, _stats_of(f.terms for f in features), rows)
    assert all(not d.vector and not d.body[0] for d in docs)
    matrix = _Matrix.made(rows)
    kept = _make_docs(batch, features, _stats_of(f.terms for f in features))
    for (mine, _), (theirs, _) in zip(matrix.padded(), _Matrix.of(kept).padded()):
        assert np.array_equal(mine[0], theirs[0]) and np.array_equal(mine[1], theirs[1])
