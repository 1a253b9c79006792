"""All Jinja2 work: ``templates/`` render a Digest as Markdown, HTML or plain text; mail fitting; subjects.

A user's template directory (config ``templates``) is searched first; any template it lacks
falls back to the built-in one, so overriding one file never breaks the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.errors import ConfigError
from bot.locations import cache_dir
from bot.models import Article, Digest
from bot.urls import safe_link

if TYPE_CHECKING:  # jinja2 and the config load when something is rendered, not when `--help` lists the formats
    import jinja2

    from bot.config import Config

TEMPLATE_FOR = {"markdown": "digest.md.j2", "html": "digest.html.j2", "text": "digest.txt.j2"}


def builtin_templates_dir() -> Path:
    """The shipped templates: inside the installed package, or ``templates/`` of a checkout.

    A ``bot.templates`` found elsewhere (an editable install of another checkout, while this
    code runs from a git worktree on PYTHONPATH) loses to the templates beside this code.
    """
    here = Path(__file__).resolve().parent
    checkout = here.parent / "templates"
    try:
        packaged = resources.files("bot.templates")
        if packaged.joinpath(TEMPLATE_FOR["markdown"]).is_file():
            path = Path(str(packaged))
            if path.resolve() in (here / "templates", checkout) or not checkout.joinpath(TEMPLATE_FOR["markdown"]).is_file():
                return path
    except (ModuleNotFoundError, TypeError):
        pass
    return checkout


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(#|[-+](?=\s))|^(\d+)([.)])(?=\s)")


def md_escape(value: object) -> str:
    """Text that stays literal inside Markdown (titles from feeds contain [, *, _ and worse).

    Only characters that can start markup are escaped, so ordinary punctuation reads cleanly.
    """
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))
    # A line starting like a heading or list item: escape the marker ("1990\\. A year").
    return _MD_LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", text)


def md_url(value: object) -> str:
    """A safe link (``safe_link``) written so Markdown's (…) link syntax holds it; '' for any other value."""
    url = safe_link(value) or ""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def safe_href(value: object) -> str:
    """Only a safe link (``safe_link``) reaches an href: a javascript: link from a feed becomes '#'."""
    return safe_link(value) or "#"


def plain_url(value: object) -> str:
    """The ``url`` filter: a safe link as text, '' for any other value (plain-text digests)."""
    return safe_link(value) or ""


def is_safe_link(value: object) -> bool:
    """The ``safe_link`` test: ``{% if story.lead.link is safe_link %}``; a link that fails leaves the title as text."""
    return safe_link(value) is not None


# "Also reported by" in HTML and plain text (the two parts of an e-mail) names at most this many
# outlets, then "and N more": a story carried by twenty outlets is not a wall of links.
ALSO_SHOWN = 5


@dataclass(frozen=True)
class Capped:
    """The first ``ALSO_SHOWN`` of a story's other outlets, and how many are left unnamed."""

    shown: list[Article]
    more: int


def cap_also(also: list[Article], limit: int = ALSO_SHOWN) -> Capped:
    """The ``capped`` filter: ``{% set also = story.also | capped %}`` then ``also.shown``, ``also.more``."""
    return Capped(list(also[:limit]), max(0, len(also) - limit))


# More stories than this and the HTML digest opens with a list of its headlines, each linking to its story.
HEADLINE_LIST_ABOVE = 5


def display_date(value: datetime, zone: ZoneInfo) -> str:
    """The one way a digest writes a day ("Wed 2 Dec 2026"): header, subject, title; no zero padding, any platform."""
    local = value.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %Y}"


def display_time(value: datetime, zone: ZoneInfo) -> str:
    """The one way a digest writes a moment: the day as :func:`display_date`, then the time ("Wed 2 Dec 2026, 07:05")."""
    return f"{display_date(value, zone)}, {value.astimezone(zone):%H:%M}"


def counts_line(digest: Digest) -> str:
    """The header's counts: the feeds read, failed ones apart ("3 stories from 28 feeds (2 could not be read)")."""
    stories, read, failed = len(digest.stories), digest.feeds_read, digest.feeds_failed
    line = f"{stories} {'story' if stories == 1 else 'stories'} from {read} {'feed' if read == 1 else 'feeds'}"
    return line + (f" ({failed} could not be read)" if failed else "")


def make_environment(user_dir: str | Path | None = None) -> jinja2.Environment:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if user_dir:
        path = Path(user_dir).expanduser()
        if not path.is_dir():
            raise ConfigError(f"template directory not found: {path}", "config 'templates'", "create it or remove the key")
        loaders.append(jinja2.FileSystemLoader(str(path)))
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(jinja2),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(md=md_escape, md_url=md_url, href=safe_href, url=plain_url, capped=cap_also)
    env.tests["safe_link"] = is_safe_link
    return env


def _bytecode_cache(jinja2: Any) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in the cache directory: compiling them is a sixth of a ``digest``
    whose feeds all answer 304. Jinja2 checks each template's source before using what it kept
    (an edited user template is compiled anew); without a writable cache, templates compile each run."""
    folder = cache_dir() / f"templates-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def render(digest: Digest, fmt: str, env: jinja2.Environment) -> str:
    """Render one format. Times are shown in the digest's configured time zone."""
    if fmt not in TEMPLATE_FOR:
        raise ConfigError(f"unknown output format {fmt!r}", "--format", f"choose one of: {', '.join(TEMPLATE_FOR)}")
    return _render_template(TEMPLATE_FOR[fmt], digest, env)


def _render_template(name: str, digest: Digest, env: jinja2.Environment) -> str:
    import jinja2

    zone = ZoneInfo(digest.timezone)

    def local(value: datetime | None, pattern: str | None = None) -> str:
        """A moment in the digest's zone, as :func:`display_time`; a user's template may pass its own strftime pattern."""
        if value is None:
            return ""
        return value.astimezone(zone).strftime(pattern) if pattern else display_time(value, zone)

    def local_date(value: datetime | None) -> str:
        return display_date(value, zone) if value else ""

    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"template error: {exc.message}", f"{exc.filename}, line {exc.lineno}", "fix the template") from None
    try:
        return template.render(digest=digest, local=local, local_date=local_date, zone=digest.timezone,
                               counts=counts_line(digest), headline_list=len(digest.stories) > HEADLINE_LIST_ABOVE)
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"template uses an unknown value: {exc.message}", name,
                          "see the built-in templates for the names available") from None


#: Chat and push messages (``deliver: notify``): paragraphs separated by blank lines, where they may be split.
NOTIFY_TEMPLATES = ("notify.md.j2", "notify.txt.j2")


def render_notify(digest: Digest, env: jinja2.Environment) -> tuple[str, str]:
    """The chat/push message as (Markdown, plain text); which one a service gets is decided when sending."""
    markdown, text = (_render_template(name, digest, env).strip() + "\n" for name in NOTIFY_TEMPLATES)
    return markdown, text


def fit_for_mail(digest: Digest, env: jinja2.Environment, max_bytes: int) -> tuple[str, Digest]:
    """The HTML rendering under ``max_bytes`` (Gmail clips past ~102 KB), dropping the last stories if needed."""
    html = render(digest, "html", env)
    if _mail_bytes(html) <= max_bytes:
        return html, digest
    low, high = 0, len(digest.stories)  # find the most stories that fit
    while low < high:
        mid = (low + high + 1) // 2
        trial = replace(digest, stories=digest.stories[:mid], omitted=len(digest.stories) - mid)
        if _mail_bytes(render(trial, "html", env)) <= max_bytes:
            low = mid
        else:
            high = mid - 1
    fitted = replace(digest, stories=digest.stories[:low], omitted=len(digest.stories) - low)
    return render(fitted, "html", env), fitted


def _mail_bytes(html: str) -> int:
    """The size in a message, where every line ends in CRLF."""
    return len(html.encode()) + html.count("\n") - html.count("\r\n")


def subject_for(config: Config, profile_name: str, digest: Digest) -> str:
    import jinja2

    _, profile = config.profile(profile_name)
    template = profile.deliver.email.subject if profile.deliver.email else "{{ title }}, {{ date }}"
    zone = ZoneInfo(digest.timezone)
    try:
        text = jinja2.Environment(autoescape=False).from_string(template).render(
            title=digest.title, count=len(digest.stories) + digest.omitted, profile=profile_name,
            date=display_date(digest.generated_at, zone),
        )
    except jinja2.TemplateError as exc:
        raise ConfigError(f"bad subject template: {exc}", f"profiles.{profile_name}.deliver.email.subject") from None
    return " ".join(text.split())
