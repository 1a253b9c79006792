"""Offline sentence and word splitting, and boilerplate cleaning.

Everything here runs without downloaded data: sumy's default Tokenizer needs
NLTK's punkt models, which we cannot fetch at run time, so `SumyTokenizer`
stands in for it.

Choice of sentence splitter: measured with benchmarks/sentence_split.py (one
run, same machine; GR = golden rules exact-match accuracy; UD = boundary
P/R/F1 inside paragraphs; us/sent = median of 5 passes over GUM+EWT, a
shared 2-core machine, so timings are rough):

    candidate             GR en  GR pysbd  GR other  GUM news P/R/F1     EWT P/R/F1     us/sent
    own rules (this file) 86.5%   93.8%     83.3%    .975/.943/.959   .978/.754/.852      2.8
    pysbd 0.3.4           88.5%   97.9%     91.7%    .970/.845/.903   .934/.780/.850    305.7
    syntok 1.4.4          63.5%   70.8%     44.4%    .968/.931/.949   .973/.725/.831     56.7
    sentencex 1.0.32      82.7%   89.6%     83.3%    .978/.850/.910   .974/.780/.866      1.1
    blingfire 0.1.8       67.3%   75.0%     61.1%    .973/.936/.954   .982/.722/.832      5.4
    nltk punkt untrained  34.6%   39.6%     44.4%    .927/.940/.934   .933/.805/.864     19.8

We use our own rules: best on news text (GUM), 2 to 8 points behind pysbd on
the golden rules (most remaining misses are data quirks such as a literal
"\\n" in the input, or deliberate choices, e.g. a line break always ends a
sentence), and about 100x faster than pysbd, which also has no Portuguese. sentencex
is faster still but never splits inside a quotation, and news quotes often
run to several sentences (GUM recall .85). No new dependency.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "split_sentences",
    "split_words",
    "SumyTokenizer",
    "clean_text",
    "clean_line",
    "is_boilerplate",
]

# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------

_LANGUAGE_CODES = {
    "en": "english", "pt": "portuguese", "de": "german", "fr": "french",
    "es": "spanish", "it": "italian", "cs": "czech", "sk": "slovak",
    "pl": "polish", "sv": "swedish", "nl": "dutch", "el": "greek",
    "uk": "ukrainian", "ru": "russian", "he": "hebrew", "ar": "arabic",
    "ja": "japanese", "zh": "chinese", "ko": "korean", "th": "thai",
}


def _language(language: str | None) -> str:
    """Lower-case English language name, as sumy spells it ("pt" -> "portuguese")."""
    name = (language or "english").strip().lower()
    return _LANGUAGE_CODES.get(name, name)


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

# German writes ordinals with a period ("am 12. Juni", "der 2. Weltkrieg"), so
# there a number is treated like an ambiguous abbreviation.
_ORDINAL_LANGUAGES = {"german", "czech", "slovak", "polish", "swedish"}


class _Rules:
    """Abbreviation sets and sentence starters for one language."""

    def __init__(self, language: str):
        def merged(table: dict) -> frozenset:
            return frozenset(table["*"]) | frozenset(table.get(language, ()))

        self.never_end = merged(_NEVER_END)
        self.may_end = merged(_MAY_END)
        self.before_number = merged(_BEFORE_NUMBER) | self.never_end | self.may_end
        self.starters = frozenset(_STARTERS.get(language) or _sumy_stop_words(language))
        self.ordinals = language in _ORDINAL_LANGUAGES
        # Greek writes its question mark as ";".
        self.candidates = _GREEK_CANDIDATE if language == "greek" else _CANDIDATE


def _sumy_stop_words(language: str) -> frozenset:
    """Fallback sentence starters for languages without a hand-made list."""
    try:
        from sumy.utils import get_stop_words

        return frozenset(get_stop_words(language))
    except (ImportError, LookupError):
        return frozenset()


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
# those characters instead of trying the pattern at every position (5x faster, measured).
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
# Spaces other than " " (a regex substitution: str.translate was 10x slower on long lines).
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
    rules = _rules(_language(language))
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
    for m in rules.candidates.finditer(spaced):
        end_of_sentence, next_start = m.end("close"), m.end()
        if next_start >= len(spaced):
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


def _marker_start(text: str, m: re.Match, sentence_start: int) -> int | None:
    """Start of the list marker ending at `m` ("2." in "item 2. Next"), if any."""
    token_start = text.rfind(" ", 0, m.start()) + 1
    if token_start <= sentence_start or m.group("close") not in ("", ")"):
        return None
    if not _MARKER.fullmatch(text, token_start, m.start()):
        return None
    if text[token_start - 3:token_start - 1] in (" •", " ⁃", " *"):
        token_start -= 2  # a bullet written as its own token: "item • 10. Next"
    return token_start


def _is_boundary(text: str, m: re.Match, sentence_start: int, rules: _Rules) -> bool:
    """Decide whether the punctuation matched by `m` ends a sentence."""
    punct, gap = m.group("punct"), m.group("gap")
    if not _HARD_STOPS.isdisjoint(punct):
        return True

    token_start = max(text.rfind(" ", 0, m.start()) + 1, sentence_start)
    prev = text[token_start:m.start()]
    next_end = text.find(" ", m.end())
    nxt = text[m.end():] if next_end < 0 else text[m.end():next_end]
    word = nxt.lstrip(_OPENERS)
    first = word[:1]

    if not gap:  # glued: "community.Dr Venter", "bought 1,000.That is"
        if punct not in (".", "!", "?") or m.group("close") not in ("", '"', "”"):
            return False
        if "." in prev or "@" in prev or "/" in prev or "@" in nxt or "/" in nxt:
            return False
        tail = prev[-2:]
        return (len(tail) == 2 and (tail.isalpha() and tail.islower() or tail[-1].isdigit())
                and len(word) > 1 and first.isupper() and word[1].islower())

    if not first:  # only punctuation follows; a dash continues a dateline
        return nxt[:1] not in "-–—"
    if first.islower():
        # Usually an abbreviation ("co. at") or a quote going on ("great." she
        # said). Web text also starts sentences in lower case ("bad. i think"):
        # accept that after a plain lower-case word when a typical sentence
        # starter follows.
        core = prev.lstrip(_OPENERS)
        return (punct == "." and not m.group("close") and len(core) >= 3
                and core.isalpha() and core.islower() and core not in rules.before_number
                and _clean_word(word).lower() in rules.starters)
    if punct != ".":
        # "!", "?", ellipses end a sentence unless a lower-case word follows.
        # Not ended: an elision in brackets before a citation ("[...]" (Smith 55))
        # and a spaced three-dot elision ("the thing is . . . I didn't").
        before = text[m.start() - 1:m.start()]
        if before in ("[", "(") and nxt[:1] == "(":
            return False
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
        return _single_letter_ends(text, token_start, core, word, starts_sentence)
    if low in rules.may_end or _DOTTED_ABBREV.fullmatch(core):
        return starts_sentence
    return True


def _single_letter_ends(text: str, token_start: int, letter: str, nxt: str,
                        starts_sentence: bool) -> bool:
    """"J. K. Rowling" and "Albert I. Jones" go on; "you and I. Did" ends."""
    if len(nxt) == 2 and nxt[1] == "." and nxt[0].isupper():
        return False  # another initial follows
    end = max(token_start - 1, 0)
    before = text[text.rfind(" ", 0, end) + 1:end].lstrip(_OPENERS)
    if letter.isupper() and before[:1].isupper():
        return False  # initial after a name
    if letter == "I" and before[:1].islower():
        return True
    return starts_sentence


def _clean_word(token: str) -> str:
    return token.rstrip(_CLOSERS + ".!?…")


# ---------------------------------------------------------------------------
# Word splitting
# ---------------------------------------------------------------------------

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


class SumyTokenizer:
    """Drop-in for sumy.nlp.tokenizers.Tokenizer that needs no NLTK data."""

    def __init__(self, language: str):
        self.language = _language(language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self.language))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        # Like sumy's own tokenizer, keep only tokens with a letter in them.
        return tuple(w for w in split_words(sentence, self.language)
                     if not w.isdigit() and any(c.isalpha() for c in w))


# ---------------------------------------------------------------------------
# Boilerplate
# ---------------------------------------------------------------------------
# Rules work on one line (or sentence) at a time and look at its SHAPE: a
# prompt at the start of a short line, a row of share buttons, a credit, a
# lone byline or date. A phrase in the middle of a real sentence ("Officials
# said they would read more of the report.") never matches. Site names are
# never used.
#
# Every rule belongs to a family (RULE_FAMILIES); benchmarks/extraction_quality.py
# switches each family off alone and reports the F1 it adds on real pages
# (Zyte's article-extraction benchmark, dev split), overall and on two halves.
# Families that changed nothing there (share, audio, advertising, cookies,
# widget, click-here, app, nav, byline, inline, trailing-prompt, paywall) are
# kept for feed text, which that benchmark does not contain, and are covered
# by tests/test_text.py. Measured and removed (they lowered F1: the true
# article texts keep embedded posts whole): the signature line of an embedded
# social post ("— Jane Roe (@jroe) December 27, 2017") and cutting
# pic.twitter.com / t.co links out of lines.

_I = re.IGNORECASE

# Phrases cut out wherever they appear (NYT inserts them inside paragraphs),
# and prompts cut off the end of a line ("... Read more", "Continue reading →").
_INLINE_JUNK = re.compile(
    r"\s*\b(?:advertisement\s+)?continue reading the main story\b\s*"
    r"|\s*\bscroll (?:down |below )?(?:for|to see) (?:the )?video\b\W*",
    _I,
)
# Words every trailing prompt contains, looked for first in a line's lower-cased end.
_TRAILING_HINT = re.compile(r"more|read|continu|leia|saiba|leer|lire|weiter")
_TRAILING_PROMPT = re.compile(  # capitalised: "... they would read more." is a sentence
    r"(?<!\S)(?:\(?(?:Read|See) [Mm]ore\)?|READ MORE|\((?:[Rr]ead )?more(?:…|\.\.\.)?\)"
    r"|Continue reading|CONTINUE READING|Keep reading|Leia mais|LEIA MAIS|Saiba mais"
    r"|SAIBA MAIS|Continue lendo|Leer más|Lire la suite|Weiterlesen)"
    r"\s*(?:[.…:»›>→]+|&raquo;)?\s*$"
)

# Building blocks for the rules below.
_PROMPT = (
    r"(?:read|see|view|watch) (?:more|also|next|the full (?:story|article)|full (?:story|article))"
    r"|also read|more on this(?: story)?|more from|more stories|related(?: articles?| stories"
    r"| coverage| content| news| links?| topics)?|recommended(?: for you| reading| stories)?"
    r"|you (?:may|might) also like|further reading|top stories|most (?:read|popular)"
    r"|read or share this story|now playing|about the author|email the author|contact the author"
    r"|leia (?:mais|também|tambem|a íntegra)|saiba mais|veja (?:também|tambem|mais)"
    r"|confira(?: também)?|mais lidas?|leer más|lea también|lire aussi|à lire aussi"
    r"|weiterlesen|mehr zum thema|lesen sie auch"
    r"|don'?t miss|do not miss|não perca|no te pierdas|à ne pas manquer|nicht verpassen"
    r"|latest (?:stories|news|headlines|articles|posts|videos)|trending(?: now| stories| news)?"
    r"|popular (?:now|stories|articles)|editor'?s'? (?:picks|choice)|what to read next"
    r"|in case you missed it|more (?:news|headlines|articles|videos)|(?:mais|últimas) notícias"
)
_SOCIAL = (
    r"facebook|twitter|x|email|e-mail|mail|whatsapp|linkedin|pinterest|reddit"
    r"|telegram|messenger|flipboard|tumblr|instagram|youtube|tiktok|threads|bluesky"
    r"|google\+?|print|imprimir|copy(?: link)?|copiar(?: link)?|link|comments?"
    r"|comentários|share|shares|tweet|pin|save|sms|compartilhe|compartilhar"
)
_AGENCY = (
    r"reuters|ap|afp|ap photo|associated press|getty(?: images)?|epa|efe|dpa|ansa|lusa"
    r"|pa|pa wire|pa media|xinhua|anadolu(?: agency)?|bloomberg|shutterstock|alamy"
    r"|istock(?:photo)?|rex(?: features)?|rex/shutterstock|splash news|aap|sipa|abaca"
    r"|folhapress|estadão conteúdo|agência brasil|agência o globo|divulgação|reprodução"
    r"|arquivo(?: pessoal)?|unsplash|wikimedia commons|handout|file photo|pool"
)
_MONTH = (
    r"jan(?:uary|eiro)?|feb(?:ruary)?|fev(?:ereiro)?|mar(?:ch|ço|co)?|apr(?:il)?|abr(?:il)?"
    r"|may|mai(?:o)?|june?|jun(?:ho)?|july?|jul(?:ho)?|aug(?:ust)?|ago(?:sto)?"
    r"|sept?(?:ember)?|set(?:embro)?|oct(?:ober)?|out(?:ubro)?|nov(?:ember|embro)?"
    r"|dec(?:ember)?|dez(?:embro)?"
)
_WEEKDAY = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?|segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?"
    r"|quinta(?:-feira)?|sexta(?:-feira)?|sábado|domingo"
)
_DATE_WORD = (
    rf"\d[\d:./h-]*(?:st|nd|rd|th|h|min)?|{_MONTH}|{_WEEKDAY}|[ap]\.?m\.?|et|est|edt|gmt"
    r"|bst|utc|pst|pdt|cet|cest|brt|jst|aest|hours?|hrs?|minutes?|mins?|days?|weeks?"
    r"|ago|today|yesterday|hoje|ontem|há|horas?|de|do|da|of|at|on|the|em|às|as|and|e"
    r"|updated|published|posted|last|modified|atualizad[oa]|publicad[oa]|actualizado"
    r"|publié|aktualisiert|veröffentlicht|am|um|uhr|le|el"
)
_NAME = r"[A-ZÀ-Ý][\w'’.\-]*"
_NAME_PARTICLE = r"(?:de|da|do|dos|das|van|von|der|den|del|la|le|al|bin|and|e|y|&)"


class Rule(NamedTuple):
    """One boilerplate rule: ``pattern`` is matched at the start of a line with single spaces,
    on lines of at most ``max_words`` words (so a prompt-like opening cannot condemn a long
    real paragraph).

    ``needs``: lower-case strings of which any line the pattern matches contains one. Only
    for patterns that can match anywhere in the line (".{0,200}cookies"): a substring test
    skips them on ordinary sentences, where they cost most of the rules' time (profiled).
    """

    family: str
    pattern: re.Pattern
    max_words: int
    needs: tuple[str, ...] = ()


_RULES: list = [  # (family, pattern, max_words[, needs]), made Rules below
    # "Read more", "Read more: headline", "RELATED: ...", "Leia também: ..."
    ("read-more", re.compile(rf"(?:{_PROMPT})\s*(?:[:|»›>→\-–—…]|\.\.\.|$)", _I), 40),
    ("read-more", re.compile(rf"(?:{_PROMPT})(?: (?:about|here|sobre|aqui)\b.*)?\W*$", _I), 12),
    ("read-more", re.compile(r"(?:read|see|view) (?:the )?(?:full|more|original) (?:article|story|post)?\s*(?:at|on|in)\b", _I), 20),
    ("read-more", re.compile(r"(?:read|see) more (?:at|on|from|about)\b", _I), 20),
    ("read-more", re.compile(r"continue reading\b|keep reading\b|continue lendo\b"
                r"|continua (?:depois|após) (?:da|a) publicidade", _I), 12),
    # newsletters and subscriptions
    ("newsletter", re.compile(r"(?:sign up|subscribe)\b.{0,80}\b(?:newsletters?|alerts|(?:news|our|free|daily|weekly)"
                r" e-?mails?|e-?mail (?:alerts|updates)|briefing|digest|inbox)\b", _I), 30),
    ("newsletter", re.compile(r"(?:sign up|sign in|log in|subscribe|register)(?: now| today| here| for free| free)?\W*$", _I), 4),
    ("newsletter", re.compile(r"(?:sign up|subscribe) (?:to|for) (?:our|my|this)\b", _I), 12),
    ("newsletter", re.compile(r"(?:subscribe|become a (?:subscriber|member)|already a subscriber|subscribers? only)\b"
                r".{0,80}\b(?:now|today|here|log in|sign in|unlimited|access|free trial"
                r"|per (?:month|week))\b", _I), 25),
    ("newsletter", re.compile(r"(?:assine|cadastre-se|inscreva-se)\b.{0,80}\b(?:newsletter|e-?mail|notícias|conteúdos?"
                r"|ilimitado|já|agora|aqui)\b", _I), 30),
    ("newsletter", re.compile(r"receba (?:as |nossas |a |o |os )?(?:\w+ )?(?:notícias|newsletter|novidades|alertas)\b", _I), 30),
    ("newsletter", re.compile(r"assine\b", _I), 12),
    ("newsletter", re.compile(r"thanks? (?:you )?for (?:subscribing|signing up|reading)\b", _I), 20),
    # sharing
    ("share", re.compile(rf"(?:share|compartilhe|compartilhar|partager|teilen|compartir|comparte)"
                rf"(?: (?:this|esta|este|essa|esse)(?: (?:article|story|post|page|link|video|matéria|notícia"
                rf"|reportagem|artigo|página|vídeo))?| (?:on|via|no|na|em|sur|auf|en) (?:{_SOCIAL}))?"
                rf"[\s:!.]*$", _I), 8),
    ("share", re.compile(rf"(?:(?:{_SOCIAL})(?: on| no| via)?[\s,|/·•]*)+$", _I), 25),
    # audio / reading time
    ("audio", re.compile(r"(?:listen to (?:this|the) (?:article|story)|ouça (?:esta|a|o) (?:notícia|reportagem"
                r"|matéria|texto)|ouvir (?:texto|notícia|matéria)|play audio)\b|audio\W*$", _I), 12),
    ("audio", re.compile(r"\d+\s*(?:min(?:ute)?s?|minutos?)(?: de)? (?:read|leitura)$", _I), 6),
    # advertising
    ("advertising", re.compile(r"(?:advertisement|advertising|sponsored(?: content)?|ad|publicidade|anúncio"
                r"|publicité|anzeige|publicidad|story continues below(?: advertisement)?"
                r"|article continues below(?: advertisement)?)\W*$", _I), 6),
    # cookies and consent
    ("cookies", re.compile(r"(?:we(?: and our partners)?|our partners) (?:use|may use|set|store)\b.{0,60}\bcookies?\b", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"(?:this|our) (?:web)?site (?:uses|stores|sets)\b.{0,60}\bcookies?\b", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"(?:(?:accept|allow|manage|reject)(?: all)? cookies|cookie (?:policy|settings"
                r"|preferences|notice|consent))\b", _I), 80, ("cookie",)),
    ("cookies", re.compile(r".{0,200}\bcookies?\b.{0,200}\b(?:you (?:agree|accept|consent)|by continuing"
                r"|your (?:browsing|experience|preferences|consent|settings|device))", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"(?:usamos|utilizamos|este (?:site|portal) (?:usa|utiliza))\b.{0,80}\bcookies\b", _I), 80, ("cookie",)),
    ("cookies", re.compile(r".{0,200}\bcookies\b.{0,200}\b(?:você concorda|ao continuar)", _I), 80, ("cookie",)),
    ("cookies", re.compile(r"by (?:clicking|continuing|using|tapping)\b.{0,80}\b(?:you (?:agree|accept|consent)"
                           r"|consent)\b|we value your privacy\b|(?:manage|privacy) (?:preferences|settings|choices)\W*$", _I), 40),
    # paywalls
    ("paywall", re.compile(r"this (?:article|story|content|page) is (?:only )?(?:for|available to|available for|reserved for"
                           r"|exclusive to|exclusively for) (?:our )?(?:paying )?(?:subscribers|members|premium)\b"
                           r"|(?:subscribe|log ?in|sign in) (?:now |today )?to (?:continue|keep) reading\b"
                           r"|(?:to continue reading|continue reading with)\b.{0,60}\b(?:subscri|log ?in|sign in|account)"
                           r"|(?:you have|you've) (?:reached|used) (?:your|all of your|the) (?:free )?(?:article )?(?:limit|free articles)"
                           r"|conteúdo exclusivo para assinantes|exclusivo para assinantes", _I), 30),
    # broken widgets
    ("widget", re.compile(r"(?:oops!?|ops!?|sorry)\W.{0,60}\b(?:went wrong|error|not available|unavailable)", _I), 20),
    ("widget", re.compile(r"(?:something went wrong|(?:please )?(?:try again later|refresh the page|enable javascript)"
                r"|javascript is (?:disabled|required)|your browser does not support"
                r"|this (?:video|content) is (?:not|no longer) available|loading\W*$)", _I), 20),
    # photo credits and captions
    ("credit", re.compile(r"\(?(?:photo|photograph|image|picture|pic|video|graphic|illustration|foto"
                r"|imagem|fotografia|crédito|credit|ilustração|vídeo)s?"
                r"(?: by| credit| courtesy| de| por)?\s*[:|]", _I), 25),
    ("credit", re.compile(r"(?:photos?|photographs?|images?|pictures?|videos?|gallery|fotos?|vídeos?|galeria"
                r"|enlarge this image|hide caption|toggle caption)\W*$", _I), 3),
    ("credit", re.compile(r"(?:image (?:copyright|caption|source)|enlarge this image|toggle caption|hide caption)\b", _I), 40),
    ("credit", re.compile(r"(?:(?:photo|photograph|image)s? (?:by|courtesy of)|fotos? (?:por|cedidas? por))\b", _I), 12),
    ("credit", re.compile(rf"[(\[]?(?:(?:{_AGENCY})(?:\s*(?:[/,|\-–—]|via)\s*)?)+[)\]]?\W*$", _I), 8),
    ("credit", re.compile(rf"[-–—(\[]?\s*(?:{_NAME}\s+){{0,4}}{_NAME}\s*/\s*(?:{_NAME}\s*){{1,4}}"
                rf"(?:via (?:[\w&.'’\-]+\s*){{1,3}})?[)\]]?\.?$"), 10),
    ("credit", re.compile(r"[(\[][^()\[\]]{0,80}\b(?:getty|reuters|afp|ap|epa|images?|photos?|fotos?|courtesy"
                r"|divulgação|reprodução)\b[^()\[\]]{0,60}[)\]]\.?$", _I), 14),
    # a caption: words with no sentence end, then "(Getty Images)" / "(PA)"
    ("credit", re.compile(r"[^.!?]{1,200}[(\[](?:getty images|reuters|afp|ap photo|associated press|shutterstock"
                r"|alamy|splash news|rex features|istock|folhapress|divulgação|reprodução)"
                r"(?:\s*[/,]\s*[\w .]{1,30})?[)\]]\.?$", _I), 25, ("(", "[")),
    ("credit", re.compile(r"[^.!?]{1,120}\b(?:photographer|photo|image|foto)s?\s*:\s*[^.!?]{1,80}$", _I), 14,
     ("photo", "image", "foto")),
    ("credit", re.compile(rf"[^.!?]{{1,120}}\bvia (?:{_AGENCY}|storyful)\W*$", _I), 14, ("via ",)),
    ("credit", re.compile(r"(?:Getty Images|GETTY(?: IMAGES)?|Shutterstock|Alamy|Splash News|Rex Features)\s+[A-Z]"), 25),
    # calls to action
    ("click-here", re.compile(r"(?:click|tap|clique|toque|haga clic|pulse|cliquez) (?:here|aqui|ici)\b"
                r"|(?:click|clique) (?:on|no|na|em)\b", _I), 25),
    ("follow", re.compile(r"(?:like|curta) (?:us|a gente|nossa página)\b", _I), 12),
    ("follow", re.compile(r"(?:follow|siga|sígueme|síguenos|suivez|folgen sie)\b.{0,40}"
                r"\b(?:on|no|na|em|en|sur|auf) (?:twitter|x|facebook|instagram|linkedin|youtube"
                r"|tiktok|threads|bluesky|whatsapp|telegram|google news|social media|redes sociais)\b", _I), 25),
    ("follow", re.compile(r"(?:follow us|siga-nos|sigam-nos|connect with us)\b", _I), 12),
    ("app", re.compile(r"(?:download|baixe) (?:our|the|o nosso|nosso) (?:free )?app\b", _I), 20),
    # rights and copyright
    ("rights", re.compile(r".*\b(?:all rights reserved|todos os direitos reservados|todos los derechos reservados"
                r"|tous droits réservés|alle rechte vorbehalten)\b", _I), 30,
     ("rights reserved", "direitos reservados", "derechos reservados", "droits réservés", "rechte vorbehalten")),
    ("rights", re.compile(r"(?:©|\(c\)\s*\d|copyright\s*(?:©|\(c\)|\d{4}))", _I), 30),
    # feed footers and credits lines
    ("footer", re.compile(r"the post .{1,200} appeared first on .{1,100}$", _I), 60),
    ("footer", re.compile(r".{1,120}\bcontributed (?:reporting|to this (?:report|story|article|post))\W*$", _I), 30,
     ("contributed",)),
    ("footer", re.compile(r"[-–—]?\s*with (?:additional )?(?:assistance|reporting) (?:by|from)\b", _I), 20),
    ("footer", re.compile(r"(?:this is a (?:breaking|developing) (?:news )?story"
                r"|this (?:story|post|article) (?:has been|was|will be) updated)\b|more (?:to follow|follows)\W*$", _I), 15),
    ("footer", re.compile(r"\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b.{0,200}\)?\.?$", _I), 40),
    ("footer", re.compile(r"(?:source|sources|fonte|fontes)\s*:\s*\S.{0,60}$", _I), 8),
    ("footer", re.compile(r"[a-z]{2,3}/[a-z]{2,3}(?:/[a-z]{2,3})?(?:\s*\([^()]{1,40}\))?$"), 6),
    ("footer", re.compile(r"(?:got a (?:story|tip)|have a (?:story|tip)|story highlights$|chat with us in)\b", _I), 30),
    ("nav", re.compile(r"(?:skip to (?:main )?content|back to top|next|prev|previous|next article"
                r"|previous article|close|menu|home|comments?|show comments|print|email"
                r"|voltar ao topo|comentários|fechar)\W*$", _I), 3),
    # bylines: "By Jane Doe", "By JANE DOE and JOHN ROE, Reuters", "Por Fulano da Silva"
    ("byline", re.compile(rf"(?:[Bb]y|BY|[Pp]or|POR|[Vv]on|[Pp]ar|(?:[Ww]ith )?(?:additional )?(?:reporting|assistance) by)"
                rf"\s+{_NAME}(?:(?:\s+|,\s*|\s*[|·•—–-]\s*)"
                rf"(?:{_NAME}|{_NAME_PARTICLE}|(?:{_AGENCY})|\d[\d:/.,-]*|{_MONTH}))*\s*$"), 12),
    # a line that is only a date and/or time, optionally labelled
    # (the run of date words is tested first: it fails at once on a sentence; the look-ahead
    # over the whole line does not)
    ("timestamp", re.compile(rf"(?=(?:(?:{_DATE_WORD})(?:[\s,.|·•—–/-]+|$))+$)"
                rf"(?=.*(?:\b(?:{_MONTH}|{_WEEKDAY}|ago|gmt|utc)\b|\d[:/h-]\d))", _I), 16),
    # "Xinhua | Updated: 2017-09-15 17:52"
    ("timestamp", re.compile(rf".{{0,60}}[|·•]\s*(?:updated|published|posted|atualizado|publicado)\b\s*(?:on|at|em|às)?\s*:?"
                rf"\s*(?:\d|{_MONTH}|{_WEEKDAY})", _I), 16, ("|", "·", "•")),
    ("timestamp", re.compile(r"(?:updated|published|posted|last updated|atualizado|publicado|actualizado|publié"
                r"|mis à jour|aktualisiert|veröffentlicht)(?: (?:on|at|em|às|el|le|am))?\s*:", _I), 16),
]
# Lines made of a few capitalised words ending in a web domain: "Jane Roe, CTVNews.ca".
_NAME_AND_DOMAIN = re.compile(rf"(?:{_NAME}\s+){{1,4}}{_NAME},?\s+[\w.-]+\.(?:com|net|org|ca|co\.uk|com\.br|com\.au)$")
_RULES.append(("byline", _NAME_AND_DOMAIN, 6, (".com", ".net", ".org", ".ca", ".co.uk")))
_RULES += [
    # newsletter names on a line of their own: "Pick Six Newsletter"
    ("newsletter", re.compile(r"(?:[A-Z0-9][\w'’&.+-]* ){0,4}(?:[Nn]ewsletters?|NEWSLETTERS?)\s*:?$"), 5, ("newsletter",)),
    # reader comments: prompts and moderation notices
    ("comments", re.compile(r"(?:leave|post|add|write) (?:a|your) (?:comment|reply)\b"
                            r"|comments? (?:are|have been) (?:closed|disabled)\b"
                            r"|(?:tell|let) us (?:what you think|know what you think|your thoughts)\b"
                            r"|join the (?:conversation|discussion)\b"
                            r"|(?:deixe|escreva) (?:seu|o seu|um|sua) (?:comentário|opinião)\b|comente\W*$", _I), 12),
    ("comments", re.compile(r".{0,40}\b(?:comments?|comentários?|comentarios?|kommentare)\b.{0,120}"
                            r"\b(?:moderators?|moderador(?:es)?|moderation|moderação|moderación"
                            r"|(?:are|is|will be|may be|são|serão) (?:moderated|moderados))\b", _I), 40, ("modera",)),
    # CMS shortcodes that leaked into the text: "[button link=...]Send us ...[/button]"
    ("markup", re.compile(r".*\[/[a-z_]{2,20}\]|\[[a-z_]{2,20}\s+[a-z_]{2,20}\s*=", _I), 60, ("[",)),
    # copyright lines without the © sign, and captions that carry one
    ("rights", re.compile(r"(?:copyright|COPYRIGHT|Copyright)\s+(?:[A-Z][\w&.,'’-]*\s+){0,6}(?:19|20)\d\d\b[^.!?]*$"), 15),
    ("credit", re.compile(r"[^.!?]{0,150}©[^.!?]{0,80}$"), 25, ("©",)),
]
_RULES = [Rule(*rule) for rule in _RULES]
# Families whose match in the LAST sentence of a short paragraph condemns the
# paragraph: "Get the latest updates in your inbox. Subscribe to our newsletters."
_CTA_FAMILIES = frozenset({"newsletter", "follow", "app", "comments", "share"})
# Families that may head a list of headlines ("Related:", "Don't miss").
_HEADER_FAMILIES = frozenset({"read-more"})
# Line-level families plus the steps of clean_text that are not single rules.
RULE_FAMILIES = tuple(dict.fromkeys(rule.family for rule in _RULES)) + (
    "inline", "trailing-prompt", "cta-sentence", "related-run")


class _Rulebook(NamedTuple):
    """The rules that apply to lines of one length.

    Most lines are not boilerplate, so the question asked of every line is only "does any
    rule match?": one regex, the alternation of all the unguarded rules, answers it for them
    (2.5x faster than a Python loop over 40 patterns, measured on the summary data), and the
    guarded rules are tried only where their substrings are. Which rule matched is asked
    only of lines already known to be boilerplate, by trying them in order.
    """

    rules: tuple[Rule, ...]
    any_unguarded: re.Pattern | None
    guarded: tuple[Rule, ...]
    any_need: re.Pattern | None  # finds any guarded rule's substrings, in one scan


def _rulebook(skip: frozenset, n_words: int) -> _Rulebook:
    """The rulebook for lines of ``n_words`` words (a shelf, see _SHELF), built once.

    A plain dict rather than lru_cache: this is looked up for every line, and the dict look-up
    costs a fraction of lru_cache's (profiled).
    """
    book = _BOOKS.get((skip, n_words))
    if book is None:
        book = _BOOKS[skip, n_words] = _build_rulebook(skip, n_words)
    return book


def _build_rulebook(skip: frozenset, n_words: int) -> _Rulebook:
    rules = tuple(rule for rule in _RULES if rule.family not in skip and n_words <= rule.max_words)
    unguarded = [
        f"(?{'i' if rule.pattern.flags & re.IGNORECASE else ''}:{rule.pattern.pattern})"
        for rule in rules if not rule.needs
    ]
    guarded = tuple(rule for rule in rules if rule.needs)
    needs = sorted({need for rule in guarded for need in rule.needs})
    return _Rulebook(rules, re.compile("|".join(unguarded)) if unguarded else None, guarded,
                     re.compile("|".join(map(re.escape, needs))) if needs else None)


def _needed(rule: Rule, low: str) -> bool:
    return not rule.needs or any(need in low for need in rule.needs)


# Lines whose lengths fall between the same two word limits meet the same rules: one rulebook
# serves them all (17 compiled alternations, not one per length).
_LIMITS = sorted({rule.max_words for rule in _RULES})
_SHELF = [next((m for m in _LIMITS if m >= n), _LIMITS[-1] + 1) for n in range(_LIMITS[-1] + 2)]
_BOOKS: dict[tuple[frozenset, int], _Rulebook] = {}  # (families skipped, shelf) → rulebook


def clean_line(line: str, skip: frozenset = frozenset()) -> str:
    """One line or sentence with spaces normalised and inline junk cut, or "" if it is boilerplate.

    The per-line rules of clean_text without its paragraph-level steps, for text already
    split into sentences (the summariser). A teaser ending in "Read more" keeps its text if that text ends like a
    sentence; a bare link title ("New space race Read more") goes entirely.
    ``skip`` names rule families to leave out (see RULE_FAMILIES; for measuring).
    """
    return _match(line, skip)[0]


def _match(line: str, skip: frozenset = frozenset()) -> tuple[str, str | None]:
    """(kept line or "", family of the rule that removed it)."""
    if "  " in line or not line.isprintable() or line[:1] == " " or line[-1:] == " ":
        line = " ".join(line.split())  # (isprintable is False for tabs, breaks and odd spaces)
    low = line.lower()
    if "inline" not in skip and ("continue reading" in low or "scroll" in low):
        line = _INLINE_JUNK.sub(" ", line).strip()
    if "trailing-prompt" not in skip and _TRAILING_HINT.search(line[-40:].lower()):
        prompt = _TRAILING_PROMPT.search(line, max(0, len(line) - 40))
        if prompt:
            line = line[:prompt.start()].rstrip()
            if not line.endswith(_SENTENCE_END):
                return "", "trailing-prompt"
    if not any(c.isalnum() for c in line):
        return "", "empty"
    book = _rulebook(skip, _SHELF[min(line.count(" ") + 1, len(_SHELF) - 1)])
    if not (book.any_unguarded and book.any_unguarded.match(line)
            or book.any_need and book.any_need.search(low)
            and any(_needed(rule, low) and rule.pattern.match(line) for rule in book.guarded)):
        return line, None
    family = next(rule.family for rule in book.rules if _needed(rule, low) and rule.pattern.match(line))
    return "", family


_SENTENCE_END = tuple(".!?…\"'”’»)]")
_HEADLINE_END = tuple(".!?…:;")


def is_boilerplate(sentence: str, skip: frozenset = frozenset()) -> bool:
    """True if the sentence/line is page furniture rather than article text.

    Used per line by clean_text and per sentence by the summariser, so the
    rules live in one place.
    """
    return not clean_line(sentence, skip)


# Words one of the _CTA_FAMILIES rules needs; a paragraph without any is not split.
_CTA_HINT = re.compile(r"subscri|sign(?:ing)? up|newsletter|follow|siga|síg|suivez|folgen|like us|curta|download"
                       r"|baixe|comment|coment|think|conversation|discussion|share|compart|partag|teilen"
                       r"|whatsapp|facebook|twitter|e-?mail|assine|cadastr|inscreva|receba|alert")


def _cta_paragraph(line: str, skip: frozenset) -> bool:
    """A short paragraph that ends in a call to action is a promotion as a whole.

    "Get the latest updates right in your inbox. Subscribe to our newsletters."
    Only paragraphs of two or three sentences (and at most 60 words) are judged,
    and only by the families in _CTA_FAMILIES, applied to the last sentence.
    """
    # Searched in lower case: the same answers as IGNORECASE, several times faster (profiled).
    if line.count(" ") >= 60 or not _CTA_HINT.search(line.lower()):
        return False
    sentences = split_sentences(line)
    if not 2 <= len(sentences) <= 3:
        return False
    kept, family = _match(sentences[-1], skip)
    return not kept and family in _CTA_FAMILIES


def _headline_shaped(line: str) -> bool:
    """A link title: at most 20 words and no sentence punctuation at its end."""
    return line.count(" ") < 20 and not line.rstrip("\"'”’»)] ").endswith(_HEADLINE_END)


def clean_text(text: str, skip: frozenset = frozenset()) -> str:
    """Drop boilerplate lines from extracted article or feed text.

    Paragraph separators are kept ("\\n" stays "\\n", a blank line stays one
    blank line); blank lines left around removed lines collapse to one.
    Besides the per-line rules: a short paragraph ending in a call to action
    goes whole ("cta-sentence"), and a lone list header ("Related", "Don't
    miss") takes the run of headline-shaped lines under it along ("related-run").
    ``skip`` names rule families to leave out (for measuring each one).
    """
    skip = frozenset(skip)
    out: list[str] = []
    in_list = False
    for raw in text.splitlines():
        if not raw.strip():
            if out and out[-1]:
                out.append("")  # paragraph break
            continue
        line, family = _match(raw, skip)
        if line and in_list and _headline_shaped(line):
            continue
        in_list = False
        if not line:
            if family in _HEADER_FAMILIES and "related-run" not in skip:
                in_list = len(raw.strip(" \t:|»›>→-–—…").split()) <= 3
            continue
        if "cta-sentence" not in skip and _cta_paragraph(line, skip):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
