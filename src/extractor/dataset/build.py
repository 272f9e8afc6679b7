"""Build a dataset folder from extraction results: articles, facts, observations and errors.

``build_dataset`` takes what ``batch.extract_each`` or ``batch.extract_parallel`` yields (in
input order either way, so the tables do not depend on the engine) and writes the tables into a
hidden folder beside the output, renamed to it only when every table is complete: a run that
fails or is stopped leaves the output as it was.

Facts and errors are written as they come, a row group at a time. What stays in memory is small
per article: its row of the articles table (no text), its copy signature, and per observation
the ids behind it; texts and facts pass through.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
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
    """The articles table kept until the end (its ``copies`` column fills as copies arrive)."""

    def __init__(self):
        self.rows: dict[str, dict[str, Any]] = {}
        self._sources: dict[str, tuple[set[str], list[str]]] = {}  # id -> outlets, dates (copies too)
        self._ids: set[str] = set()

    def unique_id(self, doc_id: str) -> str:
        """``doc_id``, or ``doc_id~2``, ``~3`` … when an earlier input had it (two files named alike)."""
        new, n = doc_id, 1
        while new in self._ids:
            n += 1
            new = f"{doc_id}~{n}"
        self._ids.add(new)
        return new

    def keep(self, doc_id: str, article: Article) -> None:
        self.rows[doc_id] = {
            "id": doc_id, "url": article.url, "path": article.path, "outlet": outlet_of(article),
            "title": article.title, "published": article.published, "author": article.author,
            "chars": len(article.text),
            # The relevance fields come with a later model; until then every article counts.
            "relevant": bool(getattr(article, "relevant", True)),
            "reason": getattr(article, "reason", None),
            "facts": len(article.facts), "copies": [],
        }
        self._sources[doc_id] = (set(), [])
        self._add_source(doc_id, article)

    def copy(self, kept: str, doc_id: str, article: Article) -> None:
        self.rows[kept]["copies"].append(doc_id)
        self._add_source(kept, article)

    def _add_source(self, kept: str, article: Article) -> None:
        outlets, dates = self._sources[kept]
        if (o := outlet_of(article)) is not None:
            outlets.add(o)
        if article.published:
            dates.append(article.published)

    def sources(self, doc_id: str) -> tuple[set[str], list[str]]:
        return self._sources[doc_id]


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
    try:
        for name in ("facts", "errors"):
            sinks[name] = TableSink(tmp, name, csv=csv, rows_per_group=rows_per_group)
        articles, copies, observations = _Articles(), CopyFinder(), Observations()
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
            articles.keep(doc_id, item)
            relevant = articles.rows[doc_id]["relevant"]
            for i, fact in enumerate(item.facts):
                row = flat_row(fact, item)
                row["doc_id"], row["fact_id"] = doc_id, f"{doc_id}#{i}"
                sinks["facts"].add(row)
                if relevant:
                    observations.add(row)
        for name, rows in (("articles", articles.rows.values()),
                           ("observations", observations.rows(articles.sources))):
            sinks[name] = TableSink(tmp, name, csv=csv, rows_per_group=rows_per_group)
            for row in rows:
                sinks[name].add(row)
                summary.conflicts += bool(row.get("conflict"))
        for sink in sinks.values():
            sink.close()
        summary.tables = {name: sink.count for name, sink in sinks.items()}
        summary.articles = summary.tables["articles"]
        summary.copies = sum(len(r["copies"]) for r in articles.rows.values())
        summary.facts = summary.tables["facts"]
        summary.observations = summary.tables["observations"]
        summary.errors = summary.tables["errors"]
        _replace(tmp, out)
    except BaseException:
        for sink in sinks.values():
            try:
                sink.close()
            except Exception:  # already failing: the folder goes anyway
                pass
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary
