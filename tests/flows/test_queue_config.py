"""The `queue:` key: checked like every other key, and absent by default (no Redis, nothing imported)."""

from __future__ import annotations

import pytest

from bot.config import parse_config
from bot.errors import ConfigError

FEEDS = "feeds:\n  - http://127.0.0.1:9/feed\n"


def test_no_queue_by_default_and_the_local_pool_has_no_queue():
    from bot.workers import NO_QUEUE, Workers

    assert parse_config(FEEDS).queue is None
    with Workers(1) as workers:
        assert workers.queue is NO_QUEUE


def test_a_queue_url_must_be_redis_and_durations_must_read():
    config = parse_config(FEEDS + "queue:\n  url: redis://10.0.0.5:6379/2\n  wait: 5m\n")
    assert config.queue is not None and config.queue.url == "redis://10.0.0.5:6379/2" and config.queue.wait == "5m"
    with pytest.raises(ConfigError) as bad:
        parse_config(FEEDS + "queue:\n  url: amqp://10.0.0.5/\n", "config.yaml")
    assert "not a Redis URL" in str(bad.value) and "line 4" in bad.value.where
    with pytest.raises(ConfigError) as bad:
        parse_config(FEEDS + "queue:\n  url: redis://h/0\n  wait: soon\n", "config.yaml")
    assert "not a duration" in str(bad.value)
