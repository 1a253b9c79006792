"""Page bytes → markup: refusals (empty, binary, huge, not HTML), gzip, and the charset.

The charset is decided as for feeds (``bot.fetch.charset``): a byte-order mark, then UTF-8,
then the declared charset, then charset_normalizer's guess.
"""

from __future__ import annotations

import codecs
import re
import zlib

from bot.fetch import charset

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
_HTML_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_CONTROL_BYTES = bytes(range(9)) + bytes(range(14, 32))  # control characters no text file has
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
    wide_bom = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    if head.startswith(wide_bom) or charset.utf16_pattern(data):
        return None  # UTF-16/32 HTML; decode_html reads the BOM or the pattern of zero bytes
    first = head[:1024]
    controls = len(first) - len(first.translate(None, _CONTROL_BYTES))  # (a Python loop over the bytes cost more)
    if b"\x00" in head or controls > len(first) // 20:
        return "not HTML: the content is binary"
    if not _HTML_HINT.search(data[:65536]):
        return "not HTML: the content has no HTML markup"
    return None


def _charset_of(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else None


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Page bytes → text, whatever the page says about its charset (``bot.fetch.charset``, shared
    with feeds); the page's own ``<meta charset>`` and ``<html lang>`` stand in for what the
    HTTP header does not say."""
    if declared is None:
        match = _META_CHARSET.search(data[:8192])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    lang = _HTML_LANG.search(data[:8192])
    return charset.decode(data, declared, lang.group(1).decode() if lang else None).text
