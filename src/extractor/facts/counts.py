"""What a count measures: households of a group (poor, near-poor, out of poverty, new, all), the
beneficiaries of a benefit (households, people, houses, cards, gifts) and whom they belong to. One
mixin of the fact engine (``engine.FactBuilder``), read by ``indicators.IndicatorRules._read`` for
every count of households, people, houses and the like."""
from __future__ import annotations


from .. import rxstore
from .base import _AFTER_SLASH, _ANY_DIGIT, _CARRIED_POPULATIONS, Draft, _LIST_JOIN, _PARTS_ASIDE, PLACE_UNITS, first_decided, _within
from .cues import Hit
from .recipients import _GROUP_REACH

_HELPED_LIST_REACH = 400  # characters from a count of people helped to the first item of a list by place of them
_DETAILS_REACH = 300  # characters of sentences with no figure between a count of the helped and its details
_HANDED_UNITS = ("cards", "houses", "portions", "vehicles", "devices")  # things handed over: each counted is help given
_PERSONS = {"people", "students"}  # counts of persons: "27.000 học sinh" is detailed as "trên 17.200 em"
_DAMAGE_REACH = 25  # characters from a count to the words of what a disaster did to it ("1.200 ngôi nhà bị tốc mái")
_FLOW_REACH = 60  # characters from a count of households to the move out of (or into) poverty said after it
_NEED_REACH = 50  # characters from a count of households (and its group) to the help it still needs

_DESCRIBED_REACH = 200  # characters from a household count, past who they are, to what they get
_HELPED_LABEL = rxstore.compile(r"[^\d.;:]{0,40}?\s(?:là|có|gồm|đạt):?\s*(?:khoảng|trên|dưới|hơn|gần)?\s*")  # "… được hỗ trợ tiền ăn là 545 em"
_GROUP_LABEL_REACH = 30  # characters from a group's words to a count they label ("hộ nghèo là 3.365 hộ")
_HELP_OBJECT_REACH = 30  # characters from a verb of help, past what or how, to the count helped
_HELP_OBJECT = rxstore.compile(r"(?:\s+[^\W\d_]+){0,3}\s+")  # those words: none to three, no number or mark
_HELPED_AFTER_PEOPLE = 12  # characters from the people a count of households holds to what they got
_PEOPLE_THEN_HELP = rxstore.compile(r"\s*\)?\s*(?:đã\s+|đều\s+)?")  # between them: "(10.278 người) được …"
_GROUP_AFTER_PEOPLE = 30  # characters from the people a count of households holds to a group said of them
_PASSIVE_REACH = 60  # characters from a count to the "được" of the help its people got
_AGENT_REACH = 30  # characters from that "được" to the verb of help, past who gave it
_AGENT_WORDS = 3  # words of the giver between them ("được Trung ương hỗ trợ", "được các cấp Hội giúp")
_GROUP_LIST_REACH = 120  # characters of a list of groups before what they get
_PEOPLE_AFTER = rxstore.compile(r"\s*(?:,\s*|\(\s*)?(?:/|với|tương ứng|tương đương)?\s*")  # "19.284 hộ với 78.254 nhân khẩu", "1.445 hộ (6.629 nhân khẩu)"
_BORROWERS_AFTER = rxstore.compile(r"\s*,?\s*(?:với|cho|\()\s*")  # between an amount lent and its borrowers ("445 tỷ đồng (10.877 hộ)")
_PAID_OUT = ("credit", "disbursed", "funding")  # money that reaches households: lent, paid out, given
# right after a count, the money it was given: "TP. Long Xuyên là 15 hộ, kinh phí 4.500.000 đồng"
_MONEY_AFTER = rxstore.compile(r"\s*,?\s*(?:với\s+)?(?:tổng\s+)?(?:kinh phí|số tiền)(?![^\W\d_])")
_PEOPLE_LINK_REACH = 50  # characters from a count of turns to "thuộc" and the group the people belong to
_WORDS = rxstore.compile(r"[^\W\d_]+")
_ITEM_BREAK = rxstore.compile(r"[,;]")  # between a word of the item before and the next item
_STOPS = rxstore.compile(r"[;:.()]")  # an item's list ends, or an aside opens, between two counts
_LABEL_BEFORE = rxstore.compile(r"\s(?:là|đạt)\s*$|:\s*$")  # "… là 3.092 người": a label's count
_LABEL_JOIN = rxstore.compile(r"\s*(?:là|:|có)?\s*$")  # between a label and its count ("hộ nghèo là 4 hộ", "vay vốn hộ nghèo có 15 hộ", "hộ cận nghèo 1 hộ")
_GIVEN_TO = rxstore.compile(r"\s*(?:đến|tới)\s+")  # between an amount given and those it went to ("… tỷ đồng đến hơn 28.000 hộ")
_RATE_ASIDE = rxstore.compile(r"\s*,?\s*\(\s*")  # between a rate and a count that opens a bracket after it
# groups of households that moved into or out of poverty (or near-poverty)
_MOVES = frozenset({"escaped", "escaped_near_poor", "escaped_poor_near_poor", "new_poor", "repoor"})
_TIME_LEAD = rxstore.compile(r"[\s,]*(?:(?:vào|trong|đến|tới|tính đến)\s+)?")  # between a rate and its time


class _CountReading:
    """One count being read: what ``indicators`` gives it, and what each stage of ``CountRules``
    finds for the next (its head word and group, whom the help is for, the words of help)."""

    __slots__ = ("sent", "q", "prev_end", "clause_start", "clause_end", "right_short", "frame", "draft",
                 "qs", "unit", "counter_start", "lo", "head", "people", "grp", "bgrp", "seg_end", "before",
                 "need", "benefit_frame", "is_benefit", "detailed", "details_of", "verb", "given_to")

    def __init__(self, sent, q, prev_end, clause_start, clause_end, right_short, frame, draft):
        self.sent, self.q, self.prev_end, self.frame, self.draft = sent, q, prev_end, frame, draft
        self.clause_start, self.clause_end, self.right_short = clause_start, clause_end, right_short
        self.qs = q.qualifier_start if q.qualifier_start is not None else q.start  # with its qualifier: "hơn 3.000 hộ"
        self.unit = q.unit
        self.counter_start = q.end - len(q.counter or "")  # where the counter starts: "hộ" of "3.000 hộ nghèo"
        self.lo = max(prev_end, clause_start)  # the clause before the count, past the number before it
        self.head = self.people = self.grp = self.bgrp = self.before = self.need = self.details_of = self.verb = None
        self.seg_end = clause_end
        self.benefit_frame = self.is_benefit = self.detailed = False
        self.given_to = False  # counted as those an amount just said went to: an item of its own


class CountRules:
    def _escaped_out_of(self, q, grp, clause_end):
        """The group ("poor" or "near_poor") a count over a whole left: "318/886 hộ thoát nghèo",
        "70/263 hộ thoát cận nghèo", "7/9 hộ cận nghèo … thoát cận nghèo"; None otherwise."""
        if grp is None:
            return None
        if grp.label in ("escaped", "escaped_near_poor"):
            return "near_poor" if grp.label == "escaped_near_poor" else "poor"
        if grp.label in ("poor", "near_poor") and self._escape_after(q, clause_end, strict=True):
            return grp.label
        return None

    def _rate_aside(self, q) -> bool:
        """``q`` opens a bracket right after a rate ("9,33% (78.066 hộ dân)")."""
        prev = self._previous_quantity(q)
        return prev is not None and prev.unit == "%" and \
            _RATE_ASIDE.fullmatch(self.key, prev.end, q.qualifier_start or q.start) is not None

    def _goods_before(self, end: int) -> bool:
        """An amount of goods ends at ``end`` ("807.720 kg", "140 suất"): its number, then its unit."""
        k = self.key
        return self.c.goods_per.ends_at(k, max(0, end - 12), end) is not None and \
            _ANY_DIGIT.search(k, max(0, end - 16), end) is not None

    def _arising_after(self, q, clause_end: int):
        """The word of households newly poor after ``q`` and the counts of households listed
        with it ("6 hộ nghèo và 23 hộ cận nghèo phát sinh mới"): its hit, or None."""
        k = self.key
        pos = q.end
        nxt = self._next_quantity(q.end)
        while nxt is not None and nxt.unit == "households" and nxt.start < clause_end and \
                _LIST_JOIN.fullmatch(k, pos, nxt.qualifier_start or nxt.start):
            pos = nxt.end
            nxt = self._next_quantity(nxt.end)
        hit = self.c.household_groups.at(k, pos, min(clause_end, pos + 24))
        return hit if hit is not None and hit.label == "new_poor" and hit.start - pos <= 2 else None

    def _stock_label(self, q, lo: int) -> bool:
        """``q`` is said as the value of a count of a group's households ("số hộ nghèo toàn tỉnh là
        17.022 hộ", "số hộ cận nghèo 18.520 hộ"): its label, the group in it, nothing helped between."""
        k, c = self.key, self.c
        label = c.households_count_words.last(k, lo, q.qualifier_start or q.start)
        if label is None:
            return False
        grp = c.household_groups.first(k, label.start, q.start)
        return grp is not None and grp.label != "total" and \
            c.beneficiary_after.first(k, label.end, q.start) is None and not _ANY_DIGIT.search(k, label.end, q.start)

    def _rate_group(self, q, lo: int, qs: int, equivalent: bool = False):
        """The group of the rate right before a count joined to it ("tỷ lệ hộ cận nghèo 3,49% với
        tổng số 915.274 hộ", "… 7,69% với 246.190 hộ": near-poor households, not all of them);
        with ``equivalent``, also the count that says the rate again ("tỉ lệ này giảm còn 3,56% (11.735
        hộ)", "… dưới 1,2%, tương đương khoảng 3.870 hộ")."""
        rate = self._previous_quantity(q)
        if rate is None or rate.unit != "%":
            return None
        joint = self.c.rate_total_words.ends_at(self.key, max(lo, rate.end), qs)
        gap = self.key[rate.end:joint.start] if joint is not None else ""
        if joint is None and equivalent:
            joint = self.c.equivalent.ends_at(self.key, max(lo, rate.end), qs)
            if joint is not None:
                # (past the rate's time: "3,56% vào cuối năm 2022 (11.735 hộ)")
                times = _within(self.times, self.time_starts, rate.end, joint.start)
                if times and _TIME_LEAD.fullmatch(self.key, rate.end, times[0].start) is None:
                    return None
                gap = self.key[times[-1].end if times else rate.end:joint.start]
        if joint is None or gap.strip(" ,"):
            return None
        d = next((d for d in self.sentence_drafts if d.start == rate.start), None)
        label = self.c.group_of_rate.get(d.indicator) if d is not None and d.kind == "level" else None
        return Hit(qs, qs, label, "") if label else None

    def _details_helped(self, unit: str):
        """The count of ``unit`` helped in the sentence the current one details ("Cụ thể, …",
        "Trong đó, …"), if any."""
        if not self.elaborates or self.elaborated is None:
            return None
        lo, hi = self.elaborated.start, self.elaborated.end
        if self.done and self.done[-1].end <= lo and lo - self.done[-1].end <= _DETAILS_REACH:
            lo = self.done[-1].start  # (past sentences of no figure: "… 306 phụ nữ … được hỗ trợ …. Chính
            # sách thực hiện theo Nghị định số 39/2015/NĐ-CP …. Trong đó, Tuy Đức 79 người, …")
        for x in reversed(self.done):  # (the drafts of the sentence detailed are the last ones made)
            if x.start < lo:
                return None
            if x.start < hi and x.indicator == "beneficiaries" and x.kind == "level" and (
                    x.unit == unit or {x.unit, unit} <= _PERSONS):
                return x
        return None

    def _bare_item(self, q, prev_end: int, clause_start: int, right_short: int) -> bool:
        """A bare count of households ("xã Thượng Trạch có 170 hộ"), of no group named before it
        in its item or right after it ("160 hộ người có công")."""
        k, c = self.key, self.c
        lo = max(prev_end, clause_start)
        return q.counter == "hộ" and c.household_groups.at(k, q.end - 2) is None and \
            c.other_household_groups.at(k, q.end, right_short + 1) is None and \
            c.household_groups.last(k, lo, q.start) is None and c.populations.last(k, lo, q.start) is None

    def _helped_far(self, q, unit: str, seg_end: int, clause_end: int):
        """What the households counted get, said further on: past a long description of who they are,
        no number between ("106 hộ dân thuộc đối tượng là hộ nghèo, hộ cận nghèo, hộ gia đình khó khăn
        bị ảnh hưởng bởi thiên tai được hỗ trợ …"), or past a list of groups and their counts ("2.100
        hộ nghèo, 7.200 hộ cận nghèo được vay vốn")."""
        k, c = self.key, self.c
        described = min(seg_end, q.end + _DESCRIBED_REACH) if unit == "households" else q.end
        listed = min(clause_end, q.end + _GROUP_LIST_REACH)
        far = c.beneficiary_after.first(k, q.end, max(described, listed))
        if far is None:
            return None
        if far.end <= described and not _ANY_DIGIT.search(k, q.end, far.start) and \
                c.household_groups.first(k, q.end, far.start) is not None:
            return far
        if far.end <= listed and all(w in c.group_list_words for w in _WORDS.findall(k, q.end, far.start)):
            return far
        return None

    def _help_with_object(self, q, lo: int, qs: int):
        """A verb of help a few words before the count, the words between saying what or how and no
        number, level or change among them ("hỗ trợ đột xuất 8 hộ gia đình", "đã hỗ trợ được 324 hộ")."""
        k, c = self.key, self.c
        verb = c.help_with_object.last(k, max(lo, qs - _HELP_OBJECT_REACH), qs)
        if verb is None or not _HELP_OBJECT.fullmatch(k, verb.end, qs) or c.changes.first(k, verb.end, qs) is not None or \
                c.household_groups.first(k, verb.end, qs) is not None:
            return None
        return verb

    def _money_given_to(self, q, sent, qs: int):
        """A count right after an amount given "đến" it, a verb of giving before the amount in the
        sentence ("tỉnh đã tặng hơn 92,1 tỷ đồng đến hơn 92.400 đối tượng chính sách, …, 26 tỷ đồng
        đến hơn 28.000 hộ nghèo, cận nghèo"): the verb."""
        money = self._previous_quantity(q)
        if money is None or not (money.unit or "").startswith("VND") or money.start < sent.start or \
                _GIVEN_TO.fullmatch(self.key, money.end, qs) is None:
            return None
        return self.c.money_given_verbs.last(self.key, sent.start, money.qualifier_start or money.start)

    def _helped_by(self, q, seg_end: int):
        """Help the people counted got from someone named between "được" and its verb, in their
        item, no number between ("21.688 hộ nghèo, hộ cận nghèo được Hội giúp bằng nhiều hình thức",
        "745 hộ nghèo theo chuẩn Trung ương được Trung ương hỗ trợ đầu thu")."""
        k, c = self.key, self.c
        end = min(seg_end, q.end + _PASSIVE_REACH)
        got = c.passive_marks.first(k, q.end, end)
        if got is None or _ANY_DIGIT.search(k, q.end, got.start):
            return None
        verb = c.passive_help.first(k, got.end, min(end, got.end + _AGENT_REACH))
        return verb if verb is not None and len(k[got.end:verb.start].split()) <= _AGENT_WORDS else None

    def _helped_after_aside(self, q, sent_end: int):
        """What the people counted get, said right after an aside in brackets that details them ("20
        hộ (14 hộ nghèo, 6 hộ cận nghèo, đều là đồng bào dân tộc thiểu số) được thụ hưởng")."""
        k = self.key
        aside = _PARTS_ASIDE.match(k, q.end, sent_end)
        if aside is None:
            return None
        verb = self.c.beneficiary_after.first(k, aside.end(), min(sent_end, aside.end() + 40))
        return verb if verb is not None and not k[aside.end():verb.start].strip() else None

    def _paid(self, q, qs: int, frame) -> bool:
        """Households or people said beside money were given it: the borrowers right after an
        amount lent ("dư nợ 26,7 tỷ đồng với 1.187 hộ", "hộ nghèo 239,5 tỷ đồng (10.877 hộ)") or paid,
        or the households the money right after them went to ("TP. Long Xuyên là 15 hộ, kinh phí
        4.500.000 đồng; TP. Châu Đốc 04 hộ, …")."""
        if q.unit not in ("households", "people"):
            return False
        k = self.key
        if frame is not None and frame.indicator in _PAID_OUT and frame.unit == "VND" and \
                _BORROWERS_AFTER.fullmatch(k, frame.end, qs) is not None:
            return True
        # (households only: "2.444 thành viên, tổng số tiền huy động …" is money raised from them)
        return q.unit == "households" and _MONEY_AFTER.match(k, q.end) is not None

    def _relief_said(self, sent, qs: int) -> bool:
        """Food relief is named before ``qs`` in its item of the sentence, or in the sentence it
        details ("Cụ thể, huyện Tuy An được phân bổ 2.700 kg gạo (106 hộ với 180 khẩu)")."""
        k, c = self.key, self.c
        # (in the item of the count: not "tỷ lệ hộ thiếu đói … chiếm trên 54%; có 131 hộ chưa có nhà ở")
        if c.relief_words.first(k, k.rfind(";", sent.start, qs) + 1 or sent.start, qs) is not None:
            return True
        prev = self.elaborated
        return prev is not None and c.relief_words.first(k, prev.start, prev.end) is not None

    def _count(self, sent, q, prev_end, left_start, clause_start, clause_end, right_short, frame, draft):
        """The drafts of a count ``q`` of households, people, houses and the like: the first of the
        stages below that decides (a list, empty for no fact) gives them. The stages read in turn
        what the count is written with (its group, whom it helps), whether it was help, and what
        kind of count it is; each leaves what it found on the reading for the next."""
        return first_decided(self, self._COUNT_STAGES, _CountReading(sent, q, prev_end, clause_start, clause_end,
                                                                     right_short, frame, draft))

    def _cnt_slash(self, r: "_CountReading"):
        """A count after a bar: whom goods or money went to, or the whole a count is out of."""
        k, c, q, unit, frame, draft = self.key, self.c, r.q, r.unit, r.frame, r.draft
        if unit not in ("households", "people"):
            return None
        slash = _AFTER_SLASH.search(k, max(0, q.start - 3), q.start)
        if slash is None:
            return None
        if self._goods_before(slash.start() + 1):
            # "807.720 kg/ 6.251 hộ": the households the goods went to
            return [draft("beneficiaries", unit, kind_="level", attributes={"benefit": "other"})]
        if unit == "households" and self._previous_quantity_unit(q) == "households":
            # "8.112 hộ nghèo/506.184 hộ": the households the count is out of
            return [draft("total_households", "households", kind_="level", group="total")]
        if frame is not None and frame.indicator in _PAID_OUT and frame.unit == "VND" and frame.end >= q.start - 3 and \
                q.value != 1:  # (not a rate: "5 triệu đồng/1 hộ/1 năm")
            # "cho vay giải quyết việc làm 370 tỷ đồng/5.774 hộ": the borrowers of the loans before the
            # bar; "giải ngân được 495 triệu đồng/165 hộ để mua bồn nước": the households paid
            ben = "loan" if frame.indicator == "credit" else \
                getattr(c.benefits.first(k, q.end, r.clause_end), "label", None) or "other"
            return [draft("beneficiaries", unit, kind_="level", attributes={"benefit": ben},
                          population=frame.population)]
        return None

    def _cnt_not_helped(self, r: "_CountReading"):
        """People who are no count of their own: the members of households just counted, those who help."""
        k, c, q, unit, qs = self.key, self.c, r.q, r.unit, r.qs
        if unit == "people" and q.counter and c.household_members.at(k, r.counter_start, q.end):
            prev = self._previous_quantity(q)
            if prev is not None and prev.unit == "households" and _PEOPLE_AFTER.fullmatch(k, prev.end, qs):
                # "cấp gạo cứu đói cho 480 hộ, với 1.664 khẩu": the people of the households just
                # counted, no count of their own
                return []
        if unit in ("people", "turns") and (
                c.helpers_before.ends_at(k, max(r.prev_end, r.clause_start), qs) is not None or
                c.helpers_after.at(k, q.end, r.right_short) is not None):
            return []  # "huy động 140.983 lượt cán bộ, chiến sĩ", "454.000 lượt người tham gia hỗ trợ": who helped
        return None

    def _cnt_group(self, r: "_CountReading"):
        """The group of households the count is written with ("hộ nghèo", "hộ mới thoát nghèo", "hộ
        nghèo, hộ cận nghèo", "hộ dân cư"), and the people it names ("310 hộ DTTS nghèo")."""
        k, c, q, qs, counter_start, right_short = self.key, self.c, r.q, r.qs, r.counter_start, r.right_short
        head_hit = c.counter_heads.at(k, counter_start, q.end) if q.counter else None
        head = r.head = head_hit.label if head_hit is not None else None
        grp = c.household_groups.at(k, counter_start) if head == "households" else None
        if grp is not None and grp.label in ("poor", "near_poor"):
            flow = self._arising_after(q, r.clause_end)
            if flow is not None:
                # "6 hộ nghèo và 23 hộ cận nghèo phát sinh mới": the poor ones newly poor; the
                # near-poor newly so fit no indicator
                if grp.label == "near_poor":
                    return []
                grp = flow
        if grp is None and head == "households":
            # "257.085 hộ dân cư", "so với 176.822 hộ dân": all households, the whole
            whole = c.all_households_after.at(k, head_hit.end, right_short + 1)
            grp = Hit(whole.start, whole.end, "total", whole.text) if whole is not None else None
            named = c.household_groups.last(k, r.lo, qs) \
                if whole is not None and q.denominator is not None else None
            if named is not None and named.label != "total":
                # "hộ nghèo, hộ cận nghèo năm 2017 là 125/1705 hộ dân": all households are the whole
                # out of which the group named before is counted
                grp = named
        if grp is not None and grp.label == "total" and self._rate_aside(q):
            grp = None  # "tỉ lệ nghèo đa chiều … ở mức 9,33%, (78.066 hộ dân)": the households of the rate
        if grp is None and head is not None:
            grp = c.household_groups.at(k, q.end, right_short + 1)
            if grp is not None and grp.label == "total" and (self._out_of(grp, q.end) or self._number_right_after(grp.end)):
                # "3.654 hộ trên tổng số 484.930 hộ dân": the whole is the next count's; "Hộ thoát
                # nghèo: 17 hộ tổng số 40 khẩu": the total of the people after it
                grp = None
        if grp is None and head == "households":
            member = c.member_words.at(k, q.end, right_short)
            if member is not None:  # "48 hộ hội viên nghèo": the members' households of a group
                grp = c.household_groups.at(k, member.end, right_short + 1)
        # "310 hộ DTTS nghèo", "2.210 hộ đồng bào dân tộc thiểu số thoát nghèo": the people, then the group
        people = r.people = c.populations.at(k, q.end, right_short) if head == "households" else None
        if grp is None and people is not None:
            grp = c.household_groups.at(k, people.end, right_short + 1)
        if grp is None and head == "households":
            # "2.929 hộ gia đình thuộc diện hộ nghèo": the group after a link word
            link = c.beneficiary_links.at(k, q.end, right_short)
            grp = c.household_groups.at(k, link.end, right_short + 1) if link is not None else None
        r.grp = grp
        return None

    def _cnt_benefit_group(self, r: "_CountReading"):
        """The group the people or households helped belong to ("3.300 lượt hộ nghèo, hộ cận nghèo",
        "cho 3.150 người thuộc hộ nghèo", "hộ nghèo 103 nhà")."""
        k, c, q, unit, qs, head, right_short = self.key, self.c, r.q, r.unit, r.qs, r.head, r.right_short
        counter_start = r.counter_start
        bgrp = c.beneficiary_groups.at(k, counter_start)
        if bgrp is None and q.counter and " " in q.counter:
            # "3.300 lượt hộ nghèo, hộ cận nghèo": the group begins with the counter's head word
            bgrp = c.beneficiary_groups.at(k, counter_start + q.counter.rfind(" ") + 1)
        if bgrp is None:
            bgrp = c.beneficiary_groups.at(k, q.end, right_short + 1)
            both = c.beneficiary_groups.at(k, q.end)
            if both is not None and both.label == "poor_and_near_poor":
                bgrp = both  # "60 hội viên nghèo, cận nghèo": a list of groups past the comma
        if bgrp is None and r.people is not None:
            bgrp = c.beneficiary_groups.at(k, r.people.end, right_short + 1)
        if bgrp is None and head in (None, "households"):
            # "cho 3.150 người thuộc hộ nghèo, hộ cận nghèo", "nhà ở cho hộ nghèo: 2.000 căn", "gồm: 25
            # hộ thuộc diện hộ nghèo, 18 hộ diện cận nghèo"
            link = c.beneficiary_links.at(k, q.end, right_short)
            bgrp = c.beneficiary_groups.at(k, link.end) if link is not None else None
        if bgrp is None and head is None:
            hit = c.beneficiary_before.last(k, r.clause_start, qs)
            bgrp = c.beneficiary_groups.at(k, hit.end) if hit is not None else None
        if bgrp is None and head == "turns":
            # "hơn 22 ngàn lượt người thuộc hộ nghèo, cận nghèo", "26.525 lượt trẻ mẫu giáo, học sinh
            # các cấp thuộc hộ nghèo, cận nghèo": the people counted, then the group they belong to
            reach = min(r.clause_end, q.end + _PEOPLE_LINK_REACH)
            link = c.beneficiary_links.first(k, q.end, reach)
            if link is not None and not _ANY_DIGIT.search(k, q.end, link.start) and \
                    c.beneficiary_after.first(k, q.end, link.start) is None:
                bgrp = c.beneficiary_groups.at(k, link.end)
        if bgrp is None and unit in _HANDED_UNITS:
            # "(hộ nghèo 103 nhà, hộ cận nghèo 101 nhà)": the group as the label of its houses
            bgrp = c.beneficiary_groups.ends_at(k, r.lo, qs)
        if bgrp is None and unit == "households" and q.counter == "hộ":
            # "trong đó: hộ nghèo là 4 hộ": the group as the label of its households
            label = _LABEL_JOIN.search(k, r.lo, qs)
            bgrp = c.beneficiary_groups.ends_at(k, r.lo, label.start()) if label else None
        r.bgrp = bgrp
        return None

    def _cnt_help(self, r: "_CountReading"):
        """The words of help around the count: a verb of help before it or after it, a label that
        names what the counted got, a need still to meet; nobody helped (the hungry, those denied,
        what a disaster did) gives no fact."""
        k, c, q, unit, qs, sent, lo, frame = self.key, self.c, r.q, r.unit, r.qs, r.sent, r.lo, r.frame
        clause_start, clause_end, right_short, grp, head = r.clause_start, r.clause_end, r.right_short, r.grp, r.head
        seg_end = self._next_item(q.end, clause_end)
        aside_end = clause_end
        if self._in_parens(sent, q.start):
            # "(thị xã hiện còn 199 hộ nghèo và 385 hộ cận nghèo) 100 lao động … sẽ được đào tạo
            # nghề": an aside in brackets ends at its bracket, what follows is the outer clause's
            close = k.find(")", q.end, clause_end)
            if close >= 0:
                seg_end, aside_end = min(seg_end, close), close
        r.seg_end = seg_end
        before = c.beneficiary_before.ends_at(k, lo, qs)
        if before is None and unit == "households" and q.counter == "hộ":
            # "cho vay hộ nghèo là 166 hộ", "hỗ trợ hộ cận nghèo 36 hộ": the group helped as the
            # label of its households, the verb of help before it
            label = _LABEL_JOIN.search(k, lo, qs)
            named = c.beneficiary_groups.ends_at(k, lo, label.start()) if label else None
            before = c.beneficiary_before.ends_at(k, lo, named.start) if named else None
        if before is None and unit in ("households", "people", "students", "turns"):
            before = self._help_with_object(q, lo, qs)
            if before is None:
                before = self._money_given_to(q, sent, qs)
                r.given_to = before is not None
        r.before = before
        after_verb = c.beneficiary_after.first(k, q.end, min(seg_end, q.end + 80))
        if after_verb is None and unit in ("households", "turns"):
            after_verb = self._helped_far(q, unit, seg_end, aside_end)
        if after_verb is None:
            after_verb = self._helped_after_aside(q, sent.end)
        if after_verb is None and unit in ("households", "people", "turns"):
            after_verb = self._helped_by(q, seg_end)
        if before is None and after_verb is None and c.hungry_after.at(k, q.end, right_short + 1) is not None and \
                c.helped_after.last(k, clause_start, qs) is None:
            return []  # "16,5 nghìn lượt hộ thiếu đói": the hungry counted, nobody's help
        if after_verb is not None and "," in k[q.end:after_verb.start] and self._stock_label(q, lo):
            # "với số hộ nghèo toàn tỉnh là 17.022 hộ và số hộ cận nghèo 18.520 hộ, tất cả … đều được
            # tặng quà": the stock said with its label, the help in a clause after it
            after_verb = None
        if after_verb is not None and not after_verb.text.startswith("được") and \
                c.unmet_before.ends_at(k, q.end, after_verb.start) is not None:
            # "hơn 1,3 triệu hộ cận nghèo cần vay vốn": a need, nobody helped yet (but readers count
            # "1.034 hộ cần được xây mới" as the households the help is for)
            after_verb = None
        if after_verb is not None and before is None and head not in ("turns", "borrowers") and \
                c.help_denied_before.ends_at(k, q.end, after_verb.start) is not None:
            return []  # "Hơn 500 hộ chưa được thụ hưởng chương trình 134": nobody helped, no group counted
        # the parts of a beneficiary count ("thu hút 980 hộ tham gia, trong đó có 412 hộ nghèo")
        moved = c.changes.last(k, lo, qs)
        if moved is not None and _ITEM_BREAK.search(k, moved.end, qs):
            # "… 1.558 hộ hỗ trợ trực tiếp bằng téc nước, 169 hộ đường ống": a word of the item before
            moved = None
        r.benefit_frame = benefit_frame = frame is not None and frame.indicator == "beneficiaries" and (
            moved is None or moved.label == "not" or
            (c.breakdown.first(k, frame.end, qs) is not None and not self._change_verb(frame.end, qs)))
        # "Tổng số hộ còn dư nợ thuộc chương trình này là 2.250 hộ gia đình": households said with
        # what they get before the count, not all households
        helped = c.beneficiary_after.last(k, lo, qs)
        helped_before = helped is not None and (
            grp is not None and grp.label == "total" or
            # "Số hộ hưởng lợi trực tiếp … là 4.994 hộ": the count the words before it name
            grp is None and unit == "households" and c.households_count_words.last(k, lo, helped.start) or
            # "Tổng số học sinh được hỗ trợ là 7.256 em", "học sinh được hỗ trợ tiền ăn là 545 em": the
            # people the words before name, helped with what they say
            unit in ("students", "people") and _HELPED_LABEL.fullmatch(k, helped.end, qs) is not None)
        helped_before = helped_before or grp is None and unit == "households" and self._helped_list_item(sent, qs) or \
            unit in _PERSONS and self._counted_help_label(clause_start, qs)
        # "4.106 hộ cần hỗ trợ về nhà ở": the households a plan is to help, a target (but a stock of
        # the poor that still needs it is a count of them: "tỉnh còn 2.350 hộ nghèo cần hỗ trợ nhà ở")
        need = c.needs_help_after.first(k, q.end, min(seg_end, q.end + _NEED_REACH)) \
            if unit == "households" and grp is None and before is None and not helped_before else None
        if need is not None and (_ANY_DIGIT.search(k, q.end, need.start) or
                                 after_verb is not None and after_verb.start < need.start):
            need = None  # (a help said before the need was got)
        elif need is not None:
            after_verb = None  # "… còn trên 6.600 hộ có nhu cầu hỗ trợ xây mới, sửa chữa nhà ở": all of it needed
        r.need = need
        if before is None and after_verb is None and not helped_before and need is None and \
                c.helped_after.last(k, clause_start, qs) is None:
            hit = c.damaged_after.first(k, q.end, min(seg_end, q.end + _DAMAGE_REACH))
            if (hit is not None and _ANY_DIGIT.search(k, q.end, hit.start) is None) or \
                    c.damaged_before.ends_at(k, clause_start, qs) is not None:
                return []  # "làm 1.200 ngôi nhà bị tốc mái", "vùi lấp 1 ngôi nhà": what a disaster did, nobody helped
        is_benefit = head in ("turns", "borrowers") or before is not None or after_verb is not None or helped_before \
            or need is not None \
            or benefit_frame or unit in _HANDED_UNITS or self._listed_benefit(sent, q, grp) \
            or self._paid(q, qs, frame) or unit == "households" and grp is None and self._relief_said(sent, qs)
        whole = self._details_helped(unit) if not is_benefit and (
            unit in _PERSONS or unit == "households" and self._bare_item(q, r.prev_end, clause_start, right_short)) else None
        if whole is not None and not (q.counter and c.household_members.at(k, r.counter_start, q.end)):
            # "Tổng số người được hỗ trợ chi trả là 8.872 người. Cụ thể, đối tượng bảo trợ xã hội …
            # là 3.896 người; …": the parts of the people helped the sentence before counted (each of
            # the group its own item names, if any)
            is_benefit = r.detailed = True
            r.details_of = whole
        r.is_benefit = is_benefit
        return None

    def _cnt_all_households(self, r: "_CountReading"):
        """Households of no group that are not helped: all of the place's, when the count is broken
        down after it or said with the people it holds."""
        k, c, q, unit, qs, sent, prev_end = self.key, self.c, r.q, r.unit, r.qs, r.sent, r.prev_end
        if unit != "households" or r.grp is not None or r.is_benefit:
            return None
        named_group = c.household_groups.last(k, r.clause_start, qs)
        if self._whole_broken_down(q, sent) and (
                named_group is None or prev_end <= named_group.end and (
                    qs - named_group.end > _GROUP_LABEL_REACH or "," in k[named_group.end:qs]) or
                # "rà soát hộ nghèo … có tổng cộng 5.861 hộ, trong đó có 43 hộ nghèo": all of them
                c.total_words.ends_at(k, r.lo, qs) is not None):
            return [r.draft("total_households", "households", kind_="level", group="total")]
        if c.household_groups.last(k, sent.start, qs) is None and c.populations.last(k, sent.start, qs) is None:
            # "Huyện Lắk có 19.284 hộ với 78.254 nhân khẩu", "toàn huyện có 12.276 hộ, tương ứng 49.582
            # khẩu": households of no group, with the people they hold, are all of the place's
            people = self._next_quantity(q.end)
            if people is not None and people.unit == "people" and \
                    _PEOPLE_AFTER.fullmatch(k, q.end, people.qualifier_start or people.start) and \
                    c.household_groups.first(k, people.end, min(r.clause_end, people.end + _GROUP_AFTER_PEOPLE)) is None:
                # (not the group said after them: "6.287 hộ (với 11.677 nhân khẩu) thuộc diện hộ nghèo")
                helped = c.beneficiary_after.first(k, people.end, min(sent.end, people.end + _HELPED_AFTER_PEOPLE))
                if helped is not None and _PEOPLE_THEN_HELP.fullmatch(k, people.end, helped.start):
                    # "với 284 hộ, 1.150 khẩu được hưởng lợi từ dự án", "415 hộ (1.800 người) được hỗ
                    # trợ": the households and their people, then what they got
                    ben = c.benefits.first(k, helped.start, sent.end)
                    return [r.draft("beneficiaries", "households", kind_="level",
                                    attributes={"benefit": ben.label if ben is not None else "other"})]
                return [r.draft("total_households", "households", kind_="level", group="total")]
        return None

    def _cnt_bare_group(self, r: "_CountReading"):
        """A bare "hộ" not helped: the group of the figure said before ("con số này còn 3.870 hộ"),
        or the group named nearest before ("hộ nghèo là 3.365 hộ", "còn 73 hộ")."""
        k, c, q, unit, qs, sent, grp = self.key, self.c, r.q, r.unit, r.qs, r.sent, r.grp
        if unit not in ("households", "turns") or grp is not None or r.is_benefit:
            return None
        lo = r.lo
        back = c.anaphora.last(k, lo, qs)
        if back is not None and c.household_groups.last(k, back.end, qs) is None:
            # (not past a group named since: "Trong số này, hộ nghèo chiếm 1.121 hộ")
            prior = [d for d in reversed(self.done) if d.group]
            if prior:
                grp = Hit(qs, qs, prior[0].group, "")
        # (not one in an aside closed before it: "53.573 hộ (chiếm 40,18% tổng số hộ DTTS) thì đến
        # năm 2016 giảm còn 47.133 hộ")
        aside = k.rfind(")", lo, qs)
        grp = grp or c.household_groups.last(k, aside + 1 if aside >= 0 else lo, qs)
        if grp is not None and grp.label == "total" and c.base_before.ends_at(k, lo, grp.start) is not None:
            grp = None  # "chiếm tỷ lệ 1,92% so với tổng số hộ toàn tỉnh (giảm 1.966 hộ …)": the rate's base
        if grp is not None and grp.label in c.stock_of_flow and c.remaining.ends_at(k, grp.end, qs) is not None:
            grp = Hit(qs, qs, c.stock_of_flow[grp.label], "")  # "81 hộ thoát nghèo, hiện chỉ còn 35 hộ"
        # a total's bare words ("tổng số", total_words) with no households named: "Hộ cận nghèo toàn
        # tỉnh có tổng số 13.821 hộ" is the total of the group named before (not the whole a count
        # is out of: "17.435 hộ nghèo trong tổng số 79.677 hộ")
        bare = c.total_words.at(k, grp.start, grp.end + 1) if grp is not None and grp.label == "total" else None
        if bare is not None and bare.end == grp.end and not self._out_of(grp, sent.start):
            own = self._group_before(sent.start, grp.start)
            grp = own if own is not None and own.label != "total" else grp
        if grp is None and c.other_household_groups.at(k, q.end, r.right_short + 1) is None and \
                c.other_household_groups.at(k, r.counter_start, r.right_short + 1) is None:
            # not past the clause for households of another group ("160 hộ người có công")
            grp = self._group_before(sent.start, qs) or self.group_frame
        if grp is not None and grp.label == "total":
            grp = self._rate_group(q, lo, qs) or grp
        elif grp is None:
            grp = self._rate_group(q, lo, qs, equivalent=True)
        r.grp = grp
        return None

    def _cnt_helped(self, r: "_CountReading"):
        """A count of help: households helped out of poverty, help given to those who left it, and
        the beneficiaries of a benefit with whom they belong to."""
        k, c, q, unit, qs, sent, grp, draft = self.key, self.c, r.q, r.unit, r.qs, r.sent, r.grp, r.draft
        clause_end, before, is_benefit, benefit_frame = r.clause_end, r.before, r.is_benefit, r.benefit_frame
        verb = c.changes.last(k, r.lo, qs)
        r.verb = verb = verb if verb is not None and verb.label in ("down", "up") else None
        named_benefit = c.benefits.first(k, q.end, self._item_end(q.end, r.seg_end))
        escaped_before = c.household_flows_before.ends_at(k, r.lo, qs)
        label = c.household_groups.at(k, r.counter_start, min(clause_end, q.end + _GROUP_LABEL_REACH)) \
            if unit == "households" and before is not None and c.helped_out_before.at(k, before.start) is None else None
        if label is not None and label.label == "escaped" and label.start == r.counter_start:
            # "trao hỗ trợ cho 55 hộ thoát nghèo bền vững", "tín dụng cho 03 hộ thoát nghèo": help given
            # to households that have left poverty (but "giúp 682 hộ thoát nghèo" counts those it got out)
            ben = c.benefits.first(k, q.end, clause_end) or c.benefits.last(k, sent.start, qs)
            return [draft("beneficiaries", "households", kind_="level", population="escaped",
                          attributes={"benefit": ben.label if ben is not None else "other"})]
        if is_benefit and unit == "households" and (
                self._escape_after(q, clause_end) or escaped_before is not None and escaped_before.label == "escaped"):
            # "giúp cho trên 3.600 hộ nghèo … vươn lên thoát nghèo": those helped out of poverty; of
            # both groups, "giúp trên 700 hộ thoát nghèo và hộ cận nghèo", "643 hộ nghèo, cận nghèo thoát nghèo"
            both = c.household_groups.first(k, q.end, min(clause_end, q.end + 80))
            pop = "poor_and_near_poor" if both is not None and both.label == "escaped_poor_near_poor" or \
                r.bgrp is not None and r.bgrp.label == "poor_and_near_poor" else None
            return [draft("escaped_households", "households", kind_="level", group="escaped", population=pop)]
        if not is_benefit or (grp is not None and grp.label in _MOVES and named_benefit is None and not benefit_frame):
            return None
        if verb is not None and before is None and not benefit_frame:
            return None  # "giảm 1.200 hộ nghèo vay vốn" is rare; a change verb makes it a count
        ben = c.benefits.first(k, q.end, clause_end) or c.benefits.last(k, sent.start, qs) or \
            c.benefits.first(k, q.end, sent.end)
        attrs = {"benefit": ben.label if ben is not None else (r.frame.attributes.get("benefit", "other")
                                                               if benefit_frame else "other")}
        if r.head == "borrowers" and ben is None:
            attrs["benefit"] = "loan"
        if unit == "cards":
            attrs["benefit"] = "health_insurance"
        elif unit == "houses" and attrs["benefit"] == "other":
            attrs["benefit"] = "housing"
        return [draft("beneficiaries", unit, kind_="level", attributes=attrs, population=self._helped_population(r),
                      of_plan=r.need is not None)]

    def _helped_population(self, r: "_CountReading"):
        """Whom the beneficiaries counted belong to: the group written with the count, the people
        of its item, the people of the list or the loans it continues, the group its item or its
        sentence helps."""
        k, c, q, unit, qs, sent, frame = self.key, self.c, r.q, r.unit, r.qs, r.sent, r.frame
        clause_start, clause_end = r.clause_start, r.clause_end
        if r.bgrp is not None:
            return r.bgrp.label
        # "1.200 hộ đồng bào dân tộc thiểu số được hỗ trợ"
        area = c.populations.first(k, r.counter_start, self._item_end(q.end, r.seg_end))
        if area is not None and area.label == "ethnic_minority":
            return area.label
        if frame is not None and frame.indicator == "beneficiaries" and frame.unit == unit and \
                frame.population in _CARRIED_POPULATIONS and frame.sentence == (sent.start, sent.end) and \
                _ITEM_BREAK.search(k, frame.end, qs) and not _STOPS.search(k, frame.end, qs) and \
                self._same_scope(frame.end, qs) and c.populations.first(k, k.rfind(",", frame.end, qs), qs) is None and \
                c.beneficiary_groups.first(k, frame.end, self._item_end(q.end, r.seg_end)) is None:
            # "có 280 hộ dân tộc thiểu số được hỗ trợ về đất ở, 63 hộ chuộc lại đất sản xuất, 351
            # hộ vay vốn": the next items of a list of help go to the same people
            return frame.population
        if frame is not None and frame.indicator == "credit" and frame.population and \
                frame.end >= clause_start and not c.beneficiary_groups.last(k, frame.end, qs):
            # "cho vay hộ nghèo là hơn 2.128 tỷ đồng với 205.612 lượt hộ vay vốn": the
            # borrowers of the amount just said
            return frame.population
        pop = None
        if unit in ("houses", "cards"):
            # "583 căn nhà Đại đoàn kết cho hộ nghèo, cận nghèo, …; cấp 35.927 thẻ …": the
            # group the item itself names after "cho", before the next item
            # (past a name in quotes: "200 căn nhà “Đại đoàn kết” cho các hộ nghèo, hộ cận nghèo")
            nxt = self._next_quantity(q.end + 1)
            item_end = min(clause_end, q.end + 60, nxt.start if nxt is not None else clause_end)
            to = c.helped_after.first(k, q.end, item_end)
            pop = self._group_helped(to, item_end + _GROUP_REACH) if to is not None else None
        if pop is None and r.detailed:
            # "…; tổng số người thuộc hộ nghèo, cận nghèo là 4.209 người": the item's own label
            own = c.beneficiary_groups.last(k, r.lo, qs)
            pop = own.label if own is not None else None
            if pop is None and unit == "households":
                # "… cho 40 hộ nghèo. Trong đó, có 35 hộ ở xã Đăk Na": the group of the whole
                pop = r.details_of.population
        if pop is None and r.head != "turns" and not r.detailed and not r.given_to and not self._own_recipients(q, clause_end):
            # "trao 20 căn nhà đại đoàn kết cho hộ nghèo", "… nhà ở cho hộ nghèo. Trong đó, xây
            # mới 110 hộ": the group the sentence (or the one it details) helps
            semi = k.find(";", q.end, sent.end)
            pop = self._helped_group(sent, semi if semi >= 0 else None)
        return pop

    def _cnt_places_listed(self, r: "_CountReading"):
        """People not helped by their own words, one item of a list by place of people helped."""
        if r.unit not in _PERSONS or r.is_benefit:
            return None
        listed = self._more_places_helped(r.sent, r.q, r.qs, r.unit, r.frame)
        if listed is not None:
            # "… đã đưa được 366 người lao động đi làm việc ở nước ngoài. … Huyện Văn Yên dẫn đầu
            # với 90 người, thị xã Nghĩa Lộ 64 người, …": the places' shares of the people helped
            return [r.draft("beneficiaries", r.unit, kind_="level", attributes=dict(listed.attributes),
                            population=listed.population)]
        return None

    def _cnt_not_households(self, r: "_CountReading"):
        """Counts of anything else but households not helped: no fact."""
        return [] if r.unit not in ("households", "turns") else None

    def _cnt_out_of(self, r: "_CountReading"):
        """A count out of a whole ("318/886 hộ thoát nghèo", "3.210 hộ nghèo/61.540 hộ"): the part of
        its group, and the whole, of the group or of all households."""
        q, grp, draft = r.q, r.grp, r.draft
        if q.denominator is None:
            return None
        k, qs, d = self.key, r.qs, q.denominator
        out_of = self._escaped_out_of(q, grp, r.clause_end)
        if out_of is not None:
            # "318/886 hộ thoát nghèo", "7/9 hộ cận nghèo … thoát cận nghèo": those who left, out
            # of the households of the group they left
            near = out_of == "near_poor"
            return [draft("escaped_households", "households", end=q.num_end,
                          group="escaped_near_poor" if near else "escaped", population="near_poor" if near else None),
                    Draft("near_poor_households" if near else "poor_households", "level", d.value, None,
                          "households", "exact", d.start, d.end, group=out_of)]
        ind = self.c.indicators_by_group.get(grp.label, {}).get("count") if grp else None
        out = []
        if ind:
            pop = self._population(r.sent, q, r.prev_end, r.clause_start, r.right_short)
            out.append(draft(ind, "households", end=q.num_end, group=grp.label, population=pop))
            fell = self._change_verb(r.lo, qs)
            if fell is not None and fell.label == "down" and not k[fell.end:qs].strip() and \
                    q.value is not None and d.value is not None and q.value > d.value:
                # "đã giảm được 1.579/723 hộ nghèo …, đạt 218,4% kế hoạch": more than there were
                # can't have fallen; the second is the fall the plan set
                out.append(Draft(ind, "change", -d.value, None, "households", "exact", d.start, d.end,
                                 group=grp.label, of_plan=True))
                return out
            if fell is not None and fell.label == "down" and not k[fell.end:qs].strip():
                # "Phường Châu Phú A giảm 9/9 hộ": fell by 9 of the 9 it had, its own stock at the
                # start (as "7/44 xã hoàn thành" counts the areas), not all households
                out.append(Draft(ind, "level", d.value, None, "households", "exact", d.start, d.end,
                                 group=grp.label, point="start"))
                return out
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

    def _cnt_left_poverty(self, r: "_CountReading"):
        """Households of a group that left it further on ("1.200 hộ nghèo đã thoát nghèo")."""
        grp, q, draft = r.grp, r.q, r.draft
        if not (r.unit == "households" and grp is not None and grp.label in ("poor", "near_poor", "poor_near_poor") and
                r.verb is None and self._escape_after(q, r.clause_end, strict=True)):
            return None
        # "1.200 hộ nghèo đã thoát nghèo", "134 nghìn hộ nghèo có người học nghề đã thoát nghèo",
        # "1.547 hộ phụ nữ nghèo, 448 hộ phụ nữ cận nghèo đã thoát nghèo" (the near-poor out of near-poverty),
        # "18.000 hộ nghèo và cận nghèo đã vươn lên thoát nghèo" (both)
        if grp.label == "near_poor":
            return [draft("escaped_households", "households", kind_="level", group="escaped_near_poor",
                          population="near_poor")]
        if grp.label == "poor_near_poor":
            return [draft("escaped_households", "households", kind_="level", group="escaped_poor_near_poor",
                          population="poor_and_near_poor")]
        return [draft("escaped_households", "households", kind_="level", group="escaped")]

    def _cnt_flow(self, r: "_CountReading"):
        """A count of moves into or out of poverty said after or before it ("1.726 hộ nghèo rơi vào
        cận nghèo", "155 hộ rơi vào nghèo", "phát sinh 200 hộ")."""
        k, c, q, qs, grp = self.key, self.c, r.q, r.qs, r.grp
        flow = c.household_flows.at(k, q.end, r.right_short + 1)
        if flow is None and (grp is None or grp.label in ("poor", "total")):
            # past the count's own words: "646 hộ dân ở các địa phương này đã thoát khỏi danh sách hộ nghèo"
            far = c.household_flows.first(k, q.end, min(r.clause_end, q.end + _FLOW_REACH))
            flow = far if far is not None and not _ANY_DIGIT.search(k, q.end, far.start) else None
        if flow is None:
            flow = c.household_flows_before.ends_at(k, r.lo, qs)
            if flow is not None and flow.label == "new_poor" and grp is not None and grp.label != "poor" and \
                    not flow.text.endswith("là"):
                flow = None  # "phát sinh 200 hộ cận nghèo": newly near-poor, no indicator
        if flow is None:
            return None
        ind = self.c.indicators_by_group[flow.label]["count"]
        whose = c.populations.first(k, r.counter_start, flow.start) if flow.start > q.end else None
        return [r.draft(ind, "households", kind_="level", group=flow.label,
                        population=whose.label if whose is not None else None)]  # ("126 hộ DTTS đã …")

    def _cnt_group_count(self, r: "_CountReading"):
        """The count of the households of its group (poor, near-poor, all, and those that moved)."""
        k, c, q, sent, grp, frame = self.key, self.c, r.q, r.sent, r.grp, r.frame
        if grp is None:
            return []
        ind = c.indicators_by_group.get(grp.label, {}).get("count")
        if not ind:
            return []
        pop = c.indicators_by_group[grp.label].get("population") or \
            self._population(sent, q, r.prev_end, r.clause_start, r.right_short)
        if pop is None and grp.label in ("escaped", "new_poor", "repoor"):
            # "số hộ nghèo, hộ cận nghèo phát sinh là 04 hộ", "hộ nghèo, cận nghèo thoát hẳn": a flow of both
            both = c.household_groups.ends_at(k, max(sent.start, grp.start - 40), grp.start)
            if both is not None and both.label == "poor_near_poor":
                pop = "poor_and_near_poor"
        if pop is None and frame is not None and frame.population in _CARRIED_POPULATIONS and \
                frame.sentence == (sent.start, sent.end) and self._same_scope(frame.end, q.start) and \
                c.populations.last(k, sent.start, frame.start) is not None:
            # "hộ nghèo vùng đồng bào dân tộc thiểu số có 2.215 hộ, chiếm 10,88%; hộ cận nghèo 1.923
            # hộ": the next group of the same list is of the same people (said before the first, not
            # a part's own label: "giảm được 7.270 hộ nghèo, trong đó có 3.031 hộ nghèo Khmer; giảm
            # 3.527 hộ cận nghèo" is of all)
            pop = frame.population
        # a count of moves in or out of poverty is a count, even said as the equivalent of a change
        # ("giảm 1,25%, tương đương 336 hộ thoát nghèo": 336 households left)
        return [r.draft(ind, "households", kind_="level" if grp.label in _MOVES else None, population=pop,
                        group=grp.label)]

    _COUNT_STAGES = (_cnt_slash, _cnt_not_helped, _cnt_group, _cnt_benefit_group, _cnt_help, _cnt_all_households,
                     _cnt_bare_group, _cnt_helped, _cnt_places_listed, _cnt_not_households, _cnt_out_of,
                     _cnt_left_poverty, _cnt_flow, _cnt_group_count)

    def _counted_help_label(self, clause_start: int, qs: int) -> bool:
        """The clause names a count of people and the help they got, then gives it after "là" or a
        colon ("Số lượng tuyển mới đào tạo nghề trình độ sơ cấp và dạy nghề dưới 3 tháng là 3.092
        người"), the numbers between only those of the help's own words."""
        k, c = self.key, self.c
        label = _LABEL_BEFORE.search(k, max(clause_start, qs - 12), qs)
        if label is None:
            return False
        words = c.persons_count_words.first(k, clause_start, label.start())
        # (the words open the clause, past an opener: "Năm 2015, số lượng …")
        opened = words is not None and not k[max(clause_start, k.rfind(",", clause_start, words.start) + 1):words.start].strip(" -–•*+\n")
        return opened and c.benefits.first(k, words.end, label.start()) is not None

    def _more_places_helped(self, sent, q, qs: int, unit: str, frame):
        """The count of people helped that a list by place, ``q`` one of its items, breaks down: the
        item before in the sentence, or for the first item a count of the same people helped said
        in the sentences just before, no other figure between."""
        if not self._place_item_before(qs):
            return None
        if frame is not None:
            same = frame.indicator == "beneficiaries" and frame.unit == unit and frame.kind == "level" and \
                frame.sentence == (sent.start, sent.end) and self._place_item_before(frame.start)
            return frame if same else None
        if _ANY_DIGIT.search(self.key, sent.start, qs):
            return None  # (the first item opens its sentence's figures)
        prior = self.done[-1] if self.done else None
        if prior is None or prior.indicator != "beneficiaries" or prior.unit != unit or prior.kind != "level" or \
                not 0 <= qs - prior.end <= _HELPED_LIST_REACH:
            return None
        return prior

    def _helped_list_item(self, sent, qs: int) -> bool:
        """``qs`` is an item of a list of places opened by a colon whose head counts helped households,
        past a count of the places ("Số hộ được hỗ trợ của 5 huyện còn lại gồm: Lạc Dương (96 hộ);
        Đơn Dương (81 hộ); …")."""
        k, c = self.key, self.c
        colon = k.rfind(":", sent.start, qs)
        helped = c.beneficiary_after.last(k, sent.start, colon) if colon > sent.start else None
        if helped is None or c.households_count_words.last(k, sent.start, helped.start) is None:
            return False
        between = _within(self.quantities, self.q_starts, helped.end, colon)
        # (past "của 5 huyện": the places counted, not the helped)
        return all(x.unit in PLACE_UNITS for x in between) and \
            all(x.unit == "households" for x in _within(self.quantities, self.q_starts, colon, qs))
