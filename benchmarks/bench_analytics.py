"""Analytics: spread and personalised PageRank at ~1M relations, networkx and igraph side by side,
checked against networkx with a very tight tolerance. Graph views are built first and timed apart."""

from __future__ import annotations

import networkx as nx
import numpy as np

from benchmarks import reference_spread as ref
from benchmarks.common import Report, latencies, percentile, timed
from graph.model import KnowledgeGraph
from queries import spread as fast


def run(report: Report, kg: KnowledgeGraph) -> None:
    size = f"{len(kg) / 1e3:.0f}k nodes / {kg.g.number_of_edges() / 1e6:.2f}M relations"
    weights = fast.load_weights()
    schools = [k for k, d in kg.entities() if d["label"] == "School"][:5000]
    source_key = sorted(schools, key=kg.g.degree)[len(schools) // 2]  # a typical school
    source = kg.g.nodes[source_key]["name"]

    nx_s, nx_view = timed(lambda: ref.diffusion_graph(kg, weights, None))
    fast_s, view = timed(lambda: fast.diffusion_view(kg, weights, None))
    ig_s, _ = timed(view.igraph)
    report.figure("analytics_view_build_networkx", nx_s, "s", f"informational; {size}", None)
    report.figure("analytics_view_build_fast", fast_s + ig_s, "s", f"informational: arrays + CSR {fast_s:.2f} s, "
                  f"igraph {ig_s:.2f} s; built once per graph and cached", None)

    fast.spread(kg, source, weights=weights)  # name index and region caches
    times = latencies(lambda: fast.spread(kg, source, weights=weights), 5)
    ref_s, expected = timed(lambda: ref.spread(kg, source, weights=weights, view=nx_view))
    got = fast.spread(kg, source, weights=weights)
    p50 = percentile(times, 50)
    report.figure("spread_fast_p50", p50, "ms", f"< 1000 ms; scipy multi-source Dijkstra, 3 steps; {size}",
                  p50 < 1000, f"reached {len(got.reached)}")
    report.figure("spread_networkx", ref_s * 1000, "ms", "informational: networkx Dijkstra, same view", None)
    want = {r["name"]: r for r in expected.reached}
    have = {r["name"]: r for r in got.reached}
    diff = max((abs(want[n]["score"] - have[n]["score"]) for n in want.keys() & have.keys()), default=0.0)
    steps_ok = all(want[n]["step"] == have[n]["step"] for n in want.keys() & have.keys())
    same = want.keys() == have.keys() and diff < 1e-4 and steps_ok
    report.figure("spread_matches_networkx", "yes" if same else "no", "", "same reached set, steps and scores",
                  same, f"{len(want.keys() ^ have.keys())} differ in reach, max score diff {diff:.1e}")

    seeds = [view.keys.index(source_key)]
    personalization = {source_key: 1.0}
    tight_s, reference = timed(lambda: nx.pagerank(nx_view, alpha=fast.PAGERANK_ALPHA, weight="weight",
                                                   personalization=personalization, tol=1e-14, max_iter=2000))
    default_s, loose = timed(lambda: nx.pagerank(nx_view, alpha=fast.PAGERANK_ALPHA, weight="weight",
                                                 personalization=personalization))
    ig_times = latencies(lambda: view.igraph().personalized_pagerank(
        damping=fast.PAGERANK_ALPHA, reset_vertices=seeds, weights="weight", directed=False), 5)
    ig_vector = np.array(view.igraph().personalized_pagerank(
        damping=fast.PAGERANK_ALPHA, reset_vertices=seeds, weights="weight", directed=False))
    ref_vector = np.array([reference[k] for k in view.keys])
    loose_vector = np.array([loose[k] for k in view.keys])
    api_times = latencies(lambda: fast.personalised_pagerank(kg, source, weights=weights), 5)
    p50 = percentile(api_times, 50)
    report.figure("pagerank_fast_p50", p50, "ms", f"< 1000 ms; igraph PRPACK via queries.spread; {size}", p50 < 1000,
                  f"igraph call alone {percentile(ig_times, 50):.0f} ms")
    report.figure("pagerank_networkx_default_tol", default_s * 1000, "ms", "informational: networkx, default tol",
                  None, f"L1 off the reference by {np.abs(loose_vector - ref_vector).sum():.1e}")
    report.figure("pagerank_networkx_tight_tol", tight_s * 1000, "ms", "informational: the reference, tol 1e-14",
                  None)
    l1 = float(np.abs(ig_vector - ref_vector).sum())
    top_ref = set(np.argsort(-ref_vector)[:20].tolist())
    top_ig = set(np.argsort(-ig_vector)[:20].tolist())
    report.figure("pagerank_igraph_l1", l1, "", "< 1e-6 against networkx tol 1e-14", l1 < 1e-6,
                  f"top-20 overlap {len(top_ref & top_ig)}/20")
