"""One build per build folder across processes: a second builder waits, or says who is building."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.errors import GraphError
from ingest.build import build
from ingest.lock import build_lock, holder, running_build

ROOT = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from pathlib import Path
from ingest.lock import build_lock
with build_lock(Path(sys.argv[1]), "另一个进程"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_in_another_process(out: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out), str(seconds)], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_build_is_refused_naming_who_builds_or_waits_its_turn(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    (corpus / "a.txt").write_text("锦江区教育局与四川大学建立合作共建关系。\n", encoding="utf-8")
    out = tmp_path / "build"
    other = hold_in_another_process(out, 3)
    try:
        with pytest.raises(GraphError) as busy:
            build([corpus], out, curation=None, workers=1, wait=False)
        assert busy.value.code == "E308" and "另一个进程" in str(busy.value) and "since" in str(busy.value)
        assert not (out / "graph.json").exists()  # nothing was written while the other held the folder
        told = []
        started = time.monotonic()
        build([corpus], out, curation=None, workers=1, waiting=told.append)  # waits its turn
        assert other.poll() == 0 and time.monotonic() - started > 1  # it ran after the other let go
        assert told and "另一个进程" in told[0]
        assert (out / "graph.json").exists() and holder(out)["pid"]
    finally:
        other.kill()


def test_the_lock_is_released_when_its_holder_dies(tmp_path):
    other = hold_in_another_process(tmp_path, 60)
    other.kill()
    other.wait()
    with build_lock(tmp_path, "me", wait=False):
        assert holder(tmp_path)["by"] == "me"


def test_a_running_build_is_told_without_taking_the_lock(tmp_path):
    assert running_build(tmp_path) is None
    other = hold_in_another_process(tmp_path, 60)
    try:
        assert running_build(tmp_path)["by"] == "另一个进程"
    finally:
        other.kill()
        other.wait()
    assert running_build(tmp_path) is None  # killed: its pid is gone
    with build_lock(tmp_path, "me"):
        assert running_build(tmp_path)["by"] == "me"
    assert running_build(tmp_path) is None and holder(tmp_path)["ended"]
