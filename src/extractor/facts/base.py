"""The shapes the fact rules share: a fact before it meets its document (:class:`Draft`), a
sentence, what carries between sentences (:class:`Context`), and the text patterns."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Optional

from .. import rxstore
from ..nlp.places import PlaceMention
from ..nlp.times import TimeMention
from .cues import Hit

RATE_INDICATORS = {"poverty_rate", "near_poverty_rate", "poor_near_poor_rate"}
BENEFICIARY_UNITS = {"households", "people", "students", "turns", "cards", "houses", "portions", "vehicles", "devices"}
PROJECT_UNITS = {"projects", "models", "works"}
AREA_UNITS = {"districts", "communes", "villages"}  # "huyện nghèo", "xã, thôn, ấp, bản đặc biệt khó khăn"
PLACE_UNITS = AREA_UNITS | {"provinces"}  # counts of units of any level ("291 xã thuộc 23 tỉnh", "của 5 huyện")


@dataclass
class Draft:
    """A fact before it meets its document: every contract field but ``doc``."""
    indicator: str
    kind: str
    value: Optional[float]
    range: Optional[tuple]
    unit: str
    bound: str
    start: int
    end: int
    status: str = "actual"
    population: Optional[str] = None
    location: Optional[PlaceMention] = None
    year: Optional[int] = None
    point: Optional[str] = None
    date: Optional[str] = None
    period: Optional[tuple] = None
    attributes: dict = field(default_factory=dict)
    sentence: tuple = (0, 0)
    group: Optional[str] = None  # household group of counts ("poor", "near_poor", …)
    in_parens: bool = False
    of_plan: bool = False  # the whole planned that a part done is of ("521/574 nhà"): a target
    undated: bool = False  # actual, no time said, no date known: the article's one year may date it
    now_dated: bool = False  # no time said: dated by the article's publication only

    def identity(self) -> tuple:
        """Every field the output shows but the evidence: equal drafts are one fact."""
        loc = self.location
        where = None if loc is None else (loc.level, loc.name, loc.type, loc.code, loc.province)
        return (self.indicator, self.kind, self.value, self.range, self.unit, self.bound, self.status,
                self.population, where, self.year, self.point, self.date, self.period,
                tuple(sorted(self.attributes.items())))


class Reading(NamedTuple):
    """What every stage of reading one number is given: the number (``qs``: where it starts with
    its qualifier, "hơn 3%"), its unit, its sentence and clause, the frame in force, the sentence's
    drafts so far, the builder of its draft, its kind and sign."""
    sent: "_Sentence"
    q: object
    qs: int
    unit: Optional[str]
    prev_end: int
    left_start: int
    clause_start: int
    clause_end: int
    right_short: int
    frame: Optional["Draft"]
    drafts: list
    draft: Callable
    kind: str
    sign: Optional[int]


def first_decided(rules, stages, reading: Reading) -> list:
    """The drafts of the first of ``stages`` (functions of ``rules`` and ``reading``, tried in
    turn) that decides: a list, empty for no fact; none deciding gives none."""
    made = first_deciding(rules, stages, reading)
    return made if made is not None else []


def first_deciding(rules, stages, reading) -> Optional[list]:
    """As ``first_decided``, but None when no stage decides: for stages that are themselves one
    stage of a larger reading, which goes on to its next."""
    for stage in stages:
        made = stage(rules, reading)
        if made is not None:
            return made
    return None


@dataclass
class _Sentence:
    start: int
    end: int
    paragraph: int


@dataclass
class Context:
    """What carries from sentence to sentence."""
    time: Optional[TimeMention] = None
    status: str = "actual"
    topic: Optional[PlaceMention] = None
    last_topic: Optional[PlaceMention] = None  # the subject of the paragraph before, once this one opened
    named_in_paragraph: bool = False  # a unit was named in this paragraph so far
    paragraph: int = -1
    list_frame: Optional["Draft"] = None  # the last figure before a list opened by ":"
    list_open: bool = False  # the paragraphs so far since a line ending in ":" are its list's items
    heading_group: Optional[Hit] = None  # the group a heading names ("Về hộ nghèo:") for what follows
    previous: Optional["_Sentence"] = None  # the sentence before
    previous_status: Optional[str] = None  # the status cue of the sentence before, if it had one
    flow: Optional["Draft"] = None  # the last count of a flow (households that escaped …) said, for its parts


MAX_SENTENCE = 1500
_MARK = rxstore.compile(r"[,;:.()!?\n]")  # where the words about one number end
_NEXT_ITEM = rxstore.compile(r";|,\s*\d")  # the next item of a list "X% …; Y% …", "X% …, Y% …"
_LIST_BREAK = rxstore.compile(r"[;()%]")
_ASIDE = rxstore.compile(r"\s*\(\s*(?:[^\W\d_]+\s+){1,2}(?=\w)")  # "(ước cuối năm …": a word or two in brackets
_PER_PERSON_OR_TIME = {"person", "year", "month", "day", "week", "quarter"}
_LIST_ITEM = rxstore.compile(r"[-+•*–]\s")  # a line of a list: "- Dự án 1: …", "+ Ngân sách trung ương: …"
_DISBURSEMENT = ("disbursed", "disbursement_rate")
_BRACKETS = rxstore.compile(r"\([^()]{0,40}\)")  # "giảm từ 9,57% (cuối năm 2021) xuống còn …": an aside
_DOC_CODE = rxstore.compile(r"\d+/[^\W\d_][\w&-]*")  # a document's number: "353/QĐ-TTg", "24/2021/QH15"
_PARTY_CODE = rxstore.compile(r"\d+-[^\W\d_]+/[^\W\d_][\w&-]*")  # a Party document's number: "40-CT/TW", "12-NQ/TU"
_OPENING = rxstore.compile(r"\s*[,(]?")  # what may stand between a whole and the words opening its parts
_COMMA = rxstore.compile(r"\s*,")
_NAMES_VALUE = rxstore.compile(r"\s*(?:là|:|bằng|ở mức)?\s*(?:khoảng|trên|dưới|hơn|gần|từ)?\s*")
# The plan's own value said right before the number: "(kế hoạch 2,0-3,0%)", "kế hoạch giai đoạn 2021 -
# 2025 là giảm 3%/năm", "đạt kế hoạch đề ra (1-1,5%/năm)" (group 1: the result said before it).
_PLAN_VALUE = rxstore.compile(r"(đạt |vượt |hoàn thành )?(?:kế hoạch|chỉ tiêu)(?: (?:giai đoạn|năm) \d{4}(?:\s*[-–]\s*\d{4})?)?"
                              r"(?: thực hiện)?(?: đề ra| đặt ra| được giao| giao)?\s*(là|:|\()?"
                              r"(?:\s*(?:mỗi năm|hằng năm|hàng năm))?\s*(?:giảm|tăng)?(?: bình quân)?"
                              r"(?: mỗi năm| hằng năm| hàng năm)?\s*(?:khoảng|từ|trên|dưới|hơn|gần)?\s*$")
# A result against a plan, then the plan's value with who set it and for when: "vượt mục tiêu đề ra
# của cả giai đoạn 2021 - 2025 (0,15%)", "đạt chỉ tiêu UBND tỉnh đề ra giảm từ 1%" (the number is the
# plan's when it opens a bracket, follows "là", or a change word follows who set it).
_PLAN_REACHED_VALUE = rxstore.compile(
    r"(?:đạt|vượt|hoàn thành)(?: vượt)? (?:kế hoạch|chỉ tiêu|mục tiêu(?! quốc gia))"
    r"(?: [^\d;.()]{1,40}?)? (?:đã )?(?P<set>đề ra|đặt ra|được giao|giao)"
    r"(?: (?:của|cho|trong) (?:cả )?(?:giai đoạn|năm) \d{4}(?:\s*[-–]\s*\d{4})?)?"
    r"(?:\s*(?:là|\()\s*(?:kéo )?(?:giảm|tăng)?| (?:kéo )?(?:giảm|tăng))(?: bình quân)?"
    r"(?: mỗi năm| hằng năm| hàng năm)?\s*(?:khoảng|từ|trên|dưới|hơn|gần)?\s*$")
_OPENS_LIST = rxstore.compile(r"\s*:")
_NAMES_THE_CHANGE = rxstore.compile(r"là$")  # "… giảm ít nhất là 0,52%": "là" names the change said before
_BAND_TO = rxstore.compile(r"\s*(?:đến|tới|-|–)\s*")  # "từ 20% đến dưới 40%": the other end of a band
_ASIDE_SPAN = rxstore.compile(r"\([^()]*\)")  # an aside in brackets
_STOP_MARK = rxstore.compile(r"[,;.]")  # a stop or a comma between two words
_ANY_DIGIT = rxstore.compile(r"\d")
# the size of each level of unit, smallest first ("village" for counts of thôn, bản)
_RANK = {"village": -1, "commune": 0, "district": 1, "province": 2, "country": 3}
_CARRIED_POPULATIONS = ("ethnic_minority", "rural", "urban")  # said once for a list of groups
_SHARE_ASIDE = rxstore.compile(r",?\s*chiếm(?:\s+t[ỷỉ]\s+lệ)?\s+[\d.,]+\s*%")  # on the folded key
_HEADING_MAX = 80  # characters: a longer line ending in ":" is a sentence that opens a list
_LIST_JOIN = rxstore.compile(r"\s*(?:,|;|và)\s*(?:và\s+)?")  # between two items of a list of counts
_PARTS_ASIDE = rxstore.compile(r"\s*\([^()]{0,200}\)")  # the parts of a figure in brackets right after it
_AND_JOIN = rxstore.compile(r"\s*,?\s*và\s*")  # "…, giảm 2,3% và 667 hộ cận nghèo": the next item of a list
_AFTER_SLASH = rxstore.compile(r"[^\W\d_]\s*/\s*\Z")  # "hộ nghèo/" right before a number
_DIGIT = rxstore.compile(r"\d%|\d\s*%")  # another percent between a cue and the number
_AREA_POPULATIONS = ("poor_districts", "poor_communes", "ethnic_minority")


def _bounded(clean: str, spans):
    """Sentences no longer than MAX_SENTENCE: a text with no full stops (a 10 MB line) is cut at
    the last ';', ',' or space before the limit, so context windows stay small."""
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = max(clean.rfind(";", s, s + MAX_SENTENCE), clean.rfind(",", s, s + MAX_SENTENCE))
            if cut <= s + MAX_SENTENCE // 2:
                cut = clean.rfind(" ", s, s + MAX_SENTENCE)
            if cut <= s:
                cut = s + MAX_SENTENCE
            else:
                cut += 1
            yield s, cut
            s = cut
        yield s, e


def _colon_list_head(key: str, cues, start: int, pos: int):
    """The cue of ``cues`` that heads a list opened by a colon, the number at ``pos`` one of its
    items ("Chuẩn cận nghèo: 1,55 triệu đồng …", "… có tỷ lệ giảm nghèo cao: Trạm Tấu đạt 7,15%"):
    the last before the colon, no number between them; None if there is none."""
    colon = key.rfind(":", start, pos)
    head = cues.last(key, start, colon) if colon > start else None
    return head if head is not None and not _ANY_DIGIT.search(key, head.end, colon) else None


def _within(items: list, starts: list[int], start: int, end: int) -> list:
    """The items starting in [start, end); ``starts`` are their sorted starts."""
    return items[bisect_left(starts, start):bisect_left(starts, end)]


def _paragraph_starts(clean: str) -> list[int]:
    starts = [0]
    for m in re.finditer(r"\n", clean):
        starts.append(m.end())
    return starts


def _signed(value, rng, sign):
    if sign is None:
        return value, rng
    if value is not None:
        value = sign * abs(value)
    if rng is not None:
        lo, hi = sorted((sign * abs(rng[0]), sign * abs(rng[1])))
        rng = (lo, hi)
    return value, rng
