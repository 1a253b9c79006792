"""The shape of ``bot/`` (docs/architecture.md): imports follow the data flow, modules stay small, every
package ships in the wheel, and every module is named in the architecture document.

Imports are read with ``ast`` from every module, at module level and inside functions alike (a lazy import
is still a dependency), so nothing is imported to check them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
BOT = PROJECT / "bot"

# The data flow, in order: a stage may import the stages before it, never one after it.
STAGES = ["fetch", "extract", "summarise", "group", "render", "deliver"]
# Leaves import no stage and nothing above them; any module may use them. ``bot`` itself is the package root
# (``__version__``); ``demo_corpus`` is the demo's sample data.
LEAVES = {"bot", "models", "errors", "urls", "keywords", "language", "text", "jsonl", "schedules", "demo_corpus",
          "feedrefs", "locations", "opml", "starter", "config_errors", "config_yaml", "regexcache"}
# Underneath the stages: configuration, the database, the process pool. Each imports only leaves.
BASE = {"config", "store", "workers"}
# The orchestration on top: these may import anything.
ORCHESTRATION = {"pipeline", "stories", "articles", "outbox", "app", "commands", "cli", "scheduler", "demo", "__main__",
                 "queue"}  # queue: the article work as tasks on a broker, around pipeline

MAX_LINES = 450


def allowed(part: str) -> set[str] | None:
    """What the part of ``bot`` named ``part`` may import (None: anything)."""
    if part in ORCHESTRATION:
        return None
    if part in STAGES:
        return LEAVES | {"config"} | set(STAGES[: STAGES.index(part) + 1])
    return LEAVES | {part}


def modules() -> list[Path]:
    return sorted(p for p in BOT.rglob("*.py") if "__pycache__" not in p.parts)


def part_of(path: Path) -> str:
    """The top-level part of ``bot`` a file belongs to: ``bot/store/feeds.py`` → ``store``."""
    rel = path.relative_to(BOT)
    if len(rel.parts) > 1:
        return rel.parts[0]
    return "bot" if rel.stem == "__init__" else rel.stem


def imported_parts(path: Path, source: str | None = None) -> set[str]:
    """The parts of ``bot`` a module imports, wherever in the module the import stands."""
    package = path.relative_to(PROJECT).with_suffix("").parts[:-1]  # for __init__.py: the package itself
    found: set[str] = set()

    def add(dotted: str, names: list[str]) -> None:
        pieces = dotted.split(".")
        if pieces[0] != "bot":
            return
        if len(pieces) > 1:
            found.add(pieces[1])
        else:  # from bot import x: x is a part when it is a module or package of bot
            found.update(n if (BOT / f"{n}.py").exists() or (BOT / n).is_dir() else "bot" for n in names)

    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, [])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - (node.level - 1)])
                dotted = ".".join(base + ([node.module] if node.module else []))
            else:
                dotted = node.module or ""
            add(dotted, [a.name for a in node.names])
    return found


def test_every_part_of_bot_has_a_place_in_the_data_flow():
    known = set(STAGES) | LEAVES | BASE | ORCHESTRATION
    unplaced = sorted({part_of(p) for p in modules()} - known)
    assert not unplaced, f"new parts of bot/ without a place in tests/stages/test_layout.py and docs/architecture.md: {unplaced}"


def test_no_module_imports_a_stage_after_it_or_anything_above_it():
    wrong = []
    for path in modules():
        part = part_of(path)
        ok = allowed(part)
        if ok is None:
            continue
        for target in sorted(imported_parts(path) - ok):
            wrong.append(f"{path.relative_to(PROJECT)} ({part}) imports bot.{target}")
    assert not wrong, "imports against the data flow (see docs/architecture.md):\n" + "\n".join(wrong)


def test_the_import_reader_sees_lazy_relative_and_package_imports():
    source = ("from . import cluster\nfrom ..render import render\nfrom bot import __version__, fetch\n"
              "def later():\n    import bot.deliver\n")
    assert imported_parts(BOT / "group" / "x.py", source) == {"group", "render", "bot", "fetch", "deliver"}


def clock_reads(path: Path) -> list[str]:
    """Calls that read the wall clock: ``datetime.now()``, ``datetime.utcnow()``, ``date.today()``, ``time.time()``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if (name, node.func.attr) in {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}:
                found.append(f"{path.relative_to(PROJECT)}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_time_comes_in_as_now_below_the_orchestration():
    # The one exception: the store records when a migration was applied.
    reads = [r for p in modules() if allowed(part_of(p)) is not None and p != BOT / "store" / "schema.py"
             for r in clock_reads(p)]
    assert not reads, "the clock read below the commands and the daemon; pass `now` in instead:\n" + "\n".join(reads)
    assert clock_reads(BOT / "commands" / "status.py")  # the reader does see them


def test_no_file_in_bot_is_over_450_lines():
    # The demo's sample pages (demo_corpus/site) are data, not code.
    files = [p for p in BOT.rglob("*") if p.is_file() and "__pycache__" not in p.parts
             and "site" not in p.relative_to(BOT).parts]
    long = {str(p.relative_to(PROJECT)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"over {MAX_LINES} lines; split along its concerns: {long}"


def test_every_package_of_bot_ships_in_the_wheel():
    tomllib = pytest.importorskip("tomllib")
    setuptools = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    packages = {".".join(p.parent.relative_to(PROJECT).parts) for p in BOT.rglob("__init__.py")}
    assert not packages - listed, f"missing from [tool.setuptools] packages in pyproject.toml: {sorted(packages - listed)}"
    dirs = setuptools.get("package-dir", {})
    gone = [name for name in listed if not (PROJECT / dirs.get(name, name.replace(".", "/"))).is_dir()]
    assert not gone, f"listed in pyproject.toml but not in the checkout: {gone}"


def test_every_module_is_named_in_the_architecture_document():
    doc = (PROJECT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in modules():
        rel = path.relative_to(BOT)
        name = f"{rel.parent.as_posix()}/" if rel.name == "__init__.py" and rel.parent.parts else rel.as_posix()
        if f"`{name}`" not in doc and f"`bot/{name}`" not in doc:
            missing.append(name)
    assert not missing, f"docs/architecture.md has no line for: {missing}"
