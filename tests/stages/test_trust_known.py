"""Session 9's families, each with made-up examples: openings that state no event (a state of things, the writer's
"I", a long-held wish or a backstory, a riddle, the weapon named as known), what a story-summary sentence takes as
known (a description, an abbreviation, a bare surname, a thing told before as "this old song"), and captions fused to
the next sentence at a name (bot.summarise.openings, known, glue; bot.group.restate, present)."""

from __future__ import annotations

from bot.group import story_summary
from bot.group.restate import named_before, named_by, sentence_terms, told_before
from bot.models import Article, Story
from bot.summarise import screen_sentences
from bot.summarise.glue import split_at_name
from bot.summarise.known import takes_as_known, unintroduced
from bot.summarise.openings import OPENING_FAMILIES, opening_problem


def _article(n: int, title: str, summary: list[str], text: str | None = None) -> Article:
    return Article(n, title, f"https://example.test/{n}", f"outlet{n}", None,
                   text if text is not None else "\n".join(summary), summary, language="english")


def test_a_short_state_of_things_opens_no_story_but_a_lede_may():
    for sentence in ("Ruritania is pressing ahead with its plans for space travel.",
                     "Acme Widgets is a family firm.", "Used Zorbs are not cheap either."):
        assert opening_problem(sentence) == "state", sentence
        assert opening_problem(sentence, lede=True) is None, sentence  # (the outlet led with it)
    for sentence in ("Acme Widgets is expected to cut 300 jobs.",  # (a figure, and what is expected)
                     "Ruritania is sending a probe to Mars, its space agency announced.",  # (a name after its subject)
                     "Acme Widgets has closed its plant."):  # (an event)
        assert opening_problem(sentence) != "state", sentence
    assert "state" in OPENING_FAMILIES and "first-person" in OPENING_FAMILIES


def test_the_writers_first_person_opens_no_story():
    for sentence in ("I bought my daughter a tablet last week and she loves it.",
                     "After a week with the tablet I am not tempted to give up my laptop.",
                     "My neighbour has kept bees for forty years."):
        assert opening_problem(sentence, lede=True) == "first-person", sentence
    for sentence in ("Jo Roe, 40, said: \"I was scared when the river rose.",  # (a quotation, left open)
                     "Veterans of World War I gathered in Xville on Monday.",  # (a name's "I")
                     "Actor Jo Roe, who starred in My Family, has died aged 70.",  # (a title's "My")
                     "Our planet may have collided with a body the size of Mars, a study says."):  # ("we" are everyone)
        assert opening_problem(sentence, lede=True) != "first-person", sentence


def test_a_long_held_wish_or_a_backstory_is_background():
    for sentence in ("Commuters have long wished for a faster train, but now it seems the drivers have one.",
                     "When farmer Jo Roe learned that her cow had twins, her first call was to the vet."):
        assert opening_problem(sentence, lede=True) == "background", sentence
    assert opening_problem("Commuters waited two hours for a train on Monday after a signal failed.",
                           lede=True) is None


def test_a_riddle_for_a_lede_is_a_hook():
    assert opening_problem("Critic Jo Roe has seen the future and it is in a toaster.", lede=True) == "hook"
    assert opening_problem("The future is here, and it is parked in your drive.", lede=True) == "hook"
    assert opening_problem("Critic Jo Roe has seen the new film twice, she said on Monday.", lede=True) is None


def test_the_weapon_named_as_known_is_an_event_anaphor():
    assert opening_problem("Fragments of the rockets fell on three villages.") == "event-anaphor"
    assert opening_problem("Warnings of the missiles woke people across the island.") == "event-anaphor"
    assert opening_problem("Rebels fired two rockets at the town of Xville on Monday.", lede=True) is None


def test_a_definite_description_as_subject_is_taken_as_known():
    assert takes_as_known("The treaty was signed in Rome last October.") == {"treaty"}
    assert takes_as_known("The goalkeeper missed last Saturday's defeat.") == {"goalkeeper"}
    for sentence in ("The number of visitors fell by a third.",  # (introduced right there)
                     "The man who stole the painting was jailed on Monday.",
                     "The new Zorb 5 phone goes on sale in June.",  # (a name follows)
                     "The government said it would appeal.",  # (one wherever the story is)
                     "The day began with rain.", "Acme said the treaty was signed."):
        assert takes_as_known(sentence) == frozenset(), sentence


def test_a_description_the_text_named_before_waits_for_a_shown_sentence_naming_it():
    text = ("Voters would reject the charter, a poll says.\nThey will be asked to approve the treaty establishing it.\n"
            "The treaty was signed in Rome last October.")
    assert named_before(frozenset({"treaty"}), "The treaty was signed in Rome last October.", text) == {"treaty"}
    assert named_before(frozenset({"attack"}), "The attack was the worst in a decade.",
                        "A gunman opened fire on a crowd.\nThe attack was the worst in a decade.") == frozenset()
    assert named_by(frozenset({"treaty"}), sentence_terms("EU treaty signed in Rome", "english"))
    assert not named_by(frozenset({"software"}), sentence_terms("Graph reveals the colour of art", "english"))


def test_a_later_sentence_opening_with_an_unnamed_description_does_not_open_the_story():
    picks = ["They are a stunning picture of the art.", "The software extracts the colour of each painting."]
    lead = _article(1, "Graph reveals the dominant colour of art", picks)
    assert story_summary(Story([lead]), 3) == []  # (the lede leans; "The software" names nothing the headline did)
    lead = _article(1, "New software reveals the dominant colour of art", picks)
    assert [s for s, _ in story_summary(Story([lead]), 3)] == picks[1:]


def test_an_abbreviation_given_in_brackets_is_unintroduced_where_used_bare():
    text = ("Prices rose, according to the National Widget Council (NWC).\n"
            "NWC chose a baker from Xville to mark the day.")
    assert unintroduced("NWC chose a baker from Xville to mark the day.", text) == {"NWC"}
    assert unintroduced("The National Widget Council (NWC) chose a baker.", text + "\nThe National Widget Council "
                        "(NWC) chose a baker.") == frozenset()


def test_a_bare_surname_opening_a_sentence_is_unintroduced():
    text = "Those words bring to mind singer Jo Roe's hit song.\nRoe was a paperboy when he first heard it."
    assert unintroduced("Roe was a paperboy when he first heard it.", text) == {"Roe"}
    assert unintroduced("Jo Roe was a paperboy when he first heard it.", text + "\nJo Roe was a paperboy when he "
                        "first heard it.") == frozenset()


def test_a_thing_introduced_by_a_number_or_this_is_told_before():
    text = "Everyone knows this old song by heart.\nOn Tuesday an auction house sold the song's lyrics for $1m."
    assert told_before("On Tuesday an auction house sold the song's lyrics for $1m.", text, "english") == {"song"}
    text = "Rebels fired two rockets at the town.\nPeople heard the rockets from far away."
    assert told_before("People heard the rockets from far away.", text, "english") == {"rockets"}
    text = "It rained this week.\nThe week ended with sun."
    assert told_before("The week ended with sun.", text, "english") == frozenset()


def test_a_caption_fused_to_the_next_sentence_at_a_name_it_gave_is_cut():
    fused = ("Police filmed the arrest, which showed Roe covering his face when he realised he had been caught "
             "Roe agreed to pay the fine at the station on Monday.")
    assert split_at_name(fused) == [fused[:fused.index(" Roe agreed")], "Roe agreed to pay the fine at the station "
                                    "on Monday."]
    screened = screen_sentences(fused)
    assert [s.reason for s in screened] == ["caption", None]
    for prose in ("He picked Jo Roe in the final, despite the fact Roe had played on Monday and lost.",
                  "The spokesman for North Korea said North Korea was ready to talk to the South.",
                  "Bruce Roe worked in banking and Irene Roe volunteered for several charities."):
        assert split_at_name(prose) == [prose], prose


def test_a_sub_heading_before_a_full_name_it_names_again_is_cut():
    assert split_at_name("Acmeton Jo Smith and Al Jones are fit for Acmeton's game on Saturday.") == [
        "Acmeton", "Jo Smith and Al Jones are fit for Acmeton's game on Saturday."]
    for prose in ("President Jo Smith and Al Jones met in Xville, and President Smith spoke.",
                  "Acmeton Rovers beat Bigtown on Saturday, and Acmeton go top."):
        assert split_at_name(prose) == [prose], prose
