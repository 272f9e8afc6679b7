"""Patterns as data: cue words, unit words and their example corpora (YAML and TSV files here)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent


def parse_yaml(text: str):
    """``yaml.safe_load(text)``, with libyaml's loader where PyYAML has it: the same data, read ten
    times faster (the pure-Python loader took 0.15 s of every start). PyYAML is imported here, when
    a file is parsed: a run that reads the parsed files back from the build cache never loads it."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=None)
def load_yaml(name: str):
    """A pattern file's data, parsed on the first run after the file changes and read back from the
    build cache after (``diskcache``: parsing the cue files was a tenth of a cold start)."""
    from ..diskcache import memo

    path = HERE / name

    def parse():
        with open(path, encoding="utf-8") as fh:
            return parse_yaml(fh.read())

    return memo("yaml-" + name.replace("/", "-").removesuffix(".yaml"), [path], parse)


def load_corpus(name: str) -> list[tuple[int, str, object]]:
    """Rows of a corpus file: ``text<TAB>expected JSON`` (or just ``text`` for negative corpora).
    Lines starting with ``#`` and blank lines are skipped. Returns (line number, text, expected)."""
    rows = []
    with open(HERE / name, encoding="utf-8") as fh:
        for no, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            text, _, expected = line.partition("\t")
            rows.append((no, text.replace("\\n", "\n").replace("\\u00a0", "\u00a0"),
                         json.loads(expected) if expected.strip() else None))
    return rows
