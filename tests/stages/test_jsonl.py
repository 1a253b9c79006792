"""bot.jsonl with several processes: this process and forked workers share the records over pipes; the
results come out in input order, a worker that dies leaves its records to this process, and an error a
handler raises reaches the caller as it would in one process."""

from __future__ import annotations

import io
import json
import os

import pytest

from bot import jsonl

pytestmark = pytest.mark.skipif(not jsonl._can_fork(), reason="workers are forked only on Linux")

PARENT = os.getpid()


def _records(n: int) -> list[tuple[str, object]]:
    return [(f"line {i + 1}", {"id": i, "text": "x" * (i * 997 % 70_000)}) for i in range(n)]


def _run(handle, records, jobs: int) -> list[dict]:
    out = io.StringIO()
    jsonl.process(iter(records), handle, out, jobs=jobs)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def _echo(where: str, record: dict) -> dict:
    if record["id"] % 11 == 5:
        raise jsonl.RecordError(f"odd record ({where})")
    return {"id": record["id"], "size": len(record["text"]), "here": os.getpid() == PARENT}


def test_the_records_are_shared_and_come_back_in_order():
    records = _records(60)  # texts up to 70 kB: more than a pipe holds, both ways
    one, three = _run(_echo, records, 1), _run(_echo, records, 3)
    assert [{k: v for k, v in r.items() if k != "here"} for r in three] == \
        [{k: v for k, v in r.items() if k != "here"} for r in one]
    assert [r["id"] for r in three] == list(range(60))
    assert sum(r.get("here", False) for r in three) < 60  # the workers did some
    assert three[5] == {"id": 5, "error": "odd record (line 6)"}
    _no_children_left()


def _dies(where: str, record: dict) -> dict:
    if record["id"] >= 3 and os.getpid() != PARENT:
        os._exit(3)  # the worker killed mid-record
    return {"id": record["id"], "here": os.getpid() == PARENT}


def test_a_dead_workers_records_are_handled_here():
    results = _run(_dies, _records(30), 2)
    assert [r["id"] for r in results] == list(range(30))
    assert not results[1]["here"] and all(r["here"] for r in results[3:])  # its first records, then it died
    _no_children_left()


def _raises(where: str, record: dict) -> dict:
    if record["id"] == 12:
        raise RuntimeError(f"bug in {os.getpid() == PARENT}")
    return {"id": record["id"]}


def test_an_unexpected_error_reaches_the_caller():
    with pytest.raises(RuntimeError, match="bug in"):
        _run(_raises, _records(30), 2)
    _no_children_left()


def _children() -> set[int]:
    """This process's child processes, exited-but-not-waited-for ones included (Linux's /proc)."""
    out: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/children") as f:
            out.update(int(pid) for pid in f.read().split())
    return out


@pytest.fixture(autouse=True)
def _children_before():
    global _BEFORE
    _BEFORE = _children()  # (servers other tests of the run started are this process's children too)
    yield


_BEFORE: set[int] = set()


def _no_children_left() -> None:
    assert _children() <= _BEFORE  # every worker ended and was waited for


class _Lines(io.StringIO):
    """Output that the producer below can wait on."""

    def __init__(self) -> None:
        super().__init__()
        import threading

        self.changed = threading.Condition()

    def write(self, text: str) -> int:
        with self.changed:
            written = super().write(text)
            self.changed.notify_all()
        return written

    def wait_for(self, lines: int) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.getvalue().count("\n") >= lines, timeout=10)


def test_a_slow_producer_gets_each_result_before_it_sends_the_next():
    out = _Lines()
    waited: list[bool] = []

    def records():  # a producer that waits for each answer, as an interactive pipe would
        for i in range(6):
            yield f"line {i + 1}", {"id": i, "text": "x"}
            waited.append(out.wait_for(i + 1))

    jsonl.process(records(), _echo, out, jobs=2)
    assert [json.loads(line)["id"] for line in out.getvalue().splitlines()] == list(range(6))
    assert all(waited)  # every answer came while the input was still waiting, none only at its end
    _no_children_left()
