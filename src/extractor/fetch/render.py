"""Pages whose article text is written by JavaScript, rendered in headless Chromium.

The browser never reaches the network itself. Every request it makes is intercepted: images,
fonts, media, styles, frames and tracker hosts are refused, and the rest (the page, its scripts,
its API calls) are fetched by the project's ``Fetcher`` and handed to the browser, so robots.txt,
the private-address guard, the per-host rate limit, retries and size caps hold for a script or
an XHR exactly as for a page. Chromium is also pointed at a dead proxy and a resolver that
knows no host, so whatever interception would miss (WebSockets) fails instead of connecting.

``Renderer.fetch`` decides per URL (``mode``): ``never`` is the plain fetch, ``always`` renders,
``auto`` renders a page whose site adapter says ``render: true`` and a plain page that reads
like an unrendered shell (``why_render``), and leaves other pages as fetched.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

import yaml

from .errors import (
    BadURLError, BlockedAddressError, BodyTooLargeError, FetchError, HTTPStatusError, RobotsDisallowedError,
)
from .http import FetchResult, Fetcher
from .options import RENDER_MODES, RENDER_TIMEOUT

log = logging.getLogger(__name__)

CHROMIUM_ENV = "EXTRACTOR_CHROMIUM"  # path of the browser, when ``chromium`` on PATH is not the one

_CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # belt and braces: a request interception misses goes to a closed local port, never out
    "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
# Answer headers that describe the bytes on the wire, not the decoded body handed to the browser.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}
_UTF8_HTML = "text/html; charset=utf-8"
# Before serialising: the DOM is written out as UTF-8, so a declared legacy charset would lie.
_DECLARE_UTF8 = """() => {
  for (const m of document.querySelectorAll('meta[charset]')) m.setAttribute('charset', 'utf-8');
  for (const m of document.querySelectorAll('meta[http-equiv]'))
    if (m.httpEquiv.toLowerCase() === 'content-type') m.setAttribute('content', 'text/html; charset=utf-8');
  return document.documentElement ? document.documentElement.outerHTML.length : 0;
}"""


@dataclass
class RenderSettings:
    """The limits and choices of rendering, in one place (the network limits are the Fetcher's)."""

    executable: str | None = None  # else $EXTRACTOR_CHROMIUM, else chromium on PATH
    timeout: float = RENDER_TIMEOUT  # browser time for one page: load event, scripts, network quiet
    max_html_bytes: int = 10 * 1024 * 1024  # the rendered HTML, as UTF-8
    max_requests: int = 60  # requests one page may have fetched for it (scripts, API calls)
    max_navigations: int = 3  # main-frame documents one page may load (script redirects)
    # auto: a plain page with less article text than this is a shell candidate. Every sample
    # article and test page of this project reads 790+ characters; an unrendered shell reads
    # next to nothing (menus and footers are dropped by the article reader).
    min_text_chars: int = 250
    allowed_types: tuple[str, ...] = ("document", "script", "xhr", "fetch")
    blocked_hosts: tuple[str, ...] = (  # analytics, ads, social widgets: never needed for the text
        "google-analytics.com", "googletagmanager.com", "googlesyndication.com", "doubleclick.net",
        "googleadservices.com", "facebook.net", "facebook.com", "fbcdn.net", "twitter.com",
        "platform.twitter.com", "hotjar.com", "scorecardresearch.com", "histats.com", "statcounter.com",
        "addthis.com", "sharethis.com", "disqus.com", "admicro.vn", "ants.vn", "eclick.vn", "adtima.vn",
        "yandex.ru", "mc.yandex.ru", "clarity.ms", "tiktok.com", "zalo.me",
    )
    locale: str = "vi-VN"  # dates and numbers that scripts format
    timezone: str = "Asia/Ho_Chi_Minh"
    sites_dir: str | None = None  # site adapters read for their ``render`` key (default: the package's)


class RenderError(FetchError):
    """The browser could not produce the page."""


class RenderTimeoutError(RenderError):
    """The page did not finish loading (load event, network quiet, scripts) within the timeout."""


class BrowserUnavailableError(RenderError):
    """No browser to render with: playwright or Chromium is missing or does not start."""


@dataclass
class RenderedResult(FetchResult):
    """A ``FetchResult`` whose body is the DOM after scripts ran, serialised as UTF-8 HTML."""

    why: str = ""  # why this page was rendered
    fetched: list[str] = field(default_factory=list)  # URLs fetched for the browser, the page first
    blocked: list[tuple[str, str]] = field(default_factory=list)  # (URL, reason) refused to it
    seconds: float = 0.0  # browser time

    rendered = True


def find_chromium(settings: RenderSettings | None = None) -> str:
    """The browser to launch: the setting, ``$EXTRACTOR_CHROMIUM``, or chromium on PATH."""
    chosen = (settings.executable if settings else None) or os.environ.get(CHROMIUM_ENV)
    if chosen:
        found = shutil.which(chosen)
        if not found:
            raise BrowserUnavailableError("chromium", f"{chosen} (from the setting or ${CHROMIUM_ENV}) "
                                                      "is not an executable")
        return found
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise BrowserUnavailableError("chromium", "no Chromium to render with: install Debian's `chromium` "
                                              f"(apt-get install chromium) or set ${CHROMIUM_ENV}")


# ---------------------------------------------------------------- when to render

@lru_cache(maxsize=4)
def _render_flags(directory: str | None) -> dict[str, bool]:
    """Adapter name -> its ``render`` key, for the adapters that have one."""
    from ..article.sites import SITES_DIR

    flags = {}
    for path in sorted(Path(directory or SITES_DIR).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if "render" in data:
            flags[data["name"]] = bool(data["render"])
    return flags


def site_render_flag(url: str, sites_dir: str | None = None) -> tuple[str, bool] | None:
    """(adapter name, its ``render`` key) for the adapter serving this URL's host, if it has the key."""
    from ..article.sites import load_adapters

    host = (urlsplit(url).hostname or "").lower()
    scored = [(a.host_score(host), a.name) for a in load_adapters(sites_dir) if a.name != "generic"]
    best = max((pair for pair in scored if pair[0]), default=None)
    flags = _render_flags(sites_dir)
    return (best[1], flags[best[1]]) if best and best[1] in flags else None


_SCRIPT = re.compile(rb"<script\b", re.I)
_NOSCRIPT_JS = re.compile(rb"<noscript\b[^>]*>(?:(?!</noscript).){0,2000}?javascript", re.I | re.S)


def why_render(plain: FetchResult, settings: RenderSettings | None = None) -> str | None:
    """Why the plain page should be rendered (``auto``), or None if it reads as it is.

    In order: its layout's adapter says ``render: true`` (``false`` says never); a ``<noscript>``
    asking for JavaScript; less article text than ``min_text_chars`` on a page that has scripts
    (without scripts a browser would show the same short page).
    """
    from ..article.html import parse_html

    settings = settings or RenderSettings()
    article = parse_html(plain.body, url=plain.final_url, content_type=plain.content_type)
    flag = _render_flags(settings.sites_dir).get(article.adapter)
    if flag is not None:
        return f"site adapter {article.adapter!r} says render: true" if flag else None
    if _NOSCRIPT_JS.search(plain.body):
        return "its <noscript> asks for JavaScript"
    chars = len(article.text)
    scripts = len(_SCRIPT.findall(plain.body))
    if chars < settings.min_text_chars and scripts:
        return f"plain page reads {chars} chars of text (< {settings.min_text_chars}) and has {scripts} script(s)"
    return None


# ---------------------------------------------------------------- the browser

_local = threading.local()  # the sync API allows one Playwright driver per thread: Renderers share it


def _acquire_playwright():
    state = getattr(_local, "state", None)
    if state is None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise BrowserUnavailableError("chromium", "the Python package playwright is not installed "
                                                      "(pip install playwright; the system Chromium is used, "
                                                      "no browser download)") from None
        state = _local.state = [sync_playwright().start(), 0]
    state[1] += 1
    return state[0]


def _release_playwright() -> None:
    state = _local.state
    state[1] -= 1
    if state[1] == 0:
        _local.state = None
        state[0].stop()


def _host_in(host: str, suffixes: Iterable[str]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _decoded_headers(result: FetchResult, content_type: str | None = None) -> dict[str, str]:
    """The answer's headers for its decoded body (``content_type`` replacing the server's, if given)."""
    headers: dict[str, str] = {}
    for name, value in result.headers:
        key = name.lower()
        if key in _WIRE_HEADERS or (content_type and key == "content-type"):
            continue
        joiner = "\n" if key == "set-cookie" else ", "  # one cookie a line, as playwright takes them
        headers[key] = headers[key] + joiner + value if key in headers else value
    if content_type:
        headers["content-type"] = content_type
    return headers


class _PageJob:
    """What one page load asked for and got."""

    def __init__(self, document: FetchResult, deadline: float):
        self.document = document
        self.deadline = deadline
        self.served = False
        self.navigations = 0
        self.requests = 0  # fetches tried for the browser, failed ones included
        self.fetched: list[str] = [document.final_url]
        self.blocked: list[tuple[str, str]] = []
        self.main_frame = None


class Renderer:
    """Fetch pages through a ``Fetcher``, rendering in headless Chromium those that need it.

    A context manager: one browser serves every page, launched at the first page that needs it
    (so ``mode="never"`` or an ``auto`` run of plain pages starts none) and closed on exit.
    ``launches`` and ``rendered`` count what happened. Sync Playwright: not inside a running
    asyncio loop, and only from the thread that created the Renderer.
    """

    def __init__(self, fetcher: Fetcher, settings: RenderSettings | None = None, mode: str = "always"):
        if mode not in RENDER_MODES:
            raise ValueError(f"render mode must be one of {', '.join(RENDER_MODES)}, not {mode!r}")
        self.fetcher = fetcher
        self.settings = settings or RenderSettings()
        self.mode = mode
        self.launches = 0
        self.rendered = 0
        self.launch_seconds = 0.0
        self._playwright = None
        self._browser = None
        self._unavailable: BrowserUnavailableError | None = None

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._browser is not None:
            try:
                self._browser.close()
            except Exception as err:  # a crashed browser has nothing left to close
                log.debug("closing the browser: %s", err)
            self._browser = None
        if self._playwright is not None:
            self._playwright = None
            _release_playwright()

    # -- choosing

    def fetch(self, url: str) -> FetchResult:
        """The page as ``mode`` says: plain, rendered, or rendered only when it needs it."""
        if self.mode == "never":
            return self.fetcher.fetch(url)
        if self.mode == "always":
            return self.render(url, why="--render always")
        site = site_render_flag(url, self.settings.sites_dir)
        if site and site[1]:
            return self.render(url, why=f"site adapter {site[0]!r} says render: true")
        plain = self.fetcher.fetch(url)
        if (site and not site[1]) or plain.not_modified:
            return plain
        try:
            why = why_render(plain, self.settings)
        except Exception as err:  # the guess must not lose a page that was fetched
            log.warning("%s: cannot tell whether it needs rendering (%s); kept as fetched", url, err)
            return plain
        return self.render(url, plain, why) if why else plain

    # each URL in turn, a failure yielded in place of the result: the Fetcher's loop, over this fetch
    fetch_many = Fetcher.fetch_many

    # -- rendering

    def render(self, url: str, plain: FetchResult | None = None, why: str = "") -> FetchResult:
        """Render ``url`` (its plain fetch, when already made, is reused, not fetched again).

        A 304 "not modified" comes back as it is: there is nothing new to render.
        """
        if plain is None:
            plain = self.fetcher.fetch(url)
        if plain.not_modified:
            return plain
        browser = self._ensure_browser()
        s = self.settings
        started = time.monotonic()
        job = _PageJob(plain, started + s.timeout)
        context = None
        try:
            context = browser.new_context(service_workers="block", accept_downloads=False, locale=s.locale,
                                          timezone_id=s.timezone, java_script_enabled=True)
            context.route("**/*", lambda route: self._route(route, job))
            page = context.new_page()
            job.main_frame = page.main_frame
            html, final_url = self._load(page, job, url)
        except FetchError:  # timeouts, size cap: said already
            raise
        except Exception as err:  # the browser's own errors: crashed, closed, refused
            if self._browser is not None and not self._browser.is_connected():
                self._browser = None  # relaunch for the next page
            raise RenderError(url, f"browser failed: {_first_line(err)}") from None
        finally:
            try:
                if context is not None:
                    context.close()
            except Exception as err:
                log.debug("closing a browser context: %s", err)
        self.rendered += 1
        headers = _decoded_headers(plain, _UTF8_HTML)
        headers["x-archive-orig-content-type"] = plain.content_type or ""
        headers["x-rendered-by"] = f"extractor render, Chromium {browser.version}"
        headers["x-rendered-reason"] = why or "asked"
        return RenderedResult(
            url=plain.url, final_url=final_url, status=plain.status, reason=plain.reason,
            headers=[(k.title(), v) for k, v in headers.items()], body=html, http_version=plain.http_version,
            fetched_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), redirects=plain.redirects,
            why=why, fetched=job.fetched, blocked=job.blocked, seconds=time.monotonic() - started)

    def _load(self, page, job: _PageJob, url: str) -> tuple[bytes, str]:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        s = self.settings

        def left_ms() -> float:
            return max(1.0, (job.deadline - time.monotonic()) * 1000)

        stage = "the load event"
        try:
            page.goto(job.document.final_url, wait_until="load", timeout=left_ms())
            stage = "network quiet (500 ms without requests)"
            page.wait_for_load_state("networkidle", timeout=left_ms())
            stage = "its scripts to yield (the page is busy)"
            length = page.wait_for_function(_DECLARE_UTF8, polling=100, timeout=left_ms()).json_value()
        except PlaywrightTimeout:
            raise RenderTimeoutError(url, f"page did not finish loading within {s.timeout:g} s "
                                          f"(waiting for {stage})") from None
        if length > s.max_html_bytes:  # characters <= bytes: over in characters is over in bytes
            raise _too_large(url, s.max_html_bytes)
        html = page.content().encode("utf-8")
        if len(html) > s.max_html_bytes:
            raise _too_large(url, s.max_html_bytes)
        return html, page.url

    def _route(self, route, job: _PageJob) -> None:
        request = route.request
        try:
            refusal = self._refusal(request, job)
            if refusal:
                job.blocked.append((request.url, refusal))
                route.abort("blockedbyclient")
            elif request.resource_type == "document" and not job.served and request.url == job.document.final_url:
                job.served = True
                self._fulfil_document(route, job.document)
            else:
                self._fetch_for_browser(route, request, job)
        except Exception as err:  # the page is closing, or the browser went away
            log.debug("route %s: %s", request.url, err)
            try:
                route.abort("failed")  # a request left unanswered would hold the page open
            except Exception:
                pass

    def _refusal(self, request, job: _PageJob) -> str | None:
        s = self.settings
        kind = request.resource_type
        if request.method not in ("GET", "HEAD"):
            return f"method {request.method} (the fetcher only GETs)"
        if kind not in s.allowed_types:
            return f"{kind} not needed for the text"
        if _host_in((urlsplit(request.url).hostname or "").lower(), s.blocked_hosts):
            return "tracker or widget host"
        if kind == "document":
            if request.frame != job.main_frame:
                return "frame or pop-up"
            job.navigations += 1
            if job.navigations > s.max_navigations:
                return f"more than {s.max_navigations} navigations"
        elif job.requests >= s.max_requests:
            return f"more than {s.max_requests} requests for one page"
        if time.monotonic() > job.deadline:
            return "past the page's timeout"
        return None

    def _fulfil_document(self, route, result: FetchResult) -> None:
        from ..article.encoding import decode_html

        # decoded as the article reader decodes it, so browser and reader see the same characters
        text = decode_html(result.body, result.content_type)
        route.fulfill(status=result.status, headers=_decoded_headers(result, _UTF8_HTML),
                      body=text.encode("utf-8"))

    def _fetch_for_browser(self, route, request, job: _PageJob) -> None:
        url = request.url
        fetcher = self.fetcher
        job.requests += 1
        try:
            if request.resource_type == "document":  # a script moved the page: a page fetch, robots and all
                result = fetcher.fetch(url)
            else:
                result = fetcher._fetch(url, robots=fetcher.settings.respect_robots,
                                        max_bytes=fetcher.settings.max_bytes, conditional=False, html_only=False)
        except HTTPStatusError as err:
            job.blocked.append((url, err.reason))
            route.fulfill(status=err.status, body=b"")
            return
        except FetchError as err:
            job.blocked.append((url, err.reason))
            refused = isinstance(err, (RobotsDisallowedError, BlockedAddressError, BadURLError))
            route.abort("blockedbyclient" if refused else "failed")
            return
        job.fetched.append(url)
        if request.resource_type == "document":
            self._fulfil_document(route, result)
        else:
            route.fulfill(status=result.status, headers=_decoded_headers(result), body=result.body)

    def _ensure_browser(self):
        if self._unavailable is not None:
            raise BrowserUnavailableError(self._unavailable.url, self._unavailable.reason)
        if self._browser is not None and self._browser.is_connected():
            return self._browser
        started = time.monotonic()
        try:
            executable = find_chromium(self.settings)
            if self._playwright is None:
                self._playwright = _acquire_playwright()
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, headless=True, args=list(_CHROMIUM_ARGS), timeout=60_000)
        except BrowserUnavailableError as err:
            self._unavailable = err
            raise
        except Exception as err:
            self._unavailable = BrowserUnavailableError("chromium", f"cannot start {executable}: {_first_line(err)}")
            raise self._unavailable from None
        self.launches += 1
        self.launch_seconds += time.monotonic() - started
        log.info("launched Chromium %s in %.2f s", self._browser.version, time.monotonic() - started)
        return self._browser


def _too_large(url: str, cap: int) -> FetchError:
    return BodyTooLargeError(url, f"rendered HTML exceeds the {cap}-byte cap")
