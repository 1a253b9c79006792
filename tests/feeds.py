"""Small feed documents written for the tests."""

from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime
from xml.sax.saxutils import escape

BODY = (
    "<p>{title} was confirmed on Thursday by officials in the regional capital, who said the decision "
    "followed months of public consultation.</p><p>The plan will cost an estimated 12 million euros and "
    "is expected to be completed within three years, according to the published documents.</p>"
    "<p>Critics argued that the money could have been spent on schools, while supporters said the "
    "project would create hundreds of local jobs.</p><p>A final review is scheduled for next spring, "
    "when the council will publish a detailed timetable for the work.</p>"
)


def rss(items: list[dict], title: str = "Test Feed") -> bytes:
    """RSS 2.0 with full content; each item dict: title, link, guid (optional), date, body (optional)."""
    parts = []
    for it in items:
        guid = f"<guid isPermaLink=\"false\">{escape(it['guid'])}</guid>" if it.get("guid") else ""
        body = it.get("body") or BODY.format(title=it["title"])
        parts.append(
            f"<item><title>{escape(it['title'])}</title><link>{escape(it['link'])}</link>{guid}"
            f"<pubDate>{format_datetime(it['date'])}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link><description>t</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


def atom(items: list[dict], title: str = "Atom Feed") -> bytes:
    parts = []
    for it in items:
        body = it.get("body") or BODY.format(title=it["title"])
        stamp = it["date"].isoformat()
        parts.append(
            f"<entry><title>{escape(it['title'])}</title><link href=\"{escape(it['link'])}\"/>"
            f"<id>{escape(it.get('guid') or it['link'])}</id><updated>{stamp}</updated>"
            f"<content type=\"html\">{escape(body)}</content></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:test</id><updated>2026-11-21T00:00:00Z</updated>"
        + "".join(parts)
        + "</feed>"
    ).encode()


def item(n: int, date: datetime, base: str = "http://example.org", **extra: str) -> dict:
    return {"title": f"Story number {n} about the new bridge {n * 7}", "link": f"{base}/news/{n}", "guid": f"id-{n}", "date": date, **extra}
