"""Feed lists from the command line: `feeds` (OPML in and out, add and remove keeping the user's comments),
`init`, where the config is looked for, local feed files and feeds found from a site's home page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support.cli import run_cli
from support.feeds import item, rss
from support.http import FeedServer, Route
from support.paths import PROJECT

from bot.config import load_config
from bot.opml import parse_opml

NOW = datetime.now(timezone.utc)

OPML1_NESTED = """<?xml version="1.0"?>
<opml version="1.0"><head><title>old reader</title></head><body>
  <outline text="World">
    <outline text="Europe"><outline text="Le Monde" type="rss" xmlUrl="https://lemonde.example/rss"/></outline>
    <outline text="Asia"><outline text="NHK" type="rss" xmlUrl="https://nhk.example/rss"/></outline>
    <outline text="Wire" type="rss" xmlUrl="https://wire.example/rss"/>
  </outline>
  <outline text="Tech &amp; Science" type="rss" xmlUrl="https://tech.example/atom"/>
</body></opml>
"""

OPML2_FLAT = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>new reader</title></head><body>
  <outline text="Sport"><outline text="Goals" type="rss" xmlUrl="https://goals.example/rss"/></outline>
  <outline text="Blogs"><outline text="Diary" type="rss" xmlUrl="https://diary.example/feed"/></outline>
</body></opml>
"""

COMMENTED = """\
# My own notes at the top: keep me.
timezone: Europe/Lisbon   # where I read

feeds:
    # the one I always read
    -   url: https://first.example/rss
        name: First          # short name
    -   https://second.example/rss   # a bare URL

# Profiles below: this comment belongs to the profiles, not to the last feed.
profiles:
    morning:
        feeds: all
"""


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config directory, inside the test's own folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "newsdigest" / "config.yaml"


def _config(tmp_path: Path, text: str = "feeds: []\n") -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("opml", [OPML1_NESTED, OPML2_FLAT], ids=["opml1-nested", "opml2"])
def test_import_then_export_keeps_every_feed_and_folder(tmp_path: Path, opml: str):
    source = tmp_path / "subscriptions.opml"
    source.write_text(opml, encoding="utf-8")
    cfg = _config(tmp_path)
    imported = run_cli("feeds", "-c", str(cfg), "import", str(source), cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    expected = parse_opml(opml.encode(), "x")
    assert f"Imported {len(expected)} feed(s)" in imported.stdout
    config = load_config(cfg)
    assert [(f.url, f.name, f.folder) for f in config.feeds] == [(f.url, f.title, f.folder) for f in expected]
    exported = run_cli("feeds", "-c", str(cfg), "export", "-o", str(tmp_path / "out.opml"), cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    back = parse_opml((tmp_path / "out.opml").read_bytes(), "out.opml")
    assert back == expected
    assert {f.folder for f in back} == {f.folder for f in expected}
    again = run_cli("feeds", "-c", str(cfg), "import", str(source), cwd=tmp_path)
    assert again.returncode == 0 and "Imported 0 feed(s)" in again.stdout and f"{len(expected)} already there" in again.stdout
    assert len(load_config(cfg).feeds) == len(expected)


def test_a_profile_names_a_folder_and_gets_its_subfolders(tmp_path: Path):
    source = tmp_path / "s.opml"
    source.write_text(OPML1_NESTED, encoding="utf-8")
    cfg = _config(tmp_path, "feeds: []\nprofiles:\n  world:\n    feeds: all\n")
    assert run_cli("feeds", "-c", str(cfg), "import", str(source)).returncode == 0
    text = cfg.read_text().replace("feeds: all", "feeds: [folder:World, Tech & Science]")
    cfg.write_text(text)
    config = load_config(cfg)
    assert [f.url for f in config.feeds_of(config.profiles["world"])] == [
        "https://lemonde.example/rss", "https://nhk.example/rss", "https://wire.example/rss", "https://tech.example/atom"]
    cfg.write_text(text.replace("folder:World,", "folder:World/Asia,"))
    config = load_config(cfg)
    assert [f.name for f in config.feeds_of(config.profiles["world"])] == ["NHK", "Tech & Science"]
    cfg.write_text(text.replace("folder:World,", "folder:Wor,"))
    bad = run_cli("digest", "-c", str(cfg))
    assert bad.returncode == 2 and "names feed 'folder:Wor', which is not in 'feeds'" in bad.stderr


def test_malformed_opml_is_an_error_naming_file_and_line(tmp_path: Path):
    source = tmp_path / "broken.opml"
    source.write_text('<?xml version="1.0"?>\n<opml version="2.0">\n<body>\n'
                      '  <outline text="A" xmlUrl="https://a.example/rss">\n</body>\n</opml>\n', encoding="utf-8")
    cfg = _config(tmp_path, "# mine\nfeeds: []\n")
    result = run_cli("feeds", "-c", str(cfg), "import", str(source))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: not a well-formed OPML file: Opening and ending tag mismatch: "
                                    f"outline line 4 and body ({source}, line 5): ")
    assert "Traceback" not in result.stderr
    assert cfg.read_text() == "# mine\nfeeds: []\n"  # nothing written, nothing lost
    missing = run_cli("feeds", "-c", str(cfg), "import", str(tmp_path / "nope.opml"))
    assert missing.returncode == 2 and "Error: no such file (" in missing.stderr


def test_add_and_remove_keep_comments_and_layout(tmp_path: Path):
    cfg = _config(tmp_path, COMMENTED)
    added = run_cli("feeds", "-c", str(cfg), "add", "https://third.example/rss", "--name", "Third", "--folder", "World/Europe",
                    "--no-check")
    assert added.returncode == 0, added.stderr
    text = cfg.read_text()
    assert text.startswith("# My own notes at the top: keep me.\ntimezone: Europe/Lisbon   # where I read\n")
    assert ("    # the one I always read\n    -   url: https://first.example/rss\n"
            "        name: First          # short name\n") in text
    assert "    -   https://second.example/rss   # a bare URL\n" in text
    assert ("    -   url: https://third.example/rss\n        name: Third\n        folder: World/Europe\n\n"
            "# Profiles below: this comment belongs to the profiles, not to the last feed.\nprofiles:\n") in text
    assert [f.name for f in load_config(cfg).feeds] == ["First", None, "Third"]

    removed = run_cli("feeds", "-c", str(cfg), "remove", "Third")
    assert removed.returncode == 0, removed.stderr
    assert cfg.read_text() == COMMENTED  # the file is back as the user wrote it
    removed = run_cli("feeds", "-c", str(cfg), "remove", "https://second.example/rss")
    assert removed.returncode == 0
    assert "# Profiles below: this comment belongs to the profiles" in cfg.read_text()
    assert "second.example" not in cfg.read_text() and "# short name" in cfg.read_text()


def test_add_and_remove_errors(tmp_path: Path):
    cfg = _config(tmp_path, COMMENTED.replace("feeds: all", "feeds: [First]"))
    before = cfg.read_text()
    dup = run_cli("feeds", "-c", str(cfg), "add", "https://first.example/rss", "--no-check")
    assert dup.returncode == 2 and f"Error: the feed https://first.example/rss is already in the config ({cfg})" in dup.stderr
    same_name = run_cli("feeds", "-c", str(cfg), "add", "https://new.example/rss", "--name", "First", "--no-check")
    assert same_name.returncode == 2 and "a feed is already named 'First'" in same_name.stderr
    unknown = run_cli("feeds", "-c", str(cfg), "remove", "Nope")
    assert unknown.returncode == 2 and "Error: no feed named 'Nope'" in unknown.stderr and "'First'" in unknown.stderr
    named = run_cli("feeds", "-c", str(cfg), "remove", "First")
    assert named.returncode == 2 and "profile 'morning' names the feed 'First'" in named.stderr
    bad = run_cli("feeds", "-c", str(cfg), "add", "ftp://x.example/rss", "--no-check")
    assert bad.returncode == 2 and "Error: " in bad.stderr
    assert cfg.read_text() == before


def test_the_example_config_survives_an_edit(tmp_path: Path):
    original = (PROJECT / "config.yaml").read_text(encoding="utf-8")
    cfg = _config(tmp_path, original)
    assert run_cli("feeds", "-c", str(cfg), "add", "https://extra.example/rss", "--name", "Extra", "--no-check").returncode == 0
    assert run_cli("feeds", "-c", str(cfg), "remove", "Extra").returncode == 0
    assert cfg.read_text(encoding="utf-8") == original


def test_list_shows_feeds_by_folder(tmp_path: Path):
    source = tmp_path / "s.opml"
    source.write_text(OPML1_NESTED, encoding="utf-8")
    cfg = _config(tmp_path)
    run_cli("feeds", "-c", str(cfg), "import", str(source))
    listed = run_cli("feeds", "-c", str(cfg), "list")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0] == f"4 feed(s) in {cfg}"
    assert lines.index("  World/Europe/") < lines.index("    Le Monde  <https://lemonde.example/rss>")
    assert "  Tech & Science  <https://tech.example/atom>" in lines


def test_init_writes_a_loadable_config_and_refuses_to_overwrite(tmp_path: Path, xdg: Path):
    source = tmp_path / "s.opml"
    source.write_text(OPML1_NESTED, encoding="utf-8")
    feed_file = tmp_path / "local.xml"
    feed_file.write_bytes(rss([item(1, NOW)]))
    made = run_cli("init", "--opml", str(source), "--feed", "https://extra.example/rss", "--feed", str(feed_file),
                   "--email", "Me <me@example.org>", "--schedule", "daily at 07:00", "--timezone", "Europe/Lisbon", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert xdg.is_file() and f"Wrote {xdg}" in made.stdout
    assert "newsdigest send-test" in made.stdout and "newsdigest digest" in made.stdout
    config = load_config(xdg)
    assert len(config.feeds) == 6 and config.feeds[-1].url == feed_file.resolve().as_uri()
    assert {f.folder for f in config.feeds} == {"World/Europe", "World/Asia", "World", None}
    _, daily = config.profile(None)
    assert daily.schedule == "daily at 07:00" and config.timezone == "Europe/Lisbon"
    assert daily.deliver.email is not None and daily.deliver.email.to == ["Me <me@example.org>"]
    assert config.mail is not None and config.mail.sender == "Me <me@example.org>"
    assert "#   feeds: [folder:World]" in xdg.read_text()  # an example of a folder profile, commented
    listed = run_cli("feeds", "list", cwd=tmp_path)  # found where init wrote it: no -c needed
    assert listed.returncode == 0 and f"6 feed(s) in {xdg}" in listed.stdout

    before = xdg.read_text()
    again = run_cli("init", "--feed", "https://other.example/rss", cwd=tmp_path)
    assert again.returncode == 2
    assert f"Error: a config file is already there ({xdg}): not overwritten" in again.stderr
    assert xdg.read_text() == before


def test_init_minimal_and_at_a_chosen_path(tmp_path: Path, xdg: Path):
    target = tmp_path / "elsewhere" / "nd.yaml"
    made = run_cli("init", "--path", str(target), "--feed", "https://a.example/rss", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert f"newsdigest digest -c {target}" in made.stdout  # not where newsdigest looks, so the hint says -c
    config = load_config(target)
    assert [f.url for f in config.feeds] == ["https://a.example/rss"] and config.mail is None
    assert not xdg.exists()
    bare = run_cli("init", "--path", str(tmp_path / "empty.yaml"))
    assert bare.returncode == 0 and load_config(tmp_path / "empty.yaml").feeds == []
    empty = tmp_path / "empty.yaml"
    written = empty.read_text()
    added = run_cli("feeds", "-c", str(empty), "add", "https://b.example/rss", "--no-check")
    assert added.returncode == 0 and load_config(empty).feeds[0].url == "https://b.example/rss"
    assert "feeds:      # add some with `newsdigest feeds add URL`\n  - https://b.example/rss\n\n# Profiles" in empty.read_text()
    assert run_cli("feeds", "-c", str(empty), "remove", "https://b.example/rss").returncode == 0
    assert empty.read_text() == written  # back to `feeds: []`, its comments where they were
    bad = run_cli("init", "--path", str(tmp_path / "bad.yaml"), "--schedule", "at teatime")
    assert bad.returncode == 2 and "schedule" in bad.stderr and not (tmp_path / "bad.yaml").exists()


def test_no_config_error_names_every_path_tried(tmp_path: Path, xdg: Path, clean_home: Path):
    result = run_cli("digest", cwd=tmp_path)
    assert result.returncode == 2
    assert f"looked for config.yaml, {clean_home / 'config.yaml'}, {xdg}" in result.stderr
    assert "newsdigest init" in result.stderr


def test_status_says_which_config_and_state_are_in_use(tmp_path: Path, xdg: Path, clean_home: Path):
    assert run_cli("init", "--feed", "https://a.example/rss", cwd=tmp_path).returncode == 0
    status = run_cli("status", cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith(f"Config  {xdg}\nState   {clean_home / 'state.db'}\n")
    other = tmp_path / "other.db"
    status = run_cli("status", "--state", str(other), cwd=tmp_path)
    assert f"State   {other}\n" in status.stdout


def test_a_local_feed_file_by_path_and_file_url(server: FeedServer, tmp_path: Path, clean_home: Path):
    feed = tmp_path / "my feed.xml"
    items = [item(1, NOW - timedelta(hours=1)), item(2, NOW - timedelta(hours=2), base=server.url("/pages"))]
    items.append({**item(3, NOW - timedelta(hours=3)), "link": "file:///etc/passwd", "body": "short teaser"})
    feed.write_bytes(rss(items, title="Local Times"))
    by_path = run_cli("digest", "--feed", str(feed), "--dry-run", home=clean_home, cwd=tmp_path)
    assert by_path.returncode == 0, by_path.stderr
    assert "Story number 1 about the new bridge 7" in by_path.stdout and "*Local Times" in by_path.stdout
    # A file: link inside a feed is never a link and never read: its title stands as text, its teaser is the text.
    assert "## Story number 3 about the new bridge 21\n" in by_path.stdout and "short teaser" in by_path.stdout
    assert "file:///etc/passwd" not in by_path.stdout and "root:" not in by_path.stdout
    by_url = run_cli("digest", "--feed", feed.resolve().as_uri(), "--dry-run", home=clean_home, cwd=tmp_path)
    assert by_url.returncode == 0 and "Story number 2" in by_url.stdout
    missing = run_cli("digest", "--feed", str(tmp_path / "nope.xml"), home=clean_home, cwd=tmp_path)
    assert missing.returncode == 2 and "is not an http:// or https:// URL, nor an existing file" in missing.stderr


HOME_PAGE = """<!DOCTYPE html><html><head><title>The Daily Example</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/feeds/atom.xml">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feeds/rss.xml">
</head><body><p>Welcome</p><link rel="alternate" type="application/rss+xml" href="/not-in-head.xml"></body></html>"""


def test_a_home_page_that_links_its_feed(server: FeedServer, tmp_path: Path, clean_home: Path):
    server.routes["/"] = Route(body=HOME_PAGE.encode(), content_type="text/html; charset=utf-8")
    server.routes["/feeds/rss.xml"] = Route(body=rss([item(1, NOW - timedelta(hours=1))], title="Daily Example"))
    digest = run_cli("digest", "--feed", server.url("/"), "--dry-run", home=clean_home, cwd=tmp_path)
    assert digest.returncode == 0, digest.stderr
    assert "Story number 1 about the new bridge 7" in digest.stdout
    assert f"read the feed it links, {server.url('/feeds/rss.xml')}" in digest.stdout  # the digest says which feed
    assert [r.path for r in server.requests] == ["/", "/feeds/rss.xml"]  # RSS preferred; a link in <body> ignored

    cfg = _config(tmp_path, "feeds: []  # none yet\n")
    added = run_cli("feeds", "-c", str(cfg), "add", server.url("/"), home=clean_home)
    assert added.returncode == 0, added.stderr
    assert f"using the feed it links: {server.url('/feeds/rss.xml')}" in added.stderr
    feeds = load_config(cfg).feeds
    assert [(f.url, f.name) for f in feeds] == [(server.url("/feeds/rss.xml"), "Daily Example")]  # the feed, not the page


def test_a_page_without_a_feed_link_is_refused_by_add(server: FeedServer, tmp_path: Path, clean_home: Path):
    server.routes["/"] = Route(body=b"<!DOCTYPE html><html><head><title>x</title></head><body>hi</body></html>",
                               content_type="text/html")
    cfg = _config(tmp_path)
    added = run_cli("feeds", "-c", str(cfg), "add", server.url("/"), home=clean_home)
    assert added.returncode != 0 and "an HTML page, not a feed" in added.stderr and "--no-check" in added.stderr
    assert load_config(cfg).feeds == []
