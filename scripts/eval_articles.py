#!/usr/bin/env python
"""Per-field accuracy and body precision/recall/F1 of ``parse_html`` over the test pages.

Author accuracy counts a missing author as right only when the page has none; an outlet's name
given as the author ("Dân Trí", "NLD.COM.VN") is counted apart, as the commonest author error.

Usage: python scripts/eval_articles.py [PAGES_DIR]   (default: tests/pages next to this script)
"""
from __future__ import annotations

import sys
from pathlib import Path

from extractor.article.evaluate import leftover_boilerplate, line_prf, load_cases, token_prf
from extractor.article.html import is_outlet_name

FIELDS = ("title", "published", "author", "lead")


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "tests" / "pages"
    cases = load_cases(folder)
    if not cases:
        print(f"no test pages in {folder}", file=sys.stderr)
        return 2
    right = {f: 0 for f in FIELDS}
    sums = {"line": [0.0, 0.0, 0.0], "token": [0.0, 0.0, 0.0]}
    leftovers = 0
    outlet_authors = 0
    print(f"{'page':28} {'adapter':10} " + " ".join(f"{f[:6]:>6}" for f in FIELDS) + "  lineF1 tokP   tokR   tokF1  left")
    for case in cases:
        art = case.parse()
        exp = case.expected
        marks = []
        for f in FIELDS:
            ok = getattr(art, f) == exp.get(f)
            right[f] += ok
            marks.append("ok" if ok else "MISS")
        lp = line_prf(art.body, exp["body"])
        tp = token_prf(art.body, exp["body"])
        for i in range(3):
            sums["line"][i] += lp[i]
            sums["token"][i] += tp[i]
        if art.author and art.author != exp.get("author") and is_outlet_name(art.author):
            outlet_authors += 1
        left = leftover_boilerplate(art, exp)
        leftovers += len(left)
        print(f"{case.name:28} {art.adapter:10} " + " ".join(f"{m:>6}" for m in marks)
              + f"  {lp[2]:.3f}  {tp[0]:.3f}  {tp[1]:.3f}  {tp[2]:.3f}  {len(left)}")
    n = len(cases)
    print()
    print(f"pages: {n}")
    for f in FIELDS:
        print(f"{f + ' accuracy':22} {right[f] / n:.3f}  ({right[f]}/{n})")
    for kind in ("line", "token"):
        p, r, f1 = (x / n for x in sums[kind])
        print(f"body {kind + 's':17} P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print(f"{'outlet as author':22} {outlet_authors}")
    print(f"{'boilerplate left':22} {leftovers}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
