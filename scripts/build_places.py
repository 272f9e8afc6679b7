"""Build ``src/extractor/data/places.json.gz``: the gazetteer the place linker reads.

Sources (both are project dependencies, nothing is typed by hand):

* ``vietnam-provinces`` 0.6 — the structure before 1 July 2025: 63 provinces, 696 districts
  (five island districts have no communes), 10,051 communes, with official codes.
* ``underthesea`` 9.5 — ``convert_address`` maps each old commune to its 2025 commune and
  province; its bundled mapping lists the 34 provinces (with codes) and 3,321 communes of
  the 2025 structure (it carries no codes for 2025 communes, so those stay null; 16 targets
  that the source names by key only are recovered from the old names).

Codes are strings zero-padded the way the General Statistics Office writes them: province
2 digits ("06"), district 3 digits ("060"), commune 5 digits ("01873").

Run: ``python scripts/build_places.py`` (from the repository root).
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import underthesea
import vietnam_provinces
from underthesea import convert_address
from underthesea.address import converter as ut_converter
from underthesea.address.normalizer import normalize_key

OUT = Path(__file__).resolve().parent.parent / "src" / "extractor" / "data" / "places.json.gz"

# Type words as they prefix official names, longest first so "Thành phố" wins over "Thị".
TYPE_PREFIXES = ["thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã"]
WIDTH = {"province": 2, "district": 3, "commune": 5}


def split_type(full: str) -> tuple[str, str]:
    """'Thành Phố Bắc Kạn' -> ('thành phố', 'Bắc Kạn'). Case of the prefix varies in sources."""
    low = full.lower()
    for t in TYPE_PREFIXES:
        if low.startswith(t + " "):
            return t, full[len(t) + 1:].strip()
    raise ValueError(f"no type word in {full!r}")


def code(level: str, value: int | str) -> str:
    return str(int(value)).zfill(WIDTH[level])


def build() -> dict:
    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    mapping = json.loads(Path(ut_converter._DATA_PATH).read_text(encoding="utf-8"))

    # 2025 provinces, keyed by underthesea's province key.
    new_prov = {}
    for key, info in mapping["province_names"].items():
        t, name = split_type(info["name"])
        new_prov[key] = {"code": code("province", info["code"]), "name": name, "type": t}
    new_prov_by_full = {mapping["province_names"][k]["name"]: v for k, v in new_prov.items()}
    old_to_new_prov = {}  # old province code -> 2025 province record
    for old_key, new_key in mapping["province_mapping"].items():
        old_to_new_prov[code("province", mapping["old_province_names"][old_key]["code"])] = new_prov[new_key]

    units: list[dict] = []
    for p in new_prov.values():
        units.append({"structure": "2025", "level": "province", "code": p["code"], "name": p["name"],
                      "type": p["type"], "province_code": None, "district_code": None, "current": None})
    # A few records in the source lack the target's display name and keep only its key, which
    # is the type word and name with spaces removed ("xãcẩmgiàng"). The name is that of an old
    # unit (a commune or district kept its name), so it is recovered from the old names.
    spaced = {}
    for p in nested:
        for d in p["districts"]:
            for full in [d["name"]] + [w["name"] for w in d["wards"]]:
                name = split_type(full)[1]
                spaced.setdefault("xã" + name.lower().replace(" ", ""), name)
    blank = {}  # (old province key, old district key, old ward key) -> recovered "Xã ..." name
    for r in mapping["ward_mapping"]:
        if not r["new_ward"] and r["new_ward_key"] in spaced:
            r["new_ward"] = "Xã " + spaced[r["new_ward_key"]]
            blank[(r["old_province_key"], r["old_district_key"], r["old_ward_key"])] = r
    # 2025 communes: every distinct target of the ward mapping.
    seen = set()
    for r in mapping["ward_mapping"]:
        if not r["new_ward"]:
            continue
        prov = new_prov[r["new_province_key"]]
        k = (prov["code"], r["new_ward"])
        if k in seen:
            continue
        seen.add(k)
        t, name = split_type(r["new_ward"])
        units.append({"structure": "2025", "level": "commune", "code": None, "name": name, "type": t,
                      "province_code": prov["code"], "district_code": None, "current": None})

    def current_province(pc: str) -> dict:
        np_ = old_to_new_prov[pc]
        return {"level": "province", "name": np_["name"], "type": np_["type"], "code": np_["code"],
                "province": np_["name"]}

    unmapped = 0
    for p in nested:
        pc = code("province", p["code"])
        pt, pname = split_type(p["name"])
        units.append({"structure": "old", "level": "province", "code": pc, "name": pname, "type": pt,
                      "province_code": None, "district_code": None, "current": current_province(pc)})
        for d in p["districts"]:
            dc = code("district", d["code"])
            dt, dname = split_type(d["name"])
            # Districts are gone in 2025: the unit they belong to now is the province.
            units.append({"structure": "old", "level": "district", "code": dc, "name": dname, "type": dt,
                          "province_code": pc, "district_code": None, "current": current_province(pc)})
            for w in d["wards"]:
                wt, wname = split_type(w["name"])
                res = convert_address(f"{w['name']}, {d['name']}, {p['name']}")
                cur = None
                new_ward, new_p, mtype = res.new.ward, res.new.province, res.mapping_type
                if res.status.value == "success" and not new_ward:
                    r = blank.get((normalize_key(p["name"]), normalize_key(d["name"]), normalize_key(w["name"])))
                    if r:
                        new_ward, new_p = r["new_ward"], r["new_province"]
                if res.status.value == "success" and new_ward:
                    nt, nname = split_type(new_ward)
                    np_ = new_prov_by_full.get(new_p) or old_to_new_prov[pc]
                    cur = {"level": "commune", "name": nname, "type": nt, "code": None,
                           "province": np_["name"], "province_code": np_["code"],
                           "mapping": mtype.value if mtype else None}
                else:
                    unmapped += 1
                    cur = current_province(pc)  # only the province is known
                units.append({"structure": "old", "level": "commune", "code": code("commune", w["code"]),
                              "name": wname, "type": wt, "province_code": pc, "district_code": dc,
                              "current": cur})

    counts = {}
    for u in units:
        counts.setdefault(u["structure"], {}).setdefault(u["level"], 0)
        counts[u["structure"]][u["level"]] += 1
    meta = {
        "sources": {"vietnam-provinces": vietnam_provinces.__version__,
                    "vietnam-provinces-data": vietnam_provinces.__data_version__,
                    "underthesea": underthesea.__version__,
                    "underthesea-mapping": mapping["metadata"]},
        "codes": "strings, zero-padded as the GSO writes them: province 2, district 3, commune 5 digits; "
                 "2025 communes have no code in the sources (null)",
        "structures": {"old": "before 2025-07-01 (63 provinces, districts, communes)",
                       "2025": "from 2025-07-01 (34 provinces, communes, no districts)"},
        "counts": counts,
        "old_communes_without_2025_commune": unmapped,
    }
    return {"meta": meta, "units": units}


def main() -> int:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical across rebuilds.
    with open(OUT, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    print(json.dumps(data["meta"]["counts"]), "unmapped:", data["meta"]["old_communes_without_2025_commune"],
          f"{OUT.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
