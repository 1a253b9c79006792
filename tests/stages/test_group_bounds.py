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


def test_the_matrix_lets_go_of_its_rows_once_padded():
    batch = articles(30)
    features = [prepare(a, "english") for a in batch]
    docs = _make_docs(batch, features, _stats_of(f.terms for f in features))
    matrix = _Matrix.of(docs)
    rows = [matrix.leads.row(i) for i in range(30)], [matrix.bodies.row(i) for i in range(30)]
    padded = matrix.padded()
    for (_, vectors), expected in zip(padded, rows):
        assert all(np.array_equal(v[0], e[0]) and np.array_equal(v[1], e[1]) for v, e in zip(vectors, expected))
    assert len(matrix.leads.ids) == 0 and len(matrix.bodies.ids) == 0
