"""Find entity mentions in a document: regions from the gazetteer, names by type suffix,
quoted programs, numbered events, people from bylines and titles.

Finding is separate from resolving (ingest/resolve.py): this step returns `Span`s, surface
forms with offsets, and never decides which spans are the same entity.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

import ahocorasick
import jieba
import jieba.posseg as pseg

from graph.model import Document, Sentence
from ingest.lexicon import DATA, Lexicon, lies_in, load_lexicon, rows_of, words_of
from ingest.normalize import QUOTES
from ingest.people import PersonFinder

jieba.setLogLevel(60)
WORD_TAGS = pseg.dt.word_tag_tab  # jieba's dictionary: word -> part of speech
PROPER_FLAGS = frozenset({"ns", "nr", "nz", "nt", "nrt", "nrfg", "eng"})
INSTITUTION_STOP_FLAGS = frozenset({"v", "vd", "p", "c", "u", "uj", "ul", "ud", "ug", "uz", "uv", "x", "d", "ad",
                                    "r", "t", "m", "mq", "f", "q", "y", "e", "o", "zg", "a", "ag", "an", "vg",
                                    "z", "i"})
EVENT_STOP_FLAGS = frozenset({"p", "c", "u", "uj", "ul", "ud", "ug", "uz", "uv", "ad", "r", "t", "y", "e", "z"})
INSTITUTION_LABELS = frozenset({"School", "University", "Authority", "Organization", "Alliance"})
MAX_LEN = {"Event": 40, "Program": 24}
# an event reported as taking place: 在某地(隆重)举行, 正式成立, 仪式上
OCCASION_AFTER = re.compile(r"(?:、[^，,。;；、]{2,24})*(?:\d{1,2}月\d{1,2}日)?(?:上午|下午|晚上)?\s*"
                            r"(?:(?:在|于)[^，,。;；]{1,30}?)?(?:隆重|正式|顺利|成功|圆满)?"
                            r"(?:举行|召开|举办|开幕|开班|启动|落幕|闭幕)")
OCCASION_ON = re.compile(r"上[，,]|现场|上[^，,。]{0,12}(?:讲话|致辞|发言|表示|指出)")
PAST_OCCASION = re.compile(r"(?:举行|召开|举办)了[^，,。]{0,50}$|(?:出席|主持|见证)[^，,。]{0,50}$")
STORY_LEAD = 3  # a day's date within the first sentences: the document is the story of that day
SEQUENCE = re.compile(r"(?:结束后|之后|随后|会后|紧接着)[，,]?[^。；;]{0,30}$")
OCCASION_KINDS = frozenset({"ceremony", "signing", "meeting", "visit"})
OCCASION_VERBS_BEFORE = r"(?:出席|参加|主持|举行|召开|举办|见证|参与|启动)了?[^，,。]{0,50}$"
# a day's date, or 近日 and 将于4月中旬: a sentence telling of one occasion, reported or scheduled
DAY_DATE = re.compile(r"\d{1,2}日|\d{1,2}[:：]\d{2}|\d{4}[-./]\d{1,2}[-./]\d{1,2}|[上下]午|当天|第二天|次日"
                      r"|近日|日前|昨[日天]|\d{1,2}月(?:上旬|中旬|下旬|初|底)(?!前)"
                      r"|^(?:\d{4}年)?\d{1,2}月[，,]")  # 11月，与某局召开…: a work summary's month leads the sentence
LEADING_FILLERS = ("了", "的", "在", "此次", "本次", "这次", "该", "图为", " ", "\u3000")  # 举行了…, 在签订仪式上
DATE_OR_TIME = re.compile(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?(?:上午|下午|晚上|晚)?|(?:上午|下午|晚上),?")
DEFAULT_MAX_LEN = 22
DATED_LEAD = re.compile(r"\s*(?:(?:\d{4}年)?\d{1,2}月|\d{4}年|近日|日前|近期|今年|去年)")  # 10月，某局…
PHOTO_MARKS = ("图为", "图:", "图：", "（图", "(图", "上图", "下图")  # a caption that ends as a sentence does
ELECTED_BODY = re.compile(r"(?:选举产生|选举|产生|选出)了?(?:新一届)?$")
NAME_BEFORE_MEASURE = frozenset({"ns", "nz", "nr", "nrt", "j"})  # tags of a name a measure word may go on
SCHOOL_LEVELS = frozenset({"小学", "中学", "初中", "高中", "中小学"})
OPEN_QUOTES, CLOSE_QUOTES = "“‘「『\"", "”’」』\""
ORDINAL = re.compile(r"第[一二三四五六七八九十百零〇\d]+[届次期轮批]|\d{4}年|[一二三四五六七八九十\d]+周年")
NUMBERED_SCHOOL = re.compile(r"第?[一二三四五六七八九十\d]{1,3}[中小](?![学心国央华等期层间文医药生])")
CONNECTORS = "暨"
PAIR_STOP_FLAGS = frozenset({"u", "uj", "ul", "ud", "ug", "uz", "uv", "p", "x", "r", "m", "mq", "f", "y", "e",
                             "o", "w"})  # 的, 与, 该, 第: never a character of a name
REGION_TOKENS, REGION_MAX_LEN = 4, 12  # a region's name spans at most this many tokens and characters
COMPANY_SUFFIXES = ("公司", "集团")
GROUP_SUFFIXES = ("教育集团", "集团校")  # a group is named after a school or a place: a rare word is its name
BRANCH_SUFFIXES = ("分校", "校区")
HOME_WORDS = ("我区", "我市", "我县", "我省", "我旗", "本区", "本市", "本县")
STUDIO_SUFFIXES = ("工作室", "名师工作室")
RENOWN_WORDS = ("名", "名师", "名校长", "名班主任", "特级教师")
COLLECTIVE_BEFORE = ("各", "(", "（", "、县", "、区")
# 各市、县（市、区）教育局, 各设区市教育局: every such body, not one
COLLECTIVE_LEAD = re.compile(r"各(?:设区的?)?[市县区省镇乡州盟旗、()（）]{1,12}$")
ZONE_GAP = 4  # characters between a city's name and a zone's ending (青岛 西海岸 新区)
BRIDGE_TOKENS = 5  # words between a region and the suffix that may name an institution whatever their tags
BRIDGE_STOP_FLAGS = frozenset({"x", "p", "c", "u", "uj", "ul", "ud", "ug", "uz", "uv", "r", "m", "mq", "q", "y", "e",
                               "d", "ad", "vd"})
COUNTED = re.compile(r"^[一二两三四五六七八九十百\d]+[所个家]")
COUNTED_END = re.compile(r"[一二两三四五六七八九十百\d]+[所个家]$")
PERSON_STOPS = frozenset({"代表", "同志", "一行", "带队"})  # words around people that never belong to a name
SINGLE_STOP_FLAGS = frozenset({"x", "p", "c", "u", "uj", "ul", "ud", "ug", "uz", "uv", "d", "r", "y", "e", "v", "m",
                               "f", "t"})
PLACE_ENDINGS = frozenset(words_of(DATA / "lexicon" / "place_endings.txt"))
RARE_WORD_FREQ = 500  # jieba dictionary frequency under which a noun is taken as a possible name
COMMON_VERB_FREQ = 1000  # a two-character verb jieba knows this well is an action, not a school's name
SCHOOL_NUMBER = re.compile(r"^第?[一二三四五六七八九十百零〇\d]+$")
MODIFIED_HEADS = set("校园区院单")  # 试点学校, 项目区: the suffix word modifies a following noun
TIME_WORD = re.compile(r"\d|^[今去近前明当目此同]|以来|期间|之后|以后|年底|年初")
CAPTION_MAX = 60


@dataclass(slots=True)
class Span:
    """A mention found in the text: label, surface form and offsets into the document."""

    label: str
    text: str
    start: int
    end: int
    sentence: int
    level: str = ""  # Region level; "short" marks a context-resolved body (市委)
    anchored: bool = True
    regions: list[str] = field(default_factory=list)  # full names of regions inside the name
    how: str = ""  # how a person was found: title, before-title, byline, again


@dataclass(slots=True)
class Token:
    word: str
    flag: str
    start: int  # offset in the sentence
    end: int


class EntityFinder:
    """Finds all spans in a document; one instance is reused across documents."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.suffix_automaton = _suffix_automaton(self.lex)
        self.name_verbs = _word_file("name_verbs.txt")
        self.school_name_words = _word_file("school_name_words.txt")  # 育才中学: a common word naming a school
        self.name_verb_forms = tuple(self.name_verbs)  # for str.startswith
        self.name_prefixes = frozenset(self.lex.name_prefixes)
        self.building_verbs = _word_file("building_verbs.txt")
        self.relation_cues = frozenset(c for role in ("agree", "aid", "partner", "partner_verb", "attend", "member")
                                       for c in self.lex.cue_words(role))
        self.national = _national_bodies()
        self.exclusions = _word_file("program_exclusions.txt")
        self.region_stopwords = _word_file("region_stopwords.txt")
        self.collective = _word_file("collective_words.txt")
        self.followers = _word_file("name_followers.txt")
        self.subjects = tuple(_word_file("school_subjects.txt"))
        self.body_suffixes = tuple(suffix for suffix, (label, _) in self.lex.suffixes.items()
                                   if label in ("Organization", "Authority"))
        self.occasion_parts = frozenset(self.lex.cue_words("occasion_part"))
        self.event_triggers = set(self.lex.cue_words("organize") + self.lex.cue_words("host")
                                  + self.lex.cue_words("participate"))
        self.trigger_pattern = re.compile("|".join(map(re.escape, sorted(self.event_triggers, key=len, reverse=True))))
        self.run_cues = set(self.lex.cue_words("run"))
        self.run_cue_forms = tuple(self.run_cues)
        program_suffixes = [suffix for suffix, (label, strength) in self.lex.suffixes.items()
                            if label == "Program" and strength == "strong"]
        self.notice_program = re.compile(
            "《关于(?:组织)?(?:" + "|".join(map(re.escape, sorted(self.run_cues, key=len, reverse=True))) + ")"
            + "([^《》“”的]{2,22}(?:" + "|".join(map(re.escape, program_suffixes)) + "))(?:工作)?的[^《》]{0,4}》")
        self.national_names = tuple(name for _, name in self.national)
        self.runner_endings = self.national_names + tuple(
            suffix for suffix, (label, _) in self.lex.suffixes.items() if label in ("Authority", "University"))
        self.suffix_forms = tuple(self.lex.suffixes)  # for str.endswith, which takes a tuple
        self.member_cues = frozenset(self.lex.cue_words("member"))
        self.stop_words = set(self.lex.cue_words("stop"))
        self.find_people = PersonFinder()
        self.short_body = short_body_pattern(self.lex)
        self.short_org = short_org_pattern()
        self.region_names_cache: dict[str, object] = {}  # word -> the region it names inside a name, or None
        zones = "|".join(map(re.escape, sorted(_word_file("zone_suffixes.txt"), key=len, reverse=True)))
        self.zone_pattern = re.compile(zones)
        self.region_heads = self.lex.region_prefixes
        heads = sorted((s for s, (label, _) in self.lex.suffixes.items() if label in ("Alliance", "School")
                        and len(s) >= 2), key=len, reverse=True)
        self.shared_head = re.compile(rf"((?:[\u4e00-\u9fff]{{2,6}}、)+[\u4e00-\u9fff]{{2,6}})等({'|'.join(heads)})")
        _teach_jieba(self.lex, self.national)

    # -- entry point ------------------------------------------------------------
    def __call__(self, doc: Document) -> list[Span]:
        all_tokens = [tokenize(sent.text) for sent in doc.sentences]
        full_regions = {t.word for tokens in all_tokens for t in tokens if t.word in self.lex.regions}
        self.dated = {i for i, sent in enumerate(doc.sentences) if DAY_DATE.search(sent.text)}
        self.trips = {m.group("name") for i, sent in enumerate(doc.sentences) if i in self.dated or i == 0
                      for m in SHADOWING_TRIP.finditer(sent.text)}  # 赴沪跟岗学习 as the title or a dated line says
        spans: list[Span] = []
        for index, sent in enumerate(doc.sentences):
            tokens = all_tokens[index]
            caption = _is_caption(doc, index)
            spans += self._regions(sent, index, tokens, full_regions)
            spans += self._development_zones(sent, index, tokens)
            spans += self._named(sent, index, tokens, caption)
            spans += self._quoted(sent, index)
            spans += self._programs_in_notice_titles(sent, index)
            spans += self._visit_activities(sent, index)
            spans += self._numbered_schools(sent, index, tokens)
            spans += self._national_bodies(sent, index, tokens)
            spans += self._people(sent, index, tokens)
        spans = [_trim_leading_date(span) for span in spans if not _inside_document_title(doc, span)]
        spans = [self._with_paired_region(doc, _with_branch(doc, span)) for span in spans]
        spans = [self._government_as_region(doc, span) for span in _drop_overlaps(spans)]
        spans = spans + self._people_named_again(doc, spans)  # found again only where no span is: no overlaps
        spans = sorted(spans + self._bare_names_again(doc, spans), key=lambda s: s.start)
        spans = self._drop_stray_regions(spans)
        people = [s.text for s in spans if s.label == "Person"]
        acting = re.compile("(?:" + "|".join(map(re.escape, people)) + ")(?:作|做|在|主持|讲)") if people else None
        spans = [s for s in spans if s.label != "Event" or not (acting and acting.search(s.text))]  # 张三作活动介绍
        spans = self._drop_occasion_parts(spans)
        return sorted(spans + self._coordinated(doc, spans), key=lambda s: s.start)

    def _drop_occasion_parts(self, spans: list[Span]) -> list[Span]:
        """出席开幕式 after the story named its 年会: a bare opening or closing is that event's, not an event."""
        kept, named = [], False
        for span in spans:
            if span.label == "Event" and span.text in self.occasion_parts and named:
                continue
            named = named or (span.label == "Event" and span.text not in self.occasion_parts)
            kept.append(span)
        return kept

    def _with_paired_region(self, doc: Document, span: Span) -> Span:
        """柳州—河池教育共同体: a region and a dash before a group's or an event's name begin it."""
        if span.label not in ("Alliance", "Event", "Program") or doc.text[span.start - 1:span.start] not in DASHES:
            return span
        before = doc.text[max(0, span.start - 9):span.start - 1]
        region = next((before[i:] for i in range(len(before) - 1) if self.lex.region(before[i:])), None)
        if region is None or doc.text[span.start - 1 - len(region) - 1:span.start - 1 - len(region)] in DASHES:
            return span
        start = span.start - 1 - len(region)
        return Span(span.label, doc.text[start:span.end], start, span.end, span.sentence, span.level, span.anchored,
                    span.regions, span.how)

    def _government_as_region(self, doc: Document, span: Span) -> Span:
        """甲区、乙区与丙市政府间: governments "between" one another stand for their regions."""
        if span.label != "Authority" or not span.text.endswith("政府") or doc.text[span.end:span.end + 1] != "间":
            return span
        name = span.text[:-2]
        start = next((i for i in range(len(name) - 1) if self.lex.region(name[i:])), None)  # 河北省廊坊市: 廊坊市
        if start is None:
            return span
        region = self.lex.region(name[start:])
        return Span("Region", name[start:], span.start + start, span.end - 2, span.sentence, level=region.level)

    # -- regions ----------------------------------------------------------------
    def _regions(self, sent: Sentence, index: int, tokens: list[Token], full: set[str]) -> list[Span]:
        """Region names made of whole tokens (one to four of them: 巴林/右旗)."""
        forms, heads = self.lex.region_forms, self.region_heads
        found = []
        for i, first in enumerate(tokens):
            if first.word not in heads:
                continue
            form = ""
            for tok in tokens[i:i + REGION_TOKENS]:
                form += tok.word
                if len(form) > REGION_MAX_LEN or form not in heads:
                    break
                if form not in forms or form in self.region_stopwords:
                    continue
                region = self._pick_region(form, full)
                if region is not None:
                    found.append(Span("Region", form, sent.start + first.start, sent.start + tok.end, index,
                                      level=region.level, regions=[region.name]))
        return found

    def _bare_names_again(self, doc: Document, spans: list[Span]) -> list[Span]:
        """蜀山区启明教育集团 … 启明教育集团以…: an institution named with its region is the same institution where
        the name stands without it (the bare form is found even when its words alone would not make a name);
        a school called 某某学校 is the same where 某某 stands alone."""
        bare: dict[str, set[tuple[str, str]]] = {}
        for span in spans:
            if span.label == "School" and span.text.endswith("学校") and len(span.text) >= 6:
                bare.setdefault(span.text[:-2], set()).add((span.label, span.text))  # 明远实验学校 … 明远实验
            if span.label in ("Alliance", "School") and span.regions:
                cut = self._region_chain_end(span.text)
                rest = span.text[cut:]
                if cut and len(rest) >= 4 and not SCHOOL_NUMBER.match(rest[:2]) and not rest.startswith("第"):
                    bare.setdefault(rest, set()).add((span.label, span.text))
        bare = {rest: next(iter(owners))[0] for rest, owners in bare.items()  # 甲县/乙县实验中学: no single owner
                if len(owners) == 1 or all(max((o[1] for o in owners), key=len).endswith(o[1]) for o in owners)}
        return _found_again(doc, spans, bare, "")

    def _region_chain_end(self, name: str) -> int:
        """Where the regions a name starts with end (合肥市蜀山区启明小学 -> 6)."""
        at = 0
        while True:
            form = next((f for f in reversed(self.lex.region_forms_at(name, at)) if self._region_in_name(f)), "")
            if not form:
                return at
            at += len(form)

    # -- coordinated names --------------------------------------------------------
    def _coordinated(self, doc: Document, spans: list[Span]) -> list[Span]:
        """Names that share their head: 东城区、西城区教委 -> 东城区教委; 行知、吴淞等教育集团 -> 行知教育集团."""
        found = []
        by_start = {s.start: s for s in spans if s.label in INSTITUTION_LABELS}
        regions_at = {s.start: s for s in spans if s.label == "Region"}
        for span in spans:
            if span.label != "Region":
                continue
            glue = re.match(r"[、和及与]", doc.text[span.end:span.end + 1])
            target = by_start.get(span.end + 1) if glue else None
            inner = regions_at.get(span.end + 1)
            if not target or not inner or target.label not in ("Authority", "School", "Organization"):
                continue
            mine, theirs = self.lex.region(span.regions[0]), self.lex.region(inner.regions[0])
            if mine and theirs and mine.level == theirs.level and target.text.startswith(inner.text):
                name = span.text + target.text[len(inner.text):]
                found.append(Span(target.label, name, span.start, span.end, span.sentence, regions=[mine.name]))
        taken = [(s.start, s.end) for s in spans]
        for index, sent in enumerate(doc.sentences):
            for match in self.shared_head.finditer(sent.text):
                suffix = match.group(2)
                label = self.lex.suffixes[suffix][0]
                items = match.group(1).split("、")
                first_end = match.start(1) + len(items[0])  # the first item is the last word before 、
                word = next((t for t in tokenize(sent.text) if t.end == first_end), None)
                if word is None or len(word.word) < 2:
                    continue
                items[0] = word.word
                pos = word.start
                for item in items:
                    start = sent.start + pos
                    pos += len(item) + 1
                    if _suffix_of(self.lex, item) or any(start < e and b < start + len(item) for b, e in taken):
                        continue
                    found.append(Span(label, item + suffix, start, start + len(item), index))
        return found

    def _development_zones(self, sent: Sentence, index: int, tokens: list[Token]) -> list[Span]:
        """苏州高新区, 青岛西海岸新区, 郑州经开区: a region the gazetteer does not list, named after a city or district
        (level "devzone", its base region in `regions`); 高新区 alone where a body is named after it (高新区管委会)."""
        text = sent.text
        found = []
        for match in self.zone_pattern.finditer(text):
            end = match.end()
            base = next((t for t in reversed(tokens) if t.end <= match.start() and match.start() - t.end <= ZONE_GAP
                         and self._zone_base(t.word)), None)
            if base is not None and re.search(r"[^\u4e00-\u9fff]", text[base.end:match.start()]):
                base = None
            start = base.start if base else match.start()
            whole = next((t for t in tokens if t.start < match.start() < t.end and t.end == end), None)
            if whole is not None and self._zone_base(whole.word[:match.start() - whole.start]):
                base, start = None, whole.start  # 苏州高新区 as one token
                base_form = whole.word[:match.start() - whole.start]
            else:
                base_form = base.word if base else ""
            name = text[start:end]
            known = self.lex.region(name)
            if (known and (name in self.lex.regions or known.level == "zone")) or \
                    (not base_form and not self._names_a_body(text, end)):
                continue  # a zone the gazetteer knows (雄安新区), or 新区 as a word
            region = self.lex.region(base_form) if base_form else None
            found.append(Span("Region", name, sent.start + start, sent.start + end, index, level="devzone",
                              regions=[region.name] if region else []))
        return found

    def _zone_base(self, word: str) -> bool:
        region = self.lex.region(word)
        return region is not None and region.level in ("province", "city", "district") and \
            word not in self.region_stopwords

    def _names_a_body(self, text: str, end: int) -> bool:
        """高新区党工委, 经开区教育局: a bare zone word that a body's name goes on from."""
        return any(text.startswith(suffix, end, end + len(suffix)) for suffix, (label, _) in self.lex.suffixes.items()
                   if label == "Authority")

    def _drop_stray_regions(self, spans: list[Span]) -> list[Span]:
        """天津市黄山小学: a short form inside a name after another region is a region only when it lies in
        that region (甘肃省天水实验中学 names 天水; 黄山 is not in 天津市)."""
        names = [s for s in spans if s.label not in ("Region", "Event")]
        kept = []
        for span in spans:
            region = self.lex.region(span.regions[0]) if span.label == "Region" and span.regions else None
            if region is None or span.text == region.name:
                kept.append(span)
                continue
            company = next((n for n in names if n.start == span.start and span.end < n.end
                            and n.label == "Organization" and n.text.endswith(COMPANY_SUFFIXES)), None)
            brand = next((n for n in names if n.start == span.start and span.end < n.end
                          and n.label == "Organization"), None)
            if brand and not company:
                continue  # 成都非企业学院 is not placed in 成都市 by its name; a company is registered there
            outer = next((n for n in names if n.start < span.start and span.end <= n.end), None)
            before = [r for r in spans if r.label == "Region" and r.regions and outer
                      and outer.start <= r.start and r.end <= span.start]
            if outer is None or not before or self._lies_in(region, before[-1].regions[0]):
                kept.append(span)
        return kept

    def _lies_in(self, region, ancestor: str) -> bool:
        return lies_in(self.lex, region, ancestor)

    def _pick_region(self, form: str, full: set[str]):
        candidates = self.lex.region_forms.get(form, [])
        if not candidates:
            return None
        if form not in self.lex.regions:  # a short alias: provinces and cities, a form with its level word
            # (寻甸县 for 寻甸回族彝族自治县), or a full form the text writes too
            candidates = [r for r in candidates if r.level in ("province", "city", "zone") or r.name in full
                          or (form.endswith(("县", "旗")) and len(form) >= 3)]
        for region in candidates:  # prefer a homonym whose parent the text names
            if region.parent in full:
                return region
        return candidates[0] if candidates else None

    # -- names by suffix ----------------------------------------------------------
    def _named(self, sent: Sentence, index: int, tokens: list[Token], caption: bool) -> list[Span]:
        text = sent.text
        spans = []
        ends = {t.end for t in tokens}
        for end, suffix in self.suffix_automaton.iter(text):
            end += 1
            label, strength = self.lex.suffixes[suffix]
            if _longer_suffix_here(self.lex, text, end, suffix):
                continue
            if not (end in ends or (end < len(text) and text[end] in CLOSE_QUOTES)
                    or self._followed_by_role(tokens, end) or text.startswith(self.find_people.title_forms, end)):
                continue
            if label == "School" and suffix in SCHOOL_LEVELS and text.startswith(self.subjects, end) \
                    and text.endswith(self.body_suffixes, 0, end - len(suffix)):
                continue  # 某教科院小学语文教研员: a body, then a school level and a subject; not a school's name
            occasion = label == "Event" and not caption and self._reported_occasion(text, end, suffix, index)
            if caption and label == "Event":
                start = self._caption_start(text, tokens, end - len(suffix))
            elif occasion:
                start = self._clause_start(text, tokens, end - len(suffix))
                occasion = "reported"
            else:
                start = self._left_edge(text, tokens, end - len(suffix), label, caption)
            if label == "Program" and start is not None:
                labelled = _quoted_label_before(text, start)
                quoted = text[labelled + 1:text.find("”", labelled) if "”" in text[labelled:start] else labelled]
                if labelled < start and _suffix_of(self.lex, quoted) and \
                        self.lex.suffixes[_suffix_of(self.lex, quoted)][0] == "Program":
                    labelled = start  # “国培计划”乡村骨干教师研修项目: the quote is a program of its own
                start = labelled
            if start is None:
                continue
            if label == "School":
                start = self._affiliated_start(text, tokens, start, caption)
            name = text[start:end]
            span = self._judge(name, label, strength, sent, index, start, tokens, caption, bool(occasion))
            if span is None and caption and label == "Event" and self._reported_occasion(text, end, suffix, index):
                start = self._clause_start(text, tokens, end - len(suffix))  # 座谈会上，某某表示。 as a paragraph
                span = self._judge(text[start:end], label, strength, sent, index, start, tokens, False, True)
            if span:
                spans.append(span)
        return spans

    def _affiliated_start(self, text: str, tokens: list[Token], start: int, caption: bool) -> int:
        """岷江师范大学附属叙州实验学校: a school affiliated to a university carries the university's name."""
        owner = AFFILIATED.search(text, 0, start)
        if owner is None:
            return start
        uni_start = self._left_edge(text, tokens, owner.start(1), "University", caption)
        return uni_start if uni_start is not None and uni_start < owner.start(1) else start

    def _reported_occasion(self, text: str, end: int, suffix: str, index: int) -> bool:
        """An event the sentence reports as taking place: …在某地举行, …成功举办 (any event); and, near a day's
        date, 出席签约仪式, 仪式上 (occasions only: ceremonies, signings, meetings, visits; a plan's 定期召开联席会议
        or 举办技能大赛 is not one)."""
        if OCCASION_AFTER.match(text, end):
            return True
        if self.lex.suffix_kinds.get(suffix) not in OCCASION_KINDS:
            return False
        head = text[max(0, end - 60):end]
        clause = re.split(r"[，,；;。!！?？]", head)[-1]
        if self.dated and PAST_OCCASION.search(clause):
            return True  # 会上举行了…签约仪式 in a dated story
        story = bool(self.dated) and min(self.dated) <= STORY_LEAD  # a dated story: its lead gives the day
        if story and OCCASION_ON.match(text, end) and clause == text[:end]:
            return True  # 座谈会上，某某表示: the story's occasion, however far from the date
        if not self.dated & {index, index - 1, index - 2, index - 3} and not (self.dated and SEQUENCE.search(head)):
            return False  # 仪式结束后，双方召开座谈会: a dated story's next occasion, however far from the date
        if OCCASION_ON.match(text, end):
            return True
        return bool(re.search(OCCASION_VERBS_BEFORE, clause))

    def _clause_start(self, text: str, tokens: list[Token], suffix_start: int) -> int:
        """An event reported in a clause is named by the clause up to it: after the last break, date or
        trigger verb (1月15日上午,甲校与乙区合作办学协议签字仪式在…举行; 举行了甲校和乙校结对的揭牌仪式)."""
        start = 0
        for mark in "，,：:；;。":
            start = max(start, text.rfind(mark, 0, suffix_start) + 1)
        for tok in tokens:  # trigger verbs as whole words: 党组织书记培训班 holds 组织 but no trigger
            if start <= tok.start and tok.end <= suffix_start and tok.word in self.event_triggers:
                start = tok.end
        for m in DATE_OR_TIME.finditer(text, 0, suffix_start):
            start = max(start, m.end())
        quoted = False
        for at in range(start, suffix_start):  # a list of events: each is named on its own
            quoted = (quoted or text[at] in OPEN_QUOTES) and text[at] not in CLOSE_QUOTES
            if text[at] == "、" and not quoted:
                start = at + 1
        while True:
            lead = next((w for w in LEADING_FILLERS
                         if text.startswith(w, start) and start + len(w) <= suffix_start), "")
            lead = lead or _reporting_verb(text, tokens, start, suffix_start)
            if not lead:
                return start
            start += len(lead)

    def _left_edge(self, text: str, tokens: list[Token], suffix_start: int, label: str, caption: bool) -> int | None:
        """Walk left over tokens that can belong to a name; None when the name would be empty."""
        start = suffix_start
        max_len = MAX_LEN.get(label, DEFAULT_MAX_LEN)
        i = _token_index_containing(tokens, suffix_start)
        if i is not None and tokens[i].start < suffix_start:  # suffix starts inside a token: keep that token
            start = tokens[i].start
            i -= 1
        elif i is not None:
            i -= 1
        else:
            i = _last_token_before(tokens, suffix_start)
        placed = False  # a region of the name has been passed
        studio = label == "Organization" and text.startswith(STUDIO_SUFFIXES, suffix_start)
        while i is not None and i >= 0:
            tok = tokens[i]
            if studio and (tok.flag == "nr" or tok.word in self.find_people.titles or tok.word in RENOWN_WORDS
                           or tok.word in self.find_people.single and i + 1 < len(tokens)
                           and tokens[i + 1].flag == "nr"):
                start = tok.start  # 刘海涛名校长工作室: a studio is named after its person and title
                i -= 1
                continue
            if tok.end == suffix_start and self._joins_suffix(tok, label):
                start = tok.start
                i -= 1
                continue
            if tok.word in CLOSE_QUOTES or (len(tok.word) == 1 and tok.word in QUOTES and _is_closing(text, tok.start)):
                opening = _matching_open(text, tok.start)
                if opening is None or suffix_start - opening > max_len:
                    break
                quoted = text[opening + 1:tok.start]
                program_quote = _suffix_of(self.lex, quoted) and self.lex.suffixes[_suffix_of(self.lex, quoted)][0]
                if label in INSTITUTION_LABELS | {"Program"} and start < suffix_start and program_quote == "Program":
                    break  # 教育部“强师计划”西南大学名师培养基地: a program's name ends before this body's
                start = opening
                if label == "Program":
                    break
                i = _last_token_before(tokens, opening)
                continue
            if not self._may_extend(tok, label, caption, tokens, i) and not self._named_verb(tokens, i, label):
                if placed:
                    break  # a region of the name is passed: no bridge over 校长某某担任 to an earlier one
                region_at = self._bridge_to_region(tokens, i, label)
                if region_at is None or suffix_start - tokens[region_at].start > max_len:
                    break
                start, i, placed = tokens[region_at].start, region_at - 1, True  # 亭湖区青年路小学
                continue
            if suffix_start - tok.start > max_len:
                break
            if placed and label in INSTITUTION_LABELS and not self._region_in_name(tok.word) \
                    and tok.word not in self.name_prefixes:
                break  # an institution's name starts at its regions: 委托贵州师范大学 names 贵州师范大学
            placed = placed or bool(self._region_in_name(tok.word))
            start = tok.start
            i -= 1
        return start

    def _bridge_to_region(self, tokens: list[Token], i: int, label: str) -> int | None:
        """亭湖区青年路小学 (青年/t), 亭湖区大洋湾初级中学 (湾/zg): words jieba tags oddly between a region and the
        suffix are the institution's own name; the index of that region, or None."""
        if label not in INSTITUTION_LABELS:
            return None
        for j in range(i, max(i - BRIDGE_TOKENS, -1), -1):
            word = tokens[j].word
            if self._region_in_name(word) and j < i:
                return j
            if tokens[j].flag in BRIDGE_STOP_FLAGS or word in self.stop_words or word in self.event_triggers \
                    or word in self.run_cues or word in self.find_people.titles or word in PERSON_STOPS \
                    or word in self.collective or word in self.building_verbs or COUNTED.match(word) \
                    or word in self.relation_cues or word.endswith(self.suffix_forms):
                return None  # not over a cue (结成) or another name's suffix (某中学结成友好学校)
        return None

    def _named_verb(self, tokens: list[Token], i: int, label: str) -> bool:
        """合肥市启明小学, 南明区花果园小学, 镜湖区明远小学: a verb or adjective of one or two characters right after a
        region is the institution's own name (not a generic word: 某区优秀学校)."""
        tok = tokens[i]
        if label not in INSTITUTION_LABELS or tok.flag[:1] not in ("v", "a") or len(tok.word) > 2 or i == 0:
            return False
        if tok.word in self.lex.generic:
            return False
        if tok.word in self.stop_words or tok.word in self.event_triggers or tok.word in self.run_cues \
                or tok.word in self.building_verbs:
            return False  # 某区新建学校, 某县撤并小学: what happens to schools
        if len(tok.word) == 2 and jieba.dt.FREQ.get(tok.word, 0) >= COMMON_VERB_FREQ:
            return False
        if len(tok.word) == 1 and (i + 1 >= len(tokens) or tokens[i + 1].word.endswith(self.suffix_forms)):
            return False  # 某区办小学: a single verb right before the suffix (花果园小学 has a word between)
        return bool(self._region_in_name(tokens[i - 1].word))

    def _followed_by_role(self, tokens: list[Token], end: int) -> bool:
        """小学教师: the suffix ends inside a token whose rest is a word like 教师 or 党委."""
        i = _token_index_containing(tokens, end - 1)
        if i is None:
            return False
        tok = tokens[i]
        rest = tok.word[end - tok.start:]
        return rest in self.followers or rest in self.find_people.titles

    def _caption_start(self, text: str, tokens: list[Token], suffix_start: int) -> int:
        """A caption names one event: it starts after the last trigger verb (廊坊市召开…) or at the line start,
        after a column tag (【帮扶在行动】)."""
        start = 0
        for found in self.trigger_pattern.finditer(text, 0, suffix_start):
            start = max(start, found.end())
        for mark in "，,：:；;】〕":
            start = max(start, text.rfind(mark, 0, suffix_start) + 1)
        while start < suffix_start and text[start] in "(（[【":
            start += 1  # （图为开幕式现场）: the caption's bracket is no part of the name
        return start + len(_reporting_verb(text, tokens, start, suffix_start))

    def _joins_suffix(self, tok: Token, label: str) -> bool:
        """Words that belong to a name only right before its suffix: 第一小学, 十一学校, 县教体局."""
        if label in ("School", "University", "Alliance") and tok.flag == "m":
            return bool(SCHOOL_NUMBER.match(tok.word))
        return label == "Authority" and tok.word in ("省", "市", "区", "县")

    def _may_extend(self, tok: Token, label: str, caption: bool, tokens: list[Token], i: int) -> bool:
        word, flag = tok.word, tok.flag
        if label in INSTITUTION_LABELS and self._pair_after_region(tokens, i):
            return True  # 朝阳区清和实验小学 (清/a 和/c): two single characters right after a region are a name
        if word in self.stop_words or word in PERSON_STOPS:
            return False
        if label in INSTITUTION_LABELS and (word in self.member_cues
                                            or i > 0 and tokens[i - 1].word + word in self.member_cues):
            return False  # 成员校鼓楼某小学 (成员/校): the name starts after the member word
        if label == "Program" and _renowned_title(tokens, i, self.find_people.titles):
            return True  # 名校长领航工程, 名师培养计划: a title after 名 is part of the program's name
        if word in self.find_people.titles and label in INSTITUTION_LABELS and i + 1 < len(tokens) \
                and tokens[i + 1].word.startswith(self.name_verb_forms) and tokens[i + 1].flag[:1] in ("v", "n"):
            return True  # 教师教育学院, 教师发展中心, 校长培训中心: the title names what the body does
        if word in self.find_people.titles and label != "Event":  # 党组织书记培训班 is one event's name
            return False
        if word in self.name_prefixes:
            return True
        if self.lex.region(word) and word not in self.event_triggers:
            return True
        if label == "Event":
            if word in self.event_triggers or word in self.run_cues and flag.startswith("v"):
                return False
            if flag == "x":
                return caption and word.isspace() is False and word not in "，,。；;：:、（）()《》【】〔〕"
            if flag == "c" and word in CONNECTORS:
                return True
            if flag in ("m", "mq"):
                return bool(ORDINAL.match(word)) or word.endswith("年") or word.isdigit() or word == "第"
            if flag == "t":
                return not TIME_WORD.search(word) or (word.endswith("年") and word[:-1].isdigit())
            return flag not in EVENT_STOP_FLAGS
        if label == "Program":
            if word in self.run_cues or word.endswith(self.runner_endings):
                return False  # 实施…, 教育部…: the program's name starts after its verb or its body
            if flag in ("v", "vn", "l", "i"):
                return True
            if flag == "m":
                return True
        if flag.startswith("v"):
            return word in self.name_verbs
        if label == "Alliance" and (word.isdigit() and i + 1 < len(tokens) and tokens[i + 1].word in ("中", "小")
                                    or word in ("中", "小") and i > 0 and tokens[i - 1].word.isdigit()):
            return True  # 29中教育集团 (29/中)
        if flag == "m" and label in ("School", "Alliance") and word.startswith("第"):
            return bool(SCHOOL_NUMBER.match(word))  # 梁山县第二实验小学
        if flag == "d" and len(word) == 1 and i > 0 and len(tokens[i - 1].word) == 1 \
                and tokens[i - 1].flag not in INSTITUTION_STOP_FLAGS and tokens[i - 1].word not in self.stop_words:
            return True  # 钢都实验小学 (钢/都): jieba split a two-character name around an adverb
        if flag == "q" and len(word) == 1 and i > 0 and tokens[i - 1].flag in NAME_BEFORE_MEASURE:
            return True  # 乌兰道小学 (乌兰/道): a measure word right after a name is the name's own character
        return flag not in INSTITUTION_STOP_FLAGS or (flag == "m" and bool(ORDINAL.match(word)))

    def _pair_after_region(self, tokens: list[Token], i: int) -> bool:
        """Whether tokens[i] is one of two single characters, neither a particle, preposition nor pronoun,
        written right after a region."""
        def single(j: int) -> bool:
            return 0 <= j < len(tokens) and len(tokens[j].word) == 1 and tokens[j].flag not in PAIR_STOP_FLAGS

        def region(j: int) -> bool:
            return j >= 0 and bool(self.lex.region(tokens[j].word))

        return single(i) and (single(i - 1) and region(i - 2) or single(i + 1) and region(i - 1))

    def _judge(self, name: str, label: str, strength: str, sent: Sentence, index: int, start: int,
               tokens: list[Token], caption: bool, occasion: bool = False) -> Span | None:
        """Decide whether a candidate is a named entity rather than a generic phrase."""
        name, start = _trim(name, start)
        if label == "Program":
            name, start = _after_coordinated_quote(name, start)
        if label in INSTITUTION_LABELS and name.startswith("各"):
            return None  # 各街镇中心校: every one of a kind, not one institution
        if label in INSTITUTION_LABELS and name.startswith("原") and sent.text[start - 1:start] in "(（":
            name, start = name[1:], start + 1  # 甲校(原乙校): the former name, without 原
        home = label in INSTITUTION_LABELS and name.startswith(HOME_WORDS) and len(name) > 5
        if home:  # 我区桃溪小学: the school is the writer's district's; the region is filled in on resolving
            name, start = name[2:], start + 2
        short_authority = label == "Authority" and self.short_body.match(name)
        short_body_of_bureau = label == "Organization" and self.short_org.match(name)  # 县教研室
        if short_authority or short_body_of_bureau:
            before, after = sent.text[:start], sent.text[start + len(name):]
            if before.endswith(COLLECTIVE_BEFORE) or COLLECTIVE_LEAD.search(before) or (
                    after[:1] in LEVEL_WORDS and self.short_body.match(after[:3])):
                return None  # 各市、县(市、区)教育局, 省委省政府: every such body, not one
            if before[-2:-1] in LEVEL_WORDS and self.short_body.match(before[-2:]):
                return None
            return Span(label, name, sent.start + start, sent.start + start + len(name), index, level="short")
        if len(name) < 3:
            return None
        suffix = _suffix_of(self.lex, name)
        head = name[: len(name) - len(suffix)]
        head_end = start + len(head)
        inside = _tokens_between(tokens, start, head_end)
        regions = [r.name for t in inside if (r := self._region_in_name(t.word))]
        if not regions and label == "Authority":  # jieba glued 上海市教委 into one word: its head is 上海市
            regions = [r.name for t in _clipped(inside, start, head_end) if (r := self._region_in_name(t.word))]
        if not regions:
            zone = next((t.word for t in inside if self.zone_pattern.search(t.word)), None)
            if zone and name.startswith(zone):
                regions = [zone]  # 高新区党工委, 苏州高新区实验小学: named after a development zone
        quoted = any(q in head for q in OPEN_QUOTES)
        proper = quoted or bool(regions) or any(t.flag in PROPER_FLAGS and t.word not in self.lex.generic
                                                for t in inside)
        span = Span(label, name, sent.start + start, sent.start + start + len(name), index, regions=regions,
                    how="home" if home else "")
        if label == "Authority" and not regions:
            return None
        if head.endswith(("中", "大中")) and suffix.startswith("小学") or head in self.lex.generic:
            return None
        if label == "University" and suffix in ("学院", "研究院") and re.search(r"大学|学院", head[2:]):
            label = span.label = "Organization"  # 某大学教师教育学院: a school of the university
        if suffix in BRANCH_SUFFIXES:
            parent = self._parent_institution(head)
            if parent is None:
                return None  # a branch campus is named after its parent institution
            label = span.label = parent  # 天津实验中学滨海分校 is a school, 某大学东丽分校 a university
        is_school = label in ("School", "University") and suffix not in BRANCH_SUFFIXES
        if is_school and (COUNTED.match(head) or COUNTED_END.search(head)):
            return None  # 三所学校, 4所中学, 北京市五所学校
        if is_school and not quoted and not self._names_one_school(inside, regions, label, suffix, head_end):
            return None
        if label == "Alliance" and not proper:
            proper = self._school_in_head(head, inside, start)  # 草堂小学教育集团: a group named after its school
        if label == "Alliance" and not proper and suffix in GROUP_SUFFIXES:
            proper = any(self._name_like(t) and t.flag not in ("a", "d") for t in inside)  # 天一教育集团
        if label in INSTITUTION_LABELS:
            school_like = label in ("School", "University")  # judged by _names_one_school above
            if not school_like and (not head or not proper or _only_generic(inside, self.lex.generic, regions, quoted)):
                return None
            if head.endswith(("等", "和", "与", "及")):
                return None
            if label == "Alliance" and sent.text.startswith("建设", start + len(name)) and \
                    _only_generic(inside, self.lex.generic, [], quoted, ignored=regions):
                return None  # 某区城乡教育共同体建设推进会: building such groups, not one group's name
            return span
        if label == "Event":
            lead = next((w for w in LEADING_FILLERS if name.startswith(w)), "")
            agenda = AGENDA_MARK.match(name) if not lead else None
            lead = lead or (agenda.group() if agenda else "")
            if lead:
                name, start = name[len(lead):], start + len(lead)
                span = Span(label, name, sent.start + start, sent.start + start + len(name), index, regions=regions)
            if len(name) < 3 or (agenda and name == suffix):
                return None  # 08:30 开幕式, 一、论坛: an agenda's or a heading's bare kind word names no event
            if ELECTED_BODY.search(sent.text, 0, start):
                return None  # 选举产生了集团第一届理事会: the council elected, not a meeting
            unquoted = re.sub(r"“[^”]*”|《[^》]*》", "", name)
            if "、" in unquoted:
                return None  # 说课答辩、颁奖及闭幕式: a list of parts, not one event's name
            if self.find_people(unquoted):
                return None  # 某某副书记张三出席会议 is a sentence, not an event's name; a quoted label is no person
            numbered = bool(ORDINAL.search(name))
            anchored = numbered or caption or quoted or bool(regions) or self._starts_with_body(name) or occasion
            dated_label = quoted and index in self.dated  # 7月3日…开展“某某”专项活动: one dated occasion
            if strength == "weak" and not (numbered or caption or occasion or dated_label):
                return None
            if not anchored or not (head or occasion):
                return None
            return span
        if label == "Program":
            after = sent.text[start + len(name):start + len(name) + 1]
            counted = re.search(r"[\d一二两三四五六七八九十]+[所个]|等", head) and not quoted
            if any(word in name for word in self.exclusions) or counted or after in MODIFIED_HEADS:
                return None
            before = sent.text[:start]
            cue = before.endswith(self.run_cue_forms) or before.endswith(("、", "和", "及", "”"))
            cue = cue or before.endswith(self.runner_endings)  # 教育部乡村教师支持工程: the body that runs it
            numeric = bool(re.fullmatch(r"[一二三四五六七八九十百千]+[项大个]", head))
            if strength == "weak":
                label_match = re.match(r"[“\"]([^”\"]{1,6})[”\"](\w{0,2})$", head)
                return span if label_match and "的" not in label_match.group(1) else None
            phased = bool(re.search(r"[一二三四五六七八九十\d]+期", head))
            if quoted or numeric or phased or (cue and len(head) >= 2):
                return span
            return None
        return None

    def _parent_institution(self, head: str) -> str | None:
        """The label of the institution a branch's name starts with: its last school or university suffix."""
        best, at = None, -1
        for end, suffix in self.suffix_automaton.iter(head):
            found = self.lex.suffixes[suffix][0]
            if found in ("School", "University") and suffix not in BRANCH_SUFFIXES and end >= at:
                if end > at or found == "School":
                    best, at = found, end
        if best is None and NUMBERED_SCHOOL.search(head):
            return "School"  # 厦门一中海沧分校
        return best

    def _region_in_name(self, word: str):
        """A region named inside a name: a full name, or the short form of a province or city."""
        if word not in self.region_names_cache:
            self.region_names_cache[word] = self._find_region_in_name(word)
        return self.region_names_cache[word]

    def _find_region_in_name(self, word: str):
        if word in self.region_stopwords:
            return None
        region = self.lex.region(word)
        if region and (word in self.lex.regions or region.level in ("province", "city", "zone")
                       or word.endswith(LEVEL_WORDS)):  # 寻甸县 for 寻甸回族彝族自治县
            return region
        return None

    def _names_one_school(self, inside: list[Token], regions: list[str], label: str, suffix: str,
                          head_end: int | None = None) -> bool:
        """A school-like name: not a collective (各中小学), and a region or a word of its own before the suffix.

        A region alone is enough before a university suffix (四川大学) or a qualified one (锦江区实验学校). A short
        region form that does not lie in the region before it is the school's own word (天津市黄山小学). A word
        jieba glued to the suffix's start (松/集中/学) is the name's own, even when it reads as a verb."""
        rest_tokens = []
        placed = None
        for t in inside:
            region = self._region_in_name(t.word)
            if region and (placed is None or t.word in self.lex.regions or self._lies_in(region, placed.name)):
                placed = region
            else:
                rest_tokens.append(t)
        split = bool(rest_tokens) and head_end is not None and rest_tokens[-1].end > head_end
        rest = [t.word[:head_end - t.start] if split and t is rest_tokens[-1] else t.word for t in rest_tokens]
        levels = [region.level for region in map(self.lex.region, regions) if region]
        in_region = any(level != "zone" for level in levels)
        if not rest:
            town = "town" in levels
            return in_region and (label == "University" or len(suffix) >= 4 or town)
        if any(w in self.collective for w in rest) or all(w in self.lex.generic and w not in self.name_verbs
                                                           for w in rest):
            return False  # 各中小学, 福州市优质学校 (成都市实验小学 is a name)
        last = rest_tokens[-1]
        holds_suffix = last.word.endswith(self.suffix_forms)  # 曲阜师范大学/l is a whole name
        named_verb = placed is not None and len(rest_tokens) == 1 and len(last.word) == 2 \
            and last.word not in self.lex.generic  # 合肥市启明小学, 镜湖区明远小学
        if (last.flag.startswith("v") or last.flag in ("l", "i")) and last.word not in self.name_verbs \
                and last.word not in self.school_name_words and not holds_suffix and not named_verb and not split:
            # 指导学校, 改扩建学校: a verb, not a name, before the suffix; but 阜平县龙泉关中学 is named after a town
            # of its county without 镇, whatever jieba made of the town's name
            return placed is not None and self._short_town(placed.name, "".join(rest))
        return in_region or any(self._name_like(t) for t in rest_tokens)

    def _short_town(self, county: str, short: str) -> bool:
        """Whether `short` + 镇/乡/街道 is a town of `county` (the gazetteer's towns have no short forms)."""
        return len(short) >= 2 and any(town.parent == county for ending in TOWN_ENDINGS
                                       for town in self.lex.region_forms.get(short + ending, ()))

    def _school_in_head(self, head: str, inside: list[Token], start: int) -> bool:
        """True when the part before an alliance suffix is itself a school's name (草堂小学, 29中)."""
        school_suffix = _suffix_of(self.lex, head)
        if school_suffix and self.lex.suffixes[school_suffix][0] == "School":
            cut = start + len(head) - len(school_suffix)
            before = [t for t in inside if t.end <= cut]
            return bool(before) and self._names_one_school(before, [], "School", school_suffix)
        return bool(NUMBERED_SCHOOL.search(head))

    def _name_like(self, tok: Token) -> bool:
        """A word that can carry a name: a proper noun, a school number, or a rare word jieba barely knows."""
        if tok.word in self.lex.generic:
            return False
        if tok.flag in PROPER_FLAGS or SCHOOL_NUMBER.match(tok.word) or tok.word in self.school_name_words:
            return True
        return not tok.flag.startswith("v") and jieba.dt.FREQ.get(tok.word, 0) < RARE_WORD_FREQ

    def _starts_with_body(self, name: str) -> bool:
        return name.startswith(self.national_names) or bool(self.short_body.match(name))

    def _visit_activities(self, sent: Sentence, index: int) -> list[Span]:
        """某校一行来到某区开展东西部教育对口交流: what a delegation went somewhere to do is one occasion; so is a
        dated trip to shadow others (3月6日赴沪跟岗学习)."""
        trips = [Span("Event", m.group("name"), sent.start + m.start("name"), sent.start + m.end("name"), index)
                 for m in SHADOWING_TRIP.finditer(sent.text) if m.group("name") in self.trips]
        if not VISIT_PARTY.search(sent.text):
            return trips
        return trips + [Span("Event", m.group("name"), sent.start + m.start("name"), sent.start + m.end("name"), index)
                for m in VISIT_ACTIVITY.finditer(sent.text)]

    def _programs_in_notice_titles(self, sent: Sentence, index: int) -> list[Span]:
        """《关于组织实施某某项目的通知》: what a notice's title says to carry out is a program, whatever its words."""
        return [Span("Program", m.group(1), sent.start + m.start(1), sent.start + m.end(1), index)
                for m in self.notice_program.finditer(sent.text)]

    # -- quoted names -------------------------------------------------------------
    def _quoted(self, sent: Sentence, index: int) -> list[Span]:
        """A whole quoted name ending in a type suffix: “青蓝工程”, 东丽区“学生劳动能手比赛”."""
        spans = []
        for m in re.finditer(r"[“\"]([^”\"]{2,24})[”\"]", sent.text):
            inner = m.group(1)
            bare = inner.replace("‘", "").replace("’", "")  # “某小学‘教育共同体’”: the suffix inside inner quotes
            suffix = _suffix_of(self.lex, bare)
            if not suffix:
                continue
            label, strength = self.lex.suffixes[suffix]
            if label in INSTITUTION_LABELS and self._quoted_institution(bare, suffix):
                spans.append(Span(label, inner, sent.start + m.start(1), sent.start + m.end(1), index))
                continue  # 更名为“某大学附属某学校”
            if label not in ("Program", "Event") or strength == "weak" or len(inner) <= len(suffix):
                continue
            start, end = m.start(), m.end()
            before = sent.text[:start]
            region = None
            for form in _trailing_forms(before):
                if self.lex.region(form) and label == "Event":
                    region = form
                    break
            if region:
                start -= len(region)
            text = sent.text[start:end]
            spans.append(Span(label, text, sent.start + start, sent.start + end, index,
                              regions=[self.lex.region(region).name] if region else []))
        return spans

    def _quoted_institution(self, inner: str, suffix: str) -> bool:
        """A quoted institution's name (not an honour like “特色学校”): it starts with a region or names the
        institution it belongs to (某大学附属某学校)."""
        head = inner[: len(inner) - len(suffix)]
        owner = any(head.find(s) > 0 for s, (lb, _) in self.lex.suffixes.items() if lb in ("University", "School")
                    and len(s) >= 2)
        return len(inner) >= 6 and (owner or bool(self._region_chain_end(inner)))

    def _numbered_schools(self, sent: Sentence, index: int, tokens: list[Token]) -> list[Span]:
        """Numbered school abbreviations: 杨村一中, 29中 (a place word or digits before 一中/二小)."""
        spans = []
        for m in NUMBERED_SCHOOL.finditer(sent.text):
            start = m.start()
            if not _ends_token(tokens, m.end()) and sent.text[m.end():m.end() + 2] not in ("教育",):
                continue
            i = _last_token_before(tokens, start)
            digits = m.group().lstrip("第")[:-1]
            if i is not None and i >= 0 and (tokens[i].flag in PROPER_FLAGS | {"ns"} or self._name_like(tokens[i])) \
                    and len(tokens[i].word) <= 4 and tokens[i].word.isalnum() and tokens[i].word not in self.collective:
                start = tokens[i].start
                while i > 0 and self._region_in_name(tokens[i - 1].word):  # 禄劝县屏山一小
                    i -= 1
                    start = tokens[i].start
            elif not digits.isdigit():
                continue
            spans.append(Span("School", sent.text[start:m.end()], sent.start + start, sent.start + m.end(), index))
        return spans

    def _national_bodies(self, sent: Sentence, index: int, tokens: list[Token]) -> list[Span]:
        spans = []
        ends = {t.end for t in tokens}
        for label, name in self.national:
            if name not in sent.text:
                continue
            for m in re.finditer(re.escape(name), sent.text):
                if m.end() not in ends:
                    continue  # 教育部门 is not 教育部
                spans.append(Span(label, name, sent.start + m.start(), sent.start + m.end(), index))
        return spans

    # -- people -------------------------------------------------------------------
    def _people(self, sent: Sentence, index: int, tokens: list[Token]) -> list[Span]:
        return [Span("Person", sent.text[p.start:p.end], sent.start + p.start, sent.start + p.end, index, how=p.how)
                for p in self.find_people(sent.text)]

    def _people_named_again(self, doc: Document, spans: list[Span]) -> list[Span]:
        """A person named once with a title is the same person where the name stands alone (洪伟说)."""
        return _found_again(doc, spans, {s.text: "Person" for s in spans if s.label == "Person"}, "again")


# -- helpers ---------------------------------------------------------------------
def _reporting_verb(text: str, tokens: list[Token], start: int, suffix_start: int) -> str:
    """观摩了集团教研活动: a verb with 了 or 过 opening an event's name reports the event and is no part of it;
    the verb and its 了, else ""."""
    verb = next((t for t in tokens if t.start == start and t.flag.startswith("v")), None)
    if verb and text.startswith(("了", "过"), verb.end) and verb.end + 1 < suffix_start:
        return text[start:verb.end + 1]
    return ""


def _clipped(tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens cut to text[start:end]: jieba glues 上海市教委 into one word, whose head is 上海市."""
    return [t if start <= t.start and t.end <= end else
            Token(t.word[max(start - t.start, 0):end - t.start], t.flag, max(t.start, start), min(t.end, end))
            for t in tokens if min(t.end, end) > max(t.start, start)]


def _tokens_between(tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens that overlap text[start:end] (tokens are in order and do not overlap)."""
    first = bisect_right(_token_ends(tokens), start)
    out = []
    for tok in tokens[first:]:
        if tok.start >= end:
            break
        out.append(tok)
    return out


_ENDS: dict[int, tuple[list[Token], list[int]]] = {}


def _token_ends(tokens: list[Token]) -> list[int]:
    """The end offsets of a sentence's tokens, remembered for the sentence being read."""
    cached = _ENDS.get(id(tokens))
    if cached is None or cached[0] is not tokens:
        _ENDS.clear()
        cached = _ENDS[id(tokens)] = (tokens, [t.end for t in tokens])
    return cached[1]


def _found_again(doc: Document, spans: list[Span], names: dict[str, str], how: str) -> list[Span]:
    """Every other place the document writes one of `names` (name -> label), where no span is yet, longest first."""
    if not names:
        return []
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    taken: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        taken.setdefault(span.sentence, []).append((span.start, span.end))
    found = []
    for index, sent in enumerate(doc.sentences):
        hits = sorted(((end - len(name) + 1, name) for end, name in automaton.iter(sent.text)),
                      key=lambda hit: (hit[0], -len(hit[1])))
        here = taken.setdefault(index, [])
        for at, name in hits:
            start, end = sent.start + at, sent.start + at + len(name)
            if not any(start < e and b < end for b, e in here):
                found.append(Span(names[name], name, start, end, index, how=how))
                here.append((start, end))
    return found


LEVEL_WORDS = ("自治区", "自治州", "省", "市", "区", "县", "旗", "州", "盟")  # a body named by its level: 县教体局


def short_org_pattern() -> re.Pattern:
    """A bureau's body named by its level alone (区教师发展中心, 县教研室): completed like 区教育局."""
    bodies = sorted(words_of(DATA / "lexicon" / "short_org_bodies.txt"), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(LEVEL_WORDS)})(?:{'|'.join(map(re.escape, bodies))})$")


def short_body_pattern(lex: Lexicon) -> re.Pattern:
    """Bodies named without their region, completed later from context (ingest/resolve.py): by their
    level (区教委, 县委组织部, 旗人民政府, 自治区教育厅), by 局 (局党委), or bare (教育局, 管委会)."""
    bodies = sorted((s for s, (label, _) in lex.suffixes.items() if label == "Authority"), key=len, reverse=True)
    body = "|".join(map(re.escape, bodies))
    levels = "|".join(LEVEL_WORDS)
    return re.compile(rf"^(?:(?:{levels})(?:委|政府|人民政府)?(?:{body})?|局(?:党委|党组|{body})|(?:{body}))$")



def _with_branch(doc: Document, span: Span) -> Span:
    """保定市第一中学分校: a school named right before 分校/校区 names the branch (jieba's 中学 stops the branch's
    own name at the parent's suffix), so the span takes the branch word in."""
    if span.label != "School":
        return span
    sent = doc.sentences[span.sentence]
    rest = sent.text[span.end - sent.start:]
    branch = next((word for word in BRANCH_SUFFIXES if rest.startswith(word)), "")
    return replace(span, text=span.text + branch, end=span.end + len(branch)) if branch else span


def tokenize(text: str) -> list[Token]:
    """jieba part-of-speech tokens with offsets into `text`."""
    return _tokenize_cached(text)


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str) -> list[Token]:
    tokens, pos = [], 0
    tags = WORD_TAGS
    for word in jieba.cut(text, HMM=True):
        end = pos + len(word)
        flag = tags.get(word) or _tag(word)
        if flag == "x" and HAN_CHAR.match(word):
            flag = "nz"  # jieba's dictionary tags rare characters x, like punctuation: 凰 in 凤凰小学
        tokens.append(Token(word, flag, pos, end))
        pos = end
    return _join_single_characters(_split_glued_prepositions(tokens))


def _tag(word: str) -> str:
    """The dictionary's part of speech; a word only the HMM found is taken as a proper noun (nz).

    Plain segmentation with dictionary tags is about five times faster than jieba.posseg's own HMM
    tagging and finds the same unknown names (measured in benchmarks/run.py)."""
    flag = WORD_TAGS.get(word)
    if flag:
        return flag
    if word.isspace() or not word.strip():
        return "x"
    if word.isdigit() or NUMBER_WORD.fullmatch(word):
        return "m"
    if word.isascii():
        return "eng" if word.isalnum() else "x"
    if not HAN_CHAR.search(word):
        return "x"
    return "nz"


NUMBER_WORD = re.compile(r"[\d.%]+")
TOWN_ENDINGS = ("镇", "乡", "街道", "苏木")
HAN_CHAR = re.compile("[\u4e00-\u9fff]")
AFFILIATED = re.compile("(大学|学院)附属$")
SHADOWING_TRIP = re.compile(r"(?P<name>赴[\u4e00-\u9fff]{1,6}?(?:跟岗研修|跟岗学习|跟岗培训|跟岗锻炼|挂职锻炼))")
VISIT_PARTY = re.compile(r"一行|团队|送教团|专家组|考察团|调研组")  # who goes somewhere to hold an activity
VISIT_ACTIVITY = re.compile(rf"(?:{VISIT_PARTY.pattern})[^，,。；]{{0,12}}?(?:来到|赴|走进|前往|到)"
                            r"[^，,。；]{2,24}?[，,]?开展(?:为期[一二两三四五六七八九十\d]+(?:天|日|周|个月)的)?"
                            r"(?P<name>[^，,。；、“”]{2,18}?(?:交流|考察|调研|研学|对接|帮扶|送教|支教)(?:活动)?)"
                            r"(?=[，,。；]|并|工作)")
AGENDA_MARK = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]"
                         r"|[\d:：\-—~～]+[\s\u3000]+)")  # 一、 (一) 1. and clock times before a line's words
GLUED_PREPOSITIONS = "由在与和向对为将把被从于至"
LEVEL_CHARACTERS = "省市区县镇乡州旗"  # 由县/教体局: the level starts a short body's name
GLUED_FUNCTION_ENDS = "到在的和与为了是对把被从向于"


def _split_glued_prepositions(tokens: list[Token]) -> list[Token]:
    """由高桥, 由县(教体局), 名到: jieba's guess glued a function word to an unknown word; split it off."""
    out = []
    freq = jieba.dt.FREQ
    for tok in tokens:
        if tok.flag not in PROPER_FLAGS or len(tok.word) < 2:
            out.append(tok)
            continue
        unknown = tok.word not in freq
        if unknown and tok.word[0] in GLUED_PREPOSITIONS and (len(tok.word) >= 3 or tok.word[1] in LEVEL_CHARACTERS):
            out.append(Token(tok.word[0], "p", tok.start, tok.start + 1))
            tok = Token(tok.word[1:], tok.flag, tok.start + 1, tok.end)
        if unknown and len(tok.word) >= 2 and tok.word[-1] in GLUED_FUNCTION_ENDS:
            out.append(Token(tok.word[:-1], "q" if len(tok.word) == 2 else tok.flag, tok.start, tok.end - 1))
            out.append(Token(tok.word[-1], "p", tok.end - 1, tok.end))
        else:
            out.append(tok)
    return out


def _join_single_characters(tokens: list[Token]) -> list[Token]:
    """Runs of single characters are usually an unknown name split apart (盐/道/街): join them, with a
    conjunction inside a street name (人/和/街)."""
    out: list[Token] = []
    run: list[Token] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(Token("".join(t.word for t in run), "nz", run[0].start, run[-1].end))
        else:
            out.extend(run)
        run.clear()

    for i, tok in enumerate(tokens):
        single = len(tok.word) == 1 and "\u4e00" <= tok.word <= "\u9fff"
        street = run and tok.flag == "c" and i + 1 < len(tokens) and tokens[i + 1].word in PLACE_ENDINGS
        if single and (tok.flag not in SINGLE_STOP_FLAGS or street):
            run.append(tok)
        else:
            if run:
                flush()
            out.append(tok)
    flush()
    return out


_TAUGHT = False
_TEACHING = threading.Lock()  # the app may build an Extractor in two threads at once (an upload, a rebuild)


def _teach_jieba(lex: Lexicon, national: list[tuple[str, str]]) -> None:
    """Add region names (district level and above) and national bodies to jieba's dictionary, once."""
    with _TEACHING:
        _teach_jieba_once(lex, national)


def _teach_jieba_once(lex: Lexicon, national: list[tuple[str, str]]) -> None:
    global _TAUGHT
    if _TAUGHT:
        return
    for name in lex.regions:
        jieba.add_word(name, freq=2000, tag="ns")
        WORD_TAGS[name] = "ns"
    for form in lex.region_forms:  # short forms with their level word (寻甸县)
        if form not in lex.regions and form.endswith(LEVEL_WORDS) and len(form) >= 3:
            jieba.add_word(form, freq=2000, tag="ns")
            WORD_TAGS[form] = "ns"
    for _, name in national:
        jieba.add_word(name, freq=2000, tag="nt")
        WORD_TAGS[name] = "nt"
    for word, tag, *_ in rows_of(DATA / "lexicon" / "jieba_words.tsv"):
        jieba.add_word(word, freq=2000, tag=tag)
        WORD_TAGS[word] = tag
    _TAUGHT = True


def _word_file(name: str) -> frozenset[str]:
    lines = (DATA / "lexicon" / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _national_bodies() -> list[tuple[str, str]]:
    lines = (DATA / "lexicon" / "national_bodies.txt").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")[:2]) for line in lines if line.strip() and not line.startswith("#")]


def _suffix_automaton(lex: Lexicon) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for suffix in lex.suffixes:
        automaton.add_word(suffix, suffix)
    automaton.make_automaton()
    return automaton


def _suffix_of(lex: Lexicon, name: str) -> str:
    for length in range(min(len(name), 10), 0, -1):
        if name[-length:] in lex.suffixes:
            return name[-length:]
    return ""


def _longer_suffix_here(lex: Lexicon, text: str, end: int, suffix: str) -> bool:
    """True when a longer suffix ends at the same place (it is reported on its own)."""
    for length in range(len(suffix) + 1, min(end, 10) + 1):
        if text[end - length:end] in lex.suffixes:
            return True
    return False


def _ends_token(tokens: list[Token], end: int) -> bool:
    return any(t.end == end for t in tokens)


def _token_index_containing(tokens: list[Token], pos: int) -> int | None:
    for i, t in enumerate(tokens):
        if t.start <= pos < t.end:
            return i
    return None


def _last_token_before(tokens: list[Token], pos: int) -> int | None:
    found = None
    for i, t in enumerate(tokens):
        if t.end <= pos:
            found = i
    return found


def _is_closing(text: str, pos: int) -> bool:
    return text[:pos].count('"') % 2 == 1


def _matching_open(text: str, close: int) -> int | None:
    closing = text[close]
    opening = {"”": "“", "’": "‘", "」": "「", "』": "『", '"': '"'}.get(closing)
    if opening is None:
        return None
    at = text.rfind(opening, 0, close)
    return at if at >= 0 else None


def _quoted_label_before(text: str, start: int) -> int:
    """“心理守门人”培训及实训项目: a program name reaches back to a quoted label a few characters before."""
    window = text[max(0, start - 12):start]
    close = max(window.rfind("”"), window.rfind("’"))
    if close < 0 or re.search(r"[，,；;。、“‘]", window[close + 1:]) or len(window) - close > 10:
        return start
    opening = text.rfind("“" if window[close] == "”" else "‘", 0, start - len(window) + close)
    if opening < 0 or start - opening > 24 or re.search(r"[，,；;。、]", text[opening:start]):
        return start
    return opening


def _trailing_forms(before: str) -> list[str]:
    return [before[-n:] for n in range(min(len(before), 8), 1, -1)]


# “甲”三年行动和“乙”计划: programmes named together, each with its quoted name and head
COORDINATED_QUOTE = re.compile(r"[”\"][^“”\"]{0,6}(?:行动|计划|工程|项目)(?:和|与|及|、)(?=[“\"])")


def _after_coordinated_quote(name: str, start: int) -> tuple[str, int]:
    """The last of programmes named together, each with its quoted name and head (“甲”行动和“乙”计划 ->
    “乙”计划); the earlier ones are candidates of their own."""
    cut = max((m.end() for m in COORDINATED_QUOTE.finditer(name)), default=0)
    return (name[cut:], start + cut) if cut else (name, start)


def _trim(name: str, start: int) -> tuple[str, int]:
    """Strip spaces, list marks and markdown around a candidate name."""
    stripped = name.lstrip(" \u3000#■、,，:：暨")
    start += len(name) - len(stripped)
    return stripped.rstrip(), start


def _only_generic(tokens: list[Token], generic: frozenset[str], regions: list[str], quoted: bool,
                  ignored: tuple[str, ...] | list[str] = ()) -> bool:
    """Whether the tokens are generic words only (with `ignored` regions left out), so they name nothing."""
    if quoted:
        return False
    words = [t.word for t in tokens]
    skip = [*regions, *ignored]
    non_region = [w for w in words if w not in skip and not any(w in r or r.startswith(w) for r in skip)]
    return bool(words) and not regions and all(w in generic for w in non_region)


def _is_caption(doc: Document, index: int) -> bool:
    """A short line standing on its own: a photo caption or the title of an event block."""
    sent = doc.sentences[index]
    if len(sent.text) > CAPTION_MAX:
        return False
    text = doc.text
    before = text[max(0, sent.start - 2):sent.start]
    after = text[sent.end:sent.end + 2]
    alone_before = sent.start == 0 or "\n" in before or before.strip() == ""
    alone_after = sent.end >= len(text) or "\n" in after or after.strip() == ""
    commas = sent.text.count(",") + sent.text.count("，")
    told = commas and sent.text.rstrip().endswith(("。", "！", "？", "!", "?"))  # 甲…，乙…。 is a paragraph,
    stands = sent.text.startswith(PHOTO_MARKS) or DATED_LEAD.match(sent.text)  # unless a photo's or a dated lead
    return alone_before and alone_after and (not told or bool(stands)) and commas <= 1


def _inside_document_title(doc: Document, span: Span) -> bool:
    """Names inside 《…》 belong to a document's title; only programs and regions are read there."""
    if span.label in ("Program", "Region"):
        return False
    sent = doc.sentences[span.sentence]
    before = sent.text[: span.start - sent.start]
    return before.count("《") > before.count("》")


# 2023年5月8日 before an event's name; not a year that opens a period named with it (2023年下半年…工作会)
LEADING_DATE = re.compile(r"^(?:\d{4}年(?![上下]半年|春季|秋季|暑期|寒假|暑假))?(?:\d{1,2}月)?(?:\d{1,2}日)?")


DASHES = ("—", "–", "-")  # between two regions pairing up: 柳州—河池


def _trim_leading_date(span: Span) -> Span:
    """An event name does not start with its date (2023年市委第23次深改会 -> 市委第23次深改会)."""
    if span.label != "Event":
        return span
    cut = LEADING_DATE.match(span.text).end()
    if 0 < cut < len(span.text) - 2:
        span.text, span.start = span.text[cut:], span.start + cut
    return span


NESTABLE_IN_EVENTS = frozenset({"School", "University", "Authority", "Alliance", "Organization", "Program"})


def _renowned_title(tokens: list[Token], i: int, titles) -> bool:
    """名 followed by a title or a noun (名/校长, 名/班主任), or such a title after 名."""
    word = tokens[i].word
    if word == "名":
        return i + 1 < len(tokens) and (tokens[i + 1].word in titles or tokens[i + 1].flag == "n")
    return word in titles and i > 0 and tokens[i - 1].word == "名"


def _may_nest(inner: Span, outer: Span) -> bool:
    """Spans that may overlap: regions inside schools, authorities, organisations and events (not inside a
    university's name, which does not place it, nor a person's); institutions inside events."""
    if inner.label == "Region" or outer.label == "Region":
        other = outer if inner.label == "Region" else inner
        return other.label not in ("University", "Person", "Program")
    return (outer.label == "Event" and inner.label in NESTABLE_IN_EVENTS) or (
        inner.label == "Event" and outer.label in NESTABLE_IN_EVENTS)


def _drop_overlaps(spans: list[Span]) -> list[Span]:
    """Keep the longest span where spans overlap, except where one may nest in the other (spans of one sentence
    are compared with each other only: a span never crosses a sentence)."""
    by_sentence: dict[int, list[Span]] = {}
    for span in spans:
        by_sentence.setdefault(span.sentence, []).append(span)
    kept: list[Span] = []
    for group in by_sentence.values():
        kept += _drop_overlaps_in(group)
    unique = {(s.label, s.start, s.end): s for s in kept}
    return sorted(unique.values(), key=lambda s: s.start)


def _drop_overlaps_in(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in spans:
        clash = next((k for k in kept if span.start < k.end and k.start < span.end and not _may_nest(span, k)), None)
        if clash is None:
            kept.append(span)
        elif (span.end - span.start) > (clash.end - clash.start):
            kept.remove(clash)
            kept.append(span)
    return kept
