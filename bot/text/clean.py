"""Cleaning text with the boilerplate rules: one line at a time, and whole texts."""

from __future__ import annotations

import re

from bot.text.boilerplate import (
    _CTA_FAMILIES,
    _HEADER_FAMILIES,
    _INLINE_JUNK,
    _SHELF,
    _TRAILING_HINT,
    _TRAILING_PROMPT,
    _needed,
    _Rulebook,
    _rulebook,
)
from bot.text.furniture import cut_furniture, list_family
from bot.text.sentences import split_sentences

__all__ = ["clean_line", "clean_text", "is_boilerplate"]

def clean_line(line: str, skip: frozenset[str] = frozenset()) -> str:
    """One line or sentence with spaces normalised and inline junk cut, or "" if it is boilerplate.

    The per-line rules of clean_text without its paragraph-level steps, for text already
    split into sentences (the summariser). A teaser ending in "Read more" keeps its text if that text ends like a
    sentence; a bare link title ("New space race Read more") goes entirely.
    ``skip`` names rule families to leave out (see RULE_FAMILIES; for measuring). Furniture glued
    to the text (bot.text.furniture) is cut first; pieces it leaves are joined by a space (callers
    that must keep them apart, as clean_text and the summariser's screen, cut whole lines first).
    """
    pieces = cut_furniture(line, skip)
    if len(pieces) == 1:  # (nearly every line)
        return _match(pieces[0], skip)[0]
    return " ".join(k for k in (_match(piece, skip)[0] for piece in pieces) if k)


def _match(line: str, skip: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """(kept line or "", family of the rule that removed it)."""
    if "  " in line or not line.isprintable() or line[:1] == " " or line[-1:] == " ":
        line = " ".join(line.split())  # (isprintable is False for tabs, breaks and odd spaces)
    low = line.lower()
    end = low[-40:] if len(low) == len(line) else None  # (lower-casing can lengthen: "İ" becomes two characters)
    if "inline" not in skip and ("continue reading" in low or "scroll" in low):
        line = _INLINE_JUNK.sub(" ", line).strip()
        end = None
    if "trailing-prompt" not in skip and _TRAILING_HINT.search(line[-40:].lower() if end is None else end):
        prompt = _TRAILING_PROMPT.search(line, max(0, len(line) - 40))
        if prompt:
            line = line[:prompt.start()].rstrip()
            if not line.endswith(_SENTENCE_END):
                return "", "trailing-prompt"
    if not (line[:1].isalnum() or any(c.isalnum() for c in line)):
        return "", "empty"
    book = _rulebook(skip, _SHELF[min(line.count(" ") + 1, len(_SHELF) - 1)])
    if not _any_rule(book, line, low):
        listed = list_family(line) if line.count(",") >= 5 or line.count(";") + line.count("|") >= 2 else None
        if listed and listed not in skip:
            return "", listed
        return line, None
    family = next(rule.family for rule in book.rules if _needed(rule, low) and rule.pattern.match(line))
    return "", family


def _any_rule(book: _Rulebook, line: str, low: str) -> bool:
    """Does any rule of ``book`` match ``line`` (``low``: it in lower case)? The unguarded rules only
    where a band's alternation says maybe, a guarded one only where one of its strings is in the line.
    Plain loops: this runs for every sentence, and a generator per rule cost more than the tests."""
    for band in book.any_unguarded:
        if band.match(line):
            if any(rule.pattern.match(line) for rule in book.unguarded):
                return True
            break
    if book.any_need is None or not book.any_need.search(low):
        return False
    for rule in book.guarded:
        for need in rule.needs:
            if need in low:
                if rule.pattern.match(line):
                    return True
                break
    return False


_SENTENCE_END = tuple(".!?…\"'”’»)]")
_HEADLINE_END = tuple(".!?…:;")


def is_boilerplate(sentence: str, skip: frozenset[str] = frozenset()) -> bool:
    """True if the sentence/line is page furniture rather than article text.

    Used per line by clean_text and per sentence by the summariser, so the
    rules live in one place.
    """
    return not clean_line(sentence, skip)


# Words one of the _CTA_FAMILIES rules needs; a paragraph without any is not split.
_CTA_HINT = re.compile(r"subscri|sign(?:ing)? up|newsletter|follow|siga|síg|suivez|folgen|like us|curta|download"
                       r"|baixe|comment|coment|think|conversation|discussion|share|compart|partag|teilen"
                       r"|whatsapp|facebook|twitter|e-?mail|assine|cadastr|inscreva|receba|alert")


def _cta_paragraph(line: str, skip: frozenset[str]) -> bool:
    """A short paragraph that ends in a call to action is a promotion as a whole.

    "Get the latest updates right in your inbox. Subscribe to our newsletters."
    Only paragraphs of two or three sentences (and at most 60 words) are judged,
    and only by the families in _CTA_FAMILIES, applied to the last sentence.
    """
    # Searched in lower case: the same answers as IGNORECASE, and faster.
    if line.count(" ") >= 60 or not _CTA_HINT.search(line.lower()):
        return False
    sentences = split_sentences(line)
    if not 2 <= len(sentences) <= 3:
        return False
    kept, family = _match(sentences[-1], skip)
    return not kept and family in _CTA_FAMILIES


def _headline_shaped(line: str) -> bool:
    """A link title: at most 20 words and no sentence punctuation at its end."""
    return line.count(" ") < 20 and not line.rstrip("\"'”’»)] ").endswith(_HEADLINE_END)


def _lines(text: str, skip: frozenset[str]) -> list[str]:
    """The text's lines with glued-on furniture cut; junk in mid-line leaves the pieces on lines of their own."""
    out: list[str] = []
    for raw in text.splitlines():
        if not raw.strip():
            out.append(raw)
            continue
        out.extend(cut_furniture(raw, skip))  # nothing left: the line goes, as a boilerplate line does
    return out


def clean_text(text: str, skip: frozenset[str] = frozenset()) -> str:
    """Drop boilerplate lines from extracted article or feed text.

    Paragraph separators are kept ("\\n" stays "\\n", a blank line stays one
    blank line); blank lines left around removed lines collapse to one.
    Besides the per-line rules: a short paragraph ending in a call to action
    goes whole ("cta-sentence"), and a lone list header ("Related", "Don't
    miss") takes the run of headline-shaped lines under it along ("related-run").
    ``skip`` names rule families to leave out (for measuring each one).
    """
    skip = frozenset(skip)
    out: list[str] = []
    in_list = False
    for raw in _lines(text, skip):
        if not raw.strip():
            if out and out[-1]:
                out.append("")  # paragraph break
            continue
        line, family = _match(raw, skip)
        if line and in_list and _headline_shaped(line):
            continue
        in_list = False
        if not line:
            if family in _HEADER_FAMILIES and "related-run" not in skip:
                in_list = len(raw.strip(" \t:|»›>→-–—…").split()) <= 3
            continue
        if "cta-sentence" not in skip and _cta_paragraph(line, skip):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
