"""One-off digests through the real CLI against feeds on 127.0.0.1: a failed ``-o`` loses nothing, ``--again``
re-shows the last digest without fetching or marking, ``--since`` looks back over delivered entries too, and the
header counts only the feeds that were read."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import lxml.html
from support.cli import run_cli
from support.feeds import item, rss, unique_body
from support.http import FeedServer, Route

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def _title(n: int) -> str:
    """Pseudo-words: headlines that share nothing, so each item is a story of its own."""
    return re.sub(r"<[^>]+>", "", unique_body(n + 500, sentences=1)).split(".")[0][:60].strip()


def _items(first: int, count: int) -> list[dict]:
    return [item(n, NOW - timedelta(hours=n), body=unique_body(n), title=_title(n)) for n in range(first, first + count)]


def _config(tmp_path: Path, server: FeedServer, extra_feeds: str = "") -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"""feeds:
  - url: {server.url("/a.xml")}
    name: Alpha News
  - url: {server.url("/b.xml")}
    name: Beta Times
{extra_feeds}profiles:
  main:
    title: Morning
    sentences: 1
""")
    return cfg


def _md_titles(markdown: str) -> list[str]:
    return [t for t in re.findall(r"(?m)^## \[?(.+?)\]?(?:\(.*\))?$", markdown) if t != "Feeds with problems"]


def _html_titles(page: str) -> list[str]:
    doc = lxml.html.fromstring(page)
    return [h.text_content().strip() for h in doc.xpath("//h2") if h.text_content().strip() != "Feeds with problems"]


def _serve(server: FeedServer, a: list[dict], b: list[dict]) -> None:
    server.routes["/a.xml"] = Route(body=rss(a, title="Alpha"))
    server.routes["/b.xml"] = Route(body=rss(b, title="Beta"))


def _no_temporary_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.suffix == ".tmp" or ".tmp" in p.name]


def test_a_failed_output_write_leaves_no_file_and_the_next_digest_still_shows_everything(server, tmp_path):
    _serve(server, _items(1, 2), _items(3, 1))
    cfg = _config(tmp_path, server)
    (tmp_path / "taken").mkdir()  # -o names a directory: the final rename fails after the text was written
    (tmp_path / "plain-file").write_text("not a directory")
    for target in ("taken", "plain-file/out.md"):
        failed = run_cli("digest", "-c", str(cfg), "-q", "-o", str(tmp_path / target), cwd=tmp_path)
        assert failed.returncode == 2, failed.stderr
        assert failed.stderr.startswith("Error: cannot write the digest: "), failed.stderr
        assert f"({tmp_path / target})" in failed.stderr and "nothing was marked delivered" in failed.stderr
        assert "Traceback" not in failed.stderr
        assert _no_temporary_files(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == []

    ok = run_cli("digest", "-c", str(cfg), "-q", "-o", str(tmp_path / "out.md"), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    shown = _md_titles((tmp_path / "out.md").read_text())
    assert sorted(shown) == sorted(i["title"] for i in _items(1, 3))  # nothing was lost to the failed writes
    assert _no_temporary_files(tmp_path) == []
    assert (tmp_path / "out.md").stat().st_mode & 0o777 != 0o600  # not mkstemp's private mode: the umask's


def test_again_reshows_the_last_digest_in_another_format_without_fetching_or_marking(server, tmp_path):
    _serve(server, _items(1, 3), _items(4, 2))
    cfg = _config(tmp_path, server)
    first = run_cli("digest", "-c", str(cfg), "-q", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    stories = _md_titles(first.stdout)
    assert len(stories) == 5

    nothing = run_cli("digest", "-c", str(cfg), cwd=tmp_path)
    assert _md_titles(nothing.stdout) == [] and "--again" in nothing.stderr  # the way back is named

    _serve(server, _items(1, 3) + _items(20, 1), _items(4, 2))  # something new arrives meanwhile
    requests = len(server.requests)
    again = run_cli("digest", "-c", str(cfg), "--again", "-f", "html", "-o", str(tmp_path / "x.html"), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert len(server.requests) == requests  # no feed was fetched
    page = (tmp_path / "x.html").read_text()
    assert _html_titles(page) == stories  # the same stories, in the same order
    assert "@media (prefers-color-scheme: dark)" in page  # the HTML digest has the e-mail's dark mode too
    text = run_cli("digest", "-c", str(cfg), "--again", "-f", "text", "-q", cwd=tmp_path).stdout
    assert [t for t in stories if t in text] == stories
    assert "nothing fetched, nothing marked" in again.stderr

    after = run_cli("digest", "-c", str(cfg), "-q", cwd=tmp_path)  # --again marked nothing: the new item is still new
    assert _md_titles(after.stdout) == [_items(20, 1)[0]["title"]]
    latest = run_cli("digest", "-c", str(cfg), "--again", "-q", cwd=tmp_path)  # and --again now shows that digest
    assert _md_titles(latest.stdout) == [_items(20, 1)[0]["title"]]


def test_again_with_feed_shows_the_last_digest_of_those_feeds_only(server, tmp_path):
    """Each set of --feed feeds is its own ad-hoc digest: --again never shows another set's stories,
    and one set's deliveries do not hide entries from another set's first digest."""
    _serve(server, _items(1, 2), _items(3, 1))
    a, b = server.url("/a.xml"), server.url("/b.xml")
    home = tmp_path / "home"
    only_a = run_cli("digest", "--feed", a, "-q", home=home, cwd=tmp_path)
    assert sorted(_md_titles(only_a.stdout)) == sorted(i["title"] for i in _items(1, 2))
    never = run_cli("digest", "--feed", b, "--again", home=home, cwd=tmp_path)
    assert never.returncode == 1 and "no ad-hoc digest of these feeds" in never.stderr and "Traceback" not in never.stderr
    both = run_cli("digest", "--feed", b, "--feed", a, "-q", home=home, cwd=tmp_path)  # a new set: its own first digest
    assert sorted(_md_titles(both.stdout)) == sorted(i["title"] for i in _items(1, 3))
    again_a = run_cli("digest", "--feed", a, "--again", "-q", home=home, cwd=tmp_path)
    assert again_a.stdout == only_a.stdout  # the digest of a alone, not the later one of a and b
    again_ab = run_cli("digest", "--feed", a, "--feed", b, "--again", "-q", home=home, cwd=tmp_path)  # order does not matter
    assert again_ab.stdout == both.stdout


def test_again_with_nothing_to_show_or_with_since_is_a_clear_error(server, tmp_path):
    _serve(server, _items(1, 1), _items(2, 1))
    cfg = _config(tmp_path, server)
    empty = run_cli("digest", "-c", str(cfg), "--again", cwd=tmp_path)
    assert empty.returncode == 1
    assert empty.stderr.startswith("Error: no digest of profile 'main' to show again (") and "Traceback" not in empty.stderr
    mixed = run_cli("digest", "-c", str(cfg), "--again", "--since", "2d", cwd=tmp_path)
    assert mixed.returncode == 2 and mixed.stderr.startswith("Error: --again cannot be combined with --since")


def test_since_brings_delivered_entries_back_and_marks_only_what_was_new(server, tmp_path):
    _serve(server, _items(1, 2), _items(3, 1))
    cfg = _config(tmp_path, server)
    first = run_cli("digest", "-c", str(cfg), "-q", cwd=tmp_path)
    delivered = sorted(_md_titles(first.stdout))
    assert len(delivered) == 3

    _serve(server, _items(1, 2) + _items(30, 1), _items(3, 1))
    back = run_cli("digest", "-c", str(cfg), "-q", "--since", "2d", "--dry-run", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert sorted(_md_titles(back.stdout)) == sorted(delivered + [_items(30, 1)[0]["title"]])
    assert "Update ·" not in back.stdout  # a story shown again is not an update of itself

    short = run_cli("digest", "-c", str(cfg), "-q", "--since", "90m", "--dry-run", cwd=tmp_path)
    assert sorted(_md_titles(short.stdout)) == sorted(i["title"] for i in _items(1, 1))  # the window still bounds it

    marked = run_cli("digest", "-c", str(cfg), "-q", "--since", "2d", cwd=tmp_path)
    assert len(_md_titles(marked.stdout)) == 4
    assert _md_titles(run_cli("digest", "-c", str(cfg), "-q", cwd=tmp_path).stdout) == []  # the new one was marked


def test_the_header_counts_the_feeds_that_were_read_and_the_failed_ones_apart(server, tmp_path):
    _serve(server, _items(1, 2), _items(3, 1))
    server.routes["/broken.xml"] = Route(body=b"gone", status=500, content_type="text/plain")
    cfg = _config(tmp_path, server, extra_feeds=f"  - url: {server.url('/broken.xml')}\n    name: Broken\n")
    md = run_cli("digest", "-c", str(cfg), "-q", "--dry-run", cwd=tmp_path).stdout
    html = run_cli("digest", "-c", str(cfg), "-q", "--dry-run", "-f", "html", cwd=tmp_path).stdout
    text = run_cli("digest", "-c", str(cfg), "-q", "--dry-run", "-f", "text", cwd=tmp_path).stdout
    for out in (md, lxml.html.fromstring(html).text_content(), text):
        assert "3 stories from 2 feeds (1 could not be read)" in out
        assert "from 3 feeds" not in out
    healthy = _config(tmp_path, server)
    assert "3 stories from 2 feeds\n" in run_cli("digest", "-c", str(healthy), "-q", "--dry-run", cwd=tmp_path).stdout
