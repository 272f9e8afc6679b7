import unicodedata

from hypothesis import given, strategies as st

from extractor.text import Text, fold, fold_phrase, sentences


def test_tone_placements_fold_alike():
    assert fold("Khánh Hoà") == fold("Khánh Hòa") == "khánh hoà"
    assert fold("thuý") == fold("thúy")
    assert fold("Uỷ ban") == fold("Ủy ban")
    assert fold("khoẻ") == fold("khỏe")
    # a closed syllable is written one way only and is left alone
    assert fold("hoàn thành") == "hoàn thành"


def test_nfd_input_becomes_nfc_and_is_reported():
    raw = unicodedata.normalize("NFD", "Pác Nặm")
    t = Text.of(raw)
    assert t.clean == "Pác Nặm"
    assert t.changed
    assert not Text.of("Pác Nặm").changed


def test_odd_spaces_and_quotes_fold_to_ascii_with_same_length():
    t = Text.of("760,8\u00a0tỷ\u202fđồng “lõi nghèo”")
    assert t.key == "760,8 tỷ đồng \"lõi nghèo\""
    assert len(t.key) == len(t.clean)


def test_the_eth_typed_for_d_with_stroke_folds_as_it():
    t = Text.of("NHCSXH tỉnh \u00d0ắk Lắk")  # U+00D0, not U+0110
    assert t.key == Text.of("NHCSXH tỉnh Đắk Lắk").key and t.clean.endswith("\u00d0ắk Lắk")


def test_lone_surrogate_is_replaced():
    t = Text.of("a\ud800b")
    assert t.clean == "a\ufffdb"


def test_fold_phrase_collapses_spaces():
    assert fold_phrase("  Hộ   cận\u00a0nghèo ") == "hộ cận nghèo"


def test_sentences_do_not_split_numbers():
    text = "Năm 2021 giảm 1,48%. Năm 2022 còn 117.325 hộ.\nDòng mới"
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["Năm 2021 giảm 1,48%.", "Năm 2022 còn 117.325 hộ.", "Dòng mới"]


def test_a_hard_wrapped_sentence_is_one_sentence():
    # lines broken inside a sentence (a portal's fixed-width text): a line end after a word or a
    # comma and before a lower-case word goes on; one before a capital, a digit, a dash, or after
    # a stop, ends
    text = ("Tính đến nay, tổng dư nợ\ntín dụng chính sách đạt 850 tỷ đồng,\ntăng 55 tỷ đồng.\n"
            "Hộ nghèo\n1.204\n- cho vay hộ nghèo\nhộ cận nghèo")
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == ["Tính đến nay, tổng dư nợ\ntín dụng chính sách đạt 850 tỷ đồng,\ntăng 55 tỷ đồng.",
                     "Hộ nghèo", "1.204", "- cho vay hộ nghèo\nhộ cận nghèo"]
    stop = "Dòng một.\nhộ nghèo"
    assert [stop[s:e] for s, e in sentences(stop)] == ["Dòng một.", "hộ nghèo"]
    assert len(sentences("Tiêu đề\n\nthân bài viết thường")) == 2  # a blank line always ends


@given(st.text())
def test_key_always_aligns_with_clean(raw):
    t = Text.of(raw)
    assert len(t.key) == len(t.clean)
    for s, e in sentences(t.clean):
        assert 0 <= s < e <= len(t.clean)


def test_title_line_skips_breadcrumbs_and_labels():
    from extractor.text import title_line
    text = "An sinh xã hội\nTrang chủ / Xã hội / An sinh xã hội\nBắc Kạn: Tập trung hỗ trợ vùng lõi nghèo\nThân bài."
    assert title_line(text) == "Bắc Kạn: Tập trung hỗ trợ vùng lõi nghèo"
    assert title_line("Một câu văn xuôi có dấu chấm ở cuối.\nBắc Kạn giảm nghèo nhanh và bền vững") is None
    assert title_line("Bắc Kạn giảm nghèo nhanh và bền vững\n\n") is None


def test_phrases_folded_together_fold_as_they_would_alone():
    from extractor.nlp.places import get_linker
    from extractor.text import fold_phrase, fold_phrases

    names = [u["name"] for u in get_linker().units]
    tricky = ["Hoà Bình", "HÓA", "İstanbul x", "a\u0301 b", "\u0301lead", "  Đắk  Lắk ", "x\ud800y", "Thủy", "q\u00a0r"]
    for phrases in (names, tricky, ["a\nb", "c"]):
        assert fold_phrases(phrases) == [fold_phrase(p) for p in phrases]
