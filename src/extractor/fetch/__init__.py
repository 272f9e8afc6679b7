"""Polite fetching of news pages, kept as WARC archives."""
from .errors import (
    BadURLError, BlockedAddressError, BodyTooLargeError, DeferredError, FetchError, HTTPStatusError,
    NetworkError, NotHTMLError, RobotsDisallowedError, TooManyRedirectsError,
)
from .http import FetchResult, FetchSettings, Fetcher, HostRateLimiter, ValidatorStore
from .render import (
    RENDER_MODES, BrowserUnavailableError, RenderError, RenderSettings, RenderTimeoutError, RenderedResult,
    Renderer, why_render,
)
from .warc import WarcPage, WarcPageWriter, iter_warc_pages

__all__ = [
    "BadURLError", "BlockedAddressError", "BodyTooLargeError", "DeferredError", "FetchError", "HTTPStatusError",
    "NetworkError", "NotHTMLError", "RobotsDisallowedError", "TooManyRedirectsError",
    "FetchResult", "FetchSettings", "Fetcher", "HostRateLimiter", "ValidatorStore",
    "WarcPage", "WarcPageWriter", "iter_warc_pages",
    "RENDER_MODES", "BrowserUnavailableError", "RenderError", "RenderSettings", "RenderTimeoutError",
    "RenderedResult", "Renderer", "why_render",
]
