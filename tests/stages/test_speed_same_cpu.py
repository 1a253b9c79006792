"""Session 12's shortcuts for CPU per article (issue 13) give the answers of the plain forms they replace.

Each test pits a shortcut against the plain form it stands for, on made-up strings chosen to reach its
edges (unspaced scripts, odd spaces, words glued by punctuation); the reference dump (texts, summaries and
stories byte-identical to main's) checks them on real articles.
"""

from __future__ import annotations

import random
import re
from itertools import islice

from bot.extract import more_words_than, word_count
from bot.summarise import screen
from bot.text.words import more_runs

_PIECES = ["word", "Ab", "x", "日本語", "ไทย", "漢", "’s", "-", "—", ".", ",", "'", "_", "3", "4.5", "é", "ß"]
_SPACES = [" ", "  ", "\n", "\t", "\u00a0", "\u2009", "\u3000", ""]


def _made_up(rng: random.Random, pieces: int) -> str:
    return "".join(rng.choice(_PIECES) + rng.choice(_SPACES) for _ in range(pieces))


def test_more_words_than_is_word_count_above_n() -> None:
    rng = random.Random(12)
    for _ in range(4000):
        text = _made_up(rng, rng.randint(0, 40))
        for n in (0, 1, 2, 5, 20, rng.randint(0, 45)):
            assert more_words_than(text, n) == (word_count(text) > n), (text, n)
    # unspaced characters count where the spaced words alone fall short
    assert more_words_than("日本語の記事です" * 4, 5) and word_count("a b") == 2 and not more_words_than("a b", 2)


def _plain_strip_title(sentence: str, title_key: list[str]) -> tuple[str, bool]:
    """screen._strip_title as it was: every word of the sentence found first, then counted."""
    found = re.findall(r"\w+", sentence)
    n = len(title_key)
    if len(found) > n + 2 and (n < 3 or found[0].lower() != title_key[0]):
        return sentence, False
    keys = [w.lower() for w in found]
    if keys == title_key:
        return "", True
    if n >= 3 and keys[:n] == title_key and len(keys) - n >= screen._MIN_WORDS:
        rest = sentence[next(islice(re.finditer(r"\w+", sentence), n - 1, None)).end():].lstrip(" :|-–—.")
        if rest[:1].isupper() or rest[:1] in screen._OPEN_Q:
            return rest, False
    if n >= 3 and keys and len(keys) <= n + 2:
        shared = len(set(keys) & set(title_key))
        if shared >= 0.8 * len(set(keys)):
            return "", True
    return sentence, False


def test_more_runs_counts_the_runs_findall_finds() -> None:
    rng = random.Random(12)
    for _ in range(4000):
        text = _made_up(rng, rng.randint(0, 30))
        runs = len(re.findall(r"\w+", text))
        for n in {0, 1, runs - 1, runs, runs + 1, rng.randint(0, 35)} - {-1}:
            assert more_runs(text, n) == (runs > n), (text, n)


def test_strip_title_as_before() -> None:
    rng = random.Random(12)
    titles = ["Storm hits the coast", "Vote", "Storm hits", "A b c d e f g h i j k l"]
    for _ in range(3000):
        title = rng.choice(titles)
        key = screen._key(title)
        words = title.split()
        head = " ".join(words[: rng.randint(0, len(words))])
        sentence = (head + rng.choice([" ", ": ", "", " - "]) + _made_up(rng, rng.randint(0, 25))).strip()
        if rng.random() < 0.3:
            sentence = sentence[:1].upper() + sentence[1:]
        assert screen._strip_title(sentence, key) == _plain_strip_title(sentence, key), (sentence, title)


def test_a_paragraph_without_br_is_found_as_by_find() -> None:
    """repairs._segments asks ``next(p.iterdescendants("br"), None)`` where it asked ``p.find(".//br")``."""
    import lxml.html

    from bot.extract import repairs

    page = lxml.html.document_fromstring(
        "<html><body><p>plain</p><p>a<br>b</p><p><span>deep<b>er<br/></b></span> c</p><p><!-- br --> no</p>"
        "<p><br></p><p>x<span>br</span></p><div><br></div><p></p></body></html>")
    paragraphs = list(page.iter("p"))
    assert [next(p.iterdescendants("br"), None) is None for p in paragraphs] == [p.find(".//br") is None for p in paragraphs]
    assert [p.find(".//br") is None for p in paragraphs] == [True, False, False, True, False, True, True]
    assert [repairs._segments(p) for p in paragraphs[:3]] == [["plain"], ["a", "b"], ["deeper", "c"]]


def test_norm_returns_a_normal_text_as_split_and_join_would() -> None:
    from bot.extract import repairs

    # the reason it holds: every whitespace character but " " is unprintable
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]
    rng = random.Random(12)
    whitespace = [c for c in map(chr, range(0x3001)) if c.isspace()] + ["\u200b", "\ufeff", "x", "é", "日"]
    for _ in range(5000):
        text = "".join(rng.choice(_PIECES + whitespace + _SPACES) for _ in range(rng.randint(0, 12)))
        assert repairs._norm(text) == " ".join(text.split()), repr(text)
