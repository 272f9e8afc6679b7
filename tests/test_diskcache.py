"""The build cache (diskcache.memo) and the gazetteer read back from it."""
import os
import subprocess
import sys

import pytest

from extractor import diskcache
from extractor.nlp.places import PlaceLinker


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EXTRACTOR_CACHE", str(folder))
    return folder


def _source(tmp_path, text="one"):
    src = tmp_path / "source.txt"
    src.write_text(text, encoding="utf-8")
    return src


def test_a_second_run_reads_what_the_first_built(cache, tmp_path):
    src = _source(tmp_path)
    calls = []

    def build():
        calls.append(1)
        return {"names": ["Pác Nặm", "Ngân Sơn"], "n": len(calls)}

    first = diskcache.memo("t", [src], build)
    second = diskcache.memo("t", [src], build)
    assert calls == [1]
    assert second == first == {"names": ["Pác Nặm", "Ngân Sơn"], "n": 1}
    assert len(list(cache.glob("t-*.pickle"))) == 1


def test_a_changed_source_builds_again_and_drops_the_old_entry(cache, tmp_path):
    src = _source(tmp_path, "one")
    assert diskcache.memo("t", [src], lambda: "from one") == "from one"
    src.write_text("two", encoding="utf-8")
    assert diskcache.memo("t", [src], lambda: "from two") == "from two"
    entries = list(cache.glob("t-*.pickle"))
    assert len(entries) == 1
    src.write_text("one", encoding="utf-8")  # back to the first bytes: built again, not the stale entry
    assert diskcache.memo("t", [src], lambda: "again") == "again"


def test_a_broken_entry_is_built_again_without_an_error(cache, tmp_path):
    src = _source(tmp_path)
    diskcache.memo("t", [src], lambda: [1, 2, 3])
    (entry,) = cache.glob("t-*.pickle")
    entry.write_bytes(entry.read_bytes()[:10])  # a run killed while another wrote it, a full disk
    assert diskcache.memo("t", [src], lambda: [4]) == [4]
    assert diskcache.memo("t", [src], lambda: [5]) == [4]  # and the mended entry is read after


def test_on_is_the_default_folder_not_one_named_on(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    src = _source(tmp_path)
    for word in ("on", "ON", "1", "yes", "true"):
        monkeypatch.setenv("EXTRACTOR_CACHE", word)
        assert diskcache.memo("t", [src], lambda: [7]) == [7]
    assert not (tmp_path / "on").exists() and not (tmp_path / "1").exists()
    assert len(list((tmp_path / "xdg" / "extractor").glob("t-*.pickle"))) == 1


def test_off_builds_every_time_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("EXTRACTOR_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    src = _source(tmp_path)
    calls = []
    for _ in range(2):
        diskcache.memo("t", [src], lambda: calls.append(1))
    assert len(calls) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["source.txt"]


def test_a_folder_that_cannot_be_made_costs_a_build_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_CACHE", str(blocker / "cache"))
    src = _source(tmp_path)
    assert diskcache.memo("t", [src], lambda: "built") == "built"
    assert diskcache.memo("t", [src], lambda: "built again") == "built again"


def test_the_gazetteer_read_back_is_the_one_built(cache, monkeypatch):
    built = PlaceLinker()          # builds and writes the entry
    read = PlaceLinker()           # reads it
    assert len(list(cache.glob("places-*.pickle"))) == 1
    monkeypatch.setenv("EXTRACTOR_CACHE", "off")
    fresh = PlaceLinker()
    for linker in (built, read):
        assert linker.units == fresh.units
        assert linker.by_name == fresh.by_name
        assert linker.anc == fresh.anc
        assert linker.prov_by_key == fresh.prov_by_key
    text = "Huyện Pác Nặm, tỉnh Bắc Kạn có 2 xã Bộc Bố và Nhạn Môn."
    found = [(m.name, m.level) for m in read.find_text(text)]
    assert found == [(m.name, m.level) for m in fresh.find_text(text)]
    assert ("Pác Nặm", "district") in found and ("Bắc Kạn", "province") in found
    # every unit read back is the unit of the gazetteer's files, field for field
    assert all(read.units[i] == fresh.units[i] for i in range(0, len(fresh.units), 97))
    assert read.children(found_unit(read, "Pác Nặm")) == fresh.children(found_unit(fresh, "Pác Nặm"))


def found_unit(linker, name):
    return next(m for m in linker.find_text(f"huyện {name}, tỉnh Bắc Kạn") if m.name == name)


def test_a_gazetteer_read_back_reads_only_the_units_an_article_names(cache):
    PlaceLinker()                  # builds and writes the entry
    read = PlaceLinker()
    read.find_text("Huyện Pác Nặm, tỉnh Bắc Kạn có 2 xã Bộc Bố và Nhạn Môn; TP.HCM, Sóc Trăng.")
    read.slug_index()
    decoded = sum(u is not None for u in read.units._read)
    assert 0 < decoded < len(read.units) // 4


def test_the_cli_runs_with_an_unwritable_cache(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Tỷ lệ hộ nghèo của tỉnh Bắc Kạn cuối năm 2023 còn 12,5%.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    env = dict(os.environ, EXTRACTOR_CACHE=str(blocker / "cache"))
    p = subprocess.run([sys.executable, "-m", "extractor.cli", "extract", str(article), "-o", str(out), "-q"],
                       env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    assert '"value": 12.5' in out.read_text(encoding="utf-8")


def test_pattern_files_are_read_back_from_the_cache_as_parsed(tmp_path):
    """load_yaml keeps a pattern file's parsed data: a later process reads it back, equal to a
    fresh parse of the file (and to what a run with caching off reads)."""
    cache = tmp_path / "cache"
    code = ("import json, sys; from extractor.patterns import load_yaml, parse_yaml, HERE;"
            "d = load_yaml('facts.yaml'); f = parse_yaml((HERE / 'facts.yaml').read_text(encoding='utf-8'));"
            "print(json.dumps([d == f, sorted(d)[:3]]))")
    runs = []
    for setting in (str(cache), str(cache), "off"):
        env = {**os.environ, "EXTRACTOR_CACHE": setting}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        runs.append(out.stdout)
        if setting != "off":
            assert len(list(cache.glob("yaml-facts-*.pickle"))) == 1
    assert runs[0] == runs[1] == runs[2]
    assert runs[0].startswith("[true, ")
