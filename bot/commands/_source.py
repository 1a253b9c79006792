"""Where `extract` and `summarize` get one article from: a URL, a file (gzip is fine) or stdin."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

from bot.errors import BotError, ConfigError

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"


def read_source(source: str, what: str = "an HTML file") -> tuple[bytes, str | None, str | None]:
    """(bytes, URL, Content-Type) of an http(s) address, a file or '-' (standard input)."""
    if source == "-":
        return sys.stdin.buffer.read(), None, None
    if source.lower().startswith(("http://", "https://")):
        from bot.fetch import Http, HttpSettings

        with Http(HttpSettings()) as http:
            response = http.get(source, accept=PAGE_ACCEPT)
        if response.problem:
            raise BotError(f"cannot fetch the page: {response.problem}", source)
        headers = {k.lower(): v for k, v in response.headers.items()}
        return response.body, response.final_url or source, headers.get("content-type")
    path = Path(source)
    if not path.is_file():
        raise ConfigError("no such file", source, f"give {what}, '-' for standard input, or an http(s):// address")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BotError(f"cannot read the file: {exc.strerror}", source) from None
    if data[:2] == b"\x1f\x8b":
        import gzip

        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise BotError("the file is broken gzip data", source) from None
    suffixes = [s.lower() for s in path.suffixes]
    return data, None, "text/html" if ".html" in suffixes or ".htm" in suffixes else None


def jobs_option(value: str) -> int:
    """``--jobs N`` of the JSON-lines commands: a whole number, at least 1."""
    import argparse

    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, at least 1, not {value!r}")
    return jobs
