"""Where a worker's time goes per article: ``prepare_article`` over farm pages under cProfile, in one
process, split into the steps the issue names (decode, parse, extract, repairs, clean, language,
split, rank, group features).

The split reads cumulative times of the functions that open each step, so a step's figure is
its whole subtree; what none of them covers is "other". Used by ``benchmarks.pipeline --profile``.
"""

from __future__ import annotations

import cProfile
import pstats
import time

from benchmarks.support.content import Corpus
from benchmarks.support.plan import FarmPlan

# step -> (module path fragment, function name): the function whose subtree is that step.
STEPS = {
    "decode": ("bot/extract/decode.py", "page_markup"),
    "parse (lxml)": ("bot/extract/passes.py", "_parse"),
    "extract (trafilatura)": ("bot/extract/passes.py", "_main_text"),
    "repairs": ("bot/extract/repairs.py", "_page_repairs"),
    "removals": ("bot/extract/repairs.py", "_drop_links_and_captions"),
    "metadata": ("bot/extract/metadata.py", "_metadata"),
    "head": ("bot/extract/metadata.py", "__init__"),
    "clean": ("bot/text/clean.py", "clean_text"),
    "language": ("bot/language.py", "detect_language"),
    "summarise (all of it)": ("bot/summarise/select.py", "summarise"),
    "  screen (split, reasons)": ("bot/summarise/screen.py", "screen_sentences"),
    "  split sentences": ("bot/text/sentences.py", "split_sentences"),
    "  rank (features)": ("bot/summarise/features.py", "sentence_features"),
    "group features": ("bot/group/features.py", "prepare"),
    "feed text": ("bot/articles.py", "feed_text"),
}


def jobs(plan: FarmPlan, n: int) -> list:
    """``n`` article jobs with the farm's pages (evenly spread over its feeds), as the pipeline makes them."""
    from bot.articles import ArticleJob

    corpus = Corpus(plan, 8080)
    out = []
    for j in range(n):
        k, i = (j * 7919) % plan.feeds, (j * 31) % plan.items
        item = corpus.item(k, i)
        out.append(ArticleJob(entry_id=j, title=item.title, content=item.teaser, content_is_html=False, cached_text=None,
                              cached_origin=None, page=corpus.page(k, i), page_url=item.url, sentences=3, language=None,
                              page_content_type="text/html; charset=utf-8"))
    return out


def profile_articles(plan: FarmPlan, n: int = 200, top: int = 25) -> dict:
    """Milliseconds per article for each step, the total, and the top functions by own time."""
    from bot.articles import prepare_article

    todo = jobs(plan, n)
    prepare_article(todo[0])  # first-call costs (rulebooks compiled, models loaded) are not per-article
    t0 = time.process_time()
    for job in todo:
        prepare_article(job)
    plain = (time.process_time() - t0) / n * 1000
    prof = cProfile.Profile()
    prof.enable()
    for job in todo:
        prepare_article(job)
    prof.disable()
    stats = pstats.Stats(prof)
    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())  # own times add up to the whole
    steps: dict[str, float] = {}
    for step, (path, name) in STEPS.items():
        steps[step] = sum(v[3] for (file, _, func), v in raw.items() if func == name and file.endswith(path)) / n * 1000
    owns = sorted(((v[2], f"{'/'.join(file.split('/')[-2:])}:{line} {func}")
                   for (file, line, func), v in raw.items()), reverse=True)[:top]
    return {"articles": n, "ms_per_article": plain, "profiled_ms_per_article": total / n * 1000, "steps": steps,
            "top_own": [(name, t / n * 1000) for t, name in owns]}


def print_profile(p: dict) -> None:
    print(f"PROFILE   prepare_article over {p['articles']} farm pages in one process: {p['ms_per_article']:.1f} ms CPU per "
          f"article unprofiled ({p['profiled_ms_per_article']:.1f} ms under cProfile; steps below are profiled times, "
          "nested steps inside their parents)")
    for step, ms in p["steps"].items():
        print(f"  {step:<34}{ms:>8.2f} ms")
    print("  top functions by own time (ms per article):")
    for name, ms in p["top_own"]:
        print(f"    {ms:>7.2f}  {name}")


if __name__ == "__main__":
    import sys

    print_profile(profile_articles(FarmPlan(), int(sys.argv[1]) if len(sys.argv) > 1 else 200))
