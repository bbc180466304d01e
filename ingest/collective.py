"""Education bodies named together: 苏浙教育厅, 湘鄂两地教育部门, 三省教育厅, and 我们会同… in a bureau's report.

Reports name the authorities of two or three provinces at once, by the provinces' one-character short forms
(data/lexicon/province_abbreviations.tsv) or by a count (两省市, 三地) of the provinces the document names.
Each such phrase becomes one placeholder span, so the relation patterns read it like any body; afterwards
every relation of the placeholder becomes one of each province's authority (the one the document names,
else 某市教委 for a municipality and 某省教育厅 for a province), and the placeholder goes. A bureau's report
that says 我们会同/我们与… speaks of the bureau itself, and 某区教育系统 (教育部门) is the region's education
bureau the document names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from graph.model import Document, Entity, Mention, Relation
from ingest.entities import Span
from ingest.lexicon import DATA, Lexicon, rows_of
from ingest.resolve import COLLECTIVE, MUNICIPALITIES, SYSTEM, WE, ResolvedDocument, identity_key

SYSTEM_WORDS = ("教育系统", "教体系统", "教育部门")
BODY_WORDS = r"教育行政部门|教育部门|教育系统|教委|教育厅"
COUNTS = {"两": 2, "三": 3, "双": 2}
COUNTED = r"(?:两|三)(?:省市|地|省)"
# 我们会同…, 我们与…: the report's own bureau acting with others (not 我们 in someone's speech)
WE_ACTING = re.compile(r"我们(?=会同|联合|与|和|同|共同)|我厅|我局|我委(?!员)")
AUTHORITY_ENDINGS = {"教委": ("教委", "教育委员会"), "教育厅": ("教育厅",)}
ANY_ENDING = ("教委", "教育委员会", "教育厅", "教育局", "教体局", "教育体育局", "教育和体育局", "教育科技局",
              "教育和科技局", "教育体育和科技局")


@lru_cache(maxsize=1)
def province_abbreviations() -> dict[str, str]:
    rows = rows_of(DATA / "lexicon" / "province_abbreviations.tsv")
    return {row[0]: row[1] for row in rows if row[0] != "abbreviation"}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    letters = "".join(province_abbreviations())
    return re.compile(rf"(?P<places>[{letters}]{{2,4}})(?:{COUNTED})?(?P<body>{BODY_WORDS})"
                      rf"|(?P<count>{COUNTED})(?P<body2>{BODY_WORDS})")


def find_collective_bodies(doc: Document, spans: list[Span]) -> list[Span]:
    """The spans with each collective phrase (and 我们 acting) as one placeholder; bodies inside them dropped,
    regions kept (a zone such as 长三角 in 长三角三省市教育部门 is an entity of its own)."""
    found = []
    regions = [s for s in spans if s.label == "Region"]
    for index, sent in enumerate(doc.sentences):
        for pattern, how in ((_pattern(), COLLECTIVE), (WE_ACTING, WE)):
            for match in pattern.finditer(sent.text):
                start = sent.start + match.start()
                named = _regions_listed_before(doc.text, regions, start) if how == COLLECTIVE else []
                found.append(Span("Authority", match.group(), start, sent.start + match.end(), index,
                                  regions=named, how=how))
    for region in (s for s in spans if s.label == "Region"):
        word = next((w for w in SYSTEM_WORDS if doc.text.startswith(w, region.end)), "")
        if word:
            found.append(Span("Authority", region.text + word, region.start, region.end + len(word), region.sentence,
                              regions=[region.text], how=SYSTEM))
    if not found:
        return spans
    kept = [s for s in spans if s.label == "Region" and any(f.start <= s.start and s.end <= f.end for f in found)
            or not any(s.start < f.end and f.start < s.end for f in found)]
    return sorted(kept + found, key=lambda s: s.start)


def _regions_listed_before(text: str, regions: list[Span], at: int) -> list[str]:
    """甲区、乙县两地教育部门: the regions listed right before a count, in order."""
    listed: list[str] = []
    for region in reversed([r for r in regions if r.end <= at]):
        gap = text[region.end:at]
        if gap not in ("", "、", "和", "与", "及") or (gap == "" and listed):
            break  # 四川省成都市: a region written right before another is its parent, not a second party
        listed.insert(0, region.text)
        at = region.start
    return listed


def expand_collective_bodies(lex: Lexicon, rd: ResolvedDocument, relations: list[Relation]) -> list[Relation]:
    """Every relation of a placeholder as one of each body it stands for; the placeholders removed."""
    members: dict[str, list[str]] = {}
    for span, key in rd.spans:
        if span.how == COLLECTIVE and key not in members:
            members[key] = _members(lex, rd, span)
        elif span.how == SYSTEM and key not in members:
            region = lex.region(span.regions[0])
            found = _named_authority(rd, region.name, region.name[:2]) if region else None
            members[key] = [found] if found else []
    if not members:
        return relations
    out = []
    for rel in relations:
        if rel.type == "LOCATED_IN" and rel.source in members:
            continue  # 湘鄂两地教育部门 is not in a zone: each body is in its own province
        sources = members.get(rel.source, [rel.source])
        targets = members.get(rel.target, [rel.target])
        out += [replace(rel, source=s, target=t) for s in sources for t in targets if s != t]
    for key in members:
        rd.entities.pop(key, None)
    rd.spans = [(span, key) for span, key in rd.spans if key not in members]
    return out


def _members(lex: Lexicon, rd: ResolvedDocument, span: Span) -> list[str]:
    """The keys of the authorities a placeholder stands for (made when the document names none)."""
    match = _pattern().fullmatch(span.text)
    body = match.group("body") or match.group("body2")
    count = COUNTS[match.group("count")[0]] if match.group("count") else 0
    listed = [lex.region(name) for name in span.regions]
    if count and len(listed) == count and all(listed) and any(r.level != "province" for r in listed):
        return _district_authorities(rd, listed)  # 甲区、乙县两地教育部门: each district's bureau
    if match.group("places"):
        provinces = list(dict.fromkeys(province_abbreviations()[c] for c in match.group("places")))
    else:
        provinces = _provinces_named(lex, rd, count)
    keys = []
    for province in provinces:
        key = _authority_of(lex, rd, province, body)
        rd.entities[key].mentions.append(Mention(rd.doc.id, span.start, span.end))
        keys.append(key)
    return keys


def _district_authorities(rd: ResolvedDocument, regions: list) -> list[str]:
    """The education bureaus the document names for these regions (a region whose bureau it never names has
    none: its ending, 教育局 or 教体局, cannot be guessed)."""
    found = (_named_authority(rd, region.name, region.name[:2]) for region in regions)
    return [key for key in found if key]


def _named_authority(rd: ResolvedDocument, region: str, short: str,
                     endings: tuple[str, ...] = ANY_ENDING) -> str | None:
    """The key of the education authority of a region the document names (its body word preferred)."""
    for wanted in (endings, ANY_ENDING):
        for key, entity in rd.entities.items():
            if entity.label == "Authority" and entity.name.startswith((region, short)) and entity.name.endswith(wanted):
                return key
    return None


def _provinces_named(lex: Lexicon, rd: ResolvedDocument, count: int) -> list[str]:
    """The `count` provinces the document names most (in full or inside names), or none if fewer."""
    counts: Counter = Counter()
    for span, key in rd.spans:
        entity = rd.entities.get(key)
        names = [entity.name] if entity is not None and entity.label == "Region" else span.regions
        for name in names:
            region = lex.region(name)
            while region is not None and region.level != "province":
                region = lex.region(region.parent) if region.parent else None
            if region is not None:
                counts[region.name] += 1
    named = [name for name, _ in counts.most_common(count)]
    return named if len(named) == count else []


def _authority_of(lex: Lexicon, rd: ResolvedDocument, province: str, body: str) -> str:
    """The key of the province's education authority the document names, else of one made for it."""
    short = province[:2]  # 北京 for 北京市, 黑龙 for 黑龙江省: what the province's bodies' names start with
    found = _named_authority(rd, province, short, AUTHORITY_ENDINGS.get(body, ANY_ENDING))
    if found:
        return found
    name = province + ("教委" if province in MUNICIPALITIES else "教育厅")
    key = identity_key(lex, "Authority", name)
    rd.entities.setdefault(key, Entity(name=name, label="Authority"))
    return key
