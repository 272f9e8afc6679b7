"""`extractor report`: the HTML page read back with BeautifulSoup, as a browser would see it."""
import unicodedata

import pytest
from bs4 import BeautifulSoup

from extractor import extract
from extractor.cli import main
from extractor.models import Article, Evidence, Fact
from extractor.report import render_report

TITLE = "Ngân Sơn giải ngân vốn giảm nghèo"
BODY = "Tính đến hết ngày 31/5/2024, huyện Ngân Sơn đã giải ngân 219,94 tỷ\u00a0đồng, đạt 62,95%."
TEXT = TITLE + "\n" + BODY


def soup_of(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def marks_of(section) -> list[str]:
    return [m.get_text() for m in section.select("div.entities mark")]


def evidence_checked(soup, article: Article) -> list[str]:
    """Each fact row links to an element whose text is exactly the fact's evidence."""
    rows = soup.select("tr[id]")
    assert len(rows) == len(article.facts)
    texts = []
    for row, fact in zip(rows, article.facts):
        target = soup.find(id=row.select_one("a[href]")["href"][1:])
        assert target is not None and target.name == "mark"
        assert target.get_text() == fact.evidence.text == article.text[fact.evidence.start:fact.evidence.end]
        assert target.select_one("a")["href"] == f"#{row['id']}"  # and back to the row
        texts.append(target.get_text())
    return texts


@pytest.fixture(scope="module")
def article():
    return extract(TEXT)


def test_every_fact_links_to_its_exact_evidence(article):
    soup = soup_of(render_report([article]))
    assert [f.indicator for f in article.facts] == ["disbursed", "disbursement_rate"]
    assert evidence_checked(soup, article) == ["219,94 tỷ\u00a0đồng", "62,95%"]


def test_amounts_times_places_show_as_written(article):
    section = soup_of(render_report([article])).select_one("section")
    assert sorted(marks_of(section)) == sorted(["Ngân Sơn", "Tính đến hết ngày 31/5/2024", "huyện Ngân Sơn",
                                                "219,94 tỷ\u00a0đồng", "62,95%"])
    assert section.select_one("div.entities").get_text() == TITLE + BODY  # line end drawn as <br>
    assert section.h2.get_text() == TITLE


def test_summary_counts_articles_and_facts_per_indicator(article):
    soup = soup_of(render_report([article, extract(BODY, id="second")]))
    assert "2 articles, 4 facts" in soup.select_one("p.summary").get_text()
    counts = {tr.td.get_text(): tr.select("td")[1].get_text() for tr in soup.table.select("tr") if tr.td}
    assert counts == {"disbursed": "2", "disbursement_rate": "2"}


def test_evidence_inside_a_compound_quantity_still_renders():
    # "X/Y tỷ đồng" is one recogniser span; the facts' evidence is each number inside it
    a = extract("Huyện Pác Nặm đã giải ngân được 98,6/276,4 tỷ đồng vốn Chương trình.")
    soup = soup_of(render_report([a]))
    assert sorted((f.indicator, f.value) for f in a.facts) == [("disbursed", 98600000000),
                                                               ("funding", 276400000000)]
    assert sorted(evidence_checked(soup, a)) == ["276,4 tỷ đồng", "98,6"]


def test_overlapping_evidence_and_spans_keep_the_text_whole():
    text = "Xã Hoà Tú 1 còn 1.234 hộ nghèo."
    s = text.index("1.234")

    def fact(start, end):
        return Fact(indicator="poor_households", kind="level", value=1234, unit="households",
                    evidence=Evidence(start=start, end=end, text=text[start:end], sentence=text))
    a = Article(id="x", text=text, facts=[fact(s, s + 14), fact(s, s + 5)])
    soup = soup_of(render_report([a]))
    assert soup.select_one("div.entities").get_text() == text
    assert marks_of(soup) == ["Xã Hoà Tú 1", "1.234 hộ nghèo"]  # the "1" of the name is no quantity
    hrefs = [row.select_one("a[href]")["href"] for row in soup.select("tr[id]")]
    assert hrefs == ["#a0-e16-30", "#a0-e16-30"]  # the shorter evidence links to the mark holding it


def test_markup_in_the_article_stays_text():
    evil = '<script>alert("x")</script>'
    a = extract(f"{evil} Ngân Sơn\n{BODY} <img src=x onerror=alert(1)>", title=f"{evil} Ngân Sơn")
    a.url = "javascript:alert(1)"
    soup = soup_of(render_report([a]))
    assert soup.find("script") is None and soup.find("img") is None
    assert soup.select_one("section h2").get_text() == f"{evil} Ngân Sơn"
    assert evil in soup.select_one("div.entities").get_text()
    assert not soup.select('a[href^="javascript"]')
    assert "62,95%" in marks_of(soup)


def test_nfd_input_renders_nfc_text_and_highlights():
    nfd = unicodedata.normalize("NFD", TEXT)
    assert nfd != TEXT
    a = extract(nfd)
    page = render_report([a])
    soup = soup_of(page)
    assert "huyện Ngân Sơn" in marks_of(soup) and "219,94 tỷ\u00a0đồng" in marks_of(soup)
    assert evidence_checked(soup, a) == ["219,94 tỷ\u00a0đồng", "62,95%"]
    assert unicodedata.normalize("NFD", "huyện") not in page
    assert "normalised" in soup.select_one("p.meta").get_text()


def test_cli_one_bad_input_exits_1_and_renders_the_rest(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "report.html"
    assert main(["report", str(good), str(bad), "-o", str(out)]) == 1
    assert "bad.txt" in capsys.readouterr().err
    soup = soup_of(out.read_text(encoding="utf-8"))
    assert [h.get_text() for h in soup.select("section h2")] == [TITLE]
    assert "62,95%" in marks_of(soup)
    assert "bad.txt" in soup.select_one("ul.failed").get_text()


def test_cli_usage_errors_exit_2(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    assert main(["report", str(good), "-o", str(tmp_path / "no" / "such" / "dir.html")]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["report", "--no-such-option"])
    assert exc.value.code == 2


def test_tag_html(capsys):
    assert main(["tag", BODY, "--html"]) == 0
    soup = soup_of(capsys.readouterr().out)
    assert sorted(marks_of(soup)) == sorted(["Tính đến hết ngày 31/5/2024", "huyện Ngân Sơn",
                                             "219,94 tỷ\u00a0đồng", "62,95%"])
    assert main(["tag", "đạt 62,95%", "--compact"]) == 0
    assert '"text": "62,95%"' in capsys.readouterr().out.replace('":"', '": "')
