"""Session 15's families, each with made-up examples: what the story summary reads of an article with a summary
reaches its summary's last sentence (bot.articles.for_story_summary), so what a sentence takes from the text before
it is found there however far down it sits; a feature's way in told by its grammar (bot.summarise.ways_in: a pronoun
subject after a fronted phrase, the writer's "we", a perfect over a span with no date, a generic present with an
indefinite subject; a modal perfect conceded before "but", no guess); a lede's guess in its headline's own modal opens
(ways_in.same_mood), so does an attributed lede under a headline quoting a word (bot.group.present._quotes_word); two
sentences run together at a capitalised gerund (bot.summarise.ledes.glued)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.articles import SUMMARY_LEAD, for_story_summary
from bot.group import story_summary
from bot.models import Article, Story
from bot.summarise.ledes import glued
from bot.summarise.openings import opening_problem
from bot.summarise.ways_in import concessive, durative, generic_present, same_mood, unnamed_person, writer_we

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


@pytest.mark.parametrize(("sentence", "test", "family"), [
    ("In a long and angry speech she turned on the party's critics and promised a fight to the finish.", unnamed_person,
     "leans"),
    ("After a week of talks they agreed to meet again in the spring.", unnamed_person, "leans"),
    ("Radio drama has been part of the schedules since the dawn of broadcasting as we know it.", writer_we,
     "first-person"),
    ("The old consoles are remembered by many of us for their long loading times.", writer_we, "first-person"),
    ("Electric bikes have been promised for years as the answer to city traffic.", durative, "background"),
    ("For the past decade or so, gardeners will have become used to the spring catalogue of seeds.", durative,
     "background"),
    ("A win in the cup doesn't make up for the defeats of the autumn in any way, but it will give the squad hope.",
     generic_present, "no-event"),
    ("An early exit is never the end of the world for a young squad.", generic_present, "no-event"),
])
def test_a_way_in_is_told_by_its_grammar_and_opens_no_story(sentence, test, family):
    assert test(sentence)
    assert opening_problem(sentence, lede=True) == family


@pytest.mark.parametrize("sentence", [
    "In a speech on Monday, Jo Roe said the plan would go ahead.",  # (a name: no pronoun subject)
    "According to the agency most of the cafes closed because they were unlicensed.",  # ("they" in a clause of its own)
    "Yland's government said we would all pay more for energy next year.",  # (someone said it: not the writer's "we")
    "The US has tightened its rules on imports of steel.",  # ("US", not "us")
    "The bridge has been closed since Tuesday after cracks were found.",  # (a day)
    "Jo Roe has been jailed for 12 years for the robbery.",  # (a figure: a sentence, not a span of a state)
    "A dealer in fake watches has been sent to prison for three years.",  # (a count: a term, no span)
    "Jo Roe has urged the club to fight as she called the match its biggest for years.",  # (a perfect of doing)
    "A new blood test could spot the illness years earlier, researchers said.",  # (a development, said)
    "A tribunal will meet next month to decide whether to uphold the ban.",  # (a modal: a plan)
    "A fire at a warehouse in Yland has killed four people.",  # (an event)
])
def test_statements_of_events_are_no_way_in(sentence):
    assert not (unnamed_person(sentence) or writer_we(sentence) or durative(sentence) or generic_present(sentence))


def test_a_guess_in_its_headlines_mood_opens_the_story():
    lede = "The Yland Farmers' Union could take legal action against two councillors who defected to a rival party."
    detail = "Jo Roe and Ann Poe were elected on the farmers' list in a vote held on 3 May last year."
    text = f"{lede}\n\n{detail} The union says the seats are its own."
    story = Story([Article(1, "Farmers could sue defectors", "https://example.test/1", "o", None, text, [detail, lede],
                           language="english")])
    assert same_mood(lede, "Farmers could sue defectors") and not same_mood(lede, "Farmers sue defectors")
    assert opening_problem(lede, lede=True) == "speculation"
    assert story_summary(story, 2)[0][0] == lede


def test_two_sentences_run_together_at_a_capitalised_gerund():
    assert glued("The dog strains to get loose Pulling its lead, it runs off into the park.")
    assert not glued("The firm is moving its head office to Yland, its chief executive said.")


def test_a_concession_before_but_is_no_guess():
    sentence = "The council may have closed the library - but that didn't stop Jo Roe opening a reading room in her shop."
    assert concessive(sentence) and opening_problem(sentence, lede=True) is None
    assert not concessive("The council may have closed the library, officials fear.")
    assert opening_problem("Rates may rise again in the spring, but the bank will wait.", lede=True) is not None


def test_under_a_headline_quoting_a_word_the_attributed_lede_opens():
    # The headline quotes a verdict; the lede gives it, attributed, in other words and none of the headline's: it opens,
    # not a later sentence that names the headline's subject but tells only what the book says.
    lede = "The plot of a bestselling novel that many will get for their birthdays is 'absurd', a historian has said."
    later = "The Yland Riddle claims the old king never died but lived on as a monk in the northern hills."
    text = f"{lede}\n\n{later} The historian, Jo Roe, called it a fine thriller."
    story = Story([Article(1, "Yland Riddle is 'poor history'", "https://example.test/1", "o", None, text,
                           [later, lede], language="english")])
    assert story_summary(story, 2)[0][0] == lede
    unquoted = Story([replace(story.articles[0], title="Yland Riddle is poor history")])
    assert story_summary(unquoted, 2)[0][0] == later  # (no quotation: the sentence naming the headline's subject)
