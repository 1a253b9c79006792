"""What a pool worker keeps of its memory: the fork server's pages stay shared, a heavy job's peak is given back."""

from __future__ import annotations

import gc
import time

from bot import workers
from bot.workers import HEAVY_JOB, Workers


def _busy(seconds: float) -> int:
    end = time.process_time() + seconds
    n = 0
    while time.process_time() < end:
        n += 1
    return n


def test_a_heavy_job_is_followed_by_giving_its_memory_back(monkeypatch):
    trims: list[int] = []
    monkeypatch.setattr(workers, "release_freed_memory", lambda: trims.append(1))
    monkeypatch.setattr(workers, "_after_heavy", False)
    assert workers._job(int, "7") == 7 and workers._job(int) == 0
    assert trims == []  # light jobs: nothing to give back
    assert workers._job(_busy, 2 * HEAVY_JOB) > 0
    assert trims == []  # (not while its arguments are still held: at the next job)
    assert workers._job(int) == 0
    assert trims == [1]
    assert workers._job(int) == 0
    assert trims == [1]  # once per heavy job


def test_a_failing_heavy_job_is_followed_by_giving_memory_back_too(monkeypatch):
    trims: list[int] = []
    monkeypatch.setattr(workers, "release_freed_memory", lambda: trims.append(1))
    monkeypatch.setattr(workers, "_after_heavy", False)

    def fails() -> None:
        _busy(2 * HEAVY_JOB)
        raise ValueError("no")

    try:
        workers._job(fails)
    except ValueError:
        pass
    else:
        raise AssertionError("the job's exception must reach the caller")
    workers._job(int)
    assert trims == [1]


def test_pool_workers_keep_what_they_inherit_out_of_the_collectors_reach():
    with Workers(2) as pool:
        pool.expect(100)  # a pool, as a large run has
        frozen = pool.submit(gc.get_freeze_count).result()
    assert frozen > 10_000  # (the preloaded modules' objects; a worker without the freeze has none)
    assert gc.get_freeze_count() == 0  # (this process is not frozen)



def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


def test_resting_lets_the_pool_processes_go_and_the_next_job_starts_new_ones():
    import os

    with Workers(2) as pool:
        pool.expect(100)
        first = {pool.submit(os.getpid).result() for _ in range(6)}
        assert first and os.getpid() not in first
        pool.rest()
        deadline = time.monotonic() + 10
        while not all(_gone(p) for p in first) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert all(_gone(p) for p in first)
        again = pool.submit(os.getpid).result()
        assert again not in first and again != os.getpid()
