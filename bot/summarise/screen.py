"""Screening: sentences that cannot stand alone in a digest, and why."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from bot.language import UNSPACED, sumy_language, word_count
from bot.summarise.anchors import pronoun_after_time
from bot.summarise.glue import (
    describes_figure,
    fixture_heading,
    list_items,
    points_at_figure,
    repeats_itself,
    split_at_brackets,
    split_at_count,
    split_at_name,
    split_at_repeat,
    verbless,
)
from bot.summarise.portuguese import subhead
from bot.text import clean_line, more_runs, split_sentences
from bot.text.furniture import split_at_calls

__all__ = ["Screened", "leans", "screen_sentences", "usable_sentences"]

_MIN_WORDS = 5
#: Longer than this is not a sentence a reader meets (news sentences stay well under 100 words).
MAX_WORDS = 250
_OPEN_Q = "\"'“‘«„"
_CLOSE_Q = "\"'”’»"
_CLOSERS = _CLOSE_Q + ")]"
# How a sentence ends, once closing quotes and brackets are stripped (string tests, not
# regexes anchored with "$": those scan the whole sentence).
_TERMINATORS = (".", "!", "?", "…", "。", "！", "？")
_TRUNCATION = ("...", "…")  # also "[...]": the bracket is a closer
_QUESTION_MARKS = ("?", "？")
# Last words no finished sentence ends on.
_DANGLING = frozenset("was were is are the a an of to and or in on at for with by from that where who which "
                      "o a os as de do da em no na para por com que e ou".split())

# "LONDON (Reuters) - ", "Kathmandu, Nepal (CNN)", "(CNN) -- ", "WASHINGTON — ", "LISBOA - "
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Ý][\w.'’\-/]*(?:,? [A-ZÀ-Ý0-9][\w.'’\-/]*){0,5},? )?"
    r"\((?:[A-Z][\w.&'’\-]*(?: [A-Z][\w.&'’\-]*){0,3})\)\s*(?:[-—–]+\s*)?(?=[\"'“‘A-ZÀ-Ý])"
    r"|^[A-ZÀ-Ý][A-ZÀ-Ý.'’\-/]+(?:[ ,]+[A-ZÀ-Ý][A-ZÀ-Ý.'’\-/]+){0,3}"
    # then the state or country, abbreviated or written out: "LOS ANGELES, Calif. —", "SEOUL, South Korea —"
    r"(?:, [A-Z][a-z]{1,5}\.|, [A-ZÀ-Ý][a-zà-ÿ]+(?: [A-ZÀ-Ý][a-zà-ÿ]+){0,2})?,?\s*"
    r"(?:\([^()]{1,30}\)\s*)?[-—–]+\s+(?=[\"'“‘A-ZÀ-Ý])"
    # a place in title case and a dash: "Detroit – " (a hyphen there is a compound's)
    r"|^[A-ZÀ-Ý][a-zà-ÿ]+(?: [A-ZÀ-Ý][a-zà-ÿ]+){0,2},? [—–]\s+(?=[\"'“‘A-ZÀ-Ý])"
    # a place in capitals and a colon: "MOSCOW: ", "NEW DELHI: " (not a label: "WATCH: ", "UPDATE: ")
    r"|^(?!(?:WATCH|VIDEO|PHOTOS?|BREAKING|UPDATED?|READ|LISTEN|EXCLUSIVE|OPINION|ANALYSIS|LIVE|CLOSE|WARNING|NOTE"
    r"|EDITOR|SPOILERS?|AUDIO|GALLERY|SEE|MORE|RELATED|ALSO)\b)[A-ZÀ-Ý]{2,}(?: [A-ZÀ-Ý]{2,}){0,2}: (?=[\"“A-ZÀ-Ý][a-zà-ÿ'’])"
)

# Pronoun-only speakers: '"It was fine," he said.', 'He added: "We know."', '"…", disse ele.'
_PRONOUNS = r"(?:he|she|they|it|we|i|ele|ela|eles|elas)"
_SPEECH = (
    r"(?:said|says|added|adds|told|explained|explains|continued|continues|insisted|insists|"
    r"admitted|admits|noted|notes|stressed|claimed|claims|warned|warns|wrote|writes|asked|"
    r"declared|concluded|argued|replied|recalled|raged|fumed|joked|quipped|laughed|remarked|exclaimed|conceded|"
    r"confessed|boasted|disse|diz|afirmou|afirma|acrescentou|"
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
_QUOTE_AFTER_STOP = re.compile(r"[\"”»’'](?<=[.,!?…][\"”»’'])")
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
        if closes <= opens:
            return False
        # More closed than opened: the end of a quotation begun in an earlier sentence (or line),
        # "... from the same time and place."' or '... across the ocean," said a professor.' Told
        # from an apostrophe ("the players' union") by where the mark stands: at the very end, or right after a stop or comma.
        tail = sentence.rstrip(")]")
        return bool(_QUOTE_CLOSE.search(tail, len(tail) - 1)) or len(_QUOTE_AFTER_STOP.findall(sentence)) > opens


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


# After a capitalised word only these open a new sentence: "A", "On", "In" there are often part of a
# name ("England A", "Carry On", "Pool A").
_CLAUSE_STARTERS = {
    "english": frozenset("The He She They We It This These Those His Her Their Its There".split()),
    "portuguese": frozenset("O Os As Ele Ela Eles Elas Isso Este Esta Esse Essa".split()),
}


# What may stand right before the space in front of such a starter: a lower-case letter, a
# digit, "%", a closing quote or bracket ("... the SEC (file photo) The pair ...").
_GLUE_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789%)" + _CLOSE_Q + "".join(map(chr, range(0xE0, 0x100))))


@lru_cache(maxsize=16)
def _glue_pattern(language: str) -> re.Pattern[str] | None:
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
    clause = _CLAUSE_STARTERS.get(language, frozenset())
    for m in pattern.finditer(sentence):
        at = m.start()  # the starter; the space before it ends the glued piece
        if at < 2 or sentence[at - 1] != " " or sentence[at - 2] not in _GLUE_BEFORE:
            continue
        if m.group() not in clause and sentence[sentence.rfind(" ", 0, at - 1) + 1].isupper():
            continue  # "England A beat France", "the Carry On films": part of a name, not a new sentence
        # Counted only as far as needed: a run-on line of a megabyte has thousands of starters.
        if _words_at_least(sentence, start, at - 1, 4) and _words_at_least(sentence, at, len(sentence), _MIN_WORDS):
            pieces.append(sentence[start:at - 1].strip())
            start = at
    rest = sentence[start:].strip()  # (then a count glued after a name: "... Court of Appeal Millions of motorists")
    return pieces + (split_at_count(rest) if language == "english" else [rest])


_NONSPACE = re.compile(r"\S+")


def _words_at_least(text: str, start: int, end: int, count: int) -> bool:
    """``len(text[start:end].split()) >= count``, without splitting more than ``count`` words."""
    return len(list(islice(_NONSPACE.finditer(text, start, end), count))) >= count


def _key(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


_WORDS = re.compile(r"\w+")


def _strip_title(sentence: str, title_key: list[str]) -> tuple[str, bool]:
    """(sentence without a headline glued to its start, whether it *is* the headline)."""
    n = len(title_key)
    if more_runs(sentence, n + 2):  # (most sentences: too long to be the headline, and not opening with it)
        first = _WORDS.search(sentence)
        if n < 3 or (first is not None and first.group().lower() != title_key[0]):
            return sentence, False
    found = _WORDS.findall(sentence)
    keys = [w.lower() for w in found]
    if keys == title_key:
        return "", True
    if n >= 3 and keys[:n] == title_key and len(keys) - n >= _MIN_WORDS:
        rest = sentence[next(islice(_WORDS.finditer(sentence), n - 1, None)).end():].lstrip(" :|-–—.")
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


_BEFORE_LABEL_COLON = frozenset("abcdefghijklmnopqrstuvwxyz'’")
_AFTER_LABEL_COLON = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ\"“‘")


def _label_colon(sentence: str) -> bool:
    """A ": " that _GLUED_LABEL could end on: a lower-case letter or apostrophe before it, a capital
    or an opening quote after it (a quick look that spares most sentences with a colon its search)."""
    at = sentence.find(": ")
    while at >= 0:
        if at and sentence[at - 1] in _BEFORE_LABEL_COLON and sentence[at + 2:at + 3] in _AFTER_LABEL_COLON:
            return True
        at = sentence.find(": ", at + 1)
    return False


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

    Reasons: boilerplate, caption (text glued before a sentence or a bracket, or "Label: ..."), headline,
    heading (a fixture heading glued to the front), figure (where someone stands in a picture: "(left)"),
    signpost ("Here is ...", "here's what you need to know"), fragment, standfirst (no final stop),
    truncated, question, list item (a numbered list's, its numbers running on),
    pronoun quote, quote fragment, unattributed quote. A line is cut at an inline call to action
    first (the pieces count as paragraphs of their own); clean_line cuts other glued furniture.
    Each line is a paragraph.
    """
    language = sumy_language(language, default=None) or (language or "english").lower()
    title_key = _key(title) if title else []
    out: list[Screened] = []
    for line in (piece for whole in text.splitlines() for piece in split_at_calls(whole)):
        quotes = _QuoteState()
        first = True
        moved, items = list_items(split_sentences(line, language), line)  # ("... cancer 1." "BALL OF ..."; "5. A ...")
        for k, raw in enumerate(moved):
            sentence = clean_line(raw)  # cuts inline junk ("Scroll down for video") or all of it
            if not sentence:
                out.append(Screened(raw, "boilerplate"))
                continue
            dateline = _DATELINE.match(sentence) or (subhead(sentence) if language == "portuguese" else None)  # "Crise - A"
            if dateline and dateline.end() < len(sentence):
                sentence = sentence[dateline.end():]
            *glued, sentence = _unglue(sentence, language)
            if ") " in sentence:
                *more, sentence = split_at_brackets(sentence)  # "... (pictured) The judge said ..."
                glued += more
                for piece in more:
                    quotes.fragment(piece)  # (a quotation may close in the glued piece)
            *more, last = split_at_name(sentence)  # "... had been tricked Roe agreed ...", "Leicester Matt Upson"
            if more and not ((")" in sentence or "pictured " in sentence) and points_at_figure(sentence)
                             or sentence.count(" ") >= 39 and repeats_itself(sentence)):  # (a caption run: junk whole)
                glued, sentence = glued + more, last
            if language == "english":
                *more, sentence = split_at_repeat(sentence)  # "... his Nazi Regime Germans no longer see ..."
                glued += more
            if glued:
                out.extend(Screened(piece, "caption") for piece in glued)
            if title_key:
                sentence, is_title = _strip_title(sentence, title_key)
                if is_title:
                    out.append(Screened(raw, "headline"))
                    continue
            in_quote = quotes.fragment(sentence)
            n_words = word_count(sentence, language)
            reason = _reason(sentence, language, n_words) or ("quote fragment" if in_quote else None) \
                or ("list item" if k in items else None)
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
_SIGNPOST_ANY = re.compile(r"\b(?:here(?:'s|’s| is) (?:what|all|everything) you need to know|here(?:'s|’s| is) how)\b", re.I)
# A sentence that is all quotation, nobody named as saying it: a pull quote out of context.
_WHOLE_QUOTE = re.compile(r"^[\"“„«‘'][^\"“”„«»]{10,}[.!?…,]?[\"”»’']\W*$")
_ATTRIBUTION = re.compile(rf"\b(?:{_SPEECH}|according to|segundo|de acordo com)\b", re.IGNORECASE)


# A caption's label glued after the caption before it, no stop between: "... towering over peers Proud
# mum: Jean with her son ...", "... for his wounds Arrested: Two players ...". The label: a participle,
# or a capitalised word and one or two lower-case ones; what comes before it is a caption too (a
# sentence would have ended with a stop).
_GLUED_LABEL = re.compile(r"(?<![\w'’])(?!(?:the|a|an|of|in|to|at|on|for|with|by|from|and|or|as|but|while)\b)[a-z][a-z'’]+ "
                          r"(?:[A-Z][a-z'’]+(?:ed|ing)|[A-Z][a-z'’]+(?: [a-z'’]+){1,2}): (?=[A-Z\"“‘])")


def _roster(sentence: str) -> bool:
    """A line-up or a list of names ("G Thomas (Toulouse, capt); K Morgan (Newport-Gwent), ...", "Cech, Terry, ..."):
    names and bracketed notes, hardly a lower-case word (no verb to make it a sentence)."""
    words = sentence.split()
    return len(words) >= 8 and sum(w[:1].islower() for w in words) <= 0.15 * len(words)


def _reason(sentence: str, language: str, n_words: int) -> str | None:
    label = ": " in sentence and _CAPTION_LABEL.match(sentence)
    if label and not _SPEECH_WORD.search(label.group()):
        return "caption"
    if language == "english" and ": " in sentence and _label_colon(sentence):
        glued = _GLUED_LABEL.search(sentence)
        if glued and not _SPEECH_WORD.search(glued.group()):
            return "caption"
    if language == "english":
        if sentence.find(" v", 0, 80) >= 0 and fixture_heading(sentence):
            return "heading"  # "Team A vs Team B (Venue) Team news ...": where the sentence starts is unknown
        if (")" in sentence or "pictured " in sentence) and points_at_figure(sentence):
            return "figure"  # "Jon Roe (left) was ...": a picture the digest does not show
    if sentence[:1] in "HhAaVv" and _SIGNPOST.match(sentence):  # the letters its words start with
        return "signpost"
    # (Every match holds "need to know" or " how", in lower case, whatever the case it was written in.)
    if "ere" in sentence and ("need to know" in (low := sentence.lower()) or " how" in low) \
            and _SIGNPOST_ANY.search(sentence):
        return "signpost"
    if sentence.startswith(_TRUNCATION):
        return "truncated"  # the middle of a snippet: "... we saw today was that ..."
    if sentence[:1] in _OPEN_Q and _WHOLE_QUOTE.match(sentence) and not _ATTRIBUTION.search(sentence):
        return "unattributed quote"
    if language in UNSPACED:
        n_words //= 2  # characters → rough words
    if n_words < _MIN_WORDS or sentence[:1] == "A" and verbless(sentence):
        return "fragment"  # (also a thing described with no verb of its own: "An extremely small computer that is ...")
    if n_words > MAX_WORDS:
        return "run-on"  # no reader's sentence: a page's text without stops, a keyword dump
    if n_words >= 40 and repeats_itself(sentence):
        return "run-on"  # a highlight or caption glued to the text it repeats
    if (sentence.count(";") >= 2 or sentence.count("(") >= 3 or sentence.count(",") >= 5) and _roster(sentence):
        return "roster"
    core = sentence.rstrip(_CLOSERS)
    if core.endswith(_TRUNCATION):
        return "truncated"
    if core.endswith(_QUESTION_MARKS):
        return "question"
    if not core.endswith(_TERMINATORS):
        if n_words < 15 or _headline_case(sentence):
            return "fragment"  # a heading, a caption or a list item
        if core.rsplit(" ", 1)[-1].lower() in _DANGLING:
            return "truncated"  # "... fell into the enclosure where Harambe was": cut off mid-sentence
        return "standfirst"  # a subtitle, teaser or caption: no sentence of the article ends without a stop
    if _PRONOUN_AFTER_QUOTE.search(sentence) or _PRONOUN_BEFORE_QUOTE.match(sentence):
        return "pronoun quote"
    return None


def usable_sentences(text: str, language: str = "english", title: str | None = None) -> list[str]:
    """Sentences that can stand alone in a digest, in article order."""
    return [s.text for s in screen_sentences(text, language, title) if s.usable]


# Opening words that point back to the sentence before: a pronoun or a connective. Such a sentence
# is shown only right after the one it depends on (summarise and the story summary both check).
_LEANS = {
    "english": frozenset("he she they it its his her their him them this that these those but and also however further "
                         "furthermore moreover meanwhile instead still yet so then thus hence besides nevertheless "
                         "nonetheless which such another likewise similarly additionally otherwise consequently "
                         "therefore indeed or nor".split()),
    "portuguese": frozenset("ele ela eles elas dele dela deles delas isso isto esse essa esses essas este esta estes estas "
                            "mas também porém contudo entretanto todavia além então assim portanto ou nem".split()),
}
# ... unless the next word makes it a time ("This year", "That morning") or a name of its own.
_NOT_LEANING_NEXT = frozenset("year week month morning afternoon evening night weekend summer winter spring autumn fall "
                              "season time ano semana mês manhã tarde noite".split())
_LEAN_PHRASES = ("in addition", "as a result", "on the other hand", "at the same time", "the latter",
                 "even so", "no entanto", "além disso", "por isso", "mesmo assim", "em seguida")
_SUBORDINATORS = frozenset("if when whenever while although though because since as once until unless after before "
                           "whether".split())
_SUBJECT_PRONOUNS = frozenset("he she they these those".split())  # ("After his arrest, Smith ..." names him after)
# (the first words of bot.summarise.anchors' times: "This week he ...")
_TIMES = frozenset("this last next that earlier later on by yesterday today now then".split())
# An opening phrase, then a pronoun as the subject: the phrase names nobody ("In 2016, he said ...")
# or is a participle describing that subject ("Dubbed a "Wolf Moon" by Nasa, it's ...").
_INTRO_THEN_PRONOUN = re.compile(
    r"(?:[A-Z][a-z']*(?: [^\sA-Z][^\s,]*){0,7}"
    r"|(?:[A-Z][a-z]+ed|Known|Born|Built|Seen|Made|Given|Taken|Shown|Found|Held|Led)\b[^,.!?]{1,80}),"
    r" (?:he|she|it|they|his|her|its|their)\b")
# A concession pointing forward: "They may not be "Star Trek"-type extraterrestrials, but we may be close to finding
# evidence of alien life": the pronoun's referent is in the clause after "but", whose subject is someone else (not the
# pronoun again, "It may not be pretty, but it works"; not a verb, "He was not expected to win ..., but was ...").
_CATAPHORIC = re.compile(r"(He|She|It|They) (?:may|might|could|would|will|does|do|did|is|are|was|were)(?: not|n't|n’t)"
                         r"(?: be)? [^,;:.!?]{3,80}, but (?:(we|I|you|the|a|an|our|my)"
                         r"|([A-Z][a-z]+)(?:['’]s)?) ")
_FIRST_WORDS = re.compile(r"[\"'“‘«„(\[]*([^\W\d_][\w'’]*)[,:;]?\s*([^\W\d_]*)")
_APOSTROPHE = re.compile(r"['’]")


def leans(sentence: str, language: str = "english") -> bool:
    """True if the sentence opens with a pronoun or connective that needs the sentence before it
    ("He was ...", "But ...", "Further underscoring ...", "This is ..."), or describes a picture
    ("The graph shows ...", "The plot above ...")."""
    words = _LEANS.get(language)
    if words is None:
        return False
    if language == "english" and describes_figure(sentence):
        return True  # "The graph shows ...": after the sentence that introduced the graph
    m = _FIRST_WORDS.match(sentence)
    if not m:
        return False
    first, second = _APOSTROPHE.split(m.group(1).lower(), 1)[0], m.group(2).lower()
    if first == "well" and sentence[m.end(1):m.end(1) + 1] == ",":
        return True  # "Well, that's great ..."
    if language == "english":
        if first in _SUBORDINATORS and second in _SUBJECT_PRONOUNS:
            return True  # "If these are meant to ...", "When he arrived, ..."
        if _INTRO_THEN_PRONOUN.match(sentence) or first in _TIMES and pronoun_after_time(sentence):
            return True  # "Dubbed a "Wolf Moon", it's ...", "In 2016, he ...", "This week he ..."
    if first in words:
        if first in ("he", "she", "it", "they") and (c := _CATAPHORIC.match(sentence)) \
                and (c.group(2) or c.group(3).lower() not in _SUBJECT_PRONOUNS | {"it", "but", "and"}):
            return False  # "They may not be X, but we ...": what "they" are comes after
        if first in ("this", "that", "these", "those", "este", "esta", "esse", "essa") and second in _NOT_LEANING_NEXT:
            return False
        return not (first == "so" and second == "far") and not (first == "such" and second == "as")
    return f"{first} {second}" in _LEAN_PHRASES
