"""One run of one digest profile; the only module that knows the order of the stages.

fetch feeds → record entries → choose what is new → text (feed or page) → summaries →
stories → Digest. Marking entries delivered is a separate step, taken only after the digest
was handed over (:func:`bot.outbox.mark_delivered`).
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.articles import (
    ArticleJob,
    ArticleResult,
    ArticleStage,
    Lengths,
    display_title,
    feed_text,
    prepare_article,
)
from bot.config import Config, FeedConfig, ProfileConfig
from bot.fetch import Http, Response, feed_result, fetch_feeds
from bot.models import Article, Digest, FeedProblem, FeedResult, FeedSource, HttpCache, Story
from bot.store import Store, StoredEntry
from bot.stories import PackedTexts, host_of, stories_of
from bot.stories import credible as _credible
from bot.urls import safe_link, without_tracking
from bot.workers import NO_QUEUE, Workers, release_freed_memory

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
    cpu: dict[str, float] = field(default_factory=dict)  # this process's CPU seconds (all its threads) per stage
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


Recorded = Callable[[list[tuple[FeedSource, FeedResult]]], None]
RECORD_BATCH = 50  # feeds recorded in one transaction at most


def _collect(
    sources: list[FeedSource], store: Store, http: Http, workers: Workers, now: datetime, progress: Progress | None,
    recorded: Recorded | None = None,
) -> tuple[list[FeedResult], list[FeedProblem], int]:
    """Fetch feeds (parsing in workers: feedparser is CPU-bound) and record each one's entries, deduped
    by GUID / canonical link, as soon as it is parsed (the feeds parsed meanwhile together, one
    transaction); ``recorded`` is then told of them, so the articles of a feed that answered need
    not wait for a slow one. Store writes stay in this thread.
    Returns results (in the order of ``sources``, their entries dropped once recorded), problems and entries seen."""
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
        waiting: list[tuple[int, FeedResult]] = []  # known feeds that brought no entries: nothing waits on them
        while left:
            # The feeds parsed by now are recorded together, in one transaction: a commit costs
            # more than recording a feed (every feed answering 304 would be as many commits).
            batch, waiting = waiting, []
            item = arrived.get()
            while True:
                if item is None:  # every feed was asked for; a failure here would leave feeds unanswered
                    fetching.result()
                else:
                    k, future = item
                    batch.append((k, _parsed(future, sources[k])))
                if len(batch) >= RECORD_BATCH:
                    break
                try:
                    item = arrived.get_nowait()
                except queue.Empty:
                    break
            if not batch:
                continue
            if len(batch) < min(left, RECORD_BATCH) and all(_can_wait(r, caches) for _, r in batch):
                waiting = batch
                continue
            left -= len(batch)
            for (k, result), (ids, failing_since) in zip(batch, store.record_fetches([r for _, r in batch], now)):
                entries_seen += len(ids)
                if result.problem:
                    problems.append((k, FeedProblem(result.source.url, result.source.name, result.problem, failing_since)))
            if recorded is not None:
                recorded([(sources[k], result) for k, result in batch])
            for k, result in batch:  # the store has the entries now: a run of thousands need not hold them twice
                results[k] = replace(result, entries=[])
    return [r for r in results if r is not None], [p for _, p in sorted(problems, key=lambda x: x[0])], entries_seen


def _can_wait(result: FeedResult, caches: dict[str, HttpCache]) -> bool:
    """A feed that brings no entries (304, a problem) and whose row the store has (``caches`` holds every known
    feed's): no article waits for it to be recorded, so it is recorded with the next feed that brings entries,
    a full batch or the last feed. A run whose feeds all answer 304 makes a few commits, not one for every few
    feeds that answered meanwhile."""
    return not result.entries and result.source.url in caches


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
    cpu: dict[str, float] = {}
    tick = started = time.perf_counter()
    cpu_tick = time.process_time()

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

    def recorded(batch: list[tuple[FeedSource, FeedResult]]) -> None:
        urls = []
        for source, result in batch:
            if source.url in found or source.url in quiet or source.url in urls:
                continue
            if not result.entries:
                quiet[source.url] = None
            else:
                urls.append(source.url)
        if not urls:
            return
        # One query for the batch; each feed's entries keep the order a query of its own gives.
        by_feed: dict[str, list[StoredEntry]] = {u: [] for u in urls}
        for entry in store.undelivered(profile_name, urls, start, include_delivered=again):
            by_feed[entry.feed_url].append(entry)
        for url in urls:
            found[url] = by_feed[url]
            if not queued:
                stage.add(found[url])

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
        cpu["feeds"], cpu_tick = _since(cpu_tick)
        candidates = _in_order([e for entries in found.values() for e in entries], sources)
        done.grow(len(candidates))
        prepared, worker_failures = stage.results(candidates)
    finally:
        stage.close()
    stage.futures.clear()  # (each holds its article's result, text included: the run keeps one copy, below)
    place = {e.id: k for k, e in enumerate(candidates)}
    stage.page_failures.sort(key=lambda f: place.get(f[0].id, len(place)))  # as the articles, not as pages failed
    report_pages = [(e.link or e.title, reason) for e, reason in stage.page_failures] + worker_failures
    store.save_texts({r.entry_id: (r.text, r.origin) for r in prepared if r.fresh_text})
    # Grouping never reads the texts (the workers made what it needs): they wait compressed meanwhile.
    texts = PackedTexts(r.text for r in prepared)
    prepared = [replace(r, text="") for r in prepared]
    release_freed_memory()  # (the texts' and page bodies' memory, the fetch threads' arenas: grouping comes next)
    seconds["articles"] = time.perf_counter() - tick
    cpu["articles"], cpu_tick = _since(cpu_tick)

    # 4. Stories and the digest.
    tick = time.perf_counter()
    names = {f.url: f.name for f in feeds}
    articles = [
        Article(
            entry_id=e.id,
            title=display_title(e.title, r.summary),
            link=without_tracking(safe_link(e.link)),
            source=names.get(e.feed_url) or e.feed_title or host_of(e.feed_url),
            published=_credible(e.published, now),
            text="",  # (back from ``texts`` once grouped)
            summary=r.summary,
            author=e.author,
            text_origin=r.origin,
            language=r.language,
            standfirst=e.standfirst or "",
        )
        for e, r in zip(candidates, prepared)
    ]
    stories, duplicates, story_keys = stories_of(store, profile_name, profile, now, names, articles, prepared, workers,
                                                  texts, rest=workers.rest)
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
    cpu["group"], cpu_tick = _since(cpu_tick)
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
        cpu=cpu,
        first_article=stage.first_done - started if stage.first_done is not None else None,
    )


def _since(tick: float) -> tuple[float, float]:
    now = time.process_time()
    return now - tick, now


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
