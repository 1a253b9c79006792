"""`newsdigest extract`: an article page → its title and clean text; or JSON lines in, JSON lines out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.commands._source import jobs_option, read_source


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("extract", help="an article page's title and clean text (or JSON lines)",
                            description=cmd_extract.__doc__)
    parser.add_argument("source", nargs="*", metavar="PATH_OR_URL",
                        help="an HTML file (.gz is fine) or an http(s) address; with --jsonl: JSON-lines files"
                             " (default: standard input)")
    parser.add_argument("--jsonl", action="store_true",
                        help='read lines of {"id", "html", "url"}; write {"id", "title", "text", "language",'
                             ' "published"} per line, in order ({"id", "error"} for a bad line)')
    parser.add_argument("--jobs", type=jobs_option, metavar="N",
                        help="with --jsonl: processes handling lines at once (default: one per CPU; 1: this"
                             " process only)")
    parser.set_defaults(handler=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract the main text of an article page, without menus, links lists or sign-up prompts.

    With PATH_OR_URL: prints the title, a blank line and the text; exit status 1 when the page
    has no article text (the reason is printed). With --jsonl: one output line per input line;
    exit status 1 when any line failed.
    """
    from bot.errors import ConfigError

    if args.jsonl:
        return _jsonl(args.source, args.jobs)
    if len(args.source) != 1:
        raise ConfigError("give one PATH_OR_URL (or --jsonl for JSON lines)", "command line",
                          "e.g. newsdigest extract https://example.com/story.html")
    _print_page(args.source[0])
    return 0


def _print_page(source: str) -> None:
    from bot.errors import BotError
    from bot.extract import extract_page_or_reason

    html, url, content_type = read_source(source, "an HTML file")
    result = extract_page_or_reason(html, url, content_type)
    if isinstance(result, str):
        raise BotError(f"no article text: {result}", source)
    out = sys.stdout
    if result.title:
        out.write(result.title + "\n\n")
    out.write(result.text + "\n")
    out.flush()


def _jsonl(paths: list[str], jobs: int | None = None) -> int:
    from bot.errors import ConfigError
    from bot.extract import extract_page_or_reason
    from bot.jsonl import RecordError, default_jobs, process, read_records, require

    for name in paths:
        if name != "-" and not Path(name).is_file():
            raise ConfigError("no such file", name, "give JSON-lines files, or none to read standard input")

    def handle(where: str, record: Any) -> dict[str, Any]:
        require(record, where, {"id": (str, int), "html": str}, optional={"url": str})
        result = extract_page_or_reason(record["html"], record.get("url"))
        if isinstance(result, str):
            raise RecordError(f"no article text: {result} ({where})")
        return {
            "id": record["id"],
            "title": result.title,
            "text": result.text,
            "language": result.language,
            "published": result.published.isoformat() if result.published else None,
        }

    failed = process(read_records(paths), handle, sys.stdout, jobs=jobs or default_jobs())
    return 1 if failed else 0
