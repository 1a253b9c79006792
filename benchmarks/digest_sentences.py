"""Story-summary sentences of the dev digests, each with an id, checked against a reader's labels.

    python -m benchmarks.digest_sentences [--all] [--list]

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
other reason ("junk", "unanchored: ...", "contrast: ...", "empty: ...") wherever the sentence is shown.
Printed: how many labelled-bad sentences are still chosen (target 0), and the sentences
nobody has read yet (``--list``: all of them; ``--all``: every sentence), for a fresh read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from benchmarks._common import DATA, machine_load, no_data
from benchmarks.digest_quality import FeedSite, Item, _build_app, _rss, load_news_en, windows

LABELS = Path(__file__).resolve().parent / "labels" / "digest_sentences.jsonl"


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


def digest_sentences(window: int, batch: list[Item], site: FeedSite, now: datetime, sentences: int = 3) -> list[Shown]:
    """Every story-summary sentence of one window's digest (the pipeline's own run)."""
    from bot.config import parse_config
    from bot.group.present import _follows
    from bot.pipeline import run

    newest = max(i.published for i in batch if i.published)  # type: ignore[type-var]
    shift = (now - timedelta(hours=1)) - newest
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
    config = parse_config(json.dumps({
        "timezone": "UTC", "feeds": feeds,
        "profiles": {"bench": {"title": "Benchmark digest", "sentences": sentences, "first_run_window": "2w"}},
        "fetch": {"fetch_pages": False, "timeout": 30, "concurrency": 8, "per_host": 8},
    }), "<benchmark>")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        app = _build_app(config, str(Path(tmp) / "state.db"), stack)
        report = run(app.config, "bench", app.store, app.http, app.workers, now, since=timedelta(days=14))
    out = []
    for story in report.digest.stories:  # what the digest shows: story.sentences (headline alone: none)
        for pos, (text, article) in enumerate(story.sentences):
            # (the sentence before it is its own article's, right before it in that text: what it leans on)
            after_own = pos > 0 and story.sentences[pos - 1][1] is article and _follows(
                article.text, story.sentences[pos - 1][0], text)
            h = sentence_hash(text)
            article_id = id_of.get(article.link or "") or id_of.get(article.title, "?")
            out.append(Shown(f"w{window}:{article_id}:{h}", h, pos, after_own, story.lead.title, text))
    return out


def all_sentences() -> list[Shown]:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    site = FeedSite()
    try:
        return [s for w, batch in enumerate(windows(load_news_en())) for s in digest_sentences(w, batch, site, now)]
    finally:
        site.close()


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
    if not reason:
        return False
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
    args = parser.parse_args(argv)
    if not (DATA / "cluster_news_cluster_en").is_dir():
        return no_data(f"{DATA} has no cluster_news_cluster_en: nothing measured")
    print(f"# digest sentences ({machine_load()})")
    shown = all_sentences()
    labels = load_labels()
    bad = [s for s in shown if _bad(labels.get(s.id), s)]
    unread = [s for s in shown if s.id not in labels]
    openings = [s for s in shown if s.position == 0]
    print(f"{len(shown)} story-summary sentences in {len(openings)} stories; labels: {len(labels)} "
          f"({sum(1 for r in labels.values() if r)} bad)")
    print(f"labelled bad and still chosen: {len(bad)} (target 0); of them openings: "
          f"{sum(1 for s in bad if s.position == 0)}")
    print(f"not yet read: {len(unread)}")
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as f:
            for s in shown:
                f.write(json.dumps({"id": s.id, "hash": s.hash, "position": s.position, "headline": s.headline,
                                    "text": s.text}, ensure_ascii=False) + "\n")
    for s in bad:
        print(f"  BAD [{labels[s.id]}] {s.id} #{s.position}: {s.text}")
    for s in (shown if args.all else unread if args.list else unread[:20]):
        mark = "" if s.id not in labels else f" [{labels[s.id] or 'ok'}]"
        print(f"  {s.id} #{s.position}{mark}: {s.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
