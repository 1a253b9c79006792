"""Session 13's families, each with made-up examples: a lede telling what its headline tells opens the story in its
own form, a guess or a tribute (bot.group.restate.headlined, tells_headline); a surname
alone before any modal is a clause's subject (bot.summarise.known.unintroduced); a thing by its year needs the
sentence naming it (bot.summarise.anchors.dated_thing); a person as "his" or "she" in a sentence naming nobody leans
(bot.summarise.anchors.unnamed_person)."""

from __future__ import annotations

from bot.group import story_summary
from bot.group.restate import sentence_terms, tells_headline
from bot.models import Article, Story
from bot.summarise.anchors import dated_thing, unnamed_person
from bot.summarise.known import unintroduced
from bot.summarise.openings import needs_before, opening_problem

GUESS = "Xland drivers could pay less for fuel under a tax cut on petrol announced by finance minister Jo Roe."
DETAIL = "The plans include a lower rate for rural areas and a freeze on the duty paid by hauliers."
THIRD = "Opposition leader Al Poe said the cut was a stunt before next spring's general election in Xland."


def _story(title: str, summary: list[str], text: str) -> Story:
    return Story([Article(1, title, "https://example.test/1", "outlet1", None, text, summary, language="english")])


def test_a_lede_telling_its_headline_opens_the_story_though_it_is_a_guess():
    assert opening_problem(GUESS, lede=True) == "speculation"  # (alone, the form is a guess)
    text = "\n".join([GUESS, DETAIL, THIRD])
    shown = [s for s, _ in story_summary(_story("Roe cuts Xland petrol tax for drivers", [GUESS, DETAIL, THIRD], text))]
    assert shown[0] == GUESS  # (not "The plans include ...", a detail of what the lede told)
    # under a headline telling something else, the guess is no opening (here nothing else can open: headline only)
    other = [s for s, _ in story_summary(_story("Poe attacks election stunt", [GUESS, DETAIL, THIRD], text))]
    assert GUESS not in other[:1]


def test_a_reaction_or_a_hook_under_a_headline_telling_it_is_still_no_opening():
    hook = "Soon, Xville will be the fattest town in Yland."
    text = "\n".join([hook, "Xville council published its health survey on Monday, showing 40% of adults are obese.",
                      "The survey of 3,000 adults was carried out by Yland University."])
    story = _story("Xville will soon be fattest town in Yland", [hook, text.splitlines()[1]], text)
    shown = [s for s, _ in story_summary(story)]
    assert shown and shown[0] != hook  # (a forecast is what it tells, not how: the headline may be a hook too)


def test_telling_the_headline_takes_half_its_terms_and_two_at_least():
    headline = sentence_terms("Cheaper chip for mobiles", "english")
    assert tells_headline(sentence_terms("A mobile chip could make phones cheaper.", "english"), headline)
    assert not tells_headline(sentence_terms("Chip makers met in Xville.", "english"), headline)  # (one term)
    long = sentence_terms("Xland minister Roe unveils plans for police, schools and roads", "english")
    assert not tells_headline(sentence_terms("Roe said the plans were ready.", "english"), long)  # (2 of 8)


def test_a_surname_alone_before_a_modal_is_unintroduced():
    text = ("Xville coach Jo Keane has named his squad for Saturday's match. Ben Ray is injured, and if he is not fit "
            "then Keane might call up Al Poe.")
    sentence = "Ben Ray is injured, and if he is not fit then Keane might call up Al Poe."
    assert unintroduced(sentence, text) == {"Keane"}
    for modal in ("may", "must", "should"):
        assert unintroduced(sentence.replace("might", modal), text.replace("might", modal)) == {"Keane"}
    # a place before a modal is no person: "in Xville may" has a place word before it, and no full name ends in it
    town = "Jo Keane lives in Xville. Flooding in Xville may close the road, the council said."
    assert unintroduced("Flooding in Xville may close the road, the council said.", town) == frozenset()
    # the full name in the sentence itself introduces the person
    assert unintroduced("If he is fit then Jo Keane might call up Al Poe.", text) == frozenset()


def test_a_thing_by_its_year_needs_the_sentence_naming_it():
    for sentence in ("The 1998 coming-of-age comedy about three sisters made Roe a star.",
                     "The 2003 merger created the largest bank in Xland.", "The 1995 film starred Jo Roe."):
        assert dated_thing(sentence), sentence
        assert needs_before(sentence), sentence
    for sentence in ("The 2003 Xville Open champion has slipped to 40th in the world.",  # (a name follows: a role)
                     "The 2004-05 season was his best.",  # (a time)
                     "The 1998 law of the sea was signed by 60 countries.",  # (the "of" phrase says which)
                     "The 1995 film which made her famous was a flop.", "The 77th annual Xville Awards take place today."):
        assert not dated_thing(sentence), sentence


def test_a_person_as_a_pronoun_in_a_sentence_naming_nobody_leans():
    for sentence in ("You only had to see her face afterwards to know how much the win meant.",
                     "It was his third title in a row.", "Only later did she admit to knowing about it all along."):
        assert unnamed_person(sentence), sentence
        assert needs_before(sentence), sentence
    for sentence in ("Xville manager Jo Roe said his side had been unlucky.",  # (a name: maybe who it is)
                     "The goalkeeper broke his arm in training on Monday.",  # (someone by what they are)
                     "A woman who lost her purse on the bus got it back a week later.",
                     "He said it was over.",  # (an opening "He": leans already, by screen.leans)
                     "Sales rose by 4% in the month, the figures show."):  # (no pronoun)
        assert not unnamed_person(sentence), sentence


TRIBUTE = "Xland stars including Jo Roe and Al Poe have paid tribute to actor Ben Kay at his funeral in Xville."
DEATH = "Veteran actor Ben Kay, a well-known campaigner, died in Yland at the age of 90 on 3 March 2004."
SERVICE = "Friends and family gathered at Xville cathedral on Saturday for the two-hour service."


def test_a_tribute_lede_under_a_headline_telling_it_opens_the_story():
    assert opening_problem(TRIBUTE, lede=True) == "reaction"
    text = "\n".join([TRIBUTE, DEATH, SERVICE])
    shown = [s for s, _ in story_summary(_story("Stars pay tribute to actor Kay", [TRIBUTE, DEATH, SERVICE], text))]
    assert shown[0] == TRIBUTE  # (not the death, the background to the funeral)
    # a headline asking a question tells nothing: the reaction is no opening under it
    asked = [s for s, _ in story_summary(_story("Stars pay tribute to actor Kay?", [TRIBUTE, DEATH, SERVICE], text))]
    assert TRIBUTE not in asked[:1]
