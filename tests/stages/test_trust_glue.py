"""Page junk inside a sentence, by its form: bracket glue, fixture headings, sentences about a figure,
sub-headings in capitals, and the splitter's cases (a stray list number, initials before a nickname,
"World War I. But")."""

from __future__ import annotations

import pytest

from bot.summarise import leans, screen_sentences, summarise
from bot.text import clean_line, split_sentences


def _screen(text: str) -> list[tuple[str, str | None]]:
    return [(s.text, s.reason) for s in screen_sentences(text)]


@pytest.mark.parametrize("text, kept", [
    # a caption ends at a bracketed picture pointer, the next sentence follows with no stop
    ("Her footage showed several women who had left their home country to join the group (above) The women's "
     "account comes a day after another video was released.",
     "The women's account comes a day after another video was released."),
    ("Experts worry the cabin systems could be compromised by hackers (file photo) The auditors released a "
     "report earlier this week with similar findings.",
     "The auditors released a report earlier this week with similar findings."),
    ("Police were called to the family's home in the quiet township on the hill (pictured) Roe's lawyer said "
     "the girl told him what had happened.",
     "Roe's lawyer said the girl told him what had happened."),
    # an abbreviation given in brackets and at once the next sentence's subject
    ("The moment came at 10.38am on Wednesday, according to the Association of Card Clearing Houses (Acch) "
     "Acch chose a teacher from the town to make the transaction.",
     "Acch chose a teacher from the town to make the transaction."),
    # a clause starter after a closing bracket
    ("Regulators are open to talks, according to the chairman of the Example Markets Commission (EMC) The "
     "pair will appear in front of the committee today.",
     "The pair will appear in front of the committee today."),
])
def test_text_glued_before_a_bracket_is_cut_off_and_the_sentence_kept(text, kept):
    screened = _screen(text)
    assert screened[-1] == (kept, None)
    assert [reason for _, reason in screened[:-1]] == ["caption"]


def test_a_bracket_inside_prose_is_no_glue():
    for text in ("The agency (formerly the Example Board) said it would publish the figures next week.",
                 "Disgraced former bank boss Jon Roe (pictured) was among those courted by the minister.",
                 "Voters in the region (mostly farmers) Thursday backed the plan by a wide margin.",
                 "The four friends (pictured left to right) Jon Roe, 26, Ben Doe, 25, and Tom Poe, 28, said they "
                 "were just doing their duty."):
        assert [s.text for s in screen_sentences(text)] == [text]


def test_a_fixture_heading_glued_to_a_sentence_is_not_shown():
    (s,) = screen_sentences("Northfield Rovers vs Southport Town (Marsh Lane) Team news Rovers Jack Roe is set "
                            "to return after serving a one-match ban.")
    assert s.reason == "heading"
    for prose in ("The Scotland v England match was a highlight of the end of the season.",
                  "Wales v England kicked off in the rain and ended with a draw on Saturday."):
        assert screen_sentences(prose)[0].usable


@pytest.mark.parametrize("sentence", [
    "Jon Roe (left) was mistakenly sent off for the challenge in the second half.",
    "The thieves stole two paintings, The Storm (from left to right) and a portrait of the painter.",
    "She brought along her husband Jon, pictured above, who sits on the board of the school.",
])
def test_a_sentence_saying_where_someone_stands_in_a_picture_is_not_shown(sentence):
    (s,) = screen_sentences(sentence)
    assert s.reason == "figure"


@pytest.mark.parametrize("sentence", [
    "The graph shows a clear trend toward more blue paintings toward the end of the century.",
    "The plot above is based on 94,526 images for the years from 1800 to 2000.",
    "The chart below illustrates the analyst's view of the latest price action.",
])
def test_a_sentence_describing_a_picture_needs_the_one_before(sentence):
    assert screen_sentences(sentence)[0].usable and leans(sentence)
    text = ("A student has made graphs of the dominant colour of paintings in each year since 1800. " + sentence
            + " Orange has always been the most popular colour in paintings, the student found.")
    summary = summarise(text, sentences=2)
    assert sentence not in summary or summary.index(sentence) > 0


@pytest.mark.parametrize("sentence", [
    "The full moon appears red when seen above the river and the bridge from the town.",
    "The video shows police officers arriving at the scene shortly after midnight.",
    "The party (centre-right) won a majority of the seats in the new parliament.",
    "Prices rose above the level the bank had set for the end of the year.",
])
def test_prose_about_places_or_videos_is_no_figure(sentence):
    assert screen_sentences(sentence)[0].usable and not leans(sentence)


def test_a_sub_heading_in_capitals_is_cut_from_the_sentence():
    line = "LAST SPELL OF COMMENTARY IN ENGLAND Roe's final commentary came at the ground in 2005."
    assert clean_line(line) == "Roe's final commentary came at the ground in 2005."
    assert clean_line("HILLARY ROE, Bill Doe and Jon Poe led the celebrations in the city.").startswith("HILLARY ROE,")


def test_a_list_number_left_at_the_end_of_a_caption_starts_the_next_item():
    text = ("Jon Roe, one of the game's great personalities, has died at the age of 84 after a long illness 1. "
            "BALL OF THE CENTURY Roe was on hand to talk viewers through the first delivery.")
    screened = _screen(text)
    assert screened == [(screened[0][0], "standfirst"), ("Roe was on hand to talk viewers through the first delivery.", None)]
    # a number that ends a sentence stays with it
    assert [t for t, _ in _screen("The team finished the season ranked number 2. The coach was pleased with that.")] == [
        "The team finished the season ranked number 2.", "The coach was pleased with that."]


def test_initials_before_a_nickname_in_quotes_do_not_end_the_sentence():
    text = 'He saw that Jon Roe, Ann Poe and J.P. "The Big Bopper" Doe had been killed in a crash. It was 1959.'
    assert split_sentences(text) == [
        'He saw that Jon Roe, Ann Poe and J.P. "The Big Bopper" Doe had been killed in a crash.', "It was 1959."]
    assert split_sentences('He met J. "The Kid" Roe at the club.') == ['He met J. "The Kid" Roe at the club.']


def test_a_single_capital_after_a_name_ends_the_sentence_before_a_word_no_name_is():
    assert split_sentences("The series ran from the 15th century to World War I. But the channel said no.") == [
        "The series ran from the 15th century to World War I.", "But the channel said no."]
    assert split_sentences("Albert I. Jones was here. John F. Kennedy spoke.") == [
        "Albert I. Jones was here.", "John F. Kennedy spoke."]


def test_a_sentence_repeating_a_run_of_its_own_words_is_glued_text():
    (s,) = screen_sentences("Jon Roe is spoken to by the referee Ann Poe in his second round match against Ben Doe "
                            "Roe is spoken to by the referee in his second round match against Doe at the hall "
                            "Poe approached Roe as he walked to the table after the break in the third frame.")
    assert s.reason == "run-on"
    quoted = ('Roe told the radio station: "The referee asked me if I wanted ten yards or if I wanted to take it '
              'straight away and I said that I wanted to take it straight away."')
    assert screen_sentences(quoted)[0].usable


def test_list_numbers_that_run_on_each_go_to_the_item_after_them():
    text = ("Both fighters have revealed some oddities about themselves ahead of the big fight 1. Crisps are one of "
            "his favourite snacks before a big fight 2. Noodle soup is one of his favourite meals and he eats it daily 3. "
            "The promoter said the fight had already sold out.")
    screened = _screen(text)
    # the intro and the items have no stops once their numbers are gone: a list, not sentences to show
    assert all(r in ("standfirst", "fragment") for _, r in screened[:3])
    assert screened[0][0].endswith("the big fight")
    # ... and the sentence given the last number is the list's third item, shown without its list: not shown either
    assert screened[3] == ("The promoter said the fight had already sold out.", "list item")
    # numbers that do not run on stay where they are
    assert [t for t, _ in _screen("The home side scored in the first half and won 2. The visitors won 4.")] == [
        "The home side scored in the first half and won 2.", "The visitors won 4."]
    # a number that is the count of the word before it: prose
    prose = "The first talks in the capital went ahead on day 1. The second round of talks went ahead on day 2."
    assert [r for _, r in _screen(prose)] == [None, None]


def test_a_caption_run_is_cut_at_the_possessive_of_the_name_it_gave():
    text = ("Almost as tall as a man: Rob dwarfs the other 80 lambs born at the same farm this spring Rob's arrival "
            "came just a week after the largest lamb in the country was born in the north.")
    assert _screen(text) == [
        ("Almost as tall as a man: Rob dwarfs the other 80 lambs born at the same farm this spring", "caption"),
        ("Rob's arrival came just a week after the largest lamb in the country was born in the north.", None)]
    # without a caption's label the possessive may carry on the clause: left whole
    prose = ("The farmer who bred Rob spoke of the night Rob's mother gave birth after a long and difficult labour.")
    assert _screen(prose) == [(prose, None)]


def test_a_caption_glued_to_the_sentence_it_sums_up_is_cut_where_the_subject_comes_again():
    text = ("Germans now think of themselves as the victims of Hitler and his Nazi Regime Germans no longer see the "
            "war as a defeat and now think of themselves as victims of the Nazis, a poll found.")
    assert _screen(text) == [
        ("Germans now think of themselves as the victims of Hitler and his Nazi Regime", "caption"),
        ("Germans no longer see the war as a defeat and now think of themselves as victims of the Nazis, a poll "
         "found.", None)]
    # a caption pointing at its picture, the sentence after it opening with the same subject
    text = ("Roe's lawyer said his client, pictured in court in January, wanted to settle the case Roe was first "
            "arrested in October after a complaint.")
    assert _screen(text)[1] == ("Roe was first arrested in October after a complaint.", None)
    # prose naming its subject again, hardly a word repeated; or again as a possessive: left whole
    for prose in ("Labour leaders who met in Brighton on Tuesday agreed that Labour members should vote on the plan "
                  "next month.",
                  "England coach Jon Roe (right) will soon begin a review of the World Cup failure England's "
                  "humiliating exit from the Cup was a shock."):
        assert len(_screen(prose)) == 1


def test_a_concession_whose_pronoun_points_forward_does_not_lean():
    assert not leans('They may not be "Star Trek"-type aliens, but we may be close to finding evidence of life, '
                     'a scientist says.')
    assert not leans("It may not look like much, but Roe's new engine could change how cars are made.")
    for backward in ("It may not be pretty, but it works well enough for now.",
                     "He was not expected to win the election, but was disappointed to lose the next one.",
                     "They don't go to zoos either, but when they do, they choose well."):
        assert leans(backward)
