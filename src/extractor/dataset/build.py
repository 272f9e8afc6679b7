"""Build a dataset folder from extraction results: articles, facts, observations and errors.

``build_dataset`` takes what ``batch.extract_each`` or ``batch.extract_parallel`` yields (in
input order either way, so the tables do not depend on the engine) and writes the tables into a
hidden folder beside the output, renamed to it only when every table is complete: a run that
fails or is stopped leaves the output as it was.

Facts and errors are written as they come, a row group at a time. The articles' rows (their
copies come later) and the facts of observations (grouped at the end) wait in a scratch SQLite
file in that folder, not in memory; what memory keeps per article is its copy signature.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from ..io import ReadFailure
from ..io.writers import flat_row
from ..models import Article
from .copies import CopyFinder
from .observations import Observations
from .tables import ROWS_PER_GROUP, TableSink

__all__ = ["BuildSummary", "OutputExists", "build_dataset"]


class OutputExists(FileExistsError):
    """The output folder exists and may not be replaced."""


@dataclass
class BuildSummary:
    articles: int = 0  # distinct articles written
    copies: int = 0  # inputs found to copy one of them
    facts: int = 0
    observations: int = 0
    conflicts: int = 0
    errors: int = 0
    tables: dict[str, int] = field(default_factory=dict)  # rows per table

    def line(self) -> str:
        return (f"{self.articles} articles ({self.copies} copies merged), {self.facts} facts, "
                f"{self.observations} observations ({self.conflicts} in conflict), {self.errors} failed")


def outlet_of(article: Article) -> str | None:
    if article.source:
        return article.source
    return (urlsplit(article.url).hostname if article.url else None) or None


class _Articles:
    """The articles table, in a scratch SQLite table until the end: its ``copies`` column fills as
    copies arrive, and observations ask for the outlets and dates of an article and its copies."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        db.executescript("""
            CREATE TABLE articles (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, outlet TEXT, published TEXT, row TEXT);
            CREATE TABLE copies (seq INTEGER PRIMARY KEY, kept TEXT, id TEXT UNIQUE, outlet TEXT, published TEXT);
            CREATE INDEX copies_kept ON copies (kept, seq);
        """)

    def unique_id(self, doc_id: str) -> str:
        """``doc_id``, or ``doc_id~2``, ``~3`` … when an earlier input had it (two files named alike)."""
        new, n = doc_id, 1
        while self.db.execute("SELECT 1 FROM articles WHERE id = ? UNION ALL SELECT 1 FROM copies WHERE id = ?",
                              (new, new)).fetchone():
            n += 1
            new = f"{doc_id}~{n}"
        return new

    def keep(self, doc_id: str, article: Article) -> dict[str, Any]:
        row = {
            "id": doc_id, "url": article.url, "path": article.path, "outlet": outlet_of(article),
            "title": article.title, "published": article.published, "author": article.author,
            "chars": len(article.text),
            # The relevance fields come with a later model; until then every article counts.
            "relevant": bool(getattr(article, "relevant", True)),
            "reason": getattr(article, "reason", None),
            "facts": len(article.facts),
        }
        self.db.execute("INSERT INTO articles (id, outlet, published, row) VALUES (?, ?, ?, ?)",
                        (doc_id, row["outlet"], row["published"], json.dumps(row, ensure_ascii=False)))
        return row

    def copy(self, kept: str, doc_id: str, article: Article) -> None:
        self.db.execute("INSERT INTO copies (kept, id, outlet, published) VALUES (?, ?, ?, ?)",
                        (kept, doc_id, outlet_of(article), article.published))

    def copies(self) -> int:
        return self.db.execute("SELECT count(*) FROM copies").fetchone()[0]

    def rows(self) -> Iterator[dict[str, Any]]:
        """The rows in input order, each with the ids of its copies."""
        for row_id, text in self.db.execute("SELECT id, row FROM articles ORDER BY seq"):
            row = json.loads(text)
            row["copies"] = [c for (c,) in self.db.execute(
                "SELECT id FROM copies WHERE kept = ? ORDER BY seq", (row_id,))]
            yield row

    def sources(self, doc_id: str) -> tuple[set[str], list[str]]:
        found = self.db.execute("SELECT outlet, published FROM articles WHERE id = ? "
                                "UNION ALL SELECT outlet, published FROM copies WHERE kept = ?",
                                (doc_id, doc_id)).fetchall()
        return {o for o, _ in found if o is not None}, [d for _, d in found if d]


def _replace(tmp: Path, out: Path) -> None:
    """Put the finished folder ``tmp`` at ``out``, replacing what was there."""
    if not out.exists():
        os.rename(tmp, out)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def check_output(out: str | os.PathLike, overwrite: bool) -> Path:
    """The output folder, or OutputExists when it is there and ``overwrite`` is not given."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise OutputExists(f"{out} exists (pass --overwrite to replace it)")
    if out.exists() and not out.is_dir():
        raise OutputExists(f"{out} exists and is not a folder")
    return out


def build_dataset(results: Iterable[Article | ReadFailure], out: str | os.PathLike, csv: bool = False,
                  overwrite: bool = False, rows_per_group: int = ROWS_PER_GROUP,
                  on_error: Callable[[ReadFailure], None] | None = None) -> BuildSummary:
    """Write the four tables of ``results`` into the folder ``out``; returns what was written.

    ``on_error`` is told of every failed input as it comes. Raises OutputExists before reading
    anything when ``out`` exists without ``overwrite``, and OSError when a table cannot be
    written (a full disk): then ``out`` is left as it was."""
    out = check_output(out, overwrite)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    summary = BuildSummary()
    sinks: dict[str, TableSink] = {}
    scratch = tmp / ".scratch.sqlite"
    db = sqlite3.connect(scratch, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover after a crash
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        for name in ("facts", "errors"):
            sinks[name] = TableSink(tmp, name, csv=csv, rows_per_group=rows_per_group)
        articles, copies, observations = _Articles(db), CopyFinder(), Observations(db)
        for item in results:
            if isinstance(item, ReadFailure):
                sinks["errors"].add({"input": item.path, "reason": item.reason})
                if on_error:
                    on_error(item)
                continue
            doc_id = articles.unique_id(item.id)
            kept = copies.see(doc_id, item.text)
            if kept is not None:
                articles.copy(kept, doc_id, item)
                continue
            relevant = articles.keep(doc_id, item)["relevant"]
            for i, fact in enumerate(item.facts):
                row = flat_row(fact, item)
                row["doc_id"], row["fact_id"] = doc_id, f"{doc_id}#{i}"
                sinks["facts"].add(row)
                if relevant:
                    observations.add(row)
        sources = lru_cache(maxsize=4096)(articles.sources)
        for name, rows in (("articles", articles.rows()), ("observations", observations.rows(sources))):
            sinks[name] = TableSink(tmp, name, csv=csv, rows_per_group=rows_per_group)
            for row in rows:
                sinks[name].add(row)
                summary.conflicts += bool(row.get("conflict"))
        for sink in sinks.values():
            sink.close()
        summary.tables = {name: sink.count for name, sink in sinks.items()}
        summary.articles = summary.tables["articles"]
        summary.copies = articles.copies()
        summary.facts = summary.tables["facts"]
        summary.observations = summary.tables["observations"]
        summary.errors = summary.tables["errors"]
        db.close()
        scratch.unlink()
        _replace(tmp, out)
    except BaseException as exc:
        for sink in sinks.values():
            try:
                sink.close()
            except Exception:  # already failing: the folder goes anyway
                pass
        db.close()
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, sqlite3.Error):  # the scratch file could not grow: a full disk
            raise OSError(f"scratch database: {exc}") from exc
        raise
    return summary
