"""Article work as tasks on a task queue (Dramatiq over Redis), for more than one machine.

With ``queue:`` in the config, a digest enqueues one task per new article (fetch its page,
extract, summarise) and waits for the results in the database; ``newsdigest worker`` processes,
on any machine that reaches the broker and the database, do the work (:mod:`bot.queue.tasks`).
``run`` also enqueues after each collection, so the work is spread over the day and a digest
mostly finds it done. Without ``queue:`` none of this is imported.

A digest waits at most ``queue.wait``: what is still queued then (no worker running, workers
far behind) it prepares itself with its local pool, as without a queue, so a digest is never
short of articles; the late task finds the text stored and only adds its summary row.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any

from bot.articles import ArticleResult, prepare_article, rough_words
from bot.config import Config, FeedConfig, ProfileConfig, QueueConfig, parse_duration
from bot.errors import ConfigError
from bot.pipeline import window_start
from bot.queue import results
from bot.store import Store, StoredEntry
from bot.workers import Workers

log = logging.getLogger("newsdigest.queue")

POLL = 0.2  # seconds between looks at the results while a digest waits
SENT_MARK_SECONDS = 3600  # how long "sent, not done yet" stops a task from being sent again


@dataclass(frozen=True)
class Task:
    entry_id: int
    variant: str
    payload: dict[str, Any]


class ArticleQueue:
    """The digest's side of the queue: enqueue, wait for the results, hand them to ``pipeline.run``."""

    def __init__(self, settings: QueueConfig):
        from bot.queue.tasks import connect

        self.settings = settings
        self.broker, self.actor = connect(settings)
        self.wait = parse_duration(settings.wait).total_seconds()

    def check(self) -> None:
        """Fail now, with a hint, when the broker cannot be reached."""
        import redis

        try:
            self.broker.client.ping()
        except redis.RedisError as exc:
            raise ConfigError(f"cannot reach the queue broker: {exc}", f"queue.url {self.settings.url}",
                           "start redis-server there, or correct queue.url") from None

    def close(self) -> None:
        self.broker.close()

    def tasks(self, config: Config, profile: ProfileConfig, by_url: dict[str, FeedConfig],
              candidates: list[StoredEntry]) -> list[Task]:
        """One task per entry; the variant is what its summary depends on besides the entry."""
        out = []
        for entry in candidates:
            sentences, words = config.length_for(profile, by_url.get(entry.feed_url))
            language = (by_url[entry.feed_url].language if entry.feed_url in by_url else None) or entry.language
            fetch = (entry.text is None and config.fetch.fetch_pages and bool(entry.link)
                     and rough_words(entry.content) < config.fetch.teaser_words)
            variant = f"{sentences}/{words}/{language}"
            out.append(Task(entry.id, variant, {"entry_id": entry.id, "variant": variant, "sentences": sentences,
                                                "words": words, "language": language, "fetch": fetch}))
        return out

    def enqueue(self, store: Store, tasks: list[Task]) -> int:
        """Send the tasks that have no result yet; returns how many were sent."""
        import redis

        from bot.queue.tasks import NAMESPACE

        results.ensure_table(store.engine)
        have = results.done(store.engine, {t.entry_id: t.variant for t in tasks})
        todo = [t for t in tasks if t.entry_id not in have]
        sent = 0
        try:
            # A task already sent and not yet done is not sent again (every collection would otherwise
            # add the whole backlog once more when workers are behind); the mark expires, so a task
            # lost with the broker's memory is sent again later.
            pipe = self.broker.client.pipeline(transaction=False)
            for task in todo:
                pipe.set(f"{NAMESPACE}:sent:{task.entry_id}:{task.variant}", 1, nx=True, ex=SENT_MARK_SECONDS)
            for task, fresh in zip(todo, pipe.execute()):
                if fresh:
                    self.actor.send(task.payload)
                    sent += 1
        except redis.RedisError as exc:
            log.warning("the queue broker failed (%s): the articles not sent are prepared locally", exc)
        return sent

    def prepare(self, store: Store, config: Config, profile: ProfileConfig, by_url: dict[str, FeedConfig],
                candidates: list[StoredEntry], workers: Workers) -> tuple[list[StoredEntry], Workers]:
        """Enqueue, wait up to ``queue.wait``, and return the candidates with the workers' texts and a
        :class:`Workers` that answers their summaries from the store (everything else runs locally)."""
        if not candidates:
            return candidates, workers
        results.ensure_table(store.engine)
        results.forget_before(store.engine, datetime.now(timezone.utc) - config.retention_delta)
        tasks = self.tasks(config, profile, by_url, candidates)
        wanted = {t.entry_id: t.variant for t in tasks}
        sent = self.enqueue(store, tasks)
        deadline = time.monotonic() + self.wait
        pending = dict(wanted)
        while pending and time.monotonic() < deadline:
            for entry_id in results.done(store.engine, pending):
                del pending[entry_id]
            if pending:
                time.sleep(POLL)
        stored = results.read(store.engine, wanted)
        log.info("queue: %d articles, %d sent to workers, %d prepared by them", len(tasks), sent, len(stored))
        if pending:
            log.warning("queue: %d articles still queued after %s; this run prepares them itself", len(pending),
                        self.settings.wait)
        ready = {i: ArticleResult(i, s.text, s.origin, s.summary, False, s.language, s.page_problem)
                 for i, s in stored.items()}
        candidates = [replace(e, text=stored[e.id].text, text_origin=stored[e.id].origin) if e.id in stored else e
                      for e in candidates]
        return candidates, Prepared(workers, ready)

    def enqueue_undelivered(self, config: Config, store: Store, now: datetime) -> int:
        """After a collection: send what every profile will need, so its digest finds the work done."""
        sent = 0
        for name, profile in config.profiles.items():
            feeds = config.feeds_of(profile)
            candidates = store.undelivered(name, [f.url for f in feeds], window_start(store, name, profile, now, None))
            sent += self.enqueue(store, self.tasks(config, profile, {f.url: f for f in feeds}, candidates))
        return sent


class Prepared(Workers):
    """The run's workers, except that an article a queue worker prepared is answered from the store."""

    def __init__(self, local: Workers, ready: dict[int, ArticleResult]):
        super().__init__(local.processes)
        self.local, self.ready = local, ready
        self.queue = local.queue

    def expect(self, jobs: int) -> None:
        self.local.expect(jobs - len(self.ready))

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        if fn is prepare_article and args[0].entry_id in self.ready:
            future: Future[Any] = Future()
            future.set_result(self.ready[args[0].entry_id])
            return future
        return self.local.submit(fn, *args)

    def close(self) -> None:
        pass  # the local workers belong to the App
