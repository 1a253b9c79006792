"""Where CPU-bound work runs: in this process for small runs, in a process pool for large ones.

Parsing feeds, extracting pages and scoring sentences are pure Python and hold the GIL, so
threads would serialise them; a pool of processes keeps both cores busy. The pool is started
from a fork server (clean, thread-free, with our modules preloaded) because the fetch threads
are already running when the first job arrives.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # (multiprocessing loads with the first pool: a run of a few feeds, or all 304, starts none)
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

# Below this many jobs, starting processes costs more than it saves.
PARALLEL_FROM = 24
#: A job of at least this much CPU (a part of a large batch's blocking, a chunk of story summaries) leaves
#: memory behind: the worker gives it back before its next job (a farm article takes ~15-30 ms).
HEAVY_JOB = 0.05


class _NoQueue:
    """No task queue (the default): ``pipeline.run`` prepares every article with these workers."""

    def prepare(self, store: Any, config: Any, profile: Any, by_url: Any, candidates: Any, workers: Any) -> tuple[Any, Any]:
        return candidates, workers


NO_QUEUE = _NoQueue()


class Workers:
    """Submit CPU work; it runs inline until :meth:`expect` says a run is big enough for a pool."""

    def __init__(self, processes: int | None = None):
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._parallel = False
        self._lock = threading.Lock()  # fetch threads submit concurrently: one pool, however many ask
        self.queue: Any = NO_QUEUE  # with `queue:` in config, App.build puts a bot.queue.ArticleQueue here

    def expect(self, jobs: int) -> None:
        """Announce how many jobs are coming; a pool is started (at the first job) once it pays off.
        Not before: a run whose feeds all answer 304 has nothing to send it."""
        if self.processes > 1 and jobs >= PARALLEL_FROM:
            self._parallel = True

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(*args)`` in the pool (or inline); a broken pool falls back to inline work."""
        if self._parallel:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return self._ensure_pool().submit(_job, fn, *args)
            except BrokenProcessPool:
                self._parallel = False  # a worker died (out of memory, a crash in C): carry on here
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future

    @property
    def parallel(self) -> bool:
        """Whether jobs go to the pool (else they run inline, in the thread that submits them)."""
        return self._parallel

    def submit_batch(self, fn: Callable[..., T], items: list[tuple[Any, ...]]) -> Future[list[tuple[bool, Any]]]:
        """``fn(*args)`` for each of ``items`` as one job of the pool (one wake-up and one message each way,
        not one per item); each item is run as :meth:`submit` runs a job (a heavy one's memory given back),
        and its answer is ``(True, result)`` or ``(False, the exception it raised)``."""
        if self._parallel:
            from concurrent.futures.process import BrokenProcessPool

            try:
                return self._ensure_pool().submit(_jobs, fn, items)
            except BrokenProcessPool:
                self._parallel = False
        future: Future[list[tuple[bool, Any]]] = Future()
        future.set_result(_answers(fn, items, _call, picklable=False))
        return future

    def _ensure_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = self._start_pool()
            return self._pool

    def _start_pool(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            # Workers fork from a server that has the heavy modules loaded once (shared pages).
            context.set_forkserver_preload(["bot.articles", "bot.fetch", "feedparser", "bot.text", "bot.extract", "bot.summarise",
                                             "bot.group"])
        return ProcessPoolExecutor(max_workers=self.processes, mp_context=context, initializer=_freeze_inherited)

    def rest(self) -> None:
        """Let the pool's processes go once a run's last job is done, and start new ones at the next job:
        a run's end (the texts back on its articles, the digest) is not held beside workers that have
        nothing left to do, and a daemon does not keep them between digests. The fork server stays,
        so new workers are forked from its preloaded modules in milliseconds."""
        self.close()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _freeze_inherited() -> None:
    """In each new worker: what it inherited from the fork server (the preloaded modules) is moved out
    of the garbage collector's reach. A full collection writes into every object it tracks, and so
    would copy every page the worker shares with the fork server into the worker's own memory."""
    import gc

    gc.freeze()


_after_heavy = False  # (in a worker: the job before was heavy)


def _job(fn: Callable[..., T], *args: Any) -> T:
    """A job as a worker runs it. What a heavy job freed is given back to the system as soon as it ends,
    and what its arguments held when the next one starts (the pool lets go of them only after the
    result is sent): a worker does not carry the peak of its largest job through the rest of the run,
    nor while it waits (the next job may be long in coming: a large batch's blocking part is followed
    by the whole linkage in the main process)."""
    global _after_heavy
    if _after_heavy:
        _after_heavy = False
        release_freed_memory()
    start = time.process_time()
    try:
        return fn(*args)
    finally:
        _after_heavy = time.process_time() - start >= HEAVY_JOB
        if _after_heavy:
            release_freed_memory()


def _call(fn: Callable[..., T], *args: Any) -> T:
    return fn(*args)


def _jobs(fn: Callable[..., T], items: list[tuple[Any, ...]]) -> list[tuple[bool, Any]]:
    """A batch as a worker runs it: each item as :func:`_job` runs a job."""
    return _answers(fn, items, _job, picklable=True)


def _answers(fn: Callable[..., T], items: list[tuple[Any, ...]], run: Callable[..., T],
             picklable: bool) -> list[tuple[bool, Any]]:
    """Each item's ``(True, result)`` or ``(False, exception)``; in a worker (``picklable``) an exception that
    cannot be pickled is replaced by the pickling error, as the pool does for a job's."""
    import pickle

    out: list[tuple[bool, Any]] = []
    for args in items:
        try:
            out.append((True, run(fn, *args)))
        except Exception as exc:  # noqa: BLE001 - handed to the item's own future
            if picklable:
                try:
                    pickle.dumps(exc)
                except Exception as unpicklable:  # noqa: BLE001
                    exc = unpicklable
            out.append((False, exc))
    return out


def release_freed_memory() -> None:
    """Give freed memory back to the system: glibc keeps what a process freed (in each thread's arena,
    and between live blocks) otherwise, and a long-running process would carry its peak for ever."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass
