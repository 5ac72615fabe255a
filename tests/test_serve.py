"""Preview: `mkdocs serve` rebuilds when a post or the plan under content/ is saved."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import EPOCH_2023, post

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

POST = "content/news/2022/tin-xem-truoc.md"
STARTUP_SECONDS = 120  # the first build, Pagefind included
CHANGE_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float, log) -> None:
    """Poll ``url`` until its page contains ``text``, or fail with the server's log."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show {text!r} within {seconds} s; server log:\n{log()}")


def test_serve_reloads_when_a_post_or_the_plan_changes(make_site, tmp_path):
    root = make_site({POST: post(title="Tin xem trước", body="Nội dung cũ.")}, own_config=True)
    port = free_port()
    log_path = tmp_path / "serve.log"
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023, "NO_MKDOCS_2_WARNING": "1",
               "CCHC_AS_OF": "2022-01-01"}
    # mkdocs serve mounts the site at the path of site_url (/cchc/).
    base = f"http://127.0.0.1:{port}/cchc/"
    with open(log_path, "w", encoding="utf-8") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=root, env=environ, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            def log() -> str:
                return log_path.read_text(encoding="utf-8")

            wait_for(f"{base}tin-tuc/2022/tin-xem-truoc/", "Nội dung cũ.", STARTUP_SECONDS, log)
            source = root / POST
            source.write_text(source.read_text(encoding="utf-8").replace("Nội dung cũ.", "Nội dung mới."),
                              encoding="utf-8")
            wait_for(f"{base}tin-tuc/2022/tin-xem-truoc/", "Nội dung mới.", CHANGE_SECONDS, log)

            plan = root / "content/plans/2022.yml"
            plan.write_text(plan.read_text(encoding="utf-8").replace(
                "name: Hệ thống quản lý chất lượng ISO 9001:2015", "name: ISO 9001 tại Sở"), encoding="utf-8")
            wait_for(f"{base}chu-de/", "ISO 9001 tại Sở", CHANGE_SECONDS, log)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)
