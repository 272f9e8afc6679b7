"""The spaCy pipeline: a tokenizer that keeps every character, then small components over one Doc.

``load()`` builds ``blank("xx")`` with:

* a tokenizer that splits letters, digits and each punctuation mark apart, so every quantity,
  time and place boundary falls on a token boundary (``doc.char_span`` is exact), and stores the
  folded matching key in ``doc._.key``;
* ``vi_quantities``, ``vi_times``, ``vi_places``: recognisers writing ``doc._.quantities`` …
  and span groups ``doc.spans["quantities"|"times"|"places"]`` (``displacy.render(doc,
  style="span", options={"spans_key": "quantities"})`` shows them);
* ``poverty_facts``: the fact rules, writing ``doc._.facts`` (the public ``Fact``s, without
  ``doc``), ``doc.spans["facts"]`` (each fact's evidence, labelled by its indicator) and
  ``doc.spans["sc"]``, every span group in one, which ``displacy.render(doc, style="span")``
  shows by default: facts, quantities, times and places.
"""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .analysis import find_facts
from .nlp.spans import span_group
from .text import fold

for _name in ("clean", "key", "quantities", "times", "places", "facts", "fact_drafts", "province_hint", "when",
              "url", "default_place", "default_province", "relevant"):
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


@Language.factory("vi_times")
def _make_times(nlp, name):
    from .nlp.times import find_times

    def vi_times(doc: Doc) -> Doc:
        times = find_times(_key(doc), text_of(doc))
        doc._.times = times
        doc.spans["times"] = span_group(doc, times, lambda t: t.kind)
        return doc
    return vi_times


@Language.factory("vi_places")
def _make_places(nlp, name):
    from .nlp.places import get_linker

    linker = get_linker()

    def vi_places(doc: Doc) -> Doc:
        found = linker.find(_key(doc), text_of(doc), doc._.province_hint, doc._.when)
        doc._.places = found
        doc.spans["places"] = span_group(doc, found, lambda m: m.level)
        return doc
    return vi_places


@Language.factory("poverty_facts")
def _make_facts(nlp, name):
    from .api import public_facts

    def poverty_facts(doc: Doc) -> Doc:
        key = _key(doc)
        text = text_of(doc)
        drafts, doc._.relevant, default = find_facts(
            text, key, doc._.quantities, doc._.times, doc._.places, doc._.url, doc._.when, doc._.province_hint,
            doc._.default_place, doc._.default_province)
        doc._.fact_drafts = drafts
        doc._.facts = public_facts(drafts, text)
        doc._.default_place = default
        doc.spans["facts"] = [sp for f in doc._.facts if (sp := doc.char_span(
            f.evidence.start, f.evidence.end, label=f.indicator, alignment_mode="expand")) is not None]
        doc.spans["sc"] = [s for k in ("facts", "quantities", "times", "places") if k in doc.spans
                           for s in doc.spans[k]]
        return doc
    return poverty_facts


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline, built once per process."""
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
