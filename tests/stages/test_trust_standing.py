"""Session 11's second families, each with made-up examples: how things stand in general as no story's first line, a
sentence adding "also" to one not shown, the page announcing what follows (bot.summarise.standing), the first person
singular as an unnamed speaker (bot.summarise.anchors), "In fact, ..." as a reply, a list of names as a roster
(bot.summarise.screen), a count glued after a name (bot.summarise.glue) and a reported modal as no speculation."""

from __future__ import annotations

from bot.summarise import screen_sentences
from bot.summarise.anchors import unnamed_speaker
from bot.summarise.glue import split_at_count
from bot.summarise.openings import OPENING_FAMILIES, needs_before, opening_problem
from bot.summarise.standing import adds_to_unshown, announces_page, generic_statement


def test_how_things_stand_in_general_is_no_opening():
    for sentence in ("Reward schemes have become a familiar part of most shopping trips, as chains rush to keep buyers.",
                     "Persuading drivers to pay for parking apps is really important for councils keen to cut costs.",
                     "Three-quarters of the planet's farmers, 2 million people, earn less than $5 a day."):
        assert generic_statement(sentence), sentence
        assert opening_problem(sentence, lede=True) == "background", sentence
    for sentence in ("Reward schemes have become a familiar sight since Xco launched its card on Monday.",  # (a day)
                     "Half of the town's voters backed the plan, a poll found.",  # (an event, a source)
                     "Two-thirds of the world's population live on little, according to a Yland study.",
                     "Boeing is really important for the region's economy, Jo Roe said.",  # (no gerund's clause)
                     "Getting the vote out was really important, Jo Roe said."):
        assert not generic_statement(sentence), sentence


def test_also_after_the_subject_adds_to_a_statement_not_shown():
    for sentence in ("Roe will also take part in the Xville Run on 9 April.", "Police also found a knife at the house.",
                     "The club has also signed the Yland defender Al Poe."):
        assert adds_to_unshown(sentence), sentence
        assert opening_problem(sentence, lede=True) == "adds", sentence
    assert "adds" in OPENING_FAMILIES
    for sentence in ("Roe won the Xville Run, and also set a course record.",  # (the clause's own news comes first)
                     "Not only the fans but also the players were angry after the match against Yland."):
        assert not adds_to_unshown(sentence), sentence


def test_the_page_announcing_what_follows_is_never_a_story_line():
    for sentence in ("Xville Sport looks at the reaction.", "Xville Radio looks back at the key moments.",
                     "The Daily Y rounds up the papers."):
        assert announces_page(sentence), sentence
        assert opening_problem(sentence) == "teaser", sentence
    assert not announces_page("Xland looks at the reaction of its neighbours to the new border rules with Yland, "
                              "officials told reporters on Monday.")  # (long: news of its own)
    assert not announces_page("Jo Roe looked at the options before signing for Xville.")


def test_the_first_person_singular_needs_its_speaker_shown():
    for sentence in ("I don't believe in the minimum wage at all!", "My first car ran on diesel and never broke down.",
                     "I've played in Xville and in Yland."):
        assert unnamed_speaker(sentence), sentence
        assert needs_before(sentence), sentence
    for sentence in ("I Love Xville is the title of the new show.", "My Family was a BBC comedy.",
                     "Jo Roe said: I will stay."):
        assert not unnamed_speaker(sentence), sentence


def test_in_fact_answers_the_sentence_before():
    assert needs_before("In fact, the number of people sending messages is falling.")
    assert not needs_before("The number of people sending messages is falling, in fact.")


def test_a_list_of_names_is_a_roster():
    text = "Roe, Poe, Lee, Kay, Ray, May, Day, Fay, Hay, Jay, Bay.\nRoe, Poe and Lee were picked for the Xville side."
    reasons = [s.reason for s in screen_sentences(text)]
    assert reasons == ["roster", None]


def test_a_count_glued_after_a_name_is_cut_there():
    assert split_at_count("Sales rose 26% in the quarter, according to analysts Xco More than 167 million handsets "
                          "were sold globally.") == ["Sales rose 26% in the quarter, according to analysts Xco",
                                                    "More than 167 million handsets were sold globally."]
    assert split_at_count("Police said a caption credited to the agency Yco At least 84 people have died in the "
                          "floods.")[1].startswith("At least 84")
    assert split_at_count("The Xville side, who won more than 20 games last season, face Yville.") == [
        "The Xville side, who won more than 20 games last season, face Yville."]
    assert split_at_count("She played in Four Weddings and a Funeral More or less famous now.") == [
        "She played in Four Weddings and a Funeral More or less famous now."]  # (no count after "More")


def test_a_modal_someone_is_reported_to_have_signalled_is_no_speculation():
    assert opening_problem("Jo Roe has indicated that she would like to run in next month's Xville race.",
                           lede=True) is None
    assert opening_problem("Jo Roe would like to run in next month's Xville race.", lede=True) == "speculation"


def test_an_activity_said_to_be_rare_is_background_not_an_opening():
    # (session 13: a gerund as the subject and a rarity for its verb: how things stand, not what happened)
    for sentence in ("Sailing solo around both poles is something no one has managed before.",
                     "Growing rice in the desert is something few farmers have ever tried."):
        assert generic_statement(sentence), sentence
        assert opening_problem(sentence, lede=True) == "background", sentence
    assert not generic_statement("Jane Roe is something of a local hero after sailing solo around both poles.")
    assert not generic_statement("Sailing solo around both poles, Jane Roe reached Xville on Monday.")
