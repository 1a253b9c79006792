"""`newsdigest demo`: the real pipeline over a bundled sample corpus served on 127.0.0.1.

Nothing is mocked: feeds and pages travel over HTTP from a local server, the state lives in a
temporary SQLite file, and the clock is fixed so the demo prints the same digest every time.
"""

from __future__ import annotations

import hashlib
import mimetypes
import tempfile
import threading
from contextlib import ExitStack
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from bot.app import App
from bot.config import parse_config
from bot.models import Digest
from bot.pipeline import RunReport, run
from bot.render import make_environment, render

DEMO_NOW = datetime(2026, 11, 21, 10, 0, tzinfo=timezone.utc)

_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".rdf": "application/rdf+xml",
          ".json": "application/feed+json", ".xml": "application/xml", ".html": "text/html; charset=utf-8"}


def corpus_root() -> Path:
    return Path(str(resources.files("bot.demo_corpus").joinpath("site")))


class LoopbackSite:
    """Serve a directory on 127.0.0.1 with ``{{BASE}}`` replaced by the server's address.

    Answers conditional requests (ETag) with 304 like a real feed server, so a second run sees
    'not modified'.
    """

    def __init__(self, root: Path):
        self.root = root
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site._serve(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = (self.root / handler.path.split("?")[0].lstrip("/")).resolve()
        if self.root.resolve() not in path.parents or not path.is_file():
            handler.send_error(404, "Not Found")
            return
        body = path.read_bytes().replace(b"{{BASE}}", self.base.encode())
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(200)
        kind = _TYPES.get(path.suffix, mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("ETag", etag)
        handler.end_headers()
        handler.wfile.write(body)

    def __enter__(self) -> "LoopbackSite":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def demo_config_text(base: str) -> str:
    return f"""
feeds:
  - url: {base}/feeds/harbour-gazette.rss
    name: The Harbour Gazette
  - url: {base}/feeds/valley-times.atom
    name: Valley Times
  - url: {base}/feeds/civic-wire.json
    name: Civic Wire
  - url: {base}/feeds/northern-post.rdf
    name: The Northern Post
  - url: {base}/feeds/broken.xml
    name: Broken Example Feed
  - url: {base}/feeds/moved-away.xml
    name: A Feed That Moved Away
profiles:
  demo:
    title: Demo digest
    sentences: 2
    formats: [markdown, html]
    first_run_window: 48h
fetch:
  timeout: 10
  concurrency: 4
"""


def run_demo(now: datetime = DEMO_NOW) -> tuple[str, str]:
    """The demo digest as (Markdown, HTML)."""
    digest, base = _demo(now)
    env = make_environment()
    markdown = render(digest, "markdown", env).replace(base, "http://127.0.0.1:PORT")
    return markdown, render(digest, "html", env)


def demo_digest(now: datetime = DEMO_NOW) -> Digest:
    """The sample digest as data (links point at a server that is gone by then): for `send-test`."""
    return _demo(now)[0]


def _demo(now: datetime) -> tuple[Digest, str]:
    with ExitStack() as stack:
        site = stack.enter_context(LoopbackSite(corpus_root()))
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="newsdigest-demo-")))
        config = parse_config(demo_config_text(site.base), "demo config")
        app = App.build(config, f"sqlite:///{tmp / 'state.db'}", stack)  # the demo config's fetch settings
        report: RunReport = run(config, "demo", app.store, app.http, app.workers, now)
        return report.digest, site.base


