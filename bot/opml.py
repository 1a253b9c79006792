"""OPML subscription lists in and out: what every feed reader imports and exports, folders included.

Reading uses listparser (OPML 1.0 and 2.0, nested outlines as folders) after a strict XML parse,
because listparser parses leniently with lxml's HTML parser and so never says *where* a broken
file is broken; the strict parse (no entities resolved, no network) gives the line. Writing is
OPML 2.0 with ElementTree: one ``<outline>`` per folder level, ``type="rss"`` feeds inside.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from bot.errors import ConfigError

#: Folder levels are joined with this in the config (``folder: World/Europe``).
SEP = "/"


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    title: str | None
    folder: str | None  # "World/Europe", or None at the top level


def read_opml(path: str | Path) -> list[OpmlFeed]:
    """The feeds of an OPML file with their folders, in file order; a broken file is a ConfigError with its line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError("no such file", str(path), "give the path of an OPML file exported from your feed reader") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the OPML file: {exc.strerror or exc}", str(path)) from None
    return parse_opml(data, str(path))


def parse_opml(data: bytes, where: str) -> list[OpmlFeed]:
    import listparser
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        message = (exc.msg or str(exc)).split(", line ")[0]
        raise ConfigError(f"not a well-formed OPML file: {message}", f"{where}, line {line}" if line else where,
                          "fix the XML there, or export the list again from your feed reader") from None
    if etree.QName(root).localname.lower() != "opml":
        raise ConfigError(f"not an OPML file (the root element is <{etree.QName(root).localname}>, not <opml>)",
                          f"{where}, line {root.sourceline}", "export the subscription list as OPML")
    parsed = listparser.parse(data)  # bytes, never a str: listparser would fetch a string that looks like a URL
    feeds = []
    for item in parsed.feeds:
        url = str(item.get("url") or "").strip()
        if not url:
            continue
        # listparser lists `category` attributes first and the outline nesting last.
        paths = [[p for p in c if p] for c in item.get("categories") or []]
        paths = [p for p in paths if p]
        folder = SEP.join(paths[-1]) if paths else None
        feeds.append(OpmlFeed(url=url, title=(str(item.get("title") or "").strip() or None), folder=folder))
    return feeds


def write_opml(feeds: list[OpmlFeed], title: str, now: datetime) -> bytes:
    """OPML 2.0: folders as nested outlines (in the order they first appear), feeds as ``type="rss"`` outlines."""
    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ET.SubElement(opml, "body")
    folders: dict[str, ET.Element] = {}

    def container(folder: str | None) -> ET.Element:
        if not folder:
            return body
        if folder not in folders:
            parent_path, _, name = folder.rpartition(SEP)
            parent = container(parent_path or None)
            folders[folder] = ET.SubElement(parent, "outline", text=name, title=name)
        return folders[folder]

    for feed in feeds:
        label = feed.title or feed.url
        ET.SubElement(container(feed.folder), "outline", type="rss", text=label, title=label, xmlUrl=feed.url)
    ET.indent(opml)
    return ET.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"
