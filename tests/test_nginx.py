"""The section as nginx serves it (deploy/nginx/cchc.conf): Debian's nginx is started on
127.0.0.1 over the shipped site, and the tests read what it sends: content types, caching,
compression, the 404 page and the security headers; then Chromium loads pages through it and
must see no Content-Security-Policy violation, and frames the embed page from the portal.
"""

from __future__ import annotations

import gzip
import http.client
import http.server
import functools
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from browser import require, require_chromium
from cchc.deploy import nginx_conf
from conftest import PROJECT, CCHC
from nginx_server import Nginx, available, free_port

SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"
FEEDS_RSS = ["feed.xml", "ban-tin/feed.xml", "thu-tuc-hanh-chinh/feed.xml", "chu-de/iso-9001/feed.xml"]
SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin"}
# Source expressions a policy may use: none of them names another host.
KEYWORDS = {"'none'", "'self'", "'wasm-unsafe-eval'", "'unsafe-hashes'", "data:"}
HASH = re.compile(r"^'sha256-[A-Za-z0-9+/]{43}='$")


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def policy(self) -> dict[str, list[str]]:
        """The Content-Security-Policy as {directive: [sources]}."""
        directives = [d.split() for d in self.headers["content-security-policy"].split(";") if d.strip()]
        return {d[0]: d[1:] for d in directives}

    def text(self) -> bytes:
        return gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body


@pytest.fixture(scope="module")
def portal_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def portal_origin(portal_port) -> str:
    # The browser test frames the embed page from a page on this origin.
    return f"http://localhost:{portal_port}"


@pytest.fixture(scope="module")
def server(shipped, portal_origin, tmp_path_factory):
    """nginx serving the shipped site at /cchc/ with the conf made from the shipped template."""
    require(available(), "no nginx at /usr/sbin/nginx (apt-get install nginx-light)")
    assert shipped.returncode == 0, shipped.log
    folder = tmp_path_factory.mktemp("nginx")
    conf = folder / "cchc.conf"
    template = (PROJECT / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    conf.write_text(nginx_conf.render(template, site_url=SITE_URL, code=nginx_conf.inline_code(shipped.site),
                                      origin=portal_origin, live=str(shipped.site)), encoding="utf-8")
    running = Nginx(conf, folder / "prefix")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def get(server):
    def fetch(path: str, **headers: str) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/cchc/" + path, headers={"Accept-Encoding": "gzip", **headers})
        answer = connection.getresponse()
        response = Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
        connection.close()
        return response
    return fetch


def one(site: Path, pattern: str) -> str:
    """The site-relative path of the first file matching ``pattern`` (it must exist)."""
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in the built site"
    return found[0].relative_to(site).as_posix()


# Content types, caching, compression.

@pytest.mark.parametrize("feed", FEEDS_RSS)
def test_rss_feeds_are_served_as_rss_in_utf8_and_revalidated(get, feed):
    response = get(feed)
    assert response.status == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert b"<rss" in response.text()


def test_the_atom_feed_is_served_as_atom_in_utf8(get):
    response = get("atom.xml")
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"


def test_html_is_utf8_compressed_and_revalidated(get, shipped):
    response = get("")
    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["content-encoding"] == "gzip" and "Accept-Encoding" in response.headers["vary"]
    assert response.text() == (shipped.site / "index.html").read_bytes()


def test_a_client_without_gzip_gets_the_file_as_it_is(get, shipped):
    response = get("", **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in response.headers
    assert response.body == (shipped.site / "index.html").read_bytes()


def test_files_with_a_hash_in_their_name_are_cached_for_a_year(get, shipped):
    hashed = [one(shipped.site, "assets/stylesheets/main.*.min.css"),
              one(shipped.site, "assets/javascripts/bundle.*.min.js"),
              one(shipped.site, "pagefind/fragment/*.pf_fragment"),
              one(shipped.site, "pagefind/index/*.pf_index"),
              one(shipped.site, "pagefind/*.pf_meta")]
    for path in hashed:
        response = get(path)
        assert response.status == 200, path
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable", path


def test_files_without_a_hash_are_revalidated(get):
    for path in ["assets/cchc.css", "assets/cchc-search.js", "pagefind/pagefind.js", "pagefind/pagefind-entry.json"]:
        response = get(path)
        assert response.status == 200, path
        assert response.headers["cache-control"] == "no-cache", path


def test_pagefind_index_files_are_not_compressed_twice(get, shipped):
    path = one(shipped.site, "pagefind/fragment/*.pf_fragment")
    response = get(path)
    assert "content-encoding" not in response.headers
    assert response.body == (shipped.site / path).read_bytes()


def test_an_unknown_address_gets_the_sites_404_page_with_the_same_headers(get, shipped):
    response = get("khong-co-trang-nay/")
    assert response.status == 404
    assert response.text() == (shipped.site / "404.html").read_bytes()
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" in response.headers
    for name, value in SECURITY.items():
        assert response.headers[name] == value


def test_a_folder_without_its_slash_is_redirected_on_this_host(get):
    response = get("tin-tuc")
    assert response.status == 301 and response.headers["location"] == "/cchc/tin-tuc/"


# Security headers.

def test_every_response_names_no_external_host_and_allows_no_unsafe_inline(get, shipped, portal_origin):
    paths = ["", one(shipped.site, "tin-tuc/2022/*/index.html"), "nhung/", "feed.xml",
             one(shipped.site, "ban-tin/*/*.pdf"), "assets/cchc.css", "khong-co/"]
    for path in paths:
        response = get(path)
        for name, value in SECURITY.items():
            assert response.headers[name] == value, path
        policy = response.policy()
        assert policy["default-src"] == ["'none'"], path
        for directive, sources in policy.items():
            for source in sources:
                if directive == "frame-ancestors" and source == portal_origin:
                    continue
                assert source in KEYWORDS or HASH.match(source), (path, directive, source)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        assert "'unsafe-eval'" not in response.headers["content-security-policy"]


def test_scripts_run_only_from_the_site_or_by_hash_and_wasm_is_allowed_for_search(get, shipped):
    policy = get("").policy()
    code = nginx_conf.inline_code(shipped.site)
    assert set(policy["script-src"]) == {"'self'", "'wasm-unsafe-eval'", *code.scripts}
    assert 1 <= len(code.scripts) <= 12  # Material's few inline scripts, one per page depth
    # Style attributes run by hash only; a site without any allows none.
    expected = {"'unsafe-hashes'", *code.style_attrs} if code.style_attrs else {"'none'"}
    assert set(policy["style-src-attr"]) == expected
    assert code.handlers == ()


def test_pages_refuse_to_be_framed_but_the_embed_page_lets_the_portal_frame_it(get, shipped, portal_origin):
    for path in ["", one(shipped.site, "tin-tuc/2022/*/index.html"), one(shipped.site, "thu-tuc-hanh-chinh/*/index.html"),
                 "ban-tin/", "feed.xml"]:
        response = get(path)
        assert response.policy()["frame-ancestors"] == ["'none'"], path
        assert response.headers["x-frame-options"] == "DENY", path
    for path in ["nhung/", "nhung/iso-9001/"]:
        response = get(path)
        assert response.status == 200
        assert response.policy()["frame-ancestors"] == [portal_origin], path
        assert "x-frame-options" not in response.headers, path


def test_bulletin_pdfs_may_be_framed_by_the_site_itself_only(get, shipped):
    response = get(one(shipped.site, "ban-tin/*/*.pdf"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.policy()["frame-ancestors"] == ["'self'"]
    assert response.headers["x-frame-options"] == "SAMEORIGIN"


# The conf in the repository, and where its portal origin comes from.

def test_the_shipped_conf_is_up_to_date_with_the_template_and_the_site(shipped):
    """deploy/nginx/cchc.conf is what `cchc nginx-conf` makes: its CSP hashes are the site's."""
    done = subprocess.run([*CCHC, "nginx-conf", "--check", "--site", str(shipped.site)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_portal_origin_comes_from_mkdocs_yml(shipped, tmp_path):
    out = tmp_path / "cchc.conf"
    done = subprocess.run([*CCHC, "nginx-conf", "--site", str(shipped.site),
                           "-o", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    embed = [line for line in out.read_text(encoding="utf-8").splitlines() if "frame-ancestors https" in line]
    assert len(embed) == 1 and "frame-ancestors https://skhcn.quangngai.gov.vn\"" in embed[0]


@pytest.mark.parametrize("value", ["https://portal.gov.vn/cchc/", "https://a.gov.vn; script-src *", "*",
                                   "portal.gov.vn", "https://Portal.gov.vn", "javascript:alert(1)", 42])
def test_a_portal_origin_that_is_not_an_origin_is_refused(value):
    with pytest.raises(nginx_conf.ConfError, match="ghi nguồn \\(origin\\) như https://portal.example.gov.vn"):
        nginx_conf.portal_origin(value, SITE_URL)


def test_without_a_portal_origin_the_sites_own_origin_may_frame_the_embed_page():
    assert nginx_conf.portal_origin(None, SITE_URL) == "https://skhcn.quangngai.gov.vn"


# In the browser, through nginx.

_WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture(scope="module")
def watched(browser, server):
    """A browser context on nginx that records CSP violations and console errors of every page."""
    require_chromium()
    context = browser.new_context()
    context.add_init_script(_WATCH_CSP)
    messages: list[str] = []
    context.on("console", lambda m: messages.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    yield context, messages
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_a_post_a_procedure_and_a_search_run_with_no_csp_violation(watched, server, shipped):
    context, messages = watched
    page = context.new_page()
    for path in [one(shipped.site, "tin-tuc/2022/*/index.html"), one(shipped.site, "thu-tuc-hanh-chinh/*/index.html"),
                 one(shipped.site, "ban-tin/*/so-*/index.html"), "khong-co/"]:
        page.goto(f"{server.origin}/cchc/{path.removesuffix('index.html')}")
        page.wait_for_load_state("networkidle")
        # Material's inline scripts ran: its theme script sets __md_scope on every page.
        assert page.evaluate("typeof __md_scope") == "object", path
        assert violations(page) == [], path
    page.goto(f"{server.origin}/cchc/")
    box = page.get_by_role("combobox")
    box.click()
    box.fill("thu tuc hanh chinh")
    options = page.get_by_role("option")
    options.first.wait_for(state="visible", timeout=20_000)
    page.wait_for_load_state("networkidle")
    assert options.count() > 0
    assert violations(page) == []
    refused = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert refused == []
    page.close()


def test_the_portal_can_frame_the_embed_page_and_no_other_page(browser, server, portal_port, tmp_path):
    require_chromium()
    (tmp_path / "portal.html").write_text(
        f'<!doctype html><title>Cổng</title>'
        f'<iframe id="embed" src="{server.origin}/cchc/nhung/"></iframe>'
        f'<iframe id="home" src="{server.origin}/cchc/"></iframe>', encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    portal = http.server.ThreadingHTTPServer(("127.0.0.1", portal_port), handler)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://localhost:{portal_port}/portal.html")
        page.wait_for_load_state("networkidle")
        embed = page.frame(url=f"{server.origin}/cchc/nhung/")
        assert embed is not None and embed.locator("a").count() > 0, [f.url for f in page.frames]
        # A refused frame shows the browser's error page instead of the site.
        home = [f for f in page.frames if f.url == f"{server.origin}/cchc/"]
        assert home == [] or home[0].locator("a").count() == 0
        # From any other origin (here the site's own host), even the embed page is refused.
        (tmp_path / "other.html").write_text(f'<!doctype html><iframe src="{server.origin}/cchc/nhung/"></iframe>',
                                             encoding="utf-8")
        page.goto(f"http://127.0.0.1:{portal_port}/other.html")
        page.wait_for_load_state("networkidle")
        other = page.frame(url=f"{server.origin}/cchc/nhung/")
        assert other is None or other.locator("a").count() == 0
    finally:
        context.close()
        portal.shutdown()
        portal.server_close()


def test_inline_code_is_read_from_the_built_pages_and_data_blocks_are_not_code(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text(
        '<!doctype html><html><head><script></script><script type="application/json">{"a": 1}</script>'
        '<script src="x.js"></script><style></style></head>'
        '<body><p style="">x</p><button onclick="go()">Đi</button></body></html>', encoding="utf-8")
    code = nginx_conf.inline_code(tmp_path)
    empty = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"  # sha256 of nothing
    assert code.scripts == (empty,) and code.styles == (empty,) and code.style_attrs == (empty,)
    assert code.handlers == ("a/index.html: <button onclick=...>",)
