#!/usr/bin/env python
"""Dataset build figures: articles/s and peak memory of ``extractor dataset build`` in-process and
with ``--workers N``, over corpora of growing size (a report, not a test).

Usage: python scripts/bench_dataset.py [--sizes 1000,10000] [--workers 2] [--copies 0.2] [--json]

For each size it writes a folder of .txt articles made from the sample corpus
(``corpus/**/*.txt``): new reports (``dataset.variants.new_report``: sentences of many articles,
numbers changed) and, for the ``--copies`` share, edited copies of an earlier one (another
headline, a paragraph cut or moved, boilerplate, NFD). It runs the CLI as a user would, sampling
the resident memory of the main process and of the whole process tree every 20 ms, and checks
that both engines wrote the same tables and how many of the made copies were found (recall) and
how many merges were right (precision). The memory ratio of the largest size to the smallest
tells whether memory stays flat as the corpus grows.

The figures depend on what else runs on the machine: the load average before and after is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import run_measured  # noqa: E402

from extractor.dataset.variants import edited, new_report, sentence_pool  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "facts", "observations", "errors")


def write_corpus(folder: Path, n: int, copy_share: float, seed: int = 1) -> dict[str, str]:
    """``n`` articles as ``folder/partNNNN/NNNNNNN.txt`` (input order = name order); returns the
    made copies, copy id -> the id of the report it copies."""
    rng = random.Random(seed)
    samples = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("corpus/**/*.txt"))
               if "gold" not in p.parts]
    pool = sentence_pool(samples)
    reports: list[tuple[str, str]] = []  # (id, text) of the new reports so far
    truth: dict[str, str] = {}
    for i in range(n):
        doc_id = f"{i:07d}"
        if reports and rng.random() < copy_share:
            origin, text = rng.choice(reports)
            text = edited(text, rng)[0]
            truth[doc_id] = origin
        else:
            text = new_report(pool, rng, rng.randint(4, 7))
            reports.append((doc_id, text))
        sub = folder / f"part{i // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    return truth


def run_build(folder: Path, out: Path, extra: list[str]) -> dict:
    cmd = [sys.executable, "-m", "extractor.cli", "dataset", "build", str(folder), "-o", str(out), "-q", *extra]
    return run_measured(cmd)


def copy_scores(out: Path, truth: dict[str, str]) -> dict:
    """Precision and recall of the copies found against the copies made."""
    found = {c: row["id"] for row in pq.read_table(out / "articles.parquet", columns=["id", "copies"]).to_pylist()
             for c in row["copies"]}
    right = sum(found.get(c) == o for c, o in truth.items())
    return {"made": len(truth), "found": len(found), "right": right,
            "precision": round(right / len(found), 4) if found else None,
            "recall": round(right / len(truth), 4) if truth else None}


def bench_size(n: int, workers: int, copy_share: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench_dataset_") as tmp:
        tmp = Path(tmp)
        truth = write_corpus(tmp / "in", n, copy_share)
        r: dict = {"articles": n, "copies_made": len(truth)}
        r["in_process"] = run_build(tmp / "in", tmp / "serial", [])
        r["parallel"] = run_build(tmp / "in", tmp / "parallel", ["--workers", str(workers)])
        for key in ("in_process", "parallel"):
            r[key]["articles_per_s"] = round(n / r[key]["seconds"], 1)
        r["same_tables"] = all(pq.read_table(tmp / "serial" / f"{t}.parquet").equals(
            pq.read_table(tmp / "parallel" / f"{t}.parquet")) for t in TABLES)
        r["rows"] = {t: pq.ParquetFile(tmp / "serial" / f"{t}.parquet").metadata.num_rows for t in TABLES}
        r["copies"] = copy_scores(tmp / "serial", truth)
    return r


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma separated (default 1000,10000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--copies", type=float, default=0.2, help="share of articles that are edited copies (0.2)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    report: dict = {"cpus": os.cpu_count(), "workers": args.workers, "copy_share": args.copies,
                    "loadavg_before": [round(x, 2) for x in os.getloadavg()],
                    "runs": [bench_size(n, args.workers, args.copies) for n in sizes]}
    report["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    small, large = report["runs"][0], report["runs"][-1]
    report["memory_ratio_largest_to_smallest"] = {
        k: round(large[k]["main_peak_mb"] / small[k]["main_peak_mb"], 3) for k in ("in_process", "parallel")}
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    print(f"bench_dataset — {report['cpus']} CPUs, {args.copies:.0%} edited copies, "
          f"load avg before {report['loadavg_before']}, after {report['loadavg_after']}")
    print(f"  {'articles':>8} {'run':12} {'seconds':>8} {'art/s':>7} {'main MB':>8} {'worker MB':>10} {'all MB':>7}")
    for r in report["runs"]:
        for label, key in (("in-process", "in_process"), (f"--workers {args.workers}", "parallel")):
            x = r[key]
            print(f"  {r['articles']:>8} {label:12} {x['seconds']:>8.2f} {x['articles_per_s']:>7.1f} "
                  f"{x['main_peak_mb']:>8.1f} {x['largest_child_peak_mb']:>10.1f} {x['tree_peak_mb']:>7.1f}")
        c = r["copies"]
        print(f"  {r['articles']:>8} rows {r['rows']}; same tables both engines: {'yes' if r['same_tables'] else 'NO'}; "
              f"copies made {c['made']}, found {c['found']}, precision {c['precision']}, recall {c['recall']}")
    ratio = report["memory_ratio_largest_to_smallest"]
    print(f"  main-process peak memory, {large['articles']} vs {small['articles']} articles: "
          f"in-process {ratio['in_process']}x, --workers {args.workers} {ratio['parallel']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
