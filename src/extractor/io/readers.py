"""Read what the user has: files, folders, stdin — text, HTML, JSON(L) or WARC.

``iter_inputs`` turns paths into a stream of ``InputDoc`` (something to extract from) and
``ReadFailure`` (why one file or record could not be read). One bad input never stops the rest.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from typing import IO, Any, Iterator

from ..text import title_line

__all__ = ["DEFAULT_MAX_BYTES", "InputDoc", "ReadFailure", "DecodeFailure", "iter_inputs", "decode_bytes"]


@dataclass
class InputDoc:
    id: str
    path: str | None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    text: str | None = None
    html: str | bytes | None = None
    where: str | None = None  # file:line or file[i] of a record, for messages


@dataclass
class ReadFailure:
    path: str
    reason: str


class DecodeFailure(ValueError):
    """Bytes that are not text in an encoding we accept; the message is the one-line reason."""


# ---------------------------------------------------------------- decoding

_MAGIC = [
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
]

# Longest BOMs first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# C0 and C1 controls but the whitespace ones (tab, line ends, form feed).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")

# Letters only Vietnamese (among Latin scripts cp1258 can hold) writes: ă â ê ô ơ ư đ and
# vowels with the hook or dot-below tone marks, which Latin-1 languages never use.
_VIET_BASE = set("ăâêôơưđĂÂÊÔƠƯĐ")


def sniff_binary(data: bytes) -> str | None:
    """What kind of non-text file ``data`` starts like, or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec when NULs sit at one parity only, as ASCII-heavy UTF-16 text has them."""
    if len(data) < 4 or len(data) % 2:
        return None
    units = len(data) // 2
    nul_even = data[0::2].count(0)
    nul_odd = data[1::2].count(0)
    # Vietnamese is mostly ASCII letters and spaces: a quarter of units is a safe floor.
    if nul_odd >= units / 4 and nul_even <= units / 50:
        return "utf-16-le"
    if nul_even >= units / 4 and nul_odd <= units / 50:
        return "utf-16-be"
    return None


def _control_count(text: str) -> int:
    return len(_CONTROLS.findall(text))


def _too_many_controls(text: str) -> bool:
    # Real text has next to none; one in a hundred characters tolerates a stray one.
    return _control_count(text) > len(text) // 100


def _looks_vietnamese(text: str) -> bool:
    """True when decoded (NFC) text reads as Vietnamese rather than mojibake."""
    letters = 0
    viet = 0
    stray_marks = 0
    for c in text:
        if unicodedata.combining(c):
            stray_marks += 1  # a tone mark that found no vowel: not Vietnamese
        elif c.isalpha():
            letters += 1
            if c in _VIET_BASE or "\u1ea0" <= c <= "\u1ef9":
                viet += 1
    if not letters or viet == 0:
        return False
    return (viet >= letters / 50
            and stray_marks <= max(1, letters // 100)
            and not _too_many_controls(text))


def decode_bytes(data: bytes) -> str:
    """Decode file bytes to text: BOM, UTF-8, UTF-16 by NUL pattern, then Windows-1258.

    Raises ``DecodeFailure`` whose message is a one-line reason ("not text: …", "cannot decode: …").
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeFailure(f"not text: expected bytes, got {type(data).__name__}")
    data = bytes(data)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeFailure(
                    f"cannot decode: starts with a {codec.upper()} byte-order mark but is not {codec.upper()} "
                    f"(bad bytes at {exc.start})") from None
    what = sniff_binary(data)
    if what:
        raise DecodeFailure(f"not text: looks like {what}")
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                text = None
            if text is not None and not _too_many_controls(text):
                return text
        raise DecodeFailure("not text: binary data (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _too_many_controls(text):
            raise DecodeFailure("not text: too many control characters")
        return text
    try:
        # cp1258 keeps tone marks as combining characters; NFC puts them on their vowels.
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_vietnamese(text):
        return text
    raise DecodeFailure("cannot decode: not UTF-8, UTF-16 or Windows-1258")


# ---------------------------------------------------------------- records

_TEXT_EXT = {".txt", ".text"}
_HTML_EXT = {".html", ".htm", ".xhtml"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_JSON_EXT = {".json"}
_WARC_EXT = {".warc", ".warc.gz"}


def _ext(path: str) -> str:
    name = os.path.basename(path).lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return os.path.splitext(name)[1]


def _stem(path: str) -> str:
    name = os.path.basename(path.rstrip("/\\")) or path
    ext = _ext(name)
    return name[: len(name) - len(ext)] if ext and len(ext) < len(name) else name


def _text_doc(text: str, doc_id: str, path: str | None) -> InputDoc | ReadFailure:
    if not text.strip():
        return ReadFailure(path or "-", "empty file")
    return InputDoc(id=doc_id, path=path, title=title_line(text), text=text)


def _opt_str(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        raise ValueError(f"field {key!r} should be a string, not a JSON {type(value).__name__}")
    return str(value)


def _record_doc(record: Any, default_id: str, path: str | None, where: str) -> InputDoc | ReadFailure:
    """One JSON record ``{text | html, title, url, published, source, id}`` as an InputDoc."""
    if not isinstance(record, dict):
        return ReadFailure(where, f"not a JSON object but a JSON {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return ReadFailure(where, f"field {key!r} should be a string")
    if not (text and text.strip()) and not (html and html.strip()):
        return ReadFailure(where, NO_TEXT)
    try:
        doc_id = _opt_str(record, "id") or default_id
        meta = {k: _opt_str(record, k) for k in ("url", "title", "published", "source")}
    except ValueError as exc:
        return ReadFailure(where, str(exc))
    if text and text.strip():
        # Text wins when both are given: it is what the user already cleaned.
        return InputDoc(id=doc_id, path=path, text=text, html=None, where=where, **meta)
    return InputDoc(id=doc_id, path=path, text=None, html=html, where=where, **meta)


NO_TEXT = "record has no text or html"


def _bad_json(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg} (column {exc.colno})"


def _jsonl_records(lines: Iterator[tuple[int, str | DecodeFailure]], stem: str, path: str | None,
                   label: str) -> Iterator[InputDoc | ReadFailure]:
    """Records of numbered lines; a line that failed to decode arrives as its DecodeFailure."""
    seen = False
    for lineno, line in lines:
        where = f"{label}:{lineno}"
        if isinstance(line, DecodeFailure):
            seen = True
            yield ReadFailure(where, f"line {lineno}: {line}")
            continue
        if not line.strip():
            continue
        seen = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadFailure(where, f"bad JSON on line {lineno}: {_bad_json(exc)}")
            continue
        except RecursionError:
            yield ReadFailure(where, f"bad JSON on line {lineno}: nested too deeply")
            continue
        yield _record_doc(record, f"{stem}#{lineno}", path, where)
    if not seen:
        yield ReadFailure(label, "empty file")


def _json_records(text: str, stem: str, path: str | None, label: str) -> Iterator[InputDoc | ReadFailure]:
    if not text.strip():
        yield ReadFailure(label, "empty file")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadFailure(label, f"bad JSON on line {exc.lineno}: {_bad_json(exc)}")
        return
    except RecursionError:
        yield ReadFailure(label, "bad JSON: nested too deeply")
        return
    if isinstance(data, list):
        if not data:
            yield ReadFailure(label, "empty file: an empty JSON list")
        bad: list[ReadFailure] = []  # one line for the file, not one per record
        for i, record in enumerate(data, 1):
            doc = _record_doc(record, f"{stem}#{i}", path, f"{label}[{i}]")
            if isinstance(doc, ReadFailure):
                bad.append(doc)
            else:
                yield doc
        if len(bad) == 1:
            yield bad[0]
        elif bad:
            first = bad[0]
            yield ReadFailure(label, f"{len(bad)} of {len(data)} records skipped; the first, "
                                     f"{first.path[len(label):]}: {first.reason}")
    else:
        yield _record_doc(data, stem, path, label)


# ---------------------------------------------------------------- files

def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _os_reason(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def _read_text_file(path: str) -> Iterator[InputDoc | ReadFailure]:
    data = _read_bytes(path)
    if not data.strip():
        yield ReadFailure(path, "empty file")
        return
    try:
        text = decode_bytes(data)
    except DecodeFailure as exc:
        yield ReadFailure(path, str(exc))
        return
    yield _text_doc(text, _stem(path), path)


def _read_html_file(path: str) -> Iterator[InputDoc | ReadFailure]:
    data = _read_bytes(path)
    if not data.strip():
        yield ReadFailure(path, "empty file")
        return
    what = sniff_binary(data)
    if what:
        yield ReadFailure(path, f"not text: looks like {what}")
        return
    # Raw bytes: the HTML parser reads <meta charset> itself.
    yield InputDoc(id=_stem(path), path=path, html=data)


def _utf8_lines(fh: IO[bytes]) -> Iterator[tuple[int, str | DecodeFailure]]:
    """Lines of a UTF-8 (or per-line Windows-1258) file, decoded one at a time to stay streaming."""
    for lineno, raw in enumerate(fh, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield lineno, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield lineno, decode_bytes(raw)
            except DecodeFailure as exc:
                yield lineno, exc


def _read_jsonl_file(path: str) -> Iterator[InputDoc | ReadFailure]:
    stem = _stem(path)
    with open(path, "rb") as fh:
        head = fh.read(4096)
        fh.seek(0)
        what = sniff_binary(head)
        if what:
            yield ReadFailure(path, f"not text: looks like {what}")
            return
        wide = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            b"\x00" in head and _utf16_without_bom(head[: len(head) // 2 * 2]))
        if not wide:
            yield from _jsonl_records(_utf8_lines(fh), stem, path, path)
            return
        data = fh.read()
    # UTF-16 JSONL is rare: decode it whole.
    try:
        text = decode_bytes(data)
    except DecodeFailure as exc:
        yield ReadFailure(path, str(exc))
        return
    yield from _jsonl_records(enumerate(text.splitlines(), 1), stem, path, path)


def _read_json_file(path: str) -> Iterator[InputDoc | ReadFailure]:
    data = _read_bytes(path)
    try:
        text = decode_bytes(data)
    except DecodeFailure as exc:
        yield ReadFailure(path, str(exc))
        return
    yield from _json_records(text, _stem(path), path, path)


def _header(headers: Any, name: str) -> str | None:
    """A header from a dict, a warcio StatusAndHeaders or a list of pairs."""
    if headers is None:
        return None
    getter = getattr(headers, "get_header", None)
    if callable(getter):
        return getter(name)
    items = headers.items() if hasattr(headers, "items") else headers
    for key, value in items:
        if str(key).lower() == name.lower():
            return value
    return None


def _read_warc_file(path: str) -> Iterator[InputDoc | ReadFailure]:
    try:
        from extractor.fetch import iter_warc_pages  # imported late: optional, and written apart
    except Exception as exc:  # any import-time problem means the same thing to the user
        yield ReadFailure(path, f"WARC support is unavailable ({type(exc).__name__}: {exc})")
        return
    pages = 0
    try:
        for page in iter_warc_pages(path):
            if getattr(page, "status", None) != 200:
                continue
            ctype = (_header(getattr(page, "headers", None), "Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            url = getattr(page, "url", None)
            digest = hashlib.sha1((url or "").encode("utf-8")).hexdigest()[:16]
            pages += 1
            yield InputDoc(id=digest, path=path, url=url, html=page.body, published=None)
    except Exception as exc:  # a truncated or corrupt archive: keep what was read, report the rest
        yield ReadFailure(path, f"bad WARC after {pages} page(s): {type(exc).__name__}: {exc}")
        return
    if not pages:
        yield ReadFailure(path, "no HTML pages with status 200 in WARC")


_READERS = {}
for _exts, _reader in ((_TEXT_EXT, _read_text_file), (_HTML_EXT, _read_html_file),
                       (_JSONL_EXT, _read_jsonl_file), (_JSON_EXT, _read_json_file),
                       (_WARC_EXT, _read_warc_file)):
    for _e in _exts:
        _READERS[_e] = _reader


def _read_file(path: str, max_bytes: int | None = None) -> Iterator[InputDoc | ReadFailure]:
    # Explicit files with an unknown extension are read as text.
    reader = _READERS.get(_ext(path), _read_text_file)
    try:
        if max_bytes is not None and reader in (_read_text_file, _read_html_file):
            size = os.stat(path).st_size  # one article a file: too big is known before reading it
            if size > max_bytes:
                yield ReadFailure(path, _too_big(size, max_bytes))
                return
        yield from reader(path)
    except OSError as exc:
        yield ReadFailure(path, _os_reason(exc))
    except (ValueError, RecursionError, MemoryError) as exc:  # one odd file must not end the run
        yield ReadFailure(path, f"cannot read: {type(exc).__name__}: {exc}")


def _folder_file(path: str, on_skip, max_bytes: int | None = None) -> Iterator[InputDoc | ReadFailure]:
    """A file found in a folder: JSON whose first record is no article (an answer key such as
    ``gold/*.json``) is skipped by its form, not reported as a failure."""
    items = _read_file(path, max_bytes)
    if _ext(path) not in _JSON_EXT | _JSONL_EXT:
        yield from items
        return
    first = next(items, None)
    if isinstance(first, ReadFailure) and first.reason == NO_TEXT:
        items.close()
        on_skip(path, "not an article: its JSON has no text or html (an answer key?)")
        return
    if first is not None:
        yield first
    yield from items


def _skip_silently(path: str, reason: str) -> None:
    pass


def _walk(folder: str, recursive: bool, ancestors: frozenset = frozenset(),
          max_bytes: int | None = None, on_skip=_skip_silently) -> Iterator[InputDoc | ReadFailure]:
    """Files under ``folder`` in sorted order; symlinked folders are followed unless they loop.
    Hidden files, unknown extensions and JSON that is no article are skipped (told to ``on_skip``)."""
    try:
        st = os.stat(folder)
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            yield ReadFailure(folder, "directory loop: a link back to a folder that contains it")
            return
        ancestors = ancestors | {key}
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield ReadFailure(folder, _os_reason(exc))
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        if entry.name.startswith("."):
            on_skip(path, "hidden")
            continue
        try:
            is_dir = entry.is_dir()
            is_file = entry.is_file()
        except OSError as exc:
            yield ReadFailure(path, _os_reason(exc))
            continue
        if is_dir:
            if recursive:
                yield from _walk(path, recursive, ancestors, max_bytes, on_skip)
        elif is_file:
            if _ext(path) in _READERS:
                yield from _folder_file(path, on_skip, max_bytes)
            else:
                on_skip(path, "not a kind of file read as an article")
        elif entry.is_symlink():
            yield ReadFailure(path, _bad_link(path))
        else:
            yield ReadFailure(path, f"skipped: not a regular file but {_kind(entry.stat(follow_symlinks=False))}")


# ---------------------------------------------------------------- stdin

def _all_json_objects(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    for line in lines:
        if not line.lstrip().startswith("{"):
            return False
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except (json.JSONDecodeError, RecursionError):
            return False
    return True


def _read_stdin(stream: IO[bytes] | None) -> Iterator[InputDoc | ReadFailure]:
    if stream is None:
        stream = sys.stdin.buffer
    try:
        data = stream.read()
    except OSError as exc:
        yield ReadFailure("-", _os_reason(exc))
        return
    if isinstance(data, str):  # a text stream was passed: take it as it is
        data = data.encode("utf-8")
    if not data.strip():
        yield ReadFailure("-", "empty file")
        return
    try:
        text = decode_bytes(data)
    except DecodeFailure as exc:
        yield ReadFailure("-", str(exc))
        return
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        yield InputDoc(id="stdin", path=None, html=data)
    elif _all_json_objects(text):
        yield from _jsonl_records(enumerate(text.splitlines(), 1), "stdin", None, "-")
    else:
        yield _text_doc(text, "stdin", None)


# ---------------------------------------------------------------- entry point

# The size cap of one article, as --max-size's default: the fetcher's body cap, so that what
# `fetch` archives can be extracted. A news page is 50 KB to 2 MB; far beyond is no article
# (a data dump, a page of a million elements) and would cost minutes and gigabytes.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def _too_big(size: int, max_bytes: int) -> str:
    return f"{size} bytes, over the {max_bytes}-byte cap of one article (--max-size)"


def _capped(item: InputDoc | ReadFailure, max_bytes: int | None) -> InputDoc | ReadFailure:
    """The document, or a failure naming it when its text or HTML is over ``max_bytes``."""
    if max_bytes is None or isinstance(item, ReadFailure):
        return item
    body = item.text if item.text is not None else item.html
    if body is None or len(body) * (4 if isinstance(body, str) else 1) <= max_bytes:
        return item
    size = len(body.encode("utf-8", "surrogatepass")) if isinstance(body, str) else len(body)
    if size <= max_bytes:
        return item
    return ReadFailure(item.where or item.path or item.id, _too_big(size, max_bytes))


def iter_inputs(paths: list[str], stdin: IO[bytes] | None = None, recursive: bool = True,
                max_bytes: int | None = DEFAULT_MAX_BYTES,
                on_skip=_skip_silently) -> Iterator[InputDoc | ReadFailure]:
    """Every document in ``paths`` (files, folders, ``-`` for stdin), in order.

    Yields ``ReadFailure`` for what cannot be read, and for a document over ``max_bytes``
    (None: no cap), and goes on; never raises for one bad input. Files in folders that are no
    articles are skipped; ``on_skip(path, reason)`` hears of each.
    """
    for item in _iter_inputs(paths, stdin, recursive, max_bytes, on_skip):
        yield _capped(item, max_bytes)


def _iter_inputs(paths, stdin, recursive: bool, max_bytes: int | None,
                 on_skip=_skip_silently) -> Iterator[InputDoc | ReadFailure]:
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for given in paths:
        given = os.fspath(given)
        if given == "-":
            yield from _read_stdin(stdin)
            continue
        try:
            st = os.stat(given)
        except OSError as exc:
            yield ReadFailure(given, _bad_link(given) if os.path.islink(given) else _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(given, recursive, max_bytes=max_bytes, on_skip=on_skip)
        elif stat.S_ISREG(st.st_mode):
            yield from _read_file(given, max_bytes)
        else:
            yield ReadFailure(given, f"cannot read: not a regular file but {_kind(st)}")


def _bad_link(path: str) -> str:
    """Why a symbolic link cannot be followed: it loops, or its target is missing."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "cannot read: symbolic link loop (the link leads back to itself)"
    return "cannot read: broken symbolic link"


def _kind(st: os.stat_result) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(st.st_mode):
            return name
    return "a special file"
