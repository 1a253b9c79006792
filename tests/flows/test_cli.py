"""The command line end to end, as a user runs it: ``main([...])`` in this process, exit status and output."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from support.cli import run_cli
from support.feeds import NOWHERE, item, rss
from support.http import FeedServer, Route

NOW = datetime.now(timezone.utc)


def test_adhoc_feed_digest_then_nothing_new(server: FeedServer, tmp_path, clean_home):
    server.routes["/feed.xml"] = Route(body=rss([item(1, NOW - timedelta(hours=1)), item(2, NOW - timedelta(hours=2))],
                                                title="Tiny Times"))
    first = run_cli("digest", "--feed", server.url("/feed.xml"), home=clean_home, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "## [Story number 1 about the new bridge 7]" in first.stdout
    assert "*Tiny Times" in first.stdout
    assert (clean_home / "state.db").is_file()
    second = run_cli("digest", "--feed", server.url("/feed.xml"), home=clean_home, cwd=tmp_path)
    assert second.returncode == 0
    assert "Nothing new since" in second.stdout


def test_dry_run_and_output_file_and_formats(server: FeedServer, tmp_path, clean_home):
    server.routes["/feed.xml"] = Route(body=rss([item(1, NOW - timedelta(hours=1))]))
    out = tmp_path / "digest.html"
    dry = run_cli("digest", "--feed", server.url("/feed.xml"), "--dry-run", "-f", "html", "-o", str(out),
                  home=clean_home, cwd=tmp_path)
    assert dry.returncode == 0, dry.stderr
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Story number 1" in html
    assert "dry run" in dry.stderr
    text = run_cli("digest", "--feed", server.url("/feed.xml"), "-f", "text", home=clean_home, cwd=tmp_path)
    assert "1. Story number 1 about the new bridge 7" in text.stdout


def test_exit_1_when_nothing_could_be_fetched(server: FeedServer, tmp_path, clean_home):
    server.routes["/feed.xml"] = Route(status=500, body=b"")
    result = run_cli("digest", "--feed", server.url("/feed.xml"), home=clean_home, cwd=tmp_path)
    assert result.returncode == 1
    assert "Feeds with problems" in result.stdout and "HTTP 500" in result.stdout


def test_config_profile_and_state_option(server: FeedServer, tmp_path, clean_home):
    server.routes["/a.xml"] = Route(body=rss([item(1, NOW - timedelta(hours=1))], title="A"))
    server.routes["/b.xml"] = Route(body=rss([item(2, NOW - timedelta(hours=1), base=f"{NOWHERE}/other")], title="B"))
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        f"feeds:\n  - url: {server.url('/a.xml')}\n    name: Alpha\n  - url: {server.url('/b.xml')}\n    name: Beta\n"
        "profiles:\n  first:\n    feeds: [Alpha]\n  second:\n    feeds: [Beta]\n    sentences: 1\n"
    )
    state = tmp_path / "elsewhere" / "state.db"
    result = run_cli("digest", "-c", str(cfg), "-p", "second", "--state", str(state), home=clean_home, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "*Beta" in result.stdout and "Alpha" not in result.stdout
    assert state.is_file() and not (clean_home / "state.db").exists()
    unknown = run_cli("digest", "-c", str(cfg), "-p", "third", home=clean_home, cwd=tmp_path)
    assert unknown.returncode == 2 and "no profile named 'third'" in unknown.stderr


def test_no_command_prints_help_and_exits_2(tmp_path, clean_home):
    result = run_cli(home=clean_home, cwd=tmp_path)
    assert result.returncode == 2 and "digest" in result.stderr


def test_progress_is_quiet_when_not_a_terminal(server: FeedServer, tmp_path, clean_home):
    server.routes["/feed.xml"] = Route(body=rss([item(1, NOW - timedelta(hours=1))]))
    result = run_cli("digest", "--feed", server.url("/feed.xml"), home=clean_home, cwd=tmp_path)
    assert "fetching feeds" not in result.stderr
