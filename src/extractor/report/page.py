"""The review page of ``extractor report``: one self-contained HTML file.

Python turns the articles into compact JSON (facts as arrays, places and articles as tables,
values already written as a person reads them), gzips it and embeds it as base64; the page's
own script (``assets/report.js``, written for this project, no library) unpacks it with the
browser's ``DecompressionStream`` and draws only what is on screen: one page of table rows,
the one article open, the charts when their tab is opened. So a page of 5,000 articles is a
few megabytes and opens in about a second.
"""
from __future__ import annotations

import base64
import gzip
import json
import re
from importlib import resources
from urllib.parse import urlsplit

from ..io import ReadFailure
from ..models import Article, Fact
from ..text import fold, fold_phrase, without_surrogates
from . import values

# What each position of a fact's array holds; report.js reads the same order (F_* there).
FACT_FIELDS = ("article", "indicator", "kind", "value", "range", "unit", "bound", "status", "population",
               "place", "year", "time_text", "value_text", "start", "end", "sent_start", "sent_end",
               "attributes", "x", "point", "date", "period")
ARTICLE_FIELDS = ("id", "title", "url", "published", "outlet", "path", "why_no_facts", "normalized")
PLACE_FIELDS = ("label", "level", "name", "type", "code", "province", "current", "current_province",
                "current_code")

_DIGIT = re.compile(r"\d")


def _asset(name: str) -> str:
    return resources.files("extractor.report").joinpath("assets", name).read_text("utf-8")


_REASONS = {"off_topic": "off-topic", "no_numbers": "no numbers", "no_facts": "numbers, no facts"}


def why_no_facts(article: Article) -> str:
    """Why an article gave no fact: the reason extraction gave, else what its text tells (no
    numbers, off-topic, or neither), for articles stored before extraction gave one."""
    if article.facts:
        return ""
    if article.reason:
        return _REASONS.get(article.reason, article.reason)
    if not article.relevant:
        return "off-topic"
    if not _DIGIT.search(article.text):
        return "no numbers"
    key = fold(article.text)
    if not any(w in key for w in _topic_words()):
        return "off-topic"
    return "numbers, no facts"


def _topic_words() -> list[str]:
    if not hasattr(_topic_words, "cache"):
        _topic_words.cache = [fold_phrase(w) for w in values.words()["topic_words"]]
    return _topic_words.cache


def outlet_of(article: Article) -> str:
    if article.source:
        return article.source
    host = urlsplit(article.url).hostname if article.url else None
    return (host or "").removeprefix("www.")


def _title(article: Article, limit: int = 120) -> str:
    """The article's title, else its first line (cut at a word), so no row reads as a bare id; a
    line "…" (text left out, in an article read from a dataset) is no title."""
    if article.title:
        return article.title
    line = next((ln.strip() for ln in article.text.splitlines() if ln.strip() not in ("", "…")), "")
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


def _safe_url(url: str | None) -> str | None:
    # never a javascript: (or any other scheme's) link from an input file
    return url if url and url.startswith(("http://", "https://")) else None


def _sentence_bounds(text: str, fact: Fact) -> tuple[int, int]:
    ev = fact.evidence
    s = text.find(ev.sentence, max(0, ev.start - len(ev.sentence)), ev.end + len(ev.sentence))
    if s < 0 or not s <= ev.start <= ev.end <= s + len(ev.sentence):
        return ev.start, ev.end
    return s, s + len(ev.sentence)


class _Places:
    """Distinct locations, each one row of the page's place table."""

    def __init__(self):
        self.rows: list[list] = []
        self.index: dict[tuple, int] = {}

    def of(self, fact: Fact) -> int:
        loc = fact.location
        if loc is None:
            return -1
        key = (loc.level, loc.name, loc.type, loc.code, loc.province,
               loc.current.model_dump_json() if loc.current else None)
        if key not in self.index:
            cur = loc.current
            cur_province = (cur.name if cur.level == "province" else cur.province or "") if cur else ""
            self.index[key] = len(self.rows)
            self.rows.append([values.place_text(loc), loc.level, loc.name, loc.type or "", loc.code or "",
                              values.province_of(loc), values.current_text(loc), cur_province,
                              cur.code or "" if cur else ""])
        return self.index[key]


def _fact_row(i: int, text: str, f: Fact, places: _Places) -> list:
    t = f.time
    s0, s1 = _sentence_bounds(text, f)
    year = t.year if t.year is not None else (t.period[1] if t.period else None)
    return [i, f.indicator, f.kind, f.value, list(f.range) if f.range else None, f.unit, f.bound, f.status,
            f.population, places.of(f), year, values.time_text(t), values.value_text(f),
            f.evidence.start, f.evidence.end, s0, s1,
            ", ".join(f"{k}={v}" for k, v in f.attributes.items()), values.chart_x(t), t.point, t.date,
            list(t.period) if t.period else None]


def report_data(articles: list[Article], failures: list[ReadFailure] = ()) -> dict:
    """Everything the page shows, as compact JSON-ready lists (field names in ``*_FIELDS``)."""
    places = _Places()
    rows, texts, facts = [], [], []
    for i, a in enumerate(articles):
        rows.append([a.id, _title(a), _safe_url(a.url), a.published, outlet_of(a), a.path,
                     why_no_facts(a), int(a.normalized)])
        texts.append(a.text)
        facts.extend(_fact_row(i, a.text, f, places) for f in a.facts)
    return {"fields": {"fact": FACT_FIELDS, "article": ARTICLE_FIELDS, "place": PLACE_FIELDS},
            "articles": rows, "texts": texts, "facts": facts, "places": places.rows,
            "failures": [[f.path, f.reason] for f in failures],
            "statuses": values.words()["statuses"]}


def pack(data: dict) -> str:
    """The data as base64 of gzipped JSON: about a quarter of the plain JSON's size."""
    # lone surrogates (a file name's undecodable bytes, say) as U+FFFD: UTF-8 cannot hold them
    raw = without_surrogates(json.dumps(data, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def render_report(articles: list[Article], failures: list[ReadFailure] = (), title: str = "Extraction report") -> str:
    """The whole page as one string."""
    page = _asset("report.html")
    parts = {"TITLE": _escape(title), "CSS": _asset("report.css"), "JS": _asset("report.js"),
             "DATA": pack(report_data(list(articles), list(failures)))}
    return re.sub(r"\{\{(TITLE|CSS|JS|DATA)\}\}", lambda m: parts[m.group(1)], page)


def _escape(s: str) -> str:
    import html
    return html.escape(s, quote=True)
