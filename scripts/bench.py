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

5. The command line as a user runs it (``--no-cli`` skips it), over a folder of varied copies
   written as files: ``extractor extract DIR -o facts.jsonl`` pinned to one core, against a naive
   regex pass written here (every number and the cue word nearest to it, nothing more, as a
   script reading the same files on the same core) and against underthesea's ``ner`` (section
   3); the cold start of ``extractor extract one.txt`` and of ``extractor --help`` (median of
   several runs, with Python's bytecode and the gazetteer's indexes written as an installed
   package has them; the first run, with neither, apart); the peak memory of a run; memory over 1,000 against 10,000 articles; and
   ``--workers 2`` against one process, on both cores. Each figure is set against the issue's
   goals.

``--profile`` runs cProfile over ``extractor extract DIR`` in this process instead and prints
the share of each stage and the top 25 functions by cumulative time (timings under a profiler
are not throughput figures).
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
import statistics
import subprocess
import sys
import tempfile
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


def _short(fname: str) -> str:
    for marker in ("site-packages/", "/src/", "lib/python"):
        i = fname.rfind(marker)
        if i >= 0:
            return fname[i + len(marker):] if marker != "lib/python" else "stdlib:" + fname.rsplit("/", 1)[-1]
    return fname


# --------------------------------------------------------------------------- the command line

GOALS = {"over_naive": 2.0, "over_ner": 200.0, "cold_start_s": 0.4, "help_s": 0.2, "peak_mb": 80.0,
         "workers_speedup": 1.7}

# The naive baseline: what a user writes in an afternoon. Every number, and the cue word nearest to
# it within 60 characters either side; one JSON line per number. argv: output file, folders.
NAIVE_SCRIPT = r"""
import json, re, sys, unicodedata
from pathlib import Path
CUES = ["tỷ lệ hộ nghèo", "hộ nghèo", "hộ cận nghèo", "cận nghèo", "thoát nghèo", "tái nghèo", "nghèo đa chiều",
        "giải ngân", "vốn", "ngân sách", "tỷ đồng", "triệu đồng", "thu nhập", "bình quân", "giảm", "tăng",
        "dự án", "công trình", "mô hình", "người", "lao động", "học sinh", "nhà ở", "thẻ bảo hiểm y tế", "hộ"]
CUE = re.compile("|".join(re.escape(c) for c in sorted(CUES, key=len, reverse=True)))
NUMBER = re.compile(r"\d+(?:[.,]\d+)*\s*%?")
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for path in sorted(p for folder in sys.argv[2:] for p in Path(folder).rglob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).lower()
        for m in NUMBER.finditer(text):
            lo = max(0, m.start() - 60)
            near = min(CUE.finditer(text, lo, m.end() + 60), default=None,
                       key=lambda c: abs(c.start() - m.start()))
            out.write(json.dumps({"file": path.name, "start": m.start(), "number": m.group(),
                                  "cue": near.group() if near else None}, ensure_ascii=False) + "\n")
"""


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "extractor.cli", *args]


def _one_core():
    """Run the child on one CPU (the last this process may use), where the OS allows it."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    return lambda: os.sched_setaffinity(0, {cpu})


def _env(changes: dict | None) -> dict | None:
    """The environment with ``changes`` applied (a value of None removes the variable)."""
    if not changes:
        return None
    env = {**os.environ, **{k: v for k, v in changes.items() if v is not None}}
    for k, v in changes.items():
        if v is None:
            env.pop(k, None)
    return env


def timed_run(cmd: list[str], pin: bool = False, env: dict | None = None) -> dict:
    """Wall and CPU seconds of one command and its peak memory (bench_batch's sampler)."""
    from bench_batch import PeakMemory

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = perf()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=_one_core() if pin else None,
                            env=_env(env))
    peak = PeakMemory(proc.pid, every=0.01)
    _, err = proc.communicate()
    seconds = perf() - t0
    peak.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err.decode('utf-8', 'replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": round(seconds, 3), "cpu_s": round(cpu, 3), "peak_mb": mb(peak.main),
            "tree_peak_mb": mb(peak.tree)}


def median_run(cmd: list[str], runs: int, env: dict | None = None) -> dict:
    rows = [timed_run(cmd, env=env) for _ in range(runs)]
    return {"runs": runs, "median_s": round(statistics.median(r["seconds"] for r in rows), 3),
            "min_s": min(r["seconds"] for r in rows), "peak_mb": max(r["peak_mb"] for r in rows)}


def measure_cli(n: int, small: int, large: int, runs: int, seeds: bool, ner_chars_per_s: float | None) -> dict:
    """Section 5: the command line over files, against the naive pass, cold start, memory, workers."""
    from bench_batch import write_articles

    out: dict = {"articles": n}
    with tempfile.TemporaryDirectory(prefix="bench_cli_") as tmp:
        tmp = Path(tmp)
        folder = tmp / "in"  # write_articles puts 500 articles in each subfolder, in order
        out["bytes"] = write_articles(folder, max(n, large), seeds)
        parts = sorted(folder.iterdir())

        def first(k: int) -> list[str]:
            return [str(p) for p in parts[:max(1, -(-k // 500))]]

        main = first(n)
        chars = sum(len(p.read_text(encoding="utf-8")) for d in main for p in Path(d).glob("*.txt"))
        out["chars"] = chars
        one = next(folder.rglob("*.txt"))
        one_cmd = _cli("extract", str(one), "-q", "-o", str(tmp / "one.jsonl"))
        # the gazetteer's indexes are built on the first run and read back after (diskcache), and
        # Python's bytecode is written once as pip does at install (here in a folder of the bench's
        # own, whatever PYTHONDONTWRITEBYTECODE says): the first run on a machine is measured
        # apart, with neither cache
        out["cold_start_uncached"] = median_run(one_cmd, runs, env={"EXTRACTOR_CACHE": "off",
                                                                    "PYTHONDONTWRITEBYTECODE": "1"})
        cached = {"EXTRACTOR_CACHE": str(tmp / "cache"), "PYTHONPYCACHEPREFIX": str(tmp / "pyc"),
                  "PYTHONDONTWRITEBYTECODE": None}
        timed_run(one_cmd, env=cached)  # writes both caches
        out["cold_start"] = median_run(one_cmd, runs, env=cached)
        out["help"] = median_run(_cli("--help"), runs, env=cached)
        # extractor and the naive pass alternate, each pinned to the same core
        ex, nv = [], []
        for _ in range(2):
            ex.append(timed_run(_cli("extract", *main, "-q", "-o", str(tmp / "facts.jsonl")), pin=True))
            nv.append(timed_run([sys.executable, "-c", NAIVE_SCRIPT, str(tmp / "naive.jsonl"), *main], pin=True))
        # chars/s from CPU time: on a core that others share, wall time counts their work too
        best_ex, best_nv = min(ex, key=lambda r: r["cpu_s"]), min(nv, key=lambda r: r["cpu_s"])
        out["extract_one_core"] = {**best_ex, "chars_per_s": round(chars / best_ex["cpu_s"]),
                                   "wall_chars_per_s": round(chars / best_ex["seconds"]),
                                   "facts": sum(1 for _ in open(tmp / "facts.jsonl", "rb"))}
        out["naive_one_core"] = {**best_nv, "chars_per_s": round(chars / best_nv["cpu_s"]),
                                 "wall_chars_per_s": round(chars / best_nv["seconds"]),
                                 "numbers": sum(1 for _ in open(tmp / "naive.jsonl", "rb"))}
        out["over_naive"] = round(best_nv["cpu_s"] / best_ex["cpu_s"], 3)
        out["over_naive_wall"] = round(best_nv["seconds"] / best_ex["seconds"], 3)
        if ner_chars_per_s:
            out["over_ner"] = round(out["extract_one_core"]["chars_per_s"] / ner_chars_per_s, 1)
        # memory: the same command over the first `small` and over `large` articles
        out["memory"] = {str(k): timed_run(_cli("extract", *first(k), "-q", "-o", str(tmp / f"m{k}.jsonl")))
                         for k in (small, large)}
        out["memory"]["articles"] = [small, large]
        # workers: both cores, after start-up (the run over one article is the start-up)
        walls = {}
        for label, extra in (("1", []), ("2", ["--workers", "2"])):
            start = timed_run(_cli("extract", str(one), "-q", "-o", str(tmp / f"w{label}.one"), *extra))
            full = timed_run(_cli("extract", *main, "-q", "-o", str(tmp / f"w{label}.jsonl"), *extra))
            walls[label] = {"startup_s": start["seconds"], "run_s": full["seconds"],
                            "after_startup_s": round(full["seconds"] - start["seconds"], 3),
                            "tree_peak_mb": full["tree_peak_mb"]}
        out["workers"] = walls
        out["workers_speedup"] = round(walls["1"]["after_startup_s"] / walls["2"]["after_startup_s"], 2)
        out["workers_same_output"] = (tmp / "w1.jsonl").read_bytes() == (tmp / "w2.jsonl").read_bytes()
    return out


def cli_goals(c: dict) -> dict:
    m = c["memory"]
    small, large = (m[str(k)]["peak_mb"] for k in m["articles"])
    goals = {
        "over_naive": (c["over_naive"], c["over_naive"] >= GOALS["over_naive"]),
        "cold_start_s": (c["cold_start"]["median_s"], c["cold_start"]["median_s"] < GOALS["cold_start_s"]),
        "help_s": (c["help"]["median_s"], c["help"]["median_s"] < GOALS["help_s"]),
        "peak_mb": (c["extract_one_core"]["peak_mb"], c["extract_one_core"]["peak_mb"] < GOALS["peak_mb"]),
        "memory_growth_mb": (round(large - small, 1), large - small <= max(2.0, 0.02 * large)),
        "workers_speedup": (c["workers_speedup"], c["workers_speedup"] >= GOALS["workers_speedup"]),
    }
    if "over_ner" in c:
        goals["over_ner"] = (c["over_ner"], c["over_ner"] >= GOALS["over_ner"])
    return goals


# The stages of `extractor extract` and the functions whose cumulative time is each one's (the
# names of an older tree too, so that --profile reads a base checkout the same way).
STAGES = [
    ("reading files", [("io/readers.py", "iter_inputs")]),
    ("extracting an article", [("api.py", "extract_record"), ("api.py", "extract")]),  # the indented rows are parts
    ("  publication date", [("facts/document.py", "published_of")]),
    ("  spaCy Doc: tokenizer, span groups", [("pipeline.py", "__call__"), ("nlp/spans.py", "span_group")]),
    ("  fold (matching key)", [("text.py", "fold")]),
    ("  quantities", [("nlp/quantities.py", "find_quantities")]),
    ("  times", [("nlp/times.py", "find_times")]),
    ("  places", [("nlp/places.py", "find")]),
    ("  fact engine: sentences", [("text.py", "sentences")]),
    ("  fact engine: document (captions, own place)", [("facts/document.py", "own_place"),
                                                       ("facts/document.py", "caption_spans")]),
    ("  fact engine: set-up (FactBuilder)", [("facts/engine.py", "__init__")]),
    ("  fact engine: rules (FactBuilder.build)", [("facts/engine.py", "build")]),
    ("  fact engine: relevance", [("facts/relevance.py", "filter_facts")]),
    ("  facts as dicts (as pydantic models before)", [("analysis.py", "fact_dicts"), ("api.py", "public_facts")]),
    ("writing (JSON)", [("io/writers.py", "write")]),
    ("progress and summary", [("clitools.py", "article")]),
]
_REST = "  the rest (clean text, title, metadata, models)"


def run_profile_cli(base, n: int, top: int = 25) -> dict:
    """cProfile over ``extractor extract DIR -o /dev/null`` in this process: stage shares and top."""
    from bench_batch import write_articles

    from extractor.cli import main as cli_main

    with tempfile.TemporaryDirectory(prefix="bench_prof_") as tmp:
        write_articles(Path(tmp), n, seeds=SEEDS_DIR.is_dir())
        cli_main(["extract", str(next(Path(tmp).rglob("*.txt"))), "-q", "-o", os.devnull])  # loads
        prof = cProfile.Profile()
        prof.enable()
        cli_main(["extract", tmp, "-q", "-o", os.devnull])
        prof.disable()
    st = pstats.Stats(prof)
    total = st.total_tt
    by_key = {}
    for (fname, line, func), (cc, nc, tt, ct, _callers) in st.stats.items():
        for label, functions in STAGES:
            if any(func == name and fname.endswith("extractor/" + where) for where, name in functions):
                by_key[label] = by_key.get(label, 0.0) + ct
    parts = sum(v for k, v in by_key.items() if k.startswith("  "))
    # a function of one row may call another's (fold inside a recogniser): the rows may overlap a little
    by_key[_REST] = max(0.0, by_key.get("extracting an article", 0.0) - parts)
    labels = [label for label, _ in STAGES] + [_REST]
    shares = [{"stage": label, "cumtime_s": round(by_key.get(label, 0.0), 3),
               "share": round(by_key.get(label, 0.0) / total, 3)} for label in labels]
    rows = []
    for (fname, line, func), (cc, nc, tt, ct, _callers) in st.stats.items():
        rows.append({"function": func, "where": f"{_short(fname)}:{line}", "ncalls": nc,
                     "primitive_calls": cc, "tottime_s": round(tt, 4), "cumtime_s": round(ct, 4)})
    rows.sort(key=lambda r: -r["cumtime_s"])
    return {"articles": n, "total_s": round(total, 3), "stages": shares, "top": rows[:top]}


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

    if "cli" in r:
        c = r["cli"]
        ex, nv = c["extract_one_core"], c["naive_one_core"]
        print(f"\n== The command line over {c['articles']} files ({_fmt(c['chars'])} chars), one core (best of 2, "
              f"alternating; chars/s of CPU time, wall time beside)")
        print(f"  extractor extract DIR -o facts.jsonl  {_fmt(ex['chars_per_s']):>12} chars/s  CPU {ex['cpu_s']:7.2f} s "
              f"(wall {ex['seconds']:.2f} s), {ex['facts']} facts, peak {ex['peak_mb']:.1f} MB")
        print(f"  naive regex pass (numbers + cue)      {_fmt(nv['chars_per_s']):>12} chars/s  CPU {nv['cpu_s']:7.2f} s "
              f"(wall {nv['seconds']:.2f} s), {nv['numbers']} numbers")
        print(f"  cold start: extract one.txt {c['cold_start']['median_s']:.3f} s "
              f"({c['cold_start_uncached']['median_s']:.3f} s on a first run, cache not built), --help {c['help']['median_s']:.3f} s "
              f"(median of {c['help']['runs']}); peak memory of one.txt {c['cold_start']['peak_mb']:.1f} MB")
        m = c["memory"]
        print("  peak memory: " + ", ".join(f"{k} articles {m[str(k)]['peak_mb']:.1f} MB ({m[str(k)]['seconds']:.1f} s)"
                                            for k in m["articles"]))
        w = c["workers"]
        print(f"  workers (both cores, after start-up): 1 process {w['1']['after_startup_s']:.2f} s, --workers 2 "
              f"{w['2']['after_startup_s']:.2f} s (start-up {w['2']['startup_s']:.2f} s, all processes "
              f"{w['2']['tree_peak_mb']:.0f} MB): {c['workers_speedup']:.2f}x; same output: "
              f"{'yes' if c['workers_same_output'] else 'NO'}")
        print("  goals of the issue:")
        names = {"over_naive": ("extract / naive pass", ">= 2.0x"), "over_ner": ("extract / underthesea ner", ">= 200x"),
                 "cold_start_s": ("cold start of extract one.txt, s", "< 0.4"), "help_s": ("--help, s", "< 0.2"),
                 "peak_mb": ("peak memory of a run, MB", "< 80"),
                 "memory_growth_mb": (f"peak memory growth {m['articles'][0]} -> {m['articles'][1]}, MB", "flat"),
                 "workers_speedup": ("--workers 2 / one process", ">= 1.7x")}
        for key, (value, met) in c["goals"].items():
            label, goal = names[key]
            print(f"    {label:42} {value:>10}  goal {goal:8} {'MET' if met else 'NOT MET'}")
        if "over_ner" not in c:
            print("    extract / underthesea ner: not measured (underthesea not installed or skipped)")

    if "profile" in r:
        p = r["profile"]
        print(f"\n== cProfile of extractor extract over {p['articles']} files (total {p['total_s']} s under the "
              f"profiler): share of each stage")
        for row in p["stages"]:
            print(f"  {row['stage']:52} {row['cumtime_s']:8.3f} s {100 * row['share']:6.1f} %")
        print(f"\n  top {len(p['top'])} functions by cumulative time")
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
    ap.add_argument("--no-cli", action="store_true", help="skip the command-line section (5)")
    ap.add_argument("--cli-only", action="store_true", help="only the command-line section (5) and underthesea")
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
        report["profile"] = run_profile_cli(base, n)
    else:
        # end-to-end first, so ru_maxrss is not raised by underthesea's models before it is read
        if not args.cli_only:
            report["e2e"] = measure_e2e(base, n, traced=not args.no_tracemalloc)
            report["tagging"] = measure_tagging(texts, min_time)
        if not args.no_underthesea:
            report["underthesea"] = measure_underthesea(texts, ner_chars, min_time)
        ratios_and_goals(report)
        if not args.no_cli:
            ut = report.get("underthesea") or {}
            ner = ut["ner"]["chars_per_s"] if "ner" in ut else None
            small, large = (100, 1000) if args.quick else (1000, 10000)
            report["cli"] = measure_cli(n, small, large, 3 if args.quick else 5, not args.no_seeds, ner)
            report["cli"]["goals"] = cli_goals(report["cli"])
        # print in the order of the questions: loads, tagging, underthesea, goals, end-to-end, command line
        report = {k: report[k] for k in ("environment", "options", "inputs", "load", "tagging", "underthesea",
                                         "goals", "e2e", "cli") if k in report}

    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
