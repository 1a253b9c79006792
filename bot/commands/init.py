"""`newsdigest init`: write a commented starter config where newsdigest looks for it, and say what to run next."""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path
from typing import Any

from bot.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="write a starter config (feeds from OPML or --feed, e-mail, schedule)",
                          description=cmd_init.__doc__)
    init.add_argument("--path", help="where to write it (default: the user's config directory, "
                                     "$XDG_CONFIG_HOME/newsdigest/config.yaml on Linux)")
    init.add_argument("--opml", metavar="FILE", help="take the feeds, with their folders, from this OPML file")
    init.add_argument("--feed", action="append", default=[], metavar="URL", help="a feed to read (repeatable; a file is fine)")
    init.add_argument("--email", metavar="ADDRESS", help="send the digest to this address (and from it)")
    init.add_argument("--smtp", metavar="HOST[:PORT]", help="the SMTP server for --email (default: a placeholder to edit)")
    init.add_argument("--smtp-security", choices=["starttls", "tls", "plain"], default=None,
                      help="starttls (587, the default), tls (465) or plain (a local relay)")
    init.add_argument("--notify", action="append", default=[], metavar="URL",
                      help="also post the digest here: an Apprise URL such as ntfys://ntfy.sh/TOPIC (repeatable; "
                           "write a secret as ${NAME}, read from the environment)")
    init.add_argument("--schedule", metavar="WHEN", help='when `newsdigest run` makes the digest, e.g. "daily at 07:00"')
    init.add_argument("--timezone", metavar="ZONE", help="IANA time zone (default: this machine's)")
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    """Write a commented starter config (never over an existing file) that loads as it is, then print the next
    command to run."""
    from bot.commands._feedlist import write_atomically
    from bot.config import parse_config
    from bot.locations import config_search_paths, home_dir, user_config_path

    path = Path(args.path).expanduser() if args.path else user_config_path()
    if path.exists():
        raise ConfigError("a config file is already there", str(path),
                          "not overwritten: edit it, remove it first, or choose another place with --path")
    text = starter_config(args, home_dir())
    parse_config(text, str(path))  # what we write must load; a bad --schedule or --email is reported here
    write_atomically(path, text, exclusive=True)
    found = any(p.resolve() == path.resolve() for p in config_search_paths() if p.exists())
    option = "" if found else f" -c {_shell(str(path))}"
    print(f"Wrote {path}")
    print("Next:")
    print(f"  newsdigest feeds list{option}          # the feeds it reads")
    if args.email:
        print(f"  export NEWSDIGEST_SMTP_PASSWORD='…' && newsdigest send-test{option}   # check the mail settings")
    elif args.notify:
        print(f"  newsdigest send-test{option}           # check the notify targets")
    print(f"  newsdigest digest{option}              # a digest now")
    if args.schedule:
        print(f"  newsdigest run{option}                 # the digest {args.schedule}, delivered as configured")
    return 0


def starter_config(args: argparse.Namespace, home: Path) -> str:
    """The starter config's text from the packaged template and the options."""
    from datetime import date
    from importlib.resources import files

    import jinja2

    from bot.feedrefs import feed_location

    feeds: list[dict[str, Any]] = []
    if args.opml:
        from bot.opml import read_opml

        feeds += [{"url": f.url, "name": f.title, "folder": f.folder} for f in read_opml(args.opml)
                  if f.url.lower().startswith(("http://", "https://"))]
    for given in args.feed:
        try:
            feeds.append({"url": feed_location(given), "name": None, "folder": None})
        except ValueError as exc:
            raise ConfigError(str(exc), "--feed", "give a feed's http(s) address or the path of a feed file") from None
    feeds = _unique(feeds)
    folders = list(dict.fromkeys(f["folder"].split("/")[0] for f in feeds if f["folder"]))
    template = files("bot.starter").joinpath("config.yaml.j2").read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    env.filters["yq"] = yaml_scalar
    return env.from_string(template).render(
        today=date.today().isoformat(), timezone=args.timezone or local_zone(), state_default=_tilde(home / "state.db"),
        mail=_mail(args), email=args.email, notify=list(args.notify), schedule=args.schedule, feeds=feeds, folders=folders,
        digests_dir=_tilde(home / "digests"),
    ).rstrip("\n") + "\n"


def _mail(args: argparse.Namespace) -> dict[str, Any] | None:
    if not args.email:
        if args.smtp:
            raise ConfigError("--smtp needs --email", "command line", "add --email ADDRESS: the digest's recipient")
        return None
    host, port = args.smtp or "smtp.example.org", None
    if args.smtp and re.fullmatch(r".+:\d{1,5}", args.smtp):
        host, _, number = args.smtp.rpartition(":")
        port = int(number)
    security = args.smtp_security or {465: "tls", 25: "plain"}.get(port or 0, "starttls")
    return {"host": host, "port": port or {"starttls": 587, "tls": 465, "plain": 25}[security], "security": security,
            "sender": args.email}


def _unique(feeds: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per URL, and names unique (a second feed of the same title keeps its URL as its name)."""
    seen_urls: set[str] = set()
    seen_names: set[str] = set()
    out = []
    for feed in feeds:
        if feed["url"] in seen_urls:
            continue
        seen_urls.add(feed["url"])
        if feed["name"] in seen_names:
            feed = {**feed, "name": None}
        if feed["name"]:
            seen_names.add(feed["name"])
        out.append(feed)
    return out


def yaml_scalar(value: object) -> str:
    """A string as YAML: plain when it reads back the same, else double-quoted (JSON's escapes are YAML's)."""
    import yaml

    text = str(value)
    plain = re.fullmatch(r"[\w~/.][^#{}\[\],&*!|>'\"`]*", text)
    if plain and ": " not in text and " #" not in text and not text.endswith((":", " ")):
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def local_zone() -> str:
    """This machine's IANA zone name (TZ, else /etc/localtime's link), else UTC."""
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        if name and "/" in name or name == "UTC":
            try:
                ZoneInfo(name)
                return name
            except (ValueError, KeyError, OSError):
                continue
    return "UTC"


def _tilde(path: Path) -> str:
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def _shell(text: str) -> str:
    import shlex

    return shlex.quote(text)
