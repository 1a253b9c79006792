"""The one table of languages: codes and names, detection, stemmers, stop words, word counts.

Names are sumy's ("english", "portuguese"): its stemmers and stop words are what every stage
uses, and all of them work offline. sumy and py3langid are imported inside the functions that
need them, so importing this module costs nothing at start-up.

Two ways to tell an article's language, kept apart on purpose because they give different
answers: :func:`detect_language` (py3langid, for summaries) and :func:`guess_by_stop_words`
(cheap, for grouping).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from bot import locations

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
#: Where the unpacked detection model is kept between runs (see :func:`_detector`).
CACHE_ENV = locations.CACHE_ENV


@lru_cache(maxsize=1)
def _detector() -> Any:
    """py3langid's identifier limited to the languages we can summarise, or None if absent.

    Its model ships inside the package (no download), but xz-compressed: unpacking it takes
    half a second, more than the rest of a ``summarize`` run. So the first run keeps the
    unpacked arrays, cut to our languages, in the user's cache directory, and later runs map
    them from there (:class:`_Kept`, which does not even import py3langid); if the cache cannot
    be read or written, the packed model is used.
    """
    model_file = _model_file()
    if model_file is None:
        return None
    folder = _model_cache(model_file)
    identifier = _cached_identifier(folder) if folder else None
    if identifier is None and folder and folder.exists():
        shutil.rmtree(folder, ignore_errors=True)  # damaged (a full disk, a crash): written anew below
    if identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
        known = set(identifier.nb_classes)
        identifier.set_languages(sorted(c for c in _CODES if c in known))
        if folder:
            _keep_model(identifier, folder)
    return identifier


def _model_file() -> Path | None:
    """py3langid's packed model (its MODEL_DIR / MODEL_FILE), found without importing it; None if not installed."""
    from importlib.util import find_spec

    spec = find_spec("py3langid")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "model.npz.xz"


#: The kept model: py3langid's arrays cut to our languages, and the automaton's row offsets pre-shifted.
_MODEL_PARTS = ("ptc", "pc", "nextmove", "rowbase", "out")


def _model_cache(model_file: Any) -> Path | None:
    """The cache folder for this model file, named by its size and time (a new py3langid, a new folder)."""
    try:
        stat = Path(model_file).stat()
        return locations.cache_dir() / f"langid-{stat.st_size}-{stat.st_mtime_ns}-{len(_CODES)}-3"
    except (OSError, ImportError):
        return None


def _cached_identifier(folder: Path) -> Any:
    """A :class:`_Kept` over the arrays in ``folder``, memory-mapped; None if they are not all there."""
    try:
        import numpy as np

        classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
        parts = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _MODEL_PARTS}
        # The walk over a text's bytes indexes these once per byte: memoryviews give plain ints, fast.
        nextmove, rowbase = (memoryview(parts[name]).cast("B").cast("I") for name in ("nextmove", "rowbase"))
        out = memoryview(parts["out"]).cast("B").cast("i")
        table, priors = (parts[name].view(np.ndarray) for name in ("ptc", "pc"))  # plain arrays index faster
        return _Kept(table, priors, list(classes), nextmove, rowbase, out)
    except (OSError, ValueError, TypeError):
        return None


def _keep_model(identifier: Any, folder: Path) -> None:
    """Write the unpacked, cut model for the next run; a folder appears whole or not at all."""
    import numpy as np

    arrays = {
        # The feature table widened from float16 to float32 (exactly): numpy widens it so for every
        # product anyway, a third of a detection's scoring time.
        "ptc": np.asarray(identifier.nb_ptc, dtype=np.float32), "pc": identifier.nb_pc,
        "nextmove": np.asarray(identifier.tk_nextmove, dtype=np.uint32),
        "rowbase": np.asarray(identifier.tk_row, dtype=np.uint32) << np.uint32(8),
        "out": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(array))
        (tmp / "classes.json").write_text(json.dumps(list(identifier.nb_classes)), encoding="utf-8")
        os.replace(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # read-only or full: the packed model serves


class _Kept:
    """py3langid's LanguageIdentifier.classify (0.4: raw scores, no confidence floor) over the kept
    arrays, without importing py3langid (its import and the per-state lists its constructor builds
    were a third of a first summary's cost).

    The same steps in the same order: lower case if all upper case, NFC, UTF-8 bytes, its automaton
    walked over them counting the features met (in the order first met), log1p of the counts times
    the feature table plus the priors, a label listed twice folded into one, the best score.
    tests/stages/test_language.py checks the answers against py3langid's on every sample.
    """

    def __init__(self, table: Any, priors: Any, classes: list[str], nextmove: Any, rowbase: Any, out: Any):
        import numpy as np

        self.table, self.priors, self.classes = table, priors, classes
        self.tk_nextmove, self.rowbase, self.out = nextmove, rowbase, out
        self.floor = float(np.finfo(np.float32).min)  # py3langid's RAW_FLOOR
        first: dict[str, int] = {}
        self.aliases = [(first[c], i) for i, c in enumerate(classes) if first.setdefault(c, i) != i]

    def visits(self, data: bytes) -> dict[int, int]:
        """Feature → times met, walking the automaton over ``data`` (py3langid's visit_counts)."""
        nm, rowbase, out = self.tk_nextmove, self.rowbase, self.out
        state, indexes = 0, list[int]()
        append = indexes.append
        for letter in data:
            state = nm[rowbase[state] + letter]
            f = out[state]
            if f >= 0:
                append(f)
        return Counter(indexes)

    def classify(self, text: str) -> tuple[str, float]:
        import numpy as np

        if text.isupper():
            text = text.lower()
        visits = self.visits(unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass"))
        if visits:
            idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            scores = np.log1p(counts) @ self.table[idx] + self.priors
        else:
            scores = np.full(len(self.classes), self.floor, dtype=np.float32)
        for i, j in self.aliases:
            scores[i] = max(scores[i], scores[j])
            scores[j] = self.floor
        best = int(scores.argmax())
        return self.classes[best], float(scores[best])


#: Characters of a text the detector reads. News text tells its language in its first lines: on
#: 1,703 dev articles and pages, 500 characters gave the same answer as 3,000 for every one, and
#: again on 1,618 dev texts of CNN/DM, TeMário, BBC News, news_cluster_en and CSTNews, where 300
#: did too (2026-12-02). Reading costs about 1.5 µs a character, a third of a short summary's time.
DETECT_PREFIX = 500


def detect_language(text: str) -> str | None:
    """sumy's name for the language of ``text`` (its first :data:`DETECT_PREFIX` characters), or None."""
    sample = text[:DETECT_PREFIX]
    if len(list(islice(filter(str.isalpha, sample), 20))) < 20:
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


#: Languages stemmed by the Snowball project's own algorithms (PyStemmer, a C extension): the
#: ones for which sumy's Stemmer is NLTK's Python port of the same algorithm. The rest (Czech,
#: Greek, Polish, ...) have a stemmer of sumy's own.
_SNOWBALL = frozenset({
    "arabic", "danish", "dutch", "english", "finnish", "french", "german", "hungarian", "italian",
    "norwegian", "portuguese", "romanian", "russian", "spanish", "swedish",
})


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """sumy's stop words for ``language``, lower case; empty when it has none.

    Read from sumy's data files directly: ``sumy.utils`` imports requests and pycountry,
    a tenth of a second that a ``summarize`` run does not need. Anything but a plain file
    name goes through sumy, which also knows codes.
    """
    if language.isalpha() and language.islower():
        try:
            data = _sumy_data(f"stopwords/{language}.txt")
            return frozenset(w.rstrip().lower() for w in data.decode("utf-8").splitlines() if w)
        except (OSError, ImportError):
            pass
    try:
        from sumy.utils import get_stop_words

        return frozenset(w.lower() for w in get_stop_words(language))
    except (ImportError, LookupError):
        return frozenset()


def _sumy_data(name: str) -> bytes:
    """A file of sumy's ``data`` folder, found without importing sumy or importlib.resources (with them,
    reading the stop words was about 10 ms of a first summary); through importlib.resources where sumy
    is not a plain folder (a zip)."""
    from importlib.util import find_spec

    spec = find_spec("sumy")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / name
        if path.is_file():
            return path.read_bytes()
    from importlib.resources import files

    return files("sumy").joinpath(f"data/{name}").read_bytes()


@lru_cache(maxsize=64)
def stemmer(language: str) -> Callable[[str], str] | None:
    """The stemmer for ``language``, or None when there is none.

    Snowball languages use PyStemmer, the Snowball project's C build of the algorithms NLTK ports
    to Python: importing NLTK costs half a second, a stem a tenth of NLTK's (benchmarks/RESULTS.md,
    "Start-up"). Its English is Snowball 3 ("added" → "add", as "adding"); as NLTK's, it stems
    the word in lower case and reads a curly apostrophe as a straight one. Some of sumy's own stemmers need an optional package
    (Greek: greek-stemmer-pos) and say so only when first used, so each stemmer is tried once here.
    """
    try:
        if language in _SNOWBALL:
            import Stemmer

            # Without PyStemmer's own cache: both callers keep theirs (terms per word), and its
            # book-keeping made a first stem 2.5 times as dear (0.8 -> 2.2 µs).
            snowball = Stemmer.Stemmer(language, 0).stemWord

            def stem(word: str) -> str:
                return str(snowball(word.lower().replace("\u2019", "'")))
        else:
            from sumy.nlp.stemmers import Stemmer as SumyStemmer

            stem = SumyStemmer(language)
        stem("test")
    except (LookupError, ValueError, KeyError, ImportError, AttributeError):
        return None
    return stem


def word_count(sentence: str, language: str = "english") -> int:
    """Words as a reader counts them: space-separated tokens; one per character where no spaces are used."""
    if language in UNSPACED:
        return sum(ch.isalnum() for ch in sentence)
    return len(sentence.split())
