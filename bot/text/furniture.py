"""Page furniture glued to a real sentence: cut at the start, middle or end of a line.

The line rules (bot.text.boilerplate) drop a line that *is* furniture. Feed text and extracted
pages also glue furniture to a real sentence: a video player's "CLOSE" or "Collect" button, a
photo credit ("Reuters Every 29.5 days, ..."), a gallery label with its headline ("Photos:
North Korea launches rocket The carrier rocket blasted off ..."), a headline, byline and date
run into the first sentence, an inline call to action ("... has said Read Full Article at
RT.com"), a list marker, the page pointing to another of its texts ("(leia texto abaixo)"), a caption's
names in square brackets. :func:`cut_furniture` cuts those and keeps what is left, in pieces
where the junk stood in the middle (so the next sentence is not glued to the one before).
Each cut belongs to a family in GLUED_FAMILIES (tests in tests/stages/test_text.py); none is
keyed to a site.

Also here: lines that are lists rather than prose (keywords, other headlines), recognised by
their shape.
"""

from __future__ import annotations

import re

__all__ = ["GLUED_FAMILIES", "cut_furniture", "list_family", "split_at_calls"]

GLUED_FAMILIES = ("inline-cta", "player", "media-label", "credit-glued", "byline-glued", "list-marker", "pointer",
                  "caption-names")

_AGENCIES = (r"Reuters|REUTERS|AP|AFP|Getty Images|GETTY IMAGES|Associated Press|EPA|EPA-EFE|PA|PA Wire"
             r"|Shutterstock|Alamy|Xinhua|XINHUA|Anadolu Agency|AAP|Splash News|Rex Features|WireImage"
             r"|USA TODAY Sports|Usa Today Sports|USA Today Sports|USA TODAY|Imagn|NurPhoto|SOPA Images")
_AGENCY_FIRST = frozenset(w for name in _AGENCIES.split("|") for w in name.split()[:1])
_MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
           r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun"

# Cheap first looks (substring tests: a regex alternation of words cannot be scanned for, and every
# line passes here): a line with none of a cut's strings skips that cut.
_LIST_START = tuple("-•*▪►·|0123456789 ")
_PLAYER_FIRST = frozenset("CRAUNVWE ")

# "... has said Read Full Article at RT.com", "Read the full story at example.com", "Continue reading on X.com"
_INLINE_CTA = re.compile(r"\s*\b(?:(?:Read|READ|See|View) (?:the )?(?:[Ff]ull|FULL|[Oo]riginal|ORIGINAL|[Mm]ore|MORE) "
                         r"(?:[Aa]rticle|ARTICLE|[Ss]tory|STORY|[Pp]ost)? ?(?:at|on|AT|ON|@) "
                         r"|Continue reading (?:at|on) )[\w.-]*[\w-]\.[a-z]{2,}(?:/\S*)?\.?\s*")
_CTA_OPENERS = ("Read ", "READ ", "See ", "View ", "Continue reading ")  # _INLINE_CTA's alternatives begin so
# Player buttons at the start of a line, before the next sentence (a capital or a quote).
_PLAYER_START = re.compile(r"^\s*(?:CLOSE|Collect|Replay|REPLAY|Autoplay|AUTOPLAY|Now [Pp]laying|NOW PLAYING|Up [Nn]ext"
                           r"|UP NEXT|VIDEO|WATCH|Video:|Watch:|Embed|EMBED)\s+(?=[A-Z\"“‘'])")
# "Hide Caption 1 of 8", "Show caption", "Replay video" anywhere.
_PLAYER_ANY = re.compile(r"\s*\b(?:(?:[Hh]ide|HIDE|[Ss]how|SHOW|[Tt]oggle) [Cc]aption(?: \d+ of \d+)?|[Rr]eplay [Vv]ideo"
                         r"|\d+ of \d+ (?:photos|images))\b\s*")
# "Photos: North Korea launches rocket The carrier rocket ..." : the label and the headline after it.
_MEDIA_LABEL = re.compile(r"^\s*(?:Photos?|PHOTOS?|Pictures?|PICTURES?|Gallery|GALLERY|In [Pp]ictures|IN PICTURES|Video"
                          r"|VIDEO|Watch|WATCH|Listen|LISTEN)\s*:\s*")
_SENTENCE_START = re.compile(r"(?<=[a-z0-9%’'\"”]) (?=(?:The|A|An|In|On|At|After|When|It|He|She|They|This|Police|Officials)"
                             r" [A-Za-z])")
# "Reuters Every 29.5 days, ...", "AP:Associated Press At least 84 people ...", "Jane Roe/AFP The protest ..."
_CREDIT_START = re.compile(
    rf"^\s*(?:(?:[A-Z][\w'’.-]+\s+){{0,3}}[A-Z][\w'’.-]+\s*/\s*)?(?:{_AGENCIES})(?:\s*[:/]\s*(?:{_AGENCIES}))?"
    rf"\s+(?!(?:Media|Television|TV|Breakingviews|Photo|News|Images|Wire|Sports|Today|Press|Agency)\b)"
    rf"(?=[A-Z\"“][a-z]|A [a-z]|[\"“]?\d)")
# "... said. (Feb. 6) AP", "... on Sunday. (Photo: Jane Roe, WireImage)"
_CREDIT_END = re.compile(rf"(?<=[.!?\"”’])\s*(?:\([^()]{{1,20}}\)\s*)?(?:{_AGENCIES}|\((?:Photo|Image|Picture|Credit|Foto)s?"
                         rf"\s*:[^()]{{1,80}}\))\s*$")
# "| | Seeking a bigger role for a big rocket by Jeff Foust Monday, November 18, 2019 Earlier this month, ..."
_BYLINE_GLUED = re.compile(
    rf"^.{{0,200}}?\b[Bb]y (?:[A-Z][\w'’.-]+ ){{1,3}}[|,–—-]?\s*(?:(?:{_WEEKDAYS}),? )?(?:{_MONTHS})\.? \d{{1,2}},? \d{{4}}"
    rf"(?:,? \d{{1,2}}:\d\d ?(?:[ap]\.?m\.?)?)?\s+(?=[A-Z\"“])")
# Where a month's name can start (every one of _MONTHS' spellings begins with its first three letters): a
# glued byline holds a date, so a line without one is not matched.
_MONTH_START = re.compile("|".join(sorted({month[:3] for month in _MONTHS.split("|")})))
# The page pointing to another of its texts, in brackets: "(leia texto abaixo)", "(veja quadro ao lado)", "(leia mais na
# página A4)", "(ver infográfico)".
_POINTER = re.compile(r"\s*\((?:[Ll]eia|[Vv]eja|[Vv]er|[Cc]onfira|[Vv]ide)\b(?!-)[^()]{0,60}\)")  # (not "(leia-se: ...)")
# A picture's caption left in the text: the names of the people shown, in square brackets, mid-sentence ("O presidente
# da [Vicentinho e Hernando Uchoa Lima] Central Única ..."); two names at least (one, "[Obama]", is an editor's word).
_NAME = r"[A-ZÀ-Ý][\wÀ-ÿ'’.-]*(?: (?:(?:da|de|do|dos|das|van|von) )?[A-ZÀ-Ý][\wÀ-ÿ'’.-]*)*"
_CAPTION_NAMES = re.compile(rf"\s*\[{_NAME}(?:, {_NAME})*(?:,? (?:e|y) {_NAME})\](?=\s)")
# "- Retiring early takes time", "• Item", "2. The second point": markers, not words.
_LIST_MARKER = re.compile(r"^\s*(?:[-•*▪►·|]+\s+)+(?=\S)|^\s*\d{1,2}[.)]\s+(?=[A-Z\"“])|^\d{1,2}/\d{1,2}\s+(?=[A-Z])")
# A photographer's name, a kicker or a sub-heading in capitals before the sentence: "MARK ROE In the call you
# can hear ...", "LAST SPELL OF COMMENTARY IN ENGLAND Benaud's final ..." (up to seven words)
_CAPS_START = re.compile(r"^[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){1,6} (?=[A-Z][a-z])")


def cut_furniture(line: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """The pieces of ``line`` left once glued-on furniture is cut (usually ``[line]``; ``[]`` if nothing is left).

    ``skip`` names families (GLUED_FAMILIES) to leave out, for measuring.
    """
    pieces = split_at_calls(line) if "inline-cta" not in skip else [line]
    out = []
    for piece in pieces:
        piece = _cut_one(piece, skip).strip()
        if piece and any(c.isalnum() for c in piece):
            out.append(piece)
    return out


def split_at_calls(line: str) -> list[str]:
    """``line`` in pieces where an inline call to action stood ("... has said Read Full Article at RT.com The ...")."""
    # The cut's words as they open it ("Read ", "See ", ...: a match holds one), and the substrings it
    # is looked for by; a line without both is not searched.
    if ("ead " in line or "EAD " in line or "ontinue reading" in line) and any(w in line for w in _CTA_OPENERS) \
            and _INLINE_CTA.search(line):
        return [p for p in _INLINE_CTA.split(line) if p.strip()]
    return [line]


def _cut_one(line: str, skip: frozenset[str]) -> str:
    # Each cut is guarded by a substring or first-character test: nearly every line fails them all.
    if "list-marker" not in skip and line.startswith(_LIST_START) and (m := _LIST_MARKER.match(line)):
        line = line[m.end():]
    if "player" not in skip:
        if "aption" in line or "eplay" in line or " photos" in line or " images" in line:
            line = _PLAYER_ANY.sub(" ", line).strip()
        if line[:1] in _PLAYER_FIRST and (m := _PLAYER_START.match(line)):
            line = line[m.end():]
    if "media-label" not in skip and ":" in line[:14] and (m := _MEDIA_LABEL.match(line)):
        start = _SENTENCE_START.search(line, m.end())
        if start:  # (a label with only a headline is left to the line rules: the "credit" family)
            line = line[start.end():]
    if "credit-glued" not in skip:
        if (line.partition(" ")[0].partition(":")[0] in _AGENCY_FIRST or "/" in line[:80]) and (m := _CREDIT_START.match(line)):
            line = line[m.end():]
        if line[1:2].isupper() and (m := _CAPS_START.match(line)):
            line = line[m.end():]
        if (line[-1:].isalpha() or line[-1:] == ")") and (m := _CREDIT_END.search(line, max(0, len(line) - 120))):
            line = line[:m.start()]
    if "pointer" not in skip and "(" in line and (m := _POINTER.search(line)):
        line = line[:m.start()] + _POINTER.sub("", line[m.start():])
    if "caption-names" not in skip and "[" in line:
        line = _CAPTION_NAMES.sub("", line)
    if "byline-glued" not in skip and ("by " in (head := line[:260]) or "By " in head) and _MONTH_START.search(line) \
            and (m := _BYLINE_GLUED.match(line)):
        if len(line) - m.end() > 40:
            line = line[m.end():]
    return line


# -- lists that are not prose -------------------------------------------------------------------

_TERMINAL = (".", "!", "?", "…", '."', ".”", "!”", "?”")


def list_family(line: str) -> str | None:
    """"keywords" for a comma-separated list of short terms with no sentence end ("stock car 2018, stock
    car brasil, ..."); "headline-list" for three or more headline-shaped items joined by semicolons or
    bars ("X dies at 77; Police: Inquiry is last push ...; Y splits from Z"); else None."""
    commas = line.count(", ")
    if commas >= 5 and not line.rstrip().endswith(_TERMINAL):
        items = line.split(", ")
        if all(len(item.split()) <= 6 for item in items):
            return "keywords"
    if line.count("; ") >= 2 or line.count(" | ") >= 2:
        items = [i.strip() for i in re.split(r"; | \| ", line) if i.strip()]
        if len(items) >= 3 and all(2 <= len(i.split()) <= 14 and i[:1].isupper() for i in items):
            return "headline-list"
    return None
