"""HTML page -> ``ArticleContent`` (title, date, author, lead, body paragraphs, captions).

Site adapters (``sites.py``) give CSS selectors for known layouts; trafilatura reads the body of
pages no adapter knows, and its metadata fills gaps. Boilerplate is removed twice: as elements
(adapter ``drop`` selectors) and as lines (``boilerplate``/``cut_after`` regexes), because menus
and related lists often sit inside the article container itself.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import regex
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..text import clean_text
from .dates import parse_date, parse_iso
from .encoding import decode_html
from .select import ElementIndex
from .sites import SiteAdapter, choose_adapter, generic_adapter, load_adapters

log = logging.getLogger(__name__)


@dataclass
class ArticleContent:
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]
    author: str | None = None
    lead: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None
    adapter: str = ""  # which layout adapter read the page

    @property
    def text(self) -> str:
        return "\n".join(p for p in [self.lead, *self.body] if p)


_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "blockquote",
    "pre", "figure", "figcaption", "address", "center", "hr", "form", "fieldset", "caption",
}
_ALWAYS_DROP = "script, style, noscript, template, iframe, svg, canvas, object, embed, audio, video, button, select, input, textarea, link, meta"

_PUBLISHED_META = [
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished", "pubdate",
    "publishdate", "publish-date", "publish_date", "article.published", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created", "dcterms.date", "date", "created",
]
_AUTHOR_PREFIX = re.compile(
    r"^\s*(?:tác giả|bài và ảnh|bài, ảnh|bài và ảnh|tin và ảnh|tin, ảnh|bài|tin|ảnh|theo|by|người viết|pv)\s*[:：\-]?\s*",
    re.I)
_AGENCY_SUFFIX = re.compile(r"\s*[(\-–]\s*(?:TTXVN|TTXVN/[^)]*|[A-ZĐ]{2,}[^)]{0,20})\)?\s*$")
_NAME_WORD = r"(?:\p{Lu}[\p{Ll}]+|\p{Lu}\.(?:\p{Lu}\.)*\p{Lu}?[\p{Ll}]*)"
_NAME_RE = regex.compile(rf"^{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD}){{1,4}}$")
_BYLINE_LINE_RE = regex.compile(
    r"^(?:(?:Bài và ảnh|Bài, ảnh|Bài|Tin và ảnh|Tin, ảnh|Tin|Nhóm PV|PV)\s*:\s*)?"
    rf"(?P<name>{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD}){{0,4}})"
    r"(?:\s*[(\-–]\s*(?:[\p{Lu}/ ]{2,20})\)?)?\.?$")
_WS = re.compile(r"\s+")
_BYLINE_DATE = re.compile(r"\s*[-|,–]?\s*(?:\d{1,2}[/:.]\d|Thứ\s|Chủ nhật|Cập nhật)")
_SITE_SUFFIX = re.compile(r"\s+[|\-–—:]\s+")


def _norm(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFC", text).lower()).strip()


def block_lines(node: Tag) -> list[str]:
    """Text of a subtree as lines: one per block element, ``<br>`` breaking lines too.

    A loop with its own stack, not recursion: pages nest thousands of elements deep."""
    lines: list[str] = []
    buf: list[str] = []

    def flush():
        line = _norm("".join(buf))
        if line:
            lines.append(line)
        buf.clear()

    stack = [(iter(node.children), False)]  # (children left, whether a block element holds them)
    while stack:
        children, block = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if block:
                flush()
        elif isinstance(child, Comment):
            continue
        elif isinstance(child, NavigableString):
            buf.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                flush()
            elif child.name in _BLOCK:
                flush()
                stack.append((iter(child.children), True))
            else:
                stack.append((iter(child.children), False))
    flush()
    return lines


def nesting_depth(node: Tag) -> int:
    """How deep elements nest under ``node``."""
    deepest = 0
    stack = [(node, 0)]
    while stack:
        el, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(c, depth + 1) for c in el.children if isinstance(c, Tag)]
    return deepest


# Elements beyond which a page is read the quick way (trafilatura without its fallbacks).
BIG_PAGE_ELEMENTS = 20_000

# libxml2, which trafilatura parses with, stops at this depth and keeps only what came before
PARSER_MAX_DEPTH = 255


def _text(el: Tag | None) -> str:
    return _norm(" ".join(block_lines(el))) if el is not None else ""


def _first_text(page: "_Page", selectors: list[str], root: Tag | None = None) -> tuple[str, Tag | None]:
    for sel in selectors:
        for el in page.select(sel, root):
            text = _text(el)
            if text:
                return text, el
    return "", None


def _meta(soup) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = tag.get("content")
        if key and value and key not in out:
            out[key] = _norm(value)
    return out


def _json_ld(soup) -> list[dict]:
    found: list[dict] = []

    def visit(obj):
        if isinstance(obj, list):
            for o in obj:
                visit(o)
        elif isinstance(obj, dict):
            if "@graph" in obj:
                visit(obj["@graph"])
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and ("Article" in k or k in ("WebPage", "Report")) for k in kinds):
                found.append(obj)

    for script in soup.find_all("script", type=lambda t: t and "ld+json" in t.lower()):
        try:
            visit(json.loads(script.string or ""))
        except (ValueError, TypeError):
            continue
    found.sort(key=lambda o: "Article" not in str(o.get("@type")))  # articles before web pages
    return found


def _ld_author(obj: dict) -> str | None:
    author = obj.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    return _norm(author) if isinstance(author, str) and author.strip() else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return (urlsplit(url).hostname or "").lower() or None
    except ValueError:
        return None


def clean_author(text: str | None) -> str | None:
    text = _norm(text)
    if not text or text.lower().startswith("http"):
        return None
    text = _AUTHOR_PREFIX.sub("", text)
    text = _BYLINE_DATE.split(text, 1)[0]  # "Lan Anh - 10/05/2024 09:00"
    text = _AGENCY_SUFFIX.sub("", text).strip(" .,-–")
    return text or None


def byline_name(line: str) -> str | None:
    """The name if ``line`` is only a short byline ("Thu Hương", "Bài, ảnh: Hương Dịu")."""
    line = _norm(line)
    if not line or len(line) > 60:
        return None
    m = _BYLINE_LINE_RE.match(line)
    if not m:
        return None
    name = m.group("name")
    has_prefix = ":" in line
    if not has_prefix and not _NAME_RE.match(name):
        return None  # a lone capitalised word without "Bài:" is too likely a heading
    return name


class _Page:
    def __init__(self, html: str, url: str | None, adapter: SiteAdapter | None, adapters):
        self.raw = html
        with warnings.catch_warnings():  # XHTML prologs and tiny inputs make bs4 chatty
            warnings.simplefilter("ignore")
            self.soup = BeautifulSoup(html, "lxml")
        self.meta = _meta(self.soup)
        self.ld = _json_ld(self.soup)
        self.url = url or self.meta.get("og:url") or self._canonical()
        self.host = _host(self.url)
        self.adapters = adapters
        self.index = ElementIndex(self.soup)  # selectors look at what they can match, not every element
        self.adapter = adapter or choose_adapter(self.host, self.soup, html, adapters, select=self.select)
        self.generic = generic_adapter(adapters)
        self._traf = None

    def _canonical(self) -> str | None:
        link = self.soup.find("link", rel=lambda r: r and "canonical" in r)
        return link.get("href") if link else None

    def select(self, selector: str, root: Tag | None = None) -> list[Tag]:
        """``root.select(selector)`` (the page by default), through the index."""
        try:
            return self.index.select(selector, root)
        except Exception as err:  # a bad selector in a YAML file should not stop the page
            log.warning("bad CSS selector %r: %s", selector, err)
            return []

    def sel(self, what: str) -> list[str]:
        own = self.adapter.select(what)
        return own + [s for s in self.generic.select(what) if s not in own]

    @property
    def patterns_boilerplate(self):
        return self.adapter.boilerplate + (self.generic.boilerplate if self.adapter is not self.generic else [])

    @property
    def patterns_cut(self):
        return self.adapter.cut_after + (self.generic.cut_after if self.adapter is not self.generic else [])

    @property
    def patterns_lead(self):
        return self.adapter.lead_strip + (self.generic.lead_strip if self.adapter is not self.generic else [])

    def trafilatura(self, html: str | None = None):
        if self._traf is None:
            import trafilatura
            # On a page of many elements (a news page has a few thousand) trafilatura's fallback
            # extractors and its metadata search cost most of the time, and ours come first.
            big = len(self.index.elements) > BIG_PAGE_ELEMENTS
            try:
                self._traf = trafilatura.bare_extraction(
                    html or self.raw, url=self.url, with_metadata=not big, fast=big, include_comments=False,
                    include_tables=False, include_images=False, favor_precision=True, deduplicate=False) or False
            except Exception as err:  # trafilatura is a fallback: never fatal
                log.warning("trafilatura failed on %s: %s", self.url, err)
                self._traf = False
        return self._traf or None


_CHROME = ("header", "nav", "footer", "aside")
_LOGO = re.compile(r"logo|brand|site-?name", re.I)


def _in_chrome(el: Tag) -> bool:
    """Inside the page's header, menu, footer or a sidebar list: a site name or a link, no headline."""
    for node in [el, *el.parents]:
        if node.name == "header" and node.find_parent(["article", "main"]) is not None:
            continue  # an article's own header holds its headline and dateline
        if node.name in _CHROME or node.name == "li" and node is not el:
            return True
        if node.name and _LOGO.search(" ".join(node.get("class") or []) + " " + (node.get("id") or "")):
            return True
    return False


_HEADLINE_WORDS = 5  # fewer words than this is a section name ("Tin tức - Sự kiện"), not a headline


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _h1s(page: _Page) -> list[str]:
    """``h1`` texts out of the page chrome (site logo, menus, sidebars)."""
    found = [_text(h) for h in page.soup.find_all("h1") if not _in_chrome(h)]
    return [h for h in found if _words(h) >= 3]


def _title_element(page: _Page) -> str | None:
    """A heading or block whose class names a title, of a headline's length, in the page body."""
    for el in page.soup.select("h2[class*=title], h3[class*=title], div[class*=title], p[class*=title]"):
        text = _text(el)
        if _HEADLINE_WORDS <= _words(text) <= 60 and not _in_chrome(el) and not el.find(_BLOCK - {"span"}):
            return text
    return None


def _title(page: _Page) -> str | None:
    """The adapter's title element; else the visible headline, which wins over ``og:title`` when
    they differ; else the page's own title unless it is only a portal's section name."""
    text, _ = _first_text(page, page.adapter.select("title"))
    if text:
        return text
    ref = page.meta.get("og:title") or page.meta.get("twitter:title") or _text(page.soup.title)
    h1s = _h1s(page)
    heads = [h for h in h1s if _words(h) >= _HEADLINE_WORDS]
    for h in heads:
        if ref and _key(h) and (_key(h) in _key(ref) or _key(ref) in _key(h)):
            return h
    if heads:
        return heads[0]
    parts = _SITE_SUFFIX.split(ref) if ref else []
    ref = max(parts, key=len) if parts else None
    if ref and _words(ref) >= _HEADLINE_WORDS:
        return ref
    found = _title_element(page) or (h1s[0] if h1s else None) or ref
    if found:
        return found
    for obj in page.ld:
        if isinstance(obj.get("headline"), str):
            return _norm(obj["headline"])
    traf = page.trafilatura()
    return _norm(traf.title) if traf is not None and traf.title else None


def _published(page: _Page) -> str | None:
    """The page's own date: its adapter's dateline, its metadata or a visible dateline under the
    headline, never a guess from an image path (the URL's date is the caller's last resort:
    ``facts.document.published_of``). A machine date with an offset that says the same as the
    visible one is preferred: it carries the offset."""
    formats = page.adapter.date_formats + page.generic.date_formats
    visible = _adapter_date(page, formats)
    machine = _machine_date(page, formats)
    if visible and machine and machine.startswith(visible) and len(machine) > len(visible):
        return machine
    return visible or machine or _dateline(page, formats)


def _adapter_date(page: _Page, formats: list[str]) -> str | None:
    for sel in page.adapter.select("date"):
        for el in page.select(sel):
            for value in (el.get("datetime"), el.get("content")):
                if value and parse_iso(value):
                    return parse_iso(value)
            found = parse_date(_text(el), formats)
            if found:
                return found
    return None


def _machine_date(page: _Page, formats: list[str]) -> str | None:
    for key in _PUBLISHED_META:
        value = page.meta.get(key)
        if value:
            found = parse_iso(value) or parse_date(value, formats)
            if found:
                return found
    for obj in page.ld:
        value = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(value, str) and parse_iso(value):
            return parse_iso(value)
    for el in page.select("time[datetime], [itemprop=datePublished]"):
        value = el.get("datetime") or el.get("content") or _text(el)
        found = parse_iso(value) or parse_date(value, formats)
        if found:
            return found
    return None


def _dateline(page: _Page, formats: list[str]) -> str | None:
    """A visible date: an element whose class says date or time, else a short line right after
    the headline ("Thứ Sáu, 12/4/2024 08:30")."""
    for sel in page.generic.select("date"):
        for el in page.select(sel):
            if not _in_chrome(el):
                found = parse_date(_text(el), formats)
                if found:
                    return found
    h1 = next((h for h in page.soup.find_all("h1") if not _in_chrome(h)), None)
    if h1 is not None:
        for i, string in enumerate(h1.find_all_next(string=True)):
            if i > 40:
                break
            line = _norm(str(string))
            if line and len(line) <= 80 and not isinstance(string, Comment):
                found = parse_date(line, formats)
                if found:
                    return found
    return None


def _compact(text: str) -> str:
    """Letters and digits only, without accents: "Dân Trí" and "dantri.com.vn" compare."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in bare if not unicodedata.combining(c)))


_OUTLET_WORDS = re.compile(r"(?i)\b(?:online|news|báo|tạp chí|cổng thông tin|portal|tv|plus|điện tử|\w+\.(?:vn|com|net|org))\b")


def is_outlet_name(name: str, page: "_Page | None" = None) -> bool:
    """A name that is the outlet's, not a writer's: "Dân Trí", "TUOI TRE ONLINE", "NLD.COM.VN",
    "baochinhphu.vn" (the site's name, its host, or words only outlets carry)."""
    if _OUTLET_WORDS.search(name):
        return True
    mine = _compact(name)
    if not mine:
        return True
    names = []
    if page is not None:
        names = [page.meta.get("og:site_name") or "", page.meta.get("application-name") or "",
                 page.adapter.site_name or ""]
        for obj in page.ld:
            pub = obj.get("publisher")
            if isinstance(pub, dict) and isinstance(pub.get("name"), str):
                names.append(pub["name"])
        title = _text(page.soup.title)
        if title:
            names.extend(_SITE_SUFFIX.split(title)[1:])
        if page.host:
            labels = [x for x in page.host.split(".") if x not in ("www", "m", "amp", "vn", "com", "net", "org", "gov")]
            names.extend(labels)
    for other in names:
        theirs = _compact(other)
        if len(theirs) >= 3 and (mine.startswith(theirs) or theirs.startswith(mine)) or \
                len(mine) >= 5 and mine in theirs:  # "Dân Trí" in "Báo điện tử Dân Trí"
            return True
    return False


def _ld_person(obj: dict) -> str | None:
    """The JSON-LD author when it is a Person (an Organization is the outlet)."""
    author = obj.get("author")
    for a in author if isinstance(author, list) else [author]:
        if isinstance(a, dict) and "Person" in str(a.get("@type")) and isinstance(a.get("name"), str):
            return _norm(a["name"])
    return None


def _author(page: _Page) -> str | None:
    """A writer's name: a JSON-LD Person, then a byline element, then the meta author; never the
    outlet's name (the caller then looks for a name alone at the end of the body)."""
    def person(value: str | None) -> str | None:
        value = clean_author(value)
        return value if value and len(value) <= 60 and not is_outlet_name(value, page) else None

    for obj in page.ld:
        value = person(_ld_person(obj))
        if value:
            return value
    text, _ = _first_text(page, page.adapter.select("author"))
    if person(text):
        return person(text)
    for sel in page.generic.select("author"):
        for el in page.select(sel):
            value = person(_text(el))
            if value:
                return value
    for key in ("author", "article:author", "dc.creator", "byl"):
        value = person(page.meta.get(key))
        if value:
            return value
    for obj in page.ld:
        value = person(_ld_author(obj))
        if value:
            return value
    return None


_NEVER_DROP = {"html", "body", "main", "article"}


def _drop(page: _Page, root, container: Tag | None) -> None:
    for el in page.select(_ALWAYS_DROP, root):
        el.decompose()
    for c in root.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    # Generic selectors match class substrings ("menu", "share"): a wrapper of the article
    # (body class="menu-open") must survive them.
    keep = {id(container), *(id(a) for a in container.parents)} if container is not None else set()
    paragraphs = page.index.count("p", root)
    for sel in page.adapter.drop + (page.generic.drop if page.adapter is not page.generic else []):
        for el in page.select(sel, root):
            if el.decomposed or el.name in _NEVER_DROP or id(el) in keep:
                continue
            if paragraphs >= 4 and page.index.count("p", el) * 2 > paragraphs:
                continue
            el.decompose()


def _strip_lead(page: _Page, lead: str) -> str:
    for p in page.patterns_lead:
        lead = p.sub("", lead, count=1)
    return _norm(lead)


def _filter_lines(page: _Page, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if any(p.search(line) for p in page.patterns_cut):
            if out or len(lines) == 1:
                break
            continue  # a cut marker before any text is a stray heading, not the end
        if any(p.search(line) for p in page.patterns_boilerplate):
            continue
        out.append(line)
    return out


_PHOTO_CREDIT = re.compile(r"^\s*(?:Ảnh|Ảnh và bài|Photo)\s*:\s*(?=\S)", re.I)


def _caption_elements(page: _Page, scope) -> list[Tag]:
    """Caption elements in document order, none inside another."""
    found: list[Tag] = []
    for sel in page.sel("captions"):
        for el in page.select(sel, scope):
            if not el.decomposed and el not in found:
                found.append(el)
    ids = {id(el) for el in found}
    return [el for el in found if not any(id(p) in ids for p in el.parents)]


def _is_photo_story(scope, caption_els: list[Tag]) -> bool:
    """Captions that carry more text than the paragraphs around them: a photo story."""
    if len(caption_els) < 2:
        return False
    inside = {id(p) for el in caption_els for p in el.find_all("p")}
    caption_chars = sum(len(_text(el)) for el in caption_els)
    other_chars = sum(len(_text(p)) for p in scope.find_all("p") if id(p) not in inside
                      and not any(p in el.parents for el in caption_els) and not _in_chrome(p))
    return caption_chars > other_chars


def _common_parent(els: list[Tag]) -> Tag | None:
    for parent in els[0].parents:
        if all(parent in el.parents for el in els[1:]):
            return parent
    return None


def parse_html(html: str | bytes, url: str | None = None, content_type: str | None = None,
               adapter: SiteAdapter | None = None) -> ArticleContent:
    """Read an article out of a page (bytes are decoded with ``decode_html``)."""
    if isinstance(html, (bytes, bytearray)):
        html = decode_html(bytes(html), content_type)
    html = clean_text(html)
    page = _Page(html, url, adapter, load_adapters())
    art = ArticleContent(url=page.url, adapter=page.adapter.name)
    art.title = _title(page)
    art.published = _published(page)
    art.author = _author(page)
    by_host = page.adapter.host_score(page.host) > 0  # a layout found by signature is not that site
    art.source = page.meta.get("og:site_name") or (page.adapter.site_name if by_host else None) or (
        page.host[4:] if page.host and page.host.startswith("www.") else page.host)

    soup = page.soup
    container = None
    for sel in page.adapter.select("body"):
        found = page.select(sel)
        if found:
            container = found[0]
            break
    _drop(page, soup, container)
    if container is not None and container.decomposed:
        container = None
    lead_text, _ = _first_text(page, page.sel("lead"))

    captions: list[str] = []
    scope = container if container is not None else soup
    caption_els = _caption_elements(page, scope)
    photo_story = _is_photo_story(scope, caption_els)
    if photo_story:
        # the captions are the story: they stay in the body, in the order they are written
        if container is None:
            container = _common_parent(caption_els)
    else:
        for el in caption_els:
            text = _text(el)
            if text and text not in captions:
                captions.append(text)
            el.decompose()
        for fig in page.select("figure", scope):
            fig.decompose()  # what is left of a figure once its caption is out: images, credits

    lines: list[str] = []
    if container is not None:
        for what in ("title", "date", "author", "lead"):  # fields already read, if inside the body
            for sel in page.adapter.select(what):
                for el in page.select(sel, container):
                    if not el.decomposed:
                        el.decompose()
        lines = block_lines(container)
    if not lines:
        # the page as our drops left it; a big one as it came (trafilatura drops boilerplate
        # itself, and writing out a huge tree again costs as much as parsing it)
        traf = page.trafilatura(None if len(page.index.elements) > BIG_PAGE_ELEMENTS else str(soup))
        if traf is not None and traf.text:
            lines = [_norm(x) for x in traf.text.split("\n") if _norm(x)]
        if traf is not None and not art.author and traf.author and not is_outlet_name(traf.author, page):
            art.author = clean_author(traf.author)
    if not lines and nesting_depth(soup) > PARSER_MAX_DEPTH:
        # too deep for trafilatura's parser, which then sees an empty page: take the page's
        # text (menus and asides are dropped already) rather than nothing
        lines = block_lines(soup.body or soup)
    lines = _filter_lines(page, lines)
    title_key = _key(art.title or "")
    lines = [line for line in lines if _key(line) != title_key]

    # the lead: an element of its own, else the description if it opens the body
    if lead_text:
        art.lead = _strip_lead(page, lead_text)
    else:
        desc = page.meta.get("description") or page.meta.get("og:description")
        if desc and lines and _key(lines[0]).startswith(_key(_strip_lead(page, desc))[:120]):
            art.lead = _strip_lead(page, lines.pop(0))
    drop_keys = {_key(x) for x in [art.title or "", art.lead or "", *captions] if x}
    lines = [line for line in lines if _key(line) not in drop_keys]
    if lines and art.lead and _key(lines[0]) == _key(art.lead):
        lines.pop(0)

    # a name alone in the last paragraph is the byline (in a photo story, the photographer's)
    if lines:
        name = byline_name(_PHOTO_CREDIT.sub("", lines[-1]) if photo_story else lines[-1])
        if name and (not art.author or _key(name) == _key(art.author) or _key(art.author) in _key(lines[-1])):
            art.author = art.author or name
            lines.pop()
        elif art.author and _key(lines[-1]) in {_key(art.author), _key("Tác giả: " + art.author)}:
            lines.pop()

    art.body = lines
    art.captions = captions
    return art
