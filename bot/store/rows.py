"""What the store hands out and takes in: plain frozen rows, every datetime aware UTC."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, overload

import sqlalchemy as sa


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the store knows it; ``text`` is the cleaned article text once extracted."""

    id: int
    feed_url: str
    feed_title: str | None
    guid: str | None
    link: str | None
    title: str
    author: str | None
    published: datetime | None
    first_seen: datetime
    content: str
    content_is_html: bool
    language: str | None
    text: str | None
    text_origin: str | None
    standfirst: str | None = None

    @property
    def date(self) -> datetime:
        """When it happened, as well as we know: published if given and not in the future, else first seen."""
        if self.published and self.published <= self.first_seen:
            return self.published
        return self.first_seen


@dataclass(frozen=True)
class NewDigest:
    """A digest about to be stored: what it holds, how it reads, and where it must go."""

    profile: str
    key: str | None
    scheduled_for: datetime | None
    window_start: datetime | None
    entry_ids: list[int]
    story_count: int
    kinds: list[str]
    story_keys: dict[int, str] = field(default_factory=dict)
    subject: str | None = None
    message_id: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    body_markdown: str | None = None
    notify_markdown: str | None = None
    notify_text: str | None = None


@dataclass(frozen=True)
class StoredDigest:
    id: int
    profile: str
    key: str | None
    created_at: datetime
    scheduled_for: datetime | None
    status: str | None
    story_count: int
    article_count: int
    subject: str | None
    message_id: str | None
    body_text: str | None
    body_html: str | None
    body_markdown: str | None
    notify_markdown: str | None = None
    notify_text: str | None = None


@dataclass(frozen=True)
class OutboxRow:
    id: int
    digest_id: int
    kind: str
    status: str
    stage: str | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None


def _entry(r: sa.Row[Any]) -> StoredEntry:
    return StoredEntry(
        id=r.id, feed_url=r.feed_url, feed_title=r.feed_title, guid=r.guid, link=r.link, title=r.title, author=r.author,
        published=_utc(r.published), first_seen=_utc(r.first_seen),
        content=r.content, content_is_html=r.content_is_html, language=r.language, text=r.text, text_origin=r.text_origin,
        standfirst=r.standfirst,
    )


def _digest(row: sa.Row[Any]) -> StoredDigest:
    return StoredDigest(
        id=row.id, profile=row.profile, key=row.key, created_at=_utc(row.created_at),
        scheduled_for=_utc(row.scheduled_for), status=row.status, story_count=row.story_count,
        article_count=row.article_count, subject=row.subject, message_id=row.message_id, body_text=row.body_text,
        body_html=row.body_html, body_markdown=row.body_markdown,
        notify_markdown=row.notify_markdown, notify_text=row.notify_text,
    )


@overload
def _utc(value: datetime) -> datetime: ...
@overload
def _utc(value: None) -> None: ...
def _utc(value: datetime | None) -> datetime | None:
    """SQLite forgets time zones; every datetime leaving the store is aware UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
