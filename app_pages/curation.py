"""校正 Curation: accept, reject, rename, relabel, merge and add, recorded with who, when and why."""

from __future__ import annotations

import streamlit as st

from app_pages.shared import (
    allowed,
    build_dir,
    cell,
    curation_file,
    current_user,
    entity_text,
    init,
    rebuild_now,
    ref,
    t,
    table_of,
    the_graph,
    words,
)
from graph.access import users_file
from graph.errors import GraphError
from graph.explore import (
    details,
    option_keys,
)
from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from ingest import curation
from queries.markdown import code_span, plain_markdown

ROLE = "editor"  # the role this page needs


def curation_page() -> None:
    kg = the_graph()
    st.title(t("page_curation"))
    st.caption(t("curation_intro"))
    user = current_user()
    if users_file() and user is not None:  # the audit records the signed-in identity, not a typed name
        who = user.name
        st.text_input(t("who"), value=who, disabled=True)
    else:
        init("who_input", st.session_state.get("who", ""))
        who = st.text_input(t("who"), key="who_input", placeholder=t("who_placeholder"))
    st.session_state["who"] = who
    entity_tab, relation_tab, merge_tab, history_tab = st.tabs(
        [t("tab_entity"), t("tab_relation"), t("tab_merge"), t("tab_history")])
    with entity_tab:
        entity_form(kg, who)
    with relation_tab:
        relation_form(kg, who)
        add_relation_form(kg, who)
    with merge_tab:
        merge_form(kg, who)
    with history_tab:
        show_history()
    st.divider()
    st.caption(t("rebuild_help"))
    if st.button(t("rebuild"), key="rebuild", icon=":material/refresh:"):
        rebuild_now(build_dir())


def record(decision: curation.Decision) -> None:
    """Record a decision in the curation file; show that it is recorded, or why it is refused."""
    if not allowed("editor"):
        return
    try:
        curation.record_decision(decision, curation_file())
    except GraphError as err:
        st.error(plain_markdown(str(err)))
        return
    st.success(t("recorded").format(what=plain_markdown(decision_text(decision))))


def decision_text(d: curation.Decision) -> str:
    """A decision as one readable line: action, what it is about, the change, and who."""
    what = d.entity or f"{d.source} —{t(d.type) if d.type in words() else d.type}→ {d.target}"
    change = d.name or (t(d.label) if d.label else "") or d.into
    return f"{cell('action', d.action)} {what}" + (f" → {change}" if change else "") + f"（{d.who}）"


def entity_select(kg: KnowledgeGraph, key: str, label: str) -> str | None:
    """A searchable select box of every entity."""
    return st.selectbox(label, option_keys(kg, kg.g.nodes), key=key, index=None, placeholder=t("entity_placeholder"),
                        format_func=lambda k: entity_text(kg, k))


def show_mentions(kg: KnowledgeGraph, key: str) -> None:
    """Where the entity was read: its documents and the sentences of its relations."""
    entity = details(kg, key)
    st.caption(f"{t('sources')}: {plain_markdown(', '.join(entity.sources))}")
    for row in entity.evidence[:3]:
        st.caption(f"{code_span(row['doc'])} {plain_markdown(row['sentence'])}")


def entity_form(kg: KnowledgeGraph, who: str) -> None:
    """Accept, reject, rename or relabel one entity."""
    key = entity_select(kg, "cur_entity", t("entity"))
    if key is None:
        return
    show_mentions(kg, key)
    actions = ["accept", "reject_entity", "rename_entity", "relabel_entity"]
    action = st.radio(t("action"), actions, key="cur_entity_action", format_func=lambda a: t(f"act_{a}"),
                      horizontal=True)
    name = st.text_input(t("new_name"), key="cur_new_name") if action == "rename_entity" else ""
    label = st.selectbox(t("new_label"), LABELS, key="cur_new_label", format_func=t) if action == "relabel_entity" \
        else ""
    why = st.text_input(t("why"), key="cur_entity_why")
    if st.button(t("record"), key="record_entity", type="primary"):
        record(curation.Decision(action, who, why, entity=ref(kg, key), name=name, label=label or ""))


def relation_text(kg: KnowledgeGraph, edge: tuple[str, str, str]) -> str:
    src, dst, type_ = edge
    return f"{kg.g.nodes[src]['name']} —{t(type_)}→ {kg.g.nodes[dst]['name']}"


def relation_form(kg: KnowledgeGraph, who: str) -> None:
    """Accept or reject one relation, seeing its evidence first."""
    edges = sorted(((s, d, data["type"]) for s, d, data in kg.relations()), key=lambda e: relation_text(kg, e))
    edge = st.selectbox(t("relation"), edges, key="cur_relation", index=None, placeholder=t("relation_placeholder"),
                        format_func=lambda e: relation_text(kg, e))
    if edge is None:
        return
    for evidence in kg.g.edges[edge]["evidence"][:3]:
        st.caption(f"{code_span(evidence.doc)} {plain_markdown(evidence.sentence)}")
    action = st.radio(t("action"), ["accept", "reject_relation"], key="cur_relation_action", horizontal=True,
                      format_func=lambda a: t(f"act_{a}"))
    why = st.text_input(t("why"), key="cur_relation_why")
    if st.button(t("record"), key="record_relation", type="primary"):
        src, dst, type_ = edge
        record(curation.Decision(action, who, why, source=ref(kg, src), type=type_, target=ref(kg, dst)))


def add_relation_form(kg: KnowledgeGraph, who: str) -> None:
    """Add a relation the text states but extraction missed."""
    with st.expander(t("add_relation")):
        source = entity_select(kg, "cur_add_source", t("source_entity"))
        type_ = st.selectbox(t("relation_type"), RELATION_TYPES, key="cur_add_type", format_func=t)
        target = entity_select(kg, "cur_add_target", t("target_entity"))
        why = st.text_input(t("why"), key="cur_add_why")
        if st.button(t("record"), key="record_add", type="primary", disabled=not (source and target)):
            record(curation.Decision("add_relation", who, why, source=ref(kg, source), type=type_,
                                     target=ref(kg, target)))


def merge_form(kg: KnowledgeGraph, who: str) -> None:
    """Fold a duplicate entity into the one that stays."""
    duplicate = entity_select(kg, "cur_duplicate", t("duplicate"))
    into = entity_select(kg, "cur_into", t("merge_into"))
    why = st.text_input(t("why"), key="cur_merge_why")
    if st.button(t("record"), key="record_merge", type="primary", disabled=not (duplicate and into)):
        if duplicate == into:
            st.error(t("merge_same"))
            return
        record(curation.Decision("merge_entities", who, why, entity=ref(kg, duplicate), into=ref(kg, into)))


def show_history() -> None:
    """Every recorded decision, newest first."""
    try:
        decisions = curation.load_decisions(curation_file())
    except GraphError as err:
        st.error(plain_markdown(str(err)))
        return
    st.caption(t("history_note").format(n=len(decisions), file=plain_markdown(str(curation_file()))))
    people = sorted({d.who for d in decisions})
    chosen = st.multiselect(t("history_who"), people, key="history_who", placeholder=t("history_everyone"))
    shown = [d for d in reversed(decisions) if not chosen or d.who in chosen]
    if shown:
        st.dataframe(table_of([curation.describe(d) for d in shown]), hide_index=True, key="history")
