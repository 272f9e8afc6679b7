"""Revisions (issue 12, item 13): a page whose text changed at the same URL is stored again as a
new revision with its own facts; the export says which revision is current. A real local site
whose pages change between passes, real SQLite files (one made with the schema of the release
before revisions), the export read back as JSONL and Parquet, a run killed with SIGKILL."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import closing

import pytest
from localserver import QuietHandler, reply, serving
from test_watch_new import FAST, export, jsonl, rows, watch

import extractor
from extractor.cli import main

# The facts of each text are read off these sentences by hand.
FIRST = ["Năm 2023, tỷ lệ hộ nghèo của tỉnh Cao Bằng còn 12,5%.", "Toàn tỉnh còn 4.215 hộ nghèo."]
FIRST_FACTS = [("poverty_rate", 12.5, "12,5%"), ("poor_households", 4215, "4.215 hộ nghèo")]
CORRECTED = ["Năm 2023, tỷ lệ hộ nghèo của tỉnh Cao Bằng còn 12,8%.", "Toàn tỉnh còn 4.312 hộ nghèo.",
             "Bài viết đã được đính chính số liệu."]
CORRECTED_FACTS = [("poverty_rate", 12.8, "12,8%"), ("poor_households", 4312, "4.312 hộ nghèo")]
AGAIN = ["Năm 2023, tỷ lệ hộ nghèo của tỉnh Cao Bằng còn 12,6%.", "Toàn tỉnh còn 4.260 hộ nghèo."]
AGAIN_FACTS = [("poverty_rate", 12.6, "12,6%"), ("poor_households", 4260, "4.260 hộ nghèo")]
OTHER = ["Năm 2024, tỉnh Lào Cai có 9.871 hộ nghèo."]
OTHER_FACTS = [("poor_households", 9871, "9.871 hộ nghèo")]

PAGE, PAGE2 = "/tin/cao-bang-giam-ngheo-101.html", "/tin/lao-cai-giam-ngheo-102.html"


class Site:
    texts: dict[str, list[str]] = {}  # the pages served
    lastmod: dict[str, str] = {}      # the pages the sitemap lists, with their stamps
    chrome = 0  # bumps the ads, the clock and a token in the page around the article
    hits: Counter = Counter()
    bodies: dict[str, list[bytes]] = {}
    slow = 0.0
    etags = False  # article pages carry an ETag and answer If-None-Match with 304
    not_modified: Counter = Counter()
    lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.texts = {PAGE: FIRST, PAGE2: OTHER}
        cls.lastmod = {PAGE: "2024-05-01T08:00:00+07:00", PAGE2: "2024-05-01T09:00:00+07:00"}
        cls.chrome, cls.hits, cls.bodies, cls.slow = 0, Counter(), {}, 0.0
        cls.etags, cls.not_modified = False, Counter()


def page(path: str) -> bytes:
    n = Site.chrome
    paragraphs = "".join(f"<p>{p}</p>" for p in Site.texts[path])
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Giảm nghèo {path[5:12]}</title>"
            f"<meta property='article:published_time' content='2024-05-01T08:00:00+07:00'>"
            f"<meta name='csrf-token' content='tok{n * 7919}'></head><body>"
            f"<header><nav><a href='/'>Trang chủ</a></nav><span class='clock'>Cập nhật {10 + n}:0{n % 10} "
            f"ngày 0{n % 9 + 1}/06/2024</span></header>"
            f"<div class='ads'><a href='/qc/{n}'>Quảng cáo số {n}: vay tiêu dùng lãi suất {n + 3}%</a></div>"
            f"<article><h1>Giảm nghèo ở vùng cao</h1>{paragraphs}</article>"
            f"<footer>Lượt xem: {1000 + 37 * n}</footer><!-- rendered {n} --></body></html>").encode()


def sitemap() -> bytes:
    urls = "".join(f"<url><loc>{p}</loc><lastmod>{stamp}</lastmod></url>" for p, stamp in Site.lastmod.items())
    return ("<?xml version='1.0' encoding='utf-8'?>"
            f"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>").encode()


class Handler(QuietHandler):
    def do_GET(self):
        with Site.lock:
            Site.hits[self.path] += 1
        if self.answered_robots():
            return
        if self.path == "/sitemap.xml":
            return reply(self, 200, sitemap(), "application/xml")
        if self.path in Site.texts or self.path.startswith("/gen/"):
            time.sleep(Site.slow)
            body = page(self.path) if self.path in Site.texts else generated(self.path)
            etag = f'"{hashlib.sha1(body).hexdigest()[:12]}"'
            if Site.etags and self.headers.get("If-None-Match") == etag:
                with Site.lock:
                    Site.not_modified[self.path] += 1
                return reply(self, 304, b"", "text/html; charset=utf-8", [("ETag", etag)])
            with Site.lock:
                Site.bodies.setdefault(self.path, []).append(body)
            return reply(self, 200, body, "text/html; charset=utf-8", [("ETag", etag)] if Site.etags else [])
        reply(self, 404, b"", "text/plain")


@pytest.fixture
def site():
    Site.reset()
    with serving(Handler) as url:
        yield url


def revisions(db, url):
    """[(revision, current, [(indicator, value, evidence text), ...]), ...] of one page, as stored."""
    out = []
    for article_id, revision, current in rows(db, "SELECT id, revision, current FROM articles WHERE url = ? "
                                                  "ORDER BY revision", url):
        facts = [json.loads(d) for (d,) in rows(db, "SELECT data FROM facts WHERE article_id = ? ORDER BY seq",
                                                article_id)]
        out.append((revision, bool(current), [(f["indicator"], f["value"], f["evidence"]["text"]) for f in facts]))
    return out


def by_revision(records):
    """{revision: (current, [(indicator, value), ...])} of exported JSONL records of PAGE."""
    out = {}
    for r in records:
        doc = r["doc"]
        if doc["url"].endswith(PAGE):
            current, facts = out.setdefault(doc["revision"], (doc["current"], []))
            assert current == doc["current"]
            facts.append((r["indicator"], r["value"]))
    return out


# -- a changed text is a new revision with its own facts

def test_a_corrected_page_is_stored_as_a_new_revision_beside_the_old(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    live = tmp_path / "live.jsonl"
    assert watch(db, "--sitemap", site + "/sitemap.xml", "-o", str(live)) == 0
    first = tmp_path / "first.jsonl"
    assert export(db, "--new", "-o", str(first)) == 0
    assert by_revision(jsonl(first)) == {1: (True, [("poverty_rate", 12.5), ("poor_households", 4215)])}

    Site.texts[PAGE] = CORRECTED  # the outlet corrects its figures; its sitemap stamp stays as it was
    capsys.readouterr()
    assert watch(db, "--recheck", "0", "-o", str(live)) == 0
    out = capsys.readouterr()
    assert f"revised {site}{PAGE}: revision 2 (2 facts)" in out.out
    assert "1 revised and 1 unchanged" in out.err  # PAGE2 was read again too, and had not changed
    assert Site.hits[PAGE] == 2 and Site.hits[PAGE2] == 2

    # both texts are kept, each with its own facts; only the newest is current
    assert revisions(db, site + PAGE) == [(1, False, FIRST_FACTS), (2, True, CORRECTED_FACTS)]
    assert revisions(db, site + PAGE2) == [(1, True, OTHER_FACTS)]
    texts = dict(rows(db, "SELECT revision, text FROM articles WHERE url = ?", site + PAGE))
    assert "12,5%" in texts[1] and "12,8%" in texts[2]
    # the URL now points at the current revision
    assert rows(db, "SELECT a.revision FROM urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ?",
                site + PAGE) == [(2,)]

    # --new hands over the new revision's facts as new, marked current
    second = tmp_path / "second.jsonl"
    assert export(db, "--new", "-o", str(second)) == 0
    assert by_revision(jsonl(second)) == {2: (True, [("poverty_rate", 12.8), ("poor_households", 4312)])}
    assert all(r["doc"]["url"] == site + PAGE for r in jsonl(second))
    # the whole export has both revisions, the old one no longer current; --current only the newest
    whole = tmp_path / "whole.jsonl"
    assert export(db, "-o", str(whole)) == 0
    assert by_revision(jsonl(whole)) == {1: (False, [("poverty_rate", 12.5), ("poor_households", 4215)]),
                                         2: (True, [("poverty_rate", 12.8), ("poor_households", 4312)])}
    current = tmp_path / "current.jsonl"
    assert export(db, "--current", "-o", str(current)) == 0
    assert set(by_revision(jsonl(current))) == {2}
    assert {r["doc"]["url"] for r in jsonl(current)} == {site + PAGE, site + PAGE2}
    # --since the cursor of the first export: the same as --new gave
    since = tmp_path / "since.jsonl"
    assert export(db, "--since", "2", "-o", str(since)) == 0
    assert jsonl(since) == jsonl(second)
    # watch -o appended the new revision's facts as it stored them
    assert by_revision(jsonl(live)) == {1: (True, [("poverty_rate", 12.5), ("poor_households", 4215)]),
                                        2: (True, [("poverty_rate", 12.8), ("poor_households", 4312)])}


def test_revision_columns_in_parquet_and_csv(site, tmp_path):
    import csv

    import pyarrow.parquet as pq

    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.texts[PAGE] = CORRECTED
    assert watch(db, "--recheck", "0") == 0
    table = pq.read_table(export_to(db, tmp_path / "all.parquet"))
    assert str(table.schema.field("doc_revision").type) == "int64"
    assert str(table.schema.field("doc_current").type) == "bool"
    got = sorted((r["doc_url"][len(site):], r["doc_revision"], r["doc_current"], r["value"])
                 for r in table.to_pylist())
    assert got == [(PAGE, 1, False, 12.5), (PAGE, 1, False, 4215.0), (PAGE, 2, True, 12.8), (PAGE, 2, True, 4312.0),
                   (PAGE2, 1, True, 9871.0)]
    with open(export_to(db, tmp_path / "all.csv"), encoding="utf-8", newline="") as fh:
        flags = {(r["doc_revision"], r["doc_current"]) for r in csv.DictReader(fh) if r["doc_url"] == site + PAGE}
    assert flags == {("1", "False"), ("2", "True")}


def export_to(db, path):
    assert export(db, "-o", str(path)) == 0
    return path


def test_a_page_changed_back_is_one_more_revision(site, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.texts[PAGE] = CORRECTED
    assert watch(db, "--recheck", "0") == 0
    Site.texts[PAGE] = FIRST  # the correction withdrawn
    assert watch(db, "--recheck", "0") == 0
    assert revisions(db, site + PAGE) == [(1, False, FIRST_FACTS), (2, False, CORRECTED_FACTS),
                                          (3, True, FIRST_FACTS)]


PRINT = "/ban-in/101"  # the print version of PAGE: the same text at another address


def test_an_alias_follows_its_page_and_a_stale_one_stores_nothing(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    Site.texts[PRINT], Site.lastmod[PRINT] = FIRST, "2024-05-01"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    assert f"alias {site}{PRINT}" in capsys.readouterr().out
    # the page is corrected, its print version not yet: the print version is a stale copy, nothing new
    Site.texts[PAGE] = CORRECTED
    assert watch(db, "--recheck", "0") == 0
    assert f"unchanged {site}{PRINT}" in capsys.readouterr().out
    assert revisions(db, site + PAGE) == [(1, False, FIRST_FACTS), (2, True, CORRECTED_FACTS)]
    assert rows(db, "SELECT COUNT(*) FROM articles WHERE url = ?", site + PRINT) == [(0,)]
    # corrected again, and the print version first: a revision of the page, which then reads unchanged
    Site.texts[PAGE] = Site.texts[PRINT] = AGAIN
    with closing(sqlite3.connect(db)) as conn:  # the print version comes first in this pass
        conn.execute("UPDATE urls SET first_seen = first_seen - 60 WHERE url = ?", (site + PRINT,))
        conn.commit()
    assert watch(db, "--recheck", "0") == 0
    out = capsys.readouterr().out
    assert f"revised {site}{PRINT}: revision 3" in out and f"unchanged {site}{PAGE}" in out
    got = revisions(db, site + PAGE)
    assert [r[:2] for r in got] == [(1, False), (2, False), (3, True)] and got[2][2] == AGAIN_FACTS
    assert len({d for (d,) in rows(db, "SELECT doc_id FROM articles")}) == 2  # PAGE's revisions share theirs


# -- an unchanged text makes no revision, whatever changes around it

def test_a_refetch_with_only_the_page_chrome_changed_stores_nothing(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    before = rows(db, "SELECT id, revision, current, content_hash FROM articles ORDER BY id")
    for bump in (1, 2):
        Site.chrome = bump  # other ads, clock, view count, token and comment
        capsys.readouterr()
        assert watch(db, "--recheck", "0") == 0
        assert f"unchanged {site}{PAGE}" in capsys.readouterr().out
    bodies = Site.bodies[PAGE]
    assert len(bodies) == 3 and len(set(bodies)) == 3  # the HTML differed each time
    assert rows(db, "SELECT id, revision, current, content_hash FROM articles ORDER BY id") == before
    assert rows(db, "SELECT COUNT(*) FROM facts") == [(3,)]
    out = tmp_path / "new.jsonl"
    assert export(db, "--new", "-o", str(out)) == 0 and len(jsonl(out)) == 3  # the first export: all
    assert export(db, "--new", "-o", str(out)) == 0 and jsonl(out) == []     # nothing new since


# -- when a stored page is read again

def test_a_page_read_again_is_asked_for_with_its_etag_and_a_304_stores_nothing(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    Site.etags = True
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    assert Site.not_modified[PAGE] == 0
    capsys.readouterr()
    assert watch(db, "--recheck", "0") == 0  # the server answers 304: no body to read
    assert f"unchanged {site}{PAGE}" in capsys.readouterr().out
    assert Site.not_modified[PAGE] == 1 and len(Site.bodies[PAGE]) == 1
    assert [r[:2] for r in revisions(db, site + PAGE)] == [(1, True)]
    Site.texts[PAGE] = CORRECTED  # a new ETag: read whole, a new revision, its ETag kept for next time
    assert watch(db, "--recheck", "0") == 0
    assert Site.not_modified[PAGE] == 1 and len(Site.bodies[PAGE]) == 2
    assert [r[:2] for r in revisions(db, site + PAGE)] == [(1, False), (2, True)]
    assert watch(db, "--recheck", "0") == 0
    assert Site.not_modified[PAGE] == 2
    [(etag,)] = rows(db, "SELECT etag FROM urls WHERE url = ?", site + PAGE)
    assert etag == f'"{hashlib.sha1(Site.bodies[PAGE][-1]).hexdigest()[:12]}"'


def test_stored_pages_are_not_read_again_before_their_recheck_time(site, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.texts[PAGE] = CORRECTED
    assert watch(db) == 0  # default: read again after 6 hours
    assert watch(db, "--recheck", "0", "--recheck-for", "0") == 0  # rechecks by age off
    assert Site.hits[PAGE] == 1
    assert [r[:2] for r in revisions(db, site + PAGE)] == [(1, True)]
    # a page first seen longer ago than --recheck-for is left alone
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE urls SET first_seen = first_seen - 3 * 86400")
        conn.commit()
    assert watch(db, "--recheck", "0") == 0
    assert Site.hits[PAGE] == 1


def test_a_new_lastmod_in_the_sitemap_reads_the_page_again_an_hour_after_its_last_reading(site, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.texts[PAGE] = CORRECTED
    Site.lastmod[PAGE] = "2024-05-02T10:00:00+07:00"
    assert watch(db) == 0  # read a moment ago: a new stamp waits (some sitemaps restamp every poll)
    assert Site.hits[PAGE] == 1
    read_earlier(db, hours=1.5)
    assert watch(db) == 0  # no --recheck: the source's stamp says the page changed
    assert Site.hits[PAGE] == 2 and Site.hits[PAGE2] == 1
    assert [r[:2] for r in revisions(db, site + PAGE)] == [(1, False), (2, True)]
    read_earlier(db, hours=1.5)
    assert watch(db) == 0  # the same stamp again: not read again
    assert Site.hits[PAGE] == 2


def read_earlier(db, hours: float) -> None:
    """Move every page's last reading back in time, as if the run had been ``hours`` ago."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE urls SET checked_at = checked_at - ?", (hours * 3600,))
        conn.commit()


def test_a_page_gone_when_read_again_keeps_what_was_stored(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    del Site.texts[PAGE2], Site.lastmod[PAGE2]  # now a 404, and out of the sitemap
    assert watch(db, "--recheck", "0") == 1
    assert "404" in capsys.readouterr().err
    assert rows(db, "SELECT state, article_id IS NOT NULL FROM urls WHERE url = ?", site + PAGE2) == [("done", 1)]
    assert revisions(db, site + PAGE2) == [(1, True, OTHER_FACTS)]


# -- a run that dies halfway leaves no half-stored revision

def test_a_revision_that_fails_halfway_through_its_facts_leaves_nothing_of_it(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.texts[PAGE] = CORRECTED
    with closing(sqlite3.connect(db)) as conn:  # the disk fills up, say, at the second fact
        conn.execute("CREATE TRIGGER fail_second_fact BEFORE INSERT ON facts WHEN NEW.seq = 1 AND "
                     "(SELECT revision FROM articles WHERE id = NEW.article_id) = 2 "
                     "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        conn.commit()
    assert watch(db, "--recheck", "0") == 2  # the pass stops at the error, named on one line
    assert "disk full" in capsys.readouterr().err
    # the first fact of revision 2 was written inside the transaction: rolled back with the rest
    assert revisions(db, site + PAGE) == [(1, True, FIRST_FACTS)]
    assert rows(db, "SELECT COUNT(*) FROM articles WHERE revision = 2") == [(0,)]
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("DROP TRIGGER fail_second_fact")
        conn.commit()
    assert watch(db, "--recheck", "0") == 0  # the lease of the dead pass is taken over
    assert revisions(db, site + PAGE) == [(1, False, FIRST_FACTS), (2, True, CORRECTED_FACTS)]


GENERATED = [f"/gen/{n}-giam-ngheo.html" for n in range(6)]


def generated(path: str) -> bytes:
    n = int(path.split("/")[2].split("-")[0])
    rate = f"{n + 10},{Site.chrome}"  # chrome doubles as the edition of these pages' text
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Tin {n}</title></head><body><article>"
            f"<h1>Tin {n}</h1><p>Năm 2023, tỷ lệ hộ nghèo của tỉnh Cao Bằng còn {rate}%.</p>"
            f"</article></body></html>").encode()


def test_a_run_killed_while_storing_revisions_resumes_without_halves_or_duplicates(site, tmp_path):
    db = tmp_path / "watch.db"
    Site.texts, Site.lastmod = {}, {p: "2024-05-01" for p in GENERATED}  # the sitemap lists them only
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.chrome, Site.slow = 1, 0.4  # every page's figure changes
    proc = subprocess.Popen([sys.executable, "-m", "extractor.cli", "watch", "--db", str(db), "--recheck", "0",
                             *FAST], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while rows(db, "SELECT COUNT(*) FROM articles WHERE revision = 2")[0][0] < 2:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    revised = rows(db, "SELECT COUNT(*) FROM articles WHERE revision = 2")[0][0]
    assert 2 <= revised < len(GENERATED), "the kill should land halfway"
    check_each_page(db, site)

    Site.slow = 0.0
    assert watch(db, "--recheck", "0") == 0
    check_each_page(db, site)
    assert rows(db, "SELECT revision, current, COUNT(*) FROM articles GROUP BY revision, current") == [
        (1, 0, len(GENERATED)), (2, 1, len(GENERATED))]  # read again after the kill: no third revision


def check_each_page(db, site):
    """Each page has one current revision, the newest; each revision all the facts of its text."""
    for p in GENERATED:
        got = revisions(db, site + p)
        assert [current for _, current, _ in got] == [False] * (len(got) - 1) + [True]
        n = int(p.split("/")[2].split("-")[0])
        for revision, _, facts in got:
            assert facts == [("poverty_rate", float(f"{n + 10}.{revision - 1}"), f"{n + 10},{revision - 1}%")]


# -- a db made before revisions

OLD_SCHEMA = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('feed', 'listing', 'sitemap')),
    added_at REAL NOT NULL, polled_at REAL, etag TEXT, last_modified TEXT, last_error TEXT,
    enabled INTEGER NOT NULL DEFAULT 1, allow_private INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0, last_success REAL, retry_at REAL);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, final_url TEXT, content_hash TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL, title TEXT, published TEXT, source TEXT, author TEXT, text TEXT NOT NULL,
    fetched_at TEXT, stored_at REAL NOT NULL);
CREATE TABLE facts (
    article_id INTEGER NOT NULL REFERENCES articles(id), seq INTEGER NOT NULL, indicator TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (article_id, seq));
CREATE TABLE urls (
    url TEXT PRIMARY KEY, source_id INTEGER REFERENCES sources(id), first_seen REAL NOT NULL,
    title TEXT, published TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_until REAL, tried_by TEXT,
    article_id INTEGER REFERENCES articles(id), last_error TEXT);
CREATE INDEX urls_pending ON urls(state, first_seen) WHERE state = 'pending';
CREATE TABLE errors (id INTEGER PRIMARY KEY, at REAL NOT NULL, url TEXT NOT NULL, permanent INTEGER NOT NULL,
    message TEXT NOT NULL);
CREATE TABLE exports (consumer TEXT PRIMARY KEY, cursor INTEGER NOT NULL, exported_at REAL NOT NULL);
"""


def old_db(path, site):
    """A db as the release before revisions left it: the sitemap polled, PAGE stored with the facts
    of its first text, and exported once."""
    import hashlib

    article = extractor.extract(page(PAGE), url=site + PAGE, html=True)
    now = time.time()
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(OLD_SCHEMA)
        conn.execute("INSERT INTO sources(id, url, kind, added_at, allow_private, last_success) "
                     "VALUES (1, ?, 'sitemap', ?, 1, ?)", (site + "/sitemap.xml", now, now))
        conn.execute("INSERT INTO articles VALUES (1, ?, ?, ?, ?, ?, ?, ?, NULL, ?, '2024-06-01T00:00:00Z', ?)",
                     (site + PAGE, site + PAGE, hashlib.sha256(article.text.encode()).hexdigest(), article.id,
                      article.title, article.published, article.source, article.text, now))
        conn.executemany("INSERT INTO facts VALUES (1, ?, ?, ?)",
                         [(i, f.indicator, f.model_dump_json(exclude={"doc"})) for i, f in enumerate(article.facts)])
        conn.execute("INSERT INTO urls(url, source_id, first_seen, state, attempts, article_id) "
                     "VALUES (?, 1, ?, 'done', 1, 1)", (site + PAGE, now))
        conn.execute("INSERT INTO exports VALUES ('default', 1, ?)", (now,))
        conn.commit()
    return article


def test_a_db_from_before_revisions_is_migrated_and_takes_them(site, tmp_path):
    db = tmp_path / "old.db"
    article = old_db(db, site)
    assert [(f.indicator, f.value) for f in article.facts] == [(i, v) for i, v, _ in FIRST_FACTS]

    # read as it is: its article is revision 1 and current
    out = tmp_path / "all.jsonl"
    assert export(db, "-o", str(out)) == 0
    assert by_revision(jsonl(out)) == {1: (True, [("poverty_rate", 12.5), ("poor_households", 4215)])}
    columns = {r[1] for r in rows(db, "PRAGMA table_info(articles)")}
    assert {"revision", "current"} <= columns
    assert {"checked_at", "modified"} <= {r[1] for r in rows(db, "PRAGMA table_info(urls)")}

    # a pass reads the sitemap (PAGE2 new) and PAGE again, now corrected: revision 2 under the same URL
    Site.texts[PAGE] = CORRECTED
    assert watch(db, "--recheck", "0") == 0
    assert revisions(db, site + PAGE) == [(1, False, FIRST_FACTS), (2, True, CORRECTED_FACTS)]
    assert revisions(db, site + PAGE2) == [(1, True, OTHER_FACTS)]
    # the old db's export place is kept: --new gives what came after it
    new = tmp_path / "new.jsonl"
    assert export(db, "--new", "-o", str(new)) == 0
    got = {(r["doc"]["url"][len(site):], r["doc"]["revision"], r["doc"]["current"], r["value"]) for r in jsonl(new)}
    assert got == {(PAGE, 2, True, 12.8), (PAGE, 2, True, 4312), (PAGE2, 1, True, 9871)}
    assert rows(db, "PRAGMA foreign_key_check") == [] and rows(db, "PRAGMA integrity_check") == [("ok",)]
    # two current revisions of one URL are refused by the db itself
    with closing(sqlite3.connect(db)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE articles SET current = 1 WHERE url = ?", (site + PAGE,))


def test_opening_a_migrated_db_again_changes_nothing(site, tmp_path):
    from extractor.monitor.store import MonitorStore

    db = tmp_path / "old.db"
    old_db(db, site)
    with MonitorStore(db):
        pass
    schema = rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name")
    with MonitorStore(db) as store:
        assert [a.revision for a in store.articles()] == [1]
    assert rows(db, "SELECT name, sql FROM sqlite_master ORDER BY name") == schema


# -- what reads the db whole takes the current revision

def test_report_and_dataset_from_the_db_take_the_current_revision(site, tmp_path):
    import base64
    import gzip
    import re

    import pyarrow.parquet as pq

    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    Site.texts[PAGE] = CORRECTED
    assert watch(db, "--recheck", "0") == 0
    assert main(["dataset", "build", "--from-db", str(db), "-o", str(tmp_path / "ds")]) == 0
    facts = pq.read_table(tmp_path / "ds" / "facts.parquet").to_pylist()
    assert sorted((r["doc_url"][len(site):], r["value"]) for r in facts) == [
        (PAGE, 12.8), (PAGE, 4312), (PAGE2, 9871)]
    out = tmp_path / "r.html"
    assert main(["report", "--from-db", str(db), "-o", str(out)]) == 0
    blob = re.search(r'<script type="application/octet-stream" id="data">([^<]*)</script>',
                     out.read_text(encoding="utf-8")).group(1)
    data = json.loads(gzip.decompress(base64.b64decode(blob)))
    assert len(data["texts"]) == 2 and any("12,8%" in t for t in data["texts"])
    assert not any("12,5%" in t for t in data["texts"]) and len(data["facts"]) == 3
