"""What a story may open with, and sentences that point back to another.

A digest shows a story's sentences out of their article: its first line must state what happened
(:func:`opening_problem`, by family: OPENING_FAMILIES), and a sentence that needs the one before it
(:func:`needs_before`: it leans on it, points to something it told, or answers it) comes only right
after that one. bot.group's story summary uses both; the summariser's own selection uses only
:func:`bot.summarise.screen.leans` (its fitted rule). Families, with examples, in
tests/stages/test_trust.py; none is keyed to a site.
"""

from __future__ import annotations

import re

from bot.summarise.screen import _CLOSE_Q, _NOT_LEANING_NEXT, _OPEN_Q, leans

__all__ = ["OPENING_FAMILIES", "needs_before", "opening_problem", "points_back"]

#: Why a sentence cannot open a story (it may still come later): families of :func:`opening_problem`.
OPENING_FAMILIES = ("leans", "points-back", "aside", "event-anaphor", "quote", "reader", "background", "reaction",
                    "speculation")

_TIME_NOUNS = _NOT_LEANING_NEXT | frozenset("past coming next weekend's week's year's month's one's decade century "
                                            "period quarter".split())
# "this step", "these weapons" inside a sentence: something named in another sentence (not "this
# fishing town on Japan's northern island": named right there).
_DEMONSTRATIVE = re.compile(r"\b(?:this|these) ([a-z][a-z'’-]*)\b(?!(?: [a-z][\w'’-]*){0,3} (?:on|in|of|at|near|called) [A-Z])"
                            r"|\bthat ([a-z][a-z'’-]*)(?=[,.;:!?])"  # ("said that police ...": a conjunction)
                            r"|\b(?:with|of|about|for|from|against|over|after|before|despite) that ([a-z][a-z'’-]*)")
# "When Apple made the move, ...", "just such a pair": a move, a decision or a kind told in another sentence.
_POINTING = re.compile(r"\bthe (?:move|step|decision|idea|change)\b(?! (?:to|that|of|by|in|on|at|which|from|for|with"
                       r"|comes|came)\b)|\b(?:just|exactly|precisely) such\b")
_EVENT_NOUNS = (r"accident|attack|incident|crash|collision|explosion|blast|fire|shooting|killing|stabbing|assault"
                r"|launch|test|strike|raid|move|decision|announcement|deal|agreement|ruling|verdict|arrest"
                r"|disaster|tragedy|outbreak|quake|earthquake|storm|derailment|sinking|rescue|operation|event")
# "The accident happened late Tuesday ...": the event named by its kind, as if already told;
# "... have been injured after the accident.": the same at the end.
_EVENT_SUBJECT = re.compile(rf"The (?:{_EVENT_NOUNS})(?:s|es)? (?:happened|occurred|took|came|comes|was|were|is|are|has"
                            rf"|had|left|killed|triggered|sparked|prompted|caused|follows|followed|marks|marked|will"
                            rf"|would|could|may|might|also)\b")
_EVENT_OBJECT = re.compile(rf"\b(?:after|since|during|following|before|in|by|from|of) the (?:{_EVENT_NOUNS})(?:s|es)?"
                           rf"[.!]?[\"”’]?$")
# Talking to the reader: "Stop me if you've heard this one before.", "there you will find microbes."
_YOU = re.compile(r"\b(?:you|your|yours|you['’](?:re|ve|ll|d))\b", re.IGNORECASE)
_IMPERATIVES = frozenset("stop imagine meet forget picture remember consider suppose think say look take try "
                         "check watch listen read see let's don't".split())
# Background rather than the news: "There are still questions over ...", "X had just spent ...",
# "Previously, ...", and an action dated weeks back ("... proposed last month that ...") with no day
# of this week in the sentence.
_BACKGROUND = re.compile(r"There (?:is|are|was|were|has been|have been|had been)\b"
                         r"|(?:[A-Z][\w'’.-]*)(?: (?!said|says|told)[\w'’.-]+){0,3} had (?:just |already |long |once "
                         r"|previously )?[a-z]|Previously,|Earlier (?:this|last) (?:week|month|year),"
                         r"|(?:[\w'’.-]+ ){1,5}(?:is|are) (?:one|among) (?:of )?the (?:few|many|most|best|largest|biggest"
                         r"|only)\b")  # ("Samsung is one of the few that ...": what it is, not what happened)
# A consequence or a guess rather than what happened: "A combined company would touch ..."
_SPECULATION = re.compile(r"(?!(?:While|If|Although|Though|Whether|As|When|Even|Unless|Until|Once|Because|Since) )"
                          r"(?:(?!said|says|told|announced|reported)[\w'’.-]+ ){1,6}(?:would|could|might)\b")
_DATED_BACK = re.compile(r"\b[a-z]+ed (?:last (?:month|year)|(?:weeks|months|years) ago|earlier this (?:month|year))\b")
_NOW = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tonight|this week)\b")


# A reaction to the news rather than the news: condolences, tributes, "thoughts and prayers".
_REACTION = re.compile(r"\b(?:condolences|sympathies|thoughts and prayers|(?:paid|pays|paying) (?:a )?tributes?"
                       r"|(?:horrified|saddened|heartbroken|devastated)[\"”’]? (?:by|at|over)\b)", re.IGNORECASE)


def _outside_quotes(sentence: str) -> str:
    return re.sub(r"[\"“„«][^\"“”„«»]*[\"”»]", " ", sentence)


def points_back(sentence: str, language: str = "english") -> bool:
    """True if the sentence names something told in another one: "this step", "these weapons" (not
    "this year"). Such a sentence comes right after the one it points to, as a leaning one does."""
    if language != "english":
        return False
    told = _outside_quotes(sentence)
    if ("this " in told or "these " in told or "that " in told) and any(
            (m.group(1) or m.group(2) or m.group(3)) not in _TIME_NOUNS for m in _DEMONSTRATIVE.finditer(told)):
        return True
    return (" such" in told or "the " in told) and bool(_POINTING.search(told))


# Openers that answer or continue what came before; left out of leans() (and so of the summariser's
# selection, where "Now, police say ..." often is the news) but never shown without that sentence.
_REPLIES = ("Now, ", "Yes, ", "Sure, ", "Of course, ", "No, ")


def needs_before(sentence: str, language: str = "english") -> bool:
    """True if the sentence needs the one before it to be understood: it leans on it (:func:`leans`),
    points to something it told (:func:`points_back`) or answers it ("Now, ...", "Yes, ...")."""
    return leans(sentence, language) or language == "english" and (
        sentence.startswith(_REPLIES) or points_back(sentence, language))


def opening_problem(sentence: str, language: str = "english") -> str | None:
    """Why ``sentence`` cannot be a story's first line (a family of OPENING_FAMILIES), or None.

    A story opens with the statement of what happened: not a sentence leaning on another ("He ...",
    "But ...", "If these ..."), pointing to one ("... welcome this step."), naming the event as if
    told already ("The accident happened ..."), a quotation, words to the reader ("Stop me if
    you've heard this one before."), background ("There are still questions ...", "X had just ..."), a
    reaction (condolences, tributes) or a consequence ("A combined company would ...").
    """
    if needs_before(sentence, language):
        return "leans" if leans(sentence, language) or sentence.startswith(_REPLIES) else "points-back"
    if sentence[:1] == "(":
        return "aside"  # "(An executive tells the publication that ...)"
    if sentence[:1] in _OPEN_Q or sentence[:1] in _CLOSE_Q:
        return "quote"
    if language != "english":
        return None
    if sentence.startswith("The ") and _EVENT_SUBJECT.match(sentence) or _EVENT_OBJECT.search(sentence):
        return "event-anaphor"
    first = sentence.split(" ", 1)[0].lower().strip(",")
    opening_words = " ".join(_outside_quotes(sentence).split()[:8])  # ("something you'd wear" later is anyone)
    if first in _IMPERATIVES or "you" in opening_words.lower() and _YOU.search(opening_words):
        return "reader"
    if _REACTION.search(sentence):
        return "reaction"
    if _SPECULATION.match(sentence):
        return "speculation"
    if _BACKGROUND.match(sentence) or _DATED_BACK.search(sentence) and not _NOW.search(sentence):
        return "background"
    return None
