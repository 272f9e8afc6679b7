"""Monitoring new articles: poll feeds and listings, fetch what is new, extract, store once."""
from .feeds import Entry, feed_entries
from .listing import article_links
from .run import Monitor, PassReport
from .store import MonitorStore, canonical_url

__all__ = ["Entry", "Monitor", "MonitorStore", "PassReport", "article_links", "canonical_url", "feed_entries"]
