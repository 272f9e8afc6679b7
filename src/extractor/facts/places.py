"""Where: the unit a number is about.

A number takes the unit named before it in its sentence (its whole address after commas, or a
parent in brackets, resolved to the narrowest), a place word that points back to one ("toàn huyện",
"tỉnh ta"), or a unit tied to it after ("cho 11 hộ cận nghèo của phường Xuất Hóa"; in a list, "3
căn tại xã A, 2 căn tại xã B", each item's own); else the sentence's or paragraph's subject
(``Context.topic``: a unit that opens a sentence, "Tại huyện Na Rì, …", the unit of the measure a
sentence opens with, the source it cites, "Theo Ngân hàng CSXH tỉnh …"; a paragraph whose subject is
"địa phương" goes on with the paragraph before's), else the article's own. A province's body that
gives, a donor's seat, a wider unit ending a body's name over a narrower subject ("Công an tỉnh Nghệ
An" in a paragraph on one of its districts) and the scope of a ranking are no place of the figures.
"""
from __future__ import annotations

from typing import Optional

from .. import rxstore
from ..nlp.places import PlaceMention, get_linker
from .base import AREA_UNITS, _ANY_DIGIT, _COMMA, _MARK, _RANK, Context, _Sentence, _within
from .document import COUNTRY, OUTLET_CREDIT, body_seat, district_of, foreign_donor, national_subject, province_of, ranked_at

_PARENT_IN_BRACKETS = rxstore.compile(r"\s*\(\s*")
_PARENT_AFTER = rxstore.compile(r"\s*[,(]\s*")  # "huyện Mường Tè, tỉnh Lai Châu", "thị trấn Phú Hòa (huyện Chư Păh, …": the unit, then its address
# before a sentence's subject: nothing, or an opener ("Đến nay, "), after an outlet's credit
_OPENER_COMMA = rxstore.compile(rf"{OUTLET_CREDIT}(?:[^,;]*,\s*|\s*)")
_CITY = "thành phố"  # the type word of a city (places.yaml), province or district
_YEAR_BEFORE = rxstore.compile(r"(?<![\d.,])(?:19|20)\d\d$")  # a year, not a count, right before a place word
_ITEM_BREAK = rxstore.compile(r"[\d,;()]")  # a number or a mark between a count and the unit of its own item
_LOCALITY_REACH = 48  # characters from a sentence's start to "địa phương" as its subject
_SCOPE_REACH = 70  # characters from a sentence's start to the unit of the measure it opens with
_TYPE_WORD_MAX = 10  # characters of a unit's type word before its name ("thị trấn ")
_PLACE_AFTER_REACH = 60  # characters from a number to a unit named after it in its phrase
_NEIGHBOUR_REACH = 60  # characters from a word of bordering ("giáp") to the last unit it names
_NEIGHBOUR_BREAK = rxstore.compile(r"[.;:!?\n\d]")  # a stop or a number ends the neighbours named
_AREA_LEVELS = {"districts": "district", "communes": "commune"}  # what a count of areas counts
_GIVEN_GAP = rxstore.compile(r"[\d,(]")  # no other number, clause or aside between "cho" and the unit
_GROUP_TAIL = 16  # characters from a group's words to the unit it lives in ("hộ đồng bào nghèo huyện")
_LISTED_AREAS = rxstore.compile(r"[^\d;:.()]*(?:,|\svà\s)[^\d;:.()]*")  # between two counts of a list of areas
_PHRASE_END = rxstore.compile(r"[.;:!?\n]|,\s*(?:trong đó|còn|và|riêng)\b")
_SCOPE_BREAK = rxstore.compile(r"[\d,;:.()]")  # a number or a mark between a measure's words and its unit
_CLAUSE_SUBJECT_REACH = 160  # characters from a sentence's start to a unit opening its main clause
_SPREAD_REACH = 120  # characters from a count of areas to the count of provinces they are of
_NATIONAL_AFTER_REACH = 120  # characters from a number to "trên cả nước" closing its phrase


class PlaceRules:
    """Rules of :class:`~extractor.facts.engine.FactBuilder` for the unit of a number (its state:
    ``key``, ``c``, the places seen by level and type, the article's default place)."""

    def _subject_at(self, sent, pos: int) -> bool:
        """A unit named at ``pos`` is what its sentence is about: it opens the sentence, after
        an opener ("Đến nay, …") or a topic word ("Tại …")."""
        head = self.key[sent.start:pos]
        if len(head) < 40 and (self.c.place_topic.last(self.key, sent.start, pos) is not None
                               or _OPENER_COMMA.fullmatch(head) is not None):
            return True
        # "…, đến đầu năm 2024, toàn tỉnh Bến Tre còn …": the whole unit opening the main clause
        comma = head.rfind(",")
        if comma < 0 or len(head) > _CLAUSE_SUBJECT_REACH:
            return False
        hit = self.c.clause_subject.at(self.key, sent.start + comma + 1, pos)
        return hit is not None and not self.key[hit.end:pos].strip()

    def _scope_of_subject(self, sent, p) -> bool:
        """``p`` is the unit of the measure that opens its sentence ("Nhờ đó, tỷ lệ hộ nghèo toàn tỉnh
        Điện Biên đã giảm …"): what the sentence is about."""
        k, c = self.key, self.c
        opener = _OPENER_COMMA.match(k, sent.start, p.start)
        head = c.measure_heads.at(k, opener.end() if opener else sent.start)
        if head is None or head.end > p.start or p.start - sent.start > _SCOPE_REACH or \
                _SCOPE_BREAK.search(k, head.end, p.start):
            return False
        return c.measure_scope.ends_at(k, head.end, p.start) is not None

    def _where(self, sent: _Sentence, pos: int, sent_places, ctx: Context) -> Optional[PlaceMention]:
        """The unit the number at ``pos`` is about, from what its sentence says before it, else the
        subject in force, else the article's own (see the module's docstring)."""
        # (not the scope of a ranking: "xã Bình Khánh … nhiều nhất TP HCM với 2.114 hộ")
        before = [p for p in sent_places if p.end <= pos and
                  not self.c.ranking_scope.ends_at(self.key, max(sent.start, p.start - 30), p.start)
                  and not self._counted_example(sent, p, pos) and not self._closed_aside(sent, p, pos) and
                  not foreign_donor(self.key, self.clean, p, self.default_province)]
        if before and self._seat_over_subject(sent, before, ctx):
            before = before[:-1]
        ref = self._place_ref(sent.start, pos, sent_places)
        named = before[-1] if before else None
        if len(before) >= 2 and _PARENT_IN_BRACKETS.fullmatch(self.key, before[-2].end, named.start) and \
                _RANK.get(before[-2].level, 9) < _RANK.get(named.level, 9):
            named = before[-2]  # "xã Ch'Ơm (Tây Giang) … 65,05%": the commune, its district in brackets
        elif len(before) >= 2 and self._address_of(before[-2], named):
            # "Huyện biên giới Mường Tè, tỉnh Lai Châu … 3.700 hộ": its address; "xã Phú Hiệp, huyện
            # Tam Nông, tỉnh Đồng Tháp đã … xây tặng 1 căn nhà": the whole address, up to the commune
            i = len(before) - 2
            while i > 0 and self._address_of(before[i - 1], before[i]):
                i -= 1
            named = before[i]
        elif len(before) >= 2 and named.name in (before[-2].province, before[-2].district) and \
                _RANK.get(before[-2].level, 9) < _RANK.get(named.level, 9) and self._subject_at(sent, before[-2].start) and \
                not _ANY_DIGIT.search(self.key, before[-2].end, named.start) and \
                self.c.parent_link.ends_at(self.key, before[-2].end, named.start) is not None:
            # "Cư Kbang là xã vùng III đặc biệt khó khăn của huyện Ea Súp, … hộ nghèo chiếm 57,8%": the
            # subject, its district said as where it lies
            named = before[-2]
        if named is not None and named.level == "district" and (ref is None or ref.start < named.start):
            # "tại 3 huyện Trà Cú, Tiểu Cần và Cầu Kè …, trong đó có gần 3.800 hộ", "các huyện Bắc Trà
            # My, Hiệp Đức, …, Núi Thành, với hơn 63 tỷ đồng": the last of a list of districts, the
            # figure is of them all, their province's
            i = before.index(named)
            listed = i > 0 and before[i - 1].level == "district" and \
                self.c.place_joiners.fullmatch(self.key[before[i - 1].end:named.start]) is not None
            if listed and before[i - 1].province == named.province and named.province:
                return province_of(named, sent_places) or named
        if named is not None and named.level == "commune" and named.district and (ref is None or ref.start < named.start):
            # "các xã Hòa Ân, Hòa Tân, … và thị trấn Cầu Kè thực hiện xây dựng 14 công trình": the
            # last of a list of communes of one district, the figure is of them all, their district's
            i = before.index(named)
            listed = i > 0 and before[i - 1].level == "commune" and \
                self.c.place_joiners.fullmatch(self.key[before[i - 1].end:named.start]) is not None
            if listed and before[i - 1].district == named.district and before[i - 1].province == named.province:
                return district_of(named, sent_places) or named
        if ref is not None and (named is None or ref.start > named.end):
            # "toàn huyện", "tỉnh ta": the last unit of that level, or the article's own
            level = ref.label
            narrower = named if named is not None else ctx.topic
            if level == "province" and narrower is not None and narrower.level in ("district", "commune") and \
                    self._giver(ref):
                return narrower  # "Tại huyện Quỳ Hợp, Bí thư Tỉnh ủy đã trao tặng 500 triệu đồng": the district's
            if level == "province":
                if ctx.topic is not None and ctx.topic.level == "province" and (named is None or named is ctx.topic):
                    return ctx.topic  # "Tỉnh Bà Rịa – Vũng Tàu đã chi …; … nhà hảo tâm trong tỉnh …": the subject's
                if self.default_province is not None:
                    return self.default_province
                guess = named or ctx.topic or self.default_place
                return guess if guess is not None and guess.level == "province" else None
            if level == "country":
                return COUNTRY
            typ = self.c.place_types.last(self.key, ref.start, ref.end)
            word = typ.label if typ is not None else None
            cand = self.last_by_type.get(word) or self.last_by_level.get(level)
            if named is not None and (named.level == level or word == _CITY and named.type == _CITY) and \
                    named.type in (None, word):
                cand = named  # (a city is a district or a province: "thành phố Hải Phòng … thành phố còn …")
            if cand is not None:
                return cand
            if word == _CITY and named is None and ctx.topic is None:
                # "toàn thành phố" in a province's paper that names no city: the city the province
                # is named after ("Hiện nay, toàn thành phố vẫn còn 1.068 hộ nghèo" on baothaibinh)
                own = self.default_province or self.default_place
                if own is not None and own.level == "province" and own.type == _CITY:
                    return own  # a city that is a province (Hải Phòng's paper): the city itself
                city = get_linker().provincial_city(own) if own is not None and own.level == "province" else None
                if city is not None:
                    return city
        if named is not None:
            return named
        whole = self._detailed_whole(sent, ctx) if ref is None and not sent_places else None
        if whole is not None:
            return whole
        if ref is None and national_subject(self.key, sent.start, pos):
            return COUNTRY  # "Theo Ủy ban Dân tộc, năm 2023 các địa phương đã triển khai … 188 chính sách"
        if ctx.topic is not None:
            return ctx.topic
        if ctx.last_topic is not None and not ctx.named_in_paragraph and self._locality_subject(sent):
            return ctx.last_topic  # "Năm nay, địa phương tiếp tục nhân rộng 5 dự án": the unit just spoken of
        return self.default_place

    def _detailed_whole(self, sent, ctx: Context) -> Optional[PlaceMention]:
        """In a sentence that details the one before and names no unit ("UBND tỉnh Lâm Đồng cho
        biết, tổng dự toán … huyện Cát Tiên … là hơn 191,3 tỷ đồng. Trong đó, nguồn vốn … hơn 183,1
        tỷ đồng"), the parts are of the unit the whole was said of: the one unit of the figures of
        the sentence detailed, named in it, where it is not the subject in force."""
        prev = self.elaborated
        if not self.elaborates or prev is None:
            return None
        said = []
        for d in reversed(self.done):  # (the drafts of the sentence detailed, past a caption's after it)
            if d.sentence and d.sentence[0] > prev.start:
                continue
            if d.sentence != (prev.start, prev.end):
                break
            said.append(d)
        named = said[0].location if said else None
        if named is None or any(d.location is not named for d in said) or named is ctx.topic or \
                not any(p is named for p in _within(self.places, self.place_starts, prev.start, prev.end)):
            return None
        return named

    def _closed_aside(self, sent, p, pos: int) -> bool:
        """``p`` is named inside brackets closed before ``pos`` that give figures of their own ("tỷ lệ
        hộ nghèo toàn huyện giảm còn dưới 2% (riêng 2 xã Hàm Cần, Mỹ Thạnh giảm … dưới 10%); đảm bảo
        100% hộ nghèo …"): the aside's unit, not the place of the figures after it."""
        if not self._aside_closed(p, sent.start, pos):
            return False
        k = self.key
        # (an aside with figures of its own; not an address in brackets: "hộ ông …, ngụ ấp 5 (xã Xuân Hưng)")
        return _ANY_DIGIT.search(k, k.rfind("(", sent.start, p.start), k.find(")", p.end, pos)) is not None

    def _neighbour(self, sent, p) -> bool:
        """``p`` is named as a neighbour the unit spoken of borders ("phía Đông giáp huyện Cầu Ngang
        và huyện Duyên Hải"): a word of bordering before it, no stop or number between."""
        hit = self.c.neighbour_words.last(self.key, max(sent.start, p.start - _NEIGHBOUR_REACH), p.start)
        return hit is not None and not _NEIGHBOUR_BREAK.search(self.key, hit.end, p.start)

    def _locality_subject(self, sent) -> bool:
        """The sentence's subject is a word for the unit just spoken of ("Năm nay, địa phương tiếp
        tục …"), no unit named."""
        hit = self.c.locality_subject.first(self.key, sent.start, min(sent.end, sent.start + _LOCALITY_REACH))
        return hit is not None and self._subject_at(sent, hit.start)

    def _seat_over_subject(self, sent, before, ctx: Context) -> bool:
        """The last unit named before a number ends a body's name ("… từ nguồn huy động của Bộ Công an
        là 302 căn và Công an tỉnh Nghệ An là 300 căn") and holds the narrower unit the sentence or
        paragraph is about ("Còn tại huyện Tương Dương, …"): the body's seat, not the figure's place."""
        seat = before[-1]
        if any(p.name == seat.name and p.level == seat.level for p in before[:-1]):
            return False  # (named before as an address: "tại xã …, huyện …, thành phố Cần Thơ, Ủy ban …")
        subject = next((p for p in before[:-1] if self._subject_at(sent, p.start)), None) or ctx.topic
        if subject is None or _RANK.get(subject.level, 9) >= _RANK.get(seat.level, -1) or \
                seat.name not in (subject.province, subject.district):
            return False
        return body_seat(self.key, self.clean, seat.start)

    def _number_place(self, sent: _Sentence, q, sent_places, ctx: Context) -> Optional[PlaceMention]:
        """The unit the number ``q`` is about: from its sentence and the subject in force
        (``_where``), a unit tied after it, the holder of a count of areas, its table row's unit, or
        the country for counts of areas no province holds."""
        where = self._where(sent, q.start, sent_places, ctx)
        where = self._place_after(sent, q, sent_places, where)
        if where is None or where is self.default_place and where.level == "country":
            where = self._ref_after(sent, q, where)
        if q.unit in ("districts", "communes"):
            where = self._holder_after(sent, q, sent_places, where)
        if q.start in self.table_cells:
            where = self._row_place(self.table_cells[q.start], where)
        if q.unit == "districts" and (q.value or 0) > get_linker().most_districts() or \
                q.unit in AREA_UNITS and self._national_after(q, sent) or self._whole_country_after(q, sent) or \
                self._spread_over_provinces(q, sent):
            # "một trong 62 huyện nghèo cả nước", "74 huyện nghèo": the country's; "… đến 21.000 trẻ em
            # tại 30 tỉnh, thành cả nước", "2.275 xã … của 48 tỉnh": of many provinces, the country's
            where = COUNTRY
        return where

    def _ref_after(self, sent: _Sentence, q, where):
        """No unit said before the number nor in force in an article of the country's, and a word of
        scope after it in its phrase that points back to the last unit of its level ("Tuy nhiên, tỉ
        lệ hộ nghèo vẫn ở mức cao: gần 41.000 hộ nghèo (chiếm tỷ lệ 20,57% dân số của tỉnh)" after a
        sentence on tỉnh Yên Bái): that unit."""
        limit = min(sent.end, q.end + _PLACE_AFTER_REACH)
        stop = _PHRASE_END.search(self.key, q.end, limit)
        hit = self.c.scope_after.first(self.key, q.end, stop.start() if stop else limit)
        if hit is None or self.clean[hit.end:hit.end + _TYPE_WORD_MAX].lstrip()[:1].isupper():
            return where  # (a unit named: "cho 56.000 hộ dân của tỉnh Đồng Tháp, An Giang, …")
        return self.last_by_level.get(hit.label) or where

    def _spread_over_provinces(self, q, sent: _Sentence) -> bool:
        """A count or an amount said of several provinces right after it ("21.000 trẻ em tại 30 tỉnh,
        thành cả nước")."""
        nxt = self._next_quantity(q.end)
        while q.unit in AREA_UNITS and nxt is not None and nxt.unit in AREA_UNITS and nxt.start < sent.end and \
                nxt.start - q.end <= _SPREAD_REACH and _LISTED_AREAS.fullmatch(self.key, q.end, nxt.start):
            # "… 20176 thôn đặc biệt khó khăn, 1935 xã khu vực III, … và 1313 xã khu vực I của 51 tỉnh": a
            # list of counts of areas, the provinces said after its last item
            q, nxt = nxt, self._next_quantity(nxt.end)
        return nxt is not None and nxt.unit == "provinces" and (nxt.value or 0) >= 2 and nxt.start < sent.end and \
            nxt.start - q.end <= _SPREAD_REACH and not _ANY_DIGIT.search(self.key, q.end, nxt.start) and \
            self.c.spread_over.ends_at(self.key, q.end, nxt.start) is not None

    def _whole_country_after(self, q, sent: _Sentence) -> bool:
        """"hỗ trợ xây dựng 17.200 căn nhà tại nhiều tỉnh trên cả nước": the country is named in the
        number's phrase after it, with no other figure between."""
        stop = _PHRASE_END.search(self.key, q.end, sent.end)
        end = min(stop.start() if stop else sent.end, q.end + _NATIONAL_AFTER_REACH)
        hit = self.c.national_after.first(self.key, q.end, end)
        if hit is None:
            return False
        return not _ANY_DIGIT.search(self.key, q.end, hit.start) and \
            self.c.national_after_gap_not.first(self.key, q.end, hit.start) is None

    def _national_after(self, q, sent: _Sentence) -> bool:
        """"một trong 62 huyện nghèo cả nước": the country's word closes the count's phrase."""
        end = min(sent.end, q.end + 30)
        stop = _MARK.search(self.key, q.end, end)
        hit = self.c.place_refs.first(self.key, q.end, stop.start() if stop else end)
        return hit is not None and hit.label == "country"

    def _address_of(self, unit, after) -> bool:
        """``after`` is named right after ``unit`` with a comma as the wider unit it lies in ("huyện
        Mường Tè, tỉnh Lai Châu")."""
        return _PARENT_AFTER.fullmatch(self.key, unit.end, after.start) is not None and \
            _RANK.get(unit.level, 9) < _RANK.get(after.level, 9) and after.name in (unit.province, unit.district)

    def _giver(self, ref) -> bool:
        """The province word ``ref`` names a body that gives ("tỉnh đã hỗ trợ", "Mặt trận tỉnh điều
        chuyển"): a giving verb right after it."""
        gap = self.c.giver_gap.match(self.key, ref.end)
        return self.c.giver_verbs.at(self.key, gap.end()) is not None

    def _counted_example(self, sent: _Sentence, p, pos: int) -> bool:
        """``p`` names, in brackets after a count of areas, the areas counted ("còn 1 xã (Quảng
        Lâm) và 19 thôn, bản …"), and the number at ``pos`` stands past the bracket: no place of it."""
        k = self.key
        j = k.rfind("(", sent.start, p.start)
        if j < 0 or k.find(")", j, p.start) >= 0 or k.find(")", p.end, pos) < 0:
            return False
        counted = self._quantity_before(j)
        return counted is not None and counted.unit in AREA_UNITS and not k[counted.end:j].strip()

    def _place_after(self, sent: _Sentence, q, sent_places, where):
        """A unit named after the number in its phrase and tied to it ("cho 11 hộ cận nghèo của
        phường Xuất Hóa", "6 hộ nông dân nghèo ở Nghĩa Thọ") when it is narrower than the one in
        force: the people or money counted are that unit's."""
        limit = min(sent.end, q.end + _PLACE_AFTER_REACH)
        stop = _PHRASE_END.search(self.key, q.end, limit)
        end = stop.start() if stop else limit
        after = next((p for p in sent_places if q.end <= p.start < end), None)
        village = self.c.village_then.match(self.key, q.end)
        if village is not None and (after is None or after.start >= village.end()):
            # "cho 9 gia đình tại bản Huổi Toóng 1 và Huổi Toóng 2, xã Huổi Lèng": the commune that
            # holds the villages named (villages are in no list), right after them
            after = next((p for p in sent_places if village.end() <= p.start <= village.end() + _TYPE_WORD_MAX), None)
            if after is not None and after.level == "commune":
                return after if where is None or _RANK[after.level] < _RANK.get(where.level, 9) else where
            return where
        adjacent = not self.key[q.end:after.start].strip() if after is not None else False
        if after is None or after.level not in _RANK or (
                not adjacent and self.c.place_link.ends_at(self.key, q.end, after.start) is None
                and not self._given_to(q.end, after.start)):
            return where  # tied by a link word, or named right after the count ("5 hộ xã Phước Kháng")
        i = sent_places.index(after)
        nxt = sent_places[i + 1] if i + 1 < len(sent_places) else None
        gap = self.key[after.end:nxt.start] if nxt is not None else ""
        address = nxt is not None and nxt.name in (after.district, after.province)  # "xã Hùng Lợi, huyện Yên Sơn"
        if gap.strip() and not address and self.c.place_joiners.fullmatch(gap):
            # "tại huyện Giang Thành và Kiên Lương": several units, none alone; but "tại xã Vạn Ninh
            # và xã Duy Ninh, huyện Quảng Ninh": the district that holds them all, named after them
            parent = self._parent_after_list(sent_places, i)
            if parent is not None and (where is None or _RANK[parent.level] < _RANK.get(where.level, 9)):
                return parent
            return where
        if where is not None and _RANK[after.level] == _RANK.get(where.level, 9) and self._item_place(q, where) and \
                not _ITEM_BREAK.search(self.key, q.end, after.start):
            return after  # "3 căn tại xã Phú Thuận, 2 căn tại xã Rạch Chèo": each item's own unit
        if where is not None and _RANK[after.level] > _RANK.get(where.level, 9) or \
                where is not None and _RANK[after.level] == _RANK.get(where.level, 9) and not adjacent:
            return where
        return after

    def _item_place(self, q, where) -> bool:
        """``where`` is the unit the number before ``q`` was tied to after it, as an item of a list
        ("3 căn tại xã Phú Thuận, 2 căn …"): that item's, not ``q``'s."""
        prev = self._quantity_before(q.start)
        return prev is not None and prev.end <= where.start < q.start and \
            self.c.place_link.ends_at(self.key, prev.end, where.start) is not None and \
            not _ANY_DIGIT.search(self.key, where.end, q.start)

    def _holder_after(self, sent: _Sentence, q, sent_places, where):
        """A count of areas tied to the unit that holds them, named after it ("4 xã đặc biệt khó khăn
        của huyện Nghĩa Đàn", "7 xã của tỉnh Thừa Thiên - Huế"), or ranked in it ("1 trong 10 xã
        nghèo nhất tỉnh"): that unit's count, wider than the subject the sentence is about."""
        counted = _RANK.get(_AREA_LEVELS.get(q.unit), -1)
        limit = min(sent.end, q.end + _PLACE_AFTER_REACH)
        stop = _PHRASE_END.search(self.key, q.end, limit)
        end = stop.start() if stop else limit
        after = next((p for p in sent_places if q.end <= p.start < end), None)
        if after is not None and _RANK.get(after.level, -1) > counted and \
                (self.c.parent_link.ends_at(self.key, q.end, after.start) is not None or
                 self.c.ranking_scope.ends_at(self.key, q.end, after.start) is not None) and \
                not _ANY_DIGIT.search(self.key, q.end, after.start):
            return after
        ref = self.c.place_refs.first(self.key, q.end, end)
        if after is None and ref is not None and ref.label == "province" and where is not None and \
                _RANK.get(where.level, 9) <= counted and \
                self.c.ranking_scope.ends_at(self.key, max(q.end, ref.start - 30), ref.start) is not None:
            return province_of(where, sent_places) or where
        return where

    def _parent_after_list(self, sent_places, i: int):
        """The unit named right after a list of units that starts at ``sent_places[i]`` (joined by
        "," and "và") as the parent of every one of them ("xã Vạn Ninh và xã Duy Ninh, huyện Quảng
        Ninh"), if any."""
        k = self.key
        j = i
        while j + 1 < len(sent_places) and sent_places[j + 1].level == sent_places[i].level and \
                self.c.place_joiners.fullmatch(k[sent_places[j].end:sent_places[j + 1].start]):
            j += 1
        if j == i or j + 1 >= len(sent_places):
            return None
        parent = sent_places[j + 1]
        if not _PARENT_AFTER.fullmatch(k, sent_places[j].end, parent.start):
            return None
        members = sent_places[i:j + 1]
        if all(parent.name in (m.district, m.province) and _RANK.get(m.level, 9) < _RANK.get(parent.level, 9)
               for m in members):
            return parent
        return None

    def _given_to(self, start: int, end: int) -> bool:
        """Between a number and a unit, the group it is given to and nothing more ("480 triệu đồng
        cho hộ cận nghèo phường Xuất Hóa", "2 ngôi nhà Đại đoàn kết cho hộ đồng bào nghèo huyện
        Sơn Hòa"): the unit is the group's."""
        k = self.key
        to = self.c.helped_after.last(k, start, end)
        if to is None or _GIVEN_GAP.search(k, to.end, end):
            return False
        grp = self.c.beneficiary_groups.first(k, to.end, end)
        return grp is not None and end - grp.end <= _GROUP_TAIL

    def _place_ref(self, start: int, pos: int, places):
        """The last generic place word ("toàn huyện", "tỉnh") before ``pos`` that points back
        to one unit; "các huyện", "cấp huyện", "huyện nghèo" point to none."""
        k, c = self.key, self.c
        whole, reach = [], -1
        for ref in c.place_refs.all(k, start, pos):
            if ref.end > reach:  # not "xã" in "toàn thị xã": the whole word speaks
                whole.append(ref)
                reach = ref.end
        for ref in reversed(whole):
            lo = max(0, ref.start - 8)
            before = k[lo:ref.start].rstrip()
            if before[-1:].isdigit() and not _YEAR_BEFORE.search(before) or \
                    c.place_ref_not_before.ends_at(k, max(0, ref.start - 24), ref.start):
                continue  # "3 huyện", "các huyện" (not "năm 2021 toàn tỉnh")
            if before.endswith(",") and c.place_types.ends_at(k, max(0, lo - 12), lo + len(before) - 1):
                continue  # "tỉnh, huyện": a list of levels
            comma = _COMMA.match(k, ref.end)
            if c.place_ref_not_after.at(k, ref.end) or (comma and c.place_types.at(k, comma.end())):
                continue  # "huyện nghèo", "huyện, thị xã"
            if any(p.start <= ref.start < p.end for p in places):
                continue
            if c.ranking_scope.ends_at(k, max(0, ref.start - 30), ref.start):
                continue  # "… giảm nhiều nhất trên địa bàn của huyện": the scope of a ranking
            if ranked_at(k, ref.start):
                continue  # "… 18.016,1 tỷ đồng, đứng thứ 2/34 chi nhánh trên cả nước": the whole ranked in
            if ref.label == "country" and body_seat(self.key, self.clean, ref.start):
                continue  # "Ngân hàng Công thương Việt Nam": the end of a body's name
            return ref
        return None
