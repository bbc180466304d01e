"""Merging documents into one graph: an event's short form names it only in its own document."""

from ingest.pipeline import build_graph
from ingest.reader import read_document

SIGNING_IN_HEFEI = ("合肥市蜀山区青枫小学与六安市金寨县松岭小学结为姐妹学校\n\n"
                    "10月9日，双方在松岭小学举行姐妹学校合作协议签订仪式。\n"
                    "在签订仪式上，蜀山区教育局副局长陆文斌致辞。\n")
SIGNING_IN_GUIZHOU = ("遵义市播州区与宁波市鄞州区签订教育帮扶协议\n\n"
                      "9月3日，鄞州区教育局局长汪立新、播州区副区长冯晓燕出席签订仪式。\n")


def test_an_events_short_form_in_another_document_is_another_event(tmp_path):
    paths = []
    for name, text in (("hefei", SIGNING_IN_HEFEI), ("guizhou", SIGNING_IN_GUIZHOU)):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    kg, _ = build_graph([read_document(p) for p in paths], curation=None)
    events = {d["name"]: {m.doc for m in d["mentions"]} for _, d in kg.entities() if d["label"] == "Event"}
    hefei = events.get("姐妹学校合作协议签订仪式")
    assert hefei == {"hefei"}, events
    assert any(docs == {"guizhou"} for docs in events.values()), events


def _build(tmp_path, texts: dict[str, str]):
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    kg, _ = build_graph([read_document(p) for p in paths], curation=None)
    return kg


def test_a_generic_programme_in_documents_about_different_regions_is_two(tmp_path):
    kg = _build(tmp_path, {
        "a": "泉州市丰泽区教育局工作总结\n\n丰泽区教育局实施“领航工程”，并组织教师参加“国培计划”。\n",
        "b": "漳州市芗城区教育局工作总结\n\n芗城区教育局实施“领航工程”，并组织教师参加“国培计划”。\n",
        "c": "丰泽区教育局简报\n\n丰泽区教育局深化“领航工程”。\n"})
    programs: dict[str, list[set[str]]] = {}
    for _, d in kg.entities():
        if d["label"] == "Program":
            programs.setdefault(d["name"].strip("“”"), []).append({m.doc for m in d["mentions"]})
    assert sorted(map(sorted, programs["领航工程"])) == [["a", "c"], ["b"]]  # the same district's is one
    assert programs["国培计划"] == [{"a", "b"}]  # a national programme is one everywhere
