"""bot.fetch.wire against httpx's client, the plain form it stands in for: on the same real servers (127.0.0.1,
scripted byte for byte), each case fetched both ways must send the same bytes and give the same Response."""

from __future__ import annotations

import gzip
import logging
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from bot.fetch import Http, HttpSettings
from bot.fetch.wire import Wire, decoded_headers
from bot.models import HttpCache

Answer = Callable[[bytes], bytes]  # the request's head -> the bytes sent back (b"": close without answering)


def reply(status: str = "200 OK", body: bytes = b"hello", headers: list[str] | None = None, length: bool = True) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(headers or [])]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class RawServer:
    """Answers each request by its path from ``routes``; keeps every request head as it came in."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.heads: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                self.heads.append(head)
                path = head.split(b" ")[1].decode("latin-1")
                answer = self.routes.get(path.split("?")[0], lambda h: reply("404 Not Found", b"no"))(head)
                if not answer:
                    return
                conn.sendall(answer)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def servers() -> Iterator[tuple[RawServer, RawServer]]:
    a, b = RawServer(), RawServer()
    yield a, b
    a.close()
    b.close()


def both(servers: tuple[RawServer, RawServer], calls: list[tuple[str, HttpCache | None]], caplog: pytest.LogCaptureFixture,
         **settings: object) -> None:
    """Fetch ``calls`` in order in one Http, the client's way and then the wire's; the same requests and results."""
    seen = []
    for plain in (True, False):
        for srv in servers:
            srv.heads.clear()
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="httpx"), Http(HttpSettings(timeout=5, **settings)) as http:  # type: ignore[arg-type]
            http.plain = plain
            results = [http.get(url, cache) for url, cache in calls]
        logged = [r.getMessage() for r in caplog.records if r.name == "httpx"]
        seen.append((results, [list(s.heads) for s in servers], logged))
    (old, old_heads, old_log), (new, new_heads, new_log) = seen
    assert new == old
    assert new_heads == old_heads and any(old_heads)
    assert new_log == old_log


def redirect(to: str, status: str = "302 Found", extra: list[str] | None = None, body: bytes = b"") -> Answer:
    return lambda head: reply(status, body, [f"Location: {to}", *(extra or [])])


def test_plain_gzip_conditional_and_errors(servers, caplog):
    a, _ = servers
    a.routes["/feed"] = lambda h: reply(body=b"<rss/>", headers=["Content-Type: application/rss+xml", 'ETag: "v1"',
                                                                  "Vary: Accept", "Vary: Origin", "X-Name: caf\xe9"])
    a.routes["/gz"] = lambda h: reply(body=gzip.compress(b"<p>words</p>" * 50), headers=["Content-Encoding: gzip"])
    a.routes["/same"] = lambda h: reply("304 Not Modified", b"", length=False) if b"If-None-Match" in h else reply()
    a.routes["/gone"] = lambda h: reply("410 Gone Away", b"bye")
    a.routes["/odd"] = lambda h: reply("500 ", b"x")
    a.routes["/big"] = lambda h: reply(body=b"x" * 5000)
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    a.routes["/chunked"] = lambda h: chunked
    a.routes["/bomb"] = lambda h: reply(body=gzip.compress(b"\0" * 100_000), headers=["Content-Encoding: gzip"])
    a.routes["/drop"] = lambda h: b""
    cache = HttpCache(etag='"v1"', last_modified="Wed, 02 Dec 2026 10:00:00 GMT")
    calls = [(a.base + p, None) for p in ("/feed", "/gz", "/same", "/gone", "/odd", "/chunked", "/bomb", "/nowhere")]
    calls += [(a.base + "/same", cache), (a.base + "/feed?q=%C3%BC&b=1#part", cache), (a.base + "/caf\xe9 x/?q=\xfc", None)]
    calls += [(a.base + "/big", None), (a.base + "/drop", None)]
    both(servers, calls, caplog, max_bytes=4000)


def test_redirects_within_and_across_origins(servers, caplog):
    a, b = servers
    a.routes["/r1"] = redirect("/r2", "301 Moved Permanently")
    a.routes["/r2"] = redirect(a.base + "/r3", "307 Temporary Redirect", body=b"see there")
    a.routes["/r3"] = redirect(b.base + "/there", "303 See Other")
    b.routes["/there"] = redirect("../final?x=1", "308 Permanent Redirect")
    b.routes["/final"] = lambda h: reply(body=b"arrived")
    a.routes["/frag"] = redirect("/r2")
    a.routes["/nohost"] = redirect("http:///r2")
    a.routes["/bad"] = redirect("http://[::1")
    a.routes["/ftp"] = redirect("ftp://127.0.0.1/x")
    a.routes["/broken-body"] = redirect("/r2", extra=["Content-Encoding: gzip"], body=b"not gzip at all")
    a.routes["/notmodified-redirect"] = lambda h: reply("302 Found", b"", ["X-No-Location: 1"])
    paths = ("/r1", "/frag#keep", "/nohost", "/bad", "/ftp", "/broken-body", "/notmodified-redirect")
    calls = [(a.base + p, None) for p in paths]
    both(servers, calls, caplog)


@pytest.mark.parametrize("hops", [5, 6])
def test_the_redirect_cap(servers, caplog, hops):
    a, _ = servers
    for n in range(hops):
        a.routes[f"/hop{n}"] = redirect(f"/hop{n + 1}")
    a.routes[f"/hop{hops}"] = lambda h: reply(body=b"end")
    both(servers, [(a.base + "/hop0", None)], caplog, max_redirects=5)


def test_cookies_set_on_the_way_are_sent_back(servers, caplog):
    a, b = servers
    a.routes["/login"] = redirect("/home", extra=["Set-Cookie: session=abc; Path=/", "Set-Cookie: theme=dark"])
    a.routes["/home"] = lambda h: reply(body=b"home", headers=["Set-Cookie: seen=1; Max-Age=3600"])
    a.routes["/away"] = redirect(b.base + "/b", extra=["Set-Cookie: more=2"])
    b.routes["/b"] = lambda h: reply(body=b"b", headers=["Set-Cookie: bee=3; Domain=127.0.0.1"])
    a.routes["/expire"] = lambda h: reply(body=b"x", headers=["Set-Cookie: session=; Max-Age=0"])
    calls = [(a.base + p, None) for p in ("/login", "/home", "/away", "/home", "/expire", "/home")] + [(b.base + "/b", None)]
    both(servers, calls, caplog)


def test_addresses_the_wire_leaves_to_the_client_and_failures(servers, caplog):
    a, _ = servers
    a.routes["/secret"] = lambda h: reply(body=b"ok" if b"Authorization" in h else b"who?")
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    calls = [(a.base.replace("//", "//user:pw@") + "/secret", None), ("example.org/feed", None), ("ftp://127.0.0.1/x", None),
             (f"http://127.0.0.1:{port}/refused", None), (a.base + "/secret", None)]
    both(servers, calls, caplog)
    http = Http(HttpSettings())
    assert not http.wire.takes(http.client.build_request("GET", "https://u:p@a.example/").url)
    assert http.wire.takes(http.client.build_request("GET", "https://a.example/x?y").url)
    http.close()


def test_the_wire_is_the_default_and_the_client_stays_for_what_it_leaves(servers, monkeypatch):
    a, _ = servers
    a.routes["/x"] = lambda h: reply(body=b"x")
    with Http(HttpSettings()) as http:
        monkeypatch.setattr(http.client, "stream", lambda *a, **k: pytest.fail("the client was used"))
        assert http.get(a.base + "/x").body == b"x"
        assert isinstance(http.wire, Wire)


@pytest.mark.parametrize("raw", [
    [(b"Content-Type", b"text/html"), (b"VARY", b"a"), (b"vary", b"b")],
    [(b"X-Name", "café".encode()), (b"Set-Cookie", b"a=1")],
    [(b"X-Name", "café".encode("latin-1")), (b"X", "ü".encode())],
    [(b"X-\xc3\xa9", b"1")],
    [],
])
def test_decoded_headers_are_what_httpx_headers_decode(raw):
    import httpx

    from bot.fetch.http import header_dict

    assert decoded_headers(raw) == header_dict(httpx.Headers(raw))
