"""A config file's validation errors as a person reads them: the key, the problem, the file and line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError

if TYPE_CHECKING:  # (yaml loads where a file is read: bot.config.parse_config)
    import yaml
    from pydantic import ValidationError


def explain(exc: ValidationError, root: yaml.Node | None, where: str) -> ConfigError:
    """Turn pydantic's first error into 'key: problem (file, line N)'."""
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")  # a typo also causes 'missing'
    err = errors[0]
    loc = [p for p in err["loc"] if not (isinstance(p, str) and p in ("literal['all']", "list[str]"))]
    key = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    line = line_of(root, loc)
    place = f"{where}, line {line}" if line else where
    kind = err["type"]
    if kind == "extra_forbidden":
        return ConfigError(f"unknown key {key!r}", place, "check the spelling; see config.yaml in the project for every key")
    if kind == "missing":
        return ConfigError(f"missing key {key!r}", place, "add it")
    message = err["msg"].removeprefix("Value error, ")
    return ConfigError(f"bad value for {key or 'config'!r}: {message}", place)


def line_of(node: yaml.Node | None, loc: list[Any]) -> int | None:
    """Walk the YAML node tree along the error's path to report the line a user must edit."""
    import yaml

    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            key_node = next((k for k, v in node.value if k.value == part), None)
            if key_node is None:
                break
            line, node = key_node.start_mark.line + 1, match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line
