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
    assert info[info.index(next(line for line in info if "quá hạn: kế hoạch năm 2022" in line)) + 1].startswith(
        "content/plans/2022.yml:5: II.5: ")
    assert any(line.startswith("content/plans/2022.yml:") and line.endswith(
        ": quá hạn: kế hoạch năm 2022 có 2 mục quá hạn tính đến ngày 01/12/2022; chỉ là cảnh báo, trang vẫn "
        "được đăng (extra.cchc.overdue: block để dừng việc đăng); xem ke-hoach/2022/") for line in info), info


def test_overdue_items_fail_the_strict_build_all_listed_at_once_with_overdue_block(make_site):
    files = {**plan_files(2022), "content/news/2022/a.md": post(title="Chỉ một tin", topics="[II.1]")}
    built = run_build(make_site(files, plan=False), epoch=EPOCH_2022_12_01, as_of=None, overdue="block")
    assert built.returncode == 1
    assert "Traceback" not in built.log
    assert built.log_lines("ERROR") == [
        "content/plans/2022.yml:5: II.5: overdue: ISO 9001: no published news post or bulletin of 2022 "
        "covers this topic; the units' report deadline was 10/11/2022",
        "content/plans/2022.yml:7: III.4: overdue: Ngày KH&CN 18/5: no published news post with "
        "'form: III.4' dated inside its window 01/4/2022 - 30/6/2022",
    ]
    # The quota's window (all year) is still open on 01/12: it is pending, at info level.
    assert ("content/plans/2022.yml:16: III.3/radio: pending: Phát thanh: 0 of 2 published (1 expected by "
            "01/12/2022); each news post with 'channel: radio' counts; window 01/01/2022 - 31/12/2022"
            ) in built.log_lines("INFO")
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
    assert any(line.startswith("content/plans/2022.yml:5: II.5: pending:") for line in built.log_lines("INFO"))
    strict_pending = run_build(make_site(files, plan=False, pending_fails=True), env=as_of_june)
    assert strict_pending.returncode == 1
    assert any(line.startswith("content/plans/2022.yml:5: II.5: pending:") for line in strict_pending.log_lines("ERROR"))


def test_drafts_and_scheduled_posts_never_count(make_site):
    files = {**plan_files(2022), **covered()}
    files["content/news/2022/a.md"] = post(title="Nháp", date="2022-03-01", topics="[II.1, II.5]", draft="true")
    built = run_build(make_site(files, plan=False), epoch=EPOCH_2022_12_01, as_of=None, overdue="block")
    assert built.returncode == 1
    assert built.log_lines("ERROR")[0].startswith("content/plans/2022.yml:5: II.5: overdue:")


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
        "content/plans/2022.yml:5: topics[II.1].id: duplicate topic id; ids must be unique",
        "content/plans/2022.yml:10: forms[III.4].window: expected all-year, a quarter like Q2, a range like "
        "Q1-Q2 or dates like 2022-05-01..2022-05-31, found 'Q5'",
        "content/plans/2022.yml:11: forms[III.3].title: expected non-empty text, found None",
        "content/plans/2022.yml:12: forms.tittle: unknown key (did you mean 'title'?); expected one of "
        "id, lead, partners, quotas, title, window",
        "content/plans/2022.yml:18: deadlines.units_report: expected a date like 2022-03-03, found "
        "'2022-11-31' (day is out of range for month)",
    ]


def test_a_window_outside_the_plans_year_is_refused(make_site):
    bad = TINY_PLAN.format(year=2022).replace("window: Q2", "window: 2022-12-01..2023-01-31")
    built = run_build(make_site({"content/plans/2022.yml": bad}, plan=False), as_of=None)
    assert built.log_lines("ERROR")[0] == (
        "content/plans/2022.yml:10: forms[III.4].window: the window 2022-12-01..2023-01-31 is not "
        "inside 2022, the plan's year")


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
    assert missing.returncode == 2 and "no plan for 2031" in missing.stderr
