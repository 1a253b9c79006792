"""While grouping, a run's texts wait compressed in a temporary file, and come back exactly as they were."""

from __future__ import annotations

import os

import pytest

from bot.models import Article
from bot.stories import PackedTexts


def test_texts_come_back_exactly_and_are_not_held_in_memory():
    texts = ["", "plain words " * 2000, "ünïcödé — “quotes” \U0001f600", "lone surrogate \udcff kept", "x"]
    packed = PackedTexts(texts)
    assert len(packed) == 5
    assert [packed.text(k) for k in (3, 0, 1)] == [texts[3], texts[0], texts[1]]
    held = os.fstat(packed.file.fileno()).st_size
    assert 0 < held < len(texts[1]) // 10  # (compressed, on disk)
    articles = [Article(entry_id=k, title="t", link=f"https://x.example/{k}", source="x", published=None, text="",
                        summary=[]) for k in range(5)]
    packed.restore(articles)
    assert [a.text for a in articles] == texts
    assert packed.file.closed and len(packed) == 0


def test_restoring_onto_other_articles_fails():
    packed = PackedTexts(["a", "b"])
    with pytest.raises(ValueError):
        packed.restore([])
