"""A newcomer with an OPML file: `init`, `feeds list`, `send-test`, then the profile's digest by e-mail: four commands,
a real SMTP server and feeds served on 127.0.0.1. (The notify half of issue 14's scenario belongs with the notify
delivery's tests.)"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.cli import run_cli
from support.feeds import item, rss
from support.http import FeedServer, Route
from support.smtp import SmtpServer

NOW = datetime.now(timezone.utc)


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def test_from_an_opml_file_to_a_digest_in_the_inbox(server: FeedServer, smtp: SmtpServer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
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

    init = run_cli("init", "--opml", str(opml), "--email", "me@example.org", "--smtp", f"127.0.0.1:{smtp.port}",
                   "--smtp-security", "plain", "--schedule", "daily at 07:00", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    listed = run_cli("feeds", "list", cwd=tmp_path)
    assert listed.returncode == 0 and "  World/\n    World Wire  <" in listed.stdout and "  Tech/\n" in listed.stdout
    test_mail = run_cli("send-test", cwd=tmp_path)
    assert test_mail.returncode == 0, test_mail.stderr
    sent = run_cli("digest", "--send", cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    assert "email: delivered" in sent.stderr

    messages = smtp.inbox.parsed()
    assert len(messages) == 2 and all(m["To"] == "me@example.org" for m in messages)
    digest = messages[-1].get_body(("plain",)).get_content()
    assert "Ferry crews walk out" in digest and "Weather satellite launched" in digest
    assert "Ferry crews at the northern harbour walked out on Monday" in digest
