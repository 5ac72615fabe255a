"""Several plan years side by side: posts in a year with no plan yet, next year's plan made
from the last one, one topic page per id across years, and coverage per year."""

import json
import posixpath
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from cchc.content.load import load_site
from cchc.dates import VIETNAM
from cchc.content.plan import load_plan
from cchc.plan.scaffold import move_day, move_window
from cchc.plan.report import coverages
from conftest import PROJECT, post, run_build, CCHC, COMMAND_OF

# This module's fixtures that build a site or start a program: their tests are marked `site`.
SITE_FIXTURES = {"built"}

PLAN_2022 = """\
year: 2022
title: Kế hoạch tuyên truyền CCHC năm 2022
topics:
  - {id: II.1, name: Văn bản chỉ đạo, slug: van-ban-chi-dao, title: Tuyên truyền văn bản chỉ đạo năm 2022}
  - {id: II.2, name: Thủ tục hành chính, title: Cải cách thủ tục hành chính}
  - {id: II.5, name: ISO 9001, slug: iso-9001, title: Hệ thống quản lý chất lượng}
forms:
  - id: III.3
    title: Chuyên mục phát thanh năm 2022
    lead: [Trung tâm]
    window: all-year
    quotas:
      - {id: radio, title: Phát thanh, target: 1}
  - id: III.9
    title: Tuần lễ cuối tháng Hai
    lead: [Văn phòng]
    window: 2022-02-21..2022-02-28
deadlines:
  units_report: 2022-11-10
  department_report: 2022-11-15
"""
# 2023 keeps II.1, renames II.2 (whose slug came from its old name), drops II.5, adds II.6;
# it is signed (test data: the number is not a real decision).
PLAN_2023 = """\
year: 2023
title: Kế hoạch tuyên truyền CCHC năm 2023
number: 99/KH-THUNGHIEM
signed: 2023-02-15
topics:
  - {id: II.1, name: Văn bản chỉ đạo, slug: van-ban-chi-dao, title: Tuyên truyền văn bản chỉ đạo}
  - {id: II.2, name: Cải cách thủ tục hành chính, title: Kiểm soát và cải cách TTHC}
  - {id: II.6, name: Chuyển đổi số, slug: chuyen-doi-so, title: Chuyển đổi số trong giải quyết TTHC}
forms:
  - id: III.3
    title: Chuyên mục phát thanh
    lead: [Trung tâm]
    window: all-year
    quotas:
      - {id: radio, title: Phát thanh, target: 1}
deadlines:
  units_report: 2023-11-10
  department_report: 2023-11-15
"""
POSTS = {
    "content/news/2022/a.md": post(title="Tin năm 2022", date="2022-03-01", topics="[II.1, II.2, II.5]",
                                   channel="radio"),
    "content/news/2022/f.md": post(title="Tuần lễ tháng Hai", date="2022-02-25", topics="[II.1]", form="III.9"),
    "content/news/2023/b.md": post(title="Tin năm 2023", date="2023-03-01", topics="[II.1, II.2, II.6]",
                                   channel="radio"),
    "content/news/2024/c.md": post(title="Tin đầu năm 2024", date="2024-01-05", topics="[II.2, II.6]",
                                   channel="radio"),
    "content/news/2024/d.md": post(title="Tin tháng Ba 2024", date="2024-03-05", topics="[II.6]"),
    "content/news/2024/nhap.md": post(title="Bản nháp 2024", date="2024-04-01", topics="[II.2]", draft="true"),
    "content/news/2026/e.md": post(title="Tin năm 2026", date="2026-01-03", topics="[II.1]"),
    "content/news/2027/hen.md": post(title="Tin hẹn giờ 2027", date="2027-06-01", topics="[II.6]"),
}
EPOCH_2027 = str(int(datetime(2027, 1, 1, tzinfo=VIETNAM).timestamp()))


def files(**more):
    return {"content/plans/2022.yml": PLAN_2022, "content/plans/2023.yml": PLAN_2023, **POSTS, **more}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site with plans 2022 and 2023 and posts up to 2026, built --strict as of 2027-01-01."""
    root = tmp_path_factory.mktemp("years")
    for rel, text in files().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return run_build(root, epoch=EPOCH_2027, as_of=None)


def titles(section) -> list[str]:
    return [h.get_text(strip=True) for h in section.select(".cchc-post-title")]


def test_posts_of_years_without_a_plan_are_published_with_one_info_line_per_year(built):
    assert built.returncode == 0, built.log
    info = built.log_lines("INFO")
    assert info.count("năm 2024 chưa có kế hoạch: chủ đề của bài được đối chiếu với kế hoạch 2023") == 1
    assert info.count("năm 2026 chưa có kế hoạch: chủ đề của bài được đối chiếu với kế hoạch 2023") == 1
    assert not any("năm 2025 chưa có kế hoạch" in line for line in info)  # no content, nothing to say
    assert built.article("tin-tuc/2024/tin-dau-nam-2024/").h1.get_text() == "Tin đầu năm 2024"
    assert built.article("tin-tuc/2026/tin-nam-2026/").h1.get_text() == "Tin năm 2026"
    # A draft and a scheduled post of such a year are held back, not refused.
    assert "content/news/2024/nhap.md: bản nháp, chưa đăng (bỏ dòng 'draft: true' khi muốn đăng)" in info
    assert info.count("năm 2027 chưa có kế hoạch: chủ đề của bài được đối chiếu với kế hoạch 2023") == 1
    assert any(line.startswith("content/news/2027/hen.md: hẹn đăng lúc 00:00 ngày 01/6/2027") for line in info)
    # Its topics link to the topic pages, as the standing-in plan names them.
    links = built.article("tin-tuc/2024/tin-dau-nam-2024/").select(".cchc-topics a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Cải cách thủ tục hành chính", "../../../chu-de/thu-tuc-hanh-chinh/"),
        ("Chuyển đổi số", "../../../chu-de/chuyen-doi-so/")]


def test_the_plan_index_lists_every_plan_year_and_the_years_without_one(built):
    rows = {row.th.get_text(): [td.get_text(" ", strip=True) for td in row.find_all("td")]
            for row in built.article("ke-hoach/").select("tbody tr")}
    assert list(rows) == ["2026", "2024", "2023", "2022"]
    assert rows["2026"][0] == "Chưa có kế hoạch năm 2026"
    assert rows["2024"][1] == "Đã đăng 2 tin bài, 0 bản tin; mã chủ đề kiểm tra theo kế hoạch năm 2023"
    assert rows["2023"][1:] == ["Đã ký: số 99/KH-THUNGHIEM ngày 15/02/2023", "4", "0", "0"]
    assert rows["2022"][1:] == ["Đã ban hành (chưa ghi số và ngày ký)", "5", "0", "0"]
    assert rows["2023"][0] == "Kế hoạch tuyên truyền CCHC năm 2023"


def test_coverage_is_computed_per_plan_year_from_the_posts_dated_in_it(built):
    for year, urls in ((2022, {"tin-tuc/2022/tin-nam-2022/", "tin-tuc/2022/tuan-le-thang-hai/"}),
                       (2023, {"tin-tuc/2023/tin-nam-2023/"})):
        data = json.loads((built.site / f"ke-hoach/{year}/coverage.json").read_text(encoding="utf-8"))
        assert data["summary"]["items"] == len(urls)
        assert {i["url"].rsplit("/cchc/", 1)[1] for t in data["topics"] for i in t["items"]} == urls
    assert not (built.site / "ke-hoach/2024").exists()


def test_a_renamed_topic_keeps_one_page_and_feed_with_every_year_newest_first(built):
    page = built.article("chu-de/thu-tuc-hanh-chinh/")
    assert page.h1.get_text() == "Cải cách thủ tục hành chính"  # the newest plan's name
    sections = page.select("section.cchc-topic-year")
    assert [s.h2.get_text() for s in sections] == ["Năm 2024", "Năm 2023", "Năm 2022"]
    assert [titles(s) for s in sections] == [["Tin đầu năm 2024"], ["Tin năm 2023"], ["Tin năm 2022"]]
    assert "chưa có kế hoạch" in sections[0].select_one(".cchc-topic-title").get_text()
    assert sections[1].select_one(".cchc-topic-title").get_text() == (
        "Kế hoạch năm 2023: Kiểm soát và cải cách TTHC")
    # The new name's slug would be cai-cach-thu-tuc-hanh-chinh: no second page, no second feed;
    # the build says so.
    assert ("content/plans/2023.yml:7: Địa chỉ trang chủ đề (topics[II.2].slug): trang chủ đề vẫn ở "
            "chu-de/thu-tuc-hanh-chinh/ (địa chỉ từ kế hoạch 2022); 'cai-cach-thu-tuc-hanh-chinh' không được dùng"
            ) in built.log_lines("INFO")
    assert not (built.site / "chu-de/cai-cach-thu-tuc-hanh-chinh").exists()
    feed = ET.parse(built.site / "chu-de/thu-tuc-hanh-chinh/feed.xml").getroot()
    assert [i.findtext("title") for i in feed.iter("item")] == ["Tin đầu năm 2024", "Tin năm 2023", "Tin năm 2022"]


def test_each_years_report_links_a_renamed_topic_to_its_one_page(built):
    # Publishing's link check refuses a release with a broken link: a rename must not make one.
    for year in (2022, 2023):
        report = f"ke-hoach/{year}/"
        links = {a["href"] for a in built.article(report).select("a") if "chu-de/" in a["href"]}
        assert "../../chu-de/thu-tuc-hanh-chinh/" in links, links
        for href in links:
            target = posixpath.normpath(posixpath.join(report, href))
            assert (built.site / target / "index.html").is_file(), f"{report}: {href}"


def test_a_topic_dropped_from_a_later_plan_keeps_its_page_for_older_posts(built):
    page = built.article("chu-de/iso-9001/")
    assert [s.h2.get_text() for s in page.select("section.cchc-topic-year")] == ["Năm 2022"]
    assert titles(page) == ["Tin năm 2022"]
    assert (built.site / "chu-de/iso-9001/feed.xml").is_file()
    index = [a.get_text() for a in built.article("chu-de/").select("a")]
    assert "ISO 9001" in index


def make(tmp_path: Path, content: dict[str, str]) -> Path:
    for rel, text in content.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


NOW = datetime(2027, 1, 1, tzinfo=VIETNAM)


def test_posts_count_towards_the_years_plan_once_it_is_added_with_no_edit(tmp_path):
    root = make(tmp_path, files())
    before = load_site(root, NOW)
    assert before.problems == () and [c.plan.year for c in coverages(before, date(2024, 12, 31))] == [2023, 2022]
    (root / "content/plans/2024.yml").write_text(PLAN_2023.replace("2023", "2024"), encoding="utf-8")
    after = load_site(root, NOW)
    assert after.problems == ()
    [check_2024] = [c for c in coverages(after, date(2024, 12, 31)) if c.plan.year == 2024]
    assert [i.title for i in check_2024.items] == ["Tin đầu năm 2024", "Tin tháng Ba 2024"]
    # Its deadlines are past: what the 2024 posts do not cover is now overdue, and only that.
    assert [f.id for f in check_2024.findings()] == ["II.1"]


def test_a_topic_the_standing_in_plan_dropped_is_an_error_naming_that_plan(tmp_path):
    root = make(tmp_path, files(**{"content/news/2024/x.md": post(title="ISO", date="2024-05-01",
                                                                  topics="[II.5]")}))
    [problem] = load_site(root, NOW).problems
    assert str(problem) == (
        "content/news/2024/x.md:4: Chủ đề của kế hoạch (topics): không có chủ đề 'II.5' trong kế hoạch 2023 "
        "(năm 2024 chưa có kế hoạch) (có phải là 'II.6'?); ghi mã chủ đề của kế hoạch: II.1, II.2, II.6")


def test_a_later_plan_may_not_give_an_older_topics_page_to_another_id(tmp_path):
    plan = PLAN_2023.replace("slug: chuyen-doi-so", "slug: iso-9001")
    [problem] = load_site(make(tmp_path, files(**{"content/plans/2023.yml": plan})), NOW).problems
    assert str(problem).startswith(
        "content/plans/2023.yml:8: Địa chỉ trang chủ đề (topics[II.6].slug): trang chủ đề chu-de/iso-9001/ "
        "thuộc chủ đề II.5 từ kế hoạch 2022;")


def test_a_draft_plan_reports_overdue_items_without_failing_the_build(make_site):
    draft = PLAN_2023.replace("number: 99/KH-THUNGHIEM\nsigned: 2023-02-15\n", "number:\nsigned:\ndraft: true\n")
    root = make_site({"content/plans/2023.yml": draft, **{k: v for k, v in POSTS.items() if "/2023/" not in k}},
                     plan=False)
    (root / "content/plans/2022.yml").write_text(PLAN_2022, encoding="utf-8")
    done = run_build(root, epoch=EPOCH_2027, as_of=None)
    assert done.returncode == 0, done.log
    info = done.log_lines("INFO")
    assert ("content/plans/2023.yml:5: Bản nháp (draft): kế hoạch 2023 là bản nháp, chưa ký: 4 mục quá hạn "
            "và 0 mục đang chờ, chưa tính là lỗi cho đến khi kế hoạch được ký; xem trang ke-hoach/2023/ hoặc "
            "lệnh cchc coverage --year 2023") in info
    assert ("content/plans/2023.yml:3: Số kế hoạch (number): chưa có; khi kế hoạch được ký, ghi số kế hoạch, "
            "như 'number: <số>/KH-SKHCN'") in info
    state = done.article("ke-hoach/").select_one("#nam-2023 .cchc-plan-state").get_text()
    assert state == "Dự thảo, chưa ký (tiến độ chỉ để tham khảo)"
    # Signed, the same overdue items fail a strict build (with overdue: block; else they warn).
    (root / "content/plans/2023.yml").write_text(PLAN_2023, encoding="utf-8")
    signed = run_build(root, epoch=EPOCH_2027, as_of=None, overdue="block")
    assert signed.returncode == 1
    assert len([line for line in signed.log_lines("ERROR") if "content/plans/2023.yml" in line]) == 4


def script(name: str, *args: str, root: Path, epoch: str = EPOCH_2027) -> subprocess.CompletedProcess:
    import os
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    env.pop("CCHC_AS_OF", None)
    return subprocess.run([*CCHC, COMMAND_OF[name], "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.site
def test_new_plan_copies_the_latest_plan_into_the_new_year(tmp_path):
    root = make(tmp_path, files())
    done = script("new.py", "plan", "2024", root=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "Đã tạo bản nháp: content/plans/2024.yml"
    plan, problems = load_plan(root, "content/plans/2024.yml")
    assert problems == []
    source, _ = load_plan(root, "content/plans/2023.yml")
    assert (plan.number, plan.signed, plan.draft) == ("", None, True)
    assert plan.title == "Kế hoạch tuyên truyền CCHC năm 2024"
    assert [(t.id, t.name, t.title, t.documents) for t in plan.topics] == [
        (t.id, t.name, t.title, t.documents) for t in source.topics]
    # Every topic keeps the page it has: II.2 gets its first slug written out.
    assert [t.slug for t in plan.topics] == ["van-ban-chi-dao", "thu-tuc-hanh-chinh", "chuyen-doi-so"]
    assert [(f.id, f.window, f.start, f.end, f.quotas) for f in plan.forms] == [
        ("III.3", "all-year", date(2024, 1, 1), date(2024, 12, 31), source.forms[0].quotas)]
    assert (plan.units_report, plan.department_report) == (date(2024, 11, 10), date(2024, 11, 15))
    text = (root / "content/plans/2024.yml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["number"] is None and raw["signed"] is None and raw["draft"] is True
    # The checker names what is still to fill in, at info level: the check does not fail.
    check = script("check.py", root=root)
    assert check.returncode == 0, check.stdout
    assert ("Lưu ý: content/plans/2024.yml:11: Số kế hoạch (number): chưa có; khi kế hoạch được ký, ghi số "
            "kế hoạch, như 'number: <số>/KH-SKHCN'") in check.stderr.splitlines()
    assert "Lưu ý: năm 2024 chưa có kế hoạch" not in check.stderr
    # Never over an existing plan.
    (root / "content/plans/2024.yml").write_text("đang sửa", encoding="utf-8")
    again = script("new.py", "plan", "2024", root=root)
    assert again.returncode == 1 and "content/plans/2024.yml đã có (không bao giờ ghi đè)" in again.stderr
    assert (root / "content/plans/2024.yml").read_text(encoding="utf-8") == "đang sửa"


@pytest.mark.site
def test_new_plan_moves_dated_windows_and_keeps_the_end_of_february(tmp_path):
    root = make(tmp_path, {"content/plans/2022.yml": PLAN_2022})
    assert script("new.py", "plan", "2024", root=root).returncode == 0
    plan, problems = load_plan(root, "content/plans/2024.yml")
    assert problems == []
    # From 2022, the latest plan before 2024; 28/2/2022 was the end of February: 29/2/2024 is.
    assert plan.forms[1].window == "2024-02-21..2024-02-29"
    assert plan.forms[0].title == "Chuyên mục phát thanh năm 2024"
    missing = script("new.py", "plan", "2021", root=root)
    assert missing.returncode == 1
    assert missing.stderr.startswith("Không tạo kế hoạch năm 2021: chưa có kế hoạch nào trước năm 2021")


@pytest.mark.parametrize("day, years, moved", [
    (date(2024, 2, 29), 1, date(2025, 2, 28)),
    (date(2023, 2, 28), 1, date(2024, 2, 29)),
    (date(2024, 2, 28), 1, date(2025, 2, 28)),   # not the month's end in a leap year: the same day
    (date(2022, 11, 10), 5, date(2027, 11, 10)),
    (date(2023, 1, 15), 1, date(2024, 1, 15)),
])
def test_move_day(day, years, moved):
    assert move_day(day, years) == moved


def test_move_window_keeps_quarters_and_moves_dates():
    assert move_window("Q1-Q2", 1) == "Q1-Q2"
    assert move_window("2024-02-01..2024-02-29", 1) == "2025-02-01..2025-02-28"


@pytest.mark.site
def test_coverage_cli_reports_years_without_a_plan(tmp_path):
    root = make(tmp_path, files())
    done = script("coverage.py", "--as-of", "2026-12-31", root=root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert ("Năm 2024: chưa có kế hoạch (content/plans/2024.yml); đã đăng 2 tin bài, 0 bản tin; mã chủ "
            "đề được kiểm tra theo kế hoạch năm 2023.") in lines
    assert any(line.startswith("Năm 2026: chưa có kế hoạch") for line in lines)
    one = script("coverage.py", "--year", "2024", "--json", root=root)
    assert one.returncode == 0
    assert json.loads(one.stdout) == {"plan": None, "year": 2024, "posts": 2, "bulletins": 0,
                                      "checked_against": 2023}


def test_the_guide_explains_january_with_the_line_the_build_prints(built):
    section = built.article("huong-dan/").select_one("#dau-nam").find_parent("section")
    # Built as of 2027: the next year without a plan is 2028, checked against the 2023 plan.
    assert section.select_one(".cchc-guide-no-plan").get_text() == (
        "năm 2028 chưa có kế hoạch: chủ đề của bài được đối chiếu với kế hoạch 2023")
    assert "cchc new plan 2028" in section.get_text()


def test_a_plans_number_signing_date_and_draft_flag_are_checked(tmp_path):
    bad = PLAN_2023.replace("number: 99/KH-THUNGHIEM\nsigned: 2023-02-15\n",
                            "number: [99]\nsigned: 2021-12-30\ndraft: có\n")
    root = make(tmp_path, {"content/plans/2023.yml": bad})
    plan, problems = load_plan(root, "content/plans/2023.yml")
    assert plan is None
    assert [str(p) for p in problems] == [
        "content/plans/2023.yml:3: Số kế hoạch (number): đang ghi một danh sách; ghi số kế hoạch dạng chữ, như "
        "'number: <số>/KH-SKHCN', hoặc để trống cho đến khi ký",
        "content/plans/2023.yml:4: Ngày ký (signed): ngày 2021-12-30 không thuộc năm 2022 hay năm 2023 của kế "
        "hoạch; ghi ngày ký trong hai năm đó",
        "content/plans/2023.yml:5: Bản nháp (draft): đang ghi 'có'; ghi true hoặc false",
    ]
