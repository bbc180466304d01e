"""One build per build folder, across processes: the CLI and every app session take the same file lock.

The lock is `BUILD/.build.lock`, held with `fcntl.flock` for the whole build; its text says since
when and by whom, so a second builder can say what it waits for (or, in the app, what is running
while the previous graph is still shown). The operating system releases the lock when the holder
exits, so a killed build never leaves the folder locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from graph.errors import GraphError

LOCK_FILE = ".build.lock"


def holder(out: Path) -> dict:
    """Who holds (or last held) the lock of `out`: {"since", "by", "pid"}, or {} when nobody wrote it."""
    try:
        return json.loads((out / LOCK_FILE).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def running_build(out: Path) -> dict | None:
    """The holder of `out`'s lock while a build runs there, else None. Read from the lock's text (a build
    that ended wrote "ended"; one that was killed left a dead pid), so asking never contends for the lock."""
    info = holder(out)
    pid = info.get("pid")
    if not info or info.get("ended") or not isinstance(pid, int) or not psutil.pid_exists(pid):
        return None
    return info


def busy_message(out: Path) -> str:
    info = holder(out)
    return f"{out}: a build is running since {info.get('since', '?')}, by {info.get('by', '?')}"


@contextmanager
def build_lock(out: Path, by: str, wait: bool = True,
               waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of `out`. With `wait`, block until it is free (telling `waiting` once what it
    waits for); without, raise GraphError E308 naming who holds it."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / LOCK_FILE).open("a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise GraphError("E308", busy_message(out)) from None
            if waiting is not None:
                waiting(busy_message(out))
            fcntl.flock(fh, fcntl.LOCK_EX)
        info = {"since": time.strftime("%Y-%m-%d %H:%M:%S"), "by": by, "pid": os.getpid()}
        try:
            _write(fh, info)
            yield
        finally:
            _write(fh, {**info, "ended": time.strftime("%Y-%m-%d %H:%M:%S")})
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write(fh: Any, info: dict) -> None:
    fh.seek(0)
    fh.truncate()
    fh.write(json.dumps(info, ensure_ascii=False))
    fh.flush()
