"""Bytes → text whatever the sender says about their charset: one decision for feeds and pages.

Servers and documents often declare the wrong charset (UTF-8 served as windows-1252 shows "Ã©"
and "â‚¬"), so the bytes have the last word: a byte-order mark, then valid UTF-8 (non-ASCII text
is almost never valid UTF-8 by accident), then the declared charset, then charset_normalizer's
guess. ``Decoded.unreadable`` counts what no reading could make sense of, so a caller can say so.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

REPLACEMENT = "\ufffd"
SHOWN = f"'{REPLACEMENT}'"
# Text that is mostly UTF-8 with a few bytes that are not: each such byte is windows-1252 (smart quotes
# pasted from a word processor, a Latin-1 "é"). A legacy document is rarely valid UTF-8 by accident, even
# in part: in GBK or windows-1251 text fewer than one character in five forms a valid sequence per broken
# byte, so two valid characters for each stray byte is safely UTF-8.
MIXED_RATIO = 2
_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that were not UTF-8, as surrogateescape keeps them


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # the codec the text was read with
    how: str  # "bom", "utf-8", "mixed" (UTF-8 with stray bytes), "declared", "guessed", "fallback"
    unreadable: int = 0  # bytes or characters shown as U+FFFD
    strays: int = 0  # with "mixed": the bytes that were not UTF-8, read as windows-1252


def decode(data: bytes, declared: str | None = None, language: str | None = None) -> Decoded:
    """Bytes → text. ``declared``: the charset the HTTP header or the document names; ``language``:
    the document's language, which settles a near tie between legacy charsets.

    Mostly-valid UTF-8 with a few broken bytes stays UTF-8 and the broken bytes are read as
    windows-1252: reading the whole document as windows-1252 instead would garble every other
    character.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _loosely(data, codec, "bom")
    wide = utf16_pattern(data)
    if wide:
        return _loosely(data, wide, "bom")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", "surrogateescape")
    strays = sum(m.end() - m.start() for m in _ESCAPED.finditer(escaped))
    non_ascii = len(escaped) - len(escaped.encode("ascii", "ignore")) - strays
    if non_ascii >= MIXED_RATIO * strays:
        loose = _ESCAPED.sub(_as_cp1252, escaped)
        return Decoded(loose, "utf-8", "mixed", loose.count(REPLACEMENT), strays)
    named = codec_name(declared) if declared else None
    if named and named != "utf-8":
        try:
            return Decoded(data.decode(named), named, "declared")
        except UnicodeDecodeError:
            pass
    guess = _guess_charset(data, language)
    if guess:
        try:
            return Decoded(data.decode(guess), guess, "guessed")
        except (UnicodeDecodeError, LookupError):
            pass
    return _loosely(data, "cp1252", "fallback")


def _as_cp1252(escaped: re.Match[str]) -> str:
    return bytes(ord(c) - 0xDC00 for c in escaped.group()).decode("cp1252", "replace")


def _loosely(data: bytes, codec: str, how: str) -> Decoded:
    text = data.decode(codec, "replace")
    return Decoded(text, codec, how, text.count(REPLACEMENT))


def utf16_pattern(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when most odd (or even) bytes are zero, as in UTF-16 markup without a BOM."""
    sample = head[:512] if len(head) % 2 == 0 else head[:511]
    if len(sample) < 16:
        return None
    half = len(sample) // 2
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if zeros_odd >= 0.7 * half and zeros_even <= 0.05 * half:
        return "utf-16-le"
    if zeros_even >= 0.7 * half and zeros_odd <= 0.05 * half:
        return "utf-16-be"
    return None


def codec_name(name: str) -> str | None:
    """Python's codec for a charset label, or None for a label it does not know."""
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Browsers read "latin-1" and "ascii" as windows-1252, which is what such documents are.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


# The legacy charset browsers assume for a language (WHATWG's per-locale defaults, roughly).
_LEGACY_CHARSET = {
    **dict.fromkeys("cs hr hu pl ro sk sl bs sq".split(), "cp1250"),
    **dict.fromkeys("ru uk bg be mk sr kk".split(), "cp1251"), "el": "cp1253", "tr": "cp1254", "az": "cp1254",
    "he": "cp1255", "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", **dict.fromkeys("lt lv et".split(), "cp1257"),
    "vi": "cp1258", "th": "cp874", "ja": "shift_jis", "ko": "euc_kr", "zh": "gb18030",
}


def _guess_charset(data: bytes, language: str | None) -> str | None:
    """charset_normalizer's guess; on a near tie, the charset usual for the document's language
    (windows-1252 when it names none): French in windows-1252 and in windows-1250 look equally
    plausible to a detector."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    sample = data if len(data) <= 65536 else data[:32768] + data[-32768:]
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return None
    preferred = codec_name(_LEGACY_CHARSET.get(language.lower(), "cp1252") if language else "cp1252")
    for match in results:
        if codec_name(match.encoding) == preferred and match.chaos <= best.chaos + 0.01:
            return match.encoding
    return best.encoding


def note(decoded: Decoded, declared: str | None, what: str = "the feed") -> str | None:
    """What a person should know about a reading that mixed charsets or lost characters, else None."""
    n = decoded.unreadable
    if decoded.how == "mixed":
        return f"{what} mixes UTF-8 with another charset: {_count(decoded.strays, 'byte')} read as windows-1252"
    if decoded.how == "guessed":  # what it said (or UTF-8, what XML and JSON mean by saying nothing) was wrong
        said = "as it says" if declared else "and names no other charset"
        return f"{what} is not {declared or 'UTF-8'} {said}: read as {decoded.charset} (a guess from its bytes)"
    if not n:
        return None
    if decoded.how == "fallback":
        said = f"it says {declared}" if declared else "it names none"
        return f"the charset of {what} could not be worked out ({said}): {_count(n, 'character')} unreadable, shown as {SHOWN}"
    return f"{what} is not valid {decoded.charset}: {_count(n, 'character')} unreadable, shown as {SHOWN}"


def _count(n: int, noun: str) -> str:
    return f"1 {noun}" if n == 1 else f"{n:,} {noun}s"
