"""Editing the ``feeds:`` list of a config file in place, keeping the user's comments and layout.

Why edit the YAML rather than point the config at an OPML file: the config stays the one file
that says what is read, feeds keep their per-feed settings (``language``, ``sentences``) and the
names profiles refer to, and OPML remains a way in and out (`feeds import` / `feeds export`).
ruamel.yaml's round trip keeps comments, order and quoting; we set its indentation to the
file's own, and move the comment block that follows the last feed (which YAML attaches to that
feed, though it introduces the next section) so it stays where it was.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Config, load_config, parse_config
from bot.errors import BotError, ConfigError


@dataclass
class FeedList:
    """A config file opened for editing: the validated config, and the round-trip document."""

    path: Path
    config: Config
    yaml: Any
    doc: Any

    @property
    def feeds(self) -> Any:
        return self.doc["feeds"]


def open_feed_list(path: Path) -> FeedList:
    from ruamel.yaml import YAML

    config = load_config(path)  # the friendly errors (key, file, line) come from the normal loader
    text = path.read_text(encoding="utf-8")
    yaml = YAML()
    mapping, sequence, offset = _indentation(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 4096  # never re-wrap a user's long lines
    yaml.preserve_quotes = True
    doc = yaml.load(text)
    if doc.get("feeds") is None:
        from ruamel.yaml.comments import CommentedSeq

        doc["feeds"] = CommentedSeq()
    return FeedList(path, config, yaml, doc)


def _indentation(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as this file writes them; ruamel's defaults otherwise."""
    mapping = next((len(m.group(1)) for m in re.finditer(r"^[^\s#][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*"
                                                         r"( +)[^\s#-]", text, re.M)), 2)
    dash = re.search(r"^[^\s#][^\n]*:[ \t]*(?:#[^\n]*)?\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)-( +)\S", text, re.M)
    if not dash:  # no block sequence to copy: the style of the example config and the starter config
        return mapping, mapping + 2, mapping
    return mapping, len(dash.group(1)) + 1 + len(dash.group(2)), len(dash.group(1))


def _post_slot(seq: Any, index: int) -> tuple[list[Any], int] | None:
    """Where ruamel keeps the comment after item ``index``: its last key's slot, or the sequence's slot."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    item = seq[index]
    if isinstance(item, CommentedMap) and len(item):
        key = list(item)[-1]
        if isinstance(item[key], (CommentedMap, CommentedSeq)):
            return None
        return item.ca.items.setdefault(key, [None, None, None, None]), 2
    return seq.ca.items.setdefault(index, [None, None, None, None]), 0


def _take_tail(seq: Any, index: int) -> str | None:
    """Detach the comment lines after item ``index`` (its own end-of-line comment stays)."""
    slot = _post_slot(seq, index)
    if slot is None or slot[0][slot[1]] is None:
        return None
    holder, at = slot
    value = holder[at].value
    if value.startswith("#"):  # an end-of-line comment, then perhaps the block below
        head, _, rest = value.partition("\n")
        holder[at].value = head + "\n"
        return "\n" + rest if rest else None
    holder[at] = None
    return value if value != "\n" else None  # blank lines and comments after the item move with the end


def _take_key_tail(doc: Any, key: str) -> str | None:
    """For an empty ``feeds: []``: the comment lines after it (its end-of-line comment stays on the key)."""
    holder = doc.ca.items.get(key)
    if not holder or holder[2] is None:
        return None
    value = holder[2].value
    if value.startswith("#"):
        head, _, rest = value.partition("\n")
        holder[2].value = head + "\n"
        return "\n" + rest if rest else None
    holder[2] = None
    return value if value != "\n" else None


def _put_tail(seq: Any, index: int, tail: str | None) -> None:
    slot = _post_slot(seq, index) if tail else None
    if slot is not None and tail:
        _attach(slot[0], slot[1], tail)


def _put_key_tail(doc: Any, key: str, tail: str | None) -> None:
    if tail:
        _attach(doc.ca.items.setdefault(key, [None, None, None, None]), 2, tail)


def _attach(holder: list[Any], at: int, tail: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    if holder[at] is not None and holder[at].value.startswith("#"):  # keep the item's own end-of-line comment
        holder[at].value = holder[at].value.rstrip("\n") + "\n" + tail.removeprefix("\n")
    else:
        holder[at] = CommentToken(tail, CommentMark(0), None)


def add_feed(feeds: FeedList, url: str, name: str | None, folder: str | None) -> None:
    """Append a feed (a bare URL when it has no name or folder and the list uses bare URLs)."""
    from ruamel.yaml.comments import CommentedMap

    seq = feeds.feeds
    if any(f.url == url for f in feeds.config.feeds):
        raise ConfigError(f"the feed {url} is already in the config", str(feeds.path), "`newsdigest feeds list` shows them")
    if name and any(f.name == name for f in feeds.config.feeds):
        raise ConfigError(f"a feed is already named {name!r}", str(feeds.path), "choose another --name")
    item: Any = url
    if name or folder or not all(isinstance(x, str) for x in seq):
        item = CommentedMap(url=url)
        if name:
            item["name"] = name
        if folder:
            item["folder"] = folder
    tail = _take_tail(seq, len(seq) - 1) if len(seq) else _take_key_tail(feeds.doc, "feeds")
    seq.fa.set_block_style()  # `feeds: []` grows into a list a person reads
    seq.append(item)
    _put_tail(seq, len(seq) - 1, tail)


def find_feed(feeds: FeedList, ref: str) -> int:
    """The index of the feed named or addressed by ``ref``."""
    for i, feed in enumerate(feeds.config.feeds):
        if ref in (feed.name, feed.url):
            return i
    names = ", ".join(repr(f.name or f.url) for f in feeds.config.feeds) or "none"
    raise ConfigError(f"no feed named {ref!r}", str(feeds.path), f"give a name or URL from `newsdigest feeds list` ({names})")


def remove_feed(feeds: FeedList, ref: str) -> str:
    """Remove one feed; refused while a profile names it (the config would no longer load). Returns its label."""
    index = find_feed(feeds, ref)
    feed = feeds.config.feeds[index]
    for profile_name, profile in feeds.config.profiles.items():
        if profile.feeds != "all" and ({feed.url, feed.name} & set(profile.feeds)):
            raise ConfigError(f"profile {profile_name!r} names the feed {feed.name or feed.url!r}", str(feeds.path),
                              f"take it out of profiles.{profile_name}.feeds first")
    seq = feeds.feeds
    tail = _take_tail(seq, index) if index == len(seq) - 1 else None
    del seq[index]
    if len(seq):
        _put_tail(seq, len(seq) - 1, tail)
    else:  # the last one: `feeds: []`, and what followed it stays after it
        seq.fa.set_flow_style()
        _put_key_tail(feeds.doc, "feeds", tail)
    return feed.name or feed.url


def save(feeds: FeedList) -> Config:
    """Write the edited file, only if it still loads: atomically, keeping the file's permissions."""
    out = io.StringIO()
    feeds.yaml.dump(feeds.doc, out)
    text = out.getvalue()
    config = parse_config(text, str(feeds.path))
    write_atomically(feeds.path, text)
    return config


def write_atomically(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Replace (or, ``exclusive``, create) ``path`` whole: a crash leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        if exclusive:
            os.link(tmp, path)  # fails if the file appeared meanwhile: never overwrite
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except FileExistsError:
        os.unlink(tmp)
        raise ConfigError("the file already exists", str(path), "not overwritten; remove it first or use --path") from None
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise BotError(f"cannot write the file: {exc.strerror or exc}", str(path), "check the path and permissions") from None
