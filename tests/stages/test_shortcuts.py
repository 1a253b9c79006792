"""Shortcuts in bot.extract and bot.text.furniture give what the plain steps give.

bot.extract.fastpass and trafilatura's own fast precision pass: the same elements pruned as its XPath
expressions find, and the same text as ``bare_extraction``, on written pages that exercise every prune
and on the extraction benchmark's dev pages. The repairs' paragraph keys from a paragraph's ends. The
substring tests in front of two furniture cuts skip only lines their regexes cannot match.
"""

from __future__ import annotations

import gzip
import re

import pytest
import trafilatura
import trafilatura.xpaths as xp

from bot.extract import fastpass, passes, repairs
from bot.text import furniture

PROSE = ("The council met on Monday to discuss the new bridge over the river, which has been closed for repairs "
         "since the storm in the spring, officials said. ")
PARA = f"<p>{PROSE * 2}</p>"


def page(body: str) -> str:
    return f"<html><head><title>The bridge</title></head><body><h1>The bridge</h1>{body}</body></html>"


# Every branch of the prunes: ids and classes that match and nearly match, lists, nested matches,
# an infinite-scroll container holding the headline (kept) and one holding an appended article (dropped).
PRUNED = page(
    f"<article><div class='story'>{PARA}{PARA}{PARA}</div>"
    f"<div id='infinite-scroll'><h1>Next story</h1>{PARA}</div>"
    f"<section class='mvp-post-add-box'><h1>Another</h1>{PARA}</section>"
    f"<aside class='x infinitescroll'>{PARA}</aside>"
    f"<div class='elementor-share-buttons'>Share this {PARA}</div>tail text after the share row."
    f"<div id='comments'><p>Great article, thanks for writing it all up so clearly and at such length.</p></div>"
    f"<section class='article-comments'>{PARA}</section>"
    f"<ul id='commentlist'><li>{PROSE}</li></ul><ol class='comment-list'><li>{PROSE}</li></ol>"
    f"<ul id='disqus_thread'><li>{PROSE}</li></ul><div id='disqus_thread'>{PARA}</div>"
    f"<div id='commentary'>{PARA}</div><div class='Comment'><div class='comment'>{PARA}</div></div>"
    f"<details class='comment-box'>{PARA}</details><dl class='comments'><dt>A</dt><dd>{PROSE}</dd></dl>"
    f"<div id='infinite-scroll-2'>{PARA}</div>{PARA}</article>"
)


# The fast pass mirrors trafilatura's own steps for the versions in MIRRORED; on any other the product
# falls back to bare_extraction (see the test below) and these comparisons have nothing to compare.
mirrored = pytest.mark.skipif(trafilatura.__version__ not in fastpass.MIRRORED,
                              reason=f"trafilatura {trafilatura.__version__} is not one fastpass mirrors: "
                                     "compare its trafilatura_sequence with bot/extract/fastpass.py, then add it")


def trees(html: str) -> object:
    tree = passes._parse(html)
    passes._drop_inert(tree)
    return tree


@mirrored
@pytest.mark.parametrize(("mine", "theirs"), [
    (fastpass.raw_prune, xp.RAW_TREE_PRUNE_XPATH[0]),
    (fastpass.share_prune, xp.RAW_TREE_PRUNE_XPATH[1]),
    (fastpass.comments_and_lists, xp.REMOVE_COMMENTS_AND_LISTS_XPATH[0]),
    (fastpass.comments, xp.REMOVE_COMMENTS_XPATH[0]),
])
def test_each_prune_finds_what_trafilaturas_xpath_finds(mine, theirs):
    tree = trees(PRUNED)
    found = mine(tree)
    assert found, "the page is written to match every prune"
    assert found == theirs(tree)
    assert len(xp.RAW_TREE_PRUNE_XPATH) == 2  # the sequence mirrored


@mirrored
def test_the_comment_prune_after_conversion_finds_lists_as_trafilaturas_xpath_does():
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    options = passes._options(None, fast=True)
    converted = convert_tags(tree_cleaning(trees(PRUNED), options), options, None)
    found = fastpass.comments(converted)
    assert any(el.tag == "list" for el in found)
    assert found == xp.REMOVE_COMMENTS_XPATH[0](converted)


def _same_as_bare_extraction(html: str, url: str = "https://example.com/a") -> str:
    tree = trees(html)
    options = passes._options(url, fast=True)
    assert fastpass.usable(options)
    mine = fastpass.fast_text(tree, options)
    doc = trafilatura.bare_extraction(tree, options=passes._options(url, fast=True))
    assert mine == (doc.text or "" if doc is not None else "")
    return mine or ""


@mirrored
def test_the_text_is_bare_extractions_and_the_tree_is_left_as_it_was():
    tree = trees(PRUNED)
    before = len(list(tree.iter()))
    text = _same_as_bare_extraction(PRUNED)
    assert "council met on Monday" in text and "Great article" not in text
    fastpass.fast_text(tree, passes._options(None, fast=True))
    assert len(list(tree.iter())) == before


@mirrored
def test_a_page_with_no_article_gives_nothing_as_bare_extraction_does():
    assert _same_as_bare_extraction(page("<div><a href='/'>Home</a></div>")) == ""


@mirrored
def test_a_forum_thread_is_left_to_bare_extraction():
    tree = passes._parse(page('<script type="application/ld+json">{"@type": "DiscussionForumPosting"}</script>' + PARA))
    assert fastpass.fast_text(tree, passes._options(None, fast=True)) is None


def test_the_fast_pass_runs_only_on_a_trafilatura_it_mirrors():
    mirrors = trafilatura.__version__ in fastpass.MIRRORED
    assert fastpass.usable(passes._options(None, fast=True)) == mirrors  # else bare_extraction does the work


def test_other_options_are_not_taken():
    options = passes._options(None, fast=False)
    assert not fastpass.usable(options)


@mirrored
def test_the_dev_pages_give_bare_extractions_text(shared_data):
    pages = sorted((shared_data / "extraction_article_benchmark" / "html").glob("*.html.gz"))
    assert len(pages) > 50
    nonempty = 0
    for path in pages:
        markup, problem = passes.page_markup(gzip.decompress(path.read_bytes()), None)
        assert problem is None
        nonempty += bool(_same_as_bare_extraction(markup, "https://example.com/" + path.name[:12]))
    assert nonempty > len(pages) * 0.9


@pytest.mark.parametrize("text", [
    "A plain sentence that is long enough to give both keys from its ends, as most paragraphs are.",
    "Short one.",
    "— “Quoted,” she said — ... !!! and then, after a great deal of punctuation ... the end, of it all.",
    "ΟΔΥΣΣΕΥΣ ΚΑΙ ΠΗΝΕΛΟΠΗ ΣΤΗΝ ΙΘΑΚΗ ΜΕΤΑ ΑΠΟ ΠΟΛΛΑ ΧΡΟΝΙΑ ΤΑΞΙΔΙΩΝ ΣΤΗ ΘΑΛΑΣΣΑ ΚΑΙ ΠΟΛΕΜΩΝ ΣΤΗΝ ΤΡΟΙΑ ΣΑΣ",
    "İSTANBUL'DA BÜYÜK BİR TOPLANTI YAPILDI VE BİNLERCE KİŞİ KATILDI; ŞEHİR MERKEZİ KAPANDI DİYE İSTANBUL",
    "Mixed ascii start then Straße and ΣΟΦΙΑ near the end, ending here: ΟΔΟΣ ΑΘΗΝΑΣ ΚΑΙ ΠΕΙΡΑΙΩΣ ΤΕΛΟΣ",
    "x" * 30 + " " + "é" * 30 + " " + "y" * 10,
    "12345678901234567890123 " + "." * 60 + " 98765432109876543210987",
])
def test_paragraph_keys_from_the_ends_are_the_keys_of_120_characters(text):
    key = repairs._key
    assert repairs._ends(text) == (key(text[:120])[:repairs._N], key(text[-120:])[-repairs._N:])


@pytest.mark.parametrize("text", [
    "", "...", "snake_case and soft\u00adhyphen, A.B.C. 1,000", "İSTANBUL ΣΟΦΙΑ Straße ﬁne", "  lead and trail  ",
    "tabs\tand\u00a0odd\u2009spaces—dashes–and “quotes”", "日本語のテキスト、句読点。",
    "".join(map(chr, range(128))), "Plain ASCII: it's 9:30 a.m. -- [ok] {x} ~y~ `z` @home #1 $2 %3 ^4 &5 *6 +7 =8 |9 \\ / ? <",
])
def test_a_paragraph_key_is_the_text_without_its_non_word_runs(text):
    assert repairs._key(text) == re.sub(r"\W+", "", text).lower()


@pytest.mark.parametrize("line", [
    "He has said Read Full Article at RT.com The talks go on.", "READ MORE AT example.com",
    "See the original post at x.org. Read on",
    "View full story on news.example.co.uk/a/b and then", "Continue reading at example.com.", "It rained. See more at a.io",
])
def test_a_call_to_action_starts_with_one_of_its_openers(line):
    assert furniture._INLINE_CTA.search(line)
    assert any(w in line for w in furniture._CTA_OPENERS)
    looked_for = "ead " in line or "EAD " in line or "ontinue reading" in line  # the substrings the cut is looked for by
    plain = [p for p in furniture._INLINE_CTA.split(line) if p.strip()] if looked_for else [line]
    assert furniture.split_at_calls(line) == plain


@pytest.mark.parametrize("month", [m.split("(")[0].rstrip("?") for m in furniture._MONTHS.split("|")]
                         + ["January", "Sept", "September", "June", "July"])
def test_a_glued_byline_holds_a_month_the_month_test_finds(month):
    line = f"A headline by Jane Roe {month} 3, 2019 The council met on Monday to approve the plan for the bridge."
    assert furniture._BYLINE_GLUED.match(line)
    assert furniture._MONTH_START.search(line)
    assert furniture.cut_furniture(line) == ["The council met on Monday to approve the plan for the bridge."]


# Each walk of bot.extract.walks beside the XPath expression it stands in for (trafilatura.xpaths keeps them).
WALKED = [("BODY0", xp.BODY_XPATH[0]), ("BODY2", xp.BODY_XPATH[2]), ("BODY3", xp.BODY_XPATH[3]), ("BODY4", xp.BODY_XPATH[4]),
          ("OVERALL0", xp.OVERALL_DISCARD_XPATH[0]), ("OVERALL1", xp.OVERALL_DISCARD_XPATH[1]),
          ("TEASER0", xp.TEASER_DISCARD_XPATH[0]), ("PRECISION1", xp.PRECISION_DISCARD_XPATH[1]),
          ("IMAGE0", xp.DISCARD_IMAGE_ELEMENTS[0])]

# Near misses and hits of every clause: attribute order for @id|@class and @id|@style, case folded by
# translate(), the first matching child of each parent ([1]), the first of a subtree ((...)[1]), a union.
WALK_PAGE = page(
    "<main id='m1'><div class='post'><p>a</p></div><div class='entry'><p>b</p></div>"
    "<section><div itemprop='articleBody'>c</div><article id='articleContent'>d</article></section>"
    "<div class='x article-body y'><div id='entry-content'>e</div></div><div class='ArticleContent'>f</div>"
    "<div role='article'>g</div><div id='story'>h</div><div class='FullText'>i</div><div class='story-body'>j</div>"
    "<div class='cell'>k</div><div id='primary-col'>l</div><div id='MAIN-CONTENT'>m</div>"
    "<div class='Page-Content'>n</div><div class='content_main'>o</div><section role='mainstage'>p</section>"
    "<div id='main-wrap'>q</div></main><main>r</main>"
    "<div class='cookie-note' id='a'>s</div><div id='cookie' class='z'>t</div><div class='z' id='cookie'>u</div>"
    "<span role='Navigation'>v</span><p data-component='xMostPopularStoriesx'>w</p><div data-lp-replacement-content=''>x</div>"
    "<div id='site-footer'>y</div><div class='sidebar'>z</div><item class='has ad here'>1</item><list class='Byline'>2</list>"
    "<div class='comments-title'>3</div><p class='reply-box' id='r'>4</p><p id='reply-x' class='box'>5</p>"
    "<div style='color: red' id='hidden'>6</div><div id='hidden2' style='x'>7</div><b style='display: none'>8</b>"
    "<i style='display:none'>9</i><div id='akismet-x'>10</div><div class='hide-me'>11</div><div class='x hidden'>12</div>"
    "<em aria-hidden='true'>13</em><em aria-hidden='false'>14</em><div id='Teaser'>15</div><p class='bigTEASER'>16</p>"
    "<div class='page bottom'>17</div><div class='bottom-bar'>18</div><div class='padding-bottom-lg'>19</div>"
    "<div id='link' class='x'>20</div><div class='permalink'>21</div><span style='border: 1px'>22</span>"
    "<div id='photo-caption'>23</div><p class='wp-caption'>24</p><header>25</header>"
)


@mirrored
@pytest.mark.parametrize(("name", "theirs"), WALKED)
def test_each_walk_finds_what_trafilaturas_xpath_finds(name, theirs):
    from bot.extract import walks

    mine = walks.FINDERS[name]
    tree = trees(WALK_PAGE)
    assert theirs(tree), "the page is written to match every expression"
    for context in [tree, *tree.iter("main", "body", "div")]:
        assert mine(context) == theirs(context)


@mirrored
def test_the_walks_find_what_the_xpaths_find_on_the_dev_pages(shared_data):
    from copy import copy

    from trafilatura.htmlprocessing import convert_tags, tree_cleaning

    from bot.extract import walks

    pages = sorted((shared_data / "extraction_article_benchmark" / "html").glob("*.html.gz"))
    found = dict.fromkeys(walks.FINDERS, 0)
    for path in pages:
        raw = trees(passes.page_markup(gzip.decompress(path.read_bytes()), None)[0])
        options = passes._options(None, fast=True)
        cleaned = convert_tags(tree_cleaning(copy(raw), options), options, None)
        for tree in (raw, cleaned):
            for context in [tree, *[e for e in tree.iter("div", "article", "section", "main", "body") if len(e)][:10]]:
                for name, theirs in WALKED:
                    expected = theirs(context)
                    assert walks.FINDERS[name](context) == expected, (path.name, name)
                    found[name] += len(expected)
    assert all(found.values()), found  # every expression matched something on these pages


@mirrored
def test_trafilaturas_extractor_reads_the_walks():
    from trafilatura import main_extractor

    from bot.extract import walks

    assert main_extractor.OVERALL_DISCARD_XPATH[0] is walks.FINDERS["OVERALL0"]
    assert len(main_extractor.BODY_XPATH) == len(xp.BODY_XPATH) == 5
