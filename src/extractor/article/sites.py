"""Site adapters: page layouts described as data in ``patterns/sites/*.yaml``.

An adapter names the hosts it serves (glob patterns), optional page signatures (CSS selectors
or regexes on the HTML) that recognise the layout on unknown hosts, CSS selectors for each
field, selectors of boilerplate to drop, date formats and lead prefixes to strip. The adapter
named ``generic`` is the fallback; its ``drop`` and ``boilerplate`` lists apply to every page.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractor.patterns import parse_yaml

SITES_DIR = Path(__file__).resolve().parent.parent / "patterns" / "sites"
FIELDS = ("title", "date", "author", "lead", "body", "captions")


@dataclass
class SiteAdapter:
    name: str
    site_name: str | None = None
    hosts: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # CSS selectors
    signature_text: list[re.Pattern] = field(default_factory=list)  # regexes on the raw HTML
    selectors: dict[str, list[str]] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)
    date_formats: list[str] = field(default_factory=list)
    lead_strip: list[re.Pattern] = field(default_factory=list)
    boilerplate: list[re.Pattern] = field(default_factory=list)  # whole lines to remove
    cut_after: list[re.Pattern] = field(default_factory=list)  # lines after which the article is over
    use_trafilatura_body: bool = False
    source: str = ""

    def select(self, what: str) -> list[str]:
        return self.selectors.get(what, [])

    def host_score(self, host: str | None) -> int:
        """How specifically a host pattern matches (0 = not at all): literal characters count."""
        if not host:
            return 0
        host = host.lower().rstrip(".")
        best = 0
        for pattern in self.hosts:
            if fnmatch.fnmatchcase(host, pattern.lower()):
                best = max(best, 1 + len(pattern.replace("*", "").replace("?", "")))
        return best


def _patterns(values, flags=re.I) -> list[re.Pattern]:
    return [re.compile(v, flags) for v in values or []]


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def adapter_from_dict(data: dict, source: str = "") -> SiteAdapter:
    sig = data.get("signatures") or {}
    if isinstance(sig, list):
        sig = {"selectors": sig}
    selectors = {k: _as_list(v) for k, v in (data.get("selectors") or {}).items()}
    unknown = set(selectors) - set(FIELDS)
    if unknown:
        raise ValueError(f"{source}: unknown selector fields {sorted(unknown)}")
    return SiteAdapter(
        name=data["name"], site_name=data.get("site_name"), hosts=_as_list(data.get("hosts")),
        signatures=_as_list(sig.get("selectors")), signature_text=_patterns(sig.get("text")),
        selectors=selectors, drop=_as_list(data.get("drop")), date_formats=_as_list(data.get("date_formats")),
        lead_strip=_patterns(data.get("lead_strip")), boilerplate=_patterns(data.get("boilerplate")),
        cut_after=_patterns(data.get("cut_after")), use_trafilatura_body=bool(data.get("use_trafilatura_body")),
        source=source,
    )


@lru_cache(maxsize=4)
def load_adapters(directory: str | None = None) -> tuple[SiteAdapter, ...]:
    folder = Path(directory) if directory else SITES_DIR
    adapters = []
    for path in sorted(folder.glob("*.yaml")):
        with open(path, encoding="utf-8") as fh:
            data = parse_yaml(fh.read())
        adapters.append(adapter_from_dict(data, source=path.name))
    if not any(a.name == "generic" for a in adapters):
        adapters.append(SiteAdapter(name="generic", use_trafilatura_body=True))
    return tuple(adapters)


def generic_adapter(adapters: tuple[SiteAdapter, ...] | None = None) -> SiteAdapter:
    return next(a for a in adapters or load_adapters() if a.name == "generic")


def choose_adapter(host: str | None, soup, raw_html: str, adapters: tuple[SiteAdapter, ...] | None = None,
                   select=None) -> SiteAdapter:
    """By host first (most specific pattern wins), else by page signature, else generic.
    ``select(selector)``, when given, stands for ``soup.select`` (an index of the page)."""
    select = select or soup.select
    adapters = adapters or load_adapters()
    scored = [(a.host_score(host), a) for a in adapters if a.name != "generic"]
    scored = [(s, a) for s, a in scored if s]
    if scored:
        return max(scored, key=lambda pair: pair[0])[1]
    head = raw_html[:200_000]
    for adapter in adapters:
        if adapter.name == "generic":
            continue
        if any(p.search(head) for p in adapter.signature_text):
            return adapter
        if any(select(sel) for sel in adapter.signatures):
            return adapter
    return generic_adapter(adapters)
