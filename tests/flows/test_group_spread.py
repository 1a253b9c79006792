"""Blocking spread over worker processes gives exactly the pairs, scores and stories one process gives."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from bot.group import blocking, group, prepare
from bot.group.docs import _make_docs
from bot.group.terms import _stats_of
from bot.models import Article
from bot.workers import Workers

pytestmark = pytest.mark.slow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
PLACES = "Ashvale Pellon Merrow Tarnby Hollins Quarrick Dunmore Felsby".split()
EVENTS = [
    ("council approves bridge", "The council voted to approve the new bridge across the harbour after a long debate."),
    ("storm warning issued", "Forecasters issued a gale warning as the storm moved towards the coast overnight."),
    ("rail strike announced", "Rail workers announced a two-day strike over pay, disrupting services across the region."),
    ("factory to close", "The owners said the factory would close next year with the loss of several hundred jobs."),
    ("library reopens", "The library reopened after a refurbishment that added a children's wing and a cafe."),
]


def articles(n: int) -> list[Article]:
    rng = random.Random(7)
    out = []
    for k in range(n):
        title, text = EVENTS[k % len(EVENTS)]
        place = rng.choice(PLACES)
        extra = " ".join(rng.sample(text.split(), 6))
        out.append(Article(entry_id=k + 1, title=f"{place} {title}", link=f"https://outlet{k % 7}.example/{k}",
                           source=f"Outlet {k % 7}", published=T0 + timedelta(hours=rng.uniform(0, 72)),
                           text=f"{place}: {text} {extra}. Officials in {place} said more would follow.", summary=[]))
    return out


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
