"""Extractive summaries: pick whole sentences from the article, never write new ones.

Three steps, each for a reason:

1. **Screen** (:func:`screen_sentences`): a digest shows sentences out of context, so any that
   cannot stand alone are never candidates: page furniture (bot.text's boilerplate rules),
   photo captions and headlines glued to a sentence, datelines, bylines, fragments, questions
   to the reader, truncated teasers, quotes whose speaker is only a pronoun or in another
   sentence, the title repeated.
2. **Rank** (:func:`sentence_features`, :data:`WEIGHTS`): a small linear model over features a
   reader would recognise: where the sentence stands (news puts the point first; a paragraph
   puts its point first; the lead a writer would cut to), how central it is (sumy's LexRank,
   same formulas but vectorised, and closeness to the article's centroid), how much it shares
   with the title, its length, and whether it leans on context (a quote, an opening "He" or
   "But"). The words behind every signal are sumy's: its stemmers and stop words. The weights
   were fitted on development data; see the comment at WEIGHTS.
3. **Select** (:func:`choose`): best first, each pick discounted by how much it repeats what
   is already chosen (maximal marginal relevance; near-copies never), until the sentence
   count or the word budget (:func:`fits`) is met; the result keeps article order.

sumy's own rankers compare sentences pairwise in pure Python (seconds for a long article);
here all pairwise similarities come from one matrix product (dense for a typical article,
one bincount over shared terms for a long one): milliseconds. Measured by
benchmarks/summary_quality.py against sumy's LexRank on the same articles, in the same run.
What remains of the time is per-sentence Python (splitting, screening, term look-ups); the
regular expressions there are written so the engine can scan for their first character, and
the boilerplate rules are tried as one alternation (see bot.text).
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import numpy as np
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from bot.text import clean_line, split_sentences, split_words

__all__ = [
    "LANGUAGES",
    "WEIGHTS",
    "Features",
    "choose",
    "detect_language",
    "screen_sentences",
    "sentence_features",
    "summarise",
    "sumy_language",
    "usable_sentences",
    "word_count",
]

# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------

_SUMY_LANGUAGES = {
    "ar": "arabic", "zh": "chinese", "cs": "czech", "en": "english", "fr": "french", "de": "german",
    "el": "greek", "he": "hebrew", "it": "italian", "ja": "japanese", "ko": "korean", "pl": "polish",
    "pt": "portuguese", "sk": "slovak", "es": "spanish", "sv": "swedish", "th": "thai", "uk": "ukrainian",
    "nl": "dutch", "da": "danish", "fi": "finnish", "hu": "hungarian", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "ro": "romanian", "ru": "russian",
}
#: Every language sumy has stop words or a stemmer for; all work offline.
LANGUAGES = tuple(sorted(set(_SUMY_LANGUAGES.values())))
# Scripts written without spaces between words: terms are character pairs, words are characters.
_UNSPACED = frozenset({"chinese", "japanese", "thai"})


def sumy_language(code: str | None, default: str | None = "english") -> str | None:
    """'en-GB', 'pt_BR', 'Portuguese' → sumy's language name; unknown codes give ``default``."""
    if not code:
        return default
    key = code.strip().lower().replace("_", "-")
    if key in LANGUAGES:
        return key
    return _SUMY_LANGUAGES.get(key.split("-")[0], default)


_DETECTOR_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _detector():
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
    identifier.set_languages(sorted(c for c in _SUMY_LANGUAGES if c in known))
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
    return _SUMY_LANGUAGES.get(code)


def resolve_language(language: str | None, text: str) -> str:
    """Declared language if we know it; none declared → detected; unknown → used without stemmer."""
    if not language:
        return detect_language(text) or "english"
    return sumy_language(language, default=None) or language.strip().lower()


# ---------------------------------------------------------------------------
# Terms: sumy's stemmers and stop words
# ---------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _language_tools(language: str) -> tuple[Stemmer | None, frozenset[str]]:
    """sumy's stemmer and stop words; either may be missing (then words are only lower-cased).

    Some of sumy's stemmers need an optional package (Greek: greek-stemmer-pos) and say so
    only when first used, so the stemmer is tried once here.
    """
    try:
        stemmer: Stemmer | None = Stemmer(language)
        stemmer("test")
    except (LookupError, ValueError, ImportError):
        stemmer = None
    try:
        stop = frozenset(w.lower() for w in get_stop_words(language))
    except LookupError:
        stop = frozenset()
    return stemmer, stop


class _Terms:
    """Sentence → content terms, as sumy's summarisers see them: lower case, no stop words, stemmed.

    Like sumy's tokenizer, only tokens with a letter count. The term ids of each
    whitespace-separated token ("Britain's", "well-known,", "(CNN)") are cached per process (a
    news run sees the same tokens over and over), so a sentence costs one str.split and a
    dictionary look-up per token: three times faster than a regex over the sentence, and the
    same words, since no word spans a space.
    """

    #: Tokens cached at most; past it the cache starts again (term ids stay as they are).
    MAX_TOKENS = 500_000

    def __init__(self, language: str):
        self.language = language
        self.stemmer, self.stop = _language_tools(language)
        self.unspaced = language in _UNSPACED
        self.ids: dict[str, int] = {}      # term → id
        self.token_ids: dict[str, tuple[int, ...]] = {}  # token → its words' term ids
        self._lock = threading.Lock()

    def __call__(self, sentence: str) -> list[str]:
        """The terms themselves (for reading and tests)."""
        names = {i: t for t, i in self.ids.items()}
        return [names[i] for i in self.term_ids(sentence)]

    def term_ids(self, sentence: str) -> list[int]:
        if self.unspaced:
            return [self._id(pair) for pair in self._pairs(sentence)]
        tokens = sentence.lower().split()
        cache = self.token_ids
        try:
            return [i for token in tokens for i in cache[token]]
        except KeyError:  # a token seen for the first time
            pass
        if len(cache) > self.MAX_TOKENS:
            cache.clear()
        found = {}  # read from here, not the cache: another thread may clear the cache meanwhile
        for token in tokens:
            ids = cache.get(token)
            if ids is None:
                ids = cache[token] = tuple(i for i in map(self._id, split_words(token, self.language))
                                           if i is not None)
            found[token] = ids
        return [i for token in tokens for i in found[token]]

    def _id(self, word: str) -> int | None:
        """The term id of one word; None for a stop word or a word without a letter."""
        if not self.unspaced:
            if word in self.stop or not any(ch.isalpha() for ch in word):
                return None
            if self.stemmer:
                word = self.stemmer(word)
        term = self.ids.get(word)
        if term is None:
            with self._lock:  # two threads must not hand out the same id
                term = self.ids.setdefault(word, len(self.ids))
        return term

    def _pairs(self, sentence: str) -> list[str]:
        out = []
        for run in re.findall(r"[^\W\d_]+", sentence):
            run = run.lower()
            if len(run) == 1:
                out.append(run)
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
        return out


@lru_cache(maxsize=64)
def _terms_for(language: str) -> _Terms:
    return _Terms(language)


def word_count(sentence: str, language: str = "english") -> int:
    """Words as a reader counts them: space-separated tokens; one per character where no spaces are used."""
    if language in _UNSPACED:
        return sum(ch.isalnum() for ch in sentence)
    return len(sentence.split())


# ---------------------------------------------------------------------------
# Screening: sentences that cannot stand alone in a digest
# ---------------------------------------------------------------------------

_MIN_WORDS = 5
_OPEN_Q = "\"'“‘«„"
_CLOSE_Q = "\"'”’»"
_CLOSERS = _CLOSE_Q + ")]"
# How a sentence ends, once closing quotes and brackets are stripped (string tests, not
# regexes anchored with "$": those scan the whole sentence).
_TERMINATORS = (".", "!", "?", "…", "。", "！", "？")
_TRUNCATION = ("...", "…")  # also "[...]": the bracket is a closer
_QUESTION_MARKS = ("?", "？")

# "LONDON (Reuters) - ", "Kathmandu, Nepal (CNN)", "(CNN) -- ", "WASHINGTON — ", "LISBOA - "
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w.'’\-]*(?:,? [A-ZÀ-Ý][\w.'’\-]*){0,4},? )?"
    r"\((?:[A-Z][\w.&'’\-]*(?: [A-Z][\w.&'’\-]*){0,3})\)\s*(?:[-—–]+\s*)?(?=[\"'“‘A-ZÀ-Ý])"
    r"|^[A-ZÀ-Ý][A-ZÀ-Ý.'’\-]+(?:[ ,]+[A-ZÀ-Ý][A-ZÀ-Ý.'’\-]+){0,3},?\s*(?:\([^()]{1,30}\)\s*)?[-—–]+\s+(?=[\"'“‘A-ZÀ-Ý])"
)

# Pronoun-only speakers: '"It was fine," he said.', 'He added: "We know."', '"…", disse ele.'
_PRONOUNS = r"(?:he|she|they|it|we|i|ele|ela|eles|elas)"
_SPEECH = (
    r"(?:said|says|added|adds|told|explained|explains|continued|continues|insisted|insists|"
    r"admitted|admits|noted|notes|stressed|claimed|claims|warned|warns|wrote|writes|asked|"
    r"declared|concluded|argued|replied|recalled|disse|diz|afirmou|afirma|acrescentou|"
    r"explicou|declarou|completou|concluiu|ressaltou|destacou|disseram)"
)
# Two patterns, each opening with what it looks for first: one alternation starting with "^"
# could not be scanned for its first character, so it was tried at every position.
_PRONOUN_AFTER_QUOTE = re.compile(
    rf"[{_CLOSE_Q}]\s*[,.!?—–-]*\s*(?:{_PRONOUNS}\s+{_SPEECH}|{_SPEECH}\s+{_PRONOUNS})\b", re.IGNORECASE)
_PRONOUN_BEFORE_QUOTE = re.compile(
    rf"{_PRONOUNS}\s+{_SPEECH}\b[^{_OPEN_Q}]{{0,30}}[:,]\s*[{_OPEN_Q}]", re.IGNORECASE)

# Quotation marks, told apart by where they stand: an opening mark follows a space (or starts
# the text) and touches the next word; a closing mark touches the word before. Apostrophes
# inside words ("Britain's", "don’t") are neither. Each pattern opens with the mark itself and
# looks behind afterwards, so the engine scans for the mark rather than trying every position.
_QUOTE_OPEN = re.compile(r"[\"“„«‘'](?<![^\s(\[—–-][\"“„«‘'])(?=\w|[\"“‘'¿¡(])")
_QUOTE_CLOSE = re.compile(r"[\"”»’'](?<=[\w.,;:!?…%)][\"”»’'])(?=$|[\s.,;:!?…)\]—–-])")
_ANY_QUOTE = re.compile(r"[\"“”«»„'‘’]")  # any quotation mark or apostrophe: most sentences have none
# A quotation running on past this many sentences is more likely a miscounted apostrophe.
_MAX_QUOTE_RUN = 4


class _QuoteState:
    """Follows quotations across the sentences of a paragraph.

    A quotation that runs over several sentences has its speaker in one of them at most; the
    rest, alone in a digest, are nobody's words ('"We know where to look.', 'And so I think
    we're on the road."'). Those are the quote fragments.
    """

    def __init__(self) -> None:
        self.inside = 0  # sentences since a quotation opened and did not close; 0 = outside

    def fragment(self, sentence: str) -> bool:
        if _ANY_QUOTE.search(sentence):
            opens = len(_QUOTE_OPEN.findall(sentence))
            closes = len(_QUOTE_CLOSE.findall(sentence))
        else:
            opens = closes = 0
        if self.inside:
            self.inside = 0 if closes > opens or self.inside >= _MAX_QUOTE_RUN else self.inside + 1
            return True
        if opens > closes:
            self.inside = 1
            return bool(_QUOTE_OPEN.match(sentence))  # opens the quotation: no speaker yet
        return closes > opens and bool(_QUOTE_CLOSE.search(sentence.rstrip(")]")[-1:]))


# Words that start a new sentence when capitalised right after a lower-case word with no
# punctuation between ("... than a colleague The cost of divorce ..."): a caption or headline
# glued to the sentence that follows it. Only where a lower-case word follows too, so "told
# The Times" and "in The Hague" are left alone.
_GLUE_STARTERS = {
    "english": "The A An He She They We It This These Those His Her Their Its There In On At "
               "After Before When While But However Now Some Many Most".split(),
    "portuguese": "O A Os As Um Uma Ele Ela Eles Elas Isso Este Esta Esse Essa No Na Nos Nas "
                  "Em Para Mas Segundo Depois Antes Quando".split(),
}


# What may stand right before the space in front of such a starter: a lower-case letter, a
# digit, "%" or a closing quote.
_GLUE_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789%" + _CLOSE_Q + "".join(map(chr, range(0xE0, 0x100))))


@lru_cache(maxsize=16)
def _glue_pattern(language: str) -> re.Pattern | None:
    starters = _GLUE_STARTERS.get(language)
    if not starters:
        return None
    # The capitalised starter first (the engine scans for its first letter), followed by a
    # lower-case word; what stands before it is checked in _unglue.
    return re.compile(rf"(?:{'|'.join(starters)})(?= [a-zà-ÿ0-9])")


def _unglue(sentence: str, language: str) -> list[str]:
    """Split a sentence at glued-on headlines or captions; every piece but the last is one."""
    pattern = _glue_pattern(language)
    if pattern is None or len(sentence) < 60:
        return [sentence]
    pieces, start = [], 0
    for m in pattern.finditer(sentence):
        at = m.start()  # the starter; the space before it ends the glued piece
        if at < 2 or sentence[at - 1] != " " or sentence[at - 2] not in _GLUE_BEFORE:
            continue
        head = sentence[start:at - 1]
        if len(head.split()) >= 4 and len(sentence[at:].split()) >= _MIN_WORDS:
            pieces.append(head.strip())
            start = at
    pieces.append(sentence[start:].strip())
    return pieces


def _key(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _strip_title(sentence: str, title_key: list[str]) -> tuple[str, bool]:
    """(sentence without a headline glued to its start, whether it *is* the headline)."""
    words = list(re.finditer(r"\w+", sentence))
    keys = [w.group().lower() for w in words]
    n = len(title_key)
    if keys == title_key:
        return "", True
    if n >= 3 and keys[:n] == title_key and len(keys) - n >= _MIN_WORDS:
        rest = sentence[words[n - 1].end():].lstrip(" :|-–—.")
        if rest[:1].isupper() or rest[:1] in _OPEN_Q:
            return rest, False
    # The headline with small differences: nearly all its words are the title's.
    if n >= 3 and keys and len(keys) <= n + 2:
        shared = len(set(keys) & set(title_key))
        if shared >= 0.8 * len(set(keys)):
            return "", True
    return sentence, False


def _headline_case(sentence: str) -> bool:
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


class Screened(NamedTuple):
    """One sentence of the article: the text a summary would show, or why it cannot be shown.

    (A named tuple: an article makes dozens, and a frozen dataclass took longer to build.)
    """

    text: str
    reason: str | None  # None = usable
    paragraph_start: bool = False  # the first usable sentence of its paragraph
    words: int = 0  # word_count(text), for usable sentences

    @property
    def usable(self) -> bool:
        return self.reason is None


def screen_sentences(text: str, language: str = "english", title: str | None = None) -> list[Screened]:
    """Every sentence of ``text`` in order, each usable or with the reason it is not.

    Reasons: boilerplate, caption (text glued before a sentence, or "Label: ..."), headline,
    signpost ("Here is ..."), fragment, truncated, question, pronoun quote, quote fragment.
    Each line is a paragraph.
    """
    language = sumy_language(language, default=None) or (language or "english").lower()
    title_key = _key(title) if title else []
    out: list[Screened] = []
    for line in text.splitlines():
        quotes = _QuoteState()
        first = True
        for raw in split_sentences(line, language):
            sentence = clean_line(raw)  # cuts inline junk ("Scroll down for video") or all of it
            if not sentence:
                out.append(Screened(raw, "boilerplate"))
                continue
            dateline = _DATELINE.match(sentence)
            if dateline and dateline.end() < len(sentence):
                sentence = sentence[dateline.end():]
            *glued, sentence = _unglue(sentence, language)
            out.extend(Screened(piece, "caption") for piece in glued)
            if title_key:
                sentence, is_title = _strip_title(sentence, title_key)
                if is_title:
                    out.append(Screened(raw, "headline"))
                    continue
            in_quote = quotes.fragment(sentence)
            n_words = word_count(sentence, language)
            reason = _reason(sentence, language, n_words) or ("quote fragment" if in_quote else None)
            out.append(Screened(sentence, reason, first and reason is None, n_words))
            first = first and reason is not None
    return out


# A photo caption's label: "Sleepy kid: Brock Guzman, 8, was last seen ...", "Haul: The ...".
# One to three words, no speech verb ("He said: ..." is a quote), then a capital letter.
_CAPTION_LABEL = re.compile(
    r"^[A-ZÀ-Ý][\w'’\-]*(?: [\w'’\-]+){0,2}: (?=[A-ZÀ-Ý])")
_SPEECH_WORD = re.compile(rf"\b{_SPEECH}\b", re.IGNORECASE)
# Sentences about the page rather than the news: "Here is all you need to know ...".
_SIGNPOST = re.compile(r"^(?:Here(?:,| is| are|'s|’s)|Aqui(?:,| está| estão)|Veja (?:abaixo|a seguir))", re.I)


def _reason(sentence: str, language: str, n_words: int) -> str | None:
    label = ": " in sentence and _CAPTION_LABEL.match(sentence)
    if label and not _SPEECH_WORD.search(label.group()):
        return "caption"
    if sentence[:1] in "HhAaVv" and _SIGNPOST.match(sentence):  # the letters its words start with
        return "signpost"
    if language in _UNSPACED:
        n_words //= 2  # characters → rough words
    if n_words < _MIN_WORDS:
        return "fragment"
    core = sentence.rstrip(_CLOSERS)
    if core.endswith(_TRUNCATION):
        return "truncated"
    if core.endswith(_QUESTION_MARKS):
        return "question"
    if not core.endswith(_TERMINATORS) and (n_words < 15 or _headline_case(sentence)):
        return "fragment"  # a heading, a caption or a list item
    if _PRONOUN_AFTER_QUOTE.search(sentence) or _PRONOUN_BEFORE_QUOTE.match(sentence):
        return "pronoun quote"
    return None


def usable_sentences(text: str, language: str = "english", title: str | None = None) -> list[str]:
    """Sentences that can stand alone in a digest, in article order."""
    return [s.text for s in screen_sentences(text, language, title) if s.usable]


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------

# Opening words that point back to something earlier ("He", "But", "Also"): fine inside the
# article, puzzling as the first line of a summary.
_LEANING = {
    "english": "he she they it this that these those his her their its but and also however "
               "meanwhile instead still yet so then there".split(),
    "portuguese": "ele ela eles elas isso isto esse essa este esta mas e também porém contudo "
                  "entretanto já ainda então lá".split(),
}

FEATURES = ("first", "position", "paragraph", "lexrank", "centroid", "title", "length", "long", "quote",
            "leaning", "lead")


@dataclass
class Features:
    """Feature matrix of the usable sentences, and what selection needs besides."""

    sentences: list[str]
    matrix: np.ndarray       # n × len(FEATURES)
    lengths: np.ndarray      # words per sentence
    _terms: "_TermMatrix"
    _values: np.ndarray      # tf-idf entries (smoothed idf), for similarity
    _cosine: np.ndarray | None = None  # their n × n cosines, when computing them all is cheap

    def similarity_to(self, i: int) -> np.ndarray:
        """Cosine of sentence ``i``'s tf-idf vector with every sentence's (0 with itself)."""
        if self._cosine is None:
            return self._terms.cosine_row(i, self._values)
        row = self._cosine[i].copy()
        row[i] = 0.0
        return row

    @property
    def similarity(self) -> np.ndarray:
        """The whole n × n matrix (zero diagonal); selection only ever needs a few rows."""
        full = self._terms.cosine(self._values) if self._cosine is None else self._cosine.copy()
        np.fill_diagonal(full, 0.0)
        return full


#: Below this many cells (sentences × distinct terms) the term matrix is held dense.
_DENSE_CELLS = 60_000


class _TermMatrix:
    """A sentences × terms matrix as (row, column, value) entries, and its row cosines.

    Two ways to the n × n dot products, chosen by size, with the same results:

    * dense (a typical article: tens of sentences, hundreds of terms): scatter the entries
      into an array and take one matrix product. Few numpy calls, which is what costs at
      this size (each call's overhead is worth thousands of multiplications).
    * sparse (a long article: 700 sentences, thousands of terms): only terms found in two
      sentences or more enter a dot product, and there are few of them, so the pairs of
      entries sharing a term are listed once and every product is one bincount. A dense
      product would pay for every row × column.
    """

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n: int, width: int):
        key = rows * width + cols
        self.n, self.width = n, width
        self.dense = n * width <= _DENSE_CELLS
        if self.dense:  # count every cell, then list the non-zero ones: cheaper than sorting
            counts = np.bincount(key, minlength=n * width).reshape(n, width)
            self.row, self.col = np.nonzero(counts)
            self.count = counts[self.row, self.col].astype(float)
            self.row_max = counts.max(axis=1).astype(float)
        else:
            uniq, counts = np.unique(key, return_counts=True)
            self.row, self.col = uniq // width, uniq % width
            self.count = counts.astype(float)
            self.row_max = np.zeros(n)  # each sentence's largest count
            np.maximum.at(self.row_max, self.row, self.count)
        self.df = np.bincount(self.col, minlength=width)
        if not self.dense:
            self._list_pairs()

    def _list_pairs(self) -> None:
        """Pairs (a, b) of entries with the same term, for terms in two sentences or more:
        entries grouped by term, then every entry paired with every entry of its group."""
        shared = np.flatnonzero(self.df[self.col] >= 2)
        order = shared[np.argsort(self.col[shared], kind="stable")]
        sizes = self.df[self.col[order]]  # size of each entry's group
        group_first = np.flatnonzero(np.diff(self.col[order], prepend=-1))
        group_of = np.repeat(group_first, sizes[group_first])  # where each entry's group starts
        within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        self.left = np.repeat(order, sizes)
        self.right = order[np.repeat(group_of, sizes) + within]
        self.cell = self.row[self.left] * self.n + self.row[self.right]

    def row_sums(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.row, weights=values, minlength=self.n)

    def norms(self, values: np.ndarray) -> np.ndarray:
        return np.sqrt(self.row_sums(values * values))

    def cosine(self, values: np.ndarray) -> np.ndarray:
        """n × n cosine of the rows weighted by ``values``, 1 on the diagonal (0 for empty rows)."""
        norms = self.norms(values)
        unit = values / np.where(norms > 0, norms, 1.0)[self.row]
        if self.dense:
            matrix = np.zeros((self.n, self.width))
            matrix[self.row, self.col] = unit
            cosine = matrix @ matrix.T
        else:
            cosine = np.bincount(self.cell, weights=unit[self.left] * unit[self.right],
                                 minlength=self.n * self.n).astype(float, copy=False).reshape(self.n, self.n)
        np.fill_diagonal(cosine, (norms > 0).astype(float))
        return cosine

    def cosine_row(self, i: int, values: np.ndarray) -> np.ndarray:
        """Cosine of row ``i`` with every row (0 with itself): one row, not the whole matrix."""
        if self.dense:
            row = self.cosine(values)[i]
        else:
            norms = self.norms(values)
            inverse = 1.0 / np.where(norms > 0, norms, 1.0)
            pick = self.row[self.left] == i
            left, right = self.left[pick], self.right[pick]
            row = np.bincount(self.row[right], weights=values[left] * values[right],
                              minlength=self.n).astype(float, copy=False)
            row *= inverse * inverse[i]
        row[i] = 0.0
        return row


def _lexrank(cosine: np.ndarray, threshold: float = 0.1, epsilon: float = 0.1) -> np.ndarray:
    """sumy's LexRankSummarizer scores from its idf-modified cosine matrix, vectorised.

    Same steps as sumy: edges where cosine > threshold (a sentence links to itself), rows divided
    by their degree, then its power method with the same stopping rule. The result equals
    sumy's, without its pure-Python double loop over sentence pairs.
    """
    adjacency = (cosine > threshold).astype(float)
    degrees = adjacency.sum(axis=1)
    degrees[degrees == 0] = 1
    transposed = (adjacency / degrees[:, None]).T
    n = len(cosine)
    p = np.full(n, 1.0 / n)
    for _ in range(1000):  # sumy loops until converged; the cap only guards odd graphs
        nxt = transposed @ p
        norm = math.sqrt(nxt @ nxt)  # what np.linalg.norm computes, without its overhead
        if norm == 0:
            break
        nxt /= norm
        step = nxt - p
        change = math.sqrt(step @ step)
        p = nxt
        if change <= epsilon:
            break
    return p


def sentence_features(sentences: list[str], language: str = "english", title: str | None = None,
                      paragraph_starts: list[bool] | None = None, size: float = 3.0,
                      lengths: list[int] | None = None) -> Features:
    """The ranking features of ``sentences`` (already screened, in article order).

    first      1 for the first usable sentence: the lead carries the news
    position   1 / (1 + index): later sentences matter less, ever more slowly
    paragraph  opens a paragraph: writers put a paragraph's point first, too
    lexrank    sumy's LexRank score × n (1 = average centrality)
    centroid   cosine with the whole article's tf-idf vector: how typical of the article
    title      cosine with the title's terms (0 without a title)
    length     log of the word count: very short sentences say little
    long       words beyond 40, per 40: run-on text (glued captions, lists)
    quote      share of the sentence inside quotation marks: quotes lean on context
    leaning    opens with a word pointing back ("He", "But", "Also")
    lead       among the first ``size`` sentences, ``size`` being how many the summary will hold:
               the lead a news writer would cut to, whatever the summary's length
    """
    terms = _terms_for(language)
    n = len(sentences)
    bags = [terms.term_ids(s) for s in sentences]
    flat = np.array(list(chain.from_iterable(bags)), dtype=np.int64)
    vocab, cols = np.unique(flat, return_inverse=True)  # article's own column numbers
    rows = np.repeat(np.arange(n), [len(bag) for bag in bags])
    m = _TermMatrix(rows, cols.reshape(-1), n, max(len(vocab), 1))
    df = m.df.astype(float)

    # sumy's LexRank: tf = count / the sentence's largest count, idf = log(N / (1 + df)).
    lex_values = m.count / m.row_max[m.row] * np.log(n / (1.0 + df))[m.col]
    lexrank = _lexrank(m.cosine(lex_values)) * n if n > 1 else np.ones(n)

    # Redundancy and centroid: tf-idf with smoothed idf, so that no term weighs negative.
    smooth_idf = np.log((1.0 + n) / (1.0 + df)) + 1.0
    values = m.count * smooth_idf[m.col]
    norms = m.norms(values)
    unit = values / np.where(norms > 0, norms, 1.0)[m.row]
    centroid = np.bincount(m.col, weights=unit, minlength=m.width)
    c_norm = math.sqrt(centroid @ centroid)
    centroid_sim = m.row_sums(unit * centroid[m.col]) / c_norm if c_norm > 0 else np.zeros(n)

    title_sim = np.zeros(n)
    title_ids = np.array(terms.term_ids(title) if title else [], dtype=np.int64)
    if len(title_ids):
        title_ids = title_ids[np.isin(title_ids, vocab)]
    if len(title_ids):
        t_vec = np.bincount(np.searchsorted(vocab, title_ids), minlength=m.width) * smooth_idf
        title_sim = m.row_sums(unit * t_vec[m.col]) / math.sqrt(t_vec @ t_vec)

    if lengths is None:  # word_count of each sentence, unless the caller has them (screening does)
        lengths = [word_count(s, language) for s in sentences]
    lengths = np.array(lengths, dtype=float)
    model_words = lengths / 2 if language in _UNSPACED else lengths
    leaning_words = _LEANING.get(language, ())
    index = np.arange(n)
    matrix = np.column_stack([
        index == 0,
        1.0 / (1.0 + index),
        paragraph_starts if paragraph_starts is not None else index == 0,
        lexrank,
        centroid_sim,
        title_sim,
        np.log(np.maximum(model_words, 1.0)),
        np.maximum(model_words - 40.0, 0.0) / 40.0,
        [_quote_share(s) for s in sentences],
        [_first_word(s) in leaning_words for s in sentences],
        index < size,
    ]).astype(float)
    return Features(sentences, matrix, lengths, m, values, m.cosine(values) if m.dense else None)


# A quotation in double marks, or in single marks not opened right after a letter (that is an
# apostrophe). One opening class, then a branch on which mark it was: scanned, not tried everywhere.
_QUOTED = re.compile(r"[\"“«„'‘](?:(?<=[\"“«„])[^\"”»“]*[\"”»]|(?<=['‘])(?<!\w['‘])[^'‘’]*['’](?!\w))")


def _quote_share(sentence: str) -> float:
    if not _ANY_QUOTE.search(sentence):
        return 0.0
    inside = sum(len(m.group()) for m in _QUOTED.finditer(sentence))
    if sentence[:1] in _OPEN_Q and inside == 0:
        inside = len(sentence)  # a quotation that goes on past this sentence
    return min(inside / max(len(sentence), 1), 1.0)


_FIRST_WORD = re.compile(r"\W*(\w+)")


def _first_word(sentence: str) -> str:
    m = _FIRST_WORD.match(sentence)
    return m.group(1).lower() if m else ""


# ---------------------------------------------------------------------------
# Model and selection
# ---------------------------------------------------------------------------

# Weights of FEATURES, fitted by `python benchmarks/summary_quality.py --fit` on the development
# splits of summ_frank_cnndm_xsum (118 CNN/DailyMail articles, 3-sentence highlights) and
# summ_temario_pt (45 Portuguese articles, reference-length abstracts):
#   - every weight but "lead": L2-regularised logistic regression (λ = 1, both sets weighing the
#     same) of "a greedy ROUGE-1+2 oracle picked this sentence" on the features;
#   - "lead" and REDUNDANCY: the grid point (lead 0-2, redundancy 0-1) whose worst 2-fold
#     cross-validated margin over LEAD among the six ROUGE figures is largest.
# Reading them: the first sentence scores 2.9 (-1.63 + 2.53 + 1.02 paragraph + 1.00 lead), the
# second 2.3, the third 1.8, the fourth, outside a 3-sentence lead, 0.6; a quote costs up to
# 1.05, an opening "He"/"But" 0.46, so those give way to the next sentence. Centrality counts
# little (centroid 0.29, LexRank 0.05): past the lead it breaks ties. "title" is 0 because
# neither set has titles; the title is still used to drop a repeated headline.
# Nested cross-validation of the whole procedure (5 × 2-fold), ours minus LEAD, R-1/R-2/R-Lsum:
# CNN/DM +0.2/+0.2/+0.2, TeMário +0.3/+0.4/+0.3.
WEIGHTS = np.array([-1.63, 2.53, 1.02, 0.05, 0.29, 0.00, 0.04, 0.00, -1.05, -0.46, 1.00])
REDUNDANCY = 0.5
#: Cosine at which a sentence counts as a copy of one already chosen (not fitted: a rule).
DUPLICATE = 0.8


def fits(total: float, length: float, words: float) -> bool:
    """The word-budget rule: a sentence is taken if at least half of it fits in what is left.

    So a summary ends as close to the budget as whole sentences allow: over it by less than
    half its last sentence, or under it by less than half of any sentence it skipped.
    """
    return total + length / 2.0 <= words


def _select(score: np.ndarray, features: Features, sentences: int, words: int | None,
            redundancy: float = REDUNDANCY) -> list[int]:
    """Indices chosen best first, each discounted by its similarity to those already chosen.

    With a word budget, sentences that do not fit (see :func:`fits`) are passed over for
    shorter ones further down, until the budget is used up. The best sentence is always
    taken, so a summary is never empty. A near-copy of a chosen sentence (cosine ≥ DUPLICATE)
    is never taken, even if that leaves the summary short.
    """
    lengths = features.lengths
    chosen: list[int] = []
    open_ = np.ones(len(score), dtype=bool)
    repeat = np.zeros(len(score))
    total = 0.0
    while open_.any():
        adjusted = np.where(open_, score - redundancy * repeat, -np.inf)
        i = int(adjusted.argmax())
        open_[i] = False
        if words is not None:
            if chosen and not fits(total, lengths[i], words):
                continue
            chosen.append(i)
            total += lengths[i]
            if total >= words:
                break
        else:
            chosen.append(i)
            if len(chosen) >= sentences:
                break
        np.maximum(repeat, features.similarity_to(i), out=repeat)
        open_ &= repeat < DUPLICATE  # near-copies (a caption restating the text) never
    return sorted(chosen)


def _in_order(sentences: list[str], language: str, count: int, words: int | None) -> list[str]:
    """Article order, as many as the count or budget allow (when there is nothing to rank)."""
    if not words:
        return sentences[:count]
    out, total = [], 0
    for s in sentences:
        n = word_count(s, language)
        if out and not fits(total, n, words):
            break
        out.append(s)
        total += n
        if total >= words:
            break
    return out


def summarise(text: str, sentences: int = 3, language: str | None = "english", title: str | None = None,
              words: int | None = None) -> list[str]:
    """The best sentences of ``text``, in article order.

    ``sentences`` caps the count; ``words``, when given, takes precedence as a word budget (see
    :func:`_select` for the rule). ``language`` is a code or sumy name; None detects it. An
    article with no more usable sentences than asked for comes back whole (never padded).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    if words is not None:
        if words < 1:
            raise ValueError("a word budget must be at least 1 word")
    elif sentences < 1:
        raise ValueError("a summary needs at least one sentence")
    language = resolve_language(language, text)
    screened = screen_sentences(text, language, title)
    usable = [s for s in screened if s.usable]
    candidates = [s.text for s in usable]
    if not candidates:
        # Nothing stands alone (a one-line teaser, say): better its own text than nothing.
        rest = [s.text for s in screened if s.reason != "boilerplate"]
        return _in_order(rest, language, sentences, words)
    lengths = [s.words for s in usable]
    if words is None and len(candidates) <= sentences or words is not None and sum(lengths) <= words:
        return candidates
    size = sentences if words is None else words / (sum(lengths) / len(lengths))
    features = sentence_features(candidates, language, title, [s.paragraph_start for s in usable], size, lengths)
    chosen = choose(features, sentences, words)
    return [candidates[i] for i in chosen]


def choose(features: Features, sentences: int = 3, words: int | None = None,
           weights: np.ndarray | None = None, redundancy: float | None = None) -> list[int]:
    """Indices (article order) of the sentences to show; weights and redundancy default to the fitted ones."""
    score = features.matrix @ (WEIGHTS if weights is None else weights)
    return _select(score, features, sentences, words, REDUNDANCY if redundancy is None else redundancy)
