"""One poll pass: sources -> new URLs -> pages fetched, extracted and stored; and a loop of passes.

Network and extraction happen outside any transaction; each URL ends in one short transaction
(stored, alias, or its failure recorded), so a pass can die anywhere and lose nothing.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from ..api import extract
from ..fetch import (
    BadURLError, BlockedAddressError, BodyTooLargeError, FetchError, FetchResult, FetchSettings, Fetcher,
    HTTPStatusError, NotHTMLError, RobotsDisallowedError, TooManyRedirectsError,
)
from ..models import Article
from .feeds import NotAFeedError, feed_entries
from .listing import article_links
from .store import Claim, MonitorStore, Source, new_owner

# Errors that the same request would meet again: recorded once, never retried.
_PERMANENT = (BadURLError, BlockedAddressError, RobotsDisallowedError, TooManyRedirectsError,
              BodyTooLargeError, NotHTMLError)
_TRANSIENT_STATUSES = {408, 425, 429}


def is_permanent(err: FetchError) -> bool:
    if isinstance(err, HTTPStatusError):
        return 400 <= err.status < 500 and err.status not in _TRANSIENT_STATUSES
    return isinstance(err, _PERMANENT)


class NoArticleError(ValueError):
    """The page holds no article text."""


@dataclass
class PassReport:
    sources: int = 0
    new_urls: int = 0
    stored: int = 0
    aliases: int = 0
    facts: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.sources} source(s), {self.new_urls} new URL(s), {self.stored} article(s) stored "
                f"with {self.facts} fact(s), {self.aliases} alias(es), {len(self.failures)} failure(s) "
                f"in {self.seconds:.1f} s")


class SourceFetcher(Fetcher):
    """The fetcher, plus feeds: they are XML, so the HTML-only check is off for them."""

    def fetch_source(self, url: str) -> FetchResult:
        return self._fetch(url, robots=self.settings.respect_robots, max_bytes=self.settings.max_bytes,
                           conditional=True, html_only=False)


def read_article(res: FetchResult, claim: Claim) -> Article:
    """Extract the page; the feed's title and date fill what the page lacks."""
    article = extract(res.body, url=claim.url, html=True, content_type=res.content_type)
    title = article.title or claim.title
    published = article.published or claim.published
    if (title, published) != (article.title, article.published):
        # again, since the date is context for the facts (the year of "cuối năm")
        article = extract(res.body, url=claim.url, html=True, content_type=res.content_type,
                          title=title, published=published)
    if not article.text.strip():
        raise NoArticleError("no article text on the page")
    return article


class Monitor:
    """Poll passes over one store; progress on ``out``, each failure on ``err``."""

    def __init__(self, store: MonitorStore, settings: FetchSettings, out: TextIO | None = None,
                 err: TextIO | None = None):
        self.store = store
        self.settings = settings
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def _fail(self, report: PassReport, message: str) -> None:
        report.failures.append(message)
        print(f"error: {message}", file=self.err, flush=True)

    def poll_source(self, fetcher: SourceFetcher, source: Source, report: PassReport) -> None:
        try:
            res = fetcher.fetch_source(source.url)
            if res.not_modified:
                print(f"304 {source.url} not modified", file=self.out, flush=True)
                return
            if source.kind == "feed":
                entries = feed_entries(res.body, res.final_url, res.content_type)
            else:
                entries = article_links(res.body, res.final_url, res.content_type)
        except (FetchError, NotAFeedError) as exc:
            self._fail(report, str(exc))
            self.store.record_source_error(source, str(exc))
            return
        except Exception as exc:  # a broken page of one source must not stop the others
            self._fail(report, f"{source.url}: {type(exc).__name__}: {exc}")
            self.store.record_source_error(source, f"{type(exc).__name__}: {exc}")
            return
        added = self.store.record_poll(source, entries, fetcher.validators.get(source.url))
        report.new_urls += added
        print(f"{source.kind} {source.url}: {len(entries)} link(s), {added} new", file=self.out, flush=True)

    def process(self, fetcher: SourceFetcher, claim: Claim, owner: str, report: PassReport) -> None:
        try:
            res = fetcher.fetch(claim.url)
            if res.not_modified:  # cannot happen (articles get no validators), but would have no body
                raise NoArticleError("304 without a stored copy")
            article = read_article(res, claim)
        except FetchError as exc:
            state = self.store.record_failure(claim, owner, exc.reason, permanent=is_permanent(exc))
            self._fail(report, f"{exc} [{_retry_note(state, claim, self.store)}]")
            return
        except NoArticleError as exc:
            state = self.store.record_failure(claim, owner, str(exc), permanent=True)
            self._fail(report, f"{claim.url}: {exc} [{_retry_note(state, claim, self.store)}]")
            return
        except Exception as exc:  # an extraction bug on one page must not stop the others
            message = f"{type(exc).__name__}: {exc}"
            state = self.store.record_failure(claim, owner, message, permanent=False)
            self._fail(report, f"{claim.url}: {message} [{_retry_note(state, claim, self.store)}]")
            return
        outcome, article_id = self.store.store_article(claim, owner, article, res.final_url, res.fetched_at)
        if outcome == "stored":
            report.stored += 1
            report.facts += len(article.facts)
            print(f"stored {claim.url} ({len(article.facts)} facts)", file=self.out, flush=True)
        elif outcome == "alias":
            report.aliases += 1
            print(f"alias {claim.url} = article {article_id}", file=self.out, flush=True)
        else:
            print(f"skipped {claim.url}: another run took it over", file=self.out, flush=True)

    def run_pass(self) -> PassReport:
        report = PassReport()
        started = time.monotonic()
        owner = new_owner()
        with SourceFetcher(self.settings, validators=self.store.validators()) as fetcher:
            for source in self.store.sources():
                report.sources += 1
                self.poll_source(fetcher, source, report)
            while (claim := self.store.claim(owner)) is not None:
                self.process(fetcher, claim, owner, report)
        report.seconds = time.monotonic() - started
        return report

    def run_forever(self, interval: float) -> None:
        """Passes every ``interval`` seconds, counted from the start of each pass."""
        while True:
            started = time.monotonic()
            report = self.run_pass()
            print(f"pass: {report.summary()}", file=self.err, flush=True)
            time.sleep(max(0.0, interval - (time.monotonic() - started)))


def _retry_note(state: str, claim: Claim, store: MonitorStore) -> str:
    if state == "pending":
        return f"attempt {claim.attempts} of {store.max_attempts}, retried next pass"
    if state == "failed":
        return "given up" if claim.attempts >= store.max_attempts else "permanent"
    return "taken over by another run"
