"""Reading articles out of HTML pages: decoding, site adapters, boilerplate removal."""
from .dates import parse_date, parse_iso, parse_visible
from .encoding import DecodeError, decode_html, detect_encoding
from .html import ArticleContent, block_lines, parse_html
from .sites import SiteAdapter, choose_adapter, load_adapters

__all__ = [
    "ArticleContent", "DecodeError", "SiteAdapter", "block_lines", "choose_adapter", "decode_html",
    "detect_encoding", "load_adapters", "parse_date", "parse_html", "parse_iso", "parse_visible",
]
