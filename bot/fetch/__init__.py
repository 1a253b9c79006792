"""HTTP for feeds and pages, and feed bytes → entries; every failure comes back as data.

Feeds are fetched concurrently with a bound, conditionally (ETag / Last-Modified), with
timeouts, a body-size cap and a redirect cap. feedparser reads RSS 0.9x/1.0/2.0 and Atom;
JSON Feed 1.x, which feedparser lacks, is read here.
"""

from __future__ import annotations

import gzip
import json
import threading
import zlib
from calendar import timegm
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from bot import __version__
from bot.models import Entry, FeedResult, FeedSource, HttpCache

DEFAULT_USER_AGENT = f"newsdigest/{__version__} (feed-to-digest bot; +https://pypi.org/project/newsdigest/)"


@dataclass
class HttpSettings:
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    concurrency: int = 8
    per_host: int = 2
    user_agent: str = DEFAULT_USER_AGENT


@dataclass
class Response:
    """A fetched body, or why there is none. ``problem`` is a sentence a user can act on."""

    url: str
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    problem: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class TooLarge(Exception):
    pass


class Http:
    """One connection pool for a run, shared by the threads that fetch feeds and pages."""

    def __init__(self, settings: HttpSettings):
        self.settings = settings
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            # Keep idle connections for many hosts: pages come from the same sites as their feeds.
            limits=httpx.Limits(max_connections=settings.concurrency * 2, max_keepalive_connections=256, keepalive_expiry=30),
        )
        self._host_locks: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Http":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host_slot(self, url: str) -> threading.BoundedSemaphore:
        host = urlsplit(url).netloc
        with self._lock:
            return self._host_locks.setdefault(host, threading.BoundedSemaphore(self.settings.per_host))

    def get(self, url: str, cache: HttpCache | None = None, accept: str = "*/*", polite: bool = False) -> Response:
        """GET with validators; never raises for network or HTTP trouble."""
        headers = {"Accept": accept}
        if cache and cache.etag:
            headers["If-None-Match"] = cache.etag
        if cache and cache.last_modified:
            headers["If-Modified-Since"] = cache.last_modified
        slot = self._host_slot(url) if polite else None
        if slot:
            slot.acquire()
        try:
            return self._get(url, headers)
        finally:
            if slot:
                slot.release()

    def _get(self, url: str, headers: dict[str, str]) -> Response:
        limit = self.settings.max_bytes
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                result = Response(url=url, status=resp.status_code, headers=dict(resp.headers), final_url=str(resp.url))
                if resp.status_code == 304:
                    return result
                if resp.status_code >= 400:
                    result.problem = f"the server answered HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
                    return result
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise TooLarge
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge
                    chunks.append(chunk)
                result.body = _undo_stray_compression(b"".join(chunks), limit)
                return result
        except TooLarge:
            return Response(url=url, problem=f"the response is larger than the {limit:,}-byte limit (fetch.max_bytes)")
        except httpx.TooManyRedirects:
            return Response(url=url, problem=f"more than {self.settings.max_redirects} redirects (fetch.max_redirects)")
        except httpx.TimeoutException:
            return Response(url=url, problem=f"no complete answer within {self.settings.timeout:g} s (fetch.timeout)")
        except httpx.ConnectError as exc:
            return Response(url=url, problem=_connect_problem(url, exc))
        except httpx.UnsupportedProtocol:
            return Response(url=url, problem="not an http:// or https:// address")
        except (httpx.HTTPError, OSError, zlib.error, EOFError) as exc:
            return Response(url=url, problem=f"the transfer failed: {exc.__class__.__name__}: {exc}".rstrip(": "))


def _connect_problem(url: str, exc: Exception) -> str:
    host = urlsplit(url).hostname or url
    text = str(exc)
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text or "No address" in text:
        return f"the host name {host!r} could not be resolved (DNS): check the URL"
    if "refused" in text.lower():
        return f"{host} refused the connection: is the site down or the port wrong?"
    if "certificate" in text.lower() or "ssl" in text.lower():
        return f"the TLS connection to {host} failed: {text}"
    return f"could not connect to {host}: {text or exc.__class__.__name__}"


def _undo_stray_compression(body: bytes, limit: int) -> bytes:
    """Servers sometimes send gzip bytes without saying so; decompress them (within the size cap)."""
    if body[:2] == b"\x1f\x8b":
        out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, limit + 1)
        if len(out) > limit:
            raise TooLarge
        return out
    return body


# -- parsing ---------------------------------------------------------------------------------


def parse_feed(source: FeedSource, body: bytes, headers: dict[str, str] | None = None, url: str | None = None) -> FeedResult:
    """Feed bytes → entries, or a problem saying why these bytes are not a usable feed. Pure."""
    headers = {k.lower(): v for k, v in (headers or {}).items()}
    base = url or source.url
    if not body.strip():
        return FeedResult(source=source, problem="the server sent an empty body, not a feed")
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error):
            return FeedResult(source=source, problem="the body is broken gzip data")
    ctype = headers.get("content-type", "").lower()
    if "json" in ctype or body.lstrip()[:1] == b"{":
        return _parse_json_feed(source, body, base)
    parsed = feedparser.parse(
        body,
        response_headers={"content-type": headers.get("content-type", "application/xml"), "content-location": base},
    )
    version = parsed.get("version") or ""
    items = parsed.get("entries") or []
    bozo = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not version and not items:
        head = body[:2048].lower()
        if b"<html" in head or b"<!doctype html" in head:
            return FeedResult(source=source,
                              problem="the address gave an HTML page, not a feed: look for the site's RSS or Atom link")
        detail = f": {_describe(bozo)}" if bozo else ""
        return FeedResult(source=source, problem=f"not a feed (no RSS, Atom or JSON Feed found){detail}")
    if bozo and not items:
        return FeedResult(source=source, problem=f"the feed is malformed and no entry could be read: {_describe(bozo)}")
    feed_info = parsed.get("feed", {})
    language = feed_info.get("language")
    entries = [e for e in (_entry_from_feedparser(source, item, language, base) for item in items) if e]
    warning = f"parsed despite errors: {_describe(bozo)}" if bozo else None
    return FeedResult(source=source, entries=entries, title=_clean(feed_info.get("title")), warning=warning)


def _describe(exc: Any) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text[:200]


def _clean(value: Any) -> str | None:
    if not value:
        return None
    text = " ".join(str(value).split())
    return text or None


def _entry_from_feedparser(source: FeedSource, item: Any, language: str | None, base: str) -> Entry | None:
    contents = [c for c in item.get("content") or [] if c.get("value")]
    best = max(contents, key=lambda c: len(c["value"]), default=None)
    summary = item.get("summary") or ""
    if best is not None and len(best["value"]) >= len(summary):
        content, ctype = best["value"], best.get("type", "text/html")
    else:
        detail = item.get("summary_detail") or {}
        content, ctype = summary, detail.get("type", "text/html")
    link = item.get("link") or None
    title = _clean(item.get("title")) or ""
    if not (title or content or link):
        return None
    return Entry(
        feed_url=source.url,
        guid=_clean(item.get("id")),
        link=urljoin(base, link) if link else None,
        title=title,
        content=content,
        content_is_html=ctype != "text/plain",
        author=_clean(item.get("author")),
        # dict.get: feedparser's own .get maps updated→published with a deprecation warning.
        published=_struct_time(dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")),
        language=(item.get("language") or language or None),
        source_name=source.name,
    )


def _struct_time(value: Any) -> datetime | None:
    """feedparser's UTC struct_time → aware datetime; None when the feed's date was unreadable."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError):
        return None


def _parse_json_feed(source: FeedSource, body: bytes, base: str) -> FeedResult:
    """JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return FeedResult(source=source, problem=f"not a feed: the JSON is invalid ({exc})")
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        return FeedResult(source=source, problem="not a feed: JSON without a JSON Feed 'version'")
    items = data.get("items")
    if not isinstance(items, list):
        return FeedResult(source=source, problem="not a feed: JSON Feed without an 'items' list")
    language = data.get("language")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        html, text = item.get("content_html"), item.get("content_text")
        summary = item.get("summary")
        content, is_html = (html, True) if html else (text, False) if text else (summary or "", False)
        link = item.get("url") or item.get("external_url")
        title = _clean(item.get("title")) or ""
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        author = ", ".join(a.get("name", "") for a in authors if isinstance(a, dict) and a.get("name")) or None
        if not (title or content or link):
            continue
        entries.append(
            Entry(
                feed_url=source.url,
                guid=_clean(item.get("id")),
                link=urljoin(base, link) if isinstance(link, str) else None,
                title=title,
                content=str(content),
                content_is_html=is_html,
                author=author,
                published=_rfc3339(item.get("date_published") or item.get("date_modified")),
                language=item.get("language") or language,
                source_name=source.name,
            )
        )
    return FeedResult(source=source, entries=entries, title=_clean(data.get("title")))


def _rfc3339(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


def fetch_feeds(
    http: Http,
    sources: Iterable[FeedSource],
    caches: dict[str, HttpCache],
    parse: Callable[[FeedSource, Response], Any],
    progress: Callable[[int], None] | None = None,
) -> list[Any]:
    """Fetch feeds concurrently (bounded by the client's settings); ``parse`` turns each response into a result.

    ``parse`` may hand CPU work to another process and return a future; results keep input order.
    """
    sources = list(sources)

    def one(source: FeedSource) -> Any:
        response = http.get(source.url, caches.get(source.url), accept=FEED_ACCEPT)
        out = parse(source, response)
        if progress:
            progress(1)
        return out

    with ThreadPoolExecutor(max_workers=http.settings.concurrency, thread_name_prefix="fetch") as pool:
        return list(pool.map(one, sources))


def feed_result(source: FeedSource, response: Response) -> FeedResult:
    """A response → FeedResult: 304, HTTP/network problem, or parsed entries, with validators kept."""
    if response.problem:
        return FeedResult(source=source, problem=response.problem, status=response.status)
    if response.not_modified:
        return FeedResult(source=source, not_modified=True, status=304)
    result = parse_feed(source, response.body, response.headers, response.final_url)
    result.status = response.status
    result.final_url = response.final_url
    lowered = {k.lower(): v for k, v in response.headers.items()}
    result.etag = lowered.get("etag")
    result.last_modified = lowered.get("last-modified")
    return result
