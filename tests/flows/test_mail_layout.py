"""The digest e-mail as a real SMTP server on 127.0.0.1 receives it from ``newsdigest digest --send``: a headline
list above five stories, a preheader, dark-mode styles that are readable, and one date format in every place."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import lxml.html
import pytest
from support.cli import run_cli
from support.feeds import item, rss, unique_body
from support.http import FeedServer, Route
from support.smtp import SmtpServer

NOW = datetime.now(timezone.utc).replace(second=0, microsecond=0)
ZONE = "Asia/Tokyo"  # far from UTC, so a date written in the wrong zone shows


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def _title(n: int) -> str:
    return re.sub(r"<[^>]+>", "", unique_body(n + 700, sentences=1)).split(".")[0][:60].strip()


def _send(server: FeedServer, smtp: SmtpServer, tmp_path: Path, stories: int) -> EmailMessage:
    items = [item(n, NOW - timedelta(hours=n, minutes=7 * n), body=unique_body(n), title=_title(n))
             for n in range(1, stories + 1)]
    server.routes["/feed.xml"] = Route(body=rss(items, title="Tiny Times"))
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"""timezone: {ZONE}
feeds:
  - url: {server.url("/feed.xml")}
    name: Tiny Times
mail:
  host: 127.0.0.1
  port: {smtp.port}
  security: plain
  from: News Digest <digest@example.org>
  timeout: 5
profiles:
  morning:
    title: Morning digest
    sentences: 1
    deliver:
      email:
        to: [reader@example.org]
""")
    ran = run_cli("digest", "-c", str(cfg), "--send", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    (msg,) = smtp.inbox.parsed()
    return msg


def _parts(msg: EmailMessage) -> tuple[str, str]:
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def _headlines(doc: lxml.html.HtmlElement) -> list[str]:
    return [h.text_content().strip() for h in doc.xpath("//h2") if h.text_content().strip() != "Feeds with problems"]


def test_more_than_five_stories_open_with_a_headline_list_linking_to_each(server, smtp, tmp_path):
    text, page = _parts(_send(server, smtp, tmp_path, stories=6))
    doc = lxml.html.fromstring(page)
    toc = doc.xpath("//ol//a")
    assert [a.text_content() for a in toc] == _headlines(doc)  # every story, in the digest's order
    anchors = set(doc.xpath("//h2//a[@id]/@id"))
    assert [a.get("href")[1:] for a in toc if a.get("href", "").startswith("#")] == [f"story-{n}" for n in range(1, 7)]
    assert {a.get("href")[1:] for a in toc} <= anchors  # each link lands on its story
    assert "In this digest:" in text and all(f"{n:2d}. {t}" in text for n, t in enumerate(_headlines(doc), 1))


def test_again_after_a_sent_digest_shows_the_e_mail_as_it_went_out(server, smtp, tmp_path):
    text, page = _parts(_send(server, smtp, tmp_path, stories=3))
    again = run_cli("digest", "-c", str(tmp_path / "config.yaml"), "--again", "-f", "text", "-q", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == text.replace("\r\n", "\n").strip()  # the stored plain-text part, as sent
    assert len(smtp.inbox.messages) == 1  # --again sends nothing


def test_five_stories_or_fewer_have_no_headline_list(server, smtp, tmp_path):
    text, page = _parts(_send(server, smtp, tmp_path, stories=5))
    doc = lxml.html.fromstring(page)
    assert len(_headlines(doc)) == 5
    assert doc.xpath("//ol") == [] and "In this digest" not in page and "In this digest" not in text


def test_the_preheader_is_hidden_and_previews_the_top_headlines(server, smtp, tmp_path):
    _, page = _parts(_send(server, smtp, tmp_path, stories=4))
    doc = lxml.html.fromstring(page)
    body = doc.xpath("//body")[0]
    first = body[0]  # the first thing in the body is what a client previews
    assert first.tag == "div" and "display:none" in first.get("style").replace(" ", "")
    preview = " ".join(first.text_content().split())
    top = _headlines(doc)[:3]
    assert preview.startswith(" · ".join(top))
    assert _headlines(doc)[3] not in preview


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_declared_dark_mode_has_styles_and_they_are_readable(server, smtp, tmp_path):
    _, page = _parts(_send(server, smtp, tmp_path, stories=6))
    doc = lxml.html.fromstring(page)
    assert "dark" in doc.xpath("//meta[@name='color-scheme']/@content")[0]
    block = re.search(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", page, re.S)
    assert block is not None
    rules = {m[1]: dict(re.findall(r"([a-z-]+):(#[0-9a-f]{6})", m[2]))
             for m in re.finditer(r"\.(nd-[a-z]+) \{([^}]*)\}", block[1])}
    card = rules["nd-card"]["background"]
    for cls in ("nd-text", "nd-muted", "nd-link", "nd-update"):
        assert _contrast(rules[cls]["color"], card) >= 4.5, cls  # WCAG AA for body text
    for cls in ("nd-page", "nd-card", "nd-text", "nd-muted", "nd-link", "nd-rule"):  # "Update" labels: none in this digest
        assert doc.find_class(cls), cls  # each rule styles something in the message
    assert _contrast(rules["nd-card"]["color"], card) >= 7
    assert _luminance(rules["nd-page"]["background"]) < 0.05 and _luminance(card) < 0.05  # dark, not the light look


DATE = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [1-9]\d? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}"
OTHER_STYLES = [r"\d{4}-\d{2}-\d{2}", r"\d{1,2}/\d{1,2}/\d{2,4}", r"\b0\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b",
                r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|"
                r"August|September|October|November|December)"]


def test_one_date_format_in_the_subject_header_story_lines_and_plain_text(server, smtp, tmp_path):
    from zoneinfo import ZoneInfo

    msg = _send(server, smtp, tmp_path, stories=3)
    text, page = _parts(msg)
    doc = lxml.html.fromstring(page)
    visible, title = doc.xpath("//body")[0].text_content(), doc.xpath("//title")[0].text_content()
    for where in (msg["Subject"], title, visible, text):
        for style in OTHER_STYLES:
            assert not re.search(style, where), (style, where[:300])
    local = NOW.astimezone(ZoneInfo(ZONE))
    expected_story_dates = []
    for n in range(1, 4):
        d = (NOW - timedelta(hours=n, minutes=7 * n)).astimezone(ZoneInfo(ZONE))
        expected_story_dates.append(f"{d:%a} {d.day} {d:%b %Y}, {d:%H:%M}")
    html_dates = re.findall(DATE + r"(?:, \d\d:\d\d)?", visible)
    text_dates = re.findall(DATE + r"(?:, \d\d:\d\d)?", text)
    assert html_dates[1:] == text_dates[1:] == expected_story_dates  # story lines, newest first, in the profile's zone
    assert html_dates[0] == text_dates[0] and html_dates[0].startswith(f"{local:%a} {local.day} {local:%b %Y}, ")
    assert re.fullmatch(r"Morning digest: 3 stories, " + DATE, msg["Subject"])
    day = html_dates[0].split(", ")[0]
    assert msg["Subject"].endswith(day) and title.endswith(day)  # the subject's and the title's day: the header's
