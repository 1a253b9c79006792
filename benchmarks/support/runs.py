"""What the pipeline benchmark runs, each in a fresh process: one newsdigest run, and the naive baseline."""

from __future__ import annotations

import json
import os
import resource
import time
from contextlib import ExitStack
from datetime import timedelta

from benchmarks.support.farm import FARM_NOW
from benchmarks.support.procs import RemoteSampler

PROFILE = "bench"


# -- one pipeline run, in its own process ----------------------------------------------------


def config_text(urls: list[str], names: list[str], fetch: dict[str, object]) -> str:
    feeds = "\n".join(f"  - url: {u}\n    name: {json.dumps(n)}" for u, n in zip(urls, names))
    fetch_lines = "\n".join(f"  {k}: {v}" for k, v in fetch.items())
    return (
        f"feeds:\n{feeds}\nprofiles:\n  {PROFILE}:\n    sentences: 3\n    first_run_window: 48h\n"
        f"fetch:\n{fetch_lines}\n"
    )


def _pipeline_child(conn, text: str, db: str, now_minutes: int, deliver: bool, workers_n: int | None) -> None:
    """Import, run the pipeline once, report figures through ``conn``."""
    try:
        t_import = time.perf_counter()
        from bot.app import App
        from bot.config import parse_config
        from bot.outbox import mark_delivered
        from bot.pipeline import run

        import_seconds = time.perf_counter() - t_import
        config = parse_config(text, "benchmark config")
        now = FARM_NOW + timedelta(minutes=now_minutes)
        sampler = RemoteSampler(conn).start()  # (it samples from the benchmark's process, not this one)
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.perf_counter()
        with ExitStack() as stack:
            app = App.build(config, f"sqlite:///{db}", stack, processes=workers_n)
            t_run = time.perf_counter()
            report = run(config, PROFILE, app.store, app.http, app.workers, now)
            run_seconds = time.perf_counter() - t_run
            t_deliver = time.perf_counter()
            if deliver:
                mark_delivered(app.store, report, now)
            deliver_seconds = time.perf_counter() - t_deliver
            sampler.sample()  # a last look at the pool before it exits
        wall = time.perf_counter() - t0
        sampler.stop()
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        me = os.getpid()
        others = [dict(pid=p, **info) for p, info in sampler.procs.items() if p != me]
        origins: dict[str, int] = {}
        for story in report.digest.stories:
            for a in story.articles:
                origins[a.text_origin] = origins.get(a.text_origin, 0) + 1
        example = None
        for story in report.digest.stories:
            if story.articles and story.articles[0].summary:
                a = story.articles[0]
                example = {"title": a.title, "summary": a.summary, "origin": a.text_origin, "sources": len(story.articles)}
                break
        conn.send({
            "ok": True,
            "import_seconds": import_seconds,
            "wall": wall,
            "run_seconds": run_seconds,
            "deliver_seconds": deliver_seconds,
            "stages": dict(report.seconds),
            "stage_cpu": dict(getattr(report, "cpu", {})),
            "first_article": getattr(report, "first_article", None),
            "articles": report.digest.article_count,
            "stories": len(report.digest.stories),
            "origins": origins,
            "example": example,
            "feeds_total": report.feeds_total,
            "feeds_not_modified": report.feeds_not_modified,
            "feeds_failed": report.feeds_failed,
            "problems": [p.reason for p in report.digest.problems],
            "new_entries": getattr(report, "new_entries", None),
            "entries_seen": getattr(report, "entries_seen", None),
            "pages_fetched": report.pages_fetched,
            "page_problems": len(report.page_problems),
            "page_problem_examples": sorted({p for _, p in report.page_problems})[:5],
            # The sampler runs in the benchmark's process: none of this process's CPU is its.
            "main_cpu": (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime),
            "sampler_cpu": sampler.cpu,
            "main_cpu_life": ru1.ru_utime + ru1.ru_stime,
            "main_maxrss": ru1.ru_maxrss * 1024,
            "children_maxrss": children.ru_maxrss * 1024,
            "tree_peak_rss": sampler.peak_rss,
            "tree_peak_pss": sampler.peak_pss,
            "peak_parts": sampler.peak_parts,
            "samples": sampler.samples,
            "others": others,
            "workers": app.workers.processes,
        })
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        import traceback

        conn.send({"ok": False, "error": f"{exc.__class__.__name__}: {exc}", "traceback": traceback.format_exc()})
    finally:
        conn.close()


# -- the naive baseline, in its own process -------------------------------------------------


def _profile_child(conn, plan, n: int) -> None:
    """Where a worker's time goes per article (benchmarks/support/profile.py), in a fresh process."""
    try:
        from benchmarks.support.profile import profile_articles

        conn.send({"ok": True, **profile_articles(plan, n)})
    except BaseException as exc:  # noqa: BLE001 - reported to the parent
        import traceback

        conn.send({"ok": False, "error": f"{exc.__class__.__name__}: {exc}", "traceback": traceback.format_exc()})
    finally:
        conn.close()


def _baseline_child(conn, urls: list[str]) -> None:
    """Sequential feedparser + urllib + trafilatura.extract + sumy LexRank, the obvious script."""
    try:
        t_import = time.perf_counter()
        import urllib.request

        import feedparser
        import trafilatura
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.utils import get_stop_words

        from bot.text import SumyTokenizer  # NLTK's punkt data cannot be downloaded here

        import_seconds = time.perf_counter() - t_import
        tokenizer = SumyTokenizer("english")
        summarizer = LexRankSummarizer(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        times = {"feeds": 0.0, "fetch": 0.0, "extract": 0.0, "summarise": 0.0}
        extract_cpu = 0.0  # CPU seconds inside trafilatura.extract: the yardstick for the pipeline's CPU per article
        articles = failed_pages = empty = feeds_failed = 0
        example = None
        t0 = time.perf_counter()
        for url in urls:
            t = time.perf_counter()
            try:
                parsed = feedparser.parse(url)
                entries = parsed.entries
            except Exception:  # noqa: BLE001 - the naive script would crash; we count it
                entries = []
            if not entries:
                feeds_failed += 1
            times["feeds"] += time.perf_counter() - t
            for entry in entries:
                link = entry.get("link")
                t = time.perf_counter()
                try:
                    with urllib.request.urlopen(link, timeout=30) as resp:
                        html = resp.read()
                except Exception:  # noqa: BLE001
                    failed_pages += 1
                    times["fetch"] += time.perf_counter() - t
                    continue
                t1 = time.perf_counter()
                times["fetch"] += t1 - t
                c1 = time.process_time()
                text = trafilatura.extract(html)
                extract_cpu += time.process_time() - c1
                t2 = time.perf_counter()
                times["extract"] += t2 - t1
                if not text:
                    empty += 1
                    continue
                document = PlaintextParser.from_string(text, tokenizer).document
                summary = [str(s) for s in summarizer(document, 3)]
                times["summarise"] += time.perf_counter() - t2
                articles += 1
                if example is None:
                    example = {"title": entry.get("title"), "summary": summary}
        wall = time.perf_counter() - t0
        conn.send({
            "ok": True, "wall": wall, "import_seconds": import_seconds, "stages": times, "articles": articles,
            "extract_cpu": extract_cpu, "pages": articles + empty,
            "feeds": len(urls), "feeds_failed": feeds_failed, "failed_pages": failed_pages, "empty": empty,
            "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, "example": example,
            "cpu_life": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
        })
    except BaseException as exc:  # noqa: BLE001
        import traceback

        conn.send({"ok": False, "error": f"{exc.__class__.__name__}: {exc}", "traceback": traceback.format_exc()})
    finally:
        conn.close()
