"""One story per event as a reader meets it: what joins (reactions, same-day coverage) and what
never does (one template in two towns, one forum's different posts), with and without a history."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.group import MIN_HISTORY, NEWS_CYCLE, TermStats, group
from bot.models import Article

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)
_ids = iter(range(1, 10_000))


def art(title: str, text: str, source: str, hours: float) -> Article:
    n = next(_ids)
    return Article(entry_id=n, title=title, link=f"https://{source.lower().replace(' ', '')}.test/{n}", source=source,
                   published=NOW - timedelta(hours=hours), text=text, summary=[])


MISSILE = art(
    "North Korea fires another missile over Japan",
    "North Korea fired a ballistic missile over northern Japan on Friday morning, the second such launch in less "
    "than a month, officials in Tokyo and Seoul said. The missile flew over Hokkaido before landing in the Pacific "
    "Ocean, about 2,000 km east of Cape Erimo. Japan's prime minister Shinzo Abe called the launch an outrageous act.",
    "World Wire", 6)
REACTION = art(
    "China opposes DPRK's missile launch: FM spokesperson",
    "China on Friday said it opposes the ballistic missile launch by the Democratic People's Republic of Korea "
    "(DPRK), which violates UN Security Council resolutions. Foreign ministry spokesperson Hua Chunying told a news "
    "briefing that China urges the DPRK to stop actions that escalate tension on the Korean Peninsula after the "
    "missile flew over Japan.",
    "Beijing Daily", 2)
LIBRARY_ASHVALE = art(
    "Library reopens after two-year refurbishment",
    "Ashvale's central library reopened to the public on Saturday after a two-year refurbishment costing £4.2m. "
    "The building on Market Street now has a children's wing, a café and twelve study rooms, councillor Priya Shah "
    "said. Visitors queued from early morning, and more than 900 people came through the doors on the first day. "
    "The refurbishment was paid for by the council and a lottery grant.",
    "Ashvale Courier", 3)
LIBRARY_PELLON = art(
    "£11m plan for a library refurbishment in Pellon",
    "Councillors in Pellon have approved an £11m plan to refurbish the town library, closed since part of its roof "
    "collapsed in 2023. Work will start in the spring and take two years, council leader Tom Avery said. The plan "
    "adds a children's wing, study rooms and a café on the ground floor. Opposition councillors said the "
    "refurbishment should have been cheaper.",
    "Pellon Post", 5)
UPS_HELP = art(
    "Help picking a UPS",
    "I have a desktop, a NAS and a router on one desk and keep losing power for a few seconds during storms. Budget "
    "is around 150. Is a line-interactive unit enough or do I need online double conversion? Any brands to avoid? "
    "Thanks in advance.",
    "r/homelab", 2)
UPS_BUYING = art(
    "What should I look for when buying a UPS",
    "First time buying a UPS for my home office. I only need ten minutes to shut down the PC cleanly. What matters "
    "more, VA or watts? Do I need pure sine wave output for a modern power supply? Also is USB shutdown support "
    "worth paying for?",
    "r/homelab", 6)
OTHERS = [
    art("Storm Brenna brings gales to the coast", "Gusts of 80 mph hit the west coast overnight as Storm Brenna "
        "arrived, and ferries to the islands were cancelled. The Met Office kept an amber warning in place until "
        "Sunday.", "Coast News", 4),
    art("Rovers reach County Cup final", "Two late goals from Sam Okoye sent Westhaven Rovers into the County Cup "
        "final with a 2-1 win over Fenby at the Marsh Road ground on Tuesday night.", "Sport Daily", 8),
    art("Chip maker raises its bid for a rival", "Broadcom raised its offer for Qualcomm to $121 billion on Monday, "
        "calling it its best and final proposal, as the two chip makers prepared for a proxy fight.", "Market Wire", 9),
    art("Eagles breed on Skerry Island", "White-tailed eagles have bred on Skerry Island for the first time in a "
        "century, wardens said, after a pair raised two chicks on the western cliffs.", "Nature Notes", 12),
]
ALL = [MISSILE, REACTION, LIBRARY_ASHVALE, LIBRARY_PELLON, UPS_HELP, UPS_BUYING, *OTHERS]


def together(result, a: Article, b: Article) -> bool:  # noqa: ANN001 - a Grouping
    return result.story_key[a.entry_id] == result.story_key[b.entry_id]


# A fresh install (no history: statistics from the batch alone) and a deployment with a history.
HISTORY = TermStats.from_articles(
    [replace(a, entry_id=10_000 + k) for k, a in enumerate(ALL)]
    + [art(f"Council notes item {k}", f"Officials said on Monday that item {k} of the agenda was approved by the "
           f"committee after a short debate about costs and timing.", "Gazette", 24 * 5) for k in range(MIN_HISTORY)]
)


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_a_same_day_reaction_joins_the_event_it_answers(stats: TermStats | None) -> None:
    result = group(ALL, stats=stats, now=NOW)
    assert together(result, MISSILE, REACTION)
    story = next(s for s in result.stories if MISSILE in s.articles)
    assert [a.source for a in story.also] == ["World Wire"] or story.lead is MISSILE
    assert len(story.articles) == 2  # and nothing else joined it


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_two_templated_events_that_differ_in_place_and_amount_stay_apart(stats: TermStats | None) -> None:
    result = group(ALL, stats=stats, now=NOW)
    assert not together(result, LIBRARY_ASHVALE, LIBRARY_PELLON)
    # Alone as a pair, too: no third article decides it.
    assert len(group([LIBRARY_ASHVALE, LIBRARY_PELLON], stats=stats, now=NOW).stories) == 2


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_distinct_posts_of_one_feed_stay_apart(stats: TermStats | None) -> None:
    result = group(ALL, stats=stats, now=NOW)
    assert not together(result, UPS_HELP, UPS_BUYING)


def test_one_outlets_update_of_its_own_story_still_joins_it() -> None:
    update = art("North Korea fires another missile over Japan, Tokyo says", MISSILE.text.replace(
        "Japan's prime minister", "Later on Friday, Japan's prime minister"), "World Wire", 1)
    result = group([MISSILE, update, *OTHERS], now=NOW)
    assert together(result, MISSILE, update) or update.entry_id in result.duplicates


def test_the_same_news_cycle_counts_and_a_week_later_does_not() -> None:
    # Another angle on the launch, in other words: the same day it belongs to the event; a week
    # later it reads as a new story.
    markets = art("Markets shrug off missile launch over Japan", "Asian shares edged higher on Friday as investors "
                  "looked past the latest launch, with the yen briefly firmer before dealers in Singapore and Sydney "
                  "returned to company earnings, oil prices and expectations for interest rates at central banks next "
                  "week. Gold rose slightly and bond yields were steady in quiet trading.", "Market Wire", 3)
    late = replace(markets, entry_id=next(_ids), published=MISSILE.published + NEWS_CYCLE + timedelta(days=5))
    assert together(group([MISSILE, markets, *OTHERS[:2]], stats=HISTORY, now=NOW), MISSILE, markets)
    assert not together(group([MISSILE, late, *OTHERS[:2]], stats=HISTORY, now=NOW), MISSILE, late)


def test_a_small_batch_groups_like_a_large_one() -> None:
    # Two outlets' reports of one event, alone in a one-off digest (no history at all).
    a = art("Tram derails in Croydon, killing seven", "Seven people were killed and more than 50 injured when a tram "
            "derailed and overturned at a sharp bend near Sandilands in Croydon, south London, early on Wednesday, "
            "police said.", "Capital News", 5)
    b = art("Croydon tram crash: seven dead after derailment", "A tram overturned near the Sandilands stop in Croydon "
            "on Wednesday morning, killing seven passengers and injuring 51, British Transport Police said.",
            "Evening Post", 3)
    assert len(group([a, b], now=NOW).stories) == 1


def test_one_outlets_headline_pattern_over_different_texts_is_not_one_story() -> None:
    briefing = [
        art("Morning briefing: Monday 16 November", "Ferry crews at the northern harbour walked out over night-shift "
            "rosters, and passengers queued for hours at the terminal while tugboats held cargo vessels offshore.",
            "Daily Brief", 30),
        art("Morning briefing: Tuesday 17 November", "The city orchestra opened its season with a cello concerto "
            "that drew a standing ovation; the conductor thanked violinists who rehearsed through the summer heat.",
            "Daily Brief", 6),
    ]
    for stats in (None, HISTORY):
        assert len(group(briefing, stats=stats, now=NOW).stories) == 2


def _template_story(town: str, body: str, amount: str, outlets: list[str], hours: float) -> list[Article]:
    """One event told by several outlets in the words of one template (as a press-release mill writes)."""
    return [art(f"{town} Harbour Board approves £{amount} marina plan",
                f"The {town} Harbour Board approved a £{amount} plan for the marina on Tuesday, officials said. "
                f"{body} Councillors said the marina plan would bring visitors, and the harbour board will "
                f"publish the costs of the plan next month.", outlet, hours + k)
            for k, outlet in enumerate(outlets)]


def test_two_stories_of_one_template_naming_different_towns_stay_apart() -> None:
    # Stories, not single articles: three outlets each, the same day, the same template words.
    # Each story's titles name a town the other story's texts never mention: two events.
    kelby = _template_story("Kelby", "Work at Kelby starts in March, said Ruth Okafor, who chairs the board.",
                            "4.2m", ["Coast News", "Kelby Courier", "Shire Post"], 2)
    dunmore = _template_story("Dunmore", "Dunmore expects the work to take two years, said Alan Pryce, the board's "
                              "engineer.", "11m", ["Dunmore Echo", "Shire Post", "Harbour Times"], 4)
    for stats in (None, HISTORY):
        result = group(kelby + dunmore + OTHERS, stats=stats, now=NOW)
        assert all(together(result, kelby[0], a) for a in kelby[1:])
        assert all(together(result, dunmore[0], a) for a in dunmore[1:])
        assert not together(result, kelby[0], dunmore[0])


def test_a_follow_up_weeks_later_joins_when_it_names_the_events_people_and_places() -> None:
    # Far apart in time the bar rises, unless each story's titles name someone the other mentions.
    crash = [art("Tram derails in Croydon, killing seven", "Seven people were killed when a tram derailed at a sharp "
                 "bend near Sandilands in Croydon on Wednesday, police said. The driver, Alfred Dorris, was arrested.",
                 "Capital News", 24 * 60),
             art("Croydon tram crash: seven dead after derailment", "A tram overturned near the Sandilands stop in "
                 "Croydon, killing seven passengers; the driver Alfred Dorris was held, British Transport Police said.",
                 "Evening Post", 24 * 60 - 2)]
    follow_up = art("Sandilands inquest: Dorris cannot remember the bend", "Alfred Dorris told the coroner on "
                    "Tuesday that he could not remember the moments before the Sandilands bend; the inquest into the "
                    "seven deaths in Croydon continues next week.", "Rail Weekly", 3)
    unnamed = replace(follow_up, entry_id=next(_ids), title="Inquest: driver cannot remember the bend",
                      text=follow_up.text.replace("Alfred Dorris", "The driver").replace("Sandilands ", "")
                      .replace(" in Croydon", ""))
    result = group([*crash, follow_up, *OTHERS], stats=HISTORY, now=NOW)
    assert together(result, crash[0], follow_up)
    assert not together(group([*crash, unnamed, *OTHERS], stats=HISTORY, now=NOW), crash[0], unnamed)
