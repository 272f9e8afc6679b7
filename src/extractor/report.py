"""``extractor report``: one self-contained HTML page to check facts against their text.

Per article: title, address, date; a table of its facts; the text with every quantity, time and
place highlighted by displaCy (``style="ent"``, ``manual=True``, character offsets, so "62,95%"
shows as written). Each fact row links to its evidence in the text, and the evidence back to
the row.

displaCy's ent style draws one layer of non-overlapping marks, so overlaps are settled before
rendering: evidence first (every fact must have its mark and anchor), then the recogniser spans,
longest first, each kept only where it overlaps nothing kept before. Evidence lies on or inside a
recogniser span ("3.215" and "6.102 hộ nghèo" inside "3.215/6.102 hộ nghèo"), so the hidden span
is the compound one. The span style would draw overlaps, but over tokens joined by spaces
("62 , 95 %") and with no place for an anchor.
"""
from __future__ import annotations

import argparse
import html
import sys
from collections import Counter
from functools import partial

from spacy import displacy

from .batch import extract_each
from .io import ReadFailure, iter_inputs
from .models import Article, Fact
from .pipeline import load
from .text import clean_text

_LAYERS = {"quantities": "q", "times": "t", "places": "p"}

# The mark's text is exactly the text it covers; the label is drawn by CSS from data-label.
_MARK = '<mark class="{cls}"{attrs} data-label="{label}">{before}{text}{after}</mark>'

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:13px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
.entities{white-space:pre-wrap;line-height:2.2;border:1px solid #ddd;padding:1rem}
mark{padding:.1em .2em;border-radius:.3em}
mark::after{content:attr(data-label);font-size:.7em;font-weight:bold;margin-left:.3em;opacity:.7}
mark.q{background:#cfe3ff}mark.t{background:#d7f5d0}mark.p{background:#ffe2bf}
mark.ev{background:#ffef8a;outline:2px solid #c9a400}
mark a{color:inherit;text-decoration:none}
:target{outline:3px solid #d00 !important;background:#ffd0d0}
.meta{color:#555}.failed{color:#a00}
"""


def render_report(articles: list[Article], failures: list[ReadFailure] = ()) -> str:
    """The whole page: a summary, then each article's facts and highlighted text."""
    articles = list(articles)
    per_indicator = Counter(f.indicator for a in articles for f in a.facts)
    n_facts = sum(per_indicator.values())
    rows = "".join(f"<tr><td>{_e(k)}</td><td>{n}</td></tr>" for k, n in sorted(per_indicator.items()))
    summary = (f"<p class=summary>{len(articles)} articles, {n_facts} facts"
               + (f", <span class=failed>{len(failures)} inputs failed</span>" if failures else "")
               + "</p>" + (f"<table><tr><th>indicator</th><th>facts</th></tr>{rows}</table>" if rows else ""))
    if failures:
        summary += "<ul class=failed>" + "".join(f"<li>{_e(f.path)}: {_e(f.reason)}</li>" for f in failures) + "</ul>"
    toc = "".join(f'<li><a href="#a{i}">{_e(a.title or a.path or a.id)}</a> ({len(a.facts)} facts)</li>'
                  for i, a in enumerate(articles))
    body = summary + f"<ol>{toc}</ol>" + "".join(_article_html(i, a) for i, a in enumerate(articles))
    return _page("Extraction report", body)


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_CSS}</style></head><body><h1>{_e(title)}</h1>{_LEGEND}{body}</body></html>\n")


_LEGEND = ('<p class=legend><mark class=ev data-label=indicator>a fact\'s evidence</mark> (click: its row) '
           '<mark class=q data-label=unit>quantity</mark> <mark class=t data-label=kind>time</mark> '
           '<mark class=p data-label=level>place</mark></p>')


def _article_html(i: int, a: Article) -> str:
    meta = [_link(a.url), _e(a.published or ""), _e(a.source or ""), _e(a.path or "")]
    if a.normalized:
        meta.append("text normalised (NFC, line ends)")
    anchor, text = _highlighted(i, a.text, _spans(a), a.facts)
    table = _facts_table(i, a.facts, anchor) if a.facts else "<p>No facts.</p>"
    return (f'<section id="a{i}"><h2>{_e(a.title or a.id)}</h2>'
            f'<p class="meta">{" · ".join(m for m in meta if m)}</p>{table}{text}</section>')


def _spans(a: Article) -> list[tuple[int, int, str, str]]:
    """(start, end, label, layer) of every recogniser span, found as ``extract`` found them (the
    address gives the province hint) but without the fact rules, which cost more than the rest."""
    from .nlp.places import province_of_host

    ref = province_of_host(a.url or a.source) if (a.url or a.source) else None
    nlp = load()
    doc = nlp.make_doc(a.text)
    doc._.url, doc._.when, doc._.province_hint = a.url, a.published, ref.name if ref else None
    for name, proc in nlp.pipeline:
        if name != "poverty_facts":
            doc = proc(doc)
    return [(s.start_char, s.end_char, s.label_, cls) for key, cls in _LAYERS.items() for s in doc.spans[key]]


def _highlighted(i: int, text: str, spans, facts: list[Fact]) -> tuple[dict, str]:
    """The text as displaCy marks, and the anchor id of each fact's evidence (start, end)."""
    by_evidence: dict[tuple[int, int], list[int]] = {}
    for j, f in enumerate(facts):
        by_evidence.setdefault((f.evidence.start, f.evidence.end), []).append(j)
    owner: list = [None] * len(text)  # per character: the anchor of its evidence mark, or True
    marks, anchor = [], {}
    for s, e in sorted(by_evidence, key=_longest_first):
        rows = by_evidence[(s, e)]
        held = next((o for o in owner[s:e] if o is not None), None)
        if held is not None:  # overlapping evidence: link to the mark that holds its characters
            anchor[(s, e)] = held
            continue
        anchor[(s, e)] = ident = f"a{i}-e{s}-{e}"
        label = ", ".join(dict.fromkeys(facts[j].indicator for j in rows))
        marks.append(_mark(s, e, label, "ev", f' id="{ident}"', f'<a href="#a{i}-f{rows[0]}">', "</a>"))
        owner[s:e] = [ident] * (e - s)
    for s, e, label, cls in sorted(spans, key=_longest_first):
        if s < e and all(o is None for o in owner[s:e]):
            marks.append(_mark(s, e, label, cls))
            owner[s:e] = [True] * (e - s)
    return anchor, displacy.render({"text": text, "ents": marks}, style="ent", manual=True, jupyter=False,
                                   options={"template": _MARK})


def _longest_first(span) -> tuple[int, int]:
    return span[0] - span[1], span[0]


def _mark(s, e, label, cls, attrs="", before="", after="") -> dict:
    # displaCy escapes the text but puts label and params into the template as they are
    return {"start": s, "end": e, "label": _e(label),
            "params": {"cls": cls, "attrs": attrs, "before": before, "after": after}}


_COLUMNS = ("#", "indicator", "kind", "value", "unit", "bound", "status", "population", "time",
            "place", "attributes", "evidence")


def _facts_table(i: int, facts: list[Fact], anchor: dict) -> str:
    head = "".join(f"<th>{c}</th>" for c in _COLUMNS)
    rows = []
    for j, f in enumerate(facts):
        value = "–".join(_num(v) for v in f.range) if f.range else _num(f.value)
        loc = f.location
        place = f"{loc.type or ''} {loc.name}".strip() if loc else ""
        t = f.time
        time = " ".join(x for x in (str(t.year or ""), t.point or "", t.date or "",
                                    "–".join(map(str, t.period)) if t.period else "") if x)
        attrs = ", ".join(f"{k}={v}" for k, v in f.attributes.items())
        ev = f.evidence
        cells = [str(j + 1), f.indicator, f.kind, value, f.unit, f.bound, f.status, f.population or "",
                 time, place, attrs]
        rows.append(f'<tr id="a{i}-f{j}">' + "".join(f"<td>{_e(c)}</td>" for c in cells)
                    + f'<td><a href="#{anchor[(ev.start, ev.end)]}" title="{_e(ev.sentence)}">'
                    f"{_e(ev.text)}</a></td></tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _num(v) -> str:
    if v is None:
        return ""
    return f"{v:,}".replace(",", "\u202f") if isinstance(v, int) else str(v)


def _link(url: str | None) -> str:
    if not url:
        return ""
    if url.startswith(("http://", "https://")):  # never a javascript: link from an input file
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _e(url)


def _e(s: str) -> str:
    return html.escape(s, quote=True)


# ------------------------------------------------------------------ command line

def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report", help="an HTML page of the facts, each linked to its highlighted evidence",
        description="Extract facts from files, folders or stdin ('-') and write one self-contained "
                    "HTML page. Exit 1 if some input failed (the rest is rendered), 2 on usage errors.")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders (recursive), or - for stdin")
    p.add_argument("-o", "--output", metavar="FILE", help="output HTML file (default: stdout)")
    p.set_defaults(func=report_cmd)
    tag = subparsers.choices.get("tag")
    if tag is not None:  # `extractor tag TEXT --html`: the same highlights, without facts
        tag.add_argument("--html", action="store_true", help="an HTML page of the highlights instead of JSON")
        tag.set_defaults(func=partial(_tag_html, plain=tag.get_default("func")))
    return p


def report_cmd(args) -> int:
    out = sys.stdout
    if args.output:
        try:  # before the work: a wrong path is a usage error
            out = open(args.output, "w", encoding="utf-8")
        except OSError as err:
            print(f"extractor report: cannot write {args.output}: {err}", file=sys.stderr)
            return 2
    inputs = args.inputs or ["-"]
    articles, failures = [], []
    for item in extract_each(iter_inputs(inputs, stdin=sys.stdin.buffer if "-" in inputs else None)):
        if isinstance(item, ReadFailure):  # one bad document must not stop the report
            print(f"extractor: {item.path}: {item.reason}", file=sys.stderr)
            failures.append(item)
        else:
            articles.append(item)
    out.write(render_report(articles, failures))
    if out is not sys.stdout:
        out.close()
    return 1 if failures else 0


def _tag_html(args, plain) -> int:
    if not args.html:
        return plain(args)
    text = clean_text(sys.stdin.read() if args.text == "-" else args.text)
    a = Article(id="text", text=text, title=text.split("\n", 1)[0][:80])
    sys.stdout.write(_page(a.title, _highlighted(0, text, _spans(a), [])[1]))
    return 0
