"""Reading articles out of HTML pages: decoding, site adapters, boilerplate removal.

The names below are imported from their modules on first use: the fact rules read dates with
``article.dates`` and should not load the HTML parser for it."""
from ..lazy import lazy_names

__all__, __getattr__, __dir__ = lazy_names(__name__, {
    ".dates": ("parse_date", "parse_iso", "parse_visible"),
    ".encoding": ("DecodeError", "decode_html", "detect_encoding"),
    ".html": ("ArticleContent", "block_lines", "parse_html"),
    ".sites": ("SiteAdapter", "choose_adapter", "load_adapters"),
})
