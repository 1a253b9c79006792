"""A single-article summary leaves out what tells nothing alone (bot.summarise.select.hook): a feature's hook or
scene and the writer's vague-time forecast, wherever they stand, unless nothing else can be had; not a definition, a
development told with a modal, or what a named speaker said. Made-up examples."""

from __future__ import annotations

import dataclasses

from benchmarks.summary_fit import summary_with
from benchmarks.summary_quality import Item
from bot.summarise import REDUNDANCY, WEIGHTS, pick, ranking, summarise
from bot.summarise.known import turns
from bot.summarise.ledes import defines, development, forecast, no_event, said_frame
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
    assert [hook(s) for s in text.splitlines()] == [True, False, True, False, True]
    assert r.allowed is None  # (each "But ..." goes with its hook: nothing is left, so the rule steps aside)
    assert telling(text.splitlines(), "english") is not None  # (without knowing what follows what, it would not)
    # (the count is kept, a pair stays together)
    assert summarise(text, 2) == pick(dataclasses.replace(r, allowed=None))
    assert len(summarise(text, 2)) == 2


def test_the_fit_scores_the_summaries_the_hook_rule_makes():
    for text, words in ((CAFE, None), (ROBOTS, None), (ROBOTS, 35)):
        item = Item("t", text, "", "english", words=words)
        assert summary_with(item, WEIGHTS, REDUNDANCY) == summarise(text, 3, "english", words=words)


# -- what tells something though it names nothing and states no event: no hook (session 13) --------------------------

DEFINITIONS = ("A harvest moon is the name of the full moon nearest the autumn equinox.",
               "A common working definition of a heatwave is three days above the seasonal average.",
               "Grafting, now usual among growers, involves joining the shoot of one plant to the root of another.",
               "A kind of tea (mostly from the hills) that tastes of smoke and pine.",
               "A referendum is the only chance most voters get to decide a single question directly.",
               "For a touring band, a warm-up gig gives the best chance to try out new songs.")
DEVELOPMENTS = ("A battery which stores power in salt water instead of lithium could make home storage far cheaper.",
                "A new blood test may spot the disease years before the first symptoms.",
                "A sensor which folds like paper could warn farmers when their crops need water.")
SAID = ("As the union's leader Jane Roe said, every hospital would need more nurses within a year.",
        "As opposition spokesman John Doe claimed - for most families the difference is meaningless.")


def test_a_definition_tells_what_a_thing_is_and_is_no_hook():
    for sentence in DEFINITIONS:
        assert no_event(sentence), sentence  # (the lede rule would call it one: it names nothing, tells no event)
        assert defines(sentence) and not hook(sentence), sentence
    for sentence in ("A weak currency helps exports and narrows the deficit.", HOOK, FORECAST):
        assert not defines(sentence), sentence  # (a claim of what a thing does, a way in: no definition)
    assert hook("A weak currency helps exports and narrows the deficit.")


def test_a_development_with_its_hedged_effect_is_news_not_a_hook():
    for sentence in DEVELOPMENTS:
        assert no_event(sentence), sentence
        assert development(sentence) and not hook(sentence), sentence
    for sentence in ("A merger would create a firm that sells games and music.",  # (what a merger would do: no thing made)
                     "A secure system should not let a web page install anything.",
                     "With hard drives growing, users could need more help to find their files."):
        assert not development(sentence), sentence


def test_what_a_named_speaker_said_is_no_hook():
    for sentence in SAID:
        assert no_event(sentence), sentence
        assert said_frame(sentence) and not hook(sentence), sentence
    assert not said_frame("As the nights draw in, every garden looks a little sadder.")
    assert hook("As the nights draw in, every garden looks a little sadder.")


def test_a_lede_that_is_a_development_stays_in_its_summary():
    text = "\n".join([DEVELOPMENTS[0],
                      "The design was shown by engineers at a university in Xville on Monday, its makers said.",
                      "Salt water is cheap, does not burn and can be found anywhere, the lead engineer told reporters.",
                      "Lithium prices have doubled in two years, figures from the Xville trade board showed.",
                      "Rival firms have shown similar batteries at trade fairs in the past two years."])
    assert ranking(text, 2).allowed is None  # (nothing masked)
    assert summarise(text, 2)[0] == DEVELOPMENTS[0]


def test_a_drawback_right_after_a_hook_goes_with_it():
    premise = "With the summer tour coming up, warm-up gigs are back on every band's calendar."
    drawback = "The only problem is that the crowd at such a gig can often be tiny."
    assert hook(premise) and turns(drawback)
    news = ["Some promoters have said it would be better to rehearse for a week and cancel the gig, the union said.",
            "The Xville Arms cancelled three warm-up gigs on Friday after ticket sales fell by half.",
            "Its owner Jane Roe said 40 tickets were sold for a hall that holds 400."]
    r = ranking("\n".join([premise, drawback] + news), 3)
    assert r.allowed is not None and list(r.allowed) == [False, False, True, True, True]
    assert drawback not in summarise("\n".join([premise, drawback] + news), 3)
    # (not right after a hook, a drawback stays choosable: the mask is the hook's, not the drawback's)
    assert telling([news[1], drawback, news[2]], "english", [False, True, True]) is None
