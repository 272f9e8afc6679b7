"""Derived data kept between runs: built once from the package's own files, then read back.

A cold start of ``extractor extract one.txt`` spends most of its time building look-up tables
(the gazetteer's name index, its ancestors) that are the same on every run. ``memo`` keeps what a
build returns as a pickle under the user's cache folder, named by a hash of everything it was
built from (the source files' bytes, the Python version), so an edited data file or module makes
a new entry and the old one is never read again. Nothing is downloaded: the entry is made here
from files of the installed package.

``EXTRACTOR_CACHE`` names the folder (default ``$XDG_CACHE_HOME/extractor`` or
``~/.cache/extractor``; ``on`` keeps that default); ``EXTRACTOR_CACHE=off`` builds every time. A
folder that cannot be written, or an entry that cannot be read, costs a build, never an error."""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar

T = TypeVar("T")


def cache_dir() -> Optional[Path]:
    """The folder entries live in, or None when caching is off."""
    env = os.environ.get("EXTRACTOR_CACHE")
    word = env.strip().lower() if env is not None else None
    if word in ("", "off", "0", "no", "false"):
        return None
    if env is not None and word not in ("on", "1", "yes", "true"):
        return Path(env)  # (a switch word turns the default folder on, not a folder named "on")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "extractor"


def _key(sources: Iterable[Path]) -> str:
    h = hashlib.sha256(f"{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for p in sources:
        p = Path(p)
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.is_file() else b"<none>")
    return h.hexdigest()[:24]


def memo(name: str, sources: Iterable[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned on an earlier run built from the same ``sources``."""
    folder = cache_dir()
    if folder is None:
        return build()
    sources = list(sources)
    entry = folder / f"{name}-{_key(sources)}.pickle"
    try:
        with open(entry, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # none yet, or a truncated or foreign file: build (again) and write it
        pass
    value = build()
    write_entry(folder, name, entry, value)
    return value


def write_entry(folder: Path, name: str, entry: Path, value) -> None:
    """Write the entry atomically (a parallel run reads a whole entry or none) and drop the
    entries of the same name built from older sources."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        for old in folder.glob(f"{name}-*.pickle"):
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the next run builds again
