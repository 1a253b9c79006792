"""What grouping needs of one article, computed once from that article alone: :func:`prepare`.

A worker process can prepare an article where its text already is, and hand the main process
a few hundred bytes instead of the text (and the stemmers that read it).
"""

from __future__ import annotations

import itertools
import operator
import re
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from bot.group.terms import _WORD, LEAD_WORDS, TITLE_WEIGHT, _language_of, _normaliser, _word
from bot.language import TOKEN
from bot.models import Article
from bot.urls import without_tracking

__all__ = ["GroupFeatures", "link_slug", "names_the_outlet", "prepare", "title_names_the_outlet", "titled_by_link",
           "untitled"]

_SHINGLE_WORDS = 150  # copies share their opening; the rest may be cut or extended


@dataclass(frozen=True)
class GroupFeatures:
    """One article as the grouping sees it, without its text.

    ``terms``: stemmed content words of the title (each counted :data:`TITLE_WEIGHT` times) and
    the lead. ``headline``: the title's stems alone. ``title_words``: the title's words, lower
    case (to tell an edited title from another one). ``names``: numbers of the title and lead,
    and the lead's names (see :func:`prepare`). ``shingles``: hashed 4-word shingles of the
    text's opening (copies). ``language``: sumy's name of the language the terms were made in.
    ``text_names``: stems of the names the whole text uses (capitalised inside a sentence, never
    in lower case), as far as :data:`_TEXT_NAME_CHARS`: who and where an article is about.

    Memory (the main process holds one for every article of a run): the shingles are kept packed,
    ``packed_shingles``, a sorted array of 32-bit hashes (about 600 bytes, where a frozenset of
    ~150 ints takes about 9 KB), and unpacked when asked for; words are interned when unpickled,
    so the articles of a run share one copy of each.
    """

    terms: Counter[str]
    headline: frozenset[str]
    title_words: frozenset[str]
    names: frozenset[str]
    packed_shingles: bytes
    language: str
    text_names: frozenset[str] = frozenset()
    body: tuple[str, ...] = ()
    body_counts: bytes = b""

    @property
    def body_terms(self) -> dict[str, int]:
        """The whole text's stemmed content words (as far as :data:`BODY_WORDS`) with their counts."""
        return dict(zip(self.body, self.body_counts))

    @property
    def shingles(self) -> frozenset[int]:
        return _unpack(self.packed_shingles)

    def __setstate__(self, state: dict[str, Any]) -> None:
        intern = sys.intern
        state["terms"] = Counter({intern(t): n for t, n in state["terms"].items()})
        for name in ("headline", "title_words", "names", "text_names"):
            if name in state:
                state[name] = frozenset(intern(w) for w in state[name])
        if "body" in state:
            state["body"] = tuple(intern(w) for w in state["body"])
        state["language"] = intern(state["language"])
        self.__dict__.update(state)

    @property
    def lead_terms(self) -> frozenset[str]:
        """Terms the lead itself has, beyond what the title put there."""
        return frozenset(t for t, c in self.terms.items() if c > (TITLE_WEIGHT if t in self.headline else 0))


def prepare(article: Article, language: str | None = None) -> GroupFeatures:
    """The grouping features of one article; ``language`` (sumy's name or a code) as for
    :func:`bot.group.group`, None: the article's own, else guessed from its text."""
    lang = _language_of(article, language)
    norm = _normaliser(lang)
    title_tokens = [_word(m) for m in _WORD.finditer(article.title or "")]
    counts: Counter[str] = Counter()
    for word in title_tokens:
        term = norm(word)
        if term:
            counts[term] += TITLE_WEIGHT
    lead = article.text[: LEAD_WORDS * 12]
    matches = [(_word(m), m.start()) for m in itertools.islice(_WORD.finditer(lead), LEAD_WORDS)]
    for word, _ in matches:
        term = norm(word)
        if term:
            counts[term] += 1
    headline = frozenset(t for t in (norm(w) for w in title_tokens) if t)
    body = _body_terms(article.text, norm)
    text_names, shingles = _names_and_shingles(article.text, norm)
    return GroupFeatures(
        terms=counts,
        headline=headline,
        title_words=frozenset(w.lower() for w in title_tokens if len(w) > 1),
        names=_names(title_tokens, lead, matches),
        packed_shingles=pack_shingles(shingles),
        language=lang,
        text_names=text_names,
        body=tuple(body),
        body_counts=bytes(min(c, 255) for c in body.values()),
    )


#: How many words of the whole text make its body terms: past the lead, where two reports of
#: one event share their facts and quotes in other orders (about the first 4,000 characters).
BODY_WORDS = 700


def _body_terms(text: str, norm: Callable[[str], str | None]) -> Counter[str]:
    # Each distinct word is normalised once, in the order words first occur: a term then enters
    # the counts where its first word is, as it would word by word. The words are the matches'
    # texts, read in C; only those opening with a digit go through _word (numbers in one spelling),
    # in place, so the counts meet every word where it was (tests/stages/test_shortcuts_tokens.py).
    found = list(itertools.islice(_WORD.finditer(text[: BODY_WORDS * 12]), BODY_WORDS))
    words = list(map(_MATCHED, found))
    for k in itertools.compress(itertools.count(), map(str.isdigit, map(_FIRST, words))):
        words[k] = _word(found[k])
    counts: Counter[str] = Counter()
    cached = getattr(norm, "cache", None)
    get = cached.get if isinstance(cached, dict) else None  # _Normaliser's own cache, read without its call
    have = counts.get  # (dict's own: Counter's += calls its __missing__, in Python, for every new term)
    for word, n in Counter(words).items():
        term = get(word, "") if get is not None else ""
        if term == "":
            term = norm(word)
        if term:
            counts[term] = have(term, 0) + n
    return counts


_MATCHED = re.Match.group  # (unbound: map() calls it on each match, in C)
_FIRST = operator.itemgetter(0)


_TEXT_NAME_CHARS = 6_000  # about 1,000 words: an article names its people and places early; this bounds the work


def _text_names(text: str, norm: Callable[[str], str | None]) -> frozenset[str]:
    """Stems of the words the text uses as names: capitalised, not opening a sentence (somewhere),
    never in lower case in the text. Numbers are left out: a toll or a count changes as a story
    goes on. Counted with the regular expressions' own loops: this reads whole texts."""
    return _names_of(TOKEN.findall(text[:_TEXT_NAME_CHARS]), text[:_TEXT_NAME_CHARS], norm)


def _names_of(tokens: list[str], text: str, norm: Callable[[str], str | None]) -> frozenset[str]:
    """:func:`_text_names` of ``text`` (already cut), ``tokens`` being ``TOKEN.findall(text)``."""
    total = Counter(tokens)
    initial = Counter(_INITIAL.findall("." + text))
    ordinary = {w for w in total if w.islower()}
    found = set()
    for word, count in total.items():
        if word[0].isupper() and len(word) > 1 and count > initial.get(word, 0) and word.lower() not in ordinary:
            term = norm(word)
            if term and not _is_number(term):
                found.add(bare_name(term))
    return frozenset(found)


def _names_and_shingles(text: str, norm: Callable[[str], str | None]) -> tuple[frozenset[str], frozenset[int]]:
    """``(_text_names(text, norm), _shingles(text))`` from one TOKEN scan of the text's opening.

    The scan of ``text[:_TEXT_NAME_CHARS]`` finds the same tokens as a scan of a shorter prefix, as far as a
    token ends inside that prefix (TOKEN has no look-around: a match that ends by the cut is made of
    characters before it, and one that stops at a character stops at the end of a string too); a token that
    runs over the cut is read again from its start to the cut, as the shorter scan reads it. The first
    :data:`_SHINGLE_WORDS` tokens come as matches (their ends are needed), the rest by ``findall`` from
    where they stop, which continues the same scan.
    """
    text = text[:_TEXT_NAME_CHARS]
    head = list(itertools.islice(TOKEN.finditer(text), _SHINGLE_WORDS))
    tokens = list(map(_MATCHED, head))
    if len(head) == _SHINGLE_WORDS:
        tokens += TOKEN.findall(text, head[-1].end())
    cut = _SHINGLE_WORDS * 12
    words: list[str] = []
    for m in head:
        if m.end() > cut:
            if m.start() < cut:
                words += TOKEN.findall(text, m.start(), cut)
            break
        words.append(m.group())
    return _names_of(tokens, text, norm), _hashed_shingles(words)


# A word opening a sentence (or a quote, a parenthesis, a clause after a dash): after one of
# :func:`_opens_sentence`'s characters and spaces (the text is read with a "." before it).
_INITIAL = re.compile(r"[.!?:;\"“”'‘’«»\-–—|(\[]\s*(" + TOKEN.pattern + ")")


def bare_name(term: str) -> str:
    """A name without its possessive: "holt's" and "holt" are one person."""
    return term[:-2] if term.endswith("'s") else term


def _shingles(text: str) -> frozenset[int]:
    """Hashed 4-word shingles of the first :data:`_SHINGLE_WORDS` words of the text."""
    return _hashed_shingles(TOKEN.findall(text[: _SHINGLE_WORDS * 12]))


def _hashed_shingles(tokens: list[str]) -> frozenset[int]:
    words = [w.lower() for w in tokens[:_SHINGLE_WORDS]]
    return frozenset(zlib.crc32(" ".join(words[i : i + 4]).encode("utf-8")) for i in range(len(words) - 3))


def pack_shingles(shingles: frozenset[int]) -> bytes:
    """Shingles as :attr:`GroupFeatures.packed_shingles` holds them: one byte string per set."""
    return array(_CODE, sorted(shingles)).tobytes()


@lru_cache(maxsize=512)  # grouping compares an article with its neighbours one after another
def _unpack(packed: bytes) -> frozenset[int]:
    hashes = array(_CODE)
    hashes.frombytes(packed)
    return frozenset(hashes)


_CODE = "I" if array("I").itemsize == 4 else "L"  # an unsigned 32-bit array: crc32's range


def _names(title_tokens: list[str], lead: str, matches: list[tuple[str, int]]) -> frozenset[str]:
    """What an event is made of, besides words: the numbers of the title and lead, and the lead's
    capitalised words that do not open a sentence and never appear in lower case (names of
    people, places, organisations). Title case makes every headline word look like a name, so
    only the title's numbers count."""
    ordinary = {w for w, _ in matches if w.islower()}
    found = {w for w in title_tokens if _is_number(w)}
    for word, start in matches:
        if _is_number(word):
            found.add(word)
        elif (word[0].isupper() and len(word) > 1 and word.lower() not in ordinary
              and not _opens_sentence(lead, start)):
            found.add(word.lower())
    return frozenset(found)


def _is_number(word: str) -> bool:
    return _DIGIT.search(word) is not None


_DIGIT = re.compile(r"\d")


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;\"“”'‘’«»-–—|(["


def untitled(feats: GroupFeatures) -> GroupFeatures:
    """The features as if the article had no title: its text alone groups it. For a title that
    says nothing of the article: the site's name, or one an outlet gives to different texts."""
    terms = Counter({t: c - TITLE_WEIGHT if t in feats.headline else c for t, c in feats.terms.items()})
    return replace(feats, terms=+terms, headline=frozenset(), title_words=frozenset())


# A link's slug: a path segment or query value that spells words ("russian-space-experts-regain-
# control-1st-angola-satellite-52044233", "searchinput=Costa+Rica+plane+crash"), not an id or a section.
_SLUG_PART = re.compile(r"[^/?&=#;]+")
_SLUG_SPLIT = re.compile(r"[-_+\s]+|%20")
_SLUG_WORD = re.compile(r"[^\W\d_]+|\d+(?:st|nd|rd|th|s)", re.I)  # words and ordinals, not ids ("11e7", "b698")
_SLUG_WORDS = 3  # fewer than this spell a section ("on-air", "world-news"), not a headline


def link_slug(link: str | None) -> list[str]:
    """The words of the longest slug of a link (after its host), as they are written; [] when it has none."""
    link = without_tracking(link)  # a campaign's name ("utm_campaign=morning-news-briefing") is no slug
    if not link:
        return []
    _, _, rest = link.partition("//")
    _, _, path = rest.partition("/")
    path = unquote(path)
    best: list[str] = []
    for part in _SLUG_PART.findall(path):
        stem, _, ext = part.rpartition(".")
        words = [w for w in _SLUG_SPLIT.split(stem if ext.isalpha() and stem else part) if _SLUG_WORD.fullmatch(w)]
        if len(words) >= _SLUG_WORDS and len(words) > len(best):
            best = words
    return best


def titled_by_link(feats: GroupFeatures, link: str | None) -> GroupFeatures:
    """The features with the link's slug (:func:`link_slug`) as the title, for a title that says
    nothing of its article: the slug is the outlet's own words for that page. Untitled without one."""
    bare = untitled(feats)
    norm = _normaliser(feats.language)
    words = [_word(m) for m in _WORD.finditer(" ".join(link_slug(link)))]
    headline = frozenset(t for t in map(norm, words) if t)
    if not headline:
        return bare
    terms = bare.terms.copy()
    for word in words:
        term = norm(word)
        if term:
            terms[term] += TITLE_WEIGHT
    return replace(bare, terms=terms, headline=headline, title_words=frozenset(w.lower() for w in words if len(w) > 1))


# Words of a domain that name no site, and words that a site's own page title adds to its name
# ("NPR Search : NPR", "World news - RT International", "ABC News").
_DOMAIN_PARTS = frozenset("www m amp com org net co uk go edu gov info news".split())
_SITE_WORDS = frozenset("news home homepage search results world international latest online breaking headlines "
                        "top stories live today page site official notícias noticias últimas busca início actualités "
                        "nachrichten".split())
_ALNUM = re.compile(r"\w+")


def names_the_outlet(feats: GroupFeatures, source: str) -> bool:
    """The title is the outlet's own name, maybe with words a site's page title adds: no headline."""
    return _only_the_outlet(feats.title_words, source)


def title_names_the_outlet(title: str, source: str) -> bool:
    """:func:`names_the_outlet` of a bare title ("NPR Search : NPR" from www.npr.org)."""
    return _only_the_outlet(frozenset(w.lower() for w in (_word(m) for m in _WORD.finditer(title)) if len(w) > 1), source)


def _only_the_outlet(words: frozenset[str], source: str) -> bool:
    site = {t for t in _ALNUM.findall(source.lower()) if t not in _DOMAIN_PARTS and len(t) > 1}
    if not words or not site:
        return False
    named = words & site
    named |= {w for w in words for v in words if w != v and w + v in site}
    named |= {v for w in words for v in words if w != v and w + v in site}
    return bool(named) and all(w in named or w in _SITE_WORDS for w in words)
