"""What a search costs: the bytes a fresh browser fetches for a first query (headless Chromium,
the system's /usr/bin/chromium, against the site served on 127.0.0.1), and Pagefind's indexing
time and peak memory. Kept from the one-off comparison of Material's lunr search with Pagefind
(decided: Pagefind; dev/decisions.md says why).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

from .common import PROJECT

# The six queries of issue 7.
QUERIES = ["thu tuc hanh chinh", "dang ky", "hoa", "quang ngai", "1.014393", "thủ tục hành chính"]
SITE_PATH = "/cchc/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TYPING_DELAY_MS = 200  # slower than the box's 150 ms debounce: every key starts a search


def gz(data: bytes) -> int:
    """Bytes as a gzip-ing server sends them; files that are gzip already are sent as they are."""
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, compresslevel=6, mtime=0))


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    """Serve ``site`` at http://127.0.0.1:<port>/cchc/ in a background thread."""
    prefix = SITE_PATH.rstrip("/")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return super().translate_path(path[len(prefix):] if path.startswith(prefix + "/") else "/404")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    server.handle_error = lambda request, address: None  # a closed browser tab breaks pipes
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def served_file(site: Path, url: str) -> tuple[Path, bytes]:
    """The file the local server sent for ``url``, and its bytes (sizes come from disk, exactly)."""
    path = urlsplit(url).path[len(SITE_PATH):]
    target = site / path
    if target.is_dir() or not path:
        target = target / "index.html"
    return target, target.read_bytes() if target.is_file() else b""


def quiet(page, fetched: list[str], idle_ms: int = 800) -> None:
    """Wait until the page has fetched nothing new for ``idle_ms`` milliseconds."""
    count = -1
    while count != len(fetched):
        count = len(fetched)
        page.wait_for_timeout(idle_ms)


def browser_bytes(site: Path, queries: list[str], page_path: str = "tin-tuc/00005/") -> list[dict]:
    """For each query and typing mode, bytes fetched by a fresh browser: on page open, then for the query.

    ``page_path`` is the page opened first, site-relative (one of the synthetic posts).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout, sync_playwright

    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}{SITE_PATH}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            for mode in ("pasted", "typed"):
                context = browser.new_context()
                page = context.new_page()
                fetched: list[str] = []
                page.on("requestfinished", lambda request: fetched.append(request.url))
                page.goto(base + page_path)
                page.wait_for_load_state("networkidle")
                opened = list(fetched)
                box = page.locator(".cchc-search input")
                box.click()
                # A page busy searching a huge index can stop taking keys: the row then says
                # so, with what was fetched until then (a lower bound).
                finished = True
                try:
                    if mode == "pasted":
                        box.fill(query)
                    else:
                        box.press_sequentially(query, delay=TYPING_DELAY_MS)
                    page.locator(".pf-searchbox-result").first.wait_for(timeout=60_000)
                    quiet(page, fetched)
                except PlaywrightTimeout:
                    finished = False
                after = [served_file(site, url) for url in fetched[len(opened):]]
                before = [served_file(site, url) for url in opened]
                rows.append({
                    "query": query, "mode": mode,
                    "open_index_bytes": sum(len(data) for file, data in before if file.suffix.startswith(".pf_")),
                    "open_gzip": sum(gz(data) for _, data in before),
                    "query_requests": len(after),
                    "query_raw": sum(len(data) for _, data in after),
                    "query_gzip": sum(gz(data) for _, data in after),
                    "query_index_gzip": sum(gz(data) for file, data in after if file.suffix.startswith(".pf_")),
                    "results": page.locator(".pf-searchbox-result").count() if finished else None,
                    "finished": finished,
                })
                context.close()
        browser.close()
    server.shutdown()
    return rows


def index_with_peak_memory(site: Path, chunk_size: int | None) -> tuple[int, float, float]:
    """Index ``site`` as the build hook does, in a child process so that its peak memory is its own."""
    code = ("import resource, sys, time; from pathlib import Path; from cchc.search import index_site; "
            "t = time.perf_counter(); r = index_site(Path(sys.argv[1]), chunk_size=int(sys.argv[2]) or None); "
            "print(r.pages, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", code, str(site), str(chunk_size or 0)], capture_output=True,
                          text=True, check=True, cwd=PROJECT)
    pages, seconds, maxrss_kb = done.stdout.split()
    return int(pages), float(seconds), int(maxrss_kb) / 1024
