"""Word splitting, and sumy's tokenizer without NLTK data.

sumy's default Tokenizer needs NLTK's punkt models, which cannot be fetched at run time, so
:class:`SumyTokenizer` stands in for it.
"""

from __future__ import annotations

import re

from bot.language import language_name
from bot.text.sentences import split_sentences

__all__ = ["SumyTokenizer", "has_digit", "more_runs", "split_words"]

# Numbers keep their separators ("1,000", "3.5"); words keep inner apostrophes
# and hyphens ("don't", "well-known", "COVID-19").
# Written to open with one character class (a number's first digit is a word character too),
# so the engine scans for it instead of trying both branches at every position.
_WORD = re.compile(r"[^\W_](?:(?<=\d)\d*(?:[.,]\d+)+|[^\W_]*(?:['’\-][^\W_]+)*)")


def split_words(text: str, language: str = "english") -> list[str]:
    """Word tokens in order, punctuation dropped; one regex, so it is fast.

    `language` is accepted for symmetry with split_sentences; the rule is the
    same for every language written with spaces.
    """
    return _WORD.findall(text)


def more_runs(text: str, n: int) -> bool:
    """``len(re.findall(r"\\w+", text)) > n``, without making the runs: one match of n + 1 of them."""
    pattern = _RUNS.get(n)
    if pattern is None:
        pattern = _RUNS[n] = re.compile(r"(?:\W*\w+(?!\w)){%d}" % (n + 1))  # (?!\w): a run is never cut in two
    return pattern.match(text) is not None


_RUNS: dict[int, re.Pattern[str]] = {}  # n -> the pattern of more_runs

# Every character whose str.isdigit() is true: the decimal digits (\d) and the other digits (superscripts, subscripts,
# circled and parenthesised digits ...; tests/stages/test_shortcuts_screen.py checks the class against every code point).
_DIGIT = re.compile("[\\d\xb2\xb3\xb9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c"
                    "\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792\U00010a40-\U00010a43"
                    "\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a]")


def has_digit(text: str) -> bool:
    """``any(ch.isdigit() for ch in text)``, in one scan by the regex engine (a generator per character cost more)."""
    return _DIGIT.search(text) is not None


class SumyTokenizer:
    """Drop-in for sumy.nlp.tokenizers.Tokenizer that needs no NLTK data."""

    def __init__(self, language: str):
        self.language = language_name(language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        # Like sumy's own tokenizer, keep only tokens with a letter in them.
        return tuple(w for w in split_words(sentence, self.language)
                     if not w.isdigit() and any(c.isalpha() for c in w))

