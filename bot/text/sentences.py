"""The sentence splitter: abbreviation lists per language and a look at the next word.

Our own rules rather than a library (pysbd, syntok, sentencex, blingfire, NLTK punkt): best on
news text, much faster than pysbd (which also has no Portuguese), and unlike sentencex it splits
inside quotations, which in news often run to several sentences. Most remaining misses on the
golden rules are data quirks or deliberate choices (a line break always ends a sentence).
Measured with benchmarks/sentence_split.py; the figures are in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.language import ORDINAL_PERIOD, language_name, stop_words

__all__ = ["split_sentences"]

# ---------------------------------------------------------------------------
# Abbreviations, per language (lower case, without the final period)
# ---------------------------------------------------------------------------
# NEVER_END: titles and the like; a period after them never ends a sentence.
# MAY_END: abbreviations that can end a sentence ("... Pitt, Briggs & Co. It
#   closed"); we split after them only if the next word is a typical sentence
#   starter ("It", "The", ...).
# BEFORE_NUMBER: abbreviations that precede a number ("No. 5", "p. 55").

_NEVER_END = {
    "*": "mr mrs ms dr dra prof st mt e.g i.e cf vs viz".split(),
    "english": """messrs mssrs sen rep gov gen lt col maj capt cmdr cmdt sgt adm
        rev hon pres supt det insp approx esp""".split(),
    "portuguese": """sr sra srs sras srta dr drs dras profa eng gen cel ten cap sgt
        dep sen gov pres av exmo exma sto sta pe p.ex""".split(),
    "spanish": """sr sra sres sras srta dr dra lic ing arq ud uds vd vds dña gral
        prof profa av avda sto sta p.ej""".split(),
    "french": """mme mmes mlle mlles pr ste av bd mgr""".split(),
    "german": """hr hrn fr frl sog z.b bzw vgl ca ggf inkl evtl d.h u.a z.t
        str abs bzgl""".split(),
    "italian": """sig sigg sig.ra sig.na dott dott.ssa avv ing on arch geom rag
        mons gen""".split(),
    "czech": """ing mgr doc mudr judr phdr rndr tzv např resp tj mj sv pí""".split(),
}
_MAY_END = {
    "*": "etc al jr sr".split(),
    "english": """inc co corp ltd llc plc bros dept univ assn ave blvd rd ft
        jan feb mar apr jun jul aug sep sept oct nov dec""".split(),
    "portuguese": "cia ltda séc min jan fev abr mai jun jul ago set out nov dez".split(),
    "spanish": "cía ltda ene feb abr jun jul ago sept oct nov dic".split(),
    "french": "cie env janv févr avr juil oct nov déc".split(),
    "german": "usw jh mio mrd jan feb aug sept okt nov dez".split(),
    "italian": "ecc gen feb mar apr mag giu lug ago set ott nov dic".split(),
    "czech": "atd apod aj".split(),
}
_BEFORE_NUMBER = {
    "*": "no nos nr n nº n° p pp vol art ch sec fig figs tab".split(),
    "english": "para ed".split(),
    "portuguese": "pág págs cap fl".split(),
    "spanish": "núm pág págs cap".split(),
    "french": "chap".split(),
    "german": "s abs bd ziff".split(),
    "italian": "pag cap".split(),
    "czech": "č str odst r".split(),
}

# Words that typically open a sentence. After an ambiguous abbreviation
# ("U.S.", "Inc.") a capitalised next word only starts a new sentence if it is
# one of these: "the U.S. How about you?" splits, "the U.S. Government" doesn't.
_STARTERS = {
    "english": """the a an this that these those it its he she they we i you there
        here his her their our my your but and or so yet if when while after
        before since however meanwhile although though because as in on at
        for from with by to of what why how where who which one some many most
        all both each no not also then now still instead today yesterday
        later thus even only mr mrs ms dr""".split(),
    "portuguese": """o a os as um uma uns umas ele ela eles elas eu nós você vocês
        isso isto esse essa este esta estes estas esses essas aquele aquela mas
        e ou se quando enquanto depois antes porém contudo entretanto no na nos
        nas em de do da para por com segundo também já ainda hoje ontem não há
        foi é""".split(),
    "spanish": """el la los las un una unos unas él ella ellos ellas yo nosotros
        esto este esta estos estas ese esa eso pero y o si cuando mientras
        después antes sin en de del para por con según también ya aún hoy
        ayer no hay fue es""".split(),
    "french": """le la les l un une des il elle ils elles je nous vous on ce
        cette ces cet mais et ou si quand lorsque après avant cependant en dans
        de du pour par avec selon aussi déjà encore hier ne c""".split(),
    "german": """der die das den dem des ein eine einen einem er sie es wir ich
        ihr man dies diese dieser dieses aber und oder wenn als nachdem bevor
        doch jedoch in im am an auf für mit von zu nach dort hier heute gestern
        auch noch nicht""".split(),
    "italian": """il lo la i gli le un una uno egli lui lei loro io noi questo
        questa questi queste quello quella ma e o se quando mentre dopo prima
        però tuttavia in nel nella di del della per con secondo anche già
        ancora oggi ieri non""".split(),
}


class _Rules:
    """Abbreviation sets and sentence starters for one language."""

    def __init__(self, language: str):
        def merged(table: dict[str, list[str]]) -> frozenset[str]:
            return frozenset(table["*"]) | frozenset(table.get(language, ()))

        self.never_end = merged(_NEVER_END)
        self.may_end = merged(_MAY_END)
        self.before_number = merged(_BEFORE_NUMBER) | self.never_end | self.may_end
        # sumy's stop words where there is no hand-made list.
        self.starters = frozenset(_STARTERS.get(language) or stop_words(language))
        # Where ordinals are written with a period, a number is treated like an ambiguous abbreviation.
        self.ordinals = language in ORDINAL_PERIOD
        # Greek writes its question mark as ";".
        self.candidates = _GREEK_CANDIDATE if language == "greek" else _CANDIDATE


@lru_cache(maxsize=None)
def _rules(language: str) -> _Rules:
    return _Rules(language)


# ---------------------------------------------------------------------------
# Sentence splitting
# ---------------------------------------------------------------------------

# A run of sentence-final punctuation, then closing quotes/brackets, then the
# gap before the next sentence (may be empty: "community.Dr Venter" comes from
# paragraphs glued together).
# The punctuation run is a spaced ellipsis (". . ."), a run of periods, or any run of
# terminators. Written to open with a character class, so that the regex engine scans for
# those characters instead of trying the pattern at every position.
_CANDIDATE_TEMPLATE = r"""(?P<punct>[.!?…‼⁇⁈⁉。！？｡।۔؟።፧။{extra}]
        (?:(?<=\.)(?:\s\.){{2,}}|(?<=\.)\.+|[.!?…‼⁇⁈⁉。！？｡।۔؟።፧။{extra}]*))
    (?P<close>[\"'”’“‘»)\]]*)
    (?P<gap>\s*)"""
_CANDIDATE = re.compile(_CANDIDATE_TEMPLATE.format(extra=""), re.VERBOSE)
_GREEK_CANDIDATE = re.compile(_CANDIDATE_TEMPLATE.format(extra=";;"), re.VERBOSE)
# Terminators of scripts written without spaces: always a boundary.
_HARD_STOPS = frozenset("。！？｡።፧။")
_OPENERS = "\"'“‘«„‚([{¿¡*•⁃-–—"
_CLOSERS = "\"'”’»)]},;:"
# Spaces other than " " (a regex substitution: str.translate was slower on long lines).
_WHITESPACE = re.compile("[\t\x0b\x0c\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAK = re.compile(r"[\n\r\u2028\u2029\x85]")  # lines are stripped and empty ones skipped
# Multi-period abbreviations: every part is one or two letters (U.S.A, e.g, a.m, Ph.D).
_DOTTED_ABBREV = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_NUMBER = re.compile(r"[$€£¥#]?\d[\d.,:/%°ºª]*(?:st|nd|rd|th|s)?")


def split_sentences(text: str, language: str = "english") -> list[str]:
    """Split text into stripped sentences; every line break is a boundary.

    Rule based (abbreviation lists per language + a look at the next word),
    because it measured about as accurate as the libraries and much faster.
    """
    if not text:
        return []
    rules = _rules(language_name(language))
    sentences: list[str] = []
    for line in _LINE_BREAK.split(text):
        line = line.strip()
        if line:
            _split_line(line, rules, sentences)
    return sentences


# List markers: "1.", "2.)", "a.", "• 9."
_LIST_ITEM = re.compile(r"\s*(?:[•⁃*\-–]\s?)?(?:\d{1,2}|[a-z])(?:\.\)?|\))\s*")
_MARKER = re.compile(r"[•⁃*\-–]?(?:\d{1,2}|[a-z])")


def _split_line(line: str, rules: _Rules, out: list[str]) -> None:
    """Append the sentences of one line (no line breaks inside) to `out`."""
    spaced = _WHITESPACE.sub(" ", line)  # same length, plain spaces only
    start = 0
    size = len(spaced)
    for m in rules.candidates.finditer(spaced):
        end_of_sentence, next_start = m.end(2), m.end()  # (group 2: "close")
        if next_start >= size:
            break
        marked = not spaced[start:start + 1].isupper()  # a list marker cannot start with a capital
        if marked and _LIST_ITEM.fullmatch(spaced, start, end_of_sentence):
            continue  # "1." alone is an item marker, not a sentence
        if not _is_boundary(spaced, m, start, rules):
            continue
        if marked and _LIST_ITEM.match(spaced, start):
            # Inline list "1. First item 2. Second item": the boundary goes
            # before the next marker, not after it.
            marker = _marker_start(spaced, m, start)
            if marker is not None:
                end_of_sentence = next_start = marker
        sentence = line[start:end_of_sentence].strip()
        if sentence:
            out.append(sentence)
        start = next_start
    rest = line[start:].strip()
    if rest:
        out.append(rest)


def _marker_start(text: str, m: re.Match[str], sentence_start: int) -> int | None:
    """Start of the list marker ending at `m` ("2." in "item 2. Next"), if any."""
    token_start = text.rfind(" ", 0, m.start()) + 1
    if token_start <= sentence_start or m.group("close") not in ("", ")"):
        return None
    if not _MARKER.fullmatch(text, token_start, m.start()):
        return None
    if text[token_start - 3:token_start - 1] in (" •", " ⁃", " *"):
        token_start -= 2  # a bullet written as its own token: "item • 10. Next"
    return token_start


def _is_boundary(text: str, m: re.Match[str], sentence_start: int, rules: _Rules) -> bool:
    """Decide whether the punctuation matched by `m` ends a sentence."""
    punct, close, gap = m.groups()  # (the groups "punct", "close", "gap")
    if not _HARD_STOPS.isdisjoint(punct):
        return True

    at, end = m.span()
    token_start = max(text.rfind(" ", 0, at) + 1, sentence_start)
    prev = text[token_start:at]
    next_end = text.find(" ", end)
    nxt = text[end:] if next_end < 0 else text[end:next_end]
    word = nxt.lstrip(_OPENERS)
    first = word[:1]

    if not gap:  # glued: "community.Dr Venter", "bought 1,000.That is"
        if punct not in (".", "!", "?") or close not in ("", '"', "”"):
            return False
        if "." in prev or "@" in prev or "/" in prev or "@" in nxt or "/" in nxt:
            return False
        if not (len(word) > 1 and first.isupper() and word[1].islower()):
            return False
        tail = prev[-2:]
        if len(tail) == 2 and (tail.isalpha() and tail.islower() or tail[-1].isdigit()):
            return True
        # An acronym ("... in the UK.The ..."), like an ambiguous abbreviation: only before a typical
        # sentence starter ("ASP.Net" goes on).
        core = prev.lstrip(_OPENERS)
        return len(core) >= 2 and core.isalpha() and core.isupper() and _clean_word(word).lower() in rules.starters

    if not first:  # only punctuation follows; a dash continues a dateline
        return nxt[:1] not in "-–—"
    if first.islower():
        # Usually an abbreviation ("co. at") or a quote going on ("great." she
        # said). Web text also starts sentences in lower case ("bad. i think"):
        # accept that after a plain lower-case word when a typical sentence
        # starter follows.
        core = prev.lstrip(_OPENERS)
        return (punct == "." and not close and len(core) >= 3
                and core.isalpha() and core.islower() and core not in rules.before_number
                and _clean_word(word).lower() in rules.starters)
    if punct != ".":
        # "!", "?", ellipses end a sentence unless a lower-case word follows.
        # Not ended: an elision in brackets before a citation ("[...]" (Smith 55))
        # and a spaced three-dot elision ("the thing is . . . I didn't").
        before = text[at - 1:at]
        if before in ("[", "(") and nxt[:1] == "(":
            return False
        if punct in ("...", "…") and not close and _title_goes_on(text, token_start, sentence_start, prev, end):
            return False  # an ellipsis inside a title: "won I'm A Celebrity... Get Me Out Of Here on Monday"
        return not (before == " " and punct == ". . .")

    core = prev.lstrip(_OPENERS)
    if not core:
        return True
    if "@" in core or "/" in core:
        return True  # e-mail address or URL at the end of the sentence
    low = core.lower()
    if first.isdigit():  # "No. 5", "p. 55", "Jan. 5" go on; "in 2019. 55 people" ends
        return not (low in rules.before_number or _DOTTED_ABBREV.fullmatch(core)
                    or (len(core) == 1 and core.isalpha()))
    if low in rules.never_end:
        return False
    if not first.isalpha():
        return True  # "$", "#", "€" ... after an ordinary word
    if len(core) > 1 and core.isalpha() and low not in rules.may_end:
        return True  # an ordinary word (the usual case; none of the tests below can apply)
    starts_sentence = _clean_word(word).lower() in rules.starters
    if _NUMBER.fullmatch(core):
        return starts_sentence if rules.ordinals else True
    if len(core) == 1 and core.isalpha():
        return _single_letter_ends(text, token_start, core, word, starts_sentence) and not _NICKNAME.match(text, m.end())
    if low in rules.may_end or _DOTTED_ABBREV.fullmatch(core):
        return starts_sentence and not (core.isupper() and _NICKNAME.match(text, m.end()))
    return True


# Words a title capitalises that running prose writes in lower case inside a sentence ("Get Me Out Of Here").
_TITLE_SMALL = frozenset("of the a an and in on at to for with me my you your it out up from by".split())
_TITLE_WORD = re.compile(r"[\"'“‘]?([A-Z][\w'’-]*)([,:;\"'”’!?]*)(?: |$)")


def _title_goes_on(text: str, token_start: int, sentence_start: int, prev: str, end: int) -> bool:
    """An ellipsis inside a name written in title case ("I'm A Celebrity... Get Me Out Of Here", "Later... With
    Jools Holland", "Stardust... The Great American Songbook"): the word before it is capitalised and not the
    sentence's first, and what follows is a title's run of capitalised words: three or more, or two with a small
    word capitalised as a title does ("Me", "Of"). A sentence after a name ("... said Smith... The minister
    added") goes on in lower case after one word."""
    core = prev.lstrip(_OPENERS)
    if token_start <= sentence_start or not core[:1].isupper():
        return False
    run, small, at = 0, False, end
    while run < 3 and (m := _TITLE_WORD.match(text, at)):
        run += 1
        small = small or run > 1 and m.group(1).lower() in _TITLE_SMALL
        if m.group(2):
            break  # (punctuation ends the name: "Holland,")
        at = m.end()
    return run >= 3 or run == 2 and small


# A nickname in quotes between a person's initials and surname: 'J.P. "The Big Bopper" Richardson'.
_NICKNAME = re.compile(r"[\"“‘'][A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}[\"”’'] [A-Z][a-z]")


# Words that open a clause and are no one's name (a surname after an initial never is one of these).
_CLAUSE_OPENERS = frozenset("the this these those it he she they we there his her their its but however "
                            "meanwhile although because when while if after o os as ele ela eles elas mas".split())


def _single_letter_ends(text: str, token_start: int, letter: str, nxt: str,
                        starts_sentence: bool) -> bool:
    """"J. K. Rowling" and "Albert I. Jones" go on; "you and I. Did" and "World War I. But" end."""
    if len(nxt) == 2 and nxt[1] == "." and nxt[0].isupper():
        return False  # another initial follows
    end = max(token_start - 1, 0)
    before = text[text.rfind(" ", 0, end) + 1:end].lstrip(_OPENERS)
    if letter.isupper() and before[:1].isupper():
        # An initial after a name ("Albert I. Jones"), unless a word no name is follows: "World War I. But".
        return _clean_word(nxt).lower() in _CLAUSE_OPENERS
    if letter == "I" and before[:1].islower():
        return True
    return starts_sentence


def _clean_word(token: str) -> str:
    return token.rstrip(_CLOSERS + ".!?…")

