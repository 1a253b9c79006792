"""Where the summariser's margin over LEAD comes from: screening (by reason), the leaning and hook rules, ranking.

Why: on CNN/DM most summaries are LEAD's, and a margin of a few tenths is the sum of a few articles.
Before changing the ranking it pays to know which step moved which article. Five summaries of each
article, each one step from the next:

* ``LEAD``           the first sentences of the text (summary_quality's ``lead``)
* ``screened lead``  the first usable sentences, with the leaning rule off (position alone ranks)
* ``standing lead``  the same with the leaning rule: a sentence opening "He"/"But" only right after
                     the one it leans on (bot.summarise.select)
* ``told lead``      the same with the hook rule: no feature's hook or vague-time forecast while anything
                     else can be had (bot.summarise.select.hook)
* ``ours``           bot.summarise.summarise, the fitted ranking

so ours − LEAD = screening + leaning + hooks + ranking, per article and on average, each with its paired
standard error. Then each screening reason in turn is switched off (its sentences usable again,
the ranking as shipped): "ours − ours with R usable" is what screening R earns (negative: costs).
``--articles`` lists every article whose summary differs from LEAD, with the three parts of its
R-2 margin and the reasons LEAD's own sentences were screened.

The steps are swapped in by replacing two names in bot.summarise.select for the duration of one
measurement (the screen, the leaning test); nothing else of the summariser is touched, and a check
at start asserts that the per-piece screen used for the ablations equals the shipped one.

Usage:
    python -m benchmarks.summary_sources [--sets cnndm,temario,bbc,bbc3,xsum] [--articles]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np

from benchmarks._common import DATA, machine_load, no_data
from benchmarks.summary_quality import Item, lead, load, ours, paired_margin, rouge_rows
from bot.language import word_count
from bot.summarise import select
from bot.summarise.screen import Screened
from bot.text.furniture import split_at_calls

#: Reasons whose ablation is measured (those the screen gives a sentence, see screen_sentences).
REASONS = ("caption", "headline", "boilerplate", "fragment", "signpost", "standfirst", "quote fragment",
           "pronoun quote", "unattributed quote", "question", "figure", "heading", "run-on", "truncated", "roster")

#: The names in bot.summarise.select a measurement swaps (the screen, the leaning test); below, the shipped ones.
_STEPS = ("screen_sentences", "leans")
_SCREEN, _LEANS = (vars(select)[name] for name in _STEPS)


def _by_piece(text: str, language: str = "english", title: str | None = None,
              usable: frozenset[str] = frozenset()) -> list[Screened]:
    """The screen, piece by piece (a line, cut at inline calls to action: the screen's paragraphs),
    with the reasons in ``usable`` let through and each piece's first usable sentence marked again."""
    out: list[Screened] = []
    for piece in (p for whole in text.splitlines() for p in split_at_calls(whole)):
        first = True
        for s in _SCREEN(piece, language, title):
            if s.reason in usable:
                s = Screened(s.text, None, False, word_count(s.text, language))
            if s.usable:
                s = Screened(s.text, None, first, s.words)
                first = False
            out.append(s)
    return out


@contextmanager
def _swapped(screen: Callable[..., list[Screened]] | None = None,
             leans: Callable[..., bool] | None = None) -> Iterator[None]:
    for name, step in zip(_STEPS, (screen or _SCREEN, leans or _LEANS)):
        setattr(select, name, step)
    try:
        yield
    finally:
        for name, step in zip(_STEPS, (_SCREEN, _LEANS)):
            setattr(select, name, step)


def in_order(item: Item, hooks: bool = True) -> list[str]:
    """The usable sentences taken in article order (score = −position), under the leaning rule, the
    hook rule (unless ``hooks`` is False) and the count or word budget exactly as summarise applies
    them; no redundancy discount."""
    r = select.ranking(item.text, item.sentences, item.language, item.title, item.words)
    if r.whole is not None:
        return r.whole
    assert r.features is not None
    chosen = select._select(-np.arange(len(r.candidates), dtype=float), r.features, r.sentences, r.words,
                            0.0, r.allowed if hooks else None, r.leaning)
    if not chosen and hooks and r.allowed is not None:  # (as pick: what tells something leans on a hook)
        chosen = select._select(-np.arange(len(r.candidates), dtype=float), r.features, r.sentences, r.words,
                                0.0, leaning=r.leaning)
    return [r.candidates[i] for i in chosen]


def _rows(items: list[Item], fn: Callable[[Item], list[str]]) -> tuple[np.ndarray, list[list[str]]]:
    summaries = [fn(i) for i in items]
    return rouge_rows([(s, i.reference) for s, i in zip(summaries, items)]), summaries


def _line(label: str, a: np.ndarray, b: np.ndarray) -> None:
    gap, se = paired_margin(a, b)
    changed = int((a != b).any(axis=1).sum())
    print(f"  {label:44} {gap[0]:+6.2f} {gap[1]:+6.2f} {gap[2]:+7.2f}   ±{se[0]:.2f}/{se[1]:.2f}/{se[2]:.2f}"
          f"   {changed:5d}")


def _lead_reasons(item: Item) -> list[str]:
    """The reasons among the text's first screened pieces (3, or 6 under a word budget): why LEAD's
    sentences are not all in the screened lead (a glued caption is a piece of its own)."""
    screened = _SCREEN(item.text, item.language, item.title)
    first = screened[:max(item.sentences, 3) if item.words is None else 6]
    return [s.reason for s in first if s.reason]


def measure(name: str, articles: bool) -> None:
    items = load(name)
    same = sum(_by_piece(i.text, i.language, i.title) == _SCREEN(i.text, i.language, i.title) for i in items)
    assert same == len(items), f"{name}: the per-piece screen differs from the shipped one on {len(items) - same}"
    base, _ = _rows(items, lead)
    mine, _ = _rows(items, ours)
    told, _ = _rows(items, in_order)
    standing, _ = _rows(items, lambda i: in_order(i, hooks=False))
    with _swapped(leans=lambda sentence, language="english": False):
        screened, _ = _rows(items, lambda i: in_order(i, hooks=False))
    mode = "3 sentences" if items[0].words is None else "word budget"
    print(f"\n{name}: {len(items)} articles, {mode}; ROUGE-1 / 2 / Lsum F1 × 100, "
          f"± paired s.e.; articles changed")
    _line("ours − LEAD", mine, base)
    _line("  screening: screened lead − LEAD", screened, base)
    _line("  leaning rule: standing lead − screened lead", standing, screened)
    _line("  hook rule: told lead − standing lead", told, standing)
    _line("  ranking: ours − told lead", mine, told)
    for reason in REASONS:
        with _swapped(screen=lambda t, lang="english", title=None, r=reason: _by_piece(t, lang, title, frozenset({r}))):
            without, _ = _rows(items, ours)
        if (without != mine).any():
            _line(f"  screening {reason!r}: ours − ours with it usable", mine, without)
    if not articles:
        return
    differ = [k for k in range(len(items)) if (mine[k] != base[k]).any()]  # (as summary_quality counts)
    print(f"\n  {len(differ)} of {len(items)} summaries differ from LEAD; R-2 margin and its parts "
          f"(screening / leaning / hooks / ranking), share of the set's mean R-2 margin; LEAD's screened sentences:")
    for k in sorted(differ, key=lambda k: mine[k, 1] - base[k, 1]):
        parts = (screened[k, 1] - base[k, 1], standing[k, 1] - screened[k, 1], told[k, 1] - standing[k, 1],
                 mine[k, 1] - told[k, 1])
        reasons = Counter(_lead_reasons(items[k]))
        print(f"    {items[k].id[:24]:24} {mine[k, 1] - base[k, 1]:+6.1f} = {parts[0]:+6.1f} {parts[1]:+6.1f} "
              f"{parts[2]:+6.1f} {parts[3]:+6.1f}  ({(mine[k, 1] - base[k, 1]) / len(items):+.3f})  "
              + ", ".join(f"{r} ×{n}" if n > 1 else r for r, n in reasons.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="cnndm,temario,bbc3,xsum")
    parser.add_argument("--articles", action="store_true", help="list every article whose summary differs from LEAD")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        return no_data(f"{DATA} is absent: no evaluation data, nothing measured")
    print(machine_load())
    for name in (s for s in args.sets.split(",") if s):
        measure(name, args.articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
