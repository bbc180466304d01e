"""Each pattern family of entity finding, on sentences written for the tests (other regions than the corpus)."""

from tests.helpers import extract, names

REPORT = """# 海淀区教育委员会2023年工作总结

海淀区教育委员会深入实施“强师工程”，持续落实“双减”制度。
全面推进中关村第一小学、北京市十一学校和人大附中等学校的课程改革。
与北京师范大学、首都师范大学等高校建立教育共建关系。
今年5月，北京市中小学德育工作推进会在海淀区召开。
组织开展第三届海淀区中小学生科技节。
建成12个基础教育共同体，新增学位3000个。
"""


def test_names_with_region_proper_name_and_type_suffix(tmp_path):
    kg = extract(tmp_path, REPORT)
    assert {"中关村第一小学", "北京市十一学校"} <= names(kg, "School")
    assert {"北京师范大学", "首都师范大学"} <= names(kg, "University")
    assert "海淀区教育委员会" in names(kg, "Authority")


def test_generic_phrases_are_not_entities(tmp_path):
    kg = extract(tmp_path, REPORT)
    all_names = {d["name"] for _, d in kg.entities()}
    assert not any("基础教育共同体" in n for n in all_names)  # an aggregate, not a named alliance
    assert "中小学" not in all_names and "高校" not in all_names


def test_quoted_programs_and_numbered_events(tmp_path):
    kg = extract(tmp_path, REPORT)
    assert "强师工程" in names(kg, "Program")
    assert "“双减”制度" in names(kg, "Program")
    events = names(kg, "Event")
    assert "北京市中小学德育工作推进会" in events
    assert "第三届海淀区中小学生科技节" in events


def test_regions_with_short_and_full_forms_are_one_node(tmp_path):
    kg = extract(tmp_path, "海淀区召开会议。海淀教育发展迅速。北京市海淀区教委主任李明出席。")
    regions = [d for _, d in kg.entities() if d["label"] == "Region" and d["name"] == "海淀区"]
    assert len(regions) == 1
    assert "海淀" in regions[0]["aliases"]


def test_bylines_and_titled_people(tmp_path):
    kg = extract(tmp_path, "# 朝阳区教育工作纪实\n\n■记者 王晓明 通讯员 李红\n\n朝阳区教委主任陈建国出席活动。")
    assert {"王晓明", "李红", "陈建国"} <= names(kg, "Person")


def test_traditional_and_full_width_forms_merge(tmp_path):
    kg = extract(tmp_path, "成都市實驗小學開展活動。成都市实验小学举办讲座。")
    schools = [d for _, d in kg.entities() if d["label"] == "School"]
    assert len(schools) == 1


def test_region_prefixed_and_bare_names_are_one_school(tmp_path):
    kg = extract(tmp_path, "近日，锦江区盐道街小学召开家长会。盐道街小学教师参加培训。")
    schools = [d for _, d in kg.entities() if d["label"] == "School"]
    assert [s["name"] for s in schools] == ["锦江区盐道街小学"]
    assert "盐道街小学" in schools[0]["aliases"]


def test_kinds_from_type_suffixes(tmp_path):
    kg = extract(
        tmp_path,
        "# 青羊区教育局简报\n\n青羊区教育局举办第二届青羊区教师论坛。"
        "组建草堂小学教育集团。树德中学与石室中学开展交流。",
    )
    kinds = {d["name"]: d["properties"].get("kind") for _, d in kg.entities()}
    assert kinds["第二届青羊区教师论坛"] == "forum"
    assert kinds["草堂小学教育集团"] == "group"
    assert kinds["树德中学"] == "middle"
