"""The smallest time between two stories' members (:func:`nearest_gap`), which the linkage takes for every pair
of stories it scores: most of them have a single article on one side, and a bisection finds its nearest member of
the other side at once."""

from __future__ import annotations

import math
from bisect import bisect_left

__all__ = ["nearest_gap"]


def nearest_gap(a: list[float], b: list[float]) -> float | None:
    """Smallest time between a member of one story and a member of the other (sorted lists), None when one has
    no dated member. One side with a single time: its neighbours in the other side's order alone are looked at
    (the differences grow away from them, rounded or not), so the answer is the walk's, to the bit
    (``tests/stages/test_group_shortcuts.py``)."""
    if not a or not b:
        return None
    if len(a) == 1 or len(b) == 1:
        many, x = (a, b[0]) if len(b) == 1 else (b, a[0])
        k = bisect_left(many, x)
        if k == len(many):
            return abs(many[k - 1] - x)
        if k == 0:
            return abs(many[0] - x)
        return min(abs(many[k] - x), abs(many[k - 1] - x))
    best, i, j = math.inf, 0, 0
    while i < len(a) and j < len(b):
        d = a[i] - b[j]
        if abs(d) < best:
            best = abs(d)
        if d < 0:
            i += 1
        else:
            j += 1
    return best
