"""The fetcher against a real local HTTP server (no mocks)."""
from __future__ import annotations

import gzip
import queue
import socket
import struct
import time
from collections import Counter
from dataclasses import replace
from http.server import BaseHTTPRequestHandler

import pytest
from localserver import serving, start as start_server, stop as stop_server
import requests

from extractor.fetch import (
    BadURLError, BlockedAddressError, BodyTooLargeError, FetchSettings, Fetcher, HTTPStatusError,
    NetworkError, NotHTMLError, RobotsDisallowedError, TooManyRedirectsError, ValidatorStore,
    iter_warc_pages,
)
from extractor.fetch.cli import main as fetch_main
from extractor.fetch.http import GuardedAdapter

PAGE = ("<!doctype html><html><head><meta charset='utf-8'><title>Giảm nghèo</title></head>"
        "<body><h1>Giảm nghèo bền vững</h1><p>Tỷ lệ hộ nghèo giảm còn 10%.</p></body></html>").encode()
ETAG = '"v1"'
MODIFIED = "Sat, 27 Jul 2024 09:39:00 GMT"
BOMB = gzip.compress(b"\0" * (8 * 1024 * 1024), compresslevel=9)  # 8 MB of zeros in ~8 KB


class Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    endless_chunks: "queue.Queue[int]" = queue.Queue()  # chunks of /endless sent before the client hung up
    times: dict[str, list[float]] = {}
    robots = "User-agent: *\nDisallow: /private\n"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if not any(k.lower() == "content-length" for k, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901 - one route table
        path = self.path
        Handler.hits[path] += 1
        Handler.times.setdefault(path, []).append(time.monotonic())
        n = Handler.hits[path]
        if path == "/robots.txt":
            return self._send(200, Handler.robots.encode(), "text/plain")
        if path in ("/page", "/private/page", "/rate"):
            if self.headers.get("If-None-Match") == ETAG:
                return self._send(304, ctype=None, headers=[("ETag", ETAG), ("Content-Length", "0")])
            return self._send(200, PAGE, headers=[("ETag", ETAG), ("Last-Modified", MODIFIED)])
        if path == "/ua":
            return self._send(200, self.headers.get("User-Agent", "").encode())
        if path == "/gzip":
            return self._send(200, gzip.compress(PAGE), headers=[("Content-Encoding", "gzip")])
        if path == "/chunked":  # chunked transfer of a gzip body
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            data = gzip.compress(PAGE)
            for i in range(0, len(data), 50):
                part = data[i:i + 50]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        if path == "/bomb":
            return self._send(200, BOMB, headers=[("Content-Encoding", "gzip")])
        if path == "/huge-length":
            return self._send(200, b"<html>", headers=[("Content-Length", str(2 * 1024 ** 3))])
        if path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            sent = 0
            try:
                chunk = b"<p>" + b"x" * 65536 + b"</p>"
                for _ in range(100_000):  # ~6 GB if nobody stops reading
                    self.wfile.write(chunk)
                    sent += 1
            except OSError:
                pass
            Handler.endless_chunks.put(sent)
            return
        if path.startswith("/redirect/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/page" if left == 0 else f"/redirect/{left - 1}"
            return self._send(302, ctype=None, headers=[("Location", target)])
        if path == "/loop":
            return self._send(301, ctype=None, headers=[("Location", "/loop2")])
        if path == "/loop2":
            return self._send(301, ctype=None, headers=[("Location", "/loop")])
        if path == "/to-ftp":
            return self._send(302, ctype=None, headers=[("Location", "ftp://example.org/file")])
        if path == "/to-private":
            return self._send(302, ctype=None, headers=[("Location", "/private/page")])
        if path in ("/404", "/410", "/403"):
            return self._send(int(path[1:]), b"<html><body>Not here</body></html>")
        if path == "/flaky":  # 503 with Retry-After once, then fine
            if n == 1:
                return self._send(503, b"busy", headers=[("Retry-After", "1")])
            return self._send(200, PAGE)
        if path == "/backoff":  # two 500s, then fine
            if n <= 2:
                return self._send(500, b"oops")
            return self._send(200, PAGE)
        if path == "/always-500":
            return self._send(500, b"oops")
        if path == "/retry-long":
            return self._send(429, b"slow down", headers=[("Retry-After", "3600")])
        if path == "/slow":
            time.sleep(1.5)
            return self._send(200, PAGE)
        if path == "/reset":
            # RST instead of FIN: the client sees "connection reset"
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            return
        if path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(PAGE[:100])
            return
        if path == "/pdf":
            return self._send(200, b"%PDF-1.4\n...", "application/pdf")
        if path == "/pdf-as-html":
            return self._send(200, b"%PDF-1.4\n...", "text/html")
        if path == "/png-no-type":
            return self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 50, None)
        return self._send(404, b"<html>no route</html>")


@pytest.fixture(scope="module")
def server():
    with serving(Handler) as url:
        yield url


FAST = FetchSettings(allow_private=True, min_interval=0.0, backoff_base=0.05, backoff_max=0.2,
                     connect_timeout=2, read_timeout=2, max_bytes=1024 * 1024)


@pytest.fixture
def fetcher():
    with Fetcher(FAST) as f:
        yield f


def test_plain_page(server, fetcher):
    res = fetcher.fetch(server + "/page")
    assert res.status == 200 and res.body == PAGE
    assert res.header("etag") == ETAG and res.content_type.startswith("text/html")


def test_identifying_user_agent(server, fetcher):
    assert fetcher.fetch(server + "/ua").body.decode().startswith("extractor-bot/")


def test_gzip_is_decoded(server, fetcher):
    assert fetcher.fetch(server + "/gzip").body == PAGE


def test_chunked_gzip_is_decoded(server, fetcher):
    assert fetcher.fetch(server + "/chunked").body == PAGE


def test_gzip_bomb_stops_at_cap(server, fetcher):
    with pytest.raises(BodyTooLargeError, match="decompressed body exceeds") as exc:
        fetcher.fetch(server + "/bomb")
    assert server + "/bomb" in str(exc.value)


def test_endless_body_stops_at_cap(server, fetcher):
    with pytest.raises(BodyTooLargeError, match="cap"):
        fetcher.fetch(server + "/endless")
    # the client hung up: the server sent the 1 MiB cap and what socket buffers hold, not 6 GB
    assert Handler.endless_chunks.get(timeout=60) < 200


def test_huge_content_length_refused_before_reading(server, fetcher):
    with pytest.raises(BodyTooLargeError, match="Content-Length 2147483648"):
        fetcher.fetch(server + "/huge-length")


def test_redirects_followed_and_capped(server):
    with Fetcher(replace(FAST, max_redirects=3)) as f:
        res = f.fetch(server + "/redirect/2")  # /redirect/N is N+1 hops
        assert res.final_url == server + "/page" and len(res.redirects) == 3
        with pytest.raises(TooManyRedirectsError, match="more than 3 redirects"):
            f.fetch(server + "/redirect/3")
        with pytest.raises(TooManyRedirectsError, match="loop"):
            f.fetch(server + "/loop")


def test_redirect_hop_is_checked(server, fetcher):
    with pytest.raises(BadURLError, match="'ftp'"):
        fetcher.fetch(server + "/to-ftp")
    # robots.txt is checked on the hop too
    with pytest.raises(RobotsDisallowedError, match="/private/page"):
        fetcher.fetch(server + "/to-private")


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "javascript:alert(1)", "mailto:a@b.vn",
                                 "baobackan.vn/tin", "http:///nohost"])
def test_bad_schemes(url, fetcher):
    with pytest.raises(BadURLError) as exc:
        fetcher.fetch(url)
    assert url in str(exc.value)


def test_private_addresses_refused(server):
    with Fetcher(replace(FAST, allow_private=False)) as f:
        for url in (server + "/page", "http://localhost:9/x", "http://169.254.169.254/latest/meta-data",
                    "http://10.0.0.1/", "http://[::1]:80/"):
            with pytest.raises(BlockedAddressError, match="non-public address"):
                f.fetch(url)


def test_connection_guard_refuses_private_peer(server):
    # the socket-level guard catches what a DNS answer could hide from the early check
    s = requests.Session()
    s.mount("http://", GuardedAdapter())
    with pytest.raises(Exception) as exc:
        s.get(server + "/page", timeout=2)
    assert "127.0.0.1" in str(exc.value)


def test_robots_disallow(server, fetcher):
    with pytest.raises(RobotsDisallowedError, match="robots.txt disallows"):
        fetcher.fetch(server + "/private/page")


def test_rate_limit_per_host(server):
    with Fetcher(replace(FAST, min_interval=0.2)) as f:
        t0 = time.monotonic()
        for _ in range(4):
            f.fetch(server + "/rate")
        elapsed = time.monotonic() - t0
    # robots.txt + 4 pages = 5 requests, so 4 intervals (a lower bound: load cannot shorten a wait)
    assert elapsed >= 0.75
    stamps = Handler.times["/rate"][-4:]
    assert min(b - a for a, b in zip(stamps, stamps[1:])) >= 0.15


def test_retry_after_is_honoured(server, fetcher):
    t0 = time.monotonic()
    res = fetcher.fetch(server + "/flaky")
    assert res.status == 200 and time.monotonic() - t0 >= 0.9
    assert Handler.hits["/flaky"] == 2


def test_backoff_retries_then_succeeds(server, fetcher):
    assert fetcher.fetch(server + "/backoff").status == 200
    assert Handler.hits["/backoff"] == 3


def test_retries_exhausted(server, fetcher):
    with pytest.raises(HTTPStatusError, match="HTTP 500") as exc:
        fetcher.fetch(server + "/always-500")
    assert exc.value.status == 500 and Handler.hits["/always-500"] == FAST.max_retries + 1


def test_retry_after_too_long_is_an_error(server, fetcher):
    with pytest.raises(HTTPStatusError, match="Retry-After 3600"):
        fetcher.fetch(server + "/retry-long")
    assert Handler.hits["/retry-long"] == 1  # not waited for, not retried


def test_conditional_get(server, tmp_path):
    store = ValidatorStore(tmp_path / "state.json")
    with Fetcher(FAST, validators=store) as f:
        assert f.fetch(server + "/page").status == 200
    store.save()
    again = ValidatorStore(tmp_path / "state.json")
    assert again.get(server + "/page")["etag"] == ETAG
    with Fetcher(FAST, validators=again) as f:
        res = f.fetch(server + "/page")
    assert res.status == 304 and res.not_modified and res.body == b""


@pytest.mark.parametrize("path,status,word", [("/404", 404, "not found"), ("/410", 410, "gone"),
                                               ("/403", 403, "forbidden")])
def test_error_statuses(server, fetcher, path, status, word):
    with pytest.raises(HTTPStatusError, match=f"HTTP {status} {word}") as exc:
        fetcher.fetch(server + path)
    assert exc.value.status == status and Handler.hits[path] == 1  # no retry on 4xx


def test_timeout(server):
    with Fetcher(replace(FAST, read_timeout=0.3, max_retries=1)) as f:
        with pytest.raises(NetworkError, match="timed out"):
            f.fetch(server + "/slow")


def test_connection_reset(server):
    with Fetcher(replace(FAST, max_retries=1)) as f:
        with pytest.raises(NetworkError, match="/reset: connection"):
            f.fetch(server + "/reset")


def test_connection_refused(fetcher):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with Fetcher(replace(FAST, max_retries=0)) as f:
        with pytest.raises(NetworkError, match="connection"):
            f.fetch(f"http://127.0.0.1:{port}/x")


def test_truncated_body(server, fetcher):
    with pytest.raises(NetworkError, match="body read failed"):
        fetcher.fetch(server + "/truncated")


@pytest.mark.parametrize("path,pattern", [("/pdf", "Content-Type application/pdf"),
                                          ("/pdf-as-html", "body is a PDF"),
                                          ("/png-no-type", "body is a PNG")])
def test_not_html(server, fetcher, path, pattern):
    with pytest.raises(NotHTMLError, match=pattern):
        fetcher.fetch(server + path)


def test_batch_goes_on(server, fetcher):
    urls = [server + "/404", "ftp://x/y", server + "/page"]
    out = list(fetcher.fetch_many(urls))
    assert [type(r).__name__ for _, r in out] == ["HTTPStatusError", "BadURLError", "FetchResult"]


def test_cli_writes_warc_and_reports_failures(server, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# list\n{server}/gzip\n\n{server}/404\n", encoding="utf-8")
    out = tmp_path / "out"
    code = fetch_main(["fetch", "--from", str(urls), server + "/page", "-o", str(out), "--allow-private",
                       "--rate", "100"])
    captured = capsys.readouterr()
    assert code == 1
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and f"{server}/404" in errors[0] and "404" in errors[0]
    warcs = list(out.glob("*.warc.gz"))
    assert len(warcs) == 1
    pages = list(iter_warc_pages(warcs[0]))
    assert {p.url for p in pages} == {server + "/gzip", server + "/page"}
    for p in pages:
        assert p.status == 200 and p.body == PAGE and p.date
        assert p.content_type.startswith("text/html") and "content-encoding" not in p.headers
    assert list(iter_warc_pages(out))  # a directory reads every archive in it
    # second run: the state file makes it a conditional GET
    code = fetch_main(["fetch", server + "/page", "-o", str(out), "--allow-private", "--rate", "100"])
    assert code == 0 and "304" in capsys.readouterr().out


def test_cli_usage_errors(tmp_path, capsys):
    assert fetch_main(["fetch", "-o", str(tmp_path)]) == 2
    assert fetch_main(["fetch", "http://x.vn/"]) == 2  # -o missing
    assert fetch_main(["fetch", "--from", str(tmp_path / "missing.txt"), "-o", str(tmp_path)]) == 2


class RobotsHandler(BaseHTTPRequestHandler):
    """A second site whose robots.txt answer is chosen per test."""
    robots_status = 200
    robots_body = b"User-agent: extractor-bot\nCrawl-delay: 0.3\nDisallow: /no\n\nUser-agent: *\nDisallow: /\n"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            status, body = self.robots_status, self.robots_body
        elif self.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"<p>x</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            return
        else:
            status, body = 200, PAGE
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def robots_site():
    servers = []

    def start(status=200, body=RobotsHandler.robots_body):
        handler = type("H", (RobotsHandler,), {"robots_status": status, "robots_body": body})
        httpd, url = start_server(handler)
        servers.append(httpd)
        return url

    yield start
    for httpd in servers:
        stop_server(httpd)


def test_robots_groups_and_crawl_delay(robots_site):
    base = robots_site()
    with Fetcher(FAST) as f:
        with pytest.raises(RobotsDisallowedError):
            f.fetch(base + "/no/page")
        t0 = time.monotonic()
        f.fetch(base + "/a")
        f.fetch(base + "/b")
        assert time.monotonic() - t0 >= 0.25  # Crawl-delay 0.3 outweighs min_interval 0


def test_robots_missing_allows_and_server_error_disallows(robots_site):
    with Fetcher(FAST) as f:
        assert f.fetch(robots_site(404, b"") + "/a").status == 200
        with pytest.raises(RobotsDisallowedError, match="unavailable"):
            f.fetch(robots_site(503, b"") + "/a")


def test_slow_trickle_stops_at_deadline(robots_site):
    with Fetcher(replace(FAST, max_seconds=0.5)) as f:
        with pytest.raises(NetworkError, match="no complete response within 0.5 s"):
            f.fetch(robots_site(404, b"") + "/trickle")
