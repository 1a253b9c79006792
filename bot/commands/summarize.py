"""`newsdigest summarize`: one article (text or HTML, file or URL) → its summary; or JSON lines.

For users who script, and for evaluation: the same summariser as the digest, nothing else.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from bot.commands._source import jobs_option, read_source

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|div|p|meta|title)\b",
                         re.I | re.S)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("summarize", aliases=["summarise"], help="summarise one article (or JSON lines)",
                            description=cmd_summarize.__doc__)
    parser.add_argument("source", nargs="*", metavar="PATH_OR_URL",
                        help="a text or HTML file ('-' for standard input) or an http(s) address; with --jsonl:"
                             " JSON-lines files (default: standard input)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--sentences", type=int, metavar="N", help="at most N sentences (default: 3)")
    size.add_argument("--words", type=int, metavar="N",
                      help="a word budget instead: whole sentences, ending as close to N words as they allow")
    parser.add_argument("--language", metavar="L",
                        help="language code or name, e.g. en, pt, german (default: the page's declared"
                             " language, else detected)")
    parser.add_argument("--title", help="the article's title (dropped if repeated in the text)")
    parser.add_argument("--jsonl", action="store_true",
                        help='read lines of {"id", "text"} or {"id", "html", "url"}, optional "title" and'
                             ' "language"; write {"id", "summary": [sentences]} per line, in order'
                             ' ({"id", "error"} for a bad line)')
    parser.add_argument("--jobs", type=jobs_option, metavar="N",
                        help="with --jsonl: processes handling lines at once (default: one per CPU; 1: this"
                             " process only)")
    parser.set_defaults(handler=cmd_summarize)


def cmd_summarize(args: argparse.Namespace) -> int:
    """Print the summary of one article: its best sentences, one per line, in article order.

    PATH_OR_URL may be plain text or an HTML page (the article's text is extracted first).
    With --jsonl: one output line per input line; exit status 1 when any line failed.
    """
    from bot.errors import ConfigError

    options = _options(args)
    if args.jsonl:
        if args.title:
            raise ConfigError("--title applies to one article", "command line", 'give "title" in each JSON line')
        return _jsonl(args.source, options, args.jobs)
    if len(args.source) != 1:
        raise ConfigError("give one PATH_OR_URL (or --jsonl for JSON lines)", "command line",
                          "e.g. newsdigest summarize --sentences 2 https://example.com/story.html")
    source = args.source[0]
    text, title, language = _article(*read_source(source, "a text or HTML file"), where=source)
    summary = _summarise(text, args.title or title, options["language"] or language, options, source)
    sys.stdout.write("".join(line + "\n" for line in summary))
    sys.stdout.flush()
    return 0


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """Checked --sentences / --words / --language."""
    from bot.errors import ConfigError
    from bot.language import LANGUAGES, sumy_language

    for flag, value in (("--sentences", args.sentences), ("--words", args.words)):
        if value is not None and value < 1:
            raise ConfigError(f"{flag} must be at least 1", "command line")
    language = None
    if args.language:
        language = sumy_language(args.language, default=None)
        if language is None:
            raise ConfigError(f"unknown language {args.language!r}", "--language",
                              f"use a code or name: {', '.join(LANGUAGES)}")
    return {"sentences": args.sentences or 3, "words": args.words, "language": language}


def _summarise(text: str, title: str | None, language: str | None, options: dict[str, Any], where: str) -> list[str]:
    from bot.cli import loading
    from bot.errors import BotError

    with loading():
        from bot.summarise import summarise

    summary = summarise(text, options["sentences"], language, title, words=options["words"])
    if not summary:
        raise BotError("no sentences to summarise", where, "is it an article?")
    return summary


def _article(data: bytes, url: str | None, content_type: str | None, where: str) -> tuple[str, str | None, str | None]:
    """(text, title, declared language) of text or HTML bytes."""
    from bot.errors import BotError

    if "html" in (content_type or "") or _HTML_START.match(data[:2048]):
        page = _from_html(data, url)
        if page is None:
            raise BotError("no article text in the page", where)
        return page
    try:
        return data.decode("utf-8-sig"), None, None
    except UnicodeDecodeError:
        raise BotError("the text is not UTF-8", where, "convert it, e.g. with iconv -t UTF-8") from None


def _from_html(html: bytes | str, url: str | None) -> tuple[str, str | None, str | None] | None:
    """(text, title, language) of a page; a page the extractor finds no article in gives its
    plain text (a fragment, a bare page); None when there is no text at all."""
    from bot.extract import extract_page, html_to_text

    page = extract_page(html, url)
    if page is not None:
        return page.text, page.title, page.language
    text = html_to_text(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    return (text, None, None) if text.strip() else None


def _jsonl(paths: list[str], options: dict[str, Any], jobs: int | None = None) -> int:
    from bot.cli import loading
    from bot.errors import ConfigError

    with loading():  # (frozen before the workers fork, too: the collector in them does not walk it)
        from bot.jsonl import RecordError, default_jobs, process, read_records, require
        from bot.language import sumy_language
        from bot.summarise import summarise

    for name in paths:
        if name != "-" and not Path(name).is_file():
            raise ConfigError("no such file", name, "give JSON-lines files, or none to read standard input")

    def handle(where: str, record: Any) -> dict[str, Any]:
        require(record, where, {"id": (str, int)},
                optional={"text": str, "html": str, "url": str, "title": str, "language": str})
        if record.get("text") is None and record.get("html") is None:
            raise RecordError(f'a line needs "text" or "html" ({where})')
        title, language = record.get("title"), None
        if record.get("language"):
            language = sumy_language(record["language"], default=None)
            if language is None:
                raise RecordError(f"unknown language {record['language']!r} ({where})")
        if record.get("text") is not None:
            text = record["text"]
        else:
            page = _from_html(record["html"], record.get("url"))
            if page is None:
                raise RecordError(f"no article text in the page ({where})")
            text, page_title, page_language = page
            title = title or page_title
            language = language or options["language"] or sumy_language(page_language, default=None)
        summary = summarise(text, options["sentences"], language or options["language"], title, words=options["words"])
        if not summary:
            raise RecordError(f"no sentences to summarise ({where})")
        return {"id": record["id"], "summary": summary}

    failed = process(read_records(paths), handle, sys.stdout, jobs=jobs or default_jobs())
    return 1 if failed else 0
