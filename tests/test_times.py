"""Time recogniser: every corpus line, properties on arbitrary text, linear growth, the spaCy pipe."""
from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from growth import assert_linear
from hypothesis import given, settings, strategies as st

from extractor.nlp.times import TimeMention, anchored, find_times
from extractor.text import Text

FIELDS = ("kind", "year", "point", "date", "period", "relation", "quarter", "months", "offset", "span",
          "unit", "weekday", "days")


def _corpus() -> list[tuple[str, list[dict], str | None]]:
    """(text, expected mentions, the article's date or None): a third column reads the line
    against that publication date."""
    raw = resources.files("extractor").joinpath("patterns/times.corpus.tsv").read_text("utf-8")
    rows = []
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected, *published = line.split("\t")
        rows.append((text, json.loads(expected), published[0] if published else None))
    return rows


CORPUS = _corpus()


def _as_dict(m: TimeMention) -> dict:
    d = {"text": m.text}
    for f in FIELDS:
        v = getattr(m, f)
        if v is not None:
            d[f] = list(v) if isinstance(v, tuple) else v
    if m.date is None:  # a day or month still waiting for its year
        d.update({f: getattr(m, f) for f in ("month", "day") if getattr(m, f) is not None})
    if m.last_day:
        d["last_day"] = True
    return d


def _times(raw: str) -> list[TimeMention]:
    t = Text.of(raw)
    return find_times(t.key, t.clean)


def test_corpus_is_big_enough():
    assert len(CORPUS) >= 100
    assert sum(1 for _, exp, _ in CORPUS if not exp) >= 15  # negatives: codes, counts, money


@pytest.mark.parametrize("text,expected,published", CORPUS,
                         ids=[t[:40] + (f" @{p}" if p else "") for t, _, p in CORPUS])
def test_corpus_line(text, expected, published):
    assert [_as_dict(anchored(m, published)) for m in _times(text)] == expected


def _check_invariants(raw: str) -> None:
    t = Text.of(raw)
    prev_end = 0
    for m in find_times(t.key, t.clean):
        assert 0 <= m.start < m.end <= len(t.clean)
        assert t.clean[m.start:m.end] == m.text
        assert m.start >= prev_end  # no overlap, in text order
        prev_end = m.end
        if m.year is not None:
            assert 1945 <= m.year <= 2100
        if m.period is not None:
            assert m.period[0] < m.period[1]


# Text built from the pieces times are made of, so the property test reaches the hard cases.
_PIECES = st.sampled_from([
    "năm", "Năm", "tháng", "ngày", "quý", "I", "IV", "đầu", "cuối", "hết", "kết thúc", "kỳ",
    "giai đoạn", "tính đến", "đến", "từ", "so với", "nay", "cùng kỳ", "niên độ", "năm học",
    "2021", "2025", "1945", "2100", "1930", "31", "12", "6", "0", "/", "-", ".", ",", ":", "%",
    "hộ", "tỷ đồng", "QĐ-TTg", "(", ")", " ", "  ", "\n", "–", "\u00a0", "PM", "h",
    "thứ", "Hai", "Sáu", "chủ nhật", "lần", "tuần", "trước", "sau", "này", "qua", "hôm", "mùng",
    "Giêng", "mười hai", "cuối cùng của", "đầu tiên của", "19", "29", "2", "âm lịch", "khi",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(" ".join))
def test_invariants_on_time_like_text(raw):
    _check_invariants(raw)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_invariants_on_glued_pieces(raw):
    _check_invariants(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_invariants_on_any_text(raw):
    _check_invariants(raw)


def test_key_only_call_reports_key_slices():
    t = Text.of("Đến cuối năm 2023, tỉnh còn 18.000 hộ.")
    (m,) = find_times(t.key)
    assert m.text == "đến cuối năm 2023" and (m.year, m.point, m.relation) == (2023, "end", "until")


# pathological inputs: long runs that tempt a regex to backtrack (n: the large size)
LONG_LINES = {
    "spaces": (lambda n: "đến" + " " * n + "2023", 1_000_000),
    "năm": (lambda n: "năm " * n, 250_000),
    "year-dash": (lambda n: "2021-" * n, 200_000),
    "digits": (lambda n: "1" * n, 1_000_000),
    "month-slash": (lambda n: "tháng 1/" * n, 125_000),
}


@pytest.mark.parametrize("case", LONG_LINES)
def test_long_single_line_is_linear(case):
    make, n = LONG_LINES[case]
    small, large = Text.of(make(n // 4)), Text.of(make(n))  # 4x the run, about 4x the time
    assert_linear(lambda t: find_times(t.key, t.clean), small, large, ratio=4)


def test_news_text_is_linear():
    sample = "\n".join(text for text, _, _ in CORPUS)
    small, large = Text.of(sample * 15), Text.of(sample * 60)
    assert_linear(lambda t: find_times(t.key, t.clean), small, large, ratio=4)


def test_spacy_component():
    spacy = pytest.importorskip("spacy")
    import extractor.pipeline  # noqa: F401  registers the components and extensions

    nlp = spacy.blank("vi") if _has_vi(spacy) else spacy.blank("xx")
    nlp.add_pipe("vi_times")
    raw = "Tính đến hết ngày 31/5/2024, tỉnh đã giải ngân 62,95% vốn giai đoạn 2021-2025."
    t = Text.of(raw)
    doc = nlp.make_doc(t.clean)
    doc._.key = t.key
    doc = nlp.get_pipe("vi_times")(doc)
    assert [m.kind for m in doc._.times] == ["date", "period"]
    assert [s.label_ for s in doc.spans["times"]] == ["date", "period"]
    assert doc.spans["times"][1].text == "giai đoạn 2021-2025"


def _has_vi(spacy) -> bool:
    try:
        spacy.blank("vi")
        return True
    except Exception:  # the Vietnamese tokenizer needs pyvi, which may be missing
        return False


def test_misaligned_key_is_refused():
    with pytest.raises(ValueError):
        find_times("năm 2023", "Năm 2023 ")


@pytest.mark.parametrize("text,published,want", [
    ("năm nay", "2024-03-02", {"year": 2024}),
    ("năm ngoái", "2024-03-02", {"year": 2023}),
    ("cuối năm ngoái", "2024-03-02", {"year": 2023, "point": "end"}),
    ("đến hết tháng 6", "2019-07-11", {"year": 2019, "date": "2019-06"}),
    ("đến hết tháng 10", "2024-02-01", {"year": 2023, "date": "2023-10"}),  # the latest October before
    ("đến ngày 20/12", "2023-12-28", {"year": 2023, "date": "2023-12-20"}),
    ("từ năm 2015 đến nay", "2020-03", {"period": (2015, 2020)}),
    ("trong 5 năm qua", "2026-01-09", {"period": (2021, 2025)}),  # early in a year: the whole years before
    ("3 năm gần đây", "2024-07-01", {"period": (2022, 2024)}),
    ("năm nay", None, {"year": None}),  # no date: stays open
    ("đến hết tháng 6", None, {"year": None, "date": None}),
])
def test_times_resolve_against_the_articles_date(text, published, want):
    (t,) = _times(text)
    got = anchored(t, published)
    for field, value in want.items():
        assert getattr(got, field) == value, (field, got)


_DATES = st.one_of(
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])),
    # the shape of a date without being one: only what is a date in it is used
    st.tuples(st.integers(1950, 2090), st.integers(0, 99), st.integers(0, 99)).map(
        lambda t: "%04d-%02d-%02d" % t))


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map(" ".join), _DATES)
def test_times_read_against_any_date_stay_valid(raw, published):
    for m in _times(raw):
        got = anchored(m, published)
        assert anchored(got, published) == got  # the fact rules may read a time twice
        if got.date is not None:
            date.fromisoformat(got.date if len(got.date) == 10 else got.date + "-01")
            if got.year is not None:
                assert got.date.startswith(f"{got.year:04d}")
        if got.days is not None:
            first, last = map(date.fromisoformat, got.days)
            assert (last - first).days == 6 and first.isoweekday() == 1
        if got.weekday is not None and got.kind == "date" and got.unit is not None:
            assert date.fromisoformat(got.date).isoweekday() == got.weekday


@pytest.mark.parametrize("text,published,want", [
    ("tháng trước", "2024-01-15", {"kind": "month", "date": "2023-12"}),
    ("quý trước", "2024-01-15", {"kind": "quarter", "year": 2023, "quarter": 4}),
    ("hôm qua", "2024-01-01", {"kind": "date", "date": "2023-12-31"}),
    ("tuần trước", "2024-01-03", {"kind": "week", "year": 2023, "days": ("2023-12-25", "2023-12-31")}),
    ("chủ nhật tuần này", "2024-01-03", {"kind": "date", "date": "2024-01-07"}),
    ("hôm qua", "2024-01", {"kind": "relative", "date": None}),  # the day is needed
    ("tháng trước", "2024", {"kind": "relative", "date": None}),  # and here the month
    ("tháng qua", "2024-01-15", {"kind": "relative", "date": None}),  # no definite step
    # the weekday picks the year: 12/4 is a Friday in 2024, not in 2023 (the latest 12/4 before)
    ("thứ Sáu ngày 12 tháng 4", "2024-03-20", {"date": "2024-04-12"}),
    ("ngày 12 tháng 4", "2024-03-20", {"date": "2023-04-12"}),
    ("hôm qua", "2024-02-30", {"kind": "relative", "date": None}),  # no such day
    ("tháng trước", "2024-02-30", {"date": "2024-01"}),  # but the month is one
    ("tháng trước", "2024-13-01", {"kind": "relative", "date": None}),
    ("hôm qua", "0001-01-01", {"kind": "relative", "date": None}),  # no day before the first
    ("hôm nay", "9999-12-31", {"kind": "relative", "date": None}),
])
def test_steps_from_the_articles_date(text, published, want):
    (t,) = _times(text)
    got = anchored(t, published)
    for field, value in want.items():
        assert getattr(got, field) == value, (field, got)


def test_tag_reads_the_times_against_the_date_given(capsys):
    from extractor.cli import main

    text = "Tháng trước, xã giải ngân 2 tỷ đồng; hôm qua đoàn về bản."
    assert main(["tag", "--compact", text]) == 0
    waiting = json.loads(capsys.readouterr().out)["times"]
    assert [(t["text"], t["kind"], t["relative"]["unit"], t["relative"]["offset"]) for t in waiting] == [
        ("Tháng trước", "relative", "month", -1), ("hôm qua", "relative", "day", -1)]
    assert main(["tag", "--compact", "--published", "2024-01-01", text]) == 0
    read = json.loads(capsys.readouterr().out)["times"]
    assert [(t["kind"], t["year"], t["date"]) for t in read] == [("month", 2023, "2023-12"), ("date", 2023, "2023-12-31")]
    assert not any("relative" in t for t in read)
    assert main(["tag", "--published", "2024-02-30", text]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "2024-02-30" in err and "Traceback" not in err
