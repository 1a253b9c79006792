"""What a story-summary sentence takes as known, for bot.group's story summary: a sentence that only restates
the one before it ("It was the case in X.", :func:`restates`), a contrast with its paragraph ("However, ...",
:func:`turns`), "This theory" after a sentence naming none (:func:`unanchored`), and names the reader has not
met: a surname alone, "68-year-old Roe said", or an abbreviation, "Apacs chose ...", whose full form only another
sentence gives (:func:`unintroduced`). Examples in tests/stages/test_trust*.py."""

from __future__ import annotations

import functools
import re

from bot.summarise.openings import _CALENDAR, _PLAIN_FIRST, _TIME_NOUNS

__all__ = ["described_again", "leans_on", "restates", "stands_for", "takes_as_known", "turns", "unanchored", "unfinished",
           "unintroduced"]

# A sentence that only restates the one before it for something else: "It was the case in Japan and Korea.",
# "The same is true of X.", "So did Y." (nothing of its own to tell).
_RESTATES = re.compile(r"(?:It|This|That) (?:was|is|has been|had been) (?:also |not |just |exactly |precisely )?the case"
                       r"(?: (?:in|for|with|at|on)\b| too| as well|\.)|The same (?:is|was|holds|held) true\b"
                       r"|The same (?:goes|went|applies|applied|happened|is happening) (?:for|to|in|at|with)\b"
                       r"|So (?:did|does|do|is|was|were|has|have|had) [A-Z]")
# A turn against the writer's line of argument, set off by a comma: "However, ...", "Nevertheless, ...". (Not "But
# ...", "Yet ...": conjunctions join the sentence to the one right before it, and leans() keeps them there.)
# Also a drawback of what was just said, in a sentence's form: "The only problem is that the game ...".
_TURN = re.compile(r"(?:However|Nevertheless|Nonetheless|Even so|That said|Still|On the other hand),"
                   r"|The (?:only |one |real |big |main )?(?:problem|trouble|catch|snag|downside|drawback) (?:is|was) ")


def restates(sentence: str, language: str = "english") -> bool:
    """True if the sentence only says the one before it holds for something else ("It was the case in X.")."""
    return language == "english" and bool(_RESTATES.match(sentence))


def turns(sentence: str, language: str = "english") -> bool:
    """True if the sentence opens with a contrast adverb ("However, ...", "Nevertheless, ...") or a drawback ("The
    only problem is that ..."): it turns against a point of its paragraph, which a story summary gathered across
    outlets does not show."""
    return language == "english" and bool(_TURN.match(sentence))


def unfinished(sentence: str, language: str = "english") -> bool:
    """True if the sentence is half a thought whose other half is the next sentence (Portuguese "não apenas ..." with
    no "mas também": bot.summarise.portuguese.unfinished): nothing a story summary shows alone."""
    if language != "portuguese":
        return False
    from bot.summarise.portuguese import unfinished as half

    return half(sentence)


_OPENING_DEMONSTRATIVE = re.compile(r"(?:This|These|That|Those)((?: [a-z][a-z-]{2,}){1,3})\b")


def unanchored(sentence: str, before: str, language: str = "english") -> bool:
    """True if the sentence opens "This <noun>" and the sentence before it names no such thing ("... recorded a
    strange phenomenon." then "This theory until now ..."): it points to something told further back."""
    if language != "english":
        return False
    m = _OPENING_DEMONSTRATIVE.match(sentence)
    if not m:
        return False
    named = []  # the words of the noun phrase: "These mobile cards include ..." → mobile, cards
    for word in m.group(1).split():
        if word in _TIME_NOUNS or word in _NOT_A_NOUN or word in _FUNCTION_WORDS:
            break
        named.append(word[:max(4, len(word) - 3)])  # ("theories" / "theory", "decisions" / "decided")
    told = [w.lower() for w in re.findall(r"[\w'’-]+", before)]
    return bool(named) and not any(w.startswith(stem) for stem in named for w in told)


_FUNCTION_WORDS = frozenset("the and but until since for with from into onto than then when while who which that "
                            "not also only just now".split())
# Words after "This" that are no noun pointing back ("This is", "That was", "These are", "This week").
_NOT_A_NOUN = frozenset("is was are were has have had will would could can may might should must does did "
                        "means meant comes came follows followed marks marked".split())


_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?$|\d{1,3}-year-old$")
# A title before a surname: "Mr Roe was ..." is the surname alone whatever follows (an age before a capital, "68-year-old
# Xville man", is not).
_TITLES = frozenset("Mr Mrs Ms Miss Dr Prof Mr. Mrs. Ms. Dr. Prof.".split())
_SAYS = frozenset("said says told added recalled explained wrote admitted insisted noted".split())


def unintroduced(sentence: str, text: str, language: str = "english") -> frozenset[str]:
    """Surnames the sentence uses alone for a person ("..., 68-year-old Roe said", "Mr Roe said") that the
    article's text before it gives as the last word of a longer name ("Jane Roe"): the reader needs that
    sentence, or another shown one naming the person, first."""
    if language != "english":
        if language == "portuguese":  # ("O brasileiro liderou ...", his name given before: bot.summarise.portuguese)
            from bot.summarise.portuguese import person_as_known

            return person_as_known(sentence, text) or frozenset()
        return frozenset()
    raw = sentence.split()  # (", Roe decided": a clause opening with the bare name after a phrase)
    words = [w.strip(",.;:!?\"“”()") for w in raw]
    at = text.find(sentence[:40])
    before = text[:at] if at > 0 else "" if at == 0 else text  # (the text's first sentence: nobody named before it)
    from bot.language import stop_words

    common = stop_words(language) | _PLAIN_FIRST  # ("In Nice, ..." gives no longer name)
    out = set()
    introduced: tuple[set[str], set[str]] | None = None  # (names introduced with an apposition: found once, when needed)
    for k, word in enumerate(words):
        if not word[:1].isupper() or len(word) < 3 or word in _CALENDAR:
            continue
        prev, after = words[k - 1] if k else "", words[k + 1] if k + 1 < len(words) else ""
        if after in _CLAUSE_ADVERBS and k + 2 < len(words):
            after = words[k + 2]  # ("Roe also revealed", "Roe then said": the verb after the adverb)
        alone = (bool(_HONORIFIC.search(prev)) and (not after[:1].islower() or prev in _TITLES) or after in _SAYS) \
            and not (after in _SAYS and prev[:1].isupper() and not _HONORIFIC.search(prev)) \
            or k == 0 and at > 0 and after[:1].islower() and word.lower() not in common \
            or k > 0 and prev[:1].islower() and prev not in _PLACE_WORDS and (after in _PERSON_VERBS or after[-2:] == "ed"
                                                                              and raw[k - 1][-1:] == ",") \
            or k > 1 and raw[k - 1][-1:] == "," and (after in _PERSON_VERBS or after[-2:] == "ed")
        # ("but Roe is"; after an opening phrase, whatever its last word: "With X ruled out, Roe is one of ...")
        if word.endswith(("'s", "’s")) and not prev[:1].isupper():
            word, alone = word[:-2], True  # ("a spokesperson for Moon's office")
        # ("68-year-old Roe said", "Mr Roe", "Roe said", "Roe was"; not "68-year-old Connecticut man", "Jane Roe said")
        if k == 0 and at < 0 and after in _NAMED_VERBS and word[-1] != "s" and word.lower() not in common \
                and word not in text:
            out.add(word)  # (a summary's sentence from beyond the text read, "Bruno was spared ...": nobody read of him)
            continue
        if not alone or word not in before:
            continue  # (a name the text before never gives is neither introduced there nor a longer name's word)
        if introduced is None:
            introduced = _introduced(before), _introduced(sentence)
        if word in introduced[0] and word not in introduced[1]:
            out.add(word)  # ("Bruno was spared ..." after "... was Bruno, nicknamed ...": who that is, that one says)
            continue
        full = _full_name(word)
        if any(not _HONORIFIC.search(m.group(1)) and m.group(1).lower() not in common
               and m.group(1) not in _CALENDAR for m in full.finditer(before)) \
                and not any(m.group(1) not in _CALENDAR and not _HONORIFIC.search(m.group(1))
                            for m in full.finditer(sentence)):
            out.add(word)
    if at >= 0 and sentence.startswith("The "):
        from bot.summarise.anchors import nickname

        nick = nickname(sentence, before, text[at + len(sentence):])  # ("The Tykes have ...": a name never tied to one)
        if nick:
            out.add(nick)
    if "(" in text:  # an abbreviation the text defined in brackets ("Clearing Services (Apacs)"), used bare
        head = text[:at] if at >= 0 else text
        out.update(m.group(1) for m in _DEFINED.finditer(head) if m.group(1) in words and f"({m.group(1)})" not in sentence)
    return frozenset(out)


# A person introduced where the text first names them: "Jane Roe, a 49-year-old artist", "Bruno, nicknamed ...".
_APPOSITION = r"(?:a|an|the|who|whose|aged|nicknamed|known as|dubbed|\d)\b"
_INTRODUCING = re.compile(rf"\b([A-Z][\w'’-]+)(?: ([A-Z][\w'’-]+))?, {_APPOSITION}")


def _introduced(text: str) -> set[str]:
    """The names a text introduces with an apposition ("Jane Roe, a 49-year-old artist" → Jane, Roe; "Bruno, ...")."""
    return {w for m in _INTRODUCING.finditer(text) for w in m.groups() if w}


@functools.lru_cache(maxsize=4096)
def _full_name(word: str) -> re.Pattern[str]:
    """A capitalised word, then ``word``: the longer name it is the last word of ("Jane Roe" for Roe). (Compiled once a
    word: the same names recur in every sentence of an article, and compiling is most of this check's cost.)"""
    return re.compile(rf"\b([A-Z][\w'’-]+) {re.escape(word)}\b")
# Verbs after a bare name as a clause's subject ("but Roe is twice the weight"), and words before a place, not a person.
_PERSON_VERBS = frozenset("is was has had will would could can may might must should shall did does said says told added"
                           .split())  # (every modal: "then Roe might be tempted to ...")
_CLAUSE_ADVERBS = frozenset("also then later now still finally already once again".split())
_NAMED_VERBS = frozenset("is was has had said says told".split())  # ("Bruno was ...", not "Cyclists will ...")
_PLACE_WORDS = frozenset("in at of from to for on by with into near across".split())

# A name of two or more capitalised words, then its short form in brackets: "the Association for Payment Clearing
# Services (Apacs)", "Securities and Exchange Commission (SEC)".
_DEFINED = re.compile(r"(?:[A-Z][\w'’-]+ (?:(?:of|for|and|the|on|in|to|&) )*){2,}\(([A-Z][A-Za-z&.-]{1,15})\)")

# A definite description as the subject: "The treaty was signed ...", "The defender missed ...", "The software
# extracts ...": the noun and up to two more lower-case words before the verb or a function word.
_DEFINITE_SUBJECT = re.compile(r"The ((?:[a-z][a-z-]+ ){0,2}[a-z][a-z-]+)\b(?!['’-])")
# ... introduced right there ("The number of ...", "The man who ...") or followed by a name ("The new Chang'e 4
# mission"); and nouns that name one thing wherever the story is told ("The government", "The police").
_INTRODUCED_HERE = re.compile(r" (?:of|who|whose|which|that|behind|accused|charged|suspected|[A-Z])")
_UNIQUE = frozenset("government police president prime minister army military navy court jury public world country "
                    "nation economy weather sun moon earth internet web press media opposition parliament".split())


_DAYS = frozenset("day days hour hours minute minutes".split())


def takes_as_known(sentence: str, language: str = "english") -> frozenset[str]:
    """The words of a definite description the sentence opens with, as its subject ("The treaty was signed ..."
    → treaty): what it names was introduced by another sentence, maybe in other words ("a subtle change", then
    "The shift ..."). Empty for a description that introduces itself ("The number of ...", "The man who ...", "The
    new Chang'e 4 mission"), for a time ("The day ...") and for what is one wherever the story is ("The police")."""
    if language == "portuguese":  # ("O requerimento faz parte ...")
        from bot.summarise.portuguese import takes_as_known as described

        return described(sentence)
    if language != "english" or not sentence.startswith("The "):
        return frozenset()
    m = _DEFINITE_SUBJECT.match(sentence)
    if not m:
        return frozenset()
    from bot.language import stop_words

    common, words = stop_words(language), list[str]()
    for word in m.group(1).split():
        if word in common or word in _NOT_A_NOUN or word.endswith("ed") and words:
            break
        words.append(word)
    rest = sentence[len("The ") + len(" ".join(words)):]
    if not words or _INTRODUCED_HERE.match(rest) or any(w in _UNIQUE or w in _TIME_NOUNS or w in _DAYS for w in words):
        return frozenset()
    return frozenset(words)


# What a sentence past its article's first names as already known, which only a shown sentence can give the reader
# (:func:`leans_on`). An epithet for a person as the subject: "The American legend swept into ...", "The 31-year-old
# ...", "The veteran striker ...".
_EPITHET = re.compile(r"The (?:\d{1,3}-year-old(?: [A-Z][a-z]+| [a-z]+)?|[A-Z][a-z]+(?:an|ish|ese|ch|ian)"
                      r"(?: [a-z]+)?|(?:[a-z]+ )?(?:legend|star|veteran|champion|striker|midfielder|winger|defender"
                      r"|forward|goalkeeper|keeper|actor|actress|singer|rapper|player|batsman|bowler|world number one"
                      r"|former champion))(?:,| [a-z]+)")
# A first name alone as the subject, after an opening adverb or none: "Now Paula will ...".
_FIRST_NAME = re.compile(r"(?:(?:Now|Then|But|And|So|Still|Later) )?([A-Z][a-z]{2,}) (?:also |then |now )?"
                         r"(?:is|was|has|had|will|would|could|can|may|might|must|said|says|told|added)\b")
_NOT_A_NAME = frozenset("this that these those there here it he she they what which who".split())
# "Both men ...", "The two rival factions ...": a pair the reader must have been shown.
_PAIR = re.compile(r"\b(?:[Bb]oth|[Tt]he two(?: [a-z]+)?) ([a-z]+s|men|women|people|children)\b")
# "the agency" for the Child Support Agency, "the 7610's functions" for the 7610 phone: a name's short form.
_SHORT = re.compile(r"\bthe ([a-z]+|\d{3,5})(?:'s|’s)?\b")


def leans_on(sentence: str, text: str, language: str = "english") -> frozenset[str]:
    """Words a shown sentence must hold before this one, which names as known what only its article's text before
    it told (families: ``first-name``, "Now Paula will ..." after "Paula Radcliffe" or "Paula's"; ``short``, a
    name's short form, "the agency" after "the Child Support Agency", "the 7610's" after "their 7610 phone"). Empty
    for the text's first sentence. (What stands for the sentence right before: :func:`stands_for`,
    :func:`described_again`.)"""
    if language != "english":
        return frozenset()
    at = text.find(sentence[:40])
    if at <= 0:
        return frozenset()
    from bot.language import stop_words

    before, out = text[:at], set[str]()
    first = _FIRST_NAME.match(sentence)  # ("Now Paula will ..." after "Paula Radcliffe")
    if first and re.search(rf"\b{first.group(1)}\b", before) and first.group(1).lower() not in _NOT_A_NAME:
        out.add(first.group(1))
    for m in _SHORT.finditer(sentence):
        word = m.group(1)
        if word.isdigit():
            if re.search(rf"\b{word}\b", before):
                out.add(word)
            continue
        nxt = sentence[m.end():].split(maxsplit=1)
        if nxt and nxt[0][:1].islower() and nxt[0].lower() not in stop_words(language):
            continue  # ("the national stadium": an adjective, no name's head word)
        name = re.search(rf"\b(?:[A-Z][\w'’-]+ )+({word.capitalize()})\b", before)
        if name and not re.search(rf"\b{word}\b", sentence[:m.start()]):
            out.add(name.group(1))
    return frozenset(out)


def stands_for(sentence: str, text: str, language: str = "english") -> bool:
    """True if the sentence, past its article's first, stands for people or things the sentence before it named
    (families: ``epithet``, a person's epithet as the subject, "The American legend swept into ...", "The 34-year-old
    ...", unless the text's first sentence names one person in full, whose surname it uses again; ``pair``, "Both men
    ...", "The two rival factions"): it is shown only right after that one."""
    if language != "english" or text.find(sentence[:40]) <= 0:
        return False
    if _PAIR.search(sentence):
        return True
    if not _EPITHET.match(sentence):
        return False
    lede = _SENTENCE_END.split(text, maxsplit=1)[0]  # (one person named in full in the lede: the epithet is theirs)
    return len({m.group(1) for m in _FULL_NAME.finditer(lede) if _alone_again(m.group(1), text[len(lede):])}) != 1


_FULL_NAME = re.compile(r"\b[A-Z][a-z]+ ((?:[A-Z]')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


def _alone_again(surname: str, text: str) -> bool:
    """The surname used again in ``text`` alone, after a lower-case word (not "the") or a sentence's end ("Safin said",
    "said Safin. Roe ..."): a person's, not a name's last word ("the French Open")."""
    for m in re.finditer(rf"(\S+) {re.escape(surname)}\b", text):
        prev = m.group(1).strip("\"“”'‘’(")
        if prev[:1].islower() and prev != "the" or prev[-1:] in ".!?:;,":
            return True
    return False


def described_again(sentence: str, text: str, described: frozenset[str], language: str = "english") -> bool:
    """True if the sentence, past its article's first two, has a definite subject (``described``, from
    :func:`takes_as_known`: "The affair prompted ...", "The text was released ...") that no earlier words of the text
    name: the writer's word for what the sentence right before told, so it is shown only right after that one."""
    if language != "english" or not described:
        return False
    at = text.find(sentence[:40])
    if at <= 0 or len(_SENTENCE_END.findall(text[:at])) < 2:
        return False  # (right after the lede, what it stands for is the lede's news, which opens the story)
    return not any(re.search(rf"\b{re.escape(w)}\b", text[:at], re.IGNORECASE) for w in described)


_SENTENCE_END = re.compile(r"[.!?][\"”’']?(?:\s|$)")

