"""Readers on real files (every encoding and failure the field throws at us) and writers read back."""
from __future__ import annotations

import csv
import io
import json
import os
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from extractor.io import (FLAT_COLUMNS, DecodeFailure, InputDoc, ReadFailure, decode_bytes,
                          iter_inputs, open_writer)
from extractor.models import Article, CurrentUnit, Evidence, Fact, Location, Time

TITLE = "Bắc Kạn giảm tỷ lệ hộ nghèo đa chiều"
BODY = ("Năm 2022, tỷ lệ hộ nghèo đa chiều giảm 2,66% (giảm từ 27,37% xuống còn 24,71%). "
        "Đồng bào dân tộc thiểu số được hỗ trợ vốn vay ưu đãi.")
ARTICLE_TEXT = f"{TITLE}\n{BODY}\n"

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese files store them: letter (ă, ê, ơ …) + combining tone mark.

    Plain NFD would also split ă into a + breve, which cp1258 cannot encode, so only the five
    tone marks are split off.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258")


# ---------------------------------------------------------------- decode_bytes

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_unicode_encodings(encoding):
    assert decode_bytes(ARTICLE_TEXT.encode(encoding)) == ARTICLE_TEXT


def test_decode_windows_1258_is_nfc():
    data = to_cp1258(ARTICLE_TEXT)
    assert b"\xcc" in data or b"\xd2" in data  # really has combining tone marks
    assert decode_bytes(data) == ARTICLE_TEXT


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text: looks like a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "not text: looks like a PDF document"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "not text: looks like a JPEG image"),
    (b"GIF89a\x01\x00", "not text: looks like a GIF image"),
    (b"PK\x03\x04\x14\x00", "not text: looks like a ZIP archive"),
    (b"\x1f\x8b\x08\x00", "not text: looks like a gzip archive"),
    (b"\x00\x01\x02\x03\xfe\x00\xff\x10\x00\x00\x07", "not text: binary data (contains NUL bytes)"),
    ("Été à Paris, café crème".encode("latin-1"), "cannot decode: not UTF-8, UTF-16 or Windows-1258"),
    (b"abc\x01\x02\x03\x04def", "not text: too many control characters"),
])
def test_decode_failures(data, reason):
    with pytest.raises(DecodeFailure) as info:
        decode_bytes(data)
    assert str(info.value) == reason


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=512))
def test_decode_bytes_raises_only_decode_failure(data):
    try:
        text = decode_bytes(data)
    except DecodeFailure as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                        "ùúủũụừứửữựỳýỷỹỵ ,.\n0123456789", min_size=1, max_size=200),
       st.sampled_from(["utf-8", "utf-16", "cp1258"]))
def test_decode_roundtrips_vietnamese(text, encoding):
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    try:
        assert decode_bytes(data) == text
    except DecodeFailure:
        # Only cp1258 may refuse, and only text too thin to be recognised as Vietnamese.
        assert encoding == "cp1258"
        assert not any(c in "ăâđêôơư" or "\u1ea0" <= c <= "\u1ef9" for c in text)


# ---------------------------------------------------------------- a folder of everything

@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a_plain.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (d / "b_page.html").write_bytes(f"<html><head><title>{TITLE}</title></head><body><p>{BODY}</p></body></html>"
                                    .encode("utf-8"))
    (d / "c_records.jsonl").write_text("\n".join([
        json.dumps({"text": ARTICLE_TEXT, "title": TITLE, "url": "https://baobackan.vn/a", "published": "2024-07-27",
                    "source": "baobackan.vn"}, ensure_ascii=False),
        '{"text": "broken',
        "",
        json.dumps({"html": "<p>Xin chào</p>", "id": "own-id"}),
    ]) + "\n", encoding="utf-8")
    (d / "d_utf16.txt").write_bytes(ARTICLE_TEXT.encode("utf-16-le"))  # no BOM: NUL pattern
    (d / "e_cp1258.txt").write_bytes(to_cp1258(ARTICLE_TEXT))
    (d / "f_empty.txt").write_bytes(b"  \n\t\n")
    (d / "g_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (d / "h_junk.txt").write_bytes(bytes(range(256)) * 4)
    (d / "sub" / "i_nested.txt").write_text("Một dòng duy nhất không có tiêu đề.", encoding="utf-8")
    (d / "sub" / "j_list.json").write_text(json.dumps([{"text": BODY, "title": TITLE}, {"title": "no body"}],
                                                      ensure_ascii=False), encoding="utf-8")
    (d / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (d / "notes.md").write_text("unknown extension", encoding="utf-8")
    return d


def test_folder_yields_docs_and_failures(corpus):
    items = list(iter_inputs([str(corpus)]))
    paths = [i.path for i in items]
    # Sorted, recursive, hidden and unknown extensions skipped, paths as given (joined to the folder).
    assert all(p.startswith(str(corpus)) for p in paths)
    assert not any(".hidden" in p or "notes.md" in p for p in paths)
    docs = [i for i in items if isinstance(i, InputDoc)]
    fails = {i.path[len(str(corpus)) + 1:]: i.reason for i in items if isinstance(i, ReadFailure)}

    assert fails == {
        "c_records.jsonl:2": fails["c_records.jsonl:2"],
        "f_empty.txt": "empty file",
        "g_image.txt": "not text: looks like a PNG image",
        "h_junk.txt": "not text: binary data (contains NUL bytes)",
        os.path.join("sub", "j_list.json") + "[2]": "record has no text or html",
    }
    assert fails["c_records.jsonl:2"].startswith("bad JSON on line 2: ")

    ids = [d.id for d in docs]
    assert ids == ["a_plain", "b_page", "c_records#1", "own-id", "d_utf16", "e_cp1258", "i_nested", "j_list#1"]
    doc = {d.id: d for d in docs}

    plain = doc["a_plain"]
    assert plain.title == TITLE and plain.text == ARTICLE_TEXT and plain.html is None

    page = doc["b_page"]
    assert isinstance(page.html, bytes) and page.html.startswith(b"<html>") and page.text is None

    rec = doc["c_records#1"]
    assert (rec.text, rec.url, rec.published, rec.source, rec.title) == (
        ARTICLE_TEXT, "https://baobackan.vn/a", "2024-07-27", "baobackan.vn", TITLE)
    assert rec.path == str(corpus / "c_records.jsonl")
    assert doc["own-id"].html == "<p>Xin chào</p>" and doc["own-id"].text is None

    for name in ("d_utf16", "e_cp1258"):
        assert doc[name].text == ARTICLE_TEXT and doc[name].title == TITLE

    # One line ending in a period: no title.
    assert doc["i_nested"].title is None and doc["i_nested"].text.startswith("Một dòng")
    assert doc["j_list#1"].text == BODY and doc["j_list#1"].title == TITLE


def test_not_recursive(corpus):
    items = list(iter_inputs([str(corpus)], recursive=False))
    assert not any(os.sep + "sub" + os.sep in i.path for i in items)


def test_explicit_files_relative_paths_and_unknown_extension(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    items = list(iter_inputs(["notes.md", "a_plain.txt", "missing.txt"]))
    assert isinstance(items[0], InputDoc) and items[0].text == "unknown extension" and items[0].id == "notes"
    assert items[1].path == "a_plain.txt"  # relative stays relative
    assert isinstance(items[2], ReadFailure) and items[2].path == "missing.txt"
    assert items[2].reason.startswith("cannot read: ")


def test_title_rules(tmp_path):
    long_first = "x" * 201
    cases = {
        "short.txt": (f"{TITLE}\n\n{BODY}", TITLE),
        "period.txt": (f"Câu đầu kết thúc bằng dấu chấm.\n{BODY}", None),
        "long.txt": (f"{long_first}\n{BODY}", None),
        "alone.txt": (f"{TITLE}\n\n", None),
        "leading_blank.txt": (f"\n\n  {TITLE}  \n{BODY}", TITLE),
    }
    for name, (text, _) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for item in iter_inputs([str(tmp_path)]):
        text, title = cases[os.path.basename(item.path)]
        assert item.title == title, item.path
        assert item.text == text  # the title stays part of the text


def test_unreadable_file_and_directory_loop(tmp_path):
    d = tmp_path / "loop"
    d.mkdir()
    (d / "ok.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    os.symlink(d, d / "again")  # loop: loop/again -> loop
    locked = d / "locked.txt"
    locked.write_text(ARTICLE_TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        items = list(iter_inputs([str(d)]))
    finally:
        locked.chmod(0o644)
    fails = {os.path.basename(i.path): i.reason for i in items if isinstance(i, ReadFailure)}
    assert fails["again"].startswith("directory loop")
    if os.geteuid() != 0:  # root reads anything
        assert fails["locked.txt"].startswith("cannot read: ")
    assert [i.id for i in items if isinstance(i, InputDoc)].count("ok") == 1


def test_warc_pages(tmp_path):
    pytest.importorskip("extractor.fetch")
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc)
    items = list(iter_inputs([str(tmp_path)]))  # found in a folder by its double extension
    docs = [i for i in items if isinstance(i, InputDoc)]
    assert len(items) == len(docs)
    assert [d.url for d in docs] == ["https://example.vn/a"]  # the 404 and the image are skipped
    assert docs[0].html.startswith(b"<html>") and docs[0].text is None and docs[0].published is None
    assert len(docs[0].id) == 16 and docs[0].path == str(warc)


def test_warc_without_fetch_support(tmp_path, monkeypatch):
    import sys

    warc = tmp_path / "crawl.warc"
    warc.write_bytes(b"WARC/1.1\r\n")
    monkeypatch.setitem(sys.modules, "extractor.fetch", None)  # what a missing module looks like
    [item] = iter_inputs([str(warc)])
    assert isinstance(item, ReadFailure) and item.reason.startswith("WARC support is unavailable")


def _write_warc(path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, status, ctype, body in [
            ("https://example.vn/a", "200 OK", "text/html; charset=utf-8", f"<html><p>{BODY}</p></html>".encode()),
            ("https://example.vn/missing", "404 Not Found", "text/html", b"<html>404</html>"),
            ("https://example.vn/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(rec)


# ---------------------------------------------------------------- stdin

def _stdin(data: bytes):
    return list(iter_inputs(["-"], stdin=io.BytesIO(data)))


def test_stdin_text():
    [doc] = _stdin(("\ufeff" + ARTICLE_TEXT).encode("utf-8"))
    assert doc.id == "stdin" and doc.path is None and doc.text == ARTICLE_TEXT and doc.title == TITLE


def test_stdin_html():
    data = b"\xef\xbb\xbf  \n<!doctype html><html><body>" + BODY.encode() + b"</body></html>"
    [doc] = _stdin(data)
    assert doc.html == data and doc.text is None and doc.id == "stdin"


def test_stdin_jsonl():
    lines = [json.dumps({"text": BODY, "url": "https://a.vn/1"}), "", json.dumps({"html": "<p>x</p>"})]
    docs = _stdin("\n".join(lines).encode())
    assert [d.id for d in docs] == ["stdin#1", "stdin#3"]
    assert docs[0].text == BODY and docs[0].url == "https://a.vn/1" and docs[1].html == "<p>x</p>"


def test_stdin_mostly_json_is_text():
    data = json.dumps({"text": BODY}) + "\nnhưng dòng này không phải JSON\n"
    [doc] = _stdin(data.encode())
    assert doc.text == data


def test_stdin_cp1258_and_failures():
    [doc] = _stdin(to_cp1258(ARTICLE_TEXT))
    assert doc.text == ARTICLE_TEXT
    assert _stdin(b" \n") == [ReadFailure("-", "empty file")]
    assert _stdin(b"%PDF-1.4\n") == [ReadFailure("-", "not text: looks like a PDF document")]


def test_stdin_between_files(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    items = list(iter_inputs([str(tmp_path / "a.txt"), "-"], stdin=io.BytesIO(BODY.encode())))
    assert [i.id for i in items] == ["a", "stdin"]


# ---------------------------------------------------------------- writers

def _facts() -> list[Fact]:
    loc = Location(level="province", name="Bắc Kạn", type="tỉnh", code="06", province="Bắc Kạn",
                   current=CurrentUnit(level="province", name="Thái Nguyên", type="tỉnh", code="19"))
    change = Fact(indicator="poverty_rate", kind="change", value=-2.66, unit="%", population="all",
                  location=loc, time=Time(year=2022), attributes={"standard": "multidimensional"},
                  evidence=Evidence(start=77, end=82, text="2,66%", sentence=BODY.split(". ")[0] + "."))
    target = Fact(indicator="funding", kind="level", range=(760_800_000_000.0, 800_000_000_000.0), unit="VND",
                  bound="about", status="target", time=Time(period=(2021, 2025), point="end", date="2025-12"),
                  evidence=Evidence(start=120, end=135, text="760,8-800 tỷ", sentence="Vốn 760,8-800 tỷ đồng."))
    return [change, target]


def _articles() -> list[Article]:
    return [
        Article(id="bk1", text=ARTICLE_TEXT, title=TITLE, url="https://baobackan.vn/a", path="in/a.txt",
                published="2024-07-27T16:39:00+07:00", source="baobackan.vn", author="Thu Hương", facts=_facts()),
        Article(id="empty", text="Không có số liệu.", facts=[]),
        Article(id="bk2", text=BODY, facts=_facts()[:1]),
    ]


def _write(fmt, out):
    with open_writer(fmt, out) as w:
        for a in _articles():
            w.write(a)


def test_jsonl_writer(tmp_path):
    out = tmp_path / "facts.jsonl"
    _write("jsonl", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert rows[2] == {"doc": _articles()[1].doc_ref().model_dump(mode="json"), "facts": 0, "reason": None}
    del rows[2]
    a = _articles()[0]
    for row, fact in zip(rows[:2], a.facts):
        assert row == fact.model_copy(update={"doc": a.doc_ref()}).model_dump(mode="json")
    assert rows[0]["doc"] == {"id": "bk1", "path": "in/a.txt", "url": "https://baobackan.vn/a", "title": TITLE,
                              "published": "2024-07-27T16:39:00+07:00", "source": "baobackan.vn",
                              "author": "Thu Hương", "fetched_at": None, "stored_at": None,
                              "revision": None, "current": None}
    assert rows[2]["doc"]["id"] == "bk2"
    assert "Bắc Kạn" in out.read_text(encoding="utf-8")  # not \u-escaped


def test_jsonl_lines_rendered_in_a_worker_are_the_writers_own(tmp_path):
    from extractor.io.writers import Rendered, rendered_jsonl
    from extractor.api import extract_record

    records = [extract_record("Năm 2023, huyện Pác Nặm còn 2.104 hộ nghèo, chiếm 27,5%.", id="a1"),
               extract_record("Giá vé trận chung kết là 500.000 đồng.", id="a2")]
    direct, rendered = tmp_path / "direct.jsonl", tmp_path / "rendered.jsonl"
    with open_writer("jsonl", str(direct)) as w:
        for r in records:
            w.write(r)
    with open_writer("jsonl", str(rendered)) as w:
        for r in records:
            item = rendered_jsonl(r)
            assert isinstance(item, Rendered) and item.fact_count == len(r.facts)
            w.write(item)
    assert rendered.read_bytes() == direct.read_bytes()
    assert records[0].facts and not records[1].facts


def test_an_article_that_cannot_be_written_is_not_rendered_in_a_worker():
    from extractor.io.writers import rendered_jsonl
    from extractor.api import extract_record

    record = extract_record("Năm 2023, huyện còn 2.104 hộ nghèo.", id="a1")
    record.title = "lỗi \ud800"  # a lone surrogate: no UTF-8 for it
    with pytest.raises(ValueError, match="a1"):
        rendered_jsonl(record)


def test_json_writer_to_stream():
    buf = io.StringIO()
    _write("json", buf)
    assert not buf.closed  # a borrowed stream stays open
    data = json.loads(buf.getvalue())
    assert [a["id"] for a in data] == ["bk1", "empty", "bk2"]
    first = data[0]
    assert set(first) == {"id", "url", "path", "title", "published", "source", "author", "fetched_at", "stored_at",
                          "revision", "current", "relevant", "reason", "text", "facts"}
    assert first["text"] == ARTICLE_TEXT and first["facts"][0]["value"] == -2.66
    assert first["author"] == "Thu Hương" and first["published"] == "2024-07-27T16:39:00+07:00"
    assert first["facts"][1]["range"] == [760_800_000_000.0, 800_000_000_000.0]
    assert data[1]["facts"] == []
    assert "Bắc Kạn" in buf.getvalue()


def test_json_writer_empty_and_stdout(capsys):
    with open_writer("json", None):
        pass
    assert json.loads(capsys.readouterr().out) == []


def test_csv_writer(tmp_path):
    out = tmp_path / "facts.csv"
    _write("csv", str(out))
    with open(out, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == FLAT_COLUMNS
        rows = list(reader)
    assert len(rows) == 4
    change, target, empty, again = rows
    assert (empty["doc_id"], empty["doc_facts"], empty["indicator"]) == ("empty", "0", "")
    assert change["doc_facts"] == "2" and again["doc_facts"] == "1"
    assert change["doc_id"] == "bk1" and change["doc_title"] == TITLE and change["doc_path"] == "in/a.txt"
    assert (change["doc_published"], change["doc_author"]) == ("2024-07-27T16:39:00+07:00", "Thu Hương")
    assert float(change["value"]) == -2.66 and change["range_low"] == ""
    assert (change["location_name"], change["location_code"], change["location_current_name"],
            change["location_current_code"]) == ("Bắc Kạn", "06", "Thái Nguyên", "19")
    assert change["time_year"] == "2022" and json.loads(change["attributes"]) == {"standard": "multidimensional"}
    assert (change["evidence_start"], change["evidence_end"], change["evidence_text"]) == ("77", "82", "2,66%")
    assert target["value"] == "" and target["range_low"] == "760800000000" and target["range_high"] == "800000000000"
    assert (target["bound"], target["status"], target["time_point"], target["time_date"]) == (
        "about", "target", "end", "2025-12")
    assert (target["time_period_start"], target["time_period_end"]) == ("2021", "2025")
    assert target["location_level"] == "" and json.loads(target["attributes"]) == {}
    assert again["doc_id"] == "bk2" and again["doc_url"] == ""


def test_csv_header_once_and_an_article_without_facts_has_its_row():
    buf = io.StringIO()
    with open_writer("csv", buf) as w:
        w.write(_articles()[1])
    header, row = list(csv.reader(io.StringIO(buf.getvalue())))
    assert header == FLAT_COLUMNS
    assert row[:FLAT_COLUMNS.index("indicator") + 1] == ["empty", "", "", "", "", "", "", "", "", "", "", "0", "", ""]  # no fact


def test_parquet_writer(tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "facts.parquet"
    with open_writer("parquet", str(out)) as w:
        w.batch_size = 2  # several row groups with a handful of rows
        for _ in range(3):
            for a in _articles():
                w.write(a)
    table = pq.read_table(out)
    assert table.column_names == FLAT_COLUMNS
    assert table.num_rows == 12
    assert pq.ParquetFile(out).num_row_groups >= 4
    rows = table.to_pylist()
    assert (rows[2]["doc_id"], rows[2]["doc_facts"], rows[2]["indicator"]) == ("empty", 0, None)
    del rows[2]
    assert rows[0]["value"] == -2.66 and rows[0]["time_year"] == 2022 and rows[0]["location_name"] == "Bắc Kạn"
    assert rows[1]["value"] is None and rows[1]["range_low"] == 760_800_000_000.0
    assert rows[1]["time_period_end"] == 2025 and rows[1]["evidence_start"] == 120
    assert rows[2]["doc_id"] == "bk2"


def test_parquet_needs_a_path():
    with pytest.raises(ValueError, match="file path"):
        open_writer("parquet", None)
    with pytest.raises(ValueError, match="file path"):
        open_writer("parquet", io.StringIO())


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown output format"):
        open_writer("xml", io.StringIO())


def test_jsonl_in_other_encodings(tmp_path):
    lines = [json.dumps({"text": ARTICLE_TEXT}, ensure_ascii=False), json.dumps({"text": BODY}, ensure_ascii=False)]
    (tmp_path / "a16.jsonl").write_bytes("\n".join(lines).encode("utf-16"))
    # Windows-1258 lines are decoded one by one; a line of junk fails alone.
    (tmp_path / "b1258.ndjson").write_bytes(to_cp1258(lines[0]) + b"\n\x81\x8d\x8f\x90\x9d\n" + to_cp1258(lines[1]))
    items = list(iter_inputs([str(tmp_path)]))
    got = [(i.id, i.text) if isinstance(i, InputDoc) else (i.path.rsplit(os.sep, 1)[1], i.reason) for i in items]
    assert got == [
        ("a16#1", ARTICLE_TEXT), ("a16#2", BODY),
        ("b1258#1", ARTICLE_TEXT),
        ("b1258.ndjson:2", "line 2: cannot decode: not UTF-8, UTF-16 or Windows-1258"),
        ("b1258#3", BODY),
    ]


def test_same_folder_twice_is_no_loop(corpus):
    items = list(iter_inputs([str(corpus / "sub"), str(corpus)]))
    assert not any(isinstance(i, ReadFailure) and "loop" in i.reason for i in items)


def test_deeply_nested_json_is_a_failure_not_a_crash(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": BODY}),
                                         encoding="utf-8")
    items = list(iter_inputs([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "ReadFailure", "InputDoc"]
    assert "nested too deeply" in items[0].reason
