"""One Streamlit server and one Debian Chromium per test session; a fresh browser context per test.

The server reads its own copy of the session's build (uploads and decisions made here stay here)
and records curation decisions in a temporary file. Without Chromium the browser tests are
skipped, unless REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_PATHS = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_S = 60
SERVER_STOP_S = 15
EXPECT_TIMEOUT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 1000}
# Opening a page's own URL (/explore) makes Streamlit's frontend first probe /explore/_stcore/… for
# the server, then fall back to /_stcore/…: those two 404s are expected, every other one is a failure.
BASE_PATH_PROBE = re.compile(r"/[a-z]+/_stcore/(health|host-config)$")


@dataclass
class Server:
    url: str
    build_dir: Path
    curation_file: Path


def find_chromium() -> str | None:
    return next((path for path in CHROMIUM_PATHS if Path(path).exists()), None) or shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    """Poll /_stcore/health until it answers 200; fail with the server log if the server dies or is slow."""
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)  # polling a server that is starting; not a wait on the page
    pytest.fail(f"streamlit not healthy after {SERVER_START_S} s:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(SERVER_STOP_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def watch_problems(page) -> list[str]:
    """A list that collects the page's JavaScript errors, failed requests and HTTP error responses."""
    problems: list[str] = []

    def on_response(response) -> None:
        if response.status >= 400 and not (response.status == 404 and BASE_PATH_PROBE.search(response.url)):
            problems.append(f"HTTP {response.status}: {response.url}")

    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.url} {request.failure}"))
    page.on("response", on_response)
    return problems


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium; skip without it, or fail when REQUIRE_BROWSER=1."""
    path = find_chromium()
    if path is None:
        message = "Debian chromium not found (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    if os.environ.get("REQUIRE_BROWSER") == "1" and not _has_cjk_font():
        pytest.fail("no Chinese font: graph labels would draw as boxes (apt-get install fonts-wqy-microhei)")
    return path


def _has_cjk_font() -> bool:
    """True when fontconfig knows a font covering Chinese."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(out.stdout.strip())


@contextmanager
def serve(work: Path, built_graph: Path, *, port: int | None = None, options: tuple[str, ...] = (),
          **env: str) -> Iterator[Server]:
    """`streamlit run app.py` on a local port (a free one unless given), reading a copy of `built_graph` kept
    in `work`; `options` are more Streamlit command-line options."""
    build_dir = work / "build"
    shutil.copytree(built_graph, build_dir, ignore=shutil.ignore_patterns("*.settings", "uploads"))
    port = port or free_port()
    log = work / "server.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
               "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none", *options]
    env = {**os.environ, "KG_BUILD_DIR": str(build_dir), "KG_CURATION_FILE": str(work / "curation.jsonl"), **env}
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log)
        yield Server(url, build_dir, work / "curation.jsonl")
    finally:
        stop(process)


@pytest.fixture(scope="session")
def server(chromium: str, built_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The single-user app (no KG_USERS) on its own copy of the session's build."""
    with serve(tmp_path_factory.mktemp("browser"), built_graph) as running:
        yield running


@pytest.fixture(scope="session")
def app_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, app_url: str):
    """A factory of app pages, each in its own browser context (its own Streamlit session); every page
    must end with no JavaScript error, failed request or HTTP error."""
    opened = []

    def open_app(path: str = ""):
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        page = context.new_page()
        opened.append((context, watch_problems(page)))
        page.goto(app_url + path)
        return page

    yield open_app
    seen = [problem for _, problems in opened for problem in problems]
    for context, _ in opened:
        context.close()
    assert seen == []


@pytest.fixture
def page(new_page):
    """The app in a new browser context."""
    return new_page()
