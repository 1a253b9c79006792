"""Small feed documents written for the tests."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape

# Where item links point: a loopback port nothing listens on (9, discard), so a page fetch is refused at once
# and no name is ever looked up.
NOWHERE = "http://127.0.0.1:9"

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
        f"<title>{escape(title)}</title><link>{NOWHERE}/</link><description>t</description>"
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


_ARTICLES = [
    "Ferry crews at the northern harbour walked out on Monday over night-shift rosters. Passengers queued for hours "
    "at the terminal while tugboats held the cargo vessels offshore. The port authority promised talks by Friday.",
    "The city orchestra opened its season with a cello concerto that drew a standing ovation. The conductor thanked "
    "the violinists who had rehearsed through the summer heat. Tickets for the spring programme sell from next week.",
    "Farmers in the southern plains expect the smallest wheat harvest in a decade after months without rain. Grain "
    "silos stand half empty and seed prices have doubled. Agronomists urge drought-resistant varieties.",
    "Engineers launched a weather satellite from the coastal spaceport shortly before dawn. The rocket placed it in a "
    "polar orbit after nine minutes. Its cameras will photograph storms over the ocean every hour.",
    "Curators unveiled a restored medieval altarpiece after six years of painstaking cleaning. Visitors can see the "
    "gilded panels in the east gallery. The museum will open late on Thursdays during the exhibition.",
    "Commuters faced cancelled trains after a signalling fault near the central junction. Rail managers blamed a "
    "cable fire and said repairs would last until Sunday. Replacement buses run every twenty minutes.",
    "Surgeons at the children's hospital performed the region's first robotic heart operation. The patient, aged "
    "nine, is recovering on the cardiac ward. Doctors hope to offer the procedure to forty families a year.",
    "Turnout in the mayoral election reached a record as queues formed outside polling stations. Counting continued "
    "overnight in the town hall. The winner will be declared once postal ballots are verified.",
    "Climbers reported fresh avalanches on the glacier after a week of unusual warmth. Mountain guides closed the "
    "upper routes and rescue teams stood by. Meltwater has already flooded two alpine huts.",
    "Librarians discovered a lost manuscript of folk songs inside a donated bookcase. Scholars believe the pages date "
    "from the eighteenth century. The archive will digitise them for readers this winter.",
]


def body_for(n: int) -> str:
    """A distinct article per n (own vocabulary), so tests that want separate stories get them."""
    return "".join(f"<p>{sentence.strip()}.</p>" for sentence in _ARTICLES[n % len(_ARTICLES)].split(". ") if sentence)


def unique_body(n: int, sentences: int = 4) -> str:
    """Pseudo-words drawn by seed n: as many mutually unrelated articles as a test needs."""
    import random

    rng = random.Random(n)
    syllables = ["ka", "lo", "mi", "ren", "to", "vas", "qui", "dor", "pel", "sun", "bri", "ta", "gon", "fe", "lux"]
    word = lambda: "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))  # noqa: E731
    return "".join(
        "<p>" + " ".join(word() for _ in range(rng.randint(12, 20))).capitalize() + ".</p>" for _ in range(sentences)
    )


def item(n: int, date: datetime, base: str = NOWHERE, **extra: str) -> dict:
    return {"title": f"Story number {n} about the new bridge {n * 7}", "link": f"{base}/news/{n}", "guid": f"id-{n}",
            "date": date, "body": body_for(n), **extra}
