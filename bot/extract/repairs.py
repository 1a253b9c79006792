"""Page-aware repairs and removals: the page itself corrects what trafilatura returned."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from lxml import etree

# -- page-aware repairs ----------------------------------------------------------------------

_WORD_RUN = re.compile(r"\w+")  # joined: the text without its \W runs (a fifth faster than re.sub)
_N = 24  # characters of a paragraph's key used to find it again
_SENTENCE_END = tuple(".!?…\"'”’»)")
_SKIP_TAGS = {"script", "style", "noscript", "template"}


# ASCII bytes that are not \w (in ASCII, \w is exactly letters, digits and "_"): deleted in C.
_ASCII_NON_WORD = bytes(b for b in range(128) if not (chr(b).isalnum() or b == ord("_")))


def _key(text: str) -> str:
    """Letters and digits only, lower case: survives trafilatura's spacing and soft hyphens."""
    if text.isascii():  # most lines: the same string by bytes.translate, several times faster
        return text.encode("ascii").translate(None, _ASCII_NON_WORD).decode("ascii").lower()
    return "".join(_WORD_RUN.findall(text)).lower()


def _norm(text: str) -> str:
    """Runs of whitespace as one space, none at the ends. Most texts are so already: a printable text
    (whose only whitespace is " ") without two spaces together or one at an end is returned as it is."""
    if "  " not in text and text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


class _Paragraphs:
    """The page's <p> elements, each cut at <br> into segments findable by the start or end of their key."""

    def __init__(self, tree: Any):
        self.paras: list[tuple[Any, str]] = []
        self.segs: list[tuple[int, str]] = []
        self.by_start: dict[str, list[int]] = {}
        self.by_end: dict[str, list[int]] = {}
        self._keys: dict[str, str] = {}  # text -> _key(text): a line is mostly a segment's text again
        for p in tree.iter("p"):
            segments = _segments(p)
            if not segments:
                continue
            index = len(self.paras)
            self.paras.append((p, " ".join(segments)))
            for text in segments:
                start, end = _ends(text)
                if len(start) < _N or len(end) < _N:  # short, or mostly punctuation at an end
                    key = _key(text)
                    if len(key) < _N:
                        continue
                    start, end = key[:_N], key[-_N:]
                self.by_start.setdefault(start, []).append(len(self.segs))
                self.by_end.setdefault(end, []).append(len(self.segs))
                self.segs.append((index, text))

    def key(self, i: int) -> str:
        return self._key(self.segs[i][1])

    def _key(self, text: str) -> str:
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = _key(text)
        return key

    def find(self, line: str, used: set[int]) -> tuple[int | None, str]:
        """The segment this output line came from (an unused one first), and the line's key."""
        key = self._key(line)
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


def _ends(text: str) -> tuple[str, str]:
    """``_key(text[:120])[:_N]`` and ``_key(text[-120:])[-_N:]``, from 40 characters at each end when
    those give _N letters and digits in ASCII: the key drops characters one by one, so the key of a
    prefix is a prefix of the key (a suffix likewise), and ASCII lower-cases alike in any context."""
    start, end = text[:40], text[-40:]
    if start.isascii() and end.isascii():
        head = start.encode("ascii").translate(None, _ASCII_NON_WORD)
        tail = end.encode("ascii").translate(None, _ASCII_NON_WORD)
        if len(head) >= _N and len(tail) >= _N:
            return head[:_N].decode("ascii").lower(), tail[-_N:].decode("ascii").lower()
    return _key(text[:120])[:_N], _key(text[-120:])[-_N:]


def _segments(p: Any) -> list[str]:
    if next(p.iterdescendants("br"), None) is None:  # the common case, done in C (find(".//br") walks in Python)
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


#: At most this many words above the headline line are taken for page furniture (see _drop_title_lines).
ABOVE_TITLE_WORDS = 80


def _drop_title_lines(lines: list[str], titles: list[str], above: bool = False) -> list[str]:
    """The headline repeated as one of the first lines goes (it is shown apart from the text).

    With ``above``, a few short lines before it go too: the article starts at its headline, so what
    an extraction put above it (a sidebar's teaser, a "Now available" banner; under
    ABOVE_TITLE_WORDS words in all) is the page around the article, not its text.
    """
    if not titles:
        return lines
    out: list[str] = []
    seen = 0
    for k, line in enumerate(lines):
        if seen >= 3:  # past the third line with text: the rest stays as it is
            out.extend(lines[k:])
            break
        norm = _norm(line).lower()
        if norm:
            seen += 1
        if norm and seen <= 3 and norm.count(" ") < 30 and any(
            norm == t or (len(norm) >= 15 and norm in t) for t in titles
        ):
            if above and seen > 1 and sum(len(x.split()) for x in out) < ABOVE_TITLE_WORDS:
                out = []
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
    norms = [_BULLET.sub("", _norm(line)) for line in lines]
    anchors: set[str] = set()
    captions: set[str] = set()
    if "link-lines" not in skip:
        # Only the few lines shaped like a link's text are looked for, so a link's text is
        # normalised only when it holds the longest word of one of them.
        wanted = {norm for norm in norms if " " in norm and not norm.endswith(_SENTENCE_END)
                  and not norm.startswith(("http", "www."))}
        words = {max(norm.split(), key=len) for norm in wanted}
        for a in tree.iter("a") if wanted else ():
            raw = etree.tostring(a, method="text", encoding=str, with_tail=False)  # its text_content(), in C
            for word in words:
                if word in raw:
                    text = _norm(raw)
                    if text in wanted:
                        anchors.add(text)
                    break
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
    return [line for line, norm in zip(lines, norms) if norm not in anchors and norm.lower() not in captions]
