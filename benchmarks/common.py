"""What every benchmark shares: the figure lines, timing and memory sampling."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import psutil


class Report:
    """Prints one line per figure as it is measured: `name: value unit (target ...) ok|FAIL`."""

    def __init__(self) -> None:
        self.ok = self.fail = 0

    def figure(self, name: str, value: float | str, unit: str, target: str, ok: bool | None, note: str = "") -> None:
        """`ok` None: a baseline or an informational figure (counted as ok)."""
        shown = f"{value:,.3g}" if isinstance(value, float) and abs(value) < 100 else (
            f"{value:,.0f}" if isinstance(value, float) else str(value))
        verdict = "ok" if ok is None or ok else "FAIL"
        self.ok += verdict == "ok"
        self.fail += verdict == "FAIL"
        print(f"{name}: {shown} {unit} (target {target}{'; ' + note if note else ''}) {verdict}", flush=True)

    def summary(self) -> None:
        print(f"{self.ok} ok, {self.fail} FAIL", flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds a call took, and its value."""
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def latencies(fn: Callable[[], Any], runs: int, budget_s: float = 5.0) -> list[float]:
    """Milliseconds of up to `runs` calls after one warm-up call, stopping once `budget_s` is spent."""
    fn()
    out: list[float] = []
    deadline = time.perf_counter() + budget_s
    while len(out) < runs and (not out or time.perf_counter() < deadline):
        seconds, _ = timed(fn)
        out.append(seconds * 1000)
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; a single value is every percentile."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[max(min(int(q) - 1, 98), 0)]


class PeakRSS:
    """Samples the resident memory of this process and of its descendants (pool workers) in a thread."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.own = self.child = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.own = max(self.own, me.memory_info().rss)
            for child in me.children(recursive=True):
                try:
                    if "redis" not in child.name():
                        self.child = max(self.child, child.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(self.interval)
