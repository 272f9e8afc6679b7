"""Speed in tests as growth, never as a wall-clock bound: the same work on two sizes in one run.

Time is the CPU time of the thread that runs the work, which other processes on a busy machine
and other threads hardly change, and only the ratio between the sizes is asserted, with a margin.
"""
from __future__ import annotations

import gc
import time
from typing import Any, Callable


def _run(fn: Callable, arg) -> tuple[float, Any]:
    # this thread's CPU time: neither other processes nor threads that earlier tests left running
    # count; the collector runs before, not during, the measured call
    gc.collect()
    gc.disable()
    try:
        t0 = time.thread_time()
        result = fn(arg)
        return time.thread_time() - t0, result
    finally:
        gc.enable()


def assert_linear(fn: Callable, small, large, ratio: float, margin: float = 2.0, repeat: int = 2) -> Any:
    """``fn(large)`` costs at most ``margin`` times what linear growth from ``fn(small)`` predicts,
    where ``large`` is ``ratio`` times the size of ``small`` (quadratic growth would cost ``ratio``
    times more again). Runs alternate and the fastest of each counts. Returns ``fn(large)``."""
    small_runs, large_runs = [], []
    result = None
    for _ in range(repeat):
        small_runs.append(_run(fn, small)[0])
        seconds, result = _run(fn, large)
        large_runs.append(seconds)
    best_small, best_large = min(small_runs), min(large_runs)
    # some slack: tiny inputs are dominated by fixed costs and the clock's resolution
    assert best_large <= ratio * margin * best_small + 0.05, (
        f"{ratio:g}x the input took {best_large / max(best_small, 1e-9):.1f}x the CPU time "
        f"({best_small:.3f} s -> {best_large:.3f} s)")
    return result
