"""A feed item's own summary beside its longer text is its standfirst (bot.fetch.fields.standfirst): kept apart
from the text (so the summariser and grouping read what they read before), and read by the story summary above
the text, where it opens the story only when nothing of the lead's own text can (bot.group.present._lead_opening).
Made-up items throughout."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape

from support.cli import run_cli
from support.http import FeedServer, Route

from bot.articles import story_summaries
from bot.fetch import parse_feed
from bot.fetch.fields import standfirst
from bot.group import story_summary
from bot.models import Article, FeedSource, Story, own_text, story_text

SRC = FeedSource(url="http://127.0.0.1/feed.xml")
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)

DEK = "The cruise ship Blue Heron hit a bridge pier on the Xwater near Pellham, injuring 20 passengers."
TEXT = ("The accident happened late on Tuesday near the city's old harbour.\n"
        "There were 140 people on board when the vessel struck the pier.\n"
        "Four people were taken to hospital and the bridge stays closed for checks.")
TITLE = "Cruise ship hits bridge pier near Pellham"


def _rss(description: str, content: str, title: str = TITLE) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>T</title><link>http://127.0.0.1/</link><description>t</description>"
            f"<item><title>{escape(title)}</title><link>http://127.0.0.1/a</link>"
            f"<pubDate>{format_datetime(WHEN)}</pubDate><description>{escape(description)}</description>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded></item></channel></rss>").encode()


def _html(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())


def test_an_items_summary_beside_a_longer_text_that_does_not_say_it_is_its_standfirst():
    (entry,) = parse_feed(SRC, _rss(f"<p>{DEK}</p>", _html(TEXT))).entries
    assert entry.standfirst == DEK
    assert DEK not in entry.content  # (the text stays the item's own: summaries and grouping read what they did)


def test_a_summary_the_text_already_says_or_one_naming_nothing_of_the_headline_is_none():
    opening = TEXT.splitlines()[0]
    (cut,) = parse_feed(SRC, _rss(opening[:40] + " …", _html(TEXT))).entries  # the text's opening cut short
    assert cut.standfirst == ""
    reworded = "The accident happened late on Tuesday near the city's old harbour, police said."
    assert standfirst(TITLE, reworded, False, _html(TEXT), True) == ""  # (its words again)
    site = "Latest news, sport and weather from around the world, every hour of the day."
    assert standfirst(TITLE, site, False, _html(TEXT), True) == ""  # (a site describing itself)
    assert standfirst(TITLE, "Pellham pier hit.", False, _html(TEXT), True) == ""  # (three words: no statement)
    excerpt = " ".join([DEK] * 12)  # (longer than a standfirst: an excerpt, or a hostile feed's megabytes)
    assert standfirst(TITLE, excerpt, False, _html(TEXT), True) == ""
    assert standfirst(TITLE, DEK, False, _html(TEXT), True) == DEK
    (only,) = parse_feed(SRC, _rss(DEK, "")).entries  # a summary and no other text: the summary is the text
    assert only.standfirst == "" and DEK in only.content


def test_a_json_feed_summary_beside_its_content_is_its_standfirst():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
        {"id": "1", "title": TITLE, "summary": DEK, "content_html": _html(TEXT)},
        {"id": "2", "title": TITLE, "summary": DEK}]}).encode()
    first, second = parse_feed(SRC, body, {"Content-Type": "application/feed+json"}).entries
    assert first.standfirst == DEK
    assert second.standfirst == "" and second.content == DEK


def _lead(summary: list[str], dek: str = DEK) -> Article:
    return Article(1, TITLE, "http://127.0.0.1/a", "Xwater News", None, TEXT, summary, language="english",
                   standfirst=dek)


def test_a_lede_leaning_on_its_standfirst_comes_after_it_and_the_story_is_not_headline_only():
    picks = TEXT.splitlines()[:2]  # "The accident happened ...", "... the vessel struck the pier": neither opens
    bare = _lead(picks, dek="")
    assert story_summary(Story([bare])) == []  # without its standfirst: the headline alone
    (shown,) = story_summaries([Story([_lead(picks)])], 3)
    texts = [s for s, _ in shown]
    assert texts[0] == DEK
    assert "The accident happened late on Tuesday near the city's old harbour." in texts


def test_the_leads_own_lede_opens_before_its_standfirst():
    lede = "Twenty passengers were hurt when the cruise ship Blue Heron hit a bridge pier near Pellham on Tuesday."
    for picks in ([lede], []):  # (the summariser's pick, or none: the text's first lines)
        article = _lead(picks, dek="A night out on the Xwater near Pellham ended in fright for 140 passengers.")
        article.text = f"{lede}\n{TEXT}"
        (shown,) = story_summaries([Story([article])], 3)
        assert shown[0][0] == lede


def test_story_text_puts_the_standfirst_above_and_own_text_takes_it_away():
    article = _lead([])
    assert story_text(article) == f"{DEK}\n{TEXT}"
    copy = Article(1, TITLE, None, "x", None, story_text(article), [], standfirst=DEK)
    assert own_text(copy).text == TEXT and own_text(copy).standfirst == ""
    assert own_text(_lead([], dek="")).text == TEXT


def test_a_digest_opens_the_story_with_the_standfirst_its_text_leans_on(server: FeedServer, tmp_path, clean_home):
    """End to end: a feed on 127.0.0.1 whose item's text starts "The accident happened ...", its description the
    statement of the event; the digest's story opens with the description, not the headline alone."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    body = _rss(DEK, _html(TEXT)).replace(format_datetime(WHEN).encode(), format_datetime(now).encode())
    server.routes["/feed.xml"] = Route(body=body)
    ran = run_cli("digest", "--feed", server.url("/feed.xml"), "--since", "2d", home=clean_home, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    story = ran.stdout.split(TITLE, 1)[1]
    assert DEK in story and story.index(DEK) < story.index("The accident happened")
