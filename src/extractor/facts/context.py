"""When and how sure: the frames a number sits in.

Times, places and status words carry from sentence to sentence ("Năm 2022, …; …", "Tại huyện Na
Rì, …"); a heading ("Về hộ nghèo:") or a sentence that details the one before ("Cụ thể, …") gives
its group; a caption, a dateline and a document's date give nothing. Each number then takes the
nearest time before it in its sentence, else what is in force; its unit is read by ``places``
(:class:`~extractor.facts.places.PlaceRules`), which this module's ``_carry`` asks for the
subject that goes on.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Optional

from .. import rxstore
from ..nlp.quantities import Quantity
from ..nlp.times import ASIDE_RELATIONS, TimeMention, anchored
from .document import COUNTRY, national_subject
from .places import _CITY
from .base import _ANY_DIGIT, _within, _RANK, _STOP_MARK, Context, _DOC_CODE, _PARTY_CODE, _HEADING_MAX, _NAMES_VALUE, _PLAN_VALUE, _PLAN_REACHED_VALUE, \
    _Sentence


_CLAUSE_MARK = rxstore.compile(r"[,;]")
_PLAN_CHANGE_REACH = 80  # characters from a plan word to the number of the change it names
_CLAUSE_OR_LIST = rxstore.compile(r"[,;.:]")  # (a list opened: "đạt chỉ tiêu gồm: Ninh Phước giảm 1,24%" are results)
_NAME_BREAK = rxstore.compile(r"[\d,;:.()]")  # a number or a mark between a name and its span
_STANDARDS_SPANS = rxstore.compile(r"(?:\s+|của|\b\d\b|giai đoạn|(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|và|,)*")
_LIST_NAME_BREAK = rxstore.compile(r"[\d;:.()]")  # the same, but a list's name holds commas
_ASIDE_NOW_REACH = 30  # characters from an opening bracket to "hiện" that dates the aside as now
# a number, its unit and a word or two right before a time: "26,9% vào ", "12 triệu đồng/người/năm "
_NUMBER_THEN_TIME = rxstore.compile(r"\d(?:[.,]?\d)*\s*(?:%\s*)?(?:[^\W\d_]+[ /]){0,5}\s*$")
_FROM_FIGURE_REACH = 40  # characters from "từ" to the figure a change starts from, and from it to its time
_COMMA_GAP = rxstore.compile(r"[\s,]*")
_YEARS_COUNTED = rxstore.compile(r"(?<![\d.,])(\d{1,2}) năm(?!\s*\d)")  # "5 năm", not "năm 2015"
_YEARS_COUNTED_MIN, _YEARS_COUNTED_MAX = 2, 20
_PLAN_HEAD_MAX = 60  # characters of a plan's name that heads its figures, up to its colon
# months of a year in which "đến nay" still reports the year before, said before it (the year-end review)
_YEAR_END_REPORT_MONTHS = 3
_TITLE_REACH = 160  # characters of an excerpt's start that hold its title
_YEAR_WORD_BEFORE = rxstore.compile(r"năm\s*$")
_DOCUMENT_NAME_REACH = 200  # characters from "Nghị quyết số …" to the span that ends its name
_DOCUMENT_NAME_BREAK = rxstore.compile(r"[;:()]|\.\s")  # a clause or sentence that ends the name
_LAW_NAME_REACH = 60  # characters from "Luật" to the year that ends the law's name
# a joint that opens the next item, right before its year: "năm 2024 là 04 hộ và năm 2025 là 05 hộ"
_ITEM_JOINT = rxstore.compile(r"(?<!\w)(?:và|hoặc)\s*$")
_YEARS_JOINED = rxstore.compile(r"\s*(?:,\s*)?(?:và\s*)?")  # "năm 2021 và 2022", "năm 2014, 2015"
_LEAD_SPACE = rxstore.compile(r"[\s\-–•*+]*")
_CLAUSE_BREAK = rxstore.compile(r"[,;:]")
_RESULT_PERCENT = rxstore.compile(r"\s*(?:khoảng|trên|hơn|gần)?\s*\d[\d.,]*\s*%")  # "đạt 100%" before a plan word


_OPENING_DATE = 25  # characters from a sentence's start within which a date opens it ("(NTO) Ngày 28-4-2011,")


_PLAN_REACH = 70  # characters before a number searched for the plan it is the value of



class ContextRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` (its state: ``key``, ``c``, the
    sentence helpers)."""

    def _doc_date(self, t: TimeMention) -> bool:
        """The date of a document ("Quyết định số 353/QĐ-TTg ngày 15/03/2022") is no context."""
        k, c, lo = self.key, self.c, max(0, t.start - 45)
        if t.period is not None and c.acted_span.at(k, t.start) is not None:
            return False  # "Quyết định 102/2009/QĐ-TTg của Thủ tướng … từ năm 2010-2014": the years of the work
        # (and the Party's numbers: "Chỉ thị số 40-CT/TW, ngày 22/11/2014 của Ban Bí thư")
        codes = sorted(list(_DOC_CODE.finditer(k, lo, t.start)) + list(_PARTY_CODE.finditer(k, lo, t.start)),
                       key=lambda m: m.end())
        if codes:  # "353/QĐ-TTg ngày …", "353/QĐ-TTg của Thủ tướng Chính phủ ngày …"
            gap = k[codes[-1].end():t.start]
            dated = gap.strip() == "," and t.date is not None and len(t.date) == 10 and \
                self.key[t.start:t.end].startswith("ngày")  # "102/CĐ-TTg, ngày 6/10/2024"
            if not gap.strip() or dated or (c.document_links.at(k, codes[-1].end(), t.start) and
                                             not _STOP_MARK.search(gap)):
                return True
        # "Hướng dẫn số 25 ngày …"
        return any(c.document_number.at(k, h.end, t.start) and not _CLAUSE_MARK.search(k, h.end, t.start)
                   for h in c.document_names.all(k, lo, t.start))

    def _standard_time(self, t: TimeMention) -> bool:
        """"theo chuẩn nghèo đa chiều giai đoạn 2022-2025" names the poverty standard, not the
        time of the figure."""
        if t.kind != "period":
            return False  # "theo chuẩn nghèo … của TP Hà Nội năm 2016": the year of the survey
        hit = self.c.standard_of_time.last(self.key, max(0, t.start - 60), t.start)
        # (a comma right after the standard's name too: "theo chuẩn nghèo đa chiều, giai đoạn 2021 - 2025";
        # and the spans of two standards: "theo 2 mức chuẩn của 2 giai đoạn 2016 - 2020 và 2022 - 2025")
        return hit is not None and (not _NAME_BREAK.search(self.key, hit.end, t.start) or
                                    self.key[hit.end:t.start].strip() == "," or
                                    _STANDARDS_SPANS.fullmatch(self.key, hit.end, t.start) is not None)

    def _document_span(self, t: TimeMention) -> bool:
        """A span that ends a numbered document's name ("theo Nghị quyết số 12/2023/NQ-HĐND … quy
        định chính sách hỗ trợ hộ nghèo thoát nghèo bền vững giai đoạn 2024-2025"): the years the
        document holds for, no figure's time."""
        if t.period is None:
            return False
        k = self.key
        for h in self.c.document_names.all(k, max(0, t.start - _DOCUMENT_NAME_REACH), t.start):
            code = _DOC_CODE.search(k, h.end, t.start)
            if code is not None and self.c.document_number.at(k, h.end, code.start()) is not None and \
                    not _DOCUMENT_NAME_BREAK.search(k, code.end(), t.start) and \
                    self.c.list_of_time.first(k, code.end(), t.start) is None:
                # (not a list the document approves: "Quyết định số 353/QĐ-TTg phê duyệt danh sách 74
                # huyện nghèo … giai đoạn 2021-2025" holds the areas counted for that span)
                return True
        return False

    def _name_year(self, t: TimeMention) -> bool:
        """A year that is part of a name, no time of the figures around it: a law's ("Bộ Luật Lao
        động năm 2019") or the base year of prices ("giá so sánh năm 2010")."""
        if t.kind != "year" or t.period is not None:
            return False
        hit = self.c.law_heads.last(self.key, max(0, t.start - _LAW_NAME_REACH), t.start)
        if hit is not None and not _NAME_BREAK.search(self.key, hit.end, t.start):
            return True
        pos = t.start
        year_word = _YEAR_WORD_BEFORE.search(self.key, max(0, pos - 8), pos)  # "… năm 2010" read as "2010"
        if year_word is not None:
            pos = year_word.start()
        return self.c.price_base_heads.ends_at(self.key, max(0, pos - 20), pos) is not None

    def _programme_time(self, t: TimeMention, named_year: bool = False) -> bool:
        """"Chương trình … giảm nghèo bền vững giai đoạn 2021 - 2025": a span in a programme's name
        (with ``named_year``, a year too: "Chương trình 135 năm 2018")."""
        if t.period is None and not (named_year and t.year):
            return False
        hit = self.c.programme_of_time.last(self.key, max(0, t.start - 90), t.start)
        return hit is not None and not _NAME_BREAK.search(self.key, hit.end, t.start)

    def _measured_plan_span(self, sent, t: TimeMention) -> bool:
        """The span of a plan a share is measured against ("đạt 68,67% kế hoạch giai đoạn 2024 -
        2025"): it dates its sentence's figures but opens no time for the sentences after (not a plan
        set for the span: "Nghệ An đặt chỉ tiêu giai đoạn 2019-2020 sẽ tuyển sinh …")."""
        plan = self.c.plan_of_time.ends_at(self.key, max(sent.start, t.start - 20), t.start)
        return plan is not None and self.c.share_before_plan.search(self.key, max(sent.start, plan.start - 12), plan.start) is not None

    def _list_time(self, t: TimeMention) -> bool:
        """"Danh sách huyện nghèo, xã đặc biệt khó khăn … giai đoạn 2021-2025": the span a list of
        areas holds for, no figure's time."""
        if t.period is None:
            return False
        listed = self.c.list_of_time.last(self.key, max(0, t.start - 120), t.start)
        return listed is not None and not _LIST_NAME_BREAK.search(self.key, listed.end, t.start)

    def _dateline(self, sent: _Sentence, sent_times) -> bool:
        """A line that only dates the page ("04:39 PM 27/07/2024", "(Cập nhật lúc: …)"); a heading
        such as "Mục tiêu năm 2025:" names a year for what follows, it dates nothing."""
        if not any(t.date or t.kind == "clock" for t in sent_times):
            return False
        rest = self.key[sent.start:sent.end]
        for t in sorted(sent_times, key=lambda t: -t.start):
            rest = rest[:t.start - sent.start] + rest[t.end - sent.start:]
        rest = re.sub(r"\d+:\d+(?::\d+)?|\b[ap]m\b", " ", rest)
        rest = self.c.page_furniture.sub(" ", rest)  # "02:00 02/08/2013 Lượt xem: 432 In bài viết"
        return len(re.findall(r"[^\W\d_]+", rest)) < 4

    def _opens(self, sent: _Sentence) -> bool:
        """The sentence ends with a colon: it opens what follows (a heading, a list's lead-in)."""
        return self.key[sent.start:sent.end].rstrip().endswith(":")

    def _open_group_frame(self, sent: _Sentence, line: str, qs, ctx: Context) -> None:
        """The household group a number without one of its own is about: the one a heading names
        ("Về hộ nghèo:"), or, in a sentence that details the one before ("Cụ thể, huyện A giảm
        6,5-7,2%", "Trong đó, khu vực thành thị là 773 hộ"), the one that sentence named."""
        k, c = self.key, self.c
        if not qs and self._opens(sent) and len(line.strip()) <= _HEADING_MAX:
            ctx.heading_group = c.household_groups.last(k, sent.start, sent.end)
        self.group_frame = ctx.heading_group
        colon = k.find(":", sent.start, sent.end)
        self.elaborates = ctx.previous is not None and (
            c.elaboration.at(k, sent.start) is not None or
            # "Số hộ ở các huyện, thành phố như sau: Thành phố Bến Tre 73 hộ; …"
            colon > sent.start and not _ANY_DIGIT.search(k, sent.start, colon) and
            c.elaboration_before_colon.ends_at(k, sent.start, colon) is not None)
        self.elaborated = ctx.previous if self.elaborates else None
        # (the sentence before in the paragraph, when this one does not detail it)
        self.before_in_paragraph = ctx.previous if ctx.previous is not None and not self.elaborates and \
            ctx.previous.paragraph == sent.paragraph else None
        if self.elaborates:
            prev = ctx.previous
            self.group_frame = c.household_groups.last(k, prev.start, prev.end) or self.group_frame
        self.inherited_status = ctx.previous_status if self.elaborates else None

    def _is_caption(self, sent: _Sentence) -> bool:
        """A photo caption opens no time, place, status or group for what follows."""
        return any(s <= sent.start < e for s, e in self.captions)

    def _carry(self, sent, sent_times, sent_places, ctx: Context, first_fact: Optional[int] = None,
               last_status: Optional[str] = None) -> None:
        ctx.previous = sent
        # the status the sentence's figures were read with goes on to a sentence that details them
        # ("ước đến cuối năm 2020, toàn tỉnh còn 19.965 hộ …, không đạt kế hoạch đề ra. Trong đó, …":
        # estimates, whatever verdict closes it); with no figure, the sentence's last status word
        hit = self._status_hit(sent.start, sent.end) if last_status is None else None
        ctx.previous_status = last_status or (hit.label if hit is not None else None)
        sent_times = [t for t in sent_times if not self._name_year(t)]
        # (a time in brackets is an aside of its sentence: "… sớm hơn 5 năm so với Nghị quyết 42 (đặt
        # mục tiêu đến năm 2030)" gives no time to what follows)
        sent_times = [t for t in sent_times if not self._aim_in_brackets(sent, t)]
        said = [t for t in sent_times if t.relation not in ASIDE_RELATIONS]
        own = [t for t in said if self._owned(t, sent_times)]
        if len(own) == len(said):
            own = []  # only figures' own times: the last of them goes on, as ever
        ctxt = [n for n in (self._until_as_of(self._normal(self._in_year_of(t, ctx.time)), ctx.time)
                            for t in sent_times if t.relation not in ASIDE_RELATIONS and t not in own)
                if n.year or n.date or n.period]
        if not ctxt:
            # "… tăng hơn 3,1 tỷ đồng so với đầu năm 2025": the present is in that year
            ctxt = [replace(t, relation=None, point=None, start=t.start, end=t.end) for t in sent_times
                    if t.relation == "compare" and t.point == "start" and t.year and not t.period and not t.date]
        if ctxt and self._dateline(sent, sent_times):
            ctxt = []
        if any(t.year and not t.period for t in ctxt):
            ctxt = [t for t in ctxt if not self._programme_time(t)]  # the year said, not a programme's span
        ctxt = [t for t in ctxt if not (t.period and self._measured_plan_span(sent, t))]
        if any(t.date and t.start - sent.start < _OPENING_DATE for t in ctxt):
            # "Ngày 28-4-2011, UBND tỉnh ký Quyết định … công nhận hộ nghèo … giai đoạn 2011-2015.
            # Theo đó, …": the day the sentence opens with dates what follows, not the span it names
            # (but a review of the span held that day: "Ngày 4/9/2015, phường … tổng kết 15 năm thực
            # hiện cuộc vận động … giai đoạn 2001-2015 và trao học bổng năm học 2015-2016": its
            # figures are the span's, the first named after the review)
            review = self.c.span_reviews.first(self.key, sent.start, sent.end)
            reviewed = next((t for t in ctxt if t.period and review is not None and t.start > review.end), None)
            ctxt = [reviewed] if reviewed is not None else [t for t in ctxt if t.date or not t.period]
        if len(ctxt) >= 2:
            # "đánh giá kết quả năm 2018 và đề ra nhiệm vụ năm 2019": the year of results goes on,
            # not the year of tasks set
            done = [t for t in ctxt if self.c.plan_year_before.ends_at(self.key, max(sent.start, t.start - 30), t.start) is None]
            ctxt = done or ctxt
        span = ctx.time.period if ctx.time is not None else None
        if ctxt and span and self.elaborates and len({t.year for t in ctxt}) >= 2 and \
                all(t.year and not t.period and not t.date and span[0] <= t.year <= span[1] for t in ctxt):
            # "Trong 3 năm, từ 2022-2024, huyện được hỗ trợ … Trong đó, năm 2022 là … và năm 2023 là
            # …": the span's parts by year, said in a sentence that details it; the span goes on
            ctxt = []
        if ctxt:
            last = ctxt[-1]
            dated = [t for t in ctxt if t.date]
            last = self._more_specific(last, dated[-1] if dated else self._normal(ctx.time))
            years = [t for t in ctxt if t.end <= last.start and t.kind == "year" and t.relation is None]
            ctx.time = self._year_end_now(last, years[-1] if years else ctx.time)
        if first_fact is not None or self._opens(sent):
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
        # The subject of a sentence, or "Tại X," sets the topic of the paragraph; so does a word
        # pointing back to a unit as the subject ("Đến nay, toàn huyện còn 298 hộ nghèo").
        listed = {lv for lv in {p.level for p in sent_places}
                  if len({p.name for p in sent_places if p.level == lv}) >= 2}
        if first_fact is None and len({p.name for p in sent_places}) == 1 and self._opens(sent):
            # "Về đề nghị kinh phí … của UBND tỉnh Cà Mau, Bộ Tài chính có ý kiến như sau:": the one
            # unit a sentence that opens what follows names, wherever in it
            ctx.topic = sent_places[-1]
        for p in sent_places:
            if self._subject_at(sent, p.start) or p is sent_places[0] and self._scope_of_subject(sent, p):
                if p.level not in listed:  # ("thị trấn Quy Đạt có 2 hộ …; xã Trung Hóa …": items, no topic)
                    ctx.topic = self._approved_for(sent, p, sent_places) or p
                break
        else:
            # (a place word at the subject's place first: most sentences have none there)
            near = self.c.place_refs.first(self.key, sent.start, min(sent.end, sent.start + 48))
            ref = self._place_ref(sent.start, sent.end, sent_places) \
                if near is not None and self._subject_at(sent, near.start) else None
            if ref is not None and self._subject_at(sent, ref.start) and \
                    not any(p.start < ref.start for p in sent_places):
                unit = self._where(sent, ref.end, sent_places, ctx)
                if unit is not None and (unit.level == ref.label or self._city_ref(ref, unit)):
                    ctx.topic = unit  # ("Năm 2022, cả nước có 3.434 xã …": the country, for what follows)
            if not sent_places and ref is None and self._opens(sent):
                # "Theo đó, tổng số hộ toàn tỉnh là 329.086 hộ, trong đó:": the unit of the figure that
                # heads a list, for its items
                whole = self.c.whole_scope.first(self.key, sent.start, sent.end)
                level = self.c.place_refs.at(self.key, whole.start) if whole is not None else None
                unit = self._where(sent, whole.end, sent_places, ctx) if level is not None else None
                if unit is not None and unit.level == level.label:
                    ctx.topic = unit
            visited = self._visited(sent, sent_places) if first_fact is None and sent_places else None
            if visited is not None:
                ctx.topic = visited  # "Đoàn công tác … đã khảo sát … tại huyện Tân Lạc. Năm 2011, …"
            if not sent_places and ref is None and national_subject(self.key, sent.start, sent.end):
                ctx.topic = COUNTRY  # "Theo tin từ Bộ LĐ-TB&XH, …": the country's, for what follows
            if ctx.topic is None and ctx.last_topic is not None and not ctx.named_in_paragraph and \
                    not sent_places and self._locality_subject(sent):
                ctx.topic = ctx.last_topic  # "Năm nay, địa phương tiếp tục …": for the paragraph
        ctx.named_in_paragraph = ctx.named_in_paragraph or bool(sent_places)

    def _city_ref(self, ref, unit) -> bool:
        """A city's word ("thành phố", district-level in the place words) stands for the article's
        city of province rank ("Đối với …, thành phố đã thực hiện …" in an article on Đà Nẵng)."""
        return unit.level == "province" and unit.type == _CITY and self.key[ref.start:ref.end].endswith(_CITY)

    def _approved_for(self, sent, p, sent_places):
        """The one narrower unit inside ``p`` that ``p``'s body, the subject, approves or hands
        something down for in this sentence ("UBND tỉnh Quảng Nam vừa phê duyệt Đề án … H. Nam
        Giang"), or None."""
        verb = self.c.approval_verbs.first(self.key, p.end, sent.end)
        if verb is None or _ANY_DIGIT.search(self.key, p.end, verb.start):
            return None
        inner = {(u.level, u.name): u for u in sent_places if u.start >= verb.end and
                 _RANK.get(u.level, 9) < _RANK.get(p.level, 9) and p.name in (u.province, u.district)}
        return next(iter(inner.values())) if len(inner) == 1 else None

    def _states_what_is(self, sent) -> bool:
        """The sentence opens with a word that tells what is so ("Được biết, …", "Hiện nay, …")."""
        return self.c.actual_openers.at(self.key, _LEAD_SPACE.match(self.key, sent.start).end()) is not None

    def _visited(self, sent, sent_places):
        """The unit a body visits or surveys at the end of a sentence of no figure, narrower than
        and inside every other unit the sentence names ("Đoàn công tác của Thường trực HĐND tỉnh Hòa
        Bình đã khảo sát công tác dạy nghề … tại huyện Tân Lạc."), or None."""
        k, c = self.key, self.c
        unit = sent_places[-1]
        verb = c.visit_verbs.first(k, sent.start, unit.start)
        if verb is None or unit.level not in ("district", "commune") or \
                c.visit_at.ends_at(k, verb.end, unit.start) is None or k[unit.end:sent.end].strip(" .") or \
                any(p.name not in (unit.province, unit.district, unit.name) for p in sent_places[:-1]):
            return None
        return unit

    def _aim_in_brackets(self, sent, t: TimeMention) -> bool:
        """``t`` is said in brackets after a word of aims ("(đặt mục tiêu đến năm 2030)")."""
        if not self._in_parens(sent, t.start):
            return False
        hit = self.c.status.last(self.key, self.key.rfind("(", sent.start, t.start), t.start)
        return hit is not None and hit.label == "target"

    def _compared_year(self, sent: _Sentence, q: Quantity, sent_times) -> Optional[int]:
        """The year a change is measured against: "so với năm 2021" in the number's clause, after
        it first."""
        t = self._compared_time(sent, q, sent_times)
        return t.year if t is not None else None

    def _compared_base(self, sent: _Sentence, q: Quantity, sent_times, year: int, ctx: Context) -> Optional[int]:
        """The year a change of a figure of ``year`` is measured from: a year named ("so với năm
        2021"), the year before ("so với năm trước", "so với cùng kỳ"), or the start of a span
        ("so với đầu giai đoạn 2021 - 2025"; "so với đầu kỳ" of the span in force)."""
        lo, hi = self._clause_start(sent, q.start), self._clause_end(sent, q.end)
        cmp_ = [t for t in sent_times if t.relation == "compare" and lo <= t.start < hi]
        t = next((t for t in cmp_ if t.start >= q.end), None) or (cmp_[-1] if cmp_ and cmp_[-1].end <= q.start else None)
        if t is None and not cmp_:
            t = self._closing_compare(sent, q, sent_times)
        if t is None:
            return None
        if t.year and not t.period:
            return t.year
        if t.period and t.point == "start":
            return t.period[0]
        if t.kind == "relative" and t.unit is None and (t.offset == -1 or t.offset is None and
                                                        self.c.same_period_after.at(self.key, t.start, t.end) is not None):
            return year - 1
        if t.kind == "point" and t.point == "start" and ctx.time is not None and ctx.time.period:
            return ctx.time.period[0]
        return None

    def _closing_compare(self, sent: _Sentence, q: Quantity, sent_times) -> Optional[TimeMention]:
        """The one comparison after ``q`` that closes its sentence, for a change whose clause has
        none ("… 11.572 hộ nghèo (giảm 2.955 hộ), chiếm tỷ lệ 3,04% (giảm 0,75%); có 12.947 hộ cận
        nghèo (giảm 2.539 hộ) … so với cuối năm 2022."): what every change before it is measured from."""
        after = [t for t in sent_times if t.relation == "compare" and t.start >= q.end]
        if len(after) != 1 or self.key[after[0].end:sent.end].strip(" .;,)\n"):
            return None
        # (a list of like figures: the comparison's own clause holds one of the unit of ``q``, not
        # "…; thu nhập … tăng ít nhất 1,5 lần so với năm 2020" after a rate)
        t = after[0]
        own = _within(self.quantities, self.q_starts, self._clause_start(sent, t.start), t.start)
        return t if any(x.unit == q.unit and x is not q for x in own) else None

    def _compared_time(self, sent: _Sentence, q: Quantity, sent_times) -> Optional[TimeMention]:
        """The time a change is measured against (see ``_compared_year``)."""
        lo, hi = self._clause_start(sent, q.start), self._clause_end(sent, q.end)
        cmp_ = [t for t in sent_times if t.relation == "compare" and t.year and lo <= t.start < hi]
        after = [t for t in cmp_ if t.start >= q.end]
        if after:
            return after[0]
        before = [t for t in cmp_ if t.end <= q.start]
        return before[-1] if before else None

    def _status_hit(self, start: int, pos: int):
        # (not a quota a sentence opens with: "Theo chỉ tiêu kế hoạch năm 2019 toàn huyện giảm 59 hộ
        # nghèo" sets the plan, where "dư nợ theo chỉ tiêu … đạt" is lending done)
        nots = [n for n in self.c.status_not.all(self.key, start, pos)
                if not (n.text in self.c.status_not_opening and not self.key[start:n.start].strip())]
        hits = []
        for h in sorted(self.c.status.all(self.key, start, pos), key=lambda h: (h.start, -h.end)):
            # the words as read from the left: "ước tính đến" is an estimate, not its "tính đến"
            if h.label == "plan_act":
                if bisect_left(self.q_starts, h.end) < bisect_left(self.q_starts, pos):
                    continue  # a plan said for a number before this one
                h = replace(h, label="target")
            if (not hits or h.start >= hits[-1].end) and not any(n.start <= h.start and h.end <= n.end for n in nots) \
                    and not self._aside_closed(h, start, pos):
                hits.append(h)
        semi = self.key.rfind(";", start, pos)
        if semi >= 0 and (self.c.rate_words.at(self.key, semi + 1) is not None or
                          self.c.income.at(self.key, semi + 1) is not None):
            # "… Thu ngân sách ước đạt hơn 710 tỉ đồng; Tỷ lệ hộ nghèo giảm 5,63%/năm": an item with
            # a rate (or an income) of its own after an estimate said of something else is not estimated (but the
            # rates listed after an estimated one are: "… ước còn 2,93%; tỉ lệ hộ nghèo tại các huyện
            # nghèo còn khoảng 33%")
            def of_other(h) -> bool:  # said after another item's subject, of no household group
                item = max(self.key.rfind(";", start, h.start) + 1, start)
                return bool(self.key[item:h.start].strip()) and self.c.household_groups.first(self.key, item, semi) is None
            hits = [h for h in hits if not (h.label == "estimate" and h.end <= semi and of_other(h))]
        # the future tense ("sẽ") says target only where no other status word does, but the past
        # tense before it ("đã xây dựng được 13 căn nhà … và sẽ hoàn thành thêm 5 căn") is over
        strong = [h for h in hits if h.label != "future"]
        hit = max(strong or hits, key=lambda h: (h.end, h.end - h.start)) if hits else None
        if hit is not None and hits[-1].label == "future" and hits[-1].start >= hit.end and (
                hit.text in self.c.past_markers or
                hit.label == "actual" and "," in self.key[hit.end:hits[-1].start]):
            # (and "Với nội dung phiên họp về đẩy mạnh thực hiện mục tiêu …, Bộ trưởng … cho biết tỷ lệ
            # hộ nghèo … sẽ giảm xuống dưới 30%": a word of results in a clause before is not the figure's)
            hit = hits[-1]
        if hit is not None and hit.label == "future":
            hit = replace(hit, label="target")
        if hit is not None and hit.text in self.c.past_markers:
            # "Theo ước tính, từ đầu năm đến nay, đã tạo việc làm mới cho 708 lao động": the past tense
            # under an estimate said before it is the estimate's
            est = [h for h in hits if h.label == "estimate" and h.end <= hit.start]
            if est:
                hit = est[-1]
        if hit is not None and hit.label in ("target", "future", "estimate"):
            # "… ước đạt 41,1 triệu đồng …; hiện nay tỷ lệ hộ nghèo chỉ còn 0,4%": a later item that
            # says what is now
            semi = self.key.rfind(";", hit.end, pos)
            now = self._now_word(semi, pos) if semi >= 0 else None
            # "phấn đấu … thoát nghèo bền vững (thị xã hiện còn 199 hộ nghèo …)": an aside that says
            # what is now, inside a plan's sentence
            bracket = self.key.rfind("(", hit.end, pos)
            if now is None and bracket >= 0 and self.key.find(")", bracket, pos) < 0:
                now = self._now_word(bracket, min(pos, bracket + _ASIDE_NOW_REACH))
            if now is not None:
                return replace(now, label="actual")
        if hit is None:
            opening = _LEAD_SPACE.match(self.key, start).end()
            head = self.c.plan_nouns_cue.at(self.key, opening)
            colon = self.key.find(":", head.end, pos) if head is not None else -1
            if colon >= 0 and colon - opening <= _PLAN_HEAD_MAX:
                # a plan that heads its figures ("Kế hoạch giảm nghèo giai đoạn 2016 - 2020: Tỷ lệ hộ
                # nghèo cuối năm 2016 là 2,3%; …"): its items are aims
                return replace(head, label="target")
            now = self.c.present_openers.at(self.key, opening) or self._now_word(start, pos)
            if now is not None and now.end < pos:
                # "Hiện toàn huyện có …", "Theo báo cáo của Phòng …, hiện nay, trên địa bàn huyện có …":
                # the present, whatever plan the sentences before set
                return replace(now, label="actual")
        if hit is not None and hit.label == "actual" and any(hit.text.endswith(n) for n in self.c.plan_nouns) and \
                self._plan_change(hit.end, pos):
            # "vượt mục tiêu giảm 1-1,5%/năm": the plan's own change, whatever was reached
            return replace(hit, label="target")
        if hit is not None and hit.label == "target" and self._share_reached(hit.start) and \
                _CLAUSE_BREAK.search(self.key, hit.end, pos):
            # (but the plan's own value said after it is a target: "đạt tỷ lệ 165,08% so với chỉ tiêu
            # tỉnh giao là 650 hộ", "vượt 1,55% so với mục tiêu đề ra 3-4%/năm")
            return replace(hit, label="actual")
        result = self._result_before(hit.start) if hit is not None and hit.label == "target" else None
        if result is not None and not _NAMES_VALUE.fullmatch(self.key, hit.end, pos) and \
                not (self.c.result_compared.first(self.key, result.end, hit.start) and self._number_at(pos)) and \
                not self._plan_change(hit.end, pos):
            # "đạt và vượt mục tiêu": a result; but in "vượt chỉ tiêu đề ra là 3%/năm" the number
            # is the target's own value
            return replace(hit, label="actual")
        return hit

    def _plan_change(self, start: int, pos: int) -> bool:
        """The plan word's own change, said right after it in the clause ("hoàn thành chỉ tiêu giảm
        95 hộ nghèo", "vượt mục tiêu giảm 1-1,5%/năm", "thực hiện mục tiêu giảm tỷ lệ hộ nghèo bình
        quân 1 - 1,5%/năm"): the number at ``pos`` is the plan's, whatever was reached."""
        if pos - start > _PLAN_CHANGE_REACH or _CLAUSE_OR_LIST.search(self.key, start, pos) or \
                bisect_left(self.q_starts, start) < bisect_left(self.q_starts, pos):
            return False  # (nor past another figure: "vượt kế hoạch … đạt 167% (giảm 3% so với 1,8% kế hoạch giao)")
        return self._change_verb(start, pos) is not None

    def _result_before(self, pos: int):
        """A plan's result said right before ``pos`` (a plan word), past words that name no value
        ("đạt và vượt mục tiêu", "đạt và vượt nhiều chỉ tiêu", "đạt và vượt so chỉ tiêu"): its hit, or
        None."""
        hit = self.c.plan_results.last(self.key, max(0, pos - 25), pos)
        return hit if hit is not None and self.c.result_gap.fullmatch(self.key, hit.end, pos) else None

    def _share_reached(self, pos: int) -> bool:
        """The share of a plan reached, said right before ``pos`` (a plan word): "giảm 4.905 hộ nghèo,
        đạt 100% so với chỉ tiêu kế hoạch đề ra, trong đó: hộ cận nghèo giảm 6.779 hộ" (what the
        plan word measures is the 100%, the figures after it are results)."""
        hit = self.c.plan_results.last(self.key, max(0, pos - 40), pos)
        share = _RESULT_PERCENT.match(self.key, hit.end, pos) if hit is not None else None
        return share is not None and self.c.share_gap.fullmatch(self.key, share.end(), pos) is not None

    def _number_at(self, pos: int) -> bool:
        """A quantity (or its qualifier) starts at ``pos``."""
        i = bisect_left(self.q_starts, pos)
        return i < len(self.q_starts) and self.q_starts[i] == pos or \
            any(q.qualifier_start == pos for q in self.quantities[max(0, i - 1):i + 2])

    def _now_word(self, start: int, end: int):
        """The first word in [start, end) that says "now" ("hiện nay", "hiện"), not one inside
        "thực hiện" and the like."""
        now = self.c.present_openers.first(self.key, start, end)
        if now is None or any(n.start <= now.start < n.end for n in self.c.present_not.all(self.key, start, end)):
            return None
        return now

    def _aside_closed(self, hit, start: int, pos: int) -> bool:
        """``hit`` stands in brackets closed before ``pos`` ("… (chỉ tiêu tỉnh giao: thoát nghèo 55 hộ);
        còn lại 286 hộ nghèo"): it speaks of the aside only."""
        k = self.key
        opening = k.rfind("(", start, hit.start)
        return opening >= 0 and k.find(")", opening, hit.start) < 0 and 0 <= k.find(")", hit.end, pos)

    def _status(self, sent: _Sentence, pos: int, ctx: Context) -> str:
        opening = _LEAD_SPACE.match(self.key, sent.start).end()
        purpose = self.c.purpose_openers.at(self.key, opening)
        start = sent.start
        if purpose is not None and purpose.end < pos:
            brk = _CLAUSE_BREAK.search(self.key, purpose.end, pos)
            if brk is None:
                return "target"  # "Để giảm tỷ lệ hộ nghèo mỗi năm từ 4-5%, …": what the purpose aims at
            if self.c.status.first(self.key, purpose.start, purpose.end) is not None:
                # an opener that is a status word itself: past its clause, the status the rest of the
                # sentence says ("Với mục tiêu giúp … thoát nghèo bền vững, năm 2009, Thủ tướng …
                # ban hành Quyết định 71 … tại 62 huyện nghèo": a fact)
                start = brk.end()
        plan = _PLAN_VALUE.search(self.key, max(sent.start, pos - _PLAN_REACH), pos)
        if plan is None:
            plan = _PLAN_REACHED_VALUE.search(self.key, max(sent.start, pos - _PLAN_REACH), pos)
        if plan is not None and (plan.re is _PLAN_REACHED_VALUE or plan.group(1) is None or
                                 plan.group(2) in ("là", "(")):
            return "target"  # the plan's own value, not a result measured against it
        hit = self._status_hit(start, pos)
        if hit is not None:
            return hit.label
        return self.inherited_status or ctx.status

    def _normal(self, t: Optional[TimeMention]) -> Optional[TimeMention]:
        """Dates give their year; "9 tháng năm 2025" ends in month 9; a day or month with no year
        said before it is the latest such date not after the article's."""
        if t is None:
            return None
        if t.year is None and t.month is not None and t.offset is None and not self.published:
            dated = self._dated_month(t.month)
            y = dated.year if dated is not None else self._only_year()
            if y is not None:
                t = replace(t, year=y, date=f"{y:04d}-{t.month:02d}-{t.day:02d}" if t.day else f"{y:04d}-{t.month:02d}")
        t = anchored(t, self.published)
        if t.kind == "point" and t.relation == "since" and t.to_now and t.point == "start" and t.date is None and \
                self.published:
            if t.year is None:
                t = replace(t, year=self.pub_year)  # "Từ đầu năm đến nay": this year's, up to the article
            if self.pub_month is not None and t.year == self.pub_year:
                # a span of this year up to now ends in the article's month, as "tính đến tháng 8" does
                t = replace(t, date=self.published[:7], point=None)
        if t.date is None and t.kind == "months_of_year" and t.year and t.months:
            t = replace(t, date=f"{t.year}-{t.months:02d}")
        if t.date is None and t.kind == "quarter" and t.year and t.quarter:
            t = replace(t, date=f"{t.year}-{3 * t.quarter:02d}")  # "quý II/2012": as of its last month
        if t.year is None and t.date:
            t = replace(t, year=int(t.date[:4]))
        return t

    def _dated_month(self, month: int) -> Optional[TimeMention]:
        """The one full date of ``month`` the article writes with its year, in an article of no
        known date: "từ ngày 2-8/5, … khởi công 353 căn nhà …; … đến ngày 8/5/2025" dates the first.
        (The article's dates by month, gathered once.)"""
        if self._dates_by_month is None:
            by_month: dict[int, dict[int, TimeMention]] = {}
            for t in self.times + self.doc_dates:
                if t.year and t.date and len(t.date) >= 7:
                    by_month.setdefault(int(t.date[5:7]), {}).setdefault(t.year, t)
            self._dates_by_month = by_month
        years = self._dates_by_month.get(month, {})
        return next(iter(years.values())) if len(years) == 1 else None

    def _only_year(self) -> Optional[int]:
        """The one year every time of an article of no known date is of, the dates of the documents
        it cites among them ("Thực hiện Nghị quyết số 11/NQ-CP ngày 30/01/2022 … Tính đến
        cuối tháng 6, … trong tháng 7 năm 2022"): the year of a month said without one."""
        if self._one_year is None:  # (once per article: the times do not change)
            self._one_year = (self._article_year(),)
        return self._one_year[0]

    def _article_year(self) -> Optional[int]:
        # (not a year figures are compared with: "Sáng 11.1, … giảm 41,33% so với năm 2015" is later)
        years = {t.year for t in self.times + self.doc_dates if t.year and t.period is None and t.relation != "compare"}
        if len(years) != 1:
            return None
        year = years.pop()
        # (nor a year inside a span the article names that runs on past it: "Sáng 26/11, … tổng kết …
        # giai đoạn 2016-2020 … từ 32,21% năm 2016 đến nay" is of 2020 or after)
        if any(t.period and t.period[0] <= year < t.period[1] for t in self.times):
            return None
        return year

    @staticmethod
    def _in_year_of(t: TimeMention, base: Optional[TimeMention]) -> TimeMention:
        """A day or month without a year ("đến hết tháng 6") in the year said before, if any."""
        if t.month is not None and t.year is None and t.offset is None and base is not None and base.year:
            return replace(t, year=base.year)
        return t

    def _more_specific(self, t: TimeMention, base: Optional[TimeMention]) -> TimeMention:
        """A plain year after a date of that year keeps the date ("đến 30/9/2024, … năm 2024")."""
        if base is not None and base.date and t.kind == "year" and t.year and not t.period and \
                base.date.startswith(str(t.year)):
            return base
        if base is not None and base.date and t.relation == "until" and t.kind == "relative":
            return base  # "đến nay": as of the date said before
        return t

    def _when(self, sent: _Sentence, pos: int, sent_times, ctx: Context) -> Optional[TimeMention]:
        t = self._when_raw(sent, pos, sent_times, ctx)
        if t is not None:
            earlier = [b for b in sent_times if b.end <= t.start and b.date] or ([ctx.time] if ctx.time else [])
            t = self._more_specific(self._normal(t), self._normal(earlier[-1]) if earlier else None)
            said = [b for b in sent_times if b.end <= t.start and b.kind == "year" and b.relation is None]
            t = self._year_end_now(t, said[-1] if said else ctx.time)
        return self._normal(t)

    def _year_end_now(self, t: TimeMention, before: Optional[TimeMention]) -> TimeMention:
        """"Đến nay" in a review published in the first quarter of the year after the one said
        before it ("Năm 2020, … Đến nay, tổng dư nợ …" on 24/01/2021; "Thực hiện chương trình … năm
        2018, đến nay …" in March 2019): the end of that year, not the new one just begun."""
        if not (t.kind == "relative" and t.relation == "until" and self.published and before is not None):
            return t
        if 1 <= (self.pub_month or 0) <= _YEAR_END_REPORT_MONTHS and before.year == self.pub_year - 1 and \
                not before.period and before.relation is None and before.point is None:
            # (not after the year's end said as a time reached: "Đến hết năm 2018, … Đến nay, …" is now)
            return replace(t, year=before.year, date=None, period=None)
        return t

    def _owned(self, t: TimeMention, sent_times=()) -> bool:
        """A time in brackets right after a number is that number's own ("73,26% (2021)"), no
        time for the numbers after it; so is the time of the first figure of a change said from one
        time to another ("giảm từ 26,9% vào cuối năm 2013 xuống còn 23,21% vào cuối năm 2014")."""
        k = self.key
        i = t.start - 1
        while i >= 0 and k[i] == " ":
            i -= 1
        if i < 0:
            return False
        if k[i] == "(":
            j = i - 1
            while j >= 0 and k[j] == " ":
                j -= 1
            return j >= 0 and (k[j].isdigit() or k[j] == "%")
        if self._from_time(t) and any((u.start >= t.end or u.end <= t.start and (u.year or u.period)) and
                                      u.relation not in ASIDE_RELATIONS for u in sent_times):
            # (or a time said before the change: "Trong năm 2021, … giảm tỷ lệ hộ nghèo từ 3,51% năm
            # 2020 xuống còn 3,03%" is of 2021)
            return True
        # "… có 251 hộ … năm 2025, bao gồm: 97 hộ nghèo và 139 hộ cận nghèo năm 2024; …": a year said
        # right after a count of households is that count's, not the sentence's (said elsewhere in it)
        # (not one a joint opens as the next item's: "năm 2024 là 04 hộ và năm 2025 là 05 hộ")
        m = self.c.count_then_year.search(k, max(0, t.start - _FROM_FIGURE_REACH), t.start)
        return t.kind == "year" and t.relation is None and m is not None and \
            _ITEM_JOINT.search(k, m.start(), t.start) is None and \
            any(u is not t and u.relation not in ASIDE_RELATIONS and u.end <= t.start for u in sent_times)

    def _from_time(self, t: TimeMention) -> bool:
        """``t`` dates the figure a change starts from: "từ" and a number before it, "xuống",
        "lên" right after it ("từ 12 triệu đồng/người/năm cuối năm 2015 lên 14 triệu …")."""
        k, c = self.key, self.c
        m = _NUMBER_THEN_TIME.search(k, max(0, t.start - _FROM_FIGURE_REACH), t.start)
        return m is not None and c.from_word.last(k, max(0, m.start() - _FROM_FIGURE_REACH), m.start()) is not None \
            and c.to_words.at(k, _COMMA_GAP.match(k, t.end).end()) is not None

    def _until_as_of(self, t: TimeMention, base: Optional[TimeMention]) -> TimeMention:
        """"Từ năm 2020 đến nay" in an article of no known date, after a date the article speaks
        as of ("Đến 30/6/2023, …" in its title): the span from that year to the date's; in an
        article of a known date, the span to its year."""
        if not t.to_now or not t.year or t.period:
            return t
        if self.published:
            now = self.pub_year
            return replace(t, period=(t.year, now)) if now > t.year else t
        if base is None:
            # "Kết quả 5 năm thực hiện …" in the title, "Từ năm 2015 đến nay" in the text: the span
            # the title counts from that year
            m = _YEARS_COUNTED.search(self.key, 0, min(len(self.key), _TITLE_REACH))
            n = int(m.group(1)) if m else 0
            return replace(t, year=t.year + n, period=(t.year, t.year + n), to_now=False) \
                if _YEARS_COUNTED_MIN <= n <= _YEARS_COUNTED_MAX else t
        if base.period is not None and base.year is None and base.period[0] == t.year < base.period[1]:
            # "Trong 5 năm qua (2014-2019), …", then "Từ 2014 đến nay …": that span
            return replace(t, year=base.period[1], period=base.period, to_now=False)
        now = base.year or (int(base.date[:4]) if base.date else None)
        if now is None or now <= t.year:
            return t
        return replace(t, year=now, period=(t.year, now), to_now=False)

    def _closing_time(self, sent: _Sentence, pos: int, sent_times) -> Optional[TimeMention]:
        """A time that closes the sentence after "vào" ("… xuống còn 2,66%, hộ cận nghèo còn 8,96%
        vào cuối năm 2020 theo chuẩn nghèo đa chiều."), no number after it: the time of the
        figures before it up to the last semicolon."""
        k = self.key
        for t in sent_times:
            if t.start < pos or t.relation is not None or not (t.year or t.date):
                continue
            if _ANY_DIGIT.search(k, t.end, sent.end) or ";" in k[pos:t.start]:
                return None
            if self.c.status.first(k, pos, t.start) is not None:
                return None  # "… để bảo đảm mục tiêu … vào cuối năm 2025": the time of a goal said after
            return t if self.c.closing_time.ends_at(k, pos, t.start) is not None else None
        return None

    def _now_of_span(self, t: TimeMention, base: TimeMention) -> bool:
        """``t`` says "đến nay" and ``base`` is a span of past years said from one year to another
        ("từ năm 2014 đến 2024"), not a programme's span or one running to now."""
        return t.kind == "relative" and t.relation == "until" and base.kind == "period" and \
            base.period is not None and not base.to_now and base.relation is None and \
            (self.c.span_from.at(self.key, base.start) is not None or
             # "5 năm qua (2010 - 2015), …": the years just past, up to now
             self.c.span_past.ends_at(self.key, max(0, base.start - 20), base.start) is not None)

    def _when_raw(self, sent: _Sentence, pos: int, sent_times, ctx: Context) -> Optional[TimeMention]:
        before = [t for t in sent_times if t.end <= pos and t.relation not in ASIDE_RELATIONS
                  and not self._owned(t, sent_times) and not self._name_year(t)]
        if len(before) >= 2 and self._programme_time(before[-1]) and any(b.year and not b.period for b in before):
            # "Từ đầu năm 2025 đến nay … theo Chương trình … giai đoạn 2021-2025: … 10 nhà xây mới":
            # the year said, not the span in the programme's name
            before = [b for b in before if not self._programme_time(b)]
        if len(before) >= 2 and before[-1].period is None and any(b.date for b in before[:-1]) and \
                self._programme_time(before[-1], named_year=True):
            # "Ngày 21/7/2022, … dự án … Chương trình 135 năm 2018 … cho 07 hộ": the day of the
            # event, not the year in the programme's name
            before = before[:-1]
        if len(before) >= 2:
            a, b = before[-2], before[-1]
            if a.year and b.year == a.year + 1 and a.period is None and b.period is None and \
                    a.relation is None and b.relation is None and _YEARS_JOINED.fullmatch(self.key, a.end, b.start):
                # "Trong năm 2017 và 9 tháng đầu năm 2018", "Năm 2014, 2015": the two years as one span
                before = before[:-1] + [replace(b, year=b.year if b.months else None, period=(a.year, b.year))]
        if before:
            t = self._until_as_of(before[-1], ctx.time)
            if len(before) >= 2 and t.relation == "until" and t.year and before[-2].relation == "since" and \
                    before[-2].year and before[-2].year < t.year and self.key[before[-2].end:t.start].strip() in ("", "-"):
                # "Từ năm 2019 đến 31/10/2020", "từ tháng 7/2019 - tháng 8/2020": the span too
                t = replace(t, period=(before[-2].year, t.year))
            if t.year is None and t.period is None and t.date is None:
                # "đến cuối năm còn 242 hộ": the year is the one said before
                prior = [b for b in before[:-1] if b.year or b.period]
                base = prior[-1] if prior else ctx.time
                if base is not None and self._now_of_span(t, base):
                    # "Trong 10 năm, từ năm 2014 đến 2024, … Tổng dư nợ … đến nay đạt …": now is
                    # the span's last year
                    t = replace(t, year=base.period[1], period=None)
                elif base is None and t.kind == "point" and t.month is None and t.offset is None and self.published:
                    # "Đến cuối năm, giảm tỷ lệ hộ nghèo … xuống còn 0,63%" with no year said before it:
                    # the end (or start) of the year the article was written in
                    t = replace(t, year=self.pub_year)
                elif base is not None and not (base.year is None and t.month is not None and self.published):
                    # (a month said in a span of years, in an article of known date, is the latest such
                    # month by that date: "giai đoạn 2012-2015. … tính tới tháng 7 vừa qua, …")
                    # a span up to its year ("từ năm 2020 đến nay", read as of 2023) goes on whole
                    spans_to = base.period is not None and base.year == base.period[1]
                    t = replace(t, year=base.year, period=base.period if not base.year or spans_to else None)
                    if t.month is not None and t.year and t.offset is None and t.unit is None:
                        # "Quý I/2021, … Đến ngày 31/3, tổng dư nợ …": that day of the year said before
                        t = replace(t, date=f"{t.year:04d}-{t.month:02d}" + (f"-{t.day:02d}" if t.day else ""))
            return t
        closing = self._closing_time(sent, pos, sent_times)
        if closing is not None and (ctx.time is None or ctx.time.period is None or
                                    not ctx.time.period[0] <= (closing.year or 0) <= ctx.time.period[1]) and \
                self.c.from_word.ends_at(self.key, sent.start, pos) is None:
            # (not inside a span the sentences before opened, which it ends: "năm 2009-2012 … từ
            # 8,4% xuống 2,12% vào cuối năm 2012"; nor the figure a change starts from)
            return closing
        if ctx.time is not None:
            return ctx.time
        after = [t for t in sent_times if t.start >= pos and t.relation not in ASIDE_RELATIONS]
        return after[0] if after else None
