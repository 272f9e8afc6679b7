"""Place recogniser and linker.

Finds provinces, districts and communes in an article's text and links each to the official
unit (and code) of the article's time and, where a mapping exists, to the 2025 unit it belongs
to now. Names and codes come from ``data/places.json.gz`` (built by ``scripts/build_places.py``
from ``vietnam-provinces``, ``vietnamadminunits`` and ``underthesea``); type words,
abbreviations and the rules that keep common words out come from ``patterns/places.yaml``.

How it matches (fast, no tagger): one regex finds runs of capitalised syllables in the clean
text; inside each run a longest-match lookup over folded names (dict keyed by
:func:`extractor.text.fold_phrase`) finds names, a type word inside the run or just before it
(on the folded key) decides the level. Offsets are those of ``clean``; names are compared on
the same-length ``key``.

Codes are strings as the GSO writes them: province 2 digits, district 3, commune 5. Units of
the 2025 structure (with their codes) are used for articles dated 2025-07-01 or later; a
mention's ``current`` (its 2025 unit) carries the 2025 code too.

Districts and communes gone before 2025 (merged, renamed: "huyện Đạ Tẻh", "quận 9") come from
``data/places_historical.json.gz``, marked ``historical``. A name shared with a unit of the
pre-2025 or 2025 list is that unit's, unless the historical one lies in a province none of the
others does and the article's context (the hint, the units it names) points there.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from urllib.parse import urlsplit

import regex
from extractor.patterns import load_yaml, parse_yaml

from extractor.text import Text, fold, fold_phrase, fold_phrases, slug_path, syllable_variants, without_marks, word_index
from extractor import text as text_module
from extractor.diskcache import memo

_PKG = Path(__file__).resolve().parent.parent
DATA_PATH = _PKG / "data" / "places.json.gz"
HISTORICAL_NAME = "places_historical.json.gz"   # beside the data file
PATTERNS_PATH = _PKG / "patterns" / "places.yaml"

NEW_ERA = "2025-07-01"
_RANK = {"commune": 0, "district": 1, "province": 2}


@dataclass
class PlaceMention:
    start: int                      # offsets in the clean text: type word + name as written
    end: int
    name: str                       # official name without type word
    type: str | None                # type word as written, full form; None for a bare name
    level: str                      # "province" | "district" | "commune"
    code: str | None                # official code at the article's time; None when ambiguous
    province: str | None
    province_code: str | None
    district: str | None
    current: dict | None            # 2025 unit {level, name, type, code (2025), province}
    ambiguous: bool = False
    structure: str | None = None    # "old" (before 2025-07-01) or "2025"
    district_code: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ProvinceRef:
    name: str
    code: str
    structure: str                  # "old" or "2025"
    type: str = "tỉnh"
    current: dict | None = None


# --- text shapes ---------------------------------------------------------------------------
_L = r"\p{L}\p{M}"
# A capitalised syllable (apostrophe names: "H'Leo", "R'Lấp") or a number ("Quận 1"; not the "2"
# of "toàn xã 2.524 hộ").
# a number is a name's syllable ("Phường 1"), not the day of a date ("xã 01/7/2025")
_SYL = rf"(?:\p{{Lu}}[{_L}]*(?:['’][{_L}]+)*|\d+(?![.,/]\d))"
_SEP = r"(?:[^\S\n]|[^\S\n]?[-‐‑–—][^\S\n]?)"
_RUN_RE = regex.compile(rf"(?<![{_L}\d'’]){_SYL}(?:{_SEP}{_SYL})*(?![{_L}\d])")
_SYL_RE = regex.compile(_SYL)
# The same runs with each syllable captured (group 1: the first, group 2: the rest, via
# ``Match.spans(2)``): the syllables of a run without a second pass over it.
_RUN_TOKS_RE = regex.compile(rf"(?<![{_L}\d'’])({_SYL})(?:{_SEP}({_SYL}))*(?![{_L}\d])")
_LOWER_AFTER = regex.compile(r"[ \t]*\p{Ll}")  # a word in lower case after a run, on its line
# What regex's \s matches (Unicode White_Space, all in the BMP; a test checks the list), written
# out: finding it over the 65,536 characters cost every start 15 ms.
_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_ONE_SEP, _ONE_HARD = [""], [False]  # separators of a one-syllable run (read-only)
_SENT_START_RE = regex.compile(r"(?:^|[.!?:\n\"'(])\s*$")
# around a bare name said again: a letter of a longer word, a capitalised word going on after it, one
# before it (at most 30 characters back)
_NAME_CHAR = regex.compile(rf"[{_L}\d'’]")
_NAME_GOES_ON = regex.compile(rf"[{_L}\d'’]|[ -]\p{{Lu}}")
_CAP_WORD_BEFORE = regex.compile(rf"(?<![{_L}\d'’])\p{{Lu}}[{_L}]*[ -]$")
_CAP_WORD_REACH = 30
_DASH_RE = regex.compile(r"\s*[-‐‑–—]\s*")
_APOS_RE = regex.compile(r"'\s*")  # (folding writes every apostrophe as ')
_WORD_RE = re.compile(r"[^\W\d_]+|\d+")
_SENT_BREAK_RE = regex.compile(r"[.!?]\s|\n")
# between two items of a list by place, each with its figure: "Mường Nhé 412 hộ, Nậm Pồ …",
# "Cao Bằng (156 xã), tiếp theo là Hà Giang …" is not one (words other than a counter)
_ITEM_GAP = regex.compile(r"\s*:?\s*\(?[\d.,]+\s*%?(?:\s+\p{Ll}+){0,2}\)?\s*[,;]\s*(?:và\s+)?")


def _undot(m) -> str:
    """"T.P" as "TP ": the dots out, padded so offsets still slice the text."""
    written = m.group()
    return written.replace(".", "") + " " * written.count(".")


def _norm_name(folded: str) -> str:
    """Folded name with hyphen spacing unified ("phan rang - tháp chàm" -> "phan rang-tháp chàm")
    and without apostrophes: the press writes "H'Ra", "H’Ra" and "Hra", "Ia H'Drai" and the
    gazetteer "Ia H' Drai", "Đắk D'rông" and "Đắk DRông" for one name."""
    folded = _DASH_RE.sub("-", folded)
    return _APOS_RE.sub("", folded) if "'" in folded else folded


def _ascii_slug(name: str) -> str:
    return "".join(_ascii_words(name))


def _alts(forms) -> str:
    return "|".join(regex.escape(f) for f in sorted(set(forms), key=len, reverse=True))


class UnitTable:
    """The gazetteer's units, each read from its compact form (one JSON row) only when asked for.

    An article names a few dozen of the ~15,000 units; reading back every unit as a dict was a
    third of a cold start. The level and structure of every unit stay at hand as columns, for the
    indexes that look over all units of one level."""

    __slots__ = ("_rows", "_read", "levels", "structures")

    def __init__(self, units: list[dict]):
        self._rows = [json.dumps(u, ensure_ascii=False, separators=(",", ":")) for u in units]
        self._read: list[dict | None] = list(units)
        self.levels = [u["level"] for u in units]
        self.structures = [u["structure"] for u in units]

    @classmethod
    def _of_rows(cls, rows: list[str], levels: list[str], structures: list[str]) -> "UnitTable":
        t = cls.__new__(cls)
        t._rows, t.levels, t.structures = rows, levels, structures
        t._read = [None] * len(rows)
        return t

    def __reduce__(self):
        return (UnitTable._of_rows, (self._rows, self.levels, self.structures))

    def __len__(self) -> int:
        return len(self._rows)

    def __eq__(self, other) -> bool:
        return isinstance(other, UnitTable) and self._rows == other._rows

    def __getitem__(self, i: int) -> dict:
        u = self._read[i]
        if u is None:
            u = self._read[i] = json.loads(self._rows[i])
        return u

    def __iter__(self):
        return (self[i] for i in range(len(self._rows)))

    def of_levels(self, *levels: str, structure: str | None = None):
        """(index, unit) of every unit of those levels (any level if none is named) and of that
        structure (any if None), the others unread."""
        for i, (lv, st) in enumerate(zip(self.levels, self.structures)):
            if (not levels or lv in levels) and (structure is None or st == structure):
                yield i, self[i]


@dataclass
class _Raw:
    start: int
    end: int
    name_start: int
    type: str | None
    cands: list[int]
    bare: bool = False
    tentative: bool = False          # bare district or a name by its letters only: kept only if context makes it sure
    cue: bool = False                # follows a list cue ("là Pác Nặm và Ngân Sơn")
    chained: bool = False            # disambiguated by a parent named next to it


class PlaceLinker:
    def __init__(self, data_path=None, patterns_path=None, historical_path=None):
        path = Path(data_path) if data_path else DATA_PATH
        hist_path = Path(historical_path) if historical_path else path.with_name(HISTORICAL_NAME)
        # the units and their indexes are the same on every run: built once, then read back
        # (diskcache; the entry is named by the data files' and this code's bytes)
        pat_path = Path(patterns_path or PATTERNS_PATH)
        pat = load_yaml("places.yaml") if pat_path == PATTERNS_PATH else parse_yaml(pat_path.read_text(encoding="utf-8"))
        variants = [[fold_phrase(f) for f in group] for group in syllable_variants(pat)]
        breveless = {fold_phrase(a): fold_phrase(b) for a, b in pat.get("letters_without_breve", {}).items()}
        self.__dict__.update(memo("places", [path, hist_path, pat_path, Path(__file__), Path(text_module.__file__)],
                                  lambda: PlaceLinker._built(path, hist_path, variants, breveless)))
        self._load_patterns(pat)
        self._fields_cache: dict[tuple[int, ...], tuple] = {}

    @staticmethod
    def _built(path: Path, hist_path: Path, variants: list[list[str]] = (), breveless: dict = None) -> dict:
        """The gazetteer's units and every index of them, as the linker's attributes."""
        self = PlaceLinker.__new__(PlaceLinker)
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        self.meta = data["meta"]
        self.units: list[dict] = data["units"]
        self.historical_meta = None
        self.renamed: dict[str, dict] = {}
        if hist_path.is_file():
            with gzip.open(hist_path, "rt", encoding="utf-8") as fh:
                hist = json.load(fh)
            self.historical_meta = hist["meta"]
            self.units = self.units + hist["units"]
            self.renamed = {u["code"]: u for u in hist.get("renamed", ())}
        self.hist = [bool(u.get("historical")) for u in self.units]
        self._index(variants, breveless or {})
        self._child_index()
        self.units = UnitTable(self.units)
        return self.__dict__

    def _load_patterns(self, pat: dict) -> None:
        self.type_levels = {fold_phrase(t): lv for t, lv in pat["type_words"].items()}
        # before a commune's bare name, words that make it another thing's: a street, a person
        self._bare_not_re = regex.compile(rf"(?:{_alts([fold_phrase(w) for w in pat['bare_commune_not_after']])})\s+$")
        self.type_raised = {fold_phrase(t): {fold_phrase(x) for x in xs} for t, xs in pat.get("type_raised", {}).items()}
        # "Tân Thuận là xã bãi ngang …" at a sentence's start: a name, "là", a type word
        self._apposed_re = regex.compile(
            r"(?:^|(?<=[.!?\n]) ?)(\p{Lu}[\p{L}'’]*(?:[ -]\p{Lu}[\p{L}'’]*){0,3}) là (?:một )?"
            rf"(?:(?:trong những|trong các|một trong những) )?({_alts(pat['type_words'])})(?![\p{{L}}])",
            regex.MULTILINE)
        # the syllable variants without marks, for slugs ("dac-nong" for "Đắk Nông")
        self.slug_variants = [sorted({_ascii_words(f)[0] for f in group}) for group in syllable_variants(pat)]
        self.slug_commune_types = [tuple(t.split()) for t in pat.get("slug_commune_types", ())]
        self.slug_commune_types_not = [tuple(t.split()) for t in pat.get("slug_commune_types_not", ())]
        self.slug_not_names = frozenset(pat.get("slug_not_names", ()))
        self.slug_city_types = [tuple(t.split()) for t in pat.get("slug_city_types", ())]
        self.organ_levels = {fold_phrase(t): lv for t, lv in pat["organ_words"].items()}
        self.abbrev = dict(pat["abbreviations"])                  # case-sensitive written form
        self.abbrev_key = {fold(a): fold_phrase(t) for a, t in self.abbrev.items()}
        # abbreviations with a dot inside ("T.P", "T.X"), found before a name and read undotted
        dotted = sorted((a for a in self.abbrev if "." in a.rstrip(".")), key=len, reverse=True)
        inner = [a.rstrip(".") for a in dotted]
        self._dotted = regex.compile(rf"(?<![{_L}\d.])(?:{_alts(inner)})(?= \p{{Lu}})") if inner else None
        self._dotted_key = regex.compile(rf"(?<![{_L}\d.])(?:{_alts(fold(a) for a in inner)})(?= [{_L}])") \
            if inner else None
        # Forms a run may start with (capitalised, no dot): full words, organ words, "TP", "TX"...
        self.run_types = {}
        for t in self.type_levels:
            self.run_types[t] = (t, self.type_levels[t], False)
        for t, lv in self.organ_levels.items():
            self.run_types[t] = (None, lv, True)
        for a, t in self.abbrev.items():
            if not a.endswith("."):
                self.run_types[fold(a)] = (fold_phrase(t), self.type_levels[fold_phrase(t)], False)
        self.max_type_toks = max(len(k.split()) for k in self.run_types)
        self.type_first = {k.split()[0] for k in self.run_types}  # first word of each run type form
        pre_forms = list(self.type_levels) + list(self.organ_levels) + [fold(a) for a in self.abbrev]
        # Type word just before a run, on the key: "huyện Pác Nặm", "TP. Bắc Kạn", "(huyện Chợ Mới".
        self._pre_forms = tuple(sorted(set(pre_forms)))
        self._pre_re = regex.compile(rf"(?<![{_L}\d.])({_alts(pre_forms)}):?[^\S\n]{{0,3}}$")
        self.non_names = {fold_phrase(x) for x in pat["non_names"]}
        j = [regex.escape(fold_phrase(x)) for x in pat["list_joiners"]]
        words = [x for x in j if x[0].isalpha()]
        puncts = [x for x in j if not x[0].isalpha()]
        joint = rf"\s*(?:{'|'.join(puncts)})\s*(?:(?:{'|'.join(words)})\s+)?|\s+(?:{'|'.join(words)})\s+"
        self._join_re = regex.compile(rf"^(?:{joint})$")
        # the same as ``fullmatch(key, a, b)``, without slicing the text (every form ends in white
        # space, so ``$`` before a final newline adds nothing)
        self._join_fm = regex.compile(joint)
        self._cue_re = regex.compile(
            rf"(?<![{_L}\d])(?:{_alts(fold_phrase(c) for c in pat['bare_list_cues'])})[:\s]*$")
        self._gap_re = regex.compile(pat["parent_gap"])
        self.false_friends = {_norm_name(fold_phrase(x)) for x in pat["false_friends"]}
        self.bare_openers = frozenset(w.lower() for w in pat["bare_name_openers"])
        self.person_titles = frozenset(w.split()[-1].lower() for w in pat["person_titles"])
        # (a product's variety or brand is named so too: "nhãn Hưng Yên chín muộn", "vải Thanh Hà"; and
        # an outlet's page to follow: "Theo dõi Báo Gia Lai trên Google News")
        self._person_re = regex.compile(
            rf"(?<![{_L}\d])(?:{_alts(fold_phrase(c) for c in pat['person_cues'] + pat['variety_cues'] + pat['outlet_cues'])})\s+$")
        self.person_tokens = {fold_phrase(x) for x in pat["person_tokens"]}
        self.person_words = {fold_phrase(c) for c in pat["person_cues"] if " " not in c}
        self.aliases = []
        for a in pat.get("aliases", []):
            for f in a["forms"]:
                self.aliases.append((fold_phrase(f), a))
        self._alias_re = regex.compile(
            rf"(?<![{_L}\d])({_alts(f for f, _ in self.aliases)})(?![{_L}\d])") if self.aliases else None
        self._alias_of = {f: a for f, a in self.aliases}

    def _index(self, variants: list[list[str]] = (), breveless: dict = None) -> None:
        self.by_name: dict[str, list[int]] = {}
        self.prov_idx: dict[tuple[str, str], int] = {}   # (structure, code) -> unit index
        self.dist_idx: dict[str, int] = {}
        hist_dists: dict[str, list[int]] = {}            # code -> historical districts of that code
        comm_idx: dict[str, int] = {}                    # code -> commune of the pre-2025 list
        for i, (u, folded) in enumerate(zip(self.units, fold_phrases([u["name"] for u in self.units]))):
            key = _norm_name(folded)
            self.by_name.setdefault(key, []).append(i)
            if self.hist[i]:
                if u["level"] == "district":
                    hist_dists.setdefault(u["code"], []).append(i)
            elif u["level"] == "province":
                self.prov_idx[(u["structure"], u["code"])] = i
            elif u["level"] == "district":
                self.dist_idx[u["code"]] = i
            elif u["structure"] == "old":
                comm_idx[u["code"]] = i
        # The press joins the syllables of some names ("huyện Đakrông" for Đa Krông, "Đắkrlấp"):
        # a district's or province's name is found written as one word too (a commune's namesake
        # does not block it; the type word or the context chooses between them).
        for key, ix in list(self.by_name.items()):
            joined = key.replace(" ", "").replace("-", "")
            if joined == key:
                continue
            units = [i for i in ix if self.units[i]["level"] != "commune"]
            have = self.by_name.get(joined, [])
            if units and all(self.units[i]["level"] == "commune" for i in have):
                self.by_name[joined] = have + units
        # A syllable spelled two ways ("đắk"/"đăk") or without its breve ("căng"/"cang"): the name
        # is found under the other spelling too, where no unit bears that spelling itself.
        variant_of = {form: group for group in variants for form in group}
        table = str.maketrans(breveless or {})
        extra: dict[str, list[int]] = {}
        if variant_of or breveless:
            for key, ix in self.by_name.items():
                # each syllable as listed or in any other spelling of it, all combinations ("Đăk Lăk"
                # for the listed "Đắk Lắk" changes two)
                forms = []
                for syl in key.split(" "):
                    plain = syl.translate(table)  # "căng" written "cang"
                    forms.append([syl] + [o for o in variant_of.get(syl, ()) if o != syl] + ([plain] if plain != syl else []))
                if all(len(f) == 1 for f in forms):
                    continue
                for spelt in product(*forms):
                    alt = " ".join(spelt)
                    if alt == key:
                        continue
                    # (where units bear that spelling, those of a level and era none of them has:
                    # "huyện Đak Đoa" for the listed district "Đăk Đoa", a 2025 commune "Đak Đoa";
                    # "xã An Qui" of 2024 for the listed "An Quy", a 2025 commune "An Qui")
                    have = {(self.units[i]["level"], self.units[i]["structure"]) for i in self.by_name.get(alt, ())}
                    bucket = extra.setdefault(alt, [])
                    bucket.extend(i for i in ix if i not in bucket and
                                  (self.units[i]["level"], self.units[i]["structure"]) not in have)
        for alt, ix in extra.items():
            if ix:
                self.by_name[alt] = self.by_name.get(alt, []) + ix
        self.max_name_toks = max(k.replace("-", " ").count(" ") + 1 for k in self.by_name)
        # First syllable of every name -> most syllables of a name starting with it: a run none of
        # whose syllables starts a name holds no mention (pre-filter), and the longest-match
        # loops start at the longest name that can begin at a syllable.
        self.first_toks: dict[str, int] = {}
        for k in self.by_name:
            parts = k.replace("-", " ").split(" ")  # regex.split(r"[ -]", k), without its per-call cache lookup
            if len(parts) > self.first_toks.get(parts[0], 0):
                self.first_toks[parts[0]] = len(parts)
        # Communes by the letters of their names, without marks (see ``_longest``).
        self.by_letters: dict[str, list[int]] = {}
        for key, ix in self.by_name.items():
            communes = [i for i in ix if self.units[i]["level"] == "commune"]
            if communes:
                bucket = self.by_letters.setdefault(" ".join(_ascii_words(key)), [])
                bucket.extend(i for i in communes if i not in bucket)
        # Names that may be taken without a type word (communes never are).
        self.bare_names = {k for k, ix in self.by_name.items()
                           if any(self.units[i]["level"] != "commune" for i in ix)}
        # Ancestors (unit indices) of each unit; an old unit also counts the 2025 province it now
        # belongs to, so a 2025 article's hint ("Thái Nguyên") reaches old Bắc Kạn names.
        self.anc: list[frozenset[int]] = []
        self.new_prov_by_name = {}
        for i, u in enumerate(self.units):
            if u["structure"] == "2025" and u["level"] == "province":
                self.new_prov_by_name[u["name"]] = i
        # The district each unit was listed under: a historical commune's may be a historical district.
        self._dist_of: list[int | None] = []
        for i, u in enumerate(self.units):
            d = self.dist_idx.get(u["district_code"]) if u["district_code"] else None
            if self.hist[i] and u.get("district_historical"):
                d = next((h for h in hist_dists.get(u["district_code"], ())
                          if u["listed_in"][-1] in self.units[h]["listed_in"]), d)
            self._dist_of.append(d)
        anc: list[set[int]] = []
        for i, u in enumerate(self.units):
            a = set()
            if u["province_code"]:
                a.add(self.prov_idx[(u["structure"], u["province_code"])])
            if self._dist_of[i] is not None:
                a.add(self._dist_of[i])
            if self.hist[i] and u["level"] == "commune" and u["district_code"] in self.dist_idx:
                a.add(self.dist_idx[u["district_code"]])  # the district of that code now
            anc.append(a)
        for ix in hist_dists.values():  # a historical district contains the communes it had
            for h in ix:
                for c in self.units[h].get("commune_codes", ()):
                    if c in comm_idx:
                        anc[comm_idx[c]].add(h)
        self.anc = [frozenset(a) for a in anc]
        # Province lookups by any spelling: folded name, with type word, ascii slug.
        self.prov_by_key: dict[str, list[int]] = {}
        for (structure, _), i in self.prov_idx.items():
            u = self.units[i]
            for k in (fold_phrase(u["name"]), fold_phrase(f"{u['type']} {u['name']}"), _ascii_slug(u["name"])):
                self.prov_by_key.setdefault(k, []).append(i)

    # --- public ---------------------------------------------------------------------------------
    def province(self, name: str, when: str | None = None) -> ProvinceRef | None:
        """A province by any spelling ("Bắc Kạn", "tỉnh Bắc Kạn", "Bac Kan", "backan", "TP.HCM")."""
        k = fold_phrase(name)
        if k.isdigit():  # a code: "06", "6"
            hits = [i for i in (self.prov_idx.get(("old", k.zfill(2))), self.prov_idx.get(("2025", k.zfill(2))))
                    if i is not None]
            return self._province_ref(self._pick_era(hits, bool(when) and when[:10] >= NEW_ERA)[0]) if hits else None
        if k in self._alias_of:
            k = fold_phrase(self._alias_of[k]["name"])
        for abbr, t in self.abbrev_key.items():
            if k.startswith(abbr) and t in ("tỉnh", "thành phố"):
                k = k[len(abbr):].strip()
        hits = self.prov_by_key.get(k) or self.prov_by_key.get(_ascii_slug(k))
        if not hits:
            return None
        i = self._pick_era(hits, bool(when) and when[:10] >= NEW_ERA)[0]
        return self._province_ref(i)

    def slug_index(self) -> dict[str, list[int]]:
        """Provinces and districts by their names without marks, words apart ("da teh")."""
        if getattr(self, "_slug_index", None) is None:
            idx: dict[str, list[int]] = {}
            for i, u in self.units.of_levels("province", "district"):
                words = _ascii_words(u["name"])
                if len(words) >= 2:
                    for spelt in _spellings(words, self.slug_variants):
                        if i not in idx.get(spelt, ()):
                            idx.setdefault(spelt, []).append(i)
            # other spellings of a province's or district's name ("…/tp-hcm-day-manh-…")
            for form, a in self.aliases:
                words = _ascii_words(form)
                if a["level"] in ("province", "district") and len(words) >= 2:
                    units = [i for i in self.by_name.get(_norm_name(fold_phrase(a["name"])), ())
                             if self.units[i]["level"] == a["level"] and self.units[i]["name"] == a["name"]]
                    bucket = idx.setdefault(" ".join(words), [])
                    bucket.extend(i for i in units if i not in bucket)
            self._slug_index = idx
        return self._slug_index

    def _province_ref(self, i: int) -> ProvinceRef:
        u = self.units[i]
        return ProvinceRef(u["name"], u["code"], u["structure"], u["type"], self._current(i))

    def find(self, key: str, clean: str, province_hint: str | None = None,
             when: str | None = None) -> list[PlaceMention]:
        when = str(when) if when else None  # a date object is fine too
        new_era = bool(when) and when[:10] >= NEW_ERA
        if self._dotted is not None and "." in clean:
            # "T.P Thái Nguyên", "T.X Ba Đồn": a type word with a dot inside is read without it
            clean = self._dotted.sub(_undot, clean)
            key = self._dotted_key.sub(_undot, key)
        raws = self._recognise(key, clean, new_era)
        raws = self._apposed(key, clean, raws, new_era)
        if not raws:
            return []
        self._resolve(raws, key, province_hint, new_era)
        raws = self._bare_again(key, clean, raws)
        return [self._mention(r) for r in raws]

    def _apposed(self, key: str, clean: str, raws: list[_Raw], new_era: bool) -> list[_Raw]:
        """A name that opens a sentence and is then said to be a unit ("Tân Thuận là xã bãi ngang …",
        "Trạm Tấu là huyện đặc biệt khó khăn"): a mention of that unit, its type word said after it."""
        if " là " not in key:
            return raws
        taken = [(r.start, r.end) for r in raws]
        added = []
        for m in self._apposed_re.finditer(clean):
            a, b = m.span(1)
            if any(s < b and a < e for s, e in taken):
                continue
            t_full = fold_phrase(m.group(2))
            levels = self.type_levels.get(t_full)
            cands = self._cands(_norm_name(key[a:b]), levels, t_full, new_era) if levels else []
            if cands:
                added.append(_Raw(a, b, a, t_full, cands))
        return sorted(raws + added, key=lambda r: r.start) if added else raws

    def _bare_again(self, key: str, clean: str, raws: list[_Raw]) -> list[_Raw]:
        """A commune the text names with its type word ("xã Phìn Hồ") and elsewhere bare ("Bởi Phìn
        Hồ có 2 bản ĐBKK", a title "Ngũ Hiệp: Giải ngân …"): the same unit there too, where the bare
        name stands alone (no capitalised word on either side, nothing a street or a person's)."""
        typed: dict[str, _Raw] = {}
        for r in raws:
            if r.type and r.cands and not r.tentative and all(self._level(c) == "commune" for c in r.cands):
                name = clean[r.name_start:r.end]
                if not name[:1].isdigit():  # ("Phường 6" is no name a bare "6" stands for)
                    typed.setdefault(name, r)
        if not typed:
            return raws
        taken = [(r.start, r.end) for r in raws]
        added = []
        for name, r in typed.items():
            a = clean.find(name)
            while a >= 0:
                b = a + len(name)
                cap = _CAP_WORD_BEFORE.search(clean, max(0, a - _CAP_WORD_REACH), a)
                # (a capitalised word before: the sentence's first, "Bởi Phìn Hồ có", or a longer name's)
                first = cap.start() if cap is not None else a
                alone = (a == 0 or not _NAME_CHAR.match(clean, a - 1)) and not _NAME_GOES_ON.match(clean, b) and \
                    (cap is None or _SENT_START_RE.search(clean, max(0, first - 4), first))
                if alone and not any(s < b and a < e for s, e in taken) and \
                        not self._bare_not_re.search(key, max(0, first - 12), a):
                    added.append(_Raw(a, b, a, r.type, list(r.cands)))  # (its type as the text wrote it there)
                a = clean.find(name, b)
        return sorted(raws + added, key=lambda x: x.start) if added else raws

    def find_text(self, raw: str, province_hint: str | None = None, when: str | None = None):
        t = Text.of(raw)
        return self.find(t.key, t.clean, province_hint, when)

    # --- recognition ----------------------------------------------------------------------------
    def _pick_era(self, cands: list[int], new_era: bool) -> list[int]:
        want = "2025" if new_era else "old"
        mine = [c for c in cands if self.units[c]["structure"] == want]
        return mine or cands

    def _prefer_current(self, c: list[int], new_era: bool) -> list[int]:
        """Candidates of one name: a historical unit stays only beside pre-2025 units of other
        provinces (the context may pick it), and beside 2025 units in an article before 2025-07-01;
        a pre-2025 unit of its province, or a 2025 unit in a later article, wins over it."""
        cur = [i for i in c if not self.hist[i]]
        if not cur or len(cur) == len(c):
            return c
        old = [i for i in cur if self.units[i]["structure"] == "old"]
        if new_era and len(old) < len(cur):
            return cur
        provs = {self.units[i]["province_code"] or self.units[i]["code"] for i in old}
        return [i for i in c if not self.hist[i] or self.units[i]["province_code"] not in provs]

    def _cands(self, name_key: str, levels, type_full: str | None, new_era: bool, all_=None) -> list[int]:
        all_ = self.by_name.get(name_key) if all_ is None else all_
        if not all_:
            return []
        c = self._prefer_current([i for i in all_ if self.units[i]["level"] in levels], new_era)
        if type_full:
            exact = [i for i in c if self.units[i]["type"] == type_full]
            # a numbered unit is named only with its own type word ("Quận 2", not "thành phố 2 tỷ")
            c = exact or ([] if name_key[:1].isdigit() else c)
        return self._pick_era(c, new_era) if c else []

    def _recognise(self, key: str, clean: str, new_era: bool) -> list[_Raw]:
        out: list[_Raw] = []
        carry = None          # (end offset, type_full, levels) of the last typed mention
        cue_end = -1          # end of the last bare mention taken on a list cue
        run_types = self.run_types
        by_name, by_letters = self.by_name, self.by_letters
        first_toks = self.first_toks
        bare_names = self.bare_names
        type_first = self.type_first
        max_type_toks = self.max_type_toks
        abbrev, abbrev_key, non_names = self.abbrev, self.abbrev_key, self.non_names
        person_tokens, person_words = self.person_tokens, self.person_words
        for run in _RUN_TOKS_RE.finditer(clean):
            rs, re_ = run.span()
            more = run.spans(2)
            if more:
                toks = [run.span(1)] + more
                tk = [key[a:b] for a, b in toks]
                if "'" in key[rs:re_]:
                    tk = [t.replace("'", "") for t in tk]
                # every mention (typed or bare) has a name starting at one of the run's syllables
                if first_toks.keys().isdisjoint(tk):
                    continue
            else:
                t0 = key[rs:re_].replace("'", "")
                if t0 not in by_name:  # one syllable: a mention only if it is a name itself
                    continue
                toks = [(rs, re_)]
                tk = [t0]
            n = len(toks)
            # separator before token i (i >= 1): " " or "-"; a spaced dash ("Bắc Kạn - Tập trung")
            # is "hard": only a name written that way in the data ("Bà Rịa - Vũng Tàu") spans it
            if n == 1:
                seps, hard = _ONE_SEP, _ONE_HARD
            else:
                gaps = [""] + [key[toks[i - 1][1]:toks[i][0]] for i in range(1, n)]
                seps = ["-" if "-" in g else " " for g in gaps]
                hard = [len(g) > 1 for g in gaps]
                # a mention needs a name: after a type word (one in the run, or one before it for a
                # name starting the run) or bare (a province or district name); else skip the run
                if type_first.isdisjoint(tk):
                    for i in range(n):
                        mw = first_toks.get(tk[i])
                        if mw is None:
                            continue
                        name_key = tk[i]
                        if name_key in by_name and (i == 0 or name_key in bare_names):
                            break
                        for x in range(i + 1, min(n, i + mw)):
                            name_key += seps[x] + tk[x]
                            if name_key in by_name and (i == 0 or name_key in bare_names):
                                break
                            if i == 0 and self._typed_before(key, rs) and " ".join(_ascii_words(name_key)) in by_letters:
                                break  # a commune by its letters ("xã Luân Giói"), typed before the run
                        else:
                            continue
                        break
                    else:
                        continue

            # context before the run: computed when first needed (most runs never need it)
            tail_from = max(0, rs - 24)
            tail = key[tail_from:rs]
            cue_end0 = cue_end
            cue = None
            person_before = None

            i = 0
            in_person = False  # a person's name began earlier in the run (a person token before a bare step)
            prev_ok = True    # a bare name may start here (run start, or after an acronym/mention)
            while i < n:
                ti = tk[i]
                # type word (or organ word) inside the run: "Huyện Pác Nặm", "TP Bắc Kạn", "Tỉnh ủy ..."
                typ = None
                if ti in type_first:
                    for w in range(min(max_type_toks, n - i), 0, -1):
                        f = ti if w == 1 else " ".join(tk[i:i + w])
                        if f in run_types and all(not hard[x] for x in range(i + 1, i + w)):
                            full, lv, organ = run_types[f]
                            if f in abbrev_key and clean[toks[i][0]:toks[i][1]] not in abbrev:
                                continue
                            typ = (w, full, lv, organ)
                            break
                if typ is None and i == 0 and ti in first_toks:  # else no name starts the run
                    pre = self._pre(key, clean, tail, tail_from, rs, carry)
                    if pre is not None:
                        t_full, t_lv, t_start = pre
                        hit = self._longest(tk, seps, hard, 0, n, t_lv, t_full, new_era, _in_prose(clean, rs, re_))
                        if hit and out and carry is not None and t_start == rs and carry[0] == out[-1].end \
                                and self._parent_after(out[-1], tk, seps, hard, toks, clean, n, new_era):
                            hit = None  # "xã Phước Sang, Phú Giáo": the commune's district, not a list
                        if hit and (f"{t_full} {hit[1]}" not in non_names):
                            j, name_key, cands, loose = hit
                            out.append(_Raw(t_start, toks[j - 1][1], toks[0][0], t_full, cands, tentative=loose))
                            carry = (toks[j - 1][1], t_full, t_lv)
                            i, prev_ok = j, True
                            continue
                if typ is not None:
                    w, t_full, t_lv, organ = typ
                    hit = self._longest(tk, seps, hard, i + w, n, t_lv, t_full, new_era, _in_prose(clean, rs, re_)) \
                        if i + w < n else None
                    if hit:
                        j, name_key, cands, loose = hit
                        start = toks[i + w][0] if organ else toks[i][0]
                        out.append(_Raw(start, toks[j - 1][1], toks[i + w][0], t_full, cands, tentative=loose))
                        if t_full:
                            carry = (toks[j - 1][1], t_full, t_lv)
                        i, prev_ok = j, True
                        continue
                    i, prev_ok = i + w, True
                    continue
                # bare name
                # not inside a person's name ("Nguyễn Thái Bình", "Bà Hà Giang"): after a person cue
                # before the run, or after a person token in it (the rest of the run is the name)
                if i > 0 and not in_person:
                    in_person = tk[i - 1] in person_tokens or tk[i - 1] in person_words
                if not in_person and ti in first_toks and not ti.isdigit():  # else no name starts here
                    if person_before is None:
                        person_before = bool(self._person_re.search(tail))
                    if not person_before:
                        ok = prev_ok
                        if not ok and i == 1 and (rs == 0 or _SENT_START_RE.search(key, max(0, rs - 4), rs)):
                            ok = True  # "Tại Bắc Kạn, ..." — a capitalised sentence opener
                        # mid-run ("Báo Bắc Kạn", "Đài PT-TH Thái Nguyên"): provinces only, districts are too risky
                        hit = self._longest_bare(tk, seps, hard, toks, clean, i, n, new_era, not ok)
                        if hit:
                            j, cands, lvl = hit
                            if lvl == "district":
                                if cue is None:
                                    cue = bool(self._cue_re.search(tail)) or (
                                        cue_end0 >= 0 and (bool(self._join_fm.fullmatch(key, cue_end0, rs)) or
                                                           bool(_ITEM_GAP.fullmatch(key, cue_end0, rs))))
                                r = _Raw(toks[i][0], toks[j - 1][1], toks[i][0], None, cands, bare=True,
                                         tentative=True, cue=cue)
                                if cue:
                                    cue_end = r.end
                            else:
                                r = _Raw(toks[i][0], toks[j - 1][1], toks[i][0], None, cands, bare=True)
                            out.append(r)
                            i, prev_ok = j, True
                            continue
                a, b = toks[i]
                # an acronym ("UBND", "HĐND") may precede a bare name inside a run
                prev_ok = b - a > 1 and clean[a:b].isupper() and ti not in run_types
                i += 1
        if self._alias_re is not None:
            found = []
            for m in self._alias_re.finditer(key):
                a, b = m.span(1)
                al = self._alias_of[m.group(1)]
                cands = self._cands(_norm_name(fold_phrase(al["name"])), [al["level"]], al.get("type"), new_era)
                if cands:
                    start, typ = a, al.get("type")
                    pm = self._pre_re.search(key[max(0, a - 24):a])
                    if pm and pm.group(1) in self.type_levels and al["level"] in self.type_levels[pm.group(1)]:
                        start, typ = max(0, a - 24) + pm.start(1), pm.group(1)  # "tỉnh Thừa Thiên Huế"
                    found.append(_Raw(start, b, a, typ, cands))
            if found:  # an alias ("Thừa Thiên Huế", "TP.HCM") wins over names found inside it
                out = [r for r in out if not any(f.start < r.end and r.start < f.end for f in found)] + found
                out.sort(key=lambda r: r.start)
        return out

    def _parent_after(self, prev: _Raw, tk, seps, hard, toks, clean, n, new_era) -> bool:
        """The run names, bare, a district or province that holds the unit just named: read as
        that unit's parent ("xã Phước Sang, Phú Giáo"), not as one more of a list of its type."""
        hit = self._longest_bare(tk, seps, hard, toks, clean, 0, n, new_era)
        if not hit:
            return False
        parents = set(hit[1])
        return any(parents & self.anc[c] for c in prev.cands)

    def _typed_before(self, key: str, rs: int) -> bool:
        """A type word (or an organ's) ends right before the run at ``rs``: the cheap test of ``_pre``."""
        end = key[max(0, rs - 24):rs].rstrip(_WS)
        return end.removesuffix(":").endswith(self._pre_forms)

    def _pre(self, key: str, clean: str, tail: str, tail_from: int, rs: int, carry):
        """Type word before a run ("huyện Pác Nặm", "TP. Bắc Kạn", "các xã: Xuân La"), or the type
        word of a list carried over a joiner ("xã Xuân La, Bộc Bố"): (type_full, levels, start)."""
        # the pattern ends with a form, an optional ":" and white space: test that cheaply first
        m = self._pre_re.search(tail) if self._typed_before(key, rs) else None
        if m:
            form = m.group(1)
            # "các xã: Xuân La, ..." — a heading for a list: the mention is the name alone
            a = rs if ":" in m.group(0) else tail_from + m.start(1)
            written = clean[tail_from + m.start(1):tail_from + m.end(1)]
            if form in self.organ_levels:
                return (None, self.organ_levels[form], rs)
            if form in self.type_levels:
                return (form, self.type_levels[form], a)
            if written in self.abbrev:
                t = fold_phrase(self.abbrev[written])
                return (t, self.type_levels[t], a)
        if carry is not None and carry[0] <= rs and not key[rs].isdigit() and self._join_fm.fullmatch(key, carry[0], rs):
            return (carry[1], carry[2], rs)  # the list's type word carries (not to "và 4 hộ": a count)
        return None

    def _longest(self, tk, seps, hard, i, n, levels, type_full, new_era, prose=False):
        """Longest name starting at token i with a unit of one of ``levels``: (end token, name,
        candidates, whether found by its letters only); in ``prose``, a name that ends its run or
        is followed by what may follow a name (``_name_ends``). A commune's name with its marks written
        otherwise ("xã Luân Giói" for Luân Giới, "xã Ea Kuếh" for Ea Kuêh) is found by its letters
        when no name matches as written; the caller keeps it only where the context confirms it."""
        mw = self.first_toks.get(tk[i])
        if mw is None:  # no name starts with this syllable
            return None
        lookups = (self.by_name.get, self._communes_by_letters) if "commune" in levels else (self.by_name.get,)
        for loose, lookup in enumerate(lookups):
            for j in range(min(n, i + mw), i, -1):
                if any(hard[x] and seps[x] != "-" for x in range(i + 1, j)):
                    continue
                name_key = tk[i] + "".join(seps[x] + tk[x] for x in range(i + 1, j))
                ix = lookup(name_key)
                c = self._cands(name_key, levels, type_full, new_era, ix) if ix else None
                if c and (not prose or self._name_ends(tk, hard, j, n)):
                    return j, name_key, c, bool(loose)
        return None

    def _name_ends(self, tk, hard, j: int, n: int) -> bool:
        """A name found up to token ``j`` of a run ends there: the run ends, or a spaced dash, a
        number, a type word, a person's name or another unit's name follows; not a syllable of a longer name the data
        lacks ("xã Thanh Kim", a commune merged away, is not the commune Thanh)."""
        if j >= n or hard[j] or tk[j].isdigit() or tk[j] in self.run_types or tk[j] in self.type_first:
            return True
        if tk[j] in self.person_tokens and n - j >= 2:
            return True  # a person's name after the unit's ("Phó Chủ tịch UBND xã Pa Vệ Sủ Giàng Ha Cà")
        mw = self.first_toks.get(tk[j])
        return mw is not None and any(" ".join(tk[j:m]) in self.by_name or "-".join(tk[j:m]) in self.by_name
                                      for m in range(j + 1, min(n, j + mw) + 1))

    def _communes_by_letters(self, name_key: str) -> list[int] | None:
        return self.by_letters.get(" ".join(_ascii_words(name_key)))

    def _longest_bare(self, tk, seps, hard, toks, clean, i, n, new_era, only_prov=False):
        if tk[i].isdigit():  # "Quận 8" is only a name with its type word
            return None
        mw = self.first_toks.get(tk[i])
        if mw is None:  # no name starts with this syllable
            return None
        for j in range(min(n, i + mw), i, -1):
            name_key = tk[i] + "".join(seps[x] + tk[x] for x in range(i + 1, j))
            if name_key not in self.by_name or name_key in self.false_friends:
                continue
            # the name must end the run, or be followed by a spaced dash, a number or a type word
            if j < n and not (hard[j] or tk[j].isdigit() or tk[j] in self.run_types):
                continue
            if any(hard[x] and seps[x] != "-" for x in range(i + 1, j)):
                continue
            c = self._cands(name_key, ["province"], None, new_era)
            if c:
                return j, c, "province"
            c = None if only_prov else self._cands(name_key, ["district"], None, new_era)
            if c:
                return j, c, "district"
        return None

    # --- resolution -----------------------------------------------------------------------------
    def _level(self, i: int) -> str:
        return self.units[i]["level"]

    def _resolve(self, raws: list[_Raw], key: str, hint: str | None, new_era: bool) -> None:
        # 1. a parent named right after: "xã Trần Phú, huyện Na Rì", "thị trấn Đồng Tâm (huyện Chợ Mới)"
        for k in range(len(raws) - 2, -1, -1):
            a, b = raws[k], raws[k + 1]
            if not self._gap_re.match(key[a.end:b.start]):
                continue
            if max(_RANK[self._level(c)] for c in b.cands) <= min(_RANK[self._level(c)] for c in a.cands):
                continue
            bset = set(b.cands)
            keep = [c for c in a.cands if self.anc[c] & bset] or self._other_era_in(a, b, key)
            if keep:
                a.cands = keep
                a.chained = True
                parents = set().union(*(self.anc[c] for c in keep))
                bk = [c for c in b.cands if c in parents]
                if bk:
                    b.cands = bk
        # 2. context: the hint, then units named unambiguously in the article
        hint_set: set[int] = set()
        if hint:
            ref = self.province(hint, NEW_ERA if new_era else None)
            if ref is not None:
                hint_set.add(self.prov_idx[(ref.structure, ref.code)])
        self._raised(raws, key, hint_set)
        ctx: set[int] = set(hint_set)
        hist = self.hist
        for r in raws:
            cands = [c for c in r.cands if not hist[c]] or r.cands  # as if the current unit
            if len(cands) == 1 and not r.tentative:
                c = cands[0]
                ctx.add(c)
                ctx |= self.anc[c]
        for k, r in enumerate(raws):
            if len(r.cands) > 1:
                # a containing unit named earlier in the same sentence
                for p in range(k - 1, -1, -1):
                    q = raws[p]
                    if _SENT_BREAK_RE.search(key, q.end, r.start):
                        break
                    if len(q.cands) == 1 and _RANK[self._level(q.cands[0])] > _RANK[self._level(r.cands[0])]:
                        keep = [c for c in r.cands if q.cands[0] in self.anc[c]]
                        if keep:
                            r.cands = keep
                            break
            for scope in (hint_set, ctx):
                if len(r.cands) > 1 and scope:
                    keep = [c for c in r.cands if self.anc[c] & scope]
                    if keep:
                        r.cands = keep
            if len(r.cands) > 1 and any(hist[c] for c in r.cands):  # no context chose: the current unit
                r.cands = [c for c in r.cands if not hist[c]] or r.cands
        # 3. bare districts: only when the context makes them sure, or on a list cue
        kept = []
        for r in raws:
            if r.tentative and not r.cue:
                if len(r.cands) != 1:
                    continue
                if not (r.chained or (self.anc[r.cands[0]] & ctx)):
                    continue
            kept.append(r)
        raws[:] = kept

    def _raised(self, raws: list[_Raw], key: str, hint_set: set[int]) -> None:
        """A unit named with the type word it had before it was raised ("huyện Phong Điền" in an
        article on Huế, the thị xã since 2024; the huyện of that name is Cần Thơ's): the raised one,
        where the hint or the other units named in the text lie in its province and not in the
        other's (places.yaml ``type_raised``)."""
        units, anc = self.units, self.anc
        others = None
        for r in raws:
            raised = self.type_raised.get(r.type) if r.type else None
            if not raised or len(r.cands) != 1:
                continue
            own = r.cands[0]
            level, era = units[own]["level"], units[own]["structure"]
            alts = [c for c in self.by_name.get(_norm_name(key[r.name_start:r.end]), ())
                    if c != own and not self.hist[c] and units[c]["level"] == level and
                    units[c]["structure"] == era and units[c]["type"] in raised]
            if not alts:
                continue
            if others is None:
                others = {id(o): anc[o.cands[0]] | {o.cands[0]} for o in raws if len(o.cands) == 1 and not o.tentative}
            around = set(hint_set).union(*(v for i, v in others.items() if i != id(r)))
            keep = [c for c in alts if anc[c] & around]
            if keep and not anc[own] & around:
                r.cands = keep

    def _other_era_in(self, a: _Raw, b: _Raw, key: str) -> list[int]:
        """The units of ``a``'s name and level of the other list (before or since the 2025 reform)
        that lie in the province ``b`` names, when none of ``a``'s does: "Xã Định Hóa, tỉnh Thái
        Nguyên" in an article of no date is the commune since 2025, not the old one of Ninh Bình."""
        provinces = {self.units[c]["name"] for c in b.cands if self._level(c) == "province"}
        if not provinces:
            return []
        levels = {self._level(c) for c in a.cands}
        return [c for c in self.by_name.get(_norm_name(key[a.name_start:a.end]), ())
                if c not in a.cands and not self.hist[c] and self._level(c) in levels and
                self._province_name(c) in provinces]

    def _province_name(self, i: int) -> str:
        """The name of the province a unit lies in (itself, for a province), in its own list."""
        u = self.units[i]
        if u["level"] == "province":
            return u["name"]
        return self.units[self.prov_idx[(u["structure"], u["province_code"])]]["name"]

    # --- output ---------------------------------------------------------------------------------
    def _current(self, i: int) -> dict | None:
        u = self.units[i]
        if u["structure"] == "2025":
            return {"level": u["level"], "name": u["name"], "type": u["type"], "code": u["code"],
                    "province": self._province_name(i)}
        return u["current"]

    def unit_mention(self, i: int, at: int = 0) -> PlaceMention:
        """The unit ``i`` of the lists as a mention with no characters at ``at``, its type word its
        own: a stand-in for a unit the text does not name (a slug's, a district's province)."""
        m = self._mention(_Raw(at, at, at, None, [i]))
        m.type = self.units[i]["type"]
        return m

    def _mention(self, r: _Raw) -> PlaceMention:
        k = tuple(r.cands)
        f = self._fields_cache.get(k)
        if f is None:
            if len(self._fields_cache) >= 100_000:  # bounded: the candidate sets seen are few
                self._fields_cache.clear()
            f = self._fields_cache[k] = self._fields(r.cands)
        name, level, code, province, province_code, district, district_code, cur_i, amb, structure = f
        return PlaceMention(
            start=r.start, end=r.end, name=name, type=r.type, level=level, code=code,
            province=province, province_code=province_code, district=district,
            current=self._current(cur_i) if cur_i is not None else None,  # a fresh dict, as ever
            ambiguous=amb, structure=structure, district_code=district_code,
        )

    def _fields(self, cands: list[int]) -> tuple:
        """What a mention of these candidates says, but its offsets and type word (cached by
        :meth:`_mention`; ``current`` as the index of the unit whose 2025 unit it is)."""
        u = self.units[cands[0]]
        level = u["level"]
        amb = len(cands) > 1

        def common(f):
            vals = {f(c) for c in cands}
            return vals.pop() if len(vals) == 1 else None

        def prov_of(c):
            x = self.units[c]
            if x["level"] == "province":
                return c
            return self.prov_idx[(x["structure"], x["province_code"])]

        def dist_of(c):
            return self._dist_of[c]

        p = common(prov_of)
        d = common(dist_of)
        cur_i = None if amb else cands[0]
        if amb:
            cur_vals = {json.dumps(self._current(c), sort_keys=True, ensure_ascii=False) for c in cands}
            if len(cur_vals) == 1:
                cur_i = cands[0]
        return (u["name"], common(self._level) or level, None if amb else u["code"],
                self.units[p]["name"] if p is not None else None,
                self.units[p]["code"] if p is not None else None,
                self.units[d]["name"] if d is not None else None,
                self.units[d]["code"] if d is not None else None,
                cur_i, amb, common(lambda c: self.units[c]["structure"]))


    # --- units named bare inside the place in force ------------------------------------------------
    def children(self, parent: PlaceMention) -> list[int]:
        """The units directly under ``parent`` before the 2025 reform: a district's communes, a
        province's districts (none for another level or an unknown code)."""
        kids = self._child_index()
        if parent.level == "district" and parent.code:
            return kids.get(("district", parent.code), [])
        if parent.level == "province" and parent.province_code:
            return kids.get(("province", parent.province_code), [])
        return []

    def _child_index(self) -> dict[tuple[str, str], list[int]]:
        """(level, code) of a district or province -> its units before the reform (built once)."""
        if getattr(self, "_children", None) is None:
            kids: dict[tuple[str, str], list[int]] = {}
            for i, u in enumerate(self.units):
                if u["structure"] != "old" or self.hist[i]:
                    continue
                if u["level"] == "commune" and u.get("district_code"):
                    kids.setdefault(("district", u["district_code"]), []).append(i)
                elif u["level"] == "district":
                    kids.setdefault(("province", u["province_code"]), []).append(i)
            self._children = kids
        return self._children

    def _bare_key(self, i: int) -> tuple[str, str]:
        """A unit's folded name and its first syllable (kept once computed)."""
        keys = self.__dict__.setdefault("_bare_keys", {})
        got = keys.get(i)
        if got is None:
            folded = fold_phrase(self.units[i]["name"])
            # (the first word as the text's word index has it: "m" of "M'Đrắk")
            got = keys[i] = (_norm_name(folded), _WORD_RE.match(folded).group())
        return got

    def _inside_name(self, clean: str, s: int, e: int) -> bool:
        """A capitalised word right before or after: the match is part of a longer name (or a
        person's, after a title)."""
        before = re.search(r"([^\W\d_]+)[ \t]*$", clean[max(0, s - 30):s])
        after = re.match(r"[ \t]*([^\W\d_]+)", clean[e:e + 30])
        if before and before.group(1).lower() in self.person_titles:
            return True  # "ông Minh Xuân": a person
        return bool(before and before.group(1)[:1].isupper() and not clean[max(0, s - 30):s].rstrip().endswith(
            tuple(".:;,(")) and before.group(1).lower() not in self.bare_openers) or \
            bool(after and after.group(1)[:1].isupper())

    def former_province(self, code: str | None, at: str | None) -> dict | None:
        """The name and type word a province had at ``at`` (a date or a year) when an earlier
        release of the gazetteer names it otherwise ("Thừa Thiên Huế" before it became the city of
        Huế): the earlier name holds before the data of the current list, and when no time is
        known (the units of the list before 2025 cover decades before the rename)."""
        old = self.renamed.get(code) if code else None
        if old is None or at is None:
            return old
        since = self.meta["sources"].get("vietnam-provinces-data") or ""
        before = int(at[:4]) < int(since[:4]) if len(at) < 10 else at[:10] < since
        return old if since and before else None

    def provincial_city(self, province: PlaceMention) -> PlaceMention | None:
        """The city a province is named after ("thành phố Thái Bình" of Thái Bình) before the 2025
        reform, as a mention-less stand-in; None for a province with no such city (Hà Nội)."""
        name = _norm_name(fold_phrase(province.name))
        for i in self.children(province):
            u = self.units[i]
            if u["type"] == "thành phố" and self._bare_key(i)[0] == name:
                return PlaceMention(start=province.start, end=province.start, name=u["name"], type=u["type"],
                                    level="district", code=u["code"], province=province.name,
                                    province_code=province.province_code, district=None,
                                    current=self._current(i), structure="old")
        return None

    def most_districts(self) -> int:
        """The most districts any province had before the 2025 reform (from the gazetteer)."""
        if getattr(self, "_most_districts", None) is None:
            self._most_districts = max(len(v) for (lv, _), v in self._child_index().items() if lv == "province")
        return self._most_districts

    def bare_children(self, clean: str, key: str, places: list[PlaceMention],
                      parents: list[PlaceMention]) -> list[PlaceMention]:
        """Units under the places in force named without their type word ("Các xã … là Mỹ An
        chiếm 25,58%, Thạnh Hải 20,88%", "Tam Đàn: 1,51% (45 hộ)", "Chư Jút: 2.958 hộ"): each
        syllable capitalised, not inside another name, not the name of a unit already named."""
        taken = [(p.start, p.end) for p in places]
        # (a unit of a higher level named so, as the district "Thạnh Phú" beside its commune, is
        # that unit; a commune named with its type word elsewhere is the same commune again)
        named = {_norm_name(fold_phrase(p.name)) for p in places if p.level != "commune"} | \
            {_norm_name(fold_phrase(p.name)) for p in parents}
        out: list[PlaceMention] = []
        seen: set[int] = set()
        starts = word_index(key)  # the article's words, by where each starts (shared with the cues)
        for parent in parents:
            for i in self.children(parent):
                if i in seen:
                    continue
                seen.add(i)
                name_key, first = self._bare_key(i)
                if first not in starts or name_key in named or name_key in self.false_friends:
                    continue
                words = _name_words(name_key)
                for s in starts[first]:
                    e = _words_at(key, s, words)
                    if e < 0:
                        continue
                    if not _capitalised(clean[s:e]) or self._inside_name(clean, s, e) or \
                            any(a < e and s < b for a, b in taken):
                        continue
                    f = self._fields([i])
                    out.append(PlaceMention(
                        start=s, end=e, name=f[0], type=None, level=f[1], code=f[2], province=f[3],
                        province_code=f[4], district=f[5], current=self._current(f[7]) if f[7] is not None else None,
                        ambiguous=False, structure=f[9], district_code=f[6]))
                    taken.append((s, e))
        return sorted(out, key=lambda p: p.start)


@lru_cache(maxsize=16384)
def _name_words(name_key: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s-]+", name_key) if w)


def _words_at(key: str, pos: int, words: tuple[str, ...]) -> int:
    """Where a name's words, written from ``pos`` of ``key`` with spaces or hyphens between them
    and no letter after the last, end; -1 if they are not written there. (A plain walk: a
    pattern compiled per name cost more than every look-up it served.)"""
    n = len(key)
    for j, w in enumerate(words):
        if key.startswith(w, pos):
            pos += len(w)
        else:  # written with an apostrophe the name's key has not: "m'đrắk" for "mđrắk"
            k = 0
            while k < len(w) and pos < n and (key[pos] == w[k] or (k and key[pos] == "'")):
                k += key[pos] == w[k]
                pos += 1
            if k < len(w):
                return -1
        if j + 1 < len(words):
            gap = pos
            while pos < n and (key[pos] == "-" or key[pos].isspace()):
                pos += 1
            if pos == gap:
                return -1
    if pos < n and key[pos].isalpha():
        return -1
    return pos


def _capitalised(surface: str) -> bool:
    """Every syllable of a name as written starts with a capital: "Mỹ An", not "mỹ an"."""
    return all(w[:1].isupper() for w in re.split(r"[\s-]+", surface) if w)


# --- module-level helpers -------------------------------------------------------------------------
_DEFAULT: PlaceLinker | None = None


def get_linker() -> PlaceLinker:
    """The default linker, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = PlaceLinker()
    return _DEFAULT


def _host_labels(host_or_url: str) -> list[str]:
    s = host_or_url.strip().lower()
    host = urlsplit(s if "//" in s else "//" + s).hostname or ""
    labels = [x for x in host.split(".") if x]
    while labels and labels[0] in _HOST_PREFIXES:
        labels = labels[1:]
    return labels


_HOST_NAME_MIN = 4  # letters of a unit's name a host label must spell (shorter ones are initials)
_HOST_PREFIXES = {"www", "m", "tab", "amp", "mobile", "en", "english"}
_DOMAIN_SUFFIX_LABELS = {"vn", "com", "org", "net", "edu", "info", "biz", "gov"}  # of the registries' suffixes


def province_of_host(host_or_url: str, when: str | None = None) -> ProvinceRef | None:
    """Province of a provincial outlet or portal: ``baobackan.vn``, ``tab.baocamau.vn``,
    ``backan.gov.vn``, ``sldtbxh.backan.gov.vn``, ``kontumtv.vn``, or one the outlet registry
    (``patterns/outlets.yaml``) names. Slugs are computed from the gazetteer."""
    from ..outlets import outlet_of

    labels = _host_labels(host_or_url)
    if not labels:
        return None
    lk = get_linker()
    new_era = bool(when) and str(when)[:10] >= NEW_ERA
    known = outlet_of(".".join(labels))
    if known is not None and known.province:
        return lk.province(known.province, when)
    if known is not None:  # a national outlet, or its edition for one province ("tphcm.dangcongsan.vn":
        # lk.province reads the label as a name, its ASCII slug or another spelling of it)
        sub = labels[0] if outlet_of(".".join(labels[1:])) is known else None
        return lk.province(sub, when) if sub else None
    slugs = []
    if len(labels) >= 3 and labels[-2:] in (["gov", "vn"], ["dcs", "vn"]):
        slugs.append(labels[-3].replace("-", ""))  # "baria-vungtau.gov.vn", the party's "binhthuan.dcs.vn"
    # the first label, and the name the outlet registered under any sub-domain of its own
    # ("test.baothaibinh.com.vn", "dulich.baoquangninh.vn": the label before "com.vn", "vn")
    names = [labels[0]]
    k = len(labels)
    while k > 1 and labels[k - 1] in _DOMAIN_SUFFIX_LABELS:
        k -= 1
    if k - 1 > 0:
        names.append(labels[k - 1])
    words = load_yaml("outlets.yaml")
    for first in names:
        for prefix in words["host_prefixes"]:
            if first.startswith(prefix) and len(first) > len(prefix):
                slugs.append(first[len(prefix):])
        for suffix in words["host_suffixes"]:
            if first.endswith(suffix) and len(first) > len(suffix):
                slugs.append(first[:-len(suffix)])
    if k - 1 > 0:
        slugs.append(labels[0])  # a national body's provincial site: "gialai.baohiemxahoi.gov.vn"
    for slug in slugs:
        hits = [i for i in lk.prov_by_key.get(slug, []) if slug == _ascii_slug(lk.units[i]["name"])]
        if hits:
            return lk._province_ref(lk._pick_era(hits, new_era)[0])
        # a province renamed since, its outlet still spelling the earlier name (baothuathienhue.vn)
        renamed = [lk.prov_idx[("old", c)] for c, old in lk.renamed.items()
                   if slug == _ascii_slug(old["name"]) and ("old", c) in lk.prov_idx]
        if renamed:
            return lk._province_ref(renamed[0])
    return None


def district_of_host(host_or_url: str, when: str | None = None) -> PlaceMention | None:
    """The district whose portal is a sub-domain of its province's (``vungtau.baria-vungtau.gov.vn``,
    ``tpninhbinh.ninhbinh.gov.vn``, ``thuanthanh.bacninh.gov.vn``, a commune's
    ``mythanhgiongtrom.bentre.gov.vn``): the label under the province's spells one of its
    districts, after a type word's initials (``district_host_prefixes`` in outlets.yaml) or at the
    end of a commune's name. Districts of the lists before 2025 (and those gone before it, as
    "TP Ninh Bình"): there are none since."""
    labels = _host_labels(host_or_url)
    if len(labels) < 4 or labels[-2:] != ["gov", "vn"]:
        return None
    prov = province_of_host(".".join(labels[-3:]), when)
    if prov is None or prov.structure != "old":
        return None
    lk = get_linker()
    label = labels[-4].replace("-", "")
    prefixes = [""] + list(load_yaml("outlets.yaml")["district_host_prefixes"])
    if label in load_yaml("outlets.yaml")["city_host_labels"]:
        # "ubndtp.soctrang.gov.vn", "tp.tayninh.gov.vn": the city the province is named after
        return lk.provincial_city(province_mention(prov))
    hits = [i for i, slug in _district_slugs(prov.code)
            if any(label == p + slug for p in prefixes) or (len(slug) >= 6 and label.endswith(slug))]
    hits = list(dict.fromkeys(hits))  # (one district, several spellings)
    if len(hits) > 1:  # a unit of the list before one gone (merged, renamed) of the same spelling
        hits = [i for i in hits if not lk.hist[i]]
    if len(hits) != 1:
        return None
    return lk._mention(_Raw(0, 0, 0, None, hits))


def _host_slugs(name: str) -> set[str]:
    """A unit's name as a host label spells it, marks and spaces dropped, each syllable the
    gazetteer spells two ways either way (``syllable_variants``: "phuquy" for the listed "Phú Qúi")."""
    return {s.replace(" ", "") for s in _spellings(_ascii_words(name), get_linker().slug_variants)}


def commune_of_host(host_or_url: str, when: str | None = None) -> PlaceMention | None:
    """The commune whose portal is a sub-domain of its district's (``antuc.triton.angiang.gov.vn``,
    ``longhuudong.canduoc.longan.gov.vn``): the label under the district's spells one of its
    communes of the lists before 2025, after a type word's initials (``commune_host_prefixes``)."""
    labels = _host_labels(host_or_url)
    if len(labels) < 5:
        return None
    district = district_of_host(".".join(labels[-4:]), when)
    if district is None:
        return None
    lk = get_linker()
    label = labels[-5].replace("-", "")
    prefixes = [""] + list(load_yaml("outlets.yaml")["commune_host_prefixes"])
    hits = [i for i in lk.children(district)
            if any(label == p + slug for p in prefixes for slug in _host_slugs(lk.units[i]["name"]))]
    if len(hits) != 1:
        return None
    return lk._mention(_Raw(0, 0, 0, None, hits))


def new_commune_of_host(host_or_url: str) -> PlaceMention | None:
    """The commune or ward of the lists since July 2025 whose portal is a sub-domain of its
    province's (``yama.gialai.gov.vn``): there are no districts between them since. The label
    spells one commune of the province's list, after a type word's initials
    (``commune_host_prefixes``); a department's label (``sldtbxh``) spells none."""
    labels = _host_labels(host_or_url)
    if len(labels) != 4 or labels[-2:] != ["gov", "vn"]:
        return None
    prov = province_of_host(".".join(labels[-3:]), NEW_ERA)
    if prov is None:
        return None
    code = prov.code if prov.structure == "2025" else (prov.current or {}).get("code")
    label = labels[0].replace("-", "")
    prefixes = [""] + list(load_yaml("outlets.yaml")["commune_host_prefixes"])
    hits = [i for i, slug in _new_commune_slugs().get(code, ()) if any(label == p + slug for p in prefixes)]
    if len(hits) != 1:
        return None
    return get_linker()._mention(_Raw(0, 0, 0, None, hits))


@lru_cache(maxsize=1)
def _new_commune_slugs() -> dict[str, tuple[tuple[int, str], ...]]:
    """Province code -> (unit index, ascii slug) of its communes and wards since July 2025 (names of
    four letters or more: a shorter label is rather a body's initials)."""
    lk = get_linker()
    out: dict[str, list[tuple[int, str]]] = {}
    for i, u in enumerate(lk.units):
        if u.get("structure") == "2025" and u.get("level") == "commune":
            slug = _ascii_slug(u["name"])
            if len(slug) >= _HOST_NAME_MIN:
                out.setdefault(u["province_code"], []).append((i, slug))
    return {k: tuple(v) for k, v in out.items()}


def district_portal(host_or_url: str, places=()) -> PlaceMention | None:
    """The district whose own portal the host is (``yenthe.vn``, ``babe.gov.vn``, ``huyenbaolam.gov.vn``):
    the host's name, after a type word's initials, spells one district of the lists before 2025
    and no other, and no province (a name several provinces' districts share, or shorter than four letters, says
    nothing, unless the text's ``places`` lie in the province of one of them only: "phuninh.gov.vn" naming
    communes of Quảng Nam is Phú Ninh's, not Phù Ninh's of Phú Thọ)."""
    labels = _host_labels(host_or_url)
    if labels[-2:] == ["gov", "vn"] and len(labels) == 3 or len(labels) == 2 and labels[-1] == "vn":
        label = labels[0].replace("-", "")
    else:
        return None
    if province_of_host(host_or_url) is not None:
        return None  # "backan.gov.vn": the province's, not its city's
    prefixes = [""] + list(load_yaml("outlets.yaml")["district_host_prefixes"])
    names = [label[len(p):] for p in prefixes if label.startswith(p)]
    lk = get_linker()
    by_slug = _districts_by_slug()
    hits = {i for name in names if len(name) >= 4 and not name.isdigit() for i in by_slug.get(name, ())}
    if len(hits) > 1:
        hits = {i for i in hits if not lk.hist[i]}
    if len(hits) > 1 and places:
        named = {p.province_code or (p.code if p.level == "province" else None) for p in places} - {None}
        hits = {i for i in hits if lk.units[i]["province_code"] in named}
    if len(hits) != 1:
        return None
    return lk._mention(_Raw(0, 0, 0, None, list(hits)))


def _district_slugs(province_code: str) -> tuple[tuple[int, str], ...]:
    """(unit index, ascii slug) of every district a province had before 2025."""
    return _all_district_slugs().get(province_code, ())


@lru_cache(maxsize=1)
def _districts_by_slug() -> dict[str, tuple[int, ...]]:
    """Ascii slug -> the districts of the lists before 2025 that spell it (built once)."""
    out: dict[str, list[int]] = {}
    for slugs in _all_district_slugs().values():
        for i, slug in slugs:
            out.setdefault(slug, []).append(i)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _all_district_slugs() -> dict[str, tuple[tuple[int, str], ...]]:
    out: dict[str, list[tuple[int, str]]] = {}
    for i, u in get_linker().units.of_levels("district", structure="old"):
        out.setdefault(u["province_code"], []).extend((i, slug) for slug in sorted(_host_slugs(u["name"])))
    return {k: tuple(v) for k, v in out.items()}


def province_mention(ref: ProvinceRef) -> PlaceMention:
    """A province the text does not name (the outlet's): a mention with no characters."""
    return province_by_code(ref.structure, ref.code)


def province_by_code(structure: str | None, code: str | None, at: int = 0) -> PlaceMention | None:
    """The province of these lists (``structure``) and ``code`` as a mention with no characters at
    ``at``, with its era, code and current unit like any mention; None if the lists hold none."""
    lk = get_linker()
    i = lk.prov_idx.get((structure, code))
    return lk.unit_mention(i, at) if i is not None else None


def _in_prose(clean: str, rs: int, re_: int) -> bool:
    """The capitalised run ``clean[rs:re_]`` stands in running text: not in capitals, and a word in
    lower case follows it on its line (a title in capitals or with every word capitalised is not)."""
    return _LOWER_AFTER.match(clean, re_) is not None and not clean[rs:re_].isupper()


def district_by_code(code: str | None, at: int = 0) -> PlaceMention | None:
    """The district of ``code`` (before the 2025 reform) as a mention with no characters at ``at``,
    like ``province_by_code``; None if the lists hold none."""
    lk = get_linker()
    i = lk.dist_idx.get(code) if code else None
    return lk.unit_mention(i, at) if i is not None else None


def _ascii_words(name: str) -> list[str]:
    """A name's words without marks, as a slug writes them ("Đắk Nông" → ["dak", "nong"])."""
    return regex.findall(r"[a-z0-9]+", "".join(c for c in without_marks(name) if c.isascii()).lower())


def _spellings(words: list[str], variants: list[list[str]]) -> list[str]:
    """The name as written, then with each syllable of a variant group written the group's other ways."""
    out = [" ".join(words)]
    for k, w in enumerate(words):
        for group in variants:
            if w in group:
                out += [" ".join(words[:k] + [v] + words[k + 1:]) for v in group if v != w]
    return out


def place_of_slug(url: str, province: str | None = None, when: str | None = None) -> PlaceMention | None:
    """The province or district the URL's slug names ("/da-teh-ty-le-ho-ngheo-giam-…"): the
    longest run of two or more hyphenated words that spells a unit's name without its marks.
    A name shared by several districts is taken only inside ``province``; communes never."""
    path = slug_path(url)
    # words of one path segment at a time: "/cong-doan/hung-yen-…" spells no "Đoan Hùng"
    segments = [[w for w in regex.split(r"[^a-z0-9]+", seg) if w] for seg in path.split("/")]
    lk = get_linker()
    index = lk.slug_index()
    new_era = bool(when) and str(when)[:10] >= NEW_ERA
    best = None
    spans = [(words, i) for words in segments for i in range(len(words))]
    for words, i in spans:
        commune_typed = any(tuple(words[max(0, i - len(t)):i]) == t for t in lk.slug_commune_types) and \
            not any(tuple(words[max(0, i - len(t)):i]) == t for t in lk.slug_commune_types_not)
        for n in (4, 3, 2):
            cands = index.get(" ".join(words[i:i + n])) if i + n <= len(words) else None
            if not cands or " ".join(words[i:i + n]) in lk.slug_not_names:
                continue
            if commune_typed:
                break  # "xa-tan-hung-…": a commune's name, not the district Tân Hưng's
            provs = lk._pick_era([c for c in cands if lk.units[c]["level"] == "province"], new_era)
            dists = [c for c in cands if lk.units[c]["level"] == "district"]
            if provs:
                pick = provs[:1]
            elif province is not None:
                pick = [c for c in dists if lk.units[c]["province_code"] in province_codes(province)]
            else:
                pick = dists
            pick = [c for c in pick if not lk.hist[c]] or pick  # a shared name: the current unit
            # (of two names sharing a word, as long, the province: "hoat-dong-phu-yen" spells Phú
            # Yên, not the district Đồng Phú)
            if len(pick) == 1 and (best is None or n > best[0] or
                                   n == best[0] and words is best[3] and i < best[2] + best[0] and
                                   lk.units[pick[0]]["level"] == "province" != lk.units[best[1]]["level"]):
                best = (n, pick[0], i, words)
            break
    if best is None:
        return None
    u = lk.units[best[1]]
    m = lk.unit_mention(best[1])
    n, _, i, words = best
    if u["level"] == "province" and u["type"] != "thành phố" and not new_era and \
            any(tuple(words[max(0, i - len(t)):i]) == t for t in lk.slug_city_types):
        return lk.provincial_city(m) or m  # "…-thanh-pho-tay-ninh-…": the city, not the province
    return m


def commune_in_slug(url: str, district: PlaceMention, district_types: str) -> PlaceMention | None:
    """A commune the URL's slug names with its type word right before its district's, typed too
    ("…/xa-thang-phuoc-huyen-hiep-duc-…"): that commune of ``district`` (``district_types``: an
    alternation of the slug's district type words)."""
    lk = get_linker()
    types = "|".join("-".join(t) for t in lk.slug_commune_types)
    nots = "|".join("-".join(t[:-1]) for t in lk.slug_commune_types_not if len(t) > 1) or "(?!)"
    dist = "-".join(_ascii_words(district.name))
    m = regex.search(rf"(?:^|[-/_])(?<!(?:{nots})-)(?:{types})-([a-z0-9]+(?:-[a-z0-9]+){{0,3}})-(?:{district_types})-{regex.escape(dist)}(?=[-/._]|$)",
                     slug_path(url))
    if m is None:
        return None
    name = m.group(1).split("-")
    for i in lk.children(district):
        u = lk.units[i]
        if u["level"] == "commune" and _ascii_words(u["name"]) == name:
            return lk.unit_mention(i)
    return None


def province_codes(name: str) -> set[str]:
    lk = get_linker()
    return {lk.units[i]["code"] for i in lk.prov_by_key.get(fold_phrase(name), [])}
