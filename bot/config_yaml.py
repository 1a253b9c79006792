"""A config file's YAML read once: the node tree (lines for error messages) and the data built from it.

PyYAML's pure-Python scanner and parser cost ~0.5 ms a feed (0.2-0.5 s for 200 feeds, before a
digest whose feeds all answer 304 has fetched anything), and the text used to be parsed twice, once
for the nodes and once for the data. libyaml's parser (``yaml.CSafeLoader``, when PyYAML was built
with it) makes the same nodes, marks included, at a few per cent of that, and the data is built
from those nodes by the same constructor ``yaml.safe_load`` uses. Text libyaml will not read is read
again by the pure-Python parser, so a mistake is reported in the words and at the line it always was
(tests/stages/test_config_yaml.py compares both readers on every config the project ships and on
broken ones).
"""

from __future__ import annotations

from typing import Any


def read_yaml(text: str, fast: bool = True) -> tuple[Any, Any]:
    """``(yaml.compose(text), yaml.safe_load(text))``, parsing once; raises ``yaml.YAMLError`` as they do."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None) if fast else None
    if loader_class is not None:
        try:
            return _read(loader_class, text)
        except yaml.YAMLError:
            pass  # the pure-Python reader's message and line, below
    return _read(yaml.SafeLoader, text)


def _read(loader_class: Any, text: str) -> tuple[Any, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()
