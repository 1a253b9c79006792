"""A loopback feed farm for benchmarks: N feeds x M items of realistic news, served over HTTP.

Everything is generated deterministically from a seed: the same arguments give byte-for-byte
the same feeds and pages. Each feed lives on its own loopback host (127.0.0.2, 127.0.0.3, ...)
so the pipeline's per-host politeness limit applies per feed as it would on the real web. Items
carry a one-sentence teaser, so the pipeline has to fetch every article page.

Pages are what real news sites send: 30-100 KB of HTML with meta tags, inline style and
scripts, a navigation bar with ~80 links (plus a mega menu), a cookie banner, the article
(headline, byline, figure and caption, 8-20 paragraphs with "Read more:" links and advert
slots), related links, a comments teaser, a most-read list, a large footer and a hydration
blob. Feeds answer conditional requests (ETag / Last-Modified -> 304), so a second run with
nothing new is all 304s.

Trouble, as real feeds have it (fractions of feeds, chosen by seed):
* slow: a full answer comes only after ``slow_delay`` seconds (304s are answered at once, as a
  CDN answers a revalidation);
* failing: HTTP 500, the connection closed without an answer, or connection refused (nothing
  listens on that feed's host);
* a few pages (``slow_page_fraction``) answer after ``slow_page_delay`` seconds, and a few
  (``missing_page_fraction``) are 404.

The server is an asyncio HTTP/1.1 server (keep-alive, gzip when asked) in its own process, so
it takes no GIL time from the process being measured; it still shares the machine's cores.

Usage::

    with Farm(FarmPlan(feeds=200, items=25)) as farm:
        farm.feed_urls          # one URL per feed, in order
        farm.stats()            # requests served so far, by kind and status
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import multiprocessing
import random
import socket
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from email.utils import format_datetime

from benchmarks.support.content import Corpus
from benchmarks.support.plan import FARM_NOW, FarmPlan

__all__ = ["FARM_NOW", "Farm", "FarmPlan", "build_routes", "describe"]

# -- the server -------------------------------------------------------------------------------


@dataclass
class Resource:
    kind: str  # "feed" or "page"
    body: bytes = b""
    gz: bytes | None = None
    ctype: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    delay: float = 0.0
    drop: bool = False


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def build_routes(plan: FarmPlan, port: int) -> tuple[dict[tuple[str, str], Resource], dict[str, int]]:
    """(address, path) -> what to answer, and facts about the generated content."""
    corpus = Corpus(plan, port)
    kinds = plan.kinds()
    routes: dict[tuple[str, str], Resource] = {}
    page_sizes: list[int] = []
    page_rng = random.Random(f"{plan.seed}:page-trouble")
    last_modified = format_datetime(FARM_NOW, usegmt=True)
    for k in range(plan.feeds):
        host, kind = plan.host(k), kinds[k]
        if kind == "refused":
            continue  # nothing listens on this host
        path = plan.feed_path(k)
        if kind == "error500":
            routes[(host, path)] = Resource("feed", b"<html><body><h1>500 Internal Server Error</h1></body></html>",
                                            status=500)
            continue
        if kind == "drop":
            routes[(host, path)] = Resource("feed", drop=True)
            continue
        body = corpus.feed(k)
        ctype = "application/atom+xml; charset=utf-8" if plan.feed_format(k) == "atom" else "application/rss+xml; charset=utf-8"
        routes[(host, path)] = Resource("feed", body, gzip.compress(body, 6, mtime=0) if plan.gzip else None, ctype,
                                        _etag(body), last_modified, delay=plan.slow_delay if kind == "slow" else 0.0)
        for i in range(plan.items):
            url = corpus.item(k, i).url
            page_path = url.split(str(port), 1)[1]
            roll = page_rng.random()
            if roll < plan.missing_page_fraction:
                routes[(host, page_path)] = Resource("page", b"<html><body><h1>Not found</h1></body></html>", status=404)
                continue
            html = corpus.page(k, i)
            page_sizes.append(len(html))
            delay = plan.slow_page_delay if roll > 1 - plan.slow_page_fraction else 0.0
            routes[(host, page_path)] = Resource("page", html, gzip.compress(html, 6, mtime=0) if plan.gzip else None,
                                                 etag=_etag(html), last_modified=last_modified, delay=delay)
    page_sizes.sort()
    facts = {
        "pages": len(page_sizes),
        "page_bytes_total": sum(page_sizes),
        "page_bytes_min": page_sizes[0] if page_sizes else 0,
        "page_bytes_median": page_sizes[len(page_sizes) // 2] if page_sizes else 0,
        "page_bytes_max": page_sizes[-1] if page_sizes else 0,
        "gzip_bytes_total": sum(len(r.gz) for r in routes.values() if r.kind == "page" and r.gz),
    }
    return routes, facts


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 500: "Internal Server Error"}


class _Http(asyncio.Protocol):
    """Just enough HTTP/1.1 for GET with keep-alive; answers from the prebuilt routes."""

    def __init__(self, farm: "_Server"):
        self.farm = farm
        self.buf = b""
        self.busy = False
        self.transport: asyncio.Transport | None = None
        self.addr = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.addr = transport.get_extra_info("sockname")[0]
        self.farm.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buf += data
        self._next()

    def _next(self) -> None:
        if self.busy or b"\r\n\r\n" not in self.buf:
            return
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        path = parts[1].split("?", 1)[0] if len(parts) > 1 else "/"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        res = self.farm.routes.get((self.addr, path))
        close = headers.get("connection", "").lower() == "close" or (len(parts) > 2 and parts[2] == "HTTP/1.0")
        if res is None:
            self.farm.count("other", 404)
            self._send(404, {"Content-Type": "text/plain"}, b"not found", close)
            return
        if res.drop:
            self.farm.count(res.kind, 0)
            assert self.transport is not None
            self.transport.close()
            return
        if res.status != 200:
            self.farm.count(res.kind, res.status)
            self._send(res.status, {"Content-Type": "text/html; charset=utf-8"}, res.body, close)
            return
        validators = {"ETag": res.etag or "", "Last-Modified": res.last_modified or "", "Cache-Control": "max-age=60"}
        if (res.etag and headers.get("if-none-match") == res.etag) or (
            res.last_modified and headers.get("if-modified-since") == res.last_modified
        ):
            self.farm.count(res.kind, 304)
            self._send(304, validators, b"", close)
            return
        extra = {"Content-Type": res.ctype, **validators, "Vary": "Accept-Encoding"}
        body = res.body
        if res.gz is not None and "gzip" in headers.get("accept-encoding", ""):
            body = res.gz
            extra["Content-Encoding"] = "gzip"
        self.farm.count(res.kind, 200, len(body))
        if res.delay:
            self.busy = True
            asyncio.get_running_loop().call_later(res.delay, self._delayed, extra, body, close)
        else:
            self._send(200, extra, body, close)

    def _delayed(self, extra: dict[str, str], body: bytes, close: bool) -> None:
        self.busy = False
        if self.transport is not None and not self.transport.is_closing():
            self._send(200, extra, body, close)
            self._next()

    def _send(self, status: int, headers: dict[str, str], body: bytes, close: bool) -> None:
        assert self.transport is not None
        head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}", "Server: newsdigest-farm",
                f"Date: {format_datetime(datetime.now(timezone.utc), usegmt=True)}"]
        head += [f"{k}: {v}" for k, v in headers.items() if v]
        if status != 304:
            head.append(f"Content-Length: {len(body)}")
        head.append("Connection: close" if close else "Connection: keep-alive")
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        if close:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


class _Server:
    def __init__(self, routes: dict[tuple[str, str], Resource]):
        self.routes = routes
        self.connections = 0
        self.counts: dict[str, int] = {}
        self.bytes_sent = 0

    def count(self, kind: str, status: int, size: int = 0) -> None:
        key = f"{kind} {status or 'dropped'}"
        self.counts[key] = self.counts.get(key, 0) + 1
        self.bytes_sent += size

    def stats(self) -> dict[str, object]:
        return {"requests": dict(sorted(self.counts.items())), "connections": self.connections, "bytes_sent": self.bytes_sent}


def _listen(hosts: list[str]) -> tuple[int, list[socket.socket]]:
    """One listening socket per loopback host, all on the same port (retrying ports if one is taken)."""
    for _attempt in range(20):
        first = socket.socket()
        first.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        first.bind((hosts[0], 0))
        port = first.getsockname()[1]
        socks = [first]
        try:
            for host in hosts[1:]:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                socks.append(s)
                s.bind((host, port))
        except OSError:
            for s in socks:
                s.close()
            continue
        for s in socks:
            s.listen(1024)
            s.setblocking(False)
        return port, socks
    raise RuntimeError("could not find one free port on all the farm's loopback addresses")


def _serve(plan: FarmPlan, conn: "multiprocessing.connection.Connection") -> None:
    """The farm process: build everything, report ready, answer until told to stop."""
    try:
        t0 = time.perf_counter()
        kinds = plan.kinds()
        # Refused feeds get no socket: a connection to their host is refused by the kernel.
        hosts = [plan.host(k) for k in range(plan.feeds) if kinds[k] != "refused"]
        port, socks = _listen(hosts)
        routes, facts = build_routes(plan, port)
        facts["build_seconds"] = round(time.perf_counter() - t0, 2)
        server = _Server(routes)
    except BaseException as exc:  # report instead of leaving the parent waiting
        conn.send(("error", repr(exc)))
        raise

    async def main() -> None:
        loop = asyncio.get_running_loop()
        servers = [await loop.create_server(lambda: _Http(server), sock=s, backlog=1024) for s in socks]
        stop = asyncio.Event()

        def on_message() -> None:
            try:
                msg = conn.recv()
            except EOFError:
                stop.set()
                return
            if msg == "stats":
                conn.send(server.stats())
            elif msg == "reset":
                server.counts.clear()
                server.bytes_sent = 0
                server.connections = 0
                conn.send(True)
            elif msg == "stop":
                stop.set()

        loop.add_reader(conn.fileno(), on_message)
        conn.send(("ready", port, facts))
        await stop.wait()
        for s in servers:
            s.close()

    asyncio.run(main())


class Farm:
    """Run the farm in its own process (``spawn``: a clean interpreter, no inherited threads)."""

    def __init__(self, plan: FarmPlan, start_timeout: float = 600.0):
        self.plan = plan
        self.start_timeout = start_timeout
        self.process: multiprocessing.process.BaseProcess | None = None
        self.port = 0
        self.facts: dict[str, int] = {}
        self.kinds = plan.kinds()

    def __enter__(self) -> "Farm":
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(self.plan, child), name="newsdigest-farm", daemon=True)
        self.process.start()
        child.close()
        if not self._conn.poll(self.start_timeout):
            self.__exit__()
            raise RuntimeError("the feed farm did not start in time")
        msg = self._conn.recv()
        if msg[0] != "ready":
            self.__exit__()
            raise RuntimeError(f"the feed farm failed to start: {msg[1]}")
        _, self.port, self.facts = msg
        self.corpus = Corpus(self.plan, self.port)
        return self

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def feed_urls(self) -> list[str]:
        return [self.corpus.feed_url(k) for k in range(self.plan.feeds)]

    def names(self) -> list[str]:
        return list(self.corpus.sites)

    def stats(self) -> dict[str, object]:
        self._conn.send("stats")
        return self._conn.recv()

    def reset_stats(self) -> None:
        self._conn.send("reset")
        self._conn.recv()

    def __exit__(self, *exc: object) -> None:
        if self.process is None:
            return
        try:
            self._conn.send("stop")
        except (OSError, ValueError):
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        self._conn.close()
        self.process = None


def describe(plan: FarmPlan) -> dict[str, object]:
    kinds = plan.kinds()
    return {**asdict(plan), "kinds": {k: kinds.count(k) for k in sorted(set(kinds))}}


if __name__ == "__main__":  # a quick look: python -m benchmarks.support.farm [feeds] [items]
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    plan = FarmPlan(feeds=n, items=m)
    with Farm(plan) as farm:
        print(json.dumps(describe(plan), indent=1))
        print(json.dumps(farm.facts, indent=1))
        for url in farm.feed_urls:
            print(url)
        input("serving; press Enter to stop ") if sys.stdin.isatty() else None
