"""Runs every line of patterns/facts.corpus.tsv: the facts a reader takes from each text."""
import pytest

import extractor
from extractor.evaluate import core_key
from extractor.patterns import load_corpus
from extractor.text import fold_phrase

ROWS = load_corpus("facts.corpus.tsv")


def _agrees(expected: dict, fact: dict) -> bool:
    for field, want in expected.items():
        if field in ("indicator", "kind", "value", "range"):
            continue
        got = fact.get(field)
        if isinstance(want, dict):
            got = got or {}
            for k, v in want.items():
                g = got.get(k)
                if k == "period":
                    g = list(g) if g else None
                if k == "name":
                    v, g = fold_phrase(v), fold_phrase(g or "")
                if g != v:
                    return False
        elif got != want:
            return False
    return True


@pytest.mark.parametrize("no,text,expected", ROWS, ids=[f"line{r[0]}" for r in ROWS])
def test_facts_corpus(no, text, expected):
    facts = [f.model_dump() for f in extractor.extract(text).facts]
    want = {core_key({"range": None, **e}) for e in expected}
    got = {core_key(f) for f in facts}
    assert got == want, f"line {no}: {text}\n{facts}"
    for e in expected:
        cands = [f for f in facts if core_key(f) == core_key({"range": None, **e})]
        assert any(_agrees(e, f) for f in cands), f"line {no}: {e}\n{cands}"
