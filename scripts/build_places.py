"""Build ``src/extractor/data/places.json.gz``: the gazetteer the place linker reads.

Sources (nothing is typed by hand):

* ``vietnam-provinces`` 0.6 — the structure before 1 July 2025: 63 provinces, 696 districts
  (five island districts have no communes), 10,051 communes, with official codes.
* ``vietnamadminunits`` 1.0 (build-time only: ``pip install '.[data]'``) — the 2025 structure
  with official codes: 34 provinces and 3,321 communes (xã, phường, đặc khu), and its mapping of
  each old commune (by code) to its 2025 commune; an old commune split between several takes
  the one the source marks as default. Its files are read directly: the package is not
  imported, because its converter may geocode an address with a street online.
* ``underthesea`` 9.5 — ``convert_address`` (by names) maps the old communes the first source
  does not list (its data predates some 2024 mergers that vietnam-provinces has), and is the
  second opinion the two sources are compared with: the script prints how often they disagree.

* ``vietnam-provinces`` 0.2.2, 0.4.3 and 0.5.0 (data of 2023-05-07) — earlier releases, each a
  distinct data set (0.2-0.2.2 share one, 0.3.0-0.4.3 another, 0.5.8 has 0.6's): the districts
  and communes they list that 0.6 no longer has by code and name (merged, renamed, abolished
  since 2019 or so) go into ``places_historical.json.gz``, marked ``historical``. pip downloads
  their wheels (``--wheels DIR`` keeps them); the script reads them as zip files, installs none.
  The pre-2025 unit each went into is vietnamadminunits' (its list of each unit's former names),
  else the 0.6 unit of the same code (renamed), else for a district the one 0.6 district that
  now holds all its communes; its 2025 unit is that unit's. The meta block names the releases
  with the sha256 of the data read from each.

An old district's 2025 unit is its province, unless the whole district became one 2025
commune (island districts: Côn Đảo, Cô Tô ... now đặc khu).

Codes are strings zero-padded the way the General Statistics Office writes them: province
2 digits ("06"), district 3 digits ("060"), commune 5 digits ("01873").

Run: ``python scripts/build_places.py`` (from the repository root).
"""
from __future__ import annotations

import contextlib
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import underthesea
import vietnam_provinces
from underthesea import convert_address
from underthesea.address import converter as ut_converter

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


def read_vau() -> dict:
    """vietnamadminunits' bundled data: the 2025 units, the old communes with their keys, and
    its old-key -> 2025-key conversion tables."""
    spec = importlib.util.find_spec("vietnamadminunits")  # locates the package, runs none of it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("vietnamadminunits is missing: pip install '.[data]'")
    root = Path(next(iter(spec.submodule_search_locations))) / "data"
    conv = json.loads((root / "converter_2025.json").read_text(encoding="utf-8"))
    with contextlib.closing(sqlite3.connect(f"{(root / 'dataset.db').as_uri()}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        new = [dict(r) for r in db.execute(
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardKey FROM admin_units ORDER BY wardCode")]
        old = [dict(r) for r in db.execute(
            "SELECT provinceCode, provinceKey, districtCode, districtKey, wardCode, ward, wardKey "
            "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")]
    return {"version": importlib.metadata.version("vietnamadminunits"), "new": new, "old": old, "conv": conv}


def vau_mapping(vau: dict) -> tuple[dict, dict, dict]:
    """From vietnamadminunits: old province code -> 2025 province code; old commune code ->
    (2025 commune row, mapping type); code of a commune-less island district -> 2025 row."""
    conv = vau["conv"]
    row = {(r["provinceKey"], r["wardKey"]): r for r in vau["new"]}
    new_prov_code = {r["provinceKey"]: r["provinceCode"] for r in vau["new"]}
    old_prov_code = {r["provinceKey"]: r["provinceCode"] for r in vau["old"]}
    provinces = {old_prov_code[o]: new_prov_code[n] for n, olds in conv["DICT_PROVINCE"].items() for o in olds}
    target = {}  # "oldprovince_olddistrict_oldward" key -> (2025 row, parts it was merged from)
    for pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wk, olds in wards.items():
            for o in olds:
                target[o] = (row[(pk, wk)], len(olds))
    for pk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, parts in olds.items():
            (wk,) = [p["newWardKey"] for p in parts if p["isDefaultNewWard"]]
            target[o] = (row[(pk, wk)], 0)  # 0: divided, the default part
    communes, islands = {}, {}
    for r in vau["old"]:
        t = target.get(f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}")
        if t is None:
            continue
        new, n = t
        if not r["wardCode"]:
            islands[r["districtCode"]] = new
            continue
        mtype = "divided" if n == 0 else "merged" if n > 1 else "unchanged" if new["ward"] == r["ward"] else "renamed"
        communes[r["wardCode"]] = (new, mtype)
    return provinces, communes, islands


def build() -> dict:
    nested = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    mapping = json.loads(Path(ut_converter._DATA_PATH).read_text(encoding="utf-8"))
    vau = read_vau()
    vau_prov, vau_comm, vau_island = vau_mapping(vau)
    diff: Counter = Counter()  # how the two sources compare

    # 2025 provinces and communes, with codes: vietnamadminunits.
    new_prov = {}  # code -> record
    units: list[dict] = []
    for r in vau["new"]:
        pc = code("province", r["provinceCode"])
        if pc not in new_prov:
            t, name = split_type(r["province"])
            new_prov[pc] = {"code": pc, "name": name, "type": t}
    for pc in sorted(new_prov):
        p = new_prov[pc]
        units.append({"structure": "2025", "level": "province", "code": pc, "name": p["name"],
                      "type": p["type"], "province_code": None, "district_code": None, "current": None})
    for r in vau["new"]:
        t, name = split_type(r["ward"])
        units.append({"structure": "2025", "level": "commune", "code": code("commune", r["wardCode"]), "name": name,
                      "type": t, "province_code": code("province", r["provinceCode"]), "district_code": None,
                      "current": None})
    # ... against underthesea's lists (it names 16 communes by key only: those count as missing)
    ut_prov = {code("province", v["code"]): v["name"] for v in mapping["province_names"].values()}
    ut_prov_code = {v: k for k, v in ut_prov.items()}
    vau_prov_names = {code("province", r["provinceCode"]): r["province"] for r in vau["new"]}
    diff["2025 provinces: name or code differs"] = len(set(ut_prov.items()) ^ set(vau_prov_names.items()))
    ut_comm = {(code("province", mapping["province_names"][r["new_province_key"]]["code"]), r["new_ward"])
               for r in mapping["ward_mapping"] if r["new_ward"]}
    vau_set = {(code("province", r["provinceCode"]), r["ward"]) for r in vau["new"]}
    diff["2025 communes: only in vietnamadminunits"] = len(vau_set - ut_comm)
    diff["2025 communes: only in underthesea"] = len(ut_comm - vau_set)
    ut_old_to_new = {code("province", mapping["old_province_names"][o]["code"]):
                     code("province", mapping["province_names"][n]["code"]) for o, n in mapping["province_mapping"].items()}
    old_to_new = {code("province", o): code("province", n) for o, n in vau_prov.items()}
    diff["old provinces: 2025 province differs"] = sum(ut_old_to_new.get(o) != n for o, n in old_to_new.items())

    def current_province(pc: str) -> dict:
        np_ = new_prov[old_to_new[pc]]
        return {"level": "province", "name": np_["name"], "type": np_["type"], "code": np_["code"],
                "province": np_["name"]}

    def current_commune(new_row: dict, mtype: str | None) -> dict:
        nt, nname = split_type(new_row["ward"])
        np_ = new_prov[code("province", new_row["provinceCode"])]
        return {"level": "commune", "name": nname, "type": nt, "code": code("commune", new_row["wardCode"]),
                "province": np_["name"], "province_code": np_["code"], "mapping": mtype}

    new_by_name = {(code("province", r["provinceCode"]), r["ward"]): r for r in vau["new"]}
    for p in nested:
        pc = code("province", p["code"])
        pt, pname = split_type(p["name"])
        units.append({"structure": "old", "level": "province", "code": pc, "name": pname, "type": pt,
                      "province_code": None, "district_code": None, "current": current_province(pc)})
        for d in p["districts"]:
            dc = code("district", d["code"])
            dt, dname = split_type(d["name"])
            dist = {"structure": "old", "level": "district", "code": dc, "name": dname, "type": dt,
                    "province_code": pc, "district_code": None, "current": current_province(pc)}
            units.append(dist)
            parts: dict[str, dict] = {}  # the 2025 communes its communes went into, whole
            whole_parts = True
            for w in d["wards"]:
                wc = code("commune", w["code"])
                wt, wname = split_type(w["name"])
                res = convert_address(f"{w['name']}, {d['name']}, {p['name']}")
                ut_new = None
                if res.status.value == "success" and res.new.ward:
                    ut_new = new_by_name.get((ut_prov_code.get(res.new.province, old_to_new[pc]), res.new.ward))
                ours = vau_comm.get(wc)
                if ours and ut_new:
                    diff["old communes: both sources, same 2025 commune" if ut_new is ours[0] else
                         "old communes: 2025 commune differs (vietnamadminunits taken)"] += 1
                elif ours:
                    keyed = res.status.value == "success" and not res.new.ward  # the target named by key only
                    diff["old communes: only vietnamadminunits maps" + (" (underthesea: a key, no name)" if keyed else "")] += 1
                elif ut_new:
                    diff["old communes: only underthesea maps"] += 1
                    ours = (ut_new, res.mapping_type.value if res.mapping_type else None)
                else:
                    diff["old communes: no 2025 commune (province only)"] += 1
                cur = current_commune(*ours) if ours else current_province(pc)
                if ours and ours[1] != "divided":
                    parts[ours[0]["wardCode"]] = ours[0]
                else:
                    whole_parts = False
                units.append({"structure": "old", "level": "commune", "code": wc, "name": wname, "type": wt,
                              "province_code": pc, "district_code": dc, "current": cur})
            # a district that became one 2025 commune as a whole (island districts) belongs to it
            whole = vau_island.get(dc)
            if whole is None and len(parts) == 1 and whole_parts:
                (whole,) = parts.values()
            if whole is not None:
                dist["current"] = {k: v for k, v in current_commune(whole, None).items() if k != "mapping"}
                diff["old districts: now one 2025 commune"] += 1

    counts = {}
    for u in units:
        counts.setdefault(u["structure"], {}).setdefault(u["level"], 0)
        counts[u["structure"]][u["level"]] += 1
    meta = {
        "sources": {"vietnam-provinces": vietnam_provinces.__version__,
                    "vietnam-provinces-data": vietnam_provinces.__data_version__,
                    "vietnamadminunits": vau["version"],
                    "underthesea": underthesea.__version__,
                    "underthesea-mapping": mapping["metadata"]},
        "codes": "strings, zero-padded as the GSO writes them: province 2, district 3, commune 5 digits",
        "structures": {"old": "before 2025-07-01 (63 provinces, districts, communes)",
                       "2025": "from 2025-07-01 (34 provinces, communes, no districts)"},
        "counts": counts,
        "old_communes_without_2025_commune": diff["old communes: no 2025 commune (province only)"],
        "sources_compared": dict(sorted(diff.items())),
    }
    return {"meta": meta, "units": units}


# --- units gone before 2025 -------------------------------------------------------------------
# Earlier releases of vietnam-provinces, one per distinct data set (0.2-0.2.2 ship one data set,
# 0.3.0-0.4.3 another; 0.5.8 ships the same as 0.6). Their wheels are fetched by pip and read as
# zip files: never installed, so they do not clash with the 0.6 the package uses.
OLD_RELEASES = ["0.2.2", "0.4.3", "0.5.0"]
HIST_OUT = OUT.with_name("places_historical.json.gz")


def fetch_release(version: str, cache: Path) -> dict:
    """The nested divisions of ``vietnam-provinces==version`` (from its wheel, via pip download)."""
    folder = cache / f"vietnam-provinces-{version}"
    wheels = sorted(folder.glob("*.whl"))
    if not wheels:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
               "--dest", str(folder), f"vietnam-provinces=={version}"]
        if subprocess.run(cmd).returncode != 0 or not (wheels := sorted(folder.glob("*.whl"))):
            raise SystemExit(f"vietnam-provinces {version}: pip could not download its wheel")
    with zipfile.ZipFile(wheels[0]) as z:
        raw = z.read("vietnam_provinces/data/nested-divisions.json")
        init = z.read("vietnam_provinces/__init__.py").decode("utf-8")
    m = re.search(r"__data_version__\s*=\s*['\"]([^'\"]+)", init)
    return {"version": version, "data_version": m.group(1) if m else None,
            "sha256": hashlib.sha256(raw).hexdigest(), "nested": json.loads(raw)}


def vau_key(full: str) -> str:
    """A name with its type word as vietnamadminunits keys it: 'Xã Đạ M'ri' -> 'xadamri'."""
    s = unicodedata.normalize("NFKD", full.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


def read_vau_aliases() -> dict:
    """vietnamadminunits' former names of the pre-2025 units: the keys of the units merged into
    (or renamed to) each, as {(level, code): [key, ...]}."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("vietnamadminunits is missing: pip install '.[data]'")
    db_path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    out: dict[tuple[str, str], list[str]] = {}
    with contextlib.closing(sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)) as db:
        for dcode, dalias, wcode, walias in db.execute(
                "SELECT districtCode, districtAlias, wardCode, wardAlias FROM admin_units_legacy"):
            if dalias:
                out[("district", code("district", dcode))] = json.loads(dalias)
            if walias and wcode:
                out[("commune", code("commune", wcode))] = json.loads(walias)
    return out


def _name_key(name: str) -> str:
    """The linker's key of a name (case, tone placement and hyphen spacing folded)."""
    from extractor.nlp.places import _norm_name
    from extractor.text import fold_phrase
    return _norm_name(fold_phrase(name))


def build_historical(units: list[dict], releases: list[dict], aliases: dict) -> dict:
    """Districts and communes that earlier releases list and the 0.6 list no longer has (by code
    and name): merged, renamed or abolished since. Each keeps its code, type, province, district
    (communes) and, where a source says so, the pre-2025 unit it went into (``merged_into``) and
    through it its 2025 unit (``current``)."""
    now = {(u["level"], u["code"]): u for u in units if u["structure"] == "old"}
    prov_current = {u["code"]: u["current"] for u in units if u["structure"] == "old" and u["level"] == "province"}
    order = [r["version"] for r in releases] + [vietnam_provinces.__version__]
    seen: dict[tuple[str, str, str], dict] = {}   # (level, code, name key) -> unit as last listed
    for rel in releases:
        for p in rel["nested"]:
            pc = code("province", p["code"])
            for d in p["districts"]:
                dc = code("district", d["code"])
                dt, dname = split_type(d["name"])
                rec = seen.setdefault(("district", dc, _name_key(dname)), {"listed_in": []})
                rec.update(level="district", code=dc, name=dname, type=dt, province_code=pc, district_code=None,
                           commune_codes=[code("commune", w["code"]) for w in d["wards"]])
                rec["listed_in"].append(rel["version"])
                for w in d["wards"]:
                    wc = code("commune", w["code"])
                    wt, wname = split_type(w["name"])
                    rec = seen.setdefault(("commune", wc, _name_key(wname)), {"listed_in": []})
                    rec.update(level="commune", code=wc, name=wname, type=wt, province_code=pc, district_code=dc,
                               district_name=_name_key(dname))
                    rec["listed_in"].append(rel["version"])
    gone = {k: v for k, v in seen.items()
            if (k[0], k[1]) not in now or _name_key(now[(k[0], k[1])]["name"]) != k[2]}

    def ref(u: dict) -> dict:
        return {"level": u["level"], "code": u["code"], "name": u["name"], "type": u["type"]}

    how: Counter = Counter()
    district_into: dict[str, dict] = {}   # code of a gone district -> the 0.6 district it went into
    out = []
    for level in ("district", "commune"):
        for (lv, c, _), v in sorted(gone.items()):
            if lv != level:
                continue
            keys = {vau_key(f"{v['type']} {v['name']}")}
            if level == "district":
                same_prov = [u for u in now.values() if u["level"] == "district" and u["province_code"] == v["province_code"]]
                by_alias = [u for u in same_prov if keys & set(aliases.get(("district", u["code"]), ()))]
                holders = {now[("commune", w)]["district_code"] for w in v["commune_codes"] if ("commune", w) in now}
                by_communes = [now[("district", d)] for d in holders] if len(holders) == 1 else []
            else:
                within = {v["district_code"]}
                if v["district_code"] in district_into:
                    within.add(district_into[v["district_code"]]["code"])
                same_prov = [u for u in now.values() if u["level"] == "commune" and u["district_code"] in within]
                by_alias = [u for u in same_prov if keys & set(aliases.get(("commune", u["code"]), ()))]
                by_communes = []
            by_code = [now[(level, c)]] if (level, c) in now and now[(level, c)]["province_code"] == v["province_code"] else []
            into, source = None, None
            for cands, src in ((by_alias, "vietnamadminunits"), (by_code, "same code"), (by_communes, "its communes")):
                if len(cands) == 1:
                    into, source = cands[0], src
                    break
            if by_alias and by_code and len(by_alias) == 1 and by_alias[0] is not by_code[0]:
                how[f"{level}s: vietnamadminunits and the code disagree"] += 1
            how[f"{level}s merged into: {source or 'not known'}"] += 1
            if level == "district" and into is not None:
                district_into[c] = into
            last = v["listed_in"][-1]
            unit = {"structure": "old", "level": level, "code": c, "name": v["name"], "type": v["type"],
                    "province_code": v["province_code"], "district_code": v["district_code"],
                    "current": into["current"] if into else prov_current[v["province_code"]],
                    "historical": True, "listed_in": v["listed_in"], "gone_in": order[order.index(last) + 1],
                    "merged_into": ref(into) if into else None}
            if level == "district":
                # the communes it had that the 0.6 list still has (so "xã X, huyện Đạ Tẻh" chains)
                unit["commune_codes"] = [w for w in v["commune_codes"] if ("commune", w) in now]
            else:
                unit["district_historical"] = ("district", v["district_code"], v["district_name"]) in gone
            out.append(unit)
    counts = Counter(u["level"] for u in out)
    # provinces an earlier release names otherwise under the same code ("Thừa Thiên Huế", 46):
    # their name before the rename, for articles written then
    renamed: dict[str, dict] = {}
    for rel in releases:
        for p in rel["nested"]:
            pc = code("province", p["code"])
            pt, pname = split_type(p["name"])
            cur = now.get(("province", pc))
            if cur is not None and _name_key(cur["name"]) != _name_key(pname):
                rec = renamed.setdefault(pc, {"level": "province", "code": pc, "name": pname, "type": pt,
                                              "listed_in": []})
                rec["listed_in"].append(rel["version"])
                rec["data_version"] = rel["data_version"]
    meta = {
        "sources": {"vietnam-provinces": [{k: r[k] for k in ("version", "data_version", "sha256")} for r in releases],
                    "vietnam-provinces-now": vietnam_provinces.__version__,
                    "vietnamadminunits": importlib.metadata.version("vietnamadminunits")},
        "what": "districts and communes listed by an earlier vietnam-provinces release and gone (by code and "
                "name) from the pre-2025 list; listed_in: the releases that list them; gone_in: the first that "
                "does not; merged_into: the pre-2025 unit they went into, where a source says so",
        "counts": dict(sorted(counts.items())),
        "merged_into_from": dict(sorted(how.items())),
        "renamed": "provinces whose name in an earlier release differs under the same code; data_version: "
                   "the data of the last release that names them so",
    }
    return {"meta": meta, "units": out, "renamed": [renamed[c] for c in sorted(renamed)]}


def write_gz(path: Path, data: dict) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical across rebuilds.
    with open(path, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)


def main(argv: list[str] | None = None) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wheels", type=Path, help="folder to keep the downloaded earlier releases in "
                    "(default: a temporary folder)")
    args = ap.parse_args(argv)
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_gz(OUT, data)
    meta = data["meta"]
    print(json.dumps(meta["counts"]), file=sys.stderr)
    coded = Counter((u["structure"], u["level"]) for u in data["units"] if u["code"])
    print("  units with a code:", ", ".join(f"{s} {lv} {n}" for (s, lv), n in sorted(coded.items())), file=sys.stderr)
    now = Counter((u["level"], u["current"]["level"]) for u in data["units"] if u["current"] and u["current"]["code"])
    print("  old units whose 2025 unit has a code:", ", ".join(f"{a}->{b} {n}" for (a, b), n in sorted(now.items())),
          file=sys.stderr)
    for k, v in meta["sources_compared"].items():
        print(f"  {k}: {v}", file=sys.stderr)
    print(f"{OUT.stat().st_size} bytes", file=sys.stderr)

    with contextlib.ExitStack() as stack:
        cache = args.wheels or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        releases = [fetch_release(v, cache) for v in OLD_RELEASES]
    hist = build_historical(data["units"], releases, read_vau_aliases())
    write_gz(HIST_OUT, hist)
    print("historical units:", json.dumps(hist["meta"]["counts"]), file=sys.stderr)
    for k, v in hist["meta"]["merged_into_from"].items():
        print(f"  {k}: {v}", file=sys.stderr)
    print(f"{HIST_OUT.stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
