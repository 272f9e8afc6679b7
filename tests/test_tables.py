"""Tables flattened one cell a line (facts/tables.py): which column and row each number is in."""
from extractor.facts.cues import cues
from extractor.facts.tables import find_cells
from extractor.text import Text


def _read(lines: list[str]) -> dict[str, tuple]:
    t = Text.of("\n".join(lines))
    cells = find_cells(t.clean, t.key, cues().table_headers)
    return {t.clean[s:s + len(t.clean[s:].split("\n")[0])]: (
        tuple(t.clean[a:b] for a, b in cell.headers), t.clean[cell.label[0]:cell.label[1]])
        for s, cell in cells.items()}


def test_two_rows_of_headers_share_the_group_header():
    got = _read(["TT", "Đơn vị", "Tổng số hộ", "Hộ nghèo", "Số lượng (hộ)", "Tỉ lệ (%)",
                 "Toàn huyện", "5.400", "610", "11.30", "1", "Xã Tà Mung", "900", "210", "23.33"])
    assert got == {
        "5.400": (("Tổng số hộ",), "Toàn huyện"),
        "610": (("Hộ nghèo", "Số lượng (hộ)"), "Toàn huyện"),
        "11.30": (("Hộ nghèo", "Tỉ lệ (%)"), "Toàn huyện"),
        "900": (("Tổng số hộ",), "Xã Tà Mung"),
        "210": (("Hộ nghèo", "Số lượng (hộ)"), "Xã Tà Mung"),
        "23.33": (("Hộ nghèo", "Tỉ lệ (%)"), "Xã Tà Mung"),
    }


def test_one_row_of_headers_and_the_running_numbers_left_out():
    got = _read(["STT", "Huyện", "Hộ nghèo", "Hộ cận nghèo", "1", "Mèo Vạc", "3.120", "1.450",
                 "2", "Đồng Văn", "2.980", "1.310", "3", "Yên Minh", "2.400", "1.200"])
    assert got["3.120"] == (("Hộ nghèo",), "Mèo Vạc")
    assert got["1.310"] == (("Hộ cận nghèo",), "Đồng Văn")
    assert "2" not in got and "3" not in got and len(got) == 6


def test_short_lines_without_a_grid_are_no_table():
    assert _read(["Tin liên quan", "Giảm nghèo ở vùng cao", "Ngày 12/3", "Xem thêm", "Đọc nhiều",
                  "Thời tiết", "Liên hệ", "Quảng cáo", "Bản quyền 2024"]) == {}
    # a row whose width differs from the first is not read as the first's columns
    got = _read(["TT", "Đơn vị", "Hộ nghèo", "Hộ cận nghèo", "Toàn tỉnh", "12.000", "8.000",
                 "1", "Huyện A Lưới", "1.200", "Ghi chú", "Số liệu sơ bộ", "x", "y"])
    assert set(got) == {"12.000", "8.000"}


def test_a_small_last_cell_is_kept_when_it_is_not_the_next_running_number():
    got = _read(["TT", "Huyện", "Hộ nghèo", "Xã nghèo", "1", "Bảo Lâm", "4.100", "9",
                 "2", "Bảo Lạc", "3.900", "3", "3", "Hà Quảng", "2.800", "7"])
    assert got["9"] == (("Xã nghèo",), "Bảo Lâm")
    assert got["3.900"] == (("Hộ nghèo",), "Bảo Lạc") and got["7"] == (("Xã nghèo",), "Hà Quảng")
    assert "3" in got  # Bảo Lạc's 3 poor communes, then the running number 3 of Hà Quảng


def _read_text(text: str) -> dict[str, tuple]:
    t = Text.of(text)
    cells = find_cells(t.clean, t.key, cues().table_headers)
    return {t.clean[s:].split("|")[0].strip(): (
        tuple(t.clean[a:b] for a, b in cell.headers), t.clean[cell.label[0]:cell.label[1]],
        t.clean[cell.section[0]:cell.section[1]] if cell.section else None) for s, cell in cells.items()}


def test_rows_written_with_bars_a_header_over_two_lines_and_sections():
    got = _read_text("\n".join([
        "TT | ĐƠN VỊ | Tỷ lệ hộ nghèo (%) |",
        "Hộ nghèo | Hộ cận nghèo | |",
        "A | B | 1 | 2 | 3 | |",
        "I | Khu vực nông thôn | 7,12 | 4.310 | 2.950 | |",
        "1 | Huyện Ba Tơ | 21,40 | 1.902 | 655 | |",
        "II | Khu vực thành thị | 1,05 | 380 | 410 | |",
        "1 | Thị trấn Ba Tơ | 2,10 | 61 | 48 | |",
    ]))
    assert got["7,12"] == (("Tỷ lệ hộ nghèo (%)",), "Khu vực nông thôn", "Khu vực nông thôn")
    assert got["1.902"] == (("Hộ nghèo",), "Huyện Ba Tơ", "Khu vực nông thôn")
    assert got["48"] == (("Hộ cận nghèo",), "Thị trấn Ba Tơ", "Khu vực thành thị")
    assert "A" not in got and "1" not in got and len(got) == 12


def test_rows_headed_by_years_under_bilingual_headers():
    # a statistical yearbook's table: Vietnamese headers each followed by its English one,
    # rows of a year and its values; the title heads every column
    got = _read(["Trang 12", "85. Tỷ lệ hộ nghèo phân theo thành thị, nông thôn", "Poverty rate by residence",
                 "Tổng số", "Total", "Thành thị", "Urban", "Nông thôn", "Rural",
                 "2018", "9,45", "3,10", "11,62", "2019", "7,80", "2,46", "9,71", "2020", "6,02", "1,95", "7,48"])
    title = "85. Tỷ lệ hộ nghèo phân theo thành thị, nông thôn"
    assert got["9,45"] == ((title, "Tổng số"), "2018")
    assert got["2,46"] == ((title, "Thành thị"), "2019")
    assert got["7,48"] == ((title, "Nông thôn"), "2020")
    assert len(got) == 9 and "2019" not in got  # the years head rows, they are no cells


def test_a_run_of_numbers_that_years_do_not_head_evenly_is_not_read_as_years():
    # a year in a value's place, or years out of order, and the rows are not years
    got = _read(["TT", "Huyện", "Hộ nghèo", "Hộ cận nghèo", "2020", "1.400", "2019", "2021", "900", "2.000"])
    assert not any(label in ("2020", "2021") for _, label in got.values())


def test_a_yearbook_table_gives_each_year_its_facts():
    from extractor import extract

    text = "\n".join(["85. Tỷ lệ hộ nghèo", "Poverty rate", "Tổng số", "Total", "Thành thị", "Urban",
                      "Nông thôn", "Rural", "2018", "9,45", "3,10", "11,62", "2019", "7,80", "2,46", "9,71",
                      "Đơn vị tính - Unit: %"])
    facts = {(f.value, f.time.year, f.population) for f in extract(text, url="https://thongkequangngai.com/nien-giam/p1.html").facts
             if f.indicator == "poverty_rate"}
    assert facts == {(9.45, 2018, "all"), (3.10, 2018, "urban"), (11.62, 2018, "rural"),
                     (7.80, 2019, "all"), (2.46, 2019, "urban"), (9.71, 2019, "rural")}
    one = extract(text, url="https://thongkequangngai.com/nien-giam/p1.html").facts[0]
    assert one.location.name == "Quảng Ngãi"  # the statistics office's host names its province


def test_rows_of_one_indicator_each_under_a_line_of_years():
    """"Chỉ tiêu ĐV tính 2019 2020 2021 2022" over "Số hộ nghèo hộ 5210.00 4388.00 3702.00" (a data
    portal's rows, decimal points and all): each value of the year over it, the row's words its
    indicator; a row with fewer values fills the first years; prose after the table is no row, and a
    count of households that is no whole number gives no fact."""
    from extractor import extract

    text = "\n".join(["Kết quả giảm nghèo", "Chỉ tiêu ĐV tính 2019 2020 2021 2022", "GIẢM NGHÈO",
                      "Số hộ nghèo hộ 5210.00 4388.00 3702.00 3105.00",
                      "Số hộ thoát nghèo hộ 820.00 12.5 686.00",
                      "Tỷ lệ hộ nghèo % 6.20 5.15 4.31",
                      "Năm 2023 tỉnh tiếp tục phấn đấu giảm nghèo bền vững 2023 2024 2025."])
    facts = {(f.indicator, f.value, f.time.year) for f in extract(text).facts}
    assert facts == {("poor_households", 5210, 2019), ("poor_households", 4388, 2020),
                     ("poor_households", 3702, 2021), ("poor_households", 3105, 2022),
                     ("escaped_households", 820, 2019), ("escaped_households", 686, 2021),
                     ("poverty_rate", 6.2, 2019), ("poverty_rate", 5.15, 2020), ("poverty_rate", 4.31, 2021)}
