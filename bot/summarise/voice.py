"""Who is speaking in a sentence: a claim someone is said to make ("..., according to a poll"), a speaker
named only by a pronoun ("..., he said."), the writer's own evaluation ("surprisingly strict"), and "this"
used as a pronoun inside a sentence. Read by bot.summarise.openings."""

from __future__ import annotations

import re

# "..., but this could trigger ...": inside a sentence, "this" before a verb is a pronoun for what that sentence said.
VERBS_AFTER_PRONOUN = frozenset("could would will may might can should must is was has had means meant".split())
# A modal claim someone is said to make ("would reject ..., according to a poll"): reported, not the writer's guess.
ATTRIBUTED = re.compile(r"\baccording to\b|\bunder (?:new |the |its |their )?(?:plans|proposals)\b"  # (a plan's terms)
                         r"|\b(?:poll|survey|study|report|research|analysis|forecast|figures)"
                         r"(?: [\w'’-]+){0,3} (?:found|finds|suggests?|shows?|predicts?|says?|said)\b"
                         r"|, (?:[\w'’.-]+ ){1,5}(?:said|says|say|warned|warns|predicted|predicts)\.?[\"”]?$"
                         r"|, (?:says|said) (?:[\w'’.-]+ ){0,4}[\w'’.-]+\.?$")
PRONOUN_SPEAKER = re.compile(r",[\"”’']? (?:he|she|they|it) (?:said|says|added|adds|told [\w ]{2,30}|warned|explained)"
                              r"\.?[\"”’']?$")
# The writer's own surprise at how things are: "Airlines have surprisingly strict dress codes ..." (with no
# day and no one it is attributed to: a view of a state of things, not an event).
EVALUATIVE = re.compile(r"\b(?:surprisingly|astonishingly|remarkably|strikingly|shockingly|stunningly|startlingly"
                         r"|staggeringly|ridiculously|absurdly|bizarrely|oddly|curiously|refreshingly|depressingly"
                         r"|woefully|laughably|breathtakingly|embarrassingly|wonderfully|gloriously|incredibly) [a-z][a-z-]+"
                         r"|\b(?:comes|came) as (?:no|little) surprise\b|\b(?:un|not )surprisingly\b")
# An opening phrase, then a pronoun as the main clause's subject: "Playing with tropes ..., it tells the story
# of ...", "Speaking on Tuesday, he said ...": who or what that is, another sentence told.
PRONOUN_SUBJECT = re.compile(r"(?:[A-Z][^,;:.!?\"“”]{3,120}|(?:With|When|After|Before|Despite|Although|Though|While|Since"
                             r"|In|At|On|During|Following|Born|Unlike|Like|Once|Until|Amid|Ahead|[A-Z][a-z]+(?:ing|ed))\b"
                             r"[^;:.!?\"“”]{3,160}), (?:he|she|it|they) (?!said\b|says\b)"
                             r"(?!(?:has been|had been|is|was) (?:announced|claimed|confirmed|reported|revealed|said"
                             r"|understood|thought|believed|expected|feared|alleged|learned|learnt)\b)[a-z]")  # (impersonal)
# The writer guessing: "X would/could/might ..." early in a sentence (not "While X could ...": a framing);
# "may" the same, words before it may end in a comma ("This time next year, there may be"), and a day spares it.
_NOT_A_FRAME = r"(?!(?:While|If|Although|Though|Whether|As|When|Even|Unless|Until|Once|Because|Since) )"
# (nor reported: "X has indicated that she would like to ...", "Y hinted that Z may be included": someone's word)
_NOT_SAID = r"(?!said|says|told|announced|reported|indicated|indicates|hinted|hints|signalled|signaled|suggested)"
SPECULATION = re.compile(rf"{_NOT_A_FRAME}(?:{_NOT_SAID}[\w'’.-]+ ){{1,6}}(?:would|could|might)\b")
MAY_SPECULATION = re.compile(rf"{_NOT_A_FRAME}(?:{_NOT_SAID}[\w'’.-]+,? ){{1,6}}may\b")
# The writer's comment on a fact, as a sentence adverb: "Incredibly, customers will be able to ...", "Sadly, ...": it
# weighs what another sentence told.
WRITER_ADVERB = re.compile(r"(?:Incredibly|Amazingly|Remarkably|Astonishingly|Surprisingly|Unbelievably|Shockingly"
                           r"|Bizarrely|Strangely|Oddly|Curiously|Ironically|Miraculously|Unsurprisingly|Predictably"
                           r"|Sadly|Tragically|Luckily|Fortunately|Unfortunately|Thankfully|Happily|Mercifully"
                           r"|Interestingly|Crucially|Worryingly|Alarmingly|Funnily enough|Needless to say),")
