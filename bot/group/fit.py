"""Whether a candidate sentence of a story summary fits where the story would show it, by what it is.

Three families, for :func:`bot.group.present.story_summary` (``fit_candidates``, called once on its candidates):

- ``tail``: a piece beginning with a lower-case word is a sentence's end cut from its start (a line broken
  inside it), never shown; a brand written so ("iPod ...") has a capital inside the word.

- ``speaker``: a sentence that is mostly a quotation carries its attribution or follows the sentence that
  introduces the speaker. Its own attribution is a frame outside the quotation marks: a said / told /
  according-to clause, a colon introducing the quotation, or a clause of three words or more ("...," smiles one
  broker). With none (at most two words around the quotation), it is shown only right after the sentence before
  it in its paragraph, and only when that one introduces a speaker (a speech verb outside its own quotations, or a
  colon at its end); else it is not shown: a placard's line or a vox-pop with nobody named is no one's words.
- ``own-context``: a sentence of an article other than the story's lead takes what it names from its own article,
  which the digest does not show. A person by an epithet or a pair as its subject ("The 34-year-old American,
  seeded eighth, ...", "Both men ...") leans on its article's sentence before it, whoever its lede names. A day
  or a week counted from its own article's date ("this week", "yesterday") cannot be placed when that article
  was published more than a day and a half from the lead's: it is not shown.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from bot.models import Story

__all__ = ["attributed", "fit_candidates", "introduces_speaker", "mostly_quote", "own_context", "tail", "undatable"]

# Quotations: a pair of marks around at least one word.
_QUOTED = re.compile(r"“[^“”]+”|\"[^\"]+\"|‘[^‘’]{3,}’(?![\w])|«[^«»]+»")
_WORD = re.compile(r"[^\W_][\w'’-]*")
# A speech verb (or "according to") outside the quotation marks: the sentence names who said it.
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|explained|explains|insisted|insists|admitted|admits|noted|notes"
    r"|stressed|claimed|claims|warned|warns|wrote|writes|asked|asks|declared|concluded|argued|argues|replied"
    r"|recalled|remarked|conceded|confessed|boasted|complained|complains|announced|stated|urged|vowed|pledged"
    r"|promised|states|quipped|joked|laughed|shouted|chanted|tweeted|posted|read|reads|described|called|calling|labelled"
    r"|branded|dubbed|quoted|quoting|saying|telling|according to|in a statement|disse|diz|afirmou|afirma"
    r"|declarou|segundo|de acordo com)\b", re.IGNORECASE)
#: A sentence whose words are at least this share inside quotation marks is a quote.
QUOTE_SHARE = 0.5


_FIRST_WORD = re.compile(r"[\"'“‘«(\[]*([^\W\d_][\w'’-]*)")


def tail(sentence: str) -> bool:
    """A piece beginning with a lower-case word: the end of a sentence cut off from its start (a line broken inside
    it, "... the Jamaican" / "stretched her unbeaten record to 25 races ..."), not a sentence. A brand written so
    ("iPod sales rose ...", "eBay said ...") has a capital inside its first word."""
    m = _FIRST_WORD.match(sentence)
    return m is not None and m.group(1).islower()


def mostly_quote(sentence: str) -> bool:
    """At least half its words (three at least) inside quotation marks."""
    if '"' not in sentence and "“" not in sentence and "‘" not in sentence and "«" not in sentence:
        return False
    words = len(_WORD.findall(sentence))
    inside = sum(len(_WORD.findall(m.group())) for m in _QUOTED.finditer(sentence))
    return inside >= 3 and inside >= QUOTE_SHARE * words


def attributed(sentence: str) -> bool:
    """Outside its quotation marks the sentence has a frame of its own: a speech verb or "according to" ('"...,"
    said one shopper.', 'Mr Roe told ...'), a colon introducing the quotation ('He recalls how X advised him:
    "..."'), or a clause of three words or more ('"...," smiles one broker.', '"...," the magazine reported.').
    A quotation with at most two words around it ('"...", one placard.', '"..." - a common view here.') has none."""
    rest = _QUOTED.sub(" ", sentence)
    return bool(_SPEECH.search(rest)) or ":" in rest or len(_WORD.findall(rest)) >= _FRAME_WORDS


#: Words outside the quotation marks that make a frame (a speaker and a verb, or a clause about the quotation).
_FRAME_WORDS = 3


def introduces_speaker(sentence: str) -> bool:
    """The sentence a quotation with no attribution of its own may follow: it says who speaks (a speech verb outside
    its own quotations: 'Mr Roe told the BBC he was sure.', or a colon at its end: 'The placard read:')."""
    return sentence.rstrip().endswith(":") or bool(_SPEECH.search(_QUOTED.sub(" ", sentence)))


# Days and weeks counted from the article's own date.
# (A weekday's name is not one: "on Tuesday" is the same day in a report of the next day or three.)
_RELATIVE_DAY = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening|week|weekend)"
    r"|(?:last|next) (?:week|weekend)|earlier this (?:week|month))\b", re.IGNORECASE)
#: Articles published further apart than this do not share "today" or "this week".
SAME_DAYS = timedelta(hours=36)


def undatable(sentence: str, published: Any, lead_published: Any) -> bool:
    """A day counted from its article's date ("this week", "yesterday") in an article published more than
    :data:`SAME_DAYS` from the lead's: read under the lead, it points at the wrong day."""
    if published is None or lead_published is None or abs(published - lead_published) <= SAME_DAYS:
        return False
    return bool(_RELATIVE_DAY.search(sentence))


def own_context(sentence: str, language: str) -> bool:
    """A sentence of an article that is not the story's lead standing for a person its own article named: an epithet
    or a pair as its subject ("The 34-year-old American, seeded eighth, ...", "Both men ..."), whoever its lede
    names: under another article's sentences it may mean someone else. (A definite description of a thing, "The
    satellite failed ...", is no such case: another outlet's report of the same event names the same thing.)"""
    from bot.summarise.known import _EPITHET, _PAIR

    return language == "english" and bool(_EPITHET.match(sentence) or _PAIR.search(sentence))


_C = TypeVar("_C")


def fit_candidates(candidates: list[_C], story: Story, languages: list[str]) -> list[_C]:
    """The story summary's candidates (``bot.group.present._Candidate``) as the families above judge them: a
    sentence's tail dropped; a quotation with no speaker of its own and no predecessor naming one dropped, one
    whose predecessor names its speaker made leaning; a sentence of an article other than the lead leaning on its
    own article, or dropped when it cannot be placed in time."""
    from bot.models import story_text
    from bot.text import split_sentences

    out: list[_C] = []
    lines: dict[int, list[list[str]]] = {}
    lead = story.articles[0]
    for c in candidates:
        a, sentence = c.article, c.sentence  # type: ignore[attr-defined]
        article, language = story.articles[a], languages[a]
        changes: dict[str, Any] = {}
        if tail(sentence):
            continue
        if mostly_quote(sentence) and not attributed(sentence):
            if a not in lines:
                lines[a] = [split_sentences(line, language) for line in story_text(article).splitlines()]
            before = _before(sentence, lines[a])
            if before is None or not introduces_speaker(before):
                continue  # (nobody says it: a placard, a vox-pop line)
            changes["leaning"] = True
        if a > 0:
            if undatable(sentence, article.published, lead.published):
                continue
            if own_context(sentence, language):
                changes["leaning"] = True
        out.append(c._replace(**changes) if changes else c)  # type: ignore[attr-defined]
    return out


def _before(sentence: str, paragraphs: list[list[str]]) -> str | None:
    """The sentence right before ``sentence`` in its paragraph, or None (it opens one, or is not found)."""
    key = sentence[:60]
    for sentences in paragraphs:
        for k, s in enumerate(sentences):
            if s.startswith(key) or key.startswith(s[:60]) and s:
                return sentences[k - 1] if k else None
    return None
