"""Who took part in an event, where it was held and who ran it, the way news reports tell it.

A report follows one occasion through several sentences: it is named once (…签约仪式在某地举行),
then referred to by its kind (仪式由…主持, 会上, 签约仪式上). The document's current event is the
event named last; a sentence that says someone attended, spoke, signed or presided (cue words
of role `attend` in data/lexicon/cues.tsv), or refers to the occasion by its kind (role
`occasion_word`), is about it. From such a sentence:

- every person named in it PARTICIPATED_IN the event (bylines excepted);
- every organisation named on its own (not as the body of someone's title, 局长 in 某局局长) took
  part too (区教育局相关人员参加, 代表区委、区政府), but not one thanked or congratulated (向/对…);
- parties an event's name joins (甲校与乙区合作办学协议签字仪式) took part, and partner;
- 由甲主办、乙承办 gives ORGANIZED and HOSTED;
- 在/于某地举行, 在某校举行了…, 赴/来到/莅临某地 give HELD_IN: an institution, else the most
  specific region (a bureau visited stands for its region).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from graph.model import Relation
from ingest.agreements import most_specific

ORG_LABELS = frozenset({"School", "University", "Authority", "Organization", "Alliance"})
PLACE_LABELS = frozenset({"School", "University", "Organization", "Region", "Authority"})
CLAUSE = re.compile(r"[，,；;。!！?？]")
HELD_AFTER = re.compile(r"^[^，。,;；]{0,12}?[在于](?P<place>[^，。,;；]{2,30}?)(?:隆重|正式|顺利|成功|圆满)?"
                        r"(?:召开|举办|举行|开幕|启动|开班|落幕|拉开帷幕|落下帷幕|揭牌|开讲|开营)")
# 在某校召开(2024年)…会: the year before an event's name is not part of the place's clause
HELD_BEFORE = re.compile(r"[在到于](?P<place>[^，。,;；在到于]{2,30}?)(?:隆重|正式|顺利|联合|共同)?"
                         r"(?:举行|召开|举办|开展)了?(?:\d{4}年度?|[上下]半年)*$")
VISIT = re.compile(r"(?:赴|来到|莅临|走进|前往|亲临|(?<=[行人])到)(?P<place>[^，。,;；]{2,30}?)[，,]?"
                   r"(?:开展|进行|参加|举行|出席|学习|考察|交流)")
PARTY_JOINS = ("与", "和", "同")  # 甲与乙…仪式
ROLE_WORDS = re.compile(r"主办|承办|协办|组织(?=[，,。；;、]|$|实施)")  # 由甲组织。 not 由甲组织学生…
# 甲与乙召开…: the parties convened it (a signing 举行 by them: they took part)
ROLES_BEFORE_DE = re.compile(r"[^，,。；;]*?(?:主办|承办|协办)的")  # 甲主办、乙承办的某论坛
JOINTLY = ("联合", "共同")  # 甲、乙联合主办的…: the word between the list and the role word
DE_REACH = 12  # characters between 的 and the event's name (2024年, 第二届)
CONVENED = re.compile(r"召开|主办|(?:联合|共同)举办")
CONVENED_KINDS = ("meeting", "forum")  # 甲和乙举行了座谈会: they held it (a signing they 举行 they took part in)
FOCUS_REACH = 1  # sentences after an event's name where a bare clause (会议在某校举行) still speaks of it
TEACH_REACH = 6  # sentences after an event's name where 某老师执教… still tells of it
NOTICE_REACH = 12  # a notice's 培训地点： line speaks of the event its title names
FOCUS_PLACE = re.compile(r"(?:^(?:[一二三四五六七八九十\d]+[、.．])?|(?<=[，,；;]))"
                         r"(?:(?:会议|论坛|活动|仪式|大会|比赛|大赛|培训|开班式)(?:将|均)?)?"
                         r"(?:[在于](?P<place>[^，。,;；在于]{2,30}?)(?:隆重|正式|顺利|成功)?(?:举行|召开|举办)"
                         r"|(?:培训|活动|会议|比赛)?地点(?:设在|[为：:])(?P<place2>[^，。,;；（(]{2,30}))")
DONE_AT = re.compile(r"在(?P<place>[^，。,;；在]{2,120}?)(?:进行|开展)"
                     r"(?:为期[一二两三四五六七八九十\d]+(?:天|日|周|个月)的)?(?P<what>[\u4e00-\u9fff]{2,8}?)(?=[。，,；;]|$)")
# 二、会议地点 / 三、参会人员: a notice's headings over the place and the people of the event it names
NOTICE_HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?(?:会议|活动|培训|比赛|报到)?"
                            r"(?:(?P<place>地点)|(?P<attendees>参会人员|参加人员|参会对象|参加对象|参会单位|参加单位|"
                            r"出席人员|参训人员|参训对象|参训单位|参赛单位|参训学校|参赛学校)(?:及名额|及人数|名额)?)"
                            r"(?:[:：](?P<rest>.*))?$")  # the list may follow the colon
NUMBERED_HEADING = re.compile(r"^[（(]?[一二三四五六七八九十]+[)）、.．]")
LIST_ITEM = re.compile(r"^(?:[（(]?\d+[)）、.．]|[（(][一二三四五六七八九十]+[)）])")  # 1.各县…, （一）区教育局…
# 来自甲县、乙县等地区的100余位参训老师: where the people taking part came from
CAME_FROM = re.compile(r"来自(?P<places>[^。；;：:的]{2,80}?)(?:等(?:地区?|县区|学校|单位)?)?的[^，,。；;]{0,12}?"
                       r"(?:老师|教师|学员|代表|校长|园长|师生|学生|干部|嘉宾|专家|骨干|人员)")
TAKING_PART = re.compile(r"参加|参训|参会|参赛|培训|研修|跟岗|学习|授课|听课|学员|出席|与会")
THANKED = ("向", "对", "给")
UNVEILED = re.compile(r"[”\"]?(?:揭牌|授牌|挂牌|揭幕|颁奖)")
PLAQUE_NAMED = re.compile(r"(?:揭牌|授牌|挂牌|授予|命名为)[“\"]?$")  # 为甲校授牌“某基地”: the plaque named
# 甲校同日揭牌: the school unveiled
UNVEILED_ITSELF = re.compile(r"^(?:同日|当日|当天|同时|也|正式)?(?:揭牌|挂牌|揭幕)(?:成立)?(?:[，,。；;]|$)")
BUILT_BY = re.compile(r"^(?:援建|捐建|新建|承建|建设|帮扶|托管|创办|开办)的")  # 甲局援建的乙校: who built it
# 甲县的120名骨干教师参加培训, 甲区、乙县等地的教师代表参加, 甲市第二批中小学校长, 甲县选派30名校长参加: a place
# whose people took part
PEOPLE_OF = re.compile(r"^(?:等(?:地区?|县区|区县|县市区?)?)?的?(?:选派|组织)?(?:第[一二三四五六七八九十]+批)?"
                       r"(?:共?[\d一二三四五六七八九十百]+余?名)?"
                       r"(?:中小学|中小学幼儿园|骨干|乡村|农村|青年|一线|部分|各校)*"
                       r"(?:校长|教师|老师|师生|学生|学员|代表|干部|园长|骨干|班主任|教研员)")
# 甲局相关负责人, 乙局有关科室负责同志: people of a body (who attend for it)
STAFF_OF = re.compile(r"^的?(?:相关|有关|主要)?(?:科室|股室|处室|部门)?"
                      r"(?:负责人|负责同志|领导|代表|人员|干部|班子成员)")
SPEAKING = re.compile(r"作了?(?:典型|交流|经验|主题){0,2}(?:发言|分享|报告)")  # 作典型经验分享
PLACE_WORDS = ("在", "于", "到", "赴")


# 送教团队走进甲校, 考察团一行来到乙校, 团队在丙校开展…: the people of the current event at one of its places
PARTY_VISITS = re.compile(r"(?:团队|一行|考察团|代表团|调研组|访问团|送教团|专家团|专家组)(?:一行)?"
                          r"(?:先后|又|还|随后|再|分别)?"
                          r"(?:走进|来到|前往|深入|走访|[在到])(?P<place>[^，,。；;]{2,30}?)"
                          r"(?=[，,。；;]|$|开展|进行|参加|举行|观摩|调研|考察|听课|送教)")
ONE_PLACE_KINDS = ("ceremony", "signing", "meeting", "forum", "concert", "competition")
VISITOR_GAP = re.compile(r"(?:一行)?[^，,。]{0,30}|组织[^，,。；;]{0,30}[，,]?")  # 甲局组织骨干教师，赴某县开展…
VISIT_WORDS = re.compile(r"考察|调研|研学|访问|走访")  # an event a visit is made for: 学习考察活动
VISIT_REACH = 2  # sentences after a visit whose unplaced events were held where the visitors went
ON_BEHALF = ("代表",)  # 代表区委: the body a person speaks for took part
VISITED = re.compile(r"(?:观摩|参观|走访|考察)了?(?:[^，,。；;观参走考]*?[、和及])?$")  # 观摩甲校、乙校
NESTED_OCCASION = re.compile(r"(?:会上|会议期间|活动中|活动期间|仪式上)[，,]?(?:还|同时|并|随后)?(?:举行|举办)了")
DELEGATION = re.compile(r"一行|带队|率队|率[^，,。]{0,12}一行|班子成员|科室负责人")
# 甲校校长张三、乙校的校领导一行赴某地: the people and bodies named before it make up a delegation
DELEGATION_SETS_OUT = re.compile(r"一行(?:\d+人)?[^，,。；;]{0,16}?(?:赴|来到|到达|抵达|前往|莅临|走进)"
                                 r"|组成的[^，,。；;]{0,8}?(?:考察团|代表团|调研组|访问团)")
# 大家一齐到会议室举行某仪式, 考察团出席某活动: the delegation, spoken of again, at an event
DELEGATION_AGAIN = re.compile(r"大家|一行|考察团|代表团|调研组|访问团")


def cue_in(pattern: re.Pattern, text: str, start: int = 0) -> bool:
    """Whether an attending or speaking cue is in `text`, not counting the 作 of 工作 (政府工作报告 holds 作报告,
    工作经验分享 holds 作经验分享). Checked here, not in the pattern: a lookbehind there slows the search sevenfold."""
    return any(not (m.group().startswith("作") and text[m.start() - 1:m.start()] == "工")
               for m in pattern.finditer(text, start))


class Occasions:
    """Event relations over one resolved document; call it with the RelationFinder that holds the document."""

    def __init__(self, lex, titles: dict[str, str]) -> None:
        self.attend = tuple(sorted(lex.cue_words("attend"), key=len, reverse=True))
        self.occasion_kinds = {s for s, (label, _) in lex.suffixes.items() if label == "Event"}  # 座谈会 alone
        self.occasion_words = tuple(sorted(lex.cue_words("occasion_word"), key=len, reverse=True))
        self.titles = tuple(sorted(titles, key=len, reverse=True))
        self.attend_pattern = re.compile("|".join(map(re.escape, self.attend)))
        self.teach_pattern = re.compile("|".join(map(re.escape, sorted(lex.cue_words("teach"), key=len, reverse=True))))
        self.occasion_pattern = re.compile("|".join(map(re.escape, self.occasion_words)))
        members_words = sorted(lex.cue_words("members_word"), key=len, reverse=True)
        self.members_pattern = re.compile("|".join(map(re.escape, members_words))) if members_words else None

    def __call__(self, finder) -> list[Relation]:
        out: list[Relation] = []
        current, current_at = None, -1  # the event named last, and its sentence
        self.destination = None  # (place key, sentence, offset) of the last visit: 来到某区
        self.heading: tuple[str, int] | None = None  # a notice's heading (place or attendees) and its sentence
        self.member_references: list[tuple[int, str]] = []  # (sentence, event): 各成员校…参加 (RelationFinder)
        self.nested_occasions: list[tuple[int, str, str]] = []  # (sentence, event, the one it was held within)
        self.delegation: list[str] = []  # keys of the people and bodies of the last delegation that set out
        doc = finder.rd.doc
        for index, sent in enumerate(doc.sentences):
            mentions = finder.by_sentence.get(index, [])
            events = [m for m in mentions if m.label == "Event"]
            out += self.named_parties(finder, index, mentions, events)
            out += self.held_in(finder, index, mentions, events)
            if events and current is not None and NESTED_OCCASION.match(sent.text):
                self.nested_occasions += [(index, e.key, current.key) for e in events if e.key != current.key]
            out += self.delegation_at(finder, index, mentions, events)
            if events:
                current, current_at = events[-1], index
            if current is None:
                continue
            out += self.held_in_focus(finder, index, mentions, current, index - current_at)
            if not events and index - current_at <= TEACH_REACH:
                out += self.party_visits(finder, index, mentions, current)
            out += self.under_heading(finder, index, mentions, current, index - current_at)
            if events or index - current_at <= TEACH_REACH:
                out += self.coming_from(finder, index, mentions, events[-1] if events else current)
            if events or self.occasion_pattern.search(sent.text):
                out += self.roles(finder, index, mentions, current)
            attending = self._attending(sent.text)
            if events or attending:
                out += self.attendance(finder, index, mentions, events, current)
                if self.members_pattern and attending and self.members_pattern.search(sent.text):
                    self.member_references.append((index, (events[-1] if events else current).key))
            elif index - current_at <= TEACH_REACH and self.teach_pattern.search(sent.text):
                out += [finder.rel(m.key, current.key, "PARTICIPATED_IN", index) for m in mentions
                        if m.label == "Person" and m.span.how != "byline"]  # 张三老师执教示范课: taught at it
        return out

    # -- a delegation ----------------------------------------------------------------------
    def delegation_at(self, finder, index: int, mentions: list, events: list) -> list[Relation]:
        """某校校长张三、某校的校领导一行赴某地…, later 大家一齐到会议室举行某仪式: everyone named before the
        delegation set out (people, their bodies, the bodies named on their own) took part in the events of
        its sentence and of every later sentence that speaks of it again (大家, 一行, 考察团)."""
        sent = finder.rd.doc.sentences[index]
        text, offset = sent.text, sent.start
        set_out = DELEGATION_SETS_OUT.search(text)
        if set_out:
            members = [m for m in mentions if m.end - offset <= set_out.start() and id(m) not in finder.nested
                       and m.label in ORG_LABELS | {"Person"} and m.span.how != "byline"]
            if members:
                self.delegation = list(dict.fromkeys(m.key for m in members))
        elif not DELEGATION_AGAIN.search(text):
            return []
        names = finder.rd.entities
        return [finder.rel(key, e.key, "PARTICIPATED_IN", index) for e in events for key in self.delegation
                if not names[e.key].name.startswith(names[key].name)]  # 某局…仪式 is the bureau's own

    # -- where the participants came from ---------------------------------------------------
    @staticmethod
    def coming_from(finder, index: int, mentions: list, event) -> list[Relation]:
        """为来自甲县、乙县等地区的100余位老师培训: the places and bodies the participants came from took part
        (of regions written one after the other, the last: 贵州安龙 is 安龙)."""
        sent = finder.rd.doc.sentences[index]
        out = []
        if not TAKING_PART.search(sent.text):
            return out  # 新招聘的来自某大学的毕业生: where people came from, not to the event
        for match in CAME_FROM.finditer(sent.text):
            start, end = sent.start + match.start("places"), sent.start + match.end("places")
            inside = [m for m in mentions if start <= m.start and m.end <= end and id(m) not in finder.nested
                      and m.label in ORG_LABELS | {"Region"}]
            out += [finder.rel(m.key, event.key, "PARTICIPATED_IN", index) for m in most_specific(inside)]
        return out

    # -- a notice's headings ----------------------------------------------------------------
    def under_heading(self, finder, index: int, mentions: list, current, distance: int) -> list[Relation]:
        """A notice's lines under 二、会议地点 (the place) and 三、参会人员 (who takes part) speak of the event it
        names: the line after a place heading holds it; the bodies and people of the attendees heading's own
        line, its first line and the numbered items after it take part (not the lines after the list)."""
        sent = finder.rd.doc.sentences[index]
        text = sent.text.strip()
        heading = NOTICE_HEADING.match(text)
        if heading:
            kind = "place" if heading.group("place") else "attendees"
            rest = (heading.group("rest") or "").strip()
            self.heading = (kind, index) if not (rest and (kind == "place" or NUMBERED_HEADING.match(text))) \
                else None  # 一、会议地点：某校 / 三、参训对象：甲校、乙校: that line says it all
            if not rest or kind == "place" or distance > NOTICE_REACH:
                return []  # a place on the same line is FOCUS_PLACE's (培训地点：某校)
            return self._listed(finder, mentions, current, index)
        if self.heading is None or distance > NOTICE_REACH:
            return []
        kind, at = self.heading
        if NUMBERED_HEADING.match(text) and not LIST_ITEM.match(text):
            self.heading = None  # 四、会议议程: another heading
            return []
        if kind == "place" or (index > at + 1 and not LIST_ITEM.match(text)):
            self.heading = None  # the place's one line, or the end of the list of attendees
            if kind != "place" or index != at + 1:
                return []
            target = self._place(finder, mentions, (sent.start, sent.end))
            return [finder.rel(current.key, target, "HELD_IN", index)] if target else []
        return self._listed(finder, mentions, current, index)

    @staticmethod
    def _listed(finder, mentions: list, current, index: int) -> list[Relation]:
        return [finder.rel(m.key, current.key, "PARTICIPATED_IN", index) for m in mentions
                if m.label in ORG_LABELS | {"Person"} and id(m) not in finder.nested]

    # -- attendance --------------------------------------------------------------------
    def _attending(self, text: str) -> bool:
        return bool(cue_in(self.attend_pattern, text) or self.occasion_pattern.search(text))

    def attendance(self, finder, index: int, mentions: list, events: list, current) -> list[Relation]:
        """Everyone named in a sentence about the event took part; organisations only when named on their own
        in a clause that says they attended (not as the body of a title, not thanked)."""
        sent = finder.rd.doc.sentences[index]
        out = []
        for m in mentions:
            if m.label == "Region" and id(m) not in finder.nested and (cue_in(SPEAKING,
                    self._clause(sent.text, m.start - sent.start, m.end - sent.start))
                    or self._people_of(sent, m, mentions)):
                out.append(finder.rel(m.key, (self._event_for(m, events) or current).key, "PARTICIPATED_IN", index))
                continue  # 甲县、乙县分别作典型发言, 甲县的骨干教师参加
            if id(m) in finder.nested or m.label not in ORG_LABELS | {"Person"}:
                continue
            event = self._event_for(m, events) or current
            if m.label == "Person":
                if m.span.how != "byline":
                    out.append(finder.rel(m.key, event.key, "PARTICIPATED_IN", index))
                continue
            after = sent.text[m.end - sent.start:]
            before = sent.text[:m.start - sent.start]
            clause = self._clause(sent.text, m.start - sent.start, m.end - sent.start)
            if before.endswith(THANKED) or before.endswith(PLACE_WORDS) or (events and self._inside(m, events)):
                continue  # thanked (向…表示感谢) or the venue (在某校举行) did not take part
            if UNVEILED.match(after) and re.search(r"为[“\"]?$", before) or PLAQUE_NAMED.search(before) \
                    or UNVEILED_ITSELF.match(after) or BUILT_BY.match(after):
                continue  # 为“某联盟”揭牌, 为甲校授牌“某基地”, 甲局援建的乙校同日揭牌: unveiled, awarded, a builder
            if VISITED.search(CLAUSE.split(before)[-1]):
                continue  # 与会人员现场观摩甲校、乙校: the schools visited are places, not attendees
            if finder.rd.entities[event.key].name.startswith(finder.rd.entities[m.key].name):
                continue  # 某集团成立大会, 某校艺术节: the event is the body's own, not one it attended
            if after.startswith(self.titles) and not DELEGATION.search(clause):
                continue  # 某局局长张三出席: the bureau is named for the title; a delegation (一行) took part
            spoke = cue_in(SPEAKING, clause)  # 甲集团、乙共同体分别作典型经验分享
            if cue_in(self.attend_pattern, clause) or spoke or before.endswith(ON_BEHALF) or self._listed_after(
                    sent.text, m.start - sent.start, mentions, sent.start) or self._staff_attending(sent, m, mentions):
                out.append(finder.rel(m.key, event.key, "PARTICIPATED_IN", index))
        return out

    def _staff_attending(self, sent, body, mentions: list) -> bool:
        """甲局、乙局相关负责人，两县校长代表60余人参加会议: a body whose staff the sentence lists as attending."""
        rest = sent.text[self._list_end(sent, body, mentions) - sent.start:]
        staff = STAFF_OF.match(rest)
        return bool(staff) and cue_in(self.attend_pattern, rest, staff.end())

    @staticmethod
    def _list_end(sent, first, mentions: list) -> int:
        """Where the 、-list of like mentions that `first` opens or continues ends."""
        at = first.end
        for m in mentions:
            gap = sent.text[at - sent.start:m.start - sent.start]
            if m.start >= at and m.label == first.label and gap in ("、", "和"):
                at = m.end
        return at

    @staticmethod
    def _people_of(sent, region, mentions: list) -> bool:
        """甲区、乙县等地的教师代表参加: a region whose people, named right after it or after the regions listed
        with it, took part."""
        rest = sent.text[Occasions._list_end(sent, region, mentions) - sent.start:]
        return bool(PEOPLE_OF.match(rest)) and bool(TAKING_PART.search(rest))

    @staticmethod
    def _listed_after(text: str, local: int, mentions: list, offset: int) -> bool:
        """代表区委、区政府: a body listed right after one named on behalf of."""
        before = text[:local]
        if not before.endswith("、"):
            return False
        previous = [m for m in mentions if m.end - offset == local - 1]
        return bool(previous) and text[:previous[0].start - offset].endswith(ON_BEHALF)

    @staticmethod
    def _event_for(m, events: list):
        """The event a sentence names nearest after a mention, else before it."""
        after = [e for e in events if e.start >= m.end]
        if after:
            return after[0]
        before = [e for e in events if e.end <= m.start]
        return before[-1] if before else None

    @staticmethod
    def _inside(m, events: list) -> bool:
        return any(e.start <= m.start and m.end <= e.end for e in events)

    @staticmethod
    def _clause(text: str, start: int, end: int) -> str:
        """The clause around text[start:end]: between the punctuation before and after it."""
        breaks = _breaks(text)
        left = breaks[bisect_right(breaks, start - 1) - 1] + 1 if breaks and breaks[0] < start else 0
        i = bisect_left(breaks, end)
        return text[left:breaks[i] if i < len(breaks) else len(text)]

    # -- parties an event's name joins --------------------------------------------------
    def named_parties(self, finder, index: int, mentions: list, events: list) -> list[Relation]:
        """甲校与乙区合作办学协议签字仪式, 甲、乙与丙开展…启动仪式: the parties joined by 与/和 took part
        and partner; they organised it when they convened it (甲与乙召开…座谈会)."""
        sent = finder.rd.doc.sentences[index]
        out = []
        for event in events:
            clause_start = sent.start + max((x.end() for x in CLAUSE.finditer(sent.text, 0, event.start - sent.start)),
                                            default=0)
            parties = [m for m in mentions if clause_start <= m.start and m.end <= event.end and m is not event
                       and m.label in ORG_LABELS | {"Region"} and not self._nested_in_party(m, mentions, event)
                       and not sent.text[:m.start - sent.start].endswith(PLACE_WORDS)]  # 在某地召开: the venue
            gaps = [sent.text[a.end - sent.start:b.start - sent.start] for a, b in zip(parties, parties[1:])]
            cut = next((i for i, gap in enumerate(gaps) if gap in PARTY_JOINS), None)
            if cut is None:
                continue  # no two parties joined by 与/和/同
            chained = {id(m) for m, after, gap in zip(parties, parties[1:], gaps)  # 郑州市金水区: the district
                       if m.label == after.label == "Region" and not gap}
            joined = PARTY_JOINS + ("、", "")  # 甲和乙、丙举行了某会: the second side ends where the joins do
            end = next((i for i in range(cut + 1, len(gaps)) if gaps[i] not in joined), len(gaps))
            sides = [[m for m in side if id(m) not in chained]
                     for side in (parties[:cut + 1], parties[cut + 1:end + 1])]
            before = [m for m in parties if m.end <= event.start]  # 甲与乙联合举办2024年某市…培训班
            lead_in = sent.text[before[-1].end - sent.start:event.start - sent.start] if before else ""
            kind = finder.rd.entities[event.key].properties.get("kind")
            convened = CONVENED.search(lead_in) or ("举行" in lead_in and kind in CONVENED_KINDS)
            role = "ORGANIZED" if convened else "PARTICIPATED_IN"  # 甲与乙召开座谈会: they convened it
            for m in sides[0] + sides[1]:
                out.append(finder.rel(m.key, event.key, role, index))
            for a in sides[0]:  # 甲、乙与丙: each on one side partners each on the other
                for b in sides[1]:
                    if a.key != b.key:
                        out.append(finder.rel(a.key, b.key, "PARTNERS_WITH", index, kind="co-build"))
        return out

    @staticmethod
    def _nested_in_party(m, mentions: list, event) -> bool:
        return any(o is not m and o is not event and o.start <= m.start and m.end <= o.end and
                   (o.end - o.start) > (m.end - m.start) for o in mentions)

    # -- who ran it ------------------------------------------------------------------------
    def roles(self, finder, index: int, mentions: list, current) -> list[Relation]:
        """会议由甲主办、乙承办, 仪式由甲组织: the bodies before 主办 (组织) organised the current event, those before
        承办 hosted it."""
        sent = finder.rd.doc.sentences[index]
        by = sent.text.find("由")
        if by < 0:
            return self._roles_before_de(finder, index, mentions)
        out = []
        pos = by + 1
        for match in ROLE_WORDS.finditer(sent.text):
            if by < 0 or match.start() < by:
                continue
            segment = (sent.start + pos, sent.start + match.start())
            pos = match.end()
            type_ = "HOSTED" if match.group() in ("承办", "协办") else "ORGANIZED"
            for m in mentions:
                if segment[0] <= m.start and m.end <= segment[1] and m.label in ORG_LABELS \
                        and id(m) not in finder.nested:
                    out.append(finder.rel(m.key, current.key, type_, index))
        return out

    @staticmethod
    def _roles_before_de(finder, index: int, mentions: list) -> list[Relation]:
        """甲主办、乙承办的某论坛: the bodies listed right before each role word ran the event named after 的."""
        sent = finder.rd.doc.sentences[index]
        text = finder.rd.doc.text
        out = []
        for run in ROLES_BEFORE_DE.finditer(sent.text):
            after = sent.start + run.end()
            event = next((m for m in mentions if m.label == "Event" and 0 <= m.start - after <= DE_REACH), None)
            if event is None:
                continue
            for match in ROLE_WORDS.finditer(sent.text, run.start(), run.end()):
                type_ = "HOSTED" if match.group() in ("承办", "协办") else "ORGANIZED"
                cursor = sent.start + match.start()
                cursor -= next((len(w) for w in JOINTLY if text.endswith(w, 0, cursor)), 0)
                for m in sorted((m for m in mentions if m.end <= cursor and m.label in ORG_LABELS
                                 and id(m) not in finder.nested), key=lambda m: -m.end):
                    if text[m.end:cursor] not in ("", "、", "和", "及", "与"):
                        break  # only the list ending at the role word: not the sentence's subject
                    out.append(finder.rel(m.key, event.key, type_, index))
                    cursor = m.start
        return out

    # -- where -----------------------------------------------------------------------------
    def held_in(self, finder, index: int, mentions: list, events: list) -> list[Relation]:
        """在/于某地举行, 在某校举行了…, 赴某地开展…; an occasion a visit's story names only by its kind, in a
        sentence after the visit, or one named for the visit (学习考察活动), was held where the visitors went
        (来到某区开展交流… 召开的座谈会上)."""
        sent = finder.rd.doc.sentences[index]
        out = []
        visits = list(VISIT.finditer(sent.text))
        if visits:
            where = visits[0]
            target = self._place(finder, mentions, (sent.start + where.start("place"), sent.start + where.end("place")))
            if target:
                self.destination = (target, index, sent.start + where.start())
        for event in events:
            local_end = event.end - sent.start
            local_start = event.start - sent.start
            found = HELD_AFTER.match(sent.text[local_end:])
            if found:
                place = (event.end + found.start("place"), event.end + found.end("place"))
            else:
                clause_start = max((x.end() for x in CLAUSE.finditer(sent.text, 0, local_start)), default=0)
                head = sent.text[clause_start:local_start]
                before = list(VISIT.finditer(head))
                chosen = HELD_BEFORE.search(head) or (before[-1] if before else None)
                if before and chosen is before[-1] and head[before[-1].end() - 2:].startswith(("开展", "举办", "举行")):
                    out += self._visitor_runs(finder, index, mentions, sent.start + clause_start + before[-1].start(),
                                              event)
                went = next((v for v in visits if v.end() <= local_start
                             and not CLAUSE.search(sent.text, v.end(), local_start)), None)
                if chosen is None and went is not None:  # 来到某县，开展某活动
                    target = self._place(finder, mentions, (sent.start + went.start("place"),
                                                            sent.start + went.end("place")))
                    if target:
                        out.append(finder.rel(event.key, target, "HELD_IN", index))
                    continue
                if chosen is None:
                    name = finder.rd.entities[event.key].name
                    bare = name in self.occasion_kinds
                    visiting = VISIT_WORDS.search(name) and self.destination and self.destination[2] < event.start
                    if (bare or visiting) and self.destination and 0 <= index - self.destination[1] <= VISIT_REACH \
                            and (bare is False or index > self.destination[1]):
                        out.append(finder.rel(event.key, self.destination[0], "HELD_IN", index))
                    continue
                base = sent.start + clause_start
                place = (base + chosen.start("place"), base + chosen.end("place"))
            for target in self._places(finder, mentions, place):
                out.append(finder.rel(event.key, target, "HELD_IN", index))
        return out


    def held_in_focus(self, finder, index: int, mentions: list, current, distance: int) -> list[Relation]:
        """论坛由甲主办，在乙校举行 / 会议在乙校举行 / 地点设在乙校 / 培训地点：乙校: a clause that names no event
        but a place speaks of the event named last."""
        sent = finder.rd.doc.sentences[index]
        out = []
        for clause in FOCUS_PLACE.finditer(sent.text):
            start, end = sent.start + clause.start(), sent.start + clause.end()
            if any(m.label == "Event" and start <= m.end and m.start <= end for m in mentions):
                continue  # the clause names its own event
            group = "place" if clause.group("place") else "place2"
            if distance > (FOCUS_REACH if group == "place" else NOTICE_REACH):
                continue
            target = self._place(finder, mentions, (sent.start + clause.start(group), sent.start + clause.end(group)))
            if target:
                out.append(finder.rel(current.key, target, "HELD_IN", index))
        name = finder.rd.entities[current.key].name
        if distance > FOCUS_REACH or name[-2:] not in sent.text:
            return out
        for clause in DONE_AT.finditer(sent.text):  # 学员们在甲校、乙校开展为期两周的跟岗学习: the trip in focus
            if name.endswith(clause.group("what")):
                span = (sent.start + clause.start("place"), sent.start + clause.end("place"))
                out += [finder.rel(current.key, target, "HELD_IN", index)
                        for target in self._places(finder, mentions, span)]
        return out

    def party_visits(self, finder, index: int, mentions: list, current) -> list[Relation]:
        """21日上午，送教团队走进甲校 / 团队在乙校开展同上一节课活动: a visit, a training or an exchange was held at
        each institution its party went to (a ceremony or a meeting is held in one place)."""
        if finder.rd.entities[current.key].properties.get("kind") in ONE_PLACE_KINDS:
            return []  # after a signing, the delegation's visits to schools are not where it was signed
        sent = finder.rd.doc.sentences[index]
        out = []
        for visit in PARTY_VISITS.finditer(sent.text):
            span = (sent.start + visit.start("place"), sent.start + visit.end("place"))
            target = self._place(finder, mentions, span)
            if target and finder.rd.entities[target].label in ("School", "University", "Organization"):
                out.append(finder.rel(current.key, target, "HELD_IN", index))
        return out

    @staticmethod
    def _visitor_runs(finder, index: int, mentions: list, visit_at: int, event) -> list[Relation]:
        """某基地一行赴某县开展某活动: the body that went there to hold the event organised it."""
        visitor = next((m for m in reversed(mentions) if m.end <= visit_at and m.label in ORG_LABELS
                        and id(m) not in finder.nested), None)
        if visitor is None or not VISITOR_GAP.fullmatch(finder.rd.doc.text[visitor.end:visit_at]):
            return []
        return [finder.rel(visitor.key, event.key, "ORGANIZED", index)]

    def _place(self, finder, mentions: list, span: tuple[int, int]) -> str | None:
        """The place a stretch of text names (see `_places`), one only."""
        places = self._places(finder, mentions, span, listed=False)
        return places[0] if places else None

    @staticmethod
    def _places(finder, mentions: list, span: tuple[int, int], listed: bool = True) -> list[str]:
        """The places a stretch of text names: every institution it lists when `listed` (分别在甲校、乙校举行),
        else the first institution in it, else its most specific region; a bureau stands for its region."""
        inside = [m for m in mentions if span[0] <= m.start and m.end <= span[1] and m.label in PLACE_LABELS]
        outer = [m for m in inside if not any(o is not m and o.start <= m.start and m.end <= o.end for o in inside)]
        institutions = [m for m in outer if m.label in ("School", "University", "Organization")]
        if listed and len(institutions) > 1 and re.search(r"、|和|及", finder.rd.doc.text[span[0]:span[1]]):
            return list(dict.fromkeys(m.key for m in institutions))
        if institutions:
            return [institutions[0].key]
        bodies = [m for m in outer if m.label == "Authority"]
        if bodies:
            region = finder.region_of(bodies[0].key)
            if region:
                return [region]
        regions = [m for m in inside if m.label == "Region"]
        if not regions:
            return []
        order = {"town": 0, "district": 1, "city": 2, "province": 3, "zone": 4}
        return [min(regions, key=lambda m: order.get(finder.rd.entities[m.key].properties.get("level"), 5)).key]


@lru_cache(maxsize=256)
def _breaks(text: str) -> list[int]:
    """Positions of the clause breaks in a sentence."""
    return [m.start() for m in CLAUSE.finditer(text)]
