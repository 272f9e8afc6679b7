"""Bytes of an HTML page to Unicode.

Order: BOM, HTTP header charset, ``<meta charset>``/``http-equiv``, then detection. Each declared
charset is tried strictly; a wrong one falls through to the next. The result is NFC because
Windows-1258 writes tone marks as combining characters.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes could not be read as text in any plausible encoding."""


_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: longer prefix
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_CHARSET_RE = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_META_RE = re.compile(rb"<meta\b[^>]*>", re.I)
# Labels that mean "whatever the default is": pages declare them without meaning it.
_WEAK = {"latin-1", "iso8859-1", "ascii", "cp1252"}
_ALIASES = {"utf8": "utf-8", "x-user-defined": "cp1252", "windows-874": "cp874", "unicode": "utf-16"}


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    label = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CHARSET_RE.search(content_type.encode("latin-1", "ignore"))
    return _codec(m.group(1)) if m else None


def charset_from_meta(body: bytes) -> str | None:
    """The charset a ``<meta>`` in the first 4 KB declares (ASCII-compatible pages only)."""
    for tag in _META_RE.findall(body[:4096]):
        m = _CHARSET_RE.search(tag)
        if m:
            name = _codec(m.group(1))
            if name and name.startswith("utf-16"):
                return "utf-8"  # a meta readable as ASCII cannot be in UTF-16 (as browsers do)
            return name
    return None


def _bom(body: bytes) -> tuple[str | None, int]:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None, 0


def _utf16_without_bom(body: bytes) -> str | None:
    """UTF-16 text of mostly ASCII markup has a NUL in every other byte."""
    sample = body[:2048]
    if len(sample) < 16:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = len(_NOT_TEXT.findall(text))  # a regex: a loop over characters cost 0.3 s per MB
    return bad <= max(2, len(text) // 200)


# C0 and C1 controls but tab, line feed, carriage return and form feed; and U+FFFD
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")


def _strict(body: bytes, name: str) -> str | None:
    try:
        text = body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _looks_like_text(text) else None


def _has_non_ascii_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The codec name ``decode_html`` would use; raises ``DecodeError`` if none fits."""
    return _decode(body, content_type)[1]


def _decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    name, skip = _bom(body)
    if name:
        text = _strict(body[skip:], name)
        if text is not None:
            return text, name
    declared = [charset_from_content_type(content_type), charset_from_meta(body)]
    for name in declared:
        if not name:
            continue
        if name in _WEAK and _has_non_ascii_utf8(body):
            name = "utf-8"  # a Latin-1 label on UTF-8 bytes is a common server default, not the truth
        if name.startswith("utf-32"):
            continue  # without a BOM (handled above) a UTF-32 label is not to be trusted
        if name.startswith("utf-16"):
            name = _utf16_without_bom(body)  # the byte pattern says which end, or that it is not UTF-16
            if not name:
                continue
        text = _strict(body, name)
        if text is not None:
            return text, name
    name = _utf16_without_bom(body)
    if name:
        text = _strict(body, name)
        if text is not None:
            return text, name
    text = _strict(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        name = _codec(best.encoding) or best.encoding
        text = _strict(body, name)
        if text is not None and best.chaos < 0.3:
            return text, name
    raise DecodeError("cannot decode the page: no declared charset fits and detection found no "
                      "plausible text encoding (binary or corrupt data?)")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Unicode (NFC) text of an HTML page's bytes; ``DecodeError`` if it is not decodable text."""
    if isinstance(body, str):
        return unicodedata.normalize("NFC", body)
    if not body:
        return ""
    text, _ = _decode(body, content_type)
    return unicodedata.normalize("NFC", text)
