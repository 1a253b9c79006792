"""A loopback server of hostile feeds and pages beside one good feed, and what a digest must say of each.

Shared by ``benchmarks/hostile.py`` (each case alone, then all together, timed, memory sampled) and
``tests/flows/test_hostile_together.py`` (the properties, with a short ``fetch.timeout``). Every case
is served from its own path by one threaded server on 127.0.0.1 that writes raw HTTP, so a case
can dribble, loop or lie about its charset.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

GOOD_TITLES = ["Harbour bridge reopens after repairs", "Library extends its opening hours"]
# Distinct topics, so every item is a story of its own; each over fetch.teaser_words (80), so no page is fetched.
TOPICS = [
    "Ferry crews at the northern harbour walked out on Monday over night-shift rosters. Passengers queued for hours "
    "at the terminal while tugboats held cargo vessels offshore. The port authority promised talks by Friday.",
    "The city orchestra opened its season with a cello concerto that drew a standing ovation. The conductor thanked "
    "violinists who had rehearsed through the summer heat. Tickets for the spring programme sell from next week.",
    "Farmers in the southern plains expect the smallest wheat harvest in a decade after months without rain. Grain "
    "silos stand half empty and seed prices have doubled. Agronomists urge drought-resistant varieties.",
    "Engineers launched a weather satellite from the coastal spaceport shortly before dawn. The rocket placed it in a "
    "polar orbit after nine minutes. Its cameras will photograph storms over the ocean every hour.",
    "Curators unveiled a restored medieval altarpiece after six years of painstaking cleaning. Visitors can see the "
    "gilded panels in the east gallery. The museum will open late on Thursdays during the exhibition.",
    "Commuters faced cancelled trains after a signalling fault near the central junction. Rail managers blamed a "
    "cable fire and said repairs would last until Sunday. Replacement buses run every twenty minutes.",
    "Surgeons at the children's hospital performed the region's first robotic heart operation. The patient, aged "
    "nine, is recovering on the cardiac ward. Doctors hope to offer the procedure to forty families a year.",
    "Turnout in the mayoral election reached a record as queues formed outside polling stations. Counting continued "
    "overnight in the old town hall. Both candidates urged calm until the result is declared.",
    "Beekeepers reported a sudden collapse of hives across the valley after an unusually wet spring. Honey yields "
    "fell by half and orchard growers fear poor pollination. Scientists are testing samples for parasites.",
    "A chess prodigy aged twelve won the national championship after a tense final against the defending title "
    "holder. Spectators crowded the hall to watch the endgame. She will represent the country at the olympiad.",
    "Volunteers cleared three tonnes of plastic from the river estuary over the weekend. Divers recovered tyres, "
    "fishing nets and a rusted bicycle. The council will install new litter traps upstream.",
    "The observatory on the mountain ridge recorded a bright comet visible to the naked eye. Astronomers expect it "
    "to brighten further before it passes the sun in March. Amateur clubs plan public viewing nights.",
]


def body(n: int, lead: str = "") -> str:
    """An article of over 80 words on topic ``n``, as HTML paragraphs."""
    sentences = [x.strip().rstrip(".") + "." for x in TOPICS[n % len(TOPICS)].split(". ")]
    more = ["Officials said more details would follow later in the week.", "Local reporters followed the story closely."]
    return (f"<p>{lead}</p>" if lead else "") + "".join(f"<p>{x}</p>" for x in sentences + more + sentences)


# What must never reach a digest: link schemes, script text, mojibake.
ACTIVE = ["javascript:", "JAVASCRIPT:", "vbscript:", "data:text", "urn:isbn", "alert(9)"]
INERT_TEXT = "The secret script sentence must never be read."
MOJIBAKE = ["Ã©", "â‚¬", "â€"]
MAX_LINE = 100_000  # characters in one line of a digest: a summary of a few sentences is a few hundred


@dataclass(frozen=True)
class Case:
    """One hostile feed: its path on the server, and what the digest must list for it under "Feeds with
    problems" (None: nothing, the feed is read whole)."""

    name: str
    path: str
    expect: str | None
    titles: tuple[str, ...] = ()  # titles of its own that must appear (a feed read despite its faults)


def _date(now: datetime, hours: float) -> str:
    return format_datetime(now - timedelta(hours=hours))


def rss(items: list[tuple[str, str, str, str]], title: str = "Feed", encoding: str = "utf-8") -> str:
    """RSS 2.0; items: (title, link, pubDate, HTML body)."""
    parts = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid isPermaLink=\"false\">{escape(t)}</guid>"
                    f"<pubDate>{d}</pubDate><description>{escape(body)}</description></item>" for t, link, d, body in items)
    return (f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://127.0.0.1:9/</link><description>d</description>{parts}</channel></rss>")


def gzipped(chunks: Iterator[bytes] | bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(c) for c in ([chunks] if isinstance(chunks, bytes) else chunks)]
    return b"".join(parts) + packer.flush()


@dataclass
class Answer:
    """What the server sends on one path: status, headers, body; ``drip``: seconds between bytes, from
    ``drip_from`` ("headers" or "body") on; ``delay``: seconds before answering."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] | None = None
    drip: float = 0.0
    drip_from: str = "body"
    delay: float = 0.0


class HostileServer:
    """Raw HTTP/1.1 on 127.0.0.1, one thread per connection, closed after each answer."""

    def __init__(self, now: datetime, slow: float) -> None:
        """``slow``: how long the slow and dribbling cases take, at least (longer than the client's timeout)."""
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.routes: dict[str, Callable[[], Answer]] = {}
        self.cases = _cases(self, now, slow)
        threading.Thread(target=self._serve, daemon=True, name="hostile-server").start()

    def url(self, path: str) -> str:
        return self.base + path

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ", 2)[1].split("?")[0] if " " in request else "/"
                route = self.routes.get(path)
                answer = route() if route else Answer(b"not found", 404, {"Content-Type": "text/plain"})
                if answer.delay and self.stop.wait(answer.delay):
                    return
                reason = {200: "OK", 302: "Found", 404: "Not Found", 500: "Internal Server Error"}.get(answer.status, "X")
                headers = {"Content-Type": "application/rss+xml", **(answer.headers or {})}
                headers.setdefault("Content-Length", str(len(answer.body)))
                head = f"HTTP/1.1 {answer.status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                data = head.encode("latin-1") + b"Connection: close\r\n\r\n" + answer.body
                if not answer.drip:
                    conn.sendall(data)
                    return
                first_line = len(f"HTTP/1.1 {answer.status} {reason}\r\n")
                start = first_line if answer.drip_from == "headers" else len(data) - len(answer.body)
                conn.sendall(data[:start])
                for i in range(start, len(data)):
                    if self.stop.wait(answer.drip):
                        return
                    conn.sendall(data[i:i + 1])
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()

    def good_url(self) -> str:
        return self.url("/good.xml")


def _cases(server: HostileServer, now: datetime, slow: float) -> list[Case]:
    """Register every case's route on ``server``; the cases in the order they are listed."""
    routes = server.routes
    nowhere = "http://127.0.0.1:9"

    def fixed(answer: Answer) -> Callable[[], Answer]:
        return lambda: answer

    def good_items(prefix: str = "") -> list[tuple[str, str, str, str]]:
        return [(f"{prefix}{t}", f"{nowhere}/good/{i}", _date(now, 1 + i), body(i)) for i, t in enumerate(GOOD_TITLES)]

    routes["/good.xml"] = fixed(Answer(rss(good_items(), "Good Gazette").encode()))
    cases: list[Case] = []

    def add(name: str, answer: Answer | Callable[[], Answer], expect: str | None, titles: tuple[str, ...] = ()) -> None:
        path = f"/{name}"
        routes[path] = answer if callable(answer) else fixed(answer)
        cases.append(Case(name, path, expect, titles))

    zeros = bytes(1 << 20)
    bomb = gzipped(gzipped(zeros for _ in range(256)))  # 256 MB of zeros in a few kilobytes, three layers with the header
    add("gzip-bomb", Answer(bomb, headers={"Content-Encoding": "gzip"}), "expands to more than 10 MB when decompressed")
    add("compressed-over-and-over", Answer(_times(gzipped, rss(good_items("Z "), "Z").encode(), 5)),
        "compressed more than 3 times over")
    add("too-large", Answer(b"<rss>" + b" " * 11_000_000 + b"</rss>"), "larger than the 10,000,000-byte limit")
    add("deep-json", Answer(b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"title": "deep", "x": '
                            + b"[" * 50_000 + b"]" * 50_000 + b"}]}", headers={"Content-Type": "application/feed+json"}),
        "nested more than 64 levels deep")
    wrong = {"version": "https://jsonfeed.org/version/1.1", "title": {"x": 1},
             "items": [{"title": {"t": 1}, "url": [1], "content_html": {"h": 1}, "id": {"a": 1}}] * 5}
    add("wrong-types", Answer(json.dumps(wrong).encode(), headers={"Content-Type": "application/feed+json"}),
        "none of the feed's 5 items could be read")
    add("dribbling-headers", Answer(rss(good_items("D "), "D").encode(), drip=0.25, drip_from="headers"),
        "took longer than")
    add("dribbling-body", Answer(rss(good_items("E "), "E").encode(), drip=0.25), "took longer than")
    add("slow-feed", Answer(rss(good_items("S "), "S").encode(), delay=slow + 5), "took longer than")
    many = [(f"Item number {n}", f"{nowhere}/many/{n}", _date(now, 24 * 40 + n / 60), f"<p>Body {n}.</p>") for n in range(10_000)]
    add("ten-thousand-items", Answer(rss(many, "Many").encode()),
        "the feed has 10,000 items: read the first 1,000, kept the newest 500, left out 9,500")
    utf8 = "Café prices rise by 5 € – a crème brûlée now costs more"
    add("wrong-charset", Answer(rss([(utf8, f"{nowhere}/charset", _date(now, 2), body(2, utf8))], "C",
                                    encoding="windows-1252").encode("utf-8"),
                                headers={"Content-Type": "application/rss+xml; charset=windows-1252"}),
        None, titles=(utf8,))
    pasted = body(3).encode("utf-8") + " \x93quoted\x94".encode("latin-1")
    mixed_feed = rss([("Mixed feed ünïcödé item", f"{nowhere}/mixed", _date(now, 3), "BODY")], "M").encode()
    add("mixed-charset", Answer(mixed_feed.replace(b"BODY", pasted)), "mixes UTF-8 with another charset: 2 bytes",
        titles=("Mixed feed ünïcödé item",))
    links = ["JAVASCRIPT:alert(9)", "vbscript:msgbox(9)", "data:text/html;base64,PHNjcmlwdD4=", "urn:isbn:0451450523"]
    headlines = ["Chess prodigy wins the title", "Volunteers clear the estuary", "Comet seen from the ridge", "Bees vanish"]
    active = [(headlines[i], link, _date(now, 4 + i),
               body((9, 10, 11, 8)[i]) + f"<script>{INERT_TEXT}</script><template>{INERT_TEXT}</template>"
               f"<noscript>{INERT_TEXT}</noscript><style>/* {INERT_TEXT} */</style>") for i, link in enumerate(links)]
    add("active-content", Answer(rss(active, "A").encode()), None, titles=tuple(t for t, *_ in active))
    add("dying-parser", Answer(b'<rss version="2.0"><channel><item><title>&#xD800; &amp x</title></item></channel></rss>'),
        "the feed could not be parsed")
    add("redirect-loop", lambda: Answer(status=302, headers={"Location": server.url("/redirect-loop")}),
        "more than 5 redirects")
    add("huge-single-line", Answer(rss([("One very long line", f"{nowhere}/line", _date(now, 5),
                                          "<p>" + "word " * 1_500_000 + "</p>")], "L").encode()), None,
        titles=("One very long line",))
    add("invalid-xml", Answer(b"<<<rss>>> <channel <item>>> &&& </" * 1000), "the feed is malformed and no entry could be read")
    add("html-page", Answer(b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
                            headers={"Content-Type": "text/html; charset=utf-8"}), "gave an HTML page, not a feed")
    add("empty", Answer(b""), "empty body")
    add("http-500", Answer(b"oops", 500), "HTTP 500")
    routes["/pages/slow.html"] = fixed(Answer(b"<html><body><p>late</p></body></html>", delay=slow + 5,
                                        headers={"Content-Type": "text/html"}))
    teaser = [("Teaser with a slow page", server.url("/pages/slow.html"), _date(now, 6), "<p>Short teaser.</p>")]
    add("slow-page", Answer(rss(teaser, "P").encode()), "1 article page could not be read",
        titles=("Teaser with a slow page",))
    future = [("Dated far in the future", f"{nowhere}/future", "Sat, 01 Jan 2999 00:00:00 +0000", body(4))]
    add("far-future", Answer(rss(future, "F").encode()), None, titles=("Dated far in the future",))
    return cases


def _times(fn: Callable[[bytes], bytes], data: bytes, n: int) -> bytes:
    for _ in range(n):
        data = fn(data)
    return data


def config_text(urls: list[str], names: list[str], timeout: float) -> str:
    feeds = "\n".join(f"  - url: {u}\n    name: {n}" for u, n in zip(urls, names))
    return (f"feeds:\n{feeds}\nfetch:\n  timeout: {timeout}\nprofiles:\n  main:\n    sentences: 2\n"
            "    formats: [markdown]\n    first_run_window: 30d\n")


def check(output: str, stderr: str, good: bool, cases: list[Case], server: HostileServer) -> list[str]:
    """What is wrong with a digest made of the good feed (``good``) and ``cases``: [] when nothing is."""
    wrong: list[str] = []
    plain = output.replace("\\", "")
    if "Traceback" in stderr or "Traceback" in output:
        wrong.append("a traceback reached the user")
    if good:
        wrong += [f"the good feed's {t!r} is missing" for t in GOOD_TITLES if t not in plain]
    problems = plain.split("Feeds with problems", 1)[1] if "Feeds with problems" in plain else ""
    lines = {line for line in problems.splitlines() if line.startswith("- ")}
    for case in cases:
        listed = [line for line in lines if f"**Bad {case.name}**" in line]
        if case.expect is None and listed:
            wrong.append(f"{case.name}: listed although it should be read whole: {listed[0][:200]}")
        if case.expect is not None and not any(case.expect in line for line in listed):
            wrong.append(f"{case.name}: not listed with {case.expect!r}: {listed[:1]}")
        wrong += [f"{case.name}: its item {t!r} is missing" for t in case.titles if t not in plain]
    for marker in ACTIVE + MOJIBAKE + [INERT_TEXT[:20], "2999"]:
        if marker in output:
            wrong.append(f"{marker!r} reached the digest")
    longest = max((len(line) for line in output.splitlines()), default=0)
    if longest > MAX_LINE:
        wrong.append(f"a line of {longest:,} characters reached the digest")
    if re.search(r"\]\((?!https?://)", output):
        wrong.append("a link that is not http(s) reached the digest")
    return wrong
