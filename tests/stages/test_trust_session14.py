"""Session 14's families, each with made-up examples: the writer's stance as a sentence's main clause, attributed to
no one, is no story's first line and, as a lede skipped for the event, not shown later (bot.summarise.standing.stance);
a word opening a longer name ("Roe Metals") introduces no person by that surname (bot.group.present._names); the
account coming back to a place it left needs the sentence before (bot.summarise.anchors.back_to)."""

from __future__ import annotations

import pytest

from bot.group import story_summary
from bot.group.present import HOOKS, _names
from bot.models import Article, Story
from bot.summarise.anchors import back_to
from bot.summarise.openings import OPENING_FAMILIES, needs_before, opening_problem
from bot.summarise.standing import adds_to_unshown, announces_page, feature_hook, stance


def _story(title: str, summary: list[str], text: str) -> Story:
    return Story([Article(1, title, "https://example.test/1", "outlet1", None, text, summary, language="english")])


@pytest.mark.parametrize("sentence", [
    # a judgement framed impersonally
    "After months of teasers and two missed dates it's safe to say this is the most awaited phone of the decade.",
    "It is fair to say that few film sequels have carried quite so much weight on their shoulders.",
    "There is little doubt that electric scooters with bright screens are enormously popular with teenagers.",
    # an inference from what the writer listed, summed up by its subject
    "Falling prices, cheaper loans and a wave of new shops all suggests that next spring will bring busy high streets.",
    # how things seemed, the subject naming no one
    "As the ferry crawled back into harbour on 3 March, a flood of pictures seemed to tell a simple story of failure.",
    # a judgement with its ground
    "Roe's comments are shrewd in that any later sale of the striker cannot be painted as the club giving up.",
    # a period judged before it comes
    "The next six months look like they are going to be a lot of fun for anyone who likes gadgets.",
    "For the music business 2007 is going to be a very big year.",
])
def test_the_writers_stance_is_no_opening(sentence):
    assert stance(sentence)
    assert opening_problem(sentence) is not None and opening_problem(sentence, lede=True) is not None
    assert "stance" in OPENING_FAMILIES and "stance" in HOOKS
    assert opening_problem("Roe's comments are shrewd in that any later sale cannot be painted as giving up.") == "stance"


@pytest.mark.parametrize("sentence", [
    "Shares in Roe Metals fell 12% on Monday after the firm said it would cut 4,000 jobs.",  # an event
    "It is safe to say, the minister said, that the bridge will reopen in May.",  # (attributed: said)
    "Figures suggest that 2007 is going to be a very good year for exporters, according to the trade body.",
    "The prime minister seemed to rule out a referendum on Tuesday.",  # (someone named did something)
    "2007 will be the year that digital radios become cheap enough for every kitchen.",  # (what happens in it)
    "Mr Roe was not interested in that offer, his agent said.",  # (an -ed word and "in that" + a noun)
    "Regulators said the case is unusual in that the buyer is also the seller's landlord.",  # (reported: said)
])
def test_stated_or_attributed_sentences_are_no_stance(sentence):
    assert not stance(sentence) and opening_problem(sentence) != "stance"


def test_a_stance_lede_gives_way_to_the_event_and_is_not_shown_after_it():
    hook = "After two years of delays it's safe to say that this is the most anticipated console of the decade."
    event = "Xcorp's new games console went on sale in Yland on Friday, with queues outside shops in three cities."
    detail = "The machine costs 300 crowns and comes with two controllers and a film streaming service."
    text = "\n".join([hook, event, detail])
    shown = [s for s, _ in story_summary(_story("Xcorp console goes on sale in Yland", [hook, event, detail], text))]
    assert shown[0] == event and hook not in shown


def test_a_word_opening_a_longer_name_introduces_no_person():
    assert "Roe" not in _names("Roe Metals, one of the largest steel makers, could cut 4,000 jobs, its chief has said.")
    assert "Roe" in _names("Jane Roe, its chief executive, said the cuts were needed.")
    assert "Roe" in _names("Mr Roe, the firm's founder, said it made a loss.")
    assert "Roe" in _names("Roe Metals To Cut 4,000 Jobs")  # (a title-case headline: every word as a name)
    # a short form of a firm's longer name, and a work's title, still name what they name
    assert "Sumitomo" in _names("Japan's Sumitomo Mitsui Financial has withdrawn its offer for a rival bank.")
    assert "Meet" in _names("Comedy Meet The Fockers has held on to the number one spot.")


def test_mr_roe_after_only_the_firm_and_its_chief_waits_for_the_full_name():
    lede = "Roe Metals, one of the largest steel makers in Yland, could cut 4,000 jobs, its chief executive has said."
    second = "The company is due to finish buying its rival Zed Steel next month, making it the largest in the region."
    full = "However, Jane Roe has told investors that the combined firm will have to shed many staff."
    alone = "Mr Roe told investors in Xville that the firm would aim to cut about 800 jobs a year until 2010."
    text = "\n".join([lede, second, full, alone])
    shown = [s for s, _ in story_summary(_story("Steel firm to cut 4,000 jobs", [lede, second, alone], text))]
    assert shown[0] == lede and alone not in shown  # ("Roe Metals" named no Mr Roe; "However, ..." cannot bring him)
    # with a sentence naming her in full that stands alone, it comes with the one using her surname
    full = "Chief executive Jane Roe has told investors that the combined firm will have to shed many staff."
    text = "\n".join([lede, second, full, alone])
    shown = [s for s, _ in story_summary(_story("Steel firm to cut 4,000 jobs", [lede, second, alone], text))]
    assert alone not in shown or shown.index(full) < shown.index(alone)


@pytest.mark.parametrize("sentence", [
    "Back at the team hotel in Xville, things could hardly have got worse when the coach was hurt in a car crash.",
    "Back home, the minister faced calls to resign over the deal.",
    "Back in Xville, the strikers were told their jobs were safe.",
])
def test_coming_back_to_a_place_needs_the_sentence_before(sentence):
    assert back_to(sentence) and needs_before(sentence)


@pytest.mark.parametrize("sentence", [
    "Back in 1999, the firm sold its first phone in Yland.",  # (a flashback to a time stands alone)
    "Back in the summer, the club signed three players.",
    "Back pain costs Yland's employers millions of days a year.",
])
def test_a_time_flashback_or_the_word_back_is_not_coming_back(sentence):
    assert not back_to(sentence)


@pytest.mark.parametrize("sentence", [
    "In a separate interview with Xville Radio, Mr Roe said the party was united.",
    "Separately, police said two men had been arrested in Yland.",
    "In another development, the Xville mayor resigned on Tuesday.",
])
def test_another_of_a_kind_adds_to_an_unshown_statement(sentence):
    assert adds_to_unshown(sentence) and opening_problem(sentence) is not None
    assert not needs_before(sentence)  # (after another sentence of its story it reads: only no first line)


def test_a_first_half_or_a_plain_phrase_is_not_another_of_a_kind():
    assert not adds_to_unshown("In a second-half rally, Xville scored three times to win the cup.")
    assert not adds_to_unshown("In a statement, Xcorp said its chief executive had resigned.")


@pytest.mark.parametrize("sentence", [
    "Tech Life tries to find out if you can get a better laptop for your money by building one yourself.",
    "Money Box sets out to discover whether a week of cash alone makes shoppers spend less.",
])
def test_the_piece_telling_what_it_sets_out_to_do_is_never_shown(sentence):
    assert announces_page(sentence) and opening_problem(sentence) == "teaser"
    text = "\n".join(["Xcorp's new laptop costs 400 crowns, the cheapest it has sold.", sentence,
                      "The laptop has a 14-inch screen and a battery said to last ten hours."])
    story = _story("Xcorp laptop on sale", text.splitlines(), text)
    assert sentence not in [s for s, _ in story_summary(story)]  # (not even after the sentence before it)


def test_someone_trying_to_find_out_is_no_announcement():
    assert not announces_page("Police tried to find out whether the fire at the Xville depot was started deliberately.")
    assert not announces_page("Scientists in Yland try to find out why bees are dying.")


@pytest.mark.parametrize("sentence", [
    "Now that most homes in Xland have a fast broadband line, the big phone firms are keen to sell films down it.",
    "Radio, music and podcasts have been gearing up for years for the next revolution in what we hear.",
])
def test_a_trends_way_in_is_no_opening(sentence):
    assert feature_hook(sentence) and opening_problem(sentence, lede=True) == "hook"


def test_the_next_big_thing_someone_tipped_is_no_hook():
    assert not feature_hook("Xcorp's chief Jo Roe tipped voice search as the next big thing in phones at a Yland fair.")
    assert not feature_hook("Now, the council says, the bridge will close.")  # ("Now," is no "Now that ...")
