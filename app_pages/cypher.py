"""Cypher 查询: the read-only console with the query library, parameters, tables and drawn results."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app_pages.shared import (
    SMALL_GRAPH_HEIGHT,
    init,
    show_graph,
    show_limit_notice,
    t,
    the_graph,
    the_store,
    ui_language,
)
from graph.errors import GraphError
from graph.explore import (
    limit_for_browser,
)
from graph.model import KnowledgeGraph
from graph.store import GraphStore, QueryResult
from queries import cypher as Q
from queries.console import bind_params, example_values, initial_value, result_graph, table_rows, to_csv
from queries.library import BY_NAME
from queries.markdown import plain_markdown

ROLE = "viewer"  # the role this page needs


@dataclass
class Outcome:
    """The last console run: rows (or the error), and the graph entities and edges they hold."""

    result: QueryResult | GraphError
    keys: set[str]
    edges: set[tuple[str, str, str]]


def cypher_page() -> None:
    kg, store = the_graph(), the_store()
    st.title(t("page_cypher"))
    example = choose_example(kg)
    init("cypher", Q.CONSOLE_EXAMPLE)
    query = st.text_area(t("query"), key="cypher", height=140)
    typed = param_inputs(example, query)
    run_now = st.session_state.pop("console_run_now", False)  # sent here from an answer's Cypher
    if st.button(t("run"), key="run", type="primary", icon=":material/play_arrow:") or run_now:
        st.session_state["outcome"] = run_console(store, query, example, typed)
    show_outcome(kg, st.session_state.get("outcome"))


def choose_example(kg: KnowledgeGraph) -> str | None:
    """A select box of the query library; choosing one fills the editor and its parameters."""
    lang = ui_language()
    name = st.selectbox(t("examples"), list(BY_NAME), key="example", index=None, placeholder=t("examples_placeholder"),
                        format_func=lambda n: getattr(BY_NAME[n], f"title_{lang}"), on_change=fill_example, args=(kg,))
    if name:
        st.caption(getattr(BY_NAME[name], f"description_{lang}"))
    return name


def fill_example(kg: KnowledgeGraph) -> None:
    """Put the chosen library query in the editor and first values in its parameter boxes."""
    name = st.session_state.get("example")
    if not name:
        return
    query = BY_NAME[name]
    st.session_state["cypher"] = query.cypher
    examples = example_values(kg)
    for param in query.params:
        st.session_state[f"param_{param.name}"] = initial_value(query, param.name, examples)


def param_inputs(example: str | None, query: str) -> dict[str, str]:
    """One text box per parameter of the chosen example that the editor's text still uses."""
    if not example:
        return {}
    params = [p for p in BY_NAME[example].params if f"${p.name}" in query]
    typed = {}
    for column, param in zip(st.columns(max(len(params), 1)), params, strict=False):
        typed[param.name] = column.text_input(f"${param.name}", key=f"param_{param.name}", help=param.description)
    return typed


def run_console(store: GraphStore, query: str, example: str | None, typed: dict[str, str]) -> Outcome:
    """Run the editor's query with its parameters; a refusal or error is kept as the outcome."""
    try:
        params = bind_params(query, BY_NAME.get(example or ""), typed)
    except KeyError as missing:
        return Outcome(GraphError("E204", t("missing_param").format(name=missing.args[0])), set(), set())
    try:
        result = store.query(query, params)
        keys, edges = result_graph(result, store)
    except GraphError as err:
        return Outcome(err, set(), set())
    return Outcome(result, keys, edges)


def show_outcome(kg: KnowledgeGraph, outcome: Outcome | None) -> None:
    """The error, or the rows as a table with a CSV download and, when they hold entities, a small graph."""
    if outcome is None:
        return
    if isinstance(outcome.result, GraphError):
        st.error(plain_markdown(str(outcome.result)))
        return
    result = outcome.result
    st.dataframe(pd.DataFrame(table_rows(result), columns=result.columns), hide_index=True)
    st.caption(t("truncated" if result.truncated else "rows").format(rows=len(result.rows)))
    st.download_button(t("download_csv"), to_csv(result), "query.csv", "text/csv", key="csv", on_click="ignore",
                       icon=":material/download:")
    keys = outcome.keys & set(kg.g.nodes)
    if keys:
        st.subheader(t("result_graph"))
        shown = limit_for_browser(kg, keys)
        show_limit_notice(kg, shown, None)
        edges = outcome.edges
        edge_ok = (lambda s, d, data: (s, d, data["type"]) in edges) if edges else None
        show_graph(kg, shown.nodes, SMALL_GRAPH_HEIGHT, edge_ok=edge_ok)
