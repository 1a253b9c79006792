"""Feed teasers cut by length: the mark a feed leaves where it stopped copying its article's text.

A feed that carries only the start of an article ends its text with a cut mark: an ellipsis ("...",
"…", "[...]", "[…]") or, where the cut fell inside a multi-byte character, the replacement character
U+FFFD. What the mark means follows from what comes before it:

- after a finished sentence (". …", ".[...]") it is only a "more" sign, and goes;
- after an unfinished one the last sentence is cut: when the text says something before it, the
  fragment goes (the summary has whole sentences to show); when the fragment is all there is, it stays,
  cut back to its last whole word (a word the cut split is no word) and marked "…" as what it is.

Only the text's end is read: an ellipsis inside a text is the writer's ("C64, ZX Spectrum ... die").
"""

from __future__ import annotations

import re

__all__ = ["trim_cut"]

# The cut mark at the very end, and whatever space stands before it.
_CUT_MARK = re.compile(r"(\s*)(?:\[\s*(?:\.\s*){3}\]|\[…\]|(?:\.\s*){2,}\.|…|\ufffd+)\s*$")
# A sentence's end, closing quotes and brackets allowed after it.
_FINISHED = re.compile(r"[.!?。！？][\"'”’»)\]]*$")
# The last place a sentence ends and another begins, within the cut paragraph.
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_MIN_WORDS = 4  # a sentence that says something has a subject, a verb and what it is about
_LAST_BREAK = re.compile(r".*[.!?。！？][\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-ZÀ-ÝА-ЯЁ0-9])", re.S)


def trim_cut(text: str) -> str:
    """``text`` without its feed's cut mark, and without the fragment the cut left when whole sentences
    come before it (see the module's docstring)."""
    match = _CUT_MARK.search(text)
    if match is None:
        return text
    body = text[:match.start()]
    if not body.strip():
        return text
    if _FINISHED.search(body.rstrip()):
        return body.rstrip()
    head, sep, last = body.rpartition("\n")
    whole = _LAST_BREAK.match(last)
    kept = (head + sep + (whole.group(0) if whole else "")).rstrip()
    if _says_something(kept):
        return kept
    fragment = last[whole.end():] if whole else last
    if (not match.group(1) or "\ufffd" in match.group(0)) and len(fragment.split()) > 1:
        fragment = fragment.rsplit(None, 1)[0]  # the word the cut split
    return ((kept + " ") if kept else "") + fragment.rstrip(" ,;:—–-") + "…"


def _says_something(kept: str) -> bool:
    """Whether the whole sentences before a cut say something: words outside brackets (an aside such as
    "(Photo: agency)" says nothing of the story)."""
    return len(_BRACKETED.sub(" ", kept).split()) >= _MIN_WORDS
