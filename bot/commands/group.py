"""``newsdigest group --jsonl``: which articles tell the same story.

Input: JSON lines ``{"id", "title", "text"}`` with optional ``"url"``, ``"published"`` (ISO 8601)
and ``"source"``. Output: one line per input line, in order, ``{"id", "story"}``; equal
``story`` values mean the same story, and a story's value is the id of its first article in the
input. The same article seen twice (see :func:`bot.group.find_identity`) gets its kept
version's story. A bad line becomes ``{"id", "error"}`` and the rest go on.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import ConfigError

if TYPE_CHECKING:  # (loaded by the command itself: `--help` needs none of them)
    from datetime import datetime

    from bot.models import Article

#: bot.group.THRESHOLD, for --help without loading the grouping (tests/stages/test_startup.py checks they agree).
DEFAULT_THRESHOLD = 0.2

_FIELDS: dict[str, type | tuple[type, ...]] = {"id": (str, int), "title": str, "text": str}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {"url": str, "published": str, "source": str}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "group",
        help="group JSON-lines articles into stories",
        description=_cleandoc(cmd_group.__doc__ or ""),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--jsonl", action="store_true", help="read and write JSON lines (required)")
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files (default or '-': standard input)")
    parser.add_argument("--language", metavar="LANG",
                        help="language of every article, e.g. en, pt (default: guessed per article)")
    parser.add_argument(
        "--history",
        action="append",
        metavar="FILE",
        help="JSON lines of earlier articles ({title, text}) for term statistics only (repeatable; default: the input itself)",
    )
    parser.add_argument("--threshold", type=float, metavar="X",
                        help=f"similarity needed to join a story (default {DEFAULT_THRESHOLD})")
    parser.set_defaults(handler=cmd_group)


def _cleandoc(doc: str) -> str:
    """inspect.cleandoc's result for a docstring (importing inspect cost every command ~15-25 ms of start-up)."""
    first, _, rest = doc.expandtabs().partition("\n")
    lines = rest.split("\n")
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    lines = [first.lstrip(), *(line[indent:] for line in lines)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def cmd_group(args: argparse.Namespace) -> int:
    """Group articles into stories: one output line per input line, {"id", "story"}.

    Input lines: {"id", "title", "text"} and optionally "url", "published" (ISO 8601) and
    "source" (the outlet; default: the URL's host). Articles whose "story" values are equal tell
    the same story; the value is the id of the story's first article in the input. The same
    article seen twice (a new id, an edited title or date, tracking parameters in its link) gets
    the story of the version kept. Similarity uses term statistics from --history if given, else
    from the input, so for stable results on small inputs pass a history. Exit status 1 when
    some line could not be used (its output line is {"id", "error"}), else 0.
    """
    if not args.jsonl:
        raise ConfigError("the group command reads JSON lines", "command line", "pass --jsonl")
    import json

    from bot.group import THRESHOLD, TermStats, group
    from bot.jsonl import RecordError, read_records, record_id

    threshold = THRESHOLD if args.threshold is None else args.threshold
    if not 0.0 < threshold <= 1.0:
        raise ConfigError("--threshold must be above 0 and at most 1", "command line")
    _check_readable(args.files + (args.history or []))

    outcomes: list[dict[str, Any]] = []  # per input line: {"id", "error"} or {"id", "index"}
    articles: list[Article] = []
    seen_ids: set[Any] = set()
    for where, record in read_records(args.files):
        if isinstance(record, Exception):
            outcomes.append({"id": None, "error": str(record)})
            continue
        try:
            article = _article(record, where, len(articles))
            if record["id"] in seen_ids:
                raise RecordError(f"duplicate id {record['id']!r} ({where})")
        except (RecordError, ValueError) as exc:
            outcomes.append({"id": record_id(record), "error": str(exc)})
            continue
        seen_ids.add(record["id"])
        outcomes.append({"id": record["id"], "index": len(articles)})
        articles.append(article)

    stats = None
    if args.history:
        history = [_history_article(r) for _, r in read_records(args.history) if isinstance(r, dict)]
        stats = TermStats.from_articles(history + articles, args.language)
    result = group(articles, stats=stats, threshold=threshold, language=args.language)
    ids = {k: outcome["id"] for k, outcome in enumerate(o for o in outcomes if "index" in o)}

    failed = 0
    out = sys.stdout
    for outcome in outcomes:
        if "error" in outcome:
            failed += 1
            line = outcome
        else:
            key = result.story_key[outcome["index"]]
            line = {"id": outcome["id"], "story": ids[int(key)]}
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
    out.flush()
    return 1 if failed else 0


def _check_readable(paths: list[str]) -> None:
    for name in paths:
        if name != "-" and not Path(name).is_file():
            raise ConfigError("cannot read the input file", name, "check the path")


def _article(record: Any, where: str, index: int) -> Article:
    from urllib.parse import urlsplit

    from bot.jsonl import RecordError, require
    from bot.models import Article

    require(record, where, _FIELDS, _OPTIONAL)
    if isinstance(record["id"], bool):
        raise RecordError(f"field 'id' has the wrong type ({where})")
    url = record.get("url") or None
    source = record.get("source") or (urlsplit(url).hostname if url else None) or ""
    from bot.fetch.fields import headline  # here: bot.fetch's package loads httpx, which --help must not

    # The title as a feed's would be read (bot.fetch.fields.headline): one line, invisible
    # characters gone, a standfirst on a line of its own moved before the text.
    title, text = headline(record["title"], record["text"], is_html=False)
    return Article(
        entry_id=index,
        title=title,
        link=url,
        source=source,
        published=_date(record.get("published"), where),
        text=text,
        summary=[],
    )


def _date(value: str | None, where: str) -> datetime | None:
    if not value:
        return None
    from datetime import datetime, timezone

    from bot.jsonl import RecordError

    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RecordError(f"field 'published' is not an ISO 8601 date: {value!r} ({where})") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _history_article(record: dict[str, Any]) -> Article:
    from bot.models import Article

    return Article(
        entry_id=-1,
        title=str(record.get("title") or ""),
        link=None,
        source="",
        published=None,
        text=str(record.get("text") or ""),
        summary=[],
    )
