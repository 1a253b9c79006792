"""Links: the canonical form that identifies an article, and the form a reader should click."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "safe_link", "without_tracking"]


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
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # "http://[::1" or a port that is no number: not a web address, keep it as it came
        return url.strip()
    if not parts.scheme or not parts.netloc:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"  # the same page is routinely linked both ways
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def without_tracking(url: str | None) -> str | None:
    """The link as published, minus tracking parameters: what a reader should click and share."""
    if not url:
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # "http://[::1": no web address to clean
        return url.strip()
    if not parts.query:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


# What browsers ignore in a URL: tab, line feed and carriage return anywhere, C0 controls and spaces at either end.
# Removed here too (with the other controls), so "java\tscript:" is judged as the "javascript:" a browser runs.
_IGNORED = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_SAFE_SCHEMES = ("http", "https")


def safe_link(url: object) -> str | None:
    """The link if a reader may click it, else None: the one test for every URL that reaches output.

    Only http and https with a host pass, in any letter case. A renderer may decode HTML entities
    (``java&#x09;script:``) or percent escapes (``%6Aavascript:``) before it acts, so every
    reading of the string must be http(s), not only the literal one; relative and
    protocol-relative links, ``javascript:``, ``data:``, ``file:``, ``mailto:`` and the like are refused.
    """
    if not isinstance(url, str):
        return None
    link = _IGNORED.sub("", url).strip()
    if not link or len(link) > 8192:
        return None
    unescaped = html.unescape(link)
    readings = {link, unescaped, unquote(link), unquote(unescaped), html.unescape(unquote(link))}
    return link if all(_is_web_address(r) for r in readings) else None


def _is_web_address(url: str) -> bool:
    url = _IGNORED.sub("", url).strip()
    scheme = _SCHEME.match(url)
    if not scheme or scheme[1].lower() not in _SAFE_SCHEMES:
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # an unclosed "[" of an IPv6 host
        return False
