"""The farm's plan: how many feeds and items, which feeds are in trouble, and the reference clock."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone

# The reference clock: items are published in the 24 hours before this instant.
FARM_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)



@dataclass(frozen=True)
class FarmPlan:
    """What the farm serves; picklable, so the server process can rebuild everything from it."""

    feeds: int = 200
    items: int = 25
    seed: int = 20261121
    slow_fraction: float = 0.02
    slow_delay: float = 3.0
    fail_fraction: float = 0.02
    slow_page_fraction: float = 0.004
    slow_page_delay: float = 1.0
    missing_page_fraction: float = 0.004
    gzip: bool = True
    min_page_bytes: int = 30_000
    max_page_bytes: int = 100_000

    def host(self, k: int) -> str:
        """Feed k's loopback address: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 is left alone)."""
        n = k + 2
        return f"127.{n // 62500}.{(n // 250) % 250}.{n % 250}" if n >= 250 else f"127.0.0.{n}"

    def kinds(self) -> list[str]:
        """Per feed: 'ok', 'slow', 'error500', 'drop' or 'refused' (a seeded choice of feeds)."""
        rng = random.Random(f"{self.seed}:trouble")
        order = list(range(self.feeds))
        rng.shuffle(order)
        n_slow = round(self.feeds * self.slow_fraction)
        n_fail = round(self.feeds * self.fail_fraction)
        kinds = ["ok"] * self.feeds
        for k in order[:n_slow]:
            kinds[k] = "slow"
        failures = ("error500", "drop", "refused")
        for j, k in enumerate(order[n_slow : n_slow + n_fail]):
            kinds[k] = failures[j % len(failures)]
        return kinds

    def feed_format(self, k: int) -> str:
        return "atom" if k % 2 else "rss"

    def feed_path(self, k: int) -> str:
        return "/atom.xml" if self.feed_format(k) == "atom" else "/rss.xml"

