"""The whole text as evidence, titles that say nothing, and what headlines share: what joins a
story on its text and what never does (one template's wording in two towns)."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from bot.group import GroupFeatures, TermStats, group, headlines_agree, names_the_outlet, prepare
from bot.group.features import link_slug
from tests.stages.test_group_events import HISTORY, NOW, OTHERS, UPS_BUYING, UPS_HELP, art, together

# Two reports of one fire: different titles, leads that open on different things (the rescue;
# the owner's statement), and the same facts, names and numbers further down, in other orders.
FACTS_A = ("Firefighters said the blaze started in a dye vat on the ground floor shortly after two o'clock and "
           "spread through the roof of the Harwood mill within an hour. Forty engines from Lancashire and "
           "Greater Manchester attended, and the A682 through Barrowford was closed in both directions. Station "
           "manager Denise Okonjo said 112 workers were evacuated and three were treated for smoke inhalation at "
           "Burnley General Hospital. The mill, which employs 240 people, was built in 1868 and is a listed "
           "building. Pendle council said the Leeds and Liverpool canal towpath would stay closed while the "
           "walls were made safe.")
FACTS_B = ("The Harwood mill fire began in a dye vat on the ground floor, Denise Okonjo of the fire service said, "
           "and the roof collapsed within the hour. 112 workers were evacuated; three went to Burnley General "
           "Hospital with smoke inhalation. Forty engines from Lancashire and Greater Manchester were sent and "
           "the A682 at Barrowford was shut both ways. Built in 1868, the listed mill employs 240 people. The "
           "Leeds and Liverpool canal towpath stays closed while the walls are made safe, Pendle council said.")
LEAD_A = ("Crews worked through the night to bring a huge fire under control at a textile mill in Barrowford, "
          "as thick smoke drifted across the valley and residents were told to keep their windows and doors "
          "shut until the morning. Some families left their homes for relatives' houses, and a rest centre "
          "opened in the village hall for anyone who needed it. ")
LEAD_B = ("The owner of a historic textile business says it will rebuild, after flames tore through the "
          "building on Tuesday afternoon. We will not walk away from this town or from the people who have "
          "worked here for generations, managing director Alan Pryce said in a statement read outside the "
          "gates on Wednesday, and he thanked the crews who came from all over the north west. ")
REPORT_A = art("Huge blaze at Barrowford textile mill", LEAD_A + FACTS_A, "Valley Courier", 10)
REPORT_B = art("Owner vows to rebuild after fire guts historic Lancashire works", LEAD_B + FACTS_B,
               "North West Wire", 4)
UNRELATED = ("Pendle council also approved new parking charges for the town centre, and the leisure centre in "
             "Colne will close for repairs in March, a spokesman said. Bus times change from Sunday.")


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_a_report_in_other_words_joins_when_the_whole_texts_tell_the_same_facts(stats: TermStats | None) -> None:
    assert together(group([REPORT_A, REPORT_B, *OTHERS], stats=stats, now=NOW), REPORT_A, REPORT_B)
    # The same titles and leads with the facts taken away: nothing else would have joined them.
    bare_b = replace(REPORT_B, entry_id=REPORT_B.entry_id + 50_000, text=LEAD_B + UNRELATED)
    assert not together(group([REPORT_A, bare_b, *OTHERS], stats=stats, now=NOW), REPORT_A, bare_b)


def test_one_outlets_rewritten_report_of_its_own_story_joins_it_and_its_forum_posts_stay_apart() -> None:
    again = replace(REPORT_B, entry_id=REPORT_B.entry_id + 60_000, source=REPORT_A.source,
                    link="https://valleycourier.test/fire-update")
    result = group([REPORT_A, again, UPS_HELP, UPS_BUYING, *OTHERS], now=NOW)
    assert together(result, REPORT_A, again)
    assert not together(result, UPS_HELP, UPS_BUYING)


def _template(town: str, other: str, amount: str, outlet: str, hours: float):  # noqa: ANN202 - an Article
    body = (f"Work on the {town} bypass will start in the spring and take two years, the county said. The "
            f"bypass will take lorries out of {town} high street, where residents have campaigned for a decade. "
            f"Councillors said the £{amount} scheme would cut journey times, and the county will publish the "
            f"contract next month. Objectors in {other} said the route crosses flood meadows and asked for an "
            f"inquiry. The county said the bypass was the largest road scheme in its history and that the "
            f"£{amount} included a new bridge, two roundabouts and a cycle path beside the river.")
    return art(f"{town} bypass approved at £{amount}", f"The {town} bypass was approved on Tuesday. " + body,
               outlet, hours)


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_one_templates_wording_in_two_towns_is_no_evidence_for_one_story(stats: TermStats | None) -> None:
    # Whole texts alike word for word, but each title names a town the other's text never mentions.
    kelby = _template("Kelby", "Marsh End", "42m", "Shire Post", 3)
    dunmore = _template("Dunmore", "Lowfield", "18m", "Coast News", 5)
    for batch in ([kelby, dunmore, *OTHERS], [kelby, dunmore]):
        assert not together(group(batch, stats=stats, now=NOW), kelby, dunmore)


def test_a_title_that_is_the_outlets_name_is_no_headline() -> None:
    def named(title: str, source: str) -> bool:
        return names_the_outlet(prepare(art(title, "Some text.", source, 1)), source)

    assert named("NPR Search : NPR", "www.npr.org")
    assert named("ABC News", "abcnews.go.com")
    assert named("World news - RT International", "www.rt.com")
    assert named("Acme Gazette", "Acme Gazette")
    assert not named("RT reporter attacked in Kiev", "www.rt.com")
    assert not named("Croydon tram crash", "www.bbc.com")


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_titles_that_say_nothing_carry_no_weight(stats: TermStats | None) -> None:
    # Two outlets' pages titled with their own names, about unrelated things: "News" thrice in
    # each title does not make them one story.
    abc = art("ABC News", "Copyright 2018 ABC News Internet Ventures. External links are provided for reference "
              "purposes only.", "abcnews.test", 2)
    cbs = art("CBS News", OTHERS[1].text, "cbsnews.test", 3)
    assert not together(group([abc, cbs, *OTHERS[2:]], stats=stats, now=NOW), abc, cbs)
    # One outlet's title over two different items (a section's name) joins neither to the other,
    # and the one whose text reports the fire joins the fire's story.
    latest = [art("Valley Courier latest", LEAD_A + FACTS_A, "Valley Courier", 6),
              art("Valley Courier latest", OTHERS[0].text, "Valley Courier", 7)]
    result = group([*latest, REPORT_B, *OTHERS[1:]], stats=stats, now=NOW)
    assert together(result, latest[0], REPORT_B)
    assert not together(result, latest[0], latest[1])


def test_a_links_slug_is_its_words_not_its_ids_or_sections() -> None:
    assert link_slug("http://abc.test/Technology/wireStory/russian-experts-regain-1st-angola-satellite-52044233") == [
        "russian", "experts", "regain", "1st", "angola", "satellite"]
    assert link_slug("https://npr.test/search/index.php?searchinput=Costa+Rica+plane+crash") == [
        "Costa", "Rica", "plane", "crash"]
    assert link_slug("https://post.test/news/d9621528-ecab-11e7-b698-91d4e35920a3_story.html") == []  # an id
    assert link_slug("https://rt.test/on-air/414286/") == []  # a section and a number
    assert link_slug("https://rt.test/on-air/414286/?utm_campaign=morning-news-briefing") == []  # a campaign
    assert link_slug(None) == []


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_a_page_titled_with_its_outlets_name_is_placed_by_its_link(stats: TermStats | None) -> None:
    # The outlet's name over a copyright line: the link is the outlet's own words for the page.
    page = replace(art("Valley News", "Copyright 2018 Valley News Internet Ventures. External links are provided "
                       "for reference purposes only.", "valleynews.test", 5),
                   link="https://valleynews.test/uk/huge-blaze-at-barrowford-textile-mill-1234")
    result = group([REPORT_A, REPORT_B, page, *OTHERS], stats=stats, now=NOW)
    assert together(result, page, REPORT_A)
    # Without such a link it stays alone: a title that says nothing joins nothing.
    bare = replace(page, link="https://valleynews.test/uk/1234")
    assert not together(group([REPORT_A, REPORT_B, bare, *OTHERS], stats=stats, now=NOW), bare, REPORT_A)


@pytest.mark.parametrize("stats", [None, HISTORY], ids=["fresh install", "with history"])
def test_a_slug_an_outlet_gives_to_several_items_names_none_of_them(stats: TermStats | None) -> None:
    # One outlet's readers' photos, each titled with its name and linked under one slug: the slug
    # says no more of each than the title does, so neither joins the report it happens to echo.
    photos = [replace(art("Dale Gazette", text, "Dale Gazette", hours),
                      link=f"https://dalegazette.test/barrowford-textile-mill-photo/?id={hours}")
              for text, hours in (("A heron on the weir at dawn, sent by a reader.", 6),
                                  ("Snowdrops on the canal bank, sent by a reader.", 7))]
    result = group([REPORT_A, *photos, *OTHERS], stats=stats, now=NOW)
    assert not together(result, photos[0], photos[1])
    assert not together(result, photos[0], REPORT_A) and not together(result, photos[1], REPORT_A)


def test_headlines_agree_on_half_a_short_headline_and_not_on_a_name_taken_for_a_word() -> None:
    assert headlines_agree({"bitcoin", "smash"}, {"bitcoin", "slump", "month", "low", "6000"})
    assert not headlines_agree({"bitcoin", "bubbl", "lose", "air", "fraud", "flaw"}, {"bitcoin", "slump", "month", "low"})
    assert headlines_agree({"tram", "derail", "croydon", "seven"}, {"croydon", "tram", "crash"})
    # "Fandford Rowing Club upgraded..." and "...upgrades fraud summit amid ambulance row": "row"
    # is a name in one and a word in the other, so only "upgrad" is shared.
    rowing = {"fandford", "row", "club", "upgrad", "curriculum"}
    dispute = {"puham", "develop", "agenc", "upgrad", "fraud", "summit", "ambul", "row"}
    assert headlines_agree(rowing, dispute)
    assert not headlines_agree(rowing, dispute, {"fandford", "row", "club"}, {"puham", "develop"})


def test_whole_text_terms_travel_with_the_features() -> None:
    feats = prepare(REPORT_A)
    assert isinstance(feats, GroupFeatures)
    assert {"harwood", "okonjo", "a682", "1868"} <= set(feats.body_terms)
    assert pickle.loads(pickle.dumps(feats)).body_terms == feats.body_terms
    assert prepare(replace(REPORT_A, title="")).body_terms == feats.body_terms  # the text's, not the title's
