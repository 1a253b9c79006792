"""``prepare``: an article's grouping features, made where its text is (a worker process) and
enough on their own: grouping from features gives what grouping from the texts gives."""

from __future__ import annotations

import pickle
from dataclasses import replace

from bot.group import GroupFeatures, TermStats, find_identity, group, prepare
from tests.stages.test_group_events import ALL, HISTORY, NOW, art


def test_features_are_picklable_and_smaller_than_the_text() -> None:
    long = replace(ALL[0], text=ALL[0].text * 40)
    feats = prepare(long)
    assert isinstance(feats, GroupFeatures)
    data = pickle.dumps(feats)
    assert pickle.loads(data) == feats
    assert len(data) < len(long.text.encode())


def test_grouping_from_features_needs_no_text() -> None:
    copy = art("North Korea fires another missile over Japan", ALL[0].text, "Wire Copy", 4)  # a wire copy
    articles = [*ALL, copy]
    earlier_article = replace(ALL[2], entry_id=50_000)
    earlier = [(earlier_article, "older-story")]
    for stats in (None, HISTORY):
        plain = group(articles, stats=stats, earlier=earlier, now=NOW)
        feats = [prepare(a) for a in articles]
        blank = [replace(a, text="") for a in articles]
        blank_earlier = [(replace(earlier_article, text=""), "older-story")]
        made = group(blank, stats=stats, earlier=blank_earlier, now=NOW, features=feats,
                     earlier_features=[prepare(earlier_article)])
        assert made.story_key == plain.story_key
        assert made.duplicates == plain.duplicates
        assert [[a.entry_id for a in s.articles] for s in made.stories] == [[a.entry_id for a in s.articles]
                                                                          for s in plain.stories]
    assert find_identity([replace(a, text="") for a in articles], features=[prepare(a) for a in articles]) == \
        find_identity(articles)


def test_term_statistics_from_features_equal_those_from_articles() -> None:
    assert TermStats.from_features(prepare(a) for a in ALL) == TermStats.from_articles(ALL)


def test_features_depend_only_on_their_article() -> None:
    alone = prepare(ALL[3])
    group(ALL, now=NOW)  # nothing a batch does leaks into the next article's features
    assert prepare(ALL[3]) == alone
