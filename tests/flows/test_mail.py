"""Scheduled-digest delivery against a real SMTP server on 127.0.0.1: the message, faults, never twice."""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.cli import run_cli
from support.feeds import NOWHERE, item, rss, unique_body
from support.http import FeedServer, Route
from support.smtp import SmtpServer, free_port

from bot.config import parse_config
from bot.fetch import Http, HttpSettings
from bot.outbox import dispatch, make_digest
from bot.render import make_environment
from bot.store import open_store
from bot.workers import Workers

NOW = datetime(2026, 11, 21, 7, 0, tzinfo=timezone.utc)


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def mail_config(feed_url: str, port: int, extra_profile: str = "", tmp: Path | None = None) -> str:
    return f"""
timezone: Europe/Lisbon
feeds:
  - url: {feed_url}
    name: Tiny Times
mail:
  host: 127.0.0.1
  port: {port}
  security: plain
  from: News Digest <digest@example.org>
  timeout: 5
profiles:
  morning:
    title: Morning digest
    sentences: 2
    schedule: daily at 07:00
    deliver:
      email:
        to: [reader@example.org, "Second Reader <second@example.org>"]
{extra_profile}"""


def feed_with_stories(server: FeedServer, n: int = 3) -> str:
    server.routes["/feed.xml"] = Route(body=rss([item(i, NOW - timedelta(hours=i)) for i in range(1, n + 1)]))
    return server.url("/feed.xml")


class Harness:
    """The real pipeline and dispatcher over a real SQLite file (a path) or database (a URL), with a clock the test moves."""

    def __init__(self, config_text: str, db: Path | str):
        self.config = parse_config(config_text, "test config")
        self.store = open_store(db if isinstance(db, str) else f"sqlite:///{db}")
        self.env = make_environment()

    def make(self, now: datetime, slot: datetime | None = None) -> int:
        with Http(HttpSettings(timeout=5)) as http, Workers(1) as workers:
            return make_digest(self.config, "morning", self.store, http, workers, self.env, now, slot=slot)

    def dispatch(self, now: datetime, digest_id: int | None = None):
        return dispatch(self.config, self.store, now, digest_id=digest_id)


def test_message_has_both_parts_proper_headers_and_mail_safe_html(server, smtp, tmp_path):
    h = Harness(mail_config(feed_with_stories(server), smtp.port), tmp_path / "s.db")
    digest_id = h.make(NOW, slot=NOW)
    results = h.dispatch(NOW, digest_id)
    assert [r.outcome for r in results] == ["sent"]
    (msg,) = smtp.inbox.parsed()
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and html is not None
    text, page = plain.get_content(), html.get_content()
    assert "Story number 1 about the new bridge 7" in text and f"{NOWHERE}/news/1" in text
    assert f'href="{NOWHERE}/news/1"' in page
    assert "<script" not in page.lower() and "<link" not in page.lower()
    # The light look is inline styles, the only kind every client keeps; the one <style> block is dark mode only.
    assert page.lower().count("<style") == 1 and "@media (prefers-color-scheme: dark)" in page
    assert 'style="' in page
    assert len(page.encode()) < 100_000
    assert msg["From"] == "News Digest <digest@example.org>"
    assert "reader@example.org" in msg["To"] and "second@example.org" in msg["To"]
    assert msg["Subject"] == "Morning digest: 3 stories, Sat 21 Nov 2026"
    assert msg["Message-ID"].startswith("<digest.") and msg["Message-ID"].endswith("@example.org>")
    assert "morning.newsdigest" in msg["List-Id"]
    assert msg["Date"]
    assert h.store.digest(digest_id).status == "sent"
    assert h.store.delivered_count("morning") == 3


def test_same_slot_twice_makes_one_digest_and_one_message(server, smtp, state):
    h = Harness(mail_config(feed_with_stories(server), smtp.port), state)
    first = h.make(NOW, slot=NOW)
    h.dispatch(NOW, first)
    second = h.make(NOW + timedelta(minutes=3), slot=NOW)
    assert second == first
    assert h.dispatch(NOW + timedelta(minutes=3)) == []
    assert len(smtp.inbox.messages) == 1


def test_temporary_451_is_retried_with_backoff_and_sent_once(server, smtp, state):
    smtp.inbox.script = ["451"]
    h = Harness(mail_config(feed_with_stories(server), smtp.port), state)
    digest_id = h.make(NOW, slot=NOW)
    assert [r.outcome for r in h.dispatch(NOW, digest_id)] == ["retry"]
    assert smtp.inbox.messages == []
    assert h.store.delivered_count("morning") == 0
    assert h.dispatch(NOW + timedelta(seconds=30)) == []  # not due yet: backoff
    assert [r.outcome for r in h.dispatch(NOW + timedelta(minutes=2))] == ["sent"]
    assert len(smtp.inbox.messages) == 1
    assert h.store.delivered_count("morning") == 3


def test_permanent_550_is_recorded_and_entries_stay_undelivered(server, smtp, state):
    smtp.inbox.script = ["550"]
    h = Harness(mail_config(feed_with_stories(server), smtp.port), state)
    digest_id = h.make(NOW, slot=NOW)
    (result,) = h.dispatch(NOW, digest_id)
    assert result.outcome == "failed" and "550" in result.detail
    assert h.store.digest(digest_id).status == "failed"
    assert h.store.delivered_count("morning") == 0
    assert h.dispatch(NOW + timedelta(hours=2)) == []  # no retry of a permanent failure
    # The entries are still new: the next digest carries them.
    later = h.make(NOW + timedelta(days=1), slot=NOW + timedelta(days=1))
    assert h.store.digest(later).story_count == 3
    assert [r.outcome for r in h.dispatch(NOW + timedelta(days=1), later)] == ["sent"]
    assert len(smtp.inbox.messages) == 1


def test_refused_connection_is_retried_and_survives_a_restart(server, smtp, state):
    closed = free_port()
    cfg = mail_config(feed_with_stories(server), closed)
    h = Harness(cfg, state)
    digest_id = h.make(NOW, slot=NOW)
    (result,) = h.dispatch(NOW, digest_id)
    assert result.outcome == "retry" and "refused" in result.detail.lower()
    h.store.close()
    # A new process, with the server now where the config says: the retry comes from the database.
    restarted = Harness(cfg.replace(f"port: {closed}", f"port: {smtp.port}"), state)
    assert [r.outcome for r in restarted.dispatch(NOW + timedelta(minutes=2))] == ["sent"]
    assert len(smtp.inbox.messages) == 1


def test_connection_dropped_during_data_is_retried_to_exactly_one_copy(server, smtp, state):
    smtp.inbox.script = ["drop"]
    h = Harness(mail_config(feed_with_stories(server), smtp.port), state)
    digest_id = h.make(NOW, slot=NOW)
    assert [r.outcome for r in h.dispatch(NOW, digest_id)] == ["retry"]
    assert smtp.inbox.messages == []
    assert [r.outcome for r in h.dispatch(NOW + timedelta(minutes=2))] == ["sent"]
    assert len(smtp.inbox.messages) == 1


def test_crash_after_the_server_had_the_message_never_sends_it_again(server, smtp, state):
    h = Harness(mail_config(feed_with_stories(server), smtp.port), state)
    digest_id = h.make(NOW, slot=NOW)
    (row,) = h.store.outbox_rows(digest_id)
    # What a kill -9 leaves when it lands while waiting for the reply to the end of DATA:
    h.store.outbox_update(row.id, status="sending", stage="awaiting-reply")
    smtp.inbox.messages.append(b"(the copy the server accepted before the crash)")
    h.store.recover_interrupted()
    assert h.dispatch(NOW + timedelta(minutes=5)) == []
    assert len(smtp.inbox.messages) == 1
    assert h.store.settle_digest(digest_id, NOW) == "sent"


def test_crash_before_data_reached_the_server_is_resent(server, smtp, state):
    h = Harness(mail_config(feed_with_stories(server), smtp.port), state)
    digest_id = h.make(NOW, slot=NOW)
    (row,) = h.store.outbox_rows(digest_id)
    h.store.outbox_update(row.id, status="sending", stage="connecting")
    h.store.recover_interrupted()
    assert [r.outcome for r in h.dispatch(NOW)] == ["sent"]
    assert len(smtp.inbox.messages) == 1


def test_nothing_new_sends_nothing_unless_asked(server, smtp, tmp_path):
    server.routes["/feed.xml"] = Route(body=rss([]))
    url = server.url("/feed.xml")
    h = Harness(mail_config(url, smtp.port), tmp_path / "s.db")
    digest_id = h.make(NOW, slot=NOW)
    assert h.store.digest(digest_id).status == "empty"
    assert h.dispatch(NOW, digest_id) == [] and smtp.inbox.messages == []
    h2 = Harness(mail_config(url, smtp.port, "    send_empty: true\n"), tmp_path / "s2.db")
    assert [r.outcome for r in h2.dispatch(NOW, h2.make(NOW, slot=NOW))] == ["sent"]
    (msg,) = smtp.inbox.parsed()
    assert "Nothing new since" in msg.get_body(("plain",)).get_content()


def test_oversized_digest_is_trimmed_and_says_how_many_more(server, smtp, tmp_path):
    server.routes["/feed.xml"] = Route(body=rss([{**item(i, NOW - timedelta(hours=i)), "body": unique_body(i)}
                                                 for i in range(1, 61)]))
    url = server.url("/feed.xml")
    cfg = mail_config(url, smtp.port).replace("  timeout: 5", "  timeout: 5\n  max_html_bytes: 20000")
    h = Harness(cfg.replace("first_run_window", "x") + "    first_run_window: 7d\n", tmp_path / "s.db")
    digest_id = h.make(NOW, slot=NOW)
    h.dispatch(NOW, digest_id)
    (msg,) = smtp.inbox.parsed()
    page = msg.get_body(("html",)).get_content()
    assert len(page.encode()) <= 20_000
    stored = h.store.digest(digest_id)
    more = re.search(r"and (\d+) more stories", page)
    assert more and int(more[1]) > 0 and stored.story_count > 0
    # Stories that did not fit stay new for the next digest.
    assert h.store.delivered_count("morning") == stored.article_count < 60


def test_files_atom_and_email_deliveries_together(server, smtp, tmp_path):
    extra = f"""      directory: {tmp_path / 'out'}
      atom:
        path: {tmp_path / 'out' / 'digests.atom'}
    formats: [markdown, html]
"""
    cfg = mail_config(feed_with_stories(server), smtp.port).replace(
        "        to: [reader@example.org, \"Second Reader <second@example.org>\"]\n",
        "        to: [reader@example.org]\n" + extra)
    h = Harness(cfg, tmp_path / "s.db")
    digest_id = h.make(NOW, slot=NOW)
    assert sorted(r.kind for r in h.dispatch(NOW, digest_id) if r.outcome == "sent") == ["atom", "directory", "email"]
    files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert files == ["digests.atom", "morning-2026-11-21T0700Z.html", "morning-2026-11-21T0700Z.md"]
    import feedparser

    feed = feedparser.parse((tmp_path / "out" / "digests.atom").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1 and "Story number 1" in feed.entries[0].content[0].value


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_html_email_renders_in_headless_chromium(server, smtp, tmp_path):
    h = Harness(mail_config(feed_with_stories(server), smtp.port), tmp_path / "s.db")
    h.dispatch(NOW, h.make(NOW, slot=NOW))
    (msg,) = smtp.inbox.parsed()
    page = tmp_path / "mail.html"
    page.write_text(msg.get_body(("html",)).get_content(), encoding="utf-8")
    shot = tmp_path / "mail.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=700,1000", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    if keep := os.environ.get("NEWSDIGEST_KEEP_SCREENSHOT"):
        Path(keep).write_bytes(data)  # for a person to look at


def test_digest_send_on_demand_then_nothing_new(server, smtp, tmp_path, clean_home):
    cfg = tmp_path / "config.yaml"
    now = datetime.now(timezone.utc)
    server.routes["/feed.xml"] = Route(body=rss([item(1, now - timedelta(hours=1)), item(2, now - timedelta(hours=2))]))
    cfg.write_text(mail_config(server.url("/feed.xml"), smtp.port))
    first = run_cli("digest", "--send", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "email: delivered" in first.stderr
    assert len(smtp.inbox.messages) == 1
    second = run_cli("digest", "--send", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    assert second.returncode == 0 and "nothing new" in second.stderr
    assert len(smtp.inbox.messages) == 1
    clash = run_cli("digest", "--send", "--dry-run", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    assert clash.returncode == 2 and "--send cannot be combined" in clash.stderr


def test_send_test_reports_success_and_failure_with_a_hint(server, smtp, tmp_path, clean_home):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(mail_config("https://example.org/feed.xml", smtp.port))
    ok = run_cli("send-test", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    (msg,) = smtp.inbox.parsed()
    assert msg["Subject"].startswith("[test] ") and "harbour bridge" in msg.get_body(("plain",)).get_content().lower()
    cfg.write_text(mail_config("https://example.org/feed.xml", free_port()))
    bad = run_cli("send-test", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    assert bad.returncode == 1 and "Check your SMTP settings" in bad.stderr


def test_password_comes_from_the_environment_and_is_never_printed(smtp, tmp_path, clean_home):
    cfg = tmp_path / "config.yaml"
    text = mail_config("https://example.org/feed.xml", smtp.port).replace(
        "  timeout: 5", "  timeout: 5\n  username: reader\n  password_env: DIGEST_SMTP_PASSWORD")
    cfg.write_text(text)
    missing = run_cli("send-test", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    assert missing.returncode == 2 and "DIGEST_SMTP_PASSWORD is not set" in missing.stderr
    secret = "s3cret-Value-42"
    # The local test server offers no AUTH over plain text, so login fails: the message must not leak the secret.
    failed = run_cli("send-test", "-c", str(cfg), home=clean_home, cwd=tmp_path, env={"DIGEST_SMTP_PASSWORD": secret})
    assert failed.returncode == 1
    assert secret not in failed.stderr and secret not in failed.stdout
    assert "password" not in text.split("password_env")[0]


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_implicit_tls_against_a_real_tls_server(security, tmp_path, clean_home):
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = SmtpServer(tls_context=server_context, implicit=security == "tls")
    try:
        cfg = tmp_path / "config.yaml"
        cfg.write_text(mail_config("https://example.org/feed.xml", server.port)
                       .replace("security: plain", f"security: {security}"))
        # The client trusts the test CA the way OpenSSL lets any user point at a private CA.
        ok = run_cli("send-test", "-c", str(cfg), home=clean_home, cwd=tmp_path, env={"SSL_CERT_FILE": str(ca_file)})
        assert ok.returncode == 0, ok.stderr
        assert len(server.inbox.messages) == 1
        untrusted = run_cli("send-test", "-c", str(cfg), home=clean_home, cwd=tmp_path)
        assert untrusted.returncode == 1 and "Check your SMTP settings" in untrusted.stderr
        assert len(server.inbox.messages) == 1
    finally:
        server.stop()
