"""What a sentence takes from the sentences around it in its article, for bot.summarise.openings and known: a
placing told without its winner ("X was second, with Y in third": :func:`placing`), a time counted from a moment
another sentence gave ("... returned to London 12 months later": :func:`relative_time`), a speaker the sentence
does not name ("We've called for ...", "I don't ...": :func:`unnamed_speaker`), a match by its result as if told ("... in the dire
defeat to Scotland": :func:`result_as_known`), a person named by what they are, as if met
already ("The father created ...", "The Bedford star ...": :func:`person_as_known`), and a team or group by a
nickname the text never ties to a name ("The Tykes have ...": :func:`nickname`), more of something told ("The
additional bans come into effect ...", "The other two ...": :func:`more_of_told`), and a thing by its year ("The 2001
drama about ...": :func:`dated_thing`), and the account coming back to a place it left ("Back at the ranch, ...",
"Back home, ...": :func:`back_to`).

Each is a family of what the thing is, not of a site: a result lists places after the winner, "later" counts
from a moment, "we" is somebody, "the father" is someone introduced. Examples in tests/stages/test_trust_anchors.py.
"""

from __future__ import annotations

import re

__all__ = ["back_to", "dated_thing", "more_of_told", "nickname", "person_as_known", "placing", "pronoun_after_time",
           "relative_time", "result_as_known", "takes_from_before", "unnamed_person", "unnamed_speaker"]

# A place in a result other than first: "was second", "finished third", "with Y in third", "came in fourth".
_PLACES = r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|runner-up|runners-up)"
_PLACE = re.compile(rf"\b(?:was|were|is|are|finished|came|comes|placed|ended|ended up|took|taking) (?:in |home |up )?"
                    rf"(?:joint[- ])?{_PLACES}\b|\bin (?:joint[- ])?{_PLACES}(?= ?[,.;]| place\b)")
# ... and the winner named in the same sentence: "second behind X", "X won, with Y second".
_WINNER = re.compile(r"\b(?:won|wins|win|winner|winners|winning|first|victory|victorious|champions?|gold|behind|ahead of"
                     r"|beat|beaten|beating|pipped|edged|led|leader|top|topped)\b", re.IGNORECASE)


def placing(sentence: str) -> bool:
    """Two places of a result other than first and no word of who won ("Sweden's X was second, with Haiti's Y in
    third."): the winner is in the sentence before. (One place is a story's own news: "X finished fourth in ...")"""
    if "second" not in sentence and "third" not in sentence and "runner" not in sentence:
        return False
    return len(_PLACE.findall(sentence)) >= 2 and not _WINNER.search(sentence)


_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few|some|many)"
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?|decades?|seasons?)"
# "12 months later", "a year on", "the following day", "the next season".
_LATER = re.compile(rf"\b(?:{_COUNT} {_UNIT} (?:later|on(?=[,.;]))|the (?:following|next) (?:day|week|month|year|season|morning"
                    r"|evening|night|summer|winter|spring|autumn))\b")
# ... opening the sentence: "Two days later, police ...", "The following year, ...": counted from the sentence before;
# a count "later" with its comma or without ("One day later the paper ...": no other reading).
_LATER_FIRST = re.compile(rf"(?:{_COUNT} {_UNIT} later(?= (?!than\b)[A-Za-z])|(?:(?:{_COUNT} {_UNIT} later"
                          r"|(?:Later|Soon|Shortly) (?:that|the same) (?:day|week|month|year|night|morning)"
                          r"|The (?:following|next) (?:day|week|month|year|season|morning|evening|night)),))", re.IGNORECASE)
# A moment in the sentence itself that "later" may count from: a date, a year, a day, or a clause before it ("was
# arrested and released two days later", "When she won in 2002, ...").
_ANCHOR = re.compile(r"\b(?:1[5-9]\d\d|20\d\d|January|February|March|April|May|June|July|August|September|October"
                     r"|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today"
                     r"|after|when|since|before)\b|[,;:] | (?:and|but|then|before|until) ")


def relative_time(sentence: str) -> bool:
    """A time counted from a moment the sentence does not give ("The star returned to London 12 months later, ...",
    "Two days later, police ..."): the moment is in the sentence before."""
    if "later" not in sentence and " on" not in sentence and "next" not in sentence and "following" not in sentence:
        return False
    if _LATER_FIRST.match(sentence):
        return True
    m = _LATER.search(sentence)
    return m is not None and m.start() > 0 and not _ANCHOR.search(sentence, 0, m.start())


# A match named by its result and opponent as if told already: "... in the dire defeat to Scotland", with no day or
# time that dates it ("the 2-1 win over West Ham last week" is dated: a match the reader is told of there).
_RESULT = re.compile(r"\bthe (?:[a-z0-9-]+ ){0,2}(?:defeat|loss|win|victory|draw|thrashing|hammering|drubbing|triumph)"
                     r" (?:to|against|by|over|at) [A-Z]")
_DATED = re.compile(r"\b(?:last|this|next) (?:week|weekend|month|season|year|night|time)\b|\b(?:on|at) (?:Monday|Tuesday"
                    r"|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\b(?:in|of) (?:1[89]|20)\d\d\b|\b(?:yesterday|today)\b")


def result_as_known(sentence: str) -> bool:
    """A match named by its result as if the reader knew it ("X had a miserable time in the dire defeat to
    Scotland"), not dated: whose defeat, the sentence before said."""
    return "the " in sentence and bool(_RESULT.search(sentence)) and not _DATED.search(sentence)


# A time, then a pronoun as the subject with no comma between: "This week he purchased two cameras ...", "On Monday
# she said ..." (with a comma, bot.summarise.screen.leans sees it).
_TIME_THEN_PRONOUN = re.compile(r"(?:(?:This|Last|Next|That|Earlier this|Later that) (?:week|weekend|month|year|morning"
                                r"|afternoon|evening|night|season|summer|winter|spring|autumn|time)|(?:On|By) (?:Monday"
                                r"|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|Yesterday|Today|Now|Then|Later)"
                                r" (?:he|she|they|it)\b")  # (not "we": "This year we saw ...", everyone)


def pronoun_after_time(sentence: str) -> bool:
    """A time opening the sentence, then "he", "she", "they" as its subject ("This week he purchased ..."): who, the
    sentence before said."""
    return bool(_TIME_THEN_PRONOUN.match(sentence))


# A person as a pronoun inside the sentence ("... listen to his interview afterwards"), and someone before it who may be
# that person: a thing or person by a determiner ("The pundit said his ...", "A boy who ..."), "people", an age.
_PERSON_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|himself|herself)\b")
_SOMEONE = re.compile(r"\b(?:the|a|an|this|that|one|who|whose|people|someone|anyone|everyone|nobody|\d+-year-old)\b",
                      re.IGNORECASE)


def unnamed_person(sentence: str) -> bool:
    """A person as "he", "his", "her" inside a sentence that names nobody (no name after its first word, no one
    with "the" or "a" before the pronoun): "You just had to listen to his interview afterwards - he beamed ...": who,
    another sentence said. (An opening "He ..." leans already: bot.summarise.screen.leans.)"""
    m = _PERSON_PRONOUN.search(sentence)
    if m is None or m.start() == 0:
        return False
    first, *rest = sentence.split()
    if any(w[:1].isupper() and w != "I" for w in rest):
        return False  # (a name: "In 1984 he joined Xville Rovers", "His rival Jo Roe": maybe who it is)
    from bot.language import stop_words

    return first.lower().strip(",") in stop_words("english") and not _SOMEONE.search(sentence, 0, m.start())


# The first person plural as the speaker, outside any quotation: "We've called for ...", "Our members want ...".
_WE = re.compile(r"We(?:['’](?:ve|re|ll|d))? (?:[a-z]+ly )?(?!all\b|know\b|now\b)[a-z]")


# ... and the first person singular: "I don't believe in the minimum wage at all!", "My first car ran on ...".
_I = re.compile(r"(?:I(?:['’](?:m|ve|d|ll))?|My) (?:[a-z]+ly )?[a-z]")


def unnamed_speaker(sentence: str) -> bool:
    """The sentence opens with "We", "I" or "My" outside a quotation ("We've called for the pension to rise ...", "I
    don't believe in ..."): a speaker another sentence names (an interview's answer, a group's statement, a reader's
    comment), or the writer."""
    return sentence[:1] == "W" and bool(_WE.match(sentence)) or sentence[:1] in "IM" and bool(_I.match(sentence))


# Someone named by what they are: kin, age, role ("The father created ...", "The 31-year-old won ...", "The Bedford
# star returned ..."); who that is, another sentence said (not "The man who ...": introduced right there).
_ROLE = (r"father|mother|dad|mum|mom|son|daughter|brother|sister|husband|wife|boyfriend|girlfriend|fiancee?|widow"
         r"|widower|toddler|baby|boy|girl|man|woman|teenager|teen|youngster|schoolboy|schoolgirl|pensioner|grandmother"
         r"|grandfather|couple|pair|star|player|actor|actress|singer|rapper|striker|midfielder|defender|goalkeeper"
         r"|winger|forward|captain|athlete|runner|champion|veteran|youngster|mother-of-\w+|father-of-\w+")
_PERSON = re.compile(rf"The (?:\d{{1,3}}-year-old|(?:[A-Z][\w'’-]+ |[a-z]+-?[a-z]+ )?(?:{_ROLE}))"
                     r"(?: (?:of|from) [a-z]+)? (?!who\b|whose\b|,)(?:[a-z]+ed|[a-z]+s|was|is|had|has|will|would|could"
                     r"|made|took|won|lost|came|went|said|told|ran|set|left|got|gave)\b")


def person_as_known(sentence: str) -> bool:
    """The sentence's subject is a person named by kin, age or role with "The" ("The father created ...", "The
    31-year-old won ...", "The Bedford star returned ..."): someone another sentence introduced (a headline's
    "father" is no introduction: it does not say who)."""
    return sentence.startswith("The ") and bool(_PERSON.match(sentence))


# "The Tykes have ...": a plural name with "The", a team's or a group's nickname.
_NICKNAME = re.compile(r"The ([A-Z][a-z]{2,}s) (?=[a-z])")


def nickname(sentence: str, before: str, rest: str) -> str | None:
    """The nickname the sentence opens with ("The Tykes have brought in ...") when the text never gives it anywhere
    else, ``before`` or ``rest`` of the sentence (nor its singular, "Conservative" for "The Conservatives"): no
    sentence ties it to the name the reader knows (the headline may)."""
    m = _NICKNAME.match(sentence)
    if m is None:
        return None
    word = m.group(1)
    singular = word[:-3] + "y" if word.endswith("ies") else word[:-2] if word.endswith("es") else word[:-1]
    if word in rest or singular in before or singular in rest or word in before:
        return None
    return word


# "The additional bans ...", "The other two ...", "The remaining players ...", "The same ...", "The latter ...": an
# adjective that counts from, or compares with, a thing another sentence gave. (Not "The former England captain": a role.)
_MORE_OF = re.compile(r"(?:The|These|Those) (?:additional|further|extra|remaining|other|same|latter)\b(?![-'’])")


def more_of_told(sentence: str) -> bool:
    """The subject is more of, the rest of, or the same as something told ("The additional bans come into effect
    from 28 December ..."): the sentence before it said what."""
    return sentence[:1] == "T" and bool(_MORE_OF.match(sentence))


# "The 2001 rites-of-passage drama ...", "The 2000 deal resulted ...": a thing by the year it was made, no name or
# "of"/"who" phrase after it saying which (not "The 2003 French Open champion", "The 2004-05 season": a name, a time).
_BY_ITS_YEAR = re.compile(r"The (?:1[89]|20)\d\d(?:-\d\d)? ((?:[a-z][\w-]* ){1,4})")
_SAYS_WHICH = frozenset("of who whose which that in at for from on by with".split())
_TIME_HEADS = frozenset("season year term decade campaign half quarter".split())
_VERBS_AFTER = frozenset("is was are were has had have will would could can may might about brought resulted".split())


def dated_thing(sentence: str) -> bool:
    """The subject is a thing by its year ("The 2001 rites-of-passage drama about ... brought X attention", "The 2000 deal
    resulted from ..."): a film, a deal, an event another sentence named; which one, that sentence said. (Not one said
    right there, "The 1998 law of the sea", nor a time, "The 2004-05 season".)"""
    m = _BY_ITS_YEAR.match(sentence) if sentence[:4] == "The " else None
    if m is None:
        return False
    words = m.group(1).split()
    head = next((k for k, w in enumerate(words) if w in _SAYS_WHICH or w in _VERBS_AFTER), len(words))
    return 0 < head and words[head - 1] not in _TIME_HEADS and (head == len(words) or words[head] not in _SAYS_WHICH)


def takes_from_before(sentence: str) -> bool:
    """A placing without its winner, a time counted from a moment not given, a speaker not named, a match by its
    result as if told, a pronoun after a time, more of something told, a thing by its year: what the sentence needs,
    the one before it gave (for bot.summarise.openings.needs_before)."""
    return placing(sentence) or relative_time(sentence) or unnamed_speaker(sentence) or result_as_known(sentence) \
        or pronoun_after_time(sentence) or more_of_told(sentence) or dated_thing(sentence) or unnamed_person(sentence) \
        or back_to(sentence)


# The account coming back to a place it told of before: "Back at pre-Olympic ranch in Greece, ...", "Back home, ...",
# "Back in London, ..." (not a time: "Back in 1999, ...", "Back in the summer, ...": a flashback stands alone).
_BACK_TO = re.compile(r"Back (?:at|home|on|in (?!(?:1[5-9]\d\d|20\d\d|January|February|March|April|May|June|July|August"
                      r"|September|October|November|December|the (?:day|days|summer|spring|autumn|winter|year|years|time"
                      r"|\d|early|late|mid|past|old))\b))\b[^,]{0,60},")


def back_to(sentence: str) -> bool:
    """The account comes back to a place it left ("Back at the ranch, things couldn't have got any worse ..."): where
    it was, and what happened there before, the sentences before told."""
    return sentence.startswith("Back ") and bool(_BACK_TO.match(sentence))
