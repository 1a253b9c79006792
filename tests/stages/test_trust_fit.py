"""Session 15's fit of a story-summary sentence, each family with made-up texts (bot.group.fit): a quotation with no
speaker of its own is shown only right after the sentence introducing its speaker; a sentence of an article other
than the lead leans on its own article (an epithet as its subject), waits for a shown sentence naming what it takes
as known, and cannot be placed in time when its article is from another day."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.group import story_summary
from bot.group.fit import attributed, introduces_speaker, mostly_quote, own_context, tail, undatable
from bot.models import Article, Story

NOW = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)


def _article(n: int, title: str, summary: list[str], text: str, published: datetime | None = NOW) -> Article:
    return Article(n, title, f"https://example.test/{n}", "outlet1", published, text, summary, language="english")


@pytest.mark.parametrize("sentence", [
    '"No more cuts to our hospitals, not now and not ever," one banner.',
    '“We have waited ten years for this and we will wait no longer” - everywhere.',
    '"It is a disgrace." "An absolute disgrace, and they know it."',
])
def test_a_quote_with_no_attribution_is_a_quote_nobody_said(sentence):
    assert mostly_quote(sentence) and not attributed(sentence)


@pytest.mark.parametrize("sentence", [
    '"It is a disgrace, an absolute disgrace," said one shopper in the town centre.',
    'Union leader Jane Roe told the crowd: "We have waited ten years for this and we will wait no longer."',
    '"The cuts will go ahead as planned," according to the board.',
    'He recalls how a friend once advised him: "Never stand for election in the winter, nobody comes out."',
    '"You can call it a peace dividend for the whole town," smiles one stallholder.',
])
def test_a_quote_with_its_speaker_is_attributed(sentence):
    assert mostly_quote(sentence) and attributed(sentence)


@pytest.mark.parametrize("sentence", [
    "The health board said the cuts were needed to balance its books by the end of the year.",
    'The plan, which critics call "a disgrace", will close two wards in Xville by the summer.',
])
def test_a_sentence_with_a_short_quotation_is_no_quote(sentence):
    assert not mostly_quote(sentence)


def test_the_sentence_introducing_a_speaker():
    assert introduces_speaker("Thousands marched through Xville, where the placards read:")
    assert introduces_speaker("Nurse Jane Roe told the BBC the cuts would cost lives.")
    assert not introduces_speaker("Thousands marched through Xville on Saturday against the hospital cuts.")


def test_an_unattributed_quote_is_shown_only_after_its_speaker():
    lede = "Thousands of people marched through Xville on Saturday against plans to close two hospital wards."
    plain = "The march ended at the town hall, where councillors were due to meet later in the day."
    quote = '"No more cuts to our hospitals, not now and not ever, not in Xville or anywhere," one banner.'
    text = "\n".join([lede, f"{plain} {quote}"])
    shown = [s for s, _ in story_summary(Story([_article(1, "Thousands march against ward closures",
                                                         [lede, plain, quote], text)]))]
    assert shown[0] == lede and quote not in shown  # (the sentence before it says nobody speaks)
    introducer = "Nurse Jane Roe, who led the march, told the crowd at the town hall what the cuts would mean."
    text = "\n".join([lede, f"{plain} {introducer} {quote}"])
    shown = [s for s, _ in story_summary(Story([_article(1, "Thousands march against ward closures",
                                                         [lede, introducer, quote], text)]))]
    assert quote in shown and shown[shown.index(quote) - 1] == introducer


def test_another_articles_epithet_leans_on_its_own_article():
    assert own_context("The 31-year-old American, seeded fourth, lost the first set to a qualifier.", "english")
    assert own_context("Both men were giving evidence to the committee in Xville.", "english")
    assert not own_context("The satellite failed to send data after it separated from the rocket.", "english")
    lead_text = ("Jane Roe has pulled out of the Xville Open with a knee injury.\n"
                 "Roe was trailing 5-6 in the first set of her match against Ann Poe when she stopped.")
    epithet = "The 31-year-old American, seeded fourth, made a poor start before winning in three sets."
    other_text = f"Mary Doe won her first match in Yland.\n{epithet} Afterwards a tired Doe said she was happy."
    lead = _article(1, "Roe pulls out of Xville Open", lead_text.splitlines(), lead_text)
    other = _article(2, "Doe through in Yland", [epithet], other_text)
    shown = [s for s, _ in story_summary(Story([lead, other]))]
    assert shown[0] == lead_text.splitlines()[0]
    assert epithet not in shown  # (its own article's lede, not shown, says whom it means)


def test_another_articles_day_from_another_date_cannot_be_placed():
    assert undatable("The talks broke down yesterday after six hours.", NOW - timedelta(days=5), NOW)
    assert not undatable("The talks broke down yesterday after six hours.", NOW - timedelta(hours=6), NOW)
    assert not undatable("The talks broke down on Monday after six hours.", NOW - timedelta(days=2), NOW)
    assert not undatable("The talks broke down in March after six hours.", NOW - timedelta(days=5), NOW)
    lead_text = "Xland and Yland have agreed a deal on fishing rights after a year of talks."
    old = "Negotiators said this week that 40 trawlers from Yland would be allowed into the northern bay."
    other = f"Talks between Xland and Yland on fishing rights have gone into a second day. {old}"
    lead = _article(1, "Xland and Yland agree fishing deal", [lead_text], lead_text)
    shown = [s for s, _ in story_summary(Story([lead, _article(2, "Fishing deal close", [old], other,
                                                                NOW - timedelta(days=6))]))]
    assert old not in shown
    shown = [s for s, _ in story_summary(Story([lead, _article(2, "Fishing deal close", [old], other,
                                                                NOW - timedelta(hours=3))]))]
    assert old in shown


@pytest.mark.parametrize("sentence", [
    "stretched her unbeaten record to 25 races as she won the 200m title in Xville.",
    "also won, improving his season-leading time to 7.51 seconds.",
    '"economic power to the region\'s future after the elections."',
])
def test_a_piece_opening_in_lower_case_is_a_sentences_tail(sentence):
    assert tail(sentence)


@pytest.mark.parametrize("sentence", [
    "iPod sales rose by a fifth in the first three months of the year, Xcorp said.",
    "eBay said it would buy the rival auction site for $2bn.",
    "Jane Roe stretched her unbeaten record to 25 races in Xville.",
    "2004 was the warmest year on record in Yland.",
])
def test_a_sentence_or_a_brand_is_no_tail(sentence):
    assert not tail(sentence)


def test_a_tail_is_never_shown():
    lede = "Jane Roe won the 200m at the Xville indoor meeting on Saturday in a season's best time."
    piece = "stretched her unbeaten record to 25 races as she won the 60m title easily in Xville."
    text = f"{lede}\nThe Ylander\n{piece}"
    shown = [s for s, _ in story_summary(Story([_article(1, "Roe wins in Xville", [lede, piece], text)]))]
    assert shown == [lede]
