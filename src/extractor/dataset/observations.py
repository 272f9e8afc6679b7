"""Observations: the facts that state one thing — one indicator, kind and unit, of one place,
time, population, status and attributes — gathered from every article that reports it.

Values are never merged: an observation lists every distinct value its facts give; ``value`` is
filled only when there is one. It is a ``conflict`` when two articles give different values (one
article giving two values for one key is a part-and-whole the key does not tell apart, as
"100 tỉ đồng, of which 62,5 tỉ from donations", not two sources disagreeing).

The facts wait in a scratch SQLite table, not in memory, and come back sorted by observation:
SQLite sorts on disk, so a corpus of any size groups in the memory of one observation.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from itertools import groupby
from typing import Any, Callable, Iterator

__all__ = ["KEY_COLUMNS", "Observations"]

# What makes two facts one observation: the columns of the facts table that say what is measured,
# where, when and of whom. Bound (about, over …) and the evidence are how it was said, not what.
KEY_COLUMNS = (
    "indicator", "kind", "unit",
    "location_level", "location_name", "location_code", "location_province",
    "location_current_name", "location_current_code",
    "time_year", "time_point", "time_date", "time_period_start", "time_period_end",
    "population", "status", "attributes",
)
_K = len(KEY_COLUMNS)
_BATCH = 5000


class Observations:
    """Facts in (rows of the facts table), observation rows out, sorted by what they measure."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        cols = ", ".join(f"k{i}" for i in range(_K))
        db.execute(f"CREATE TABLE obs_facts (seq INTEGER PRIMARY KEY, {cols}, fact_id TEXT, doc_id TEXT, value REAL)")
        self._insert = f"INSERT INTO obs_facts ({cols}, fact_id, doc_id, value) VALUES ({', '.join('?' * (_K + 3))})"
        self._order = f"SELECT {cols}, fact_id, doc_id, value FROM obs_facts ORDER BY {cols}, seq"
        self._pending: list[tuple] = []

    def add(self, fact: dict[str, Any]) -> None:
        value = fact["value"]
        self._pending.append((*(fact[c] for c in KEY_COLUMNS), fact["fact_id"], fact["doc_id"],
                              None if value is None else float(value) + 0.0))  # -0.0 and 0.0: one value
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self.db.executemany(self._insert, self._pending)
            self._pending = []

    def rows(self, sources: Callable[[str], tuple[set[str], list[str]]]) -> Iterator[dict[str, Any]]:
        """One row per observation; ``sources(article_id)`` gives the outlets and publication dates
        of an article and of its copies."""
        self.flush()
        for key, facts in groupby(self.db.execute(self._order), key=lambda r: r[:_K]):
            yield _observation(key, list(facts), sources)


def _observation(key: tuple, facts: list[tuple], sources) -> dict[str, Any]:
    row = dict(zip(KEY_COLUMNS, key))
    row["observation_id"] = hashlib.blake2b(json.dumps(key, ensure_ascii=False).encode("utf-8"),
                                            digest_size=8).hexdigest()
    by_article: dict[str, set[float]] = {}  # in order of the facts, so of the input
    for fact in facts:
        values = by_article.setdefault(fact[_K + 1], set())
        if fact[_K + 2] is not None:
            values.add(fact[_K + 2])
    values = sorted(set().union(*by_article.values()))
    outlets: set[str] = set()
    dates: list[str] = []
    for article_id in by_article:
        o, d = sources(article_id)
        outlets |= o
        dates.extend(d)
    row.update({
        "value": values[0] if len(values) == 1 else None,
        "values": values,
        "conflict": len({frozenset(v) for v in by_article.values() if v}) > 1,
        "articles": len(by_article),
        "outlets": len(outlets),
        "fact_ids": [f[_K] for f in facts],
        "article_ids": list(by_article),
        "first_published": min(dates) if dates else None,
        "last_published": max(dates) if dates else None,
    })
    return row
