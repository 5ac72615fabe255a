"""The site's settings (extra.cchc): one check, the same answer from `cchc check` and the build.

Every kind of setting gets a wrong value; the checker and the build must both refuse it with the
same Vietnamese line naming mkdocs.yml, the key's line and the key, and neither prints a traceback.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from cchc_mkdocs import cli
from cchc_mkdocs.settings import key_lines, project_settings
from conftest import PROJECT, post, run_build, site_config

# (extra.cchc settings, the key the line names, words the message holds): one per kind of option.
WRONG = [
    pytest.param({"page_sise": 10}, "page_sise", "không có thiết lập này (có phải là 'page_size'?)", id="unknown key"),
    pytest.param({"page_size": "ten"}, "page_size", "cần một số nguyên từ 1 đến 1000, như 10; đang ghi 'ten'",
                 id="whole number"),
    pytest.param({"home_latest": True}, "home_latest", "cần một số nguyên từ 1 đến 100", id="a flag for a number"),
    pytest.param({"pending_fails": "false"}, "pending_fails", "cần true hoặc false (bỏ dấu nháy); đang ghi 'false'",
                 id="flag"),
    pytest.param({"samples": "warn"}, "samples", "cần một trong: info", id="choice"),
    pytest.param({"as_of": "10/11/2022"}, "as_of", "cần một ngày dạng năm-tháng-ngày", id="day"),
    pytest.param({"max_pdf_mb": 0}, "max_pdf_mb", "cần một dung lượng tính bằng MB, lớn hơn 0", id="size"),
    pytest.param({"max_file_mb": "lots"}, "max_file_mb", "cần một dung lượng tính bằng MB, lớn hơn 0",
                 id="attachments' size"),
    pytest.param({"portal_origin": "https://cong.example.gov.vn/trang/"}, "portal_origin",
                 "cần một địa chỉ gốc như https://portal.example.gov.vn", id="origin"),
    pytest.param({"report": {"number": 12}}, "report.number", "cần một dòng chữ; đang ghi 12", id="text"),
    pytest.param({"report": {"recipients": "Sở Nội vụ"}}, "report.recipients", "cần một danh sách", id="lines"),
    pytest.param({"report": {"signer": "Ông A"}}, "report.signer", "(có phải là 'signer_name'?)",
                 id="unknown key in a section"),
    pytest.param({"report": "Sở KH&CN"}, "report", "cần các dòng 'khóa: giá trị'", id="section"),
    pytest.param({"cms": {"backend": "github"}}, "cms.backend", "đang ghi 'github'", id="cms backend"),
    pytest.param({"cms": {"base_url": "ftp://git.example.gov.vn"}}, "cms.base_url",
                 "cần địa chỉ máy chủ git như https://git.example.gov.vn", id="git server"),
]


def _checked(root: Path, capsys) -> tuple[int, list[str]]:
    code = cli.main(["check", "--root", str(root)])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(("settings", "key", "words"), WRONG)
def test_the_checker_and_the_build_refuse_a_wrong_setting_with_the_same_line(make_site, capsys, settings, key, words):
    root = make_site({"content/news/2022/a.md": post()})
    (root / "mkdocs.yml").write_text(site_config(root, **settings), encoding="utf-8")
    code, checked = _checked(root, capsys)
    built = run_build(root)
    assert code == 1 and built.returncode == 1 and "Traceback" not in built.log
    named = [line for line in checked if f": {key}: " in line]
    assert len(named) == 1 and words in named[0], checked
    assert named[0].startswith("mkdocs.yml:")
    assert named[0] in built.log_lines("ERROR")


@pytest.mark.site
def test_a_misspelt_key_in_the_projects_own_mkdocs_yml_fails_both_at_its_line(tmp_path, capsys):
    """The acceptance case: `page_sise: 10` in place of `page_size: 10` in the shipped mkdocs.yml."""
    for folder in ("content", "docs", "overrides", "hooks"):
        shutil.copytree(PROJECT / folder, tmp_path / folder)
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    page_size: 10\n" in text
    (tmp_path / "mkdocs.yml").write_text(text.replace("    page_size: 10\n", "    page_sise: 10\n"), encoding="utf-8")
    line = text[:text.index("    page_size: 10\n")].count("\n") + 1
    code, checked = _checked(tmp_path, capsys)
    built = run_build(tmp_path)
    expected = (f"mkdocs.yml:{line}: page_sise: không có thiết lập này (có phải là 'page_size'?); các thiết lập: "
                "content_dir, page_size, archive_page_size, home_latest, as_of, pending_fails, samples, "
                "overdue, portal_origin, report, max_pdf_mb, max_file_mb, cms, contact, publish_mail")
    assert code == 1 and checked == [expected]
    assert built.returncode == 1 and built.log_lines("ERROR") == [expected]


def test_the_shipped_settings_read_as_the_build_uses_them():
    settings, problems = project_settings(PROJECT)
    assert problems == []
    assert settings.options.page_size == 10 and settings.options.pending_fails is False
    assert settings.options.samples == "info" and settings.cms.backend == "gitlab"
    assert settings.content_dir == PROJECT / "content"


def test_each_key_is_found_at_its_own_line(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: A\nsite_url: https://a.gov.vn/\nextra:\n  cchc:\n"
                                         "    page_size: 3\n    report:\n      unit: Sở\n", encoding="utf-8")
    lines = key_lines(tmp_path / "mkdocs.yml")
    assert lines[()] == 4 and lines[("page_size",)] == 5 and lines[("report", "unit")] == 7
    assert lines[("/", "site_url")] == 2


# The values read, not only the problems: the schema gives the core plain, normalised values.

def _read(tmp_path, settings: dict, environ: dict | None = None):
    (tmp_path / "content").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(site_config(tmp_path, **settings), encoding="utf-8")
    return project_settings(tmp_path, environ or {})


def test_given_settings_are_read_and_absent_ones_take_the_defaults(tmp_path):
    settings, problems = _read(tmp_path, {"page_size": 5, "as_of": "2022-11-10", "pending_fails": True,
                                          "samples": "error", "max_pdf_mb": 5, "max_file_mb": 2,
                                          "report": {"unit": "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "number": None}})
    options = settings.options
    assert problems == []
    assert (options.page_size, options.as_of, options.pending_fails, options.samples, options.max_pdf_mb) == (
        5, date(2022, 11, 10), True, "error", 5.0)
    assert options.report.unit == "SỞ KHOA HỌC VÀ CÔNG NGHỆ" and options.report.number is None
    assert options.home_latest == 6  # the project's own value, through INHERIT
    assert options.max_file_mb == 2.0


def test_the_units_details_are_folded_and_composed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Quảng Ngãi")
    settings, _ = _read(tmp_path, {"report": {"unit": "Sở  Khoa học", "place": decomposed,
                                              "recipients": ["Sở  Nội vụ", "Lưu: VT"]}})
    report = settings.options.report
    assert (report.unit, report.place, report.recipients) == ("Sở Khoa học", "Quảng Ngãi", ("Sở Nội vụ", "Lưu: VT"))


def test_the_day_on_the_command_line_wins_over_the_config_file(tmp_path):
    settings, _ = _read(tmp_path, {"as_of": "2022-11-10"}, {"CCHC_AS_OF": "2022-03-01"})
    assert settings.options.as_of == date(2022, 3, 1)


def test_every_mistake_in_a_section_and_the_environment_is_listed(tmp_path):
    settings, problems = _read(tmp_path, {"cms": {"backend": "github", "repository": "x"}},
                               {"CCHC_CMS_PORT": "tám"})
    assert settings is None
    assert [(p.path, p.field) for p in problems] == [
        ("CCHC_CMS_PORT", "CCHC_CMS_PORT"), ("mkdocs.yml", "cms.backend"), ("mkdocs.yml", "cms.repository")]
    assert problems[0].message == "cần một số cổng như 8081; đang ghi 'tám'"
    assert problems[2].message == "không có thiết lập này; các thiết lập: backend, base_url, repo, app_id, branch, public_config"
