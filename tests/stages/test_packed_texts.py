"""While grouping, a run's texts wait compressed in a temporary file (story summaries read them there), then come back."""

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


def _summaries(stories):
    return [[(sentence, a.entry_id) for sentence, a in s.summary] for s in stories]


def test_story_summaries_read_from_the_packed_texts_are_those_of_the_texts_themselves():
    from dataclasses import replace

    from support.events import articles as made_up

    from bot.group import group_stories
    from bot.stories import summarise_stories
    from bot.workers import Workers

    made = [replace(a, summary=a.text.split(". ")[:1]) if k % 2 else a for k, a in enumerate(made_up(40))]
    stories = group_stories(made)
    assert any(len(s.articles) > 1 for s in stories)
    # The same stories with their articles' texts left out, as after grouping: the texts wait packed.
    blank = [replace(s, articles=[replace(a, text="") for a in s.articles]) for s in stories]
    texts = PackedTexts(a.text for a in made)
    place = {a.entry_id: k for k, a in enumerate(made)}
    with Workers(1) as workers:
        summarise_stories(stories, 2, workers)
        summarise_stories(blank, 2, workers, lambda a: texts.text(place[a.entry_id]))
    assert _summaries(blank) == _summaries(stories)
    assert any(len(s.summary) > 1 for s in stories)
    assert all(a.text == "" for s in blank for a in s.articles)  # (read for the workers, not put back)
