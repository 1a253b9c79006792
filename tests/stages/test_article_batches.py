"""bot.articles.ArticleStage's batches to the pool (bot.workers.Workers.submit_batch) against one job per
article, the plain form: the same results, in fewer messages; one job's failure stays its own."""

from __future__ import annotations

from concurrent.futures import CancelledError, Future
from datetime import datetime, timezone

import pytest

from bot.articles import ArticleStage, Lengths
from bot.fetch import Http, HttpSettings
from bot.store import StoredEntry
from bot.workers import Workers, _answers, _job

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=timezone.utc)
TOPICS = ["harbour", "council", "rail", "school", "bridge", "festival", "budget", "river"]


def entry(n: int) -> StoredEntry:
    topic = TOPICS[n % len(TOPICS)]
    body = " ".join(
        f"<p>The {topic} plan number {n} was discussed by the {topic} committee on Tuesday, and member {k} said "
        f"the {topic} work would start in {2027 + k % 3}.</p>" for k in range(12))
    return StoredEntry(id=n, feed_url="https://a.example/feed", feed_title="A", guid=str(n), link=f"https://a.example/{n}",
                       title=f"The {topic} plan {n}", author=None, published=NOW, first_seen=NOW, content=body,
                       content_is_html=True, language="en", text=None, text_origin=None)


def run_stage(workers: Workers, entries: list[StoredEntry]) -> tuple[list, list]:
    with Http(HttpSettings()) as http:
        stage = ArticleStage(http, workers, 8, fetch_pages=False, teaser_words=0,
                             lengths=lambda e: Lengths(3, None, None))
        try:
            stage.add(entries)
            return stage.results(entries)
        finally:
            stage.close()


def test_batches_give_what_one_job_an_article_gives(monkeypatch):
    entries = [entry(n) for n in range(40)]
    with Workers(processes=2) as workers:
        sizes: list[int] = []
        real = workers.submit_batch

        def counted(fn, items):
            sizes.append(len(items))
            return real(fn, items)

        monkeypatch.setattr(workers, "submit_batch", counted)
        batched = run_stage(workers, entries)
    assert sum(sizes) == len(entries) and len(sizes) < len(entries) and max(sizes) == 2  # a share of the 8 in flight
    with Workers(processes=2) as workers:
        monkeypatch.setattr(ArticleStage, "_batched", lambda self: False)
        plain = run_stage(workers, entries)
    assert batched == plain
    assert all(r.summary for r in batched[0]) and not batched[1]


def test_a_dispatcher_with_its_own_submit_gets_one_job_at_a_time():
    class Answering(Workers):
        def submit(self, fn, *args):
            return super().submit(fn, *args)

    with Workers(processes=2) as plain, Answering(processes=2) as own, Http(HttpSettings()) as http:
        for w in (plain, own):
            w.expect(100)
        stage = ArticleStage(http, plain, 8, False, 0, lambda e: Lengths(3, None, None))
        assert stage._batched()
        stage.workers = own
        assert not stage._batched()
        stage.workers = Workers(processes=1)
        assert not stage._batched()  # (no pool: jobs run inline, one by one, as before)
        stage.close()


def test_each_item_of_a_batch_answers_for_itself():
    with Workers(processes=2) as workers:
        workers.expect(100)
        answers = workers.submit_batch(int, [("1",), ("x",), ("3",)]).result()
    assert [a[0] for a in answers] == [True, False, True] and answers[0][1] == 1 and answers[2][1] == 3
    assert isinstance(answers[1][1], ValueError) and "'x'" in str(answers[1][1])
    inline = Workers(processes=1).submit_batch(int, [("7",), ("y",)]).result()
    assert inline[0] == (True, 7) and isinstance(inline[1][1], ValueError)


def test_an_exception_a_worker_cannot_send_back_becomes_the_pickling_error():
    class Local(Exception):  # (a class pickle cannot find by name)
        pass

    def boom(_x):
        raise Local("no")

    (ok, exc), = _answers(boom, [(1,)], _job, picklable=True)
    assert not ok and not isinstance(exc, Local) and "Local" in str(exc)
    (ok, exc), = _answers(boom, [(1,)], _job, picklable=False)
    assert isinstance(exc, Local)


def test_close_cancels_jobs_that_never_went():
    with Workers(processes=2) as workers, Http(HttpSettings()) as http:
        workers.expect(100)
        stage = ArticleStage(http, workers, 8, False, 0, lambda e: Lengths(3, None, None))
        stage.batches = 99  # every worker busy: nothing is sent
        stage.add([entry(1)])
        inner = stage.futures[1].result()
        assert isinstance(inner, Future) and not inner.done()
        stage.close()
        assert inner.cancelled()
        with pytest.raises(CancelledError):
            inner.result()
