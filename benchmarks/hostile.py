"""Hostile feeds and pages (issue 16): each case alone beside one good feed, then all together in one digest.

For each run: ``newsdigest digest`` in a child process against a loopback server
(``benchmarks/support/hostile.py``), its process tree sampled from /proc. Printed per run: wall time
against the bound 2 × fetch.timeout + 30 s, peak memory (PSS summed over the tree; the target is under
1.5 GB), and whatever is wrong with the digest (a missing good item, a bad feed not listed with its
reason, a traceback, active content, mojibake).

    python -m benchmarks.hostile                 # fetch.timeout 20 s (the default), every case alone, then all
    python -m benchmarks.hostile --timeout 5 --together-only
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from benchmarks._common import REPO, machine_load
from benchmarks.support.hostile import Case, HostileServer, check, config_text
from benchmarks.support.procs import TreeSampler

LIMIT_MB = 1500


@dataclass
class Run:
    label: str
    seconds: float
    peak_pss_mb: float
    exit_code: int
    wrong: list[str]


def run_digest(server: HostileServer, cases: list[Case], timeout: float, workdir: Path, label: str) -> Run:
    """One ``newsdigest digest --dry-run`` of the good feed and ``cases``; timed, sampled and checked."""
    urls = [server.good_url(), *(server.url(c.path) for c in cases)]
    names = ["Good Gazette", *(f"Bad {c.name}" for c in cases)]
    config = workdir / f"{label}.yaml"
    config.write_text(config_text(urls, names, timeout), encoding="utf-8")
    state = workdir / f"{label}.db"
    env = {**os.environ, "PYTHONPATH": str(REPO), "NEWSDIGEST_HOME": str(workdir)}
    command = [sys.executable, "-m", "bot", "digest", "-c", str(config), "--state", str(state), "--dry-run", "-q"]
    tick = time.perf_counter()
    proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(proc.pid, interval=0.1).start()
    try:
        out, err = proc.communicate(timeout=10 * timeout + 300)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    seconds = time.perf_counter() - tick
    sampler.stop()
    wrong = check(out, err, True, cases, server)
    if os.environ.get("HOSTILE_KEEP"):
        (Path(os.environ["HOSTILE_KEEP"]) / f"{label}.md").write_text(out + "\n--- stderr\n" + err, encoding="utf-8")
    if proc.returncode != 0:
        wrong.insert(0, f"exit {proc.returncode}: {err.strip()[-300:]}")
    return Run(label, seconds, sampler.peak_pss / 1e6, proc.returncode, wrong)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=20.0, help="fetch.timeout in seconds (default 20)")
    parser.add_argument("--together-only", action="store_true", help="skip the runs of each case alone")
    parser.add_argument("--case", action="append", default=[], help="only this case (repeatable)")
    args = parser.parse_args(argv)
    print(machine_load())
    bound = 2 * args.timeout + 30
    now = datetime.now(timezone.utc)
    server = HostileServer(now, slow=args.timeout)
    cases = [c for c in server.cases if not args.case or c.name in args.case]
    runs: list[Run] = []
    try:
        with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
            workdir = Path(tmp)
            runs.append(run_digest(server, [], args.timeout, workdir, "good-alone"))
            if not args.together_only:
                for case in cases:
                    runs.append(run_digest(server, [case], args.timeout, workdir, case.name))
            runs.append(run_digest(server, cases, args.timeout, workdir, f"all-{len(cases)}-together"))
    finally:
        server.close()
    print(f"fetch.timeout {args.timeout:g} s: bound {bound:g} s per run; memory target {LIMIT_MB} MB (PSS, process tree)")
    print(f"{'run':28} {'wall s':>7} {'peak MB':>8}  verdict")
    failed = 0
    for run in runs:
        over = [f"took {run.seconds:.1f} s > {bound:g} s"] if run.seconds > bound else []
        over += [f"peak {run.peak_pss_mb:.0f} MB > {LIMIT_MB} MB"] if run.peak_pss_mb > LIMIT_MB else []
        problems = over + run.wrong
        failed += bool(problems)
        print(f"{run.label:28} {run.seconds:7.1f} {run.peak_pss_mb:8.0f}  {'ok' if not problems else '; '.join(problems)[:400]}")
    print(f"{len(runs) - failed} of {len(runs)} runs met every target")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
