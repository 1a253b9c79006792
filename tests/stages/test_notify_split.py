"""Splitting a chat message under a service's limits, with Apprise's real plugins (made from URLs, nothing sent)."""

from __future__ import annotations

import apprise
import pytest

from bot.config import NotifyTarget
from bot.deliver.notify import env_names, expand, resume_from, split_message
from bot.errors import ConfigError


def plugin(url: str):
    made = apprise.Apprise.instantiate(url)
    assert made is not None
    return made


def paragraphs(n: int, width: int) -> str:
    return "\n\n".join(f"**[Headline {i}](https://example.org/{i})** · Outlet  \n" + ("word " * width).strip()
                       for i in range(n))


def test_a_short_message_is_one_part_with_the_title_as_given():
    parts = split_message("Morning digest", paragraphs(3, 10), plugin("json://127.0.0.1/hook"), "markdown")
    assert parts == [("Morning digest", paragraphs(3, 10))]


def test_parts_stay_under_the_limit_keep_paragraphs_whole_and_are_numbered():
    ntfy = plugin("ntfy://127.0.0.1/topic")
    body = paragraphs(80, 40)
    parts = split_message("Morning digest", body, ntfy, "text")
    assert len(parts) >= 3
    assert all(len(text) <= ntfy.body_maxlen for _, text in parts)
    assert [title for title, _ in parts] == [f"Morning digest ({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    assert "\n\n".join(text for _, text in parts) == body  # nothing lost, nothing cut inside a paragraph


def test_a_paragraph_longer_than_a_part_is_cut_at_a_word():
    ntfy = plugin("ntfy://127.0.0.1/topic")
    body = "word " * 3000
    parts = split_message("T", body, ntfy, "text")
    assert len(parts) >= 2
    assert all(len(text) <= ntfy.body_maxlen and not text.endswith("wor") for _, text in parts)
    assert " ".join(text for _, text in parts).split() == body.split()


def test_secrets_come_from_the_environment_and_a_missing_one_is_named(monkeypatch):
    target = NotifyTarget(url="tgram://${BOT_TOKEN}/${CHAT}")
    assert env_names(target) == ["BOT_TOKEN", "CHAT"]
    monkeypatch.setenv("BOT_TOKEN", "123:abc")
    with pytest.raises(ConfigError, match="the environment variable CHAT is not set"):
        expand(target, "here")
    monkeypatch.setenv("CHAT", "42")
    assert expand(target, "here") == "tgram://123:abc/42"
    assert NotifyTarget(url="tgram://${BOT_TOKEN}/${CHAT}").kind == target.kind  # the kind ignores the values


def test_progress_stages_say_where_to_carry_on():
    assert resume_from("resume 2/3") == (2, 3)  # part 2 was refused: send it again
    assert resume_from("part 2/3") == (3, 3)  # part 2 was in flight at a crash: counted as sent
    assert resume_from("awaiting-reply") is None and resume_from(None) is None
