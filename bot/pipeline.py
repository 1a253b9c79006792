"""One run of one digest profile; the only module that knows the order of the stages.

fetch feeds → record entries → choose what is new → text (feed or page) → summaries →
stories → Digest. Marking entries delivered is a separate step, taken only after the digest
was handed over (:func:`bot.outbox.mark_delivered`).
"""

from __future__ import annotations

import ctypes
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.articles import (
    ArticleJob,
    ArticleResult,
    ArticleStage,
    Lengths,
    display_title,
    features_of,
    feed_text,
    for_story_summary,
    history_stats,
    prepare_article,
    story_summaries,
)
from bot.config import RETENTION_MIN, Config, FeedConfig, ProfileConfig
from bot.fetch import Http, Response, feed_result, fetch_feeds
from bot.models import Article, Digest, FeedProblem, FeedResult, FeedSource, Story
from bot.store import Store, StoredEntry
from bot.urls import safe_link, without_tracking
from bot.workers import NO_QUEUE, Workers

if TYPE_CHECKING:
    from bot.group import GroupFeatures, TermStats

__all__ = ["ArticleJob", "ArticleResult", "RunReport", "collect", "feed_text", "prepare_article", "run", "window_start"]

Progress = Callable[[str, int, int], None]


@dataclass
class RunReport:
    """What a run did, for the CLI, the scheduler and benchmarks."""

    digest: Digest
    profile: str
    window_start: datetime | None
    duplicates: dict[int, int] = field(default_factory=dict)  # repeat entry → the entry shown (now or before)
    story_keys: dict[int, str] = field(default_factory=dict)
    feeds_total: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    entries_seen: int = 0
    pages_fetched: int = 0
    page_problems: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    first_article: float | None = None  # seconds from the start of the run to the first article prepared

    def delivered_by(self, stories: list[Story]) -> tuple[list[int], dict[int, str]]:
        """Entries that showing ``stories`` delivers: theirs, and repeats of them (or of earlier
        digests) so a repeat does not come back next time; with the story key of each."""
        shown = [a.entry_id for s in stories for a in s.articles]
        shown_set = set(shown)
        # A repeat's target is shown now, or is an earlier digest's article (not a new one at all).
        repeats = [d for d, target in self.duplicates.items() if target in shown_set or target not in self.story_keys]
        ids = shown + [d for d in repeats if d not in shown_set]
        return ids, {i: self.story_keys[i] for i in ids if i in self.story_keys}

    @property
    def entry_ids(self) -> list[int]:
        return self.delivered_by(self.digest.stories)[0]

    @property
    def nothing_fetched(self) -> bool:
        return self.feeds_total > 0 and self.feeds_failed == self.feeds_total


Recorded = Callable[[FeedSource, FeedResult], None]


def _collect(
    sources: list[FeedSource], store: Store, http: Http, workers: Workers, now: datetime, progress: Progress | None,
    recorded: Recorded | None = None,
) -> tuple[list[FeedResult], list[FeedProblem], int]:
    """Fetch feeds (parsing in workers: feedparser is CPU-bound) and record each one's entries, deduped
    by GUID / canonical link, as soon as it is parsed; ``recorded(source)`` is then told, so the
    articles of a feed that answered need not wait for a slow one. Store writes stay in this thread.
    Returns results (in the order of ``sources``), problems and entries seen."""
    caches = store.http_caches(s.url for s in sources)
    done = _Counter(progress, "fetching feeds", len(sources))
    workers.expect(len(sources))
    arrived: queue.SimpleQueue[tuple[int, Future[FeedResult]] | None] = queue.SimpleQueue()
    index = {id(s): k for k, s in enumerate(sources)}
    # Few feeds wait in the workers' queue at once, so the articles of a feed already read are not
    # queued behind every other feed's parsing (time to the first article).
    parsing = threading.BoundedSemaphore(max(2, 2 * workers.processes))

    def parse(source: FeedSource, response: Response) -> Future[FeedResult]:
        if response.problem or response.not_modified:  # nothing to parse: no reason to wake a worker
            future: Future[FeedResult] = Future()
            future.set_result(feed_result(source, response))
        else:
            parsing.acquire()
            try:
                future = workers.submit(feed_result, source, response)
            except BaseException:
                parsing.release()
                raise
            future.add_done_callback(lambda _f: parsing.release())
        future.add_done_callback(lambda f: arrived.put((index[id(source)], f)))
        return future

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="feeds") as one:
        fetching = one.submit(fetch_feeds, http, sources, caches, parse, done.add)
        fetching.add_done_callback(lambda _f: arrived.put(None))
        results: list[FeedResult | None] = [None] * len(sources)
        problems: list[tuple[int, FeedProblem]] = []
        entries_seen, left = 0, len(sources)
        while left:
            item = arrived.get()
            if item is None:  # every feed was asked for; a failure here would leave feeds unanswered
                fetching.result()
                continue
            k, future = item
            result = results[k] = _parsed(future, sources[k])
            left -= 1
            ids, failing_since = store.record_fetch(result, now)
            entries_seen += len(ids)
            if result.problem:
                problems.append((k, FeedProblem(result.source.url, result.source.name, result.problem, failing_since)))
            if recorded is not None:
                recorded(sources[k], result)
    return [r for r in results if r is not None], [p for _, p in sorted(problems, key=lambda x: x[0])], entries_seen


def _parsed(future: Future[FeedResult], source: FeedSource) -> FeedResult:
    """A parsing worker that dies (BrokenProcessPool, anything it raises) costs that feed, not the digest."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - becomes the feed's problem
        return FeedResult(source=source, problem=f"could not be parsed: {exc.__class__.__name__}: {exc}".rstrip(": "))


def collect(config: Config, store: Store, http: Http, workers: Workers, now: datetime) -> tuple[int, list[FeedProblem]]:
    """Poll every configured feed and record its entries, so items that scroll off a busy feed
    between digests are not lost. Returns entries seen and problems."""
    sources = [f.source() for f in config.feeds]
    _, problems, seen = _collect(sources, store, http, workers, now, None)
    return seen, problems


def window_start(store: Store, profile_name: str, profile: ProfileConfig, now: datetime, since: timedelta | None) -> datetime:
    """Where 'new' starts: an explicit --since (a look-back), else the first-run window before the last digest (or now).

    Undelivered entries are what is new; the window only keeps a new profile or a newly added
    feed from flooding the digest with a feed's whole history.
    """
    if since is not None:
        return now - since
    window = profile.first_run_window_delta
    last = store.last_digest_at(profile_name)
    return (last or now) - window


def run(
    config: Config,
    profile_name: str,
    store: Store,
    http: Http,
    workers: Workers,
    now: datetime,
    since: timedelta | None = None,
    progress: Progress | None = None,
    feeds: list[FeedConfig] | None = None,
) -> RunReport:
    """Make one digest for ``profile_name`` as of ``now``; nothing is marked delivered here."""
    _, profile = config.profile(profile_name)
    feeds = feeds if feeds is not None else config.feeds_of(profile)
    by_url = {f.url: f for f in feeds}
    seconds: dict[str, float] = {}
    tick = started = time.perf_counter()

    # 1-3 stream: each feed is fetched, parsed (in workers) and recorded; its new entries go at once
    # to the article stage (pages fetched for teasers, text and summaries in workers).
    sources = [f.source() for f in feeds]
    store.prune(now - config.retention_delta)  # once a digest, not every poll: it scans old rows
    start = window_start(store, profile_name, profile, now, since)
    done = _Counter(progress, "summarising articles", 0)
    stage = ArticleStage(http, workers, config.fetch.concurrency, config.fetch.fetch_pages, config.fetch.teaser_words,
                         lambda e: _lengths(config, profile, by_url.get(e.feed_url)), done.add)
    found: dict[str, list[StoredEntry]] = {}
    quiet: dict[str, None] = {}  # feeds that brought nothing (304, failed): what they still hold is asked for at once
    again = since is not None  # --since looks back over delivered entries too
    queued = workers.queue is not NO_QUEUE  # `queue:`: queue workers did the articles; they are asked once, below

    def recorded(source: FeedSource, result: FeedResult) -> None:
        if source.url in found or source.url in quiet:
            return
        if not result.entries:
            quiet[source.url] = None
            return
        found[source.url] = store.undelivered(profile_name, [source.url], start, include_delivered=again)
        if not queued:
            stage.add(found[source.url])

    try:
        results, problems, entries_seen = _collect(sources, store, http, workers, now, progress, recorded)
        if quiet:
            found[""] = store.undelivered(profile_name, list(quiet), start, include_delivered=again)
            if not queued:
                stage.add(found[""])
        if queued:  # enqueue what is missing, wait up to queue.wait; what is still queued then is prepared here
            waiting, stage.workers = workers.queue.prepare(store, config, profile, by_url,
                                                           [e for entries in found.values() for e in entries], workers)
            found = {"": waiting}
            stage.add(waiting)
        seconds["feeds"] = time.perf_counter() - tick
        tick = time.perf_counter()
        candidates = _in_order([e for entries in found.values() for e in entries], sources)
        done.grow(len(candidates))
        prepared, worker_failures = stage.results(candidates)
    finally:
        stage.close()
    place = {e.id: k for k, e in enumerate(candidates)}
    stage.page_failures.sort(key=lambda f: place.get(f[0].id, len(place)))  # as the articles, not as pages failed
    report_pages = [(e.link or e.title, reason) for e, reason in stage.page_failures] + worker_failures
    _release_freed_memory()
    store.save_texts({r.entry_id: (r.text, r.origin) for r in prepared if r.fresh_text})
    seconds["articles"] = time.perf_counter() - tick

    # 4. Stories and the digest.
    tick = time.perf_counter()
    names = {f.url: f.name for f in feeds}
    articles = [
        Article(
            entry_id=e.id,
            title=display_title(e.title, r.summary),
            link=without_tracking(safe_link(e.link)),
            source=names.get(e.feed_url) or e.feed_title or _host(e.feed_url),
            published=_credible(e.published, now),
            text=r.text,
            summary=r.summary,
            author=e.author,
            text_origin=r.origin,
            language=r.language,
        )
        for e, r in zip(candidates, prepared)
    ]
    stories, duplicates, story_keys = _stories(store, profile_name, profile, now, names, articles, prepared, workers)
    _summarise_stories(stories, profile.sentences, workers)
    digest = Digest(
        title=profile.title or "News digest",
        profile=profile_name,
        generated_at=now,
        since=start,
        stories=stories,
        problems=_with_notes(problems, results, stage.page_failures),
        feeds_checked=len(sources),
        timezone=config.zone_of(profile),
    )
    seconds["group"] = time.perf_counter() - tick
    return RunReport(
        digest=digest,
        profile=profile_name,
        window_start=start,
        duplicates=duplicates,
        story_keys=story_keys,
        feeds_total=len(results),
        feeds_not_modified=sum(r.not_modified for r in results),
        feeds_failed=len(problems),
        entries_seen=entries_seen,
        pages_fetched=stage.pages_fetched,
        page_problems=report_pages,
        seconds=seconds,
        first_article=stage.first_done - started if stage.first_done is not None else None,
    )


def _lengths(config: Config, profile: ProfileConfig, feed: FeedConfig | None) -> Lengths:
    sentences, words = config.length_for(profile, feed)
    return Lengths(sentences, words, feed.language if feed else None)


def _in_order(entries: list[StoredEntry], sources: list[FeedSource]) -> list[StoredEntry]:
    """Newest first, whatever order the feeds answered in (this run or the one that first saw them):
    ties by when first seen, then by feed (as configured) and place in it, which is the order
    ``store.undelivered`` gave when feeds were recorded one after another."""
    rank: dict[str, int] = {}
    for k, s in enumerate(sources):
        rank.setdefault(s.url, k)
    entries = sorted(entries, key=lambda e: (e.first_seen, rank[e.feed_url], e.id))
    entries.sort(key=lambda e: e.published or e.first_seen, reverse=True)  # stable: ties keep the order above
    return entries


#: How far past ``now`` a published date may lie (clocks and time zones get it wrong) and still be shown.
FUTURE_ALLOWANCE = timedelta(days=1)


def _credible(published: datetime | None, now: datetime) -> datetime | None:
    """A date further in the future than the allowance (2999, 9999) is unknown: not shown, not ranked first.
    The store keeps the raw date; its window already falls back to first seen for a future one."""
    return None if published is not None and published > now + FUTURE_ALLOWANCE else published


def _with_notes(
    problems: list[FeedProblem], results: list[FeedResult], page_failures: list[tuple[StoredEntry, str]]
) -> list[FeedProblem]:
    """The feeds that failed, plus one line for each feed that was read with something to say: its
    warning (items left out, parsed despite errors) and how many of its article pages failed."""
    notes: dict[str, list[str]] = {}
    for result in results:
        if result.warning and not result.problem:
            notes.setdefault(result.source.url, []).append(result.warning)
    by_feed: dict[str, list[str]] = {}
    for entry, reason in page_failures:
        by_feed.setdefault(entry.feed_url, []).append(reason)
    for url, reasons in by_feed.items():
        # "the server answered HTTP 404 Not Found" → "HTTP 404 Not Found": the count says what failed.
        commonest = Counter(r.removeprefix("the server answered ") for r in reasons).most_common(1)[0][0]
        pages, their = ("1 article page", "its") if len(reasons) == 1 else (f"{len(reasons):,} article pages", "their")
        notes.setdefault(url, []).append(f"{pages} could not be read (commonest: {commonest}); {their} feed text was used")
    out = [FeedProblem(p.url, p.name, "; ".join([p.reason, *notes.pop(p.url, [])]), p.since) for p in problems]
    names = {r.source.url: r.source.name for r in results}
    out += [FeedProblem(url, names.get(url), "; ".join(lines), failed=False) for url, lines in notes.items()]
    return out


HISTORY = RETENTION_MIN  # term statistics for grouping come from this much of the store's past
CONTINUE = timedelta(days=3)  # delivered articles a new one may repeat or continue


def _stories(store: Store, profile_name: str, profile: ProfileConfig, now: datetime, names: dict[str, str | None],
             articles: list[Article], prepared: list[ArticleResult], workers: Workers
             ) -> tuple[list[Story], dict[int, int], dict[int, str]]:
    """The articles as ranked, filtered stories, with the duplicates found and each story's key.

    What grouping reads of each article was made in the workers, with the summaries. Grouping loads
    here, not at the top: a run that finds nothing new (every feed answered 304) never needs it.
    """
    if not articles:
        return [], {}, {}
    from bot.group import filter_stories, group, prepare, rank_stories

    features = [r.features or prepare(a) for r, a in zip(prepared, articles)]
    shown = {a.entry_id for a in articles}  # (with --since, some were delivered before: they are not their own repeats)
    earlier, earlier_features = _earlier(store, profile_name, now, names, workers, shown)
    grouping = group(articles, stats=_history_stats(store, now, articles, features, workers), earlier=earlier, now=now,
                     features=features, earlier_features=earlier_features)
    stories = filter_stories(rank_stories(grouping.stories, now, profile.story_half_life_delta),
                             profile.include_patterns, profile.exclude_patterns)
    return (stories[: profile.max_stories] if profile.max_stories else stories), grouping.duplicates, grouping.story_key


def _history_stats(store: Store, now: datetime, batch: list[Article], features: list[GroupFeatures],
                   workers: Workers) -> TermStats:
    """Document frequencies over recent history plus this batch: a similarity that does not hinge on
    how many articles one run happens to hold. The history's terms are counted in the workers."""
    seen = {a.entry_id for a in batch}
    rows = store.recent_texts(now - HISTORY, exclude=seen)
    parts = [workers.submit(history_stats, rows[k : k + CHUNK]) for k in range(0, len(rows), CHUNK)]
    from bot.group import TermStats

    stats = TermStats()
    for part in parts:
        counts = part.result()
        stats.docs += counts.docs
        for term, n in counts.df.items():
            stats.df[term] = stats.df.get(term, 0) + n
    for f in features:
        stats.add_terms(f.terms)
    return stats


CHUNK = 250  # history rows or earlier articles per worker job


def _earlier(store: Store, profile: str, now: datetime, names: dict[str, str | None],
             workers: Workers, shown: set[int]) -> tuple[list[tuple[Article, str]], list[GroupFeatures]]:
    """Articles delivered lately that a new one may repeat or continue, with their features (made in
    the workers); the main process keeps no text of them."""
    found = [
        (Article(entry_id=e.id, title=e.title, link=without_tracking(safe_link(e.link)),
                 source=names.get(e.feed_url) or e.feed_title or _host(e.feed_url), published=_credible(e.published, now),
                 text=e.text or "", summary=[]), key)
        for e, key in store.recently_delivered(profile, now - CONTINUE) if e.id not in shown
    ]
    articles = [a for a, _ in found]
    parts = [workers.submit(features_of, articles[k : k + CHUNK]) for k in range(0, len(articles), CHUNK)]
    features = [f for part in parts for f in part.result()]
    return [(replace(a, text=""), key) for a, key in found], features


def _summarise_stories(stories: list[Story], sentences: int, workers: Workers) -> None:
    """Each story's summary, made in the workers (stemming sentences is CPU work, and needs NLTK's stemmers)."""
    size = max(1, min(CHUNK, len(stories) // (4 * workers.processes) or 1))
    parts = [(stories[k : k + size], workers.submit(story_summaries, [for_story_summary(x) for x in stories[k : k + size]],
                                                    sentences)) for k in range(0, len(stories), size)]
    for chunk, part in parts:
        for story, picks in zip(chunk, part.result()):
            story.summary = [(sentence, story.articles[k]) for sentence, k in picks]
            story.summarised = True


def _release_freed_memory() -> None:
    """Give back what thousands of page bodies left behind: glibc keeps freed memory in each fetch
    thread's arena otherwise, and a long-running daemon would carry that peak for ever."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


class _Counter:
    """Thread-safe progress counting for one stage."""

    def __init__(self, progress: Progress | None, stage: str, total: int):
        self.progress, self.stage, self.total, self.done = progress, stage, total, 0
        self.lock = threading.Lock()
        if progress and total:
            progress(stage, 0, total)

    def add(self, n: int) -> None:
        if not self.progress:
            return
        with self.lock:
            self.done += n
            if self.total:
                self.progress(self.stage, self.done, self.total)

    def grow(self, total: int) -> None:
        """The total, once known (articles stream in before it is): progress is shown from then on."""
        with self.lock:
            self.total = total
            if self.progress and total:
                self.progress(self.stage, self.done, total)
