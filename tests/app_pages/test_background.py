"""Background jobs: at most RUNNING_AT_ONCE work at a time, the others wait their turn; results and errors kept."""

from __future__ import annotations

import threading
import time

from app_pages.background import RUNNING_AT_ONCE, Job, start_job


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)  # polling threads of this test
    return condition()


def test_at_most_two_jobs_work_at_once_and_the_others_wait_their_turn():
    release = threading.Event()

    def work(job: Job) -> str:
        job.step(1, "working")
        release.wait(10)
        return "done"

    jobs = [start_job(work, total=1) for _ in range(RUNNING_AT_ONCE + 1)]
    assert wait_until(lambda: sum(not job.waiting for job in jobs) == RUNNING_AT_ONCE)
    time.sleep(0.1)  # the last one would have started by now if a turn were free
    assert sum(job.waiting for job in jobs) == 1
    release.set()
    assert wait_until(lambda: all(job.finished for job in jobs))
    assert [job.result for job in jobs] == ["done"] * len(jobs) and not any(job.error for job in jobs)


def test_a_failing_job_keeps_one_line_saying_why():
    def work(job: Job) -> None:
        raise ValueError("the file went away\nwith a second line")

    job = start_job(work, total=1)
    assert wait_until(lambda: job.finished)
    assert job.error == "ValueError: the file went away" and job.result is None
