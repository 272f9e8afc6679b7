"""The document stage: publication date and own place from the text, the URL and the outlet."""
import json

import pytest

import extractor
from extractor.evaluate import core_key
from extractor.facts.document import caption_spans, dateline_date, url_date
from extractor.patterns import HERE
from conftest import fact_agrees


def _rows():
    rows = []
    for no, line in enumerate((HERE / "document.corpus.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        text, meta, expected = line.split("\t")
        rows.append((no, text.replace("\\n", "\n"), json.loads(meta), json.loads(expected)))
    return rows


ROWS = _rows()


@pytest.mark.parametrize("no,text,meta,expected", ROWS, ids=[f"line{r[0]}" for r in ROWS])
def test_document_corpus(no, text, meta, expected):
    facts = [f.model_dump() for f in extractor.extract(text, **meta).facts]
    assert {core_key(f) for f in facts} == {core_key({"range": None, **e}) for e in expected}, facts
    for e in expected:
        cands = [f for f in facts if core_key(f) == core_key({"range": None, **e})]
        assert any(fact_agrees(e, f) for f in cands), f"line {no}: {e}\n{cands}"


@pytest.mark.parametrize("url,span", [
    ("https://x.vn/tong-ket-giam-ngheo-giai-doan-20162020.aspx", ((2016, 2020), None, None)),
    ("https://x.vn/ket-qua-giai-doan-2021-2025-cua-huyen.html", ((2021, 2025), None, None)),
    ("https://x.vn/ket-qua-ra-soat-ho-ngheo-dau-ky-theo-chuan-ngheo-da-chieu-giai-doan-2022-2025-425.html", (None, 2022, "start")),
    ("https://x.vn/ho-ngheo-cuoi-ky-giai-doan-2016-2020.html", (None, 2020, "end")),
    ("https://x.vn/ho-ngheo-theo-chuan-ngheo-da-chieu-giai-doan-2022-2025.html", None),  # the standard's span
    ("https://x.vn/quang-nam-giai-ngan-20231228103635994.htm", None),  # a date, no span
    ("https://x.vn/giai-doan-2016-2040.html", None),  # no programme runs thirty years
    (None, None)])
def test_slug_times(url, span):
    from extractor.facts.document import slug_time

    got = slug_time(url)
    assert (None if got is None else (got.period, got.year, got.point)) == span


@pytest.mark.parametrize("url,date", [
    ("http://baolamdong.vn/kinhte/202003/da-teh-ty-le-2995124/", "2020-03"),
    ("https://dantri.com.vn/an-sinh/quang-nam-giai-ngan-20231228103635994.htm", "2023-12-28"),
    ("https://example.vn/2019/06/12/bai-viet.html", "2019-06-12"),
    ("https://example.vn/kinh-te/2021/07/bai-viet.html", "2021-07"),
    ("https://nhandan.vn/ty-le-ho-ngheo-o-yen-bai-giam-con-hon-7-post675636.html", None),
    ("http://example.vn/dak-nong-giai-ngan-nhanh-von-vay-19-10-2009/", "2009-10-19"),
    # a section number, then the stamp with a two-digit year: 2023-11-15 08:41:15
    ("https://example.vn/bac-giang-trao-hoc-bong-17923111508411557.htm", "2023-11-15"),
    ("https://example.vn/ho-ngheo-tai-tp-hcm-196251005085707835.htm", "2025-10-05"),
    ("https://example.vn/bai-viet-123456789012345678.htm", None),  # an id, no valid stamp
])
def test_url_dates(url, date):
    assert url_date(url) == date


@pytest.mark.parametrize("text,date", [
    ("Quảng Nam có 37.819 hộ nghèo\n\nThứ năm, 05/01/2023 13:04\nNgày 4-1, UBND tỉnh", "2023-01-05T13:04"),
    ("Tiêu đề\nCập nhật lúc 09:07, Thứ Ba, 01/08/2017 (GMT+7)\nDoanh số", "2017-08-01T09:07"),
    ("Đến 30/6/2024, toàn tỉnh còn 4.000 hộ nghèo.", None),  # a sentence that names a date
    ("Năm 2023\nTỷ lệ hộ nghèo còn 3%.", None),  # a year heading dates nothing
    # a banner's day before the title, the article's day and hour after it: the article's
    ("HOTLINE: 0912.345.678 Thứ hai, ngày 04/03/2015\nTiêu đề\n09/05/2018 | 08:15\nDoanh số", "2018-05-09T08:15"),
    ("Tiêu đề\nKhoa Điềm/VOV-Tây Nguyên | 04/04/2025, 13:35\nNội dung", "2025-04-04T13:35"),  # byline | day
    ("Tiêu đề\nViệt NamViệt Nam28/09/2023\nĐBP - Nội dung", "2023-09-28"),  # a day glued to a short line
    # a banner's day and hour above the title, the byline's under it: the byline's
    ("Chuyên trang\nThứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27\nQuảng Ngãi: Hỗ trợ hộ nghèo làm nhà ở\n"
     "Minh Anh - 17:35, 08/11/2023\nNội dung", "2023-11-08T17:35"),
    # the same with a byline of three names and more: the part after its dash
    ("Chuyên trang\nThứ Sáu, ngày 23 tháng 08 năm 2019, 09:25:27\nHà Giang: Hỗ trợ hộ nghèo làm nhà ở\n"
     "Trần Văn Bình-CĐ - 10:34, 28/05/2021\nNội dung", "2021-05-28T10:34"),
    # two such lines above the title (the day the page was read, then the article's): the earlier
    ("Thứ Bảy, 02/03/2024 07:10\nThứ Tư, 12/06/2019 16:45\n\nHuyện hỗ trợ hộ nghèo làm nhà ở\nNội dung",
     "2019-06-12T16:45"),
    # a content system's Vietnamese months: "Th10", "Tháng 11"
    ("Hàng năm tỷ lệ hộ nghèo giảm\n\nĐã đăng vào 7 Th9, 2011 lúc 8:30\n\nNội dung", "2011-09-07T08:30"),
    ("Tiêu đề bài viết\nThứ hai, 13 Tháng 3 2017 10:05\nNội dung", "2017-03-13T10:05"),
    # the page's tools beside the date ("Xem cỡ chữ", "In bài", a share button)
    ("Cổng thông tin điện tử\n\nHuyện hỗ trợ hộ nghèo làm nhà ở năm 2025\n\n14/03/2025 09:12:05 Xem cỡ chữ In bài Zalo\n"
     "Nội dung", "2025-03-14T09:12:05"),
    # the page's cells on the date's line, wide gaps between them ("Lượt xem", a counter)
    ("Tiêu đề bài viết về hộ nghèo\n\n12/09/2022    Lượt xem: 120    In bài viết   Độ tương phản  \n\nNội dung",
     "2022-09-12"),
])
def test_datelines(text, date):
    assert dateline_date(text) == date


def test_the_published_date_found_is_the_articles():
    a = extractor.extract("Thứ Hai, 15/01/2024 08:30\nToàn tỉnh còn 4.015 hộ nghèo.")
    assert a.published == "2024-01-15"
    given = extractor.extract("Thứ Hai, 15/01/2024 08:30\nToàn tỉnh còn 4.015 hộ nghèo.", published="2024-02-01")
    assert given.published == "2024-02-01"


_PROSE = "Năm 2024, huyện đã làm 24 nhà Đại đoàn kết cho hộ nghèo với tổng kinh phí hơn 2,5 tỷ đồng."


@pytest.mark.parametrize("lines, links", [
    # titles of other articles between paragraphs: a list of links
    ([_PROSE, "Quảng Ninh: Hội nghị tổng kết công tác Mặt trận huyện Tiên Yên năm 2024",
      "Thanh Hóa: Trao nhà Đại đoàn kết cho hộ nghèo xã Xuân Du", _PROSE], [1, 2]),
    # one title-like line alone is a heading, not a list
    ([_PROSE, "Quảng Ninh: Hội nghị tổng kết công tác Mặt trận huyện Tiên Yên năm 2024", _PROSE], []),
    # the title and sapo before any prose: the article's own
    (["Si Ma Cai: Trao 24 nhà Đại đoàn kết cho hộ nghèo năm 2024",
      "Huyện Si Ma Cai hoàn thành kế hoạch làm nhà cho hộ nghèo", _PROSE], []),
    # a paragraph broken into lines goes on in lower case
    ([_PROSE, "Tại một số điểm giao dịch đặt tại trụ sở UBND xã mới, lãnh đạo",
      "phòng giao dịch cũng tham gia buổi họp giao ban với cấp xã, nhằm nắm bắt", _PROSE], []),
    # a short line between paragraphs that says who a photo shows: its caption
    ([_PROSE, "Người dân xã Thanh Sơn chăm sóc đàn bò được hỗ trợ.", _PROSE], [1]),
    ([_PROSE, "Cán bộ hướng dẫn hộ dân tại xã Tân Hòa, huyện Lai Vung", _PROSE], [1]),
    # but not a short paragraph about a unit, nor one with a figure
    ([_PROSE, "Xã Thanh Sơn là xã đặc biệt khó khăn của huyện.", _PROSE], []),
    ([_PROSE, "Người dân xã Thanh Sơn có 120 hộ được vay vốn.", _PROSE], []),
    # a line said twice is a photo's text and its caption, but a lead that states amounts, said
    # as the summary and again as the first paragraph, is prose
    ([_PROSE, "Lãnh đạo huyện trao nhà cho hộ nghèo xã Thanh Sơn", "Lãnh đạo huyện trao nhà cho hộ nghèo xã Thanh Sơn",
      _PROSE], [1, 2]),
    (["Từ năm 2016 đến năm 2020, huyện được hỗ trợ 412 tỷ đồng để làm đường, trường học và trạm y tế cho 14 xã "
      "đặc biệt khó khăn.", "Từ năm 2016 đến năm 2020, huyện được hỗ trợ 412 tỷ đồng để làm đường, trường học và "
      "trạm y tế cho 14 xã đặc biệt khó khăn.", _PROSE], []),
    # the title said again before a long caption on its line, credited: the caption
    (["Giảm nghèo bền vững: phân bổ vốn năm 2024 tăng mạnh", _PROSE,
      "Giảm nghèo bền vững: phân bổ vốn năm 2024 tăng mạnh  ảnh 1Gia đình anh Lò Văn Páo, dân tộc Thái ở bản "
      "Nà Lốc, xã Pá Khoang, thành phố Điện Biên Phủ, tỉnh Điện Biên, vay vốn ưu đãi cải tạo ao cá, chăm sóc "
      "vườn cây ăn quả, gia đình có việc làm ổn định. Ảnh: Thanh Hà - TTXVN", _PROSE], [2]),
])
def test_runs_of_link_titles(lines, links):
    text = "\n".join(lines)
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    assert [starts.index(s) for s, _ in caption_spans(text)] == links


def test_a_reprint_names_its_source_outlet_whose_province_is_the_articles():
    """A page that names no province in its host and reprints a provincial paper's article
    ("Nguồn: http://baoquangngai.vn/…") writes of that paper's province ("toàn tỉnh")."""
    text = ("Huy động vốn cho giảm nghèo\n\nNăm 2020, toàn tỉnh đã huy động 1.250 tỷ đồng để thực hiện "
            "Chương trình mục tiêu quốc gia giảm nghèo.\n\nNguồn: http://baoquangngai.vn/channel/2026/202011/huy-dong-von-123.htm\n")
    a = extractor.extract(text, url="https://example-news.vn/tin-tuc/huy-dong-von.html")
    assert [(f.indicator, f.location.name) for f in a.facts] == [("funding", "Quảng Ngãi")]
    a = extractor.extract(text.split("\n\nNguồn")[0], url="https://example-news.vn/tin-tuc/huy-dong-von.html")
    assert [f.location for f in a.facts] == [None]
