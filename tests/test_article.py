"""Reading articles out of HTML: test pages served by a real local HTTP server, encodings, dates."""
from __future__ import annotations

import os
import unicodedata
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from localserver import serving

from extractor.article import DecodeError, choose_adapter, decode_html, load_adapters, parse_date, parse_html
from extractor.article.evaluate import leftover_boilerplate, line_prf, load_cases, token_prf
from extractor.article.html import byline_name, is_outlet_name
from extractor.fetch import FetchSettings, Fetcher, iter_warc_pages
from extractor.fetch.cli import main as fetch_main

PAGES = Path(__file__).parent / "pages"
CASES = {c.name: c for c in load_cases(PAGES)}
LAYOUTS = {"provincial", "ministry", "sharepoint", "national", "mobile", "generic"}
TONES = {"\u0300": 0, "\u0301": 1, "\u0303": 2, "\u0309": 3, "\u0323": 4}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes: base letters precomposed where the code page has them, tones combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + tone).encode("cp1258")
    return bytes(out)


def _variants() -> dict[str, tuple[bytes, str]]:
    """path -> (body, content type) served by the test server."""
    served = {}
    for name, case in CASES.items():
        served[f"/pages/{name}.html"] = (case.html_path.read_bytes(), "text/html; charset=utf-8")
    source = CASES["provincial_baobackan"].html_path.read_text(encoding="utf-8")
    as_1258 = source.replace('<meta charset="utf-8">', '<meta charset="windows-1258">')
    served["/enc/cp1258-meta.html"] = (to_cp1258(as_1258), "text/html")
    served["/enc/cp1258-header.html"] = (to_cp1258(source.replace('<meta charset="utf-8">', "")),
                                         "text/html; charset=windows-1258")
    no_meta = source.replace('<meta charset="utf-8">', "")
    served["/enc/utf16-bom.html"] = (no_meta.encode("utf-16"), "text/html")
    served["/enc/utf16be-header.html"] = (no_meta.encode("utf-16-be"), "text/html; charset=utf-16")
    served["/enc/wrong-header.html"] = (source.encode("utf-8"), "text/html; charset=iso-8859-1")
    return served


SERVED = _variants()


class PageHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            body, ctype, status = b"User-agent: *\nAllow: /\n", "text/plain", 200
        elif self.path in SERVED:
            (body, ctype), status = SERVED[self.path], 200
        else:
            body, ctype, status = b"not found", "text/plain", 404
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    with serving(PageHandler) as url:
        yield url


@pytest.fixture(scope="module")
def fetcher():
    with Fetcher(FetchSettings(allow_private=True, min_interval=0.0, max_retries=0)) as f:
        yield f


def _check(art, exp):
    assert art.title == exp["title"]
    assert art.published == exp["published"]
    assert art.author == exp["author"]
    assert art.lead == exp["lead"]
    assert token_prf(art.body, exp["body"])[2] >= 0.95
    assert line_prf(art.body, exp["body"])[2] >= 0.95
    assert leftover_boilerplate(art, exp) == []
    assert art.captions == exp["captions"]
    assert not set(art.captions) & set(art.body)  # captions kept apart from the body
    assert art.text.split("\n") == [exp["lead"], *art.body]


def test_layouts_covered():
    assert {c.expected["adapter"] for c in CASES.values()} == LAYOUTS
    assert {a.name for a in load_adapters()} >= LAYOUTS


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_over_http(server, fetcher, name):
    case = CASES[name]
    res = fetcher.fetch(f"{server}/pages/{name}.html")
    art = parse_html(res.body, url=case.expected["url"], content_type=res.content_type)
    assert art.adapter == case.expected["adapter"]
    _check(art, case.expected)
    assert art.url == case.expected["url"] and art.source


@pytest.mark.parametrize("name", sorted(CASES))
def test_layout_recognised_on_unknown_host(server, fetcher, name):
    # served from 127.0.0.1 the host says nothing: the page signature picks the layout
    case = CASES[name]
    url = f"{server}/pages/{name}.html"
    art = parse_html(fetcher.fetch(url).body, url=url)
    assert art.adapter == case.expected["adapter"]
    _check(art, case.expected)
    assert art.source and art.url == url


@pytest.mark.parametrize("path", ["/enc/cp1258-meta.html", "/enc/cp1258-header.html", "/enc/utf16-bom.html",
                                  "/enc/utf16be-header.html", "/enc/wrong-header.html"])
def test_encodings(server, fetcher, path):
    case = CASES["provincial_baobackan"]
    res = fetcher.fetch(server + path)
    if "cp1258" in path:
        assert "Bể".encode("utf-8") not in res.body and b"B\xea\xd2" in res.body  # really combining tones
    art = parse_html(res.body, url=case.expected["url"], content_type=res.content_type)
    _check(art, case.expected)
    assert unicodedata.is_normalized("NFC", art.text)


def test_warc_round_trip(server, tmp_path):
    names = sorted(CASES)
    code = fetch_main(["fetch", *[f"{server}/pages/{n}.html" for n in names], server + "/enc/cp1258-header.html",
                       "-o", str(tmp_path), "--allow-private", "--rate", "1000"])
    assert code == 0
    pages = list(iter_warc_pages(next(tmp_path.glob("*.warc.gz"))))
    assert len(pages) == len(names) + 1
    for page in pages:
        name = page.url.rsplit("/", 1)[1].removesuffix(".html")
        case = CASES.get(name, CASES["provincial_baobackan"])
        art = parse_html(page.body, url=page.url, content_type=page.content_type)
        assert art.title == case.expected["title"] and art.published == case.expected["published"]


def test_truncated_html_still_reads():
    case = CASES["ministry_laodongxahoi"]
    html = case.html_path.read_text(encoding="utf-8")
    cut = html[: html.index("Ngân hàng Chính sách xã hội chi nhánh tỉnh") + 20]
    art = parse_html(cut, url=case.expected["url"])
    assert art.title == case.expected["title"] and art.published == case.expected["published"]
    assert art.body[:2] == case.expected["body"][:2]


def test_decode_errors():
    with pytest.raises(DecodeError):
        decode_html(os.urandom(4096) + b"\0" * 512)
    with pytest.raises(DecodeError):
        decode_html(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(DecodeError):
        parse_html(b"\x00\x01\x02\x03" * 500)


def test_decode_rules():
    text = "<p>Giảm nghèo bền vững</p>"
    assert decode_html(b"\xef\xbb\xbf" + text.encode(), "text/html; charset=windows-1252") == text  # BOM wins
    assert decode_html(text.encode("utf-8"), "text/html; charset=ISO-8859-1") == text  # weak label
    assert decode_html(("<meta charset=windows-1258>" + text).encode("utf-8").replace(
        text.encode(), to_cp1258(text))).endswith(text)
    assert decode_html(text.encode("utf-16-le")) == text  # no BOM, no label: NUL pattern
    page = CASES["provincial_baobackan"].html_path.read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
    assert decode_html(to_cp1258(page)) == page  # nothing declared: detection
    assert decode_html(b"") == ""


@pytest.mark.parametrize("text,expected", [
    ("04:39 PM 27/07/2024", "2024-07-27T16:39"),
    ("12:05 AM 01/08/2024", "2024-08-01T00:05"),
    ("(Cập nhật lúc: 20/03/2020 10:43:46)", "2020-03-20T10:43:46"),
    ("Thứ Bảy, 27/07/2024", "2024-07-27"),
    ("27/07/2024 16:39", "2024-07-27T16:39"),
    ("Thứ bảy, 27/7/2024, 16:39 (GMT+7)", "2024-07-27T16:39"),
    ("16:39 | 27/07/2024", "2024-07-27T16:39"),
    ("Ngày 5 tháng 9 năm 2023", "2023-09-05"),
    ("2024-07-27T09:39:00Z", "2024-07-27T16:39:00+07:00"),
    ("2024-07-27", "2024-07-27"),
    ("Lượt xem: 1.245", None),
    ("31/02/2024", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_date_formats_from_adapter():
    assert parse_date("Đăng lúc 04:39 CH 27/07/2024", ["%I:%M %p %d/%m/%Y"]) == "2024-07-27T16:39"


@pytest.mark.parametrize("line,name", [
    ("Thu Hương", "Thu Hương"), ("Hương Dịu", "Hương Dịu"), ("Nguyễn Thị Thu Hà", "Nguyễn Thị Thu Hà"),
    ("Bài, ảnh: Hương Dịu", "Hương Dịu"), ("Bài và ảnh: Ngọc Hà (TTXVN)", "Ngọc Hà"), ("Tin: Hoa", "Hoa"),
    ("Tỷ lệ hộ nghèo giảm mạnh.", None), ("Ông Nguyễn Văn An cho biết thêm", None), ("Theo TTXVN", None),
    ("Hương", None),
])
def test_byline_name(line, name):
    assert byline_name(line) == name


def test_adapter_choice():
    from bs4 import BeautifulSoup
    plain = BeautifulSoup("<html><body><p>x</p></body></html>", "lxml")
    choose = lambda host, soup=plain, raw="": choose_adapter(host, soup, raw).name  # noqa: E731
    assert choose("www.baotintuc.vn") == "national"
    assert choose("m.baotintuc.vn") == "mobile"
    assert choose("sonoivu.backan.gov.vn") == "sharepoint"
    assert choose("example.com") == "generic"
    assert choose("caobang.gov.vn", plain, "<a>Skip Ribbon Commands</a>") == "sharepoint"
    amp = BeautifulSoup("<html amp><body></body></html>", "lxml")
    assert choose(None, amp) == "mobile"


def test_not_an_article_does_not_crash():
    art = parse_html("<html><body><nav>Trang chủ</nav></body></html>")
    assert art.body == [] and art.title is None and art.published is None


def test_wrappers_survive_substring_drop_selectors():
    # real SharePoint portals wrap the whole page in <form id="aspnetForm">; themes put "menu" on <body>
    case = CASES["sharepoint_backan_gov"]
    html = case.html_path.read_text(encoding="utf-8")
    html = html.replace('<div id="s4-workspace">', '<form id="aspnetForm2"><div id="s4-workspace" class="share-menu-wrap">')
    html = html.replace("</body>", "</form></body>").replace("<body ", '<body class="menu-open" ')
    _check(parse_html(html, url=case.expected["url"]), case.expected)
    case = CASES["generic_unknown"]
    html = case.html_path.read_text(encoding="utf-8").replace("<main>", '<main><div class="social-wrapper">')
    html = html.replace("</main>", "</div></main>")
    _check(parse_html(html, url=case.expected["url"]), case.expected)


def test_author_from_byline_element():
    case = CASES["generic_unknown"]
    html = case.html_path.read_text(encoding="utf-8").replace('<meta name="author" content="Lan Anh">', "")
    art = parse_html(html, url=case.expected["url"])
    assert art.author == "Lan Anh" and art.published == case.expected["published"]


def test_the_element_index_selects_what_soup_select_selects():
    """Every selector of every adapter, on every test page: the index finds exactly the elements
    ``soup.select`` finds, in the same order (it only looks at fewer of them)."""
    from bs4 import BeautifulSoup

    from extractor.article.html import _ALWAYS_DROP
    from extractor.article.select import ElementIndex

    selectors = {_ALWAYS_DROP, "time[datetime], [itemprop=datePublished]", "figure", "h1", "p"}
    for adapter in load_adapters():
        selectors.update(adapter.signatures, adapter.drop, *adapter.selectors.values())
    for case in CASES.values():
        soup = BeautifulSoup(case.html_path.read_bytes(), "lxml")
        index = ElementIndex(soup)
        article = soup.find("article") or soup.body
        for sel in sorted(selectors):  # by identity: Tag's == compares markup
            assert list(map(id, index.select(sel))) == list(map(id, soup.select(sel))), (case.name, sel)
            assert list(map(id, index.select(sel, article))) == list(map(id, article.select(sel))), (case.name, sel)


_NO_DATE_PAGE = """<html><head><meta charset="utf-8"><title>Bản Pù Quăn đổi thay</title></head><body>
<main><article><h1>Bản Pù Quăn đổi thay nhờ vốn vay ưu đãi</h1>
<p>Năm nay, bản Pù Quăn có thêm 23 hộ thoát nghèo nhờ vốn vay ưu đãi của Ngân hàng Chính sách xã hội.</p>
<figure><img src="https://cdn.example.vn/uploads/2021/03/15/pu-quan.jpg"><figcaption>Đàn bò của chị Lò Thị Xuân.</figcaption></figure>
<p>Tổng dư nợ tại bản đạt 4,6 tỷ đồng, với 118 hộ còn dư nợ, không có nợ quá hạn.</p>
<p>Người dân dùng vốn nuôi bò, trồng quế và mở cửa hàng nhỏ ở trung tâm xã.</p>
</article></main></body></html>"""


def test_no_date_from_an_image_path():
    # the only date on the page is in an image path: no publication date, unless the URL has one
    import extractor
    assert parse_html(_NO_DATE_PAGE, url="https://baovungcao.example/kinh-te/ban-pu-quan").published is None
    assert extractor.extract(_NO_DATE_PAGE, url="https://baovungcao.example/kinh-te/ban-pu-quan").published is None
    dated = extractor.extract(_NO_DATE_PAGE, url="https://baovungcao.example/2024/05/06/ban-pu-quan")
    assert dated.published == "2024-05-06"


@pytest.mark.parametrize("name,outlet", [
    ("Báo Lào Cai", True), ("TUOI TRE ONLINE", True), ("NLD.COM.VN", True), ("VietNamNet News", True),
    ("Pháp Luật Plus", True), ("baochinhphu.vn", True), ("Phan Minh Quân", False), ("Thanh Hằng", False),
])
def test_outlet_names_are_no_bylines(name, outlet):
    assert is_outlet_name(name) == outlet


def test_outlet_name_known_from_the_page():
    # "Báo Hòa Bình" has no outlet word once "Báo" is gone: the page's site name and host tell
    html = ("<html><head><meta property='og:site_name' content='Báo Hòa Bình điện tử'>"
            "<meta name='author' content='Hòa Bình'></head><body><h1>Xã Tân Lạc có thêm 40 hộ thoát nghèo</h1>"
            "<div class='content'><p>Năm 2024, xã có thêm 40 hộ thoát nghèo.</p></div></body></html>")
    assert parse_html(html, url="https://baohoabinh.com.vn/a-123.htm").author is None
    html = html.replace("content='Hòa Bình'", "content='Bùi Minh'")
    assert parse_html(html, url="https://baohoabinh.com.vn/a-123.htm").author == "Bùi Minh"


def test_visible_headline_wins_over_og_title_and_portal_title():
    html = ("<html><head><title>Tin tức - Sự kiện</title><meta property='og:title' content='Tin tức - Sự kiện'>"
            "</head><body><header><h1 class='logo'>Cổng thông tin điện tử tỉnh</h1></header>"
            "<div class='news-title'>Tỉnh giảm 1,2% hộ nghèo trong năm 2024</div>"
            "<div class='content'><p>Tỷ lệ hộ nghèo toàn tỉnh còn 3,1%.</p></div></body></html>")
    assert parse_html(html).title == "Tỉnh giảm 1,2% hộ nghèo trong năm 2024"
    html = html.replace("<div class='news-title'>", "<h1>").replace("2024</div>", "2024</h1>").replace(
        "content='Tin tức - Sự kiện'", "content='Giảm nghèo: kết quả năm 2024'")
    assert parse_html(html).title == "Tỉnh giảm 1,2% hộ nghèo trong năm 2024"


def test_headline_in_the_article_header_not_the_site_header():
    html = ("<html><head><meta property='og:title' content='Giảm nghèo: tin vắn'></head><body>"
            "<header><h1 class='site'>Báo điện tử Tỉnh Nhà</h1></header><article><header>"
            "<h1>Tỉnh có thêm 300 hộ thoát nghèo</h1></header><div class='content'><p>Tỷ lệ hộ nghèo còn 2%.</p>"
            "</div></article></body></html>")
    assert parse_html(html).title == "Tỉnh có thêm 300 hộ thoát nghèo"


def test_a_section_name_in_h1_is_no_headline():
    # a portal heads every page with its section in <h1>: the og:title, then a title block, win
    html = ("<html><head><title>Tin tức - Sự kiện</title>{og}</head><body><h1>Tin tức - Sự kiện</h1>"
            "<div class='news-title'>Huyện vùng cao có thêm 120 hộ thoát nghèo</div>"
            "<div class='content'><p>Tỷ lệ hộ nghèo còn 9,5%.</p></div></body></html>")
    og = "<meta property='og:title' content='Thêm 120 hộ thoát nghèo ở huyện vùng cao'>"
    assert parse_html(html.format(og=og)).title == "Thêm 120 hộ thoát nghèo ở huyện vùng cao"
    assert parse_html(html.format(og="")).title == "Huyện vùng cao có thêm 120 hộ thoát nghèo"
