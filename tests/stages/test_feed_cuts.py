"""Feed text as it is served: HTML line breaks in a text run (bot.extract.html) and a teaser's cut mark
(bot.text.teasers). Both families were written from the development part of the real-feeds set
(benchmarks/digest_sentences.py --feeds); the cases here are made up in the same shapes."""

from __future__ import annotations

import pytest

from bot.extract import html_to_text
from bot.text.teasers import trim_cut

# -- HTML text flows: a source line break is a space ------------------------------------------


@pytest.mark.parametrize("html, expected", [
    # a hard-wrapped paragraph stays one paragraph, one sentence
    ("<p>The council is pleased to announce the second update of its\nbudget plan (codename <q>oak</q>).</p>",
     "The council is pleased to announce the second update of its budget plan (codename oak)."),
    # markup without blocks, wrapped and indented
    ("The mayor spoke with the historian, who published the letter of a\n      local shipyard.",
     "The mayor spoke with the historian, who published the letter of a local shipyard."),
    # a blank line between runs is a paragraph break still
    ("First paragraph says <b>this</b>.\n\nSecond paragraph says that.",
     "First paragraph says this.\n\nSecond paragraph says that."),
])
def test_html_line_breaks_are_spaces(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_markup_breaks_lines_and_pre_keeps_its_own() -> None:
    assert html_to_text("<p>One line here.</p><p>Another line\nwrapped.</p>") == "One line here.\n\nAnother line wrapped."
    assert "a = 1\nb = 2" in html_to_text("<p>The code reads as follows in full.</p><pre>a = 1\nb = 2</pre>")


def test_br_still_breaks() -> None:
    assert html_to_text("Harbour closes at noon.<br>Ferries resume tomorrow.") == \
        "Harbour closes at noon.\n\nFerries resume tomorrow."


# -- a teaser's cut mark -----------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    # after a finished sentence the mark only says "more"
    ("The agency approved the new bridge plan.…", "The agency approved the new bridge plan."),
    ("The agency approved the new bridge plan. [...]", "The agency approved the new bridge plan."),
    # an unfinished last sentence goes when whole sentences come before it
    ("The agency approved the plan on Monday. Residents who had objected to the route said they were consid...",
     "The agency approved the plan on Monday."),
    ("The agency approved the plan on Monday.\nResidents who had objected said they [...]",
     "The agency approved the plan on Monday."),
    # a fragment that is all there is stays, cut back to its last whole word and marked
    ("The agency approved the plan and residents who had objected said they were consid...",
     "The agency approved the plan and residents who had objected said they were…"),
    ("The agency approved the plan and residents who had objected said they were ...",
     "The agency approved the plan and residents who had objected said they were…"),
    # a multi-byte character cut in half
    ("The agency approved the plan and residents who had objected said they were consid\ufffd",
     "The agency approved the plan and residents who had objected said they were…"),
    # whole sentences that are only an aside say nothing: the fragment stays behind them
    ("(Photo: city archive). The agency approved the plan and residents who had objected said they were consid...",
     "(Photo: city archive). The agency approved the plan and residents who had objected said they were…"),
])
def test_cut_marks(text: str, expected: str) -> None:
    assert trim_cut(text) == expected


@pytest.mark.parametrize("text", [
    "The agency approved the plan.",
    "Schools, clinics ... the agency approved them all.",  # the writer's ellipsis, inside the text
    "...",  # nothing before the mark: left alone
    "",
])
def test_texts_without_a_cut_are_unchanged(text: str) -> None:
    assert trim_cut(text) == text
