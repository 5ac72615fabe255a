"""Search as a citizen uses it: headless Chromium types in the header box of a built site.

The site is served from 127.0.0.1 under /cchc/, as in production; every request to another
host is blocked and recorded. Chromium is Debian's /usr/bin/chromium (`.ci/run` installs it):
if it is missing these tests fail in CI, and elsewhere are skipped saying why (tests/browser.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

import browser as browsing
from browser import SITE_PATH, serve
from conftest import PROJECT, post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

INPUT_NAME = "Tìm kiếm trên trang (gõ có dấu hoặc không dấu)"

NEWS = "content/news/2022"
POSTS = {
    "thu-tuc": dict(title="Công bố danh mục thủ tục hành chính mới", date="2022-03-01",
                    body="Sở công bố thủ tục hành chính mới được chuẩn hóa trong lĩnh vực khoa học."),
    "dang-ky": dict(title="Hướng dẫn đăng ký hoạt động thử nghiệm", date="2022-03-02",
                    body="Tổ chức đăng ký hoạt động thử nghiệm nộp hồ sơ tại Sở."),
    "hoa-giai": dict(title="Hoà giải ở cơ sở", date="2022-03-03", body="Tập huấn kỹ năng hoà giải viên."),
    "hoa-nhap": dict(title="Hòa nhập cộng đồng", date="2022-03-04", body="Hỗ trợ người khuyết tật hòa nhập."),
    # Search finds a post by its title and summary, not its body.
    "tinh": dict(title="Kỷ niệm ngày tái lập tỉnh", date="2022-03-05",
                 summary="Tỉnh Quảng Ngãi kỷ niệm ngày tái lập tỉnh với nhiều hoạt động.",
                 body="Lễ kỷ niệm có văn nghệ."),
    # A procedure-like page: found by its code and by its name.
    "x-quang": dict(title="Khai báo thiết bị X-quang chẩn đoán trong y tế", date="2022-03-06",
                    summary="Thủ tục hành chính mã 1.014393.000.00.00.H48.",
                    body="Mã thủ tục: 1.014393.000.00.00.H48. Cơ quan thực hiện: Sở Khoa học và Công nghệ."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A small site built once, --strict, with the project's hooks, theme and search."""
    root = tmp_path_factory.mktemp("search-site")
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    (root / NEWS).mkdir(parents=True)
    for slug, text in POSTS.items():  # text: the post's front-matter values and body
        (root / NEWS / f"{slug}.md").write_text(post(slug=slug, **text), encoding="utf-8")
    built = run_build(root)
    assert built.returncode == 0, built.log
    return built.site


@pytest.fixture(scope="module")
def base_url(site):
    server = serve(site)
    yield browsing.base_url(server)
    server.shutdown()


class Visit(browsing.Visit):
    """A page of the site in a fresh context (tests/browser.py), with its header search box."""

    @property
    def box(self):
        return self.page.get_by_role("combobox", name=INPUT_NAME)

    def search(self, query: str):
        """Enter ``query`` in the header box and wait for its results list.

        The query goes in as one input event: typed key by key on a loaded machine, a pause
        longer than the box's debounce searches a prefix ("ho" for "hoà") and its results can
        be read before the full query's arrive.
        """
        self.box.click()
        self.box.fill(query)
        options = self.page.get_by_role("option")
        expect(options.first).to_be_visible(timeout=15_000)
        # Results arrive one by one and an earlier render can linger for a moment: read them
        # once the list has stayed the same for a while, so a loaded machine cannot race it.
        seen, deadline = None, time.monotonic() + 15
        while time.monotonic() < deadline:
            self.page.wait_for_load_state("networkidle")
            now = [o.get_attribute("href") for o in options.all()]
            if now and now == seen:
                break
            seen = now
            self.page.wait_for_timeout(500)
        return options

    def results(self, query: str) -> list[tuple[str, str, str]]:
        """(href, title, excerpt HTML) of every result shown for ``query``."""
        options = self.search(query)
        return [(o.get_attribute("href"), o.locator(".pf-searchbox-result-title").inner_text(),
                 o.locator(".pf-searchbox-result-excerpt").inner_html()) for o in options.all()]


@pytest.fixture
def visit(browser, base_url):
    visits: list[Visit] = []

    def open_page(path: str = "") -> Visit:
        visits.append(Visit(browser, base_url + path))
        return visits[-1]

    yield open_page
    for opened in visits:
        assert opened.external == [], f"requests to other hosts: {opened.external}"
        opened.context.close()


def url_of(slug: str) -> str:
    return f"{SITE_PATH}tin-tuc/2022/{slug}/"


@pytest.mark.parametrize("query, slugs", [
    ("thu tuc hanh chinh", ["thu-tuc"]),
    ("dang ky", ["dang-ky"]),
    ("hoa", ["hoa-giai", "hoa-nhap"]),
    ("quang ngai", ["tinh"]),
    ("1.014393", ["x-quang"]),
    ("khai bao thiet bi", ["x-quang"]),
])
def test_a_query_typed_without_diacritics_finds_the_page(visit, query, slugs):
    found = [href for href, _, _ in visit().results(query)]
    for slug in slugs:
        assert url_of(slug) in found, (query, found)


@pytest.mark.parametrize("query, first, also", [
    ("hoà", "hoa-giai", "hoa-nhap"),
    ("hòa", "hoa-nhap", "hoa-giai"),
])
def test_a_query_with_diacritics_ranks_the_exact_spelling_first(visit, query, first, also):
    found = [href for href, _, _ in visit().results(query)]
    assert found[0] == url_of(first) and url_of(also) in found, found


def test_each_result_shows_its_title_and_an_excerpt_with_the_match_marked(visit):
    results = visit().results("dang ky")
    href, title, excerpt = next(r for r in results if r[0] == url_of("dang-ky"))
    assert title == "Hướng dẫn đăng ký hoạt động thử nghiệm"
    marked = [m.lower() for m in re.findall(r"<mark>(.*?)</mark>", excerpt)]
    assert "đăng" in marked and "ký" in marked, excerpt


def test_the_box_is_labelled_in_vietnamese(visit):
    opened = visit()
    expect(opened.page.get_by_role("search", name="Tìm kiếm trên trang")).to_be_visible()
    expect(opened.box).to_have_attribute("placeholder", "Tìm kiếm")
    opened.search("hoa")
    expect(opened.page.get_by_role("listbox", name="Kết quả tìm kiếm")).to_be_visible()
    opened.box.fill("xyzzyq")
    expect(opened.page.locator(".pf-searchbox-status")).to_have_text(
        "Không tìm thấy kết quả cho xyzzyq", timeout=15_000)


def test_results_are_chosen_with_the_arrow_keys_and_enter(visit):
    opened = visit()
    options = opened.search("hoa")
    expect(options.nth(1)).to_be_visible()
    expect(options.first).to_have_attribute("aria-selected", "true")
    opened.box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(opened.box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id"))
    target = options.nth(1).get_attribute("href")
    opened.box.press("Enter")
    opened.page.wait_for_url("**" + target)


def test_the_slash_key_moves_focus_to_the_box(visit):
    opened = visit()
    opened.page.keyboard.press("/")
    expect(opened.box).to_be_focused()


def test_opening_a_page_fetches_no_search_index(visit):
    opened = visit(url_of("tinh")[len(SITE_PATH):])
    fetched = [url for url in opened.requests if "/pagefind/" in url]
    assert [Path(urlsplit(u).path).name for u in fetched] == ["pagefind-component-ui.css",
                                                              "pagefind-component-ui.js"]
    before = len(opened.requests)
    opened.search("quang ngai")
    after = [Path(urlsplit(u).path).name for u in opened.requests[before:]]
    assert any(name.endswith(".pf_meta") for name in after) and any(name.endswith(".pf_index") for name in after)


@pytest.mark.parametrize("text, folded", [
    ("Đăng Ký", "dang ky"),
    ("Quảng Ngãi", "quang ngai"),
    ("Qua\u0309ng Nga\u0303i", "quang ngai"),   # NFD, as pasted from macOS
    ("hoà hòa", "hoa hoa"),
    ("1.014393.H48", "1.014393.h48"),
])
def test_the_page_script_folds_text_as_citizens_type_it(visit, text, folded):
    assert visit().page.evaluate("text => window.cchcSearch.fold(text)", text) == folded


def test_the_page_script_matches_whole_words_and_a_prefix_of_the_last_one(visit):
    page = visit().page
    matches = "([word, query]) => window.cchcSearch.matches(word, window.cchcSearch.queryTerms(query))"
    assert page.evaluate(matches, ["Đăng", "dang ky"]) is True
    assert page.evaluate(matches, ["Ngãi", "quang nga"]) is True        # the last word may be unfinished
    assert page.evaluate(matches, ["Quảngg", "quang ngai"]) is False     # the others must be whole
    assert page.evaluate(matches, ["1.014393.000.00.00.H48", "1.014393"]) is True


@pytest.fixture(scope="module")
def shipped_url(shipped):
    assert shipped.returncode == 0, shipped.log
    server = serve(shipped.site)
    yield browsing.base_url(server)
    server.shutdown()


@pytest.mark.parametrize("query", ["1.004512", "1.004512.000.00.00.H48", "khai bao thiet bi x quang"])
def test_a_shipped_procedure_is_found_by_its_code_and_its_name(browser, shipped_url, query):
    """The real procedure pages of the shipped site, indexed whole, not a post that looks like one."""
    page = Visit(browser, shipped_url)
    try:
        found = [href for href, _, _ in page.results(query)]
        assert f"{SITE_PATH}thu-tuc-hanh-chinh/1.004512.000.00.00.H48/" in found, (query, found)
        assert page.external == []
    finally:
        page.context.close()


@pytest.mark.parametrize("query", ["34/KH-UBND", "34 KH UBND", "ke hoach 34"])
def test_a_shipped_document_is_found_by_its_number_with_or_without_the_slash(browser, shipped_url, query):
    """The register's page of Kế hoạch số 34/KH-UBND, typed as citizens type a number."""
    page = Visit(browser, shipped_url)
    try:
        found = [href for href, _, _ in page.results(query)]
        assert f"{SITE_PATH}van-ban/2022/34-kh-ubnd/" in found, (query, found)
        assert page.external == []
    finally:
        page.context.close()
