"""`extractor report DATASET_FOLDER`: a folder of `dataset build` read back as the page's articles
(the facts' sentences as text, every fact as extraction gave it), compared with the same inputs
read whole; the page opened in real headless Chromium; a folder that is neither named on one line."""
from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import test_report_page as whole_page
from test_report_page import browser, page  # noqa: F401  (fixtures, with this module's report_file)

from extractor.batch import extract_each
from extractor.cli import main
from extractor.io import ReadFailure, iter_inputs
from extractor.report.dataset import GAP, _sentences_text, read_dataset

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
FILES = ["camau_ra_soat_ho_ngheo_2024.txt", "caobang_ty_le_can_ngheo_tang.txt",
         "laocai_moi_ho_ngheo_can_ngheo_9_thang_2025.txt", "tuyenquang_sau_sap_xep_giam_ngheo_2025.txt"]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """Four corpus articles, an off-topic one, and a file that is no text."""
    folder = tmp_path_factory.mktemp("inputs")
    for name in FILES:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "xang.txt").write_text("Giá xăng\nGiá xăng tăng 1.200 đồng mỗi lít.", encoding="utf-8")
    (folder / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def whole(inputs) -> list:
    """What extraction gives for each input, read whole (as `report FOLDER` reads it)."""
    return list(extract_each(iter_inputs([str(inputs)])))


@pytest.fixture(scope="module")
def dataset(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ds") / "ds"
    assert main(["dataset", "build", str(inputs), "-o", str(out)]) == 1  # the picture is one failure
    return out


def without_offsets(fact) -> dict:
    return fact.model_dump(mode="json", exclude={"doc": True, "evidence": {"start", "end"}})


def test_a_dataset_reads_back_as_its_articles_with_every_fact(dataset, whole):
    articles, failures = read_dataset(dataset)
    read = [a for a in whole if not isinstance(a, ReadFailure)]
    assert [a.id for a in articles] == [a.id for a in read]
    assert [f.path for f in failures] == [f.path for f in whole if isinstance(f, ReadFailure)]
    assert len(failures) == 1 and failures[0].path.endswith("anh.txt")
    for got, want in zip(articles, read):
        assert (got.title, got.url, got.published, got.relevant, got.reason) == (
            want.title, want.url, want.published, want.relevant, want.reason)
        # every fact as extraction gave it, today's unit (type, province) included; only offsets move
        assert [without_offsets(f) for f in got.facts] == [without_offsets(f) for f in want.facts]
        for f in got.facts:
            ev = f.evidence
            assert got.text[ev.start:ev.end] == ev.text
            s = got.text.find(ev.sentence, max(0, ev.start - len(ev.sentence)))
            assert 0 <= s <= ev.start and ev.end <= s + len(ev.sentence)
        # the text is the facts' sentences, the rest left out: shorter than the article
        if want.facts:
            assert len(got.text) < len(want.text) and GAP in got.text
        else:
            assert got.text == ""  # the price of petrol: no fact, so no sentence kept
    assert sum(len(a.facts) for a in articles) == pq.read_metadata(dataset / "facts.parquet").num_rows > 40


def unpacked(html: str) -> dict:
    blob = re.search(r'<script type="application/octet-stream" id="data">([^<]*)</script>', html).group(1)
    return json.loads(gzip.decompress(base64.b64decode(blob)))


def test_the_page_of_a_dataset_shows_what_the_page_of_its_inputs_shows(dataset, inputs, tmp_path, capsys):
    from_ds, from_inputs = tmp_path / "ds.html", tmp_path / "inputs.html"
    assert main(["report", str(dataset), "-o", str(from_ds)]) == 1  # its errors table: the picture
    err = capsys.readouterr().err
    assert "anh.txt" in err and "5 articles" in err and "1 failed" in err and "Traceback" not in err
    assert main(["report", str(inputs), "-o", str(from_inputs)]) == 1
    a, b = unpacked(from_ds.read_text(encoding="utf-8")), unpacked(from_inputs.read_text(encoding="utf-8"))
    title = a["fields"]["article"].index("title")
    for ra, rb, text in zip(a["articles"], b["articles"], a["texts"]):
        # a title the input lacks is its text's first line: here the first sentence kept, if any
        assert ra[:title] + ra[title + 1:] == rb[:title] + rb[title + 1:]
        assert ra[title] == rb[title] or ra[title] in text.splitlines() or (ra[title], text) == ("", "")
    assert a["places"] == b["places"]
    assert [f[0] for f in a["failures"]] == [f[0] for f in b["failures"]]
    offsets = [a["fields"]["fact"].index(k) for k in ("start", "end", "sent_start", "sent_end")]
    keep = [i for i in range(len(a["fields"]["fact"])) if i not in offsets]
    attributes = a["fields"]["fact"].index("attributes")  # the dataset keeps them sorted by name

    def shown(f):
        return [sorted(f[i].split(", ")) if i == attributes else f[i] for i in keep]
    assert [shown(f) for f in a["facts"]] == [shown(f) for f in b["facts"]]
    start, end, s0, s1 = offsets
    for fa, fb in zip(a["facts"], b["facts"]):  # each highlight and its sentence hold the same characters
        ta, tb = a["texts"][fa[0]], b["texts"][fb[0]]
        assert ta[fa[start]:fa[end]] == tb[fb[start]:fb[end]]
        assert ta[fa[s0]:fa[s1]] == tb[fb[s0]:fb[s1]]


def test_a_dataset_from_before_revisions_reads_too(dataset, tmp_path):
    old = tmp_path / "old"
    shutil.copytree(dataset, old)
    facts = pq.read_table(old / "facts.parquet")
    pq.write_table(facts.drop_columns(["doc_revision", "doc_current"]), old / "facts.parquet")
    articles, _ = read_dataset(old)
    assert sum(len(a.facts) for a in articles) == facts.num_rows


def test_sentences_placed_where_the_number_is_written_twice():
    title = "Tiêu đề\n"
    sentence = "Năm 2023 còn 5% hộ nghèo, năm 2024 vẫn còn 5% hộ nghèo."
    later = "Năm 2025 phấn đấu còn 4%."
    text = title + sentence + " " + "x" * 40 + ". " + later
    first, second = text.index("5%"), text.index("5%", text.index("5%") + 1)
    last = text.index("4%")
    evidence = [(first, first + 2, "5%", sentence), (second, second + 2, "5%", sentence),
                (last, last + 2, "4%", later)]
    short, starts = _sentences_text(evidence, len(text))
    assert short == f"{GAP}\n{sentence}\n{GAP}\n{later}"
    assert [short[s:s + 2] for s in starts] == ["5%", "5%", "4%"]
    assert starts[1] - starts[0] == second - first  # the second 5%, not the first twice


# -- inputs that are no dataset and no articles

def test_a_folder_that_is_neither_is_named_on_one_line_and_the_rest_is_read(tmp_path, capsys):
    empty, keys, good = tmp_path / "empty", tmp_path / "gold", tmp_path / "good.txt"
    empty.mkdir()
    keys.mkdir()
    shutil.copy(CORPUS / "gold" / "camau_ra_soat_ho_ngheo_2024.json", keys)  # an answer key, no article
    shutil.copy(CORPUS / FILES[0], good)
    out = tmp_path / "r.html"
    assert main(["report", str(empty), str(keys), str(good), "-o", str(out)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    for folder in (empty, keys):
        [line] = [ln for ln in lines if f"{folder}:" in ln]
        assert "neither articles nor a dataset" in line and "articles.parquet" in line
    assert "1 articles" in lines[-1] and "2 failed" in lines[-1]
    assert [f[0] for f in unpacked(out.read_text(encoding="utf-8"))["failures"]] == [str(empty), str(keys)]


def test_a_broken_dataset_is_named_on_one_line(dataset, tmp_path, capsys):
    import pyarrow as pa

    half, broken, other = tmp_path / "half", tmp_path / "broken", tmp_path / "other"
    half.mkdir()
    shutil.copy(dataset / "facts.parquet", half)
    shutil.copytree(dataset, broken)
    (broken / "articles.parquet").write_bytes(b"PAR1 not really")
    other.mkdir()  # Parquet files of the right names, of some other tables
    for name in ("articles", "facts"):
        pq.write_table(pa.table({"x": [1]}), other / f"{name}.parquet")
    for folder, says in ((half, "an incomplete dataset (articles.parquet missing)"),
                         (broken, "cannot read the dataset"),
                         (other, "not a dataset of 'extractor dataset build'")):
        assert main(["report", str(folder), "-o", str(tmp_path / "r.html")]) == 1
        err = capsys.readouterr().err
        [line] = [ln for ln in err.splitlines() if f"{folder}:" in ln]
        assert says in line and "Traceback" not in err


# -- the page in a browser

@pytest.fixture(scope="module")
def articles(dataset):
    return read_dataset(dataset)[0]


@pytest.fixture(scope="module")
def report_file(dataset, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(dataset), "-o", str(path), "-q"]) == 1
    return path


# The page test of articles read whole, run here on the page of a dataset (this module's fixtures):
# one mark per fact, holding its evidence, and the article's text shown whole.
test_each_fact_of_a_dataset_has_its_mark_in_the_page = whole_page.test_highlight_count_equals_fact_count
