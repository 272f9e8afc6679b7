"""One article's clean text through the recognisers and the fact rules, as plain calls.

This is what the spaCy pipeline's components do (``pipeline`` wraps these same functions for a
``Doc``), without building a ``Doc``: ``extract``, ``dataset build`` and ``watch`` need the
facts, not spans, and spaCy is imported only where a user asks for it (``load()``, ``tag``,
``report``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .text import fold, sentences


@dataclass
class Analysis:
    """What the pipeline writes on a Doc: the recognised items, the fact drafts the relevance
    filter kept, whether the article is on topic, and the place it is about."""
    text: str
    key: str
    quantities: list
    times: list
    places: list
    drafts: list
    relevant: Optional[bool]
    default_place: object = None


def recognise(text: str, key: str, province_hint: Optional[str] = None, when: Optional[str] = None):
    """The quantities, times and places of ``text`` (``key`` is its fold)."""
    from .nlp.places import get_linker
    from .nlp.quantities import find_quantities
    from .nlp.times import find_times

    return (find_quantities(key, text), find_times(key, text),
            get_linker().find(key, text, province_hint, when))


def find_facts(text: str, key: str, quantities: list, times: list, places: list, url: Optional[str] = None,
               when: Optional[str] = None, province_hint: Optional[str] = None, default=None, province=None):
    """The fact drafts of a tagged text that the relevance filter keeps, whether the text is on
    topic, and the article's own place (``default``, when it is not given)."""
    from .facts.document import caption_spans, outside_captions, outside_merged, outside_venues, own_place, \
        province_of, slug_time
    from .facts.engine import FactBuilder
    from .facts.relevance import filter_facts
    from .nlp.places import get_linker

    # a number word that begins a place's name is no quantity ("huyện Năm Căn", "Năm Căn: …")
    if places and quantities:
        quantities = _outside_names(quantities, places)
    captions = caption_spans(text)
    places = outside_merged(key, outside_venues(text, outside_captions(captions, places or [])))
    if default is None:
        default, fallback = own_place(text, places, url, when, province_hint, key)
        province = province or province_of(default, places) or fallback
    # units named bare inside the article's place or a district it names with its type word
    parents = ([default] if default is not None and default.level in ("province", "district") else []) + \
        [p for p in places if p.level == "district" and p.code]
    if parents:
        places = sorted(places + get_linker().bare_children(text, key, places, parents), key=lambda p: p.start)
    builder = FactBuilder(text, key, sentences(text), quantities or [], times or [], places, default, province,
                          published=when, captions=tuple(captions), span=slug_time(url))
    drafts, relevant = filter_facts(text, key, builder.build(), url)
    return drafts, relevant, default


def analyse(text: str, url: Optional[str] = None, when: Optional[str] = None,
            province_hint: Optional[str] = None) -> Analysis:
    """Recognisers and fact rules over the clean ``text`` with the document's metadata."""
    key = fold(text)
    quantities, times, places = recognise(text, key, province_hint, when)
    drafts, relevant, default = find_facts(text, key, quantities, times, places, url, when, province_hint)
    return Analysis(text, key, quantities, times, places, drafts, relevant, default)


def _outside_names(quantities: list, places: list) -> list:
    """The quantities that do not start inside a place's name (places do not overlap)."""
    from bisect import bisect_right

    named = sorted((p.start, p.end) for p in places)
    starts = [a for a, _ in named]
    out = []
    for q in quantities:
        i = bisect_right(starts, q.start) - 1
        if i < 0 or not named[i][0] <= q.start < named[i][1]:
            out.append(q)
    return out


def fact_dicts(drafts, clean: str, when: Optional[str] = None) -> list[dict]:
    """The drafts as the contract's facts, each identity once, as plain dicts: each equals
    ``Fact.model_dump(mode="json", exclude={"doc"})`` of the public ``Fact`` (a test holds them
    equal), without building one."""
    out: list[dict] = []
    seen = set()
    for d in drafts or []:
        ident = d.identity()
        if ident in seen:
            continue
        seen.add(ident)
        out.append(fact_dict(d, clean, when))
    return out


def fact_dict(d, clean: str, when: Optional[str] = None) -> dict:
    """One draft as the fields of ``models.Fact`` in their order (JSON types: lists, not tuples).
    A province renamed since is named as it was at ``when`` (the article's date), else at the
    figure's year."""
    loc = None
    if d.location is not None:
        p = d.location
        cur = p.current
        current = ({k: cur.get(k) for k in ("level", "name", "type", "code", "province")}
                   if cur and cur.get("level") in ("province", "commune") else None)
        loc = {"level": p.level, "name": p.name, "type": p.type, "code": p.code,
               "era": getattr(p, "structure", None) if p.code else None, "province": p.province,
               "current": current}
        from .nlp.places import get_linker
        year = d.year or (d.period[1] if d.period else None)
        former = get_linker().former_province(p.province_code, when or (str(year) if year else None)) \
            if getattr(p, "structure", None) != "2025" else None
        if former is not None:
            loc["province"] = former["name"]
            if p.level == "province":
                loc["name"], loc["type"] = former["name"], former["type"]
    s, e = d.sentence
    return {
        "indicator": d.indicator, "kind": d.kind, "value": d.value,
        "range": list(d.range) if d.range is not None else None, "unit": d.unit, "bound": d.bound,
        "status": d.status, "population": d.population, "location": loc,
        "time": {"year": d.year, "point": d.point, "date": d.date,
                 "period": list(d.period) if d.period is not None else None},
        "attributes": dict(d.attributes),
        "evidence": {"start": d.start, "end": d.end, "text": clean[d.start:d.end], "sentence": clean[s:e]},
    }
