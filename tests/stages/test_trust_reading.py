"""A story as a reader meets it (session 8, a fresh read of unseen digests): the lead's lede opens when it
can, one article's sentences are read in the order its text gives them, a forecast someone is said to make
may open, "this" before a verb inside a sentence is that sentence's, a speaker named only "he" leans, the
writer's own surprise is a verdict, and a line-up is no sentence."""

from __future__ import annotations

import pytest

from bot.group import story_summary
from bot.models import Article, Story
from bot.summarise import screen_sentences
from bot.summarise.openings import opening_problem, points_back

LEDE = "Two carmakers have until midnight on Friday to settle a dispute over a possible takeover."
LATER = "Under an alliance agreed in 2000, the first carmaker may sell its car unit to the second after the deadline."
SHARES = "Shares in both companies rose sharply in early trading on Thursday."


def _article(n: int, title: str, sentences: list[str], source: str = "") -> Article:
    return Article(n, title, f"https://example.test/{n}", source or f"outlet{n}", None, " ".join(sentences),
                   sentences, language="english")


def test_the_lead_s_lede_opens_even_where_a_later_sentence_says_more_of_the_headline():
    story = Story([_article(1, "Deadline nears for carmaker's car unit sale", [LEDE, LATER, SHARES])])
    assert story_summary(story, 3)[0][0] == LEDE


def test_the_lede_opens_a_story_of_two_outlets_and_the_other_adds_its_detail():
    lead = _article(1, "Carmakers face midnight deadline in takeover dispute", [LEDE, LATER, SHARES])
    other = _article(2, "Carmaker shares rise before takeover deadline",
                     ["Shares in both carmakers rose sharply on Thursday as traders bet on a settlement.",
                      "Analysts at two banks said the talks would go on through the weekend."])
    shown = [s for s, _ in story_summary(Story([lead, other]), 3)]
    assert shown[0] == LEDE and other.summary[1] in shown  # the other outlet adds its detail


def test_a_single_article_s_sentences_are_read_in_the_order_of_its_text():
    later = "The talks broke down when the first carmaker asked for more money for its loss-making unit."
    supported = "Both carmakers said on Thursday that talks would go on until the deadline."
    lead = _article(1, "Carmakers face midnight deadline in takeover dispute", [LEDE, supported, later])  # by rank
    lead.text = " ".join([LEDE, later, supported])  # the text's order
    shown = [s for s, _ in story_summary(Story([lead]), 3)]
    assert shown == [LEDE, later, supported]


@pytest.mark.parametrize("sentence", [
    "Voters would reject the treaty by two to one, according to a poll published on the eve of the debate.",
    "More lives could be saved by cutting drink-drive limits by a third, a report says.",
])
def test_a_forecast_someone_is_said_to_make_may_open(sentence):
    assert opening_problem(sentence, lede=True) is None


def test_an_unattributed_forecast_still_may_not_open():
    assert opening_problem("Super fast wireless networks could soon be in use across the country.", lede=True) \
        == "speculation"


def test_this_before_a_verb_inside_a_sentence_points_to_that_sentence():
    sentence = "Firms are set to prosper over the next few months - but this could trigger more rate rises."
    assert not points_back(sentence)
    assert points_back("Firms said they would welcome this step.")  # "this step": told elsewhere


@pytest.mark.parametrize("sentence", [
    "Some 37 countries could benefit after a review by bodies including the World Bank, he said.",
    "The plan will cost far more than the city has budgeted for, she told reporters.",
])
def test_a_speaker_named_only_by_a_pronoun_leans_on_another_sentence(sentence):
    assert opening_problem(sentence) == "leans"


def test_the_writer_s_own_surprise_is_a_verdict_but_not_an_attributed_or_dated_one():
    assert opening_problem("Airlines have surprisingly strict dress codes for staff travelling on free passes.",
                           lede=True) == "verdict"
    assert opening_problem("A surprisingly large asteroid passed close to Earth on Tuesday.", lede=True) is None


def test_a_line_up_is_no_sentence():
    line = ("G Thomas (Toulouse, capt); K Morgan (Newport-Gwent), T Shanklin (Cardiff), G Henson (Neath-Swansea), "
            "S Williams (Neath-Swansea); S Jones (Clermont Auvergne), D Peel (Llanelli); G Jenkins (Cardiff), "
            "M Davies (Gloucester), A Jones (Neath-Swansea), B Cockbain (Celtic Warriors), D Jones (Llanelli).")
    assert [s.reason for s in screen_sentences(line)] == ["roster"]
    prose = ("Frank Reich (Eagles), Josh McDaniels (Patriots) and Pat Shurmur (Vikings) are other names the "
             "team could chase.")
    assert all(s.usable for s in screen_sentences(prose))


def test_a_name_with_a_capital_starter_word_is_not_split_as_glue():
    title_case = "Actress Jane Roe, known to millions for her roles in the Carry On films, has died at the age of 71."
    assert [s.text for s in screen_sentences(title_case)] == [title_case]
    team = "Roe was among the try scorers when England A beat France A by ten points nine days ago in Paris."
    assert [s.text for s in screen_sentences(team)] == [team]
    glued = "A fan waves a flag beside the stadium in the rain in Montoya The young players lined up for the anthem."
    assert [s.text for s in screen_sentences(glued)][-1] == "The young players lined up for the anthem."


@pytest.mark.parametrize("family, sentence", [
    ("speculation", "If all goes according to plan, the agency will have done something no other has managed."),
    ("interview", "Example Weekly spoke with the director and two of the stars to learn everything we could about it."),
    ("leans", "Playing with tropes of older shows, it tells the story of a programmer who imprisons his colleagues."),
    ("verdict", "The finale brings the threads together in a climate that has become incredibly toxic."),
])
def test_openings_a_fresh_read_of_the_dev_digests_turned_away(family, sentence):
    assert opening_problem(sentence) == family


def test_an_impersonal_it_has_been_announced_is_no_pronoun_subject():
    lede = "The life of a late singer is to be made into a film, it has been announced."
    assert opening_problem(lede, lede=True) is None


def test_another_outlet_s_lede_does_not_tell_the_event_again():
    lede = "A tram overturned on a curve in the south of the city on Wednesday, killing seven people."
    detail = "Police said the driver had been arrested on suspicion of manslaughter."
    other_lede = "Seven people were killed when a tram came off the rails in the south of the city on Wednesday."
    other_detail = "Survivors said people were thrown across the carriage as it tipped onto its side."
    lead = _article(1, "Tram overturns in the south of the city, killing seven", [lede, detail])
    other = _article(2, "Seven killed as tram derails in the city", [other_lede, other_detail])
    shown = [s for s, _ in story_summary(Story([lead, other]), 3)]
    assert shown[0] == lede and other_lede not in shown
    assert other_detail in shown  # the other outlet still gives what it adds


def test_such_and_a_plural_points_to_a_kind_another_sentence_told():
    assert points_back("The watchdog is seeking help on how to regulate the technology behind such networks.")
    assert not points_back("Online services such as auction sites could provide a blueprint, the report says.")


def test_a_place_in_title_case_and_a_dash_is_a_dateline():
    assert [s.text for s in screen_sentences("Detroit – It's a bird that flew into the cockpit of the jet.")] \
        == ["It's a bird that flew into the cockpit of the jet."]


def test_a_surname_in_the_possessive_needs_the_full_name_first():
    from bot.summarise.known import unintroduced
    text = ("Prime Minister Jane Roe welcomed the offer on Monday. Later, a spokesperson for Roe's office said "
            "they were still reviewing the speech.")
    assert unintroduced("Later, a spokesperson for Roe's office said they were still reviewing the speech.", text) \
        == {"Roe"}


def test_the_thing_an_unshown_sentence_introduced_waits_for_a_sentence_naming_it():
    lede = "A spectacular celebration on the coast ended in chaos on Sunday after a barge carrying fireworks caught fire."
    after = "The two operators of the display on the barge jumped into the sea to escape the flames, police said."
    lead = _article(1, "Thousands flee as fireworks malfunction at a beach party",
                    ["Thousands of people fled a beach party on the coast on Sunday when fireworks went off at random."])
    other = _article(2, "Fireworks chaos at a beach party", [lede, after])
    shown = [s for s, _ in story_summary(Story([lead, other]), 3)]
    assert after not in shown  # "the barge": the other outlet's lede introduced it, and it tells the event again


def test_an_unattributed_may_with_no_day_is_speculation():
    assert opening_problem("This time next year, there may be a new world leader in lunar exploration.",
                           lede=True) == "speculation"
    assert opening_problem("The striker may make his comeback in the cup tie at the stadium on Saturday.",
                           lede=True) is None  # a day: the news of a match
    assert opening_problem("The young Earth may have collided with a body the size of Mercury, says a new paper.",
                           lede=True) is None  # said to be so


@pytest.mark.parametrize("family, sentence", [
    ("leans", "With two weekends of league games to play, and one in the cup, it is crunch time for several clubs."),
    ("leans", "When Jane Roe, 28, moved into a quiet street in the city a year ago, she thought she had found a home."),
    ("teaser", "Ahead of the weekend's games, Example Sport will be providing you with all you need to know."),
])
def test_openings_a_fresh_read_of_unseen_digests_turned_away(family, sentence):
    assert opening_problem(sentence, lede=True) == family
