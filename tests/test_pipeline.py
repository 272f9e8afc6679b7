"""The spaCy pipeline: components in order, exact spans, displaCy rendering."""
from spacy import displacy

import extractor
from extractor.pipeline import run


def test_components_in_order():
    assert extractor.load().pipe_names == ["vi_quantities", "vi_times", "vi_places", "poverty_facts"]


def test_spans_are_exact_and_render_with_displacy():
    text = "Tính đến hết ngày 31/5/2024, huyện Ngân Sơn đã giải ngân 219,94 tỷ\u00a0đồng, đạt 62,95%."
    doc = run(text)
    assert doc.text == text
    got = {(s.text, s.label_) for k in ("quantities", "times", "places") for s in doc.spans[k]}
    assert got == {("219,94 tỷ\u00a0đồng", "VND"), ("62,95%", "%"), ("Tính đến hết ngày 31/5/2024", "date"),
                   ("huyện Ngân Sơn", "district")}
    html = displacy.render(doc, style="span", options={"spans_key": "quantities"})
    assert html.count(">VND<") + html.count("VND\n") >= 1 and "219" in html and "đồng" in html
    assert [(d.indicator, d.value) for d in doc._.facts] == [("disbursed", 219940000000),
                                                          ("disbursement_rate", 62.95)]
