"""The editors' interface at /quan-tri/ (issue 22): Decap CMS, configured by the build.

The configuration is checked as data against the schema, the guide and the plan; the page is
checked as a page of the site (not linked from the navigation, the sitemap, the feeds or the
search index; valid HTML); two tests in Chromium write through the CMS and its local backend
into a temporary copy of a small site, and read the files it wrote.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from browser import (AXE_JS, VNU_JAR, Visit, axe_violations, base_url, require, require_java,
                     require_node_tool, serve)
from cchc.site import cms
from support import sitecheck
from cchc.content.load import load_site
from cchc.dates import build_time, parse_day, parse_when
from cchc.content.fields import BULLETIN_FIELDS, NEWS_FIELDS, PROCEDURE_FIELDS
from cchc.problems import ContentError
from conftest import EPOCH_2023, PROJECT, post, run_build, CCHC

from nginx_server import free_port  # noqa: E402
from support.decap import edit, local_backend  # noqa: E402  (`cchc edit` starts the backend)

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

NEWS = "content/news/2022"
PROCEDURE = "content/procedures/chuyen-giao-cong-nghe/dang-ky-chuyen-giao-cong-nghe.md"
WHEN = build_time({"SOURCE_DATE_EPOCH": EPOCH_2023})
VIETNAM = timezone(timedelta(hours=7))


def small_site(make_site) -> Path:
    """A small site: the 2022 plan, one post, and one field's procedures with their form."""
    root = make_site({f"{NEWS}/tin-co-san.md": post(title="Tin có sẵn", slug="tin-co-san",
                                                    unit="Văn phòng Sở")})
    folder = Path(PROCEDURE).parent
    shutil.copytree(PROJECT / folder, root / folder)
    return root


def config_of(root: Path, settings: cms.CmsSettings = cms.CmsSettings()) -> dict:
    site = load_site(root, WHEN)
    assert not site.problems, site.problems
    return cms.cms_config(site, settings, "https://skhcn.quangngai.gov.vn/cchc/")


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def fields_of(config: dict, name: str) -> dict[str, dict]:
    return {f["name"]: f for f in collection(config, name)["fields"]}


# --- The configuration, as data -----------------------------------------------------------------

@pytest.mark.parametrize("name, described", [("tin-tuc", NEWS_FIELDS), ("thu-tuc", PROCEDURE_FIELDS),
                                            ("ban-tin", BULLETIN_FIELDS)])
def test_each_form_has_every_described_field_with_its_name_and_explanation(make_site, name, described):
    fields = collection(config_of(small_site(make_site)), name)["fields"]
    # Decap writes the front matter in the form's order: the description's (the guide's, and for
    # procedures the importer's), then the body, so an edit moves no other field.
    assert [f["name"] for f in fields] == [d.name for d in described] + ["body"]
    for field, described_field in zip(fields, described):
        # The form's own words where the guide's speak of writing the file by hand.
        assert (field["label"], field["hint"]) == (described_field.label,
                                                   described_field.form_hint or described_field.hint)
        assert field["required"] is described_field.required, described_field.name


def test_the_guide_shows_each_fields_name_as_the_form_does(shipped):
    guide = BeautifulSoup((shipped.site / "huong-dan/index.html").read_text(encoding="utf-8"), "html.parser")
    for prefix, described in (("tin-tuc", NEWS_FIELDS), ("thu-tuc", PROCEDURE_FIELDS), ("ban-tin", BULLETIN_FIELDS)):
        for name, label in ((f.name, f.label) for f in described):
            term = guide.find(id=f"{prefix}-{name.replace('_', '-')}")
            assert term is not None and label in term.get_text(), (prefix, name)


def test_files_go_where_the_loader_reads_them(make_site):
    config = config_of(small_site(make_site))
    news, procedures, bulletins = (collection(config, n) for n in ("tin-tuc", "thu-tuc", "ban-tin"))
    assert (news["folder"], news["path"]) == ("content/news", "{{year}}/{{slug}}")
    assert (procedures["folder"], procedures["path"]) == ("content/procedures", "{{fields.field}}/{{slug}}")
    assert (bulletins["folder"], bulletins["path"]) == ("content/bulletins", "{{year}}/{{slug}}")
    for kind in (news, procedures, bulletins):
        # Pictures, PDFs and forms beside the entry, named by their file name alone (image: x.jpg).
        assert (kind["media_folder"], kind["public_folder"]) == ("", "")
        assert (kind["extension"], kind["format"]) == ("md", "yaml-frontmatter")
    assert fields_of(config, "tin-tuc")["image"]["widget"] == "image"
    assert fields_of(config, "ban-tin")["pdf"]["widget"] == "file"
    assert fields_of(config, "thu-tuc")["dossier"]["fields"][1]["widget"] == "file"
    assert config["omit_empty_optional_fields"] is True  # no `image: ''` the loader would refuse


def _moment_to_strftime(form: str) -> str:
    return form.replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d").replace("HH", "%H").replace("mm", "%M")


def test_dates_are_stored_in_a_form_the_loader_reads(make_site):
    config = config_of(small_site(make_site))
    news, procedure, bulletin = (fields_of(config, n) for n in ("tin-tuc", "thu-tuc", "ban-tin"))
    moment = WHEN.replace(hour=8, minute=30)
    post_date = moment.strftime(_moment_to_strftime(news["date"]["format"]))
    assert post_date == "2023-01-01 08:30" and parse_when(post_date) == moment
    days = [procedure["updated"], bulletin["date"], *(f for f in procedure["announced"]["fields"] if f["name"] == "date"),
            *(f for f in procedure["legal_basis"]["fields"] if f["name"] == "date")]
    for field in days:
        assert field["widget"] == "datetime" and field["time_format"] is False
        assert parse_day(moment.strftime(_moment_to_strftime(field["format"]))) == moment.date()


def test_topics_units_channels_and_forms_are_chosen_from_the_plan(make_site):
    root = small_site(make_site)
    config = config_of(root)
    plan = load_site(root, WHEN).plans[2022]
    news = fields_of(config, "tin-tuc")
    topics = news["topics"]
    assert (topics["widget"], topics["multiple"], topics["min"]) == ("select", True, 1)
    assert topics["options"] == [{"label": f"{t.id} {t.name}", "value": t.id} for t in plan.topics]
    assert fields_of(config, "ban-tin")["topics"]["options"] == topics["options"]
    channels = [q.id for f in plan.forms for q in f.quotas if q.counted_by == "channel"]
    assert news["channel"]["widget"] == "select" and [o["value"] for o in news["channel"]["options"]] == channels
    assert [o["value"] for o in news["form"]["options"]] == [f.id for f in plan.forms]
    units = [o["value"] for o in news["unit"]["options"]]
    assert news["unit"]["widget"] == "select"
    # Units leading the plan's forms, and those posts already name.
    assert "Văn phòng Sở" in units and set(plan.forms[0].lead) <= set(units) and units == sorted(set(units))


def test_a_topic_added_to_the_plan_is_in_the_form_with_no_other_change(make_site):
    root = small_site(make_site)
    plan_file = root / "content/plans/2022.yml"
    text = plan_file.read_text(encoding="utf-8")
    assert "  - id: II.2\n" in text
    plan_file.write_text(text.replace("  - id: II.2\n", "  - id: II.1.9\n    name: Chủ đề mới thêm\n"
                                      "    slug: chu-de-moi-them\n    title: Tuyên truyền chủ đề mới thêm\n"
                                      "  - id: II.2\n", 1), encoding="utf-8")
    options = fields_of(config_of(root), "tin-tuc")["topics"]["options"]
    assert {"label": "II.1.9 Chủ đề mới thêm", "value": "II.1.9"} in options


def test_the_git_server_is_set_in_mkdocs_yml_and_the_review_workflow_is_on_where_decap_has_it(make_site):
    root = small_site(make_site)
    gitlab = cms.CmsSettings("gitlab", "https://git.example.vn", "skhcn/cchc", "abc123", proxy_port=9123)
    config = config_of(root, gitlab)
    assert config["backend"] == {"name": "gitlab", "branch": "main", "repo": "skhcn/cchc",
                                 "base_url": "https://git.example.vn", "api_root": "https://git.example.vn/api/v4",
                                 "app_id": "abc123", "auth_type": "pkce"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["local_backend"] == {"url": "http://127.0.0.1:9123/api/v1"}
    assert config["locale"] == "vi"
    gitea = config_of(root, cms.CmsSettings("gitea", "https://git.example.vn", "skhcn/cchc", "x"))
    assert gitea["backend"]["api_root"] == "https://git.example.vn/api/v1" and "publish_mode" not in gitea


def test_editing_locally_the_cms_links_to_the_preview_not_the_live_site(make_site):
    root = small_site(make_site)
    local = config_of(root, cms.CmsSettings(preview_url="http://127.0.0.1:8000/cchc/"))
    assert local["site_url"] == local["display_url"] == "http://127.0.0.1:8000/cchc/"
    assert config_of(root)["site_url"] == "https://skhcn.quangngai.gov.vn/cchc/"


def test_lists_are_newest_first(make_site):
    config = config_of(small_site(make_site))
    for name, field in (("tin-tuc", "date"), ("ban-tin", "date"), ("thu-tuc", "updated")):
        assert collection(config, name)["sortable_fields"][0] == {"field": field, "default_sort": "desc"}


def test_the_fields_the_form_can_check_carry_the_checkers_rules(make_site):
    config = config_of(small_site(make_site))
    news, bulletin = fields_of(config, "tin-tuc"), fields_of(config, "ban-tin")
    kinds = {name: [next(iter(rule)) for rule in field.get(cms.RULES_KEY, [])] for name, field in news.items()}
    assert kinds["title"] == ["missing", "refuse", "longer_than"]
    assert kinds["summary"] == ["missing", "refuse", "longer_than"]
    assert kinds["date"] == ["year_folder"] and kinds["topics"] == ["missing"]
    assert kinds["image"] == ["types"] and kinds["image_alt"][0] == "with"
    assert [next(iter(rule)) for rule in bulletin["pdf"][cms.RULES_KEY]] == ["types", "starts"]
    # Every message is the checker's, in the shape an editor reads after the field's name.
    assert all(rule["message"] for field in (*news.values(), *bulletin.values()) for rule in field.get(cms.RULES_KEY, []))


def test_without_node_modules_the_page_says_how_to_install_it(make_site, tmp_path):
    root = small_site(make_site)
    output = cms.admin_output(load_site(root, WHEN), cms.CmsSettings(), "Cải cách hành chính", "https://x.vn/",
                              root, bases=(tmp_path,))
    files = dict(output.files)
    assert output.bundle == [] and set(files) == {"quan-tri/index.html", "quan-tri/config.yml"}
    page = BeautifulSoup(files["quan-tri/index.html"], "html.parser")
    assert page.html["lang"] == "vi" and page.find("script") is None
    assert "npm ci" in page.get_text() and "chưa được cài đặt" in page.get_text()
    assert output.notes[0] == ("cms: không tìm thấy node_modules/decap-cms/dist/decap-cms.js; trang /quan-tri/ "
                               "hướng dẫn cách cài giao diện biên tập (npm ci)")


# --- The page in the built site -----------------------------------------------------------------

@pytest.fixture(scope="module")
def admin_build(tmp_path_factory):
    require_node_tool(PROJECT / cms.DECAP_DIST / cms.DECAP_SCRIPT)
    root = tmp_path_factory.mktemp("admin") / "site-src"
    return _build_small_site(root, port=None)


def _build_small_site(root: Path, port: int | None):
    from conftest import site_config
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    (root / NEWS).mkdir(parents=True)
    (root / NEWS / "tin-co-san.md").write_text(post(title="Tin có sẵn", slug="tin-co-san"), encoding="utf-8")
    shutil.copytree(PROJECT / Path(PROCEDURE).parent, root / Path(PROCEDURE).parent)
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    built = run_build(root, env={"CCHC_CMS_PORT": str(port)} if port else None)
    assert built.returncode == 0, built.log
    return root, built


def test_the_interface_is_served_from_the_site_and_listed_nowhere(admin_build):
    _, built = admin_build
    site = built.site
    admin = site / "quan-tri"
    assert {"index.html", "config.yml", "decap-cms.js", "cchc-cms.js"} <= {p.name for p in admin.iterdir()}
    assert not any(p.suffix == ".map" for p in admin.iterdir())
    page = BeautifulSoup((admin / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [s["src"] for s in page.find_all("script")] == ["decap-cms.js", "cchc-cms.js"]
    assert page.find(attrs={"data-pagefind-body": True}) is None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert sitecheck.external_resources(site, "https://skhcn.quangngai.gov.vn/cchc/") == []
    assert sitecheck.broken_links(site, "https://skhcn.quangngai.gov.vn/cchc/") == []
    for listing in ("sitemap.xml", "feed.xml", "atom.xml", "index.html", "tin-tuc/index.html"):
        assert "quan-tri" not in (site / listing).read_text(encoding="utf-8"), listing
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert [c["name"] for c in config["collections"]] == ["tin-tuc", "thu-tuc", "ban-tin", "van-ban"]
    # One build log line when no git server is set; the page works with the local backend then.
    assert any(line.startswith("cms: chưa đặt máy chủ git") for line in built.log_lines("INFO"))


def test_our_pages_of_the_interface_are_valid_html(admin_build, tmp_path):
    require_java()
    require_node_tool(VNU_JAR)
    _, built = admin_build
    # Both pages in one run of the checker (a Java start each cost more than the check):
    # the entry page of the built site, and the page shown when the CMS is not installed.
    entry, missing = tmp_path / "site/quan-tri/index.html", tmp_path / "missing/quan-tri/index.html"
    entry.parent.mkdir(parents=True)
    missing.parent.mkdir(parents=True)
    shutil.copy(built.site / "quan-tri/index.html", entry)
    missing.write_text(cms.missing_page("Cải cách hành chính"), encoding="utf-8")
    assert sitecheck.html_errors([entry, missing], jar=VNU_JAR, root=tmp_path) == []


def test_the_install_page_is_accessible(browser, tmp_path):
    require_node_tool(AXE_JS)
    page_file = tmp_path / "cchc/quan-tri/index.html"
    page_file.parent.mkdir(parents=True)
    page_file.write_text(cms.missing_page("Cải cách hành chính"), encoding="utf-8")
    server = serve(tmp_path / "cchc")
    try:
        visit = Visit(browser, base_url(server) + "quan-tri/")
        assert axe_violations(visit.page) == [] and visit.external == []
        visit.close()
    finally:
        server.shutdown()


# --- In Chromium, through the local backend -----------------------------------------------------

@pytest.fixture(scope="module")
def editing(tmp_path_factory):
    """A small site in a temporary folder, built with its local backend's port, served at
    /cchc/, and decap-server writing into it: never the project's content/."""
    require_node_tool(PROJECT / edit.DECAP_SERVER)
    require(shutil.which("node") is not None, "no node on PATH (apt-get install nodejs)")
    port = free_port()
    root, built = _build_small_site(tmp_path_factory.mktemp("editing") / "site-src", port)
    server = serve(built.site)
    try:
        with local_backend(root, port, root.parent / "decap-server.log", f"http://127.0.0.1:{server.server_port}"):
            yield root, base_url(server) + "quan-tri/"
    finally:
        server.shutdown()


class Editor:
    """The CMS in a fresh browser context; requests to any other host are blocked and kept."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context()
        self.external: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.goto(url)
        self.page.get_by_role("button", name="Đăng nhập").click()  # the local backend: no password
        self.page.get_by_text("Bộ sưu tập").wait_for()

    def _route(self, route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1":
            self.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def field(self, name: str):
        """The input of the form's field ``name`` (Decap's ids are <name>-field-<n>)."""
        return self.page.locator(f"[id^='{name}-field-']")

    def open(self, fragment: str) -> None:
        self.page.goto(self.page.url.split("#")[0] + "#" + fragment)

    def publish(self) -> None:
        self.page.get_by_text("Công bố", exact=True).click()
        self.page.get_by_text("Công bố ngay").click()
        # Decap shows its notice once the backend has written the file.
        self.page.get_by_text("Đã công bố").or_(self.page.get_by_text("Đã lưu")).first.wait_for()

    def close(self) -> None:
        self.context.close()


def test_the_preview_pane_shows_the_entry_as_the_site_does(browser, editing):
    root, url = editing
    topic = next(t for t in load_site(root, WHEN).plans[2022].topics if t.id == "II.5")
    editor = Editor(browser, url)
    try:
        editor.open("/collections/tin-tuc/new")
        editor.field("title").fill("Bài xem trước")
        editor.field("date").fill("2022-05-10T08:30")
        editor.field("topics").click()
        editor.page.keyboard.type("II.5")
        editor.page.keyboard.press("Enter")
        pane = editor.page.frame_locator("iframe")
        # A Vietnamese date (the month without a leading zero), the topic by its name.
        pane.get_by_text("08:30 ngày 10/5/2022").wait_for()
        pane.get_by_text(f"II.5 {topic.name}").wait_for()
        # The site's own stylesheets, from the site.
        pane.locator("link[rel=stylesheet][href*='/cchc/assets/stylesheets/']").first.wait_for(state="attached")
        assert editor.external == []
    finally:
        editor.close()


def _front_matter(text: str) -> tuple[dict, str]:
    match = re.match(r"---\n(.*?)\n---\n?(.*)", text, re.S)
    assert match, text
    return yaml.safe_load(match.group(1)), match.group(2)


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CCHC, "check", "--root", str(root)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023, "CCHC_AS_OF": "2022-01-01"})


def test_a_post_written_in_the_cms_is_a_file_the_checker_accepts(browser, editing, tmp_path):
    root, url = editing
    picture = tmp_path / "hoi-nghi-so-hoa.png"
    picture.write_bytes(_png())
    title = unicodedata.normalize("NFD", "Hội nghị số hoá hồ sơ thủ tục hành chính")  # typed decomposed
    editor = Editor(browser, url)
    try:
        page = editor.page
        editor.open("/collections/tin-tuc/new")
        editor.field("title").fill(title)
        editor.field("date").fill("2022-05-10T08:30")
        editor.field("summary").fill("Sở tổ chức hội nghị về số hoá hồ sơ, kết quả giải quyết thủ tục.")
        editor.field("topics").click()
        for topic in ("II.2.3", "II.5"):
            page.keyboard.type(topic)
            page.keyboard.press("Enter")
        page.get_by_text("Chọn một hình").click()
        page.set_input_files("input[type=file]", str(picture))
        page.get_by_text("Lấy những cái đã chọn").click()
        editor.field("image_alt").fill("Quang cảnh hội nghị")
        editor.publish()
        assert editor.external == []
    finally:
        editor.close()
    written = sorted(p.relative_to(root).as_posix() for p in (root / NEWS).iterdir())
    assert written == [f"{NEWS}/hoi-nghi-so-hoa-ho-so-thu-tuc-hanh-chinh.md", f"{NEWS}/hoi-nghi-so-hoa.png",
                       f"{NEWS}/tin-co-san.md"]
    text = (root / NEWS / "hoi-nghi-so-hoa-ho-so-thu-tuc-hanh-chinh.md").read_text(encoding="utf-8")
    meta, body = _front_matter(text)
    assert meta == {"title": unicodedata.normalize("NFC", title), "date": "2022-05-10 08:30",
                    "summary": "Sở tổ chức hội nghị về số hoá hồ sơ, kết quả giải quyết thủ tục.",
                    "topics": ["II.2.3", "II.5"], "image": "hoi-nghi-so-hoa.png", "image_alt": "Quang cảnh hội nghị"}
    assert body.strip() == ""
    assert (root / NEWS / "hoi-nghi-so-hoa.png").read_bytes() == picture.read_bytes()
    checked = _check(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # Built from a copy: the site being edited is still served from root/site.
    copy = tmp_path / "built-copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site"))
    built = run_build(copy)
    assert built.returncode == 0, built.log
    article = built.article("tin-tuc/2022/hoi-nghi-so-hoa-ho-so-thu-tuc-hanh-chinh/")
    assert unicodedata.normalize("NFC", title) in article.get_text()
    assert article.find("img", alt="Quang cảnh hội nghị")["src"].endswith("hoi-nghi-so-hoa.png")


def test_editing_one_field_of_a_procedure_changes_only_that_field(browser, editing):
    root, url = editing
    path = root / PROCEDURE
    before = path.read_text(encoding="utf-8")
    old = "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    new = "07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    assert f"time_limit: {old}\n" in before
    editor = Editor(browser, url)
    try:
        editor.open("/collections/thu-tuc/entries/chuyen-giao-cong-nghe/dang-ky-chuyen-giao-cong-nghe")
        field = editor.page.get_by_role("textbox", name=next(f.label for f in PROCEDURE_FIELDS if f.name == "time_limit"), exact=True)
        assert field.input_value() == old
        field.fill(new)
        editor.publish()
        assert editor.external == []
    finally:
        editor.close()
    after = path.read_text(encoding="utf-8")
    (meta_before, body_before), (meta_after, body_after) = _front_matter(before), _front_matter(after)
    # Saved from the form, the record was updated today (in Vietnam).
    today = datetime.now(VIETNAM).date().isoformat()
    assert str(meta_after["updated"]) == today
    assert meta_after == {**meta_before, "time_limit": new, "updated": meta_after["updated"]}
    assert list(meta_after) == list(meta_before)  # the fields' order is kept
    assert body_after == body_before
    # Line for line: Decap's rewrite of the whole front matter (folded at 80 columns) is not
    # what reaches the file; the local editor keeps the lines of the fields left alone.
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [(f"time_limit: {old}", f"time_limit: {new}"),
                       (f"updated: {meta_before['updated']}", f"updated: {today}")]
    assert len(after.splitlines()) == len(before.splitlines())
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        p.name for p in (PROJECT / PROCEDURE).parent.iterdir())
    checked = _check(root)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _png() -> bytes:
    """A small valid PNG (8x6, one colour)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xcc\x44\x22" * 8 for _ in range(6))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 6, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# --- What the form refuses, in the checker's words (issue 30) -----------------------------------

BULLETINS = "content/bulletins/2022"


def _checker_says(root: Path, rel: str, front: dict, field: str, files: dict[str, int] | None = None) -> str:
    """What the checker says about ``field`` of the file ``rel`` with ``front`` (its first line on it)."""
    from cchc.content.bulletins import NewsIndex, check_bulletin
    from cchc.content.news import check_post
    from cchc.content.source import parse

    plans = load_site(root, WHEN).plans
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10**6) + "---\n"
    doc, problems = parse(text, rel)
    assert doc is not None and not problems, problems
    if rel.startswith(NEWS):
        problems = check_post(doc, plans, files or {})[1]
    else:
        problems = check_bulletin(doc, plans, files or {}, NewsIndex.of([]))[1]
    said = [p.message for p in problems if p.field == field]
    assert said, (field, [str(p) for p in problems])
    return said[0]


def _content_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


_GOOD_POST = {"title": "Hội nghị số hoá hồ sơ", "date": "2022-05-10 08:30", "summary": "Tóm tắt hội nghị.",
              "topics": ["II.5"]}


def _new_post(editor: Editor, **values: str) -> None:
    """A new post in the form, the good sample's values but ``values`` (None: left empty)."""
    editor.open("/collections/tin-tuc/new")
    chosen = {**_GOOD_POST, **values}
    for name in ("title", "summary"):
        editor.field(name).fill(chosen[name] or "")
    editor.field("date").fill(chosen["date"].replace(" ", "T"))
    if chosen["topics"]:
        editor.field("topics").click()
        for topic in chosen["topics"]:
            editor.page.keyboard.type(topic)
            editor.page.keyboard.press("Enter")
    if chosen.get("image_alt"):
        editor.field("image_alt").fill(chosen["image_alt"])


def _upload(editor: Editor, button: str, file: Path) -> None:
    editor.page.get_by_text(button).click()
    editor.page.set_input_files("input[type=file]", str(file))
    editor.page.get_by_text("Lấy những cái đã chọn").click()


def _new_bulletin(editor: Editor, title: str = "Bản tin số 2", pdf: Path | None = None) -> None:
    editor.open("/collections/ban-tin/new")
    editor.field("number").fill("2")
    editor.field("date").fill("2022-04-28")
    editor.field("title").fill(title)
    if pdf is not None:
        _upload(editor, "Chọn một tập tin", pdf)


def test_the_form_refuses_what_the_checker_refuses_in_the_checkers_words_and_writes_nothing(
        browser, editing, tmp_path):
    root, url = editing
    picture = tmp_path / "anh-hoi-nghi.png"
    picture.write_bytes(_png())
    fake_pdf = tmp_path / "ban-tin-gia.pdf"
    fake_pdf.write_bytes(b"<html><body>not a PDF</body></html>")
    not_pdf = tmp_path / "ban-tin.txt"
    not_pdf.write_text("Bản tin\n", encoding="utf-8")
    post_path, bulletin_path = f"{NEWS}/moi.md", f"{BULLETINS}/02.md"
    long_title, long_summary = "Hội nghị " + "x" * 291, "Tóm tắt " + "y" * 692
    good_bulletin = {"number": 2, "date": "2022-04-28", "title": "Bản tin số 2", "pdf": "ban-tin.pdf",
                     "topics": ["II.5"], "contents": ["Bài viết"]}
    from cchc.content.files import attachment_problems

    cases = [  # (what, how to enter it in the form, the field, what the checker says)
        ("markup in the title", lambda e: _new_post(e, title="Thông báo <b>quan trọng</b> về lịch tiếp công dân"),
         "title", _checker_says(root, post_path, {**_GOOD_POST, "title": "Thông báo <b>quan trọng</b>"}, "title")),
        ("a script in the summary", lambda e: _new_post(e, summary="Tóm tắt <script>alert(1)</script>"),
         "summary", _checker_says(root, post_path, {**_GOOD_POST, "summary": "<script>alert(1)</script>"}, "summary")),
        ("a 300-character title", lambda e: _new_post(e, title=long_title),
         "title", _checker_says(root, post_path, {**_GOOD_POST, "title": long_title}, "title")),
        ("a 700-character summary", lambda e: _new_post(e, summary=long_summary),
         "summary", _checker_says(root, post_path, {**_GOOD_POST, "summary": long_summary}, "summary")),
        ("no title", lambda e: _new_post(e, title=None),
         "title", _checker_says(root, post_path, {**_GOOD_POST, "title": ""}, "title")),
        ("no topic", lambda e: _new_post(e, topics=[]),
         "topics", _checker_says(root, post_path, {**_GOOD_POST, "topics": []}, "topics")),
        ("a picture without its description", lambda e: (_new_post(e), _upload(e, "Chọn một hình", picture)),
         "image_alt", _checker_says(root, post_path, {**_GOOD_POST, "image": "anh.png"}, "image_alt",
                                    {f"{NEWS}/anh.png": 10})),
        ("markup in the picture's description", lambda e: _new_post(e, image_alt="Ảnh <img src=x onerror=alert(1)>"),
         "image_alt", _checker_says(root, post_path, {**_GOOD_POST, "image_alt": "<img src=x>"}, "image_alt")),
        ("a date outside the folder's year",
         lambda e: (e.open("/collections/tin-tuc/entries/2022/tin-co-san"), e.field("date").fill("2023-05-10T08:30")),
         "date", _checker_says(root, f"{NEWS}/tin-co-san.md", {**_GOOD_POST, "date": "2023-05-10 08:30"}, "date")),
        ("markup in a bulletin's title", lambda e: _new_bulletin(e, title="<i>Bản tin</i> số 2"),
         "title", _checker_says(root, bulletin_path, {**good_bulletin, "title": "<i>Bản tin</i>"}, "title",
                                {f"{BULLETINS}/ban-tin.pdf": 10})),
        ("a PDF that is not a PDF", lambda e: _new_bulletin(e, pdf=fake_pdf),
         "pdf", attachment_problems(fake_pdf.read_bytes()[:5], 10, f"{BULLETINS}/ban-tin-gia.pdf", 10**9)[0].message),
        ("a bulletin's file that is not a PDF", lambda e: _new_bulletin(e, pdf=not_pdf),
         "pdf", _checker_says(root, bulletin_path, {**good_bulletin, "pdf": "ban-tin.txt"}, "pdf",
                              {f"{BULLETINS}/ban-tin.pdf": 10})),
    ]
    assert len(cases) >= 10
    before = _content_files(root)
    not_refused, external = [], []
    for what, enter, field, said in cases:
        editor = Editor(browser, url)  # a fresh form for each mistake
        try:
            enter(editor)
            editor.page.get_by_text("Công bố", exact=True).click()
            editor.page.get_by_text("Công bố ngay").click()
            # The checker's words, under the field (each form holds one mistake).
            try:
                editor.page.get_by_text(said, exact=True).first.wait_for(timeout=15000)
            except Exception:
                not_refused.append(f"{what}: expected {said!r} at {field}")
            external += editor.external
        finally:
            editor.close()
        assert _content_files(root) == before, what
    assert external == []
    assert not_refused == []
