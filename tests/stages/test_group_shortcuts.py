"""Session 15's shortcuts in grouping (issue 13) give the answers of the plain forms they replace: the nearest
gap by bisection, the blocking's posting lists made at once, the names' agreement of one story with many, and
the headline words read only within a news cycle. Each is pitted against the plain form on made-up cases, on
made-up runs of articles, and on the dev articles (../shared/data, skipped when absent), and the stories of a
run with every shortcut are those of the run with the plain forms."""

from __future__ import annotations

import json
import math
import random
from datetime import datetime, timezone

import numpy as np
import pytest
from support.events import articles as made_up

from bot.group import blocking, cluster, docs, group
from bot.group.blocking import _MAX_POSTING, _Postings
from bot.group.gaps import nearest_gap
from bot.models import Article


def walk_gap(a: list[float], b: list[float]) -> float | None:
    """The nearest gap as main computed it: a walk along both sorted lists."""
    if not a or not b:
        return None
    best, i, j = math.inf, 0, 0
    while i < len(a) and j < len(b):
        d = a[i] - b[j]
        if abs(d) < best:
            best = abs(d)
        if d < 0:
            i += 1
        else:
            j += 1
    return best


def plain_reads(order: list[int], ids: np.ndarray, starts: np.ndarray) -> list[list[int]]:
    """What each document (by place in ``order``) read of its terms' posting lists as main made them: lists
    that each document appended itself to after reading the last _MAX_POSTING of each."""
    postings: dict[int, list[int]] = {}
    out = []
    for i in order:
        top = ids[starts[i] : starts[i + 1]].tolist()
        out.append([d for t in top for d in postings.get(t, [])[-_MAX_POSTING:]])
        for t in top:
            postings.setdefault(t, []).append(i)
    return out


def test_nearest_gap_is_the_walk_on_made_up_times() -> None:
    rng = random.Random(15)
    checked = single = 0
    for _ in range(20_000):
        pool = [rng.uniform(-1e9, 2e9) for _ in range(4)] + [0.0, 1.5e9, 1.5e9 + 1e-6]
        a = sorted(rng.choice(pool) if rng.random() < 0.3 else rng.uniform(0, 2e9) for _ in range(rng.randint(0, 6)))
        b = sorted(rng.choice(pool) if rng.random() < 0.3 else rng.uniform(0, 2e9) for _ in range(rng.randint(0, 3)))
        assert nearest_gap(a, b) == walk_gap(a, b), (a, b)
        assert nearest_gap(b, a) == walk_gap(b, a), (a, b)
        checked += 1
        single += len(a) == 1 or len(b) == 1
    assert single > 5_000  # (the bisection itself is reached, not only the walk)
    assert nearest_gap([1.0, 5.0, 9.0], [6.0]) == 1.0 and nearest_gap([], [1.0]) is None
    assert nearest_gap([3.0], [3.0]) == 0.0 and nearest_gap([10.0], [1.0, 2.0]) == 8.0


def test_time_adjust_reads_headline_words_only_within_a_news_cycle() -> None:
    cycle = cluster.NEWS_CYCLE.total_seconds()
    for gap in (None, 0.0, cycle, cycle + 1e-6, cycle * 1.5, 3 * 86400.0, 3 * 86400.0 + 1, 40 * 86400.0, 1e9):
        if gap is None or gap > cycle:
            assert cluster._time_adjust(gap, True) == cluster._time_adjust(gap, False)
        else:
            assert cluster._time_adjust(gap, True) != cluster._time_adjust(gap, False)


@pytest.mark.parametrize("seed", range(4))
def test_postings_read_what_appended_lists_held(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, terms = 900, int(rng.choice([5, 40, 400]))
    lengths = rng.integers(0, 12, n)
    ids = np.concatenate([rng.choice(terms, size=int(k), replace=seed == 3) for k in lengths]).astype(np.int32)
    starts = np.zeros(n + 1, np.int64)
    np.cumsum(lengths, out=starts[1:])
    order = rng.permutation(n).tolist()
    postings = _Postings(order, ids, starts)
    plain = plain_reads(order, ids, starts)
    long = 0
    for rank in range(n):
        got = postings.read(rank)
        assert sorted(got.tolist()) == sorted(plain[rank]), rank
        long += len(got) > _MAX_POSTING
    assert long > 0 or terms == 400  # (the window of the last _MAX_POSTING is reached)


def test_agreeing_is_agree_of_each_on_made_up_stories() -> None:
    arts = made_up(300, 11, hours=96)
    made = [docs._Doc(a, f, {}, [], None, None, ((), np.zeros(0))) for a, f in zip(arts, _features(arts))]
    rare = {t for d in made for t in d.title_names}
    names = docs._StoryNames(made, set(list(rare)[: len(rare) // 2]))
    rng = random.Random(3)
    alive = list(range(len(made)))
    agreed = 0
    for _ in range(120):
        a, b = rng.sample(alive, 2)
        names.merge(a, b)
        alive.remove(b)
        c = rng.choice(alive)
        others = rng.sample(alive, 30)
        expected = [names.agree(c, d) for d in others]
        assert names.agreeing(c, others) == expected
        agreed += sum(expected)
    assert 0 < agreed < 120 * 30  # (both answers are met)


def _features(arts: list[Article]):
    from bot.group import prepare

    return [prepare(a) for a in arts]


class _Plain:
    """The plain forms in place of the shortcuts, for one run; and a check of each shortcut's every answer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, check_only: bool):
        self.calls = {"gap": 0, "agreeing": 0, "postings": 0}
        plain_agreeing = docs._StoryNames.agreeing

        def gap(a: list[float], b: list[float]) -> float | None:
            self.calls["gap"] += 1
            expected = walk_gap(a, b)
            if check_only:
                assert nearest_gap(a, b) == expected
            return expected

        def agreeing(names: docs._StoryNames, a: int, others: list[int]) -> list[bool]:
            self.calls["agreeing"] += 1
            expected = [names.agree(a, b) for b in others]
            if check_only:
                assert plain_agreeing(names, a, others) == expected
            return expected

        class Postings(_Postings):
            def __init__(inner, order: list[int], ids: np.ndarray, starts: np.ndarray):  # noqa: N805
                super().__init__(order, ids, starts)
                inner.plain = plain_reads(order, ids, starts)

            def read(inner, rank: int) -> np.ndarray:  # noqa: N805
                self.calls["postings"] += 1
                expected = np.array(inner.plain[rank], np.int64)
                if check_only:
                    assert sorted(super().read(rank).tolist()) == sorted(expected.tolist())
                return expected

        monkeypatch.setattr(cluster, "_nearest_gap", gap)
        monkeypatch.setattr(docs._StoryNames, "agreeing", agreeing)
        monkeypatch.setattr(blocking, "_Postings", Postings)


def _stories(arts: list[Article], **options) -> list[list[int]]:
    found = group(arts, **options)
    return [[a.entry_id for a in s.articles] for s in found.stories] + [sorted(found.duplicates.items())]


def test_made_up_runs_group_as_with_the_plain_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in (1, 2):
        arts = made_up(400, seed, hours=24 * 8)
        fast = _stories(arts)
        with monkeypatch.context() as m:
            plain = _Plain(m, check_only=False)
            assert _stories(arts) == fast
            assert all(plain.calls.values()), plain.calls
        with monkeypatch.context() as m:
            _Plain(m, check_only=True)
            assert _stories(arts) == fast
        assert sum(len(s) > 3 for s in fast[:-1]) >= 3  # (stories are made: the linkage's shortcuts are reached)


def test_dev_articles_group_as_with_the_plain_forms(shared_data, monkeypatch: pytest.MonkeyPatch) -> None:
    path = shared_data / "cluster_news_cluster_en" / "articles.dev.jsonl"
    if not path.exists():
        pytest.skip("cluster_news_cluster_en is absent")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    arts = [Article(entry_id=k, title=r["title"] or "", link=r["url"], source=r["source_domain"],
                    published=_date(r.get("date_publish")), text=r["text"] or "", summary=[])
            for k, r in enumerate(rows)]
    fast = _stories(arts)
    with monkeypatch.context() as m:
        plain = _Plain(m, check_only=True)
        assert _stories(arts) == fast
        assert all(plain.calls.values()), plain.calls
    assert sum(len(s) > 1 for s in fast[:-1]) >= 5


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
