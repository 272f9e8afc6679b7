"""Runs every line of patterns/facts.corpus.tsv: the facts a reader takes from each text."""
import pytest

import extractor
from extractor.evaluate import core_key
from extractor.patterns import load_corpus
from conftest import fact_agrees

ROWS = load_corpus("facts.corpus.tsv")


@pytest.mark.parametrize("no,text,expected", ROWS, ids=[f"line{r[0]}" for r in ROWS])
def test_facts_corpus(no, text, expected):
    facts = [f.model_dump() for f in extractor.extract(text).facts]
    want = {core_key({"range": None, **e}) for e in expected}
    got = {core_key(f) for f in facts}
    assert got == want, f"line {no}: {text}\n{facts}"
    for e in expected:
        cands = [f for f in facts if core_key(f) == core_key({"range": None, **e})]
        assert any(fact_agrees(e, f) for f in cands), f"line {no}: {e}\n{cands}"
