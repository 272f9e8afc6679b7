"""The cue index (facts/cues.py): cues matched once per article answer every window the same as
scanning that window would."""
import random

import regex
from hypothesis import given, settings, strategies as st

from extractor.facts.cues import Cues, cues
from extractor.text import Text

_TEXT = ("Năm 2023, toàn huyện còn 1.245 hộ nghèo và hộ cận nghèo, chiếm tỷ lệ 4,1%; tỷ lệ hộ "
         "nghèo1,56%, hộ cận nghèo 2,3%. Dư nợ cho vay hộ nghèo của NHCSXH đạt 410 tỷ đồng, "
         "tổng số hộ nghèo giảm 320 hộ; hộ thoát nghèo, hộ mới thoát nghèo là 200 hộ.")


def _scan(c: Cues, key: str, start: int, end: int) -> list[tuple]:
    """What the window holds, by an overlapped scan of it alone."""
    return [(m.start(), m.end()) for m in regex.compile(c.regex.pattern).finditer(key, start, end, overlapped=True)]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(_TEXT)), st.integers(0, len(_TEXT)),
       st.sampled_from(["household_groups", "rate_words", "credit_measures", "changes", "breakdown"]))
def test_every_window_answers_as_a_scan_of_it(a, b, name):
    key = Text.of(_TEXT).key
    c = getattr(cues(), name)
    start, end = min(a, b), max(a, b)
    assert [(h.start, h.end) for h in c.all(key, start, end)] == _scan(c, key, start, end)


def test_a_cue_cut_by_the_window_end_is_the_longest_that_fits():
    key = Text.of("hộ nghèo và hộ cận nghèo").key
    c = cues().household_groups
    whole = c.all(key, 0, len(key))
    assert (whole[0].start, whole[0].end, whole[0].label) == (0, len(key), "poor_near_poor")
    cut = c.all(key, 0, len("hộ nghèo"))
    assert [(h.start, h.end, h.label) for h in cut] == [(0, len("hộ nghèo"), "poor"), (3, len("hộ nghèo"), "poor")]


def test_at_answers_from_the_index_and_two_articles_do_not_mix():
    c = cues().household_groups
    one, two = Text.of("còn 12 hộ cận nghèo").key, Text.of("còn 12 hộ nghèo mới").key
    assert c.at(one, 7).label == "near_poor"
    assert c.at(two, 7).label in ("poor", "new_poor")
    assert c.at(one, 7).label == "near_poor"  # the first article again, after the second
    assert c.at(one, 0) is None


def test_a_blocker_phrase_hides_the_cue_it_holds():
    from extractor.facts.cues import Cues
    from extractor.text import Text

    funding = Cues(["chi", "vốn"], blockers=["chi nhánh", "chi bộ"])
    t = Text.of("Chi nhánh ngân hàng đã chi 5 tỷ đồng; chi bộ thôn góp vốn.")
    assert [h.text for h in funding.all(t.key, 0, len(t.key))] == ["chi", "vốn"]
    assert funding.at(t.key, 0) is None                       # "Chi nhánh" is a branch
    assert funding.last(t.key, 0, t.key.index("5 tỷ")).text == "chi"
    assert funding.first(t.key, t.key.index(";"), len(t.key)).text == "vốn"  # "chi bộ" is a party cell


def test_a_blocker_phrase_hides_the_cues_inside_it():
    from extractor.facts.cues import Cues
    from extractor.text import Text

    groups = Cues({"escaped": ["thoát nghèo"], "near_poor": ["cận nghèo"]}, blockers=["chuẩn cận nghèo"])
    t = Text.of("Số hộ thoát nghèo vượt qua chuẩn cận nghèo: 70 hộ; hộ cận nghèo: 12 hộ.")
    colon = t.key.index(":")
    assert groups.last(t.key, 0, colon).label == "escaped"  # the line, not a group
    assert groups.at(t.key, t.key.index("cận nghèo")) is None
    assert groups.last(t.key, colon, len(t.key)).label == "near_poor"  # the same words outside a blocker


def test_ends_at_answers_as_a_scan_of_the_window_would():
    # ends_at skips positions after a word no phrase ends with; that skip must lose no cue
    from pathlib import Path

    book = cues()
    lists = [v for v in vars(book).values() if isinstance(v, Cues)]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(__file__).resolve().parents[1].glob("corpus/*.txt"))[:3])
    key = Text.of(text).key
    rng = random.Random(7)
    for pos in rng.sample(range(1, len(key)), 300):
        for c in lists:
            got = c.ends_at(key, max(0, pos - 80), pos)
            p = pos
            while p > max(0, pos - 80) and key[p - 1] in " \n":
                p -= 1
            want = [h for h in c.all(key, max(max(0, pos - 80), p - 60), p) if h.end == p]
            want = max(want, key=lambda h: h.end - h.start) if want else None
            assert (got.start, got.end) == (want.start, want.end) if want else got is None, (pos, c.label_of)
