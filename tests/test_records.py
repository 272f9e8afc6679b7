"""The bulk path without frameworks gives what the spaCy pipeline and the pydantic models give.

``extract`` and ``dataset build`` run the recognisers and the fact rules as plain calls
(``analysis.analyse``) and write facts from plain dicts (``records.ArticleRecord``). Here, within
one run, on the sample corpus, the seeds and the real articles of ../shared when present: the
same drafts as through a spaCy ``Doc``, dicts equal (as JSON, so key order and int/float too) to
``model_dump`` of the public models, and every writer writing the same bytes from either."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor.api import extract_record
from extractor.io import iter_inputs, open_writer
from extractor.records import ArticleRecord

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _inputs() -> list[Path]:
    found = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "corpus").glob("heldout*/*.txt"))
    for extra in (SHARED / "seeds", SHARED / "real" / "articles"):
        if extra.is_dir():
            found += sorted(extra.iterdir())
    return found


@pytest.fixture(scope="module")
def records() -> list[ArticleRecord]:
    from extractor.batch import extract_each

    out = [r for r in extract_each(iter_inputs([str(p) for p in _inputs()]), records=True)
           if isinstance(r, ArticleRecord)]
    assert len(out) >= 20 and sum(len(r.facts) for r in out) >= 100
    return out


def _dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False)  # key order and 1 vs 1.0 count, unlike ==


def test_fact_dicts_are_model_dump_of_the_models(records):
    for record in records:
        article = record.to_article()
        assert _dumps([f.model_dump(mode="json", exclude={"doc"}) for f in article.facts]) == _dumps(record.facts)
        assert all(f.doc == article.doc_ref() for f in article.facts)
        assert _dumps(article.doc_ref().model_dump()) == _dumps(record.doc())
        # and back: the model read from the dict is the same model
        assert [type(f).model_validate(f.model_dump()) for f in article.facts] == article.facts


def test_plain_calls_find_what_the_spacy_pipeline_finds(records):
    """The same drafts, relevance and place from the Doc's components as from the plain calls."""
    from extractor.analysis import analyse
    from extractor.pipeline import run

    for record in records:
        for url, when in ((record.url, record.published), (None, None)):
            plain = analyse(record.text, url=url, when=when)
            doc = run(record.text, url=url, when=when)
            assert doc._.fact_drafts == plain.drafts, record.id
            assert (doc._.relevant, doc._.default_place) == (plain.relevant, plain.default_place)
            assert [q.as_dict() for q in doc._.quantities] == [q.as_dict() for q in plain.quantities]
            assert doc._.times == plain.times and doc._.places == plain.places
            public = [f.model_dump(mode="json") for f in doc._.facts]
            assert _dumps(public) == _dumps([{**f, "doc": None} for f in facts_of_text(record.text, url, when)])


def facts_of_text(text: str, url, when) -> list[dict]:
    from extractor.analysis import analyse, fact_dicts

    return fact_dicts(analyse(text, url=url, when=when).drafts, text)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_writers_write_the_same_bytes_from_a_record_and_from_its_article(records, fmt):
    written = []
    for items in (records, [r.to_article() for r in records]):
        buf = io.StringIO()
        with open_writer(fmt, buf) as writer:
            for item in items:
                writer.write(item)
        written.append(buf.getvalue())
    assert written[0] == written[1] and len(written[0]) > 10_000


def test_parquet_rows_are_the_same_from_a_record_and_from_its_article(records, tmp_path):
    import pyarrow.parquet as pq

    tables = []
    for name, items in (("plain", records), ("models", [r.to_article() for r in records])):
        with open_writer("parquet", tmp_path / f"{name}.parquet") as writer:
            for item in items:
                writer.write(item)
        tables.append(pq.read_table(tmp_path / f"{name}.parquet").to_pylist())
    assert tables[0] == tables[1] and len(tables[0]) >= 100


def test_extract_returns_the_record_as_the_public_article():
    import extractor
    from extractor.models import Article

    text = sorted((ROOT / "corpus").glob("*.txt"))[0].read_text(encoding="utf-8")
    article = extractor.extract(text)
    assert isinstance(article, Article) and article.facts
    assert article == extract_record(text).to_article()


@pytest.mark.parametrize("argv, absent", [
    (["--help"], ("spacy", "pydantic", "pandas", "pyarrow", "dask", "distributed", "bs4", "requests", "yaml")),
    (["extract", "{txt}", "-q"], ("spacy", "pydantic", "pandas", "pyarrow", "dask", "distributed", "bs4",
                                  "requests", "warcio", "playwright")),
    (["extract", "{txt}", "-q", "-o", "{out}.csv"], ("spacy", "pydantic", "pyarrow", "dask", "bs4")),
])
def test_a_command_imports_only_what_it_needs(argv, absent, tmp_path):
    txt = sorted((ROOT / "corpus").glob("*.txt"))[0]
    argv = [a.format(txt=txt, out=tmp_path / "facts") for a in argv]
    code = ("import sys\nfrom extractor.cli import main\ntry:\n    code = main(sys.argv[1:])\n"
            "except SystemExit as exc:\n    code = exc.code\n"
            "print(' '.join(sorted(m for m in sys.modules if '.' not in m)), file=sys.stderr)\nsys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stderr.strip().splitlines()[-1].split())
    assert "extractor" in loaded and not loaded & set(absent), sorted(loaded & set(absent))
