#!/usr/bin/env python
"""Parallel extraction figures: the in-process CLI against ``--workers N`` (a report, not a test).

Usage: python scripts/bench_batch.py [--articles N] [--workers N] [--seeds] [--json]

Writes N articles into a temporary folder (the sample corpus, ``corpus/*.txt``, copied over and
over, each copy varied as ``scripts/bench.py`` varies it: own name, own trailing whitespace) and
runs ``extractor extract DIR -o OUT`` as a user would, once in-process and once with
``--workers N``, each over one article first (the start-up cost: imports, cluster, pipeline
loads) and then over all N. For each run it prints the wall time, articles/s (overall, and after
start-up: (N - 1) / (time over N - time over one)), and the peak resident memory of the main
process, of the largest worker, and of the whole process tree at once, sampled every 20 ms with
psutil. It checks that both runs wrote the same bytes.

The figures depend on what else runs on the machine: the load average before and after is printed,
and so is the machine's own ceiling: the articles split over as many independent in-process runs
as workers, started together, against one of them alone (no parallel run can beat it).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil  # installed with distributed

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import mb, read_corpus, varied_articles  # noqa: E402  (the same varied copies)


def write_articles(folder: Path, n: int, seeds: bool) -> int:
    """``n`` varied copies of the corpus as .txt files, 500 to a subfolder; returns the bytes."""
    total = 0
    for i, a in enumerate(varied_articles(read_corpus(seeds=seeds), n)):
        sub = folder / f"part{i // 500:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        data = a["text"].encode("utf-8")
        (sub / f"{a['id']}.txt").write_bytes(data)
        total += len(data)
    return total


class PeakMemory:
    """Peak RSS of a process, of its largest descendant and of the whole tree, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.02):
        self.root = psutil.Process(pid)
        self.main = self.child = self.tree = 0
        self.children = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._thread.start()

    def _sample(self, every: float) -> None:
        while not self._stop.is_set():
            try:
                main = self.root.memory_info().rss
                kids = []
                for p in self.root.children(recursive=True):
                    try:
                        kids.append(p.memory_info().rss)
                    except psutil.Error:
                        pass  # a process that just ended
            except psutil.Error:
                return
            self.main = max(self.main, main)
            self.child = max([self.child, *kids])
            self.tree = max(self.tree, main + sum(kids))
            self.children = max(self.children, len(kids))
            self._stop.wait(every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_cli(inputs: str, out: Path, extra: list[str]) -> dict:
    return run_measured([sys.executable, "-m", "extractor.cli", "extract", inputs, "-o", str(out), *extra])


def run_measured(cmd: list[str]) -> dict:
    """Run one command; its time and the peak memory of it and its children."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = PeakMemory(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    peak.stop()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode('utf-8', 'replace')}")
    return {"seconds": round(seconds, 2), "main_peak_mb": mb(peak.main), "largest_child_peak_mb": mb(peak.child),
            "tree_peak_mb": mb(peak.tree), "child_processes": peak.children}


def measure(folder: Path, one: Path, n: int, out: Path, extra: list[str]) -> dict:
    start = run_cli(str(one), out.with_suffix(".one"), extra)
    full = run_cli(str(folder), out, extra)
    steady = full["seconds"] - start["seconds"]
    return {"startup": start, "run": full, "articles_per_s": round(n / full["seconds"], 1),
            "articles_per_s_after_startup": round((n - 1) / steady, 1) if steady > 0 else None}


def ceiling(folder: Path, out: Path, workers: int) -> dict:
    """What the machine itself allows: the folder's parts split over ``workers`` in-process runs
    started together, against one such run alone. Independent processes share nothing, so their
    speed-up (``workers`` × alone / together) is the most any parallel run can reach here."""
    parts = sorted(p for p in folder.iterdir() if p.is_dir())
    shares = [parts[i::workers] for i in range(workers)]
    if any(not share for share in shares):
        return {}
    cmds = [[sys.executable, "-m", "extractor.cli", "extract", *map(str, share), "-o", str(out.with_suffix(f".c{i}"))]
            for i, share in enumerate(shares)]
    alone = run_measured(cmds[0])["seconds"]
    t0 = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for cmd in cmds]
    codes = [p.wait() for p in procs]
    together = time.perf_counter() - t0
    if any(codes):
        raise SystemExit(f"a run of the ceiling exited {codes}")
    return {"alone_seconds": round(alone, 2), "together_seconds": round(together, 2),
            "speedup": round(workers * alone / together, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=3000, help="articles in the folder (default 3000)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the parallel run (default 2)")
    ap.add_argument("--seeds", action="store_true", help="also copy ../shared/seeds/*.txt when present")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    if args.articles < 2 or args.workers < 2:
        ap.error("--articles and --workers must be at least 2")

    report: dict = {"cpus": os.cpu_count(), "articles": args.articles, "workers": args.workers,
                    "loadavg_before": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        tmp = Path(tmp)
        report["bytes"] = write_articles(tmp / "in", args.articles, args.seeds)
        one = next((tmp / "in").rglob("*.txt"))
        report["in_process"] = measure(tmp / "in", one, args.articles, tmp / "serial.jsonl", [])
        report["parallel"] = measure(tmp / "in", one, args.articles, tmp / "parallel.jsonl",
                                     ["--workers", str(args.workers)])
        report["same_output"] = (tmp / "serial.jsonl").read_bytes() == (tmp / "parallel.jsonl").read_bytes()
        report["ceiling"] = ceiling(tmp / "in", tmp / "ceiling.jsonl", args.workers)
        report["facts"] = sum(1 for _ in open(tmp / "serial.jsonl", "rb"))
    report["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]

    if args.json:
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0
    print(f"bench_batch — {report['articles']} articles ({report['bytes'] / 1e6:.1f} MB, {report['facts']} facts), "
          f"{report['cpus']} CPUs, load avg before {report['loadavg_before']}, after {report['loadavg_after']}")
    print(f"  {'run':24} {'seconds':>8} {'art/s':>7} {'art/s after start':>18} {'start s':>8} "
          f"{'main MB':>8} {'worker MB':>10} {'all MB':>7}")
    for label, key in (("in-process", "in_process"), (f"--workers {args.workers}", "parallel")):
        r, run = report[key], report[key]["run"]
        steady = r["articles_per_s_after_startup"]
        print(f"  {label:24} {run['seconds']:>8.2f} {r['articles_per_s']:>7.1f} "
              f"{steady if steady is not None else float('nan'):>18.1f} {r['startup']['seconds']:>8.2f} "
              f"{run['main_peak_mb']:>8.1f} {run['largest_child_peak_mb']:>10.1f} {run['tree_peak_mb']:>7.1f}")
    print(f"  same output bytes: {'yes' if report['same_output'] else 'NO'}")
    r, c = report["in_process"]["articles_per_s_after_startup"], report["ceiling"]
    if r and report["parallel"]["articles_per_s_after_startup"]:
        print(f"  --workers {args.workers} after start-up: {report['parallel']['articles_per_s_after_startup'] / r:.2f}x "
              f"the in-process run")
    if c:
        print(f"  the machine's ceiling: {args.workers} independent in-process runs of 1/{args.workers} each at once "
              f"took {c['together_seconds']:.2f} s against {c['alone_seconds']:.2f} s for one alone: {c['speedup']:.2f}x")
    print("  (worker MB: the largest child process; all MB: the peak of the whole process tree at one time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
