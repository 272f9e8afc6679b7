"""Score the extractor on real press excerpts kept outside the repository.

The excerpts are others' sentences, so the repository keeps only their index (id, url, the
search query that found each, the sha256 of its text) and the gold facts (``corpus/real2/``).
The texts live in a local cache, one ``<id>.jsonl`` record ``{"text", "url", "title": null}``
each, rebuilt from the index by searching the stored pages again. This script checks every
cached text against the index's sha256, says which are missing or changed, and scores the rest:

    python scripts/real_eval.py --cache ../real-cache/texts [--index corpus/real2] [-v]

Exit codes: 0 scored, 2 no usable cache.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def check_cache(index: Path, cache: Path) -> tuple[list[str], list[str]]:
    """(ids whose cached text matches the index, problems named one a line)."""
    good, problems = [], []
    with open(index / "index.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = cache / f"{row['id']}.jsonl"
            if not path.is_file():
                problems.append(f"{row['id']}: not in the cache ({row['url']})")
                continue
            record = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
            digest = hashlib.sha256(record["text"].encode("utf-8")).hexdigest()
            if digest != row["sha256"]:
                problems.append(f"{row['id']}: cached text differs from the index (sha256 {digest[:12]}…)")
                continue
            good.append(row["id"])
    return good, problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", required=True, help="folder of cached <id>.jsonl texts")
    ap.add_argument("--index", default=str(ROOT / "corpus" / "real2"),
                    help="folder with index.tsv and gold/ (default: corpus/real2)")
    ap.add_argument("--only", help="score only ids starting with this prefix (a batch)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and spurious facts")
    args = ap.parse_args(argv)
    from extractor.evaluate import evaluate, report

    index, cache = Path(args.index), Path(args.cache)
    good, problems = check_cache(index, cache)
    for p in problems:
        print(p, file=sys.stderr)
    if args.only:
        good = [i for i in good if i.startswith(args.only)]
    if not good:
        print("no cached text matches the index: nothing to score", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir = Path(tmp) / "gold"
        gold_dir.mkdir()
        for i in good:
            shutil.copy(cache / f"{i}.jsonl", Path(tmp) / f"{i}.jsonl")
            shutil.copy(index / "gold" / f"{i}.json", gold_dir / f"{i}.json")
        print(report(evaluate(gold_dir, tmp), verbose=args.verbose))
    print(f"scored {len(good)} of {len(good) + len(problems)} indexed excerpts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
