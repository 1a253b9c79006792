"""One run of one digest profile; the only module that knows the order of the stages.

fetch feeds → record entries → choose what is new → text (feed or page) → summaries →
stories → Digest. Marking entries delivered is a separate step, taken only after the digest
was handed over (:func:`bot.outbox.mark_delivered`).
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.config import RETENTION_MIN, Config, FeedConfig, ProfileConfig
from bot.fetch import Http, Response, feed_result, fetch_feeds
from bot.group import TermStats, filter_stories, group, rank_stories, story_summary, without_tracking
from bot.models import Article, Digest, FeedProblem, FeedResult, FeedSource, Story
from bot.store import Store, StoredEntry
from bot.text import clean_text
from bot.urls import safe_link
from bot.workers import Workers

Progress = Callable[[str, int, int], None]

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


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


@dataclass
class ArticleJob:
    """Everything a worker needs to turn one entry into text and a summary (picklable)."""

    entry_id: int
    title: str
    content: str
    content_is_html: bool
    cached_text: str | None
    cached_origin: str | None
    page: bytes | None
    page_url: str | None
    sentences: int
    language: str | None
    page_content_type: str | None = None
    words: int | None = None


@dataclass
class ArticleResult:
    entry_id: int
    text: str
    origin: str
    summary: list[str]
    fresh_text: bool
    language: str | None = None
    page_problem: str | None = None


def feed_text(content: str, is_html: bool) -> str:
    from bot.extract import html_to_text

    return html_to_text(content) if is_html else clean_text(content)


def prepare_article(job: ArticleJob) -> ArticleResult:
    """Text (page if it beats the feed, else the feed's own) and its summary. Runs in a worker.

    Extraction and summarising are imported here, not at the top: the main process of a large
    run never needs trafilatura or numpy, and the workers have them preloaded by the fork server.
    """
    from bot.extract import extract_page_or_reason, strip_title, word_count
    from bot.summarise import resolve_language, summarise
    language, page_problem = job.language, None
    if job.cached_text is not None:
        text, origin, fresh = job.cached_text, job.cached_origin or "feed", False
    else:
        text, origin, fresh = strip_title(feed_text(job.content, job.content_is_html), job.title), "feed", True
        if job.page is not None:
            page = extract_page_or_reason(job.page, job.page_url, job.page_content_type)
            if isinstance(page, str):
                page_problem = page
            # Keep the page only when it plausibly is the article: longer than the teaser.
            elif word_count(page.text) > max(word_count(text), 20):
                text, origin = page.text, "page"
                language = language or page.language
    # Declared, else detected here once: the summariser and the grouping both need it.
    language = resolve_language(language, text) if text else language
    summary = summarise(text, job.sentences, language, job.title, words=job.words) if text else []
    return ArticleResult(job.entry_id, text, origin, summary, fresh, language, page_problem)


_TAG = re.compile(r"<[^>]+>")


def _rough_words(content: str) -> int:
    """A cheap word count of feed HTML, to decide in the main process whether to fetch the page."""
    return len(_TAG.sub(" ", content).split())


def parse_in_worker(source: FeedSource, response: Response) -> FeedResult:
    return feed_result(source, response)


def _collect(
    sources: list[FeedSource], store: Store, http: Http, workers: Workers, now: datetime, progress: Progress | None
) -> tuple[list[FeedResult], list[FeedProblem], int, float, float]:
    """Fetch feeds (parsing in workers: feedparser is CPU-bound) and record entries, deduped by
    GUID / canonical link. Returns results, problems, entries seen and the seconds of each half."""
    tick = time.perf_counter()
    caches = store.http_caches(s.url for s in sources)
    done = _Counter(progress, "fetching feeds", len(sources))
    workers.expect(len(sources))
    def parse(source: FeedSource, response: Response) -> Future[FeedResult]:
        if response.problem or response.not_modified:  # nothing to parse: no reason to wake a worker
            future: Future[FeedResult] = Future()
            future.set_result(feed_result(source, response))
            return future
        return workers.submit(parse_in_worker, source, response)

    futures: list[Future[FeedResult]] = fetch_feeds(http, sources, caches, parse, progress=done.add)
    results = [_parsed(f, s) for f, s in zip(futures, sources)]
    fetched = time.perf_counter()
    problems: list[FeedProblem] = []
    entries_seen = 0
    for result in results:
        ids, failing_since = store.record_fetch(result, now)
        entries_seen += len(ids)
        if result.problem:
            problems.append(FeedProblem(result.source.url, result.source.name, result.problem, failing_since))
    return results, problems, entries_seen, fetched - tick, time.perf_counter() - fetched


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
    _, problems, seen, _, _ = _collect(sources, store, http, workers, now, None)
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
    tick = time.perf_counter()

    # 1-2. Fetch and parse feeds, record what was seen.
    sources = [f.source() for f in feeds]
    results, problems, entries_seen, seconds["fetch"], seconds["store"] = _collect(sources, store, http, workers, now, progress)
    tick = time.perf_counter()
    store.prune(now - config.retention_delta)  # once a digest, not every poll: it scans old rows
    start = window_start(store, profile_name, profile, now, since)
    candidates = store.undelivered(profile_name, [s.url for s in sources], start, include_delivered=since is not None)
    seconds["store"] += time.perf_counter() - tick

    # 3. Text and summaries: pages fetched for teasers, CPU work in workers, bounded in flight.
    tick = time.perf_counter()
    fetch_pages = config.fetch.fetch_pages
    page_failures: list[tuple[StoredEntry, str]] = []  # pages that failed; the feed text stands in
    workers.expect(len(candidates))
    in_flight = threading.BoundedSemaphore(max(4, 4 * workers.processes))
    done = _Counter(progress, "summarising articles", len(candidates))
    pages_fetched = 0
    lock = threading.Lock()

    def job_for(entry: StoredEntry) -> Future[ArticleResult]:
        nonlocal pages_fetched
        page, page_type = None, None
        lengths = config.length_for(profile, by_url.get(entry.feed_url))
        if (
            entry.text is None
            and fetch_pages
            and entry.link
            and _rough_words(entry.content) < config.fetch.teaser_words
        ):
            # Only a web address is fetched: "file:", "javascript:" or a malformed host never reach the client.
            link = safe_link(entry.link)
            response = http.get(link, accept=PAGE_ACCEPT, polite=True) if link else Response(
                url=entry.link, problem="not an http:// or https:// address")
            if response.problem:
                with lock:
                    page_failures.append((entry, response.problem))
            else:
                page = response.body
                page_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type")
                with lock:
                    pages_fetched += 1
        job = ArticleJob(
            entry_id=entry.id,
            title=entry.title,
            content=entry.content,
            content_is_html=entry.content_is_html,
            cached_text=entry.text,
            cached_origin=entry.text_origin,
            page=page,
            page_url=entry.link,
            sentences=lengths[0],
            words=lengths[1],
            language=(by_url[entry.feed_url].language if entry.feed_url in by_url else None) or entry.language,
            page_content_type=page_type,
        )
        in_flight.acquire()
        try:
            future = workers.submit(prepare_article, job)
        except BaseException:
            in_flight.release()
            raise

        def finished(_f: Future[ArticleResult]) -> None:
            in_flight.release()
            done.add(1)

        future.add_done_callback(finished)
        return future

    with ThreadPoolExecutor(max_workers=config.fetch.concurrency, thread_name_prefix="page") as pool:
        article_futures = list(pool.map(job_for, candidates))
    worker_failures: list[tuple[str, str]] = []
    prepared = [_result_or_feed_text(f, e, worker_failures) for f, e in zip(article_futures, candidates)]
    page_failures.extend((e, r.page_problem) for e, r in zip(candidates, prepared) if r.page_problem)
    report_pages = [(e.link or e.title, reason) for e, reason in page_failures] + worker_failures
    _release_freed_memory()
    store.save_texts({r.entry_id: (r.text, r.origin) for r in prepared if r.fresh_text})
    seconds["articles"] = time.perf_counter() - tick

    # 4. Stories and the digest.
    tick = time.perf_counter()
    names = {f.url: f.name for f in feeds}
    articles = [
        Article(
            entry_id=e.id,
            title=e.title or (r.summary[0][:90] if r.summary else "(untitled)"),
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
    grouping = group(
        articles,
        stats=_history_stats(store, now, articles) if articles else None,
        earlier=_earlier(store, profile_name, now, names, {a.entry_id for a in articles}) if articles else (),
        now=now,
    )
    stories = filter_stories(rank_stories(grouping.stories, now, profile.story_half_life_delta),
                             profile.include_patterns, profile.exclude_patterns)
    if profile.max_stories:
        stories = stories[: profile.max_stories]
    for story in stories:
        story.summary = story_summary(story, profile.sentences)
    digest = Digest(
        title=profile.title or "News digest",
        profile=profile_name,
        generated_at=now,
        since=start,
        stories=stories,
        problems=_with_notes(problems, results, page_failures),
        feeds_checked=len(sources),
        timezone=config.zone_of(profile),
    )
    seconds["group"] = time.perf_counter() - tick
    return RunReport(
        digest=digest,
        profile=profile_name,
        window_start=start,
        duplicates=grouping.duplicates,
        story_keys=grouping.story_key,
        feeds_total=len(results),
        feeds_not_modified=sum(r.not_modified for r in results),
        feeds_failed=len(problems),
        entries_seen=entries_seen,
        pages_fetched=pages_fetched,
        page_problems=report_pages,
        seconds=seconds,
    )


def _result_or_feed_text(future: Future[ArticleResult], entry: StoredEntry, problems: list[tuple[str, str]]) -> ArticleResult:
    """One article that breaks a worker must not cost the digest: show its title with no summary."""
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - reported, and the digest goes on
        problems.append((entry.link or entry.title, f"could not prepare the article: {exc.__class__.__name__}: {exc}"))
        return ArticleResult(entry.id, "", "feed", [], False)


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


def _history_stats(store: Store, now: datetime, batch: list[Article]) -> TermStats:
    """Document frequencies over recent history plus this batch: a similarity that does not hinge on
    how many articles one run happens to hold."""
    seen = {a.entry_id for a in batch}
    history = [Article(entry_id=i, title=t, link=None, source="", published=None, text=x, summary=[])
               for i, t, x in store.recent_texts(now - HISTORY, exclude=seen)]
    return TermStats.from_articles(history + batch)


def _earlier(
        store: Store, profile: str, now: datetime, names: dict[str, str | None], shown: set[int]) -> list[tuple[Article, str]]:
    return [
        (Article(entry_id=e.id, title=e.title, link=without_tracking(safe_link(e.link)),
                 source=names.get(e.feed_url) or e.feed_title or _host(e.feed_url), published=_credible(e.published, now),
                 text=e.text or "", summary=[]), key)
        for e, key in store.recently_delivered(profile, now - CONTINUE) if e.id not in shown
    ]


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
            self.progress(self.stage, self.done, self.total)
