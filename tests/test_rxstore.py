"""Compiled patterns kept between runs (rxstore): what a later process reads back matches as
``re.compile`` would, and a missing, broken or switched-off store only costs a compile."""
import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

# a lookbehind, named groups, a conditional, a flag set inside and one passed, spaces that vary
PATTERNS = [
    (r"(?<![^\W_])(?:hộ\s+cận\s+nghèo|hộ\s+nghèo|cận\s+nghèo)(?![^\W\d_])", 0),
    (r"(?P<num>\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*(?P<unit>tỷ|triệu)?(?(unit)\s+đồng|)", 0),
    (r"(?i)thoát\s+nghèo", 0),
    (r"^ngày\s+(\d{1,2})/(\d{1,2})$", re.IGNORECASE | re.MULTILINE),
]
TEXT = ("Năm 2023, huyện có 1.234 hộ nghèo, 567 hộ cận nghèo; 760,8 tỷ đồng được giải ngân.\n"
        "NGÀY 12/3\n45 hộ THOÁT   NGHÈO, 12 triệu đồng; Hộ Nghèo1,5%")

_RUN = textwrap.dedent("""
    import json, re, sys
    from extractor import rxstore
    pats = json.loads(sys.argv[1]); text = sys.argv[2]
    stored_before = [tuple(p) in rxstore._load() for p in pats]
    out = []
    for p, flags in pats:
        rx = rxstore.compile(p, flags)
        out.append({"pattern": rx.pattern, "flags": rx.flags, "groupindex": dict(rx.groupindex),
                    "groups": rx.groups,
                    "found": [[m.span(), m.groups()] for m in rx.finditer(text)]})
    print(json.dumps({"stored_before": stored_before, "out": out}))
""")


def _run(env_cache, pats=PATTERNS, text=TEXT):
    env = {**os.environ, "EXTRACTOR_CACHE": str(env_cache)}
    r = subprocess.run([sys.executable, "-c", _RUN, json.dumps(pats), text], env=env,
                       capture_output=True, text=True, check=True)
    assert r.stderr == ""
    return json.loads(r.stdout)


def _expected(pats=PATTERNS, text=TEXT):
    out = []
    for p, flags in pats:
        rx = re.compile(p, flags)
        out.append({"pattern": rx.pattern, "flags": rx.flags, "groupindex": dict(rx.groupindex),
                    "groups": rx.groups,
                    "found": [[list(m.span()), list(m.groups())] for m in rx.finditer(text)]})
    return out


def test_a_later_process_reads_the_patterns_back_and_they_match_as_re_compiles_them(tmp_path):
    cache = tmp_path / "cache"
    first = _run(cache)
    assert first["stored_before"] == [False] * len(PATTERNS)
    assert list(cache.glob("regex-*.pickle")), "the first run keeps what it compiled"
    second = _run(cache)
    assert second["stored_before"] == [True] * len(PATTERNS)
    assert first["out"] == second["out"] == _expected()
    # the expected matches are the ones a reader sees in TEXT
    found = {p: [TEXT[s:e] for (s, e), _ in o["found"]] for (p, _), o in zip(PATTERNS, second["out"])}
    assert found[PATTERNS[0][0]] == ["hộ nghèo", "hộ cận nghèo"]  # "Hộ Nghèo": the case differs
    assert found[PATTERNS[2][0]] == ["THOÁT   NGHÈO"]
    assert found[PATTERNS[3][0]] == ["NGÀY 12/3"]


def test_a_broken_store_costs_a_compile_and_is_mended(tmp_path):
    cache = tmp_path / "cache"
    _run(cache)
    (entry,) = cache.glob("regex-*.pickle")
    entry.write_bytes(entry.read_bytes()[:40])  # a run killed while writing, a full disk
    again = _run(cache)
    assert again["stored_before"] == [False] * len(PATTERNS)
    assert again["out"] == _expected()
    assert _run(cache)["stored_before"] == [True] * len(PATTERNS)


def test_off_writes_nothing_and_compiles_the_same(tmp_path, monkeypatch):
    out = _run("off")
    assert out["out"] == _expected()
    assert not list(tmp_path.glob("**/regex-*.pickle"))


def test_a_bad_pattern_raises_what_re_raises(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_CACHE", str(tmp_path / "cache"))
    from extractor import rxstore
    with pytest.raises(re.error):
        rxstore.compile(r"(?P<a>x)(?P<a>y)")


def test_the_cue_lists_read_back_find_what_a_fresh_compile_finds(tmp_path):
    """The engine's own cue patterns (facts.yaml, built the way the engine builds them) through a
    store written by one process and read by the next."""
    from extractor.facts.cues import cues

    book = cues()
    pats = [(c.regex.pattern, 0) for c in vars(book).values() if hasattr(c, "_alt") and c._alt][:12]
    assert len(pats) >= 5
    text = TEXT + " Tỷ lệ hộ nghèo giảm còn 2,1%; số hộ thoát nghèo là 300 hộ, vốn vay ưu đãi 12 tỷ đồng."
    cache = tmp_path / "cache"
    _run(cache, pats, text)
    second = _run(cache, pats, text)
    assert second["stored_before"] == [True] * len(pats)
    assert second["out"] == _expected(pats, text)
