"""Two documents written for the tests in the style of reports from other provinces (a county work plan in
Shandong, a district news story in Zhejiang): the facts a reader finds in them must come out."""

from pathlib import Path

import pytest

from ingest.pipeline import build_graph
from ingest.reader import read_document
from tests.helpers import names, triples

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def plan():
    kg, _ = build_graph([read_document(FIXTURES / "county_work_plan.txt")], curation=None)
    return kg


@pytest.fixture(scope="module")
def news():
    kg, _ = build_graph([read_document(FIXTURES / "district_news.txt")], curation=None)
    return kg


def test_town_schools_and_numbered_schools(plan):
    schools = {"梁山一中", "梁山县实验小学", "韩垓镇中学", "拳铺镇中心小学", "梁山县第二实验小学", "小路口镇中心小学"}
    assert schools <= names(plan, "School")
    assert ("韩垓镇中学", "LOCATED_IN", "韩垓镇") in triples(plan)  # the most specific region in the name
    assert ("韩垓镇", "PART_OF", "梁山县") in triples(plan)


def test_short_and_long_forms_of_the_bureau_are_one_entity(plan):
    bureaus = [d for _, d in plan.entities() if d["label"] == "Authority"]
    assert [b["name"] for b in bureaus] == ["梁山县教育和体育局"]
    assert {"梁山县教体局", "县教体局"} <= bureaus[0]["aliases"]


def test_groups_members_pairing_and_universities(plan):
    found = triples(plan)
    assert ("梁山一中", "LEADS", "梁山一中教育集团") in found
    assert ("韩垓镇中学", "MEMBER_OF", "梁山一中教育集团") in found
    assert ("梁山县第二实验小学", "PARTNERS_WITH", "小路口镇中心小学") in found
    assert ("梁山县教育和体育局", "PARTNERS_WITH", "曲阜师范大学") in found
    assert {("梁山县教育和体育局", "RUNS", "强师工程"), ("梁山县教育和体育局", "RUNS", "银龄讲学计划")} <= found


def test_officials_and_their_deputies(plan):
    found = triples(plan)
    assert ("王建国", "LEADS", "梁山县教育和体育局") in found
    assert ("刘晓燕", "LEADS", "梁山县教育和体育局") in found


def test_event_held_in_the_county_with_the_bureau_speaking(plan):
    found = triples(plan)
    assert ("济宁市基础教育集团化办学现场推进会", "HELD_IN", "梁山县") in found
    assert ("梁山县教育和体育局", "PARTICIPATED_IN", "济宁市基础教育集团化办学现场推进会") in found


def test_news_story(news):
    found = triples(news)
    assert {"陈晓燕", "王海", "李国强"} <= names(news, "Person")
    assert ("萧山区教育局", "ORGANIZED", "集团化办学工作推进会") in found
    assert ("萧山区教育局", "PARTNERS_WITH", "浙江师范大学") in found
    assert ("萧山区教育局", "PARTNERS_WITH", "凉山州教育局") in found  # 凉山州 = 凉山彝族自治州
    assert ("凉山州教育局", "LOCATED_IN", "凉山州") in found  # shown as the text writes it
    assert ("高桥小学", "LEADS", "高桥小学教育集团") in found
    assert ("新街小学", "MEMBER_OF", "高桥小学教育集团") in found
    assert ("第五届长三角教育协同发展论坛", "HELD_IN", "萧山区") in found
    assert "教育部" not in names(news, "Authority")  # 教育部门 is not 教育部
