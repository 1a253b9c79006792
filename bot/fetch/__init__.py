"""Fetching feeds and pages, and feed bytes → entries; every failure comes back as data.

Feeds are fetched concurrently with a bound, conditionally (ETag / Last-Modified), each inside
its own bounds (``http``: a whole-request deadline, a cap on the bytes sent and on what they
decompress to, a redirect cap), and parsed the same way (``parse``: the newest items only,
every field type-checked, no unbounded recursion). Whatever one feed does, it becomes that
feed's problem and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.fetch.discover import get_feed
from bot.fetch.http import DEFAULT_USER_AGENT, Http, HttpSettings, Response, TooLarge, decode_body
from bot.fetch.parse import MAX_ITEMS, parse_feed
from bot.models import FeedResult, FeedSource, HttpCache

__all__ = ["DEFAULT_USER_AGENT", "FEED_ACCEPT", "MAX_ITEMS", "Http", "HttpSettings", "Response", "TooLarge",
           "decode_body", "feed_result", "fetch_feeds", "parse_feed"]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)


def fetch_feeds(
    http: Http,
    sources: Iterable[FeedSource],
    caches: dict[str, HttpCache],
    parse: Callable[[FeedSource, Response], Any],
    progress: Callable[[int], None] | None = None,
) -> list[Any]:
    """Fetch feeds concurrently (bounded by the client's settings); ``parse`` turns each response into a result.

    ``parse`` may hand CPU work to another process and return a future; results keep input order.
    """
    sources = list(sources)

    def one(source: FeedSource) -> Any:
        response = get_feed(http, source.url, caches.get(source.url), accept=FEED_ACCEPT)
        out = parse(source, response)
        if progress:
            progress(1)
        return out

    with ThreadPoolExecutor(max_workers=http.settings.concurrency, thread_name_prefix="fetch") as pool:
        return list(pool.map(one, sources))


def feed_result(source: FeedSource, response: Response) -> FeedResult:
    """A response → FeedResult: 304, HTTP/network problem, or parsed entries, with validators kept."""
    if response.problem:
        return FeedResult(source=source, problem=response.problem, status=response.status)
    if response.not_modified:
        return FeedResult(source=source, not_modified=True, status=304)
    result = parse_feed(source, response.body, response.headers, response.final_url)
    result.status = response.status
    result.final_url = response.final_url
    if response.url != source.url and not result.problem:  # a home page: say which feed it links was read
        found = f"a web page, not a feed: read the feed it links, {response.url}"
        result.warning = "; ".join(w for w in (found, result.warning) if w)
    lowered = {k.lower(): v for k, v in response.headers.items()}
    result.etag = lowered.get("etag")
    result.last_modified = lowered.get("last-modified")
    return result
