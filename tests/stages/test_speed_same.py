"""Shortcuts taken for speed (issue 13) give the answers of what they replace.

Each test pits a shortcut against the plain form it stands for, on made-up strings; the reference dump
(summaries byte-identical to main's) checks them on real articles.
"""

from __future__ import annotations

import random
import re

from bot.language import _sumy_data, stop_words
from bot.summarise import glue
from bot.text import boilerplate


def test_any_of_finds_a_line_exactly_when_it_holds_one_of_the_strings() -> None:
    # The plain form: any(s in line for s in strings). Random strings over a small alphabet make many
    # share heads and hold one another ("p" + "st" must still find "posted").
    rng = random.Random(13)
    letters = "ab (.,"
    for _ in range(2000):
        strings = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 12))}
        pattern = re.compile(boilerplate._any_of(set(strings)))
        for _ in range(5):
            line = "".join(rng.choice(letters) for _ in range(rng.randint(0, 12)))
            assert bool(pattern.search(line)) == any(s in line for s in strings), (strings, line)
    assert re.search(boilerplate._any_of({"posted", "pst"}), "it was posted")


def test_any_of_finds_every_rules_string() -> None:
    needs = {n for rule in boilerplate._RULES for n in rule.needs}
    pattern = re.compile(boilerplate._any_of(set(needs)))
    assert [n for n in sorted(needs) if not pattern.search(n)] == []


def test_any_of_looks_only_for_strings_no_other_holds() -> None:
    # "photo" holds "pho": a line with "pho" is found by it alone, so "photo" is not looked for.
    assert boilerplate._any_of({"photo", "pho", "image"}) == boilerplate._any_of({"pho", "image"})
    assert boilerplate._any_of({"photo", "pho"}) == "pho"


def test_has_word_is_a_search_for_the_word_between_word_boundaries() -> None:
    made_up = [("Ben's arrival", "Ben"), ("Bennett came", "Ben"), ("said Ben.", "Ben"), ("_Ben_", "Ben"),
               ("Ana Ana", "Ana"), ("(Roe)", "(Roe)"), ("x(Roe)", "(Roe)"), ("José ran", "José"), ("Josés", "José"),
               ("", ""), ("a", ""), ("٣Ben", "Ben")]
    rng = random.Random(13)
    letters = "ab _'é1.-’ "
    made_up += [("".join(rng.choice(letters) for _ in range(rng.randint(0, 10))),
                 "".join(rng.choice(letters) for _ in range(rng.randint(0, 3)))) for _ in range(5000)]
    for text, word in made_up:
        assert glue._has_word(text, word) == bool(re.search(rf"\b{re.escape(word)}\b", text)), (text, word)


def test_list_numbers_guard_holds_what_the_line_patterns_need() -> None:
    # list_numbers_moved returns early when _NUMBER_STOP finds nothing: right only while a match of
    # _STRAY_IN_LINE holds one of _NUMBER_STOP (it starts with that pattern).
    assert glue._STRAY_IN_LINE.pattern.startswith(glue._NUMBER_STOP.pattern)
    sentences = ["The champion fought on after battling skin cancer 1.", "BALL OF THE CENTURY was his."]
    assert glue.list_numbers_moved(sentences, " ".join(sentences)) == [
        "The champion fought on after battling skin cancer", "1. BALL OF THE CENTURY was his."]
    plain = ["It rained on Monday.", "The match went ahead."]
    assert glue.list_numbers_moved(plain, " ".join(plain)) is plain


def test_stop_words_read_from_sumys_own_file() -> None:
    from importlib.resources import files

    data = files("sumy").joinpath("data/stopwords/english.txt").read_bytes()
    assert _sumy_data("stopwords/english.txt") == data
    assert stop_words("english") == frozenset(w.rstrip().lower() for w in data.decode("utf-8").splitlines() if w)
