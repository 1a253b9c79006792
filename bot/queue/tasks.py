"""The one task, and the broker it travels on: Dramatiq over Redis.

Why Dramatiq, not Celery: a message is acknowledged only when its task has finished, out of the
box (Celery needs ``acks_late`` and ``reject_on_worker_lost``, and with Redis waits out a
visibility timeout of an hour); a worker killed with -9 stops sending heartbeats, and any other
worker's broker maintenance puts its unacknowledged messages back on the queue once
``redeliver_after`` has passed. It installs as two small pure-Python packages (dramatiq, redis)
against Celery's half-dozen (kombu, billiard, vine, amqp, click plug-ins), and a test starts a
worker as a plain process (``newsdigest worker``) with no separate CLI or app object to load.

Redelivery means a task can run twice (also when a long task outlives the heartbeat window):
the task is idempotent through its result row (see :mod:`bot.queue.results`).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot.articles import PAGE_ACCEPT, ArticleJob, ArticleResult, prepare_article
from bot.config import QueueConfig
from bot.errors import ConfigError
from bot.fetch import Http, Response
from bot.queue import results
from bot.store import Store
from bot.urls import safe_link

QUEUE_NAME = "articles"
NAMESPACE = "newsdigest"  # prefix of every Redis key the queue uses
#: Of a million broker commands, how many also look for dead workers (Dramatiq's default is 1,000).
#: A look is one sorted-set range on Redis; at 10 % a dead worker's tasks come back within a second
#: or two of ``redeliver_after``, where the default could leave them for many minutes.
MAINTENANCE_CHANCE = 100_000


@dataclass
class WorkerContext:
    """What a worker process holds for its tasks: the database and the HTTP client."""

    store: Store
    http: Http
    name: str = f"{socket.gethostname()}:{os.getpid()}"


_context: WorkerContext | None = None


def serve_with(context: WorkerContext) -> None:
    global _context
    _context = context


def connect(settings: QueueConfig) -> tuple[Any, Any]:
    """The broker and the task's actor bound to it; a clear error when the extra is not installed."""
    try:
        import dramatiq
        from dramatiq.brokers.redis import RedisBroker
    except ImportError:
        raise ConfigError("queue support is not installed", "queue", "pip install 'newsdigest[queue]'") from None
    from bot.config import parse_duration

    heartbeat_ms = int(parse_duration(settings.redeliver_after).total_seconds() * 1000)
    broker = RedisBroker(url=settings.url, namespace=NAMESPACE, heartbeat_timeout=heartbeat_ms,
                         maintenance_chance=MAINTENANCE_CHANCE)
    # Retries are for the infrastructure (database locked, broker gone a moment): an article that
    # breaks the code is stored as an error on the first try and not retried.
    actor = dramatiq.actor(actor_name="prepare_article", queue_name=QUEUE_NAME, broker=broker,
                           max_retries=5, min_backoff=1_000, max_backoff=60_000, time_limit=15 * 60 * 1000)(perform)
    return broker, actor


def perform(payload: dict[str, Any]) -> None:
    """The task: one article's page, text and summary, stored once."""
    if _context is None:
        raise RuntimeError("a task reached a process that is not a newsdigest worker")
    run_task(_context, payload)


def run_task(context: WorkerContext, payload: dict[str, Any]) -> bool:
    """Returns whether this run stored the result (False: it was there already, or the entry is gone)."""
    engine = context.store.engine
    entry_id, variant = int(payload["entry_id"]), str(payload["variant"])
    if results.is_done(engine, entry_id, variant):
        return False
    entry = results.entry(engine, entry_id)
    if entry is None:
        return False
    page, page_type, problem = None, None, None
    if payload["fetch"] and entry.text is None:
        # As pipeline.run does it: only a web address is fetched.
        link = safe_link(entry.link)
        response = context.http.get(link, accept=PAGE_ACCEPT, polite=True) if link else Response(
            url=entry.link or "", problem="not an http:// or https:// address")
        if response.problem:
            problem = response.problem
        else:
            page = response.body
            page_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type")
    job = ArticleJob(entry_id=entry.id, title=entry.title, content=entry.content, content_is_html=entry.content_is_html,
                     cached_text=entry.text, cached_origin=entry.text_origin, page=page, page_url=entry.link,
                     sentences=int(payload["sentences"]), words=payload["words"], language=payload["language"],
                     page_content_type=page_type)
    error = None
    try:
        result = prepare_article(job)
    except Exception as exc:  # noqa: BLE001 - stored; the digest prepares this one itself and reports it
        error = f"{exc.__class__.__name__}: {exc}"
        result = ArticleResult(entry.id, "", "feed", [], False)
    results.save(engine, entry_id, variant, text=result.text if result.fresh_text and error is None else None,
                 origin=result.origin, language=result.language, summary=result.summary,
                 page_problem=problem or result.page_problem, error=error, worker=context.name,
                 now=datetime.now(timezone.utc))
    return True
