"""Tables flattened to one cell a line: the column and the row a number in a cell is read in.

A statistics page copied as text often loses its grid and keeps one cell a line::

    TT / Đơn vị / Tổng số hộ dân cư / Hộ nghèo / Hộ cận nghèo / Số lượng (hộ) / Tỉ lệ (%) / …
    Toàn tỉnh / 390.519 / 41.050 / 10.51 / 31.377 / 8.03
    1 / Thành phố Việt Trì / 55.518 / 707 / 1.27 / 578 / 1.04

Read back, each number sits in a column (its header, under the header of its group when two
rows of headers share one) and in a row (the label at the row's head, usually a place). The
header words are data (``table_headers`` in ``patterns/facts.yaml``); the indicator rules read a
cell from them as they read a sentence from its cue words.

A data portal writes a row a line instead, under a line of years ("Chỉ tiêu ĐV tính 2010 2011 …",
then "Tỷ lệ hộ nghèo % 15.40 12.11 …"): each value's header is its row's words, its label the year
over it (:func:`_year_column_rows`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from .. import rxstore

_NUMBER = rxstore.compile(r"[-+]?\d[\d.,]*\s*%?")
_INDEX = rxstore.compile(r"\d{1,3}")  # a row's running number: "1", "12"
_CELL_MAX = 48  # characters of the longest cell
_MIN_LINES = 8  # lines of the smallest table worth reading


@dataclass(frozen=True)
class Cell:
    """Where a number of a table stands: the spans of its column's headers (the group's header
    first, when there is one), the span of its row's label, and the label of the section its
    row is in ("I | Khu vực thành thị | …" over the districts after it), if any."""
    headers: tuple[tuple[int, int], ...]
    label: tuple[int, int]
    section: Optional[tuple[int, int]] = None


_PIPE_MIN = 3  # cells of a row written with bars: "1 | Huyện Tuy Phước | 8,08 | 650 |"


def bar_row(clean: str, start: int, end: int) -> bool:
    """``clean[start:end]`` is a row of cells written with bars."""
    return clean.count("|", start, end) >= _PIPE_MIN - 1
_ROMAN = rxstore.compile(r"[IVX]{1,4}")  # a section's number: "I", "II"
_COLUMN_NUMBER = rxstore.compile(r"[A-Z]|\d{1,2}|\(\d{1,2}\)")  # "A | B | 1 | 2": the columns' numbers


def _lines(clean: str) -> Iterator[tuple[int, int]]:
    """The non-blank lines of ``clean``, stripped, as (start, end)."""
    pos = 0
    for line in clean.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            yield start, start + len(stripped)
        pos += len(line) + 1


# a line that ends with three years or more, any white space of a line between them: the header of
# rows of one indicator by year
_YEARS_LINE = rxstore.compile(r"(?:19|20)\d\d(?:[^\S\n]+(?:19|20)\d\d){2,}[^\S\n]*$", re.M)


def may_hold_tables(clean: str) -> bool:
    """Cheap test before :func:`find_cells`: enough lines for a flattened table, bars, or a line
    that ends with years (the header of rows of one indicator by year)."""
    return clean.count("\n") >= _MIN_LINES or "|" in clean or _YEARS_LINE.search(clean) is not None


def find_cells(clean: str, key: str, headers) -> dict[int, Cell]:
    """Every number of every flattened table of the text, by its start. ``headers`` answers
    which header cells are generic (``sub``: "Số lượng (hộ)", "Tỉ lệ (%)") and which head the
    rows' labels (``label``: "TT", "Đơn vị")."""
    lines = list(_lines(clean))
    out: dict[int, Cell] = {}
    out.update(_pipe_tables(clean, key, lines, headers))
    by_year = _year_column_rows(clean, lines) if _YEARS_LINE.search(clean) else {}
    out.update(by_year)
    lines = [ln for ln in lines if not bar_row(clean, *ln) and not any(ln[0] <= x < ln[1] for x in by_year)]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j][1] - lines[j][0] <= _CELL_MAX:
            j += 1
        if j - i >= _MIN_LINES:
            # the line before a block may be its caption, too long for a cell ("85. Tỷ lệ hộ
            # nghèo phân theo thành thị, nông thôn")
            out.update(_read_block(clean, key, lines[i:j], headers, lines[i - 1] if i > 0 else None))
        i = max(j, i + 1)
    return out


def _read_block(clean: str, key: str, lines, headers, caption=None) -> dict[int, Cell]:
    is_num = [bool(_NUMBER.fullmatch(clean[s:e])) for s, e in lines]
    first = next((x for x in range(len(lines) - 1)
                  if not is_num[x] and _row_cells(clean, lines, is_num, x + 1)), None)
    if first is None:
        return {}
    run_end = first + 1
    while run_end < len(lines) and is_num[run_end]:
        run_end += 1
    per_year = _year_rows(clean, lines[first + 1:run_end])
    if per_year:  # rows headed by years: "2010 / 23,92 / 11,11 / 26,08 / 2011 / …"
        head = ([caption] if caption is not None else []) + lines[:first + 1]
        return _read_year_rows(clean, key, head, lines[first + 1:run_end], per_year, headers)
    width = len(_row_cells(clean, lines, is_num, first + 1))
    header = [lines[x] for x in range(first) if not is_num[x]]
    leaves = _leaves(key, header, width, headers)
    if leaves is None:
        return {}
    out: dict[int, Cell] = {}
    x, expect = first, None
    while x < len(lines):
        if is_num[x]:
            run = clean[lines[x][0]:lines[x][1]]
            expect = int(run) + 1 if _INDEX.fullmatch(run) else None
            x += 1  # a row's running number
            continue
        label = lines[x]
        cells = _row_cells(clean, lines, is_num, x + 1, expect)
        x += 1 + len(cells)
        if len(cells) == width:
            for cell, head in zip(cells, leaves):
                out[cell[0]] = Cell(head, label)
    return out


YEAR = rxstore.compile(r"(?:19[5-9]\d|20[0-4]\d)")  # a year heading a row
_MAX_COLUMNS = 8


def _year_rows(clean: str, run) -> int:
    """The number of values a row holds when the run of numbers is rows each headed by a year,
    the years in order ("2010, 23,92, 11,11, 26,08, 2011, …"); 0 when it is not."""
    texts = [clean[s:e] for s, e in run]
    for width in range(1, _MAX_COLUMNS + 1):
        step = width + 1
        if len(texts) % step or len(texts) // step < 2:
            continue
        heads = texts[::step]
        if all(YEAR.fullmatch(h) for h in heads) and heads == sorted(heads) and \
                not any(YEAR.fullmatch(t) for i, t in enumerate(texts) if i % step):
            return width
    return 0


def _bilingual(clean: str, span) -> bool:
    """A header line in another language beside the Vietnamese one (statistical yearbooks:
    "Tỷ lệ hộ nghèo / Poverty rate", "Thành thị / Urban"): letters, all ASCII."""
    text = clean[span[0]:span[1]]
    return text.isascii() and any(ch.isalpha() for ch in text)


def _read_year_rows(clean: str, key: str, head, run, width: int, headers) -> dict[int, Cell]:
    """A table whose rows are years: each value under its column's header and, above them all,
    the table's title (the header line before the columns' headers), its row's year as label."""
    header = [ln for ln in head if not _NUMBER.fullmatch(clean[ln[0]:ln[1]])]
    own = [ln for ln in header if not _bilingual(clean, ln)]
    if len(own) >= width:
        header = own
    seen, distinct = set(), []
    for ln in header:
        text = key[ln[0]:ln[1]].strip()
        if text not in seen:
            seen.add(text)
            distinct.append(ln)
    leaves = _leaves(key, distinct, width, headers)
    if leaves is None:
        return {}
    first_leaf = min(span[0] for leaf in leaves for span in leaf)
    titles = [ln for ln in distinct if ln[0] < first_leaf]
    title = (titles[-1],) if titles else ()
    out: dict[int, Cell] = {}
    step = width + 1
    for r in range(0, len(run), step):
        label = run[r]
        for cell, leaf in zip(run[r + 1:r + step], leaves):
            out[cell[0]] = Cell(title + tuple(leaf), label)
    return out


def _row_cells(clean: str, lines, is_num, x: int, expect: Optional[int] = None) -> list:
    """The numbers of the row starting at line ``x``, without the next row's running number
    (``expect``: the number it must be, when the rows before were numbered)."""
    cells = []
    while x < len(lines) and is_num[x]:
        cells.append(lines[x])
        x += 1
    last = clean[cells[-1][0]:cells[-1][1]] if cells else ""
    if x < len(lines) and _INDEX.fullmatch(last) and (expect is None or int(last) == expect):
        cells.pop()  # "…, 8.03, 1, Thành phố Việt Trì": the 1 opens the next row
    return cells


def _leaves(key: str, header, width: int, headers) -> Optional[list[tuple]]:
    """The header spans of each of the ``width`` columns: one header, or a group's header and a
    generic one under it ("Hộ nghèo" over "Số lượng (hộ)" and "Tỉ lệ (%)")."""
    def text(span):
        return key[span[0]:span[1]].strip()

    sub: list = []
    for span in reversed(header):
        if not headers.sub.fullmatch(text(span)):
            break
        sub.insert(0, span)
    tops = [s for s in header[:len(header) - len(sub)] if not headers.label.fullmatch(text(s))]
    if not sub:
        return [(t,) for t in tops[-width:]] if len(tops) >= width else None
    singles = width - len(sub)
    per = next(p for p in range(1, len(sub) + 1)
               if len(sub) % p == 0 and all(text(sub[i]) == text(sub[i % p]) for i in range(len(sub))))
    groups = len(sub) // per
    if singles < 0 or len(tops) < singles + groups:
        return None
    tops = tops[len(tops) - singles - groups:]
    leaves = [(t,) for t in tops[:singles]]
    for g, top in enumerate(tops[singles:]):
        leaves.extend((top, sub[g * per + p]) for p in range(per))
    return leaves


_TOKEN = rxstore.compile(r"\S+")
_MIN_YEARS = 3  # columns of years of the smallest table of an indicator by year


def _year_column_rows(clean: str, lines) -> dict[int, Cell]:
    """Rows of one indicator each, written on one line with a value a year, under a line that ends
    with the years ("Chỉ tiêu ĐV tính 2010 2011 … 2018", then "Tỷ lệ hộ nghèo % 15.40 12.11 …"):
    each value's column header is its row's label (the indicator), its row's "label" the year over
    it, so the cell reads as a table's cells read (``Cell``). A row with fewer values than years
    fills the first years."""
    out: dict[int, Cell] = {}
    years: list[tuple[int, int]] = []
    for start, end in lines:
        tokens = [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(clean[start:end])]
        tail = _numbers_at_end(clean, tokens)
        heads = [clean[a:b] for a, b in tail]
        if len(tail) >= _MIN_YEARS and all(YEAR.fullmatch(h) for h in heads) and \
                all(int(b) == int(a) + 1 for a, b in zip(heads, heads[1:])):
            # the header: the years the columns are of, after the words that head the rows or on a
            # line of their own under them ("TT Chỉ tiêu ĐVT Thời kỳ 2007-2011", then "2007 2008 …")
            years = tail
            continue
        if not years:
            continue
        if len(tail) < _MIN_YEARS or len(tail) > len(years) or len(tail) == len(tokens) or \
                all(YEAR.fullmatch(clean[a:b].rstrip(".")) for a, b in tail):  # (years again: prose)
            if not tail and len(tokens) <= _SECTION_WORDS:
                continue  # a section's heading between rows ("3. GIẢM NGHÈO")
            years = []  # prose again: the table has ended
            continue
        label = (tokens[0][0], tail[0][0] - 1)
        for cell, year in zip(tail, years):
            out[cell[0]] = Cell((label,), year)
    return out


_SECTION_WORDS = 6


def _numbers_at_end(clean: str, tokens) -> list[tuple[int, int]]:
    """The tokens at the end of a line that are numbers, in order."""
    n = len(tokens)
    while n > 0 and _NUMBER.fullmatch(clean[tokens[n - 1][0]:tokens[n - 1][1]]):
        n -= 1
    return tokens[n:]


def _split(clean: str, line: tuple[int, int]) -> list[tuple[int, int]]:
    """The cells of a line written with bars, each stripped, empty ones left out."""
    cells, pos = [], line[0]
    for part in clean[line[0]:line[1]].split("|"):
        stripped = part.strip()
        if stripped:
            start = pos + part.index(stripped[0])
            cells.append((start, start + len(stripped)))
        pos += len(part) + 1
    return cells


def _pipe_tables(clean: str, key: str, lines, headers) -> dict[int, Cell]:
    """Tables whose rows are lines of cells between bars (as HTML tables come out as text). A
    header may run over several lines; a line of column numbers ("A | B | 1 | 2") is no header;
    a row numbered I, II … heads a section of the rows after it."""
    out: dict[int, Cell] = {}
    block: list = []
    for ln in lines + [(len(clean), len(clean))]:
        if bar_row(clean, *ln):
            block.append(_split(clean, ln))
            continue
        if len(block) >= 2:
            out.update(_read_pipe_block(clean, key, block, headers))
        block = []
    return out


def _read_pipe_block(clean: str, key: str, rows, headers) -> dict[int, Cell]:
    def num(span):
        return bool(_NUMBER.fullmatch(clean[span[0]:span[1]]))

    header: list = []
    out: dict[int, Cell] = {}
    section = None
    for row in rows:
        values = [c for c in row if num(c)]
        if all(_COLUMN_NUMBER.fullmatch(clean[a:b]) for a, b in row):
            continue  # "A | B | 1 | 2 | …"
        # the values start at the first number after the row's label ("1 | Huyện … | 8,08 | …")
        first_value = next((i for i, c in enumerate(row) if num(c) and any(not num(x) for x in row[:i])), None)
        if first_value is None or not values:
            if not out:
                header.extend(row)  # a header, maybe over several lines
            continue
        labels = [c for c in row[:first_value] if not num(c)]
        if not labels:
            continue
        cells = row[first_value:]
        leaves = _leaves(key, header, len(cells), headers)
        if leaves is None:
            continue
        label = labels[-1]
        if _ROMAN.fullmatch(clean[row[0][0]:row[0][1]]):
            section = label
        for cell, head in zip(cells, leaves):
            if num(cell):
                out[cell[0]] = Cell(head, label, section)
    return out
