"""A real HTTP endpoint on 127.0.0.1 that takes POSTs, as a chat or push service would: Apprise's
``json://`` webhook and ``ntfy://`` schemes post here. Tests script the answers and read what arrived."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Post:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # what the endpoint answered

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class NotifyEndpoint:
    """``statuses`` are answered in order (then 200); request number ``hold`` (1-based) gets no answer
    until ``release()``, so a test can stop the sender while its message is in flight."""

    def __init__(self, statuses: list[int] | None = None, hold: int | None = None) -> None:
        self.statuses = list(statuses or [])
        self.hold = hold
        self.released = threading.Event()
        self.posts: list[Post] = []
        self._lock = threading.Lock()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                endpoint._answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        with self._lock:
            status = self.statuses.pop(0) if self.statuses else 200
            self.posts.append(Post(h.path, {k.lower(): v for k, v in h.headers.items()}, body, status))
            number = len(self.posts)
        if number == self.hold:
            self.released.wait(30)
        reply = b'{"ok": true}' if status < 300 else b'{"error": "scripted failure"}'
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(reply)))
            h.end_headers()
            h.wfile.write(reply)
        except OSError:  # the sender is gone (a test killed it mid-send)
            pass

    def accepted(self) -> list[Post]:
        return [p for p in self.posts if p.status < 300]

    def wait_for(self, count: int, timeout: float = 60) -> list[Post]:
        deadline = time.monotonic() + timeout
        while len(self.posts) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.posts)

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.httpd.shutdown()
        self.httpd.server_close()
