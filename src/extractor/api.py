"""``extract``: one article in (text or HTML), an ``Article`` with its facts out.

``extract_record`` does the work and returns plain data (``records.ArticleRecord``), which the bulk
path writes as it is; ``extract`` returns it as the public pydantic ``Article``."""
from __future__ import annotations

import hashlib
import os
import re
from typing import TYPE_CHECKING, Optional
from urllib.parse import urlsplit

from .records import ArticleRecord
from .text import clean_text, title_line

if TYPE_CHECKING:
    from .models import Article

_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<\?xml|<meta|<div|<article|<p[ >])", re.I)


def looks_like_html(data: str | bytes) -> bool:
    head = data[:2048]
    if isinstance(head, bytes):
        head = head.decode("utf-8", "replace")
    return bool(_HTML.match(head.lstrip("\ufeff")))


def extract(text_or_html: str | bytes | os.PathLike, url: Optional[str] = None, published: Optional[str] = None,
            title: Optional[str] = None, path: Optional[str] = None, source: Optional[str] = None,
            id: Optional[str] = None, html: Optional[bool] = None,
            content_type: Optional[str] = None) -> "Article":
    """Extract the facts of one article.

    ``text_or_html`` is plain text (the first line may be the title) or an HTML page (detected, or
    forced with ``html=True``). A ``pathlib.Path`` is read as a file (``extract_file``); a string
    that is only the name of an existing file raises ValueError saying so, rather than extracting
    from the name. The returned ``Article.text`` is the clean text that every fact's
    ``evidence.start``/``end`` slices. Metadata is cleaned like the text (NFC, no lone
    surrogates), so that every writer can encode what comes back."""
    if isinstance(text_or_html, os.PathLike):
        return extract_file(text_or_html)
    if isinstance(text_or_html, str) and _names_a_file(text_or_html):
        raise ValueError(f"{text_or_html!r} is the name of a file, not an article's text: "
                         f"extract(pathlib.Path({text_or_html!r})) reads it")
    return extract_record(text_or_html, url=url, published=published, title=title, path=path, source=source,
                          id=id, html=html, content_type=content_type).to_article()


def extract_record(text_or_html: str | bytes, url: Optional[str] = None, published: Optional[str] = None,
                   title: Optional[str] = None, path: Optional[str] = None, source: Optional[str] = None,
                   id: Optional[str] = None, html: Optional[bool] = None,
                   content_type: Optional[str] = None) -> ArticleRecord:
    """``extract`` as plain data: the same article, its facts as dicts (``records``)."""
    url, published, title, path, source, id = (
        clean_text(x) if isinstance(x, str) else x for x in (url, published, title, path, source, id))
    author = None
    if html or (html is None and looks_like_html(text_or_html)):
        from .article import parse_html
        page = parse_html(text_or_html, url=url, content_type=content_type)
        title = title or page.title
        published = published or page.published
        source = source or page.source
        author = clean_text(page.author) if page.author else None
        raw = "\n".join(x for x in [page.title or "", page.text] if x)
    else:
        raw = text_or_html.decode("utf-8", "replace") if isinstance(text_or_html, bytes) else text_or_html
    clean = clean_text(raw)  # the pipeline folds the matching key itself
    if title is None:
        title = title_line(clean)
    if source is None and url:
        source = _hostname(url)
    doc_id = id or (hashlib.sha1((url or clean).encode("utf-8", "replace")).hexdigest()[:16])
    article = ArticleRecord(id=doc_id, text=clean, title=title, url=url, path=path,
                            published=_iso(published), source=source, author=author, normalized=clean != raw)
    article.facts = facts_of(article)
    return article


def _hostname(url: str) -> Optional[str]:
    return urlsplit(url).hostname if _splits(url) else None


def _splits(url: str) -> bool:
    """False for what urlsplit refuses ("http://[", "//["): metadata, not a reason to fail."""
    try:
        urlsplit(url).hostname
    except ValueError:
        return False
    return True


_DATE_SHAPE = re.compile(r"\d{4}(?:-\d{2}){0,2}")


def _names_a_file(text: str) -> bool:
    return len(text) < 4096 and "\n" not in text and text.strip() == text and os.path.isfile(text)


def extract_file(path: str | os.PathLike) -> "Article":
    """The article in the file at ``path`` (.txt, .html, or .json/.jsonl holding one record), read
    as ``extractor extract`` reads it. ValueError says why a file cannot be read, or that it holds
    several articles (``extractor.io.iter_inputs`` reads those)."""
    from .batch import extract_one
    from .io import ReadFailure, iter_inputs

    items = iter_inputs([os.fspath(path)])
    first = next(items, None)
    if next(items, None) is not None:
        raise ValueError(f"{os.fspath(path)} holds several articles: read them with extractor.io.iter_inputs")
    result = first if first is None or isinstance(first, ReadFailure) else extract_one(first)
    if result is None or isinstance(result, ReadFailure):
        raise ValueError(f"{os.fspath(path)}: {result.reason if result else 'no article in it'}")
    return result


def _iso(published: Optional[str]) -> Optional[str]:
    """The date as given, with its time of day and offset when there are ones ("2024-07-27",
    "2024-07-27T16:39:00+07:00"); a date written otherwise is passed on untouched."""
    if not published:
        return None
    m = re.match(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", published.strip())
    return m.group(0) if m else published


def facts_of(article: ArticleRecord) -> list[dict]:
    """The facts of the article (as ``records`` dicts); sets its publication date when the text or
    the URL says it, and why it has no facts when it has none."""
    from .analysis import analyse, fact_dicts
    from .facts.document import published_of, slug_year

    # a date given as metadata anchors the article's times only if it reads as one ("2024-03-02",
    # "2024-03", "2024"); anything else ("hôm qua", a stray character) is kept, not used
    given = article.published if article.published and _DATE_SHAPE.fullmatch(article.published) else None
    pub = published_of(article.text, article.url, given)
    when = pub.date if pub is not None else None
    if article.published is None and when is not None:
        article.published = when[:10]  # from a dateline in the text or from the URL
    if when is None and article.url:
        year = slug_year(article.url)  # "…/trong-nam-2024-…": the year only, and not as the article's date
        when = str(year) if year else None
    address = article.url or (f"//{article.source}" if article.source else None)
    if address and not _splits(address if "//" in address else "//" + address):
        address = None  # "[", "http://[x": metadata kept as given, but no address to read a host from
    hint = province_hint(address, when)
    found = analyse(article.text, url=address, when=when, province_hint=hint)
    facts = fact_dicts(found.drafts, article.text, when)
    article.relevant = found.relevant is not False
    if not facts:
        article.reason = "off_topic" if not article.relevant else ("no_facts" if found.quantities else "no_numbers")
    return facts


def public_facts(drafts, clean: str) -> list:
    """The fact rules' drafts as public ``Fact``s (without ``doc``), each identity once."""
    from .analysis import fact_dicts
    from .models import Fact

    return [Fact(**f) for f in fact_dicts(drafts, clean)]


def province_hint(host_or_url: Optional[str], when: Optional[str] = None) -> Optional[str]:
    """The province of the outlet at this address (as it was at ``when``), if it is a
    provincial one."""
    from .nlp.places import province_of_host

    if not host_or_url:
        return None
    try:
        ref = province_of_host(host_or_url, when)
    except ValueError:  # not a host at all ("[", "http://[x"): metadata gives no hint then
        return None
    return ref.name if ref is not None else None
