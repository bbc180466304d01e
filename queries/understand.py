"""Read a coordinator's question: what it names, what it asks, which kind of answer, which period.

The steps, each a small function composed in `read_question`:
  1. names: the graph's names and aliases, region short forms (武清 for 武清区), organisation names
     without their region prefix, and in English the pinyin of regions and universities ("Wuqing",
     "Nankai University"); the longest name wins where two overlap
  2. type words outside those names (学校, 高校, 教育集团, universities …) give the answer's label
  3. the ask: of the rows of data/lexicon/question_asks.tsv whose subject fits and one of whose cue
     words occurs, the one whose cue stands nearest a question word (哪些, 谁, which); else a default
     by what the question names (an event: its roles; an alliance: its members …)
  4. a period (2023年, 2021年以来, since 2021)
  5. what looks like a name but is not in the graph, to suggest near names
Cue words, type words and English name endings are data (data/lexicon/question_*.tsv,
english_names.tsv); nothing here knows a particular name.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from functools import cache

import ahocorasick
from pypinyin import lazy_pinyin

from graph.model import KnowledgeGraph
from ingest.lexicon import DATA
from ingest.normalize import normalize_text
from queries.derived import derived

LEXICON = DATA / "lexicon"
ORGANISATIONS = ("School", "University", "Authority", "Alliance", "Organization")
REGION_ENDINGS = ("特别行政区", "自治区", "自治州", "自治县", "新区", "地区", "街道",
                  "省", "市", "区", "县", "镇", "乡")
# Forms of a name, best first: how an entity is preferred when two share a form.
NAME, ALIAS, SHORT = 0, 1, 2
MASK = "□"
QUOTES = re.compile(r"[“”‘’\"'「」『』]")
LEVEL_CHARACTERS = "省市区县州镇乡"
FUZZY_LABELS = ("Event", "Alliance", "Program")
SHORT_FORM_MIN_CHARS = 4
FUZZY_MIN_CHARS = 6  # a shared piece this long that covers half the name, or
FUZZY_LONG_CHARS = 8  # one this long anywhere in it, names the entity


@dataclass(frozen=True)
class Named:
    """An entity the question names, and how it was written there."""

    key: str
    name: str
    label: str
    said: str
    start: int = -1  # where the question names it (-1: described, not named)


@dataclass
class Reading:
    """What a question was read as; queries/compose.py turns it into Cypher."""

    question: str
    lang: str
    ask: str
    named: list[Named] = field(default_factory=list)
    label: str | None = None
    kind: str | None = None
    type_word: str = ""
    title: str = ""
    period: tuple[str, str] | None = None
    leftovers: list[str] = field(default_factory=list)
    filter_region: str = ""  # a region named next to the question or type word: answers must lie in it
    namesakes: tuple[str, ...] = ()  # members an alliance subject is named after (海曙月湖教育集团: 月湖学校西校区)

    @property
    def subject(self) -> Named | None:
        return self.named[0] if self.named else None

    @property
    def within(self) -> Named | None:
        """A region named beside the subject next to what is asked (廊坊市有哪些学校参加了…, which schools in
        Dongcheng …), limiting the answers to what lies in it; a region elsewhere only describes."""
        if self.ask == "between":
            return None
        return next((n for n in self.named[1:] if n.label == "Region" and n.name == self.filter_region), None)


@dataclass(frozen=True)
class AskRule:
    ask: str
    subject: str
    cues: tuple[str, ...]


# -- data ---------------------------------------------------------------------------------------
def _rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader((ln for ln in fh if ln.strip() and not ln.startswith("#")), delimiter="\t"))


@cache
def ask_rules() -> tuple[AskRule, ...]:
    return tuple(AskRule(r["ask"], r["subject"], tuple(c.lower() for c in r["cues"].split("|") if c))
                 for r in _rows(LEXICON / "question_asks.tsv"))


@cache
def type_words() -> tuple[tuple[str, str, str | None], ...]:
    """(word, label, kind), longest word first."""
    words = [(w.lower(), r["label"], r["kind"] or None) for r in _rows(LEXICON / "question_types.tsv")
             for w in r["words"].split("|") if w]
    return tuple(sorted(words, key=lambda w: -len(w[0])))


@cache
def english_endings() -> tuple[tuple[str, str], ...]:
    """(english words, Chinese ending), longest English first."""
    return tuple(sorted(((r["english"], r["chinese"]) for r in _rows(LEXICON / "english_names.tsv")),
                        key=lambda e: -len(e[0])))


@cache
def short_endings() -> tuple[tuple[str, str], ...]:
    """(long ending, short ending): 师范大学 -> 师大."""
    return tuple((r["long"], r["short"]) for r in _rows(LEXICON / "short_endings.tsv"))


@cache
def english_places() -> tuple[tuple[str, str], ...]:
    """(English name, Chinese name) of places whose English name is not their pinyin (Harbin, Tibet)."""
    return tuple((r["english"], r["chinese"]) for r in _rows(LEXICON / "english_places.tsv"))


@cache
def english_event_words() -> tuple[tuple[str, str], ...]:
    """(English words, Chinese word), longest English first: signing ceremony -> 签约仪式."""
    return tuple(sorted(((r["english"], r["chinese"]) for r in _rows(LEXICON / "english_events.tsv")),
                        key=lambda e: -len(e[0])))


def in_chinese_event_words(text: str) -> str:
    """An English description with its event words put in Chinese, to compare with event names."""
    lowered = text.lower()
    for english, chinese in english_event_words():
        lowered = re.sub(rf"\b{re.escape(english)}\b", chinese, lowered)
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", lowered)  # 新年 合唱 音乐会: one name


@cache
def question_words() -> tuple[str, ...]:
    with open(LEXICON / "question_words.txt", encoding="utf-8") as fh:
        words = [ln.strip() for ln in fh if ln.strip() and not ln.startswith("#")]
    return tuple(sorted(words, key=len, reverse=True))


@cache
def wh_words() -> tuple[str, ...]:
    with open(LEXICON / "wh_words.txt", encoding="utf-8") as fh:
        return tuple(ln.strip().lower() for ln in fh if ln.strip() and not ln.startswith("#"))


@cache
def lead_titles() -> tuple[str, ...]:
    """Titles of people who lead a body (校长, 局长 …), longest first, for "X的校长是谁"."""
    titles = [r["title"] for r in _rows(LEXICON / "titles.tsv") if r["kind"] == "lead"]
    return tuple(sorted(titles, key=len, reverse=True))


# -- step 1: names ------------------------------------------------------------------------------
def plain(text: str) -> str:
    """The form names are compared in: normalised, without quotes (and without an English possessive's 's:
    Wuqing's education bureau)."""
    return QUOTES.sub("", re.sub(r"(?<=[A-Za-z])['’]s\b", "", normalize_text(text)))


def toneless(text: str) -> str:
    """Toneless pinyin without spaces: 武清 -> wuqing."""
    return "".join(lazy_pinyin(text)).lower()


def short_region_form(name: str) -> str:
    """武清区 -> 武清, 廊坊市 -> 廊坊; "" when too little would be left."""
    for ending in REGION_ENDINGS:
        if name.endswith(ending) and len(name) - len(ending) >= 2:
            return name[: -len(ending)]
    return ""


class NameIndex:
    """Every form under which the question may name an entity: Chinese forms in an Aho-Corasick
    automaton, pinyin forms in a dict (for English questions)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        best: dict[str, tuple[int, int, str]] = {}
        pinyin: dict[str, tuple[int, int, str]] = {}

        def offer(table: dict, form: str, rank: int, key: str) -> None:
            entry = (rank, -kg.g.degree(key), key)
            if len(form) >= 2 and (form not in table or entry < table[form]):
                table[form] = entry

        self.regions = regions = sorted({plain(form) for _, d in kg.entities() if d["label"] == "Region"
                                         for form in (d["name"], *d["aliases"])}, key=len, reverse=True)
        for key, data in kg.entities():
            name = plain(data["name"])
            offer(best, name, NAME, key)
            for alias in map(plain, data["aliases"]):
                if alias[:1] not in LEVEL_CHARACTERS and not _generic(alias):  # not 区委, 教育共同体
                    offer(best, alias, ALIAS, key)
            if data["label"] == "Region":
                short = short_region_form(name)
                if short:
                    offer(best, short, SHORT, key)
                    offer(pinyin, toneless(short), SHORT, key)
                    offer(pinyin, toneless(short) + name[len(short):], NAME, key)
                continue
            for form in self._short_forms(name, regions):
                if not _generic(form):
                    offer(best, form, SHORT, key)
            for _, chinese in english_endings():
                if name.endswith(chinese) and len(name) > len(chinese):
                    head = name[: -len(chinese)]
                    if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", head):
                        offer(pinyin, toneless(head) + chinese, NAME, key)
                        short = short_region_form(head)  # 武清区教育局: "Wuqing Education Bureau" too
                        if short and head == short + head[len(short):] and len(head) - len(short) == 1:
                            offer(pinyin, toneless(short) + chinese, SHORT, key)
                    break
        self.forms = {form: key for form, (_, _, key) in best.items()}
        self.pinyin = {form: key for form, (_, _, key) in pinyin.items()}
        for english, chinese in english_places():  # Harbin is 哈尔滨, whose pinyin is haerbin
            key = self.pinyin.get(toneless(chinese))
            if key:
                self.pinyin.setdefault(re.sub(r"[^a-z]", "", english), key)
        self.automaton = ahocorasick.Automaton()
        for form in self.forms:
            self.automaton.add_word(form, form)
        if self.forms:
            self.automaton.make_automaton()

    @staticmethod
    def _short_forms(name: str, regions: list[str]) -> list[str]:
        """The name without its region prefixes (天津市武清区杨村第一中学 -> 武清区杨村第一中学, 杨村第一中学),
        with a region's short form (鄞州区东湖小学 -> 鄞州东湖小学), a short ending (江西师大)."""
        stages = _without_region_prefixes(name, regions)
        forms = [bare for bare in stages[1:] if len(bare) >= 4]
        for longer, rest in zip(stages, stages[1:]):
            short = short_region_form(longer[: len(longer) - len(rest)])
            if short and len(rest) >= 3:
                forms.append(short + rest)
        for long, short in short_endings():
            for full in stages:
                if full.endswith(long) and len(full) - len(long) + len(short) >= SHORT_FORM_MIN_CHARS:
                    forms.append(full[: -len(long)] + short)
        return forms

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of the names in a normalised text, overlaps resolved by length."""
        if not self.forms:
            return []
        hits = sorted(((end + 1 - len(form), end + 1, self.forms[form]) for end, form in self.automaton.iter(text)),
                      key=lambda h: (h[0], -(h[1] - h[0])))
        chosen: list[tuple[int, int, str]] = []
        for start, end, key in hits:
            if chosen and start < chosen[-1][1]:
                if end - start > chosen[-1][1] - chosen[-1][0]:
                    chosen[-1] = (start, end, key)
                continue
            chosen.append((start, end, key))
        return chosen

    def find_partial(self, text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Events, alliances and programs named in part or in other words ("“红色研学”主题团日活动" for
        a longer event name): the entity sharing the longest piece with the question, when that piece
        is long and covers half its name (or is longer still), and is longer than the names found there."""
        from queries.search import near_keys

        best: tuple[int, int, int, str] | None = None
        for key in near_keys(self.kg, text, labels=set(FUZZY_LABELS)):
            name = plain(self.kg.g.nodes[key]["name"])
            match = difflib.SequenceMatcher(None, text, name, autojunk=False).find_longest_match()
            size = match.size
            if size < FUZZY_MIN_CHARS or (size * 2 < len(name) and size < FUZZY_LONG_CHARS):
                continue
            start, end = match.a, match.a + size
            if any(s <= start and end <= e for s, e, _ in taken):
                continue  # inside a name already found
            if best is None or size > best[1] - best[0]:
                best = (start, end, size, key)
        if best is None:
            return taken
        start, end, _, key = best
        kept = [h for h in taken if h[1] <= start or h[0] >= end]
        return sorted(kept + [(start, end, key)])

    def find_pinyin(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of pinyin names in an English question: "Wuqing District", "Nankai University".
        A single bare word counts only when capitalised, so English words are not read as places."""
        tokens = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[A-Za-z]+", text)]
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            hit = self._pinyin_at(text, tokens, i)
            if hit:
                found.append(hit[:3])
                i = hit[3]
            else:
                i += 1
        return found

    def _pinyin_at(self, text: str, tokens: list[tuple[int, int, str]], i: int) -> tuple[int, int, str, int] | None:
        for size in (4, 3, 2, 1):
            words = tokens[i:i + size]
            if len(words) < size or any(b[0] - a[1] > 1 for a, b in zip(words, words[1:])):
                continue
            head = "".join(LEVEL_PINYIN.get(w[2].lower(), w[2].lower()) if j else w[2].lower()
                           for j, w in enumerate(words))  # Wuqing District Education Bureau: 区 as qu
            rest = text[words[-1][1]:].lower()
            for english, chinese in english_endings():
                if re.match(rf"\s+{re.escape(english)}\b", rest) and head + chinese in self.pinyin:
                    end = words[-1][1] + re.match(rf"\s+{re.escape(english)}", rest).end()
                    skip = i + size + len(english.split())
                    return words[0][0], end, self.pinyin[head + chinese], skip
            if head in self.pinyin and (size > 1 or words[0][2][0].isupper()):
                return words[0][0], words[-1][1], self.pinyin[head], i + size
        return None


LEVEL_PINYIN = {"district": "qu", "county": "xian", "city": "shi", "province": "sheng", "prefecture": "zhou",
                "banner": "qi", "town": "zhen", "township": "xiang"}  # a region's level word inside a longer name


def _generic(form: str) -> bool:
    """A form made only of type words (教育共同体, 小学教育集团): it names no one in particular."""
    endings = generic_endings()
    while form:
        ending = next((e for e in endings if form.endswith(e)), None)
        if ending is None:
            return len(form) <= 1 or form in generic_words()
        form = form[: -len(ending)]
    return True


@cache
def generic_words() -> frozenset[str]:
    """Words that make no name proper on their own (ingest's generic_words.txt: 教育, 国家级 …)."""
    with open(LEXICON / "generic_words.txt", encoding="utf-8") as fh:
        return frozenset(ln.strip() for ln in fh if ln.strip() and not ln.startswith("#"))


@cache
def generic_endings() -> tuple[str, ...]:
    """The type suffixes of names (ingest's suffixes.tsv) and the type words of questions, longest first."""
    suffixes = [r["suffix"] for r in _rows(DATA / "lexicon" / "suffixes.tsv")]
    return tuple(sorted(set(suffixes) | {w for w, _, _ in type_words() if not w.isascii()}, key=len, reverse=True))


def _without_region_prefixes(name: str, regions: list[str]) -> list[str]:
    """内蒙古巴林右旗人民政府 -> [itself, 巴林右旗人民政府, 人民政府]: each region at the front dropped in turn."""
    stages = [name]
    while True:
        region = next((r for r in regions if stages[-1].startswith(r) and len(stages[-1]) > len(r) + 1), None)
        if region is None:
            return stages
        stages.append(stages[-1][len(region):])


def name_index(kg: KnowledgeGraph) -> NameIndex:
    """The graph's name index, built once per graph."""
    return derived(kg, NameIndex, lambda: NameIndex(kg))


def find_names(kg: KnowledgeGraph, text: str, lang: str) -> tuple[list[Named], str]:
    """The entities named, in order, each once; and the text with their names masked."""
    index = name_index(kg)
    spans = index.find_partial(text, index.find(text))
    if lang == "en":
        taken = [(s, e) for s, e, _ in spans]
        spans += [h for h in index.find_pinyin(text) if not any(s < h[1] and h[0] < e for s, e in taken)]
        spans.sort()
    named: dict[str, Named] = {}
    for start, end, key in spans:
        node = kg.g.nodes[key]
        named.setdefault(key, Named(key, node["name"], node["label"], text[start:end], start))
    masked = list(text)
    for start, end, _ in spans:
        masked[start:end] = MASK * (end - start)
    return list(named.values()), "".join(masked)


def about_an_event(masked: str, lang: str) -> bool:
    """The question asks who organised, hosted or attended something, or where or when it was."""
    lowered = masked.lower()
    return any(_find_word(lowered, cue) for rule in ask_rules() if rule.subject == "Event"
               for cue in rule.cues if lang == "zh" or cue.isascii())


def anchored_event(kg: KnowledgeGraph, named: list[Named], text: str) -> Named | None:
    """An event the question describes rather than names ("江西师大和赣州的签约仪式"): among the events within
    two relations of what it names (or, naming nothing, all events), the one sharing the longest piece of
    text with it, then the one tied to most of what it names."""
    from queries.search import near_keys

    if named:
        near = {k for n in named for k in nx_neighbours(kg, n.key)}
        near |= {k for n in near for k in nx_neighbours(kg, n) if kg.g.nodes[n]["label"] != "Region"}
        candidates = {k for k in near if kg.g.nodes[k]["label"] == "Event"}
    else:
        candidates = set(near_keys(kg, text, labels={"Event"}))
    named_keys = {n.key for n in named}
    lowered = text.lower()
    kinds = {kind for kind, words in event_kind_words() if any(_find_word(lowered, w) for w in words)}
    best: tuple[int, int, int, str, str] | None = None
    for key in candidates:
        name = plain(kg.g.nodes[key]["name"])
        matcher = difflib.SequenceMatcher(None, text, name, autojunk=False)
        match = matcher.find_longest_match()
        shared = match.size
        if not named:  # 红色研学…团日 in 红色研学主题团日活动: the pieces it shares, each two characters or more
            shared = sum(b.size for b in matcher.get_matching_blocks() if b.size >= 2)
        if shared < (2 if named else FUZZY_MIN_CHARS):
            if not (named and kg.g.nodes[key]["properties"].get("kind") in kinds):
                continue
            shared = 1  # 签合作办学协议那天 and 签约活动: the kind the question describes
        ties = len(named_keys & set(nx_neighbours(kg, key)))
        score = (shared, ties, kg.g.degree(key), key, text[match.a:match.a + match.size])
        best = max(best, score) if best else score
    if best is None:
        return None
    node = kg.g.nodes[best[3]]
    return Named(best[3], node["name"], "Event", best[4])


ALLIANCE_DESCRIBED = re.compile(r"^(?:牵头|领衔|组建|发起|成立|加入|参加|所在|所属)?的(?:那个|这个|那一个)?")


DESCRIBED_REACH = 8  # characters from 的 to the end of the alliance's type word


def described_alliance(kg: KnowledgeGraph, named: list[Named], masked: str) -> Named | None:
    """An alliance the question describes by an organisation in it ("东湖小学牵头的那个教共体"): the one it
    leads, else the one it belongs to, of the kind the type word after it names; None unless just one fits."""
    if any(n.label == "Alliance" for n in named):
        return None
    words = [(word, kind) for word, label, kind in type_words() if label == "Alliance" and not word.isascii()]
    for n in named:
        if n.label not in ORGANISATIONS or n.start < 0:
            continue
        after = masked[n.start + len(n.said):]
        glue = ALLIANCE_DESCRIBED.match(after)
        if not glue:
            continue
        said = after[glue.end():glue.end() + DESCRIBED_REACH]  # 牵头的那个跨省教共体
        word, kind = next(((w, k) for w, k in words if w in said), ("", None))
        if not word:
            continue
        for wanted in ("LEADS", "MEMBER_OF"):
            found = {v for _, v, d in kg.g.out_edges(n.key, data=True) if d["type"] == wanted
                     and kg.g.nodes[v]["label"] == "Alliance"
                     and (not kind or kg.g.nodes[v]["properties"].get("kind") in (None, kind))}
            if len(found) == 1:
                key = found.pop()
                return Named(key, kg.g.nodes[key]["name"], "Alliance", word)
            if found:
                return None
    return None


@cache
def event_kind_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(kind, words) by which a question describes an event of that kind (question_event_kinds.tsv)."""
    return tuple((r["kind"], tuple(w.lower() for w in r["words"].split("|")))
                 for r in _rows(LEXICON / "question_event_kinds.tsv"))


def nx_neighbours(kg: KnowledgeGraph, key: str) -> list[str]:
    """The entities one relation away, either direction."""
    return list(kg.g.successors(key)) + list(kg.g.predecessors(key))


ALLIANCE_ENDING = re.compile(r"(?:教育)?(?:集团|共同体|教共体|联盟|联合体|协作体|发展共同体)$")


def namesakes(kg: KnowledgeGraph, key: str) -> tuple[str, ...]:
    """The members whose name an alliance without a known lead carries (海曙月湖教育集团, 海曙区月湖学校西校区):
    its name without regions, quotes and ending is written, in order, in the member's, its first two together."""
    if any(d["type"] == "LEADS" and kg.g.nodes[u]["label"] != "Person" for u, _, d in kg.g.in_edges(key, data=True)):
        return ()
    core = QUOTES.sub("", ALLIANCE_ENDING.sub("", QUOTES.sub("", plain(kg.g.nodes[key]["name"]))))
    core = _without_region_prefixes(core, name_index(kg).regions)[-1]
    if len(core) < 2:
        return ()
    found = []
    for member, _, data in kg.g.in_edges(key, data=True):
        name = plain(kg.g.nodes[member]["name"])
        if data["type"] == "MEMBER_OF" and core[:2] in name and _in_order(core, name):
            found.append(kg.g.nodes[member]["name"])
    return tuple(found)


def _in_order(short: str, long: str) -> bool:
    characters = iter(long)
    return all(c in characters for c in short)


# -- step 2: type words ------------------------------------------------------------------------
QUANTIFIERS = {"zh": re.compile(r"所有的?|全部的?|各个|每一?所"),  # words between a question word and its type word
               "en": re.compile(r"(?<![a-z])(?:all|the|every|many|much)\s+")}
TYPE_WORD_REACH = 3  # characters between a type word and the question word it answers (哪些学校, 学校有哪几所)


def find_type(masked: str, lang: str) -> tuple[str | None, str | None, str]:
    """The answer's label and kind from the type word nearest a question word (哪些高校, which schools):
    a type word elsewhere describes something ("三所北京学校签约的仪式") and filters nothing. An English
    question's Chinese words are names, so only its English words count."""
    lowered = QUANTIFIERS[lang].sub("", masked.lower())  # 列出…的所有幼儿园, list all the schools
    asked = question_word_spans(lowered, lang)
    hits = []
    for word, label, kind in type_words():
        for m in _find_words(lowered, word) if lang == "zh" or word.isascii() else ():
            gaps = [_gap(m.span(), w) for w in asked if not _topic(lowered, m.span(), w)]
            if gaps:
                hits.append((min(gaps), m.start(), -len(word), word, label, kind))
    hits = [h for h in hits if h[0] <= TYPE_WORD_REACH] + _phrase_heads(lowered, asked, lang)
    if not hits:
        return None, None, ""
    *_, word, label, kind = min(hits)
    return label, kind, word


def _topic(lowered: str, word: tuple[int, int], asked: tuple[int, int]) -> bool:
    """那次推进会，是哪几家主办的: a type word a comma parts from the question word after it is the topic."""
    return word[1] <= asked[0] and bool(re.search(r"[，,；;]", lowered[word[1]:asked[0]]))


def _phrase_heads(lowered: str, asked: list[tuple[int, int]], lang: str) -> list[tuple]:
    """哪些开园、启动、揭牌之类的仪式？: the type word that ends a described phrase after the question word,
    ranked after any type word right next to it."""
    if lang != "zh":
        return []
    heads = []
    for _, end in asked:
        phrase = re.split(r"[？?，,。！!]", lowered[end:], maxsplit=1)[0].rstrip("呢吗呀")
        for word, label, kind in type_words():
            if not word.isascii() and phrase.endswith("的" + word):
                heads.append((TYPE_WORD_REACH, len(lowered) - len(word), -len(word), word, label, kind))
    return heads


def _find_words(text: str, word: str) -> list[re.Match]:
    """Every occurrence of a word (see _find_word)."""
    if word.isascii():
        return list(re.finditer(rf"(?<![a-z]){re.escape(word)}", text))
    return list(re.finditer(re.escape(word), text))


def question_word_spans(lowered: str, lang: str) -> list[tuple[int, int]]:
    """Where the question words are (列出 and other requests too); in English only the first one asks (who
    attended the meeting where …); a Chinese question without one is a noun phrase that asks at its end."""
    spans = sorted(m.span() for w in wh_words() for m in _find_words(lowered, w) if lang == "zh" or w.isascii())
    if not spans and lang == "zh":  # 济阳区的幼儿园？: a bare noun phrase asks for its head, at its end
        end = len(lowered.rstrip("？?。！! "))
        return [(end, end)]
    if lang == "en":
        spans = [s for s in spans if re.fullmatch(r"[a-z]+", lowered[s[0]:s[1]]) and
                 not re.match(r"[a-z]", lowered[s[1]:s[1] + 1])][:1]
    return spans


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _find_word(text: str, word: str) -> re.Match | None:
    """A Chinese word anywhere, an English word (or its start, for cues like cooperat) at a word start."""
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}", text)
    return re.search(re.escape(word), text)


# -- step 3: the ask ----------------------------------------------------------------------------
PREFERRED_SUBJECT = {"members": ("Alliance",), "lead": ("Alliance", "Program", "Event"), "programs": ("Program",),
                     "head": ORGANISATIONS}


# What a question about a person or an event asks, whatever its cue words say otherwise.
PERSON_ASKS = {"partners": "person", "events": "person", "programs": "person", "members": "person",
               "in_region": "person", "entity": "person", "lead": "person"}
EVENT_ASKS = {"partners": "roles", "members": "roles", "head": "roles", "programs": "roles", "in_region": "roles",
              "entity": "roles", "events": "roles", "counts": "roles"}


def choose_ask(named: list[Named], masked: str, label: str | None, lang: str) -> tuple[str, list[Named]]:
    """The ask and the named entities with the main subject first."""
    lowered = masked.lower()
    ask, ordered = default_ask(named, label), named
    asked = question_word_spans(lowered, lang)
    best: tuple[int, int] | None = None
    counted: tuple[str, list[Named]] | None = None
    for number, rule in enumerate(ask_rules()):
        fits = _subject_first(named, rule)
        if fits is None:
            continue
        spans = [m.span() for cue in rule.cues if lang == "zh" or cue.isascii() for m in _find_words(lowered, cue)]
        if not spans:
            continue
        if rule.ask == "counts":  # 合作的大学有几所: how many of what another cue asks; else of what lies there
            counted = counted or (rule.ask, fits)
            continue
        distance = min((_gap(c, w) for c in spans for w in asked), default=0)
        if best is None or (distance, number) < best:
            best, ask, ordered = (distance, number), rule.ask, fits
    if best is None and counted:
        ask, ordered = counted
    if ask == "between" and label and len(ordered) >= 2 \
            and [n.label == "Region" for n in ordered[:2]].count(True) == 1:
        ask = "partners"  # 某校在某县的结对学校: the organisation's partners of that type, in that region
        ordered = sorted(ordered[:2], key=lambda n: n.label == "Region") + ordered[2:]
    if ordered and ordered[0].label == "Person":
        ask = PERSON_ASKS.get(ask, ask)
    if ordered and ordered[0].label == "Event":
        ask = EVENT_ASKS.get(ask, ask)
    return ask, ordered


def _subject_first(named: list[Named], rule: AskRule) -> list[Named] | None:
    """The named entities reordered for a rule (its subject first), or None if the rule does not fit."""
    if not named:
        return None
    if rule.subject == "two":
        return named if len(named) >= 2 else None
    if rule.subject == "region2":
        regions = [n for n in named if n.label == "Region"]
        return regions + [n for n in named if n.label != "Region"] if len(regions) >= 2 else None
    labels = PREFERRED_SUBJECT.get(rule.ask) if rule.subject == "any" else tuple(rule.subject.split("|"))
    if labels:
        first = next((n for n in named if n.label in labels), None)
        if first is None:
            return named if rule.subject == "any" else None
        return [first] + [n for n in named if n is not first]
    return named


def default_ask(named: list[Named], label: str | None) -> str:
    """What a question asks when no cue word says: judged by what it names."""
    if not named:
        return "unknown"
    if len(named) >= 2 and not (label and named[0].label == "Region"):
        return "between"
    first = named[0].label
    if first == "Event":
        return "roles"
    if first == "Alliance":
        return "members"
    if first == "Person":
        return "person"
    if first == "Program":
        return "lead"
    if first == "Region":
        return "in_region"
    return "partners" if label else "entity"


def find_title(masked: str) -> str:
    """A title word (校长, 局长 …) the question asks about."""
    return next((title for title in lead_titles() if title in masked), "")


FILTER_REACH = 4  # characters between a region and the question or type word it narrows


def filter_region(named: list[Named], masked: str, type_word: str, lang: str) -> str:
    """The region (beside the subject) named next to the question word or the type word, if any."""
    lowered = masked.lower()
    anchors = question_word_spans(lowered, lang) + (list(m.span() for m in _find_words(lowered, type_word))
                                                    if type_word else [])
    for n in named[1:]:
        span = (n.start, n.start + len(n.said))
        if n.label == "Region" and n.start >= 0 and any(_gap(span, a) <= FILTER_REACH for a in anchors):
            return n.name
    return ""


def _without_descriptions(kg: KnowledgeGraph, named: list[Named]) -> list[Named]:
    """A region named beside the subject that only says where the subject is (海曙月湖教育集团 in
    Haishu) is dropped: it would narrow nothing."""
    if len(named) < 2:
        return named
    subject = named[0]
    home = {kg.g.nodes[t]["name"] for _, t, d in kg.g.out_edges(subject.key, data=True)
            if d["type"] in ("LOCATED_IN", "HELD_IN", "PART_OF")}
    return [subject] + [n for n in named[1:] if not (n.label == "Region" and subject.label != "Region" and
                                                     (n.name in home or short_region_form(n.name) in subject.name
                                                      or n.name in subject.name))]


# -- step 4: the period ---------------------------------------------------------------------------
ENGLISH_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December"]
# 2024年1月, January 2024 (a capitalised month right before its year: not "may 2024 bring")
MONTH = re.compile(r"(?<=年)(1[0-2]|0?[1-9])月|(?<![A-Za-z])(" + "|".join(ENGLISH_MONTHS) + r")(?= \d{4})")
MONTH_RANGE = re.compile(r"至|到|—|–|~|between|from|until|through", re.I)  # 1月至3月: more than a month


def find_period(question: str) -> tuple[str, str] | None:
    """2023年 -> (2023, 2023-12-31); 2024年1月 -> (2024-01, 2024-01-31); 2020年到2023年; 2022年以来 / since
    2022 -> (2022, 9999)."""
    years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", question)
    if not years:
        return None
    if re.search(r"以来|之后|以后|起|since|after", question, re.I):
        return years[0], "9999"
    months = MONTH.findall(question)
    if len(years) == 1 and len(months) == 1 and not MONTH_RANGE.search(question):
        chinese, english = months[0]
        number = int(chinese) if chinese else ENGLISH_MONTHS.index(english) + 1
        return f"{years[0]}-{number:02d}", f"{years[0]}-{number:02d}-31"  # 2024年1月, January 2024
    return years[0], (years[1] if len(years) > 1 else years[0]) + "-12-31"


# -- step 5: what was not found -------------------------------------------------------------------
def leftovers(masked: str, lang: str) -> list[str]:
    """Pieces of the question that look like names the graph does not hold (for near-name suggestions)."""
    if lang == "en":
        pieces = re.findall(r"[\u4e00-\u9fff“”\"《》]{3,}", masked)
    else:
        text = masked
        for rule in ask_rules():
            for cue in rule.cues:
                if not cue.isascii():
                    text = text.replace(cue, " ")
        for word in question_words():
            text = text.replace(word, " ")
        pieces = re.split(r"[\s□，。？！、；：,.?!;:（）()“”\"'《》0-9年月日]+", text)
    return [p.strip("“”\"《》") for p in pieces if len(p.strip("“”\"《》")) >= 3]


# -- the pipeline -------------------------------------------------------------------------------
def is_english(question: str) -> bool:
    """English when the question's words outside quotes and names are mostly Latin letters."""
    outside = re.sub(r"[“\"《][^”\"》]*[”\"》]", "", question)
    latin = len(re.findall(r"[A-Za-z]", outside))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", outside))
    return latin > cjk or bool(re.match(r"\s*[A-Za-z]", outside))


def read_question(question: str, kg: KnowledgeGraph) -> Reading:
    """The question read step by step (see the module docstring)."""
    text = normalize_text(question)
    lang = "en" if is_english(question) else "zh"
    named, masked = find_names(kg, plain(question), lang)
    label, kind, type_word = find_type(masked, lang)
    describes = label not in ("Event", "Program", "Alliance") or (label == "Event" and not named)  # 某某活动是哪天
    if not any(n.label == "Event" for n in named) and describes and about_an_event(masked, lang):
        described = plain(question) if lang == "zh" else in_chinese_event_words(plain(question))
        event = anchored_event(kg, named, described)
        if event is not None:
            named.insert(0, event)
    alliance = described_alliance(kg, named, masked)
    if alliance is not None:
        named.insert(0, alliance)
    ask, named = choose_ask(named, masked, label, lang)
    named = _without_descriptions(kg, named)
    reading = Reading(question, lang, ask, named, label, kind, type_word, find_title(masked),
                      find_period(text), leftovers(masked, lang), filter_region(named, masked, type_word, lang))
    if reading.subject and reading.subject.label == label and ask not in ("in_region", "counts") \
            and not (label == "Region" and ask == "members"):  # 通武廊由哪几个区县组成 asks for regions
        reading.label = reading.kind = None  # "通武廊联盟有哪些成员": the type word names the subject itself
    if reading.subject and reading.subject.label == "Alliance":
        reading.namesakes = namesakes(kg, reading.subject.key)
    if not reading.named and reading.period and label == "Event":
        reading.ask = "events"  # 2024年1月有什么活动: the events of the period, wherever
    if ask == "person":  # what a person is and did: every role and event, wherever
        reading.label = reading.kind = None
        reading.named = reading.named[:1]
    return reading
