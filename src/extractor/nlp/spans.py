"""Shared by the spaCy components: recognised items become a span group on the Doc."""
from __future__ import annotations


def span_group(doc, items, label_of) -> list:
    """Spans for ``items`` (objects with ``start``/``end`` character offsets), labelled by
    ``label_of(item)``; the tokenizer splits at every mark, so the spans are exact."""
    spans = []
    for it in items:
        sp = doc.char_span(it.start, it.end, label=label_of(it), alignment_mode="expand")
        if sp is not None:
            spans.append(sp)
    return spans
