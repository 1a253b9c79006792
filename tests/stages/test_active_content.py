"""No active content in a digest: only http(s) links reach any output, and no script text becomes article text."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from xml.sax.saxutils import escape

import pytest

from bot.extract import extract_page, html_to_text
from bot.fetch import parse_feed
from bot.models import Article, Digest, FeedProblem, FeedSource, Story
from bot.pipeline import feed_text
from bot.render import make_environment, render
from bot.urls import safe_link

NOW = datetime(2026, 11, 21, 7, 0, tzinfo=timezone.utc)

HOSTILE = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(9)",
    " JavaScript:alert(9)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#9;script:alert(1)",
    "jav&#97;script:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "javascript%3Aalert(1)",
    "\x01javascript:alert(1)",
    "\u200bjavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "urn:isbn:0451450523",
    "file:///etc/passwd",
    "mailto:someone@example.com",
    "ftp://example.com/file",
    "//evil.example/x",
    "/news/1",
    "news/1",
    "#top",
    "http://",
    "https:///no-host",
    "http:example.com",
    "https:\\\\evil.example",
    "http://[::1/x",
    "http&#58;//example.com/",
    "",
    "   ",
    None,
    42,
]

GOOD = [
    ("http://example.com/a", "http://example.com/a"),
    ("https://example.com/a?x=1&y=2#frag", "https://example.com/a?x=1&y=2#frag"),
    ("HTTPS://EXAMPLE.COM/A", "HTTPS://EXAMPLE.COM/A"),
    ("HtTp://example.com/", "HtTp://example.com/"),
    ("  https://example.com/with spaces  ", "https://example.com/with spaces"),
    ("https://example.com/a\tb\n", "https://example.com/ab"),
    ("https://example.com/%E2%82%AC?q=a%20b", "https://example.com/%E2%82%AC?q=a%20b"),
    ("https://user@example.com:8443/x", "https://user@example.com:8443/x"),
    ("https://[::1]:8080/x", "https://[::1]:8080/x"),
    ("http://127.0.0.1:9/news/1", "http://127.0.0.1:9/news/1"),
    ("https://example.com/#javascript:alert(1)", "https://example.com/#javascript:alert(1)"),
]


@pytest.mark.parametrize("url", HOSTILE)
def test_safe_link_refuses_everything_but_http_and_https_with_a_host(url):
    assert safe_link(url) is None


@pytest.mark.parametrize(("url", "expected"), GOOD)
def test_safe_link_keeps_web_addresses(url, expected):
    assert safe_link(url) == expected


# -- rendering ---------------------------------------------------------------------------------

BAD_LINKS = ["JAVASCRIPT:alert(9)", "vbscript:msgbox(9)", "data:text/html,<b>9</b>", "urn:isbn:9", "java&#x09;script:alert(9)",
             "%6Aavascript:alert(9)", "//evil.example/9", "file:///etc/passwd"]
MARKERS = ["alert(9)", "msgbox", "data:", "urn:", "evil.example", "/etc/passwd"]


def hostile_digest() -> Digest:
    lead = Article(1, "Storm closes the northern harbour", "JAVASCRIPT:alert(9)", "Daily News", NOW, "t",
                   ["Storm winds closed the harbour.", "Ferries stayed in port."])
    others = [Article(i + 2, f"Same storm {i}", link, f"Outlet {i}", NOW, "t", [f"Sentence from outlet {i}."])
              for i, link in enumerate(BAD_LINKS[1:])]
    good = Article(20, "Good outlet", "https://good.example/storm", "Good Outlet", NOW, "t", ["A good sentence."])
    story = Story([lead, good, *others],
                  summary=[("Storm winds closed the harbour.", lead), ("Sentence from outlet 0.", others[0])])
    alone = Article(30, "Council votes on the budget", "vbscript:msgbox(9)", "Town Paper", NOW, "t", ["The council voted."])
    problems = [FeedProblem("javascript:alert(9)//feed", "Hostile Feed", "not a feed"),
                FeedProblem("data:text/html,<b>9</b>", None, "not a feed"),
                FeedProblem("https://fine.example/rss", "Fine Feed", "the server answered HTTP 500")]
    return Digest(title="Morning", profile="p", generated_at=NOW, since=NOW, stories=[story, Story([alone])],
                  problems=problems, feeds_checked=3)


def test_no_hostile_link_target_in_html():
    html = render(hostile_digest(), "html", make_environment())
    targets = re.findall(r'href="([^"]*)"', html)
    assert targets and all(t.startswith(("http://", "https://")) for t in targets), targets
    assert 'href="https://good.example/storm"' in html
    assert ">Storm closes the northern harbour</h2>" in html  # the title stays, as text
    assert ">Council votes on the budget</h2>" in html
    assert "Outlet 0" in html and "Outlet 3" in html
    story_part = html.split("Feeds with problems")[0]
    for marker in MARKERS:
        assert marker not in story_part


def test_no_hostile_link_target_in_markdown():
    md = render(hostile_digest(), "markdown", make_environment())
    targets = re.findall(r"\]\(([^)]*)\)", md)
    assert targets == ["https://good.example/storm"]
    assert "## Storm closes the northern harbour\n" in md
    assert "## Council votes on the budget\n" in md
    assert "Also reported by: [Good Outlet](https://good.example/storm), Outlet 0, Outlet 1" in md
    assert "(Outlet 0)" in md  # the outlet of a sentence, without its link
    assert "<javascript" not in md.lower() and "<data:" not in md
    story_part, problems = md.split("## Feeds with problems")
    for marker in MARKERS:
        assert marker not in story_part
    # A problem's unsafe address is shown as escaped text, never as a link.
    assert "- **Hostile Feed** (javascript:alert(9)//feed): not a feed" in problems
    assert r"- **data:text/html,\<b\>9\</b\>**: not a feed" in problems
    assert "- **Fine Feed** (https://fine.example/rss)" in problems


def test_no_hostile_link_in_text():
    text = render(hostile_digest(), "text", make_environment())
    story_part, problems = text.split("Feeds with problems")
    assert "1. Storm closes the northern harbour" in story_part and "2. Council votes on the budget" in story_part
    for marker in MARKERS:
        assert marker not in story_part
    assert "Also reported by: Good Outlet <https://good.example/storm>, Outlet 0, Outlet 1" in story_part
    assert "<>" not in story_part and "\n   \n" not in story_part  # no empty link left behind
    assert "Hostile Feed (javascript:alert(9)//feed): not a feed" in problems  # as text: a plain-text digest has no links


def test_filters_refuse_hostile_links_in_user_templates(tmp_path):
    (tmp_path / "digest.md.j2").write_text(
        "{% for s in digest.stories %}[{{ s.lead.title }}]({{ s.lead.link | md_url }}) <{{ s.lead.link | url }}>"
        "{% if s.lead.link is safe_link %}LINK{% endif %};{% endfor %}")
    (tmp_path / "digest.html.j2").write_text('{% for s in digest.stories %}<a href="{{ s.lead.link | href }}">x</a>{% endfor %}')
    env = make_environment(tmp_path)
    md = render(hostile_digest(), "markdown", env)
    assert md == "[Storm closes the northern harbour]() <>;[Council votes on the budget]() <>;"
    assert render(hostile_digest(), "html", env) == '<a href="#">x</a><a href="#">x</a>'


# -- extraction --------------------------------------------------------------------------------

SECRET = "The hidden script sentence says the mayor resigned in shame on Friday."
PROSE = "".join(f"<p>The council met on Tuesday evening to discuss the budget for the coming year, part {i} of the "
                f"report on the long meeting at the town hall.</p>" for i in range(8))


def page(inside: str, before: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>Budget</title></head><body><article><h1>Budget talks</h1>"
            f"{before}{PROSE}{inside}</article></body></html>")


INERT = {
    "script": page(f"<script>var note = '{SECRET}';</script>"),
    "script as prose": page(f"<script>{SECRET}</script>"),
    "uppercase SCRIPT": page(f"<SCRIPT>{SECRET}</SCRIPT>"),
    "script inside p": page(f"<p>The vote was close and the chamber was full. <script>document.write('{SECRET}')</script>"
                            " Members will meet again next month to agree the final figures.</p>"),
    "script with a template type": page(f"<script type='text/template'><p>{SECRET}</p></script>"),
    "unclosed script": page("", before=f"<p>The council met again.</p><script>{SECRET}"),
    "style": page(f"<style>/* {SECRET} */ p {{ color: red }}</style>"),
    "noscript": page(f"<noscript><p>{SECRET}</p></noscript>"),
    "template": page(f"<template><p>{SECRET}</p><p>{SECRET}</p></template>"),
    "template in a short page": f"<html><body><div><p>Short text.</p><template><p>{SECRET}</p><p>{SECRET}</p></template>"
                                "</div></body></html>",
    "only a template": f"<html><body><template><p>{SECRET} {SECRET} {SECRET}</p></template></body></html>",
    "script in head": f"<html><head><script>{SECRET}</script></head><body>{PROSE}</body></html>",
}


@pytest.mark.parametrize(("name", "html"), INERT.items(), ids=INERT.keys())
def test_no_script_style_noscript_or_template_text_from_a_page(name, html):
    result = extract_page(html, "https://news.example/budget")
    text = result.text if result else ""
    assert "mayor" not in text
    if "council met on Tuesday" in html and name != "unclosed script":  # an unclosed <script> runs to the end, prose too
        assert "discuss the budget" in text


@pytest.mark.parametrize("html", INERT.values(), ids=INERT.keys())
def test_no_script_style_noscript_or_template_text_from_feed_html(html):
    assert "mayor" not in html_to_text(html)


@pytest.mark.parametrize("html", [
    f"<p>Kept words.</p><script>{SECRET}</script>",
    f"<p>Kept words.</p><SCRIPT type='text/javascript'>{SECRET}</SCRIPT>",
    f"<p>Kept words. <script>{SECRET}</script></p>",
    f"<p>Kept words.</p><script>{SECRET}",
    f"<p>Kept words.</p><style>{SECRET}</style><noscript>{SECRET}</noscript><template>{SECRET}</template>",
    f"<!DOCTYPE html><script>{SECRET}</script><p>Kept words.</p>",  # lxml refuses this fragment: the fallback path
])
def test_feed_html_keeps_the_prose_and_drops_the_script(html):
    text = html_to_text(html)
    assert "mayor" not in text
    assert "Kept words." in text


# -- feed HTML, through the feed parsers --------------------------------------------------------

FEED_INERT = {
    "script": f"<script>var note = '{SECRET}';</script>",
    "SCRIPT with attributes": f"<SCRIPT type='text/javascript' async>{SECRET}</SCRIPT>",
    "style": f"<style>/* {SECRET} */ p {{ color: red }}</style>",
    "template": f"<template><p>{SECRET}</p></template>",
    "noscript": f"<noscript><p>{SECRET}</p></noscript>",
    "iframe fallback": f"<iframe src='https://x.example/'>{SECRET}</iframe>",
    "object fallback": f"<object data='x.swf'><p>{SECRET}</p></object>",
    "noembed": f"<noembed>{SECRET}</noembed>",
    "textarea": f"<textarea>{SECRET}</textarea>",
}


def feed_document(where: str, inner: str) -> tuple[bytes, str]:
    """A feed with one item whose HTML (prose, then ``inner``) sits in ``where``; (body, content type)."""
    html = f"<p>Kept words about the council budget.</p>{inner}<p>Closing words of the report.</p>"
    rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           "<channel><title>t</title><link>http://127.0.0.1:9/</link><description>d</description><item><title>Budget</title>"
           "<link>http://127.0.0.1:9/a</link>{}</item></channel></rss>")
    atom = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id>'
            "<entry><title>Budget</title><id>urn:1</id><updated>2026-11-21T10:00:00Z</updated>{}</entry></feed>")
    if where == "rss description":
        return rss.format(f"<description>{escape(html)}</description>").encode(), "application/rss+xml"
    if where == "rss content:encoded":
        return rss.format(f"<description>Short.</description><content:encoded><![CDATA[{html}]]></content:encoded>").encode(), \
            "application/rss+xml"
    if where == "atom content html":
        return atom.format(f'<content type="html">{escape(html)}</content>').encode(), "application/atom+xml"
    if where == "atom summary html":
        return atom.format(f'<summary type="html">{escape(html)}</summary>').encode(), "application/atom+xml"
    if where == "atom content xhtml":
        xhtml = html.replace("<template>", '<template xmlns="http://www.w3.org/1999/xhtml">')
        return atom.format(f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{xhtml}</div></content>').encode(), \
            "application/atom+xml"
    item = {"id": "1", "title": "Budget", "url": "http://127.0.0.1:9/a", "content_html": html}
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [item]}).encode(), \
        "application/feed+json"


FEED_PLACES = ["rss description", "rss content:encoded", "atom content html", "atom summary html", "atom content xhtml",
               "json content_html"]


@pytest.mark.parametrize("kind", FEED_INERT, ids=FEED_INERT.keys())
@pytest.mark.parametrize("where", FEED_PLACES)
def test_no_inert_element_text_from_any_place_in_a_feed(where, kind):
    # feedparser's sanitizer dropped <template> and <noscript> tags but kept their text, which then read as prose.
    body, content_type = feed_document(where, FEED_INERT[kind])
    result = parse_feed(FeedSource(url="http://127.0.0.1:9/feed"), body, {"Content-Type": content_type})
    [entry] = result.entries
    text = feed_text(entry.content, entry.content_is_html)
    assert "mayor" not in text
    assert "Kept words about the council budget." in text and "Closing words of the report." in text
