"""``extractor watch`` (poll sources, store new articles) and ``extractor watch-export``."""
from __future__ import annotations

import sqlite3
import sys
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from ..clitools import add_output_options, command_help
from ..fetch.cli import add_fetch_options, settings_from_args
from .run import RECHECK_AFTER, RECHECK_YOUNG

KINDS = ("feed", "listing", "sitemap")


def register(subparsers) -> None:
    w = subparsers.add_parser(
        "watch", help=command_help("watch"),
        description="Poll the sources, fetch only URLs not stored yet, extract and store each article with "
                    "its facts exactly once in the SQLite file --db. Sources given once are kept in the db. "
                    "Exit 1 if some source or article failed (each on stderr), 2 on usage errors.")
    w.add_argument("action", nargs="?", choices=["sources"], metavar="sources",
                   help="'sources': list the sources with their health instead of polling (with --remove, "
                        "--disable or --enable: change one first)")
    w.add_argument("--db", required=True, metavar="FILE", help="SQLite state file (created if missing)")
    w.add_argument("--feed", action="append", default=[], metavar="URL", help="an RSS/Atom feed (repeatable)")
    w.add_argument("--listing", action="append", default=[], metavar="URL",
                   help="a listing page whose article links to follow (repeatable)")
    w.add_argument("--sitemap", action="append", default=[], metavar="URL",
                   help="a sitemap, news sitemap or sitemap index (repeatable)")
    w.add_argument("--sources", metavar="FILE",
                   help="file of 'feed URL', 'listing URL' or 'sitemap URL' lines (# comments)")
    when = w.add_mutually_exclusive_group()
    when.add_argument("--once", action="store_true", help="one pass, then exit (the default)")
    when.add_argument("--interval", type=float, metavar="SECONDS", help="a pass every SECONDS, until stopped")
    w.add_argument("--max-attempts", type=int, default=4, metavar="N",
                   help="passes that may try a URL before it is given up (default 4)")
    w.add_argument("--recheck", type=float, default=RECHECK_AFTER / 3600, metavar="HOURS",
                   help="read a stored article again when its last fetch is HOURS old, to store a changed text "
                        "as a new revision (default %(default)g; 0: every pass); a new change stamp from its "
                        "source (feed <updated>, sitemap <lastmod>) makes it read again after an hour")
    w.add_argument("--recheck-for", type=float, default=RECHECK_YOUNG / 86400, metavar="DAYS",
                   help="read again only articles first seen less than DAYS ago (default %(default)g; 0: never)")
    _add_lock_timeout(w)
    w.add_argument("-o", "--output", metavar="FILE",
                   help="append each new article's facts to FILE as they are stored (.jsonl or .csv)")
    manage = w.add_mutually_exclusive_group()
    manage.add_argument("--remove", metavar="URL", help="with 'sources': forget this source")
    manage.add_argument("--disable", metavar="URL", help="with 'sources': stop polling this source, keep it")
    manage.add_argument("--enable", metavar="URL", help="with 'sources': poll this source again, now")
    add_fetch_options(w)
    w.set_defaults(func=run_watch)

    x = subparsers.add_parser("watch-export", help=command_help("watch-export"),
                              description="Every stored article with its facts, in the order stored.")
    x.add_argument("--db", required=True, metavar="FILE", help="the SQLite file 'watch' stores into")
    add_output_options(x, quiet=False)
    _add_lock_timeout(x)
    since = x.add_mutually_exclusive_group()
    since.add_argument("--new", action="store_true",
                       help="only what was stored since this consumer's last export; the place is kept in the db")
    since.add_argument("--since", type=int, metavar="CURSOR",
                       help="only what was stored after CURSOR (the number an export prints)")
    x.add_argument("--current", action="store_true",
                   help="only the current revision of each article (without it, earlier revisions of a changed "
                        "article are written too, with doc_current false)")
    x.add_argument("--consumer", default="default", metavar="NAME",
                   help="whose place --new reads and every export records")
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
                raise ValueError(f"{path}:{n}: expected 'feed URL', 'listing URL' or 'sitemap URL', "
                                 f"got {line.strip()!r}")
            out.append((words[0], words[1]))
    return out


def run_sources(args) -> int:
    """``watch sources``: change one source if asked, then list them all with their health."""
    import json

    from ..clitools import UsageError
    from .store import MonitorStore

    if not Path(args.db).is_file():
        raise UsageError(f"--db {args.db}: no such file")
    with MonitorStore(args.db) as store:
        for option, url, change in (("--remove", args.remove, store.remove_source),
                                    ("--disable", args.disable, lambda u: store.set_source_enabled(u, False)),
                                    ("--enable", args.enable, lambda u: store.set_source_enabled(u, True))):
            if url is not None and not change(url):
                raise UsageError(f"{option} {url}: no such source in {args.db}")
        for item in store.source_health():
            print(json.dumps(item, ensure_ascii=False))
    return 0


def run_watch(args) -> int:
    from ..clitools import UsageError

    if args.action == "sources":
        return run_sources(args)
    changes = [o for o, v in (("--remove", args.remove), ("--disable", args.disable), ("--enable", args.enable))
               if v is not None]
    if changes:
        raise UsageError(f"{changes[0]} changes a source: use it with 'extractor watch sources --db FILE'")
    # the monitor is imported in _watch, not at the top: `extractor --help` need not load it
    given = [("feed", u) for u in args.feed] + [("listing", u) for u in args.listing] + \
        [("sitemap", u) for u in args.sitemap]
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
    if args.recheck < 0 or args.recheck_for < 0:
        return _usage("--recheck and --recheck-for must not be negative")
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
    with store, ExitStack() as stack:
        for kind, url in given:
            store.add_source(url, kind, allow_private=args.allow_private)
        if not store.sources():
            return _usage("no sources: pass --feed, --listing, --sitemap or --sources (they are kept in the db)")
        on_stored = None
        if args.output:
            on_stored = stack.enter_context(_appending_writer(args.output)).write
        monitor = Monitor(store, settings_from_args(args), on_stored=on_stored,
                          recheck_after=args.recheck * 3600, recheck_young=args.recheck_for * 86400)
        if args.interval:
            monitor.run_forever(args.interval)  # until stopped: Ctrl-C exits 130, a kill loses nothing
            return 0
        report = monitor.run_pass()
        print(f"extractor watch: {report.summary()}", file=sys.stderr)
    return 1 if report.failures else 0


def _appending_writer(output: str):
    """A writer that appends to ``output`` (JSONL or CSV, whose header is written only to a new or
    empty file), flushed after every article so that a reader sees each as it is stored."""
    from ..clitools import UsageError, check_output, output_format
    from ..io import open_writer

    fmt = output_format(output, None)
    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"-o {output}: watch appends as it stores, to .jsonl or .csv only "
                         f"(watch-export writes {fmt})")
    check_output(output)
    fresh = not Path(output).exists() or Path(output).stat().st_size == 0
    stream = open(output, "a", encoding="utf-8", newline="")
    writer = open_writer(fmt, _LineFlushed(stream) if fresh or fmt == "jsonl" else _NoHeader(stream))
    return _Owning(writer, stream)


class _LineFlushed:
    """A text stream flushed at each write: an appended record reaches the file at once."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        n = self._stream.write(text)
        self._stream.flush()
        return n

    def flush(self) -> None:
        self._stream.flush()


class _NoHeader(_LineFlushed):
    """Drops the CSV header line, which a file that already has rows has."""

    def __init__(self, stream):
        super().__init__(stream)
        self._header_dropped = False

    def write(self, text: str) -> int:
        if not self._header_dropped:
            self._header_dropped = True
            return len(text)
        return super().write(text)


class _Owning:
    """The writer, closing the file it writes to after it."""

    def __init__(self, writer, stream):
        self.writer, self.stream = writer, stream

    def __enter__(self):
        return self.writer

    def __exit__(self, *exc) -> None:
        try:
            self.writer.close()
        finally:
            self.stream.close()


def run_export(args) -> int:
    from ..clitools import UsageError, open_output_writer
    from .store import MonitorStore

    if not Path(args.db).is_file():
        raise UsageError(f"--db {args.db}: no such file")
    if args.since is not None and args.since < 0:
        raise UsageError("--since takes the cursor an export printed (0 or more)")
    try:
        with MonitorStore(args.db, timeout=args.lock_timeout) as store:
            store.check()
            after = store.export_cursor(args.consumer) if args.new else (args.since or 0)
            cursor, articles, facts = after, 0, 0
            with open_output_writer(args.output, args.format) as writer:
                for article_id, article in store.articles_with_ids(after, current_only=args.current):
                    writer.write(article)
                    cursor, articles, facts = article_id, articles + 1, facts + len(article.facts)
            store.set_export_cursor(args.consumer, cursor)  # after the output is complete, never before
    except sqlite3.DatabaseError as exc:
        return db_error("watch-export", args.db, exc, args.lock_timeout)
    print(f"extractor watch-export: {articles} articles, {facts} facts after cursor {after}; "
          f"cursor now {cursor} (consumer {args.consumer!r}; --new continues from here)", file=sys.stderr)
    return 0
