"""What an amount of money measures: income per head, the bank's credit (lent, outstanding,
collected, its capital), a programme's funding by source and purpose, or money disbursed; and for
whom (the group it goes to or the borrowers). One mixin of the fact engine (``engine.FactBuilder``),
read by ``indicators.IndicatorRules._read`` for every quantity in VND."""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

from .. import rxstore
from ..nlp.quantities import Quantity
from ..text import fold_phrase
from .base import AREA_UNITS, PLACE_UNITS, Reading, first_decided, first_deciding, _ANY_DIGIT, _colon_list_head, _DISBURSEMENT, _OPENING, _PER_PERSON_OR_TIME, Draft, _Sentence, _signed
from .cues import Hit

_SOURCE_AFTER_REACH = 12  # characters from an amount to the source it is named by ("… tỷ đồng vốn ngân sách")
_PAID_OUT = fold_phrase("giải ngân")  # the measure that is a loan only when the bank says it
_LOAN_CAPITAL = fold_phrase("vốn")  # "Trong số này, vốn vay hộ nghèo …": the bank's loans by programme
_MANAGED_REACH = 20  # characters from an amount an association manages to the loans it is ("… tỷ đồng vốn vay")
_ENTRUSTED_REACH = 90  # characters from an amount to "ủy thác qua" (the bank) said after it
_NORM_MAX = 2e7  # VND: an amount a month or a year below this, said of no income, is what each one gets or pays
_INCOME_MAX = 1e9  # VND: a sum this large said near "thu nhập" is money lent or spent, nobody's income
_PAID_AFTER_REACH = 110  # characters from an amount to "đã được giải ngân" said after it
_PAID_TO = rxstore.compile(r"\s*(?:cho\s+|với\s+|/\s*)")  # "… tỷ đồng cho ", "… tỷ đồng/462 hộ", "… đồng với 9 hộ vay"
_LENT_TO = rxstore.compile(r"\s*,?\s*cho\s+")  # "… tỷ đồng, cho "
_CLAUSE_STOP = rxstore.compile(r"[,;.:()]")  # a mark that ends the phrase of a count
_BORROW_REACH = 70  # characters from a count paid to, to the word that says its members borrow
_NEXT_SENTENCE_GAP = 3  # characters between a sentence's end and the next one's start


_BELOW_A_LINE = ("households", "people", "provinces")  # counted below an income line: a band


class _CreditReading:
    """An amount read as a figure of the bank's: the reading of the number, the bank's measure named
    before it in its clause, and what the stages of ``_money_credit`` found for the next one."""

    __slots__ = ("a", "measure", "own", "lender", "help_total")

    def __init__(self, a: Reading, measure: Optional[Hit]):
        self.a, self.measure = a, measure
        self.own = None  # a measure only the bank speaks of ("dư nợ")
        self.lender = False  # a lending fund, or the bank, pays the amount out
        self.help_total = False  # the amount totals a list of help, not loans


class MoneyRules:
    """Rules for amounts of money (of :class:`~extractor.facts.engine.FactBuilder`)."""

    def _elaborated_money(self) -> Optional[Draft]:
        """The one sum of money the sentence that the current one details gave (its last, when all its
        sums are of one indicator), or None."""
        prev = self.elaborated
        sums = [d for d in self.done if d.unit == "VND" and d.sentence and d.sentence[0] == prev.start]
        return sums[-1] if sums and len({d.indicator for d in sums}) == 1 else None

    def _bank_figure_before(self, sent: _Sentence) -> Optional[Draft]:
        """The bank's own figure the sentence right before gave last (a credit amount of a measure),
        or None."""
        prev = self.done[-1].sentence if self.done else None
        if not prev or sent.start - prev[1] > _NEXT_SENTENCE_GAP:
            return None
        for d in reversed(self.done):  # (the drafts of the sentence before are the last ones made)
            if d.sentence != prev:
                return None  # (its drafts are contiguous: it is the last sentence with any)
            if d.indicator == "credit" and d.unit == "VND":
                return d if "measure" in d.attributes else None
        return None

    def _programme_borrowers(self, start: int, end: int) -> Optional[str]:
        """The group a lending programme named between ``start`` and ``end`` is for, right after its
        words ("Chương trình tín dụng hộ nghèo hiện có dư nợ …"), or None."""
        k = self.key
        prog = self.c.lending_programme.last(k, start, end)
        grp = self.c.beneficiary_groups.at(k, prog.end, end) if prog is not None else None
        return grp.label if grp is not None else None

    def _whole_planned(self, sent: _Sentence, q) -> bool:
        """The fraction ``q`` is followed by its share of a plan (``_fraction_of_plan``): its whole is
        the plan's amount, a target."""
        at = bisect_left(self.q_starts, q.end)
        share = self.quantities[at] if at < len(self.quantities) else None
        return share is not None and share.unit == "%" and share.value is not None and \
            self._fraction_of_plan(sent, share, q.end, share.qualifier_start if share.qualifier_start is not None
                                   else share.start)

    def _count_paid_to(self, q, to_words) -> tuple:
        """The count right after ``q`` and the words "cho" (``to_words``), with where the next number
        starts, or (None, None)."""
        to = to_words.match(self.key, q.end)
        if to is None:
            return None, None
        at = bisect_left(self.q_starts, to.end())
        count = self.quantities[at] if at < len(self.quantities) else None
        if count is None or (count.qualifier_start if count.qualifier_start is not None else count.start) != to.end():
            return None, None  # ("cho hơn 2.600 hộ": the count with its qualifier)
        return count, self.quantities[at + 1].start if at + 1 < len(self.quantities) else len(self.key)

    def _paid_to_borrowers(self, q, clause_end: int) -> Optional[Hit]:
        """An amount paid out "cho" a count whose phrase borrows ("giải ngân 405 tỉ đồng cho 21.846
        khoản vay", "… 27,4 tỷ đồng cho 631 hộ nghèo, … vay phát triển kinh tế"): the borrow word."""
        count, nxt = self._count_paid_to(q, _PAID_TO)
        if count is None:
            # "giải ngân trên 70 tỷ đồng cho hội viên phụ nữ vay vốn": to people named, no count, who
            # borrow (after "cho" only: a bar with no count after it is a rate's, "… đồng/năm")
            to = _LENT_TO.match(self.key, q.end)
            if to is None:
                return None
            return self._borrowing_in(to.end(), min(clause_end, to.end() + _BORROW_REACH), no_number=True)
        return self.c.borrow_words.first(self.key, count.start, min(clause_end, nxt, count.end + _BORROW_REACH))

    def _borrowing_in(self, start: int, end: int, no_number: bool = False) -> Optional[Hit]:
        """The borrow word of the phrase from ``start`` to the first mark that ends it (or ``end``);
        with ``no_number``, None when a number stands in that phrase."""
        stop = _CLAUSE_STOP.search(self.key, start, end)
        end = stop.start() if stop is not None else end
        if no_number and _ANY_DIGIT.search(self.key, start, end):
            return None
        return self.c.borrow_words.first(self.key, start, end)

    def _lent_to_borrowers(self, sent: _Sentence, q) -> Optional[Hit]:
        """An amount "cho" a count of people who borrow it, the count's phrase ending in the borrow
        word ("… hơn 785 tỷ đồng, cho 28.500 phụ nữ vay", "12 tỷ 400 triệu đồng cho 442 hộ vay"):
        the borrow word."""
        count, nxt = self._count_paid_to(q, _LENT_TO)
        if count is None:
            return None
        return self._borrowing_in(count.end, min(sent.end, nxt, count.end + _BORROW_REACH))

    def _money(self, sent: _Sentence, q: Quantity, unit: str, prev_end: int, left_start: int, clause_start: int,
               clause_end: int, right_short: int, frame: Optional[Draft], drafts: list[Draft], draft, kind: str,
               sign: int) -> list[Draft]:
        """The drafts of an amount of money ``q`` (``draft`` builds one with the number's kind): the first
        of the stages below that decides (a list, empty for no fact) gives them; none deciding gives none."""
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        a = Reading(sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts,
                    draft, kind, sign)
        return first_decided(self, self._MONEY_STAGES, a)

    def _money_no_total(self, a: Reading) -> Optional[list[Draft]]:
        """A poverty line, the income that makes a group, another programme's money, a norm per unit: no fact."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        if c.poverty_line.last(k, clause_start, q.start) or _colon_list_head(k, c.poverty_line, sent.start, q.start) or \
                c.income_ceiling_after.first(k, q.end, min(clause_end, q.end + 40)):
            return []  # a poverty line is nobody's income
        if c.earned_words.last(k, clause_start, q.start) is not None and \
                c.income.last(k, clause_start, q.start) is None:
            return []  # "trừ chi phí, anh thu về khoảng 100 triệu đồng/năm": one household's earnings
        opening = k.rfind("(", sent.start, q.start)
        named = opening
        while named > sent.start and k[named - 1] in " ,":
            named -= 1
        if "/" in unit and opening >= 0 and k.find(")", opening, q.start) < 0 and \
                c.household_groups.ends_at(k, sent.start, named) is not None:
            # "Với hộ cận nghèo, (thu nhập từ 21 đến 28 triệu đồng/ người/ năm) còn 917 hộ", "hộ nghèo
            # (thu nhập dưới 700.000 đồng/người/tháng)": the income that makes the group, a line
            return []
        other = c.other_programmes.last(k, clause_start, q.start)
        # (a part named as the other programme's in a breakdown of a whole is of the whole; the parts
        # of the other programme's money are its: "… huy động xây dựng NTM đạt gần 5.500 tỷ đồng, trong
        # đó Nhân dân đóng góp gần 1.800 tỷ đồng")
        part = c.breakdown.first(k, sent.start, q.start)
        # (the poverty programme named in the sentence keeps its money, but not past a ";" that opens
        # the other's item: "… giảm nghèo bền vững là 185.334 triệu đồng (…); Chương trình … nông
        # thôn mới 112.773 triệu đồng")
        item = k.rfind(";", sent.start, other.start) + 1 if other is not None else sent.start
        own_item = item > sent.start and not c.poverty.first(k, item, q.end)
        if other is not None and (own_item or not c.poverty.first(k, sent.start, sent.end)) and \
                not (part is not None and part.start < other.start) and not c.credit_bank.first(k, clause_start, q.end) \
                and not c.disbursed.last(k, clause_start, q.start) and \
                not c.lent_for_after.at(k, q.end, min(clause_end, q.end + 25)) and \
                not ("/person" in unit and c.income.last(k, clause_start, q.start) is not None):
            # (but the income per head of its communes is their people's: "thu nhập bình quân đầu người
            # của 20/20 xã NTM đạt 83,84 triệu đồng/người")
            return []  # "… xây dựng nông thôn mới, … đã huy động 22.486 tỷ đồng": another programme's money
        per = unit.split("/")[1:]
        if any(part not in _PER_PERSON_OR_TIME for part in per) and \
                not (kind == "level" and len(per) == 1 and per[0] in c.funding_per):
            return []  # a norm per house, household, project …: no total, no income per person
        return None

    def _money_income(self, a: Reading) -> Optional[list[Draft]]:
        """An income per head (said with its words, or more places' or the frame's), or a norm a month or a year."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        value, rng = q.value, q.range
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
        income_words = c.income.last(k, left_start, q.start) or self._income_past_time(q, clause_start) or \
            self._income_list_item(sent, q)
        if "/person" in unit and not income_words and c.income.last(k, sent.start, q.start) is None and \
                c.help_per_head.last(k, clause_start, q.start) is not None:
            return []  # "Mức quà tặng … là 400.000 đồng/người", "được trợ cấp 360.000 đồng/người/tháng": help per head, a norm
        if "/person" in unit or income_words and \
                not (unit == "VND" and max(rng or (value,)) >= _INCOME_MAX):
            if c.one_family.last(k, clause_start, q.start) is not None:
                return []  # "giúp gia đình anh có thu nhập mỗi năm hơn 30 triệu đồng": one family's
            if self._areas_banded(q, clause_start):
                return []  # "3 xã đạt thu nhập bình quân trên 30 triệu đồng/năm": a band the areas are sorted in
            if c.income.last(k, sent.start, q.start) or "/person" in unit:
                # "thu nhập của hộ nghèo tăng từ 9,5 triệu đồng": whose income
                whose = c.beneficiary_groups.last(k, clause_start, q.start) or \
                    c.populations.last(k, clause_start, q.start)  # "thu nhập … của người dân tộc thiểu số"
                return [draft("income_per_capita", unit, population=whose.label if whose else None)]
            return []
        if unit in ("VND/month", "VND/year") and max(rng or (value,)) < _NORM_MAX:
            # "hỗ trợ tiền điện cho hộ nghèo 30.000 đồng/tháng", "mức cho vay là 11 triệu đồng/năm": what
            # each gets or pays a month or a year, a norm (not "gần 83,2 tỷ đồng/tháng", a programme's spending)
            return []
        return None

    def _money_credit(self, a: Reading) -> Optional[list[Draft]]:
        """The bank's figures: a measure of its own, money an association manages or the budget entrusts
        to it, loans said by their borrowers, the parts of its figure. The first of the stages below that
        decides gives the drafts; each reads the measure of the bank named before the amount, and may
        leave what it found for the next."""
        return first_deciding(self, self._CREDIT_STAGES,
                              _CreditReading(a, self.c.credit_measures.last(self.key, a.clause_start, a.q.start)))

    def _credit_overdue(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """A measure of the bank's the contract has no indicator for: no fact."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        measure = r.measure
        if measure is not None and measure.label in c.credit_measures_not_facts and \
                not _ANY_DIGIT.search(k, measure.end, qs) and ";" not in k[measure.end:qs]:
            return []  # "Nợ quá hạn và nợ khoanh là 912 triệu đồng": no measure of the contract's
        return None

    def _credit_borrowed(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """The sum a count of borrowers said right before it took."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        measure = r.measure
        borrowed = self._borrowed_right_after(sent, qs)
        if borrowed is not None and (measure is None or measure.end <= borrowed):
            # "toàn huyện có 742 hộ nghèo vay vốn trên 25 tỷ đồng": the sum a count of borrowers took,
            # whatever measure of the bank the clause named before them ("từ nguồn vốn tín dụng …")
            grp = c.beneficiary_groups.last(k, borrowed, qs)
            return [draft("credit", "VND", attributes={"measure": "lent"}, population=grp.label if grp else None)]
        return None

    def _credit_listed(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """An item of a list whose head names the measure, or a part of the bank's figure the
        sentence before gave."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        measure = r.measure
        colon = k.rfind(":", sent.start, q.start)
        if measure is None and colon > sent.start and \
                not c.funding.last(k, clause_start, q.start) and not c.disbursed.last(k, clause_start, q.start):
            # "doanh số cho vay cao như: Hải Hậu đạt 12 tỷ đồng; Ý Yên …": the items of a
            # list are of the measure named before its colon
            measure = c.credit_measures.last(k, sent.start, colon)
        if measure is None and colon > sent.start and c.programme_list_heads.first(k, sent.start, colon) is not None and \
                not c.funding.last(k, sent.start, q.start) and not c.disbursed.last(k, sent.start, q.start):
            whole = self._bank_figure_before(sent)
            if whole is not None:
                return [draft("credit", "VND", attributes=dict(whole.attributes),
                              population=self._borrowers(max(prev_end, colon), q.start))]
        fund_said = c.funding.last(k, sent.start, q.start)
        if measure is None and self.elaborated is not None and c.elaboration.at(k, sent.start) is not None and \
                (fund_said is None or fund_said.text == _LOAN_CAPITAL) and not c.disbursed.last(k, sent.start, q.start):
            # "… giao chỉ tiêu kế hoạch tín dụng năm 2019 … Trong đó, chương trình hộ nghèo 7 tỉ
            # đồng; …": the parts are of the bank's measure the sentence before named
            prev = self.elaborated
            if self._bank_named(prev):
                measure = c.credit_measures.last(k, prev.start, prev.end)
                if measure is not None:
                    return [draft("credit", "VND", attributes={"measure": measure.label},
                                  population=self._borrowers(clause_start, q.start))]
            whole = self._elaborated_money()
            if whole is not None and whole.indicator == "credit":
                # "… giao bổ sung 40 tỷ đồng … về chỉ tiêu kế hoạch tín dụng … Cụ thể các huyện được
                # giao như sau: Ba Tơ (6,8 tỷ đồng), …": the parts of the credit figure said before
                return [draft("credit", "VND", attributes=dict(whole.attributes),
                              population=self._borrowers(clause_start, q.start))]
        r.measure = measure
        return None

    def _credit_managed(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """Money an association manages for the bank, the bank's own capital, money entrusted to it."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        measure = r.measure
        own = c.credit_own.last(k, clause_start, q.start)
        if measure is None and own is None and c.managed_before.ends_at(k, clause_start, q.qualifier_start or q.start):
            loans = c.loan_words.first(k, q.end, min(clause_end, q.end + _MANAGED_REACH))
            if loans is not None and not _ANY_DIGIT.search(k, q.end, loans.start):
                # "Hội CCB tỉnh … quản lý 1.000 tỷ đồng vốn vay từ Ngân hàng Chính sách Xã hội": the loans
                # an association manages for the bank, outstanding
                return [draft("credit", "VND", attributes={"measure": "outstanding"})]
            after = c.credit_measures.at(k, q.end, clause_end)
            if after is not None and after.label == "capital" and c.credit_bank.first(k, clause_start, q.start) is not None:
                # "NHCSXH tỉnh quản lý trên 3.500 tỷ đồng nguồn vốn": the bank's own capital
                return [draft("credit", "VND", attributes={"measure": "capital"})]
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
        r.own = own
        return None

    def _credit_loans(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """Loans said as such (preferential, lent for, paid to borrowers, the sum borrowers took, an
        item of lending), and no total where one family's loan or a norm per borrower is said."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        measure, own = r.measure, r.own
        lender = measure is not None and measure.text == _PAID_OUT and self._lender_named(sent)
        if measure is not None and measure.text == _PAID_OUT and own is None and not lender and \
                c.funding.last(k, clause_start, measure.start) is not None and \
                c.credit_bank.first(k, sent.start, sent.end) is None and \
                c.credit_bank_self.first(k, sent.start, sent.end) is None:
            measure = None  # "tổng kinh phí giải ngân …": the programme's money paid out, not a loan
        named_by = c.funding_sources.first(k, q.end, min(clause_end, q.end + _SOURCE_AFTER_REACH + 30)) \
            if measure is not None and measure.text == _PAID_OUT and own is None else None
        if named_by is not None and named_by.start - q.end <= _SOURCE_AFTER_REACH and \
                not _ANY_DIGIT.search(k, q.end, named_by.start) and (
                    named_by.label != "credit" or any(d.indicator == "disbursed" for d in drafts)) and \
                c.credit_bank.last(k, sent.start, measure.start) is None:
            # (not the bank that pays out, the sources of its loans after: "các đơn vị thuộc Ngân hàng
            # Chính sách xã hội tỉnh đã giải ngân được 35 tỷ đồng (cả nguồn vốn Trung ương và địa phương)")
            # (not the bank's own loans paid out: "giải ngân 5,5 tỷ đồng vốn vay ưu đãi cho hơn 100 hộ")
            # "giải ngân được 10,1 tỷ đồng vốn Ngân sách Nhà nước, 10,8 tỷ đồng vốn vay từ Ngân hàng
            # Chính sách …": a programme's money paid out, each amount named by its source
            measure = None
        loan = c.preferential_loans.last(k, clause_start, q.start) or \
            c.preferential_loans.at(k, q.end, min(clause_end, q.end + 25)) or \
            c.lent_for_after.at(k, q.end, min(clause_end, q.end + 25)) or \
            (self._paid_to_borrowers(q, clause_end) if measure is not None and measure.text == _PAID_OUT else None) or \
            self._lent_to_borrowers(sent, q)
        help_total = self._total_of_listed_help(clause_start, q.start)
        if help_total:
            loan = None
        if loan is not None and self._person_named(sent, q.start):
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
        if (measure is None or measure.label != "capital") and not help_total:
            lending = self._lending_item(sent, q, clause_end)
            if lending:
                return [draft("credit", "VND", attributes={"measure": measure.label if measure else "lent"},
                              population=self._borrowers(max(prev_end, clause_start), q.start, sent) or
                              self._counted_group(drafts, clause_start, q.start, benefit="loan"))]
        r.measure, r.lender, r.help_total = measure, lender, help_total
        return None

    def _credit_of_bank(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """A measure of the bank's when the bank is named, a lending fund pays out or the bank's
        figures came just before."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        measure, own, lender = r.measure, r.own, r.lender
        bank_before = self.elaborated is not None and c.elaboration.at(k, sent.start) is not None and \
            self._bank_named(self.elaborated)
        # "Dư nợ tín dụng chính sách toàn tỉnh … đạt 3.102,1 tỷ đồng … Các đơn vị đều có dư nợ tăng
        # trưởng …: Ý Yên tăng 14,1 tỷ đồng, …": the bank's measure again, in the sentence after its figures
        bank_before = bank_before or measure is not None and any(
            d.indicator == "credit" and d.unit == "VND" for d in self.done
            if d.sentence[1] >= sent.start - _NEXT_SENTENCE_GAP)
        if measure is not None and (own is not None or self._bank(sent) and not self._bank_a_source(sent, q) or bank_before or
                                    lender or (
                c.preferential_loans.last(k, sent.start, measure.start) is not None and
                c.breakdown.first(k, sent.start, measure.start) is None)):
            # the bank named, or its preferential lending ("các chương trình vay vốn tín dụng chính
            # sách ưu đãi có mức giải ngân cao như: Cho vay hộ cận nghèo 15,5 tỷ đồng"), but not
            # the credit part of a programme's money broken down by source ("trong đó … vốn tín
            # dụng chính sách cho vay hộ nghèo … 8,6 nghìn tỷ đồng" is funding)
            return [draft("credit", "VND", attributes={"measure": measure.label},
                          population=self._borrowers(max(measure.start, left_start), q.start, sent) or
                          self._given_before(clause_start, measure.start) or
                          self._programme_borrowers(clause_start, measure.start))]
        return None

    def _credit_parts(self, r: "_CreditReading") -> Optional[list[Draft]]:
        """The parts of the bank's figure the sentence breaks down, and the credit figure before
        going on."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = r.a
        k, c = self.key, self.c
        whole = next((d for d in drafts if d.indicator == "credit" and d.kind == "level" and d.unit == "VND"
                      and d.start >= sent.start), None)
        if whole is not None and c.breakdown.first(k, whole.end, q.start) is not None and \
                not c.disbursed.last(k, whole.end, q.start) and (
                    not c.budget_words.last(k, whole.end, q.start) or whole.attributes.get("measure") == "capital"):
            # "tổng nguồn vốn chính sách xã hội … gần 477 tỷ đồng, trong đó, nguồn vốn Trung ương
            # là hơn 407,7 tỷ đồng; nguồn vốn huy động …": the parts of the bank's figure the
            # sentence breaks down (its capital by the budgets that entrusted it too: "nhận ủy thác
            # … 12.100 triệu đồng …; trong đó, ngân sách tỉnh 5.500 triệu đồng")
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
        return None

    _CREDIT_STAGES = (_credit_overdue, _credit_borrowed, _credit_listed, _credit_managed, _credit_loans, _credit_of_bank,
                      _credit_parts)

    def _lender_named(self, sent) -> bool:
        """The sentence, or its paragraph before it, names a lending fund of an association or a
        microfinance body ("Quỹ Hỗ trợ nông dân", "TYM"), or the paragraph before it the bank
        ("… chi nhánh NHCSXH tỉnh … tổ chức giải ngân … Tổng số vốn giải ngân trong ngày là gần 600
        triệu đồng"), whose money paid out is lent."""
        start = self.key.rfind("\n", 0, sent.start) + 1
        return self.c.loan_funds.first(self.key, start, sent.end) is not None or \
            self.c.credit_bank.first(self.key, start, sent.start) is not None and \
            self.c.funding.first(self.key, sent.start, sent.end) is None  # (not "Tổng kinh phí giải ngân của Chương trình")

    def _money_disbursed(self, a: Reading) -> Optional[list[Draft]]:
        """Money paid out (and the whole it is paid out of, after a bar)."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        disb = c.disbursed.last(k, clause_start, q.start)
        if disb is None:
            # "gần 50,819 tỷ đồng từ Chương trình MTQG 1719 đã được giải ngân cho các hộ": paid out, said after
            disb = c.disbursed_after.first(k, q.end, min(clause_end, q.end + _PAID_AFTER_REACH))
        if disb is None and clause_start > sent.start and self._in_parens(sent, clause_start):
            # "giải ngân … 117,762 tỷ đồng (trong đó, vốn năm 2022 … là 64,233 tỷ đồng; vốn năm
            # 2023 là 53,529 tỷ đồng)": the items in brackets are parts of the sum paid out before
            opening = k.rfind("(", sent.start, clause_start)
            disb = c.disbursed.last(k, self._clause_start(sent, opening), opening)
        # "…, với tổng số vốn 330 tỷ 177 triệu đồng, thực hiện đạt 321.987,6 triệu đồng": the plan, then what
        # was paid out of it; unless the sum is set against the plan (", đạt 100% kế hoạch vốn")
        against_plan = c.capital_plan_after.first(k, q.end, min(clause_end, q.end + 40)) is not None
        if disb is None and self.elaborated is not None and c.breakdown.at(k, sent.start) is not None and \
                (against_plan or not c.allocation.first(k, max(prev_end, clause_start), q.start)):
            # "Kết quả giải ngân … được hơn 313,1 tỷ đồng, … Trong đó: vốn đầu tư phát triển hơn 291,4
            # tỷ đồng, …": the parts of the sum the sentence before paid out (no more than it)
            paid = c.disbursed.last(k, self.elaborated.start, self.elaborated.end)
            whole = next((x for x in self.quantities[bisect_left(self.q_starts, paid.end):
                                                     bisect_left(self.q_starts, self.elaborated.end)]
                          if x.unit == "VND"), None) if paid is not None else None
            if whole is not None and whole.value is not None and q.value is not None and q.value <= whole.value:
                disb = paid
        fund_hit = c.funding.last(k, clause_start, q.start)
        # an item of a list of disbursements ("- Dự án 2: 38,2/61,5 tỷ đồng") is one too
        listed = disb is None and fund_hit is None and frame is not None and frame is self.list_frame \
            and frame.indicator in _DISBURSEMENT
        if disb is not None and frame is not None and frame.indicator == "disbursed" and \
                k[frame.end:q.start].strip() == "/":
            # "giải ngân hơn 19 triệu đồng/16,14 tỉ đồng": of the money given, all of it
            return [draft("funding", "VND", attributes={"source": "total"})]
        if listed or disb is not None and (fund_hit is None or fund_hit.start < disb.start or
                                           against_plan or not c.allocation.first(k, max(disb.end, prev_end), q.start)):
            out = [draft("disbursed", "VND", end=q.num_end if q.denominator else q.end)]
            if q.denominator is not None:
                out[0].value = _signed(q.value, None, sign)[0] if kind == "change" else q.value
                d = q.denominator
                out.append(Draft("funding", "level", d.value, None, "VND", "exact", d.start, d.end,
                                 attributes={"source": "total"}))
            return out
        return None

    def _money_funding(self, a: Reading) -> Optional[list[Draft]]:
        """A programme's money: allocated, raised, given, with its source, purpose and group."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        fund_hit = c.funding.last(k, clause_start, q.start)
        # "… quỹ đã vận động thu được trên 6,7 tỷ đồng. Trong đó cấp tỉnh thu trên 1,6 tỷ đồng", "…
        # cấp hơn 5,8 tỷ đồng … Cụ thể, cấp cho UBND huyện Đông Giang gần 1,5 tỷ đồng; …": the parts
        # of the money the sentence before raised or gave
        part = self.elaborated is not None and c.elaboration.at(k, sent.start) is not None and \
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
            pop = self._funded(sent, q, clause_start) or self._counted_group(drafts, clause_start, q.start)
            if q.denominator is not None:
                plan = self._whole_planned(sent, q)
                return [draft("funding", "VND", end=q.num_end, attributes=attrs, population=pop),
                        Draft("funding", "level", q.denominator.value, None, "VND", "exact",
                              q.denominator.start, q.denominator.end,
                              attributes={} if plan else {"source": "total"}, of_plan=plan)]
            return [draft("funding", "VND", attributes=attrs, population=pop)]
        return None


    # the stages of an amount of money, in the order they are tried (the functions, bound to no object)
    _MONEY_STAGES = (_money_no_total, _money_income, _money_credit, _money_disbursed, _money_funding)

    def _counted_group(self, drafts: list[Draft], start: int, pos: int, benefit: Optional[str] = None) -> Optional[str]:
        """The group of those helped (with ``benefit``, if given) counted in the clause right before an
        amount, no other amount between: money given ("cấp 17.092 thẻ BHYT người nghèo, kinh phí 6.876
        triệu đồng"), or lent to borrowers counted ("cho 11.623 hộ nghèo được vay vốn sản xuất với tổng
        số vốn vay 110.435 triệu đồng"; not "cho 494 hộ nghèo vay vốn với tổng số tiền gần 24 tỷ đồng
        và trên 21 tỷ đồng …")."""
        counted = next((d for d in reversed(drafts) if d.indicator == "beneficiaries" and d.kind == "level"
                        and start <= d.start and d.end <= pos), None)
        if counted is None or benefit is not None and counted.attributes.get("benefit") != benefit or \
                self._money_near(counted.end, pos, ("VND",), forward=True) is not None:
            return None
        return counted.population

    def _total_of_listed_help(self, start: int, pos: int) -> bool:
        """The amount at ``pos`` is the total of a list of kinds of help, loans one of them ("…, hỗ
        trợ tiền điện, vay vốn, trợ cấp hàng tháng... với tổng nguồn lực … gần 230 tỷ đồng")."""
        k, c = self.key, self.c
        loan = c.loan_words.last(k, start, pos)
        if loan is None or "," not in k[max(start, loan.start - 3):loan.start]:
            return False
        return any(h.label == "total" and h.start >= loan.end for h in c.funding_sources.all(k, loan.end, pos))

    def _bank_a_source(self, sent, q) -> bool:
        """The article first names the bank after the amount, as one source of money the sentence
        breaks down ("tổng nguồn vốn đầu tư gần 9 tỷ đồng; trong đó vốn do Trung ương hỗ trợ là 720
        triệu đồng, …, còn lại là vốn vay từ Ngân hàng Chính sách xã hội huyện"): a programme's money."""
        k, c = self.key, self.c
        bank = c.credit_bank.first(k, sent.start, sent.end)
        if bank is None:
            return False
        if bank.start > q.end and self.bank_at is not None and self.bank_at >= sent.start and \
                c.breakdown.first(k, sent.start, bank.start) is not None:
            return True
        # "… đã được hỗ trợ trên 389 tỷ đồng xây dựng nhà ở … Trong đó, vốn Trung ương gần 109 tỷ đồng,
        # vốn vay Ngân hàng chính sách xã hội trên 99 tỷ đồng, …, nguồn vốn hỗ trợ cộng đồng … gần 117
        # tỷ đồng": the parts of a programme's money the sentence before gave, the bank's loans one
        whole = self._said_before(sent) if c.elaboration.at(k, sent.start) is not None else None
        return whole is not None and whole.indicator == "funding" and whole.unit == "VND" and \
            c.credit_bank.first(k, self.key.rfind("\n", 0, whole.start) + 1, whole.start) is None

    def _income_past_time(self, q, clause_start: int):
        """Income words before the amount past a time said between ("Thu nhập bình quân 1 người 1
        tháng năm 2024 theo giá hiện hành đạt 5,4 triệu đồng"), with no other figure or money word
        between."""
        k, c = self.key, self.c
        hit = c.income.last(k, clause_start, q.start)
        if hit is None or self._money_cue(hit.end, q.start):
            return None
        between = self.quantities[bisect_left(self.q_starts, hit.end):bisect_left(self.q_starts, q.start)]
        # (only times, the "1 người 1 tháng" the income is said per, and the places it is of: "thu nhập
        # bình quân đầu người/năm ở 3 xã này đạt 44,7 triệu đồng", may stand between)
        if not all(x.value == 1 or self._in_time(x.start) or x.unit in PLACE_UNITS for x in between):
            return None
        return hit

    def _in_time(self, pos: int) -> bool:
        """A time mention covers ``pos``."""
        i = bisect_left(self.time_starts, pos + 1) - 1
        return i >= 0 and self.times[i].start <= pos < self.times[i].end

    def _areas_banded(self, q, clause_start: int) -> bool:
        """The last figure of the clause before ``q`` counts areas ("3 xã đạt thu nhập bình quân
        trên 30 triệu đồng/năm", "26 xã … từ 20 đến dưới 30 triệu đồng/năm"), or households, people
        or provinces below a line ("còn khoảng 550 hộ thu nhập dưới 12 triệu đồng/người/năm", "4.444
        phụ nữ nghèo … với mức thu nhập dưới 6 triệu đồng/người/năm"): a band, no one's income."""
        before = [x for x in self.quantities[bisect_left(self.q_starts, clause_start):bisect_left(self.q_starts, q.start)]
                  if x.unit]
        if before and self.c.income.last(self.key, clause_start, before[-1].start) is not None:
            return False  # "thu nhập bình quân đầu người của 20/20 xã NTM đạt 83,84 triệu đồng/người": their income
        return bool(before) and (before[-1].unit in AREA_UNITS or
                                 q.bound == "under" and before[-1].unit in _BELOW_A_LINE)

    def _income_list_item(self, sent: _Sentence, q):
        """An item of a list of places' incomes after a colon ("… có thu nhập bình quân đầu người cao
        nhất cả nước gồm: TP. Hồ Chí Minh (3,652 triệu đồng), Bình Dương (3,567 triệu đồng), …"): the
        income words of the label, the place right before the amount."""
        k, c = self.key, self.c
        colon = k.rfind(":", sent.start, q.start)
        if colon < 0 or self._money_cue(colon, q.start):
            return None
        label = c.income.last(k, sent.start, colon)
        if label is None:
            return None
        # the place right before the amount, as an item of a list by place says it, or with the amount
        # in brackets after it ("Bình Dương (3,567 triệu đồng)")
        pos = q.start
        bracket = k.rfind("(", colon, q.start)
        if bracket >= 0 and not k[bracket + 1:q.start].strip():
            pos = bracket
        i = bisect_left(self.place_starts, pos) - 1
        if i < 0 or self.places[i].end <= colon or not self._place_item_before(pos):
            return None
        return label
