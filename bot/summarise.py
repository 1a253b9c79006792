"""Extractive summaries: pick whole sentences from the article, never write new ones.

Scoring uses sumy's stemmers and stop words as signals, combined with where a sentence stands
(news puts the point first), how central it is to the article and how much it shares with the
title; chosen sentences must not repeat each other. The similarity work is vectorised with
numpy because sumy's own graph rankers compare sentences pairwise in pure Python, which is
far too slow for a few thousand articles a run. Sentences that cannot stand alone in a digest
(boilerplate, fragments, the headline repeated) are never chosen.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from bot.text import is_boilerplate, split_sentences, split_words

_SUMY_LANGUAGES = {
    "ar": "arabic", "zh": "chinese", "cs": "czech", "en": "english", "fr": "french", "de": "german",
    "el": "greek", "he": "hebrew", "it": "italian", "ja": "japanese", "ko": "korean", "pl": "polish",
    "pt": "portuguese", "sk": "slovak", "es": "spanish", "sv": "swedish", "th": "thai", "uk": "ukrainian",
    "nl": "dutch", "da": "danish", "fi": "finnish", "hu": "hungarian", "no": "norwegian", "nb": "norwegian",
    "ro": "romanian", "ru": "russian",
}


def sumy_language(code: str | None, default: str = "english") -> str:
    """'en-GB', 'pt_BR', 'Portuguese' → sumy's language name; unknown codes fall back to ``default``."""
    if not code:
        return default
    key = code.strip().lower().replace("_", "-")
    if key in _SUMY_LANGUAGES.values():
        return key
    return _SUMY_LANGUAGES.get(key.split("-")[0], default)


@lru_cache(maxsize=32)
def _language_tools(language: str) -> tuple[Stemmer | None, frozenset[str]]:
    try:
        stemmer: Stemmer | None = Stemmer(language)
    except LookupError:
        stemmer = None
    try:
        stop = frozenset(w.lower() for w in get_stop_words(language))
    except LookupError:
        stop = frozenset()
    return stemmer, stop


class _Terms:
    """Stems words once per process: a news run sees the same words over and over."""

    def __init__(self, language: str):
        self.language = language
        self.stemmer, self.stop = _language_tools(language)
        self.cache: dict[str, str | None] = {}

    def __call__(self, sentence: str) -> list[str]:
        out = []
        for word in split_words(sentence, self.language):
            term = self.cache.get(word, "")
            if term == "":
                low = word.lower()
                if low in self.stop or not any(ch.isalnum() for ch in low):
                    term = None
                else:
                    term = self.stemmer(low) if self.stemmer else low
                self.cache[word] = term
            if term:
                out.append(term)
        return out


@lru_cache(maxsize=32)
def _terms_for(language: str) -> _Terms:
    return _Terms(language)


_MIN_WORDS = 5
_PRONOUN_QUOTE = re.compile(r"[\"”’']\s*,?\s*(he|she|they|it)\s+(said|added|says|told|explained|continued)\b", re.I)


def usable_sentences(text: str, language: str = "english", title: str | None = None) -> list[str]:
    """Sentences that can stand alone in a digest, in article order."""
    title_key = _key(title) if title else None
    out = []
    for sentence in split_sentences(text, language):
        words = sentence.split()
        if len(words) < _MIN_WORDS or is_boilerplate(sentence):
            continue
        if title_key and _key(sentence) == title_key:
            continue
        out.append(sentence)
    return out


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def summarise(text: str, sentences: int = 3, language: str = "english", title: str | None = None) -> list[str]:
    """The ``sentences`` best sentences of ``text`` in article order; a short article comes back whole."""
    if sentences < 1:
        raise ValueError("a summary needs at least one sentence")
    language = sumy_language(language)
    candidates = usable_sentences(text, language, title)
    if len(candidates) <= sentences:
        return candidates
    terms = _terms_for(language)
    bags = [terms(s) for s in candidates]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, bag in enumerate(bags):
        for t in bag:
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
    n = len(candidates)
    matrix = np.zeros((n, max(len(vocab), 1)))
    np.add.at(matrix, (rows, cols), 1.0)
    df = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + n) / (1 + df)) + 1.0
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, 0.0)
    centrality = similarity.sum(axis=1) / max(n - 1, 1)
    position = 1.0 / (1.0 + 0.25 * np.arange(n))
    title_overlap = np.zeros(n)
    if title:
        tvec = np.zeros(matrix.shape[1])
        for t in terms(title):
            if t in vocab:
                tvec[vocab[t]] = 1.0
        if tvec.any():
            title_overlap = unit @ (tvec / np.linalg.norm(tvec))
    quote_penalty = np.array([0.5 if _PRONOUN_QUOTE.search(s) else 0.0 for s in candidates])
    score = (
        1.0 * position
        + 1.5 * centrality / (centrality.max() or 1.0)
        + 0.5 * title_overlap
        - quote_penalty
    )
    chosen: list[int] = []
    for _ in range(sentences):
        redundancy = similarity[:, chosen].max(axis=1) if chosen else np.zeros(n)
        adjusted = score - 1.2 * redundancy
        adjusted[chosen] = -np.inf
        chosen.append(int(adjusted.argmax()))
    return [candidates[i] for i in sorted(chosen)]
