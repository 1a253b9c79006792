"""OPML in and out (bot.opml): folders survive a round trip, OPML 1 and 2, and a broken file names its line."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.errors import ConfigError
from bot.opml import OpmlFeed, parse_opml, write_opml

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=timezone.utc)

OPML1 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.0">
  <head><title>mySubscriptions</title></head>
  <body>
    <outline title="News" text="News">
      <outline text="World">
        <outline text="Europe">
          <outline text="Le Monde &#233;dition" title="Le Monde" type="rss" xmlUrl="https://www.lemonde.fr/rss/une.xml"/>
        </outline>
        <outline text="Wire &amp; Co" type="rss" xmlUrl="https://wire.example/rss?a=1&amp;b=2"/>
      </outline>
    </outline>
    <outline text="Top level" type="rss" xmlUrl="https://top.example/feed"/>
  </body>
</opml>
"""

OPML2 = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>Reader export</title><dateCreated>Mon, 30 Nov 2026 10:00:00 GMT</dateCreated></head>
  <body>
    <outline text="Tech"><outline text="Ars" type="rss" xmlUrl="https://ars.example/rss" htmlUrl="https://ars.example/"/></outline>
    <outline text="Science"/>
    <outline text="Space" type="rss" xmlUrl="https://space.example/atom" category="/Misc/Other"/>
  </body>
</opml>
"""


def test_opml1_nested_folders_become_paths():
    feeds = parse_opml(OPML1, "subs.opml")
    assert feeds == [
        OpmlFeed("https://www.lemonde.fr/rss/une.xml", "Le Monde édition", "News/World/Europe"),
        OpmlFeed("https://wire.example/rss?a=1&b=2", "Wire & Co", "News/World"),
        OpmlFeed("https://top.example/feed", "Top level", None),
    ]


def test_opml2_folders_and_a_category_attribute():
    feeds = parse_opml(OPML2, "export.opml")
    assert [(f.url, f.folder) for f in feeds] == [("https://ars.example/rss", "Tech"),
                                                  ("https://space.example/atom", "Misc/Other")]


@pytest.mark.parametrize("source", [OPML1, OPML2])
def test_round_trip_keeps_every_feed_and_folder(source: bytes):
    feeds = parse_opml(source, "in.opml")
    written = write_opml(feeds, "newsdigest feeds", NOW)
    assert written.startswith(b"<?xml version='1.0' encoding='utf-8'?>") and b'<opml version="2.0">' in written
    again = parse_opml(written, "out.opml")
    assert again == feeds
    assert b"<dateCreated>Tue, 01 Dec 2026 07:00:00 +0000</dateCreated>" in written


def test_export_nests_one_outline_per_folder_level():
    from lxml import etree

    feeds = [OpmlFeed("https://a.example/rss", "A", "World/Europe"), OpmlFeed("https://b.example/rss", None, "World")]
    written = write_opml(feeds, "t", NOW)
    root = etree.fromstring(written)
    world = root.find("body/outline[@text='World']")
    assert world is not None and world.find("outline[@text='Europe']/outline[@xmlUrl='https://a.example/rss']") is not None
    b = world.find("outline[@xmlUrl='https://b.example/rss']")
    assert b is not None and b.get("type") == "rss" and b.get("text") == "https://b.example/rss"
    assert len(root.findall("body/outline")) == 1  # one World folder, not one per feed


def test_malformed_opml_names_the_file_and_line():
    broken = b'<?xml version="1.0"?>\n<opml version="2.0">\n<body>\n<outline text="a" xmlUrl="https://a/rss">\n</body>\n</opml>\n'
    with pytest.raises(ConfigError) as caught:
        parse_opml(broken, "feeds.opml")
    assert "(feeds.opml, line 5)" in str(caught.value)
    assert str(caught.value).startswith("not a well-formed OPML file")


def test_not_opml_and_no_entities_expanded():
    with pytest.raises(ConfigError, match=r"root element is <rss>.*\(x\.opml, line 1\)"):
        parse_opml(b"<rss version='2.0'><channel/></rss>", "x.opml")
    xxe = (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/rss"/></body></opml>')
    with pytest.raises(ConfigError, match=r"external entity 'x' \(x\.opml, line 1\)") as caught:
        parse_opml(xxe, "x.opml")  # refused, never read
    assert "root:" not in str(caught.value)


def test_folder_paths_are_normalised_and_folder_references_match_subfolders():
    from bot.config import parse_config

    config = parse_config("feeds:\n  - {url: 'https://a.example/rss', folder: ' /World//Europe/ '}\n"
                          "  - {url: 'https://b.example/rss', folder: Worldwide}\n"
                          "profiles:\n  w: {feeds: ['folder:World']}\n  e: {feeds: ['folder:World/Europe/']}\n", "c.yaml")
    assert config.feeds[0].folder == "World/Europe"
    assert [f.url for f in config.feeds_of(config.profiles["w"])] == ["https://a.example/rss"]  # not Worldwide
    assert [f.url for f in config.feeds_of(config.profiles["e"])] == ["https://a.example/rss"]
