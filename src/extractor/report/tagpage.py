"""``extractor tag TEXT --html``: the text with every quantity, time and place highlighted.

displaCy (``style="ent"``, ``manual=True``, character offsets, so "62,95%" shows as written).
Its ent style draws one layer of non-overlapping marks, so overlapping spans are settled before
rendering: longest first, each kept only where it overlaps nothing kept before ("3.215/6.102 hộ
nghèo" hides the numbers inside it).
"""
from __future__ import annotations

import html

from spacy import displacy

from ..models import Article
from ..pipeline import load

_LAYERS = {"quantities": "q", "times": "t", "places": "p"}

# The mark's text is exactly the text it covers; the label is drawn by CSS from data-label.
_MARK = '<mark class="{cls}" data-label="{label}">{text}</mark>'

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
.entities{white-space:pre-wrap;line-height:2.2;border:1px solid #ddd;padding:1rem}
mark{padding:.1em .2em;border-radius:.3em}
mark::after{content:attr(data-label);font-size:.7em;font-weight:bold;margin-left:.3em;opacity:.7}
mark.q{background:#cfe3ff}mark.t{background:#d7f5d0}mark.p{background:#ffe2bf}
"""

_LEGEND = ('<p class=legend><mark class=q data-label=unit>quantity</mark> <mark class=t data-label=kind>time</mark> '
           '<mark class=p data-label=level>place</mark></p>')


def tag_html(text: str) -> str:
    """A page of the clean text with its recogniser spans highlighted."""
    a = Article(id="text", text=text, title=text.split("\n", 1)[0][:80])
    marks, owner = [], [False] * len(text)
    for s, e, label, cls in sorted(_spans(a), key=lambda span: (span[0] - span[1], span[0])):
        if s < e and not any(owner[s:e]):
            # displaCy escapes the text but puts the label into the template as it is
            marks.append({"start": s, "end": e, "label": _e(label), "params": {"cls": cls}})
            owner[s:e] = [True] * (e - s)
    body = displacy.render({"text": text, "ents": marks}, style="ent", manual=True, jupyter=False,
                           options={"template": _MARK})
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(a.title)}</title>'
            f"<style>{_CSS}</style></head><body><h1>{_e(a.title)}</h1>{_LEGEND}{body}</body></html>\n")


def _spans(a: Article) -> list[tuple[int, int, str, str]]:
    """(start, end, label, layer) of every recogniser span, found as ``extract`` finds them but
    without the fact rules."""
    nlp = load()
    doc = nlp.make_doc(a.text)
    doc._.url, doc._.when, doc._.province_hint = a.url, a.published, None
    for name, proc in nlp.pipeline:
        if name != "poverty_facts":
            doc = proc(doc)
    return [(s.start_char, s.end_char, s.label_, cls) for key, cls in _LAYERS.items() for s in doc.spans[key]]


def _e(s: str) -> str:
    return html.escape(s, quote=True)
