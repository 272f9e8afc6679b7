"""Write extraction results as JSONL, JSON, CSV or Parquet, streaming.

Every writer holds at most one batch in memory, so a run over a million articles costs what a
run over one does. ``open_writer(fmt, out)`` picks the writer; use it as a context manager.

An article with no facts stays visible in every format, so "read, nothing found" differs from
"never read": a JSON article with ``facts: []``, a JSONL record ``{"doc": …, "facts": 0, "reason": …}``,
a CSV or Parquet row with its ``doc_*`` columns, ``doc_facts`` 0, ``doc_reason`` (off_topic,
no_numbers, no_facts) and no indicator.
"""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Callable, Iterator, Optional, Union

from extractor.records import doc_of, facts_of

if TYPE_CHECKING:
    from extractor.models import Article as _Model
    from extractor.records import ArticleRecord

    Article = Union[_Model, ArticleRecord]  # every writer takes either: the public model or plain data

__all__ = ["FLAT_COLUMNS", "FORMATS", "Writer", "open_writer", "flat_row", "flat_rows", "flat_fields"]

FLAT_COLUMNS = [
    "doc_id", "doc_path", "doc_url", "doc_title", "doc_published", "doc_source", "doc_author", "doc_fetched_at",
    "doc_stored_at", "doc_revision", "doc_current", "doc_facts", "doc_reason",
    "indicator", "kind", "value", "range_low", "range_high", "unit", "bound", "status",
    "population", "location_level", "location_name", "location_type", "location_code",
    "location_province", "location_era", "location_current_name", "location_current_code",
    "time_year", "time_point", "time_date", "time_period_start", "time_period_end",
    "attributes", "evidence_start", "evidence_end", "evidence_text", "evidence_sentence",
]
_FLOAT_COLUMNS = {"value", "range_low", "range_high"}
_BOOL_COLUMNS = {"doc_current"}
_INT_COLUMNS = {"doc_revision", "doc_facts", "time_year", "time_period_start", "time_period_end", "evidence_start", "evidence_end"}



def flat_fields() -> list:
    """The Arrow fields of FLAT_COLUMNS: numbers as float64 or int64, flags bool, the rest (codes too) strings."""
    import pyarrow as pa  # imported here: only the Parquet writers need it

    return [pa.field(c, pa.float64() if c in _FLOAT_COLUMNS else pa.int64() if c in _INT_COLUMNS
                     else pa.bool_() if c in _BOOL_COLUMNS else pa.string())
            for c in FLAT_COLUMNS]


ARTICLE_FIELDS = ["id", "url", "path", "title", "published", "source", "author", "fetched_at", "stored_at",
                  "revision", "current", "relevant", "reason", "text"]


def _doc_columns(article: Article, doc: dict[str, Any], facts: int) -> dict[str, Any]:
    return {"doc_id": doc["id"], "doc_path": doc["path"], "doc_url": doc["url"], "doc_title": doc["title"],
            "doc_published": doc["published"], "doc_source": doc["source"], "doc_author": doc["author"],
            "doc_fetched_at": doc["fetched_at"], "doc_stored_at": doc["stored_at"], "doc_revision": doc["revision"],
            "doc_current": doc["current"], "doc_facts": facts,
            "doc_reason": article.reason}


def flat_rows(article: Article) -> Iterator[dict[str, Any]]:
    """The article's facts as flat rows; one row of its own columns alone when it has none."""
    facts = facts_of(article)
    columns = _doc_columns(article, doc_of(article), len(facts))
    if not facts:
        yield dict.fromkeys(FLAT_COLUMNS) | columns
    for fact in facts:
        yield _flat_fact(fact, columns)


def flat_row(fact, article: Article) -> dict[str, Any]:
    """One fact (a ``models.Fact`` or its dict) as a flat dict over FLAT_COLUMNS, typed (None for
    what is unknown)."""
    if not isinstance(fact, dict):
        fact = fact.model_dump(mode="json", exclude={"doc"})
    return _flat_fact(fact, _doc_columns(article, doc_of(article), len(article.facts)))


_ATTRIBUTES = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # json.dumps(…, ensure_ascii=False, sort_keys=True)


def _flat_fact(fact: dict[str, Any], columns: dict[str, Any]) -> dict[str, Any]:
    loc = fact["location"]
    cur = loc["current"] if loc else None
    rng = fact["range"]
    time = fact["time"]
    period = time["period"]
    evidence = fact["evidence"]
    return columns | {
        "indicator": fact["indicator"], "kind": fact["kind"], "value": fact["value"],
        "range_low": rng[0] if rng else None, "range_high": rng[1] if rng else None,
        "unit": fact["unit"], "bound": fact["bound"], "status": fact["status"], "population": fact["population"],
        "location_level": loc["level"] if loc else None, "location_name": loc["name"] if loc else None,
        "location_type": loc["type"] if loc else None, "location_code": loc["code"] if loc else None,
        "location_province": loc["province"] if loc else None, "location_era": loc["era"] if loc else None,
        "location_current_name": cur["name"] if cur else None,
        "location_current_code": cur["code"] if cur else None,
        "time_year": time["year"], "time_point": time["point"], "time_date": time["date"],
        "time_period_start": period[0] if period else None,
        "time_period_end": period[1] if period else None,
        "attributes": _ATTRIBUTES.encode(fact["attributes"]),
        "evidence_start": evidence["start"], "evidence_end": evidence["end"],
        "evidence_text": evidence["text"], "evidence_sentence": evidence["sentence"],
    }


@dataclass
class Rendered:
    """An article a worker has already put into its format's text: the text, and what the run's
    report says of the article. The facts themselves need not travel back to the process that
    writes them."""
    id: str
    path: Optional[str]
    url: Optional[str]
    relevant: bool
    reason: Optional[str]
    fact_count: int
    text: str


class Writer:
    """Base: owns the stream when it opened it (a path), borrows it otherwise.

    ``in_worker``, when a format has one, renders an article where it was extracted (a module-level
    function, so it travels to worker processes): ``write`` then takes the ``Rendered`` as is."""

    binary = False
    in_worker: Optional[Callable[[Any], "Rendered"]] = None

    def __init__(self, out: IO[str] | str | os.PathLike | None):
        if out is None:
            self._stream, self._owned = sys.stdout, False
        elif isinstance(out, (str, os.PathLike)):
            # newline="" so csv's \r\n and text's \n are written exactly as produced.
            self._stream, self._owned = open(out, "w", encoding="utf-8", newline=""), True
        else:
            self._stream, self._owned = out, False
        self._closed = False
        self.count = 0  # articles written

    def write(self, article: Article) -> None:
        """Write one article whole, or nothing of it: a ValueError naming the article says why,
        and the writer goes on with the next one."""
        if self._closed:
            raise ValueError("write to a closed writer")
        if isinstance(article, Rendered):  # checked where it was rendered
            self._stream.write(article.text)
            self.count += 1
            return
        payload = self._render(article)
        try:
            payload.encode("utf-8")  # before the stream sees any of it: no half-written article
        except UnicodeEncodeError as exc:
            raise unwritable(article, exc) from None
        self._stream.write(payload)
        self.count += 1

    def _render(self, article: Article) -> str:
        """The article as the text this format writes for it."""
        raise NotImplementedError

    def _finish(self) -> None:
        pass

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._finish()
            self._stream.flush()
        finally:
            if self._owned:
                self._stream.close()

    def __enter__(self) -> "Writer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def unwritable(article: Article, exc: UnicodeEncodeError) -> ValueError:
    where = exc.object[max(0, exc.start - 20):exc.end + 20] if isinstance(exc.object, str) else ""
    return ValueError(f"article {article.id!r} cannot be written as UTF-8: {exc.reason} near {where!r}")


# json.dumps(…, ensure_ascii=False) made once: dumps builds an encoder per call when given options
_JSON = json.JSONEncoder(ensure_ascii=False).encode


def _jsonl(article: Article) -> str:
    facts = facts_of(article)
    doc = doc_of(article)
    if not facts:
        return _JSON({"doc": doc, "facts": 0, "reason": article.reason}) + "\n"
    return "".join(_JSON({**fact, "doc": doc}) + "\n" for fact in facts)


def rendered_jsonl(article: Article) -> Rendered:
    """``JsonlWriter``'s lines of an article, made in a worker (a ValueError if they cannot be
    written as UTF-8: the writing process then renders it again and reports it)."""
    text = _jsonl(article)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise unwritable(article, exc) from None
    return Rendered(article.id, article.path, article.url, article.relevant, article.reason,
                    len(facts_of(article)), text)


class JsonlWriter(Writer):
    """One fact a line, each carrying its article's ``doc``; ``{"doc": …, "facts": 0, "reason": …}``
    for an article without facts."""

    in_worker = staticmethod(rendered_jsonl)

    def _render(self, article: Article) -> str:
        return _jsonl(article)


class JsonWriter(Writer):
    """A JSON array of articles, written element by element."""

    def __init__(self, out):
        super().__init__(out)
        self._stream.write("[")

    def _render(self, article: Article) -> str:
        data = {k: getattr(article, k) for k in ARTICLE_FIELDS}
        # The article already says which doc the facts are from: no need to repeat it per fact.
        data["facts"] = facts_of(article)
        return ("\n" if self.count == 0 else ",\n") + _JSON(data)

    def _finish(self) -> None:
        self._stream.write("\n]\n" if self.count else "]\n")


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e18:
        return int(value)  # 760800000000, not 760800000000.0
    return value


class CsvWriter(Writer):
    """One fact a row over FLAT_COLUMNS; the header is written once, even with no facts.

    Every text cell is quoted and numbers are not, so codes stay text ("06" is not 6) for a
    reader that types unquoted cells as numbers (``csv.QUOTE_NONNUMERIC``, spreadsheets' import)."""

    def __init__(self, out):
        super().__init__(out)
        self._buffer = io.StringIO()  # one article's rows, written to the stream together
        self._csv = csv.DictWriter(self._buffer, fieldnames=FLAT_COLUMNS, lineterminator="\n",
                                   quoting=csv.QUOTE_NONNUMERIC)
        self._csv.writeheader()
        self._stream.write(self._take())

    def _take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text

    def _render(self, article: Article) -> str:
        for row in flat_rows(article):
            self._csv.writerow({k: _csv_cell(v) for k, v in row.items()})
        return self._take()


class ParquetWriter(Writer):
    """FLAT_COLUMNS in row groups of ``batch_size`` rows: memory holds one batch at most."""

    def __init__(self, out, batch_size: int = 5000):
        if not isinstance(out, (str, os.PathLike)):
            raise ValueError("parquet output needs a file path (it cannot be written to stdout or a text stream)")
        import pyarrow as pa  # imported here: only parquet output needs it
        import pyarrow.parquet as pq

        self._pa = pa
        self._schema = pa.schema(flat_fields())
        self._stream, self._owned = None, False
        self._closed = False
        self.count = 0
        self.batch_size = batch_size
        self._rows: list[dict[str, Any]] = []
        self._pq = pq.ParquetWriter(os.fspath(out), self._schema)

    def write(self, article: Article) -> None:
        if self._closed:
            raise ValueError("write to a closed writer")
        rows = list(flat_rows(article))
        try:  # checked here: pyarrow would fail at the flush, with other articles' rows
            for row in rows:
                for value in row.values():
                    if isinstance(value, str):
                        value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise unwritable(article, exc) from None
        self._rows.extend(rows)
        if len(self._rows) >= self.batch_size:
            self._flush_rows()
        self.count += 1

    def _flush_rows(self) -> None:
        if self._rows:
            self._pq.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._flush_rows()
        finally:
            self._pq.close()


FORMATS = {"jsonl": JsonlWriter, "json": JsonWriter, "csv": CsvWriter, "parquet": ParquetWriter}


def open_writer(fmt: str, out: IO[str] | str | os.PathLike | None = None) -> Writer:
    """A writer of ``fmt`` (jsonl, json, csv, parquet) to a path, a text stream, or stdout (None)."""
    try:
        cls = FORMATS[fmt.lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return cls(out)
