"""Pipeline benchmark: a cold run, a warm re-run and a naive baseline against a loopback feed farm.

What it measures (see benchmarks/support/farm.py for the farm):

* cold run: N feeds x M teaser-only items, so every article page is fetched; a fresh state
  database; per-stage seconds (``RunReport.seconds``), wall time, articles per second, CPU time
  per process and peak memory of the process tree (main + fork server + pool workers);
* warm re-run: the same database after the cold digest was delivered: every feed answers 304,
  nothing is new (median of ``--warm-repeats``);
* naive baseline: sequential ``feedparser.parse(url)``, then per entry ``urllib.request`` for the
  page, ``trafilatura.extract`` and sumy's LexRank (3 sentences), on a sample of the farm's
  healthy feeds (``--baseline-feeds``; all feeds when it is >= ``--feeds``). Rates (articles
  per second) are compared, since the baseline over all 5,000 articles takes long.

Every run (cold, each warm, the baseline) happens in a fresh process, as a scheduled
``newsdigest digest`` would: nothing is warmed up in advance, memory figures do not mix, and
the fork server the worker pool uses is started anew each time. The reported run wall time
spans opening the state database to closing the worker pool (what ``App.build`` + ``run`` +
``mark_delivered`` do); interpreter start-up and imports are shown separately.

Usage::

    python -m benchmarks.pipeline                       # 200 feeds x 25 items, 10-feed baseline
    python -m benchmarks.pipeline --feeds 20 --items 10 # quick
    python -m benchmarks.pipeline --baseline-feeds 200  # baseline over every feed (slow)
    python -m benchmarks.pipeline --json results.json   # also write the raw figures
    python -m benchmarks.pipeline --feeds 20 --items 10 --profile 0 --baseline-repeats 1 --warm-repeats 1  # while iterating

Memory: ``ru_maxrss`` of the main process; for the pool, the kernel's per-process peak (VmHWM)
read from /proc, since pool workers are children of the fork server and never appear in the
main process's RUSAGE_CHILDREN; and the total RSS (and PSS, which counts shared pages once)
of the process tree sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import REPO, machine_load, median
from benchmarks.support.farm import Farm, FarmPlan, describe
from benchmarks.support.procs import in_process, machine_cpu, proc_cpu
from benchmarks.support.runs import _baseline_child, _pipeline_child, _profile_child, config_text

# Issue 13: all measured in the same run, so machine speed cancels out of the ratios.
TARGETS = {"speedup": 4.0, "cpu_ratio": 1.5, "warm_seconds": 0.5, "pss_mb": 400.0, "first_article": 3.0}
TARGET_SIZE = (200, 25)


# -- report ---------------------------------------------------------------------------------


def mb(n: float) -> str:
    return f"{n / 1_048_576:,.0f} MB"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def trunc2(x: float) -> str:
    """Two decimals, rounded down: 2.496 shows as 2.49, not as a passing-looking 2.50."""
    import math

    return f"{math.floor(x * 100) / 100:.2f}"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=25)
    ap.add_argument("--baseline-feeds", type=int, default=10, help="feeds for the naive baseline (0: skip it)")
    ap.add_argument("--baseline-repeats", type=int, default=3, help="baseline runs; the median is reported")
    ap.add_argument("--cold-repeats", type=int, default=1, help="cold runs (fresh database each); the median is reported")
    ap.add_argument("--warm-repeats", type=int, default=3)
    ap.add_argument("--concurrency", type=int, help="fetch.concurrency (default: the project's default)")
    ap.add_argument("--per-host", type=int, help="fetch.per_host (default: the project's default)")
    ap.add_argument("--timeout", type=float, default=10.0, help="fetch.timeout in seconds")
    ap.add_argument("--workers", type=int, help="worker processes (default: Workers() default, one per CPU)")
    ap.add_argument("--slow-delay", type=float, default=3.0, help="seconds a slow feed takes to answer")
    ap.add_argument("--no-gzip", action="store_true", help="serve pages uncompressed")
    ap.add_argument("--seed", type=int, default=FarmPlan.seed)
    ap.add_argument("--wait-quiet", type=float, default=120.0, metavar="SECONDS",
                    help="before each timed run, wait up to this long for other load on the machine to stop")
    ap.add_argument("--run-timeout", type=float, default=1800.0, metavar="SECONDS",
                    help="kill a run (and its processes) that takes longer than this")
    ap.add_argument("--keep-state", action="store_true", help="keep the temporary state databases (path is logged)")
    ap.add_argument("--json", metavar="FILE", help="also write the raw figures here")
    ap.add_argument("--profile", type=int, default=150, metavar="N",
                    help="profile prepare_article over N farm pages in one process, per step (0: skip)")
    ap.add_argument("--queue", action="store_true", help="instead: local pool vs 1 and 2 queue workers (redis-server)")
    ap.add_argument("--queue-repeats", type=int, default=1, help="with --queue: runs of each mode, interleaved")
    args = ap.parse_args(argv)
    if args.queue:
        from benchmarks.support.queue_runs import main as queue_main

        return queue_main(args)

    plan = FarmPlan(feeds=args.feeds, items=args.items, seed=args.seed, slow_delay=args.slow_delay, gzip=not args.no_gzip)
    fetch: dict[str, object] = {"timeout": args.timeout}
    if args.concurrency:
        fetch["concurrency"] = args.concurrency
    if args.per_host:
        fetch["per_host"] = args.per_host

    from bot.config import FetchConfig

    effective = FetchConfig(**fetch)
    results: dict[str, object] = {"plan": describe(plan), "fetch": effective.model_dump()}
    kinds = plan.kinds()
    healthy = [k for k in range(plan.feeds) if kinds[k] == "ok"]
    readable = [k for k in range(plan.feeds) if kinds[k] in ("ok", "slow")]

    log(f"building the feed farm: {plan.feeds} feeds x {plan.items} items ...")
    t_farm = time.perf_counter()
    with Farm(plan) as farm:
        facts = farm.facts
        log(f"farm ready in {time.perf_counter() - t_farm:.1f} s on port {farm.port} (pid {farm.pid})")
        text = config_text(farm.feed_urls, farm.names(), fetch)
        tmp = Path(tempfile.mkdtemp(prefix="newsdigest-bench-"))
        log(f"state databases in {tmp}")

        def one_run(label: str, db: Path, now_minutes: int, deliver: bool) -> dict:
            busy = wait_for_quiet(args.wait_quiet)
            farm.reset_stats()
            cpu0 = proc_cpu(farm.pid or 0) or 0.0
            m0 = machine_cpu()
            r = in_process(_pipeline_child, text, str(db), now_minutes, deliver, args.workers, timeout=args.run_timeout)
            m1 = machine_cpu()
            r["farm_cpu"] = (proc_cpu(farm.pid or 0) or 0.0) - cpu0
            r["machine_busy"], r["machine_idle"], r["machine_steal"] = (b - a for a, b in zip(m0, m1))
            r["farm_stats"] = farm.stats()
            r["busy_before"] = busy
            log(f"{label}: {r['wall']:.2f} s, {r['articles']} articles, {r['feeds_not_modified']} feeds not modified")
            return r

        colds = []
        for n in range(args.cold_repeats):
            db = tmp / f"cold-{n}.db"
            log(f"cold run {n + 1}/{args.cold_repeats} (fresh database) ...")
            colds.append(one_run(f"cold run {n + 1}", db, 5, deliver=True))
        db = tmp / f"cold-{len(colds) - 1}.db"
        warms = []
        for n in range(args.warm_repeats):
            log(f"warm run {n + 1}/{args.warm_repeats} (same database, nothing new) ...")
            try:
                warms.append(one_run(f"warm run {n + 1}", db, 65 + n, deliver=True))
            except RuntimeError as exc:
                log(f"warm run {n + 1} failed: {exc}")
                break

        base = None
        if args.baseline_feeds > 0:
            if args.baseline_feeds >= plan.feeds:
                sample = list(range(plan.feeds))
            else:
                n = min(args.baseline_feeds, len(healthy))
                sample = [healthy[(j * len(healthy)) // n] for j in range(n)]
            bases = []
            for n in range(args.baseline_repeats):
                log(f"naive baseline {n + 1}/{args.baseline_repeats} on {len(sample)} feeds ...")
                wait_for_quiet(args.wait_quiet)
                farm.reset_stats()
                m0 = machine_cpu()
                cpu0 = proc_cpu(farm.pid or 0) or 0.0
                try:
                    b = in_process(_baseline_child, [farm.feed_urls[k] for k in sample], timeout=args.run_timeout)
                except RuntimeError as exc:
                    log(f"baseline failed: {exc}")
                    break
                m1 = machine_cpu()
                b["farm_cpu"] = (proc_cpu(farm.pid or 0) or 0.0) - cpu0
                b["machine_busy"] = m1[0] - m0[0]
                bases.append(b)
                log(f"baseline {n + 1}: {b['wall']:.1f} s for {b['articles']} articles")
            if bases:
                bwalls = [b["wall"] for b in bases]
                base = min(bases, key=lambda b: abs(b["wall"] - median(bwalls)))
                base["walls"] = bwalls
        if base is not None:
            base["sample"] = sample
            base["sample_kinds"] = {k: [kinds[i] for i in sample].count(k) for k in set(kinds[i] for i in sample)}

    prof = None
    if args.profile > 0:
        log(f"profiling prepare_article over {args.profile} farm pages ...")
        wait_for_quiet(args.wait_quiet)
        prof = in_process(_profile_child, plan, args.profile, timeout=args.run_timeout)

    if not args.keep_state:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    results.update({"farm": facts, "cold": colds, "warm": warms, "baseline": base, "profile": prof})
    print_report(plan, effective, facts, colds, warms, base, readable, prof)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        log(f"raw figures written to {args.json}")
    return 0


def source_fingerprint() -> str:
    """A short hash of bot/**/*.py and when they last changed, to tie figures to a state of the code."""
    import hashlib

    root = REPO / "bot"
    files = sorted(root.rglob("*.py"))
    digest = hashlib.sha1()
    for f in files:
        digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes())
    newest = max((f.stat().st_mtime for f in files), default=0)
    return f"{digest.hexdigest()[:12]} (newest file {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(newest))})"


def other_load(r: dict) -> float:
    """CPU seconds the rest of the machine used during a run: all busy time less ours and the farm's."""
    ours = r["main_cpu_life"] + sum(o["cpu"] for o in r["others"]) + r["farm_cpu"] + r.get("sampler_cpu", 0.0)
    return max(0.0, r["machine_busy"] - ours)


def wait_for_quiet(max_wait: float, threshold: float = 0.15) -> float:
    """Wait (up to ``max_wait`` s) until the machine is mostly idle; returns the busy share last seen."""
    deadline = time.monotonic() + max_wait
    while True:
        b0, i0, s0 = machine_cpu()
        time.sleep(1.0)
        b1, i1, s1 = machine_cpu()
        total = (b1 - b0) + (i1 - i0) + (s1 - s0)
        busy = (b1 - b0) / total if total else 0.0
        if busy <= threshold or time.monotonic() >= deadline:
            return busy
        log(f"the machine is {busy:.0%} busy with other work; waiting for it to quieten ...")
        time.sleep(4.0)


def print_report(plan, fetch, facts, colds, warms, base, readable, prof=None) -> None:
    p = print
    kinds = plan.kinds()
    count = {k: kinds.count(k) for k in set(kinds)}
    cores = os.cpu_count() or 1
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = cores
    full = (plan.feeds, plan.items) == TARGET_SIZE
    expected_articles = len(readable) * plan.items
    p("=" * 78)
    p("newsdigest pipeline benchmark")
    p("=" * 78)
    p(f"machine   {cores} CPUs (usable: {affinity}); {platform.system()} {platform.release()}; "
      f"Python {platform.python_version()}")
    p(f"          {machine_load()}")
    p(f"code      bot/**/*.py sha1 {source_fingerprint()}")
    p(f"farm      {plan.feeds} feeds x {plan.items} items, each feed on its own loopback host "
      f"({plan.host(0)} .. {plan.host(plan.feeds - 1)}), RSS 2.0 / Atom alternating, teaser-only items")
    p(f"          pages: {facts['pages']:,}, "
      f"{facts['page_bytes_min'] / 1000:.0f}-{facts['page_bytes_max'] / 1000:.0f} KB of HTML "
      f"(median {facts['page_bytes_median'] / 1000:.0f} KB, {facts['page_bytes_total'] / 1e6:,.0f} MB in all"
      + (f"; gzip on the wire: {facts['gzip_bytes_total'] / 1e6:,.0f} MB)" if plan.gzip else "; uncompressed)"))
    p(f"          trouble: {count.get('slow', 0)} slow feeds ({plan.slow_delay:g} s before a full answer; 304s prompt), "
      f"{count.get('error500', 0)} HTTP 500, {count.get('drop', 0)} closing without an answer, "
      f"{count.get('refused', 0)} refusing connections; ~{plan.slow_page_fraction:.1%} of pages slow "
      f"({plan.slow_page_delay:g} s), ~{plan.missing_page_fraction:.1%} 404")
    p(f"          built in {facts['build_seconds']:.1f} s (not timed). The farm is a separate process, so it takes no GIL "
      f"time from the pipeline, but it shares the {cores} cores: its CPU time is shown per run.")
    p(f"config    fetch.concurrency {fetch.concurrency}, fetch.per_host {fetch.per_host}, fetch.timeout {fetch.timeout:g} s, "
      f"teaser_words {fetch.teaser_words}; {colds[0]['workers']} worker processes (bot.workers.Workers, forkserver)")
    p("method    each run is a fresh process (as a scheduled `newsdigest digest`); 'run wall' spans opening the state DB"
      " to closing the pool; imports and interpreter start are listed apart.")
    p("")

    # -- cold
    c = min(colds, key=lambda r: abs(r["wall"] - median([x["wall"] for x in colds])))
    walls = [r["wall"] for r in colds]
    p(f"COLD RUN  fresh state DB; {expected_articles:,} articles expected "
      f"({len(readable)} readable feeds x {plan.items})" + (f"; median of {len(colds)} runs" if len(colds) > 1 else ""))
    p(f"  {'stage':<34}{'seconds':>10}{'share':>8}{'ms/article':>12}   main process CPU (ms/article)")
    for stage, sec in c["stages"].items():
        own = c.get("stage_cpu", {}).get(stage)
        p(f"  {stage:<34}{sec:>10.2f}{sec / c['run_seconds']:>8.0%}{sec / max(1, c['articles']) * 1000:>12.2f}"
          + (f"   {own:.1f} s ({own / max(1, c['articles']) * 1000:.2f})" if own is not None else ""))
    p(f"  {'run() total':<34}{c['run_seconds']:>10.2f}   (stages stream: 'feeds' ends when the last feed is recorded, "
      "articles of earlier feeds are prepared meanwhile; 'articles' is what is left after it)")
    first = c.get("first_article")
    p(f"  {'first summarised article':<34}{first if first is not None else float('nan'):>10.2f}   (from the start of run())")
    p(f"  {'mark_delivered':<34}{c['deliver_seconds']:>10.2f}")
    p(f"  {'run wall (DB open .. pool closed)':<34}{c['wall']:>10.2f}"
      + (f"   (runs: {', '.join(f'{w:.1f}' for w in walls)})" if len(colds) > 1 else ""))
    p(f"  {'imports (bot.pipeline etc.)':<34}{c['import_seconds']:>10.2f}")
    p(f"  {'whole process (spawn..exit)':<34}{c['process_seconds']:>10.2f}")
    rate = c["articles"] / c["wall"] if c["wall"] else 0.0
    p(f"  articles    {c['articles']:,} in the digest ({c['stories']:,} stories); pages fetched {c['pages_fetched']:,}; "
      f"page problems {c['page_problems']}; text from page {c['origins'].get('page', 0):,}, from feed "
      f"{c['origins'].get('feed', 0):,}")
    p(f"  feeds       {c['feeds_total']} checked, {c['feeds_failed']} with problems (farm has "
      f"{plan.feeds - len(readable)} failing)")
    p(f"  throughput  {rate:,.1f} articles/s (articles in the digest / run wall)")
    workers = [o for o in c["others"] if o["name"] == "worker"]
    fs = [o for o in c["others"] if o["name"] == "forkserver"]
    cpu_workers = sum(o["cpu"] for o in workers)
    cpu_total = c["main_cpu"] + cpu_workers + sum(o["cpu"] for o in fs)
    per_worker = ", ".join(f"{o['cpu']:.1f}" for o in workers)
    p(f"  CPU         main {c['main_cpu']:.1f} s, {len(workers)} workers {cpu_workers:.1f} s "
      f"({per_worker}), forkserver {sum(o['cpu'] for o in fs):.1f} s, "
      f"farm {c['farm_cpu']:.1f} s"
      + (f"; the benchmark's tree sampler {c['sampler_cpu']:.1f} s in the benchmark's own process, not the pipeline's"
         if "sampler_cpu" in c else ""))
    p(f"              pipeline used {cpu_total / c['wall']:.2f} of {cores} cores on average "
      f"({cpu_total / c['wall'] / cores:.0%}); with the farm {(cpu_total + c['farm_cpu']) / c['wall'] / cores:.0%}")
    per_article = cpu_total / c["articles"] * 1000 if c["articles"] else 0.0
    floor = max(cpu_total / cores, c["main_cpu"])
    p(f"  CPU/article {per_article:.1f} ms of CPU per article (all pipeline processes); on an otherwise idle machine this "
      f"run could not take less than ~{floor:.0f} s (its CPU / {cores} cores, or the main process's CPU)")
    other = other_load(c)
    p(f"  other load  processes outside the benchmark used {other:.1f} CPU-s while this run's process lived "
      f"({other / c['process_seconds'] / cores:.0%} of the machine); hypervisor steal {c['machine_steal']:.1f} s"
      + ("  << the machine was shared: figures are pessimistic" if other / c["process_seconds"] / cores > 0.05 else ""))
    p(f"  processes   {len(workers)} pool worker processes seen under the fork server "
      f"(Workers({c['workers']}) should need at most {c['workers']})")
    largest = max(workers, key=lambda o: o["hwm"], default=None)
    p(f"  memory      main process peak (ru_maxrss) {mb(c['main_maxrss'])}; largest worker peak (VmHWM) "
      f"{mb(largest['hwm']) if largest else 'n/a'}; "
      f"sum of per-process peaks {mb(c['main_maxrss'] + sum(o['hwm'] for o in c['others']))}")
    p(f"              process tree (main + forkserver + workers) sampled every 0.2 s: peak RSS {mb(c['tree_peak_rss'])}, "
      f"peak PSS {mb(c['tree_peak_pss'])} ({c['samples']} samples)")
    if c.get("peak_parts"):
        names = {o["pid"]: o["name"] for o in c["others"]}
        p("              at the PSS peak: " + ", ".join(
            f"{names.get(int(pid), 'main')} {mb(n)}" for pid, n in sorted(c["peak_parts"].items(), key=lambda x: -x[1])))
    p(f"              RUSAGE_CHILDREN of the main process: {mb(c['children_maxrss'])} (sees only reaped children; the "
      "pool workers are the fork server's children)")
    st = c["farm_stats"]["requests"]
    p(f"  farm saw    {', '.join(f'{k}: {v:,}' for k, v in st.items())}; {c['farm_stats']['connections']:,} connections")
    if c.get("example"):
        ex = c["example"]
        p(f"  example     [{ex['origin']}, {ex['sources']} outlet(s)] {ex['title']}")
        p(f"              {' '.join(ex['summary'])[:300]}")
    p("")

    # -- warm
    wwalls = [r["wall"] for r in warms]
    w = min(warms, key=lambda r: abs(r["wall"] - median(wwalls))) if warms else None
    if w:
        p(f"WARM RUN  same DB after the cold digest was delivered; nothing new; median of {len(warms)}")
        p(f"  run wall    {median(wwalls):.2f} s   (runs: {', '.join(f'{x:.2f}' for x in wwalls)})")
        p(f"  stages      {', '.join(f'{k} {v:.2f} s' for k, v in w['stages'].items())}; "
          f"mark_delivered {w['deliver_seconds']:.2f} s")
        p(f"  process     imports {w['import_seconds']:.2f} s, whole process {w['process_seconds']:.2f} s")
        seen = (f"new entries {w['new_entries']}" if w.get("new_entries") is not None
                else f"entries seen {w['entries_seen']}" if w.get("entries_seen") is not None else "")
        p(f"  feeds       {w['feeds_not_modified']} answered 304, {w['feeds_failed']} with problems; {seen}; "
          f"articles {w['articles']}, pages fetched {w['pages_fetched']}")
        w_other = other_load(w)
        p(f"  CPU/memory  main {w['main_cpu']:.1f} s CPU; tree peak RSS {mb(w['tree_peak_rss'])}; pool workers started: "
          f"{len([o for o in w['others'] if o['name'] == 'worker'])}; other load {w_other / w['process_seconds'] / cores:.0%} "
          "of the machine")
        p(f"  farm saw    {', '.join(f'{k}: {v:,}' for k, v in w['farm_stats']['requests'].items())}")
        p("")

    # -- baseline
    speedup = None
    if base:
        brate = base["articles"] / base["wall"] if base["wall"] else 0.0
        speedup = rate / brate if brate else None
        sample_note = ("every feed of the farm" if len(base["sample"]) >= plan.feeds else
                       f"a sample of {len(base['sample'])} of the farm's healthy feeds (evenly spaced; no slow or failing "
                       "feed, which favours the baseline)")
        p(f"NAIVE BASELINE  sequential feedparser.parse(url) -> urllib page fetch -> trafilatura.extract -> sumy LexRank "
          f"(3 sentences, bot.text.SumyTokenizer); {sample_note}")
        bs = base["stages"]
        p(f"  stages      feedparser.parse(url) {bs['feeds']:.2f} s, page fetch {bs['fetch']:.2f} s, "
          f"trafilatura.extract {bs['extract']:.2f} s, LexRank {bs['summarise']:.2f} s")
        p(f"  total       {base['wall']:.1f} s for {base['articles']:,} articles -> {brate:,.2f} articles/s"
          + (f" (median of {len(base['walls'])}: {', '.join(f'{w:.1f}' for w in base['walls'])} s)"
             if len(base.get('walls', [])) > 1 else "")
          + f"\n              "
          f"(failed pages {base['failed_pages']}, no text {base['empty']}, feeds without entries {base['feeds_failed']})")
        b_other = max(0.0, base["machine_busy"] - base["cpu_life"] - base["farm_cpu"])
        p(f"  memory      peak RSS {mb(base['maxrss'])}; farm CPU during the baseline {base['farm_cpu']:.1f} s; "
          f"other load {b_other:.1f} CPU-s ({b_other / base['process_seconds'] / cores:.0%} of the machine)")
        b_cpu = base["cpu_life"] - base["import_seconds"]
        if base["articles"]:
            p(f"  CPU/article {b_cpu / base['articles'] * 1000:.1f} ms "
              f"(the pipeline: {cpu_total / c['articles'] * 1000:.1f} ms); "
              f"one process, so it can use one core at most")
        if c["articles"] and brate:
            p(f"  projected   {c['articles']:,} articles at the baseline's rate: {c['articles'] / brate:,.0f} s "
              f"(vs the pipeline's {c['wall']:.1f} s)")
        if speedup:
            p(f"  speedup     pipeline {rate:,.1f} articles/s vs baseline {brate:,.2f} articles/s = {trunc2(speedup)}x"
              + ("" if len(base["sample"]) >= plan.feeds else "  (rates compared: the baseline ran on a sample)"))
        p("")

    # -- profile
    if prof:
        from benchmarks.support.profile import print_profile

        print_profile(prof)
        if c["articles"]:
            n = c["articles"]
            main_ms, worker_ms = c["main_cpu"] / n * 1000, cpu_workers / n * 1000
            p(f"  per article in the cold run: {per_article:.1f} ms CPU = main process {main_ms:.1f} ms (feeds, pages, store, "
              f"grouping) + workers {worker_ms:.1f} ms, of which prepare_article ~{prof['ms_per_article']:.1f} ms (as "
              f"profiled alone) and ~{max(0.0, worker_ms - prof['ms_per_article']):.1f} ms the rest (feed parsing, "
              "job and result transfer, story summaries, two processes sharing the cores)")
        p("")

    # -- targets
    cpu_ratio = None
    b_extract = None
    if base and base.get("pages"):
        b_extract = base["extract_cpu"] / base["pages"] * 1000
        cpu_ratio = per_article / b_extract if b_extract else None
    p("TARGETS" + ("" if full else f"  (defined for {TARGET_SIZE[0]} feeds x {TARGET_SIZE[1]} items; this run is "
                                   f"{plan.feeds} x {plan.items}, so shown for reference only)"))
    p(f"  ratios are of figures from this run: pipeline CPU/article {per_article:.1f} ms"
      + (f", the baseline's trafilatura.extract {b_extract:.1f} ms CPU/article" if b_extract else ""))
    rows = [
        (f"at least {TARGETS['speedup']:g}x the naive baseline (articles/s)",
         f"{trunc2(speedup)}x" if speedup else "not measured",
         bool(speedup and speedup >= TARGETS["speedup"])),
        (f"CPU/article at most {TARGETS['cpu_ratio']:g}x baseline's extract", f"{trunc2(cpu_ratio)}x" if cpu_ratio else
         "not measured", bool(cpu_ratio and cpu_ratio <= TARGETS["cpu_ratio"])),
        (f"warm re-run (all 304) at most {TARGETS['warm_seconds']:g} s", f"{median(wwalls):.2f} s" if warms else "not measured",
         bool(warms and median(wwalls) <= TARGETS["warm_seconds"])),
        # PSS counts a page shared by the fork server and its workers once, split between them:
        # the memory the run really occupies. Summed RSS counts those pages once per process.
        (f"peak memory at most {TARGETS['pss_mb']:.0f} MB (tree PSS)", mb(c["tree_peak_pss"]),
         c["tree_peak_pss"] / 1_048_576 <= TARGETS["pss_mb"]),
        (f"first summarised article under {TARGETS['first_article']:g} s", f"{first:.2f} s" if first is not None else
         "not measured", first is not None and first < TARGETS["first_article"]),
    ]
    for label, value, ok in rows:
        p(f"  {label:<50}{value:>12}   {verdict(ok)}")
    p(f"  (for reference: cold run {c['wall']:.1f} s; peak tree RSS {mb(c['tree_peak_rss'])})")
    p("=" * 78)


if __name__ == "__main__":
    raise SystemExit(main())
