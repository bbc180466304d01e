"""Work that runs in a thread of the server, not in a page's request: the page starts it, shows its progress
while it runs, and shows its result when it is done (uploads are read and extracted this way).

At most RUNNING_AT_ONCE jobs work at a time across all sessions; the others wait their turn, so a
crowd of uploads cannot keep every core busy. A job touches no Streamlit element; the page reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

RUNNING_AT_ONCE = 2
POLL_S = 0.5  # how often a page that waits on a job looks at it again


@st.cache_resource(show_spinner=False)
def _turns() -> threading.BoundedSemaphore:
    """The turns all sessions' jobs share."""
    return threading.BoundedSemaphore(RUNNING_AT_ONCE)


@dataclass
class Job:
    """One piece of work and how far it has come: `step(done, text)` is called by the work itself."""

    total: int
    done: int = 0
    text: str = ""
    waiting: bool = True
    result: Any = None
    error: str | None = None
    finished: bool = False

    def step(self, done: int, text: str) -> None:
        """How far the work has come, for the page's progress bar."""
        self.done, self.text = done, text


def start_job(work: Callable[[Job], Any], total: int) -> Job:
    """Run `work(job)` in a daemon thread once a turn is free; the job keeps its result or its error."""
    job = Job(total)
    turns = _turns()

    def run() -> None:
        with turns:
            job.waiting = False
            try:
                job.result = work(job)
            except Exception as exc:  # shown as one line by the page; the thread must not die silently
                job.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            finally:
                job.finished = True

    threading.Thread(target=run, name="kg-job", daemon=True).start()
    return job


def show_job_progress(job: Job, waiting_text: str) -> None:
    """A progress bar for a running job that looks again every POLL_S and reruns the page once it is done."""

    @st.fragment(run_every=POLL_S)
    def progress() -> None:
        if job.finished:
            st.rerun(scope="app")
        text = waiting_text if job.waiting else job.text
        st.progress(min(job.done / max(job.total, 1), 1.0), text=text)

    progress()
