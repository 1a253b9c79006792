"""Story-summary sentences of the dev digests, each with an id, checked against a reader's labels.

    python -m benchmarks.digest_sentences [--all] [--list] [--unseen | --unseen2 | ... | --unseen13 | --pt]
        [--feeds [PART] | --blogs [PART]] [--write DIR] [--jsonl FILE]

Why: ROUGE cannot see a caption, a credit or a "He also said" with nobody before it; a reader
does. The digests are those of benchmarks/digest_quality.py (cluster_news_cluster_en dev in
72-hour windows, served as feeds on 127.0.0.1, made by the real pipeline). Every sentence a
story summary shows gets an id, ``w<window>:<article id>:<hash>`` (the hash is of the sentence
text, so a sentence whose text changes is a new one to read).

``benchmarks/labels/digest_sentences.jsonl`` keeps a reader's verdicts: ``{"id", "hash",
"reason"}`` for each sentence judged junk or unable to stand alone (never the text: the data
stays outside the repository), and ``{"id", "hash", "reason": null}`` for those read and found
fine. A reason starting "opening:" (the sentence is no statement of what happened) counts only where the
sentence opens its story; "alone:" (it leans on the sentence before it in its article) only where that
one is not what comes right before it (another sentence of the same article does not excuse it); any
other reason ("junk", "unanchored: ...", "contrast: ...", "empty: ...") wherever the sentence is shown,
but "note: ..." (a reader's remark that is not the sentence's own fault, such as a fact repeated
across outlets) nowhere.

``--unseen``: the same over texts no rule was written from: 48 BBC News Summary and 48 CNN/DailyMail
dev articles (a seeded sample, four digests of 24, ids ``d<digest>:<article id>:<hash>``), labels in
``benchmarks/labels/unseen_sentences.jsonl`` (a fresh reader's, session 8). ``--write DIR`` writes
the digests' Markdown to read them. ``--unseen2``: a second such set, the articles not in the first
(labels in ``benchmarks/labels/unseen2_sentences.jsonl``, a fresh reader's of session 9's starting code,
before that session's rules: its held-out check). ``--unseen3``: a third, the articles in neither
(``unseen3_sentences.jsonl``, read fresh on session 10's starting code: that session's held-out check).
``--unseen4``: a fourth, 72 BBC News Summary articles in none of them (the CNN/DailyMail dev articles are all
taken; ``unseen4_sentences.jsonl``, read fresh on session 11's starting code, then worked on in that session).
``--unseen5``: a fifth, 72 more BBC articles (``unseen5_sentences.jsonl``, read fresh on session 11's starting
code and kept from that session's rule writers: its held-out check). ``--unseen6``: a sixth, 72 more
(``unseen6_sentences.jsonl``, read fresh on session 12's code after its merges: the check of rules written from
unseen5 after that). ``--unseen7``: a seventh, 72 more (``unseen7_sentences.jsonl``, read fresh on session 13's starting
code: the held-out check of that session's rules). ``--unseen8``: an eighth, 72 more (``unseen8_sentences.jsonl``,
read fresh on session 13's code after its merges: session 14's held-out check). ``--unseen9``: a ninth, 72 more
(``unseen9_sentences.jsonl``, read fresh on session 14's starting code, the same code: a second held-out check).
``--unseen10``: a tenth, 72 more (``unseen10_sentences.jsonl``, read fresh on session 14's code after its merges: the
next session's held-out check). ``--unseen11``: an eleventh, 72 more (``unseen11_sentences.jsonl``, read fresh on
session 15's starting code, the same code: a second held-out check). ``--unseen12``: a twelfth, 72 more
(``unseen12_sentences.jsonl``, read fresh on session 15's code after its merges: the next session's held-out check).
``--feeds``: real feed captures, dirty as served (benchmarks/support/feeds.py), its two parts printed apart,
labels in ``feeds_sentences.jsonl``; ``--feeds dev`` or ``--feeds held-out``: one part only (a rule writer reads the
development part and leaves the held-out part unread).
``--blogs``: the same for the captures of blogs (parts 2 and 3, ``--blogs dev`` or ``--blogs held-out`` for one),
labels in ``blogs_sentences.jsonl``. ``--unseen13``: a thirteenth BBC set (``unseen13_sentences.jsonl``, read fresh on
session 17's starting code: its held-out check).
``--pt``: Portuguese, the cluster_cstnews_pt dev digest as digest_quality makes it (ids ``c0:...``) and the TeMário
dev articles as single-article stories (ids ``t<digest>:...``), labels in ``pt_sentences.jsonl`` (session 14's
reader, on that session's starting code first).
Printed: how many labelled-bad sentences are still chosen (target 0), and the sentences
nobody has read yet (``--list``: all of them; ``--all``: every sentence), for a fresh read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks._common import DATA, load_jsonl, machine_load, no_data
from benchmarks.digest_quality import FeedSite, Item, _build_app, _rss, load_cstnews, load_news_en, windows

LABELS = Path(__file__).resolve().parent / "labels" / "digest_sentences.jsonl"
UNSEEN_LABELS = LABELS.with_name("unseen_sentences.jsonl")
UNSEEN2_LABELS = LABELS.with_name("unseen2_sentences.jsonl")
UNSEEN3_LABELS = LABELS.with_name("unseen3_sentences.jsonl")
UNSEEN4_LABELS = LABELS.with_name("unseen4_sentences.jsonl")
UNSEEN5_LABELS = LABELS.with_name("unseen5_sentences.jsonl")
UNSEEN6_LABELS = LABELS.with_name("unseen6_sentences.jsonl")
UNSEEN7_LABELS = LABELS.with_name("unseen7_sentences.jsonl")
UNSEEN8_LABELS = LABELS.with_name("unseen8_sentences.jsonl")
UNSEEN9_LABELS = LABELS.with_name("unseen9_sentences.jsonl")
UNSEEN10_LABELS = LABELS.with_name("unseen10_sentences.jsonl")
UNSEEN11_LABELS = LABELS.with_name("unseen11_sentences.jsonl")
UNSEEN12_LABELS = LABELS.with_name("unseen12_sentences.jsonl")
UNSEEN13_LABELS = LABELS.with_name("unseen13_sentences.jsonl")
PT_LABELS = LABELS.with_name("pt_sentences.jsonl")
FEEDS_LABELS = LABELS.with_name("feeds_sentences.jsonl")
BLOGS_LABELS = LABELS.with_name("blogs_sentences.jsonl")
UNSEEN_SET_LABELS = {1: UNSEEN_LABELS, 2: UNSEEN2_LABELS, 3: UNSEEN3_LABELS, 4: UNSEEN4_LABELS, 5: UNSEEN5_LABELS,
                     6: UNSEEN6_LABELS, 7: UNSEEN7_LABELS, 8: UNSEEN8_LABELS,
                     9: UNSEEN9_LABELS, 10: UNSEEN10_LABELS, 11: UNSEEN11_LABELS,
                     12: UNSEEN12_LABELS, 13: UNSEEN13_LABELS}


@dataclass
class Shown:
    id: str
    hash: str
    position: int  # 0 = the story's opening sentence
    after_own: bool  # the sentence before it in the story summary is its article's sentence before it
    headline: str
    text: str


def sentence_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def digest_sentences(window: int, batch: list[Item], site: FeedSite, now: datetime, sentences: int = 3,
                     prefix: str = "w", write: Path | None = None) -> list[Shown]:
    """Every story-summary sentence of one window's digest (the pipeline's own run); ``write``: a
    directory to write the digest's Markdown to, as ``<prefix><window>.md``."""
    dates = [i.published for i in batch if i.published]
    shift = (now - timedelta(hours=1)) - max(dates) if dates else None  # (undated: no pubDate, as digest_quality)
    groups: dict[str, list[Item]] = defaultdict(list)
    for it in batch:
        groups[it.outlet].append(it)
    feeds, id_of = [], {}
    for k, (outlet, items) in enumerate(sorted(groups.items())):
        path = f"/w{window}/{k}.xml"
        site.routes[path] = _rss(outlet, items, shift, site.base)
        feeds.append({"url": site.base + path, "name": outlet})
        id_of.update({it.url: it.id for it in items})
        id_of.update({it.title: it.id for it in items})
    return run_digest(feeds, now, timedelta(days=14), lambda a: id_of.get(a.link or "") or id_of.get(a.title, "?"),
                      f"{prefix}{window}", sentences, write)


def run_digest(feeds: list[dict[str, str]], now: datetime, since: timedelta, article_id: Callable[[Any], str],
               name: str, sentences: int = 3, write: Path | None = None, problems: list[str] | None = None) -> list[Shown]:
    """Every story-summary sentence of the pipeline's digest of ``feeds`` as of ``now``, ids ``<name>:<article
    id>:<hash>``; ``write``: a directory for its Markdown, ``<name>.md``; ``problems`` gets its problem lines."""
    from bot.config import parse_config
    from bot.group.present import _follows
    from bot.models import story_text
    from bot.pipeline import run
    from bot.render import make_environment, render

    config = parse_config(json.dumps({
        "timezone": "UTC", "feeds": feeds,
        "profiles": {"bench": {"title": "Benchmark digest", "sentences": sentences, "first_run_window": "2w"}},
        "fetch": {"fetch_pages": False, "timeout": 30, "concurrency": 8, "per_host": 8},
    }), "<benchmark>")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        app = _build_app(config, str(Path(tmp) / "state.db"), stack)
        report = run(app.config, "bench", app.store, app.http, app.workers, now, since=since)
    if write is not None:
        write.mkdir(parents=True, exist_ok=True)
        (write / f"{name}.md").write_text(render(report.digest, "markdown", make_environment()), encoding="utf-8")
    if problems is not None:
        problems += [f"{p.name or p.url}: {p.reason}" for p in report.digest.problems]
    out = []
    for story in report.digest.stories:  # what the digest shows: story.sentences (headline alone: none)
        for pos, (text, article) in enumerate(story.sentences):
            # (the sentence before it is its own article's, right before it in that text: what it leans on)
            after_own = pos > 0 and story.sentences[pos - 1][1] is article and _follows(
                story_text(article), story.sentences[pos - 1][0], text)
            h = sentence_hash(text)
            out.append(Shown(f"{name}:{article_id(article)}:{h}", h, pos, after_own, story.lead.title, text))
    return out


def all_sentences(write: Path | None = None) -> list[Shown]:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    site = FeedSite()
    try:
        return [s for w, batch in enumerate(windows(load_news_en()))
                for s in digest_sentences(w, batch, site, now, write=write)]
    finally:
        site.close()


UNSEEN_DIGEST = 24  # articles per digest of the unseen set


def _slug_title(url: str) -> str:
    """A CNN/DailyMail article's headline as its link spells it (the set has no titles)."""
    segment = max(url.rstrip("/").split("/"), key=lambda part: part.count("-"))
    segment = re.sub(r"^article-\d+-", "", re.sub(r"\.html?$", "", segment))
    return " ".join(w for w in segment.split("-") if w and w != "index").capitalize()


def _bbc_id(row: dict) -> str:
    return "bbc-" + row["id"].replace("/", "-")


def unseen_items(number: int = 1) -> list[Item]:
    """48 BBC News Summary and 48 CNN/DailyMail dev articles (a seeded sample), as one outlet's items
    each: texts no opening or junk rule was written from, read fresh in session 8. ``number`` 2: the
    second set (session 9), 48 BBC and 48 CNN/DailyMail articles not in the first, read fresh on
    session 9's starting code and kept as a held-out check of that session's rules; 3: the third
    (session 10), in neither of the first two; 4: the fourth (session 11), 72 BBC articles in none of the
    first three (no CNN/DailyMail dev article is left); 5 to 13: the fifth to thirteenth, 72 BBC articles each in none
    of the sets before."""
    bbc_all = load_jsonl(DATA / "summ_bbc_news_summary" / "dev.jsonl")
    cnn_all = [r for r in load_jsonl(DATA / "summ_frank_cnndm_xsum" / "dev.jsonl") if r["dataset"] == "cnndm"]
    taken = {it.id for earlier in range(1, number) for it in unseen_items(earlier)}
    bbc_all = [r for r in bbc_all if _bbc_id(r) not in taken]
    cnn_all = [r for r in cnn_all if r["id"] not in taken]
    rng = random.Random(7 + number)
    bbc = rng.sample(bbc_all, 72 if number >= 4 else 48)
    cnn = rng.sample(cnn_all, min(48, len(cnn_all)))
    items = [Item(_bbc_id(r), "BBC News", r["title"].strip(), "", r["body"].strip(),
                  f"https://bbc.example/{r['id']}", None, r["id"]) for r in bbc]
    items += [Item(r["id"], r["outlet"], _slug_title(r["url"]), "", r["article"], r["url"].split("id_/")[-1], None,
                   r["id"]) for r in cnn]
    rng.shuffle(items)
    return items


def unseen_sentences(write: Path | None = None, number: int = 1) -> list[Shown]:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    items, site, out = unseen_items(number), FeedSite(), []
    try:
        for w in range(0, len(items), UNSEEN_DIGEST):
            batch = items[w:w + UNSEEN_DIGEST]
            for k, it in enumerate(batch):  # two hours apart, the newest two hours old
                it.published = now - timedelta(hours=2 + 2 * k)
            out += digest_sentences(w // UNSEEN_DIGEST, batch, site, now, prefix="d", write=write)
    finally:
        site.close()
    return out


def temario_items() -> list[Item]:
    """TeMário dev articles as single-article stories, one outlet's items (as the unseen sets use BBC articles).
    The corpus keeps no headlines: each item's title is the first sentence of its human abstract, cut to 14
    words (a headline a person wrote about the article; it never equals a sentence of the text)."""
    rows = load_jsonl(DATA / "summ_temario_pt" / "dev.jsonl")
    items = []
    for r in rows:
        first = re.split(r"(?<=[.!?])\s", " ".join(r["summary"].split()), maxsplit=1)[0]
        title = " ".join(first.split()[:14]).rstrip(".,;:")
        items.append(Item(r["id"], "TeMario", title, "", r["text"], f"https://temario.example/{r['id']}", None, r["id"]))
    return items


def pt_sentences(write: Path | None = None) -> list[Shown]:
    """The Portuguese set: the cluster_cstnews_pt dev digest as benchmarks/digest_quality serves it (one
    undated batch, one feed per outlet; ids ``c0:<article id>:<hash>``), then the TeMário dev articles as
    single-article stories in digests of 24, two hours apart (ids ``t<digest>:<article id>:<hash>``)."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    site, out = FeedSite(), []
    try:
        out += digest_sentences(0, load_cstnews(), site, now, prefix="c", write=write)
        items = temario_items()
        for w in range(0, len(items), UNSEEN_DIGEST):
            batch = items[w:w + UNSEEN_DIGEST]
            for k, it in enumerate(batch):
                it.published = now - timedelta(hours=2 + 2 * k)
            out += digest_sentences(w // UNSEEN_DIGEST, batch, site, now, prefix="t", write=write)
    finally:
        site.close()
    return out


def feeds_sentences(part: int, write: Path | None = None) -> list[Shown]:
    """The real-feeds sets, one part (0: news development, 1: news held out, 2 and 3: the blogs'):
    benchmarks/support/feeds.py. Prints the digest's "feeds with problems" lines."""
    from benchmarks.support.feeds import FEEDS_DATA, chosen, clock, entry_key, raw_site

    rows = chosen(part)
    now, since = clock(rows)
    problems: list[str] = []
    with raw_site() as site:
        for k, r in enumerate(rows):
            site.routes[f"/f{part}/{k}.xml"] = (FEEDS_DATA / r["file"]).read_bytes()
        feeds = [{"url": f"{site.base}/f{part}/{k}.xml"} for k in range(len(rows))]
        shown = run_digest(feeds, now, since, lambda a: entry_key(a.source, (a.link or "").replace(site.base, ""), a.title),
                           f"f{part}", write=write, problems=problems)
    print(f"{len(rows)} feeds, clock {now.isoformat()}, window {since.days} days; feeds with problems: {len(problems)}")
    for line in problems:
        print(f"  PROBLEM {line}")
    return shown


def load_labels(path: Path = LABELS) -> dict[str, str | None]:
    """id → reason (None: read and fine)."""
    if not path.is_file():
        return {}
    labels: dict[str, str | None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["id"]] = row.get("reason")
    return labels


def _bad(reason: str | None, shown: Shown) -> bool:
    """A label counts where it applies: "opening: ..." only for a story's first sentence, "alone: ..." (a
    sentence leaning on the one before it in its article) only where another article's sentence, or none,
    comes before it."""
    if not reason or reason.startswith("note:"):
        return False  # ("note: ...": what a reader remarked on that is not the sentence's fault alone, e.g. a repeat)
    if reason.startswith("opening:"):
        return shown.position == 0
    if reason.startswith("alone:"):
        return not shown.after_own
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="print every unread sentence (else the first 20)")
    parser.add_argument("--all", action="store_true", help="print every sentence with its label")
    parser.add_argument("--jsonl", metavar="FILE", type=Path, help="write every sentence (id, hash, text) there")
    parser.add_argument("--write", metavar="DIR", type=Path, help="write each digest's Markdown there, to read it")
    parser.add_argument("--unseen", action="store_true",
                        help="the unseen set instead: BBC and CNN/DailyMail dev articles (labels: unseen_sentences.jsonl)")
    # The later sets, each of dev articles in none of the sets before it (labels: unseenN_sentences.jsonl).
    for n, ordinal in enumerate(("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                                          "eleventh", "twelfth", "thirteenth"), start=2):
        parser.add_argument(f"--unseen{n}", action="store_true",
                            help=f"the {ordinal} unseen set: dev articles in none of the sets before (unseen{n}_sentences.jsonl)")
    parser.add_argument("--blogs", nargs="?", const="both", choices=("dev", "held-out", "both"),
                        help="real blog feed captures (feeds_real_world kind blog): the development part, the held-out "
                             "part or both (default; labels: blogs_sentences.jsonl)")
    parser.add_argument("--pt", action="store_true",
                        help="the Portuguese set: cluster_cstnews_pt dev and TeMário dev (labels: pt_sentences.jsonl)")
    parser.add_argument("--feeds", nargs="?", const="both", choices=("dev", "held-out", "both"),
                        help="real feed captures (feeds_real_world news and tech-news): the development part, the "
                             "held-out part or both (default; labels: feeds_sentences.jsonl)")
    args = parser.parse_args(argv)
    if args.feeds or args.blogs:
        from benchmarks.support.feeds import BLOG_PARTS, PARTS

        parts, which, label_file = (PARTS, args.feeds, FEEDS_LABELS) if args.feeds else (BLOG_PARTS, args.blogs, BLOGS_LABELS)
        dev, held = parts
        wanted = {"dev": (dev,), "held-out": (held,), "both": (dev, held)}[which]
        for part in wanted:
            _report(args, lambda write, part=part: feeds_sentences(part, write), label_file, ("feeds_real_world",),
                    f" (real feeds, {parts[part]})")
            args.appending = True  # (--jsonl: both parts in one file)
        return 0
    if args.pt:
        return _report(args, pt_sentences, PT_LABELS, ("cluster_cstnews_pt", "summ_temario_pt"), " (Portuguese)")
    number = max((n for n in UNSEEN_SET_LABELS if n > 1 and getattr(args, f"unseen{n}")), default=1)
    args.unseen = args.unseen or number > 1
    needed = ("summ_bbc_news_summary", "summ_frank_cnndm_xsum") if args.unseen else ("cluster_news_cluster_en",)
    name = f" (unseen set {number})" if args.unseen else ""
    if args.unseen:
        return _report(args, lambda write: unseen_sentences(write, number), UNSEEN_SET_LABELS[number], needed, name)
    return _report(args, all_sentences, LABELS, needed, name)


def _report(args: argparse.Namespace, make: Callable[[Path | None], list[Shown]], label_file: Path,
            needed: tuple[str, ...], name: str) -> int:
    if not all((DATA / data).is_dir() for data in needed):
        return no_data(f"{DATA} lacks {' or '.join(needed)}: nothing measured")
    print(f"# digest sentences{name} ({machine_load()})")
    shown = make(args.write)
    labels = load_labels(label_file)
    bad = [s for s in shown if _bad(labels.get(s.id), s)]
    unread = [s for s in shown if s.id not in labels]
    openings = [s for s in shown if s.position == 0]
    print(f"{len(shown)} story-summary sentences in {len(openings)} stories; labels: {len(labels)} "
          f"({sum(1 for r in labels.values() if r)} bad)")
    print(f"labelled bad and still chosen: {len(bad)} (target 0); of them openings: "
          f"{sum(1 for s in bad if s.position == 0)}")
    print(f"not yet read: {len(unread)}")
    if args.jsonl:
        with args.jsonl.open("a" if getattr(args, "appending", False) else "w", encoding="utf-8") as f:
            for s in shown:
                f.write(json.dumps({"id": s.id, "hash": s.hash, "position": s.position, "after_own": s.after_own,
                                    "headline": s.headline, "text": s.text}, ensure_ascii=False) + "\n")
    for s in bad:
        print(f"  BAD [{labels[s.id]}] {s.id} #{s.position}: {s.text}")
    for s in (shown if args.all else unread if args.list else unread[:20]):
        mark = "" if s.id not in labels else f" [{labels[s.id] or 'ok'}]"
        print(f"  {s.id} #{s.position}{mark}: {s.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
