"""Getting a feed the way a user named it: a local file they chose, or a site's home page that links its feed.

A ``file:`` URL is read only when it is the feed itself (a path or ``file://`` given as ``--feed`` or in
the config); links found inside feeds or pages never reach here (pages are fetched through
``safe_link``, and httpx refuses any redirect off http(s)). A home page is read for
``<link rel="alternate">`` to an RSS, Atom or JSON feed, which is then fetched; the Response's ``url``
is the feed actually read, so a caller can say which one it used.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bot.fetch.http import Http, Response
from bot.models import HttpCache

#: Feed types a page may link, best first (RSS and Atom are what feedparser reads best).
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")

# Enough of any real home page to hold its <head>; a page is read for links, never kept.
HEAD_BYTES = 512_000


def is_local(url: str) -> bool:
    return urlsplit(url).scheme.lower() == "file"


def read_local(url: str, max_bytes: int) -> Response:
    """A ``file:`` feed the user named → a Response like a server's, inside the same size cap."""
    path = Path(unquote(urlsplit(url).path))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Response(url=url, problem=f"the file is larger than the {max_bytes:,}-byte limit (fetch.max_bytes)")
        with path.open("rb") as handle:
            body = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return Response(url=url, problem=f"no such file: {path}")
    except OSError as exc:
        return Response(url=url, problem=f"cannot read {path}: {exc.strerror or exc}")
    return Response(url=url, status=200, body=body, final_url=url)


def _alternate_links() -> Any:
    """A parser collecting ``<link rel="alternate" type=… href=…>`` (html.parser loads here, when a page is read for links)."""
    return _link_parser_class()()


@functools.cache
def _link_parser_class() -> type:
    from html.parser import HTMLParser

    class _AlternateLinks(HTMLParser):
        """Collects ``<link rel="alternate" type=… href=…>``; stops caring after ``</head>``."""

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[tuple[str, str]] = []
            self.in_body = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "body":
                self.in_body = True
            if tag != "link" or self.in_body:
                return
            values = {k.lower(): (v or "") for k, v in attrs}
            rels = values.get("rel", "").lower().split()
            kind = values.get("type", "").lower().split(";")[0].strip()
            if "alternate" in rels and kind in FEED_TYPES and values.get("href", "").strip():
                self.found.append((kind, values["href"].strip()))

    return _AlternateLinks


def looks_like_html(response: Response) -> bool:
    ctype = {k.lower(): v for k, v in response.headers.items()}.get("content-type", "").lower()
    head = response.body[:2048].lstrip().lower()
    return "html" in ctype and "xhtml+xml" not in ctype or head.startswith((b"<!doctype html", b"<html"))


def feed_links(html: bytes, base: str) -> list[str]:
    """The feeds a page declares, absolute, http(s) only, best type first, in page order within a type."""
    parser = _alternate_links()
    try:
        parser.feed(html[:HEAD_BYTES].decode("utf-8", "replace"))
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; whatever it still raises means "no links"
        pass
    ranked = sorted(enumerate(parser.found), key=lambda item: (FEED_TYPES.index(item[1][0]), item[0]))
    out: list[str] = []
    for _, (_, href) in ranked:
        url = urljoin(base, href)
        if urlsplit(url).scheme.lower() in ("http", "https") and urlsplit(url).netloc and url not in out:
            out.append(url)
    return out


def get_feed(http: Http, url: str, cache: HttpCache | None, accept: str) -> Response:
    """The feed at ``url``: a local file, the document itself, or the feed its HTML page links (one hop only).

    A page without such a link comes back as it is, for the parser to call it "an HTML page, not a feed".
    """
    if is_local(url):
        return read_local(url, http.settings.max_bytes)
    response = http.get(url, cache, accept=accept)
    if response.problem or response.not_modified or not looks_like_html(response):
        return response
    for link in feed_links(response.body, response.final_url or url):
        if link == url:
            continue
        found = http.get(link, accept=accept)
        if not found.problem and not looks_like_html(found):
            return found  # found.url is the feed that was read
    return response
