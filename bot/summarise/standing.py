"""What a story's first line may not be, beyond bot.summarise.ledes: a statement of how things stand in general
rather than what happened (:func:`generic_statement`), a sentence that adds to a statement it does not show ("X will
also take part in ...": :func:`adds_to_unshown`), and the page announcing what follows ("X looks at the reaction.":
:func:`announces_page`), for bot.summarise.openings.

- A generic statement names no actor and tells no event: a gerund as its subject and a weight for its verb ("Getting
  users to send messages is really important for operators ...", "Landing on the far side of the moon is something no
  one has tried before."), a kind of thing that "has become" common ("Loyalty
  cards have become a common addition to most wallets, ..."), or a share of a whole in the present, no one saying so
  and no time ("Two-thirds of the world's population ... live on $2,000 a year or less."). Background for the news
  the article tells after it.
- "also" right after the subject or its auxiliary ("X will also take part", "Police also found"), or another of a
  kind first ("In a separate interview, ...", "Separately, ..."): it adds to something another sentence told.
- A feature's or a review's hook: the readers it is for as the frame ("For gaming fans, the word X evokes ..."), the
  writer's inversion of what is gone ("Gone are the warm, bright colours ..."), a trend's state as the frame ("Now that
  a critical mass of people have embraced digital TV, ...") or its next revolution awaited: a way in, not what happened.
- The writer's own stance as the main clause, attributed to no one: a judgement framed impersonally ("it's safe to
  say that this is the most anticipated game of all time", "there is little doubt that ..."), an inference drawn from
  what the writer listed ("... all suggests that 2005 is going to be a very good year"), how things seemed, set up to
  be overturned ("a blizzard of photos seemed to add up to a tale of woe"), a judgement given with its ground ("X's
  statements are clever in that ..."), or a period judged before it comes ("2005 is going to be a very good year"):
  the writer weighing what happened, which another sentence tells (:func:`stance`).
- The outlet (or anyone) "looks at", "rounds up" or "picks out" the reaction, the papers, the best, or "tries to find
  out" whether ...: what the page holds next, navigation, not news.

Families of what the thing is; examples in tests/stages/test_trust_standing.py.
"""

from __future__ import annotations

import re

from bot.summarise.ledes import main_clause, states_event

__all__ = ["adds_to_unshown", "announces_page", "feature_hook", "generic_statement", "stance"]

# A gerund with its object as the subject, then "is" and a weight: "Getting mobile phone users to send ... is really
# important for operators", or a rarity: "Landing on the far side of the moon is something no one has tried before."
# (not "Boeing is ...": a lower-case word follows the gerund).
_GERUND_WEIGHT = re.compile(r"[A-Z][a-z]{3,}ing (?=[a-z])(?:[\w'’-]+ ){1,14}?(?:is|are) (?:[a-z]+ly |also |now |still )?"
                            r"(?:important|vital|crucial|key|essential|critical|central|hard|difficult|tricky|easy|simple"
                            r"|expensive|costly|big business|a (?:challenge|priority|must|necessity)"
                            r"|something (?:no one|no-one|nobody|few|never)|(?:a feat|a first) (?:no one|nobody))\b")
# A kind of thing, no article before it, that has become common: "Loyalty cards have become a common addition ...".
_BECOME_COMMON = re.compile(r"(?!(?:The|This|These|Those|His|Her|Its|Their|Our|My|Your) )[A-Z][a-z]+(?: [a-z][\w-]*){0,3}s"
                            r" (?:have|has) (?:now |increasingly |quickly |fast )?become (?:an? |the )?(?:[a-z-]+ )?"
                            r"(?:common|familiar|popular|regular|standard|normal|everyday|essential|ubiquitous|commonplace"
                            r"|fixture|staple|feature|norm|must-have|part of)\b")
# A share of a whole: "Two-thirds of the world's population", "Half of all adults", "One in five children".
_SHARE = re.compile(r"(?:(?:Two|Three|Four)-(?:thirds|quarters|fifths)|Half|A (?:third|quarter|fifth)|One in (?:\w+)"
                    r"|Most|Nearly half|Almost half|More than half|\d+(?:\.\d+)?%|\d+ per ?cent) of (?:the |all )?"
                    r"[a-z]")
# ... whose verb is in the present: "... live on", "... are", "... have", "... own".
_PRESENT = re.compile(r"\b(?:live|lives|are|is|have|has|own|owns|use|uses|earn|earns|get|gets|lack|lacks|go|goes"
                      r"|work|works|eat|eats|spend|spends)\b")
_TIMED = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight|now|this"
                    r" (?:week|month|year)|last (?:week|month|year)|(?:19|20)\d\d)\b|\baccording to\b|\b(?:study|survey|report"
                    r"|poll|figures|research|data)\b")


def generic_statement(sentence: str) -> bool:
    """A statement of how things stand in general, naming no actor and telling no event (see the module's text)."""
    if "?" in sentence or any(q in sentence for q in "\"“”"):
        return False
    if sentence[:1].isupper() and _GERUND_WEIGHT.match(sentence):
        return not _TIMED.search(sentence)
    if " become " in sentence and _BECOME_COMMON.match(sentence):
        return not _TIMED.search(sentence)
    m = _SHARE.match(sentence)
    if m is None or _TIMED.search(sentence):
        return False
    clause = re.sub(r", [^,]{1,40}, ", " ", sentence)  # ("Two-thirds of the world's population, 4 billion people, live")
    return bool(_PRESENT.search(clause)) and not states_event(clause)


# "also" after the subject (a name or a noun, up to four words) or its auxiliary: "O'Sullivan will also take part",
# "Police also found", "The club has also signed".
_ALSO = re.compile(r"(?:(?:On|In|As for|As to|Regarding|Elsewhere|Meanwhile|Separately)\b[^,]{0,60}, )?"
                   r"(?:The |A |An )?(?:[A-Z][\w'’.-]*|[a-z][\w'’-]*)(?: [A-Z][\w'’.-]*| [a-z][\w'’-]*){0,3}?"
                   r" (?:(?:will|would|has|have|had|is|are|was|were|could|can|may|might|should|must|did|does|do)"
                   r"(?: not)? )?also (?=[a-z])")


# Another of a kind told before: "In a separate interview with X, ...", "In another development, ...", "Separately, ...".
_SEPARATE = re.compile(r"(?:In|At|On|During) (?:a |an )?(?:separate|another|further|second) [a-z]+\b[^,]{0,80},|Separately,")


def adds_to_unshown(sentence: str) -> bool:
    """"also" in the main clause's first words ("O'Sullivan will also take part in ...", after a phrase turning to a
    topic: "On the subject of X, Roe also revealed ..."), or another of a kind opening it ("In a separate interview,
    ..."): the sentence adds to a statement another sentence makes."""
    return " also " in sentence[:80] and bool(_ALSO.match(sentence)) or bool(_SEPARATE.match(sentence))


# The page announcing what comes next: "BBC Sport looks at the reaction.", "We round up the best of the papers."
_ANNOUNCES = re.compile(r"(?:[A-Z][\w'’.-]*|[Ww]e)(?: [A-Z][\w'’.-]*){0,3} (?:looks?|takes? a (?:look|closer look))"
                        r" (?:back )?at (?:the |some of the |how |what |why )?(?:reactions?|papers|press|headlines"
                        r"|best|highlights|key|main|verdicts?|stories|issues|options|contenders|runners|candidates)\b"
                        r"|(?:[A-Z][\w'’.-]*|[Ww]e)(?: [A-Z][\w'’.-]*){0,3} (?:rounds? up|picks? out|brings? you)\b")


# ... or what the piece sets out to do: "Dot.life tries to find out if you can ...", "We set out to discover whether ...".
_PLAN = re.compile(r"(?:[A-Z][\w'’.-]*|We)(?: [A-Z][\w'’.-]*){0,3} (?:tries|sets out|set out|attempts) to (?:find out|discover"
                   r"|see|work out|answer|learn|test)\b")


def announces_page(sentence: str) -> bool:
    """A short sentence (12 words at most) announcing what the page holds next ("BBC Sport looks at the reaction."), or
    one telling what the piece sets out to do ("Dot.life tries to find out if ..."): navigation, no news of its own."""
    return len(sentence.split()) <= 12 and bool(_ANNOUNCES.match(sentence)) or bool(_PLAN.match(sentence))


# "For gaming fans, ...", "For lovers of jazz, ...": the readers a feature is for, as its frame; "Gone are the ...".
_FOR_FANS = re.compile(r"For (?:(?:many|most|some|all|the|true|die-hard|long-time|[a-z]+ing) )?(?:[a-z-]+ ){0,2}"
                       r"(?:fans|lovers|enthusiasts|buffs|devotees|aficionados|followers|gamers|fanatics|addicts|geeks"
                       r"|connoisseurs|purists)(?: of [^,]{1,40})?, ")
_GONE_ARE = re.compile(r"(?:Long )?Gone (?:are|is) (?:the|those|all)\b")


# A trend's way in: the state it has reached as the frame ("Now that a critical mass of people have embraced digital TV,
# ..."), or "the next revolution" awaited, no one saying so ("TV has been gearing up for the next revolution ...").
_NOW_THAT = re.compile(r"Now that\b[^,\"“”]{3,160}, [a-z]")
_NEXT_BIG = re.compile(r"\bthe next (?:big )?(?:revolution|big thing)\b")


def feature_hook(sentence: str) -> bool:
    """A feature's or a review's way in: its readers as the frame ("For gaming fans, the word GoldenEye evokes ..."),
    what is gone, inverted ("Gone are the warm, bright colours ..."), or a trend's state or its next revolution ("Now
    that X have embraced Y, ...", "... gearing up for the next revolution ...")."""
    return bool(_FOR_FANS.match(sentence) or _GONE_ARE.match(sentence) or _NOW_THAT.match(sentence)
                or _NEXT_BIG.search(sentence) and not _SAID.search(sentence) and not re.search(r"\btipped\b", sentence))


# The writer's stance (see the module's text). A judgement framed impersonally: "it's safe to say that", "it is fair to
# argue", "there is little doubt that".
_IMPERSONAL = re.compile(r"\b(?:it|It)(?:['’]s| is| was| would be| seems)(?: now)? (?:safe|fair|true|reasonable|no exaggeration"
                         r"|tempting|hard not|difficult not) to (?:say|argue|suggest|conclude|predict|assume|claim)\b"
                         r"|\b(?:[Tt]here|[Tt]here['’]s) (?:is |can be |seems )?(?:little|no) (?:doubt|question) that\b")
# An inference from what was just listed, its subject summing it up: "..., all suggests that", "everything points to".
_INFERENCE = re.compile(r"\b(?:all|everything|it all|this all)(?: of (?:this|which|that))? (?:suggests|suggested|indicates"
                        r"|indicated|means|meant|points to|pointed to|signals|signalled) (?:that )?")
# How things seemed, the subject a mass of things or everything: "a blizzard of photos seemed to add up to ..." (after
# an opening phrase: "As the ship limped back, ..."); not "The minister seemed to rule out ...": someone did something.
_SEEMED = re.compile(r"(?:(?:[Aa]n?|[Tt]he) [a-z-]+ of (?:[a-z][\w'’-]* ){1,5}|(?:[Ee]verything|[Aa]ll|[Ii]t all) )"
                     r"(?:seems|seemed) to\b")
# A judgement with its ground: "X's statements are clever in that any future ...", "The case is unusual in that ...".
_IN_THAT = re.compile(r"\b(?:is|are|was|were) (?:[a-z]+ly )?(?!interested\b|involved\b)[a-z]{4,}(?<!ed) in that "
                      r"(?:it|its|they|their|he|his|she|her|there|the|a|an|any|no|this|these|such|[a-z]+ (?:is|are|was|were"
                      r"|will|would|can|cannot|could|has|have)\b)")
# A period judged before it comes: "2005 is going to be a very good year", "the next 12 months look like they are going
# to be a lot of fun" (not "2005 will be the year that 3G phones ...": what will happen in it).
_PERIOD_JUDGED = re.compile(r"\b(?:(?:19|20)\d\d|[Tt]his year|[Nn]ext year|[Tt]he (?:next|coming) (?:\w+ )?(?:months?|years?"
                            r"|weeks?|decade)) (?:is going to be|are going to be|will be|(?:looks?|promises|seems?|sets?)"
                            r" (?:set )?to be|looks? like (?:it|they)(?:['’]s| is| are| will be) (?:going to be)?)"
                            r" ?(?:a |an )?(?:very |really |truly |pretty |particularly )?(?:good|great|big|bumper|busy"
                            r"|exciting|interesting|fascinating|vintage|memorable|bad|tough|lot of fun|fun)\b")


# Someone's word, not the writer's: "Regulators said the case is unusual in that ...", "..., according to X".
_SAID = re.compile(r"\b(?<!to )(?:said|says|say|told|tells|according to|added|warned|predicted|predicts|believes|argued"
                   r"|argues)\b")


def stance(sentence: str) -> bool:
    """The writer's own judgement or inference as the main clause, attributed to no one (see the module's text)."""
    if any(q in sentence for q in "\"“”") or _SAID.search(sentence):
        return False
    if _IMPERSONAL.search(sentence) or _INFERENCE.search(sentence) or _IN_THAT.search(sentence) \
            or _PERIOD_JUDGED.search(sentence):
        return True
    clause = main_clause(sentence)
    return " seem" in clause and bool(_SEEMED.match(clause))
