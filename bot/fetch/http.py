"""HTTP for feeds and pages, each request inside its own bounds; never raises for network trouble.

The bounds: a whole-request deadline (connect, headers, body and redirects together: a server
that dribbles a byte at a time cannot stretch it, because every socket operation waits at most
for what is left of it), a cap on the bytes transferred, and the same cap on what decompression
makes of them, layer by layer (Content-Encoding and gzip sent without saying so), so a gzip bomb
costs no more memory than an honest body.
"""

from __future__ import annotations

import os
import ssl
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# httpx imports its own command-line client when click, rich and pygments happen to be installed
# (20-40 ms of every fetching command's start, for nothing we use); its package falls back to a
# stub `httpx.main` when that import fails, so it is made to fail while httpx loads, and only then.
_CLI = "httpx._main"
_skip_cli = "httpx" not in sys.modules and _CLI not in sys.modules
if _skip_cli:
    sys.modules[_CLI] = None  # type: ignore[assignment]
try:
    import httpcore
    import httpx
finally:
    if _skip_cli and _CLI in sys.modules and sys.modules[_CLI] is None:
        del sys.modules[_CLI]

from bot import __version__  # noqa: E402
from bot.models import HttpCache  # noqa: E402

DEFAULT_USER_AGENT = f"newsdigest/{__version__} (feed-to-digest bot; +https://pypi.org/project/newsdigest/)"

# Compression layers undone in all (Content-Encoding and stray gzip): honest servers use one, a
# confused one two; each layer is bounded, but a gzip quine decompresses to itself for ever.
MAX_LAYERS = 3
GZIP = 16 + zlib.MAX_WBITS


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


class Refused(Exception):
    """A body we will not take; the message says why, in words for the user."""


class TooLarge(Refused):
    pass


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
        limit, timeout = self.settings.max_bytes, self.settings.timeout
        # The whole request, redirects included (not the wait for a host slot).
        _deadline.at = deadline = time.monotonic() + timeout
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                result = Response(url=url, status=resp.status_code, headers=header_dict(resp.headers), final_url=str(resp.url))
                if resp.status_code == 304:
                    return result
                if resp.status_code >= 400:
                    result.problem = f"the server answered HTTP {resp.status_code} {resp.reason_phrase}".rstrip()
                    return result
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise TooLarge(_too_large(limit))
                chunks, size = [], 0
                for chunk in resp.iter_raw():  # as sent: decoding here keeps the cap on what it makes
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(_too_large(limit))
                    chunks.append(chunk)
                    if time.monotonic() > deadline:  # the sockets check it too; this holds if httpx changes
                        raise httpx.ReadTimeout("the whole-request deadline passed")
                result.body = decode_body(b"".join(chunks), resp.headers.get("content-encoding", ""), limit)
                return result
        except Refused as exc:
            return Response(url=url, problem=str(exc))
        except httpx.TooManyRedirects:
            return Response(url=url, problem=f"more than {self.settings.max_redirects} redirects (fetch.max_redirects)")
        except httpx.TimeoutException:
            return Response(url=url, problem=f"the server took longer than {timeout:g} s to answer in full (fetch.timeout)")
        except httpx.ConnectError as exc:
            return Response(url=url, problem=_connect_problem(url, exc))
        except httpx.UnsupportedProtocol:
            return Response(url=url, problem="not an http:// or https:// address")
        except (httpx.HTTPError, OSError) as exc:
            return Response(url=url, problem=f"the transfer failed: {exc.__class__.__name__}: {exc}".rstrip(": "))
        finally:
            _deadline.at = None


def header_dict(headers: httpx.Headers) -> dict[str, str]:
    """``dict(headers)`` in one pass: names lower-cased, a repeated header's values joined by ", " in order
    (``dict()`` looks every name up again, each look-up a walk over all the headers)."""
    out: dict[str, str] = {}
    for name, value in headers.multi_items():
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _too_large(limit: int) -> str:
    return f"the response is larger than the {limit:,}-byte limit (fetch.max_bytes)"


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


# -- decompression ---------------------------------------------------------------------------


def decode_body(body: bytes, content_encoding: str, limit: int) -> bytes:
    """Undo the Content-Encoding, then gzip a server sent without saying so; no layer may make
    more than ``limit`` bytes, and at most ``MAX_LAYERS`` are undone."""
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c not in ("", "identity")]
    layers = 0
    for coding in reversed(codings):  # the last one applied comes off first
        layers = _next_layer(layers)
        if coding in ("gzip", "x-gzip"):
            body = _inflate(body, GZIP, limit, "gzip")
        elif coding == "deflate":
            body = _inflate_deflate(body, limit)
        else:
            raise Refused(f"the server compressed the response as {coding!r}, which was not asked for")
    while body[:2] == b"\x1f\x8b":
        layers = _next_layer(layers)
        body = _inflate(body, GZIP, limit, "gzip")
    return body


def _next_layer(layers: int) -> int:
    if layers >= MAX_LAYERS:
        raise Refused(f"the response is compressed more than {MAX_LAYERS} times over (a decompression bomb?)")
    return layers + 1


def _inflate(data: bytes, wbits: int, limit: int, name: str) -> bytes:
    """zlib, bounded: stops one byte past ``limit`` whatever the ratio. Concatenated gzip members
    are read on; a truncated stream gives what it holds, as browsers do."""
    out: list[bytes] = []
    size = 0
    while True:
        inflater = zlib.decompressobj(wbits)
        try:
            chunk = inflater.decompress(data, limit + 1 - size)  # never 0 (that would mean "no limit")
        except zlib.error:
            if out:
                break  # trailing garbage after a good member
            raise Refused(f"the body is broken {name} data") from None
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"the response expands to more than {limit / 1_000_000:g} MB when decompressed (fetch.max_bytes)")
        out.append(chunk)
        rest = inflater.unused_data
        if not (inflater.eof and wbits == GZIP and rest[:2] == b"\x1f\x8b"):
            break
        data = rest
    return b"".join(out)


def _inflate_deflate(data: bytes, limit: int) -> bytes:
    """'deflate' is zlib-wrapped by the standard and raw deflate by some servers: try both."""
    try:
        return _inflate(data, zlib.MAX_WBITS, limit, "deflate")
    except TooLarge:
        raise
    except Refused:
        return _inflate(data, -zlib.MAX_WBITS, limit, "deflate")


# -- the whole-request deadline ----------------------------------------------------------------


class _Deadline(threading.local):
    """When the request this thread is making must be over (monotonic seconds), or None."""

    at: float | None = None


_deadline = _Deadline()


def _clip(timeout: float | None, error: type[Exception]) -> float | None:
    """A socket operation's timeout, cut to what is left of this thread's request."""
    at = _deadline.at
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise error("the whole-request deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _clip(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sockets, each operation bounded by the thread's deadline (pooled connections too)."""

    def __init__(self, inner: httpcore.NetworkBackend):
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _clip(timeout, httpcore.ConnectTimeout), local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _clip(timeout, httpcore.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


MAX_ORIGINS = 256  # hosts whose idle connections are kept (the least recently used idle one's go first)


class PerOrigin(httpx.BaseTransport):
    """One of httpx's transports (a connection pool) for each origin (scheme, host, port), made at its first
    request. httpcore's pool looks at every connection it holds, twice a request (expired? did the server
    hang up? a poll of the socket each), so one pool for a run over hundreds of hosts cost more the more
    hosts had been seen; an origin's pool holds only that host's few connections. Redirects go through
    :meth:`handle_request` again, so a redirect to another host uses that host's pool. At most
    ``MAX_ORIGINS`` pools are kept: past that, the least recently used pool that is doing nothing
    (no request between being chosen and its response, no connection in use) is closed."""

    def __init__(self, limits: httpx.Limits, context: ssl.SSLContext, most: int = MAX_ORIGINS):
        self.limits, self.context, self.most = limits, context, most
        self.pools: dict[tuple[str, str, int | None], httpx.HTTPTransport] = {}  # least recently used first
        self._asking: dict[int, int] = {}  # id(pool) → requests chosen for it and not yet answered
        self._lock = threading.Lock()
        self._closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        key = (url.scheme, url.host, url.port)
        with self._lock:
            if self._closed:
                raise RuntimeError("the HTTP client was closed")
            pool = self.pools.pop(key, None) or _transport(self.limits, self.context)
            self.pools[key] = pool
            self._asking[id(pool)] = self._asking.get(id(pool), 0) + 1
            spare = self._spare() if len(self.pools) > self.most else []
        for old in spare:
            old.close()
        try:
            return pool.handle_request(request)
        finally:
            with self._lock:
                n = self._asking.pop(id(pool)) - 1
                if n:
                    self._asking[id(pool)] = n

    def _spare(self) -> list[httpx.HTTPTransport]:
        """(Under the lock) pools to close, least recently used first, until ``most`` are left or none is idle."""
        out = []
        for key, pool in list(self.pools.items()):
            if len(self.pools) <= self.most:
                break
            if id(pool) not in self._asking and all(c.is_idle() or c.is_closed() for c in pool._pool.connections):
                del self.pools[key]
                out.append(pool)
        return out

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pools, self.pools = list(self.pools.values()), {}
        for pool in pools:
            pool.close()


def _transport(limits: httpx.Limits, context: ssl.SSLContext) -> httpx.HTTPTransport:
    """httpx's transport over the deadline backend. httpx has no public way to pass a network
    backend, so it is set on the pool httpx made; tests/flows/test_hostile_feeds.py notices if a
    new httpx moves it (the dribbling server would then hold a run past the deadline)."""
    transport = httpx.HTTPTransport(limits=limits, verify=context)
    pool: Any = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore.NetworkBackend):
        pool._network_backend = _DeadlineBackend(backend)
    return transport


class TrustOnFirstUse(ssl.SSLContext):
    """httpx's default TLS context, its trust store read at the first TLS connection instead of when the client is
    made: reading certifi's bundle (117 certificates, 20-30 ms) was a twentieth of a digest whose feeds answer
    304 over plain HTTP, which never needs it. What is read is what ``httpx.create_ssl_context()`` reads (SSL_CERT_FILE,
    else SSL_CERT_DIR, else certifi's bundle), once, under a lock (the fetch threads share the context); the rest is
    ``ssl.create_default_context()``'s: PROTOCOL_TLS_CLIENT (certificates and host names checked), SSLKEYLOGFILE.
    tests/stages/test_fetch_tls.py compares the loaded context with httpx's own and fetches over TLS with it."""

    def __new__(cls) -> TrustOnFirstUse:
        return super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)

    def __init__(self) -> None:
        self._trust_lock = threading.Lock()
        self.trusted = False
        keylog = os.environ.get("SSLKEYLOGFILE")
        if keylog and not sys.flags.ignore_environment:  # (as ssl.create_default_context does)
            self.keylog_filename = keylog

    def trust(self) -> None:
        """Read the trust store, if not yet done."""
        if self.trusted:
            return
        with self._trust_lock:
            if self.trusted:
                return
            cafile, capath = os.environ.get("SSL_CERT_FILE"), None
            if not cafile:
                capath = os.environ.get("SSL_CERT_DIR")
                if not capath:
                    import certifi

                    cafile = certifi.where()
            self.load_verify_locations(cafile, capath)
            self.trusted = True

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self.trust()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        self.trust()
        return super().wrap_bio(*args, **kwargs)
