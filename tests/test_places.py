"""Place recogniser and linker: corpus, data file against the packages, offsets, speed."""
from __future__ import annotations

import gzip
import importlib.util
import json
import unicodedata
from pathlib import Path

import pytest
from growth import assert_linear
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.nlp.places import (
    DATA_PATH, PlaceLinker, PlaceMention, _norm_name, get_linker, province_of_host,
)
from extractor.text import Text, fold, fold_phrase, name_key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "src" / "extractor" / "patterns" / "places.corpus.tsv"


def _corpus():
    rows = []
    for n, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        opts = json.loads(parts[2]) if len(parts) > 2 else {}
        rows.append(pytest.param(parts[0], json.loads(parts[1]), opts, id=f"line{n}"))
    return rows


@pytest.fixture(scope="module")
def linker() -> PlaceLinker:
    return get_linker()


@pytest.fixture(scope="module")
def data() -> dict:
    with gzip.open(DATA_PATH, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def test_corpus_is_big_enough():
    assert len(_corpus()) >= 80


@pytest.mark.parametrize("text,expected,opts", _corpus())
def test_corpus(linker, text, expected, opts):
    t = Text.of(text)
    got = linker.find(t.key, t.clean, opts.get("hint"), opts.get("when"))
    seen, want = [], []
    for m, e in zip(got, expected):
        d = {"text": t.clean[m.start:m.end], "name": m.name, "level": m.level,
             "ambiguous": m.ambiguous}
        if "code" in e:  # code is optional in the corpus: compared where written
            d["code"] = m.code
        seen.append(d)
        want.append({**e, "ambiguous": bool(e.get("ambiguous"))})
    assert len(got) == len(expected), [t.clean[m.start:m.end] for m in got]
    assert seen == want


# --- the data file against the packages --------------------------------------------------------

def _units(data, structure, level):
    return [u for u in data["units"] if u["structure"] == structure and u["level"] == level]


def test_old_structure_matches_vietnam_provinces(data):
    import vietnam_provinces
    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provs = _units(data, "old", "province")
    dists = _units(data, "old", "district")
    comms = _units(data, "old", "commune")
    assert len(provs) == len(nested) == 63
    assert len(dists) == sum(len(p["districts"]) for p in nested)
    # 691 districts have communes; 5 island districts (Côn Đảo, Hoàng Sa...) have none
    assert len({c["district_code"] for c in comms}) == 691
    assert len(comms) == sum(len(d["wards"]) for p in nested for d in p["districts"]) == 10051
    by = {(u["level"], u["code"]): u for u in provs + dists + comms}
    assert by[("province", "06")]["name"] == "Bắc Kạn" and by[("province", "06")]["type"] == "tỉnh"
    assert by[("district", "060")]["name"] == "Pác Nặm"
    assert by[("district", "058")]["type"] == "thành phố"
    xl = by[("commune", "01873")]
    assert xl["name"] == "Xuân La" and xl["district_code"] == "060" and xl["province_code"] == "06"
    # every code agrees with the package's integer code
    codes = {("province", p["code"]) for p in nested} | {("district", d["code"]) for p in nested for d in p["districts"]}
    assert {(lv, int(c)) for lv, c in by if lv != "commune"} == codes
    assert all(len(u["code"]) == {"province": 2, "district": 3, "commune": 5}[u["level"]] for u in provs + dists + comms)


@pytest.fixture(scope="module")
def build_script():
    """scripts/build_places.py as a module; skipped without its extra (pip install '.[data]')."""
    pytest.importorskip("vietnamadminunits")
    spec = importlib.util.spec_from_file_location("build_places", ROOT / "scripts" / "build_places.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_2025_structure_matches_vietnamadminunits(data, build_script):
    vau = build_script.read_vau()
    provs = _units(data, "2025", "province")
    comms = _units(data, "2025", "commune")
    assert len(provs) == 34 and len(comms) == len(vau["new"]) == 3321
    assert {(p["code"], f"{p['type']} {p['name']}".lower()) for p in provs} == {
        (r["provinceCode"], r["province"].lower()) for r in vau["new"]}
    assert {(c["code"], c["province_code"], f"{c['type']} {c['name']}".lower()) for c in comms} == {
        (r["wardCode"], r["provinceCode"], r["ward"].lower()) for r in vau["new"]}
    assert len({c["code"] for c in comms}) == 3321 and all(len(c["code"]) == 5 for c in comms)
    names = {(u["province_code"], u["name"]) for u in comms}
    assert {("31", "Cẩm Giang"), ("31", "Cẩm Giàng")} <= names  # Hải Phòng: two names one key apart


# Hand-checked against Resolution 202/2025/QH15 and Decision 19/2025/QĐ-TTg (a merged province
# keeps the code of the one whose seat it keeps: Lào Cai has Yên Bái's 15, Gia Lai Bình Định's 52)
PROVINCES_2025 = {"Hà Nội": "01", "Cao Bằng": "04", "Tuyên Quang": "08", "Lào Cai": "15", "Thái Nguyên": "19",
                  "Bắc Ninh": "24", "Phú Thọ": "25", "Quảng Trị": "44", "Huế": "46", "Gia Lai": "52",
                  "Đắk Lắk": "66", "Đồng Nai": "75", "Hồ Chí Minh": "79", "Tây Ninh": "80", "Đồng Tháp": "82",
                  "An Giang": "91", "Cần Thơ": "92", "Cà Mau": "96"}
# 2025 communes, each checked two ways: in an independent published seed list of the 2025 codes,
# and as the old (vietnam-provinces) code of one of the communes merged into it
COMMUNES_2025 = [("19", "Nghiên Loan", "01882"), ("19", "Bằng Thành", "01864"), ("19", "Cao Minh", "01879"),
                 ("08", "Sà Phìn", "00733"), ("08", "Lũng Cú", "00715"), ("01", "Ba Đình", "00004"),
                 ("01", "Sóc Sơn", "00376"), ("15", "Lào Cai", "02647")]


def test_2025_codes_hand_checked(data):
    provs = {p["name"]: p["code"] for p in _units(data, "2025", "province")}
    assert {n: provs.get(n) for n in PROVINCES_2025} == PROVINCES_2025
    comms = {(c["province_code"], c["name"]): c["code"] for c in _units(data, "2025", "commune")}
    assert [(pc, n, comms.get((pc, n))) for pc, n, _ in COMMUNES_2025] == COMMUNES_2025


def test_old_to_2025_with_codes(data):
    old = {(u["level"], u["code"]): u for u in data["units"] if u["structure"] == "old"}
    cur = lambda level, code: {k: old[(level, code)]["current"].get(k) for k in ("level", "name", "code", "province")}
    # Bắc Kạn, Pác Nặm: Xuân La and An Thắng went into Nghiên Loan, Cổ Linh into Cao Minh
    assert cur("commune", "01873") == {"level": "commune", "name": "Nghiên Loan", "code": "01882", "province": "Thái Nguyên"}
    assert cur("commune", "01876")["code"] == "01882" and cur("commune", "01879")["name"] == "Cao Minh"
    assert cur("district", "060") == {"level": "province", "name": "Thái Nguyên", "code": "19", "province": "Thái Nguyên"}
    # Hà Giang, Đồng Văn: vietnam-provinces spells it Xà Phìn, the 2025 list Sà Phìn (linked by code)
    assert cur("commune", "00736") == {"level": "commune", "name": "Sà Phìn", "code": "00733", "province": "Tuyên Quang"}
    # Gia Lai: Chư Prông's Ia Băng went into Ia Tôr, not into Đak Đoa's namesake Ia Băng
    assert cur("commune", "23905")["name"] == "Ia Tôr"
    # a district that became one đặc khu as a whole belongs to it
    assert cur("district", "755") == {"level": "commune", "name": "Côn Đảo", "code": "26732", "province": "Hồ Chí Minh"}
    assert old[("province", "06")]["current"]["code"] == "19"
    linked = [u for u in old.values() if u["level"] == "commune" and u["current"]["level"] == "commune"]
    assert len(linked) >= 10_000 and all(len(u["current"]["code"]) == 5 for u in linked)


def test_2025_codes_agree_with_old_codes(data):
    """Independent check of the codes against vietnam-provinces: a 2025 commune keeps the code of
    one of the old communes merged into it (the exceptions are communes split between several)."""
    parts: dict[str, set[str]] = {}
    for u in _units(data, "old", "commune"):
        if u["current"]["level"] == "commune":
            parts.setdefault(u["current"]["code"], set()).add(u["code"])
    comms = _units(data, "2025", "commune")
    kept = sum(c["code"] in parts.get(c["code"], ()) for c in comms)
    assert kept >= 0.98 * len(comms), kept


def test_data_file_is_what_the_script_builds(data, build_script):
    assert build_script.build() == data


# --- API ---------------------------------------------------------------------------------------

def test_province_lookup(linker):
    for spelling in ("Bắc Kạn", "tỉnh Bắc Kạn", "Bac Kan", "backan", "BẮC KẠN",
                     unicodedata.normalize("NFD", "Bắc Kạn")):
        ref = linker.province(spelling)
        assert ref is not None and (ref.name, ref.code) == ("Bắc Kạn", "06"), spelling
    assert linker.province("Khánh Hoà").code == linker.province("Khánh Hòa").code == "56"
    assert linker.province("TP.HCM").code == "79"
    assert linker.province("Thái Nguyên", when="2025-08-01").structure == "2025"
    assert linker.province("Atlantis") is None


@pytest.mark.parametrize("host,name,code", [
    ("baobackan.vn", "Bắc Kạn", "06"),
    ("https://baobackan.org.vn/tin-tuc/abc.html", "Bắc Kạn", "06"),
    ("baocamau.vn", "Cà Mau", "96"),
    ("www.baothainguyen.vn", "Thái Nguyên", "19"),
    ("backan.gov.vn", "Bắc Kạn", "06"),
    ("https://sldtbxh.backan.gov.vn/x", "Bắc Kạn", "06"),
    ("tab.baocamau.vn", "Cà Mau", "96"),           # sub-domains of an outlet
    ("m.baoquangninh.vn", "Quảng Ninh", "22"),
    ("kontumtv.vn", "Kon Tum", "62"),              # <tỉnh>tv, truyenhinh<tỉnh>, ptp<tỉnh>
    ("truyenhinhnghean.vn", "Nghệ An", "40"),
    ("ptpphuyen.vn", "Phú Yên", "54"),
    ("daklak24h.com.vn", "Đắk Lắk", "66"),         # <tỉnh>24h, 24h<tỉnh>: news sites of one province
    ("24hquangtri.vn", "Quảng Trị", "45"),
    ("tuoitrelangson.vn", "Lạng Sơn", "20"),       # the Youth Union's provincial sites
    ("thvl.vn", "Vĩnh Long", "86"),                # abbreviations: the outlet registry
    ("atv.org.vn", "An Giang", "89"),
    ("ktxh.khdt.bgo.vn", "Bắc Giang", "24"),
    ("sggp.org.vn", "Hồ Chí Minh", "79"),
    ("http://tphcm.dangcongsan.vn/a.html", "Hồ Chí Minh", "79"),  # a national outlet's provincial edition,
    ("quangninh.dangcongsan.vn", "Quảng Ninh", "22"),            # by its name or another spelling of it
])
def test_province_of_host(host, name, code):
    ref = province_of_host(host)
    assert ref is not None and (ref.name, ref.code) == (name, code)


@pytest.mark.parametrize("host", ["baomoi.com", "vnexpress.net", "24h.com.vn", "tuoitre.vn", "chinhphu.vn", "molisa.gov.vn", "",
                                  "dangcongsan.vn", "m.dangcongsan.vn", "xaydungchinhsach.chinhphu.vn"])
def test_province_of_host_none(host):
    assert province_of_host(host) is None


def test_a_hyphenated_province_host_and_a_statistics_office():
    assert province_of_host("https://www.baria-vungtau.gov.vn/a").name == "Bà Rịa - Vũng Tàu"
    assert province_of_host("thongkequangngai.com").name == "Quảng Ngãi"
    assert province_of_host("ubmttqvn.binhthuan.dcs.vn").name == "Bình Thuận"  # the party's portal


@pytest.mark.parametrize("host,name", [
    ("https://vungtau.baria-vungtau.gov.vn/web/tin-tuc", "Vũng Tàu"),   # the name alone
    ("thuanthanh.bacninh.gov.vn", "Thuận Thành"),
    ("txbinhminh.vinhlong.gov.vn", "Bình Minh"),                        # after its type's initials
    ("huyenpacnam.backan.gov.vn", "Pác Nặm"),
    ("mythanhgiongtrom.bentre.gov.vn", "Giồng Trôm"),                   # a commune's portal: its district
    ("tpninhbinh.ninhbinh.gov.vn", "Ninh Bình"),                        # a city gone in a merger since
])
def test_district_of_host(host, name):
    from extractor.nlp.places import district_of_host

    unit = district_of_host(host)
    assert unit is not None and (unit.name, unit.level) == (name, "district")


@pytest.mark.parametrize("host", ["sldtbxh.backan.gov.vn", "giamngheo.backan.gov.vn", "backan.gov.vn",
                                  "baobackan.vn", "thuanthanh.bacninh.gov.vn.example.com"])
def test_district_of_host_none(host):
    from extractor.nlp.places import district_of_host

    assert district_of_host(host) is None
    # and after the 2025 reform there are no districts to name
    assert district_of_host("thuanthanh.bacninh.gov.vn", when="2025-09-01") is None


@pytest.mark.parametrize("host,name,province", [
    ("yenthe.vn", "Yên Thế", "Bắc Giang"), ("https://babe.gov.vn/tin-tuc/a.html", "Ba Bể", "Bắc Kạn"),
    ("www.huyenmuongla.vn", "Mường La", "Sơn La")])
def test_district_portal(host, name, province):
    from extractor.nlp.places import district_portal

    unit = district_portal(host)
    assert unit is not None and (unit.name, unit.level, unit.province) == (name, "district", province)


# a name districts of two provinces share (Bảo Lâm), a province's portal, a national paper, too short
@pytest.mark.parametrize("host", ["huyenbaolam.gov.vn", "backan.gov.vn", "tienphong.vn", "q1.vn",
                                  "yenthe.example.com", "babe.backan.gov.vn"])
def test_district_portal_none(host):
    from extractor.nlp.places import district_portal

    assert district_portal(host) is None


def test_district_portal_of_a_shared_name_is_the_one_of_the_province_the_text_names():
    # Bảo Lâm is a district of Cao Bằng and of Lâm Đồng: a text naming places of one of them says which
    from extractor.nlp.places import district_portal, get_linker

    places = get_linker().find_text("Hội nghị tại thị trấn Lộc Thắng, tỉnh Lâm Đồng.")
    unit = district_portal("huyenbaolam.gov.vn", places)
    assert unit is not None and (unit.name, unit.province) == ("Bảo Lâm", "Lâm Đồng")
    places = get_linker().find_text("Đoàn công tác làm việc tại tỉnh Cao Bằng.")
    assert district_portal("huyenbaolam.gov.vn", places).province == "Cao Bằng"
    assert district_portal("huyenbaolam.gov.vn", get_linker().find_text("Tỉnh Nghệ An có 12 hộ.")) is None


def test_district_portal_is_the_articles_place():
    import extractor

    a = extractor.extract("Năm 2023, toàn huyện còn 1.204 hộ nghèo, giảm 310 hộ.", url="https://yenthe.vn/tin/giam-ngheo.html")
    assert {(f.location.level, f.location.name) for f in a.facts} == {("district", "Yên Thế")}


def test_mention_fields(linker):
    t = Text.of("Nhà văn hoá xã Xuân La, huyện Pác Nặm")
    xl, pn = linker.find(t.key, t.clean)
    assert isinstance(xl, PlaceMention)
    assert (xl.type, xl.level, xl.code, xl.province, xl.province_code, xl.district) == (
        "xã", "commune", "01873", "Bắc Kạn", "06", "Pác Nặm")
    assert (xl.current["name"], xl.current["code"], xl.current["province"]) == ("Nghiên Loan", "01882", "Thái Nguyên")
    assert pn.current == {"level": "province", "name": "Thái Nguyên", "type": "tỉnh", "code": "19",
                          "province": "Thái Nguyên"}
    # after 1 July 2025 the 2025 unit is the one linked
    t = Text.of("Xã Bằng Thành, tỉnh Thái Nguyên")
    bt, tn = linker.find(t.key, t.clean, when="2025-08-01")
    assert bt.structure == tn.structure == "2025" and bt.province == "Thái Nguyên" and not bt.ambiguous
    assert (bt.code, bt.current["name"], bt.current["code"]) == ("01864", "Bằng Thành", "01864")


def test_fact_location_carries_2025_code():
    import extractor
    (fact,) = extractor.extract("Năm 2023, xã Xuân La có 120 hộ nghèo.").facts
    loc = fact.location
    assert (loc.name, loc.code, loc.current.name, loc.current.code, loc.current.province) == (
        "Xuân La", "01873", "Nghiên Loan", "01882", "Thái Nguyên")


def test_spacy_component():
    import spacy
    from spacy.tokens import Doc

    import extractor.pipeline  # noqa: F401  registers the components and extensions
    nlp = spacy.blank("xx")
    nlp.add_pipe("vi_places")
    doc = nlp.make_doc("Hỗ trợ xã Xuân La, huyện Pác Nặm (Bắc Kạn).")
    doc._.key = fold(doc.text)
    doc._.province_hint = "Bắc Kạn"
    doc = nlp.get_pipe("vi_places")(doc)
    assert [m.name for m in doc._.places] == ["Xuân La", "Pác Nặm", "Bắc Kạn"]
    assert [(s.text, s.label_) for s in doc.spans["places"]] == [
        ("xã Xuân La", "commune"), ("huyện Pác Nặm", "district"), ("Bắc Kạn", "province")]
    assert Doc.has_extension("key")


# --- offsets for arbitrary text ---------------------------------------------------------------

_WORDS = ["huyện", "Huyện", "HUYỆN", "xã", "Xã", "tỉnh", "Tỉnh", "TP.", "TP", "H.", "X.", "P.", "Q.", "TT.",
          "thị trấn", "thành phố", "phường", "quận", "Bắc Kạn", "Pác Nặm", "Ngân Sơn", "Xuân La", "Trần Phú",
          "Chợ Mới", "Đồng Tâm", "Hoà Bình", "Hòa Bình", "Khánh Hoà", "Thừa Thiên Huế", "TP.HCM", "Quận 3",
          "8", "Bà Rịa - Vũng Tàu", "Ea H'Leo", "và", ",", "(", ")", ".", ":", "là", "ông", "Nguyễn", "năm 2024",
          "toàn tỉnh", "tỉnh ta", "Phan Rang-Tháp Chàm", "\n", "\u00a0", "–", "Uỷ", "ủy"]
_piece = st.one_of(st.sampled_from(_WORDS), st.text(max_size=4))
_texts = st.lists(_piece, max_size=25).map(lambda xs: " ".join(xs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts, st.booleans(), st.sampled_from([None, "Bắc Kạn", "Thái Nguyên"]),
       st.sampled_from([None, "2024-07-27", "2025-08-01"]))
def test_offsets_slice_clean(raw, nfd, hint, when):
    if nfd:
        raw = unicodedata.normalize("NFD", raw)
    t = Text.of(raw)
    lk = get_linker()
    for m in lk.find(t.key, t.clean, hint, when):
        assert 0 <= m.start < m.end <= len(t.clean)
        surface = t.clean[m.start:m.end]
        assert fold(surface) == t.key[m.start:m.end]
        folded = _norm_name(fold_phrase(surface))
        if not any(folded.endswith(_norm_name(f)) for f in lk._alias_of):
            # (a syllable may be written in its other spelling: "huyện I" for the listed "1")
            assert name_key(surface).endswith(name_key(m.name)), (surface, m.name)
        assert m.level in ("province", "district", "commune")
        if m.ambiguous:
            assert m.code is None


# --- speed -------------------------------------------------------------------------------------

def test_linking_grows_linearly(linker, corpus_dir):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus_dir.glob("*.txt")))
    small, large = Text.of(text * 2), Text.of(text * 8)
    assert_linear(lambda t: linker.find(t.key, t.clean, "Bắc Kạn"), small, large, ratio=4)


@pytest.mark.parametrize("text,name,written", [
    ("số hộ nghèo trên địa bàn T.P Thái Nguyên giảm", "Thái Nguyên", "T.P Thái Nguyên"),
    ("Tại T.X Ba Đồn có 120 hộ nghèo", "Ba Đồn", "T.X Ba Đồn"),
])
def test_a_type_word_written_with_a_dot_inside(text, name, written):
    (m,) = get_linker().find_text(text, None, "2019-01-01")
    assert (m.name, m.level) == (name, "district") and text[m.start:m.end] == written


def test_the_written_out_white_space_is_what_regex_calls_white_space():
    import regex

    from extractor.nlp.places import _WS

    assert _WS == "".join(regex.findall(r"\s", "".join(map(chr, range(0x110000)))))


def test_a_renamed_province_keeps_its_name_of_the_time():
    """Thừa Thiên Huế became the city of Huế (same code, 46): the earlier release of the
    gazetteer that names it so gives its name for times before the current list."""
    from extractor.nlp.places import get_linker

    lk = get_linker()
    assert lk.former_province("46", "2020")["name"] == "Thừa Thiên Huế"
    assert lk.former_province("46", "2024-11-30")["name"] == "Thừa Thiên Huế"
    assert lk.former_province("46", "2025") is None
    assert lk.former_province("46", "2025-03-01") is None
    assert lk.former_province("01", "2020") is None  # Hà Nội: never renamed


def test_a_slug_spells_a_name_within_one_path_segment():
    """"/cong-doan/hung-yen-…": the section's last word and the slug's first spell "Đoan Hùng" across
    the bar; the slug names Hưng Yên."""
    from extractor.nlp.places import place_of_slug

    got = place_of_slug("https://laodong.vn/cong-doan/hung-yen-59860-nguoi-duoc-cap-the-1189615.ldo")
    assert (got.level, got.name) == ("province", "Hưng Yên")


def test_of_two_slug_names_sharing_a_word_the_province():
    """"hoat-dong-phu-yen-…": "dong-phu" spells the district Đồng Phú (Bình Phước) and "phu-yen" the
    province Phú Yên, sharing "phu": the province; a district named apart from it keeps its place."""
    from extractor.nlp.places import place_of_slug

    got = place_of_slug("https://example.vn/t/hoat-dong-phu-yen-ban-giao-2-ngoi-nha-dai-doan-ket/13381")
    assert (got.level, got.name) == ("province", "Phú Yên")
    got = place_of_slug("https://example.vn/huyen-dong-phu-binh-phuoc-giam-ngheo.html")
    assert (got.level, got.name) == ("district", "Đồng Phú")


def test_a_name_the_slug_types_as_a_commune_is_no_district():
    """"/xa-tan-hung-huyen-bau-bang-…": "tan-hung" after "xa-" is the commune of Bàu Bàng, not the
    district Tân Hưng of Long An; the slug's place is the district it names with its type word, and
    the commune named with it is found in that district. "thi-xa-go-cong" is a town, no commune."""
    from extractor.facts.document import _slug_cues
    from extractor.nlp.places import commune_in_slug, place_of_slug

    url = "https://example.vn/xa-tan-hung-huyen-bau-bang-co-ban-dat-chuan-nong-thon-moi"
    got = place_of_slug(url)
    assert (got.level, got.name) == ("district", "Bàu Bàng")
    commune = commune_in_slug(url, got, _slug_cues()["district_types"])
    assert (commune.level, commune.name, commune.district) == ("commune", "Tân Hưng", "Bàu Bàng")
    got = place_of_slug("https://example.vn/thi-xa-go-cong-tinh-tien-giang-giam-ngheo-20240619101525562.htm")
    assert (got.level, got.name) == ("district", "Gò Công")
    assert commune_in_slug("https://example.vn/ngan-hang-chinh-sach-xa-hoi-huyen-lac-son-tong-du-no",
                           place_of_slug("https://example.vn/ngan-hang-chinh-sach-xa-hoi-huyen-lac-son-tong-du-no"),
                           _slug_cues()["district_types"]) is None


def test_a_slug_spells_a_province_by_its_other_name():
    """"/TP-HCM-day-manh-…": the aliases' forms of a name ("TP HCM") are found in a slug too."""
    from extractor.nlp.places import place_of_slug

    got = place_of_slug("http://example.vn/Xa-hoi/TP-HCM-day-manh-ho-tro-von-dao-tao-nghe-cho-lao-dong-ngheo-337855/")
    assert (got.level, got.name) == ("province", "Hồ Chí Minh")
