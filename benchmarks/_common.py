"""What every benchmark shares: where the evaluation data is, the clean "no data" exit, timing.

The evaluation data lives next to the repository, in ``../shared/data``; a fresh clone has
none, and then a benchmark says so and exits 0.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"


def data_path(*parts: str) -> Path:
    """A file or folder of the shared evaluation data (it may not exist)."""
    return DATA.joinpath(*parts)


def no_data(message: str) -> int:
    """Print why there is nothing to measure; the exit status of a benchmark without data (0)."""
    print(message)
    return 0


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run_times(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall seconds of each of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def machine_load() -> str:
    """The machine's load at start, printed beside the figures: a shared machine makes them pessimistic."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "machine load: unknown"
    return f"machine load at start: {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} CPUs"


def iso_date(value: str | None) -> datetime | None:
    """An ISO 8601 date of the data sets as an aware datetime (UTC when it names no zone); None if absent or bad."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
