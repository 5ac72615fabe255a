"""Editors' tools end to end, in temporary copies of the shipped content: new.py starts files
that build, check.py finds what the build finds, the pre-commit hook stops a broken commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from cchc.dates import VIETNAM
from cchc.content.plan import load_plans
from conftest import EPOCH_2023, PROJECT, run_build, site_config, CCHC, COMMAND_OF
from support.vietnamese import not_vietnamese

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

JUNE_2022 = str(int(datetime(2022, 6, 15, 8, 0, tzinfo=VIETNAM).timestamp()))
# 2022-12-31 18:30 UTC is already 2023-01-01 01:30 in Vietnam.
NEW_YEAR_VN = str(int(datetime(2023, 1, 1, 1, 30, tzinfo=VIETNAM).timestamp()))
HELD_BACK = "bản nháp, chưa đăng (bỏ dòng 'draft: true' khi muốn đăng)"
NEWS_TITLE = "Hội nghị: triển khai CCHC năm 2022"
NEWS_FILE = "content/news/2022/hoi-nghi-trien-khai-cchc-nam-2022.md"
BROKEN = "content/news/2022/hong.md"


def script(name: str, *args: str, root: Path, epoch: str = JUNE_2022,
           env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the `cchc` command that was scripts/<name> on the site at ``root`` as an editor would."""
    environ = {key: value for key, value in os.environ.items() if key != "CCHC_AS_OF"}
    environ.update({"SOURCE_DATE_EPOCH": epoch, **(env or {})})
    return subprocess.run([*CCHC, COMMAND_OF[name], "--root", str(root), *args],
                          env=environ, capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy(tmp_path) -> Path:
    """A temporary copy of the shipped content, with the project's configuration."""
    root = tmp_path / "site-src"
    shutil.copytree(PROJECT / "content", root / "content")
    (root / "mkdocs.yml").write_text(site_config(root), encoding="utf-8")
    return root


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_new_news_procedure_and_bulletin_are_drafts_that_build_strict(copy):
    made = [script("new.py", "news", NEWS_TITLE, root=copy),
            script("new.py", "procedure", "1.099999.000.00.00.H48", "Đăng ký thử nghiệm công nghệ mới",
                   "--field", "Chuyển giao công nghệ", root=copy),
            script("new.py", "bulletin", "2022", "7", root=copy)]
    paths = [NEWS_FILE, "content/procedures/chuyen-giao-cong-nghe/dang-ky-thu-nghiem-cong-nghe-moi.md",
             "content/bulletins/2022/07.md"]
    for done, path in zip(made, paths):
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == f"Đã tạo bản nháp: {path}"
        assert "xoá dòng 'draft: true'" in done.stdout
        assert front_matter(copy / path)["draft"] is True
    built = run_build(copy)
    assert built.returncode == 0, built.log
    info = built.log_lines("INFO")
    assert [f"{path}: {HELD_BACK}" for path in sorted(paths)] == [line for line in info if HELD_BACK in line]


def test_a_new_post_is_dated_today_in_vietnam_and_lists_the_plans_ids(copy):
    done = script("new.py", "news", NEWS_TITLE, root=copy)
    text = (copy / NEWS_FILE).read_text(encoding="utf-8")
    meta = front_matter(copy / NEWS_FILE)
    assert meta == {"title": NEWS_TITLE, "date": datetime(2022, 6, 15).date(), "summary": "",
                    "topics": [], "draft": True}
    plan = load_plans(PROJECT)[0][2022]
    width = max(len(t.id) for t in plan.topics)
    for topic in plan.topics:
        assert f"\n#   {topic.id.ljust(width)}  {topic.name}\n" in text
    assert "\n# channel: radio\n" in text and "\n#   III.4  Hoạt động nhân Ngày khoa học" in text
    assert done.stdout.splitlines()[1:4] == [
        "Việc cần làm trong tệp:",
        "  - viết 'summary' (tóm tắt) và ghi 'topics' (mã chủ đề, danh sách mã có sẵn trong tệp);",
        "  - viết nội dung bài bên dưới dòng '---' cuối cùng;"]


def test_source_date_epoch_sets_the_day_in_vietnam_time(copy):
    done = script("new.py", "news", "Tin đầu năm", root=copy, epoch=NEW_YEAR_VN)
    assert done.returncode == 0, done.stderr
    assert front_matter(copy / "content/news/2023/tin-dau-nam.md")["date"] == datetime(2023, 1, 1).date()
    # The shipped content has plans for 2022 and 2023, not 2024: the note says which plan stands in.
    later = script("new.py", "news", "Tin đầu năm", root=copy,
                   epoch=str(int(datetime(2025, 1, 2, tzinfo=VIETNAM).timestamp())))
    assert later.returncode == 0, later.stderr
    assert ("Lưu ý: chưa có kế hoạch năm 2025 (content/plans/2025.yml): mã chủ đề được kiểm tra theo "
            "kế hoạch năm 2023; bài vẫn đăng được và được tính vào kế hoạch năm 2025 khi có."
            ) in later.stdout.splitlines()


def test_new_never_overwrites_a_file(copy):
    assert script("new.py", "news", NEWS_TITLE, root=copy).returncode == 0
    (copy / NEWS_FILE).write_text("bài đang viết", encoding="utf-8")
    again = script("new.py", "news", NEWS_TITLE, root=copy)
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr == (f"Không tạo tệp: {NEWS_FILE} đã có (không bao giờ ghi đè). Sửa tệp đó, "
                            "hoặc đặt tiêu đề khác.\n")
    assert (copy / NEWS_FILE).read_text(encoding="utf-8") == "bài đang viết"


def test_new_refuses_a_code_or_an_issue_number_already_used(copy):
    shutil.move(copy / "content/bulletins/2022/06.md", copy / "content/bulletins/2022/so-sau.md")
    issue = script("new.py", "bulletin", "2022", "6", root=copy)
    assert issue.returncode == 1
    assert issue.stderr == ("Không tạo tệp content/bulletins/2022/06.md: bản tin số 6/2022 đã có: "
                            "content/bulletins/2022/so-sau.md; sửa tệp đó hoặc chọn số khác.\n")
    procedure = script("new.py", "procedure", "1.004512.H48", "Khai báo thiết bị", root=copy)
    assert procedure.returncode == 1
    assert procedure.stderr == (
        "Không tạo tệp content/procedures/khai-bao-thiet-bi.md: mã thủ tục 1.004512.H48 đã có trong "
        "content/procedures/an-toan-buc-xa-va-hat-nhan/khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te.md; "
        "sửa tệp đó thay vì tạo tệp mới.\n")
    assert not (copy / "content/bulletins/2022/06.md").exists()
    assert not (copy / "content/procedures/khai-bao-thiet-bi.md").exists()


def test_a_file_that_would_not_pass_the_checks_is_not_kept(copy):
    title = "Tin " + "rất dài " * 40
    # 2025: a year the shipped content has no folder for, so the folder made for the file goes too.
    done = script("new.py", "news", title, root=copy, epoch=str(int(datetime(2025, 3, 1, tzinfo=VIETNAM).timestamp())))
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"Không tạo tệp content/news/2025/tin-{'rat-dai-' * 11}rat-dai.md: tệp mới sẽ "
        "có lỗi khi kiểm tra:")
    assert done.stderr.splitlines()[1].endswith(":6: Tiêu đề (title): dài 323 ký tự, quá giới hạn 200 ký tự; "
                                                "hãy viết ngắn lại")
    assert not (copy / "content/news/2025").exists()


@pytest.mark.parametrize("args, message", [
    (["news", "!!!"], "tiêu đề phải có chữ hoặc số"),
    (["procedure", "1.45", "Tên"], "mã thủ tục phải có dạng '1.004512', '1.004512.000.00.00.H48' hoặc "
                                   "'1.004512.H48', không phải '1.45'"),
    (["bulletin", "22", "1"], "năm phải có 4 chữ số, như 2022, không phải '22'"),
    (["bulletin", "2022", "0"], "số bản tin phải là số nguyên từ 1 đến 999, không phải '0'"),
    # Bounded before they are converted or name a file (issue 29).
    (["bulletin", "2022", "1" * 300], "số bản tin phải là số nguyên từ 1 đến 999, không phải '11111111111111111111'"),
    (["plan", "0000"], "năm phải từ 2000 đến 2999, không phải '0000'"),
])
def test_new_explains_wrong_arguments(copy, args, message):
    done = script("new.py", *args, root=copy)
    assert done.returncode == 2 and message in done.stderr


BROKEN_POST = """---
title: Hội nghị sơ kết
date: 2022-13-45
topics: [II.9]
summary: Tóm tắt.
tittle: Hội nghị
---
"""
BROKEN_LINES = [
    f"{BROKEN}:3: Ngày đăng (date): đang ghi '2022-13-45' (không có ngày, giờ này); ghi ngày dạng 2022-03-03, "
    "hoặc ngày và giờ dạng 2022-03-03 08:30",
    f"{BROKEN}:4: Chủ đề của kế hoạch (topics): không có chủ đề 'II.9' trong kế hoạch 2022 (có phải là "
    "'II.5'?); ghi mã chủ đề của kế hoạch: II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, II.2.3, II.2.4, "
    "II.2.5, II.2.6, II.3, II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, II.3.8, II.5",
    f"{BROKEN}:6: tittle: không có trường 'tittle' (có phải là 'title'?); chỉ dùng các trường: title, date, "
    "summary, topics, unit, image, image_alt, slug, channel, form, draft",
]


def test_check_prints_every_problem_of_a_broken_post_and_exits_1(copy):
    (copy / BROKEN).write_text(BROKEN_POST, encoding="utf-8")
    done = script("check.py", root=copy, epoch=EPOCH_2023)
    assert done.returncode == 1
    assert done.stdout.splitlines() == BROKEN_LINES
    assert done.stderr == "Có 3 lỗi; sửa từng dòng ở trên (tệp:dòng: trường: lỗi) rồi chạy lại.\n"
    (copy / BROKEN).write_text(BROKEN_POST.replace("2022-13-45", "2022-03-15").replace("II.9", "II.5")
                               .replace("tittle: Hội nghị\n", ""), encoding="utf-8")
    fixed = script("check.py", root=copy, epoch=EPOCH_2023)
    assert fixed.returncode == 0 and fixed.stdout == ""
    assert fixed.stderr.startswith("Không có lỗi: đã kiểm tra 75 tệp nội dung (0 bản nháp) và 2 kế hoạch trong ")


def test_check_reports_exactly_what_the_build_reports(make_site):
    root = make_site({
        BROKEN: BROKEN_POST,
        "content/news/2022/ghi-chu.txt": "x",
        "content/bulletins/2022/01.md": "---\nnumber: 1\ndate: 2022-02-25\ntitle: Số 1\npdf: thieu.pdf\n"
                                        "topics: [II.1]\ncontents: [Bài]\n---\n",
        "content/procedures/a.md": "---\ncode: 1.004512\nname: Thủ tục\nonline: mức độ 3\n---\n",
    })
    (root / "mkdocs.yml").write_text(site_config(root, config={"site_url": ""}), encoding="utf-8")
    built = run_build(root)
    checked = script("check.py", root=root, epoch=EPOCH_2023)
    assert built.returncode == 1 and checked.returncode == 1
    errors = built.log_lines("ERROR")
    assert errors[-1].endswith("lỗi; chưa dựng trang nào. Sửa từng dòng ở trên rồi dựng lại.")
    assert checked.stdout.splitlines() == errors[:-1]
    assert not_vietnamese(errors[:-1]) == []
    assert any(line.startswith("mkdocs.yml:") and line.endswith(
        ": site_url: cần địa chỉ tuyệt đối của trang, như https://example.gov.vn/cchc/; đang ghi 'không có gì'; "
        "nguồn tin (RSS, Atom) cần liên kết tuyệt đối") for line in errors)


def test_check_reads_mkdocs_yml_as_the_strict_build_does_and_names_a_wrong_setting(copy):
    # A misspelt key, as an editor could write it: the strict build stops on it, so does the checker.
    (copy / "mkdocs.yml").write_text(site_config(copy, config={"site_urll": "https://example.gov.vn/cchc/"}),
                                     encoding="utf-8")
    done = script("check.py", root=copy, epoch=EPOCH_2023)
    assert done.returncode == 1
    line = next(n for n, text in enumerate((copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("site_urll:"))
    assert done.stdout.splitlines() == [f"mkdocs.yml:{line}: site_urll: MkDocs không có thiết lập này "
                                        "(có phải là 'site_url'?)"]


def test_check_reports_plan_file_and_as_of_problems(copy):
    plan = copy / "content/plans/2022.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("window: Q2", "window: Q5"), encoding="utf-8")
    done = script("check.py", root=copy, epoch=EPOCH_2023, env={"CCHC_AS_OF": "2022-02-30"})
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "CCHC_AS_OF:1: as_of: cần một ngày dạng năm-tháng-ngày, như 2022-11-10; đang ghi '2022-02-30'"
    assert any(line.startswith("content/plans/2022.yml:") and
               ": Thời gian thực hiện (forms[III.4].window): đang ghi 'Q5'" in line
               for line in lines)


def test_check_mentions_overdue_plan_items_without_failing(make_site):
    root = make_site({"content/news/2022/a.md": "---\ntitle: Tin\ndate: 2022-03-03\ntopics: [II.1]\n"
                                                "summary: Tóm tắt.\n---\n"}, own_config=True)
    done = script("check.py", root=root, epoch=EPOCH_2023, env={"CCHC_AS_OF": "2022-12-31"})
    assert done.returncode == 0 and done.stdout == ""
    note = done.stderr.splitlines()[1]
    assert note.startswith("Quá hạn: kế hoạch có ") and "mục quá hạn tính đến 2022-12-31" in note
    assert "chỉ là cảnh báo, trang vẫn được đăng" in note
    assert "  content/plans/2022.yml:" in done.stderr


def git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def test_pre_commit_hook_checks_the_staged_content(tmp_path):
    repo = tmp_path / "repo"
    # The editors' clone of the project: what mkdocs.yml names (docs, theme overrides, hooks) is there.
    for folder in ("content", ".githooks", "docs", "overrides", "hooks"):
        shutil.copytree(PROJECT / folder, repo / folder)
    shutil.copy(PROJECT / "mkdocs.yml", repo / "mkdocs.yml")
    # The hook finds Python on the PATH: this interpreter's folder first (it has cchc installed).
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "SOURCE_DATE_EPOCH": EPOCH_2023, "GIT_AUTHOR_NAME": "Biên tập viên",
           "GIT_AUTHOR_EMAIL": "btv@example.gov.vn", "GIT_COMMITTER_NAME": "Biên tập viên",
           "GIT_COMMITTER_EMAIL": "btv@example.gov.vn", "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(tmp_path)}
    env.pop("CCHC_AS_OF", None)
    hook = [".githooks/pre-commit"]
    assert git(repo, "init", "-q", env=env).returncode == 0
    git(repo, "config", "core.hooksPath", ".githooks", env=env)
    git(repo, "add", "-A", env=env)
    first = git(repo, "commit", "-q", "-m", "Nội dung ban đầu", env=env)
    assert first.returncode == 0, first.stdout + first.stderr

    (repo / BROKEN).write_text(BROKEN_POST, encoding="utf-8")
    git(repo, "add", BROKEN, env=env)
    stopped = subprocess.run(hook, cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert stopped.returncode == 1
    assert stopped.stdout.splitlines() == BROKEN_LINES
    assert "Có 3 lỗi" in stopped.stderr
    refused = git(repo, "commit", "-q", "-m", "Tin hỏng", env=env)
    assert refused.returncode != 0 and BROKEN_LINES[0] in refused.stdout + refused.stderr
    assert git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"

    fixed = BROKEN_POST.replace("2022-13-45", "2022-03-15").replace("II.9", "II.5").replace("tittle: Hội nghị\n", "")
    (repo / BROKEN).write_text(fixed, encoding="utf-8")
    git(repo, "add", BROKEN, env=env)
    # What counts is what is staged: a later unstaged mistake does not stop the commit.
    (repo / BROKEN).write_text(BROKEN_POST, encoding="utf-8")
    passed = subprocess.run(hook, cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout == "" and passed.stderr.startswith("Không có lỗi:")
    done = git(repo, "commit", "-q", "-m", "Tin đã sửa", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(repo, "show", f"HEAD:{BROKEN}", env=env).stdout == fixed
