"""Connections for a run: a connection pool for each origin (:class:`PerOrigin`), each over the deadline's
sockets, and the TLS context they share (:class:`TrustOnFirstUse`)."""

from __future__ import annotations

import os
import ssl
import sys
import threading
from typing import Any

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

from bot.fetch.bounds import _DeadlineBackend  # noqa: E402

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
        pool = self.choose((url.scheme, url.host, url.port))
        try:
            return pool.handle_request(request)
        finally:
            self.answered(pool)

    def choose(self, key: tuple[str, str, int | None]) -> httpx.HTTPTransport:
        """The pool for an origin (scheme, host, port), counted as asked until :meth:`answered`."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the HTTP client was closed")
            pool = self.pools.pop(key, None) or _transport(self.limits, self.context)
            self.pools[key] = pool
            self._asking[id(pool)] = self._asking.get(id(pool), 0) + 1
            spare = self._spare() if len(self.pools) > self.most else []
        for old in spare:
            old.close()
        return pool

    def answered(self, pool: httpx.HTTPTransport) -> None:
        """A request :meth:`choose` counted has its response's head (or failed)."""
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
