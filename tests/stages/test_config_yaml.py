"""bot.config_yaml: libyaml's reading of a config is what the pure-Python reader made (nodes, lines, data,
errors), on every config the project ships, on configs the benchmark and the demo write, and on broken ones."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import parse_config
from bot.config_yaml import read_yaml
from bot.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]
needs_libyaml = pytest.mark.skipif(getattr(yaml, "CSafeLoader", None) is None, reason="PyYAML built without libyaml")


def shape(node: Any) -> Any:
    """A node tree as plain values: tag, where it starts and ends, and its value."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.MappingNode):
        value: Any = [(shape(k), shape(v)) for k, v in node.value]
    elif isinstance(node, yaml.SequenceNode):
        value = [shape(v) for v in node.value]
    else:
        value = (node.value, node.style or None)  # (a plain scalar's style: None in Python, "" from libyaml)
    return type(node).__name__, node.tag, marks, value


def shipped_texts() -> list[str]:
    from benchmarks.support.runs import config_text
    from bot.commands.init import starter_config
    from bot.demo import demo_config_text

    texts = [(PROJECT / "config.yaml").read_text(encoding="utf-8"), demo_config_text("http://127.0.0.1:8000")]
    urls = [f"http://127.0.0.1:{8000 + i}/feed/{i}.xml" for i in range(40)]
    texts.append(config_text(urls, [f'Feed "{i}" — ü' for i in range(40)], {"timeout": 10.0, "concurrency": 8}))
    args = Namespace(opml=None, feed=["https://a.example/rss", "https://b.example/feed"], email="me@example.org",
                     smtp="smtp.example.org:587", smtp_security=None, notify=["ntfys://ntfy.sh/x"],
                     schedule="daily at 07:00", timezone="Europe/Lisbon")
    texts.append(starter_config(args, PROJECT / "tmp-home"))
    return texts


ODD = [
    "",
    "# only a comment\n",
    "feeds: []\n",
    "feeds:\n  - &a https://a.example/rss\nprofiles:\n  p:\n    feeds: [*a]\n",
    "feeds: [https://a.b/c]\nretention: 7d\nwhen: 2024-01-02\nn: 0x1F\nf: .5\nyes: no\nnull: ~\n",
    "feeds:\n  - url: 'https://a.example/rss'\n    name: \"A \\u00e9 \\t b\"\n    folder: |\n      x\n      y\n",
    "feeds:\n- url: https://a.example/rss\n  name: >-\n    folded\n    text\n\n",
    "\ufefffeeds: [https://a.b/c]\n",
    "feeds: !!str 12\n",
]

BROKEN = [
    "? [a, b]\n: c\n",
    "feeds:\n  - [unclosed\n",
    "feeds: [a\n",
    "feeds:\n\t- a\n",
    "a: b: c\n",
    "feeds: *nowhere\n",
    "---\na: 1\n---\nb: 2\n",
    "feeds: [a]\n  bad indent: 1\n",
    "a: 'unterminated\n",
    "a: \"\\q\"\n",
    "a: \x07\n",
    "{a: 1, a: 2, [x]: 3}\n",
    "x: !!python/object:os.system echo\n",
]


def plain(text: str) -> tuple[Any, Any]:
    """What parse_config did before: the text parsed twice by the pure-Python reader."""
    return yaml.compose(text), yaml.safe_load(text)


@pytest.mark.parametrize("text", shipped_texts() + ODD)
def test_the_same_nodes_and_data(text):
    node, data = read_yaml(text)
    old_node, old_data = plain(text)
    assert data == old_data and type(data) is type(old_data)
    assert shape(node) == shape(old_node)
    assert read_yaml(text, fast=False)[1] == old_data


@pytest.mark.parametrize("text", BROKEN)
def test_the_same_errors(text):
    with pytest.raises(yaml.YAMLError) as old:
        plain(text)
    with pytest.raises(yaml.YAMLError) as new:
        read_yaml(text)
    assert type(new.value) is type(old.value) and str(new.value) == str(old.value)
    with pytest.raises(ConfigError) as shown:
        parse_config(text, "my.yaml")
    assert "my.yaml" in str(shown.value)


def test_a_value_the_constructor_refuses_fails_as_before():
    text = "when: !!timestamp 2024-13-45\n"  # (not a YAMLError: datetime's ValueError, from either reader)
    with pytest.raises(ValueError) as old:
        plain(text)
    with pytest.raises(ValueError) as new:
        read_yaml(text)
    assert str(new.value) == str(old.value)


@needs_libyaml
def test_a_good_config_never_reaches_the_pure_python_reader(monkeypatch):
    class Refuse:
        def __init__(self, _text: str):
            raise AssertionError("the pure-Python reader was used")

    text = shipped_texts()[2]
    expected = plain(text)[1]
    monkeypatch.setattr(yaml, "SafeLoader", Refuse)
    assert read_yaml(text)[1] == expected
    with pytest.raises(AssertionError):
        read_yaml(BROKEN[0])  # a mistake is read again by the pure-Python reader, for its words and line


def test_config_errors_keep_their_lines():
    with pytest.raises(ConfigError) as err:
        parse_config("feeds:\n  - url: https://a.b/c\n    name: A\nprofiles:\n  m:\n    feeds: [A, B]\n", "my.yaml")
    assert "line 6" in str(err.value)
