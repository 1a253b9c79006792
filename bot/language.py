"""The one table of languages: codes and names, detection, stemmers, stop words, word counts.

Names are sumy's ("english", "portuguese"): its stemmers and stop words are what every stage
uses, and all of them work offline. sumy and py3langid are imported inside the functions that
need them, so importing this module costs nothing at start-up.

Two ways to tell an article's language, kept apart on purpose because they give different
answers: :func:`detect_language` (py3langid, for summaries) and :func:`guess_by_stop_words`
(cheap, for grouping).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Any

__all__ = [
    "GUESSABLE",
    "LANGUAGES",
    "ORDINAL_PERIOD",
    "TOKEN",
    "UNSPACED",
    "declared_language",
    "detect_language",
    "guess_by_stop_words",
    "language_name",
    "resolve_language",
    "stemmer",
    "stop_words",
    "sumy_language",
    "word_count",
]

# ISO 639-1 code → sumy's name.
_CODES = {
    "ar": "arabic", "zh": "chinese", "cs": "czech", "en": "english", "fr": "french", "de": "german",
    "el": "greek", "he": "hebrew", "it": "italian", "ja": "japanese", "ko": "korean", "pl": "polish",
    "pt": "portuguese", "sk": "slovak", "es": "spanish", "sv": "swedish", "th": "thai", "uk": "ukrainian",
    "nl": "dutch", "da": "danish", "fi": "finnish", "hu": "hungarian", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "ro": "romanian", "ru": "russian",
}
#: Every language sumy has stop words or a stemmer for; all work offline.
LANGUAGES = tuple(sorted(set(_CODES.values())))
#: Scripts written without spaces between words: terms are character pairs, words are characters.
UNSPACED = frozenset({"chinese", "japanese", "thai"})
#: Languages that write ordinals with a period ("am 12. Juni", "der 2. Weltkrieg").
ORDINAL_PERIOD = frozenset({"german", "czech", "slovak", "polish", "swedish"})
#: Languages :func:`guess_by_stop_words` chooses among: sumy has stop words and a stemmer for
#: each, and they use spaces.
GUESSABLE = ("english", "portuguese", "spanish", "french", "german", "italian", "czech", "slovak")

#: Letters and digits, with inner apostrophes ("O'Neill", "don't"); one regex, so it is fast.
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


# ---------------------------------------------------------------------------
# Codes and names
# ---------------------------------------------------------------------------


def sumy_language(code: str | None, default: str | None = "english") -> str | None:
    """'en-GB', 'pt_BR', 'Portuguese' → sumy's language name; unknown codes give ``default``."""
    if not code:
        return default
    key = code.strip().lower().replace("_", "-")
    if key in LANGUAGES:
        return key
    return _CODES.get(key.split("-")[0], default)


def declared_language(language: str | None) -> str | None:
    """sumy's name for a declared language, else the declaration lower-cased; None if none."""
    if not language:
        return None
    return sumy_language(language, default=language.strip().lower())


def language_name(language: str | None) -> str:
    """Lower-case name for the sentence splitter: a bare code becomes sumy's name ("pt" →
    "portuguese"), anything else is kept as written; None is English."""
    name = (language or "english").strip().lower()
    return _CODES.get(name, name)


# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------

_DETECTOR_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _detector() -> Any:
    """py3langid's identifier limited to the languages we can summarise, or None if absent.

    Its model ships inside the package, so detection needs no download. Loading takes most of
    a second, so it happens once, on the first article without a declared language.
    """
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:
        return None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    known = set(identifier.nb_classes)
    identifier.set_languages(sorted(c for c in _CODES if c in known))
    return identifier


def detect_language(text: str) -> str | None:
    """sumy's name for the language of ``text`` (its first few thousand characters), or None."""
    sample = text[:3000]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None  # too little to tell
    with _DETECTOR_LOCK:
        identifier = _detector()
        if identifier is None:
            return None
        code, _ = identifier.classify(sample)
    return _CODES.get(code)


def resolve_language(language: str | None, text: str) -> str:
    """Declared language if we know it; none declared → detected; unknown → used without stemmer."""
    if not language:
        return detect_language(text) or "english"
    return sumy_language(language, default=None) or language.strip().lower()


def guess_by_stop_words(text: str) -> str:
    """The language among :data:`GUESSABLE` whose stop words cover the most of the first 100 words.

    Cheaper than :func:`detect_language` and not always of its opinion; grouping uses this one.
    """
    words = [w.lower() for w in TOKEN.findall(text[:1500])][:100]
    best, best_hits = "english", 0
    for language in GUESSABLE:
        stop = stop_words(language)
        hits = sum(w in stop for w in words)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


# ---------------------------------------------------------------------------
# Stop words, stemmers, word counts
# ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words for ``language``, lower case; empty when it has none."""
    try:
        from sumy.utils import get_stop_words

        return frozenset(w.lower() for w in get_stop_words(language))
    except (ImportError, LookupError):
        return frozenset()


@lru_cache(maxsize=64)
def stemmer(language: str) -> Callable[[str], str] | None:
    """sumy's stemmer for ``language``, or None when it has none.

    Some of sumy's stemmers need an optional package (Greek: greek-stemmer-pos) and say so
    only when first used, so the stemmer is tried once here.
    """
    try:
        from sumy.nlp.stemmers import Stemmer

        stem: Callable[[str], str] = Stemmer(language)
        stem("test")
    except (LookupError, ValueError, ImportError):
        return None
    return stem


def word_count(sentence: str, language: str = "english") -> int:
    """Words as a reader counts them: space-separated tokens; one per character where no spaces are used."""
    if language in UNSPACED:
        return sum(ch.isalnum() for ch in sentence)
    return len(sentence.split())
