"""JSON lines in and out, for the scripting commands (summarize, extract, group).

One output line per input line, in order; a bad line becomes ``{"id", "error"}`` and the rest
go on, so one broken record never costs a whole batch.
"""

from __future__ import annotations

import json
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


def process(records: Iterable[tuple[str, Any]], handle: Callable[[str, Any], dict[str, Any]], out: TextIO) -> int:
    """Write handle(where, record) per record; errors become {"id", "error"}. Returns how many failed."""
    failed = 0
    for where, record in records:
        if isinstance(record, Exception):
            line: dict[str, Any] = {"id": None, "error": str(record)}
        else:
            try:
                line = handle(where, record)
            except (RecordError, ValueError) as exc:
                line = {"id": record_id(record), "error": str(exc)}
        failed += "error" in line
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
    return failed
