"""Hard-wrapped text (copied out of a PDF or a fixed-width notice) is joined before anything reads it."""

from pathlib import Path

from ingest.reader import read_document
from ingest.unwrap import display_width, unwrap_lines
from tests.helpers import extract, names, triples

NEWS = [
    "日前，阜平县教育和体育局组织全县中小学校长赴丰台区开展跟岗学习，双方就课程建设、教师培训和集团化办学等方面深入交流。",
    "活动期间，阜平县青禾镇中心小学与丰台区明远实验小学签订结对帮扶协议，两校将在教学研究、学生活动和管理经验等方面开展为期三年的合作。",
    "丰台区教育局副局长周文澜表示，将继续选派骨干教师到阜平县送教，推动优质教育资源共享，让两地学生共同受益。",
]


def wrapped(paragraphs: list[str], columns: int = 72) -> str:
    """The paragraphs as a PDF lays them out: every line broken at `columns` display columns."""
    lines = []
    for paragraph in paragraphs:
        line = ""
        for ch in paragraph:
            if display_width(line + ch) > columns:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return "\n".join(lines) + "\n"


def test_a_hard_wrapped_text_is_joined_back_into_its_paragraphs():
    text = wrapped(NEWS)
    assert text.count("\n") > len(NEWS)  # the names are broken across lines
    assert unwrap_lines(text) == "\n".join(NEWS) + "\n"


def test_names_broken_by_a_wrap_are_found_with_their_relations(tmp_path: Path):
    kg = extract(tmp_path, wrapped(NEWS, 40))  # 丰台区明 | 远实验小学
    assert {"阜平县青禾镇中心小学", "丰台区明远实验小学"} <= names(kg, "School")
    assert ("阜平县青禾镇中心小学", "PARTNERS_WITH", "丰台区明远实验小学") in triples(kg) | {
        (t, r, s) for s, r, t in triples(kg)}


def test_mention_offsets_point_into_the_joined_text_the_sources_page_reads(tmp_path: Path):
    path = tmp_path / "notice.txt"
    path.write_text(wrapped(NEWS, 40), encoding="utf-8")
    doc = read_document(path)
    kg = extract(tmp_path, wrapped(NEWS, 40), name="notice")
    school = next(d for _, d in kg.entities() if d["name"] == "丰台区明远实验小学")
    assert all(doc.text[m.start:m.end] == "丰台区明远实验小学" for m in school["mentions"])


def test_a_pairing_list_one_pair_per_line_is_left_alone():
    text = "城乡学校结对名单\n" + "\n".join(
        f"{a}—{b}" for a, b in [("青禾镇中心小学", "明远实验小学"), ("石桥镇中学", "丰台区第二中学"),
                                ("北坪乡中心校", "丰台区育英学校"), ("柳塘镇第一小学", "丰台区实验小学"),
                                ("南岗镇初级中学", "丰台区第四中学")]) + "\n"
    assert unwrap_lines(text) == text


def test_ordinary_paragraphs_are_not_joined():
    text = "\n".join(["两地教育协作推进会召开", *NEWS, "一、加强校际结对", "二、共享课程资源"]) + "\n"
    assert unwrap_lines(text) == text


def test_a_list_item_or_an_indented_line_after_a_filled_line_opens_its_own_line():
    lines = wrapped(NEWS).split("\n")
    for opener in ("一、加强校际结对", "\u3000\u3000新的一段从这里开始，内容与上文无关。"):
        text = "\n".join([*lines[:1], opener, *lines[1:]])  # lines[0] fills the width mid-sentence
        assert opener in unwrap_lines(text).split("\n")
