"""The story stage of a run: the prepared articles grouped into ranked, filtered stories (with the
recently delivered ones they may repeat or continue), and each story's summary made in the workers.

:mod:`bot.pipeline` calls :func:`stories_of` once its article stage is done; grouping itself is
:func:`bot.group.group`, a pure function.
"""

from __future__ import annotations

import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.articles import CHUNK, ArticleResult, Dispatcher, features_of, for_story_summary, story_summaries, term_stats
from bot.models import Article, Story
from bot.urls import safe_link, without_tracking
from bot.workers import release_freed_memory

if TYPE_CHECKING:
    from bot.config import ProfileConfig
    from bot.group import GroupFeatures
    from bot.store import Store

__all__ = ["CONTINUE", "FUTURE_ALLOWANCE", "PackedTexts", "credible", "host_of", "stories_of", "summarise_stories"]

CONTINUE = timedelta(days=3)  # delivered articles a new one may repeat or continue
#: How far past ``now`` a published date may lie (clocks and time zones get it wrong) and still be shown.
FUTURE_ALLOWANCE = timedelta(days=1)


def credible(published: datetime | None, now: datetime) -> datetime | None:
    """A date further in the future than the allowance (2999, 9999) is unknown: not shown, not ranked first.
    The store keeps the raw date; its window already falls back to first seen for a future one."""
    return None if published is not None and published > now + FUTURE_ALLOWANCE else published


def host_of(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or url


def stories_of(store: Store, profile_name: str, profile: ProfileConfig, now: datetime, names: dict[str, str | None],
               articles: list[Article], prepared: list[ArticleResult], workers: Dispatcher,
               texts: PackedTexts | None = None, rest: Callable[[], None] | None = None,
               ) -> tuple[list[Story], dict[int, int], dict[int, str]]:
    """The articles as ranked, filtered stories, summarised, with the duplicates found and each story's key.
    ``texts``: the articles' texts, when they were left out of ``articles`` while grouping: the story
    summaries read them from there, and they come back on ``articles`` last, after ``rest`` (called once
    the workers' last job of the run is done: the pool can let its processes go before the texts return).

    What grouping reads of each article was made in the workers, with the summaries. Grouping loads
    here, not at the top: a run that finds nothing new (every feed answered 304) never needs it.
    """
    if not articles:
        if texts is not None:
            texts.restore(articles)
        return [], {}, {}
    from bot.group import filter_stories, group, prepare, rank_stories

    # (a result the task queue's workers made comes without features: they are made here, from its text)
    features = [r.features or prepare(a if texts is None else replace(a, text=texts.text(k)))
                for k, (r, a) in enumerate(zip(prepared, articles))]
    for r in prepared:
        r.features = None  # (grouping is handed the only references: it lets go of what it has read)
    shown = {a.entry_id for a in articles}  # (with --since, some were delivered before: they are not their own repeats)
    earlier, earlier_features = _earlier(store, profile_name, now, names, workers, shown)
    stats = term_stats(store, now, articles, features, workers)
    handed = [features]
    del features
    grouping = group(articles, stats=stats, earlier=earlier, now=now, features=handed.pop(),
                     earlier_features=earlier_features, spread=workers)
    del stats, earlier, earlier_features
    release_freed_memory()  # (what grouping's arrays held: the texts come back after the summaries)
    if texts is not None and (profile.include_patterns or profile.exclude_patterns):
        texts.restore(articles)  # (the filters read the texts; without patterns they read nothing that matters)
        texts = None
    stories = filter_stories(rank_stories(grouping.stories, now, profile.story_half_life_delta),
                             profile.include_patterns, profile.exclude_patterns)
    stories = stories[: profile.max_stories] if profile.max_stories else stories
    if texts is None:
        summarise_stories(stories, profile.sentences, workers)
    else:
        place = {id(a): k for k, a in enumerate(articles)}
        packed = texts
        summarise_stories(stories, profile.sentences, workers,
                          lambda a: packed.text(place[id(a)]) if id(a) in place else a.text)
        if rest is not None:
            rest()
        texts.restore(articles)
    return stories, grouping.duplicates, grouping.story_key


class PackedTexts:
    """A run's article texts, compressed (a fifth of their size as ``str``) and written to a temporary
    file, while grouping, which never reads them, holds its peak of memory (~12 MB of a 4,900-article
    run kept out of the process); :meth:`restore` puts them back, each exactly as it was."""

    def __init__(self, texts: Iterable[str]):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by restore()
        self.ends = array("q", [0])
        for t in texts:
            self.ends.append(self.ends[-1] + self.file.write(zlib.compress(t.encode("utf-8", "surrogatepass"), 1)))

    def __len__(self) -> int:
        return len(self.ends) - 1

    def text(self, k: int) -> str:
        """The ``k``-th text."""
        self.file.seek(self.ends[k])
        return zlib.decompress(self.file.read(self.ends[k + 1] - self.ends[k])).decode("utf-8", "surrogatepass")

    def restore(self, articles: list[Article]) -> None:
        """The texts back on ``articles`` (in the order the texts were given), and none kept here."""
        if len(articles) != len(self):
            raise ValueError(f"{len(self)} texts for {len(articles)} articles")
        for k, article in enumerate(articles):
            article.text = self.text(k)
        self.file.close()
        self.ends = array("q", [0])


def _earlier(store: Store, profile: str, now: datetime, names: dict[str, str | None],
             workers: Dispatcher, shown: set[int]) -> tuple[list[tuple[Article, str]], list[GroupFeatures]]:
    """Articles delivered lately that a new one may repeat or continue, with their features (made in
    the workers); the main process keeps no text of them."""
    found = [
        (Article(entry_id=e.id, title=e.title, link=without_tracking(safe_link(e.link)),
                 source=names.get(e.feed_url) or e.feed_title or host_of(e.feed_url), published=credible(e.published, now),
                 text=e.text or "", summary=[]), key)
        for e, key in store.recently_delivered(profile, now - CONTINUE) if e.id not in shown
    ]
    articles = [a for a, _ in found]
    parts = [workers.submit(features_of, articles[k : k + CHUNK]) for k in range(0, len(articles), CHUNK)]
    features = [f for part in parts for f in part.result()]
    return [(replace(a, text=""), key) for a, key in found], features


def summarise_stories(stories: list[Story], sentences: int, workers: Dispatcher,
                      text_of: Callable[[Article], str] | None = None) -> None:
    """Each story's summary, made in the workers (stemming sentences is CPU work, and needs NLTK's stemmers).
    ``text_of``: where an article's text is read from, when it is not on the article."""
    size = max(1, min(CHUNK, len(stories) // (4 * workers.processes) or 1))
    parts: list[tuple[list[Story], Future[list[list[tuple[str, int]]]]]] = [
        (stories[k : k + size], workers.submit(story_summaries, [for_story_summary(x, text_of)
                                                                 for x in stories[k : k + size]],
                                               sentences)) for k in range(0, len(stories), size)]
    for chunk, part in parts:
        for story, picks in zip(chunk, part.result()):
            story.summary = [(sentence, story.articles[k]) for sentence, k in picks]
            story.summarised = True
