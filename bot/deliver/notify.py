"""Chat and push delivery through Apprise: one message per digest and target, split under the service's limit.

A long digest goes as several parts, cut between stories. Before each part is posted the outbox row's
stage says so ("part 2/3"); after a failure it says where to carry on ("resume 2/3"). A retry starts
there, and a restart counts the part that was in flight as sent (as an e-mail whose data reached the
server is), so no part is ever posted twice.

Apprise reports only success or failure; the HTTP status its plugins log ("error=404") tells a
refusal for good (a 4xx other than 408/425/429: a wrong token, a topic that does not exist) from a
failure worth retrying (5xx, timeouts, refused connections, anything unknown).
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from bot.config import NotifyTarget
from bot.deliver import PermanentFailure, Rendered, TemporaryFailure
from bot.errors import ConfigError

if TYPE_CHECKING:  # Apprise loads its plugins on import: only when a notify target is used
    from apprise.plugins.base import NotifyBase

log = logging.getLogger("newsdigest.notify")

_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_HTTP_STATUS = re.compile(r"\berror=(\d{3})\b")
_RETRYABLE_4XX = {408, 425, 429}
_STAGE = re.compile(r"^(part|resume) (\d+)/(\d+)$")
#: Room kept for Apprise's own framing of a title it puts into the body (services without titles).
_TITLE_FRAMING = 40
#: Room kept for the rest of a JSON request (topic, priority, tags) beside the title and message.
_JSON_ENVELOPE = 400


def where_of(profile: str, index: int) -> str:
    return f"config 'profiles.{profile}.deliver.notify[{index}]'"


def env_names(target: NotifyTarget) -> list[str]:
    """The environment variables a target needs."""
    return [target.url_env] if target.url_env else _ENV_REF.findall(target.url or "")


def target_for(targets: list[NotifyTarget], kind: str) -> tuple[int, NotifyTarget] | None:
    """The configured target behind an outbox kind, with its index (for error messages)."""
    return next(((i, t) for i, t in enumerate(targets) if t.kind == kind), None)


def expand(target: NotifyTarget, where: str) -> str:
    """The URL with its secrets from the environment; a variable that is not set is named, never guessed."""
    if target.url_env:
        value = os.environ.get(target.url_env, "").strip()
        if not value:
            raise ConfigError(f"the environment variable {target.url_env} is not set", where,
                              "export it (the whole Apprise URL) before starting newsdigest")
        return value
    for name in env_names(target):
        if name not in os.environ:
            raise ConfigError(f"the environment variable {name} is not set", where, "export it before starting newsdigest")
    return _ENV_REF.sub(lambda m: os.environ[m[1]], target.url or "")


@contextmanager
def _apprise_quiet(messages: list[str]) -> Iterator[None]:
    """Apprise's log lines collected, not printed (they may quote a URL with its token), unless -v."""
    logger = logging.getLogger("apprise")
    handler = _Collect(messages)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = logging.getLogger().isEnabledFor(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _Collect(logging.Handler):
    def __init__(self, into: list[str]):
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def service(target: NotifyTarget, where: str) -> NotifyBase:
    """The Apprise plugin for a target, or a ConfigError that says why not (without the secret)."""
    import apprise

    url = expand(target, where)
    messages: list[str] = []
    with _apprise_quiet(messages):
        plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        scheme = url.partition("://")[0]
        why = _reason(messages, url, *_secrets(target))
        raise ConfigError(f"Apprise cannot use this notify URL ({scheme}://…){': ' + why if why else ''}", where,
                          "check the scheme and the parts it needs: https://github.com/caronc/apprise/wiki")
    return plugin


def _secrets(target: NotifyTarget) -> list[str]:
    return [os.environ[n] for n in env_names(target) if os.environ.get(n)]


def _reason(messages: list[str], *secrets: str) -> str:
    """Apprise's own complaint, with the expanded URL and every secret in it taken out."""
    if not messages:
        return ""
    text = messages[-1]
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "…")
    return text.rstrip(".")[:200]


def label(target: NotifyTarget) -> str:
    """How ``status`` and logs name a target: the service and its URL with Apprise's privacy mask."""
    try:
        plugin = service(target, "")
    except ConfigError:
        spelled = target.url or f"${{{target.url_env}}}"
        return spelled.partition("://")[0] + "://…" if "://" in spelled else spelled
    return plugin.url(privacy=True).partition("?")[0]


def kind_label(targets: list[NotifyTarget], kind: str) -> str:
    """An outbox kind as a person reads it: a notify target by its service and masked URL, not its hash."""
    if not kind.startswith("notify:"):
        return kind
    found = target_for(targets, kind)
    return f"notify {label(found[1])}" if found else f"{kind} (no longer configured)"


def check(target: NotifyTarget, where: str) -> None:
    """At start-up: the secrets are set and Apprise can read the URL. Nothing is sent."""
    service(target, where)


# -- the message ---------------------------------------------------------------------------


def split_message(title: str, body: str, plugin: NotifyBase, body_format: str) -> list[tuple[str, str]]:
    """(title, body) parts, each under the plugin's limits as it will be sent, cut between paragraphs.

    A paragraph longer than a whole part (a headline of a thousand characters) is cut at a word.
    """
    from apprise.conversion import convert_between

    source = _format(body_format)
    target = plugin.resolve_format(source)
    limit = plugin.body_maxlen - (len(title) + _TITLE_FRAMING if plugin.title_maxlen <= 0 else 0)
    limit = max(limit, 100)
    max_lines = plugin.body_max_line_count

    # ntfy turns a JSON request over this many bytes (escapes included) into a file attachment: stay under it.
    json_cap = getattr(plugin, "ntfy_json_upstream_size_limit", None)
    json_room = (json_cap - len(json.dumps(title + " (99/99)")) - _JSON_ENVELOPE) if isinstance(json_cap, int) else None

    def fits(text: str) -> bool:
        sent = convert_between(source, target, text) if target != source else text
        return (len(sent) <= limit and (max_lines <= 0 or len(sent.splitlines()) <= max_lines)
                and (json_room is None or len(json.dumps(sent)) <= json_room))

    chunks: list[str] = []
    for paragraph in (p.strip() for p in body.strip().split("\n\n")):
        if not paragraph:
            continue
        joined = f"{chunks[-1]}\n\n{paragraph}" if chunks else paragraph
        if chunks and fits(joined):
            chunks[-1] = joined
        elif fits(paragraph):
            chunks.append(paragraph)
        else:
            chunks.extend(_cut(paragraph, fits))
    chunks = chunks or [title]
    if len(chunks) == 1:
        return [(_title(title, plugin), chunks[0])]
    return [(_title(f"{title} ({i}/{len(chunks)})", plugin), c) for i, c in enumerate(chunks, 1)]


def _cut(text: str, fits: Callable[[str], bool]) -> list[str]:
    out, rest = [], text
    while rest:
        low, high = 1, len(rest)
        while low < high:  # the longest prefix that fits
            mid = (low + high + 1) // 2
            low, high = (mid, high) if fits(rest[:mid]) else (low, mid - 1)
        cut = low if low == len(rest) else (rest.rfind(" ", 0, low) + 1 or low)
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return out


def _title(title: str, plugin: NotifyBase) -> str:
    if plugin.title_maxlen > 0 and len(title) > plugin.title_maxlen:
        return title[: plugin.title_maxlen - 1].rstrip() + "…"
    return title


def _format(name: str) -> Any:
    from apprise import NotifyFormat

    return NotifyFormat(name)


def message_for(rendered: Rendered, plugin: NotifyBase) -> tuple[str, str]:
    """(body, format): Markdown for a service that takes Markdown or HTML (Apprise converts it), else plain text."""
    from apprise import NotifyFormat

    markdown = rendered.notify_markdown or rendered.markdown
    text = rendered.notify_text or rendered.text
    wants = plugin.resolve_format(NotifyFormat.MARKDOWN)
    if wants == NotifyFormat.TEXT:
        return text, "text"
    return markdown, "markdown"


# -- sending -------------------------------------------------------------------------------


def resume_from(stage: str | None) -> tuple[int, int] | None:
    """(next part, parts) from a row's stage: 'resume 2/3' is part 2 next; 'part 2/3' (in flight at a crash) is part 3."""
    match = _STAGE.match(stage or "")
    if not match:
        return None
    word, number, total = match[1], int(match[2]), int(match[3])
    return (number if word == "resume" else number + 1), total


def is_progress(stage: str | None) -> bool:
    return _STAGE.match(stage or "") is not None


def send(target: NotifyTarget, where: str, rendered: Rendered, on_stage: Callable[[str], None],
         resume: str | None = None) -> None:
    """Post every part not yet accepted; raise TemporaryFailure or PermanentFailure at the first refusal."""
    import apprise

    plugin = service(target, where)
    body, body_format = message_for(rendered, plugin)
    parts = split_message(rendered.subject, body, plugin, body_format)
    start = 1
    progress = resume_from(resume)
    if progress and progress[1] == len(parts):
        start = progress[0]
    name = label(target)
    for number in range(start, len(parts) + 1):
        title, text = parts[number - 1]
        on_stage(f"part {number}/{len(parts)}")
        messages: list[str] = []
        notifier = apprise.Apprise()
        notifier.add(plugin)
        with _apprise_quiet(messages):
            result = notifier.notify(body=text, title=title, body_format=_format(body_format))
        if result:
            continue
        detail = messages
        reason = _reason(detail, expand(target, where), *_secrets(target)) or "refused"
        on_stage(f"resume {number}/{len(parts)}")
        message = f"{name}: part {number} of {len(parts)}: {reason}" if len(parts) > 1 else f"{name}: {reason}"
        codes = [int(c) for c in _HTTP_STATUS.findall(" ".join(detail))]
        if codes and 400 <= codes[-1] < 500 and codes[-1] not in _RETRYABLE_4XX:
            raise PermanentFailure(message + ": the service refused it; check the URL and its token")
        raise TemporaryFailure(message)
