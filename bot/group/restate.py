"""Sentence terms for a story summary, whether a sentence only restates what earlier ones from other articles said,
and what it takes as told by its article before it ("the barge" after "a barge", "The treaty ..." after "the treaty
establishing ...")."""

from __future__ import annotations

import math
import re

from bot.group.terms import _normaliser
from bot.language import TOKEN

__all__ = ["HEADLINED", "HEADLINE_TOLD", "RESTATED_SHARE", "headlined", "named_before", "named_by", "restated",
           "sentence_terms", "set_cosine", "tells_headline", "told_before"]

# "seven votes to two" and "7–2" state the same fact. From two up: "one"/"um" are also articles.
_NUMBER_WORDS = {
    w: str(n)
    for words in (
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty",
        "dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezesseis "
        "dezessete dezoito dezenove vinte",
    )
    for n, w in enumerate(words.split(), start=2)
} | {"duas": "2", "quatorze": "14", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "trinta": "30"}


def sentence_terms(sentence: str, language: str) -> frozenset[str]:
    """Stems of a sentence's content words, with numbers (words or digits) as digits.

    Each distinct word is looked up once (a set has no order; whole texts are read too), in a cache per language."""
    terms = _term_cache(language)
    if len(terms) > _MAX_WORDS:
        terms.clear()
    found = set()
    for word in set(TOKEN.findall(sentence)):
        term = terms.get(word, "")
        if term == "":
            term = terms[word] = _term(word, language)
        found.add(term)
    found.discard(None)
    return frozenset(found)  # type: ignore[arg-type]


def _term(word: str, language: str) -> str | None:
    if word.endswith(("'s", "’s")):
        word = word[:-2]  # ("America's economy" names America)
    low = word.lower()
    return _NUMBER_WORDS.get(low) or (low if low.isdigit() else _normaliser(language)(word)) or None


_MAX_WORDS = 100_000  # words cached per language at most; past it the cache starts again
_TERMS: dict[str, dict[str, str | None]] = {}


def _term_cache(language: str) -> dict[str, str | None]:
    cache = _TERMS.get(language)
    if cache is None:
        cache = _TERMS[language] = {}
    return cache


def set_cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


#: A sentence whose terms the earlier sentences of other articles hold this much of, together, restates them
#: unless what it adds is a figure or a name.
RESTATED_SHARE = 0.6

_CAPITALISED = re.compile(r"(?<=\s)[A-ZÀ-Ý][\w'’-]*")  # (not its first word: every sentence starts with a capital)


def restated(sentence: str, terms: frozenset[str], earlier: list[frozenset[str]], language: str) -> bool:
    """True if the sentence says nothing the ``earlier`` sentences (other articles' ones already shown) do not:
    together they hold RESTATED_SHARE of its terms, and none of the rest is a figure or a name ("Rihanna is mourning
    the death of her cousin and calling for an end to gun violence." after "Rihanna is calling for an end to violence
    following the murder of her cousin, ..."). A new figure ("527 were injured"), a new name ("Boris Johnson said
    ...") or most of its words new: a fact of its own."""
    if not terms or not earlier:
        return False
    told = frozenset().union(*earlier)
    new = terms - told
    if len(terms & told) < RESTATED_SHARE * len(terms):
        return False
    names = sentence_terms(" ".join(_CAPITALISED.findall(sentence)), language)
    return not any(t[:1].isdigit() for t in new) and not new & names


# Something introduced as new: "a barge carrying fireworks", "two missiles", "this timeless song" (the words of the
# phrase, up to three).
_INTRODUCER = re.compile(r"\b(?:a|an|this|these|two|three|four|five|six|seven|eight|nine|ten) "
                         r"((?:[a-z][\w-]* ){0,2}[a-z][a-z-]{2,})\b")
_DEFINITE = re.compile(r"\b[Tt]he ([a-z][a-z-]{2,})\b")
_TIMES = frozenset("year years week weeks month months day days time times morning afternoon evening night weekend "
                   "season summer winter spring autumn decade century hour hours minute minutes".split())


def told_before(sentence: str, text: str, language: str) -> frozenset[str]:
    """Things the sentence names as known ("the barge", "the missiles", "the song's lyrics") that its article
    introduced earlier as new ("a barge carrying fireworks", "two missiles", "this timeless song"): a reader needs a
    shown sentence naming them first."""
    if language != "english":
        return frozenset()
    at = text.find(sentence[:40])
    if at <= 0:
        return frozenset()
    known = {m.group(1) for m in _DEFINITE.finditer(sentence)} - _TIMES
    if not known:
        return frozenset()
    new = {w for m in _INTRODUCER.finditer(text[max(0, at - 1500):at]) for w in m.group(1).split()}
    return frozenset(known & new)


def named_by(words: frozenset[str], terms: frozenset[str]) -> bool:
    """What a description takes as known ("The treaty" → treaty) is named by ``terms`` (the headline's), or there
    is none: only then may the sentence open a story."""
    return not words or bool(sentence_terms(" ".join(sorted(words)), "english") & terms)


def named_before(words: frozenset[str], sentence: str, text: str) -> frozenset[str]:
    """The words of a description taken as known that its article's text names before the sentence ("The treaty
    was signed ..." after "... approve the treaty establishing ..."): a shown sentence must name them first. (One
    the text never named before is the writer's word for what the story is about, "The attack" for a shooting.)"""
    at = text.find(sentence[:40])
    if not words or at <= 0:
        return frozenset()
    return frozenset(w for w in words if re.search(rf"\b{re.escape(w)}\b", text[:at]))


#: A sentence holding this share of its headline's terms (two at least) tells what the headline tells.
HEADLINE_TOLD = 0.5


def tells_headline(terms: frozenset[str], headline: frozenset[str]) -> bool:
    """The sentence's terms hold HEADLINE_TOLD of the headline's, two at least ("Hollywood stars ... have paid tribute
    to actor Ossie Davis at a funeral" under "Stars pay tribute to actor Davis"): it states what the headline says."""
    shared = len(terms & headline)
    return shared >= 2 and shared >= HEADLINE_TOLD * len(headline)


#: Families of bot.summarise.openings.opening_problem that judge how a sentence tells, or that it tells a reaction,
#: where the headline may tell the same: a guess ("could", "may"), a statement with no verb of an event told as a guess
#: ("A chip ... could make phones cheaper"), a tribute or condolences ("Stars ... paid tribute to X at his funeral").
#: Not a response, a hook, a forecast or a state ("With winter on its way, hot drinks are back"): what they tell is
#: no event, whatever the headline says.
HEADLINED = frozenset({"speculation", "no-event", "reaction"})
_GUESS = re.compile(r"\b(?:could|may|might)\b")


def headlined(problem: str | None, sentence: str, terms: frozenset[str], title: str, language: str) -> bool:
    """An article's lede whose ``problem`` as an opening is of :data:`HEADLINED`, under a headline (``title``) it tells
    (:func:`tells_headline`): the news its outlet led with in that form ("A mobile chip ... could make phones cheaper"
    under "Cheaper chip for mobiles", "Stars ... have paid tribute to X" under "Stars pay tribute to X"). A headline
    asking a question ("Are zoos obsolete?") tells nothing."""
    if problem not in HEADLINED or problem == "no-event" and _GUESS.search(sentence) is None:
        return False
    return not title.rstrip(" '\"’”").endswith("?") and tells_headline(terms, sentence_terms(title, language))
