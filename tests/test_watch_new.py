"""Monitoring that tells what is new (issue 12): export cursors per consumer, facts appended as
they are stored, sources with their health, back-off, and --allow-private kept per source. A real
local news site, real SQLite files, Parquet read back, the CLI as a subprocess where it matters."""
from __future__ import annotations

import csv
import gzip
import json
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from contextlib import closing
from http.server import BaseHTTPRequestHandler

import pytest
from localserver import reply, serving

from extractor.cli import main

FAST = ["--allow-private", "--rate", "1000", "--retries", "0"]


def article_page(n: int) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Tin {n}</title>"
            f"<meta property='article:published_time' content='2024-0{n % 9 + 1}-02T08:00:00+07:00'></head>"
            f"<body><article><h1>Tin {n}</h1>"
            f"<p>Năm 2023, tỷ lệ hộ nghèo của tỉnh Cao Bằng giảm {n},5%, còn {n + 20},1%.</p>"
            f"<p>Toàn tỉnh còn {n}.215 hộ nghèo.</p></article></body></html>").encode()


class Site:
    items: list[int] = []        # article numbers the feed lists
    broken = False               # /rss.xml answers 500
    sitemaps: dict[str, bytes] = {}
    hits: Counter = Counter()
    lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        with Site.lock:
            Site.hits[self.path] += 1
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if self.path == "/rss.xml":
            if Site.broken:
                return self._send(500, b"down", "text/plain")
            items = "".join(f"<item><title>Tin {n}</title><link>/tin/{n}.html</link></item>" for n in Site.items)
            return self._send(200, (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
                                    f"<title>Tin</title><link>/</link>{items}</channel></rss>").encode(),
                              "application/rss+xml")
        if self.path in Site.sitemaps:
            body = Site.sitemaps[self.path]
            return self._send(200, gzip.compress(body) if self.path.endswith(".gz") else body, "application/xml")
        if self.path.startswith("/tin/") and self.path.endswith(".html"):
            return self._send(200, article_page(int(self.path[5:-5])), "text/html; charset=utf-8")
        self._send(404, b"", "text/plain")

    def _send(self, status, body, ctype):
        reply(self, status, body, ctype)


@pytest.fixture
def site():
    Site.items, Site.broken, Site.hits, Site.sitemaps = [1, 2], False, Counter(), {}
    with serving(Handler) as url:
        yield url


def watch(db, *args) -> int:
    return main(["watch", "--db", str(db), *args, *FAST])


def export(db, *args) -> int:
    return main(["watch-export", "--db", str(db), *args])


def rows(db, sql, *params):
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- 11. only what is new, per consumer; appended as stored; fetched_at and stored_at

def test_export_new_gives_each_consumer_only_what_it_has_not_had(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", site + "/rss.xml") == 0
    first = tmp_path / "first.jsonl"
    assert export(db, "--new", "-o", str(first)) == 0
    assert {x["doc"]["title"] for x in jsonl(first)} == {"Tin 1", "Tin 2"}
    assert "cursor now 2" in capsys.readouterr().err

    Site.items = [1, 2, 3]
    assert watch(db) == 0
    second = tmp_path / "second.jsonl"
    assert export(db, "--new", "-o", str(second)) == 0
    assert {x["doc"]["title"] for x in jsonl(second)} == {"Tin 3"}
    empty = tmp_path / "empty.jsonl"
    assert export(db, "--new", "-o", str(empty)) == 0
    assert empty.read_text(encoding="utf-8") == ""  # nothing new since
    # another consumer starts from the beginning; its place is its own
    other = tmp_path / "other.parquet"
    assert export(db, "--new", "--consumer", "dashboard", "-o", str(other)) == 0
    import pyarrow.parquet as pq
    assert {r["doc_title"] for r in pq.read_table(other).to_pylist()} == {"Tin 1", "Tin 2", "Tin 3"}
    assert dict(rows(db, "SELECT consumer, cursor FROM exports")) == {"default": 3, "dashboard": 3}
    # --since CURSOR: what was stored after that cursor, whoever asks
    since = tmp_path / "since.jsonl"
    assert export(db, "--since", "1", "-o", str(since)) == 0
    assert {x["doc"]["title"] for x in jsonl(since)} == {"Tin 2", "Tin 3"}


def test_rows_carry_fetched_at_and_stored_at(site, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", site + "/rss.xml") == 0
    out = tmp_path / "all.csv"
    assert export(db, "-o", str(out)) == 0
    with open(out, encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert got
    for row in got:
        assert row["doc_fetched_at"].endswith("Z") and row["doc_stored_at"].endswith("Z")
        assert row["doc_fetched_at"][:10] == row["doc_stored_at"][:10]  # the same day, UTC
        assert row["doc_fetched_at"] <= row["doc_stored_at"]


def test_watch_appends_new_facts_to_its_output_as_it_stores(site, tmp_path):
    db = tmp_path / "watch.db"
    out = tmp_path / "live.jsonl"
    assert watch(db, "--feed", site + "/rss.xml", "-o", str(out)) == 0
    after_first = jsonl(out)
    assert {x["doc"]["title"] for x in after_first} == {"Tin 1", "Tin 2"}
    assert all(x["doc"]["stored_at"] for x in after_first)
    Site.items = [1, 2, 3]
    assert watch(db, "-o", str(out)) == 0
    after_second = jsonl(out)
    assert after_second[:len(after_first)] == after_first  # appended, not rewritten
    assert {x["doc"]["title"] for x in after_second[len(after_first):]} == {"Tin 3"}
    # the same as an export of everything, line for line
    full = tmp_path / "full.jsonl"
    assert export(db, "-o", str(full)) == 0
    assert jsonl(full) == after_second

    live_csv = tmp_path / "live.csv"
    assert watch(tmp_path / "b.db", "--feed", site + "/rss.xml", "-o", str(live_csv)) == 0
    Site.items = [1, 2, 3, 4]
    assert watch(tmp_path / "b.db", "-o", str(live_csv)) == 0
    with open(live_csv, encoding="utf-8", newline="") as fh:
        lines = list(csv.reader(fh))
    assert sum(1 for r in lines if r[0] == "doc_id") == 1  # one header, then rows of both passes
    assert {r[3] for r in lines[1:]} == {"Tin 1", "Tin 2", "Tin 3", "Tin 4"}


def test_watch_output_must_be_appendable(site, tmp_path, capsys):
    assert watch(tmp_path / "w.db", "--feed", site + "/rss.xml", "-o", str(tmp_path / "x.parquet")) == 2
    err = capsys.readouterr().err
    assert "x.parquet" in err and "watch-export" in err
    assert export(tmp_path / "w.db", "--since", "-1") == 2


# -- 12. sources with their health; remove, disable, enable; back-off; --allow-private per source

def sources(db, capsys, *args) -> list[dict]:
    capsys.readouterr()
    assert main(["watch", "sources", "--db", str(db), *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_sources_are_listed_with_their_health(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", site + "/rss.xml") == 0
    [health] = sources(db, capsys)
    assert health["url"] == site + "/rss.xml" and health["kind"] == "feed" and health["enabled"]
    assert health["last_success"].endswith("Z") and health["last_error"] is None
    assert health["failures_in_row"] == 0 and health["backing_off_until"] is None
    assert (health["articles"], health["facts"]) == (2, rows(db, "SELECT COUNT(*) FROM facts")[0][0])
    assert health["facts"] > 0


def test_a_failing_source_backs_off_instead_of_failing_every_pass(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    Site.broken = True
    assert watch(db, "--feed", site + "/rss.xml") == 1
    [health] = sources(db, capsys)
    assert health["failures_in_row"] == 1 and "500" in health["last_error"] and health["backing_off_until"]
    assert watch(db) == 0  # the next pass waits: no request, no new failure
    assert Site.hits["/rss.xml"] == 1
    assert "backing off" in capsys.readouterr().out
    [health] = sources(db, capsys)
    assert health["failures_in_row"] == 1
    # enabling it again ends the wait; a success resets the count
    Site.broken = False
    [health] = sources(db, capsys, "--enable", site + "/rss.xml")
    assert health["backing_off_until"] is None
    assert watch(db) == 0
    [health] = sources(db, capsys)
    assert health["failures_in_row"] == 0 and health["last_error"] is None and health["articles"] == 2


def test_disable_and_remove(site, tmp_path, capsys):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", site + "/rss.xml") == 0
    [health] = sources(db, capsys, "--disable", site + "/rss.xml")
    assert not health["enabled"]
    Site.items = [1, 2, 3]
    assert watch(db) == 0
    assert Site.hits["/rss.xml"] == 1 and Site.hits["/tin/3.html"] == 0
    assert sources(db, capsys, "--remove", site + "/rss.xml") == []
    assert rows(db, "SELECT COUNT(*) FROM articles") == [(2,)]  # what it brought stays
    assert main(["watch", "sources", "--db", str(db), "--remove", site + "/rss.xml"]) == 2
    assert "--remove" in capsys.readouterr().err
    assert main(["watch", "--db", str(db), "--disable", site + "/rss.xml"]) == 2  # only with 'sources'


def test_allow_private_is_kept_per_source(site, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", site + "/rss.xml") == 0  # FAST has --allow-private
    Site.items = [1, 2, 3]
    # a later run without the option still reaches the source it was given with, and its articles
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "watch", "--db", str(db), "--rate", "1000"],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rows(db, "SELECT COUNT(*) FROM articles") == [(3,)]
    # a source added without it is refused, and the message names the option
    other = tmp_path / "other.db"
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", "watch", "--db", str(other),
                           "--feed", site + "/rss.xml", "--rate", "1000"], capture_output=True, timeout=300)
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "--allow-private" in err and "allow_private" not in err


# -- 14. sitemaps, a third kind of source; the starter sources file

def urlset(numbers, news=False) -> bytes:
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    items = "".join(
        f"<url><loc>/tin/{n}.html</loc>" + (
            f"<news:news><news:publication><news:name>Báo</news:name><news:language>vi</news:language>"
            f"</news:publication><news:publication_date>2024-05-0{n}T08:00:00+07:00</news:publication_date>"
            f"<news:title>Tin mới {n}</news:title></news:news>" if news else f"<lastmod>2024-05-0{n}</lastmod>")
        + "</url>" for n in numbers)
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            f"{ns}>{items}</urlset>").encode()


def test_a_news_sitemap_is_a_source(site, tmp_path):
    from extractor.monitor.sitemaps import parse_sitemap

    Site.sitemaps = {"/news-sitemap.xml": urlset([1, 2], news=True)}
    parsed = parse_sitemap(Site.sitemaps["/news-sitemap.xml"], site + "/news-sitemap.xml")
    assert [(e.url, e.title, e.published[:10]) for e in parsed.entries] == [
        (site + "/tin/1.html", "Tin mới 1", "2024-05-01"), (site + "/tin/2.html", "Tin mới 2", "2024-05-02")]
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/news-sitemap.xml") == 0
    assert sorted(u for (u,) in rows(db, "SELECT url FROM articles")) == [site + "/tin/1.html", site + "/tin/2.html"]
    assert rows(db, "SELECT kind FROM sources") == [("sitemap",)]


def test_a_sitemap_index_is_read_newest_child_first_and_gzip_too(site, tmp_path):
    from extractor.monitor.sitemaps import MAX_CHILD_SITEMAPS

    children = [f"/sitemap-2024-{m:02d}.xml" + (".gz" if m % 2 else "") for m in range(1, MAX_CHILD_SITEMAPS + 3)]
    index = "".join(f"<sitemap><loc>{c}</loc><lastmod>2024-{m:02d}-28</lastmod></sitemap>"
                    for m, c in enumerate(children, 1))
    Site.sitemaps = {"/sitemap.xml": ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                      f'sitemap/0.9">{index}</sitemapindex>').encode()}
    for m, c in enumerate(children, 1):
        Site.sitemaps[c] = urlset([m])
    db = tmp_path / "watch.db"
    assert watch(db, "--sitemap", site + "/sitemap.xml") == 0
    stored = sorted(int(u.rsplit("/", 1)[1][:-5]) for (u,) in rows(db, "SELECT url FROM articles"))
    newest = list(range(len(children) - MAX_CHILD_SITEMAPS + 1, len(children) + 1))
    assert stored == newest  # the oldest children are not read in a poll
    assert all(Site.hits[c] == 0 for c in children[:len(children) - MAX_CHILD_SITEMAPS])


def test_a_page_that_is_no_sitemap_is_named(site, tmp_path, capsys):
    Site.sitemaps = {"/not-a-sitemap.xml": b"<?xml version='1.0'?><html><body>hi</body></html>"}
    assert watch(tmp_path / "w.db", "--sitemap", site + "/not-a-sitemap.xml") == 1
    err = capsys.readouterr().err
    assert "not-a-sitemap.xml: not a sitemap" in err and "Traceback" not in err


def test_a_db_from_before_sitemaps_takes_them_and_keeps_its_sources(site, tmp_path):
    from extractor.monitor.store import MonitorStore

    db = tmp_path / "old.db"
    assert watch(db, "--feed", site + "/rss.xml") == 0
    with closing(sqlite3.connect(db)) as conn:  # make it as an older release made it
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sources'").fetchone()[0]
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(sql.replace("CREATE TABLE sources", "CREATE TABLE sources_old", 1)
                     .replace("('feed', 'listing', 'sitemap')", "('feed', 'listing')"))
        conn.execute("INSERT INTO sources_old SELECT * FROM sources")
        conn.execute("DROP TABLE sources")
        conn.execute("ALTER TABLE sources_old RENAME TO sources")
        conn.commit()
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO sources(url, kind, added_at) VALUES ('x', 'sitemap', 0)")
    Site.sitemaps = {"/news-sitemap.xml": urlset([3], news=True)}
    assert watch(db, "--sitemap", site + "/news-sitemap.xml") == 0
    with MonitorStore(db) as store:
        assert [(s.kind, s.url) for s in store.sources()] == [("feed", site + "/rss.xml"),
                                                              ("sitemap", site + "/news-sitemap.xml")]
        health = {h["url"]: h for h in store.source_health()}
    assert health[site + "/rss.xml"]["articles"] == 2 and health[site + "/news-sitemap.xml"]["articles"] == 1
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_the_starter_sources_file_reads_and_says_what_is_verified():
    from pathlib import Path

    from extractor.monitor.cli import read_sources

    path = Path(__file__).resolve().parents[1] / "sources" / "starter.txt"
    found = read_sources(str(path))
    assert len(found) >= 20
    assert {kind for kind, _ in found} == {"feed", "listing", "sitemap"}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            url, note = line.split("#", 1)[0].split()[1], line.split("#", 1)[1]
            assert url.startswith("https://")
            assert note.strip().startswith(("unverified", "verified 20")), line
