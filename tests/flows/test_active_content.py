"""Hostile feeds and pages through ``newsdigest digest``: no active link and no script text in any format."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from support.cli import run_cli
from support.feeds import body_for
from support.http import FeedServer, Route

NOW = datetime.now(timezone.utc)

HOSTILE_LINKS = ["JAVASCRIPT:alert(9)", "vbscript:msgbox(9)", "data:text/html;base64,PHNjcmlwdD4=", "urn:isbn:0451450523",
                 "java&#x09;script:alert(9)", "%6Aavascript:alert(9)", "file:///etc/passwd", "http://[::1/x"]
MARKERS = ["alert(9)", "msgbox", "data:text", "urn:isbn", "avascript", "/etc/passwd", "[::1"]
FEED_SCRIPT = "Officials confirmed the feed script sentence was never meant for readers."
PAGE_SCRIPT = "The minister quietly resigned after the vote, officials said on Monday."

PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Dam repairs begin</title>
<script>var note = "{PAGE_SCRIPT}";</script></head><body>
<article><h1>Dam repairs begin after record floods</h1>
<p>Engineers began repairing the Oldwater dam on Monday after record floods damaged its northern wall last month.</p>
<script>{PAGE_SCRIPT}</script>
<p>The regional water authority said the work would take about eight weeks and cost close to four million euros.
<SCRIPT>document.write("{PAGE_SCRIPT}")</SCRIPT> Residents were told the reservoir would stay low.</p>
<noscript><p>{PAGE_SCRIPT}</p></noscript>
<p>Inspectors found cracks in two concrete sections, but said the structure was never at risk of failing.</p>
<p>The authority will publish weekly updates on its website while the work continues through the winter.</p>
<script>{PAGE_SCRIPT}
</article></body></html>"""


def feed(items: list[tuple[str, str, str]]) -> bytes:
    """RSS with content:encoded; each item: (title, link, content HTML)."""
    parts = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link><guid isPermaLink=\"false\">g{i}</guid>"
        f"<pubDate>{format_datetime(NOW - timedelta(minutes=10 + i))}</pubDate>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>"
        for i, (title, link, content) in enumerate(items)
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Hostile Herald</title><link>http://127.0.0.1:9/</link><description>t</description>{parts}"
            "</channel></rss>").encode()


# Headlines of body_for(0..7), so each item is a story of its own.
TITLES = ["Ferry crews strike", "Orchestra opens season", "Wheat harvest fails", "Weather satellite launched",
          "Altarpiece restored", "Signalling fault cancels trains", "Robotic heart surgery", "Record mayoral turnout"]


def test_digest_shows_no_hostile_link_and_no_script_text(server: FeedServer, tmp_path, clean_home):
    items = [(f"{TITLES[i]}", link, f"<p>Lead words {i}.</p><script>{FEED_SCRIPT}</script>{body_for(i)}"
              f"<SCRIPT>{FEED_SCRIPT}</SCRIPT>")
             for i, link in enumerate(HOSTILE_LINKS)]
    items.append(("Dam repairs begin after record floods", server.url("/articles/dam.html"), "<p>Repairs start on the dam.</p>"))
    server.routes["/hostile.xml"] = Route(body=feed(items))
    server.routes["/articles/dam.html"] = Route(body=PAGE.encode(), content_type="text/html; charset=utf-8")
    outputs = {}
    for fmt in ("markdown", "html", "text"):
        ran = run_cli("digest", "--feed", server.url("/hostile.xml"), "--dry-run", "-f", fmt, "--sentences", "5",
                      home=clean_home, cwd=tmp_path)
        assert ran.returncode == 0, ran.stderr
        outputs[fmt] = ran.stdout
    assert any(s.path == "/articles/dam.html" for s in server.requests)  # the teaser's page was read

    md, html, text = outputs["markdown"], outputs["html"], outputs["text"]
    for output in outputs.values():
        for title in TITLES:
            assert title in output  # every title stays, as text
        assert "eight weeks" in output  # the page's own prose is there
        assert "feed script sentence" not in output and "quietly resigned" not in output
        # feedparser resolves what looks relative ("%6Aavascript:…") against the feed: a harmless address on the server.
        rest = re.sub(re.escape(server.base) + r"[^\s)\"<>]*", "", output)
        for marker in MARKERS:
            assert marker not in rest
    assert all(t.startswith(server.base + "/") for t in re.findall(r"\]\(([^)]*)\)", md))
    links = [t for t in re.findall(r'href="([^"]*)"', html) if not re.fullmatch(r"#story-\d+", t)]  # the headline list's
    assert links and all(t.startswith(server.base + "/") for t in links)
    assert "## Ferry crews strike\n" in md and "## Weather satellite launched\n" in md
    assert f"## [Dam repairs begin after record floods]({server.url('/articles/dam.html')})" in md
    assert f"   {server.url('/articles/dam.html')}\n" in text
