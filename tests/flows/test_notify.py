"""Chat and push delivery through Apprise against real endpoints on 127.0.0.1 (its json:// webhook and
ntfy:// schemes): the message, retries, permanent refusals, splitting, and never twice across a crash."""

from __future__ import annotations

import random
import signal
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import apprise
import pytest
from support.cli import run_cli, start_cli_process
from support.feeds import NOWHERE, rss, unique_body
from support.http import FeedServer, Route
from support.webhook import NotifyEndpoint

from bot.config import parse_config
from bot.fetch import Http, HttpSettings
from bot.outbox import dispatch, make_digest
from bot.render import make_environment
from bot.store import open_store
from bot.workers import Workers

UTC = timezone.utc
NOW = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)


@pytest.fixture
def endpoint():
    made: list[NotifyEndpoint] = []

    def make(statuses: list[int] | None = None, hold: int | None = None) -> NotifyEndpoint:
        made.append(NotifyEndpoint(statuses, hold))
        return made[-1]

    yield make
    for e in made:
        e.close()


def headline(n: int) -> str:
    rng = random.Random(n * 31)
    syllables = ["ka", "lo", "mi", "ren", "to", "vas", "qui", "dor", "pel", "sun", "bri", "ta", "gon", "fe", "lux"]
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(7)]
    return " ".join(words).capitalize() + f" [{n}]"


def stories_feed(server: FeedServer, count: int, now: datetime) -> tuple[str, list[dict]]:
    items = [{"title": headline(n), "link": f"{NOWHERE}/news/{n}/a_b", "guid": f"id-{n}",
              "date": now - timedelta(minutes=5 * n), "body": unique_body(n, sentences=8)} for n in range(1, count + 1)]
    server.routes["/feed.xml"] = Route(body=rss(items, title="Tiny Times"))
    return server.url("/feed.xml"), items


def notify_config(feed_url: str, urls: list[str], schedule: str | None = None, extra: str = "") -> str:
    listed = "\n".join(f"        - \"{u}\"" for u in urls)
    return f"""
feeds:
  - url: {feed_url}
    name: Tiny Times
fetch:
  fetch_pages: false
profiles:
  morning:
    title: Morning digest
    sentences: 2
{f"    schedule: {schedule}" if schedule else ""}
    deliver:
      notify:
{listed}
{extra}"""


class Harness:
    """The real pipeline and dispatcher over a real SQLite file, with a clock the test moves."""

    def __init__(self, config_text: str, db: Path):
        self.config = parse_config(config_text, "test config")
        self.store = open_store(f"sqlite:///{db}")
        self.env = make_environment()

    def make(self, now: datetime) -> int:
        with Http(HttpSettings(timeout=5)) as http, Workers(1) as workers:
            return make_digest(self.config, "morning", self.store, http, workers, self.env, now, slot=now)

    def dispatch(self, now: datetime, digest_id: int | None = None):
        return dispatch(self.config, self.store, now, digest_id=digest_id)


def test_webhook_gets_the_title_and_every_story_as_a_linked_markdown_headline(server, endpoint, tmp_path):
    hook = endpoint()
    feed, items = stories_feed(server, 4, NOW)
    h = Harness(notify_config(feed, [f"json://127.0.0.1:{hook.port}/hook"]), tmp_path / "s.db")
    digest_id = h.make(NOW)
    assert [r.outcome for r in h.dispatch(NOW, digest_id)] == ["sent"]
    [post] = hook.posts
    assert post.path == "/hook"
    message = post.json
    assert message["title"] == h.store.digest(digest_id).subject
    assert message["title"] == "Morning digest, Sat 21 Nov 2026"
    body = message["message"]
    assert body.splitlines()[0] == "Sat 21 Nov 2026, 07:00 · 4 stories"
    for it in items:
        # A Markdown link per story (the _ in the URL survives), with the outlet and one line of summary under it.
        assert f"**[{it['title'].replace('[', chr(92) + '[').replace(']', chr(92) + ']')}]({it['link']})** · Tiny Times" in body
    paragraphs = body.strip().split("\n\n")
    assert len(paragraphs) == 1 + len(items)  # the date line, then one paragraph per story
    assert all(len(p.splitlines()) == 2 for p in paragraphs[1:])  # headline, then one line
    assert h.store.digest(digest_id).status == "sent"


def test_ntfy_gets_plain_text_with_links_on_their_own_lines(server, endpoint, tmp_path):
    ntfy = endpoint()
    feed, items = stories_feed(server, 3, NOW)
    h = Harness(notify_config(feed, [f"ntfy://127.0.0.1:{ntfy.port}/morning-news"]), tmp_path / "s.db")
    assert [r.outcome for r in h.dispatch(NOW, h.make(NOW))] == ["sent"]
    [post] = ntfy.posts
    sent = post.json
    assert sent["topic"] == "morning-news"
    assert sent["title"] == "Morning digest, Sat 21 Nov 2026"
    lines = sent["message"].splitlines()
    for it in items:  # ntfy shows text: the headline as written, and the link alone on a line (apps make it tappable)
        at = lines.index(f"{it['title']} · Tiny Times")
        assert lines[at + 2] == it["link"]
    assert "](" not in sent["message"] and "**" not in sent["message"]


def test_a_500_is_retried_with_backoff_then_delivered_once(server, endpoint, tmp_path):
    hook = endpoint(statuses=[500])
    feed, _ = stories_feed(server, 2, NOW)
    h = Harness(notify_config(feed, [f"json://127.0.0.1:{hook.port}/hook"]), tmp_path / "s.db")
    digest_id = h.make(NOW)
    [first] = h.dispatch(NOW, digest_id)
    assert first.outcome == "retry" and "500" in (first.detail or "")
    [row] = h.store.outbox_rows(digest_id=digest_id)
    assert row.status == "pending" and row.next_attempt_at == NOW + timedelta(minutes=1)
    assert h.dispatch(NOW + timedelta(seconds=30)) == []  # not before its time
    assert [r.outcome for r in h.dispatch(NOW + timedelta(minutes=1))] == ["sent"]
    assert h.dispatch(NOW + timedelta(hours=5)) == []  # and never again
    assert [p.status for p in hook.posts] == [500, 200]
    assert hook.posts[0].body == hook.posts[1].body  # the retry sends the stored message, byte for byte
    assert h.store.digest(digest_id).status == "sent"
    assert h.make(NOW) == digest_id  # the same slot again: the same digest, nothing new to send
    assert h.dispatch(NOW + timedelta(hours=6)) == [] and len(hook.posts) == 2


def test_a_refusal_for_good_is_recorded_once_and_shown_by_status(server, endpoint, tmp_path, clean_home):
    hook = endpoint(statuses=[404])
    feed, _ = stories_feed(server, 2, NOW)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(notify_config(feed, [f"json://127.0.0.1:{hook.port}/no-such-hook"]))
    clean_home.mkdir()
    h = Harness(cfg.read_text(), clean_home / "state.db")
    digest_id = h.make(NOW)
    [result] = h.dispatch(NOW, digest_id)
    assert result.outcome == "failed" and "404" in (result.detail or "")
    assert h.dispatch(NOW + timedelta(hours=12)) == []  # not retried
    assert len(hook.posts) == 1
    assert h.store.digest(digest_id).status == "failed"
    ran = run_cli("status", "-c", str(cfg), home=clean_home)
    assert ran.returncode == 0, ran.stderr
    line = next(x for x in ran.stdout.splitlines() if "notify" in x)
    assert f"notify json://127.0.0.1:{hook.port}/no-such-hook failed, 1 attempt(s)" in line
    assert "error=404" in line and "refused" in line


def test_a_long_digest_is_split_between_stories_under_the_services_limit(server, endpoint, tmp_path):
    ntfy = endpoint()
    url = f"ntfy://127.0.0.1:{ntfy.port}/news"
    limit = apprise.Apprise.instantiate(url).body_maxlen
    feed, items = stories_feed(server, 60, NOW)
    h = Harness(notify_config(feed, [url]), tmp_path / "s.db")
    digest_id = h.make(NOW)
    assert [r.outcome for r in h.dispatch(NOW, digest_id)] == ["sent"]
    parts = [p.json for p in ntfy.posts]
    assert len(parts) >= 2
    assert all(len(p["message"]) <= limit for p in parts)
    assert [p["title"].rsplit(" ", 1)[1] for p in parts] == [f"({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    shown = h.store.digest(digest_id).story_count
    text = "\n".join(p["message"] for p in parts)
    titles = [it["title"] for it in items if it["title"] in text]
    assert len(titles) == shown  # every story of the digest, none cut in half across two parts ...
    for it in items:
        if it["title"] in text:
            assert sum(it["title"] in p["message"] for p in parts) == 1  # ... and each in exactly one part
    [row] = h.store.outbox_rows(digest_id=digest_id)
    assert row.status == "sent" and row.attempts == 1


def test_a_failure_mid_message_resumes_at_the_part_that_failed(server, endpoint, tmp_path):
    ntfy = endpoint(statuses=[200, 503])
    feed, _ = stories_feed(server, 60, NOW)
    h = Harness(notify_config(feed, [f"ntfy://127.0.0.1:{ntfy.port}/news"]), tmp_path / "s.db")
    digest_id = h.make(NOW)
    [first] = h.dispatch(NOW, digest_id)
    assert first.outcome == "retry" and "part 2 of" in (first.detail or "")
    assert [r.outcome for r in h.dispatch(NOW + timedelta(minutes=1))] == ["sent"]
    titles = [p.json["title"] for p in ntfy.posts]
    total = int(titles[0].rsplit("/", 1)[1].rstrip(")"))
    assert [p.status for p in ntfy.posts] == [200, 503] + [200] * (total - 1)
    # Part 1 once; part 2 refused, then posted again; then the rest, each once.
    assert [t.rsplit(" ", 1)[1] for t in titles] == [f"({i}/{total})" for i in (1, 2, *range(2, total + 1))]


# -- the daemon as a process ----------------------------------------------------------------


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_kill_9_mid_message_then_restart_posts_every_part_exactly_once(server, endpoint, tmp_path, clean_home):
    ntfy = endpoint(hold=2)  # part 2 gets no answer until the sender is dead
    now = datetime.now(UTC)
    slot = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    feed, _ = stories_feed(server, 60, now)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(notify_config(feed, [f"ntfy://127.0.0.1:{ntfy.port}/news"], schedule=f"daily at {slot:%H:%M}"))
    first = start_cli_process("run", "-c", str(cfg), home=clean_home, cwd=tmp_path)
    try:
        assert wait_for(lambda: len(ntfy.posts) >= 2, 120), "part 2 never arrived"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    ntfy.release()
    total = int(ntfy.posts[0].json["title"].rsplit("/", 1)[1].rstrip(")"))
    assert total >= 3
    second = start_cli_process("run", "-c", str(cfg), "--log-level", "INFO", home=clean_home, cwd=tmp_path)
    try:
        assert wait_for(lambda: len(ntfy.posts) >= total, 60), f"only {len(ntfy.posts)} of {total} parts"
        time.sleep(1.0)  # room for a duplicate to show up, were one coming
    finally:
        second.send_signal(signal.SIGTERM)
        _, err = second.communicate(timeout=30)
    numbers = [p.json["title"].rsplit(" ", 1)[1] for p in ntfy.posts]
    assert numbers == [f"({i}/{total})" for i in range(1, total + 1)], err  # each part once, in order
    assert f"was interrupted at stage part 2/{total}" in err


def test_the_daemon_logs_a_retry_as_a_timestamped_warning_in_its_log_file(server, endpoint, tmp_path, clean_home):
    hook = endpoint(statuses=[500] * 50)
    now = datetime.now(UTC)
    slot = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    feed, _ = stories_feed(server, 2, now)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(notify_config(feed, [f"json://127.0.0.1:{hook.port}/hook"], schedule=f"daily at {slot:%H:%M}"))
    log = tmp_path / "logs" / "newsdigest.log"
    log.parent.mkdir()
    daemon = start_cli_process("run", "-c", str(cfg), "--log-file", str(log), home=clean_home, cwd=tmp_path)
    try:
        assert wait_for(lambda: log.exists() and "WARNING" in log.read_text(), 120)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.communicate(timeout=30)
    warning = next(x for x in log.read_text().splitlines() if " WARNING " in x)
    import re

    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d[+-]\d{4} WARNING newsdigest\.run: ", warning), warning
    assert "retry" in warning and "500" in warning
    assert "catching up" in log.read_text()  # INFO is logged by run by default
