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


def test_a_number_is_one_term_however_it_is_written() -> None:
    def numbers(title: str) -> set[str]:
        return {t for t in prepare(art(title, "", "Wire", 1)).terms if t[0].isdigit()}

    assert numbers("Bitcoin falls below $6,000") == numbers("Bitcoin touches 6000") == numbers("Bitcoin slumps below $6K")
    assert numbers("R$ 4.340 de isenção") == {"4340"}
    assert numbers("£9.9 billion loan") == {"9.9"} and numbers("£8.2 billion deal") == {"8.2"}
    # Thousands are not a shared word: "2,000 km" and "9,000 homes" have no number in common.
    assert not numbers("2,000 km east of the cape") & numbers("9,000 homes without power")


def test_amounts_count_as_names_of_an_event() -> None:
    feats = prepare(art("Library plan", "Councillors approved a plan worth £4.2m on Tuesday, and 1,200 residents signed.",
                        "Post", 1))
    assert {"4.2", "1200"} <= feats.names
