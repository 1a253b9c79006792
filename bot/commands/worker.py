"""`newsdigest worker`: do the article work (pages, extraction, summaries) that digests put on the queue."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Config, QueueConfig

#: Threads per process. The CPU work holds the GIL, so it is one core per process whatever this is;
#: threads let a page download (tens to hundreds of ms on the real web) overlap another task's work.
THREADS = 4


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("worker", help="work through the article tasks on the queue (needs `queue:` in config)",
                            description=cmd_worker.__doc__)
    parser.add_argument("-c", "--config", help="config file (default: ./config.yaml, then $NEWSDIGEST_HOME/config.yaml)")
    parser.add_argument("--state", metavar="PATH", help="state database file or SQLAlchemy URL (the one `run` uses)")
    parser.add_argument("-p", "--processes", type=int, default=1, metavar="N",
                        help="worker processes on this machine (default 1; the work is CPU-bound: one per core)")
    parser.add_argument("-t", "--threads", type=int, default=THREADS, metavar="N",
                        help=f"tasks at once in each process (default {THREADS}): one waits on a page while another computes")
    parser.set_defaults(handler=cmd_worker, feed=None, profile=None)


def cmd_worker(args: argparse.Namespace) -> int:
    """Run until stopped (SIGTERM or Ctrl-C; a task under way is finished first): take article tasks
    from the broker in `queue.url`, fetch and extract each page, summarise it, and store the result in
    the state database, where the digest reads it. Start as many as you like, on any machine that
    reaches the broker and the database; a worker that dies has its tasks done by another.
    """
    import logging

    from bot.app import config_from_args
    from bot.errors import ConfigError

    if not logging.getLogger().isEnabledFor(logging.INFO):
        logging.getLogger("newsdigest").setLevel(logging.INFO)
    config, _ = config_from_args(args)
    if config.queue is None:
        raise ConfigError("no queue is configured", config.path or "config", "add queue: {url: redis://HOST:6379/0}")
    if args.processes < 1 or args.threads < 1:
        raise ConfigError("--processes and --threads must be at least 1", "command line", "pass 1 or more")
    if args.processes > 1:
        return _supervise(args)
    return _serve(config, config.queue, args.state, args.threads)


def _serve(config: Config, settings: QueueConfig, state: str | None, threads: int) -> int:
    import logging
    import signal
    import threading

    import dramatiq

    import bot.extract  # noqa: F401 - loaded before the first task, not during it
    import bot.summarise  # noqa: F401
    from bot.app import http_settings
    from bot.config import state_url
    from bot.fetch import Http
    from bot.queue import ArticleQueue, results
    from bot.queue.tasks import QUEUE_NAME, WorkerContext, serve_with
    from bot.store import open_store

    log = logging.getLogger("newsdigest.worker")
    store = open_store(state_url(state, config))
    http = Http(http_settings(config.fetch))
    queue = ArticleQueue(settings)
    try:
        queue.check()
        results.ensure_table(store.engine)
        context = WorkerContext(store, http)
        serve_with(context)
        stop = threading.Event()
        previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
        worker = dramatiq.Worker(queue.broker, worker_threads=threads, queues={QUEUE_NAME, f"{QUEUE_NAME}.DQ"})
        worker.start()
        log.info("worker %s taking tasks from %s", context.name, settings.url)
        try:
            stop.wait()
        finally:
            log.info("worker %s stopping: finishing the task under way", context.name)
            worker.stop()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        queue.close()
        http.close()
        store.close()
    return 0


def _supervise(args: argparse.Namespace) -> int:
    """N single-process workers as children; a signal to this one is passed on to each."""
    import signal
    import subprocess
    import threading

    command = [sys.executable, "-m", "bot", "worker", "--processes", "1", "--threads", str(args.threads)]
    for flag, value in (("--config", args.config), ("--state", args.state)):
        if value:
            command += [flag, value]
    children = [subprocess.Popen(command) for _ in range(args.processes)]
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        while not stop.wait(1.0) and any(c.poll() is None for c in children):
            pass
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        codes = [child.wait() for child in children]
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return max(codes, default=0)
