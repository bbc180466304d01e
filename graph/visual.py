"""The interactive graph view: which nodes to show, and pyvis HTML that draws them with no network.

Nodes are coloured by label, with a legend above the graph; hovering a node shows its name,
label, aliases, properties and source documents, hovering an edge shows its evidence.
`words` maps labels, relationship types and captions to display text (the app's UI language).
Callers may colour nodes themselves (`colours`, with their own `legend`, e.g. spread steps),
draw only some edges (`edge_ok`) and enlarge chosen nodes (`emphasis`).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import networkx as nx
from pyvis.network import Network

from graph.model import LABELS, SYMMETRIC_TYPES, KnowledgeGraph

LABEL_COLOURS = dict(zip(LABELS, (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f",
), strict=True))
# Steps 0 (the source) to 5 of a spread, dark to light.
STEP_COLOURS = ("#d62728", "#ff7f0e", "#f2b447", "#8cc665", "#5aa9d6", "#9e9ac8")
UNKNOWN_COLOUR = "#999999"
EMPHASIS_SIZE = 30
SHOWN_PROPERTIES = ("region", "level", "date", "kind", "count")
PLACE_TYPES = ("LOCATED_IN", "HELD_IN")
MAX_EVIDENCE = 3
MAX_SENTENCE = 120
VIS_OPTIONS = {
    "nodes": {"shape": "dot", "size": 16, "font": {"size": 16}},
    "edges": {"color": {"color": "#b0b0b0"}, "font": {"size": 10, "color": "#666666", "strokeWidth": 0},
              "smooth": {"type": "continuous"}},
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 300},
                "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.015, "springLength": 80}},
    "interaction": {"hover": True, "tooltipDelay": 150},
}
# pyvis adds bootstrap from a CDN even with cdn_resources="in_line"; these tags are removed.
REMOTE_TAG = re.compile(r'<link\b[^>]*\bhref="https?://[^"]*"[^>]*>'
                        r'|<script\b[^>]*\bsrc="https?://[^"]*"[^>]*>\s*</script>')
TOOLTIP_STYLE = "<style>.vis-tooltip { white-space: pre-wrap; max-width: 32em; font-family: sans-serif; }</style>"
# Fit the drawing to its frame once the layout has settled and whenever the frame is resized.
FIT_SCRIPT = ("<script>window.addEventListener('load', function () { if (typeof network === 'undefined') return;"
              " network.once('stabilized', function () { network.fit(); });"
              " window.addEventListener('resize', function () { network.fit(); }); });</script>")


# -- which nodes to show ----------------------------------------------------------------
def region_names(kg: KnowledgeGraph) -> list[str]:
    """Names of the Region nodes, sorted."""
    return sorted({data["name"] for _, data in kg.entities() if data["label"] == "Region"})


def nodes_near_regions(kg: KnowledgeGraph, names: Iterable[str]) -> set[str]:
    """The chosen regions and their sub-regions (PART_OF, any depth), the entities located or held in
    them (LOCATED_IN, HELD_IN or a `region` property), plus every node directly linked to those."""
    chosen = set(names)
    regions = {key for key, data in kg.entities() if data["label"] == "Region" and data["name"] in chosen}
    regions |= sub_regions(kg, regions)
    region_names_in = {kg.g.nodes[key]["name"] for key in regions}
    placed = {src for src, dst, data in kg.relations() if data["type"] in PLACE_TYPES and dst in regions}
    placed |= {key for key, data in kg.entities() if data["properties"].get("region") in region_names_in}
    core = regions | placed
    return core | {other for key in core for other in nx.all_neighbors(kg.g, key)}


def sub_regions(kg: KnowledgeGraph, regions: set[str]) -> set[str]:
    """Regions that are PART_OF any of `regions`, directly or through other regions."""
    found: set[str] = set()
    todo = list(regions)
    while todo:
        parent = todo.pop()
        for child, _, data in kg.g.in_edges(parent, data=True):
            if data["type"] == "PART_OF" and child not in found | regions:
                found.add(child)
                todo.append(child)
    return found


def visible_nodes(kg: KnowledgeGraph, labels: Iterable[str], regions: Iterable[str] = ()) -> set[str]:
    """Node ids with one of `labels`, limited to `nodes_near_regions` when regions are chosen."""
    regions = list(regions)
    candidates = nodes_near_regions(kg, regions) if regions else set(kg.g.nodes)
    wanted = set(labels)
    return {key for key in candidates if kg.g.nodes[key]["label"] in wanted}


# -- how to draw them ----------------------------------------------------------------------
def node_tooltip(kg: KnowledgeGraph, key: str, words: Mapping[str, str]) -> str:
    """Plain-text tooltip of a node: name, label, aliases, shown properties, source documents."""
    data = kg.g.nodes[key]
    lines = [data["name"], f"{words.get(data['label'], data['label'])} ({data['label']})"]
    if data["aliases"]:
        lines.append(f"{words.get('aliases', 'aliases')}: {'、'.join(sorted(data['aliases']))}")
    for prop in SHOWN_PROPERTIES:
        if prop in data["properties"]:
            lines.append(f"{words.get(prop, prop)}: {data['properties'][prop]}")
    lines.append(f"{words.get('sources', 'sources')}: {', '.join(kg.sources(key))}")
    return "\n".join(lines)


def shorten(sentence: str) -> str:
    return sentence if len(sentence) <= MAX_SENTENCE else sentence[:MAX_SENTENCE] + "…"


def edge_tooltip(data: dict[str, Any], words: Mapping[str, str]) -> str:
    """Plain-text tooltip of an edge: its type and properties, then evidence sentences with their document."""
    lines = [f"{words.get(data['type'], data['type'])} ({data['type']})"]
    lines += [f"{words.get(name, name)}: {value}" for name, value in data["properties"].items()]
    for evidence in data["evidence"][:MAX_EVIDENCE]:
        lines.append(f"[{evidence.doc}] {shorten(evidence.sentence)}")
    if len(data["evidence"]) > MAX_EVIDENCE:
        lines.append(f"(+{len(data['evidence']) - MAX_EVIDENCE})")
    return "\n".join(lines)


def vis_nodes(kg: KnowledgeGraph, keys: Iterable[str], words: Mapping[str, str],
              colours: Mapping[str, str] | None = None, emphasis: Iterable[str] = ()) -> list[dict[str, Any]]:
    """vis-network node dictionaries, sorted by id so the same graph gives the same HTML.
    A node is coloured by `colours[key]` when given, else by its label; nodes in `emphasis` are drawn larger."""
    colours = colours or {}
    emphasised = set(emphasis)
    nodes = []
    for key in sorted(keys):
        data = kg.g.nodes[key]
        node = {"id": key, "label": data["name"], "title": node_tooltip(kg, key, words),
                "color": colours.get(key) or LABEL_COLOURS.get(data["label"], UNKNOWN_COLOUR)}
        if key in emphasised:
            node.update(size=EMPHASIS_SIZE, borderWidth=3, font={"size": 20, "bold": True})
        nodes.append(node)
    return nodes


def vis_edges(kg: KnowledgeGraph, keys: set[str], words: Mapping[str, str],
              edge_ok: Callable[[str, str, dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
    """vis-network edge dictionaries for the relations whose two ends are both in `keys` (and pass `edge_ok`)."""
    return [{"id": f"{src}|{dst}|{data['type']}", "from": src, "to": dst,
             "label": words.get(data["type"], data["type"]), "title": edge_tooltip(data, words),
             "arrows": "" if data["type"] in SYMMETRIC_TYPES else "to"}
            for src, dst, data in kg.relations()
            if src in keys and dst in keys and (edge_ok is None or edge_ok(src, dst, data))]


def legend_item(colour: str, text: str) -> str:
    """One legend entry: a coloured dot and its text."""
    return (f'<span style="margin-right:14px;white-space:nowrap"><span style="display:inline-block;width:11px;'
            f'height:11px;border-radius:50%;background:{html.escape(colour)}"></span> {html.escape(text)}</span>')


def label_legend(kg: KnowledgeGraph, keys: Iterable[str], words: Mapping[str, str]) -> list[tuple[str, str]]:
    """(colour, "label count") for each label among `keys`, in schema order."""
    counts = Counter(kg.g.nodes[key]["label"] for key in keys)
    return [(LABEL_COLOURS.get(label, UNKNOWN_COLOUR), f"{words.get(label, label)} {counts[label]}")
            for label in LABELS if counts[label]]


def legend_html(kg: KnowledgeGraph, keys: Iterable[str], words: Mapping[str, str],
                items: list[tuple[str, str]] | None = None) -> str:
    """A one-line legend of (colour, text) items; by default one per label shown, with its count."""
    items = label_legend(kg, keys, words) if items is None else items
    entries = "".join(legend_item(colour, text) for colour, text in items)
    return f'<div id="legend" style="font:13px sans-serif;padding:4px 2px 8px">{entries}</div>'


def step_colours(steps: Mapping[str, int]) -> dict[str, str]:
    """Node key -> colour of its spread step (0 = the source); steps past the palette share its last colour."""
    return {key: STEP_COLOURS[min(step, len(STEP_COLOURS) - 1)] for key, step in steps.items()}


def graph_html(kg: KnowledgeGraph, node_ids: Iterable[str] | None = None, height: str = "650px",
               words: Mapping[str, str] | None = None, *, colours: Mapping[str, str] | None = None,
               legend: list[tuple[str, str]] | None = None,
               edge_ok: Callable[[str, str, dict[str, Any]], bool] | None = None,
               emphasis: Iterable[str] = ()) -> str:
    """Self-contained pyvis HTML of `kg`, or of the nodes `node_ids` and the edges between them."""
    words = words or {}
    keys = set(kg.g.nodes) if node_ids is None else set(node_ids) & set(kg.g.nodes)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    net.nodes = vis_nodes(kg, keys, words, colours, emphasis)  # assigned in bulk: Network.add_edge is O(E²)
    net.edges = vis_edges(kg, keys, words, edge_ok)
    net.options = VIS_OPTIONS
    page = REMOTE_TAG.sub("", net.generate_html())
    page = page.replace("<body>", "<body>\n" + TOOLTIP_STYLE + legend_html(kg, keys, words, legend), 1)
    return page.replace("</body>", FIT_SCRIPT + "\n</body>", 1)
