"""One GET as ``httpx.Client.stream`` makes it, straight through httpcore: the same request on the wire, the
same redirects, cookies and errors, in a fraction of the objects.

httpx's client builds, for every request, a merged header set, a cookie jar copy, an auth flow, a request
object, a transport request, a response object and three stream wrappers, and decodes the response's
headers on every look-up (~0.5 ms of the main process's CPU a page, a third of all it spends on one).
:meth:`Wire.open` sends the request httpx would send (its headers, in its order, to the same origin's
pool) and reads back what :class:`bot.fetch.http.Http` uses: status, reason, headers decoded as
``httpx.Headers`` decodes them, the final URL and the raw body. What it does not do for itself it hands
to httpx's own pieces, only when they are needed: ``httpx.URL`` for every address, ``httpx.Cookies`` when
the jar holds a cookie or a response sets one, ``httpx.Response.read`` for a redirect's body.
tests/stages/test_fetch_wire.py compares it with the client on the same servers: bytes on the wire,
results, redirects, cookies, failures.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from bot.fetch.pools import PerOrigin, httpcore, httpx

log = logging.getLogger("httpx")  # (the client's own record of each request, for --log-level INFO)

REDIRECTS = (301, 302, 303, 307, 308)
COOKIE_SETTERS = (b"set-cookie", b"set-cookie2")


class Answer:
    """A response's head, decoded as httpx decodes it, and its body to read (:meth:`chunks`) once."""

    def __init__(self, url: httpx.URL, response: httpcore.Response):
        self.url, self.response, self.status = url, response, response.status
        self.stream: Iterable[bytes] = response.stream  # type: ignore[assignment]  # (a sync pool's: iterable)
        self.raw_headers: list[tuple[bytes, bytes]] = response.headers
        self.headers = decoded_headers(self.raw_headers)
        reason = response.extensions.get("reason_phrase")
        self.reason = httpx.codes.get_reason_phrase(self.status) if reason is None else reason.decode("ascii", errors="ignore")

    def chunks(self) -> Iterator[bytes]:
        """The body as sent (not decoded), as httpx's ``iter_raw`` gives it (empty chunks left out)."""
        for chunk in self.stream:
            if chunk:
                yield chunk

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Answer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def decoded_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """``bot.fetch.http.header_dict(httpx.Headers(raw))``: names lower-cased (bytes first, as httpx does),
    all names and values in one encoding (ASCII, else UTF-8, else Latin-1), repeated ones joined by ", "."""
    encoding = "ascii"
    if not all(k.isascii() and v.isascii() for k, v in raw):
        encoding = "utf-8"
        try:
            for k, v in raw:
                k.decode("utf-8")
                v.decode("utf-8")
        except UnicodeDecodeError:
            encoding = "iso-8859-1"
    out: dict[str, str] = {}
    for k, v in raw:
        name, value = k.lower().decode(encoding), v.decode(encoding)
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


class Wire:
    """GETs through ``transport``'s pools, with ``client``'s headers, cookie jar, timeout and redirect cap."""

    def __init__(self, client: httpx.Client, transport: PerOrigin):
        self.client, self.transport = client, transport
        self.base: list[tuple[bytes, bytes]] = list(client.headers.raw)
        self.timeout: dict[str, Any] = client.timeout.as_dict()
        self.cookies = client.cookies

    @staticmethod
    def takes(url: httpx.URL) -> bool:
        """Whether this path makes the request for ``url``; else the client does (a relative address, one
        with a user name or password, which the client turns into an auth flow)."""
        return bool(url.host) and not url.is_relative_url and not url.userinfo

    def open(self, url: httpx.URL, headers: dict[str, str]) -> Answer:
        """The response to a GET of ``url`` with ``headers`` (the client's own are added as it adds them),
        redirects followed; raises httpx's or httpcore's exceptions, as the client would raise httpx's."""
        names = {name.lower() for name in headers}
        sent = [(b"Host", url.netloc)] + [kv for kv in self.base if kv[0].lower().decode("ascii") not in names]
        sent += [(name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()]
        sent = self._with_cookies(url, sent)
        redirects = 0
        while True:
            if redirects > self.client.max_redirects:
                raise httpx.TooManyRedirects("Exceeded maximum allowed redirects.")
            answer = self._one(url, sent)
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS or location is None:
                return answer
            try:
                url, sent = self._redirect(url, sent, location)
                body = b"".join(answer.stream)
            finally:
                answer.close()
            # The client reads a redirect's body decoded, so a broken one fails the request as it did there.
            httpx.Response(answer.status, headers=answer.raw_headers, stream=httpx.ByteStream(body)).read()
            redirects += 1

    def _one(self, url: httpx.URL, sent: list[tuple[bytes, bytes]]) -> Answer:
        pool = self.transport.choose((url.scheme, url.host, url.port))
        try:
            target = httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path)
            response = pool._pool.handle_request(httpcore.Request(b"GET", target, headers=sent,
                                                                  extensions={"timeout": self.timeout}))
        finally:
            self.transport.answered(pool)
        answer = Answer(url, response)
        if any(k.lower() in COOKIE_SETTERS for k, _ in answer.raw_headers):
            request = httpx.Request("GET", url, headers=sent)
            self.cookies.extract_cookies(httpx.Response(answer.status, headers=answer.raw_headers, request=request))
        if log.isEnabledFor(logging.INFO):
            version = response.extensions.get("http_version", b"HTTP/1.1").decode("ascii", errors="ignore")
            log.info('HTTP Request: %s %s "%s %d %s"', "GET", url, version, answer.status, answer.reason)
        return answer

    def _with_cookies(self, url: httpx.URL, sent: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """The jar's Cookie header for ``url`` added as the client adds it (last), when the jar holds any."""
        if not self.cookies:
            return sent
        request = httpx.Request("GET", url, headers=sent)
        httpx.Cookies(self.cookies).set_cookie_header(request)
        return list(request.headers.raw)

    def _redirect(self, url: httpx.URL, sent: list[tuple[bytes, bytes]], location: str) -> tuple[httpx.URL, Any]:
        """The next request as the client builds it (``_redirect_url``, ``_redirect_headers``): a GET stays
        a GET; Host follows a new origin; the Cookie header is the jar's for the new address. (No
        Authorization header is ever sent here, so there is none to drop.)"""
        try:
            new = httpx.URL(location)
        except httpx.InvalidURL as exc:
            raise httpx.RemoteProtocolError(f"Invalid URL in location header: {exc}.") from None
        if new.scheme and not new.host:
            new = new.copy_with(host=url.host)
        if new.is_relative_url:
            new = url.join(new)
        if url.fragment and not new.fragment:
            new = new.copy_with(fragment=url.fragment)
        headers = [kv for kv in sent if kv[0].lower() != b"cookie"]
        if not _same_origin(new, url):
            host = [i for i, kv in enumerate(headers) if kv[0].lower() == b"host"]
            if host:
                headers[host[0]] = (b"Host", new.netloc)
                for i in reversed(host[1:]):
                    del headers[i]
            else:
                headers.append((b"Host", new.netloc))
        return new, self._with_cookies(new, headers)


def _port_or_default(url: httpx.URL) -> int | None:
    return url.port if url.port is not None else {"http": 80, "https": 443}.get(url.scheme)


def _same_origin(url: httpx.URL, other: httpx.URL) -> bool:
    return url.scheme == other.scheme and url.host == other.host and _port_or_default(url) == _port_or_default(other)
