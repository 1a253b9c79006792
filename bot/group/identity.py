"""Identity: the same article in disguise, and wire copies."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.group.blocking import _candidate_pairs, _Pairs
from bot.group.docs import _Doc, _make_docs, _titles_agree
from bot.group.features import GroupFeatures, prepare
from bot.group.terms import TermStats, _stats_of
from bot.models import Article

__all__ = ["COPY_CONTAINMENT", "SAME_URL_CONTAINMENT", "Identity", "dedupe", "find_identity"]

_MIN_JUDGE_WORDS = 20  # fewer words than this cannot prove two texts the same or different
SAME_URL_CONTAINMENT = 0.5  # same link: an edited or extended version still shares half
#: Two items of one outlet whose leads share fewer terms than this, however alike their headlines,
#: are two stories under the outlet's headline pattern.
TEMPLATE_LEAD_TERMS = 3
COPY_CONTAINMENT = 0.8  # different links: a copy shares nearly everything
_COPY_PREFILTER = 0.5  # cosine of title+lead below which two texts cannot be copies


@dataclass
class Identity:
    """What :func:`find_identity` decided, by index into the articles given.

    ``kept``: one index per distinct article, in input order. ``same_as``: a dropped index →
    the index of the version kept. ``copies``: groups of kept indexes that are wire copies of
    one text from different outlets (each group sorted, only groups of two or more).
    """

    kept: list[int]
    same_as: dict[int, int]
    copies: list[list[int]]


def outlet_boilerplate(a: _Doc, b: _Doc) -> bool:
    """What two items of one outlet share is its template, not an event: the same text under
    unrelated headlines (a paywall, a teaser), or headlines from one pattern over texts with not
    hardly a word in common ("Briefing: Monday", "Briefing: Tuesday")."""
    if a.article.source != b.article.source:
        return False
    if _enough_text(a) and _enough_text(b) and not _titles_agree(a, b):
        return _containment(a.shingles, b.shingles) >= COPY_CONTAINMENT
    return bool(a.lead_terms) and bool(b.lead_terms) and len(a.lead_terms & b.lead_terms) < TEMPLATE_LEAD_TERMS


def _containment(a: np.ndarray, b: np.ndarray) -> float:
    """The share of the shorter's shingles in the other (``a``, ``b``: sorted, each hash once)."""
    if not len(a) or not len(b):
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def _enough_text(doc: _Doc) -> bool:
    return len(doc.shingles) >= _MIN_JUDGE_WORDS - 3


def _same_article(a: _Doc, b: _Doc, same_url: bool) -> bool | None:
    """True: one article; None: wire copies (one text, two outlets); False: different articles."""
    if same_url:
        if _enough_text(a) and _enough_text(b):
            return _containment(a.shingles, b.shingles) >= SAME_URL_CONTAINMENT
        return _titles_agree(a, b)
    if not (_enough_text(a) and _enough_text(b)):
        return False
    if _containment(a.shingles, b.shingles) < COPY_CONTAINMENT:
        return False
    if a.article.source == b.article.source:
        # One outlet, one text, unrelated titles: the text is its paywall or boilerplate.
        return _titles_agree(a, b)
    return None


def _newest_first(docs: Sequence[_Doc], members: Iterable[int]) -> list[int]:
    """Most recently published first; undated last; later in the input wins a tie."""
    return sorted(members, key=lambda i: (docs[i].time is not None, docs[i].time or 0.0, i), reverse=True)


def _identity(docs: Sequence[_Doc], pairs: _Pairs) -> Identity:
    n = len(docs)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    copy_links: list[tuple[int, int]] = []
    by_url: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        if doc.url:
            by_url[doc.url].append(i)
    checks = [(i, j, True) for members in by_url.values() for k, i in enumerate(members) for j in members[k + 1 :]]
    checks += [
        (i, j, False)
        for (i, j), sim in pairs.at_least(_COPY_PREFILTER).items()
        if not (docs[i].url and docs[i].url == docs[j].url)
    ]
    for i, j, same_url in checks:
        verdict = _same_article(docs[i], docs[j], same_url)
        if verdict is True:
            parent[find(i)] = find(j)
        elif verdict is None:
            copy_links.append((i, j))

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    same_as: dict[int, int] = {}
    kept_of: dict[int, int] = {}
    for members in groups.values():
        keep = _newest_first(docs, members)[0]
        for i in members:
            kept_of[i] = keep
            if i != keep:
                same_as[i] = keep
    kept = sorted(set(kept_of.values()))

    copy_parent = {i: i for i in kept}

    def find_copy(i: int) -> int:
        while copy_parent[i] != i:
            i = copy_parent[i]
        return i

    for i, j in copy_links:
        a, b = find_copy(kept_of[i]), find_copy(kept_of[j])
        if a != b:
            copy_parent[max(a, b)] = min(a, b)
    copy_groups: dict[int, list[int]] = defaultdict(list)
    for i in kept:
        copy_groups[find_copy(i)].append(i)
    copies = sorted(sorted(g) for g in copy_groups.values() if len(g) > 1)
    return Identity(kept=kept, same_as=same_as, copies=copies)


def find_identity(articles: Sequence[Article], stats: TermStats | None = None, language: str | None = None,
                  features: Sequence[GroupFeatures] | None = None) -> Identity:
    """Which articles are the same article, and which are wire copies.

    The rule, for two articles A and B:

    * **Same link** (after :func:`canonical_url`): the same article (a new GUID, an edited
      title or a changed date are all disguises) *when their texts agree*: at least half of the
      shorter text's 4-word shingles (of the first 150 words) appear in the other. When both
      have at least 20 words and they do not agree, the link is a live page or a reused URL:
      two articles, both kept. When a text is too short to tell, the titles decide (half of the
      shorter title's words in common).
    * **Different links, same outlet**, texts agreeing on 80% of the shingles and titles
      agreeing (as above): the same article republished under a new link: one article. With
      unrelated titles the shared text is the outlet's paywall or boilerplate: two articles.
    * **Different links, different outlets**, texts agreeing on 80%: wire copies (one text
      syndicated by several sites): both kept, as one story, so each outlet is credited.

    Of several versions of one article the most recently published is kept (an edited title or
    date is the newer word); undated versions count as oldest; a tie keeps the later in the input.
    ``features``: the articles' :func:`prepare` results, when a worker made them already.
    """
    feats = _features_of(articles, features, language)
    stats = stats if stats is not None and stats.docs else _stats_of(f.terms for f in feats)
    docs = _make_docs(articles, feats, stats)
    return _identity(docs, _candidate_pairs(docs, floor=_COPY_PREFILTER)[0])


def dedupe(articles: Sequence[Article], stats: TermStats | None = None, language: str | None = None) -> list[Article]:
    """The articles without repeats of the same article (see :func:`find_identity`), in input order."""
    return [articles[i] for i in find_identity(articles, stats, language).kept]



def _features_of(articles: Sequence[Article], features: Sequence[GroupFeatures] | None,
                 language: str | None) -> list[GroupFeatures]:
    if features is None:
        return [prepare(a, language) for a in articles]
    if len(features) != len(articles):
        raise ValueError(f"{len(features)} features for {len(articles)} articles")
    return list(features)
