"""A polite HTTP fetcher for news pages.

One ``requests.Session``; redirects are followed here, hop by hop, so that every hop gets the
scheme, address, robots.txt and rate-limit checks. Bodies are streamed and decompressed here
too (the session asks for ``gzip, deflate`` only) so the size cap holds after decompression.
"""
from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import logging
import os
import random
import re
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from .errors import (
    BadURLError, BlockedAddressError, BodyTooLargeError, DeferredError, FetchError, HTTPStatusError,
    NetworkError, NotHTMLError, RobotsDisallowedError, TooManyRedirectsError,
)

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "extractor-bot/0.1 (research on Vietnamese poverty-reduction news; polite crawler)"


@dataclass
class FetchSettings:
    """Every limit of the fetcher, in one place."""

    user_agent: str = DEFAULT_USER_AGENT
    robots_token: str = "extractor-bot"  # the name matched against robots.txt groups
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_seconds: float = 120.0  # one exchange: connect, headers and body, against slow trickles
    max_retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_wait: float = 120.0  # all waits for one URL (Retry-After, backoff); a longer one defers it
    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504)
    min_interval: float = 1.0  # seconds between requests to one host (1 request/s)
    max_crawl_delay: float = 30.0  # cap on a robots.txt Crawl-delay we honour
    respect_robots: bool = True
    robots_max_bytes: int = 512 * 1024
    max_bytes: int = 10 * 1024 * 1024  # body cap, on the wire and after decompression
    max_redirects: int = 5
    allow_private: bool = False
    allowed_schemes: tuple[str, ...] = ("http", "https")
    html_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")
    accept_language: str = "vi,en;q=0.5"
    trust_env: bool = False  # env proxies would hide which address we really connect to
    chunk_size: int = 64 * 1024


@dataclass
class FetchResult:
    url: str  # as requested
    final_url: str
    status: int  # 200, or 304 when the conditional GET says "not modified"
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    http_version: str = "HTTP/1.1"
    fetched_at: str = ""  # ISO 8601 UTC
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str, default: str | None = None) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return default

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")


# ---------------------------------------------------------------- addresses

def _ip_is_public(ip_text: str) -> bool:
    ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


class _PrivatePeer(Exception):
    pass


# ---------------------------------------------------------------- one deadline per exchange

class _Deadline:
    """One deadline over a whole exchange: connect, headers and body.

    Socket timeouts restart with every byte, so a server dripping one byte a second would hold
    us as long as it liked. A timer shuts the exchange's sockets down when the deadline
    passes, which wakes a read blocked on them; ``expired`` then says why the read ended."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock) -> None:
    try:  # the plain socket's shutdown: an SSL socket's own would drop its state under the reader
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError):
        pass


_exchange = threading.local()  # .deadline: the _Deadline of the exchange this thread is in


class IncompleteHeaders(http.client.HTTPException):
    """The connection closed before the blank line that ends the response headers."""

    def __str__(self) -> str:
        return "the server closed the connection before the end of the headers"


class _LastLine:
    """The response's file, remembering the last line read (to tell a header block cut off)."""

    def __init__(self, fp):
        self.fp = fp
        self.last = None

    def readline(self, *args):
        self.last = self.fp.readline(*args)
        return self.last

    def __getattr__(self, name):
        return getattr(self.fp, name)


class _CompleteHeadersResponse(http.client.HTTPResponse):
    """http.client takes end of input as the end of the headers; here it is an error."""

    def begin(self):
        if self.headers is not None:  # already begun
            return
        real, self.fp = self.fp, _LastLine(self.fp)
        try:
            super().begin()
            cut = self.fp is not None and self.fp.last == b""
        finally:
            if self.fp is not None:
                self.fp = real
        if cut:
            raise IncompleteHeaders()


class _DeadlineMixin:
    """Puts the connection's socket under the current exchange's deadline; checks headers."""

    response_class = _CompleteHeadersResponse

    def _new_conn(self):  # type: ignore[override]
        sock = super()._new_conn()  # type: ignore[misc]
        self._watch(sock)
        return sock

    def getresponse(self, *args, **kwargs):  # type: ignore[override]
        self._watch(self.sock)  # a kept-alive socket serves a new exchange
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]

    @staticmethod
    def _watch(sock) -> None:
        deadline = getattr(_exchange, "deadline", None)
        if deadline is not None and sock is not None:
            deadline.watch(sock)


class _DeadlineHTTPConnection(_DeadlineMixin, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineMixin, HTTPSConnection):
    pass


class _DeadlineHTTPPool(HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """Transport adapter whose connections keep to the exchange's deadline."""

    pools = {"http": _DeadlineHTTPPool, "https": _DeadlineHTTPSPool}

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(self.pools)


class _GuardMixin:
    """Refuses the socket if the peer turns out private (DNS may change after our check)."""

    def _new_conn(self):  # type: ignore[override]
        sock = super()._new_conn()  # type: ignore[misc]
        try:
            peer = sock.getpeername()[0]
        except OSError:
            peer = None
        if peer is not None and not _ip_is_public(peer):
            sock.close()
            raise _PrivatePeer(peer)
        return sock


class _GuardedHTTPConnection(_GuardMixin, _DeadlineHTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardMixin, _DeadlineHTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class GuardedAdapter(DeadlineAdapter):
    """Transport adapter whose connections refuse non-public peers."""

    pools = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}


# ---------------------------------------------------------------- rate limit

class HostRateLimiter:
    """At most one request per ``interval`` seconds to each host."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._extra: dict[str, float] = {}
        self._lock = threading.Lock()

    def set_interval(self, host: str, interval: float) -> None:
        """A host-specific interval (robots.txt Crawl-delay); never below the default."""
        self._extra[host] = interval

    def wait(self, host: str) -> None:
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            interval = max(self.interval, self._extra.get(host, 0.0))
            self._next[host] = start + interval
        if start > now:
            self._sleep(start - now)


# ---------------------------------------------------------------- conditional GET

class ValidatorStore:
    """ETag / Last-Modified per URL, kept in a small JSON file."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path else None
        self._data: dict[str, dict[str, str]] = {}
        if self.path and self.path.exists():
            try:
                self._data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                log.warning("ignoring unreadable fetch state %s", self.path)

    def get(self, url: str) -> dict[str, str]:
        return dict(self._data.get(url, {}))

    def put(self, url: str, etag: str | None, last_modified: str | None) -> None:
        entry = {k: v for k, v in (("etag", etag), ("last_modified", last_modified)) if v}
        if entry:
            self._data[url] = entry

    def save(self) -> None:
        if not self.path:
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps(self._data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


# ---------------------------------------------------------------- body decoding

class _Decompressor:
    """Content-Encoding decoder whose output per call is bounded (gzip bombs)."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._z = None
        self._pending_deflate = False
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._pending_deflate = True  # zlib-wrapped or raw: decided on the first bytes
        elif encoding not in ("", "identity"):
            raise ValueError(encoding)

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decode ``data``, returning at most ``limit + 1`` bytes (one more means over the cap)."""
        if self._pending_deflate and data:
            wrapped = len(data) >= 2 and (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._z = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
            self._pending_deflate = False
        if self._z is None:
            return data[: limit + 1]
        out = bytearray()
        while data and len(out) <= limit:
            out += self._z.decompress(data, limit + 1 - len(out))
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data and self.encoding != "deflate":
                data = self._z.unused_data + data  # another gzip member follows
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return bytes(out)

    def flush(self) -> bytes:
        return self._z.flush() if self._z is not None else b""


_MAGIC = [
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP/Office file"),
    (b"\xd0\xcf\x11\xe0", "an old Office file"),
    (b"\x1f\x8b", "gzip data"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 file"), (b"\x00\x00\x00\x20ftyp", "an MP4 file"),
]


def sniff_binary(head: bytes) -> str | None:
    """What a body is if its first bytes say it is not text, else None."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP image"
    return None


# What a page without a Content-Type must start with to be taken as HTML (after a BOM, spaces
# and comments): a doctype or one of the tags pages open with.
_HTML_START = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title|\?xml)\b",
                         re.I | re.S)


def _parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


# ---------------------------------------------------------------- fetcher

class Fetcher:
    """Fetch HTML pages politely. ``fetch`` returns a ``FetchResult`` or raises a ``FetchError``."""

    def __init__(self, settings: FetchSettings | None = None, validators: ValidatorStore | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.settings = s = settings or FetchSettings()
        self.validators = validators
        self._sleep = sleep
        self.limiter = HostRateLimiter(s.min_interval, sleep=sleep)
        self._robots: dict[str, Protego | bool] = {}
        self.session = requests.Session()
        self.session.trust_env = s.trust_env
        self.session.headers.update({
            "User-Agent": s.user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
            "Accept-Language": s.accept_language,
            "Accept-Encoding": "gzip, deflate",
        })
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, DeadlineAdapter() if s.allow_private else GuardedAdapter())

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- public

    def fetch(self, url: str) -> FetchResult:
        return self._fetch(url, robots=self.settings.respect_robots, max_bytes=self.settings.max_bytes,
                           conditional=True, html_only=True)

    def fetch_many(self, urls: Iterable[str]) -> Iterator[tuple[str, FetchResult | FetchError]]:
        """Fetch each URL in turn; a failure is yielded in place of the result, never raised."""
        for url in urls:
            try:
                yield url, self.fetch(url)
            except FetchError as err:
                yield url, err

    # -- checks

    def _check_url(self, url: str, original: str) -> tuple[str, int]:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as err:
            raise BadURLError(original, f"malformed URL {url!r}: {err}") from None
        scheme = parts.scheme.lower()
        if scheme not in self.settings.allowed_schemes:
            what = f"scheme {scheme!r}" if scheme else "no scheme"
            hop = "" if url == original else f" (redirect to {url})"
            raise BadURLError(original, f"{what} is not allowed, only http/https{hop}")
        host = parts.hostname
        if not host:
            raise BadURLError(original, f"no host in {url!r}")
        port = port or (443 if scheme == "https" else 80)
        if not self.settings.allow_private:
            try:
                addresses = _resolve(host, port)
            except (socket.gaierror, UnicodeError) as err:
                raise NetworkError(original, f"cannot resolve host {host}: {err}") from None
            bad = [a for a in addresses if not _ip_is_public(a)]
            if bad:
                raise BlockedAddressError(
                    original, f"host {host} resolves to non-public address {bad[0]} "
                              "(private/loopback/link-local; --allow-private allows it)")
        return host.lower(), port

    def _robots_for(self, url: str, original: str) -> Protego | bool:
        origin = _origin(url)
        if origin in self._robots:
            return self._robots[origin]
        robots_url = origin + "/robots.txt"
        rules: Protego | bool
        try:
            res = self._fetch(robots_url, robots=False, max_bytes=self.settings.robots_max_bytes,
                              conditional=False, html_only=False)
            rules = Protego.parse(res.body.decode("utf-8", errors="replace"))
        except HTTPStatusError as err:
            # RFC 9309: 4xx means no rules; 5xx means assume everything is disallowed
            rules = err.status < 500
        except BodyTooLargeError:
            rules = True
        except NetworkError as err:
            # the host itself is unreachable: say so, and ask again next time
            raise NetworkError(original, f"cannot fetch robots.txt: {err.reason}") from None
        except FetchError as err:
            log.info("robots.txt unusable for %s: %s", origin, err.reason)
            rules = False
        if isinstance(rules, Protego):
            delay = rules.crawl_delay(self.settings.robots_token)
            if delay:
                host = (urlsplit(url).hostname or "").lower()
                self.limiter.set_interval(host, min(float(delay), self.settings.max_crawl_delay))
        self._robots[origin] = rules
        return rules

    def _check_robots(self, url: str, original: str) -> None:
        rules = self._robots_for(url, original)
        if rules is True:
            return
        if rules is False:
            raise RobotsDisallowedError(original, f"robots.txt of {_origin(url)} unavailable (server error), "
                                                  "treated as disallow")
        if not rules.can_fetch(url, self.settings.robots_token):
            raise RobotsDisallowedError(original, f"robots.txt disallows {url}")

    # -- the request loop

    def _send(self, url: str, host: str, original: str,
              headers: dict[str, str]) -> tuple[requests.Response, _Deadline]:
        """The response (headers read, body not yet) and the deadline its body must keep to.

        Retries 429/5xx and network errors; every wait (Retry-After, backoff) is taken from
        the URL's budget ``max_wait``, and a wait beyond it defers the URL instead."""
        s = self.settings
        attempt = 0
        waited = 0.0

        def wait(seconds: float, why: str, status: int) -> None:
            nonlocal waited
            if waited + seconds > s.max_wait:
                raise DeferredError(original, f"deferred: {why}; waiting {seconds:.0f} s more would pass the "
                                              f"{s.max_wait:g}-s wait budget per URL, try again later", status)
            waited += seconds
            self._sleep(seconds)

        while True:
            self.limiter.wait(host)
            deadline = _exchange.deadline = _Deadline(s.max_seconds)
            answered = False
            try:
                resp = self.session.get(url, headers=headers, stream=True, allow_redirects=False,
                                        timeout=(s.connect_timeout, s.read_timeout))
            except _PrivatePeer as err:
                raise BlockedAddressError(original, f"connected peer {err} is not a public address") from None
            except requests.exceptions.InvalidURL as err:
                raise BadURLError(original, f"invalid URL: {err}") from None
            except requests.exceptions.RequestException as err:
                failure: FetchError = NetworkError(original, _network_reason(err, deadline))
                status = 0
            else:
                status = resp.status_code
                if status not in s.retry_statuses:
                    answered = True
                    return resp, deadline
                retry_after = _parse_retry_after(resp.headers.get("Retry-After"))
                failure = HTTPStatusError(original, f"HTTP {status} {resp.reason or ''}".rstrip()
                                          + f" after {attempt + 1} attempt(s)", status)
                resp.close()
                if retry_after is not None and attempt < s.max_retries:
                    attempt += 1
                    wait(retry_after, f"HTTP {status}, Retry-After {retry_after:.0f} s", status)
                    continue
            finally:
                _exchange.deadline = None
                if not answered:
                    deadline.cancel()
            if attempt >= s.max_retries:
                raise failure
            delay = min(s.backoff_max, s.backoff_base * 2 ** attempt)
            attempt += 1
            wait(delay * random.uniform(0.75, 1.0), failure.reason, status)

    def _fetch(self, url: str, *, robots: bool, max_bytes: int, conditional: bool, html_only: bool) -> FetchResult:
        s = self.settings
        original = url
        current = url
        seen: list[str] = []
        while True:
            host, _port = self._check_url(current, original)
            if robots:
                self._check_robots(current, original)
            headers: dict[str, str] = {}
            if conditional and self.validators is not None:
                known = self.validators.get(current)
                if "etag" in known:
                    headers["If-None-Match"] = known["etag"]
                if "last_modified" in known:
                    headers["If-Modified-Since"] = known["last_modified"]
            seen.append(current)
            resp, deadline = self._send(current, host, original, headers)
            status = resp.status_code
            if 300 <= status < 400 and status != 304:
                location = resp.headers.get("Location")
                resp.close()
                deadline.cancel()
                if not location:
                    raise HTTPStatusError(original, f"HTTP {status} redirect without Location", status)
                nxt = urljoin(current, location.strip())
                if nxt in seen:
                    raise TooManyRedirectsError(original, f"redirect loop back to {nxt}")
                if len(seen) > s.max_redirects:
                    raise TooManyRedirectsError(original, f"more than {s.max_redirects} redirects")
                current = nxt
                continue
            break

        result = FetchResult(
            url=original, final_url=current, status=status, reason=resp.reason or "",
            headers=list(resp.raw.headers.iteritems()),
            http_version={10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}.get(getattr(resp.raw, "version", 11), "HTTP/1.1"),
            fetched_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            redirects=seen[:-1],
        )
        try:
            if status == 304:
                return result
            if status != 200:
                names = {403: "forbidden", 404: "not found", 410: "gone", 401: "unauthorised", 451: "unavailable for legal reasons"}
                reason = names.get(status, resp.reason or "error")
                raise HTTPStatusError(original, f"HTTP {status} {reason}" + (f" at {current}" if current != original else ""), status)
            if html_only:
                mime = (resp.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
                if mime and mime not in s.html_types:
                    raise NotHTMLError(original, f"Content-Type {mime} is not HTML")
            result.body = self._read_body(resp, original, max_bytes, deadline)
        finally:
            resp.close()
            deadline.cancel()
        if html_only:
            what = sniff_binary(result.body[:16])
            if what:
                raise NotHTMLError(original, f"body is {what}, not HTML")
            if not result.content_type and not _HTML_START.match(result.body[:1024]):
                raise NotHTMLError(original, "no Content-Type, and the body does not start like an HTML page")
        if conditional and self.validators is not None:
            etag, modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
            for key in {original, current}:
                self.validators.put(key, etag, modified)
        return result

    def _read_body(self, resp: requests.Response, original: str, max_bytes: int, deadline: _Deadline) -> bytes:
        s = self.settings
        length = resp.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise BodyTooLargeError(original, f"Content-Length {int(length)} exceeds the {max_bytes}-byte cap")
        encoding = (resp.headers.get("Content-Encoding") or "").strip().lower()
        try:
            decoder = _Decompressor(encoding)
        except ValueError:
            raise NetworkError(original, f"unsupported Content-Encoding {encoding!r}") from None
        out = bytearray()
        wire = 0
        try:
            while True:
                # read1 returns what has arrived; at the deadline the socket is shut and it returns b""
                chunk = resp.raw.read1(s.chunk_size, decode_content=False)
                if not chunk:
                    break
                wire += len(chunk)
                if wire > max_bytes:
                    raise BodyTooLargeError(original, f"body exceeds the {max_bytes}-byte cap")
                room = max_bytes - len(out)
                piece = decoder.feed(chunk, room)
                if len(piece) > room:
                    raise BodyTooLargeError(original, f"decompressed body exceeds the {max_bytes}-byte cap "
                                                      f"(Content-Encoding {encoding})")
                out += piece
            out += decoder.flush()
        except zlib.error as err:
            raise NetworkError(original, f"corrupt {encoding} body: {err}") from None
        except (Urllib3HTTPError, requests.exceptions.RequestException, OSError) as err:
            if deadline.expired:
                raise NetworkError(original, _late(deadline)) from None
            raise NetworkError(original, f"body read failed: {_short(err)}") from None
        if deadline.expired:  # the socket was shut at the deadline: what came is not the whole body
            raise NetworkError(original, _late(deadline))
        if len(out) > max_bytes:
            raise BodyTooLargeError(original, f"body exceeds the {max_bytes}-byte cap")
        return bytes(out)


def _late(deadline: _Deadline) -> str:
    return f"no complete response within {deadline.seconds:g} s (connect, headers and body)"


def _network_reason(err: BaseException, deadline: _Deadline) -> str:
    if deadline.expired:
        return _late(deadline)
    if _in_chain(err, IncompleteHeaders):
        return str(IncompleteHeaders())
    if isinstance(err, requests.exceptions.Timeout):
        return f"timed out ({type(err).__name__})"
    return f"connection failed: {_short(err)}"


def _in_chain(err: BaseException, cls: type) -> bool:
    """True when ``cls`` is among the exceptions ``err`` wraps (requests and urllib3 nest them
    in ``args`` as well as in ``__context__``)."""
    todo, seen = [err], set()
    while todo:
        e = todo.pop()
        if isinstance(e, cls):
            return True
        if id(e) in seen:
            continue
        seen.add(id(e))
        todo += [a for a in e.args if isinstance(a, BaseException)]
        todo += [x for x in (e.__cause__, e.__context__) if x is not None]
    return False


def _short(err: BaseException) -> str:
    """The innermost useful message of a requests/urllib3 exception chain."""
    text = str(err)
    for marker in ("Connection reset", "Connection refused", "IncompleteRead", "Connection aborted",
                   "timed out", "Name or service not known", "Remote end closed"):
        if marker.lower() in text.lower():
            return f"{marker.lower()} ({type(err).__name__})"
    return text if len(text) < 200 else text[:200] + "..."
