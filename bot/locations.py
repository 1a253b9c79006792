"""Where the config file is looked for, in one documented order; where `init` writes one; the home directory;
the cache directory."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

from bot.errors import ConfigError


def home_dir() -> Path:
    """NEWSDIGEST_HOME if set, else the platform's per-user data directory."""
    env = os.environ.get("NEWSDIGEST_HOME")
    return Path(env).expanduser() if env else Path(user_data_dir("newsdigest", appauthor=False))


#: Overrides the cache directory (tests, read-only homes).
CACHE_ENV = "NEWSDIGEST_CACHE"


def cache_dir() -> Path:
    """NEWSDIGEST_CACHE if set, else the platform's per-user cache directory (``~/.cache/newsdigest``):
    what only saves time (the unpacked language model, compiled templates); safe to delete."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path(user_cache_dir("newsdigest", appauthor=False))


def user_config_path() -> Path:
    """The user's own config: ``$XDG_CONFIG_HOME/newsdigest/config.yaml`` (``~/.config/...``) on Linux; where `init` writes."""
    return Path(user_config_dir("newsdigest", appauthor=False)) / "config.yaml"


def config_search_paths() -> list[Path]:
    """Where a config is looked for, in order (after --config): here, NEWSDIGEST_HOME (default: the data
    directory, where older versions looked), then the user's config directory."""
    paths = [Path("config.yaml"), home_dir() / "config.yaml", user_config_path()]
    return list(dict.fromkeys(paths))


def find_config(option: str | None) -> Path:
    """--config if given, else the first config found; the error names every place looked at."""
    if option:
        return Path(option)
    paths = config_search_paths()
    found = next((p for p in paths if p.is_file()), None)
    if found is None:
        raise ConfigError("no config file found", "looked for " + ", ".join(str(p) for p in paths),
                          "run `newsdigest init` to write one, pass --config FILE, or --feed URL for an ad-hoc digest")
    return found
