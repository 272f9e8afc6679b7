"""``extractor dataset build INPUT... -o DIR``: the tables of a corpus (README: Datasets)."""
from __future__ import annotations

import sys
from itertools import chain
from pathlib import Path

from ..clitools import command_help

PROG = "extractor dataset build"


def register(subparsers) -> None:
    d = subparsers.add_parser("dataset", help=command_help("dataset"))
    sub = d.add_subparsers(dest="dataset_command", required=True)
    b = sub.add_parser(
        "build", help="articles, facts, observations and errors as Parquet tables in a folder",
        description="Extract every input (files, folders, URLs, WARC, JSONL, as 'extract' reads them) "
                    "and write articles.parquet (copies of one report merged), facts.parquet, "
                    "observations.parquet (one row per thing measured, with its sources and "
                    "conflicts) and errors.parquet into DIR. Exit 1 if some input failed (each on "
                    "stderr and in errors.parquet), 2 on usage errors.")
    b.add_argument("inputs", nargs="*", help="files, folders (recursive), http(s) URLs, or - for stdin")
    b.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write (must not exist)")
    b.add_argument("--from-db", metavar="FILE", help="also the articles stored by 'watch' in FILE")
    b.add_argument("--csv", action="store_true", help="a CSV twin of every table (lists as JSON)")
    b.add_argument("--overwrite", action="store_true", help="replace DIR if it exists (once the new one is complete)")
    b.add_argument("--workers", type=int, default=1, metavar="N",
                   help="extract in N worker processes (dask.distributed); 1: in this process")
    b.add_argument("--scheduler", metavar="ADDRESS", help="extract on the workers of the Dask scheduler at ADDRESS")
    b.add_argument("--allow-private", action="store_true", help="allow fetching from private addresses")
    from ..fetch.options import add_render_options
    add_render_options(b)
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    b.set_defaults(func=run_build)


def _usage(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _db_articles(path: str):
    from ..monitor.store import MonitorStore

    with MonitorStore(path) as store:
        yield from store.articles(current_only=True)  # an earlier revision of a changed article is replaced


def run_build(args) -> int:
    from ..batch import extract_each, extract_parallel
    from ..cli import _url_docs
    from ..io import iter_inputs
    from .build import OutputExists, build_dataset, check_output

    if args.workers < 1:
        return _usage("--workers must be at least 1")
    if not args.inputs and not args.from_db:
        return _usage("no inputs: give files, folders, URLs, - or --from-db FILE")
    if args.from_db and not Path(args.from_db).is_file():
        return _usage(f"no such db {args.from_db}")
    try:
        check_output(args.output, args.overwrite)
    except OutputExists as exc:
        return _usage(str(exc))
    urls = [p for p in args.inputs if p.startswith(("http://", "https://"))]
    paths = [p for p in args.inputs if p not in urls]
    docs = iter_inputs(paths, stdin=sys.stdin.buffer if "-" in paths else None)
    if (args.workers > 1 or args.scheduler) and paths:
        try:
            results = extract_parallel(docs, workers=args.workers, scheduler=args.scheduler, records=True)
        except (OSError, RuntimeError) as exc:  # TimeoutError is an OSError
            return _usage(f"cannot start or reach the Dask cluster: {exc}")
    else:
        results = extract_each(docs, records=True)
    engine = results
    sources = [_db_articles(args.from_db)] if args.from_db else []
    if urls:
        sources.append(_url_docs(urls, args))
    results = chain(*sources, results)
    progress = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm
        results = progress = tqdm(results, unit=" inputs", file=sys.stderr, dynamic_ncols=True)

    def on_error(failure) -> None:
        line = f"extractor: {failure.path}: {failure.reason}"
        (progress.write if progress is not None else print)(line, file=sys.stderr)

    try:
        summary = build_dataset(results, args.output, csv=args.csv, overwrite=args.overwrite, on_error=on_error)
    except OSError as exc:
        print(f"{PROG}: cannot write {args.output}: {exc}; nothing was written", file=sys.stderr)
        return 1
    finally:
        if progress is not None:
            progress.close()
        engine.close()  # a cluster started here stops now, even after a failure
    if not args.quiet:
        print(f"{PROG}: {summary.line()} -> {args.output}", file=sys.stderr)
    return 1 if summary.errors else 0
