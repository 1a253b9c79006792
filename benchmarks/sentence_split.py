"""Compare offline sentence splitters on the shared evaluation data.

Why: bot/text/sentences.py needs a splitter that is accurate on news text and cheap
enough for ~5,000 articles per run on 2 cores. This prints, per candidate:
golden-rules accuracy (English, pySBD English, other languages), boundary
precision/recall/F1 on UD running text (GUM news, EWT web text) and speed.

Every candidate gets the same treatment as in the pipeline: the text is cut
at line breaks first (a line break is always a boundary), then the candidate
splits each line. UD scores therefore count only boundaries INSIDE a
paragraph, the ones a splitter has to find.

Usage: python -m benchmarks.sentence_split [--repeat N] [--verbose]
Data is read from ../shared/data next to the repository; if it is absent the
script says so and exits 0.
"""

from __future__ import annotations

import argparse
from typing import Callable

from benchmarks._common import DATA, load_jsonl, machine_load, median, no_data, run_times

# Golden-rule language names -> (sumy-style name, ISO code).
LANGS = {
    "English": ("english", "en"), "German": ("german", "de"), "Japanese": ("japanese", "ja"),
    "Arabic": ("arabic", "ar"), "Italian": ("italian", "it"), "Russian": ("russian", "ru"),
    "Spanish": ("spanish", "es"), "Greek": ("greek", "el"), "Hindi": ("hindi", "hi"),
    "Armenian": ("armenian", "hy"), "Burmese": ("burmese", "my"), "Amharic": ("amharic", "am"),
    "Persian": ("persian", "fa"), "Urdu": ("urdu", "ur"), "Dutch": ("dutch", "nl"),
}

Splitter = Callable[[str, str], list]  # (text, language name) -> sentences


def by_line(split_line: Callable[[str, str], list]) -> Splitter:
    """Wrap a per-line splitter: every line break is a boundary, as in bot.text."""
    def split(text: str, language: str) -> list:
        out = []
        for line in text.splitlines():
            if line.strip():
                out.extend(s.strip() for s in split_line(line, language) if s.strip())
        return out
    return split


def candidates() -> dict[str, Splitter | str]:
    """Name -> splitter, or a reason string when the candidate can't run."""
    found: dict[str, Splitter | str] = {}

    from bot.text import split_sentences
    found["bot.text (own rules)"] = split_sentences

    try:
        import pysbd
        from pysbd.languages import LANGUAGE_CODES
        segmenters: dict = {}

        def pysbd_line(line: str, language: str) -> list:
            code = _code(language)
            code = code if code in LANGUAGE_CODES else "en"
            if code not in segmenters:
                segmenters[code] = pysbd.Segmenter(language=code, clean=False)
            return segmenters[code].segment(line)
        found[f"pysbd {pysbd.__version__}"] = by_line(pysbd_line)
    except ImportError:
        found["pysbd"] = "not installed"

    try:
        from importlib.metadata import version

        import syntok.segmenter as syntok_segmenter

        def syntok_line(line: str, language: str) -> list:
            return ["".join(str(token) for token in sentence)
                    for paragraph in syntok_segmenter.analyze(line) for sentence in paragraph]
        found[f"syntok {version('syntok')}"] = by_line(syntok_line)
    except ImportError:
        found["syntok"] = "not installed"

    try:
        from importlib.metadata import version

        import sentencex

        def sentencex_line(line: str, language: str) -> list:
            return list(sentencex.segment(_code(language), line))
        found[f"sentencex {version('sentencex')}"] = by_line(sentencex_line)
    except ImportError:
        found["sentencex"] = "not installed (pip install sentencex)"

    try:
        from importlib.metadata import version

        import blingfire

        def blingfire_line(line: str, language: str) -> list:
            return blingfire.text_to_sentences(line).split("\n")
        found[f"blingfire {version('blingfire')}"] = by_line(blingfire_line)
    except ImportError:
        found["blingfire"] = "not installed (pip install blingfire)"

    try:
        # What NLTK offers with no downloaded model: an untrained punkt.
        import nltk
        from nltk.tokenize.punkt import PunktSentenceTokenizer
        punkt = PunktSentenceTokenizer()
        found[f"nltk {nltk.__version__} punkt, untrained"] = by_line(lambda line, _: punkt.tokenize(line))
    except ImportError:
        found["nltk punkt"] = "not installed"
    return found


def _code(language: str) -> str:
    for name, code in LANGS.values():
        if name == language:
            return code
    return "en"


def golden_accuracy(split: Splitter, rules: list[dict], failures: list | None = None) -> float:
    """Share of rules whose output matches the expected list exactly (stripped)."""
    ok = 0
    for rule in rules:
        language = LANGS.get(rule.get("language", "English"), ("english", "en"))[0]
        expected = [s.strip() for s in rule["expected"]] if isinstance(rule["expected"], list) else None
        got = [s.strip() for s in split(rule["input"], language) if s.strip()]
        if got == expected:
            ok += 1
        elif failures is not None:
            failures.append((rule.get("language", "English"), rule["rule"], got, expected))
    return ok / len(rules)


def boundary_scores(split: Splitter, docs: list[dict]) -> tuple[float, float, float]:
    """Precision/recall/F1 of sentence starts inside paragraphs (micro-averaged)."""
    tp = fp = fn = 0
    for doc in docs:
        text = doc["text"]
        sents = doc["sentences"]
        gold = {b["start"] for a, b in zip(sents, sents[1:]) if a["paragraph"] == b["paragraph"]}
        para_starts = {0} | {s["start"] for s in sents} - gold
        pred = set()
        cursor = 0
        for sentence in split(text, "english"):
            pos = text.find(sentence, cursor)
            if pos < 0:  # a splitter that rewrote whitespace: anchor on a prefix
                pos = text.find(sentence[:20], cursor)
            if pos < 0:
                continue
            if pos not in para_starts:
                pred.add(pos)
            cursor = pos + 1
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def speed(split: Splitter, texts: list[str], n_sentences: int, repeat: int) -> float:
    """Median microseconds per gold sentence over `repeat` passes of all texts."""
    def one_pass() -> None:
        for text in texts:
            split(text, "english")
    return median(run_times(one_pass, repeat)) / n_sentences * 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="timing passes (median is reported)")
    ap.add_argument("--verbose", action="store_true", help="list failed golden rules")
    args = ap.parse_args(argv)

    gold_dir, ud_dir = DATA / "sbd_golden_rules", DATA / "sbd_ud_english"
    if not gold_dir.is_dir() or not ud_dir.is_dir():
        return no_data(f"skipped: evaluation data not found at {DATA}")

    golden = {
        "en": load_jsonl(gold_dir / "golden_rules_en.jsonl"),
        "pysbd-en": load_jsonl(gold_dir / "pysbd_golden_rules_en.jsonl"),
        "other": load_jsonl(gold_dir / "golden_rules_other_languages.jsonl"),
    }
    gum = load_jsonl(ud_dir / "gum_news.jsonl")
    ewt = load_jsonl(ud_dir / "ewt_dev_test.jsonl")
    texts = [d["text"] for d in gum + ewt]
    n_sentences = sum(len(d["sentences"]) for d in gum + ewt)

    print(f"golden rules: en {len(golden['en'])}, pysbd-en {len(golden['pysbd-en'])}, "
          f"other {len(golden['other'])}; UD: GUM news {len(gum)} docs, EWT {len(ewt)} docs, "
          f"{n_sentences} sentences; timing: median of {args.repeat} passes over GUM+EWT")
    print(machine_load())
    print("UD P/R/F1 = sentence boundaries inside paragraphs (line breaks are given to every candidate)\n")
    header = (f"{'candidate':32} {'GR en':>6} {'GR pysbd':>8} {'GR other':>8} "
              f"{'GUM P/R/F1':>17} {'EWT P/R/F1':>17} {'us/sent':>8} {'sent/s':>8}")
    print(header)
    print("-" * len(header))
    for name, split in candidates().items():
        if isinstance(split, str):
            print(f"{name:32} {split}")
            continue
        failures: list | None = [] if args.verbose else None
        acc = {k: golden_accuracy(split, rules, failures) for k, rules in golden.items()}
        g, e = boundary_scores(split, gum), boundary_scores(split, ewt)
        us = speed(split, texts, n_sentences, args.repeat)
        print(f"{name:32} {acc['en']:6.1%} {acc['pysbd-en']:8.1%} {acc['other']:8.1%} "
              f"{g[0]:5.3f}/{g[1]:5.3f}/{g[2]:5.3f} {e[0]:5.3f}/{e[1]:5.3f}/{e[2]:5.3f} "
              f"{us:8.1f} {1e6 / us:8.0f}", flush=True)
        for language, rule, got, expected in failures or ():
            print(f"    fail {language} {rule}: got {got!r}\n{'':14}expected {expected!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
