"""The process tree of a benchmark run, read from /proc: CPU, memory (RSS, PSS, peak), names; fresh processes."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def children_of(pid: int) -> list[int]:
    """Direct children of a process (/proc/PID/task/*/children, or a scan of /proc as fallback)."""
    kids: list[int] = []
    tasks = f"/proc/{pid}/task"
    try:
        tids = os.listdir(tasks)
    except OSError:
        return kids
    found_file = False
    for tid in tids:
        text = _read(f"{tasks}/{tid}/children")
        if text is not None:
            found_file = True
            kids.extend(int(x) for x in text.split())
    if found_file:
        return kids
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _read(f"/proc/{name}/stat")
            if stat and int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(name))
    return kids


def descendants(pid: int, exclude: set[int]) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in children_of(p):
            if c not in exclude and c not in out:
                out.append(c)
                todo.append(c)
    return out


def proc_status(pid: int) -> dict[str, int] | None:
    text = _read(f"/proc/{pid}/status")
    if text is None:
        return None
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) * 1024
    return out


def proc_pss(pid: int) -> int:
    text = _read(f"/proc/{pid}/smaps_rollup")
    if not text:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


def proc_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process so far."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_ppid(pid: int) -> int | None:
    stat = _read(f"/proc/{pid}/stat")
    return int(stat.rsplit(")", 1)[1].split()[1]) if stat else None


def proc_name(pid: int, root: int) -> str:
    """'forkserver', 'worker' (forked by the fork server, or spawned by the main process), or the command name."""
    cmd = (_read(f"/proc/{pid}/cmdline") or "").replace("\0", " ").strip()
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "forkserver" in cmd:
        # Processes forked by the fork server inherit its command line.
        return "forkserver" if proc_ppid(pid) == root else "worker"
    if "multiprocessing" in cmd or "spawn_main" in cmd:
        return "worker"
    return (_read(f"/proc/{pid}/comm") or "?").strip()


def machine_cpu() -> tuple[float, float, float]:
    """(busy, idle, steal) seconds of the whole machine so far, from /proc/stat."""
    text = _read("/proc/stat") or ""
    for line in text.splitlines():
        if line.startswith("cpu "):
            v = [int(x) / CLK_TCK for x in line.split()[1:]]
            idle = v[3] + v[4]
            steal = v[7] if len(v) > 7 else 0.0
            busy = sum(v[:8]) - idle - steal
            return busy, idle, steal
    return 0.0, 0.0, 0.0


class TreeSampler:
    """Samples RSS/PSS/peak RSS/CPU of a process and its descendants every ``interval`` seconds."""

    def __init__(self, root: int, interval: float = 0.2, exclude: set[int] | None = None):
        self.root, self.interval, self.exclude = root, interval, exclude or set()
        self.peak_rss = 0
        self.peak_pss = 0
        self.peak_parts: dict[int, int] = {}  # each process's PSS in the sample of the tree's peak PSS
        self.samples = 0
        # CPU seconds the sampling itself took (reading /proc, smaps_rollup above all: several ms a sample for a
        # process of a few hundred MB), in whichever thread sampled: the benchmark's cost, not the pipeline's.
        self.cpu = 0.0
        self.procs: dict[int, dict[str, object]] = {}
        self._stop = threading.Event()
        self._one_at_a_time = threading.Lock()  # (a look asked for while the thread samples)
        self._thread = threading.Thread(target=self._loop, name="tree-sampler", daemon=True)

    def start(self) -> "TreeSampler":
        self._thread.start()
        return self

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        with self._one_at_a_time:
            t0 = time.thread_time()
            try:
                self._sample()
            finally:
                self.cpu += time.thread_time() - t0

    def _sample(self) -> None:
        rss = pss = 0
        parts: dict[int, int] = {}
        for pid in [self.root, *descendants(self.root, self.exclude)]:
            status = proc_status(pid)
            if status is None:
                continue
            info = self.procs.setdefault(pid, {"name": proc_name(pid, self.root), "hwm": 0, "cpu": 0.0})
            info["hwm"] = max(int(info["hwm"]), status.get("VmHWM", 0))
            info["cpu"] = proc_cpu(pid) or info["cpu"]
            rss += status.get("VmRSS", 0)
            parts[pid] = proc_pss(pid)
            pss += parts[pid]
        self.samples += 1
        self.peak_rss = max(self.peak_rss, rss)
        if pss > self.peak_pss:
            self.peak_pss, self.peak_parts = pss, parts

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class RemoteSampler:
    """A :class:`TreeSampler` over the calling process's tree that runs in the parent :func:`in_process` started
    it from, not here: reading /proc (each process's ``smaps_rollup`` above all, several ms a sample) then takes no
    CPU, GIL or cache from the process being measured. Same calls as the sampler itself; each one waits for the
    parent's answer, so :meth:`sample` is a look taken at that moment."""

    def __init__(self, conn):
        self.conn = conn
        self.peak_rss = self.peak_pss = self.samples = 0
        self.peak_parts: dict[int, int] = {}
        self.cpu = 0.0  # the sampler's CPU, in the parent: nothing to subtract from this process's figures
        self.procs: dict[int, dict[str, object]] = {}

    def _ask(self, op: str):
        self.conn.send(("tree-sampler", op))
        return self.conn.recv()

    def start(self) -> "RemoteSampler":
        self._ask("start")
        return self

    def sample(self) -> None:
        self._ask("sample")

    def stop(self) -> None:
        for name, value in self._ask("stop").items():
            setattr(self, name, value)


def _sampler_request(msg: object, sampler: TreeSampler | None, root: int) -> tuple[TreeSampler | None, object]:
    """The parent's side of :class:`RemoteSampler`: (the sampler now, the answer to send)."""
    op = msg[1] if isinstance(msg, tuple) else None
    if op == "start":
        return TreeSampler(root).start(), True
    if sampler is None:
        raise RuntimeError(f"tree-sampler {op!r} before 'start'")
    if op == "sample":
        sampler.sample()
        return sampler, True
    sampler.stop()
    return None, {"peak_rss": sampler.peak_rss, "peak_pss": sampler.peak_pss, "peak_parts": sampler.peak_parts,
                  "samples": sampler.samples, "cpu": sampler.cpu, "procs": sampler.procs}


def in_process(target, *args, timeout: float = 1800.0) -> dict:
    """Run ``target(conn, *args)`` in a fresh (spawned) process; returns its dict plus the process wall time.

    ``conn`` is a two-way pipe: the child sends its dict at the end and may, before that, use a
    :class:`RemoteSampler` on it (the tree sampler then runs here, in this process).
    A run that does not finish within ``timeout`` seconds is killed with its whole process tree
    (a pipeline that hangs must not hang the benchmark).
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=True)
    t0 = time.perf_counter()
    proc = ctx.Process(target=target, args=(child, *args))
    proc.start()
    child.close()
    sampler: TreeSampler | None = None
    try:
        while True:
            if not parent.poll(max(0.0, t0 + timeout - time.perf_counter())):
                tree = [proc.pid, *descendants(proc.pid, set())] if proc.pid else []
                for pid in reversed(tree):
                    try:
                        os.kill(pid, 9)
                    except OSError:
                        pass
                result = {"ok": False, "error": f"no result within {timeout:.0f} s: the process tree was killed (a hang?)"}
                break
            msg = parent.recv()
            if isinstance(msg, tuple) and msg[:1] == ("tree-sampler",):
                sampler, answer = _sampler_request(msg, sampler, proc.pid or 0)
                parent.send(answer)
                continue
            result = msg
            break
    except EOFError:
        result = {"ok": False, "error": f"the process died (exit code {proc.exitcode})"}
    finally:
        if sampler is not None:
            sampler.stop()
    proc.join(60)
    result["process_seconds"] = time.perf_counter() - t0
    result["pid"] = proc.pid
    if not result.get("ok"):
        sys.stderr.write(result.get("traceback", "") + "\n")
        raise RuntimeError(f"{target.__name__} failed: {result.get('error')}")
    return result
