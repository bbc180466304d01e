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
