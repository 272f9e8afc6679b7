"""``extractor dataset build``: the tables read back from real Parquet (and CSV) files, copies of
one report merged, observations with their sources and conflicts, failures as rows, the same
tables on a real LocalCluster, output replaced only whole."""
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from extractor.api import extract
from extractor.batch import extract_each
from extractor.dataset.build import build_dataset
from extractor.dataset.copies import CopyFinder
from extractor.dataset.tables import SCHEMAS, schema_lines
from extractor.dataset.variants import EDITS, edited
from extractor.io import ReadFailure, iter_inputs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
SAMPLES = CORPUS + sorted((ROOT / "corpus").glob("heldout*/*.txt"))
TABLES = ("articles", "facts", "observations", "errors")

# Two reports written here about one province and year that disagree: not copies of each other,
# one observation in conflict.
BAC_KAN_A = """Bắc Kạn: tỷ lệ hộ nghèo năm 2023 còn 15,2%

Theo báo cáo của Sở Lao động - Thương binh và Xã hội, đến cuối năm 2023, tỷ lệ hộ nghèo của tỉnh Bắc Kạn còn 15,2%, giảm hơn 4% so với đầu năm. Tỉnh đã hỗ trợ làm nhà ở cho hàng trăm hộ.
"""
BAC_KAN_B = """Nhiều mô hình sinh kế giúp người dân Bắc Kạn thoát nghèo

Tại hội nghị tổng kết công tác giảm nghèo diễn ra sáng qua, lãnh đạo UBND tỉnh cho biết đến cuối năm 2023, tỷ lệ hộ nghèo của tỉnh Bắc Kạn còn 14,8%. Các mô hình nuôi gà đồi, trồng quế, chăn nuôi lợn đen đã mang lại thu nhập ổn định cho đồng bào vùng cao.
"""


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, timeout=300)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def read(folder: Path) -> dict[str, list[dict]]:
    return {name: pq.read_table(folder / f"{name}.parquet").to_pylist() for name in TABLES}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    """The sample corpus, copies of two of its articles as other outlets print them, the two Bắc
    Kạn reports, and inputs that fail."""
    d = tmp_path_factory.mktemp("inputs")
    for src in CORPUS:
        shutil.copy(src, d / src.name)
    camau = (ROOT / "corpus" / "camau_ra_soat_ho_ngheo_2024.txt").read_text(encoding="utf-8")
    caobang = (ROOT / "corpus" / "caobang_ty_le_can_ngheo_tang.txt").read_text(encoding="utf-8")
    rng = random.Random(3)
    records = [
        {"id": "camau-syndicated", "text": edited(camau, rng, ["headline", "boilerplate"])[0],
         "url": "https://tin.example.vn/camau.html", "published": "2024-12-30"},
        {"id": "caobang-nfd", "text": unicodedata.normalize("NFD", caobang),
         "url": "https://other.example.vn/a/1", "published": "2024-11-02"},
        {"id": "backan-a", "text": BAC_KAN_A, "source": "Báo Bắc Kạn", "published": "2024-01-05"},
        {"id": "backan-b", "text": BAC_KAN_B, "source": "Dân tộc và Phát triển", "published": "2024-01-20"},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(2, "{not json")
    (d / "zz_more.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "broken.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    return d


@pytest.fixture(scope="module")
def built(inputs, tmp_path_factory):
    """The CLI run in this process's way (no workers): exit code, stderr and the tables."""
    out = tmp_path_factory.mktemp("built") / "ds"
    code, _, err = run("dataset", "build", str(inputs), "-o", str(out), "--csv")
    return SimpleNamespace(code=code, err=err, out=out, tables=read(out))


def test_tables_read_back_with_their_schemas(built):
    assert built.code == 1  # two inputs failed
    for name in TABLES:
        schema = pq.read_schema(built.out / f"{name}.parquet").remove_metadata()
        assert schema.equals(SCHEMAS[name]), name
    assert sorted(os.listdir(built.out)) == sorted([f"{n}.parquet" for n in TABLES] + [f"{n}.csv" for n in TABLES])
    assert not [p for p in os.listdir(built.out.parent) if p.startswith(".")]  # no temporary folder left


def test_copies_are_kept_once_and_listed(built):
    articles = {r["id"]: r for r in built.tables["articles"]}
    assert len(articles) == len(CORPUS) + 2
    assert articles["camau_ra_soat_ho_ngheo_2024"]["copies"] == ["camau-syndicated"]
    assert articles["caobang_ty_le_can_ngheo_tang"]["copies"] == ["caobang-nfd"]
    assert "backan-a" in articles and "backan-b" in articles  # same province and year, two reports
    assert all(r["relevant"] for r in articles.values())
    camau = articles["camau_ra_soat_ho_ngheo_2024"]
    assert camau["chars"] == len(unicodedata.normalize("NFC", (ROOT / "corpus" / camau["path"].split("/")[-1])
                                                     .read_text(encoding="utf-8")))


def test_facts_are_those_of_the_kept_articles(built, inputs):
    kept = {r["id"] for r in built.tables["articles"]}
    expected = [(a.id, len(a.facts)) for a in extract_each(iter_inputs([str(inputs)]))
                if not isinstance(a, ReadFailure) and a.id in kept]
    facts = built.tables["facts"]
    assert sum(n for _, n in expected) == len(facts)
    assert {r["doc_id"] for r in facts} <= kept
    per_doc = {}
    for r in facts:
        per_doc[r["doc_id"]] = per_doc.get(r["doc_id"], 0) + 1
    assert per_doc == {doc: n for doc, n in expected if n}
    assert len({r["fact_id"] for r in facts}) == len(facts)
    assert {r["id"]: r["facts"] for r in built.tables["articles"] if r["facts"]} == per_doc
    for r in facts:  # codes stay strings (leading zeros)
        assert r["location_code"] is None or isinstance(r["location_code"], str)


def test_observations_gather_every_fact_once(built):
    facts = {r["fact_id"]: r for r in built.tables["facts"]}
    seen = [fid for o in built.tables["observations"] for fid in o["fact_ids"]]
    assert sorted(seen) == sorted(facts)
    for o in built.tables["observations"]:
        members = [facts[f] for f in o["fact_ids"]]
        assert {m["indicator"] for m in members} == {o["indicator"]}
        assert {m["time_year"] for m in members} == {o["time_year"]}
        assert {m["location_code"] for m in members} == {o["location_code"]}
        assert o["articles"] == len({m["doc_id"] for m in members}) == len(o["article_ids"])
        assert o["values"] == sorted({m["value"] for m in members if m["value"] is not None})
        assert (o["value"] is None) == (len(o["values"]) != 1)


def test_disagreeing_reports_are_one_observation_in_conflict(built):
    [obs] = [o for o in built.tables["observations"] if o["location_name"] == "Bắc Kạn"
             and o["indicator"] == "poverty_rate" and o["kind"] == "level" and o["time_point"] == "end"]
    assert obs["conflict"] is True and obs["value"] is None
    assert obs["values"] == [14.8, 15.2]
    assert obs["articles"] == 2 and obs["outlets"] == 2
    assert obs["article_ids"] == ["backan-a", "backan-b"]
    assert (obs["first_published"], obs["last_published"]) == ("2024-01-05", "2024-01-20")
    # One article's part and whole (a total and what donors gave of it) is no conflict.
    assert not any(o["conflict"] for o in built.tables["observations"] if o["articles"] == 1)


def test_a_copy_adds_its_outlet_and_date_not_an_article(built):
    [obs] = [o for o in built.tables["observations"] if o["indicator"] == "poor_households"
             and o["location_name"] == "Cà Mau" and o["value"] == 4015]
    assert obs["articles"] == 1 and obs["article_ids"] == ["camau_ra_soat_ho_ngheo_2024"]
    assert obs["outlets"] == 1  # the corpus file names no outlet; the copy's host is one
    assert obs["first_published"] == obs["last_published"] == "2024-12-30"


def test_failures_are_rows_and_stderr_lines(built, inputs):
    errors = built.tables["errors"]
    assert [e["input"] for e in errors] == [str(inputs / "broken.txt"), f"{inputs / 'zz_more.jsonl'}:3"]
    assert "PDF" in errors[0]["reason"] and "JSON" in errors[1]["reason"]
    lines = [x for x in built.err.splitlines() if x.startswith("extractor: ")]
    assert len(lines) == 2 and "broken.txt" in lines[0]
    assert "Traceback" not in built.err
    assert re.search(r"\d+ articles \(2 copies merged\).*2 failed", built.err)


def test_csv_twins_hold_the_same_rows(built):
    for name in TABLES:
        csv = pacsv.read_csv(built.out / f"{name}.csv").to_pylist()
        parquet = built.tables[name]
        assert len(csv) == len(parquet), name
        assert list(csv[0]) == [f.name for f in SCHEMAS[name]] if csv else True
    copies = [json.loads(r["copies"]) for r in pacsv.read_csv(built.out / "articles.csv").to_pylist()]
    assert copies == [r["copies"] for r in built.tables["articles"]]


def test_readme_states_each_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, schema in SCHEMAS.items():
        m = re.search(rf"`{name}\.parquet`[^\n]*\n+```text\n(.*?)```", readme, re.S)
        assert m, f"README.md has no schema block for {name}.parquet"
        assert m.group(1).strip().splitlines() == schema_lines(schema), name


def test_workers_on_a_local_cluster_write_the_same_tables(built, inputs, tmp_path):
    out = tmp_path / "ds"
    code, _, err = run("dataset", "build", str(inputs), "-o", str(out), "--workers", "2")
    assert code == 1, err
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(built.out / f"{name}.parquet")), name


def test_a_running_scheduler_writes_the_same_tables(built, inputs, tmp_path):
    import logging

    import distributed

    out = tmp_path / "ds"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.ERROR) as cluster:
        code, _, err = run("dataset", "build", str(inputs), "-o", str(out), "--scheduler", cluster.scheduler_address)
    assert code == 1, err
    for name in TABLES:
        assert pq.read_table(out / f"{name}.parquet").equals(pq.read_table(built.out / f"{name}.parquet")), name
    code, _, err = run("dataset", "build", str(inputs), "-o", str(tmp_path / "no"), "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "cannot start or reach" in err and not (tmp_path / "no").exists()


def test_tables_are_written_in_row_groups(inputs, tmp_path):
    results = extract_each(iter_inputs([str(inputs)]))
    summary = build_dataset(results, tmp_path / "ds", rows_per_group=100)
    f = pq.ParquetFile(tmp_path / "ds" / "facts.parquet")
    assert f.metadata.num_rows == summary.facts > 200
    assert f.num_row_groups == -(-summary.facts // 100)


def test_an_existing_output_is_replaced_only_when_asked(tmp_path):
    out = tmp_path / "ds"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    code, _, err = run("dataset", "build", str(CORPUS[0]), "-o", str(out))
    assert code == 2 and "--overwrite" in err and len(err.strip().splitlines()) == 1
    assert os.listdir(out) == ["mine.txt"]
    code, _, err = run("dataset", "build", str(CORPUS[0]), "-o", str(out), "--overwrite")
    assert code == 0, err
    assert sorted(os.listdir(out)) == sorted(f"{n}.parquet" for n in TABLES)
    assert os.listdir(tmp_path) == ["ds"]


def _small_files():
    """In the child: files may not grow past 40 kB (EFBIG, as a full disk gives ENOSPC)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


def test_a_table_that_cannot_be_written_leaves_nothing(inputs, tmp_path):
    out = tmp_path / "ds"
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "dataset", "build", str(inputs), "-o", str(out),
                           "--csv"], capture_output=True, timeout=300, preexec_fn=_small_files)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    assert "cannot write" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == []


def test_articles_stored_by_watch(tmp_path):
    from extractor.monitor.store import MonitorStore, new_owner

    db = tmp_path / "news.db"
    texts = {"https://a.example.vn/1": BAC_KAN_A, "https://b.example.vn/2": BAC_KAN_B,
             "https://c.example.vn/3": BAC_KAN_A.replace("Bắc Kạn: t", "T") + "Bản quyền thuộc Báo C.\n"}
    with MonitorStore(db) as store:
        store.add_source("https://a.example.vn/rss", "feed")
        entries = [SimpleNamespace(url=u, title=None, published="2024-02-01") for u in texts]
        store.record_poll(store.sources()[0], entries, None)
        owner = new_owner()
        while (claim := store.claim(owner)) is not None:
            store.store_article(claim, owner, extract(texts[claim.url], url=claim.url, published="2024-02-01"))
    out = tmp_path / "ds"
    code, _, err = run("dataset", "build", "--from-db", str(db), "-o", str(out))
    assert code == 0, err
    tables = read(out)
    assert [len(r["copies"]) for r in tables["articles"]] == [1, 0]
    [obs] = [o for o in tables["observations"] if o["conflict"]]
    assert obs["articles"] == 2 and obs["outlets"] == 3  # a.example.vn and its copy's c.example.vn, b


# ------------------------------------------------------------------ copy finding, measured

def _edited_set(seed: int = 11, per_article: int = 4):
    """Every sample article, then ``per_article`` edited copies of each in a shuffled order."""
    rng = random.Random(seed)
    originals = [(p.stem, p.read_text(encoding="utf-8")) for p in SAMPLES]
    originals += [("backan-a", BAC_KAN_A), ("backan-b", BAC_KAN_B)]
    copies = [(f"{name}~{k}", name, edited(text, rng)[0])
              for name, text in originals[:len(SAMPLES)] for k in range(per_article)]
    rng.shuffle(copies)
    return originals, copies


def test_near_copies_found_with_precision_and_recall_over_095():
    originals, copies = _edited_set()
    finder = CopyFinder()
    merged = [name for name, text in originals if finder.see(name, text) is not None]
    assert merged == []  # different reports, the two about Bắc Kạn in 2023 included
    found = [(origin, finder.see(cid, text)) for cid, origin, text in copies]
    linked = [(o, k) for o, k in found if k is not None]
    precision = sum(o == k for o, k in linked) / len(linked)
    recall = sum(o == k for o, k in found) / len(found)
    print(f"\nnear copies: {len(found)} edited copies of {len(originals)} articles: "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_each_kind_of_edit_alone_is_a_copy(edit):
    rng = random.Random(5)
    finder = CopyFinder()
    for p in SAMPLES:
        finder.see(p.stem, p.read_text(encoding="utf-8"))
    for p in SAMPLES:
        text, _ = edited(p.read_text(encoding="utf-8"), rng, [edit])
        assert finder.see(p.stem + "~copy", text) == p.stem, (edit, p.name)


def _page(text: str) -> bytes:
    paras = [p for p in text.split("\n") if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paras[1:])
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{paras[0]}</title></head>"
            f"<body><article><h1>{paras[0]}</h1>{body}</article></body></html>").encode("utf-8")


def test_urls_are_read_and_a_syndicated_page_is_a_copy(tmp_path):
    from http.server import BaseHTTPRequestHandler

    from localserver import serving

    camau = (ROOT / "corpus" / "camau_ra_soat_ho_ngheo_2024.txt").read_text(encoding="utf-8")
    pages = {"/a.html": _page(camau), "/b.html": _page(edited(camau, random.Random(2), ["headline", "cut"])[0])}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    out = tmp_path / "ds"
    with serving(Handler) as base:
        code, _, err = run("dataset", "build", "--allow-private", f"{base}/a.html", f"{base}/missing.html",
                           f"{base}/b.html", "-o", str(out))
    assert code == 1, err
    tables = read(out)
    [article] = tables["articles"]
    assert article["url"] == f"{base}/a.html" and article["outlet"] == "127.0.0.1"
    assert len(article["copies"]) == 1 and article["facts"] > 0
    [error] = tables["errors"]
    assert error["input"] == f"{base}/missing.html" and "404" in error["reason"]
