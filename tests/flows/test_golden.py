"""Golden digest: the bundled sample corpus, served over HTTP, gives exactly the reviewed Markdown.

Regenerate on purpose with NEWSDIGEST_REGENERATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.demo import run_demo

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo.md"


def test_demo_digest_matches_golden_markdown():
    markdown, html = run_demo()
    if os.environ.get("NEWSDIGEST_REGENERATE_GOLDEN"):
        GOLDEN.write_text(markdown, encoding="utf-8")
    assert markdown == GOLDEN.read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in html


def test_demo_shows_what_it_promises():
    markdown, html = run_demo()
    # The harbour bridge story was reported by three outlets and is shown once.
    assert markdown.count("Also reported by") >= 1
    assert "## Feeds with problems" in markdown
    assert "Broken Example Feed" in markdown and "A Feed That Moved Away" in markdown
    for junk in ("Sign up", "Read more", "alert(", "Photo:", "All rights reserved"):
        assert junk not in markdown, junk
        assert junk not in html, junk
