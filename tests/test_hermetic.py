"""The suite stays on loopback: a test that asks for any other host fails, naming the host."""

from __future__ import annotations

import socket

import pytest
from support.network import LoopbackOnly

from bot.fetch import Http, HttpSettings


def test_a_test_that_looks_up_a_real_name_fails_and_says_which(pytester: pytest.Pytester):
    pytester.makeconftest("from support.network import loopback_only  # noqa: F401\n")
    pytester.makepyfile(test_leaks="""
        import socket

        def test_leaks():
            try:
                socket.getaddrinfo("example.org", 443)
            except socket.gaierror:
                pass  # code under test often swallows the failure: the guard still fails the test
    """)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*non-loopback host: getaddrinfo('example.org')*"])


def test_lookups_and_connections_beyond_loopback_fail_like_an_offline_machine(loopback_only: LoopbackOnly):
    with pytest.raises(socket.gaierror, match="Name or service not known"):
        socket.getaddrinfo("example.org", 80)
    with pytest.raises(socket.gaierror):
        socket.gethostbyname("example.com")
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    assert loopback_only.violations == ["getaddrinfo('example.org')", "gethostbyname('example.com')",
                                        "create_connection('192.0.2.1')"]
    loopback_only.violations.clear()  # seen: this test is about them


def test_loopback_works_and_dot_invalid_is_unresolvable_without_counting(loopback_only: LoopbackOnly, server):
    assert socket.getaddrinfo("localhost", 80)
    assert socket.gethostbyname("127.0.0.1") == "127.0.0.1"
    with Http(HttpSettings(timeout=3)) as http:
        assert http.get(server.url("/missing")).status == 404
        assert "no-such-host.invalid" in (http.get("http://no-such-host.invalid/feed.xml").problem or "")
    assert loopback_only.violations == []
