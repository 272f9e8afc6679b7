"""One poll pass: sources -> new URLs -> pages fetched, extracted and stored; and a loop of passes.

Network and extraction happen outside any transaction; each URL ends in one short transaction
(stored, alias, or its failure recorded), so a pass can die anywhere and lose nothing.
"""
from __future__ import annotations

import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Callable, TextIO

from ..api import extract
from ..fetch import (
    BadURLError, BlockedAddressError, BodyTooLargeError, FetchError, FetchResult, FetchSettings, Fetcher,
    HTTPStatusError, NotHTMLError, RobotsDisallowedError, TooManyRedirectsError,
)
from ..models import Article
from .feeds import NotAFeedError, feed_entries
from .listing import article_links
from .sitemaps import MAX_CHILD_SITEMAPS, NotASitemapError, parse_sitemap
from .store import Claim, MonitorStore, Source, iso_utc, new_owner

# Errors that the same request would meet again: recorded once, never retried.
_PERMANENT = (BadURLError, BlockedAddressError, RobotsDisallowedError, TooManyRedirectsError,
              BodyTooLargeError, NotHTMLError)
_TRANSIENT_STATUSES = {408, 425, 429}


def is_permanent(err: FetchError) -> bool:
    if isinstance(err, HTTPStatusError):
        return 400 <= err.status < 500 and err.status not in _TRANSIENT_STATUSES
    return isinstance(err, _PERMANENT)


# Corrections come early: a stored page is read again every 6 hours for its first 2 days.
RECHECK_AFTER, RECHECK_YOUNG = 6 * 3600.0, 2 * 86400.0


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
    backing_off: int = 0  # sources not polled this pass: they failed recently
    revised: int = 0      # stored pages read again whose text changed: stored as a new revision
    unchanged: int = 0    # stored pages read again with the text stored

    def summary(self) -> str:
        waiting = f" ({self.backing_off} backing off)" if self.backing_off else ""
        again = (f", {self.revised} revised and {self.unchanged} unchanged of stored pages read again"
                 if self.revised or self.unchanged else "")
        return (f"{self.sources} source(s){waiting}, {self.new_urls} new URL(s), {self.stored} article(s) stored "
                f"with {self.facts} fact(s){again}, {self.aliases} alias(es), {len(self.failures)} failure(s) "
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
                 err: TextIO | None = None, on_stored: Callable[[Article], None] | None = None,
                 recheck_after: float = RECHECK_AFTER, recheck_young: float = RECHECK_YOUNG):
        self.store = store
        self.settings = settings
        # a stored page is read again after recheck_after seconds while younger than recheck_young
        self.recheck_after, self.recheck_young = recheck_after, recheck_young
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.on_stored = on_stored  # told of each new article or revision, with its facts, once committed

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
            elif source.kind == "sitemap":
                entries = self._sitemap_entries(fetcher, res)
            else:
                entries = article_links(res.body, res.final_url, res.content_type)
        except (FetchError, NotAFeedError, NotASitemapError) as exc:
            self._fail(report, str(exc))
            self._back_off(source, str(exc))
            return
        except Exception as exc:  # a broken page of one source must not stop the others
            self._fail(report, f"{source.url}: {type(exc).__name__}: {exc}")
            self._back_off(source, f"{type(exc).__name__}: {exc}")
            return
        added = self.store.record_poll(source, entries, fetcher.validators.get(source.url))
        report.new_urls += added
        print(f"{source.kind} {source.url}: {len(entries)} link(s), {added} new", file=self.out, flush=True)

    def _sitemap_entries(self, fetcher: SourceFetcher, res: FetchResult) -> list:
        """The pages of a sitemap; of an index, the pages of its newest children (fetched politely,
        as every request). A child that fails is reported, the others read."""
        sitemap = parse_sitemap(res.body, res.final_url)
        entries = list(sitemap.entries)
        for child in sitemap.children[:MAX_CHILD_SITEMAPS]:
            try:
                page = fetcher.fetch_source(child)
                if not page.not_modified:
                    entries += parse_sitemap(page.body, page.final_url).entries
            except (FetchError, NotASitemapError) as exc:
                print(f"error: {exc}", file=self.err, flush=True)
        return entries

    def _back_off(self, source: Source, message: str) -> None:
        retry_at = self.store.record_source_error(source, message)
        print(f"source {source.url} backs off until {iso_utc(retry_at)}", file=self.out, flush=True)

    def process(self, fetcher: SourceFetcher, claim: Claim, owner: str, report: PassReport) -> None:
        try:
            with fetcher.validators.rereading(claim.url, claim.validators):
                res = fetcher.fetch(claim.url)
            if res.not_modified and claim.validators is None:  # cannot happen: only pages read again ask so
                raise NoArticleError("304 without a stored copy")
            article = None if res.not_modified else read_article(res, claim)
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
        if article is None:  # the server says the page is as it was at its last reading
            self._report(report, claim, *self.store.store_not_modified(claim, owner), None)
            return
        validators = {k: v for k, v in (("etag", res.header("ETag")), ("last_modified", res.header("Last-Modified")))
                      if v}
        outcome, article_id = self.store.store_article(claim, owner, article, res.final_url, res.fetched_at,
                                                       validators)
        self._report(report, claim, outcome, article_id, article)

    def _report(self, report: PassReport, claim: Claim, outcome: str, article_id: int | None,
                article: Article | None) -> None:
        if outcome in ("stored", "revised"):
            report.stored += 1
            report.facts += len(article.facts)
            stored = self.store.article(article_id)
            if outcome == "revised":
                report.revised += 1
                print(f"revised {claim.url}: revision {stored.revision} ({len(article.facts)} facts)",
                      file=self.out, flush=True)
            else:
                print(f"stored {claim.url} ({len(article.facts)} facts)", file=self.out, flush=True)
            if self.on_stored is not None:
                self.on_stored(stored)
        elif outcome == "unchanged":
            report.unchanged += 1
            print(f"unchanged {claim.url}", file=self.out, flush=True)
        elif outcome == "alias":
            report.aliases += 1
            print(f"alias {claim.url} = article {article_id}", file=self.out, flush=True)
        else:
            print(f"skipped {claim.url}: another run took it over", file=self.out, flush=True)

    def run_pass(self) -> PassReport:
        report = PassReport()
        started = time.monotonic()
        owner = new_owner()
        due, waiting = self.store.due_sources()
        for source, retry_at in waiting:
            print(f"source {source.url} is backing off until {iso_utc(retry_at)}", file=self.out, flush=True)
        report.backing_off = len(waiting)
        with ExitStack() as stack:
            validators = self.store.validators()
            fetchers: dict[bool, SourceFetcher] = {}

            def fetcher_for(allow_private: bool) -> SourceFetcher:
                """The fetcher of a source kept with --allow-private, or the one of the run's settings."""
                key = allow_private and not self.settings.allow_private
                if key not in fetchers:
                    settings = replace(self.settings, allow_private=True) if key else self.settings
                    fetchers[key] = stack.enter_context(SourceFetcher(settings, validators=validators))
                return fetchers[key]

            for source in due:
                report.sources += 1
                self.poll_source(fetcher_for(source.allow_private), source, report)
            if self.recheck_young > 0:
                self.store.requeue_stale(self.recheck_after, self.recheck_young)
            while (claim := self.store.claim(owner)) is not None:
                self.process(fetcher_for(claim.allow_private), claim, owner, report)
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
