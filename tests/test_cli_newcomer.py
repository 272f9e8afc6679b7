"""The command line as a newcomer meets it (issue 12): the README's examples as written, the
output format named by the file, one-line usage errors, progress on a terminal only, a summary,
articles without facts kept visible, codes kept as text. The CLI runs as a subprocess, on real
files, a real pseudo-terminal where a terminal matters, Parquet and CSV read back."""
import csv
import fcntl
import json
import os
import pty
import re
import shlex
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "extractor.cli"]

FACTS_TEXT = ("Cà Mau giảm nghèo\nNăm 2024, tỷ lệ hộ nghèo của tỉnh Cà Mau giảm 0,6%, còn 1,2%; "
              "toàn tỉnh còn 4.015 hộ nghèo.")
NO_FACTS_TEXT = "Lễ hội mùa xuân\nSáng nay, người dân trong xã nô nức đi lễ hội đầu năm."
OFF_TOPIC_TEXT = ("Giải bóng đá thiếu niên tỉnh khép lại\nNăm 2024, giải bóng đá thiếu niên của tỉnh Cà Mau thu hút "
                  "24 đội bóng đến từ các huyện tham dự.\nTrận chung kết diễn ra trên sân vận động tỉnh với hơn "
                  "5.000 khán giả cổ vũ nhiệt tình.")


def run(*args, stdin=None, cwd=None):
    proc = subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=300, cwd=cwd)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def run_on_terminal(*args, cwd=None, stdin_terminal=False):
    """Run with stderr (and stdin if asked) on a real pseudo-terminal; stdout stays a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24 rows, 100 columns
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=slave,
                            stdin=slave if stdin_terminal else subprocess.DEVNULL, cwd=cwd)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out = proc.stdout.read()
    proc.stdout.close()
    return proc.wait(timeout=300), out.decode("utf-8"), seen.decode("utf-8", "replace")


def one_line_usage_error(code, err):
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "camau.txt").write_text(FACTS_TEXT, encoding="utf-8")
    (folder / "lehoi.txt").write_text(NO_FACTS_TEXT, encoding="utf-8")
    return folder


# -- 1. the README's examples, and folders searched for articles only

def readme_commands():
    """Every complete `extractor …` command the README shows: in its sh blocks, and in its prose
    where no placeholder (PATH, URL, …) stands in; FOLDER is the sample corpus. Commands that need
    the network or a monitor's db (fetch, watch, watch-export) are tested on a local site instead."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            commands += [c.strip() for c in line.split("&&") if c.strip().startswith("extractor ")]
    for cmd in re.findall(r"`(extractor [^`]+)`", text):
        cmd = " ".join(cmd.replace("FOLDER", "corpus/").split())
        if cmd.split()[1] in ("fetch", "watch", "watch-export"):
            continue
        if len(cmd.split()) > 2 and re.search(r"\b[A-Z]{3,}\b|…|\||\[", cmd) is None:  # not a bare name
            commands.append(cmd)
    return list(dict.fromkeys(commands))


def test_the_readme_shows_the_folder_examples():
    cmds = readme_commands()
    assert "extractor extract corpus/*.txt -o facts.jsonl" in cmds
    assert "extractor eval corpus/gold corpus/" in cmds
    assert "extractor report corpus/ -o report.html" in cmds
    assert any(c.startswith("extractor extract corpus/ --workers 2") for c in cmds)


@pytest.mark.parametrize("command", readme_commands())
def test_readme_example_passes_as_written(command, tmp_path, request):
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    if "../shared" in command:  # runs where ../shared is beside the checkout (CI fails without it)
        shared = request.getfixturevalue("shared_dir")
        command = command.replace("../shared", shlex.quote(str(shared)))
    python = shlex.join(CLI)
    proc = subprocess.run(["bash", "-c", python + command[len("extractor"):]], cwd=tmp_path,
                          capture_output=True, timeout=600)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "extractor: " not in err  # no input named as a failure
    if "report" in command:
        page = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert "inputs failed" not in page and "class=failed" not in page
    if "-o facts.jsonl" in command:
        lines = (tmp_path / "facts.jsonl").read_text(encoding="utf-8").splitlines()
        docs = {json.loads(line)["doc"]["id"] for line in lines}
        assert "camau_ra_soat_ho_ngheo_2024" in docs
        assert not any(d.startswith("gold") or "gold" in (json.loads(line)["doc"]["path"] or "")
                       for d, line in zip(docs, lines))


def test_readme_python_example_runs_as_written(monkeypatch):
    [code] = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["article"].facts and scope["doc"]._.facts


def test_folders_skip_answer_keys_and_hidden_files_but_named_files_still_fail(articles):
    (articles / "gold").mkdir()
    (articles / "gold" / "camau.json").write_text(json.dumps({"doc": "camau.txt", "facts": []}), encoding="utf-8")
    (articles / ".hidden.txt").write_text(FACTS_TEXT, encoding="utf-8")
    (articles / "notes.md").write_text("# notes", encoding="utf-8")
    (articles / "records.jsonl").write_text(json.dumps({"id": "r1", "text": FACTS_TEXT}) + "\n", encoding="utf-8")
    code, out, err = run("extract", str(articles), "-v")
    assert code == 0, err
    ids = {json.loads(line)["doc"]["id"] for line in out.splitlines()}
    assert ids == {"camau", "lehoi", "r1"}
    assert "skipped" in err and "camau.json" in err and "answer key" in err
    # a gold file named on its own is still an error: the user asked for it
    code, _, err = run("extract", str(articles / "gold" / "camau.json"))
    assert code == 1 and "camau.json" in err


# -- 2, 6 and 9. the format the file name says; articles without facts; codes as text

@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The same two articles (one with facts, one without) written as each format by its name."""
    base = tmp_path_factory.mktemp("outputs")
    folder = base / "in"
    folder.mkdir()
    (folder / "camau.txt").write_text(FACTS_TEXT, encoding="utf-8")
    (folder / "lehoi.txt").write_text(NO_FACTS_TEXT, encoding="utf-8")
    for name in ("f.parquet", "f.csv", "f.json", "f.jsonl"):
        code, stdout, err = run("extract", str(folder), "-o", str(base / name))
        assert code == 0, err
        assert stdout == ""
    return base


def test_output_format_is_taken_from_the_extension(outputs):
    import pyarrow.parquet as pq

    rows = pq.read_table(outputs / "f.parquet").to_pylist()
    assert {r["doc_id"] for r in rows} == {"camau", "lehoi"}
    assert ("poor_households", 4015.0) in {(r["indicator"], r["value"]) for r in rows}
    with open(outputs / "f.csv", encoding="utf-8", newline="") as fh:
        assert {r["doc_id"] for r in csv.DictReader(fh)} == {"camau", "lehoi"}
    assert [a["id"] for a in json.loads((outputs / "f.json").read_text(encoding="utf-8"))] == ["camau", "lehoi"]
    lines = [json.loads(line) for line in (outputs / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {x["doc"]["id"] for x in lines} == {"camau", "lehoi"}


def test_an_article_without_facts_is_visible_in_every_format(outputs):
    import pyarrow.parquet as pq

    jsonl = [json.loads(line) for line in (outputs / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    [lehoi] = [x for x in jsonl if x["doc"]["id"] == "lehoi"]
    assert lehoi["facts"] == 0 and lehoi["doc"]["path"].endswith("lehoi.txt")
    assert lehoi["reason"] in ("off_topic", "no_numbers", "no_facts")
    assert all("indicator" in x for x in jsonl if x["doc"]["id"] == "camau")
    data = json.loads((outputs / "f.json").read_text(encoding="utf-8"))
    assert [a["facts"] for a in data if a["id"] == "lehoi"] == [[]]
    with open(outputs / "f.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["doc_id"] == "lehoi"]
    assert len(rows) == 1 and rows[0]["doc_facts"] == "0" and rows[0]["indicator"] == ""
    table = pq.read_table(outputs / "f.parquet").to_pylist()
    rows = [r for r in table if r["doc_id"] == "lehoi"]
    assert len(rows) == 1 and rows[0]["doc_facts"] == 0 and rows[0]["indicator"] is None
    camau = [r for r in table if r["doc_id"] == "camau"]
    assert camau and all(r["doc_facts"] == len(camau) for r in camau)


def test_csv_keeps_codes_as_text(outputs):
    raw = (outputs / "f.csv").read_text(encoding="utf-8")
    assert '"96"' in raw  # Cà Mau's code, quoted
    with open(outputs / "f.csv", encoding="utf-8", newline="") as fh:  # a reader typing unquoted cells as numbers
        rows = list(csv.reader(fh, quoting=csv.QUOTE_NONNUMERIC))
    header = rows[0]
    code_col, value_col = header.index("location_code"), header.index("value")
    facts = [r for r in rows[1:] if r[header.index("indicator")]]
    assert facts and all(r[code_col] == "96" for r in facts if r[code_col])
    assert all(isinstance(r[value_col], float) for r in facts if r[value_col] != "")


def test_a_format_that_contradicts_the_file_name_is_a_usage_error(articles, tmp_path):
    line = one_line_usage_error(*run("extract", str(articles), "-o", str(tmp_path / "f.parquet"), "-f", "csv")[::2])
    assert "-f csv" in line and "f.parquet" in line
    assert not (tmp_path / "f.parquet").exists()
    # agreeing, or an extension that names no format: fine
    assert run("extract", str(articles), "-o", str(tmp_path / "g.csv"), "-f", "csv")[0] == 0
    assert run("extract", str(articles), "-o", str(tmp_path / "facts.out"), "-f", "json")[0] == 0
    json.loads((tmp_path / "facts.out").read_text(encoding="utf-8"))


# -- 3. a user's mistake is one line and exit 2

def test_user_mistakes_are_one_line_and_exit_2(articles, tmp_path):
    line = one_line_usage_error(*run("extract", str(articles), "-o", str(tmp_path / "nope" / "f.jsonl"))[::2])
    assert "nope" in line and "does not exist" in line
    line = one_line_usage_error(*run("extract", str(articles), "-o", str(tmp_path))[::2])
    assert "is a folder" in line
    line = one_line_usage_error(*run("extract", str(articles), "-f", "parquet")[::2])
    assert "Parquet" in line and "stdout" in line
    line = one_line_usage_error(*run("report", str(articles), "-o", str(tmp_path))[::2])
    assert str(tmp_path) in line and ("is a folder" in line or "Is a directory" in line)
    line = one_line_usage_error(*run("extract", str(articles), "--workers", "0")[::2])
    assert "--workers" in line


def test_eval_with_a_gold_folder_whose_articles_are_elsewhere(tmp_path):
    code, _, err = run("eval", str(ROOT / "corpus" / "gold"), str(tmp_path))
    line = one_line_usage_error(code, err)
    assert "camau_ra_soat_ho_ngheo_2024.txt" in line and "CORPUS_DIR" in line
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "x.json").write_text("{not json", encoding="utf-8")
    line = one_line_usage_error(*run("eval", str(tmp_path / "gold"), str(tmp_path))[::2])
    assert "x.json" in line


# -- 4. progress on a terminal, a summary, -q and -v

def test_progress_on_a_terminal_and_none_when_piped(articles, tmp_path):
    code, out, term = run_on_terminal("extract", str(articles), "-o", str(tmp_path / "f.jsonl"))
    assert code == 0, term
    assert re.search(r"\r(?!\n)", term) and "articles" in term  # the bar redraws itself (the terminal's \r\n aside)
    summary = term.strip().splitlines()[-1]
    assert "2 articles read" in summary and "0 failed" in summary and "skipped as off-topic" in summary
    assert re.search(r"\d+ facts written in \d+\.\d s -> .*f\.jsonl", summary)

    code, _, err = run("extract", str(articles), "-o", str(tmp_path / "g.jsonl"))
    assert code == 0
    assert "\r" not in err and err.count("\n") == 1  # the summary alone
    n_facts = len((tmp_path / "g.jsonl").read_text(encoding="utf-8").splitlines()) - 1  # less the no-facts line
    assert f"{n_facts} facts written" in err


def test_quiet_and_verbose(articles, tmp_path):
    (articles / "empty.txt").write_bytes(b"")
    (articles / "bongda.txt").write_text(OFF_TOPIC_TEXT, encoding="utf-8")
    code, _, err = run("extract", str(articles), "-q", "-o", str(tmp_path / "f.jsonl"))
    assert code == 1
    assert err.strip().splitlines() == [f"extractor: {articles / 'empty.txt'}: empty file"]  # failures still told
    code, _, term = run_on_terminal("extract", str(articles), "-q", "-o", str(tmp_path / "f.jsonl"))
    assert not re.search(r"\r(?!\n)", term) and "articles read" not in term
    code, _, err = run("extract", str(articles), "-v", "-o", str(tmp_path / "f.jsonl"))
    assert "camau.txt: 3 facts" in err and "lehoi.txt: 0 facts" in err and "bongda.txt: off-topic" in err
    assert "3 articles read, 1 failed, 1 skipped as off-topic, 3 facts written" in err
    assert run("extract", str(articles), "-q", "-v")[0] == 2  # one or the other


def test_the_summary_counts_off_topic_articles():
    from types import SimpleNamespace

    from extractor.clitools import RunReport
    import io

    stream = io.StringIO()
    report = RunReport("extract", verbose=True, stream=stream)
    report.article(SimpleNamespace(facts=[1, 2], path="a.txt", url=None, id="a"))
    report.article(SimpleNamespace(facts=[], path="b.txt", url=None, id="b", relevant=False, reason="sports"))
    report.failure("c.txt", "empty file")
    report.close("out.csv")
    lines = stream.getvalue().splitlines()
    assert lines[:3] == ["extractor: a.txt: 2 facts", "extractor: b.txt: off-topic (sports)",
                         "extractor: c.txt: empty file"]
    assert re.match(r"extractor extract: 2 articles read, 1 failed, 1 skipped as off-topic, 2 facts written "
                    r"in \d+\.\d s -> out\.csv$", lines[3])


# -- 5. no input at a terminal, --version, did you mean, --help

def test_no_input_at_a_terminal_says_what_is_expected():
    code, _, term = run_on_terminal("extract", stdin_terminal=True)  # would hang if it read the terminal
    assert code == 2
    assert "no input" in term and "extractor extract corpus/" in term and "Traceback" not in term
    code, _, term = run_on_terminal("report", stdin_terminal=True)
    assert code == 2 and "no input" in term


def test_version_and_did_you_mean():
    from extractor import __version__

    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"extractor {__version__}"
    code, _, err = run("extrct", "corpus/")
    assert code == 2 and "did you mean 'extract'?" in err and "Traceback" not in err
    code, _, err = run("extract", "-f", "parqet", "x")
    assert code == 2 and "did you mean 'parquet'?" in err


def test_every_option_of_every_command_has_help_and_shows_its_default():
    import argparse

    from extractor.cli import build_parser
    from extractor.clitools import all_parsers

    parsers = list(all_parsers(build_parser()))
    assert len(parsers) >= 9
    for parser in parsers:
        text = parser.format_help()
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)):
                continue
            name = "/".join(action.option_strings) or action.dest
            assert action.help, f"{parser.prog} {name} has no help"
            if action.option_strings and action.default not in (None, False, [], argparse.SUPPRESS):
                help_text = parser._get_formatter()._expand_help(action) if action.help else ""
                assert "default" in help_text, f"{parser.prog} {name} hides its default"
        assert "(default: None)" not in text
    extract_help = run("extract", "--help")[1]
    for option in ("-f", "-v", "-q", "--workers", "--render"):
        assert option in extract_help
    watch_help = run("watch", "--help")[1]
    assert "--max-redirects N" in watch_help and "--user-agent UA" in watch_help and "(default 5)" in watch_help
    assert "--compact" in run("tag", "--help")[1]


# -- 7. the schema describes every field; the contract ships with the project

def test_schema_fact_describes_every_field():
    code, out, _ = run("schema", "fact")
    assert code == 0
    schema = json.loads(out)
    models = [schema] + list(schema["$defs"].values())
    named = {m["title"] for m in models}
    assert {"Fact", "Location", "Time", "Evidence", "DocRef", "CurrentUnit"} <= named
    for model in models:
        for field, spec in model.get("properties", {}).items():
            assert spec.get("description"), f"{model['title']}.{field} is not described"
    fact = schema["properties"]
    for field in ("kind", "bound", "status", "attributes"):
        assert fact[field]["description"]
    assert "start" in fact["kind"]["description"] or "state" in fact["kind"]["description"]
    assert "point" in schema["$defs"]["Time"]["properties"]


def test_the_contract_the_readme_points_to_ships_with_the_project():
    from extractor.models import Fact, Location

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/facts.md" in readme and "../shared" not in readme.split("## Commands")[0]
    contract = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
    for field in list(Fact.model_fields) + list(Location.model_fields):
        assert f"`{field}`" in contract, field


# -- 8. the Python API

def test_extract_given_a_file_path(articles):
    import extractor

    by_path = extractor.extract(articles / "camau.txt")
    assert by_path.id == "camau" and by_path.path == str(articles / "camau.txt")
    assert [f.value for f in by_path.facts] == [f.value for f in extractor.extract(FACTS_TEXT).facts]
    with pytest.raises(ValueError, match="is the name of a file"):
        extractor.extract(str(articles / "camau.txt"))
    with pytest.raises(ValueError, match="empty file"):
        (articles / "empty.txt").write_bytes(b"")
        extractor.extract(articles / "empty.txt")


def test_the_pipeline_doc_holds_public_facts_and_displacy_shows_everything():
    from spacy import displacy

    import extractor
    from extractor.models import Fact

    doc = extractor.load()(FACTS_TEXT)
    assert doc._.facts and all(isinstance(f, Fact) for f in doc._.facts)
    assert [f.model_dump(exclude={"doc"}) for f in doc._.facts] == [
        f.model_dump(exclude={"doc"}) for f in extractor.extract(FACTS_TEXT).facts]
    for f in doc._.facts:
        assert FACTS_TEXT[f.evidence.start:f.evidence.end] == f.evidence.text
    labels = {s.label_ for s in doc.spans["sc"]}
    assert {"poverty_rate", "poor_households", "%", "year", "province"} <= labels
    page = displacy.render(doc, style="span")
    for label in ("poverty_rate", "poor_households", "year", "province"):
        assert label in page


# -- 9. one name per place code

def test_one_name_per_place_code_across_the_corpus(tmp_path):
    out = tmp_path / "all.csv"
    code, _, err = run("extract", str(ROOT / "corpus"), "-o", str(out))
    assert code == 0, err
    names: dict = {}
    current: dict = {}
    with open(out, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["location_code"]:
                assert r["location_era"] in ("old", "2025")
                names.setdefault((r["location_level"], r["location_era"], r["location_code"]), set()).add(
                    r["location_name"])
            if r["location_current_code"]:
                current.setdefault(r["location_current_code"], set()).add(r["location_current_name"])
    assert len(names) > 20
    assert {k: v for k, v in names.items() if len(v) > 1} == {}
    assert {k: v for k, v in current.items() if len(v) > 1} == {}
    # the code reused in 2025 is told apart by its era
    eras = {k[1] for k in names if k[2] == "04603"}
    assert eras == {"old", "2025"}
