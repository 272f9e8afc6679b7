"""What a number measures: the indicator, unit, population and attributes of each quantity from
the cue words around it (money, percentages, counts of households, areas, projects, people)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Optional

from ..nlp.quantities import Quantity
from ..nlp.times import TimeMention
from ..text import fold_phrase
from .cues import Hit
from .tables import YEAR
from .base import _ANY_DIGIT, _CARRIED_POPULATIONS, _RANK, AREA_UNITS, BENEFICIARY_UNITS, Draft, PROJECT_UNITS, RATE_INDICATORS, _AFTER_SLASH, _AREA_POPULATIONS, _ASIDE_SPAN, _BAND_TO, _DIGIT, _DISBURSEMENT, _NEXT_ITEM, _OPENING, _PER_PERSON_OR_TIME, _Sentence, _signed


_OPEN_BRACKET = re.compile(r"\s*\(\s*")
# a capitalised name (a place) said right before a number: "Thạnh Phong 5,22%", "Tân Phong 7,93%"
_NAME_BEFORE = re.compile(r"(?:(?<=\s)|^)(?:[^\W\d_a-zđà-ỹ][^\W\d_]*['’]?[^\W\d_]*\s+)*[^\W\d_a-zđà-ỹ][^\W\d_]*['’]?[^\W\d_]*\s*(?:tỷ lệ|tỉ lệ|là|:)?\s*$")
_LIST_OPENER = re.compile(r":| là ")
_PAID_OUT = fold_phrase("giải ngân")  # the measure that is a loan only when the bank says it
_LOAN_CAPITAL = fold_phrase("vốn")  # "Trong số này, vốn vay hộ nghèo …": the bank's loans by programme
_STOPS = re.compile(r"[\s.,:;]*")
_TOPIC_REACH = 400  # characters a rate said with its words carries to bare rates after it
_AREA_LEVEL = {"provinces": "province", "districts": "district", "communes": "commune", "villages": "village"}
_ITEM_LINK = re.compile(r"\s*(?:(?:với|có|là)\s+|:\s*)?")  # between a place and its figure in a list
_WHOLE_UNITS = {"households", "people", "students", "houses", "communes", "districts", "villages"}
# more than the country holds: some 27 million households, 100 million people
_MAX_COUNT = {"households": 4e7, "houses": 4e7, "people": 1.2e8, "students": 4e7}
_DOUBLE_SCALE = re.compile(r"\d{1,3}(?:\.\d{3})+\s*(?:nghìn|ngàn)", re.IGNORECASE)
_COMMA_THOUSANDS = re.compile(r"(\d{1,3}),(\d{3})(?![\d,.])")
_LIST_TAIL = 70  # characters from the last item of a list to the words said of all of them
_NEXT_LETTER = re.compile(r"[^\S\n]+([^\W\d_])")  # the first letter of the next word
_ENTRUSTED_REACH = 90  # characters from an amount to "ủy thác qua" (the bank) said after it

# A fall of at least this many percent of "số hộ nghèo" is a share of their number, not points of
# their rate ("giảm 20% số hộ nghèo" against "giảm 1,4% số hộ nghèo so với năm 2012").
_COUNT_SHARE_MIN = 10

_PEOPLE_LINKS = ("với", "và", "gồm")  # before the people a count of households holds
_PEOPLE_AFTER = re.compile(r"\s*(?:,\s*)?(?:/|với|tương ứng|tương đương)?\s*")  # "19.284 hộ với 78.254 nhân khẩu"

_GROUP_LABEL_REACH = 30  # characters from a group's words to a count they label ("hộ nghèo là 3.365 hộ")
_DONE_ASIDE = re.compile(r"\s*[(,]\s*")  # between a count done and "đạt X%": "25 nhà (đạt 49%)"
_NEXT_SENTENCE_GAP = 3  # characters between a sentence's end and the next one's start
_GROUP_JOINT = re.compile(r"\s*(?:,\s*(?:và\s+)?|và\s+)")  # between the groups of a list
_PEOPLE_LINK_REACH = 50  # characters from a count of turns to "thuộc" and the group the people belong to
_GROUP_REACH = 40  # characters from "cho", "hỗ trợ" after an amount to the group it goes to
_GROUP_LIST_REACH = 120  # characters of a list of groups before what they get
_INCOME_MAX = 1e9  # VND: a sum this large said near "thu nhập" is money lent or spent, nobody's income
_WORDS = re.compile(r"[^\W\d_]+")

class IndicatorRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` (its state: ``key``, ``c``, the
    sentence helpers)."""

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
                k[q.start:q.end].rsplit(None, 1)[-1] in c.money_scales:
            q = replace(q, unit="VND")  # "hộ nghèo 49,746 tỷ; học sinh, sinh viên vay 10,765 tỷ": money
            unit = q.unit
        if unit in _MAX_COUNT and q.value is not None and q.value >= _MAX_COUNT[unit] and q.range is None and \
                _DOUBLE_SCALE.search(q.text):
            # "582.962 nghìn khách hàng", "123.038 nghìn hộ": thousands written out and said again; no
            # count of households or people reaches more than the country holds
            q = replace(q, value=int(round(q.value / 1000)))
        if unit in _WHOLE_UNITS and q.value is not None and q.value != int(q.value) and q.range is None:
            m = _COMMA_THOUSANDS.match(q.text)
            if m is None:
                return []  # "2,5 hộ": no count of households
            # "9,077 hộ vay vốn": a thousands comma in the English way (no household is cut in three)
            q = replace(q, value=int(m.group(1)) * 1000 + int(m.group(2)))
        if unit is None and self._bare_count_of_group(q, max(prev_end, sent.start, q.start - 80)):
            q = replace(q, unit="households")  # "số hộ cận nghèo 1.491 (…)": households, said once before
            unit = q.unit
        if unit is None or unit in ("times",):
            return []
        if c.not_fact_before.ends_at(k, sent.start, q.qualifier_start or q.start) or self._ratio(sent, q):
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
        if c.not_fact_subjects.last(k, left_start, q.qualifier_start or q.start) or \
                c.not_fact_after.at(k, q.end, right_short):
            return []  # interest, the economy, "100% mệnh giá thẻ": outside the contract
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
            if c.poverty_line.last(k, clause_start, q.start) or \
                    c.income_ceiling_after.first(k, q.end, min(clause_end, q.end + 40)):
                return []  # a poverty line is nobody's income
            other = c.other_programmes.last(k, clause_start, q.start)
            if other is not None and not c.poverty.first(k, sent.start, sent.end) and \
                    not c.breakdown.first(k, sent.start, q.start) and not c.credit_bank.first(k, clause_start, q.end) \
                    and not c.disbursed.last(k, clause_start, q.start):
                return []  # "… xây dựng nông thôn mới, … đã huy động 22.486 tỷ đồng": another programme's money
            if any(part not in _PER_PERSON_OR_TIME for part in unit.split("/")[1:]):
                return []  # a norm per house, household, project …: no total, no income per person
            if frame is not None and frame.indicator == "income_per_capita" and (
                    kind == "change" or (unit == "VND" and not self._money_cue(prev_end, q.start)
                                         and not c.comparison.last(k, prev_end, q.start))):
                return [draft("income_per_capita", frame.unit if kind == "change" else "VND")]
            before = self._place_list_after(sent, q, frame)
            if before is not None and before.indicator == "income_per_capita" and before.unit == "VND" and \
                    unit == "VND" and not self._money_cue(sent.start, q.start):
                # "… Hà Giang … thu nhập bình quân đầu người thấp nhất cả nước với 2,06 triệu đồng.
                # Trong top 10 thấp nhất còn có Cao Bằng: 2,35 triệu đồng, …": more places' incomes
                return [draft("income_per_capita", "VND")]
            if "/person" in unit or c.income.last(k, left_start, q.start) and \
                    not (unit == "VND" and max(rng or (value,)) >= _INCOME_MAX):
                if c.one_family.last(k, clause_start, q.start) is not None:
                    return []  # "giúp gia đình anh có thu nhập mỗi năm hơn 30 triệu đồng": one family's
                if c.income.last(k, sent.start, q.start) or "/person" in unit:
                    # "thu nhập của hộ nghèo tăng từ 9,5 triệu đồng": whose income
                    whose = c.beneficiary_groups.last(k, clause_start, q.start) or \
                        c.populations.last(k, clause_start, q.start)  # "thu nhập … của người dân tộc thiểu số"
                    return [draft("income_per_capita", unit, population=whose.label if whose else None)]
                return []
            measure = c.credit_measures.last(k, clause_start, q.start)
            colon = k.rfind(":", sent.start, q.start)
            if measure is None and colon > sent.start and \
                    not c.funding.last(k, clause_start, q.start) and not c.disbursed.last(k, clause_start, q.start):
                # "doanh số cho vay cao như: Hải Hậu đạt 12 tỷ đồng; Ý Yên …": the items of a
                # list are of the measure named before its colon
                measure = c.credit_measures.last(k, sent.start, colon)
            fund_said = c.funding.last(k, sent.start, q.start)
            if measure is None and self.elaborated is not None and c.elaboration.at(k, sent.start) is not None and \
                    (fund_said is None or fund_said.text == _LOAN_CAPITAL) and not c.disbursed.last(k, sent.start, q.start):
                # "… giao chỉ tiêu kế hoạch tín dụng năm 2019 … Trong đó, chương trình hộ nghèo 7 tỉ
                # đồng; …": the parts are of the bank's measure the sentence before named
                prev = self.elaborated
                if c.credit_bank.first(k, prev.start, prev.end) is not None:
                    measure = c.credit_measures.last(k, prev.start, prev.end)
                    if measure is not None:
                        return [draft("credit", "VND", attributes={"measure": measure.label},
                                      population=self._borrowers(clause_start, q.start))]
            own = c.credit_own.last(k, clause_start, q.start)
            if measure is None and own is None and c.funding.last(k, clause_start, q.start) is None:
                # "chuyển 20,9 tỷ đồng vốn ngân sách địa phương ủy thác qua Ngân hàng …", "617,5 tỷ
                # đồng là số vốn được UBND tỉnh … ủy thác qua hệ thống Ngân hàng CSXH": money
                # entrusted to the bank is its capital, the words said after the amount (money a
                # budget "phân bổ … ủy thác qua" the bank is the programme's, said as funding first)
                right = c.credit_own.first(k, q.end, min(clause_end, q.end + _ENTRUSTED_REACH))
                if right is not None and not _ANY_DIGIT.search(k, q.end, right.start):
                    m = c.credit_measures.at(k, right.start)
                    if m is not None and m.label == "capital":
                        return [draft("credit", "VND", attributes={"measure": "capital"})]
            if measure is not None and measure.text == _PAID_OUT and own is None and \
                    c.funding.last(k, clause_start, measure.start) is not None and \
                    c.credit_bank.first(k, sent.start, sent.end) is None and \
                    c.credit_bank_self.first(k, sent.start, sent.end) is None:
                measure = None  # "tổng kinh phí giải ngân …": the programme's money paid out, not a loan
            loan = c.preferential_loans.last(k, clause_start, q.start) or \
                c.preferential_loans.at(k, q.end, min(clause_end, q.end + 25)) or \
                c.lent_for_after.at(k, q.end, min(clause_end, q.end + 25))
            if loan is not None and self._person_named(sent):
                return []  # "Có 45 triệu đồng được vay …, ông Giàng Vảng Hờ … mua 1 con trâu": one family's loan
            if loan is not None and c.loan_norms.last(k, max(prev_end, clause_start), q.start):
                return []  # "bình quân mỗi hộ vay 58 triệu đồng": a norm per borrower, no total
            # (a source named "tổng nguồn vốn" or the bank itself, not "vốn tín dụng ưu đãi" as one
            # source of a programme's money)
            sources = [h for h in c.funding_sources.all(k, clause_start, q.start) if h.label != "total" and
                       not (h.label == "credit" and c.credit_bank.at(k, h.start))]
            # (a measure of the bank's before the loan words: "tổng nguồn vốn cho vay", "Giải ngân hơn
            # 7,1 tỷ đồng vốn tín dụng chính sách")
            if loan is not None and not sources and (measure is None or loan.start <= measure.start < loan.end
                                                     or measure.label in ("capital", "lent") and measure.start <= loan.start):
                return [draft("credit", "VND", attributes={"measure": measure.label if measure else "lent"},
                              population=self._borrowers(clause_start, q.start, sent))]
            loan_from = self._loan_sum(sent, q) if measure is None else None
            if loan_from is not None:
                grp = c.beneficiary_groups.last(k, loan_from, q.start)
                if grp is None:  # "73 hộ DTTS đặc biệt khó khăn vay vốn số tiền trên 1,2 tỷ đồng"
                    grp = c.populations.last(k, loan_from, q.start)
                    grp = grp if grp is not None and grp.label == "ethnic_minority" else None
                return [draft("credit", "VND", attributes={"measure": "lent"},
                              population=grp.label if grp is not None else None)]
            if measure is None or measure.label != "capital":
                lending = self._lending_item(sent, q, clause_end)
                if lending:
                    return [draft("credit", "VND", attributes={"measure": measure.label if measure else "lent"},
                                  population=self._borrowers(max(prev_end, clause_start), q.start, sent))]
            bank_before = self.elaborated is not None and c.elaboration.at(k, sent.start) is not None and \
                c.credit_bank.first(k, self.elaborated.start, self.elaborated.end) is not None
            # "Dư nợ tín dụng chính sách toàn tỉnh … đạt 3.102,1 tỷ đồng … Các đơn vị đều có dư nợ tăng
            # trưởng …: Ý Yên tăng 14,1 tỷ đồng, …": the bank's measure again, in the sentence after its figures
            bank_before = bank_before or measure is not None and any(
                d.indicator == "credit" and d.unit == "VND" for d in self.done
                if d.sentence[1] >= sent.start - _NEXT_SENTENCE_GAP)
            if measure is not None and (own is not None or self._bank(sent) or bank_before or (
                    c.preferential_loans.last(k, sent.start, measure.start) is not None and
                    c.breakdown.first(k, sent.start, measure.start) is None)):
                # the bank named, or its preferential lending ("các chương trình vay vốn tín dụng chính
                # sách ưu đãi có mức giải ngân cao như: Cho vay hộ cận nghèo 15,5 tỷ đồng"), but not
                # the credit part of a programme's money broken down by source ("trong đó … vốn tín
                # dụng chính sách cho vay hộ nghèo … 8,6 nghìn tỷ đồng" is funding)
                return [draft("credit", "VND", attributes={"measure": measure.label},
                              population=self._borrowers(max(measure.start, left_start), q.start, sent) or
                              self._given_before(clause_start, measure.start))]
            whole = next((d for d in drafts if d.indicator == "credit" and d.kind == "level" and d.unit == "VND"
                          and d.start >= sent.start), None)
            if whole is not None and c.breakdown.first(k, whole.end, q.start) is not None and \
                    not c.disbursed.last(k, whole.end, q.start) and not c.budget_words.last(k, whole.end, q.start):
                # "tổng nguồn vốn chính sách xã hội … gần 477 tỷ đồng, trong đó, nguồn vốn Trung ương
                # là hơn 407,7 tỷ đồng; nguồn vốn huy động …": the parts of the bank's figure the
                # sentence breaks down
                return [draft("credit", "VND", attributes=dict(whole.attributes),
                              population=self._borrowers(max(prev_end, clause_start), q.start))]
            # the credit figure before goes on: in the same clause, or in the next one naming a
            # programme of the bank ("…; tiếp đến là cho vay hộ cận nghèo (148,4 tỷ đồng)")
            if frame is not None and frame.indicator == "credit" and not c.funding.last(k, prev_end, q.start) and \
                    not c.disbursed.last(k, prev_end, q.start) and not c.income.last(k, prev_end, q.start) and \
                    not c.loan_norms.last(k, max(prev_end, clause_start), q.start):
                # "…; tiếp đến là cho vay hộ cận nghèo (148,4 tỷ đồng)": that programme's borrowers
                return [draft("credit", "VND", attributes=dict(frame.attributes),
                              population=self._borrowers(max(prev_end, clause_start), q.start))]
            disb = c.disbursed.last(k, clause_start, q.start)
            if disb is None and clause_start > sent.start and self._in_parens(sent, clause_start):
                # "giải ngân … 117,762 tỷ đồng (trong đó, vốn năm 2022 … là 64,233 tỷ đồng; vốn năm
                # 2023 là 53,529 tỷ đồng)": the items in brackets are parts of the sum paid out before
                opening = k.rfind("(", sent.start, clause_start)
                disb = c.disbursed.last(k, self._clause_start(sent, opening), opening)
            fund_hit = c.funding.last(k, clause_start, q.start)
            # an item of a list of disbursements ("- Dự án 2: 38,2/61,5 tỷ đồng") is one too
            listed = disb is None and fund_hit is None and frame is not None and frame is self.list_frame \
                and frame.indicator in _DISBURSEMENT
            if disb is not None and frame is not None and frame.indicator == "disbursed" and \
                    k[frame.end:q.start].strip() == "/":
                # "giải ngân hơn 19 triệu đồng/16,14 tỉ đồng": of the money given, all of it
                return [draft("funding", "VND", attributes={"source": "total"})]
            if listed or disb is not None and (fund_hit is None or fund_hit.start < disb.start or
                                               not c.allocation.first(k, disb.end, q.start)):
                out = [draft("disbursed", "VND", end=q.num_end if q.denominator else q.end)]
                if q.denominator is not None:
                    out[0].value = _signed(q.value, None, sign)[0] if kind == "change" else q.value
                    d = q.denominator
                    out.append(Draft("funding", "level", d.value, None, "VND", "exact", d.start, d.end,
                                     attributes={"source": "total"}))
                return out
            # "… quỹ đã vận động thu được trên 6,7 tỷ đồng. Trong đó cấp tỉnh thu trên 1,6 tỷ đồng":
            # the parts of the money the sentence before raised or gave
            part = self.elaborated is not None and c.breakdown.at(k, sent.start) is not None and \
                c.funding.first(k, self.elaborated.start, self.elaborated.end) is not None and \
                c.credit_bank.first(k, self.elaborated.start, self.elaborated.end) is None
            if fund_hit is not None or part or c.funding.last(k, sent.start, q.start) or \
                    c.funding.first(k, q.end, right_short) or c.funding_after.at(k, _OPENING.match(k, q.end).end()):
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
                pop = self._funded(sent, q, max(prev_end, clause_start))
                if q.denominator is not None:
                    return [draft("funding", "VND", end=q.num_end, attributes=attrs, population=pop),
                            Draft("funding", "level", q.denominator.value, None, "VND", "exact",
                                  q.denominator.start, q.denominator.end, attributes={"source": "total"})]
                return [draft("funding", "VND", attributes=attrs, population=pop)]
            return []

        # Percentages ---------------------------------------------------------------------------
        if unit in ("%", "pp") or unit.startswith("%/"):
            return self._percent(sent, q, prev_end, left_start, clause_start, clause_end, right_short,
                                 frame, drafts, draft, kind)

        # Counts --------------------------------------------------------------------------------
        if unit in AREA_UNITS:
            area_end = self._item_end(q.end, clause_end)
            exit_ = c.poor_area_exit.first(k, q.end, clause_end)
            if exit_ is not None and re.search(r"\d", k[q.end:exit_.start]) and not self._areas_only(q.end, exit_.start):
                exit_ = None  # the exit belongs to a later number (not "7/44 xã và 12/72 ấp … hoàn thành …")
            if exit_ is not None and self._number_right_after(exit_.end):
                exit_ = None  # "…, số huyện thoát nghèo 02 huyện": the label of the next number
            if exit_ is None:  # "số huyện thoát nghèo 02 huyện": the label of this one
                exit_ = c.poor_area_exit.ends_at(k, max(prev_end, clause_start), q.start)
            if exit_ is not None and c.one_of.ends_at(k, max(prev_end, clause_start), q.qualifier_start or q.start):
                exit_ = None  # "là một trong 22 huyện nghèo … được hỗ trợ để thoát khỏi …": all of them, none left
            # "30 xã đặc biệt khó khăn …, gồm: Nghi Sơn 12 xã, …", "xã thuộc diện đầu tư của Chương
            # trình 135 … là Cao Bằng (156 xã), tiếp theo là Hà Giang (136 xã)": a list of them
            cue = c.poor_area.last(k, sent.start, q.start)
            opener = _LIST_OPENER.search(k, cue.end, q.start) if cue is not None else None
            listed = opener is not None and self._areas_only(opener.start(), q.start + 1) and (
                opener.group() == ":" or k[max(0, q.start - 2):q.start].strip() == "("
                or self._place_item_before(q.start, linked=False))  # "… Chương trình 135 là Cao Bằng 148 xã, Hà Giang 141 xã"
            if listed and exit_ is None and opener is not None:
                # "xã hoàn thành mục tiêu Chương trình 135 … là Bình Phước 12 xã; Lào Cai 7 xã": the
                # items of a list of areas that left are changes
                ex = c.poor_area_exit.last(k, sent.start, opener.start())
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
            if not listed and exit_ is None:
                # "… 19 thôn đặc biệt khó khăn. Theo đó, huyện A Lưới có 3 thôn (…); huyện Nam Đông
                # có 7 thôn …": places' counts of the areas the sentence before counted
                said = self._place_list_after(sent, q, frame) or (
                    frame if frame is not None and self._place_item_before(q.qualifier_start or q.start) else None)
                listed = said is not None and said.indicator == "poor_areas" and said.kind == "level" and \
                    said.unit == unit
            if listed or c.poor_area.first(k, q.end, area_end) or c.poor_area.ends_at(k, left_start, q.start) or \
                    (q.counter and c.poor_area.at(k, q.end - len(q.counter))) or \
                    (exit_ is not None and (exit_.start - q.end < 20 or self._areas_only(q.end, exit_.start))):
                if exit_ is not None:
                    out = [Draft("poor_areas", "change", -abs(q.value), None, unit, q.bound, q.start,
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

    def _helped_group(self, sent: _Sentence) -> Optional[str]:
        """The one group of beneficiaries a sentence names, or the sentence it details names, or
        the title ("Trao 25 căn nhà Đại đoàn kết cho hộ nghèo huyện Tịnh Biên")."""
        k, c = self.key, self.c
        title = self.sentences[0] if self.sentences and self.sentences[0] is not sent else None
        for s in (sent, self.elaborated, title):
            if s is None:
                continue
            hits = c.beneficiary_groups.all(k, s.start, s.end)
            hits = [h for h in hits if not any(o.start <= h.start and h.end <= o.end and o is not h for o in hits)]
            labels = {h.label for h in hits  # not "không thuộc hộ nghèo"
                      if not c.not_of_group.ends_at(k, max(s.start, h.start - 20), h.start)}
            if len(labels) == 1:
                return labels.pop()
            if labels:
                return None
        return None

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
        between = _ANY_DIGIT if strict else _DIGIT
        return hit is not None and not between.search(k, q.end, hit.start) and \
            c.service_negations.last(k, q.end, hit.start) is None  # not "… chưa thoát nghèo"

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

    def _lending_item(self, sent: _Sentence, q: Quantity, clause_end: int) -> bool:
        """Borrowing is said in the amount's own item (from the last ";" before it to the next ";" or
        amount after it) and no budget is: the amount is lent ("27 tỷ đồng hỗ trợ vay vốn sản xuất",
        "gần 3,3 tỷ đồng là khoản vay dành cho học sinh")."""
        c, k = self.c, self.key
        start = max(self._item_start(sent, q.start), self._clause_start(sent, q.start))
        # to the next ";" or the next amount of money, whichever is first ("Hội Phụ nữ quản lý gần 147
        # tỷ đồng, với 2.025 hộ vay; …")
        end = k.find(";", q.end, sent.end)
        end = sent.end if end < 0 else end
        after = self._money_near(q.end, end, ("VND",), forward=True)
        end = after.start if after is not None else end
        if c.loan_words.first(k, start, end) is None:
            return False
        if c.budget_words.first(k, start, end) is not None or c.loan_norms.last(k, start, q.start) is not None or \
                c.disbursed.last(k, start, q.start) is not None:
            return False
        # (not the bank's part of a programme's money told by source: "vốn ngân sách Trung ương là trên
        # 153 tỷ đồng; …; vốn vay ưu đãi của Ngân hàng Chính sách xã hội hơn 34 tỷ đồng")
        if any(h.label not in ("credit", "total") for h in c.funding_sources.all(k, sent.start, q.start)):
            return False
        # (nor a part of money gathered for a programme: "Tổng nguồn lực huy động … 12,4 nghìn tỷ đồng,
        # trong đó vốn Chương trình … 3,1 nghìn tỷ đồng; vốn tín dụng chính sách … 8,6 nghìn tỷ đồng")
        part = c.breakdown.last(k, sent.start, q.start)
        return part is None or c.funding.last(k, sent.start, part.start) is None

    def _loan_sum(self, sent: _Sentence, q: Quantity) -> Optional[int]:
        """The amount is the sum a count of borrowers took, said after them: "… 1.503 hộ dân vay vốn
        phát triển sản xuất với số tiền trên 74 tỷ đồng", "phát vay cho 2.721 lượt hộ nghèo … với tổng
        số tiền …". Where the borrowing is said (after the last amount of money or percent before),
        or None."""
        c, k = self.c, self.key
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        link = c.loan_sum_links.ends_at(k, sent.start, qs)
        if link is None:
            return None
        before = self._money_near(q.start, sent.start, ("VND", "%"), forward=False)
        lo = before.end if before is not None else sent.start
        if c.loan_sum_verbs.last(k, lo, link.start) is None or \
                any(h.label != "credit" for h in c.funding_sources.all(k, lo, link.start)):
            return None  # (a programme's money from a budget: "vốn ngân sách … với kinh phí …")
        return lo

    def _borrowers(self, start: int, end: int, sent: Optional[_Sentence] = None) -> Optional[str]:
        """The borrower group of a bank amount ("cho vay hộ nghèo đạt 92.497 triệu đồng"); with
        ``sent``, else the group the amount goes to after it in its item ("phát vay trên 42,5 tỉ
        đồng vốn ưu đãi hỗ trợ 1.182 hộ nghèo, cận nghèo")."""
        listed = self._last_listed_group(start, end)
        if listed is not None:
            return listed
        hit = self.c.populations.last(self.key, start, end)
        if hit is not None and hit.label not in ("ethnic_minority", "poor_communes", "poor_districts"):
            hit = None
        if hit is None and sent is not None:
            item_end = min(sent.end, self._clause_end(sent, end))
            to = self.c.helped_after.first(self.key, end, item_end)
            at = bisect_left(self.q_starts, end)
            amount_end = self.quantities[at].end if at < len(self.quantities) and self.q_starts[at] == end else end
            if to is not None and not self.key[amount_end:to.start].strip(" ,"):
                # "giải ngân 480 triệu đồng cho hộ cận nghèo", "… vốn ưu đãi hỗ trợ 1.182 hộ nghèo"
                return self._group_helped(to, item_end)
            nxt = bisect_left(self.q_starts, end + 1)
            count = self.quantities[nxt] if nxt < len(self.quantities) else None
            if to is not None and count is not None and to.end <= count.start < item_end and \
                    not self.key[to.end:count.start].strip():
                hit = self.c.beneficiary_groups.at(self.key, count.end - len(count.counter or ""), item_end)
        return hit.label if hit is not None else None

    def _funded(self, sent: _Sentence, q: Quantity, start: int) -> Optional[str]:
        """The group an amount of money goes to, said with a word of giving: before it in its clause
        ("hỗ trợ cho 6.723 hộ nghèo với số tiền …"), or after it in its item up to the next amount
        ("hơn 49 tỷ đồng để hỗ trợ cho 2.044 hộ nghèo", "trị giá 60,5 tỷ đồng cho hộ nghèo"); not
        a group in a name ("Quỹ Vì người nghèo", "Chương trình … giảm nghèo")."""
        k = self.key
        group = self._given_before(start, q.start)
        if group is not None:
            return group
        end = k.find(";", q.end, sent.end)
        end = sent.end if end < 0 else end
        i = bisect_left(self.q_starts, q.end)
        while i < len(self.quantities) and self.quantities[i].start < end:
            if (self.quantities[i].unit or "").startswith("VND"):
                end = self.quantities[i].start  # the next amount's words are its own
                break
            i += 1
        to = self.c.helped_after.first(k, q.end, end)
        return self._group_helped(to, end) if to is not None else None

    def _given_before(self, start: int, end: int) -> Optional[str]:
        """The group a word of giving names between ``start`` and ``end`` ("cho 4.337 hộ nghèo, hộ
        cận nghèo, với số tiền cho vay …")."""
        for to in reversed(self.c.helped_after.all(self.key, start, end)):
            group = self._group_helped(to, end)
            if group is not None:
                return group
        return None

    def _listed_from(self, hit: Hit, end: int) -> str:
        """The group of the list of groups that ``hit`` opens ("cho hộ nghèo, cận nghèo")."""
        k = self.key
        hits = {}
        for h in self.c.beneficiary_groups.all(k, hit.start, end):
            if h.start not in hits or h.end > hits[h.start].end:
                hits[h.start] = h  # the longest group starting at each place
        first = hits.get(hit.start, hit)
        labels, pos = {first.label}, first.end
        while True:
            m = _GROUP_JOINT.match(k, pos)
            nxt = hits.get(m.end()) if m is not None else None
            if nxt is None:
                break
            labels.add(nxt.label)
            pos = nxt.end
        if len(labels) > 1 and ("poor_and_near_poor" in labels or {"poor", "near_poor"} <= labels):
            return "poor_and_near_poor"
        return first.label

    def _last_listed_group(self, start: int, end: int) -> Optional[str]:
        """The group of the last list of groups between ``start`` and ``end``: one group, or the
        poor and near-poor together when the list holds both ("cho 73.418 lượt hộ nghèo, hộ cận
        nghèo, hộ mới thoát nghèo": not only the last one named)."""
        hits = []
        for h in sorted(self.c.beneficiary_groups.all(self.key, start, end), key=lambda h: (h.start, -h.end)):
            if not hits or h.start >= hits[-1].end:
                hits.append(h)  # the words as read from the left, each once ("hộ mới thoát nghèo", not its "nghèo")
        if not hits:
            return None
        labels = {hits[-1].label}
        for a, b in zip(reversed(hits[:-1]), reversed(hits[1:])):
            if not _GROUP_JOINT.fullmatch(self.key, a.end, b.start):
                break
            labels.add(a.label)
        if len(labels) > 1 and ("poor_and_near_poor" in labels or {"poor", "near_poor"} <= labels):
            return "poor_and_near_poor"
        return hits[-1].label

    def _group_helped(self, to: Hit, end: int) -> Optional[str]:
        """The group right after a word of giving, with nothing between but a count of it or a
        determiner ("cho 2.044 hộ nghèo", "cho các hộ nghèo", "hỗ trợ 592 hộ nghèo")."""
        k = self.key
        hit = self.c.beneficiary_groups.first(k, to.end, min(end, to.end + _GROUP_REACH))
        if hit is None:
            return None
        listed = self._listed_from(hit, min(end, hit.end + _GROUP_REACH))
        words, pos = [], to.end
        for x in self.quantities[bisect_left(self.q_starts, to.end):]:
            if x.start >= hit.start:
                break
            words.append(k[pos:x.qualifier_start or x.start])
            pos = max(pos, x.end)
        words.append(k[pos:hit.start])
        lead = " ".join(" ".join(words).split())
        return (listed or hit.label) if not lead or lead in self.c.group_determiners else None

    def _band_of_areas(self, q: Quantity, clause_start: int, qs: int) -> bool:
        """A bounded rate said of a count of areas just before it ("2 xã có tỷ lệ nghèo từ 35%
        đến dưới 60%", "số xã có tỷ lệ hộ nghèo trên 50%")."""
        if q.bound == "exact" and q.range is None and not self.c.from_word.ends_at(self.key, clause_start, q.start):
            return False
        i = bisect_left(self.q_starts, q.start)
        prev = self.quantities[i - 1] if i > 0 else None
        if prev is not None and prev.unit == "%" and prev.end >= clause_start and \
                _BAND_TO.fullmatch(self.key, prev.end, qs):
            return self._band_of_areas(prev, clause_start, prev.qualifier_start or prev.start)  # "từ 20% đến dưới 40%"
        lo = prev.end if prev is not None and (prev.unit in AREA_UNITS or prev.unit == "provinces") and \
            prev.end >= clause_start else None  # "7 tỉnh có tỷ lệ hộ nghèo cao hơn 10%"
        if lo is None:
            words = self.c.area_band_subjects.last(self.key, clause_start, qs)
            lo = words.end if words is not None else None
        if lo is None or self.c.band_rate.first(self.key, lo, qs) is None or _DIGIT.search(self.key, lo, qs):
            return False
        # no unit named between, but the one the counted areas lie in ("9/9 huyện, thành phố
        # trên địa bàn tỉnh Vĩnh Phúc có tỷ lệ hộ nghèo dưới 1%")
        counted = _AREA_LEVEL.get(prev.unit) if prev is not None and prev.end == lo else None
        between = self.places[bisect_left(self.place_starts, lo):bisect_left(self.place_starts, qs)]
        if any(counted is None or _RANK.get(p.level, -9) <= _RANK[counted] for p in between):
            return False
        return self._change_verb(lo, qs) is None  # "các xã có tỷ lệ hộ nghèo cao giảm từ 3%": a change

    def _group_before(self, start: int, end: int):
        """The household group named last before ``end``, not inside an aside in brackets that
        closes before it ("3,22% (giảm 2.300 hộ, … rơi vào cận nghèo), giảm 0,88%")."""
        k = self.key
        closed = [(m.start(), m.end()) for m in _ASIDE_SPAN.finditer(k, start, end)]
        hits = [h for h in self.c.household_groups.all(k, start, end)
                if not any(a <= h.start and h.end <= b for a, b in closed)]
        return max(hits, key=lambda h: (h.end, h.end - h.start)) if hits else None

    def _number_right_after(self, pos: int) -> bool:
        i = bisect_left(self.q_starts, pos)
        return i < len(self.q_starts) and self.q_starts[i] - pos <= 3

    def _areas_only(self, start: int, end: int) -> bool:
        """Only counts of areas stand between ``start`` and ``end`` (a list of them), the last
        right before ``end`` ("7/44 xã … và 12/72 ấp đặc biệt khó khăn hoàn thành …")."""
        between = self.quantities[bisect_left(self.q_starts, start):bisect_left(self.q_starts, end)]
        # an item whose unit the writer left out ("Lạng Sơn 111; Sơn La 102 xã") keeps the list
        return bool(between) and all(x.unit in AREA_UNITS or (x.unit is None and self._place_item_before(x.start, linked=False))
                                     for x in between) and end - between[-1].end < _LIST_TAIL

    def _previous_quantity_unit(self, q: Quantity) -> Optional[str]:
        i = bisect_left(self.q_starts, q.start)
        return self.quantities[i - 1].unit if i > 0 else None

    def _money_cue(self, start: int, end: int) -> bool:
        """Words that name money other than income between ``start`` and ``end``."""
        k, c = self.key, self.c
        return any(cue.last(k, start, end) is not None
                   for cue in (c.funding, c.disbursed, c.credit_measures, c.credit_bank))

    def _percent(self, sent, q, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft,
                 kind="level"):
        k = self.key
        c = self.c
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        if self._band_of_areas(q, clause_start, qs):
            return []  # "11 xã có tỷ lệ nghèo trên 60%": a band that sorts the communes, no one's rate
        if c.not_rate_after.at(k, q.end, right_short + 1) is not None:
            return []  # "71% là người dân tộc Hre": who the people are
        # giải ngân … đạt 62,95% (kế hoạch)
        disb = c.disbursed.last(k, clause_start, qs)
        if disb is not None and (not c.rate_words.first(k, disb.end, qs) or
                                 # "giải ngân được trên 508 tỷ đồng, đạt tỷ lệ 41,02%": a bare rate word
                                 not c.household_groups.first(k, disb.end, qs) and
                                 c.plan_results.last(k, disb.end, qs) is not None):
            return [draft("disbursement_rate", "%", kind_="level")]
        if self.list_frame is not None and self.list_frame.indicator in _DISBURSEMENT and frame is not None and \
                frame.indicator in ("disbursed", "funding") and c.plan_results.ends_at(k, prev_end, qs):
            return [draft("disbursement_rate", "%", kind_="level")]  # "- Dự án 2: 38,2/61,5 tỷ đồng, đạt 62,1%"
        # đạt 111,7% chỉ tiêu kế hoạch (after a bank's figure too: "đạt 99,1% kế hoạch")
        # "vượt 24% kế hoạch" is the excess over the plan, not the share of it achieved
        result = c.plan_results.ends_at(k, max(prev_end, clause_start), qs)
        over_all = q.value is not None and q.value > 100 and frame is not None and frame.unit == "VND" and \
            frame.indicator == "funding" and not c.rate_words.last(k, frame.end, qs)
        # "số nhà đã hoàn thành 25 nhà (đạt 49%)": how much of the plan the houses built are
        done_part = result is not None and result.label == "achieved" and frame is not None and \
            frame.indicator == "beneficiaries" and frame.end == prev_end and \
            _DONE_ASIDE.fullmatch(k, frame.end, result.start) is not None and not c.rate_words.last(k, frame.end, qs)
        if done_part:
            return [draft("plan_achievement", "%", kind_="level")]
        if result is not None and (c.achievement.at(k, q.end, right_short + 1) is not None or
                                   # "vận động quỹ … được trên 200 triệu đồng, đạt 446%": more than
                                   # all of something can only be of a plan
                                   over_all and result.label == "achieved" or
                                   self._place_against_plan(sent, result) or
                                   # "So với kế hoạch, kết quả giảm nghèo năm nay … đạt 150%"
                                   c.plan_before.last(k, sent.start, result.start) is not None):
            if result.label == "achieved":
                said_before = self._said_before(sent) is not None
                if frame is None and not said_before and not any(cue.first(k, sent.start, sent.end) is not None for cue in (
                        c.household_groups, c.credit_measures, c.credit_bank, c.funding, c.disbursed, c.poor_area)):
                    return []  # "Giá trị sản xuất công nghiệp … đạt 116,45% kế hoạch": another plan than ours
                return [draft("plan_achievement", "%", kind_="level")]
            if result.label == "exceeded":
                return []  # an excess over the plan: no indicator of the contract states it
        relative = self._relative_change(q, frame, drafts) if kind == "change" else None
        if relative is not None:
            # "giảm từ 9.207 hộ xuống còn 5.720 hộ, giảm 37,87%": the count's own change in percent,
            # as its two ends say (not its group's rate)
            return [draft(relative.indicator, "%", kind_="change", population=relative.population)]
        # "giảm 20% số hộ nghèo so với đầu năm": the number of the group's households falls by a
        # fifth, a relative change of the count (the press writes "giảm 1,4% số hộ nghèo" for points
        # of the rate: a small fall is read as the rate's)
        counted = c.count_of_group.at(k, q.end, right_short + 1) \
            if kind == "change" and q.value is not None and abs(q.value) >= _COUNT_SHARE_MIN else None
        if counted is not None:
            of = c.household_groups.at(k, counted.end, right_short + 1)
            ind = self.c.indicators_by_group.get(of.label, {}).get("count") if of is not None else None
            if ind:
                return [draft(ind, "%", kind_="change")]
        # "(+5,04%)", "tốc độ tăng trưởng 9,4%" after a credit amount
        growth = c.growth.last(k, max(prev_end, clause_start), qs) is not None
        if frame is not None and frame.indicator == "credit" and prev_end > sent.start and \
                not c.rate_words.last(k, prev_end, qs):
            same = frame.kind == "change" and c.rate_of_previous.ends_at(k, prev_end, qs) is not None
            return [draft("credit", "%", kind_="change" if (kind == "change" or q.sign or growth or same) else "share",
                          attributes=dict(frame.attributes), population=frame.population)]
        measure = c.credit_measures.last(k, clause_start, qs)
        if measure is not None and (c.credit_own.last(k, clause_start, qs) or self._bank(sent)) and \
                c.rate_words.first(k, measure.end, qs) is None:
            # (not "Nguồn vốn tín dụng chính sách đã góp phần giảm tỷ lệ hộ nghèo … 3 - 4%": a rate)
            return [draft("credit", "%", kind_="change" if (kind == "change" or growth) else "share",
                          attributes={"measure": measure.label})]
        # "…, tăng 12,3% so với năm 2022" after an income (not "…, tỷ lệ hộ nghèo, cận nghèo giảm 11,61%")
        if frame is not None and frame.indicator == "income_per_capita" and kind == "change" and \
                c.rate_words.last(k, frame.end, qs) is None and c.household_groups.last(k, frame.end, qs) is None:
            # (not "…; số hộ nghèo bình quân hằng năm giảm 6,4%": a group named since)
            return [draft("income_per_capita", "%", kind_="change")]
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
                return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
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
        # "Bảo hiểm y tế: tỷ lệ thiếu hụt 6,31%": the dimension heads the item, the rate follows
        dep = c.deprivation.ends_at(k, max(prev_end, clause_start), qs)
        if dep is not None:
            head = max(self._item_start(sent, dep.start), prev_end)
            dim = c.deprivation_dimensions.last(k, head, dep.start)
            if dim is not None:
                return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
                              attributes={"dimension": dim.label})]
        # chiếm 94,21% tổng số hộ nghèo; trên 94% là hộ nghèo
        share = c.share_of.at(k, q.end, right_short + 20)
        shared = c.household_groups.at(k, share.end) if share is not None and kind == "change" else None
        if shared is not None and self._change_verb(max(prev_end, clause_start), qs) is not None:
            # "đã giảm được 0,77% số hộ nghèo": a change of the group's rate, no part of a whole
            rate_of = self.c.indicators_by_group.get(shared.label, {}).get("rate")
            if rate_of:
                return [draft(rate_of, "%", population="all")]
            share = None
        is_group = c.share_is.at(k, q.end, right_short)
        if share is None and not is_group and self._share_of_scope(q, qs, clause_start, clause_end):
            share = Hit(q.end, q.end, "", "")
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
            if share is not None and c.credit_measures.at(k, share.end) is not None and \
                    (self._bank(sent) or c.credit_own.at(k, share.end) is not None):
                # "chiếm tỷ trọng 78,2% tổng dư nợ": a part of the bank's loans
                m = c.credit_measures.at(k, share.end)
                return [draft("credit", "%", kind_="share", attributes={"measure": m.label},
                              population=self._borrowers(max(prev_end, clause_start), qs))]
            if share is not None and c.funding.at(k, share.end) is not None or (
                    share is not None and c.funding.first(k, share.end, right_short + 30)):
                src = c.funding_sources.last(k, clause_start, qs)
                return [draft("funding", "%", kind_="share",
                              attributes={"source": src.label} if src is not None else {})]
        # chiếm tỷ lệ 10,1% / bằng 4,47% after a count: the rate of that count's group
        rop = c.rate_of_previous.ends_at(k, max(prev_end, clause_start), qs)
        colon = k.rfind(":", max(prev_end, clause_start), qs)
        if rop is None and colon >= 0 and not k[colon + 1:qs].strip():
            # "Số hộ cận nghèo: 55 hộ, tỷ lệ: 1,77%": the rate word as the label of its value
            rop = c.rate_of_previous.ends_at(k, max(prev_end, clause_start), colon)
        if rop is None and drafts and drafts[-1].end == prev_end and drafts[-1].group and \
                _OPEN_BRACKET.fullmatch(k, prev_end, qs):
            rop = Hit(prev_end, qs, "(", "(")  # "M'Đrắk 7.362 hộ (41,1%)": the rate of the count before
        fund = c.funding.last(k, max(prev_end, clause_start), qs)
        if fund is not None and " ".join(k[fund.start:q.qualifier_start or qs].split()) in c.support_verbs and \
                c.funding.at(k, _OPENING.match(k, q.end).end()) is None:
            # "hỗ trợ 50% thẻ bảo hiểm y tế", "hỗ trợ thêm 30% mức đóng": the part of a cost paid,
            # no share of a budget (but "hỗ trợ 100% kinh phí mua thẻ" is the money's), nor a rate
            fund = None
            if c.household_groups.at(k, _OPENING.match(k, q.end).end()) is None:
                return []
        if fund is not None and not c.household_groups.first(k, fund.end, qs) and \
                not c.rate_words.first(k, fund.end, qs) and self._change_verb(fund.end, qs) is None:
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
            # "cả tỷ lệ hộ nghèo và cận nghèo (lần lượt là 14,23% và 7,69%)": the two groups in turn
            both = c.household_groups.last(k, sent.start, resp.start)
            if i is not None and len(pcts) == 2 and both is not None and both.label == "poor_near_poor":
                pop = self._population(sent, q, prev_end, clause_start, right_short) or "all"
                return [draft(("poverty_rate", "near_poverty_rate")[i], "%", population=pop)]
        if rop is not None:
            ante = [d for d in drafts if d.group and d.indicator.endswith("households") and not d.in_parens]
            if self._in_parens(sent, q.start):  # "(hộ nghèo 29.146 hộ, tỷ lệ 6,63%)": its own count
                ante = [d for d in drafts if d.group and d.indicator.endswith("households")] or ante
            i = bisect_left(self.q_starts, qs) - 1
            if ante and i >= 0 and self.quantities[i].unit == "households" and self.quantities[i].start >= ante[-1].end \
                    and not any(d.start == self.quantities[i].start for d in drafts):
                return []  # "… mức sống trung bình là 4.359 hộ, chiếm 11,3%": the rate of a count that is no fact
            own = c.household_groups.last(k, max(prev_end, clause_start, ante[-1].end), rop.start) if ante else None
            if own is not None and own.label != ante[-1].group and (
                    ";" in k[ante[-1].end:own.start] or c.breakdown.first(k, ante[-1].end, own.start)) and \
                    self.c.indicators_by_group.get(own.label, {}).get("rate"):
                # "… 18.237 hộ nghèo và cận nghèo; trong đó, hộ nghèo chiếm tỷ lệ 1,94%": the group
                # named with the rate, after a break, not the count's before it (not "41.637 hộ
                # nghèo, hộ cận nghèo, chiếm 9,86%", the count's own group said on)
                pop = self._population(sent, q, prev_end, clause_start, right_short)
                return [draft(self.c.indicators_by_group[own.label]["rate"], "%", kind_="level", population=pop or "all")]
            if ante and ante[-1].group in ("escaped", "escaped_near_poor", "escaped_poor_near_poor") and ante[-1].kind == "level":
                # "Số hộ thoát nghèo …: 70 hộ, chiếm tỷ lệ 4,61%": the part of the households that
                # left poverty, of all the poor before (no rate of poverty)
                return [draft("escaped_households", "%", kind_="share", population=ante[-1].population)]
            if ante:
                a = ante[-1]
                ind = self.c.indicators_by_group.get(a.group, {}).get("rate")
                if ind:
                    # the rate of a change of the count is a change ("giảm 64 hộ, chiếm tỷ lệ 8,2%")
                    # and "giảm 882 hộ, tương đương tỷ lệ 2,55%" says the same change in percent
                    kd = "change" if a.kind == "change" and (kind == "change" or self._said_again(clause_start, rop)) \
                        else "level"
                    d = draft(ind, "%", kind_=kd, population=a.population or "all")
                    if kd == "change" and kind != "change" and d.value is not None and a.value is not None:
                        d.value = abs(d.value) if a.value > 0 else -abs(d.value)  # the sign of the change
                    return [d]
        # tỷ lệ thiếu hụt việc làm
        dep = c.deprivation.last(k, clause_start, qs)
        if dep is not None:
            dim = c.deprivation_dimensions.first(k, dep.end, min(clause_end, dep.end + 60))
            if dim is not None and dim.end <= qs:
                return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
                              attributes={"dimension": dim.label})]
        before = self._place_list_after(sent, q, frame)
        if before is not None and before.indicator in RATE_INDICATORS and before.kind == "level" and \
                c.rate_words.last(k, sent.start, qs) is None and c.household_groups.last(k, sent.start, qs) is None:
            # "… 2 địa phương duy nhất có tỷ lệ hộ nghèo 0%. Xếp ngay sau còn có Bà Rịa-Vũng Tàu (0,2%),
            # Đồng Nai (0,3%) …": more places' rates of the one said in the sentence before
            return [draft(before.indicator, "%", kind_="level", population=before.population)]
        # "phấn đấu 90% hộ nghèo được tiếp cận thông tin", "100% xã có đường giao thông": the share
        # of the subjects named right after the number that have or get something no indicator
        # measures (services measured were read above)
        subject = c.share_subjects.at(k, q.end, right_short + 1)
        if subject is not None and kind == "level" and c.rate_words.last(k, clause_start, qs) is None and \
                c.service_verbs.first(k, subject.end, min(clause_end, subject.end + 30)) is not None:
            return []
        # the group said right after ("giảm 3,91% hộ nghèo") or nearest before
        grp = c.household_groups.at(k, q.end, right_short + 1)
        rw = c.rate_words.at(k, q.end, right_short + 1) if grp is None else None
        if rw is not None:
            grp = c.household_groups.at(k, rw.end, right_short + 1)
        if grp is None:
            grp = self._group_before(max(left_start, clause_start), qs)
        if grp is None:
            grp = self._group_before(clause_start, qs)
        if grp is None and frame is None and self.group_frame is not None:
            grp = self.group_frame
        if grp is None and (frame is None or frame.indicator not in RATE_INDICATORS):
            hit = c.rate_words.last(k, sent.start, qs)
            grp = c.household_groups.first(k, hit.end, min(qs, hit.end + 30)) if hit is not None else None
        pop = self._population(sent, q, prev_end, clause_start, right_short)
        if grp is not None:
            ind = self.c.indicators_by_group.get(grp.label, {}).get("rate")
            if grp.label.startswith("escaped"):
                # "5.300 hộ thoát nghèo, trên 4%": a fall of the poverty rate (of the near-poverty
                # rate for those who left near-poverty)
                return [self._escaped_rate(draft, pop, ind)]
            if ind:
                if pop is None and frame is not None and frame.indicator == ind and ";" not in k[frame.end:qs]:
                    pop = frame.population
                return [draft(ind, "%", population=pop)]
        item = self._item_start(sent, qs)
        own_rate = c.rate_words.last(k, max(item, frame.end if frame is not None else item), qs)
        if own_rate is not None and ";" in k[frame.end if frame is not None else qs:qs] and \
                c.household_groups.first(k, own_rate.end, qs) is None:
            return []  # "…; tỷ lệ lao động qua đào tạo của huyện đạt 51%": another item's rate of something else
        if frame is not None and frame.indicator in RATE_INDICATORS | {"deprivation_rate", "service_coverage",
                                                                    "disbursement_rate"}:
            same_clause = ";" not in k[frame.end:qs] or frame.indicator in RATE_INDICATORS | {"disbursement_rate"}
            if same_clause:
                p = pop or (frame.population if ";" not in k[frame.end:qs] else None)
                return [draft(frame.indicator, "%", population=p, attributes=dict(frame.attributes))]
        if frame is not None and frame.group and frame.indicator.endswith("households") and \
                ";" not in k[frame.end:qs] and not frame.group.startswith("escaped") and \
                c.rate_words.last(k, frame.end, qs) is not None:
            # "hộ cận nghèo 8.673 hộ, tỷ lệ 1,97%; tăng 471 hộ, tương ứng với tỷ lệ tăng 0,09%": the
            # rate of the group whose count the clause gave
            ind = self.c.indicators_by_group.get(frame.group, {}).get("rate")
            if ind:
                return [draft(ind, "%", population=pop)]
        # "giảm tỷ lệ … theo chuẩn nghèo": a rate with poverty words in the sentence
        if c.rate_words.last(k, clause_start, qs) and (c.poverty.first(k, sent.start, sent.end)):
            return [draft("poverty_rate", "%", population=pop)]
        # "Xã giảm nhiều nhất là Thạnh Phong 5,22%", "Thấp nhất là Quới Điền tỷ lệ 7,69%" after the
        # rates of the paragraph before: a rate (or its change) with no words of its own is one more
        # of the last rate of that kind said just before
        topic = self.rate_topic.get(kind)
        if topic is not None and qs - topic.end < _TOPIC_REACH and self._bare_rate(clause_start, qs):
            return [draft(topic.indicator, "%", population=pop)]
        topic = topic or self.rate_topic.get("level")
        if kind == "change" and topic is not None and qs - topic.end < _TOPIC_REACH and \
                c.yearly_average.last(k, max(clause_start, qs - 40), qs) is not None:
            # "… xuống còn 5,57% năm 2023. Bình quân mỗi năm giảm 1,01%": the yearly fall of that rate
            return [draft(topic.indicator, "%", population=pop)]
        return []

    def _place_against_plan(self, sent: _Sentence, result: Hit) -> bool:
        """'… vượt kế hoạch cao nhất là huyện Ninh Sơn đạt 167%', 'Thuận Bắc đạt 103%': a place's
        result after a sentence that spoke of the plan."""
        return _NAME_BEFORE.search(self.clean, max(sent.start, result.start - 60), result.start) is not None and \
            self.c.achievement.last(self.key, sent.start, result.start) is not None and \
            not self.c.rate_words.last(self.key, max(sent.start, result.start - 60), result.start)

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
        nhất là Quới Điền tỷ lệ 7,69%") or a name in a clause that tells a change or a rate
        ("Xã giảm nhiều nhất là Thạnh Phong 5,22%"); not "tỷ lệ che phủ rừng đạt 76,4%"."""
        k, c = self.key, self.c
        rw = c.rate_words.last(k, clause_start, qs)
        if rw is not None and not k[rw.end:qs].strip(" :"):
            # not "… là 3.548 hộ, chiếm tỷ lệ 0,96%": the rate of a count said before, of its group
            return c.rate_of_previous.ends_at(k, max(clause_start, rw.start - 12), rw.start) is None
        named = _NAME_BEFORE.search(self.clean, max(clause_start, qs - 60), qs)
        return named is not None and (rw is not None or self._change_verb(clause_start, qs) is not None)

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

    def _person_named(self, sent: _Sentence) -> bool:
        """A person is named in the sentence: a title ("ông", "bà", "gia đình anh") and a capital
        after it, not inside a place's name ("Bà Rịa")."""
        for h in self.c.individual_borrowers.all(self.key, sent.start, sent.end):
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
        return last if last is not None and last.sentence and 0 <= sent.start - last.sentence[1] <= 3 else None

    def _place_item_before(self, pos: int, linked: bool = True) -> bool:
        """A unit named right before ``pos`` ("Cao Bằng 148 xã"), or, ``linked``, before "với"/"có"
        and the number ("huyện Trà Cú với 3.890 người"): an item of a list by place."""
        i = bisect_left(self.place_starts, pos) - 1
        if i < 0:
            return False
        if not linked:
            return 0 <= pos - self.places[i].end <= 2 and not self.key[self.places[i].end:pos].strip()
        return _ITEM_LINK.fullmatch(self.key, self.places[i].end, pos) is not None

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
        if hit is None:
            # "Tỷ lệ … theo khu vực thành thị chiếm 3,29%, trong đó tỷ lệ hộ nghèo 1,44%; …": the
            # area the sentence opened with
            hit = c.populations.last(k, sent.start, qs)
            if hit is not None and hit.label not in ("urban", "rural"):
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
        if unit in ("households", "people") and _AFTER_SLASH.search(k, max(0, q.start - 3), q.start) and \
                frame is not None and frame.indicator == "credit" and frame.unit == "VND" and frame.end >= q.start - 3:
            # "cho vay giải quyết việc làm 370 tỷ đồng/5.774 hộ": the borrowers of the loans before the bar
            return [draft("beneficiaries", unit, kind_="level", attributes={"benefit": "loan"},
                          population=frame.population)]
        head_hit = c.counter_heads.at(k, counter_start, q.end) if q.counter else None
        head = head_hit.label if head_hit is not None else None
        grp = c.household_groups.at(k, counter_start) if head == "households" else None
        if grp is None and head == "households":
            # "257.085 hộ dân cư", "so với 176.822 hộ dân": all households, the whole
            whole = c.all_households_after.at(k, head_hit.end, right_short + 1)
            grp = Hit(whole.start, whole.end, "total", whole.text) if whole is not None else None
        if grp is None and head is not None:
            grp = c.household_groups.at(k, q.end, right_short + 1)
        if grp is None and head == "households":
            member = c.member_words.at(k, q.end, right_short)
            if member is not None:  # "48 hộ hội viên nghèo": the members' households of a group
                grp = c.household_groups.at(k, member.end, right_short + 1)
        if grp is None and head == "households":
            # "2.929 hộ gia đình thuộc diện hộ nghèo": the group after a link word
            link = c.beneficiary_links.at(k, q.end, right_short)
            grp = c.household_groups.at(k, link.end, right_short + 1) if link is not None else None
        bgrp = c.beneficiary_groups.at(k, counter_start)
        if bgrp is None and q.counter and " " in q.counter:
            # "3.300 lượt hộ nghèo, hộ cận nghèo": the group begins with the counter's head word
            bgrp = c.beneficiary_groups.at(k, counter_start + q.counter.rfind(" ") + 1)
        if bgrp is None:
            bgrp = c.beneficiary_groups.at(k, q.end, right_short + 1)
            both = c.beneficiary_groups.at(k, q.end)
            if both is not None and both.label == "poor_and_near_poor":
                bgrp = both  # "60 hội viên nghèo, cận nghèo": a list of groups past the comma
        if bgrp is None and head is None:
            # "cho 3.150 người thuộc hộ nghèo, hộ cận nghèo", "nhà ở cho hộ nghèo: 2.000 căn"
            link = c.beneficiary_links.at(k, q.end, right_short)
            bgrp = c.beneficiary_groups.at(k, link.end) if link is not None else None
            if bgrp is None:
                hit = c.beneficiary_before.last(k, clause_start, qs)
                bgrp = c.beneficiary_groups.at(k, hit.end) if hit is not None else None
        if bgrp is None and head == "turns":
            # "hơn 22 ngàn lượt người thuộc hộ nghèo, cận nghèo", "26.525 lượt trẻ mẫu giáo, học sinh
            # các cấp thuộc hộ nghèo, cận nghèo": the people counted, then the group they belong to
            reach = min(clause_end, q.end + _PEOPLE_LINK_REACH)
            link = c.beneficiary_links.first(k, q.end, reach)
            if link is not None and not _ANY_DIGIT.search(k, q.end, link.start) and \
                    c.beneficiary_after.first(k, q.end, link.start) is None:
                bgrp = c.beneficiary_groups.at(k, link.end)
        if bgrp is None and unit in ("houses", "portions", "cards"):
            # "(hộ nghèo 103 nhà, hộ cận nghèo 101 nhà)": the group as the label of its houses
            bgrp = c.beneficiary_groups.ends_at(k, max(prev_end, clause_start), qs)
        seg_end = self._next_item(q.end, clause_end)
        before = c.beneficiary_before.ends_at(k, max(prev_end, clause_start), qs)
        after_verb = c.beneficiary_after.first(k, q.end, min(seg_end, q.end + 80))
        if after_verb is None and unit in ("households", "turns"):
            # "2.100 hộ nghèo, 7.200 hộ cận nghèo được vay vốn": past a list of groups and their counts
            far = c.beneficiary_after.first(k, q.end, min(clause_end, q.end + _GROUP_LIST_REACH))
            if far is not None and all(w in c.group_list_words for w in _WORDS.findall(k, q.end, far.start)):
                after_verb = far
        # the parts of a beneficiary count ("thu hút 980 hộ tham gia, trong đó có 412 hộ nghèo")
        benefit_frame = frame is not None and frame.indicator == "beneficiaries" and (
            not c.changes.last(k, max(prev_end, clause_start), qs) or
            (c.breakdown.first(k, frame.end, qs) is not None and not self._change_verb(frame.end, qs)))
        # "Tổng số hộ còn dư nợ thuộc chương trình này là 2.250 hộ gia đình": households said with
        # what they get before the count, not all households
        helped = c.beneficiary_after.last(k, max(prev_end, clause_start), qs)
        helped_before = helped is not None and (
            grp is not None and grp.label == "total" or
            # "Số hộ hưởng lợi trực tiếp … là 4.994 hộ": the count the words before it name
            grp is None and unit == "households" and c.households_count_words.last(k, max(prev_end, clause_start), helped.start))
        is_benefit = head in ("turns", "borrowers") or before is not None or after_verb is not None or helped_before \
            or benefit_frame or unit in ("cards", "houses", "portions") or self._listed_benefit(sent, q, grp)
        named_group = c.household_groups.last(k, clause_start, qs) if unit == "households" else None
        if unit == "households" and grp is None and not is_benefit and self._whole_broken_down(q, sent) and (
                named_group is None or prev_end <= named_group.end and (
                    qs - named_group.end > _GROUP_LABEL_REACH or "," in k[named_group.end:qs]) or
                # "rà soát hộ nghèo … có tổng cộng 5.861 hộ, trong đó có 43 hộ nghèo": all of them
                c.total_words.ends_at(k, max(prev_end, clause_start), qs) is not None):
            return [draft("total_households", "households", kind_="level", group="total")]
        if unit == "households" and grp is None and not is_benefit and \
                c.household_groups.last(k, sent.start, qs) is None and c.populations.last(k, sent.start, qs) is None:
            # "Huyện Lắk có 19.284 hộ với 78.254 nhân khẩu", "toàn huyện có 12.276 hộ, tương ứng 49.582
            # khẩu": households of no group, with the people they hold, are all of the place's
            people = self._next_quantity(q.end)
            if people is not None and people.unit == "people" and \
                    _PEOPLE_AFTER.fullmatch(k, q.end, people.qualifier_start or people.start):
                return [draft("total_households", "households", kind_="level", group="total")]
        if unit in ("households", "turns") and grp is None and not is_benefit:
            # "con số này còn 3.870 hộ": the group of the figure said before
            if c.anaphora.last(k, max(prev_end, clause_start), qs) is not None:
                prior = [d for d in reversed(self.done) if d.group]
                if prior:
                    grp = Hit(qs, qs, prior[0].group, "")
            # bare "hộ": the group named nearest before ("hộ nghèo là 3.365 hộ", "còn 73 hộ"), not
            # one in an aside closed before it ("53.573 hộ (chiếm 40,18% tổng số hộ DTTS) thì đến
            # năm 2016 giảm còn 47.133 hộ")
            lo = max(prev_end, clause_start)
            aside = k.rfind(")", lo, qs)
            grp = grp or c.household_groups.last(k, aside + 1 if aside >= 0 else lo, qs) or \
                (self._group_before(sent.start, qs) if aside >= 0 else c.household_groups.last(k, sent.start, qs)) \
                or self.group_frame
        verb = c.changes.last(k, max(prev_end, clause_start), qs)
        verb = verb if verb is not None and verb.label in ("down", "up") else None
        named_benefit = c.benefits.first(k, q.end, self._item_end(q.end, seg_end))
        escaped_before = c.household_flows_before.ends_at(k, max(prev_end, clause_start), qs)
        if is_benefit and unit == "households" and (
                self._escape_after(q, clause_end) or escaped_before is not None and escaped_before.label == "escaped"):
            # "giúp cho trên 3.600 hộ nghèo … vươn lên thoát nghèo": those helped out of poverty; of
            # both groups, "giúp trên 700 hộ thoát nghèo và hộ cận nghèo", "643 hộ nghèo, cận nghèo thoát nghèo"
            both = c.household_groups.first(k, q.end, min(clause_end, q.end + 80))
            pop = "poor_and_near_poor" if both is not None and both.label == "escaped_poor_near_poor" or \
                bgrp is not None and bgrp.label == "poor_and_near_poor" else None
            return [draft("escaped_households", "households", kind_="level", group="escaped", population=pop)]
        if is_benefit and not (grp is not None and grp.label in ("escaped", "escaped_near_poor", "escaped_poor_near_poor", "repoor", "new_poor")
                               and named_benefit is None and not benefit_frame):
            if verb is not None and before is None and not benefit_frame:
                pass  # "giảm 1.200 hộ nghèo vay vốn" is rare; a change verb makes it a count
            else:
                ben = c.benefits.first(k, q.end, clause_end) or c.benefits.last(k, sent.start, qs) or \
                    c.benefits.first(k, q.end, sent.end)
                attrs = {"benefit": ben.label if ben is not None else (frame.attributes.get("benefit", "other")
                                                                       if benefit_frame else "other")}
                if head == "borrowers" and ben is None:
                    attrs["benefit"] = "loan"
                if unit == "cards":
                    attrs["benefit"] = "health_insurance"
                elif unit == "houses" and attrs["benefit"] == "other":
                    attrs["benefit"] = "housing"
                pop = bgrp.label if bgrp is not None else None
                if pop is None:  # "1.200 hộ đồng bào dân tộc thiểu số được hỗ trợ"
                    area = c.populations.first(k, counter_start, self._item_end(q.end, seg_end))
                    pop = area.label if area is not None and area.label == "ethnic_minority" else None
                if pop is None and frame is not None and frame.indicator == "credit" and frame.population and \
                        frame.end >= clause_start and not c.beneficiary_groups.last(k, frame.end, qs):
                    # "cho vay hộ nghèo là hơn 2.128 tỷ đồng với 205.612 lượt hộ vay vốn": the
                    # borrowers of the amount just said
                    pop = frame.population
                if pop is None and unit in ("houses", "cards"):
                    # "583 căn nhà Đại đoàn kết cho hộ nghèo, cận nghèo, …; cấp 35.927 thẻ …": the
                    # group the item itself names after "cho", before the next item
                    # (past a name in quotes: "200 căn nhà “Đại đoàn kết” cho các hộ nghèo, hộ cận nghèo")
                    nxt = self._next_quantity(q.end + 1)
                    item_end = min(clause_end, q.end + 60, nxt.start if nxt is not None else clause_end)
                    to = c.helped_after.first(k, q.end, item_end)
                    pop = self._group_helped(to, item_end + _GROUP_REACH) if to is not None else None
                if pop is None and head != "turns":
                    # "trao 20 căn nhà đại đoàn kết cho hộ nghèo", "… nhà ở cho hộ nghèo. Trong đó, xây
                    # mới 110 hộ": the group the sentence (or the one it details) helps
                    pop = self._helped_group(sent)
                return [draft("beneficiaries", unit, kind_="level", attributes=attrs, population=pop)]
        if unit not in ("households", "turns"):
            return []
        if q.denominator is not None:
            ind = self.c.indicators_by_group.get(grp.label, {}).get("count") if grp else None
            out = []
            d = q.denominator
            if ind:
                pop = self._population(sent, q, prev_end, clause_start, right_short)
                out.append(draft(ind, "households", end=q.num_end, group=grp.label, population=pop))
                if grp.start > d.start and grp.label != "total" and \
                        any(x.indicator == ind and x.kind == "level" and x.value == d.value for x in self.done):
                    # "… có 28.667 hộ nghèo. Trong đó 27.531/28.667 hộ nghèo ở khu vực nông thôn": a
                    # part of the group, out of all of it as said before (not "3.215/6.102 hộ nghèo,
                    # chiếm 52,69%", out of all households)
                    out.append(Draft(ind, "level", d.value, None, "households", "exact", d.start, d.end,
                                     group=grp.label))
                    return out
            out.append(Draft("total_households", "level", d.value, None, "households", "exact", d.start, d.end,
                             group="total"))
            return out
        if unit == "households" and grp is not None and grp.label == "poor" and verb is None and \
                q.denominator is None and self._escape_after(q, clause_end, strict=True):
            # "1.200 hộ nghèo đã thoát nghèo", "134 nghìn hộ nghèo có người học nghề đã thoát nghèo"
            return [draft("escaped_households", "households", kind_="level", group="escaped")]
        flow = c.household_flows.at(k, q.end, right_short + 1)
        if flow is None:
            flow = c.household_flows_before.ends_at(k, max(prev_end, clause_start), qs)
            if flow is not None and flow.label == "new_poor" and grp is not None and grp.label != "poor" and \
                    not flow.text.endswith("là"):
                flow = None  # "phát sinh 200 hộ cận nghèo": newly near-poor, no indicator
        if flow is not None:
            # "1.726 hộ nghèo rơi vào cận nghèo", "155 hộ rơi vào nghèo": a count of moves
            ind = self.c.indicators_by_group[flow.label]["count"]
            return [draft(ind, "households", kind_="level", group=flow.label)]
        if grp is None:
            return []
        ind = self.c.indicators_by_group.get(grp.label, {}).get("count")
        if not ind:
            return []
        pop = self.c.indicators_by_group[grp.label].get("population") or \
            self._population(sent, q, prev_end, clause_start, right_short)
        if pop is None and grp.label in ("escaped", "new_poor", "repoor"):
            # "số hộ nghèo, hộ cận nghèo phát sinh là 04 hộ", "hộ nghèo, cận nghèo thoát hẳn": a flow of both
            both = c.household_groups.ends_at(k, max(sent.start, grp.start - 40), grp.start)
            if both is not None and both.label == "poor_near_poor":
                pop = "poor_and_near_poor"
        if pop is None and frame is not None and frame.population in _CARRIED_POPULATIONS and \
                frame.sentence == (sent.start, sent.end) and self._same_scope(frame.end, q.start):
            # "hộ nghèo vùng đồng bào dân tộc thiểu số có 2.215 hộ, chiếm 10,88%; hộ cận nghèo 1.923
            # hộ": the next group of the same list is of the same people
            pop = frame.population
        # a count of moves in or out of poverty is a count, even said as the equivalent of a change
        # ("giảm 1,25%, tương đương 336 hộ thoát nghèo": 336 households left)
        moves = grp.label in ("escaped", "escaped_near_poor", "escaped_poor_near_poor", "new_poor", "repoor")
        return [draft(ind, "households", kind_="level" if moves else None, population=pop, group=grp.label)]

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
                    e.indicator == d.indicator and e.population for e in drafts[i + 1:]):
                d.population = "all"

    def _standard(self, sent: _Sentence, pos: int) -> Optional[str]:
        """The poverty standard named in the sentence before the number, if any."""
        hit = self.c.standards.last(self.key, sent.start, pos)
        return hit.label if hit is not None else None
