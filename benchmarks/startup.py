"""Whole-process start-up: ``python -m bot --help`` and ``--version`` against bare ``python -c pass``.

Run from the repository root as ``python -m benchmarks.startup`` (with ``PYTHONPATH=$PWD`` in a
worktree); each command runs once to warm up, then ``--runs`` times in a fresh interpreter, and the
median wall time is printed. Figures: benchmarks/RESULTS.md, "Start-up".
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from benchmarks._common import machine_load, median

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -m bot --help": [sys.executable, "-m", "bot", "--help"],
    "python -m bot --version": [sys.executable, "-m", "bot", "--version"],
    "python -m bot summarize --help": [sys.executable, "-m", "bot", "summarize", "--help"],
}


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    print(machine_load())
    for cmd in COMMANDS.values():  # one warm-up each, so the page cache is the same for all
        wall(cmd)
    for label, cmd in COMMANDS.items():
        times = [wall(cmd) for _ in range(args.runs)]
        print(f"{label:34} median {median(times):.3f} s  (min {min(times):.3f}, max {max(times):.3f}, n={args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
