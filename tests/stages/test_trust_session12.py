"""Session 12's families, each with made-up examples: more of something told as the subject (bot.summarise.anchors),
"also" after a phrase turning to a topic and a feature's way in (bot.summarise.standing), a surname alone after an
opening phrase (bot.summarise.known), a thing described with no verb of its own (bot.summarise.glue) and a broadcast
promoted (bot.text.boilerplate)."""

from __future__ import annotations

from bot.summarise import screen_sentences
from bot.summarise.anchors import more_of_told
from bot.summarise.glue import verbless
from bot.summarise.known import unintroduced
from bot.summarise.openings import needs_before, opening_problem
from bot.summarise.standing import adds_to_unshown, feature_hook


def test_more_of_something_told_needs_the_sentence_that_told_it():
    for sentence in ("The additional fines take effect from 3 May, meaning Roe will miss the Xville game.",
                     "The other two were released without charge on Monday.",
                     "The remaining players flew home to Yland.", "The latter said he would appeal."):
        assert more_of_told(sentence), sentence
        assert needs_before(sentence), sentence
    for sentence in ("The former Xville captain Jo Roe has died aged 80.",  # (a role, not a comparison)
                     "The others-first policy was dropped.", "The otherwise quiet town of Xville was shaken by a blast."):
        assert not more_of_told(sentence), sentence


def test_also_after_a_phrase_turning_to_a_topic_adds_to_a_statement_not_shown():
    sentence = "On the subject of the club's debts, Roe also revealed a sponsor is being sought for the new ground."
    assert adds_to_unshown(sentence)
    assert opening_problem(sentence, lede=True) == "adds"
    assert not adds_to_unshown("On Monday, Xville Council approved the plan, which also covers two new schools.")


def test_a_features_way_in_is_no_opening():
    for sentence in ("For football fans, the name Xville evokes memories of the great side of 1966.",
                     "For lovers of jazz, the Yland festival is the high point of the summer.",
                     "Gone are the dark, cramped rooms of the old gallery, the new wing is full of light."):
        assert feature_hook(sentence), sentence
        assert opening_problem(sentence, lede=True) == "hook", sentence
    for sentence in ("For the first time, Xville Council has approved a budget cut.",
                     "For Xville fans, the result was a relief, manager Jo Roe said.", "Gone is not the word for it."):
        assert not feature_hook(sentence), sentence


def test_a_surname_alone_after_an_opening_phrase_is_unintroduced():
    text = ("Jo Tait has been called into the Xville squad. With Al Poe ruled out and Ben Kay injured for the season, "
            "Tait is one of six contenders for the two places.")
    sentence = "With Al Poe ruled out and Ben Kay injured for the season, Tait is one of six contenders for the two places."
    assert unintroduced(sentence, text) == {"Tait"}
    text2 = "Jo Roe spoke to reporters. On the subject of money, Roe also revealed the club will sell the ground."
    assert unintroduced("On the subject of money, Roe also revealed the club will sell the ground.", text2) == {"Roe"}
    assert unintroduced(sentence, sentence) == frozenset()  # (nobody named before: nothing to bring)


def test_a_thing_described_with_no_verb_of_its_own_is_no_sentence():
    for sentence in ("A very light laptop that is designed to bring the internet to every classroom.",
                     "An app that is free to download."):
        assert verbless(sentence), sentence
    for sentence in ("A man who is 30 has been charged with murder.", "A girl who is 12 won the spelling bee.",
                     "A firm that is based in Xville makes the parts for the car.",
                     "A laptop that is designed for schools, the X1, goes on sale in May."):
        assert not verbless(sentence), sentence
    text = ("A very light laptop that is designed to bring the internet to every classroom.\n\n"
            "Xco said on Monday that the laptop would go on sale in Yland in May.")
    assert [s.reason for s in screen_sentences(text)] == ["fragment", None]


def test_a_broadcast_promoted_is_page_furniture():
    text = ("Listen to the full interview on Radio Xville and the website from 1900 GMT.\n\n"
            "Jo Roe told Radio Xville that the club would not sell its best player.\n\n"
            "Fans will listen to the interview with interest, the club said on Monday.")
    assert [s.reason for s in screen_sentences(text)] == ["boilerplate", None, None]
