"""Reading questions on the sample corpus graph: names, short forms, pinyin, type words, asks, periods."""

import pytest

from graph.jsonio import read_graph_json
from queries.understand import find_period, read_question, short_region_form, toneless


@pytest.fixture(scope="module")
def kg(built_graph):
    return read_graph_json(built_graph / "graph.json")


def test_region_short_forms_and_pinyin():
    assert short_region_form("武清区") == "武清" and short_region_form("廊坊市") == "廊坊"
    assert short_region_form("东区") == ""  # one character would be left
    assert toneless("重庆") == "chongqing"  # a polyphonic character read as in the place name


def test_a_region_is_found_by_its_short_form_and_its_pinyin(kg):
    assert [n.name for n in read_question("武清有哪些学校？", kg).named] == ["武清区"]
    assert [n.name for n in read_question("Which schools are in Wuqing District?", kg).named] == ["武清区"]
    assert [n.name for n in read_question("Which schools are in Wuqing?", kg).named] == ["武清区"]
    # a lower-case single word is read as English, not as a place
    assert read_question("which schools are in wuqing?", kg).named == []


def test_a_bureau_in_english_by_its_regions_pinyin_with_or_without_its_level(kg):
    for question in ("Which universities work with the Wuqing education bureau?",
                     "Which universities co-build with Wuqing's education bureau?",
                     "Name the universities partnering with Wuqing District Education Bureau."):
        reading = read_question(question, kg)
        assert [n.name for n in reading.named] == ["武清区教育局"], question
        assert (reading.ask, reading.label) == ("partners", "University"), question


def test_a_university_in_english_and_a_school_without_its_region_prefix(kg):
    reading = read_question("Who are the partners of Nankai University?", kg)
    assert [n.name for n in reading.named] == ["南开大学"] and reading.ask == "partners"
    school = next(d["name"] for _, d in kg.entities() if d["name"].startswith("武清区") and d["label"] == "School")
    bare = school[len("武清区"):]
    assert [n.name for n in read_question(f"{bare}参加了哪些活动？", kg).named] == [school]


def test_a_type_word_filters_only_next_to_a_question_word(kg):
    assert read_question("武清区有哪些高校？", kg).label == "University"
    assert read_question("武清区和哪些高校建立了共建关系？", kg).label == "University"
    assert read_question("武清区的学校举办了什么活动？", kg).label == "Event"
    # a described phrase after the question word is headed by its last type word
    assert read_question("武清区举办过哪些开学、毕业之类的仪式？", kg).label == "Event"
    assert read_question("哪些学校参加了武清区的论坛？", kg).label == "School"  # the nearer type word wins
    assert read_question("那次在武清区开的论坛，是谁主办的？", kg).label is None  # a topic a comma parts off


def test_a_request_or_a_bare_noun_phrase_asks_like_a_question_word(kg):
    for question in ("列出济阳区的幼儿园", "请列出济阳区的所有幼儿园", "济阳区的幼儿园", "给我看看济阳区的幼儿园？"):
        reading = read_question(question, kg)
        assert (reading.label, reading.kind, reading.ask) == ("School", "kindergarten", "in_region"), question
    assert read_question("List the kindergartens in Jiyang", kg).kind == "kindergarten"
    assert read_question("List all the universities that partner with Wuqing", kg).label == "University"


def test_how_many_counts_what_another_cue_asks(kg):
    reading = read_question("武清区教育局合作的大学有几所？", kg)
    assert (reading.ask, reading.label) == ("partners", "University")
    reading = read_question("How many universities does Wuqing partner with?", kg)
    assert (reading.ask, reading.label) == ("partners", "University")
    assert read_question("武清区有多少所学校？", kg).ask == "counts"  # nothing else asked: what lies there


def test_the_cue_nearest_the_question_word_says_what_is_asked(kg):
    assert read_question("谁主办了京津冀中小学生新年合唱音乐会？", kg).ask == "organisers"
    assert read_question("京津冀中小学生新年合唱音乐会有哪些单位参加？", kg).ask == "attendees"
    assert read_question("“通武廊”教育共同体有哪些成员？", kg).ask == "members"
    assert read_question("“通武廊”教育共同体由谁牵头？", kg).ask == "lead"


def test_an_event_described_by_what_it_is_tied_to(kg):
    """No event is named: 合唱音乐会 and 武清区教育局 pick the one event tied to the bureau that matches."""
    reading = read_question("武清区教育局办的那场合唱音乐会是谁主办的？", kg)
    assert reading.subject.name == "京津冀中小学生新年合唱音乐会" and reading.ask == "organisers"


def test_a_month_is_a_period_of_its_own():
    assert find_period("2024年1月有什么活动？") == ("2024-01", "2024-01-31")
    assert find_period("What happened in March 2023?") == ("2023-03", "2023-03-31")
    assert find_period("2022年3月以来") == ("2022", "9999")  # since: from the year on


def test_periods():
    assert find_period("2020年到2023年") == ("2020", "2023-12-31")
    assert find_period("2022年以来") == ("2022", "9999") == find_period("since 2022")
    assert find_period("最近") is None


def test_what_is_not_in_the_graph_is_kept_for_near_names(kg):
    reading = read_question("杨村第一小学教育集团有哪些成员？", kg)
    assert reading.named == [] and reading.leftovers == ["杨村第一小学教育集团"]


def test_an_event_described_by_its_kind_when_its_name_shares_no_words(tmp_path):
    from tests.helpers import extract

    small = extract(tmp_path, "湘潭大学与株洲市开展合作办学\n\n5月6日上午，湘潭大学校长王建军、株洲市副市长李芳出席"
                              "签约活动，湘潭大学与株洲市人民政府签订合作办学协议。\n")
    event = next(d["name"] for _, d in small.entities() if d["label"] == "Event")
    assert event == "签约活动"  # a name sharing no words with the question below
    reading = read_question("湘潭大学和株洲签合作办学协议那天，有哪些领导出席？", small)
    assert reading.ask == "attendees" and reading.named[0].name == event


GROUP_STORY = ("宁波市鄞州区东湖小学教育共同体成立\n\n"
               "3月2日，宁波市鄞州区东湖小学、鄞州区梅林小学与鄞州区云龙小学共同组建的鄞州区东湖小学教育共同体正式成立。"
               "新成立的海曙月湖教育集团成员单位有：宁波市海曙区月湖学校西校区、海曙区南门小学。\n")


@pytest.fixture(scope="module")
def groups(tmp_path_factory):
    from tests.helpers import extract

    return extract(tmp_path_factory.mktemp("groups"), GROUP_STORY)


def test_a_school_named_with_its_regions_short_form(groups):
    assert [n.name for n in read_question("鄞州东湖小学参加了哪些活动？", groups).named][:1] == ["鄞州区东湖小学"]


def test_an_alliance_described_by_the_school_that_leads_it(groups):
    reading = read_question("东湖小学牵头的那个教共体，成员学校是哪几所？", groups)
    assert reading.ask == "members" and reading.subject.label == "Alliance"
    assert reading.subject.name.endswith("东湖小学教育共同体")


def test_an_alliance_without_a_lead_is_led_by_the_member_it_is_named_after(groups):
    reading = read_question("海曙月湖教育集团是哪所学校牵头的？", groups)
    assert reading.ask == "lead" and reading.namesakes == ("海曙区月湖学校西校区",)
    assert read_question("东湖小学教育共同体由谁牵头？", groups).namesakes == ()  # its lead is known
