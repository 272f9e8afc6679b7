"""Parallel extraction on a real dask.distributed LocalCluster (2 worker processes), compared with
the in-process run over the same folder: same articles, facts, failures and order."""
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import dask
import distributed
import pytest
from distributed.diagnostics.plugin import SchedulerPlugin

from extractor.batch import extract_each, extract_parallel, plan_tasks
from extractor.io import ReadFailure, iter_inputs

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
PAGE = ROOT / "tests" / "pages" / "provincial_baobackan.html"


def run(*args, stdin=None):
    proc = subprocess.run([sys.executable, "-m", "extractor.cli", *args], input=stdin, capture_output=True,
                          timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def as_rows(results):
    """Articles and failures as comparable plain data, in order."""
    return [("failed", r.path, r.reason) if isinstance(r, ReadFailure) else r.model_dump(mode="json")
            for r in results]


def copies(folder: Path, n: int) -> None:
    """``n`` copies of the corpus under ``folder``, each copy in its own subfolder, text varied."""
    for k in range(n):
        sub = folder / f"copy{k:02d}"
        sub.mkdir(parents=True)
        for src in CORPUS:
            (sub / src.name).write_text(src.read_text(encoding="utf-8") + "\n" * (k + 1), encoding="utf-8")


@pytest.fixture(scope="module")
def scheduler():
    """One cluster for the module; one retry after a worker dies, as the CLI's own cluster has."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as client:
        yield cluster.scheduler_address, client, cluster


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Corpus copies plus inputs that fail in every way a folder can: junk, empty, loop, link, bad JSONL."""
    d = tmp_path_factory.mktemp("articles")
    copies(d, 8)
    shutil.copy(PAGE, d / "copy03" / "page.html")
    (d / "copy01" / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (d / "copy02" / "empty.txt").write_bytes(b"")
    (d / "copy04" / "loop").symlink_to(d)
    (d / "copy05" / "gone.txt").symlink_to(d / "nowhere.txt")
    text = CORPUS[0].read_text(encoding="utf-8")
    (d / "copy06" / "records.jsonl").write_text(
        json.dumps({"id": "r1", "text": text}, ensure_ascii=False) + "\n{not json\n"
        + json.dumps({"id": "r3", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def serial_cli(folder, tmp_path_factory):
    """The in-process CLI run: exit code, JSON output and the failure lines of stderr."""
    out = tmp_path_factory.mktemp("serial") / "out.json"
    code, _, err = run("extract", str(folder), "-f", "json", "-o", str(out))
    return code, out.read_text(encoding="utf-8"), err


def failure_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("extractor: ")]


def in_process(path) -> list:
    return as_rows(extract_each(iter_inputs([str(path)])))


def on_workers(path, address, task_bytes) -> list:
    return as_rows(extract_parallel(iter_inputs([str(path)]), scheduler=address, task_bytes=task_bytes))


def test_plan_batches_small_documents_and_keeps_input_order(folder):
    items = list(iter_inputs([str(folder)]))
    tasks = list(plan_tasks(iter(items), task_bytes=8 * 1024))
    assert [item for task in tasks for item in task] == items
    assert len(tasks) > 8 and max(len(t) for t in tasks) > 1
    for task in tasks:
        docs = [d for d in task if not isinstance(d, ReadFailure)]
        assert len(task) == 1 or sum(len(d.text or d.html or "") for d in docs) <= 8 * 1024


def test_cli_workers_2_writes_what_the_in_process_run_writes(folder, serial_cli, tmp_path):
    serial_code, serial_out, serial_err = serial_cli
    articles = json.loads(serial_out)
    assert serial_code == 1 and len(articles) > 8 * len(CORPUS) and any(a["facts"] for a in articles)
    out = tmp_path / "out.json"
    code, _, err = run("extract", str(folder), "--workers", "2", "-f", "json", "-o", str(out))
    assert code == 1, err
    assert out.read_text(encoding="utf-8") == serial_out  # same articles, facts and order, byte for byte
    assert failure_lines(err) == failure_lines(serial_err)
    for name in ("junk.txt", "empty.txt", "loop", "gone.txt", "records.jsonl:2"):
        assert sum(name in line for line in failure_lines(err)) == 1, (name, err)


def test_cli_on_an_existing_scheduler_jsonl(folder, serial_cli, scheduler, tmp_path):
    serial = tmp_path / "serial.jsonl"
    assert run("extract", str(folder), "-o", str(serial))[0] == 1
    out = tmp_path / "out.jsonl"
    code, _, err = run("extract", str(folder), "--scheduler", scheduler[0], "-o", str(out))
    assert code == 1, err
    # the lines were made on the workers (JSONL is rendered where it is extracted): the same bytes,
    # and the summary counts the same articles and facts
    assert out.read_text(encoding="utf-8") == serial.read_text(encoding="utf-8")
    assert failure_lines(err) == failure_lines(serial_cli[2])
    summary = [line.split(" in ")[0] for line in err.splitlines() if "facts written" in line]
    assert summary and summary == [line.split(" in ")[0] for line in serial_cli[2].splitlines()
                                   if "facts written" in line]


def test_all_good_inputs_exit_zero_and_stdin_goes_to_the_workers_too(scheduler, tmp_path):
    copies(tmp_path / "in", 1)
    code, out, err = run("extract", str(tmp_path / "in"), "--scheduler", scheduler[0])
    assert code == 0, err
    assert {json.loads(line)["doc"]["id"] for line in out.splitlines()} <= {p.stem for p in CORPUS}
    text = CORPUS[0].read_bytes()
    code, out, err = run("extract", "-", "--scheduler", scheduler[0], "-f", "json", stdin=text)
    assert code == 0, err
    assert out == run("extract", "-", "-f", "json", stdin=text)[1]


def test_order_follows_input_when_an_early_task_is_slower(scheduler, tmp_path):
    address, client, _ = scheduler
    whole = "".join(p.read_text(encoding="utf-8") for p in CORPUS)
    (tmp_path / "a_slow.txt").write_text(whole * 10, encoding="utf-8")  # ~1 s of work, one task
    copies(tmp_path / "b", 2)
    with distributed.get_task_stream(client) as stream:
        rows = on_workers(tmp_path, address, task_bytes=4 * 1024)
    assert rows == in_process(tmp_path)
    assert rows[0]["id"] == "a_slow"
    # The slow task (first in the input) really finished after others: order came from the buffer.
    ends = sorted((ss["stop"], ss["stop"] - ss["start"]) for t in stream.data for ss in t["startstops"]
                  if ss["action"] == "compute" and "extract_batch" in str(t["key"]))
    assert len(ends) > 3
    slowest = max(range(len(ends)), key=lambda i: ends[i][1])
    assert slowest > 0, "the slow task was not the last to finish: nothing was reordered"


def test_fact_rules_are_loaded_once_per_worker(scheduler, tmp_path):
    from extractor.facts.cues import cues

    copies(tmp_path, 2)  # work for both workers, whichever tests ran before
    assert on_workers(tmp_path, scheduler[0], task_bytes=4 * 1024) == in_process(tmp_path)
    info = scheduler[1].run(cues.cache_info)
    assert len(info) == 2
    for cache in info.values():
        assert cache.misses == 1 and cache.hits > 10


def test_unreachable_scheduler_and_bad_workers_are_usage_errors(tmp_path):
    with pytest.raises(OSError):
        extract_parallel(iter_inputs([str(tmp_path)]), scheduler="tcp://127.0.0.1:1", timeout=1)
    code, _, err = run("extract", str(tmp_path), "--workers", "0")
    assert code == 2 and "--workers" in err


class Erred(SchedulerPlugin):
    """Keys of the tasks the scheduler gave up on (a real scheduler plugin, on the real scheduler)."""

    def __init__(self):
        self.keys = []

    def transition(self, key, start, finish, *args, **kwargs):
        if finish == "erred":
            self.keys.append(key)


def until(condition, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {condition}")


def test_a_task_whose_workers_are_killed_twice_is_split_and_loses_no_article(scheduler, tmp_path):
    address, client, cluster = scheduler
    whole = "".join(p.read_text(encoding="utf-8") for p in CORPUS) * 8  # ~0.5 s of work a document
    for i in range(4):
        (tmp_path / f"part{i}.txt").write_text(whole + "\n" * i, encoding="utf-8")
    expected = in_process(tmp_path)
    erred = Erred()
    cluster.scheduler.add_plugin(erred, name="erred")
    rows: list = []
    two_a_task = 3 * len(whole)
    consumer = threading.Thread(target=lambda: rows.extend(on_workers(tmp_path, address, task_bytes=two_a_task)))
    consumer.start()
    key = None
    for _ in range(2):  # the first death is retried by Dask, the second makes it give up on the task
        def running():
            return next(((w, k) for w, keys in client.processing().items() for k in keys
                         if "extract_batch" in str(k) and k == (key or k)), None)
        worker, key = until(running)
        os.kill(client.run(os.getpid, workers=[worker])[worker], signal.SIGKILL)
        until(lambda: worker not in client.scheduler_info()["workers"])
    consumer.join(timeout=120)
    cluster.scheduler.remove_plugin("erred")
    assert not consumer.is_alive()
    assert key in erred.keys
    assert rows == expected  # its two documents, run alone on the restarted workers, were written in order
