"""Summary quality and speed: the project's summariser beside LEAD and sumy's algorithms.

Why: a digest that calls sumy naively shows worse summaries than the article's first
paragraph. This measures, in one run and with one sentence splitter (bot.text), ROUGE-1/2/Lsum
F1 (rouge-score, Porter stemming, sentences newline-separated) and milliseconds per article of

* ``ours``      bot.summarise.summarise
* ``lead``      the first sentences (LEAD-3, or at a word budget: first sentences until the
                budget is reached; the last one may run over, which favours LEAD)
* sumy's LexRank, SumBasic, Luhn, LSA, TextRank and KL with bot.text.SumyTokenizer,
  sumy's PlaintextParser, Stemmer and stop words; at a word budget they take their ranked
  sentences under the same budget rule as ours.

Sets (development splits in ../shared/data; the script exits 0 if the folder is absent):

* ``cnndm``    summ_frank_cnndm_xsum, the CNN/DailyMail articles, 3 sentences.   Target.
* ``temario``  summ_temario_pt, Portuguese, word budget = the reference's length. Target.
* ``bbc``      summ_bbc_news_summary, word budget = the reference's length. Information only:
               its references were made by picking long sentences, so it rewards that.
* ``bbc3``     the same BBC articles and references at 3 sentences, the count mode of a digest and
               of cnndm. Information only, and never fitted on: the large unseen English check of a
               sentence-count summary (1098 articles; its references, being extractive, score
               which sentences were picked).
* ``xsum``     summ_frank_cnndm_xsum, the XSum (BBC) articles, 3 sentences. Information only:
               the fit never sees it, so it is the unseen check of a sentence-count summary; its
               reference is one sentence, once the article's first, taken out of the text.
* ``pages``    page junk: the dev pages of extraction_article_benchmark summarised from raw HTML
               as ``newsdigest summarize`` does (extract, then 3 sentences); a sentence counts as
               junk when under 90% of its word 3-grams are in the page's true article body (a
               caption, credit, headline or keyword list glued on or chosen). Target 0.

Speed: median ms per article per system, and a 700-sentence article (dev articles joined)
timed for ours and for sumy's LexRank in the same run. The machine is shared: read ratios.

``--fit`` refits the ranking weights (bot.summarise.WEIGHTS, REDUNDANCY) on the development
data of cnndm and temario and prints them with a 2-fold cross-validation; the procedure is
described at :func:`benchmarks.summary_fit.fit`.

Usage:
    python -m benchmarks.summary_quality [--sets cnndm,temario,bbc,bbc3,xsum,pages] [--systems ours,lead,lexrank,...]
    python -m benchmarks.summary_quality --fit
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from dataclasses import dataclass, field

import numpy as np

from benchmarks._common import DATA, load_jsonl, machine_load, no_data
from bot import summarise as S
from bot.text import SumyTokenizer, split_sentences

SUMY = ("lexrank", "sumbasic", "luhn", "lsa", "textrank", "kl")


@dataclass
class Item:
    id: str
    text: str
    reference: str            # sentences joined by "\n" (ROUGE-Lsum)
    language: str
    sentences: int = 3
    words: int | None = None  # word budget, if the set is measured at the reference's length
    title: str | None = None
    url_title: str | None = None  # information only: the headline words of the article's URL
    cache: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def _lines(text: str, language: str) -> str:
    return "\n".join(split_sentences(text, language))


def _slug_title(url: str) -> str | None:
    """The headline in a Daily Mail / CNN URL ('.../How-divorce-cost-old-age....html')."""
    path = re.sub(r"[?#].*$", "", url).rstrip("/")
    parts = [p for p in path.split("/") if p and p != "index.html"]
    slug = re.sub(r"\.html?$", "", parts[-1]) if parts else ""
    words = slug.split("-")
    return " ".join(words) if len(words) >= 3 else None


def load(name: str) -> list[Item]:
    if name == "cnndm":
        rows = [r for r in load_jsonl(DATA / "summ_frank_cnndm_xsum" / "dev.jsonl") if r["dataset"] == "cnndm"]
        return [Item(r["id"], r["article"], _lines(r["reference_detok"], "english"), "english",
                     sentences=3, url_title=_slug_title(r["url"])) for r in rows]
    if name == "xsum":
        rows = [r for r in load_jsonl(DATA / "summ_frank_cnndm_xsum" / "dev.jsonl") if r["dataset"] == "xsum"]
        return [Item(r["id"], r["article"], _lines(r["reference_detok"], "english"), "english", sentences=3)
                for r in rows]
    if name == "temario":
        rows = load_jsonl(DATA / "summ_temario_pt" / "dev.jsonl")
        return [Item(r["id"], r["text"], _lines(r["summary"], "portuguese"), "portuguese",
                     words=len(r["summary"].split())) for r in rows]
    if name in ("bbc", "bbc3"):
        rows = load_jsonl(DATA / "summ_bbc_news_summary" / "dev.jsonl")
        out = []
        for r in rows:
            # References glue sentences ("$10.9bn.For the"): put the spaces back first.
            ref = re.sub(r"(?<=[a-z0-9%)\"'][.!?])(?=[A-Z\"])", " ", r["summary"])
            ref = re.sub(r"(?<=[.!?][\"'])(?=[A-Z])", " ", ref)
            out.append(Item(r["id"], r["body"], _lines(ref, "english"), "english", sentences=3,
                            words=len(r["summary"].split()) if name == "bbc" else None, title=r["title"]))
        return out
    raise SystemExit(f"unknown set {name!r}: choose from cnndm, temario, bbc, bbc3, xsum, pages")


# ---------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------

def _budget(sentences: list[str], words: int, over_ok: bool) -> list[str]:
    """Sentences in the given order until the budget is reached.

    over_ok: the last may run over (LEAD); else our rule (bot.summarise.fits), passing over
    sentences that do not fit.
    """
    out, total = [], 0
    for s in sentences:
        n = len(s.split())
        if out and not over_ok and not S.fits(total, n, words):
            continue
        out.append(s)
        total += n
        if total >= words:
            break
    return out


def lead(item: Item) -> list[str]:
    sentences = split_sentences(item.text, item.language)
    return _budget(sentences, item.words, over_ok=True) if item.words else sentences[:item.sentences]


def ours(item: Item, title: str | None = None) -> list[str]:
    return S.summarise(item.text, item.sentences, item.language, title or item.title, words=item.words)


def sumy_system(name: str, raw: bool = False):
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {"lexrank": LexRankSummarizer, "sumbasic": SumBasicSummarizer, "luhn": LuhnSummarizer,
           "lsa": LsaSummarizer, "textrank": TextRankSummarizer, "kl": KLSummarizer}[name]
    if raw:  # the summariser itself, called on a parsed document
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        return summarizer
    made: dict[str, object] = {}

    def run(item: Item) -> list[str]:
        summarizer = made.get(item.language)
        if summarizer is None:
            summarizer = made[item.language] = cls(Stemmer(item.language))
            summarizer.stop_words = get_stop_words(item.language)
        doc = PlaintextParser.from_string(item.text, SumyTokenizer(item.language)).document
        if item.words:
            def count(infos):  # infos come best first: apply the word budget in that order
                kept = _budget([str(i.sentence) for i in infos], item.words, over_ok=False)
                wanted = set(kept)
                return [i for i in infos if str(i.sentence) in wanted]
            return [str(s) for s in summarizer(doc, count)]
        return [str(s) for s in summarizer(doc, item.sentences)]

    return run


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------

_SCORER = None


def rouge_rows(pairs: list[tuple[list[str], str]]) -> np.ndarray:
    """F1 × 100 of ROUGE-1, ROUGE-2, ROUGE-Lsum of each (summary sentences, reference): n × 3."""
    global _SCORER
    if _SCORER is None:
        try:
            from rouge_score import rouge_scorer
        except ImportError:
            raise SystemExit("pip install rouge-score (the benchmark extra) to run this benchmark") from None
        _SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    rows = np.zeros((len(pairs), 3))
    for k, (summary, reference) in enumerate(pairs):
        s = _SCORER.score(reference, "\n".join(summary))
        rows[k] = [s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeLsum"].fmeasure]
    return 100 * rows


def rouge(pairs: list[tuple[list[str], str]]) -> tuple[float, float, float]:
    """Mean F1 × 100 of ROUGE-1, ROUGE-2, ROUGE-Lsum over (summary sentences, reference)."""
    rows = rouge_rows(pairs)
    return tuple(rows.mean(axis=0)) if len(rows) else (0.0, 0.0, 0.0)


#: The sets whose margins over LEAD are targets; the others are information only.
TARGETS = ("cnndm", "temario")


def paired_margin(ours_rows: np.ndarray, lead_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean per-article margin (ours − lead) on each figure and its standard error: how far a
    margin on this many articles can be told from noise (about ±2 standard errors)."""
    diff = ours_rows - lead_rows
    se = diff.std(axis=0, ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else np.zeros(3)
    return diff.mean(axis=0), se


def run_system(items: list[Item], fn, repeat: int) -> tuple[tuple[float, float, float], list[float], np.ndarray]:
    """(mean ROUGE, ms per article: the best of ``repeat`` runs, which filters other jobs' noise,
    and each article's ROUGE: n × 3)."""
    summaries, times = [], []
    for item in items:
        best = float("inf")
        for _ in range(repeat):
            tick = time.perf_counter()
            summary = fn(item)
            best = min(best, time.perf_counter() - tick)
        summaries.append(summary)
        times.append(1000 * best)
    rows = rouge_rows([(s, i.reference) for s, i in zip(summaries, items)])
    return tuple(rows.mean(axis=0)), times, rows


def _row(label: str, scores: tuple[float, float, float], times: list[float] | None) -> None:
    ms = f"{statistics.median(times):11.2f}" if times else ""
    print(f"  {label:34} {scores[0]:6.1f} {scores[1]:6.1f} {scores[2]:7.1f} {ms}")


def report(sets: list[str], systems: list[str], repeat: int, rounds: int) -> None:
    print("ROUGE F1 × 100 (rouge-score, Porter stemming, Lsum over newline-separated sentences);")
    print(f"ms per article: median over articles of the best of {repeat} runs. Dev splits, one run.")
    print(machine_load())
    for name in sets:
        if name == "pages":
            page_junk()
            continue
        items = load(name)
        S.summarise(items[0].text, language=items[0].language)  # warm caches before timing
        budget = "3 sentences" if items[0].words is None else "word budget = the reference's length"
        print(f"\n{name}: {len(items)} articles, {budget}")
        print(f"  {'system':34} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7} {'ms/article':>11}")
        figures, per_article = {}, {}
        for system in systems:
            fn = {"ours": ours, "lead": lead}.get(system) or sumy_system(system)
            scores, times, per_article[system] = run_system(items, fn, repeat)
            figures[system] = scores
            _row(system, scores, times)
            if system == "ours" and any(i.url_title for i in items):
                _row("ours, title = URL words (info)", run_system(items, lambda i: ours(i, i.url_title), 1)[0], None)
            if system == "lead":
                def lead_usable(i: Item) -> list[str]:
                    usable = S.usable_sentences(i.text, i.language, i.title)
                    return _budget(usable, i.words, over_ok=True) if i.words else usable[:i.sentences]
                _row("lead of screened sentences (info)", run_system(items, lead_usable, 1)[0], None)
        if "ours" in figures and "lead" in figures:
            gap, se = paired_margin(per_article["ours"], per_article["lead"])
            target = " (target: +0.30 on each)" if name in TARGETS else " (information only)"
            print(f"  ours - lead: R-1 {gap[0]:+.2f}, R-2 {gap[1]:+.2f}, R-Lsum {gap[2]:+.2f}{target}")
            print(f"  standard error of that margin (paired, per article): {se[0]:.2f} / {se[1]:.2f} / {se[2]:.2f}; "
                  f"articles where the summaries differ: {int((per_article['ours'] != per_article['lead']).any(axis=1).sum())}")
        if "ours" in systems and "lexrank" in systems:
            speed(items, repeat, rounds)
    text_sets = [s for s in sets if s != "pages"]
    if "ours" in systems and text_sets:
        long_article(load(text_sets[0]), with_lexrank="lexrank" in systems)


_GRAM_WORD = re.compile(r"\w+")


def _grams(text: str, n: int = 3) -> list[tuple[str, ...]]:
    words = _GRAM_WORD.findall(text.lower())
    return [tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))]


def page_junk(threshold: float = 0.9, show: bool = True) -> tuple[int, int]:
    """(junk sentences, all sentences) of the dev pages' summaries made from raw HTML."""
    import gzip
    import json

    from bot.commands.summarize import _from_html
    from bot.language import sumy_language

    folder = DATA / "extraction_article_benchmark"
    truth = json.loads((folder / "ground-truth.dev.json").read_text(encoding="utf-8"))
    junk: list[tuple[float, str, str]] = []
    total = 0
    for page_id, row in sorted(truth.items()):
        page = _from_html(gzip.open(folder / "html" / f"{page_id}.html.gz").read(), row["url"])
        if page is None:
            continue
        text, title, language = page
        body = set(_grams(row["articleBody"]))
        for sentence in S.summarise(text, 3, sumy_language(language, default=None) or "english", title):
            total += 1
            grams = _grams(sentence)
            share = sum(g in body for g in grams) / len(grams)
            if share < threshold:
                junk.append((share, page_id[:8], sentence))
    print(f"\npages: {len(truth)} dev pages of extraction_article_benchmark, 3 sentences from raw HTML")
    print(f"  page junk: {len(junk)} of {total} sentences under {threshold:.0%} of their 3-grams in the true body (target 0)")
    if show:
        for share, page_id, sentence in sorted(junk):
            print(f"    {share:.2f} {page_id} {sentence[:160]}")
    return len(junk), total


def speed(items: list[Item], repeat: int, rounds: int) -> None:
    """Ours against sumy's LexRank, in ``rounds`` rounds: each round times both, one after the
    other, on every article. The machine is shared and its speed drifts by up to 2x over a
    minute, so a ratio is taken within each round, where both met the same machine, and the
    median round is reported with the range.

    Two comparisons: the whole summary from raw text (ours splits, screens and ranks; LexRank
    parses with the same splitter and ranks), and ranking alone, on the same screened
    sentences already split (our features and selection; LexRank's call on a parsed document).
    """
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    lex_whole = sumy_system("lexrank")
    lex_rank = sumy_system("lexrank", raw=True)
    prepared = []
    for item in items:
        usable = [s for s in S.screen_sentences(item.text, item.language, item.title) if s.usable]
        texts = [s.text for s in usable]
        if len(texts) < 2:
            continue
        tokenizer = SumyTokenizer(item.language)
        doc = ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts])])
        for d in doc.sentences:
            d.words  # noqa: B018  (sumy tokenises lazily; do it before timing)
        starts = [s.paragraph_start for s in usable]
        prepared.append((item, texts, starts, doc))

    def rank_ours(p):
        item, texts, starts, _ = p
        S.choose(S.sentence_features(texts, item.language, item.title, starts), item.sentences, item.words)

    def rank_lex(p):
        lex_rank(p[3], 3)

    def timed(fn, data) -> list[float]:
        out = []
        for x in data:
            best = float("inf")
            for _ in range(repeat):  # back to back: alternating systems would time each with
                tick = time.perf_counter()  # the other's data in the processor's caches
                fn(x)
                best = min(best, time.perf_counter() - tick)
            out.append(1000 * best)
        return out

    for label, (mine, theirs, data) in {
        "whole summary from raw text": (ours, lex_whole, items),
        "ranking alone (same screened sentences)": (rank_ours, rank_lex, prepared),
    }.items():
        rows = []
        for _ in range(rounds):
            a, b = timed(mine, data), timed(theirs, data)
            rows.append((statistics.median(a), statistics.median(b),
                         statistics.median(b) / statistics.median(a), sum(b) / sum(a)))
        ms_o, ms_l, ratio, total = (statistics.median(col) for col in zip(*rows))
        lo, hi = min(r[2] for r in rows), max(r[2] for r in rows)
        print(f"  speed, {label}: ours {ms_o:.2f} ms, LexRank {ms_l:.2f} ms per article (medians); "
              f"LexRank/ours x{ratio:.1f} (median of {rounds} rounds, range x{lo:.1f}-x{hi:.1f}); "
              f"all articles x{total:.1f}")


def long_article(items: list[Item], with_lexrank: bool, size: int = 700) -> None:
    """A 700-sentence article (usable sentences of dev articles, one per line): ours vs LexRank."""
    language = items[0].language
    sentences: list[str] = []
    for item in items:
        sentences.extend(S.usable_sentences(item.text, language))
        if len(sentences) >= size:
            break
    text = "\n".join(sentences[:size])
    count = len(split_sentences(text, language))
    S.summarise(text, 3, language)
    whole, ranking = [], []
    candidates = S.usable_sentences(text, language)
    for _ in range(5):
        tick = time.perf_counter()
        S.summarise(text, 3, language)
        whole.append(1000 * (time.perf_counter() - tick))
        tick = time.perf_counter()
        S.choose(S.sentence_features(candidates, language), 3)
        ranking.append(1000 * (time.perf_counter() - tick))
    print(f"\nlong article: {count} sentences ({len(candidates)} usable), medians of 5 runs")
    print(f"  ours: ranking {statistics.median(ranking):.1f} ms; whole summary from raw text "
          f"{statistics.median(whole):.1f} ms")
    if with_lexrank:
        tick = time.perf_counter()
        sumy_system("lexrank")(Item("long", text, "", language))
        lex_ms = 1000 * (time.perf_counter() - tick)
        print(f"  sumy LexRank, whole summary: {lex_ms:.0f} ms (one run): "
              f"x{lex_ms / statistics.median(whole):.0f} ours whole, x{lex_ms / statistics.median(ranking):.0f} our ranking")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="cnndm,temario,bbc,xsum,pages")
    parser.add_argument("--systems", default="ours,lead," + ",".join(SUMY))
    parser.add_argument("--repeat", type=int, default=3, help="timing: best of this many runs per article")
    parser.add_argument("--rounds", type=int, default=5, help="speed against LexRank: rounds, each timing both")
    parser.add_argument("--fit", action="store_true", help="refit the ranking weights, with 2-fold CV")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        return no_data(f"{DATA} is absent: no evaluation data, nothing measured")
    if args.fit:
        from benchmarks.summary_fit import fit

        fit()
        return 0
    report([s for s in args.sets.split(",") if s], [s for s in args.systems.split(",") if s], args.repeat, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
