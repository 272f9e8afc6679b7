"""Time expressions in Vietnamese news text.

``find_times(key, clean)`` finds every time expression ("cuối năm 2023", "tính đến hết ngày
31/5/2024", "giai đoạn 2021-2025", "quý I/2024", "năm nay", "tháng trước", "hôm qua", "thứ Sáu
ngày 12 tháng 4", "mùng 2 tháng chín", "5/8/19" …) and normalises it to the output contract's time
fields; ``anchored(t, published)`` reads one said against the article's date. It matches on the
folded ``key`` (see ``extractor.text``) and reports offsets valid in ``clean``; mentions never
overlap and the longest reading wins.

The cue words live in ``patterns/times.yaml``; this module builds one regex from them. The regex
is scanned left to right; a match whose context rules it out (a count "2021 hộ", a document
code "Nghị quyết 12/2019", a ratio "3/5 xã") is dropped and the scan resumes one character on,
so a shorter reading inside it still gets its chance.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from extractor.patterns import load_yaml

from extractor import rxstore
from extractor.text import fold_phrase

__all__ = ["TimeMention", "find_times"]


@dataclass
class TimeMention:
    start: int
    end: int
    text: str
    kind: str  # year|point|date|month|quarter|period|partial_date|clock|relative|months_of_year|week
    year: int | None = None
    point: str | None = None  # "start" | "end"
    date: str | None = None  # ISO YYYY-MM-DD or YYYY-MM
    period: tuple[int, int] | None = None
    relation: str | None = None  # "until" | "compare" | "since" | "into" | "birth"
    # Extra detail (optional, for consumers that want it):
    quarter: int | None = None  # 1-4 for "quý I/2024"
    months: int | None = None  # N for "6 tháng đầu năm 2017"
    offset: int | None = None  # years from the article's year for "năm nay" (0), "năm trước" (-1)
    month: int | None = None  # the month of "tháng 6", "ngày 20/12" when no year is written
    day: int | None = None  # the day of "ngày 20/12"
    to_now: bool = False  # "từ năm 2015 đến nay": the span runs to the article's date
    span: int | None = None  # N of "N năm qua": the last N years before the article
    span_done: bool = False  # "Sau N năm thực hiện …": N years done since a start, the start year N before the end
    unit: str | None = None  # the step of ``offset`` when not years: "quarter" | "month" | "week" | "day"
    weekday: int | None = None  # 1 (Monday) to 7 (Sunday) for "thứ Sáu ngày 12/4", "thứ Hai tuần trước"
    last_day: bool = False  # "ngày cuối cùng của tháng sáu": the day is the month's last
    days: tuple[str, str] | None = None  # a week read against the article: its Monday and Sunday

    def depends_on_article(self) -> bool:
        """Said against the article's date ("tháng trước", "năm nay", "5 năm qua") and not yet
        resolved: no year, date or period of its own."""
        return (self.offset is not None or self.unit is not None or self.span is not None) and \
            self.year is None and self.date is None and self.period is None

    def as_json(self) -> dict:
        """The mention as ``extractor tag`` prints it: offsets, text, the contract's time fields,
        the detail that is set, and ``relative`` (its unit and step) while it waits for a date."""
        out = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind, "year": self.year,
               "point": self.point, "date": self.date, "period": list(self.period) if self.period else None,
               "relation": self.relation}
        for name in ("quarter", "months", "month", "day", "weekday"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.days:
            out["days"] = list(self.days)
        if self.depends_on_article():
            out["relative"] = {"unit": self.unit or "year", "offset": self.offset, "span": self.span}
        return out


# --------------------------------------------------------------------------- pattern building

_SP = " {1,3}"  # bounded, so no run of spaces can make the scan quadratic
_OSP = " {0,3}"
_DEADLINE_MONTHS = 4  # months ahead of the article a day to be done by may lie
_COMPARED_NAME = 40  # characters of the name of what a figure is compared with, before its year


def _alt(phrases) -> str:
    """Regex alternation of folded phrases, longest first so a phrase beats its prefix."""
    folded = {fold_phrase(str(p)) for p in phrases}
    parts = sorted(folded, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", _SP) for p in parts) + ")"


def _y(name: str) -> str:
    # 4 digits; the plausible range is checked in code. A trailing "/QĐ" or "-TTg" makes it a code.
    return rf"(?P<{name}>(?:19|20|21)\d\d)(?!\d)(?!/\w|-[^\W\d_])"


def _before_end(words) -> "re.Pattern":
    """One of ``words`` right before the end of the text searched (then a space or more)."""
    return rxstore.compile(rf"(?<!\w){_alt(words)}{_SP}\Z")


_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?!\d)"
_MON = r"(?:0?[1-9]|1[0-2])(?!\d)"
_NB = r"(?<![\w.,/])"  # a number starts here, not inside another number or code


class _Lexicon:
    def __init__(self, data: dict):
        self.rel_of: dict[str, str] = {}
        for rel, words in data["relations"].items():
            for w in words:
                self.rel_of[fold_phrase(w)] = rel
        self.point_of: dict[str, str] = {}
        for pt, words in data["points"].items():
            for w in words:
                self.point_of[fold_phrase(w)] = pt
        self.rel_years = {fold_phrase(str(k)): v for k, v in data["relative_years"].items()}
        self.span_numbers = {fold_phrase(str(k)): int(v) for k, v in data["span_number_words"].items()}
        self.roman = {fold_phrase(k): v for k, v in data["roman"].items()}
        self.ymin, self.ymax = data["year_range"]
        self.pivot = data["two_digit_pivot"]
        self.unit_of = {fold_phrase(x): u for u, ws in data["relative_units"].items() for x in ws}
        self.rel_days = {fold_phrase(k): v for k, v in data["relative_days"].items()}
        self.weekday = {fold_phrase(str(k)): v for k, v in data["weekdays"].items()}
        self.month_name = {fold_phrase(str(k)): v for k, v in data["month_names"].items()}
        self.first_day = {fold_phrase(x) for x in data["first_day_words"]}
        self.fiscal = {fold_phrase(w) for w in data["fiscal_words"]}
        w = data["words"]
        rely = _alt(self.rel_years) + r"(?!\w)"
        year_w, month_w, day_w = _alt(w["year"]), _alt(w["month"]), _alt(w["day"] + w["day_prefix"])
        mname = _alt(self.month_name) + r"(?!\w)"
        # a count of months in words ("Bảy tháng của năm 2022"): the month names that are numbers
        # (not "một", "hai", "ba": words too common to let the scan stop at each)
        self.month_count = {k: v for k, v in self.month_name.items()
                            if (k in {fold_phrase(x) for x in data["count_words"]} or k.startswith("mười"))
                            and k not in {fold_phrase(x) for x in data["month_count_not"]}}
        mcount = _alt(self.month_count)
        mvague = _alt(data["months_vague"])
        dash = _OSP + "-" + _OSP
        to = _SP + "(?:đến|tới)" + _SP
        counters = _alt(data["counters"])
        roman = "|".join(sorted(self.roman, key=len, reverse=True))
        cores = [
            # periods: "giai đoạn 2021-2025", "năm học 2023 - 2024", "năm 2021 đến năm 2025"
            rf"(?P<pc>{_alt(data['period_cues'])}){_SP}(?:(?:từ|kể từ){_SP})?(?:{year_w}{_SP})?"
            rf"{_y('p1a')}(?:{dash}|{to}(?:{year_w}{_SP})?)(?P<p1b>(?:19|20|21)\d\d|\d\d)(?!\d)(?!/\w)",
            # "5 năm 2016-2020", "5 năm (2016 - 2020)"
            rf"{_NB}(?P<pn>\d{{1,2}}){_SP}{year_w}{_SP}\(?{_OSP}{_y('p2a')}{dash}{_y('p2b')}{_OSP}\)?",
            # "5 năm qua", "3 năm gần đây" (the years before the article, resolved against its date)
            rf"(?:{_NB}(?P<rn>\d{{1,2}})|(?<!\w)(?P<rnw>{_alt(data['span_number_words'])})){_SP}{year_w}{_SP}"
            rf"(?P<rt>{_alt(data['recent_tails'])})(?!\w)",
            # "Sau 5 năm thực hiện …", "Qua 10 năm triển khai …": the same, the count after its lead word
            rf"(?<!\w)(?:{_alt(data['span_leads'])}){_SP}(?:{_NB}(?P<sn>\d{{1,2}})|(?P<snw>{_alt(data['span_number_words'])}))"
            rf"{_SP}{year_w}(?={_SP}(?:{_alt(data['span_doings'])})(?!\w))",
            # bare "2021-2025", "2021 đến 2025"
            rf"{_NB}{_y('p3a')}(?:{dash}|{to}){_y('p3b')}",
            # "ngày 31 tháng 5 năm 2024"
            # (a month in words only after a day word: "9 tháng năm 2024" is nine months of it)
            rf"(?:(?P<d1n>{day_w}){_SP})?{_NB}(?P<d1d>{_DAY}){_SP}{month_w}{_SP}"
            rf"(?:(?P<d1m>{_MON})|(?(d1n)(?P<d1mw>{mname})|(?!)))"
            rf"(?:{_SP}{year_w}{_SP}|{_OSP}[/.-]{_OSP}|(?(d1mw){_SP}|(?!))){_y('d1y')}",
            # "31/5/2024", "ngày 15/03/2022", "30.3.2022"
            # "5/8/19": a year in two digits (checked in code: no code, count or amount)
            rf"(?P<d2n>{day_w}{_SP})?{_NB}(?P<d2d>{_DAY})(?P<d2s>[/.-])(?P<d2m>{_MON})(?P=d2s)"
            rf"(?:{_y('d2y')}|(?P<d2yy>\d\d)(?![\w/%‰-]|[.,]\d|{_OSP}[%‰]))",
            # "ngày 14 tháng 12" (no year)
            rf"{day_w}{_SP}(?P<d3d>{_DAY}){_SP}{month_w}{_SP}(?:(?P<d3m>{_MON})(?!\w)|(?P<d3mw>{mname}))"
            rf"(?:{_SP}{year_w}{_SP}(?P<d3rel>{rely}))?",
            # "14/12", "ngày 30.3" (no year): kept only with a cue (checked in code)
            rf"(?P<d4n>{day_w}{_SP})?{_NB}(?P<d4d>{_DAY})(?P<d4s>[/.-])(?P<d4m>{_MON})(?![\w/]|[.,-]\d)"
            rf"(?!{_SP}{counters}(?!\w))",
            # "ngày cuối cùng của tháng sáu (năm 2024)", "ngày đầu tiên của tháng 7"
            rf"(?P<ld>{_alt(data['last_day_words'] + data['first_day_words'])}){_SP}{month_w}{_SP}"
            rf"(?:(?P<ldm>{_MON})(?!\w)|(?P<ldmw>{mname}))"
            rf"(?:{_OSP}/{_OSP}{_y('ldy')}|{_SP}{year_w}{_SP}(?:{_y('ldy2')}|(?P<ldrel>{rely}))|{_SP}{_y('ldy3')})?",
            # "6 tháng đầu năm 2017", "9 tháng năm 2024"
            # ("Bảy tháng của năm 2022", "6 tháng đầu năm năm 2018" as typed)
            rf"{_NB}(?:(?P<mn>\d{{1,2}})|(?P<mnw>{mcount})|(?P<mnv>{mvague})){_SP}{month_w}{_SP}(?:(?P<mqua>qua)(?!\w)|(?P<mpt>đầu|cuối){_SP}{year_w}"
            rf"(?:{_SP}{year_w}(?={_SP}\d))?"
            rf"(?:{_SP}(?:{_y('my')}|(?P<mrel>{rely})))?|(?:của{_SP})?{year_w}{_SP}(?:{_y('my2')}|(?P<mrel2>{rely})))",
            # "Trong 9 tháng, Sở … đã cấp …": months of this year that open a sentence (checked in code)
            rf"{_NB}(?P<mn2>\d{{1,2}}){_SP}{month_w}(?={_OSP},)",
            # "quý I/2024", "quý II năm 2023", "quý 3"
            rf"(?P<qw>{_alt(w['quarter'])}){_SP}(?P<qn>{roman}|[1-4])(?!\w)"
            rf"(?:{_OSP}[/.-]{_OSP}{_y('qy')}|{_SP}{year_w}{_SP}(?:{_y('qy2')}|(?P<qrel>{rely})))?",
            # "tháng 6/2024", "tháng 12-2018", "tháng 3 năm 2024", "tháng 6"
            rf"(?P<mw>{month_w}){_SP}(?:(?P<mo>{_MON})(?!\w)|(?P<mow>{mname}))"
            rf"(?:{_OSP}[/.-]{_OSP}{_y('moy')}|{_SP}{year_w}{_SP}(?:{_y('moy2')}|(?P<morel>{rely}))"
            rf"|(?(mow){_SP}{_y('moy3')}|(?!))|{_SP}(?P<mthis>này)(?!\w))?",
            # "tháng trước", "tuần này", "quý tới": a step from the article's month, week, quarter
            rf"(?P<ru>{_alt(self.unit_of)}){_SP}(?P<rurel>{rely})",
            # "hôm qua", "sáng nay (15/4)": a day from the article's date, its date in brackets
            rf"(?P<rd>{_alt(self.rel_days)})(?!\w)"
            rf"(?:{_OSP}\({_OSP}(?P<rdd>{_DAY})/(?P<rdm>{_MON})(?:/{_y('rdy')})?{_OSP}\))?",
            # bare "6/2024": kept unless a document word precedes (checked in code)
            rf"{_NB}(?P<bm>{_MON})/{_y('bmy')}(?!{_SP}{counters}(?!\w))",
            # clock "10:43:46", "04:39 PM", "10h30"
            rf"{_NB}(?P<clk>(?:[01]?\d|2[0-4]):[0-5]\d(?::[0-5]\d)?(?:{_OSP}(?:am|pm|sa|ch)(?!\w))?"
            rf"|(?:[01]?\d|2[0-4])h[0-5]\d)(?!\d)",
            # "các năm trước", "những năm qua"
            rf"(?P<pl>{_alt(data['plural_markers'])}){_SP}(?:{year_w}|{_alt(self.unit_of)}){_SP}(?P<plrel>{rely})",
            # "cùng kỳ năm 2023", "cùng kỳ năm trước", "cùng kỳ"
            rf"(?P<ck>{_alt(w['same_term'])})(?!\w)(?:{_SP}{year_w}{_SP}(?:{_y('cky')}|(?P<ckrel>{rely})))?",
            # "niên độ 2023", "niên độ"
            rf"(?P<nd>{_alt(self.fiscal)})(?!\w)(?:{_SP}{_y('ndy')})?",
            # "năm 2022", "năm nay", "năm" (the last only after đầu/cuối, checked in code)
            rf"(?P<yw>{year_w})(?:{_SP}{_y('yy')}|{_SP}(?P<yrel>{rely})|(?(pt)|(?!)))(?!\w)",
            # "đầu kỳ", "cuối kỳ" (only with a point word, checked in code)
            rf"(?(pt)(?P<ky>{_alt(w['term'])})(?!\w)|(?!))",
            # "đến nay" (only after a relation word, checked in code)
            rf"(?(rel)(?P<now>{_alt(data['now_words'])})(?!\w)|(?!))",
            # bare "2023": kept only after a cue word (checked in code)
            rf"{_NB}{_y('by')}(?![\w%‰]|[.,]\d|{_OSP}[%‰])(?!{_SP}{counters}(?!\w))",
        ]
        # A time starts with a digit or with one of these words: the gate lets the scan skip
        # every other syllable at the cost of one small alternation instead of all the cores.
        first_words = {fold_phrase(p).split()[0] for p in [
            *self.rel_of, *self.point_of, *data["period_cues"], *data["plural_markers"],
            *self.fiscal, *w["year"], *w["month"], *w["day"], *w["day_prefix"], *w["quarter"],
            *w["same_term"], *w["week"], *data["last_day_words"], *data["first_day_words"], *data["span_leads"]]}
        # whole phrases where the first word alone is common ("sáng", "chiều", "thứ")
        first_words |= {*self.rel_days, *self.weekday, *(k.split()[0] for k in self.month_count), *self.span_numbers}
        # "thứ Sáu ngày 12 tháng 4", "thứ 6, 12/4/2024", "chủ nhật (5/5)": a weekday before a date
        weekday = (rf"(?:(?P<wd>{_alt(self.weekday)})(?!\w)"
                   rf"(?:{_OSP},{_OSP}|{_OSP}(?P<wdp>\(){_OSP}|{_SP}))?")
        pre = (rf"(?<!\w)(?=\d|{_alt(first_words)}(?!\w))(?:(?P<rel>{_alt(self.rel_of)}){_SP})?"
               rf"(?:(?P<pt>{_alt(self.point_of)}){_SP})?{weekday}")
        post = (rf"(?(wdp){_OSP}\)|)"
                rf"(?:{_SP}(?P<since>{_alt(data['since_tails'])})(?!\w))?")
        self.master = rxstore.compile(pre + "(?:" + "|".join(cores) + ")" + post)
        lunar = [f"{a} {b}" for a in data["lunar_stems"] for b in data["lunar_branches"]]
        self.year_cue_before = _before_end([*data['year_cues'], *lunar])
        self.date_cue_before = _before_end(data['date_cues'])
        # a part of the day before a date: "Chiều 16.7, …"
        self.day_part_before = _before_end(data['day_part_words'])
        # the last day of a span of days after its cue: "từ ngày 2-8/5" (as of 8/5)
        self.day_span_before = rxstore.compile(rf"(?<!\w){_alt(data['date_cues'])}{_SP}{_DAY}{_OSP}[-–]{_OSP}\Z")
        # the lunar new year by its name: "tết tân sửu" (no year written after it)
        stems = [fold_phrase(w) for w in data["lunar_stems"]]
        branches = [fold_phrase(w) for w in data["lunar_branches"]]
        spelled = {fold_phrase(a): fold_phrase(b) for a, b in data["lunar_branch_spellings"].items()}
        self.lunar_stem = {w: n for n, w in enumerate(stems)}
        self.lunar_branch = {w: n for n, w in enumerate(branches)}
        self.lunar_branch.update({a: self.lunar_branch[b] for a, b in spelled.items()})
        self.lunar_from = int(data["lunar_cycle_from"])
        self.lunar_year = rxstore.compile(
            rf"(?<!\w)(?:{_alt(data['lunar_year_words'])}){_SP}(?P<stem>{_alt(data['lunar_stems'])}){_SP}"
            rf"(?P<branch>{_alt(list(data['lunar_branches']) + list(data['lunar_branch_spellings']))})(?!\w)"
            rf"(?!{_OSP}(?:19|20)\d\d(?!\d))")
        self.doc_before = rxstore.compile(rf"(?<!\w){_alt(data['doc_words'])}{_OSP}(?:số{_OSP})?\Z")
        self.counters_after = rxstore.compile(rf"{_SP}{counters}(?!\w)")
        self.count_before = rxstore.compile(rf"(?:\d|(?<!\w){_alt(data['count_words'])}){_SP}\Z")
        self.step_stopper_after = rxstore.compile(rf"{_SP}{_alt(data['step_stoppers'])}(?!\w)")
        self.weekday_after = _before_end(data['weekday_after'])
        # "ông Vi Sáng Ngọc, sinh năm 1947": a person's birth (not "hộ nghèo phát sinh năm 2023")
        self.birth_before = _before_end(data['birth_words'])
        self.birth_not_after = _before_end(data['birth_not_after'])
        # "So với kết quả điều tra, rà soát hộ nghèo năm 2012, tỷ lệ hộ nghèo … giảm 3,02%": a sentence
        # that opens with a comparison compares with the year that closes its first phrase
        self.compare_opening = rxstore.compile(
            rf"(?:\A|[.;:!?\n]){_OSP}(?:{_alt(data['compare_openers'])}){_SP}[^\d.;:!?\n]{{0,100}}\Z")
        # "giảm 1,22% so với tỷ lệ hộ nghèo năm 2020": the year closing the phrase of what a figure is
        # compared with, past that figure's name
        self.compare_in_phrase = rxstore.compile(
            rf"(?<!\w)(?:{_alt(data['compare_openers'])}){_SP}(?!(?:với{_SP})?(?:{_alt(data['compared_plans'])})(?!\w))"
            rf"[^\d.,;:!?\n()]{{1,{_COMPARED_NAME}}}\Z")
        self.month_name_cue = _before_end(data['month_name_cues'])
        # a count word after the month name makes it a number: "trong tháng ba xã", "tháng một số hộ"
        self.not_month_after = rxstore.compile(rf"{_SP}(?:{_alt(data['not_month_tails'])}|{counters})(?!\w)")
        self.lunar_after = rxstore.compile(rf"{_OSP}\(?{_OSP}{_alt(data['lunar_tails'])}(?!\w)")
        self.per_head_before = rxstore.compile(rf"(?<!\w){_alt(data['per_head_words'])}{_OSP}(?:1{_OSP})?\Z")
        self.months_frame_before = _before_end(data['months_frame_words'])
        self.months_since_before = _before_end(data['months_since_words'])
        # "các năm 2021, 2022 và 2023": years listed after a year are years too
        self.year_list = rxstore.compile(
            rf"(?:{_OSP},|{_SP}(?:và|hoặc)){_SP}(?P<ys>(?:{year_w}{_SP})?{_NB}(?P<y>(?:19|20|21)\d\d))"
            rf"(?![\w%‰/-]|[.,]\d|{_OSP}[%‰])(?!{_SP}{_alt(data['counters'])}(?!\w))")
        # the pre-filter: a line with none of these cannot hold a time
        self.anchor = rxstore.compile(r"\d|" + _alt(
            list(w["year"]) + list(w["term"]) + list(w["quarter"]) + list(data["now_words"]) + list(self.fiscal)
            + list(w["same_term"]) + list(w["month"]) + list(w["week"]) + list(self.rel_days)))


# Relations of a time that is not the time of the figures around it: the term compared with ("so
# với năm 2021"), the year money is carried into ("chuyển sang năm 2023") and a person's birth
# ("sinh năm 1947").
ASIDE_RELATIONS = frozenset({"compare", "into", "birth", "deadline"})


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon(load_yaml("times.yaml"))  # (parsed once, then read back from the build cache)


# --------------------------------------------------------------------------- interpretation

def _int(m: re.Match, name: str) -> int | None:
    v = m.group(name)
    return int(v) if v is not None else None


def _first(m: re.Match, *names: str) -> str | None:
    for n in names:
        v = m.group(n)
        if v is not None:
            return v
    return None


def _interpret(m: re.Match, key: str, lx: _Lexicon) -> TimeMention | None:
    """Normalise one regex match, or None when its context rules it out."""
    g = m.group
    rel_word, pt_word = g("rel"), g("pt")
    relation = lx.rel_of.get(" ".join(rel_word.split())) if rel_word else None
    point = lx.point_of.get(" ".join(pt_word.split())) if pt_word else None
    s, e = m.start(), m.end()
    kw: dict = {}

    def plausible(y: int | None) -> bool:
        return y is None or lx.ymin <= y <= lx.ymax

    def rel_offset(word: str | None) -> int | None:
        return lx.rel_years.get(" ".join(word.split())) if word else None

    def month_of(digits: str, words: str) -> int:
        return int(g(digits)) if g(digits) else lx.month_name[" ".join(g(words).split())]

    def a_step(offset: int | None) -> bool:
        """"tháng trước" is a step from the article's month, not "3 tháng trước" nor "năm sau đó"
        ("nhiều năm qua" says no step and stays the recent past)."""
        return offset is None or not (lx.count_before.search(key, max(0, s - 12), s)
                                      or lx.step_stopper_after.match(key, e))

    if g("p1a") or g("p2a") or g("p3a"):
        a = int(_first(m, "p1a", "p2a", "p3a"))
        b_raw = _first(m, "p1b", "p2b", "p3b")
        b = int(b_raw) if len(b_raw) == 4 else (a // 100) * 100 + int(b_raw)
        span_max = 1 if g("pc") and " ".join(g("pc").split()) in lx.fiscal else 50
        if not (plausible(a) and plausible(b) and a < b <= a + span_max):
            return None
        kind = "period"
        kw["period"] = (a, b)
        if relation == "since":
            relation = None  # "từ 2021 đến 2025" is the period itself
    elif g("rn") or g("rnw") or g("sn") or g("snw"):
        digits, words = (g("rn"), g("rnw")) if g("rn") or g("rnw") else (g("sn"), g("snw"))
        n = int(digits) if digits else lx.span_numbers[" ".join(words.split())]
        if not 1 <= n <= 30:
            return None
        kind = "relative"
        kw["span"] = n
        kw["span_done"] = bool(g("sn") or g("snw"))
    elif g("d1y") or g("d2y") or g("d2yy"):
        if g("d2yy"):
            ds = m.start("d2d")
            if (g("d2s") != "/" and not g("d2n")) or lx.doc_before.search(key, max(0, ds - 20), ds) \
                    or lx.counters_after.match(key, m.end("d2yy")):
                return None  # "5.8.19" a version, "Quyết định 12/3/23", "5/8/19 hộ" a count
            yy = int(g("d2yy"))
            y = 2000 + yy if yy < lx.pivot else 1900 + yy
        else:
            y = int(_first(m, "d1y", "d2y"))
        mo = month_of("d1m", "d1mw") if g("d1d") else int(g("d2m"))
        d = int(_first(m, "d1d", "d2d"))
        if not plausible(y) or not _valid_day(y, mo, d):
            return None
        kind = "date"
        kw.update(year=y, date=f"{y:04d}-{mo:02d}-{d:02d}")
        point = None
    elif g("d3d"):
        kind = "partial_date"
        kw.update(offset=rel_offset(g("d3rel")), day=int(g("d3d")), month=month_of("d3m", "d3mw"))
        point = None
    elif g("d4d"):
        sep = g("d4s")
        ds = m.start("d4d")
        dotted = sep == "." and (relation == "until" or bool(lx.day_part_before.search(key, max(0, ds - 8), ds)))
        if sep != "/" and not g("d4n") and not dotted:
            # "từ 2-3 ngày", "3.5" are ranges and numbers; "ngày 30.3", "tính đến 30.9", "Chiều 16.7"
            # are dates (a dot never groups one or two digits of a Vietnamese number)
            return None
        cued = bool(g("d4n")) or bool(rel_word) or bool(pt_word) or bool(g("wd"))
        if not cued:
            cued = bool(lx.date_cue_before.search(key, max(0, ds - 14), ds)) or (
                ds > 0 and key[ds - 1] == "(" and key[m.end("d4m"):m.end("d4m") + 1] == ")") or \
                bool(lx.day_span_before.search(key, max(0, ds - 20), ds))
        if not cued or lx.doc_before.search(key, max(0, ds - 20), ds):
            return None
        kind = "partial_date"
        kw.update(day=int(g("d4d")), month=int(g("d4m")))
        point = None
    elif g("ld"):
        mo = month_of("ldm", "ldmw")
        y = _int(m, "ldy") or _int(m, "ldy2") or _int(m, "ldy3")
        if not plausible(y):
            return None
        first = " ".join(g("ld").split()) in lx.first_day
        d = 1 if first else (_month_days(y, mo) if y or mo != 2 else None)
        kind = "date" if y else "partial_date"
        kw.update(year=y, month=mo, day=d, last_day=not first, offset=rel_offset(g("ldrel")),
                  date=f"{y:04d}-{mo:02d}-{d:02d}" if y else None)
        point = None
    elif g("mn2"):
        n = int(g("mn2"))
        lead = lx.months_frame_before.search(key, max(0, s - 10), s)
        if not 1 <= n <= 12 or lead is None or not _sentence_start(key, lead.start()):
            return None  # ("vay trong 36 tháng, lãi suất …": a term; only "Trong 9 tháng," opening a sentence)
        kind = "months_of_year"
        kw.update(months=n, offset=0)
    elif g("mn") or g("mnw") or g("mnv"):
        # ("những tháng đầu năm 2023": the first months of the year, how many unsaid)
        n = int(g("mn")) if g("mn") else lx.month_count[" ".join(g("mnw").split())] if g("mnw") else None
        y = _int(m, "my") if g("my") else _int(m, "my2")
        if n is not None and not 1 <= n <= 12 or not plausible(y) or n is None and not g("mpt"):
            return None
        if g("mqua") and lx.months_since_before.search(key, max(0, s - 10), s):
            return None  # "Sau 9 tháng qua": nine months since something began, no months of a year
        kind = "months_of_year"
        # "9 tháng qua": the months of this year up to the article's
        kw.update(months=n, year=y, offset=0 if g("mqua") else rel_offset(_first(m, "mrel", "mrel2")))
        if g("mpt") == "cuối":
            point = "end"  # "6 tháng cuối năm": the months at the year's end
    elif g("qn"):
        qn = g("qn")
        q = lx.roman.get(qn) or int(qn)
        y = _int(m, "qy") if g("qy") else _int(m, "qy2")
        if not plausible(y):
            return None
        kind = "quarter"
        kw.update(quarter=q, year=y, offset=rel_offset(g("qrel")))
    elif g("mw"):
        mo = month_of("mo", "mow")
        y = _int(m, "moy") or _int(m, "moy2") or _int(m, "moy3")
        if not plausible(y):
            return None
        if g("mow") and not (y or g("morel") or g("mthis") or rel_word or pt_word
                             or lx.month_name_cue.search(key, max(0, s - 8), s)
                             or (_sentence_start(key, s) and key[e:e + 1] == ",")):
            return None  # "tháng hai" with nothing to say it is February
        if g("mow") and lx.not_month_after.match(key, e):
            return None  # "mỗi tháng một lần": "once a month"
        kind = "month"
        offset = 0 if g("mthis") else rel_offset(g("morel"))  # "tháng 10 này": this year's
        kw.update(year=y, date=f"{y:04d}-{mo:02d}" if y else None, offset=offset, month=mo)
    elif g("bmy"):
        y, mo = int(g("bmy")), int(g("bm"))
        bs = m.start("bm")
        if not plausible(y) or lx.doc_before.search(key, max(0, bs - 20), bs):
            return None
        kind = "month"
        kw.update(year=y, date=f"{y:04d}-{mo:02d}")
    elif g("ru"):
        if lx.count_before.search(key, max(0, s - 12), s) or not a_step(rel_offset(g("rurel"))):
            return None  # "9 tháng qua" is a count of months (here the year's first nine)
        kind = "relative"
        kw.update(unit=lx.unit_of[" ".join(g("ru").split())], offset=rel_offset(g("rurel")))
    elif g("rd"):
        if g("rdd"):  # "sáng nay (15/4)": the date written out wins
            y = _int(m, "rdy")
            mo, d = int(g("rdm")), int(g("rdd"))
            if not plausible(y) or (y and not _valid_day(y, mo, d)):
                return None
            kind = "date" if y else "partial_date"
            kw.update(year=y, month=mo, day=d, date=f"{y:04d}-{mo:02d}-{d:02d}" if y else None)
        else:
            if re.match(r" {0,3}: {0,3}\d", key[e:e + 8]):
                return None  # "Hôm nay: 12  Hôm qua: 30": a page's visitor counter
            kind = "relative"
            kw.update(unit="day", offset=lx.rel_days[" ".join(g("rd").split())])
        point = None
    elif g("clk"):
        kind = "clock"
        point = None
        relation = relation if relation == "until" else None
    elif g("pl"):
        kind = "relative"
    elif g("ck"):
        y = _int(m, "cky")
        if not plausible(y):
            return None
        kind = "year" if y else "relative"
        kw.update(year=y, offset=rel_offset(g("ckrel")))
        if relation is None and key[max(0, s - 8):s].rstrip()[-1:] not in ("", ".", ",", ";", ":", "(", "-", "–"):
            # "bằng 96,7% cùng kỳ năm trước": the term compared with (not "Cùng kỳ, huyện …")
            relation = "compare"
    elif g("nd"):
        y = _int(m, "ndy")
        if not plausible(y):
            return None
        kind = "year" if y else "relative"
        kw["year"] = y
    elif g("yw"):
        y = _int(m, "yy")
        if not plausible(y):
            return None
        if y is None and g("yrel") is None and point is None:
            return None  # a lone "năm" is the number five or a noun
        if g("yrel") and not a_step(rel_offset(g("yrel"))):
            return None
        kw.update(year=y, offset=rel_offset(g("yrel")))
        kind = "point" if point else ("year" if y else "relative")
    elif g("ky"):
        if point is None:
            return None
        kind = "point"
    elif g("now"):
        if relation != "until":
            return None  # "từ nay đến năm 2025": the time is the later one
        kind = "relative"
        kw["offset"] = 0
        relation = "until"
    elif g("by"):
        y = int(g("by"))
        if not plausible(y):
            return None
        ys = m.start("by")
        if not (rel_word or pt_word or lx.year_cue_before.search(key, max(0, ys - 12), ys)
                or (_sentence_start(key, ys) and key[m.end("by"):m.end("by") + 1] == ",")
                or (key[ys - 1:ys] == "(" and key[m.end("by"):m.end("by") + 1] == ")")):  # "73,26% (2021)"
            return None
        kw["year"] = y
        kind = "point" if point else "year"
    else:  # pragma: no cover - every core has a branch above
        return None

    if kind in ("months_of_year", "month") and lx.per_head_before.search(key, max(0, s - 24), s):
        return None  # "thu nhập bình quân 1 người 1 tháng năm 2024": the month an amount is per
    if kind in ("date", "partial_date", "month") and lx.lunar_after.match(key, e):
        return None  # "mùng 10 tháng 3 âm lịch": a lunar date is no calendar date
    if g("wd"):
        ws = m.start("wd")
        if not (kind in ("date", "partial_date") or kw.get("unit") == "week"):
            return None  # "lần thứ hai năm 2024": an ordinal before a year
        if not (_clause_start(key, ws) or lx.weekday_after.search(key, max(0, ws - 12), ws)):
            return None  # "kỳ họp thứ 7 (12/4)", "lần thứ ba ngày 15/10": an ordinal after its noun
        kw["weekday"] = lx.weekday[" ".join(g("wd").split())]
    if kind in ("relative",) and point:
        kind = "point"
    if g("since"):
        relation = "since"
        kw["to_now"] = True
    if relation == "deadline" and kind != "partial_date":
        # ("trước năm 2020", "trước tháng 6": a time of its own, the word left out; a day with its
        # year, "trước 19/5/2025", still says the year the article speaks of)
        relation = None
        s = m.end("rel")
        while s < e and key[s] == " ":
            s += 1
    if relation is None and kind == "year" and not point and (
            lx.compare_opening.search(key, max(0, s - 120), s) or lx.compare_in_phrase.search(key, max(0, s - 60), s)):
        relation = "compare"
    birth = lx.birth_before.search(key, max(0, s - 16), s) if relation is None else None
    if birth is not None and not lx.birth_not_after.search(key, max(0, birth.start() - 12), birth.start()):
        relation = "birth"
    return TimeMention(s, e, "", kind, point=point, relation=relation, **kw)


def _listed_years(key: str, clean: str, p: int, le: int, lx: _Lexicon,
                  out: list[TimeMention]) -> int:
    """Add the years listed right after a year ("năm 2021, 2022"); return the new scan start."""
    while True:
        m = lx.year_list.match(key, p, le)
        if m is None or not lx.ymin <= int(m.group("y")) <= lx.ymax:
            return p
        s = m.start("ys")
        out.append(TimeMention(s, m.end(), clean[s:m.end()], "year", year=int(m.group("y"))))
        p = m.end()


def _valid_day(y: int, mo: int, d: int) -> bool:
    if mo == 2:
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        return d <= (29 if leap else 28)
    return d <= (30 if mo in (4, 6, 9, 11) else 31)


def _month_days(y: int | None, mo: int) -> int:
    return calendar.monthrange(y or 2001, mo)[1]  # 2001: not a leap year


def _clause_start(key: str, i: int) -> bool:
    """Only spaces between ``i`` and the line's start or a punctuation mark."""
    j = i - 1
    while j >= 0 and key[j] == " ":
        j -= 1
    return j < 0 or not (key[j].isalnum() or key[j] == "_")


def _sentence_start(key: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and key[j] == " ":
        j -= 1
    return j < 0 or key[j] in ".!?\n:;"


# --------------------------------------------------------------------------- public API

def find_times(key: str, clean: str | None = None) -> list[TimeMention]:
    """Every time expression in ``key`` (folded text), with offsets valid in ``clean``."""
    if clean is None:
        clean = key
    elif len(clean) != len(key):
        raise ValueError("key and clean must be the same length (use extractor.text.Text.of)")
    lx = _lexicon()
    master, anchor = lx.master, lx.anchor
    out: list[TimeMention] = []
    n = len(key)
    pos = 0
    while pos < n:
        # Pre-filter: jump to the line holding the next digit or cue word; a time never
        # spans a line end, so the master regex only ever sees lines that can hold one.
        a = anchor.search(key, pos)
        if a is None:
            break
        ls = key.rfind("\n", pos, a.start()) + 1
        if ls < pos:
            ls = pos
        le = key.find("\n", a.end())
        if le < 0:
            le = n
        p = ls
        while True:
            m = master.search(key, p, le)
            if m is None:
                break
            t = _interpret(m, key, lx)
            if t is None:
                p = m.start() + 1
                continue
            t.text = clean[t.start:t.end]
            if t.relation is None and out and _range_end(key, out[-1], t):
                t.relation = "until"
            out.append(t)
            p = m.end()
            if t.kind == "year" and t.year is not None:
                p = _listed_years(key, clean, p, le, lx, out)
        pos = le + 1
    lunar = _lunar_years(key, clean, lx)
    return sorted(out + lunar, key=lambda t: t.start) if lunar else out


def _lunar_years(key: str, clean: str, lx: _Lexicon) -> list[TimeMention]:
    """"Tết Tân Sửu", "Xuân Giáp Thìn": the year that lunar new year falls in (a stem and a branch
    of unlike parity never meet in the cycle: no year)."""
    out = []
    for m in lx.lunar_year.finditer(key):
        stem = lx.lunar_stem[" ".join(m.group("stem").split())]
        branch = lx.lunar_branch[" ".join(m.group("branch").split())]
        n = next((i for i in range(60) if i % 10 == stem and i % 12 == branch), None)
        if n is not None:
            out.append(TimeMention(m.start(), m.end(), clean[m.start():m.end()], "year", year=lx.lunar_from + n))
    return out


_DATED = ("month", "date")


def _range_end(key: str, before: TimeMention, t: TimeMention) -> bool:
    """``t`` ends a span of months or days that ``before`` opened with a dash for "đến": "từ tháng
    7/2019 - tháng 8/2020", "từ tháng 10/2019 - 9/2020" (the folded text writes every dash "-")."""
    return before.relation == "since" and not before.to_now and before.kind in _DATED and \
        t.kind in _DATED and key[before.end:t.start].strip() == "-"


# --------------------------------------------------------------------------- resolution

_PAST_YEAR = re.compile(r"^(?:trong\s+)?năm\s+(?:vừa\s+)?qua$")
_PAST_QUARTER = re.compile(r"(?<!\w)quý\s+(?:vừa\s+)?qua$")


def anchored(t: TimeMention, published: str | None) -> TimeMention:
    """``t`` with what the article's date says filled in: "năm nay" and "năm ngoái" get their year,
    "tháng trước", "quý này", "tuần trước", "hôm qua" their month, quarter, week or day,
    "từ năm 2015 đến nay" its period, a day or month without a year ("đến ngày 20/12",
    "tháng 6") the latest such date not after the article (the one whose weekday fits when one
    is written: "thứ Sáu ngày 12/4"). Without a date, ``t`` as it is."""
    if not published:
        return t
    py = int(published[:4])
    pm = int(published[5:7]) if len(published) >= 7 else None
    pd = int(published[8:10]) if len(published) >= 10 else None
    if pm is not None and not 1 <= pm <= 12:
        pm = pd = None  # "2024-13-45" has the shape of a date, and only its year is one
    if pd is not None and not (1 < py < 9999 and 1 <= pd and _valid_day(py, pm, pd)):
        pd = None  # no such day (or none a calendar of days can step from)
    if t.unit is not None:
        return _stepped(t, py, pm, pd) if t.year is None and t.date is None else t
    changes: dict = {}
    year = t.year
    if year is None and t.period is None and t.date is None:
        if t.offset is not None:
            year = py + t.offset
        elif t.kind == "relative" and t.unit is None and pm is not None and _PAST_YEAR.search(t.text.lower()):
            # "(trong) năm qua", "năm vừa qua": the year just ended in an article of its first
            # quarter, the year under way after that
            year = py - 1 if pm <= 3 else py
        elif t.month is not None and pm is not None:
            later = (t.month, t.day or 0) > (pm, pd or 31)
            year = py - 1 if later else py
            if later and t.relation == "deadline" and t.month - pm <= _DEADLINE_MONTHS:
                year = py  # "phấn đấu hoàn thành trước ngày 25/8" on 13 August: the coming 25 August
            if t.weekday and t.day and pd is not None:
                year = _year_of_weekday(t, date(py, pm, pd)) or year
        elif t.month is not None and t.kind in ("partial_date", "month"):
            year = py  # an article known by its year only ("…-nam-2024-…"): a day or month of that year
        elif t.kind == "months_of_year" and t.months:
            # ("6 tháng đầu năm" in an article known by its year only: the first months of that year)
            year = py if pm is None or t.months <= pm else py - 1
        if year is not None:
            changes["year"] = year
    if year is not None and t.date is None and t.month is not None:
        day = _month_days(year, t.month) if t.last_day else t.day
        changes["date"] = f"{year:04d}-{t.month:02d}" + (f"-{day:02d}" if day else "")
        if day != t.day:
            changes["day"] = day
    if t.span is not None and t.period is None:
        # an article of the first quarter looks back over the N whole years before it
        # (N years done since a start: "Sau 10 năm thực hiện Chỉ thị 40" in 2024, from 2014)
        last = py - 1 if pm is not None and pm <= 3 else py
        changes.update(period=(last - t.span + (0 if t.span_done else 1), last), kind="period")
    if t.to_now and t.period is None and t.year is not None and py > t.year:
        changes.update(period=(t.year, py), kind="period", year=None)
    return replace(t, **changes) if changes else t


def _year_of_weekday(t: TimeMention, pub: date) -> int | None:
    """The year, of the article's and the two beside it, in which the day falls on its weekday,
    the nearest the article's date when two do."""
    fits = [date(y, t.month, t.day) for y in (pub.year - 1, pub.year, pub.year + 1)
            if _valid_day(y, t.month, t.day) and date(y, t.month, t.day).isoweekday() == t.weekday]
    return min(fits, key=lambda d: abs(d - pub)).year if fits else None


def _stepped(t: TimeMention, py: int, pm: int | None, pd: int | None) -> TimeMention:
    """A step of ``t.offset`` days, weeks, months or quarters from the article's date."""
    if t.offset is None and t.unit == "quarter" and pm is not None and _PAST_QUARTER.search(t.text.lower()):
        # "(hết) quý vừa qua": the quarter just ended in an article of a quarter's first month (as
        # "năm vừa qua" is the year just ended early in the next), the quarter under way after that
        t = replace(t, offset=-1 if (pm - 1) % 3 == 0 else 0)
    if t.offset is None or pm is None or (t.unit in ("day", "week") and pd is None):
        return t  # "tháng qua" says no step; "hôm qua" needs the article's day
    if t.unit == "month":
        y, mo = divmod(py * 12 + pm - 1 + t.offset, 12)
        return replace(t, kind="month", year=y, month=mo + 1, date=f"{y:04d}-{mo + 1:02d}")
    if t.unit == "quarter":
        y, q = divmod(py * 4 + (pm - 1) // 3 + t.offset, 4)
        return replace(t, kind="quarter", year=y, quarter=q + 1)
    pub = date(py, pm, pd)
    if t.unit == "day":
        d = pub + timedelta(days=t.offset)
    else:
        monday = pub - timedelta(days=pub.isoweekday() - 1) + timedelta(weeks=t.offset)
        if t.weekday is None:  # the week itself, in the year of its Thursday (as ISO weeks are)
            return replace(t, kind="week", year=(monday + timedelta(days=3)).year,
                           days=(monday.isoformat(), (monday + timedelta(days=6)).isoformat()))
        d = monday + timedelta(days=t.weekday - 1)
    return replace(t, kind="date", year=d.year, month=d.month, day=d.day, date=d.isoformat())
