"""``extractor report``: the review page of files, folders, stdin or what ``watch`` stored."""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ..clitools import RunReport, add_talk_options, command_help, require_input
from ..io import ReadFailure, iter_inputs
from ..text import clean_text

_SQLITE_MAGIC = b"SQLite format 3\x00"


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "report", help=command_help("report"),
        description="Extract facts from files, folders or stdin ('-'), or read a dataset folder of "
                    "'dataset build' or what 'watch' stored (--from-db), and write one self-contained HTML "
                    "page that works offline: a facts "
                    "table with filters, sort and search; each article's text with every fact's evidence "
                    "highlighted; charts per place over time; facts per province; a summary. Exit 1 if "
                    "some input failed (the rest is shown), 2 on usage errors.")
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders of articles (recursive), dataset folders of 'dataset build', or - for stdin")
    p.add_argument("--from-db", metavar="FILE", help="the SQLite file of 'extractor watch --db'")
    p.add_argument("-o", "--output", metavar="FILE", help="output HTML file (default: stdout)")
    p.add_argument("--title", default="Extraction report", help="the page's title")
    from ..cli import add_max_size
    add_max_size(p)
    add_talk_options(p)
    p.set_defaults(func=report_cmd)
    return p


def _usage(message: str) -> int:
    print(f"extractor report: {message}", file=sys.stderr)
    return 2


def _db_problem(path: str) -> str | None:
    """Why ``path`` is not a db of ``watch``, checked without writing to it."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as err:
        return f"cannot read the db {path}: {err.strerror or err}"
    if head != _SQLITE_MAGIC:
        return f"{path} is not an SQLite file (expected the db of 'extractor watch --db')"
    try:
        with sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True) as db:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as err:
        return f"cannot read the db {path}: {err}"
    missing = {"articles", "facts", "urls"} - tables
    return f"{path} is not a db of 'extractor watch' (no table {', '.join(sorted(missing))})" if missing else None


def _from_db(path: str, articles: list, failures: list) -> None:
    from ..monitor.store import MonitorStore

    with MonitorStore(path) as store:
        articles.extend(store.articles(current_only=True))  # the newest revision of a changed article
        failures.extend(ReadFailure(url, reason) for url, reason in store.failed_urls())


def _read_input(given: str, args, run: RunReport):
    """The articles and failures of one input: a dataset folder read back, else what extraction
    makes of the articles in it. A folder that gives neither is one failure, named."""
    from ..batch import extract_each
    from .dataset import dataset_tables, read_dataset

    folder = given != "-" and Path(given).is_dir()
    if folder and dataset_tables(given):
        try:
            articles, failures = read_dataset(given)
        except ValueError as exc:
            yield ReadFailure(given, str(exc).removeprefix(f"{given}: "))
            return
        yield from failures
        yield from articles
        return
    stdin = sys.stdin.buffer if given == "-" else None
    found = 0
    for found, item in enumerate(extract_each(iter_inputs([given], stdin=stdin, on_skip=run.skip,
                                                          max_bytes=args.max_size or None)), 1):
        yield item
    if folder and not found:
        yield ReadFailure(given, "neither articles nor a dataset: nothing in it reads as an article, and it has "
                                 "no articles.parquet and facts.parquet of 'dataset build'")


def report_cmd(args) -> int:
    from .page import render_report

    if args.from_db and (problem := _db_problem(args.from_db)):
        return _usage(problem)
    inputs = args.inputs if args.from_db else require_input(args.inputs, what="files or folders, or --from-db")
    out = sys.stdout
    if args.output:
        try:  # before the work: a wrong path is a usage error
            out = open(args.output, "w", encoding="utf-8")
        except OSError as err:
            return _usage(f"cannot write {args.output}: {err.strerror or err}")
    run = RunReport("report", quiet=args.quiet, verbose=args.verbose)
    articles, failures = [], []
    if args.from_db:
        try:
            _from_db(args.from_db, articles, failures)
        except sqlite3.DatabaseError as exc:  # locked for too long, or damaged past its header
            from ..monitor.cli import db_error
            return db_error("report", args.from_db, exc, 60.0)
    for given in inputs:
        for item in _read_input(given, args, run):
            if isinstance(item, ReadFailure):  # one bad document must not stop the report
                run.failure(item.path, item.reason)
                failures.append(item)
            else:
                run.article(item)
                articles.append(item)
    page = render_report(articles, failures, title=clean_text(args.title))
    out.write(page)
    if out is not sys.stdout:
        out.close()
    run.end_progress()
    if not args.quiet:
        n_facts = sum(len(a.facts) for a in articles)
        off_topic = sum(1 for a in articles if not a.relevant)
        print(f"extractor report: {args.output or 'stdout'}: {_size(len(page.encode('utf-8')))}, "
              f"{len(articles)} articles, {n_facts} facts, {len(failures)} failed, {off_topic} skipped as "
              f"off-topic, in {run.seconds():.1f} s", file=sys.stderr)
    return 1 if failures else 0


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"
