"""The lines of an article that bot.group.present reads to open and fill a story: its lede (the first usable
sentence of its own text, :func:`_lede`; cut before a signpost glued at its end, :func:`_before_signpost`), its summary
sentences that stand alone (:func:`_standing_alone`), its headline told again as a sentence (:func:`_headline_again`),
a lede that may open in the form its headline tells it (:func:`_headlined`), a quotation left open
(:func:`_unclosed_quote`)."""

from __future__ import annotations

from bot.group.restate import headlined
from bot.group.restate import sentence_terms as _sentence_terms
from bot.group.restate import set_cosine as _set_cosine
from bot.language import TOKEN
from bot.models import Article, own_text

__all__ = ["_before_signpost", "_first_sentences", "_headline_again", "_headlined", "_lede", "_standing_alone",
           "_unclosed_quote", "_undated"]


def _headline_again(sentence: str, title: str, headline: frozenset[str], language: str) -> bool:
    """The article's headline repeated as a sentence (nearly its words, and no more of them); a lede
    that restates it in a sentence of its own ("At least five people are dead after ...") stays."""
    return (_set_cosine(_sentence_terms(sentence, language), headline) >= 0.8
            and len(TOKEN.findall(sentence)) <= len(TOKEN.findall(title)) + 2)


def _undated(sentence: str) -> str:
    """The sentence without a dateline ("LAKE FOREST, Ill. — ")."""
    from bot.summarise.screen import _DATELINE

    m = _DATELINE.match(sentence)
    return sentence[m.end():] if m and m.end() < len(sentence) else sentence


def _headlined(problem: str | None, sentence: str, terms: frozenset[str], title: str, headline: frozenset[str],
               language: str) -> bool:
    """A lede that may open as it is: :func:`bot.group.restate.headlined`, or a guess its headline makes in the same
    mood and words (bot.summarise.ways_in.same_mood: "X could take legal action ..." under "X could sue ...")."""
    from bot.summarise.ways_in import same_mood

    return headlined(problem, sentence, terms, title, language) \
        or problem == "speculation" and bool(terms & headline) and same_mood(sentence, title)


def _before_signpost(lead: Article, language: str) -> str | None:
    """The lead's first line when the screen refuses it only for a signpost glued at its end ("The first supermoon
    of 2018 is set to light up our skies on the first night of the year, here's all you need to know about ..."):
    the statement before it, if that stands alone."""
    from bot.summarise import screen_sentences
    from bot.summarise.screen import _SIGNPOST_ANY

    first = next((s for s in screen_sentences(lead.text[:1500], language, lead.title) if s.reason != "boilerplate"), None)
    if first is None or first.reason != "signpost":
        return None
    m = _SIGNPOST_ANY.search(first.text)
    if m is None or m.start() == 0:
        return None
    head = first.text[:m.start()].rstrip(" ,;:–—-")
    if head[-1:].isalnum():
        head += "."
    screened = screen_sentences(head, language, lead.title)
    return head if len(screened) == 1 and screened[0].usable and screened[0].text == head else None


def _unclosed_quote(sentence: str) -> bool:
    """The sentence opens a quotation it does not close (it goes on in the next one): 'X said: "I think ...'."""
    if sentence.count("“") > sentence.count("”"):
        return True
    return sentence.count('"') % 2 == 1 and not sentence.rstrip(").]").endswith('"')  # (a closing one: a fragment)


def _lede(article: Article, language: str) -> str | None:
    """The first usable sentence (bot.summarise's screen) of the article's own text (not its standfirst), or None."""
    from bot.summarise import screen_sentences

    for line in own_text(article).text.splitlines():
        if line.strip():
            for s in screen_sentences(line, language, article.title):
                if s.usable:
                    return s.text.strip()
    return None


def _standing_alone(own: list[str], language: str) -> list[str]:
    """The sentences of an article's summary that the summariser's screen passes, each on its own."""
    from bot.summarise import screen_sentences

    out = []
    for sentence in own:
        screened = screen_sentences(sentence, language)
        if len(screened) == 1 and screened[0].usable:
            out.append(screened[0].text)
        elif screened and all(s.usable for s in screened):
            out.append(sentence)
    return out


def _first_sentences(text: str, count: int, language: str = "english") -> list[str]:
    from bot.summarise import usable_sentences

    return usable_sentences(text, language)[:count]
