"""HTTP for feeds and pages, each request inside its own bounds; never raises for network trouble.

The bounds: a whole-request deadline (connect, headers, body and redirects together: a server
that dribbles a byte at a time cannot stretch it, because every socket operation waits at most
for what is left of it), a cap on the bytes transferred, and the same cap on what decompression
makes of them, layer by layer (Content-Encoding and gzip sent without saying so), so a gzip bomb
costs no more memory than an honest body.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot import __version__
from bot.fetch.bounds import MAX_LAYERS, Refused, TooLarge, _deadline, decode_body, too_large
from bot.fetch.pools import MAX_ORIGINS, PerOrigin, TrustOnFirstUse, httpcore, httpx
from bot.fetch.wire import Wire
from bot.models import HttpCache

__all__ = ["DEFAULT_USER_AGENT", "MAX_LAYERS", "MAX_ORIGINS", "Http", "HttpSettings", "PerOrigin", "Refused", "Response",
           "TooLarge", "TrustOnFirstUse", "decode_body", "header_dict"]

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


class Http:
    """One connection pool for a run, shared by the threads that fetch feeds and pages."""

    def __init__(self, settings: HttpSettings):
        self.settings = settings
        # Idle connections are kept for many hosts (pages come from the same sites as their feeds), each
        # host's in a pool of its own: httpcore checks every connection of a pool at every request.
        limits = httpx.Limits(max_connections=settings.concurrency * 2, max_keepalive_connections=settings.concurrency * 2,
                              keepalive_expiry=30)
        self.ssl_context = TrustOnFirstUse()
        self.transport = PerOrigin(limits, self.ssl_context)
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            transport=self.transport,
        )
        self.wire = Wire(self.client, self.transport)  # the same requests, in fewer objects (bot/fetch/wire.py)
        self.plain = False  # True: every request through the client itself (tests compare the two)
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
        timeout = self.settings.timeout
        # The whole request, redirects included (not the wait for a host slot).
        _deadline.at = deadline = time.monotonic() + timeout
        try:
            target = httpx.URL(url)
            if self.plain or self.client.is_closed or not self.wire.takes(target):
                with self.client.stream("GET", url, headers=headers) as resp:
                    return self._take(url, resp.status_code, resp.reason_phrase, header_dict(resp.headers), str(resp.url),
                                      resp.iter_raw(), deadline)
            with self.wire.open(target, headers) as answer:
                return self._take(url, answer.status, answer.reason, answer.headers, str(answer.url), answer.chunks(), deadline)
        except Refused as exc:
            return Response(url=url, problem=str(exc))
        except httpx.TooManyRedirects:
            return Response(url=url, problem=f"more than {self.settings.max_redirects} redirects (fetch.max_redirects)")
        except (httpx.TimeoutException, httpcore.TimeoutException):
            return Response(url=url, problem=f"the server took longer than {timeout:g} s to answer in full (fetch.timeout)")
        except (httpx.ConnectError, httpcore.ConnectError) as exc:
            return Response(url=url, problem=_connect_problem(url, exc))
        except (httpx.UnsupportedProtocol, httpcore.UnsupportedProtocol):
            return Response(url=url, problem="not an http:// or https:// address")
        except (httpx.HTTPError, *HTTPCORE_ERRORS, OSError) as exc:  # (httpcore's classes have httpx's names)
            return Response(url=url, problem=f"the transfer failed: {exc.__class__.__name__}: {exc}".rstrip(": "))
        finally:
            _deadline.at = None

    def _take(self, url: str, status: int, reason: str, headers: dict[str, str], final_url: str, chunks: Iterator[bytes],
              deadline: float) -> Response:
        """The body within the bounds (or the status that has none for us)."""
        limit = self.settings.max_bytes
        result = Response(url=url, status=status, headers=headers, final_url=final_url)
        if status == 304:
            return result
        if status >= 400:
            result.problem = f"the server answered HTTP {status} {reason}".rstrip()
            return result
        declared = headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise TooLarge(too_large(limit))
        parts, size = [], 0
        for chunk in chunks:  # as sent: decoding here keeps the cap on what it makes
            size += len(chunk)
            if size > limit:
                raise TooLarge(too_large(limit))
            parts.append(chunk)
            if time.monotonic() > deadline:  # the sockets check it too; this holds if httpx changes
                raise httpx.ReadTimeout("the whole-request deadline passed")
        result.body = decode_body(b"".join(parts), headers.get("content-encoding", ""), limit)
        return result


# httpcore's failures the wire path may raise where the client raised httpx's of the same name (its
# `map_httpcore_exceptions`); timeouts, refused connections and unknown schemes are told apart above.
HTTPCORE_ERRORS = (httpcore.NetworkError, httpcore.ProtocolError, httpcore.ProxyError)


def header_dict(headers: httpx.Headers) -> dict[str, str]:
    """``dict(headers)`` in one pass: names lower-cased, a repeated header's values joined by ", " in order
    (``dict()`` looks every name up again, each look-up a walk over all the headers)."""
    out: dict[str, str] = {}
    for name, value in headers.multi_items():
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


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
