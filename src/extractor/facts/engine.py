"""From tagged text (quantities, times, places) to the contract's facts.

One pass over the sentences in order. Each quantity is read against its context:

* what it measures (indicator, kind, unit, population, attributes) from the cues nearest to it:
  the words since the previous number in the sentence, then the rest of its clause, then the
  frame the previous fact of the sentence set ("các huyện nghèo giảm 4%-5%; tỷ lệ hộ nghèo
  dân tộc thiểu số trên 3%" reads the second number as the same kind of change);
* when and where from the nearest time and place before it in the sentence, else from what
  carries over from earlier sentences ("Năm 2022, …; …", "Tại huyện Na Rì, …"), else the
  article's own place;
* how sure from the nearest status cue, carried like time.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Optional

from ..nlp.places import PlaceMention
from ..nlp.quantities import Quantity
from ..nlp.times import TimeMention, anchored
from .cues import CueBook, Hit, cues
from .document import COUNTRY

RATE_INDICATORS = {"poverty_rate", "near_poverty_rate", "poor_near_poor_rate"}
BENEFICIARY_UNITS = {"households", "people", "students", "turns", "cards", "houses"}
PROJECT_UNITS = {"projects", "models", "works"}
AREA_UNITS = {"districts", "communes"}


@dataclass
class Draft:
    """A fact before it meets its document: every contract field but ``doc``."""
    indicator: str
    kind: str
    value: Optional[float]
    range: Optional[tuple]
    unit: str
    bound: str
    start: int
    end: int
    status: str = "actual"
    population: Optional[str] = None
    location: Optional[PlaceMention] = None
    year: Optional[int] = None
    point: Optional[str] = None
    date: Optional[str] = None
    period: Optional[tuple] = None
    attributes: dict = field(default_factory=dict)
    sentence: tuple = (0, 0)
    group: Optional[str] = None  # household group of counts ("poor", "near_poor", …)
    in_parens: bool = False

    def identity(self) -> tuple:
        """Every field the output shows but the evidence: equal drafts are one fact."""
        loc = self.location
        where = None if loc is None else (loc.level, loc.name, loc.type, loc.code, loc.province)
        return (self.indicator, self.kind, self.value, self.range, self.unit, self.bound, self.status,
                self.population, where, self.year, self.point, self.date, self.period,
                tuple(sorted(self.attributes.items())))


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Context:
    """What carries from sentence to sentence."""
    time: Optional[TimeMention] = None
    status: str = "actual"
    topic: Optional[PlaceMention] = None
    paragraph: int = -1
    list_frame: Optional["Draft"] = None  # the last figure before a list opened by ":"
    heading_group: Optional[Hit] = None  # the group a heading names ("Về hộ nghèo:") for what follows
    previous: Optional["_Sentence"] = None  # the sentence before
    previous_status: Optional[str] = None  # the status cue of the sentence before, if it had one


MAX_SENTENCE = 1500
_MARK = re.compile(r"[,;:.()!?\n]")  # where the words about one number end
_NEXT_ITEM = re.compile(r";|,\s*\d")  # the next item of a list "X% …; Y% …", "X% …, Y% …"
_LIST_BREAK = re.compile(r"[;()%]")
_ASIDE = re.compile(r"\s*\(\s*(?:[^\W\d_]+\s+){1,2}(?=\w)")  # "(ước cuối năm …": a word or two in brackets
_PER_PERSON_OR_TIME = {"person", "year", "month", "day", "week", "quarter"}
_LIST_ITEM = re.compile(r"[-+•*–]\s")  # a line of a list: "- Dự án 1: …", "+ Ngân sách trung ương: …"
_DISBURSEMENT = ("disbursed", "disbursement_rate")
_BRACKETS = re.compile(r"\([^()]{0,40}\)")  # "giảm từ 9,57% (cuối năm 2021) xuống còn …": an aside
_DOC_CODE = re.compile(r"\d+/[^\W\d_][\w&-]*")  # a document's number: "353/QĐ-TTg", "24/2021/QH15"
_OPENING = re.compile(r"\s*[,(]?")  # what may stand between a whole and the words opening its parts
_COMMA = re.compile(r"\s*,")
_NAMES_VALUE = re.compile(r"\s*(?:là|:|bằng|ở mức)?\s*(?:khoảng|trên|dưới|hơn|gần|từ)?\s*")
_HEADING_MAX = 80
_AFTER_SLASH = re.compile(r"[^\W\d_]\s*/\s*\Z")  # "hộ nghèo/" right before a number
_DIGIT = re.compile(r"\d%|\d\s*%")  # another percent between a cue and the number
_AREA_POPULATIONS = ("poor_districts", "poor_communes", "ethnic_minority")  # characters: a longer line ending in ":" is a sentence that opens a list


def _bounded(clean: str, spans):
    """Sentences no longer than MAX_SENTENCE: a text with no full stops (a 10 MB line) is cut at
    the last ';', ',' or space before the limit, so context windows stay small."""
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = max(clean.rfind(";", s, s + MAX_SENTENCE), clean.rfind(",", s, s + MAX_SENTENCE))
            if cut <= s + MAX_SENTENCE // 2:
                cut = clean.rfind(" ", s, s + MAX_SENTENCE)
            if cut <= s:
                cut = s + MAX_SENTENCE
            else:
                cut += 1
            yield s, cut
            s = cut
        yield s, e


def _within(items: list, starts: list[int], start: int, end: int) -> list:
    """The items starting in [start, end); ``starts`` are their sorted starts."""
    return items[bisect_left(starts, start):bisect_left(starts, end)]


def _paragraph_starts(clean: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\n", clean):
        starts.append(m.end())
    return starts


def _signed(value, rng, sign):
    if sign is None:
        return value, rng
    if value is not None:
        value = sign * abs(value)
    if rng is not None:
        lo, hi = sorted((sign * abs(rng[0]), sign * abs(rng[1])))
        rng = (lo, hi)
    return value, rng


class FactBuilder:
    def __init__(self, clean: str, key: str, sentences: list[tuple[int, int]],
                 quantities: list[Quantity], times: list[TimeMention], places: list[PlaceMention],
                 default_place: Optional[PlaceMention], default_province: Optional[PlaceMention] = None,
                 published: Optional[str] = None, captions: tuple = ()):
        self.clean = clean
        self.captions = captions
        self.published = published
        self.key = key
        self.c: CueBook = cues()
        self.quantities = quantities
        # "năm nay", "từ 2015 đến nay" read against the article's date; a day or month without a
        # year takes the year said before it first, the article's only when none was (_normal)
        self.times = sorted((t if t.month is not None else anchored(t, published)
                             for t in times if (t.kind != "clock" and (t.kind != "partial_date" or t.month))
                             and not self._doc_date(t) and not self._standard_time(t)),
                            key=lambda t: t.start)
        self.places = sorted(places, key=lambda p: p.start)
        self.default_place = default_place
        self.default_province = default_province or (
            default_place if default_place is not None and default_place.level == "province" else None)
        par = _paragraph_starts(clean)
        self.sentences = []
        self.q_starts = [q.start for q in quantities]
        pi = 0
        for s, e in _bounded(clean, sentences):
            while pi + 1 < len(par) and par[pi + 1] <= s:
                pi += 1
            self.sentences.append(_Sentence(s, e, pi))
        bank = self.c.credit_bank.regex.search(key)  # the first mention only: no list of every hit
        self.bank_at = bank.start() if bank is not None else None  # where the article first names the bank
        self.done: list[Draft] = []  # the facts of the sentences before
        self.group_frame: Optional[Hit] = None
        self.elaborates = False
        self.inherited_status: Optional[str] = None
        self.list_frame: Optional[Draft] = None
        self.last_by_level: dict[str, PlaceMention] = {}
        self.last_by_type: dict[str, PlaceMention] = {}

    # --- helpers ---------------------------------------------------------------------------
    def _doc_date(self, t: TimeMention) -> bool:
        """The date of a document ("Quyết định số 353/QĐ-TTg ngày 15/03/2022") is no context."""
        k, c, lo = self.key, self.c, max(0, t.start - 45)
        codes = list(_DOC_CODE.finditer(k, lo, t.start))
        if codes:  # "353/QĐ-TTg ngày …", "353/QĐ-TTg của Thủ tướng Chính phủ ngày …"
            gap = k[codes[-1].end():t.start]
            if not gap.strip() or (c.document_links.at(k, codes[-1].end(), t.start) and not re.search(r"[,;.]", gap)):
                return True
        # "Hướng dẫn số 25 ngày …"
        return any(c.document_number.at(k, h.end, t.start) and not re.search(r"[,;]", k[h.end:t.start])
                   for h in c.document_names.all(k, lo, t.start))

    def _standard_time(self, t: TimeMention) -> bool:
        """"theo chuẩn nghèo đa chiều giai đoạn 2022-2025" names the poverty standard, not the
        time of the figure."""
        if t.kind != "period":
            return False  # "theo chuẩn nghèo … của TP Hà Nội năm 2016": the year of the survey
        hit = self.c.standard_of_time.last(self.key, max(0, t.start - 60), t.start)
        return hit is not None and not re.search(r"[\d,;:.()]", self.key[hit.end:t.start])

    def _dateline(self, sent: _Sentence, sent_times) -> bool:
        """A line that only dates the page ("04:39 PM 27/07/2024", "(Cập nhật lúc: …)"); a heading
        such as "Mục tiêu năm 2025:" names a year for what follows, it dates nothing."""
        if not any(t.date or t.kind == "clock" for t in sent_times):
            return False
        rest = self.key[sent.start:sent.end]
        for t in sorted(sent_times, key=lambda t: -t.start):
            rest = rest[:t.start - sent.start] + rest[t.end - sent.start:]
        rest = re.sub(r"\d+:\d+(?::\d+)?|\b[ap]m\b", " ", rest)
        return len(re.findall(r"[^\W\d_]+", rest)) < 4

    def _in_parens(self, sent: _Sentence, pos: int) -> bool:
        seg = self.key[sent.start:pos]
        return seg.count("(") > seg.count(")")

    def _clause_start(self, sent: _Sentence, pos: int) -> int:
        i = max(self.key.rfind(";", sent.start, pos), self.key.rfind(":", sent.start, pos))
        return i + 1 if i >= 0 else sent.start

    def _clause_end(self, sent: _Sentence, pos: int) -> int:
        ends = [i for i in (self.key.find(";", pos, sent.end), self.key.find(":", pos, sent.end)) if i >= 0]
        return min(ends) if ends else sent.end

    def _short_right(self, pos: int, limit: int) -> int:
        m = _MARK.search(self.key, pos, limit)
        return m.start() if m else limit

    def _bank(self, sent: _Sentence) -> bool:
        """The sentence speaks of the Social Policy Bank: by name, or as "chi nhánh" once named."""
        k, c = self.key, self.c
        if c.credit_bank.first(k, sent.start, sent.end) is not None:
            return True
        return self.bank_at is not None and self.bank_at < sent.start and \
            c.credit_bank_self.first(k, sent.start, sent.end) is not None

    def _change_verb(self, start: int, end: int):
        """The last change verb (down/up) in ``key[start:end]``; level words do not count."""
        hits = [h for h in self.c.changes.all(self.key, start, end) if h.label in ("down", "up")]
        return max(hits, key=lambda h: (h.end, h.end - h.start)) if hits else None

    # --- main --------------------------------------------------------------------------------
    def build(self) -> list[Draft]:
        out: list[Draft] = self.done
        ctx = Context()
        qi = 0
        quantities = self.quantities
        time_starts = [t.start for t in self.times]  # both sorted by start: bisect, not a scan a sentence
        place_starts = [p.start for p in self.places]
        for sent in self.sentences:
            if sent.paragraph != ctx.paragraph:
                ctx.topic = None
                ctx.paragraph = sent.paragraph
            sent_times = _within(self.times, time_starts, sent.start, sent.end)
            sent_places = _within(self.places, place_starts, sent.start, sent.end)
            if any(t.relation != "compare" for t in sent_times):
                ctx.status = "actual"  # a newly named time opens a new statement
            qs = []
            while qi < len(quantities) and quantities[qi].start < sent.end:
                if quantities[qi].start >= sent.start:
                    qs.append(quantities[qi])
                qi += 1
            # A list under a line ending in ":" ("giải ngân 437,3/612,47 tỷ đồng. Chia theo dự án:")
            # reads its items as more of the figure said before the colon.
            line = self.key[sent.start:sent.end].lstrip()
            if not _LIST_ITEM.match(line) and not line.rstrip().endswith(":"):
                ctx.list_frame = None
            self.list_frame = ctx.list_frame if _LIST_ITEM.match(line) else None
            self._open_group_frame(sent, line, qs, ctx)
            drafts = self._sentence(sent, qs, sent_times, sent_places, ctx)
            if line.rstrip().endswith(":"):
                ctx.list_frame = drafts[-1] if drafts else (out[-1] if out and out[-1].sentence and
                                                            out[-1].sentence[1] >= sent.start - 2 else None)
            out.extend(drafts)
            if not self._is_caption(sent):
                self._carry(sent, sent_times, sent_places, ctx, drafts[0].start if drafts else None)
        return out

    def _open_group_frame(self, sent: _Sentence, line: str, qs, ctx: Context) -> None:
        """The household group a number without one of its own is about: the one a heading names
        ("Về hộ nghèo:"), or, in a sentence that details the one before ("Cụ thể, huyện A giảm
        6,5-7,2%", "Trong đó, khu vực thành thị là 773 hộ"), the one that sentence named."""
        k, c = self.key, self.c
        if not qs and line.rstrip().endswith(":") and len(line.strip()) <= _HEADING_MAX:
            ctx.heading_group = c.household_groups.last(k, sent.start, sent.end)
        self.group_frame = ctx.heading_group
        self.elaborates = ctx.previous is not None and c.elaboration.at(k, sent.start) is not None
        if self.elaborates:
            prev = ctx.previous
            self.group_frame = c.household_groups.last(k, prev.start, prev.end) or self.group_frame
        self.inherited_status = ctx.previous_status if self.elaborates else None

    def _is_caption(self, sent: _Sentence) -> bool:
        """A photo caption opens no time, place, status or group for what follows."""
        return any(s <= sent.start < e for s, e in self.captions)

    def _carry(self, sent, sent_times, sent_places, ctx: Context, first_fact: Optional[int] = None) -> None:
        ctx.previous = sent
        hit = self._status_hit(sent.start, sent.end)
        ctx.previous_status = hit.label if hit is not None else None
        ctxt = [n for n in (self._normal(self._in_year_of(t, ctx.time)) for t in sent_times
                            if t.relation != "compare") if n.year or n.date or n.period]
        if ctxt and self._dateline(sent, sent_times):
            ctxt = []
        if ctxt:
            last = ctxt[-1]
            dated = [t for t in ctxt if t.date]
            last = self._more_specific(last, dated[-1] if dated else self._normal(ctx.time))
            ctx.time = last
        if first_fact is not None or self.key[sent.start:sent.end].rstrip().endswith(":"):
            # a sentence with facts whose status word stands before them, or a heading opening a
            # list ("Mục tiêu năm 2025:"); "giảm 4,42%/năm, vượt chỉ tiêu đề ra là 3%/năm" keeps
            # its target to the number it names
            st = self._status_hit(sent.start, sent.end if first_fact is None else first_fact)
            if st is not None:
                ctx.status = st.label
        for p in sent_places:
            self.last_by_level[p.level] = p
            if p.type:
                self.last_by_type[p.type] = p
        # The subject of a sentence, or "Tại X," sets the topic of the paragraph.
        for p in sent_places:
            head = self.key[sent.start:p.start]
            if len(head) < 40 and (self.c.place_topic.last(self.key, sent.start, p.start) is not None
                                   or re.fullmatch(r"[^,;]*,\s*|\s*", head)):
                ctx.topic = p
                break

    def _sentence(self, sent: _Sentence, qs: list[Quantity], sent_times, sent_places, ctx: Context) -> list[Draft]:
        drafts: list[Draft] = []
        prev_end = sent.start
        for q in qs:
            if any(t.start <= q.start < t.end for t in sent_times):
                prev_end = q.end
                continue
            made = self._read(sent, q, prev_end, drafts)
            prev_end = q.end
            if not made:
                continue
            st = self._status(sent, q.start, ctx)
            aside = _ASIDE.match(self.key, q.end, min(sent.end, q.end + 20))
            if aside is not None:  # "4,12% (ước cuối năm 2024)": the status said with the number
                own = self._status_hit(aside.start(), aside.end())
                st = own.label if own is not None else st
            where = self._where(sent, q.start, sent_places, ctx)
            when = self._when(sent, q.start, sent_times, ctx)
            near = aside.end() if aside is not None else q.end + 2
            right_time = [t for t in sent_times if q.end <= t.start <= near and t.relation is None]
            own_point = None  # "18,4% (cuối năm 2021)": the time said with the number has the last word
            if right_time and q.unit and q.unit.startswith("%"):
                rt = right_time[0]
                own_point = rt.point
                if rt.year is None and rt.period is None and rt.date is None and when is not None:
                    rt = replace(rt, year=when.year)
                when = rt
            yearly = self.c.yearly_average.last(self.key, max(sent.start, q.start - 40), q.start)
            standard = self._standard(sent, q.end)
            for d in made:
                if standard and d.indicator in ("poverty_rate", "poor_households", "near_poverty_rate",
                                                "near_poor_households") and "standard" not in d.attributes:
                    d.attributes = {**d.attributes, "standard": standard}
                d.status = st
                d.location = where
                d.sentence = (sent.start, sent.end)
                d.in_parens = self._in_parens(sent, d.start)
                if yearly is None and when is not None:
                    d.year, d.date, d.period = when.year, when.date, when.period
                    if d.kind == "level" and (d.point is None or own_point):
                        d.point = own_point or when.point
                elif yearly is None and st == "actual" and self.published:
                    d.year = int(self.published[:4])  # no time said: the present, the article's year
                if d.kind == "change" and yearly is None and d.period is None and d.year is not None:
                    base = self._compared_year(sent, q, sent_times)
                    if base is not None and base < d.year:
                        d.period = (base, d.year)  # "giảm 3.450 hộ so với năm 2021"
                if d.kind != "level":
                    d.point = None
                drafts.append(d)
        self._populations(drafts)
        return drafts

    def _compared_year(self, sent: _Sentence, q: Quantity, sent_times) -> Optional[int]:
        """The year a change is measured against: "so với năm 2021" in the number's clause, after
        it first."""
        lo, hi = self._clause_start(sent, q.start), self._clause_end(sent, q.end)
        cmp_ = [t for t in sent_times if t.relation == "compare" and t.year and lo <= t.start < hi]
        after = [t for t in cmp_ if t.start >= q.end]
        if after:
            return after[0].year
        before = [t for t in cmp_ if t.end <= q.start]
        return before[-1].year if before else None

    def _standard(self, sent: _Sentence, pos: int) -> Optional[str]:
        """The poverty standard named in the sentence before the number, if any."""
        hit = self.c.standards.last(self.key, sent.start, pos)
        return hit.label if hit is not None else None

    # --- status, time, place -----------------------------------------------------------------
    def _status_hit(self, start: int, pos: int):
        nots = self.c.status_not.all(self.key, start, pos)
        hits = [h for h in self.c.status.all(self.key, start, pos)
                if not any(n.start <= h.start and h.end <= n.end for n in nots)]
        # the future tense ("sẽ") says target only where no other status word does
        strong = [h for h in hits if h.label != "future"]
        hit = max(strong or hits, key=lambda h: (h.end, h.end - h.start)) if hits else None
        if hit is not None and hit.label == "future":
            hit = replace(hit, label="target")
        if hit is not None and hit.label == "target" and \
                self.c.plan_results.ends_at(self.key, max(0, hit.start - 25), hit.start) and \
                not _NAMES_VALUE.fullmatch(self.key, hit.end, pos):
            # "đạt và vượt mục tiêu": a result; but in "vượt chỉ tiêu đề ra là 3%/năm" the number
            # is the target's own value
            return replace(hit, label="actual")
        return hit

    def _status(self, sent: _Sentence, pos: int, ctx: Context) -> str:
        hit = self._status_hit(sent.start, pos)
        if hit is not None:
            return hit.label
        return self.inherited_status or ctx.status

    def _normal(self, t: Optional[TimeMention]) -> Optional[TimeMention]:
        """Dates give their year; "9 tháng năm 2025" ends in month 9; a day or month with no year
        said before it is the latest such date not after the article's."""
        if t is None:
            return None
        t = anchored(t, self.published)
        if t.date is None and t.kind == "months_of_year" and t.year and t.months:
            t = replace(t, date=f"{t.year}-{t.months:02d}")
        if t.date is None and t.kind == "quarter" and t.year and t.quarter:
            t = replace(t, date=f"{t.year}-{3 * t.quarter:02d}")  # "quý II/2012": as of its last month
        if t.year is None and t.date:
            t = replace(t, year=int(t.date[:4]))
        return t

    @staticmethod
    def _in_year_of(t: TimeMention, base: Optional[TimeMention]) -> TimeMention:
        """A day or month without a year ("đến hết tháng 6") in the year said before, if any."""
        if t.month is not None and t.year is None and t.offset is None and base is not None and base.year:
            return replace(t, year=base.year)
        return t

    def _more_specific(self, t: TimeMention, base: Optional[TimeMention]) -> TimeMention:
        """A plain year after a date of that year keeps the date ("đến 30/9/2024, … năm 2024")."""
        if base is not None and base.date and t.kind == "year" and t.year and base.date.startswith(str(t.year)):
            return base
        if base is not None and base.date and t.relation == "until" and t.kind == "relative":
            return base  # "đến nay": as of the date said before
        return t

    def _when(self, sent: _Sentence, pos: int, sent_times, ctx: Context) -> Optional[TimeMention]:
        t = self._when_raw(sent, pos, sent_times, ctx)
        if t is not None:
            earlier = [b for b in sent_times if b.end <= t.start and b.date] or ([ctx.time] if ctx.time else [])
            t = self._more_specific(self._normal(t), self._normal(earlier[-1]) if earlier else None)
        return self._normal(t)

    def _when_raw(self, sent: _Sentence, pos: int, sent_times, ctx: Context) -> Optional[TimeMention]:
        before = [t for t in sent_times if t.end <= pos and t.relation != "compare"]
        if before:
            t = before[-1]
            if t.year is None and t.period is None and t.date is None:
                # "đến cuối năm còn 242 hộ": the year is the one said before
                prior = [b for b in before[:-1] if b.year or b.period]
                base = prior[-1] if prior else ctx.time
                if base is not None:
                    t = replace(t, year=base.year, period=base.period if not base.year else None)
            return t
        if ctx.time is not None:
            return ctx.time
        after = [t for t in sent_times if t.start >= pos and t.relation != "compare"]
        return after[0] if after else None

    def _where(self, sent: _Sentence, pos: int, sent_places, ctx: Context) -> Optional[PlaceMention]:
        before = [p for p in sent_places if p.end <= pos]
        ref = self._place_ref(sent.start, pos, sent_places)
        named = before[-1] if before else None
        if ref is not None and (named is None or ref.start > named.end):
            # "toàn huyện", "tỉnh ta": the last unit of that level, or the article's own
            level = ref.label
            if level == "province":
                if self.default_province is not None:
                    return self.default_province
                guess = named or ctx.topic or self.default_place
                return guess if guess is not None and guess.level == "province" else None
            if level == "country":
                return COUNTRY
            typ = self.c.place_types.last(self.key, ref.start, ref.end)
            word = typ.label if typ is not None else None
            cand = self.last_by_type.get(word) or self.last_by_level.get(level)
            if named is not None and named.level == level and (named.type in (None, word)):
                cand = named
            if cand is not None:
                return cand
        if named is not None:
            return named
        if ctx.topic is not None:
            return ctx.topic
        return self.default_place

    def _place_ref(self, start: int, pos: int, places):
        """The last generic place word ("toàn huyện", "tỉnh") before ``pos`` that points back
        to one unit; "các huyện", "cấp huyện", "huyện nghèo" point to none."""
        k, c = self.key, self.c
        whole, reach = [], -1
        for ref in c.place_refs.all(k, start, pos):
            if ref.end > reach:  # not "xã" in "toàn thị xã": the whole word speaks
                whole.append(ref)
                reach = ref.end
        for ref in reversed(whole):
            lo = max(0, ref.start - 8)
            before = k[lo:ref.start].rstrip()
            if before[-1:].isdigit() or c.place_ref_not_before.ends_at(k, max(0, ref.start - 12), ref.start):
                continue  # "3 huyện", "các huyện"
            if before.endswith(",") and c.place_types.ends_at(k, max(0, lo - 12), lo + len(before) - 1):
                continue  # "tỉnh, huyện": a list of levels
            comma = _COMMA.match(k, ref.end)
            if c.place_ref_not_after.at(k, ref.end) or (comma and c.place_types.at(k, comma.end())):
                continue  # "huyện nghèo", "huyện, thị xã"
            if any(p.start <= ref.start < p.end for p in places):
                continue
            return ref
        return None

    # --- what the number measures ------------------------------------------------------------
    def _read(self, sent: _Sentence, q: Quantity, prev_end: int, drafts: list[Draft]) -> list[Draft]:
        k = self.key
        c = self.c
        left_start = max(prev_end, self._clause_start(sent, q.start))
        clause_start = self._clause_start(sent, q.start)
        clause_end = self._clause_end(sent, q.end)
        right_short = self._short_right(q.end, clause_end)
        unit = q.unit
        if unit is None or unit in ("times",):
            return []
        if c.not_fact_before.ends_at(k, sent.start, q.qualifier_start or q.start):
            return []
        if c.not_fact_subjects.last(k, left_start, q.qualifier_start or q.start) or \
                c.not_fact_after.at(k, q.end, right_short):
            return []  # overdue debt, interest, "100% mệnh giá thẻ": outside the contract
        frame = self._frame_of(q, drafts) if drafts else self.list_frame
        kind, sign, point = self._kind(sent, q, prev_end, frame)
        value, rng = q.value, q.range
        base = dict(value=value, range=rng, bound=q.bound, start=q.start, end=q.end)

        def draft(indicator, unit_out, kind_=None, **kw) -> Draft:
            kd = kind_ or kind
            v, r = base["value"], base["range"]
            if kd == "change":
                v, r = _signed(v, r, sign)
            return Draft(indicator=indicator, kind=kd, value=v, range=r, unit=unit_out, bound=base["bound"],
                         start=kw.pop("start", base["start"]), end=kw.pop("end", base["end"]),
                         point=point if kd == "level" else None, **kw)

        # Money -------------------------------------------------------------------------------
        if unit.startswith("VND"):
            if c.poverty_line.last(k, clause_start, q.start) or \
                    c.income_ceiling_after.first(k, q.end, min(clause_end, q.end + 40)):
                return []  # a poverty line is nobody's income
            if any(part not in _PER_PERSON_OR_TIME for part in unit.split("/")[1:]):
                return []  # a norm per house, household, project …: no total, no income per person
            if frame is not None and frame.indicator == "income_per_capita" and (
                    kind == "change" or (unit == "VND" and not self._money_cue(prev_end, q.start)
                                         and not c.comparison.last(k, prev_end, q.start))):
                return [draft("income_per_capita", frame.unit if kind == "change" else "VND")]
            if "/person" in unit or c.income.last(k, left_start, q.start):
                if c.income.last(k, sent.start, q.start) or "/person" in unit:
                    # "thu nhập của hộ nghèo tăng từ 9,5 triệu đồng": whose income
                    whose = c.beneficiary_groups.last(k, clause_start, q.start)
                    return [draft("income_per_capita", unit, population=whose.label if whose else None)]
                return []
            measure = c.credit_measures.last(k, clause_start, q.start)
            colon = k.rfind(":", sent.start, q.start)
            if measure is None and colon > sent.start and \
                    not c.funding.last(k, clause_start, q.start) and not c.disbursed.last(k, clause_start, q.start):
                # "doanh số cho vay cao như: Hải Hậu đạt 12 tỷ đồng; Ý Yên …": the items of a
                # list are of the measure named before its colon
                measure = c.credit_measures.last(k, sent.start, colon)
            own = c.credit_own.last(k, clause_start, q.start)
            if measure is not None and (own is not None or self._bank(sent)):
                return [draft("credit", "VND", attributes={"measure": measure.label},
                              population=self._borrowers(max(measure.start, left_start), q.start))]
            if frame is not None and frame.indicator == "credit" and prev_end > clause_start and \
                    not c.funding.last(k, prev_end, q.start):
                return [draft("credit", "VND", attributes=dict(frame.attributes))]
            disb = c.disbursed.last(k, clause_start, q.start)
            fund_hit = c.funding.last(k, clause_start, q.start)
            # an item of a list of disbursements ("- Dự án 2: 38,2/61,5 tỷ đồng") is one too
            listed = disb is None and fund_hit is None and frame is not None and frame is self.list_frame \
                and frame.indicator in _DISBURSEMENT
            if listed or disb is not None and (fund_hit is None or fund_hit.start < disb.start or
                                               not c.allocation.first(k, disb.end, q.start)):
                out = [draft("disbursed", "VND", end=q.num_end if q.denominator else q.end)]
                if q.denominator is not None:
                    out[0].value = _signed(q.value, None, sign)[0] if kind == "change" else q.value
                    d = q.denominator
                    out.append(Draft("funding", "level", d.value, None, "VND", "exact", d.start, d.end,
                                     attributes={"source": "total"}))
                return out
            if fund_hit is not None or c.funding.last(k, sent.start, q.start) or c.funding.first(k, q.end, right_short):
                attrs = {}
                src = c.funding_sources.last(k, left_start, q.start) or c.funding_sources.first(k, q.end, right_short)
                if src is not None:
                    attrs["source"] = src.label
                elif c.breakdown.at(k, _OPENING.match(k, q.end).end()):
                    attrs["source"] = "total"  # "85,6 tỷ đồng, trong đó …": the whole
                purpose = c.funding_purposes.first(k, q.end, self._clause_end(sent, q.end)) or \
                    c.funding_purposes.last(k, clause_start, q.start)
                if purpose is not None:
                    attrs["purpose"] = purpose.label
                if q.denominator is not None:
                    return [draft("funding", "VND", end=q.num_end, attributes=attrs),
                            Draft("funding", "level", q.denominator.value, None, "VND", "exact",
                                  q.denominator.start, q.denominator.end, attributes={"source": "total"})]
                return [draft("funding", "VND", attributes=attrs)]
            return []

        # Percentages ---------------------------------------------------------------------------
        if unit in ("%", "pp") or unit.startswith("%/"):
            return self._percent(sent, q, prev_end, left_start, clause_start, clause_end, right_short,
                                 frame, drafts, draft, kind)

        # Counts --------------------------------------------------------------------------------
        if unit in AREA_UNITS:
            area_end = self._item_end(q.end, clause_end)
            exit_ = c.poor_area_exit.first(k, q.end, clause_end)
            if exit_ is not None and re.search(r"\d", k[q.end:exit_.start]):
                exit_ = None  # the exit belongs to a later number
            if c.poor_area.first(k, q.end, area_end) or c.poor_area.ends_at(k, left_start, q.start) or \
                    (q.counter and c.poor_area.at(k, q.end - len(q.counter))) or \
                    (exit_ is not None and exit_.start - q.end < 20):
                if exit_ is not None:
                    out = [Draft("poor_areas", "change", -abs(q.value), None, unit, q.bound, q.start,
                                 q.num_end if q.denominator is not None else q.end)]
                    if q.denominator is not None:
                        out.append(Draft("poor_areas", "level", q.denominator.value, None, unit, "exact",
                                         q.denominator.start, q.denominator.end))
                    return out
                return [draft("poor_areas", unit)]
            return []
        if unit in PROJECT_UNITS:
            cat = c.project_counter_category.get(unit)
            if unit == "works":
                hit = c.project_categories.last(k, left_start, q.start)
                cat = hit.label if hit is not None and hit.label in ("maintenance", "infrastructure") else cat
            elif cat is None:
                hit = c.project_categories.first(k, q.end, right_short) or \
                    c.project_categories.last(k, left_start, q.start)
                cat = hit.label if hit is not None else "other"
            return [draft("projects", "projects", kind_="level" if kind != "change" else "change",
                          attributes={"category": cat})]
        if unit in BENEFICIARY_UNITS:
            return self._count(sent, q, prev_end, left_start, clause_start, clause_end, right_short,
                               frame, draft)
        return []

    def _borrowers(self, start: int, end: int) -> Optional[str]:
        """The borrower group of a bank amount ("cho vay hộ nghèo đạt 92.497 triệu đồng")."""
        hit = self.c.beneficiary_groups.last(self.key, start, end)
        if hit is None:
            hit = self.c.populations.last(self.key, start, end)
            if hit is not None and hit.label not in ("ethnic_minority", "poor_communes", "poor_districts"):
                hit = None
        return hit.label if hit is not None else None

    def _previous_quantity_unit(self, q: Quantity) -> Optional[str]:
        i = bisect_left(self.q_starts, q.start)
        return self.quantities[i - 1].unit if i > 0 else None

    def _money_cue(self, start: int, end: int) -> bool:
        """Words that name money other than income between ``start`` and ``end``."""
        k, c = self.key, self.c
        return any(cue.last(k, start, end) is not None
                   for cue in (c.funding, c.disbursed, c.credit_measures, c.credit_bank))

    def _kind(self, sent: _Sentence, q: Quantity, prev_end: int, frame: Optional[Draft]):
        """(kind, sign, point): change with its sign, or level (with start/end for "từ A xuống B")."""
        k = self.key
        c = self.c
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        seg_start = max(prev_end, sent.start)
        # "giảm từ A xuống còn B", "giảm từ 9,86% đầu năm 2022 xuống còn 3,12%"
        if c.from_word.ends_at(k, seg_start, q.start) and q.range is None:
            to = c.to_words.first(k, q.end, min(len(k), q.end + 45))
            gap = _BRACKETS.sub(lambda m: " " * len(m.group()), k[q.end:to.start]) if to is not None else ""
            if to is not None and to.label == "end" and len(gap.strip()) <= 30 and not _LIST_BREAK.search(gap):
                return "level", None, "start"
        to = c.to_words.ends_at(k, seg_start, qs)
        if to is not None and to.label != "open":
            return "level", None, "end" if to.label == "end" or (frame is not None and frame.point == "start") else None
        words = [h for h in c.changes.all(k, seg_start, qs) if h.label != "not"]
        verdict = max(words, key=lambda h: (h.end, h.end - h.start)) if words else None
        # a change word inside a longer non-change word ("giảm nghèo") does not count
        if verdict is not None and verdict.label in ("down", "up"):
            for h in c.change_not.all(k, seg_start, qs):
                if h.start <= verdict.start and h.end >= verdict.end:
                    verdict = None
                    break
        if verdict is not None and verdict.label in ("down", "up"):
            return "change", (-1 if verdict.label == "down" else 1), None
        if verdict is None or verdict.label == "level":
            noun = c.change_nouns.last(k, self._clause_start(sent, q.start), qs)
            if noun is not None and q.unit and q.unit.startswith("%") and \
                    not _DIGIT.search(k, noun.end, qs):
                return "change", -1, None  # "tỷ lệ giảm hộ nghèo của 30 xã bãi ngang là 2,82%"
        if q.unit == "%/year" and (verdict is None or verdict.label == "level"):
            # "chỉ tiêu đề ra là 3%/năm", "bình quân tỷ lệ giảm nghèo đạt 5,02%/năm": a rate a year
            # is a yearly change; down unless the clause says up
            up = self._change_verb(self._clause_start(sent, q.start), qs)
            return "change", (1 if up is not None and up.label == "up" else -1), None
        if frame is not None and frame.kind == "change" and verdict is None and \
                c.equivalent.ends_at(k, seg_start, qs) is not None:
            # "giảm 6,5-7,2% (tương ứng 840-930 hộ)": the same change said in other units
            sign = -1 if (frame.value is not None and frame.value < 0) or (
                frame.range is not None and frame.range[1] <= 0) else 1
            return "change", sign, None
        breakdown = c.breakdown.first(k, sent.start, qs)
        if frame is not None and frame.kind == "change" and verdict is None and self._same_family(frame, q):
            between = k[frame.end:qs]
            own = c.household_groups.last(k, seg_start, qs)
            same_topic = own is None or frame.group is None or own.label == frame.group or \
                self.c.indicators_by_group.get(own.label, {}).get("rate") == frame.indicator
            # a breakdown after the change ("giảm 2.300 hộ, trong đó 1.200 hộ …"), not one that
            # opened the sentence before it
            split = c.breakdown.first(k, frame.end, qs) is not None
            if (";" in between or "(" in between or "," in between or split) and (same_topic or split):
                # lists and breakdowns keep the change they started with
                sign = -1 if (frame.value is not None and frame.value < 0) or (
                    frame.range is not None and frame.range[1] <= 0) else 1
                if q.sign is not None:
                    sign = q.sign
                return "change", sign, None
        if frame is not None and frame.kind == "change" and breakdown and verdict is not None \
                and verdict.label == "level" and self._same_family(frame, q):
            sign = -1 if (frame.value is not None and frame.value < 0) else 1
            return "change", sign, None
        return "level", None, None

    def _frame_of(self, q: Quantity, drafts: list[Draft]) -> Draft:
        """The figure before ``q`` in its sentence that it reads like: in a list of items after
        ";" ("A 6,5% (840 hộ); B 4,5% (1.070 hộ)"), the last of its own family; else the last."""
        last = drafts[-1]
        if self._same_family(last, q) or ";" not in self.key[last.end:q.start]:
            return last
        same = [d for d in drafts if self._same_family(d, q)]
        return same[-1] if same else last

    @staticmethod
    def _same_family(frame: Draft, q: Quantity) -> bool:
        """Same kind of number: both percents, both money, both counts."""
        def fam(unit):
            if unit is None:
                return None
            if unit.startswith("%") or unit == "pp":
                return "pct"
            if unit.startswith("VND"):
                return "money"
            return "count"
        return fam(frame.unit) == fam(q.unit)

    def _percent(self, sent, q, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft,
                 kind="level"):
        k = self.key
        c = self.c
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        # giải ngân … đạt 62,95% (kế hoạch)
        disb = c.disbursed.last(k, clause_start, qs)
        if disb is not None and not c.rate_words.first(k, disb.end, qs):
            return [draft("disbursement_rate", "%", kind_="level")]
        if self.list_frame is not None and self.list_frame.indicator in _DISBURSEMENT and frame is not None and \
                frame.indicator in ("disbursed", "funding") and c.plan_results.ends_at(k, prev_end, qs):
            return [draft("disbursement_rate", "%", kind_="level")]  # "- Dự án 2: 38,2/61,5 tỷ đồng, đạt 62,1%"
        # "(+5,04%)", "tốc độ tăng trưởng 9,4%" after a credit amount
        growth = c.growth.last(k, max(prev_end, clause_start), qs) is not None
        if frame is not None and frame.indicator == "credit" and prev_end > sent.start and \
                not c.rate_words.last(k, prev_end, qs):
            same = frame.kind == "change" and c.rate_of_previous.ends_at(k, prev_end, qs) is not None
            return [draft("credit", "%", kind_="change" if (kind == "change" or q.sign or growth or same) else "share",
                          attributes=dict(frame.attributes))]
        measure = c.credit_measures.last(k, clause_start, qs)
        if measure is not None and (c.credit_own.last(k, clause_start, qs) or self._bank(sent)):
            return [draft("credit", "%", kind_="change" if (kind == "change" or growth) else "share",
                          attributes={"measure": measure.label})]
        # "…, tăng 12,3% so với năm 2022" after an income
        if frame is not None and frame.indicator == "income_per_capita" and kind == "change":
            return [draft("income_per_capita", "%", kind_="change")]
        # đạt 111,7% chỉ tiêu kế hoạch
        # "vượt 24% kế hoạch" is the excess over the plan, not the share of it achieved
        result = c.plan_results.ends_at(k, max(prev_end, clause_start), qs)
        if result is not None and c.achievement.at(k, q.end, right_short + 1) is not None:
            if result.label == "achieved":
                return [draft("plan_achievement", "%", kind_="level")]
            if result.label == "exceeded":
                return []  # an excess over the plan: no indicator of the contract states it
        # X% hộ nghèo được cấp thẻ BHYT
        subj = c.service_subjects.first(k, q.end, min(clause_end, q.end + 80))
        if subj is not None and subj.start - q.end < 70 and not self._change_verb(max(prev_end, clause_start), qs):
            span_end = self._short_right(subj.end, clause_end)
            span_end = min(clause_end, max(span_end, subj.end + 100))
            seg_end = self._next_item(q.end, clause_end)
            seg_end = max(seg_end, min(clause_end, subj.end + 80))
            verb = c.service_verbs.first(k, subj.end, seg_end)
            svc = c.services.first(k, verb.end if verb else q.end, seg_end)
            neg = c.service_negations.last(k, subj.end, verb.end) if verb is not None else None
            if neg is not None and neg.end >= verb.start - 1:
                # "52,4% hộ nghèo chưa có nhà tiêu": a deprivation of that dimension
                dim = c.deprivation_dimensions.first(k, verb.start, seg_end)
                return [draft("deprivation_rate", "%", kind_="level",
                              attributes={"dimension": dim.label})] if dim is not None else []
            if verb is not None and svc is not None:
                # whose coverage: the group served ("100% hộ nghèo, hộ cận nghèo được cấp thẻ"), or
                # the area or people it is measured in
                grp = c.beneficiary_groups.first(k, q.end, verb.start)
                pop = c.populations.first(k, q.end, verb.end)
                pop = pop.label if pop is not None and pop.label in _AREA_POPULATIONS else (
                    grp.label if grp is not None else None)
                return [draft("service_coverage", "%", kind_="level", attributes={"service": svc.label},
                              population=pop)]
        # chiếm 94,21% tổng số hộ nghèo; trên 94% là hộ nghèo
        share = c.share_of.at(k, q.end, right_short + 20)
        is_group = c.share_is.at(k, q.end, right_short)
        if share is not None or is_group:
            pos = share.end if share is not None else is_group.end
            grp = c.household_groups.at(k, pos)
            if grp is not None and self.c.indicators_by_group.get(grp.label, {}).get("count"):
                ind = self.c.indicators_by_group[grp.label]["count"]
                pop = c.populations.first(k, grp.end, self._short_right(grp.end, clause_end))
                ante = [d for d in drafts if d.group and not d.in_parens and d.indicator == ind]
                left = c.populations.last(k, max(prev_end, clause_start), qs)
                popl = pop.label if pop is not None else (
                    ante[-1].population if ante and ante[-1].population else (left.label if left else None))
                return [draft(ind, "%", kind_="share", population=popl)]
            if share is not None and c.funding.at(k, share.end) is not None or (
                    share is not None and c.funding.first(k, share.end, right_short + 30)):
                src = c.funding_sources.last(k, clause_start, qs)
                return [draft("funding", "%", kind_="share",
                              attributes={"source": src.label} if src is not None else {})]
        # chiếm tỷ lệ 10,1% / bằng 4,47% after a count: the rate of that count's group
        rop = c.rate_of_previous.ends_at(k, max(prev_end, clause_start), qs)
        fund = c.funding.last(k, max(prev_end, clause_start), qs)
        if fund is not None and not c.household_groups.first(k, fund.end, qs) and \
                not c.rate_words.first(k, fund.end, qs) and not c.changes.first(k, fund.end, qs):
            src = c.funding_sources.last(k, max(prev_end, clause_start), qs)
            return [draft("funding", "%", kind_="share",
                          attributes={"source": src.label} if src is not None else {})]
        resp = c.respectively.last(k, clause_start, qs)
        if resp is not None:
            # "… X hộ nghèo và Y hộ cận nghèo, chiếm lần lượt a% và b%": the i-th rate, the i-th count
            counts = [d for d in drafts if d.group and d.indicator.endswith("households") and d.end <= resp.start]
            after = self.quantities[bisect_left(self.q_starts, resp.end):bisect_left(self.q_starts, clause_end)]
            pcts = [x for x in after if x.unit == "%"]
            i = next((n for n, x in enumerate(pcts) if x.start == q.start), None)
            if i is not None and len(counts) >= len(pcts):
                a = counts[len(counts) - len(pcts) + i]
                ind = self.c.indicators_by_group.get(a.group, {}).get("rate")
                if ind:
                    return [draft(ind, "%", kind_="level", population=a.population or "all")]
        if rop is not None:
            ante = [d for d in drafts if d.group and d.indicator.endswith("households") and not d.in_parens]
            if self._in_parens(sent, q.start):  # "(hộ nghèo 29.146 hộ, tỷ lệ 6,63%)": its own count
                ante = [d for d in drafts if d.group and d.indicator.endswith("households")] or ante
            if ante:
                a = ante[-1]
                ind = self.c.indicators_by_group.get(a.group, {}).get("rate")
                if ind:
                    return [draft(ind, "%", kind_="level", population=a.population or "all")]
        # tỷ lệ thiếu hụt việc làm
        dep = c.deprivation.last(k, clause_start, qs)
        if dep is not None:
            dim = c.deprivation_dimensions.first(k, dep.end, min(clause_end, dep.end + 60))
            if dim is not None and dim.end <= qs:
                return [draft("deprivation_rate", "%", kind_="level",
                              attributes={"dimension": dim.label})]
        # the group said right after ("giảm 3,91% hộ nghèo") or nearest before
        grp = c.household_groups.at(k, q.end, right_short + 1)
        rw = c.rate_words.at(k, q.end, right_short + 1) if grp is None else None
        if rw is not None:
            grp = c.household_groups.at(k, rw.end, right_short + 1)
        if grp is None:
            grp = c.household_groups.last(k, max(left_start, clause_start), qs)
        if grp is None:
            grp = c.household_groups.last(k, clause_start, qs)
        if grp is None and frame is None and self.group_frame is not None:
            grp = self.group_frame
        if grp is None and (frame is None or frame.indicator not in RATE_INDICATORS):
            hit = c.rate_words.last(k, sent.start, qs)
            grp = c.household_groups.first(k, hit.end, min(qs, hit.end + 30)) if hit is not None else None
        pop = self._population(sent, q, prev_end, clause_start, right_short)
        if grp is not None:
            ind = self.c.indicators_by_group.get(grp.label, {}).get("rate")
            if grp.label == "escaped":
                # "5.300 hộ thoát nghèo, trên 4%": a fall of the poverty rate
                return [self._escaped_rate(draft, pop)]
            if ind:
                if pop is None and frame is not None and frame.indicator == ind and ";" not in k[frame.end:qs]:
                    pop = frame.population
                return [draft(ind, "%", population=pop)]
        if frame is not None and frame.indicator in RATE_INDICATORS | {"deprivation_rate", "service_coverage",
                                                                    "disbursement_rate"}:
            same_clause = ";" not in k[frame.end:qs] or frame.indicator in RATE_INDICATORS | {"disbursement_rate"}
            if same_clause:
                p = pop or (frame.population if ";" not in k[frame.end:qs] else None)
                return [draft(frame.indicator, "%", population=p, attributes=dict(frame.attributes))]
        # "giảm tỷ lệ … theo chuẩn nghèo": a rate with poverty words in the sentence
        if c.rate_words.last(k, clause_start, qs) and (c.poverty.first(k, sent.start, sent.end)):
            return [draft("poverty_rate", "%", population=pop)]
        return []

    def _escaped_rate(self, draft, pop):
        d = draft("poverty_rate", "%", kind_="change", population=pop)
        if d.value is not None:
            d.value = -abs(d.value)
        return d

    def _item_end(self, pos: int, limit: int) -> int:
        """Where the words about one number end: the next mark or the next number."""
        end = self._short_right(pos, limit)
        i = bisect_left(self.q_starts, pos)
        return min(end, self.q_starts[i]) if i < len(self.q_starts) else end

    def _next_item(self, pos: int, limit: int) -> int:
        """End of one item in a list of "X% …; Y% …" or "X% …, Y% …"."""
        m = _NEXT_ITEM.search(self.key, pos, limit)
        return m.start() if m else limit

    def _population(self, sent, q, prev_end, clause_start, right_short) -> Optional[str]:
        k = self.key
        c = self.c
        hit = c.populations.first(k, q.end, right_short)
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        if hit is None:
            hit = c.populations.last(k, max(prev_end, clause_start), qs)
        if hit is None:
            # "Tại 7 huyện nghèo, tỷ lệ …": the areas named as the clause's frame, even inside the
            # count of them before
            hit = c.populations.last(k, clause_start, qs)
            if hit is not None and hit.label not in ("poor_districts", "poor_communes"):
                hit = None
        return hit.label if hit is not None else None

    def _count(self, sent, q, prev_end, left_start, clause_start, clause_end, right_short, frame, draft):
        k = self.key
        c = self.c
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        unit = q.unit
        counter_start = q.end - len(q.counter or "")
        # group written with the counter: "hộ nghèo", "hộ mới thoát nghèo", "hộ nghèo, hộ cận nghèo"
        if unit == "households" and _AFTER_SLASH.search(k, max(0, q.start - 3), q.start) and \
                self._previous_quantity_unit(q) == "households":
            # "8.112 hộ nghèo/506.184 hộ": the households the count is out of
            return [draft("total_households", "households", kind_="level", group="total")]
        head_hit = c.counter_heads.at(k, counter_start, q.end) if q.counter else None
        head = head_hit.label if head_hit is not None else None
        grp = c.household_groups.at(k, counter_start) if head == "households" else None
        if grp is None and head == "households":
            # "257.085 hộ dân cư", "so với 176.822 hộ dân": all households, the whole
            whole = c.all_households_after.at(k, head_hit.end, right_short + 1)
            grp = Hit(whole.start, whole.end, "total", whole.text) if whole is not None else None
        if grp is None and head is not None:
            grp = c.household_groups.at(k, q.end, right_short + 1)
        bgrp = c.beneficiary_groups.at(k, counter_start)
        if bgrp is None:
            bgrp = c.beneficiary_groups.at(k, q.end, right_short + 1)
        if bgrp is None and head is None:
            # "cho 3.150 người thuộc hộ nghèo, hộ cận nghèo", "nhà ở cho hộ nghèo: 2.000 căn"
            link = c.beneficiary_links.at(k, q.end, right_short)
            bgrp = c.beneficiary_groups.at(k, link.end) if link is not None else None
            if bgrp is None:
                hit = c.beneficiary_before.last(k, clause_start, qs)
                bgrp = c.beneficiary_groups.at(k, hit.end) if hit is not None else None
        seg_end = self._next_item(q.end, clause_end)
        before = c.beneficiary_before.ends_at(k, max(prev_end, clause_start), qs)
        after_verb = c.beneficiary_after.first(k, q.end, min(seg_end, q.end + 80))
        # the parts of a beneficiary count ("thu hút 980 hộ tham gia, trong đó có 412 hộ nghèo")
        benefit_frame = frame is not None and frame.indicator == "beneficiaries" and (
            not c.changes.last(k, max(prev_end, clause_start), qs) or
            (c.breakdown.first(k, frame.end, qs) is not None and not self._change_verb(frame.end, qs)))
        is_benefit = head == "turns" or before is not None or after_verb is not None \
            or benefit_frame or unit in ("cards", "houses")
        if unit in ("households", "turns") and grp is None and not is_benefit:
            # "con số này còn 3.870 hộ": the group of the figure said before
            if c.anaphora.last(k, max(prev_end, clause_start), qs) is not None:
                prior = [d for d in reversed(self.done) if d.group]
                if prior:
                    grp = Hit(qs, qs, prior[0].group, "")
            # bare "hộ": the group named nearest before ("hộ nghèo là 3.365 hộ", "còn 73 hộ")
            grp = grp or c.household_groups.last(k, max(prev_end, clause_start), qs) or \
                c.household_groups.last(k, sent.start, qs) or self.group_frame
        verb = c.changes.last(k, max(prev_end, clause_start), qs)
        verb = verb if verb is not None and verb.label in ("down", "up") else None
        named_benefit = c.benefits.first(k, q.end, self._item_end(q.end, seg_end))
        if is_benefit and not (grp is not None and grp.label in ("escaped", "repoor", "new_poor")
                               and named_benefit is None and not benefit_frame):
            if verb is not None and before is None and not benefit_frame:
                pass  # "giảm 1.200 hộ nghèo vay vốn" is rare; a change verb makes it a count
            else:
                ben = c.benefits.first(k, q.end, clause_end) or c.benefits.last(k, sent.start, qs) or \
                    c.benefits.first(k, q.end, sent.end)
                attrs = {"benefit": ben.label if ben is not None else (frame.attributes.get("benefit", "other")
                                                                       if benefit_frame else "other")}
                if unit == "cards":
                    attrs["benefit"] = "health_insurance"
                elif unit == "houses" and attrs["benefit"] == "other":
                    attrs["benefit"] = "housing"
                pop = bgrp.label if bgrp is not None else None
                if pop is None:  # "1.200 hộ đồng bào dân tộc thiểu số được hỗ trợ"
                    area = c.populations.first(k, counter_start, self._item_end(q.end, seg_end))
                    pop = area.label if area is not None and area.label == "ethnic_minority" else None
                return [draft("beneficiaries", unit, kind_="level", attributes=attrs, population=pop)]
        if unit not in ("households", "turns"):
            return []
        if q.denominator is not None:
            ind = self.c.indicators_by_group.get(grp.label, {}).get("count") if grp else None
            out = []
            if ind:
                out.append(draft(ind, "households", end=q.num_end, group=grp.label))
            d = q.denominator
            out.append(Draft("total_households", "level", d.value, None, "households", "exact", d.start, d.end,
                             group="total"))
            return out
        flow = c.household_flows.at(k, q.end, right_short + 1)
        if flow is not None:
            # "1.726 hộ nghèo rơi vào cận nghèo", "155 hộ rơi vào nghèo": a count of moves
            ind = self.c.indicators_by_group[flow.label]["count"]
            return [draft(ind, "households", kind_="level", group=flow.label)]
        if grp is None:
            return []
        ind = self.c.indicators_by_group.get(grp.label, {}).get("count")
        if not ind:
            return []
        pop = self._population(sent, q, prev_end, clause_start, right_short)
        return [draft(ind, "households", population=pop, group=grp.label)]

    def _populations(self, drafts: list[Draft]) -> None:
        """Rates of the whole say ``all``; a count broken down into groups is the ``all`` part."""
        for i, d in enumerate(drafts):
            if d.population is None and d.indicator in RATE_INDICATORS:
                d.population = "all"
            elif d.population is None and d.indicator.endswith("households") and any(
                    e.indicator == d.indicator and e.population for e in drafts[i + 1:]):
                d.population = "all"
