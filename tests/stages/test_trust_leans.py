"""Session 14's families of what a story-summary sentence leans on that its article's text told before it and no shown
sentence may have told (bot.summarise.known.leans_on, described_again; bot.group.present): a first name alone, a
person's epithet, a pair ("Both men"), a name's short form ("the agency"), a definite subject in other words ("The
affair"). Made-up examples."""

from __future__ import annotations

from bot.group import story_summary
from bot.models import Article, Story
from bot.summarise.known import described_again, leans_on, stands_for, takes_as_known


def _article(n: int, title: str, summary: list[str], text: str) -> Article:
    return Article(n, title, f"https://example.test/{n}", f"outlet{n}", None, text, summary, language="english")


def test_a_first_name_alone_needs_the_sentence_naming_the_person():
    text = "Jan Roe won the Xville marathon on Sunday. Few expected Jan to win. Now Jan will rest until the spring."
    assert leans_on("Now Jan will rest until the spring.", text) == {"Jan"}
    assert leans_on("Jan Roe won the Xville marathon on Sunday.", text) == frozenset()  # (the text's first)
    assert leans_on("Now there will be a rest.", "Jo Roe won. Now there will be a rest.") == frozenset()


def test_an_epithet_or_a_pair_stands_for_the_sentence_before():
    text = ("Pat Quill will coach Ruritania's young players, the federation said. "
            "The American legend arrived in Xville on Monday. Both men met on Tuesday. The 34-year-old, seeded eighth, "
            "lost. The two rival factions met. The rain arrived.")
    for sentence in ("The American legend arrived in Xville on Monday.", "Both men met on Tuesday.",
                     "The 34-year-old, seeded eighth, lost.", "The two rival factions met."):
        assert stands_for(sentence, text), sentence
    assert not stands_for("The rain arrived.", text)
    one = "Kim Dale is out of the Xville Open. The 34-year-old was hurt. Dale said so. The Xville Open starts today."
    assert not stands_for("The 34-year-old was hurt.", one)  # (the lede's one person, named again alone)
    two = "Kim Dale beat Lee Moss at the Xville Open. The 34-year-old was hurt. Dale said so, and Moss agreed."
    assert stands_for("The 34-year-old was hurt.", two)
    assert not stands_for("Pat Quill will coach Ruritania's young players, the federation said.", text)  # (the first)


def test_a_pair_and_a_names_short_form_need_the_sentences_naming_them():
    text = ("Sir Al Penn and Bo Lane were honoured. Mr Lane heads the Widget Licensing Agency. "
            "Both men were giving evidence on the delays facing the agency. The 4410 phone is affected. "
            "Owners find the 4410's screen locked.")
    assert leans_on("Both men were giving evidence on the delays facing the agency.", text) == {"Agency"}
    assert leans_on("Owners find the 4410's screen locked.", text) == {"4410"}
    assert leans_on("They saw the national stadium.", "The Xville National hosts. They saw the national stadium.") \
        == frozenset()  # (an adjective: no name's head word)
    assert leans_on("Owners find the screen locked.", "A story. Owners find the screen locked.") == frozenset()


def test_a_definite_subject_no_earlier_word_names_is_told_in_other_words():
    text = ("The minister denied the claims. A report said the answer was drafted by aides. "
            "The text was released on the eve of the vote.")
    sentence = "The text was released on the eve of the vote."
    assert described_again(sentence, text, takes_as_known(sentence))
    named = "The minister denied the claims about a text. The text was released on the eve of the vote."
    assert not described_again(sentence, named, takes_as_known(sentence))  # (named before: named_before's case)
    assert not described_again("The minister denied the claims.", text, takes_as_known("The minister denied the claims."))


def test_a_story_shows_a_sentence_in_other_words_only_after_the_one_it_stands_for():
    lede = "Ruritania's attorney general has again denied being leant on over the war."
    middle = "A written answer on the war's legality was drafted by aides, critics claim."
    other = "The text was released on the eve of a crucial vote in which MPs backed the war."
    text = " ".join([lede, "He spoke in the Lords on Tuesday for an hour.", middle, other])
    shown = [s for s, _ in story_summary(Story([_article(0, "Attorney general denies being leant on over war",
                                                         [lede, other], text)]), 3)]
    assert lede in shown and other not in shown
    follows = " ".join([lede, middle, other])
    shown = [s for s, _ in story_summary(Story([_article(0, "Attorney general denies being leant on over war",
                                                         [lede, middle, other], follows)]), 3)]
    assert shown == [lede, middle, other]


def test_a_story_shows_an_epithet_only_with_the_persons_full_name():
    lede = "How much do you hate to lose, the new coach asks."
    named = "These are the questions Pat Quill will be asking of Ruritania's young tennis players."
    epithet = "The American legend arrived in Xville on Thursday to announce a long deal with the federation."
    text = " ".join([lede, named, epithet, "Quill said he was delighted with the deal."])
    shown = [s for s, _ in story_summary(Story([_article(0, "Quill to coach Ruritania's tennis players",
                                                         [epithet], text)]), 3)]
    assert epithet not in shown
