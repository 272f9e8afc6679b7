"""Rebuild the local cache of real press excerpts that ``real_eval.py`` scores.

The texts of ``corpus/real2`` are not in the repository; each row of its ``index.tsv`` names the
page, the query that found it in the search tool's stored pages and the sha256 of the excerpt. A
new machine starts with no cache, so the texts are found again by running the same queries:

    python scripts/real_cache.py todo --cache DIR [--rows 0:200]   # what is missing, by query
    python scripts/real_cache.py put --cache DIR < results.jsonl   # write what matches the index

``put`` reads JSON lines ``{"url": ..., "excerpt": ...}``, each a search result copied as it came,
and writes ``DIR/<id>.jsonl`` (``{"text", "url", "title": null}``) for every index row of that URL
whose sha256 the excerpt matches; a result that matches no row is named, never written. Results
found by one row's query often belong to another row: ``put`` files them by URL, whoever asked.

Exit codes: 0 done (``put``: every line matched a row), 1 some line matched nothing, 2 bad usage.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def read_index(index: Path) -> list[dict]:
    with open(index / "index.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def missing(rows: list[dict], cache: Path) -> dict[str, list[dict]]:
    """The rows with no text in the cache, grouped by the query that found them (in index order)."""
    out: dict[str, list[dict]] = {}
    for r in rows:
        if not (cache / f"{r['id']}.jsonl").is_file():
            out.setdefault(r["query"], []).append(r)
    return out


def put(rows: list[dict], cache: Path, lines) -> tuple[list[str], list[str]]:
    """Write each excerpt whose sha256 is an index row's of its URL: (ids written, problems)."""
    by_url: dict[str, list[dict]] = {}
    for r in rows:
        by_url.setdefault(r["url"], []).append(r)
    written, problems = [], []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            url, text = rec["url"], rec["excerpt"]
        except (ValueError, KeyError, TypeError) as e:
            problems.append(f"line {n}: not a JSON object with url and excerpt ({e})")
            continue
        rows_of_url = by_url.get(url)
        if not rows_of_url:
            problems.append(f"line {n}: {url} is in no row of the index")
            continue
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        hits = [r for r in rows_of_url if r["sha256"] == digest]
        if not hits:
            wanted = ", ".join(f"{r['id']} has {r['chars']}" for r in rows_of_url)
            problems.append(f"line {n}: {url}: {len(text)} characters match no row ({wanted})")
            continue
        for r in hits:
            record = {"text": text, "url": url, "title": None}
            (cache / f"{r['id']}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(r["id"])
    return written, problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=("todo", "put"))
    ap.add_argument("--cache", required=True, help="folder of cached <id>.jsonl texts (made if missing)")
    ap.add_argument("--index", default=str(ROOT / "corpus" / "real2"), help="folder with index.tsv")
    ap.add_argument("--rows", help="todo: only index rows START:END (0-based, end excluded)")
    args = ap.parse_args(argv)
    index, cache = Path(args.index), Path(args.cache)
    if not (index / "index.tsv").is_file():
        print(f"real_cache: no index.tsv in {index}", file=sys.stderr)
        return 2
    cache.mkdir(parents=True, exist_ok=True)
    rows = read_index(index)
    if args.command == "todo":
        if args.rows:
            try:
                a, b = (int(x) if x else None for x in args.rows.split(":"))
            except ValueError:
                print(f"real_cache: --rows takes START:END, not {args.rows!r}", file=sys.stderr)
                return 2
            rows = rows[a:b]
        todo = missing(rows, cache)
        for query, rs in todo.items():
            print(f"QUERY: {query}")
            for r in rs:
                print(f"   {r['id']}  {r['chars']} chars  {r['url']}")
        print(f"{sum(map(len, todo.values()))} of {len(rows)} rows missing, {len(todo)} queries")
        return 0
    written, problems = put(rows, cache, sys.stdin)
    for i in written:
        print(f"OK {i}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
