"""Racers: processes that open one state file at the same moment and make a digest from it, round after round.

Each racer is its own process (``python tests/support/racers.py``), over real SQLite files. :func:`race`
starts them, waits until each has loaded the store, then for each round writes the round's line to every
racer at once (they sit blocked in ``readline``, so they wake together) and reads one answer from each.

A round is a first run, as ``digest`` makes it, on the file the line names: open it (making it when it
is not there), record one feed's three items, then, under the profile's digest lock, take what is new
and record it delivered. The answer is ``ok`` and the items this racer showed, or the error it met.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

ITEMS = 3
PROFILE = "default"
#: How far ahead of sending a round its racers are told to start it (they all have the line by then).
START_S = 0.02


@dataclass
class Answer:
    error: str | None
    shown: list[str]


def race(racers: int, files: list[Path], timeout: float = 120) -> list[list[Answer]]:
    """Every racer on each file in turn: one list of answers per round."""
    procs = [subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              bufsize=1) for _ in range(racers)]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        rounds = []
        for number, path in enumerate(files):
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write(f"{number} {time.time() + START_S!r} {path}\n")
            for proc in procs:
                proc.stdin.flush()  # type: ignore[union-attr]
            rounds.append([_answer(proc.stdout.readline()) for proc in procs])  # type: ignore[union-attr]
        return rounds
    finally:
        for proc in procs:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in procs:
            proc.wait(timeout=timeout)


def _answer(line: str) -> Answer:
    word, _, rest = line.rstrip("\n").partition(" ")
    if word == "ok":
        return Answer(None, rest.split(",") if rest else [])
    return Answer(rest or f"no answer ({line!r})", [])


def _first_run(number: int, path: str) -> list[str]:
    from bot.models import Entry, FeedResult, FeedSource
    from bot.store import DigestLock, open_store

    now = datetime.now(timezone.utc)
    url = f"http://127.0.0.1:9/feed-{number}.xml"  # never fetched: the racers store what a fetch would bring
    items = [Entry(feed_url=url, guid=f"{number}-{n}", link=f"http://127.0.0.1:9/{number}/{n}", title=f"Item {n}",
                   content=f"Item {n} of round {number}.", content_is_html=False, published=now - timedelta(minutes=n))
             for n in range(1, ITEMS + 1)]
    store = open_store(f"sqlite:///{path}")
    try:
        store.record_fetches([FeedResult(source=FeedSource(url), entries=items, title="Racing", status=200)], now)
        with DigestLock(store, PROFILE):
            new = store.undelivered(PROFILE, [url], None)
            store.record_digest(PROFILE, now, None, [e.id for e in new], len(new))
        return [e.guid or "" for e in new]
    finally:
        store.close()


def main() -> None:
    from bot.errors import StoreError
    from bot.store import open_store  # noqa: F401 - loaded before the first round, as a digest has by then

    print("ready", flush=True)
    for line in sys.stdin:
        number, start, path = line.split(maxsplit=2)
        while time.time() < float(start):  # every racer on its way at one moment (a spin: a sleep wakes late)
            pass
        try:
            shown = _first_run(int(number), path.strip())
        except StoreError as exc:
            print(f"error {exc}".replace("\n", " "), flush=True)
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            print(f"error {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
        else:
            print("ok " + ",".join(shown), flush=True)


if __name__ == "__main__":
    main()
