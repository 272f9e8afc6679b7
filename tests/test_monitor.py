"""``extractor watch``: a real local news site (RSS, Atom, a listing, articles), a real SQLite file,
real processes killed with SIGKILL. No mocks."""
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
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from localserver import reply, serving

import extractor
from extractor.cli import main
from extractor.monitor import article_links, canonical_url
from extractor.monitor.listing import listing_rules

VN = timezone(timedelta(hours=7))

# path -> (title, date in a meta tag or None, paragraphs); the facts asserted below are read off
# these sentences by hand.
ARTICLES = {
    "/tin-tuc/bac-kan-giam-ty-le-ho-ngheo-nam-2023-10001.html": (
        "Bắc Kạn: tỷ lệ hộ nghèo giảm mạnh trong năm 2023", "2024-01-15T08:30:00+07:00",
        ["Năm 2023, tỷ lệ hộ nghèo của tỉnh Bắc Kạn giảm 3,5% (giảm từ 25,12% xuống còn 21,62%).",
         "Toàn tỉnh có 4.215 hộ thoát nghèo, vượt kế hoạch đề ra."]),
    "/tin-tuc/cao-bang-day-nhanh-giai-ngan-von-giam-ngheo-10002.html": (
        "Cao Bằng đẩy nhanh giải ngân vốn giảm nghèo", "2024-07-02T10:00:00+07:00",
        ["Tính đến hết ngày 30/6/2024, tỉnh Cao Bằng đã giải ngân 312,5 tỷ đồng vốn Chương trình mục tiêu "
         "quốc gia giảm nghèo bền vững.",
         "Ngân hàng Chính sách xã hội tỉnh đã cho 2.150 lượt hộ nghèo vay vốn."]),
    "/tin-tuc/pac-nam-ho-tro-nha-o-cho-ho-ngheo-10003.html": (  # no title, no date: the feed's count
        None, None,
        ["Huyện Pác Nặm đã hỗ trợ làm nhà ở cho 356 hộ nghèo.", "Tỷ lệ hộ nghèo của huyện còn 38,5%."]),
    "/xa-hoi/lao-cai-no-luc-giam-ngheo-vung-cao-10004.html": (
        "Lào Cai nỗ lực giảm nghèo vùng cao", "2024-03-10T07:00:00+07:00",
        ["Năm 2023, tỉnh Lào Cai có 9.871 hộ nghèo, chiếm 5,2% tổng số hộ."]),
    "/tin-tuc/yen-bai-them-nguon-luc-cho-giam-ngheo-10005.html": (
        "Yên Bái thêm nguồn lực cho giảm nghèo", "2024-08-01T09:00:00+07:00",
        ["Năm 2024, tỉnh Yên Bái được phân bổ 650 tỷ đồng vốn ngân sách trung ương cho Chương trình."]),
}
A1, A2, A3, A4, A5 = ARTICLES
MISSING = "/tin-tuc/bai-viet-da-bi-go-bo-khoi-trang-10009.html"
PRINT_A1 = "/ban-in/10001"  # the same article at a second address
FLAKY = "/tin-tuc/may-chu-dang-qua-tai-tam-thoi-10010.html"


def page(path: str) -> bytes:
    title, date, paragraphs = ARTICLES[path]
    head = (f"<title>{title}</title>" if title else "") + (
        f"<meta property='article:published_time' content='{date}'>" if date else "")
    body = (f"<h1>{title}</h1>" if title else "") + "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>"
            f"<nav><a href='/'>Trang chủ</a> <a href='/xa-hoi'>Xã hội</a></nav>"
            f"<article>{body}</article></body></html>").encode()


def rss(items) -> bytes:
    xml = ["<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Giảm nghèo</title>"
           "<link>/</link><description>Tin giảm nghèo</description>"]
    for link, title, when in items:
        xml.append(f"<item><title>{title}</title><link>{link}</link>"
                   f"<pubDate>{format_datetime(when)}</pubDate></item>")
    return ("".join(xml) + "</channel></rss>").encode()


ATOM = (
    "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
    "<title>Tin vùng cao</title><id>urn:tin-vung-cao</id><updated>2024-05-20T02:00:00Z</updated>"
    f"<entry><title>Pác Nặm: nhà ở cho hộ nghèo</title><link rel='alternate' href='{A3}'/>"
    "<id>urn:10003</id><published>2024-05-20T09:00:00+07:00</published>"
    "<updated>2024-05-20T09:00:00+07:00</updated></entry></feed>").encode()

LISTING = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Xã hội</title><base href='/xa-hoi/'></head><body>"
    "<nav><a href='/'>Trang chủ</a> <a href='/xa-hoi'>Xã hội</a> <a href='/lien-he'>Liên hệ</a></nav>"
    f"<ul><li><a href='{A1}'>Bắc Kạn giảm nghèo</a></li>"
    "<li><a href='lao-cai-no-luc-giam-ngheo-vung-cao-10004.html#binh-luan'>Lào Cai</a></li>"
    "<li><a href='/tag/giam-ngheo-ben-vung-nam-2024-den-2025'>Giảm nghèo bền vững</a></li>"
    "<li><a href='/anh/toan-canh-giam-ngheo-vung-cao-10006.jpg'>Ảnh</a></li>"
    "<li><a href='https://example.org/tin-tuc/bai-viet-tren-trang-khac-10007.html'>Trang khác</a></li>"
    "<li><a href='/xa-hoi?page=2'>Trang sau</a></li></ul>"
    "<footer><a href='mailto:toasoan@example.org'>Tòa soạn</a></footer></body></html>").encode()


class Site:
    """What the server publishes, and what it was asked."""
    rss_items: list = []
    slow = 0.0  # seconds before each article page answers
    hits: Counter = Counter()
    not_modified: Counter = Counter()
    lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.rss_items = [
            (A1 + "?utm_source=rss&utm_medium=feed#top", "Bắc Kạn giảm nghèo",
             datetime(2024, 1, 16, 9, 0, tzinfo=VN)),
            (A2, "Cao Bằng giải ngân vốn", datetime(2024, 7, 2, 10, 0, tzinfo=VN)),
        ]
        cls.slow = 0.0
        cls.hits = Counter()
        cls.not_modified = Counter()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        reply(self, status, body, ctype, headers)

    def _conditional(self, body, ctype):
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:12]
        if self.headers.get("If-None-Match") == etag:
            with Site.lock:
                Site.not_modified[self.path] += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(200, body, ctype, [("ETag", etag)])

    def do_GET(self):
        path = self.path
        with Site.lock:
            Site.hits[path] += 1
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if path == "/rss.xml":
            return self._conditional(rss(Site.rss_items), "application/rss+xml; charset=utf-8")
        if path == "/atom.xml":
            return self._conditional(ATOM, "application/atom+xml")
        if path == "/xa-hoi":
            return self._send(200, LISTING)
        if path == FLAKY:
            return self._send(503, b"busy")
        key = A1 if path == PRINT_A1 else path
        if key in ARTICLES or key.startswith("/gen/"):
            time.sleep(Site.slow)
            return self._send(200, page(key) if key in ARTICLES else generated_page(key))
        return self._send(404, b"<html><body>Not found</body></html>")


PROVINCES = ["Hà Giang", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Tuyên Quang", "Kon Tum", "Gia Lai"]


def generated_page(path: str) -> bytes:
    """/gen/N-...: one more article per province, for the runs killed halfway."""
    n = int(path.split("/")[2].split("-")[0])
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{PROVINCES[n]} giảm nghèo</title></head>"
            f"<body><article><h1>{PROVINCES[n]} giảm nghèo</h1><p>Năm 2023, tỷ lệ hộ nghèo của tỉnh "
            f"{PROVINCES[n]} giảm {n + 2},{n}% và còn {1000 + 137 * n} hộ nghèo.</p></article></body></html>"
            ).encode()


GENERATED = [f"/gen/{n}-bai-viet-giam-ngheo-so-{n}.html" for n in range(len(PROVINCES))]


@pytest.fixture(scope="module")
def server():
    with serving(Handler) as url:  # killed clients hang up mid-answer: the server stays quiet
        yield url


@pytest.fixture(autouse=True)
def fresh_site():
    Site.reset()
    yield


FAST = ["--allow-private", "--rate", "1000", "--retries", "0", "--timeout", "10"]


def watch(db, *args):
    return main(["watch", "--db", str(db), *args, *FAST])


def rows(db, sql, *params):
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql, params).fetchall()


def stored_facts(db):
    """{article url: [(indicator, kind, value, evidence text), ...]} as stored."""
    out: dict[str, list] = {}
    for url, data in rows(db, "SELECT a.url, f.data FROM facts f JOIN articles a ON a.id = f.article_id "
                              "ORDER BY a.id, f.seq"):
        f = json.loads(data)
        out.setdefault(url, []).append((f["indicator"], f["kind"], f["value"], f["evidence"]["text"]))
    return out


def article_hits():
    return {p: n for p, n in Site.hits.items() if p in ARTICLES or p.startswith("/gen/") or p == PRINT_A1}


# ---------------------------------------------------------------- addresses and links

def test_canonical_url_drops_tracking_and_fragment_and_normalises_host():
    base = "http://baobackan.vn/tin-tuc/giam-ngheo-10001.html"
    assert canonical_url("HTTP://BaoBacKan.VN:80/tin-tuc/giam-ngheo-10001.html/?utm_source=fb&fbclid=x#top") == base
    assert canonical_url(base + "?b=2&a=1&utm_campaign=z") == base + "?a=1&b=2"
    assert canonical_url("https://baobackan.vn") == "https://baobackan.vn/"
    assert canonical_url("https://baobackan.vn:8443/a/") == "https://baobackan.vn:8443/a"
    assert canonical_url(base + "?id=7") != base  # a real parameter names another page


def test_listing_keeps_same_site_article_links_only():
    base = "http://baomoi.example/xa-hoi"
    links = [e.url for e in article_links(LISTING, base, "text/html; charset=utf-8")]
    assert links == ["http://baomoi.example" + A1, "http://baomoi.example" + A4]  # A4 through <base>


def test_site_adapter_selectors_choose_the_listing_links(tmp_path):
    generic = (Path(extractor.__file__).parent / "patterns" / "sites" / "generic.yaml").read_text(encoding="utf-8")
    (tmp_path / "generic.yaml").write_text(generic, encoding="utf-8")
    (tmp_path / "baomoi.yaml").write_text(
        "name: baomoi\nhosts: ['baomoi.example']\nlisting:\n  links: ['ul li:first-child a', 'ul a[href*=tag]']\n",
        encoding="utf-8")
    rules = listing_rules("baomoi.example", str(tmp_path))
    links = [e.url for e in article_links(LISTING, "http://baomoi.example/xa-hoi", rules=rules)]
    assert links == ["http://baomoi.example" + A1]  # the tag page is still skipped
    assert listing_rules("other.example", str(tmp_path)).links == []


# ---------------------------------------------------------------- passes

def test_first_pass_stores_every_article_once_with_its_facts(server, tmp_path, capsys):
    db = tmp_path / "watch.db"
    code = watch(db, "--feed", server + "/rss.xml", "--feed", server + "/atom.xml", "--listing", server + "/xa-hoi")
    assert code == 0, capsys.readouterr().err
    facts = stored_facts(db)
    assert set(facts) == {server + A1, server + A2, server + A3, server + A4}
    # A1 came with utm parameters and a fragment from the feed and plain from the listing: one fetch
    assert Site.hits[A1] == 1 and Site.hits[A1 + "?utm_source=rss&utm_medium=feed"] == 0
    assert facts[server + A1] == [("poverty_rate", "change", -3.5, "3,5%"),
                                  ("poverty_rate", "level", 25.12, "25,12%"),
                                  ("poverty_rate", "level", 21.62, "21,62%"),
                                  ("escaped_households", "level", 4215, "4.215 hộ")]
    assert ("disbursed", "level", 312_500_000_000, "312,5 tỷ đồng") in facts[server + A2]
    assert ("beneficiaries", "level", 2150, "2.150 lượt hộ") in facts[server + A2]
    assert ("beneficiaries", "level", 356, "356 hộ nghèo") in facts[server + A3]
    assert ("poverty_rate", "level", 38.5, "38,5%") in facts[server + A3]
    # the page's title and date (with its time and offset) win over the feed's; a page without them takes the feed's
    meta = {url: (title, date) for url, title, date in rows(db, "SELECT url, title, published FROM articles")}
    assert meta[server + A1] == ("Bắc Kạn: tỷ lệ hộ nghèo giảm mạnh trong năm 2023", "2024-01-15T08:30:00+07:00")
    assert meta[server + A3] == ("Pác Nặm: nhà ở cho hộ nghèo", "2024-05-20T09:00:00+07:00")
    # the facts' evidence slices the stored text
    for text, data in rows(db, "SELECT a.text, f.data FROM facts f JOIN articles a ON a.id = f.article_id"):
        ev = json.loads(data)["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]


def test_second_pass_fetches_no_article_again(server, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", server + "/rss.xml", "--feed", server + "/atom.xml") == 0
    first = dict(article_hits())
    before = rows(db, "SELECT COUNT(*) FROM articles")[0][0], rows(db, "SELECT COUNT(*) FROM facts")[0][0]
    assert watch(db) == 0  # the sources are kept in the db
    assert article_hits() == first
    assert Site.not_modified["/rss.xml"] == 1 and Site.not_modified["/atom.xml"] == 1  # conditional GET
    assert (rows(db, "SELECT COUNT(*) FROM articles")[0][0], rows(db, "SELECT COUNT(*) FROM facts")[0][0]) == before


def test_new_feed_item_is_the_only_page_fetched(server, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", server + "/rss.xml") == 0
    first = dict(article_hits())
    Site.rss_items.insert(0, (A5, "Yên Bái thêm nguồn lực", datetime(2024, 8, 1, 9, 0, tzinfo=VN)))
    assert watch(db) == 0
    assert article_hits() == {**first, A5: 1}
    assert stored_facts(db)[server + A5] == [("funding", "level", 650_000_000_000, "650 tỷ đồng")]


def test_same_text_under_another_address_is_an_alias(server, tmp_path):
    db = tmp_path / "watch.db"
    Site.rss_items.append((PRINT_A1, "Bản in", datetime(2024, 1, 16, 9, 0, tzinfo=VN)))
    assert watch(db, "--feed", server + "/rss.xml") == 0
    assert rows(db, "SELECT COUNT(*) FROM articles")[0][0] == 2
    ids = dict(rows(db, "SELECT url, article_id FROM urls"))
    assert ids[server + PRINT_A1] == ids[server + A1]
    assert rows(db, "SELECT COUNT(*) FROM facts WHERE article_id = ?", ids[server + A1]) == [(4,)]


def test_missing_page_is_reported_once_and_the_rest_stored(server, tmp_path, capsys):
    db = tmp_path / "watch.db"
    Site.rss_items.insert(1, (MISSING, "Bài đã gỡ", datetime(2024, 2, 1, tzinfo=VN)))
    assert watch(db, "--feed", server + "/rss.xml") == 1
    err = capsys.readouterr().err
    assert MISSING in err and "404" in err
    assert {u for (u,) in rows(db, "SELECT url FROM articles")} == {server + A1, server + A2}
    assert rows(db, "SELECT state, attempts FROM urls WHERE url = ?", server + MISSING) == [("failed", 1)]
    assert watch(db) == 0  # permanent: not asked again
    assert Site.hits[MISSING] == 1


def test_transient_failure_is_retried_on_later_passes_up_to_the_limit(server, tmp_path, capsys):
    db = tmp_path / "watch.db"
    Site.rss_items.append((FLAKY, "Quá tải", datetime(2024, 2, 1, tzinfo=VN)))
    for expected_state in ("pending", "failed"):
        assert watch(db, "--feed", server + "/rss.xml", "--max-attempts", "2") == 1
        assert rows(db, "SELECT state FROM urls WHERE url = ?", server + FLAKY) == [(expected_state,)]
    assert "given up" in capsys.readouterr().err
    assert watch(db, "--max-attempts", "2") == 0
    assert Site.hits[FLAKY] == 2
    assert rows(db, "SELECT COUNT(*) FROM articles")[0][0] == 2


def test_export_writes_what_is_stored(server, tmp_path):
    db = tmp_path / "watch.db"
    assert watch(db, "--feed", server + "/rss.xml") == 0
    out = tmp_path / "facts.jsonl"
    assert main(["watch-export", "--db", str(db), "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == rows(db, "SELECT COUNT(*) FROM facts")[0][0] == 6
    assert {x["doc"]["url"] for x in lines} == {server + A1, server + A2}
    assert main(["watch-export", "--db", str(tmp_path / "none.db")]) == 2


def test_usage_errors(tmp_path, capsys):
    assert watch(tmp_path / "a.db") == 2  # no sources at all
    bad = tmp_path / "sources.txt"
    bad.write_text("feed http://example.org/rss\nhttp://example.org/no-kind\n", encoding="utf-8")
    assert watch(tmp_path / "a.db", "--sources", str(bad)) == 2
    assert "sources.txt:2" in capsys.readouterr().err


# ---------------------------------------------------------------- crashes and concurrent runs

def _interruptible():
    """A run started from a background job inherits SIGINT ignored (POSIX shells start background
    commands so): give the child Ctrl-C as a terminal gives it, whatever started the tests."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(db, *args):
    return subprocess.Popen([sys.executable, "-m", "extractor.cli", "watch", "--db", str(db), *args, *FAST],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_interruptible)


def count(db, table):
    if not db.exists():  # connecting would create it under the run's feet
        return 0
    try:
        return rows(db, f"SELECT COUNT(*) FROM {table}")[0][0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for(condition, proc, seconds=30.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def expected_facts(server):
    """What one clean extraction of each generated page gives, for the exactly-once checks."""
    return {server + p: len(extractor.extract(generated_page(p), url=server + p).facts) for p in GENERATED}


def assert_each_once(db, server):
    assert sorted(u for (u,) in rows(db, "SELECT url FROM articles")) == sorted(server + p for p in GENERATED)
    per_article = dict(rows(db, "SELECT a.url, COUNT(*) FROM facts f JOIN articles a ON a.id = f.article_id "
                                "GROUP BY a.url"))
    assert per_article == expected_facts(server)
    dupes = rows(db, "SELECT article_id, data, COUNT(*) FROM facts GROUP BY article_id, data HAVING COUNT(*) > 1")
    assert dupes == []
    assert rows(db, "SELECT state, COUNT(*) FROM urls GROUP BY state") == [("done", len(GENERATED))]


def test_run_killed_halfway_resumes_without_loss_or_duplicates(server, tmp_path):
    db = tmp_path / "watch.db"
    Site.rss_items = [(p, f"Bài {i}", datetime(2024, 3, 1 + i, tzinfo=VN)) for i, p in enumerate(GENERATED)]
    Site.slow = 0.4
    proc = cli(db, "--feed", server + "/rss.xml")
    wait_for(lambda: count(db, "articles") >= 2, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = {u for (u,) in rows(db, "SELECT url FROM articles")}
    assert 2 <= len(done_before) < len(GENERATED), "the kill should land halfway"

    Site.slow = 0.0
    proc = cli(db)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert_each_once(db, server)
    for p in GENERATED:  # stored before the kill: never fetched again; the one in flight: twice at most
        assert Site.hits[p] == 1 if server + p in done_before else 1 <= Site.hits[p] <= 2


def test_concurrent_runs_share_the_work(server, tmp_path):
    db = tmp_path / "watch.db"
    Site.rss_items = [(p, f"Bài {i}", datetime(2024, 3, 1 + i, tzinfo=VN)) for i, p in enumerate(GENERATED)]
    Site.slow = 0.3
    procs = [cli(db, "--feed", server + "/rss.xml") for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    assert_each_once(db, server)
    assert all(Site.hits[p] == 1 for p in GENERATED)


def test_interval_mode_picks_up_new_items_until_interrupted(server, tmp_path):
    db = tmp_path / "watch.db"
    proc = cli(db, "--feed", server + "/rss.xml", "--interval", "0.5")
    try:
        wait_for(lambda: count(db, "articles") == 2, proc)
        wait_for(lambda: Site.not_modified["/rss.xml"] >= 1, proc)  # a pass asked with the ETag
        Site.rss_items.append((A5, "Yên Bái thêm nguồn lực", datetime(2024, 8, 1, 9, 0, tzinfo=VN)))
        wait_for(lambda: count(db, "articles") == 3, proc)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 130
    finally:
        proc.kill()
    assert Site.hits[A5] == 1 and Site.hits[A1] == 1
