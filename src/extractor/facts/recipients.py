"""Whom money and help go to, and whether an amount was lent: the borrowers of a bank amount
("cho vay hộ nghèo đạt …"), the sum a count of borrowers took ("… vay vốn với số tiền …"), the group a
word of giving names ("hỗ trợ cho 2.044 hộ nghèo", "cho hộ nghèo, cận nghèo") and the one group a
sentence helps. One mixin of the fact engine (``engine.FactBuilder``), asked by the money and count
rules."""
from __future__ import annotations

from bisect import bisect_left
from typing import Optional

from .. import rxstore
from ..nlp.quantities import Quantity
from .base import _ANY_DIGIT, _Sentence
from .cues import Hit

_OWN_TO_REACH = 24  # characters from a count to the word of giving that opens its recipients ("8 suất quà dành tặng …")
_OWN_TO_WORDS = 2  # words between them ("quà", "Tết")

_HELPED_POPULATIONS = ("ethnic_minority", "poor_communes", "poor_districts")  # whom money or help may go to
_GROUP_JOINT = rxstore.compile(r"\s*(?:,\s*(?:và\s+)?|và\s+)")  # between the groups of a list
_GROUP_REACH = 40  # characters from "cho", "hỗ trợ" after an amount to the group it goes to
_BORROWER_UNITS = ("households", "people", "turns")  # counts of borrowers
_CLAUSE_MARK = rxstore.compile(r"[,;:.()]")  # no mark between a count of borrowers and their verb


def _list_label(labels: set, one: str) -> str:
    """The group of a list of groups: the poor and near-poor together when it holds both, else
    ``one`` (the group the caller reads it by)."""
    if len(labels) > 1 and ("poor_and_near_poor" in labels or {"poor", "near_poor"} <= labels):
        return "poor_and_near_poor"
    return one


class RecipientRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` (its state: ``key``, ``c``, the
    quantities and sentence helpers)."""

    def _helped_group(self, sent: _Sentence, upto: Optional[int] = None) -> Optional[str]:
        """The one group of beneficiaries a sentence names (up to ``upto``: the end of the item's
        part of it, "…; đồng thời tổ chức … cho các hộ nghèo, hộ cận nghèo" names no group of the
        items before), or the sentence it details names, or the one before it in its paragraph
        ("… 16.155 hộ đồng bào dân tộc thiểu số nghèo … Chương trình 134 … hỗ trợ nhà ở cho 12.391
        hộ"), or the title ("Trao 25 căn nhà Đại đoàn kết cho hộ nghèo huyện Tịnh Biên")."""
        k, c = self.key, self.c
        title = self.sentences[0] if self.sentences and self.sentences[0] is not sent else None
        for s in (sent, self.elaborated, self.before_in_paragraph, title):
            if s is None:
                continue
            hits = c.beneficiary_groups.all(k, s.start, upto if s is sent and upto is not None else s.end)
            hits = [h for h in hits if not any(o.start <= h.start and h.end <= o.end and o is not h for o in hits)]
            labels = {h.label for h in hits  # not "không thuộc hộ nghèo"
                      if not c.not_of_group.ends_at(k, max(s.start, h.start - 20), h.start) and
                      # nor a count of those who left ("có trên 2 triệu hộ thoát nghèo, … việc làm cho
                      # trên 162.000 lao động"): no group helped
                      not (h.label == "escaped" and self._counted_by(h.start))}
            if len(labels) == 1:
                return labels.pop()
            if labels and s is not self.before_in_paragraph:
                return None  # (the sentence before, naming several, leaves the title to say)
        return None

    def _counted_by(self, pos: int) -> bool:
        """The words at ``pos`` are what a quantity counts: its counter, or right after it ("trên 2
        triệu hộ thoát nghèo")."""
        q = self._quantity_before(pos + 1)
        return q is not None and (q.end > pos or not self.key[q.end:pos].strip())

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
        # (a budget's words up to the comma after the amount: not "… tín chấp trên 300 tỷ đồng vốn từ
        # Ngân hàng CSXH, vốn … và quỹ nghĩa tình đồng đội cho hội viên vay", a fund among other sources)
        comma = k.find(",", q.end, end)
        if c.budget_words.first(k, start, end if comma < 0 else comma) is not None or \
                c.loan_norms.last(k, start, q.start) is not None or c.disbursed.last(k, start, q.start) is not None:
            return False
        # (not the bank's part of a programme's money told by source: "vốn ngân sách Trung ương là trên
        # 153 tỷ đồng; …; vốn vay ưu đãi của Ngân hàng Chính sách xã hội hơn 34 tỷ đồng")
        # (a source right after the loan words is whom the bank lends to: "cho vay doanh nghiệp sử
        # dụng người lao động … 345 tỷ đồng; cho vay giải quyết việc làm 258 tỷ đồng")
        if any(h.label not in ("credit", "total") and c.loan_words.ends_at(k, sent.start, h.start) is None
               for h in c.funding_sources.all(k, sent.start, q.start)):
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
            return self._borrowed_right_after(sent, qs)
        before = self._money_near(q.start, sent.start, ("VND", "%"), forward=False)
        lo = before.end if before is not None else sent.start
        verb = c.loan_sum_verbs.last(k, lo, link.start)
        if verb is None or any(h.label != "credit" for h in c.funding_sources.all(k, verb.start, link.start)):
            return None  # (a programme's money from a budget: "vay vốn ngân sách … với kinh phí …"; not
            # the local body that did the lending's paperwork: "địa phương đã giới thiệu cho 134 trường hợp …")
        return lo

    def _borrowed_right_after(self, sent: _Sentence, qs: int) -> Optional[int]:
        """The amount said right after the verb a count of borrowers takes ("toàn huyện có 338 hộ
        nghèo vay trên 12 tỷ đồng"): where the borrowing is said (the count's end), or None."""
        c, k = self.c, self.key
        verb = c.loan_sum_verbs.ends_at(k, sent.start, qs)
        count = self._quantity_before(verb.start) if verb is not None else None
        if count is None or count.unit not in _BORROWER_UNITS or count.start < sent.start or \
                _ANY_DIGIT.search(k, count.end, verb.start) or _CLAUSE_MARK.search(k, count.end, verb.start):
            return None
        return count.end - len(count.counter or "")

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
            to = self.c.lent_to_after.first(self.key, end, item_end) or self.c.helped_after.first(self.key, end, item_end)
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
        for to in self.c.helped_after.all(k, q.end, end):
            # "Hơn 33,2 tỷ đồng hỗ trợ nước sinh hoạt cho hộ nghèo": the help, then whom it is for
            group = self._group_helped(to, end)
            if group is not None:
                return group
        return None

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
        return _list_label(labels, first.label)

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
        return _list_label(labels, hits[-1].label)

    def _own_recipients(self, q: Quantity, limit: int) -> bool:
        """The count's own item says whom it went to, right after its words, and names no group of
        the poor up to the next number ("8 suất quà dành tặng các Bà mẹ Việt Nam anh hùng, …, 1.164
        suất cho hộ cận nghèo": the mothers' portions are no near-poor households)."""
        if q.unit in ("households", "people", "turns"):
            return False  # ("117 hộ được hỗ trợ khoan giếng": what they got, not to whom)
        k = self.key
        nxt = self._next_quantity(q.end)
        end = min(limit, nxt.qualifier_start or nxt.start) if nxt is not None else limit
        to = self.c.given_to.first(k, q.end, min(end, q.end + _OWN_TO_REACH))
        if to is None or len(k[q.end:to.start].split()) > _OWN_TO_WORDS:
            return False
        if nxt is not None and not k[to.end:nxt.qualifier_start or nxt.start].strip():
            end = min(limit, nxt.end + _GROUP_REACH)  # "5 căn nhà cho 5 hộ nông dân nghèo": past their count
        return self.c.beneficiary_groups.first(k, to.end, end) is None

    def _group_helped(self, to: Hit, end: int) -> Optional[str]:
        """The group right after a word of giving, with nothing between but a count of it or a
        determiner ("cho 2.044 hộ nghèo", "cho các hộ nghèo", "hỗ trợ 592 hộ nghèo")."""
        k = self.key
        hit = self.c.beneficiary_groups.first(k, to.end, min(end, to.end + _GROUP_REACH))
        listed = self._listed_from(hit, min(end, hit.end + _GROUP_REACH)) if hit is not None else None
        if hit is None:
            # "47 tỉ đồng hỗ trợ 30 xã đặc biệt khó khăn": the areas or people it goes to
            hit = self.c.populations.first(k, to.end, min(end, to.end + _GROUP_REACH))
            if hit is None or hit.label not in _HELPED_POPULATIONS:
                return None
        words, pos = [], to.end
        for x in self.quantities[bisect_left(self.q_starts, to.end):]:
            if x.start >= hit.start:
                break
            words.append(k[pos:x.qualifier_start or x.start])
            pos = max(pos, x.end)
        words.append(k[pos:hit.start])
        lead = " ".join(" ".join(words).split())
        return (listed or hit.label) if not lead or lead in self.c.group_determiners else None
