"""extractor: structured, traceable facts from Vietnamese poverty-programme news."""
from __future__ import annotations

__version__ = "0.1.0"


def load():
    """The spaCy pipeline (tokenizer, vi_quantities, vi_times, vi_places, poverty_facts)."""
    from .pipeline import load as _load
    return _load()


def extract(text_or_html: str, url: str | None = None, published: str | None = None, **meta):
    """Extract the facts of one article given as plain text or HTML. Returns an ``Article``."""
    from .api import extract as _extract
    return _extract(text_or_html, url=url, published=published, **meta)
