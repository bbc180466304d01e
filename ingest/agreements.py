"""Agreements between named parties: signings, pairings and bodies founded together.

News reports name the parties of an agreement in one clause before its verb (cue words of role
`agree` in data/lexicon/cues.tsv, valued by the partnership kind they give):

- 甲、乙与丙签订…协议: each party on one side of 与 partners each party on the other;
- 甲、乙、丙四方签订…: every two parties partner, except two authorities (they sign for their
  regions) and an institution with one named after it (a university and its 附中);
- 甲、乙分别与丙、丁结成帮扶学校 and 甲与乙,丙与丁分别签订…: pairs taken in order;
- 甲、乙与丙共同组建的某共同体: all partner, and all are its members.
The cue's value says which agreement it is: signing (签订), pairing (结对) or founding (共同组建).

Aid between two parties is read the same way (role `aid`, valued by the partnership kind): 甲结对帮扶乙,
甲对乙进行对口帮扶, 甲援建乙, 甲将乙校委托丙管理, 甲将乙作为定点帮扶单位.

The parties, and the people named in the clause, took part in the occasion of the agreement: an
event named in the same sentence, else the next one within a few sentences, else the current one,
when its kind or name says it is that occasion (签约仪式 for a signing, 结对仪式 for a pairing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.model import Relation
from ingest.lexicon import lies_in

ORG_LABELS = frozenset({"School", "University", "Authority", "Organization", "Alliance"})
PARTY_LABELS = ORG_LABELS | {"Region"}
CLAUSE = re.compile(r"[，,；;。!！?？]")
LIST_GLUE = re.compile(r"^(?:[\s、和及]|以及|(?:\(|（)[^)）]{0,20}(?:\)|）))*$")
SIDES = re.compile(r"(?:分别与|分别同|与|同|和)(?:我区|我市|我县|我校|本区|本市|本县|[\u4e00-\u9fff]{2,10}?的)?")
SIDE_OPENING = re.compile(r"分别与|分别同|与|同")
PARTNERSHIP_KIND = {"signing": "co-build", "pairing": "pairing", "founding": "co-build"}
# 甲对乙进行帮扶; not the 为 of a purpose (为深化甲与乙的结对帮扶)
PURPOSE_AFTER_WEI = "了|深化|深入|推进|落实|进一步|加强|促进|推动|贯彻|更好|全面|持续|扎实|认真|切实|积极|助力|做好"
TOWARDS = re.compile(rf"(?:[对向]|为(?!{PURPOSE_AFTER_WEI}))(?=[^，,。]{{2,30}}$)")
ENTRUSTED = re.compile(r"将[^，,。]{1,30}?委托(?P<to>[^，,。]{2,30}?)管理")
TAKEN_AS = re.compile(r"将(?P<whom>[^，,。]{2,40}?)作为")  # 甲将乙和丙作为定点帮扶单位
BACKGROUND = re.compile(r"^[^，,。]{0,6}(?:今年|去年|此前|早在|\d{4}年|\d{1,2}月(?!\d{1,2}日))")
TABLE_CELLS = re.compile(r"\t+|\s{2,}|\s*[|｜]\s*")
SPACED_CELLS = re.compile(r"\s+")  # 序号 帮扶学校 受援学校: a header whose columns one space apart


def _institutions(finder, index: int) -> list:
    """The institutions and bodies a sentence names on their own (not inside a longer name)."""
    return [m for m in finder.by_sentence.get(index, []) if m.label in ORG_LABELS and id(m) not in finder.nested]


def most_specific(mentions: list) -> list:
    """龙岩市长汀县: of regions written one after the other, the last (the county) is the party."""
    return [m for m, after in zip(mentions, [*mentions[1:], None])
            if not (after and m.label == after.label == "Region" and m.end == after.start)]


def cell_offsets(text: str, cells: list[str]) -> list[tuple[int, int]]:
    """Where each cell of a row starts and ends in the row's text."""
    offsets, at = [], 0
    for cell in cells:
        start = text.find(cell, at) if cell else at
        offsets.append((start, start + len(cell)))
        at = start + len(cell)
    return offsets


def in_cell(m, sentence_start: int, cell: tuple[int, int]) -> bool:
    return cell[0] <= m.start - sentence_start and m.end - sentence_start <= cell[1]


PAIRING_TOPIC = re.compile(r"结对|帮扶|协作|共建|手拉手|牵手")
LINE_MARK = re.compile(r"\s*(?:[（(]?[\d一二三四五六七八九十]+[)）.．、]\s*)?")  # 1. (一) 三、
PAIR_DASH = re.compile(r"\s*(?:[—–\-－~～]+|与|和|同|↔|<->|⇄)\s*")
LINE_END = re.compile(r"\s*[;；。，,]?\s*")
PAIR_CHUNK = re.compile(r"[^;；]+[;；]?")
ALIAS_OPENING = re.compile(r"[（(](?:以下)?(?:简称|下称)[:：“\"]?$")
AID_GAP_ENDS = re.compile(r"[并且还又再]|同时|然后")  # between an aid verb and a name: another clause began
LISTED_PAIRS = re.compile(r"(?:分别是|分别为|具体是|名单如下|如下|协议|名单)[:：]")  # …结对共建协议：甲与乙、丙与丁
LISTED_PAIR = re.compile(r"[^，,；;、。]+")  # one item of the list after it
# 甲与乙、丙与丁等9对学校现场签约 / …等14对学校的负责人依次上台签订
COUNTED_PAIRS = re.compile(r"等?\s*[\d一二两三四五六七八九十]+\s*对(?:学校|单位|校)?[^，,。；;与和同]{0,12}$")
SIGNED = re.compile(r"协议|合同|备忘录|协定|书|仪式|活动")
SIGNED_BY_TWO = re.compile(r"[与和同][^，,。；;与和同]{2,30}$")  # 甲与乙签约: the other party right before the verb
CLAUSE_END = re.compile(r"[，,。；;！!]|$")
LOOKAHEAD = 3  # sentences after an agreement in which its occasion may be named


@dataclass
class _Actor:
    """A party known by its entity key only (the document's subject in 与甲签订…)."""

    key: str
    label: str


@dataclass
class Agreement:
    """The parties of one agreement clause, the partnership kind and what it tells."""

    sides: list[list]  # one list of party mentions per side (a single side when all sign together)
    people: list
    what: str  # signing, pairing, founding
    paired: bool = False  # 分别: pairs taken in order
    founded: object | None = None  # the alliance founded together


class Agreements:
    """Agreement relations over one resolved document; call it with the RelationFinder that holds it."""

    def __init__(self, lex) -> None:
        self.verbs = dict(lex.cues.get("agree", []))
        self.pattern = re.compile("|".join(map(re.escape, sorted(self.verbs, key=len, reverse=True))))
        self.aid = dict(lex.cues.get("aid", []))
        self.aid_pattern = re.compile("|".join(map(re.escape, sorted(self.aid, key=len, reverse=True))))
        self.table_sides = dict(lex.cues.get("table_side", []))  # 帮扶学校 -> support: a pairing table's columns
        sides = "|".join(map(re.escape, sorted(self.table_sides, key=len, reverse=True)))
        self.side_labels = re.compile(f"({sides})" + r"[:：]\s*")  # 帮扶学校：甲校
        self.stems: dict[str, tuple[str, ...]] = {}  # what -> the verbs of that kind of agreement
        for verb, what in self.verbs.items():
            self.stems[what] = (*self.stems.get(what, ()), verb[-2:])

    def __call__(self, finder) -> tuple[list[Relation], set[int]]:
        """The relations, and the sentences whose partnerships they read (the general patterns skip those)."""
        out: list[Relation] = []
        done: set[int] = set()
        doc = finder.rd.doc
        current = None
        for index in range(len(doc.sentences)):
            mentions = finder.by_sentence.get(index, [])
            events = [m for m in mentions if m.label == "Event"]
            aid = self.aid_between(finder, index, mentions)
            if aid:
                done.add(index)
                out += aid
            background = BACKGROUND.search(finder.rd.doc.sentences[index].text)  # 今年5月，甲与乙签订…: not today's
            for agreement in self.read(finder, index, mentions):
                done.add(index)
                out += self.partnerships(finder, index, agreement)
                event = None if background and not events else self._occasion(finder, index, events, current,
                                                                               agreement)
                if event is not None:
                    for m in [m for side in agreement.sides for m in side] + agreement.people:
                        out.append(finder.rel(m.key, event.key, "PARTICIPATED_IN", index))
            if events:
                current = events[-1]
        table = self.table_pairs(finder) + self.pair_lines(finder) + self.pairs_listed(finder) + \
            self.labelled_pairs(finder)
        done |= {index for index, _ in table}
        return out + [relation for _, relation in table], done

    def pair_lines(self, finder) -> list[tuple[int, Relation]]:
        """1.甲校——乙校, one pair per line (or per part of a line between semicolons), in a document about
        pairing: the two institutions of a line that holds nothing else partner."""
        doc = finder.rd.doc
        if not PAIRING_TOPIC.search(doc.text):
            return []
        out = []
        for index, sent in enumerate(doc.sentences):
            mentions = _institutions(finder, index)
            for chunk in PAIR_CHUNK.finditer(sent.text):  # 甲校—乙校；丙校—丁校。: pairs one after another
                start, end = sent.start + chunk.start(), sent.start + chunk.end()
                inside = [m for m in mentions if start <= m.start and m.end <= end]
                if len(inside) < 2:
                    continue
                a, b, *more = inside  # 甲校—乙校、丙校: one school paired with two
                lead = sent.text[chunk.start():a.start - sent.start]
                gap = sent.text[a.end - sent.start:b.start - sent.start]
                rest = sent.text[inside[-1].end - sent.start:chunk.end()]
                listed = all(sent.text[x.end - sent.start:y.start - sent.start] in ("、", "和") for x, y in
                             zip(inside[1:], inside[2:]))
                if LINE_MARK.fullmatch(lead) and PAIR_DASH.fullmatch(gap) and LINE_END.fullmatch(rest) and listed:
                    out += [(index, finder.rel(a.key, m.key, "PARTNERS_WITH", index, kind="pairing"))
                            for m in [b, *more]]
        return out

    def labelled_pairs(self, finder) -> list[tuple[int, Relation]]:
        """帮扶学校：甲校；受援学校：乙校: two sides of a pairing table's header, each labelling one institution."""
        out = []
        for index, sent in enumerate(finder.rd.doc.sentences):
            found = list(self.side_labels.finditer(sent.text))
            if len(found) != 2:
                continue
            mentions = _institutions(finder, index)
            ends = [next((m for m in mentions if m.start == sent.start + label.end()), None) for label in found]
            if all(ends):
                kind = self.table_sides[found[0].group(1)]
                out.append((index, finder.rel(ends[0].key, ends[1].key, "PARTNERS_WITH", index, kind=kind)))
        return out

    def pairs_listed(self, finder) -> list[tuple[int, Relation]]:
        """…签订结对帮扶协议，分别是：甲校与乙校，丙校与丁校: the pairs listed after the agreement, in order."""
        out = []
        for index, sent in enumerate(finder.rd.doc.sentences):
            opening = LISTED_PAIRS.search(sent.text)
            if opening is None or not self.pattern.search(sent.text, 0, opening.start()):
                continue
            mentions = _institutions(finder, index)
            stop = sent.text.find("。", opening.end())
            for chunk in LISTED_PAIR.finditer(sent.text, opening.end(), stop if stop >= 0 else len(sent.text)):
                start, end = sent.start + chunk.start(), sent.start + chunk.end()
                inside = [m for m in mentions if start <= m.start and m.end <= end]
                if len(inside) == 2 and PAIR_DASH.fullmatch(sent.text[inside[0].end - sent.start:
                                                                      inside[1].start - sent.start]):
                    out.append((index, finder.rel(inside[0].key, inside[1].key, "PARTNERS_WITH", index,
                                                  kind="pairing")))
        return out

    def table_pairs(self, finder) -> list[tuple[int, Relation]]:
        """序号 帮扶学校 受援学校 …: under a header row naming two sides of an aid or a pairing, each row's
        institution in one side's column partners the one in the other's (columns split by tabs, two or
        more spaces or |, or by single spaces when the header's are)."""
        out: list[tuple[int, Relation]] = []
        sides = None
        cell_marks = TABLE_CELLS
        for index, sent in enumerate(finder.rd.doc.sentences):
            for marks in (TABLE_CELLS, SPACED_CELLS) if sides is None else (cell_marks,):
                cells = marks.split(sent.text.strip())
                header = [i for i, cell in enumerate(cells) if cell.strip() in self.table_sides]
                if len(header) >= 2:
                    break
            if len(header) >= 2:
                sides = (header[0], header[1], self.table_sides[cells[header[0]].strip()])
                cell_marks = marks  # the rows are split as their header is
                continue
            if sides is None:
                continue
            if len(cells) <= max(sides[:2]):
                sides = None  # the table has ended
                continue
            mentions = _institutions(finder, index)
            offsets = cell_offsets(sent.text, cells)
            left = [m for m in mentions if in_cell(m, sent.start, offsets[sides[0]])]
            right = [m for m in mentions if in_cell(m, sent.start, offsets[sides[1]])]
            if left and right:
                out.append((index, finder.rel(left[0].key, right[0].key, "PARTNERS_WITH", index, kind=sides[2])))
        return out

    # -- reading an agreement clause --------------------------------------------------------
    def read(self, finder, index: int, mentions: list) -> list[Agreement]:
        sent = finder.rd.doc.sentences[index]
        text = sent.text
        found = []
        for match in self.pattern.finditer(text):
            verb = match.group()
            what = self.verbs[verb]
            pairs = self._pair_chunks(finder, sent, mentions, sent.start + match.start())
            if pairs:
                found.append(Agreement([list(p) for p in zip(*pairs)], [], what, paired=True))
                continue
            if what == "signing" and not SIGNED.search(text, match.end(), match.end() + 30) \
                    and not (SIGNED_BY_TWO.search(text, 0, match.start()) and CLAUSE_END.match(text, match.end())):
                continue  # 签约 of a contract, an agreement or at a ceremony (or 甲与乙签约。), not 签约教师
            clause_start = max((x.end() for x in CLAUSE.finditer(text, 0, match.start())), default=0)
            start, end = sent.start + clause_start, sent.start + match.start()
            clause = [m for m in mentions if start <= m.start and m.end <= end and id(m) not in finder.nested]
            parties = [m for m in clause if m.label in PARTY_LABELS and not self._title_body(finder, sent, m)
                       and not ALIAS_OPENING.search(text, 0, m.start - sent.start)]  # （以下简称某校）: an alias
            parties = [m for i, m in enumerate(parties) if not self._placing(finder, sent, m, parties[i + 1:])
                       and not (m.label == "Region" and text.startswith("的", m.end - sent.start))]  # 乌恰县的甲校
            people = [m for m in clause if m.label == "Person" and m.span.how != "byline"]
            founded = self._founded(sent, mentions, sent.start + match.end()) if what == "founding" else None
            sides = self._sides(finder, sent, parties) or self._signed_for(finder, sent, clause, parties)
            if parties and len(sides) == 1 and text[clause_start:parties[0].start - sent.start].endswith(("与", "同")):
                actor = finder.actor_before(index, mentions, parties[0].start - 1, PARTY_LABELS)
                if actor is None:  # 与甲、乙签订 with no one before it: left to the general patterns
                    continue
                sides = [[_Actor(actor, finder.rd.entities[actor].label)], sides[0]]
            if sum(len(s) for s in sides) >= 2 or people:
                found.append(Agreement(sides, people, what,
                                       paired=text[:match.start()].rfind("分别") > clause_start, founded=founded))
        return found

    def _signed_for(self, finder, sent, clause: list, parties: list) -> list[list]:
        """甲校校长张三与乙校校长李四签订…: with no party named on its own, the two bodies the signers' titles
        name are the sides."""
        bodies = [m for m in clause if m.label in PARTY_LABELS and self._title_body(finder, sent, m)]
        if parties or len(bodies) != 2:
            return []
        gap = sent.text[bodies[0].end - sent.start:bodies[1].start - sent.start]
        joined = re.search(r"[与和同]", gap) and not re.search(r"[，,。；;！!]", gap)
        return [[bodies[0]], [bodies[1]]] if joined else []

    def _sides(self, finder, sent, parties: list) -> list[list]:
        """Split the parties of a clause at 与 (甲、乙与丙): the mentions before it and after it."""
        if not parties:
            return []
        between = [sent.text[a.end - sent.start:b.start - sent.start] for a, b in zip(parties, parties[1:])]
        cut = next((i for i, gap in enumerate(between) if SIDES.fullmatch(gap.strip())), None)
        if cut is None:  # 甲、乙分别与某县的丙校、丁校: a side word opens the gap before a name not found
            cut = next((i for i, gap in enumerate(between) if SIDE_OPENING.match(gap.strip())), None)
        if cut is None:
            return [parties] if all(LIST_GLUE.match(g) or g.endswith(("、", "和")) for g in between) else []
        return [parties[:cut + 1], parties[cut + 1:]]

    def _pair_chunks(self, finder, sent, mentions: list, verb_at: int) -> list[tuple]:
        """甲与乙,丙与丁分别签订: the pairs of the chunks before 分别, in order; without 分别, pairs joined by 、
        (甲与乙、丙与丁作为结对学校代表签订…)."""
        head = sent.text[:verb_at - sent.start]
        counted = COUNTED_PAIRS.search(head)  # 甲与乙，丙与丁等9对学校现场签约
        if counted:
            head = head[:counted.start()]
        elif not re.search(r"与|和", head):
            return []
        respectively = bool(counted) or head.rstrip().endswith(("分别", "分别与", "分别和"))
        chunks = re.split(r"[,，;；、]" if respectively else "、", head)  # 甲与乙、丙与丁分别签订 as well
        pairs = []
        offset = sent.start + len(head)
        for chunk in reversed(chunks):
            offset -= len(chunk)
            start = offset if respectively else offset + max((x.end() for x in CLAUSE.finditer(chunk)), default=0)
            inside = [m for m in mentions if start <= m.start and m.end <= offset + len(chunk)
                      and m.label in PARTY_LABELS and id(m) not in finder.nested]
            sides = self._sides(finder, sent, inside)
            if len(sides) != 2 or len(sides[0]) != 1 or len(sides[1]) != 1:
                break
            pairs.append((sides[0][0], sides[1][0]))
            offset -= 1
        return pairs[::-1] if len(pairs) >= 2 else []

    @staticmethod
    def _placing(finder, sent, m, after: list) -> bool:
        """青岛市崂山区: a region written right before one it lies in only places it; the party is the inner one."""
        if m.label != "Region" or not after or after[0].label != "Region" or after[0].start != m.end:
            return False
        inner, outer = finder.rd.entities[after[0].key].name, finder.rd.entities[m.key].name
        return lies_in(finder.lex, finder.lex.region(inner), outer)

    @staticmethod
    def _title_body(finder, sent, m) -> bool:
        """某局局长张三: a body named for a person's title is not itself a party."""
        after = sent.text[m.end - sent.start:]
        return after.startswith(finder.roles.title_forms)

    @staticmethod
    def _founded(sent, mentions: list, after: int):
        """共同组建的某共同体: the alliance named right after the verb."""
        return next((m for m in mentions if m.label == "Alliance" and 0 <= m.start - after <= 3), None)

    # -- aid ---------------------------------------------------------------------------------
    def aid_between(self, finder, index: int, mentions: list) -> list[Relation]:
        """甲结对帮扶乙, 甲对乙进行对口帮扶, 甲将乙校委托丙管理: the giver and the receivers partner."""
        sent = finder.rd.doc.sentences[index]
        text = sent.text
        out = []
        for match in self.aid_pattern.finditer(text):
            kind = self.aid[match.group()]
            at, end = sent.start + match.start(), sent.start + match.end()
            clause_end = sent.start + next((x.start() for x in CLAUSE.finditer(text, match.end())), len(text))
            clause_start = sent.start + max((x.end() for x in CLAUSE.finditer(text, 0, match.start())), default=0)
            before = [m for m in mentions if clause_start <= m.start and m.end <= at and m.label in PARTY_LABELS
                      and id(m) not in finder.nested and not self._title_body(finder, sent, m)]
            receivers = most_specific([m for m in mentions if end <= m.start and m.end <= clause_end
                                        and m.label in PARTY_LABELS and id(m) not in finder.nested])
            receivers = receivers[:1] + [m for prev, m in zip(receivers, receivers[1:])
                                         if LIST_GLUE.match(text[prev.end - sent.start:m.start - sent.start])]
            if receivers and AID_GAP_ENDS.search(text[match.end():receivers[0].start - sent.start]):
                receivers = []  # 结成帮扶学校并送出某市特产: a second verb ends what the aid governs
            to = TOWARDS.search(text, clause_start - sent.start, match.start())
            if to:  # 甲对乙进行帮扶: the receivers stand between 对 and the verb
                receivers = [m for m in before if m.start >= sent.start + to.end()]
                before = [m for m in before if m.end <= sent.start + to.start()]
            taken = TAKEN_AS.search(text, clause_start - sent.start, match.start())
            if taken:  # 甲将乙和丙作为帮扶单位: the receivers stand between 将 and 作为
                receivers = [m for m in before if sent.start + taken.start("whom") <= m.start
                             and m.end <= sent.start + taken.end("whom")]
                before = [m for m in before if m.end <= sent.start + taken.start()]
            entrusted = ENTRUSTED.search(text, clause_start - sent.start, clause_end - sent.start)
            if entrusted:  # 甲将乙校委托丙管理: 甲 and 丙 partner
                receivers = [m for m in mentions if sent.start + entrusted.start("to") <= m.start
                             and m.end <= sent.start + entrusted.end("to") and m.label in PARTY_LABELS]
                before = [m for m in before if m.end <= sent.start + entrusted.start()]
            givers = self._listed_back(sent, before)
            if text[:match.start()].endswith("分别") and len(givers) == len(receivers) > 1:  # 甲、乙分别帮扶丙、丁
                out += [finder.rel(g.key, r.key, "PARTNERS_WITH", index, kind=kind) for g, r in zip(givers, receivers)]
                continue
            giver = before[-1].key if before else finder.actor_before(index, mentions, at, PARTY_LABELS)
            for m in receivers:
                if giver and m.key != giver:
                    out.append(finder.rel(giver, m.key, "PARTNERS_WITH", index, kind=kind))
        return out

    @staticmethod
    def _listed_back(sent, before: list) -> list:
        """The parties listed right before a verb (甲、乙、丙分别…): from the last one back over list marks."""
        if not before:
            return []
        listed = [before[-1]]
        for m in reversed(before[:-1]):
            if not LIST_GLUE.match(sent.text[m.end - sent.start:listed[0].start - sent.start]):
                break
            listed.insert(0, m)
        return listed

    # -- what an agreement tells ------------------------------------------------------------
    def partnerships(self, finder, index: int, agreement: Agreement) -> list[Relation]:
        out = []
        sides = agreement.sides
        if agreement.founded is not None:  # founded together: every two of them partner
            flat = [m for side in sides for m in side]
            pairs = [(a, b) for i, a in enumerate(flat) for b in flat[i + 1:]]
        elif agreement.paired and len(sides) == 2 and len(sides[0]) == len(sides[1]):
            pairs = list(zip(sides[0], sides[1]))
        elif agreement.paired and len(sides) == 2 and 1 in (len(sides[0]), len(sides[1])):
            pairs = [(a, b) for a in sides[0] for b in sides[1]]  # 甲分别与乙、丙签订: 甲 with each of them
        elif agreement.paired and len(sides) == 2:
            pairs = []  # 甲、乙分别与丙、丁: taken in order, which a missing name would shift
        elif len(sides) == 2:
            pairs = [(a, b) for a in sides[0] for b in sides[1]]
        elif sides:
            flat = sides[0]
            pairs = [(a, b) for i, a in enumerate(flat) for b in flat[i + 1:] if not self._same_side(finder, a, b)]
        else:
            pairs = []
        kind = PARTNERSHIP_KIND[agreement.what]
        for a, b in pairs:
            one, other = a.key, b.key
            if (a.label == "Region") != (b.label == "Region"):  # a region in its own bureau's report is the bureau
                one = (finder.acting_body(one) or one) if a.label == "Region" else one
                other = (finder.acting_body(other) or other) if b.label == "Region" else other
            if one != other:
                out.append(finder.rel(one, other, "PARTNERS_WITH", index, kind=kind))
        if agreement.founded is not None:  # its founders are its members, regions too (三区市联合成立的联盟)
            for m in (m for side in sides for m in side if m.label in PARTY_LABELS):
                out.append(finder.rel(m.key, agreement.founded.key, "MEMBER_OF", index))
        return out

    @staticmethod
    def _same_side(finder, a, b) -> bool:
        """Two authorities of one region's tree sign for it together (a city's and its county's government);
        a university and its 附中 are one family."""
        if a.label == b.label == "Authority":
            one, other = finder.region_named(a.key), finder.region_named(b.key)
            return one is None or other is None or one.name == other.name or lies_in(finder.lex, one, other.name) \
                or lies_in(finder.lex, other, one.name)
        name_a, name_b = finder.rd.entities[a.key].name, finder.rd.entities[b.key].name
        return name_a.startswith(name_b) or name_b.startswith(name_a)

    def _occasion(self, finder, index: int, events: list, current, agreement: Agreement):
        """The event an agreement was made at: named with it, else soon after, else the current one, when the
        event's kind or name is that of the agreement (签约仪式 for 签订, 结对仪式 for 结成)."""
        stems = self.stems.get(agreement.what, ())

        def fits(event) -> bool:
            ent = finder.rd.entities[event.key]
            signing = ent.properties.get("kind") == "signing" and agreement.what == "signing"
            return signing or any(stem in ent.name for stem in stems)

        later = [m for i in range(index + 1, index + 1 + LOOKAHEAD)
                 for m in finder.by_sentence.get(i, []) if m.label == "Event"]
        for event in events + later + ([current] if current is not None else []):
            if fits(event):
                return event
        return None
