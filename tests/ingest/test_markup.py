"""HTML left in text saved from a web page is decoded or dropped before anything reads it."""

from pathlib import Path

from ingest.markup import strip_markup
from ingest.reader import read_document
from tests.helpers import extract, names, triples

CLEAN = ("阜平县教育和体育局与丰台区教育局签订“城乡教育携手行动”合作协议。\n"
         "丰台区明远实验小学、丰台区育英学校与阜平县青禾镇中心小学结成帮扶对子。\n")
REFERENCES = CLEAN.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("、", "&#12289;")
TAGGED = "".join(f"<p style=\"text-indent:2em\">{line}</p>\n" for line in REFERENCES.splitlines())


def test_character_references_are_decoded():
    assert strip_markup(REFERENCES) == CLEAN


def test_tags_are_dropped_and_line_ending_tags_end_lines():
    assert strip_markup(TAGGED).split() == CLEAN.split()
    assert strip_markup("<div>甲校</div><div>乙校</div>").splitlines() == ["甲校", "乙校"]


def test_a_web_page_saved_as_text_gives_the_graph_of_its_clean_text(tmp_path: Path):
    clean = extract(tmp_path, CLEAN, name="clean")
    for text in (REFERENCES, TAGGED):
        kg = extract(tmp_path, text, name="saved")
        assert triples(kg) == triples(clean)
        assert {"丰台区明远实验小学", "丰台区育英学校", "阜平县青禾镇中心小学"} <= names(kg, "School")


def test_script_and_style_are_dropped_with_their_content(tmp_path: Path):
    path = tmp_path / "page.txt"
    path.write_text("<style>p{color:red}</style><p>丰台区教育局召开会议。</p><script>alert('x')</script><br/>",
                    encoding="utf-8")
    assert read_document(path).text.strip() == "丰台区教育局召开会议。"


def test_plain_text_with_a_stray_angle_bracket_or_ampersand_is_unchanged():
    text = "学生人数<500的学校共3所，A&B两校结对。评分标准：<b>为加分项\n"
    assert strip_markup(text) == text
