"""The editors' interface (/cchc/quan-tri/, Decap CMS) as nginx serves it: a policy of its own.

Under the site's policy Decap does not start (measured in Chromium: it compiles its config
schema with ``new Function`` and writes <style> elements at run time). /quan-tri/ gets only
those two exceptions and the configured git server; every other page keeps refusing them.

A small site is built with a production CMS setting (a GitLab at GIT_SERVER), served by
Debian's nginx on 127.0.0.1 with the conf made from the shipped template, and opened in Chromium
as ``cchc.localhost`` (Chromium resolves it to 127.0.0.1): on 127.0.0.1 or localhost Decap would
look for its local backend, which production never has.
"""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser import Traffic, require, require_chromium, require_node_tool
from cchc.deploy import nginx_conf
from cchc.site import cms
from conftest import PROJECT, run_build, CCHC
from nginx_server import Nginx, available, free_port
from support.decap import edit, local_backend  # `cchc edit`, which starts the local backend
from test_cms import _png  # a small PNG

# This module's fixtures that build a site or start a program: their tests are marked `site`.
SITE_FIXTURES = {"site", "editing"}

SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"
GIT_SERVER = "https://git.skhcn.example.vn"
PORTAL = "https://skhcn.quangngai.gov.vn"
ADMIN_EXCEPTIONS = {"'unsafe-eval'", "'unsafe-inline'", GIT_SERVER, "blob:"}
_WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def policy_of(header: str) -> dict[str, list[str]]:
    directives = [d.split() for d in header.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A site whose CMS commits to a GitLab at GIT_SERVER, as a department would set it."""
    require_node_tool(PROJECT / cms.DECAP_DIST / cms.DECAP_SCRIPT)
    root = tmp_path_factory.mktemp("cms-prod") / "site-src"
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    built = run_build(root, cms={"base_url": GIT_SERVER + "/", "repo": "skhcn/cchc", "app_id": "0123456789abcdef"})
    assert built.returncode == 0, built.log
    return built.site


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    require(available(), "no nginx at /usr/sbin/nginx (apt-get install nginx-light)")
    folder = tmp_path_factory.mktemp("nginx-cms")
    conf = folder / "cchc.conf"
    template = (PROJECT / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    conf.write_text(nginx_conf.render(template, site_url=SITE_URL, code=nginx_conf.inline_code(site), origin=PORTAL,
                                      live=str(site), git_server=nginx_conf.git_origin(GIT_SERVER + "/"),
                                      public_cms_config=True),
                    encoding="utf-8")
    running = Nginx(conf, folder / "prefix")
    yield running
    running.stop()


def get(server, path: str, encoding: str = "gzip") -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", "/cchc/" + path, headers={"Accept-Encoding": encoding})
    answer = connection.getresponse()
    headers = {k.lower(): v for k, v in answer.getheaders()}
    body = answer.read()
    connection.close()
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return answer.status, headers, body


# The headers.

def test_the_interface_has_its_own_policy_with_only_decaps_exceptions_and_the_git_server(server):
    status, headers, _ = get(server, "quan-tri/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    policy = policy_of(headers["content-security-policy"])
    assert policy == {
        "default-src": ["'none'"],
        "script-src": ["'self'", "'unsafe-eval'"],      # ajv compiles Decap's config schema
        "style-src": ["'self'"],
        "style-src-elem": ["'self'", "'unsafe-inline'"],  # emotion writes <style> at run time
        "style-src-attr": ["'none'"],                     # React sets styles through the DOM
        "img-src": ["'self'", "blob:", GIT_SERVER],
        "connect-src": ["'self'", "blob:", GIT_SERVER],  # the git server's API and OAuth token; blob:
                                                          # Decap reads a picture chosen for upload
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-robots-tag"] == "noindex, nofollow"
    assert headers["cache-control"] == "no-cache"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_config_yml_is_yaml_in_utf8_and_never_cached(server, site):
    status, headers, body = get(server, "quan-tri/config.yml")
    assert status == 200
    assert headers["content-type"] == "text/yaml; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert headers["content-encoding"] == "gzip"
    assert body == (site / "quan-tri/config.yml").read_bytes()
    assert headers["x-robots-tag"] == "noindex, nofollow"
    assert policy_of(headers["content-security-policy"])["frame-ancestors"] == ["'none'"]


def test_the_cms_script_and_its_chunks_are_javascript_gzipped_and_not_indexed(server, site):
    chunk = sorted(p.name for p in (site / "quan-tri").glob("*.decap-cms.js"))[0]
    for name in (cms.DECAP_SCRIPT, chunk, cms.WIDGETS_SCRIPT):
        status, headers, body = get(server, "quan-tri/" + name)
        assert status == 200, name
        assert headers["content-type"] == "application/javascript; charset=utf-8", name
        assert headers["content-encoding"] == "gzip", name
        assert body == (site / "quan-tri" / name).read_bytes(), name
        assert headers["x-robots-tag"] == "noindex, nofollow", name


def test_every_other_page_keeps_the_strict_policy_without_the_git_server(server, site):
    admin = policy_of(get(server, "quan-tri/")[1]["content-security-policy"])
    for path in ["", "nhung/", "feed.xml", "huong-dan/", "khong-co/", "assets/cchc.css"]:
        _, headers, _ = get(server, path)
        header = headers["content-security-policy"]
        policy = policy_of(header)
        for exception in ADMIN_EXCEPTIONS:
            assert exception not in header, (path, exception)
        assert policy["connect-src"] == ["'self'"] and "'unsafe-inline'" not in policy["style-src-elem"], path
        assert "x-robots-tag" not in headers, path
        assert policy != admin


def test_without_a_git_server_the_interface_reaches_only_this_site():
    policy = policy_of(nginx_conf.admin_policy(None))
    assert policy["connect-src"] == ["'self'", "blob:"]
    assert policy["img-src"] == ["'self'", "blob:"]
    shipped = (PROJECT / "deploy/nginx/cchc.conf").read_text(encoding="utf-8")
    assert "(extra.cchc.cms.base_url: none set)" in shipped
    assert nginx_conf.admin_policy(None) in shipped


@pytest.mark.parametrize("value, origin", [
    ("https://git.example.gov.vn", "https://git.example.gov.vn"),
    (" https://git.example.gov.vn/ ", "https://git.example.gov.vn"),
    ("https://git.example.gov.vn:8443/gitlab/", "https://git.example.gov.vn:8443"),
    (None, None), ("", None),
])
def test_the_git_server_origin_is_taken_from_base_url(value, origin):
    assert nginx_conf.git_origin(value) == origin


@pytest.mark.parametrize("value", ["https://git.gov.vn; script-src *", "https://git.gov.vn\" always; add_header X 1",
                                   "https://Git.gov.vn", "git.gov.vn", "javascript:alert(1)", "https://u@git.gov.vn",
                                   "https://git.gov.vn/a b", "https://git.gov.vn/?q=1", "*", 42, ["https://git.gov.vn"]])
def test_a_base_url_that_is_not_a_plain_address_is_refused(value):
    with pytest.raises(nginx_conf.ConfError, match="cms.base_url: đang ghi"):
        nginx_conf.git_origin(value)


def test_render_refuses_a_git_server_that_is_not_an_origin():
    with pytest.raises(nginx_conf.ConfError, match="máy chủ git: đang ghi"):
        nginx_conf.render("@ADMIN_CSP@", site_url=SITE_URL, code=nginx_conf.InlineCode((), (), (), ()),
                          origin=PORTAL, git_server="https://git.gov.vn; script-src *")


def _conf_script(tmp_path: Path, base_url: str) -> subprocess.CompletedProcess:
    """`cchc nginx-conf` on a project whose mkdocs.yml sets ``base_url`` (a site without pages)."""
    (tmp_path / "deploy/nginx").mkdir(parents=True)
    shutil.copy(PROJECT / nginx_conf.TEMPLATE, tmp_path / nginx_conf.TEMPLATE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: CCHC\nsite_url: {SITE_URL}\nextra:\n  cchc:\n    cms:\n"
                                         f"      backend: gitlab\n      base_url: {base_url}\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    return subprocess.run([*CCHC, "nginx-conf", "--root", str(tmp_path),
                           "--site", str(tmp_path / "site"), "-o", str(tmp_path / "cchc.conf")],
                          capture_output=True, text=True)


@pytest.mark.site
def test_the_conf_script_takes_the_git_server_from_mkdocs_yml(tmp_path):
    done = _conf_script(tmp_path, "https://git.skhcn.example.vn/gitlab/")
    assert done.returncode == 0, done.stderr
    lines = [line for line in (tmp_path / "cchc.conf").read_text(encoding="utf-8").splitlines()
             if "Content-Security-Policy" in line]
    admin = [policy_of(line.split('"')[1]) for line in lines if "'unsafe-eval'" in line]
    assert len(admin) == 2  # the interface and its config.yml
    assert all(p["connect-src"] == ["'self'", "blob:", "https://git.skhcn.example.vn"] for p in admin)
    assert sum("git.skhcn.example.vn" in line for line in lines) == 2


@pytest.mark.site
def test_the_conf_script_refuses_a_base_url_that_would_change_the_header(tmp_path):
    done = _conf_script(tmp_path, "'https://git.gov.vn; script-src *'")
    assert done.returncode == 2
    assert "cms.base_url: cần địa chỉ máy chủ git như https://git.example.gov.vn" in done.stderr
    assert not (tmp_path / "cchc.conf").exists()


# In Chromium, through nginx.

@pytest.fixture
def context(browser, server):
    """A browser context recording CSP violations, console messages and requests to other hosts
    (aborted: nothing leaves this machine)."""
    require_chromium()
    context = browser.new_context()
    context.add_init_script(_WATCH_CSP)
    context.messages, context.external = [], []
    context.traffic = Traffic(context)

    def route(request_route):
        url = request_route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "cchc.localhost":
            context.external.append(url)
            request_route.abort()
        else:
            request_route.continue_()

    context.route("**/*", route)
    context.on("console", lambda m: context.messages.append(f"{m.type}: {m.text}"))
    context.origin = f"http://cchc.localhost:{server.port}"
    yield context
    context.close()


def test_decaps_login_screen_renders_through_nginx_with_no_csp_violation(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{context.origin}/cchc/quan-tri/")
    # Decap read config.yml (backend gitlab) and shows its login button, in Vietnamese.
    page.get_by_role("button", name="Đăng nhập bằng GitLab").wait_for(timeout=60_000)
    context.traffic.settle(page)
    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    refused = [m for m in context.messages
               if "Content Security Policy" in m or "Refused to" in m or "was not yaml" in m]
    assert refused == []
    assert context.external == []


# Run as the page's own script (a file of the site): code run through Playwright's evaluate()
# is not held to the page's script-src.
_PROBE = """
window.__probe = (async () => {
  const found = {};
  try { found.eval = eval('1 + 1'); } catch (e) { found.eval = e.name; }
  try { found.newFunction = new Function('return 2')(); } catch (e) { found.newFunction = e.name; }
  const style = document.createElement('style');
  style.textContent = 'body { color: rgb(1, 2, 3); }';
  document.head.append(style);
  found.style = getComputedStyle(document.body).color;
  try { await fetch(@SERVER@ + '/api/v4/user'); found.fetch = 'sent'; }
  catch (e) { found.fetch = e.name; }
  await new Promise(done => setTimeout(done, 200));
  return found;
})();
"""


def test_the_rest_of_the_site_still_refuses_eval_inline_styles_and_the_git_server(context, site):
    (site / "csp-probe.js").write_text(_PROBE.replace("@SERVER@", json.dumps(GIT_SERVER)),
                                       encoding="utf-8")
    page = context.new_page()
    page.goto(f"{context.origin}/cchc/")
    context.traffic.settle(page)
    assert page.evaluate("typeof __md_scope") == "object"  # Material's hashed inline script ran
    assert page.evaluate("window.__cspViolations") == []
    page.evaluate("""() => new Promise(done => {
        const probe = document.createElement('script');
        probe.src = 'csp-probe.js';
        probe.onload = done;
        document.head.append(probe);
    })""")
    found = page.evaluate("window.__probe")
    assert found["eval"] == "EvalError" and found["newFunction"] == "EvalError"
    assert found["style"] != "rgb(1, 2, 3)"  # the injected <style> was not applied
    assert found["fetch"] == "TypeError"     # fetch() failed: connect-src refused it
    blocked = sorted({v.split(" ")[0] for v in page.evaluate("window.__cspViolations")})
    assert blocked == ["connect-src", "script-src", "style-src-elem"]
    # Refused by the policy before any request: the route never saw one.
    assert context.external == []


def test_the_same_probe_in_the_interface_is_allowed_what_decap_needs_and_no_other_host(context, site):
    (site / "quan-tri/csp-probe.js").write_text(
        _PROBE.replace("@SERVER@", json.dumps("https://other.example.vn")), encoding="utf-8")
    page = context.new_page()
    page.goto(f"{context.origin}/cchc/quan-tri/")
    page.get_by_role("button", name="Đăng nhập bằng GitLab").wait_for(timeout=60_000)
    page.evaluate("""() => new Promise(done => {
        const probe = document.createElement('script');
        probe.src = 'csp-probe.js';
        probe.onload = done;
        document.head.append(probe);
    })""")
    found = page.evaluate("window.__probe")
    assert found["eval"] == 2 and found["newFunction"] == 2
    assert found["style"] == "rgb(1, 2, 3)"
    assert found["fetch"] == "TypeError"  # a host other than the git server: refused
    assert [v.split(" ")[0] for v in page.evaluate("window.__cspViolations")] == ["connect-src"]
    assert context.external == []


# Past the login screen: the editor, with Decap's local backend standing in for the git server.

@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """A site built for a local backend (decap-server on its own port, writing into a temporary
    folder), served by nginx whose policy names that backend as the git server. Opened on
    127.0.0.1, Decap uses it: the policy is the production one with the git server's origin
    replaced by the backend's."""
    require_node_tool(PROJECT / edit.DECAP_SERVER)
    require(shutil.which("node") is not None, "no node on PATH (apt-get install nodejs)")
    require(available(), "no nginx at /usr/sbin/nginx (apt-get install nginx-light)")
    folder = tmp_path_factory.mktemp("cms-edit")
    root = folder / "site-src"
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    port = free_port()
    built = run_build(root, env={"CCHC_CMS_PORT": str(port)})
    assert built.returncode == 0, built.log
    conf = folder / "cchc.conf"
    template = (PROJECT / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    conf.write_text(nginx_conf.render(template, site_url=SITE_URL, code=nginx_conf.inline_code(built.site),
                                      origin=PORTAL, live=str(built.site), git_server=f"http://127.0.0.1:{port}",
                                      public_cms_config=True),
                    encoding="utf-8")
    running = Nginx(conf, folder / "prefix")
    try:
        # The guard answers the page served by nginx only.
        with local_backend(root, port, folder / "decap-server.log", f"http://127.0.0.1:{running.port}"):
            yield root, f"http://127.0.0.1:{running.port}/cchc/quan-tri/"
    finally:
        running.stop()


def test_writing_a_post_with_a_picture_in_decap_through_nginx_meets_no_csp_violation(browser, editing, tmp_path):
    root, url = editing
    picture = tmp_path / "anh-hoi-nghi.png"
    picture.write_bytes(_png())
    context = browser.new_context()
    context.add_init_script(_WATCH_CSP)
    messages, errors = [], []
    context.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Bộ sưu tập").wait_for()
        page.goto(url + "#/collections/tin-tuc/new")
        page.locator("[id^='title-field-']").fill("Tin viết qua nginx")
        page.locator("[id^='date-field-']").fill("2022-05-10T08:30")
        page.locator("[id^='summary-field-']").fill("Bài thử chính sách bảo mật của trang quản trị.")
        page.locator("[data-slate-editor]").click()  # the body, Decap's Markdown editor
        page.keyboard.type("Nội dung của bài viết.")
        page.locator("[id^='topics-field-']").click()
        page.keyboard.type("II.5")
        page.keyboard.press("Enter")
        page.get_by_text("Chọn một hình").click()
        page.set_input_files("input[type=file]", str(picture))
        page.get_by_text("Lấy những cái đã chọn").click()
        page.locator("[id^='image_alt-field-']").fill("Quang cảnh hội nghị")
        # The picture is shown from a blob: URL in the form and in the preview (Decap's iframe).
        page.locator("img[src^='blob:']").first.wait_for()
        page.frame_locator("iframe").locator("h1", has_text="Tin viết qua nginx").wait_for()
        page.get_by_text("Công bố", exact=True).click()
        page.get_by_text("Công bố ngay").click()
        page.get_by_text("Đã công bố").or_(page.get_by_text("Đã lưu")).first.wait_for()
        violations = page.evaluate("window.__cspViolations")
    finally:
        context.close()
    refused = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert violations == [] and refused == [] and errors == []
    written = sorted(p.name for p in (root / "content/news").rglob("*") if p.is_file())
    assert written == ["anh-hoi-nghi.png", "tin-viet-qua-nginx.md"]
    text = next((root / "content/news").rglob("tin-viet-qua-nginx.md")).read_text(encoding="utf-8")
    assert "Nội dung của bài viết." in text and "image: anh-hoi-nghi.png" in text
    stored = next((root / "content/news").rglob("anh-hoi-nghi.png"))
    assert stored.read_bytes() == picture.read_bytes()
