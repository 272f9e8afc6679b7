"""Issue 9: the faults a hostile world found, each reproduced with the real thing.

A local server that drips its headers, closes before their end or asks for a 300-s wait; a
SQLite file held by ``BEGIN EXCLUSIVE`` in another process, and one with corrupted pages; JSONL
records with a lone surrogate in each metadata field; pages nested 300 and 5,000 deep.
"""
from __future__ import annotations

import base64
import csv
import gzip
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from localserver import serving

import extractor
from extractor.cli import main
from extractor.fetch import DeferredError, FetchSettings, Fetcher, NetworkError, NotHTMLError
from extractor.io import iter_inputs, open_writer
from extractor.models import Article
from extractor.monitor.feeds import NotAFeedError, feed_entries
from extractor.monitor.store import MonitorStore
from extractor.report import render_report

TEXT = "Năm 2023, tỷ lệ hộ nghèo của huyện Mèo Vạc giảm 6,12%, còn 38,5%."
PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>Mèo Vạc giảm nghèo</title></head>"
        f"<body><article><h1>Mèo Vạc giảm nghèo</h1><p>{TEXT}</p></article></body></html>").encode()
FAST = FetchSettings(allow_private=True, min_interval=0.0, backoff_base=0.01, backoff_max=0.05,
                     connect_timeout=2, read_timeout=2, max_retries=0)
META = ("title", "url", "id", "source", "published")


def records(field: str, tag: str = "") -> str:
    """Three JSONL records; the middle one has a lone surrogate in ``field`` (a JSON escape)."""
    good = [{"id": f"{tag}r{i}", "text": TEXT, "title": f"Bài {i}"} for i in (1, 3)]
    bad = {"id": f"{tag}r2", "text": TEXT, "title": "Bài 2", field: "x\ud800y"}
    return "".join(json.dumps(r) + "\n" for r in (good[0], bad, good[1]))


def read_back(path, fmt: str) -> list[dict]:
    """Facts (one dict each, with the doc fields) of an output file, parsed the way a user would."""
    with open(path, encoding="utf-8", newline="") as fh:  # as written: no line-end translation
        data = fh.read() if fmt != "parquet" else None
    if fmt == "jsonl":  # less the record of an article without facts ({"doc": …, "facts": 0})
        return [r for r in (json.loads(line) for line in data.split("\n") if line) if r.get("facts") != 0]
    if fmt == "json":
        out = []
        for a in json.loads(data):
            out += [dict(f, doc={k: a[k] for k in ("id", "title", "url", "source", "published")})
                    for f in a["facts"]]
        return out
    rows = (list(csv.DictReader(io.StringIO(data, newline=""))) if fmt == "csv"
            else pq.read_table(path).to_pylist())
    return [{"doc": {k: r[f"doc_{k}"] or None for k in ("id", "title", "url", "source", "published")}}
            for r in rows if r["indicator"]]  # a row without indicator is an article without facts


# ---------------------------------------------------------------- 1. one bad record, whole batch lost

@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet"])
@pytest.mark.parametrize("field", META)
def test_lone_surrogate_in_a_metadata_field_loses_nothing(tmp_path, capsys, field, fmt):
    src = tmp_path / "in.jsonl"
    src.write_text(records(field), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert main(["extract", str(src), "-f", fmt, "-o", str(out)]) == 0, capsys.readouterr().err
    facts = read_back(out, fmt)
    ids = [f["doc"]["id"] for f in facts]
    bad_id = "x\ufffdy" if field == "id" else "r2"
    assert {"r1", bad_id, "r3"} <= set(ids)  # the record after the bad one is written too
    [value] = {f["doc"][field] for f in facts if f["doc"]["id"] == bad_id}
    assert value == "x\ufffdy"  # cleaned like text: the lone surrogate is U+FFFD


def test_lone_surrogates_in_report_and_with_workers(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(records(f, tag=f) for f in META), encoding="utf-8")
    page = tmp_path / "report.html"
    assert main(["report", str(src), "-o", str(page)]) == 0
    assert f"{3 * len(META)} articles" in capsys.readouterr().err
    data = json.loads(gzip.decompress(base64.b64decode(re.search(r"[A-Za-z0-9+/]{200,}={0,2}", page.read_text(
        encoding="utf-8")).group())))  # the page's embedded data
    assert "x\ufffdy" in json.dumps(data, ensure_ascii=False)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "--workers", "2", "-o", str(out)]) == 0, capsys.readouterr().err
    assert len({f["doc"]["id"] for f in read_back(out, "jsonl")}) == 3 * len(META)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "parquet"])
def test_a_writer_refuses_an_unwritable_article_whole_and_writes_the_next(tmp_path, fmt):
    good = extractor.extract(TEXT, id="good")
    bad = good.model_copy(update={"id": "bad", "title": "x\udc80y"})  # built around extract's cleaning
    out = tmp_path / f"out.{fmt}"
    with open_writer(fmt, out) as writer:
        writer.write(good)
        with pytest.raises(ValueError, match="bad"):
            writer.write(bad)
        writer.write(good.model_copy(update={"id": "after"}))
    ids = [f["doc"]["id"] for f in read_back(out, fmt)]
    assert ids == ["good"] * len(good.facts) + ["after"] * len(good.facts)


# ---------------------------------------------------------------- 2, 3, 7. a misbehaving server

class Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt" and not self.server_drips_robots():
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if self.path in ("/drip", "/robots.txt"):
            # a valid response, its header block sent one byte every 50 ms (about 8 s in all)
            head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: " + b"a" * 150
                    + b"\r\nContent-Length: %d\r\n\r\n" % len(PAGE))
            try:
                for i in range(len(head)):
                    self.wfile.write(head[i:i + 1])
                    self.wfile.flush()
                    time.sleep(0.05)
                self.wfile.write(PAGE)
            except OSError:
                pass
            self.close_connection = True
            return
        if self.path == "/cut-headers":  # closes before the blank line that ends the headers
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
            self.close_connection = True
            return
        if self.path == "/busy":
            return self._send(503, b"busy", "text/plain", [("Retry-After", "300")])
        if self.path == "/no-type-html":
            return self._send(200, PAGE, None)
        if self.path == "/no-type-text":
            return self._send(200, b"just some bytes, \x00\x01 not a page", None)
        if self.path == "/feed":
            rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>"
                   "<item><title>Bận</title><link>/busy</link></item></channel></rss>")
            return self._send(200, rss.encode(), "application/rss+xml")
        return self._send(404, b"no", "text/plain")

    def server_drips_robots(self) -> bool:
        return self.headers.get("X-Test") == "drip-robots" or getattr(self.server, "drip_robots", False)

    def _send(self, status, body, ctype, headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hostile():
    with serving(Hostile) as url:
        yield url


def test_headers_dripped_byte_by_byte_end_at_the_overall_deadline(hostile):
    # the read timeout (2 s) restarts with every byte; one deadline (1 s) covers the whole response
    with Fetcher(replace(FAST, max_seconds=1.0, respect_robots=False)) as f:
        with pytest.raises(NetworkError, match="no complete response within 1 s"):
            f.fetch(hostile + "/drip")


def test_robots_txt_dripped_ends_at_the_deadline_too(hostile):
    with serving(type("DripRobots", (Hostile,), {"server_drips_robots": lambda self: True})) as base:
        with Fetcher(replace(FAST, max_seconds=1.0)) as f:
            with pytest.raises(NetworkError, match="robots.txt.*no complete response within 1 s"):
                f.fetch(base + "/page")


def test_headers_cut_off_before_their_end_are_an_error_not_an_empty_page(hostile, tmp_path, capsys):
    with Fetcher(FAST) as f:
        with pytest.raises(NetworkError, match="closed the connection before the end of the headers"):
            f.fetch(hostile + "/cut-headers")
    assert main(["fetch", "--allow-private", "--retries", "0", hostile + "/cut-headers",
                 "-o", str(tmp_path / "w")]) == 1
    assert "before the end of the headers" in capsys.readouterr().err
    assert not list((tmp_path / "w").glob("*.warc.gz"))  # nothing archived as 200 OK


def test_retry_after_300_s_is_not_waited_out_but_deferred(hostile, tmp_path, capsys):
    slept = []
    with Fetcher(replace(FAST, max_retries=3, max_wait=30.0, respect_robots=False), sleep=slept.append) as f:
        with pytest.raises(DeferredError, match="deferred") as exc:
            f.fetch(hostile + "/busy")
    assert sum(slept) <= 30.0 and "300 s" in exc.value.reason
    assert main(["fetch", "--allow-private", "--max-wait", "1", hostile + "/busy", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "deferred" in err and err.count(hostile + "/busy") == 1


def test_watch_reports_a_busy_url_as_deferred_and_keeps_it_for_the_next_pass(hostile, tmp_path, capsys):
    db = tmp_path / "news.db"
    args = ["watch", "--db", str(db), "--once", "--allow-private", "--rate", "1000", "--max-wait", "1"]
    assert main([*args, "--feed", hostile + "/feed"]) == 1
    [line] = [x for x in capsys.readouterr().err.splitlines() if x.startswith("error:")]
    assert hostile + "/busy" in line and "deferred" in line and "retried next pass" in line
    with MonitorStore(db) as store:
        assert store.counts().get("pending") == 1  # not given up: tried again on a later pass


# ---------------------------------------------------------------- 4. a page nested too deep

def nested(depth: int) -> str:
    return ("<!doctype html><html><head><meta charset='utf-8'></head><body>" + "<div>" * depth
            + f"<p>{TEXT}</p>" + "</div>" * depth + "</body></html>")


@pytest.mark.parametrize("depth", [300, 5000])
def test_a_deeply_nested_page_keeps_its_text_and_facts(depth, tmp_path, capsys):
    article = extractor.extract(nested(depth), html=True)
    assert TEXT in article.text
    assert ("poverty_rate", 38.5) in {(f.indicator, f.value) for f in article.facts}
    page = tmp_path / "deep.html"
    page.write_text(nested(depth), encoding="utf-8")
    assert main(["extract", str(page), "-o", str(tmp_path / "out.jsonl")]) == 0, capsys.readouterr().err
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").strip()


def test_an_empty_article_from_a_page_is_reported(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.html").write_text("<html><body><img src='a.png'><script>var a = 1;</script></body></html>",
                                         encoding="utf-8")
    (tmp_path / "in" / "good.html").write_bytes(PAGE)
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "empty.html: no article text" in err and "good.html" not in err


# ---------------------------------------------------------------- 5. a locked or damaged database

def make_db(path) -> None:
    with MonitorStore(path) as store:
        store.add_source("http://example.org/rss", "feed")
        with store.transaction() as db:  # enough rows for several pages
            db.executemany("INSERT INTO errors(at, url, permanent, message) VALUES (?, ?, 0, ?)",
                           [(i, f"http://example.org/{i}", "x" * 200) for i in range(300)])


def test_a_database_locked_by_another_process_is_named_with_what_to_do(tmp_path, capsys):
    db = tmp_path / "news.db"
    make_db(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\n"
         "print('held', flush=True)\ntime.sleep(120)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code = main(["watch", "--db", str(db), "--once", "--lock-timeout", "0.5", "--allow-private",
                     "--feed", "http://127.0.0.1:9/rss"])
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert code == 2
    [line] = err.strip().splitlines()
    assert str(db) in line and "locked by another process" in line and "Traceback" not in err
    assert main(["watch-export", "--db", str(db), "-o", str(tmp_path / "out.jsonl")]) == 0  # nothing lost


def test_a_damaged_database_is_named_with_what_to_do(tmp_path, capsys):
    db = tmp_path / "news.db"
    make_db(db)
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for at in range(page, len(data), 7):  # every page but the first (the schema) overwritten
        data[at] = (data[at] * 31 + 17) % 256
    db.write_bytes(bytes(data))
    for args in (["watch", "--db", str(db), "--once", "--feed", "http://127.0.0.1:9/rss"],
                 ["watch-export", "--db", str(db), "-o", str(tmp_path / "out.jsonl")]):
        assert main(args) == 2
        err = capsys.readouterr().err
        [line] = err.strip().splitlines()
        assert str(db) in line and "damaged" in line and "Traceback" not in err


# ---------------------------------------------------------------- 6. the size of one article

def test_an_article_over_the_size_cap_is_reported_and_skipped(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(TEXT, encoding="utf-8")
    (inputs / "b.txt").write_text(TEXT * 40, encoding="utf-8")
    (inputs / "c.jsonl").write_text(json.dumps({"id": "big", "text": TEXT * 40}) + "\n"
                                      + json.dumps({"id": "small", "text": TEXT}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(inputs), "--max-size", "1000", "-o", str(out)]) == 1
    err = [line for line in capsys.readouterr().err.strip().splitlines() if "articles read" not in line]
    assert len(err) == 2 and all("over the 1000-byte cap" in line for line in err)
    assert "b.txt" in err[0] and "c.jsonl:1" in err[1]
    assert {f["doc"]["id"] for f in read_back(out, "jsonl")} == {"a", "small"}
    assert main(["extract", str(inputs / "b.txt"), "-o", str(out)]) == 0  # the default cap is larger


# ---------------------------------------------------------------- 8. small ones

def test_empty_feed_body_is_not_a_feed():
    with pytest.raises(NotAFeedError, match="empty"):
        feed_entries(b"", "http://example.org/rss")


def test_symlink_loop_given_directly_is_called_a_loop(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    [failure] = iter_inputs([str(tmp_path / "loop.txt")])
    assert "symbolic link loop" in failure.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_in_a_folder_is_named(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    got = list(iter_inputs([str(tmp_path)]))
    assert [type(x).__name__ for x in got] == ["InputDoc", "ReadFailure"]
    assert got[1].path.endswith("pipe.txt") and "FIFO" in got[1].reason


def test_json_list_of_numbers_is_one_line(tmp_path, capsys):
    (tmp_path / "nums.json").write_text(json.dumps(list(range(1000))), encoding="utf-8")
    assert main(["extract", str(tmp_path / "nums.json")]) == 1
    [line] = [x for x in capsys.readouterr().err.strip().splitlines() if "articles read" not in x]  # less the summary
    assert "nums.json" in line and "1000 of 1000 records" in line


def test_url_error_names_the_url_once(hostile, capsys):
    assert main(["extract", "--allow-private", hostile + "/missing"]) == 1
    assert capsys.readouterr().err.count(hostile + "/missing") == 1


def test_page_without_content_type_is_sniffed(hostile):
    with Fetcher(replace(FAST, respect_robots=False)) as f:
        assert f.fetch(hostile + "/no-type-html").body == PAGE
        with pytest.raises(NotHTMLError, match="no Content-Type"):
            f.fetch(hostile + "/no-type-text")


# ---------------------------------------------------------------- any metadata, any text

# any character, lone surrogates included (hypothesis leaves them out unless asked)
_ANY = st.text(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(_ANY, st.just(TEXT), _ANY.map(lambda s: TEXT + s)),
       meta=st.fixed_dictionaries({k: st.one_of(st.none(), _ANY) for k in META}), html=st.booleans())
def test_any_metadata_and_text_go_through_extract_and_every_writer(tmp_path, text, meta, html):
    article = extractor.extract(text, html=html, **meta)
    for value in (article.id, article.title, article.url, article.source, article.published, article.text):
        assert value is None or not any("\ud800" <= c <= "\udfff" for c in value)
    for fmt in ("jsonl", "json", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        with open_writer(fmt, out) as writer:
            writer.write(article)
        facts = read_back(out, fmt)
        assert len(facts) == len(article.facts)
        for f in facts:
            assert f["doc"]["id"] == article.id
            assert (f["doc"]["title"] or None) == (article.title or None)
    render_report([article]).encode("utf-8")  # the report too
