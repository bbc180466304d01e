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
from queries.ask import answer, period

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kg_store(built_graph):
    store = open_store(built_graph)
    yield read_graph_json(built_graph / "graph.json"), store
    store.close()


def ask(kg_store, question):
    kg, store = kg_store
    return answer(question, kg, store)


def test_partners_in_chinese_with_evidence(kg_store):
    a = ask(kg_store, "武清区教育局的合作伙伴有哪些？")
    assert a.intent == "partners" and a.entities == ["武清区教育局"]
    assert "南开大学" in a.answer and "6 个合作伙伴" in a.answer
    assert any("南开大学" in e["sentence"] and e["doc"] == "000_580ec9dc30f56721" for e in a.evidence)
    assert "PARTNERS_WITH" in a.cypher


def test_partners_in_english(kg_store):
    a = ask(kg_store, "Who are the partners of 武清区教育局?")
    assert a.intent == "partners" and a.answer.startswith("武清区教育局 has 6 partners")


def test_who_organised_an_event(kg_store):
    a = ask(kg_store, "谁主办了京津冀中小学生新年合唱音乐会？")
    assert a.intent == "event_roles" and "主办：武清区教育局" in a.answer
    assert a.evidence and "京津冀中小学生新年合唱音乐会" in a.evidence[0]["sentence"]


def test_connection_between_two_universities(kg_store):
    a = ask(kg_store, "南开大学和天津大学之间有什么联系？")
    assert a.intent == "connection" and "武清区教育局" in a.answer and "2 步" in a.answer


def test_events_of_a_region_in_a_period(kg_store):
    # 001: 今年4月…推进会在廊坊市召开 is undated (no document year); 2023年市委第23次深改会 is dated
    a = ask(kg_store, "廊坊市2023年举办了哪些活动？")
    assert a.intent == "events"
    assert [r["event"] for r in a.rows] == ["市委第23次深改会"]


def test_members_of_an_alliance(kg_store):
    a = ask(kg_store, "“通武廊”教育共同体有哪些成员？")
    assert a.intent == "members" and "武清区" in a.answer


def test_compare_two_regions(kg_store):
    a = ask(kg_store, "比较天津市和廊坊市")
    assert a.intent == "compare" and [r["region"] for r in a.rows] == ["天津市", "廊坊市"]


def test_spread_question(kg_store):
    a = ask(kg_store, "南开大学的资源能辐射到哪里？")
    assert a.intent == "spread" and any(r["name"] == "武清区教育局" for r in a.rows)


def test_unmappable_question_gets_examples_not_an_error(kg_store):
    a = ask(kg_store, "今天天气怎么样")
    assert a.intent == "unknown" and "可以这样问" in a.answer


def test_period_parsing():
    assert period("2020年到2023年") == ("2020", "2023-12-31")
    assert period("2022年以来") == ("2022", "9999")
    assert period("最近") == ("0000", "9999")


def test_cli_ask_json(built_graph):
    out = subprocess.run([sys.executable, "-m", "queries", "ask", "武清区教育局的合作伙伴有哪些？", "--json",
                          "--graph", str(built_graph)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    payload = json.loads(out.stdout)
    assert set(payload) == {"answer", "intent", "entities", "cypher", "rows", "evidence"}
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
