"""The article stage: one entry → text and summary (:func:`prepare_article`, the unit of per-article
work, run in a worker), and :class:`ArticleStage`, which starts that work for a feed's entries as
soon as the feed has been recorded, so a slow feed holds back only its own articles.

Page fetches run in this process's threads (they wait on the network, not the CPU); extraction
and summarising go to :class:`~bot.workers.Workers`, through ``submit`` alone, so another
dispatcher (a task queue) can stand in for it.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from bot.fetch import Http, Response
from bot.models import Article, Story, story_text
from bot.urls import safe_link

if TYPE_CHECKING:  # workers unpickle jobs from this module: they need no database code
    from datetime import datetime

    from bot.group import GroupFeatures, TermStats
    from bot.store import Store, StoredEntry

T = TypeVar("T")

PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


class Dispatcher(Protocol):
    """Where per-article work runs: :class:`bot.workers.Workers`, or anything with the same two calls."""

    processes: int

    def expect(self, jobs: int) -> None: ...

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]: ...


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
    features: GroupFeatures | None = None  # what grouping needs of it, made here so the main process need not


HEADLINE_CHARS = 90  # an untitled item's headline: at most this much of its summary's first sentence


def display_title(title: str, summary: list[str]) -> str:
    """The headline a digest shows: the feed's, else the summary's opening (whole words, "…" when cut)."""
    if title:
        return title
    if not summary:
        return "(untitled)"
    first = summary[0]
    if len(first) <= HEADLINE_CHARS:
        return first
    cut = first[:HEADLINE_CHARS - 1]
    if " " in cut and not first[HEADLINE_CHARS - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-") + "…"


def feed_text(content: str, is_html: bool) -> str:
    from bot.extract import html_to_text
    from bot.text import clean_text
    return html_to_text(content) if is_html else clean_text(content)


def prepare_article(job: ArticleJob) -> ArticleResult:
    """Text (page if it beats the feed, else the feed's own) and its summary. Runs in a worker.

    Extraction and summarising are imported here, not at the top: the main process of a large
    run never needs trafilatura or numpy, and the workers have them preloaded by the fork server.
    """
    from bot.extract import extract_page_or_reason, more_words_than, strip_title, word_count
    from bot.summarise import resolve_language, summarise
    from bot.text.teasers import trim_cut
    language, page_problem = job.language, None
    if job.cached_text is not None:
        text, origin, fresh = job.cached_text, job.cached_origin or "feed", False
    else:
        # (a teaser's cut mark read once the headline the text may open with is gone: bot/text/teasers.py)
        text, origin, fresh = trim_cut(strip_title(feed_text(job.content, job.content_is_html), job.title)), "feed", True
        if job.page is not None:
            page = extract_page_or_reason(job.page, job.page_url, job.page_content_type)
            if isinstance(page, str):
                page_problem = page
            # Keep the page only when it plausibly is the article: longer than the teaser.
            elif more_words_than(page.text, max(word_count(text), 20)):
                text, origin = page.text, "page"
                language = language or page.language
    # Declared, else detected here once: the summariser and the grouping both need it.
    language = resolve_language(language, text) if text else language
    summary = summarise(text, job.sentences, language, job.title, words=job.words) if text else []
    from bot.group import prepare  # (the NLP stages load where the work is: a worker, not a run that finds nothing new)

    # Grouping reads the title the feed gave: an untitled item's shown headline is a sentence of its
    # own text, and as a title it would count three times.
    features = prepare(Article(entry_id=job.entry_id, title=job.title, link=None, source="",
                               published=None, text=text, summary=summary, language=language))
    return ArticleResult(job.entry_id, text, origin, summary, fresh, language, page_problem, features)


def history_stats(rows: list[tuple[int, str, str]]) -> TermStats:
    """Document frequencies of (entry id, title, lead) rows from the store's history (in a worker)."""
    from bot.group import TermStats

    return TermStats.from_articles(
        Article(entry_id=i, title=t, link=None, source="", published=None, text=x, summary=[]) for i, t, x in rows)


def for_story_summary(story: Story, text_of: Callable[[Article], str] | None = None) -> Story:
    """The story as :func:`story_summaries` needs it, to send to a worker: an article with a summary
    is read no further than the opening its language is guessed from. ``text_of``: where each
    article's text is read from (default: the article's own)."""
    if text_of is None:
        return replace(story, articles=[a if not any(x.strip() for x in a.summary)
                                        else replace(a, text=_read_to(a.text, a.summary)) for a in story.articles])
    return replace(story, articles=[replace(a, text=text_of(a) if not any(x.strip() for x in a.summary)
                                            else _read_to(text_of(a), a.summary)) for a in story.articles])


SUMMARY_LEAD = 1500  # what bot.group.story_summary reads of an article that has a summary, at least


def _read_to(text: str, summary: list[str]) -> str:
    """The text as far as the story summary reads it: its opening (:data:`SUMMARY_LEAD`), and on to the end of its
    summary's last sentence, since what a sentence takes from the text before it (a first name, "the agency", the
    sentence it follows) is looked for there: cut before it, the sentence would read as its text's first."""
    end = SUMMARY_LEAD
    for sentence in summary:
        head = sentence.strip()[:40]
        at = text.find(head) if head else -1
        if at >= 0:
            end = max(end, at + len(sentence.strip()) + 1)
    return text[:end]


def story_summaries(stories: list[Story], sentences: int) -> list[list[tuple[str, int]]]:
    """:func:`bot.group.story_summary` of each story (in a worker): each sentence with the index of
    its article in the story, since the articles a worker sees are copies. Each article's text is
    read with its standfirst above it (:func:`story_text`)."""
    from bot.group import story_summary

    out = []
    for story in stories:
        if any(a.standfirst for a in story.articles):
            story = replace(story, articles=[replace(a, text=story_text(a)) if a.standfirst else a
                                             for a in story.articles])
        where = {id(a): k for k, a in enumerate(story.articles)}
        out.append([(sentence, where[id(a)]) for sentence, a in story_summary(story, sentences)])
    return out


CHUNK = 250  # history rows or earlier articles per worker job


def term_stats(store: Store, now: datetime, batch: list[Article], features: list[GroupFeatures],
                   workers: Dispatcher) -> TermStats:
    """Document frequencies over recent history plus this batch: a similarity that does not hinge on
    how many articles one run happens to hold. The history's terms are counted in the workers."""
    from bot.config import RETENTION_MIN  # (not at the top: workers load this module, and need no pydantic)

    seen = {a.entry_id for a in batch}
    rows = store.recent_texts(now - RETENTION_MIN, exclude=seen)  # term statistics come from this much of the past
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


def features_of(articles: list[Article]) -> list[GroupFeatures]:
    """:func:`bot.group.prepare` of each article (in a worker)."""
    from bot.group import prepare

    return [prepare(a) for a in articles]


_TAG = re.compile(r"<[^>]+>")


def rough_words(content: str) -> int:
    """A cheap word count of feed HTML, to decide in the main process whether to fetch the page."""
    return len(_TAG.sub(" ", content).split())


@dataclass(frozen=True)
class Lengths:
    """How long an entry's summary is and which language it is declared in (per feed and profile)."""

    sentences: int
    words: int | None
    language: str | None


class ArticleStage:
    """Pages fetched and articles prepared for entries as they are handed in (:meth:`add`), in the
    order they come; :meth:`results` waits for all of them.

    Jobs in workers are bounded (``4 × processes``, at least 4), so page bodies waiting for a
    core never pile up in memory however fast the network is. With a pool, the jobs ready while
    every worker has a batch and one more waits go together as the next batch, up to a share of
    the jobs in flight (2 of 8 with 2 processes): one wake-up and one message each way for all of
    them (~0.4 ms of this process's CPU a job, alone, ~0.25 ms in twos).
    """

    def __init__(
        self,
        http: Http,
        workers: Dispatcher,
        concurrency: int,
        fetch_pages: bool,
        teaser_words: int,
        lengths: Callable[[StoredEntry], Lengths],
        progress: Callable[[int], None] | None = None,
    ):
        self.http, self.workers, self.lengths, self.progress = http, workers, lengths, progress
        self.fetch_pages, self.teaser_words = fetch_pages, teaser_words
        self.pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="page")
        self.in_flight = threading.BoundedSemaphore(max(4, 4 * workers.processes))
        # A batch takes at most its share of the jobs in flight, so every worker has one and one more waits.
        self.batch_size = max(1, max(4, 4 * workers.processes) // (workers.processes + 1))
        self.lock = threading.Lock()
        self.futures: dict[int, Future[Future[ArticleResult]]] = {}
        self.page_failures: list[tuple[StoredEntry, str]] = []  # pages that failed; the feed text stands in
        self.pages_fetched = 0
        self.count = 0
        self.first_done: float | None = None  # time.perf_counter() when the first article was prepared
        self.pending: list[tuple[ArticleJob, Future[ArticleResult]]] = []  # jobs waiting for the next batch
        self.batches = 0  # batches in the pool, not yet answered
        self.wake = threading.Condition(self.lock)
        self.sender: threading.Thread | None = None
        self.closing = False

    def add(self, entries: Iterable[StoredEntry]) -> None:
        new = [e for e in entries if e.id not in self.futures]
        if not new:
            return
        self.count += len(new)
        self.workers.expect(self.count)
        for entry in new:
            self.futures[entry.id] = self.pool.submit(self._start, entry)

    def _start(self, entry: StoredEntry) -> Future[ArticleResult]:
        """In a page thread: the page when the feed gave only a teaser, then the job into a worker."""
        page, page_type = None, None
        if entry.text is None and self.fetch_pages and entry.link and rough_words(entry.content) < self.teaser_words:
            # Only a web address is fetched: "file:", "javascript:" or a malformed host never reach the client.
            link = safe_link(entry.link)
            response = self.http.get(link, accept=PAGE_ACCEPT, polite=True) if link else Response(
                url=entry.link, problem="not an http:// or https:// address")
            if response.problem:
                with self.lock:
                    self.page_failures.append((entry, response.problem))
            else:
                page = response.body
                page_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type")
                with self.lock:
                    self.pages_fetched += 1
        lengths = self.lengths(entry)
        job = ArticleJob(
            entry_id=entry.id,
            title=entry.title,
            content=entry.content,
            content_is_html=entry.content_is_html,
            cached_text=entry.text,
            cached_origin=entry.text_origin,
            page=page,
            page_url=entry.link,
            sentences=lengths.sentences,
            words=lengths.words,
            language=lengths.language or entry.language,
            page_content_type=page_type,
        )
        self.in_flight.acquire()
        if self._batched():
            future: Future[ArticleResult] = Future()
            future.add_done_callback(self._finished)
            with self.lock:
                self.pending.append((job, future))
                if self.sender is None:
                    self.sender = threading.Thread(target=self._send, name="article-batches", daemon=True)
                    self.sender.start()
                self.wake.notify()
            return future
        try:
            future = self.workers.submit(prepare_article, job)
        except BaseException:
            self.in_flight.release()
            raise
        future.add_done_callback(self._finished)
        return future

    def _batched(self) -> bool:
        """Batches go to the run's own pool (a dispatcher that answers some jobs itself gets them one by one)."""
        from bot.workers import Workers

        workers = self.workers
        return isinstance(workers, Workers) and type(workers).submit is Workers.submit and workers.parallel

    def _send(self) -> None:
        """(The batch thread) the waiting jobs, as one batch, whenever fewer than ``processes + 1`` are in the pool."""
        from bot.workers import Workers

        workers = self.workers
        assert isinstance(workers, Workers)
        while True:
            with self.lock:
                while not self.closing and not (self.pending and self.batches <= workers.processes):
                    self.wake.wait()
                batch, self.pending = self.pending[:self.batch_size], self.pending[self.batch_size:]
                if self.closing:
                    for _, future in batch + self.pending:
                        future.cancel()
                    return
                self.batches += 1
            try:
                answer = workers.submit_batch(prepare_article, [(job,) for job, _ in batch])
            except BaseException as exc:  # noqa: BLE001 - each job's future says so
                answer = Future()
                answer.set_exception(exc)
            answer.add_done_callback(lambda done, batch=batch: self._answered(done, batch))  # type: ignore[misc]

    def _answered(self, done: Future[list[tuple[bool, Any]]], batch: list[tuple[ArticleJob, Future[ArticleResult]]]) -> None:
        with self.lock:
            self.batches -= 1
            self.wake.notify()
        try:
            answers = done.result()
        except BaseException as exc:  # noqa: BLE001 - a broken pool: every job of the batch
            answers = [(False, exc)] * len(batch)
        for (_, future), (ok, value) in zip(batch, answers):
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _finished(self, _future: Future[ArticleResult]) -> None:
        self.in_flight.release()
        if self.first_done is None:
            self.first_done = time.perf_counter()
        if self.progress:
            self.progress(1)

    def results(self, entries: list[StoredEntry]) -> tuple[list[ArticleResult], list[tuple[str, str]]]:
        """Each entry's result in the order given (all must have been added), and the articles that
        broke a worker, each shown by its title with no summary."""
        problems: list[tuple[str, str]] = []
        out = [_result_or_feed_text(self.futures[e.id], e, problems) for e in entries]
        with self.lock:
            self.page_failures.extend((e, r.page_problem) for e, r in zip(entries, out) if r.page_problem)
        return out, problems

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        with self.lock:
            self.closing = True
            self.wake.notify()
        if self.sender is not None:
            self.sender.join()


def _result_or_feed_text(
    outer: Future[Future[ArticleResult]], entry: StoredEntry, problems: list[tuple[str, str]]
) -> ArticleResult:
    """One article that breaks a worker (or its page fetch) must not cost the digest."""
    try:
        return outer.result().result()
    except Exception as exc:  # noqa: BLE001 - reported, and the digest goes on
        problems.append((entry.link or entry.title, f"could not prepare the article: {exc.__class__.__name__}: {exc}"))
        return ArticleResult(entry.id, "", "feed", [], False)
