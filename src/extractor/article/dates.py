"""Publication dates as ISO strings: ``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM[:SS]`` (local time as the
page shows it) or ``YYYY-MM-DDTHH:MM[:SS]+07:00`` when the page gives an offset.

Vietnamese pages write dates day first (``27/07/2024``), with the time before or after, 12-hour
clocks with AM/PM or SA/CH, and weekday names ("Thứ Bảy,"). Machine dates (meta tags, JSON-LD)
are ISO 8601; an offset is turned into Vietnam time (UTC+7), since that is what the page shows,
and kept written ("+07:00"), so the instant stays exact.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .. import rxstore

VN_TZ = timezone(timedelta(hours=7))

_ISO_RE = rxstore.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?")
_DMY_RE = rxstore.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})(?!\d)")
_WORDS_RE = rxstore.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.I)
# a content system's Vietnamese month ("4 Th10, 2008", "10 Tháng 11 2017"): day, month, year
_CMS_RE = rxstore.compile(r"(?<!\d)(?P<d>\d{1,2})\s+(?:th|tháng)\s?(?P<m>\d{1,2}),?\s+(?P<y>\d{4})(?!\d)", re.I)
_TIME_RE = rxstore.compile(
    r"(?<![\d:])(?P<H>\d{1,2})\s*(?::|h|giờ)\s*(?P<M>\d{2})(?:\s*:\s*(?P<S>\d{2}))?(?![\d:])"
    r"(?:\s*(?P<p>AM|PM|SA|CH|sáng|chiều|tối)\b)?", re.I)
_PM = {"pm", "ch", "chiều", "tối"}
_AM = {"am", "sa", "sáng"}


def _iso(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None, ss: int | None = None) -> str | None:
    try:
        datetime(y, m, d, hh or 0, mm or 0, ss or 0)
    except ValueError:
        return None
    if not 1990 <= y <= 2100:
        return None
    out = f"{y:04d}-{m:02d}-{d:02d}"
    if hh is not None and mm is not None:
        out += f"T{hh:02d}:{mm:02d}"
        if ss is not None:
            out += f":{ss:02d}"
    return out


def parse_iso(value: str) -> str | None:
    """A machine date (meta/JSON-LD) to local ISO; an offset is converted to UTC+7 and written."""
    m = _ISO_RE.search(value or "")
    if not m:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if m["H"] is None:
        return _iso(y, mo, d)
    hh, mi = int(m["H"]), int(m["M"])
    ss = int(m["S"]) if m["S"] else None
    if m["tz"]:
        tz = m["tz"]
        try:
            offset = timezone.utc if tz == "Z" else timezone(
                (1 if tz[0] == "+" else -1) * timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:])))
            local = datetime(y, mo, d, hh, mi, ss or 0, tzinfo=offset).astimezone(VN_TZ)
        except ValueError:
            return None
        y, mo, d, hh, mi = local.year, local.month, local.day, local.hour, local.minute
        ss = local.second if ss is not None else None
        found = _iso(y, mo, d, hh, mi, ss)
        return found + "+07:00" if found else None
    return _iso(y, mo, d, hh, mi, ss)


def _time_near(text: str, start: int, end: int) -> tuple[int, int, int | None] | None:
    """A clock time written just before or after the date span (within a few characters)."""
    best = None
    for t in _TIME_RE.finditer(text):
        gap = t.start() - end if t.start() >= end else start - t.end()
        if gap < 0 or gap > 12:
            continue
        if best is None or gap < best[0]:
            best = (gap, t)
    if best is None:
        return None
    t = best[1]
    hh, mm = int(t["H"]), int(t["M"])
    ss = int(t["S"]) if t["S"] else None
    period = (t["p"] or "").lower()
    if period in _PM and hh < 12:
        hh += 12
    elif period in _AM and hh == 12:
        hh = 0
    if hh > 23 or mm > 59 or (ss is not None and ss > 59):
        return None
    return hh, mm, ss


def parse_visible(text: str) -> str | None:
    """The first date in human text, with its clock time if one is written next to it."""
    if not text:
        return None
    text = " ".join(text.split())
    for regex in (_DMY_RE, _WORDS_RE, _CMS_RE):
        for m in regex.finditer(text):
            y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
            if _iso(y, mo, d) is None:
                continue
            clock = _time_near(text, m.start(), m.end())
            if clock:
                return _iso(y, mo, d, *clock)
            return _iso(y, mo, d)
    m = _ISO_RE.search(text)
    return parse_iso(m.group(0)) if m else None


_FORMAT_CODES = {
    "%d": r"\d{1,2}", "%m": r"\d{1,2}", "%Y": r"\d{4}", "%H": r"\d{1,2}", "%I": r"\d{1,2}",
    "%M": r"\d{2}", "%S": r"\d{2}", "%p": r"(?:AM|PM|am|pm|SA|CH|sa|ch)", "%y": r"\d{2}",
}


def _format_regex(fmt: str) -> re.Pattern:
    out, i = [], 0
    while i < len(fmt):
        code = fmt[i:i + 2]
        if code in _FORMAT_CODES:
            out.append(_FORMAT_CODES[code])
            i += 2
        elif fmt[i].isspace():
            out.append(r"\s*")
            i += 1
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return re.compile("".join(out))


def parse_with_formats(text: str, formats: list[str]) -> str | None:
    """Try ``strptime`` formats (from a site adapter) on any part of ``text``."""
    text = " ".join((text or "").split())
    for fmt in formats:
        m = _format_regex(fmt).search(text)
        if not m:
            continue
        found = " ".join(m.group(0).split())
        found = re.sub(r"\b(SA|sa)\b", "AM", re.sub(r"\b(CH|ch)\b", "PM", found))
        try:
            dt = datetime.strptime(found, " ".join(fmt.split()))
        except ValueError:
            continue
        has_time = "%H" in fmt or "%I" in fmt
        return _iso(dt.year, dt.month, dt.day, *((dt.hour, dt.minute, dt.second if "%S" in fmt else None)
                                                  if has_time else ()))
    return None


def parse_date(text: str, formats: list[str] | None = None) -> str | None:
    """Adapter formats first, then any recognisable date."""
    if formats:
        found = parse_with_formats(text, formats)
        if found:
            return found
    return parse_visible(text)
