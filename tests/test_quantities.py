"""Quantity recogniser: every corpus line, every negative line, properties on arbitrary text, speed."""
from __future__ import annotations


import pytest
from growth import assert_linear
from hypothesis import given, settings, strategies as st

from extractor.nlp.quantities import Quantity, find_quantities
from extractor.patterns import load_corpus
from extractor.text import Text

CORPUS = load_corpus("quantities.corpus.tsv")
NEGATIVES = load_corpus("not_quantities.tsv")


def _quantities(raw: str) -> list[Quantity]:
    t = Text.of(raw)
    return find_quantities(t.key, t.clean)


def _as_dict(q: Quantity) -> dict:
    d = {"text": q.text, "value": q.value, "unit": q.unit, "bound": q.bound,
         "range": list(q.range) if q.range is not None else None}
    if q.denominator is not None:
        d["denominator"] = {"text": q.denominator.text, "value": q.denominator.value}
    return d


def test_corpora_are_big_enough():
    assert len(CORPUS) >= 250
    assert len(NEGATIVES) >= 60
    assert all(expected is not None for _, _, expected in CORPUS)


@pytest.mark.parametrize("no,text,expected", CORPUS, ids=[f"L{no}" for no, _, _ in CORPUS])
def test_corpus_line(no, text, expected):
    assert [_as_dict(q) for q in _quantities(text)] == expected


@pytest.mark.parametrize("no,text,_", NEGATIVES, ids=[f"L{no}" for no, _, _ in NEGATIVES])
def test_negative_line(no, text, _):
    assert [q.text for q in _quantities(text)] == []


def test_fields_for_the_fact_engine():
    raw = "Tăng trưởng đạt hơn 478,93/760,8 tỷ đồng và từ -2% đến 3%."
    t = Text.of(raw)
    frac, rng = find_quantities(t.key, t.clean)
    assert frac.qualifier_start == raw.index("hơn")
    assert t.clean[frac.start:frac.num_end] == "478,93"
    assert frac.denominator.unit == "VND" and frac.denominator.text == "760,8 tỷ đồng"
    assert rng.sign == -1 and rng.range == (-2, 3) and t.clean[rng.start:rng.num_end] == "-2"
    assert rng.qualifier_start == raw.index("từ")
    (q,) = _quantities("Có 320 hộ nghèo.")
    assert q.counter == "hộ nghèo" and q.unit == "households" and q.sign is None


def _check(raw: str) -> None:
    t = Text.of(raw)
    prev_end = 0
    for q in find_quantities(t.key, t.clean):
        assert 0 <= q.start < q.end <= len(t.clean)
        assert q.start >= prev_end, "spans overlap"
        assert t.clean[q.start:q.end] == q.text
        assert q.start <= q.num_end <= q.end
        if q.denominator is not None:
            d = q.denominator
            assert q.start <= d.start < d.end <= q.end and t.clean[d.start:d.end] == d.text
        assert (q.value is None) == (q.range is not None)
        prev_end = q.end


_ALPHABET = st.sampled_from(list(
    "0123456789.,/%-–+: \u00a0\n()hkđĐaăâeêioôơuưyHTXàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"))
_WORDS = st.sampled_from([
    "một", "hai", "ba", "bốn", "tư", "năm", "lăm", "mốt", "sáu", "bảy", "tám", "chín", "mười", "mươi",
    "trăm", "linh", "lẻ", "không", "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "rưỡi", "đồng", "đ", "VNĐ",
    "k", "%", "phần trăm", "điểm", "hộ", "người", "xã", "lượt", "từ", "đến", "trở lên", "hơn", "âm",
    "gần", "ngày", "năm", "tháng", "/", "-", " - ", "+", ",", ".", "(", ")", "2", "02", "760,8",
    "117.325", "2.758.926", "0.2", "31/5/2024", "2021-2025", "353/QĐ-TTg", "10:43", "\u00a0", " "])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_arbitrary_characters(raw):
    _check(raw)


@settings(max_examples=400, deadline=None)
@given(st.lists(_WORDS, max_size=25).map(" ".join))
def test_arbitrary_word_sequences(raw):
    _check(raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=25).map("".join))
def test_arbitrary_glued_sequences(raw):
    _check(raw)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode(raw):
    _check(raw)


def test_nfd_and_nfc_agree():
    import unicodedata
    for _, text, expected in CORPUS[:80]:
        nfd = unicodedata.normalize("NFD", text)
        assert [_as_dict(q) for q in _quantities(nfd)] == expected


def test_ten_megabytes_on_one_line():
    paragraph = (
        "Những năm qua, tỉnh đặc biệt quan tâm, dành nguồn lực để giúp vùng lõi nghèo vươn lên. "
        "Việc cụ thể hóa các văn bản của Trung ương đã được các huyện thực hiện đầy đủ, kịp thời; "
        "theo Quyết định số 353/QĐ-TTg ngày 15/03/2022, tổng nguồn vốn giai đoạn 2021-2025 là "
        "760,8 tỷ đồng, trong đó đã giải ngân 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch. Tỷ lệ hộ "
        "nghèo giảm từ 2%-2,5%/năm, hai mươi mốt nghìn người được hỗ trợ, trên 1.234 hộ nghèo được "
        "vay vốn ưu đãi. Các chính sách giảm nghèo được thực hiện đúng quy định, góp phần củng cố "
        "hệ thống chính trị cơ sở và tăng cường quốc phòng, an ninh trên địa bàn. ")
    raw = paragraph * (10_000_000 // len(paragraph) + 1)
    assert "\n" not in raw and len(raw) >= 10_000_000
    t = Text.of(raw)
    qs = find_quantities(t.key, t.clean)  # its growth is measured below, on runs of one pattern
    assert len(qs) == 6 * (len(raw) // len(paragraph))


@pytest.mark.parametrize("unit", ["1", "1,", "1.", "một ", "hai mươi ", "1/", "1-", "1 - ", "1 tỷ ", "1/QĐ-",
                                  "12-", "1 hộ/", "từ ", "1 % - ", "31/5/", "0912 ", "+-"])
def test_runs_of_one_pattern_take_linear_time(unit):
    """Dense runs of one pattern: 4x the input costs about 4x the time (quadratic would be 16x)."""
    small, large = Text.of(unit * (50_000 // len(unit))), Text.of(unit * (200_000 // len(unit)))
    assert_linear(lambda t: find_quantities(t.key, t.clean), small, large, ratio=4)
