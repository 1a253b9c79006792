"""One story per event in a real digest: feeds served on 127.0.0.1, ``newsdigest digest --feed ...``, Markdown read back."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from stages.test_group_events import LIBRARY_ASHVALE, LIBRARY_PELLON, MISSILE, OTHERS, REACTION, UPS_BUYING, UPS_HELP
from support.cli import run_cli
from support.feeds import NOWHERE, rss
from support.http import FeedServer, Route

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def _feed_of(articles) -> bytes:  # noqa: ANN001 - Articles of one outlet
    return rss([{"title": a.title, "link": f"{NOWHERE}/{a.entry_id}", "guid": f"id-{a.entry_id}",
                 "date": NOW - timedelta(hours=k + 1), "body": f"<p>{a.text}</p>"} for k, a in enumerate(articles)],
               title=articles[0].source)


def _stories(markdown: str) -> list[str]:
    return [s for s in re.split(r"(?m)^## ", markdown)[1:] if not s.startswith("Feeds with problems")]


def test_a_digest_shows_each_event_once_and_never_blends_two(server: FeedServer, tmp_path, clean_home):
    outlets: dict[str, list] = {}
    for a in [MISSILE, REACTION, LIBRARY_ASHVALE, LIBRARY_PELLON, UPS_HELP, UPS_BUYING, *OTHERS]:
        outlets.setdefault(a.source, []).append(a)
    args = []
    for n, (_, articles) in enumerate(sorted(outlets.items())):
        server.routes[f"/f{n}.xml"] = Route(body=_feed_of(articles))
        args += ["--feed", server.url(f"/f{n}.xml")]
    ran = run_cli("digest", *args, "--since", "2d", home=clean_home, cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    stories = _stories(ran.stdout)
    assert len(stories) == 9  # 11 articles: the missile and its reaction are one story, everything else alone
    missile = next(s for s in stories if "missile" in s.split("\n")[0].lower())
    assert "Also reported by:" in missile
    also = missile.split("Also reported by:")[1]
    assert ("Beijing Daily" in also) != ("World Wire" in also)  # the other outlet, never the lead's own
    for s in stories:
        if "Also reported by:" in s:
            lead_outlet = re.search(r"^\*(?:Update · )?([^·*]+?)(?: · |\*)", s, re.M).group(1)
            assert lead_outlet not in s.split("Also reported by:")[1]
    library = [s for s in stories if "library" in s.split("\n")[0].lower()]
    assert len(library) == 2 and all("Also reported by" not in s for s in library)
    assert not any("Ashvale" in s and "Pellon" in s for s in stories)  # no sentences of one in the other
    ups = [s for s in stories if "UPS" in s.split("\n")[0]]
    assert len(ups) == 2 and all("Also reported by" not in s for s in ups)
