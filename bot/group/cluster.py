"""Stories: average linkage over candidate pairs, with time counting; group and group_stories."""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from bot.group.blocking import Spread, _candidate_pairs, _Matrix, _Neighbours, _Pairs
from bot.group.bounds import PairBounds, blended
from bot.group.docs import (
    _NO_VECTOR,
    _added,
    _blend,
    _Doc,
    _dots,
    _make_docs,
    _RowsMaker,
    _story_dots,
    _StoryNames,
    _titles_agree,
)
from bot.group.features import GroupFeatures, link_slug, names_the_outlet, titled_by_link, untitled
from bot.group.gaps import nearest_gap as _nearest_gap
from bot.group.identity import _COPY_PREFILTER, _features_of, _identity, outlet_boilerplate
from bot.group.present import rank_stories
from bot.group.terms import TermStats, _stats_of
from bot.models import Article, Story

__all__ = ["CLOSE_BONUS", "FOLLOW_UP", "HEADLINE_WORDS", "NEWS_CYCLE", "RARE_NAME_IDF", "THRESHOLD", "TIME_PENALTY",
           "TIME_WINDOW", "VETO_NAMES", "Grouping", "group", "group_stories", "headlines_agree"]

#: Average-linkage threshold on the TF-IDF cosine of title + lead (benchmarks/digest_quality.py
#: and grouping_quality.py; figures in benchmarks/RESULTS.md).
THRESHOLD = 0.2
#: One news cycle: two stories from different outlets whose nearest articles are this close in
#: time, and whose headlines share at least HEADLINE_WORDS content words, need CLOSE_BONUS less.
#: That is how a reaction or a follow-up reads beside the report it answers ("China opposes
#: DPRK's missile launch" beside "North Korea fires another missile"): other words, the same
#: day, the same few headline words. One outlet's own posts of a day get no such credit: a
#: section or a forum writes about its beat every day.
NEWS_CYCLE = timedelta(hours=48)
CLOSE_BONUS = 0.1
HEADLINE_WORDS = 2
#: Articles within this time of a story's nearest article join on text alone.
TIME_WINDOW = timedelta(days=3)
#: Beyond the window the bar rises by this much per doubling of the gap: 6 days apart +0.02,
#: a month +0.07, a year +0.14 (on top of THRESHOLD): far apart, only close coverage joins.
TIME_PENALTY = 0.02
#: When each story's titles name someone the other's texts mention (see RARE_NAME_IDF), the
#: window is this long instead: a follow-up weeks later ("Death toll in Nice attack rises to
#: 85") names its event's people and places. Only a window, not a waiver: the same country's
#: launches a year apart are two events that name the same places.
FOLLOW_UP = timedelta(days=30)
#: Two single articles that each name at least this many people, places or numbers, share none
#: of them and have headlines that do not agree, are about different events however alike their
#: wording: one template, two towns ("library reopens in Ashvale" and "library plan in Pellon").
VETO_NAMES = 3
#: Evidence against, for stories of any size: each story's titles name someone or somewhere (a
#: rare name: IDF at least this, i.e. in at most about one article in twelve of the history, in
#: the titles of at least half its members) and neither story's texts, in at least half their
#: members, mention any name the other's titles give. That is one template in two places
#: ("Siexfield Audit Office closes..." and "Praxfield Project audits..."): two events. A
#: reaction names what it reacts to ("China opposes DPRK's launch" mentions North Korea and
#: Japan), and a story whose titles name nothing rare is never judged so. The same names the
#: other way round (each story's title names mentioned by the other's texts) are evidence for.
RARE_NAME_IDF = 2.5


def _time_adjust(gap_seconds: float | None, same_event_words: bool) -> float:
    """What time says about two stories: a bonus within a news cycle (given the headline words
    and outlets that make it plausible), a penalty far apart."""
    if gap_seconds is None:
        return 0.0
    if gap_seconds <= NEWS_CYCLE.total_seconds():
        return CLOSE_BONUS if same_event_words else 0.0
    window = TIME_WINDOW.total_seconds()
    if gap_seconds <= window:
        return 0.0
    return -TIME_PENALTY * math.log2(gap_seconds / window)


def headlines_agree(a: set[str] | frozenset[str], b: set[str] | frozenset[str],
                    named_a: AbstractSet[str] = frozenset(), named_b: AbstractSet[str] = frozenset()) -> bool:
    """Two stories' headline words (stems) share what one news cycle's coverage shares: at least
    :data:`HEADLINE_WORDS`, or half of a shorter headline's ("Bitcoin is getting smashed" cannot
    share two). A word one story's titles use as a name (``named_*``) and the other's as a word
    ("Fandford Rowing Club", "ambulance row") is not shared."""
    shared = len((a & b) - (named_a ^ named_b))
    return shared >= min(HEADLINE_WORDS, max(1, (min(len(a), len(b)) + 1) // 2))


def _different_events(a: _Doc, b: _Doc) -> bool:
    """Two articles that name different things under titles that do not agree, or two items of one
    outlet whose shared text is its boilerplate."""
    if outlet_boilerplate(a, b):
        return True
    names_a, names_b = a.names, b.names
    return (len(names_a) >= VETO_NAMES and len(names_b) >= VETO_NAMES and not names_a & names_b
            and not _titles_agree(a, b))


def _average_linkage(
    docs: Sequence[_Doc],
    pairs: _Pairs,
    threshold: float,
    forced: Iterable[Sequence[int]] = (),
    keys: dict[int, str] | None = None,
    rare: frozenset[str] | set[str] = frozenset(),
    matrix: _Matrix | None = None,
) -> list[int]:
    """Cluster label (a member's index) per document.

    Repeatedly merges the two clusters with the highest average pair similarity adjusted by what
    time, outlets and headlines say (:func:`_time_adjust`), while that is at least ``threshold``;
    two single articles that name different things never merge (:data:`VETO_NAMES`), nor two
    stories whose titles name different rare names (``rare``) that the other never mentions
    (:data:`RARE_NAME_IDF`). Vectors
    have unit length, so the average cosine over all pairs of two clusters is the dot product of
    their summed vectors over the product of their sizes: exact, although only clusters linked
    by a candidate pair at or above the lowest bar are ever compared. ``forced`` groups are
    merged first; clusters holding different ``keys`` (stories decided in earlier runs) never merge.
    ``matrix``: the documents' rows, when made already (:meth:`_Matrix.among`).
    """
    n = len(docs)
    size = [1] * n
    sizes = np.ones(n, np.int64)  # (size, for many neighbours at once)
    alive = [True] * n
    # A story's summed vectors (title + lead, whole text) as arrays of term ids and weights: its
    # document's own (views of one matrix) until it absorbs another. A merged story's cosines with
    # all its neighbours are then taken at once in numpy.
    matrix = matrix or _Matrix.of(docs)
    dense = np.zeros(matrix.terms + 1)
    (lead_pad, sums), (body_pad, bodies) = matrix.padded()
    del matrix
    times = [[d.time] if d.time is not None else [] for d in docs]
    outlets = [{d.article.source} for d in docs]
    names = _StoryNames(docs, rare)  # evidence for and against from the names titles give and texts use
    headlines: list[set[str] | None] = [None] * n  # a story's headline words, looked up when first needed

    def headline(a: int) -> set[str]:
        words = headlines[a]
        if words is None:
            words = headlines[a] = set(docs[a].headline)
        return words
    key: list[str | None] = [None] * n
    for i, k in (keys or {}).items():
        key[i] = k
    # An average is never above the best pair, so two stories can only merge when some pair of
    # their articles is at least at the lowest bar: only such pairs link stories as neighbours.
    floor, cycle = threshold - CLOSE_BONUS, NEWS_CYCLE.total_seconds()
    neighbours = _Neighbours(pairs, n, floor)
    version = [0] * n
    parent = list(range(n))

    def adjust(a: int, b: int) -> float:
        gap = _nearest_gap(times[a], times[b])
        # (headline words and outlets count within a news cycle alone: _time_adjust reads them nowhere else)
        alike = (gap is not None and gap <= cycle and not (len(outlets[a]) == 1 and outlets[a] == outlets[b])
                 and headlines_agree(headline(a), headline(b), names.named_terms(a), names.named_terms(b)))
        change = _time_adjust(gap, alike)
        if change < 0 and names.together(a, b):
            # A follow-up names its event's people and places: the window is a month then.
            return min(0.0, -TIME_PENALTY * math.log2(gap / FOLLOW_UP.total_seconds()))  # type: ignore[operator]
        return change

    def score(a: int, b: int, lead: float | None = None, body: float | None = None) -> float:
        """``lead`` / ``body``: the summed vectors' cosines, when taken already. A score that cannot
        reach ``threshold`` comes back without :func:`adjust`, which never adds more than CLOSE_BONUS."""
        if lead is None:
            lead = float(_dots(sums[a], [sums[b]], dense)[0])
        if names.agree(a, b):  # the whole text is evidence for only where names are no evidence against
            lead = _blend(lead, float(_dots(bodies[a], [bodies[b]], dense)[0]) if body is None else body)
        s = lead / (size[a] * size[b])
        return s if s + CLOSE_BONUS < threshold else s + adjust(a, b)

    def merge(a: int, b: int) -> int:
        if len(bodies[b][0]) > len(bodies[a][0]):
            a, b = b, a
        for vectors in (sums, bodies):
            vectors[a] = _added(vectors[a], vectors[b])
            vectors[b] = _NO_VECTOR
        neighbours.joined(a, names.inside[b])
        size[a] += size[b]
        sizes[a] = size[a]
        alive[b] = False
        parent[b] = a
        times[a] = sorted(times[a] + times[b])
        outlets[a] |= outlets[b]
        names.merge(a, b)
        headlines[a] = headline(a) | headline(b)
        key[a] = key[a] or key[b]
        version[a] += 1
        return a

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for group_ in forced:
        members = list(group_)
        for other in members[1:]:
            a, b = find(members[0]), find(other)
            if a != b and (key[a] is None or key[b] is None or key[a] == key[b]):
                merge(a, b)

    heap: list[tuple[float, int, int, int, int]] = []
    # Pairs of single articles whose score cannot reach the threshold are not looked at (PairBounds).
    single = np.array([alive[i] and size[i] == 1 for i in range(n)], bool)
    look = ~(single[pairs.first] & single[pairs.second]) & (pairs.sims >= floor)
    bounds = PairBounds(docs, CLOSE_BONUS, NEWS_CYCLE.total_seconds(), HEADLINE_WORDS)
    look[~look] = bounds.may_reach(pairs.first[~look], pairs.second[~look], pairs.sims[~look], threshold)
    del bounds, single
    for (a, b), sim, lead in pairs.where(look).with_leads():
        if sim < floor:
            continue
        if alive[a] and alive[b] and size[a] == 1 and size[b] == 1:
            if _different_events(docs[a], docs[b]):
                continue
            if not names.agree(a, b):
                sim = lead  # (the title + lead cosine, as blocking took it)
            s = sim + adjust(a, b)  # two single articles: the pair itself
        else:
            a, b = find(a), find(b)
            if a == b:
                continue
            s = score(a, b)
        if s >= threshold:
            x, y = (a, b) if a < b else (b, a)
            heap.append((-s, x, y, version[x], version[y]))
    del pairs, look  # (the neighbours hold what the merges need of them)
    heapq.heapify(heap)
    compact_at = max(2 * len(heap), 65_536)
    while heap:
        if len(heap) > compact_at:  # drop entries of stories that have changed since: they would be skipped
            heap = [e for e in heap if alive[e[1]] and alive[e[2]] and version[e[1]] == e[3] and version[e[2]] == e[4]]
            heapq.heapify(heap)
            compact_at = max(2 * len(heap), 65_536)
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        if key[a] is not None and key[b] is not None and key[a] != key[b]:
            continue
        if size[a] == 1 and size[b] == 1 and _different_events(docs[a], docs[b]):
            continue
        if names.apart(a, b):
            continue
        c = merge(a, b)
        near = neighbours.of(c, names.inside[c])
        if not near:
            continue
        around = np.asarray(near)
        alone = sizes[around] == 1  # (single articles: their vectors are rows of the matrix)
        leads = _story_dots(sums[c], around, alone, lead_pad, sums, dense)
        texts = _story_dots(bodies[c], around, alone, body_pad, bodies, dense)
        # score() of a neighbour that cannot reach the threshold (blended as if names agreed) returns early:
        # only the others are scored.
        reach = np.flatnonzero(blended(leads, texts) / (size[c] * sizes[around]) + CLOSE_BONUS >= threshold)
        ds = around[reach].tolist()  # (score() of each, inlined, with c's names looked up once: names.agreeing)
        for d, lead, body, agree in zip(ds, leads[reach].tolist(), texts[reach].tolist(), names.agreeing(c, ds)):
            s = (_blend(lead, body) if agree else lead) / (size[c] * size[d])
            if s + CLOSE_BONUS >= threshold:
                s += adjust(c, d)
            if s >= threshold:
                x, y = (c, d) if c < d else (d, c)
                heapq.heappush(heap, (-s, x, y, version[x], version[y]))
    return [find(i) for i in range(n)]


@dataclass
class Grouping:
    """The result of :func:`group`.

    ``stories``: the new articles as stories, ranked (:func:`rank_stories`); inside a story the
    earliest article leads. ``story_key``: every new article's story key, dropped duplicates
    included: an earlier story's key when the story continues one, else the ``entry_id`` (as
    text) of its first article in input order. ``duplicates``: entry_id of a dropped repeat →
    entry_id of the version shown (or of the earlier article it repeats); mark these delivered
    too, or they come back next run. ``continues``: new story key → True when it is an earlier
    story's key (the story grew since it was last shown). ``compared``: how many article pairs
    were compared, for timing logs.
    """

    stories: list[Story]
    story_key: dict[int, str]
    duplicates: dict[int, int]
    continues: dict[str, bool] = field(default_factory=dict)
    compared: int = 0  # article pairs whose similarity was computed (blocking keeps this linear)


def group(
    articles: Sequence[Article],
    *,
    stats: TermStats | None = None,
    earlier: Sequence[tuple[Article, str]] = (),
    now: datetime | None = None,
    threshold: float = THRESHOLD,
    language: str | None = None,
    features: Sequence[GroupFeatures] | None = None,
    earlier_features: Sequence[GroupFeatures] | None = None,
    spread: Spread | None = None,
) -> Grouping:
    """Dedupe ``articles`` and group them into stories.

    ``stats``: document frequencies from the store's history (see :class:`TermStats`); None
    (or empty) fits them on ``earlier`` + ``articles``, which makes similarities depend on the
    batch: fine for a one-off, not for a digest, and a batch of a few articles rarely groups.
    ``earlier``: recently delivered articles with their story keys; a new article repeating one
    of them is dropped (reported in ``duplicates``), and one about the same event joins that
    story's key. ``now`` only ranks (default: the newest
    article's date). ``language``: sumy's name or a code for all articles; None guesses per article.
    ``features`` / ``earlier_features``: :func:`prepare` of ``articles`` / of ``earlier``'s
    articles, when a worker made them already (the articles' texts are then not read).
    ``spread``: other processes to compare candidate pairs in (a large batch's blocking), with the
    same result. Once the documents are made, no other reference to the features is kept here.
    """
    before = [a for a, _ in earlier]
    everything = list(articles) + before
    feats = _features_of(articles, features, language) + _features_of(before, earlier_features, language)
    feats = _without_furniture(everything, feats)
    del features, earlier_features  # (a caller that hands over its only references lets them go, below)
    stats = stats if stats is not None and stats.docs else _stats_of(f.terms for f in feats)
    rows = _RowsMaker(len(everything))
    docs = _make_docs(everything, feats, stats, rows)  # (their vectors go straight into the matrix's rows)
    matrix = _Matrix.made(rows)
    del rows, feats
    pairs, compared = _candidate_pairs(docs, floor=min(threshold - CLOSE_BONUS, _COPY_PREFILTER), matrix=matrix,
                                       spread=spread)
    n_new = len(articles)

    identity = _identity(docs, pairs)
    earlier_key = {n_new + k: key for k, (_, key) in enumerate(earlier)}
    # One representative per distinct article. A new article that repeats an earlier one was
    # shown already: it is dropped in favour of the earlier one. Among new articles only, the
    # version find_identity keeps (the newest) is shown.
    versions: dict[int, list[int]] = defaultdict(list)
    for i in range(len(everything)):
        versions[identity.same_as.get(i, i)].append(i)
    same_as: dict[int, int] = {}
    for keep, members in versions.items():
        old = [i for i in members if i >= n_new]
        representative = old[0] if old else keep
        for i in members:
            if i != representative:
                same_as[i] = representative
    duplicates = {
        everything[i].entry_id: everything[target].entry_id for i, target in same_as.items() if i < n_new
    }

    # Cluster the distinct articles (new and earlier); wire copies are forced together.
    index = [i for i in range(len(everything)) if i not in same_as]
    position = {i: k for k, i in enumerate(index)}
    sub_docs = [docs[i] for i in index]
    for d in docs:
        d.top, d.url = [], None  # (read by blocking and identity alone)
    # The linkage reads no other pairs; handed the only reference, it lets go of them once scored.
    sub_pairs = [pairs.among(position, len(docs)).at_least(threshold - CLOSE_BONUS)]
    del pairs
    forced = [sorted({position[same_as.get(i, i)] for i in g}) for g in identity.copies]
    keys = {position[i]: k for i, k in earlier_key.items() if i in position}
    rare = {t for d in sub_docs for t in d.title_names if stats.idf(t) >= RARE_NAME_IDF}
    labels = _average_linkage(sub_docs, sub_pairs.pop(), threshold, forced, keys, rare, matrix.among(index))
    del matrix

    clusters: dict[int, list[int]] = defaultdict(list)
    for k, label in enumerate(labels):
        clusters[label].append(index[k])
    story_key: dict[int, str] = {}
    continues: dict[str, bool] = {}
    stories: list[Story] = []
    for label in sorted(clusters, key=lambda lb: min(clusters[lb])):
        group_ = clusters[label]
        new = [i for i in group_ if i < n_new]
        if not new:
            continue
        old_keys = [earlier_key[i] for i in group_ if i in earlier_key]
        key = old_keys[0] if old_keys else str(everything[min(new)].entry_id)
        continues[key] = bool(old_keys)
        for i in new:
            story_key[everything[i].entry_id] = key
        stories.append(Story(articles=sorted((everything[i] for i in new), key=_time_key), update=bool(old_keys)))
    for i in range(n_new):
        if i in same_as:
            target = same_as[i]
            story_key[everything[i].entry_id] = (
                earlier_key.get(target) or story_key.get(everything[target].entry_id) or str(everything[target].entry_id)
            )
    if now is None:
        now = max((a.published for a in articles if a.published), default=None)
    return Grouping(
        stories=rank_stories(stories, now),
        story_key=story_key,
        duplicates=duplicates,
        continues=continues,
        compared=compared,
    )


def _without_furniture(articles: Sequence[Article], feats: list[GroupFeatures]) -> list[GroupFeatures]:
    """Titles that say nothing of their article carry no weight: the outlet's own name, and a
    title one outlet gives to different items (its section's name, "Letters", "Photo of the day").
    Such a page is headed by its link's slug instead (:func:`titled_by_link`: a site's search page
    for "Costa Rica plane crash", a wire page under the site's name), unless that slug is one the
    outlet gives to several items too."""
    titles = Counter((a.source, f.title_words) for a, f in zip(articles, feats) if f.title_words)
    furniture = [k for k, (a, f) in enumerate(zip(articles, feats))
                 if f.title_words and (titles[a.source, f.title_words] > 1 or names_the_outlet(f, a.source))]
    if not furniture:
        return feats
    # The link's slug then names the page (titled_by_link), unless the outlet's other items share it.
    sources = {articles[k].source for k in furniture}
    slugs = Counter((a.source, tuple(link_slug(a.link))) for a in articles if a.source in sources)
    out = list(feats)
    for k in furniture:
        a = articles[k]
        slug = tuple(link_slug(a.link))
        out[k] = untitled(feats[k]) if slug and slugs[a.source, slug] > 1 else titled_by_link(feats[k], a.link)
    return out


def group_stories(articles: list[Article], threshold: float = THRESHOLD, **options: Any) -> list[Story]:
    """The stories of :func:`group`, ranked: the pipeline's original entry point.

    Options are :func:`group`'s (``stats``, ``earlier``, ``now``, ``language``).
    """
    return group(articles, threshold=threshold, **options).stories


def _time_key(article: Article) -> tuple[bool, float]:
    return (article.published is None, article.published.timestamp() if article.published else 0.0)
