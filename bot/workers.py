"""Where CPU-bound work runs: in this process for small runs, in a process pool for large ones.

Parsing feeds, extracting pages and scoring sentences are pure Python and hold the GIL, so
threads would serialise them; a pool of processes keeps both cores busy. The pool is started
from a fork server (clean, thread-free, with our modules preloaded) because the fetch threads
are already running when the first job arrives.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# Below this many jobs, starting processes costs more than it saves.
PARALLEL_FROM = 24


class Workers:
    """Submit CPU work; it runs inline until :meth:`expect` says a run is big enough for a pool."""

    def __init__(self, processes: int | None = None):
        self.processes = processes if processes is not None else (os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._parallel = False

    def expect(self, jobs: int) -> None:
        """Announce how many jobs are coming; a pool is started once it pays off."""
        if self.processes > 1 and jobs >= PARALLEL_FROM:
            self._parallel = True

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        if self._parallel:
            return self._ensure_pool().submit(fn, *args)
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload(["bot.pipeline"])
            self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=context)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
