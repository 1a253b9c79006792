"""bot.fetch.http.PerOrigin: a connection pool for each origin (real servers on 127.0.0.1, one port each)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from support.http import FeedServer, Route

from bot.fetch import Http, HttpSettings


@pytest.fixture
def servers() -> Iterator[list[FeedServer]]:
    made = [FeedServer() for _ in range(3)]
    for k, srv in enumerate(made):
        srv.routes["/page"] = Route(body=f"page {k}".encode(), content_type="text/html")
    yield made
    for srv in made:
        srv.close()


def _ports(http: Http) -> list[int | None]:
    return [port for _, _, port in http.transport.pools]


def _port(srv: FeedServer) -> int:
    return int(srv.base.rsplit(":", 1)[1])


def test_each_origin_has_its_own_pool_and_keeps_its_connection(servers):
    a, b, _ = servers
    with Http(HttpSettings(timeout=10)) as http:
        assert [http.get(s.url("/page")).body for s in (a, b, a, a)] == [b"page 0", b"page 1", b"page 0", b"page 0"]
        assert _ports(http) == [_port(b), _port(a)]  # least recently used first
        pool_a = http.transport.pools[("http", "127.0.0.1", _port(a))]
        assert len(pool_a._pool.connections) == 1  # three requests to a, one connection: kept alive
        assert all(c.is_idle() for c in pool_a._pool.connections)


def test_a_redirect_to_another_host_goes_through_that_hosts_pool(servers):
    a, b, _ = servers
    a.routes["/moved"] = Route(status=301, headers={"Location": b.url("/page")}, content_type="text/plain")
    with Http(HttpSettings(timeout=10)) as http:
        answer = http.get(a.url("/moved"))
        assert (answer.status, answer.body, answer.final_url) == (200, b"page 1", b.url("/page"))
        assert sorted(_ports(http)) == sorted([_port(a), _port(b)])


def test_past_the_cap_the_least_recently_used_idle_pool_is_closed(servers):
    a, b, c = servers
    with Http(HttpSettings(timeout=10)) as http:
        http.transport.most = 2
        http.get(a.url("/page"))
        pool_a = http.transport.pools[("http", "127.0.0.1", _port(a))]
        http.get(b.url("/page"))
        http.get(c.url("/page"))
        assert _ports(http) == [_port(b), _port(c)]
        assert all(conn.is_closed() for conn in pool_a._pool.connections) or not pool_a._pool.connections
        assert http.get(a.url("/page")).body == b"page 0"  # a new pool for it; b's, now the oldest, goes
        assert _ports(http) == [_port(c), _port(a)]


def test_a_pool_with_a_request_under_way_is_not_closed(servers):
    a, b, c = servers
    a.routes["/slow"] = Route(body=b"slow page", content_type="text/html", delay=0.5)
    with Http(HttpSettings(timeout=10)) as http:
        http.transport.most = 1
        got: list[bytes] = []
        slow = threading.Thread(target=lambda: got.append(http.get(a.url("/slow")).body))
        slow.start()
        while not a.requests:  # (the request reached the server: a's pool is busy)
            threading.Event().wait(0.01)
        assert http.get(b.url("/page")).body == b"page 1"
        assert http.get(c.url("/page")).body == b"page 2"
        slow.join()
        assert got == [b"slow page"]  # a's pool was kept while its request was under way
        http.get(b.url("/page"))  # a's pool, idle now, is closed at the next request (c's too)
        assert _ports(http) == [_port(b)]
