"""From tagged text (quantities, times, places) to the contract's facts.

One pass over the sentences in order. Each quantity is read against its context:

* what it measures (indicator, kind, unit, population, attributes) from the cues nearest to it:
  the words since the previous number in the sentence, then the rest of its clause, then the
  frame the previous fact of the sentence set ("các huyện nghèo giảm 4%-5%; tỷ lệ hộ nghèo
  dân tộc thiểu số trên 3%" reads the second number as the same kind of change);
* when and where from the nearest time and place before it in the sentence, else from what
  carries over from earlier sentences ("Năm 2022, …; …", "Tại huyện Na Rì, …"), else the
  article's own place;
* how sure from the nearest status cue, carried like time.

The stages, each in its own module: ``document`` (publication date, the article's own place,
captions), ``context`` (the time, status and group in force: :class:`ContextRules`), ``places``
(the unit a number is about, and the subject that carries: :class:`PlaceRules`), ``dating`` (the
time of each figure, from what is in force and what is said with it: :class:`DatingRules`),
``kinds`` (level or change: :class:`KindRules`), ``indicators`` (what a number measures:
:class:`IndicatorRules`, the gate every number passes, and projects, tables), with one
module for each kind of number it hands on: ``areas`` (counts of poor areas: :class:`AreaRules`),
``money`` (:class:`MoneyRules`), ``percent`` (:class:`PercentRules`) and ``counts`` (households
and beneficiaries: :class:`CountRules`), which
ask ``recipients`` whom money and help go to and whether an amount was lent
(:class:`RecipientRules`); and ``relevance`` (which facts an on-topic article keeps). This module walks the sentences and puts a
number's readings together.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import Optional

from .. import rxstore
from ..nlp.places import PlaceMention
from ..nlp.quantities import Quantity
from ..nlp.times import ASIDE_RELATIONS, TimeMention, anchored
from .cues import CueBook, Hit, cues
from .base import _ANY_DIGIT, _CARRIED_POPULATIONS, RATE_INDICATORS, Context, Draft, _ASIDE, _LIST_ITEM, _LIST_JOIN, _MARK, _Sentence, _bounded, _paragraph_starts, _within
from .context import ContextRules
from .places import PlaceRules
from .areas import AreaRules
from .indicators import IndicatorRules
from .money import MoneyRules
from .percent import PercentRules
from .recipients import RecipientRules
from .counts import CountRules
from .tables import find_cells, may_hold_tables
from .document import lead_end, title_sentence
from .kinds import KindRules
from .dating import DatingRules, _compared_year_only, recent_as_named

# counts whose parts by group are more of them: flows in and out of poverty, and households helped
_DOTTED_BILLIONS = rxstore.compile(r"(?<![\d.,])\d{1,3}\.(?!000)\d{3}(?![\d.,])\s*t[ỷỉ](?!\w)")  # "285.447 tỷ" (not a round "62.000 tỷ")
_PLEDGE_REACH = 60  # characters from a count to the pledge its households make ("đăng ký thoát nghèo")
_FLOWS = {"escaped_households", "new_poor_households", "repoor_households", "beneficiaries"}
_PLANNED_WHOLES = {"beneficiaries", "projects"}  # counts a "done/planned" fraction gives both ends of
# the groups a flow is broken down into, as the population of each part
_GROUP_POPULATION = {"poor_households": "poor", "near_poor_households": "near_poor",
                     "poor_near_poor_households": "poor_and_near_poor"}
_STANDING_REACH = 20  # characters after a count to the words of a standing group ("2 hộ mới thoát nghèo")


_COMBINED_REACH = 400  # characters around a rate searched for the two rates it may add up
_SHARE_UNITS = ("households", "houses")  # counts whose share of a larger count of them a rate may be
_SHARE_GAP = 40  # characters from a count to the rate said of it ("236/268 hộ chiếm tỷ lệ 88,1%")
_NEAR_SLACK = 0.5  # points a rate qualified ("gần 36%") may miss its count's share by
_ROUNDING = 0.05  # share of a title's rounded figure ("hơn 20.400") the body's exact one may differ by
_SUM_SLACK = 0.015  # percentage points a rounded sum may miss by


def _rounds_to(body: float, title: float, bound: str) -> bool:
    """The body's figure is the title's as the title writes it: the same, or rounded the way its
    qualifier says ("hơn 20.400" for 20.411, "gần 1,9 triệu" for 1,87 triệu)."""
    if body == title:
        return True
    slack = abs(title) * _ROUNDING
    if bound == "over":
        return title < body <= title + slack
    if bound == "nearly":
        return title - slack <= body < title
    if bound == "about":
        return abs(body - title) <= slack
    return False


_GROUP_RATES = ("poverty_rate", "near_poverty_rate", "poor_near_poor_rate")


def _same_frame(a: Draft, b: Draft) -> bool:
    """Of the same place, time and people."""
    la, lb = a.location, b.location
    return (la.name if la else None) == (lb.name if lb else None) and a.year == b.year and \
        a.date == b.date and a.point == b.point and a.population == b.population


# a bracket of rates right after counts of groups ("… hộ cận nghèo (chiếm 7,19% và 4,27% …)"), and
# what stands between two items of either list (a joint, then a qualifier of the next figure)
_RATES_OPEN = rxstore.compile(r"\s*\(\s*(?:chiếm|tương ứng|bằng)?\s*(?:t[ỷỉ] lệ\s*)?(?:khoảng|hơn|gần|trên|dưới)?\s*")
_ITEMS_JOIN = rxstore.compile(_LIST_JOIN.pattern + r"(?:khoảng|hơn|gần|trên|dưới)?\s*")


_PARTS_REACH = 600  # characters from a planned figure to the parts of it said after it


class FactBuilder(ContextRules, PlaceRules, DatingRules, KindRules, IndicatorRules, AreaRules, MoneyRules, PercentRules,
                  CountRules, RecipientRules):
    def __init__(self, clean: str, key: str, sentences: list[tuple[int, int]],
                 quantities: list[Quantity], times: list[TimeMention], places: list[PlaceMention],
                 default_place: Optional[PlaceMention], default_province: Optional[PlaceMention] = None,
                 published: Optional[str] = None, captions: tuple = (), span=None):
        self.clean = clean
        self.span = span  # what the URL's slug says of the time (document.SlugTime), or None
        self.captions = captions
        self.published = published
        # the article's year and month, read once (None when its date is not known that closely)
        self.pub_year = int(published[:4]) if published else None
        self.pub_month = int(published[5:7]) if published and len(published) >= 7 else None
        self.key = key
        self.c: CueBook = cues()
        self.quantities = quantities
        # "năm nay", "từ 2015 đến nay" read against the article's date; a day or month without a
        # year takes the year said before it first, the article's only when none was (_normal)
        # the spans lists of poor areas hold for: the time of the counts of those areas only
        self.list_spans = [t for t in times if self._list_time(t)]
        listed = {id(t) for t in self.list_spans}
        documents = [t for t in times if self._doc_date(t)]
        listed |= {id(t) for t in documents}
        self.times = sorted((t if t.month is not None else anchored(t, published)
                             for t in times if (t.kind != "clock" and (t.kind != "partial_date" or t.month))
                             and not self._standard_time(t) and not self._document_span(t) and id(t) not in listed),
                            key=lambda t: t.start)
        self.times = recent_as_named(self.times, lead_end(clean))
        # (a document's date is no time of the figures, but it says the year of a day of its month
        # said without one: "tính đến sáng 14/5, … theo Quyết định số 1025/QĐ-UBND, ngày 8/5/2025")
        self.doc_dates = [t for t in documents if t.date and t.year]
        # the one year an article of no known date names ("Ngày 9/4, … hiện có 8.027 hộ … quý I năm
        # 2021"): the time of its figures said with none; None when it names several or none
        years = {t.year for t in self.times if t.year and t.period is None}
        # (a year the figures are compared with, before the one year named otherwise, is theirs too:
        # "… đạt 3.482 tỷ đồng, tăng 15,68% so với cuối năm 2021 (… kế hoạch … năm 2022)")
        # (only the end of the year before: "so với năm 2019, năm 2020 xã đã giảm …" says a past year,
        # not the present of "hiện có 45 hộ nghèo")
        own_years = {t.year for t in self.times if t.year and t.period is None and t.relation != "compare"}
        if len(own_years) == 1 and all(t.year == next(iter(own_years)) - 1 and t.point == "end"
                                       for t in self.times if t.year and t.period is None and t.relation == "compare"):
            years = own_years
        self.lone_year = years.pop() if len(years) == 1 and not published else None
        # (a year figures are compared with and no other is not theirs: "Nếu so với năm 2015, … giảm
        # 2,39%. Cụ thể: huyện Bác Ái giảm 6,65%; …" dates them to the year after, as a change said
        # with it is, over the year since)
        self.lone_compared = self.lone_year is not None and all(
            _compared_year_only(t) for t in self.times if t.year and t.period is None)
        if self.lone_compared:
            self.lone_year += 1
        self.places = sorted(places, key=lambda p: p.start)
        # the numbers of tables flattened one cell a line: their column and row
        self.table_cells = find_cells(clean, key, self.c.table_headers) if may_hold_tables(clean) else {}
        # both sorted by start: the times and places of a stretch by bisect, not a scan
        self.time_starts = [t.start for t in self.times]
        self.place_starts = [p.start for p in self.places]
        self.default_place = default_place
        self.default_province = default_province or (
            default_place if default_place is not None and default_place.level == "province" else None)
        par = _paragraph_starts(clean)
        self.sentences = []
        self.q_starts = [q.start for q in quantities]
        pi = 0
        for s, e in _bounded(clean, sentences):
            while pi + 1 < len(par) and par[pi + 1] <= s:
                pi += 1
            self.sentences.append(_Sentence(s, e, pi))
        self.sent_starts = [s.start for s in self.sentences]
        # where the article first names the bank, not in brackets ("… (chưa bao gồm … chi phí quản lý cho
        # Ngân hàng Chính sách xã hội)"): the first such mention only, no list of every hit
        bank = next((m for m in self.c.credit_bank.regex.finditer(key) if not self._left_out(m.start())), None)
        self.bank_at = bank.start() if bank is not None else None
        self.bank_in_lead = self.bank_at is not None and self.bank_at < lead_end(clean)  # what the article is about
        self.done: list[Draft] = []  # the facts of the sentences before
        self.sentence_drafts: list[Draft] = []  # the facts of the sentence being read, so far
        self.group_frame: Optional[Hit] = None
        self.elaborates = False
        self.elaborated: Optional[_Sentence] = None  # the sentence the current one details
        self.before_in_paragraph: Optional[_Sentence] = None  # the sentence before in its paragraph, not detailed
        self._dates_by_month: Optional[dict] = None  # full dates by month, for days said without a year
        self._one_year: Optional[tuple] = None  # (the one year of an article of no date, or None,)
        self.inherited_status: Optional[str] = None
        self.list_frame: Optional[Draft] = None
        self.rate_topic: dict[str, Draft] = {}  # the last rate of each kind said (level, change)
        self.last_by_level: dict[str, PlaceMention] = {}
        self.last_by_type: dict[str, PlaceMention] = {}

    # --- helpers ---------------------------------------------------------------------------

    def _in_parens(self, sent: _Sentence, pos: int) -> bool:
        seg = self.key[sent.start:pos]
        return seg.count("(") > seg.count(")")

    def _clause_start(self, sent: _Sentence, pos: int) -> int:
        i = max(self.key.rfind(";", sent.start, pos), self.key.rfind(":", sent.start, pos))
        close = self.key.rfind(")", sent.start, pos)
        if i >= 0 and close > i:
            # "… 117,762 tỷ đồng (trong đó, …; vốn năm 2023 là 53,529 tỷ đồng), bằng 32,2% …": a
            # mark inside brackets closed before ``pos`` splits no clause of the sentence around them
            opening = self.key.rfind("(", sent.start, i)
            if opening >= 0 and self.key.count(")", opening, close + 1) == 1:
                i = max(self.key.rfind(";", sent.start, opening), self.key.rfind(":", sent.start, opening))
        if i >= 0 and self.key[i] == ":" and not self.key[i + 1:pos].strip():
            # "+ Tỷ lệ hộ cận nghèo: 10,07%": a rate's label and its value are one clause
            j = max(self.key.rfind(";", sent.start, i), self.key.rfind(":", sent.start, i))
            label = j + 1 if j >= 0 else sent.start
            if self.c.rate_words.first(self.key, label, i) is not None:
                return label
            at = bisect_left(self.q_starts, pos)
            if at < len(self.quantities) and self.q_starts[at] == pos and self.quantities[at].unit == "households" \
                    and self.c.household_groups.first(self.key, label, i) is not None:
                return label  # a count's too: "số hộ nghèo dân tộc thiểu số: 4.545 hộ"
        return i + 1 if i >= 0 else sent.start

    def _clause_end(self, sent: _Sentence, pos: int) -> int:
        ends = [i for i in (self.key.find(";", pos, sent.end), self.key.find(":", pos, sent.end)) if i >= 0]
        return min(ends) if ends else sent.end

    def _short_right(self, pos: int, limit: int) -> int:
        m = _MARK.search(self.key, pos, limit)
        return m.start() if m else limit

    def times_in(self, sent: _Sentence) -> list:
        """The times of a sentence (by bisect over the article's sorted times)."""
        return _within(self.times, self.time_starts, sent.start, sent.end)

    def _left_out(self, pos: int) -> bool:
        """``pos`` is in an aside that leaves something out, in brackets opened on its line ("(chưa bao
        gồm … chi phí quản lý cho Ngân hàng Chính sách xã hội)")."""
        k = self.key
        opening = k.rfind("(", k.rfind("\n", 0, pos) + 1, pos)
        return opening >= 0 and k.find(")", opening, pos) < 0 and self.c.exclusion_asides.at(k, opening + 1) is not None

    def _bank_named(self, sent: _Sentence) -> bool:
        """The sentence names the Social Policy Bank, not in an aside that leaves it out: "… khoảng 180
        tỷ đồng (chưa bao gồm … chi phí quản lý cho Ngân hàng Chính sách xã hội)" is a programme's money."""
        return any(not self._left_out(h.start) for h in self.c.credit_bank.all(self.key, sent.start, sent.end))

    def _bank(self, sent: _Sentence) -> bool:
        """The sentence speaks of the Social Policy Bank: by name, as "chi nhánh" once named, or in
        a paragraph that named it."""
        k, c = self.key, self.c
        if self._bank_named(sent):
            return True
        if self.bank_at is None or self.bank_at >= sent.start:
            return False
        # once named: "chi nhánh", or the bank named earlier in the same paragraph, or the bank the
        # article's lead is about ("Ban đại diện Hội đồng quản trị Ngân hàng Chính sách xã hội tỉnh tổng
        # kết …", then "Tổng nguồn vốn đến hết năm 2025 đạt hơn 18.647 tỷ đồng")
        para = self.key.rfind("\n", 0, sent.start) + 1
        return c.credit_bank_self.first(k, sent.start, sent.end) is not None or \
            c.credit_bank.first(k, para, sent.start) is not None or self.bank_in_lead

    # --- main --------------------------------------------------------------------------------
    def build(self) -> list[Draft]:
        out: list[Draft] = self.done
        ctx = Context()
        qi = 0
        quantities = self.quantities
        time_starts, place_starts = self.time_starts, self.place_starts
        for sent in self.sentences:
            line = self.key[sent.start:sent.end].lstrip()
            if sent.paragraph != ctx.paragraph:
                # (the items of a list go on under the line that opened it: "… toàn tỉnh là 329.086 hộ,
                # trong đó:" / "- Hộ nghèo: …" / "- Hộ cận nghèo: …")
                ctx.list_open = ctx.previous is not None and self._opens(ctx.previous) or \
                    ctx.list_open and _LIST_ITEM.match(line) is not None
                opened = ctx.list_open
                if not opened:
                    ctx.last_topic = ctx.topic or ctx.last_topic
                    ctx.topic = None  # (the unit a heading names goes on to what it opens)
                ctx.paragraph = sent.paragraph
                ctx.named_in_paragraph = False
                if ctx.status == "estimate" and not opened:
                    # an estimate said in one paragraph ("tổng nguồn vốn … dự kiến đạt trên 212 ngàn tỷ
                    # đồng") is not the next one's figures' (but the items under a heading are its);
                    # a plan's figures go on ("toàn tỉnh sẽ hỗ trợ … Nguồn vốn thực hiện gồm …")
                    ctx.status = "actual"
            sent_times = _within(self.times, time_starts, sent.start, sent.end)
            # (not the neighbours a unit borders: "phía Đông giáp huyện Cầu Ngang")
            sent_places = [p for p in _within(self.places, place_starts, sent.start, sent.end)
                           if not self._neighbour(sent, p)]
            if ctx.status != "actual" and self._states_what_is(sent):
                ctx.status = "actual"  # "Được biết, …", "Hiện nay, …": what is so, past a plan said before
            said = [t for t in sent_times if t.relation not in ASIDE_RELATIONS]
            if said and not (ctx.status == "target" and all(self._ahead(t) for t in said)):
                # a newly named time opens a new statement (but a plan's figures go on through
                # times the article has not reached: "Phấn đấu … năm 2024 … Tỷ lệ hộ nghèo cuối năm
                # 2024 còn 5,86%" in February 2024)
                ctx.status = "actual"
            qs = []
            while qi < len(quantities) and quantities[qi].start < sent.end:
                if quantities[qi].start >= sent.start:
                    qs.append(quantities[qi])
                qi += 1
            # A list under a line ending in ":" ("giải ngân 437,3/612,47 tỷ đồng. Chia theo dự án:")
            # reads its items as more of the figure said before the colon.
            if not _LIST_ITEM.match(line) and not self._opens(sent):
                ctx.list_frame = None
            self.list_frame = ctx.list_frame if _LIST_ITEM.match(line) else None
            self._open_group_frame(sent, line, qs, ctx)
            drafts = self._sentence(sent, qs, sent_times, sent_places, ctx)
            self._flow_parts(sent, drafts, ctx)
            self._respective_rates(drafts)
            self._detailed_help(drafts, out)
            if self._opens(sent):
                ctx.list_frame = drafts[-1] if drafts else (out[-1] if out and out[-1].sentence and
                                                            out[-1].sentence[1] >= sent.start - 2 else None)
            out.extend(drafts)
            for d in drafts:
                if d.indicator in RATE_INDICATORS and d.unit == "%":
                    self.rate_topic[d.kind] = d
            if not self._is_caption(sent):
                # (the status of what the sentence states, not of a plan's whole said beside a result:
                # "Trong đó, 6.465/8.155 căn nhà … đã hoàn thành" leaves no plan to the sentences after)
                stated = [d for d in drafts if not d.of_plan] or drafts
                self._carry(sent, sent_times, sent_places, ctx, drafts[0].start if drafts else None,
                            stated[-1].status if drafts else None)
        self._combined_rates(out)
        self._shares_of_counts(out)
        self._headline_twins(out)
        self._lone_year(out)
        self._listed_areas_span(out)
        self._planned_spans(out)
        self._dotted_decimals(out)
        self._summed_parts(out)
        return out

    def _summed_parts(self, drafts: list[Draft]) -> None:
        """Figures of one sentence that add up, to the unit, to a planned or estimated figure of the
        same measure said just before are its parts, planned or estimated too ("… toàn tỉnh hoàn
        thành hỗ trợ làm 5.195 nhà …" / "Huyện Bắc Hà thực hiện 502 nhà, huyện Bát Xát 1.476 nhà,
        … thành phố Lào Cai 15 nhà")."""
        i = 0
        while i < len(drafts):
            d = drafts[i]
            j = i + 1
            while j < len(drafts) and drafts[j].sentence == d.sentence and drafts[j].indicator == d.indicator and \
                    drafts[j].unit == d.unit and drafts[j].kind == d.kind:
                j += 1
            start, i = i, j
            run = drafts[start:j]
            if len(run) < 2 or d.kind != "level" or any(x.value is None or x.status != "actual" for x in run):
                continue
            total = sum(x.value for x in run)
            whole = next((w for w in reversed(drafts[:start]) if w.indicator == d.indicator and
                          w.unit == d.unit and w.kind == "level" and w.value is not None and
                          abs(w.value - total) < 0.5 and 0 <= d.start - w.end <= _PARTS_REACH), None)
            if whole is not None and whole.status in ("target", "estimate"):
                for x in run:
                    x.status = whole.status

    def _shares_of_counts(self, drafts: list[Draft]) -> None:
        """A rate said right after a count that is, to the digits written, that count over a larger
        count of the same indicator said before it in the sentence is the count's share of it, not
        a rate of all households ("Tổng số hộ nghèo … 268 hộ … (trong đó hộ nghèo DTTS là 236/268 hộ
        chiếm tỷ lệ 88,1%)", "… còn 5.670 hộ, trong đó … hộ nghèo về thu nhập (5.636 hộ chiếm 99,4%)")."""
        for i, d in enumerate(drafts):
            if d.unit != "%" or d.kind != "level" or d.value is None or d.range is not None or \
                    d.indicator not in RATE_INDICATORS or i == 0:
                continue
            count, at = drafts[i - 1], i - 1
            if at >= 1 and self.key[count.start - 1:count.start] == "/" and drafts[at - 1].end == count.start - 1:
                count, at = drafts[at - 1], at - 1  # "236/268 hộ": the part, not the whole written under it
            if count.unit not in _SHARE_UNITS or count.kind != "level" or not count.value or \
                    count.sentence != d.sentence or _ANY_DIGIT.search(self.key, count.end, d.start) or \
                    d.start - count.end > _SHARE_GAP:
                continue
            written = self.clean[d.start:d.end]
            decimals = len(written.split(",")[1].rstrip("% ")) if "," in written else 0
            slack = 0.5 * 10 ** -decimals + (_NEAR_SLACK if d.bound != "exact" else 1e-9)
            wholes = [x for x in drafts[:at] if x.sentence == d.sentence and x.kind == "level" and
                      x.unit in _SHARE_UNITS and x.indicator == count.indicator and x.value and x.value > count.value]
            if any(abs(100 * count.value / w.value - d.value) <= slack for w in wholes):
                d.indicator, d.kind = count.indicator, "share"
                d.population = count.population if count.population not in (None, "all") else None

    def _headline_twins(self, drafts: list[Draft]) -> None:
        """A figure of the title, undated, that the body says again as written or rounded ("Lào
        Cai còn hơn 20.400 hộ nghèo" over "… rà soát hộ nghèo năm 2024, toàn tỉnh còn 20.411 hộ
        nghèo"): the body's time is the title's; one the body does not say again takes the time of
        the lead's first dated figure of another measure."""
        title = title_sentence(self.clean, self.sentences)
        if title is None:
            return  # no title line
        title_end = title.end
        # (a headline, not a first paragraph that ends a line: no stop at its end)
        headline = not self.clean[title.start:title.end].rstrip().endswith((".", "!", "?", ";", "…"))
        lead = lead_end(self.clean)
        for d in drafts:
            if d.start >= title_end:
                break
            if (d.year or d.date or d.period) and not d.now_dated or d.value is None or d.range is not None:
                continue  # (a title's figure dated by the publication only is dated by its twin)
            twin = next((b for b in drafts if b.start >= title_end and b.indicator == d.indicator and
                         b.kind == d.kind and b.unit == d.unit and b.value is not None and
                         _rounds_to(b.value, d.value, d.bound) and (b.year or b.date or b.period)), None)
            if twin is None and headline:
                # "Tuyên Hóa: Hơn 3.300 hộ được vay vốn …" over "Năm 2017, tổng nguồn vốn …": the time
                # the lead's first dated figure has, not the publication's (the title sums up the lead)
                dated = next((b for b in drafts if b.start >= title_end and (b.year or b.date or b.period)
                              and not b.now_dated), None)
                # (not the same measure of another value: "Hòa An giải ngân hơn 9 tỷ đồng …" over "Năm
                # 2022, … đã giải ngân 11,2 tỷ đồng" may be of another time)
                if dated is not None and dated.start < lead and not (
                        dated.indicator == d.indicator and dated.kind == d.kind):
                    d.year, d.date, d.period, d.point = dated.year, dated.date, dated.period, dated.point
                continue
            if twin is not None:
                d.year, d.date, d.period, d.point = twin.year, twin.date, twin.period, twin.point
                if d.location is not None and twin.location is not None and d.location.code and \
                        d.location.code == twin.location.code:
                    d.location = twin.location  # the same unit: as the body names it (one fact if equal)

    def _combined_rates(self, drafts: list[Draft]) -> None:
        """A poverty rate that is the sum of the poverty and near-poverty rates said with it, for the
        same place and time, is their combined rate ("tỷ lệ hộ nghèo đa chiều là 11,23%; …; tỷ lệ hộ
        nghèo là 6,84%, …; tỷ lệ hộ cận nghèo là 4,39%")."""
        levels = [d for d in drafts if d.kind == "level" and d.unit == "%" and d.value is not None]
        for d in levels:
            if d.indicator != "poverty_rate":
                continue
            near = [x for x in levels if x is not d and abs(x.start - d.start) <= _COMBINED_REACH and
                    _same_frame(x, d)]
            poor = [x.value for x in near if x.indicator == "poverty_rate" and x.value < d.value]
            near_poor = [x.value for x in near if x.indicator == "near_poverty_rate"]
            if any(abs(p + n - d.value) <= _SUM_SLACK for p in poor for n in near_poor):
                d.indicator = "poor_near_poor_rate"
                d.attributes.pop("standard", None)

    def _same_people(self, drafts: list[Draft]) -> None:
        """A rate said again for the same people later in the sentence ("tỷ lệ hộ nghèo trong đồng
        bào Khmer chiếm gần 18%; năm 2018, tỷ lệ hộ nghèo giảm còn hơn 14%") is still theirs, until a
        unit or a whole unit is named between."""
        last: dict[str, Draft] = {}
        whole: set[str] = set()  # the kinds whose rate of all the people the sentence said first
        for d in drafts:
            # the poverty and near-poverty rates of one people go together ("tỷ lệ nghèo của dân tộc
            # Mảng là 76,5% (trong đó tỷ lệ hộ nghèo là 66,3%, …; tỷ lệ hộ cận nghèo là 10,2%)")
            kind = "rate" if d.indicator in _GROUP_RATES else d.indicator
            prev = last.get(kind)
            # (not past the parts of a whole said first: "… chiếm tỷ lệ 2,68%, trong đó … khu vực
            # thành thị chiếm 0,39%, khu vực nông thôn chiếm 3,17%; số hộ cận nghèo … chiếm tỷ lệ 3,14%")
            if d.unit == "%" and d.population in (None, "all") and prev is not None and kind not in whole and \
                    prev.population in _CARRIED_POPULATIONS and self._same_scope(prev.end, d.start) and \
                    not self.c.populations.first(self.key, prev.end, d.end):
                d.population = prev.population
            if d.unit == "%" and d.population in (None, "all") and kind not in last:
                whole.add(kind)
            last[kind] = d

    def _detailed_help(self, drafts: list[Draft], done: list[Draft]) -> None:
        """The items of a sentence that details households helped ("… để hỗ trợ 942 hộ nghèo xây dựng
        nhà ở. Cụ thể, huyện Bố Trạch 212 hộ với 530 triệu đồng, …"): households of the group the
        help went to, each a count of the helped, where the item names no group of its own."""
        if not self.elaborates or self.elaborated is None:
            return
        lo, hi = self.elaborated.start, self.elaborated.end
        helped = None
        for x in reversed(done):  # (the drafts of the sentence detailed are the last ones made)
            if x.start < lo:
                break
            if x.start < hi and x.indicator == "beneficiaries" and x.unit == "households" and x.kind == "level":
                helped = x
                break
        if helped is None:
            return
        for d in drafts:
            if d.indicator in _GROUP_POPULATION and d.kind == "level" and d.unit == "households" and \
                    d.population is None and self.c.household_groups.at(self.key, d.end) is None and \
                    self.c.household_groups.ends_at(self.key, max(0, d.start - 40), d.start) is None:
                d.indicator, d.group = "beneficiaries", None
                d.population, d.attributes = helped.population, dict(helped.attributes)

    def _respective_rates(self, drafts: list[Draft]) -> None:
        """Counts of groups, then as many rates in one bracket after them ("còn hơn 40.000 hộ nghèo và
        gần 24.000 hộ cận nghèo (chiếm 7,19% và 4,27% số hộ toàn tỉnh)"): each rate, in order, is of its
        count's group."""
        k = self.key
        for i, d in enumerate(drafts):
            if i == 0 or d.unit != "%" or d.kind != "level" or not _RATES_OPEN.fullmatch(k, drafts[i - 1].end, d.start):
                continue
            counts = []
            j = i - 1
            while j >= 0 and drafts[j].unit == "households" and drafts[j].kind == "level" and drafts[j].group and \
                    (j == i - 1 or _ITEMS_JOIN.fullmatch(k, drafts[j].end, drafts[j + 1].start)):
                counts.insert(0, drafts[j])
                j -= 1
            rates = [d]
            while i + len(rates) < len(drafts) and drafts[i + len(rates)].unit == "%" and \
                    _ITEMS_JOIN.fullmatch(k, rates[-1].end, drafts[i + len(rates)].start):
                rates.append(drafts[i + len(rates)])
            if len(counts) < 2 or len(rates) != len(counts) or len({x.group for x in counts}) != len(counts):
                continue
            for count, rate in zip(counts, rates):
                ind = self.c.indicators_by_group.get(count.group, {}).get("rate")
                if ind:
                    rate.indicator = ind

    def _flow_parts(self, sent: _Sentence, drafts: list[Draft], ctx: Context) -> None:
        """The parts of a flow broken down by group: "số hộ thoát nghèo là 505 hộ, trong đó hộ nghèo
        155 hộ, hộ cận nghèo 115 hộ", "Tổng số hộ thoát nghèo 03 hộ. Trong đó hộ cận nghèo … là 02
        hộ" are households that escaped, each of its group, not counts of the poor; so are the
        parts of households helped ("880 hộ … được hỗ trợ xây nhà. Trong đó, … 496 hộ nghèo")."""
        k, c = self.key, self.c
        opens = c.breakdown.at(k, sent.start)
        flow = ctx.flow if opens is not None else None
        split = flow is not None
        for d in drafts:
            if flow is not None and d.indicator == flow.indicator and d.unit == flow.unit and d.kind == "level" and \
                    d.population is None and flow.population in _CARRIED_POPULATIONS and \
                    (split or c.breakdown.first(k, flow.end, d.start) is not None):
                # "tổng số hộ DTTS thoát nghèo … là 1.539 hộ. Trong đó, năm 2019 có 673 hộ thoát nghèo":
                # a part by year or place of the flow is of its people
                d.population, split = flow.population, True
                continue
            if flow is not None and flow.indicator == "beneficiaries" and d.indicator == "escaped_households" and \
                    d.kind == "level" and d.population is None and (split or c.breakdown.first(k, flow.end, d.start)) and \
                    c.standing_groups.first(k, d.start, min(len(k), d.end + _STANDING_REACH)) is not None:
                # "… cho 5 hộ dân. Trong đó có 2 hộ nghèo, 1 hộ cận nghèo, 2 hộ mới thoát nghèo": the
                # newly escaped as a group helped, not households leaving poverty
                d.indicator, d.group, d.population, split = flow.indicator, flow.group, "escaped", True
                continue
            if d.indicator in _FLOWS and d.kind == "level" and (d.unit == "households" or d.indicator != "beneficiaries"):
                flow, split = d, False
                continue
            if flow is None:
                continue
            if not split:
                split = c.breakdown.first(k, flow.end, d.start) is not None
            if split and d.kind == "level" and d.unit == "households" and d.population is None and \
                    d.indicator in _GROUP_POPULATION:
                d.population = _GROUP_POPULATION[d.indicator]
                d.indicator, d.group = flow.indicator, flow.group
            elif d.indicator not in _FLOWS and d.unit == "households":
                flow = None  # another count of households ends the parts (money said between does not)
        ctx.flow = flow

    @staticmethod
    def _planned_whole(q: Quantity, made: list[Draft]) -> list[Draft]:
        """"521/574 nhà", "190/210 dự án": the houses or projects done of all those planned; the
        whole, larger than the part, is the plan's count (a target)."""
        den = q.denominator
        if den is None or den.value is None or q.value is None or den.value <= q.value or len(made) != 1:
            return []
        d = made[0]
        if d.indicator not in _PLANNED_WHOLES or d.kind != "level" or d.value != q.value:
            return []
        return [replace(d, value=den.value, start=den.start, end=den.end, attributes=dict(d.attributes), of_plan=True)]

    def _number_status(self, sent: _Sentence, q: Quantity, ctx: Context):
        """The status of the number ``q`` (the one in force, the one said in brackets with it, or a
        future said right after it) and the aside in brackets after it, if any."""
        st = self._status(sent, q.start, ctx)
        aside = _ASIDE.match(self.key, q.end, min(sent.end, q.end + 20))
        if aside is not None:  # "4,12% (ước cuối năm 2024)": the status said with the number
            own = self._status_hit(aside.start(), aside.end())
            close = self.key.find(")", aside.end(), sent.end)
            if own is not None and close > own.end and \
                    bisect_left(self.q_starts, own.end) < bisect_left(self.q_starts, close):
                own = None  # "giảm 1,24% (chỉ tiêu giao 1,5%)": the plan's own value beside the result
            st = own.label if own is not None else st
        elif st == "actual":
            then = self.c.status.at(self.key, q.end)
            if then is not None and then.label == "future":
                st = "target"  # "12 hộ sẽ được hỗ trợ vốn vay": what is to be done for them
            elif self._pledged(sent, q):
                st = "target"  # "180 hộ nghèo và 399 hộ cận nghèo đăng ký thoát nghèo": a pledge, not done yet
        return st, aside

    def _dotted_decimals(self, drafts: list[Draft]) -> None:
        """"285.447 tỷ đồng" for one district is 285,447 billion written with a dot for the decimal
        mark: an amount of billions with three digits after one dot, above the most a unit of its
        level spends or lends (facts.yaml ``dotted_amount_ceilings``), is read as a decimal."""
        ceilings = self.c.dotted_amount_ceilings
        for d in drafts:
            if d.unit != "VND" or d.value is None or d.location is None or \
                    d.value < ceilings.get(d.location.level, float("inf")):
                continue
            if _DOTTED_BILLIONS.search(self.key, d.start, d.end):
                d.value = round(d.value / 1000)

    def _pledged(self, sent: _Sentence, q: Quantity) -> bool:
        """The households counted pledge to leave poverty ("Hơn 570 hộ nghèo và cận nghèo đăng ký
        thoát nghèo"), said after the count and the list of groups it is in."""
        k, c = self.key, self.c
        hit = c.pledges.first(k, q.end, min(sent.end, q.end + _PLEDGE_REACH))
        return hit is not None and all(w in c.group_list_words or w.replace(".", "").isdigit()
                                       for w in k[q.end:hit.start].replace(",", " ").split())

    def _sentence(self, sent: _Sentence, qs: list[Quantity], sent_times, sent_places, ctx: Context) -> list[Draft]:
        drafts: list[Draft] = []
        self.sentence_drafts = drafts  # (the figures read so far in this sentence)
        prev_end = sent.start
        for q in qs:
            if any(t.start <= q.start < t.end for t in sent_times):
                prev_end = q.end
                continue
            made = self._read(sent, q, prev_end, drafts)
            prev_end = q.end
            # a share of the households above all of them is no rate of theirs ("Tỷ lệ hộ nghèo …
            # giảm 693 hộ …, đạt 192,5% so với tỉnh giao" is an achievement of a plan)
            # (nor is a change of a rate by more than all of it)
            made = [d for d in made if not (d.indicator in RATE_INDICATORS and d.unit == "%" and d.kind in ("level", "change")
                                            and d.value is not None and abs(d.value) > 100)]
            if not made:
                continue
            made += self._planned_whole(q, made)
            st, aside = self._number_status(sent, q, ctx)
            where = self._number_place(sent, q, sent_places, ctx)
            when, own = self._number_time(sent, q, sent_times, ctx, aside)
            yearly = self.c.yearly_average.last(self.key, max(sent.start, q.start - 40), q.start)
            # the status a plan's own noun set ("chỉ tiêu", "kế hoạch"): a share of the plan reached is a result
            plan_hit = self._status_hit(sent.start, q.start) if st == "target" and \
                any(d.indicator == "plan_achievement" for d in made) else None
            plan_noun = plan_hit is not None and plan_hit.text in self.c.plan_nouns
            standard = self._standard(sent, q.end)
            for d in made:
                if standard and d.indicator in ("poverty_rate", "poor_households", "near_poverty_rate",
                                                "near_poor_households") and "standard" not in d.attributes:
                    d.attributes = {**d.attributes, "standard": standard}
                d.status = "target" if d.of_plan else st
                # (the start a change is planned from, as read from its words, before a time said
                # after it names another point: "phấn đấu giảm từ 9,2% cuối năm 2023 xuống còn 6,9%")
                starts = d.kind == "level" and d.point == "start"
                if st == "target" and d.indicator == "plan_achievement" and plan_noun:
                    d.status = "actual"  # "… so chỉ tiêu tỉnh giao 2.700 hộ, vượt trên 120%": the plan met
                d.location = where
                if where is not None and (d.population, where.level) in (("poor_communes", "commune"),
                                                                        ("poor_districts", "district")):
                    # "huyện nghèo (huyện Đà Bắc) giảm 8,1%": that one unit's rate, of all its households
                    d.population = "all" if d.unit == "%" else None
                d.sentence = (sent.start, sent.end)
                d.in_parens = self._in_parens(sent, d.start)
                self._date(d, q, sent, sent_times, ctx, when, own, yearly, st, starts, drafts, made)
                drafts.append(d)
        self._populations(drafts)
        self._same_people(drafts)
        return drafts

    # --- status, time, place -----------------------------------------------------------------

    # --- what the number measures ------------------------------------------------------------


