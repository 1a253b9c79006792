"""Templates: escaping, sanitising, user overrides with fallback, and the HTML's mail-safe shape."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

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
    assert "<link" not in html  # no external CSS; the light look is inline, the head holds only the dark-mode block
    head_css = html.split("<style>")[1].split("</style>")[0]
    assert "@media (prefers-color-scheme: dark)" in head_css and html.count("<style") == 1


def test_markdown_escapes_feed_text():
    md = render(digest(), "markdown", make_environment())
    assert r"## [Prices \[up\] \*again\* \<script\>alert(1)\</script\>](https://news.example/a?x=1&y=2)" in md
    assert "Also reported by: Other Paper\n" in md  # its javascript: link is dropped, the name stays as text
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


def crowded(others: int, *, lead_repeats: int = 0) -> Digest:
    """One story: the lead, ``lead_repeats`` more items of the lead's outlet, then one article from each of ``others`` outlets."""
    lead = Article(1, "Bridge approved", "https://lead.example/1", "Lead Post", NOW, "text", ["The bridge was approved."])
    repeats = [Article(10 + n, "Bridge update", f"https://lead.example/r{n}", "Lead Post", NOW, "text", ["More."])
               for n in range(lead_repeats)]
    rest = [Article(100 + n, "Bridge", f"https://o{n}.example/a", f"Outlet {n}", NOW, "text", ["Yes."]) for n in range(others)]
    return digest(stories=[Story([lead, *repeats, *rest])], problems=[])


def also_line(rendered: str) -> str:
    lines = [line for line in rendered.splitlines() if "Also reported by" in line]
    assert len(lines) == 1, lines
    return lines[0]


def test_also_reported_by_is_unique_and_never_the_leads_outlet():
    lead = Article(1, "Bridge approved", "https://daily.example/1", "Daily", NOW, "text", ["Approved."])
    again = Article(2, "Bridge approved, update", "https://daily.example/2", "Daily", NOW, "text", ["Still approved."])
    other = Article(3, "Bridge gets go-ahead", "https://other.example/3", "Other Paper", NOW, "text", ["Go-ahead."])
    other_again = Article(4, "Bridge: reactions", "https://other.example/4", "Other Paper", NOW, "text", ["Reactions."])
    d = digest(stories=[Story([lead, again, other, other_again])], problems=[])
    env = make_environment()
    for fmt in ("markdown", "html", "text"):
        line = also_line(render(d, fmt, env))
        assert line.count("Other Paper") == 1, (fmt, line)
        assert "Daily" not in line, (fmt, line)
        assert "more" not in line, (fmt, line)


def test_html_names_at_most_five_outlets_then_and_n_more():
    html = render(crowded(8, lead_repeats=2), "html", make_environment())
    line = also_line(html)
    assert [f"Outlet {n}" in line for n in range(8)] == [True] * 5 + [False] * 3
    assert line.count("<a href=") == 5
    assert line.endswith(" and 3 more</p>") and "Lead Post" not in line
    assert also_line(render(crowded(6), "html", make_environment())).endswith(" and 1 more</p>")
    assert "more" not in also_line(render(crowded(5), "html", make_environment()))


def test_text_is_capped_like_html_and_markdown_lists_every_outlet():
    env = make_environment()
    text = also_line(render(crowded(8), "text", env))
    assert [f"Outlet {n}" in text for n in range(8)] == [True] * 5 + [False] * 3
    assert text.endswith(" and 3 more")
    md = also_line(render(crowded(8), "markdown", env))  # the full record (files, archive): every outlet once
    assert all(md.count(f"[Outlet {n}]") == 1 for n in range(8)) and "more" not in md


def test_the_email_carries_the_capped_list():
    from bot.config import MailConfig
    from bot.deliver import Rendered, build_email
    from bot.render import fit_for_mail

    env = make_environment()
    html, fitted = fit_for_mail(crowded(8), env, 100_000)
    rendered = Rendered(digest_id=1, profile="p", title="Morning", subject="Morning", message_id="<1@news.example>",
                        created_at=NOW, slot=None, text=render(fitted, "text", env), html=html, markdown="")
    message = build_email(rendered, MailConfig(host="smtp.example", **{"from": "bot@news.example"}), ["me@news.example"])
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    for kind in ("text/html", "text/plain"):
        line = also_line(parts[kind])
        assert "Outlet 4" in line and "Outlet 5" not in line and "and 3 more" in line, kind


def test_builtin_templates_are_the_ones_beside_the_code():
    # Not another checkout's, when an editable install points elsewhere (a git worktree on PYTHONPATH).
    import bot.render
    from bot.render import builtin_templates_dir

    assert builtin_templates_dir().resolve() == Path(bot.render.__file__).resolve().parents[1] / "templates"
