"""Identity, stories, story summaries, ranking and keyword filters, on articles written for the test."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot import cli
from bot.group import (
    TermStats,
    canonical_url,
    compile_keywords,
    dedupe,
    filter_stories,
    find_identity,
    group,
    group_stories,
    rank_stories,
    story_summary,
)
from bot.models import Article, Story

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
_ids = iter(range(1, 10_000))


def art(title: str, text: str, source: str = "Outlet", link: str | None = None, hours: float = 0.0,
        summary: list[str] | None = None, published: datetime | None | bool = True) -> Article:
    when = T0 + timedelta(hours=hours) if published is True else (published or None)
    n = next(_ids)
    return Article(entry_id=n, title=title, link=link or f"https://{source.lower().replace(' ', '')}.example/{n}",
                   source=source, published=when, text=text, summary=summary or [])


# A small, unrelated "history" so term weights do not come from the handful of test articles.
BACKGROUND = [
    art("Harbour Rovers win derby", "Harbour Rovers beat their rivals two goals to one on Saturday in front of a full stadium, "
        "the manager said after the match that the team had played well and the fans were happy."),
    art("Rain expected over the weekend", "Forecasters said on Friday that heavy rain is expected across the region over the "
        "weekend, with strong winds along the coast and a risk of local flooding on Sunday."),
    art("City council approves budget", "The city council approved its budget for next year on Thursday after a long debate, "
        "with more money for schools and roads, the mayor said in a statement."),
    art("Bank raises interest rates", "The central bank raised interest rates by a quarter point on Wednesday, saying prices "
        "were still rising too fast, and warned that more rises could follow next year."),
    art("New museum opens in old station", "A new museum opened on Tuesday in the old railway station, with exhibitions on "
        "local history, and officials said they expected thousands of visitors in the first year."),
    art("Police investigate warehouse fire", "Police said on Monday they were investigating a fire that destroyed a warehouse "
        "in the industrial district overnight; nobody was hurt, the fire service said."),
    art("Government announces new hospital", "The government announced plans on Friday for a new hospital in the north of "
        "the country, saying it would open in four years and employ two thousand people."),
    art("Airline adds summer routes", "The national airline said on Thursday it would add ten new routes this summer, "
        "including flights to the islands, after a strong year for passenger numbers."),
    art("Teachers vote on pay offer", "Teachers will vote next week on a new pay offer from the government, their union said "
        "on Wednesday, after months of talks and two days of strikes last year."),
    art("Storm damages coastal towns", "A storm damaged houses and brought down trees in several coastal towns overnight, "
        "officials said on Sunday, and thousands of homes were left without power."),
    art("Election campaign enters final week", "The election campaign entered its final week on Monday with the main parties "
        "level in the polls, and the prime minister said the vote would be close."),
    art("Minister visits flood area", "The minister visited the flood area on Saturday and promised help for families whose "
        "homes were damaged, the ministry said in a statement after the visit."),
    # A country in the news all week is in the history too: its name alone says little.
    art("Norland signs trade deal", "Norland signed a trade deal with its largest partner on Monday, cutting tariffs on "
        "cars and farm goods, the trade ministry said.", published=T0 - timedelta(days=9)),
    art("Norland beats Ostia in qualifier", "Norland beat Ostia three goals to nil in a World Cup qualifier on Saturday, "
        "keeping their hopes of a place at the finals alive.", published=T0 - timedelta(days=6)),
    art("Norland opposition holds rally", "Tens of thousands of opposition supporters rallied in the Norland capital on "
        "Sunday, demanding early elections and an end to censorship.", published=T0 - timedelta(days=5)),
]
STATS = TermStats.from_articles(BACKGROUND)

TAX = ("Finance minister Dana Holt announced on Monday a cut in fuel tax of five cents per litre from January, "
       "saying households needed relief from rising prices at the pump. The opposition called the fuel tax cut "
       "a gimmick before the election, and economists warned it would cost the treasury two billion a year.")


def keys_of(result, articles):
    return [result.story_key[a.entry_id] for a in articles]


# --- URLs ----------------------------------------------------------------------------------------


def test_canonical_url_drops_tracking_and_keeps_meaningful_query():
    a = canonical_url("http://www.One.example/news/holt/?utm_source=rss&id=7&ncid=feed&guccounter=1#top")
    b = canonical_url("https://one.example/news/holt?id=7")
    assert a == b == "https://one.example/news/holt?id=7"
    assert canonical_url("https://one.example/news/holt?id=8") != b


# --- Identity ----------------------------------------------------------------------------------------


def test_same_article_in_disguise_is_one_article_and_the_newest_version_is_kept():
    first = art("Holt announces fuel tax cut", TAX, "One", "https://one.example/politics/fuel-tax?utm_source=rss")
    # New GUID (entry id), edited title, later date, different tracking parameters: the same article.
    again = replace(first, entry_id=next(_ids), title="Holt announces five-cent fuel tax cut",
                    link="http://www.one.example/politics/fuel-tax/?fbclid=abc", published=T0 + timedelta(hours=5))
    other = art("Volcano erupts on Pacific island", "A volcano erupted on a remote Pacific island on Monday, sending "
                "ash eight kilometres into the sky and forcing the evacuation of two villages, officials said.", "One")
    identity = find_identity([first, again, other], STATS)
    assert identity.kept == [1, 2]
    assert identity.same_as == {0: 1}
    assert dedupe([first, again, other], STATS) == [again, other]

    result = group([first, again, other], stats=STATS)
    assert result.duplicates == {first.entry_id: again.entry_id}
    assert [len(s.articles) for s in result.stories] == [1, 1]
    assert result.story_key[first.entry_id] == result.story_key[again.entry_id]


def test_same_outlet_republishing_under_a_new_link_is_one_article():
    old = art("Holt announces fuel tax cut", TAX, "One", "https://one.example/a/123", hours=0)
    new = art("Fuel tax cut announced", TAX.replace("Monday", "Monday morning"), "One", "https://one.example/b/456", hours=2)
    identity = find_identity([old, new], STATS)
    assert identity.kept == [1] and identity.same_as == {0: 1}


def test_wire_copies_from_several_outlets_merge_into_one_story_crediting_each():
    copies = [
        art("Holt announces fuel tax cut", TAX, "One"),
        art("Fuel tax to fall by five cents, Holt says", TAX + " Reporting by the wire desk.", "Two", hours=1),
        art("Minister cuts fuel tax", "(Wire) " + TAX, "Three", hours=2),
    ]
    identity = find_identity(copies, STATS)
    assert identity.kept == [0, 1, 2]  # different outlets: all credited
    assert identity.copies == [[0, 1, 2]]
    # Even with a threshold no ordinary pair could reach, copies stay one story.
    result = group(copies, stats=STATS, threshold=0.99)
    assert len(result.stories) == 1
    assert {a.source for a in result.stories[0].articles} == {"One", "Two", "Three"}


def test_copies_without_links_are_still_recognised():
    a = replace(art("Holt announces fuel tax cut", TAX, "One"), link=None)
    b = replace(art("Holt cuts fuel tax", TAX, "Two"), link=None)
    c = replace(art("Holt announces fuel tax cut", TAX, "One", hours=1), link=None)
    identity = find_identity([a, b, c], STATS)
    assert identity.same_as == {0: 2}  # same outlet, same text: one article, the newer kept
    assert identity.copies == [[1, 2]]  # another outlet: a wire copy


def test_live_page_same_url_different_text_stays_two_articles():
    url = "https://one.example/live/election-night"
    early = art("Election night live", "Polls have closed across the country and counting has begun in all districts; "
                "turnout appears higher than four years ago, according to early reports from polling stations.",
                "One", url, hours=0)
    late = art("Election night live", "The governing party has conceded defeat after losing seats in the northern "
               "districts, and the opposition leader will address supporters in the capital within the hour.",
               "One", url, hours=6)
    identity = find_identity([early, late], STATS)
    assert identity.kept == [0, 1] and identity.same_as == {}
    # The same link with an agreeing text is the same article (an update of it).
    updated = replace(early, entry_id=next(_ids), text=early.text + " More results are expected after midnight.",
                      published=T0 + timedelta(hours=1))
    assert find_identity([early, updated], STATS).same_as == {0: 1}


def test_one_outlets_paywall_text_under_two_headlines_is_not_one_article():
    paywall = ("Subscribe to continue reading. You have reached your limit of free articles this month. Already a "
               "subscriber? Log in to your account to read the full story and our daily newsletters.")
    a = art("Holt announces fuel tax cut", paywall, "One")
    b = art("Volcano erupts on Pacific island", paywall, "One", hours=1)
    identity = find_identity([a, b], STATS)
    assert identity.kept == [0, 1] and identity.same_as == {} and identity.copies == []


def test_short_boilerplate_pages_are_not_taken_for_copies():
    blurb = "Chat with us in Messenger. Find out what is happening in the world."
    a = art("Holt announces fuel tax cut", blurb, "One")
    b = art("Volcano erupts on Pacific island", blurb, "Two")
    identity = find_identity([a, b], STATS)
    assert identity.copies == [] and identity.same_as == {}


# --- Stories ---------------------------------------------------------------------------------------------

FUEL = [
    art("Holt announces five-cent cut in fuel tax", "Finance minister Dana Holt said on Monday that fuel tax will be "
        "cut by five cents a litre from January to help households with rising prices. The opposition called the "
        "fuel tax cut an election gimmick.", "One", hours=0),
    art("Fuel tax cut: Holt promises relief at the pump", "Drivers will pay five cents less fuel tax per litre from "
        "January, finance minister Dana Holt announced, arguing that families need relief from rising pump prices. "
        "Economists said the fuel tax cut would cost two billion.", "Two", hours=3),
    art("Opposition attacks Holt's fuel tax plan", "The opposition on Monday attacked finance minister Dana Holt's plan "
        "to cut fuel tax by five cents per litre, calling it a gimmick, while motoring groups welcomed relief from "
        "high fuel prices.", "Three", hours=7),
]

NORLAND = [
    art("Norland test-fires long-range missile", "Norland test-fired a long-range ballistic missile on Tuesday that "
        "flew over the strait before falling into the sea, the defence ministry of its neighbour said, condemning the "
        "launch as a provocation.", "One", hours=24),
    art("Floods in Norland leave thousands homeless", "Heavy floods in southern Norland have left thousands of people "
        "homeless after rivers burst their banks following a week of monsoon rain, aid agencies said on Wednesday.",
        "Two", hours=48),
    art("Norland leader offers talks with neighbour", "The leader of Norland offered on Thursday to open talks with "
        "the neighbouring republic and to send athletes to the winter games, in a rare gesture after months of "
        "tension.", "Three", hours=72),
]


def test_the_same_event_from_three_outlets_is_one_story():
    result = group(FUEL, stats=STATS)
    assert len(result.stories) == 1
    story = result.stories[0]
    assert story.lead is FUEL[0]  # the earliest leads
    assert [a.source for a in story.also] == ["Two", "Three"]
    assert len(set(keys_of(result, FUEL))) == 1
    # The original entry point (keyword options added), ranked: three outlets 17 hours old first.
    stories = group_stories([NORLAND[0]] + FUEL, stats=STATS)
    assert [len(s.articles) for s in stories] == [3, 1]
    assert {a.entry_id for a in stories[0].articles} == {a.entry_id for a in FUEL}


def test_different_events_sharing_a_country_name_stay_apart():
    for stats in (STATS, None):
        result = group(NORLAND, stats=stats)
        assert len(result.stories) == 3
    mixed = group(FUEL + NORLAND, stats=STATS)
    assert len(mixed.stories) == 4


def test_far_apart_in_time_does_not_join_unless_extremely_similar():
    a = art("Port workers strike over pay at Eastharbour", "Dock workers at Eastharbour walked out on Monday in a "
            "dispute over pay, halting container traffic, the union said.", "One")
    # Another outlet's angle on the same walkout: alike, as two outlets' reports of one event are.
    b = art("Walkout leaves ships waiting offshore", "More than twenty ships were waiting offshore on Tuesday as the "
            "strike by Eastharbour dock workers entered its second day, and supermarkets warned of empty shelves by "
            "the weekend.", "Two", hours=20)
    assert len(group([a, b], stats=STATS).stories) == 1
    assert len(group([a, replace(b, published=a.published + timedelta(days=5))], stats=STATS).stories) == 1
    far = replace(b, published=a.published + timedelta(days=120))
    assert len(group([a, far], stats=STATS).stories) == 2
    # Near-identical coverage still joins across the gap (a story can keep growing).
    twin = art("Eastharbour port workers strike over pay", "Eastharbour dock workers walked out in a pay dispute on "
               "Monday, and container traffic was halted, their union said.", "Two", hours=120 * 24)
    assert find_identity([a, twin], STATS).copies == []  # not a copy: similar enough on its own
    assert len(group([a, twin], stats=STATS).stories) == 1


def test_undated_articles_group_on_text_alone():
    undated = [replace(x, published=None) for x in FUEL]
    assert len(group(undated, stats=STATS).stories) == 1


def test_decisions_with_fixed_term_statistics_do_not_depend_on_the_batch():
    pair = FUEL[:2]
    alone = group(pair, stats=STATS)
    crowded = group(pair + NORLAND + BACKGROUND, stats=STATS)
    assert (alone.story_key[pair[0].entry_id] == alone.story_key[pair[1].entry_id]) is True
    assert crowded.story_key[pair[0].entry_id] == crowded.story_key[pair[1].entry_id]
    apart = [FUEL[0], NORLAND[1]]
    alone = group(apart, stats=STATS)
    crowded = group(apart + BACKGROUND, stats=STATS)
    assert alone.story_key[apart[0].entry_id] != alone.story_key[apart[1].entry_id]
    assert crowded.story_key[apart[0].entry_id] != crowded.story_key[apart[1].entry_id]


def test_term_stats_round_trip_and_smoothing():
    data = STATS.to_dict()
    again = TermStats.from_dict(json.loads(json.dumps(data)))
    assert again.docs == len(BACKGROUND) and again.df == STATS.df
    assert again.df["year"] >= 3
    assert again.idf("zzzunseen") > again.idf("norland") > again.idf("year")  # common words weigh less


def test_a_story_keeps_growing_across_collections():
    earlier = [(FUEL[0], "story-7")]
    repeat = replace(FUEL[0], entry_id=next(_ids), title="Holt announces fuel tax cut (updated)",
                     published=FUEL[0].published + timedelta(hours=1))
    later = [FUEL[1], FUEL[2], repeat, NORLAND[0]]
    result = group(later, stats=STATS, earlier=earlier)
    assert result.duplicates == {repeat.entry_id: FUEL[0].entry_id}  # shown last time: not again
    assert result.story_key[FUEL[1].entry_id] == result.story_key[FUEL[2].entry_id] == "story-7"
    assert result.story_key[repeat.entry_id] == "story-7"
    assert result.continues == {"story-7": True, str(NORLAND[0].entry_id): False}
    shown = {a.entry_id for s in result.stories for a in s.articles}
    assert shown == {FUEL[1].entry_id, FUEL[2].entry_id, NORLAND[0].entry_id}


# --- What the digest shows ---------------------------------------------------------------------------------


def test_story_summary_takes_sentences_across_outlets_without_repeating_a_fact():
    one = art("Bridge approved", "x", "One", summary=[
        "Westhaven council approved a new harbour bridge on Friday by seven votes to two.",
        "The bridge will cost 48 million pounds and open in 2029.",
    ])
    two = art("Council backs bridge", "x", "Two", summary=[
        "By seven votes to two, Westhaven council on Friday approved the new harbour bridge.",  # same fact as one[0]
        "Shop owners on the Old Quay fear years of disruption during construction.",
    ])
    three = art("Green light for bridge", "x", "Three", summary=[
        "Cyclists will get a separate lane on the bridge, the council said.",
        "The new harbour bridge was approved by Westhaven council, seven votes to two, on Friday.",  # same fact again
    ])
    story = Story([one, two, three])
    picked = story_summary(story, 4)
    sentences = [s for s, _ in picked]
    assert len(picked) == 4
    assert sum("seven votes to two" in s for s in sentences) == 1  # the shared fact once
    for sentence, article in picked:
        assert sentence in article.summary  # linked to the outlet it came from
    assert {a.source for _, a in picked} == {"One", "Two", "Three"}  # spread across outlets
    assert "seven votes to two" in sentences[0]  # the fact every outlet reports comes first
    assert story_summary(story, 1) == picked[:1]
    assert story_summary(story, 0) == []


def test_story_summary_falls_back_to_the_text_when_an_article_has_no_summary():
    lone = art("Museum opens", "The new museum opened its doors on Tuesday in the old station. "
               "Visitors queued for an hour to see the railway collection.", "One")
    picked = story_summary(Story([lone]), 2)
    assert [s for s, _ in picked] == ["The new museum opened its doors on Tuesday in the old station.",
                                      "Visitors queued for an hour to see the railway collection."]
    assert all(a is lone for _, a in picked)


def test_rank_stories_by_outlets_and_recency():
    now = T0 + timedelta(hours=10)
    big_old = Story([art("Big old", "x", "A", hours=-62), art("Big old", "x", "B", hours=-62)])  # 2 outlets, 3 days old
    small_new = Story([art("Small new", "x", "A", hours=9)])  # 1 outlet, 1 hour old
    big_new = Story([art("Big new", "x", "A", hours=8), art("Big new", "x", "B", hours=9), art("Big new", "x", "C", hours=9)])
    same_outlet_twice = Story([art("Twice", "x", "A", hours=9), art("Twice", "x", "A", hours=9)])
    ranked = rank_stories([big_old, small_new, same_outlet_twice, big_new], now)
    assert ranked[0] is big_new
    assert ranked[-1] is big_old  # 2 outlets × 0.125 < 1 outlet fresh
    assert ranked.index(small_new) < ranked.index(big_old)
    # Outlets, not articles, count: one outlet twice ranks like one outlet once (a tie: by headline).
    assert ranked[1:3] == [small_new, same_outlet_twice]
    assert rank_stories([small_new, big_old], None)[0] is big_old  # no clock: outlets alone
    undated = Story([art("Undated", "x", "A", published=None)])
    assert rank_stories([undated, small_new], now)[0] is small_new


def test_filter_stories_by_keywords_whole_words_and_regular_expressions():
    ai = Story([art("New AI rules agreed", "Lawmakers agreed rules for artificial intelligence.", "One")])
    said = Story([art("Mayor said no", "The mayor said no to the new stadium plan.", "Two")])
    korea = Story([art("North  Korea fires missile", "The launch was condemned.", "Three")])
    stories = [ai, said, korea]
    assert filter_stories(stories, include=["ai"]) == [ai]  # whole word: not "said"
    assert filter_stories(stories, include=["north korea"]) == [korea]  # phrase across spacing, any case
    assert filter_stories(stories, exclude=["AI", "STADIUM"]) == [korea]
    assert filter_stories(stories, include=["/miss(ile|ion)s?/"]) == [korea]
    assert filter_stories(stories, include=["/^mayor/"]) == [said]  # regex, case-insensitive
    assert filter_stories(stories) == stories
    with pytest.raises(ValueError, match=r"/\(unclosed/"):
        filter_stories(stories, include=["/(unclosed/"])
    with pytest.raises(ValueError, match="empty"):
        compile_keywords([" "])


def test_filter_stories_takes_compiled_patterns_as_it_takes_strings():
    stories = [Story([art("New AI rules agreed", "Rules for artificial intelligence.", "One")]),
               Story([art("Mayor said no", "The mayor said no to the new stadium plan.", "Two")])]
    for include, exclude in [(["ai"], []), ([], ["/stadium/"]), (["/^mayor/", "rules"], ["ai"])]:
        assert filter_stories(stories, compile_keywords(include), compile_keywords(exclude)) == \
            filter_stories(stories, include, exclude)


# --- The command -------------------------------------------------------------------------------------------


def test_group_command_jsonl_end_to_end(tmp_path, capsys):
    lines = [
        {"id": "f1", "title": FUEL[0].title, "text": FUEL[0].text, "source": "One",
         "url": "https://one.example/fuel?utm_source=rss", "published": "2026-03-02T09:00:00Z"},
        {"id": "n1", "title": NORLAND[1].title, "text": NORLAND[1].text, "source": "Two",
         "published": "2026-03-03T09:00:00+00:00"},
        "not json",
        {"id": "f2", "title": FUEL[1].title, "text": FUEL[1].text, "source": "Two", "published": "2026-03-02T12:00:00"},
        {"id": "bad", "title": "No text"},
        {"id": "f1-again", "title": FUEL[0].title + " (updated)", "text": FUEL[0].text, "source": "One",
         "url": "https://one.example/fuel?utm_medium=email"},
        {"id": "n1", "title": "duplicate id", "text": "x"},
        {"id": 7, "title": NORLAND[0].title, "text": NORLAND[0].text, "published": "yesterday"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    history = tmp_path / "history.jsonl"
    history.write_text("".join(json.dumps({"title": a.title, "text": a.text}) + "\n" for a in BACKGROUND), encoding="utf-8")

    status = cli.main(["group", "--jsonl", str(path), "--history", str(history)])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 1  # some lines failed
    assert [o.get("id") for o in out] == ["f1", "n1", None, "f2", "bad", "f1-again", "n1", 7]
    assert out[0] == {"id": "f1", "story": "f1"}
    assert out[1] == {"id": "n1", "story": "n1"}
    assert "not valid JSON" in out[2]["error"] and "line 3" in out[2]["error"]
    assert out[3] == {"id": "f2", "story": "f1"}
    assert "missing field 'text'" in out[4]["error"]
    assert out[5] == {"id": "f1-again", "story": "f1"}  # the same article, tracking parameters aside
    assert "duplicate id" in out[6]["error"]
    assert "ISO 8601" in out[7]["error"]


def test_group_command_reads_stdin_and_needs_jsonl(monkeypatch, capsys):
    records = [{"id": i, "title": a.title, "text": a.text, "source": a.source} for i, a in enumerate(FUEL + NORLAND)]
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(json.dumps(r) + "\n" for r in records)))
    assert cli.main(["group", "--jsonl"]) == 0
    stories = [json.loads(line)["story"] for line in capsys.readouterr().out.splitlines()]
    assert stories == [0, 0, 0, 3, 4, 5]
    assert cli.main(["group", "missing.jsonl"]) == 2
    assert "pass --jsonl" in capsys.readouterr().err
    assert cli.main(["group", "--jsonl", "no/such/file.jsonl"]) == 2


def test_group_command_reads_a_title_as_a_feed_would():
    """The same item through `group --jsonl` and through a feed is the same article: one line of
    title, no byte-order mark, a standfirst on its own line before the text."""
    from bot.commands.group import _article

    article = _article({"id": "x", "title": "\ufeffFerry crews walk out\nPassengers stranded at the harbour",
                        "text": "Crews left."}, "line 1", 0)
    assert article.title == "Ferry crews walk out"
    assert article.text == "Passengers stranded at the harbour\n\nCrews left."
