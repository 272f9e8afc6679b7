"""Facts as a person reads them: Vietnamese numbers, units, times and places.

``760800000000 VND`` reads ``760,8 tỷ đồng``, a range ``2–2,5 %``, a change of a rate
``−1,48 điểm %``, a time ``cuối 2023``. The words come from ``patterns/report.yaml``.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from ..models import Fact, Location, Time

MINUS = "\u2212"  # a real minus sign, not a hyphen
DASH = "\u2013"


@lru_cache(maxsize=1)
def words() -> dict:
    return yaml.safe_load(resources.files("extractor.patterns").joinpath("report.yaml").read_text("utf-8"))


def number(v: float | int, decimals: int = 6) -> str:
    """``1234567.5`` -> ``1.234.567,5``: thousands with dots, decimals with a comma, no sign."""
    v = abs(v)
    if isinstance(v, float) and not v.is_integer():
        whole, _, frac = f"{v:.{decimals}f}".partition(".")
        frac = frac.rstrip("0")
    else:
        whole, frac = str(int(round(v))), ""
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{whole},{frac}" if frac else whole


def _signed(v, signed: bool) -> str:
    sign = MINUS if v < 0 else ("+" if signed and v > 0 else "")
    return sign + number(v)


def _money_scale(values) -> tuple[float, str]:
    """The largest scale (tỷ, triệu) at which every value is written with at most 3 decimals."""
    for factor, word in ((1_000_000_000, "tỷ "), (1_000_000, "triệu ")):
        if all(abs(v) >= factor and abs(round(v / factor, 3) * factor - v) < 0.5 for v in values):
            return factor, word
    return 1, ""


def _unit_words(fact: Fact) -> str:
    w = words()
    unit = fact.unit
    if fact.unit == "%" and fact.kind == "change" and fact.indicator in w["rate_indicators"]:
        unit = "pp"
    head, _, per = unit.partition("/")
    text = w["units"].get(head, head)
    for part in per.split("/") if per else ():
        text += "/" + w["per"].get(part, part)
    return text


def value_text(fact: Fact) -> str:
    """The value, its unit and its qualifier, as the press would write them."""
    values = list(fact.range) if fact.range else ([fact.value] if fact.value is not None else [])
    if not values:
        return ""
    signed = fact.kind == "change"
    factor, scale = (_money_scale(values) if fact.unit.split("/")[0] in words()["money_units"] else (1, ""))
    shown = [_signed(v / factor if factor != 1 else v, signed) for v in values]
    joiner = f" {DASH} " if any(v < 0 for v in values) else DASH
    unit = _unit_words(fact)
    text = joiner.join(shown) + (" " + scale + unit if unit else "")
    bound = words()["bounds"].get(fact.bound, "")
    return f"{bound} {text}".strip()


def _date(iso: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    return "/".join(str(p) for p in reversed(parts))


def time_text(t: Time) -> str:
    """``cuối 2023``, ``31/5/2024``, ``5/2024``, ``2021–2025``, ``2024 (so với 2021)``."""
    points = words()["points"]
    if t.date:
        text = _date(t.date)
    elif t.year is not None:
        text = f"{points[t.point]} {t.year}" if t.point else str(t.year)
    else:
        text = ""
    if t.period:
        lo, hi = t.period
        if not text:
            return f"{lo}{DASH}{hi}"
        if t.year == hi:
            return f"{text} ({words()['compared_with']} {lo})"
        return f"{text} ({lo}{DASH}{hi})"
    return text


def place_text(loc: Location | None) -> str:
    """``huyện Pác Nặm, Bắc Kạn``; a province is ``tỉnh Bắc Kạn``."""
    if loc is None:
        return ""
    if loc.level == "country":
        return words()["country"]
    kind = loc.type or words()["level_types"].get(loc.level, "")
    text = f"{kind} {loc.name}".strip()
    if loc.level != "province" and loc.province and loc.province != loc.name:
        text += f", {loc.province}"
    return text


def current_text(loc: Location | None) -> str:
    """The unit since July 2025, when it is not the one named: ``xã Nà Phặc, Thái Nguyên``."""
    cur = loc.current if loc else None
    if cur is None:
        return ""
    text = f"{cur.type or words()['level_types'].get(cur.level, '')} {cur.name}".strip()
    if cur.level != "province" and cur.province:
        text += f", {cur.province}"
    return "" if text == place_text(loc) else text


def province_of(loc: Location | None) -> str:
    """The province a place lies in (its own name for a province), or '' (none, or the country)."""
    if loc is None or loc.level == "country":
        return ""
    return loc.name if loc.level == "province" else (loc.province or "")


def chart_x(t: Time) -> float | None:
    """Where a figure sits on a time axis in years: a year's figure (or its end) at the year,
    its start at the end of the year before, a date within its year; a period's target at its
    end. None when the fact has no time."""
    if t.date:
        parts = [int(p) for p in t.date.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else 12
        day = parts[2] if len(parts) > 2 else 31
        return round(year - 1 + (month - 1) / 12 + min(day, 31) / 372, 4)
    if t.year is not None:
        return float(t.year - 1 if t.point == "start" else t.year)
    if t.period:
        return float(t.period[1])
    return None
