"""A sentence using a surname alone ("Mr Roe said ...") that its article gave in full before brings the sentence
naming the person with it (bot.group.present._introducers), when that one stands alone; else it is not shown."""

from __future__ import annotations

from bot.group import story_summary
from bot.models import Article, Story

INTRO = "Chancellor Jo Roe will set out new plans for the budget in the Xland parliament on Wednesday."
FILLER = "The budget for Xland is expected to include new money for schools, roads and hospitals across the country."
LATER = "Mr Roe said the plans would cut taxes for working families and pay off the national debt within four years."


def _story(summary: list[str], text: str) -> Story:
    article = Article(1, "Xland budget to include schools money", "https://example.test/1", "outlet1", None, text,
                      summary, language="english")
    return Story([article])


def test_the_sentence_naming_the_person_comes_with_the_one_using_the_surname():
    text = "\n".join([FILLER, "Officials spent months drawing up the figures for the plan.", INTRO, LATER])
    shown = [s for s, _ in story_summary(_story([FILLER, LATER], text), sentences=3)]
    assert shown == [FILLER, INTRO, LATER]


def test_without_room_for_both_the_surname_alone_is_not_shown():
    text = "\n".join([FILLER, INTRO, LATER])
    shown = [s for s, _ in story_summary(_story([FILLER, LATER], text), sentences=2)]
    assert LATER not in shown


def test_an_introducing_sentence_that_leans_itself_brings_nothing():
    leaning = "But Chancellor Jo Roe will set out new plans for the budget in the Xland parliament on Wednesday."
    text = "\n".join([FILLER, leaning, LATER])
    shown = [s for s, _ in story_summary(_story([FILLER, LATER], text), sentences=3)]
    assert LATER not in shown and leaning not in shown
