"""Page junk inside one sentence, recognised by its form, for the screen (`screen.py`).

- A list item's number left at the end of the text before it, a caption without its stop ("... after
  battling skin cancer 1." then "BALL OF THE CENTURY Benaud was ..."): :func:`list_numbers_moved` gives
  it back to its item, whose heading in capitals the furniture cuts then take off; so also where the numbers run on
  ("... the mega fight 1." "Crisps are his favourite snacks 2."), not after a counting word ("on day 1.").
- Bracket glue: a caption ends at a bracketed picture pointer and the next sentence follows with no
  stop ("... outside the court (pictured) The judge said ..."), or an abbreviation given in brackets
  is at once the next sentence's subject ("... Clearing Services (Apacs) Apacs chose ...").
  :func:`split_at_brackets` cuts there; every piece but the last is glued text.
- A caption fused to the next sentence at a bare name it already gave ("... showed Roe putting his head in his
  hands when he realised he had been tricked Roe agreed to pay ..."), and a sub-heading glued before a full name that
  the sentence goes on to name again ("Leicester Matt Upson and Dean Hammond are available for Leicester's trip"):
  :func:`split_at_name` cuts there; in a caption run (a label opens it: "Almost as big as a person: Ben dwarfs ...")
  also at the name's possessive ("... this season Ben's arrival came ...").
- A caption glued to the sentence it sums up, at a capitalised word, the sentence opening with the caption's subject
  and repeating most of its words ("Germans now think of themselves as the victims of ... Nazi Regime Germans no
  longer see ..."), or after a caption pointing at a picture ("..., pictured in court, ... Roe was first arrested"):
  :func:`split_at_repeat`.
- A match heading glued to the front ("West Bromwich Albion vs Leicester City (The Hawthorns) Team
  news ..."): :func:`fixture_heading`. Where the heading ends and the sentence begins cannot be told
  from the words, so the sentence is not shown.
- Text that repeats itself: a run of six words twice in one sentence (without quotations) is a
  highlight or caption glued to the text it sums up ("Jon Roe is spoken to by the referee in his
  second round match Roe is spoken to by the referee ..."): :func:`repeats_itself`.
- A sentence saying where someone stands in a picture the digest does not show ("Gareth McAuley
  (left) was sent off ..."): :func:`points_at_figure`; one describing a picture ("The graph shows ...",
  "The plot above is based on ...") needs the sentence before it that introduced the picture
  (:func:`describes_figure`, which `leans` takes in).
- A caption glued before a sentence that opens with a count of people or things, "Millions of", "Hundreds of" (".. lost
  his case at the Court of Appeal Millions of motorists face ..."): capitalised inside a sentence, such a count only
  opens one, even after a name: :func:`split_at_count`.
- An item of a numbered list whose numbers run on ("... 4." "5. A guilty pleasure is ... his favourites ..."): it
  belongs under the list's heading, which the digest does not show: :func:`list_items`.
"""

from __future__ import annotations

import re

from bot.language import stop_words

__all__ = ["describes_figure", "fixture_heading", "list_items", "list_numbers_moved", "points_at_figure",
           "repeats_itself", "split_at_brackets", "split_at_count", "split_at_name", "split_at_repeat", "verbless"]

# A bracket that points at a picture: "(pictured)", "(left)", "(above)", "(file photo)",
# "(pictured left to right)", "(L-R)"; a few words at most, one of them the pointer.
_POINTER = re.compile(
    r"\((?:[^()]{0,24}?\b)?(?:[Pp]ictured|[Pp]icture|[Pp]hoto|[Ii]mage|[Aa]bove|[Bb]elow|[Ll]eft|[Rr]ight"
    r"|[Cc]entre|[Cc]enter|[Ii]nset|[Tt]op|[Bb]ottom|L-R|R-L)\b[^()]{0,24}\) (?=[A-Z\"“‘])")
# A pointer that gives the order of a list of names ("(pictured left to right)", "(L-R)"): the names may
# follow it, so a name after it is no new sentence (a clause starter is: `screen._unglue` cuts there).
_ORDER = re.compile(r"\bto (?:right|left)\b|L-R|R-L")
# An abbreviation defined in brackets and repeated at once, then a lower-case word: "(Apacs) Apacs chose".
_REPEATED = re.compile(r"\(([A-Z][\w&.-]{1,15})\) (?=\1 [a-z])")
_MIN_BEFORE, _MIN_AFTER = 4, 5


def split_at_brackets(sentence: str) -> list[str]:
    """``sentence`` in pieces where a bracket ends glued text (usually ``[sentence]``)."""
    if ") " not in sentence:
        return [sentence]
    cuts = sorted({m.end() for m in _POINTER.finditer(sentence) if not _ORDER.search(m.group())}
                  | {m.end() for m in _REPEATED.finditer(sentence)})
    pieces, start = [], 0
    for at in cuts:
        before, after = sentence[start:at].strip(), sentence[at:]
        if len(before.split()) >= _MIN_BEFORE and len(after.split()) >= _MIN_AFTER:
            pieces.append(before)
            start = at
    pieces.append(sentence[start:].strip())
    return pieces


# "... when he realised he had been tricked Roe agreed to ...": a lower-case word ending the caption, then the bare
# name the caption gave, then a verb.
_FUSED_NAME = re.compile(r"(?<=[a-z]) ([A-Z][a-z][\w'’-]+) (?=(?:[a-z]+ed|was|is|had|has|will|would|could|said|says"
                         r"|told|went|took|made|won|lost|left|came|gave)\b)")
# ... unless the lower-case word carries the name on into its clause: "the fact Roe had", "whom Roe married", "to
# play Roe was", "although Italy defended", "winner Roe said" (a word for who the person is), "the night Roe won".
_CARRIES_ON = frozenset(
    "the a an of in to at on for with by from and or nor as but while when whenever after before that than who whom "
    "whose which what where why how if unless until since because although though whether once fact claim claims "
    "claimed believe believes believed think thinks thought say know knows knew hope hopes hoped said says told "
    "asked play let made saw see watch help join call called named beat against about over under into like via per "
    "between including night day time season year week moment boss winner manager coach captain striker defender "
    "midfielder forward keeper champion star actor actress singer president minister chairman leader chief "
    "director owner founder partner wife husband son daughter brother sister father mother first last next only same "
    "new old another every each actually really also even just still then so too ever never always".split())
# "Leicester Matt Upson and ...": one or two capitalised words (not a title), then a full name and a lower-case word.
_HEADING_NAME = re.compile(r"((?:[A-Z][a-z][\w'’.-]* ){1,2})(?=[A-Z][a-z][\w'’-]* [A-Z][a-z][\w'’-]+ (?:and|is|was|are"
                           r"|were|has|have|had|will|would|could|[a-z]+ed)\b)")
_TITLES = frozenset("President Prime Minister Mr Mrs Ms Dr Sir Lord Lady Senator Governor Mayor Judge General Captain "
                    "Coach Chancellor Secretary King Queen Prince Princess Pope Meet".split())


# A caption's label opening the sentence: "Almost as big as a person: Ben dwarfs ...", "Proud mum: Jean with ...".
# Up to six words, no stop or comma, then a capital: what follows it is a caption run, whose sentences have no stops.
_RUN_LABEL = re.compile(r"[A-Z][\w'’-]*(?: [\w'’-]+){0,5}: (?=[A-Z])")
# In a caption run, the name it gave as a possessive opening the next sentence: "... this season Ben's arrival came".
_FUSED_POSSESSIVE = re.compile(r"(?<=[a-z]) ([A-Z][a-z][\w-]+)['’]s (?=[a-z])")
# ... unless a word before it carries it into its clause ("the son of Ben's", "said Ben's"): function words.
_CARRIES_POSSESSIVE = frozenset(
    "the a an of in to at on for with by from and or nor as but while when after before that than who whom whose which "
    "what where how if since because although though like about over under into via per between including is was are "
    "were be been said says told saw see".split())
_SPOKEN = re.compile(r"\b(?:said|says|told|added|asked|explained|insisted|admitted|claimed|warned|wrote|revealed)\b")


def _caps(words: list[str]) -> list[str]:
    caps = [w.strip(",.;:!?\"“”()'’") for w in words if w[:1].isupper()]
    return [w[:-2] if w.endswith(("'s", "’s")) else w for w in caps]


def _is_word(text: str, at: int) -> bool:
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")  # (re's \w, Unicode)


def _has_word(text: str, word: str) -> bool:
    """``re.search(rf"\\b{re.escape(word)}\\b", text)`` without compiling a pattern per name (a compile
    each, most of this module's cost on the sentences that get here)."""
    end = len(word)
    at = text.find(word)
    while at >= 0:
        if _is_word(text, at - 1) != _is_word(text, at) and _is_word(text, at + end - 1) != _is_word(text, at + end):
            return True
        at = text.find(word, at + 1)
    return False


def split_at_name(sentence: str) -> list[str]:
    """``sentence`` in pieces where a caption ends at a bare name it already gave, or a sub-heading stands before a
    full name, the heading's words named again later (usually ``[sentence]``)."""
    words = sentence.split()
    caps = _caps(words)
    fused = len(caps) > len(set(caps))  # (a name given twice: most sentences have none)
    if not fused and not (len(words) > 3 and all(w[:1].isupper() for w in words[:3])):
        return [sentence]
    pieces, start = [], 0
    head = _HEADING_NAME.match(sentence)
    if head and (words := head.group(1).split()) and not any(w in _TITLES or w.lower() in stop_words("english")
                                                              for w in words) \
            and _has_word(sentence[head.end():], head.group(1).strip()):
        pieces.append(head.group(1).strip())
        start = head.end()
    label = fused and ": " in sentence and _RUN_LABEL.match(sentence, start)
    if label and _SPOKEN.search(label.group()):
        label = None
    found = sorted([(m, _CARRIES_ON) for m in _FUSED_NAME.finditer(sentence, start)]
                   + [(m, _CARRIES_POSSESSIVE) for m in (_FUSED_POSSESSIVE.finditer(sentence, start) if label else ())],
                   key=lambda pair: pair[0].start()) if fused else []
    for m, carries in found:
        if m.start() < start:
            continue
        prev = sentence[start:m.start()].rsplit(" ", 1)[-1]
        before = sentence[start:m.start()]
        if not prev[:1].islower() or prev in carries or not _has_word(before[:-len(prev)], m.group(1)) \
                or len(before.split()) < _MIN_BEFORE or len(sentence[m.end():].split()) < _MIN_AFTER:
            continue
        pieces.append(before.strip())
        start = m.start() + 1
    pieces.append(sentence[start:].strip())
    return pieces


# A caption glued to the sentence after it, at a capitalised word and with no stop, the sentence opening with the
# subject the caption opened with: "Germans now think of themselves as the victims of Hitler and his Nazi Regime
# Germans no longer see ... and now think of themselves as victims of the Nazis, it has been claimed." Told from prose
# by what the caption is: most of its words come again in the sentence (it sums it up), or it points at a picture
# ("Altice's attorney said his client, pictured in court ..., wanted ... Altice was first arrested ...").
_REPEAT_BEFORE, _REPEAT_AFTER, _REPEAT_SHARE = 6, 8, 0.6
_TERMINAL = (".", "!", "?", ".'", ".\"", ".’", ".”")
_FUNCTION = frozenset("the a an of and or but his her its their our my your as to in on at for with by from into is was "
                      "are were be been being has have had it that this these those which who there then than not no "
                      "he she they we you i him them us me".split())
_PICTURED = re.compile(r"\bpictured\b|\((?:left|right|above|below|centre|center)\)")


def _bare(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s")


def _content(words: list[str]) -> set[str]:
    return {w[:-1] if w.endswith("s") else w for w in map(_bare, words) if w not in _FUNCTION}


def split_at_repeat(sentence: str) -> list[str]:
    """``sentence`` in two where a caption without its stop is glued to a sentence that opens with the caption's
    subject and repeats most of its words, or follows a caption pointing at a picture (usually ``[sentence]``)."""
    if not sentence.endswith(_TERMINAL) or (space := sentence.find(" ")) < 0:
        return [sentence]
    first = sentence[:space]
    subject = _bare(first)
    needle = f" {subject.capitalize() if first[1:2].islower() else first[:len(subject)]} "  # (found by str.find)
    at = sentence.find(needle)
    if at < 0 or '"' in sentence or "“" in sentence or not subject.isalpha():  # (nearly every sentence: not found)
        return [sentence]
    while at > 0:
        end = at + len(needle)
        if sentence[at - 1].isalnum() and sentence[end:end + 1].islower():
            before, after = sentence[:at], sentence[at + 1:]
            head, tail = _WORD.findall(before), _WORD.findall(after)
            if len(tail) < _REPEAT_AFTER:
                break
            if len(head) >= _REPEAT_BEFORE:
                mine = _content(head)
                if len(mine & _content(tail)) >= _REPEAT_SHARE * len(mine) or _PICTURED.search(before):
                    return [before, after]
        at = sentence.find(needle, end - 1)
    return [sentence]


# "West Bromwich Albion vs Leicester City (The Hawthorns) Team news ...": two teams, each a run of
# capitalised words, then a bracket or another capitalised word, not the verb a sentence would go on with.
_FIXTURE = re.compile(r"^(?:[A-Z][\w'’.&-]*\s+){1,4}(?:v|vs|vs\.|V)\s+(?:[A-Z][\w'’.&-]*\s+){1,4}(?=\(|[A-Z])")


def fixture_heading(sentence: str) -> bool:
    """True if the sentence opens with a fixture heading ("Team A vs Team B (Venue) ...")."""
    return bool(_FIXTURE.match(sentence))


# "The plot above is based on ...", "In the video below, ..."; and
# "The graph shows ...", "These images reveal ..." at the start.
_FIGURE_NEAR = re.compile(
    r"\b(?:graphs?|charts?|plots?|maps?|diagrams?|graphics?|infographics?|tables?|images?|pictures?|photos?"
    r"|photographs?|illustrations?|videos?|footage|gallery|clips?) (?:above|below)\b")
_FIGURE_START = re.compile(
    r"(?:The|This|These) (?:graphs?|charts?|plots?|diagrams?|graphics?|infographics?|maps?|images?|pictures?"
    r"|photos?|photographs?) (?:shows?|reveals?|illustrates?|depicts?|highlights?)\b")
# Where in the picture someone stands: "(left)", "(from left to right)", "(behind Allen, left)", "(L-R)",
# "(seen above)", ", pictured above,".
_POSITION = re.compile(r"\((?:[^()]{0,20}[ ,])?(?:left|right|centre|center|above|below|top|bottom|inset|L-R|R-L)\)"
                       r"|\bpictured (?:above|below)\b")


def describes_figure(sentence: str) -> bool:
    """True if the sentence describes a picture, chart or video on the page ("The graph shows ...", "The
    plot above is based on ..."): it needs the sentence before it, which introduced the picture."""
    if sentence.startswith(("The", "This")) and _FIGURE_START.match(sentence):
        return True
    return ("above" in sentence or "below" in sentence) and bool(_FIGURE_NEAR.search(sentence))


def points_at_figure(sentence: str) -> bool:
    """True if the sentence says where someone stands in a picture ("Gareth McAuley (left) was ..."): a
    caption, or prose written beside a picture the digest does not show."""
    return (")" in sentence or "pictured " in sentence) and bool(_POSITION.search(sentence))


_WORD = re.compile(r"\w+")


def repeats_itself(sentence: str) -> bool:
    """True if a run of six words comes twice in the sentence (one with a quotation aside: a speaker
    may well repeat themselves, and the quotation may open or close in another sentence)."""
    if '"' in sentence or "“" in sentence or "”" in sentence:
        return False
    w = _WORD.findall(sentence.lower())
    return len(set(zip(w, w[1:], w[2:], w[3:], w[4:], w[5:]))) < len(w) - 5  # (zip stops at the shortest)


# "... after battling skin cancer 1." before "BALL OF THE CENTURY ...": the number is the next item's.
_STRAY_NUMBER = re.compile(r"(?<=[a-z]) [1-9]\d?\.$")
_CAPS_HEADING = re.compile(r"[\"'“‘]?[A-Z][A-Z'’]+[,:]? [\"'“‘]?[A-Z][A-Z'’]+\b")


# The same, looked for in the whole line first (nearly every line has none: one scan, for a digit).
_STRAY_IN_LINE = re.compile(r"[1-9]\d?\. [\"'“‘]?[A-Z][A-Z'’]+[,:]? [\"'“‘]?[A-Z][A-Z'’]")


# A number and a stop: a list of numbered items has two at least (a scan for digits, as fast as a regex goes).
_NUMBER_STOP = re.compile(r"[1-9]\d?\. ")


# Words a number after them belongs to: "on day 1." then "on day 2." is prose counting, not a list.
_COUNTED = frozenset("day days week month year season stage round level game match race leg lap hole heat test step "
                     "part phase chapter page episode series number no track gate platform row grade class term "
                     "block floor room minute hour".split())


def _stray(sentence: str) -> int | None:
    """The list number ending ``sentence`` ("... fight 1."), or None."""
    if sentence[-2:-1].isdigit() and sentence[-1:] == "." and (m := _STRAY_NUMBER.search(sentence, max(0, len(sentence) - 4))) \
            and m.start() >= 20 and sentence[:m.start()].rsplit(" ", 1)[-1].lower() not in _COUNTED:
        return int(sentence[m.start() + 1:-1])
    return None


def list_numbers_moved(sentences: list[str], line: str) -> list[str]:
    """``sentences`` (of ``line``) with a list number that ended one sentence moved to the next, when that
    next one opens with a heading in capitals, or when the numbers run on (the next sentence, or the one
    before, ends with the number after, or before, this one): usually ``sentences`` itself. What is left of
    the sentence has no stop: a caption or a list item, which the screen does not show."""
    if not _NUMBER_STOP.search(line):  # (neither below can match: each match holds one; nearly every line)
        return sentences
    headed = bool(_STRAY_IN_LINE.search(line))
    if not headed and len(_NUMBER_STOP.findall(line)) < 2:
        return sentences
    numbers = [_stray(s) for s in sentences]
    out = sentences
    for k in range(len(sentences) - 1):
        s, n = out[k], numbers[k]
        if n is None:
            continue
        runs = numbers[k + 1] == n + 1 or (k > 0 and numbers[k - 1] == n - 1)
        if runs or headed and _CAPS_HEADING.match(out[k + 1]):
            out = out if out is not sentences else list(sentences)
            cut = s.rindex(" ")
            out[k], out[k + 1] = s[:cut], f"{s[cut + 1:]} {out[k + 1]}"
    return out


# "... at the Court of Appeal Millions of motorists face ...": a count opening the sentence glued after the caption.
# The same with any count or share that only opens a sentence, capitalised: "... analysts Gartner More than 167 million
# handsets ...", "... AP At least 84 people ...", "Most of the ...". (Not "Four Weddings": a number word is a title's.)
# Written as one flat alternation, each branch opening with its word (the same branches in the same order as
# "(?:Millions|...) of (?=[a-z])|..."), so the engine scans for their first letters instead of trying every position.
_COUNT_OPENING = re.compile("|".join(
    [f"{w} of (?=[a-z])" for w in ("Millions", "Thousands", "Hundreds", "Dozens", "Scores", "Tens of thousands",
                                   "Hundreds of thousands", "Most", "Many", "Much", "None", "Several", "Half", "Two-thirds",
                                   "Three-thirds", "A third", "A quarter", "A fifth")]
    + [f"{w} than (?=[a-z0-9$£€]|\\d)" for w in ("More", "Fewer", "Less")]
    + [f"{w} (?=[0-9$£€])" for w in ("At least", "Nearly", "Almost", "Up to")]))


_BEFORE_FIGURE = ("At least ", "Nearly ", "Almost ", "Up to ")


def split_at_count(sentence: str) -> list[str]:
    """``sentence`` cut before a capitalised count ("Millions of ...", "More than 167 million ...") that follows a word
    with no stop between, when four words at least come before it (the glued caption) and five after: ``[caption,
    sentence]``, else ``[sentence]``."""
    if " of " not in sentence and " than " not in sentence and not any(w in sentence for w in _BEFORE_FIGURE):
        return [sentence]
    for m in _COUNT_OPENING.finditer(sentence, 1):
        at = m.start()
        if sentence[at - 1] == " " and sentence[at - 2:at - 1].isalnum() and len(sentence[:at].split()) >= 4 \
                and len(sentence[at:].split()) >= 5:
            return [sentence[:at - 1], sentence[at:]]
    return [sentence]


_LEADING_NUMBER = re.compile(r"([1-9]\d?)(?:\. (?=\S)| (?=[A-Z][a-z]))")


def list_items(sentences: list[str], line: str) -> tuple[list[str], set[int]]:
    """:func:`list_numbers_moved` of ``sentences``, and which of those open with a list number ("5. A guilty pleasure
    is ...", given back to it or its own) or end with one ("... the Brad Pitt film 9.") that runs on with a number of
    a sentence near it (4 or 6, opening or ending it): items of a numbered list, or captions among them."""
    moved = list_numbers_moved(sentences, line)
    if len(_NUMBER_STOP.findall(line)) < 2:
        return moved, set()
    leading = [int(m.group(1)) if (m := _LEADING_NUMBER.match(s)) else None for s in moved]
    numbers = [{n for n in (leading[k], _stray(s)) if n is not None} for k, s in enumerate(moved)]
    items = {k for k, own in enumerate(numbers) if any(n - 1 in numbers[j] or n + 1 in numbers[j] for n in own
                                                       for j in range(max(0, k - 2), min(len(moved), k + 3)))}
    # (a number left at an item's end, not moved: the sentence after it is the next item)
    return moved, items | {k + 1 for k in items if k + 1 < len(moved) and _stray(moved[k]) is not None}


# "An extremely small computer that is designed to bring the Macintosh to the masses.": a thing described, its only
# verb in the relative clause: a caption or a product's blurb, no sentence. (A main verb after the clause makes one:
# "A man who is 30 has been charged", "... that makes chips reported ...", "... who is 12 won ...".)
_DESCRIBED = re.compile(r"(?:A|An) (?:[\w'’-]+ ){0,5}?[a-z][\w'’-]* (?:that|which|who) (?:is|are) ")
_FINITE = frozenset("is are was were has have had will would can could may might must should shall does did do said "
                    "says won lost got took made went came saw found gave left became began told hit beat put set ran "
                    "fell led sold bought paid met kept held brought thought felt stood sat wrote drove flew grew "
                    "knew rose spoke broke chose threw wore ate won't can't".split())


_DETERMINERS = frozenset("the a an his her their its our my this these those".split())


def verbless(sentence: str) -> bool:
    """The sentence is a thing described, with no verb of its own ("An extremely small computer that is designed to
    bring the Macintosh to the masses."): its only verb is the relative clause's, and it is short (a blurb's length)."""
    m = _DESCRIBED.match(sentence)
    if m is None or "," in sentence or ";" in sentence:
        return False
    rest = [w.strip(".!?\"”’") for w in sentence[m.end():].split()][1:]  # (after the clause's participle or word)
    return len(rest) <= 16 and not any(w in _FINITE or w.endswith("ed") for w in rest) and not any(
        w.endswith("s") and nxt in _DETERMINERS for w, nxt in zip(rest, rest[1:]))  # ("... makes the parts": a verb)
