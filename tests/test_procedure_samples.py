"""Honest procedure data: shipped records are sample data unless built from a named public
source, say so on the page and in the feed, and a production setting refuses to publish them.
Imported records (cases, per-way fees, forms by file name) are published as they read."""

from __future__ import annotations

import subprocess
import sys
from xml.etree import ElementTree

import pytest

from cchc.content.procedure_catalogue import load_procedures
from conftest import PROJECT, run_build, CCHC

SAMPLE = ("---\ncode: 1.999101\nsample: true\nname: Thủ tục minh họa\nfield: Chuyển giao công nghệ\n"
          "steps:\n  - Nộp hồ sơ.\nsubmission:\n  - channel: Trực tiếp\ndossier:\n  - name: Đơn đề nghị\n"
          "    originals: 1\ndossier_count: 01 bộ\ntime_limit: 05 ngày làm việc\napplicants: Tổ chức\n"
          "deciding_agency: Sở Khoa học và Công nghệ\n"
          "announced: {number: 1009/QĐ-UBND, date: 2018-12-12, kind: new}\nupdated: 2022-01-10\n---\n")
SAMPLE_PATH = "content/procedures/chuyen-giao-cong-nghe/minh-hoa.md"
SAMPLE_URL = "thu-tuc-hanh-chinh/1.999101/"


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def test_every_shipped_record_is_sample_data_or_names_its_public_source():
    procedures, _, problems = load_procedures(PROJECT)
    assert problems == [] and procedures
    unmarked = [p.source for p in procedures if not p.sample and not p.origin]
    assert unmarked == []


def test_a_sample_record_says_so_on_its_page_in_the_index_and_in_the_feed(make_site):
    built = run_build(make_site({SAMPLE_PATH: SAMPLE}))
    assert built.returncode == 0, built.log
    notice = built.article(SAMPLE_URL).select_one(".cchc-sample[role=note]")
    assert " ".join(notice.get_text().split()).startswith("Dữ liệu minh họa: thủ tục này được soạn làm mẫu.")
    # The notice comes before any part a citizen could act on.
    article = built.article(SAMPLE_URL)
    assert article.find(class_="cchc-sample").find_next(class_="cchc-summary-box") is not None
    assert text(built.article("thu-tuc-hanh-chinh/").select_one("li[data-search] .cchc-sample-tag")) == "Dữ liệu minh họa"
    feed = ElementTree.parse(built.site / "thu-tuc-hanh-chinh/feed.xml").getroot()
    item = feed.find("channel/item")
    assert item.findtext("title") == "Công bố mới: Thủ tục minh họa (Dữ liệu minh họa)"
    assert item.findtext("description").startswith("Dữ liệu minh họa (mã, lệ phí và quyết định chưa đối chiếu")
    assert (f"{SAMPLE_PATH}:3: Dữ liệu minh họa (sample): thủ tục là dữ liệu minh họa (sample: true)"
            in "\n".join(built.log_lines("INFO")))


def test_the_production_setting_fails_the_build_and_the_check_while_samples_remain(make_site):
    root = make_site({SAMPLE_PATH: SAMPLE}, samples="error")
    built = run_build(root)
    assert built.returncode == 1 and "Traceback" not in built.log
    assert built.log_lines("ERROR")[0].startswith(
        f"{SAMPLE_PATH}:3: Dữ liệu minh họa (sample): thủ tục là dữ liệu minh họa (sample: true)")
    checked = subprocess.run([*CCHC, "check", "--root", str(root)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 1
    assert checked.stdout.startswith(f"{SAMPLE_PATH}:3: Dữ liệu minh họa (sample): thủ tục là dữ liệu minh họa")
    # Without samples the same setting builds.
    (root / SAMPLE_PATH).write_text(SAMPLE.replace("sample: true\n", "source: Quyết định thử nghiệm\n"),
                                    encoding="utf-8")
    assert run_build(root).returncode == 0


def test_an_unknown_samples_setting_is_refused_by_name(make_site):
    built = run_build(make_site({SAMPLE_PATH: SAMPLE}, samples="warn"))
    assert built.returncode == 1
    assert ": samples: cần một trong: info (liệt kê thủ tục mẫu trong nhật ký); error (dừng bản dựng khi còn " \
           "thủ tục mẫu); đang ghi 'warn'" in built.log and "Traceback" not in built.log


@pytest.fixture(scope="module")
def imported(imported_site):
    """A site whose procedures come from the importer, built --strict with samples: error."""
    assert imported_site.returncode == 0, imported_site.log
    return imported_site


def test_imported_records_build_with_the_production_setting_and_name_their_source(imported):
    record = text(imported.article("thu-tuc-hanh-chinh/1.999001/").select_one(".cchc-procedure-record"))
    assert "Nguồn dữ liệu Cổng Dịch vụ công quốc gia, thủ tục 1.999001" in record
    assert imported.article("thu-tuc-hanh-chinh/1.999001/").select_one(".cchc-sample") is None


def test_a_dossier_per_case_is_one_table_per_case_under_its_name(imported):
    article = imported.article("thu-tuc-hanh-chinh/2.999002/")
    cases = article.select("h3[id^=truong-hop-]")
    assert [text(h) for h in cases] == ["Trường hợp 1: Công nhận lần đầu", "Trường hợp 2: Công nhận lại"]
    tables = [h.find_next("table") for h in cases]
    assert [[text(tr.select("td")[1]) for tr in t.select("tbody tr")] for t in tables] == [
        ["Đơn đề nghị công nhận", "Đề án hoạt động của trung tâm"],
        ["Đơn đề nghị công nhận", "Báo cáo kết quả hoạt động"]]
    # The form is named by its file name, once.
    assert [text(li) for li in article.select("ul.cchc-forms li")] == ["mau-don-thu-nghiem.docx"]


def test_fees_are_shown_per_way_of_submitting(imported):
    table = imported.article("thu-tuc-hanh-chinh/1.999003/").select_one(".cchc-channels table")
    rows = [[td.get("data-label") + ": " + text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows[0][:3] == ["Hình thức nộp: Trực tiếp", "Thời hạn giải quyết: 25 ngày",
                           "Phí, lệ phí: Phí thẩm định, thiết bị X-quang chụp răng: 2.000.000 đồng; "
                           "Phí thẩm định, thiết bị X-quang chụp cắt lớp: 16.000.000 đồng"]
    assert rows[1][2] == "Phí, lệ phí: Phí thẩm định, thiết bị X-quang chụp răng: 2.000.000 đồng"
