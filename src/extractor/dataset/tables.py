"""The four tables of a dataset, their Arrow schemas, and a streaming writer for each.

A ``TableSink`` writes one table as Parquet (and as a CSV twin when asked), a row group every
``rows_per_group`` rows, so a table of a million rows costs the memory of one group. The schemas
here are the ones written down in README.md (a test compares the two).
"""
from __future__ import annotations

import json
import os
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..io.writers import flat_fields

__all__ = ["SCHEMAS", "TableSink", "schema_lines", "ROWS_PER_GROUP"]

ROWS_PER_GROUP = 5000

_str = pa.string()
_strings = pa.list_(pa.string())

ARTICLES = pa.schema([
    pa.field("id", _str, nullable=False),
    ("url", _str), ("path", _str),
    ("outlet", _str),  # the article's source, else its URL's host
    ("title", _str),
    ("published", _str),  # ISO YYYY-MM-DD where known
    ("author", _str),
    pa.field("chars", pa.int64(), nullable=False),  # length of the clean text
    pa.field("relevant", pa.bool_(), nullable=False),
    ("reason", _str),  # why the article is not relevant
    pa.field("facts", pa.int64(), nullable=False),
    pa.field("copies", _strings, nullable=False),  # ids of the inputs found to be copies of this one
])

FACTS = pa.schema([pa.field("fact_id", _str, nullable=False), *flat_fields()])

OBSERVATIONS = pa.schema([
    pa.field("observation_id", _str, nullable=False),
    pa.field("indicator", _str, nullable=False), pa.field("kind", _str, nullable=False),
    pa.field("unit", _str, nullable=False),
    ("location_level", _str), ("location_name", _str), ("location_code", _str),
    ("location_province", _str), ("location_current_name", _str), ("location_current_code", _str),
    ("time_year", pa.int64()), ("time_point", _str), ("time_date", _str),
    ("time_period_start", pa.int64()), ("time_period_end", pa.int64()),
    ("population", _str), pa.field("status", _str, nullable=False),
    pa.field("attributes", _str, nullable=False),  # JSON, as in the facts table
    ("value", pa.float64()),  # the one value given; null when there are several, or none
    pa.field("values", pa.list_(pa.float64()), nullable=False),  # every distinct value, ascending
    pa.field("conflict", pa.bool_(), nullable=False),  # articles give different values
    pa.field("articles", pa.int64(), nullable=False), pa.field("outlets", pa.int64(), nullable=False),
    pa.field("fact_ids", _strings, nullable=False), pa.field("article_ids", _strings, nullable=False),
    ("first_published", _str), ("last_published", _str),
])

ERRORS = pa.schema([pa.field("input", _str, nullable=False), pa.field("reason", _str, nullable=False)])

SCHEMAS: dict[str, pa.Schema] = {
    "articles": ARTICLES, "facts": FACTS, "observations": OBSERVATIONS, "errors": ERRORS,
}


def schema_lines(schema: pa.Schema) -> list[str]:
    """The schema as README.md writes it: ``name: type`` a line, ``not null`` where required."""
    return [f"{f.name}: {f.type}" + ("" if f.nullable else " not null") for f in schema]


def _csv_schema(schema: pa.Schema) -> pa.Schema:
    """Lists become JSON text in CSV, which has no lists."""
    return pa.schema([pa.field(f.name, _str, f.nullable) if pa.types.is_list(f.type) else f for f in schema])


class TableSink:
    """Rows in, ``NAME.parquet`` (and ``NAME.csv``) out in ``folder``, a row group at a time."""

    def __init__(self, folder: str | os.PathLike, name: str, csv: bool = False,
                 rows_per_group: int = ROWS_PER_GROUP):
        self.schema = SCHEMAS[name]
        self.rows_per_group = rows_per_group
        self.count = 0
        self._rows: list[dict[str, Any]] = []
        self._parquet = pq.ParquetWriter(os.path.join(folder, f"{name}.parquet"), self.schema)
        self._csv = None
        if csv:
            self._csv_schema = _csv_schema(self.schema)
            self._lists = [f.name for f in self.schema if pa.types.is_list(f.type)]
            self._csv = pacsv.CSVWriter(os.path.join(folder, f"{name}.csv"), self._csv_schema)

    def add(self, row: dict[str, Any]) -> None:
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= self.rows_per_group:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        rows, self._rows = self._rows, []
        self._parquet.write_table(pa.Table.from_pylist(rows, schema=self.schema))
        if self._csv is not None:
            text = [{**row, **{n: json.dumps(row[n], ensure_ascii=False) for n in self._lists}} for row in rows]
            self._csv.write_table(pa.Table.from_pylist(text, schema=self._csv_schema))

    def close(self) -> None:
        """Write what is left and the footers; an empty table is still a valid file with its schema."""
        try:
            self.flush()
        finally:
            self._parquet.close()
            if self._csv is not None:
                self._csv.close()
