"""Tests for bot.extract: article pages → clean text, every page rule, bad pages, and `newsdigest extract`.

Pages here are small and written for the test; each rule is shown to be what removes (or
restores) its line by switching it off with ``skip`` and seeing the line come back.
"""

from __future__ import annotations

import gzip
import io
import json
from datetime import datetime, timezone

import lxml.html
import pytest
from support.http import FeedServer, Route

import bot.extract as ex
from bot.cli import main
from bot.extract import (
    PageText,
    decode,
    decode_html,
    extract_page,
    extract_page_or_reason,
    passes,
    repairs,
    site_boilerplate,
    strip_site_boilerplate,
    strip_title,
)

PARAS = [
    "The city council approved the new transit plan on Monday after a long debate that lasted well into the night, "
    "officials said.",
    "Under the plan, three new bus lines will connect the northern suburbs with the central station by the end of next year.",
    "Critics argued that the budget of 40 million euros was too small for a project of this size and would need to grow.",
    "The mayor said the first contracts would be signed in the spring and that construction could start before the summer.",
    "Residents will be able to comment on the route maps at public meetings in March, the transport department said.",
]
TITLE = "Council approves transit plan"


def page(top: str = "", bottom: str = "", paras: list[str] = PARAS, title: str = TITLE, head: str = '<meta charset="utf-8">',
         lang: str = "en") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html lang="{lang}"><head>{head}<title>{title} - The Daily Example</title>
<meta property="og:title" content="{title}"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:30:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1>{top}
{body}
{bottom}</article></main>
<footer><p>© 2024 The Daily Example. All rights reserved.</p></footer></body></html>"""


def text_of(html: str | bytes, skip: set[str] = frozenset(), **kw) -> str:
    result = extract_page_or_reason(html, "https://example.com/news/transit", skip=skip, **kw)
    assert isinstance(result, PageText), result
    return result.text


# ---------------------------------------------------------------------------
# A clean page
# ---------------------------------------------------------------------------


def test_article_text_and_metadata():
    result = extract_page(page().encode("utf-8"), "https://example.com/news/transit")
    assert isinstance(result, PageText)
    assert result.text.split("\n") == PARAS  # no menu, no headline, no footer
    assert result.title == TITLE
    assert result.author == "Jane Doe"
    assert result.published == datetime(2024, 3, 5, 10, 30, tzinfo=timezone.utc)
    assert result.language == "en"


def test_metadata_from_json_ld_and_markup():
    head = ('<meta charset="utf-8"><script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
            '{"@type": "WebPage"}, {"@type": "NewsArticle", "headline": "x", "datePublished": "2023-11-02T08:00:00+01:00",'
            ' "author": [{"@type": "Person", "name": "Ana Lima"}, {"@type": "Person", "name": "Rui Costa"}],'
            ' "inLanguage": "pt-BR"}]}</script>')
    html = page(head=head).replace('<meta name="author" content="Jane Doe">', "").replace(' lang="en"', "")
    result = extract_page_or_reason(html, None)
    assert isinstance(result, PageText)
    assert result.author == "Ana Lima, Rui Costa"
    assert result.published == datetime(2023, 11, 2, 7, 0, tzinfo=timezone.utc)
    assert result.language == "pt-BR"


def test_extract_page_keeps_its_signature_and_returns_none_on_failure():
    assert extract_page(b"", "https://example.com/x") is None
    assert extract_page("<html><body><nav><a href='/'>Home</a></nav></body></html>") is None
    assert isinstance(extract_page(page()), PageText)  # str input works too


# ---------------------------------------------------------------------------
# Page rules, each switched off to show it is the one doing the work
# ---------------------------------------------------------------------------


def test_title_rule_drops_the_headline_repeated_as_first_lines():
    html = page(top=f"<p>{TITLE}</p>")
    assert TITLE not in text_of(html)
    assert text_of(html, skip={"title"}).split("\n")[:2] == [TITLE, TITLE]


def test_title_rule_leaves_a_later_line_that_quotes_the_title():
    later = f"Asked about it, the mayor said: {TITLE.lower()}, and that is final."
    assert later in text_of(page(paras=[*PARAS, later]))


def test_strip_title_for_feed_text():
    assert strip_title(f"{TITLE}\nThe council voted on Monday.", TITLE) == "The council voted on Monday."
    assert strip_title("The council voted on Monday.", TITLE) == "The council voted on Monday."
    assert strip_title("Text", None) == "Text"


def _tree(html: str):
    return lxml.html.document_fromstring(html)


def test_link_lines_rule_drops_a_line_that_is_a_whole_link():
    tree = _tree(page(bottom="<ul><li><a href='/a'>Storm hits coast as thousands evacuate</a></li></ul>"
                             "<p>See <a href='/r'>the report</a> for details.</p>"))
    lines = [PARAS[0], "- Storm hits coast as thousands evacuate", "See the report for details."]
    assert repairs._drop_links_and_captions(tree, lines, frozenset()) == [PARAS[0], "See the report for details."]
    assert repairs._drop_links_and_captions(tree, lines, frozenset({"link-lines"})) == lines


def test_link_lines_rule_keeps_sentences_and_written_out_addresses():
    tree = _tree(page(bottom="<p><a href='/x'>The council will vote again next week.</a></p>"
                             "<p><a href='https://example.com/report'>https://example.com/report</a></p>"))
    lines = ["The council will vote again next week.", "https://example.com/report"]
    assert repairs._drop_links_and_captions(tree, lines, frozenset()) == lines


def test_link_lines_rule_compares_a_links_text_with_its_spacing_normalised():
    # The link's text is split over tags and lines: only its longest word is looked for first.
    tree = _tree(page(bottom="<ul><li><a href='/a'><b>Storm</b> hits\n   coast as\u00a0thousands evacuate</a></li>"
                             "<li><a href='/b'>Thousands evacuate</a></li></ul>"))
    lines = [PARAS[0], "Storm hits coast as thousands evacuate", "Storm hits coast as thousands return"]
    assert repairs._drop_links_and_captions(tree, lines, frozenset()) == [PARAS[0], lines[2]]


def test_pages_parse_into_lxml_html_elements_with_their_methods():
    tree = passes._parse("<html><body><form><label>Name</label><input name='q'></form><p>Text <!-- c --> here</p></body></html>")
    assert all(isinstance(el, lxml.html.HtmlElement) for el in tree.iter() if isinstance(el.tag, str))
    assert tree.find(".//form").text_content() == "Name"
    assert [type(el).__name__ for el in tree.find(".//p")] == ["HtmlComment"]


def test_captions_rule_drops_alt_text_and_figcaption_lines():
    html = page(bottom="<p><img src='m.jpg' alt='The new bus line map for the suburbs'></p>"
                       "<figure><img src='b.jpg' alt='bus'><figcaption>A bus at the central station</figcaption></figure>")
    lines = [PARAS[0], "The new bus line map for the suburbs", "A bus at the central station"]
    assert repairs._drop_links_and_captions(_tree(html), lines, frozenset()) == [PARAS[0]]
    assert repairs._drop_links_and_captions(_tree(html), lines, frozenset({"captions"})) == lines


def test_restore_rule_mends_a_paragraph_cut_at_a_link():
    full = ("According to the study, published in a medical journal, the man had suffered months of dizziness "
            "and fatigue before he saw a doctor.")
    tree = _tree(page(paras=[full, *PARAS]))
    cut = "According to the study, published in a medical journal, the man had suffered"
    holed = PARAS[0].replace("new transit plan ", "")  # a link's text dropped from the middle
    assert repairs._page_repairs(tree, [cut, holed], frozenset({"siblings"})) == [full, PARAS[0]]
    assert repairs._page_repairs(tree, [cut, holed], frozenset({"siblings", "restore"})) == [cut, holed]


def test_restore_rule_joins_two_pieces_of_one_paragraph_once():
    tree = _tree(page())
    first, second = PARAS[2][:50], PARAS[2][60:]
    assert repairs._page_repairs(tree, [first, second, PARAS[3]], frozenset({"siblings"})) == [PARAS[2], PARAS[3]]


def test_siblings_rule_adds_skipped_paragraphs_of_the_same_container_in_order():
    aside = "In other news, the zoo welcomed two baby pandas this week, and visitors queued for hours to see them."
    html = page(bottom=f"<aside><p>{aside}</p></aside><p>Too short to add.</p>")
    extracted = [PARAS[0], PARAS[2], PARAS[4]]  # the extraction skipped two paragraphs
    assert repairs._page_repairs(_tree(html), extracted, frozenset()) == PARAS  # not the aside, not the short one
    assert repairs._page_repairs(_tree(html), extracted, frozenset({"siblings"})) == extracted


def test_siblings_rule_needs_two_extracted_paragraphs_to_trust_a_container():
    assert (repairs._page_repairs(_tree(page()), [PARAS[0], "A line from elsewhere."], frozenset())
            == [PARAS[0], "A line from elsewhere."])


def test_siblings_rule_skips_link_lists():
    links = "<p>" + " ".join(f"<a href='/{i}'>Another story about the city budget number {i}.</a>" for i in range(3)) + "</p>"
    html = page(bottom=links)
    out = repairs._page_repairs(_tree(html), PARAS, frozenset())
    assert out == PARAS


def test_fallback_rule_runs_the_full_pass_only_for_an_implausible_first_result(monkeypatch):
    calls = []

    def fake(tree, url, fast):
        calls.append(fast)
        return "Short." if fast else "\n".join(PARAS)

    monkeypatch.setattr(passes, "_trafilatura", fake)
    tree = _tree(page())
    assert passes._main_text(tree, None, frozenset()) == "\n".join(PARAS)
    assert calls == [True, False]
    calls.clear()
    assert passes._main_text(tree, None, frozenset({"fallback"})) == "Short."
    assert calls == [True]

    calls.clear()
    monkeypatch.setattr(passes, "_trafilatura", lambda tree, url, fast: calls.append(fast) or "\n".join(PARAS) * 2)
    passes._main_text(tree, None, frozenset())
    assert calls == [True]  # a plausible first result: no second pass


def test_clean_text_runs_on_page_text():
    junk = ["Sign up for our daily newsletter to get the news first.",
            "Get the latest updates right in your inbox. Subscribe to our newsletters.",
            "Photo: Jane Doe/Reuters"]
    html = page(bottom="".join(f"<p>{j}</p>" for j in junk))
    assert text_of(html).split("\n") == PARAS
    every_family = set(ex.PAGE_STEPS) | set(__import__("bot.text", fromlist=["RULE_FAMILIES"]).RULE_FAMILIES)
    kept = text_of(html, skip=every_family)
    assert all(j in kept for j in junk)


# ---------------------------------------------------------------------------
# Bad pages: a reason, never an exception
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    (bytes(range(256)) * 8, "binary"),
    (b"Just a line of plain text, with no markup at all.", "no HTML markup"),
    (b'{"id": 1, "title": "JSON, not a page"}', "no HTML markup"),
    (gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(64)), "PNG image"),
    (b"\x1f\x8b\x08\x00broken", "broken gzip"),
])
def test_bad_bytes_give_a_reason(data, reason):
    result = extract_page_or_reason(data, "https://example.com/x")
    assert isinstance(result, str) and reason in result


def test_huge_page_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(decode, "MAX_PAGE_BYTES", 10_000)
    huge = page(paras=PARAS * 40).encode()
    assert len(huge) > 10_000
    result = extract_page_or_reason(huge)
    assert isinstance(result, str) and "larger than 10,000 bytes" in result
    assert "larger than" in extract_page_or_reason(huge.decode())


@pytest.mark.parametrize("content_type, reason", [
    ("application/pdf", "not HTML: the server sent application/pdf"),
    ("image/jpeg", "not HTML"),
    ("application/rss+xml; charset=utf-8", "sent a feed"),
])
def test_content_type_that_is_not_a_page(content_type, reason):
    result = extract_page_or_reason(page().encode(), None, content_type)
    assert isinstance(result, str) and reason in result


def test_html_sent_as_text_plain_is_still_read():
    assert text_of(page().encode(), content_type="text/plain").split("\n") == PARAS


FRENCH = [
    "Le café était plein à craquer ce matin, et les habitués se plaignaient du bruit à l’entrée.",
    "Selon le propriétaire, la fréquentation a augmenté de 30 % depuis l’été dernier, grâce aux touristes.",
    "« Nous n’avons jamais vu autant de monde », a déclaré la serveuse, qui travaille ici depuis dix ans.",
    "La mairie prévoit d’élargir le trottoir devant l’établissement avant la fin de l’année prochaine.",
]
RUSSIAN = [
    "Городской совет в понедельник одобрил новый план развития общественного транспорта после долгих споров.",
    "По плану три новых автобусных маршрута свяжут северные районы с центральным вокзалом к концу следующего года.",
    "Критики утверждают, что бюджета в сорок миллионов евро недостаточно для проекта такого масштаба.",
]


@pytest.mark.parametrize("case", ["cp1252 declared utf-8", "cp1252 undeclared", "utf-8 declared latin-1",
                                  "cp1251 declared", "cp1251 undeclared", "utf-16 with BOM", "utf-16 without BOM",
                                  "header charset"])
def test_wrong_or_missing_charset(case):
    russian = "cp1251" in case or "utf-16" in case or case == "header charset"
    paras = RUSSIAN if russian else FRENCH
    html = page(paras=paras, title="Совет одобрил план" if russian else "Un café très fréquenté", lang="ru" if russian else "fr")
    content_type = None
    if case == "cp1252 declared utf-8":
        data = html.encode("cp1252")
    elif case == "cp1252 undeclared":
        data = html.replace('<meta charset="utf-8">', "").encode("cp1252")
    elif case == "utf-8 declared latin-1":
        data = html.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("utf-8")
    elif case == "cp1251 declared":
        data = html.replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251")
    elif case == "cp1251 undeclared":
        data = html.replace('<meta charset="utf-8">', "").encode("cp1251")
    elif case == "utf-16 with BOM":
        data = html.replace('<meta charset="utf-8">', "").encode("utf-16")
    elif case == "utf-16 without BOM":
        data = html.replace('<meta charset="utf-8">', "").encode("utf-16-le")
    else:  # the HTTP header names the charset, the page names none
        data = html.replace('<meta charset="utf-8">', "").replace(' lang="ru"', "").encode("cp1251")
        content_type = "text/html; charset=windows-1251"
    text = text_of(data, content_type=content_type)
    assert all(p in text for p in paras), text[:200]


def test_decode_html_keeps_utf8_with_a_stray_byte():
    text = ("Ação e reação: " * 30 + "fim").encode("utf-8") + b"\xff"
    assert decode_html(text).startswith("Ação e reação")


CONSENT_WALL = b"""<!DOCTYPE html><html><head><title>Before you continue</title></head><body>
<div class="consent"><h2>We value your privacy</h2>
<p>We and our partners use cookies and similar tracking technologies to store and access information on your device.</p>
<p>By clicking Accept all you consent to the processing of your data.</p>
<button>Accept all</button><button>Manage preferences</button></div></body></html>"""
PAYWALL = b"""<!DOCTYPE html><html><head><title>Council approves transit plan</title></head><body>
<h1>Council approves transit plan</h1><div class="paywall"><p>This article is for subscribers only.</p>
<p>Subscribe now to continue reading. Already a subscriber? Log in.</p></div></body></html>"""
SCRIPT_ONLY = b"""<!DOCTYPE html><html><head><title>App</title><script src="a.js"></script><script src="b.js"></script>
</head><body><div id="root"></div><script>window.boot()</script></body></html>"""
MENU_ONLY = b"""<!DOCTYPE html><html><head><title>Home</title></head><body><nav><ul><li><a href="/">Home</a></li>
<li><a href="/news">News</a></li></ul></nav></body></html>"""


@pytest.mark.parametrize("data, reason", [
    (CONSENT_WALL, "a consent wall"),
    (PAYWALL, "a paywall"),
    (SCRIPT_ONLY, "built by JavaScript"),
    (MENU_ONLY, "no article text found"),
])
def test_walls_and_empty_pages_give_a_reason(data, reason):
    result = extract_page_or_reason(data, "https://example.com/x")
    assert isinstance(result, str) and reason in result


def test_an_article_about_cookies_is_not_a_wall():
    paras = [p.replace("transit plan", "cookie law") for p in PARAS] + [
        "The new cookie law requires every website to ask before it stores tracking cookies on a visitor's device."]
    result = extract_page_or_reason(page(paras=paras))
    assert isinstance(result, PageText) and "cookie law" in result.text


# ---------------------------------------------------------------------------
# Repetition across the articles of one site
# ---------------------------------------------------------------------------

PROMO = "Start your day with our morning briefing, delivered to your inbox at 6am."


def test_site_boilerplate_finds_lines_repeated_across_articles():
    a = f"{PARAS[0]}\n{PARAS[1]}\n{PROMO}"
    b = f"{PROMO}\n{PARAS[2]}\n{PARAS[3]}"
    assert site_boilerplate([a, b]) == {PROMO.lower()}
    assert strip_site_boilerplate([a, b]) == [f"{PARAS[0]}\n{PARAS[1]}", f"{PARAS[2]}\n{PARAS[3]}"]


def test_site_boilerplate_with_earlier_articles_as_reference():
    a = f"{PARAS[0]}\n{PROMO}"
    assert strip_site_boilerplate([a]) == [a]  # one article alone: nothing repeats
    assert strip_site_boilerplate([a], reference=[f"{PARAS[4]}\n{PROMO}"]) == [PARAS[0]]


def test_site_boilerplate_spares_two_versions_of_one_story():
    first = "\n".join(PARAS[:4])
    updated = "\n".join([*PARAS[:4], "Update: the vote was confirmed on Tuesday."])
    assert site_boilerplate([first, updated]) == set()
    assert strip_site_boilerplate([first, updated]) == [first, updated]


def test_site_boilerplate_never_empties_a_text():
    texts = [f"{PARAS[0]}\n{PROMO}", f"{PROMO}\n{PARAS[1]}", PROMO]
    assert strip_site_boilerplate(texts) == [PARAS[0], PARAS[1], PROMO]


# ---------------------------------------------------------------------------
# newsdigest extract
# ---------------------------------------------------------------------------


def test_command_with_a_file(tmp_path, capsys):
    path = tmp_path / "story.html"
    path.write_bytes(page(top=f"<p>{TITLE}</p>", bottom="<p>Sign up for our daily newsletter.</p>").encode())
    assert main(["extract", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == TITLE + "\n\n" + "\n".join(PARAS) + "\n"


def test_command_with_a_gzipped_file(tmp_path, capsys):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(page().encode()))
    assert main(["extract", str(path)]) == 0
    assert PARAS[0] in capsys.readouterr().out


def test_command_with_a_url(server: FeedServer, capsys):
    server.routes["/story"] = Route(body=page(paras=FRENCH).replace('<meta charset="utf-8">', "").encode("cp1252"),
                                    content_type="text/html; charset=windows-1252")
    assert main(["extract", server.url("/story")]) == 0
    out = capsys.readouterr().out
    assert out.startswith(TITLE + "\n\n") and FRENCH[2] in out


def test_command_with_a_url_that_is_not_a_page(server: FeedServer, capsys):
    server.routes["/photo.png"] = Route(body=b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    assert main(["extract", server.url("/photo.png")]) == 1
    assert "not HTML: the server sent image/png" in capsys.readouterr().err
    assert main(["extract", server.url("/missing")]) == 1
    assert "HTTP 404" in capsys.readouterr().err


def test_command_usage_errors_exit_2(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nope.html")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["extract"]) == 2
    assert main(["extract", "a.html", "b.html"]) == 2
    assert main(["extract", "--jsonl", str(tmp_path / "nope.jsonl")]) == 2


def test_command_page_without_article_exits_1(tmp_path, capsys):
    path = tmp_path / "wall.html"
    path.write_bytes(CONSENT_WALL)
    assert main(["extract", str(path)]) == 1
    assert "consent wall" in capsys.readouterr().err


def test_command_jsonl_in_order_with_bad_lines(tmp_path, monkeypatch, capsys):
    lines = [
        json.dumps({"id": "a", "html": page(), "url": "https://example.com/2024/03/05/transit"}),
        "{not json",
        json.dumps({"id": 7, "url": "https://example.com/x"}),
        json.dumps({"id": "wall", "html": CONSENT_WALL.decode()}),
        json.dumps({"id": "b", "html": page(paras=FRENCH, title="Un café", lang="fr"), "url": None}),
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n\n"))
    assert main(["extract", "--jsonl"]) == 1  # some lines failed
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", None, 7, "wall", "b"]
    assert out[0] == {"id": "a", "title": TITLE, "text": "\n".join(PARAS), "language": "en",
                      "published": "2024-03-05T10:30:00+00:00"}
    assert "not valid JSON" in out[1]["error"]
    assert "missing field 'html'" in out[2]["error"]
    assert "consent wall" in out[3]["error"]
    assert out[4]["language"] == "fr" and out[4]["text"].split("\n") == FRENCH


def test_command_jsonl_from_a_file_all_good(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "html": page()}) + "\n", encoding="utf-8")
    assert main(["extract", "--jsonl", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "\n".join(PARAS)


# ---------------------------------------------------------------------------
# Against the shared evaluation data (skipped when it is absent)
# ---------------------------------------------------------------------------


def test_quality_on_the_benchmark_dev_pages(shared_data):
    """Measured 0.984 F1 / 0.987 precision (trafilatura default 0.960 / 0.941); see benchmarks/extraction_quality.py."""
    import sys
    from pathlib import Path

    repo = str(Path(__file__).resolve().parents[2])  # benchmarks/ is a package at the repository's root
    if repo not in sys.path:
        sys.path.insert(0, repo)
    root = shared_data / "extraction_article_benchmark"
    truth_path = root / "ground-truth.dev.json"
    if not truth_path.is_file():
        pytest.skip(f"{truth_path} missing")
    from benchmarks.extraction_quality import page_counts, prf

    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    counts = []
    for page_id, item in truth.items():
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
        result = extract_page_or_reason(html, item["url"])
        counts.append(page_counts(item["articleBody"], result.text if isinstance(result, PageText) else ""))
    precision, recall, f1 = prf(counts)
    assert f1 > 0.975 and precision > 0.975, (precision, recall, f1)
