"""The bounds every fetch is kept inside: a cap on what decompression makes of a body, layer by layer
(Content-Encoding and gzip sent without saying so), and a whole-request deadline on every socket
operation (connect, headers, body and redirects together: a server that dribbles a byte at a time
cannot stretch it, because every operation waits at most for what is left of it)."""

from __future__ import annotations

import ssl
import threading
import time
import zlib
from typing import Any

import httpcore

# Compression layers undone in all (Content-Encoding and stray gzip): honest servers use one, a
# confused one two; each layer is bounded, but a gzip quine decompresses to itself for ever.
MAX_LAYERS = 3
GZIP = 16 + zlib.MAX_WBITS


class Refused(Exception):
    """A body we will not take; the message says why, in words for the user."""


class TooLarge(Refused):
    pass


def too_large(limit: int) -> str:
    return f"the response is larger than the {limit:,}-byte limit (fetch.max_bytes)"


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
