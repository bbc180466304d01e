"""Each relation pattern family, on sentences written for the tests."""

from tests.helpers import extract, triples

BUREAU_REPORT = """# 锦江区教育局2023年工作总结

锦江区教育局坚持以高质量发展为主线。
与四川大学、成都师范学院等高校建立合作共建关系。
组织教师赴西南交通大学开展交流研修活动。
深入实施“名师培养工程”，落实“双减”制度。
今年6月，成都市中小学校长论坛在锦江区举办，锦江区作典型发言。
选派骨干教师参加第二届四川省教师发展大会。
盐道街小学与双流区实验小学结对帮扶。
盐道街小学、锦官新城小学加入锦江区教育发展联盟。
锦江区教育发展联盟成员校包括天涯石小学、娇子小学。
锦江区实验学校牵头成立锦江区科学教育联盟。
区委书记王立新出席活动。
"""

CAPTION_BLOCK = """锦江区第三届中小学生艺术展演
主办单位 锦江区教育局
承办单位 锦江区盐道街小学 四川音乐学院
2023年5月20日
"""


def test_subject_of_the_document_is_the_actor_of_subjectless_sentences(tmp_path):
    found = triples(extract(tmp_path, BUREAU_REPORT))
    assert ("锦江区教育局", "PARTNERS_WITH", "四川大学") in found
    assert ("锦江区教育局", "PARTNERS_WITH", "成都师范学院") in found
    assert ("锦江区教育局", "RUNS", "名师培养工程") in found
    assert ("锦江区教育局", "RUNS", "“双减”制度") in found


def test_visit_for_an_exchange_is_a_partnership(tmp_path):
    found = triples(extract(tmp_path, BUREAU_REPORT))
    assert ("锦江区教育局", "PARTNERS_WITH", "西南交通大学") in found


def test_event_held_in_a_region_and_a_region_that_speaks_participates(tmp_path):
    found = triples(extract(tmp_path, BUREAU_REPORT))
    assert ("成都市中小学校长论坛", "HELD_IN", "锦江区") in found
    assert ("锦江区", "PARTICIPATED_IN", "成都市中小学校长论坛") in found
    assert ("锦江区教育局", "PARTICIPATED_IN", "第二届四川省教师发展大会") in found


def test_pairing_between_two_named_schools(tmp_path):
    kg = extract(tmp_path, BUREAU_REPORT)
    found = triples(kg)
    assert ("盐道街小学", "PARTNERS_WITH", "双流区实验小学") in found
    kinds = [d["properties"].get("kind") for _, _, d in kg.relations() if d["type"] == "PARTNERS_WITH"
             and kg.g.nodes[_]["name"] == "双流区实验小学"]
    assert kinds == ["pairing"]


def test_membership_by_joining_and_by_member_list(tmp_path):
    found = triples(extract(tmp_path, BUREAU_REPORT))
    for school in ("盐道街小学", "锦官新城小学", "天涯石小学", "娇子小学"):
        assert (school, "MEMBER_OF", "锦江区教育发展联盟") in found


def test_lead_school_and_person_with_title(tmp_path):
    found = triples(extract(tmp_path, BUREAU_REPORT))
    assert ("锦江区实验学校", "LEADS", "锦江区科学教育联盟") in found
    assert ("王立新", "LEADS", "锦江区委") in found


def test_places_and_region_hierarchy(tmp_path):
    found = triples(extract(tmp_path, BUREAU_REPORT))
    assert ("锦江区教育局", "LOCATED_IN", "锦江区") in found
    assert ("锦江区", "PART_OF", "成都市") in found
    assert not any(t[0] == "四川大学" and t[1] == "LOCATED_IN" for t in found)  # not inferred from a university's name


def test_caption_block_gives_organizer_host_and_date(tmp_path):
    kg = extract(tmp_path, CAPTION_BLOCK)
    found = triples(kg)
    event = "锦江区第三届中小学生艺术展演"
    assert ("锦江区教育局", "ORGANIZED", event) in found
    assert ("锦江区盐道街小学", "HOSTED", event) in found
    assert ("四川音乐学院", "HOSTED", event) in found
    dates = [d["properties"].get("date") for _, d in kg.entities() if d["name"] == event]
    assert dates == ["2023-05-20"]


def test_every_relation_carries_its_sentence_and_offset(tmp_path):
    kg = extract(tmp_path, BUREAU_REPORT)
    for _, _, data in kg.relations():
        assert data["evidence"], data
        for ev in data["evidence"]:
            assert BUREAU_REPORT[ev.start:ev.start + len(ev.sentence)] == ev.sentence
