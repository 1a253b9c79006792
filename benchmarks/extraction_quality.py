"""Article-text extraction quality: the project's extractor beside trafilatura and readability.

Why: what the summariser gets decides what a reader sees, so bot.extract must beat the
extractors it could have used as they are, on real pages, without reading menus into the text.

Data: ../shared/data/extraction_article_benchmark (Zyte's article-extraction-benchmark; the
dev split has 85 real pages with their true article body). Metric: the benchmark's own, as its
upstream repository defines it and written here from that definition: the text is cut into
word tokens (\\w+), tokens into overlapping 4-token shingles counted with multiplicity; per page,
true positives = shingles in both (by count), false positives = only in the extraction, false
negatives = only in the truth, the three normalised by their sum so long pages weigh no more than
short ones; precision is averaged over the pages where the extractor gave something, recall over
the pages with a truth, and F1 is computed from those two averages. ± is 1.96 standard
deviations of F1 over 1,000 bootstrap resamples of the pages (fixed seed).

Every extractor gets the same input as the pipeline: the page bytes and its URL. Timings are
CPU milliseconds per page (process time, the best of --repeat passes), because the machine is
shared and wall time swings with other people's work; wall time is shown beside it.

Usage:
    python -m benchmarks.extraction_quality [--split dev|heldout] [--repeat N] [--no-ablation]

Ablation: every step of bot.extract (PAGE_STEPS) and every rule family of bot.text
(RULE_FAMILIES) switched off alone; "adds" is F1 with it minus F1 without it, overall and on
each half of a 2-fold split of the pages by the hash of their id (sha1, second hex digit even
or odd), so a rule that only helps one half shows. Site repetition (strip_site_boilerplate)
is measured on the pages grouped by host.

Figures measured with it: benchmarks/RESULTS.md, section "Extraction".

If the data folder is absent the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from urllib.parse import urlsplit

from benchmarks._common import data_path, machine_load, no_data

DATA = data_path("extraction_article_benchmark")

Extractor = Callable[[bytes, str], str]  # (page bytes, url) -> text

# ---------------------------------------------------------------------------
# The benchmark's metric
# ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """4-token shingles with counts; a text shorter than n tokens is one shorter shingle."""
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum to 1 (all zero when both texts are empty)."""
    t, p = shingles(true), shingles(pred)
    tp = sum(min(c, p[s]) for s, c in t.items())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision over pages with an extraction, recall over pages with a truth, F1 of the two."""
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def f1_interval(counts: list[tuple[float, float, float]], rounds: int = 1000) -> float:
    rng = random.Random(13)
    values = [prf([counts[rng.randrange(len(counts))] for _ in counts])[2] for _ in range(rounds)]
    mean = sum(values) / len(values)
    return 1.96 * (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def load(split: str) -> tuple[dict[str, dict], dict[str, bytes]] | None:
    truth_path = DATA / f"ground-truth.{split}.json"
    if not truth_path.is_file():
        return None
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = {}
    for page_id in truth:
        path = DATA / "html" / f"{page_id}.html.gz"
        if path.is_file():
            pages[page_id] = gzip.decompress(path.read_bytes())
    return {k: v for k, v in truth.items() if k in pages}, pages


def fold(page_id: str) -> int:
    """Half 0 or 1 of the 2-fold check: parity of the second hex digit of sha1(page id)."""
    return int(hashlib.sha1(page_id.encode()).hexdigest()[1], 16) % 2


# ---------------------------------------------------------------------------
# Extractors
# ---------------------------------------------------------------------------


def newsdigest(skip: frozenset = frozenset()) -> Extractor:
    from bot.extract import PageText, extract_page_or_reason

    def run(html: bytes, url: str) -> str:
        result = extract_page_or_reason(html, url, skip=skip)
        return result.text if isinstance(result, PageText) else ""
    return run


def previous_call(html: bytes, url: str) -> str:
    """The call bot.extract made before issue 5: fast trafilatura with metadata, then clean_text."""
    import trafilatura

    from bot.text import clean_text

    doc = trafilatura.bare_extraction(html, url=url, fast=True, include_comments=False,
                                      include_tables=False, with_metadata=True)
    return clean_text(doc.text) if doc is not None and doc.text else ""


def trafilatura_default(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def trafilatura_precision(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, favor_precision=True) or ""


_BLOCK_END = re.compile(r"(?i)(</(?:p|div|li|h[1-6]|blockquote|pre|tr|section|article|dd|dt)>|<br\s*/?>)")


def readability_lxml(html: bytes, url: str) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    text = lxml.html.fromstring(_BLOCK_END.sub(r"\1\n", summary)).text_content()
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def extractors() -> dict[str, Extractor | str]:
    """Name -> extractor, or a reason string when it cannot run here."""
    found: dict[str, Extractor | str] = {"newsdigest (bot.extract)": newsdigest()}
    try:
        import trafilatura

        version = trafilatura.__version__
        found[f"trafilatura {version} fast (previous call)"] = previous_call
        found[f"trafilatura {version} default"] = trafilatura_default
        found[f"trafilatura {version} favor_precision"] = trafilatura_precision
    except ImportError:
        found["trafilatura"] = "not installed"
    try:
        from importlib.metadata import version as dist_version

        import readability  # noqa: F401

        found[f"readability-lxml {dist_version('readability-lxml')}"] = readability_lxml
    except ImportError:
        found["readability-lxml"] = "not installed (pip install readability-lxml)"
    return found


# ---------------------------------------------------------------------------
# Runs
# ---------------------------------------------------------------------------


def extract_all(extract: Extractor, truth: dict[str, dict], pages: dict[str, bytes], repeat: int = 1
                ) -> tuple[dict[str, str], float, float]:
    """Texts by page id, CPU ms/page and wall ms/page (best of ``repeat`` passes)."""
    best_cpu = best_wall = float("inf")
    texts: dict[str, str] = {}
    for _ in range(max(1, repeat)):
        cpu, wall = time.process_time(), time.perf_counter()
        texts = {page_id: extract(pages[page_id], item.get("url", "")) or "" for page_id, item in truth.items()}
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    n = max(1, len(truth))
    return texts, 1000 * best_cpu / n, 1000 * best_wall / n


def scores(texts: dict[str, str], truth: dict[str, dict], ids: list[str] | None = None) -> tuple[float, float, float]:
    ids = list(truth) if ids is None else ids
    return prf([page_counts(truth[i]["articleBody"], texts.get(i, "")) for i in ids])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", help="ground-truth.<split>.json to use (default: dev)")
    parser.add_argument("--repeat", type=int, default=2, help="timing passes per extractor; the best counts (default 2)")
    parser.add_argument("--no-ablation", action="store_true", help="only the comparison table")
    args = parser.parse_args(argv)

    loaded = load(args.split) if DATA.is_dir() else None
    if not loaded:
        return no_data(f"extraction benchmark data not found ({DATA}, split {args.split!r}): nothing to measure")
    truth, pages = loaded
    halves = [[i for i in truth if fold(i) == h] for h in (0, 1)]
    hosts = len({urlsplit(v.get('url', '')).netloc for v in truth.values()})
    print(f"{len(truth)} pages ({args.split} split), {hosts} hosts; halves of {len(halves[0])} and {len(halves[1])} pages")
    print(machine_load() + "\n")

    header = (f"{'extractor':<40} {'P':>6} {'R':>6} {'F1':>6} {'±':>6}  {'half 0 F1':>9} {'half 1 F1':>9}"
              f"  {'ms CPU':>7} {'ms wall':>7}")
    print(header)
    print("-" * len(header))
    results: dict[str, dict[str, str]] = {}
    for name, extract in extractors().items():
        if isinstance(extract, str):
            print(f"{name:<40} skipped: {extract}")
            continue
        texts, cpu_ms, wall_ms = extract_all(extract, truth, pages, args.repeat)
        results[name] = texts
        counts = [page_counts(truth[i]["articleBody"], texts[i]) for i in truth]
        p, r, f = prf(counts)
        h0, h1 = (scores(texts, truth, half)[2] for half in halves)
        print(f"{name:<40} {p:6.3f} {r:6.3f} {f:6.3f} {f1_interval(counts):6.3f}  {h0:9.3f} {h1:9.3f}"
              f"  {cpu_ms:7.1f} {wall_ms:7.1f}")

    ours = results.get("newsdigest (bot.extract)")
    if ours is None or args.no_ablation:
        return 0
    ablation(ours, truth, pages, halves)
    site_repetition(ours, truth, halves)
    return 0


def ablation(ours: dict[str, str], truth: dict[str, dict], pages: dict[str, bytes], halves: list[list[str]]) -> None:
    from bot.extract import PAGE_STEPS
    from bot.text import RULE_FAMILIES

    full = scores(ours, truth)
    full_halves = [scores(ours, truth, h)[2] for h in halves]
    print(f"\nAblation: each step or rule family switched off alone (full: F1 {full[2]:.4f})")
    header = f"{'switched off':<22} {'P':>7} {'R':>7} {'F1':>7}  {'adds':>8} {'half 0':>8} {'half 1':>8}  pages changed"
    print(header)
    print("-" * len(header))
    everything = frozenset(RULE_FAMILIES)
    for name in (*PAGE_STEPS, *RULE_FAMILIES, "all of clean_text"):
        skip = everything if name == "all of clean_text" else frozenset({name})
        texts, _, _ = extract_all(newsdigest(skip), truth, pages)
        changed = sum(texts[i] != ours[i] for i in truth)
        if not changed:
            print(f"{name:<22} {'no effect on these pages':>24}")
            continue
        p, r, f = scores(texts, truth)
        gains = [full_halves[n] - scores(texts, truth, h)[2] for n, h in enumerate(halves)]
        print(f"{name:<22} {p:7.4f} {r:7.4f} {f:7.4f}  {full[2] - f:+8.4f} {gains[0]:+8.4f} {gains[1]:+8.4f}  {changed}")


def site_repetition(ours: dict[str, str], truth: dict[str, dict], halves: list[list[str]]) -> None:
    from bot.extract import strip_site_boilerplate

    by_host: dict[str, list[str]] = defaultdict(list)
    for page_id, item in truth.items():
        by_host[urlsplit(item.get("url", "")).netloc.lower().removeprefix("www.")].append(page_id)
    stripped = dict(ours)
    for ids in by_host.values():
        if len(ids) > 1:
            stripped.update(zip(ids, strip_site_boilerplate([ours[i] for i in ids])))
    shared = sum(len(ids) for ids in by_host.values() if len(ids) > 1)
    changed = sum(stripped[i] != ours[i] for i in truth)
    before, after = scores(ours, truth), scores(stripped, truth)
    gains = [scores(stripped, truth, h)[2] - scores(ours, truth, h)[2] for h in halves]
    print(f"\nSite repetition (strip_site_boilerplate per host; {shared} pages share a host, {changed} changed):")
    print(f"  without P {before[0]:.4f} R {before[1]:.4f} F1 {before[2]:.4f}")
    print(f"  with    P {after[0]:.4f} R {after[1]:.4f} F1 {after[2]:.4f}  adds {after[2] - before[2]:+.4f}"
          f" (half 0 {gains[0]:+.4f}, half 1 {gains[1]:+.4f})")


if __name__ == "__main__":
    raise SystemExit(main())
