"""The built site is valid, accessible, linked, reproducible and self-contained (issue 10).

Each check runs on the shipped site and must find nothing; each also runs on a small site
with a deliberate fault and must name it, so a check that silently stopped working fails too.
Checks on files are in tests/support/sitecheck.py; checks in the browser are in tests/browser.py.
Tools come from .ci/run: Chromium and Java from Debian, axe-core and vnu-jar from `npm ci`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import struct
import sys
import zlib
from pathlib import Path

import pytest

from browser import (AXE_JS, PHONE, VNU_JAR, Visit, axe_violations, base_url, horizontal_overflow,
                     require_java, require_node_tool, serve)
from support import sitecheck
from cchc.content.load import load_site
from cchc.dates import build_time
from cchc.site.pages import topic_url
from cchc.content.procedure_catalogue import load_procedures
from conftest import EPOCH_2023, PROJECT, post, run_build

# This module's fixtures that build a site or start a program: their tests are marked `site`.
SITE_FIXTURES = {"faulty_site", "nu"}

SITE_URL = re.search(r"^site_url:\s*(\S+)", (PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
NEWS = "content/news/2022"


def shipped_pages() -> dict[str, str]:
    """One page of each type of the shipped site, by name: its path under the site's root."""
    site = load_site(PROJECT, build_time({"SOURCE_DATE_EPOCH": EPOCH_2023}))
    procedures = [p for p in load_procedures(PROJECT)[0] if not p.draft]
    with_headings = next(p for p in site.posts if "\n## " in p.body)  # a table of contents too
    topic = site.plans[with_headings.year].topic(with_headings.topics[0])
    pages = {
        "home": "", "news index": "tin-tuc/", "news of a year": f"tin-tuc/{with_headings.year}/",
        "news, page 2": "tin-tuc/trang/2/", "post": with_headings.url, "latest post": site.posts[0].url,
        "topic index": "chu-de/", "topic": topic_url(topic, site.plan_years),
        "procedure index": "thu-tuc-hanh-chinh/",
        "procedure": next(p for p in procedures if p.in_force and p.legal_basis).url,
        "abolished procedure": next(p for p in procedures if p.status == "abolished").url,
        "replaced procedure": next(p for p in procedures if p.status == "replaced").url,
        "bulletin archive": "ban-tin/", "bulletin": "ban-tin/2022/so-1/",
        "plan index": "ke-hoach/", "plan report": "ke-hoach/2022/",
        "embed": "nhung/", "topic embed": f"nhung/{topic.slug}/",
        "about": "gioi-thieu/", "not found": "404.html",
        "documents register": "van-ban/", "document": "van-ban/2022/34-kh-ubnd/",
        "documents embed": "nhung/van-ban.html", "contact": "lien-he/", "accessibility statement": "tiep-can/",
    }
    if (PROJECT / "cchc/site/guide.py").exists():
        pages["editors' guide"] = "huong-dan/"
    return pages


SHIPPED_PAGES = shipped_pages()


@pytest.fixture(scope="module")
def shipped_site(shipped) -> Path:
    assert shipped.returncode == 0, shipped.log
    return shipped.site


# --- Links: every internal link and anchor resolves, in pages, stylesheets and feeds -----------

def test_the_shipped_site_has_no_broken_link_or_anchor(shipped_site):
    report = sitecheck.check_links(shipped_site, SITE_URL)
    assert report.problems == ()
    assert report.pages > 100 and report.feeds > 20 and report.links > 4000 and report.anchors > 100


def test_a_broken_link_in_a_post_is_reported_with_its_page_and_target(make_site):
    root = make_site({
        f"{NEWS}/lien-ket.md": post(slug="lien-ket", body=(
            "Xem [mục không có](#muc-khong-co).\n\n## Mục có thật\n\n"
            "Về [mục có thật](#muc-co-that).")),
    })
    built = run_build(root, strict=False)  # --strict would stop at MkDocs' own warning first
    assert built.returncode == 0, built.log
    page = "tin-tuc/2022/lien-ket/index.html"
    # A link to a page that is gone: the loader refuses one in a post (cchc.content.links), so it
    # is put in the built page, as a template's or a hand-written page's mistake would.
    html = (built.site / page).read_text(encoding="utf-8")
    (built.site / page).write_text(html.replace("Xem <a", 'Xem <a href="../bai-da-xoa/">bài đã xoá</a> và <a', 1),
                                   encoding="utf-8")
    assert sitecheck.broken_links(built.site, SITE_URL) == [
        f"{page}: <a href> '../bai-da-xoa/': liên kết hỏng, không có tệp tin-tuc/2022/bai-da-xoa/index.html; "
        "sửa liên kết hoặc thêm tệp",
        f"{page}: <a href> '#muc-khong-co': liên kết hỏng, không có id 'muc-khong-co' trong {page}; sửa liên kết "
        "hoặc thêm tệp",
    ]


def test_a_link_that_leaves_the_site_by_its_path_is_reported_but_a_full_address_is_not(tmp_path):
    (tmp_path / "tin").mkdir()
    (tmp_path / "tin/index.html").write_text(
        '<a href="https://skhcn.quangngai.gov.vn/">Sở</a> <a href="/gioi-thieu/">thiếu /cchc/</a> '
        '<script src="/cchc//assets/a.js"></script>', encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/a.js").write_text("", encoding="utf-8")
    assert sitecheck.broken_links(tmp_path, SITE_URL) == [
        "tin/index.html: <a href> '/gioi-thieu/': liên kết hỏng, địa chỉ ngoài trang (ngoài /cchc/); sửa liên "
        "kết hoặc thêm tệp",
        "tin/index.html: <script src> '/cchc//assets/a.js': liên kết hỏng, đường dẫn có đoạn rỗng (//); sửa liên "
        "kết hoặc thêm tệp",
    ]


def test_a_feed_entry_whose_page_is_gone_is_reported(make_site):
    root = make_site({f"{NEWS}/tin.md": post(slug="tin")})
    built = run_build(root)
    assert built.returncode == 0, built.log
    assert sitecheck.broken_links(built.site, SITE_URL) == []
    shutil.rmtree(built.site / "tin-tuc/2022/tin")
    problems = sitecheck.broken_links(built.site, SITE_URL)
    url = f"{SITE_URL}tin-tuc/2022/tin/"
    for feed in ("feed.xml", "atom.xml", "sitemap.xml"):
        assert any(p.startswith(f"{feed}: ") and repr(url) in p for p in problems), (feed, problems)
    assert f"feed.xml: <guid> {url!r}: liên kết hỏng, không có tệp tin-tuc/2022/tin/index.html; sửa liên kết " \
           "hoặc thêm tệp" in problems


# --- Self-contained: nothing is loaded from another host ---------------------------------------

def test_no_shipped_page_or_stylesheet_refers_to_another_host(shipped_site):
    assert sitecheck.external_resources(shipped_site, SITE_URL) == []


def test_an_image_from_another_host_and_a_web_font_are_reported(make_site):
    root = make_site({f"{NEWS}/anh.md": post(slug="anh", body="![Bản đồ](https://example.com/ban-do.png)\n\n"
                                              "[Trang ngoài](https://example.com/) là liên kết, không phải tải về.")})
    built = run_build(root)
    assert built.returncode == 0, built.log
    (built.site / "assets/font.css").write_text('@import url("https://fonts.googleapis.com/css?family=Roboto");\n'
                                                "/* url(https://example.com/in-a-comment.woff) */\n", encoding="utf-8")
    assert sitecheck.external_resources(built.site, SITE_URL) == [
        "tin-tuc/2022/anh/index.html: <img src>: tải 'https://example.com/ban-do.png' từ máy chủ khác; chỉ dùng "
        "tệp của chính trang này",
        "assets/font.css: url(): tải 'https://fonts.googleapis.com/css?family=Roboto' từ máy chủ khác; chỉ dùng "
        "tệp của chính trang này",
    ]


# --- Reproducible: the same SOURCE_DATE_EPOCH gives the same bytes, Pagefind's index included ---

def test_two_builds_with_the_same_source_date_epoch_are_byte_identical(shipped_site, tmp_path):
    again = tmp_path / "site"
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(again)],
                          cwd=PROJECT, env=environ, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sitecheck.differences(shipped_site, again) == []
    assert sitecheck.compared_files(again) > 300 and any((again / "pagefind").rglob("*.pf_index"))


def test_a_difference_between_two_builds_is_reported_file_by_file(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for root, stamp in ((first, b"2023-01-01"), (second, b"2023-01-02")):
        (root / "tin").mkdir(parents=True)
        (root / "tin/index.html").write_bytes(b"<p>same</p>")
        (root / "sitemap.xml").write_bytes(b"<lastmod>" + stamp + b"</lastmod>")
    (second / "extra.js").write_bytes(b"")
    assert sitecheck.differences(first, second) == [
        f"extra.js: expected in both builds, found only in {second}",
        "sitemap.xml: expected the same bytes, found 29 and 29 bytes differing from byte 18: "
        "b'1</lastmod>' / b'2</lastmod>'",
    ]


# --- HTML validity: the Nu Html Checker finds no error of ours ---------------------------------

@pytest.fixture(scope="module")
def nu():
    require_java()
    require_node_tool(VNU_JAR)
    return lambda files, root: sitecheck.html_errors(files, jar=VNU_JAR, root=root)


def test_every_shipped_page_is_valid_html(nu, shipped_site):
    assert nu(sorted(shipped_site.rglob("*.html")), shipped_site) == []


def test_invalid_html_is_reported_and_only_materials_autocomplete_is_let_through(nu, faulty_site):
    clean, broken = (faulty_site / f"tin-tuc/2022/{slug}/index.html" for slug in ("mau", "html-sai"))
    problems = nu([clean, broken], faulty_site)
    assert [re.sub(r":\d+:", ":N:", p) for p in problems] == [
        "tin-tuc/2022/html-sai/index.html:N: error: Duplicate ID “hai-lan”.",
        "tin-tuc/2022/html-sai/index.html:N: error: Stray end tag “span”.",
    ]
    # Material's checkboxes are on every page, the clean one too: only the filter lets them through.
    unfiltered = sitecheck.html_errors([clean], jar=VNU_JAR, root=faulty_site, allowed={})
    assert unfiltered and all(p.endswith(sitecheck.NU_MATERIAL_AUTOCOMPLETE) for p in unfiltered), unfiltered


# --- In the browser: every page type, accessible, phone-sized and with no outside request ------

@pytest.fixture(scope="module")
def shipped_address(shipped_site):
    server = serve(shipped_site)
    yield base_url(server)
    server.shutdown()


@pytest.fixture(scope="module")
def opened(browser):
    """Open a page once per size and keep it for the module's tests: opened(address, phone=False)."""
    visits: dict[tuple[str, bool], Visit] = {}

    def open_page(address: str, phone: bool = False) -> Visit:
        if (address, phone) not in visits:
            visits[address, phone] = Visit(browser, address, **({"viewport": PHONE} if phone else {}))
        return visits[address, phone]

    yield open_page
    for visit in visits.values():
        visit.close()


@pytest.mark.parametrize("kind", SHIPPED_PAGES)
def test_every_page_type_meets_wcag_2_1_a_and_aa(kind, opened, shipped_address):
    require_node_tool(AXE_JS)
    assert axe_violations(opened(shipped_address + SHIPPED_PAGES[kind]).page) == []


@pytest.mark.parametrize("kind", SHIPPED_PAGES)
def test_every_page_type_fits_a_390_px_phone_without_sideways_scrolling(kind, opened, shipped_address):
    assert horizontal_overflow(opened(shipped_address + SHIPPED_PAGES[kind], phone=True).page) == []


@pytest.mark.parametrize("kind", SHIPPED_PAGES)
def test_every_page_type_loads_nothing_from_another_host(kind, opened, shipped_address):
    for phone in (False, True):
        visit = opened(shipped_address + SHIPPED_PAGES[kind], phone=phone)
        assert visit.external == [] and visit.requests, (phone, visit.external)


@pytest.mark.parametrize("kind", SHIPPED_PAGES)
def test_every_page_type_requests_only_what_it_shows(kind, opened, shipped_address):
    # Material's language switcher fetched sitemap.xml beside every <link rel=alternate> (issue
    # 32): a 404 under chu-de/<topic>/ and the whole sitemap on every other page.
    visit = opened(shipped_address + SHIPPED_PAGES[kind])
    assert [url for url in visit.requests if url.endswith(("sitemap.xml", "sitemap.xml.gz"))] == []
    assert visit.failed == []


# 11 units of the chart's 720-unit width (cchc.plan.report.chart_svg): its smallest label.
_CHART_TEXT_PX = """() => [...document.querySelectorAll('svg.cchc-chart text')].map(
  text => parseFloat(text.getAttribute('font-size')) * text.getScreenCTM().a)"""


def test_the_dashboards_chart_labels_are_at_least_12_px_on_a_phone(opened, shipped_address):
    sizes = opened(shipped_address + "ke-hoach/2022/", phone=True).page.evaluate(_CHART_TEXT_PX)
    assert sizes and min(sizes) >= 11.99, sorted(set(round(s, 1) for s in sizes))


def test_the_plans_table_and_the_bulletin_archive_are_phone_sized(opened, shipped_address):
    plans = opened(shipped_address + "ke-hoach/", phone=True).page
    widths = plans.evaluate("() => [...document.querySelectorAll('.cchc-plan-years td')].map(td => td.getBoundingClientRect().width)")
    assert widths and min(widths) > 300  # each value on a line of its own, not a column a word wide
    archive = opened(shipped_address + "ban-tin/", phone=True).page
    covers = archive.evaluate("() => [...document.querySelectorAll('.cchc-bulletin-link img, .cchc-bulletin-nocover')]"
                              ".map(c => c.getBoundingClientRect().height)")
    assert covers and max(covers) < 100  # a small cover beside each issue, not a page-wide one


# --- The same browser checks on a small site with one deliberate fault per page ---------------

def _png(width: int = 2, height: int = 2) -> bytes:
    """A small grey PNG, so the test site's image is a real one."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# Faults that an editor's Markdown cannot make (the sanitizer drops style attributes and
# scripts) are written into copies of a clean post's page, which keep its depth and theme.
INJECTED = {
    "tuong-phan-thap": ("</article>", '<p style="color:#9e9e9e">Chữ xám nhạt trên nền trắng.</p></article>'),
    "qua-rong": ("</article>", '<div style="width:1200px">Một khối rộng 1200 px.</div></article>'),
    "script-ngoai": ("</head>", '<script src="https://cdn.example.com/thu-vien.js"></script></head>'),
    "html-sai": ("</article>", '<p id="hai-lan">Một</p><p id="hai-lan">Hai</span></p></article>'),
}


@pytest.fixture(scope="module")
def faulty_site(tmp_path_factory) -> Path:
    """A small site: a clean post, posts with faults an editor can write, and injected copies."""
    root = tmp_path_factory.mktemp("faulty-site")
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    (root / NEWS).mkdir(parents=True)
    (root / NEWS / "anh.png").write_bytes(_png())
    posts = {
        "mau": "Một bài bình thường.\n\n## Một mục\n\n![Ảnh xám](anh.png)",
        "anh-khong-mo-ta": 'Ảnh không có mô tả: <img src="../anh.png">',
        "anh-ngoai": "![Bản đồ](https://example.com/ban-do.png)",
    }
    for slug, body in posts.items():
        (root / NEWS / f"{slug}.md").write_text(post(title=f"Bài {slug}", slug=slug, body=body), encoding="utf-8")
    built = run_build(root)
    assert built.returncode == 0, built.log
    clean = (built.site / "tin-tuc/2022/mau/index.html").read_text(encoding="utf-8")
    for slug, (before, after) in INJECTED.items():
        assert clean.count(before) == 1, before
        (built.site / f"tin-tuc/2022/{slug}").mkdir()
        (built.site / f"tin-tuc/2022/{slug}/index.html").write_text(clean.replace(before, after), encoding="utf-8")
    return built.site


@pytest.fixture(scope="module")
def faulty_address(faulty_site):
    server = serve(faulty_site)
    yield base_url(server) + "tin-tuc/2022/"
    server.shutdown()


def test_the_clean_post_of_the_faulty_site_passes_every_browser_check(opened, faulty_address):
    require_node_tool(AXE_JS)
    assert axe_violations(opened(faulty_address + "mau/").page) == []
    assert horizontal_overflow(opened(faulty_address + "mau/", phone=True).page) == []
    assert opened(faulty_address + "mau/").external == []


def test_axe_reports_an_image_without_alt_text(opened, faulty_address):
    require_node_tool(AXE_JS)
    violations = axe_violations(opened(faulty_address + "anh-khong-mo-ta/").page)
    assert [v.split(": ")[1] for v in violations] == ["image-alt (critical)"], violations


def test_axe_reports_low_contrast_text(opened, faulty_address):
    require_node_tool(AXE_JS)
    violations = axe_violations(opened(faulty_address + "tuong-phan-thap/").page)
    assert len(violations) == 1 and "color-contrast (serious)" in violations[0], violations
    assert "insufficient color contrast of 2.67" in violations[0], violations


def test_the_phone_check_reports_a_wide_element(opened, faulty_address):
    problems = horizontal_overflow(opened(faulty_address + "qua-rong/", phone=True).page)
    assert problems and problems[0].startswith("/cchc/tin-tuc/2022/qua-rong/: expected the page to fit 390 px"), problems
    assert any("div (right edge" in p for p in problems), problems


@pytest.mark.parametrize("slug, url", [
    ("script-ngoai", "https://cdn.example.com/thu-vien.js"),
    ("anh-ngoai", "https://example.com/ban-do.png"),
])
def test_the_browser_blocks_and_counts_requests_to_another_host(opened, faulty_address, slug, url):
    assert opened(faulty_address + f"{slug}/").external == [url]


def test_the_html_check_reports_the_same_outside_script_and_image(faulty_site):
    assert sitecheck.external_resources(faulty_site, SITE_URL) == [
        "tin-tuc/2022/anh-ngoai/index.html: <img src>: tải 'https://example.com/ban-do.png' từ máy chủ khác; chỉ "
        "dùng tệp của chính trang này",
        "tin-tuc/2022/script-ngoai/index.html: <script src>: tải 'https://cdn.example.com/thu-vien.js' từ máy chủ "
        "khác; chỉ dùng tệp của chính trang này",
    ]


# --- A check that cannot run fails in CI and is skipped, saying why, elsewhere ----------------

@pytest.mark.parametrize("ci, outcome", [("true", pytest.fail.Exception), (None, pytest.skip.Exception)])
def test_a_missing_tool_fails_in_ci_and_is_skipped_elsewhere(monkeypatch, ci, outcome):
    from browser import require
    monkeypatch.delenv("CI", raising=False)
    if ci:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="no java on PATH"):
        require(False, "no java on PATH")
