"""Session 10's families, each with made-up examples: a lede that states no event (a feature's hook or a scene, a
forecast framed by a vague time) gives way to the lead's sentence that does, and is not shown after it; a reply to
news not yet told, the writer's sentence adverb, the public's interest as the news, the page's picture described,
two sentences run together; and people met only in a sentence not shown (bot.summarise.ledes, openings, known;
bot.group.present)."""

from __future__ import annotations

from bot.group import story_summary
from bot.group.present import HOOKS
from bot.models import Article, Story
from bot.summarise.known import unintroduced
from bot.summarise.ledes import main_clause, no_event, states_event
from bot.summarise.openings import OPENING_FAMILIES, opening_problem


def _article(n: int, title: str, summary: list[str], text: str | None = None) -> Article:
    return Article(n, title, f"https://example.test/{n}", f"outlet{n}", None,
                   text if text is not None else "\n".join(summary), summary, language="english")


def test_a_sentence_naming_nothing_and_telling_no_event_is_no_opening():
    for sentence in ("With winter on its way, hot drinks are back in fashion.",
                     "Every spring a craze sweeps through the playgrounds that puzzles parents.",
                     "Dressed in green paint, dancers stand among the trees of a damp forest.",
                     "While it emerged on Monday that a porter in Xville fell asleep on a train - elsewhere it seems"
                     " there's no rest to be had."):
        assert opening_problem(sentence, lede=True) == "no-event", sentence
        assert opening_problem(sentence) == "no-event", sentence
    for sentence in ("The country's shrinking otter population is getting a helping hand from volunteers.",  # (under way)
                     "The cost of moving house can eat into savings for years, according to research.",  # (a finding)
                     "The rewards of leaving politics are shown in a new register.",  # (a passive: an event)
                     "Acme unveils a phone that folds in three.",  # (it names what it is about)
                     "Hot drinks are back in fashion, a survey of 2,000 people found."):
        assert opening_problem(sentence, lede=True) != "no-event", sentence
    assert "no-event" in OPENING_FAMILIES and "no-event" in HOOKS


def test_the_main_clause_and_the_event_verbs():
    assert main_clause("With winter on its way, hot drinks are back.") == "hot drinks are back."
    assert main_clause("Hot drinks are back, with winter on its way.") == "Hot drinks are back, with winter on its way."
    assert states_event("the river burst its banks") and states_event("the mayor has resigned")
    assert states_event("the trains are running late") and states_event("two men were arrested")
    assert not states_event("hot drinks are back in fashion") and not states_event("dancers stand among the trees")
    assert no_event("Dressed in green paint, dancers stand among the trees.")
    assert not no_event("Dressed in green paint, dancers stood among the trees.")


def test_a_forecast_framed_by_a_vague_time_is_no_opening():
    for sentence in ("Soon, Ruritania will be too old to work.", "One day, Acme robots will cook our dinners.",
                     "In the near future, Xland drivers will be replaced by robots."):
        assert opening_problem(sentence, lede=True) == "forecast", sentence
    assert opening_problem("Soon, Ruritania will be too old to work, a minister warned.", lede=True) != "forecast"
    # a forecast with its date is the news of a forecast, not a vague guess
    assert opening_problem("In ten years, so many Xland drivers will be retired that buses will stop.", lede=True) is None
    assert "forecast" in HOOKS


def test_a_hook_lede_gives_way_to_the_lead_sentence_stating_the_event_and_is_not_shown_after_it():
    hook = "With winter on its way, hot drinks are back in fashion."
    event = "A cat in Xville was filmed licking a frozen fish and getting its tongue stuck on Monday."
    more = "The video of the cat has been watched two million times."
    lead = _article(0, "Cat gets tongue stuck on frozen fish", [hook, event, more])
    shown = [s for s, _ in story_summary(Story([lead]), 3)]
    assert shown[0] == event
    assert hook not in shown
    # with no sentence stating the event, the hook opens nothing: the headline alone says more
    lonely = _article(1, "Hot drinks are back", [hook, "Dressed in green paint, dancers stand among the trees."])
    assert story_summary(Story([lonely]), 3) == []


def test_a_reply_to_news_not_yet_told_is_a_response():
    assert opening_problem("Responding to the plans, the head of the union said the scheme was unworkable.") == "response"
    assert opening_problem("In reaction to the ruling, the mayor said she would appeal.") == "response"
    assert opening_problem("Union leader Jo Roe said on Monday that Acme's plans to close six depots would cost 300"
                           " jobs.") is None


def test_plans_reported_as_what_would_happen_are_no_speculation():
    lede = "Voters would elect their own police chief, under plans unveiled by the Xland Party."
    assert opening_problem(lede, lede=True) is None
    assert opening_problem("Voters would elect their own police chief and pay less tax.", lede=True) == "speculation"


def test_the_writers_sentence_adverb_is_a_verdict():
    for sentence in ("Incredibly, shoppers will be able to buy the old toy for its 1960 price.",
                     "Sadly, the museum will close its doors for good."):
        assert opening_problem(sentence) == "verdict", sentence
    assert opening_problem("Shoppers will be able to buy the old toy for its 1960 price from Saturday.") is None


def test_the_publics_interest_as_the_news_is_buzz():
    assert opening_problem("The feverish obsession with the Match of the Year has reached the point where every"
                           " meal of both players is photographed.", lede=True) == "buzz"
    assert opening_problem("The two players met in Xville on Saturday and shook hands.", lede=True) is None


def test_the_pages_picture_described_is_no_opening_but_a_lede_may_be():
    sentence = "The agency released a graphic showing where water has been found on the moons of Saturn."
    assert opening_problem(sentence) == "illustration"
    assert opening_problem(sentence, lede=True) is None  # (the outlet led with it: the news)
    assert opening_problem("Alba shared a picture of her son on Instagram.") != "illustration"


def test_two_sentences_run_together_are_no_opening():
    assert opening_problem("The cat licks the fish and has a taste Like the famous film scene, the cat sticks to"
                           " it.") == "glued"
    assert opening_problem("The cat licked the fish in The Times office on Monday.") != "glued"


def test_a_first_name_or_a_name_introduced_in_a_sentence_not_shown_is_unintroduced():
    text = ("A lamb born on a farm near Xville weighed 20lbs, and the farmers named him Big Tom.\n"
            "Ewe Sal is an experienced mother but Tom is twice the weight of his brothers.\n"
            "The record is held by Bruno, nicknamed 'Woolly', who was born in 2009.\n"
            "Bruno was spared the chop because of his size.\n"
            "The artwork is the work of Jorg Berner, a 49-year-old artist.\n"
            "Jorg has been painting for 20 years.")
    assert unintroduced("Ewe Sal is an experienced mother but Tom is twice the weight of his brothers.", text) \
        == frozenset({"Tom"})
    assert unintroduced("Bruno was spared the chop because of his size.", text) == frozenset({"Bruno"})
    assert unintroduced("Jorg has been painting for 20 years.", text) == frozenset({"Jorg"})
    assert unintroduced("The record is held by Bruno, nicknamed 'Woolly', who was born in 2009.", text) == frozenset()
    # a summary's sentence from beyond the text read names someone the reader never met
    assert unintroduced("Goliath was born in a field.", text) == frozenset({"Goliath"})
    assert unintroduced("Goliath was born in a field.", text + "\nGoliath was born in a field.") == frozenset()
    # a place after a preposition is no person; the text's first sentence has nobody before it
    assert unintroduced("Flooding hit the town and in Xville is worst.", "Rain fell on East Xville.\n"
                        "Flooding hit the town and in Xville is worst.") == frozenset()
    assert unintroduced("New images of Acme's phone have leaked.", "New images of Acme's phone have leaked.\n"
                        "Boss Jo Acme said nothing.") == frozenset()
