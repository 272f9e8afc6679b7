"""A site's listing page (a section front, "tin mới") -> the links on it that look like articles.

Which links count is data: the ``listing`` key of ``patterns/sites/generic.yaml`` (URL shapes of
articles, URL shapes to skip), to which the adapter of the listing's host may add CSS selectors
of its article links and shapes of its own.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import yaml
from bs4 import BeautifulSoup

from ..article import decode_html
from ..article.sites import SITES_DIR, adapter_from_dict
from .feeds import Entry


@dataclass
class ListingRules:
    links: list[str] = field(default_factory=list)  # CSS selectors; empty means every <a href>
    article_url: list[re.Pattern] = field(default_factory=list)
    skip_url: list[re.Pattern] = field(default_factory=list)


def _patterns(values) -> list[re.Pattern]:
    return [re.compile(v, re.I) for v in values or []]


@lru_cache(maxsize=4)
def _site_listings(directory: str | None = None) -> tuple[tuple, ...]:
    """(adapter, listing dict) for every adapter file that has a ``listing`` key."""
    out = []
    for path in sorted((Path(directory) if directory else SITES_DIR).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if data.get("listing"):
            out.append((adapter_from_dict(data, source=path.name), data["listing"]))
    return tuple(out)


@lru_cache(maxsize=256)
def listing_rules(host: str | None, directory: str | None = None) -> ListingRules:
    """The host's own rules (most specific host pattern) before the generic ones."""
    sites = _site_listings(directory)
    generic = next((rules for a, rules in sites if a.name == "generic"), {})
    scored = [(a.host_score(host), rules) for a, rules in sites if a.name != "generic"]
    own = max(scored, key=lambda pair: pair[0])[1] if any(s for s, _ in scored) else {}
    return ListingRules(
        links=list(own.get("links") or []),
        article_url=_patterns(own.get("article_url")) + _patterns(generic.get("article_url")),
        skip_url=_patterns(own.get("skip_url")) + _patterns(generic.get("skip_url")),
    )


def _site(host: str | None) -> str:
    host = (host or "").lower()
    return host[4:] if host.startswith("www.") else host


def article_links(body: bytes | str, url: str, content_type: str | None = None,
                  rules: ListingRules | None = None) -> list[Entry]:
    """Same-site links of the listing page at ``url`` whose address looks like an article
    (``rules``: those of the page's host by default)."""
    html = body if isinstance(body, str) else decode_html(body, content_type)
    with warnings.catch_warnings():  # bs4 warns about odd markup that it reads fine anyway
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html, "lxml")
    base_tag = soup.find("base", href=True)
    base = urljoin(url, base_tag["href"]) if base_tag else url
    here = urlsplit(url)
    rules = rules or listing_rules(here.hostname)
    anchors = [a for sel in rules.links for a in soup.select(sel)]
    chosen = bool(anchors)  # the site's own selectors found its article links: take them all
    if not chosen:  # no selectors, or the layout changed: judge every link by its address
        anchors = soup.find_all("a", href=True)
    seen: set[str] = set()
    out: list[Entry] = []
    for a in anchors:
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        parts = urlsplit(urljoin(base, href))
        if parts.scheme not in ("http", "https") or _site(parts.hostname) != _site(here.hostname):
            continue
        link = urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
        shape = parts.path + ("?" + parts.query if parts.query else "")
        if link in seen or (parts.path.rstrip("/") == here.path.rstrip("/") and parts.query == here.query):
            continue
        if any(p.search(shape) for p in rules.skip_url):
            continue
        if not chosen and not any(p.search(shape) for p in rules.article_url):
            continue
        seen.add(link)
        out.append(Entry(url=link))
    return out
