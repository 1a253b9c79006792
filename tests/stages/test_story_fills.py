"""A story summary's opening from the lead's lede (one headline term, a signpost glued at its end cut), and a
sentence that only restates what other articles' shown sentences said (bot.group.present, bot.group.restate)."""

from __future__ import annotations

from bot.group import story_summary
from bot.group.present import _before_signpost
from bot.group.restate import restated, sentence_terms
from bot.models import Article, Story


def _article(n: int, title: str, summary: list[str], text: str | None = None) -> Article:
    return Article(n, title, f"https://example.test/{n}", f"outlet{n}", None,
                   text if text is not None else "\n".join(summary), summary, language="english")


# Two sentences no story opens with (an explainer, a requirement): the summariser's picks of the lead.
_EXPLAINERS = ["Supermoons take place when the moon is at the closest point of its orbit around the Earth.",
               "For the moon to look big in a picture requires a substantial telephoto lens."]


def test_the_lede_cut_before_a_glued_signpost_opens_the_story():
    text = ("The first supermoon of the year is set to light up the skies on Monday night, here's all you need to "
            "know about the celestial event.\n" + "\n".join(_EXPLAINERS))
    lead = _article(1, "Year to open with 'Wolf Moon'", _EXPLAINERS, text)
    summary = [s for s, _ in story_summary(Story([lead]), 3)]
    assert summary[0] == "The first supermoon of the year is set to light up the skies on Monday night."
    assert summary[1:] == _EXPLAINERS  # (they may follow an opening)


def test_a_signpost_that_is_the_whole_line_leaves_nothing_to_open():
    for line in ("Here's all you need to know about the first supermoon of the year.",
                 "The first supermoon of the year, which rises on Monday, is bright.\nHere's how to see it."):
        lead = _article(1, "Year to open with 'Wolf Moon'", _EXPLAINERS, line + "\n" + "\n".join(_EXPLAINERS))
        assert _before_signpost(lead, "english") is None
    # ... and a cut that does not stand alone (a fragment) is no opening either
    lead = _article(1, "Wolf Moon", _EXPLAINERS, "Wolf Moon, here's what you need to know.\n" + "\n".join(_EXPLAINERS))
    assert _before_signpost(lead, "english") is None
    assert story_summary(Story([lead]), 3) == []


def test_the_lede_needs_one_headline_term_a_sentence_further_down_two():
    picks = ["Some believe it was a sparrow.", "The ticket agent laughed at this."]
    lede = "A meteor streaked across the sky over Maine on Tuesday night, leaving watchers in awe."
    below = "Wildlife officers say a bird flew into the cockpit of a jetliner bound south for Atlanta on Saturday."
    lead = _article(1, "Fireball lights up evening sky", picks, "\n".join([lede, *picks]))
    assert [s for s, _ in story_summary(Story([lead]), 3)][0] == lede  # "sky": its headline's word
    lead = _article(1, "Bird takes over Delta flight", picks, "\n".join([picks[0], below, picks[1]]))
    assert story_summary(Story([lead]), 3) == []  # ("flight" is not "jetliner": one term short, not the lede)


def test_a_sentence_restating_other_articles_shown_ones_is_skipped():
    first = ("Rihanna is calling for an end to violence following the murder of her cousin, Tavon Kaiseen Alleyne, "
             "who was shot multiple times Tuesday evening.")
    again = "Rihanna is mourning the death of her cousin and calling for an end to gun violence."
    new = "Alleyne died after being shot in Barbados, where Rihanna was born and raised."
    lead = _article(1, "Rihanna calls for end to gun violence after her cousin's death", [first])
    other = _article(2, "Rihanna mourns cousin shot dead", [again, new])
    assert [s for s, _ in story_summary(Story([lead, other]), 3)] == [first, new]


def test_restated_spares_a_new_figure_a_new_name_and_mostly_new_words():
    shown = [sentence_terms("At least 59 are dead and more than 500 were injured during the massacre at a music "
                            "festival in Las Vegas, Nevada, on Sunday night.", "english")]

    def again(sentence: str) -> bool:
        return restated(sentence, sentence_terms(sentence, "english"), shown, "english")

    assert again("At least 59 are dead after a massacre at a music festival in Las Vegas on Sunday night.")
    assert not again("At least 59 were killed and 527 were injured at a music festival in Las Vegas on Sunday night.")
    assert not again("Boris Johnson said he was horrified by the massacre at a music festival in Las Vegas.")
    assert not again("A gunman fired on the crowd below from a hotel window for several minutes.")
    assert not restated("At least 59 are dead.", sentence_terms("At least 59 are dead.", "english"), [], "english")


def test_sentence_terms_are_the_same_from_its_word_cache_and_after_it_starts_again(monkeypatch):
    import bot.group.restate as restate

    sentence = "America's seven votes to 2 beat Britain's: America voted, and the votes counted twice."
    expected = frozenset({"america", "7", "vote", "2", "beat", "britain", "count"})  # ("twice": a stop word)
    monkeypatch.setitem(restate._TERMS, "english", {})
    assert sentence_terms(sentence, "english") == expected  # every word new to the cache
    assert sentence_terms(sentence, "english") == expected  # every word from it
    restate._TERMS["english"]["Zebra"] = "stale"
    monkeypatch.setattr(restate, "_MAX_WORDS", 3)
    assert sentence_terms(sentence, "english") == expected  # the cache was full: it started again
    assert "Zebra" not in restate._TERMS["english"] and "Britain's" in restate._TERMS["english"]
    assert sentence_terms("", "english") == frozenset()
