"""What every command of the command line shares: usage errors, the output file and its format,
progress on a terminal and the closing summary.

A user's mistake (a folder given as ``-o``, a format that contradicts the file name, Parquet to
stdout…) raises ``UsageError``, which ``cli.main`` prints as one line and turns into exit 2.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import time
from pathlib import Path
from typing import TextIO

__all__ = ["COMMANDS", "command_help", "UsageError", "OUTPUT_FORMATS", "output_format", "check_output", "open_output_writer",
           "require_input", "Parser", "DefaultsFormatter", "RunReport", "add_output_options", "add_talk_options", "all_parsers"]

OUTPUT_FORMATS = ("jsonl", "json", "csv", "parquet")
# The output format a file name says by its extension.
_FORMAT_OF_EXT = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".parquet": "parquet"}


# The subcommands in the order ``extractor --help`` lists them: name -> (the module that registers
# and runs it, relative to the package; its line in that list). Only the module of the command
# being run is imported, so ``extractor --help`` and ``extractor extract one.txt`` load no
# framework that another command needs.
COMMANDS = {
    "extract": (".cli", "extract facts from files, folders, URLs or stdin ('-')"),
    "tag": (".cli", "show the quantities, times and places found in TEXT (or - for stdin)"),
    "eval": (".cli", "score extraction against gold facts"),
    "schema": (".cli", "print the JSON Schema of the output, every field described"),
    "fetch": (".fetch.cli", "download article pages into a .warc.gz"),
    "watch": (".monitor.cli", "poll RSS/Atom feeds and listing pages; store new articles and their facts in SQLite"),
    "watch-export": (".monitor.cli", "write the articles and facts stored by 'watch'"),
    "report": (".report.cli", "a review page: facts to filter and sort, each in its highlighted sentence, charts"),
    "dataset": (".dataset.cli", "build a dataset of tables (Parquet) from many articles"),
}


def command_help(name: str) -> str:
    """The line that ``extractor --help`` shows for the command ``name``."""
    return COMMANDS[name][1]


class UsageError(Exception):
    """A mistake in how the command was called: one line for the user, exit 2."""


def _to_stdout(output: str | None) -> bool:
    return output is None or output == "-"


def output_format(output: str | None, fmt: str | None) -> str:
    """The format to write: ``-f`` if given, else the one ``-o``'s extension names, else JSONL.

    A ``-f`` that contradicts the extension (``-o facts.parquet -f csv``) and Parquet to stdout
    are usage errors."""
    said = None if _to_stdout(output) else _FORMAT_OF_EXT.get(Path(output).suffix.lower())
    if fmt and said and fmt != said:
        raise UsageError(f"-f {fmt} contradicts -o {output} (a .{said} file name); "
                         f"drop -f or name the file .{fmt}")
    fmt = fmt or said or "jsonl"
    if fmt == "parquet" and _to_stdout(output):
        raise UsageError("Parquet cannot be written to stdout: name a file, e.g. -o facts.parquet")
    return fmt


def check_output(output: str | None, option: str = "-o") -> None:
    """Raise ``UsageError`` when ``output`` cannot be written as a file, before any work is done."""
    if _to_stdout(output):
        return
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"{option} {output} is a folder; name a file in it, e.g. {path / 'facts.jsonl'}")
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"{option} {output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{option} {output}: not allowed to write there")


def open_output_writer(output: str | None, fmt: str | None):
    """The writer for ``-o``/``-f`` as the user gave them, checked first (``UsageError``)."""
    from .io import open_writer

    fmt = output_format(output, fmt)
    check_output(output)
    try:
        return open_writer(fmt, None if _to_stdout(output) else output)
    except OSError as exc:
        raise UsageError(f"-o {output}: cannot write: {exc.strerror or exc}") from None


def require_input(inputs: list[str], what: str = "files, folders, http(s) URLs") -> list[str]:
    """The inputs, or ``["-"]`` when none is given and stdin is piped; at a terminal, say what
    is expected instead of waiting for typed text."""
    if inputs:
        return inputs
    stdin = sys.stdin
    if stdin is None or stdin.closed or stdin.isatty():
        raise UsageError(f"no input: give {what}, or - to read stdin "
                         "(e.g. extractor extract corpus/ -o facts.jsonl)")
    return ["-"]


# ------------------------------------------------------------------ the parser

class Parser(argparse.ArgumentParser):
    """argparse, with "did you mean …?" after a mistyped command or choice."""

    def error(self, message: str):
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            choices = re.findall(r"'([^']*)'", m.group(2))
            close = difflib.get_close_matches(m.group(1), choices, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean '{close[0]}'?"
        super().error(message)


class DefaultsFormatter(argparse.HelpFormatter):
    """Shows an option's default where it has a real one (not None or a switch's False) and its
    help text does not already say it."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if (default not in (None, False, argparse.SUPPRESS) and "default" not in text
                and (action.option_strings or action.nargs in (argparse.OPTIONAL, argparse.ZERO_OR_MORE))
                and default != []):
            text += " (default: %(default)s)"
        return text


def all_parsers(parser: argparse.ArgumentParser):
    """``parser`` and every subcommand's parser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases map to the same parser
                yield from all_parsers(sub)


def add_output_options(parser: argparse.ArgumentParser, quiet: bool = True) -> None:
    """``-o``, ``-f`` (and ``-q``, ``-v``): the output options of ``extract`` and ``watch-export``."""
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="output file; its extension (.jsonl, .json, .csv, .parquet) sets the format "
                             "(default: stdout, as JSONL)")
    parser.add_argument("-f", "--format", choices=OUTPUT_FORMATS,
                        help="output format when -o does not say it by its extension (default: jsonl)")
    if quiet:
        add_talk_options(parser)


# ------------------------------------------------------------------ progress and summary

def add_talk_options(parser: argparse.ArgumentParser) -> None:
    """``-q`` and ``-v`` of the commands that read many inputs."""
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no closing summary")
    talk.add_argument("-v", "--verbose", action="store_true",
                      help="name every article read (with its number of facts) and every file skipped")


class RunReport:
    """Counts of one run, a progress bar on a terminal (nothing when stderr is piped), and the
    closing summary line. ``quiet`` silences progress and summary; ``verbose`` names every input
    read or skipped. Failures are always printed, one line each."""

    def __init__(self, command: str, quiet: bool = False, verbose: bool = False,
                 stream: TextIO | None = None):
        self.command = command
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.stream = stream or sys.stderr
        self.articles = 0
        self.failed = 0
        self.off_topic = 0
        self.skipped = 0  # files in folders that are no articles (answer keys …)
        self.facts = 0
        self.started = time.monotonic()
        self._bar = None
        if not quiet and _is_terminal(self.stream):
            from tqdm import tqdm
            self._bar = tqdm(file=self.stream, unit=" articles", desc=f"extractor {command}", leave=False,
                             dynamic_ncols=True, mininterval=0.2)

    def _say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def failure(self, path: str, reason: str) -> None:
        self.failed += 1
        self._say(f"extractor: {path}: {reason}")
        self._tick()

    def skip(self, path: str, reason: str) -> None:
        self.skipped += 1
        if self.verbose:
            self._say(f"extractor: skipped {path}: {reason}")

    def article(self, article) -> None:
        self.articles += 1
        count = getattr(article, "fact_count", None)  # a ``Rendered`` article carries its count only
        count = len(article.facts) if count is None else count
        self.facts += count
        relevant = getattr(article, "relevant", True)
        if not relevant:
            self.off_topic += 1
        if self.verbose:
            where = article.path or article.url or article.id
            if relevant:
                self._say(f"extractor: {where}: {count} facts")
            else:
                why = getattr(article, "reason", None)
                self._say(f"extractor: {where}: off-topic" + (f" ({why})" if why and why != "off_topic" else ""))
        self._tick()

    def _tick(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def summary(self, output: str | None, what: str = "facts written") -> str:
        seconds = self.seconds()
        where = "stdout" if _to_stdout(output) else output
        line = (f"extractor {self.command}: {self.articles} articles read, {self.failed} failed, "
                f"{self.off_topic} skipped as off-topic, {self.facts} {what} in {seconds:.1f} s -> {where}")
        if self.skipped:
            line += f" ({self.skipped} files in folders skipped as no articles" + \
                    ("" if self.verbose else "; -v names them") + ")"
        return line

    def end_progress(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def seconds(self) -> float:
        return time.monotonic() - self.started

    def close(self, output: str | None, what: str = "facts written") -> None:
        self.end_progress()
        if not self.quiet:
            print(self.summary(output, what), file=self.stream, flush=True)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
