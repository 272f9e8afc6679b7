"""``extractor watch`` (poll sources, store new articles) and ``extractor watch-export``."""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..clitools import add_output_options
from ..fetch.cli import add_fetch_options, settings_from_args

KINDS = ("feed", "listing")


def register(subparsers) -> None:
    w = subparsers.add_parser(
        "watch", help="poll RSS/Atom feeds and listing pages; store new articles and their facts in SQLite",
        description="Poll the sources, fetch only URLs not stored yet, extract and store each article with "
                    "its facts exactly once in the SQLite file --db. Sources given once are kept in the db. "
                    "Exit 1 if some source or article failed (each on stderr), 2 on usage errors.")
    w.add_argument("--db", required=True, metavar="FILE", help="SQLite state file (created if missing)")
    w.add_argument("--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed (repeatable)")
    w.add_argument("--listing", action="append", default=[], metavar="URL",
                   help="a listing page whose article links to follow (repeatable)")
    w.add_argument("--sources", metavar="FILE", help="file of 'feed URL' or 'listing URL' lines (# comments)")
    when = w.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="one pass, then exit (the default)")
    when.add_argument("--interval", type=float, metavar="SECONDS", help="a pass every SECONDS, until stopped")
    w.add_argument("--max-attempts", type=int, default=4, metavar="N",
                   help="passes that may try a URL before it is given up (default 4)")
    _add_lock_timeout(w)
    add_fetch_options(w)
    w.set_defaults(func=run_watch)

    x = subparsers.add_parser("watch-export", help="write the articles and facts stored by 'watch'",
                              description="Every stored article with its facts, in the order stored.")
    x.add_argument("--db", required=True, metavar="FILE", help="the SQLite file 'watch' stores into")
    add_output_options(x, quiet=False)
    _add_lock_timeout(x)
    x.set_defaults(func=run_export)


def _add_lock_timeout(parser) -> None:
    parser.add_argument("--lock-timeout", type=float, default=60.0, metavar="SECONDS",
                        help="how long to wait for a database another process holds (default 60)")


def db_error(command: str, db: str, exc: sqlite3.DatabaseError, waited: float) -> int:
    """One line naming the db, what is wrong with it and what to do; exit 2. Nothing is lost:
    every change is one transaction, rolled back by the error."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        what = (f"the database is locked by another process (waited {waited:g} s); let the other run "
                "finish or stop it, then run again (or wait longer with --lock-timeout)")
    elif isinstance(exc, sqlite3.OperationalError) and "disk i/o" not in text.lower():
        what = f"cannot use the database: {text}"
    else:
        what = (f"the database is damaged ({text}); restore it from a backup, or move it aside to start a "
                "new one ('sqlite3 FILE .recover' may save what is left)")
    print(f"extractor {command}: {db}: {what}", file=sys.stderr)
    return 2


def _usage(message: str) -> int:
    print(f"extractor watch: {message}", file=sys.stderr)
    return 2


def read_sources(path: str) -> list[tuple[str, str]]:
    """``(kind, url)`` pairs of a sources file; ValueError names a bad line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 2 or words[0] not in KINDS:
                raise ValueError(f"{path}:{n}: expected 'feed URL' or 'listing URL', got {line.strip()!r}")
            out.append((words[0], words[1]))
    return out


def run_watch(args) -> int:
    # the monitor is imported in _watch, not at the top: `extractor --help` need not load it
    given = [("feed", u) for u in args.feed] + [("listing", u) for u in args.listing]
    try:
        if args.sources:
            given += read_sources(args.sources)
    except (OSError, ValueError) as exc:
        return _usage(f"cannot read sources: {exc}")
    bad = [u for _, u in given if urlsplit(u).scheme not in ("http", "https") or not urlsplit(u).hostname]
    if bad:
        return _usage(f"not an http(s) URL: {bad[0]}")
    if (args.rate is not None and args.rate <= 0) or (args.interval is not None and args.interval <= 0):
        return _usage("--rate and --interval must be positive")
    if args.max_attempts < 1:
        return _usage("--max-attempts must be at least 1")
    if args.lock_timeout < 0:
        return _usage("--lock-timeout must not be negative")
    try:
        return _watch(args, given)
    except sqlite3.DatabaseError as exc:  # locked past --lock-timeout, damaged, not a database
        return db_error("watch", args.db, exc, args.lock_timeout)


def _watch(args, given: list[tuple[str, str]]) -> int:
    from .run import Monitor
    from .store import MonitorStore

    try:
        store = MonitorStore(args.db, max_attempts=args.max_attempts, timeout=args.lock_timeout)
    except OSError as exc:
        return _usage(f"cannot open {args.db}: {exc}")
    with store:
        for kind, url in given:
            store.add_source(url, kind)
        if not store.sources():
            return _usage("no sources: pass --feed, --listing or --sources (they are kept in the db)")
        monitor = Monitor(store, settings_from_args(args))
        if args.interval:
            monitor.run_forever(args.interval)  # until stopped: Ctrl-C exits 130, a kill loses nothing
            return 0
        report = monitor.run_pass()
        print(f"extractor watch: {report.summary()}", file=sys.stderr)
    return 1 if report.failures else 0


def run_export(args) -> int:
    from ..clitools import UsageError, open_output_writer
    from .store import MonitorStore

    if not Path(args.db).is_file():
        raise UsageError(f"--db {args.db}: no such file")
    try:
        with MonitorStore(args.db, timeout=args.lock_timeout) as store, \
                open_output_writer(args.output, args.format) as writer:
            store.check()
            for article in store.articles():
                writer.write(article)
    except sqlite3.DatabaseError as exc:
        return db_error("watch-export", args.db, exc, args.lock_timeout)
    return 0
