"""scripts/real_cache.py, run as a user runs it: the cache of real excerpts is rebuilt only from
excerpts whose sha256 the index holds, filed by URL, and what is missing is listed by query."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "real_cache.py"

# Texts written here for the test; the index holds their sha256 as the real index does.
ONE = "Năm 2023, tỷ lệ hộ nghèo của huyện giảm còn 4,2%.\nToàn huyện còn 812 hộ nghèo."
TWO = "Tổng vốn thực hiện chương trình là 12,5 tỷ đồng  (hai dấu cách)."
THREE = "Một đoạn khác của cùng trang: 30 hộ được hỗ trợ làm nhà."


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _index(tmp: Path) -> Path:
    index = tmp / "index"
    index.mkdir()
    rows = [("ab001", "https://example.vn/a", "query a", _sha(ONE), len(ONE)),
            ("ab002", "https://example.vn/b", "query b", _sha(TWO), len(TWO)),
            ("ab003", "https://example.vn/b", "query b", _sha(THREE), len(THREE)),  # same page, another passage
            ("ab004", "https://example.vn/c", "query a", "0" * 64, 99)]
    lines = ["id\turl\tquery\tsha256\tchars"] + ["\t".join(map(str, r)) for r in rows]
    (index / "index.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return index


def _run(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8")


def test_put_writes_only_what_matches_the_index(tmp_path):
    index, cache = _index(tmp_path), tmp_path / "cache"
    lines = [json.dumps({"url": "https://example.vn/a", "excerpt": ONE}, ensure_ascii=False),
             # the second passage of page b, found by another row's query: filed under its own id
             json.dumps({"url": "https://example.vn/b", "excerpt": THREE}, ensure_ascii=False),
             # one space fewer than the stored excerpt: refused
             json.dumps({"url": "https://example.vn/b", "excerpt": TWO.replace("  ", " ")}, ensure_ascii=False),
             json.dumps({"url": "https://example.vn/unknown", "excerpt": ONE}, ensure_ascii=False),
             "not json"]
    r = _run("put", "--cache", str(cache), "--index", str(index), stdin="\n".join(lines) + "\n")
    assert r.returncode == 1  # some lines matched nothing
    assert sorted(p.name for p in cache.iterdir()) == ["ab001.jsonl", "ab003.jsonl"]
    rec = json.loads((cache / "ab001.jsonl").read_text(encoding="utf-8"))
    assert rec == {"text": ONE, "url": "https://example.vn/a", "title": None}
    assert "ab002 has" in r.stderr and "is in no row" in r.stderr and "line 5" in r.stderr
    assert "Traceback" not in r.stderr


def test_todo_lists_the_missing_rows_by_query(tmp_path):
    index, cache = _index(tmp_path), tmp_path / "cache"
    cache.mkdir()
    (cache / "ab002.jsonl").write_text(json.dumps({"text": TWO, "url": "https://example.vn/b", "title": None}),
                                       encoding="utf-8")
    r = _run("todo", "--cache", str(cache), "--index", str(index))
    assert r.returncode == 0
    out = r.stdout.splitlines()
    # rows of one query together, in index order: ab001 and ab004 under "query a"
    assert out[0] == "QUERY: query a" and "ab001" in out[1] and "ab004" in out[2]
    assert out[3] == "QUERY: query b" and "ab003" in out[4]
    assert out[-1] == "3 of 4 rows missing, 2 queries"
    r = _run("todo", "--cache", str(cache), "--index", str(index), "--rows", "1:3")
    assert r.stdout.splitlines()[-1] == "1 of 2 rows missing, 1 queries"


def test_bad_usage_is_named(tmp_path):
    r = _run("todo", "--cache", str(tmp_path / "c"), "--index", str(tmp_path))
    assert r.returncode == 2 and "no index.tsv" in r.stderr and "Traceback" not in r.stderr
    index = _index(tmp_path)
    r = _run("todo", "--cache", str(tmp_path / "c"), "--index", str(index), "--rows", "a:b")
    assert r.returncode == 2 and "START:END" in r.stderr
