"""Article text: the main text of a page (trafilatura), or the feed's own HTML turned into clean text.

Both paths end in :func:`bot.text.clean_text`, so boilerplate lines ("Read more:", "Sign up",
share rows, photo credits) are dropped whichever way the text arrived.

A page goes through these steps (benchmarks/extraction_quality.py measures each one):

1. bytes checked (empty, binary, huge, not HTML → a reason) and decoded: BOM, then UTF-8, then
   the declared charset, then charset_normalizer's guess (``decode``);
2. trafilatura, precision-oriented and in fast mode; when that gives an implausibly short text,
   trafilatura again in full mode, which also consults its readability and jusText fallbacks
   (``passes``; the fast pass as trafilatura runs it, minus the copies and callbacks our options
   make useless: ``fastpass``);
3. page-aware repairs: paragraphs trafilatura cut at a link are restored from the page
   ("restore"), and paragraphs of the same container the article's paragraphs sit in are
   added when trafilatura skipped them ("siblings") (``repairs``);
4. page-aware removals: the headline repeated as a first line ("title"), lines that are the whole
   text of a link ("link-lines"), lines that repeat an image's alt text or a figcaption
   ("captions") (``repairs``);
5. :func:`bot.text.clean_text` (line shape and phrase families);
6. nothing left → why: a consent wall, a paywall, a script-only page, or no article (``why``).

Title, author, date and language come from what the page declares (``metadata``). Across
articles of one site, :func:`strip_site_boilerplate` drops lines that recur (a newsletter
pitch, a standard disclaimer) (``site``).
"""

from bot.extract.decode import MAX_PAGE_BYTES, decode_html
from bot.extract.html import html_to_text
from bot.extract.passes import (
    PAGE_STEPS,
    PLAUSIBLE_CHARS,
    WALL_WORDS,
    PageText,
    extract_page,
    extract_page_or_reason,
    more_words_than,
    word_count,
)
from bot.extract.repairs import strip_title
from bot.extract.site import site_boilerplate, strip_site_boilerplate

__all__ = [
    "MAX_PAGE_BYTES",
    "PAGE_STEPS",
    "PLAUSIBLE_CHARS",
    "WALL_WORDS",
    "PageText",
    "decode_html",
    "extract_page",
    "extract_page_or_reason",
    "html_to_text",
    "more_words_than",
    "site_boilerplate",
    "strip_site_boilerplate",
    "strip_title",
    "word_count",
]
