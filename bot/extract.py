"""Article text: the main text of a page (trafilatura), or the feed's own HTML turned into clean text.

Both paths end in :func:`bot.text.clean_text`, so boilerplate lines ("Read more:", "Sign up",
share rows, photo credits) are dropped whichever way the text arrived.

A page goes through these steps (benchmarks/extraction_quality.py measures each one; the
numbers are in its docstring):

1. bytes checked (empty, binary, huge, not HTML → a reason) and decoded: BOM, then UTF-8, then
   the declared charset, then charset_normalizer's guess;
2. trafilatura, precision-oriented and in fast mode; when that gives an implausibly short text,
   trafilatura again in full mode, which also consults its readability and jusText fallbacks;
3. page-aware repairs: paragraphs trafilatura cut at a link are restored from the page
   ("restore"), and paragraphs of the same container the article's paragraphs sit in are
   added when trafilatura skipped them ("siblings");
4. page-aware removals: the headline repeated as a first line ("title"), lines that are the whole
   text of a link ("link-lines"), lines that repeat an image's alt text or a figcaption
   ("captions");
5. :func:`bot.text.clean_text` (line shape and phrase families);
6. nothing left → why: a consent wall, a paywall, a script-only page, or no article.

Across articles of one site, :func:`strip_site_boilerplate` drops lines that recur (a
newsletter pitch, a standard disclaimer).
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from bot.text import clean_text

# Tags whose content is never article prose.
_DROP = {"script", "style", "iframe", "noscript", "object", "embed", "form", "button", "svg", "figure",
         "figcaption", "nav", "aside", "footer", "header", "template", "select", "video", "audio"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
          "table", "tr", "section", "article", "dd", "dt", "hr"}

def html_to_text(html: str) -> str:
    """Feed-supplied HTML → paragraphs of plain text; scripts, captions and embeds are dropped."""
    if "<" not in html:
        return clean_text(_unescape_plain(html))
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return clean_text(re.sub(r"<[^>]+>", " ", html))
    parts: list[str] = []
    _walk(root, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return clean_text(text.strip())


def _walk(node: etree._Element, out: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag.lower() in _DROP:
        if node.tail:
            out.append(node.tail)
        return
    block = tag.lower() in _BLOCK
    if block:
        out.append("\n\n")
    if node.text and isinstance(node.tag, str):
        out.append(node.text)
    for child in node:
        _walk(child, out)
    if block:
        out.append("\n\n")
    if node.tail:
        out.append(node.tail)


def _unescape_plain(text: str) -> str:
    import html as _html

    return _html.unescape(text)


# ---------------------------------------------------------------------------
# Article pages
# ---------------------------------------------------------------------------

MAX_PAGE_BYTES = 5_000_000  # an article page larger than this is not worth parsing
# Below this many non-space characters the fast pass is suspect and the full pass runs too.
PLAUSIBLE_CHARS = 500
# A text this short that talks of cookies or subscribing is the wall in front of the article.
WALL_WORDS = 40
# Page-level steps that can be switched off (for measuring each one).
PAGE_STEPS = ("fallback", "restore", "siblings", "title", "link-lines", "captions")

_BINARY_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"RIFF", "a RIFF file (WebP image or WAV audio)"), (b"OggS", "an Ogg audio/video file"),
    (b"ID3", "an MP3 file"), (b"\x1aE\xdf\xa3", "a WebM/Matroska video"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"wOFF", "a web font"),
)
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|main|section|h[1-6]|br|a\s|span|table)\b", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


@dataclass
class PageText:
    """What a page gave: clean text and the metadata it declared (any may be missing)."""

    text: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None


def extract_page(html: bytes | str, url: str | None = None) -> PageText | None:
    """Main text of an article page, or None when the page has no article we can find."""
    result = extract_page_or_reason(html, url)
    return result if isinstance(result, PageText) else None


def extract_page_or_reason(
    html: bytes | str,
    url: str | None = None,
    content_type: str | None = None,
    skip: frozenset[str] | set[str] = frozenset(),
) -> PageText | str:
    """Main text and metadata of an article page, or a sentence saying why there is none.

    ``content_type`` is the HTTP Content-Type header when there was one (its charset wins
    over the page's own declaration when the bytes are not UTF-8). ``skip`` names steps
    (PAGE_STEPS) and bot.text rule families (RULE_FAMILIES) to leave out, for measuring.
    """
    skip = frozenset(skip)
    problem = _not_a_page(content_type)
    if problem:
        return problem
    if isinstance(html, bytes):
        data = html
        if data[:2] == b"\x1f\x8b":
            try:
                data = _gunzip(data)
            except (OSError, EOFError, zlib.error):
                return "the page is broken gzip data"
        problem = _check_bytes(data)
        if problem:
            return problem
        markup = decode_html(data, _charset_of(content_type))
    else:
        markup = html
        if len(markup) > MAX_PAGE_BYTES:
            return f"the page is larger than {MAX_PAGE_BYTES:,} bytes"
        if "\x00" in markup[:4096]:
            return "not HTML: the content is binary"
        if not markup.strip():
            return "the page is empty"
        if not _HTML_HINT.search(markup[:65536].encode("utf-8", "ignore")):
            return "not HTML: the content has no HTML markup"
    tree = _parse(markup)
    if tree is None:
        return "not HTML: the content could not be parsed as an HTML page"

    text = _main_text(tree, url, skip)
    lines = text.split("\n") if text else []
    head = _Head(tree)
    if lines:
        lines = _page_repairs(tree, lines, skip)
        if "title" not in skip:
            lines = _drop_title_lines(lines, _titles(head))
        lines = _drop_links_and_captions(tree, lines, skip)
        text = clean_text("\n".join(lines), skip)
    if not text or (text.count(" ") < WALL_WORDS and (_PAYWALL.search(text) or _CONSENT.search(text))):
        return _why_no_text(tree)
    meta = _metadata(head, tree, url)
    return PageText(text=text, title=meta.get("title"), author=meta.get("author"),
                    published=meta.get("published"), language=meta.get("language"))


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


def _parse(markup: str) -> Any:
    markup = _XML_DECL.sub("", markup, count=1)
    try:
        tree = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None
    return tree if tree is not None and len(tree) else None


def _trafilatura(tree: Any, url: str | None, fast: bool) -> str:
    try:
        doc = trafilatura.bare_extraction(tree, url=url, fast=fast, favor_precision=True,
                                          include_comments=False, include_tables=True, with_metadata=False)
    except Exception:  # trafilatura raises assorted errors on broken documents
        return ""
    if isinstance(doc, dict):  # trafilatura before 2.0 returned a dict
        return doc.get("text") or ""
    return (getattr(doc, "text", None) or "") if doc is not None else ""


def _main_text(tree: Any, url: str | None, skip: frozenset) -> str:
    """trafilatura's fast precision pass; its full pass only when the first looks implausible."""
    text = _trafilatura(tree, url, fast=True)
    if "fallback" not in skip and _chars(text) < PLAUSIBLE_CHARS:
        second = _trafilatura(tree, url, fast=False)
        if _chars(second) > _chars(text):
            text = second
    return text


def _chars(text: str) -> int:
    return len(text) - text.count(" ") - text.count("\n")


# -- page-aware repairs ----------------------------------------------------------------------

_KEY = re.compile(r"\W+")
_N = 24  # characters of a paragraph's key used to find it again
_SENTENCE_END = tuple(".!?…\"'”’»)")
_SKIP_TAGS = {"script", "style", "noscript", "template"}


def _key(text: str) -> str:
    """Letters and digits only, lower case: survives trafilatura's spacing and soft hyphens."""
    return _KEY.sub("", text).lower()


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Paragraphs:
    """The page's <p> elements, each cut at <br> into segments findable by the start or end of their key."""

    def __init__(self, tree: Any):
        self.paras: list[tuple[Any, str]] = []
        self.segs: list[tuple[int, str]] = []
        self.by_start: dict[str, list[int]] = {}
        self.by_end: dict[str, list[int]] = {}
        self._keys: dict[int, str] = {}
        for p in tree.iter("p"):
            segments = _segments(p)
            if not segments:
                continue
            index = len(self.paras)
            self.paras.append((p, " ".join(segments)))
            for text in segments:
                start, end = _key(text[:120])[:_N], _key(text[-120:])[-_N:]
                if len(start) < _N or len(end) < _N:  # short, or mostly punctuation at an end
                    key = _key(text)
                    if len(key) < _N:
                        continue
                    start, end = key[:_N], key[-_N:]
                self.by_start.setdefault(start, []).append(len(self.segs))
                self.by_end.setdefault(end, []).append(len(self.segs))
                self.segs.append((index, text))

    def key(self, i: int) -> str:
        if i not in self._keys:
            self._keys[i] = _key(self.segs[i][1])
        return self._keys[i]

    def find(self, line: str, used: set[int]) -> tuple[int | None, str]:
        """The segment this output line came from (an unused one first), and the line's key."""
        key = _key(line)
        if len(key) < _N:
            return None, key
        found = None
        for i in self.by_start.get(key[:_N], []) + self.by_end.get(key[-_N:], []):
            seg = self.key(i)
            if key in seg or (len(seg) >= len(key) and key[:_N] in seg and key[-_N:] in seg):
                if i not in used:
                    return i, key
                found = i if found is None else found
        return found, key


def _segments(p: Any) -> list[str]:
    if p.find(".//br") is None:  # the common case, done in C
        text = _norm(etree.tostring(p, method="text", encoding=str, with_tail=False))
        return [text] if text else []
    segments: list[str] = []
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br":
            segments.append("".join(parts))
            parts.clear()
        elif el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(p)
    segments.append("".join(parts))
    return [s for s in map(_norm, segments) if s]


def _signature(el: Any, depth: int = 4) -> tuple:
    """Tags and classes of the nearest ancestors: paragraphs of one article body share it."""
    out = []
    for parent in el.iterancestors():
        out.append((parent.tag, parent.get("class", "")))
        if len(out) >= depth:
            break
    return tuple(out)


def _page_repairs(tree: Any, lines: list[str], skip: frozenset) -> list[str]:
    """Restore paragraphs trafilatura cut at a link; add skipped paragraphs of the article's container.

    restore: in precision mode trafilatura sometimes drops a link's text, or everything after
    it, from a paragraph; the page's own paragraph replaces the damaged line.
    siblings: a paragraph the extraction skipped is added (in page order) when it sits in the
    same container as at least two extracted paragraphs (same ancestor tags and classes),
    reads like prose (12+ words, ends like a sentence) and is not mostly link text.
    """
    do_restore, do_siblings = "restore" not in skip, "siblings" not in skip
    if not (do_restore or do_siblings):
        return lines
    paras = _Paragraphs(tree)
    out: list[tuple[str, int | None]] = []
    used: set[int] = set()
    previous = None
    for line in lines:
        i, key = paras.find(line, used)
        if i is None:
            out.append((line, None))
            previous = None
            continue
        para, full = paras.segs[i]  # paragraph index, segment text
        if do_restore and len(paras.key(i)) > len(key):
            if previous == i:
                continue  # a second piece of a segment already restored whole
            line = full
        used.add(i)
        previous = i
        out.append((line, para))
    if not do_siblings:
        return [line for line, _ in out]
    present = {p for _, p in out if p is not None}
    shared = Counter(_signature(paras.paras[p][0]) for p in present if paras.paras[p][1].count(" ") >= 4)
    containers = {sig for sig, n in shared.items() if n >= 2}
    if not containers:
        return [line for line, _ in out]
    position = {p: n for n, (_, p) in enumerate(out) if p is not None}
    inserts: dict[int, list[str]] = {}
    last = -1
    for p, (el, text) in enumerate(paras.paras):
        if p in position:
            last = position[p]
            continue
        if text.count(" ") < 11 or not text.endswith(_SENTENCE_END) or _signature(el) not in containers:
            continue
        links = sum(len(_norm(a.text_content())) for a in el.iter("a"))
        if links > len(text) / 2:
            continue
        inserts.setdefault(last, []).append(text)
    result = list(inserts.get(-1, []))
    for n, (line, _) in enumerate(out):
        result.append(line)
        result.extend(inserts.get(n, []))
    return result


# -- page-aware removals ---------------------------------------------------------------------

_BULLET = re.compile(r"^[-–—•*·]\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—\-:·•»]\s+")


def _titles(head: "_Head") -> list[str]:
    """The page's headline as its metadata, <title> and first <h1> give it (lower case)."""
    found: list[str] = []
    for value in (head.meta.get("og:title"), head.meta.get("twitter:title"), head.title, head.h1):
        value = _norm(value or "")
        if value:
            found.append(value.lower())
            # "Headline - Site Name": the parts as well
            found.extend(part.lower() for part in _TITLE_SEPARATORS.split(value) if len(part) >= 15)
    return found


def _drop_title_lines(lines: list[str], titles: list[str]) -> list[str]:
    """The headline repeated as one of the first lines goes (it is shown apart from the text)."""
    if not titles:
        return lines
    out, seen = [], 0
    for line in lines:
        norm = _norm(line).lower()
        if norm:
            seen += 1
        if norm and seen <= 3 and norm.count(" ") < 30 and any(
            norm == t or (len(norm) >= 15 and norm in t) for t in titles
        ):
            continue
        out.append(line)
    return out


def strip_title(text: str, title: str | None) -> str:
    """Feed text without its first lines when they only repeat the entry's title."""
    if not title or not text:
        return text
    return "\n".join(_drop_title_lines(text.split("\n"), [_norm(title).lower()]))


def _drop_links_and_captions(tree: Any, lines: list[str], skip: frozenset) -> list[str]:
    """Lines that are the whole text of one link (a related headline), or an image's caption.

    link-lines: the line (bullet aside) equals a link's text, has 2+ words and does not end
    like a sentence; a URL written out as text stays. captions: the line repeats an <img>'s alt
    text (3+ words) or a <figcaption>.
    """
    anchors: set[str] = set()
    captions: set[str] = set()
    if "link-lines" not in skip:
        for a in tree.iter("a"):
            text = _norm(a.text_content())
            if " " in text:
                anchors.add(text)
    if "captions" not in skip:
        for img in tree.iter("img"):
            alt = _norm(img.get("alt") or "")
            if alt.count(" ") >= 2:
                captions.add(alt.lower())
        for cap in tree.iter("figcaption"):
            text = _norm(cap.text_content())
            if text:
                captions.add(text.lower())
    if not anchors and not captions:
        return lines
    out = []
    for line in lines:
        norm = _BULLET.sub("", _norm(line))
        if norm in anchors and not norm.endswith(_SENTENCE_END) and not norm.startswith(("http", "www.")):
            continue
        if norm.lower() in captions:
            continue
        out.append(line)
    return out


# -- why a page has no text ------------------------------------------------------------------

_CONSENT = re.compile(r"\b(?:cookies?|consent|gdpr|privacy (?:settings|preferences|choices)|accept all"
                      r"|agree and (?:continue|proceed)|manage (?:preferences|options)|tracking technologies)\b", re.I)
_PAYWALL = re.compile(r"\b(?:subscribe (?:now |today )?to (?:continue|read|keep reading|unlock)"
                      r"|(?:subscribers?|members?) only|already a (?:subscriber|member)|to continue reading"
                      r"|create a free account|log ?in to (?:continue|read)|sign in to (?:continue|read)"
                      r"|exclusive (?:for|to) subscribers|paywall|premium content|assine para (?:continuar|ler)"
                      r"|conteúdo exclusivo para assinantes)\b", re.I)


def _why_no_text(tree: Any) -> str:
    body = tree.find("body")
    root = body if body is not None else tree
    visible = _norm(" ".join(t for t in root.xpath(".//text()[not(ancestor::script) and not(ancestor::style)"
                                                   " and not(ancestor::noscript) and not(ancestor::template)]")))
    if _PAYWALL.search(visible):
        return "a paywall: the page asks to subscribe or log in and shows no article text"
    if _CONSENT.search(visible):
        return "a consent wall: the page shows a cookie or privacy notice and no article text"
    if len(visible) < 200 and len(tree.xpath("//script")) >= 3:
        return "no article text: the page is built by JavaScript"
    return "no article text found on the page"


# -- metadata --------------------------------------------------------------------------------

class _Head:
    """What a page declares about itself, gathered in one pass: <meta> tags (by name, property,
    itemprop and http-equiv, lower case), the <title>, the first <h1>, <time datetime> values and
    JSON-LD blocks."""

    def __init__(self, tree: Any):
        self.meta: dict[str, str] = {}
        self.title: str | None = None
        self.h1: str | None = None
        self.times: list[str] = []
        self.json_ld: list[str] = []
        for el in tree.iter("meta", "title", "h1", "time", "script"):
            tag = el.tag
            if tag == "meta":
                content = el.get("content")
                if content:
                    for attr in ("property", "name", "itemprop", "http-equiv"):
                        for token in (el.get(attr) or "").lower().split():
                            self.meta.setdefault(token, content)
            elif tag == "title":
                self.title = self.title or _norm(el.text_content()) or None
            elif tag == "h1":
                self.h1 = self.h1 or _norm(el.text_content()) or None
            elif tag == "time":
                if el.get("datetime"):
                    self.times.append(el.get("datetime"))
            elif (el.get("type") or "").lower() == "application/ld+json" and el.text:
                self.json_ld.append(el.text)
        self.html_lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")


_META_TITLE = ("og:title", "twitter:title")
_META_AUTHOR = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_META_DATE = ("article:published_time", "og:published_time", "article:published", "datepublished",
              "parsely-pub-date", "sailthru.date", "pubdate", "publishdate", "publish-date", "date",
              "dc.date", "dc.date.issued", "dcterms.created", "dcterms.issued")
_AUTHOR_MARKUP = ('//*[@itemprop="author"]//*[@itemprop="name"]', '//*[@itemprop="author"]', '//*[@rel="author"]')
_LANG_CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[-_]|$)")


def _metadata(head: _Head, tree: Any, url: str | None = None) -> dict[str, Any]:
    """Title, author, date and language as the page declares them: meta tags, JSON-LD, markup
    (a date in the URL's path as the last resort).

    Cheap on purpose (one pass over the tags that carry them, no date guessing from the text):
    the pipeline has the feed's own date and title, and this runs for thousands of pages.
    """
    ld = _json_ld(head.json_ld)
    title = _first_value(head.meta, _META_TITLE) or head.h1 or head.title or _text(ld.get("headline"))
    author = _author(ld.get("author")) or _first_value(head.meta, _META_AUTHOR, words=8)
    if author is None:  # markup only: <span itemprop="author">, <a rel="author">
        for xpath in _AUTHOR_MARKUP:
            author = next(filter(None, (_first_value({"a": h.text_content()}, "a", 8) for h in tree.xpath(xpath)[:3])), None)
            if author:
                break
    if author and author.startswith(("http://", "https://")):
        author = None
    published = _date(_text(ld.get("datePublished")))
    for value in [head.meta.get(name) for name in _META_DATE] + head.times:
        if published is None and value:
            published = _date(value)
    language = None
    for value in (head.html_lang, head.meta.get("content-language"), ld.get("inLanguage"), head.meta.get("og:locale")):
        if isinstance(value, str) and _LANG_CODE.match(value.strip()):
            language = value.strip().replace("_", "-")
            break
    return {"title": title, "author": author, "published": published or _url_date(url), "language": language}


def _first_value(meta: dict[str, str], names: Sequence[str] | str, words: int = 40) -> str | None:
    for name in [names] if isinstance(names, str) else names:
        value = _norm(meta.get(name) or "")
        if value and value.count(" ") < words:
            return value
    return None


def _url_date(url: str | None) -> datetime | None:
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return datetime(*map(int, match.groups()), tzinfo=timezone.utc)
    except ValueError:
        return None


def _json_ld(blocks: list[str]) -> dict[str, Any]:
    """The first schema.org article object in the page's JSON-LD blocks, or {}."""
    for block in blocks[:10]:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "Report")) for k in kinds):
                    return item
                graph = item.get("@graph")
                if graph:
                    stack.extend(graph if isinstance(graph, list) else [graph])
    return {}


def _text(value: Any) -> str | None:
    return (_norm(value) or None) if isinstance(value, str) else None


def _author(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_author(v) for v in value[:4]) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")


def word_count(text: str) -> int:
    """Words separated by spaces; in Chinese, Japanese and Thai (written without spaces) every two
    characters count as a word, so a page in those languages is not judged shorter than a teaser."""
    unspaced = len(_UNSPACED.findall(text))
    return len(text.split()) + unspaced // 2 if unspaced else len(text.split())


# ---------------------------------------------------------------------------
# Repetition across the articles of one site
# ---------------------------------------------------------------------------


def site_boilerplate(texts: Sequence[str], min_articles: int = 2) -> set[str]:
    """Lines (normalised) that recur in at least ``min_articles`` different articles of one site.

    Articles that share most of their lines (two versions of one story, a live blog fetched
    twice) count as one, so an updated story does not erase itself. Pure.
    """
    docs = [{_line_key(line) for line in text.split("\n")} - {""} for text in texts]
    groups: list[set[str]] = []
    for lines in docs:
        if not lines:
            continue
        for group in groups:
            if len(lines & group) > min(len(lines), len(group)) / 2:
                group |= lines  # a near-duplicate of an article already seen
                break
        else:
            groups.append(set(lines))
    counts = Counter(key for group in groups for key in group)
    return {key for key, n in counts.items() if n >= min_articles}


def strip_site_boilerplate(texts: Sequence[str], reference: Sequence[str] = (), min_articles: int = 2) -> list[str]:
    """Each text without the lines that recur across the site's articles (see site_boilerplate).

    ``reference``: more texts from the same site (e.g. earlier articles) that only help to
    find the recurring lines. A text that would lose everything is returned unchanged.
    """
    recurring = site_boilerplate([*texts, *reference], min_articles)
    if not recurring:
        return list(texts)
    out = []
    for text in texts:
        kept = [line for line in text.split("\n") if _line_key(line) not in recurring]
        cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
        out.append(cleaned if cleaned else text)
    return out


def _line_key(line: str) -> str:
    key = _norm(line).lower()
    return key if any(c.isalnum() for c in key) else ""
