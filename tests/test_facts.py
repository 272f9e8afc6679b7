"""Fact extraction end to end: the acceptance bars, evidence offsets, the public API."""
import unicodedata


import extractor
from extractor.evaluate import evaluate, report, score_doc, totals

CORE_BAR, WHOLE_BAR = 0.95, 0.85


def _check_bars(results):
    t = totals(results)
    core_f1, whole_f1 = t.core()[2], t.whole()[2]
    assert core_f1 >= CORE_BAR and whole_f1 >= WHOLE_BAR, report(results, verbose=True)


def test_seeds_meet_the_bar(shared_dir):
    _check_bars(evaluate(shared_dir / "gold", shared_dir / "seeds"))


def test_sample_corpus_meets_the_bar(corpus_dir):
    _check_bars(evaluate(corpus_dir / "gold", corpus_dir))


# Real press excerpts (../shared/real): a floor raised as the rules improve. First score with the
# URL read 0.853 / 0.496 (issue 8); 0.949 / 0.807 after the rules of the session after, 0.952 / 0.816
# later, 0.980 / 0.856 now.
REAL_CORE_FLOOR, REAL_WHOLE_FLOOR = 0.98, 0.89


def test_real_press_excerpts_stay_above_the_floor(shared_dir):
    real = shared_dir / "real"
    if not (real / "gold").is_dir():
        import pytest
        pytest.skip("../shared/real is not beside this checkout")
    results = evaluate(real / "gold", real / "articles")
    assert not [r.doc for r in results if r.error]
    t = totals(results)
    assert t.core()[2] >= REAL_CORE_FLOOR and t.whole()[2] >= REAL_WHOLE_FLOOR, report(results)


def test_eval_reads_jsonl_records_with_their_url_and_names_missing_articles(tmp_path):
    import json
    text = "Toàn tỉnh còn 4.015 hộ nghèo, chiếm tỷ lệ 1,2%."
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": text, "url": "https://baocamau.vn/x-1.html",
                                                  "title": None}, ensure_ascii=False) + "\n", encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    fact = {"indicator": "poverty_rate", "kind": "level", "value": 1.2,
            "location": {"level": "province", "name": "Cà Mau"}}
    (gold / "a.json").write_text(json.dumps({"doc": "a.jsonl", "facts": [fact]}), encoding="utf-8")
    (gold / "b.json").write_text(json.dumps({"doc": "b.jsonl", "facts": [fact, fact]}), encoding="utf-8")
    results = {r.doc: r for r in evaluate(gold, tmp_path)}
    # the record's text is read (not the JSON line), and its outlet gives the province
    assert results["a.jsonl"].error is None and results["a.jsonl"].tally.found_whole == 1
    assert "b.jsonl" in results["b.jsonl"].error and results["b.jsonl"].tally.gold == 2
    out = report(results.values())
    assert "UNREAD   b.jsonl" in out and "location 0" in out


def _all_articles(corpus_dir, shared):
    """The sample corpus with its held-out sets, and the seeds when ../shared is there."""
    from extractor.io import decode_bytes
    dirs = [corpus_dir] + ([shared / "seeds"] if (shared / "seeds").is_dir() else [])
    for d in dirs:
        for path in sorted(d.rglob("*.txt")):
            yield extractor.extract(decode_bytes(path.read_bytes()), path=str(path))


def test_every_evidence_slices_its_text(corpus_dir):
    from conftest import SHARED
    n = 0
    for article in _all_articles(corpus_dir, SHARED):
        for f in article.facts:
            ev = f.evidence
            assert article.text[ev.start:ev.end] == ev.text
            assert ev.text in ev.sentence
            assert article.text.find(ev.sentence) <= ev.start
            n += 1
    assert n > 300


def test_example_of_the_contract():
    text = ("Bắc Kạn giảm nghèo\nNăm 2022, tỷ lệ hộ nghèo đa chiều của tỉnh Bắc Kạn giảm 2,66% "
            "(giảm từ 27,37% xuống còn 24,71%).")
    a = extractor.extract(text)
    got = {(f.kind, f.value, f.time.point) for f in a.facts}
    assert got == {("change", -2.66, None), ("level", 27.37, "start"), ("level", 24.71, "end")}
    for f in a.facts:
        assert f.indicator == "poverty_rate"
        assert f.unit == "%"
        assert f.population == "all"
        assert f.time.year == 2022
        assert f.location.level == "province" and f.location.name == "Bắc Kạn"
        assert f.location.code == "06"
        assert f.attributes == {} or f.attributes.get("standard") in (None, "multidimensional")


def test_nfd_input_gives_the_same_facts_with_offsets_into_nfc_text():
    text = "Huyện Pác Nặm\nĐến cuối năm 2023, huyện Pác Nặm còn 1.520 hộ nghèo, chiếm tỷ lệ 25,4%."
    a = extractor.extract(text)
    b = extractor.extract(unicodedata.normalize("NFD", text))
    assert b.normalized and not a.normalized
    assert [(f.indicator, f.value) for f in a.facts] == [(f.indicator, f.value) for f in b.facts]
    assert [(f.indicator, f.value) for f in a.facts] == [("poor_households", 1520), ("poverty_rate", 25.4)]
    for f in b.facts:
        assert b.text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_numbers_that_state_no_programme_quantity_give_no_fact():
    text = ("Theo Quyết định số 353/QĐ-TTg ngày 15/03/2022, cấp huyện (1 thành phố, 7 huyện) gấp 1,5 lần, "
            "xếp thứ 13, gần 30 năm, điện thoại 0209.3870.123, lúc 10:43.")
    assert extractor.extract(text).facts == []


def test_html_input_is_read_out_of_its_page():
    html = ("<html><head><title>Cao Bằng giảm nghèo</title></head><body><nav>Trang chủ | Tin tức</nav>"
            "<article><h1>Cao Bằng giảm nghèo</h1><p>Năm 2023, tỷ lệ hộ nghèo của tỉnh Cao Bằng giảm 3,2%, "
            "còn 28,5%.</p><p>Toàn tỉnh đã giải ngân 412,5 tỷ đồng vốn Chương trình.</p></article>"
            "<footer>Bản quyền</footer></body></html>")
    a = extractor.extract(html)
    assert "Trang chủ" not in a.text and "Bản quyền" not in a.text
    got = {(f.indicator, f.kind, f.value) for f in a.facts}
    assert ("poverty_rate", "change", -3.2) in got
    assert ("disbursed", "level", 412500000000) in got
    for f in a.facts:
        assert a.text[f.evidence.start:f.evidence.end] == f.evidence.text


def test_identical_facts_are_emitted_once():
    # the title repeats the lead: one fact; a title without the year that the body says again takes
    # the body's year and is the same fact; a title figure the body does not repeat is its own (of
    # the one year an undated article names)
    text = "Năm 2023, tỉnh Yên Bái giảm 3,1% hộ nghèo\nNăm 2023, tỉnh Yên Bái giảm 3,1% hộ nghèo."
    facts = extractor.extract(text).facts
    assert [(f.value, f.time.year, f.evidence.start) for f in facts] == [(-3.1, 2023, 28)]
    text = "Yên Bái giảm 3,1% hộ nghèo\nNăm 2023, tỉnh Yên Bái giảm 3,1% hộ nghèo."
    assert [(f.value, f.time.year, f.evidence.start) for f in extractor.extract(text).facts] == [(-3.1, 2023, 13)]
    text = "Yên Bái giảm 3,1% hộ nghèo\nNăm 2023, tỉnh Yên Bái giảm 2,9% hộ nghèo."
    assert sorted((f.value, f.time.year or 0) for f in extractor.extract(text).facts) == [(-3.1, 2023), (-2.9, 2023)]
    text = "Yên Bái giảm 3,1% hộ nghèo\nNăm 2023, tỉnh Yên Bái giảm 2,9% hộ nghèo, năm 2022 giảm 2,5%."
    assert sorted((f.value, f.time.year or 0) for f in extractor.extract(text).facts) == [(-3.1, 0), (-2.9, 2023), (-2.5, 2022)]
    # a title under a dateline, dated by the publication only, is still its body's twin: one fact,
    # of the year the body says
    text = ("Thứ Hai, 22/07/2024\n\nTrên 3,2 tỷ đồng hỗ trợ học sinh nghèo\n\n"
            "Năm 2010, tỉnh Cao Bằng đã chi trên 3,2 tỷ đồng hỗ trợ học sinh nghèo.")
    assert [(f.value, f.time.year) for f in extractor.extract(text).facts] == [(3200000000, 2010)]


def test_schema_is_valid_json_schema():
    from extractor.models import Article
    schema = Article.model_json_schema()
    fact = schema["$defs"]["Fact"]["properties"]
    for field in ("indicator", "kind", "value", "range", "unit", "bound", "status", "population",
                  "location", "time", "attributes", "evidence", "doc"):
        assert field in fact


def test_scoring_follows_the_contract():
    gold = [{"indicator": "poverty_rate", "kind": "change", "value": -2.66, "range": None,
             "time": {"year": 2022}, "location": {"level": "province", "name": "Bắc Kạn"}},
            {"indicator": "funding", "kind": "level", "value": 7.4e9, "range": None}]
    pred = [{"indicator": "poverty_rate", "kind": "change", "value": -2.66, "range": None,
             "time": {"year": 2021}, "location": {"level": "province", "name": "Bắc Kạn"}},
            {"indicator": "poverty_rate", "kind": "change", "value": -2.66, "range": None,
             "time": {"year": 2022}, "location": {"level": "province", "name": "Bắc Kạn"}},
            {"indicator": "projects", "kind": "level", "value": 5, "range": None}]
    r = score_doc("x", gold, pred)
    assert (r.tally.gold, r.tally.found, r.tally.found_whole) == (2, 1, 1)
    assert (r.tally.predicted, r.tally.correct, r.tally.correct_whole) == (2, 1, 1)
    assert [m["indicator"] for m in r.misses] == ["funding"]


from hypothesis import HealthCheck, given, settings, strategies as st

_PIECES = list("0123456789.,/%-–() \n:;") + ["hộ nghèo", " tỷ đồng", "%", " năm 2023", "huyện Pác Nặm",
                                            "giảm ", "tỷ lệ hộ nghèo ", "từ ", " đến ", " xuống còn ", "\u00a0",
                                            "\u0301", "Hoà", "triệu", "đồng/người/năm", "trở lên"]
_VI = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), _VI))
def test_any_text_gives_valid_facts(raw):
    article = extractor.extract(raw, html=False)
    for f in article.facts:
        assert article.text[f.evidence.start:f.evidence.end] == f.evidence.text
        assert f.evidence.text


def test_a_long_single_line_is_processed_in_linear_time():
    from growth import assert_linear

    clause = ("Năm 2023, tỷ lệ hộ nghèo của huyện Pác Nặm giảm 3,2%, còn 1.520 hộ nghèo, "
              "giải ngân 12,5 tỷ đồng; ")
    # about 60,000 and 240,000 characters, no line break
    article = assert_linear(extractor.extract, clause * 500, clause * 2000, ratio=4)
    assert {(f.indicator, f.value) for f in article.facts} >= {("poverty_rate", -3.2), ("poor_households", 1520)}


def test_eval_reads_a_name_written_joined_or_apart_as_one():
    from extractor.evaluate import name_key, whole_agrees
    assert name_key("Đakrông") == name_key("Đa Krông") == name_key("Đa-Krông")
    assert name_key("Chư Păh") != name_key("Chư Prông")
    assert name_key("Đắk Glong") == name_key("Đăk Glong") == name_key("Đak Glong")  # one syllable, two spellings
    assert name_key("Đắk Mil") != name_key("Đắk Glong")
    assert name_key("Chư Pah") == name_key("Chư Păh")  # a breve left off
    gold = {"location": {"level": "district", "name": "Đakrông"}}
    assert whole_agrees(gold, {"location": {"level": "district", "name": "Đa Krông"}})
    assert not whole_agrees(gold, {"location": {"level": "commune", "name": "Đakrông"}})
