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
    assert trims == [1]  # as it ends: what it freed
    assert workers._job(int) == 0
    assert trims == [1, 1]  # and at the next job: what its arguments held
    assert workers._job(int) == 0
    assert trims == [1, 1]  # twice per heavy job


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
    assert trims == [1]
    workers._job(int)
    assert trims == [1, 1]


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


_PINNED: list[bytes] = []


def _free_much_behind_a_pin(mb: int) -> tuple[int, int]:
    """(pid, VmRSS in kB at its peak): ``mb`` MB in 1 KB blocks, then a block above them that stays, then
    the blocks freed: glibc cannot shrink its heap past the pin, so only a trim gives those pages back."""
    import os

    blocks = [bytes(1000) + bytes([k % 251]) for k in range(mb * 1000)]
    _PINNED.append(bytes(1000) + b"pin")
    peak = _rss_kb(os.getpid())
    del blocks
    _busy(2 * HEAVY_JOB)  # (a heavy job)
    return os.getpid(), peak


def _rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def test_a_pool_worker_gives_a_heavy_jobs_freed_memory_back_before_its_next_job():
    with Workers(2) as pool:
        pool.expect(100)
        pid, peak = pool.submit(_free_much_behind_a_pin, 120).result()
        time.sleep(0.2)  # (the result is sent before the job's end is seen here; nothing else is sent)
        after = _rss_kb(pid)
    assert peak - after > 80_000, (peak, after)  # most of the 120 MB back, with no job after it
