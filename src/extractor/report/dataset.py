"""A dataset folder of ``extractor dataset build`` read back as articles for the review page.

A dataset keeps no article text: each fact row has its evidence (offsets into the article's clean
text, the number as written, its sentence) and the article's own columns. So an article here is
the sentences its facts were read from, in the order of the text, with a line "…" where text was
left out, and every fact's evidence moved onto that shorter text: the page's highlights, tables
and charts work as for articles read whole. Copies merged into an article stay out, as in the
dataset's own tables.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..io import ReadFailure
from ..models import Article, CurrentUnit, Evidence, Fact, Location, Time

TABLES = ("articles", "facts", "observations", "errors")
NEEDED = ("articles", "facts")
GAP = "…"  # a line of its own between sentences that were not next to each other


def dataset_tables(folder: str | os.PathLike) -> set[str]:
    """The dataset tables (by name) whose Parquet file ``folder`` holds."""
    return {name for name in TABLES if (Path(folder) / f"{name}.parquet").is_file()}


def read_dataset(folder: str | os.PathLike) -> tuple[list[Article], list[ReadFailure]]:
    """The articles of a dataset folder, with their facts, and its errors table as failures.

    Raises ValueError (one line, naming the folder) when it is no whole, readable dataset."""
    import pyarrow as pa  # imported here: only a dataset input needs it
    import pyarrow.parquet as pq

    missing = [f"{n}.parquet" for n in NEEDED if n not in dataset_tables(folder)]
    if missing:
        raise ValueError(f"{folder}: an incomplete dataset ({' and '.join(missing)} missing)")
    try:
        facts_of: dict[str, list[Fact]] = defaultdict(list)
        doc_of: dict[str, dict[str, Any]] = {}  # the first fact row's doc columns of each article
        for batch in pq.ParquetFile(Path(folder) / "facts.parquet").iter_batches(batch_size=4096):
            for row in batch.to_pylist():  # a batch at a time: the rows as dicts never all at once
                doc_id = row.get("doc_id")
                facts_of[doc_id].append(_fact(row))
                doc_of.setdefault(doc_id, {k: row.get(k) for k in ("doc_published", "doc_source")})
        rows = {name: pq.read_table(Path(folder) / f"{name}.parquet").to_pylist()
                for name in ("articles", "errors") if name in dataset_tables(folder)}
        articles = [_article(row, facts_of.pop(row["id"], []), doc_of.get(row["id"], {}))
                    for row in rows["articles"]]
    except (pa.ArrowException, OSError) as exc:  # before ValueError: ArrowInvalid is one too
        raise ValueError(f"{folder}: cannot read the dataset: {type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:200]}") from None
    except (KeyError, TypeError, ValueError) as exc:  # tables of another shape
        raise ValueError(f"{folder}: not a dataset of 'extractor dataset build' "
                         f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]})") from None
    failures = [ReadFailure(row["input"], row["reason"]) for row in rows.get("errors", [])]
    return articles, failures


def _article(row: dict[str, Any], facts: list[Fact], doc: dict[str, Any]) -> Article:
    """The article of a row of the articles table, its facts' evidence moved onto its new text."""
    text, moved = _sentences_text([(f.evidence.start, f.evidence.end, f.evidence.text, f.evidence.sentence)
                                   for f in facts], row.get("chars") or 0)
    for fact, start in zip(facts, moved):
        fact.evidence.start, fact.evidence.end = start, start + len(fact.evidence.text)
    return Article(
        id=row["id"], text=text, title=row.get("title"), url=row.get("url"), path=row.get("path"),
        # the facts' columns keep the page's date and time; the articles table the day only
        published=doc.get("doc_published") or row.get("published"),
        source=doc.get("doc_source") or row.get("outlet"), author=row.get("author"),
        relevant=row.get("relevant", True), reason=row.get("reason"), facts=facts)


def _sentences_text(evidence: list[tuple[int, int, str, str]], chars: int) -> tuple[str, list[int]]:
    """The text of the facts' sentences, and where each evidence starts in it.

    ``evidence`` is (start, end, text, sentence) per fact, in any order. A sentence's place in
    the article is its fact's start less the evidence's place in the sentence; where the number
    is written twice in it, the place another fact of the same sentence fixed. Sentences next to
    each other are joined by a space, others by a line "…"."""
    spans: list[tuple[int, str]] = []  # (start in the article, sentence)
    placed: dict[str, set[int]] = defaultdict(set)
    for start, _end, number, sentence in evidence:
        options = [start - i for i in _occurrences(sentence, number)] or [start]
        pick = next((o for o in options if o in placed[sentence]), options[0])
        placed[sentence].add(pick)
        spans.append((max(pick, 0), sentence))
    runs: list[list] = []  # [start in the article, text] of the parts kept, in order, overlaps joined
    for s, sentence in sorted(set(spans)):
        if runs and s <= runs[-1][0] + len(runs[-1][1]):
            last = runs[-1]
            last[1] += sentence[last[0] + len(last[1]) - s:]
        else:
            runs.append([s, sentence])
    text, moved_runs, end = "", [], 0  # moved_runs: (start in the article, start in text, length)
    for s, run in runs:
        text += ("" if s == 0 else " " if 0 < s - end <= 2 and text else f"\n{GAP}\n" if text else f"{GAP}\n")
        moved_runs.append((s, len(text), len(run)))
        text += run
        end = s + len(run)
    if runs and end < chars:
        text += f"\n{GAP}"
    moved = []
    for start, *_ in evidence:
        s, new, length = next(r for r in reversed(moved_runs) if r[0] <= start)
        moved.append(new + min(start - s, length))
    return text, moved


def _occurrences(text: str, part: str) -> list[int]:
    out, i = [], text.find(part) if part else -1
    while i >= 0:
        out.append(i)
        i = text.find(part, i + 1)
    return out


def _fact(row: dict[str, Any]) -> Fact:
    """A fact of the facts table, its evidence where it was in the article's text."""
    low, high = row.get("range_low"), row.get("range_high")
    p0, p1 = row.get("time_period_start"), row.get("time_period_end")
    value = row.get("value")
    if value is not None and float(value).is_integer():
        value = int(value)  # Parquet keeps every value as a double: 4215, not 4215.0
    return Fact(
        indicator=row["indicator"], kind=row["kind"], value=value,
        range=(low, high) if low is not None and high is not None else None, unit=row["unit"],
        bound=row["bound"], status=row["status"], population=row.get("population"),
        location=_location(row),
        time=Time(year=row.get("time_year"), point=row.get("time_point"), date=row.get("time_date"),
                  period=(p0, p1) if p0 is not None and p1 is not None else None),
        attributes=json.loads(row.get("attributes") or "{}"),
        evidence=Evidence(start=row["evidence_start"], end=row["evidence_end"], text=row["evidence_text"],
                          sentence=row["evidence_sentence"]))


def _location(row: dict[str, Any]) -> Location | None:
    if not row.get("location_level"):
        return None
    return Location(level=row["location_level"], name=row["location_name"], type=row.get("location_type"),
                    code=row.get("location_code"), era=row.get("location_era"),
                    province=row.get("location_province"),
                    current=_current(row.get("location_current_code"), row.get("location_current_name"),
                                     row["location_level"]))


def _current(code: str | None, name: str | None, level: str) -> CurrentUnit | None:
    """Today's unit from the two columns the dataset keeps of it, the rest (type, province) from
    the 2025 units of the gazetteer by code."""
    if not name:
        return None
    unit = _units_2025().get(code or "")
    if unit is not None and unit["name"] == name:
        province = unit["name"] if unit["level"] == "province" else _units_2025()[unit["province_code"]]["name"]
        return CurrentUnit(level=unit["level"], name=name, type=unit["type"], code=code, province=province)
    return CurrentUnit(level="province" if level in ("country", "province") else "commune", name=name, code=code)


@lru_cache(maxsize=1)
def _units_2025() -> dict[str, dict]:
    from ..nlp.places import get_linker

    return {u["code"]: u for _, u in get_linker().units.of_levels(structure="2025")}
