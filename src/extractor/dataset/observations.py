"""Observations: the facts that state one thing — one indicator, kind and unit, of one place,
time, population and status — gathered from every article that reports it.

Values are never merged: an observation lists every distinct value its facts give; ``value`` is
filled only when there is one. It is a ``conflict`` when two articles give different values (one
article giving two values for one key is a part-and-whole the key does not tell apart, as
"100 tỉ đồng, of which 62,5 tỉ from donations", not two sources disagreeing).
"""
from __future__ import annotations

import hashlib
import json
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


class _Group:
    __slots__ = ("fact_ids", "article_values")

    def __init__(self):
        self.fact_ids: list[str] = []
        self.article_values: dict[str, set[float]] = {}  # article id -> its values, in order of report


class Observations:
    """Facts in (as rows of the facts table), observation rows out, in order of first report."""

    def __init__(self):
        self._groups: dict[tuple, _Group] = {}

    def __len__(self) -> int:
        return len(self._groups)

    def add(self, fact: dict[str, Any]) -> None:
        key = tuple(fact[c] for c in KEY_COLUMNS)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = _Group()
        group.fact_ids.append(fact["fact_id"])
        values = group.article_values.setdefault(fact["doc_id"], set())
        if fact["value"] is not None:
            values.add(float(fact["value"]) + 0.0)  # + 0.0: -0.0 and 0.0 are one value

    def rows(self, sources: Callable[[str], tuple[set[str], list[str]]]) -> Iterator[dict[str, Any]]:
        """One row per observation; ``sources(article_id)`` gives the outlets and publication dates
        of an article and of its copies."""
        for key, group in self._groups.items():
            row = dict(zip(KEY_COLUMNS, key))
            row["observation_id"] = hashlib.blake2b(
                json.dumps(key, ensure_ascii=False).encode("utf-8"), digest_size=8).hexdigest()
            values = sorted(set().union(*group.article_values.values()))
            told = {frozenset(v) for v in group.article_values.values() if v}
            outlets: set[str] = set()
            dates: list[str] = []
            for article_id in group.article_values:
                o, d = sources(article_id)
                outlets |= o
                dates.extend(d)
            row.update({
                "value": values[0] if len(values) == 1 else None,
                "values": values,
                "conflict": len(told) > 1,
                "articles": len(group.article_values),
                "outlets": len(outlets),
                "fact_ids": group.fact_ids,
                "article_ids": list(group.article_values),
                "first_published": min(dates) if dates else None,
                "last_published": max(dates) if dates else None,
            })
            yield row
