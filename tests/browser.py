"""Headless Chromium for the tests: serve a built site locally, open its pages, check them.

One browser is launched per test session (the ``browser`` fixture in conftest.py). Chromium is
Debian's /usr/bin/chromium driven through Playwright's Python API; axe-core comes from
node_modules (``npm ci``) and is injected into the page, never fetched from a CDN.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# network refuses; they are not the page's requests and Playwright's routing does not see them.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# The site is served under its production path, so relative and root-relative URLs are tested.
SITE_PATH = "/cchc/"
AXE_JS = PROJECT / "node_modules/axe-core/axe.min.js"
VNU_JAR = PROJECT / "node_modules/vnu-jar/build/dist/vnu.jar"
# WCAG 2.1 levels A and AA, and only those: axe's best-practice rules are not requirements.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


def require(available: bool, what: str) -> None:
    """Stop a test whose tool is missing: a failure in CI (CI is set), a skip elsewhere."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run this check (.ci/run installs it)", pytrace=False)
    pytest.skip(f"{what}; run .ci/run or install it to run this check")


def require_chromium() -> None:
    """Chromium must be installed (Debian's package `chromium`)."""
    require(Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")


def require_node_tool(path: Path) -> None:
    """A tool from node_modules must be installed (`npm ci` in the project)."""
    require(path.exists(), f"{path.relative_to(PROJECT)} is missing (npm ci)")


def require_java() -> None:
    """Java must be on PATH (Debian's default-jre-headless), for the Nu Html Checker."""
    require(shutil.which("java") is not None, "no java on PATH (apt-get install default-jre-headless)")


def serve(site_dir: Path) -> http.server.ThreadingHTTPServer:
    """Serve ``site_dir`` at http://127.0.0.1:<port>/cchc/ (its production path) in a thread."""
    prefix = SITE_PATH.rstrip("/")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            return super().translate_path(path[len(prefix):] if path.startswith(prefix + "/") else "/-")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site_dir)))
    server.handle_error = lambda request, address: None  # closed pages break pipes
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def base_url(server: http.server.ThreadingHTTPServer) -> str:
    """The site's address on ``server``, ending in /cchc/."""
    return f"http://127.0.0.1:{server.server_port}{SITE_PATH}"


class Traffic:
    """The requests of a browser context still in flight, to wait until its pages are quiet.

    Playwright's ``wait_for_load_state("networkidle")`` waits for Chromium's own signal; in CI,
    on a loaded machine, it once failed to come within 30 s on Decap's login screen although the
    page had made all its requests. This waits on the requests themselves, and a timeout names
    the ones still open.
    """

    def __init__(self, context):
        self.open: list = []
        context.on("request", lambda request: self.open.append(request))
        context.on("requestfinished", self._closed)
        context.on("requestfailed", self._closed)

    def _closed(self, request) -> None:
        if request in self.open:
            self.open.remove(request)

    def settle(self, page, *, quiet_ms: int = 500, within_s: float = 120) -> None:
        """Wait for ``page``'s load event, then until no request has been open for ``quiet_ms``."""
        page.wait_for_load_state("load", timeout=within_s * 1000)
        deadline = time.monotonic() + within_s
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the request events
            if self.open:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_ms / 1000:
                return
        pytest.fail(f"requests still open after {within_s} s: {[r.url for r in self.open]}",
                    pytrace=False)


class Visit:
    """A fresh browser context on one page: the requests it made, those answered with an error,
    and those to other hosts, which are blocked (a page must work with nothing but its own site)."""

    def __init__(self, browser, url: str, **context_options):
        self.context = browser.new_context(**context_options)
        self.requests: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []  # "status address" of every answer that is an error
        self.context.route("**/*", self._route)
        self.context.on("response", lambda response: self.failed.append(f"{response.status} {response.url}")
                        if response.status >= 400 else None)
        self.page = self.context.new_page()
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        # chrome:// and chrome-extension:// are the browser's own (its PDF viewer), not the network.
        if parts.scheme not in ("http", "https", "ws", "wss"):
            route.continue_()
        elif parts.hostname != "127.0.0.1":
            self.external.append(url)
            route.abort()
        else:
            self.requests.append(url)
            route.continue_()

    def close(self) -> None:
        self.context.close()


def axe_violations(page) -> list[str]:
    """WCAG 2.1 A and AA violations axe-core finds in ``page``, one line per rule and element."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS)
    where = urlsplit(page.url).path
    problems = []
    for rule in result["violations"]:
        for node in rule["nodes"]:
            detail = "; ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
            problems.append(f"{where}: {rule['id']} ({rule['impact']}): {rule['help']}: "
                            f"{' '.join(map(str, node['target']))}: {detail}")
    return problems


# The document's width against the window's, and the outermost visible elements reaching past
# the window's right edge that no scrolling box of their own holds (those may scroll inside it).
_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const scrolls = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
  const held = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
                         if (scrolls(p)) return true; return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                     + [...el.classList].slice(0, 2).map(c => '.' + c).join('');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    if (getComputedStyle(el).visibility === 'hidden' || held(el)) continue;
    if (out.some(o => o.contains(el))) continue;
    out.push(el);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width,
          wide: out.slice(0, 5).map(el => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`)};
}"""


def horizontal_overflow(page) -> list[str]:
    """Why ``page`` scrolls sideways at its current width, or [] when it fits the window."""
    found = page.evaluate(_OVERFLOW_JS)
    where = urlsplit(page.url).path
    problems = []
    if found["scrollWidth"] > found["width"]:
        problems.append(f"{where}: expected the page to fit {found['width']} px, "
                        f"found it {found['scrollWidth']} px wide")
    problems += [f"{where}: reaches past the window's edge ({found['width']} px): {element}"
                 for element in found["wide"]]
    return problems
