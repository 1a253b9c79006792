"""Templates: escaping, sanitising, user overrides with fallback, and the HTML's mail-safe shape."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest

from bot.commands.digest import Progress
from bot.errors import ConfigError
from bot.extract import html_to_text
from bot.models import Article, Digest, FeedProblem, Story
from bot.render import make_environment, render

NOW = datetime(2026, 11, 21, 7, 0, tzinfo=timezone.utc)


def digest(**kw) -> Digest:
    art = Article(1, 'Prices [up] *again* <script>alert(1)</script>', "https://news.example/a?x=1&y=2", "Daily <b>News</b>",
                  NOW, "text", ["First sentence & more.", "Second one."])
    other = Article(2, "Same story", "javascript:alert(1)", "Other Paper", NOW, "text", ["x."])
    base = dict(title="Morning", profile="p", generated_at=NOW, since=NOW, stories=[Story([art, other])],
                problems=[FeedProblem("https://bad.example/rss", "Bad Feed", "the server answered HTTP 500", NOW)],
                feeds_checked=3, timezone="Europe/Lisbon")
    base.update(kw)
    return Digest(**base)


def test_html_is_autoescaped_and_links_are_safe():
    html = render(digest(), "html", make_environment())
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="https://news.example/a?x=1&amp;y=2"' in html
    assert "javascript:" not in html
    assert "Feeds with problems" in html and "HTTP 500" in html
    assert "<style" not in html and "<link" not in html  # no external or head CSS: inline styles only


def test_markdown_escapes_feed_text():
    md = render(digest(), "markdown", make_environment())
    assert r"## [Prices \[up\] \*again\* \<script\>alert(1)\</script\>](https://news.example/a?x=1&y=2)" in md
    assert "Also reported by: [Other Paper]" in md
    assert "- **Bad Feed** (https://bad.example/rss): the server answered HTTP 500" in md


def test_times_are_local_to_the_configured_zone():
    md = render(digest(timezone="Asia/Tokyo"), "markdown", make_environment())
    assert "16:00 (Asia/Tokyo)" in md


def test_empty_digest_says_nothing_new():
    assert "Nothing new since" in render(digest(stories=[], problems=[]), "text", make_environment())


def test_user_template_overrides_one_and_others_fall_back(tmp_path):
    (tmp_path / "digest.md.j2").write_text("CUSTOM {{ digest.title }} {{ digest.stories | length }}\n")
    env = make_environment(tmp_path)
    assert render(digest(), "markdown", env) == "CUSTOM Morning 1\n"
    assert render(digest(), "html", env).startswith("<!DOCTYPE html>")


def test_template_mistakes_are_config_errors(tmp_path):
    (tmp_path / "digest.md.j2").write_text("{{ digest.nope }}\n")
    with pytest.raises(ConfigError, match="unknown value"):
        render(digest(), "markdown", make_environment(tmp_path))
    (tmp_path / "digest.md.j2").write_text("{% for %}\n")
    with pytest.raises(ConfigError, match="line 1"):
        render(digest(), "markdown", make_environment(tmp_path))
    with pytest.raises(ConfigError, match="not found"):
        make_environment(tmp_path / "missing")


def test_html_to_text_keeps_paragraphs_and_drops_captions():
    html = ("<p>First paragraph here.</p><figure><img src=x><figcaption>Photo: A. Person/Agency</figcaption></figure>"
            "<p>Second &amp; last.</p>")
    assert html_to_text(html) == "First paragraph here.\n\nSecond & last."


def test_progress_line_only_on_terminals():
    out = io.StringIO()
    Progress(out, enabled=True)("fetching feeds", 3, 10)
    assert "fetching feeds 3/10" in out.getvalue()
    silent = io.StringIO()
    Progress(silent, enabled=False)("fetching feeds", 3, 10)
    assert silent.getvalue() == ""
