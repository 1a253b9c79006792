"""Openings a fresh read turned away (session 7): a hedged verdict, a follow-up, a frame, the event as seen, a
voice online, and a person named by surname alone before the sentence that gives the full name."""

from __future__ import annotations

import pytest

from bot.group import story_summary
from bot.models import Article, Story
from bot.summarise.known import unintroduced
from bot.summarise.openings import opening_problem


@pytest.mark.parametrize("family, sentence", [
    ("verdict", "The first episode of the new season might be its most brilliant."),
    ("response", "Officials said on Sunday that they were still seeking to establish the names of those who died."),
    ("background", "As the country prepares to vote in Sunday's election, the prime minister has called the threats "
                   "a crisis."),
    ("event-anaphor", "The bright streak Tuesday evening was seen in parts of the coast, including two states."),
    ("witness", "One social media user tweeted that her parents thought it was fireworks."),
    ("event-anaphor", "A family in the suburbs said five of the dead were their relatives on vacation."),
])
def test_what_the_fresh_read_turned_away_is_named_by_family(family, sentence):
    assert opening_problem(sentence) == family
    assert opening_problem(sentence, lede=True) == family


@pytest.mark.parametrize("sentence", [
    "As the storm approached the coast on Monday, thousands of residents fled inland.",
    "As Hurricane Irma nears Florida, millions of people have been told to leave their homes.",
    "The government on Monday said it would cut fuel taxes by a third.",
    "A meteor streaked across the sky on Tuesday night, leaving witnesses across three states in awe.",
    "All 62 people on board the plane were killed when it crashed shortly after takeoff.",
    "The new phone may be the company's answer to falling sales, analysts said.",
])
def test_ledes_the_new_families_leave_alone(sentence):
    assert opening_problem(sentence, lede=True) is None


def test_a_surname_alone_needs_the_article_s_longer_name_shown_first():
    text = ("Jane Roe has dried seaweed on the beach for fifty years.\n"
            "Missiles flew over the town twice this month.\n"
            '"Now when I hear a loud sound, I look at the ocean," 68-year-old Roe said from her cottage.')
    quote = '"Now when I hear a loud sound, I look at the ocean," 68-year-old Roe said from her cottage.'
    assert unintroduced(quote, text) == {"Roe"}
    assert unintroduced("Jane Roe said she was afraid.", text) == frozenset()
    assert unintroduced("Roe said she was afraid.", "Roe is a town on the coast.") == frozenset()
    def lead(summary: list[str]) -> Article:
        return Article(1, "Missiles spur anxiety in a fishing town", "https://example.test/1", "outlet1", None, text,
                       summary, language="english")

    # (the summariser did not pick the sentence naming her: it comes with the quote, before it; see
    # tests/stages/test_trust_introducers.py)
    shown = [s for s, _ in story_summary(Story([lead(["Missiles flew over the town twice this month.", quote])]), 3)]
    named = "Jane Roe has dried seaweed on the beach for fifty years."
    assert quote not in shown or named in shown[:shown.index(quote)]
    assert quote not in [s for s, _ in story_summary(Story([lead(["Missiles flew over the town twice this month.",
                                                                  quote])]), 2)]
    shown = [s for s, _ in story_summary(Story([lead(["Jane Roe has dried seaweed on the beach for fifty years.",
                                                      quote])]), 3)]
    assert quote in shown
