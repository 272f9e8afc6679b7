"""RSS and Atom feeds -> the article links they list, with their titles and dates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin

import feedparser

from ..article import parse_iso


@dataclass
class Entry:
    """A link to an article found on a source, with what the source says about it."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO, Vietnam time (as the article module writes dates)
    modified: str | None = None   # the source's stamp of the page's last change, as written: a new
                                  # stamp on a stored page makes the monitor fetch it again


class NotAFeedError(ValueError):
    pass


def feed_entries(body: bytes, url: str, content_type: str | None = None) -> list[Entry]:
    """The entries of an RSS/Atom document fetched from ``url`` (relative links resolved).

    Raises ``NotAFeedError`` when the body is no feed at all; an empty feed is no error."""
    if not body.strip():
        raise NotAFeedError(f"{url}: not an RSS/Atom feed (empty body)")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    if not parsed.get("version") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise NotAFeedError(f"{url}: not an RSS/Atom feed ({reason})")
    out = []
    for item in parsed.entries:
        link = item.get("link") or next((x.get("href") for x in item.get("links", []) if x.get("href")), None)
        if not link:
            continue
        out.append(Entry(url=urljoin(url, link.strip()), title=(item.get("title") or "").strip() or None,
                         published=_published(item), modified=_modified(item)))
    return out


def _modified(item) -> str | None:
    # read past feedparser's mapping, which would give the publication date for a missing <updated>
    return (dict.get(item, "updated") or "").strip() or None


def _published(item) -> str | None:
    # feedparser gives the date as a UTC struct_time; parse_iso turns it into Vietnam time
    when = item.get("published_parsed") or item.get("updated_parsed")
    if not when:
        return None
    return parse_iso(datetime(*when[:6], tzinfo=timezone.utc).isoformat())
