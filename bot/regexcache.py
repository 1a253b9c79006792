"""Compiled regular expressions kept between runs: the rulebooks' patterns cost nothing to compile twice.

Python compiles a pattern in two pure-Python steps (parsing it, then emitting the engine's code) and hands
the code to ``_sre.compile``; the rulebooks' alternations (bot.text.boilerplate, bot.summarise.screen ...)
are a few hundred patterns, some thousands of characters long, and compiling them was most of what one
``summarize`` spends before its first sentence (about 0.17 s of 0.25 s here). The engine's code is plain
integers: kept in the cache directory (``marshal``, data only), the next run builds the same pattern
object from it in microseconds.

Safe by construction: a pattern is cached only after the object built from the kept code compares equal to
the one ``re`` compiled (``Pattern.__eq__`` compares flags, pattern and code), the file is named after the
interpreter's cache tag and the engine's ``MAGIC`` (another Python never reads it), and ``_sre.compile``
validates code it is given; anything unexpected (a damaged file, a missing private hook) means compiling
as usual. Each entry is kept as its own marshalled bytes, read into integers only when its pattern is
compiled: a command that needs a few dozen of the file's patterns (a `digest`: SQLAlchemy's, pydantic's)
does not pay for reading all the rulebooks' (the whole file as integers was ~50 ms there). Only patterns
that took a while to compile are kept (dynamic few-character patterns would only grow the file), at most
``LIMIT`` of them. ``enable()`` is called by the command line, not on import.
"""

from __future__ import annotations

import atexit
import logging
import marshal
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Patterns whose compiling takes less than this are not worth a cache entry.
MIN_SECONDS = 0.0003
#: The file's layout, in its name: 2 = each entry its own marshalled bytes (1, unnamed: whole tuples).
#: Another layout's file is left alone, so two installed versions never rewrite each other's.
LAYOUT = 2
#: Most entries kept in the file (a new release's changed rules replace the old ones; see _save).
LIMIT = 2000

_state: dict[str, Any] = {}


def _hooks() -> tuple[Any, Any, Any] | None:
    """(re's compile step, its parser, the engine) where this Python has them as CPython 3.11+ does."""
    try:
        import _sre  # type: ignore[import-not-found]
        compiler = re._compiler  # type: ignore[attr-defined]
        parser = re._parser  # type: ignore[attr-defined]
        if callable(compiler.compile) and callable(compiler._code) and callable(parser.parse):
            return compiler, parser, _sre
    except (ImportError, AttributeError):
        pass
    return None


def cache_file(folder: Path) -> Path | None:
    hooks = _hooks()
    if hooks is None:
        return None
    return folder / f"regex-{sys.implementation.cache_tag}-{hooks[2].MAGIC}-{LAYOUT}.marshal"


def enable(folder: Path) -> bool:
    """Route ``re``'s compiling through the cache kept in ``folder``; False where this Python cannot.
    The file is read at the first pattern compiled and written at exit if new patterns were kept."""
    if _state.get("enabled"):
        return True
    hooks = _hooks()
    path = cache_file(folder)
    if hooks is None or path is None:
        return False
    compiler, parser, sre = hooks
    original = compiler.compile
    _state.update(enabled=True, path=path, original=original, entries=None, used=set(), dirty=False)

    def compile_cached(p: Any, flags: int = 0) -> Any:
        if type(p) not in (str, bytes) or flags & re.DEBUG:  # (a str subclass, e.g. Markup, marshal cannot keep)
            return original(p, flags)
        entries = _entries()
        key = (p, int(flags))
        entry = entries.get(key)
        if entry is not None:
            try:
                pattern = sre.compile(p, *marshal.loads(entry))
                _state["used"].add(key)
                return pattern
            except Exception:  # noqa: BLE001 - a damaged entry: compile as usual and replace it
                entries.pop(key, None)
        start = time.perf_counter()
        pattern = original(p, flags)
        if time.perf_counter() - start >= MIN_SECONDS and len(entries) < LIMIT:
            _keep(key, pattern, compiler, parser, sre, entries)
        return pattern

    compiler.compile = compile_cached
    atexit.register(_save)
    return True


def disable() -> None:
    """Undo enable() (tests): re compiles as usual again; nothing more is written."""
    if _state.get("enabled"):
        re._compiler.compile = _state["original"]  # type: ignore[attr-defined]
        atexit.unregister(_save)
    _state.clear()


def _entries() -> dict[tuple[Any, int], bytes]:
    """(pattern, flags) → the marshalled entry (flags, code, groups, groupindex, names), for sre.compile."""
    entries = _state["entries"]
    if entries is None:
        entries = {}
        try:
            with open(_state["path"], "rb") as f:
                loaded = marshal.load(f)
            if isinstance(loaded, dict) and all(type(v) is bytes for v in loaded.values()):
                entries = loaded  # (a file of another layout is written anew)
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no file yet, or a damaged one: start afresh
        _state["entries"] = entries
    return entries


def _keep(key: tuple[Any, int], pattern: re.Pattern, compiler: Any, parser: Any, sre: Any,
          entries: dict[tuple[Any, int], bytes]) -> None:
    """Keep the engine's code for ``pattern`` if an object built from it is the same pattern."""
    try:
        code = [int(op) for op in compiler._code(parser.parse(key[0], key[1]), key[1])]
        names: list[str | None] = [None] * (pattern.groups + 1)
        for name, index in pattern.groupindex.items():
            names[index] = name
        entry = (int(pattern.flags), code, pattern.groups, dict(pattern.groupindex), tuple(names))
        if sre.compile(key[0], *entry) != pattern:
            return
        marshal.dumps(key)  # (what the file cannot hold is not kept)
        kept = marshal.dumps(entry)
    except Exception:  # noqa: BLE001 - whatever this Python does differently: just don't cache this one
        return
    entries[key] = kept
    _state["used"].add(key)
    _state["dirty"] = True


def _save() -> None:
    if not _state.get("dirty"):
        return
    entries = _state["entries"]
    if len(entries) >= LIMIT:  # full: keep what this run used (old releases' rules drop out)
        entries = {key: entries[key] for key in _state["used"] if key in entries}
    path: Path = _state["path"]
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            marshal.dump(entries, f)
        os.replace(tmp, path)
    except (OSError, ValueError) as exc:  # a read-only cache directory only costs time
        log.debug("regular-expression cache not written to %s: %s", path, exc)
        try:
            tmp.unlink()
        except OSError:
            pass
    _state["dirty"] = False
