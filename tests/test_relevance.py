"""Off-topic text gives no facts; on-topic text is kept (patterns/relevance.corpus.tsv)."""
import pytest

import extractor
from extractor.facts.relevance import on_topic, slug_on_topic
from extractor.patterns import HERE


def _rows():
    rows = []
    for no, line in enumerate((HERE / "relevance.corpus.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t")
            rows.append((no, label, text))
    return rows


ROWS = _rows()
OFF = [r for r in ROWS if r[1] == "off"]
ON = [r for r in ROWS if r[1] == "on"]


def test_the_corpus_has_enough_of_both():
    assert len(OFF) >= 50 and len(ON) >= 30


@pytest.mark.parametrize("no,label,text", OFF, ids=[f"line{r[0]}" for r in OFF])
def test_off_topic_paragraphs_give_no_facts(no, label, text):
    a = extractor.extract(text)
    assert a.facts == [], [(f.indicator, f.evidence.text) for f in a.facts]
    assert a.reason in ("off_topic", "no_facts", "no_numbers")
    if a.reason == "off_topic":
        assert a.relevant is False


def test_on_topic_paragraphs_are_judged_relevant():
    missed = [text for _, _, text in ON if not extractor.extract(text).relevant]
    # a paragraph that never names the topic ("xóa nhà tạm" alone) may be missed; no more
    assert len(missed) <= len(ON) // 20, missed


def test_an_off_topic_article_says_why_it_has_no_facts():
    text = ("Giá vé trận chung kết tăng mạnh. Ban tổ chức bán 12.000 vé, thu về 3,6 tỷ đồng. "
            "Khoảng 2.000 cổ động viên được hỗ trợ xe đưa đón.")
    a = extractor.extract(text)
    assert a.facts == [] and a.relevant is False and a.reason == "off_topic"


def test_a_paragraph_far_from_the_topic_gives_no_generic_facts():
    intro = "Tỉnh Lào Cai tổ chức hội nghị tổng kết công tác năm 2023. " * 8
    text = (intro + "\nDu lịch đón 5,2 triệu lượt khách, doanh thu 12.000 tỷ đồng, hỗ trợ 300 hộ kinh doanh.\n"
            "Về giảm nghèo, toàn tỉnh còn 4.100 hộ nghèo, chiếm 2,1%.")
    facts = {(f.indicator, f.value) for f in extractor.extract(text).facts}
    assert ("poor_households", 4100) in facts
    assert not any(ind in ("funding", "beneficiaries") for ind, _ in facts), facts


def test_the_paragraph_before_is_the_last_with_text_past_blank_lines():
    intro = "Tỉnh Lào Cai tổ chức hội nghị tổng kết công tác năm 2023. " * 8
    text = (intro + "\n\nVề giảm nghèo, toàn tỉnh còn 4.100 hộ nghèo, chiếm 2,1%.\n\n"
            "Cùng đó, 97% hộ dân được sử dụng điện lưới quốc gia.\n\n"
            "Du lịch đón 5,2 triệu lượt khách, doanh thu 12.000 tỷ đồng, hỗ trợ 300 hộ kinh doanh.")
    facts = {(f.indicator, f.value) for f in extractor.extract(text).facts}
    # the paragraph right after the one on the topic stands, blank lines between them or not
    assert ("service_coverage", 97) in facts
    assert not any(ind in ("funding", "beneficiaries") for ind, _ in facts), facts


def test_a_paragraph_stands_with_its_detail_that_names_the_topic():
    # the figure's paragraph names no topic word; the next one details it ("Trong đó, …") and does
    intro = "Hội Liên hiệp Phụ nữ huyện tổ chức hội nghị sơ kết công tác 6 tháng đầu năm. " * 6
    text = (intro + "\nĐể giúp hội viên có vốn sản xuất, phát triển kinh tế gia đình, các cấp Hội trong huyện đã "
            "huy động được hơn 46 tỷ đồng cho gần 1.900 lượt hội viên vay.\n"
            "Trong đó, nguồn vốn Ngân hàng Chính sách xã hội hơn 40 tỷ đồng; vốn quỹ Hội gần 3 tỷ đồng.\n"
            "Bên cạnh đó, các chi hội thường xuyên tổ chức sinh hoạt chuyên đề, giao lưu văn nghệ và nhiều hoạt "
            "động thiết thực chào mừng các ngày lễ lớn của đất nước và của địa phương.\n"
            "Phong trào thể thao được duy trì với 35 giải đấu, thu hút 2.400 vận động viên tham gia, "
            "kinh phí tổ chức khoảng 600 triệu đồng do các đơn vị tài trợ.")
    facts = {(f.indicator, f.value) for f in extractor.extract(text).facts}
    assert ("credit", 46000000000) in facts and ("beneficiaries", 1900) in facts, facts
    assert ("credit", 40000000000) in facts, facts
    # (a paragraph after the detail, on sport, still gives nothing)
    assert not any(v in (2400, 600000000) for _, v in facts), facts


def test_topic_in_the_text_or_the_slug():
    assert on_topic("Toàn tỉnh còn 4.100 hộ nghèo.") and not on_topic("Giá vé tăng 20%.")
    # houses and scholarships for families in hardship, said without "nghèo"
    assert on_topic("Trao 180 triệu đồng xây 3 ngôi nhà nhân ái.")
    assert on_topic("Trao 60 suất học bổng tặng học sinh có hoàn cảnh khó khăn.")
    assert on_topic("Cấp 4,1 tỷ đồng thực hiện chính sách miễn, giảm học phí cho học sinh năm 2021.")
    # jobs and training of the programme, not a factory's hiring ("tạo việc làm cho 25.000 lao động")
    assert on_topic("Năm 2019, toàn tỉnh giải quyết việc làm mới cho 30.600 lao động.")
    assert on_topic("Có 2.430 lao động đi làm việc ở nước ngoài theo hợp đồng.")
    # the associations' funds and groups, the unemployment benefit, an ethnic minority named
    assert on_topic("Tổng nguồn vốn Quỹ HTND toàn tỉnh đạt 36 tỷ đồng.")
    assert on_topic("Hội xây dựng được 178 tổ tiết kiệm và vay vốn với 5.845 thành viên.")
    assert on_topic("Chi trợ cấp thất nghiệp cho 17.000 người với số tiền 420 tỷ đồng.")
    assert on_topic("Cấp nước sạch cho 7.600 hộ đồng bào Khmer.")
    assert not on_topic("Tỷ lệ thất nghiệp khu vực thành thị là 2,7%.")
    assert slug_on_topic("https://x.vn/quang-nam-giai-ngan-von-giam-ngheo-2023.htm")
    assert not slug_on_topic("https://x.vn/gia-ve-bong-da-tang-manh.htm")


def test_an_article_without_numbers_says_so():
    a = extractor.extract("Tỉnh tổ chức hội nghị về giảm nghèo bền vững. Các đại biểu thảo luận sôi nổi.")
    assert a.facts == [] and a.relevant and a.reason == "no_numbers"


def test_an_article_with_no_topic_word_keeps_only_its_income_per_head():
    # a congress report of a commune that never names poverty: income per head, said with its own
    # words, is the programme's measure; its other money is not the programme's
    text = ("Đảng bộ xã An Phú tổ chức đại hội nhiệm kỳ mới trong hai ngày. Giá trị sản xuất nông nghiệp "
            "đạt trên 150 tỷ đồng; thu nhập bình quân đầu người đạt 49 triệu đồng. Xã đã làm mới 63 "
            "tuyến đường với tổng kinh phí 12 tỷ đồng.")
    a = extractor.extract(text)
    assert {(f.indicator, f.value) for f in a.facts} == {("income_per_capita", 49000000)}
    assert a.relevant is True


def test_an_income_list_far_from_its_label_stands_in_an_article_with_no_topic_word():
    # the income words label a list after a colon: its last items lie far from them, in the same sentence
    places = ["Đà Nẵng", "Khánh Hòa", "Bình Định", "Quảng Nam", "Quảng Ngãi", "Phú Yên", "Ninh Thuận"]
    items = ", ".join(f"{p} ({5 - i * 0.3:.1f} triệu đồng)".replace(".", ",") for i, p in enumerate(places))
    text = ("Số liệu thống kê vừa được công bố trong tuần này. Năm 2020, bảy địa phương có thu nhập bình quân "
            f"đầu người cao nhất vùng gồm: {items}. Các địa phương còn lại đều thấp hơn mức chung.")
    a = extractor.extract(text)
    assert sorted(f.value for f in a.facts if f.indicator == "income_per_capita") == \
        sorted(round((5 - i * 0.3) * 10) * 100000 for i in range(len(places)))


def test_past_a_photos_lines_the_next_paragraph_and_what_goes_on_from_it_stand():
    intro = "Tỉnh Lào Cai tổ chức hội nghị tổng kết công tác năm 2023 tại thành phố Lào Cai. " * 6
    text = (intro + "\n\nTỉnh vừa phê duyệt danh sách hỗ trợ người thuộc hộ nghèo, hộ cận nghèo gặp khó khăn do thiên tai.\n\n"
            "Hỗ trợ người dân gặp khó khăn tại huyện Bảo Thắng.\n\n"
            "Theo quyết định, tỉnh bố trí tổng kinh phí 2,4 tỷ đồng để hỗ trợ cho 1.250 người tại 9 huyện, "
            "thị xã, thành phố trên địa bàn tỉnh trong đợt này.\n\n"
            "Trong đó, huyện Bát Xát được phân bổ 410 triệu đồng để hỗ trợ cho 230 người thuộc diện được hỗ trợ "
            "của huyện trong đợt này.\n\n"
            "Du lịch của tỉnh năm nay đón 5,2 triệu lượt khách, doanh thu 12.000 tỷ đồng, hỗ trợ 300 hộ kinh doanh "
            "mở rộng dịch vụ lưu trú và ăn uống cho du khách.")
    facts = {(f.indicator, f.value) for f in extractor.extract(text).facts}
    assert {("funding", 2_400_000_000), ("funding", 410_000_000)} <= facts, facts
    # a paragraph of prose that neither names the topic nor goes on from one that does gives nothing
    assert ("funding", 12_000_000_000_000) not in facts and ("beneficiaries", 300) not in facts, facts


def test_support_to_people_in_hardship_during_the_epidemic_is_on_topic():
    # the Covid-19 payments to people (free workers, workers laid off, those in hardship) are a social
    # policy; the tax relief of businesses in the same hardship is not
    people = ("Thành phố đã hỗ trợ hơn 2,47 tỷ đồng cho những người khó khăn do đại dịch. Cụ thể, địa phương đã "
              "hỗ trợ 42 lao động tạm hoãn hợp đồng lao động với số tiền hơn 170 triệu đồng.")
    a = extractor.extract(people)
    assert a.relevant and {(f.indicator, f.value) for f in a.facts} >= {("funding", 2.47e9), ("beneficiaries", 42)}
    firms = ("Nhiều doanh nghiệp gặp khó khăn do dịch bệnh được gia hạn nộp thuế thêm 3 tháng; tổng số thuế "
             "được gia hạn trong quý III là 250 tỷ đồng.")
    assert extractor.extract(firms).facts == []
