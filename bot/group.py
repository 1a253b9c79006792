"""Pure decisions about identity: canonical URLs, the same article seen twice, stories across outlets."""

from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.models import Article, Story

# Query parameters that only say where a click came from; they never change which article a link names.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"ocid|cmpid|cmp|ito|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|rss|src|ref|ref_src|"
    r"smid|smtyp|partner|share|sh|spm|at_medium|at_campaign|__twitter_impression|cid)$",
    re.IGNORECASE,
)


def canonical_url(url: str | None) -> str | None:
    """The same article's link with and without tracking noise gives the same string.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters and a
    trailing slash, and sorts what query remains. Path case is kept: servers may honour it.
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"  # the same page is routinely linked both ways
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def without_tracking(url: str | None) -> str | None:
    """The link as published, minus tracking parameters: what a reader should click and share."""
    if not url:
        return url
    parts = urlsplit(url.strip())
    if not parts.query:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def _terms(article: Article) -> Counter[str]:
    text = f"{article.title} {article.title} {' '.join(article.summary)} {article.text[:3000]}"
    return Counter(w.lower() for w in _WORD.findall(text))


def group_stories(articles: list[Article], threshold: float = 0.45) -> list[Story]:
    """One story per canonical link, then articles whose words overlap strongly join one story.

    A first, conservative grouping (cosine of term counts weighted by inverse document frequency
    within the batch, single pass, greedy); stories are ordered by outlets covering them, then
    by recency. Articles inside a story keep the earliest as the lead.
    """
    seen: dict[str, Article] = {}
    unique: list[Article] = []
    for article in articles:
        key = canonical_url(article.link) or f"entry:{article.entry_id}"
        if key in seen:
            continue
        seen[key] = article
        unique.append(article)

    vectors = [_terms(a) for a in unique]
    df: Counter[str] = Counter()
    for vec in vectors:
        df.update(vec.keys())
    n = len(unique)
    weighted = []
    for vec in vectors:
        w = {t: c * math.log((1 + n) / (1 + df[t])) for t, c in vec.items() if df[t] > 1}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        weighted.append({t: x / norm for t, x in w.items()})

    # Block on each article's strongest terms so a large batch is not compared pair by pair.
    postings: dict[str, list[int]] = {}
    group_of: list[int] = []
    groups: list[list[int]] = []
    for i, vec in enumerate(weighted):
        top = sorted(vec, key=vec.__getitem__, reverse=True)[:12]
        shared = Counter(j for t in top for j in postings.get(t, ()))
        best, best_sim = None, threshold
        for j, common in shared.items():
            if common < 2:
                continue
            sim = sum(x * weighted[j].get(t, 0.0) for t, x in vec.items())
            g = group_of[j]
            if sim >= best_sim and all(unique[k].source != unique[i].source for k in groups[g]):
                best, best_sim = g, sim
        if best is None:
            best = len(groups)
            groups.append([])
        groups[best].append(i)
        group_of.append(best)
        for t in top:
            postings.setdefault(t, []).append(i)

    stories = []
    for members in groups:
        items = sorted((unique[j] for j in members), key=_time_key)
        stories.append(Story(articles=items))
    stories.sort(key=lambda s: (-len({a.source for a in s.articles}), -_newest(s)))
    return stories


def _time_key(article: Article) -> float:
    return article.published.timestamp() if article.published else math.inf


def _newest(story: Story) -> float:
    return max((a.published.timestamp() for a in story.articles if a.published), default=0.0)
