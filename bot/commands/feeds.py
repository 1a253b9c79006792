"""`newsdigest feeds`: list, add, remove, import (OPML) and export (OPML 2.0) the config's feeds, in place."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import BotError, ConfigError

if TYPE_CHECKING:
    from bot.config import Config


def register(sub: argparse._SubParsersAction) -> None:
    feeds = sub.add_parser("feeds", help="list, add, remove, import or export the config's feeds",
                           description="Read or edit the 'feeds' list of the config file; comments and layout are kept.")
    feeds.add_argument("-c", "--config", help="config file (default: the first found; see README, 'Configuration')")
    actions = feeds.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="the feeds, by folder")
    add = actions.add_parser("add", help="add a feed (a site's home page is fine: its linked feed is used)")
    add.add_argument("url", metavar="URL", help="the feed's address, a site's home page, or a local feed file")
    add.add_argument("--name", help="what digests and profiles call it (default: the feed's own title)")
    add.add_argument("--folder", help="a folder, e.g. World or World/Europe; profiles can name folder:World")
    add.add_argument("--no-check", action="store_true", help="add without fetching it first")
    remove = actions.add_parser("remove", help="remove a feed by name or URL")
    remove.add_argument("name", metavar="NAME")
    imp = actions.add_parser("import", help="add every feed of an OPML file, its folders as folders")
    imp.add_argument("file", metavar="FILE.opml")
    exp = actions.add_parser("export", help="write the feeds as OPML 2.0 (to standard output, or -o FILE)")
    exp.add_argument("-o", "--output", metavar="FILE")
    feeds.set_defaults(handler=cmd_feeds)


def cmd_feeds(args: argparse.Namespace) -> int:
    from bot.locations import find_config

    path = find_config(args.config)
    return {"list": _list, "add": _add, "remove": _remove, "import": _import, "export": _export}[args.action](args, path)


def _list(args: argparse.Namespace, path: Path) -> int:
    from bot.config import load_config

    config = load_config(path)
    print(f"{len(config.feeds)} feed(s) in {path}")
    if not config.feeds:
        print("  (none: `newsdigest feeds add URL` or `newsdigest feeds import FILE.opml`)")
    by_folder: dict[str, list[str]] = {}
    for feed in config.feeds:
        label = f"{feed.name}  <{feed.url}>" if feed.name else feed.url
        by_folder.setdefault(feed.folder or "", []).append(label)
    for folder in sorted(by_folder, key=lambda f: (f != "", f.lower())):
        indent = "  "
        if folder:
            print(f"  {folder}/")
            indent = "    "
        for label in by_folder[folder]:
            print(indent + label)
    return 0


def _add(args: argparse.Namespace, path: Path) -> int:
    from bot.commands._feedlist import add_feed, open_feed_list, save
    from bot.feedrefs import feed_location

    feeds = open_feed_list(path)
    try:
        url = feed_location(args.url)
    except ValueError as exc:
        raise ConfigError(str(exc), "command line", "give a feed's http(s) address or the path of a feed file") from None
    name = args.name
    if not args.no_check:
        url, title = _check_feed(feeds.config, url)
        if name is None and title and not any(f.name == title for f in feeds.config.feeds):
            name = title
    add_feed(feeds, url, name, _folder(args.folder))
    save(feeds)
    print(f"Added {name or url}" + (f" <{url}>" if name else "") + (f" in {_folder(args.folder)}" if args.folder else "")
          + f" to {path}")
    return 0


def _check_feed(config: Config, url: str) -> tuple[str, str | None]:
    """Fetch the feed once: (the feed's URL, discovered from a home page if need be; its title)."""
    from bot.app import http_settings
    from bot.fetch import FEED_ACCEPT, Http, parse_feed
    from bot.fetch.discover import get_feed
    from bot.models import FeedSource

    with Http(http_settings(config.fetch)) as http:
        response = get_feed(http, url, None, accept=FEED_ACCEPT)
    if response.problem:
        raise BotError(f"cannot read the feed: {response.problem}", url, "check the address, or add it anyway with --no-check")
    result = parse_feed(FeedSource(url=response.url), response.body, response.headers, response.final_url)
    if result.problem:
        raise BotError(f"not a feed: {result.problem}", url, "give the feed's address, or add it anyway with --no-check")
    if response.url != url:
        print(f"{url} is a web page; using the feed it links: {response.url}", file=sys.stderr)
    return response.url, result.title


def _folder(text: str | None) -> str | None:
    from bot.feedrefs import clean_folder

    folder = clean_folder(text)
    if text is not None and folder is None:
        raise ConfigError("--folder is empty", "command line", "give a folder name such as World or World/Europe")
    return folder


def _remove(args: argparse.Namespace, path: Path) -> int:
    from bot.commands._feedlist import open_feed_list, remove_feed, save

    feeds = open_feed_list(path)
    label = remove_feed(feeds, args.name)
    save(feeds)
    print(f"Removed {label} from {path}")
    return 0


def _import(args: argparse.Namespace, path: Path) -> int:
    from bot.commands._feedlist import add_feed, open_feed_list, save
    from bot.feedrefs import check_feed_url
    from bot.opml import read_opml

    listed = read_opml(args.file)
    feeds = open_feed_list(path)
    known_urls = {f.url for f in feeds.config.feeds}
    known_names = {f.name for f in feeds.config.feeds if f.name}
    added, present, skipped = 0, 0, []
    for item in listed:
        try:  # an OPML list names web feeds: a file: URL in it is not one the user typed
            url = check_feed_url(item.url)
            if not url.lower().startswith(("http://", "https://")):
                raise ValueError(url)
        except ValueError:
            skipped.append(item.url)
            continue
        if url in known_urls:
            present += 1
            continue
        name = item.title if item.title and item.title not in known_names and item.title != url else None
        add_feed(feeds, url, name, item.folder)
        feeds.config = feeds.config.model_copy(update={"feeds": [*feeds.config.feeds, _feed(url, name, item.folder)]})
        known_urls.add(url)
        known_names.add(name or "")
        added += 1
    if added:
        save(feeds)
    folders = len({i.folder for i in listed if i.folder})
    print(f"Imported {added} feed(s) in {folders} folder(s) from {args.file} into {path}"
          + (f"; {present} already there" if present else ""))
    if skipped:
        print(f"Skipped {len(skipped)} outline(s) that are not http(s) feeds: {', '.join(skipped[:5])}", file=sys.stderr)
    return 0


def _feed(url: str, name: str | None, folder: str | None) -> object:
    from bot.config import FeedConfig

    return FeedConfig(url=url, name=name, folder=folder)


def _export(args: argparse.Namespace, path: Path) -> int:
    from bot.commands._feedlist import write_atomically
    from bot.config import load_config
    from bot.opml import OpmlFeed, write_opml

    config = load_config(path)
    listed = [OpmlFeed(url=f.url, title=f.name, folder=f.folder) for f in config.feeds]
    from datetime import datetime, timezone

    data = write_opml(listed, "newsdigest feeds", datetime.now(timezone.utc))
    if args.output and args.output != "-":
        write_atomically(Path(args.output), data.decode("utf-8"))
        print(f"Wrote {len(listed)} feed(s) to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
