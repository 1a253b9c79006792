"""Where the tests find the checkout and the shared evaluation data."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
# The evaluation data lives beside the checkout (../shared/data); NEWSDIGEST_SHARED_DATA points elsewhere,
# e.g. from a second worktree. Tests that need it skip when it is absent.
SHARED_DATA = Path(os.environ.get("NEWSDIGEST_SHARED_DATA") or PROJECT.parent / "shared" / "data")
