"""Extraction of many documents on dask.distributed, written back in input order.

The main process reads the inputs with ``iter_inputs`` (the readers' own order and failures) and
groups the documents into tasks of about ``TASK_BYTES``; each worker process extracts a task's
documents with the pipeline it loaded once. Results come back task by task in input order, with
at most ``window`` tasks submitted ahead of the one being written, so memory stays bounded
however many documents there are. Reading in the main process keeps the walk, decoding and
failures exactly those of the in-process run, and workers need not see the files.

A task whose workers kept dying (Dask retries it on another worker: once on the cluster started
here, as the scheduler's ``allowed-failures`` says on another) or that failed is split into one
task per document, so only the document at fault is reported; nothing is dropped silently.
"""
from __future__ import annotations

import gc
import logging
import os
from collections import deque
from contextlib import ExitStack
from functools import partial
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from .io import InputDoc, ReadFailure
from .records import ArticleRecord

if TYPE_CHECKING:
    from .models import Article

__all__ = ["TASK_BYTES", "TASK_DOCS", "extract_one", "extract_each", "extract_batch", "plan_tasks",
           "extract_parallel"]

# ~128 KiB of text is ~100 articles, a fraction of a second: large enough that Dask's per-task
# cost (~ms) is noise, small enough to spread a few thousand files over the workers.
TASK_BYTES = 128 * 1024
TASK_DOCS = 256

Item = InputDoc | ReadFailure


def extract_one(item: InputDoc, records: bool = False) -> Article | ArticleRecord | ReadFailure:
    """The Article of one input document (as plain data with ``records``), or why it could not
    be extracted."""
    from .api import extract_record

    try:
        if item.html is not None:
            result = page_article(extract_record(item.html, url=item.url, published=item.published, path=item.path,
                                                 id=item.id, source=item.source, html=True), item.path or item.id)
        else:
            result = extract_record(item.text, url=item.url, published=item.published, title=item.title,
                                    path=item.path, id=item.id, source=item.source, html=False)
        return result if records or isinstance(result, ReadFailure) else result.to_article()
    except Exception as exc:  # one bad document must not stop ten thousand good ones
        return ReadFailure(item.path or item.id, f"{type(exc).__name__}: {exc}")


def page_article(article, where: str):
    """The article read from an HTML page, or a failure when it has no text: a page that
    yields an empty article is reported, never passed on silently."""
    if article.text.strip():
        return article
    return ReadFailure(where, "no article text found in the page")


def extract_each(items: Iterable[Item], records: bool = False) -> Iterator[Article | ArticleRecord | ReadFailure]:
    """Articles of the documents in ``items`` (as plain data with ``records``), in order; read
    failures pass through."""
    for item in items:
        yield item if isinstance(item, ReadFailure) else extract_one(item, records)


def extract_batch(items: list[Item], records: bool = False, render: Callable | None = None) -> list:
    """One task, run on a worker; with ``render`` (a writer's ``in_worker``), each article comes
    back as its output text, or as itself when it cannot be rendered (the writer then says why)."""
    out = list(extract_each(items, records))
    if render is not None:
        for i, result in enumerate(out):
            if not isinstance(result, ReadFailure):
                try:
                    out[i] = render(result)
                except Exception:
                    pass
    return out


def _warm_worker() -> int:
    """Load the recognisers' and rules' data (cached per process) before the first task."""
    from .api import extract_record

    extract_record("Năm 2024, tỉnh Cà Mau còn 4.015 hộ nghèo, chiếm tỷ lệ 1,2%.")
    # A Dask worker holds a large heap of long-lived objects (its own modules and state, then our
    # data): every full collection walked all of it again, a quarter of the worker's CPU over a run.
    # Frozen, the collector walks only what the tasks allocate (scripts/bench_batch.py: 1.21x ->
    # 1.61x one process on two cores, output the same).
    gc.collect()
    gc.freeze()
    return os.getpid()


def plan_tasks(items: Iterable[Item], task_bytes: int = TASK_BYTES,
               task_docs: int = TASK_DOCS) -> Iterator[list[Item]]:
    """``items`` in order, grouped into tasks of about ``task_bytes`` of text or HTML.

    A document larger than ``task_bytes`` is a task of its own; a big JSONL or WARC file is
    spread over several tasks, record by record."""
    batch: list[Item] = []
    size = 0
    for item in items:
        n = 0 if isinstance(item, ReadFailure) else len(item.text or item.html or "")
        if batch and (size + n > task_bytes or len(batch) >= task_docs):
            yield batch
            batch, size = [], 0
        batch.append(item)
        size += n
    if batch:
        yield batch


def extract_parallel(items: Iterable[Item], workers: int = 2, scheduler: str | None = None,
                     task_bytes: int = TASK_BYTES, window: int | None = None,
                     timeout: float = 10, records: bool = False,
                     render: Callable | None = None) -> Iterator[Article | ArticleRecord | ReadFailure]:
    """``extract_each(items, records)`` run on Dask workers: the same results in the same order
    (each put into its output text on the worker when ``render`` is given: ``extract_batch``).

    ``items`` is what ``iter_inputs`` yields, read lazily as tasks are submitted. Runs on a new
    local cluster of ``workers`` processes, or on the Dask scheduler at ``scheduler``. Connects
    before returning, so a bad address or a cluster that cannot start raises here (OSError,
    TimeoutError or RuntimeError); the cluster is closed when the returned iterator is exhausted
    or closed. Worker processes are spawned: a script calling this needs the
    ``if __name__ == "__main__":`` guard."""
    import dask
    from distributed import Client, LocalCluster

    # Each Dask connection keeps its last 1000 messages (under 1 MB each) for debugging: with the
    # documents inside them, that would hold ~1000 tasks of text per worker in this process.
    # Set for the process, not a block: connections to restarted workers open mid-run.
    dask.config.set({"distributed.admin.low-level-log-length": 16})
    # A worker samples its threads' stacks every 10 ms for the dashboard's profile, which nobody
    # reads here: a thread taking the GIL a hundred times a second beside the task.
    dask.config.set({"distributed.worker.profile.enabled": False})
    resources = ExitStack()  # closed in reverse: the client, then the cluster we started
    try:
        if scheduler:
            client = resources.enter_context(Client(scheduler, timeout=timeout))
        else:
            # One retry after a worker dies; a second death on the same task puts the task at fault.
            with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
                cluster = resources.enter_context(LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    # any free port: even without a dashboard the scheduler's HTTP server binds one;
                    # Dask's own logs only at CRITICAL: a worker that misses a heartbeat while the
                    # cluster shuts down under load logs a traceback at ERROR, none of the user's
                    # concern (a failed task is reported as the document's failure)
                    dashboard_address=":0", silence_logs=logging.CRITICAL))
            client = resources.enter_context(Client(cluster, timeout=timeout))
        try:
            client.run(_warm_worker)  # fails now, not mid-run, if workers cannot run extractor
        except Exception as exc:
            raise RuntimeError(f"the workers cannot run extractor: {type(exc).__name__}: {exc}") from exc
        nthreads = sum(client.nthreads().values()) or workers
    except BaseException:
        resources.close()
        raise
    # Two tasks queued behind each running one keep workers busy while the head is written.
    options = {k: v for k, v in (("records", records), ("render", render)) if v}
    submit = partial(client.submit, **options) if options else client.submit
    return _ordered_results(submit, plan_tasks(items, task_bytes), window or 3 * nthreads, resources.close)


def _ordered_results(submit: Callable, tasks: Iterator[list[Item]], window: int,
                     close: Callable[[], None]) -> Iterator[Article | ReadFailure]:
    """Submit tasks at most ``window`` ahead of the one written; yield results in task order."""
    def start(batch):
        # pure=False: no hashing of the documents to name the task; each is run once
        return batch, submit(extract_batch, batch, pure=False)

    pending: deque = deque()  # (batch, future) in input order
    try:
        while True:
            while len(pending) < window and (batch := next(tasks, None)) is not None:
                pending.append(start(batch))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results = future.result()
            except Exception as exc:
                if len(batch) > 1:  # find the document at fault: run each alone, in the same place
                    pending.extendleft(start([item]) for item in reversed(batch))
                    continue
                results = [item if isinstance(item, ReadFailure) else
                           ReadFailure(item.path or item.id, f"worker failed: {type(exc).__name__}: {exc}")
                           for item in batch]
            finally:
                future.release()
            yield from results
    finally:
        for _, future in pending:
            future.cancel()
        close()
