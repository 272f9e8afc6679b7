"""What a percentage measures: a rate of a group (poverty, near-poverty, their sum), its change or
share, the coverage of a service, a deprivation, a plan achieved, a disbursement rate, the bank's
growth or share, a part of a programme's money. One mixin of the fact engine
(``engine.FactBuilder``), read by ``indicators.IndicatorRules._read`` for every quantity in percent."""
from __future__ import annotations

from bisect import bisect_left
from itertools import chain
from typing import Optional

from .. import rxstore
from .base import AREA_UNITS, Reading, first_decided, _ANY_DIGIT, _AREA_POPULATIONS, _DISBURSEMENT, _OPENING, RATE_INDICATORS, Draft, _signed
from .cues import Hit
from .indicators import _NAME_BEFORE

# A fall of at least this many percent of "số hộ nghèo" is a share of their number, not points of
# their rate ("giảm 20% số hộ nghèo" against "giảm 1,4% số hộ nghèo so với năm 2012").
_COUNT_SHARE_MIN = 10
_DONE_ASIDE = rxstore.compile(r"\s*[(,]\s*")  # between a count done and "đạt X%": "25 nhà (đạt 49%)"
_OPEN_BRACKET = rxstore.compile(r"\s*\(\s*")
_RATE_GROUP_REACH = 30  # characters from a rate word to the group it is of ("tỷ lệ hộ nghèo đa chiều")
_CLAUSE_PAST = rxstore.compile(r"[,)]")  # between a rate and a subject that may be the next item's
_ITEM_END = rxstore.compile(r"[;,.]")
# between support paid out and the share of it paid: "đã chi trả cho 21.648 người (đạt 94,4%)"
_PAID_SHARE = rxstore.compile(r"(?:\s+cho\s+[\d.,]+(?:,?\s+[^\W\d_]+){1,6})?\s*[(,]?\s*(?:đạt|bằng)?(?:\s+tỷ lệ|\s+tỉ lệ)?"
                              r"(?:\s+khoảng|\s+trên|\s+hơn|\s+gần)?\s*")
_AREAS_ASIDE = rxstore.compile(r"[^\W\d_\s]*(?:\s+[^\W\d_]+){0,2}\s*\(\s*")  # "203/319 xã phường (" before the share
_LIST_WORD = rxstore.compile(r"[,\s]*([^\W\d_]+)")  # the next word of a list, past commas
_CLOSE_THEN_AGAINST = rxstore.compile(r"\s*\)\s*(?=so với\s)")  # "(chiếm 8,93%) so với vùng đồng bào DTTS"
_SUBJECT_LEAD = rxstore.compile(r"\s*(?:trở lên|trở xuống)?\s*(?:tổng số|số)?")  # "50% trở lên số lao động"
_SHARE_AFTER = rxstore.compile(r"\s*[,(]?\s*chiếm(?:\s+tỷ lệ|\s+tỉ lệ|\s+khoảng|\s+gần|\s+hơn|\s+trên)?\s*")  # "…, chiếm 9,6%"
_SERVICE_GROUP_REACH = 30  # characters from a rate word to its group, and from the group to the verb of a service
_SERVED_SUBJECT_WORDS = 3  # words of the subject between a rate word and its verb of service ("tỷ lệ hộ dân sử dụng …")
_PLAN_LIST_REACH = 40  # characters from the words of a plan's result to the colon opening its list
_TOPIC_REACH = 400  # characters a rate said with its words carries to bare rates after it
_SHARE_ROUNDING = 0.051  # points a share written with one or two decimals may differ from the count's quotient
_FUND_SHARE_REACH = 80  # characters from money words to a share of the money, with no amount between
_OTHER_RATE_REACH = 40  # characters after a rate word said right after a number that name what it is of
_STOCK_COUNTS = ("poor_households", "near_poor_households", "poor_near_poor_households")  # counts a rate is said of


_PARTED_GROUPS = ("poor", "near_poor")  # the groups whose households a breakdown may give a share of
_AREA_SHARE_REACH = 30  # characters from a percentage to the poor areas it is a part of ("30% số xã đặc biệt khó khăn")
_AREA_SHARE_WORDS = 2  # words between them: "số", the unit's type word
_AREA_SHARE_GAP = rxstore.compile(r"[\d,.;:()]")  # no number or mark between
_FRACTION_SLACK = 0.6  # percentage points a share said may differ from its fraction, as rounded
_PLAN_AFTER_REACH = 24  # characters from a share to the plan it is of ("đạt 145,3% kế hoạch")
_WHOSE = rxstore.compile(r"[^\d,;:()]{0,30}?(?:(?<!\w)của\s+)?")  # "Thu nhập bình quân đầu người của ": up to whose it is


class PercentRules:
    def _served(self, start: int, end: int):
        """(the verb of getting, the service got) after a subject that ends at ``start``: "… được cấp
        thẻ bảo hiểm y tế", "… có nhà tiêu"; (None, None) or (verb, None) when not said before ``end``."""
        verb = self.c.service_verbs.first(self.key, start, end)
        own = self.c.verb_services.first(self.key, start, verb.start if verb is not None else end)
        if own is not None:
            return own, own  # a service said with its own verb: "… thuộc hộ nghèo đi học đúng độ tuổi"
        return verb, (self.c.services.first(self.key, verb.end, end) if verb is not None else None)

    def _percent(self, sent, q, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft,
                 kind="level"):
        """The drafts of a percentage ``q`` (``draft`` builds one with the number's kind): the first of the
        stages below that decides (a list, empty for no fact) gives them; none deciding gives none."""
        qs = q.qualifier_start if q.qualifier_start is not None else q.start
        a = Reading(sent, q, qs, q.unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts,
                    draft, kind, None)
        return first_decided(self, self._PCT_STAGES, a)

    def _pct_no_figure(self, a: Reading) -> Optional[list[Draft]]:
        """A percentage that sorts or describes areas and people, or the part of the poor areas that leave."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        if self._band_of_areas(q, clause_start, qs):
            return []  # "11 xã có tỷ lệ nghèo trên 60%": a band that sorts the communes, no one's rate
        if c.not_rate_after.at(k, q.end, right_short + 1) is not None:
            return []  # "71% là người dân tộc Hre": who the people are
        left = self._share_of_areas_left(sent, q)
        if left is not None:
            # "30% huyện nghèo, 30% xã đặc biệt khó khăn … thoát khỏi tình trạng nghèo": the part of
            # the poor areas that leave, a fall of them in percent
            value, rng = _signed(q.value, q.range, -1)
            return [Draft("poor_areas", "change", value, rng, "%", q.bound, q.start, q.end)]
        areas = self._quantity_before(qs)
        if areas is not None and areas.unit in AREA_UNITS and _AREAS_ASIDE.fullmatch(k, areas.end, qs):
            return []  # "… hết hộ nghèo là 203/319 xã phường (63,64%)": the share of those areas
        if c.population_share_after.at(k, q.end, right_short + 1) is not None and \
                c.household_groups.last(k, clause_start, qs) is None:
            return []  # "3.032 hộ đồng bào Khmer chiếm hơn 95% dân số": who lives there, no group's rate
        return None

    def _pct_income_grew(self, a: Reading) -> Optional[list[Draft]]:
        """By how much an income grew."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        grew = self._income_grew(prev_end, clause_start, qs) if kind == "change" else None
        if grew is not None:
            # "Thu nhập bình quân đầu người của hộ nghèo cả nước tăng 1,65%": by how much the income grew
            return [draft("income_per_capita", "%", population=grew or None)]
        said = [d for d in drafts if d.sentence == (sent.start, sent.end)] if kind == "change" else []
        while said and said[-1].indicator == "plan_achievement":
            said.pop()
        income = said[-1] if said and said[-1].indicator == "income_per_capita" and said[-1].kind == "level" else None
        if income is not None and self.c.rate_words.first(self.key, income.end, qs) is None and \
                ";" not in self.key[income.end:qs] and \
                self.c.household_groups.first(self.key, income.end, min(clause_end, right_short + 1)) is None:
            # "thu nhập bình quân đầu người ước đạt 50,5 triệu đồng/năm, đạt 101% kế hoạch, tăng 6,31%
            # so với cùng kỳ": the income just said, by how much it grew (in its item, no group of
            # households said with the number: "…; hằng năm giảm trên 5% hộ nghèo DTTS")
            return [draft("income_per_capita", "%", population=income.population)]
        return None

    def _pct_of_plan(self, a: Reading) -> Optional[list[Draft]]:
        """A disbursement rate or the share of a plan achieved; an excess over the plan gives nothing."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        # giải ngân … đạt 62,95% (kế hoạch)
        disb = c.disbursed.last(k, clause_start, qs)
        if disb is not None and (not c.rate_words.first(k, disb.end, qs) or
                                 # "giải ngân được trên 508 tỷ đồng, đạt tỷ lệ 41,02%": a bare rate word
                                 not c.household_groups.first(k, disb.end, qs) and
                                 c.plan_results.last(k, disb.end, qs) is not None):
            return [draft("disbursement_rate", "%", kind_="level")]
        pay = c.payout.last(k, max(sent.start, qs - 60), qs)
        if pay is not None and _PAID_SHARE.fullmatch(k, pay.end, qs) is not None:
            return [draft("disbursement_rate", "%", kind_="level")]
        capital = c.capital_kinds.last(k, max(prev_end, clause_start), qs)
        reached = c.plan_results.last(k, capital.end, qs) if capital is not None else None
        if reached is not None and reached.label == "achieved" and not _ANY_DIGIT.search(k, capital.end, qs) and (
                c.disbursed.last(k, sent.start, qs) is not None or self.elaborated is not None and
                c.disbursed.first(k, self.elaborated.start, self.elaborated.end) is not None):
            # "tỷ lệ giải ngân vốn đầu tư đạt 32,29%; nguồn vốn sự nghiệp đạt 13,52%": that kind's share paid out
            return [draft("disbursement_rate", "%", kind_="level")]
        if (self.list_frame is not None and self.list_frame.indicator in _DISBURSEMENT and frame is not None and
                frame.indicator in ("disbursed", "funding") or
                # "Trong đó: vốn đầu tư phát triển hơn 291,4 tỷ đồng, đạt 26,97% kế hoạch": a part paid out
                frame is not None and frame.indicator == "disbursed" and frame.end >= clause_start) and \
                c.plan_results.ends_at(k, prev_end, qs):
            return [draft("disbursement_rate", "%", kind_="level")]  # "- Dự án 2: 38,2/61,5 tỷ đồng, đạt 62,1%"
        # đạt 111,7% chỉ tiêu kế hoạch (after a bank's figure too: "đạt 99,1% kế hoạch")
        # "vượt 24% kế hoạch" is the excess over the plan, not the share of it achieved
        result = c.plan_results.ends_at(k, max(prev_end, clause_start), qs)
        if result is not None and result.label == "achieved" and c.capital_plan_after.at(k, q.end, right_short + 1) is not None:
            return [draft("disbursement_rate", "%", kind_="level")]  # "…, đạt 100% kế hoạch vốn": paid out of the plan
        if self._fraction_of_plan(sent, q, prev_end, qs):
            # "hộ cận nghèo giảm 200/119 hộ, đạt tỷ lệ 168,06%": how much of the planned fall was made
            return [draft("plan_achievement", "%", kind_="level")]
        over_all = q.value is not None and q.value > 100 and frame is not None and frame.unit == "VND" and \
            frame.indicator == "funding" and not c.rate_words.last(k, frame.end, qs)
        # "số nhà đã hoàn thành 25 nhà (đạt 49%)": how much of the plan the houses built are
        done_part = result is not None and result.label == "achieved" and frame is not None and \
            frame.indicator == "beneficiaries" and frame.end == prev_end and \
            _DONE_ASIDE.fullmatch(k, frame.end, result.start) is not None and not c.rate_words.last(k, frame.end, qs)
        if done_part:
            return [draft("plan_achievement", "%", kind_="level")]
        colon = k.rfind(":", sent.start, qs)
        if colon > sent.start and result is None and kind != "change" and \
                c.plan_results.last(k, max(sent.start, colon - _PLAN_LIST_REACH), colon) is not None and \
                c.achievement.last(k, max(sent.start, colon - _PLAN_LIST_REACH), colon) and \
                not c.rate_words.last(k, colon, qs) and not c.household_groups.last(k, colon, qs) and \
                _NAME_BEFORE.search(self.clean, max(colon + 1, prev_end), qs) is not None:
            # "đã thực hiện vượt chỉ tiêu giao như: xã Tân Sơn 160%, trường mầm non Lam Sơn 148%": the
            # items of a list of results against the plan
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
                        c.household_groups, c.credit_measures, c.credit_bank, c.funding, c.disbursed, c.poor_area,
                        c.poverty, c.programme_topics)):
                    return []  # "Giá trị sản xuất công nghiệp … đạt 116,45% kế hoạch": another plan than ours
                return [draft("plan_achievement", "%", kind_="level")]
            if result.label == "exceeded":
                return []  # an excess over the plan: no indicator of the contract states it
        if result is not None and result.label == "achieved" and self._in_parens(sent, qs) and \
                k[q.end:right_short + 1].lstrip().startswith(")") and \
                c.rate_words.last(k, max(prev_end, clause_start), qs) is None and any(
                    d.indicator == "plan_achievement" and d.sentence == (sent.start, sent.end) and
                    self._in_parens(sent, d.start) for d in drafts):
            # "… việc làm mới cho 20.096 người (đạt 100,48% kế hoạch), trong đó … 981 người lao động
            # đi làm việc ở nước ngoài (đạt 57,71%)": the next bare aside of the same sentence, of the plan
            # too (not one that names its own base: "(đạt 100% so với hộ nông dân đủ điều kiện)")
            return [draft("plan_achievement", "%", kind_="level")]
        if result is not None and result.label == "exceeded" and q.value is not None and q.value > 100 and \
                c.achievement.last(k, sent.start, result.start) is not None:
            # "giảm trên 3.280 hộ nghèo so chỉ tiêu … 2.700 hộ, vượt trên 120%": past all of the plan,
            # the share of it reached
            return [draft("plan_achievement", "%", kind_="level")]
        return None

    def _pct_change_of_count(self, a: Reading) -> Optional[list[Draft]]:
        """A count's own change in percent, as its two ends or a comparison say."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        relative = self._relative_change(q, frame, drafts) if kind == "change" else None
        if relative is not None:
            # "giảm từ 9.207 hộ xuống còn 5.720 hộ, giảm 37,87%": the count's own change in percent,
            # as its two ends say (not its group's rate)
            return [draft(relative.indicator, "%", kind_="change", population=relative.population)]
        if kind == "change" and frame is not None and frame.indicator == "beneficiaries" and frame.kind == "level" and \
                frame.end == prev_end and c.same_period_after.at(k, q.end, min(clause_end, q.end + 30)) is not None:
            moved = self._change_verb(prev_end, qs)
            if moved is not None and not k[prev_end:moved.start].strip(" ,") and not k[moved.end:qs].strip():
                # "giải quyết việc làm cho 21.000 người, giảm 28% so với cùng kỳ": the count's own
                # change against the same time before
                return [draft("beneficiaries", "%", kind_="change", attributes=dict(frame.attributes),
                              population=frame.population)]
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
        return None

    def _pct_of_money(self, a: Reading) -> Optional[list[Draft]]:
        """The bank's growth or share, the part of an amount of money, an income's change."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        # "(+5,04%)", "tốc độ tăng trưởng 9,4%" after a credit amount
        grown = c.growth.last(k, max(prev_end, clause_start), qs)
        growth = grown is not None
        rate = c.rate_words.last(k, prev_end, qs)
        if frame is not None and frame.indicator == "credit" and prev_end > sent.start and \
                (rate is None or grown is not None and grown.start <= rate.start < grown.end):
            # (a rate word only as the growth's own: "…, tăng 331 tỷ đồng, tỷ lệ tăng 10,3%")
            same = frame.kind == "change" and c.rate_of_previous.ends_at(k, prev_end, qs) is not None
            return [draft("credit", "%", kind_="change" if (kind == "change" or q.sign or growth or same) else "share",
                               attributes=dict(frame.attributes), population=frame.population)]
        if frame is not None and frame.indicator == "funding" and frame.unit == "VND" and frame.end == prev_end and \
                kind != "change" and _SHARE_AFTER.fullmatch(k, prev_end, qs) is not None:
            # "vốn ngân sách Trung ương … là 100.000 tỷ đồng, chiếm 9,6%": the part of the whole that
            # amount is
            return [draft("funding", "%", kind_="share", attributes=dict(frame.attributes))]
        measure = c.credit_measures.last(k, clause_start, qs)
        if measure is not None and measure.label in c.credit_measures_not_facts and \
                c.rate_words.first(k, measure.end, qs) is None and ";" not in k[measure.end:qs] and \
                bisect_left(self.q_starts, qs) - bisect_left(self.q_starts, measure.end) <= 1:
            return []  # "…, chiếm 0,31% tổng dư nợ" of the overdue debt just named
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
        return None

    def _pct_help_reached(self, a: Reading) -> Optional[list[Draft]]:
        """The share of a group a help went to, said after the help: "chi hỗ trợ tiền điện cho 100% hộ
        nghèo", "tặng quà cho 100% hộ nghèo, cận nghèo" (the coverage of that help among them)."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        if kind != "level":
            return None
        to = c.given_to.ends_at(k, max(prev_end, clause_start), qs)
        grp = c.beneficiary_groups.at(k, q.end, right_short + 1) if to is not None else None
        if grp is None or grp.start - q.end > 1:
            return None
        # (a service named after the group, as the coverage rule reads it: "đảm bảo nguồn vốn vay cho
        # 100% hộ nghèo, hộ cận nghèo … có nhu cầu vay vốn")
        served = self._pct_of_service(a)
        if served:
            return served
        svc = c.services.last(k, clause_start, to.start)
        return [draft("service_coverage", "%", kind_="level", attributes={"service": svc.label if svc else "other"},
                      population=grp.label)]

    def _pct_of_service(self, a: Reading) -> Optional[list[Draft]]:
        """The coverage of a service among a group, or a deprivation heading its item."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        cov = c.coverage_rates.last(k, clause_start, qs)
        svc = c.services.first(k, cov.end, qs) if cov is not None else None
        if svc is not None and c.rate_words.first(k, cov.end, qs) is None and \
                c.household_groups.first(k, cov.end, qs) is None:
            # "nâng tỷ lệ bao phủ bảo hiểm y tế trên địa bàn tỉnh đạt hơn 90%": everyone's coverage, no
            # figure of the poor's (the contract's coverage is among the poor), nor a rate of the
            # groups named before it
            return []
        # X% hộ nghèo được cấp thẻ BHYT
        subj = c.service_subjects.first(k, q.end, min(clause_end, q.end + 80))
        if subj is not None and subj.start - q.end < 70 and not self._change_verb(max(prev_end, clause_start), qs) and \
                ";" not in k[q.end:subj.start] and not self._subject_of_next(q, subj, clause_end) and \
                not self._aside_closed(q, sent.start, subj.start) and \
                c.next_item_words.first(k, q.end, subj.start) is None and \
                not any(x.unit == "%" for x in self.quantities[bisect_left(self.q_starts, q.end):
                                                                bisect_left(self.q_starts, subj.start)]):
            # (not "tỷ lệ hộ nghèo chiếm 5,7% và hộ cận nghèo 8,98%, … tiếp cận thông tin": the group
            # past "và" labels the next figure, nor past another percentage: "100% xã có điện lưới, 98% hộ …")
            seg_end = self._next_item(q.end, clause_end)
            seg_end = max(seg_end, min(clause_end, subj.end + 80))
            verb, svc = self._served(subj.end, seg_end)
            neg = c.service_negations.last(k, subj.end, verb.end) if verb is not None else None
            if neg is not None and neg.end >= verb.start - 1:
                # "52,4% hộ nghèo chưa có nhà tiêu": a deprivation of that dimension
                dim = c.deprivation_dimensions.first(k, verb.start, seg_end)
                return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
                              attributes={"dimension": dim.label})] if dim is not None else []
            grp = c.beneficiary_groups.first(k, q.end, verb.start) if verb is not None else None
            if verb is not None and svc is None and grp is not None and verb.text in c.benefit_verbs and \
                    kind == "level" and k[q.end:grp.start].strip() in ("", "số") and \
                    self._past_group_words(grp.start, verb.start) >= verb.start - 1:
                # "100% hộ nghèo được tặng quà Tết", "100% học sinh nghèo, cận nghèo được miễn giảm
                # học phí": the share of the poor a help reached, one no list names
                svc = Hit(verb.start, verb.end, "other", verb.text)
            if verb is not None and svc is not None:
                # whose coverage: the group served ("100% hộ nghèo, hộ cận nghèo được cấp thẻ"), or
                # the area or people it is measured in
                pop = c.populations.first(k, q.end, verb.end)
                pop = pop.label if pop is not None and pop.label in _AREA_POPULATIONS else (
                    grp.label if grp is not None else None)
                return [draft("service_coverage", "%", kind_="level", attributes={"service": svc.label},
                              population=pop)]
        # "Tỷ lệ hộ nghèo được cấp thẻ bảo hiểm y tế đạt 100%", "Tỷ lệ hộ gia đình nghèo, cận nghèo được
        # cung cấp các sản phẩm dinh dưỡng … tối thiểu 80%": the rate of a group that gets a service
        # (from the clause's start past a number that gave no fact: "tỷ lệ trẻ em dưới 16 tuổi thuộc hộ
        # nghèo … đi học đúng độ tuổi trên 93,5%")
        said = any(d.end == prev_end for d in drafts)
        rate = c.rate_words.last(k, max(prev_end, clause_start) if said else clause_start, qs)
        grp = c.beneficiary_groups.first(k, rate.end, qs) if rate is not None else None
        verb, svc = self._served(grp.end, qs) if grp is not None and grp.start - rate.end < _SERVICE_GROUP_REACH \
            else (None, None)
        if svc is not None and verb.start - grp.end < _SERVICE_GROUP_REACH and \
                c.service_negations.last(k, grp.end, verb.end) is None and \
                not self._change_verb(svc.end, qs):
            return [draft("service_coverage", "%", kind_="level", attributes={"service": svc.label},
                               population=grp.label)]
        served = self._served_before(q, qs, prev_end, clause_start) if rate is None else None
        if served is not None:
            subj, svc = served
            grp = c.beneficiary_groups.at(k, subj.start, subj.end)  # ("hộ nghèo sử dụng nước sạch …": theirs)
            return [draft("service_coverage", "%", kind_="level", attributes={"service": svc.label},
                          population=grp.label if grp is not None else None)]
        counted = self._served_count_before(q, qs, clause_start)
        if counted is not None:
            grp, svc = counted
            return [draft("service_coverage", "%", kind_="level", attributes={"service": svc.label},
                          population=grp.label if grp is not None else None)]
        # "Bảo hiểm y tế: tỷ lệ thiếu hụt 6,31%": the dimension heads the item, the rate follows
        dep = c.deprivation.ends_at(k, max(prev_end, clause_start), qs)
        if dep is not None:
            head = max(self._item_start(sent, dep.start), prev_end)
            dim = c.deprivation_dimensions.last(k, head, dep.start)
            if dim is not None:
                return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
                              attributes={"dimension": dim.label})]
        return None

    def _pct_part_of_whole(self, a: Reading) -> Optional[list[Draft]]:
        """The part of a whole the number is: of the poor, of a group's households, of the bank's loans, of money."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        part = self._part_of_poor(sent, qs, prev_end, drafts) if kind == "level" else None
        if part is not None:
            return [draft(part[0], "%", kind_="share", population=part[1])]
        whole = self._whole_named_before(clause_start, qs)
        if whole is not None:
            return [draft(whole[0], "%", kind_="share", population=whole[1])]
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
            if grp is not None and grp.label == "poor" and self._escape_after(q, clause_end, strict=True):
                # "có 58% số hộ nghèo đã thoát nghèo": the part of the poor that left poverty
                return [draft("escaped_households", "%", kind_="share")]
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
            comma = k.find(",", share.end, clause_end) if share is not None else -1
            if share is not None and c.funding.at(k, share.end) is not None or (
                    share is not None and c.funding.first(k, share.end, min(right_short + 30, clause_end,
                                                                             comma if comma >= 0 else clause_end))):
                # (not a word of the next sentence or clause: "chiếm 8,06% tổng số trên địa bàn huyện. Năm
                # 2023, … hỗ trợ", "chiếm 20% số hộ dân trong toàn tỉnh, mức hỗ trợ 15kg/người")
                src = c.funding_sources.last(k, clause_start, qs)
                return [draft("funding", "%", kind_="share",
                              attributes={"source": src.label} if src is not None else {})]
        return None

    def _pct_listed_shares(self, a: Reading) -> Optional[list[Draft]]:
        """Shares of those helped or of money, and rates listed in turn after the counts or groups they are of."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        helped = c.beneficiary_after.last(k, max(prev_end, clause_start), qs)
        if helped is not None and _SHARE_AFTER.fullmatch(k, helped.end, qs) is not None and \
                c.households_count_words.last(k, max(prev_end, clause_start), helped.start) is not None:
            # "Số hộ dân được hỗ trợ chiếm 20% số hộ dân trong toàn tỉnh": the share of the households
            # those helped are, no share of money
            return [draft("beneficiaries", "%", kind_="share")]
        fund = c.funding.last(k, max(prev_end, clause_start), qs)
        if fund is not None and fund.text in c.funding_money_only:
            fund = None  # "đóng góp hơn 30% GDP cả nước": no share of money
        if fund is not None and " ".join(k[fund.start:q.qualifier_start or qs].split()) in c.support_verbs and \
                c.funding.at(k, _OPENING.match(k, q.end).end()) is None:
            # "hỗ trợ 50% thẻ bảo hiểm y tế", "hỗ trợ thêm 30% mức đóng": the part of a cost paid,
            # no share of a budget (but "hỗ trợ 100% kinh phí mua thẻ" is the money's), nor a rate
            fund = None
            if c.household_groups.at(k, _OPENING.match(k, q.end).end()) is None:
                return []
        if fund is not None and qs - fund.end > _FUND_SHARE_REACH and not self.elaborates and \
                not any(x.unit == "VND" for x in self.quantities[bisect_left(self.q_starts, fund.end):bisect_left(self.q_starts, qs)]):
            # "Thành phố đã huy động nguồn lực, xây dựng …, đường trục ấp được bê tông hóa đạt 100%":
            # money words far back, no amount since, a share of something else
            fund = None
        if fund is not None and not c.household_groups.first(k, fund.end, qs) and \
                not c.rate_words.first(k, fund.end, qs) and self._change_verb(fund.end, qs) is None:
            src = c.funding_sources.last(k, max(prev_end, clause_start), qs)
            return [draft("funding", "%", kind_="share",
                               attributes={"source": src.label} if src is not None else {})]
        resp = c.respectively.last(k, clause_start, qs)
        if resp is not None and resp.label == "corresponding" and \
                sum(x.unit == "%" for x in self.quantities[bisect_left(self.q_starts, resp.end):bisect_left(self.q_starts, clause_end)]) < 2:
            resp = None  # "giảm 320 hộ nghèo, tương ứng 1,2%": one rate, the count's equivalent
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
        pair = self._rate_pair(sent, q, resp, clause_end)
        if pair is not None:
            # the poor and the near-poor named together, their two rates in turn (one rate of both is one number)
            pop = self._population(sent, q, prev_end, clause_start, right_short) or "all"
            return [draft(("poverty_rate", "near_poverty_rate")[pair], "%", population=pop)]
        return None

    def _pct_rate_of_count(self, a: Reading) -> Optional[list[Draft]]:
        """The rate of the count said before ("chiếm tỷ lệ 10,1%", "(41,1%)"), or its part of a whole."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        # chiếm tỷ lệ 10,1% / bằng 4,47% after a count: the rate of that count's group
        rop = c.rate_of_previous.ends_at(k, max(prev_end, clause_start), qs)
        colon = k.rfind(":", max(prev_end, clause_start), qs)
        if rop is None and colon >= 0 and not k[colon + 1:qs].strip():
            # "Số hộ cận nghèo: 55 hộ, tỷ lệ: 1,77%": the rate word as the label of its value
            rop = c.rate_of_previous.ends_at(k, max(prev_end, clause_start), colon)
        if rop is None and drafts and drafts[-1].kind == "level" and drafts[-1].indicator in _STOCK_COUNTS and \
                drafts[-1].start >= clause_start:
            # "… có 3.405 hộ nghèo đa chiều … còn 0,99% tổng số hộ dân": a stock's count, then "còn"
            # and its rate out of all households (not "giảm 320 hộ, còn 2,1%": that count is a change)
            lvl = c.to_words.ends_at(k, max(prev_end, clause_start), qs)
            whole = c.household_groups.at(k, q.end)
            if lvl is not None and lvl.label == "level" and whole is not None and whole.label == "total":
                rop = lvl
        if rop is None and drafts and drafts[-1].end == prev_end and drafts[-1].group and \
                _OPEN_BRACKET.fullmatch(k, prev_end, qs):
            rop = Hit(prev_end, qs, "(", "(")  # "M'Đrắk 7.362 hộ (41,1%)": the rate of the count before
        if rop is not None and drafts and drafts[-1].end == prev_end and drafts[-1].indicator == "beneficiaries" and \
                drafts[-1].unit == "households" and drafts[-1].kind == "level" and \
                c.breakdown.last(k, clause_start, drafts[-1].start) is not None:
            # "9.000 lượt hộ được hưởng lợi, trong đó có 3.631 hộ nghèo chiếm 40,34%": the part of
            # those helped, no rate of poverty
            return [draft("beneficiaries", "%", kind_="share", population=drafts[-1].population,
                               attributes=dict(drafts[-1].attributes))]
        if rop is not None:
            ante = [d for d in drafts if d.group and d.indicator.endswith("households") and not d.in_parens]
            if self._in_parens(sent, q.start):  # "(hộ nghèo 29.146 hộ, tỷ lệ 6,63%)": its own count
                ante = [d for d in drafts if d.group and d.indicator.endswith("households")] or ante
            count = self._quantity_before(qs)
            if ante and count is not None and count.unit == "households" and count.start >= ante[-1].end \
                    and not any(d.start == count.start for d in drafts):
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
            if ante and (self._share_of_whole_before(sent, ante[-1]) or self._share_by_count(ante[-1], q)):
                # "Trong tổng số hộ nghèo, hộ dân tộc thiểu số có 4.183 hộ, chiếm 96,43%": the part of
                # the whole named first, no rate
                return [draft(ante[-1].indicator, "%", kind_="share", population=ante[-1].population)]
            if ante:
                a = ante[-1]
                ind = self.c.indicators_by_group.get(a.group, {}).get("rate")
                if ind:
                    # the rate of a change of the count is a change ("giảm 64 hộ, chiếm tỷ lệ 8,2%")
                    # and "giảm 882 hộ, tương đương tỷ lệ 2,55%" says the same change in percent
                    kd = "change" if a.kind == "change" and (kind == "change" or self._said_again(clause_start, rop)) \
                        else "level"
                    against = self._population_against(q, clause_end)
                    if against is not None and a.population is None:
                        a.population = against  # "… 1.691 hộ (chiếm 8,93%) so với vùng đồng bào DTTS": both of it
                    # (the area the rate's own words name: "… 26.941 hộ, chiếm tỷ lệ 2,68%, trong đó tỷ lệ
                    # hộ nghèo khu vực thành thị chiếm 0,39%, khu vực nông thôn chiếm 3,17%")
                    said = c.populations.last(k, max(prev_end, clause_start, a.end), qs)
                    d = draft(ind, "%", kind_=kd, population=against or (said.label if said is not None else None)
                              or a.population or "all")
                    if kd == "change" and kind != "change" and d.value is not None and a.value is not None:
                        d.value = abs(d.value) if a.value > 0 else -abs(d.value)  # the sign of the change
                    return [d]
        return None

    def _pct_deprivation(self, a: Reading) -> Optional[list[Draft]]:
        """A deprivation rate, said with its dimension or as an item of a list of them."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        # tỷ lệ thiếu hụt việc làm
        dep = c.deprivation.last(k, clause_start, qs)
        if dep is not None:
            dim = c.deprivation_dimensions.first(k, dep.end, min(clause_end, dep.end + 60))
            if dim is not None and dim.end <= qs:
                return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
                              attributes={"dimension": dim.label})]
        dim = self._deprivation_item(sent, qs)
        if dim is not None:
            # "… mức độ thiếu hụt …: Bảo hiểm y tế 0,25%; chất lượng nhà ở 58,35%": the items of a list
            # of deprivations, each a dimension and its rate
            return [draft("deprivation_rate", "%", kind_=kind if kind == "change" else "level",
                               attributes={"dimension": dim.label})]
        return None

    def _pct_more_places(self, a: Reading) -> Optional[list[Draft]]:
        """More places' rates of the one said before; the share of subjects no indicator measures gives nothing."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
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
        if subject is not None and kind == "level" and c.rate_words.last(k, clause_start, qs) is None and (
                c.service_verbs.first(k, subject.end, min(clause_end, subject.end + 30)) is not None or
                # past a list of groups: "100% đối tượng hộ nghèo, hộ cận nghèo và hộ mới thoát nghèo
                # được hưởng các chính sách …"
                c.service_verbs.at(k, self._past_group_words(subject.end, sent.end)) is not None):
            return []
        return None

    def _pct_group_rate(self, a: Reading) -> Optional[list[Draft]]:
        """The rate of a group: named after the number, before it, by the frame, or by the rates said before."""
        sent, q, qs, unit, prev_end, left_start, clause_start, clause_end, right_short, frame, drafts, draft, kind, sign = a
        k, c = self.key, self.c
        # the group said right after ("giảm 3,91% hộ nghèo") or nearest before
        grp = c.household_groups.at(k, q.end, right_short + 1)
        rw = c.rate_words.at(k, q.end, right_short + 1) if grp is None else None
        if rw is not None:
            grp = c.household_groups.at(k, rw.end, right_short + 1)
            if grp is None and c.poverty.first(k, rw.end, min(clause_end, rw.end + _OTHER_RATE_REACH)) is None:
                return []  # "giảm 30% tỷ lệ trẻ em suy dinh dưỡng": the rate of something else
        part = c.breakdown.last(k, frame.end, qs) if frame is not None and kind == "level" and \
            frame.indicator in ("service_coverage", "deprivation_rate") and ";" not in k[frame.end:qs] else None
        if grp is None and part is not None and c.household_groups.first(k, part.end, qs) is None and \
                c.rate_words.first(k, part.end, qs) is None:
            # "tỷ lệ người lao động thuộc hộ nghèo … qua đào tạo đạt 60%, trong đó có bằng cấp chứng chỉ đạt
            # 25%": a part of the coverage said before, of the same group
            return [draft(frame.indicator, "%", population=frame.population, attributes=dict(frame.attributes))]
        if grp is None and rw is None and c.rate_words.last(k, clause_start, qs) is None and \
                c.other_item_subjects.at(k, _SUBJECT_LEAD.match(k, q.end).end(), right_short + 1) is not None:
            # "…; 100% trạm y tế xã đạt kiên cố hóa", "…; 50% trở lên số lao động được đào tạo nghề":
            # the share of those said after it (not a rate named before it: "tỷ lệ hộ nghèo chiếm 11% dân số")
            return []
        lead = max(prev_end, clause_start, k.rfind(",", clause_start, qs) + 1)
        own = c.rate_words.first(k, lead, qs) if grp is None else None
        if own is not None and not k[lead:own.start].strip() and self._own_subject(own.end, qs) and \
                c.poverty.first(k, own.end, qs) is None and c.household_groups.first(k, own.end, qs) is None:
            # "…, tỷ lệ lao động có việc làm đạt gần 99%": an item's rate of its own subject; "Tỷ lệ đồng
            # bào dân tộc thiểu số cao (41%)": the people's share of all, no group's rate; "Tỷ lệ hộ
            # nghèo toàn xã dưới 5,3%, tỷ lệ hộ sử dụng điện … đạt 99,7%": a service's rate among all,
            # not the poverty rate said before it
            return []
        if grp is None:
            grp = self._rate_of_count_aside(sent, qs)
        if grp is None:
            grp = self._group_before(max(left_start, clause_start), qs)
        if grp is None:
            grp = self._group_before(clause_start, qs)
        if grp is None and frame is None and self.group_frame is not None:
            grp = self.group_frame
        if grp is None and (frame is None or frame.indicator not in RATE_INDICATORS):
            # (not a rate word of an item before, past a ";" with no list opened, when the item names
            # its own subject: "tỷ lệ hộ nghèo sử dụng nước sạch … là 15,6%; công trình cấp nước … bền
            # vững là 42,4%", but "…; năm 2023 là 2,6%")
            semi = k.rfind(";", sent.start, qs)
            opened = semi < 0 or k.rfind(":", sent.start, semi) >= 0 or self._bare_rate(semi + 1, qs)
            grp = self._group_of_rate_word(sent.start if opened else semi + 1, qs)
        if grp is None and not c.rate_words.last(k, clause_start, qs):
            grp = self._group_of_next_rate(q, sent)
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
        after = c.other_subjects_after.at(k, q.end, clause_end)
        if after is not None and c.household_groups.first(k, after.end, clause_end) is None and \
                c.poverty.first(k, after.end, clause_end) is None:
            # "…; tỷ lệ hộ nghèo giảm còn 16,4%; … 100% các xã có đường giao thông được nhựa hóa":
            # the share of the areas or things named after it, no rate carried on
            return []
        item = self._item_start(sent, qs)
        own_rate = c.rate_words.last(k, max(item, frame.end if frame is not None else item), qs)
        if own_rate is not None and ";" in k[frame.end if frame is not None else qs:qs] and \
                c.household_groups.first(k, own_rate.end, qs) is None and c.rate_anaphora.at(k, own_rate.start) is None:
            # (not "…; dự kiến đến cuối năm 2025, tỷ lệ này còn khoảng 7,89%": the rate said before)
            return []  # "…; tỷ lệ lao động qua đào tạo của huyện đạt 51%": another item's rate of something else
        semi = k.rfind(";", frame.end, qs) if frame is not None else -1
        if semi >= 0 and c.other_item_subjects.at(k, semi + 1, qs) is not None and \
                c.household_groups.first(k, semi, qs) is None and c.rate_words.first(k, semi, qs) is None:
            return []  # "…; lao động trong độ tuổi … được đào tạo đạt trên 70%": another item's subject
        if frame is not None and frame.indicator in RATE_INDICATORS | {"deprivation_rate", "service_coverage",
                                                                    "disbursement_rate"}:
            same_clause = ";" not in k[frame.end:qs] or frame.indicator in RATE_INDICATORS | {"disbursement_rate"}
            if same_clause:
                p = pop or (frame.population if ";" not in k[frame.end:qs] else None)
                return [draft(frame.indicator, "%", population=p, attributes=dict(frame.attributes))]
        if frame is not None and frame.group == "total":
            # "183 hộ nghèo và cận nghèo trên tổng số 38.454 hộ, chiếm tỷ lệ 0,48%": the rate of the
            # group counted out of that total
            part = next((d for d in reversed(self.sentence_drafts) if d.end <= frame.start), None)
            if part is not None and part.group and part.group != "total" and part.indicator.endswith("households") and \
                    c.share_of.ends_at(k, part.end, frame.start):
                frame = part
        if frame is not None and frame.group and frame.indicator.endswith("households") and \
                ";" not in k[frame.end:qs] and not frame.group.startswith("escaped") and (
                    c.rate_words.last(k, frame.end, qs) is not None or
                    # "giảm hơn 4,2 nghìn hộ, tương đương giảm 0,9%": the same fall in points of the rate
                    frame.kind == "change" and c.equivalent.last(k, frame.end, qs) is not None):
            # "hộ cận nghèo 8.673 hộ, tỷ lệ 1,97%; tăng 471 hộ, tương ứng với tỷ lệ tăng 0,09%": the
            # rate of the group whose count the clause gave
            ind = self.c.indicators_by_group.get(frame.group, {}).get("rate")
            if ind:
                return [draft(ind, "%", population=pop)]
        # "giảm tỷ lệ … theo chuẩn nghèo": a rate with poverty words in the sentence
        # (poverty words of a later clause speak of that clause: "Tỷ lệ lao động phi nông nghiệp
        # chiếm 70,2%; tỷ lệ hộ nghèo của xã còn 1,68%")
        if c.rate_words.last(k, clause_start, qs) and (c.poverty.first(k, sent.start, clause_end)):
            return [draft("poverty_rate", "%", population=pop)]
        # "Xã giảm nhiều nhất là Thạnh Phong 5,22%", "Thấp nhất là Quới Điền tỷ lệ 7,69%" after the
        # rates of the paragraph before: a rate (or its change) with no words of its own is one more
        # of the last rate of that kind said just before
        topic = self.rate_topic.get(kind)
        if topic is not None and qs - topic.end < _TOPIC_REACH and self._bare_rate(clause_start, qs):
            return [draft(topic.indicator, "%", population=pop)]
        said = max(self.rate_topic.values(), key=lambda d: d.end, default=None)
        back = c.rate_anaphora.last(k, sent.start, qs)
        if said is not None and back is not None and qs - said.end < _TOPIC_REACH and \
                c.household_groups.first(k, back.end, qs) is None and c.rate_words.first(k, back.end, qs) is None and \
                all(x.unit in ("%", "households") for x in self.quantities[bisect_left(self.q_starts, back.end):bisect_left(self.q_starts, qs)]):
            # "… 16.006 hộ nghèo, chiếm 4,93%. … tỉ lệ này giảm còn 3,56% vào cuối năm 2022": the
            # rate said last, pointed back to (on past the rates and counts the pointer gave: "…
            # (11.735 hộ), rồi tiếp tục giảm xuống 2,27% trong năm 2023")
            return [draft(said.indicator, "%", population=pop or said.population)]
        topic = topic or self.rate_topic.get("level")
        if kind == "change" and topic is not None and qs - topic.end < _TOPIC_REACH and (
                c.yearly_average.last(k, max(clause_start, qs - 40), qs) is not None or
                c.yearly_average_after.ends_at(k, q.start, q.end) is not None or  # (a unit of its own: "1,43%/năm")
                c.yearly_average_after.at(k, q.end, right_short + 1) is not None):
            # "… xuống còn 5,57% năm 2023. Bình quân mỗi năm giảm 1,01%", "… Bình quân cả nước giảm
            # khoảng 1,43%/năm": the yearly fall of that rate
            return [draft(topic.indicator, "%", population=pop)]
        return None

    # the stages of a percentage, in the order they are tried (the functions, bound to no object)
    _PCT_STAGES = (_pct_no_figure, _pct_income_grew, _pct_of_plan, _pct_change_of_count, _pct_help_reached, _pct_of_money, _pct_of_service,
               _pct_part_of_whole, _pct_listed_shares, _pct_rate_of_count, _pct_deprivation, _pct_more_places,
               _pct_group_rate)

    def _own_subject(self, start: int, qs: int) -> bool:
        """The words after a rate word at ``start`` name a subject of their own: other things or
        people ("lao động", "đồng bào dân tộc thiểu số"), or a short subject and a verb of service
        ("hộ sử dụng điện", "người tham gia BHYT")."""
        k, c = self.key, self.c
        if c.other_item_subjects.at(k, start, qs) is not None or c.populations.at(k, start, qs) is not None:
            return True
        served = c.service_verbs.first(k, start, qs)
        return served is not None and len(k[start:served.start].split()) <= _SERVED_SUBJECT_WORDS

    def _fraction_of_plan(self, sent, q, prev_end: int, qs: int) -> bool:
        """The percentage is the share A/B of the fraction just before it, said after "đạt", and B is
        a plan: more than B was done ("giảm 200/119 hộ, đạt tỷ lệ 168,06%", "3,154/1,5 tỷ đồng (đạt
        210%)"), the plan is named right after the share ("vận động được 11,627/8 tỷ đồng, đạt 145,3%
        kế hoạch"), or the sentence names it ("… vượt so chỉ tiêu … Cụ thể, hộ nghèo giảm 34/34 hộ,
        đạt tỷ lệ 100%")."""
        k, c = self.key, self.c
        prev = self._quantity_before(qs)
        d = prev.denominator if prev is not None else None
        if d is None or not d.value or prev.value is None or q.value is None or prev.end != prev_end:
            return False
        said = c.plan_results.ends_at(k, prev_end, qs)
        if said is None or said.label != "achieved" or abs(prev.value / d.value * 100 - q.value) > _FRACTION_SLACK:
            return False
        if prev.value > d.value or c.plan_nouns_cue.at(k, q.end, min(len(k), q.end + _PLAN_AFTER_REACH)) is not None:
            return True
        start = self.elaborated.start if self.elaborates and self.elaborated is not None else sent.start
        return c.plan_nouns_cue.first(k, start, prev.start) is not None

    def _income_grew(self, prev_end: int, clause_start: int, qs: int) -> Optional[str]:
        """A change of a percentage said of income named before it in its item, no rate word
        between ("thu nhập bình quân đầu người của huyện tăng 12,5%"): "" or the group whose income
        it is ("… của hộ nghèo cả nước tăng 1,65%"); None when it is no income's."""
        k, c = self.key, self.c
        income = c.income.last(k, max(prev_end, clause_start), qs)
        if income is None or c.rate_words.first(k, income.end, qs) is not None:
            return None
        grp = c.household_groups.first(k, income.end, qs)
        if grp is None:
            return ""
        whose = c.beneficiary_groups.at(k, grp.start) if _WHOSE.fullmatch(k, income.end, grp.start) else None
        return whose.label if whose is not None else None

    def _group_of_next_rate(self, q, sent):
        """The group named right after the next percentage when the words between lead from this
        one to it ("giảm từ 6,14% xuống còn 1,54% hộ nghèo", "phấn đấu giảm 0,06%, còn 0,15% hộ
        nghèo"): the same rate, said once with its group."""
        k, c = self.key, self.c
        i = bisect_left(self.q_starts, q.end)
        nxt = self.quantities[i] if i < len(self.quantities) else None
        if nxt is None or nxt.unit != "%" or nxt.start >= sent.end:
            return None
        to = c.to_words.last(k, q.end, nxt.qualifier_start or nxt.start)
        if to is None or to.label not in ("end", "level") or k[to.end:nxt.qualifier_start or nxt.start].strip():
            return None
        if not k[q.end:to.start].strip(" ,"):
            return c.household_groups.at(k, _OPENING.match(k, nxt.end).end())
        # "Năm 2020 tỉnh phấn đấu giảm 4%, tỷ lệ hộ nghèo còn 7,56%": the rate named before its level
        rate = c.rate_words.at(k, _OPENING.match(k, q.end).end())
        grp = c.household_groups.at(k, rate.end) if rate is not None else None
        return grp if grp is not None and not k[grp.end:to.start].strip() else None

    def _past_group_words(self, pos: int, end: int) -> int:
        """Where a run of the words lists of groups are made of (facts.yaml group_list_words, with
        commas between) that starts at ``pos`` stops."""
        while True:
            m = _LIST_WORD.match(self.key, pos, end)
            if m is None or m.group(1) not in self.c.group_list_words:
                return pos
            pos = m.end()

    def _rate_of_count_aside(self, sent, qs: int):
        """The group of the rate a sentence named before a count, for a percentage in an aside the
        count opens with no group of its own ("tỷ lệ hộ nghèo đa chiều … giảm 6,26%, tương đương với
        11.710 hộ nghèo và cận nghèo (giảm từ 42,61% xuống 36,35%)": the poverty rate both times, not
        the count's groups)."""
        k, c = self.key, self.c
        opening = k.rfind("(", sent.start, qs)
        if opening < 0 or ")" in k[opening:qs] or c.household_groups.first(k, opening, qs) is not None:
            return None
        count = self._quantity_before(opening + 1)
        if count is None or count.unit != "households" or \
                c.household_groups.first(k, count.end - len(count.counter or ""), opening) is None or \
                _ANY_DIGIT.search(k, count.end, opening):
            return None
        return self._group_of_rate_word(sent.start, count.start)

    def _group_of_rate_word(self, start: int, end: int):
        """The group named right after the last rate word between ``start`` and ``end`` ("tỷ lệ hộ
        nghèo …"), or None."""
        k, c = self.key, self.c
        hit = c.rate_words.last(k, start, end)
        # (from the rate word itself: "tỷ lệ nghèo đa chiều" names the poor and near-poor together)
        return c.household_groups.first(k, hit.start, min(end, hit.end + _RATE_GROUP_REACH)) if hit is not None else None

    def _served_before(self, q, qs: int, prev_end: int, clause_start: int):
        """The service of an item that opens with the people served, then the share reached ("…,
        người dân tham gia BHYT đạt 90%, hộ dân sử dụng nước sạch theo quy định đạt trên 99%"): the hits
        of its people and its service, or None."""
        k, c = self.key, self.c
        item = max(prev_end, clause_start, k.rfind(",", clause_start, qs) + 1)
        subj = c.service_subjects.first(k, item, qs)
        if subj is None or k[item:subj.start].strip() or (c.plan_results.ends_at(k, max(subj.end, qs - 12), qs) or
                                                          c.served_links.ends_at(k, max(subj.end, qs - 12), qs)) is None:
            return None
        verb, svc = self._served(subj.end, qs)
        if svc is None or verb.start - subj.end >= _SERVICE_GROUP_REACH or \
                c.service_negations.last(k, subj.end, verb.end) is not None or self._change_verb(svc.end, qs):
            return None
        return subj, svc

    def _served_count_before(self, q, qs: int, clause_start: int):
        """The service of a count of people said just before, whose share the number gives ("… có trên
        265.000 người dân là đồng bào dân tộc thiểu số có thẻ bảo hiểm y tế, đạt tỷ lệ 95%"): the hits of
        their group (or None) and the service, or None."""
        k, c = self.key, self.c
        comma = k.rfind(",", clause_start, qs)
        link = c.served_share_links.ends_at(k, comma + 1, qs) if comma >= 0 else None
        if link is None or k[comma + 1:link.start].strip() or \
                c.plan_excess_after.at(k, q.end, min(len(k), q.end + 30)) is not None:
            return None  # (not "… được đào tạo nghề, đạt 100% kế hoạch": the plan's share)
        i = bisect_left(self.q_starts, comma)
        count = next((x for x in reversed(self.quantities[:i]) if x.start >= clause_start and x.unit != "%"), None)
        if count is None or count.unit not in ("people", "households", "cards"):
            return None
        verb, svc = self._served(count.end, comma)
        if svc is None or c.service_negations.last(k, count.end, verb.end) is not None:
            return None
        grp = c.beneficiary_groups.first(k, count.end, verb.start)
        if grp is None:
            pop = c.populations.first(k, count.end, verb.start)  # ("… người dân là đồng bào dân tộc thiểu số")
            grp = pop if pop is not None and pop.label == "ethnic_minority" else None
        return grp, svc

    def _subject_of_next(self, q, subj, clause_end: int) -> bool:
        """A subject of a service past a comma that has a number of its own before the next comma is
        the next item's ("hộ nghèo còn 3%, người dân tham gia BHYT đạt 90%", "(năm 2011 hộ nghèo chiếm
        4,8%), thu nhập của người dân đạt 51,45 triệu đồng"), not this one's ("80% người có khả năng
        lao động, có nhu cầu thuộc hộ nghèo … được hỗ trợ")."""
        k = self.key
        if not _CLAUSE_PAST.search(k, q.end, subj.start):
            return False
        end = _ITEM_END.search(k, subj.end, clause_end)
        end = end.start() if end is not None else clause_end
        return bisect_left(self.q_starts, end) > bisect_left(self.q_starts, subj.end)

    def _deprivation_item(self, sent, qs: int):
        """The dimension that heads the list item of the number at ``qs`` ("…; chất lượng nhà ở
        58,35%"), in a sentence that said before the list that its items are deprivations."""
        k, c = self.key, self.c
        head = max(self._item_start(sent, qs), k.rfind(":", sent.start, qs) + 1)  # (or a colon's list)
        if head == sent.start or _ANY_DIGIT.search(k, head, qs) or c.deprivation.last(k, sent.start, head) is None:
            return None
        return c.deprivation_dimensions.last(k, head, qs)

    def _rate_pair(self, sent, q, resp: Optional[Hit], clause_end: int) -> Optional[int]:
        """``q`` is the first (0) or second (1) of two rates said in turn of the poor and the near-poor
        named together: after "lần lượt" ("cả tỷ lệ hộ nghèo và cận nghèo (lần lượt là 14,23% và
        7,69%)"), or joined by "và" as the first numbers after their rate word ("tỷ lệ hộ nghèo, hộ cận
        nghèo còn cao (8,4% và 5,1%)")."""
        k, c = self.key, self.c
        if resp is not None:
            both = c.household_groups.last(k, sent.start, resp.start)
            pcts = [x for x in self.quantities[bisect_left(self.q_starts, resp.end):bisect_left(self.q_starts, clause_end)]
                    if x.unit == "%"]
            if both is None or both.label != "poor_near_poor" or len(pcts) != 2:
                return None
        else:
            rate = c.rate_words.last(k, sent.start, q.start)
            both = c.household_groups.at(k, _OPENING.match(k, rate.end).end()) if rate is not None else None
            if both is None or both.label != "poor_near_poor":
                return None
            pcts = self.quantities[bisect_left(self.q_starts, both.end):bisect_left(self.q_starts, sent.end)]
            if len(pcts) < 2 or pcts[0].unit != "%" or pcts[1].unit != "%" or \
                    k[pcts[0].end:pcts[1].start].strip() != "và" or \
                    len(pcts) > 2 and pcts[2].unit == "%" and pcts[2].start < clause_end:
                return None
        return next((i for i in (0, 1) if pcts[i].start == q.start), None)

    def _population_against(self, q, clause_end: int):
        """The group a rate is measured against, named right after it: "chiếm 12,82% so với tổng số
        hộ đồng bào dân tộc thiểu số", "(chiếm 8,93%) so với vùng đồng bào DTTS"."""
        k = self.key
        m = _CLOSE_THEN_AGAINST.match(k, q.end)
        start = m.end() if m else q.end
        hit = self.c.populations.first(k, start, self._short_right(start, clause_end))
        return hit.label if hit is not None and hit.label in _AREA_POPULATIONS else None

    def _part_of_poor(self, sent, qs: int, prev_end: int, drafts) -> Optional[tuple[str, Optional[str]]]:
        """(indicator, people) of a share of the poor (or the near-poor), when the percentage is a
        part said in a breakdown ("trong đó") of the group's households or rate said just before, its
        subject people and no rate ("… 932 hộ nghèo, chiếm 2,84% và có 1.788 hộ cận nghèo, chiếm
        5,46%; trong đó, hộ nghèo trong vùng đồng bào dân tộc thiểu số chiếm 69,52%")."""
        k, c = self.key, self.c
        verb = c.part_verbs.ends_at(k, prev_end, qs)
        split = c.breakdown.last(k, prev_end, verb.start) if verb is not None else None
        if split is None or _ANY_DIGIT.search(k, split.end, verb.start) or c.rate_words.first(k, split.end, verb.start) \
                or c.part_not.first(k, split.end, verb.start):
            return None  # (readers take "hộ nghèo là người dân tộc thiểu số chiếm 2,1%" as the people's rate)
        whole = drafts[-1] if drafts else self._said_before(sent)
        # (the stocks and rates of the groups a breakdown may detail, by facts.yaml's indicators_by_group)
        of_whole = next((g for g in _PARTED_GROUPS if whole is not None and
                         whole.indicator in c.indicators_by_group[g].values()), None)
        if of_whole is None or whole.kind != "level" or whole.population not in (None, "all"):
            return None
        named = c.household_groups.first(k, split.end, verb.start)  # (the group the part is of, if named)
        group = named.label if named is not None else of_whole
        if group not in _PARTED_GROUPS:
            return None
        ind = c.indicators_by_group[group]["count"]
        pop = c.populations.last(k, split.end, verb.start)
        return ind, pop.label if pop is not None else None

    def _share_of_areas_left(self, sent, q):
        """The poor areas a percentage is a part of, right after it ("30% huyện nghèo", "50% số xã
        đặc biệt khó khăn"), when a word of their leaving follows in the sentence with only
        percentages of other areas between ("… và hải đảo thoát khỏi tình trạng nghèo")."""
        k, c = self.key, self.c
        area = c.poor_area.first(k, q.end, min(sent.end, q.end + _AREA_SHARE_REACH))
        if area is None or len(k[q.end:area.start].split()) > _AREA_SHARE_WORDS or \
                _AREA_SHARE_GAP.search(k, q.end, area.start):
            return None  # (not past a mark: "… còn dưới 3%, xã đặc biệt khó khăn … thoát khỏi …")
        out = c.poor_area_exit.first(k, area.end, sent.end)
        if out is None or any(x.unit != "%" for x in self.quantities[bisect_left(self.q_starts, area.end):
                                                                      bisect_left(self.q_starts, out.start)]):
            return None
        return area

    def _whole_named_before(self, clause_start: int, qs: int):
        """(indicator, population) of a rate of part of a group, the group's whole named after the
        rate word ("Tỷ lệ hộ nghèo là đồng bào dân tộc thiểu số trong tổng số hộ nghèo … tăng từ
        44,37% … lên 52,76%": a share of the poor households, no rate of poverty)."""
        k, c = self.key, self.c
        rate = c.rate_words.last(k, clause_start, qs)
        whole = c.share_whole_before.first(k, rate.end, qs) if rate is not None else None
        grp = c.household_groups.at(k, whole.end) if whole is not None else None
        ind = self.c.indicators_by_group.get(grp.label, {}).get("count") if grp is not None and grp.label != "total" else None
        if not ind or any(x.unit != "%" for x in  # (past the span's start: "từ 44,37% (năm 2016) lên …")
                               self.quantities[bisect_left(self.q_starts, grp.end):bisect_left(self.q_starts, qs)]):
            return None
        pop = c.populations.first(k, rate.end, whole.start)
        return ind, pop.label if pop is not None else None

    def _share_by_count(self, a, q) -> bool:
        """The count ``a`` is the part of a whole of its group said just before that the
        percentage ``q`` works out to ("… 17.435 hộ nghèo …, chiếm tỷ lệ 21,88%; … có 16.636 hộ nghèo
        thuộc dân tộc thiểu số, chiếm 95,42%": 16.636 of 17.435 households, a share, no rate)."""
        if q.value is None or a.value is None or a.kind != "level" or q.value >= 100:
            return False
        whole = next((d for d in chain(reversed(self.sentence_drafts), reversed(self.done)) if d.end <= a.start and
                      d.indicator == a.indicator and d.kind == "level" and d.population is None and
                      d.value is not None and d.value > a.value and a.start - d.end < _TOPIC_REACH), None)
        return whole is not None and abs(100 * a.value / whole.value - q.value) <= _SHARE_ROUNDING

    def _share_of_whole_before(self, sent, a) -> bool:
        """The sentence opens with the whole the count ``a`` is a part of ("Trong tổng số hộ nghèo,
        hộ dân tộc thiểu số có 4.183 hộ"): its group, after "trong (tổng) số", before the count."""
        k, c = self.key, self.c
        whole = c.share_whole_before.first(k, sent.start, a.start)
        if whole is None or a.kind != "level" or a.population is None:
            return False
        grp = c.household_groups.at(k, whole.end)
        return grp is not None and grp.label == a.group and _ANY_DIGIT.search(k, grp.end, a.start) is None
