import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; its absence skips, except in CI where it fails."""
    if not (SHARED / "seeds").is_dir() or not (SHARED / "gold").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing: CI must run with shared/ beside the checkout")
        pytest.skip("../shared (seeds and gold) is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


def fact_agrees(expected: dict, fact: dict) -> bool:
    """Every field a corpus line states (beyond indicator, kind, value, range) agrees with the
    fact; nested fields one by one, place names folded, periods as lists."""
    from extractor.text import fold_phrase

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
