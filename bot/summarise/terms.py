"""Sentence → content terms, as sumy's summarisers see them: its stemmers and stop words."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import Stemmer  # noqa: F401  (loaded with the summariser: a worker's preload warms the stemmers)

from bot.language import UNSPACED, stemmer, stop_words
from bot.text import split_words

_UNSEEN = -1  # no term id: a word not looked up yet


class _Terms:
    """Sentence → content terms, as sumy's summarisers see them: lower case, no stop words, stemmed.

    Like sumy's tokenizer, only tokens with a letter count. The term ids of each
    whitespace-separated token ("Britain's", "well-known,", "(CNN)") are cached per process (a
    news run sees the same tokens over and over), so a sentence costs one str.split and a
    dictionary look-up per token: faster than a regex over the sentence, and the
    same words, since no word spans a space.
    """

    #: Tokens cached at most; past it the cache starts again (term ids stay as they are).
    MAX_TOKENS = 500_000

    def __init__(self, language: str):
        self.language = language
        self.stemmer, self.stop = stemmer(language), stop_words(language)
        self.unspaced = language in UNSPACED
        self.ids: dict[str, int] = {}      # term → id
        self.token_ids: dict[str, tuple[int, ...]] = {}  # token → its words' term ids
        self.word_ids: dict[str, int | None] = {}  # word → _id(word), for tokens new to the cache
        self._lock = threading.Lock()

    def __call__(self, sentence: str) -> list[str]:
        """The terms themselves (for reading and tests)."""
        names = {i: t for t, i in self.ids.items()}
        return [names[i] for i in self.term_ids(sentence)]

    def term_ids(self, sentence: str) -> list[int]:
        if self.unspaced:
            return [self._term(pair) for pair in self._pairs(sentence)]
        cache = self.token_ids
        if len(cache) > self.MAX_TOKENS:
            cache.clear()
            self.word_ids.clear()
        out: list[int] = []
        get = cache.get  # (bound once: a look-up per token is most of a sentence's cost)
        for token in sentence.lower().split():
            ids = get(token)  # (used as read: another thread may clear the cache meanwhile)
            if ids is None:
                ids = cache[token] = self._token_ids(token)
            out += ids
        return out

    def _token_ids(self, token: str) -> tuple[int, ...]:
        """The term ids of a token's words, each word's looked up once per process ("britain's" and
        "britain," share "britain"): the same ids, handed out in the same order, as _id word by word."""
        words = self.word_ids
        if token.isalpha():  # one word, the token itself (split_words finds just that): most tokens
            i = words.get(token, _UNSEEN)
            if i == _UNSEEN:
                i = words[token] = self._id(token)
            return () if i is None else (i,)
        out = []
        for word in split_words(token, self.language):
            i = words.get(word, _UNSEEN)  # (one look-up, safe while another thread clears the dict)
            if i == _UNSEEN:
                i = words[word] = self._id(word)
            if i is not None:
                out.append(i)
        return tuple(out)

    def _id(self, word: str) -> int | None:
        """The term id of one word; None for a stop word or a word without a letter."""
        if not self.unspaced:
            if word in self.stop or not (word.isalpha() or any(ch.isalpha() for ch in word)):
                return None
            if self.stemmer:
                word = self.stemmer(word)
        return self._term(word)

    def _term(self, word: str) -> int:
        """The id of a term, handed out on first sight."""
        term = self.ids.get(word)
        if term is None:
            with self._lock:  # two threads must not hand out the same id
                term = self.ids.setdefault(word, len(self.ids))
        return term

    def _pairs(self, sentence: str) -> list[str]:
        out: list[str] = []
        for run in re.findall(r"[^\W\d_]+", sentence):
            run = run.lower()
            if len(run) == 1:
                out.append(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        return out


@lru_cache(maxsize=64)
def _terms_for(language: str) -> _Terms:
    return _Terms(language)
