"""Whole-process start-up and the ``summarize`` command, against baselines measured in the same run.

Run from the repository root as ``python -m benchmarks.startup`` (with ``PYTHONPATH=$PWD`` in a
worktree). Every command runs once to warm up (page cache, and the language model's cache, which a
user's first run writes), then ``--runs`` times in a fresh interpreter; medians are printed.

* ``--help``, ``--version``, ``summarize`` of one short article (no language given), and a
  ``digest --feed`` of one feed that answers 304 Not Modified (a loopback server; the first run
  records the feed's ETag), each beside bare ``python -c pass``.
* ``summarize --jsonl`` over the dev CNN/DM articles with no language given: whole process minus an
  empty-input run, beside sumy's LexRank over the same articles in one Python loop (in this process,
  its imports already paid), and the in-process figure (our ``summarise`` in a loop); beside it, LexRank's
  CPU time over our command's net CPU time (every process of it): the work each does, whatever the load
  (the wall figure also counts our command's use of a second core).
* ``--compare DIR``: the same commands (the ``summarize --jsonl`` figure too) with another checkout
  first on ``sys.path`` (say a worktree of main), in the same run, interleaved, so machine speed
  cancels out.
* Beside each wall-clock median, the median CPU time of the command's process and its children
  (user + system): on a machine other work shares, wall time waits for a core, CPU time much less.

Figures: benchmarks/RESULTS.md, "Start-up".
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks._common import DATA, load_jsonl, machine_load, median

SHORT = ("The council approved the new budget on Monday after a long debate. It includes money for roads "
         "and schools across the region. Critics said the plan was rushed and left out the villages. "
         "The mayor said it would be reviewed next year.\n")
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>http://127.0.0.1/</link>
<description>one item</description><item><title>Council approves budget</title><link>http://127.0.0.1:9/a</link>
<guid>bench-1</guid><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate><description>The council approved the new
budget on Monday. It includes money for roads and schools. Critics said the plan was rushed.</description></item>
</channel></rss>"""


class _Feed(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)

    def log_message(self, *args: object) -> None:
        pass


def _env(path: str | None, home: Path) -> dict[str, str]:
    env = dict(os.environ, NEWSDIGEST_HOME=str(home), NEWSDIGEST_CACHE=str(home / "cache"))
    # As an installed package runs: with its bytecode (pip compiles it; a checkout writes it on
    # the warm-up run), whatever this shell says about writing it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if path:
        env["PYTHONPATH"] = path
    return env


#: Where the timed commands run: never a checkout, since ``python -m`` puts the working directory
#: first on sys.path and would run that checkout's code whatever PYTHONPATH says.
NEUTRAL_CWD = tempfile.gettempdir()


def wall(cmd: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> float:
    return timed(cmd, env, stdin)[0]


def timed(cmd: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and the children it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, input=stdin, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env,
                   cwd=NEUTRAL_CWD)
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def commands(work: Path, feed_url: str) -> dict[str, list[str]]:
    short = work / "short.txt"
    short.write_text(SHORT, encoding="utf-8")
    bot = [sys.executable, "-m", "bot"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "--help": [*bot, "--help"],
        "--version": [*bot, "--version"],
        "summarize --help": [*bot, "summarize", "--help"],
        "summarize short.txt": [*bot, "summarize", str(short)],
        "digest --feed (304)": [*bot, "digest", "-q", "--feed", feed_url],
    }


def whole_commands(args: argparse.Namespace, work: Path, feed_url: str) -> None:
    cmds = commands(work, feed_url)
    this = os.environ.get("PYTHONPATH")
    checkouts = {"this": str(Path(this).resolve()) if this else None}
    if args.compare:
        checkouts["compare"] = str(Path(args.compare).resolve())
    homes = {name: work / f"home-{name}" for name in checkouts}
    for name, path in checkouts.items():  # warm-up: page cache, model cache, the feed's ETag
        for cmd in cmds.values():
            wall(cmd, _env(path, homes[name]))
    print(f"{'command':24} " + "  ".join(f"{name + ' wall (CPU), median':>26}" for name in checkouts) + f"  (n={args.runs})")
    for label, cmd in cmds.items():
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
        for _ in range(args.runs):  # interleaved, so drift in machine speed hits both checkouts alike
            for name, path in checkouts.items():
                times[name].append(timed(cmd, _env(path, homes[name])))
        print(f"{label:24} " + "  ".join(f"{median([w for w, _ in t]):>14.3f} s ({median([c for _, c in t]):.3f} s)"
                                         for t in times.values()))


def jsonl_speed(args: argparse.Namespace, work: Path) -> None:
    rows = [r for r in load_jsonl(DATA / "summ_frank_cnndm_xsum" / "dev.jsonl") if r["dataset"] == "cnndm"]
    lines = "".join(json.dumps({"id": r["id"], "text": r["article"]}) + "\n" for r in rows)
    cmd = [sys.executable, "-m", "bot", "summarize", "--jsonl", "--sentences", "3"]
    this = os.environ.get("PYTHONPATH")
    checkouts = {"this": str(Path(this).resolve()) if this else None}
    if args.compare:
        checkouts["compare"] = str(Path(args.compare).resolve())
    envs = {name: _env(path, work / f"home-jsonl-{name}") for name, path in checkouts.items()}
    for env in envs.values():
        wall(cmd, env, lines)  # warm-up
    from benchmarks.summary_quality import Item, sumy_system
    from bot import summarise

    items = [Item(r["id"], r["article"], "", "english") for r in rows]
    lexrank = sumy_system("lexrank")
    lexrank(items[0])  # its imports and first-call costs, outside the timing
    summarise.summarise(items[0].text, 3, None)
    whole: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    empty: dict[str, list[tuple[float, float]]] = {name: [] for name in checkouts}
    lex, ours, lex_cpu = [], [], []
    for _ in range(args.runs):  # interleaved, so drift in machine speed hits all alike
        for name, env in envs.items():
            whole[name].append(timed(cmd, env, lines))
            empty[name].append(timed(cmd, env, ""))
        t0, c0 = time.perf_counter(), time.process_time()
        for item in items:
            lexrank(item)
        lex.append(time.perf_counter() - t0)
        lex_cpu.append(time.process_time() - c0)
        t0 = time.perf_counter()
        for item in items:
            summarise.summarise(item.text, 3, None)
        ours.append(time.perf_counter() - t0)
    print(f"\nsummarize --jsonl, {len(items)} dev CNN/DM articles, no language given (medians of {args.runs}):")
    for name in checkouts:
        net = median([w[0] - e[0] for w, e in zip(whole[name], empty[name])])
        cpu = median([w[1] - e[1] for w, e in zip(whole[name], empty[name])])
        print(f"  {name:8} whole process {median([w for w, _ in whole[name]]):.2f} s, empty input "
              f"{median([e for e, _ in empty[name]]):.2f} s, net {net:.2f} s (CPU net {cpu:.2f} s)"
              f"  ->  LexRank / our command x{median(lex) / net:.1f} (CPU x{median(lex_cpu) / cpu:.1f})")
    print(f"  sumy LexRank in one loop {median(lex):.2f} s, CPU {median(lex_cpu):.2f} s (in this process)")
    print(f"  in-process: ours {median(ours):.2f} s  ->  LexRank / ours x{median(lex) / median(ours):.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--compare", metavar="DIR", help="another checkout to time beside this one")
    parser.add_argument("--no-jsonl", action="store_true", help="skip the summarize --jsonl figure")
    args = parser.parse_args(argv)
    print(machine_load())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        whole_commands(args, work, f"http://127.0.0.1:{server.server_address[1]}/feed.xml")
        if not args.no_jsonl and (DATA / "summ_frank_cnndm_xsum").is_dir():
            jsonl_speed(args, work)
    server.shutdown()
    print(machine_load())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
