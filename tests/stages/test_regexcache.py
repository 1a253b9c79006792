"""bot.regexcache: compiled patterns kept between runs give the same pattern objects, without re's parser."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot import regexcache

ROOT = Path(__file__).resolve().parents[2]
# Long enough that compiling it takes a while; named groups and flags so that every part of an entry counts.
WORDS = [f"w{i}x{i * 7 % 13}" for i in range(600)]
PATTERN = r"(?P<head>\b(?:" + "|".join(WORDS) + r"))\s+(?P<tail>[A-Z]\w+)"

CHILD = r"""
import json, re, sys
from pathlib import Path
from bot import regexcache
parsed = []
original = re._parser.parse
re._parser.parse = lambda *a, **k: parsed.append(1) or original(*a, **k)
regexcache.MIN_SECONDS = 0.0
regexcache.enable(Path(sys.argv[1]))
p = re.compile(sys.argv[2], re.IGNORECASE)
m = p.search(sys.argv[3])
print(json.dumps({"parsed": len(parsed), "groups": p.groups, "index": dict(p.groupindex), "flags": p.flags,
                  "match": m and [m.group("head"), m.group("tail")]}))
"""


@pytest.fixture
def fresh_cache(tmp_path: Path):
    regexcache.disable()
    yield tmp_path
    regexcache.disable()


def _child(folder: Path, text: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", CHILD, str(folder), PATTERN, text], env=env, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout)


def test_a_kept_pattern_is_built_without_parsing_and_behaves_the_same(fresh_cache: Path) -> None:
    text = "we saw W17X2 Quickly here"
    first = _child(fresh_cache, text)  # compiles, keeps it, writes the file at exit
    assert first["parsed"] >= 1
    assert regexcache.cache_file(fresh_cache).is_file()
    second = _child(fresh_cache, text)
    assert second["parsed"] == 0  # built from the kept code
    expected = re.compile(PATTERN, re.IGNORECASE)
    assert second["groups"] == first["groups"] == expected.groups
    assert second["index"] == dict(expected.groupindex)
    assert second["flags"] == expected.flags
    assert second["match"] == first["match"] == ["W17X2", "Quickly"]


def test_in_process_the_cached_object_equals_a_fresh_compile(fresh_cache: Path, monkeypatch) -> None:
    monkeypatch.setattr(regexcache, "MIN_SECONDS", 0.0)
    assert regexcache.enable(fresh_cache)
    re.purge()
    kept = re.compile(PATTERN)
    regexcache._save()
    regexcache.disable()
    assert regexcache.enable(fresh_cache)
    re.purge()
    rebuilt = re.compile(PATTERN)
    assert (PATTERN, 0) in regexcache._state["used"]
    regexcache.disable()
    re.purge()
    assert rebuilt == kept == re.compile(PATTERN)
    assert rebuilt.findall(" ".join(WORDS[::50]) + " Zed") == kept.findall(" ".join(WORDS[::50]) + " Zed")


def test_a_damaged_file_means_compiling_as_usual(fresh_cache: Path, monkeypatch) -> None:
    path = regexcache.cache_file(fresh_cache)
    path.write_bytes(b"\x00not marshal at all")
    monkeypatch.setattr(regexcache, "MIN_SECONDS", 0.0)
    assert regexcache.enable(fresh_cache)
    re.purge()
    assert re.compile(PATTERN).search("x w3x8 Yes").group("tail") == "Yes"
    regexcache._save()
    regexcache.disable()
    assert regexcache.enable(fresh_cache)  # the rewritten file is good
    assert (PATTERN, 0) in regexcache._entries()


def test_a_damaged_entry_is_recompiled(fresh_cache: Path, monkeypatch) -> None:
    monkeypatch.setattr(regexcache, "MIN_SECONDS", 0.0)
    assert regexcache.enable(fresh_cache)
    entries = regexcache._entries()
    flags, code, groups, index, names = 0, [1, 2, 3], 2, {"head": 1, "tail": 2}, (None, "head", "tail")
    entries[(PATTERN, 0)] = marshal.dumps((flags, code, groups, index, names))  # code the engine refuses
    entries[(PATTERN + "|b", 0)] = b"\x00not marshal"
    re.purge()
    assert re.compile(PATTERN).search("x w3x8 Yes").group("tail") == "Yes"
    assert re.compile(PATTERN + "|b").search("x w3x8 Yes").group("tail") == "Yes"
    assert marshal.loads(entries[(PATTERN + "|b", 0)])[2] == 2  # kept anew, whole
    regexcache.disable()


def test_entries_are_read_only_when_their_pattern_is_compiled(fresh_cache: Path, monkeypatch) -> None:
    """Each entry stays marshalled bytes in the loaded file until its own pattern is compiled; a file in the
    old layout (the entries as tuples) is not used, and is written anew."""
    monkeypatch.setattr(regexcache, "MIN_SECONDS", 0.0)
    path = regexcache.cache_file(fresh_cache)
    assert path is not None
    path.write_bytes(marshal.dumps({(PATTERN, 0): (0, [1], 0, {}, (None,))}))
    assert regexcache.enable(fresh_cache)
    assert regexcache._entries() == {}
    re.purge()
    re.compile(PATTERN)
    re.compile(PATTERN + "|other")
    regexcache._save()
    regexcache.disable()
    loaded = marshal.loads(path.read_bytes())
    assert set(loaded) == {(PATTERN, 0), (PATTERN + "|other", 0)}
    assert all(type(v) is bytes for v in loaded.values())
    assert regexcache.enable(fresh_cache)
    re.purge()
    assert re.compile(PATTERN) == re.compile(PATTERN, 0)
    assert regexcache._state["used"] == {(PATTERN, 0)}
    regexcache.disable()


def test_the_command_line_keeps_patterns_and_can_be_told_not_to(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The council approved the new bridge on Monday after a long debate. "
                       "Work starts in May and costs four million pounds. Residents had asked for it for years.\n")
    outputs = []
    for cache, switch in (("on", "1"), ("on", "1"), ("off", "0")):
        env = dict(os.environ, PYTHONPATH=str(ROOT), NEWSDIGEST_CACHE=str(tmp_path / cache),
                   NEWSDIGEST_REGEX_CACHE=switch)
        run = subprocess.run([sys.executable, "-m", "bot", "summarize", "--language", "en", str(article)], env=env,
                             capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2] != ""
    assert regexcache.cache_file(tmp_path / "on").is_file()
    assert regexcache.cache_file(tmp_path / "off") is not None
    assert not regexcache.cache_file(tmp_path / "off").exists()


def test_a_pattern_marshal_cannot_hold_is_compiled_but_not_kept(fresh_cache: Path, monkeypatch) -> None:
    class Text(str):  # (what a parser hands back as text: lxml's results, Markup)
        pass

    monkeypatch.setattr(regexcache, "MIN_SECONDS", 0.0)
    assert regexcache.enable(fresh_cache)
    re.purge()
    assert re.compile(Text(PATTERN)).search("x w3x8 Yes").group("tail") == "Yes"
    re.purge()
    re.compile(PATTERN + "|plain")
    regexcache._save()  # (this raised "unmarshallable object" at exit, leaving an empty temporary file)
    regexcache.disable()
    assert sorted(p.name for p in fresh_cache.iterdir()) == [regexcache.cache_file(fresh_cache).name]
    assert regexcache.enable(fresh_cache)
    assert [key[0] for key in regexcache._entries()] == [PATTERN + "|plain"]
