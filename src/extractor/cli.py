"""Command line: ``extractor extract|tag|eval|schema|fetch``.

Exit codes: 0 all inputs processed; 1 some input failed (each reported on stderr, the others
processed); 2 usage error; 3 evaluation below the bar (``eval --min-*``).
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import json
import re
import sys
from pathlib import Path

from .clitools import COMMANDS, DefaultsFormatter, Parser, UsageError, add_output_options, all_parsers, command_help


def _extract_cmd(args) -> int:
    from itertools import chain

    from .batch import extract_each, extract_parallel
    from .clitools import RunReport, open_output_writer, require_input
    from .io import ReadFailure, iter_inputs

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    inputs = require_input(args.inputs)
    url_inputs = [p for p in inputs if p.startswith(("http://", "https://"))]
    path_inputs = [p for p in inputs if p not in url_inputs]
    writer = open_output_writer(args.output, args.format)  # before the work: a wrong -o is a usage error
    run = RunReport("extract", quiet=args.quiet, verbose=args.verbose)
    stdin = sys.stdin.buffer if "-" in path_inputs else None
    docs = iter_inputs(path_inputs, stdin=stdin, on_skip=run.skip, max_bytes=args.max_size or None)
    with writer:
        if (args.workers > 1 or args.scheduler) and path_inputs:
            try:
                docs = extract_parallel(docs, workers=args.workers, scheduler=args.scheduler, records=True,
                                        render=writer.in_worker)  # the output text made where it is extracted
            except (OSError, RuntimeError) as exc:  # TimeoutError is an OSError
                raise UsageError(f"cannot start or reach the Dask cluster: {exc}") from None
        else:
            docs = extract_each(docs, records=True)
        for item in chain(_url_docs(url_inputs, args) if url_inputs else [], docs):
            if isinstance(item, ReadFailure):
                run.failure(item.path, item.reason)
                continue
            try:  # the loop that writes is guarded like the one that extracts
                writer.write(item)
            except Exception as exc:
                run.failure(item.path or item.url or item.id, f"cannot write: {exc}")
                continue
            run.article(item)
    run.close(args.output)
    return 1 if run.failed else 0


def _url_docs(urls, args):
    """Fetch each URL politely (rendered in a browser as ``--render`` says) and extract it;
    failures are reported per URL."""
    from .api import extract_record
    from .batch import page_article
    from .io import ReadFailure
    from .fetch import FetchError, FetchSettings, Fetcher, Renderer
    from .fetch.cli import render_settings_from_args

    settings = FetchSettings(allow_private=args.allow_private)
    if getattr(args, "max_size", None):  # one cap for an article, read from a file or fetched
        settings.max_bytes = args.max_size
    fetcher = Fetcher(settings)
    with Renderer(fetcher, render_settings_from_args(args), mode=args.render) as renderer:
        for url in urls:
            try:
                page = renderer.fetch(url)
                yield page_article(extract_record(page.body, url=page.final_url or url, html=True,
                                                  content_type=page.content_type), url)
            except FetchError as exc:
                yield ReadFailure(url, exc.reason)  # the failure names the URL: the reason need not again
            except Exception as exc:
                yield ReadFailure(url, f"{type(exc).__name__}: {exc}")


_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _published_arg(value: str | None) -> str | None:
    """``tag --published``: a date the times are read against ("2024-03-20", "2024-03", "2024")."""
    if value is None:
        return None
    m = _PUBLISHED.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError
        datetime.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        raise UsageError(f"--published {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return m[0]


def _tag_cmd(args) -> int:
    from .nlp.times import anchored
    from .pipeline import load
    from .text import Text, clean_text

    published = _published_arg(args.published)
    raw = sys.stdin.read() if args.text == "-" else args.text
    if args.html:  # the recognisers' highlights, without facts
        from .report.tagpage import tag_html

        sys.stdout.write(tag_html(clean_text(raw)))
        return 0
    t = Text.of(raw)
    nlp = load()
    doc = nlp.make_doc(t.clean)
    for name, proc in nlp.pipeline:
        if name != "poverty_facts":
            doc = proc(doc)
    out = {
        "text": t.clean if t.changed else None,
        "quantities": [q.as_dict() for q in doc._.quantities],
        "times": [anchored(x, published).as_json() for x in doc._.times],
        "places": [{"start": p.start, "end": p.end, "text": t.clean[p.start:p.end], "name": p.name,
                    "type": p.type, "level": p.level, "code": p.code, "province": p.province,
                    "current": p.current, "ambiguous": p.ambiguous} for p in doc._.places],
    }
    if out["text"] is None:
        del out["text"]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=None if args.compact else 1)
    sys.stdout.write("\n")
    return 0


def _eval_cmd(args) -> int:
    from .evaluate import GoldError, evaluate, report, totals

    for name, folder in (("GOLD_DIR", args.gold), ("CORPUS_DIR", args.corpus)):
        if not Path(folder).is_dir():
            raise UsageError(f"{name} {folder} is not a folder")
    try:
        results = evaluate(args.gold, args.corpus)
    except GoldError as exc:
        raise UsageError(str(exc)) from None
    print(report(results, verbose=args.verbose))
    t = totals(results)
    if t.core()[2] < args.min_core or t.whole()[2] < args.min_whole:
        return 3
    return 0


def _schema_cmd(args) -> int:
    from .models import Article, Fact

    model = Fact if args.what == "fact" else Article
    json.dump(model.model_json_schema(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def add_max_size(parser: argparse.ArgumentParser) -> None:
    """``--max-size``: the cap of one article (file, record or page), shared by extract and report."""
    from .io import DEFAULT_MAX_BYTES

    parser.add_argument("--max-size", type=byte_size, default=DEFAULT_MAX_BYTES, metavar="BYTES",
                        help=f"skip (and name) an article larger than this: bytes, or with K, M or G "
                             f"(default {DEFAULT_MAX_BYTES // 2**20}M; 0: no cap)")


def byte_size(text: str) -> int:
    units = {"": 1, "K": 2**10, "M": 2**20, "G": 2**30}
    number, unit = text.strip().upper().rstrip("B"), ""
    if number[-1:] in units:
        number, unit = number[:-1], number[-1]
    try:
        value = float(number) * units[unit]
    except (ValueError, KeyError):
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (bytes, or a number with K, M or G)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a size: {text!r}")
    return int(value)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__
    try:
        return version("extractor")
    except PackageNotFoundError:  # run from a source tree that is not installed
        return __version__


class _Version(argparse._VersionAction):
    """``--version``, looked up only when asked (importlib.metadata costs every start 15 ms)."""

    def __call__(self, parser, namespace, values, option_string=None):
        self.version = f"extractor {_version()}"
        super().__call__(parser, namespace, values, option_string)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, with ``command``, of that command only: the others are
    listed by name and help line (``clitools.COMMANDS``) without importing their modules
    (``command=""``: none in full, for ``extractor --help``)."""
    p = Parser(prog="extractor", description="Facts from Vietnamese poverty-programme news.",
               epilog="Exit codes: 0 all inputs processed, 1 some input failed (each named on stderr), "
                      "2 usage error, 3 eval below --min-core/--min-whole. 'extractor COMMAND --help' "
                      "tells more.")
    p.add_argument("--version", action=_Version)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    loaded: set[str] = set()
    for name, (module, help_line) in COMMANDS.items():
        if command is not None and name != command and (module == ".cli" or module != COMMANDS.get(command, ("",))[0]):
            sub.add_parser(name, help=help_line, add_help=False)  # listed; its module is not imported
        elif module == ".cli":
            _OWN_COMMANDS[name](sub)
        elif module not in loaded:  # a module may register several commands (watch, watch-export)
            loaded.add(module)
            try:
                importlib.import_module(module, __package__).register(sub)
            except ImportError as exc:  # a subcommand's own dependencies are optional at import time
                print(f"extractor: {name} unavailable: {exc}", file=sys.stderr)
    for parser in all_parsers(p):
        parser.formatter_class = DefaultsFormatter
    return p


def _add_extract(sub) -> None:
    e = sub.add_parser("extract", help=command_help("extract"),
                       description="Extract the facts of every article in the inputs. Folders are searched "
                                   "recursively for articles (.txt, .html, .json, .jsonl, .warc.gz); hidden "
                                   "files and answer keys (JSON without text) are skipped. Progress shows on a "
                                   "terminal; a summary closes the run.")
    e.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, folders (recursive), http(s) URLs, or - for stdin")
    add_output_options(e)
    e.add_argument("--allow-private", action="store_true",
                   help="allow fetching URL inputs from private and loopback addresses")
    from .fetch.options import add_render_options
    add_max_size(e)
    add_render_options(e)  # --render, --render-timeout: for URL inputs
    e.add_argument("--workers", type=int, default=1, metavar="N",
                   help="extract in N worker processes (dask.distributed); 1: in this process")
    e.add_argument("--scheduler", metavar="ADDRESS", help="extract on the workers of the Dask scheduler at ADDRESS")
    e.set_defaults(func=_extract_cmd)


def _add_tag(sub) -> None:
    t = sub.add_parser("tag", help=command_help("tag"))
    t.add_argument("text", metavar="TEXT", help="the text to tag, or - to read it from stdin")
    t.add_argument("--compact", action="store_true", help="JSON on one line instead of indented")
    t.add_argument("--published", metavar="DATE",
                   help="the article's date (YYYY-MM-DD, YYYY-MM or YYYY): 'tháng trước', 'hôm qua', "
                        "'năm nay' resolved against it; without it they are printed with 'relative'")
    t.add_argument("--html", action="store_true", help="an HTML page of the highlights instead of JSON")
    t.set_defaults(func=_tag_cmd)


def _add_eval(sub) -> None:
    v = sub.add_parser("eval", help=command_help("eval"))
    v.add_argument("gold", metavar="GOLD_DIR", help="folder of gold files {\"doc\": FILE, \"facts\": [...]}")
    v.add_argument("corpus", metavar="CORPUS_DIR", help="folder holding the articles the gold files name")
    v.add_argument("-v", "--verbose", action="store_true", help="list misses and spurious facts")
    v.add_argument("--min-core", type=float, default=0.0, help="exit 3 when core F1 is below this")
    v.add_argument("--min-whole", type=float, default=0.0, help="exit 3 when whole F1 is below this")
    v.set_defaults(func=_eval_cmd)


def _add_schema(sub) -> None:
    s = sub.add_parser("schema", help=command_help("schema"))
    s.add_argument("what", nargs="?", default="article", choices=["article", "fact"],
                   help="the schema of a whole article (with its facts) or of one fact")
    s.set_defaults(func=_schema_cmd)


_OWN_COMMANDS = {"extract": _add_extract, "tag": _add_tag, "eval": _add_eval, "schema": _add_schema}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # the command word is the first word that is no option (the top level has only --help, --version)
    command = next((a for a in argv if not a.startswith("-")), "")
    parser = build_parser(command if command in COMMANDS else "")
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):  # its module could not be imported (said above)
        return 2
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"extractor {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
