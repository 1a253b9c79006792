"""Links: the canonical form that identifies an article, and the form a reader should click."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "without_tracking"]


# Query parameters that only say where a click came from; they never change which article a link names.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"ocid|cmpid|cmp|ito|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee|rss|src|ref|ref_src|"
    r"smid|smtyp|partner|share|sh|spm|at_medium|at_campaign|__twitter_impression|cid|"
    r"ncid|icid|mkt_tok|guccounter|guce_referrer|guce_referrer_sig|_ga|oly_anon_id|oly_enc_id|"
    r"vero_id|vero_conv|s_cid|wt\.mc_id|wt\.mc_ev|sr_share|rss_source|xtor)$",
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
