"""Page junk inside one sentence, recognised by its form, for the screen (`screen.py`).

- A list item's number left at the end of the text before it, a caption without its stop ("... after
  battling skin cancer 1." then "BALL OF THE CENTURY Benaud was ..."): :func:`list_numbers_moved` gives
  it back to its item, whose heading in capitals the furniture cuts then take off.
- Bracket glue: a caption ends at a bracketed picture pointer and the next sentence follows with no
  stop ("... outside the court (pictured) The judge said ..."), or an abbreviation given in brackets
  is at once the next sentence's subject ("... Clearing Services (Apacs) Apacs chose ...").
  :func:`split_at_brackets` cuts there; every piece but the last is glued text.
- A caption fused to the next sentence at a bare name it already gave ("... showed Roe putting his head in his
  hands when he realised he had been tricked Roe agreed to pay ..."), and a sub-heading glued before a full name that
  the sentence goes on to name again ("Leicester Matt Upson and Dean Hammond are available for Leicester's trip"):
  :func:`split_at_name` cuts there.
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
"""

from __future__ import annotations

import re

__all__ = ["describes_figure", "fixture_heading", "list_numbers_moved", "points_at_figure", "repeats_itself",
           "split_at_brackets", "split_at_name"]

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


def split_at_name(sentence: str) -> list[str]:
    """``sentence`` in pieces where a caption ends at a bare name it already gave, or a sub-heading stands before a
    full name, the heading's words named again later (usually ``[sentence]``)."""
    words = sentence.split()
    caps = [w.strip(",.;:!?\"“”()'’") for w in words if w[:1].isupper()]
    fused = len(caps) > len(set(caps))  # (a name given twice: most sentences have none)
    if not fused and not (len(words) > 3 and all(w[:1].isupper() for w in words[:3])):
        return [sentence]
    from bot.language import stop_words

    pieces, start = [], 0
    head = _HEADING_NAME.match(sentence)
    if head and (words := head.group(1).split()) and not any(w in _TITLES or w.lower() in stop_words("english")
                                                              for w in words) \
            and re.search(rf"\b{re.escape(head.group(1).strip())}\b", sentence[head.end():]):
        pieces.append(head.group(1).strip())
        start = head.end()
    for m in _FUSED_NAME.finditer(sentence, start) if fused else ():
        prev = sentence[start:m.start()].rsplit(" ", 1)[-1]
        before = sentence[start:m.start()]
        if not prev[:1].islower() or prev in _CARRIES_ON or not re.search(rf"\b{re.escape(m.group(1))}\b", before[:-len(prev)]) \
                or len(before.split()) < _MIN_BEFORE or len(sentence[m.end():].split()) < _MIN_AFTER:
            continue
        pieces.append(before.strip())
        start = m.start() + 1
    pieces.append(sentence[start:].strip())
    return pieces


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


def list_numbers_moved(sentences: list[str], line: str) -> list[str]:
    """``sentences`` (of ``line``) with a list number that ended one sentence moved to the next, when that
    next one opens with a heading in capitals (usually ``sentences`` itself)."""
    if not _STRAY_IN_LINE.search(line):
        return sentences
    out = sentences
    for k in range(len(sentences) - 1):
        s = out[k]
        if s[-2:-1].isdigit() and s[-1:] == "." and (m := _STRAY_NUMBER.search(s, max(0, len(s) - 4))) \
                and m.start() >= 20 and _CAPS_HEADING.match(out[k + 1]):
            out = out if out is not sentences else list(sentences)
            out[k], out[k + 1] = s[:m.start()], f"{s[m.start() + 1:]} {out[k + 1]}"
    return out
