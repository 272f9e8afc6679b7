"""extractor: structured, traceable facts from Vietnamese poverty-programme news."""
from __future__ import annotations

__version__ = "0.1.0"


def load():
    """The spaCy pipeline (tokenizer, vi_quantities, vi_times, vi_places, poverty_facts)."""
    from .pipeline import load as _load
    return _load()


def extract(text_or_html, url: str | None = None, published: str | None = None, **meta):
    """Extract the facts of one article given as plain text or HTML, or as a ``pathlib.Path`` to
    read. Returns an ``Article``. A string that only names an existing file is refused
    (ValueError): pass ``Path(name)`` to read the file."""
    from .api import extract as _extract
    return _extract(text_or_html, url=url, published=published, **meta)
