"""Config validation: every mistake names the key, the file and the line; the CLI exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_config, parse_config, parse_duration, state_url
from bot.errors import ConfigError

PROJECT = Path(__file__).resolve().parents[2]


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "my.yaml")
    assert info.value.exit_code == 2
    return str(info.value)


def test_shipped_example_config_is_valid():
    config = load_config(PROJECT / "config.yaml")
    assert len(config.feeds) >= 4
    assert all(f.url.startswith("https://") for f in config.feeds)
    for profile in config.profiles.values():
        assert config.feeds_of(profile)


def test_unknown_key_names_key_file_and_line():
    msg = error_of("feeds:\n  - https://a.example/rss\nprofiles:\n  morning:\n    sentenses: 3\n")
    assert "unknown key 'profiles.morning.sentenses'" in msg
    assert "my.yaml, line 5" in msg


def test_wrong_type_names_the_key():
    msg = error_of("feeds:\n  - https://a.example/rss\nprofiles:\n  m:\n    sentences: many\n")
    assert "'profiles.m.sentences'" in msg and "integer" in msg


def test_bad_url_names_the_feed():
    msg = error_of("feeds:\n  - url: https://ok.example/rss\n  - url: feeds.example.com/rss\n")
    assert "'feeds[1].url'" in msg and "line 3" in msg and "http" in msg


def test_unknown_format_and_time_zone():
    assert "'profiles.m.formats[0]'" in error_of("feeds: [https://a.b/c]\nprofiles:\n  m:\n    formats: [pdf]\n")
    assert "IANA" in error_of("feeds: [https://a.b/c]\ntimezone: Mars/Olympus\n")


def test_profile_naming_a_missing_feed():
    msg = error_of("feeds:\n  - url: https://a.b/c\n    name: A\nprofiles:\n  m:\n    feeds: [A, B]\n")
    assert "'B'" in msg and "line 6" in msg


def test_yaml_syntax_error_has_a_line():
    assert "line 2" in error_of("feeds:\n  - [unclosed\n")


def test_missing_feeds_key():
    assert "missing key 'feeds'" in error_of("profiles: {}\n")


def test_durations():
    assert parse_duration("30m").total_seconds() == 1800
    assert parse_duration("2d").days == 2
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_state_location_precedence(tmp_path, monkeypatch):
    config = parse_config("feeds: [https://a.b/c]\nstate: rel.db\n", str(tmp_path / "c.yaml"))
    assert state_url(str(tmp_path / "opt.db"), config).endswith("opt.db")
    monkeypatch.setenv("NEWSDIGEST_HOME", str(tmp_path / "home"))
    assert state_url(None, config) == f"sqlite:///{tmp_path / 'home' / 'state.db'}"
    monkeypatch.delenv("NEWSDIGEST_HOME")
    assert state_url(None, config) == f"sqlite:///{tmp_path / 'rel.db'}"
    assert state_url("postgresql://u@h/db", None) == "postgresql://u@h/db"


def test_cli_config_error_exits_2_with_message(tmp_path, capsys):
    bad = tmp_path / "c.yaml"
    bad.write_text("feeds:\n  - url: https://a.example/rss\n    colour: red\n")
    assert main(["digest", "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: unknown key 'feeds[0].colour'")
    assert str(bad) in err


def test_cli_missing_config_file_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["digest"]) == 2
    assert "no config file found" in capsys.readouterr().err


def test_cli_bad_since_and_bad_feed_url(capsys):
    assert main(["digest", "--feed", "https://a.example/rss", "--since", "yesterday"]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["digest", "--feed", "not-a-url"]) == 2
    assert "not an http" in capsys.readouterr().err


def test_an_ad_hoc_config_is_what_validating_it_makes(tmp_path):
    """`--feed` makes its Config without building a validator (a 304 digest builds none); the objects
    are the ones validating the same feeds would make, down to which fields were given."""
    from bot.config import AD_HOC, Config, ad_hoc_config
    from bot.feedrefs import feed_location

    feed_file = tmp_path / "feed.xml"
    feed_file.write_text("<rss/>", encoding="utf-8")
    urls = [" https://a.example/rss ", str(feed_file), "http://b.example/feed"]
    made = ad_hoc_config(urls)
    (name,) = made.profiles
    assert name.startswith(AD_HOC)
    validated = Config.model_validate({"feeds": [feed_location(u) for u in urls], "profiles": {name: {}}})
    assert made == validated
    assert repr(made) == repr(validated)
    assert made.model_dump() == validated.model_dump()
    assert made.model_fields_set == validated.model_fields_set
    assert [f.model_fields_set for f in made.feeds] == [f.model_fields_set for f in validated.feeds] == [{"url"}] * 3
    assert made.profiles[name].model_fields_set == validated.profiles[name].model_fields_set == set()


def test_defaults_are_what_validating_nothing_makes():
    """The models' default sections are made without validating (on import); they equal validated empty ones."""
    from bot.config import Config, Deliveries, FetchConfig, ProfileConfig, SchedulerConfig

    config = Config.model_validate({"feeds": []})
    assert config.fetch == FetchConfig.model_validate({}) and config.scheduler == SchedulerConfig.model_validate({})
    assert config.profiles == {"default": ProfileConfig.model_validate({})}
    assert config.profiles["default"].deliver == Deliveries.model_validate({})
    assert repr(config) == repr(Config.model_validate({"feeds": [], "fetch": {}, "scheduler": {}, "profiles": {"default": {}}}))


def test_a_bad_ad_hoc_feed_reads_as_before(capsys):
    assert main(["digest", "--feed", "ftp://a.example/rss"]) == 2
    assert capsys.readouterr().err == ("Error: 'ftp://a.example/rss' is not an http:// or https:// URL, nor an existing file "
                                       "(--feed): give a feed's address or a feed file\n")
