"""What a number measures: the indicator, unit, population and attributes of each quantity from
the cue words around it. ``_read`` is the gate every number passes (refusals, kind, frame) and
reads projects and table cells itself; counts of poor areas, money, percentages and counts of
households and people go on to ``areas``, ``money``, ``percent`` and ``counts``. The helpers here
serve all of them."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from typing import Optional

import regex

from .. import rxstore
from ..nlp.quantities import foreign_currencies, Quantity
from ..nlp.times import TimeMention
from .cues import Hit
from .tables import YEAR
from .base import _AND_JOIN, _ANY_DIGIT, _LIST_JOIN, _MARK, AREA_UNITS, BENEFICIARY_UNITS, Draft, PROJECT_UNITS, RATE_INDICATORS, _AREA_POPULATIONS, _ASIDE_SPAN, _DIGIT, _NEXT_ITEM, _Sentence, _signed

# between two counts of a list of households: the group's words of the first, then a joint
_LIST_GAP = rxstore.compile(r"(?:\s+[^\W\d_]+){0,3}" + _LIST_JOIN.pattern)
# after the last count of such a list, the words that say whose they all are ("… là người DTTS")
_PEOPLE_AFTER_LIST = rxstore.compile(r"(?:\s+[^\W\d_]+){0,3}?\s+(?:đều\s+)?(?:là|thuộc)\s+(?:người\s+|hộ\s+)?")

# a capitalised name (a place) said right before a number: "Thạnh Phong 5,22%", "Tân Phong 7,93%"
# (a capital is any upper-case letter: "Đồng", "Ứng Hòa", not only the unaccented ones)
_AREA_FRAME_REACH = 20  # characters from "trên địa bàn", "tại" to the poor areas it frames ("trên địa bàn 64 huyện nghèo")
_NAME_BEFORE = regex.compile(r"(?:(?<=\s)|^)(?:\p{Lu}\p{L}*['’]?\p{L}*\s+)*\p{Lu}\p{L}*['’]?\p{L}*\s*(?:tỷ lệ|tỉ lệ|là|:)?\s*$")
_WORDS = rxstore.compile(r"[^\W\d_]+")
_OPENER_COMMA = rxstore.compile(r"\s*(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*,\s*")  # "Ngoài ra, ", "Bên cạnh đó, "
_STOPS = rxstore.compile(r"[\s.,:;]*")
_WHOLE_UNITS = {"households", "people", "students", "houses", "communes", "districts", "villages"}
_COMMA_THOUSANDS = rxstore.compile(r"(\d{1,3}),(\d{3})(?![\d,.])")
_NEXT_LETTER = rxstore.compile(r"[^\S\n]+([^\W\d_])")  # the first letter of the next word
_MARK_AFTER = rxstore.compile(r"\s*(?:[,;.)]|$)")  # a mark (or the end) right after a number


_PEOPLE_LINKS = ("với", "và", "gồm")  # before the people a count of households holds

_SPEAKER_REACH = 40  # characters from a person's title to the verb saying they speak ("ông Mười nói")
_MONEY_INDICATORS = ("funding", "credit", "disbursed")  # what an amount in another currency can be
_JOINT_BEFORE = rxstore.compile(r"\s*(?:,|và)\s*$")  # a list's joint right before its last group


class IndicatorRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` (its state: ``key``, ``c``, the
    sentence helpers)."""

    def _money_beside(self, sent: _Sentence, q: Quantity) -> bool:
        """A sum in đồng other than ``q`` in its sentence or the one before it in its paragraph, and
        after ``q`` a mark or a word that counts nothing."""
        nxt = _MARK_AFTER.match(self.key, q.end)
        if nxt is None and self.c.money_scale_followers.at(self.key, q.end) is None:
            return False
        i = bisect_right(self.sent_starts, sent.start) - 1
        start = self.sentences[i - 1].start if i > 0 and self.sentences[i - 1].paragraph == sent.paragraph else sent.start
        lo = bisect_left(self.q_starts, start)
        for other in self.quantities[lo:bisect_left(self.q_starts, sent.end)]:
            if other is not q and other.unit == "VND":
                return True
        return False

    def _read(self, sent: _Sentence, q: Quantity, prev_end: int, drafts: list[Draft]) -> list[Draft]:
        k = self.key
        c = self.c
        left_start = max(prev_end, self._clause_start(sent, q.start))
        clause_start = self._clause_start(sent, q.start)
        clause_end = self._clause_end(sent, q.end)
        right_short = self._short_right(q.end, clause_end)
        cell = self.table_cells.get(q.start)
        if cell is not None:
            return self._table_cell(q, cell)
        unit = q.unit
        if unit is None and q.value is not None and not q.counter and \
                any(w in c.money_scales for w in k[q.start:q.end].split()):
            # "hộ nghèo 49,746 tỷ; học sinh, sinh viên vay 10,765 tỷ", "23 tỷ 895 triệu vốn sự nghiệp": money
            q = replace(q, unit="VND")
            unit = q.unit
        elif unit is None and q.value is not None and not q.counter and \
                k[q.start:q.end].rsplit(None, 1)[-1] in c.money_scales_beside_money and self._money_beside(sent, q):
            q = replace(q, unit="VND")  # "… 1,5 tỷ đồng, trong đó vốn ngân sách nhà nước là gần 360 triệu"
            unit = q.unit
        if unit in _WHOLE_UNITS and q.value is not None and q.value != int(q.value) and q.range is None:
            m = _COMMA_THOUSANDS.match(q.text)
            if m is None:
                return []  # "2,5 hộ": no count of households
            # "9,077 hộ vay vốn": a thousands comma in the English way (no household is cut in three)
            q = replace(q, value=int(m.group(1)) * 1000 + int(m.group(2)))
        if unit is None and self._bare_count_of_group(q, max(prev_end, sent.start, q.start - 80)):
            q = replace(q, unit="households")  # "số hộ cận nghèo 1.491 (…)": households, said once before
            unit = q.unit
        if unit is None or unit in ("times",) or unit in c.not_fact_units:
            return []
        if c.not_fact_before.ends_at(k, sent.start, q.qualifier_start or q.start) or self._ratio(sent, q) or \
                unit != "%" and not unit.startswith("VND") and c.age_before.ends_at(k, sent.start, q.qualifier_start or q.start):
            # (an age, but not money said after one: "hỗ trợ ăn trưa cho trẻ từ 3-5 tuổi hơn 14 tỷ đồng")
            return []
        if unit == "%" and c.ratio_verbs.ends_at(k, max(prev_end, clause_start), q.qualifier_start or q.start) and \
                c.same_period_after.at(k, q.end, min(clause_end, q.end + 30)) is not None:
            return []  # "bằng 117% so với cùng kỳ": the figure against the year before, said as a ratio
        exceeded = c.plan_results.ends_at(k, max(prev_end, clause_start), q.qualifier_start or q.start)
        against_plan = c.plan_excess_after.at(k, q.end, min(clause_end, q.end + 30)) is not None
        moved = self._change_verb(max(prev_end, clause_start), q.qualifier_start or q.start) if against_plan else None
        if against_plan and (exceeded is not None and exceeded.label == "exceeded" or
                             moved is not None and not k[moved.end:q.qualifier_start or q.start].strip()):
            return []  # "vượt 148 hộ so với kế hoạch", "giảm 0,31% so với kế hoạch": the gap to the plan
        if unit == "%" and c.plan_results.ends_at(k, left_start, q.qualifier_start or q.start) is not None and \
                c.not_fact_subjects.first(k, self._item_start(sent, q.start), q.start) is not None:
            return []  # "Tổng thu ngân sách ước đạt 2.535 tỷ đồng, đạt 198,2% kế hoạch": another plan than ours
        outside = c.not_fact_subjects.last(k, left_start, q.qualifier_start or q.start)
        if outside is not None:
            # (but "tổng sản phẩm xã hội năm sau cao hơn năm trước, thu nhập bình quân đầu người … đạt
            # 55 triệu đồng": a subject of ours opens the number's own part of the clause)
            comma = k.find(",", outside.end, q.qualifier_start or q.start)
            if comma >= 0 and any(cue.first(k, comma, q.qualifier_start or q.start) is not None
                                  for cue in (c.income, c.rate_words, c.household_groups)):
                outside = None
        if outside is not None or c.not_fact_after.at(k, q.end, right_short):
            return []  # interest, the economy, "100% mệnh giá thẻ": outside the contract
        subject = c.not_fact_subjects.last(k, sent.start, q.qualifier_start or q.start) if unit == "%" else None
        if subject is not None and ";" not in k[subject.end:q.start] and \
                c.rate_words.first(k, subject.end, q.start) is None and \
                c.household_groups.first(k, subject.end, min(len(k), q.end + 12)) is None:
            return []  # "tốc độ tăng trưởng GRDP cao như Bắc Giang đạt 13,45%, Hậu Giang là 12,27%": the list's measure
        if unit == "%" and c.repaid_part.ends_at(k, left_start, q.qualifier_start or q.start) is not None:
            return []  # "hộ nghèo hoàn trả 50%": the part of a gift paid back
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
            return self._money(sent, q, unit, prev_end, left_start, clause_start, clause_end, right_short,
                               frame, drafts, draft, kind, sign)
        if unit in foreign_currencies():
            # "vốn vay Ngân hàng Thế giới 150 triệu USD": a programme's money or the bank's in another
            # currency is read as an amount in đồng is, and keeps its own unit (nobody's income); not
            # the economy's ("FDI đạt 31,52 tỷ USD")
            if self.c.economy_money.last(self.key, clause_start, q.start) is not None:
                return []
            out = self._money(sent, q, "VND", prev_end, left_start, clause_start, clause_end, right_short,
                              frame, drafts, draft, kind, sign)
            for d in out:
                if d.unit == "VND":
                    d.unit = unit
            return [d for d in out if d.indicator in _MONEY_INDICATORS]

        # Percentages ---------------------------------------------------------------------------
        if unit in ("%", "pp") or unit.startswith("%/"):
            return self._percent(sent, q, prev_end, left_start, clause_start, clause_end, right_short,
                                 frame, drafts, draft, kind)

        # Counts --------------------------------------------------------------------------------
        if unit in AREA_UNITS:
            return self._areas(sent, q, unit, prev_end, left_start, clause_start, clause_end, right_short,
                               frame, drafts, draft, kind)
        if unit in PROJECT_UNITS:
            if c.programme_parts.at(k, q.end - len(q.counter or ""), right_short + 1) is not None:
                return []  # "5 dự án thành phần" of a programme: its structure, nothing built or run
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

    def _ratio(self, sent: _Sentence, q: Quantity) -> bool:
        """One of the two numbers of a ratio: "cứ 100 hộ …", "… thì có gần 1 hộ tái nghèo"."""
        k, c = self.key, self.c
        qs = q.qualifier_start or q.start
        if c.ratio_words.ends_at(k, sent.start, qs) is not None:
            return True
        r = c.ratio_words.last(k, max(sent.start, qs - 80), qs)
        then = c.ratio_then.last(k, r.end, qs) if r is not None else None
        return then is not None and _ANY_DIGIT.search(k, r.end, then.start) is not None and \
            _ANY_DIGIT.search(k, then.end, qs) is None

    def _escape_after(self, q: Quantity, clause_end: int, strict: bool = False) -> bool:
        """The households counted leave poverty further on in the clause ("hơn 20 nghìn hộ gia đình
        chính thức vượt ngưỡng nghèo"), no percent between ("giúp 267 hộ trong số hơn 400 hộ nghèo
        vươn lên thoát nghèo"); ``strict``, no number at all ("gần 2.000 hộ nghèo, đến nay đã có 344
        hộ thoát nghèo": the 344 left)."""
        k, c = self.key, self.c
        end = min(clause_end, q.end + 80)
        hit = next((h for h in c.household_groups.all(k, q.end, end) if h.label in ("escaped", "escaped_poor_near_poor")), None)
        if hit is not None and c.standing_groups.first(k, max(q.end, hit.start - 8), hit.end) is not None:
            return False  # "2.159 hộ mới thoát nghèo vay vốn": the group helped, not a move out of poverty
        joint = _JOINT_BEFORE.search(k, q.end, hit.start) if hit is not None else None
        if joint is not None and c.household_groups.ends_at(k, q.end, joint.start()) is not None:
            return False  # "3.460 hộ nghèo, cận nghèo, thoát nghèo được hỗ trợ vay vốn": one group of a list
        if hit is not None and any(x.end > hit.start for x in
                                   self.quantities[bisect_left(self.q_starts, q.end):bisect_left(self.q_starts, hit.start)]):
            # "851 hộ nghèo, 1.069 hộ cận nghèo và 5.920 lượt hộ thoát nghèo được vay vốn": the group
            # another count's own noun begins
            return False
        between = _ANY_DIGIT if strict else _DIGIT
        return hit is not None and (not between.search(k, q.end, hit.start) or strict and self._counts_listed(q.end, hit.start)) and \
            c.service_negations.last(k, q.end, hit.start) is None and \
            c.breakdown.first(k, q.end, hit.start) is None  # not "… chưa thoát nghèo", not "… trong đó có 64.000 hộ thoát nghèo"

    def _counts_listed(self, start: int, end: int) -> bool:
        """Only more household counts of a plain list stand between ``start`` and ``end`` ("1.547 hộ
        phụ nữ nghèo, 448 hộ phụ nữ cận nghèo đã thoát nghèo"): what is said after the last is said
        of all."""
        k = self.key
        between = self.quantities[bisect_left(self.q_starts, start):bisect_left(self.q_starts, end)]
        return bool(between) and all(x.unit == "households" and x.denominator is None for x in between) and \
            not any(ch in k[start:end] for ch in ";:()") and self.c.changes.first(k, start, end) is None

    def _table_cell(self, q: Quantity, cell) -> list[Draft]:
        """A number in a table: a household count or rate by its column's headers ("Hộ nghèo" /
        "Tỉ lệ (%)", "Tổng số hộ dân cư")."""
        k, c = self.key, self.c
        grp = rate = None
        for s, e in cell.headers:
            # "Tổng số hộ nghèo và hộ cận nghèo (Hộ)": the group named, not "tổng số hộ"
            hits = sorted(c.household_groups.all(k, s, e), key=lambda h: (h.label != "total", h.end - h.start))
            if hits and (grp is None or hits[-1].label != "total"):
                grp = hits[-1]  # "Tổng số" under a title naming the group: the group's total
            rate = rate or c.rate_words.first(k, s, e) or ("%" in k[s:e] or None)
        if grp is None or q.value is None or q.range is not None:
            return []
        ind = self.c.indicators_by_group.get(grp.label, {}).get("rate" if rate else "count")
        if not ind:
            return []
        # the population of a section ("I. Khu vực thành thị") or of the column ("Thành thị")
        area = c.populations.first(k, *cell.section) if cell.section is not None else None
        if area is None or area.label not in _AREA_POPULATIONS + ("urban", "rural"):
            area = c.populations.first(k, *cell.headers[-1])
        pop = area.label if area is not None and area.label in _AREA_POPULATIONS + ("urban", "rural") else None
        if rate:
            return [Draft(ind, "level", q.value, None, "%", q.bound, q.start, q.end, population=pop or "all")]
        if q.value != int(q.value):
            return []  # "10.98" in a row of households: no count (a typing slip of the table's)
        return [Draft(ind, "level", q.value, None, "households", q.bound, q.start, q.end, group=grp.label,
                      population=pop)]

    def _row_time(self, cell, when):
        """The time of a table's row headed by a year ("2010 | 23,92 | …"): that year."""
        s, e = cell.label
        label = self.key[s:e].strip()
        if YEAR.fullmatch(label):
            return TimeMention(s, e, label, "year", year=int(label))
        return when

    def _row_place(self, cell, where):
        """The place a table's row is about: the unit its label names, else the one in force."""
        s, e = cell.label
        named = [p for p in self.places if s <= p.start < e]
        return named[0] if named else where

    def _whole_broken_down(self, q: Quantity, sent: _Sentence) -> bool:
        """"Huyện An Phú có 45.354 hộ. Trong đó, số hộ nghèo: 6.713": households of no group, then
        split into groups, are all the households of the place."""
        k, c = self.key, self.c
        if q.bound != "exact" or self._change_verb(max(sent.start, q.start - 40), q.start) is not None:
            return False  # "giảm 320 hộ, trong đó …": a change broken down
        # the parts open right after the count: in the next sentence, or with the stop missing
        # ("có 34.162 hộ Trong đó", "có 30.853 hộ .Trong đó")
        # (past the people they hold: "39.984 hộ gia đình với 188.460 nhân khẩu, trong đó …")
        people = self._next_quantity(q.end)
        aside = people is not None and people.unit == "people" and k[q.end:people.start].strip() in _PEOPLE_LINKS
        nxt = _STOPS.match(k, people.end if aside else q.end).end()
        split = c.breakdown.at(k, nxt)
        return split is not None and c.household_groups.first(k, split.end, min(len(k), split.end + 60)) is not None

    def _bare_count_of_group(self, q: Quantity, left_start: int) -> bool:
        """A number with no unit right after a household group ("số hộ cận nghèo 1.491", "hộ nghèo
        thiếu hụt … là 6.312"): a count of that group. Years and codes are no counts."""
        if q.range is not None or q.value is None or q.value != int(q.value) or q.value < 1:
            return False
        if 1900 <= q.value <= 2100 and "." not in q.text:
            return False
        whole = self.c.one_of_after.at(self.key, q.end)
        if whole is not None and _ANY_DIGIT.match(self.key[whole.end:].lstrip()):
            return False  # "xã nghèo … là 1 trong 8 xã điểm": one of a whole
        grp = self.c.household_groups.last(self.key, left_start, q.start)
        if grp is None:
            return False
        between = self.key[grp.end:q.start].strip(" :")
        return between in ("", "là", "có", "còn") or between.endswith((" là", " còn"))

    def _money_near(self, pos: int, limit: int, units: tuple, forward: bool) -> Optional[Quantity]:
        """The nearest quantity whose unit starts with one of ``units``, after ``pos`` and before
        ``limit`` (``forward``), or before ``pos`` and from ``limit`` on."""
        i = bisect_left(self.q_starts, pos)
        step = 1 if forward else -1
        i = i if forward else i - 1
        while 0 <= i < len(self.quantities) and (self.quantities[i].start < limit if forward
                                                  else self.quantities[i].start >= limit):
            if (self.quantities[i].unit or "").startswith(units):
                return self.quantities[i]
            i += step
        return None

    def _next_quantity(self, pos: int) -> Optional[Quantity]:
        i = bisect_left(self.q_starts, pos)
        return self.quantities[i] if i < len(self.quantities) else None

    def _out_of(self, total, start: int) -> bool:
        """The total's words, said from ``start`` on, are the whole a count is out of ("trên tổng
        số …", "… trong tổng số 79.677 hộ"): their own first word or the one right before them."""
        out = self.c.out_of
        return out.at(self.key, total.start, total.end) is not None or \
            out.ends_at(self.key, max(start, total.start - 12), total.start) is not None

    def _group_before(self, start: int, end: int):
        """The household group named last before ``end``, not inside an aside in brackets that
        closes before it ("3,22% (giảm 2.300 hộ, … rơi vào cận nghèo), giảm 0,88%")."""
        k = self.key
        closed = [(m.start(), m.end()) for m in _ASIDE_SPAN.finditer(k, start, end)]
        shut = k.find(")", start, end)
        if shut >= 0 and k.find("(", start, shut) < 0:
            closed.append((start, shut + 1))  # the window opens inside the aside: up to its end
        hits = [h for h in self.c.household_groups.all(k, start, end)
                if not any(a <= h.start and h.end <= b for a, b in closed) and
                not (h.label == "total" and self._out_of(h, start))]  # ("… 3.654 hộ trên tổng số 484.930 hộ
        # dân, … (giảm 1.110 hộ …)": the whole a count was out of is no group of what follows)
        if hits and hits[-1].label == "total":
            # "giảm tỷ lệ hộ DTTS nghèo so với tổng số hộ DTTS toàn tỉnh xuống dưới 15,2%": all
            # households as the base the rate is taken against, not its group
            hits = [h for h in hits if h.label != "total" or self.c.base_before.ends_at(k, start, h.start) is None]
        return max(hits, key=lambda h: (h.end, h.end - h.start)) if hits else None

    def _number_right_after(self, pos: int) -> bool:
        i = bisect_left(self.q_starts, pos)
        return i < len(self.q_starts) and self.q_starts[i] - pos <= 3

    def _quantity_before(self, pos: int) -> Optional[Quantity]:
        """The last quantity that starts before ``pos``."""
        i = bisect_left(self.q_starts, pos)
        return self.quantities[i - 1] if i > 0 else None

    def _previous_quantity(self, q: Quantity) -> Optional[Quantity]:
        return self._quantity_before(q.start)

    def _previous_quantity_unit(self, q: Quantity) -> Optional[str]:
        prev = self._previous_quantity(q)
        return prev.unit if prev is not None else None

    def _money_cue(self, start: int, end: int) -> bool:
        """Words that name money other than income between ``start`` and ``end``."""
        k, c = self.key, self.c
        return any(cue.last(k, start, end) is not None
                   for cue in (c.funding, c.disbursed, c.credit_measures, c.credit_bank))

    def _place_against_plan(self, sent: _Sentence, result: Hit) -> bool:
        """'… vượt kế hoạch cao nhất là huyện Ninh Sơn đạt 167%', 'Thuận Bắc đạt 103%': a place's
        result after a sentence that spoke of the plan."""
        plan = self.c.achievement.last(self.key, sent.start, result.start)
        rate = self.c.rate_words.last(self.key, max(sent.start, result.start - 60), result.start)
        # (a rate word before the plan's is the ranking's subject: "Địa phương có tỷ lệ giảm nghèo vượt
        # kế hoạch cao nhất là huyện Ninh Sơn đạt 167%")
        return _NAME_BEFORE.search(self.clean, max(sent.start, result.start - 60), result.start) is not None and \
            plan is not None and (rate is None or rate.end <= plan.start)

    def _said_again(self, clause_start: int, rop: Hit) -> bool:
        """"tương đương (tỷ lệ)", "tương ứng": the number says again what the one before said."""
        return rop.label.startswith("tương") or \
            self.c.equivalent.ends_at(self.key, clause_start, rop.start) is not None

    def _share_of_scope(self, q, qs: int, clause_start: int, clause_end: int) -> bool:
        """'chiếm 27,22% hộ nghèo của tỉnh': a part of the group of a whole place."""
        k, c = self.key, self.c
        rop = c.rate_of_previous.ends_at(k, clause_start, qs)
        if rop is None or not rop.label.startswith("chiếm"):
            return False
        grp = c.household_groups.at(k, q.end)
        return grp is not None and c.share_scope.at(k, grp.end, min(clause_end, grp.end + 20)) is not None

    def _bare_rate(self, clause_start: int, qs: int) -> bool:
        """A percentage that says nothing of what it measures: right after a bare rate word ("Thấp
        nhất là Quới Điền tỷ lệ 7,69%"), a name in a clause that tells a change or a rate ("Xã giảm
        nhiều nhất là Thạnh Phong 5,22%"), in a clause of a time and a level word only ("Năm 2015,
        chỉ còn khoảng 6,2%"), in one a unit opens ("…; xã Đăk Môn phấn đấu giảm 1,97%"), or in one
        a group of people opens, then its change ("Đặc biệt, vùng đồng bào dân tộc thiểu số giảm mạnh
        từ 26,75% …"); not "tỷ lệ che phủ rừng đạt 76,4%"."""
        k, c = self.key, self.c
        rw = c.rate_words.last(k, clause_start, qs)
        if rw is not None and not k[rw.end:qs].strip(" :"):
            # not "… là 3.548 hộ, chiếm tỷ lệ 0,96%": the rate of a count said before, of its group
            return c.rate_of_previous.ends_at(k, max(clause_start, rw.start - 12), rw.start) is None
        named = _NAME_BEFORE.search(self.clean, max(clause_start, qs - 60), qs)
        if named is not None and (rw is not None or self._change_verb(clause_start, qs) is not None):
            return True
        # a clause of a time and a level word only ("… 8,40% (năm 2014). Năm 2015, chỉ còn khoảng 6,2%")
        times = self.times[bisect_left(self.time_starts, clause_start):bisect_left(self.time_starts, qs)]
        rest, pos = [], clause_start
        for t in times:
            rest.append(k[pos:t.start])
            pos = max(pos, t.end)
        rest.append(k[pos:qs])
        if times and all(w in self.c.bare_level_words for w in _WORDS.findall(" ".join(rest))):
            return True
        # a unit that opens the clause, then its change ("…; xã Đăk Môn phấn đấu giảm 1,97%") or the
        # number right after it ("…; xã Đăk Kroong 1,73%")
        i = bisect_left(self.place_starts, clause_start)
        if i < len(self.places) and self.places[i].end <= qs and (
                not k[clause_start:self.places[i].start].strip(" ,;:") or  # (past an opener: "Ngoài ra, xã …")
                _OPENER_COMMA.fullmatch(k, clause_start, self.places[i].start) is not None):
            p = self.places[i]
            return not k[p.end:qs].strip() or (
                self._change_verb(p.end, qs) is not None and
                not any(x.end <= qs for x in self.quantities[bisect_left(self.q_starts, p.end):bisect_left(self.q_starts, qs)]))
        # or a group of people that opens the clause, then its change ("Đặc biệt, vùng đồng bào dân tộc
        # thiểu số giảm mạnh từ 26,75% năm 2022 xuống 14,43% năm 2024")
        pop = c.populations.first(k, clause_start, qs)
        opener = _OPENER_COMMA.match(k, clause_start, pop.start) if pop is not None else None
        if pop is not None and pop.label in _AREA_POPULATIONS and \
                " ".join(k[opener.end() if opener else clause_start:pop.start].strip(" ,;:").split()) in c.population_heads:
            return self._change_verb(pop.end, qs) is not None and \
                not any(x.end <= qs for x in self.quantities[bisect_left(self.q_starts, pop.end):bisect_left(self.q_starts, qs)])
        return False

    def _escaped_rate(self, draft, pop, indicator="poverty_rate"):
        d = draft(indicator, "%", kind_="change", population=pop)
        if d.value is not None:
            d.value = -abs(d.value)
        return d

    def _listed_benefit(self, sent: _Sentence, q: Quantity, grp) -> bool:
        """An item of a list by place under a heading of people helped ("Địa phương có nhiều gia
        đình được hỗ trợ xây nhà gồm các huyện: Khoái Châu 211 hộ, Ân Thi 224 hộ")."""
        if q.unit not in ("households", "people") or grp is not None or not self._place_item_before(q.start):
            return False
        # "… gồm các huyện: Khoái Châu 211 hộ", "Có 3 địa phương được hỗ trợ nhiều nhất là huyện
        # Trà Cú với 3.890 người; …"
        opener = max(self.key.rfind(":", sent.start, q.start), self.key.rfind(" là ", sent.start, q.start))
        return opener > sent.start and self.c.beneficiary_after.last(self.key, sent.start, opener) is not None

    def _person_named(self, sent: _Sentence, before: Optional[int] = None) -> bool:
        """A person is named in the sentence: a title ("ông", "bà", "gia đình anh") and a capital
        after it, not inside a place's name ("Bà Rịa"), nor one who speaks of the figure before
        ``before`` ("Ông Nguyễn Văn Hoàng - Trưởng Ban Kinh tế … cho biết, … 1,35 tỷ đồng") or after
        it ("“… dư nợ hơn 16 tỷ đồng” - ông Mười nói")."""
        for h in self.c.individual_borrowers.all(self.key, sent.start, sent.end):
            if before is not None and self.c.speech_verbs.first(self.key, h.end, before) is not None:
                continue
            if before is not None and h.start >= before and \
                    self.c.speech_verbs.first(self.key, h.end, min(sent.end, h.end + _SPEAKER_REACH)) is not None:
                continue  # "“Toàn xã có 343 hộ vay vốn … với dư nợ hơn 16 tỷ đồng” - ông Mười nói": who says it after
            i = bisect_left(self.place_starts, h.end) - 1
            if i >= 0 and self.places[i].start <= h.start < self.places[i].end:
                continue
            m = _NEXT_LETTER.match(self.clean, h.end)
            if m is not None and m.group(1).isupper():
                return True
        return False

    def _place_list_after(self, sent: _Sentence, q: Quantity, frame: Optional[Draft]) -> Optional[Draft]:
        """The last figure of the sentence before, when ``q`` opens this one as a place's item
        ("Cao Bằng: 2,35 triệu đồng", "Điện Biên (23,5%)"): a list of more places' figures."""
        if frame is not None:
            return None
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        if not (self._place_item_before(qs) or self._place_item_before(self.key.rfind("(", sent.start, qs), linked=False)):
            return None
        return self._said_before(sent)

    def _relative_change(self, q: Quantity, frame: Optional[Draft], drafts: list[Draft]) -> Optional[Draft]:
        """The count a percent change is of, when the count's start and end said just before give
        that very change ("giảm từ 9.207 hộ xuống còn 5.720 hộ, giảm 37,87%": 5.720 is 37,87% less)."""
        if frame is None or frame.point != "end" or frame.unit not in BENEFICIARY_UNITS | {"VND"} or \
                frame.value is None or q.value is None:
            return None
        start = next((d for d in reversed(drafts) if d.indicator == frame.indicator and d.point == "start"
                      and d.value), None)
        if start is None:
            return None
        change = (frame.value - start.value) / start.value * 100
        return frame if abs(abs(change) - abs(q.value)) < 0.06 else None

    def _item_start(self, sent: _Sentence, pos: int) -> int:
        """Where the item holding ``pos`` starts: after the last ";" before it in its sentence."""
        return max(sent.start, self.key.rfind(";", sent.start, pos) + 1)

    def _said_before(self, sent: _Sentence) -> Optional[Draft]:
        """The last figure of the sentence right before this one, if it gave any."""
        last = self.done[-1] if self.done else None
        if last is None or not last.sentence or sent.start < last.sentence[1]:
            return None
        # (a photo's caption between them is no sentence: "… 2.027 thôn … / <caption> / Trong đó, …")
        return last if sent.start - last.sentence[1] <= 3 or self._captions_only(last.sentence[1], sent.start) else None

    def _captions_only(self, start: int, end: int) -> bool:
        """Nothing but captions and white space between ``start`` and ``end``."""
        pos = start
        while pos < end:
            if self.key[pos].isspace():
                pos += 1
                continue
            span = next((e for s, e in self.captions if s <= pos < e), None)
            if span is None:
                return False
            pos = span
        return True

    def _first_in_sentence(self, sent: _Sentence, q: Quantity) -> bool:
        """``q`` is the sentence's first number."""
        i = bisect_left(self.q_starts, sent.start)
        return i < len(self.quantities) and self.quantities[i] is q

    def _place_item_before(self, pos: int, linked: bool = True) -> bool:
        """A unit named right before ``pos`` ("Cao Bằng 148 xã"), or, ``linked``, before "với"/"có"
        and the number ("huyện Trà Cú với 3.890 người"): an item of a list by place."""
        i = bisect_left(self.place_starts, pos) - 1
        if i < 0:
            return False
        if not linked:
            return 0 <= pos - self.places[i].end <= 2 and not self.key[self.places[i].end:pos].strip()
        return self.c.place_item_link.fullmatch(self.key, self.places[i].end, pos) is not None

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
        join = _AND_JOIN.match(k, q.end, hit.start) if hit is not None else None
        if join is not None and len(k[join.end():hit.start].split()) <= 1:
            # "giảm tỷ lệ hộ nghèo toàn tỉnh dưới 1% và vùng dân tộc thiểu số giảm 3% trở lên": the
            # subject of the next item (after "và" and at most one word), with a number of its own
            nxt = self._next_quantity(hit.end)
            if nxt is not None and nxt.start < sent.end and not _MARK.search(k, hit.end, nxt.start):
                hit = None
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        if hit is None:
            hit = c.populations.last(k, max(prev_end, clause_start), qs)
            rate = c.rate_words.first(k, hit.end, qs) if hit is not None else None
            if rate is not None and c.whole_scope.first(k, rate.end, qs) is not None:
                return None  # "… vùng đồng bào DTTS, năm 2023, tỷ lệ hộ nghèo toàn huyện giảm còn 23,7%"
        if hit is None:
            # "Tại 7 huyện nghèo, tỷ lệ …": the areas named as the clause's frame, even inside the
            # count of them before
            hit = c.populations.last(k, clause_start, qs)
            if hit is not None and hit.label not in ("poor_districts", "poor_communes"):
                hit = None
        if hit is None:
            # "Tỷ lệ … theo khu vực thành thị chiếm 3,29%, trong đó tỷ lệ hộ nghèo 1,44%; …": the
            # area the sentence opened with (before its first figure), or the label of this figure
            # ("…; trong đó khu vực thành thị là: 4.529 hộ"), but not an item's before another
            # figure ("…, khu vực nông thôn chiếm 3,17%; số hộ cận nghèo là 31.615 hộ")
            # "Tổng số hộ nghèo trên địa bàn 64 huyện nghèo … là 259.406 hộ, chiếm 33,63%; tổng số hộ
            # cận nghèo là 116.275 hộ": the poor areas the sentence is framed in, for all its items
            frame = next((h for h in c.populations.all(k, sent.start, qs) if h.label in ("poor_districts", "poor_communes")
                          and c.place_topic.last(k, max(sent.start, h.start - _AREA_FRAME_REACH), h.start) is not None
                          and self._frames_first_item(sent, h)), None)
            item = max(sent.start, k.rfind(";", sent.start, qs) + 1)
            if frame is not None and frame.end <= item and c.populations.last(k, item, qs) is not None:
                frame = None  # "…; tỷ lệ hộ nghèo dân tộc thiểu số còn 12,55%, giảm trên 3,4%": its own
            hit = frame or c.populations.last(k, sent.start, qs)
            if frame is None and hit is not None and (hit.label not in ("urban", "rural") or (
                    bisect_left(self.q_starts, sent.start) < bisect_left(self.q_starts, hit.start) and
                    bisect_left(self.q_starts, hit.end) < bisect_left(self.q_starts, qs))):
                hit = None
        if hit is None and clause_start > sent.start:
            hit = self._series_population(sent, clause_start, qs)
        if hit is None and q.unit == "households":
            hit = self._population_after_list(sent, q)
        return hit.label if hit is not None else None

    def _population_after_list(self, sent, q):
        """The people said once after a list of household counts ("Trong đó 4.712 hộ nghèo, 1.100
        hộ cận nghèo là người DTTS"): of every count of the list."""
        k, last = self.key, q
        while True:
            nxt = self._next_quantity(last.end)
            if nxt is None or nxt.unit != "households" or nxt.start >= sent.end or \
                    not _LIST_GAP.fullmatch(k, last.end, nxt.qualifier_start or nxt.start):
                break
            last = nxt
        if last is q:
            return None
        said = _PEOPLE_AFTER_LIST.match(k, last.end, sent.end)
        return self.c.populations.at(k, said.end(), sent.end) if said is not None else None

    def _frames_first_item(self, sent, hit) -> bool:
        """The areas ``hit`` names stand before the sentence's first figure (but the count of them),
        in the item that gives it ("Tổng số hộ nghèo trên địa bàn 64 huyện nghèo … là 259.406 hộ"),
        not in an item of their own ("Chú trọng … tại các xã có tỷ lệ hộ nghèo cao; …")."""
        inside = self.quantities[bisect_left(self.q_starts, sent.start):bisect_left(self.q_starts, sent.end)]
        first = next((x for x in inside if x.end < hit.start - 1 or x.start >= hit.end), None)
        # (one area, not a list of several: "ở các huyện nghèo, xã đặc biệt khó khăn, vùng đồng bào dân tộc")
        return first is not None and first.start >= hit.end and ";" not in self.key[hit.end:first.start] and \
            self.c.populations.first(self.key, hit.end, first.start) is None

    def _series_population(self, sent, clause_start: int, qs: int):
        """The people the sentence's subject names before its first figure, for a later clause that
        names no subject of its own ("Tỷ lệ hộ nghèo ở các huyện nghèo đã giảm từ 50,97% … xuống còn
        38,2% cuối năm 2013; 32,59% cuối năm 2014; bình quân giảm trên 5%/năm")."""
        k, c = self.key, self.c
        i = bisect_left(self.q_starts, sent.start)
        first = self.quantities[i] if i < len(self.quantities) else None
        if first is None or first.start >= clause_start:
            return None
        hit = c.populations.last(k, sent.start, first.qualifier_start or first.start)
        if hit is None or c.rate_words.first(k, sent.start, hit.start) is None:
            return None
        # (the clause names none: no rate, people, group, unit or whole of its own)
        if c.rate_words.first(k, clause_start, qs) or c.populations.first(k, clause_start, qs) or \
                c.household_groups.first(k, clause_start, qs) or c.place_refs.first(k, clause_start, qs) or \
                not self._same_scope(clause_start, qs):
            return None
        return hit

    def _same_scope(self, start: int, end: int) -> bool:
        """No unit and no word for a whole unit ("toàn tỉnh") between ``start`` and ``end``."""
        return bisect_left(self.place_starts, start) == bisect_left(self.place_starts, end) and \
            self.c.place_refs.first(self.key, start, end) is None

    def _populations(self, drafts: list[Draft]) -> None:
        """Rates of the whole say ``all``; a count broken down into groups is the ``all`` part."""
        for i, d in enumerate(drafts):
            if d.population is None and d.indicator in RATE_INDICATORS:
                d.population = "all"
            elif d.population is None and d.indicator.endswith("households") and any(
                    e.indicator == d.indicator and e.population and e.group == d.group for e in drafts[i + 1:]):
                # (not households out of near-poverty beside those out of poverty: another group)
                d.population = "all"

    def _standard(self, sent: _Sentence, pos: int) -> Optional[str]:
        """The poverty standard named in the sentence before the number, if any."""
        hit = self.c.standards.last(self.key, sent.start, pos)
        return hit.label if hit is not None else None
