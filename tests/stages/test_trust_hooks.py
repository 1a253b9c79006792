"""A single-article summary leaves out what tells nothing alone (bot.summarise.select.hook): a feature's hook or
scene and the writer's vague-time forecast, wherever they stand, unless nothing else can be had. Made-up examples."""

from __future__ import annotations

import dataclasses

from benchmarks.summary_fit import summary_with
from benchmarks.summary_quality import Item
from bot.summarise import REDUNDANCY, WEIGHTS, pick, ranking, summarise
from bot.summarise.ledes import forecast, no_event
from bot.summarise.select import hook, telling

HOOK = "With winter on its way, hot drinks are back in fashion."
LEANING = "But if there is one drink that divides a family at this time of year, it is mulled wine."
FORECAST = "Soon, every kitchen in the land will have a robot doing the dishes."

CAFE = "\n".join([
    HOOK,
    LEANING,
    "A café in Xville sold 4,000 cups of mulled wine on Saturday, its owner Jane Roe said.",
    "The café opened in 2015 and now employs twelve people from the town.",
    "Queues stretched around the block for most of the afternoon, according to the town's police.",
    "Sales of hot chocolate rose by a third in November, figures from the Xville trade board showed.",
])

ROBOTS = "\n".join([
    FORECAST,
    "Acme Robotics showed a dish-washing arm at a trade fair in Yton on Tuesday.",
    "The arm loaded a dishwasher in forty seconds, the company said.",
    "Acme plans to sell it for 900 euros from next spring, its chief executive told reporters.",
    "Rival firms have shown similar machines at the fair in the past two years.",
])


def test_a_hook_lede_and_the_sentence_leaning_on_it_give_way_to_what_happened():
    summary = summarise(CAFE, 3)
    assert len(summary) == 3
    assert HOOK not in summary and LEANING not in summary, summary
    # Without the rule the hook and its follower are the lead's first two sentences, and chosen:
    r = ranking(CAFE, 3)
    assert HOOK in pick(dataclasses.replace(r, allowed=None))


def test_a_vague_time_forecast_gives_way_too_under_a_count_and_a_word_budget():
    assert forecast(FORECAST)
    for kwargs in ({"sentences": 3}, {"words": 35}):
        summary = summarise(ROBOTS, **kwargs)
        assert summary and FORECAST not in summary, (kwargs, summary)
        r = ranking(ROBOTS, **kwargs)
        assert FORECAST in pick(dataclasses.replace(r, allowed=None)), kwargs  # (the rule, not the ranking, left it)


def test_what_leans_on_the_sentence_before_or_names_its_subject_is_no_hook():
    for sentence in ("It is the first such ruling anywhere in the country.",  # (leans: tells of what came before)
                     "Their final aim is to build a machine that thinks like a bee.",
                     "Unlike older phones on the market, the device picks the fastest network itself."):  # (its subject)
        assert no_event(sentence), sentence  # (the lede rule alone would call it one)
        assert not hook(sentence), sentence
    assert hook(HOOK) and hook(FORECAST)
    assert not hook("Acme Robotics showed a dish-washing arm at a trade fair in Yton on Tuesday.")


def test_only_hooks_or_no_hooks_or_another_language_leave_every_sentence_choosable():
    hooks = [HOOK, "Every spring a craze sweeps through the playgrounds that puzzles parents.",
             "Dressed in green paint, dancers stand among the trees of a damp forest.", FORECAST]
    assert all(hook(s) for s in hooks)
    assert telling(hooks, "english") is None
    assert len(summarise("\n".join(hooks), 3)) == 3  # (then they are all there is: never an empty summary)
    news = CAFE.splitlines()[2:]
    assert telling(news, "english") is None
    assert telling([HOOK] + news, "portuguese") is None
    mask = telling([HOOK] + news, "english")
    assert mask is not None and list(mask) == [False] + [True] * len(news)


def test_when_all_that_tells_something_leans_on_a_hook_the_summary_is_still_made():
    text = "\n".join([HOOK, "But the mulled wine is what most people will order this week, it seems to me.",
                      "Every spring a craze sweeps through the playgrounds that puzzles parents.",
                      "But this year the craze is a yo-yo that lights up when it spins, its makers said.", FORECAST])
    r = ranking(text, 2)
    assert r.allowed is not None and not r.allowed[0] and r.allowed[1]
    # (nothing allowed can be had without its hook: the rule steps aside, the count is kept, a pair stays together)
    assert summarise(text, 2) == pick(dataclasses.replace(r, allowed=None))
    assert len(summarise(text, 2)) == 2


def test_the_fit_scores_the_summaries_the_hook_rule_makes():
    for text, words in ((CAFE, None), (ROBOTS, None), (ROBOTS, 35)):
        item = Item("t", text, "", "english", words=words)
        assert summary_with(item, WEIGHTS, REDUNDANCY) == summarise(text, 3, "english", words=words)
