"""Offline sentence and word splitting, and boilerplate cleaning.

Everything here runs without downloaded data. ``sentences`` splits text into sentences,
``words`` into words (and stands in for sumy's tokenizer), ``boilerplate`` holds the rule
families, and ``clean`` applies them to lines and whole texts.
"""

from bot.text.boilerplate import RULE_FAMILIES, Rule
from bot.text.clean import clean_line, clean_text, is_boilerplate
from bot.text.sentences import split_sentences
from bot.text.words import SumyTokenizer, has_digit, more_runs, split_words

__all__ = [
    "split_sentences",
    "split_words",
    "more_runs",
    "has_digit",
    "SumyTokenizer",
    "clean_text",
    "clean_line",
    "is_boilerplate",
    "RULE_FAMILIES",
    "Rule",
]
