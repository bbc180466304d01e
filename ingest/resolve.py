"""Entity resolution: decide which spans name the same real-world entity.

Within a document: wrapping quotes dropped, a bureau's party committee folded into the
bureau, short forms of bodies (市委, 区教育局) completed from the document's regions,
region-prefixed and bare forms of one name merged (武清区董庄子中学 / 董庄子中学), one-character
typos of one institution merged, and the coordinators' alias table applied. Across documents:
entities share a key built from their label and identity name (see `identity`).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cn2an

from graph.model import Document, Entity, Mention, entity_key
from ingest.entities import LEVEL_WORDS, Span
from ingest.lexicon import DATA, Lexicon, lies_in, load_lexicon, words_of
from ingest.normalize import normalize_name, strip_wrapping_quotes
from ingest.people import load_titles

PARTY_SUFFIXES = ("党委", "党组", "党总支", "党工委")
SUBJECT_LABELS = ("Authority", "School", "University", "Organization", "Alliance")
LEVEL_CHARS = "省市区县镇乡村旗州盟"
RENAMEABLE = ("School", "University", "Alliance", "Organization")
RENAMED_TO = re.compile(r"(?:更名为|改名为|挂牌为|更名)[“\"]?$")
FORMERLY = re.compile(r"[(（]原$")
PARTY_BODIES = ("教育工委", "教工委", "高校工委", "组织部", "宣传部", "统战部", "政法委")  # bodies of a party committee
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
DECLARED_SHORT_FORM = re.compile(r"\s*[(（]\s*(?:以下简称|以下称|下称|简称)\s*[“\"]?([^”\")）]{2,12}?)[”\"]?\s*[)）]")
NUMBERED_NAME = re.compile(r"^(.+?)第?([一二三四五六七八九十百零〇\d]+)(中学|中|小学|小)$")


@dataclass
class AliasRow:
    alias: str
    name: str
    label: str
    source: str


class AliasTable:
    """The coordinators' alias table (data/aliases.tsv): alias -> canonical name, per label."""

    def __init__(self, rows: list[AliasRow]) -> None:
        self.rows = rows
        self._index = {(r.label, normalize_name(r.alias)): r for r in rows}

    @classmethod
    def load(cls, path: Path = DATA / "aliases.tsv") -> AliasTable:
        if not path.exists():
            return cls([])
        with path.open(encoding="utf-8") as fh:
            lines = [line for line in fh if line.strip() and not line.startswith("#")]
        reader = csv.DictReader(lines, delimiter="\t")
        rows = [AliasRow(r["alias"], r["name"], r["label"], r.get("source", "")) for r in reader]
        return cls(rows)

    def lookup(self, label: str, name: str) -> AliasRow | None:
        return self._index.get((label, normalize_name(name)))


@dataclass
class ResolvedDocument:
    """A document's entities, which entity each span names, and the document's own subject."""

    doc: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    spans: list[tuple[Span, str]] = field(default_factory=list)
    subject: str | None = None
    alias_sources: list[tuple[str, str, str, str]] = field(default_factory=list)  # alias, name, label, how

    def key_at(self, span: Span) -> str | None:
        for s, key in self.spans:
            if s is span:
                return key
        return None


@lru_cache(maxsize=65536)
def _official_and_level(lex: Lexicon, name: str) -> tuple[str, str]:
    """A region's official name and level word, or ("", "")."""
    region = lex.region(name)
    return (region.name, _level_word(region)) if region else ("", "")


@lru_cache(maxsize=65536)
def _level_word(region) -> str:
    """The word a body of the region's level is named with (区 for 石景山区, 省 for 河北省, 市 for 北京市)."""
    if region.level == "province":
        return "自治区" if region.name.endswith("自治区") else ("市" if region.name in MUNICIPALITIES else "省")
    if region.name.endswith("自治州"):
        return "州"  # its bodies are 州教育局, 州委
    return next((w for w in LEVEL_WORDS if region.name.endswith(w)), "")


HOME_LEVELS = {"区": ("区", "县", "旗"), "县": ("县",), "旗": ("旗",), "市": ("市", "州", "盟")}  # 我区 -> levels


# Span.how of spans standing for other bodies, which ingest/collective.py finds and expands
COLLECTIVE = "collective"  # 苏浙教育厅, 三省教育厅: each province's education authority
SYSTEM = "system"  # 鱼峰区教育系统: the region's education bureau the document names
WE = "we"  # 我们会同…: the document's own bureau
STANDING_FOR = (COLLECTIVE, SYSTEM, WE)
SCOPED_LABELS = ("Program", "Event")  # kept apart across documents about different regions unless named alike


@lru_cache(maxsize=1)
def national_programs() -> frozenset[str]:
    return frozenset(words_of(DATA / "lexicon" / "national_programs.txt"))


class RegionContext:
    """Which region a body named by its level means in one document (区教委 -> the district most named)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.counts: dict[str, Counter] = {}  # level word -> official names
        self.surface: dict[str, set[str]] = {}  # official name -> forms the text uses (寻甸县)
        self.chosen: dict[str, str] = {}
        self.subject_regions: list[str] = []  # the subject's region and its parents, lowest first

    def count(self, name: str, form: str = "") -> None:
        official, word = _official_and_level(self.lex, name)
        if not official:
            return
        if form and form != name:
            self.surface.setdefault(official, set()).add(form)
        if word:
            self.counts.setdefault(word, Counter())[official] += 1

    @staticmethod
    def _level_word(region) -> str:
        return _level_word(region)

    def settle(self, home) -> None:
        """Choose per level: the subject's own regions, else the most named (for 市, a city over a municipality,
        whose bodies reports name in full, even when the subject is in the municipality)."""
        for word, counts in self.counts.items():
            ranked = sorted(counts.items(), key=lambda kv: (word == "市" and kv[0] in MUNICIPALITIES, -kv[1]))
            self.chosen[word] = ranked[0][0]
        while home is not None:
            word = self._level_word(home)
            city_named = any(name not in MUNICIPALITIES for name in self.counts.get("市", {}))
            if word and not (home.name in MUNICIPALITIES and city_named):
                self.chosen[word] = home.name
            self.subject_regions.append(home.name)
            home = self.lex.region(home.parent) if home.parent else None

    def pick(self, level_word: str) -> str | None:
        return self.chosen.get("州" if level_word == "自治州" else level_word)

    def lowest(self) -> str | None:
        """The region a bare body (教育局) means: the county or district most named, else the city."""
        for words in (("区", "县", "旗"), ("市", "州", "盟")):
            counts = Counter()
            for word in words:
                if word in self.chosen:  # the subject's own region may be chosen without being named at this level
                    counts[self.chosen[word]] = self.counts.get(word, Counter())[self.chosen[word]]
            if counts:
                return counts.most_common(1)[0][0]
        return None

    def forms(self, official: str) -> set[str]:
        return self.surface.get(official, set())

    def home(self, home_word: str, named_nearby: set[str]) -> str | None:
        """The region 我区/我县/我市 means: of the regions of that level the document names, the subject's own,
        else the most named, leaving out those the sentence itself names (甲区某校与我区某校: 我区 is another)."""
        words = HOME_LEVELS.get(home_word[-1:], ())
        counts = Counter()
        for word in words:
            for official, n in self.counts.get(word, {}).items():
                if official not in named_nearby:
                    counts[official] += n
        if not counts:
            return self.lowest()
        own = [name for name in self.subject_regions if name in counts]
        return own[0] if own else counts.most_common(1)[0][0]


class Resolver:
    """Turns a document's spans into entities; one instance serves every document."""

    def __init__(self, lexicon: Lexicon | None = None, aliases: AliasTable | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.aliases = aliases or AliasTable.load()
        titles = "|".join(map(re.escape, sorted(load_titles(), key=len, reverse=True)))
        self.chain_glue = re.compile(rf"(?:(?:{titles})[、,，]|、)\s*$")  # after a title, or listed bare

    def __call__(self, doc: Document, spans: list[Span]) -> ResolvedDocument:
        out = ResolvedDocument(doc)
        subject_name = self._subject_name(doc, spans)
        context = self._region_context(spans, subject_name)
        named = self._regions_by_sentence(spans)
        names: list[tuple[Span, str, str, set[str]]] = []  # span, label, name, aliases
        previous: tuple[Span, str] | None = None  # the last institution named, for chains (区委常委、组织部部长)
        in_chain: dict[tuple[int, str], tuple] = {}  # a short form a chain completed, for its sentence
        for span in spans:
            chained = previous if previous and self._chained(doc, previous[0], span) else None
            home = doc.text[max(0, span.start - 2):span.start] if span.how == "home" else ""
            resolved = self._canonical(span, context, subject_name, chained, (home, named.get(span.sentence, set())))
            if resolved and span.level == "short":  # 乙区政府办、区教育局领导，区教育局股室人员: one bureau
                if chained:
                    in_chain[(span.sentence, span.text)] = resolved
                else:
                    resolved = in_chain.get((span.sentence, span.text), resolved)
            if resolved:
                names.append((span, *resolved))
                if span.label not in ("Region", "Person", "Event", "Program"):
                    previous = (span, resolved[1])
        names = self._merge_variants(names, out)
        names = self._merge_abbreviations(doc, names, out)
        names = self._merge_renamed(doc, names, out)
        names = self._merge_occasions(names, out)
        by_start = sorted(spans, key=lambda other: other.start)
        starts = [other.start for other in by_start]
        anchored = {name for span, label, name, _ in names
                    if label in SCOPED_LABELS and not self._unanchored(span, name, by_start, starts)}
        for span, label, name, aliases in names:
            row = self.aliases.lookup(label, name)
            if row:
                aliases = aliases | {name}
                out.alias_sources.append((name, row.name, label, f"alias table: {row.source}"))
                name = row.name
            key = identity_key(self.lex, label, name)
            if label in SCOPED_LABELS and name not in anchored:
                key = entity_key(label, f"{name}@{context.lowest() or doc.id}")  # 领航工程 of this document's region
            mention = Mention(doc.id, span.start, span.end)
            existing = out.entities.get(key)
            if existing is not None:
                existing.aliases |= (aliases | {name}) - {existing.name}
                existing.mentions.append(mention)
                out.spans.append((span, key))
                continue
            entity = Entity(name=name, label=label, aliases=set(aliases) - {name}, mentions=[mention])
            if label == "Region":
                region = self.lex.region(span.regions[0]) if span.regions else None
                if span.level == "devzone":
                    entity.properties["level"] = "zone"
                    if region:
                        entity.properties["parent"] = region.name
                elif region:
                    entity.properties["level"] = region.level
            elif kind := self.lex.kind_of(label, name):
                entity.properties["kind"] = kind
            out.entities[key] = entity
            out.spans.append((span, key))
        if subject_name:
            out.subject = identity_key(self.lex, subject_name[0], subject_name[1])
            if out.subject not in out.entities:
                out.subject = None
        return out

    # -- canonical names ----------------------------------------------------------
    def _canonical(self, span: Span, context: RegionContext, subject: tuple[str, str] | None,
                   chained: tuple[Span, str] | None = None, home: tuple[str, set[str]] = ("", set())):
        """(label, name, aliases) for a span, or None when a short form cannot be completed."""
        text = strip_wrapping_quotes(span.text)
        aliases: set[str] = set()
        if span.how in (COLLECTIVE, SYSTEM):  # placeholders ingest/collective.py expands after relations
            return "Authority", text, set()
        if span.how == WE:
            return (subject[0], subject[1], set()) if subject and subject[0] == "Authority" else None
        if span.label == "Region":
            if span.level == "devzone":  # 苏州高新区: a region the gazetteer does not list
                return "Region", text, set()
            region = self.lex.region(span.text)
            if region is None:
                return None
            if text != region.name:
                aliases.add(text)
            return "Region", region.name, aliases
        if span.level == "short":
            completed = self._complete_short(text, context, subject, chained)
            if completed is None:
                return None
            aliases.add(text)
            text, *others = completed
            aliases.update(others)
        if span.how == "home":  # 我区桃溪小学 -> also 柯城区桃溪小学
            region = context.home(*home)
            if region:
                aliases.add(region + text)
        for suffix in PARTY_SUFFIXES:
            if span.label == "Authority" and text.endswith(suffix) and self._is_body(text[: -len(suffix)]):
                aliases.add(text)  # 教育局党委 is the bureau; 雄安新区党工委 is a body of its own
                text = text[: -len(suffix)]
        outer = text if span.label == "University" else drop_outer_regions(self.lex, text)
        if outer != text:
            aliases.add(text)
            text = outer
        return span.label, text, aliases

    def _complete_short(self, text: str, context: RegionContext, subject: tuple[str, str] | None,
                        chained: tuple[Span, str] | None) -> list[str] | None:
        """The full name of a body named by its level, by 局 or bare, and other full forms of it: from the
        body before it in a chain of titles (北京市委常委、教育工委书记 -> 北京市委教育工委), else from the
        document's regions (区教委 -> 石景山区教委, 教育局 -> the most mentioned county's or district's)."""
        if text.startswith("局"):
            return [subject[1]] if subject and subject[0] == "Authority" else None
        level = next((w for w in LEVEL_WORDS if text.startswith(w)), "")
        if chained:
            before = chained[1]
            prefix = self._region_prefix(before)
            if not level and text.startswith(PARTY_BODIES) and before.endswith("委"):
                return [before + text]  # 北京市委 + 教育工委
            if prefix and (not level or prefix.endswith(level)):
                return [prefix + text[len(level):]]  # 雄安新区党工委 + 管委会, 寻甸县委 + 县委组织部
        region = context.pick(level) if level else context.lowest()
        if region is None:
            return None
        rest = text[len(level):]
        if not level and text.startswith(PARTY_BODIES):
            rest = "委" + rest  # a bare 组织部 is the local party committee's
        return [region + rest] + [form + rest for form in context.forms(region) if form.endswith(level or "@")]

    def _is_body(self, name: str) -> bool:
        return len(name) >= 3 and any(name.endswith(s) for s, (label, _) in self.lex.suffixes.items()
                                      if label in ("Authority", "School", "University", "Organization"))

    def _region_prefix(self, name: str) -> str:
        """The region a body's name starts with, as written (寻甸县委 -> 寻甸县)."""
        return next((name[:n] for n in range(min(len(name), 12), 1, -1) if self.lex.region(name[:n])), "")

    def _chained(self, doc: Document, before: Span, span: Span) -> bool:
        """Two bodies in one chain of titles or one list: a title and a list mark, or a bare 、, between them
        (党工委副书记、管委会; 乙区政府办、区教育局)."""
        if before.sentence != span.sentence or span.start < before.end:
            return False
        return bool(self.chain_glue.match(doc.text, before.end, span.start))

    def _region_context(self, spans: list[Span], subject: tuple[str, str] | None) -> RegionContext:
        """The regions bare 市/区/县/省 refer to: the subject's own region and its parents first,
        else the most mentioned one of that level."""
        context = RegionContext(self.lex)
        for span in spans:
            if span.label != "Region":
                for name in span.regions:
                    context.count(name)
                continue
            region = self.lex.region(span.text)
            if region:
                context.count(region.name, span.text)
        context.settle(self._home_region(subject))
        return context

    def _unanchored(self, span: Span, name: str, by_start: list[Span], starts: list[int]) -> bool:
        """A programme or event span whose name holds no region and no body (领航工程, 座谈会), nor is national
        (a name is anchored when any span of it is: 签约仪式 for 某大学…签约仪式). `by_start` are the document's
        spans sorted by start, `starts` their starts, so only the spans inside this one are looked at."""
        if strip_wrapping_quotes(name).strip("“”\"") in national_programs() or self._region_prefix(name):
            return False
        inside = by_start[bisect_left(starts, span.start):bisect_right(starts, span.end)]
        return not any(other is not span and other.end <= span.end and other.label not in ("Person", "Event", "Program")
                       for other in inside)

    def _regions_by_sentence(self, spans: list[Span]) -> dict[int, set[str]]:
        """The regions each sentence names, in full or inside a name, by official name."""
        named: dict[int, set[str]] = {}
        for span in spans:
            forms = [span.text] if span.label == "Region" else span.regions
            found = {region.name for form in forms if (region := self.lex.region(form))}
            named.setdefault(span.sentence, set()).update(found)
        return named

    def _home_region(self, subject: tuple[str, str] | None):
        """The region a subject's name starts with (济阳区教体局 -> 济阳区)."""
        if subject is None:
            return None
        name = subject[1]
        for n in range(min(len(name), 12), 1, -1):
            if name[:n] in self.lex.regions:
                return self.lex.region(name[:n])
        return None

    def _subject_name(self, doc: Document, spans: list[Span]) -> tuple[str, str] | None:
        """The body a document is about: the first institution in its title lines, else its title's region."""
        title_end = _title_end(doc)
        head = [s for s in spans if s.start < title_end]
        for span in head:
            if span.label in SUBJECT_LABELS and span.level != "short" and span.how not in STANDING_FOR:
                name = strip_wrapping_quotes(span.text)
                for suffix in PARTY_SUFFIXES:
                    if name.endswith(suffix):
                        name = name[: -len(suffix)]
                return span.label, drop_outer_regions(self.lex, name)
        regions = [self.lex.region(s.text) for s in head if s.label == "Region"]
        regions = [r for r in regions if r]
        if regions:
            order = {"town": 0, "district": 1, "city": 2, "province": 3, "zone": 4}
            return "Region", min(regions, key=lambda r: order.get(r.level, 5)).name
        return None

    # -- variants within a document -----------------------------------------------
    def _merge_variants(self, names, out: ResolvedDocument):
        """Fold bare forms into region-prefixed ones, a school's name without 学校 into the name with it, and
        one-character typos into the first form."""
        firsts: dict[tuple[str, str], str] = {}
        for _, label, name, _ in names:
            firsts.setdefault((label, normalize_name(name)), name)
        canonical: dict[tuple[str, str], str] = {}
        forms = [(key, name) for key, name in firsts.items() if key[0] != "Region"]
        order = {key: i for i, (key, _) in enumerate(forms)}
        # The only pairs the rules can join: a longer name ending in this one, or one of equal length.
        ending_in: dict[tuple[str, str], list[tuple[str, str]]] = {}
        one_off: dict[tuple[str, str], list[tuple[str, str]]] = {}  # the name with one character blanked
        long_heads = set()  # names long enough besides their region and type for a typo (see TYPO_HEAD)
        for label, norm in order:
            cuts = _region_prefix_ends(self.lex, norm)
            for cut in cuts:  # 武清区董庄子中学 ends in 董庄子中学
                if len(norm) - cut >= 3 and (label, norm[cut:]) in order:
                    ending_in.setdefault((label, norm[cut:]), []).append((label, norm))
            if len(norm) >= 6 and len(norm) - max(cuts, default=0) - 2 >= TYPO_HEAD:
                long_heads.add((label, norm))
                for i in range(len(norm) - 2):  # a typo keeps the type suffix
                    one_off.setdefault((label, f"{norm[:i]}\0{norm[i + 1:]}"), []).append((label, norm))
        for (label, norm), name in forms:
            pairs = set(ending_in.get((label, norm), ()))
            if (label, norm) in long_heads:
                for i in range(len(norm) - 2):
                    pairs.update(one_off.get((label, f"{norm[:i]}\0{norm[i + 1:]}"), ()))
            pairs.discard((label, norm))
            for label2, norm2 in sorted(pairs, key=order.__getitem__):
                name2 = firsts[(label2, norm2)]
                if norm2.endswith(norm) and self._is_region_prefix(norm2[: -len(norm)]) and len(norm) >= 3:
                    canonical[(label, norm)] = name2
                    out.alias_sources.append((name, name2, label, "region prefix"))
                elif (
                    _one_typo(norm, norm2)
                    and not self._differ_in_region(norm, norm2)
                    and (label, norm2) not in canonical
                    and order[(label2, norm2)] < order[(label, norm)]
                ):
                    canonical[(label, norm)] = name2
                    out.alias_sources.append((name, name2, label, "one-character variant in one document"))
        for (label, norm), name in forms:  # 明远实验 … 明远实验学校: the name without 学校 is that school
            short = (label, norm[:-2])
            if label == "School" and norm.endswith("学校") and len(norm) >= 6 and short in order \
                    and short not in canonical:
                canonical[short] = name
                out.alias_sources.append((firsts[short], name, label, "the name without 学校"))
        merged = []
        for span, label, name, aliases in names:
            target = canonical.get((label, normalize_name(name)))
            if target:
                merged.append((span, label, target, aliases | {name}))
            else:
                merged.append((span, label, name, aliases))
        return merged

    def _differ_in_region(self, a: str, b: str) -> bool:
        """南明区教育局 and 思明区教育局 differ inside a district's full name: two bodies, not a typo."""
        at = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y)
        for name in (a, b):
            first = next((n for n in range(min(len(name), 12), 1, -1) if name[:n] in self.lex.regions), 0)
            if at < first:
                return True
        return False

    def _merge_abbreviations(self, doc: Document, names, out: ResolvedDocument):
        """镇远县第一中学(以下简称镇远一中): a declared short form names the same entity; so does a numbered
        school's short form (邢台十三中 = 邢台市第十三中学)."""
        declared: dict[str, tuple[str, str]] = {}
        for span, label, name, _ in names:
            if label in ("Region", "Person"):
                continue
            match = DECLARED_SHORT_FORM.match(doc.text, span.end) if doc.text[span.end:span.end + 2].strip()[:1] in \
                "(（" else None
            if match:
                declared[normalize_name(match.group(1))] = (label, name)
        numbered: dict[tuple[str, int, str], str] = {}
        for _, label, name, _ in names:
            core = self._school_number(name) if label == "School" else None
            if core and len(name) > len(numbered.get(core, "")):
                numbered[core] = name
        merged = []
        for span, label, name, aliases in names:
            target = declared.get(normalize_name(name))
            core = self._school_number(name) if label == "School" else None
            if target and target[1] != name:
                label, full = target
            elif core and numbered[core] != name:
                full = numbered[core]
            else:
                merged.append((span, label, name, aliases))
                continue
            out.alias_sources.append((name, full, label, "short form in one document"))
            merged.append((span, label, full, aliases | {name}))
        return merged

    def _merge_renamed(self, doc: Document, names, out: ResolvedDocument):
        """甲校…学校更名为“乙校”, 甲校(原乙校): one institution under its old and new names (the first named
        keeps its name)."""
        merged = list(names)
        for i, (span, label, name, _) in enumerate(names):
            if label not in RENAMEABLE:
                continue
            before = doc.text[max(0, span.start - 8):span.start]
            earlier = None
            if RENAMED_TO.search(before):
                earlier = next((n for n in reversed(names[:i]) if n[1] == label and n[0].sentence == span.sentence
                                and n[2] != name), None)
            elif FORMERLY.search(before):
                earlier = next((n for n in reversed(names[:i]) if n[1] == label and n[0].end <= span.start
                                and span.start - n[0].end <= 3), None)
            if earlier is None:
                continue
            target = earlier[2]
            out.alias_sources.append((name, target, label, "renamed or formerly named"))
            merged = [(s, lb, target if lb == label and nm == name else nm, al | ({name} if nm == name else set()))
                      for s, lb, nm, al in merged]
        return merged

    def _merge_occasions(self, names, out: ResolvedDocument):
        """签订仪式 after 城乡学校结对协议签订仪式, 开班仪式 of a 培训班: an occasion named only by its kind is
        the document's event of that kind (the nearest one, earlier first); an event named again without
        its opening words (organiser, year) is the one named in full."""
        events = [(span, name) for span, label, name, _ in names if label == "Event"]
        named = [(span, name) for span, name in events if not self._bare_occasion(name)]
        merged = []
        for span, label, name, aliases in names:
            longer = [n for _, n in named if len(n) > len(name) and n.endswith(name)] if label == "Event" else []
            if len(name) >= SHORTENED_EVENT_CHARS and longer:  # “某行动”培训班 after 某会2024年“某行动”培训班
                target_name = max(longer, key=len)
                out.alias_sources.append((name, target_name, label, "event named again without its opening words"))
                merged.append((span, label, target_name, aliases | {name}))
                continue
            if label != "Event" or not self._bare_occasion(name):
                merged.append((span, label, name, aliases))
                continue
            fits = [(s, n) for s, n in named if _same_occasion(name, n)]
            earlier = [f for f in fits if f[0].start < span.start]
            target = earlier[-1] if earlier else (fits[0] if fits else None)
            if target is None:
                merged.append((span, label, name, aliases))
                continue
            out.alias_sources.append((name, target[1], label, "occasion named by its kind"))
            merged.append((span, label, target[1], aliases | {name}))
        return merged

    def _bare_occasion(self, name: str) -> bool:
        entry = self.lex.suffixes.get(name)
        return entry is not None and entry[0] == "Event"

    def _school_number(self, name: str) -> tuple[str, int, str] | None:
        """(region, number, level) of a numbered school's name: 邢台市第十三中学 and 邢台十三中 -> (邢台市, 13, 中)."""
        return _school_number(self.lex, name)

    def _is_region_prefix(self, text: str) -> bool:
        while text:
            match = next((text[:n] for n in range(min(len(text), 12), 1, -1) if self.lex.region(text[:n])), None)
            if match is None:
                return False
            text = text[len(match):]
        return True


SHORTENED_EVENT_CHARS = 6
OPENING_OF = {"开班仪式": "班", "开班式": "班", "结业仪式": "班", "结业式": "班", "开幕式": "", "闭幕式": ""}


def _same_occasion(bare: str, name: str) -> bool:
    """签订仪式 names 某某合作协议签订仪式; 授牌仪式 names 结对授牌仪式; 开班仪式 names a 培训班."""
    if name.endswith(bare):
        return True
    if bare in OPENING_OF:
        return bool(OPENING_OF[bare]) and name.endswith(OPENING_OF[bare])
    kind = bare[-2:]
    return len(bare) > 2 and name.endswith(kind) and bare[:2] in name[:-2]


def _title_end(doc: Document) -> int:
    """End of the title: the first line, with a subtitle line (——…, ##…) or a 关于…通知 line after it."""
    if not doc.sentences:
        return 0
    end = doc.sentences[0].end
    for sent in doc.sentences[1:3]:
        text = sent.text.lstrip("# ")
        if text.startswith(("——", "—", "-")) or doc.sentences[0].text.endswith("关于印发"):
            end = sent.end
        else:
            break
    return end


def drop_outer_regions(lex: Lexicon, name: str) -> str:
    """天津市东丽区教育局 -> 东丽区教育局, 上海徐汇区教育局 -> 徐汇区教育局: a higher-level region before a lower
    one is dropped, when the lower lies in it (remembered per name: builds ask for the same names often)."""
    return _drop_outer_regions(lex, name)


@lru_cache(maxsize=65536)
def _drop_outer_regions(lex: Lexicon, name: str) -> str:
    while True:
        first = next((f for f in reversed(lex.region_forms_at(name)) if _outer_form(lex, f)), None)
        if first is None:
            return name
        rest = name[len(first):]
        second = next(iter(reversed(lex.region_forms_at(rest))), None)
        if second is None or len(rest) <= len(second):
            return name
        if not lies_in(lex, lex.region(second), lex.region(first).name):
            return name  # 天津市黄山小学: 黄山 is the school's own word
        name = rest


@lru_cache(maxsize=65536)
def _region_prefix_ends(lex: Lexicon, name: str) -> tuple[int, ...]:
    """Where each region of the chain a name starts with ends (天津市武清区杨村一中 -> 3, 6)."""
    ends, at = [], 0
    while True:
        forms = lex.region_forms_at(name, at)
        if not forms:
            return tuple(ends)
        at += len(forms[-1])
        ends.append(at)


@lru_cache(maxsize=65536)
def _school_number(lex: Lexicon, name: str) -> tuple[str, int, str] | None:
    match = NUMBERED_NAME.match(name)
    if not match:
        return None
    region = lex.region(match.group(1))
    try:
        number = int(cn2an.cn2an(match.group(2), "smart"))
    except (ValueError, KeyError):
        return None
    return (region.name if region else match.group(1)), number, match.group(3)[0]


def _outer_form(lex: Lexicon, form: str) -> bool:
    if form in lex.regions:
        return True
    region = lex.region(form)
    return region is not None and region.level in ("province", "city")


@lru_cache(maxsize=131072)
def identity_key(lex: Lexicon, label: str, name: str) -> str:
    """The cross-document key: label and normalised name (regions by their official name)."""
    if label == "Region":
        region = lex.region(name)
        if region:
            name = region.name
    elif label in ("Authority", "Organization"):
        name = lex.short_body_name(name)  # 教育和体育局 = 教体局, 教学研究室 = 教研室
    return entity_key(label, name)


# characters of a name's own part (no region, no two-character type) for a one-character variant to be a typo:
# one off in those is a typo (滨海/渤海汽车工程职业学院), in a shorter head another name (启明小学, 光明小学)
TYPO_HEAD = 4


def _one_typo(a: str, b: str) -> bool:
    """Two long names of equal length differing in one non-digit character."""
    if len(a) != len(b) or len(a) < 6 or a[-2:] != b[-2:]:
        return False
    diffs = []
    for x, y in zip(a, b):
        if x != y:
            diffs.append((x, y))
            if len(diffs) > 1:
                return False
    return len(diffs) == 1 and not any(ch.isdigit() or ch in "一二三四五六七八九十" or ch in LEVEL_CHARS
                                       for ch in diffs[0])  # 阜平县中心小学 and 阜平镇中心小学 are two schools
