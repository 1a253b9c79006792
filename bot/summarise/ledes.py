"""Whether a sentence states an event at all, for bot.summarise.openings: a feature's hook names nothing and tells
nothing that happened ("With summer around the corner, icy treats are back on the menu.", "Every year a trend comes
around that strikes fear into the hearts of women."), a forecast framed by a vague time ("Soon, X will be ...").

A news lede tells what happened: a past, perfect, progressive or reported verb ("The world's dwindling panda population
is getting a helping hand ...", "Shares fell sharply on Monday."), or it names who or what it is about. A sentence that
does neither, in its main clause (after an opening phrase set off by a comma or a dash: "Camouflaged in body paint,
women pose for the camera ..."), is a hook or a scene: :func:`no_event`. Examples in tests/stages/test_trust_ledes.py.
"""

from __future__ import annotations

import re

from bot.text.words import has_digit

__all__ = ["ILLUSTRATION", "caused", "defines", "development", "forecast", "glued", "main_clause", "no_event", "portrait",
           "said_frame", "states_event"]

# Irregular past forms (and "was"/"were"): an event told in the past.
_PAST = frozenset("was were did said told made took came went found gave got left met saw won lost fell rose hit led "
                  "paid sold sent spent struck threw began broke brought built bought caught chose drove fled flew "
                  "fought grew held kept knew ran shot sank stood stole wrote became beat ate drank forgot hid hung "
                  "laid lit meant rang rode sang sat slept spoke stuck swore taught thought tore understood woke wore "
                  "dealt dug fed felt heard lent overtook sought shook shone slid split spread sprang stung swept "
                  "swung undertook upheld withdrew burst cast cost cut hurt put quit set shut "
                  "didn't wasn't weren't didn’t wasn’t weren’t".split())
# Said or reported now: "says", "warns", "reports" (a statement is the news).
_REPORTED = frozenset("says say said tells told announces announced reports reported claims claimed warns warned "
                      "reveals revealed confirms confirmed admits admitted insists insisted denies denied believes "
                      "believe urges urged calls called suggests suggested shows showed predicts predicted "
                      "finds found".split())
_PERFECT = re.compile(r"\b(?:has|have|had|hasn['’]t|haven['’]t|hadn['’]t)(?: (?:not|never|just|already|now|since|also|"
                      r"finally|recently|reportedly|been))? (?:[a-z]+(?:ed|en|wn|ne|t)|been|done|gone|won|hit|put|set|cut"
                      r"|run|come|become|begun|seen|made|said|told|found|got|had|held|led|left|lost|met|paid|sent|sold"
                      r"|spent|taken|given|brought|bought|caught|fought|thought|built|struck|kept)\b")
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|am|be|been|being|['’]s|['’]re) (?:now |still |already |[a-z]{3,}ly )?"
                          r"[a-z]{2,}ing\b")
# A passive: "are shown", "were killed", "is captured".
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got) (?:now |also |being )?(?:[a-z]+(?:ed|en|wn)|shown|known"
                      r"|made|held|found|seen|told|hit|set|put|cut|led|left|sold|sent|paid|built|caught|taken)\b")
_ED = re.compile(r"\b[a-z]{3,}ed\b")
# Words ending in -ed that are no past verb as adjectives before a noun are not told apart here: a past
# participle ("is captured", "were killed") tells an event too.
_NOT_PAST_ED = frozenset("need needed speed seed feed bed red shed hundred wed indeed breed deed greed steed weed "
                         "sacred naked wicked rugged ragged beloved".split())

# An opening phrase set off from the main clause: a preposition or conjunction first ("With summer around the
# corner, ..."), a participle ("Camouflaged in body paint, ..."), or a dash after a clause ("While it emerged ...
# - on the other side ...").
_FRONTED = re.compile(r"(?:With|Without|While|Whilst|As|Although|Though|Despite|Amid|Amidst|After|Before|Since|When"
                      r"|Once|Until|In|On|At|For|From|By|Like|Unlike|Whether|Even|If|[A-Z][a-z]+(?:ed|ing))\b")
_SEPARATOR = re.compile(r", | [-–—] ")


def main_clause(sentence: str) -> str:
    """The sentence after an opening phrase set off by a comma or a dash, else the whole sentence."""
    if not _FRONTED.match(sentence):
        return sentence
    m = _SEPARATOR.search(sentence)
    if m is None or m.end() >= len(sentence):
        return sentence
    head = sentence[:m.start()].split(" ", 1)
    if head[0][-2:] in ("ed", "ng") and len(head) > 1 and states_event(head[1]):
        return sentence  # ("Freezing temperatures have increased demand, ...": a subject, not a participle's phrase)
    rest = sentence[m.end():]
    if rest.split(" ", 1)[0][-3:] in ("ing", "ed") and rest[:1].islower():
        return sentence  # ("..., focusing on how ...": a phrase trailing the main clause, which came first)
    return rest


# A finding someone reports: "..., according to research.", "a study finds".
_ATTRIBUTED = re.compile(r"\baccording to\b|\b(?:study|survey|research|report|poll|figures|data|analysis)"
                         r"(?: [\w'’-]+){0,3} (?:finds|shows|suggests|says|reveals)\b")


def states_event(clause: str) -> bool:
    """A past, perfect, progressive or reported verb: something happened, is happening or was said."""
    low = clause.lower()
    words = re.findall(r"[a-z'’]+", low)
    if any(w in _PAST or w in _REPORTED for w in words):
        return True
    if _PERFECT.search(low) or _PROGRESSIVE.search(low) or _PASSIVE.search(low) or _ATTRIBUTED.search(low):
        return True
    return any(m.group(0) not in _NOT_PAST_ED for m in _ED.finditer(low))


_CALENDAR = frozenset("January February March April May June July August September October November December Monday "
                      "Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def _names(clause: str) -> bool:
    """A capitalised word after the first (not a month or a day) or a figure: the clause names someone or something."""
    if has_digit(clause):
        return True
    words = clause.split()
    return any(w[:1].isupper() and w.strip(",.;:!?\"“”'’()") not in _CALENDAR for w in words[1:]) \
        or bool(words) and words[0][:1].isupper() and words[0].lower() not in _PLAIN_FIRST and clause != words[0]


_PLAIN_FIRST = frozenset("the a an some it this that these those many most few all every each no one there here such "
                         "what his her their its our".split())


_DAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tonight|yesterday"
                  r"|this (?:week|morning|afternoon|evening)|last night)\b")


def no_event(sentence: str) -> bool:
    """The main clause names nothing and states no event: a hook or a scene, not the news ("Every year a trend comes
    around that strikes fear into the hearts of women.", "Camouflaged in body paint, women pose for the camera ...").
    Not "The world's dwindling panda population is getting a helping hand ..." (an event under way) nor "Apple
    unveils its new phone" (it names what it is about)."""
    if "?" in sentence or any(q in sentence for q in "\"“”"):
        return False  # (a question, a quotation: other families)
    clause = main_clause(sentence)
    if _names(clause) or states_event(clause) or _ATTRIBUTED.search(sentence.lower()) or _DAY.search(clause) \
            or clause.startswith("The "):
        return False  # (a day: the news of a match; "The software extracts ...": what a thing told of does)
    return len(clause.split()) >= 4


# What a thing is, told: its name or term ("A blue moon is the name of any month's second full moon"), its definition
# ("A common definition of a recession is ..."), what it is a kind of ("X is a type of ...", "A type of music that
# ..."), what it means or how it is done ("Sampling, now common among musicians, involves taking ..."), or what a kind
# of thing is, said as a definition is ("A general election is the best chance most pressure groups get to ..."), or
# what it is for, after an opening phrase too ("For a manager, a friendly provides an important opportunity to ...").
_DEFINES = re.compile(
    r"(?:(?:A|An|The) )?(?:[\w'’-]+ ){0,3}(?:definition|meaning) of\b"
    r"|(?:(?:A|An|The) )?(?:[\w'’-]+ ){0,4}?(?:is|are) (?:also |often |sometimes |usually |commonly |simply )?"
    r"(?:(?:the|a|an) (?:[a-z-]+ )?(?:name|term|word|phrase|nickname|label) (?:for|of|given to|used)\b"
    r"|(?:defined|known) as\b|(?:a|an) (?:type|kind|form|sort|class|branch|style|genre|variety|unit) of\b)"
    r"|[A-Z][\w'’-]*(?: [\w'’-]+){0,3}(?:, [^,]{3,60},)? (?:means|refers to|stands for|involves [a-z]+ing)\b"
    r"|(?:A|An) (?:type|kind|form|sort|variety) of [a-z]"
    r"|(?:A|An) (?:[a-z][\w'’-]* ){0,3}[a-z][\w'’-]* (?:is|are) (?:not |still |often )?(?:the|a|an|one of the) [a-z]"
    r"|(?:[Aa]|[Aa]n) (?:[a-z][\w'’-]* ){0,3}[a-z][\w'’-]* (?:provides|offers|gives|is) (?:the|a|an) (?:[a-z]+ )?"
    r"(?:chance|opportunity|way|means) to\b")


def defines(sentence: str) -> bool:
    """The sentence tells what a thing is (see _DEFINES): a definition, which tells something alone (no hook), though
    it names nothing and states no event."""
    return bool(_DEFINES.match(sentence) or _DEFINES.match(main_clause(sentence)))


# A thing made or found, introduced by what it is or does, and what it could do: "A mobile phone chip which combines a
# modem and a processor on one bit of silicon could make phones cheaper.", "A new blood test may spot cancer early.":
# the news of a development, its effect told with a modal (the writer's claim about a thing the article tells of).
_DEVELOPMENT = re.compile(r"(?:A|An) (?:(?:new|novel|experimental|revolutionary|prototype) (?:[a-z][\w'’-]* ){0,4}?"
                          r"[a-z][\w'’-]*|(?:[a-z][\w'’-]* ){0,4}?[a-z][\w'’-]* (?:which|that|made|designed|developed"
                          r"|built|created|grown|invented|using|based on|able to|capable of) [^,;:]{3,120}?)"
                          r" (?:could|may|might|will|would|can) (?:[a-z]+ly )?(?!be\b)[a-z]+")


def development(sentence: str) -> bool:
    """A development and its hedged effect (see _DEVELOPMENT): the statement of what was made or found, with a modal,
    not a hook."""
    return bool(_DEVELOPMENT.match(sentence))


# The main clause set under a named speaker's words: "As Tory spokesman Oliver Letwin said - any chancellor would
# ...", "As Liberal Democrat leader Charles Kennedy claimed, for most families ...": what someone said, the news.
_SAID_FRAME = re.compile(r"As (?:[\w'’.-]+ ){0,6}?[A-Z][\w'’.-]* (?:has |had |once |rightly |recently )?(?:said|says|put it"
                         r"|puts it|noted|notes|argued|argues|claimed|claims|pointed out|points out|observed|wrote"
                         r"|writes|warned|warns|remarked|suggested|suggests|told [\w'’ -]{1,30})(?:,| [-–—] )")


def said_frame(sentence: str) -> bool:
    """The sentence opens "As NAME said, ..." (see _SAID_FRAME): its main clause is what a named speaker said."""
    return sentence[:3] == "As " and bool(_SAID_FRAME.match(sentence))


# The future framed by a vague time, no one saying so: "Soon, America will be too fat to fight.", "One day, robots
# will ...": the writer's forecast, not an event.
_VAGUE_FUTURE = re.compile(r"(?:Soon|One day|Someday|Some day|Before long|Sooner or later|In (?:the )?(?:future|years to"
                           r" come|decades to come|a few years|the not-too-distant future|the near future)),? "
                           r"(?:[\w'’.-]+ ){1,6}?(?:will|would|could|may|might)\b")


def forecast(sentence: str) -> bool:
    """The writer's forecast framed by a vague time ("Soon, X will ...", "One day, ..."), with no one saying it."""
    return bool(_VAGUE_FUTURE.match(sentence)) and not re.search(r"\b(?:said|says|according to|warned|warns|predicts"
                                                                  r"|predicted)\b", sentence)


# The page's picture described ("NASA released a graphic noting ...", "The agency shared an image showing ..."): what
# illustrates the article, not its news (as its lede, it is the news: "Police released a video of the suspect").
ILLUSTRATION = re.compile(r"(?:[A-Z][\w'’.-]*|the|The)(?: [\w'’.-]+){0,3} (?:released|published|shared|posted|unveiled"
                          r"|produced|issued) (?:a|an|this|the) (?:new |striking |stunning )?(?:graphic|infographic|image"
                          r"|illustration|map|chart|diagram|artist['’]s impression|rendering|photo|photograph|picture)s?"
                          r" (?:noting|showing|that shows|which shows|depicting|illustrating)\b")
# Two sentences run together with no stop: a word of lower-case letters, then a capitalised word that only opens a
# sentence ("... and has a taste Like the infamous scene ...": a caption before the text), or a capitalised gerund with
# its possessive ("... to break free Moving its legs, ...": a clause opening the next sentence).
_OPENER = re.compile(r" (?:(?:The|A|An|Like|In|At|It|He|She|They|This|But|And|As|When|While|After|His|Her|Their) [a-z]"
                     r"|[A-Z][a-z]{2,}ing (?:its|his|her|their) )")
_LOWER_RUN = re.compile(r"(?<![\w])[a-z]{2,}$")


def glued(sentence: str) -> bool:
    """Two sentences run together (see _OPENER); searched by its literal first, the word before checked only there."""
    return any(_LOWER_RUN.search(sentence, max(0, m.start() - 40), m.start()) for m in _OPENER.finditer(sentence))


# What a subject is known for, set before it: "Famed for its cuisine, Vietnam offers ...", "Home to 40 species, the
# park draws ...": a portrait of a place or a thing (a travel piece's hook), told in the present, not an event.
_KNOWN_FOR = re.compile(r"(?:(?:Famed|Famous|Known|Renowned|Celebrated|Loved|Prized|Revered|Beloved|Lauded|Noted"
                        r"|Best known|Well known|Rightly famed) (?:for|as)|Home to|Blessed with|Boasting|Steeped in"
                        r"|Synonymous with|Brimming with|Bursting with) [^.;:!?]{3,200}?, (?=[A-Z]|(?:the|this|its) )")
# The main clause's verb in the present ("Vietnam offers", "the city remains"): the first lower-case word after its
# subject (not "was", "has": an event or a perfect).
_PRESENT_VERB = re.compile(r"(?:(?:the|this|its) )?(?:[A-Z][\w'’-]*,? ){0,4}(?:[a-z-]+ ){0,2}?"
                           r"(is|are|remains?|[a-z]{2,}[^s\W]s)\b")


def portrait(sentence: str) -> bool:
    """A subject introduced by what it is known for, its main clause in the present with no day and no figure ("Famed
    for its cuisine and cities, Vietnam offers an undisputed sensory overload."): a hook, though it names its subject."""
    m = _KNOWN_FOR.match(sentence)
    if m is None or "?" in sentence or any(q in sentence for q in "\"“”"):
        return False
    clause = sentence[m.end():]
    return bool(_PRESENT_VERB.match(clause)) and not _DAY.search(clause) and not has_digit(clause) \
        and not _ATTRIBUTED.search(clause.lower())


# A cause told with a guess: "X could pull out of the deal after MPs slashed its stake": the guess follows from an
# event the sentence states (after, as, when, because: a past, perfect or passive verb there).
_CAUSE = re.compile(r"\b(?:after|as|when|because|since|following) (?!(?:a|the|its|his|her|their) [a-z]+[.!]?$)")


def caused(sentence: str) -> bool:
    """A clause of cause in the sentence that states an event ("... could bail out of a deal after MPs there slashed
    its stake in the project."): what the sentence guesses at follows from news it tells."""
    return any(states_event(sentence[m.end():]) for m in _CAUSE.finditer(sentence))
