"""The spaCy pipeline: a tokenizer that keeps every character, then small components over one Doc.

``load()`` builds ``blank("xx")`` with:

* a tokenizer that splits letters, digits and each punctuation mark apart, so every quantity,
  time and place boundary falls on a token boundary (``doc.char_span`` is exact), and stores the
  folded matching key in ``doc._.key``;
* ``vi_quantities``, ``vi_times``, ``vi_places``: recognisers writing ``doc._.quantities`` …
  and span groups ``doc.spans["quantities"|"times"|"places"]`` (``displacy.render(doc,
  style="span", options={"spans_key": "quantities"})`` shows them);
* ``poverty_facts``: the fact rules, writing ``doc._.facts`` (drafts without the document).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .nlp.spans import span_group
from .text import fold, sentences

for _name in ("clean", "key", "quantities", "times", "places", "facts", "province_hint", "when", "url",
              "default_place", "default_province"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# A token and the single space after it, if any: letters, digits, one mark, or one space that
# is not a token's trailing space ("a  b" gives "a" + space, " ", "b").
_TOKEN = re.compile(r"([^\W\d_]+|\d+|[^\w ]|_| )( ?)", re.S)


class VietTokenizer:
    """Letters, digits and each mark apart, so every span boundary is a token boundary."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        pairs = _TOKEN.findall(text)
        doc = Doc(self.vocab, words=[w for w, _ in pairs], spaces=[sp == " " for _, sp in pairs])
        # spaCy rebuilds Doc.text from the tokens on every read: keep the string once
        doc._.clean = text
        doc._.key = fold(text)
        return doc

    # spaCy serialises tokenizers; this one has no state to save.
    def to_bytes(self, **kw):
        return b""

    def from_bytes(self, data, **kw):
        return self

    def to_disk(self, path, **kw):
        pass

    def from_disk(self, path, **kw):
        return self


def text_of(doc: Doc) -> str:
    """The Doc's text, read once (``Doc.text`` is rebuilt from the tokens at every read)."""
    text = doc._.clean
    if text is None:
        text = doc._.clean = doc.text
    return text


def _key(doc: Doc) -> str:
    key = doc._.key
    if key is None or len(key) != len(text_of(doc)):
        key = doc._.key = fold(text_of(doc))
    return key


@Language.factory("vi_quantities")
def _make_quantities(nlp, name):
    from .nlp.quantities import find_quantities

    def vi_quantities(doc: Doc) -> Doc:
        qs = find_quantities(_key(doc), text_of(doc))
        doc._.quantities = qs
        doc.spans["quantities"] = span_group(doc, qs, lambda q: q.unit or "number")
        return doc
    return vi_quantities


@Language.factory("poverty_facts")
def _make_facts(nlp, name):
    from .facts.engine import FactBuilder

    def poverty_facts(doc: Doc) -> Doc:
        key = _key(doc)
        places = doc._.places or []
        text = text_of(doc)
        default = doc._.default_place or default_place(text, places)
        province = doc._.default_province or _province_of(default, places)
        builder = FactBuilder(text, key, sentences(text), doc._.quantities or [],
                              doc._.times or [], places, default, province)
        doc._.facts = builder.build()
        doc._.default_place = default
        return doc
    return poverty_facts


def default_place(clean: str, places) -> object | None:
    """The article's own place: the unit named most, with a head start for the title and lead.

    A portal's banner names its province once; an article about a district names the district
    again and again, so counting mentions finds the subject better than taking the first."""
    linked = [p for p in places if p.code is not None or not p.ambiguous]
    # title and lead: the first 400 characters, or up to the line end after 300
    line_end = clean.find("\n", 300)
    head = min(len(clean), max(400, line_end))
    if _NATIONAL.search(fold(clean[:head])) and not [p for p in linked if p.start < head]:
        from .facts.engine import COUNTRY
        return COUNTRY
    if not linked:
        return None
    score: Counter = Counter()
    first: dict = {}
    for p in linked:
        ident = (p.level, p.code or p.name)
        score[ident] += 1.0 + (1.5 if p.start < head else 0.0)
        first.setdefault(ident, p)
    best = max(score, key=lambda i: (score[i], -first[i].start))
    return first[best]


_NATIONAL = re.compile(r"(?<!\w)(?:cả nước|toàn quốc|việt nam)(?!\w)")


def _province_of(place, places):
    if place is None or place.level == "country":
        return None
    if place.level == "province":
        return place
    for p in places:
        if p.level == "province" and p.name == place.province:
            return p
    # the province is not named: build a mention-less stand-in from the linker
    from .nlp.places import PlaceMention
    if place.province:
        return PlaceMention(start=place.start, end=place.start, name=place.province, type="tỉnh",
                            level="province", code=place.province_code, province=place.province,
                            province_code=place.province_code, district=None, current=None)
    return None


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline, built once per process."""
    from .nlp import places as _places, times as _times  # noqa: F401  (register factories)

    nlp = spacy.blank("xx")
    # no parser or NER here: memory grows linearly, so long single-line inputs are fine
    nlp.max_length = 100_000_000
    nlp.tokenizer = VietTokenizer(nlp.vocab)
    nlp.add_pipe("vi_quantities")
    nlp.add_pipe("vi_times")
    nlp.add_pipe("vi_places")
    nlp.add_pipe("poverty_facts")
    return nlp


def run(text: str, url: str | None = None, when: str | None = None, province_hint: str | None = None) -> Doc:
    """Run the pipeline over clean text with the document's metadata set on the Doc first."""
    nlp = load()
    doc = nlp.make_doc(text)
    doc._.url = url
    doc._.when = when
    doc._.province_hint = province_hint
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
