#!/usr/bin/env python
"""Time and memory of one huge HTML page through ``extract`` (a report, not a test).

Usage: python scripts/bench_big_page.py [--elements N ...] [--profile N]

The page is a short news article followed by a listing of N small elements (``<li><a>`` items
in lists of 100, as a site's archive page or a spam dump would have), made here. Each size runs
in a fresh process, the size cap lifted (``--max-size 0`` does the same on the command line), so
that its peak resident memory (``ru_maxrss``) is its own. The figures printed per size: bytes,
seconds, peak MB, and seconds per 100,000 elements, whose flatness across sizes says the HTML
path is linear. Then the default size cap (``DEFAULT_MAX_BYTES``) against the biggest page: a
page over it is named and skipped before it is read.

``--profile N`` runs cProfile over the page of N elements instead and prints the top functions.
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import extractor

ARTICLE = ("<!doctype html><html><head><meta charset='utf-8'><title>Mèo Vạc giảm nghèo</title>"
           "<meta property='article:published_time' content='2024-03-02T08:00:00+07:00'></head><body>"
           "<nav><a href='/'>Trang chủ</a></nav><article><h1>Mèo Vạc giảm nghèo</h1>"
           "<p>Năm 2023, tỷ lệ hộ nghèo của huyện Mèo Vạc giảm 6,12%, còn 38,5%.</p>"
           "<p>Huyện đã giải ngân 120,4 tỷ đồng vốn Chương trình, hỗ trợ làm nhà ở cho 356 hộ nghèo.</p>"
           "</article><div class='archive'>")


def page(elements: int) -> bytes:
    """The article, then ``elements`` elements: lists of 100 items of two elements each."""
    parts = [ARTICLE]
    items = elements // 2
    for start in range(0, items, 100):
        parts.append("<ul>" + "".join(f"<li><a href='/t/{i}'>m{i}</a></li>"
                                      for i in range(start, min(items, start + 100))) + "</ul>")
    parts.append("</div></body></html>")
    return "".join(parts).encode("utf-8")


def run_one(path: str) -> dict:
    """In this (fresh) process: extract the page once, the way `extractor extract` does."""
    from extractor.batch import extract_one
    from extractor.io import iter_inputs

    extractor.extract(ARTICLE + "</div></body></html>", html=True)  # load the pipeline first: not timed
    started = time.perf_counter()
    [doc] = iter_inputs([path], max_bytes=None)
    article = extract_one(doc)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "facts": len(getattr(article, "facts", [])), "chars": len(getattr(article, "text", "")),
            "failure": getattr(article, "reason", None)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--elements", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    ap.add_argument("--profile", type=int, metavar="N")
    ap.add_argument("--sort", default="cumulative", help="with --profile: cumulative or tottime")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # the child process: a page's path
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.profile:
            path = Path(tmp) / "page.html"
            path.write_bytes(page(args.profile))
            cProfile.runctx("run_one(str(path))", globals(), {"path": path, "run_one": run_one}, str(path) + ".prof")
            sort = args.sort
            pstats.Stats(str(path) + ".prof").sort_stats(sort).print_stats(30)
            return 0
        print(f"{'elements':>10} {'bytes':>12} {'seconds':>8} {'peak MB':>8} {'s/100k el':>9} facts chars")
        biggest = 0
        for n in args.elements:
            path = Path(tmp) / f"page-{n}.html"
            path.write_bytes(page(n))
            biggest = max(biggest, path.stat().st_size)
            out = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True)
            if out.returncode:
                print(out.stderr, file=sys.stderr)
                return 1
            r = json.loads(out.stdout)
            print(f"{n:>10,} {path.stat().st_size:>12,} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f} "
                  f"{r['seconds'] / n * 100_000:>9.3f} {r['facts']:>5} {r['chars']:>5}"
                  + (f"  failed: {r['failure']}" if r["failure"] else ""))
        from extractor.io import DEFAULT_MAX_BYTES
        verdict = "skipped, named" if biggest > DEFAULT_MAX_BYTES else "read"
        print(f"default size cap: {DEFAULT_MAX_BYTES:,} bytes ({DEFAULT_MAX_BYTES // 2**20} MiB); "
              f"the biggest page ({biggest:,} bytes) is {verdict} without --max-size 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
