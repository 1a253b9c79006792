"""Session 15's shortcuts in the group features and the ranking (issue 13) give the answers of the plain forms they replace.

Each test pits a shortcut against the plain form it stands for, written out here as main had it: on texts written
for it (numbers glued to letters, apostrophes and tokens at the cuts), on random texts, and on real articles
(../shared/data, skipped when absent). Orders are compared, not only contents: a term enters the counts, and a
GroupFeatures' body, where its first word is.
"""

from __future__ import annotations

import itertools
import json
import random
import zlib
from collections import Counter
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from bot.group import features as gf
from bot.group.terms import _WORD, _normaliser, _word
from bot.language import TOKEN
from bot.summarise.features import _title_columns

TEXTS = [
    "The 5,000m race was won in 13:05.2 by a runner from Kenya, ahead of 1,234,5678 people and 6k fans.",
    "O’Neill's side beat Spurs 3-1; Wenger's men lost 2.5m to 1,5 and the 1990s' 3.5x rise ended at 4,2 and 6K.",
    "A_B and snake_case_words, __init__ and 1_000 are no tokens' friends, nor are 12,345,678,901,23 or 1.234.567.",
    "Prices rose 4.2% to £6,000 (about $7,500) on 2 March 2019, the 2nd rise; 10,000,000 people had 3,000,000.",
    "日本語のテキスト and Ελληνικά words, café résumé naïve; Straße, İstanbul, ǅemal ﬁnance ² ① ₃ 1,٣٤٥ ٦٬٧٨٩.",
    "",
    "   ",
    "x",
]


def _plain_body_terms(text: str, norm: Callable[[str], str | None]) -> Counter[str]:
    """gf._body_terms as main wrote it: a generator over the matches, then each distinct word normalised by a call."""
    words = Counter(w if not w[0].isdigit() else _word(m)
                    for m in itertools.islice(_WORD.finditer(text[: gf.BODY_WORDS * 12]), gf.BODY_WORDS)
                    for w in (m.group(),))
    counts: Counter[str] = Counter()
    for word, n in words.items():
        term = norm(word)
        if term:
            counts[term] += n
    return counts


def _plain_text_names(text: str, norm: Callable[[str], str | None]) -> frozenset[str]:
    text = text[: gf._TEXT_NAME_CHARS]
    total = Counter(TOKEN.findall(text))
    initial = Counter(gf._INITIAL.findall("." + text))
    ordinary = {w for w in total if w.islower()}
    found = set()
    for word, count in total.items():
        if word[0].isupper() and len(word) > 1 and count > initial.get(word, 0) and word.lower() not in ordinary:
            term = norm(word)
            if term and not gf._is_number(term):
                found.add(gf.bare_name(term))
    return frozenset(found)


def _plain_shingles(text: str) -> frozenset[int]:
    words = [w.lower() for w in TOKEN.findall(text[: gf._SHINGLE_WORDS * 12])][: gf._SHINGLE_WORDS]
    return frozenset(zlib.crc32(" ".join(words[i : i + 4]).encode("utf-8")) for i in range(len(words) - 3))


def _same(text: str, language: str = "english") -> None:
    norm = _normaliser(language)
    got, want = gf._body_terms(text, norm), _plain_body_terms(text, norm)
    assert list(got.items()) == list(want.items()), text[:200]
    names, shingles = gf._names_and_shingles(text, norm)
    assert names == _plain_text_names(text, norm), text[:200]
    assert shingles == _plain_shingles(text) == gf._shingles(text), text[:200]
    assert gf._text_names(text, norm) == names


def _at_the_cuts(rng: random.Random) -> Iterator[str]:
    """Texts whose tokens run over the shingles' cut (1,800 characters) and the names' (6,000), with apostrophes,
    digits and separators right there; and texts of fewer and more than 150 tokens before the cut."""
    pieces = ["o’neill", "don't", "5,000m", "1,234", "6k", "Kenya", "x", "’", "'", ",", ".", " ", "  ", "-", "_", "é",
              "\n", "Ab", "1990s", "3.5", "日本"]
    for cut in (gf._SHINGLE_WORDS * 12, gf._TEXT_NAME_CHARS, gf.BODY_WORDS * 12):
        for words in (2, 10, 200):
            for shift in range(-6, 7):
                filler = ("word " * words)[: max(cut + shift - 40, 0)]
                tail = "".join(rng.choice(pieces) for _ in range(30))
                yield filler.ljust(cut + shift - 20, "a") + tail + " The Mayor's Office said."


def test_group_shortcuts_on_written_texts() -> None:
    for text in TEXTS:
        _same(text)
        _same(text * 200)  # past every cut
        _same(text, "portuguese")


def test_group_shortcuts_at_the_cuts() -> None:
    rng = random.Random(15)
    n = 0
    for text in _at_the_cuts(rng):
        _same(text)
        n += 1
    assert n > 100


def test_group_shortcuts_on_random_texts() -> None:
    rng = random.Random(13)
    alphabet = ["a", "B", " ", "’", "'", "1", "9", ",", ".", "k", "K", "_", "é", "İ", "日", "\n", "-", "(", "²", "٣"]
    for _ in range(1500):
        _same("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000))))


def _plain_title_columns(vocab: np.ndarray, title_ids: np.ndarray) -> np.ndarray:
    kept = title_ids[np.isin(title_ids, vocab)] if len(title_ids) else title_ids
    return np.searchsorted(vocab, kept) if len(kept) else kept


def test_title_columns_against_isin() -> None:
    rng = np.random.default_rng(15)
    for _ in range(3000):
        vocab = np.unique(rng.integers(0, 60, rng.integers(0, 40))).astype(np.int64)
        title = rng.integers(-3, 70, rng.integers(0, 12)).astype(np.int64)
        got, want = _title_columns(vocab, title), _plain_title_columns(vocab, title)
        assert got.tolist() == want.tolist(), (vocab, title)
        if len(got):
            assert np.array_equal(np.bincount(got, minlength=max(len(vocab), 1)),
                                  np.bincount(want, minlength=max(len(vocab), 1)))


def _dev_texts(shared_data, name: str, field: str) -> list[str]:
    path = shared_data / name
    if not path.is_file():
        pytest.skip(f"{name} is absent")
    with path.open(encoding="utf-8") as f:
        return [row[field] for row in map(json.loads, f) if row.get(field)]


def test_shortcuts_on_bbc_dev_articles(shared_data) -> None:
    texts = _dev_texts(shared_data, "summ_bbc_news_summary/dev.jsonl", "article")
    for text in texts:
        _same(text)
    assert len(texts) > 50


def test_shortcuts_on_news_cluster_dev_articles(shared_data) -> None:
    texts = _dev_texts(shared_data, "cluster_news_cluster_en/articles.dev.jsonl", "text")
    for text in texts:
        _same(text)
    assert len(texts) > 50


def test_shortcuts_on_portuguese_dev_articles(shared_data) -> None:
    texts = _dev_texts(shared_data, "cluster_cstnews_pt/documents.dev.jsonl", "text")
    for text in texts:
        _same(text, "portuguese")
    assert len(texts) > 20


# -- the fast pass without trafilatura's backup tree (bot.extract.fastpass._content) ----------------------------

def _same_content(html: str) -> bool:
    """``_content`` against ``extract_content`` on the same cleaned tree: the same body (serialised) and text.
    True when the main pass came up short (the recovery of wild text ran)."""
    from lxml import etree
    from trafilatura.main_extractor import _extract, extract_content

    from bot.extract import fastpass, passes

    tree = passes._parse(html)
    passes._drop_inert(tree)
    options = passes._options("https://example.com/a", fast=True)
    if not fastpass.usable(options) or fastpass._forum_thread_page is None or fastpass._forum_thread_page(tree):
        return False
    body, text = fastpass._content(tree, options)
    want_body, want_text = extract_content(fastpass._cleaned(tree, options), options)
    assert text == want_text
    assert etree.tostring(body, encoding=str) == etree.tostring(want_body, encoding=str)
    short, temp, _ = _extract(fastpass._cleaned(tree, options), options)
    return len(short) == 0 or len(temp) < options.min_extracted_size


PROSE = "The council met on Monday to discuss the new bridge over the river, closed since the storm, officials said. "


def _page(body: str) -> str:
    return f"<html><head><title>The bridge</title></head><body><h1>The bridge</h1>{body}</body></html>"


def test_content_without_the_backup_on_written_pages() -> None:
    pages = [
        _page(f"<article>{f'<p>{PROSE * 2}</p>' * 4}</article>"),  # the main pass finds it all
        _page(f"<article><p>{PROSE * 3}</p><p>{PROSE * 3}</p><div class='x'>{PROSE}</div></article>"
              f"<p>{PROSE * 3}</p><p>{PROSE * 3}</p>"),  # the same long paragraph twice in a row, wild ones after
        _page(f"<div><p>Short.</p></div><p>{PROSE}</p><table><tr><td>{PROSE}</td></tr></table>"),  # too little: recovery
        _page("<div><a href='/'>Home</a></div>"),  # nothing at all
        _page(f"<article><p>{PROSE}<br/>   <br/>{PROSE}</p><pre>  code\n   kept  </pre><div>{PROSE * 4}</div></article>"),
    ]
    short = [_same_content(p) for p in pages]
    assert any(short) and not all(short)  # both paths ran


def test_content_without_the_backup_on_farm_pages() -> None:
    from benchmarks.support.content import Corpus
    from benchmarks.support.plan import FarmPlan

    plan = FarmPlan()
    corpus = Corpus(plan, 8080)
    for j in range(60):
        page = corpus.page((j * 7919) % plan.feeds, (j * 31) % plan.items)
        _same_content(page.decode("utf-8") if isinstance(page, bytes) else page)


def test_content_without_the_backup_on_dev_pages(shared_data) -> None:
    import gzip

    from bot.extract import passes

    pages = sorted((shared_data / "extraction_article_benchmark" / "html").glob("*.html.gz"))
    if not pages:
        pytest.skip("extraction_article_benchmark is absent")
    short = 0
    for path in pages:
        markup, problem = passes.page_markup(gzip.decompress(path.read_bytes()), None)
        assert problem is None
        short += _same_content(markup)
    assert len(pages) > 50
