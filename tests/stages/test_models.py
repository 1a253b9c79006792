"""The data between the stages: what a Story exposes of its articles."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.models import Article, Story

NOW = datetime(2026, 11, 21, 7, 0, tzinfo=timezone.utc)


def art(n: int, source: str) -> Article:
    return Article(n, f"Title {n}", f"https://{source.lower().replace(' ', '-')}.example/{n}", source,
                   NOW + timedelta(hours=n), "text", [f"Sentence {n}."])


def test_also_names_each_other_outlet_once_and_never_the_leads():
    # The lead's outlet twice, another outlet twice: exactly one other outlet, by its first article.
    story = Story([art(0, "Daily"), art(1, "Other"), art(2, "Daily"), art(3, "Other")])
    assert [(a.source, a.entry_id) for a in story.also] == [("Other", 1)]
    assert story.outlets == ["Daily", "Other"]
    assert len(story.articles) == 4  # every member stays: delivery bookkeeping counts them all


def test_also_keeps_story_order_and_agrees_with_outlets():
    sources = ["Lead", "B", "Lead", "C", "B", "D", "C", "Lead", "E"]
    story = Story([art(n, s) for n, s in enumerate(sources)])
    assert [a.source for a in story.also] == ["B", "C", "D", "E"]
    assert [a.entry_id for a in story.also] == [1, 3, 5, 8]  # each outlet's first article
    assert story.lead.source not in {a.source for a in story.also}
    assert story.outlets == [story.lead.source] + [a.source for a in story.also]


def test_a_story_from_one_outlet_has_no_also():
    assert Story([art(0, "Daily"), art(1, "Daily")]).also == []
    assert Story([art(0, "Daily")]).also == []
