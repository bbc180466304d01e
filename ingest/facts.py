"""Dates of events and aggregate facts (建成12个基础教育共同体) as properties with evidence.

Aggregate figures are never entities: they are kept as `facts` on the document's subject,
each with its number, unit, what it counts, and the sentence it came from.
"""

from __future__ import annotations

import re

import cn2an

from ingest.resolve import ResolvedDocument

ABSOLUTE = re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?")
PLAN_TITLE = re.compile(r"\d{4}年(?:度)?[\u4e00-\u9fff]{0,12}(?:工作要点|工作计划|工作总结|工作报告|要点|计划|总结)")
RELATIVE = re.compile(r"(?P<rel>今年|去年|上年|前年|明年)(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?")
YEAR_SHIFT = {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


VERBS = ("建成|组建|新增|开展|举办|培养|发展|评定|累计|完成|覆盖|共有|建立|创建|打造|培训|选树|参加|共|全区|全市|"
         "全县|其中|联合")
NUMBER = r"(?P<approx>近|超|超过|约)?(?P<num>[\d.]+万?|[一二两三四五六七八九十百千万]+)(?P<more>余|多)?"
UNIT = r"(?P<unit>个|所|场次|场|次|名|人次|人|项|支|家|批|期|万人次)"
# 建成12个基础教育共同体: verb, number, unit, what it counts
FIGURE = re.compile(rf"(?P<verb>{VERBS})了?{NUMBER}{UNIT}(?P<what>[\u4e00-\u9fff“”]{{2,14}})")
# 交流活动200余场, 新增学位18510个: what it counts, then number and unit, at the end of a clause
FIGURE_AFTER = re.compile(rf"(?P<what>[\u4e00-\u9fff“”]{{2,12}}?){NUMBER}{UNIT}(?=[，,。；;、）)]|$)")
LEADING_VERB = re.compile(rf"^(?:{VERBS})+")


def document_year(rd: ResolvedDocument) -> int | None:
    """The year a document was written, only when it says so plainly: a year in its title
    (2020年教育工作要点) or a date standing alone on its first or last lines."""
    sentences = rd.doc.sentences
    for sent in sentences[:3]:
        match = ABSOLUTE.search(sent.text)
        if match and PLAN_TITLE.search(sent.text):
            return int(match.group("y"))
    for sent in sentences[:2] + sentences[-3:]:
        match = ABSOLUTE.fullmatch(sent.text.strip())
        if match and match.group("d"):
            return int(match.group("y"))
    return None


def parse_date(text: str, year: int | None) -> tuple[str | None, str | None]:
    """(ISO or partial date, the words it was read from) from a sentence; relative dates need `year`."""
    match = ABSOLUTE.search(text)
    if match:
        return _iso(int(match.group("y")), match.group("m"), match.group("d")), match.group()
    match = RELATIVE.search(text)
    if match:
        if year is None:
            return None, match.group()
        return _iso(year + YEAR_SHIFT[match.group("rel")], match.group("m"), match.group("d")), match.group()
    return None, None


def _iso(year: int, month: str | None, day: str | None) -> str:
    out = f"{year:04d}"
    if month:
        out += f"-{int(month):02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def to_number(text: str) -> float | None:
    try:
        if text.endswith("万") and text[:-1].replace(".", "").isdigit():
            return float(text[:-1]) * 10000
        return float(text) if text.replace(".", "").isdigit() else float(cn2an.cn2an(text, "smart"))
    except (ValueError, TypeError):
        return None


def _figure(match: re.Match, what: str, rd: ResolvedDocument, sent) -> dict | None:
    value = to_number(match.group("num"))
    if value is None or len(what) < 2:
        return None
    return {"text": match.group().lstrip("，,"), "value": value, "unit": match.group("unit"), "what": what,
            "approx": bool(match.group("approx") or match.group("more")),
            "doc": rd.doc.id, "sentence": rd.doc.text[sent.start:sent.end]}


class FactFinder:
    """Adds `date` to events and `facts` to the document's subject, in place."""

    def __call__(self, rd: ResolvedDocument) -> ResolvedDocument:
        year = document_year(rd)
        sentences = rd.doc.sentences
        for ent in rd.entities.values():
            if ent.label != "Event" or not ent.mentions:
                continue
            index = next(i for i, s in enumerate(sentences) if s.start <= ent.mentions[0].start < s.end)
            nearby = [sentences[index].text] + [s.text for s in sentences[index + 1:index + 5] if len(s.text) < 30]
            for text in nearby:
                date, words = parse_date(text, year)
                if words:
                    ent.properties["date_text"] = words
                    if date:
                        ent.properties["date"] = date
                    break
        if rd.subject:
            facts = [fact for sent in sentences for fact in self.figures(rd, sent)]
            if facts:
                rd.entities[rd.subject].properties.setdefault("facts", []).extend(facts)
        return rd

    def figures(self, rd: ResolvedDocument, sent) -> list[dict]:
        """Aggregate figures of a sentence: 建成12个基础教育共同体, 交流活动200余场."""
        found, covered = [], []
        for match in FIGURE.finditer(sent.text):
            fact = _figure(match, match.group("what"), rd, sent)
            if fact:
                found.append(fact)
                covered.append(match.span())
        for match in FIGURE_AFTER.finditer(sent.text):
            if any(a <= match.start("num") < b for a, b in covered):
                continue
            fact = _figure(match, LEADING_VERB.sub("", match.group("what")), rd, sent)
            if fact:
                found.append(fact)
        return found
