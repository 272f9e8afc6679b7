"""What a document says about itself, before any fact is read: when it was published and what
its own place is.

An excerpt often comes without title or date, so both are taken from what is there:

* **published**: the date given with it; else a dateline among its first lines ("Thứ Ba,
  14/03/2023, 09:15", "Cập nhật ngày: 02/08/2021 10:43:12"); else a date in its URL
  (htmldate reads ``/2023/12/28/``; the compact forms of Vietnamese sites, ``/202003/`` and
  ``-20231228103635994.htm``, ``-17923111508411557.htm`` with a two-digit year after a section
  number, are read here, as htmldate does not);
* **own place**: the unit named in its title and lead (``pipeline.default_place``); else the
  province or district its URL's slug spells; else the country, when it speaks of the whole
  country or of a national body's whole system; else its outlet's province; else the country for
  a national outlet.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Optional
from urllib.parse import urlsplit

from .. import rxstore
from ..article.dates import parse_visible
from ..nlp.places import (PlaceMention, _ascii_words, commune_in_slug, commune_of_host, district_of_host, district_portal, new_commune_of_host,
                          place_of_slug, province_mention, province_of_host)
from ..patterns import load_yaml
from ..text import fold, name_key, sentences, slug_path
from .base import _RANK
from .tables import bar_row

_IMAGE_FILE = rxstore.compile(r"\S+\.(?:jpe?g|png|gif|webp)", re.IGNORECASE)  # an image's file name on its own line
_CAPTION_MAX = 250  # characters: a longer line is a paragraph, even when a page repeats it
_DIGIT = rxstore.compile(r"\d")
# an amount or count the way prose states it: "761.692 triệu đồng", "1.200 hộ", "5,2%"
_AMOUNT = rxstore.compile(r"\d[\d.,]*\s*(?:tỷ|tỉ|triệu|nghìn|ngàn|đồng|hộ|người|%)")
_RANKED_REACH = 48  # characters from a rank ("đứng thứ 2/34 chi nhánh") to the whole it is ranked in
_YEAR = rxstore.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOUBLED_PROSE = 120  # characters of a line said twice that holds an amount or a year: a lead repeated, not a caption
_CAPTION_HEAD = 40  # characters of a caption said again on its own line
_LINK_MIN, _LINK_MAX = 30, 160  # characters of a link's title on a line of its own
_LINK_RUN = 2  # titles in a row that make a list of links
_SHOWN_MAX = 160  # characters of a line that says who a photo shows
_PROSE_MIN = 60  # characters of a line ending in a stop: the article's prose has begun
_STOP_END = rxstore.compile(r"[.!?:;…][\"”’)\]]*$")
_HEAD_LINES = 25  # a dateline stands among the first lines of an excerpt (after a page's banner,
_HEAD_CHARS = 1000  # weather and menu lines: a menu of twenty items is common), within its first characters
_NAME_LOWER_RUN = 5  # words in a row with no capital: a clause ("phát động trên phạm vi"), not a body's name ("Bảo trợ bệnh nhân nghèo" is one)
_ISSUER_REACH = 60  # characters from a document's word to the body that issued it ("Nghị quyết số 08 của Thủ tướng")
_SEAT_REACH = 50  # characters from a body's head word to the unit that ends its name
# an organisation's acronym right before the country's name names its office there ("IFAD Việt Nam",
# "UNDP Việt Nam", "JICA Việt Nam"): no statement of the country
# (or a brand's: one word of plain letters with two vowel groups, which no Vietnamese syllable has:
# "Vinataba Việt Nam", "Unilever Việt Nam")
_ACRONYM_OFFICE = rxstore.compile(r"(?<![^\W\d_])(?:[A-Z]{2,}|[A-Z][A-Za-z]*[AEIOUYaeiouy][B-DF-HJ-NP-TV-XZb-df-hj-np-tv-xz]+"
                                  r"[AEIOUYaeiouy][A-Za-z]*)\s+(?P<country>Việt\s+Nam)")
_STOP_IN_SENTENCE = rxstore.compile(r"[.;!?\n]")
_SIGNED_AT = rxstore.compile(r",\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d{2}\s*$", re.MULTILINE)
_DATELINE_MAX = 90  # characters: a longer line is a sentence that names a date
_ISO_HEAD = rxstore.compile(r"^\s*(?:\w+\s+)?((?:19|20)\d{2})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?!\d)")
# Compact URL dates: "/202003/" (year and month), "-20231228103635994.htm" (a stamp that starts
# with the date and time), "/2019/06/" (year and month folders).
_URL_STAMP = rxstore.compile(r"\D((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d\d{2,}\D*$")
# the same stamp with the year in two digits after a three-digit section number, as some content
# systems write it ("-196251005085707835.htm": section 196, 2025-10-05 08:57:07, then a counter)
_URL_SHORT_STAMP = rxstore.compile(r"\D1\d\d([0-3]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\d{2,3}\.(?:html?|chn)$")
_URL_MONTH = rxstore.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")
_URL_YEAR_MONTH = rxstore.compile(r"/((?:19|20)\d{2})/(0?[1-9]|1[0-2])/")
# a slug ending in the day, month and year: "…-xoa-doi-giam-ngheo-19-10-2009/"
_URL_DMY = rxstore.compile(r"-([12]\d|3[01]|0?[1-9])-(1[0-2]|0?[1-9])-((?:19|20)\d{2})(?:\.[a-z]+)?/?$")


@dataclass(frozen=True)
class Published:
    date: str  # ISO: YYYY-MM-DD[THH:MM], or YYYY-MM when only the month is known
    source: str  # "given", "dateline" or "url"

    @property
    def year(self) -> int:
        return int(self.date[:4])


def published_of(text: str, url: Optional[str], given: Optional[str]) -> Optional[Published]:
    if given:
        return Published(given, "given")
    found = dateline_date(text)
    stamp = _URL_STAMP.search(urlsplit(url).path) if url else None
    if found and stamp is not None and found[:10] != f"{stamp[1]}-{stamp[2]}-{stamp[3]}":
        # a URL stamped with the article's date and hour ("…-20230725145255.htm") against a line of
        # the page's banner ("THỨ HAI, NGÀY 04 THÁNG 12 NĂM 2023 11:45", the day it was read)
        return Published(f"{stamp[1]}-{stamp[2]}-{stamp[3]}", "url")
    if found:
        return Published(found, "dateline")
    found = url_date(url) if url else None
    return Published(found, "url") if found else None


# not "so-voi-nam-2021", nor "viet-nam-2010" ("Việt Nam 20/10", the country's name and a day)
# "…-nam-2024-…", and a month or quarter of the year: "thang-2-2024-co-3-387-trieu-…", "quy-i-2024-…"
# (a slugger that writes a marked letter as a hyphen: "…-6-th-ng--u-n-m-2015-…")
_SLUG_YEAR = rxstore.compile(r"(?:^|[-/_])(?<!so-voi-)(?<!viet-)(?:nam|n-m|(?:thang|th-ng)-(?:[1-9]|1[0-2])|quy-(?:i{1,3}|iv|[1-4]))-"
                             r"((?:19|20)\d{2})(?=[-/._]|$)")


def slug_year(url: str) -> Optional[int]:
    """The year a URL's slug names as the article's ("…/trong-nam-2024-hon-4000-ho-dan-…",
    "…/thang-2-2024-co-…"): not its publication date, but the year its figures are of when nothing
    else dates them."""
    path = slug_path(url)
    years = {int(m.group(1)) for m in _SLUG_YEAR.finditer(path)}
    return years.pop() if len(years) == 1 else None


def dateline_date(text: str) -> Optional[str]:
    """The date of a short line among the first lines that is mostly a date."""
    m = _ISO_HEAD.match(text)
    if m:
        return "-".join(x for x in m.groups() if x)
    found = []
    titled = False  # a line of words seen before (the title): a date under it is the article's
    for line in text[:_HEAD_CHARS].split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        line = line.strip()
        if not line or len(line) > _DATELINE_MAX:
            titled = titled or len(_WORDS_RE.findall(line)) >= _TITLE_WORDS
            continue
        # a byline and the day on one line ("Khoa Điềm/VOV-Tây Nguyên | 04/04/2025, 13:35"): the
        # part after a bar
        tail = _TAIL_DATE.search(line)
        cells = _WIDE_GAP.split(line, 1)  # "08/06/2023    Lượt xem: 223    In bài viết": the page's cells
        parts = [line] + ([line.rsplit("|", 1)[1].strip()] if "|" in line else []) + \
            ([tail.group(1)] if tail is not None and not _ANY_DIGIT_RE.search(line, 0, tail.start()) else []) + \
            ([line.rsplit(" - ", 1)[1].strip()] if " - " in line else []) + (cells[:1] if len(cells) > 1 else [])
        # ("Diệp Khánh-CĐ - 10:34, 28/05/2021": the part after a dash)
        for part in parts:
            date = parse_visible(part)
            if date and _mostly_date(part):
                found.append((date, _CLOCK.search(part) is not None, titled))
                break
        else:
            titled = titled or len(_WORDS_RE.findall(line)) >= _TITLE_WORDS
    # a page's banner shows a day ("HOTLINE: … Thứ ba, ngày 15/12/2016"); the article's own line
    # most often its hour too ("11/07/2019 | 17:26 GMT+7"), and stands under the title: that one,
    # when both are there (a banner's "Thứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27" above the
    # title, "T.Nhân - 17:35, 08/11/2023" under it)
    # Of several such lines the earliest: a page is read and updated after it is published
    # ("Thứ Sáu, ngày 21/09/2018 11:19 AM" on the banner above "Thứ Năm, ngày 15/05/2014 09:52 AM").
    timed = [date for date, clock, _ in found if clock]
    under = [date for date, clock, after in found if clock and after]
    return min(under) if under else min(timed) if timed else min(d for d, _, _ in found) if found else None


# a full day glued to a short line's end ("Việt NamViệt Nam28/09/2023"): the page's date
_TAIL_DATE = rxstore.compile(r"(?<=\D)((?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:19|20)\d{2})\s*$")
_ANY_DIGIT_RE = rxstore.compile(r"\d")
_WIDE_GAP = rxstore.compile(r"\s{3,}|\t")  # the gap between a page's cells written on one line
_WORDS_RE = rxstore.compile(r"[^\W\d_]+")
_TITLE_WORDS = 4  # words of a line that is a title, not a menu item or a byline
_CLOCK = rxstore.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:h][0-5]\d(?!\d)")


def title_sentence(clean: str, sentences):
    """The sentence that is the title: the first, or the second under a dateline ("Thứ hai,
    22/07/2024"), when a line ends with it (``sentences``: the text's sentences, in order); None
    for a text that opens with no line of its own."""
    first = 1 if len(sentences) > 1 and _mostly_date(clean[sentences[0].start:sentences[0].end]) else 0
    if len(sentences) <= first:
        return None
    end = sentences[first].end
    return sentences[first] if "\n" in clean[end:end + 2] or end >= len(clean) else None


def _mostly_date(line: str) -> bool:
    words = re.findall(r"[^\W\d_]+", fold(line))
    cues = _dateline_words()
    return sum(w not in cues for w in words) <= 2


@lru_cache(maxsize=1)
def _dateline_words() -> frozenset[str]:
    data = load_yaml("document.yaml")
    return frozenset(w for phrase in data["dateline_words"] for w in fold(phrase).split())


def url_date(url: str) -> Optional[str]:
    from htmldate.extractors import extract_url_date
    from htmldate.utils import Extractor

    try:
        found = extract_url_date(url, Extractor(False, _LATEST, _EARLIEST, False, "%Y-%m-%d"))
    except Exception:  # htmldate's option object changes between versions: fall back to ours
        found = None
    if found:
        return found
    path = urlsplit(url).path
    m = _URL_STAMP.search(path)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    m = _URL_SHORT_STAMP.search(path)
    if m:
        return f"20{m[1]}-{m[2]}-{m[3]}"
    m = _URL_DMY.search(path)
    if m:
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    for rx in (_URL_MONTH, _URL_YEAR_MONTH):
        m = rx.search(path)
        if m:
            return f"{m[1]}-{int(m[2]):02d}"
    return None


_EARLIEST, _LATEST = datetime(1995, 1, 1), datetime(2100, 1, 1)  # htmldate's bounds



@lru_cache(maxsize=1)
def _slug_cues() -> dict:
    data = load_yaml("document.yaml")

    def slug(words) -> str:
        return "|".join(re.escape(w).replace(r"\ ", "-?") for w in sorted(words, key=len, reverse=True))

    points = {k: slug(v) for k, v in data["slug_points"].items()}
    return {
        # "…-tong-ket-…-giai-doan-20162020.aspx", "…-giai-doan-2021-2025-…"
        "span": re.compile(rf"(?<![a-z0-9])(?:{slug(data['slug_span'])})-((?:19|20)\d\d)-?((?:19|20)\d\d)(?!\d)"),
        # "…-theo-chuan-ngheo-da-chieu-" right before the span
        "standard": re.compile(rf"(?:{slug(data['slug_standard'])})(?:-[a-z]+){{0,3}}-$"),
        "point": re.compile(rf"(?<![a-z])(?:(?P<start>{points['start']})|(?P<end>{points['end']}))(?![a-z])"),
        # a district's type word before its name ("…-huyen-thoi-binh-…")
        "district_types": slug(data["slug_district_types"]),
    }


@dataclass(frozen=True)
class SlugTime:
    """The time a URL's slug gives an article's undated figures: a span of years, or one year
    and its point."""
    period: Optional[tuple[int, int]] = None
    year: Optional[int] = None
    point: Optional[str] = None


def slug_time(url: Optional[str]) -> Optional[SlugTime]:
    """What a URL's slug says of the time of an article that dates neither itself nor its
    figures: the span of years it names after "giai đoạn" ("tong-ket-…-giai-doan-20162020":
    the period 2016-2020), or, when the span is a poverty standard's ("…-dau-ky-theo-chuan-ngheo-
    da-chieu-giai-doan-2022-2025"), the year at its start or end the slug points to ("đầu kỳ":
    2022, start); None when it says neither."""
    if not url:
        return None
    cues = _slug_cues()
    path = slug_path(url)
    m = cues["span"].search(path)
    if m is None:
        return None
    first, last = int(m[1]), int(m[2])
    if not 0 < last - first <= 10:
        return None
    point = cues["point"].search(path)
    if point is not None:
        return SlugTime(year=first, point="start") if point["start"] else SlugTime(year=last, point="end")
    if cues["standard"].search(path, 0, m.start()):
        return None  # the standard's span, no time of the figures
    return SlugTime(period=(first, last))

COUNTRY = PlaceMention(start=0, end=0, name="Việt Nam", type=None, level="country", code=None, province=None,
                       province_code=None, district=None, current=None)


def caption_spans(clean: str) -> list[tuple[int, int]]:
    """Lines that caption a photo: a line said twice in a row (the image's text and its caption,
    as pages are often scraped), one that credits a photo ("(Ảnh: …)", "Ảnh minh họa"), or a
    table row of one cell ("… tại huyện Lắk |": pages set a photo and its caption in a one-column
    table). A caption names where the photo was taken: it opens no place for what follows."""
    marks = _cues()["caption"]
    lines, pos = [], 0  # (start, end, the line's words, the same with no stop: "." or not)
    for line in clean.split("\n"):
        whole = line.strip()
        if whole:
            lines.append((pos, pos + len(line), whole, whole.rstrip(".").rstrip()))
        pos += len(line) + 1
    out = set()
    for i, (start, end, _, text) in enumerate(lines):
        doubled = (i > 0 and lines[i - 1][3] == text) or (i + 1 < len(lines) and lines[i + 1][3] == text)
        if doubled and (_AMOUNT.search(text) or _YEAR.search(text)) and len(text) >= _DOUBLED_PROSE:
            # a lead said twice, as its summary and as the body's first paragraph ("Giai đoạn từ năm
            # 2009 đến năm 2020, tỉnh … được hỗ trợ 761.692 triệu đồng …", "Từ năm 2010 đến nay, hệ
            # thống thủy lợi … đã được quan tâm đầu tư …"): prose, not a photo's lines
            doubled = False
        # the image's text and its caption glued on one line ("Đồng bào … Ảnh: T.KhanhĐồng bào … (Ảnh: T.Khanh)")
        glued = len(text) > 2 * _CAPTION_HEAD and text[:_CAPTION_HEAD] in text[_CAPTION_HEAD:]
        one_cell = "|" in text and "|" not in text.strip("| ")
        # a line with no number after a paragraph and before the line that goes on from it ("Tỉnh …
        # có 6 huyện … / Người dân huyện Bác Ái (Ninh Thuận) với niềm vui được mùa bắp. / Trong đó, …"),
        # or before another paragraph when it opens with the people the photo shows ("… 10 xã: …
        # Hồng Ngài, … / Người dân xã Hồng Ngài được sử dụng nước sinh hoạt hợp vệ sinh. / Sau 8 năm …")
        inserted = 0 < i < len(lines) - 1 and not _DIGIT.search(text) and \
            _STOP_END.search(lines[i - 1][2]) is not None and len(lines[i - 1][2]) >= _PROSE_MIN and (
                goes_on(fold(lines[i + 1][2])) or
                len(text) <= _SHOWN_MAX and len(lines[i + 1][2]) >= _PROSE_MIN and
                _cues()["caption_subject"].match(fold(text)) is not None)
        # the title (a line among the first) said again before a photo's caption on its line
        # ("<title>  ảnh 1Gia đình chị …, xã Lùng Vai … Ảnh: Trần Việt - TTXVN")
        retitled = next((len(earlier[3]) for earlier in lines[:min(i, _HEAD_LINES)] if len(earlier[3]) >= _CAPTION_HEAD and
                         text.startswith(earlier[3]) and len(text) > len(earlier[3])), 0)
        # the line under an image's file name ("img-5387.jpg" / "Xã Pa Cheo (huyện Bát Xát), 1 trong 10 xã …"),
        # one that gives no sum of money or percentage
        shown = i > 0 and _IMAGE_FILE.fullmatch(lines[i - 1][2]) is not None and not _AMOUNT.search(text)
        if shown and len(text) <= _CAPTION_MAX or one_cell and len(text) <= _CAPTION_MAX or glued and len(text) <= 2 * _CAPTION_MAX and (
                marks.search(fold(text)) or _said_twice(text)) or \
                len(text) <= _CAPTION_MAX and (doubled or inserted or marks.search(fold(text))) or \
                retitled and len(text) - retitled <= _CAPTION_MAX and marks.search(fold(text[retitled:])):
            out.add((start, end))
    return sorted(out | _link_runs(lines))


def goes_on(folded: str) -> bool:
    """The (folded) line opens with words that go on from the one before it ("Cụ thể, …", "Trong
    đó, …"): it details that one."""
    return _cues()["continuation"].match(folded) is not None


def _said_twice(text: str) -> bool:
    """The line is one sentence said twice ("Học sinh Trường THCS Lũng Cao, huyện … Học sinh Trường
    THCS Lũng Cao, huyện …"): an image's text and its caption glued."""
    half = len(text) // 2
    return any(text[:cut].strip().rstrip(".") == text[cut:].strip().rstrip(".") for cut in range(half - 2, half + 3))


def _link_runs(lines) -> set[tuple[int, int]]:
    """Lines of a run of link titles after the article's prose has begun: two or more lines in a
    row, each a headline's length that starts with a capital and ends with no stop ("Đà Nẵng: Đại
    hội đại biểu MTTQ Việt Nam huyện Hòa Vang lần thứ XIII" among the paragraphs). Pages list their
    other articles so; the places those name are not the article's. (A paragraph broken into lines
    goes on in lower case, and ends in a stop.) ``lines``: the text's lines that hold words, as
    :func:`caption_spans` reads them."""
    out: set[tuple[int, int]] = set()
    run: list[tuple[int, int]] = []
    prose = False
    for start, end, text, _ in lines:
        stop = _STOP_END.search(text) is not None
        if prose and _LINK_MIN <= len(text) <= _LINK_MAX and text[0].isupper() and not stop and "|" not in text:
            run.append((start, end))
            continue
        if len(run) >= _LINK_RUN:
            out.update(run)
        run = []
        prose = prose or stop and len(text) > _PROSE_MIN
    if len(run) >= _LINK_RUN:
        out.update(run)
    return out


def outside_venues(clean: str, places) -> list:
    """The places that are not the venue of a national body's meeting."""
    return [p for p in places if not _venue_of_national_body(clean, p)]


def outside_merged(key: str, places) -> list:
    """The places not named as the parts a new unit was made of (``key``: the folded text): after
    "được sáp nhập từ" to the clause's end ("xã A, xã B và xã C"; "; ", ". ", ", trong đó" end it),
    and after "sáp nhập" said with the parts' type word ("Sau khi sáp nhập 3 tỉnh Lâm Đồng, Bình
    Thuận, Đắk Nông, tỉnh Lâm Đồng mới …") up to the new unit, "thành" or a number."""
    if not places:
        return list(places)
    cues = _cues()
    spans = []
    for m in cues["merged_from"].finditer(key):
        end = _MERGED_END.search(key, m.end())
        spans.append((m.end(), end.start() if end else len(key)))
    for m in cues["merged_list"].finditer(key):
        end = _MERGED_LIST_END.search(key, m.end())
        stop = end.start() if end else len(key)
        new = next((p.start for p in places if m.start("parts") <= p.start < stop and
                    _NEW_UNIT.match(key, p.end)), stop)
        # the parts are the units named one after another, joined by commas and "và": past the last,
        # the clause goes on ("sáp nhập tỉnh An Giang và Kiên Giang, công tác giảm nghèo của tỉnh An Giang …")
        chain = [p for p in places if m.start("parts") <= p.start < stop]
        last = None
        for p in chain:
            if last is not None and not _PARTS_JOINT.fullmatch(key, last.end, p.start):
                break
            last = p
        if last is not None and key[m.start("parts"):chain[0].start].strip():
            last = None  # (words before the first part: keep the clause's end)
        spans.append((m.start("parts"), min(new, last.end) if last is not None else new))
    if not spans:
        return list(places)
    return [p for p in places if not any(a <= p.start < b for a, b in spans)]


_MERGED_LIST_END = rxstore.compile(r"[.;:!?\n\d]|(?<!\w)thành(?!\w)")
_PARTS_JOINT = rxstore.compile(r"\s*(?:,|và|,\s*và)?\s*")  # between two parts of a merged unit
_NEW_UNIT = rxstore.compile(r"\s+mới(?!\w)")
_MERGED_END = rxstore.compile(r"[.;!?\n]|,\s*(?:trong đó|riêng)(?!\w)")


def outside_captions(spans: list[tuple[int, int]], places) -> list:
    """The places not named in a caption."""
    if not spans:
        return list(places)
    return [p for p in places if not any(s <= p.start < e for s, e in spans)]


def own_place(clean: str, places, url: Optional[str], when: Optional[str] = None,
              province_hint: Optional[str] = None, key: Optional[str] = None
              ) -> tuple[Optional[PlaceMention], Optional[PlaceMention]]:
    """(the article's own place, the province "toàn tỉnh"/"tỉnh ta" points to when the text
    names none): see the module's docstring for the order. ``key``: ``clean`` folded, if at hand."""
    outlet = _outlet_province(url, when)
    if outlet is None:
        # a page that reprints another outlet's article names it ("Nguồn: http://baodaklak.vn/…"):
        # that outlet's province
        source = _SOURCE_URL.search(clean)
        outlet = _outlet_province(source.group(1), when) if source is not None else None
    named = default_place(clean, places, outlet, key)
    # (a district's own portal, "babe.gov.vn", also when its province is known from it)
    # (a commune's portal under its province's since July 2025: "yama.gialai.gov.vn")
    unit = (commune_of_host(url, when) or district_of_host(url, when) or new_commune_of_host(url) or
            district_portal(url, places)) \
        if url and outlet is not None else district_portal(url, places) if url else None
    if outlet is None and unit is not None:
        outlet = province_of(unit, places)  # "toàn tỉnh" on a district's own portal: its province
    if unit is not None and (named is None or (named.level == "province" and named.name == unit.province) or
                             (unit.level == "commune" and named.level == "district" and named.name == unit.district) or
                             # one of its communes named most, in a text that speaks of "the district"
                             (unit.level == "district" and named.level == "commune" and named.district == unit.name
                              and _district_unnamed(key or fold(clean), places))):
        named = unit  # a district's portal (thuanthanh.bacninh.gov.vn) writes of its district, a commune's of it
    slug = place_of_slug(url, outlet.name if outlet is not None else province_hint, when) if url else None
    if slug is not None and slug.level == "district":
        # "…/xa-thang-phuoc-huyen-hiep-duc-…": the commune the slug names with its district
        slug = commune_in_slug(url, slug, _slug_cues()["district_types"]) or slug
    if slug is not None and slug.level == "district" and not _district_typed_in_slug(url, slug) and not any(
            p.name in (slug.name, slug.province) or p.province == slug.province for p in places):
        slug = None  # an untyped district inside the title's words, named nowhere in the text, nor its
        # province: common syllables (one that opens the title is its subject: "/phu-luong-tren-190-ty-…")
    if slug is not None and outlet is not None and _province_name(slug) != outlet.name and _donor_only(clean, places, slug, outlet, key):
        slug = None  # "…/hoi-chu-thap-do-tp-ho-chi-minh-ho-tro-…-cho-nguoi-dan-ha-tinh" in Hà Tĩnh's paper: the giver's seat
    if named is not None and named is not COUNTRY and slug is None and outlet is None and unit is None and url and \
            _national_outlet(url) and _whole_body_lead(clean, places):
        # a national outlet whose title and lead give a national body's figures and name no unit
        # ("Ngân hàng Chính sách xã hội gia hạn nợ cho 40.034 khách hàng …"): the country's, though
        # the body names a city's branch further on as an example
        return COUNTRY, outlet
    if named is not None and slug is not None and named is not COUNTRY and named.start >= lead_end(clean) and \
            _RANK.get(named.level, 9) < _RANK.get(slug.level, -1) and slug.name in (named.district, named.province):
        # no unit in the title or lead, the slug's district ("…/thoi-binh-cong-tac-giam-ngheo-…") and
        # one of its communes named further on ("… trên địa bàn xã Tân Phú"): the slug's
        return slug, outlet
    if named is not None and slug is not None and named is not COUNTRY and named.start >= lead_end(clean) and \
            named.level == "province" and slug.level == "district" and slug.province == named.name and \
            _district_typed_in_slug(url, slug):
        # no unit in the title or lead, a district the slug names with its type word
        # ("…/hnd-thanh-pho-tay-ninh-…") and its province named further on: the slug's
        return slug, outlet
    if named is not None:
        if slug is not None and named is not COUNTRY and (
                _province_name(slug) != _province_name(named) or
                slug.level == "province" != named.level and unit is None and _province_typed_in_slug(url, slug)
                and not _unit_of_named_in_slug(url, named)):
            # the slug the outlet wrote beats a province a banner or menu named, and a province it
            # names with its type word ("…/hoi-ccb-tinh-lang-son-…") a district the text gives as
            # an example ("Tiêu biểu là Hội CCB huyện Hữu Lũng …")
            return slug, outlet
        if slug is not None and slug.level == "district" and named.level == "province" and \
                slug.province == named.name and _district_typed_in_slug(url, slug) and \
                _cues()["district_spoken_of"].search(key or fold(clean)):
            # a district the slug names with its type word ("…/huyen-cu-chi-dat-chuan-…"), in the
            # province the text names, and a text that speaks of "the district": the district's
            return slug, outlet
        return named, outlet
    if slug is not None:
        return slug, outlet
    if _national_body(clean, places, provincial_outlet=outlet is not None):
        return COUNTRY, outlet
    if outlet is not None:
        return outlet, outlet
    if url and _national_outlet(url):
        return COUNTRY, None
    return None, None


def _unit_of_named_in_slug(url: str, named) -> bool:
    """The slug spells the district of the commune the text names first, or that district
    ("…-tinh-gia-lai-du-ngay-hoi-dai-doan-ket-tai-huyen-ia-grai" over "… tại làng Nú, xã Ia Khai,
    huyện Ia Grai"): the province in the slug is someone's seat, the place is the text's."""
    district = named.name if named.level == "district" else named.district if named.level == "commune" else None
    if not district:
        return False
    spelled = "-".join(_ascii_words(district))
    return re.search(rf"(?<![a-z0-9]){re.escape(spelled)}(?![a-z0-9])", slug_path(url)) is not None


# "Nguồn: http://baodaklak.vn/channel/…", "Nguồn Bình Phước: http://baobinhphuoc.com.vn/…", "Nguồn:
# www.baobinhdinh.com.vn": the address of the outlet an article was reprinted from
_SOURCE_URL = rxstore.compile(r"(?:^|\n)\s*Nguồn[^\n:]{0,30}:\s*((?:https?://|www\.)[^\s/]+[^\s]*)")


def _donor_only(clean: str, places, slug, outlet, key: Optional[str]) -> bool:
    """Every mention in the text of the province a slug names is the seat of a giver from outside
    the outlet's province ("Hội Chữ thập đỏ TP Hồ Chí Minh hỗ trợ …" in Hà Tĩnh's paper)."""
    key = key if key is not None else fold(clean)
    name = _province_name(slug)
    mentions = [p for p in places if _province_name(p) == name]
    return bool(mentions) and all(foreign_donor(key, clean, p, outlet) for p in mentions)


def _province_typed_in_slug(url: str, province) -> bool:
    """The URL's slug writes "tinh-" before the province's name ("…-tinh-lang-son-…")."""
    return _typed_in_slug(url, province, "tinh")


def _district_typed_in_slug(url: str, district) -> bool:
    """The URL's slug writes a district's type word before its name ("…-huyen-thoi-binh-…"), or
    opens a path segment with it ("/tuy-phong-tong-ket-…")."""
    return _typed_in_slug(url, district, _slug_cues()["district_types"], segment_start=True)


def _typed_in_slug(url: str, place, types: str, segment_start: bool = False) -> bool:
    """The slug writes one of ``types`` (an alternation) right before ``place``'s name, or, with
    ``segment_start``, opens a path segment with the name."""
    from ..nlp.places import _ascii_words

    name = re.escape("-".join(_ascii_words(place.name)))
    before = rf"(?:^|/|(?:^|[-/_])(?:{types})-)" if segment_start else rf"(?:^|[-/_])(?:{types})-"
    return re.search(rf"{before}{name}(?=[-/._]|$)", slug_path(url)) is not None


def _province_name(place) -> Optional[str]:
    return place.name if place.level == "province" else place.province


def _district_unnamed(key: str, places) -> bool:
    """A word for the district with no name after it ("Đến nay, trên địa bàn huyện còn …"); not
    the district named ("hội nghị điểm … của huyện Mường Ảng")."""
    return any(not any(p.start <= m.end() < p.end for p in places)
               for m in _cues()["district_spoken_of"].finditer(key))


def _outlet_province(url: Optional[str], when: Optional[str]) -> Optional[PlaceMention]:
    if not url:
        return None
    ref = province_of_host(url, when)
    return province_mention(ref) if ref is not None else None


def _national_outlet(url: str) -> bool:
    from ..nlp.places import _host_labels
    from ..outlets import outlet_of

    hit = outlet_of(".".join(_host_labels(url)))
    return hit is not None and hit.national


def _national_body(clean: str, places, provincial_outlet: bool) -> bool:
    """A national body's whole figures: the body is named in the lead with no local unit after
    it ("Ngân hàng Chính sách xã hội cho biết"), the text names no unit and points to none. A
    provincial outlet writes of its own branch unless it says the whole system."""
    cues = _cues()
    end = lead_end(clean)
    head = fold(clean[:end])
    named = [p for p in places if not _signing_line(clean, p)]
    if named and (any(p.start < end for p in named) or not _national_scale(head)):
        return False  # (a lead with an amount no province reaches, naming no unit: the units named
        # further on, a borrower's home in a quote, are the article's examples, not its subject)
    key = fold(clean)
    if cues["local"].search(key):
        return False
    if provincial_outlet and not any(not ranked_at(key, m.start()) for m in cues["whole_system"].finditer(key)) \
            and not cues["central_only"].search(head) and not any(
            _CITED.search(head, 0, m.start()) and head.startswith(",", m.end()) for m in cues["bodies"].finditer(head)) \
            and not _national_scale(head):
        return False  # (but "Theo Ngân hàng Chính sách xã hội, tính đến cuối năm 2018, …": the body cited whole)
    # (a provincial outlet that cites a national body's document speaks of its own province: "… theo
    # Nghị quyết số 08 của Thủ tướng Chính phủ với hơn 163.600 lượt lao động được hỗ trợ")
    return _names_national_body(head, issuers=not provincial_outlet) or _national_scale(head)


def _whole_body_lead(clean: str, places) -> bool:
    """A national body, not one's branch, opens a line of the title and lead (as their subject,
    or cited: "Theo …"), and they name no unit."""
    end = lead_end(clean)
    if any(p.start < end for p in places):
        return False
    head = fold(clean[:end])
    cues = _cues()
    if cues["local"].search(head):
        return False
    for line in head.split("\n"):
        at = _LINE_SUBJECT.match(line).end()
        body = cues["bodies"].match(line, at)
        if body is not None and cues["local_after"].match(line, body.end()) is None:
            return True
    return False


def _national_scale(head: str) -> bool:
    """The lead gives an amount or a count no province reaches ("tổng nguồn vốn … đạt trên 212 ngàn
    tỷ đồng", "trên 157.000 tỉ đồng với hơn 6.784 nghìn hộ")."""
    return any(_number(m.group(1)) >= least for pattern, least in _cues()["national"]
               for m in pattern.finditer(head))


def _number(digits: str) -> float:
    """A number written with thousands dots and a decimal comma ("157.000", "6,8")."""
    return float(digits.replace(".", "").replace(",", "."))


def _alt(words) -> str:
    return "|".join(re.escape(fold(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _amount_of(words) -> re.Pattern:
    """A number (its digits in group 1) before one of ``words`` ("212 ngàn tỷ", "6,8 triệu hộ",
    "157.000 tỉ đồng")."""
    return rxstore.compile(rf"(?<![\d.,])(\d{{1,3}}(?:\.\d{{3}})*(?:,\d+)?)\s+(?:{_alt(words)})(?!\w)")


@lru_cache(maxsize=1)
def _cues() -> dict:
    data = load_yaml("document.yaml")
    state = data['national_bodies'] + data['national_offices']  # no branch of the same name
    return {"bodies": rxstore.compile(rf"(?<!\w)(?:{_alt(data['national_banks'] + state)})(?!\w)"),
            "local_after": rxstore.compile(rf"\s*(?:{_alt(data['local_after_body'])})(?!\w)"),
            "province_branch": rxstore.compile(rf"\s*(?:{_alt(data['province_branch_after_body'])})(?!\w)"),
            # (a branch word, then the unit's type word if any, right before the unit)
            "branch_before": rxstore.compile(rf"(?<!\w)(?:{_alt(data['branch_before_unit'])})\s+"
                                             rf"(?:(?:{_alt(load_yaml('places.yaml')['type_words'])})\.?\s+)?$"),
            "local": rxstore.compile(rf"(?<!\w)(?:{_alt(data['local_references'])})(?!\w)"),
            "whole_system": rxstore.compile(rf"(?<!\w)(?:{_alt(data['whole_system'])})(?!\w)"),
            # (a document's word, its number and date, then "của" right before the body)
            "issued_by": rxstore.compile(rf"(?<!\w)(?:{_alt(data['issued_documents'])})(?!\w)"
                                         rf"(?:\s+(?:số\s+)?[\w/.-]*\d[\w/.-]*)?(?:\s+ngày\s+[\d/.-]+)?\s+của\s+$"),
            "caption": rxstore.compile(rf"(?:{_alt(data['caption_marks'])})"),
            "continuation": rxstore.compile(rf"(?:{_alt(data['continuation_openers'])})(?!\w)"),
            "caption_subject": rxstore.compile(rf"(?:{_alt(data['caption_subjects'])})(?!\w)"),
            # (facts.yaml's words of comparison: "so với mục tiêu giảm nghèo của cả nước")
            "national_compared": rxstore.compile(rf"(?<!\w)(?:{_alt(load_yaml('facts.yaml')['compared_with'])})\s*$"),
            "district_spoken_of": rxstore.compile(rf"(?<!\w)(?:{_alt(data['district_spoken_of'])})(?!\w)"),
            # (a rank, then no mark up to the place word: "đứng thứ 2/34 chi nhánh trên cả nước")
            "ranked_in": rxstore.compile(rf"(?<!\w)(?:{_alt(data['ranked_in'])})(?!\w)[^,;:.()!?\n]*$"),
            "merged_from": rxstore.compile(rf"(?<!\w)(?:{_alt(data['merged_from'])})(?!\w)"),
            "merged_list": rxstore.compile(rf"(?<!\w)(?:{_alt(data['merged_words'])})\s+(?:\d+\s+)?"
                                           rf"(?P<parts>(?:{_alt(load_yaml('places.yaml')['type_words'])})(?!\w))"),
            "central_only": rxstore.compile(rf"(?<!\w)(?:{_alt(data['central_only_bodies'] + data['national_offices'])})(?!\w)"),
            # a sentence's head up to a national body as its subject: an outlet's credit, an opener
            # with its comma ("Năm 2023, "), a head word ("Theo tin từ ", "Bộ trưởng, Chủ nhiệm ")
            "national_subject": rxstore.compile(
                rf"{OUTLET_CREDIT}(?:[^,;:\d\n]{{0,30}},\s*)?(?:(?:{_alt(data['national_subject_heads'])})[\s,]+)*"
                rf"(?:{_alt(state + data['central_only_bodies'])})(?!\w)"),
            "donor_verbs": rxstore.compile(rf"(?<!\w)(?:{_alt(data['donor_verbs'])})(?!\w)"),
            # a body's name ending in "Việt Nam" ("Ngân hàng Công thương Việt Nam", facts.yaml's body_heads)
            "national": [(_amount_of(item["words"]), item["least"])
                         for item in data["national_amounts"] + data["national_counts"]],
            "chapters": rxstore.compile(rf"(?<!\w)(?:{_alt(data['chapters_named_viet_nam'])}|"
                                        rf"(?:{_alt(load_yaml('facts.yaml')['body_heads'])})\s[^,.;:()\d\n]{{0,50}}?việt nam)(?!\w)"),
            # "Ngày 14/1, tại " before a place: a day (or a part of one), a comma, a venue word
            "venue": rxstore.compile(rf"(?:^|[\n.!?]\s*)(?:{_alt(data['venue_day_words'])})?[^,.\n]{{0,16}},?\s*"
                                     rf"(?:{_alt(data['venue_words'])})\s+$"),
            "venue_end": rxstore.compile(rf"(?<!\w)(?:{_alt(data['venue_verbs'])})(?!\w)[^,.;\n]{{0,24}}"
                                         rf"(?<!\w)(?:{_alt(data['venue_words'])})\s+$")}


def lead_end(clean: str) -> int:
    """The title and lead: the first 400 characters, or up to the line end after 300."""
    line_end = clean.find("\n", 300)
    return min(len(clean), max(400, line_end))


_ADDRESS_GAP = rxstore.compile(r"\s*[(,–-]\s*")  # "huyện Trà Lĩnh (Cao Bằng", "xã A, tỉnh B" (a mention holds its type word)
_CITED = rxstore.compile(r"(?:^|[\n.]\s*)theo\s+$")  # "Theo " opening a sentence, right before a body cited as the source
_COMPARED_REACH = 30  # characters before "cả nước" where a word of comparison makes it a yardstick
OUTLET_CREDIT = r"(?:\([^()]{1,15}\)\s*[-–—]?\s*)?"  # an outlet's credit before a sentence: "(VOV5) - ", "(BTV) "
_LINE_SUBJECT = rxstore.compile(rf"\s*{OUTLET_CREDIT}(?:theo\s+)?")  # a line's start, past an outlet's credit
_MANY_PROVINCES = 3  # provinces named in a lead that make it the country's
_NATIONAL = rxstore.compile(r"(?<!\w)(?:cả nước|toàn quốc|việt nam)(?!\w)")
# A name in quotes: a campaign's or a movement's ("“Cả nước chung tay vì người nghèo”"), no
# statement of the country's
_QUOTED = rxstore.compile(r"“[^”\n]{0,160}”|\"[^\"\n]{0,160}\"")


def _said_of_country(lead: str) -> bool:
    """The (folded) lead names the country as the subject of something, not only as what a unit is
    measured against ("… so với mục tiêu giảm nghèo của cả nước", "1 trong 2 huyện của cả nước") or
    ranked in ("… đứng thứ 2/34 chi nhánh trên cả nước")."""
    cues = _cues()
    return any(cues["national_compared"].search(lead, max(0, m.start() - _COMPARED_REACH), m.start()) is None and
               not ranked_at(lead, m.start()) for m in _NATIONAL.finditer(lead))


def ranked_at(key: str, pos: int) -> bool:
    """The place word at ``pos`` of the folded ``key`` is the whole a rank is in ("xếp thứ 5 trong
    toàn hệ thống trên cả nước", "đứng thứ 2/34 chi nhánh trên cả nước"): no unit of the figures."""
    return _cues()["ranked_in"].search(key, max(0, pos - _RANKED_REACH), pos) is not None


def default_place(clean: str, places, outlet: Optional[PlaceMention] = None, key: Optional[str] = None) -> object | None:
    """The article's own place: of the units named in the title and lead, the one named most.

    A portal's banner names its province once; an article about a district names the district
    again and again, so counting mentions finds the subject better than taking the first. A
    unit named only further on (one item of a list of districts) is no subject: then the
    outlet's province speaks, if there is one."""
    # a row of a table written with bars ("1 | Thành phố Quy Nhơn | 0,29 | …") is no subject; nor is
    # the seat of a donor from another province than the outlet's ("… được Hội Bảo trợ bệnh nhân
    # nghèo Thành phố Hồ Chí Minh … tài trợ phẫu thuật tim" in Hậu Giang's paper)
    own = outlet if outlet is not None and outlet.level == "province" else None
    if own is not None and key is None:
        key = fold(clean)
    linked = [p for p in places if (p.code is not None or not p.ambiguous) and not _in_bar_row(clean, p.start)
              and not foreign_donor(key, clean, p, own) and not _signing_line(clean, p)]
    head = lead_end(clean)
    # (not "Mặt trận Tổ quốc Việt Nam", nor an organisation's office: "IFAD Việt Nam")
    lead = _cues()["chapters"].sub(" ", fold(_ACRONYM_OFFICE.sub(" ", clean[:head])))
    if _said_of_country(_QUOTED.sub(" ", lead)) and not [p for p in linked if p.start < head]:
        return COUNTRY
    # a sentence of the lead that speaks of several provinces ("Cao Bằng 148 xã, Hà Giang 141 xã;
    # Lào Cai 113 xã …") makes the article the country's, whoever publishes it (not a banner's
    # lines of cities and their weather)
    starts = [a for a, _ in sentences(clean)]
    by_sentence: dict = {}
    for p in linked:
        if p.start < head and p.level == "province":
            by_sentence.setdefault(bisect_right(starts, p.start) - 1, set()).add(p.name)
    if any(len(names) >= _MANY_PROVINCES for names in by_sentence.values()):
        return COUNTRY
    title_end = clean.find("\n")
    title_end = len(clean) if title_end < 0 else title_end
    if outlet is not None and outlet.level == "province" and not any(p.start < title_end for p in places):
        title = fold(clean[:title_end])
        if any(_cues()["province_branch"].match(title, m.end()) for m in _cues()["bodies"].finditer(title)):
            return outlet  # "Ngân hàng Chính sách xã hội Chi nhánh tỉnh: …": the outlet's province's branch
    if outlet is not None:
        in_head = {(p.level, p.code or p.name) for p in linked
                   if p.start < head and not _list_item(clean, starts, p.start)}
        linked = [p for p in linked if (p.level, p.code or p.name) in in_head]
    else:  # the items of a list ("gồm: Thị xã Nghi Sơn 12 xã, Hoằng Hóa 07 xã") are no subject
        items = linked
        linked = [p for p in linked if not _list_item(clean, starts, p.start)]
        if not linked:
            # every unit named is an item of a list: their province is the subject, when they
            # share one and there are several, not the first of them
            provinces = {_province_name(p) for p in items}
            named = {(p.level, p.code or p.name) for p in items}
            if len(provinces) == 1 and None not in provinces and len(named) > 1 and \
                    all(p.level != "province" for p in items):
                return province_of(items[0], places)
            linked = items
    if not linked:
        return None
    score: Counter = Counter()
    first: dict = {}
    # a bare name that a unit named with its type word also bears is that unit ("Đakrông: …" in
    # the title of an article about "huyện Đakrông", not the commune of the same name)
    # (and "Hòa Vang: …" over an article about "xã Hòa Vang", a district's name a commune took in
    # 2025: the one level the text's type words give the name)
    typed = {name_key(p.name): p for p in linked if p.type}
    typed_levels: dict = {}
    for p in linked:
        if p.type:
            typed_levels.setdefault(name_key(p.name), set()).add(p.level)
    prev = None
    for p in linked:
        address = prev is not None and p.name in (prev.province, prev.district) and \
            _ADDRESS_GAP.fullmatch(clean, prev.end, p.start) is not None
        prev = p
        if address:
            continue  # "NHCSXH huyện Trà Lĩnh (Cao Bằng)", "xã Phước Thuận (Tuy Phước)": the unit's address
        if not p.type and name_key(p.name) in typed and typed[name_key(p.name)].level != p.level and \
                (p.level == "commune" or p.level == "district" and len(typed_levels[name_key(p.name)]) == 1):
            p = typed[name_key(p.name)]
        ident = (p.level, p.code or p.name)
        weight = 1.0 + (1.5 if p.start < head else 0.0)
        if p.level != "province" and _listed_with_peer(clean, linked, p):
            weight /= 2  # "2 huyện Trạm Tấu và Mù Cang Chải": one of several, not the subject
        score[ident] += weight
        first.setdefault(ident, p)
    best = max(score, key=lambda i: (score[i], -first[i].start))
    tied = [i for i in score if score[i] == score[best]]
    if len(tied) > 1 and all(first[i].start >= head for i in tied) and \
            len({_province_name(first[i]) for i in tied}) > 1:
        # units of several provinces named once each, none in the title or lead ("nhiều địa phương
        # tăng dư nợ … như Sơn La, Phú Thọ, Nghệ An"): examples, not the article's subject
        return None
    if len(tied) > 1 and len({first[i].level for i in tied}) == 1 and first[best].level != "province" and \
            len({_province_name(first[i]) for i in tied} - {None}) == 1 and \
            all(first[i].name not in (first[j].district, first[j].province) for i in tied for j in tied):
        # several units of one level named as often, none inside another ("huyện Sơn Hà …, huyện Tây
        # Trà …, huyện Trà Bồng"): the article is of the province they share
        return province_of(first[best], places)
    # a unit named as often as the one it lies in ("Phong Điền: Trao tặng bò … ở xã Điền Hương",
    # then "Huyện Phong Điền … trên địa bàn xã Điền Hương"): the narrower one is the subject
    # (not one of several units of its level: "huyện Pác Nặm 35,22%; huyện Ngân Sơn …")
    inside = [i for i in score if score[i] == score[best] and first[best].name in
              (first[i].district, first[i].province) and first[i].name != first[best].name]
    if len(inside) == 1 and not _among_peers(places, starts, first[inside[0]]):
        best = inside[0]
    # a commune of the district the title and lead name, itself named in the lead and nearly as
    # often ("Phòng LĐ-TB&XH huyện Phú Tân phối hợp UBND xã Long Hòa trao dê giống …; … 12 hộ … của
    # xã Long Hòa"): where the event is, the article's place
    inner = [i for i in score if first[i].level == "commune" and first[i].start < head and
             first[best].level == "district" and first[best].name == first[i].district and
             score[i] >= _INNER_SHARE * score[best]]
    if len(inner) == 1 and not _among_peers(places, starts, first[inner[0]]):
        best = inner[0]
    if first[best].start >= head:
        # a unit named only further on, however often ("xã Yên Lãng" in the captions and a family's
        # story), inside one the title or lead names ("trên địa bàn tỉnh Phú Thọ"): the lead's
        wider = [i for i in score if first[i].start < head and
                 first[i].name in (first[best].district, first[best].province)]
        if wider:
            best = max(wider, key=lambda i: (score[i], -first[i].start))
    return first[best]


_INNER_SHARE = 0.6  # of the district's score, a commune inside it needs to be the article's place


_LIST_GAP = rxstore.compile(r"\s*(?:,|;|và|với)\s*", re.IGNORECASE)


def _listed_with_peer(clean: str, places, place) -> bool:
    """Another unit of the same level is named right before or after ``place``, joined by a comma
    or "và": both are items of one list."""
    return any(q.level == place.level and q.name != place.name and
               (_LIST_GAP.fullmatch(clean, q.end, place.start) or _LIST_GAP.fullmatch(clean, place.end, q.start))
               for q in places)


def _among_peers(places, starts: list[int], place) -> bool:
    """Another unit of the same level is named in the sentence of ``place``: one item of a list."""
    i = bisect_right(starts, place.start)
    lo, hi = starts[i - 1] if i > 0 else 0, starts[i] if i < len(starts) else float("inf")
    return any(lo <= p.start < hi and p.level == place.level and p.name != place.name for p in places)


def _venue_of_national_body(clean: str, place) -> bool:
    """"Ngày 14/1, tại Hà Nội, … Chủ tịch Hội đồng Quản trị Ngân hàng Chính sách xã hội Việt Nam chủ
    trì phiên họp", "… phiên họp của Ủy ban Thường vụ Quốc hội diễn ra sáng 17/9 tại Hà Nội.": where
    a national body met, not what its figures are of."""
    follows = clean[place.end:place.end + 1]
    cues = _cues()
    before = fold(clean[max(0, place.start - 40):place.start])
    if follows == "," and cues["venue"].search(before):
        end = clean.find("\n", place.end)
        return _names_national_body(fold(clean[place.end:end if end >= 0 else len(clean)]))
    if follows in (".", "\n", "") and cues["venue_end"].search(before):
        start = max(clean.rfind(".", 0, place.start), clean.rfind("\n", 0, place.start)) + 1
        return _names_national_body(fold(clean[start:place.start]))
    return False


def _names_national_body(text: str, issuers: bool = True) -> bool:
    """``text`` (folded) names a national body, not one's local branch (nor the issuer of a
    document, unless ``issuers``)."""
    cues = _cues()
    return cues["central_only"].search(text) is not None or \
        any(cues["local_after"].match(text, m.end()) is None and
            (issuers or cues["issued_by"].search(text, max(0, m.start() - _ISSUER_REACH), m.start()) is None)
            for m in cues["bodies"].finditer(text))


def _signing_line(clean: str, place) -> bool:
    """The place a document was signed at, on the line that dates it ("Hà Nội, ngày 22 tháng 6 năm
    2017" under a decision's number): no subject of the article."""
    return not clean[clean.rfind("\n", 0, place.start) + 1:place.start].strip() and \
        _SIGNED_AT.match(clean, place.end) is not None


def _in_bar_row(clean: str, pos: int) -> bool:
    """``pos`` is on a line of cells between bars."""
    start = clean.rfind("\n", 0, pos) + 1
    end = clean.find("\n", pos)
    return bar_row(clean, start, end if end >= 0 else len(clean))


def _list_item(clean: str, starts: list[int], pos: int) -> bool:
    """A unit named after a colon in its sentence (``starts``: the sentences' starts) is an item
    of a list ("như: Hải Hậu …")."""
    i = bisect_right(starts, pos) - 1
    return ":" in clean[starts[i] if i >= 0 else 0:pos]


def province_of(place, places):
    """The province of ``place``: named in the text, or a stand-in built from the gazetteer."""
    if place is None or place.level == "country":
        return None
    if place.level == "province":
        return place
    for p in places:
        if p.level == "province" and p.name == place.province:
            return p
    # the province is not named: build a mention-less stand-in from the linker (the unit of the
    # lists the place belongs to, so it has its era and code like any mention)
    from ..nlp.places import PlaceMention, province_by_code
    listed = province_by_code(getattr(place, "structure", None), place.province_code, at=place.start)
    if listed is not None:
        return listed
    if place.province:
        return PlaceMention(start=place.start, end=place.start, name=place.province, type="tỉnh",
                            level="province", code=place.province_code, province=place.province,
                            province_code=place.province_code, district=None, current=None)
    return None


def district_of(place, places):
    """The district of the commune ``place``: named in the text, or a stand-in built from the gazetteer."""
    if place is None or place.level != "commune" or not place.district:
        return None
    for p in places:
        if p.level == "district" and p.name == place.district and p.province == place.province:
            return p
    from ..nlp.places import district_by_code
    return district_by_code(place.district_code, at=place.start)


_SEAT_NAME_BREAK = rxstore.compile(r"[\d,;:.()]")  # a number or a mark between a body's head word and a unit


def foreign_donor(key: Optional[str], clean: str, p, own) -> bool:
    """``p`` ends the name of a body from another province than ``own`` (the article's) that gives
    in its sentence ("Hội Bảo trợ bệnh nhân nghèo Thành phố Hồ Chí Minh, … tài trợ" in Hậu Giang's
    paper, "Ngân hàng … chi nhánh Sóc Trăng hỗ trợ"), not one that reports ("Theo Sở Lao động … tỉnh
    Hà Giang, …"): a donor's seat, no place of the figures."""
    if own is None or p.level == "country" or _province_name(p) in (None, own.name) or \
            not body_seat(key, clean, p.start):
        return False
    end = _STOP_IN_SENTENCE.search(key, p.end)
    return _cues()["donor_verbs"].search(key, p.end, end.start() if end else len(key)) is not None


def national_subject(key: str, start: int, end: int) -> bool:
    """The sentence that starts at ``start`` opens with a national body as its subject or source
    (document.yaml's national bodies and offices, not the banks), not a local chapter of it, before ``end``: "Theo Ủy ban Dân
    tộc, năm 2023 …" speaks for the country."""
    cues = _cues()
    m = cues["national_subject"].match(key, start, end)
    return m is not None and not cues["local_after"].match(key, m.end())


def body_seat(key: str, clean: str, start: int) -> bool:
    """The unit (or "Việt Nam") at ``start`` ends the name of a body: a head word ("Hội", "Bệnh
    viện", "Ngân hàng") and a name that starts with a capital right before it ("Hội Bảo trợ bệnh nhân
    nghèo Thành phố Hồ Chí Minh", "Ngân hàng Công thương Việt Nam"). ``key`` is ``clean`` folded."""
    from .cues import cues

    if any(m.start("country") == start for m in _ACRONYM_OFFICE.finditer(clean, max(0, start - _SEAT_REACH), start + _SEAT_REACH)):
        return True  # "IFAD Việt Nam": an organisation's office in the country
    if _cues()["branch_before"].search(key, max(0, start - _SEAT_REACH), start):
        return True  # "… chi nhánh tỉnh Hải Dương", "Phòng giao dịch huyện …": where a branch sits
    head = cues().body_heads.last(key, max(0, start - _SEAT_REACH), start)
    if head is None:
        return False
    name = clean[head.end:start]
    run = longest = 0
    for word in name.split():  # "Hội Chữ thập đỏ Việt Nam phát động trên phạm vi toàn quốc": a clause, no name
        run = run + 1 if word[:1].islower() else 0
        longest = max(longest, run)
    return not _SEAT_NAME_BREAK.search(name) and (not name.strip() or name.strip()[:1].isupper()) and \
        longest < _NAME_LOWER_RUN
