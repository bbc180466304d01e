"""资源辐射 Spread: how high-quality resources reach across district lines, step by step."""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.shared import (
    SPREAD_MAX_STEPS,
    init,
    keep_valid,
    show_graph,
    t,
    table_of,
    the_graph,
)
from graph.errors import GraphError
from graph.explore import (
    spread_steps,
)
from graph.model import KnowledgeGraph
from graph.visual import STEP_COLOURS, step_colours
from queries.markdown import plain_markdown

ROLE = "viewer"  # the role this page needs


def spread_page() -> None:
    st.title(t("page_spread"))
    from queries.spread import spread  # imported on first use: scipy and igraph

    kg = the_graph()
    source, steps, since = spread_inputs(kg)
    if st.button(t("trace"), key="trace", type="primary", disabled=not source, icon=":material/share:"):
        try:
            st.session_state["spread"] = spread(kg, source, steps=steps, since=since)
        except GraphError as err:
            st.error(plain_markdown(str(err)))
    show_spread(kg, st.session_state.get("spread"))


def spread_inputs(kg: KnowledgeGraph) -> tuple[str | None, int, int | None]:
    """The source entity, the number of steps, and the first year counted."""
    names = sorted({data["name"] for _, data in kg.entities()})
    keep_valid("spread_source", names)
    left, middle, right = st.columns([3, 2, 2])
    source = left.selectbox(t("spread_source"), names, key="spread_source", index=None,
                            placeholder=t("entity_placeholder"))
    init("spread_steps", 3)
    steps = middle.slider(t("spread_steps"), 1, SPREAD_MAX_STEPS, key="spread_steps")
    init("spread_since", 2020)
    with right:
        use_since = st.checkbox(t("spread_since_on"), key="spread_since_on")
        since = st.number_input(t("spread_since"), 1990, 2100, step=1, key="spread_since", disabled=not use_since)
    return source, steps, int(since) if use_since else None


def show_spread(kg: KnowledgeGraph, result: Any) -> None:
    """Who was reached at each step, by region, on the graph coloured by step, and the bridges."""
    if result is None:
        return
    reached = sorted(result.reached, key=lambda row: (row.get("step", 0), -float(row.get("score", 0) or 0)))
    payload = result.to_json()
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, indent=1)
    st.download_button(t("download_json"), text.encode("utf-8"), "spread.json", "application/json",
                       key="spread_json", on_click="ignore", icon=":material/download:")
    table, chart = st.columns([3, 2])
    table.dataframe(table_of(reached), hide_index=True)
    with chart:
        show_spread_chart(reached)
    steps = spread_steps(kg, result.source, reached)
    legend = [(step_colour(step), t("step_n").format(n=step)) for step in sorted(set(steps.values()))]
    sources = [key for key, step in steps.items() if step == 0]
    show_graph(kg, set(steps), colours=step_colours(steps), legend=legend, emphasis=sources)
    if result.bridges:
        st.subheader(t("bridges"))
        st.dataframe(table_of(result.bridges), hide_index=True)


def step_colour(step: int) -> str:
    return STEP_COLOURS[min(step, len(STEP_COLOURS) - 1)]


def show_spread_chart(reached: list[dict[str, Any]]) -> None:
    """Reached entities per region, stacked by step in the graph's step colours."""
    rows = pd.DataFrame([{"region": row.get("region") or t("unknown_region"), "step": int(row.get("step", 0))}
                         for row in reached])
    if rows.empty:
        return
    steps = sorted(rows["step"].unique().tolist())
    st.altair_chart(alt.Chart(rows).mark_bar().encode(
        x=alt.X("count():Q", title=t("entities")), y=alt.Y("region:N", sort="-x", title=t("region")),
        color=alt.Color("step:O", scale=alt.Scale(domain=steps, range=[step_colour(s) for s in steps]),
                        title=t("step"))), width="stretch")
