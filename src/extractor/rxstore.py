"""Compiled regular expressions kept between runs.

The cue lists, the time lexicon and the quantity grammar are long alternations built from
``patterns/*.yaml``; the standard ``re`` parses and compiles them in Python on every start, and
that was about half of a cold ``extractor extract one.txt``. ``compile`` keeps what the compiler
made of a pattern (its code words, groups and flags) in the user's cache folder (``diskcache``'s,
under ``EXTRACTOR_CACHE``) and hands a later run the same compiled pattern without parsing it
again. The entry is named by the Python version and the regex engine's magic number, so another
interpreter never reads it; a pattern's text is its key, so an edited cue list is compiled anew.

Anything unexpected (caching off, no folder, an unreadable entry, an interpreter whose compiler
is not shaped as this one's) falls back to ``re.compile``: a cost, never an error or a different
pattern."""
from __future__ import annotations

import atexit
import hashlib
import pickle
import re
import sys
import threading

from .diskcache import cache_dir, write_entry

try:  # the compiler's two halves (parse, code) and the engine's constructor: CPython 3.11+
    import _sre
    from re import _compiler, _parser

    _ENGINE = f"{sys.version_info[:2]}|{_sre.MAGIC}|{_sre.CODESIZE}|{_sre.MAXGROUPS}"
except (ImportError, AttributeError):  # another interpreter: plain compiles
    _sre = None
    _ENGINE = ""

_NAME = "regex"
_CAP = 4000  # entries kept past the ones this run used (patterns of older cue lists)

_lock = threading.RLock()  # (re-entrant: a signal handler that compiles a pattern while one is read must not wait on itself)
_store: dict | None = None  # (pattern, flags) -> (flags, code, groups, groupindex, indexgroup)
_used: set = set()
_dirty = False


def _entry_path():
    folder = cache_dir()
    if folder is None or not _ENGINE:
        return None, None
    key = hashlib.sha256(f"{_ENGINE}|{pickle.HIGHEST_PROTOCOL}".encode()).hexdigest()[:24]
    return folder, folder / f"{_NAME}-{key}.pickle"


def _load() -> dict:
    global _store
    if _store is None:
        _store = {}
        folder, entry = _entry_path()
        if entry is not None:
            try:
                with open(entry, "rb") as fh:
                    data = pickle.load(fh)
                if isinstance(data, dict):
                    _store = data
            except Exception:  # none yet, or truncated: compile as usual
                pass
            atexit.register(save)
    return _store


def _parts(pattern: str, flags: int):
    """What ``re._compiler.compile`` hands the engine, computed the way it computes it."""
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]  # (named opcodes are ints that do not pickle)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return int(flags | p.state.flags), code, p.state.groups - 1, groupindex, tuple(indexgroup)


def compile(pattern: str, flags: int = 0) -> "re.Pattern":
    """``re.compile(pattern, flags)``, built from this machine's earlier runs when it can be."""
    global _dirty
    if _sre is None or not isinstance(pattern, str) or cache_dir() is None:
        return re.compile(pattern, flags)
    flags = int(flags)
    key = (pattern, flags)
    with _lock:
        store = _load()
        parts = store.get(key)
    if parts is not None:
        try:
            compiled = _sre.compile(pattern, *parts)
            _used.add(key)
            return compiled
        except Exception:  # a foreign or damaged entry: compile it again below
            pass
    try:
        parts = _parts(pattern, flags)
        compiled = _sre.compile(pattern, *parts)
    except re.error:
        raise
    except Exception:  # the compiler's inner shape differs here: the public way
        return re.compile(pattern, flags)
    with _lock:
        store[key] = parts
        _used.add(key)
        _dirty = True
    return compiled


def save() -> None:
    """Write the entry if this run compiled anything new (at exit; callable any time)."""
    global _dirty
    with _lock:
        if not _dirty or _store is None:
            return
        folder, entry = _entry_path()
        if entry is None:
            return
        store = _store
        if len(store) > _CAP + len(_used):  # patterns nobody asked for lately go first
            store = {k: v for k, v in store.items() if k in _used}
        write_entry(folder, _NAME, entry, store)
        _dirty = False
