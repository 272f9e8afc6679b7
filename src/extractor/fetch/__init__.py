"""Polite fetching of news pages, kept as WARC archives.

The names below are imported from their modules on first use, so that ``import extractor.fetch``
(or a light submodule such as ``fetch.options``) does not load the HTTP stack and the browser."""
from ..lazy import lazy_names

__all__, __getattr__, __dir__ = lazy_names(__name__, {
    ".errors": ("BadURLError", "BlockedAddressError", "BodyTooLargeError", "DeferredError", "FetchError",
                "HTTPStatusError", "NetworkError", "NotHTMLError", "RobotsDisallowedError",
                "TooManyRedirectsError"),
    ".http": ("FetchResult", "FetchSettings", "Fetcher", "HostRateLimiter", "ValidatorStore"),
    ".warc": ("WarcPage", "WarcPageWriter", "iter_warc_pages"),
    ".render": ("RENDER_MODES", "BrowserUnavailableError", "RenderError", "RenderSettings", "RenderTimeoutError",
                "RenderedResult", "Renderer", "why_render"),
})
