"""Run every benchmark and print one line per figure: `name: value unit (target ...) ok|FAIL`.

    python benchmarks/run.py [--quick] [--only ingest,store,analytics,app]

--quick: a 3 MB corpus, the 100k-node graph and the app on the sample corpus (under 10 minutes on 2 cores);
the full run adds a 20 MB corpus, a 1M-node / 10M-edge store load and the app on the 100k-node graph.
Ratios are against baselines measured in the same run.
The exit code is 0 whatever the figures; the last line counts them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_analytics, bench_app, bench_ingest, bench_store  # noqa: E402
from benchmarks.common import Report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus and graphs (< 10 minutes)")
    parser.add_argument("--only", default="ingest,store,analytics,app", help="comma-separated parts to run")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    report = Report()
    started = time.perf_counter()
    print(f"# benchmarks/run.py{' --quick' if args.quick else ''}, {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    if "ingest" in parts:
        bench_ingest.run(report, args.quick)
    if parts & {"store", "analytics"}:
        _, kg = bench_store.run(report, args.quick) if "store" in parts else (None, _graph())
        if "analytics" in parts:
            bench_analytics.run(report, kg)
    if "app" in parts:
        bench_app.run(report, args.quick)
    report.figure("benchmark_seconds", time.perf_counter() - started, "s",
                  "< 600 s with --quick" if args.quick else "informational", not args.quick or
                  time.perf_counter() - started < 600)
    report.summary()
    return 0


def _graph():
    from benchmarks.synth_graph import make_graph, to_kg

    return to_kg(make_graph(100_000))


if __name__ == "__main__":
    sys.exit(main())
