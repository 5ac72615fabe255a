"""The plan check in the build, the report page, coverage.json, the CLI and plan-file errors."""

import json
import subprocess
import sys

import pytest

from conftest import PROJECT, post, run_build, CCHC

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

TINY_PLAN = """\
year: {year}
title: Kế hoạch tuyên truyền CCHC năm {year}
topics:
  - {{id: II.1, name: Văn bản chỉ đạo, title: Tuyên truyền văn bản chỉ đạo}}
  - {{id: II.5, name: ISO 9001, title: Hệ thống quản lý chất lượng}}
forms:
  - id: III.4
    title: Ngày KH&CN 18/5
    lead: [Văn phòng Sở]
    window: Q2
  - id: III.3
    title: Bản tin và chuyên mục
    lead: [Trung tâm]
    window: all-year
    quotas:
      - {{id: radio, title: Phát thanh, target: 2}}
deadlines:
  units_report: {year}-11-10
  department_report: {year}-11-15
"""
EPOCH_2022_12_01 = "1669827600"  # 2022-12-01 00:00 in Vietnam


def plan_files(*years):
    return {f"content/plans/{y}.yml": TINY_PLAN.format(year=y) for y in years}


def covered(year=2022):
    return {
        f"content/news/{year}/a.md": post(title=f"Văn bản {year}", date=f"{year}-03-01", topics="[II.1, II.5]"),
        f"content/news/{year}/b.md": post(title=f"Ngày KH&CN {year}", date=f"{year}-05-18", topics="[II.1]",
                                          form="III.4"),
        f"content/news/{year}/r1.md": post(title=f"Phát thanh 1 {year}", date=f"{year}-02-01", channel="radio"),
        f"content/news/{year}/r2.md": post(title=f"Phát thanh 2 {year}", date=f"{year}-08-01", channel="radio"),
    }


def test_a_plan_fully_covered_builds_strict_and_reports_done(make_site):
    built = run_build(make_site({**plan_files(2022), **covered()}, plan=False), epoch="1672506000", as_of=None)
    assert built.returncode == 0, built.log
    data = json.loads((built.site / "ke-hoach/2022/coverage.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2023-01-01"
    assert {t["id"]: t["status"] for t in data["topics"]} == {"II.1": "done", "II.5": "done"}
    assert {f["id"]: f["status"] for f in data["forms"]} == {"III.4": "done", "III.3": "done"}
    assert data["forms"][1]["quotas"][0] == {
        "id": "radio", "title": "Phát thanh", "target": 2, "done": 2, "expected": 2, "status": "done",
        "items": data["forms"][1]["quotas"][0]["items"]}
    assert [i["url"] for i in data["topics"][1]["items"]] == [
        "https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/van-ban-2022/"]


def test_overdue_items_only_warn_by_default(make_site):
    files = {**plan_files(2022), "content/news/2022/a.md": post(title="Chỉ một tin", topics="[II.1]")}
    built = run_build(make_site(files, plan=False), epoch=EPOCH_2022_12_01, as_of=None)
    assert built.returncode == 0, built.log
    info = built.log_lines("INFO")
    assert info[info.index(next(line for line in info if "Kế hoạch: quá hạn: năm 2022" in line)) + 1].startswith(
        "content/plans/2022.yml:5: II.5: ")
    assert any(line.startswith("content/plans/2022.yml:") and line.endswith(
        ": Kế hoạch: quá hạn: năm 2022 có 2 mục quá hạn tính đến ngày 01/12/2022; chỉ là cảnh báo, trang vẫn "
        "được đăng (extra.cchc.overdue: block để dừng việc đăng); xem ke-hoach/2022/") for line in info), info


def test_overdue_items_fail_the_strict_build_all_listed_at_once_with_overdue_block(make_site):
    files = {**plan_files(2022), "content/news/2022/a.md": post(title="Chỉ một tin", topics="[II.1]")}
    built = run_build(make_site(files, plan=False), epoch=EPOCH_2022_12_01, as_of=None, overdue="block")
    assert built.returncode == 1
    assert "Traceback" not in built.log
    assert built.log_lines("ERROR") == [
        "content/plans/2022.yml:5: II.5: quá hạn: ISO 9001: chưa có tin bài hay bản tin nào năm 2022 đã đăng "
        "thuộc chủ đề này, hạn báo cáo của các đơn vị đã qua ngày 10/11/2022; đăng tin bài có 'topics: [II.5]'",
        "content/plans/2022.yml:7: III.4: quá hạn: Ngày KH&CN 18/5: chưa có tin bài nào có 'form: III.4' với "
        "ngày đăng trong thời gian thực hiện 01/4/2022 - 30/6/2022",
    ]
    # The quota's window (all year) is still open on 01/12: it is pending, at info level.
    assert ("content/plans/2022.yml:16: III.3/radio: chưa đến hạn: Phát thanh: đã đăng 0/2, cần đạt 1 đến "
            "ngày 01/12/2022; mỗi tin bài có 'channel: radio' được tính một; thời gian thực hiện 01/01/2022 - "
            "31/12/2022") in built.log_lines("INFO")
    # Without --strict the site is still built, and the report says what is overdue.
    relaxed = run_build(make_site(files, plan=False), strict=False, epoch=EPOCH_2022_12_01, as_of=None)
    assert relaxed.returncode == 0
    report = relaxed.article("ke-hoach/2022/")
    statuses = {row.select_one(".cchc-row-id").get_text(): row.select_one(".cchc-status").get_text()
                for row in report.select("ul.cchc-rows")[0].find_all("li", recursive=False)}
    assert statuses == {"II.1": "Đã thực hiện", "II.5": "Quá hạn"}


def test_pending_items_pass_strict_unless_the_switch_is_on(make_site):
    files = {**plan_files(2022), "content/news/2022/a.md": post(topics="[II.1]")}
    as_of_june = {"CCHC_AS_OF": "2022-06-01"}
    built = run_build(make_site(files, plan=False), env=as_of_june)
    assert built.returncode == 0, built.log
    assert any(line.startswith("content/plans/2022.yml:5: II.5: chưa đến hạn:") for line in built.log_lines("INFO"))
    strict_pending = run_build(make_site(files, plan=False, pending_fails=True), env=as_of_june)
    assert strict_pending.returncode == 1
    assert any(line.startswith("content/plans/2022.yml:5: II.5: chưa đến hạn:")
               for line in strict_pending.log_lines("ERROR"))


def test_drafts_and_scheduled_posts_never_count(make_site):
    files = {**plan_files(2022), **covered()}
    files["content/news/2022/a.md"] = post(title="Nháp", date="2022-03-01", topics="[II.1, II.5]", draft="true")
    built = run_build(make_site(files, plan=False), epoch=EPOCH_2022_12_01, as_of=None, overdue="block")
    assert built.returncode == 1
    assert built.log_lines("ERROR")[0].startswith("content/plans/2022.yml:5: II.5: quá hạn:")


def test_two_years_are_checked_each_against_its_own_plan(make_site):
    files = {**plan_files(2022, 2023), **covered(2022)}
    files["content/news/2023/a.md"] = post(title="Tin 2023", date="2023-02-01", topics="[II.5]")
    built = run_build(make_site(files, plan=False), epoch="1704042000", as_of=None,  # 2024-01-01
                      overdue="block")
    assert built.returncode == 1
    errors = built.log_lines("ERROR")
    assert all(e.startswith("content/plans/2023.yml:") for e in errors), errors
    assert [e.split(": ")[1] for e in errors] == ["II.1", "III.4", "III.3/radio"]
    assert (built.site / "ke-hoach/2022/index.html").exists() and (built.site / "ke-hoach/2023/index.html").exists()


def test_the_report_page_shows_topics_forms_units_and_an_accessible_chart(make_site):
    built = run_build(make_site({**plan_files(2022), **covered()}, plan=False), epoch="1672506000", as_of=None)
    report = built.article("ke-hoach/2022/")
    assert report.h1.get_text() == "Tiến độ thực hiện Kế hoạch tuyên truyền CCHC năm 2022"
    topics, forms = report.select("ul.cchc-rows")
    links = [a["href"] for a in topics.find("li").select(".cchc-report-items a")]
    assert "../../tin-tuc/2022/van-ban-2022/" in links and "../../tin-tuc/2022/ngay-kh-cn-2022/" in links
    row = {r.select_one(".cchc-row-name").get_text(): r for r in forms.find_all("li", recursive=False)}["Phát thanh"]
    assert row.select_one(".cchc-row-count").get_text(" ", strip=True) == "Số bài: 2/2"
    assert "Đã đăng 2/2; cần đạt 2 đến ngày 01/01/2023." in row.get_text()
    data, units = report.select("table")
    assert {r.th.get_text(): r.select("td")[0].get_text() for r in units.select("tbody tr")} == {
        "Trung tâm": "0", "Văn phòng Sở": "0"}
    svg = report.select_one("figure svg")
    assert svg["role"] == "img" and svg.title.get_text().startswith("Số tin bài theo tháng")
    assert len(svg.select("pattern")) >= 2  # patterns, not colour alone
    march = [td.get_text() for td in data.select("tbody tr")[0].select("td")]
    assert march[:3] == ["0", "1", "1"]   # II.1: one in February, one in March
    assert report.find(string=lambda s: s and "coverage.json" in s)


def test_plan_file_errors_are_reported_with_their_lines(make_site):
    bad = TINY_PLAN.format(year=2022).replace("window: Q2", "window: Q5").replace(
        "title: Bản tin và chuyên mục", "tittle: x").replace("{id: II.5,", "{id: II.1,")
    bad = bad.replace("units_report: 2022-11-10", "units_report: 2022-11-31")
    built = run_build(make_site({"content/plans/2022.yml": bad}, plan=False), as_of=None)
    assert built.returncode == 1
    assert built.log_lines("ERROR")[:-1] == [
        "content/plans/2022.yml:5: Mã chủ đề (topics[II.1].id): mã chủ đề bị trùng; mỗi chủ đề cần một mã riêng",
        "content/plans/2022.yml:10: Thời gian thực hiện (forms[III.4].window): đang ghi 'Q5'; ghi all-year (cả "
        "năm), một quý như Q2, nhiều quý như Q1-Q2, hoặc khoảng ngày như 2022-05-01..2022-05-31",
        "content/plans/2022.yml:11: Tên hình thức (forms[III.3].title): còn trống; ghi nội dung",
        "content/plans/2022.yml:12: forms.tittle: không có trường 'tittle' (có phải là 'title'?); chỉ dùng các "
        "trường: id, lead, partners, quotas, title, window",
        "content/plans/2022.yml:18: Hạn các đơn vị báo cáo Sở (deadlines.units_report): đang ghi '2022-11-31' "
        "(không có ngày này trong lịch); ghi ngày dạng 2022-03-03",
    ]


def test_a_window_outside_the_plans_year_is_refused(make_site):
    bad = TINY_PLAN.format(year=2022).replace("window: Q2", "window: 2022-12-01..2023-01-31")
    built = run_build(make_site({"content/plans/2022.yml": bad}, plan=False), as_of=None)
    assert built.log_lines("ERROR")[0] == (
        "content/plans/2022.yml:10: Thời gian thực hiện (forms[III.4].window): thời gian 2022-12-01..2023-01-31 "
        "không nằm trong năm 2022 của kế hoạch; ghi thời gian trong năm 2022")


def run_cli(root, *args):
    return subprocess.run([*CCHC, "coverage", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=60)


def test_the_cli_prints_the_table_and_exits_1_when_overdue(make_site):
    root = make_site({**plan_files(2022), "content/news/2022/a.md": post(topics="[II.1]")}, plan=False,
                     own_config=True)
    early = run_cli(root, "--as-of", "2022-06-01")
    assert early.returncode == 0, early.stderr
    assert "Tiến độ tính đến ngày 01/6/2022" in early.stdout
    assert "  II.1       Đã thực hiện     1 bài  Văn bản chỉ đạo" in early.stdout
    assert "  II.5       Chưa đến hạn     0 bài  ISO 9001" in early.stdout
    late = run_cli(root, "--year", "2022", "--as-of", "2022-11-11")
    assert late.returncode == 1
    assert "  II.5       Quá hạn          0 bài  ISO 9001" in late.stdout
    assert "Quá hạn: 2" in late.stdout
    data = json.loads(run_cli(root, "--as-of", "2022-11-11", "--json").stdout)
    assert data["summary"] == {"overdue": 2, "pending": 1, "items": 1}
    missing = run_cli(root, "--year", "2031")
    assert missing.returncode == 2 and "Năm 2031 chưa có kế hoạch" in missing.stderr
