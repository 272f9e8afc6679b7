"""Sitemaps (``sitemap.xml``, Google News sitemaps, sitemap indexes) -> article links.

A sitemap lists pages (``<urlset><url><loc>``), a news sitemap adds each page's title and
publication date (``<news:news>``), and an index lists other sitemaps (``<sitemapindex>``).
The monitor fetches an index's children with the same politeness as any request, newest first
and a bounded number of them, since a site's index can list thousands of monthly sitemaps.
"""
from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from ..article import parse_iso
from .feeds import Entry

__all__ = ["NotASitemapError", "Sitemap", "parse_sitemap", "MAX_CHILD_SITEMAPS", "MAX_SITEMAP_PAGES"]

# Children of an index read per poll, and pages taken from one sitemap: the most recent ones
# hold the new articles, and a site's full sitemap would queue its whole archive.
MAX_CHILD_SITEMAPS = 5
MAX_SITEMAP_PAGES = 500
_MAX_INFLATED = 50 * 1024 * 1024  # a .xml.gz sitemap is at most 50 MB uncompressed (the protocol's cap)


class NotASitemapError(ValueError):
    pass


@dataclass
class Sitemap:
    entries: list[Entry] = field(default_factory=list)   # article pages
    children: list[str] = field(default_factory=list)    # sitemaps an index points to, newest first


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(node, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def _find(node, name: str):
    return next((c for c in node.iter() if _local(c.tag) == name), None)


def _inflate(body: bytes) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, _MAX_INFLATED)
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise NotASitemapError(f"bad gzip data: {exc}") from None
    if inflater.unconsumed_tail:
        raise NotASitemapError(f"larger than {_MAX_INFLATED} bytes uncompressed")
    return data


def parse_sitemap(body: bytes, url: str) -> Sitemap:
    """The pages (or, for an index, the child sitemaps) of a sitemap fetched from ``url``.

    Raises ``NotASitemapError`` (the message names ``url``) when the body is no sitemap."""
    try:
        data = _inflate(body)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        root = etree.fromstring(data, parser)
    except NotASitemapError as exc:
        raise NotASitemapError(f"{url}: not a sitemap ({exc})") from None
    except etree.XMLSyntaxError as exc:
        raise NotASitemapError(f"{url}: not a sitemap (not XML: {exc})") from None
    kind = _local(root.tag)
    out = Sitemap()
    if kind == "sitemapindex":
        dated = []
        for i, node in enumerate(n for n in root if _local(n.tag) == "sitemap"):
            loc = _child_text(node, "loc")
            if loc:
                dated.append((_child_text(node, "lastmod") or "", -i, urljoin(url, loc)))
        # newest first by lastmod; without dates, the order of the index reversed (sites append)
        out.children = [u for _, _, u in sorted(dated, reverse=True)]
        return out
    if kind != "urlset":
        raise NotASitemapError(f"{url}: not a sitemap (root element <{kind}>, not <urlset> or <sitemapindex>)")
    for node in root:
        if _local(node.tag) != "url":
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        news = _find(node, "news")
        title = _child_text(news, "title") if news is not None else None
        when = (_child_text(news, "publication_date") if news is not None else None) or _child_text(node, "lastmod")
        out.entries.append(Entry(url=urljoin(url, loc), title=title, published=_date(when),
                                 modified=_child_text(node, "lastmod")))
    if len(out.entries) > MAX_SITEMAP_PAGES:  # the newest, where dates say; else the last listed
        order = sorted(range(len(out.entries)), key=lambda i: (out.entries[i].published or "", i), reverse=True)
        keep = set(order[:MAX_SITEMAP_PAGES])
        out.entries = [e for i, e in enumerate(out.entries) if i in keep]
    return out


def _date(text: str | None) -> str | None:
    if not text:
        return None
    try:
        return parse_iso(text)
    except (ValueError, TypeError):
        return None
