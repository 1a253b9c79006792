"""Blocking spread over worker processes gives exactly the pairs, scores and stories one process gives."""

from __future__ import annotations

import numpy as np
import pytest
from support.events import articles

from bot.group import blocking, group, prepare
from bot.group.docs import _make_docs
from bot.group.terms import _stats_of
from bot.workers import Workers

pytestmark = pytest.mark.slow



def test_blocking_in_the_workers_is_the_arithmetic_of_one_process(monkeypatch):
    batch = articles(240)
    features = [prepare(a, "english") for a in batch]
    docs = _make_docs(batch, features, _stats_of(f.terms for f in features))
    alone, compared = blocking._candidate_pairs(docs, floor=0.1)
    assert compared > len(batch) and len(alone) > len(batch)  # (enough pairs for the parts to matter)
    monkeypatch.setattr(blocking, "SPREAD_FROM", 1)
    with Workers(2) as workers:
        workers.expect(100)  # a pool, as a large run has
        spread, spread_compared = blocking._candidate_pairs(docs, floor=0.1, spread=workers)
        grouped = group(batch, features=features, spread=workers)
    assert spread_compared == compared
    for name in ("first", "second", "sims", "leads"):
        assert np.array_equal(getattr(spread, name), getattr(alone, name)), name
    one = group(batch, features=features)
    assert [[a.entry_id for a in s.articles] for s in grouped.stories] == [[a.entry_id for a in s.articles] for s in one.stories]
    assert grouped.story_key == one.story_key and grouped.compared == one.compared
    assert 1 < len(one.stories) < len(batch)
