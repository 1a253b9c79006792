"""Pure decisions about identity and stories: canonical URLs, the same article seen twice,
wire copies, stories across outlets, and what a digest shows of a story.

Everything here is a pure function of its arguments: no I/O, no clock (``now`` is passed in),
no randomness. The stages, in the order the pipeline uses them:

1. **Identity** (:func:`find_identity`): the same article in disguise is shown once; wire copies
   are tied together. The rule is written out on :func:`find_identity`.
2. **Stories** (:func:`group`, :func:`group_stories`): articles about the same event from
   different outlets become one story. Similarity is the cosine of TF-IDF vectors of each
   article's title and lead, with document frequencies taken from :class:`TermStats` (the
   store's history), so whether two articles are alike never depends on what else happens to be
   in the batch; the clustering is average linkage with one fixed threshold, where time counts:
   beyond :data:`TIME_WINDOW` apart, the bar rises with the log of the gap.
3. **Digest** (:func:`story_summary`, :func:`rank_stories`, :func:`filter_stories`).

Choices were measured with ``benchmarks/grouping_quality.py``.
"""

from __future__ import annotations

import heapq
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from bot.keywords import compile_keywords
from bot.models import Article, Story
from bot.urls import canonical_url, without_tracking

__all__ = [
    "canonical_url",
    "without_tracking",
    "TermStats",
    "article_terms",
    "Identity",
    "find_identity",
    "dedupe",
    "Grouping",
    "group",
    "group_stories",
    "story_summary",
    "rank_stories",
    "compile_keywords",
    "filter_stories",
    "THRESHOLD",
]

# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

# Letters and digits, with inner apostrophes ("O'Neill", "don't"); one regex, so it is fast.
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

#: How many words of an article's text, after its title, describe it for grouping. News puts
#: who/what/where first, and a feed teaser and the full page then look alike.
LEAD_WORDS = 60
#: The title counts this many times: it is the outlet's own one-line statement of the event.
TITLE_WEIGHT = 3

# Languages we may guess: sumy has stop words and a stemmer for each, and they use spaces.
_GUESSABLE = ("english", "portuguese", "spanish", "french", "german", "italian", "czech", "slovak")


@lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    try:
        from sumy.utils import get_stop_words

        return frozenset(w.lower() for w in get_stop_words(language))
    except (ImportError, LookupError):
        return frozenset()


class _Normaliser:
    """Word → stem (None for stop words and noise), cached: a run sees the same words over and over."""

    def __init__(self, language: str):
        self.stop = _stop_words(language)
        try:
            from sumy.nlp.stemmers import Stemmer

            self.stem = Stemmer(language)
        except (ImportError, LookupError, ValueError):
            self.stem = lambda w: w
        self.cache: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        term = self.cache.get(word, "")
        if term != "":
            return term
        low = word.lower().replace("’", "'")
        if low in self.stop or len(low) < 2:
            term = None  # single letters and digits say nothing about an event
        elif low.isdigit() or not low.isalpha():
            term = low  # "2018", "mp3", "o'neill": kept as they are
        else:
            term = self.stem(low)
        if len(self.cache) < 500_000:
            self.cache[word] = term
        return term


@lru_cache(maxsize=None)
def _normaliser(language: str) -> _Normaliser:
    return _Normaliser(language)


def _language_of(text: str) -> str:
    """The language among :data:`_GUESSABLE` whose stop words cover the most of the first 100 words."""
    words = [w.lower() for w in _TOKEN.findall(text[:1500])][:100]
    best, best_hits = "english", 0
    for language in _GUESSABLE:
        stop = _stop_words(language)
        hits = sum(w in stop for w in words)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def _resolve_language(language: str | None) -> str | None:
    if not language:
        return None
    from bot.summarise import sumy_language

    return sumy_language(language, default=language.strip().lower())


def article_terms(article: Article, language: str | None = None) -> Counter[str]:
    """Stemmed content words of the title (counted :data:`TITLE_WEIGHT` times) and the lead.

    ``language`` is sumy's name or a code ("pt"); None guesses it from the text.
    """
    language = (_resolve_language(language) or _resolve_language(article.language)
                or _language_of(f"{article.title} {article.text[:1500]}"))
    norm = _normaliser(language)
    counts: Counter[str] = Counter()
    for word in _TOKEN.findall(article.title or ""):
        term = norm(word)
        if term:
            counts[term] += TITLE_WEIGHT
    for word in _TOKEN.findall(article.text[: LEAD_WORDS * 12])[:LEAD_WORDS]:
        term = norm(word)
        if term:
            counts[term] += 1
    return counts


@dataclass
class TermStats:
    """Document frequencies of terms over a body of articles: the background for IDF.

    Feed it the store's history (recent articles' titles and texts), not the batch being grouped,
    and two articles' similarity no longer depends on what else is in the batch. Built with
    :meth:`from_articles`, grown with :meth:`add`, saved with :meth:`to_dict`.
    """

    docs: int = 0
    df: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_articles(cls, articles: Iterable[Article], language: str | None = None) -> "TermStats":
        stats = cls()
        for article in articles:
            stats.add(article, language)
        return stats

    def add(self, article: Article, language: str | None = None) -> None:
        self.add_terms(article_terms(article, language))

    def add_terms(self, terms: Iterable[str]) -> None:
        self.docs += 1
        df = self.df
        for term in set(terms):
            df[term] = df.get(term, 0) + 1

    def idf(self, term: str) -> float:
        """log((docs + 1) / (df + 1)): a term in every document weighs nothing, one never seen the most.

        Fitted on a batch of two, every shared word weighs nothing and nothing can group: small
        batches need a history.
        """
        return math.log((self.docs + 1) / (self.df.get(term, 0) + 1))

    def to_dict(self, min_df: int = 1) -> dict[str, Any]:
        """JSON-ready; ``min_df=2`` drops the (many) terms seen once, at a small cost in accuracy."""
        return {"docs": self.docs, "df": {t: n for t, n in self.df.items() if n >= min_df}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TermStats":
        return cls(docs=int(data.get("docs", 0)), df={str(t): int(n) for t, n in dict(data.get("df", {})).items()})


# ---------------------------------------------------------------------------
# Documents: an article as the grouping sees it
# ---------------------------------------------------------------------------


@dataclass
class _Doc:
    article: Article
    terms: Counter[str]
    vector: dict[str, float]
    top: list[str]
    time: float | None  # POSIX seconds
    url: str | None
    _shingles: frozenset[int] | None = None
    _title: frozenset[str] | None = None

    @property
    def shingles(self) -> frozenset[int]:
        """Hashed 4-word shingles of the first :data:`_SHINGLE_WORDS` words of the text."""
        if self._shingles is None:
            words = [w.lower() for w in _TOKEN.findall(self.article.text[: _SHINGLE_WORDS * 12])][:_SHINGLE_WORDS]
            self._shingles = frozenset(
                zlib.crc32(" ".join(words[i : i + 4]).encode("utf-8")) for i in range(len(words) - 3)
            )
        return self._shingles

    @property
    def title_words(self) -> frozenset[str]:
        if self._title is None:
            self._title = frozenset(w.lower() for w in _TOKEN.findall(self.article.title or "") if len(w) > 1)
        return self._title


_TOP_TERMS = 20  # a document's strongest terms, used only to find candidates (blocking)


def _vector(terms: Counter[str], stats: TermStats) -> dict[str, float]:
    weights = {t: (1.0 + math.log(c)) * stats.idf(t) for t, c in terms.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def _make_docs(articles: Sequence[Article], terms: Sequence[Counter[str]], stats: TermStats) -> list[_Doc]:
    docs = []
    for article, counts in zip(articles, terms):
        vector = _vector(counts, stats)
        top = sorted(vector, key=lambda t: (-vector[t], t))[:_TOP_TERMS]
        when = article.published.timestamp() if article.published else None
        docs.append(_Doc(article, counts, vector, top, when, canonical_url(article.link)))
    return docs


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


# Blocking, by terms and time: two documents are compared only when they share at least two of
# their strongest terms (one, if either has fewer than four terms). Documents are taken in time
# order, and a term's posting list is read only for its most recent _MAX_POSTING documents, a
# sliding window in time: a term that is everywhere in a huge batch cannot make the work
# quadratic, and with the store's history as TermStats such a term has a low weight and is
# rarely among a document's strongest anyway. Stories still grow past the window through their
# members: the linkage compares whole stories, not pairs.
_MAX_POSTING = 200


def _candidate_pairs(docs: Sequence[_Doc], floor: float = 0.0) -> tuple[dict[tuple[int, int], float], int]:
    """Similarities of the pairs worth comparing, keyed (i, j) with i < j, and how many were compared.

    Only pairs at or above ``floor`` are kept: below the grouping threshold and the copy
    pre-filter a pair decides nothing, and keeping every compared pair cost hundreds of MB on
    a 5,000-article run (measured with benchmarks/pipeline.py).
    """
    order = sorted(range(len(docs)), key=lambda i: (docs[i].time is None, docs[i].time or 0.0, i))
    postings: dict[str, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    compared = 0
    for i in order:
        doc = docs[i]
        shared: Counter[int] = Counter()
        for term in doc.top:
            shared.update(postings[term][-_MAX_POSTING:])
        for j, common in shared.items():
            if common >= (1 if min(len(doc.top), len(docs[j].top)) < 4 else 2):
                compared += 1
                sim = _cosine(doc.vector, docs[j].vector)
                if sim >= floor:
                    pairs[(j, i) if j < i else (i, j)] = sim
        for term in doc.top:
            postings[term].append(i)
    return pairs, compared


# ---------------------------------------------------------------------------
# Identity: the same article in disguise, and wire copies
# ---------------------------------------------------------------------------

_SHINGLE_WORDS = 150  # copies share their opening; the rest may be cut or extended
_MIN_JUDGE_WORDS = 20  # fewer words than this cannot prove two texts the same or different
SAME_URL_CONTAINMENT = 0.5  # same link: an edited or extended version still shares half
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


def _containment(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _enough_text(doc: _Doc) -> bool:
    return len(doc.shingles) >= _MIN_JUDGE_WORDS - 3


def _titles_agree(a: _Doc, b: _Doc) -> bool:
    """Half of the shorter title's words in the other: an edited title, not another article."""
    ta, tb = a.title_words, b.title_words
    if not ta or not tb:
        return True
    return len(ta & tb) >= 0.5 * min(len(ta), len(tb))


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


def _identity(docs: Sequence[_Doc], pairs: dict[tuple[int, int], float]) -> Identity:
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
        for (i, j), sim in pairs.items()
        if sim >= _COPY_PREFILTER and not (docs[i].url and docs[i].url == docs[j].url)
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


def find_identity(articles: Sequence[Article], stats: TermStats | None = None, language: str | None = None) -> Identity:
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
    """
    terms = [article_terms(a, language) for a in articles]
    stats = stats if stats is not None and stats.docs else _stats_of(terms)
    docs = _make_docs(articles, terms, stats)
    return _identity(docs, _candidate_pairs(docs, floor=_COPY_PREFILTER)[0])


def dedupe(articles: Sequence[Article], stats: TermStats | None = None, language: str | None = None) -> list[Article]:
    """The articles without repeats of the same article (see :func:`find_identity`), in input order."""
    return [articles[i] for i in find_identity(articles, stats, language).kept]


def _stats_of(terms: Iterable[Counter[str]]) -> TermStats:
    stats = TermStats()
    for counts in terms:
        stats.add_terms(counts)
    return stats


# ---------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------

#: Average-linkage threshold on the TF-IDF cosine of title + lead. Measured on the dev sets
#: (benchmarks/grouping_quality.py, term statistics from a background corpus + the set):
#: B-cubed precision >= 0.97 on English and Portuguese from 0.13 to 0.19, F1 above the tuned
#: TF-IDF baseline on English up to 0.17; 0.15 sits in the middle.
THRESHOLD = 0.15
#: Articles within this time of a story's nearest article join on text alone.
TIME_WINDOW = timedelta(days=3)
#: Beyond the window the bar rises by this much per doubling of the gap: 6 days apart +0.02,
#: a month +0.07, a year +0.14 (on top of THRESHOLD): far apart, only close coverage joins.
TIME_PENALTY = 0.02


def _time_penalty(gap_seconds: float | None) -> float:
    window = TIME_WINDOW.total_seconds()
    if gap_seconds is None or gap_seconds <= window:
        return 0.0
    return TIME_PENALTY * math.log2(gap_seconds / window)


def _nearest_gap(a: list[float], b: list[float]) -> float | None:
    """Smallest time between a member of one story and a member of the other (sorted lists)."""
    if not a or not b:
        return None
    best, i, j = math.inf, 0, 0
    while i < len(a) and j < len(b):
        d = a[i] - b[j]
        if abs(d) < best:
            best = abs(d)
        if d < 0:
            i += 1
        else:
            j += 1
    return best


def _average_linkage(
    docs: Sequence[_Doc],
    pairs: dict[tuple[int, int], float],
    threshold: float,
    forced: Iterable[Sequence[int]] = (),
    keys: dict[int, str] | None = None,
) -> list[int]:
    """Cluster label (a member's index) per document.

    Repeatedly merges the two clusters with the highest average pair similarity minus the time
    penalty of their nearest members, while that is at least ``threshold``. Vectors have unit
    length, so the average cosine over all pairs of two clusters is the dot product of their
    summed vectors over the product of their sizes: exact, although only clusters linked by a
    candidate pair at or above the threshold are ever compared. ``forced`` groups are merged first; clusters holding
    different ``keys`` (stories decided in earlier runs) never merge.
    """
    n = len(docs)
    size = [1] * n
    alive = [True] * n
    sums: list[dict[str, float]] = [dict(d.vector) for d in docs]
    times = [[d.time] if d.time is not None else [] for d in docs]
    key: list[str | None] = [None] * n
    for i, k in (keys or {}).items():
        key[i] = k
    # An average is never above the best pair, so two stories can only merge when some pair of
    # their articles is at least at the threshold: only such pairs link stories as neighbours.
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for (i, j), sim in pairs.items():
        if sim >= threshold:
            neighbours[i].add(j)
            neighbours[j].add(i)
    version = [0] * n
    parent = list(range(n))

    def score(a: int, b: int) -> float:
        gap = _nearest_gap(times[a], times[b])
        return _cosine(sums[a], sums[b]) / (size[a] * size[b]) - _time_penalty(gap)

    def merge(a: int, b: int) -> int:
        if len(sums[b]) > len(sums[a]):
            a, b = b, a
        target = sums[a]
        for t, w in sums[b].items():
            target[t] = target.get(t, 0.0) + w
        sums[b] = {}
        for c in neighbours[b]:
            neighbours[c].discard(b)
            if c != a:
                neighbours[c].add(a)
                neighbours[a].add(c)
        neighbours[a].discard(b)
        neighbours[b] = set()
        size[a] += size[b]
        alive[b] = False
        parent[b] = a
        times[a] = sorted(times[a] + times[b])
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
    for (a, b), sim in pairs.items():
        if sim < threshold:
            continue
        if alive[a] and alive[b] and size[a] == 1 and size[b] == 1:
            s = sim - _time_penalty(_nearest_gap(times[a], times[b]))  # two single articles: the pair itself
        else:
            a, b = find(a), find(b)
            if a == b:
                continue
            s = score(a, b)
        if s >= threshold:
            x, y = (a, b) if a < b else (b, a)
            heap.append((-s, x, y, version[x], version[y]))
    heapq.heapify(heap)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != va or version[b] != vb:
            continue
        if key[a] is not None and key[b] is not None and key[a] != key[b]:
            continue
        c = merge(a, b)
        for d in neighbours[c]:
            s = score(c, d)
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
) -> Grouping:
    """Dedupe ``articles`` and group them into stories.

    ``stats``: document frequencies from the store's history (see :class:`TermStats`); None
    (or empty) fits them on ``earlier`` + ``articles``, which makes similarities depend on the
    batch: fine for a one-off, not for a digest, and a batch of a few articles rarely groups. ``earlier``: recently delivered articles with their story
    keys; a new article repeating one of them is dropped (reported in ``duplicates``), and one
    about the same event joins that story's key. ``now`` only ranks (default: the newest
    article's date). ``language``: sumy's name or a code for all articles; None guesses per article.
    """
    everything = list(articles) + [a for a, _ in earlier]
    terms = [article_terms(a, language) for a in everything]
    stats = stats if stats is not None and stats.docs else _stats_of(terms)
    docs = _make_docs(everything, terms, stats)
    pairs, compared = _candidate_pairs(docs, floor=min(threshold, _COPY_PREFILTER))
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
    sub_pairs = {(position[i], position[j]): s for (i, j), s in pairs.items() if i in position and j in position}
    forced = [sorted({position[same_as.get(i, i)] for i in g}) for g in identity.copies]
    keys = {position[i]: k for i, k in earlier_key.items() if i in position}
    labels = _average_linkage(sub_docs, sub_pairs, threshold, forced, keys)

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


def group_stories(articles: list[Article], threshold: float = THRESHOLD, **options: Any) -> list[Story]:
    """The stories of :func:`group`, ranked: the pipeline's original entry point.

    Options are :func:`group`'s (``stats``, ``earlier``, ``now``, ``language``).
    """
    return group(articles, threshold=threshold, **options).stories


def _time_key(article: Article) -> tuple[bool, float]:
    return (article.published is None, article.published.timestamp() if article.published else 0.0)


# ---------------------------------------------------------------------------
# What the digest shows
# ---------------------------------------------------------------------------

#: Two sentences this alike (cosine of their stemmed content words) state the same fact.
REPEAT_SIMILARITY = 0.5


# "seven votes to two" and "7–2" state the same fact. From two up: "one"/"um" are also articles.
_NUMBER_WORDS = {
    w: str(n)
    for words in (
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty",
        "dois três quatro cinco seis sete oito nove dez onze doze treze catorze quinze dezesseis "
        "dezessete dezoito dezenove vinte",
    )
    for n, w in enumerate(words.split(), start=2)
} | {"duas": "2", "quatorze": "14", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "trinta": "30"}


def _sentence_terms(sentence: str, language: str) -> frozenset[str]:
    """Stems of a sentence's content words, with numbers (words or digits) as digits."""
    norm = _normaliser(language)
    terms = set()
    for word in _TOKEN.findall(sentence):
        low = word.lower()
        term = _NUMBER_WORDS.get(low) or (low if low.isdigit() else norm(word))
        if term:
            terms.add(term)
    return frozenset(terms)


def _set_cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def story_summary(story: Story, sentences: int = 3) -> list[tuple[str, Article]]:
    """Up to ``sentences`` sentences about the story, each with the article it came from.

    Candidates are each article's own summary (the summariser's picks; the first sentences of
    the text when it has none). The summary opens with the lead article's first sentence (it
    sits under the lead's headline). The rest are picked by score: how much of what the *other*
    outlets say a sentence covers (for each other article, the largest share of one of its
    sentences' words found in this one: the story's core facts first), plus a bonus for the
    summariser's rank. A sentence that repeats one already chosen is skipped
    (:data:`REPEAT_SIMILARITY`), and no article gives a second sentence while another article
    still has a fresh one.
    """
    if sentences < 1:
        return []
    candidates: list[tuple[int, int, str, frozenset[str]]] = []  # (article, rank, sentence, terms)
    for a, article in enumerate(story.articles):
        own = [s for s in article.summary if s.strip()] or _first_sentences(article.text, sentences)
        language = _language_of(f"{article.title} {article.text[:1500]}")
        for rank, sentence in enumerate(own):
            candidates.append((a, rank, sentence.strip(), _sentence_terms(sentence, language)))
    if not candidates:
        return []
    scored = []
    for a, rank, sentence, terms in candidates:
        by_article: dict[int, float] = {}
        for b, _, _, other in candidates:
            if b != a and other:
                by_article[b] = max(by_article.get(b, 0.0), len(terms & other) / len(other))
        support = sum(by_article.values()) / len(by_article) if by_article else 0.0
        opening = a == 0 and rank == 0
        scored.append((opening, support + 0.2 / (1 + rank), -a, -rank, a, sentence, terms))
    scored.sort(reverse=True)

    chosen: list[tuple[str, int, frozenset[str]]] = []
    used: Counter[int] = Counter()
    open_ = [True] * len(scored)
    cap = 1  # sentences per article in this pass: every article's best before any second one
    while len(chosen) < sentences and any(open_):
        added = False
        for k, (*_, a, sentence, terms) in enumerate(scored):
            if not open_[k] or used[a] >= cap:
                continue
            if any(sentence == s or _set_cosine(terms, t) >= REPEAT_SIMILARITY for s, _, t in chosen):
                open_[k] = False
                continue
            chosen.append((sentence, a, terms))
            used[a] += 1
            open_[k] = False
            added = True
            if len(chosen) >= sentences:
                break
        if not added:
            cap += 1
    return [(sentence, story.articles[a]) for sentence, a, _ in chosen]


def _first_sentences(text: str, count: int) -> list[str]:
    from bot.text import split_sentences

    return [s for s in split_sentences(text) if len(s.split()) >= 5][:count]


#: Recency halves a story's weight every this long.
HALF_LIFE = timedelta(hours=24)


def _outlets(story: Story) -> int:
    return len({a.source for a in story.articles})


def _newest(story: Story) -> datetime | None:
    return max((a.published for a in story.articles if a.published), default=None)


def rank_stories(stories: Iterable[Story], now: datetime | None, half_life: timedelta = HALF_LIFE) -> list[Story]:
    """Most important first: outlets covering the story × 0.5^(age / half_life).

    Age is from the story's newest article to ``now`` (never negative); a story without any
    date counts as one half-life old; ``now=None`` ranks by outlets alone. Ties: more outlets,
    then newer, then headline.
    """
    half = half_life.total_seconds() or 1.0

    def weight(story: Story) -> float:
        if now is None:
            return float(_outlets(story))
        newest = _newest(story)
        age = half if newest is None else max(0.0, (now - newest).total_seconds())
        return _outlets(story) * 0.5 ** (age / half)

    def key(story: Story) -> tuple[float, int, float, str]:
        newest = _newest(story)
        return (-weight(story), -_outlets(story), -(newest.timestamp() if newest else 0.0), story.lead.title)

    return sorted(stories, key=key)


def _story_text(story: Story) -> str:
    return "\n".join(f"{a.title}\n{' '.join(a.summary)}\n{a.text}" for a in story.articles)


def filter_stories(
    stories: Iterable[Story], include: Iterable[str] = (), exclude: Iterable[str] = ()
) -> list[Story]:
    """The stories that match an ``include`` pattern (all, when there are none) and no ``exclude`` one.

    A story matches when any of its articles' titles, summaries or texts does. Patterns are as
    in :func:`compile_keywords`; an invalid one raises ValueError before anything is filtered.
    """
    wanted, unwanted = compile_keywords(include), compile_keywords(exclude)
    out = []
    for story in stories:
        text = _story_text(story)
        if wanted and not any(p.search(text) for p in wanted):
            continue
        if any(p.search(text) for p in unwanted):
            continue
        out.append(story)
    return out
