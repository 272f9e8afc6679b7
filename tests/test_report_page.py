"""The review page of `extractor report` opened in real headless Chromium (Debian's `chromium`,
driven by playwright with ``executable_path``), offline: every request but the file itself fails.

Needs the browser and the ``playwright`` package: without them these tests skip, and fail in CI
(``CI`` set), where ``.ci/run`` installs the browser.
"""
from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from extractor import extract
from extractor.models import Article, CurrentUnit, Evidence, Fact, Location, Time
from extractor.report import render_report
from extractor.report.values import place_text, value_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
# Chromium is pointed at a dead proxy and a resolver that knows no host: the page must need neither.
OFFLINE_ARGS = ["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND"]

PAC_NAM = Location(level="district", name="Pác Nặm", type="huyện", province="Bắc Kạn",
                   current=CurrentUnit(level="province", name="Thái Nguyên", type="tỉnh"))
CAO_BANG = Location(level="province", name="Cao Bằng", type="tỉnh", province="Cao Bằng")


def written(text: str, quote: str, after: str = "", **kw) -> Fact:
    """A fact whose evidence is ``quote`` in ``text`` (the first one after ``after``)."""
    s = text.index(quote, text.index(after) if after else 0)
    sentence = next(p for p in text.split("\n") if quote in p)
    return Fact(evidence=Evidence(start=s, end=s + len(quote), text=quote, sentence=sentence), **kw)


def rate(text, quote, value, where, time, status="actual", **kw) -> Fact:
    return written(text, quote, indicator="poverty_rate", kind="level", value=value, unit="%",
                   location=where, time=time, status=status, population="all", **kw)


def chart_articles() -> list[Article]:
    """Two places with poverty rates over time: an actual line each, a target, and two sources that
    disagree about Pác Nặm in 2022. Facts that are no level of a place in time stay off the chart."""
    t1 = ("Pác Nặm giảm nghèo\n"
          "Năm 2021, tỷ lệ hộ nghèo huyện Pác Nặm là 30,5%; năm 2022 còn 25,1%.\n"
          "Mục tiêu đến năm 2025 tỷ lệ hộ nghèo còn 15%.\n"
          "Năm 2022 tỷ lệ hộ nghèo giảm 5,4%; tỷ lệ hộ nghèo dân tộc thiểu số 40,2%.\n"
          "Cả nước có tỷ lệ hộ nghèo 4,3%.")
    a1 = Article(id="pac-nam", title="Pác Nặm giảm nghèo", text=t1, source="baobackan.vn", facts=[
        rate(t1, "30,5%", 30.5, PAC_NAM, Time(year=2021)),
        rate(t1, "25,1%", 25.1, PAC_NAM, Time(year=2022)),
        rate(t1, "15%", 15, PAC_NAM, Time(period=(2021, 2025)), status="target"),
        written(t1, "5,4%", indicator="poverty_rate", kind="change", value=-5.4, unit="%", location=PAC_NAM,
                time=Time(year=2022), population="all"),
        written(t1, "40,2%", indicator="poverty_rate", kind="level", value=40.2, unit="%", location=PAC_NAM,
                time=Time(year=2022), population="ethnic_minority"),
        written(t1, "4,3%", indicator="poverty_rate", kind="level", value=4.3, unit="%", time=Time(year=2022)),
    ])
    t2 = ("Cao Bằng và Pác Nặm\n"
          "Năm 2022, tỷ lệ hộ nghèo tỉnh Cao Bằng là 20%, cuối năm 2023 còn 18,2%.\n"
          "Theo một nguồn khác, tỷ lệ hộ nghèo huyện Pác Nặm năm 2022 là 26%.")
    a2 = Article(id="cao-bang", title="Cao Bằng và Pác Nặm", text=t2, source="baocaobang.vn", facts=[
        rate(t2, "20%", 20, CAO_BANG, Time(year=2022)),
        rate(t2, "18,2%", 18.2, CAO_BANG, Time(year=2023, point="end")),
        rate(t2, "26%", 26, PAC_NAM, Time(year=2022)),
    ])
    return [a1, a2]


def overlapping_article() -> Article:
    """Evidence nested in other evidence, the same evidence twice, evidence crossing another's end."""
    text = "Xã Hoà Tú 1 còn 1.234 hộ nghèo và 567 hộ cận nghèo."
    s = text.index("1.234")

    def at(start, end, indicator="poor_households"):
        return Fact(indicator=indicator, kind="level", value=1234, unit="households",
                    evidence=Evidence(start=start, end=end, text=text[start:end], sentence=text))
    return Article(id="overlap", title="Hoà Tú", text=text, facts=[
        at(s, s + 14), at(s, s + 5), at(s, s + 14, "poor_near_poor_households"), at(s + 6, s + 20),
        at(text.index("567"), text.index("567") + 3, "near_poor_households")])


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright

        from extractor.fetch.render import BrowserUnavailableError, find_chromium
        executable = find_chromium()
    except (ImportError, BrowserUnavailableError) as err:
        message = f"cannot open the page: {err} (CI installs chromium in .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=OFFLINE_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    real = [extract((CORPUS / "camau_ra_soat_ho_ngheo_2024.txt").read_text(encoding="utf-8"), id="camau"),
            extract("Ngân Sơn giải ngân vốn giảm nghèo\nTính đến hết ngày 31/5/2024, huyện Ngân Sơn đã giải "
                    "ngân 219,94 tỷ đồng, đạt 62,95%.", id="ngan-son"),
            extract("Trời hôm nay đẹp.", id="weather")]
    return real + chart_articles() + [overlapping_article()]


@pytest.fixture(scope="module")
def report_file(articles, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_report(articles), encoding="utf-8")
    return path


@pytest.fixture
def page(browser, report_file):
    pg = browser.new_page(viewport={"width": 1400, "height": 900})
    problems, requests = [], []
    pg.on("pageerror", lambda err: problems.append(str(err)))
    pg.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    pg.on("request", lambda req: requests.append(req.url))
    pg.goto(report_file.as_uri())
    pg.wait_for_selector("body[data-ready='1']", timeout=20_000)
    yield pg
    assert problems == []
    assert all(u.startswith(("file:", "data:", "blob:")) for u in requests), requests
    pg.close()


def all_facts(articles) -> list[Fact]:
    return [f for a in articles for f in a.facts]


def test_highlight_count_equals_fact_count(page, articles):
    flat = all_facts(articles)
    total, first = 0, 0
    for a in articles:
        if a.facts:
            _open_fact(page, first)
            marks = page.eval_on_selector_all("#article mark.ev", "ms => ms.map(m => +m.dataset.f)")
            assert sorted(marks) == list(range(first, first + len(a.facts)))  # one mark per fact
            assert page.text_content("#article .text") == a.text  # the text whole, nothing added
            for j, f in enumerate(a.facts):  # a mark holds its evidence, unless another's crosses it
                if not any(_crossing(f, g) or _crossing(g, f) for g in a.facts):
                    assert page.text_content(f"#ev-{first + j}") == f.evidence.text
            total += len(marks)
        first += len(a.facts)
    assert total == len(flat)


def _crossing(f: Fact, g: Fact) -> bool:
    return f.evidence.start < g.evidence.start < f.evidence.end < g.evidence.end


def _open_fact(page, k: int) -> None:
    """Open the k-th fact's article from the table, paging through it as a reader would."""
    page.click("#f-clear")
    while not page.query_selector(f"#facts tr[data-f='{k}']"):
        assert page.is_enabled("#p-next")
        page.click("#p-next")
    page.click(f"#facts tr[data-f='{k}'] td.value")
    page.wait_for_selector(f"#article mark#ev-{k}")


def test_overlapping_evidence_nests_and_every_fact_keeps_a_mark(page, articles):
    k = sum(len(a.facts) for a in articles[:-1])
    _open_fact(page, k)
    nested = page.eval_on_selector_all("#article mark.ev mark.ev", "ms => ms.map(m => m.textContent)")
    assert "1.234" in nested and "1.234 hộ nghèo" in nested  # inside the one of the same span
    text = articles[-1].text
    s = text.index("1.234")
    assert page.text_content(f"#ev-{k + 3}") == text[s + 6:s + 14] == "hộ nghèo"  # cut at the end of its host
    assert page.eval_on_selector_all("#article mark.ev", "ms => ms.length") == 5


def test_clicking_a_highlight_shows_its_fact(page, articles):
    flat = all_facts(articles)
    _open_fact(page, 0)
    k = len(articles[0].facts) - 1  # the last of the article, far from the one opened
    page.click(f"#ev-{k}")
    assert page.get_attribute("#fact", "data-f") == str(k)
    f = flat[k]
    assert page.text_content("#fact dd[data-field=indicator]") == f.indicator
    assert page.text_content("#fact dd[data-field=value]").startswith(value_text(f))
    assert f.evidence.text in page.text_content("#fact dd[data-field=evidence]")
    assert page.evaluate(f"document.getElementById('ev-{k}').classList.contains('current')")


def test_highlights_are_reached_and_read_with_the_keyboard(page, articles):
    page.click("#f-clear")
    page.focus("#facts tr[data-f='0']")
    page.keyboard.press("Enter")  # opens the article and puts the focus on the fact's mark
    assert page.evaluate("document.activeElement.id") == "ev-0"
    assert page.get_attribute("#fact", "data-f") == "0"
    page.keyboard.press("Tab")  # the next highlight
    nxt = page.evaluate("document.activeElement.dataset.f")
    assert nxt is not None and nxt != "0"
    assert page.get_attribute("#fact", "data-f") == nxt


def _select_option_starting(page, select: str, text: str) -> str:
    value = page.evaluate("([sel, t]) => [...document.querySelectorAll(sel + ' option')]"
                          ".find(o => o.textContent.startsWith(t)).value", [select, text])
    page.select_option(select, value)
    return value


def _rows(page) -> list[int]:
    return page.eval_on_selector_all("#facts tbody tr[data-f]", "rs => rs.map(r => +r.dataset.f)")


def test_filtering_by_a_place_shows_only_its_rows(page, articles):
    flat = all_facts(articles)
    _select_option_starting(page, "#f-place", "huyện Pác Nặm, Bắc Kạn → tỉnh Thái Nguyên (2025)")
    expected = [k for k, f in enumerate(flat) if f.location == PAC_NAM]
    assert len(expected) == 6
    assert sorted(_rows(page)) == expected
    cells = page.eval_on_selector_all("#facts tbody tr td:nth-child(5)", "ts => ts.map(t => t.textContent)")
    assert set(cells) == {"huyện Pác Nặm, Bắc Kạn→ tỉnh Thái Nguyên"}
    assert page.text_content("#f-count").startswith("6 of")


def test_filters_combine_and_search_forgives_missing_tone_marks(page, articles):
    flat = all_facts(articles)
    _select_option_starting(page, "#f-status", "target")
    assert _rows(page) == [k for k, f in enumerate(flat) if f.status == "target"]
    page.click("#f-clear")
    page.fill("#f-q", "cao bang 18,2")  # every word somewhere in the fact's title, sentence, place
    page.wait_for_function("() => document.querySelector('#f-count').textContent.startsWith('2 of')")
    assert sorted(_rows(page)) == [k for k, f in enumerate(flat) if f.location == CAO_BANG]
    page.click("#f-clear")
    _select_option_starting(page, "#f-province", "Bắc Kạn")  # as written; the 2025 group has Thái Nguyên
    in_bac_kan = [k for k, f in enumerate(flat) if f.location and f.location.province == "Bắc Kạn"]
    assert sorted(_rows(page)) == in_bac_kan and len(in_bac_kan) >= 6
    _select_option_starting(page, "#f-year", "2021")
    assert _rows(page) == [k for k in in_bac_kan if flat[k].time.year == 2021]


def test_sorting_by_value(page, articles):
    flat = all_facts(articles)
    _select_option_starting(page, "#f-place", "tỉnh Cao Bằng")
    page.click("#facts th[data-key=value] button")
    assert _rows(page) == sorted((k for k, f in enumerate(flat) if f.location == CAO_BANG), key=lambda k: flat[k].value)
    page.click("#facts th[data-key=value] button")
    assert page.get_attribute("#facts th[data-key=value]", "aria-sort") == "descending"
    assert [flat[k].value for k in _rows(page)] == [20, 18.2]


def test_a_chart_has_one_series_per_place_with_its_points(page, articles):
    page.click("#tab-charts")
    chart = "svg[data-metric=poverty_rate]"
    page.wait_for_selector(chart)
    series = page.eval_on_selector_all(f"{chart} g.series", """gs => gs.map(g => [g.dataset.place,
        [...g.querySelectorAll('circle')].map(c => [+c.dataset.x, +c.dataset.y, c.dataset.status,
                                                    c.classList.contains('conflict')])])""")
    # camau's own rates are in the chart too: only the two places built here are checked exactly
    got = {place: sorted(map(tuple, points)) for place, points in series}
    assert len(got) == len(series)  # one series per place
    assert got[place_text(PAC_NAM)] == sorted([
        (2021, 30.5, "actual", False), (2022, 25.1, "actual", True), (2022, 26, "actual", True),
        (2025, 15, "target", False)])  # the change, the ethnic-minority rate, the country's: not here
    assert got[place_text(CAO_BANG)] == [(2022, 20, "actual", False), (2023, 18.2, "actual", False)]
    pac = f"{chart} g.series[data-place='{place_text(PAC_NAM)}']"
    assert page.eval_on_selector_all(f"{pac} path.actual", "ps => ps.length") == 1
    assert page.eval_on_selector_all(f"{pac} line.conflict", "ls => ls.length") == 1  # 25,1 vs 26 in 2022
    # a point opens its article at its fact
    page.click(f"{pac} circle[data-x='2021']")
    k = next(k for k, f in enumerate(all_facts(articles)) if f.value == 30.5)
    assert page.get_attribute("#fact", "data-f") == str(k)
    assert not page.is_hidden("#view-facts")


def test_charts_follow_the_filters(page, articles):
    _select_option_starting(page, "#f-province", "Cao Bằng")
    page.click("#tab-charts")
    places = page.eval_on_selector_all("svg[data-metric=poverty_rate] g.series", "gs => gs.map(g => g.dataset.place)")
    assert places == [place_text(CAO_BANG)]


def test_provinces_overview_and_summary(page, articles):
    flat = all_facts(articles)
    page.click("#tab-provinces")
    bars = page.eval_on_selector_all("#provinces button[data-province]",
                                     "bs => bs.map(b => [b.textContent, b.nextElementSibling.nextElementSibling.textContent])")
    counts = dict(bars)
    in_bac_kan = [(a.id, f) for a in articles for f in a.facts if f.location and f.location.province == "Bắc Kạn"]
    assert counts["Bắc Kạn"] == f"{len(in_bac_kan)} facts · {len({i for i, _ in in_bac_kan})} articles"
    page.click("#provinces button[data-province='old:Cao Bằng']")
    assert sorted(_rows(page)) == [k for k, f in enumerate(flat) if f.location == CAO_BANG]
    page.click("#tab-summary")
    summary = page.text_content("#summary")
    assert f"{len(articles)} articles, {len(flat)} facts" in summary
    assert "1 article without facts: 1 no numbers" in summary
    page.click("#summary a[data-article]")  # an article without facts still opens
    assert page.text_content("#article-title") == "Trời hôm nay đẹp."


def test_a_screenshot_is_not_blank(page, browser):
    _open_fact(page, 0)
    png = page.screenshot()
    # the browser itself decodes the picture: distinct colours and the share of non-white pixels
    probe = browser.new_page()
    stats = probe.evaluate("""async src => {
        const img = new Image(); img.src = src; await img.decode();
        const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        const d = g.getImageData(0, 0, c.width, c.height).data, colours = new Set();
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) {
            colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
            if (d[i] + d[i + 1] + d[i + 2] < 600) ink++;
        }
        return [colours.size, ink / (d.length / 4), c.width, c.height];
    }""", "data:image/png;base64," + base64.b64encode(png).decode())
    probe.close()
    colours, ink, width, height = stats
    assert (width, height) == (1400, 900)
    assert colours > 50 and ink > 0.03
