"""Session 15's families, each with made-up examples: what the story summary reads of an article with a summary
reaches its summary's last sentence (bot.articles.for_story_summary), so what a sentence takes from the text before
it is found there however far down it sits."""

from __future__ import annotations

from bot.articles import SUMMARY_LEAD, for_story_summary
from bot.group import story_summary
from bot.models import Article, Story

_LEDE = "The Yland city marathon was won on Sunday in two hours and 21 minutes, a course record."
_NAMED = "Jana Roeva, a 31-year-old teacher from the coast, led the race from the start."
_FILLER = "The course ran along the river and through the old town, past the cathedral and the market. "
_LATE = "Now Jana will take part in a 10km race in the capital at the end of the year and then rest over the winter."


def _long_article() -> Article:
    filler = _FILLER * (SUMMARY_LEAD // len(_FILLER) + 2)
    text = _LEDE + " " + _NAMED + "\n\n" + filler + "\n\n" + _LATE + "\n\nShe said it was fun."
    return Article(1, "Roeva wins city marathon", "https://example.test/1", "outlet1", None, text, [_LEDE, _LATE],
                   language="english")


def test_the_story_summary_reads_the_text_to_its_summarys_last_sentence():
    article = _long_article()
    assert article.text.find(_LATE) > SUMMARY_LEAD
    sent = for_story_summary(Story([article])).articles[0]
    assert _LATE in sent.text and len(sent.text) < len(article.text)  # (read that far, and no further)
    short = Article(2, "t", "https://example.test/2", "o", None, "A short text. " * 300, ["A short text."],
                    language="english")
    assert len(for_story_summary(Story([short])).articles[0].text) == SUMMARY_LEAD


def test_a_first_name_far_down_the_text_still_needs_the_sentence_naming_the_person():
    # "Now Jana will ..." uses the first name the text gave in full: cut before it, the text would make it the first
    # sentence, naming no one known; read to it, the sentence waits for a shown sentence naming Jana.
    shown = [s for s, _ in story_summary(for_story_summary(Story([_long_article()])), 3)]
    assert shown[0] == _LEDE
    assert _LATE not in shown or any("Jana" in s for s in shown[:shown.index(_LATE)])
