"""The plan page /ke-hoach/<year>/ as a dashboard, and the files offered beside it (issue 20).

Counts and chart first, then one line per topic, form and quota that unfolds to its evidence;
the unit's report (.docx), the evidence (.csv) and coverage.json to download. In the browser:
the summary fits the first screen at 1366x768, the folded page three screens, it is accessible
unfolded too, and it prints with every line unfolded.
"""

from __future__ import annotations

import csv
import io
import shutil

import docx
import pytest

from browser import AXE_JS, PHONE, Visit, axe_violations, base_url, horizontal_overflow, require_node_tool, serve
from cchc.content.plan import load_plan
from conftest import PROJECT, post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

SCREEN = {"width": 1366, "height": 768}
REPORT = "ke-hoach/2022/"


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A site checked as of 30/6/2022 with three posts; one of them comes after that day."""
    root = tmp_path_factory.mktemp("dashboard")
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    posts = {
        "van-ban": post(title="Tin văn bản chỉ đạo", date="2022-03-03", topics="[II.1]"),
        "van-ban-2": post(title="Tin văn bản thứ hai", date="2022-04-05", topics="[II.1, II.5]"),
        "phat-thanh": post(title="Phát thanh tháng 5", date="2022-05-20", topics="[II.2.3]", channel="radio"),
        "sau": post(title="Tin sau ngày báo cáo", date="2022-08-01", topics="[II.2.2]"),
    }
    for slug, text in posts.items():
        path = root / f"content/news/2022/{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    built = run_build(root, as_of="2022-06-30")
    assert built.returncode == 0, built.log
    return built


def rows(article, section: int):
    return article.select("ul.cchc-rows")[section].find_all("li", recursive=False)


def cell(row, name: str) -> str:
    return row.select_one(f".cchc-row-{name}").get_text(" ", strip=True)


def test_the_top_of_the_page_counts_done_pending_and_overdue_items_and_published_posts(small):
    article = small.article(REPORT)
    counts = {li["class"][1].removeprefix("cchc-count--"): li.select_one(".cchc-count-number").get_text()
              for li in article.select(".cchc-counts li")}
    # On 30/6: II.1 and II.5 are covered, III.4 (Q2) is not and its window ends today: pending.
    # III.5 (Q1-Q2) likewise; the radio quota has 1 of the 6 expected by now: pending.
    assert counts["items"] == "3"
    statuses = [cell(r, "status") for r in rows(article, 0) + rows(article, 1)]
    counted = [s for r, s in zip(rows(article, 0) + rows(article, 1), statuses)
               if "theo" not in cell(r, "latest")]
    assert counts["done"] == str(sum("Đã thực hiện" in s for s in counted))
    assert counts["pending"] == str(sum("Chưa đến hạn" in s for s in counted))
    assert counts["overdue"] == str(sum("Quá hạn" in s for s in counted)) == "0"
    assert int(counts["done"]) >= 3 and int(counts["pending"]) > 10
    # The chart comes with its data, folded beneath it.
    assert article.select_one(".cchc-overview figure svg[role=img]")
    assert article.select_one("details table caption").get_text().startswith("Số tin bài, bản tin theo tháng")


def test_one_line_per_topic_with_status_count_and_latest_post_and_the_evidence_folded(small):
    article = small.article(REPORT)
    topics = rows(article, 0)
    plan, _ = load_plan(PROJECT, "content/plans/2022.yml")
    assert [cell(r, "id") for r in topics] == [t.id for t in plan.topics]     # the plan's order, all of it
    first = topics[0]
    assert cell(first, "status") == "Trạng thái: Đã thực hiện"
    assert cell(first, "count") == "Số bài: 2"
    assert cell(first, "latest") == "Mới nhất: 05/4/2022 · Tin văn bản thứ hai"
    details = first.find("details")
    assert details is not None and not details.has_attr("open")
    assert [a.get_text() for a in details.select(".cchc-report-items a")] == [
        "Tin văn bản thứ hai", "Tin văn bản chỉ đạo"]  # newest first
    assert details.select_one("a")["href"] == "../../chu-de/van-ban-chi-dao-cchc/"
    # A topic with nothing yet is one line with nothing to unfold; its name leads to its page.
    empty = next(r for r in topics if cell(r, "id") == "II.2.2")
    assert empty.find("details") is None and cell(empty, "latest") == "Mới nhất: chưa có tin bài"
    assert empty.select_one(".cchc-row-name a")["href"] == "../../chu-de/cai-cach-the-che/"
    # A post after the report's day is nowhere on the page.
    assert "Tin sau ngày báo cáo" not in article.get_text()


def test_forms_and_their_quotas_have_lines_of_their_own(small):
    forms = rows(small.article(REPORT), 1)
    assert [cell(r, "id") for r in forms] == ["III.1", "III.2", "III.3", "III.3", "III.3", "III.3", "III.3",
                                              "III.4", "III.5", "III.6"]
    radio = next(r for r in forms if cell(r, "name") == "Chuyên mục trên sóng phát thanh")
    assert cell(radio, "count") == "Số bài: 1/12"
    assert radio.select_one("svg.cchc-bar")["aria-hidden"] == "true"   # the numbers say it; the bar repeats
    assert "Đã đăng 1/12; cần đạt 5 đến ngày 30/6/2022." in radio.get_text()
    assert [a.get_text() for a in radio.select(".cchc-report-items a")] == ["Phát thanh tháng 5"]
    iso = next(r for r in forms if cell(r, "id") == "III.5")
    assert "Thời gian thực hiện: 01/01/2022 - 30/6/2022; chủ trì: Phòng Quản lý Tiêu chuẩn Đo lường Chất lượng." \
        in iso.get_text()


def test_the_page_offers_the_report_the_evidence_and_coverage_json_for_download(small):
    links = {a.get_text(): a["href"] for a in small.article(REPORT).select(".cchc-downloads a")}
    assert links == {"Báo cáo kết quả thực hiện kế hoạch": "bao-cao-tuyen-truyen-cchc-2022.docx",
                     "Danh sách tin bài minh chứng": "minh-chung-tuyen-truyen-cchc-2022.csv",
                     "coverage.json": "coverage.json"}
    folder = small.site / REPORT
    report = docx.Document(str(folder / links["Báo cáo kết quả thực hiện kế hoạch"]))
    # As of the build's check day, with the unit from mkdocs.yml.
    assert report.tables[0].cell(1, 1).paragraphs[0].text == "Quảng Ngãi, ngày 30 tháng 6 năm 2022"
    assert [p.text for p in report.tables[0].cell(0, 0).paragraphs if p.text] == ["UBND TỈNH QUẢNG NGÃI",
                                                                                 "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    text = "\n".join(p.text for p in report.paragraphs)
    assert "https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/tin-van-ban-chi-dao/" in text
    assert "Tin sau ngày báo cáo" not in text
    data = (folder / links["Danh sách tin bài minh chứng"]).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    titles = {row[5] for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))}
    assert {"Tin văn bản chỉ đạo", "Phát thanh tháng 5"} <= titles and "Tin sau ngày báo cáo" not in titles
    size = small.article(REPORT).select_one(".cchc-downloads .cchc-file-type").get_text()
    assert size == f"(Word (.docx), {round((folder / links['Báo cáo kết quả thực hiện kế hoạch']).stat().st_size / 1024)} KB)"


def test_a_mistake_in_the_units_settings_stops_the_build_with_its_line(make_site):
    built = run_build(make_site({}), report={"signer": "Ông A"})
    assert built.returncode == 1 and "Traceback" not in built.log
    assert (": report.signer: không có thiết lập này (có phải là 'signer_name'?); các thiết lập: parent, "
            "unit, number, place, signer_title, signer_name, recipients") in built.log


# --- In the browser, on the shipped site ----------------------------------------------------------

@pytest.fixture(scope="module")
def shipped_report(shipped, browser):
    assert shipped.returncode == 0, shipped.log
    server = serve(shipped.site)
    visits = []

    def open_page(**options) -> Visit:
        visit = Visit(browser, base_url(server) + REPORT, **options)
        visits.append(visit)
        return visit

    yield open_page
    for visit in visits:
        visit.close()
    server.shutdown()


def test_at_1366_by_768_the_counts_and_chart_are_in_the_first_screen_and_the_page_is_three_screens(shipped_report):
    page = shipped_report(viewport=SCREEN).page
    for selector in (".cchc-counts", ".cchc-overview figure"):
        box = page.locator(selector).bounding_box()
        assert box["height"] > 100 and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], (selector, box)
    assert page.locator(".cchc-rows details[open]").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * SCREEN["height"], height


def test_unfolded_the_page_is_still_accessible_and_fits_a_phone(shipped_report):
    require_node_tool(AXE_JS)
    for options in ({"viewport": SCREEN}, {"viewport": PHONE}):
        page = shipped_report(**options).page
        folded = page.evaluate("document.documentElement.scrollHeight")
        page.evaluate("document.querySelectorAll('.cchc-dashboard details').forEach(d => d.open = true)")
        assert page.evaluate("document.documentElement.scrollHeight") > folded * 2
        assert axe_violations(page) == []
        assert horizontal_overflow(page) == []


def test_a_line_unfolds_from_the_keyboard(shipped_report):
    page = shipped_report(viewport=SCREEN).page
    summary = page.locator(".cchc-rows summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator(".cchc-rows details").first.get_attribute("open") is not None
    assert page.locator(".cchc-rows details").first.locator(".cchc-report-items a").first.is_visible()


def test_printed_every_line_is_unfolded_and_the_download_links_are_left_out(shipped_report):
    page = shipped_report(viewport=SCREEN).page
    evidence = page.locator(".cchc-rows .cchc-report-items a")
    assert evidence.count() > 100 and not evidence.first.is_visible()
    assert page.evaluate("() => document.querySelector('.cchc-rows .cchc-report-items a').checkVisibility()") is False
    page.emulate_media(media="print")
    assert page.locator(".cchc-rows details[open]").count() == 0        # nothing was opened...
    # checkVisibility() is false inside a folded <details> (its content is skipped, not laid out).
    visible = page.evaluate("""() => [...document.querySelectorAll('.cchc-rows .cchc-report-items a')]
        .filter(a => a.checkVisibility()).length""")
    assert visible == evidence.count()                                  # ...yet all of it prints
    assert not page.locator(".cchc-downloads").is_visible()
    assert page.locator(".cchc-overview figure svg").is_visible()
