"""Event dates (absolute, relative to the document's year, partial) and aggregate figures."""

from tests.helpers import extract


def event_dates(kg):
    return {d["name"]: (d["properties"].get("date"), d["properties"].get("date_text"))
            for _, d in kg.entities() if d["label"] == "Event"}


def test_relative_dates_resolve_against_the_year_in_the_title(tmp_path):
    text = (
        "# 青羊区教育局2021年工作总结\n\n今年4月，第三届成都市青年教师论坛在青羊区举办。"
        "去年11月22日召开的四川省教育工作会议上，青羊区作交流发言。\n"
    )
    dates = event_dates(extract(tmp_path, text))
    assert dates["第三届成都市青年教师论坛"] == ("2021-04", "今年4月")
    assert dates["四川省教育工作会议"] == ("2020-11-22", "去年11月22日")


def test_relative_dates_stay_partial_without_a_document_date(tmp_path):
    text = "# 青羊区教育简报\n\n今年4月，第三届成都市青年教师论坛在青羊区举办。\n"
    dates = event_dates(extract(tmp_path, text))
    assert dates["第三届成都市青年教师论坛"] == (None, "今年4月")


def test_absolute_dates(tmp_path):
    text = "2022年9月10日，第一届青羊区教师节表彰大会在青羊区召开。\n"
    assert event_dates(extract(tmp_path, text))["第一届青羊区教师节表彰大会"] == ("2022-09-10", "2022年9月10日")


def test_aggregate_figures_are_kept_with_numbers_on_the_subject(tmp_path):
    text = "# 青羊区教育局工作总结\n\n全区建成12个基础教育共同体，开展交流活动200余场，新增学位一千五百个。\n"
    kg = extract(tmp_path, text)
    subject = next(d for _, d in kg.entities() if d["name"] == "青羊区教育局")
    figures = {f["what"]: (f["value"], f["approx"]) for f in subject["properties"]["facts"]}
    assert figures["基础教育共同体"] == (12, False)
    assert figures["交流活动"] == (200, True)
    assert figures["学位"] == (1500, False)
    assert not any("基础教育共同体" in d["name"] for _, d in kg.entities())
