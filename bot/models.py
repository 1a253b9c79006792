"""Plain data passed between the stages; no behaviour beyond small conveniences."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime


@dataclass(frozen=True)
class HttpCache:
    """The validators a server gave for a feed, sent back next time for a cheap 304."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FeedSource:
    """A feed as configured: where it is and what to call it."""

    url: str
    name: str | None = None


@dataclass
class Entry:
    """One item of a feed, as parsed; ``content`` is the feed's own text (HTML or plain)."""

    feed_url: str
    guid: str | None
    link: str | None
    title: str
    content: str = ""
    content_is_html: bool = True
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    source_name: str | None = None
    # The feed's summary of the item beside its longer text, when the text does not say it (its standfirst).
    standfirst: str = ""


@dataclass
class FeedProblem:
    """A feed that could not be read this run, with the reason in words a user understands; or, with
    ``failed`` false, a feed that was read but not wholly (items left out, article pages that failed)."""

    url: str
    name: str | None
    reason: str
    since: datetime | None = None
    failed: bool = True


@dataclass
class FeedResult:
    """What fetching one feed gave: entries, 'not modified', or a problem; never an exception."""

    source: FeedSource
    entries: list[Entry] = field(default_factory=list)
    title: str | None = None
    not_modified: bool = False
    problem: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    status: int | None = None
    final_url: str | None = None
    warning: str | None = None


@dataclass
class Article:
    """An entry with its clean text and summary, ready to render."""

    entry_id: int
    title: str
    link: str | None
    source: str
    published: datetime | None
    text: str
    summary: list[str]
    author: str | None = None
    text_origin: str = "feed"  # "feed" or "page"
    language: str | None = None  # sumy's name ("english"), declared or detected once in the worker
    standfirst: str = ""  # the feed's own statement of the item above its text (Entry.standfirst)


def story_text(article: Article) -> str:
    """The text a story summary reads of an article: its feed's standfirst, if any, on the line above its text."""
    return f"{article.standfirst}\n{article.text}" if article.standfirst else article.text


def own_text(article: Article) -> Article:
    """The article with its own text only, without the standfirst :func:`story_text` put above it."""
    if article.standfirst and article.text.startswith(article.standfirst):
        return replace(article, text=article.text[len(article.standfirst) + 1:], standfirst="")
    return article


@dataclass
class Story:
    """One or more articles about the same event; the first article leads."""

    articles: list[Article]
    # Sentences chosen across the story's articles, each with the article (outlet) it came from.
    summary: list[tuple[str, Article]] = field(default_factory=list)
    # New coverage of a story an earlier digest showed: digests label it "Update", so a reader
    # knows why a familiar headline is back.
    update: bool = False
    # The story summary was made: an empty one then means no sentence states the event, and the
    # story shows its headline alone (not the lead article's own summary).
    summarised: bool = False

    @property
    def lead(self) -> Article:
        return self.articles[0]

    @property
    def also(self) -> list[Article]:
        """One article per other outlet (its first, in story order), never the lead's own outlet.

        ``articles`` keeps every member (delivery bookkeeping counts them); this is what
        "also reported by" names, so an outlet appears once however many items it ran.
        """
        seen = {self.lead.source}
        others: list[Article] = []
        for article in self.articles[1:]:
            if article.source not in seen:
                seen.add(article.source)
                others.append(article)
        return others

    @property
    def sentences(self) -> list[tuple[str, Article]]:
        """The story's summary, or the lead article's own when no story summary was made."""
        if self.summary or self.summarised:
            return self.summary
        return [(sentence, self.lead) for sentence in self.lead.summary]

    @property
    def outlets(self) -> list[str]:
        """Every outlet once, the lead's first: ``[lead.source] + [a.source for a in also]``."""
        return [self.lead.source] + [a.source for a in self.also]


@dataclass
class Digest:
    """Everything a template needs to render one digest."""

    title: str
    profile: str
    generated_at: datetime
    since: datetime | None
    stories: list[Story]
    problems: list[FeedProblem]
    feeds_checked: int
    timezone: str = "UTC"
    omitted: int = 0  # stories left out to keep an e-mail under the size mail clients show whole

    @property
    def article_count(self) -> int:
        return sum(len(s.articles) for s in self.stories)

    @property
    def feeds_failed(self) -> int:
        """Feeds that could not be read this run (a feed read with notes is not one of them)."""
        return sum(p.failed for p in self.problems)

    @property
    def feeds_read(self) -> int:
        """The feeds the stories came from: the header counts these, not the ones that failed."""
        return max(0, self.feeds_checked - self.feeds_failed)
