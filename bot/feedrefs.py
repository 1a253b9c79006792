"""What may name a feed: an http(s) URL, a local feed file the user chose, and ``folder:`` references in profiles."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

#: A profile's ``feeds:`` entry naming a folder (and its subfolders) rather than one feed.
FOLDER_PREFIX = "folder:"


def check_feed_url(url: str) -> str:
    """A feed is http(s) with a host, or a local file the user named (``file:///abs/path``). Reading input the
    user chose is fine; links found *inside* feeds stay http(s)-only (:func:`bot.urls.safe_link`)."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() == "file" and parts.path.startswith("/") and parts.netloc in ("", "localhost"):
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http:// or https:// URL (or a file:/// path)")
    return url


def feed_location(text: str) -> str:
    """What a user typed for a feed → its URL: http(s) and ``file:`` as given, an existing file as ``file://``."""
    text = text.strip()
    if urlsplit(text).scheme.lower() in ("http", "https", "file"):
        return check_feed_url(text)
    path = Path(text).expanduser()
    if path.is_file():
        return path.resolve().as_uri()
    raise ValueError(f"{text!r} is not an http:// or https:// URL, nor an existing file")


def in_folder(folder: str | None, wanted: str) -> bool:
    """'World/Europe' is in folder 'World' and in 'World/Europe'; not in 'Worldwide'."""
    wanted = wanted.strip().strip("/")
    return folder is not None and (folder == wanted or folder.startswith(wanted + "/"))


def clean_folder(folder: str | None) -> str | None:
    """' /World//Europe/ ' → 'World/Europe'; an empty path is no folder."""
    if folder is None:
        return None
    return "/".join(p.strip() for p in folder.split("/") if p.strip()) or None
