"""Dates of events and aggregate facts (建成12个基础教育共同体) as properties with evidence.

Aggregate figures are never entities: they are kept as `facts` on the document's subject,
each with its number, unit, what it counts, and the sentence it came from.
"""

from __future__ import annotations

import re

import cn2an

from ingest.resolve import ResolvedDocument

ABSOLUTE = re.compile(r"(?P<y>\d{4})年(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?")
RELATIVE = re.compile(r"(?P<rel>今年|去年|上年|前年|明年)(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?)?")
YEAR_SHIFT = {"今年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
FIGURE = re.compile(
    r"(?P<verb>建成|组建|新增|开展|举办|培养|发展|评定|累计|完成|覆盖|共有|建立|创建|打造|培训|选树|参加)"
    r"[了]?(?P<approx>近|超|超过|约)?(?P<num>[\d.]+万?|[一二两三四五六七八九十百千万]+)(?P<more>余|多)?"
    r"(?P<unit>个|所|场次|场|次|名|人次|人|项|支|家|批|期|万人次)(?P<what>[\u4e00-\u9fff“”]{2,14})"
)


def document_year(rd: ResolvedDocument) -> int | None:
    """The year a document is written in, when its title or first lines say it."""
    for sent in rd.doc.sentences[:8]:
        match = ABSOLUTE.search(sent.text)
        if match and ("年" in sent.text[:40]):
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


class FactFinder:
    """Adds `date` to events and `facts` to the document's subject, in place."""

    def __call__(self, rd: ResolvedDocument) -> ResolvedDocument:
        year = document_year(rd)
        sentences = rd.doc.sentences
        for key, ent in rd.entities.items():
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
            facts = []
            for sent in sentences:
                for match in FIGURE.finditer(sent.text):
                    value = to_number(match.group("num"))
                    if value is None:
                        continue
                    facts.append({
                        "text": match.group(), "value": value, "unit": match.group("unit"),
                        "what": match.group("what"), "approx": bool(match.group("approx") or match.group("more")),
                        "doc": rd.doc.id, "sentence": rd.doc.text[sent.start:sent.end],
                    })
            if facts:
                rd.entities[rd.subject].properties.setdefault("facts", []).extend(facts)
        return rd
