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

from bot.summarise import anchors, ledes, portuguese, standing, voice, ways_in
from bot.summarise.screen import _CLOSE_Q, _NOT_LEANING_NEXT, _OPEN_Q, leans
from bot.text.words import has_digit

__all__ = ["OPENING_FAMILIES", "needs_before", "opening_problem", "points_back"]

#: Why a sentence cannot open a story (it may still come later): families of :func:`opening_problem`.
OPENING_FAMILIES = ("leans", "points-back", "aside", "event-anaphor", "quote", "reader", "background", "reaction",
                    "speculation", "response", "aftermath", "witness", "scene", "framing", "explainer", "position",
                    "teaser", "verdict", "interview", "buzz", "hook", "first-person", "state", "no-event",
                    "forecast", "illustration", "glued", "person", "adds", "stance")

_TIME_NOUNS = _NOT_LEANING_NEXT | frozenset("past coming next weekend's week's year's month's one's decade century "
                                            "period quarter".split())
# "this step", "these weapons" inside a sentence: something named in another sentence (not "this
# town of Erimo", "this town called X": named right there; "this fishing town on Japan's northern
# island" says where it is, not which: the dateline named it).
_DEMONSTRATIVE = re.compile(r"\b(?:this|these) ([a-z][a-z'’-]*)\b(?!(?: [a-z][\w'’-]*){0,3} (?:of|called|named) [A-Z])"
                            r"|\bthat ([a-z][a-z'’-]*)(?=[,.;:!?])"  # ("said that police ...": a conjunction)
                            r"|\b(?:with|of|about|for|from|against|over|after|before|despite) that ([a-z][a-z'’-]*)")
# "When Apple made the move, ...", "just such a pair": a move, a decision or a kind told in another sentence.
_POINTING = re.compile(r"\bthe (?:move|step|decision|idea|change)\b(?! (?:to|that|of|by|in|on|at|which|from|for|with"
                       r"|comes|came)\b)|\b(?:just|exactly|precisely) such\b"
                       r"|\bsuch (?!as\b)(?:[a-z]+ )?[a-z]{3,}s\b(?! as\b| that\b)")  # ("such networks": of a kind told)
_EVENT_NOUNS = (r"accident|attack|incident|crash|collision|explosion|blast|fire|shooting|killing|stabbing|assault"
                r"|launch|test|strike|raid|move|decision|announcement|deal|agreement|ruling|verdict|arrest"
                r"|disaster|tragedy|outbreak|quake|earthquake|storm|derailment|sinking|rescue|operation|event")
# What the event was done with, named as known: "Warnings of the missiles spread ...", "Debris from the rocket ...".
_WEAPONS = r"missile|rocket|bomb|shell|grenade|bullet|drone|torpedo"
# "The accident happened late Tuesday ...": the event named by its kind, as if already told;
# "... have been injured after the accident.": the same at the end.
_EVENT_SUBJECT = re.compile(rf"The (?:{_EVENT_NOUNS})(?:s|es)? (?:happened|occurred|took|came|comes|was|were|is|are|has"
                            rf"|had|left|killed|triggered|sparked|prompted|caused|follows|followed|marks|marked|will"
                            rf"|would|could|may|might|also)\b")
# ... or by what was seen of it, with its day, as if told already: "The bright streak Tuesday evening was seen in ..."
_DAY_WORDS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|last night)"
_EVENT_SEEN = re.compile(rf"The (?:[a-z][\w-]* ){{0,2}}[a-z][\w-]* (?:on |late |early )?{_DAY_WORDS}"
                         r"(?: (?:morning|afternoon|evening|night))? (?:was|were) (?:seen|spotted|visible|felt|heard"
                         r"|observed|captured|caught|filmed|photographed)\b")
_EVENT_OBJECT = re.compile(rf"\b(?:after|since|during|following|before|in|by|from|of) the (?:{_EVENT_NOUNS})(?:s|es)?"
                           rf"[.!]?[\"”’]?$")
# ... and in its first words ("Scenes after the crash were described as ..."), or its aftermath named as
# known: "Survivors rescued from the wreckage said ...", "... none of the injuries appeared fatal."
_EVENT_EARLY = re.compile(rf"(?:\S+ ){{0,3}}(?:after|since|during|following|from|of|at) the (?:{_EVENT_NOUNS})(?:s|es)?\b"
                          r"(?! (?:of|in|at|on|near|outside|inside)\b)")
_WEAPON_EARLY = re.compile(rf"(?:\S+ ){{0,3}}(?:after|since|during|following|from|of|at) the (?:{_WEAPONS})s?\b"
                           r"(?! (?:of|in|at|on|near|outside|inside)\b)")
_AFTERMATH = re.compile(r"\bthe (?:injured|injuries|wreckage|rubble|survivors|victims|casualties|dead|wounded|aftermath"
                        r"|death toll)\b(?! (?:of|in|at|on|from)\b| [A-Z])")
# Talking to the reader: "Stop me if you've heard this one before.", "there you will find microbes."
_YOU = re.compile(r"\b(?:you|your|yours|you['’](?:re|ve|ll|d))\b", re.IGNORECASE)
_IMPERATIVES = frozenset("stop imagine meet forget picture remember consider suppose think say look take try "
                         "check watch listen read see let's don't".split())
# Background rather than the news: "There are still questions over ...", "X had just spent ...",
# "Previously, ...", and an action dated weeks back ("... proposed last month that ...") with no day
# of this week in the sentence. ("There were 129 people on board when the vessel hit ...": the event.)
_BACKGROUND = re.compile(r"There (?:is|are|was|were|has been|have been|had been)\b(?![^.;]* when (?:the|a|an|[A-Z])\b)"
                         r"|(?:[A-Z][\w'’.-]*)(?: (?!said|says|told)[\w'’.-]+){0,3} had (?:just |already |long |once "
                         r"|previously )?[a-z]|Previously,|Earlier (?:this|last) (?:week|month|year),"
                         r"|(?:[\w'’.-]+ ){1,5}(?:is|are) (?:one|among) (?:of )?the (?:few|many|most|best|largest|biggest"
                         r"|only)\b"  # ("Samsung is one of the few that ...": what it is, not what happened)
                         # an earlier one of a series: "The opening supermoon in the trio, ..., took place on ..."
                         r"|The (?:first|opening|previous|earlier) [\w'’-]+ (?:in|of) the (?:trio|trilogy|series|pair|run"
                         r"|sequence)\b"
                         # an event still to come as the frame: "As the country prepares to vote on Sunday, X has ..."
                         r"|As (?:[\w'’.-]+ ){1,5}(?:prepares?|gears? up|gets? ready|readies|ready) (?:to|for)\b[^,]*,")
# A consequence or a guess rather than what happened: "A combined company would touch ..."
_DATED_BACK = re.compile(r"\b[a-z]+ed (?:last (?:month|year)|(?:weeks|months|years) ago|earlier this (?:month|year))\b"
                         r"|\b(?:said|told|wrote|says) (?:this|last) (?:year|month)\b")  # (a view quoted from months back)
# A month with no day ("... its sixth nuclear test in September"): dated back, where news has its day.
_MONTH_ONLY = re.compile(r"\b(?:in|during|last|early|late|mid-?) (?:January|February|March|April|May"
                         r"|June|July|August|September|October|November|December)\b(?! \d)")
_FUTURE = re.compile(r"\b(?:will|would|plans?|planned|scheduled|expected|due|next|upcoming)\b")
_NOW = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tonight|this week)\b")


# A reaction to the news rather than the news: condolences, tributes, "thoughts and prayers".
_REACTION = re.compile(r"\b(?:condolences|sympathies|thoughts and prayers|(?:paid|pays|paying) (?:a )?tributes?"
                       r"|(?:call(?:s|ed|ing)? for|held|hold|holds|observed?|observing) a minute['’]?s? (?:of )?"
                       r"(?:applause|silence)"
                       r"|candlelight vigil"
                       r"|(?:horrified|saddened|heartbroken|devastated)[\"”’]? (?:by|at|over)\b)", re.IGNORECASE)


# What officials did about the news rather than the news: "X has been briefed on the unfolding
# situation", "... were still reviewing the speech", "did not immediately respond", "Asked about ...".
_RESPONSE = re.compile(r"\b(?:(?:has|have|had) been|was|were|is|are|being) (?:fully |personally )?briefed\b"
                       r"|\b(?:is|are|was|were) (?:closely |still )?(?:monitoring|reviewing|assessing)"
                       r" (?:the|its|his|her|their|\w+['’]s)\b|\bdeclined to (?:comment|say)\b"
                       r"|\b(?:did not|didn['’]t|could not|couldn['’]t) (?:immediately )?(?:respond|be reached|comment)\b"
                       r"|^Asked (?:about|by|to comment|whether|if|what|how|why)\b"
                       # an answer to news not yet told: "Responding to the plans, the chairman said ..."
                       r"|^(?:Responding|Reacting|Replying) to (?:the|this|these|those|his|her|their|its)\b"
                       r"|^In (?:response|reaction|reply) to (?:the|this|these|those|his|her|their|its)\b"
                       r"|\bthe (?:unfolding|developing) situation\b"
                       # still finding out what the news was: "... they were still seeking to establish the names of ..."
                       r"|\bstill (?:seeking|trying|working|attempting|struggling|waiting) to (?:establish|identify|determine"
                       r"|confirm|ascertain|find out|learn|verify|work out)\b")
# A reaction (or a description of one) as the subject: "The judgment and criticism built quickly after ...",
# "Scenes after the crash were described as ...".
_REACTION_SUBJECT = re.compile(r"(?:The |A |An )?(?:[a-z]+ (?:and|of) )?(?:(?:judgment|judgement|criticism|outrage|backlash"
                               r"|condemnation|reactions?|anger|fury|grief|shock|dismay|praise|tributes)\b"
                               r"(?! (?:waves?|absorbers?|therapy|value)\b)"
                               r"|scenes\b[^.]{0,60}\b(?:were|was|have been|has been) described as\b)", re.IGNORECASE)
# Hurt people counted with no word of what hurt them: "Four people were taken to hospital with serious injuries."
_CASUALTIES = re.compile(r"\b(?:were|was|have been|has been|had been) (?:taken to (?:a |the )?hospitals?|hospitali[sz]ed"
                         r"|(?:seriously |slightly |critically |badly )?(?:injured|hurt|wounded))\b")
_HURT_HERE = re.compile(r"\b(?:killed|died|dead|injured|hurt|wounded|hospitali[sz]ed)\b")  # ("the victims" of this one)
_CAUSE = re.compile(r"\b(?:after|when|as|during|following|by|because|since|amid|in (?:a|an|the|[A-Z]|\w+['’]s)"
                    r"|at (?:a|an|the)|on (?:a|an|the))\b")
# A private person's account: named with an age, or as one witness ("Jane Roe, 30, said she ...",
# "68-year-old Roe said", "One passenger said ...").
_WITNESS = re.compile(r"(?:[A-Z][\w'’-]+ ){1,3}?[A-Z][\w'’-]+, \d{1,3}, (?:(?![^,.]*\b(?:MP|[Mm]inister|[Pp]resident|[Cc]hief"
                      r"|[Dd]irector|[Ss]pokes\w+|[Oo]fficer|[Ss]ecretary|[Ll]eader|[Cc]hairman|[Hh]ead|[Ee]xecutive|[Ss]enator"
                      r"|[Mm]ayor|[Gg]overnor|[Jj]udge|[Pp]olice|[Pp]rofessor|[Cc]oach|[Mm]anager)\b)[^,.]{1,60}, )?"
                      r"(?:said|says|recalled|told|described)"
                      r"|\b\d{1,3}-year-old (?:[A-Z][\w'’-]+ ?){1,3} (?:said|says|recalled|told)"
                      r"|^(?:One|A|Another) (?:witness|passenger|survivor|resident|neighbou?r|bystander|onlooker)s? "
                      r"(?:said|says|told|recalled|described)"
                      # ... or one voice online: "One social media user tweeted that ..."
                      r"|^(?:One|A|Another) (?:[\w-]+ ){0,2}(?:user|viewer|fan|follower|commenter)s? (?:tweeted|posted|wrote"
                      r"|said|commented)")
# A scene set rather than an event told: "Ever since ...", "America woke up to news of ...", and weather
# and light as the writer saw them: "out of the cold Detroit sky", "this windswept fishing town".
_SCENE = re.compile(r"^Ever since\b|\bwoke (?:up )?(?:\w+ ){0,2}to (?:the )?news\b"
                    r"|\b(?:the|this|a|an) (?:cold|dark|grey|gray|windswept|sleepy|quiet|sunny|rainy|snowy|misty|chilly"
                    r"|balmy|dusty|bleak|frigid|sweltering|leafy|foggy|moonlit|sun-drenched|rain-soaked|wind-swept)"
                    r"(?: [\w'’-]+){0,2} (?:sky|skies|air|streets?|town|village|hills?|fields?|valley|coast"
                    r"|shore|island|morning|night|evening|afternoon|dawn|dusk)\b")
# A contrast set up with a guess: "While X could one day carry passengers, Y has already ...".
_FRAMING = re.compile(r"While [^,;]{0,120}\b(?:could|would|might|may) (?:one day|someday|some day|eventually|soon|yet)\b")
# What a kind of thing is or when it happens, or what it takes: "Supermoons take place when the moon ...",
# "For the moon to look big in a picture requires a telephoto lens.", "Astronomers don't need any ...".
_EXPLAINER = re.compile(r"For [^,]{3,80}? to [a-z]+\b[^,]{0,60}? (?:requires?|needs?|takes?|calls for)\b"
                        r"|(?:[\w'’-]+ ){1,4}(?:don['’]t|do not|doesn['’]t|does not) need (?:any|to)\b"
                        r"|(?:[A-Z][a-z]+s|(?:A|An) [a-z]+) (?:take place|takes place|occurs?|happens?|forms?|arises?) when\b"
                        r"|(?:[A-Z][a-z]+s|(?:A|An) [a-z]+) (?:is|are) (?:a|an) (?:kind|type|form|class) of\b")
# A view paraphrased, with a quoted fragment, its speaker at the end: "Rather than encouraging measures
# that "threaten the peace," Seoul should instead respond ..., Kim said."
_OUGHT = re.compile(r"\b(?:should|must|ought to)\b")
_QUOTED_BIT = re.compile(r"[\"“][^\"“”]{3,}[\"”]")
_SAID_AT_END = re.compile(r", [^,\"“”]{1,60} (?:said|says|argued|added|wrote)"
                          r"(?: on [A-Z]\w+| [A-Z]\w+day)?\.$")
# The article describing itself (a standfirst): "The director and stars reveal a ton of details about ...".
_TEASER = re.compile(r"\b(?:reveal|reveals|explain|explains|share|shares|discuss|discusses|dish|dishes|spill|spills"
                     r"|break down|breaks down|go inside|goes inside|take a look|takes a look|look back|looks back)"
                     r" (?:a ton of |tons of |(?:all|some|lots|plenty) of |more |new |the |their |his |her )?"
                     r"(?:details|secrets|insights?|everything|stories|behind-the-scenes|at how|at why|at what)\b"
                     r"|\b(?:all|everything) (?:that )?you need to know\b")  # ("providing you with all you need to know")
# A programme describing itself: "A senator joins "News with Ed" to discuss ...", "X joined us for more.",
# "NPR's Jane Roe talks to a reporter in Paris about ...".
_INTERVIEW = re.compile(r"\bjoins? (?:us|[\"“][^\"“”]{2,40}[\"”]|[A-Z][\w'’]*(?: [A-Z][\w'’]*){0,3}) (?:to (?:discuss|talk"
                        r"|explain|share|look|break)|for more|now)\b|\bjoined us\b|\bwe(?: are|['’]re) joined\b"
                        r"|^(?:[A-Z][\w'’.]* ){0,2}[A-Z][\w'’.]*['’]s (?:[A-Z][\w'’-]* ){1,3}(?:talks|speaks) (?:to|with)\b"
                        r"|\b(?:spoke|talked|sat down) (?:with|to)\b[^.]{0,160}\bto (?:learn|find out|hear|discuss|talk about)\b"
                        r"|\bwe (?:spoke|talked|sat down) (?:with|to)\b")
# A thing said to exist as a view, not an event: "X said there's a problem with the larger concept of zoos."
_VIEW = re.compile(r"\b(?:said|says|argued|argues|believes?|thinks?|warned|warns) (?:that )?there(?:['’]s| is| are)"
                   r" (?:a |an |no )?(?:[\w-]+ ){0,2}(?:problems?|need|case|reasons?|concerns?|issues?|questions?|dangers?"
                   r"|risks?|place)\b")
# The news being that people talk about it: "A fireball ... is lighting up social media.", "... went viral".
_BUZZ = re.compile(r"\b(?:is|are|was|were|has been|have been) (?:lighting up|blowing up|taking over|flooding|sweeping"
                   r"|trending on|going viral on|all over) (?:social media|the internet|the web|twitter|facebook|instagram"
                   r"|tiktok)\b|\b(?:went|goes|has gone|have gone|is going) viral\b"
                   r"|\bha(?:s|ve|d) (?:the internet|social media|twitter|fans) (?:talking|buzzing|in a frenzy)\b"
                   # the public's interest as the news: "The global obsession with the fight has reached the point ..."
                   r"|\b(?:obsession|fascination|frenzy|hype|excitement|fever|mania|craze) (?:with|over|around|surrounding"
                   r"|about|for) [^.]{1,80}? (?:has|have|had) (?:reached|hit|grown|gripped|taken over)\b",
                   re.IGNORECASE)
# A feature's hook that withholds what happened: "The parade became a race to save one coach's life."
_HOOK = re.compile(r"\b(?:became|becomes|turned into|turns into) (?:a|an) (?:race|battle|fight|nightmare|struggle|scramble"
                   r"|lesson|ordeal)\b|\bone (?!of\b)[a-z]+['’]s (?:life|lives|fight|battle|story|journey|struggle|ordeal"
                   r"|dream|nightmare|quest)\b")
# ... and a riddle for a lede: "X has seen the future and it is in his son's hands.", "The future is here, and ..."
_RIDDLE = re.compile(r"\b(?:has|have|had) seen the future\b|^The future (?:is|lies|has arrived)\b")
# A state of long standing as the frame: "Economy passengers have long wished ...", "When X learned that his son had
# ..., his mind was flooded ...": what was so before the news, not the news.
_LONG_HELD = re.compile(r"(?:[\w'’.-]+ ){1,5}?(?:have|has) long (?:[a-z]+ed|known|thought|held|sought|been)\b"
                        r"|When (?:[\w'’.,-]+ ){1,8}?(?:first )?(?:learned|learnt|discovered|found out|heard|realised"
                        r"|realized|was told|were told|was diagnosed|were diagnosed)\b")
# The writer (or a speaker nobody names) in the first person singular, outside quotation marks: "I bought my son a
# phone ...", "After using it for a while I am not tempted ..." ("Our young Earth ...", "we" are everyone).
_FIRST_PERSON = re.compile(r"(?:^|(?<=\s))(?:I(?:['’](?:m|ve|d|ll))?|^My) (?=[a-z])")  # ("World War I", "My Family")
# How things are, told in a few words that name nothing but their subject: "China is rocketing ahead with its
# plans for lunar exploration.", "Joss Stone is a soul artist." (no figure, no day: a state, not an event).
_STATE = re.compile(r"(?!(?:The|A|An|This|That|It|There|These|Those) )(?:[A-Z][\w'’.-]*\s){1,3}(?:is|are)\s"
                    r"(?!(?:expected|due|set|scheduled|to|about)\b)")
# A reaction by its form, the feeling first: "In a heartfelt Instagram post, X called for ..."
_REACTION_FORM = re.compile(r"^In an? (?:heartfelt|emotional|moving|touching|tearful|heartbreaking|poignant|impassioned"
                            r"|passionate|scathing|angry|defiant)(?: [\w-]+){0,2} (?:post|tweet|message|statement"
                            r"|video|letter|note|tribute)\b")
# The vehicle of the event as if known: "There were 129 people on board the ship when the vessel hit ...".
_ON_BOARD = re.compile(r"\b(?:on board|onboard|aboard) the (?:ship|vessel|boat|ferry|plane|aircraft|jet|flight|airliner"
                       r"|bus|coach|train|helicopter|submarine)\b|^There (?:were|was) [^.;]{0,40}\bon board\b")
# A place named by its kind, as if known (a dateline named it): "... to crash in woods in the country's northwest".
_PLACE_KINDS = r"(?:country|nation|city|town|village|island|region|province|state)"
_PLACE_KIND = re.compile(rf"\b(?:the {_PLACE_KINDS}['’]s|this {_PLACE_KINDS}\b(?! (?:of|called|named) [A-Z]))")


def _unplaced(sentence: str) -> bool:
    """A place referred to by its kind ("the country's northwest") with no name capitalised before it (a
    first word counts unless it is a plain opener or a plural: "Investigators are looking into ...")."""
    m = _PLACE_KIND.search(sentence)
    if not m:
        return False
    words = sentence[:m.start()].split()
    if not words:
        return True
    first = words[0].strip(",\"“”'’")
    plain = first.lower() in _PLAIN_FIRST or len(first) > 5 and first[-1] == "s" and first[-2] not in "s'’"
    return not any(w[:1].isupper() and w.strip(",.;:!?\"“”'’") not in _CALENDAR for w in words[1 if plain else 0:])


# A verdict with nobody and nothing named: "The fall from the peaks of early January has been dizzying.",
# "Some believe it was a sparrow."
_VERDICT = re.compile(r"\b(?:is|was|are|were|has been|have been|had been|seems|seemed) (?:\w+ )?[\w-]+(?<!ed)[.!]$")
# A reviewer's judgement, hedged: "The first episode of the season might be its most brilliant."
_OPINION = re.compile(r"\b(?:might|may|could|must) (?:well |just )?be (?:its|their|his|her|the|this year's|the year's)"
                      r" (?:most|best|finest|worst|greatest|strongest|weakest)\b")
_CALENDAR = frozenset("January February March April May June July August September October November December Monday "
                      "Tuesday Wednesday Thursday Friday Saturday Sunday I".split())


_PLAIN_FIRST = frozenset("the a an some it this that these those many most few all every each no one there here such "
                         "what his her their its our".split())


def _by_month(told: str) -> bool:
    """An event dated by a month alone, past, and no figure in it ("... its sixth nuclear test in September")."""
    return bool(_MONTH_ONLY.search(told)) and not _FUTURE.search(told) and not has_digit(told)


def _first_person(told: str) -> bool:
    """The writer's "I" (or "My" opening the sentence) outside a quotation: not after a capitalised word other than
    the first ("World War I drama") nor after a quotation mark opened and left open ('said: "I heard ...')."""
    for m in _FIRST_PERSON.finditer(told):
        before = told[:m.start()].split()
        if any(q in told[:m.start()] for q in "\"“‘") or " '" in told[:m.start()]:
            return False
        if len(before) <= 1 or not before[-1][:1].isupper():
            return True
    return False


def _only_its_subject(sentence: str) -> bool:
    """A short sentence (12 words at most) naming nothing after its subject, with no figure and no quotation."""
    words = sentence.split()
    if len(words) > 12 or has_digit(sentence) or any(q in sentence for q in "\"“”"):
        return False
    m = _STATE.match(sentence)
    return m is not None and not any(w[:1].isupper() for w in sentence[m.end():].split())


def _names_nothing(sentence: str) -> bool:
    """No name (a capitalised word, but a first word such as "The" and a month or day) and no number."""
    words = sentence.split()
    if not words or has_digit(sentence) or words[0].lower() not in _PLAIN_FIRST:
        return False
    return not any(w[:1].isupper() and w.strip(",.;:!?\"“”'’") not in _CALENDAR for w in words[1:])


def _outside_quotes(sentence: str) -> str:
    return re.sub(r"[\"“„«][^\"“”„«»]*[\"”»]", " ", sentence)


# "A spokesman referred to it only as ...", "Rescuers pulled them out": a thing told before, as the object
# of the sentence's first verb (not "said it was": "it" there opens a clause).
_OBJECT_PRONOUN = re.compile(r"(?:[\w'’.-]+ ){1,6}?(?:[a-z]+ed|called|saw|found|made|took|gave|named|left|put|got)"
                             r" (?:to |at |on |about |of |with )?(?:it|them)\b(?! (?:[a-z]+s|[a-z]+ed|were|are|had|would|will"
                             r"|could|to|that|may|might|can)\b| [\w-]+ to\b)")  # ("found it hard to": "it" opens a clause)


# A thing said or written, named as if already introduced: "The post said: ...", "The statement added ...".
_TOLD_THING = re.compile(r"The (?:post|statement|letter|report|message|tweet|video|document|memo|note|e-?mail|study|survey"
                         r"|petition|complaint|lawsuit|filing|book|article|interview) (?:said|says|read|reads|added|adds"
                         r"|claimed|claims|stated|states|went on|continued|also)\b")


_PRONOUN = re.compile(r"\b(?:it|he|she|they|him|them)\b")  # (not "its", "their": the subject's own, mostly)


def points_back(sentence: str, language: str = "english") -> bool:
    """True if the sentence names something told in another one: "this step", "these weapons" (not
    "this year"), a place by its kind and no name ("in the country's northwest"). Such a sentence comes
    right after the one it points to, as a leaning one does."""
    if language != "english":
        return False
    told = _outside_quotes(sentence)
    if ("this " in told or "these " in told or "that " in told) and any(
            (word := m.group(1) or m.group(2) or m.group(3)) not in _TIME_NOUNS
            and not (m.start() and word in voice.VERBS_AFTER_PRONOUN) for m in _DEMONSTRATIVE.finditer(told)):
        return True
    if told.startswith("The ") and _TOLD_THING.match(told):
        return True
    words = sentence.split()
    if len(words) <= 12 and (_PRONOUN.search(" ".join(words[:3])) or words[-1].rstrip(".!\"”’") in ("this", "that")) \
            and _names_nothing(sentence):
        return True  # "Some believe it was a sparrow.", "The ticket agent laughed at this." (not "The firms said they")
    if (" it" in told or " them" in told) and _OBJECT_PRONOUN.match(told):
        return True
    if _unplaced(told):
        return True  # "... in the country's northwest", no country named: the dateline or a sentence before did
    return (" such" in told or "the " in told) and bool(_POINTING.search(told))


# Openers that answer or continue what came before; left out of leans() (and so of the summariser's
# selection, where "Now, police say ..." often is the news) but never shown without that sentence.
_REPLIES = ("Now, ", "Yes, ", "Sure, ", "Of course, ", "No, ", "In fact, ")  # ("In fact, ...": more than it said)


def needs_before(sentence: str, language: str = "english") -> bool:
    """True if the sentence needs the one before it to be understood: it leans on it (:func:`leans`),
    points to something it told (:func:`points_back`), answers it ("Now, ...", "Yes, ...") or takes from it
    what it does not say (bot.summarise.anchors: "X was second, with Y in third.", "... 12 months later")."""
    return leans(sentence, language) or language == "english" and (
        sentence.startswith(_REPLIES) or points_back(sentence, language) or anchors.takes_from_before(sentence)) \
        or language == "portuguese" and portuguese.leans_back(sentence)


def opening_problem(sentence: str, language: str = "english", lede: bool = False) -> str | None:
    """Why ``sentence`` cannot be a story's first line (a family of OPENING_FAMILIES), or None.

    ``lede``: the sentence is its article's first: a view with its speaker at the end ("The BBC
    should ..., X has said.") and a month with no day ("Output fell in October") are then the
    news as its writer led with it; further down they are a pull quote and background.

    A story opens with the statement of what happened: not a sentence leaning on another ("He ...",
    "But ...", "If these ..."), pointing to one ("... welcome this step."), naming the event as if
    told already ("The accident happened ..."), a quotation, words to the reader ("Stop me if
    you've heard this one before."), background ("There are still questions ...", "X had just ..."), a
    reaction (condolences, tributes, "The criticism built quickly ...") or a consequence ("A combined
    company would ..."); nor what officials did about it ("X has been briefed on the situation"),
    the hurt counted before the event, a witness's account ("Jane Roe, 30, said she ..."), a scene
    set ("Ever since ...", "out of the cold grey sky"), a framing ("While X could one day ..."), an
    explainer ("Supermoons take place when ..."), a pull quote ("X should ..., Y said."), the page's
    standfirst ("... reveal a ton of details"), a programme's description of itself ("X joins us to
    discuss ...") or a verdict naming nothing ("The fall has been dizzying.").
    """
    if needs_before(sentence, language):
        if leans(sentence, language) or sentence.startswith(_REPLIES) or language != "english":
            return "leans"
        return "first-person" if sentence[:1] in "IM" and anchors.unnamed_speaker(sentence) else "points-back"
    if sentence[:1] == "(":
        return "aside"  # "(An executive tells the publication that ...)"
    if sentence[:1] in _OPEN_Q or sentence[:1] in _CLOSE_Q:
        return "quote"
    if language != "english":
        return portuguese.opening_problem(sentence, lede) if language == "portuguese" else None
    if sentence.startswith("The ") and (_EVENT_SUBJECT.match(sentence) or _EVENT_SEEN.match(sentence)) \
            or _EVENT_OBJECT.search(sentence):
        return "event-anaphor"
    if voice.PRONOUN_SPEAKER.search(sentence) or voice.PRONOUN_SUBJECT.match(sentence) or ways_in.unnamed_person(sentence):
        return "leans"  # "..., he said.", "Playing with ..., it tells": who that is, another sentence says
    first = sentence.split(" ", 1)[0].lower().strip(",")
    told = _outside_quotes(sentence)
    opening_words = " ".join(told.split()[:8])  # ("something you'd wear" later is anyone)
    if standing.announces_page(sentence):
        return "teaser"  # ("X looks at the reaction.", "X tries to find out if you ...": the page, before its reader)
    if first in _IMPERATIVES or "you" in opening_words.lower() and _YOU.search(opening_words):
        return "reader"
    if _REACTION.search(sentence) or _REACTION_SUBJECT.match(sentence):
        return "reaction"
    if _RESPONSE.search(sentence):
        return "response"
    if _EVENT_EARLY.match(sentence) or _AFTERMATH.search(told) and not _HURT_HERE.search(_AFTERMATH.sub(" ", sentence)):
        return "event-anaphor"
    if _CASUALTIES.search(sentence) and not _CAUSE.search(sentence):
        return "aftermath"
    if _WITNESS.search(sentence):
        return "witness"
    if _SCENE.search(sentence):
        return "scene"
    if _WEAPON_EARLY.match(sentence):
        return "event-anaphor"  # ("Warnings of the missiles spread ...": which missiles, another sentence said)
    if _FRAMING.match(sentence):
        return "framing"
    if (voice.SPECULATION.match(sentence) or voice.MAY_SPECULATION.match(sentence) and not _NOW.search(sentence)) \
            and not voice.ATTRIBUTED.search(sentence) and not (lede and ledes.caused(sentence)) \
            and not ways_in.concessive(sentence) \
            or sentence.startswith("If "):
        return "speculation"  # (a condition states no event: "If all goes to plan, China will have ...")
    if _EXPLAINER.match(sentence):
        return "explainer"
    if not lede and _OUGHT.search(sentence) and _QUOTED_BIT.search(sentence) and _SAID_AT_END.search(sentence):
        return "position"
    if _TEASER.search(sentence):
        return "teaser"
    if _INTERVIEW.search(sentence):
        return "interview"
    if standing.stance(sentence):
        return "stance"  # (the writer weighing: "it's safe to say that ...", "... all suggests that 2005 will be ...")
    if _VERDICT.search(sentence) and _names_nothing(sentence) or _OPINION.search(told) or voice.WRITER_ADVERB.match(
            sentence) or (
            voice.EVALUATIVE.search(told) and not _NOW.search(sentence) and not voice.ATTRIBUTED.search(sentence)):
        return "verdict"
    if _VIEW.search(told):
        return "position"
    if _BUZZ.search(sentence):
        return "buzz"
    if _HOOK.search(sentence) or _RIDDLE.search(sentence) or standing.feature_hook(sentence):
        return "hook"
    if ledes.forecast(sentence):
        return "forecast"  # ("Soon, X will ...": the writer's guess, framed by a vague time)
    if not lede and ledes.ILLUSTRATION.match(sentence):
        return "illustration"  # ("NASA released a graphic noting ...": the page's picture; a lede's is the news)
    if ledes.glued(sentence):
        return "glued"  # (two sentences run together, no stop between: a caption before the text)
    if ("I" in told or "My " in told) and _first_person(told) or ways_in.writer_we(sentence):
        return "first-person"  # (the writer, or a speaker the reader is not told of)
    if not lede and _only_its_subject(sentence):
        return "state"
    if _REACTION_FORM.search(sentence):
        return "reaction"
    if _ON_BOARD.search(sentence) and not _HURT_HERE.search(sentence):
        return "event-anaphor"
    if _BACKGROUND.match(sentence) or _LONG_HELD.match(sentence) \
            or (_DATED_BACK.search(sentence) or not lede and _by_month(told)) and not _NOW.search(sentence) \
            or standing.generic_statement(sentence) or ways_in.durative(sentence):
        return "background"  # (also how things stand in general: "Loyalty cards have become a common addition ...")
    if standing.adds_to_unshown(sentence):
        return "adds"  # ("X will also take part in ...": to a statement not shown)
    if not lede and anchors.person_as_known(sentence):
        return "person"  # ("The father created ...": who that is, another sentence said; the headline's noun does not)
    if ledes.no_event(sentence) or ledes.portrait(sentence) or ways_in.generic_present(sentence):
        return "no-event"  # (names nothing, tells nothing that happened: a feature's hook or a scene)
    return None
