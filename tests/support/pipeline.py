"""Running the real pipeline from tests: a real SQLite file or PostgreSQL database, real HTTP, a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from bot.config import parse_config
from bot.fetch import Http, HttpSettings
from bot.outbox import mark_delivered
from bot.pipeline import RunReport, run
from bot.store import Store, open_store
from bot.workers import Workers


def config_for(urls: list[str], extra: str = "", profile: str = "") -> str:
    feeds = "\n".join(f"  - url: {u}\n    name: Feed {i}" for i, u in enumerate(urls))
    return f"feeds:\n{feeds}\nprofiles:\n  main:\n    sentences: 2\n{profile}{extra}"


def failures(report: RunReport) -> list:
    """The feeds that could not be read: not the notes on feeds that were (refused pages, items left out)."""
    return [p for p in report.digest.problems if p.failed]


def run_once(
    config_text: str,
    db: Path | str,
    now: datetime,
    deliver: bool = True,
    since: timedelta | None = None,
    timeout: float = 5.0,
) -> tuple[RunReport, Store]:
    config = parse_config(config_text, "test config")
    store = open_store(db if isinstance(db, str) else f"sqlite:///{db}")  # a path, or a URL (the `state` fixture)
    settings = HttpSettings(timeout=timeout, max_bytes=config.fetch.max_bytes, max_redirects=config.fetch.max_redirects)
    with Http(settings) as http, Workers(1) as workers:
        report = run(config, "main", store, http, workers, now, since=since)
    if deliver:
        mark_delivered(store, report, now)
    return report, store
