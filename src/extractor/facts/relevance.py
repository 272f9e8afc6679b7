"""Is the text about a poverty-reduction or social-policy programme?

An article about football tickets or house prices states numbers too; the fact rules would read
some of them as beneficiaries or funding. This stage decides per article (any topic word at all?
if not, only income per head said with its own words stands) and per paragraph (a topic word in
the paragraph, the one before it, or the article's lead) which facts stand. Cue words:
``patterns/relevance.yaml``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Optional

from .. import rxstore
from ..patterns import load_yaml
from .base import _paragraph_starts
from .document import goes_on
from ..text import fold, sentences

_LEAD = 400  # characters: the title and lead speak for the whole article
_JUDGED_FROM = 2  # sentences: a text of one sentence is taken as on the topic it was given for
_ANYWHERE_REACH = 120  # characters before a figure (or its sentence's start) where its indicator's own words stand
_PROSE_WORDS = 20  # words: a line this long is a paragraph of the article, not a photo's caption or alt text
_FULL_SENTENCE = 5  # words: "Chia theo nguồn:" is a heading, not a sentence that could say the topic


@lru_cache(maxsize=1)
def _cues():
    data = load_yaml("relevance.yaml")
    words = sorted({fold(w) for w in _topic_words(data)}, key=lambda w: (-len(w), w))
    rx = rxstore.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?!\w)")
    return rx, frozenset(data["topic_indicators"])


def _topic_words(data: dict) -> list[str]:
    """relevance.yaml's topic words, and each ethnic minority of facts.yaml after its lead words."""
    names = load_yaml("facts.yaml")["ethnic_names"]
    return list(data["topic_words"]) + [f"{lead} {name}" for lead in data["topic_ethnic_leads"] for name in names]


@lru_cache(maxsize=1)
def _anywhere() -> dict:
    """{indicator: its own words (a list of facts.yaml, matched as the fact rules match it)}: figures
    an article with no topic word still states."""
    from .cues import Cues

    facts = load_yaml("facts.yaml")
    return {ind: Cues(facts[listed]) for ind, listed in load_yaml("relevance.yaml")["anywhere"].items()}


def on_topic(text: str) -> bool:
    """Whether a text names the topic at all."""
    return _cues()[0].search(fold(text)) is not None


@lru_cache(maxsize=1)
def _ascii_cues():
    words = {_ascii(w) for w in _topic_words(load_yaml("relevance.yaml"))}
    return rxstore.compile(r"(?<![a-z0-9])(?:" + "|".join(re.escape(w).replace(r"\ ", "-")
                                                   for w in sorted(words, key=lambda w: (-len(w), w))) + r")(?![a-z0-9])")


def _ascii(text: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFKD", fold(text).replace("đ", "d"))
    return "".join(c for c in s if c.isascii())


def slug_on_topic(url: Optional[str]) -> bool:
    """Whether the URL's slug names the topic ("…-ngan-sach-cho-giam-ngheo-2023….htm")."""
    if not url:
        return False
    from urllib.parse import urlsplit
    return _ascii_cues().search(urlsplit(url).path.lower()) is not None


def filter_facts(text: str, key: str, drafts: list, url: Optional[str] = None) -> tuple[list, bool]:
    """(the facts that stand, whether the text is on the topic). The URL's slug speaks like the
    article's lead; a text of one sentence is taken as on the topic it was given for."""
    rx, topical = _cues()
    hits = [m.start() for m in rx.finditer(key)]
    if not hits:
        if slug_on_topic(url):
            return drafts, True
        full = [1 for a, b in sentences(text) if len(text[a:b].split()) >= _FULL_SENTENCE]
        if len(full) < _JUDGED_FROM:
            return drafts, True
        # the programme's own measure of living stands in any article, said with its words ("Đảng bộ
        # xã … thu nhập bình quân đầu người đạt 49 triệu đồng" in a congress report that names no
        # poverty; not "mức thưởng Tết bình quân đạt 7,8 triệu đồng/người")
        anywhere = _anywhere()
        kept = [d for d in drafts if d.indicator in anywhere and
                anywhere[d.indicator].first(key, min(d.sentence[0], max(0, d.start - _ANYWHERE_REACH)), d.start)
                is not None]
        return kept, bool(kept)
    if hits[0] < _LEAD or slug_on_topic(url):
        return drafts, True
    # (blank lines are no paragraphs: "the one before" is the last that holds text)
    starts = [p for p in _paragraph_starts(key) if key[p:_line_end(key, p)].strip()] or [0]

    def paragraph(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    on = {paragraph(h) for h in hits}
    kept = _kept_paragraphs(key, starts, on)
    return [d for d in drafts if d.indicator in topical or paragraph(d.start) in kept], True


def _kept_paragraphs(key: str, starts: list[int], on: set[int]) -> set[int]:
    """The paragraphs whose facts stand: those that name the topic, the one after each, and, past
    a photo's lines between them (short lines: "Hỗ trợ người dân … tại TP. Đồng Hới."), the next
    paragraph of prose; one that goes on from the paragraph before ("Cụ thể, …", "Trong đó, …")
    stands with it, and one whose detail names the topic ("… huy động hơn 158 tỷ đồng cho gần 5000
    lượt hội viên vay." then "Trong đó vốn Ngân hàng chính sách xã hội …") stands with its detail."""
    kept, last_prose, last_kept = set(), None, False
    for i, a in enumerate(starts):
        line = key[a:_line_end(key, a)]
        prose = len(line.split()) >= _PROSE_WORDS
        if i in on or i - 1 in on or prose and last_prose is not None and (
                last_prose in on or last_kept and goes_on(line.lstrip())):
            kept.add(i)
        if i in on and last_prose is not None and goes_on(line.lstrip()):
            kept.add(last_prose)
        if i == 1 and i in on and last_prose == 0:
            # an excerpt that opens mid-article with a paragraph of prose (no title line above it):
            # the paragraph after it says what it is about
            kept.add(0)
        if prose:
            last_prose, last_kept = i, i in kept
    return kept


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end
