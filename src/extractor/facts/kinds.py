"""Level or change, and the sign: from the change verbs, "từ A xuống B", the nouns that name a
fall, rates a year, and the figure before in a list."""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

from .. import rxstore
from ..nlp.quantities import Quantity
from ..text import fold_phrase
from .base import _AND_JOIN, _LIST_JOIN, _PARTS_ASIDE, _colon_list_head, Draft, _BRACKETS, _DIGIT, _LIST_BREAK, _NAMES_THE_CHANGE, _OPENS_LIST, _PLAN_REACHED_VALUE, _SHARE_ASIDE, _Sentence



_YEAR_ITEM = rxstore.compile(r"\s*(?:trong\s+)?năm\s+\d{4}\s*")  # "; năm 2022 " before "là"


_PART_GAP = rxstore.compile(r"[^\d;:.]{0,40}")  # the whole's own words, then the breakdown ("7.270 hộ nghèo (2,19%), trong đó")
_SPAN_TO_REACH = 70  # characters from the start of a span ("từ 2,59%") to its end word ("xuống còn")
_SPAN_GAP_DATED = 60  # characters of words between them when they hold the start's year
_DATED_GAP = rxstore.compile(r"[^\d,.;:]*(?:19|20)\d\d[^\d,.;:]*")  # words and one year, no other number or mark
_SUBJECT_AGAIN = rxstore.compile(r"\s*,?\s*(?:tỷ lệ|tỉ lệ|số hộ|con số|mức)(?:\s+[^\W\d_]+){0,3}\s+")  # the subject said again after a time: "năm 2015 tỷ lệ này "


class KindRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` (its state: ``key``, ``c``, the
    sentence helpers)."""

    def _change_verb(self, start: int, end: int):
        """The last change verb (down/up) in ``key[start:end]``; level words do not count."""
        hits = [h for h in self.c.changes.all(self.key, start, end) if h.label in ("down", "up")]
        return max(hits, key=lambda h: (h.end, h.end - h.start)) if hits else None

    def _spans_to(self, end: int) -> bool:
        """The figure that ends at ``end`` after "từ" is where a span starts: "xuống còn", "đến" or a
        bare "còn" follows it (past an aside in brackets: "giảm từ 52,9% (trong đó: tỷ lệ hộ nghèo là
        38,2%; …) xuống còn 36,91%")."""
        k = self.key
        parts = _PARTS_ASIDE.match(k, end)
        after = parts.end() if parts is not None else end
        to = self.c.to_words.first(k, after, min(len(k), after + _SPAN_TO_REACH))
        if to is None or to.label not in ("end", "level"):
            return False
        gap = _BRACKETS.sub(lambda m: " " * len(m.group()), k[after:to.start])
        gap = _SHARE_ASIDE.sub(lambda m: " " * len(m.group()), gap)  # "từ 3.586 hộ, chiếm 10,74% xuống …"
        # ("từ 0,8% còn 0,52%": a bare "còn" ends the span too; "từ 2,59% theo kết quả tổng điều tra
        # cuối năm 2015 xuống còn …": the survey and year the start is of, no other figure or mark)
        dated = len(gap.strip()) <= _SPAN_GAP_DATED and _DATED_GAP.fullmatch(gap) is not None
        return (len(gap.strip()) <= 30 or dated) and not _LIST_BREAK.search(gap)

    def _in_start_parts(self, sent: _Sentence, qs: int) -> bool:
        """A number in the brackets that break down where a span starts ("giảm từ 52,9% (trong đó:
        tỷ lệ hộ nghèo là 38,2%; tỷ lệ hộ cận nghèo là 14,7%) xuống còn …"): a start too."""
        k = self.key
        opening = k.rfind("(", sent.start, qs)
        if opening < 0 or k.find(")", opening, qs) >= 0 or self.c.breakdown.at(k, opening + 1) is None:
            return False
        whole = self._quantity_before(opening)
        return whole is not None and not k[whole.end:opening].strip() and \
            (self.c.from_word.ends_at(k, sent.start, whole.start) or
             self.c.from_word.ends_at(k, sent.start, whole.qualifier_start or whole.start)) is not None and \
            self._spans_to(whole.end)

    def _listed_under_noun(self, sent: _Sentence, qs: int):
        """The change noun that heads a list opened by a colon, the number one of its items ("… có
        tỷ lệ giảm nghèo cao: Trạm Tấu đạt 7,15% và Mù Cang Chải 7,61%"), but not an item that
        names its own measure ("…: các xã Suối Trai, Krông Pa tỷ lệ hộ nghèo vẫn trên 25%")."""
        noun = _colon_list_head(self.key, self.c.change_nouns, sent.start, qs)
        return noun if noun is not None and self.c.rate_words.first(self.key, noun.end, qs) is None else None

    def _rate_named_between(self, start: int, end: int) -> bool:
        """Only the rate's name (and its scope) between a change word and a number: "giảm tỷ lệ hộ
        nghèo toàn tỉnh dưới 1%"."""
        gap = self.key[start:end]
        rate = self.c.rate_words.at(self.key, start + len(gap) - len(gap.lstrip()))
        return rate is not None and not _DIGIT.search(self.key, start, end) and \
            not any(ch in gap for ch in ",;(") and self.c.changes.first(self.key, rate.end, end) is None

    def _part_of_change(self, sent: _Sentence, qs: int) -> int:
        """The sign of the change of households a breakdown before ``qs`` details ("giảm được 7.270
        hộ nghèo (2,19%), trong đó có 3.031 hộ nghèo Khmer", "phấn đấu giảm 681 hộ, trong đó 557 hộ
        nghèo và 124 hộ cận nghèo"): its parts fell or rose as it did; 0 when there is none."""
        k = self.key
        part = self.c.breakdown.last(k, sent.start, qs)
        if part is None or ";" in k[part.end:qs] or \
                any(h.label in ("down", "up") for h in self.c.changes.all(k, part.end, qs)):
            return 0
        i = bisect_left(self.q_starts, part.start)
        gap_end = part.start
        while i > 0 and self.quantities[i - 1].unit == "%" and self.quantities[i - 1].start >= sent.start:
            if not _PART_GAP.fullmatch(k, self.quantities[i - 1].end, gap_end):
                return 0
            gap_end = self.quantities[i - 1].start  # (past the rate said with it in brackets)
            i -= 1
        whole = self.quantities[i - 1] if i > 0 else None
        if whole is None or whole.start < sent.start or whole.unit != "households" or \
                not _PART_GAP.fullmatch(k, whole.end, gap_end):
            return 0
        before = self.quantities[i - 2].end if i > 1 and self.quantities[i - 2].end > sent.start else sent.start
        kind, sign, _ = self._kind(sent, whole, before, None)
        return sign if kind == "change" and sign else 0

    def _kind(self, sent: _Sentence, q: Quantity, prev_end: int, frame: Optional[Draft]):
        """(kind, sign, point): change with its sign, or level (with start/end for "từ A xuống B")."""
        k = self.key
        c = self.c
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        seg_start = max(prev_end, sent.start)
        # "giảm từ A xuống còn B", "giảm từ 9,86% đầu năm 2022 xuống còn 3,12%"
        if (c.from_word.ends_at(k, seg_start, q.start) or c.from_word.ends_at(k, seg_start, qs)) and q.range is None \
                and self._spans_to(q.end):
            return "level", None, "start"
        if self._in_start_parts(sent, qs):
            return "level", None, "start"
        if self._compared_level(sent, q):
            return "level", None, "start"  # "giảm mạnh so với mức 5,2% đầu giai đoạn": where it stood
        to = c.to_words.ends_at(k, seg_start, qs)
        if to is not None and to.label != "open":
            return "level", None, "end" if to.label == "end" or (frame is not None and frame.point == "start") else None
        # a level word that opens a list ("giảm sâu số hộ nghèo là: Hiệp Hòa (1.200 hộ)") is no verdict
        words = [h for h in c.changes.all(k, seg_start, qs) if h.label != "not" and
                 not (h.label == "level" and _OPENS_LIST.match(k, h.end))]
        verdict = max(words, key=lambda h: (h.end, h.end - h.start)) if words else None
        # a change word inside a longer non-change word ("giảm nghèo") does not count
        if verdict is not None and verdict.label in ("down", "up"):
            for h in c.change_not.all(k, seg_start, qs):
                if h.start <= verdict.start and h.end >= verdict.end:
                    verdict = None
                    break
        if verdict is not None and verdict.label == "down" and q.bound == "under" and q.unit == "%" and (
                not k[verdict.end:qs].strip() or self._rate_named_between(verdict.end, qs)) and \
                c.yearly_average.at(k, q.end, min(len(k), q.end + 16)) is None:
            # "tỷ lệ hộ nghèo giảm dưới 6%", "giảm tỷ lệ hộ nghèo toàn tỉnh dưới 1%": falls below the
            # level, as "giảm còn dưới 6%" (not "giảm dưới 1%/năm", a yearly fall)
            return "level", None, "end"
        if verdict is not None and verdict.label in ("down", "up"):
            return "change", (-1 if verdict.label == "down" else 1), None
        if (verdict is None or verdict.label == "level" and self.c.breakdown.ends_at(k, seg_start, verdict.start)) and \
                q.unit == "households":
            sign = self._part_of_change(sent, qs)
            if sign:
                return "change", sign, None  # "giảm 681 hộ, trong đó 557 hộ nghèo và 124 hộ cận nghèo"
        cmp_ = c.comparison_changes.ends_at(k, seg_start, qs) or c.comparison_changes.ends_at(k, seg_start, q.start)
        if cmp_ is None:
            # "cao hơn so năm 2014 hơn 146 tỷ": the time compared with said between the word and the number
            said = c.comparison_changes.last(k, seg_start, qs)
            cmp_ = said if said is not None and c.compared_between.fullmatch(k, said.end, qs) else None
        if cmp_ is not None and self._compared_year(sent, q, self.times_in(sent)) is not None:
            return "change", (-1 if cmp_.label == "down" else 1), None  # "thấp hơn 1,89% so với năm 2021"
        if verdict is not None and verdict.label == "level" and (
                _NAMES_THE_CHANGE.match(verdict.text) or self._reduction_reaches(words, verdict)):
            # "tỷ lệ hộ nghèo giảm ít nhất … là 0,52%": the change named before "là"
            before = [h for h in words if h.label in ("down", "up") and h.end <= verdict.start and
                      not any(n.start <= h.start and h.end <= n.end for n in c.change_not.all(k, seg_start, qs))]
            if before and not self._time_then_level(sent, before[-1].end, verdict.start):
                return "change", (-1 if before[-1].label == "down" else 1), None
        if verdict is None or verdict.label == "level":
            noun = c.change_nouns.last(k, self._clause_start(sent, q.start), qs) or self._listed_under_noun(sent, qs)
            if noun is not None and q.unit and q.unit.startswith("%") and \
                    not _DIGIT.search(k, noun.end, qs):
                return "change", -1, None  # "tỷ lệ giảm hộ nghèo của 30 xã bãi ngang là 2,82%"
            if noun is not None and q.unit == "households" and not c.rate_words.at(k, noun.start) and \
                    self.q_starts[bisect_left(self.q_starts, noun.end)] == q.start:
                return "change", -1, None  # "kết quả giảm nghèo đến đầu năm 2020 … là 2.545 hộ"
            grown = _colon_list_head(k, c.growth, sent.start, qs)
            if grown is not None and q.unit == "VND":
                # "Dư nợ tăng trưởng chủ yếu tập trung vào các chương trình: hộ cận nghèo (69,3 tỷ
                # đồng), …": the items of a list of growth are growths
                return "change", 1, None
        if (q.unit == "%/year" or q.unit == "%" and c.yearly_average.at(k, q.end, min(len(k), q.end + 16))) and \
                (verdict is None or verdict.label == "level"):
            # "chỉ tiêu đề ra là 3%/năm", "bình quân tỷ lệ giảm nghèo đạt 5,02%/năm": a rate a year
            # is a yearly change; down unless the clause says up
            # (a growth is up: "mức tăng trưởng bình quân … ước đạt 14%/năm")
            up = self._change_verb(self._clause_start(sent, q.start), qs)
            grew = up is None and c.growth.last(k, self._clause_start(sent, q.start), qs) is not None
            return "change", (1 if grew or up is not None and up.label == "up" else -1), None
        # a change said in brackets beside a level ("33,05% (giảm 7,69% so năm 2023)") starts no list
        # of changes outside them, and is not said again after them ("còn 19.965/371.154 hộ (giảm
        # 5.842 hộ so với cuối năm 2019), chiếm tỷ lệ 5,38%": the level's rate)
        aside = frame is not None and self._in_parens(sent, frame.start) and not self._in_parens(sent, q.start)
        eq = c.equivalent.ends_at(k, seg_start, qs) if frame is not None and frame.kind == "change" else None
        if eq is not None and (verdict is None or verdict.start >= eq.start) and not aside:
            # "giảm 6,5-7,2% (tương ứng 840-930 hộ)": the same change said in other units
            return "change", self._sign_of(frame), None
        if frame is not None and frame.kind == "change" and frame.unit == "%" and q.unit == "households" and \
                verdict is None and not aside and c.households_of_change.ends_at(k, seg_start, qs) is not None:
            # "tỷ lệ hộ nghèo giảm 1,11% với 1.960 hộ": the households the rate's fall moved
            return "change", self._sign_of(frame), None
        if frame is not None and frame.kind == "change" and verdict is None and self._same_family(frame, q) \
                and not aside:
            between = k[frame.end:qs]
            own = c.household_groups.last(k, seg_start, qs)
            same_topic = own is None or frame.group is None or own.label == frame.group or \
                self.c.indicators_by_group.get(own.label, {}).get("rate") == frame.indicator
            measure = c.credit_measures.last(k, frame.end, qs) if frame.indicator == "credit" else None
            if measure is not None and measure.label != frame.attributes.get("measure"):
                same_topic = False  # "tăng 320 tỉ đồng …; tổng doanh số cho vay 1.034 tỉ đồng": another measure
            # a breakdown after the change ("giảm 2.300 hộ, trong đó 1.200 hộ …"), not one that
            # opened the sentence before it
            split = c.breakdown.first(k, frame.end, qs) is not None
            if (";" in between or "(" in between or "," in between or " và " in between or split) and \
                    (same_topic or split):
                # lists and breakdowns keep the change they started with
                return "change", q.sign if q.sign is not None else self._sign_of(frame), None
        # (the item opened by a semicolon, a comma or "và": "… giảm nghèo năm 2023 là 06 hộ, năm 2024 là 04
        # hộ và năm 2025 là 05 hộ")
        joint = k.rfind(" và ", sent.start, qs)
        semi = max(k.rfind(";", sent.start, qs) + 1, k.rfind(",", sent.start, qs) + 1, joint + 4 if joint >= 0 else 0)
        if verdict is not None and verdict.label == "level" and verdict.text == "là" and semi > 0 and \
                not k[verdict.end:qs].strip() and _YEAR_ITEM.fullmatch(k, semi, verdict.start):
            # the next year's item of a list of changes, its figure after a bare "là" ("Năm 2021, tỷ lệ
            # hộ nghèo toàn tỉnh giảm 2,28% …, đạt 117,6% kế hoạch; năm 2022 là 5,15%"): the same change
            like = next((d for d in reversed(self.sentence_drafts) if d.unit == q.unit and d.kind == "change"), None)
            if like is not None and like.value is not None:
                return "change", self._sign_of(like), None
        if verdict is not None and verdict.label == "level" and verdict.text == "là" and frame is not None and \
                frame.kind == "change" and self._same_family(frame, q) and frame.sentence == (sent.start, sent.end) and \
                "," in k[frame.end:verdict.start] and self._place_item_before(qs, linked=False) and \
                bisect_left(self.place_starts, verdict.end) < bisect_left(self.place_starts, qs):
            # "xã Vĩnh Trung có tỷ lệ giảm nghèo cao nhất 2,8%, thấp nhất là xã Vị Trung 0,5%": the next
            # place's item of the list of changes, said after "là" and its place
            return "change", self._sign_of(frame), None
        if verdict is None and frame is not None and frame.unit != q.unit and _AND_JOIN.fullmatch(k, prev_end, qs):
            # "giảm 612 hộ nghèo, giảm 2,3% và 667 hộ cận nghèo, giảm 2,5%": the next item of a list of
            # changes, each count with its rate
            like = next((d for d in reversed(self.sentence_drafts) if d.unit == q.unit), None)
            if like is not None and like.kind == "change" and like.value is not None:
                return "change", self._sign_of(like), None
        if frame is not None and frame.kind == "change" and frame.unit == q.unit and self._same_family(frame, q) and \
                frame.end <= qs and _PLAN_REACHED_VALUE.search(k, frame.end, qs) is not None:
            # "… bình quân giảm 1,02%, vượt chỉ tiêu Nghị quyết đề ra là 1%": the plan's value of the
            # change just reached is a change too
            return "change", self._sign_of(frame), None
        if frame is not None and frame.kind == "change" and verdict is not None and verdict.label == "level" \
                and self._breaks_down_a_change(sent, qs) and self._same_family(frame, q) \
                and not self._own_change_after(q, sent) and not aside and not self._parts_as_levels(sent, qs):
            return "change", self._sign_of(frame), None
        return "level", None, None

    @staticmethod
    def _sign_of(d: Draft) -> int:
        """The sign of a change drafted before: -1 for a fall (a value below zero, or a range that
        ends at or below it), else 1."""
        return -1 if (d.value is not None and d.value < 0) or (d.range is not None and d.range[1] <= 0) else 1

    def _compared_level(self, sent: _Sentence, q: Quantity) -> bool:
        """The number is the level a change is measured from, said right after "so với mức" ("giảm
        mạnh so với mức 5,2% đầu giai đoạn")."""
        start = q.qualifier_start if q.qualifier_start is not None else q.start
        return self.c.compared_level_before.ends_at(self.key, sent.start, start) is not None

    def _time_then_level(self, sent: _Sentence, start: int, end: int) -> bool:
        """A time opens a new clause between a change word and "là" ("Số hộ nghèo giảm dần qua từng
        năm, năm 2018 là 412 hộ …"): "là" gives the level of that time, not the change."""
        k = self.key
        comma = max(k.rfind(",", start, end), k.rfind(":", start, end))
        # (past the subject said again after the time: "…, năm 2015 tỷ lệ này là 65,57%")
        return comma >= 0 and any(comma < t.start and t.end <= end and (
            not k[t.end:end].strip() or _SUBJECT_AGAIN.fullmatch(k, t.end, end) is not None)
            for t in self.times_in(sent))

    def _reduction_reaches(self, words, verdict) -> bool:
        """"phấn đấu giảm tỷ lệ hộ nghèo đạt 2,5%": the change of a rate said before "đạt" is the
        change that reaches the number (not "tỷ lệ hộ nghèo đạt 2,5%", a level)."""
        if verdict.text != fold_phrase("đạt"):
            return False
        moves = [h for h in words if h.label in ("down", "up") and h.end <= verdict.start]
        return bool(moves) and self.c.rate_words.at(self.key, moves[-1].end) is not None

    def _breaks_down_a_change(self, sent: _Sentence, pos: int) -> bool:
        """A breakdown word before ``pos`` that follows a change ("giảm 4.711 hộ; trong đó hộ
        nghèo là 3.365 hộ"), not one that opens the sentence ("Trong đó, tỷ lệ … chiếm …")."""
        hit = self.c.breakdown.first(self.key, sent.start, pos)
        return hit is not None and self._change_verb(sent.start, hit.start) is not None

    def _parts_as_levels(self, sent: _Sentence, pos: int) -> bool:
        """The parts of the breakdown before ``pos`` are said as a level and its change ("trong đó
        tiền gửi … đạt 5.436 tỉ đồng, tăng 1.250 tỉ đồng …; tiền gửi … đạt 352 tỉ đồng"): so is the
        next part said with a level word."""
        hit = self.c.breakdown.first(self.key, sent.start, pos)
        if hit is None:
            return False
        i, j = bisect_left(self.q_starts, hit.end), bisect_left(self.q_starts, pos)
        return any(self._own_change_after(p, sent) for p in self.quantities[i:j])

    def _own_change_after(self, q: Quantity, sent: _Sentence) -> bool:
        """A change verb follows the number in its clause before any other number: "dư nợ … đạt
        172 ngàn tỷ đồng, tăng 7.677 tỷ đồng" states a level and its change."""
        end = self._clause_end(sent, q.end)
        hit = self._change_verb(q.end, end)
        if hit is None:
            return False
        # (past a share said between: "… là 882 tỷ đồng, chiếm tỷ trọng 37% tổng nguồn vốn, tăng 791 tỷ đồng")
        i = bisect_left(self.q_starts, q.end)
        while i < len(self.q_starts) and self.q_starts[i] < hit.start and \
                (self.quantities[i].unit or "").startswith("%") and not (q.unit or "").startswith("%"):
            i += 1
        return i >= len(self.q_starts) or self.q_starts[i] >= hit.start

    def _frame_of(self, q: Quantity, drafts: list[Draft]) -> Draft:
        """The figure before ``q`` in its sentence that it reads like: in a list of items after
        ";" ("A 6,5% (840 hộ); B 4,5% (1.070 hộ)"), the last of its own family; else the last."""
        last = drafts[-1]
        if last.in_parens and not self._same_family(last, q):
            # "cho 4.375 hộ nghèo (đạt 100%), 957 hộ cận nghèo": the next item reads like the count
            # before the aside, not like the aside's figure
            close = self.key.find(")", last.end, q.start)
            outer = [d for d in drafts if not d.in_parens]
            if close >= 0 and outer and self._same_family(outer[-1], q) and \
                    _LIST_JOIN.fullmatch(self.key, close + 1, q.qualifier_start or q.start):
                return outer[-1]
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
