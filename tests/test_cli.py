"""The command line as a user runs it: real files, a real local HTTP server, real WARC files."""
import csv
import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler

import pytest
from localserver import serving

import extractor

PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>Hà Giang giảm nghèo</title>"
        "<meta property='article:published_time' content='2024-03-02T08:00:00+07:00'></head><body>"
        "<nav><a href='/'>Trang chủ</a> | <a href='/xa-hoi'>Xã hội</a></nav>"
        "<article><h1>Hà Giang giảm nghèo</h1>"
        "<p>Năm 2023, tỷ lệ hộ nghèo của huyện Mèo Vạc giảm 6,12%, còn 38,5%.</p>"
        "<p>Huyện đã giải ngân 120,4 tỷ đồng vốn Chương trình, hỗ trợ làm nhà ở cho 356 hộ nghèo.</p>"
        "</article><aside><h3>Tin khác</h3><ul><li>Tin cũ</li></ul></aside></body></html>")
ARTICLE_TEXT = ("Hà Giang giảm nghèo\nNăm 2023, tỷ lệ hộ nghèo của huyện Mèo Vạc giảm 6,12%, còn 38,5%.\n"
                "Huyện đã giải ngân 120,4 tỷ đồng vốn Chương trình, hỗ trợ làm nhà ở cho 356 hộ nghèo.")


def run(*args, stdin=None):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", *args], input=stdin,
                          capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def core(facts):
    return sorted((f["indicator"], f["kind"], f["value"] if f["range"] is None else tuple(f["range"]))
                  for f in facts)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/bai-viet.html":
            body, ctype = PAGE.encode("utf-8"), "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def server():
    with serving(_Handler) as url:
        yield url


def test_folder_with_bad_files_reports_them_and_processes_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Cà Mau\nNăm 2024, tỉnh Cà Mau còn 2.345 hộ nghèo.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = run("extract", str(tmp_path))
    assert code == 1
    assert "empty.txt" in err and "image.txt" in err
    facts = [json.loads(line) for line in out.splitlines()]
    assert {f["doc"]["id"] for f in facts} == {"a", "b"}
    assert ("poor_households", "level", 2345) in core(facts)


def test_all_good_inputs_exit_zero_and_csv(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    out_file = tmp_path / "out.csv"
    code, _, err = run("extract", str(tmp_path / "a.txt"), "-f", "csv", "-o", str(out_file))
    assert code == 0, err
    with open(out_file, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][0] == "doc_id" and len(rows) == 1 + len(extractor.extract(ARTICLE_TEXT).facts)


def test_stdin_text_gives_the_same_facts_as_the_api():
    code, out, err = run("extract", "-", stdin=ARTICLE_TEXT.encode("utf-8"))
    assert code == 0, err
    assert core([json.loads(x) for x in out.splitlines()]) == core(
        [f.model_dump() for f in extractor.extract(ARTICLE_TEXT).facts])


def test_json_output_offsets_slice_the_article_text(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT.replace("120,4 tỷ", "120,4\u00a0tỷ"), encoding="utf-8")
    code, out, _ = run("extract", str(tmp_path / "a.txt"), "-f", "json")
    assert code == 0
    [article] = json.loads(out)
    assert article["facts"]
    for f in article["facts"]:
        assert article["text"][f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["text"]


def test_url_and_warc_give_the_same_facts_as_the_text(server, tmp_path):
    expected = core([f.model_dump() for f in extractor.extract(ARTICLE_TEXT).facts])
    assert ("poverty_rate", "change", -6.12) in expected
    code, out, err = run("extract", "--allow-private", f"{server}/bai-viet.html")
    assert code == 0, err
    got = [json.loads(x) for x in out.splitlines()]
    assert core(got) == expected
    assert got[0]["doc"]["url"].endswith("/bai-viet.html")
    assert got[0]["doc"]["published"] == "2024-03-02T08:00:00+07:00"  # the time and offset the page gives

    code, _, err = run("fetch", "--allow-private", f"{server}/bai-viet.html", "-o", str(tmp_path / "warc"))
    assert code == 0, err
    [archive] = list((tmp_path / "warc").glob("*.warc.gz"))
    code, out, err = run("extract", str(archive))
    assert code == 0, err
    assert core([json.loads(x) for x in out.splitlines()]) == expected


def test_unreachable_url_is_reported_and_exit_code_says_so(server):
    code, _, err = run("extract", "--allow-private", f"{server}/missing.html")
    assert code == 1
    assert "missing.html" in err and "404" in err


def test_tag_prints_offsets_and_values():
    code, out, _ = run("tag", "Tính đến hết ngày 31/5/2024, huyện Pác Nặm giải ngân 478,93/760,8 tỷ đồng")
    assert code == 0
    data = json.loads(out)
    [q] = data["quantities"]
    assert (q["text"], q["value"], q["unit"]) == ("478,93/760,8 tỷ đồng", 478930000000, "VND")
    assert q["denominator"]["value"] == 760800000000
    [t] = data["times"]
    assert t["date"] == "2024-05-31"
    [p] = data["places"]
    assert (p["name"], p["level"], p["code"]) == ("Pác Nặm", "district", "060")


def test_schema_and_eval_exit_codes(tmp_path):
    code, out, _ = run("schema")
    assert code == 0 and "Fact" in json.loads(out)["$defs"]
    (tmp_path / "gold").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    gold = {"doc": "a.txt", "facts": [
        {"indicator": "poverty_rate", "kind": "change", "value": -6.12, "range": None,
         "location": {"level": "district", "name": "Mèo Vạc"}, "time": {"year": 2023}},
        {"indicator": "funding", "kind": "level", "value": 1, "range": None}]}
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run("eval", str(tmp_path / "gold"), str(tmp_path), "--min-core", "0.9")
    assert code == 3
    assert "recall 0.500" in out
    code, _, _ = run("eval", str(tmp_path / "nope"), str(tmp_path))
    assert code == 2
