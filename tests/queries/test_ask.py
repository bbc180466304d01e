"""Questions in Chinese and English on the corpus graph, answers a reader can check in the text."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from graph.jsonio import read_graph_json
from graph.store import open_store
from queries.ask import answer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kg_store(built_graph):
    store = open_store(built_graph)
    yield read_graph_json(built_graph / "graph.json"), store
    store.close()


def ask(kg_store, question):
    kg, store = kg_store
    return answer(question, kg, store)


def test_a_district_stands_for_its_organisations(kg_store):
    """The issue's first failure: 武清区 co-builds through 武清区教育局, which is located in it."""
    a = ask(kg_store, "武清区和哪些高校建立了思政教育共建关系？")
    assert a.intent == "partners" and a.entities == ["武清区"]
    partners = {r["name"] for r in a.rows}
    assert {"南开大学", "天津大学", "河北工业大学", "天津师范大学"} <= partners
    assert all(r["label"] == "University" for r in a.rows) and {r["through"] for r in a.rows} == {"武清区教育局"}
    assert a.answer.startswith("武清区 的合作伙伴（高校）共")
    assert any("南开大学" in e["sentence"] and e["doc"] == "000_580ec9dc30f56721" for e in a.evidence)
    assert "LOCATED_IN" in a.cypher and "PART_OF" in a.cypher


def test_english_with_a_place_in_pinyin(kg_store):
    a = ask(kg_store, "Which universities does Wuqing partner with?")
    assert a.entities == ["武清区"] and a.answer.startswith("Partners of 武清区 (universities)")
    assert "南开大学" in {r["name"] for r in a.rows}


def test_a_type_word_filters_the_answer(kg_store):
    a = ask(kg_store, "武清区有哪些学校？")
    assert a.rows and all(r["label"] == "School" for r in a.rows)
    assert "武清区董庄子中学" in {r["name"] for r in a.rows}


def test_who_organised_an_event(kg_store):
    a = ask(kg_store, "谁主办了京津冀中小学生新年合唱音乐会？")
    assert a.intent == "organisers" and [r["name"] for r in a.rows] == ["武清区教育局"]
    assert a.evidence and "京津冀中小学生新年合唱音乐会" in a.evidence[0]["sentence"]


def test_members_of_an_alliance_in_both_languages(kg_store):
    zh = ask(kg_store, "“通武廊”教育共同体有哪些成员？")
    en = ask(kg_store, "Who are the members of 通武廊教育共同体?")
    assert zh.intent == en.intent == "members"
    assert [r["name"] for r in zh.rows] == [r["name"] for r in en.rows] == ["武清区"]
    assert en.answer.startswith("Members of")


def test_the_regions_a_zone_is_made_of(kg_store):
    a = ask(kg_store, "通武廊由哪几个区县组成？")
    assert [r["name"] for r in a.rows] == ["武清区"] and a.rows[0]["relation"] == "PART_OF"
    assert a.evidence and "MATCH" in a.cypher


def test_the_events_of_a_month_wherever_they_were(kg_store):
    zh = ask(kg_store, "2024年1月有什么活动？")
    en = ask(kg_store, "What events took place in January 2024?")
    assert zh.intent == en.intent == "events" and zh.rows
    assert [r["name"] for r in zh.rows] == [r["name"] for r in en.rows]
    assert all(r["date"].startswith("2024-01") for r in zh.rows) and zh.answer.startswith("2024年1月 的活动")
    assert zh.evidence and "MATCH (y:Event)" in zh.cypher


def test_an_event_described_in_english_without_a_place(kg_store):
    a = ask(kg_store, "Who organised the New Year chorus concert?")
    assert a.entities == ["京津冀中小学生新年合唱音乐会"] and [r["name"] for r in a.rows] == ["武清区教育局"]
    when = ask(kg_store, "When was the red study tour activity?")
    assert when.intent == "date" and "红色研学" in when.entities[0] and "2024-01-04" in when.answer
    assert ask(kg_store, "Who hosted the forum?").intent == "unknown"  # too little to tell which forum
    zh = ask(kg_store, "红色研学团日活动是哪天？")  # a type word (活动) and nothing named: it describes the event
    assert zh.intent == "date" and "2024-01-04" in zh.answer


def test_two_parties_without_a_tie_get_the_chain_between_them(kg_store):
    a = ask(kg_store, "南开大学和天津大学之间有什么联系？")
    assert a.intent == "between" and "武清区教育局" in a.answer and "2 步" in a.answer


def test_events_of_a_region_in_a_year(kg_store):
    """市委第23次深改会 is dated 2023, 京津冀教育协同发展推进会 (2017-02) lies outside the year, and undated
    events stay in without a date."""
    a = ask(kg_store, "廊坊市2023年举办了哪些活动？")
    assert a.intent == "events"
    assert {r["name"]: r["date"] for r in a.rows if r["date"]} == {"市委第23次深改会": "2023"}


def test_the_cypher_shown_runs_as_is_and_gives_the_same_rows(kg_store):
    kg, store = kg_store
    for question in ("武清区和哪些高校建立了思政教育共建关系？", "谁主办了京津冀中小学生新年合唱音乐会？"):
        a = answer(question, kg, store)
        again = store.query(a.cypher).records()
        assert "$" not in a.cypher and [r["name"] for r in again] == [r["name"] for r in a.rows]


def test_a_hostile_question_is_only_text(kg_store):
    kg, store = kg_store
    before = store.query("MATCH (n) RETURN count(n) AS n").rows
    a = answer("武清区教育局'}) DETACH DELETE n // 的合作伙伴有哪些？", kg, store)
    assert a.rows  # the name is still found; the rest is not Cypher
    assert store.query("MATCH (n) RETURN count(n) AS n").rows == before


def test_an_unmapped_question_gets_questions_the_graph_can_answer(kg_store):
    kg, store = kg_store
    a = answer("今天天气怎么样", kg, store)
    assert a.intent == "unknown" and "可以这样问" in a.answer and a.suggestions
    for suggestion in a.suggestions:
        assert answer(suggestion, kg, store).rows, suggestion


def test_a_name_the_graph_lacks_gets_near_names(kg_store):
    kg, store = kg_store
    a = answer("杨村第一小学教育集团有哪些成员？", kg, store)
    assert a.intent == "unknown" and "相近的名称" in a.answer


def test_compare_two_regions(kg_store):
    a = ask(kg_store, "比较天津市和廊坊市")
    assert a.intent == "compare" and [r["region"] for r in a.rows] == ["天津市", "廊坊市"]


def test_spread_question(kg_store):
    a = ask(kg_store, "南开大学的资源能辐射到哪里？")
    assert a.intent == "spread" and any(r["name"] == "武清区教育局" for r in a.rows)


def test_cli_ask_json(built_graph):
    out = subprocess.run([sys.executable, "-m", "queries", "ask", "武清区教育局的合作伙伴有哪些？", "--json",
                          "--graph", str(built_graph)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert set(payload) == {"answer", "intent", "entities", "cypher", "rows", "evidence", "suggestions"}
    unknown = subprocess.run([sys.executable, "-m", "queries", "ask", "？？", "--graph", str(built_graph)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 0 and "Traceback" not in unknown.stderr


class FakeModel(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint on localhost that always proposes the same Cypher."""

    reply = "```cypher\nMATCH (u:University) RETURN u.name AS name ORDER BY name\n```"

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        FakeModel.request = json.loads(self.rfile.read(length))
        body = json.dumps({"choices": [{"message": {"content": FakeModel.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_model(monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("KG_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("KG_LLM_MODEL", "test-model")
    yield FakeModel
    server.shutdown()


def test_llm_fallback_runs_guarded_cypher_and_shows_it(kg_store, fake_model):
    a = ask(kg_store, "请列出所有的大学名称")  # names no entity: the rules cannot map it
    assert a.intent == "llm" and a.cypher.startswith("MATCH (u:University)")
    assert "南开大学" in {r["name"] for r in a.rows}
    assert fake_model.request["model"] == "test-model"


def test_llm_cypher_that_writes_is_refused(kg_store, fake_model, monkeypatch):
    monkeypatch.setattr(FakeModel, "reply", "MATCH (n) DETACH DELETE n")
    a = ask(kg_store, "请删除所有数据")
    assert a.intent == "llm" and a.answer.startswith("E202") and not a.rows
