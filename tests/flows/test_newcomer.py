"""A newcomer with an OPML file: `init`, `feeds list`, `send-test`, then `run`, whose scheduled digest arrives both by
e-mail and at a notify endpoint: four commands, a real SMTP server, a real webhook endpoint and feeds on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.cli import run_cli, start_cli_process
from support.feeds import item, rss
from support.http import FeedServer, Route
from support.smtp import SmtpServer
from support.webhook import NotifyEndpoint

NOW = datetime.now(timezone.utc)


@pytest.fixture
def endpoint():
    hook = NotifyEndpoint()
    yield hook
    hook.close()


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def test_from_an_opml_file_to_a_scheduled_digest_by_email_and_notify(server: FeedServer, smtp: SmtpServer,
                                                                      endpoint: NotifyEndpoint, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch, clean_home: Path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    ferry = item(10, NOW - timedelta(hours=1), title="Ferry crews walk out")
    satellite = item(3, NOW - timedelta(hours=2), title="Weather satellite launched")
    server.routes["/world.xml"] = Route(body=rss([ferry], title="World Wire"))
    server.routes["/tech.xml"] = Route(body=rss([satellite], title="Tech Times"))
    opml = tmp_path / "from-my-reader.opml"
    opml.write_text(f"""<?xml version="1.0"?><opml version="2.0"><head><title>mine</title></head><body>
<outline text="World"><outline text="World Wire" type="rss" xmlUrl="{server.url('/world.xml')}"/></outline>
<outline text="Tech"><outline text="Tech Times" type="rss" xmlUrl="{server.url('/tech.xml')}"/></outline>
</body></opml>""", encoding="utf-8")
    slot = datetime.now(timezone.utc) - timedelta(minutes=1)  # just missed: `run` catches it up at start

    init = run_cli("init", "--opml", str(opml), "--email", "me@example.org", "--smtp", f"127.0.0.1:{smtp.port}",
                   "--smtp-security", "plain", "--notify", f"json://127.0.0.1:{endpoint.port}/hook",
                   "--schedule", f"daily at {slot:%H:%M}", "--timezone", "UTC", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    listed = run_cli("feeds", "list", cwd=tmp_path)
    assert listed.returncode == 0 and "  World/\n    World Wire  <" in listed.stdout and "  Tech/\n" in listed.stdout
    test_sent = run_cli("send-test", cwd=tmp_path)
    assert test_sent.returncode == 0, test_sent.stderr
    assert len(smtp.inbox.parsed()) == 1 and len(endpoint.posts) == 1  # both targets checked
    daemon = start_cli_process("run", home=clean_home, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        while (len(smtp.inbox.parsed()) < 2 or len(endpoint.posts) < 2) and time.monotonic() < deadline:
            assert daemon.poll() is None, daemon.communicate()[1]
            time.sleep(0.2)
    finally:
        daemon.terminate()
        _, log = daemon.communicate(timeout=30)

    messages = smtp.inbox.parsed()
    assert len(messages) == 2 and all(m["To"] == "me@example.org" for m in messages), log
    digest = messages[-1].get_body(("plain",)).get_content()
    assert "Ferry crews walk out" in digest and "Weather satellite launched" in digest
    assert "Ferry crews at the northern harbour walked out on Monday" in digest
    assert len(endpoint.posts) == 2, log
    posted = endpoint.posts[-1].json
    assert "Ferry crews walk out" in posted["message"] and "Weather satellite launched" in posted["message"]
    assert posted["title"] and "[test]" not in posted["title"]
