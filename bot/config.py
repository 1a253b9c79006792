"""Load ``config.yaml`` into typed, frozen objects; every mistake names the key, the file and the line."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.config_errors import explain as _explain
from bot.config_errors import line_of as _line_of
from bot.errors import ConfigError
from bot.feedrefs import FOLDER_PREFIX, check_feed_url, clean_folder, feed_location, in_folder
from bot.keywords import compile_keywords
from bot.locations import home_dir
from bot.models import FeedSource

FORMATS = ("markdown", "html", "text")
USER_AGENT = "newsdigest/{version} (+https://pypi.org/project/newsdigest/; feed reader)"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_UNIT = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str | int | float) -> timedelta:
    """'30m', '24h', '2d', '1w' (or a number of hours) → timedelta; the one format used in config and CLI."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return timedelta(hours=text)
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration; write it like 30m, 24h, 2d or 1w")
    return timedelta(seconds=float(match.group(1)) * _UNIT[match.group(2).lower()])


def check_url(url: str) -> str:
    """A feed URL must be absolute http(s) with a host; anything else is a typo we can name now."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http:// or https:// URL")
    return url.strip()


#: The shortest retention: grouping fits its term statistics on the last 30 days of articles.
RETENTION_MIN = timedelta(days=30)


class _Strict(BaseModel):
    # Each model's validator is built when it first validates, not on import: a `digest --feed URL`
    # validates nothing (ad_hoc_config), and a file validates the whole Config (the models inside it too) at once.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class FeedConfig(_Strict):
    url: str
    name: str | None = None
    folder: str | None = Field(None, description="folder path such as World/Europe (from OPML); profiles can name 'folder:World'")
    language: str | None = None
    sentences: int | None = Field(None, ge=1, le=20, description="summary length for this feed (overrides the profile)")
    words: int | None = Field(None, ge=5, description="word budget for this feed's summaries (overrides the profile)")

    _url = field_validator("url")(classmethod(lambda cls, v: check_feed_url(v)))
    _folder = field_validator("folder")(classmethod(lambda cls, v: clean_folder(v)))

    def source(self) -> FeedSource:
        return FeedSource(url=self.url, name=self.name)


class FetchConfig(_Strict):
    """How politely and how patiently we talk to other people's servers."""

    timeout: float = Field(20.0, gt=0, description="seconds per request, all of it: connect, headers, body, redirects")
    max_bytes: int = Field(10_000_000, gt=0, description="largest feed or page body, as sent and once decompressed")
    max_redirects: int = Field(5, ge=0)
    concurrency: int = Field(8, ge=1, le=64, description="feeds and pages fetched at once")
    per_host: int = Field(2, ge=1, le=16, description="pages fetched at once from one host")
    user_agent: str | None = None
    teaser_words: int = Field(80, ge=0, description="feed text shorter than this is a teaser: fetch the page")
    fetch_pages: bool = True


_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def _check_address(value: str) -> str:
    """'me@example.org' or 'Name <me@example.org>'."""
    inner = value.strip()
    if inner.endswith(">") and "<" in inner:
        inner = inner[inner.rindex("<") + 1 : -1]
    if not _ADDRESS.match(inner):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value.strip()


def _check_keywords(patterns: list[str]) -> list[str]:
    """Words or phrases, or /regular expressions/; a broken expression is named now, not at 7 a.m."""
    compile_keywords(patterns)
    return patterns


def _check_duration(value: str) -> str:
    parse_duration(value)
    return value


class EmailDelivery(_Strict):
    """Send the digest as one multipart/alternative e-mail through the configured mailer."""

    to: list[str] = Field(min_length=1)
    subject: str = "{{ title }}: {{ count }} {{ 'story' if count == 1 else 'stories' }}, {{ date }}"

    _to = field_validator("to")(classmethod(lambda cls, v: [_check_address(a) for a in v]))


class AtomDelivery(_Strict):
    """An Atom feed file of the most recent digests, for a feed reader to subscribe to."""

    path: str
    keep: int = Field(20, ge=1, le=500)


_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class NotifyTarget(_Strict):
    """An Apprise URL (a plain string in YAML); secrets from the environment as for mail: ``${NAME}`` or ``url_env``."""

    url: str | None = None
    url_env: str | None = None

    _plain = model_validator(mode="before")(lambda v: {"url": v} if isinstance(v, str) else v)

    def model_post_init(self, _context: Any) -> None:
        if (self.url is None) == (self.url_env is None) or "${" in _ENV.sub("", u := self.url or "://") or "://" not in u:
            raise ValueError("write an Apprise URL such as ntfys://ntfy.sh/topic (a secret as ${NAME}), or url_env: NAME")

    @property
    def kind(self) -> str:  # for the outbox: the URL as written (secrets unexpanded), so one delivery per digest and target
        return "notify:" + hashlib.sha256((self.url or "$" + str(self.url_env)).encode()).hexdigest()[:12]


class Deliveries(_Strict):
    """Where a profile's digests go; any combination."""

    email: EmailDelivery | None = None
    directory: str | None = None
    atom: AtomDelivery | None = None
    stdout: bool = False
    notify: list[NotifyTarget] = []

    def kinds(self) -> list[str]:
        return [k for k in ("email", "directory", "atom", "stdout") if getattr(self, k)] + [t.kind for t in self.notify]


class MailConfig(_Strict):
    """The SMTP server. The password never lives in this file: name an environment variable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    host: str
    port: int | None = Field(None, ge=1, le=65535)
    security: Literal["starttls", "tls", "plain"] = "starttls"
    username: str | None = None
    password_env: str | None = None
    sender: str = Field(alias="from")
    timeout: float = Field(30.0, gt=0)
    max_html_bytes: int = Field(100_000, ge=10_000, description="Gmail clips HTML mail beyond ~102 KB")

    _sender = field_validator("sender")(classmethod(lambda cls, v: _check_address(v)))

    @property
    def effective_port(self) -> int:
        return self.port or {"starttls": 587, "tls": 465, "plain": 25}[self.security]


class SchedulerConfig(_Strict):
    """The daemon's rhythm."""

    collect_every: str = "30m"
    catch_up_grace: str = "6h"

    _durations = field_validator("collect_every", "catch_up_grace")(classmethod(lambda cls, v: _check_duration(v)))

    @property
    def collect_every_delta(self) -> timedelta:
        return parse_duration(self.collect_every)

    @property
    def catch_up_grace_delta(self) -> timedelta:
        return parse_duration(self.catch_up_grace)


class QueueConfig(_Strict):
    """Article work as tasks on a Redis broker (bot.queue, the ``queue`` extra); absent: the local pool."""

    url: str = Field(description="the broker, redis://host:6379/0")
    wait: str = Field("15m", description="how long a digest waits for its queued articles; the rest it prepares itself")
    redeliver_after: str = Field("1m", description="a worker silent this long is taken for dead; its tasks go to another")

    _durations = field_validator("wait", "redeliver_after")(classmethod(lambda cls, v: _check_duration(v)))

    @field_validator("url")
    @classmethod
    def _redis(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"{value!r} is not a Redis URL such as redis://127.0.0.1:6379/0")
        return value


class ProfileConfig(_Strict):
    """One digest: which feeds, how long summaries are, what it produces, when, and where it goes."""

    title: str | None = None
    feeds: list[str] | Literal["all"] = "all"
    sentences: int = Field(3, ge=1, le=20)
    words: int | None = Field(None, ge=5, description="a word budget per summary instead of a sentence count")
    formats: list[Literal["markdown", "html", "text"]] = ["markdown"]
    schedule: str | None = None
    timezone: str | None = None
    first_run_window: str = "24h"
    max_stories: int | None = Field(None, ge=1)
    include: list[str] = []
    exclude: list[str] = []
    story_half_life: str = "24h"
    deliver: Deliveries = Deliveries.model_construct()  # (defaults: valid by definition, so not validated on import)
    send_empty: bool = False

    _window = field_validator("first_run_window", "story_half_life")(classmethod(lambda cls, v: _check_duration(v)))
    _keywords = field_validator("include", "exclude")(classmethod(lambda cls, v: _check_keywords(v)))
    _zone = field_validator("timezone")(classmethod(lambda cls, v: v if v is None else _check_zone(v)))

    @property
    def first_run_window_delta(self) -> timedelta:
        return parse_duration(self.first_run_window)

    @property
    def story_half_life_delta(self) -> timedelta:
        return parse_duration(self.story_half_life)

    @property
    def include_patterns(self) -> list[re.Pattern[str]]:
        """``include`` compiled (validated when the config was read, so this cannot fail)."""
        return compile_keywords(self.include)

    @property
    def exclude_patterns(self) -> list[re.Pattern[str]]:
        return compile_keywords(self.exclude)


def _check_zone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Lisbon or UTC") from None
    return value


class Config(_Strict):
    """The whole file. ``path`` is where it came from, for messages."""

    feeds: list[FeedConfig]
    profiles: dict[str, ProfileConfig] = {"default": ProfileConfig.model_construct()}
    state: str | None = None
    templates: str | None = None
    timezone: str = "UTC"
    fetch: FetchConfig = FetchConfig.model_construct()
    mail: MailConfig | None = None
    scheduler: SchedulerConfig = SchedulerConfig.model_construct()
    queue: QueueConfig | None = None
    retention: str = Field("90d", description="how long articles keep their text in the state database")
    path: str | None = Field(None, exclude=True)

    @field_validator("feeds", mode="before")
    @classmethod
    def _url_strings(cls, value: Any) -> Any:
        """Let a feed be written as a bare URL."""
        if isinstance(value, list):
            return [{"url": v} if isinstance(v, str) else v for v in value]
        return value

    _zone = field_validator("timezone")(classmethod(lambda cls, v: _check_zone(v)))

    @field_validator("retention")
    @classmethod
    def _retention(cls, value: str) -> str:
        _check_duration(value)
        if parse_duration(value) < RETENTION_MIN:
            raise ValueError(f"{value!r} is too short: grouping compares new articles with the last "
                             f"{RETENTION_MIN.days} days, so keep at least {RETENTION_MIN.days}d")
        return value

    @property
    def retention_delta(self) -> timedelta:
        return parse_duration(self.retention)

    def zone_of(self, profile: ProfileConfig) -> str:
        return profile.timezone or self.timezone

    def unknown_feed_refs(self) -> list[tuple[str, int, str]]:
        """(profile, index, reference) for every profile feed reference that matches no feed."""
        known = {f.url for f in self.feeds} | {f.name for f in self.feeds if f.name}
        return [
            (name, i, ref)
            for name, profile in self.profiles.items()
            if profile.feeds != "all"
            for i, ref in enumerate(profile.feeds)
            if ref not in known and not (ref.startswith(FOLDER_PREFIX) and self._folder_feeds(ref))
        ]

    def _folder_feeds(self, ref: str) -> list[FeedConfig]:
        return [f for f in self.feeds if in_folder(f.folder, ref.removeprefix(FOLDER_PREFIX))]

    def profile(self, name: str | None) -> tuple[str, ProfileConfig]:
        if name is None:
            name = next(iter(self.profiles))
        if name not in self.profiles:
            raise ConfigError(
                f"no profile named {name!r}", self.path, f"choose one of: {', '.join(self.profiles)}"
            )
        return name, self.profiles[name]

    @staticmethod
    def length_for(profile: ProfileConfig, feed: FeedConfig | None) -> tuple[int, int | None]:
        """(sentences, word budget or None) for one feed's summaries: the feed's own setting wins."""
        if feed is not None and feed.words is not None:
            return feed.sentences or profile.sentences, feed.words
        if feed is not None and feed.sentences is not None:
            return feed.sentences, None
        return profile.sentences, profile.words

    def feeds_of(self, profile: ProfileConfig) -> list[FeedConfig]:
        if profile.feeds == "all":
            return list(self.feeds)
        wanted = set(profile.feeds)
        folders = [r.removeprefix(FOLDER_PREFIX) for r in profile.feeds if r.startswith(FOLDER_PREFIX)]
        return [f for f in self.feeds
                if f.url in wanted or f.name in wanted or any(in_folder(f.folder, w) for w in folders)]


def load_config(path: str | Path) -> Config:
    """Read and validate a YAML config file; raise ConfigError naming key, file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found", str(path),
                          "write one with `newsdigest init --path FILE`, or pass another --config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", str(path)) from None
    return parse_config(text, str(path))


def parse_config(text: str, where: str = "<config>") -> Config:
    import yaml  # (here: a `digest --feed URL` reads no YAML)

    from bot.config_yaml import read_yaml

    try:
        node, data = read_yaml(text)
    except yaml.YAMLError as exc:
        mark, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
        at_line = f", line {mark.line + 1}" if mark else ""
        hint = "fix the syntax"
        if context and (not mark or context.line != mark.line):
            hint += f" of what starts at line {context.line + 1}"
        raise ConfigError(f"not valid YAML: {getattr(exc, 'problem', exc)}", f"{where}{at_line}", hint) from None
    if not isinstance(data, dict):
        raise ConfigError("the config must be a mapping with at least a 'feeds' list", where)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, node, where) from None
    for name, profile in config.profiles.items():
        if profile.schedule:
            try:
                from bot.schedules import parse_schedule

                parse_schedule(profile.schedule, config.zone_of(profile))
            except ValueError as exc:
                line = _line_of(node, ["profiles", name, "schedule"])
                raise ConfigError(f"bad value for 'profiles.{name}.schedule': {exc}",
                                  f"{where}, line {line}" if line else where) from None
        if profile.deliver.email and config.mail is None:
            line = _line_of(node, ["profiles", name, "deliver", "email"])
            raise ConfigError(
                f"profile {name!r} delivers by e-mail but there is no 'mail' section",
                f"{where}, line {line}" if line else where,
                "add mail: {host, from, ...} (see config.yaml in the project)",
            )
    for profile_name, index, ref in config.unknown_feed_refs():
        line = _line_of(node, ["profiles", profile_name, "feeds", index])
        raise ConfigError(
            f"profile {profile_name!r} names feed {ref!r}, which is not in 'feeds'",
            f"{where}, line {line}" if line else where,
            "use a feed's name or URL as written under 'feeds', or folder:NAME for a folder's feeds",
        )
    return config.model_copy(update={"path": where})


AD_HOC = "adhoc-"


def ad_hoc_config(urls: list[str], profile: ProfileConfig | None = None) -> Config:
    """A config for ``--feed URL`` runs with no file at all. Each set of feeds is its own profile
    (``adhoc-`` and a hash of the locations): its own delivered entries and last digest, so
    ``--again --feed X`` never shows the digest of other feeds."""
    try:
        locations = [check_feed_url(feed_location(u)) for u in urls]
    except ValueError as exc:
        raise ConfigError(str(exc), "--feed", "give a feed's address or a feed file") from None
    # The objects validation would make (a test compares), without building a validator: the URL is
    # what FeedConfig's one check makes of it, and everything else is a default.
    feeds = [FeedConfig.model_construct(url=location) for location in locations]
    key = hashlib.sha256("\n".join(sorted({f.url for f in feeds})).encode()).hexdigest()[:12]
    return Config.model_construct(feeds=feeds, profiles={AD_HOC + key: profile or ProfileConfig.model_construct()})


def state_url(option: str | None, config: Config | None) -> str:
    """Where state lives: --state, then NEWSDIGEST_HOME, then config 'state', then the data directory.

    A value containing '://' is taken as an SQLAlchemy URL (e.g. postgresql+psycopg://...).
    """
    if option:
        chosen = option
    elif os.environ.get("NEWSDIGEST_HOME"):
        chosen = str(home_dir() / "state.db")
    elif config is not None and config.state:
        chosen = config.state
        if "://" not in chosen and config.path and not Path(chosen).expanduser().is_absolute():
            chosen = str(Path(config.path).parent / chosen)
    else:
        chosen = str(home_dir() / "state.db")
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"
