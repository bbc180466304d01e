"""What is new between two builds: a build keeps the graph it replaces, `changes` compares them."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from graph.history import HISTORY_KEPT, history, keep_previous
from ingest.build import DEFAULT_SOURCE, build
from queries.changes import changes_since

ROOT = Path(__file__).resolve().parents[2]


def test_a_rebuild_with_a_new_report_lists_what_it_added(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(DEFAULT_SOURCE, docs)
    out = tmp_path / "build"
    build([docs], out, use_cache=False)
    assert history(out) == []  # nothing was replaced yet
    (docs / "new.txt").write_text("青羊区教育局与西南财经大学签订合作共建协议。", encoding="utf-8")
    build([docs], out)
    assert len(history(out)) == 1
    changes = changes_since(out, "previous")
    assert changes.added_docs == ["new"] and not changes.removed_entities
    added = {(r["source"], r["type"], r["target"]) for r in changes.added_relations}
    assert ("青羊区教育局", "PARTNERS_WITH", "西南财经大学") in added
    assert all(r["docs"] == ["new"] for r in changes.added_relations)
    assert {"doc": "new", "added_entities": 3, "removed_entities": 0, "added_relations": 2,
            "removed_relations": 0} in changes.by_document()
    (docs / "new.txt").unlink()
    build([docs], out)
    back = changes_since(out, "previous")
    assert back.removed_docs == ["new"] and ("青羊区教育局", "PARTNERS_WITH", "西南财经大学") in {
        (r["source"], r["type"], r["target"]) for r in back.removed_relations}
    cli = subprocess.run([sys.executable, "-m", "queries", "changes", "--since", "previous", "--graph", str(out),
                          "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0 and json.loads(cli.stdout)["removed_docs"] == ["new"]


def test_only_the_latest_builds_are_kept(tmp_path):
    (tmp_path / "graph.json").write_text("{}", encoding="utf-8")
    for second in range(HISTORY_KEPT + 2):
        import os

        os.utime(tmp_path / "graph.json", (1_700_000_000 + second, 1_700_000_000 + second))
        keep_previous(tmp_path)
    assert len(history(tmp_path)) == HISTORY_KEPT


def test_an_unknown_since_is_one_line_naming_it(built_graph, tmp_path):
    cli = subprocess.run([sys.executable, "-m", "queries", "changes", "--since", str(tmp_path / "nope"),
                          "--graph", str(built_graph)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 2 and "nope: no build folder" in cli.stderr and "Traceback" not in cli.stderr
