"""Errors of the fetcher: one class per reason, each naming the URL."""
from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched. ``str(err)`` reads ``"<url>: <reason>"``."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class BadURLError(FetchError):
    """Not an http/https URL, or no host."""


class BlockedAddressError(FetchError):
    """The host resolves to a private, loopback, link-local or otherwise non-public address."""


class RobotsDisallowedError(FetchError):
    """robots.txt forbids the URL to our user agent."""


class HTTPStatusError(FetchError):
    """The server answered with an error status (after retries where they apply)."""

    def __init__(self, url: str, reason: str, status: int):
        super().__init__(url, reason)
        self.status = status


class TooManyRedirectsError(FetchError):
    """Redirect chain longer than the limit, or a loop."""


class BodyTooLargeError(FetchError):
    """Body (on the wire or after decompression) over the size cap."""


class NotHTMLError(FetchError):
    """Content-Type or magic bytes say the body is not HTML (PDF, image...)."""


class NetworkError(FetchError):
    """Timeouts, refused or reset connections, truncated bodies, DNS failures."""


class DeferredError(HTTPStatusError):
    """The server asked for a longer wait than the per-URL budget allows: try again later."""
