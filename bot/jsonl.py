"""JSON lines in and out, for the scripting commands (summarize, extract, group).

One output line per input line, in order; a bad line becomes ``{"id", "error"}`` and the rest
go on, so one broken record never costs a whole batch. Records that stand alone (summarize,
extract) can be handled by several processes at once (``jobs``): the first record is handled
here, which loads and warms what every record needs, then forked workers, which inherit it,
take the rest; output stays in input order and streams as it comes.
"""

from __future__ import annotations

import json
import os
import sys
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

    With ``jobs`` > 1 (and where processes can be forked), records after the first are handled by
    that many worker processes; ``handle`` must then need nothing but its record.
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
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


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
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        # Small chunks keep a stream responsive and both workers busy to the last record.
        yield from pool.imap(_one, items, chunksize=4)
