"""问答 Ask: a question in Chinese or English answered with rows, evidence and the Cypher behind it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.shared import (
    build_dir,
    example_questions,
    go_to,
    open_doc_buttons,
    t,
    table_of,
    the_graph,
    the_store,
    ui_language,
    words,
)
from graph.errors import GraphError
from queries.markdown import code_span, plain_markdown

ROLE = "viewer"  # the role this page needs


def ask_page() -> None:
    st.title(t("page_ask"))
    question = st.text_input(t("question"), key="question", placeholder=t("question_placeholder"))
    examples = example_questions(str(build_dir()), ui_language())
    if examples:
        st.pills(t("question_examples"), examples, key="ask_example", on_change=use_example, args=("ask_example",))
    asked = st.button(t("ask"), key="ask", type="primary", icon=":material/send:")
    if (asked or st.session_state.pop("ask_now", False)) and question.strip():
        kg, store = the_graph(), the_store()  # read on the first question, not to draw the page
        with st.spinner(t("answering")):
            from queries import ask  # imported on first use: it loads the name index

            try:
                st.session_state["answer"] = ask.answer(question.strip(), kg, store)
            except GraphError as err:
                st.session_state["answer"] = err
    show_answer(st.session_state.get("answer"))


def use_example(key: str) -> None:
    """An example or suggested question was clicked: put it in the question box and ask it."""
    example = st.session_state.get(key)
    if example:
        st.session_state["question"] = example
        st.session_state["ask_now"] = True
    st.session_state[key] = None


def show_answer(reply: Any) -> None:
    """The one-sentence answer, its rows, its evidence with documents, and the Cypher behind it (with a
    button that runs it in the console); an unmapped question shows questions the graph can answer."""
    if reply is None:
        return
    if isinstance(reply, GraphError):
        st.error(plain_markdown(str(reply)))
        return
    (st.success if reply.rows else st.info)(plain_markdown(reply.answer))
    st.caption(t("intent").format(intent=t(f"ask_{reply.intent}") if f"ask_{reply.intent}" in words()
                                  else reply.intent, entities=plain_markdown("、".join(reply.entities)) or "—"))
    if reply.suggestions:
        st.pills(t("suggested_questions"), reply.suggestions, key="ask_suggestion", on_change=use_example,
                 args=("ask_suggestion",))
    if reply.rows:
        st.dataframe(table_of([{k: v for k, v in row.items() if k != "evidence"} for row in reply.rows]),
                     hide_index=True)
    if reply.evidence:
        with st.expander(t("evidence_count").format(n=len(reply.evidence)), icon=":material/format_quote:"):
            for item in reply.evidence:
                st.markdown(f"- {code_span(item.get('doc', ''))} {plain_markdown(item.get('sentence', ''))}")
            open_doc_buttons(list(dict.fromkeys(item["doc"] for item in reply.evidence if item.get("doc"))),
                             "answer_doc")
    if reply.cypher:
        with st.expander(t("cypher_used"), icon=":material/terminal:"):
            st.code(reply.cypher, language="cypher", wrap_lines=True)
            if st.button(t("run_in_console"), key="run_in_console", icon=":material/play_arrow:"):
                st.session_state["cypher"] = reply.cypher
                st.session_state["example"] = None
                st.session_state["console_run_now"] = True
                go_to("cypher")
