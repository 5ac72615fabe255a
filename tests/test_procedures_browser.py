"""Procedures in a real browser: every record read on a 390 px phone, and the index's filters.

Headless Chromium (/usr/bin/chromium, tests/browser.py) opens the built sites served from
127.0.0.1 under /cchc/; requests to any other host are blocked and recorded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

import browser as browsing
from browser import PHONE, Visit, horizontal_overflow
from cchc.content.procedure_catalogue import load_procedures
from conftest import PROJECT, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

DESKTOP = {"width": 1280, "height": 900}
SHIPPED = [p.url for p in load_procedures(PROJECT)[0] if not p.draft]
# The page's own scrolling box: no sideways scrolling at all.
_FITS = "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
# How each record table is laid out: the display of its cells, and whether its header row shows.
_TABLES = """() => [...document.querySelectorAll('.cchc-stack')].map(box => ({
  cells: [...new Set([...box.querySelectorAll('td')].filter(td => td.textContent.trim())
                          .map(td => getComputedStyle(td).display))],
  header: box.querySelector('thead').getBoundingClientRect().height > 2,
  labels: [...box.querySelectorAll('td')].every(td => td.textContent.trim() === '' ||
          getComputedStyle(td, '::before').content.includes(td.dataset.label)),
}))"""


def record(code: str, name: str, field: str, level: str) -> str:
    """A short valid procedure record (test data: the codes 1.9992xx are not real)."""
    return (f"---\ncode: {code}\nsample: true\nname: {name}\nfield: {field}\nlevel: {level}\n"
            "steps:\n  - Nộp hồ sơ.\nsubmission:\n  - channel: Trực tiếp\ndossier:\n  - name: Đơn đề nghị\n"
            "    originals: 1\ndossier_count: 01 bộ\ntime_limit: 05 ngày làm việc\napplicants: Tổ chức\n"
            "deciding_agency: Sở Khoa học và Công nghệ\n"
            "announced: {number: 1009/QĐ-UBND, date: 2018-12-12, kind: new}\nupdated: 2022-01-10\n---\n")


RECORDS = {
    "1.999201": ("Đăng ký hợp đồng chuyển giao công nghệ", "Chuyển giao công nghệ", "Cấp tỉnh"),
    "1.999202": ("Đăng ký gia hạn chuyển giao công nghệ", "Chuyển giao công nghệ", "Cấp tỉnh, Cấp xã"),
    "2.999203": ("Khai báo thiết bị X-quang", "An toàn bức xạ và hạt nhân", "Cấp xã"),
    "2.999204": ("Cấp chứng chỉ nhân viên bức xạ", "An toàn bức xạ và hạt nhân", "Cấp tỉnh"),
}


def _site(tmp_path_factory, name: str, fill) -> Path:
    root = tmp_path_factory.mktemp(name)
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    fill(root)
    built = run_build(root)
    assert built.returncode == 0, built.log
    return built.site


def _serve(site: Path):
    server = browsing.serve(site)
    return server, browsing.base_url(server)


@pytest.fixture(scope="module")
def shipped_url(shipped):
    assert shipped.returncode == 0, shipped.log
    server, url = _serve(shipped.site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def imported_url(imported_site):
    """A site built from the importer's output (a dossier per case, fees per way)."""
    assert imported_site.returncode == 0, imported_site.log
    server, url = _serve(imported_site.site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def levels_url(tmp_path_factory):
    """A small site whose procedures are at different levels, in two fields."""
    def fill(root):
        for code, (name, field, level) in RECORDS.items():
            path = root / "content/procedures" / f"{code}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record(code, name, field, level), encoding="utf-8")
    server, url = _serve(_site(tmp_path_factory, "levels-browser", fill))
    yield url
    server.shutdown()


def check_phone(browser, address: str) -> None:
    visit = Visit(browser, address, viewport=PHONE)
    try:
        page = visit.page
        assert page.evaluate(_FITS), horizontal_overflow(page)
        assert horizontal_overflow(page) == []
        tables = page.evaluate(_TABLES)
        assert tables, "no record table on the page"
        # Each table is a stacked list: cells are blocks, each labelled by its column; no header row.
        assert all(t["cells"] == ["block"] and not t["header"] and t["labels"] for t in tables), tables
        assert visit.external == []
    finally:
        visit.close()


@pytest.mark.parametrize("url", SHIPPED)
def test_every_shipped_procedure_reads_on_a_390_px_phone_without_sideways_scrolling(browser, shipped_url, url):
    check_phone(browser, shipped_url + url)


@pytest.mark.parametrize("code", ["1.999001", "2.999002", "1.999003"])
def test_imported_procedures_read_on_a_phone_too(browser, imported_url, code):
    check_phone(browser, f"{imported_url}thu-tuc-hanh-chinh/{code}/")


def test_the_tables_stay_tables_on_a_desktop_and_on_paper(browser, shipped_url):
    visit = Visit(browser, shipped_url + SHIPPED[0], viewport=DESKTOP)
    try:
        tables = visit.page.evaluate(_TABLES)
        assert all(t["cells"] == ["table-cell"] and t["header"] for t in tables), tables
    finally:
        visit.close()
    visit = Visit(browser, shipped_url + SHIPPED[0], viewport=PHONE)
    try:
        visit.page.emulate_media(media="print")
        tables = visit.page.evaluate(_TABLES)
        assert all(t["cells"] == ["table-cell"] and t["header"] for t in tables), tables
    finally:
        visit.close()


# The index.

class Index:
    """The procedure index in a fresh browser context, and what it shows."""

    def __init__(self, browser, base: str, **options):
        self.visit = Visit(browser, base + "thu-tuc-hanh-chinh/", **options)
        self.page = self.visit.page

    def shown(self) -> list[str]:
        """Codes of the entries visible now, in page order."""
        return self.page.eval_on_selector_all(
            "li[data-search]", "items => items.filter(i => i.offsetParent !== null)"
            ".map(i => i.querySelector('.cchc-code').textContent.trim())")

    def sections(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "section[data-cchc-group]", "s => s.filter(x => !x.hidden).map(x => x.id)")

    @property
    def status(self) -> str:
        return self.page.locator(".cchc-filter-status").inner_text()


@pytest.fixture
def index(browser, levels_url):
    opened = Index(browser, levels_url)
    yield opened
    opened.visit.close()


def test_the_index_finds_a_procedure_by_its_code_as_it_is_typed(index):
    box = index.page.get_by_label("Lọc thủ tục theo mã hoặc tên (gõ có dấu hoặc không dấu)")
    expect(box).to_be_visible()
    assert sorted(index.shown()) == sorted(RECORDS)
    box.press_sequentially("1.9992")
    assert index.shown() == ["1.999202", "1.999201"]  # by name, in Vietnamese order: "gia hạn" < "hợp đồng"
    box.press_sequentially("01")
    assert index.shown() == ["1.999201"] and index.status == "Có 1 thủ tục phù hợp."
    box.fill("dang ky")
    assert sorted(index.shown()) == ["1.999201", "1.999202"]


def test_the_index_filters_by_field_and_by_level_and_both_with_the_text(index):
    field = index.page.get_by_role("combobox", name="Lĩnh vực")
    level = index.page.get_by_role("combobox", name="Cấp thực hiện")
    assert level.locator("option").all_inner_texts() == ["Tất cả các cấp", "Cấp tỉnh", "Cấp xã"]
    field.select_option(label="An toàn bức xạ và hạt nhân")
    assert sorted(index.shown()) == ["2.999203", "2.999204"]
    assert index.sections() == ["linh-vuc-an-toan-buc-xa-va-hat-nhan"]
    level.select_option(label="Cấp xã")
    assert index.shown() == ["2.999203"]
    field.select_option(label="Tất cả lĩnh vực")
    # A procedure at two levels is found under each.
    assert sorted(index.shown()) == ["1.999202", "2.999203"]
    index.page.get_by_label("Lọc thủ tục theo mã hoặc tên (gõ có dấu hoặc không dấu)").fill("hợp đồng")
    assert index.shown() == [] and index.status.startswith("Không có thủ tục nào phù hợp")
    assert index.sections() == []


def test_filtering_makes_no_request_and_nothing_leaves_the_site(index):
    before = list(index.visit.requests)
    index.page.get_by_label("Lọc thủ tục theo mã hoặc tên (gõ có dấu hoặc không dấu)").fill("1.999")
    index.page.get_by_label("Cấp thực hiện").select_option(label="Cấp tỉnh")
    index.page.wait_for_timeout(300)
    assert index.visit.requests == before
    assert index.visit.external == []


def test_pressing_enter_in_the_filter_keeps_the_page(index):
    box = index.page.get_by_label("Lọc thủ tục theo mã hoặc tên (gõ có dấu hoặc không dấu)")
    url = index.page.url
    box.fill("x quang")
    box.press("Enter")
    assert index.page.url == url and index.shown() == ["2.999203"]


def test_the_index_fits_a_phone(browser, shipped_url):
    opened = Index(browser, shipped_url, viewport=PHONE)
    try:
        assert opened.page.evaluate(_FITS) and horizontal_overflow(opened.page) == []
    finally:
        opened.visit.close()
