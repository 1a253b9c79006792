"""A feature's, a review's or a column's way in, told apart from the statement of an event by the sentence's grammar
(who is in it, its tense and aspect, its subject), not by words of one text; for bot.summarise.openings.

- :func:`unnamed_person`: a person as "he", "she" or "they", the main clause's subject after a fronted phrase ("In a
  relatively short speech he kept the best for last ..."): who that is, another sentence said.
- :func:`writer_we`: the writer and the reader as "we" or "us" outside a quotation ("... since the start of the web as
  we know it", "the fans among us"): a column's voice, not a report's.
- :func:`durative`: a perfect of being or becoming with a span of time and no date for its adverbial ("X has been
  talked about since the start of the web", "For the past decade or so, fans will have become used to ..."): how long a
  state has held, background to what happened.
- :func:`generic_present`: an indefinite subject ("A win in the marathon ...") and a main clause with no past,
  perfect, progressive, passive or reported verb and no day ("... doesn't make up for ..."): a remark on what such a
  thing means, not an event.

- not a guess, though it has a modal: :func:`concessive`, a modal perfect granted before "but" and an event ("Labour
  may have abolished hunting - but that didn't stop Gordon Brown using his Budget to ...").

Each is a property of the sentence alone; examples in tests/stages/test_trust_session15.py.
"""

from __future__ import annotations

import re

from bot.summarise.ledes import _DAY, defines, development, main_clause, states_event

__all__ = ["concessive", "durative", "generic_present", "same_mood", "unnamed_person", "writer_we"]

_QUOTED = re.compile(r"[\"“„«][^\"“”„«»]*[\"”»]|[\"“„«].*$")  # (an open quotation runs to the end)
_SAID = re.compile(r"\b(?:said|says|say|told|tells|according to|added|wrote|writes|asked|believes?)\b")


def _outside_quotes(sentence: str) -> str:
    return _QUOTED.sub(" ", sentence)


# A person as the main clause's subject after a fronted phrase of a preposition and lower-case words, no comma ("In a
# relatively short speech he kept ..."; with a comma, bot.summarise.voice.PRONOUN_SUBJECT), nothing in the phrase a
# name, a verb of saying or a word opening a clause of its own ("According to the agency most cafes closed because they
# ...": "they" is inside the "because" clause).
_FRONTED_PERSON = re.compile(r"(?:In|At|On|During|With|After|Before|Despite|For|From|By|Under|Over|Within|Without|Amid"
                             r"|Throughout|Like|Unlike|Among|Behind|Beyond|Inside|Outside)"
                             r"((?: (?!(?:that|because|when|if|which|who|whom|whose|as|while|where|said|says|told)\b)"
                             r"[a-z][\w'’-]*){1,8}) (?:he|she|they) (?!said\b|says\b)[a-z]")


def unnamed_person(sentence: str) -> bool:
    """A person as "he", "she" or "they", the main clause's subject after a fronted phrase of lower-case words (see
    _FRONTED_PERSON): who that is, another sentence said."""
    return sentence[:1].isupper() and bool(_FRONTED_PERSON.match(sentence))


_WE = re.compile(r"\b(?:we|us|we['’](?:ve|re|ll|d))\b")  # (lower case: not "US"; "our" alone is anyone's: "our skies")


def writer_we(sentence: str) -> bool:
    """The writer's "we" or "us" outside a quotation, with nobody said to speak ("as we know it", "the fans among us")."""
    told = _outside_quotes(sentence)
    return bool(_WE.search(told)) and not _SAID.search(told) and not told.lstrip().startswith(("Let us", "Let's"))


# A span of time with no date nor count: "since the start of ...", "for the past decade", "for years", "for a long time"
# (not "for three years": a term, a sentence, a contract's length).
_SPAN = re.compile(r"\bsince (?:the|its|their|his|her) (?:start|beginning|dawn|days|birth|advent|early days|invention"
                   r"|launch|arrival)\b|\bfor (?:the (?:past|last) )?(?:(?:many|countless) )?(?:decades?|years|centuries"
                   r"|century|generations|ages)\b(?: or so)?"
                   r"|\bfor (?:a (?:long )?(?:time|while)|some time|so long)\b", re.IGNORECASE)
# A perfect of being or becoming: a state that has held ("has been talked about", "will have become used to"), not a
# perfect of doing ("has urged": an act, dated by the span it names, "the biggest game for years").
_STATE_PERFECT = re.compile(r"\b(?:has|have|had|hasn['’]t|haven['’]t)(?: (?:long|always|now|already|largely))? (?:been"
                            r"|become)\b")


def durative(sentence: str) -> bool:
    """A perfect of being or becoming ("has been talked about", "will have become used to") with a span of time and
    no date ("since the start of the web", "for the past decade"), no day, no figure: how long things have stood,
    background."""
    if any(ch.isdigit() for ch in sentence) or _DAY.search(sentence) or "?" in sentence:
        return False
    told = _outside_quotes(sentence)
    return bool(_SPAN.search(told)) and bool(_STATE_PERFECT.search(told.lower())) and not _SAID.search(told)


# The main clause's first auxiliary: a modal ("will meet", "could cut": a plan or a guess, other families) or the
# present ("doesn't make up", "is available").
_AUXILIARY = re.compile(r"\b(?:(will|would|could|may|might|can|should|must|shall|won['’]t|can['’]t|cannot)"
                        r"|does|doesn['’]t|does not|do|don['’]t|do not|is|isn['’]t|is not|are|aren['’]t|are not)\b")


def generic_present(sentence: str) -> bool:
    """An indefinite subject ("A win in the New York marathon ...") whose main clause is in the present (its first
    auxiliary "does", "doesn't", "is", "are", not a modal) and states no event (no past, perfect, progressive,
    passive or reported verb: bot.summarise.ledes.states_event), no day: what such a thing is or means in general.
    Not a development and its hedged effect (``ledes.development``), nor a definition."""
    if "?" in sentence or any(q in sentence for q in "\"“”"):
        return False
    clause = main_clause(sentence)
    if not clause.startswith(("A ", "An ")) or _DAY.search(sentence):
        return False
    first = _AUXILIARY.search(clause)
    if first is None or first.group(1):
        return False
    return not states_event(clause) and not development(sentence) and not defines(sentence) \
        and not _SAID.search(sentence)


_MODAL = re.compile(r"\b(?:could|may|might|would|will|should|must)\b", re.IGNORECASE)


def same_mood(sentence: str, title: str) -> bool:
    """The headline tells its news with a modal ("UKIP could sue Veritas defectors") that the sentence uses too ("The UK
    Independence Party could take legal action to ..."): a guess as its headline tells it, the news in that form."""
    said = {m.group().lower() for m in _MODAL.finditer(title)}
    return bool(said) and any(m.group().lower() in said for m in _MODAL.finditer(sentence))


# A concession, then the statement: "Labour may have abolished hunting - but that didn't stop Gordon Brown ...".
_CONCEDED = re.compile(r"[A-Z][^,;:\"“”]{0,80}? (?:may|might) (?:well )?have [a-z]+(?:ed|en|wn|t)\b[^;:\"“”]{0,80}?"
                       r"(?:,| [-–—]) but ")


def concessive(sentence: str) -> bool:
    """A modal perfect conceded ("X may have done Y") and, after "but", a clause stating an event ("- but that didn't
    stop Z using ..."): the writer grants one fact to state another, no guess."""
    m = _CONCEDED.match(sentence)
    return m is not None and states_event(sentence[m.end():])
