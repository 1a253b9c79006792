"""One field of a feed → the type an ``Entry`` holds, or None; nothing else reaches the store.

A feed is someone else's data: JSON may put an object where a string belongs, XML character
references may name a lone surrogate, a date may lie outside what a datetime holds, a link may
not parse. Each of these becomes a missing field here, never an exception later.
"""

from __future__ import annotations

import re
from calendar import timegm
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from html import escape as html_escape
from html import unescape
from typing import Any
from urllib.parse import urljoin

_SURROGATE = re.compile("[\ud800-\udfff]")
_TAG = re.compile(r"<[^>]*>")
# Characters that show nothing and mean nothing in a one-line field: a byte-order mark (a UTF-8
# file's first bytes pasted into a title), zero-width space, word joiner, soft hyphen.
_INVISIBLE = re.compile("[\ufeff\u200b\u2060\u00ad]")
MAX_LANGUAGE = 35  # the longest BCP 47 tag in practice; anything longer is not a language


def string(value: Any) -> str | None:
    """A str as the store can hold it (valid UTF-8, no NUL), else None."""
    if not isinstance(value, str):
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates ("\\ud800" in JSON, "&#xD800;" in XML)
        value = _SURROGATE.sub("\ufffd", value)
    return value.replace("\x00", "") if "\x00" in value else value


def clean(value: Any) -> str | None:
    """A one-line string (whitespace collapsed, invisible characters gone), else None."""
    text = string(value)
    if not text:
        return None
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    # Zero-width (non-)joiners shape the letters or emoji around them; at either end they join nothing.
    return " ".join(text.split()).strip("\u200c\u200d ") or None


def headline(value: Any, content: str, is_html: bool) -> tuple[str, str]:
    """(title, content) of an item whose title may hold a standfirst on a line of its own.

    A headline is one line. A title of several lines ("Headline\\r\\nThe standfirst, a sentence
    or two") is a headline and what a print page sets below it, glued together when the lines are
    collapsed: the first line is the title, the rest goes before the item's text (unless the text
    already has it), where the summary and grouping still see it. A break before a lower-case word
    is a title wrapped in the middle of a phrase, and is only collapsed.
    """
    text = string(value)
    lines = [line for line in (clean(raw) for raw in text.splitlines()) if line] if text else []
    if len(lines) < 2 or len(lines[0].split()) < 3 or not _starts_anew(lines[1]):
        return clean(text) or "", content
    title, standfirst = lines[0], " ".join(lines[1:])
    if _holds(content, standfirst[:60], is_html):
        return title, content
    if is_html:
        return title, f"<p>{html_escape(standfirst, quote=False)}</p>\n{content}"
    return title, f"{standfirst}\n\n{content}" if content else standfirst


def _holds(content: str, words: str, is_html: bool) -> bool:
    """Whether the item's text already says ``words``, as a reader sees it: markup, character
    references ("&amp;") and line breaks are not what the words are."""
    if words in content:
        return True
    if is_html:
        content = unescape(_TAG.sub(" ", content))
    return " ".join(words.split()) in " ".join(content.split())


#: Of a feed item's own summary's word pairs, the share its text must hold to be telling it already.
SAID_AGAIN = 0.5
#: A standfirst is a sentence or two: a longer summary is an excerpt or the text again (characters, as read).
STANDFIRST_CHARS = 1_000
_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6])\s*>", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def standfirst(title: str, summary: str, summary_is_html: bool, content: str, is_html: bool) -> str:
    """The item's standfirst: its feed summary, when the item carries a longer text that does not say it.

    An item's summary (RSS ``description``, Atom ``summary``, JSON Feed ``summary``) beside a longer
    text is the outlet's standfirst, its own statement of the story, which a page sets above the text
    and which the text's first line may lean on ("The accident happened late Tuesday ..."). Not one:
    a summary that is the text's own opening, whole or cut short ("... Two peo"), or its words again
    (half its word pairs in the text's opening), one naming nothing its headline names (a site's
    description of itself: "X delivers the latest news from around the world"), one longer than
    :data:`STANDFIRST_CHARS` (an excerpt). Plain text, a line a paragraph; "" when there is none."""
    if len(summary) > 20 * STANDFIRST_CHARS:
        return ""
    plain = unescape(_TAG.sub(" ", _BREAK.sub("\n", summary))) if summary_is_html else summary
    lines = [line for line in (clean(raw) for raw in plain.splitlines()) if line]
    words = _WORD.findall(" ".join(lines).lower())
    if (len(words) < 4 or sum(map(len, lines)) > STANDFIRST_CHARS or not content.strip()
            or not _names_headline(words, title)):
        return ""
    text = unescape(_TAG.sub(" ", content[:8000])) if is_html else content[:8000]
    said = _WORD.findall(text[:4000].lower())
    pairs = set(zip(words, words[1:]))
    if len(pairs & set(zip(said, said[1:]))) >= SAID_AGAIN * len(pairs):
        return ""
    return "\n".join(lines)


def _names_headline(words: list[str], title: str) -> bool:
    """Whether the words share one of four letters or more with the headline (by its first five: "Korean", "Korea")."""
    named = {w[:5] for w in _WORD.findall(title.lower()) if len(w) >= 4}
    return any(w[:5] in named for w in words if len(w) >= 4)


def _starts_anew(line: str) -> bool:
    first = line.lstrip("\"“‘'«(¿¡")[:1]
    return first.isupper() or first.isdigit()


def ident(value: Any) -> str | None:
    """An item id: a string, or a whole number as many JSON feeds give it."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return clean(value)


def language(value: Any) -> str | None:
    text = clean(value)
    return text if text and len(text) <= MAX_LANGUAGE else None


def link(base: str, value: Any) -> str | None:
    """A link resolved against the feed's address; one that does not parse is no link."""
    text = clean(value)
    if not text:
        return None
    try:
        return urljoin(base, text)
    except ValueError:  # "http://[::1": an unclosed IPv6 bracket
        return None


def struct_time(value: Any) -> datetime | None:
    """feedparser's UTC struct_time → aware datetime; None when the feed's date was unreadable."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError, OSError):
        return None


def rfc3339(value: Any) -> datetime | None:
    """JSON Feed's dates (RFC 3339; RFC 822 from some generators) → aware UTC, else None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:  # "9999-12-31T23:59:59-01:00" has no UTC datetime
        return None
