"""Session 14's shortcuts in the screen and the openings (issue 13) give the answers of the plain forms they replace.

Each test pits a shortcut against the plain form it stands for, on sentences written for it, on every code point
where the shortcut is a character class, and on real articles (../shared/data, skipped when absent).
"""

from __future__ import annotations

import json
import random
import re
import sys

import pytest

from bot.summarise import glue
from bot.text import boilerplate, clean_line, has_digit, split_sentences
from bot.text.clean import _any_rule

SENTENCES = [
    "Thousands of people were left without power after the storm hit the coast on Monday night.",
    "The report by the Court of Appeal Millions of motorists face higher bills from next year, it said.",
    "Analysts at research firm Gartner More than 167 million handsets were sold in the three months to June, they said.",
    "Police at the scene AP At least 84 people died when the lorry drove into the crowd in Nice.",
    "Hundreds of thousands of refugees have crossed the border since the fighting began.",
    "The minister said Most of the money would go to schools in the north of the country.",
    "A quarter of the town's homes were flooded, and A third of its roads were closed by the police.",
    "Fewer than 10 schools opened, and Less than £5m was spent; Up to $3bn may be needed, the mayor said.",
    "The club Nearly 40,000 fans watched the final at Wembley, where Almost €2m was raised for charity.",
    "Two-thirds of voters backed the plan, while Three-thirds of nothing is still nothing.",
    "Several of the players at the club None of them had been paid since March, the union said.",
    "Many of the Tens of thousands of visitors Much of the park was closed to them.",
    "He scored ² goals in the ① round and ₃ in the next, the ፩ of many records.",
    "Half of 2019's sales came in the last quarter, and Dozens of shops closed; Scores of jobs went.",
    "It was, all in all, a quiet day in the city, with nothing of note to report from the council.",
]


def _old_count_opening() -> re.Pattern[str]:
    """glue._COUNT_OPENING as main wrote it: the groups first, then " of " once."""
    return re.compile(r"(?:Millions|Thousands|Hundreds|Dozens|Scores|Tens of thousands|Hundreds of thousands"
                      r"|Most|Many|Much|None|Several|Half|(?:Two|Three)-thirds|A (?:third|quarter|fifth)) of (?=[a-z])"
                      r"|(?:More|Fewer|Less) than (?=[a-z0-9$£€]|\d)|(?:At least|Nearly|Almost|Up to) (?=[0-9$£€])")


def _made_up(rng: random.Random) -> str:
    pieces = ["Millions", "Hundreds", "of", "thousands", "More", "than", "At least", "Up to", "Nearly", "A", "third",
              "Two-thirds", "the", "people", "5", "$3", "£", "€", "x", "Tens", "Half", "None", ".", ",", "Less", "9"]
    return "".join(rng.choice(pieces) + rng.choice([" ", " ", "", "  "]) for _ in range(rng.randint(1, 30)))


def _same_matches(old: re.Pattern[str], text: str) -> int:
    for start in (0, 1):
        got = [(m.span(), m.group()) for m in glue._COUNT_OPENING.finditer(text, start)]
        assert got == [(m.span(), m.group()) for m in old.finditer(text, start)], text
    return len(got)


def test_count_opening_flat_finds_what_the_grouped_pattern_found() -> None:
    old = _old_count_opening()
    found = sum(_same_matches(old, s) for s in SENTENCES)
    assert found >= 12  # (the sentences above reach most branches: the test can fail)
    rng = random.Random(14)
    assert sum(_same_matches(old, _made_up(rng)) for _ in range(5000)) > 500


def test_split_at_count_unchanged() -> None:
    assert glue.split_at_count(SENTENCES[1]) == ["The report by the Court of Appeal",
                                                 "Millions of motorists face higher bills from next year, it said."]
    assert glue.split_at_count(SENTENCES[2])[1].startswith("More than 167 million")
    assert glue.split_at_count(SENTENCES[-1]) == [SENTENCES[-1]]


def test_has_digit_is_any_isdigit_on_every_code_point() -> None:
    every = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in every if has_digit(c) != c.isdigit()] == []
    assert has_digit("x²") and has_digit("part ① of it") and has_digit("1") and not has_digit("no figure here, none")
    rng = random.Random(3)
    digits = [c for c in every if c.isdigit()]
    for _ in range(3000):
        text = "".join(rng.choice(["a", " ", "’", "é", "日", rng.choice(digits), "-", "x"]) for _ in range(rng.randint(0, 12)))
        assert has_digit(text) == any(ch.isdigit() for ch in text), text


def test_count_opening_on_real_articles(shared_data) -> None:
    path = shared_data / "summ_bbc_news_summary" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("summ_bbc_news_summary is absent")
    old = _old_count_opening()
    sentences = 0
    with path.open(encoding="utf-8") as f:
        for row in map(json.loads, f):
            for para in row["article"].splitlines():
                for s in split_sentences(para):
                    sentences += 1
                    _same_matches(old, s)
                    assert has_digit(s) == any(ch.isdigit() for ch in s)
    assert sentences > 1000


# Page furniture the guarded rules find, and prose holding their strings (or the tails any_need now looks for).
FURNITURE = [
    "We use cookies to improve your experience on our site.", "By continuing you agree to our cookie policy.",
    "Jane Roe poses for a photograph outside the court in London on Tuesday.", "(Getty Images)", "Photo: Jane Roe",
    "In this file photo, the minister speaks to reporters.", "A picture released by the police shows the van.",
    "This article was originally published on The Conversation.", "Editor's note: this story has been updated.",
    "Comments are moderated before they appear.", "Xinhua | Updated: 2017-09-15 17:52", "© Example Media 2026",
    "Jane Roe, CTVNews.ca", "Pick Six Newsletter", "[button link=x]Send us your pictures[/button]",
    "The Post's mayor, with President Roe in the background, spoke first.", "Listen via Storyful",
    "The ground was soaked and the players moved slowly.", "He smiled and waved at the crowd, looking relaxed.",
    "The mages of old were said to see the future.", "The blisters on his feet were painful, he said.",
    "Ghts reserved tickets ran out on Tuesday.", "Viewed from the hill, the town looked small.",
    "The company paid £3m for the rights to the book, which was published in 2001.", "It was seen by millions.",
    "The vessel docked in Dover, on Monday, with 300 passengers on board.", "Kgrounds and wsletters are not words.",
]


def test_rare_tail_is_a_tail_of_its_string() -> None:
    needs = {need for rule in boilerplate._RULES for need in rule.needs}
    for need in needs | {"ab", "abcd", "abcde", "zzzzz", "the cat", "   x"}:
        tail = boilerplate._rare_tail(need)
        assert need.endswith(tail) and len(tail) >= min(4, len(need)), (need, tail)
    assert boilerplate._rare_tail("background") == "kground"  # (the rarest letter that leaves four)
    assert boilerplate._rare_tail("cookie") == "cookie" and boilerplate._rare_tail("(") == "("


def _exact_book(book: boilerplate._Rulebook) -> boilerplate._Rulebook:
    """The rulebook as main built it: any_need looks for the rules' own strings."""
    needs = {need for rule in book.guarded for need in rule.needs}
    return book._replace(any_need=re.compile(boilerplate._any_of(needs)) if needs else None)


def _same_rules(lines: list[str]) -> int:
    clean_line("x")
    found = 0
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        low = line.lower()
        book = boilerplate._rulebook(frozenset(), boilerplate._SHELF[min(line.count(" ") + 1,
                                                                          len(boilerplate._SHELF) - 1)])
        got = _any_rule(book, line, low)
        assert got == _any_rule(_exact_book(book), line, low), line
        found += got
    return found


def test_any_rule_with_rare_tails_answers_as_with_the_rules_strings() -> None:
    lines = FURNITURE + SENTENCES + [line.upper() for line in FURNITURE] + [line.lower() for line in FURNITURE]
    assert _same_rules(lines) >= 15  # (the furniture above is found: the test can fail)
    rng = random.Random(7)
    words = [w for line in FURNITURE for w in line.split()]
    assert _same_rules([" ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(3000)]) > 50


def test_any_rule_with_rare_tails_on_real_articles(shared_data) -> None:
    path = shared_data / "summ_bbc_news_summary" / "dev.jsonl"
    if not path.is_file():
        pytest.skip("summ_bbc_news_summary is absent")
    lines: list[str] = []
    with path.open(encoding="utf-8") as f:
        for row in map(json.loads, f):
            for para in row["article"].splitlines():
                lines += split_sentences(para) + [para]
    assert len(lines) > 1000
    _same_rules(lines)
