"""Property-based tests: random text at extraction, random bytes at the reader, random queries at the guard."""

from __future__ import annotations

import signal
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import GraphError
from graph.model import Document
from ingest.pipeline import build_graph
from ingest.reader import decode, fingerprint, make_document
from queries.guard import check_read_only

FAST = settings(max_examples=100, deadline=timedelta(seconds=2), database=None,
                suppress_health_check=[HealthCheck.too_slow])

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from(list("，。、；：！？“”‘’「」『』《》（）()【】\"'#·—…-/ \n\t\u3000\r"))
DIGITS = st.sampled_from(list("0123456789０１２一二三四五六七八九十百年月日第届期次"))
WORDS = st.sampled_from([
    "武清区", "通州区", "廊坊市", "天津市", "教育局", "教育委员会", "中学", "小学", "大学", "第一中学", "与", "和",
    "签署", "合作协议", "举办", "召开", "在", "建立", "结对帮扶", "共建关系", "联盟", "成员校", "加入", "牵头",
    "第五届", "推进会", "论坛", "活动", "实施", "“青蓝工程”", "记者", "王立新", "区委书记", "主办单位：", "承办单位：",
    "2023年5月", "今年", "去年", "建成12个", "教育集团", "學校", "教育局黨委", "# ", "\n\n",
])
BODY = st.sampled_from(["天津市武清区教育局", "北京市通州区教育委员会", "廊坊市第一中学", "武清区杨村第一中学",
                        "南开大学", "区教育局", "市委", "三河市教育局"])
EVENT = st.sampled_from(["第五届京津冀基础教育协同发展推进会", "2023年通武廊教育论坛", "“同上一堂课”活动"])
END = st.sampled_from(["。", "！", "\n", "；", ""])
SENTENCE = st.one_of(
    st.builds("{}与{}{}{}".format, BODY, BODY, st.sampled_from(["签署合作协议", "建立结对帮扶关系", "建立共建关系"]),
              END),
    st.builds("{}举办{}{}".format, BODY, EVENT, END),
    st.builds("{}在{}召开{}".format, EVENT, st.sampled_from(["廊坊市", "武清区", "通州区"]), END),
    st.builds("{}实施“{}工程”{}".format, BODY, st.text(CJK, min_size=1, max_size=4), END),
    st.builds("{}加入{}{}".format, BODY, st.sampled_from(["京津冀基础教育协同发展联盟", "通武廊职教联盟"]), END),
)
TEXT = st.lists(st.one_of(SENTENCE, CJK, PUNCT, DIGITS, WORDS, st.characters()), max_size=80).map("".join)


@pytest.fixture(scope="module", autouse=True)
def warm_extractor() -> None:
    """Load the lexicons once, so the per-example deadline measures extraction only."""
    build_graph([Document("warm", "warm.txt", "武清区教育局。")], curation=None)


def check_graph_offsets(doc: Document) -> None:
    """Extraction runs, and every mention and evidence sentence sits inside the text at its offset."""
    kg, _ = build_graph([doc], curation=None)
    for _, data in kg.entities():
        for m in data["mentions"]:
            assert m.doc == doc.id and 0 <= m.start < m.end <= len(doc.text)
    for _, _, data in kg.relations():
        for ev in data["evidence"]:
            assert ev.doc == doc.id and ev.sentence
            assert doc.text[ev.start:ev.start + len(ev.sentence)] == ev.sentence


@FAST
@given(TEXT)
def test_extraction_of_random_text_keeps_offsets_inside_the_text(text: str):
    check_graph_offsets(make_document("p", "p.txt", text))


@FAST
@given(st.binary(max_size=600) | TEXT.flatmap(lambda t: st.sampled_from(
    [t.encode("utf-8"), t.encode("gb18030", "ignore"), t.encode("big5", "ignore"), t.encode("utf-16")])))
def test_random_bytes_are_read_or_refused_with_a_graph_error(raw: bytes):
    path = Path("random.txt")
    try:
        text = decode(raw, path)
        fingerprint([text], path)
    except GraphError as err:
        assert err.code in {"E302", "E304"} and "\n" not in str(err)
        return
    check_graph_offsets(make_document("r", str(path), text))


# -- the read-only guard ---------------------------------------------------------------------
@settings(max_examples=300, deadline=timedelta(milliseconds=500), database=None)
@given(st.text(max_size=400) | st.lists(st.sampled_from(
    ["MATCH", "(n)", " ", "'", '"', "`", "//", "/*", "*/", "\n", ";", "CALL", "db.labels()", "RETURN", "n",
     "CREATE", "\\", "ｓｅｔ", "\u200b", "ſet", "Ѕ", "{", "}"]), max_size=60).map("".join))
def test_guard_raises_nothing_but_graph_error(query: str):
    try:
        check_read_only(query)
    except GraphError as err:
        assert err.code == "E202"


class Hang(Exception):
    """Raised by the alarm when a guard call runs too long (the regex engine checks signals)."""


def within(seconds: float, call, *args) -> None:
    """Run `call(*args)`, raising Hang if it takes more than `seconds` (GraphError is an answer, not a failure)."""
    def alarm(signum, frame):
        raise Hang(f"{call.__name__} ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        call(*args)
    except GraphError:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


LONG = 100_000


@pytest.mark.parametrize("query", ["'" * LONG, "/*" * (LONG // 2), "a" + "é" * LONG + "b", "`" * (LONG + 1),
                                   "MATCH " + "(n)-" * (LONG // 4) + "(m) RETURN m", "// " * (LONG // 3),
                                   "MATCH (n) RETURN n " + "/* x */ " * (LONG // 8)])
def test_guard_does_not_hang_on_long_inputs(query: str):
    within(1.0, check_read_only, query)


@pytest.mark.parametrize("query", ["\\'" * (LONG // 2), "'\\" * (LONG // 2)])
def test_guard_does_not_hang_on_unclosed_escaped_quotes(query: str):
    within(1.0, check_read_only, query)


WRITES = ["CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "DETACH", "FOREACH", "LOAD CSV"]
SAFE = st.text(alphabet="abcdefghijklmnopqrstuvwxyzMATCHRETURNWHERE0123456789 ()[]{}:,.=<>+-*$_\n\t", max_size=40)
LITERAL = st.text(st.characters(exclude_characters="'\\"), max_size=12).map(lambda t: f"'{t}'")
NOTE = st.text(st.characters(exclude_characters="\n\r\x85\u2028\u2029*/'\"`"), max_size=15)  # no quotes: see below
SPACE = st.lists(st.one_of(st.sampled_from([" ", "\t", "\n", "\r\n", "\u00a0", "\u3000"]),
                           NOTE.map(lambda t: f"/*{t}*/"), NOTE.map(lambda t: f"//{t}\n")),
                 min_size=1, max_size=4).map("".join)


@st.composite
def write_queries(draw: st.DrawFn) -> str:
    """A query with a write keyword outside quotes and comments, in random case, wrapped in random space."""
    word = draw(st.sampled_from(WRITES))
    word = "".join(ch.lower() if draw(st.booleans()) else ch for ch in word)
    word = word.replace(" ", draw(SPACE))  # LOAD <space or comments> CSV
    before = draw(st.lists(SAFE | LITERAL, max_size=3).map("".join))
    after = draw(st.lists(SAFE | LITERAL, max_size=3).map("".join))
    return before + draw(SPACE) + word + draw(SPACE) + after


@settings(max_examples=300, deadline=timedelta(milliseconds=500), database=None)
@given(write_queries())
def test_guard_refuses_a_write_keyword_outside_quotes_and_comments(query: str):
    with pytest.raises(GraphError) as err:
        check_read_only(query)
    assert err.value.code == "E202"


@pytest.mark.parametrize("query", ["MATCH (n) // it's\nCREATE (m) RETURN 'x'", "MATCH (n) /* ' */ CREATE (m) // '"])
def test_guard_refuses_a_write_after_a_comment_holding_a_quote(query: str):
    with pytest.raises(GraphError):
        check_read_only(query)
