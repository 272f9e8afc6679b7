"""Text normalisation.

Two strings come out of an input:

* ``clean`` — what the article's text is everywhere in the output: the input in Unicode NFC,
  line ends unified to ``\\n`` and lone surrogates replaced by U+FFFD. Evidence offsets slice it.
* ``key`` — a matching key of *exactly the same length* as ``clean``: lower case, every
  odd space made a plain space, smart quotes and dashes made ASCII, and the tone mark of
  ``oa/oe/uy`` syllables put on one agreed vowel (``hóa`` and ``hoá`` both read ``hoá``).

Recognisers match on ``key`` and report offsets that are valid in ``clean``, because the two
are aligned character for character.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import rxstore

_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\u000b\u000c"
_ONE_TO_ONE = {ord(c): " " for c in _SPACES}
_ONE_TO_ONE.update({
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201a"): "'", ord("\u201b"): "'",
    ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201e"): '"', ord("\u00ab"): '"', ord("\u00bb"): '"',
    ord("\u2010"): "-", ord("\u2011"): "-", ord("\u2012"): "-", ord("\u2013"): "-", ord("\u2014"): "-",
    ord("\u2015"): "-", ord("\u2212"): "-",
    ord("\u200b"): " ", ord("\ufeff"): " ", ord("\u00ad"): " ",
    ord("\u0110"): "đ",
    # the Icelandic eth some sites type for Đ ("Ðắk Lắk"): the same letter in the key
    ord("\u00d0"): "đ", ord("\u00f0"): "đ",
})

# Tone marks by vowel: the vowel carrying each of the five marks (NFC forms).
# str.translate looks up every character in the dict; a regex finds the few that change.
_ODD = rxstore.compile("[" + re.escape("".join(chr(k) for k in _ONE_TO_ONE)) + "]")


def _one_to_one(m: re.Match) -> str:
    return _ONE_TO_ONE[ord(m.group())]


_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "o": "òóỏõọ", "u": "ùúủũụ", "y": "ỳýỷỹỵ",
}


def _tone_table() -> dict[str, str]:
    """Map old-style placements (tone on the first vowel of oa/oe/uy) to the new style."""
    table: dict[str, str] = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for mark in range(5):
            old = _TONED[first][mark] + second
            new = first + _TONED[second][mark]
            table[old] = new
    return table


_TONE_SWAPS = _tone_table()
# Only open syllables differ in placement ("hóa"/"hoá"); "hoàn" is written one way, so the swap
# applies only when no letter follows the pair.
_TONE_RE = rxstore.compile("(" + "|".join(sorted(_TONE_SWAPS)) + r")(?![^\W\d_])")


def _swap_tone(m: re.Match) -> str:
    return _TONE_SWAPS[m.group(1)]


_SURROGATE = rxstore.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (which no UTF-8 writer accepts) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)  # a regex: a loop in Python cost 0.4 s per MB of HTML


def clean_text(text: str) -> str:
    """The text the output refers to: NFC, ``\\n`` line ends, no lone surrogates."""
    text = without_surrogates(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def fold(clean: str) -> str:
    """Matching key of the same length as ``clean`` (see module doc)."""
    low = clean.lower()
    if len(low) != len(clean):  # a few characters grow when lowered (İ): lower them one by one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in clean)
    key = _ODD.sub(_one_to_one, low)
    key = _TONE_RE.sub(_swap_tone, key)
    return key


def name_key(name: str) -> str:
    """A place's name for comparison: folded, and written joined or apart alike ("Đakrông" and
    "Đa Krông", "Ea H'Leo" and "Ea Hleo" are one name), a syllable spelled two ways
    (``syllable_variants`` of patterns/places.yaml: "Đắk Glong", "Đăk Glong") or without its
    breve ("Chư Pah", "Chư Păh") alike."""
    variant, breveless = _spellings()
    words = [variant.get(w, w).translate(breveless) for w in fold_phrase(name or "").split(" ")]
    return "".join(ch for ch in "".join(words) if ch not in "-'’")


_I_TONES, _Y_TONES = "iíìỉĩị", "yýỳỷỹỵ"


def syllable_variants(places_yaml: dict) -> list[list[str]]:
    """The groups of syllables spelled two ways of patterns/places.yaml: its ``syllable_variants``,
    and for each consonant of ``final_i_y_after`` the syllable ending in y and in i, each tone."""
    groups = [list(g) for g in places_yaml.get("syllable_variants", ())]
    for c in places_yaml.get("final_i_y_after", ()):
        groups += [[c + y, c + i] for y, i in zip(_Y_TONES, _I_TONES)]
    return groups


@lru_cache(maxsize=1)
def _spellings() -> tuple[dict[str, str], dict[int, str]]:
    """(each variant syllable -> the first of its group, the letters a breve may be left off)
    from patterns/places.yaml."""
    from .patterns import load_yaml

    data = load_yaml("places.yaml")
    groups = syllable_variants(data)
    letters = data.get("letters_without_breve", {})
    return ({fold_phrase(f): fold_phrase(g[0]) for g in groups for f in g},
            str.maketrans({fold_phrase(a): fold_phrase(b) for a, b in letters.items()}))


def fold_phrase(phrase: str) -> str:
    """Fold a cue word or name from a data file the way text is folded, spaces collapsed."""
    return " ".join(fold(clean_text(phrase)).split())


def fold_phrases(phrases: list[str]) -> list[str]:
    """``fold_phrase`` of each phrase, the lot folded in one pass (the gazetteer's 16,000 names
    one by one cost every start 50 ms). Line ends start no composition and end no syllable, so
    the phrases joined by them fold as they would alone."""
    if any("\n" in p or "\r" in p for p in phrases):
        return [fold_phrase(p) for p in phrases]
    return [" ".join(f.split()) for f in fold(clean_text("\n".join(phrases))).split("\n")]


@dataclass(frozen=True)
class Text:
    """An input made ready for matching: ``clean`` and its same-length ``key``."""
    clean: str
    key: str
    changed: bool  # True when ``clean`` differs from the input as given

    @classmethod
    def of(cls, raw: str) -> "Text":
        clean = clean_text(raw)
        key = fold(clean)
        assert len(key) == len(clean)
        return cls(clean, key, clean != raw)


# words of letters or of digits: "nghèo1,56%" holds the word "nghèo" (a digit glued on ends it)
_WORD = rxstore.compile(r"(?<![^\W\d_])[^\W\d_]+|(?<!\d)\d+")
_WORD_INDEX: list = [None, {}]  # the last key indexed and the starts of each of its words


def word_index(key: str) -> dict[str, list[int]]:
    """Start offsets of each word of a folded ``key``, built once per article (the last one is
    kept): the cue lists and the place names that may be written bare look words up in it."""
    if _WORD_INDEX[0] is not key:
        index: dict[str, list[int]] = {}
        for m in _WORD.finditer(key):
            index.setdefault(m.group(), []).append(m.start())
        _WORD_INDEX[0], _WORD_INDEX[1] = key, index
    return _WORD_INDEX[1]


def sentences(clean: str) -> list[tuple[int, int]]:
    """Sentence bounds as (start, end) offsets: split at . ! ? ; followed by space and an upper
    case letter or digit, and at line ends. Decimal and thousands marks never end a sentence."""
    bounds = []
    start = 0
    for m in _SENT_END.finditer(clean):
        end = m.end()
        if _wrapped(clean, m):
            continue  # a line broken inside a sentence ("tổng dư nợ\ntín dụng chính sách … đạt …")
        if clean[start:end].strip():
            bounds.append(_trim(clean, start, end))
        start = end
    if clean[start:].strip():
        bounds.append(_trim(clean, start, len(clean)))
    return bounds


def _abbreviation_guards() -> str:
    """No sentence ends at a unit's abbreviated type word ("TP. Bến Tre", "TX. Ba Đồn"): one
    look-behind per abbreviation with a dot in patterns/places.yaml."""
    from .patterns import load_yaml

    abbrevs = load_yaml("places.yaml").get("abbreviations", {})
    return "".join(rf"(?<!(?<![^\W\d_]){re.escape(a)})" for a in sorted(abbrevs) if a.endswith("."))


_SENT_END = rxstore.compile(r"\n+|(?<=[.!?…])" + _abbreviation_guards() + r"[\"'”’)]*\s+(?=[\"'“‘(]?[^\W_a-zđ])")


def _wrapped(clean: str, m: re.Match) -> bool:
    """One line end inside a sentence of hard-wrapped text: after a word or a comma, before a
    word in lower case (a new sentence, heading, list item or table cell starts otherwise)."""
    if m.group() != "\n" or m.end() >= len(clean) or m.start() == 0:
        return False
    before, after = clean[m.start() - 1], clean[m.end()]
    return after.islower() and (before.isalnum() or before in ",-")


def _trim(clean: str, start: int, end: int) -> tuple[int, int]:
    while start < end and clean[start].isspace():
        start += 1
    while end > start and clean[end - 1].isspace():
        end -= 1
    return start, end


TITLE_MAX = 200


def title_line(text: str, max_lines: int = 8) -> str | None:
    """The article's title in a plain-text file: the first short line of five words or more
    that is followed by more text. Breadcrumbs ("Trang chủ / Xã hội") and section labels are
    passed over; the search stops at the first line of prose (a full stop, or too long)."""
    lines = [x.strip() for x in text.split("\n")]
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if seen > max_lines or len(line) > TITLE_MAX or line.endswith((".", "…")):
            return None
        if len(line.split()) >= 5 and "/" not in line:
            return line if any(rest for rest in lines[i + 1:]) else None
    return None


@lru_cache(maxsize=256)  # (each slug reader of one article asks for the same URL)
def slug_path(url: str) -> str:
    """The path of ``url`` as its slug is read: percent-escapes decoded, marks and "đ" dropped,
    lower case ("/tien-ph%C6%B0%E1%BB%9Bc-co-1114-xa" is "/tien-phuoc-co-1114-xa")."""
    from urllib.parse import unquote, urlsplit

    path = urlsplit(url).path
    if "%" in path:
        path = unquote(path)
    return (path if path.isascii() else without_marks(path)).lower()


def without_marks(s: str) -> str:
    """``s`` with its tone and vowel marks dropped and "đ" written "d" ("Đắk Nông" → "Dak Nong")."""
    s = unicodedata.normalize("NFKD", s.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in s if not unicodedata.combining(ch))
