"""Session 11's families, each with made-up examples: what a sentence takes from the one before it (a placing without
its winner, a time counted from a moment not given, "We" as the speaker, a match by its result, a pronoun after a
time), a person by kin or role as a story's first line, a nickname never tied to a name, a surname after a title
("Mr Roe was ..."), a travel piece's portrait of its subject, a guess the lede gives a cause for, a count glued after
a caption and the items of a numbered list (bot.summarise.anchors, ledes, known, openings, glue, screen)."""

from __future__ import annotations

from bot.group import story_summary
from bot.models import Article, Story
from bot.summarise import screen_sentences
from bot.summarise.anchors import (
    nickname,
    person_as_known,
    placing,
    pronoun_after_time,
    relative_time,
    result_as_known,
    unnamed_speaker,
)
from bot.summarise.glue import list_items, split_at_count
from bot.summarise.known import unintroduced
from bot.summarise.openings import OPENING_FAMILIES, needs_before, opening_problem


def _article(n: int, title: str, summary: list[str], text: str | None = None) -> Article:
    return Article(n, title, f"https://example.test/{n}", f"outlet{n}", None,
                   text if text is not None else "\n".join(summary), summary, language="english")


def test_a_placing_without_its_winner_needs_the_sentence_before():
    assert placing("Xland's Jo Roe was second, with Yland's Al Poe in third.")
    assert needs_before("Xland's Jo Roe was second, with Yland's Al Poe in third.")
    assert not placing("Jo Roe finished fourth in the 60m hurdles at the Xville meeting.")  # (one place: the news)
    assert not placing("Al Poe won the race, with Jo Roe second and Bo Lee in third.")  # (the winner is there)
    assert not placing("He threw a wild pitch with runners on second and third.")  # (bases, not places)


def test_a_time_counted_from_a_moment_not_given_needs_the_sentence_before():
    for sentence in ("The Xville star returned to the city 12 months later, lowering her record by a minute.",
                     "Two days later, police found the car in a field.", "The next day, in Yville, a van hit a wall.",
                     "An hour later, Roe was still sitting on the grounded plane.",
                     "Three weeks later the Xville Times printed a photograph of the wreck."):  # (no comma: the same)
        assert relative_time(sentence) and needs_before(sentence), sentence
    for sentence in ("She was arrested in May and released two days later.",  # (the moment is in the sentence)
                     "When the tenth inning began, the Cubs scored three runs.",
                     "Shoppers will spend $20 billion a year on the devices by 2021.",
                     "Two years later than planned the bridge opened on 4 May 2004.",  # (a delay, dated in the sentence)
                     "The next day is the deadline for bids."):  # (no comma: "the next day" as the subject)
        assert not relative_time(sentence), sentence


def test_we_opening_a_sentence_is_a_speaker_another_sentence_names():
    assert unnamed_speaker("We've called for the state pension to be increased to £105.") and needs_before(
        "We've called for the state pension to be increased to £105.")
    assert unnamed_speaker("We are challenging the use of the act in the High Court.")
    assert not unnamed_speaker("Weather forecasters expect snow on Monday.")
    assert not unnamed_speaker("Our young Earth may have hit a planet, says a new paper.")  # ("our": everyone's)


def test_a_match_named_by_its_result_and_a_pronoun_after_a_time_need_the_sentence_before():
    assert result_as_known("Jo Roe and Al Poe had a miserable time with the boot in the dire defeat to Xland.")
    assert not result_as_known("Roe missed the 2-1 win over Yville last week with a calf injury.")  # (dated)
    assert pronoun_after_time("This week he purchased two cameras and a lens.")
    assert pronoun_after_time("Last year she was named the fan of the year.")
    assert not pronoun_after_time("This week the council purchased two buses.")
    assert needs_before("This week he purchased two cameras and a lens.")


def test_a_person_by_kin_or_role_cannot_open_a_story_unless_it_is_the_lede():
    for sentence in ("The father created a photo series in which the toddler appears to fly.",
                     "The Xville star returned to the city a year later.", "The 31-year-old won the race in 2002."):
        assert person_as_known(sentence), sentence
        assert opening_problem(sentence) in ("person", "points-back"), sentence
    assert opening_problem("The father created a photo series in which the toddler appears to fly.", lede=True) is None
    assert not person_as_known("The man who found the hoard has been given a reward.")  # (introduced right there)
    assert not person_as_known("The council approved the plan on Monday.")
    assert "person" in OPENING_FAMILIES
    # under a headline naming a father, the father's sentence does not open the story: the one naming him does
    father = "The father created a photo series in which the toddler appears to fly."
    lead = _article(0, "Father makes son fly in photo series",
                    ["When Jo Roe learned that his son Wil had a rare condition, his mind was flooded with fears.",
                     father, "Photographer Jo Roe posted the series of photos of his son on his blog."])
    shown = [s for s, _ in story_summary(Story([lead]), 3)]
    assert shown and shown[0] != father


def test_a_nickname_never_tied_to_a_name_is_unintroduced():
    text = "The Tykes have brought in a prop from Xville on loan.\nYville: Roe; Poe, Lee."
    assert nickname("The Tykes have brought in a prop from Xville on loan.", "", text[53:]) == "Tykes"
    assert unintroduced("The Tykes have brought in a prop from Xville on loan.", text) == {"Tykes"}
    # the text names them otherwise (the singular, the name again elsewhere): introduced
    assert nickname("The Conservatives have pledged to cut tax.", "Conservative MPs met.", "") is None
    assert nickname("The Cubs won.", "The Chicago Cubs played.", "") is None
    assert nickname("The council met.", "", "") is None


def test_a_surname_after_a_title_is_unintroduced_whatever_follows():
    text = "Ex-minister Alan Roe earned £85,000 from speeches.\nMr Roe was away from the front bench for a year."
    assert unintroduced("Mr Roe was away from the front bench for a year.", text) == {"Roe"}
    assert unintroduced("Mr Roe was away from the front bench for a year.",
                        "Mr Roe was away from the front bench for a year.") == frozenset()  # (nobody named before)
    # an age before a capitalised word is no title: "68-year-old Xville man"
    assert unintroduced("A 68-year-old Xville man was hurt.", "Jo Xville spoke.\nA 68-year-old Xville man was hurt.") \
        == frozenset()
    # a bare surname opening a clause after a phrase: "After ..., Roe decided"
    text = "When photographer Alan Roe learned of it, he smiled.\nAfter receiving praise, Roe decided to sell prints."
    assert unintroduced("After receiving praise, Roe decided to sell prints.", text) == {"Roe"}


def test_a_portrait_of_its_subject_is_no_event():
    sentence = "Famed for its cuisine, rural landscapes and vibrant cities, Xland offers an undisputed sensory overload."
    assert opening_problem(sentence, lede=True) == "no-event"
    assert opening_problem("Famous for its cheese, the town remains a magnet for tourists.", lede=True) == "no-event"
    assert opening_problem("Known for its beaches, the island was hit by a storm on Monday.", lede=True) != "no-event"
    assert opening_problem("Known as the Iron Lady, Jo Roe died in 2013.", lede=True) != "no-event"


def test_a_lede_guessing_at_what_follows_from_an_event_it_tells_is_no_speculation():
    lede = "Xland's biggest mobile firm could pull out of a $3bn deal after MPs there slashed its stake in the project."
    assert opening_problem(lede, lede=True) is None
    assert opening_problem("Xland's biggest mobile firm could pull out of a $3bn deal to build a network.",
                           lede=True) == "speculation"
    assert opening_problem(lede) == "speculation"  # (further down, the writer's guess)


def test_a_count_opening_a_sentence_is_cut_from_the_caption_glued_before_it():
    glued = "Jo Roe, 48, lost his case at the Court of Appeal Millions of motorists face higher parking fines."
    assert split_at_count(glued) == ["Jo Roe, 48, lost his case at the Court of Appeal",
                                     "Millions of motorists face higher parking fines."]
    assert split_at_count("The show was seen by millions of viewers in Xland.") == [
        "The show was seen by millions of viewers in Xland."]
    screened = screen_sentences(glued + " The judges said the fine was fair.")
    assert [s.reason for s in screened][:2] == ["caption", None]
    assert screened[1].text == "Millions of motorists face higher parking fines."


def test_items_of_a_numbered_list_are_not_shown():
    line = ("He does not like ketchup on hot dogs but uses BBQ sauce 5. A guilty pleasure is playing cards with his "
            "friends every night of the week. 6. The movie Troy is one he likes to watch over and over again. "
            "7. Every juice he drinks during camp is made from scratch by his own chef.")
    reasons = {s.text[:12]: s.reason for s in screen_sentences(line)}
    assert reasons["A guilty ple"] == "list item" and reasons["The movie Tr"] == "list item"
    assert reasons["Every juice "] == "list item"
    moved, items = list_items(["It rained on day 1.", "It was dry on day 2."], "It rained on day 1. It was dry on day 2.")
    assert items == set()  # (prose counting days is no list)
    assert all(s.reason is None for s in screen_sentences("The firm cut 500 jobs in 2019. It hired 200 in 2020."))


def test_a_pronoun_speaker_with_another_speech_verb_is_a_pronoun_quote():
    assert screen_sentences("'One of the worst things I have ever seen on a cricket field,' he raged on air.")[0] \
        .reason == "pronoun quote"
