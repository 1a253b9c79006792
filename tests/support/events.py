"""Made-up articles for grouping tests: a few events, each told in several towns by several outlets."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from bot.models import Article

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
PLACES = "Ashvale Pellon Merrow Tarnby Hollins Quarrick Dunmore Felsby".split()
EVENTS = [
    ("council approves bridge", "The council voted to approve the new bridge across the harbour after a long debate."),
    ("storm warning issued", "Forecasters issued a gale warning as the storm moved towards the coast overnight."),
    ("rail strike announced", "Rail workers announced a two-day strike over pay, disrupting services across the region."),
    ("factory to close", "The owners said the factory would close next year with the loss of several hundred jobs."),
    ("library reopens", "The library reopened after a refurbishment that added a children's wing and a cafe."),
]


def articles(n: int, seed: int = 7, hours: float = 72) -> list[Article]:
    """``n`` articles cycling through EVENTS, each in a random town, published within ``hours`` of T0."""
    rng = random.Random(seed)
    out = []
    for k in range(n):
        title, text = EVENTS[k % len(EVENTS)]
        place = rng.choice(PLACES)
        extra = " ".join(rng.sample(text.split(), 6))
        out.append(Article(entry_id=k + 1, title=f"{place} {title}", link=f"https://outlet{k % 7}.example/{k}",
                           source=f"Outlet {k % 7}", published=T0 + timedelta(hours=rng.uniform(0, hours)),
                           text=f"{place}: {text} {extra}. Officials in {place} said more would follow.", summary=[]))
    return out
