"""Districts and communes gone before 2025 (data/places_historical.json.gz): the data file
against the packages it comes from, and how the linker weighs them against current units."""
from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.nlp.places import DATA_PATH, HISTORICAL_NAME, _norm_name, get_linker, place_of_slug
from extractor.text import Text, fold_phrase

ROOT = Path(__file__).resolve().parent.parent
HIST_PATH = DATA_PATH.with_name(HISTORICAL_NAME)
WIDTH = {"province": 2, "district": 3, "commune": 5}


def _load(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def data() -> dict:
    return _load(DATA_PATH)


@pytest.fixture(scope="module")
def hist() -> dict:
    return _load(HIST_PATH)


def _key(name: str) -> str:
    return _norm_name(fold_phrase(name))


def _vp06_district(province: str, name: str) -> dict:
    """A district of the installed vietnam-provinces (0.6) read from its own data file."""
    import vietnam_provinces
    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    (p,) = [p for p in nested if p["name"].endswith(province)]
    (d,) = [d for d in p["districts"] if d["name"].endswith(" " + name)]
    return {"code": str(d["code"]).zfill(3), "province_code": str(p["code"]).zfill(2)}


def _find(text: str, hint: str | None = None, when: str | None = None):
    t = Text.of(text)
    return t.clean, get_linker().find(t.key, t.clean, hint, when)


# --- the data file -------------------------------------------------------------------------------

def test_historical_units_are_gone_from_the_pre_2025_list(data, hist):
    now = {(u["level"], u["code"]): u for u in data["units"] if u["structure"] == "old"}
    provinces = {u["code"] for u in data["units"] if u["structure"] == "old" and u["level"] == "province"}
    units = hist["units"]
    counts = {lv: sum(u["level"] == lv for u in units) for lv in ("district", "commune")}
    assert counts == hist["meta"]["counts"] and counts["district"] >= 20 and counts["commune"] >= 1000
    for u in units:
        assert u["historical"] is True and u["structure"] == "old"
        assert len(u["code"]) == WIDTH[u["level"]] and u["code"].isdigit()
        assert u["province_code"] in provinces
        same = now.get((u["level"], u["code"]))
        assert same is None or _key(same["name"]) != _key(u["name"]), u  # gone by code or by name
        assert u["listed_in"] and u["gone_in"] not in u["listed_in"]
        if u["merged_into"]:
            into = now[(u["level"], u["merged_into"]["code"])]
            assert into["name"] == u["merged_into"]["name"] and into["province_code"] == u["province_code"]
            assert u["current"] == into["current"]
    # no pair of units listed twice
    assert len({(u["level"], u["code"], _key(u["name"])) for u in units}) == len(units)


def test_da_teh_cat_tien_and_old_da_huoai_went_into_the_new_da_huoai(hist):
    lam_dong = _vp06_district("Lâm Đồng", "Đạ Huoai")
    by = {u["name"]: u for u in hist["units"] if u["level"] == "district" and u["province_code"] == lam_dong["province_code"]}
    assert {"Đạ Tẻh", "Cát Tiên", "Đạ Huoai"} <= set(by)
    for name in ("Đạ Tẻh", "Cát Tiên", "Đạ Huoai"):
        assert by[name]["type"] == "huyện"
        assert by[name]["merged_into"]["code"] == lam_dong["code"], name
    # the merged district kept Đạ Tẻh's code; the old Đạ Huoai's code is gone
    assert by["Đạ Tẻh"]["code"] == lam_dong["code"] != by["Đạ Huoai"]["code"]
    # the communes it had that the pre-2025 list still has
    assert len(by["Cát Tiên"]["commune_codes"]) >= 5


# --- the linker ----------------------------------------------------------------------------------

def test_da_teh_recognised_with_its_province():
    clean, found = _find("UBND huyện Đạ Tẻh cho biết")
    (m,) = found
    lam_dong = _vp06_district("Lâm Đồng", "Đạ Huoai")
    assert clean[m.start:m.end] == "huyện Đạ Tẻh"
    assert (m.name, m.level, m.type, m.ambiguous) == ("Đạ Tẻh", "district", "huyện", False)
    assert (m.code, m.province, m.province_code) == (lam_dong["code"], "Lâm Đồng", lam_dong["province_code"])
    assert m.current["level"] == "province" and m.current["name"] == "Lâm Đồng"


def test_commune_chained_to_a_historical_district():
    """"xã Mỹ Đức, huyện Đạ Tẻh": Mỹ Đức is a name of several provinces; the gone district names
    the one of Lâm Đồng (Mỹ Đức was one of its communes)."""
    clean, found = _find("Hỗ trợ xã Mỹ Đức, huyện Đạ Tẻh xây nhà.")
    md, dt = found
    assert (md.name, md.level, md.province, md.ambiguous) == ("Mỹ Đức", "commune", "Lâm Đồng", False)
    assert dt.name == "Đạ Tẻh" and not dt.ambiguous


def test_shared_name_in_one_province_is_the_current_unit():
    """The old Đạ Huoai (its own code, gone) and today's (Đạ Tẻh's code): the current one."""
    lam_dong = _vp06_district("Lâm Đồng", "Đạ Huoai")
    for hint in (None, "Lâm Đồng"):
        _, (m,) = _find("huyện Đạ Huoai", hint)
        assert (m.code, m.ambiguous) == (lam_dong["code"], False)


def _shared_commune(data: dict, hist: dict) -> tuple[dict, dict]:
    """A historical commune whose name is that of exactly one unit anywhere else: a current
    commune in another province."""
    names: dict[str, list[dict]] = {}
    for u in data["units"] + hist["units"]:
        names.setdefault(_key(u["name"]), []).append(u)
    for h in hist["units"]:
        same = names[_key(h["name"])]
        if h["level"] != "commune" or len(same) != 2:
            continue
        (other,) = [u for u in same if u is not h]
        if (other["structure"], other["level"], other["type"]) == ("old", "commune", h["type"]) \
                and other["province_code"] != h["province_code"]:
            return h, other
    raise AssertionError("no such commune")


def test_historical_unit_linked_only_when_the_context_points_to_its_province(data, hist):
    h, other = _shared_commune(data, hist)
    prov = {u["code"]: u["name"] for u in data["units"] if u["structure"] == "old" and u["level"] == "province"}
    text = f"Hộ nghèo ở {h['type']} {h['name']} giảm."
    _, (m,) = _find(text)
    assert m.code == other["code"] and not m.ambiguous  # no context: the current unit
    _, (m,) = _find(text, prov[other["province_code"]])
    assert m.code == other["code"]
    _, (m,) = _find(text, prov[h["province_code"]])   # its province in context: the historical one
    assert (m.code, m.province) == (h["code"], prov[h["province_code"]])
    # the same through a province the article names
    _, found = _find(f"Tỉnh {prov[h['province_code']]} hỗ trợ {h['type']} {h['name']}.")
    assert [x.code for x in found if x.level == "commune"] == [h["code"]]


def test_name_shared_with_a_2025_unit_only(data, hist):
    """A historical commune whose name only a 2025 commune has: the historical one in an article
    before 2025-07-01 (the 2025 unit did not exist yet), the 2025 one after."""
    names: dict[str, list[dict]] = {}
    for u in data["units"] + hist["units"]:
        names.setdefault(_key(u["name"]), []).append(u)
    for h in hist["units"]:
        same = names[_key(h["name"])]
        if h["level"] == "commune" and len(same) == 2 and any(u["structure"] == "2025" for u in same):
            (new,) = [u for u in same if u is not h]
            break
    else:
        raise AssertionError("no such commune")
    text = f"Hộ nghèo ở {h['type']} {h['name']} giảm."
    _, (m,) = _find(text, when="2022-03-01")
    assert (m.code, m.structure, m.province_code) == (h["code"], "old", h["province_code"])
    _, (m,) = _find(text, when="2025-09-01")
    assert (m.code, m.structure) == (new["code"], "2025")


def test_slug_names_a_historical_district():
    m = place_of_slug("https://example.vn/da-teh-ty-le-ho-ngheo-giam-con-2-phan-tram.html")
    assert m is not None and (m.name, m.level, m.province) == ("Đạ Tẻh", "district", "Lâm Đồng")


def test_linker_without_historical_file(tmp_path):
    """The historical file is optional: a data file alone links as before."""
    from extractor.nlp.places import PlaceLinker
    alone = tmp_path / "places.json.gz"
    alone.write_bytes(DATA_PATH.read_bytes())
    lk = PlaceLinker(alone)
    assert lk.historical_meta is None and not any(lk.hist)
    t = Text.of("UBND huyện Đạ Tẻh cho biết")
    assert lk.find(t.key, t.clean) == []


# --- the build -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """The earlier vietnam-provinces releases the script reads, fetched by pip (skipped offline)."""
    pytest.importorskip("vietnamadminunits")
    spec = importlib.util.spec_from_file_location("build_places", ROOT / "scripts" / "build_places.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    cache = tmp_path_factory.mktemp("wheels")
    probe = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                            "--dest", str(cache / f"vietnam-provinces-{mod.OLD_RELEASES[0]}"),
                            f"vietnam-provinces=={mod.OLD_RELEASES[0]}"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("pip cannot download the earlier releases here")
    return mod, [mod.fetch_release(v, cache) for v in mod.OLD_RELEASES]


def test_historical_file_is_what_the_script_builds(data, hist, releases):
    mod, rels = releases
    assert [r["sha256"] for r in rels] == [s["sha256"] for s in hist["meta"]["sources"]["vietnam-provinces"]]
    assert mod.build_historical(data["units"], rels, mod.read_vau_aliases()) == hist
