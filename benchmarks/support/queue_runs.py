"""``benchmarks/pipeline.py --queue``: the article work over the task queue beside the local pool.

On one feed farm, each mode in turn on a fresh state database (SQLite file), repeated and
interleaved so the machine's noise falls on all of them alike:

* ``local``: the local process pool (``--workers``, default 2), no queue;
* ``queue-1`` / ``queue-2``: ``queue:`` set, 1 or 2 ``newsdigest worker`` processes (one process
  each) started before the run and ready; the run enqueues, the workers fetch, extract and
  summarise, the run waits for their results in the database.

Reported: the seconds of the article step (``RunReport.seconds["articles"]``: for the queue, from
enqueuing to the last result read back) and articles per second over it, the whole run, and the
CPU seconds of the workers. Queue overhead per task is measured on its own: the broker round trip
(send, fetch, ack of a no-op task by one Dramatiq worker thread over the same Redis) and the
task's own database work (is it done, read the entry, store the result: one transaction).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks._common import machine_load, median
from benchmarks.support.farm import Farm, FarmPlan, describe
from benchmarks.support.procs import in_process, machine_cpu, proc_cpu
from benchmarks.support.runs import PROFILE, _pipeline_child, config_text


def log(msg: str) -> None:
    print(f"[queue] {msg}", file=sys.stderr, flush=True)


class Redis:
    def __init__(self, directory: Path):
        exe = shutil.which("redis-server")
        if not exe:
            raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(directory),
                                         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        import redis

        self.client = redis.Redis.from_url(self.url)
        for _ in range(200):
            try:
                self.client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _start_workers(n: int, config: Path, db: Path, logs: Path) -> list[tuple[subprocess.Popen, Path]]:
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(Path(__file__).resolve().parents[2]))}
    out = []
    for i in range(n):
        path = logs / f"worker-{db.stem}-{i}.log"
        with open(path, "w") as f:
            p = subprocess.Popen([sys.executable, "-m", "bot", "worker", "-c", str(config), "--state", f"sqlite:///{db}"],
                                 stdout=f, stderr=subprocess.STDOUT, env=env)
        out.append((p, path))
    deadline = time.monotonic() + 120
    for p, path in out:
        while "taking tasks" not in path.read_text():
            if p.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("a worker did not start: " + path.read_text()[-2000:])
            time.sleep(0.1)
    return out


def _stop_workers(workers: list[tuple[subprocess.Popen, Path]]) -> float:
    """Stops them; returns their CPU seconds (read just before)."""
    cpu = sum(proc_cpu(p.pid) or 0.0 for p, _ in workers)
    for p, _ in workers:
        p.send_signal(signal.SIGTERM)
    for p, _ in workers:
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
    return cpu


def _prepared(db: Path) -> tuple[int, int]:
    """(entries with a text, result rows of the queue) in a finished run's database."""
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            texts = conn.execute(sa.text("SELECT count(*) FROM entries WHERE text IS NOT NULL")).scalar() or 0
            has = sa.inspect(conn).has_table("queue_results")
            rows = conn.execute(sa.text("SELECT count(*) FROM queue_results")).scalar() if has else 0
        return int(texts), int(rows or 0)
    finally:
        engine.dispose()


def broker_round_trip(url: str, n: int = 2000) -> float:
    """Seconds per no-op task: send, then one worker thread fetches, runs and acks it."""
    import dramatiq
    from dramatiq.brokers.redis import RedisBroker

    broker = RedisBroker(url=url, namespace="bench-noop")
    done = threading.Semaphore(0)
    noop = dramatiq.actor(actor_name="noop", queue_name="noop", broker=broker, max_retries=0)(lambda i: done.release())
    worker = dramatiq.Worker(broker, worker_threads=1)
    worker.start()
    try:
        t0 = time.perf_counter()
        for i in range(n):
            noop.send(i)
        for _ in range(n):
            done.acquire()
        return (time.perf_counter() - t0) / n
    finally:
        worker.stop()
        broker.close()


def database_overhead(db: Path, n: int = 300) -> float:
    """Seconds per task of the task's own database work on a finished run's database (a scratch variant)."""
    from datetime import datetime, timezone

    from bot.queue import results
    from bot.store import open_store

    store = open_store(f"sqlite:///{db}")
    try:
        results.ensure_table(store.engine)
        import sqlalchemy as sa

        with store.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM entries LIMIT :n"), {"n": n})]
        t0 = time.perf_counter()
        for i in ids:
            results.is_done(store.engine, i, "bench")
            results.entry(store.engine, i)
            results.save(store.engine, i, "bench", text=None, origin="page", language="en", summary=["a.", "b."],
                         page_problem=None, error=None, worker="bench", now=datetime.now(timezone.utc))
        return (time.perf_counter() - t0) / max(len(ids), 1)
    finally:
        store.close()


def main(args) -> int:  # type: ignore[no-untyped-def]
    plan = FarmPlan(feeds=args.feeds, items=args.items, seed=args.seed, slow_delay=args.slow_delay, gzip=not args.no_gzip)
    fetch: dict[str, object] = {"timeout": args.timeout}
    log(machine_load())
    tmp = Path(tempfile.mkdtemp(prefix="newsdigest-queue-bench-"))
    redis = Redis(tmp)
    figures: dict[str, list[dict]] = {"local": [], "queue-1": [], "queue-2": []}
    try:
        with Farm(plan) as farm:
            text = config_text(farm.feed_urls, farm.names(), fetch)
            queued = text + f"queue:\n  url: {redis.url}\n  wait: 120m\n"
            config = tmp / "config.yaml"
            config.write_text(queued)
            for rep in range(args.queue_repeats):
                for mode in figures:
                    db = tmp / f"{mode}-{rep}.db"
                    redis.client.flushall()
                    n = 0 if mode == "local" else int(mode.split("-")[1])
                    workers = _start_workers(n, config, db, tmp) if n else []
                    load, m0 = os.getloadavg()[0], machine_cpu()
                    try:
                        r = in_process(_pipeline_child, queued if n else text, str(db), 5, True, args.workers or 2,
                                       timeout=args.run_timeout)
                    finally:
                        worker_cpu = _stop_workers(workers)
                    m1 = machine_cpu()
                    texts, rows = _prepared(db)
                    seconds = r["stages"]["articles"]
                    figures[mode].append({"wall": r["wall"], "articles_seconds": seconds, "articles": texts, "rows": rows,
                                          "rate": texts / seconds if seconds else 0.0, "worker_cpu": worker_cpu,
                                          "stages": r["stages"],
                                          "main_cpu": r["main_cpu"] + sum(float(o["cpu"]) for o in r["others"]), "load": load,
                                          "machine_busy": m1[0] - m0[0], "machine_idle": m1[1] - m0[1]})
                    log(f"{mode} run {rep + 1}: {texts} articles, article step {seconds:.1f} s "
                        f"({texts / seconds if seconds else 0:.1f}/s), run {r['wall']:.1f} s, workers' CPU {worker_cpu:.1f} s, "
                        f"load {load:.1f}")
            last = tmp / f"local-{args.queue_repeats - 1}.db"
            round_trip = broker_round_trip(redis.url)
            db_cost = database_overhead(last)
    finally:
        redis.close()
        if not args.keep_state:
            shutil.rmtree(tmp, ignore_errors=True)
    report(plan, figures, round_trip, db_cost)
    if args.json:
        Path(args.json).write_text(json.dumps({"plan": describe(plan), "modes": figures, "broker_round_trip": round_trip,
                                               "database_per_task": db_cost}, indent=1, default=str))
    return 0


def report(plan: FarmPlan, figures: dict[str, list[dict]], round_trip: float, db_cost: float) -> None:
    print(f"\nQueue benchmark: {plan.feeds} feeds x {plan.items} items, profile {PROFILE!r}; {machine_load()}")
    print("mode       articles  article step s  articles/s  run s  workers' CPU s  CPU s/article  load")
    base = median([f["rate"] for f in figures["local"]])
    for mode, runs in figures.items():
        if not runs:
            continue
        m = {k: median([f[k] for f in runs]) for k in ("articles", "articles_seconds", "rate", "wall", "worker_cpu",
                                                       "main_cpu", "load")}
        cpu = (m["worker_cpu"] + (m["main_cpu"] if mode == "local" else 0)) / m["articles"] if m["articles"] else 0
        print(f"{mode:<10} {m['articles']:>8.0f}  {m['articles_seconds']:>14.1f}  {m['rate']:>10.1f}  {m['wall']:>5.1f}"
              f"  {m['worker_cpu']:>14.1f}  {cpu * 1000:>10.1f} ms  {m['load']:>4.1f}   ({m['rate'] / base:.2f}x local)")
    print(f"queue overhead per task: broker round trip {round_trip * 1000:.2f} ms (no-op task, one worker thread), "
          f"the task's database work {db_cost * 1000:.2f} ms (SQLite file)")
    print("(CPU s/article: local, the run's process and its pool; queue, the workers alone; medians of the runs)")
    for mode, runs in figures.items():
        stages = {k: median([f["stages"].get(k, 0.0) for f in runs]) for k in ("fetch", "store", "articles", "group")}
        leader = median([f["main_cpu"] for f in runs]) if mode != "local" else None
        print(f"{mode}: stages (s) " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
              + (f"; the run's own CPU {leader:.1f} s ({leader / median([f['articles'] for f in runs]) * 1000:.1f} ms/article)"
                 if leader is not None else ""))
