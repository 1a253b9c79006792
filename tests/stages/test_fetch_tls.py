"""bot.fetch.http's TLS context: httpx's own, its trust store read at the first TLS connection (a real TLS server on
127.0.0.1, its certificate from a throw-away CA)."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.fetch import Http, HttpSettings
from bot.fetch.http import TrustOnFirstUse

trustme = pytest.importorskip("trustme")


@pytest.fixture
def tls_server() -> Iterator[tuple[str, Any]]:
    """(base URL, the CA that signed its certificate) of an HTTPS server answering every GET with b"tls ok"."""
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"tls ok")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", ca
    httpd.shutdown()
    httpd.server_close()


def _context(http: Http) -> TrustOnFirstUse:
    context = http.ssl_context
    assert isinstance(context, TrustOnFirstUse)
    # Every origin's pool (made at its first request) uses the one context, so the trust store is read once.
    assert all(p._pool._ssl_context is context for p in http.transport.pools.values())  # type: ignore[attr-defined]
    return context


def _same(a: ssl.SSLContext, b: ssl.SSLContext) -> None:
    for name in ("protocol", "options", "verify_mode", "verify_flags", "check_hostname", "minimum_version",
                 "maximum_version", "post_handshake_auth", "keylog_filename"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.cert_store_stats() == b.cert_store_stats()
    assert a.get_ca_certs() == b.get_ca_certs()


def test_the_trust_store_is_read_at_the_first_tls_connection_only(server, tls_server, tmp_path, monkeypatch):
    from support.http import Route

    url, ca = tls_server
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
    server.routes["/plain"] = Route(body=b"plain ok", content_type="text/plain")
    with Http(HttpSettings(timeout=10)) as http:
        context = _context(http)
        assert http.get(server.url("/plain")).body == b"plain ok"
        assert not context.trusted and context.cert_store_stats()["x509_ca"] == 0  # plain HTTP read no certificate
        answer = http.get(url + "/page")
        assert (answer.status, answer.body, answer.problem) == (200, b"tls ok", None)
        assert context.trusted and context.cert_store_stats()["x509_ca"] == 1  # the CA SSL_CERT_FILE names
        assert http.get(url + "/again").body == b"tls ok"
        assert len(http.transport.pools) == 2 and _context(http) is context  # the plain origin and the TLS one


def test_certifis_bundle_does_not_trust_a_stranger(tls_server, monkeypatch):
    url, _ = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with Http(HttpSettings(timeout=10)) as http:
        answer = http.get(url + "/page")
        assert answer.status is None and answer.body == b"" and "certificate" in (answer.problem or "")
        assert _context(http).cert_store_stats()["x509_ca"] > 50  # (certifi's bundle was read, and it said no)


@pytest.mark.parametrize("source", ["certifi", "SSL_CERT_FILE", "SSL_CERT_DIR"])
def test_the_context_once_loaded_is_httpxs_own(source, tls_server, tmp_path, monkeypatch):
    import httpx

    _, ca = tls_server
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "SSLKEYLOGFILE"):
        monkeypatch.delenv(name, raising=False)
    if source == "SSL_CERT_FILE":
        ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "ca.pem"))
        monkeypatch.setenv("SSLKEYLOGFILE", str(tmp_path / "keys.log"))
    elif source == "SSL_CERT_DIR":
        monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    ours = TrustOnFirstUse()
    ours.trust()
    ours.trust()  # (once: a second call reads nothing again)
    _same(ours, httpx.create_ssl_context())
    read = ours.cert_store_stats()["x509_ca"]
    # (a directory's certificates are read as a handshake needs them)
    assert read > 50 if source == "certifi" else read == {"SSL_CERT_FILE": 1, "SSL_CERT_DIR": 0}[source]
