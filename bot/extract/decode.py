"""Page bytes → markup: refusals (empty, binary, huge, not HTML), gzip, and the charset.

Decoding order: a byte-order mark, then UTF-8, then the declared charset, then
charset_normalizer's guess.
"""

from __future__ import annotations

import codecs
import re
import zlib

MAX_PAGE_BYTES = 5_000_000  # an article page larger than this is not worth parsing

_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"RIFF", "a RIFF file (WebP image or WAV audio)"), (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 file"), (b"\x1aE\xdf\xa3", "a WebM/Matroska video"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"wOFF", "a web font"),
)
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|section|h[1-6]|br|a\s|span|table)\b",
                        re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


def page_markup(html: bytes | str, content_type: str | None = None) -> tuple[str, str | None]:
    """(markup, None) for something that may be an HTML page, or ("", why it is not one)."""
    problem = _not_a_page(content_type)
    if problem:
        return "", problem
    if isinstance(html, bytes):
        data = html
        if data[:2] == b"\x1f\x8b":
            try:
                data = _gunzip(data)
            except (OSError, EOFError, zlib.error):
                return "", "the page is broken gzip data"
        problem = _check_bytes(data)
        if problem:
            return "", problem
        return decode_html(data, _charset_of(content_type)), None
    if len(html) > MAX_PAGE_BYTES:
        return "", f"the page is larger than {MAX_PAGE_BYTES:,} bytes"
    if "\x00" in html[:4096]:
        return "", "not HTML: the content is binary"
    if not html.strip():
        return "", "the page is empty"
    if not _HTML_HINT.search(html[:65536].encode("utf-8", "ignore")):
        return "", "not HTML: the content has no HTML markup"
    return html, None


def _not_a_page(content_type: str | None) -> str | None:
    if not content_type:
        return None
    mime = content_type.split(";")[0].strip().lower()
    if not mime or mime in ("text/html", "application/xhtml+xml", "application/xml", "text/xml",
                            "application/octet-stream", "text/plain"):
        return None  # text/plain and octet-stream: servers mislabel HTML often enough; sniff it
    if "rss" in mime or "atom" in mime:
        return f"not an article page: the server sent a feed ({mime})"
    return f"not HTML: the server sent {mime}"


def _gunzip(data: bytes) -> bytes:
    """Decompress, stopping just past the size cap (a gzip bomb stays small)."""
    out = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, MAX_PAGE_BYTES + 1)
    if not out:
        raise zlib.error("no data in the gzip stream")
    return out


def _check_bytes(data: bytes) -> str | None:
    """Why these bytes are not an HTML page we can read, or None if they may be one."""
    if len(data) > MAX_PAGE_BYTES:
        return f"the page is larger than {MAX_PAGE_BYTES:,} bytes"
    if not data.strip():
        return "the page is empty"
    head = data[:4096].lstrip()
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"not HTML: the content is {what}"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or _utf16(data):
        return None  # UTF-16/32 HTML; decode_html reads the BOM or the pattern of zero bytes
    controls = sum(1 for b in head[:1024] if b < 9 or 13 < b < 32)
    if b"\x00" in head or controls > len(head[:1024]) // 20:
        return "not HTML: the content is binary"
    if not _HTML_HINT.search(data[:65536]):
        return "not HTML: the content has no HTML markup"
    return None


def _utf16(head: bytes) -> str | None:
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


def _charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Page bytes → text, whatever the page says about its charset.

    Order: a byte-order mark; valid UTF-8 (a declaration that says otherwise is wrong, since
    non-ASCII text is almost never valid UTF-8 by accident); mostly-valid UTF-8 with a few
    broken bytes; the charset declared in the HTTP header or the page; charset_normalizer's
    guess; cp1252, the most common undeclared legacy charset, with replacement characters.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    wide = _utf16(data)
    if wide:
        return data.decode(wide, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", "replace")
    broken = loose.count("\ufffd")
    non_ascii = len(loose) - len(loose.encode("ascii", "ignore")) - broken
    if non_ascii >= 20 * broken:
        return loose  # UTF-8 with a few stray bytes
    if declared is None:
        match = _META_CHARSET.search(data[:8192])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    if declared and _codec(declared) not in (None, "utf-8"):
        try:
            return data.decode(_codec(declared))  # type: ignore[arg-type]
        except UnicodeDecodeError:
            pass
    guess = _guess_charset(data)
    if guess:
        try:
            return data.decode(guess)
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", "replace")


def _codec(name: str) -> str | None:
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # Browsers read "latin-1" and "ascii" as windows-1252, which is what such pages are.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


# The legacy charset browsers assume for a language (WHATWG's per-locale defaults, roughly).
_LEGACY_CHARSET = {
    **dict.fromkeys("cs hr hu pl ro sk sl bs sq".split(), "cp1250"),
    **dict.fromkeys("ru uk bg be mk sr kk".split(), "cp1251"), "el": "cp1253", "tr": "cp1254", "az": "cp1254",
    "he": "cp1255", "ar": "cp1256", "fa": "cp1256", "ur": "cp1256", **dict.fromkeys("lt lv et".split(), "cp1257"),
    "vi": "cp1258", "th": "cp874", "ja": "shift_jis", "ko": "euc_kr", "zh": "gb18030",
}
_HTML_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def _guess_charset(data: bytes) -> str | None:
    """charset_normalizer's guess; on a near tie, the charset usual for the page's language
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
    lang = _HTML_LANG.search(data[:8192])
    preferred = _codec(_LEGACY_CHARSET.get(lang.group(1).decode().lower(), "cp1252") if lang else "cp1252")
    for match in results:
        if _codec(match.encoding) == preferred and match.chaos <= best.chaos + 0.01:
            return match.encoding
    return best.encoding
