"""When: the time of each figure.

A figure takes the time said right after it (its own: "18,4% (cuối năm 2021)", "… 139 hộ cận nghèo
năm 2024"), else the time said before it in its sentence or carried from the sentences before
(``ContextRules._when``); a level said of a span stands at its start or end; with no time said, the
article's date, or in an article of no date the year a change is compared with ("giảm 1,65% so với
năm 2023": the year after), or the one year the article names. Changes get the span they are over
("so với năm 2021", the two levels said before them, the span a yearly average is of). After the
pass, counts of poor areas take the span of the list they belong to, and money for a span that
begins after the article is planned.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Optional

from ..nlp.times import TimeMention

from .base import _STOP_MARK, RATE_INDICATORS, Draft
from .context import _ITEM_JOINT, _NUMBER_THEN_TIME

_SPENT = {"funding", "disbursed", "credit", "beneficiaries", "projects"}  # what a span adds up, no stock at its end
_LIST_SPAN_REACH = 700  # characters from a list's span to the sentence counting its areas (past a sentence on the decision itself)
_YEARS_PAST_REACH = 300  # characters from "5 năm qua" to a figure compared with a year
_YEARS_PAST_MIN, _YEARS_PAST_MAX = 2, 20
# between a figure and a time: an aside in brackets after it, or the rest of the aside it stands in
_AROUND_ASIDE = re.compile(r"\s*(?:%\s*)?(?:\([^()]{0,60}\)|(?:[^\W\d_]+\s+){0,3}[^\W\d_]*\s*\))\s*")
_SPENT_OVER_SPANS = ("funding", "projects", "beneficiaries")  # what a span's plan does, not a stock it counts
_SPAN_JUST_BEGUN = 2  # the last month of a span's first year in which nothing of it is done yet
_LAST_QUARTER = 10  # the first month of a year's last quarter: its end is near enough to report


def _stock(d) -> bool:
    """A rate or a count of households: a stock, said at a point of a span."""
    return d.indicator in RATE_INDICATORS or d.indicator.endswith("_households")


def _compared_year_only(t) -> bool:
    """``t`` is a whole year a figure is compared with ("so với năm 2015"), not a start of one."""
    return t.relation == "compare" and t.kind == "year" and t.point != "start" and not t.date


def recent_as_named(times: list[TimeMention], lead: int) -> list[TimeMention]:
    """"10 năm qua" in an article of 2019 under the title "Giai đoạn 2010 - 2020, Long An vận động …":
    the last N years are the span of N years the title or lead names, ending the year the count ends
    or the year after, not the N years counted back from the article's date."""
    named = [t.period for t in times if t.start < lead and t.period and t.span is None and t.kind == "period"]
    if not named:
        return times
    out = []
    for t in times:
        if t.span and t.period:
            fit = next((p for p in named if p[1] - p[0] == t.span and 0 <= p[1] - t.period[1] <= 1), None)
            if fit is not None:
                t = replace(t, period=fit)
        out.append(t)
    return out


class DatingRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` for the time of a figure (its state:
    ``key``, ``c``, ``times``, ``published`` and its ``pub_year``, ``pub_month``, the article's span and lone year)."""

    def _number_time(self, sent, q, sent_times, ctx, aside):
        """The time in force for the number ``q`` and its own time, the one said with it, if any."""
        when = self._when(sent, q.start, sent_times, ctx)
        if q.start in self.table_cells:
            when = self._row_time(self.table_cells[q.start], when)
        near = aside.end() if aside is not None else q.end + 2
        right_time = [t for t in sent_times if q.end <= t.start <= near and t.relation is None
                      and not _STOP_MARK.search(self.key, q.end, t.start)]  # not "18%; năm 2018 …"
        past_unit = False
        if not right_time or not (q.unit and (q.unit.startswith("%") or
                                              self.key[q.end:q.end + 2].lstrip().startswith("("))):
            # "… từ 26,9% vào cuối năm 2013 xuống còn 23,21% vào cuối năm 2014", "từ 12 triệu
            # đồng/người/năm cuối năm 2015 lên …": a time said right after the figure, past its unit
            nxt = next((t for t in sent_times if t.start >= q.end and t.relation is None), None)
            if nxt is not None and _NUMBER_THEN_TIME.fullmatch(self.key, q.start, nxt.start) is not None and \
                    not _STOP_MARK.search(self.key, q.end, nxt.start) and \
                    (self.c.closing_time.first(self.key, q.end, nxt.start) is not None or self._from_time(nxt) or
                     nxt.kind in ("year", "point") and nxt.year and q.unit == "households" and nxt.start > q.end and
                     _ITEM_JOINT.search(self.key, q.end, nxt.start) is None or
                     # "tăng đáng kể so với mức 40,9 triệu đồng năm 2019": the level compared with, of its year
                     self._compared_level(sent, q)):
                # ("… 139 hộ cận nghèo năm 2024": a count of households and its own year)
                right_time, past_unit = [nxt], True
            elif nxt is not None and nxt.point is not None and self._past_aside(q.end, nxt.start):
                # "giảm từ 56,55% (4.941 hộ nghèo) đầu năm 2016 xuống còn 33,75% (3.553 hộ nghèo) cuối
                # năm 2019": the time after the figure's aside is the figure's, and the aside's count's
                right_time, past_unit = [nxt], True
        own = None  # "18,4% (cuối năm 2021)": the time said with the number has the last word
        if right_time and q.unit and (q.unit.startswith("%") or self.key[q.end:q.end + 2].lstrip().startswith("(")
                                      or past_unit):
            # "18,4% (cuối năm 2021)", "14,38 triệu đồng/người/năm (hết năm 2023)": its own time
            rt = own = right_time[0]
            if rt.year is None and rt.period is None and rt.date is None and when is not None:
                rt = replace(rt, year=when.year)
            when = rt
        return when, own

    def _date(self, d: Draft, q, sent, sent_times, ctx, when, own: Optional[TimeMention], yearly, st: str,
              starts: bool, drafts: list[Draft], made: list[Draft]) -> None:
        """Sets the time of the draft ``d`` of ``q`` (year, date, period, point), and the status a
        time makes (a start reached, a year after the article not reached yet)."""
        own_point = own.point if own is not None else None
        # "Đến nay" in an article with no date dates nothing: the year compared with may
        undated = when is not None and not (when.year or when.date or when.period) and not self.published
        if yearly is None and when is not None and not undated:
            d.year, d.date, d.period = when.year, when.date, when.period
            if d.kind == "level" and (d.point is None or own_point):
                d.point = own_point or when.point
            if d.kind == "level" and d.year is None and d.period is not None:
                # "Trong 5 năm (2016-2020), tỷ lệ hộ nghèo giảm từ 50% xuống còn 25%": a
                # level at the start or the end of the span is of its first or last year
                if d.point == "start":
                    d.year = d.period[0]
                elif d.point == "end" or self.c.to_words.ends_at(self.key, sent.start, q.qualifier_start or q.start) or \
                        _stock(d) and any(x.kind == "level" and _stock(x) and x.period == d.period and
                                          x.year == d.period[1] for x in self.sentence_drafts):
                    # (and the levels said after one at the span's end: "… còn 3.615 hộ nghèo
                    # (chiếm tỷ lệ 1,36%) và 5.762 hộ cận nghèo")
                    d.year = d.period[1]
                elif (st == "actual" or st == "estimate" and d.indicator not in _SPENT) and (
                        not sent.start <= when.start < sent.end or
                        # "Qua 4 năm (2009-2012) triển khai …, toàn tỉnh có 10.535 hộ … được hỗ trợ"
                        # in an article of 2012: what the span came to by its end, a span over
                        self.pub_year and d.period[1] <= self.pub_year):
                    # (an estimate too: "Trong nhiệm kỳ 2015-2020, … Thu nhập bình quân đầu người
                    # ước đạt 40 triệu đồng"; not money spent over the span)
                    # "… giảm cao nhất trong giai đoạn 2016-2019. Toàn tỉnh còn hơn 23.100 hộ
                    # nghèo, chiếm tỷ lệ 5,01%": a stock said after a span the sentences before
                    # opened stands at its end, or now if the span runs past the article
                    now = self.pub_year
                    d.year = min(d.period[1], now) if now else d.period[1]
        elif when is None and self.span is not None and not self.published:
            # no time said, no date known, in a review of "giai đoạn 2016-2020" or of the
            # start of one (its slug)
            d.year, d.period = self.span.year, self.span.period
            if d.kind == "level" and self.span.point:
                d.point = self.span.point
        elif yearly is None and self.published:
            d.year = self.pub_year  # no time said: the present, the article's year
            d.now_dated = True
        elif yearly is None and st in ("actual", "estimate"):
            base = self._compared_time(sent, q, sent_times)
            # no time said, no date known: the article's one year may date it (_lone_year,
            # after the title's twins); an estimate is dated only by the year it is compared with
            # ("Thu nhập bình quân đầu người ước đạt 55,3 triệu đồng, tăng 3,1 triệu đồng so với năm 2021")
            d.undated = base is None and when is None and st == "actual"
            if base is not None:
                # "còn 1,2 triệu hộ nghèo, giảm 1,65% so với năm 2023": the year after; "tăng
                # 3,1 tỷ đồng so với đầu năm 2025", "tăng 98,7 tỷ đồng so với quý I.2018": the
                # same year
                same = base.point == "start" or base.kind in ("quarter", "month", "months_of_year")
                d.year = base.year if same else base.year + 1
                past = self._years_past_before(q.start)
                if past and not same:
                    # "Năm năm qua … Tỉ lệ hộ nghèo còn 15,8%, giảm 35,3% so với năm 2005": the
                    # compared year and the years said past since it
                    d.year = base.year + past
                    if d.kind == "change":
                        d.period = (base.year, d.year)
        elif yearly is not None and when is not None and when.period is not None:
            d.period = when.period  # "từ 2016 - 2019 …, bình quân mỗi năm giảm 5,16%": no year

        if d.year is not None and d.period is None and d.date is None and \
                not (when is not None and sent.start <= when.start < sent.end) and any(
                t.relation == "compare" and t.year == d.year and t.point != "start" and not t.date
                and t.kind == "year" for t in sent_times):
            # "Tỷ lệ hộ nghèo chiếm 1,91% (giảm 0,78% so với năm 2019)" in a text dated by 2019
            # elsewhere: a figure compared with a year is of a later one, the next
            d.year += 1
        if d.kind == "change" and d.period is None and (yearly is not None or (q.unit or "").startswith("%/")):
            # "giảm từ 62,28% cuối năm 2021 xuống còn 43,59% cuối năm 2023, bình quân giảm
            # 9,35%/năm", "giảm 3,64% so với đầu giai đoạn, bình quân 1,21%/năm": the years
            # of the change the average is of, said before it in the sentence
            total = next((x for x in reversed(drafts + made[:made.index(d)]) if x.kind == "change"
                          and x.period and x.start >= sent.start), None)
            years = sorted({t.year for t in sent_times if t.year and t.end <= q.start and not t.period})
            if total is not None:
                d.period = total.period
            elif len(years) >= 2:
                d.period = (years[0], years[-1])
        if d.kind == "change" and yearly is None and d.period is None and d.year is not None:
            # "giảm từ 58,2% năm 2006 xuống còn 27,9% năm 2021, tương đương giảm 30,3%": the
            # change between the two levels said before it, from the first one's year
            ends = [x for x in drafts if x.sentence == d.sentence and x.kind == "level" and
                    x.indicator == d.indicator and x.unit == d.unit and x.year and x.end <= q.start]
            if len(ends) >= 2 and ends[-2].year < ends[-1].year == d.year:
                d.period = (ends[-2].year, d.year)
        if d.kind == "change" and yearly is None and d.period is None and d.year is not None:
            base = self._compared_base(sent, q, sent_times, d.year, ctx)
            if base is not None and base < d.year:
                d.period = (base, d.year)  # "giảm 3.450 hộ so với năm 2021"
        elif d.kind == "change" and yearly is None and d.period is not None and d.date is None and \
                when is not None and not sent.start <= when.start < sent.end:
            # "Giai đoạn 2016-2020 … Hiện nay, toàn tỉnh còn gần 25% hộ nghèo DTTS, giảm gần 21% so
            # với năm 2015": from the year named to the end of the span in force
            base = self._compared_time(sent, q, sent_times)
            if base is not None and _compared_year_only(base) and base.year < d.period[0]:
                d.period, d.year = (base.year, d.period[1]), d.period[1]
        if d.kind == "level" and d.point in ("start", "end") and own is None:
            # "Tỷ lệ hộ nghèo giảm từ 11,4% (đầu năm 2016) xuống 6,92% (năm 2018), hộ cận nghèo giảm
            # từ 8,4% xuống 6,57%": a second move said with no time of its own is over the years of
            # the first, said in the same sentence
            pair = self._dated_move_before(d, drafts)
            if pair is not None:
                twin = pair[0] if d.point == "start" else pair[1]
                d.year, d.date = twin.year, twin.date
        if d.kind != "level":
            d.point = None
        if d.status == "target" and (d.point == "start" or starts):
            d.status = "actual"  # "phấn đấu đưa tỷ lệ từ 11,5% xuống 9%": where it stands now
        if d.status == "actual" and self.published and d.year is not None and \
                d.year > self.pub_year and when is not None and sent.start <= when.start < sent.end:
            # a figure its own sentence dates after the article cannot be a result yet
            d.status = "target"

    @staticmethod
    def _dated_move_before(d: Draft, drafts: list[Draft]):
        """The last move of another indicator said before ``d`` in its sentence, from one level to
        another, each dated by a year of its own: (its start, its end), or None."""
        levels = [x for x in drafts if x.sentence == d.sentence and x.end <= d.start and x.kind == "level" and
                  x.unit == d.unit and x.indicator != d.indicator]
        for a, b in zip(reversed(levels[:-1]), reversed(levels[1:])):
            if a.point == "start" and b.point == "end" and a.indicator == b.indicator and \
                    a.year and b.year and a.year < b.year:
                return a, b
        return None

    def _ahead(self, t) -> bool:
        """``t`` is not reached yet when the article was written: a later year, or the end of its
        own year said before the year's last quarter."""
        if self.pub_month is None or not t.year or t.date:
            return False
        return t.year > self.pub_year or t.year == self.pub_year and t.point != "start" and self.pub_month < _LAST_QUARTER

    def _planned_spans(self, drafts: list[Draft]) -> None:
        """Money, works and help said for a span that begins after the year the article was published
        ("… bố trí cho giai đoạn 2026 - 2030 là 255 tỷ đồng" in 2025), or in the first months of its
        first year ("giai đoạn năm 2022-2025, … cần bố trí 7 dự án … với quy mô 675 hộ, tổng vốn 325 tỷ
        đồng" in January 2022), are planned, not done (a count or rate said "hiện nay" stays)."""
        if not self.published:
            return
        now = self.pub_year
        for i, d in enumerate(drafts):
            if d.status == "actual" and d.indicator in _SPENT_OVER_SPANS and d.period and (d.period[0] > now or d.period[0] == now and
                                                     self.pub_month is not None and self.pub_month <= _SPAN_JUST_BEGUN):
                drafts[i] = replace(d, status="target")

    def _listed_areas_span(self, drafts: list[Draft]) -> None:
        """Counts of poor areas with no span of their own, said in the sentence that names a list of
        them and its span or in a sentence soon after ("Danh sách huyện nghèo … giai đoạn 2021-2025
        … gồm 74 huyện nghèo"): of that span (a year inside it stays; a day, the decision's, goes)."""
        if not self.list_spans:
            return
        last = None  # (the last count given a span, and its span)
        for i, d in enumerate(drafts):
            if d.indicator != "poor_areas" or not d.sentence:
                continue
            if d.period:
                # (a count already of a list's span goes on the chain: "Trong đó, 1.551 xã …")
                same = next((t for t in self.list_spans if t.period == d.period), None)
                last = (d.end, same) if same is not None else last
                continue
            # (the list named before the count, or after it in its sentence: "7 xã … nằm trong danh
            # sách xã đặc biệt khó khăn … giai đoạn 2021 - 2025")
            span = next((t for t in reversed(self.list_spans) if t.start < d.sentence[1] and
                         d.sentence[0] - t.start < _LIST_SPAN_REACH), None)
            if span is None and last is not None and d.start - last[0] < _LIST_SPAN_REACH:
                # the counts that go on listing them ("Trong đó, 1.551 xã … phân bố tại 39 tỉnh, đơn
                # cử như: - Hà Giang: 133 xã; - Cao Bằng: 126 xã; …")
                span = last[1]
            if span is not None:
                last = (d.end, span)
                # (the day a decision approved the list dates no count of it: "Ngày 15/3/2022, …
                # phê duyệt danh sách … giai đoạn 2021 - 2025: … 74 huyện nghèo")
                year = d.year if d.date is None and d.year and span.period[0] <= d.year <= span.period[1] else None
                drafts[i] = replace(d, period=span.period, year=year, date=None)

    def _lone_year(self, drafts: list[Draft]) -> None:
        """Figures with no time in an article of no known date that names one year only ("Ngày 9/4,
        … Toàn phường hiện có 8.027 hộ … Trong quý I năm 2021, …"): of that year."""
        if self.lone_year is None:
            return
        for d in drafts:
            # (not a yearly average: "giảm 1% - 1,5%/năm" is a change with no year)
            if d.undated and not (d.year or d.date or d.period) and not (d.unit or "").startswith("%/"):
                d.year = self.lone_year
                if self.lone_compared and d.kind == "change":
                    d.period = (d.year - 1, d.year)

    def _years_past_before(self, pos: int) -> Optional[int]:
        """The number of years a span said just before ``pos`` counts back from now ("5 năm qua",
        "Năm năm qua"), when no year of its own dates it; None otherwise."""
        i = bisect_left(self.time_starts, pos)
        for t in reversed(self.times[max(0, i - 3):i]):
            if pos - t.end > _YEARS_PAST_REACH:
                break
            if t.kind == "relative" and t.span and t.year is None and t.period is None and \
                    _YEARS_PAST_MIN <= t.span <= _YEARS_PAST_MAX:
                return t.span
        return None

    def _past_aside(self, pos: int, time_start: int) -> bool:
        """Between ``pos`` (a figure's end) and a time only an aside in brackets after the figure, or
        the rest of the aside the figure stands in, and a closing word ("vào") before the time."""
        m = _AROUND_ASIDE.match(self.key, pos, time_start)
        if m is None:
            return False
        if not self.key[m.end():time_start].strip():
            return True
        word = self.c.closing_time.at(self.key, m.end(), time_start)
        return word is not None and not self.key[word.end:time_start].strip()
