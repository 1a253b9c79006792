"""The one composition root: config → store, HTTP client and workers, built once and closed together.

Every command, the demo, the tests and the benchmarks build what a run needs here, so there is
one place that decides how the pieces are made and in which order they are closed.
"""

from __future__ import annotations

import argparse
from contextlib import ExitStack
from dataclasses import dataclass

from bot.config import Config, FetchConfig, ad_hoc_config, load_config, state_url
from bot.errors import ConfigError
from bot.fetch import DEFAULT_USER_AGENT, Http, HttpSettings
from bot.store import Store, open_store
from bot.workers import Workers


def http_settings(fetch: FetchConfig) -> HttpSettings:
    return HttpSettings(
        timeout=fetch.timeout,
        max_bytes=fetch.max_bytes,
        max_redirects=fetch.max_redirects,
        concurrency=fetch.concurrency,
        per_host=fetch.per_host,
        user_agent=fetch.user_agent or DEFAULT_USER_AGENT,
    )


@dataclass
class App:
    """Everything one command needs, built from config; closed by the ExitStack that owns it."""

    config: Config
    store: Store
    http: Http
    workers: Workers

    @classmethod
    def build(cls, config: Config, state: str | None, stack: ExitStack, *, processes: int | None = None) -> App:
        """``state`` is --state (a path or an SQLAlchemy URL; None: the default place); ``processes``
        bounds the worker pool (None: one per CPU)."""
        from bot.cli import loading

        with loading():  # (the database's dialect and first statements, the HTTP client: made once, kept to the end)
            return cls._build(config, state, stack, processes)

    @classmethod
    def _build(cls, config: Config, state: str | None, stack: ExitStack, processes: int | None) -> App:
        store = open_store(state_url(state, config))
        stack.callback(store.close)
        http = Http(http_settings(config.fetch))
        stack.callback(http.close)
        workers = Workers(processes)
        stack.callback(workers.close)
        if config.queue is not None:  # article work as tasks on a broker; without `queue:` nothing of it is loaded
            from bot.queue import ArticleQueue

            workers.queue = ArticleQueue(config.queue)
            stack.callback(workers.queue.close)
            workers.queue.check()
        return cls(config, store, http, workers)


def config_from_args(args: argparse.Namespace) -> tuple[Config, str]:
    """The config and profile for a command: --feed makes an ad-hoc one, else the config file
    (--config, else the default place) and its --profile (else the first)."""
    if args.feed:
        if args.config or args.profile:
            raise ConfigError("--feed cannot be combined with --config or --profile", "command line", "use one or the other")
        config = ad_hoc_config(args.feed)
        return config, next(iter(config.profiles))
    from bot.locations import find_config

    config = load_config(find_config(args.config))
    name, _ = config.profile(args.profile)
    return config, name
