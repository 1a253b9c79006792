"""Jobs for a pool worker that show what it does with memory a job freed (tests/flows/test_streaming.py)."""

from __future__ import annotations

import os
import time

_kept: list[bytes] = []


def resident(pid: int | str = "self") -> int:
    """A process's resident memory (this one's by default), in bytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def churn(megabytes: int) -> tuple[int, int, int]:
    """Allocate ``megabytes`` in 1 KB blocks (malloc's, not pymalloc's), keep one block made after them
    (so the heap cannot simply shrink from its top), free the rest; busy long enough to count as a
    long job. Returns this process's id and its resident memory before and at the peak."""
    start, before = time.process_time(), resident()
    blocks = [bytes(1024) + bytes([k % 256]) for k in range(megabytes * 1024)]
    _kept.append(bytes(2048))
    peak = resident()
    del blocks
    while time.process_time() - start < 0.2:
        pass
    return os.getpid(), before, peak
