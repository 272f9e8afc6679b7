#!/usr/bin/env python
"""How big the review page of ``extractor report`` is and how fast it opens (a report, not a test).

Usage: python scripts/bench_report.py [--articles N] [--runs R] [--json] [--keep FILE]

Extracts every distinct article of the sample corpus (and the seeds when present) once, then
makes N articles of them as ``scripts/bench.py`` varies them (own id, title and trailing
whitespace; the facts are the same, so extracting each copy again would only cost time). Then:

- writes the page (``render_report``) and prints its size, the size of the same data as plain
  JSON, and the Python time;
- opens it R times in headless Chromium (Debian's, through playwright, offline), each in a new
  tab, and prints the time from ``goto`` until the page says it is ready (data unpacked,
  filters, summary and the first page of rows drawn) and the page's own figure for the same
  (``performance.now()`` at ready, from the navigation's start);
- in the last tab, the time to open an article at a fact, to search, to draw the charts.

The bound of the issue is 3 s to open at 5,000 articles; the ratio open / 3 s is printed.
The figures depend on what else runs on the machine: the load average is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import mb, read_corpus, varied_articles  # noqa: E402

BOUND_S = 3.0


def articles_for(n: int) -> list:
    from extractor import extract

    base = read_corpus(seeds=True)
    extracted = {name: extract(raw, id=name) for name, raw in base}
    out = []
    for item in varied_articles(base, n):
        name = item["path"].split("#", 1)[0]
        a = extracted[name]
        out.append(a.model_copy(update={"id": item["id"], "title": item["title"], "path": item["path"],
                                        "text": a.text + item["text"][len(item["text"].rstrip()):]}))
    return out


def open_times(path: Path, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    from extractor.fetch.render import find_chromium

    args = ["--no-sandbox", "--disable-gpu", "--proxy-server=http://127.0.0.1:9",
            "--host-resolver-rules=MAP * ~NOTFOUND"]
    wall, inner, phases = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=args)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            page.wait_for_selector("body[data-ready='1']", timeout=120_000)
            wall.append(time.perf_counter() - started)
            inner.append(page.evaluate("window.reportReadyMs") / 1000)
            phases.append(page.evaluate("window.reportPhasesMs"))
            if len(wall) < runs:
                page.close()
        timed = {}
        started = time.perf_counter()
        page.click("#facts tbody tr[data-f] td.value")
        page.wait_for_selector("#article mark.current")
        timed["open_article_s"] = time.perf_counter() - started
        started = time.perf_counter()
        page.fill("#f-q", "ty le ho ngheo")
        page.wait_for_function("() => !document.querySelector('#f-count').textContent.startsWith("
                               "document.querySelector('#f-count').textContent.split(' of ')[1].split(' ')[0] + ' of')")
        timed["search_s"] = time.perf_counter() - started  # includes the 200 ms typing pause
        page.fill("#f-q", "")
        started = time.perf_counter()
        page.click("#tab-charts")
        page.wait_for_selector("svg[data-metric=poverty_rate]")
        timed["charts_s"] = time.perf_counter() - started
        version = browser.version
        browser.close()
    return {"chromium": version, "open_wall_s": [round(x, 3) for x in wall],
            "open_in_page_s": [round(x, 3) for x in inner],
            "phases_ms": phases, "open_wall_median_s": round(statistics.median(wall), 3),
            **{k: round(v, 3) for k, v in timed.items()}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--keep", metavar="FILE", help="keep the page here")
    args = ap.parse_args()

    from extractor.report import render_report, report_data

    load_before = os.getloadavg()
    arts = articles_for(args.articles)
    started = time.perf_counter()
    page = render_report(arts)
    render_s = time.perf_counter() - started
    plain = len(json.dumps(report_data(arts), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    size = len(page.encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep or Path(tmp) / "report.html").resolve()
        path.write_text(page, encoding="utf-8")
        opened = open_times(path, args.runs)
    figures = {
        "articles": len(arts), "facts": sum(len(a.facts) for a in arts),
        "text_mb": mb(sum(len(a.text.encode("utf-8")) for a in arts)),
        "page_mb": mb(size), "plain_json_mb": mb(plain), "page_to_json": round(size / plain, 3),
        "render_s": round(render_s, 2), **opened,
        "open_to_bound": round(opened["open_wall_median_s"] / BOUND_S, 3),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for k, v in figures.items():
            print(f"{k:>20}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
