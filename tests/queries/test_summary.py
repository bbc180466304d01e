"""Partnership summaries: every statement cited, regions cover their organisations, groups show their ties."""

from graph.jsonio import read_graph_json
from queries.summary import summarize
from tests.queries.test_spread import tiny


def test_statements_cite_their_sentences():
    summary = summarize(tiny(), ["甲校"])
    partners = summary.sections["partners"]
    assert [s.text for s in partners] == ["甲校 与 乙校（B区） 结对"]
    assert all(s.evidence for s in partners)
    markdown = summary.to_markdown()
    assert "甲校 与 乙校（B区） 结对[^1]" in markdown and "[^1]: `t` 测试句。" in markdown


def test_region_report_covers_its_organisations_and_group_ties():
    summary = summarize(tiny(), ["A区", "B区"])
    ties = [s.text for s in summary.sections["ties"]]
    assert "甲校 结对 乙校" in ties  # a partnership across the two members
    assert ties == ["甲校 结对 乙校"]  # 联盟 and the events each touch one member only
    assert "A区" in summary.title and "B区" in summary.title


def test_html_is_escaped_and_has_citations():
    html = summarize(tiny(), ["甲校"], lang="en").to_html()
    assert "<h2>Partners</h2>" in html and 'href="#c1"' in html and 'id="c1"' in html


def test_unknown_name_says_so():
    assert "没有找到" in summarize(tiny(), ["不存在"]).to_markdown()


def test_corpus_report_on_the_wuqing_bureau(built_graph):
    kg = read_graph_json(built_graph / "graph.json")
    summary = summarize(kg, ["武清区教育局"])
    text = summary.to_markdown()
    assert "武清区教育局 与 南开大学" in text
    assert "2024-01-04：武清区教育局 主办 百年青春向党" in text  # the caption block's date
    assert "建成12个基础教育共同体" in text  # a key number, cited
    for statements in summary.sections.values():
        for st in statements[1:] if statements is summary.sections["overview"] else statements:
            assert st.evidence, st.text


def test_reports_on_an_event_a_person_and_an_alliance(built_graph):
    kg = read_graph_json(built_graph / "graph.json")
    event = summarize(kg, ["京津冀中小学生新年合唱音乐会"])
    assert [s.text for s in event.sections["organisers"]][0].startswith("武清区教育局 主办")
    assert event.sections["when_where"][0].text == "京津冀中小学生新年合唱音乐会：2024"
    person = summarize(kg, ["肖方明"], lang="en")
    assert any("渝中区教委" in s.text for s in person.sections["roles"])
    group = summarize(kg, ["人和街小学教育集团党建联盟"])
    assert [s.text for s in group.sections["members"]] == ["鼓楼人和街小学"]
    for report in (event, person, group):
        assert all(st.evidence for key, sts in report.sections.items() if key != "overview" for st in sts)


def test_a_name_extraction_missed_gets_near_names(built_graph):
    kg = read_graph_json(built_graph / "graph.json")
    summary = summarize(kg, ["人和街小学教育集团"])
    assert summary.near[0] == "人和街小学教育集团党建联盟"
    assert "相近的名称：人和街小学教育集团党建联盟" in summary.to_markdown()
