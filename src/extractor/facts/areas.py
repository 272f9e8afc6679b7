"""Counts of poor areas: districts, communes and villages named as poor, extremely difficult or of a
programme ("74 huyện nghèo", "1.551 xã khu vực III"), their lists ("bao gồm: 11.179 thôn …; 736 thôn
…"), their fall ("7/44 xã hoàn thành Chương trình 135") and the bands that sort them ("11 xã có tỷ
lệ nghèo trên 60%"). One mixin of the fact engine (``engine.FactBuilder``), asked by ``_read``."""
from __future__ import annotations

from bisect import bisect_left

from .. import rxstore
from ..nlp.quantities import Quantity
from .base import _within, _ANY_DIGIT, _BAND_TO, _DIGIT, _RANK, AREA_UNITS, PLACE_UNITS, Draft, _signed

_LIST_OPENER = rxstore.compile(r":| là ")
_AREA_LEVEL = {"provinces": "province", "districts": "district", "communes": "commune", "villages": "village"}
_ITEM_JOINT = rxstore.compile(r"(?:[;,]|\svà)\s*$")  # the end of one item of a list, before the next
_AREA_LABEL = rxstore.compile(r"\s*(?:là|có|gồm|:)\s*")  # between an item's label and its count ("xã khu vực III có 40 xã")
_LIST_TAIL = 70  # characters from the last item of a list to the words said of all of them
_UNIT_ALIAS = rxstore.compile(r"\s*\([^\W\d_]+(?:\s[^\W\d_]+)?\)")  # "thôn (ấp)", "xã (phường)"
_ENTRY_REACH = 45  # characters from a count of areas (or the units holding them) to the words adding them to a list


class AreaRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` (its state: ``key``, ``c``, the
    quantities and the sentence helpers)."""

    def _areas(self, sent, q: Quantity, unit: str, prev_end: int, left_start: int, clause_start: int,
               clause_end: int, right_short: int, frame, drafts: list[Draft], draft, kind: str) -> list[Draft]:
        """The drafts of a count of areas ``q`` (``draft`` builds one with the number's kind)."""
        k = self.key
        c = self.c
        # "105 thôn (ấp) đặc biệt khó khăn": the unit's other name in brackets, then its words
        alias = _UNIT_ALIAS.match(k, q.end)
        area_end = self._item_end(alias.end() if alias else q.end, clause_end)
        holder = self._next_quantity(q.end)
        if holder is not None and holder.unit in PLACE_UNITS and holder.unit != unit and self._holds(q, holder):
            # "80 thôn thuộc 12 xã nằm trong diện đặc biệt khó khăn", "291 xã thuộc 23 tỉnh thuộc
            # diện xã đặc biệt khó khăn": the words after the units that hold them are said of them
            area_end = self._item_end(holder.end, clause_end)
        held = self._previous_quantity(q)
        if held is not None and held.unit in AREA_UNITS and held.unit != unit and self._holds(held, q) and \
                not c.poor_area.at(k, q.end - len(q.counter or "")) and not c.poor_area.at(k, q.end):
            return []  # (the 12 communes hold them: no count of poor areas, unless named so: "thuộc 5 xã đặc biệt khó khăn")
        exit_ = c.poor_area_exit.first(k, q.end, clause_end)
        # (past the units that hold them: "08 huyện thuộc 06 tỉnh được công nhận thoát nghèo")
        past_holder = holder.end if holder is not None and self._holds(q, holder) else q.end
        if exit_ is not None and _within(self.quantities, self.q_starts, past_holder, exit_.start) and \
                not self._areas_only(q.end, exit_.start):
            exit_ = None  # the exit belongs to a later number (not "7/44 xã và 12/72 ấp … hoàn thành …";
            # a span of years between is no number: "8 xã … giai đoạn 2021 – 2025 … thoát khỏi …")
        if exit_ is not None and self._dated_apart(q.end, exit_.start):
            exit_ = None  # "có 36 xã … đến cuối năm 2018 còn 11 xã …, đã có 25 xã thoát khỏi …": the last one's
        if exit_ is not None and self._number_right_after(exit_.end):
            exit_ = None  # "…, số huyện thoát nghèo 02 huyện": the label of the next number
        if exit_ is not None and c.poor_area_exit_not.ends_at(k, max(q.end, exit_.start - 12), exit_.start):
            exit_ = None  # "1.644 xã … chưa hoàn thành mục tiêu": still in the programme
        if exit_ is None:  # "số huyện thoát nghèo 02 huyện": the label of this one
            exit_ = c.poor_area_exit.ends_at(k, max(prev_end, clause_start), q.start)
        if exit_ is not None and c.one_of.ends_at(k, max(prev_end, clause_start), q.qualifier_start or q.start):
            exit_ = None  # "là một trong 22 huyện nghèo … được hỗ trợ để thoát khỏi …": all of them, none left
        # "30 xã đặc biệt khó khăn …, gồm: Nghi Sơn 12 xã, …", "xã thuộc diện đầu tư của Chương
        # trình 135 … là Cao Bằng (156 xã), tiếp theo là Hà Giang (136 xã)": a list of them
        cue = c.poor_area.last(k, sent.start, q.start)
        opener = _LIST_OPENER.search(k, cue.end, q.start) if cue is not None else None
        open_at = opener.start() if opener is not None else None
        if open_at is None and cue is not None:
            # "71 xã … hoàn thành mục tiêu Chương trình 135 năm 2010, trong đó, Hà Giang (03 xã);
            # Bắc Kạn (04 xã); …": the parts of the whole, by place
            split = c.breakdown.first(k, cue.end, q.start)
            open_at = split.start if split is not None else None
        listed = open_at is not None and self._areas_only(open_at, q.start + 1) and (
            opener is not None and opener.group() == ":" or k[max(0, q.start - 2):q.start].strip() == "("
            or self._place_item_before(q.start, linked=False))  # "… Chương trình 135 là Cao Bằng 148 xã, Hà Giang 141 xã"
        if listed and exit_ is None and open_at is not None:
            # "xã hoàn thành mục tiêu Chương trình 135 … là Bình Phước 12 xã; Lào Cai 7 xã": the
            # items of a list of areas that left are changes
            ex = c.poor_area_exit.last(k, sent.start, open_at)
            if ex is not None and ex.end >= cue.start:
                exit_ = ex
        if not listed:
            # "huyện có 5 xã, 24 thôn, bản đặc biệt khó khăn": the words said of a list after its last item
            after = c.poor_area.first(k, area_end, clause_end)
            listed = after is not None and self._plain_list(q.end, after.start) and (
                after.start - q.end < _LIST_TAIL or self._areas_only(q.end, after.start))
        if not listed and cue is not None and cue.start >= clause_start:
            # "Chương trình 135 đầu tư cho 2.331 xã", "… triển khai tại 26 xã và 140 bản": the
            # programme's areas, the first right after its verb, the others in a plain list after it
            i = bisect_left(self.q_starts, cue.end)
            head = self.quantities[i] if i < len(self.quantities) else q
            listed = head.start - cue.end < _LIST_TAIL and not _ANY_DIGIT.search(k, cue.end, head.start) and \
                c.poor_area_subject.ends_at(k, cue.start, head.start) is not None and \
                (head is q or self._plain_list(head.end, q.start))
        if not listed and cue is not None and cue.start >= clause_start and \
                c.area_count_words.ends_at(k, clause_start, cue.start) is not None:
            # "Số xã nghèo trên 25% từ 17 xã, còn lại 13 xã": the count the words before it name,
            # past a band of rates and the counts of the same areas before
            between = self.quantities[bisect_left(self.q_starts, cue.end):bisect_left(self.q_starts, q.start)]
            listed = all(x.unit == unit or x.unit == "%" and x.bound != "exact" for x in between)
        if not listed and exit_ is None:
            # "… 19 thôn đặc biệt khó khăn. Theo đó, huyện A Lưới có 3 thôn (…); huyện Nam Đông
            # có 7 thôn …": places' counts of the areas the sentence before counted
            said = self._place_list_after(sent, q, frame) or (
                frame if frame is not None and self._place_item_before(q.qualifier_start or q.start) else None)
            listed = said is not None and said.indicator == "poor_areas" and said.kind == "level" and \
                said.unit == unit
        if not listed and exit_ is None and self.elaborated is not None and \
                c.elaboration.at(k, sent.start) is not None and self._first_in_sentence(sent, q):
            # "Thủ tướng … phê duyệt Danh sách các xã đặc biệt khó khăn vùng bãi ngang … Theo đó, có
            # 291 xã thuộc 23 tỉnh được hỗ trợ …": the areas of the list the sentence before named
            prev = self.elaborated
            listed = c.poor_area.first(k, prev.start, prev.end) is not None and \
                not _within(self.quantities, self.q_starts, prev.start, prev.end)
        if not listed and exit_ is None and cue is not None and q.counter:
            # "… phê duyệt danh sách các xã đặc biệt khó khăn vùng bãi ngang …, cả nước có 291 xã":
            # the first count of the kind of area a list names before it
            named = c.area_list_words.last(k, sent.start, cue.start)
            listed = named is not None and k.startswith(q.counter, named.end + 1) and \
                not _within(self.quantities, self.q_starts, named.end, q.start)
        if not listed and exit_ is None and cue is not None and q.counter and cue.start >= max(prev_end, clause_start) and \
                _AREA_LABEL.fullmatch(k, cue.end, q.qualifier_start or q.start) and \
                k.rfind(q.counter, max(prev_end, clause_start), cue.end) >= 0:
            # "toàn tỉnh có 130 xã vùng khó khăn, xã khu vực III có 40 xã, xã khu vực II có 90 xã": the
            # count the item's label names, the same kind of unit
            listed = True
        if not listed and exit_ is None:
            # "… bao gồm: 11.179 thôn của xã khu vực III; 736 thôn của xã khu vực II, …": the next
            # item of a list of areas, whatever kind of area the item before named of itself
            listed = self._next_area_item(sent, q, drafts)
        if not listed:
            # "Các huyện nghèo theo Nghị quyết 30a (64 huyện)": the count of the areas named right
            # before the bracket it opens
            bracket = k.rfind("(", max(prev_end, clause_start), q.start)
            listed = bracket >= 0 and not k[bracket + 1:q.qualifier_start or q.start].strip() and \
                k[q.end:q.end + 2].strip().startswith(")") and \
                c.poor_area.ends_at(k, max(prev_end, clause_start), bracket) is not None
        if listed or c.poor_area.first(k, q.end, area_end) or c.poor_area.ends_at(k, left_start, q.start) or \
                (q.counter and c.poor_area.at(k, q.end - len(q.counter))) or \
                (exit_ is not None and (exit_.start - past_holder < 20 or self._areas_only(q.end, exit_.start))):
            entry = c.poor_area_entry.first(k, past_holder, min(clause_end, past_holder + _ENTRY_REACH)) \
                if exit_ is None and q.denominator is None else None
            if entry is not None and not _ANY_DIGIT.search(k, past_holder, entry.start):
                return [draft("poor_areas", unit, kind_="change")]  # "29 huyện … được xét bổ sung vào danh sách"
            if exit_ is not None:
                value, rng = _signed(q.value, q.range, -1)  # (a range too: "5-7 xã … thoát khỏi …")
                out = [Draft("poor_areas", "change", value, rng, unit, q.bound, q.start,
                             q.num_end if q.denominator is not None else q.end)]
                if q.denominator is not None:
                    out.append(Draft("poor_areas", "level", q.denominator.value, None, unit, "exact",
                                     q.denominator.start, q.denominator.end))
                return out
            return [draft("poor_areas", unit)]
        if kind == "change" and cue is not None and cue.start >= max(prev_end, clause_start) and \
                self._change_verb(cue.end, q.qualifier_start or q.start) is not None:
            # "số xóm đặc biệt khó khăn giảm 67 xóm, xã khu vực III giảm 21 xã": by how many the
            # areas the item names fell
            return [draft("poor_areas", unit)]
        return []

    def _band_of_areas(self, q: Quantity, clause_start: int, qs: int) -> bool:
        """A bounded rate said of a count of areas just before it ("2 xã có tỷ lệ nghèo từ 35%
        đến dưới 60%", "số xã có tỷ lệ hộ nghèo trên 50%")."""
        if q.bound == "exact" and q.range is None and not self.c.from_word.ends_at(self.key, clause_start, q.start):
            return False
        prev = self._previous_quantity(q)
        if prev is not None and prev.unit == "%" and prev.end >= clause_start and \
                _BAND_TO.fullmatch(self.key, prev.end, qs):
            return self._band_of_areas(prev, clause_start, prev.qualifier_start or prev.start)  # "từ 20% đến dưới 40%"
        lo = prev.end if prev is not None and (prev.unit in AREA_UNITS or prev.unit == "provinces") and \
            prev.end >= clause_start else None  # "7 tỉnh có tỷ lệ hộ nghèo cao hơn 10%"
        if lo is None:
            words = self.c.area_band_subjects.last(self.key, clause_start, qs)
            lo = words.end if words is not None else None
        if lo is not None and q.bound != "exact" and not self.key[lo:qs].strip() and (prev is None or prev.end < lo):
            return True  # "Số xã nghèo trên 25% từ 17 xã …": the band right after the areas' words
        if lo is None or self.c.band_rate.first(self.key, lo, qs) is None or _DIGIT.search(self.key, lo, qs):
            return False
        # no unit named between, but the one the counted areas lie in ("9/9 huyện, thành phố
        # trên địa bàn tỉnh Vĩnh Phúc có tỷ lệ hộ nghèo dưới 1%")
        counted = _AREA_LEVEL.get(prev.unit) if prev is not None and prev.end == lo else None
        between = self.places[bisect_left(self.place_starts, lo):bisect_left(self.place_starts, qs)]
        if any(counted is None or _RANK.get(p.level, -9) <= _RANK[counted] for p in between):
            return False
        return self._change_verb(lo, qs) is None  # "các xã có tỷ lệ hộ nghèo cao giảm từ 3%": a change

    def _dated_apart(self, start: int, end: int) -> bool:
        """A time is said between ``start`` and the last number before ``end``: the numbers between
        are of other times, each with its own verb, not items of one list."""
        between = self.quantities[bisect_left(self.q_starts, start):bisect_left(self.q_starts, end)]
        if not between:
            return False
        i = bisect_left(self.time_starts, start)
        return i < len(self.times) and self.times[i].start < between[-1].start

    def _areas_only(self, start: int, end: int) -> bool:
        """Only counts of areas stand between ``start`` and ``end`` (a list of them), the last
        right before ``end`` ("7/44 xã … và 12/72 ấp đặc biệt khó khăn hoàn thành …")."""
        between = self.quantities[bisect_left(self.q_starts, start):bisect_left(self.q_starts, end)]
        # an item whose unit the writer left out ("Lạng Sơn 111; Sơn La 102 xã") keeps the list
        return bool(between) and all(x.unit in AREA_UNITS or (x.unit is None and self._place_item_before(x.start, linked=False))
                                     for x in between) and end - between[-1].end < _LIST_TAIL

    def _holds(self, areas: Quantity, holder: Quantity) -> bool:
        """``holder`` counts the units ``areas`` lie in ("80 thôn thuộc 12 xã")."""
        gap = self.key[areas.end:holder.qualifier_start or holder.start]
        return bool(gap.strip()) and self.c.area_holders.fullmatch(gap) is not None

    def _plain_list(self, start: int, end: int) -> bool:
        """Between ``start`` and ``end`` only counts of areas and the marks joining them ("5 xã, 24
        thôn, bản"): no "trong đó", no verb that makes the next count a part of this one."""
        k = self.key
        pos = start
        for x in self.quantities[bisect_left(self.q_starts, start):bisect_left(self.q_starts, end)]:
            if x.unit not in AREA_UNITS or not self.c.list_joints.fullmatch(k, pos, x.start):
                return False
            pos = x.end
        # the words said of all may open with the last item's counter ("20 thôn đặc biệt khó khăn")
        return pos >= end or self.c.list_joints.fullmatch(k, pos, end)

    def _next_area_item(self, sent, q: Quantity, drafts: list[Draft]) -> bool:
        """``q`` follows counts of the same areas, each read as poor areas, the first of them right
        after a list's opener (":", "bao gồm"), with only an item's own words and a joint between
        each two ("bao gồm: 11.179 thôn của xã khu vực III; 736 thôn của xã khu vực II và …")."""
        k = self.key
        if self.c.area_classes_not_poor.at(k, q.end) is not None:
            return False  # "…, 01 xã khu vực II": a class of areas that are not poor
        read = {d.start for d in drafts if d.indicator == "poor_areas" and d.kind == "level" and d.unit == q.unit}
        x = q
        while True:
            prev = self._previous_quantity(x)
            if prev is None or prev.start < sent.start or prev.unit != q.unit or \
                    not read.intersection((prev.start, prev.qualifier_start)):
                return False
            gap = k[prev.end:x.qualifier_start or x.start]
            if len(gap) > _LIST_TAIL or _ANY_DIGIT.search(gap) or _ITEM_JOINT.search(gap) is None:
                return False
            head = prev.qualifier_start or prev.start
            if k[sent.start:head].rstrip().endswith(":") or self.c.breakdown.ends_at(k, sent.start, head):
                return True
            x = prev
