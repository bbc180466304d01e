"""Entity resolution: decide which spans name the same real-world entity.

Within a document: wrapping quotes dropped, a bureau's party committee folded into the
bureau, short forms of bodies (市委, 区教育局) completed from the document's regions,
region-prefixed and bare forms of one name merged (武清区董庄子中学 / 董庄子中学), one-character
typos of one institution merged, and the coordinators' alias table applied. Across documents:
entities share a key built from their label and identity name (see `identity`).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import Document, Entity, Mention, entity_key
from ingest.entities import Span
from ingest.lexicon import DATA, Lexicon, lies_in, load_lexicon
from ingest.normalize import normalize_name, strip_wrapping_quotes

PARTY_SUFFIXES = ("党委", "党组", "党总支", "党工委")
SUBJECT_LABELS = ("Authority", "School", "University", "Organization", "Alliance")
LEVEL_OF_PREFIX = {"省": ("province",), "市": ("city", "province"), "区": ("district",), "县": ("district",)}
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


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


class Resolver:
    """Turns a document's spans into entities; one instance serves every document."""

    def __init__(self, lexicon: Lexicon | None = None, aliases: AliasTable | None = None) -> None:
        self.lex = lexicon or load_lexicon()
        self.aliases = aliases or AliasTable.load()

    def __call__(self, doc: Document, spans: list[Span]) -> ResolvedDocument:
        out = ResolvedDocument(doc)
        subject_name = self._subject_name(doc, spans)
        context = self._region_context(spans, subject_name)
        names: list[tuple[Span, str, str, set[str]]] = []  # span, label, name, aliases
        for span in spans:
            resolved = self._canonical(span, context, subject_name)
            if resolved:
                names.append((span, *resolved))
        names = self._merge_variants(names, out)
        for span, label, name, aliases in names:
            row = self.aliases.lookup(label, name)
            if row:
                aliases = aliases | {name}
                out.alias_sources.append((name, row.name, label, f"alias table: {row.source}"))
                name = row.name
            entity = Entity(name=name, label=label, aliases=set(aliases) - {name},
                            mentions=[Mention(doc.id, span.start, span.end)])
            if label == "Region":
                region = self.lex.region(span.regions[0]) if span.regions else None
                if region:
                    entity.properties["level"] = region.level
            elif kind := self.lex.kind_of(label, name):
                entity.properties["kind"] = kind
            key = identity_key(self.lex, label, name)
            if key in out.entities:
                existing = out.entities[key]
                existing.aliases |= entity.aliases | ({name} - {existing.name})
                existing.mentions += entity.mentions
            else:
                out.entities[key] = entity
            out.spans.append((span, key))
        if subject_name:
            out.subject = identity_key(self.lex, subject_name[0], subject_name[1])
            if out.subject not in out.entities:
                out.subject = None
        return out

    # -- canonical names ----------------------------------------------------------
    def _canonical(self, span: Span, context: dict[str, str], subject: tuple[str, str] | None):
        """(label, name, aliases) for a span, or None when a short form cannot be completed."""
        text = strip_wrapping_quotes(span.text)
        aliases: set[str] = set()
        if span.label == "Region":
            region = self.lex.region(span.text)
            if region is None:
                return None
            if text != region.name:
                aliases.add(text)
            return "Region", region.name, aliases
        if span.level == "short":
            full = self._complete_short(text, context, subject)
            if full is None:
                return None
            aliases.add(text)
            text = full
        for suffix in PARTY_SUFFIXES:
            if span.label == "Authority" and text.endswith(suffix) and len(text) > len(suffix) + 2:
                aliases.add(text)
                text = text[: -len(suffix)]
        outer = text if span.label == "University" else drop_outer_regions(self.lex, text)
        if outer != text:
            aliases.add(text)
            text = outer
        return span.label, text, aliases

    def _complete_short(self, text: str, context: dict[str, str], subject: tuple[str, str] | None) -> str | None:
        if text.startswith("局"):
            return subject[1] if subject and subject[0] == "Authority" else None
        region = context.get(text[0])
        return region + text[1:] if region else None

    def _region_context(self, spans: list[Span], subject: tuple[str, str] | None) -> dict[str, str]:
        """The region a bare 市/区/县/省 refers to: the subject's own region and its parents first,
        else the most mentioned one of that level."""
        counts: dict[str, Counter] = {}
        for span in spans:
            if span.label != "Region":
                for name in span.regions:
                    self._count(counts, name)
                continue
            region = self.lex.region(span.text)
            if region:
                self._count(counts, region.name)
        context = {prefix: c.most_common(1)[0][0] for prefix, c in counts.items() if c}
        home = self._home_region(subject)
        while home is not None:
            prefix = "省" if home.level == "province" and home.name not in MUNICIPALITIES else home.name[-1]
            if prefix in LEVEL_OF_PREFIX:
                context[prefix] = home.name
            home = self.lex.region(home.parent) if home.parent else None
        return context

    def _home_region(self, subject: tuple[str, str] | None):
        """The region a subject's name starts with (济阳区教体局 -> 济阳区)."""
        if subject is None:
            return None
        name = subject[1]
        for n in range(min(len(name), 12), 1, -1):
            if name[:n] in self.lex.regions:
                return self.lex.region(name[:n])
        return None

    def _count(self, counts: dict[str, Counter], name: str) -> None:
        region = self.lex.region(name)
        if region is None or not name.endswith(("省", "市", "区", "县")):
            return
        prefix = name[-1]
        if region.level == "province" and name not in MUNICIPALITIES:
            prefix = "省"
        counts.setdefault(prefix, Counter())[name] += 1

    def _subject_name(self, doc: Document, spans: list[Span]) -> tuple[str, str] | None:
        """The body a document is about: the first institution in its title lines, else its title's region."""
        head = [s for s in spans if s.start < _title_end(doc)]
        for span in head:
            if span.label in SUBJECT_LABELS and span.level != "short":
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
        """Fold bare forms into region-prefixed ones, and one-character typos into the first form."""
        firsts: dict[tuple[str, str], str] = {}
        for _, label, name, _ in names:
            firsts.setdefault((label, normalize_name(name)), name)
        canonical: dict[tuple[str, str], str] = {}
        forms = [(key, name) for key, name in firsts.items() if key[0] != "Region"]
        order = {key: i for i, (key, _) in enumerate(forms)}
        # The only pairs the rules can join: a longer name ending in this one, or one of equal length.
        ending_in: dict[tuple[str, str], list[tuple[str, str]]] = {}
        same_length: dict[tuple[str, int], list[tuple[str, str]]] = {}
        for label, norm in order:
            for cut in range(1, len(norm) - 2):
                ending_in.setdefault((label, norm[cut:]), []).append((label, norm))
            if len(norm) >= 6:
                same_length.setdefault((label, len(norm)), []).append((label, norm))
        for (label, norm), name in forms:
            pairs = {*ending_in.get((label, norm), ()), *same_length.get((label, len(norm)), ())} - {(label, norm)}
            for label2, norm2 in sorted(pairs, key=order.__getitem__):
                name2 = firsts[(label2, norm2)]
                if norm2.endswith(norm) and self._is_region_prefix(norm2[: -len(norm)]) and len(norm) >= 3:
                    canonical[(label, norm)] = name2
                    out.alias_sources.append((name, name2, label, "region prefix"))
                elif (
                    _one_typo(norm, norm2)
                    and (label, norm2) not in canonical
                    and order[(label2, norm2)] < order[(label, norm)]
                ):
                    canonical[(label, norm)] = name2
                    out.alias_sources.append((name, name2, label, "one-character variant in one document"))
        merged = []
        for span, label, name, aliases in names:
            target = canonical.get((label, normalize_name(name)))
            if target:
                merged.append((span, label, target, aliases | {name}))
            else:
                merged.append((span, label, name, aliases))
        return merged

    def _is_region_prefix(self, text: str) -> bool:
        while text:
            match = next((text[:n] for n in range(min(len(text), 12), 1, -1) if self.lex.region(text[:n])), None)
            if match is None:
                return False
            text = text[len(match):]
        return True


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
    one is dropped (a province's or city's short form only when the lower region lies in it)."""
    while True:
        first = next((name[:n] for n in range(min(len(name), 12), 1, -1) if _outer_form(lex, name[:n])), None)
        if first is None:
            return name
        rest = name[len(first):]
        second = next((rest[:n] for n in range(min(len(rest), 12), 1, -1) if lex.region(rest[:n])), None)
        if second is None or len(rest) <= len(second):
            return name
        if first not in lex.regions and not lies_in(lex, lex.region(second), lex.region(first).name):
            return name
        name = rest


def _outer_form(lex: Lexicon, form: str) -> bool:
    if form in lex.regions:
        return True
    region = lex.region(form)
    return region is not None and region.level in ("province", "city")


def identity_key(lex: Lexicon, label: str, name: str) -> str:
    """The cross-document key: label and normalised name (regions by their official name)."""
    if label == "Region":
        region = lex.region(name)
        if region:
            name = region.name
    elif label == "Authority":
        name = lex.short_body_name(name)
    return entity_key(label, name)


def _one_typo(a: str, b: str) -> bool:
    """Two long names of equal length differing in one non-digit character."""
    if len(a) != len(b) or len(a) < 6:
        return False
    diffs = [(x, y) for x, y in zip(a, b) if x != y]
    return len(diffs) == 1 and not any(ch.isdigit() or ch in "一二三四五六七八九十" for ch in diffs[0])
