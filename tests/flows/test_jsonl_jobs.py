"""summarize/extract --jsonl with several processes: the same lines, in input order, as one process gives."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_cli_process

pytestmark = pytest.mark.slow

TOWNS = ["Ashvale", "Pellon", "Westhaven", "Marlow", "Dunmore", "Kelby"]


def _lines() -> str:
    rows: list[str] = []
    for i in range(40):
        town = TOWNS[i % len(TOWNS)]
        if i % 9 == 4:
            rows.append(json.dumps({"id": i}))  # no text: an error line, in its place
        elif i % 13 == 7:
            rows.append("{not json")
        else:
            rows.append(json.dumps({"id": i, "text": (
                f"The council of {town} approved a budget of {i + 2} million pounds on Monday after a long debate. "
                f"The plan pays for {i + 3} new classrooms and the repair of the old bridge over the river. "
                f"Critics in {town} said the vote was rushed and that the villages were left out again. "
                "The mayor said the budget would be reviewed in the spring, when the figures are known.")}))
    return "\n".join(rows) + "\n"


def test_jobs_give_the_same_lines_in_the_same_order(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(_lines(), encoding="utf-8")
    one = run_cli_process("summarize", "--jsonl", "--jobs", "1", "--sentences", "2", str(source), home=tmp_path)
    two = run_cli_process("summarize", "--jsonl", "--jobs", "2", "--sentences", "2", str(source), home=tmp_path)
    assert one.returncode == two.returncode == 1  # some lines were bad
    assert two.stdout == one.stdout
    out = [json.loads(line) for line in two.stdout.splitlines()]
    assert len(out) == 40
    assert [o["id"] for o in out if o["id"] is not None] == [i for i in range(40) if i % 13 != 7]
    assert sum("summary" in o for o in out) == 40 - sum(1 for i in range(40) if i % 9 == 4 or i % 13 == 7)
    assert "Traceback" not in two.stderr


def test_extract_jobs_match_one_process(tmp_path):
    pages = [json.dumps({"id": i, "html": (
        f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
        + "".join(f"<p>Paragraph {j} of story {i} tells what the council of {TOWNS[i % 6]} decided on Monday,"
                  " and why the vote mattered to the people who live there.</p>" for j in range(6))
        + "</article></body></html>")}) for i in range(12)]
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join(pages) + "\n", encoding="utf-8")
    one = run_cli_process("extract", "--jsonl", "--jobs", "1", str(source), home=tmp_path)
    two = run_cli_process("extract", "--jsonl", "--jobs", "2", str(source), home=tmp_path)
    assert one.returncode == two.returncode == 0, two.stderr
    assert two.stdout == one.stdout
    assert [json.loads(line)["title"] for line in two.stdout.splitlines()] == [f"Story {i}" for i in range(12)]


def test_jobs_must_be_a_positive_number(tmp_path):
    ran = run_cli_process("summarize", "--jsonl", "--jobs", "0", home=tmp_path)
    assert ran.returncode == 2
    assert "at least 1" in ran.stderr
