"""Where CPU-bound work runs: in this process for small runs, in a process pool for large ones.

Parsing feeds, extracting pages and scoring sentences are pure Python and hold the GIL, so
threads would serialise them; a pool of processes keeps both cores busy. The pool is started
from a fork server (clean, thread-free, with our modules preloaded) because the fetch threads
are already running when the first job arrives.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # (multiprocessing loads with the first pool: a run of a few feeds, or all 304, starts none)
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")

# Below this many jobs, starting processes costs more than it saves.
PARALLEL_FROM = 24


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
                return self._ensure_pool().submit(fn, *args)
            except BrokenProcessPool:
                self._parallel = False  # a worker died (out of memory, a crash in C): carry on here
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
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
        return ProcessPoolExecutor(max_workers=self.processes, mp_context=context)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
