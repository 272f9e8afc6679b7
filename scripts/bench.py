#!/usr/bin/env python
"""Speed and memory figures for the extractor (a report, not a test).

Usage: python scripts/bench.py [--quick] [--json] [--articles N] [--profile]

What it measures, on one core (one Python thread; BLAS/OpenMP pools are held to one thread):

1. Load times: place data (the gazetteer behind the place linker), the spaCy pipeline, and the
   first call (lazy grammars and lexicons).
2. Tagging throughput in chars/s over the sample corpus (``corpus/*.txt``) plus the seeds
   (``../shared/seeds/*.txt`` next to the repository, when present), each article one call,
   repeated until at least ``--min-time`` seconds of work: the spaCy pipeline without
   ``poverty_facts``, the tokenizer alone, and each recogniser alone on precomputed clean/key.
3. underthesea on the same text (line by line, the unit it expects): ``word_tokenize`` and ``ner``
   (ner on a subset of ``--ner-chars`` chars: it is slow), with the ratios against the pipeline and
   whether the goals of the issue are met (>= 500,000 chars/s, >= 100x underthesea's ner).
4. End-to-end ``extractor.extract`` over ``--articles`` articles made by repeating the corpus,
   each copy varied (own id, own title, own trailing whitespace) so nothing can be served from a
   cache keyed by identity; facts are streamed to a JSONL writer on os.devnull, not kept.
   Articles/s and chars/s come from a plain pass; peak memory from ``ru_maxrss`` (that pass) and
   from a second pass under ``tracemalloc`` (traced memory is slower, so it is not timed),
   read after 500, 1,000 and 2,000 articles to show whether memory grows with the article count.

``--profile`` runs cProfile over the end-to-end run instead and prints the top 25 functions by
cumulative time (timings under a profiler are not throughput figures).
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: keep native thread pools to one thread

import argparse
import cProfile
import gc
import json
import platform
import pstats
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "corpus"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"

GOAL_CHARS_PER_S = 500_000
GOAL_NER_RATIO = 100.0

perf = time.perf_counter


# --------------------------------------------------------------------------- inputs

def read_corpus(seeds: bool = True) -> list[tuple[str, str]]:
    """(name, raw text) of the sample corpus, then the seeds when present."""
    out = []
    dirs = [CORPUS_DIR] + ([SEEDS_DIR] if seeds and SEEDS_DIR.is_dir() else [])
    for d in dirs:
        for p in sorted(d.glob("*.txt")):
            out.append((f"{d.name}/{p.name}", p.read_text(encoding="utf-8")))
    return out


def _variant_tail(k: int) -> str:
    """Whitespace unique to copy ``k``: changes the text's identity, not what it says."""
    return "\n" + format(k, "b").replace("0", " ").replace("1", "\t")


def varied_articles(base: list[tuple[str, str]], n: int) -> Iterator[dict]:
    """``n`` articles cycling over ``base``, each copy with its own id, title and text; built
    one at a time so the input does not itself grow the memory figures."""
    i = 0
    k = 0
    while True:
        for name, raw in base:
            if i >= n:
                return
            first = raw.strip().split("\n", 1)[0].strip()[:180]
            yield {
                "text": raw.rstrip("\n") + _variant_tail(k),
                "title": f"{first} [copy {k}]",
                "id": f"bench-{k}-{Path(name).stem}",
                "path": f"{name}#copy{k}",
            }
            i += 1
        k += 1


# --------------------------------------------------------------------------- measuring

def mb(nbytes: float) -> float:
    return round(nbytes / (1024 * 1024), 2)


def maxrss_bytes() -> int:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r if sys.platform == "darwin" else r * 1024  # Linux reports KiB, macOS bytes


def rss_now_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def throughput(fn: Callable, items: list, chars: int, min_time: float, warm: bool = True) -> dict:
    """Call ``fn`` on every item, pass after pass, until ``min_time`` seconds have gone by."""
    if warm:
        for it in items:
            fn(it)
    passes = 0
    t0 = perf()
    while True:
        for it in items:
            fn(it)
        passes += 1
        elapsed = perf() - t0
        if elapsed >= min_time:
            break
    done = chars * passes
    return {"chars": done, "calls": len(items) * passes, "passes": passes, "seconds": round(elapsed, 4),
            "chars_per_s": round(done / elapsed), "us_per_call": round(elapsed / (len(items) * passes) * 1e6, 1)}


def checkpoints_for(n: int) -> list[int]:
    marks = [m for m in (500, 1000, 2000) if m < n] if n >= 2000 else [max(1, n // 4), max(1, n // 2)]
    return sorted(set(marks + [n]))


# --------------------------------------------------------------------------- sections

def measure_loads() -> dict:
    t0 = perf()
    import extractor  # noqa: F401
    from extractor.nlp import places as places_mod
    import extractor.pipeline  # noqa: F401  (spaCy import)
    t_import = perf() - t0

    t0 = perf()
    places_mod.get_linker()
    t_places = perf() - t0

    t0 = perf()
    from extractor.pipeline import load, run
    nlp = load()
    t_pipe = perf() - t0

    t0 = perf()
    run("Năm 2024, tỉnh Cà Mau còn 4.015 hộ nghèo, chiếm tỷ lệ 1,2%.")
    t_first = perf() - t0
    return {"import_s": round(t_import, 3), "place_data_load_s": round(t_places, 3),
            "pipeline_load_s": round(t_pipe, 3), "first_call_s": round(t_first, 3),
            "components": [name for name, _ in nlp.pipeline]}


def measure_tagging(texts: list, min_time: float) -> dict:
    from extractor.nlp.places import get_linker
    from extractor.nlp.quantities import find_quantities
    from extractor.nlp.times import find_times
    from extractor.pipeline import load
    from extractor.text import Text

    nlp = load()
    procs = [proc for name, proc in nlp.pipeline if name != "poverty_facts"]
    tagged = [name for name, _ in nlp.pipeline if name != "poverty_facts"]
    linker = get_linker()
    chars = sum(len(t.clean) for t in texts)

    def pipeline(t):
        doc = nlp.make_doc(t.clean)
        for proc in procs:
            doc = proc(doc)
        return doc

    stages = {
        "pipeline": (pipeline, texts),
        "tokenizer": (lambda t: nlp.tokenizer(t.clean), texts),
        "quantities": (lambda t: find_quantities(t.key, t.clean), texts),
        "times": (lambda t: find_times(t.key, t.clean), texts),
        "places": (lambda t: linker.find(t.key, t.clean), texts),
        "text_normalisation": (lambda raw: Text.of(raw), [t.clean for t in texts]),
    }
    out = {"articles": len(texts), "chars": chars, "pipeline_components": tagged, "stages": {}}
    for name, (fn, items) in stages.items():
        out["stages"][name] = throughput(fn, items, chars, min_time)
    return out


def measure_underthesea(texts: list, ner_chars: int, min_time: float) -> dict:
    try:
        t0 = perf()
        import underthesea
        underthesea.word_tokenize("Tỉnh Cà Mau còn 4.015 hộ nghèo.")
        underthesea.ner("Tỉnh Cà Mau còn 4.015 hộ nghèo.")
        t_load = perf() - t0
    except Exception as e:  # not installed or no model: the report says so
        return {"error": f"{type(e).__name__}: {e}"}

    lines = [ln.strip() for t in texts for ln in t.clean.split("\n") if ln.strip()]
    chars = sum(map(len, lines))
    wt = throughput(underthesea.word_tokenize, lines, chars, min_time)

    # ner is slow: a subset taken evenly across the corpus (every k-th line) up to ner_chars
    subset: list[str] = []
    step = max(1, round(chars / max(ner_chars, 1)))
    for start in range(step):
        for ln in lines[start::step]:
            if sum(map(len, subset)) >= ner_chars:
                break
            subset.append(ln)
        if sum(map(len, subset)) >= ner_chars:
            break
    sub_chars = sum(map(len, subset))
    ner = throughput(underthesea.ner, subset, sub_chars, 0.0, warm=False)  # one pass
    return {"version": getattr(underthesea, "__version__", None), "load_s": round(t_load, 3),
            "unit": "line", "lines": len(lines), "word_tokenize": wt,
            "ner": {**ner, "subset_lines": len(subset)}}


def _e2e_pass(base, n: int, marks: list[int], traced: bool) -> dict:
    from extractor import extract
    from extractor.io import open_writer

    rows = []
    articles = chars = facts = 0
    per_copy: dict[str, set] = {}  # facts of each base article in every copy: should be one value
    sink = open(os.devnull, "w", encoding="utf-8")
    gc.collect()
    if traced:
        tracemalloc.start()
        base_traced = tracemalloc.get_traced_memory()[0]
    rss0, maxrss0 = rss_now_bytes(), maxrss_bytes()
    paused = 0.0  # time spent measuring memory, not extracting
    with sink, open_writer("jsonl", sink) as writer:
        t0 = perf()
        for a in varied_articles(base, n):
            art = extract(a["text"], title=a["title"], id=a["id"], path=a["path"])
            writer.write(art)
            articles += 1
            chars += len(a["text"])
            facts += len(art.facts)
            per_copy.setdefault(a["path"].split("#", 1)[0], set()).add(len(art.facts))
            if articles in marks:
                t_mark = perf()
                elapsed = t_mark - t0 - paused
                row = {"articles": articles, "seconds": round(elapsed, 3), "facts": facts,
                       "maxrss_mb": mb(maxrss_bytes()), "rss_mb": mb(rss_now_bytes()) if rss0 else None}
                if traced:
                    gc.collect()
                    cur, peak = tracemalloc.get_traced_memory()
                    row.update(traced_current_mb=mb(cur - base_traced), traced_peak_mb=mb(peak - base_traced))
                rows.append(row)
                paused += perf() - t_mark
        elapsed = perf() - t0 - paused
    if traced:
        tracemalloc.stop()
    return {"articles": articles, "chars": chars, "facts": facts, "seconds": round(elapsed, 3),
            "articles_per_s": round(articles / elapsed, 1), "chars_per_s": round(chars / elapsed),
            "start_maxrss_mb": mb(maxrss0), "start_rss_mb": mb(rss0) if rss0 else None,
            "checkpoints": rows,
            "facts_stable_across_copies": all(len(v) == 1 for v in per_copy.values())}


def measure_e2e(base, n: int, traced: bool = True) -> dict:
    marks = checkpoints_for(n)
    timed = _e2e_pass(base, n, marks, traced=False)
    out = {"articles": n, "distinct_base_articles": len(base), "checkpoints_at": marks, "timed": timed}
    if traced:
        out["traced"] = _e2e_pass(base, n, marks, traced=True)
    out["memory_verdict"] = memory_verdict(out)
    return out


def memory_verdict(e2e: dict) -> dict:
    """Growth between the first and last checkpoints; flat = within 2 MB (or 2 % of RSS)."""
    rows = e2e["timed"]["checkpoints"]
    first, last = rows[0], rows[-1]
    rss_growth = round(last["maxrss_mb"] - first["maxrss_mb"], 2)
    verdict = {"from_articles": first["articles"], "to_articles": last["articles"],
               "maxrss_growth_mb": rss_growth,
               "maxrss_flat": rss_growth <= max(2.0, 0.02 * last["maxrss_mb"])}
    if "traced" in e2e:
        tr = e2e["traced"]["checkpoints"]
        verdict["traced_current_growth_mb"] = round(tr[-1]["traced_current_mb"] - tr[0]["traced_current_mb"], 2)
        verdict["traced_peak_growth_mb"] = round(tr[-1]["traced_peak_mb"] - tr[0]["traced_peak_mb"], 2)
        verdict["traced_flat"] = verdict["traced_current_growth_mb"] <= 2.0 and verdict["traced_peak_growth_mb"] <= 2.0
    return verdict


def run_profile(base, n: int, top: int = 25) -> list[dict]:
    from extractor import extract
    from extractor.io import open_writer

    prof = cProfile.Profile()
    with open(os.devnull, "w", encoding="utf-8") as sink, open_writer("jsonl", sink) as writer:
        prof.enable()
        for a in varied_articles(base, n):
            writer.write(extract(a["text"], title=a["title"], id=a["id"], path=a["path"]))
        prof.disable()
    st = pstats.Stats(prof)
    rows = []
    for (fname, line, func), (cc, nc, tt, ct, _callers) in st.stats.items():
        rows.append({"function": func, "where": f"{_short(fname)}:{line}", "ncalls": nc,
                     "primitive_calls": cc, "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})
    rows.sort(key=lambda r: -r["cumtime_s"])
    return rows[:top], round(st.total_tt, 3)


def _short(fname: str) -> str:
    for marker in ("site-packages/", "/src/", "lib/python"):
        i = fname.rfind(marker)
        if i >= 0:
            return fname[i + len(marker):] if marker != "lib/python" else "stdlib:" + fname.rsplit("/", 1)[-1]
    return fname


# --------------------------------------------------------------------------- report

def ratios_and_goals(report: dict) -> None:
    tag = report.get("tagging")
    ut = report.get("underthesea")
    if not tag:
        return
    pipe = tag["stages"]["pipeline"]["chars_per_s"]
    goals = {"pipeline_chars_per_s": pipe, "goal_chars_per_s": GOAL_CHARS_PER_S,
             "chars_per_s_met": pipe >= GOAL_CHARS_PER_S}
    if ut and "error" not in ut:
        goals["pipeline_over_ner"] = round(pipe / ut["ner"]["chars_per_s"], 1)
        goals["pipeline_over_word_tokenize"] = round(pipe / ut["word_tokenize"]["chars_per_s"], 2)
        goals["goal_ner_ratio"] = GOAL_NER_RATIO
        goals["ner_ratio_met"] = goals["pipeline_over_ner"] >= GOAL_NER_RATIO
    report["goals"] = goals


def _fmt(x: float) -> str:
    return f"{x:,.0f}"


def print_report(r: dict) -> None:
    env = r["environment"]
    print(f"extractor bench — Python {env['python']} on {env['machine']}, {env['cpus']} CPUs, "
          f"load avg {env['loadavg']}, one thread")
    print(f"inputs: {r['inputs']['articles']} articles, {_fmt(r['inputs']['chars'])} chars "
          f"(corpus {r['inputs']['corpus']}, seeds {r['inputs']['seeds']})")
    ld = r["load"]
    print("\n== Load")
    print(f"  imports (extractor, spaCy)   {ld['import_s']:8.3f} s")
    print(f"  place data (gazetteer)       {ld['place_data_load_s']:8.3f} s")
    print(f"  pipeline (excl. place data)  {ld['pipeline_load_s']:8.3f} s   {' + '.join(ld['components'])}")
    print(f"  first call (lazy grammars)   {ld['first_call_s']:8.3f} s")

    if "tagging" in r:
        tag = r["tagging"]
        print(f"\n== Tagging throughput, one core ({tag['articles']} articles, {_fmt(tag['chars'])} chars a pass, "
              f"each timed >= {r['options']['min_time']} s)")
        print(f"  {'stage':50} {'chars/s':>12} {'µs/article':>11} {'passes':>7}")
        labels = {"pipeline": "pipeline (" + " + ".join(tag["pipeline_components"]) + ")",
                  "tokenizer": "  tokenizer alone (incl. fold)",
                  "quantities": "  quantities alone", "times": "  times alone", "places": "  places alone",
                  "text_normalisation": "  Text.of (clean + key; not in pipeline)"}
        for name, s in tag["stages"].items():
            print(f"  {labels[name][:60]:50} {_fmt(s['chars_per_s']):>12} {s['us_per_call']:>11.1f} {s['passes']:>7}")
        parts = sum(1 / tag["stages"][k]["chars_per_s"] for k in ("tokenizer", "quantities", "times", "places"))
        print(f"  (tokenizer + recognisers run apart: {_fmt(1 / parts)} chars/s; the rest of the pipeline's "
              f"time is spaCy's Doc/span bookkeeping)")

    if "underthesea" in r:
        ut = r["underthesea"]
        print("\n== underthesea, same text, line by line")
        if "error" in ut:
            print(f"  not measured: {ut['error']}")
        else:
            print(f"  version {ut['version']}, load {ut['load_s']:.3f} s, {ut['lines']} lines")
            print(f"  word_tokenize   {_fmt(ut['word_tokenize']['chars_per_s']):>12} chars/s "
                  f"({_fmt(ut['word_tokenize']['chars'])} chars in {ut['word_tokenize']['seconds']} s)")
            print(f"  ner             {_fmt(ut['ner']['chars_per_s']):>12} chars/s "
                  f"(subset of {ut['ner']['subset_lines']} lines, {_fmt(ut['ner']['chars'])} chars in {ut['ner']['seconds']} s)")

    if "goals" in r:
        g = r["goals"]
        print("\n== Goals (issue): >= 500,000 chars/s per core and >= 100x underthesea ner")
        print(f"  pipeline {_fmt(g['pipeline_chars_per_s'])} chars/s vs {_fmt(g['goal_chars_per_s'])}: "
              f"{'MET' if g['chars_per_s_met'] else 'NOT MET'}")
        if "pipeline_over_ner" in g:
            print(f"  pipeline / ner = {g['pipeline_over_ner']:.1f}x vs {g['goal_ner_ratio']:.0f}x: "
                  f"{'MET' if g['ner_ratio_met'] else 'NOT MET'}")
            print(f"  pipeline / word_tokenize = {g['pipeline_over_word_tokenize']:.2f}x")

    if "e2e" in r:
        e = r["e2e"]
        t = e["timed"]
        print(f"\n== End-to-end extract(), one core ({e['articles']} articles from {e['distinct_base_articles']} "
              f"distinct, each copy varied; facts streamed as JSONL to {os.devnull})")
        print(f"  {t['articles_per_s']:.1f} articles/s, {_fmt(t['chars_per_s'])} chars/s "
              f"({_fmt(t['chars'])} chars, {t['facts']} facts in {t['seconds']} s); "
              f"facts per article identical in every copy: {'yes' if t['facts_stable_across_copies'] else 'NO'}")
        print(f"  memory before the run: ru_maxrss {t['start_maxrss_mb']} MB, RSS {t['start_rss_mb']} MB")
        traced = {row["articles"]: row for row in e.get("traced", {}).get("checkpoints", [])}
        print(f"  {'articles':>8} {'seconds':>8} {'ru_maxrss MB':>13} {'RSS MB':>8} {'traced now MB':>14} {'traced peak MB':>15}")
        for row in t["checkpoints"]:
            tr = traced.get(row["articles"], {})
            print(f"  {row['articles']:>8} {row['seconds']:>8.2f} {row['maxrss_mb']:>13.1f} "
                  f"{(row['rss_mb'] or 0):>8.1f} {tr.get('traced_current_mb', float('nan')):>14.2f} "
                  f"{tr.get('traced_peak_mb', float('nan')):>15.2f}")
        v = e["memory_verdict"]
        line = (f"  growth {v['from_articles']} -> {v['to_articles']} articles: ru_maxrss {v['maxrss_growth_mb']:+.1f} MB "
                f"({'flat' if v['maxrss_flat'] else 'GROWS'})")
        if "traced_flat" in v:
            line += (f"; traced now {v['traced_current_growth_mb']:+.2f} MB, traced peak "
                     f"{v['traced_peak_growth_mb']:+.2f} MB ({'flat' if v['traced_flat'] else 'GROWS'})")
        print(line)
        if traced:
            print("  (traced figures: Python allocations since the run began, from a second, untimed pass "
                  "under tracemalloc)")

    if "profile" in r:
        p = r["profile"]
        print(f"\n== cProfile, end-to-end over {p['articles']} articles (total {p['total_s']} s under the profiler), "
              f"top {len(p['top'])} by cumulative time")
        print(f"  {'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
        for row in p["top"]:
            print(f"  {row['ncalls']:>9} {row['tottime_s']:>8.3f} {row['cumtime_s']:>8.3f}  "
                  f"{row['function']}  ({row['where']})")


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=None, help="end-to-end articles (default 2000; 200 with --quick)")
    ap.add_argument("--quick", action="store_true", help="smaller numbers, for a smoke run")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--profile", action="store_true",
                    help="cProfile the end-to-end run and print the top 25 functions by cumulative time")
    ap.add_argument("--min-time", type=float, default=None, help="seconds of work per timed stage (default 2; 0.3 with --quick)")
    ap.add_argument("--ner-chars", type=int, default=None, help="chars given to underthesea.ner (default 20000; 3000 with --quick)")
    ap.add_argument("--no-seeds", action="store_true", help="the sample corpus only")
    ap.add_argument("--no-underthesea", action="store_true", help="skip underthesea")
    ap.add_argument("--no-tracemalloc", action="store_true", help="skip the traced end-to-end pass")
    args = ap.parse_args(argv)
    n = args.articles if args.articles is not None else (200 if args.quick else 2000)
    min_time = args.min_time if args.min_time is not None else (0.3 if args.quick else 2.0)
    ner_chars = args.ner_chars if args.ner_chars is not None else (3000 if args.quick else 20000)
    if n < 1:
        ap.error("--articles must be at least 1")

    base = read_corpus(seeds=not args.no_seeds)
    if not base:
        print(f"no articles in {CORPUS_DIR}", file=sys.stderr)
        return 2
    report: dict = {
        "environment": {"python": platform.python_version(), "machine": platform.machine(),
                        "cpus": os.cpu_count(),
                        "loadavg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None},
        "options": {"articles": n, "quick": args.quick, "min_time": min_time, "ner_chars": ner_chars},
    }
    report["load"] = measure_loads()

    from extractor import extract
    from extractor.text import Text
    texts = [Text.of(raw) for _, raw in base]
    report["inputs"] = {"articles": len(base), "chars": sum(len(t.clean) for t in texts),
                        "corpus": sum(1 for name, _ in base if not name.startswith(SEEDS_DIR.name + "/")),
                        "seeds": sum(1 for name, _ in base if name.startswith(SEEDS_DIR.name + "/"))}
    for _, raw in base:  # warm-up: every code path the corpus reaches
        extract(raw)

    if args.profile:
        top, total = run_profile(base, n)
        report["profile"] = {"articles": n, "total_s": total, "top": top}
    else:
        # end-to-end first, so ru_maxrss is not raised by underthesea's models before it is read
        report["e2e"] = measure_e2e(base, n, traced=not args.no_tracemalloc)
        report["tagging"] = measure_tagging(texts, min_time)
        if not args.no_underthesea:
            report["underthesea"] = measure_underthesea(texts, ner_chars, min_time)
        ratios_and_goals(report)
        # print in the order of the questions: loads, tagging, underthesea, goals, end-to-end
        report = {k: report[k] for k in ("environment", "options", "inputs", "load", "tagging", "underthesea",
                                         "goals", "e2e") if k in report}

    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
