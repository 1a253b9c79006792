"""Stories as a reader meets them: real digests over labelled news, read back story by story.

    python -m benchmarks.digest_quality [--cases] [--no-farm] [--history] [--in-process]

What it does, for each set (from ../shared/data; exits cleanly when absent):

* ``cluster_news_cluster_en`` (dev): the articles sorted by date and cut into 72-hour windows
  (a window starts at the first article not yet placed). Each window is served on 127.0.0.1 as
  one RSS 2.0 feed per outlet (title, link, description, the full text in ``content:encoded``,
  dates shifted so the window ends an hour ago), and a real digest is made over those feeds
  with a fresh state database: the pipeline's own fetch, parse, clean, summarise, group, rank.
* ``cluster_cstnews_pt`` (dev): no dates, so one batch, one feed per outlet.
* Merge traps with no real data needed: the demo corpus (13 stories, two shared) and a small
  synthetic farm (``benchmarks/support/farm.py``: events made from one template, differing in
  place, people and amounts).

Read back from each digest: which articles each story shows (the lead, the sentences' sources,
"also reported by", and the copies it hides). Printed per set:

* events shown as more than one story ("split"), of the events in each window;
* stories holding more than one event ("merged");
* pairwise precision and recall over article pairs of one window (72 h);
* B-cubed precision, recall and F1 over all shown articles;
* the same for a plain TF-IDF average-link baseline (title + description + text, sublinear
  counts, smoothed IDF fitted on the window, stop words removed) at the single threshold that
  is best over all windows of the set (an oracle: tuned on the very data it is scored on).

With ``--cases`` every split event and merged story is printed with its headlines and outlets,
so a person can read what went wrong.

``--in-process`` skips the feeds and the pipeline: each window's articles are made as the
pipeline makes them from a feed (the same text cleaning and title stripping; the farm's pages
through the same extraction) and grouped with :func:`bot.group.group` directly, with term
statistics from the batch as a fresh install has. A few seconds for every set, for trying a
rule; it gave the real digests' figures on all three sets when written, but quote the real run.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from benchmarks._common import DATA, iso_date, load_jsonl, machine_load

if TYPE_CHECKING:
    from bot.app import App
    from bot.config import Config
WINDOW = timedelta(hours=72)


# -- data ---------------------------------------------------------------------------------------


@dataclass
class Item:
    id: str
    outlet: str
    title: str
    description: str
    text: str
    url: str
    published: datetime | None
    event: str


def load_news_en() -> list[Item]:
    rows = load_jsonl(DATA / "cluster_news_cluster_en" / "articles.dev.jsonl")
    return [Item(r["id"], r["source_domain"], r["title"] or "", r.get("description") or "", r["text"] or "",
                 r["url"], iso_date(r.get("date_publish")), str(r["event_id"])) for r in rows]


def load_cstnews() -> list[Item]:
    rows = load_jsonl(DATA / "cluster_cstnews_pt" / "documents.dev.jsonl")
    return [Item(r["id"], r["outlet"], r["title"] or "", "", r["text"] or "",
                 f"https://{r['outlet'].lower()}.example/{re.sub(r'[^A-Za-z0-9]+', '-', r['id'])}", None,
                 r["cluster_id"]) for r in rows]


def windows(items: list[Item]) -> list[list[Item]]:
    """72-hour windows: each starts at the first article not yet in one."""
    dated = sorted((i for i in items if i.published), key=lambda i: i.published)  # type: ignore[arg-type, return-value]
    out: list[list[Item]] = []
    for item in dated:
        if out and item.published - out[-1][0].published < WINDOW:  # type: ignore[operator]
            out[-1].append(item)
        else:
            out.append([item])
    return out


# -- serving a window as feeds ------------------------------------------------------------------


def _rss(outlet: str, items: list[Item], shift: timedelta | None, base: str) -> bytes:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
             f'xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
             f"<title>{escape(outlet)}</title>\n<link>{base}/</link>\n<description>{escape(outlet)}</description>\n"]
    for it in items:
        body = "".join(f"<p>{escape(p.strip())}</p>" for p in it.text.split("\n") if p.strip())
        date = f"<pubDate>{format_datetime(it.published + shift)}</pubDate>\n" if it.published and shift else ""
        parts.append(f"<item>\n<title>{escape(it.title)}</title>\n<link>{escape(it.url)}</link>\n"
                     f"<guid isPermaLink=\"false\">{escape(it.id)}</guid>\n{date}"
                     f"<description>{escape(it.description)}</description>\n"
                     f"<content:encoded><![CDATA[{body.replace(']]>', ']]&gt;')}]]></content:encoded>\n</item>\n")
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")


class FeedSite:
    """Serves ``routes`` (path → bytes) on 127.0.0.1, as ``content_type``."""

    def __init__(self, content_type: str = "application/rss+xml; charset=utf-8") -> None:
        self.routes: dict[str, bytes] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                body = site.routes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- one digest ---------------------------------------------------------------------------------


@dataclass
class Shown:
    """A digest read back: per story, the ids of the articles it stands for."""

    stories: list[list[str]]
    headlines: list[str]
    markdown: str
    outlets: list[list[str]] = field(default_factory=list)


def _build_app(config: Config, state: str, stack: ExitStack) -> App:
    from bot.app import App

    return App.build(config, state, stack)


_feed_paths = iter(range(1, 1_000_000))


def make_digest(site: FeedSite, groups: dict[str, list[Item]], now: datetime, shift: timedelta | None,
                sentences: int = 3, state_dir: Path | None = None) -> Shown:
    """One digest over ``groups`` (outlet → items). With ``state_dir`` the state database is kept
    there and the digest is marked delivered, so later digests have a history, as a deployment has."""
    from bot.config import parse_config
    from bot.outbox import mark_delivered
    from bot.pipeline import run
    from bot.render import make_environment, render

    by_url: dict[str, str] = {}
    feeds = []
    for outlet, items in sorted(groups.items()):
        path = f"/feed/{next(_feed_paths)}.xml"  # a new feed each time: windows never share a feed's history
        site.routes[path] = _rss(outlet, items, shift, site.base)
        feeds.append({"url": site.base + path, "name": outlet})
        for it in items:
            by_url[it.url] = it.id
    config_text = json.dumps({
        "timezone": "UTC",
        "feeds": feeds,
        "profiles": {"bench": {"title": "Benchmark digest", "sentences": sentences, "first_run_window": "2w"}},
        "fetch": {"fetch_pages": False, "timeout": 30, "concurrency": 8, "per_host": 8},
    })
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        config = parse_config(config_text, "<benchmark>")
        state = str((state_dir or Path(tmp)) / "state.db")
        app = _build_app(config, state, stack)
        report = run(app.config, "bench", app.store, app.http, app.workers, now, since=timedelta(days=14))
        markdown = render(report.digest, "markdown", make_environment())
        if state_dir is not None:
            mark_delivered(app.store, report, now)
        links = _entry_links(state)
    story_of_entry = {a.entry_id: k for k, s in enumerate(report.digest.stories) for a in s.articles}
    # Copies the digest folds into an article it shows stand with that article's story.
    for repeat, shown_entry in report.duplicates.items():
        if shown_entry in story_of_entry and repeat not in story_of_entry:
            story_of_entry[repeat] = story_of_entry[shown_entry]
    stories: list[list[str]] = [[] for _ in report.digest.stories]
    for entry, k in story_of_entry.items():
        stories[k].append(by_url.get(links.get(entry) or "", f"?{entry}"))
    return Shown(stories, [s.lead.title for s in report.digest.stories], markdown,
                 [s.outlets for s in report.digest.stories])


def _entry_links(state: str) -> dict[int, str]:
    """Entry id → link as the feed gave it, read from the state file (the benchmark's own look)."""
    import sqlite3

    with sqlite3.connect(state) as db:
        return dict(db.execute("select id, link from entries"))


# -- scores -------------------------------------------------------------------------------------


@dataclass
class Score:
    events: int = 0
    split: int = 0
    stories: int = 0
    merged: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    labels_pred: list[str] = field(default_factory=list)
    labels_gold: list[str] = field(default_factory=list)
    split_cases: list[str] = field(default_factory=list)
    merge_cases: list[str] = field(default_factory=list)
    missing: int = 0

    def add(self, window: int, stories: list[list[str]], gold: dict[str, str], titles: dict[str, str],
            outlets: dict[str, str], headlines: list[str] | None = None) -> None:
        story_of = {i: k for k, members in enumerate(stories) for i in members if i in gold}
        self.missing += sum(1 for i in gold if i not in story_of)
        events: dict[str, set[int]] = defaultdict(set)
        for i, k in story_of.items():
            events[gold[i]].add(k)
        self.events += len(events)
        for ev, ks in sorted(events.items()):
            if len(ks) > 1:
                self.split += 1
                lines = [f"  split  [w{window}] event {ev}: {len(ks)} stories"]
                for n, k in enumerate(sorted(ks), 1):
                    lines += [f"    story {n}: {_one_line(titles[i])[:90]} ({outlets[i]})"
                              for i in stories[k] if gold.get(i) == ev]
                self.split_cases.append("\n".join(lines))
        shown = [[i for i in members if i in gold] for members in stories]
        shown = [m for m in shown if m]
        self.stories += len(shown)
        for members in shown:
            evs = Counter(gold[i] for i in members)
            if len(evs) > 1:
                self.merged += 1
                lines = [f"  merged [w{window}] {len(members)} articles, events {dict(evs)}"]
                lines += [f"      [{gold[i]}] {_one_line(titles[i])[:90]} ({outlets[i]})" for i in members]
                self.merge_cases.append("\n".join(lines))
        ids = sorted(story_of)
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                same_pred = story_of[ids[a]] == story_of[ids[b]]
                same_gold = gold[ids[a]] == gold[ids[b]]
                self.tp += same_pred and same_gold
                self.fp += same_pred and not same_gold
                self.fn += same_gold and not same_pred
        self.labels_pred += [f"{window}:{story_of[i]}" for i in ids]
        self.labels_gold += [f"{window}:{gold[i]}" for i in ids]

    def print_cases(self) -> None:
        """Every split event and merged story, to read them."""
        for case in self.split_cases + self.merge_cases:
            print(case)

    def line(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        bp, br, bf = bcubed(self.labels_pred, self.labels_gold)
        return (f"split {self.split}/{self.events} events ({pct(self.split, self.events)})  "
                f"merged {self.merged}/{self.stories} stories ({pct(self.merged, self.stories)})  "
                f"pairs P {p:.3f} R {r:.3f}  B3 P {bp:.3f} R {br:.3f} F1 {bf:.3f}"
                + (f"  (not shown: {self.missing})" if self.missing else ""))


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "(untitled)"


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "-"


def bcubed(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    if not gold:
        return 1.0, 1.0, 1.0
    both = Counter(zip(predicted, gold))
    size_p, size_g = Counter(predicted), Counter(gold)
    p = sum(c * c / size_p[a] for (a, _), c in both.items()) / len(gold)
    r = sum(c * c / size_g[b] for (_, b), c in both.items()) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- the baseline -------------------------------------------------------------------------------

_WORD = re.compile(r"(?u)\b\w\w+\b")


def tfidf_similarity(items: list[Item], language: str) -> np.ndarray:
    from sumy.utils import get_stop_words

    stop = frozenset(w.lower() for w in get_stop_words(language))
    docs = [Counter(w for w in _WORD.findall(f"{i.title}\n{i.description}\n{i.text}".lower()) if w not in stop)
            for i in items]
    vocab = {t: k for k, t in enumerate(sorted({t for d in docs for t in d}))}
    x = np.zeros((len(docs), len(vocab)))
    for row, d in enumerate(docs):
        for t, c in d.items():
            x[row, vocab[t]] = 1.0 + np.log(c)
    idf = np.log((1 + len(docs)) / (1 + (x > 0).sum(axis=0))) + 1
    x *= idf
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-12
    return x @ x.T


def average_link(sim: np.ndarray, threshold: float) -> list[int]:
    clusters = [[i] for i in range(len(sim))]
    while len(clusters) > 1:
        best, pair = threshold, None
        for a in range(len(clusters)):
            for b in range(a + 1, len(clusters)):
                s = float(sim[np.ix_(clusters[a], clusters[b])].mean())
                if s >= best:
                    best, pair = s, (a, b)
        if pair is None:
            break
        a, b = pair
        clusters[a] += clusters.pop(b)
    labels = [0] * len(sim)
    for k, members in enumerate(clusters):
        for i in members:
            labels[i] = k
    return labels


def baseline(batches: list[list[Item]], language: str) -> tuple[float, Score]:
    sims = [tfidf_similarity(b, language) for b in batches]
    best: tuple[float, float, Score] | None = None
    for step in range(5, 60):
        threshold = step / 100
        score = Score()
        for w, (batch, sim) in enumerate(zip(batches, sims)):
            labels = average_link(sim, threshold)
            stories: dict[int, list[str]] = defaultdict(list)
            for it, label in zip(batch, labels):
                stories[label].append(it.id)
            score.add(w, list(stories.values()), {i.id: i.event for i in batch}, {i.id: i.title for i in batch},
                      {i.id: i.outlet for i in batch})
        f = _pair_f1(score)
        if best is None or f > best[0]:
            best = (f, threshold, score)
    assert best is not None
    return best[1], best[2]


def _pair_f1(s: Score) -> float:
    return 2 * s.tp / (2 * s.tp + s.fp + s.fn) if s.tp else 0.0


# -- sets ---------------------------------------------------------------------------------------


def load_background(language: str) -> list[Item]:
    """Articles that are no grouping data, as the history a running deployment has in its store."""
    if language == "portuguese":
        rows = load_jsonl(DATA / "summ_temario_pt" / "dev.jsonl")
        return [Item(f"bg{k}", "Background", r["text"].split("\n")[0][:90], "", r["text"], f"https://bg.test/{k}", None, "")
                for k, r in enumerate(rows)]
    rows = load_jsonl(DATA / "summ_bbc_news_summary" / "dev.jsonl")[:400]
    return [Item(f"bg{k}", f"Background {r['category']}", r["title"], "", r["body"], f"https://bg.test/{k}", None, "")
            for k, r in enumerate(rows)]


def run_batches(name: str, batches: list[list[Item]], dated: bool, show_cases: bool, language: str,
                write: Path | None = None, history: bool = False) -> Score:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    score = Score()
    site = FeedSite()
    tick = time.perf_counter()
    keep = tempfile.TemporaryDirectory() if history else None
    state_dir = Path(keep.name) if keep else None
    try:
        if state_dir is not None:  # a deployment's history: background news, delivered before the first window
            background = load_background(language)
            make_digest(site, {"Background": background}, now - timedelta(days=1), None, state_dir=state_dir)
            site.routes.clear()
        for w, batch in enumerate(batches):
            shift = None
            if dated:
                newest = max(i.published for i in batch if i.published)  # type: ignore[type-var]
                shift = (now - timedelta(hours=1)) - newest
            groups: dict[str, list[Item]] = defaultdict(list)
            for it in batch:
                groups[it.outlet].append(it)
            shown = make_digest(site, groups, now, shift, state_dir=state_dir)
            if write is not None:
                write.mkdir(parents=True, exist_ok=True)
                (write / f"{name.split()[0]}-w{w:02d}.md").write_text(shown.markdown, encoding="utf-8")
            site.routes.clear()
            score.add(w, shown.stories, {i.id: i.event for i in batch}, {i.id: i.title for i in batch},
                      {i.id: i.outlet for i in batch})
    finally:
        site.close()
        if keep is not None:
            keep.cleanup()
    seconds = time.perf_counter() - tick
    threshold, base = baseline(batches, language)
    kind = "a history of earlier digests" if history else "a fresh state each"
    print(f"\n## {name}: {sum(map(len, batches))} articles in {len(batches)} batch(es), {kind}, {seconds:.1f} s")
    print(f"  newsdigest     {score.line()}")
    print(f"  TF-IDF @{threshold:.2f}  {base.line()}   (oracle threshold)")
    if show_cases:
        score.print_cases()
    return score


def demo_traps(show_cases: bool) -> Score:
    """The bundled demo corpus: 13 stories, of which two are told by several outlets."""
    from bot.demo import demo_digest

    digest = demo_digest()
    shared = {"bridge": re.compile(r"bridge", re.I), "strike": re.compile(r"rail|strike|walkout", re.I)}

    def event(title: str) -> str:
        return next((k for k, p in shared.items() if p.search(title)), title)

    stories = [[a.title for a in s.articles] for s in digest.stories]
    gold = {t: event(t) for members in stories for t in members}
    score = Score()
    score.add(0, stories, gold, {t: t for t in gold}, {t: "" for t in gold})
    print(f"\n## demo corpus: {len(gold)} articles shown\n  newsdigest     {score.line()}")
    if show_cases:
        score.print_cases()
    return score


def _trap_plan(feeds: int, items: int):  # noqa: ANN202 - benchmarks.support.plan.FarmPlan, imported late
    """The farm as a merge trap: every feed and page answers, so only the grouping is measured."""
    from benchmarks.support.plan import FarmPlan

    return FarmPlan(feeds=feeds, items=items, slow_fraction=0, fail_fraction=0, slow_page_fraction=0,
                    missing_page_fraction=0)


def farm_traps(show_cases: bool, feeds: int = 12, items: int = 12) -> Score:
    """Synthetic events from one template (benchmarks/support/farm.py): merges here are template merges."""
    from benchmarks.support.content import Corpus
    from benchmarks.support.farm import Farm
    from benchmarks.support.plan import FARM_NOW
    from bot.config import parse_config
    from bot.pipeline import run

    plan = _trap_plan(feeds, items)
    with Farm(plan) as farm, tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        corpus: Corpus = farm.corpus
        gold_of: dict[str, str] = {}
        titles: dict[str, str] = {}
        for k in range(feeds):
            for i in range(items):
                it = corpus.item(k, i)
                gold_of[it.url] = it.event.headline
                titles[it.url] = it.title
        text = json.dumps({"timezone": "UTC", "feeds": [{"url": u, "name": n} for u, n in zip(farm.feed_urls, farm.names())],
                           "profiles": {"bench": {"sentences": 3, "first_run_window": "2d"}},
                           "fetch": {"timeout": 30, "concurrency": 8}})
        app = _build_app(parse_config(text, "<farm>"), str(Path(tmp) / "s.db"), stack)
        report = run(app.config, "bench", app.store, app.http, app.workers, FARM_NOW)
    stories = [[a.link or "" for a in s.articles] for s in report.digest.stories]
    score = Score()
    score.add(0, stories, gold_of, titles, {u: u.split("/")[2] for u in gold_of})
    events = len(set(gold_of.values()))
    print(f"\n## farm: {feeds} feeds x {items} items, {events} events\n  newsdigest     {score.line()}")
    if show_cases:
        score.print_cases()
    return score


# -- in process (fast) ---------------------------------------------------------------------------


def _as_article(k: int, it: Item, dated: bool):  # noqa: ANN202 - bot.models.Article, imported late
    from bot.articles import feed_text
    from bot.extract import strip_title
    from bot.models import Article

    body = "".join(f"<p>{escape(p.strip())}</p>" for p in it.text.split("\n") if p.strip())
    text = strip_title(feed_text(body or escape(it.description), True), it.title)
    return Article(entry_id=k, title=it.title, link=it.url, source=it.outlet,
                   published=it.published if dated else None, text=text, summary=[])


def _grouped(articles: list, ids: list[str]) -> list[list[str]]:
    """Stories of ``articles`` (entry_id = index into ``ids``), copies folded into the story shown."""
    from bot.group import group

    result = group(articles)
    story_of = {a.entry_id: k for k, s in enumerate(result.stories) for a in s.articles}
    stories: list[list[str]] = [[] for _ in result.stories]
    for entry, k in story_of.items():
        stories[k].append(ids[entry])
    for repeat, shown in result.duplicates.items():
        if shown in story_of:
            stories[story_of[shown]].append(ids[repeat])
    return stories


def in_process(name: str, batches: list[list[Item]], dated: bool, show_cases: bool) -> Score:
    score = Score()
    tick = time.perf_counter()
    for w, batch in enumerate(batches):
        stories = _grouped([_as_article(k, it, dated) for k, it in enumerate(batch)], [it.id for it in batch])
        score.add(w, stories, {i.id: i.event for i in batch}, {i.id: i.title for i in batch},
                  {i.id: i.outlet for i in batch})
    print(f"\n## {name}: in process, {sum(map(len, batches))} articles in {len(batches)} batch(es), "
          f"{time.perf_counter() - tick:.1f} s\n  newsdigest     {score.line()}")
    if show_cases:
        score.print_cases()
    return score


def farm_in_process(show_cases: bool, feeds: int = 12, items: int = 12) -> Score:
    from benchmarks.support.content import Corpus
    from bot.extract import extract_page_or_reason

    plan = _trap_plan(feeds, items)
    corpus = Corpus(plan, 8000)
    batch = []
    for k in range(feeds):
        for i in range(items):
            it = corpus.item(k, i)
            page = extract_page_or_reason(corpus.page(k, i), it.url, "text/html")
            text = it.teaser if isinstance(page, str) else page.text
            batch.append(Item(it.url, corpus.sites[k], it.title, "", text, it.url, it.published, it.event.headline))
    return in_process(f"farm: {feeds} feeds x {items} items", [batch], True, show_cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", action="store_true", help="print every split event and merged story")
    parser.add_argument("--no-farm", action="store_true", help="skip the synthetic farm")
    parser.add_argument("--history", action="store_true",
                        help="also run the real sets as a deployment would: one state database with background news "
                             "delivered first, each window delivered in turn")
    parser.add_argument("--write", metavar="DIR", type=Path, help="write each digest's Markdown there, to read it")
    parser.add_argument("--in-process", action="store_true",
                        help="no feeds, no pipeline: group each window's articles directly (fast, for trying rules)")
    args = parser.parse_args(argv)
    print(f"# digest quality ({machine_load()})")
    if args.in_process:
        if not args.no_farm:
            farm_in_process(args.cases)
        if DATA.is_dir():
            in_process("cluster_news_cluster_en (dev, 72-hour windows)", windows(load_news_en()), True, args.cases)
            in_process("cluster_cstnews_pt (dev, one batch)", [load_cstnews()], False, args.cases)
        return 0
    demo_traps(args.cases)
    if not args.no_farm:
        farm_traps(args.cases)
    if not DATA.is_dir():
        print(f"no data: {DATA} is absent; only the merge traps were measured")
        return 0
    news = load_news_en()
    for history in (False, True) if args.history else (False,):
        run_batches("cluster_news_cluster_en (dev, 72-hour windows)", windows(news), True, args.cases, "english",
                    args.write, history)
        run_batches("cluster_cstnews_pt (dev, one batch)", [load_cstnews()], False, args.cases, "portuguese",
                    args.write, history)
    return 0


if __name__ == "__main__":
    sys.exit(main())
