"""Schedules with a controllable clock (DST, catch-up), and the daemon as a real process."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.cli import run_cli, start_cli_process
from support.feeds import item, rss
from support.http import FeedServer, Route
from support.smtp import SmtpServer

from bot.scheduler import latest_slot, next_slot, parse_schedule

UTC = timezone.utc


def slots(spec: str, zone: str, start: datetime, count: int) -> list[datetime]:
    trigger, out, t = parse_schedule(spec, zone), [], start
    for _ in range(count):
        t = next_slot(trigger, t)
        out.append(t)
    return out


@pytest.mark.parametrize("zone, change", [
    ("Europe/London", datetime(2026, 3, 29, tzinfo=UTC)),     # spring forward
    ("Europe/London", datetime(2026, 10, 25, tzinfo=UTC)),    # fall back
    ("America/New_York", datetime(2026, 3, 8, tzinfo=UTC)),
    ("America/New_York", datetime(2026, 11, 1, tzinfo=UTC)),
])
def test_daily_digest_is_at_seven_local_on_both_sides_of_dst_once_a_day(zone, change):
    found = slots("daily at 07:00", zone, change - timedelta(days=3), 7)
    local = [s.astimezone(ZoneInfo(zone)) for s in found]
    assert all((t.hour, t.minute) == (7, 0) for t in local)
    assert len({t.date() for t in local}) == 7  # one a day, no day twice or skipped
    offsets = {t.utcoffset() for t in local}
    assert len(offsets) == 2  # the window really crosses the change


def test_schedule_forms_and_errors():
    monday = datetime(2026, 11, 23, 12, tzinfo=UTC)
    assert [s.strftime("%a %H:%M") for s in slots("weekdays at 07:30", "UTC", monday, 6)] == [
        "Tue 07:30", "Wed 07:30", "Thu 07:30", "Fri 07:30", "Mon 07:30", "Tue 07:30"]
    assert [s.strftime("%a") for s in slots("mondays and thursdays at 08:00", "UTC", monday, 3)] == ["Thu", "Mon", "Thu"]
    assert [s.hour for s in slots("every 6 hours", "UTC", monday, 3)] == [18, 0, 6]
    # Crontab's Sunday = 0 / Monday = 1 (APScheduler 3 alone would read 1 as Tuesday).
    assert [s.strftime("%a") for s in slots("0 7 * * 1", "UTC", monday, 2)] == ["Mon", "Mon"]
    assert [s.strftime("%a") for s in slots("0 7 * * 0", "UTC", monday, 1)] == ["Sun"]
    for bad in ("at breakfast", "daily at 25:00", "every 30 hours", "61 * * * *"):
        with pytest.raises(ValueError):
            parse_schedule(bad, "UTC")


def test_catch_up_sends_only_the_latest_missed_slot_within_grace():
    trigger = parse_schedule("daily at 07:00", "Europe/Lisbon")
    now = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)  # down since three days ago
    assert latest_slot(trigger, now, timedelta(hours=6)) == datetime(2026, 11, 21, 7, 0, tzinfo=UTC)
    assert latest_slot(trigger, now, timedelta(hours=2)) is None  # missed by more than the grace
    assert (latest_slot(trigger, datetime(2026, 11, 21, 7, 0, tzinfo=UTC), timedelta(hours=1))
            == datetime(2026, 11, 21, 7, 0, tzinfo=UTC))


def test_config_rejects_a_bad_schedule_with_its_line():
    from bot.config import parse_config
    from bot.errors import ConfigError

    with pytest.raises(ConfigError, match=r"profiles.m.schedule.*line 4"):
        parse_config("feeds: [https://a.example/rss]\nprofiles:\n  m:\n    schedule: at tea time\n", "c.yaml")


# -- the daemon as a process ---------------------------------------------------------------


def daemon_config(tmp_path: Path, feed_url: str, smtp_port: int, slot: datetime) -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"""
feeds:
  - url: {feed_url}
    name: Tiny Times
mail:
  host: 127.0.0.1
  port: {smtp_port}
  security: plain
  from: digest@example.org
  timeout: 5
scheduler:
  collect_every: 30m
  catch_up_grace: 6h
profiles:
  morning:
    schedule: daily at {slot:%H:%M}
    sentences: 1
    deliver:
      email:
        to: [reader@example.org]
""")
    return cfg


def start_daemon(cfg: Path, home: Path, state: str) -> subprocess.Popen[str]:
    return start_cli_process("run", "-c", str(cfg), "--state", state, home=home, cwd=cfg.parent)


def wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def setup(server: FeedServer, tmp_path, clean_home, state):
    """A daemon's config, its SMTP server, its home; on each backend (the state database's URL is passed as --state)."""
    now = datetime.now(UTC)
    server.routes["/feed.xml"] = Route(body=rss([item(1, now - timedelta(hours=1)), item(2, now - timedelta(hours=2))]))
    smtp = SmtpServer()
    slot = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    yield daemon_config(tmp_path, server.url("/feed.xml"), smtp.port, slot), smtp, clean_home, state
    smtp.stop()


@pytest.mark.parametrize("moment", ["awaiting the reply to DATA", "before DATA"])
def test_kill_9_while_sending_then_restart_gives_exactly_one_message(setup, moment):
    cfg, smtp, home, state = setup
    if moment == "awaiting the reply to DATA":
        smtp.inbox.script = [("slow-accept", 30)]
        reached = smtp.inbox.data_started
    else:
        smtp.inbox.script = [("slow-rcpt", 30)]
        reached = smtp.inbox.rcpt_started
    first = start_daemon(cfg, home, state)
    try:
        assert reached.wait(60), first.stderr.read() if first.poll() is not None else "digest never reached the server"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    second = start_daemon(cfg, home, state)
    try:
        # The restarted daemon recovers the interrupted delivery: sends it if the server never had
        # it, counts it as sent if the server did. Either way: one message, never two.
        assert wait_for(lambda: len(smtp.inbox.messages) >= 1, 60)
        time.sleep(3)  # would a second copy arrive?
        assert len(smtp.inbox.messages) == 1
    finally:
        second.send_signal(signal.SIGTERM)
        out, err = second.communicate(timeout=30)
    assert second.returncode == 0, err


def test_second_instance_refuses_and_sigterm_stops_cleanly(setup):
    cfg, smtp, home, state = setup
    first = start_daemon(cfg, home, state)
    try:
        assert wait_for(lambda: len(smtp.inbox.messages) == 1, 60), "the catch-up digest was not sent"
        second = start_daemon(cfg, home, state)
        _, err = second.communicate(timeout=60)
        assert second.returncode != 0
        assert "already using this database" in err
    finally:
        first.send_signal(signal.SIGTERM)
        _, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert "stopping" in err
    # Started again later: the digest of that slot is in the database, so it is not sent again.
    again = start_daemon(cfg, home, state)
    time.sleep(6)
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=30)
    assert len(smtp.inbox.messages) == 1
    status = run_cli("status", "-c", str(cfg), "--state", state, home=home)
    assert status.returncode == 0, status.stderr
    assert "morning" in status.stdout and "email" in status.stdout and "sent, 1 attempt(s)" in status.stdout
    assert "articles known; 0 older than the retention (90d)" in status.stdout
    assert ("MB" in status.stdout) is state.startswith("sqlite")  # the size of a database file; a server's has none
