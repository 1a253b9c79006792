"""What the digest shows of a story: its summary across outlets, ranking and keyword filters."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import NamedTuple

from bot.group.fit import fit_candidates
from bot.group.foreign import not_its_article
from bot.group.lines import (
    _before_signpost,
    _first_sentences,
    _headline_again,
    _headlined,
    _lede,
    _standing_alone,
    _unclosed_quote,
    _undated,
)
from bot.group.ranking import HALF_LIFE, filter_stories, rank_stories
from bot.group.restate import named_before, named_by, restated, told_before
from bot.group.restate import sentence_terms as _sentence_terms
from bot.group.restate import set_cosine as _set_cosine
from bot.language import guess_by_stop_words
from bot.models import Article, Story, own_text

__all__ = ["HALF_LIFE", "REPEAT_SIMILARITY", "filter_stories", "not_its_article", "rank_stories", "story_summary"]

#: Families of bot.summarise.openings.opening_problem that no story summary shows at all: a standfirst
#: telling what the article holds ("The stars reveal a ton of details about ...") and a programme's
#: description of itself ("X joins us to discuss ...") are about the page, not the news.
NEVER_SHOWN = frozenset({"teaser", "interview"})

#: Families of opening_problem that tell nothing that happened (a feature's hook, a scene: bot.summarise.ledes): a
#: lede of such a family, skipped for a sentence stating the event, is not shown after it (further down, such a
#: sentence explains: "The ocean is full of eddies, ..." may follow).
HOOKS = frozenset({"no-event", "forecast", "stance"})

#: Two sentences this alike (cosine of their stemmed content words) state the same fact.
REPEAT_SIMILARITY = 0.5


def story_summary(story: Story, sentences: int = 3) -> list[tuple[str, Article]]:
    """Up to ``sentences`` sentences about the story, each with the article it came from.

    Candidates are each article's own summary (the summariser's picks; the first usable sentences
    of the text when it has none), each checked again to stand alone (bot.summarise's screen: a
    fallback summary may hold a fragment or a caption). The summary opens with what happened: a
    sentence of the lead article (it sits under the lead's headline; its lede whenever that can open and
    names what the headline names, or no later sentence names two of its words, or the headline quotes a word and
    the lede is attributed to its speaker: :func:`_quotes_word`) that opening_problem passes (a
    lede told as a guess under a headline it tells, or in the headline's own modal, does:
    :func:`bot.group.lines._headlined`): no opening
    "He", "But", "If these", nothing pointing back ("this step", "The accident happened"), no quotation, no
    words to the reader, no background (see _opening); from its summary, else its first lines (its lede cut
    before a signpost glued at its end: :func:`_before_signpost`), else
    another outlet's summary. The rest are picked by score: how much of
    what the *other* outlets say a sentence covers (for each other article, the largest share of
    one of its sentences' words found in this one: the story's core facts first), plus a bonus for
    the summariser's rank. A sentence that repeats one already chosen is skipped
    (:data:`REPEAT_SIMILARITY`), so is one whose words other articles' chosen ones hold together, adding no
    figure and no name (:func:`bot.group.restate.restated`), no article gives a second sentence while another article still
    has a fresh one, and a leaning sentence (or one pointing back: "this step") comes only right
    after the sentence of its own article that it follows in the text (and "This theory ..." only
    if that one names a theory). Never shown: a family of
    :data:`NEVER_SHOWN` (a standfirst, a programme describing itself), a sentence opening a
    quotation it does not close, one that only restates its predecessor ("It was the case in X.")
    or turns against its paragraph ("However, ..."), any sentence of an article whose text is another page's
    (:func:`not_its_article`), nor, after an opening lede, another article's lede (it tells the event
    again). A sentence naming as known what its article introduced ("the barge" after "a barge", "The treaty
    ..." after "the treaty establishing ...") waits for a shown sentence naming it, and one opening with a
    description (not its article's lede) opens the story only if the headline names it. One article's
    sentences are shown in its text's order; a sentence using a surname alone ("Mr Roe said ...") whose person
    no shown sentence names brings with it the first sentence of its article that does ("Chancellor Jane Roe ..."),
    when that one stands alone and both fit (:func:`_introducers`); from several, chosen sentences that follow each other in their
    article are shown in that order, together.
    """
    if sentences < 1:
        return []
    # (not at import: `--help` loads no numpy)
    from bot.summarise.known import (
        described_again,
        leans_on,
        restates,
        stands_for,
        takes_as_known,
        turns,
        unanchored,
        unfinished,
        unintroduced,
    )
    from bot.summarise.openings import needs_before, opening_problem

    candidates: list[_Candidate] = []
    languages = []
    ledes: list[str | None] = [None] * len(story.articles)
    for a, article in enumerate(story.articles):
        language = article.language or guess_by_stop_words(f"{article.title} {article.text[:1500]}")
        languages.append(language)
        if not_its_article(article, language):
            continue  # another page's text (a search page, a show's page): none of its sentences is this story's
        own = _standing_alone([s for s in article.summary if s.strip()], language)
        own = own or _first_sentences(article.text, sentences, language)
        headline = _sentence_terms(article.title, language)
        own = [s for s in own if not _headline_again(s, article.title, headline, language)]
        lede = ledes[a] = _lede(article, language)
        for rank, sentence in enumerate(own):
            sentence = sentence.strip()
            terms = _sentence_terms(sentence, language)
            problem = opening_problem(sentence, language, lede=sentence == lede)
            if sentence == lede and _headlined(problem, sentence, terms, article.title, headline, language):
                problem = None  # (the outlet's lede under a headline telling the same: the news, whatever its form)
            described = frozenset() if sentence == lede else takes_as_known(sentence, language)
            if problem in NEVER_SHOWN or _unclosed_quote(sentence) or restates(sentence, language) \
                    or turns(sentence, language) or unfinished(sentence, language):
                continue  # (a sentence only restating its predecessor, a contrast with its paragraph: nothing alone)
            candidates.append(_Candidate(a, rank, sentence, terms, needs_before(sentence, language)
                                         or stands_for(sentence, article.text, language)
                                         or described_again(sentence, article.text, described, language)
                                         and not named_by(described, headline),  # (the headline names it)
                                         problem is None, unintroduced(sentence, article.text, language)
                                         | told_before(sentence, article.text, language)
                                         | named_before(described, sentence, article.text)
                                         | leans_on(sentence, article.text, language), described,
                                         problem in HOOKS))
    candidates = fit_candidates(candidates, story, languages)  # (an unattributed quote; another article's context)
    introducers = _introducers(candidates, story.articles, languages)
    candidates += [i for i in introducers.values() if i not in candidates]
    if not candidates:  # nothing to choose from (a teaser that is no sentence): the lead's own text, but
        lead, language = story.lead, languages[0]  # never its headline again ("LAKE FOREST, Ill. — <headline>.")
        headline = _sentence_terms(lead.title, language)
        if not_its_article(lead, language):
            return []
        return [(s.strip(), lead) for s in lead.summary
                if s.strip() and not _headline_again(_undated(s), lead.title, headline, language)]
    lead = story.lead
    shown = _names(lead.title)  # (a surname in the headline is introduced)
    title = _sentence_terms(lead.title, lead.language or guess_by_stop_words(f"{lead.title} {lead.text[:1500]}"))
    candidates = [c._replace(can_open=c.can_open and c.unnamed <= shown and named_by(c.known, title)) for c in candidates]
    supports = _supports(candidates)
    # Where the opening comes from, in order: the lead's summary, then its first lines, then another
    # outlet's summary, each a sentence naming something its headline names; then without that.
    # The lead's lede is its outlet's own statement of the event: it opens whenever it can.
    lede_at = next((k for k, c in enumerate(candidates) if c.article == 0 and c.sentence == ledes[0]), None)
    opening = _opening(candidates, supports, title, lead_only=True, named=True, lede=lede_at,
                       quoted=lede_at is not None and _quotes_word(lead.title, candidates[lede_at].sentence))
    if opening is None:
        extra = _lead_opening(lead, languages[0], {c.sentence for c in candidates}, title)
        if extra is not None:
            candidates.append(extra)
            supports = _supports(candidates)
            opening = len(candidates) - 1
    for lead_only, named in ((False, True), (True, False), (False, False)):
        if opening is None:
            opening = _opening(candidates, supports, title, lead_only=lead_only, named=named, lede=lede_at)
    if opening is None:  # no sentence states what happened: the headline alone says more
        return []
    # A lede that is a hook, skipped for a sentence stating the event, is not shown later: it said nothing alone.
    hooks = {k for k, c in enumerate(candidates) if c.hook and k != opening and c.sentence == ledes[c.article]}
    # Another outlet's lede tells again the event the opening told: its details come, not its retelling.
    retold = {k for k, c in enumerate(candidates) if k != opening and c.article != candidates[opening].article
              and c.sentence == ledes[c.article] and candidates[opening].sentence == ledes[candidates[opening].article]}
    scored = []
    for k, c in enumerate(candidates):
        if k in retold or k in hooks:
            continue
        scored.append((k == opening, supports[k] + 0.2 / (1 + max(c.rank, 0)), -c.article, -c.rank, c))
    scored.sort(key=lambda x: x[:4], reverse=True)

    chosen: list[_Candidate] = []
    used: Counter[int] = Counter()
    open_ = [True] * len(scored)
    cap = 1  # sentences per article in this pass: every article's best before any second one
    while len(chosen) < sentences and any(open_):
        added = False
        for k, (*_, c) in enumerate(scored):
            if not open_[k] or used[c.article] >= cap:
                continue
            if any(c.sentence == x.sentence or _set_cosine(c.terms, x.terms) >= REPEAT_SIMILARITY for x in chosen) \
                    or restated(c.sentence, c.terms, [x.terms for x in chosen if x.article != c.article],
                                languages[c.article]):
                open_[k] = False
                continue
            if not c.unnamed <= shown.union(*(_names(x.sentence) for x in chosen)):
                intro = introducers.get(c.sentence)
                k_intro = next((j for j, x in enumerate(scored) if x[-1] == intro and open_[j]), None)
                if intro is None or k_intro is None or len(chosen) + 2 > sentences \
                        or not c.unnamed <= shown.union(_names(intro.sentence), *(_names(x.sentence) for x in chosen)) \
                        or any(intro.sentence == x.sentence or _set_cosine(intro.terms, x.terms) >= REPEAT_SIMILARITY
                               for x in chosen):
                    continue  # "Roe said ..." with "Jane Roe" not yet shown: not now
                chosen.append(intro)  # the sentence naming "Jane Roe" comes with it
                used[intro.article] += 1
                open_[k_intro] = False
            if c.leaning and not (chosen and chosen[-1].article == c.article
                                  and _follows(story.articles[c.article].text, chosen[-1].sentence, c.sentence)
                                  and not unanchored(c.sentence, chosen[-1].sentence, languages[c.article])):
                continue  # not now: it may follow its sentence later in this pass or the next
            chosen.append(c)
            used[c.article] += 1
            open_[k] = False
            added = True
            if len(chosen) >= sentences:
                break
        if not added:
            if cap > len(scored):
                break
            cap += 1
    ordered: list[_Candidate] = []
    known, waiting = set(shown), []
    for c in _reading_order(chosen, story.articles):  # (one moved up before the sentence naming its person waits)
        waiting.append(c)
        while ready := [w for w in waiting if w.unnamed <= known]:
            ordered.append(ready[0])
            waiting.remove(ready[0])
            known.update(_names(ready[0].sentence))
    return [(c.sentence, story.articles[c.article]) for c in ordered]


def _names(text: str) -> set[str]:
    """The words of a text as names (a surname in "Pedro Mendes' shot" names Mendes), but a word before a firm's
    word in a name: a firm named after a person ("Mittal Steel, ... its chief executive" names no Mr Mittal), unless
    the text capitalises most of its words (a title-case headline)."""
    words = list(re.finditer(r"[\w'’-]+", text))
    title_case = sum(w.group()[:1].isupper() for w in words) * 3 > len(words) * 2
    return {w.group().rstrip("'’") for w in words if title_case or not _LONGER_NAME.match(text, w.end())}


_LONGER_NAME = re.compile(r" (?:Steel|Group|Holdings|Motors?|Corp|Corporation|Industries|Enterprises|Foods|Airlines"
                          r"|Airways|Media|Capital|Partners|Associates|Brothers|Bros|Entertainment|Pictures|Records|Energy|Oil"
                          r"|Mining|Metals|Motor|Company|Co|Inc|Ltd|plc|PLC|Bank|Financial|Foundation|Trust|Estates)\b")


def _reading_order(chosen: list[_Candidate], articles: list[Article]) -> list[_Candidate]:
    """The opening (the first chosen) first. One article's sentences then follow in the order its text
    gives them (a reader follows an account as it was written); from several articles, in the order
    chosen, each that comes right after another chosen one of its article in the text moved to just
    after it (another outlet's sentence may name what a later one takes as known)."""
    if len({c.article for c in chosen}) == 1:
        text = articles[chosen[0].article].text

        def place(c: _Candidate) -> int:
            at = text.find(c.sentence[:60])
            return at if at >= 0 else len(text)
        return chosen[:1] + sorted(chosen[1:], key=place)
    out: list[_Candidate] = []
    for c in chosen:
        at = next((k for k, p in enumerate(out) if p.article == c.article
                   and _follows(articles[c.article].text, p.sentence, c.sentence)), None)
        out.insert(len(out) if at is None else at + 1, c)
    return out


class _Candidate(NamedTuple):
    article: int  # its index in the story
    rank: int  # the summariser's rank (-1: taken from the text to open the story)
    sentence: str
    terms: frozenset[str]
    leaning: bool  # leans on, or points to, the sentence before it: only right after that one
    can_open: bool  # bot.summarise.openings.opening_problem finds nothing
    unnamed: frozenset[str] = frozenset()  # surnames used alone (bot.summarise.known.unintroduced)
    known: frozenset[str] = frozenset()  # "The treaty ...": a description taken as known (known.takes_as_known)
    hook: bool = False  # a family of HOOKS: as a lede, shown only as the opening


def _introducers(candidates: list[_Candidate], articles: list[Article], languages: list[str]) -> dict[str, _Candidate]:
    """For each candidate using a surname alone ("Mr Roe said ...") that its text gave in full before, the first
    sentence of its article naming the person in full ("Chancellor Jane Roe will ..."), as a candidate: it comes
    with that one (see story_summary) when it stands alone itself. Keyed by the dependent candidate's sentence."""
    wanted = [c for c in candidates if c.unnamed]
    if not wanted:
        return {}
    from bot.summarise import usable_sentences
    from bot.summarise.known import _HONORIFIC, _full_name, leans_on, stands_for, takes_as_known, unintroduced
    from bot.summarise.openings import needs_before, opening_problem

    out: dict[str, _Candidate] = {}
    lines: dict[int, list[str]] = {}
    for c in wanted:
        article, language = articles[c.article], languages[c.article]
        if c.article not in lines:
            lines[c.article] = [s.strip() for s in usable_sentences(article.text, language, article.title)]
        for sentence in lines[c.article]:
            if sentence == c.sentence:
                break  # (only a sentence before it introduces the person)
            names = {w for w in c.unnamed if any(not _HONORIFIC.search(m.group(1)) for m in _full_name(w).finditer(sentence))}
            if not names:
                continue
            problem = opening_problem(sentence, language)
            if problem in NEVER_SHOWN or _unclosed_quote(sentence) or needs_before(sentence, language) \
                    or unintroduced(sentence, article.text, language) or told_before(sentence, article.text, language) \
                    or named_before(takes_as_known(sentence, language), sentence, article.text) \
                    or leans_on(sentence, article.text, language) or stands_for(sentence, article.text, language):
                break  # (the sentence naming the person does not stand alone itself: nothing comes with it)
            same = next((x for x in candidates if x.article == c.article and x.sentence == sentence), None)
            out[c.sentence] = same or _Candidate(c.article, c.rank, sentence, _sentence_terms(sentence, language),
                                                 False, problem is None)
            break
    return out


def _supports(candidates: list[_Candidate]) -> list[float]:
    """For each candidate, how much of what the other articles say it covers (see story_summary)."""
    supports = []
    for c in candidates:
        by_article: dict[int, float] = {}
        for o in candidates:
            if o.article != c.article and o.terms:
                by_article[o.article] = max(by_article.get(o.article, 0.0), len(c.terms & o.terms) / len(o.terms))
        supports.append(sum(by_article.values()) / len(by_article) if by_article else 0.0)
    return supports


def _opening(candidates: list[_Candidate], supports: list[float], title: frozenset[str], lead_only: bool,
             named: bool, lede: int | None = None, quoted: bool = False) -> int | None:
    """Which candidate opens the story: of the sentences that can open one (see
    bot.summarise.openings.opening_problem), of the lead article's (``lead_only``) and naming something its
    headline names (``named``), the one that states most of what the headline says (the share of
    its terms), with what the other outlets confirm (support) and the summariser's rank breaking
    ties. None when there is none. ``quoted``: the lede gives the word its headline quotes (:func:`_quotes_word`)."""

    def said(c: _Candidate) -> float:
        return len(title & c.terms) / len(title) if title else 0.0

    def value(k: int) -> float:
        return said(candidates[k]) + 0.5 * supports[k] + 0.3 / (1 + max(candidates[k].rank, 0))

    able = [k for k, c in enumerate(candidates)
            if c.can_open and (c.article == 0 or not lead_only) and (not named or not title or said(c) > 0)]
    if lede in able:
        return lede
    if lede is not None and candidates[lede].can_open and lead_only and (quoted or not any(
            len(title & candidates[k].terms) >= 2 for k in able)):
        return lede  # a punning headline ("Rich pickings for hi-tech thieves") names no more in later sentences
    return max(able, key=value) if able else None


# A quotation in a headline ("Da Vinci Code is 'lousy history'"): someone's word, not an apostrophe ("TV's future").
_HEADLINE_QUOTE = re.compile(r"(?:^|(?<=[\s:]))['‘\"“][^'’\"”]{2,}['’\"”](?=$|[\s,:;.!?])")


def _quotes_word(title: str, lede: str) -> bool:
    """The headline quotes someone and the lede is a statement attributed to its speaker ("The plot of ... is
    'laughable', a clergyman has said."): the lede tells what the headline's quotation stands for, in whatever words."""
    from bot.summarise.voice import ATTRIBUTED

    return bool(_HEADLINE_QUOTE.search(title)) and bool(ATTRIBUTED.search(lede))


#: How many of the lead article's first usable sentences are tried when its summary cannot open the story.
LEAD_LINES = 8


def _lead_opening(lead: Article, language: str, taken: set[str], title: frozenset[str]) -> _Candidate | None:
    """The first of the lead article's first usable sentences that can open the story and names at
    least two things its headline names (one, for a headline of one term): a sentence the summariser
    did not pick must show it states the headline. Its lede (the first, or the first line cut before a
    signpost glued at its end: :func:`_before_signpost`) needs one: the outlet led with it under that
    headline. Then, the same way, its feed's standfirst (a teaser as often as a statement: second)."""
    found = _first_opening(own_text(lead), language, taken, title)
    return found or (_first_opening(replace(lead, text=lead.standfirst, standfirst=""), language, taken, title)
                     if lead.standfirst else None)


def _first_opening(lead: Article, language: str, taken: set[str], title: frozenset[str]) -> _Candidate | None:
    from bot.summarise import usable_sentences
    from bot.summarise.known import takes_as_known, unintroduced
    from bot.summarise.openings import opening_problem

    shown = _names(lead.title)
    lines = usable_sentences(lead.text, language, lead.title)[:LEAD_LINES]
    cut = _before_signpost(lead, language)
    for k, sentence in enumerate(lines if cut is None else [cut, *lines]):
        sentence = sentence.strip()
        if sentence in taken:
            continue
        terms = _sentence_terms(sentence, language)
        problem = opening_problem(sentence, language, lede=k == 0)
        if ((problem is None or k == 0 and _headlined(problem, sentence, terms, lead.title, title, language))
                and len(title & terms) >= min(1 if k == 0 else 2, len(title))
                and unintroduced(sentence, lead.text, language) <= shown
                and (k == 0 or named_by(takes_as_known(sentence, language), title))):
            return _Candidate(0, -1, sentence, terms, False, True)
    return None


def _follows(text: str, before: str, sentence: str) -> bool:
    """``sentence`` comes right after ``before`` in the article's text (nothing but space between)."""
    at = text.find(before)
    if at < 0:
        return False
    return text[at + len(before):].lstrip().startswith(sentence[:40])

