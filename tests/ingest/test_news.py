"""The language of education news and notices, one pattern family per test, on sentences written for the tests
(invented schools, people and events in real places; nothing copied from an evaluation document)."""

import pytest

from tests.helpers import extract, names, triples

SIGNING_STORY = """青岛市崂山区与济南市历下区签订教育合作协议

3月18日上午，崂山区教育和体育局与历下区教育局教育合作协议签约仪式在崂山区第二实验小学举行。
崂山区委常委、组织部部长周明远，区教体局党委书记、局长孙晓燕，副局长郑海波，历下区教育局局长欧阳文博出席签约仪式。
仪式由区教体局办公室主任刘建华主持。
崂山区第二实验小学、崂山区育英中学分别与历下区泉城小学、历下区明湖中学结成友好学校。
郑海波代表崂山区教育和体育局向历下区教育局表示感谢。
（记者 赵一鸣 通讯员 钱小雨）
"""

FOUNDING_STORY = """合肥市蜀山区启明教育集团成立

本报讯（记者 冯佳怡）9月6日，蜀山区启明教育集团成立大会在蜀山区文化馆举行。
启明教育集团以合肥市启明小学为龙头校，成员单位有：蜀山区青枫小学、蜀山区松涛小学、蜀山区竹溪幼儿园。
区委常委、副区长陈思远，区教体局局长吴海燕为集团揭牌。
"""

ALLIANCE_AND_AID = """贵阳市南明区推进城乡教育共同体建设

10月9日，贵阳市南明区甲秀小学、贵州省开阳县第三小学与南明区花果园小学共同组建的贵阳市南明区甲秀小学教育共同体正式成立。
南明区教育局对开阳县教育局进行对口帮扶。
南明区教育局将新建的两所学校委托贵州师范大学管理。
厦门市思明区教育局结对帮扶甘肃省兰州市城关区教育局。
"""

NOTICE = """济南市教育局关于开展“强校提质行动”的通知

各区县教育局：
为落实山东省教育厅《关于实施“县中振兴计划”的意见》，现将有关事项通知如下。
"""

TRAINING_STORY = """8月2日，民盟宁波市委会2025年“春风送教行动”乡村教师培训班在鄞州区开班。
民盟宁波市委会秘书长黄晓婷出席开班仪式并讲话。
开班仪式由民盟鄞州区委会副主委马文杰主持。
阿依古丽·买买提、扎西顿珠等来自新疆、西藏的学员参加培训。
"""

PAIR_LIST = """南京市江宁区开展城乡学校结对

江宁区东山小学与江宁区湖熟小学，江宁区秣陵中学与江宁区横溪中学，江宁区上坊幼儿园与江宁区禄口幼儿园分别签订结对协议。
江宁区教育局局长沈丽萍，四川省成都市武侯区教育局副局长韩冬参加活动。
"""

SHORT_FORMS = """杭州市余杭区良渚第一中学（以下简称良渚一中）与良渚二小签订协议。
良渚一中将派出骨干教师。
在省委省政府和市委市政府的关心下，余杭区持续推进教育均衡。
"""


@pytest.fixture(scope="module")
def signing(tmp_path_factory):
    return extract(tmp_path_factory.mktemp("signing"), SIGNING_STORY)


@pytest.fixture(scope="module")
def founding(tmp_path_factory):
    return extract(tmp_path_factory.mktemp("founding"), FOUNDING_STORY)


def test_titles_before_and_after_names_and_bylines(signing):
    people = names(signing, "Person")
    assert {"周明远", "孙晓燕", "郑海波", "欧阳文博", "刘建华", "赵一鸣", "钱小雨"} <= people
    assert not any(len(p) < 2 or "局" in p for p in people)


def test_a_chain_of_titles_leads_every_body_in_it(signing):
    found = triples(signing)
    assert ("孙晓燕", "LEADS", "崂山区教育和体育局") in found  # 区教体局党委书记、局长 (the short form completed)
    assert ("郑海波", "LEADS", "崂山区教育和体育局") in found  # a deputy listed after her shares the bureau
    assert ("欧阳文博", "LEADS", "历下区教育局") in found
    assert ("周明远", "LEADS", "崂山区委组织部") in found  # 崂山区委常委、组织部部长: the committee's department
    assert not any(s == "周明远" and o == "崂山区委" for s, t, o in found if t == "LEADS")  # 常委 is a rank
    assert not any(s == "刘建华" for s, t, o in found if t == "LEADS")  # 办公室主任 heads a section


def test_everyone_at_the_occasion_took_part(signing):
    found = triples(signing)
    event = next(n for n in names(signing, "Event") if n.endswith("签约仪式"))
    for person in ("周明远", "孙晓燕", "郑海波", "欧阳文博", "刘建华"):
        assert (person, "PARTICIPATED_IN", event) in found
    assert ("赵一鸣", "PARTICIPATED_IN", event) not in found  # a reporter reports
    assert (event, "HELD_IN", "崂山区第二实验小学") in found
    assert ("崂山区教育和体育局", "PARTICIPATED_IN", event) in found  # a party the event's name joins
    assert ("历下区教育局", "PARTICIPATED_IN", event) in found
    assert ("历下区教育局", "PARTNERS_WITH", "崂山区教育和体育局") in found or \
        ("崂山区教育和体育局", "PARTNERS_WITH", "历下区教育局") in found


def test_pairs_taken_in_order_with_fenbie(signing):
    found = triples(signing)
    assert ("崂山区第二实验小学", "PARTNERS_WITH", "历下区泉城小学") in found
    assert ("崂山区育英中学", "PARTNERS_WITH", "历下区明湖中学") in found
    assert ("崂山区第二实验小学", "PARTNERS_WITH", "历下区明湖中学") not in found


def test_region_written_right_after_the_one_it_lies_in(signing):
    found = triples(signing)
    assert ("崂山区", "PART_OF", "青岛市") in found
    assert ("历下区", "PART_OF", "济南市") in found


def test_founding_story_members_lead_and_place(founding):
    found = triples(founding)
    group = "启明教育集团"
    assert any(n.endswith(group) for n in names(founding, "Alliance"))
    group = next(n for n in names(founding, "Alliance") if n.endswith(group))
    assert ("合肥市启明小学", "LEADS", group) in found
    for school in ("蜀山区青枫小学", "蜀山区松涛小学", "蜀山区竹溪幼儿园"):
        assert (school, "MEMBER_OF", group) in found
    event = next(n for n in names(founding, "Event") if n.endswith("成立大会"))
    assert (event, "HELD_IN", "蜀山区文化馆") in found
    assert (group, "ORGANIZED", event) not in found  # the group founded does not organise its own founding
    assert ("陈思远", "LEADS", "蜀山区政府") not in found  # no government named: a 副区长 leads nothing here
    assert ("冯佳怡", "PARTICIPATED_IN", event) not in found


def test_bodies_founded_together_partner_and_join(tmp_path):
    kg = extract(tmp_path, ALLIANCE_AND_AID)
    found = triples(kg)
    schools = ("南明区甲秀小学", "开阳县第三小学", "南明区花果园小学")
    pairs = {frozenset((s, o)) for s, t, o in found if t == "PARTNERS_WITH"}
    for i, a in enumerate(schools):
        for b in schools[i + 1:]:
            assert any(a in x and b in y or a in y and b in x for x, y in map(sorted, pairs)), (a, b)


def test_aid_between_two_parties(tmp_path):
    kg = extract(tmp_path, ALLIANCE_AND_AID)
    pairs = {frozenset((s, o)) for s, t, o in triples(kg) if t == "PARTNERS_WITH"}
    assert frozenset(("南明区教育局", "开阳县教育局")) in pairs  # 对…进行对口帮扶
    assert frozenset(("南明区教育局", "贵州师范大学")) in pairs  # 将…委托…管理
    assert frozenset(("思明区教育局", "城关区教育局")) in pairs  # 结对帮扶
    kinds = {d["properties"].get("kind") for _, _, d in kg.relations() if d["type"] == "PARTNERS_WITH"}
    assert {"support", "entrusted", "pairing"} <= kinds


def test_programs_named_in_a_bodys_document_title(tmp_path):
    found = triples(extract(tmp_path, NOTICE))
    assert ("山东省教育厅", "RUNS", "县中振兴计划") in found
    assert "各区县教育局" not in {s for s, _, _ in found}


def test_training_class_opening_and_party_bodies(tmp_path):
    kg = extract(tmp_path, TRAINING_STORY)
    found = triples(kg)
    event = next(n for n in names(kg, "Event") if n.endswith("培训班"))
    assert event.startswith("民盟宁波市委会")  # the party name opens the body's name
    assert (event, "HELD_IN", "鄞州区") in found
    assert ("黄晓婷", "LEADS", "民盟宁波市委会") in found
    assert ("黄晓婷", "PARTICIPATED_IN", event) in found  # 开班仪式 is the class's opening
    assert ("马文杰", "PARTICIPATED_IN", event) in found
    assert ("民盟宁波市委会", "RUNS", "春风送教行动") in found  # a program inside the event named after the body
    assert {"阿依古丽·买买提", "扎西顿珠"} <= names(kg, "Person")


def test_pairs_in_chunks_and_officials_from_two_provinces(tmp_path):
    kg = extract(tmp_path, PAIR_LIST)
    found = triples(kg)
    for a, b in (("江宁区东山小学", "江宁区湖熟小学"), ("江宁区秣陵中学", "江宁区横溪中学"),
                 ("江宁区上坊幼儿园", "江宁区禄口幼儿园")):
        assert (a, "PARTNERS_WITH", b) in found or (b, "PARTNERS_WITH", a) in found
    assert ("江宁区东山小学", "PARTNERS_WITH", "江宁区横溪中学") not in found
    assert ("韩冬", "LEADS", "武侯区教育局") in found
    assert ("武侯区", "PART_OF", "成都市") in found and ("成都市", "PART_OF", "四川省") in found


def test_declared_short_forms_and_collective_bodies(tmp_path):
    kg = extract(tmp_path, SHORT_FORMS)
    schools = [d for _, d in kg.entities() if d["label"] == "School" and "良渚" in d["name"]]
    first = next(d for d in schools if "第一中学" in d["name"])
    assert "良渚一中" in first["aliases"]
    assert not any(d["name"] == "良渚一中" for d in schools)
    assert not {d["name"] for _, d in kg.entities() if d["label"] == "Authority"} & {"浙江省委", "杭州市委"}


def test_coordinated_names_share_their_head(tmp_path):
    kg = extract(tmp_path, "会上，鼓楼区、玄武区教育局负责同志作交流发言。南京有金陵、钟山等教育集团。")
    assert {"鼓楼区教育局", "玄武区教育局"} <= names(kg, "Authority")
    assert {"金陵教育集团", "钟山教育集团"} <= names(kg, "Alliance")


def test_event_lists_and_generic_plans(tmp_path):
    kg = extract(tmp_path, "近年来，宁波市教育高峰论坛、鄞州区青年教师基本功大赛相继成功举办。"
                           "各校要定期召开联席会议，举办读书活动。")
    events = names(kg, "Event")
    assert {"宁波市教育高峰论坛", "鄞州区青年教师基本功大赛"} <= events
    assert not any("联席会议" in e or "读书活动" in e for e in events)


def test_visited_place_holds_the_meeting_named_by_its_kind(tmp_path):
    kg = extract(tmp_path, "11月5日，思明区教育局一行来到城关区开展教育交流。\n"
                           "11月6日上午召开的座谈会上，双方介绍了各自情况。")
    assert ("座谈会", "HELD_IN", "城关区") in triples(kg)


def test_event_dates_from_the_documents_year(tmp_path):
    kg = extract(tmp_path, SIGNING_STORY.replace("3月18日上午", "2024年3月18日上午"))
    event = next(d for _, d in kg.entities() if d["label"] == "Event" and d["name"].endswith("签约仪式"))
    assert event["properties"].get("date") == "2024-03-18"


UNQUOTED_PROGRAMS = """西宁市城东区教育局关于做好暑期培训的通知

为落实青海省教育厅《关于组织实施县域普通高中质量提升项目的通知》要求，现将有关事项通知如下。
教育部中小学名班主任领航工程青海基地在城东区挂牌。
区教育局年度工作计划另行印发。
"""


def test_unquoted_programs_after_their_body_and_in_a_notice_title(tmp_path):
    kg = extract(tmp_path, UNQUOTED_PROGRAMS)
    programs = names(kg, "Program")
    assert {"县域普通高中质量提升项目", "中小学名班主任领航工程"} <= programs  # the title 名班主任 stays inside
    assert ("教育部", "RUNS", "中小学名班主任领航工程") in triples(kg)
    assert ("青海省教育厅", "RUNS", "县域普通高中质量提升项目") in triples(kg)
    assert not any("工作计划" in p for p in programs)  # a bureau's plan is not a program


CO_ORGANISERS = """5月8日，兰州大学和西北师范大学共同主办陇原青年教师论坛。
9月3日，甘肃省教育厅会同青海省教育厅在天水市召开西北职业教育推进会。
10月9日，兰州城关区第一小学、兰州城关区第二小学与永登县开展“手拉手”读书行动启动仪式。
"""


def test_bodies_joined_before_the_verb_organise_together(tmp_path):
    found = triples(extract(tmp_path, CO_ORGANISERS))
    assert {("兰州大学", "ORGANIZED", "陇原青年教师论坛"), ("西北师范大学", "ORGANIZED", "陇原青年教师论坛"),
            ("甘肃省教育厅", "ORGANIZED", "西北职业教育推进会"),
            ("青海省教育厅", "ORGANIZED", "西北职业教育推进会")} <= found
    assert not any(t == "ORGANIZED" and o.endswith("启动仪式") for _, t, o in found)  # 甲、乙与某县开展: a pair's sides
    assert ("天水市", "PARTICIPATED_IN", "西北职业教育推进会") not in found  # 在某市召开: the venue
    assert ("西北职业教育推进会", "HELD_IN", "天水市") in found
    runners = {s for s, t, o in found if t == "RUNS" and "手拉手" in o}
    assert runners == {"城关区第一小学", "城关区第二小学"}  # both sides named before 开展 run the program


MEMBER_LIST_NOTICE = """南宁市青秀区教育局关于公布城乡学校共同体名单的通知

一、青秀区桂雅路小学教育共同体
牵头学校：青秀区桂雅路小学
成员学校：青秀区长塘镇中心学校、青秀区伶俐镇中心小学

二、南宁市第三十七中学教育共同体
牵头学校：南宁市第三十七中学
成员学校：青秀区刘圩镇初级中学
"""

BARE_ALLIANCE_STORY = """10月12日，桂北高中教育联盟成立大会在桂林市第十八中学举行。
会议由桂林市教育局主办。
联盟由桂林市教育局、全州县教育局和兴安县教育局组成，桂林市教育局为牵头单位。
成员校包括桂林市第十八中学、全州县高级中学、兴安县第二中学等。
3月，成立漓江职业教育集团，吸纳桂林市商业学校、阳朔县职业技术学校等8所中职学校加入。
兴安县溶江镇中心小学、兴安县界首镇中心小学加入兴安县实验小学教育集团。
"""


def test_member_lists_under_an_alliances_heading_line(tmp_path):
    found = triples(extract(tmp_path, MEMBER_LIST_NOTICE))
    members = {(s.removeprefix("青秀区"), o) for s, t, o in found if t == "MEMBER_OF"}  # 区 form may be an alias
    assert {("长塘镇中心学校", "青秀区桂雅路小学教育共同体"), ("伶俐镇中心小学", "青秀区桂雅路小学教育共同体"),
            ("刘圩镇初级中学", "南宁市第三十七中学教育共同体")} <= members
    assert ("刘圩镇初级中学", "青秀区桂雅路小学教育共同体") not in members
    assert ("南宁市第三十七中学", "LEADS", "南宁市第三十七中学教育共同体") in found


def test_members_of_the_alliance_a_sentence_speaks_of(tmp_path):
    found = triples(extract(tmp_path, BARE_ALLIANCE_STORY))
    members = {s for s, t, o in found if t == "MEMBER_OF" and o == "桂北高中教育联盟"}
    assert {"桂林市教育局", "全州县教育局", "兴安县教育局", "桂林市第十八中学", "全州县高级中学"} <= members
    assert ("桂林市教育局", "LEADS", "桂北高中教育联盟") in found
    assert {("桂林市商业学校", "MEMBER_OF", "漓江职业教育集团"),
            ("阳朔县职业技术学校", "MEMBER_OF", "漓江职业教育集团")} <= found  # 吸纳…加入
    joined = {s.removeprefix("兴安县") for s, t, o in found if t == "MEMBER_OF" and o == "兴安县实验小学教育集团"}
    assert "溶江镇中心小学" in joined and not {"兴安县", "溶江镇"} & joined  # regions inside names are not members


PLACES_OF_THE_EVENT_NAMED_LAST = """遵义市教育局关于举办2025年全市初中班主任能力提升培训班的通知

各县（市、区）教育局：
现将有关事项通知如下。
一、培训对象：各初中学校班主任。
二、培训地点：遵义师范学院。
7月，承办2025年黔北中小学校长论坛，论坛由贵州省教育厅主办，在遵义市第四中学举行。
10月，与毕节市教育局在红花岗区联合举办黔北教育协作交流会。
9月3日，遵义市名师送教团来到正安县，开展“黔北同心”送教下乡活动。
"""


def test_a_clause_without_an_event_places_the_event_named_last(tmp_path):
    kg = extract(tmp_path, PLACES_OF_THE_EVENT_NAMED_LAST)
    held = {(s, o) for s, t, o in triples(kg) if t == "HELD_IN"}
    training = next(n for n in names(kg, "Event") if n.endswith("培训班"))
    assert (training, "遵义师范学院") in held  # 培训地点： in the notice the title names
    assert ("黔北中小学校长论坛", "遵义市第四中学") in held  # 论坛由…主办，在…举行
    assert ("黔北教育协作交流会", "红花岗区") in held  # 在某区联合举办
    assert any(s.endswith("送教下乡活动") and o == "正安县" for s, o in held)  # 来到某县，开展…
    assert not any(o == "遵义师范学院" and s != training for s, o in held)


ELECTION_STORY = """11月2日，湘南高中教育联盟成立大会在郴州市第一中学举行。
会议选举产生了联盟第一届理事会，郴州市第一中学校长罗志刚当选理事长，永州市第四中学校长蒋丽华当选副理事长。
永州市教育局副局长热依拉·艾买提全程陪同。
"""


def test_people_elected_to_an_alliances_chair_lead_it(tmp_path):
    kg = extract(tmp_path, ELECTION_STORY)
    found = triples(kg)
    assert {("罗志刚", "LEADS", "湘南高中教育联盟"), ("蒋丽华", "LEADS", "湘南高中教育联盟"),
            ("罗志刚", "LEADS", "郴州市第一中学"), ("蒋丽华", "LEADS", "永州市第四中学")} <= found
    assert "热依拉·艾买提" in names(kg, "Person")  # a dotted name ends before an adverb (全程陪同)


def test_less_common_surnames_still_start_a_name(tmp_path):
    kg = extract(tmp_path, "柳州市景行教育集团党委书记、总校长洪志明介绍，集团今年新增两所成员校。\n")
    assert "洪志明" in names(kg, "Person")
    assert ("洪志明", "LEADS", "柳州市景行教育集团") in triples(kg)


def test_common_surnames_of_the_south_start_a_name(tmp_path):
    kg = extract(tmp_path, "梅州市政府副市长赖振宇、梅州市教育局局长傅雅琳出席签约仪式。\n")
    assert {"赖振宇", "傅雅琳"} <= names(kg, "Person")


def test_a_school_affiliated_to_a_university_and_names_joined_by_ji(tmp_path):
    kg = extract(tmp_path, "5月6日，兰州市城关区人民政府与陇东师范大学合作办学签约仪式暨陇东师范大学附属城关实验学校"
                           "揭牌仪式在该校举行。\n")
    assert "陇东师范大学附属城关实验学校" in names(kg, "School")
    assert names(kg, "University") == {"陇东师范大学"}  # nothing like 仪式暨陇东师范大学


FORUM_NOTICE = """关于举办第二届黔东南中小学校长论坛的通知

作者：杨丽  编辑：吴昊  审核：龙国强
一、论坛主题
二、日程安排
09:00-09:30  开幕式
14:00-16:00  分论坛一：黔东南与杭州市姊妹学校课程共建
3. 11月8日：说课展示、颁奖及闭幕式。
"""


def test_agenda_lines_name_no_events_and_every_byline_role_names_a_person(tmp_path):
    kg = extract(tmp_path, FORUM_NOTICE)
    events = names(kg, "Event")
    assert not any(e in ("论坛", "开幕式") or e[0].isdigit() or "、" in e for e in events), events
    assert {"杨丽", "吴昊", "龙国强"} <= names(kg, "Person")  # 作者、编辑、审核
    assert not any("姊妹学校" in s for s in names(kg, "School"))  # sister schools in general are no school


PAIRING_TABLE = """南昌市青山湖区—赣州市寻乌县2025年度教育结对学校名单

序号\t帮扶学校\t受援学校\t结对形式
1\t青山湖区第一中学\t寻乌县第二中学\t管理帮扶
2\t青山湖区实验小学\t寻乌县澄江镇中心校\t学科结对
3  青山湖区育新幼儿园  寻乌县第一幼儿园  保教结对

有关要求：各街镇中心校要做好配合。
随后，青山湖区第二中学与寻乌县第三中学，青山湖区艺术小学与寻乌县长宁小学等12对学校现场签约并互赠牌匾。
"""


def test_pairing_tables_and_counted_pairs(tmp_path):
    kg = extract(tmp_path, PAIRING_TABLE)
    partners = {frozenset((s.removeprefix("寻乌县"), o.removeprefix("寻乌县")))
                for s, t, o in triples(kg) if t == "PARTNERS_WITH"}
    assert {frozenset(("青山湖区第一中学", "第二中学")), frozenset(("青山湖区实验小学", "澄江镇中心校")),
            frozenset(("青山湖区育新幼儿园", "第一幼儿园"))} <= partners  # one pair per row, tabs or spaces
    assert {frozenset(("青山湖区第二中学", "第三中学")), frozenset(("青山湖区艺术小学", "长宁小学"))} <= partners
    assert not any(n.startswith("各") for n in names(kg, "School"))


def test_a_city_written_before_its_district_is_not_a_party_of_their_event(tmp_path):
    kg = extract(tmp_path, "3月2日，南宁市青秀区与百色市田阳区教育结对帮扶签约仪式在田阳区第一小学举行。\n")
    event = next(iter(names(kg, "Event")))
    took_part = {s for s, t, o in triples(kg) if t == "PARTICIPATED_IN" and o == event}
    assert took_part == {"青秀区", "田阳区"}


def test_a_group_led_by_the_school_after_you(tmp_path):
    found = triples(extract(tmp_path, "其中，松江教育集团由泉州市第五中学牵头，成员学校包括泉州市明德中学；"
                                      "鲤城小学教育集团由泉州市鲤城小学领衔，吸纳泉州市云山学校加入。\n"))
    assert ("泉州市第五中学", "LEADS", "松江教育集团") in found
    assert ("泉州市第五中学", "LEADS", "鲤城小学教育集团") not in found
    assert ("泉州市云山学校", "MEMBER_OF", "鲤城小学教育集团") in found


def test_field_words_stay_inside_an_alliances_name(tmp_path):
    kg = extract(tmp_path, "据介绍，宝安区中小学劳动教育联盟以深圳市宝安中学为龙头校。\n")
    assert "宝安区中小学劳动教育联盟" in names(kg, "Alliance")
    assert ("宝安中学", "LEADS", "宝安区中小学劳动教育联盟") in triples(kg)  # 深圳市宝安中学, by its short name


def test_a_deputy_after_a_committee_rank_shares_the_body_named_before(tmp_path):
    found = triples(extract(tmp_path, "9月5日，蜀山区教育体育局党委书记、局长程文斌，党委委员、副局长汪晓燕，"
                                      "二级调研员周立新出席会议。\n"))
    assert ("汪晓燕", "LEADS", "蜀山区教育体育局") in found  # 党委委员、副局长: the bureau named before
    assert not any(s == "周立新" and t == "LEADS" for s, t, _ in found)  # a rank leads nothing


def test_what_a_delegation_went_to_do_is_one_occasion(tmp_path):
    kg = extract(tmp_path, "11月3日，鼓楼区教育局局长林海一行10人来到定西市安定区开展东西部教育协作对接，"
                           "并签署帮扶协议。安定区教育局局长王磊及相关人员参加对接。\n")
    assert "东西部教育协作对接" in names(kg, "Event")
    found = triples(kg)
    assert {("林海", "PARTICIPATED_IN", "东西部教育协作对接"), ("王磊", "PARTICIPATED_IN", "东西部教育协作对接"),
            ("东西部教育协作对接", "HELD_IN", "安定区")} <= found


def test_an_agenda_names_an_official_after_a_space(tmp_path):
    kg = extract(tmp_path, "09:00-09:30  开幕式（致辞：汕头市龙湖区教育局局长 郑国华）\n记者 林小燕\n")
    assert ("郑国华", "LEADS", "龙湖区教育局") in triples(kg)
    assert "林小燕" in names(kg, "Person")


def test_a_bodys_class_in_its_own_program_is_organised_by_the_body(tmp_path):
    kg = extract(tmp_path, TRAINING_STORY)
    event = next(n for n in names(kg, "Event") if n.endswith("培训班"))
    assert ("民盟宁波市委会", "ORGANIZED", event) in triples(kg)  # 某会2025年“某行动”…培训班: the body's class


COLUMN_TAG_STORY = """【结对在行动】东华理工学院托管帮扶项目协议签约仪式顺利举行

5月9日，东华理工学院托管帮扶项目协议签约仪式在上饶市信州区举行。
"""


def test_a_column_tag_is_not_part_of_an_events_name(tmp_path):
    kg = extract(tmp_path, COLUMN_TAG_STORY)
    events = names(kg, "Event")
    assert "东华理工学院托管帮扶项目协议签约仪式" in events and not any("【" in e or "】" in e for e in events)
    assert ("东华理工学院", "ORGANIZED", "东华理工学院托管帮扶项目协议签约仪式") in triples(kg)


VENUE_STORY = """5月12日，莱西市教育和体育局在莱西市第三实验小学召开莱西市海韵小学教育集团成立大会。
11月3日，南平市延平区教育局与三明市沙县区教育局召开山海协作教育座谈会。
"""


def test_a_bureau_holding_a_meeting_at_a_school_organised_it(tmp_path):
    found = triples(extract(tmp_path, VENUE_STORY))
    assert ("莱西市教育和体育局", "ORGANIZED", "莱西市海韵小学教育集团成立大会") in found
    assert ("莱西市海韵小学教育集团成立大会", "HELD_IN", "莱西市第三实验小学") in found
    assert not any(s == "莱西市第三实验小学" and t.endswith("成立大会") for s, _, t in found)  # the venue took no part


def test_two_bodies_that_convene_a_meeting_organised_it(tmp_path):
    found = triples(extract(tmp_path, VENUE_STORY))
    for bureau in ("延平区教育局", "沙县区教育局"):
        assert (bureau, "ORGANIZED", "山海协作教育座谈会") in found
        assert (bureau, "PARTICIPATED_IN", "山海协作教育座谈会") not in found


ORGANISED_BY_STORY = """10月15日，沂水县城乡学校“携手同行”结对签约仪式在沂水县第二实验小学举行。
本次仪式由县教体局组织，县教体局副局长孟庆华主持。
"""


def test_an_occasion_organised_by_a_body_named_by_its_short_form(tmp_path):
    kg = extract(tmp_path, ORGANISED_BY_STORY)
    found = triples(kg)
    event = next(n for n in names(kg, "Event") if n.endswith("签约仪式"))
    assert ("沂水县教体局", "ORGANIZED", event) in found  # 由县/教体局: jieba glued 由 to the county
    assert ("孟庆华", "LEADS", "沂水县教体局") in found


def test_a_name_ends_before_a_passive_or_leading_verb(tmp_path):
    text = "西关小学党支部书记、校长吕思雨被聘任为集团总校长。由莒县第一中学副校长、高级教师葛晓彤领衔主持。\n"
    people = names(extract(tmp_path, text), "Person")
    assert {"吕思雨", "葛晓彤"} <= people


def test_pairs_in_a_list_counted_before_the_signing(tmp_path):
    text = ("仪式上，莒南县第一小学与莒南县第三小学、莒南县第二中学与莒南县第四中学等2对学校的负责人"
            "依次上台签订结对协议。\n")
    found = triples(extract(tmp_path, text))
    assert ("莒南县第一小学", "PARTNERS_WITH", "莒南县第三小学") in found
    assert ("莒南县第二中学", "PARTNERS_WITH", "莒南县第四中学") in found
    assert ("莒南县第一小学", "PARTNERS_WITH", "莒南县第二中学") not in found  # one pair per item


PAIR_LINES = """泉州市丰泽区与三明市宁化县学校结对名单

一、小学学段
1.丰泽区第三实验小学——宁化县城东小学
2.丰泽区东湖小学——宁化县石壁镇中心小学
二、幼儿园
3.丰泽区实验幼儿园——宁化县第二实验幼儿园
"""


def test_a_pairing_list_one_pair_per_line(tmp_path):
    found = triples(extract(tmp_path, PAIR_LINES))
    for a, b in (("丰泽区第三实验小学", "宁化县城东小学"), ("丰泽区东湖小学", "宁化县石壁镇中心小学"),
                 ("丰泽区实验幼儿园", "宁化县第二实验幼儿园")):
        assert (a, "PARTNERS_WITH", b) in found
    assert ("丰泽区第三实验小学", "PARTNERS_WITH", "丰泽区东湖小学") not in found


def test_pairs_listed_after_the_signing(tmp_path):
    text = ("随后，两地3对学校现场签订结对帮扶协议，分别是：江北区慈城中学与岑巩县思旸中学，"
            "江北区庄桥小学与岑巩县大有小学，江北区外国语幼儿园与岑巩县第二幼儿园。\n")
    found = triples(extract(tmp_path, text))
    for a, b in (("江北区慈城中学", "岑巩县思旸中学"), ("江北区庄桥小学", "岑巩县大有小学"),
                 ("江北区外国语幼儿园", "岑巩县第二幼儿园")):
        assert (a, "PARTNERS_WITH", b) in found


def test_aid_to_a_county_named_after_its_city(tmp_path):
    found = triples(extract(tmp_path, "今年是温州市鹿城区对口帮扶丽水市景宁畲族自治县的第五年。\n"))
    assert ("鹿城区", "PARTNERS_WITH", "景宁畲族自治县") in found
    assert ("鹿城区", "PARTNERS_WITH", "丽水市") not in found


GROUP_MADE_OF = """滕州市北辛小学教育集团成立

4月2日，滕州市北辛小学教育集团成立大会在北辛小学召开。
会上，副局长任晓东宣读了《关于成立滕州市北辛小学教育集团的决定》。
据介绍，北辛小学教育集团由龙头校滕州市北辛小学和滕州市东沙河小学、滕州市界河小学2所成员校组成。
"""


def test_a_group_made_of_its_lead_school_and_members(tmp_path):
    found = triples(extract(tmp_path, GROUP_MADE_OF))
    group = "滕州市北辛小学教育集团"
    for school in ("滕州市北辛小学", "滕州市东沙河小学", "滕州市界河小学"):
        assert (school, "MEMBER_OF", group) in found
    assert ("滕州市北辛小学", "LEADS", group) in found
    assert ("滕州市东沙河小学", "LEADS", group) not in found
    assert (group, "PARTICIPATED_IN", "滕州市北辛小学教育集团成立大会") not in found  # its own founding


TEACHING_STORY = """东营区初中数学“单元整体教学”研讨活动举行

5月20日，东营区初中数学“单元整体教学”研讨活动在东营区实验中学举行。
东营区实验中学孙若曦老师执教八年级《勾股定理》示范课。
区教研室数学教研员葛明远作专题讲座。
"""


def test_teachers_who_teach_at_an_event_took_part(tmp_path):
    kg = extract(tmp_path, TEACHING_STORY)
    found = triples(kg)
    event = next(n for n in names(kg, "Event") if n.endswith("研讨活动"))
    assert ("孙若曦", "PARTICIPATED_IN", event) in found
    assert ("葛明远", "PARTICIPATED_IN", event) in found
    assert ("东营区实验中学", "PARTICIPATED_IN", event) not in found  # the venue, and a teacher's school, did not


def test_a_bureau_that_folds_work_into_a_program_runs_it(tmp_path):
    found = triples(extract(tmp_path, "鼓楼区教育局将结对工作纳入“榕城同心”教育帮扶工程统筹推进。\n"))
    assert ("鼓楼区教育局", "RUNS", "“榕城同心”教育帮扶工程") in found


MEMBERS_ATTEND_STORY = """芜湖市镜湖区育红小学教育集团举行教学开放日

镜湖区育红小学教育集团成员单位有：芜湖市育红小学、镜湖区新城小学、镜湖区赭山小学。
11月8日，镜湖区育红小学教育集团教学开放日活动在芜湖市育红小学举行。
各成员校负责人及骨干教师代表参加活动。
"""

TWO_GROUPS_STORY = """镜湖区两个教育集团召开联席会

镜湖区育红小学教育集团成员单位有：芜湖市育红小学、镜湖区新城小学。
镜湖区延安小学教育集团成员单位有：芜湖市延安小学、镜湖区大砻坊小学。
12月2日，镜湖区集团化办学联席会在镜湖区教育局召开。
各成员校校长参加会议。
"""


def test_a_groups_members_named_together_took_part(tmp_path):
    kg = extract(tmp_path, MEMBERS_ATTEND_STORY)
    found = triples(kg)
    event = next(n for n in names(kg, "Event") if n.endswith("教学开放日活动"))
    for school in ("芜湖市育红小学", "镜湖区新城小学", "镜湖区赭山小学"):
        assert (school, "MEMBER_OF", "镜湖区育红小学教育集团") in found
        assert (school, "PARTICIPATED_IN", event) in found


def test_members_of_which_group_unsaid_take_no_part(tmp_path):
    kg = extract(tmp_path, TWO_GROUPS_STORY)
    found = triples(kg)
    assert {s for s, kind, _ in found if kind == "PARTICIPATED_IN"}.isdisjoint({"镜湖区新城小学", "镜湖区大砻坊小学"})


def test_a_second_verb_ends_what_an_aid_verb_governs(tmp_path):
    found = triples(extract(tmp_path, "宜昌市夷陵区实验小学与五峰县采花乡小学结成帮扶学校并赠送宜昌市特产。\n"))
    partners = {(s, o) for s, kind, o in found if kind == "PARTNERS_WITH"}
    assert any(s.endswith("夷陵区实验小学") and o == "五峰县采花乡小学" for s, o in partners)
    assert not any("宜昌市" in pair for pair in partners)  # the gift's origin is no partner


def test_a_name_starts_at_its_own_region_not_at_an_earlier_one(tmp_path):
    kg = extract(tmp_path, "杭州市文澜中学校长林国平担任杭州市文澜教育集团总校长。\n")
    assert "杭州市文澜教育集团" in names(kg, "Alliance")
    assert not any("林国平" in name for name in names(kg, "Alliance") | names(kg, "School"))


def test_schools_named_by_their_places_or_their_community_are_no_school(tmp_path):
    kg = extract(tmp_path, "沪滇两地学校开展线上教研。城乡教育共同体学校每月联合备课，昆明市盘龙区东华小学负责统筹。\n")
    schools = names(kg, "School")
    assert not any(name.endswith(("两地学校", "共同体学校")) for name in schools)
    assert any(name.endswith("东华小学") for name in schools)


def test_a_notice_addressed_to_every_bureau_names_none(tmp_path):
    kg = extract(tmp_path, "江苏省教育厅关于开展结对帮扶工作的通知\n\n各设区市、县（市、区）教育局：\n"
                           "南京市、苏州市要做好结对工作。\n")
    assert names(kg, "Authority") == {"江苏省教育厅"}


def test_a_studio_is_named_after_its_person_and_title(tmp_path):
    kg = extract(tmp_path, "3月2日，刘海涛名校长工作室授牌仪式在泸州市江阳区实验学校举行。\n"
                           "刘海涛名校长工作室全体成员参加仪式。\n")
    assert "刘海涛名校长工作室" in names(kg, "Organization")
    assert "海涛名校长工作室" not in names(kg, "Organization")


def test_a_title_that_names_what_a_body_does_is_part_of_its_name(tmp_path):
    kg = extract(tmp_path, "江宁区教师进修学校校长赵敏、南京师范大学教师教育学院副院长李静、"
                           "鼓楼区教师发展中心主任王伟出席活动。\n")
    found = triples(kg)
    assert ("赵敏", "LEADS", "江宁区教师进修学校") in found
    assert ("李静", "LEADS", "南京师范大学教师教育学院") in found
    assert ("王伟", "LEADS", "鼓楼区教师发展中心") in found


def test_guests_are_no_city(tmp_path):
    assert not names(extract(tmp_path, "学员、教育来宾600余人参加了此次揭牌仪式。\n"), "Region")
    assert "来宾市" in names(extract(tmp_path, "来宾市教育局局长韦立出席。\n", name="city"), "Region")


def test_a_bureau_jieba_reads_as_one_word_keeps_its_region(tmp_path):
    kg = extract(tmp_path, "签约仪式举行\n上海市教委主任李明、上海市委教育工委副书记王红出席仪式。\n")
    found = triples(kg)
    assert ("李明", "LEADS", "上海市教委") in found and ("王红", "LEADS", "上海市委教育工委") in found
    assert ("上海市教委", "LOCATED_IN", "上海市") in found


def test_a_deputy_after_and_and_an_appointment_lead_their_bodies(tmp_path):
    found = triples(extract(tmp_path, "嘉定区实验小学校长陈晓明和副校长吴佳出席活动。"
                                      "嘉定区实验小学校长李刚担任嘉定区实验小学教育集团总校理事长。\n"))
    assert ("吴佳", "LEADS", "嘉定区实验小学") in found
    assert ("李刚", "LEADS", "嘉定区实验小学教育集团") in found


def test_a_short_name_in_brackets_does_not_break_the_list_of_signers(tmp_path):
    found = triples(extract(tmp_path, "6月5日，西南大学、彭水县人民政府、彭水县第一中学（以下简称彭水一中）"
                                      "签订了托管帮扶协议。\n"))
    partners = {frozenset((s, o)) for s, kind, o in found if kind == "PARTNERS_WITH"}
    assert frozenset(("西南大学", "彭水县人民政府")) in partners
    assert frozenset(("西南大学", "彭水县第一中学")) in partners


def test_a_bureau_whose_leaders_attend_together_took_part(tmp_path):
    kg = extract(tmp_path, "11月3日，两地教育交流座谈会在温州市鹿城区举行。\n"
                           "鹿城区教育局局长陈立新及部分班子成员、相关科室负责人参加座谈。\n")
    event = next(n for n in names(kg, "Event") if n.endswith("座谈会"))
    assert ("鹿城区教育局", "PARTICIPATED_IN", event) in triples(kg)


def test_schools_visited_at_an_event_are_no_attendees(tmp_path):
    kg = extract(tmp_path, "5月9日，全市集团化办学现场推进会在绍兴市越城区召开。\n"
                           "与会人员现场观摩了越城区鲁迅小学、越城区塔山中学。\n")
    event = next(n for n in names(kg, "Event") if n.endswith("推进会"))
    attended = {s for s, kind, o in triples(kg) if kind == "PARTICIPATED_IN" and o == event}
    assert not attended & {"越城区鲁迅小学", "越城区塔山中学"}


def test_a_dated_storys_next_meeting_and_its_teachers(tmp_path):
    kg = extract(tmp_path, "永嘉县名师工作站揭牌\n\n6月3日，永嘉县名师工作站揭牌仪式在永嘉县实验中学举行。"
                           "温州市教育局副局长王建出席仪式并讲话。王建在讲话中提出三点要求。\n"
                           "工作站将定期开展活动。全体成员参观了校史馆。\n"
                           "揭牌仪式结束后，双方在永嘉县实验中学召开座谈会。"
                           "随后，永嘉县实验中学教师林晓燕执教示范课，并介绍了学校的做法。\n")
    found = triples(kg)
    assert "座谈会" in names(kg, "Event")  # four sentences after the date: the story's next occasion
    assert any(s == "林晓燕" and kind == "PARTICIPATED_IN" for s, kind, _ in found)


def test_a_meeting_convened_at_a_school_under_its_year_and_two_schools_that_sign(tmp_path):
    kg = extract(tmp_path, "鹿城区召开集团化办学推进会\n\n4月2日上午，鹿城区教育局在温州市鹿城区广场路小学召开"
                           "2025年全区集团化办学推进会。会上，广场路小学与鹿城区双屿小学签约，双屿小学加入广场路小学"
                           "教育集团。\n")
    found = triples(kg)
    event = next(n for n in names(kg, "Event") if n.endswith("推进会"))
    assert any(kind == "HELD_IN" and s == event and o.endswith("广场路小学") for s, kind, o in found)
    partners = {frozenset((s, o)) for s, kind, o in found if kind == "PARTNERS_WITH"}
    assert any({"双屿小学"} & {name.removeprefix("鹿城区") for name in pair} for pair in partners)


def test_an_occasion_held_within_a_meeting_is_organised_by_its_organisers(tmp_path):
    kg = extract(tmp_path, "江北区召开教育集团化办学推进会\n\n9月6日，宁波市江北区教育局在江北区实验小学"
                           "召开全区教育集团化办学推进会。区教育局局长周凯出席会议。"
                           "会上还举行了新一批集团成员校签约仪式。\n")
    found = triples(kg)
    ceremony = next(n for n in names(kg, "Event") if n.endswith("签约仪式"))
    assert ("江北区教育局", "ORGANIZED", ceremony) in found


def test_a_designation_is_no_school(tmp_path):
    kg = extract(tmp_path, "东山中学作为省级示范性高中，承担送教任务；全县还新建了两所寄宿制学校。\n")
    assert not any(name.endswith(("示范性高中", "寄宿制学校")) for name in names(kg, "School"))


def test_a_name_jieba_splits_around_an_adverb(tmp_path):
    kg = extract(tmp_path, "铜陵市义安区铜都实验小学与枞阳县第二小学结对。\n")  # jieba: 铜/都/实验/小学
    assert any(name.endswith("义安区铜都实验小学") for name in names(kg, "School"))


def test_an_annual_meeting_and_a_dated_council_meeting_are_events(tmp_path):
    kg = extract(tmp_path, "4月8日，苏皖六市小学科学教研联盟第三届年会在滁州市举行。\n"
                           "6月2日，宿迁市宿城区启航教育集团2024年秋季理事会在宿城区实验小学召开。"
                           "集团理事会由各成员校校长组成。\n")
    events = names(kg, "Event")
    assert any(name.endswith("第三届年会") for name in events)
    assert any(name.endswith("2024年秋季理事会") for name in events)
    assert not any(name.endswith("集团理事会") for name in events)  # the board itself, no date: no event


def test_a_pairing_table_whose_columns_are_one_space_apart(tmp_path):
    kg = extract(tmp_path, "附件\n\n赣州市第三批城乡学校结对名单\n\n序号 帮扶学校 受援学校\n"
                           "1 章贡区红旗小学 于都县罗坳镇中心小学\n2 章贡区文清路小学 于都县车溪乡中心小学\n")
    partners = {frozenset((s, o)) for s, kind, o in triples(kg) if kind == "PARTNERS_WITH"}
    assert partners == {frozenset(("章贡区红旗小学", "罗坳镇中心小学")),
                        frozenset(("章贡区文清路小学", "车溪乡中心小学"))}


def test_members_named_before_the_group_they_found_and_one_joining_that_group(tmp_path):
    kg = extract(tmp_path, "首批组建两个教育集团：以开福区第一小学为牵头校，开福区清水塘小学、开福区湘江小学为成员校，"
                           "组建开福区第一小学教育集团；以开福区北辰中学为牵头校，开福区砚瓦池中学为成员校，"
                           "组建开福区北辰中学教育集团，开福区新河中学同时申请加入该集团。\n")
    members = {(s, o) for s, kind, o in triples(kg) if kind == "MEMBER_OF"}
    assert members == {("开福区清水塘小学", "开福区第一小学教育集团"), ("开福区湘江小学", "开福区第一小学教育集团"),
                       ("开福区砚瓦池中学", "开福区北辰中学教育集团"), ("开福区新河中学", "开福区北辰中学教育集团")}


def test_a_town_written_after_a_county_lies_in_it_whatever_town_of_that_name_the_gazetteer_knows(tmp_path):
    # 太平镇 and 城关镇 are towns of many counties
    kg = extract(tmp_path, "四川省巴中市平昌县太平镇中心小学与阆中市城关镇第一小学结对。\n")
    found = triples(kg)
    assert ("太平镇", "PART_OF", "平昌县") in found and ("城关镇", "PART_OF", "阆中市") in found
    assert not any(s in ("太平镇", "城关镇") and kind == "PART_OF" and o not in ("平昌县", "阆中市")
                   for s, kind, o in found)


def test_a_title_of_the_group_named_by_its_kind_word_only(tmp_path):
    kg = extract(tmp_path, "5月14日，盘锦市兴隆台区启明教育集团2024年春季理事会在兴隆台区启明小学召开。"
                           "集团理事长、启明小学校长郑海燕，兴隆台区光明小学校长、集团副理事长王立新参加会议。"
                           "会议由集团秘书长、兴隆台区红旗小学副校长冯晓丽主持。\n")
    leads = {(s, o) for s, kind, o in triples(kg) if kind == "LEADS"}
    group = "兴隆台区启明教育集团"
    assert {("郑海燕", group), ("王立新", group), ("冯晓丽", group)} <= leads
    assert ("王立新", "兴隆台区光明小学") in leads and ("冯晓丽", "兴隆台区红旗小学") in leads


def test_two_schools_one_character_apart_in_a_short_name_are_two_schools(tmp_path):
    kg = extract(tmp_path, "兴隆台区启明小学召开家长会。兴隆台区光明小学校长王立新应邀参加。\n")
    assert {"兴隆台区启明小学", "兴隆台区光明小学"} <= names(kg, "School")


def test_a_scheduled_meeting_and_a_photo_caption_name_their_events(tmp_path):
    kg = extract(tmp_path, "市教育局关于推进结对帮扶工作的通知\n\n各县（市、区）教育局：\n"
                           "一、加强过程管理。市教育局将于5月中旬在盘山县召开全市结对帮扶工作现场推进会，"
                           "两所首批结对学校将在会上作典型发言。\n\n图为“强师工程”启动仪式\n")
    found = triples(kg)
    assert ("全市结对帮扶工作现场推进会", "HELD_IN", "盘山县") in found
    events = names(kg, "Event")
    assert "“强师工程”启动仪式" in events and not any(name.startswith("图为") for name in events)


def test_a_school_level_and_a_subject_after_a_body_are_no_school(tmp_path):
    kg = extract(tmp_path, "铜陵市教育科学研究院小学语文教研员王丽作专题讲座，枞阳县第二小学数学教师李娜执教示范课。\n")
    assert names(kg, "School") == {"枞阳县第二小学"}  # a math teacher of the school: the school stays
    assert "铜陵市教育科学研究院" in names(kg, "Organization")


def test_speakers_of_talks_and_comments_took_part_however_far_from_the_events_name(tmp_path):
    filler = "".join(f"第{n}项议程按计划进行。" for n in range(1, 9))  # the event's name is far above
    kg = extract(tmp_path, "3月20日，宜昌市西陵区2024年教育集团化办学推进会在西陵区实验小学召开。" + filler +
                           "西陵区实验小学校长孙丽作题为《集团化办学的实践与思考》的经验交流。"
                           "宜昌市第十六中学教师钱敏作评课点评。\n")
    event = next(iter(names(kg, "Event")))
    found = triples(kg)
    assert ("孙丽", "PARTICIPATED_IN", event) in found and ("钱敏", "PARTICIPATED_IN", event) in found


VISIT_IN_SHORT_PARAGRAPHS = """黄冈市教育考察团到鄂州市华容区考察交流

4月9日，黄冈市教育局副局长何志远一行8人到鄂州市华容区考察交流。

考察团先后走进华容区第一小学、华容区段店中学，实地察看了校园文化建设。

华容区第一小学校长胡敏介绍了学校集团化办学的做法。

座谈会上，何志远对华容区的教育工作给予高度评价。

随后，双方共同为“黄华教育联盟”揭牌。
"""


def test_an_occasion_named_by_its_kind_in_a_one_sentence_paragraph_far_below_the_date(tmp_path):
    kg = extract(tmp_path, VISIT_IN_SHORT_PARAGRAPHS)
    found = triples(kg)
    assert ("何志远", "PARTICIPATED_IN", "座谈会") in found
    assert not any(s == "黄华教育联盟" and kind == "PARTICIPATED_IN" for s, kind, _ in found)  # what was unveiled


def test_a_notices_place_and_attendees_under_their_headings(tmp_path):
    from pathlib import Path

    text = (Path(__file__).parent / "fixtures" / "meeting_notice.txt").read_text(encoding="utf-8")
    kg = extract(tmp_path, text)
    found = triples(kg)
    event = next(n for n in names(kg, "Event") if n.endswith("推进会"))
    assert (event, "HELD_IN", "六安市第一中学") in found
    attendees = {s for s, kind, o in found if kind == "PARTICIPATED_IN" and o == event}
    assert {"六安市实验小学教育集团", "金安区东市小学", "裕安区城南小学"} <= attendees
    assert "六安市第一中学" not in attendees  # the place, not a participant


def test_a_notices_attendees_after_the_headings_colon(tmp_path):
    kg = extract(tmp_path, "关于举办2024年全省乡村教师能力提升培训班的通知\n\n各市（州）教育局：\n\n"
                           "经研究，省教育厅决定举办2024年全省乡村教师能力提升培训班。\n"
                           "一、培训地点：遵义师范学院继续教育学院。\n"
                           "二、参训对象：赤水市第一中学、桐梓县实验小学的骨干教师各2名。\n"
                           "三、其他事项：请习水县第五中学协助做好后勤保障。\n")
    event = next(iter(names(kg, "Event")))
    attendees = {s for s, kind, o in triples(kg) if kind == "PARTICIPATED_IN" and o == event}
    assert attendees == {"赤水市第一中学", "桐梓县实验小学"}


def test_pairs_one_after_another_on_a_line_and_pairs_labelled_by_side(tmp_path):
    kg = extract(tmp_path, "关于公布城乡学校结对名单的通知\n\n"
                           "遵义市第一小学—绥阳县洋川小学；遵义市第二小学—湄潭县求是小学。\n"
                           "帮扶学校：仁怀市第一中学；受援学校：习水县第七中学\n")
    partners = {frozenset((s, o)) for s, kind, o in triples(kg) if kind == "PARTNERS_WITH"}
    assert partners == {frozenset(("遵义市第一小学", "绥阳县洋川小学")),
                        frozenset(("遵义市第二小学", "湄潭县求是小学")),
                        frozenset(("仁怀市第一中学", "习水县第七中学"))}


def test_the_places_and_bodies_participants_came_from_took_part(tmp_path):
    kg = extract(tmp_path, "7月8日，民盟遵义市委会2024年乡村教师培训班在遵义师范学院开班。"
                           "来自四川省凉山州、甘孜州和贵州省毕节市等地区的80余名乡村教师参加培训。"
                           "来自赤水市第一中学的骨干教师代表作交流发言。\n")
    event = next(iter(names(kg, "Event")))
    came = {s for s, kind, o in triples(kg) if kind == "PARTICIPATED_IN" and o == event}
    assert {"赤水市第一中学", "毕节市"} <= came
    assert not {"四川省", "贵州省"} & came  # a province written before its prefecture is not the party


def test_a_nine_year_school_is_named_and_the_city_level_schools_are_no_school(tmp_path):
    kg = extract(tmp_path, "市直学校中，平昌县白衣镇九年一贯制学校与巴中市第三中学结对。\n")
    schools = names(kg, "School")
    assert len(schools) == 2 and "巴中市第三中学" in schools
    assert any(name.endswith("白衣镇九年一贯制学校") for name in schools)


def test_a_name_after_a_title_may_start_with_a_surname_that_ends_names(tmp_path):
    kg = extract(tmp_path, "会议由集团秘书长、光华小学副校长于丹主持，教导主任于海波、副校长向建国参加。"
                           "校长于近日赴京，局长于今年3月到任。\n")
    assert names(kg, "Person") == {"于丹", "于海波", "向建国"}  # 于近日, 于今年: a time word after 于


def test_education_research_and_service_bodies_are_organisations(tmp_path):
    kg = extract(tmp_path, "平昌县教育科学研究中心主任李洪涛、平昌县电教馆负责人参加了培训。\n")
    assert {"平昌县教育科学研究中心", "平昌县电教馆"} <= names(kg, "Organization")
    assert ("李洪涛", "LEADS", "平昌县教育科学研究中心") in triples(kg)


def test_the_notice_and_news_rules_stay_quiet_where_they_do_not_apply(tmp_path):
    notice = extract(tmp_path, "关于召开全市集团化办学推进会的通知\n\n各县（市、区）教育局：\n"
                               "市教育局决定召开全市集团化办学推进会。\n一、会议地点：六安市第一中学报告厅\n"
                               "请与会人员提前与六安市第二中学联系用车。\n二、参会人员\n1.金安区东市小学校长\n"
                               "请各单位于5月10日前将名单报送至六安市教育局。\n", name="notice")
    found = triples(notice)
    assert not any(kind == "HELD_IN" and o == "六安市第二中学" for _, kind, o in found)  # the place was on its line
    attendees = {s for s, kind, _ in found if kind == "PARTICIPATED_IN"}
    assert "金安区东市小学" in attendees and "六安市教育局" not in attendees  # the list ended before the last line
    story = extract(tmp_path, "5月6日，平昌县2024年教师培训班开班。"
                              "本次培训经费来自平昌县教育局的专项资金，参训的教师共200人。"
                              "今年，全县新招聘的来自西华师范大学的毕业生有30名。\n", name="story")
    assert not any(kind == "PARTICIPATED_IN" and s in ("平昌县教育局", "西华师范大学") for s, kind, _ in triples(story))
    company = extract(tmp_path, "5月6日，平昌县职业教育集团与海尔集团签署校企合作协议。"
                                "集团董事长周云杰出席签约仪式。\n", name="company")
    assert not any(s == "周云杰" and kind == "LEADS" and o.endswith("职业教育集团") for s, kind, o in triples(company))
    joined = extract(tmp_path, "巴中市第三中学教育集团召开年会。平昌县教育局同意平昌县第二中学加入该集团。"
                               "西华师范大学成为该集团的专家指导单位。\n", name="joined")
    members = {s for s, kind, _ in triples(joined) if kind == "MEMBER_OF"}
    assert members == {"平昌县第二中学"}
    speaker = extract(tmp_path, "市教育局副局长向全体校长作工作报告，校长向大家介绍了学校情况。\n", name="speaker")
    assert not names(speaker, "Person")


def test_towns_listed_after_a_county_lie_in_it(tmp_path):
    kg = extract(tmp_path, "四川省巴中市平昌县太平镇、城关镇的学校与成都市锦江区的学校结对。\n")
    found = triples(kg)
    assert ("太平镇", "PART_OF", "平昌县") in found and ("城关镇", "PART_OF", "平昌县") in found
    assert not any(s == "城关镇" and kind == "PART_OF" and o != "平昌县" for s, kind, o in found)


def test_other_government_bodies_and_education_service_centres(tmp_path):
    kg = extract(tmp_path, "遵义市人力资源和社会保障局、汇川区教育和科技局联合发文，"
                           "仁怀市教育事业发展中心主任李明参加。\n")
    assert {"遵义市人力资源和社会保障局", "汇川区教育和科技局"} <= names(kg, "Authority")
    assert "仁怀市教育事业发展中心" in names(kg, "Organization")


def test_a_one_sentence_paragraph_with_a_comma_is_no_caption(tmp_path):
    kg = extract(tmp_path, "4月12日，南充市顺庆区2024年教育集团化办学现场会在顺庆区实验小学举行。\n\n"
                           "与会人员走进顺庆区第一中学，观摩了集团教研活动。\n\n图为现场会签约仪式。\n")
    events = names(kg, "Event")
    assert not any("观摩" in name or name == "集团教研活动" for name in events)  # a sentence told, not a caption
    assert "现场会签约仪式" in events  # a photo caption still names its event


def test_schools_listed_after_a_region_and_de_lie_in_it(tmp_path):
    kg = extract(tmp_path, "9月3日，宁波市鄞州区的东湖小学、南苑中学和甬江幼儿园分别与丽水市景宁县的几所学校结对。\n")
    found = triples(kg)
    assert {("东湖小学", "LOCATED_IN", "鄞州区"), ("南苑中学", "LOCATED_IN", "鄞州区"),
            ("甬江幼儿园", "LOCATED_IN", "鄞州区")} <= found
    assert not any(kind == "LOCATED_IN" and o == "景宁县" for _, kind, o in found)


def test_a_quoted_program_inside_an_event_name_is_no_person(tmp_path):
    # 卓越 reads as a surname and 教师 as a title; inside quotes they are the program's words
    kg = extract(tmp_path, "5月6日上午，合作共建签约暨“卓越教师培养工程”启动仪式在遵义市红花岗区第三小学举行。\n")
    assert "合作共建签约暨“卓越教师培养工程”启动仪式" in names(kg, "Event")
    assert not names(kg, "Person")


def test_a_word_jieba_glues_to_a_school_suffix_is_the_name_s_own(tmp_path):
    kg = extract(tmp_path, "此外，吉林市松集中学与舒兰市第一中学结对。\n")  # 松/集中/学: 集中 reads as a verb
    assert "吉林市松集中学" in names(kg, "School")
    assert ("吉林市松集中学", "PARTNERS_WITH", "舒兰市第一中学") in triples(kg)


def test_pairs_joined_by_a_list_mark_partner_in_pairs(tmp_path):
    kg = extract(tmp_path, "随后，泰和县澄江小学与永新县禾川小学、泰和县第二中学与永新县城南中学作为结对学校代表，"
                           "现场签订了结对帮扶协议。\n")
    partners = {(s, o) for s, kind, o in triples(kg) if kind == "PARTNERS_WITH"}
    assert {("泰和县澄江小学", "永新县禾川小学"), ("泰和县第二中学", "永新县城南中学")} <= partners
    assert ("泰和县澄江小学", "泰和县第二中学") not in partners and ("泰和县澄江小学", "永新县城南中学") not in partners


def test_a_notice_s_units_and_quotas_heading_lists_who_takes_part(tmp_path):
    kg = extract(tmp_path, "青海省教育厅关于举办2025年全省乡村学校校长能力提升培训班的通知\n"
                           "一、培训时间：2025年5月12日至16日\n"
                           "二、参训单位及名额：西宁市教育局20人，海东市教育局18人，玉树州教育局12人。\n"
                           "三、参训对象：各地县域普通高中校长。\n")
    attending = {s for s, kind, o in triples(kg) if kind == "PARTICIPATED_IN" and "培训班" in o}
    assert {"西宁市教育局", "海东市教育局", "玉树州教育局"} <= attending
    assert not any("普通高中" in name for name in names(kg, "School"))  # 县域普通高中 is every such school


def test_a_county_s_vocational_high_school_is_one_school(tmp_path):
    kg = extract(tmp_path, "会上，德清县第三中学与平武县职业高级中学签订结对协议。\n")
    assert "平武县职业高级中学" in names(kg, "School")


ANNUAL_MEETING = """武陵山区义务教育协作联盟2025年年会在铜仁召开

9月20日，武陵山区义务教育协作联盟2025年年会在贵州省铜仁市召开。年会由武陵山区义务教育协作联盟主办，铜仁市教育局承办。
铜仁市教育局副局长龙海波出席开幕式并致辞。联盟本年度轮值主席学校碧江区第一中学校长田志军作年度工作报告。
会上，碧江区第一中学、湘西州凤凰县箭道坪小学、恩施市龙凤中学等成员校的代表作了经验交流。
闭幕式上，田志军将联盟会旗交到恩施市龙凤中学校长向明手中，龙凤中学正式接任2025—2026年度联盟轮值主席学校。
"""


def test_an_alliance_s_annual_meeting_its_members_and_rotating_chairs(tmp_path):
    kg = extract(tmp_path, ANNUAL_MEETING)
    found = triples(kg)
    assert "武陵山区义务教育协作联盟" in names(kg, "Alliance")  # 协作 may stand in a name
    assert "开幕式" not in names(kg, "Event") and "闭幕式" not in names(kg, "Event")  # parts of the 年会
    meeting = "武陵山区义务教育协作联盟2025年年会"
    assert ("龙海波", "PARTICIPATED_IN", meeting) in found
    members = {s for s, kind, o in found if kind == "MEMBER_OF" and o == "武陵山区义务教育协作联盟"}
    assert {"碧江区第一中学", "凤凰县箭道坪小学", "恩施市龙凤中学"} <= members
    leads = {s for s, kind, o in found if kind == "LEADS" and o == "武陵山区义务教育协作联盟"}
    assert {"碧江区第一中学", "恩施市龙凤中学"} <= leads


WORK_SUMMARY = """甘肃省天水市秦州区教育局2025年工作总结（节选）

4月，举办“秦杭同行”骨干教师跟岗研修班，选派20名教师赴杭州学习。
7月，与杭州市上城区教育局联合举办“上城—秦州”青少年研学夏令营。
9月，秦州区藉河道小学与上城区天长小学结为共建校；北京市五所学校与秦州区学校开展线上教研。
同时，牵头组建“秦杭”跨区域教研共同体，上城区教育局、拱墅区教育局先后加入。
11月，与上城区教育局、拱墅区教育局在杭州市上城区召开三地教育协作联席会议。
"""


def test_a_work_summary_s_month_led_occasions_and_who_acted_with_the_bureau(tmp_path):
    kg = extract(tmp_path, WORK_SUMMARY)
    found, bureau = triples(kg), "秦州区教育局"
    events = names(kg, "Event")
    assert {"“秦杭同行”骨干教师跟岗研修班", "“上城—秦州”青少年研学夏令营", "三地教育协作联席会议"} <= events
    assert {(bureau, "ORGANIZED", "“上城—秦州”青少年研学夏令营"),
            ("上城区教育局", "ORGANIZED", "“上城—秦州”青少年研学夏令营")} <= found  # 与甲局联合举办
    assert {(body, "ORGANIZED", "三地教育协作联席会议") for body in (bureau, "上城区教育局", "拱墅区教育局")} <= found
    assert not any(s == "上城区" and o == "三地教育协作联席会议" and kind != "PART_OF" and kind != "HELD_IN"
                   for s, kind, o in found)  # 在杭州市上城区召开: the district is the venue, not an actor
    assert "秦州区藉河道小学" in names(kg, "School")  # 藉河/道: a measure word inside a name
    assert not any("五所" in name for name in names(kg, "School"))
    community = "“秦杭”跨区域教研共同体"
    assert {("上城区教育局", "MEMBER_OF", community), ("拱墅区教育局", "MEMBER_OF", community)} <= found


def test_one_party_signing_with_each_of_several(tmp_path):
    kg = extract(tmp_path, "黔南师范学院与都匀市教育局签约共建\n\n"
                           "学院还分别与都匀市第一小学、都匀市第三中学签订合作协议。\n")
    partners = {o for s, kind, o in triples(kg) if kind == "PARTNERS_WITH" and s == "黔南师范学院"}
    assert {"都匀市第一小学", "都匀市第三中学"} <= partners


def test_a_visit_s_length_is_no_part_of_its_name(tmp_path):
    kg = extract(tmp_path, "5月8日至9日，江苏省常州市教育局副局长王志刚率考察团一行8人来到贵州省铜仁市松桃县，"
                           "开展为期两天的东西部教育协作对接考察活动。\n")
    assert "东西部教育协作对接考察活动" in names(kg, "Event")  # 为期两天的 left out, 活动 kept


EXCHANGE_WEEK = """“黔湘之约”再出发 东西部协作教学交流周在凯里市开幕

5月12日上午，第二届“黔湘之约”东西部协作教学交流周在贵州省黔东南州凯里市第三中学开幕。本次交流周由黔东南州教育局与湖南省长沙市岳麓区教育局联合主办，凯里市第三中学承办。
开幕式上，吉首大学副校长刘振和，岳麓区教育局副局长周敏出席并致辞。

（图为开幕式现场）
"""


def test_a_dated_exchange_week_its_organisers_and_its_captions(tmp_path):
    kg = extract(tmp_path, EXCHANGE_WEEK)
    week = "第二届“黔湘之约”东西部协作教学交流周"
    events = names(kg, "Event")
    assert week in events and not any("开幕式" in name for name in events)  # the caption's 开幕式 is the week's
    found = triples(kg)
    assert {("黔东南州教育局", "ORGANIZED", week), ("岳麓区教育局", "ORGANIZED", week),
            ("凯里市第三中学", "HOSTED", week)} <= found  # 本次交流周由…主办
    assert "刘振和" in names(kg, "Person")  # a name may end in 和 before a comma


def test_people_listed_before_elected_lead_the_group_and_the_council_is_no_meeting(tmp_path):
    kg = extract(tmp_path, "3月2日，合肥市包河区望湖小学教育集团第一届理事会第一次会议召开。"
                           "会议选举产生了集团第一届理事会。望湖小学校长陈静当选理事长，淝河小学校长孙立、滨湖小学执行校长吴敏当选副理事长。\n")
    leads = {s for s, kind, o in triples(kg) if kind == "LEADS" and o.endswith("望湖小学教育集团")}
    assert {"陈静", "孙立", "吴敏"} <= leads
    assert "集团第一届理事会" not in names(kg, "Event")


def test_my_district_is_the_one_the_sentence_does_not_name(tmp_path):
    text = ("湖州市安吉县实验小学、安吉县城东小学、安吉县溪龙小学与我区桃溪小学结成教育共同体。\n"
            "活动由柯城区教育局主办，柯城区教育局副局长方志远出席。\n")
    found = triples(extract(tmp_path, text))
    assert ("桃溪小学", "LOCATED_IN", "柯城区") in found
    assert ("桃溪小学", "LOCATED_IN", "安吉县") not in found


def test_a_delegation_named_once_takes_part_where_it_is_spoken_of_again(tmp_path):
    text = ("4月2日，鼓楼区实验小学校长林晓东和副校长陈雨桐在区教育局郑海副局长的带队下，与鼓楼区第三中学的"
            "校领导一行赴三明市，与三明市沙县区虬城小学签订结对帮扶协议。\n"
            "下午，大家一齐到会议室举行结对帮扶协议签订仪式。\n"
            "虬城小学校长黄思远致欢迎辞。\n")
    found = triples(extract(tmp_path, text))
    event = "结对帮扶协议签订仪式"
    for party in ("林晓东", "陈雨桐", "郑海", "鼓楼区实验小学", "鼓楼区第三中学"):
        assert (party, "PARTICIPATED_IN", event) in found, party
    assert ("三明市", "PARTICIPATED_IN", event) not in found


def test_bodies_named_together_by_their_provinces_short_forms(tmp_path):
    text = ("湖南省教育厅2023年教育协作工作总结\n\n"
            "2023年5月，我们会同赣粤教育厅在长沙召开了湘赣粤教育协作推进会。\n"
            "9月，湖南省教育厅与江西省教育厅签订合作协议。\n"
            "10月，两省教育部门在南昌联合举办了首届湘赣职业教育发展论坛。\n")
    kg = extract(tmp_path, text)
    found = triples(kg)
    for body in ("湖南省教育厅", "江西省教育厅", "广东省教育厅"):
        assert (body, "ORGANIZED", "湘赣粤教育协作推进会") in found, body
    for body in ("湖南省教育厅", "江西省教育厅"):
        assert (body, "ORGANIZED", "首届湘赣职业教育发展论坛") in found, body
    assert not {"赣粤教育厅", "两省教育部门"} & names(kg, "Authority")


def test_bodies_a_report_acts_with_organise_even_when_it_names_no_author(tmp_path):
    text = "一、搭建交流平台。\n2023年5月，我们会同赣粤教育厅在长沙召开了湘赣粤教育协作推进会。\n"
    found = triples(extract(tmp_path, text))
    for body in ("江西省教育厅", "广东省教育厅"):
        assert (body, "ORGANIZED", "湘赣粤教育协作推进会") in found, body
    assert not any(source == "我们" for source, _, _ in found)


def test_members_listed_after_还有_and_before_两地成员校_and_rare_characters_in_names(tmp_path):
    text = ("柳州市鱼峰区白沙小学教育集团成立\n\n"
            "白沙小学教育集团由柳州市鱼峰区白沙小学牵头组建，成员校还有鱼峰区凤凰小学、鱼峰区荣军小学。\n"
            "柳州—河池教育共同体由鱼峰区白沙小学牵头，现有河池市金城江区俐江小学、鱼峰区荣军小学等两地成员校8所。\n")
    kg = extract(tmp_path, text)
    found = triples(kg)
    assert {"鱼峰区凤凰小学", "金城江区俐江小学"} <= names(kg, "School")  # 凰, 俐: jieba tags them x
    for school in ("鱼峰区凤凰小学", "鱼峰区荣军小学"):
        assert (school, "MEMBER_OF", "鱼峰区白沙小学教育集团") in found, school
    assert ("金城江区俐江小学", "MEMBER_OF", "柳州—河池教育共同体") in found


def test_a_regions_education_system_is_its_education_bureau(tmp_path):
    text = ("柳州市鱼峰区推进教师队伍建设\n\n"
            "鱼峰区教育系统大力实施“青蓝结对”工程。\n"
            "图片由鱼峰区教育局提供。\n")
    kg = extract(tmp_path, text)
    assert ("鱼峰区教育局", "RUNS", "青蓝结对工程") in triples(kg) or \
        ("鱼峰区教育局", "RUNS", "“青蓝结对”工程") in triples(kg)
    assert "鱼峰区教育系统" not in names(kg, "Authority")


def test_a_notices_bracketed_items_list_attendees_and_a_bare_name_shares_the_title_before(tmp_path):
    text = ("西宁市城中区教育局关于召开2024年集团化办学推进会的通知\n\n"
            "一、会议地点\n城中区南滩湾小学报告厅。\n"
            "二、参会人员\n"
            "（一）区教育局党组书记、局长马国强，副局长祁晓燕、鲁文斌；\n"
            "（二）各教育集团理事长。\n"
            "三、会议议程\n1.集团经验交流。\n")
    found = triples(extract(tmp_path, text))
    event = "集团化办学推进会"
    for person in ("马国强", "祁晓燕", "鲁文斌"):
        assert (person, "PARTICIPATED_IN", event) in found, person
    assert ("鲁文斌", "LEADS", "西宁市城中区教育局") in found


def test_two_districts_bureaus_sign_as_partners_and_speak_as_both_places(tmp_path):
    text = ("宾阳县与罗湖区教育结对帮扶签约仪式举行\n\n"
            "5月8日，宾阳县—罗湖区教育结对帮扶签约仪式在宾阳县举行。\n"
            "罗湖区教育局、宾阳县教育局签订了结对帮扶协议书。\n"
            "仪式上，罗湖区、宾阳县两地教育部门负责同志分别讲话。\n")
    kg = extract(tmp_path, text)
    found = triples(kg)
    assert ("罗湖区教育局", "PARTNERS_WITH", "宾阳县教育局") in found \
        or ("宾阳县教育局", "PARTNERS_WITH", "罗湖区教育局") in found
    assert not {a for a in names(kg, "Authority") if a.endswith("教育厅")}  # 两地: the districts' bureaus


def test_a_city_and_its_countys_governments_sign_for_one_side(tmp_path):
    text = ("合作办学签约\n\n桂林师范学院、桂林市人民政府、阳朔县人民政府三方签订《合作办学协议》。\n")
    found = triples(extract(tmp_path, text))
    assert ("桂林师范学院", "PARTNERS_WITH", "阳朔县人民政府") in found \
        or ("阳朔县人民政府", "PARTNERS_WITH", "桂林师范学院") in found
    city, county = "桂林市人民政府", "阳朔县人民政府"  # one side: the county lies in the city
    assert not {(city, "PARTNERS_WITH", county), (county, "PARTNERS_WITH", city)} & found


def test_a_numbered_school_before_de_is_still_a_school(tmp_path):
    kg = extract(tmp_path, "联合教研\n\n南宁二中、南宁三中的老师进行了课堂展示。\n")
    assert {"南宁二中", "南宁三中"} <= names(kg, "School")


def test_our_school_is_the_only_university_a_report_names(tmp_path):
    text = ("携手共建基础教育\n\n"
            "4月3日，桂林师范学院与阳朔县教育局签订合作协议。我校校长蒙启明出席并讲话。\n")
    assert ("蒙启明", "LEADS", "桂林师范学院") in triples(extract(tmp_path, text))


def test_a_bureau_of_education_sport_and_science_keeps_its_whole_name(tmp_path):
    found = triples(extract(tmp_path, "调研\n\n宁洱县教育体育和科技局局长罗志刚陪同调研。\n"))
    assert ("罗志刚", "LEADS", "宁洱县教育体育和科技局") in found
    assert ("宁洱县教育体育和科技局", "LOCATED_IN", "宁洱哈尼族彝族自治县") in found or \
        ("宁洱县教育体育和科技局", "LOCATED_IN", "宁洱县") in found


def test_our_bureau_in_a_bureaus_report_joins_and_hosts(tmp_path):
    text = ("儋州市教育局2024年工作总结\n\n"
            "3月，我局加入环北部湾智慧教育联盟。\n"
            "11月，由琼西教育协作联盟主办、我局承办的2024年琼西教育发展论坛在儋州市举行。\n")
    found = triples(extract(tmp_path, text))
    assert ("儋州市教育局", "MEMBER_OF", "环北部湾智慧教育联盟") in found  # 环 opens the name
    assert ("儋州市教育局", "HOSTED", "2024年琼西教育发展论坛") in found or \
        ("儋州市教育局", "HOSTED", "琼西教育发展论坛") in found


def test_two_bureaus_that_jointly_hold_a_class_named_for_a_city_organised_it(tmp_path):
    text = "通知\n\n经研究，吉安市教育局与厦门市湖里区教育局决定联合举办2024年吉安市骨干教师跟岗研修培训班。\n"
    found = triples(extract(tmp_path, text))
    event = next(name for _, rel, name in found if rel == "ORGANIZED")
    assert "骨干教师跟岗研修培训班" in event
    assert {("吉安市教育局", "ORGANIZED", event), ("湖里区教育局", "ORGANIZED", event)} <= found


def test_places_whose_teachers_took_part(tmp_path):
    text = ("2024年柳州—河池教师培训班开班\n\n"
            "7月10日，2024年柳州—河池教师培训班在柳州市开班。\n"
            "金城江区、宜州区等地的教师代表参加了开班仪式。罗城县选派30名校长参加此次培训。\n"
            "南丹县教育局局长覃某出席。\n")
    found = {(a, b) for a, rel, b in triples(extract(tmp_path, text)) if rel == "PARTICIPATED_IN"}
    took_part = {a for a, b in found if "教师培训班" in b}
    assert {"金城江区", "宜州区", "罗城县"} <= took_part
    assert "柳州市" not in took_part  # the venue


def test_bodies_listed_before_will_jointly_carry_out_a_program_run_it(tmp_path):
    text = "合作\n\n岳麓区教育局、永顺县教育和体育局将共同实施“岳麓·永顺青蓝工程”。\n"
    found = triples(extract(tmp_path, text))
    program = next(name for _, rel, name in found if rel == "RUNS")
    assert {("岳麓区教育局", "RUNS", program), ("永顺县教育和体育局", "RUNS", program)} <= found


def test_a_teaching_visit_was_held_at_each_school_its_team_went_to(tmp_path):
    text = ("送教下乡\n\n"
            "5月21日，南关区教育局组织骨干教师赴和龙市开展“携手同行”送教下乡活动。\n"
            "21日上午，送教团队走进和龙市第三小学。\n"
            "22日上午，送教团队来到和龙市龙城中学，听课评课。\n")
    held = {place for event, rel, place in triples(extract(tmp_path, text)) if rel == "HELD_IN" and "送教" in event}
    assert {"和龙市第三小学", "和龙市龙城中学"} <= held


def test_a_signing_is_not_held_at_the_schools_its_delegation_visits_afterwards(tmp_path):
    text = ("结对\n\n"
            "5月21日，南关区与和龙市教育结对签约仪式在和龙市举行。\n"
            "22日上午，代表团一行走进和龙市第三小学听课。\n")
    held = {place for event, rel, place in triples(extract(tmp_path, text)) if rel == "HELD_IN"}
    assert "和龙市第三小学" not in held and "和龙市" in held


def test_two_single_characters_after_a_region_begin_a_schools_name(tmp_path):
    text = "送教\n\n朝阳区清和实验小学教师王芳执教了数学课。清和实验小学校长李明出席。\n"
    kg = extract(tmp_path, text)
    assert "朝阳区清和实验小学" in names(kg, "School")
    assert ("李明", "LEADS", "朝阳区清和实验小学") in triples(kg)


def test_a_county_whose_name_begins_like_a_name_prefix_still_places_its_school(tmp_path):
    found = triples(extract(tmp_path, "教研\n\n活动在环江毛南族自治县第二中学举行。\n"))
    assert ("环江毛南族自治县第二中学", "LOCATED_IN", "环江毛南族自治县") in found


def test_that_alliance_led_by_a_bureau_is_the_one_named_before(tmp_path):
    text = "联盟\n\n2023年，琼南教育联盟成立。该联盟由三亚市教育局牵头，成员包括陵水县教育局。\n"
    assert ("三亚市教育局", "LEADS", "琼南教育联盟") in triples(extract(tmp_path, text))


def test_a_bureau_that_sends_its_teachers_to_hold_an_activity_organised_it(tmp_path):
    text = "送教\n\n5月21日，南关区教育局组织区内3个名师工作室的12名骨干教师，赴和龙市开展“携手同行”送教下乡活动。\n"
    found = triples(extract(tmp_path, text))
    assert any(a == "南关区教育局" and rel == "ORGANIZED" and "送教下乡活动" in b for a, rel, b in found)


def test_bodies_whose_staff_attend_took_part(tmp_path):
    text = ("2024年西畴—麻栗坡教育协作推进会召开\n\n"
            "6月3日，2024年西畴—麻栗坡教育协作推进会在西畴县召开。\n"
            "西畴县教育体育局、麻栗坡县教育体育局相关负责人，两县中小学校长代表60余人参加会议。\n"
            "文山州教育体育局有关科室负责同志到会指导。\n")
    took_part = {a for a, rel, b in triples(extract(tmp_path, text)) if rel == "PARTICIPATED_IN"}
    assert {"西畴县教育体育局", "麻栗坡县教育体育局", "文山州教育体育局"} <= took_part


def test_a_short_form_listed_after_a_body_takes_its_region_for_the_whole_sentence(tmp_path):
    text = ("秦淮区教育局赴鼓楼区交流\n\n5月9日，秦淮区教育局一行来到鼓楼区开展交流座谈。\n"
            "鼓楼区政府办、区教育局相关领导，区教育局相关科室人员参加了座谈会。\n")
    found = triples(extract(tmp_path, text))
    took_part = {a for a, rel, b in found if rel == "PARTICIPATED_IN" and b.endswith("座谈会")}
    assert "鼓楼区教育局" in took_part  # 鼓楼区政府办、区教育局: the bureau of the district just named
    assert "秦淮区教育局" not in took_part  # the short form is not the visiting bureau the story is about


def test_a_prefecture_bureau_named_by_its_level_is_the_autonomous_prefectures(tmp_path):
    text = ("黔东南州乡村教师论坛在凯里举行\n\n11月8日，黔东南州乡村教师论坛在凯里市举行。\n"
            "论坛由州教育局主办，凯里市第八中学承办。州教育局副局长欧阳明远主持开幕式。\n")
    kg = extract(tmp_path, text)
    found = triples(kg)
    bureau = next(d for _, d in kg.entities() if d["label"] == "Authority" and "黔东南" in d["name"])
    assert "黔东南州教育局" in {bureau["name"], *bureau["aliases"]}  # 州教育局 in a story about 黔东南州
    assert (bureau["name"], "ORGANIZED", "黔东南州乡村教师论坛") in found  # 由州教育局: not jieba's word 由州
    assert ("欧阳明远", "LEADS", bureau["name"]) in found


def test_a_delegation_that_goes_to_a_district_for_an_activity_held_it_there(tmp_path):
    text = "交流\n\n4月22日，柳州市鱼峰区教育局一行20人到桂林市七星区开展教育交流活动。\n"
    found = triples(extract(tmp_path, text))
    assert ("教育交流活动", "HELD_IN", "七星区") in found  # …一行20人到某区开展: 到 after the party, the name with 活动
    assert ("鱼峰区教育局", "ORGANIZED", "教育交流活动") in found


def test_a_university_s_standing_committee_seat_before_its_vice_president_title(tmp_path):
    text = "签约\n\n6月12日，签约仪式在永修县举行。赣江师范大学党委常委、副校长熊思远出席仪式。\n"
    found = triples(extract(tmp_path, text))
    assert ("熊思远", "LEADS", "赣江师范大学") in found  # 党委常委 is a seat; 副校长 leads the university before it


def test_a_county_that_became_a_district_is_named_as_the_text_names_it(tmp_path):
    # 长泰县 became 长泰区 after the gazetteer was compiled; the story uses the district's name
    text = ("联盟成立\n\n4月19日，漳州市长泰区教育局副局长戴思远出席活动。"
            "长泰区青山中学、长泰区岩溪镇白石小学参加活动。\n")
    kg = extract(tmp_path, text)
    found = triples(kg)
    assert "长泰区" in names(kg, "Region")
    assert ("长泰区", "PART_OF", "漳州市") in found
    assert ("长泰区青山中学", "LOCATED_IN", "长泰区") in found
    assert ("岩溪镇", "PART_OF", "长泰区") in found


NOTICE_WITH_ROLE_LINES = """关于开展西工区—嵩县小学“同课异构”联合教研活动的通知
各小学：
为推进两地教育协作，经研究，决定开展西工区—嵩县小学语文“同课异构”联合教研活动。现将有关事项通知如下：
一、组织单位
主办：洛阳市西工区教育局、嵩县教育体育局
承办：西工区凌云小学
协办：嵩县教学研究室
二、有关要求
请各校于5月20日前将参会人员名单报送至区教师发展中心，由县教研室统筹安排听课教师。
"""


def test_a_notice_s_role_lines_name_the_roles_in_the_event_its_title_names(tmp_path):
    found = triples(extract(tmp_path, NOTICE_WITH_ROLE_LINES))
    event = "西工区—嵩县小学“同课异构”联合教研活动"
    assert {("西工区教育局", "ORGANIZED", event), ("嵩县教育体育局", "ORGANIZED", event),
            ("西工区凌云小学", "HOSTED", event)} <= found  # 主办：… several sentences below the title


def test_a_bureau_s_body_named_by_its_level_is_completed_and_its_short_form_is_one_body(tmp_path):
    kg = extract(tmp_path, NOTICE_WITH_ROLE_LINES)
    bodies = {d["name"]: d["aliases"] for _, d in kg.entities() if d["label"] == "Organization"}
    assert "县教研室" in bodies["嵩县教学研究室"]  # 县教研室 = 嵩县教研室 = 嵩县教学研究室
    assert "西工区教师发展中心" in bodies  # 报送至区教师发展中心: 至 is no part of the name


def test_programmes_named_together_with_their_quoted_names_are_two(tmp_path):
    text = ("推进会\n\n6月12日，定西市城乡学校共同体建设推进会在安定区召开。"
            "下一步，市教育局将深入实施“名校带新校”三年行动和“乡村学校振兴”计划。\n")
    kg = extract(tmp_path, text)
    assert {"“名校带新校”三年行动", "“乡村学校振兴”计划"} <= names(kg, "Program")
    assert ("定西市教育局", "RUNS", "“乡村学校振兴”计划") in triples(kg)


def test_pairs_listed_after_an_agreement_and_a_colon(tmp_path):
    text = ("签约\n\n随后，两对结对学校现场签订结对共建协议：周村区青禾中学与高青县白杨实验学校、"
            "周村区明德小学与高青县田镇春晖小学，将在课堂教学等方面深度结对。\n")
    found = triples(extract(tmp_path, text))
    assert ("周村区青禾中学", "PARTNERS_WITH", "高青县白杨实验学校") in found
    assert any(a == "周村区明德小学" and rel == "PARTNERS_WITH" and b.endswith("田镇春晖小学") for a, rel, b in found)


ALLIANCE_OF_JUNIOR_SCHOOLS = """联盟成立

4月19日下午，鹭影初中教育联盟成立大会在厦门市思明区鹭影中学举行。此次成立的鹭影初中教育联盟由鹭影中学牵头，首批成员校3所，分别是：思明区海韵实验学校、思明区禾山中学、集美区碧水中学。
大会选举鹭影中学校长许文博为联盟首届理事长，集美区碧水中学校长罗晓春为副理事长。
"""


def test_a_junior_school_alliance_its_counted_members_and_its_elected_chairs(tmp_path):
    kg = extract(tmp_path, ALLIANCE_OF_JUNIOR_SCHOOLS)
    found = triples(kg)
    assert "鹭影初中教育联盟" in names(kg, "Alliance")  # 初中 inside an alliance's name (jieba tags it f)
    assert {("思明区海韵实验学校", "MEMBER_OF", "鹭影初中教育联盟"),  # 成员校3所，分别是：
            ("集美区碧水中学", "MEMBER_OF", "鹭影初中教育联盟")} <= found
    assert {("许文博", "LEADS", "鹭影初中教育联盟"), ("罗晓春", "LEADS", "鹭影初中教育联盟")} <= found  # 选举…为


def test_groups_that_share_their_experience_took_part_and_a_group_s_member_named_by_its_kind(tmp_path):
    text = ("推进会\n\n6月12日，定西市城乡学校共同体建设推进会在安定区召开。"
            "会前，与会人员观摩了安定区东岳小学教育集团。在集团乡村成员校安定区香泉镇柳湾小学，集团派驻的骨干教师正在上课。"
            "会上，安定区东岳小学教育集团、陇西县文峰中学城乡学校共同体分别作典型经验分享。\n")
    found = triples(extract(tmp_path, text))
    meeting = "定西市城乡学校共同体建设推进会"
    assert {("安定区东岳小学教育集团", "PARTICIPATED_IN", meeting),  # 分别作典型经验分享
            ("陇西县文峰中学城乡学校共同体", "PARTICIPATED_IN", meeting)} <= found
    assert any(rel == "MEMBER_OF" and a.endswith("柳湾小学") and b == "安定区东岳小学教育集团"
               for a, rel, b in found)  # 集团乡村成员校: the 集团 named before


def test_two_regions_named_as_the_partners_of_a_collaboration_partner(tmp_path):
    found = triples(extract(tmp_path, "协作\n\n他指出，周村区与高青县开展区域教育协作，是全市的一项具体举措。\n"))
    assert ("周村区", "PARTNERS_WITH", "高青县") in found
    exchange = triples(extract(tmp_path, "交流\n\n周村区与高青县开展教育交流。\n"))
    assert ("周村区", "PARTNERS_WITH", "高青县") not in exchange  # an exchange is not a partnership of regions


@pytest.mark.parametrize("sentence", [
    "集团下辖宜都市枝城小学、宜都市聂家河小学两所成员校。",
    "宜都市枝城小学、宜都市聂家河小学作为集团成员校参加了年会。",
    "集团成员校涵盖宜都市枝城小学、宜都市聂家河小学。",
])
def test_a_group_s_members_named_in_the_ways_news_names_them(tmp_path, sentence):
    text = f"年会\n\n3月2日，宜都市青松小学教育集团2024年年会在宜都市青松小学召开。{sentence}\n"
    found = triples(extract(tmp_path, text))
    assert {("宜都市枝城小学", "MEMBER_OF", "宜都市青松小学教育集团"),
            ("宜都市聂家河小学", "MEMBER_OF", "宜都市青松小学教育集团")} <= found


@pytest.mark.parametrize("sentence", [
    "宜昌市第七中学与长阳县第三中学缔结姊妹学校。",
    "宜昌市第七中学校长王海涛与长阳县第三中学校长李晓丽签订结对协议。",  # the signers' schools are the sides
])
def test_schools_partner_in_more_of_the_words_news_uses(tmp_path, sentence):
    found = triples(extract(tmp_path, f"结对\n\n3月2日，结对活动举行。{sentence}\n"))
    assert ("宜昌市第七中学", "PARTNERS_WITH", "长阳县第三中学") in found


@pytest.mark.parametrize("sentence, roles", [
    ("宜昌市教育局主办、宜昌市第七中学承办的2024年鄂西南教师发展论坛在宜昌举行。",
     {("宜昌市教育局", "ORGANIZED"), ("宜昌市第七中学", "HOSTED")}),  # 甲主办、乙承办的: no 由
    ("宜昌市教育局、恩施州教育局联合主办的鄂西南教师发展论坛举行。",
     {("宜昌市教育局", "ORGANIZED"), ("恩施州教育局", "ORGANIZED")}),
])
def test_bodies_named_before_a_role_word_and_de_ran_the_event(tmp_path, sentence, roles):
    found = triples(extract(tmp_path, f"论坛\n\n{sentence}\n"))
    assert {(a, rel) for a, rel, b in found if b == "鄂西南教师发展论坛" and rel in ("ORGANIZED", "HOSTED")} == roles


@pytest.mark.parametrize("verb", ["拉开帷幕", "圆满落幕", "隆重开幕", "开班"])
def test_an_event_that_opens_or_closes_at_a_school_was_held_there(tmp_path, verb):
    found = triples(extract(tmp_path, f"论坛\n\n2024年鄂西南骨干教师培训班在宜昌市第七中学{verb}。\n"))
    assert ("鄂西南骨干教师培训班", "HELD_IN", "宜昌市第七中学") in found


@pytest.mark.parametrize("school, region", [
    ("寻甸县青松小学", "寻甸回族彝族自治县"),  # the short form of an autonomous county places the school
    ("长乐市第九中学", "长乐区"),  # a district named as the county-level city it was
])
def test_a_school_named_with_another_official_form_of_its_county_is_placed_in_it(tmp_path, school, region):
    kg = extract(tmp_path, f"活动\n\n3月2日，{school}举行开放日活动。\n")
    placed = {(a, b) for a, rel, b in triples(kg) if rel == "LOCATED_IN"}
    regions = {d["name"]: {d["name"], *d["aliases"]} for _, d in kg.entities() if d["label"] == "Region"}
    assert any(a == school and region in regions.get(b, {b}) for a, b in placed)


def test_a_credit_written_after_the_name(tmp_path):
    text = "论坛\n\n3月2日，鄂西南教师论坛在宜昌市第七中学举行。\n（宜昌市第七中学 张晓燕/文 李明辉/图）\n"
    kg = extract(tmp_path, text)
    assert {"张晓燕", "李明辉"} <= names(kg, "Person")


def test_a_meeting_on_building_groups_of_a_kind_names_no_group(tmp_path):
    text = "推进会\n\n5月10日，咸宁市城乡学校共同体建设推进会在咸安区召开。\n"
    kg = extract(tmp_path, text)
    assert "咸宁市城乡学校共同体" not in names(kg, "Alliance")  # 共同体建设: building them, not one group
    assert not any(rel == "ORGANIZED" for _, rel, _ in triples(kg))


@pytest.mark.parametrize("sentence, places", [
    ("宜昌市名师工作室在长阳县第三中学开展“送教下乡”活动。", {"长阳县第三中学"}),  # 在某校开展
    ("宜昌市名师工作室走进长阳县第三中学开展“送教下乡”活动。", {"长阳县第三中学"}),  # the school visited ran nothing
    ("“送教下乡”活动分别在长阳县第三中学、五峰县第一中学举行。", {"长阳县第三中学", "五峰县第一中学"}),
])
def test_an_activity_held_at_the_schools_it_names(tmp_path, sentence, places):
    found = triples(extract(tmp_path, f"送教\n\n3月2日，{sentence}\n"))
    assert {b for a, rel, b in found if rel == "HELD_IN" and a == "“送教下乡”活动"} == places
    assert {a for a, rel, b in found if rel == "ORGANIZED"} <= {"宜昌市名师工作室"}


def test_a_programme_run_by_the_bodies_named_after_it(tmp_path):
    text = "工程\n\n3月2日，“名师领航”工程由宜昌市教育局、恩施州教育局共同实施。“青蓝结对”计划由专家团队指导。\n"
    found = triples(extract(tmp_path, text))
    assert {("宜昌市教育局", "RUNS", "“名师领航”工程"), ("恩施州教育局", "RUNS", "“名师领航”工程")} <= found
    assert not any(rel == "RUNS" and b == "“青蓝结对”计划" for _, rel, b in found)  # 指导 runs nothing


def test_what_a_team_went_to_a_school_to_do_is_one_occasion(tmp_path):
    text = "帮扶\n\n4月8日，海口市第九中学帮扶团队来到白沙县第三中学，开展为期三天的送教帮扶活动。\n"
    kg = extract(tmp_path, text)
    assert "送教帮扶活动" in names(kg, "Event")  # 团队…来到…开展…帮扶活动: a dated visit
    assert ("送教帮扶活动", "HELD_IN", "白沙县第三中学") in triples(kg)


@pytest.mark.parametrize("sentence, leads", [
    ("张海涛（宜昌市第七中学校长）、李晓丽（恩施市第一中学副校长）出席。",
     {("张海涛", "宜昌市第七中学"), ("李晓丽", "恩施市第一中学")}),  # the title in brackets after the name
    ("宜昌市第七中学教学副校长张海涛出席。", {("张海涛", "宜昌市第七中学")}),
    ("宜昌市第七中学的副校长张海涛出席。", {("张海涛", "宜昌市第七中学")}),
    ("宜昌市第七中学党支部书记、校长张海涛出席。", {("张海涛", "宜昌市第七中学")}),
])
def test_more_ways_of_writing_who_leads_a_school(tmp_path, sentence, leads):
    found = triples(extract(tmp_path, f"活动\n\n3月2日，宜昌市第七中学举行开放日活动。{sentence}\n"))
    assert {(a, b) for a, rel, b in found if rel == "LEADS"} == leads


@pytest.mark.parametrize("sentence, wrong", [
    ("凤庆县第一中学教师参加了凤庆县教育局主办的2024年教学论坛。", ("凤庆县第一中学", "ORGANIZED", "教学论坛")),
    ("凤庆县教育局主办的教学论坛和长乐区教育局主办的教研活动同期举行。", ("凤庆县教育局", "ORGANIZED", "教研活动")),
    ("来自凤庆县和长乐区的50名教师参加了结对帮扶培训。", ("凤庆县", "PARTNERS_WITH", "长乐区")),
    ("凤庆县教育局和12所成员校的负责人参加了会议。", ("凤庆县教育局", "MEMBER_OF", "凤庆县第一中学教育集团")),
    ("凤庆县教育局作为集团成员校的主管部门出席。", ("凤庆县教育局", "MEMBER_OF", "凤庆县第一中学教育集团")),
    ("会上，凤庆县教育局局长张三为集团副理事长颁发聘书。", ("张三", "LEADS", "凤庆县第一中学教育集团")),
])
def test_what_the_news_patterns_must_not_read(tmp_path, sentence, wrong):
    text = f"年会\n\n3月2日，凤庆县第一中学教育集团召开年度会议。{sentence}\n"
    assert wrong not in triples(extract(tmp_path, text))


def test_a_county_named_like_a_preposition_and_quoted_topics_of_one_event_stay_whole(tmp_path):
    found = triples(extract(tmp_path, "结对\n\n安徽省和县教育局与凤庆县教育局结对帮扶。\n"))
    assert ("和县教育局", "PARTNERS_WITH", "凤庆县教育局") in found
    kg = extract(tmp_path, "研讨\n\n3月2日，凤庆县举办“双减”与“五育融合”专题研讨会。\n")
    assert any(name.startswith("“双减”") for name in names(kg, "Event"))


def test_a_news_page_s_footer_organised_nothing(tmp_path):
    text = ("长乐区举办2024年教学研讨会\n\n3月2日，长乐区2024年教学研讨会在长乐区第一中学举行。\n来自全区的教师参加。\n"
            "会议交流了经验。\n与会人员观摩了课堂。\n会议还部署了工作。\n专家作了点评。\n主办：长乐区人民政府办公室\n")
    assert not any(rel == "ORGANIZED" and a == "长乐区人民政府办公室" for a, rel, b in triples(extract(tmp_path, text)))


def test_a_pairing_line_that_pairs_one_school_with_two(tmp_path):
    text = ("雨花区—保靖县结对帮扶学校名单\n\n一、小学\n1.雨花区青竹小学—保靖县迁陵镇白石小学、保靖县迁陵镇红叶小学\n"
            "2.雨花区启明职业中专学校—保靖县明德职业中等专业学校\n")
    found = triples(extract(tmp_path, text))
    paired = {(a, b) for a, rel, b in found if rel == "PARTNERS_WITH" and a.startswith("雨花区")}
    assert {b for a, b in paired if a == "雨花区青竹小学"} >= {"迁陵镇白石小学", "迁陵镇红叶小学"}
    assert ("雨花区启明职业中专学校", "保靖县明德职业中等专业学校") in paired  # 中等专业学校 is a school


def test_the_host_of_a_teachers_studio_leads_it(tmp_path):
    text = "送教\n\n3月2日，桂林市初中英语漓江名师工作室主持人陈婉婷出席活动。\n"
    assert ("陈婉婷", "LEADS", "桂林市初中英语漓江名师工作室") in triples(extract(tmp_path, text))


def test_the_wei_of_a_purpose_is_no_towards(tmp_path):
    text = "名单\n\n为深化长沙市雨花区与湘西州保靖县教育结对帮扶，推动资源共享。\n"
    found = {(a, b) for a, rel, b in triples(extract(tmp_path, text)) if rel == "PARTNERS_WITH"}
    assert found == {("雨花区", "保靖县")}  # 为深化…: not 长沙市 aiding everything after 为
    text = "帮扶\n\n为深入落实涧西区对口帮扶栾川县工作安排，决定开展联合教研活动。\n"
    assert ("涧西区", "PARTNERS_WITH", "栾川县") in triples(extract(tmp_path, text))


def test_a_members_table_under_its_header_row(tmp_path):
    text = ("关于公布城乡学校共同体名单的通知\n\n现将名单公布如下：\n序号  共同体名称  牵头学校  成员学校\n"
            "1  榆次区启智小学城乡学校共同体  榆次区启智小学  榆次区修文镇春晖小学、榆次区郭家堡乡秋实小学\n")
    found = triples(extract(tmp_path, text))
    members = {a for a, rel, b in found if rel == "MEMBER_OF" and b == "榆次区启智小学城乡学校共同体"}
    assert len(members) == 2 and all(m.endswith(("春晖小学", "秋实小学")) for m in members)


def test_a_bare_head_title_in_a_body_s_own_news_names_its_head(tmp_path):
    text = ("宜昌市第七中学举行2024年开学典礼\n\n9月1日，宜昌市第七中学举行2024年开学典礼。"
            "校长张海涛致辞，副校长李晓丽主持典礼。\n")
    found = triples(extract(tmp_path, text))
    assert {("张海涛", "LEADS", "宜昌市第七中学"), ("李晓丽", "LEADS", "宜昌市第七中学")} <= found


def test_a_dated_trip_to_shadow_schools_is_held_at_each_school_it_lists(tmp_path):
    text = ("跟岗\n\n3月6日，忻州市首批青年教师启程赴沪跟岗学习。\n本次赴沪跟岗学习的教师共25名，"
            "学员们在上海市青松中学、上海市明德中学等学校开展为期两周的跟岗学习。\n")
    kg = extract(tmp_path, text)
    assert "赴沪跟岗学习" in names(kg, "Event")
    held = {b for a, rel, b in triples(kg) if rel == "HELD_IN" and a == "赴沪跟岗学习"}
    assert {"上海市青松中学", "上海市明德中学"} <= held
    policy = "跟岗\n\n协作方案提出，鼓励忻州市青年教师赴沪跟岗锻炼。\n"
    assert "赴沪跟岗锻炼" not in names(extract(tmp_path, policy), "Event")  # undated: a policy, not one trip


def test_a_year_that_opens_a_period_stays_in_the_event_s_name(tmp_path):
    text = "推进会\n\n6月3日，市教育局召开2024年上半年忻州市乡村教师轮岗交流工作推进会。\n"
    found = triples(extract(tmp_path, text))
    assert ("忻州市教育局", "ORGANIZED", "2024年上半年忻州市乡村教师轮岗交流工作推进会") in found


@pytest.mark.parametrize("body", ["教育和科学技术局", "教育科学技术和体育局", "教育科技体育局"])
def test_a_bureau_named_for_education_with_science_or_sports_is_an_authority(tmp_path, body):
    text = f"5月9日，绵竹市{body}副局长曹文静一行到绵竹市青桐小学调研。\n"
    found = triples(extract(tmp_path, text))
    assert (f"绵竹市{body}", "LOCATED_IN", "绵竹市") in found
    assert ("曹文静", "LEADS", f"绵竹市{body}") in found


def test_a_bureau_s_short_form_with_science_is_the_same_bureau(tmp_path):
    text = ("宜君县教育科学技术和体育局与铜川市耀州区教育局签订协作协议。\n"
            "宜君县教科体局将选派骨干教师赴耀州区跟岗学习。\n")
    kg = extract(tmp_path, text)
    bureau = next(d for _, d in kg.entities() if d["name"] == "宜君县教育科学技术和体育局")
    assert "宜君县教科体局" in bureau["aliases"]
    assert "宜君县教科体局" not in names(kg, "Authority")


def test_a_document_whose_subject_region_is_named_at_no_level_of_its_bodies_is_read(tmp_path):
    """A university's document naming only a county's bodies once made the bare-body region lookup fail."""
    text = ("漠河市第五幼儿园与万年县北关中学签订结对帮扶协议，双方将在课程建设方面开展合作。\n"
            "11月7日，福建医科大学与万年县教育委员会在万年县北关中学举行教学开放日活动。\n")
    found = triples(extract(tmp_path, text))
    assert ("漠河市第五幼儿园", "PARTNERS_WITH", "万年县北关中学") in found | {(t, r, s) for s, r, t in found}


def test_a_name_with_a_double_surname_before_its_title_or_bracket_is_read(tmp_path):
    text = ("交流活动\n武义县北关初级中学欧阳明兰校长致辞。\n"
            "司马东子（武义县青云小学副校长）作交流发言。\n")
    found = triples(extract(tmp_path, text))
    assert ("欧阳明兰", "LEADS", "武义县北关初级中学") in found
    assert ("司马东子", "LEADS", "武义县青云小学") in found


@pytest.mark.parametrize("school", ["育才中学", "光明小学", "东风小学"])
def test_a_school_named_with_an_ordinary_word_is_a_school_and_names_its_group(tmp_path, school):
    text = f"集团简讯\n{school}教育集团正式成立，{school}与兴宁市青枫小学签订协议。\n"
    kg = extract(tmp_path, text)
    assert school in names(kg, "School") and f"{school}教育集团" in names(kg, "Alliance")


def test_the_schools_after_a_lead_clause_make_up_the_group_too(tmp_path):
    text = ("共同体简讯\n勃利县城乡教育共同体由勃利县青禾镇中心学校牵头，勃利县桃溪幼儿园、"
            "勃利县石湾镇中心学校等学校组成。\n")
    found = triples(extract(tmp_path, text))
    group = "勃利县城乡教育共同体"
    assert {("勃利县桃溪幼儿园", "MEMBER_OF", group), ("勃利县石湾镇中心学校", "MEMBER_OF", group),
            ("勃利县青禾镇中心学校", "LEADS", group)} <= found


def test_a_school_named_a_member_or_acting_as_the_lead_of_a_group(tmp_path):
    text = ("集团简讯\n阜平县青禾小学被确定为丰台区明远教育集团成员校。\n"
            "丰台区明远小学作为丰台区明远教育集团的龙头校，将选派骨干教师到青禾小学支教。\n")
    found = triples(extract(tmp_path, text))
    assert ("阜平县青禾小学", "MEMBER_OF", "丰台区明远教育集团") in found
    assert ("丰台区明远小学", "LEADS", "丰台区明远教育集团") in found


def test_a_school_named_after_a_town_of_its_county_without_its_town_word(tmp_path):
    text = "结对名单\n阜平县龙泉关中学与丰台区第十二中学结对。\n"  # 龙泉关镇 is a town of 阜平县
    found = triples(extract(tmp_path, text))
    assert ("阜平县龙泉关中学", "PARTNERS_WITH", "丰台区第十二中学") in found
    assert ("阜平县龙泉关中学", "LOCATED_IN", "阜平县") in found


def test_the_zuo_of_gongzuo_is_no_talk_given_at_an_event(tmp_path):
    """政府工作报告 holds 作报告, 工作经验分享 holds 作经验分享: neither says a body spoke at the event before."""
    text = ("工作总结\n阜平县职业教育中心成功承办“全县技能大赛”。\n"
            "3个项目列入阜平县政府工作报告。\n丰台区教育委员会介绍了工作经验分享的做法。\n")
    found = triples(extract(tmp_path, text))
    assert ("阜平县职业教育中心", "HOSTED", "全县技能大赛") in found
    assert not {t for t in found if t[1] == "PARTICIPATED_IN"}


def test_a_clause_without_a_subject_shares_the_sentence_s_opening_body(tmp_path):
    text = ("河北师范大学与阜平县共建实践基地\n9月12日，河北师范大学与阜平县人民政府签约。\n"
            "此前，丰台区教育委员会对口帮扶阜平县教育和体育局，组团式帮扶阜平县龙泉关中学。\n")
    found = triples(extract(tmp_path, text))
    assert ("丰台区教育委员会", "PARTNERS_WITH", "阜平县龙泉关中学") in found
    assert ("河北师范大学", "PARTNERS_WITH", "阜平县龙泉关中学") not in found  # not the document's subject


def test_what_was_awarded_unveiled_or_built_by_someone_takes_no_part(tmp_path):
    text = ("签约仪式\n9月12日，河北师范大学与阜平县人民政府教育合作签约仪式在阜平县举行。\n"
            "仪式上，河北师范大学为阜平县城南小学授牌“河北师范大学教育实习基地”。\n"
            "保定市教育局援建的阜平县希望小学同日揭牌。\n河北师范大学将在阜平县设立教师教育实践基地。\n")
    kg = extract(tmp_path, text)
    takers = {s for s, r, _ in triples(kg) if r == "PARTICIPATED_IN"}
    assert {"河北师范大学", "阜平县人民政府"} <= takers
    assert not takers & {"河北师范大学教育实习基地", "阜平县希望小学", "保定市教育局"}
    assert not any("设立" in name for name in names(kg, "Organization"))


def test_a_one_word_heading_is_no_credit_and_a_school_s_branch_keeps_its_branch_word(tmp_path):
    kg = extract(tmp_path, "简讯\n近日，保定市第一中学分校与阜平县第一中学东校区结对。\n李明\n")
    assert names(kg, "Person") == {"李明"}  # 简讯 is a word jieba knows, 李明 a credit line
    assert {"保定市第一中学分校", "阜平县第一中学东校区"} <= names(kg, "School")
    assert "保定市第一中学" not in names(kg, "School")


def test_a_tibetan_name_after_a_title_is_a_person_who_leads_the_body(tmp_path):
    text = "活动\n丰台区教委副主任扎西顿珠出席。\n阜平县教育局局长次仁卓玛、副局长格桑拉姆参加。\n"
    found = triples(extract(tmp_path, text))
    assert {("扎西顿珠", "LEADS", "丰台区教委"), ("次仁卓玛", "LEADS", "阜平县教育局"),
            ("格桑拉姆", "LEADS", "阜平县教育局")} <= found


def test_a_given_name_starting_with_guo_is_no_ancient_state(tmp_path):
    text = "会议\n阜平县石湾中学校长吴国松、副校长秦国涵出席会议。\n"
    found = triples(extract(tmp_path, text))
    assert {("吴国松", "LEADS", "阜平县石湾中学"), ("秦国涵", "LEADS", "阜平县石湾中学")} <= found
