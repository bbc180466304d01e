"""Read relations from the sentence patterns of reports and work plans.

Each pattern family is one method of `RelationFinder` and returns `Relation`s with their
evidence sentence; `__call__` runs them all over one resolved document. When a sentence has
no subject of its own, the actor is the document's subject (the bureau whose report it is).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from graph.model import Entity, Evidence, Mention, Relation
from ingest.agreements import TABLE_CELLS, Agreements, cell_offsets, in_cell
from ingest.entities import LEVEL_WORDS, Span
from ingest.lexicon import Lexicon, Region, changed_names, lies_in, load_lexicon
from ingest.occasions import Occasions
from ingest.resolve import ResolvedDocument, identity_key
from ingest.roles import BareGroup, OfficialRoles

ORG_LABELS = frozenset({"School", "University", "Authority", "Organization", "Alliance"})
APPOINTED = re.compile(r"(?:担任|出任|兼任|任)")  # 张三担任某集团理事长
TITLE_QUALIFIER = 2  # characters before the title: 总校校长, 首任理事长
ACTOR_LABELS = ORG_LABELS | {"Region"}
LOCATED_LABELS = frozenset({"School", "Authority", "Organization"})  # what 某县的… places (not a university)
THAT_GROUP = re.compile(r"(?:该|这一|这个|此)(?:联盟|集团|共同体|教共体|协作体|联合体)由?$")  # 该联盟由甲牵头
# 甲、乙将共同实施: words between the bodies and the verb
RUN_ADVERBS = re.compile(r"(?:将|要|还|也|已|正|继续|共同|联合|一起|全面|深入|大力|积极|着力|持续|进一步)*$")
OWN_BODY_LABELS = frozenset({"School", "University", "Organization"})  # what 我校, 我院 can stand for
RUNNER_LABELS = frozenset({"Authority", "School", "Organization", "University"})
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
LIST_GLUE = re.compile(r"^(?:[\s、,，和及与以及暨“”\"]|[(（][^)）]{1,10}[)）])*$")  # 甲校(暂定名)、乙校
SPEAK = re.compile(r"作了?(?:交流分享|交流发言|典型发言|经验交流|经验分享|主题报告|发言|报告)")
# 吸纳甲校、乙校等12所学校为成员校, 甲、乙作为集团成员校: a list before 为成员校 joins the alliance named earlier
COUNT = r"[\d一二两三四五六七八九十百]"
AS_MEMBERS = re.compile(rf"(?:等\s*{COUNT}*\s*[所个家]\s*(?:学校|单位|成员)?)?"
                        r"(?:为|作为|是)(?:其|该)?(集团|联盟|共同体)?的?成员(?:学校|单位|校|园)?(?![的校园单学])")
MEMBER_WORDS = "成员校|成员园|成员单位|成员学校"
# 甲、乙等成员校的代表, 甲、乙、丙三所成员校: the schools listed are members of the group in focus
MEMBERS_NAMED = re.compile(rf"(?:等\s*(?:{COUNT}+\s*[所个家])?|{COUNT}+\s*[所个家])"
                           rf"\s*(?:两地|三地|各地|首批)?(?:{MEMBER_WORDS})")
FOUNDED_AFTER = re.compile(r"[，,]?\s*(?:共同|联合)?(?:组建|成立|组成)了?")  # 乙、丙为成员校，组建某集团
JOINED_BARE = re.compile(r"(?:先后|相继|陆续|也|均|都|正式)?加入(?:了)?(?=[，,。；;]|$)")  # 甲、乙先后加入。
JOINED_THAT = re.compile(r"加入(?:了)?(?:该|本)(?:教育集团|集团|联盟|共同体)"  # 丁申请加入该集团, 正式加入集团。
                         r"|加入(?:了)?(?:教育集团|集团|联盟|共同体)(?=[，,。；;]|$)")
ABOUT = re.compile(r"关于(?:开展|做好|实施|推进|组织|印发|落实|加强)[^，,。《》]{0,30}$")  # a notice's subject
OWNER_GAP_STOP = re.compile(r"[，,；;：:。！？!?与和同]")  # 甲校与某县开展“某行动”: not the school's own program
CHOSEN = re.compile(r"选举|推选|推举|聘任|任命|聘请")
GIVEN_TO = re.compile(r"[^，,。；;]{0,4}?(?:颁发|颁奖|授牌|揭牌|送上|赠送)")
# 张三当选理事长, 选举张三为联盟首届理事长
ELECTED = re.compile(r"(?:当选(?:为)?|为)(?:该)?(?:联盟|集团|共同体)?(?:首届|第[一二三四五六七八九十\d]+届)?"
                     r"(副?(?:理事长|会长|主席|总校长))")
# 乙校正式接任2025年度联盟轮值主席学校, 甲校作为某集团的龙头校
TAKES_ROLE = re.compile(r"(?:正式)?(?:接任|担任|成为|当选|作为)[^，,。；;]{0,16}")
FOCUS_REACH = 5  # sentences back to the alliance a heading line or a bare 联盟由… speaks of
BARE_GROUP = re.compile(r"(?:^|[该本])(?:联盟|集团|共同体|教共体)$")


def role_noun(cue: str) -> bool:
    """牵头单位, 龙头校: a lead role named as a noun, which may point at the alliance of the sentences before."""
    return cue.endswith(("单位", "学校", "校"))


JOINED_LEAD = re.compile(r"\s*(?:同时|随后|此外)?(?:与|同|会同|联合)")  # a clause opening 与甲局…, with no subject
JOINED_REST = re.compile(r"(?:联合|共同|一起|一道)?(?:在[^，,。；;]{1,25})?")  # …联合, …在某地: then the verb
CO_ACTOR_GLUE = re.compile(r"^(?:、|与|和|同|及|以及|会同|联合)$")  # 甲与乙, 甲会同乙: acting together
SHARED_SUBJECT = ("并", "还", "同时", "随后")  # a clause that goes on with the subject of the clause before
GOVERNING = ("与", "同", "对", "向", "为", "给", "赴", "到", "在", "于", "走进", "来到", "前往", "深入", "莅临")
ACTING_WITH = ("会同",)
INSTITUTION_SUFFIXES = ("教育集团", "共同体", "联盟", "分校", "校区", "工作室")
UNIVERSITY_IN_NAME = re.compile(r"大学|学院|大(?=附)")
KIND_PRECEDENCE = ("pairing", "entrusted", "co-build", "support", "exchange")
CAPTION_ROLE = re.compile(r"^(主办|承办|协办)(?:单位)?(?:[：:\s]|$)")  # 主办单位 X, 主办：X in a notice
MEMBER_AFTER = re.compile(rf"(?:{MEMBER_WORDS})(?:[\d一二三四五六七八九十]+(?:所|个|家)[，,]?)?"
                          r"(?:还|主要|分别)?(?:有|包括|涵盖|覆盖|为|是)?[:：—\-]*"
                          r"|成员(?:还|主要)?(?:包括|有)[:：]?")
RUN_BY = re.compile(r"[^，,。；;由]{0,4}由([^，,。；;]{2,40}?)(?:牵头|负责|组织|统筹|共同|联合)?"  # 某工程由甲局实施
                    r"(?:实施|推进|落实|承担|承办)")
GROUP_COLUMNS = ("共同体名称", "集团名称", "联盟名称", "名称", "共同体", "教育集团", "集团", "联盟")  # a members table
MEMBER_COLUMNS = ("成员学校", "成员校", "成员单位", "成员园", "成员")
SCHOOL_HEAD_TITLES = ("校长", "副校长", "执行校长", "园长", "副园长")
BUREAU_HEAD_TITLES = ("局长", "副局长")
BARE_TITLE_START = re.compile(r"(?:^|[。；;，,：:])\s*$")  # the title opens a clause: no body named before it
NOTICE_TITLE = re.compile(r"通知|通告|方案|安排|指南")
REGION_PARTNERSHIPS = ("co-build", "support", "pairing")  # what two regions named as partners can agree on
REGIONS_AGREE = re.compile(r"(?:将|还|已|正式|共同|深入|持续)*(?:开展|建立|签订|签署|结成|结为|缔结|达成|深化|推进)")
GROUP_WORD_BEFORE = re.compile(r"(集团|联盟|共同体)(?:乡村|城区|农村|新|首批)?$")  # 集团乡村成员校
TAKEN_IN = re.compile(r"吸纳(?=[^，,。；;]{2,120}?加入)")
# 某集团由甲、乙、丙3所中学组成: the list between 由 and 组成 are its members
MADE_OF = re.compile(r"由(?P<list>[^。;；]{2,200}?)(?:等)?(?:[\d一二三四五六七八九十百]+(?:所|个|家)[^，,。]{0,6})?"
                     r"(?:共同)?组成")
JOINS_BEFORE = re.compile(r"(?:加入|成为)[^，,。]{0,4}$")  # 甲校加入某集团
NAMED_MEMBER_BEFORE = re.compile(r"(?:确定为|列为|纳入|吸纳为|批准为)[^，,。]{0,4}$")  # …某集团成员校
MEMBER_WORD_AFTER = re.compile(rf"的?(?:{MEMBER_WORDS})")
# 此前， 9月12日上午，: what may come before a sentence's subject
LEAD_IN = re.compile(r"(?:[^，,。；;、]{1,14}[，,])?\s*")
LED_CLAUSE = re.compile(r"(?:牵头|领衔|引领)[，,]")  # 由甲校牵头，乙、丙等学校组成: 乙 and 丙 are members too
MEMBER_HEADING = re.compile(r"^(?:集团|联盟|共同体)?(?:主要|首批)?成员(?:校|单位|学校)?(?:有|包括|名单)?[:：]?$")
NUMBERED_LINE = re.compile(r"^[\d一二三四五六七八九十]+[、.．]")


@dataclass(slots=True)
class Mentioned:
    """A span in a sentence with the entity it names."""

    span: Span
    key: str
    label: str
    start: int = 0  # the span's offsets, copied: read very often
    end: int = 0


class RelationFinder:
    """All relation patterns over one resolved document."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        cues = self.lex.cues
        self.organize = sorted((c for c, _ in cues.get("organize", [])), key=len, reverse=True)
        self.host = sorted((c for c, _ in cues.get("host", [])), key=len, reverse=True)
        self.participate = sorted((c for c, _ in cues.get("participate", [])), key=len, reverse=True)
        self.run = sorted((c for c, _ in cues.get("run", [])), key=len, reverse=True)
        self.partner = dict(cues.get("partner", []))
        self.partner_verbs = dict(cues.get("partner_verb", []))
        self.visit = dict(cues.get("visit", []))
        self.lead = dict(cues.get("lead", []))
        self.roles = OfficialRoles()
        self.own_body_words = tuple(self.lex.cue_words("own_body"))
        self.occasions = Occasions(self.lex, self.roles.titles)
        self.agreements = Agreements(self.lex)

    def __call__(self, rd: ResolvedDocument) -> list[Relation]:
        self.rd = rd
        self.evidences: dict[int, Evidence] = {}
        self.sentence_starts = [sent.start for sent in rd.doc.sentences]
        self.governments = self._governments()
        self.nested: set[int] = set()  # ids of mentions inside longer ones (武清区 in 武清区教育局)
        self.by_sentence: dict[int, list[Mentioned]] = {}
        for span, key in rd.spans:
            label = rd.entities[key].label
            self.by_sentence.setdefault(span.sentence, []).append(Mentioned(span, key, label, span.start, span.end))
        for items in self.by_sentence.values():
            items.sort(key=lambda m: m.start)
            self.nested.update(id(m) for m in _nested(items))
        found, agreed = self.agreements(self)
        for index, _sent in enumerate(rd.doc.sentences):
            mentions = self.by_sentence.get(index, [])
            found += self.caption_roles(index, mentions)
            found += self.event_relations(index, mentions)
            if index not in agreed:
                found += self.partnerships(index, mentions)
            found += self.programs(index, mentions)
            found += self.memberships(index, mentions)
            found += self.elected(index, mentions)
            found += self.leadership(index, mentions)
        found += self.occasions(self)
        found += self.locations()
        found += self.region_hierarchy()
        found += self.zone_alliances()
        found += self.owned_events()
        found += self.school_groups()
        found += self.titled_programs()
        found += self.member_lines()
        found += self.member_tables()
        found += self.members_attending(found)
        found += self.nested_occasions(found)
        return [r for r in found if r.source != r.target]

    # -- helpers ------------------------------------------------------------------
    def evidence(self, index: int) -> Evidence:
        """The sentence a relation is read from, one object per sentence (results are smaller and pickle faster)."""
        found = self.evidences.get(index)
        if found is None:
            sent = self.rd.doc.sentences[index]
            found = self.evidences[index] = Evidence(self.rd.doc.id, self.rd.doc.text[sent.start:sent.end], sent.start)
        return found

    def rel(self, source: str, target: str, type_: str, index: int, **props) -> Relation:
        return Relation(source, target, type_, {k: v for k, v in props.items() if v}, [self.evidence(index)])

    def local(self, index: int, pos: int) -> str:
        """Sentence text up to a document offset."""
        sent = self.rd.doc.sentences[index]
        return sent.text[: pos - sent.start]

    def label(self, key: str | None) -> str:
        return self.rd.entities[key].label if key else ""

    def actor_before(self, index: int, mentions: list[Mentioned], pos: int, labels=ACTOR_LABELS) -> str | None:
        """The nearest named actor before `pos` in the same clause; else the document's subject."""
        sent = self.rd.doc.sentences[index]
        clause_start = sent.start + _last_break(sent.text[: pos - sent.start])
        if sent.text.startswith(SHARED_SUBJECT, clause_start - sent.start):  # 甲局…举行了…,并为乙校举行…
            clause_start = sent.start + _last_break(sent.text[: clause_start - sent.start - 1])
        for m in reversed([m for m in mentions if clause_start <= m.start and m.end <= pos]):
            if m.label in labels and id(m) not in self.nested:
                gap = self.local(index, pos)[self._list_end(index, mentions, m, pos) - sent.start:]
                governed = self._governed(index, mentions, m)
                if not governed and not gap.startswith(("与", "和", "同", "赴", "到", "对", "向", "为")):
                    return m.key
        opening = self._sentence_subject(index, mentions, clause_start)
        if opening is not None and opening.label in labels:
            return opening.key  # 甲区对口帮扶乙县，组团式帮扶丙校: the later clause shares 甲区
        return self.rd.subject if self.label(self.rd.subject) in labels else None

    def _sentence_subject(self, index: int, mentions: list[Mentioned], clause_start: int) -> Mentioned | None:
        """The name opening the sentence (after a time or a word like 此前), when it lies in an earlier clause than
        `clause_start`: a clause without a subject of its own shares it."""
        sent = self.rd.doc.sentences[index]
        opening = next((m for m in mentions if id(m) not in self.nested), None)
        if opening is None or opening.start >= clause_start or self._governed(index, mentions, opening):
            return None
        return opening if LEAD_IN.fullmatch(sent.text[: opening.start - sent.start]) else None

    def _list_end(self, index: int, mentions: list[Mentioned], m: Mentioned, pos: int) -> int:
        """Where the 、-list that `m` opens or continues ends (甲、乙与丙: the list 甲、乙 is one side of 与)."""
        end = m.end
        while True:
            after = next((o for o in mentions if o.start == end + 1 and o.end <= pos and id(o) not in self.nested
                          and self._text(index, end, o.start) == "、"), None)
            if after is None:
                return end
            end = after.end

    def _governed(self, index: int, mentions: list[Mentioned], m: Mentioned) -> bool:
        """The object of a preposition or of a visit (与甲, 为甲、乙, 在甲, 赴甲), judged at the head of its list
        (在南京市鼓楼区: a region written right after the one it lies in shares its preposition)."""
        head = m
        while True:
            before = self.local(index, head.start)
            previous = next((o for o in reversed(mentions) if o.end == head.start - 1 and before.endswith("、")
                             or o.end == head.start and o.label == head.label == "Region"), None)
            if previous is None:  # 会同乙, 联合乙: 乙 acts too (with 甲, or with the 我们 of the report)
                return before.endswith(GOVERNING) and not before.endswith(ACTING_WITH)
            head = previous

    def cue_before(self, index: int, mentions: list[Mentioned], target: Mentioned, cues: list[str],
                   window: int = 14) -> tuple[str, int] | None:
        """The cue word closest before a mention (looking through a list of like mentions)."""
        sent = self.rd.doc.sentences[index]
        pos = target.start
        same = [m for m in mentions if m.label == target.label and m.end <= target.start]
        while True:
            before = sent.text[max(0, pos - sent.start - window): pos - sent.start]
            before = re.split(r"[，,；;。]", before)[-1]
            for cue in cues:
                at = before.rfind(cue)
                if at >= 0 and not before[at + len(cue):].startswith("的"):
                    return cue, pos - len(before) + at
            prev = next((m for m in reversed(same) if m.end <= pos), None)
            if prev is None or not LIST_GLUE.match(sent.text[prev.end - sent.start: pos - sent.start]):
                return None
            pos = prev.start
            same = [m for m in same if m.end <= prev.start]

    # -- events ---------------------------------------------------------------------
    def caption_roles(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        """主办单位 X / 承办单位 Y Z lines under an event's title, or in a notice about the event its title names."""
        sent = self.rd.doc.sentences[index]
        match = CAPTION_ROLE.match(sent.text)
        if not match:
            return []
        event = None
        notice = NOTICE_TITLE.search(self.rd.doc.sentences[0].text)  # 主办：… in a notice about its title's event
        for back in [*range(index - 1, max(-1, index - 5), -1), *([0] if notice else [])]:
            events = [m for m in self.by_sentence.get(back, []) if m.label == "Event"]
            if events:
                event = events[-1]
                break
        if event is None:
            return []
        type_ = {"主办": "ORGANIZED", "承办": "HOSTED", "协办": "HOSTED"}[match.group(1)]
        return [self.rel(m.key, event.key, type_, index) for m in mentions if m.label in ORG_LABELS]

    def event_relations(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        out: list[Relation] = []
        sent = self.rd.doc.sentences[index]
        for event in (m for m in mentions if m.label == "Event"):
            found = self.cue_before(index, mentions, event, self.host + self.organize + self.participate, window=40)
            if found:
                cue, at = found
                actor = self.actor_before(index, mentions, at, ACTOR_LABELS | {"Person"})
                sides = [m for m in self._list_before(mentions, at)  # not the venue: 某局在某校召开…
                         if m.key != actor and not self._governed(index, mentions, m)]
                if actor == self.rd.subject and sides:
                    actor = None  # 甲、乙与丙开展…: the parties named before the verb, not the document's subject
                out += self._event_actor(actor, event, cue, index)
                for partner in self.co_actors(index, mentions, actor, at):
                    out += self._event_actor(partner, event, cue, index, named=True)
            speak = SPEAK.search(sent.text)
            if speak:
                actor = self.actor_before(index, mentions, sent.start + speak.start())
                if actor and actor != self.rd.subject or (actor and self._names_actor(index, mentions, speak.start())):
                    out.append(self.rel(actor, event.key, "PARTICIPATED_IN", index))
        return out

    def co_actors(self, index: int, mentions: list[Mentioned], actor: str | None, cue_at: int) -> list[str]:
        """甲与乙联合举办, 甲会同乙召开: the bodies joined to the actor before the verb act with it."""
        sent = self.rd.doc.sentences[index]
        actor_at = next((m for m in reversed(mentions) if m.key == actor and m.end <= cue_at), None)
        if actor_at is None and actor is not None and actor == self.rd.subject:
            return self._joined_to_subject(index, mentions, cue_at)
        if actor_at is None or actor_at.label == "Region":  # 甲校与某县开展…: the county is the place
            return []
        bodies = [m for m in mentions if id(m) not in self.nested and m.label in ACTOR_LABELS - {"Region"}]
        partners, cursor = [], actor_at.end
        for m in (m for m in bodies if actor_at.end <= m.start and m.end <= cue_at):
            if not CO_ACTOR_GLUE.match(self._text(index, cursor, m.start)):
                break
            partners.append(m.key)
            cursor = m.end
        rest = sent.text[cursor - sent.start:cue_at - sent.start]
        if CLAUSE_BREAK.search(rest) or re.search("与|和|(?<!共)同", rest):
            return []  # 甲、乙与某县开展…: one side of a pair, not co-organisers
        cursor = actor_at.start
        for m in reversed([m for m in bodies if m.end <= actor_at.start]):
            if not CO_ACTOR_GLUE.match(self._text(index, m.end, cursor)):
                break
            partners.append(m.key)
            cursor = m.start
        return [key for key in partners if key != actor]

    def _joined_to_subject(self, index: int, mentions: list[Mentioned], cue_at: int) -> list[str]:
        """7月，与甲局、乙局联合举办…: in a sentence without a subject, the bodies joined by 与 act with the
        document's own body."""
        sent = self.rd.doc.sentences[index]
        before = sent.text[:cue_at - sent.start]
        clause_at = sent.start + _last_break(before)
        bodies = [m for m in mentions if id(m) not in self.nested and m.label in ACTOR_LABELS - {"Region"}
                  and clause_at <= m.start and m.end <= cue_at]
        if not bodies or not JOINED_LEAD.fullmatch(self._text(index, clause_at, bodies[0].start)):
            return []
        partners, cursor = [], bodies[0].start
        for m in bodies:
            if m is not bodies[0] and not CO_ACTOR_GLUE.match(self._text(index, cursor, m.start)):
                break
            partners.append(m)
            cursor = m.end
        return [m.key for m in partners] if JOINED_REST.fullmatch(self._text(index, cursor, cue_at)) else []

    def _names_actor(self, index: int, mentions: list[Mentioned], offset: int) -> bool:
        sent = self.rd.doc.sentences[index]
        clause_start = _last_break(sent.text[:offset])
        return any(clause_start <= m.start - sent.start < offset and m.label in ACTOR_LABELS for m in mentions)

    def _event_actor(self, actor: str | None, event: Mentioned, cue: str, index: int,
                     named: bool = False) -> list[Relation]:
        if actor is None:
            return []
        label = self.label(actor)
        if cue in self.participate:
            return [self.rel(actor, event.key, "PARTICIPATED_IN", index)]
        if label == "Region":
            return [self.rel(event.key, actor, "HELD_IN", index)]
        if label == "Person" or (actor == self.rd.subject and label != "Authority" and not named):
            return []  # a report's own bureau runs its subjectless sentences; a news story's title names no actor
        return [self.rel(actor, event.key, "HOSTED" if cue in self.host else "ORGANIZED", index)]

    def owned_events(self) -> list[Relation]:
        """An event whose name starts with an organisation's name is that organisation's (杨村一中校园艺术节…), the
        longest such name; not when the name joins parties (甲与乙…签约仪式: they took part), founds the body
        (某集团成立大会) or names a longer institution (某校滨海分校揭牌仪式: the branch's occasion)."""
        out = []
        owners = self._forms_of(ORG_LABELS)
        for key, event in self.rd.entities.items():
            if event.label != "Event":
                continue
            form = _longest_prefix(event.name, owners)
            if not form:
                continue
            owner = owners[form]
            rest = event.name[len(form):]
            founded = rest.startswith(("成立", "揭牌", "授牌")) or rest.startswith(tuple(INSTITUTION_SUFFIXES))
            if re.search(r"^[^“”]*?[与和同]", rest) or founded or self._longer_institution_at(event, form) \
                    or self._names_another(event, owner, form):
                continue
            out.append(self.rel(owner, key, "ORGANIZED", self._sentence_of(event.mentions[0])))
        return out

    def _names_another(self, event: Entity, owner: str, form: str) -> bool:
        """教育部“国培计划”某工作室授牌仪式: the event's name goes on to name another body, or a program and then
        a body of it, whose occasion it is (not 某会2024年“某行动”暑期培训班: the owner's class in its program)."""
        rest = event.name[len(form):]
        for key, e in self.rd.entities.items():
            if key == owner or len(e.name) < 3 or e.name not in rest:
                continue
            after = rest[rest.index(e.name) + len(e.name):]
            if e.label in ORG_LABELS or (e.label == "Program" and any(s in after for s in INSTITUTION_SUFFIXES)):
                return True
        return False

    def _longer_institution_at(self, event: Entity, form: str) -> bool:
        """某校滨海新城分校揭牌仪式: a longer institution's name starts where the event's does."""
        return any(e.label in ORG_LABELS and len(e.name) > len(form) and event.name.startswith(e.name)
                   for e in self.rd.entities.values())

    # -- partnerships -----------------------------------------------------------------
    def partnerships(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        """与 A、B 等 建立共建关系 / 与 A 结对帮扶 / 赴 A 开展共建活动."""
        out: list[Relation] = []
        sent = self.rd.doc.sentences[index]
        text = sent.text
        for match in re.finditer(r"[与同和]|赴|走进", text):
            word = match.group()
            listed = self._list_after(mentions, sent.start + match.end())
            if not listed:
                continue
            tail_start = listed[-1].end - sent.start
            tail = CLAUSE_BREAK.split(text[tail_start:], 1)[0][:30]
            kind = self._partner_kind(tail, verbs_count=word not in self.visit)
            if not kind:
                continue
            named = self.actor_before(index, mentions, sent.start + match.start(), ORG_LABELS | {"Region"})
            agreed = REGIONS_AGREE.match(tail)  # 甲区与乙县开展…协作, not 甲区和乙县的教师参加…
            if named is not None and self.label(named) == "Region" and kind in REGION_PARTNERSHIPS and agreed:
                # 甲区与乙县开展区域教育协作: the regions themselves are the partners
                out += [self.rel(named, m.key, "PARTNERS_WITH", index, kind=kind) for m in listed
                        if m.label == "Region" and m.key != named]
            actor = self.acting_body(named)
            if actor is None:
                continue
            for m in listed:
                if m.label in ORG_LABELS:
                    out.append(self.rel(actor, m.key, "PARTNERS_WITH", index, kind=kind))
        return out

    def _partner_kind(self, tail: str, verbs_count: bool) -> str:
        """The kind of partnership the words after a partner list name (建立结对帮扶关系 -> pairing)."""
        kinds = {v for c, v in self.partner.items() if c in tail}
        for kind in KIND_PRECEDENCE:
            if kind in kinds:
                return kind
        if verbs_count:
            return next((v for c, v in self.partner_verbs.items() if c in tail), "")
        return ""

    def acting_body(self, actor: str | None) -> str | None:
        """A region named as the actor of a partnership in its own bureau's report acts through the bureau."""
        if actor is None or self.label(actor) != "Region":
            return actor
        subject = self.rd.subject
        if subject and self.label(subject) in ORG_LABELS:
            home = self._home_region(subject)
            if home and home.name == self.rd.entities[actor].name:
                return subject
        return None

    def _list_after(self, mentions: list[Mentioned], pos: int) -> list[Mentioned]:
        """Mentions that follow `pos` as a list joined by 、 和 及 (regions inside names skipped)."""
        listed: list[Mentioned] = []
        cursor = pos
        for m in mentions:
            if m.start < cursor:
                continue
            gap = self._text(m.span.sentence, cursor, m.start)
            if not LIST_GLUE.match(gap):
                break
            listed.append(m)
            cursor = m.end
        return [m for m in listed if not any(o is not m and o.start <= m.start and m.end <= o.end for o in listed)]

    def _list_before(self, mentions: list[Mentioned], pos: int) -> list[Mentioned]:
        """Mentions that end at `pos` as a list joined by 、 和 及 (吸纳甲校、乙校等12所学校为成员校)."""
        listed: list[Mentioned] = []
        cursor = pos
        for m in sorted((m for m in mentions if m.end <= pos and id(m) not in self.nested), key=lambda m: -m.end):
            gap = self._text(m.span.sentence, m.end, cursor)
            if not LIST_GLUE.match(gap):
                break
            listed.append(m)
            cursor = m.start
        return listed[::-1]

    def _text(self, index: int, start: int, end: int) -> str:
        sent = self.rd.doc.sentences[index]
        return sent.text[start - sent.start: end - sent.start]

    # -- programs -----------------------------------------------------------------------
    def programs(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        """实施…工程, 落实“…”制度; a body named just before a program owns it (市委基层党建“领航工程”)."""
        out: list[Relation] = []
        for program in (m for m in mentions if m.label == "Program"):
            run_by = RUN_BY.match(self.rd.doc.text, program.end)  # 某工程由甲局牵头实施
            if run_by:
                start, end = run_by.start(1), run_by.end(1)
                out += [self.rel(m.key, program.key, "RUNS", index) for m in mentions
                        if start <= m.start and m.end <= end and m.label in RUNNER_LABELS and id(m) not in self.nested]
            owner = next((m for m in reversed(mentions) if m.end <= program.start and m.label in RUNNER_LABELS
                          and program.start - m.end <= 6
                          and not OWNER_GAP_STOP.search(self._text(index, m.end, program.start))), None)
            if owner:
                out.append(self.rel(owner.key, program.key, "RUNS", index))
                continue
            found = self.cue_before(index, mentions, program, self.run)
            if not found:
                continue
            adverbs = RUN_ADVERBS.search(self._text(index, self.rd.doc.sentences[index].start, found[1]))
            listed = [m.key for m in self._list_before(mentions, found[1] - len(adverbs.group()))
                      if m.label in RUNNER_LABELS]
            if listed:  # 甲校、乙校与某县开展“某某”行动: the bodies named right before the verb run it
                out += [self.rel(key, program.key, "RUNS", index) for key in listed]
                continue
            actor = self.actor_before(index, mentions, found[1], RUNNER_LABELS)
            if actor:
                out.append(self.rel(actor, program.key, "RUNS", index))
        return out

    def titled_programs(self) -> list[Relation]:
        """甲局、乙厅《关于…某工程的通知》 and 某厅关于做好某工程工作的通知: a body runs a program its document names;
        某会2024年“某行动”培训班: the body an event is named after runs the program the event's name holds."""
        out = []
        for index, items in self.by_sentence.items():
            sent = self.rd.doc.sentences[index]
            for m in items:
                if m.label != "Program":
                    continue
                before = sent.text[:m.start - sent.start]
                about = ABOUT.search(before)  # 某厅关于做好“某某”工程等工作的通知
                if about:
                    body = next((b for b in reversed(items) if b.end == sent.start + about.start()
                                 and b.label in RUNNER_LABELS), None)
                    if body is not None:
                        out.append(self.rel(body.key, m.key, "RUNS", index))
                opening = before.rfind("《")
                if opening >= 0 and before.rfind("》") < opening:
                    bodies = self._list_before(items, sent.start + opening)
                    out += [self.rel(b.key, m.key, "RUNS", index) for b in bodies if b.label in RUNNER_LABELS]
                event = next((e for e in items if e.label == "Event" and e.start <= m.start and m.end <= e.end), None)
                owner = next((o for o in items if event and o.start == event.start and o.label in ORG_LABELS
                              and o.end <= m.start), None)
                if owner is not None:
                    out.append(self.rel(owner.key, m.key, "RUNS", index))
        return out

    # -- membership and leadership --------------------------------------------------------
    def memberships(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        """X、Y 加入 Z / Z 成员校 X、Y."""
        out: list[Relation] = []
        sent = self.rd.doc.sentences[index]
        if not any(cue in sent.text for cue in ("加入", "成为", "成员", "组成")):
            return out
        for alliance in (m for m in mentions if m.label == "Alliance"):
            before = sent.text[: alliance.start - sent.start]
            joined = JOINS_BEFORE.search(before)
            if joined is None and MEMBER_WORD_AFTER.match(sent.text, alliance.end - sent.start):
                joined = NAMED_MEMBER_BEFORE.search(before)  # 甲校被确定为某集团成员校
            if joined:
                cue_at = sent.start + joined.start()
                members = [m for m in mentions if m.end <= cue_at and m.label in ORG_LABELS | {"Region"}
                           and id(m) not in self.nested and not CLAUSE_BREAK.search(self._text(index, m.end, cue_at))]
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in members]
        for cue in AS_MEMBERS.finditer(sent.text):
            at = sent.start + cue.start()
            members = self._list_before(mentions, at)
            founded = FOUNDED_AFTER.match(sent.text, cue.end())
            alliance = next((m for m in mentions if founded and m.label == "Alliance"
                             and m.start == sent.start + founded.end()), None)  # …为成员校，组建某集团
            alliance = alliance or next((m for m in reversed(mentions) if m.label == "Alliance" and m.end <= at
                                         and m not in members), None)
            if alliance is None and cue.group(1):  # 甲、乙作为集团成员校: the 集团 named before
                alliance = self._group_named(index, mentions, at, cue.group(1))
            if alliance:
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in members if m.label in ORG_LABELS]
        for cue in MEMBERS_NAMED.finditer(sent.text):  # 甲、乙等成员校的代表: members of the group in focus
            at = sent.start + cue.start()
            alliance = self.alliance_in_focus(index, mentions, at)
            listed = self._list_before(mentions, at)
            if not cue.group().startswith("等") and (len(listed) < 2 or listed[-1].end != at or any(
                    self._text(index, a.end, b.start) != "、" for a, b in zip(listed, listed[1:]))):
                continue  # 甲、乙、丙三所成员校, not 甲局和12所成员校的负责人
            if alliance is not None:
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in listed
                        if m.label in ORG_LABELS and m is not alliance]
        for cue in MEMBER_AFTER.finditer(sent.text):
            at = sent.start + cue.start()
            alliance = self.alliance_in_focus(index, mentions, at)
            kind = GROUP_WORD_BEFORE.search(sent.text, 0, cue.start())
            if kind and (alliance is None or not self.rd.entities[alliance.key].name.endswith(kind.group(1))):
                alliance = self._group_named(index, mentions, at, kind.group(1))  # 集团乡村成员校甲校
            if alliance is None:
                continue
            listed = self._list_after(mentions, sent.start + cue.end())
            out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in listed if m.label in ORG_LABELS]
        for joined in JOINED_THAT.finditer(sent.text):  # 丁同时申请加入该集团: the group just named
            at = sent.start + joined.start()
            alliance = self.alliance_in_focus(index, mentions, at)
            nearest = next((m for m in reversed(mentions) if m.end <= at and id(m) not in self.nested
                            and not CLAUSE_BREAK.search(self._text(index, m.end, at))), None)
            members = self._list_before(mentions, nearest.end) if nearest else []  # 甲同意乙加入该集团: 乙
            if alliance is not None:
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in members
                        if m is not alliance and m.label in ORG_LABELS]
        for joined in JOINED_BARE.finditer(sent.text):  # 组建某共同体，甲、乙先后加入: the group named before
            at = sent.start + joined.start()
            alliance = next((m for m in reversed(mentions) if m.label == "Alliance" and m.end <= at), None)
            members = [m for m in self._list_before(mentions, at)
                       if not CLAUSE_BREAK.search(self._text(index, m.end, at))]
            if alliance is not None and alliance not in members:
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in members if m.label in ORG_LABELS]
        for taken in TAKEN_IN.finditer(sent.text):  # 吸纳甲、乙等11所学校加入: members of the alliance named before
            alliance = self.alliance_in_focus(index, mentions, sent.start + taken.start())
            listed = self._list_after(mentions, sent.start + taken.end())
            if alliance is not None:
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in listed if m.label in ORG_LABELS]
        for made in MADE_OF.finditer(sent.text):
            at = sent.start + made.start()
            alliance = next((m for m in reversed(mentions) if m.label == "Alliance" and m.end <= at
                             and not CLAUSE_BREAK.search(self._text(index, m.end, at))), None)
            if alliance is None and BARE_GROUP.search(sent.text[:made.start()]):
                alliance = self.alliance_in_focus(index, mentions, at)  # 联盟由甲、乙组成: the one just named
            list_at = made.start("list")
            role = next((cue for cue in self.lead if role_noun(cue) and sent.text.startswith(cue, list_at)), "")
            listed = self._list_after(mentions, sent.start + list_at + len(role))  # 由龙头校甲和乙、丙组成
            led = LED_CLAUSE.match(sent.text, listed[-1].end - sent.start) if listed else None
            if led:
                listed += self._list_after(mentions, sent.start + led.end())
            if alliance is not None:
                members = [m for m in listed if m.label in ORG_LABELS and m.end <= sent.start + made.end("list")]
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", index) for m in members]
                if role and members:
                    out.append(self.rel(members[0].key, alliance.key, "LEADS", index, role=self.lead[role]))
        return out

    def elected(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        """张三当选理事长: a person elected to an alliance's chair (or deputy chair) leads the alliance."""
        sent = self.rd.doc.sentences[index]
        out = []
        for match in ELECTED.finditer(sent.text):
            at = sent.start + match.start()
            person = next((m for m in reversed(mentions) if m.label == "Person" and m.end == at), None)
            alliance = self.alliance_in_focus(index, mentions, at)
            if person is None or alliance is None:
                continue
            if match.group().startswith("为") and not (CHOSEN.search(sent.text, 0, match.start()) and
                                                       not GIVEN_TO.match(sent.text, match.end())):
                continue  # 选举张三为理事长, not 张三为副理事长颁发聘书
            elected = [person]  # 甲校校长张三、乙校校长李四当选副理事长: each of the people listed
            for m in reversed([m for m in mentions if m.label == "Person" and m.end <= person.start]):
                gap = self._text(index, m.end, elected[-1].start)
                if not gap.startswith("、") or CLAUSE_BREAK.search(gap):
                    break
                elected.append(m)
            out += [self.rel(m.key, alliance.key, "LEADS", index, role=match.group(1)) for m in elected]
        return out

    def _group_named(self, index: int, mentions: list[Mentioned], at: int, word: str) -> Mentioned | None:
        """The last alliance named before `at`, in this sentence or the FOCUS_REACH before it, whose name ends
        with `word` (集团 after 某教育集团)."""
        sentences = [[m for m in mentions if m.end <= at]] + [self.by_sentence.get(back, []) for back in
                                                              range(index - 1, max(-1, index - FOCUS_REACH - 1), -1)]
        for named in sentences:
            found = [m for m in named if m.label == "Alliance" and self.rd.entities[m.key].name.endswith(word)]
            if found:
                return found[-1]
        return None

    def alliance_in_focus(self, index: int, mentions: list[Mentioned], at: int,
                          reach: int = FOCUS_REACH) -> Mentioned | None:
        """The alliance a sentence speaks of: the last named before `at` in it, else the last named in the
        `reach` sentences before (一、某某教育共同体 / 牵头学校：甲 / 成员学校：乙、丙)."""
        here = next((m for m in reversed(mentions) if m.label == "Alliance" and m.end <= at), None)
        if here is not None or any(m.label == "Alliance" for m in mentions):
            return here
        for back in range(index - 1, max(-1, index - reach - 1), -1):
            named = [m for m in self.by_sentence.get(back, []) if m.label == "Alliance"]
            if named:
                return named[-1]
        return None

    def _only_alliance(self, index: int) -> Mentioned | None:
        """The last mention before sentence `index` of the document's one alliance, if it names only one."""
        if sum(e.label == "Alliance" for e in self.rd.entities.values()) != 1:
            return None
        return self.alliance_in_focus(index, [], 0, reach=index)

    def member_lines(self) -> list[Relation]:
        """集团主要成员: followed by numbered lines (1、甲校 2、乙校): each line's institution is a member of the
        alliance named just before the heading."""
        out = []
        sentences = self.rd.doc.sentences
        for index, sent in enumerate(sentences):
            if not MEMBER_HEADING.match(sent.text.strip()):
                continue
            alliance = self.alliance_in_focus(index, [], sent.start, reach=2)  # named just before the heading
            if alliance is None:
                continue
            for line in range(index + 1, len(sentences)):
                if not NUMBERED_LINE.match(sentences[line].text.strip()):
                    break
                members = [m for m in self.by_sentence.get(line, [])
                           if m.label in ORG_LABELS and id(m) not in self.nested]
                out += [self.rel(m.key, alliance.key, "MEMBER_OF", line) for m in members[:1]]
        return out

    def member_tables(self) -> list[Relation]:
        """序号 共同体名称 牵头学校 成员学校: under a header row with a group column and a members column, each
        row's institutions in the members column are members of the group in its row."""
        out: list[Relation] = []
        columns = None
        for index, sent in enumerate(self.rd.doc.sentences):
            cells = TABLE_CELLS.split(sent.text.strip())
            names = [cell.strip() for cell in cells]
            group = next((i for i, name in enumerate(names) if name in GROUP_COLUMNS), None)
            members = next((i for i, name in enumerate(names) if name in MEMBER_COLUMNS), None)
            if group is not None and members is not None:
                columns = (group, members)
                continue
            if columns is None or len(cells) <= max(columns):
                columns = None  # no table, or it has ended
                continue
            offsets = cell_offsets(sent.text, cells)
            mentions = [m for m in self.by_sentence.get(index, []) if id(m) not in self.nested]
            named = [m for m in mentions if m.label == "Alliance" and in_cell(m, sent.start, offsets[columns[0]])]
            listed = [m for m in mentions if m.label in ORG_LABELS - {"Alliance"}
                      and in_cell(m, sent.start, offsets[columns[1]])]
            if named:
                out += [self.rel(m.key, named[0].key, "MEMBER_OF", index) for m in listed]
        return out

    def members_attending(self, found: list[Relation]) -> list[Relation]:
        """各成员校负责人参加活动: a sentence about an event that names its group's members by a collective word
        (cue role `members_word`) makes every member and lead of that group take part. The group is the one
        the sentence or the event's name names, else the document's only group with members."""
        groups: dict[str, set[str]] = {}
        for rel in found:
            if rel.type in ("MEMBER_OF", "LEADS") and self.rd.entities[rel.target].label == "Alliance" \
                    and self.rd.entities[rel.source].label in ORG_LABELS - {"Alliance"}:
                groups.setdefault(rel.target, set()).add(rel.source)
        out = []
        for index, event_key in self.occasions.member_references:
            named = {m.key for m in self.by_sentence.get(index, [])} & set(groups)
            event_name = self.rd.entities[event_key].name
            in_name = {g for g in groups if any(form in event_name for form in
                                                 (self.rd.entities[g].name, *self.rd.entities[g].aliases))}
            chosen = named or in_name or (set(groups) if len(groups) == 1 else set())
            if len(chosen) != 1:
                continue  # which group's members is not told
            for member in sorted(groups[chosen.pop()]):
                out.append(self.rel(member, event_key, "PARTICIPATED_IN", index))
        return out

    def nested_occasions(self, found: list[Relation]) -> list[Relation]:
        """会上还举行了某签约仪式: an occasion held within another is organised by the other's organisers."""
        out = []
        for index, event, within in self.occasions.nested_occasions:
            organisers = sorted({r.source for r in found if r.type == "ORGANIZED" and r.target == within})
            out += [self.rel(body, event, "ORGANIZED", index) for body in organisers]
        return out

    def leadership(self, index: int, mentions: list[Mentioned]) -> list[Relation]:
        """X 牵头 / X 为 Z 轮值主席 / 区委书记 秦蕾 / 秦蕾 (区委书记)."""
        out: list[Relation] = []
        sent = self.rd.doc.sentences[index]
        text = sent.text
        for cue, role in self.lead.items():
            if cue not in text:
                continue
            for match in re.finditer(re.escape(cue), text):
                at = sent.start + match.start()
                leader = next((m for m in reversed(mentions) if m.end <= at and m.label in ORG_LABELS
                               and (at - m.end <= 4 or TAKES_ROLE.fullmatch(self._text(index, m.end, at)))
                               and not (m.label == "Alliance" and self._text(index, m.end, at) == "的")), None)
                leader_key = leader.key if leader else None
                targets = [m for m in mentions if m.label in ("Alliance", "Program") and m.key != leader_key]
                if not targets and leader and THAT_GROUP.search(self._text(index, sent.start, leader.start)):
                    focus = self.alliance_in_focus(index, mentions, at)  # 某联盟成立。该联盟由甲校牵头
                    targets = [focus] if focus is not None and focus.key != leader_key else []
                if not targets and role_noun(cue):  # 牵头学校：甲 under the alliance's heading line
                    focus = self.alliance_in_focus(index, mentions, at) or self._only_alliance(index)
                    targets = [focus] if focus is not None and focus.key != leader_key else []
                    if leader is None and targets:
                        after = self._list_after(mentions, at + len(cue))
                        out += [self.rel(m.key, focus.key, "LEADS", index, role=role) for m in after
                                if m.label in ORG_LABELS]
                        continue
                if leader is None and targets:
                    before = [m for m in mentions if m.end <= at and m.label in ("Alliance", "Program")]
                    after = self._list_after(mentions, at + len(cue))
                    if before and after:
                        out += [self.rel(m.key, before[-1].key, "LEADS", index, role=role) for m in after
                                if m.label in ORG_LABELS]
                    continue
                if leader:
                    led_by = [m for m in targets if self._text(index, m.end, leader.start) in ("由", "以")]
                    near = led_by or [m for m in targets if m.start > leader.end] or [
                        m for m in targets if m.end <= leader.start]  # 某集团由甲校牵头: the group before 由
                    named = [m for m in near if self._named_after(m.key, leader.key)]
                    named_for_other = any(self._named_after(m.key, o.key) for m in near for o in mentions
                                          if o.label in ORG_LABELS and o.key != m.key)
                    if named or (near and not named_for_other):
                        out.append(self.rel(leader.key, (named or near)[0].key, "LEADS", index, role=role))
        last = None
        for person in (m for m in mentions if m.label == "Person"):
            found, last = self._person_roles(index, mentions, person, last)
            out += found
            out += self._appointed(index, mentions, person)
        return out

    def _appointed(self, index: int, mentions: list[Mentioned], person: Mentioned) -> list[Relation]:
        """张三担任某集团总校校长, 李四出任某联盟理事长: the person leads the body named after the verb."""
        sent = self.rd.doc.sentences[index]
        verb = APPOINTED.match(sent.text, person.end - sent.start)
        if verb is None:
            return []
        body = next((m for m in mentions if m.start == sent.start + verb.end() and m.label in ORG_LABELS), None)
        if body is None:
            return []
        after = sent.text[body.end - sent.start:]
        for skip in range(TITLE_QUALIFIER + 1):  # 总校校长, 首任理事长
            title = next((t for t in self.roles.by_length if after.startswith(t, skip)), None)
            if title:  # the first title read decides: 某集团总书记 is not 书记 of it
                lead = self.roles.titles[title] == "lead"
                return [self.rel(person.key, body.key, "LEADS", index, role=title)] if lead else []
        return []

    def _named_after(self, alliance: str, school: str) -> bool:
        """梁山一中教育集团 is named after 梁山一中."""
        names = {self.rd.entities[school].name, *self.rd.entities[school].aliases}
        return any(self.rd.entities[alliance].name.startswith(n) for n in names if len(n) >= 2)

    def school_groups(self) -> list[Relation]:
        """An education group named after a school is led by that school (梁山一中教育集团 <- 梁山一中)."""
        out = []
        schools = self._forms_of({"School"})
        for key, ent in self.rd.entities.items():
            form = _longest_prefix(ent.name, schools) if ent.label == "Alliance" else ""
            if form:
                out.append(self.rel(schools[form], key, "LEADS", self._sentence_of(ent.mentions[0]), role="核心校"))
        return out

    def _forms_of(self, labels) -> dict[str, str]:
        """Every name and alias (two characters or more) of the document's entities of these labels -> its key."""
        forms: dict[str, str] = {}
        for key, e in self.rd.entities.items():
            if e.label in labels:
                for form in (e.name, *sorted(e.aliases)):
                    if len(form) >= 2:
                        forms.setdefault(form, key)
        return forms

    def _person_roles(self, index: int, mentions: list[Mentioned], person: Mentioned,
                      last: tuple[Mentioned, str | None, str] | None) -> tuple[list[Relation], tuple]:
        """LEADS from a person's titles (ingest/roles.py); a deputy listed right after a titled person shares
        that person's body (县教体局局长王建国、副局长刘晓燕), and a name with no title of its own listed right
        after one shares body and title (副局长祁晓燕、鲁文斌)."""
        sent = self.rd.doc.sentences[index]
        roles, how = self.roles(sent.text, sent.start, mentions, person)
        if not roles and last and last[1] and self._text(index, last[0].end, person.start) == "、":
            return [self.rel(person.key, last[1], "LEADS", index, role=last[2])], (person, last[1], last[2])
        for role in roles:
            if isinstance(role.body, BareGroup):
                role.body.key = self._group_in_focus(index, mentions, person, self.rd.doc.text[role.body.start:
                                                                                              role.body.end])
        leads = self.roles.leads(roles, self.governments)
        if how == "chain" and not leads and roles and all(r.body is None for r in roles) and last:
            title_start = person.start - len("、".join(r.title for r in roles)) - sent.start  # 党委委员、副局长李四
            previous, body, _ = last
            glue = sent.text[previous.end - sent.start:title_start]
            if body and glue in ("、", ",", "，", "和", "及", "以及", "与"):
                leads = [(body, r.title) for r in roles if self.roles.titles[r.title] == "lead"]
        if how == "chain" and not leads and len(roles) == 1 and roles[0].body is None \
                and self.roles.titles[roles[0].title] == "lead":
            title_start = person.start - len(roles[0].title) - sent.start
            own = self.own_body() if sent.text[:title_start].endswith(self.own_body_words) else None
            if own is None and BARE_TITLE_START.search(sent.text[:title_start]):
                own = self._subject_headed_by(roles[0].title)  # 校长张三致辞 in the school's own news
            if own is not None:  # 我校校长张三: the school whose news it is
                leads = [(own, roles[0].title)]
        out = [self.rel(person.key, body, "LEADS", index, role=title) for body, title in leads]
        return out, (person, leads[-1][0] if leads else None, leads[-1][1] if leads else "")

    def _subject_headed_by(self, title: str) -> str | None:
        """The document's subject when a bare title names its head: 校长 a school's, 局长 a bureau's."""
        subject = self.rd.subject
        if title in SCHOOL_HEAD_TITLES and self.label(subject) in ("School", "University"):
            return subject
        if title in BUREAU_HEAD_TITLES and self.label(subject) == "Authority" and \
                self.rd.entities[subject].name.endswith("局"):
            return subject
        return None

    def own_body(self) -> str | None:
        """The institution whose news the document is (我校): its subject, else the only university it names,
        else its only school."""
        if self.label(self.rd.subject) in OWN_BODY_LABELS:
            return self.rd.subject
        for label in ("University", "School"):
            named = [key for key, e in self.rd.entities.items() if e.label == label]
            if named:
                return named[0] if len(named) == 1 else None
        return None

    def _group_in_focus(self, index: int, mentions: list[Mentioned], person: Mentioned, word: str) -> str | None:
        """集团理事长张三: the alliance the sentence or the ones before it speak of, else the document's only one;
        none when the last body named with that kind word is no alliance (海尔集团…集团董事长)."""
        earlier = [m for back in range(max(0, index - FOCUS_REACH), index + 1) for m in self.by_sentence.get(back, [])
                   if m.end <= person.start and self.rd.entities[m.key].name.endswith(word)]
        if earlier and earlier[-1].label != "Alliance":
            return None
        focus = self.alliance_in_focus(index, mentions, person.start)
        if focus is not None:
            return focus.key
        alliances = [key for key, e in self.rd.entities.items() if e.label == "Alliance"]
        return alliances[0] if len(alliances) == 1 else None

    def _governments(self) -> dict[str, str]:
        """The document's governments by level word (区 -> 石景山区政府): what 副区长 leads when no body is named."""
        found: dict[str, str] = {}
        for key, ent in self.rd.entities.items():
            if ent.label != "Authority" or not ent.name.endswith("政府"):
                continue
            regions = _regions_in_name(self.lex, ent.name, short_forms=True)
            if regions:
                level = next((w for w in LEVEL_WORDS if regions[-1].name.endswith(w)), "")
                found.setdefault(level, key)
        return found

    # -- places ---------------------------------------------------------------------------
    def locations(self) -> list[Relation]:
        """Institutions named with a region are located in the most specific one the document names (a zone only
        when the name holds nothing else; universities only in districts, by a branch's name)."""
        out = []
        order = {"town": 0, "district": 1, "city": 2, "province": 3, "zone": 4}
        named = self._named_regions()
        zones = self._development_zones()
        for key, ent in list(self.rd.entities.items()):
            if ent.label not in ("School", "Authority", "Organization", "University"):
                continue
            zone = next((z for name, z in zones if ent.name.startswith(name) or
                         any(a.startswith(name) for a in ent.aliases)), None)
            if zone is not None and ent.label != "University":  # 青岛西海岸新区教育和体育局 is in its zone
                out.append(self.rel(key, zone, "LOCATED_IN", self._sentence_of(ent.mentions[0])))
                continue
            if ent.label == "University":
                regions = _branch_regions(self.lex, ent.name)
            else:  # 凉山州教育局, 厦门一中, 北京某某…基金会: short forms of provinces and cities count too, except
                # in a name built on a university's (陕西师范大学附属中学 is not placed by 陕西)
                forms = [ent.name, *sorted(ent.aliases)]
                city_forms = not UNIVERSITY_IN_NAME.search(ent.name)
                regions = next((r for r in (_regions_in_name(self.lex, f, short_forms=ent.label == "Authority",
                                                             city_forms=city_forms) for f in forms) if r), [])
            regions = [r for r in regions if r.name in named]
            if not regions:
                continue
            region = min(regions, key=lambda r: order.get(r.level, 9))
            if ent.label == "University" and region.level not in ("district", "town"):
                continue
            region_key = self._ensure_region(region.name, ent.mentions[0])
            out.append(self.rel(key, region_key, "LOCATED_IN", self._sentence_of(ent.mentions[0])))
        placed = {r.source for r in out}
        return out + [r for r in self.listed_after_region() if r.source not in placed]

    def listed_after_region(self) -> list[Relation]:
        """某县的甲校、乙校、丙校: schools and bodies listed right after a region and 的 lie in it."""
        out = []
        for index, items in self.by_sentence.items():
            for place in (m for m in items if m.label == "Region" and id(m) not in self.nested):
                if self._text(index, place.end, place.end + 1) != "的":
                    continue
                listed = self._list_after([m for m in items if id(m) not in self.nested], place.end + 1)
                out += [self.rel(m.key, place.key, "LOCATED_IN", index) for m in listed
                        if m.label in LOCATED_LABELS and m.key != place.key]
        return out

    def _development_zones(self) -> list[tuple[str, str]]:
        """(name, key) of the zones the gazetteer does not list (苏州高新区), longest name first."""
        zones = [(e.name, k) for k, e in self.rd.entities.items()
                 if e.label == "Region" and e.properties.get("level") == "zone" and not self.lex.region(e.name)]
        return sorted(zones, key=lambda z: -len(z[0]))

    def _named_regions(self) -> set[str]:
        """Full names of the regions the document writes, in any form, alone or inside a name (a completed
        省教育厅 names no province)."""
        named = {e.name for e in self.rd.entities.values() if e.label == "Region"}
        named |= {name for span, _ in self.rd.spans for name in span.regions}
        return {r.name for name in named if (r := self.lex.region(name))} | named

    def region_named(self, key: str) -> Region | None:
        """The most specific region a body's name places it in (凉山州教育局 -> 凉山彝族自治州)."""
        regions = _regions_in_name(self.lex, self.rd.entities[key].name, short_forms=True)
        order = {"town": 0, "district": 1, "city": 2, "province": 3}
        return min(regions, key=lambda r: order.get(r.level, 9)) if regions else None

    def region_of(self, key: str) -> str | None:
        """The region a body's name places it in (the most specific), as an entity of the document."""
        region = self.region_named(key)
        return self._ensure_region(region.name, self.rd.entities[key].mentions[0]) if region else None

    def _ensure_region(self, name: str, mention: Mention) -> str:
        key = identity_key(self.lex, "Region", name)
        region = self.lex.region(name)
        if key not in self.rd.entities:
            self.rd.entities[key] = Entity(name=name, label="Region", properties={"level": region.level},
                                           mentions=[mention])
        named = self.rd.doc.text[mention.start:mention.end]
        for form in changed_names(region.name):  # 长泰区教育局 names 长泰县 by the district it has become
            if form in named and self.lex.region(form) is region:
                self.rd.entities[key].aliases.add(form)
        return key

    def region_hierarchy(self) -> list[Relation]:
        """District -> city -> province: a region and the nearest region above it that the document names; a region
        written right after one it lies in, at any distance (内蒙古巴林右旗, 四川凉山、甘孜); a zone's members when the
        document names both (evidence: the sentence naming both, else the first naming either)."""
        out = []
        regions = {key: self.lex.region(e.name) for key, e in self.rd.entities.items() if e.label == "Region"}
        by_name = {r.name: key for key, r in regions.items() if r}
        for key, ent in self.rd.entities.items():  # a development zone is part of the region it is named after
            parent = ent.properties.get("parent") if ent.label == "Region" else None
            if parent and parent in by_name and by_name[parent] != key:
                out.append(self.rel(key, by_name[parent], "PART_OF", self._sentence_of(ent.mentions[0])))
        written_in = self._written_in(regions)
        for key, outer_key, index in written_in:
            out.append(self.rel(key, outer_key, "PART_OF", index))
        placed = {key for key, _, _ in written_in}
        for key, region in regions.items():  # the nearest region above it that the document names
            if key in placed and region.level == "town":
                continue  # 某县某镇: the text places the town; the gazetteer's is one of many of that name
            parent = region.parent if region else ""
            while parent and parent not in by_name:
                parent = self.lex.region(parent).parent if self.lex.region(parent) else ""
            if parent and parent != region.name:
                out.append(self.rel(key, by_name[parent], "PART_OF", self._cooccurrence(key, by_name[parent])))
        for zone_key, zone in regions.items():
            if zone is None or zone.level != "zone":
                continue
            for member in zone.members:
                member_key = by_name.get(member)
                if member_key is None:
                    continue
                index = self._cooccurrence(member_key, zone_key, strict=True)
                index = index if index is not None else self._sentence_of(self.rd.entities[zone_key].mentions[0])
                out.append(self.rel(member_key, zone_key, "PART_OF", index))
        return out

    def _written_in(self, regions: dict) -> list[tuple[str, str, int]]:
        """(region, region it lies in, sentence) for regions written right after one they lie in (内蒙古巴林右旗,
        四川凉山、甘孜); a town right after a county lies in it whatever the gazetteer says, as town names repeat
        across counties (某县白水镇)."""
        found = []
        for index, items in self.by_sentence.items():
            sent = self.rd.doc.sentences[index]
            places = [m for m in items if m.label == "Region" and regions.get(m.key)]
            for outer, inner in zip(places, places[1:]):
                glue = sent.text[outer.end - sent.start:inner.start - sent.start]
                town_of = regions[inner.key].level == "town" and regions[outer.key].level == "district"
                if glue or not (town_of or lies_in(self.lex, regions[inner.key], regions[outer.key].name)):
                    continue
                found.append((inner.key, outer.key, index))
                for follower in places[places.index(inner) + 1:]:  # 四川凉山、甘孜、阿坝; 某县甲镇、乙镇
                    between = sent.text[inner.end - sent.start:follower.start - sent.start]
                    inside = (town_of and regions[follower.key].level == "town") or \
                        lies_in(self.lex, regions[follower.key], regions[outer.key].name)
                    if between != "、" or not inside:
                        break
                    found.append((follower.key, outer.key, index))
                    inner = follower
        return found

    def zone_alliances(self) -> list[Relation]:
        """An alliance named after a zone counts the document's own region among its members."""
        subject = self.rd.subject
        if subject is None:
            return []
        home = self._home_region(subject)
        if home is None:
            return []
        out = []
        for key, ent in self.rd.entities.items():
            if ent.label != "Alliance":
                continue
            for region in _regions_in_name(self.lex, ent.name):
                if region.level == "zone" and home.name in region.members:
                    home_key = self._ensure_region(home.name, ent.mentions[0])
                    out.append(self.rel(home_key, key, "MEMBER_OF", self._sentence_of(ent.mentions[0])))
        return out

    def _home_region(self, key: str):
        ent = self.rd.entities[key]
        if ent.label == "Region":
            return self.lex.region(ent.name)
        regions = _regions_in_name(self.lex, ent.name)
        return regions[-1] if regions else None

    def _sentence_of(self, mention: Mention) -> int:
        i = bisect_right(self.sentence_starts, mention.start) - 1
        sentences = self.rd.doc.sentences
        return i if 0 <= i < len(sentences) and mention.start < sentences[i].end else 0

    def _cooccurrence(self, a: str, b: str, strict: bool = False) -> int | None:
        sentences_a = {self._sentence_of(m) for m in self.rd.entities[a].mentions}
        sentences_b = {self._sentence_of(m) for m in self.rd.entities[b].mentions}
        both = sorted(sentences_a & sentences_b)
        if both:
            return both[0]
        return None if strict else min(sentences_a)


def _nested(items: list[Mentioned]) -> list[Mentioned]:
    """The mentions inside a longer one (武清区 in 武清区教育局): a sweep in order of start, longest first."""
    nested = []
    reach = -1  # the furthest end of the mentions before, not counting ones at the very same place
    ordered = sorted(items, key=lambda m: (m.start, -m.end))
    for i, m in enumerate(ordered):
        if reach >= m.end:
            nested.append(m)
        if i + 1 == len(ordered) or (ordered[i + 1].start, ordered[i + 1].end) != (m.start, m.end):
            reach = max(reach, m.end)
    return nested


def _longest_prefix(name: str, forms: dict[str, str]) -> str:
    """The longest of `forms` that `name` starts with, or ""."""
    return next((name[:n] for n in range(min(len(name), 40), 1, -1) if name[:n] in forms), "")


def _last_break(text: str) -> int:
    found = [m.end() for m in CLAUSE_BREAK.finditer(text)]
    return found[-1] if found else 0


@lru_cache(maxsize=8192)
def _regions_in_name(lex: Lexicon, name: str, short_forms: bool = False, city_forms: bool = False) -> tuple:
    """Regions a name starts with, outermost first (天津市东丽区教育局 -> 天津市, 东丽区; 中共内江市委 -> 内江市).

    Regions count by their full names (南开大学 does not start with 南开区), by a short form right after a
    region it lies in (甘肃省天水实验中学 -> 甘肃省, 天水市), with `city_forms` by a province's or city's short
    form (厦门一中), and with `short_forms` by any short form (凉山州教育局).
    """
    found = []
    rest = name.lstrip("“\"‘「")
    rest = rest[len(_party_prefix(lex, rest)):]
    while rest:
        form = next((f for f in reversed(lex.region_forms_at(rest)) if
                     _counts_as_prefix(lex, f)
                     or short_forms
                     or (city_forms and not found and _city_form(lex, f))
                     or (found and lies_in(lex, lex.region(f), found[-1].name))), None)
        if form is None:
            break
        found.append(lex.region(form))
        rest = rest[len(form):].lstrip("”\"’」")
    return tuple(found)  # cached: shared by every caller, so never changed


def _city_form(lex: Lexicon, form: str) -> bool:
    region = lex.region(form)
    return region is not None and region.level in ("province", "city", "zone")


def _party_prefix(lex: Lexicon, name: str) -> str:
    """The word opening a name before its regions (中共内江市委, 环太湖…); none when a region opens it (环江县)."""
    if lex.region_forms_at(name):
        return ""
    return next((p for p in lex.name_prefixes if name.startswith(p)), "")


def _counts_as_prefix(lex: Lexicon, form: str) -> bool:
    """Only a full official name places an institution (成都非企业学院 is not placed in 成都市)."""
    return form in lex.regions or form in lex.placing_forms


def _branch_regions(lex: Lexicon, name: str) -> list:
    """A university's branch campus names its district: 天津市广播电视大学东丽分校 -> 东丽区."""
    match = re.search(r"(\w{2,4}?)(?:分校|校区)$", name)
    if not match:
        return []
    region = lex.region(match.group(1)) or lex.region(match.group(1)[-2:])
    return [region] if region and region.level in ("district", "town") else []
