#!/usr/bin/env python
"""End-to-end speed of two source trees, measured in one run (a report, not a test).

    git worktree add ../base <commit>
    python scripts/bench_compare.py --base ../base/src [--rounds 3] [--articles 400]

Each round runs ``extractor.extract`` over the same articles (the sample corpus repeated) in a
fresh process for the base tree and for this one, alternating, so both see the same load. Prints
chars/s of each and their ratio (this tree / base); the median of the rounds is the figure.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = r"""
import json, sys, time
from pathlib import Path
import extractor
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
n = int(sys.argv[2])
batch = [texts[i % len(texts)] + "\n" * (i // len(texts) % 3) for i in range(n)]
extractor.extract(batch[0])  # load the pipeline before timing
t0 = time.process_time()
chars = 0
for t in batch:
    extractor.extract(t)
    chars += len(t)
print(json.dumps({"chars_per_s": chars / (time.process_time() - t0)}))
"""


def run(src: str, articles: int) -> float:
    env = dict(os.environ, PYTHONPATH=src, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT / "corpus"), str(articles)],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["chars_per_s"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the other tree's src/ folder")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--articles", type=int, default=400)
    args = ap.parse_args(argv)
    base, this = [], []
    for _ in range(args.rounds):
        base.append(run(args.base, args.articles))
        this.append(run(str(ROOT / "src"), args.articles))
    b, t = statistics.median(base), statistics.median(this)
    print(f"base {b:,.0f} chars/s, this tree {t:,.0f} chars/s (CPU time, median of {args.rounds}); "
          f"ratio {t / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
