"""`extractor report`: the values as a person reads them, the page's data, the command (files and
a real SQLite file of `watch`). The page in a browser: test_report_page.py."""
import base64
import gzip
import json
import re
from types import SimpleNamespace

import pytest

from extractor import extract
from extractor.cli import main
from extractor.models import Article, CurrentUnit, Evidence, Fact, Location, Time
from extractor.monitor.store import MonitorStore, new_owner
from extractor.report import render_report, report_data
from extractor.report.page import FACT_FIELDS, why_no_facts
from extractor.report.values import chart_x, current_text, place_text, time_text, value_text

TITLE = "Ngân Sơn giải ngân vốn giảm nghèo"
BODY = "Tính đến hết ngày 31/5/2024, huyện Ngân Sơn đã giải ngân 219,94 tỷ\u00a0đồng, đạt 62,95%."
TEXT = TITLE + "\n" + BODY


def fact(indicator="poverty_rate", kind="level", value=None, unit="%", **kw) -> Fact:
    kw.setdefault("evidence", Evidence(start=0, end=1, text="x", sentence="x"))
    return Fact(indicator=indicator, kind=kind, value=value, unit=unit, **kw)


def unpacked(page: str) -> dict:
    blob = re.search(r'<script type="application/octet-stream" id="data">([^<]*)</script>', page).group(1)
    return json.loads(gzip.decompress(base64.b64decode(blob)))


# ------------------------------------------------------------------ values as a person reads them

@pytest.mark.parametrize("f, shown", [
    (fact("funding", value=760_800_000_000, unit="VND"), "760,8 tỷ đồng"),
    (fact("disbursed", value=219_940_000_000, unit="VND", bound="over"), "hơn 219,94 tỷ đồng"),
    (fact("funding", value=1_234_567_890, unit="VND"), "1.234.567.890 đồng"),  # no scale is exact
    (fact("funding", value=500_000_000, unit="VND"), "500 triệu đồng"),
    (fact("poverty_rate", range=(2, 2.5)), "2–2,5 %"),
    (fact("poverty_rate", kind="change", value=-1.48), "−1,48 điểm %"),
    (fact("poverty_rate", kind="change", range=(-3, -2.5)), "−3 – −2,5 điểm %"),
    (fact("credit", kind="change", value=5.04), "+5,04 %"),  # money grows in %, not in points
    (fact("poor_households", value=12345, unit="households", bound="about"), "khoảng 12.345 hộ"),
    (fact("poor_households", kind="change", value=-3450, unit="households"), "−3.450 hộ"),
    (fact("income_per_capita", value=43_500_000, unit="VND/person/year"), "43,5 triệu đồng/người/năm"),
    (fact("income_per_capita", value=644_000, unit="VND/person/month"), "644.000 đồng/người/tháng"),
    (fact("beneficiaries", value=7, unit="widgets"), "7 widgets"),  # an unknown unit as it is
])
def test_values_read_as_written_in_the_press(f, shown):
    assert value_text(f) == shown


@pytest.mark.parametrize("t, shown, x", [
    (Time(year=2023, point="end"), "cuối 2023", 2023.0),
    (Time(year=2024, point="start"), "đầu 2024", 2023.0),  # the start of a year is the end of the last
    (Time(year=2024, date="2024-05-31"), "31/5/2024", 2024 - 1 + 4 / 12 + 31 / 372),
    (Time(year=2024, date="2024-06"), "6/2024", 2024 - 1 + 5 / 12 + 31 / 372),
    (Time(period=(2021, 2025)), "2021–2025", 2025.0),
    (Time(year=2024, period=(2021, 2024)), "2024 (so với 2021)", 2024.0),
    (Time(year=2022, period=(2021, 2025)), "2022 (2021–2025)", 2022.0),
    (Time(), "", None),
])
def test_times_read_as_written_and_sit_on_a_time_axis(t, shown, x):
    assert time_text(t) == shown
    assert chart_x(t) == (None if x is None else pytest.approx(x, abs=1e-3))


def test_places_with_their_province_and_2025_unit():
    district = Location(level="district", name="Pác Nặm", type="huyện", province="Bắc Kạn",
                        current=CurrentUnit(level="province", name="Thái Nguyên", type="tỉnh"))
    assert place_text(district) == "huyện Pác Nặm, Bắc Kạn"
    assert current_text(district) == "tỉnh Thái Nguyên"
    province = Location(level="province", name="Cà Mau", province="Cà Mau",
                        current=CurrentUnit(level="province", name="Cà Mau", type="tỉnh"))
    assert place_text(province) == "tỉnh Cà Mau" and current_text(province) == ""  # unchanged: not repeated
    assert place_text(Location(level="country", name="Việt Nam")) == "cả nước"


def test_why_an_article_has_no_facts():
    assert why_no_facts(Article(id="a", text="Trời hôm nay đẹp.")) == "no numbers"
    assert why_no_facts(Article(id="b", text="Giá xăng tăng 1.200 đồng mỗi lít.")) == "off-topic"
    assert why_no_facts(Article(id="c", text="Huyện họp bàn công tác giảm nghèo ngày 3 tháng này.")) == \
        "numbers, no facts"
    assert why_no_facts(extract(TEXT)) == ""
    # the reason extraction gives comes first
    assert why_no_facts(Article(id="d", text="Giá xăng tăng 1.200 đồng.", reason="no_facts")) == "numbers, no facts"
    assert why_no_facts(Article(id="e", text="Hộ nghèo 1.200.", relevant=False)) == "off-topic"


# ------------------------------------------------------------------ the page's data

def test_data_holds_every_fact_with_its_evidence_and_sentence():
    a = extract(TEXT, id="ngan-son")
    data = unpacked(render_report([a]))
    assert data["texts"] == [a.text]
    assert len(data["facts"]) == len(a.facts) == 2
    pos = {k: i for i, k in enumerate(data["fields"]["fact"])}
    assert list(data["fields"]["fact"]) == list(FACT_FIELDS)
    for row, f in zip(data["facts"], a.facts):
        assert (row[pos["indicator"]], row[pos["value"]]) == (f.indicator, f.value)
        s, e = row[pos["start"]], row[pos["end"]]
        assert a.text[s:e] == f.evidence.text
        assert a.text[row[pos["sent_start"]]:row[pos["sent_end"]]] == f.evidence.sentence
    values = {row[pos["indicator"]]: row[pos["value_text"]] for row in data["facts"]}
    assert values == {"disbursed": "219,94 tỷ đồng", "disbursement_rate": "62,95 %"}


def test_unsafe_links_and_markup_stay_out():
    evil = '<script>alert("x")</script>'
    a = extract(f"{evil} Ngân Sơn\n{BODY}", title=f"{evil} Ngân Sơn")
    a.url = "javascript:alert(1)"
    page = render_report([a], title="</title><script>x</script>")
    assert evil not in page and "<script>x" not in page
    data = unpacked(page)
    assert data["articles"][0][data["fields"]["article"].index("url")] is None
    assert data["articles"][0][data["fields"]["article"].index("title")] == f"{evil} Ngân Sơn"  # as text, in JSON


def test_the_page_needs_nothing_from_outside():
    page = render_report([extract(TEXT)])
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


# ------------------------------------------------------------------ the command

def test_cli_one_bad_input_exits_1_renders_the_rest_and_prints_the_size(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "report.html"
    assert main(["report", str(good), str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.txt" in err
    size = out.stat().st_size
    m = re.search(r"report\.html: ([\d.]+) kB, 1 articles, 2 facts, 1 failed", err)
    assert m and float(m.group(1)) == pytest.approx(size / 1000, abs=0.06)
    data = unpacked(out.read_text(encoding="utf-8"))
    assert [row[1] for row in data["articles"]] == [TITLE]
    assert data["failures"][0][0].endswith("bad.txt")


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    assert main(["report", str(good), "-o", str(tmp_path / "no" / "such" / "dir.html")]) == 2
    assert "cannot write" in capsys.readouterr().err
    not_db = tmp_path / "notes.db"
    not_db.write_text("hello", encoding="utf-8")
    assert main(["report", "--from-db", str(not_db)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"extractor report: {not_db} is not an SQLite file (expected the db of 'extractor watch --db')"]
    assert not_db.read_text(encoding="utf-8") == "hello"  # left as it was
    assert main(["report", "--from-db", str(tmp_path / "missing.db")]) == 2
    assert "missing.db" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["report", "--no-such-option"])
    assert exc.value.code == 2


def _stored_db(path, articles, failed_url):
    """A real db of `watch`: URLs polled, claimed, stored (or failed) through the store's own calls."""
    with MonitorStore(path, max_attempts=1) as store:
        store.add_source("http://news.test/rss", "feed")
        source = store.sources()[0]
        urls = [f"http://news.test/{a.id}" for a in articles] + [failed_url]
        store.record_poll(source, [SimpleNamespace(url=u, title=None, published=None) for u in urls], None)
        owner = new_owner()
        for a in articles:
            store.store_article(store.claim(owner), owner, a)
        assert store.record_failure(store.claim(owner), owner, "HTTP 404", permanent=True) == "failed"


def test_from_db_shows_what_watch_stored(tmp_path, capsys):
    stored = [extract(TEXT, id="ngan-son", url="http://news.test/ngan-son"),
              extract("Giá xăng tăng 1.200 đồng mỗi lít.", id="xang", url="http://news.test/xang")]
    db = tmp_path / "news.db"
    _stored_db(db, stored, "http://news.test/gone")
    out = tmp_path / "r.html"
    assert main(["report", "--from-db", str(db), "-o", str(out)]) == 1  # the failed URL is named
    assert "2 articles, 2 facts, 1 failed" in capsys.readouterr().err
    data = unpacked(out.read_text(encoding="utf-8"))
    fields = data["fields"]["article"]
    assert [r[fields.index("id")] for r in data["articles"]] == ["ngan-son", "xang"]
    assert [r[fields.index("why_no_facts")] for r in data["articles"]] == ["", "off-topic"]
    assert data["texts"] == [a.text for a in stored]
    assert data["failures"] == [["http://news.test/gone", "HTTP 404"]]
    assert len(data["facts"]) == len(stored[0].facts)


def test_tag_html(capsys):
    from bs4 import BeautifulSoup

    assert main(["tag", BODY, "--html"]) == 0
    soup = BeautifulSoup(capsys.readouterr().out, "html.parser")
    assert sorted(m.get_text() for m in soup.select("div.entities mark")) == sorted(
        ["Tính đến hết ngày 31/5/2024", "huyện Ngân Sơn", "219,94 tỷ\u00a0đồng", "62,95%"])
    assert soup.select_one("div.entities").get_text() == BODY
    assert main(["tag", "đạt 62,95%", "--compact"]) == 0
    assert '"text": "62,95%"' in capsys.readouterr().out.replace('":"', '": "')
