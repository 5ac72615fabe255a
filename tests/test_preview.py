"""Preview (`cchc serve`): after saves, additions, deletions, renames, a plan edit and a
content error, the served site is what a clean `mkdocs build` writes from the same content."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cchc.text import slugify
from conftest import EPOCH_2023, PROJECT, site_config, CCHC
from support.vietnamese import not_vietnamese

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

STARTUP_SECONDS = 300
CHANGE_SECONDS = 120
ENVIRON = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023, "NO_MKDOCS_2_WARNING": "1"}
ENVIRON.pop("CCHC_AS_OF", None)
POST = "content/news/2022/hoi-nghi-tong-ket-cchc-2021-trien-khai-nhiem-vu-2022.md"
# What the preview adds to a page as it serves it: the livereload script, the problems notice.
LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>(?=</body>)", re.S)
NOTICE = re.compile(rb'(?<=>)<div id="cchc-preview-problems" .*?</ul></div>', re.S)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """`cchc serve` running on a copy of the shipped content, on a free localhost port."""

    def __init__(self, root: Path, log_path: Path):
        self.root = root
        self.site = root / "preview-site"
        self.port = free_port()
        self.log_path = log_path
        self._log = open(log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [*CCHC, "serve", "-a", f"127.0.0.1:{self.port}", "--no-search",
             "-d", str(self.site)], cwd=root, env=ENVIRON, stdout=self._log, stderr=subprocess.STDOUT)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8")

    def get(self, path: str) -> tuple[int, bytes]:
        """Status and body of a site-relative path (or of a server path starting with /)."""
        url = f"http://127.0.0.1:{self.port}" + (path if path.startswith("/") else f"/cchc/{path}")
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def wait(self, path: str, condition, seconds: float = CHANGE_SECONDS) -> bytes:
        """Ask for ``path`` until condition(status, body) holds; fail with the server's log."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the preview stopped:\n{self.log()}"
            try:
                status, body = self.get(path)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status, body = 0, b""
            if condition(status, body):
                return body
            time.sleep(0.2)
        raise AssertionError(f"/{path} never met the condition within {seconds} s; log:\n{self.log()[-5000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()


def shows(text: str):
    return lambda status, body: status == 200 and text.encode() in body


def gone(status: int, body: bytes) -> bool:
    return status == 404


def notice(body: bytes):
    """The problems notice at the top of a served page, or None."""
    return BeautifulSoup(body, "html.parser").select_one("#cchc-preview-problems")


def clean_build(root: Path) -> Path:
    out = root / "clean-site"
    shutil.rmtree(out, ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=root, env=ENVIRON,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def assert_same_as_clean_build(preview: Preview) -> None:
    """Every file a clean build writes (but the search bundle) is served by the preview with the
    same bytes (HTML less the livereload script), and the preview has no file the build has not."""
    clean = clean_build(preview.root)
    expected = {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()
                and p.relative_to(clean).parts[0] != "pagefind"}
    # Asked for first: a page the last save changed is rendered when asked for, if the preview's
    # worker has not rendered it yet.
    different = []
    for rel in sorted(expected):
        status, body = preview.get(rel)
        if rel.endswith(".html"):
            body = NOTICE.sub(b"", LIVERELOAD.sub(b"", body, count=1), count=1)
        if status != 200 or body != (clean / rel).read_bytes():
            different.append(rel)
    assert different == []
    written = {p.relative_to(preview.site).as_posix() for p in preview.site.rglob("*") if p.is_file()}
    assert sorted(written - expected) == [] and sorted(expected - written) == []


@pytest.fixture
def preview(tmp_path):
    root = tmp_path / "site-src"
    shutil.copytree(PROJECT / "content", root / "content")
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    running = Preview(root, tmp_path / "serve.log")
    try:
        running.wait("", shows("<html"), STARTUP_SECONDS)
        yield running
    finally:
        running.stop()


def test_the_previews_search_indexes_every_page_a_build_indexes(tmp_path, monkeypatch):
    from cchc_mkdocs.preview.site import Preview as SitePreview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2023)  # the clean build's moment
    monkeypatch.delenv("CCHC_AS_OF", raising=False)
    root = tmp_path / "site-src"
    shutil.copytree(PROJECT / "content", root / "content")
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    clean = clean_build(root)
    preview = SitePreview(str(root / "mkdocs.yml"), str(tmp_path / "preview-site"), search=True)
    try:
        assert not preview.update(None).failed
    finally:
        preview.close()
    counted = [json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
               .get("vi", {}).get("page_count", 0) for site in (clean, tmp_path / "preview-site")]
    assert counted[0] > 100 and counted[1] == counted[0]


def test_a_link_added_in_a_posts_text_is_checked_by_the_preview_as_by_the_build(tmp_path, monkeypatch):
    from cchc_mkdocs.preview.site import Preview as SitePreview

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2023)
    root = tmp_path / "site-src"
    shutil.copytree(PROJECT / "content", root / "content")
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    preview = SitePreview(str(root / "mkdocs.yml"), str(tmp_path / "preview-site"), search=False)
    try:
        assert not preview.update(None).failed
        post = root / POST
        lines = post.read_text(encoding="utf-8").splitlines()
        post.write_text("\n".join([*lines, "", "Xem [tin cũ](tin-da-xoa.md)."]) + "\n", encoding="utf-8")
        report = preview.update({str(post)})
        assert report.failed
        assert ("ERROR", f"{POST}:{len(lines) + 2}: Nội dung: liên kết 'tin-da-xoa.md' không dẫn tới tệp nào của "
                "chuyên mục (tìm ở 'content/news/2022/tin-da-xoa.md'); sửa đường dẫn, tính từ thư mục của tệp này "
                "(như 'ten-tep.pdf' hoặc '../2022/ten-bai.md'), hoặc ghi đủ địa chỉ trang, bắt đầu bằng https://"
                ) in preview.problems, preview.problems
        post.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert not preview.update({str(post)}).failed and preview.problems == []
    finally:
        preview.close()


def url_of(post: Path) -> str:
    """The page of a post: its address is its slug, or else its file name (never its title)."""
    slug = re.search(r"^slug: (.*)$", post.read_text(encoding="utf-8"), re.M)
    return f"tin-tuc/{post.parent.name}/{slug.group(1) if slug else slugify(post.stem)}/"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edits_additions_deletions_and_errors_through_a_running_preview_end_as_a_clean_build(preview):
    root = preview.root
    post_url = url_of(root / POST)
    page = preview.wait(post_url, shows("<html"))
    epoch = int(re.search(rb"livereload\((\d+),", page).group(1))

    # A post's text: its page changes, and a page open in the browser is told to reload.
    (root / POST).write_text((root / POST).read_text(encoding="utf-8") + "\nĐoạn mới thêm khi xem trước.\n",
                             encoding="utf-8")
    preview.wait(post_url, shows("Đoạn mới thêm khi xem trước."))
    status, reload = preview.get(f"/livereload/{epoch}/1")
    assert status == 200 and int(reload) > epoch

    # Its title: the page stays at its address with the new title; the lists it is on show it.
    edit(root, POST, "title: ", "title: Đã sửa tiêu đề - ")
    preview.wait(post_url, shows("Đã sửa tiêu đề"))
    for listing in ("tin-tuc/2022/", "chu-de/van-ban-chi-dao-cchc/"):
        assert "Đã sửa tiêu đề" in preview.get(listing)[1].decode(), listing
    # Its slug, changed on purpose: the new page replaces the old one.
    old_slug = re.search(r"^slug: .*$", (root / POST).read_text(encoding="utf-8"), re.M).group(0)
    edit(root, POST, old_slug, "slug: hoi-nghi-xem-truoc")
    preview.wait(post_url, gone)
    post_url = "tin-tuc/2022/hoi-nghi-xem-truoc/"
    preview.wait(post_url, shows("Đã sửa tiêu đề"))

    # A procedure's and a bulletin's text.
    procedure = next((root / "content/procedures").rglob("*.md"))
    procedure.write_text(procedure.read_text(encoding="utf-8") + "\nHướng dẫn thêm khi xem trước.\n",
                         encoding="utf-8")
    bulletin = root / "content/bulletins/2022/03.md"
    bulletin.write_text(bulletin.read_text(encoding="utf-8") + "\nLời giới thiệu sửa khi xem trước.\n",
                        encoding="utf-8")
    preview.wait("ban-tin/2022/so-3/", shows("Lời giới thiệu sửa khi xem trước."))
    preview.wait("thu-tuc-hanh-chinh/", shows("<html"))

    # A new post appears, on its page and in the news list.
    new = root / "content/news/2022/tin-moi-xem-truoc.md"
    new.write_text("---\ntitle: Tin mới khi xem trước\ndate: 2022-12-30\ntopics: [II.1]\n"
                   "summary: Tin mới thêm khi đang xem trước.\n---\n\nNội dung.\n", encoding="utf-8")
    preview.wait("tin-tuc/2022/tin-moi-xem-truoc/", shows("Tin mới khi xem trước"))
    assert "Tin mới khi xem trước" in preview.get("tin-tuc/")[1].decode()

    # A renamed file moves its post (its address is its file name); a deleted one disappears from its page and the lists.
    renamed = root / "content/news/2022/tin-doi-ten.md"
    new.rename(renamed)
    edit(root, "content/news/2022/tin-doi-ten.md", "title: Tin mới khi xem trước", "title: Tin đổi tên")
    preview.wait("tin-tuc/2022/tin-doi-ten/", shows("Tin đổi tên"))
    preview.wait("tin-tuc/2022/tin-moi-xem-truoc/", gone)
    deleted = sorted((root / "content/news/2022").glob("chuyen-muc-bao-quang-ngai-2022-0*.md"))[0]
    deleted_url = url_of(deleted)
    assert preview.get(deleted_url)[0] == 200
    deleted.unlink()
    preview.wait(deleted_url, gone)
    # It was one of the year's twelve newspaper slots: the plan check now finds the form overdue,
    # a warning in the log (overdue items do not stop publishing: extra.cchc.overdue).
    overdue = re.compile(r"content/plans/2022.yml:\d+: III.3/newspaper: quá hạn: .* đã đăng 11/12")
    deadline = time.monotonic() + 60
    while not overdue.search(preview.log()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert overdue.search(preview.log()), preview.log()[-3000:]

    # A plan edit: topic names on topic pages change, and coverage is checked again.
    edit(root, "content/plans/2022.yml", "name: Hệ thống quản lý chất lượng ISO 9001:2015", "name: ISO 9001 tại Sở")
    preview.wait("chu-de/", shows("ISO 9001 tại Sở"))

    assert_same_as_clean_build(preview)

    # A content error: the server stays up, every page says where and what, until it is fixed.
    edit(root, POST, "date: 2022-", "date: 2022-13-")
    body = preview.wait("", lambda status, body: status == 200 and POST.encode() in body)
    lines = [li.get_text() for li in notice(body).select("li")]
    assert any(re.match(rf"{re.escape(POST)}:\d+: Ngày đăng \(date\): ", line) for line in lines), lines
    assert not_vietnamese(line for line in lines if line.startswith(POST)) == []
    assert notice(preview.get("tin-tuc/")[1]) is not None
    assert re.search(rf"{re.escape(POST)}:\d+: Ngày đăng \(date\): ", preview.log())
    edit(root, POST, "date: 2022-13-", "date: 2022-")
    preview.wait(post_url, lambda status, body: status == 200 and POST.encode() not in body)
    assert preview.process.poll() is None

    assert_same_as_clean_build(preview)


DEFERRED = """
import json, sys
from pathlib import Path
from cchc_mkdocs.preview.site import Preview
site = Path(sys.argv[2])
preview = Preview(None, str(site), search=False)
preview.update(None)
import gc
frozen = gc.get_freeze_count()
done = (preview.load_cache.parsed, preview.load_cache.checked, preview.render_cache.made["post"])
pages = {file.src_uri: file.page for file in preview.files.documentation_pages()}
post = Path(sys.argv[3])
post.write_text(post.read_text(encoding="utf-8").replace("title: ", "title: Tiêu đề đổi khi xem trước - ", 1),
                encoding="utf-8")
report = preview.update({str(post.resolve())})
done = [b - a for a, b in zip(done, (preview.load_cache.parsed, preview.load_cache.checked,
                                      preview.render_cache.made["post"]))]
kept = sum(preview.files.get_file_from_path(src_uri).page is page for src_uri, page in pages.items())
year_list = site / "tin-tuc/2022/index.html"
evidence = site / "ke-hoach/2022/minh-chung-tuyen-truyen-cchc-2022.csv"
late = [str(evidence) in preview.waiting and str(site / "feed.xml") in preview.waiting,
        str(site / "ke-hoach/2022/index.html") in preview.waiting,
        "Tiêu đề đổi khi xem trước" in evidence.read_text(encoding="utf-8")]
shown_before = "Tiêu đề đổi khi xem trước" in year_list.read_text(encoding="utf-8")
waiting = len(preview.waiting)
asked = preview.render_waiting(str(year_list))
shown_after = "Tiêu đề đổi khi xem trước" in year_list.read_text(encoding="utf-8")
left = len(preview.waiting)
evidence_asked = preview.render_waiting(str(evidence))
late.append("Tiêu đề đổi khi xem trước" in evidence.read_text(encoding="utf-8"))
import threading, time
threading.Thread(target=preview.render_all_waiting, daemon=True).start()
deadline = time.monotonic() + 300
while preview.waiting and time.monotonic() < deadline:
    time.sleep(0.05)
preview.close()
print(json.dumps({"failed": report.failed, "rendered": report.rendered, "waiting": waiting, "done": done,
                  "asked": asked, "late": late, "frozen": frozen, "evidence_asked": evidence_asked, "before": shown_before, "after": shown_after, "left": left,
                  "left_by_worker": len(preview.waiting), "pages": len(pages), "kept": kept,
                  "topic_page": "Tiêu đề đổi khi xem trước" in (site / "chu-de/index.html").read_text(encoding="utf-8")
                  or any("Tiêu đề đổi khi xem trước" in p.read_text(encoding="utf-8")
                         for p in (site / "chu-de").glob("*/index.html"))}))
"""


def test_a_save_renders_a_changed_page_when_it_is_asked_for(tmp_path):
    """After a title change the lists it is on wait to be rendered; asking for one renders it at
    once (the server does so before serving it; a worker thread renders the rest meanwhile)."""
    root = tmp_path / "site-src"
    shutil.copytree(PROJECT / "content", root / "content")
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", DEFERRED, str(PROJECT / "scripts"), str(tmp_path / "out"), POST],
                          cwd=root, env=ENVIRON, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["failed"] is False and result["rendered"] == 0
    # The rebuild went through the caches the preview lends each build: one file parsed, one
    # post checked, one post's page made (tests/test_preview_caches.py for the caches themselves).
    assert result["done"] == [1, 1, 1]
    assert result["waiting"] >= 3  # the post's own page, its year's list, its topics' pages, ...
    assert result["before"] is False and result["asked"] is True and result["after"] is True
    assert result["left"] == result["waiting"] - 1
    # The feeds, the year's report and its downloads wait too (the .docx was a third of a title
    # save's rebuild); asked for, the CSV of evidence is made then, with the new title.
    assert result["late"] == [True, True, False, True] and result["evidence_asked"] is True
    # The first build's objects are left out of the garbage collector's later passes (site.py).
    assert result["frozen"] > 0
    # The worker thread renders the others without being asked: the post's topic page too.
    assert result["left_by_worker"] == 0 and result["topic_page"] is True
    # MkDocs' Page object of every page is kept (it made one for each page on every rebuild),
    # but the saved post's if its address follows its title.
    assert result["kept"] >= result["pages"] - 1


# The preview is a web server on the editor's machine: it answers like the published site.

_WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
"""


def headers_of(preview: Preview, path: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{preview.port}{path}", timeout=120) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def test_the_preview_sends_a_policy_refuses_a_nul_and_names_the_file_of_a_lone_equals_sign(preview, browser):
    for path in ("/cchc/", "/cchc/tin-tuc/", "/cchc/assets/cchc.css", "/cchc/khong-co/"):
        status, headers = headers_of(preview, path)
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        policy = headers.get("Content-Security-Policy", "")
        assert policy.startswith("default-src 'none'; script-src 'self'") and "'unsafe-inline'" not in policy, path
    # A NUL in the address names no file: a 400, and no traceback in the terminal.
    for path in ("/cchc/%00", "/cchc/tin-tuc/%00/index.html"):
        status, headers = headers_of(preview, path)
        assert status == 400 and headers.get("X-Content-Type-Options") == "nosniff", path
    assert "Traceback" not in preview.log()
    # The page works under its policy: Material's and the live reload's scripts run.
    from browser import require_chromium
    require_chromium()
    context = browser.new_context()
    context.add_init_script(_WATCH_CSP)
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{preview.port}/cchc/")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof __md_scope") == "object"
        assert page.evaluate("typeof livereload") == "function"
        assert page.evaluate("window.__cspViolations") == []
    finally:
        context.close()
    # A lone "=" saved as a value: the notice names the file, the line and the field.
    text = (preview.root / POST).read_text(encoding="utf-8")
    (preview.root / POST).write_text(re.sub(r"(?m)^summary: .*$", "summary: =", text, count=1), encoding="utf-8")
    body = preview.wait("", lambda status, body: status == 200 and POST.encode() in body)
    lines = [li.get_text() for li in notice(body).select("li")]
    assert f"{POST}:5: Tóm tắt (summary): '=' đứng một mình không dùng được: YAML 1.1 đọc nó là một khoá đặc biệt, " \
           "không phải chữ; nếu là chữ, đặt trong ngoặc kép: \"=\"" in lines, lines
    assert "Traceback" not in preview.log() and preview.process.poll() is None
