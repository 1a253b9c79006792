"""JSON lines in and out, for the scripting commands (summarize, extract, group).

One output line per input line, in order; a bad line becomes ``{"id", "error"}`` and the rest
go on, so one broken record never costs a whole batch. Records that stand alone (summarize,
extract) can be handled by several processes at once (``jobs``): the first record is handled
here, which loads and warms what every record needs, then this process and ``jobs - 1`` forked
workers, which inherit it, share the rest over pipes; output stays in input order and streams
as it comes.
"""

from __future__ import annotations

import json
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO


class RecordError(ValueError):
    """A record the command cannot use; its message goes into the output line's ``error``."""


def read_records(paths: Iterable[str], stdin: TextIO | None = None) -> Iterator[tuple[str, Any]]:
    """(where, record or exception) for every non-blank line of the files, or stdin for none or '-'."""
    names = list(paths) or ["-"]
    for name in names:
        stream = (stdin or sys.stdin) if name == "-" else Path(name).open(encoding="utf-8")
        label = "stdin" if name == "-" else name
        try:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                where = f"{label}, line {number}"
                try:
                    yield where, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield where, RecordError(f"not valid JSON ({where}): {exc.msg} at column {exc.colno}")
        finally:
            if stream is not (stdin or sys.stdin):
                stream.close()


Types = dict[str, type | tuple[type, ...]]


def require(record: Any, where: str, fields: Types, optional: Types | None = None) -> dict[str, Any]:
    """Check a record's fields and types; raise RecordError naming the field and the line."""
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object ({where})")
    for name, kind in fields.items():
        if name not in record:
            raise RecordError(f"missing field {name!r} ({where})")
        if not isinstance(record[name], kind):
            raise RecordError(f"field {name!r} has the wrong type ({where})")
    for name, kind in (optional or {}).items():
        if record.get(name) is not None and not isinstance(record[name], kind):
            raise RecordError(f"field {name!r} has the wrong type ({where})")
    return record


def record_id(record: Any) -> Any:
    return record.get("id") if isinstance(record, dict) else None


def process(records: Iterable[tuple[str, Any]], handle: Callable[[str, Any], dict[str, Any]], out: TextIO,
            jobs: int = 1) -> int:
    """Write handle(where, record) per record; errors become {"id", "error"}. Returns how many failed.

    With ``jobs`` > 1 (and where processes can be forked), records after the first are shared by
    this process and ``jobs - 1`` forked workers; ``handle`` must then need nothing but its record.
    """
    failed = 0
    lines = _handled(records, handle, jobs if _can_fork() else 1)
    for line in lines:
        failed += "error" in line
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
    return failed


def default_jobs() -> int:
    """Worker processes for ``--jobs``' default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _can_fork() -> bool:
    # Forking is safe only where it is the platform's own way (Linux); elsewhere one process does all.
    return sys.platform.startswith("linux") and hasattr(os, "fork")


_HANDLE: Callable[[str, Any], dict[str, Any]] | None = None  # what a forked worker runs (see _handled)


def _one(item: tuple[str, Any]) -> dict[str, Any]:
    where, record = item
    if isinstance(record, Exception):
        return {"id": None, "error": str(record)}
    assert _HANDLE is not None
    try:
        return _HANDLE(where, record)
    except (RecordError, ValueError) as exc:
        return {"id": record_id(record), "error": str(exc)}


def _handled(records: Iterable[tuple[str, Any]], handle: Callable[[str, Any], dict[str, Any]],
             jobs: int) -> Iterator[dict[str, Any]]:
    global _HANDLE
    _HANDLE = handle
    items = iter(records)
    for item in items:  # the first one here: it loads the models and rules the workers inherit
        yield _one(item)
        break
    if jobs <= 1:
        yield from map(_one, items)
        return
    yield from _shared(items, jobs - 1)


#: Records a worker holds at most: the one it works on and the next, so it never waits for this process.
_AHEAD = 2
_HEADER = 4  # bytes of a message's length, before its pickle


def _shared(items: Iterator[tuple[str, Any]], children: int) -> Iterator[dict[str, Any]]:
    """Results of ``_one`` per item, in order, by this process and ``children`` forked workers.

    A record goes to a worker with room (see _AHEAD), else this process handles it itself, so
    ``--jobs N`` is N processes at work. Tasks and results travel as length-prefixed pickles over
    pipes; this side never blocks on a write (a worker's full result pipe cannot stall it). The
    input is read by a thread, so a slow producer never holds back results already in (a stream
    flows line by line). Lighter than multiprocessing.Pool, whose import and start-up took 15-30 ms
    here (ten summaries' time). A worker that dies leaves its records to this process.
    """
    import queue
    import threading

    workers: list[_Worker] = []
    inbox: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
    wake_in, wake_out = os.pipe()  # a byte per record read, so that waiting on the workers wakes for it
    os.set_blocking(wake_out, False)
    reader: threading.Thread | None = None
    try:
        for _ in range(children):
            workers.append(_Worker(workers))  # (forked before the reading thread starts)
        reader = threading.Thread(target=_read_into, args=(items, inbox, wake_out), name="jsonl-reader", daemon=True)
        reader.start()
        order: deque[_Worker | dict[str, Any]] = deque()  # per record: its result, or the worker that has it
        reading = True
        while reading or order:
            while reading:  # every record read so far
                try:
                    ok, item = inbox.get_nowait()
                except queue.Empty:
                    break
                if not ok:
                    raise item
                if item is _END:
                    reading = False
                    for worker in workers:
                        worker.finish()
                    break
                _pump(workers, block=False, wake=wake_in)
                yield from _ready(order)
                free = [w for w in workers if w.alive and len(w.sent) < _AHEAD]
                if free:
                    worker = min(free, key=lambda w: len(w.sent))
                    worker.send(item)
                    order.append(worker)
                else:
                    order.append(_one(item))
            yield from _ready(order)
            if reading or order:
                _pump(workers, block=True, wake=wake_in if reading else None)
        reader.join()  # (it has sent _END: only returning is left)
    finally:
        for worker in workers:
            worker.stop()
        if reader is None or not reader.is_alive():  # (a reader still at work may yet write to the pipe)
            os.close(wake_in)
            os.close(wake_out)


_END = object()  # the reading thread's last message


def _read_into(items: Iterator[tuple[str, Any]], inbox: Any, wake: int) -> None:
    """The reading thread: every record into ``inbox`` (then _END, or the exception reading raised)."""
    try:
        for item in items:
            inbox.put((True, item))
            _nudge(wake)
        inbox.put((True, _END))
    except BaseException as exc:  # raised where the records are used, as without a thread
        inbox.put((False, exc))
    _nudge(wake)


def _nudge(wake: int) -> None:
    try:
        os.write(wake, b".")
    except OSError:  # full (there is a byte to wake on already), or this side has stopped
        pass


def _ready(order: deque[Any]) -> Iterator[dict[str, Any]]:
    """The results at the head of ``order`` that are in (a dead worker's records handled here)."""
    while order:
        head = order[0]
        if isinstance(head, dict):
            yield order.popleft()
        elif head.results:
            order.popleft()
            ok, result = head.results.popleft()
            if not ok:
                raise result
            yield result
        elif not head.alive:
            order.popleft()
            yield _one(head.sent.popleft())
        else:
            return


def _pump(workers: list[_Worker], block: bool, wake: int | None = None) -> None:
    """Write what the workers can take and read what they have sent; wait for something if ``block``
    (or for a byte on ``wake``: a record read)."""
    import select

    readers = [w.results_fd for w in workers if w.alive] + ([] if wake is None else [wake])
    writers = [w.tasks_fd for w in workers if w.alive and w.outgoing and w.tasks_fd is not None]
    if not readers and not writers:
        return
    readable, writable, _ = select.select(readers, writers, [], None if block else 0)
    if wake is not None and wake in readable:
        os.read(wake, 1 << 16)
    for worker in workers:
        if worker.tasks_fd in writable:
            worker.write()
        if worker.results_fd in readable:
            worker.read()


class _Worker:
    """A forked process running ``_one`` on the records sent to it, results back in the same order."""

    def __init__(self, others: list[_Worker]):
        self.sent: deque[tuple[str, Any]] = deque()  # records sent, results not yet in
        self.results: deque[tuple[bool, Any]] = deque()
        self.outgoing = bytearray()
        self.incoming = bytearray()
        tasks_in, tasks_out = os.pipe()
        results_in, results_out = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the worker
            for other in others:
                other.close()
            os.close(tasks_out)
            os.close(results_in)
            _serve(tasks_in, results_out)
        os.close(tasks_in)
        os.close(results_out)
        self.tasks_fd: int | None = tasks_out
        self.results_fd = results_in
        os.set_blocking(tasks_out, False)
        self.alive = True

    def send(self, item: tuple[str, Any]) -> None:
        import pickle

        self.sent.append(item)
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        self.outgoing += len(data).to_bytes(_HEADER, "big") + data
        self.write()

    def write(self) -> None:
        if self.tasks_fd is None or not self.outgoing:
            return
        try:
            written = os.write(self.tasks_fd, self.outgoing)
        except BlockingIOError:
            return
        except OSError:  # it has gone: what it held is handled here
            self.alive = False
            return
        del self.outgoing[:written]

    def read(self) -> None:
        import pickle

        data = os.read(self.results_fd, 1 << 16)
        if not data:
            self.alive = False
            return
        self.incoming += data
        while len(self.incoming) >= _HEADER:
            size = int.from_bytes(self.incoming[:_HEADER], "big")
            if len(self.incoming) < _HEADER + size:
                break
            self.results.append(pickle.loads(self.incoming[_HEADER:_HEADER + size]))
            del self.incoming[:_HEADER + size]
            self.sent.popleft()

    def finish(self) -> None:
        """No more records: the worker ends once it has sent what it holds."""
        while self.alive and self.outgoing:
            _pump([self], block=True)
        self._close_tasks()

    def _close_tasks(self) -> None:
        if self.tasks_fd is not None:
            os.close(self.tasks_fd)
            self.tasks_fd = None

    def close(self) -> None:
        """This process's ends of the pipes (in a worker forked later, which must not hold them)."""
        self._close_tasks()
        os.close(self.results_fd)

    def stop(self) -> None:
        if self.alive and (self.sent or self.outgoing):  # left early (an error, a closed stdout)
            import signal

            os.kill(self.pid, signal.SIGTERM)
        self.close()
        os.waitpid(self.pid, 0)


def _serve(tasks: int, results: int) -> None:
    """A worker's loop: read a record, write ``_one``'s result (or the exception it raised); end at EOF."""
    import pickle

    status = 0
    try:
        with os.fdopen(tasks, "rb") as reader, os.fdopen(results, "wb") as writer:
            while header := reader.read(_HEADER):
                item = pickle.loads(reader.read(int.from_bytes(header, "big")))
                try:
                    answer: tuple[bool, Any] = (True, _one(item))
                except Exception as exc:  # raised in the parent, as in one process
                    answer = (False, exc)
                data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
                writer.write(len(data).to_bytes(_HEADER, "big") + data)
                writer.flush()
    except BaseException:  # interrupted, or this side has gone: nothing to report
        status = 1
    os._exit(status)  # never the parent's exit handlers, nor its unflushed output
