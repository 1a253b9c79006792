"""The fitted model and selection: best first, discounted by repetition, to a count or a word budget."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.language import resolve_language, word_count
from bot.summarise.features import Features, sentence_features
from bot.summarise.known import turns
from bot.summarise.ledes import defines, development, forecast, main_clause, no_event, said_frame
from bot.summarise.openings import needs_before
from bot.summarise.screen import leans, screen_sentences

__all__ = ["DUPLICATE", "REDUNDANCY", "WEIGHTS", "Ranking", "choose", "fits", "hook", "pick", "ranking", "summarise",
           "telling"]

# Weights of FEATURES, fitted by `python -m benchmarks.summary_quality --fit` on the development
# splits of summ_frank_cnndm_xsum (118 CNN/DailyMail articles, 3-sentence highlights) and
# summ_temario_pt (45 Portuguese articles, reference-length abstracts), scoring the summaries
# this module makes (benchmarks/summary_fit.py goes through ranking() and pick(), so the leaning
# rule and the word budget are the real ones):
#   - every weight but "lead" and "budget paragraph": L2-regularised logistic regression (λ = 1,
#     both sets weighing the same) of "a greedy ROUGE-1+2 oracle picked this sentence" on the
#     features, the penalties ("long", "quote", "leaning") held at 0 or below;
#   - "lead", "budget paragraph" and REDUNDANCY: the grid point (lead 0-2, budget paragraph
#     0/1/2, redundancy 0-1) whose worst 2-fold cross-validated margin over LEAD among the six
#     ROUGE figures is largest (ties: the largest mean margin).
# Reading them: the first sentence scores 2.9 (-1.67 + 2.50 + 1.03 paragraph + 1.00 lead), the
# second 2.3, the third 1.8, the fourth, outside a 3-sentence lead, 0.6, or 1.7 if it opens a
# paragraph; under a word budget a paragraph's opening sentence scores 1.00 more again, so such
# a summary is made of the first paragraphs' openings (TeMário's abstracts; CNN/DM's articles
# come as one line). A quote costs up to 1.20, an opening "He"/"But" 0.47, so those give way to
# the next sentence. Centrality counts little (centroid 0.46, LexRank 0.06): past the lead it
# breaks ties. "title" is 0 because neither set has titles; the title is still used to drop a
# repeated headline. How the whole procedure does under nested cross-validation:
# benchmarks/RESULTS.md.
WEIGHTS = np.array([-1.67, 2.50, 1.03, 0.06, 0.46, 0.00, 0.06, 0.00, -1.20, -0.47, 1.00, 1.00])
REDUNDANCY = 1.0
#: Cosine at which a sentence counts as a copy of one already chosen (not fitted: a rule).
DUPLICATE = 0.8


def fits(total: float, length: float, words: float) -> bool:
    """The word-budget rule: a sentence is taken if at least half of it fits in what is left.

    So a summary ends as close to the budget as whole sentences allow: over it by less than
    half its last sentence, or under it by less than half of any sentence it skipped.
    """
    return total + length / 2.0 <= words


def _select(score: np.ndarray, features: Features, sentences: int, words: int | None,
            redundancy: float = REDUNDANCY, allowed: np.ndarray | None = None,
            leaning: tuple[list[bool], list[bool]] | None = None) -> list[int]:
    """Indices chosen best first, each discounted by its similarity to those already chosen.

    With a word budget, sentences that do not fit (see :func:`fits`) are passed over for
    shorter ones further down, until the budget is used up. The best sentence is always
    taken, so a summary is never empty. A near-copy of a chosen sentence (cosine ≥ DUPLICATE)
    is never taken, even if that leaves the summary short. ``leaning`` (needs, after; see
    summarise): a sentence that leans on the one before comes with that one, or not at all.
    """
    lengths = features.lengths
    chosen: list[int] = []
    open_ = np.ones(len(score), dtype=bool) if allowed is None else allowed.copy()
    repeat = np.zeros(len(score))
    total = 0.0
    while open_.any():
        adjusted = np.where(open_, score - redundancy * repeat, -np.inf)
        i = int(adjusted.argmax())
        open_[i] = False
        group = [i] if leaning is None else _with_support(i, chosen, open_, *leaning)
        if not group:
            continue
        size = float(sum(lengths[g] for g in group))
        if words is not None:
            if chosen and not fits(total, size, words):
                continue
            chosen.extend(group)
            total += size
            if total >= words:
                break
        else:
            if len(chosen) + len(group) > sentences:
                continue
            chosen.extend(group)
            if len(chosen) >= sentences:
                break
        for g in group:
            open_[g] = False
            np.maximum(repeat, features.similarity_to(g), out=repeat)
        open_ &= repeat < DUPLICATE  # near-copies (a caption restating the text) never
    return sorted(chosen)


def _with_support(i: int, chosen: list[int], open_: np.ndarray, needs: list[bool], after: list[bool]) -> list[int]:
    """``i`` with the run of sentences before it that it leans on ([] if one of them cannot be had).

    What a sentence leans on is the sentence before it in the article: candidate ``j - 1`` only when
    nothing a reader would have read lies between them (``after``), so a leaning sentence is never
    taken after a chosen sentence it does not follow (a quote fragment or a pronoun quote between).
    """
    group = [i]
    j = i
    while needs[j]:
        if not after[j]:
            return []
        if j - 1 in chosen:
            break
        if not open_[j - 1]:
            return []
        j -= 1
        group.insert(0, j)
    return group


def _in_order(sentences: list[str], language: str, count: int, words: int | None) -> list[str]:
    """Article order, as many as the count or budget allow (when there is nothing to rank)."""
    if not words:
        return sentences[:count]
    out: list[str] = []
    total = 0
    for s in sentences:
        n = word_count(s, language)
        if out and not fits(total, n, words):
            break
        out.append(s)
        total += n
        if total >= words:
            break
    return out


@dataclass
class Ranking:
    """What ranking needs of one article, made once: :func:`pick` then chooses with any weights.

    ``whole`` is the summary when there is nothing to rank (no more usable sentences than asked
    for, or none at all); otherwise ``features``, ``leaning`` (needs, after; see :func:`_select`)
    and ``allowed`` (the candidates that may be chosen: not a hook, see :func:`telling`) are set.
    benchmarks/summary_fit.py refits the weights through this, so that it scores exactly the
    summaries :func:`summarise` makes.
    """

    candidates: list[str]
    sentences: int
    words: int | None
    whole: list[str] | None = None
    features: Features | None = None
    leaning: tuple[list[bool], list[bool]] | None = None
    allowed: np.ndarray | None = None


def hook(sentence: str, language: str = "english") -> bool:
    """A sentence that tells nothing alone: a feature's hook or scene, naming nothing and stating no
    event ("With summer around the corner, icy treats are back on the menu.", :func:`.ledes.no_event`),
    or the writer's forecast framed by a vague time ("Soon, America will be too fat to fight.",
    :func:`.ledes.forecast`).

    Not a sentence that needs the one before it ("It is the first such conviction.", "Their aim is
    ...", :func:`.openings.needs_before`): that one tells of what the sentence before told, and the
    leaning rule (:func:`_select`) takes it with that sentence or not at all. Nor a main clause, after
    an opening phrase, whose subject is a thing the article tells of ("Unlike other phones, the device
    picks the fastest network itself.": no_event spares "The ..." at a sentence's start alike). Nor what
    tells something though it names nothing and states no event: a definition ("A blue moon is the name
    of ...", :func:`.ledes.defines`) or a development and its hedged effect ("A chip which combines a
    modem and a processor could make phones cheaper.", :func:`.ledes.development`), nor what a named
    speaker said ("As Tory spokesman Oliver Letwin said - any chancellor would ...", :func:`.ledes.said_frame`).
    The rules are English (as the openings' are); other languages: never.
    """
    if language != "english":
        return False
    if not forecast(sentence) and not (no_event(sentence) and not main_clause(sentence).startswith("the ")
                                       and not defines(sentence) and not development(sentence)
                                       and not said_frame(sentence)):
        return False
    return not needs_before(sentence, language)


def telling(candidates: list[str], language: str, after: list[bool] | None = None) -> np.ndarray | None:
    """Which candidates may be chosen for a summary: those that are no :func:`hook` (True).

    A summary of a few sentences has room only for what the article tells; a hook said nothing
    alone, wherever it stands (a story's opening refuses it too, bot.summarise.openings), and a
    sentence leaning on it ("But if there is one ...") goes with it: also, right after it (``after[i]``:
    candidate i follows candidate i-1 in the text, see :func:`ranking`), one that needs it in a way
    the leaning rule does not see (:func:`.openings.needs_before`) or turns against it ("The only
    problem is that ...", :func:`.known.turns`). None when no candidate is a hook, or every one is
    (then they are all there is).
    """
    if language != "english":
        return None
    told = np.array([not hook(c, language) for c in candidates])
    if after is not None:
        for i in range(1, len(candidates)):
            if after[i] and not told[i - 1] and told[i] and (turns(candidates[i], language)
                                                             or needs_before(candidates[i], language)):
                told[i] = False
    return told if 0 < told.sum() < len(told) else None


def ranking(text: str, sentences: int = 3, language: str | None = "english", title: str | None = None,
            words: int | None = None) -> Ranking:
    """Screen ``text`` and compute its features (the arguments are :func:`summarise`'s)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    if words is not None:
        if words < 1:
            raise ValueError("a word budget must be at least 1 word")
    elif sentences < 1:
        raise ValueError("a summary needs at least one sentence")
    language = resolve_language(language, text)
    screened = screen_sentences(text, language, title)
    usable = [s for s in screened if s.usable]
    candidates = [s.text for s in usable]
    if not candidates:
        # Nothing stands alone (a one-line teaser, say): better its own text than nothing.
        rest = [s.text for s in screened if s.reason not in ("boilerplate", "run-on")]
        return Ranking(candidates, sentences, words, whole=_in_order(rest, language, sentences, words))
    lengths = [s.words for s in usable]
    # needs[i]: the sentence leans on the one before it (see screen.leans); after[i]: that one is
    # candidate i-1, with nothing but furniture screened out between them.
    positions = [k for k, s in enumerate(screened) if s.usable]
    needs = [leans(c, language) for c in candidates]
    after = [i > 0 and all(s.reason in _UNSEEN for s in screened[positions[i - 1] + 1:positions[i]])
             for i in range(len(candidates))]
    if words is None and len(candidates) <= sentences or words is not None and sum(lengths) <= words:
        standing = _standing(list(range(len(candidates))), needs, after)
        return Ranking(candidates, sentences, words,
                       whole=[candidates[i] for i in standing] if standing else candidates)
    size = sentences if words is None else words / (sum(lengths) / len(lengths))
    features = sentence_features(candidates, language, title, [s.paragraph_start for s in usable], size, lengths,
                                 budget=words is not None)
    return Ranking(candidates, sentences, words, features=features, leaning=(needs, after),
                   allowed=telling(candidates, language, after))


def pick(r: Ranking, weights: np.ndarray | None = None, redundancy: float | None = None) -> list[str]:
    """The summary of a :func:`ranking`, with the fitted weights unless others are given."""
    if r.whole is not None:
        return r.whole
    assert r.features is not None
    chosen = choose(r.features, r.sentences, r.words, weights, redundancy, r.allowed, r.leaning)
    if not chosen and r.allowed is not None:  # what tells something leans on what cannot be had: the rest too
        chosen = choose(r.features, r.sentences, r.words, weights, redundancy, leaning=r.leaning)
    if not chosen:  # every sentence leans on one that cannot be had: the best one after all
        chosen = choose(r.features, 1 if r.words is None else r.sentences, r.words, weights, redundancy)
    return [r.candidates[i] for i in chosen]


def summarise(text: str, sentences: int = 3, language: str | None = "english", title: str | None = None,
              words: int | None = None) -> list[str]:
    """The best sentences of ``text``, in article order.

    ``sentences`` caps the count; ``words``, when given, takes precedence as a word budget (see
    :func:`_select` for the rule). ``language`` is a code or sumy name; None detects it. An
    article with no more usable sentences than asked for comes back whole (never padded).
    """
    return pick(ranking(text, sentences, language, title, words))


# Screened-out sentences a reader would not have seen between two sentences: a leaning sentence after
# them still follows the one before them.
_UNSEEN = frozenset({"boilerplate", "caption", "headline", "fragment"})


def _standing(chosen: list[int], needs: list[bool], after: list[bool]) -> list[int]:
    """The chosen indices (article order) that stand: a leaning sentence only right after the one it leans on."""
    kept: list[int] = []
    for i in chosen:
        if not needs[i] or (after[i] and kept and kept[-1] == i - 1):
            kept.append(i)
    return kept


def choose(features: Features, sentences: int = 3, words: int | None = None,
           weights: np.ndarray | None = None, redundancy: float | None = None,
           allowed: np.ndarray | None = None, leaning: tuple[list[bool], list[bool]] | None = None) -> list[int]:
    """Indices (article order) of the sentences to show; weights and redundancy default to the fitted ones.

    ``allowed`` (booleans, one per sentence) leaves out the others; ``leaning`` see :func:`_select`.
    """
    score = features.matrix @ (WEIGHTS if weights is None else weights)
    return _select(score, features, sentences, words, REDUNDANCY if redundancy is None else redundancy, allowed, leaning)
