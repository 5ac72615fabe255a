"""Importing procedures from the national database: portal JSON records and a decision's annex.

The fixtures under tests/fixtures/portal/ were written for these tests from public descriptions
of Department of S&T procedures (declaring a diagnostic X-ray device, recognising an R&D
centre, licensing X-ray work); their codes (1.999001...), decision numbers and file names are
test data, marked as such in each record.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc.content import source
from cchc.content.procedure_import import (DecisionInfo, ImportRefused, dump_front_matter, plan_import, read_inputs,
                                   write_changes)
from cchc.content.procedure_catalogue import load_procedures
from conftest import CCHC

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests/fixtures/portal"
XRAY = FIXTURES / "khai-bao-x-quang.json"
SCIENCE = FIXTURES / "khoa-hoc-cong-nghe.json"
XRAY_FILE = "content/procedures/an-toan-buc-xa-va-hat-nhan/khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te.md"
CENTRE_FILE = ("content/procedures/hoat-dong-khoa-hoc-va-cong-nghe/"
               "cong-nhan-to-chuc-khoa-hoc-va-cong-nghe-la-trung-tam-nghien-cuu-va-phat-trien.md")
DECISION = DecisionInfo("949/QĐ-UBND", date(2022, 5, 10), "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi")
TODAY = date(2022, 6, 1)


def run_import(root: Path, *paths: Path, decision: DecisionInfo = DECISION, today: date = TODAY,
               dossier_count: str | None = "01 bộ") -> list[str]:
    """Import ``paths`` into ``root`` through the core; the paths of the files written."""
    records, rows = read_inputs(list(paths))
    changes = plan_import(root, records, rows, decision, today, dossier_count)
    write_changes(root, changes)
    return [c.path for c in changes]


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CCHC, "import", "--root", str(root),
                           *args], capture_output=True, text=True, timeout=120,
                          env={"SOURCE_DATE_EPOCH": "1654041600", "PATH": "/usr/bin:/bin"})


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def procedures(root: Path):
    found, _, problems = load_procedures(root)
    assert problems == []
    return {p.base_code: p for p in found}


def annex(path: Path, rows: list[list[object]], header: list[str] | None = None, title: str = "Phụ lục") -> Path:
    """An .xlsx annex as provinces keep them: a title, a header row, one row per procedure."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH (dữ liệu thử nghiệm)"])
    sheet.append(header or ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện",
                            "Cơ quan thực hiện", "Tình trạng"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


# Reading the portal's records.

def test_a_portal_record_becomes_a_valid_record_with_every_part_the_portal_gives(tmp_path):
    assert run_import(tmp_path, XRAY) == [XRAY_FILE]
    record = procedures(tmp_path)["1.999001"]
    assert record.name == "Khai báo thiết bị X-quang chẩn đoán trong y tế"
    assert record.field == "An toàn bức xạ và hạt nhân" and record.level == "Cấp tỉnh"
    assert record.kind == "TTHC được luật giao quy định chi tiết"
    # "Bước 1" is the page's own numbering: the step keeps its text only.
    assert record.steps[0].startswith("Tổ chức, cá nhân có thiết bị X-quang") and len(record.steps) == 2
    assert [(c.channel, c.time_limit, c.fees) for c in record.channels] == [
        ("Trực tiếp", "3 ngày làm việc", "Không"), ("Trực tuyến", "3 ngày làm việc", "Không"),
        ("Dịch vụ bưu chính", "3 ngày làm việc", "Không")]
    assert [(i.name, i.originals, i.copies, i.form_name) for i in record.dossier] == [
        ("Phiếu khai báo thiết bị X-quang chẩn đoán trong y tế", 1, 0, "phieu-khai-bao-thu-nghiem.docx")]
    assert record.applicants == ("Tổ chức", "Cá nhân")
    assert record.deciding_agency == "Sở Khoa học và Công nghệ"
    assert record.result == ("Giấy xác nhận khai báo thiết bị X-quang chẩn đoán trong y tế",)
    assert [(d.number, d.summary, d.date) for d in record.legal_basis][0] == (
        "18/2008/QH12", "Luật Năng lượng nguyên tử", None)
    assert [(d.number, d.date, d.kind) for d in record.decisions] == [("949/QĐ-UBND", date(2022, 5, 10), "new")]
    assert record.origin.startswith("Cổng Dịch vụ công quốc gia, thủ tục 1.999001")
    assert not record.sample and record.updated == TODAY


def test_fees_are_kept_per_way_of_submitting_and_listed_once_for_the_procedure(tmp_path):
    run_import(tmp_path, SCIENCE)
    licence = procedures(tmp_path)["1.999003"]
    assert [(c.channel, c.fees) for c in licence.channels] == [
        ("Trực tiếp", "Phí thẩm định, thiết bị X-quang chụp răng: 2.000.000 đồng; "
                      "Phí thẩm định, thiết bị X-quang chụp cắt lớp: 16.000.000 đồng"),
        ("Trực tuyến", "Phí thẩm định, thiết bị X-quang chụp răng: 2.000.000 đồng")]
    assert licence.fees == ("Phí thẩm định, thiết bị X-quang chụp răng: 2.000.000 đồng",
                            "Phí thẩm định, thiết bị X-quang chụp cắt lớp: 16.000.000 đồng")
    assert licence.time_limit == "25 ngày"


def test_a_dossier_that_depends_on_the_case_is_kept_per_case_with_its_forms(tmp_path):
    run_import(tmp_path, SCIENCE)
    centre = procedures(tmp_path)["2.999002"]
    assert [(c.name, [(i.name, i.originals, i.copies) for i in c.items]) for c in centre.cases] == [
        ("Công nhận lần đầu", [("Đơn đề nghị công nhận", 1, 0), ("Đề án hoạt động của trung tâm", 1, 1)]),
        ("Công nhận lại", [("Đơn đề nghị công nhận", 1, 0), ("Báo cáo kết quả hoạt động", 1, 0)])]
    # The same form in two cases is listed once among the forms.
    assert [f.form_label for f in centre.forms] == ["mau-don-thu-nghiem.docx"]
    # A step with a name of its own keeps it.
    assert centre.steps[1].startswith("Thẩm định: ")


# Idempotent and safe.

def test_importing_the_same_record_twice_changes_no_byte(tmp_path):
    run_import(tmp_path, XRAY, SCIENCE)
    before = snapshot(tmp_path)
    assert run_import(tmp_path, XRAY, SCIENCE, today=date(2022, 9, 1)) == []
    assert snapshot(tmp_path) == before


def test_a_changed_record_updates_what_changed_and_keeps_what_editors_added(tmp_path):
    run_import(tmp_path, XRAY)
    path = tmp_path / XRAY_FILE
    text = path.read_text(encoding="utf-8")
    # An editor names the local office, attaches the form file with a note, adds guidance.
    text = text.replace("submit_at:\n  - Bộ phận tiếp nhận và trả kết quả của Sở Khoa học và Công nghệ\n",
                        "submit_at:\n  - Trung tâm Phục vụ hành chính công tỉnh\n")
    text = text.replace("    form_name: phieu-khai-bao-thu-nghiem.docx\n    originals: 1\n",
                        "    form: phieu.docx\n    form_name: phieu-khai-bao-thu-nghiem.docx\n    originals: 1\n"
                        "    notes: Ghi đủ số seri của thiết bị.\n")
    text = text.replace("\nsteps:", "\nonline: toàn trình\nsteps:") + "\nHướng dẫn thêm của Sở.\n"
    path.write_text(text, encoding="utf-8")
    (path.parent / "phieu.docx").write_bytes(b"PK test")
    changed = json.loads(XRAY.read_text(encoding="utf-8"))
    for method in changed["executionMethods"]:
        method["processingTime"] = 5
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    before = path.read_text(encoding="utf-8")

    assert run_import(tmp_path, newer, today=date(2022, 9, 1)) == [XRAY_FILE]
    after = path.read_text(encoding="utf-8")
    record = procedures(tmp_path)["1.999001"]
    assert record.time_limit == "5 ngày làm việc"
    assert record.submit_at == ("Trung tâm Phục vụ hành chính công tỉnh",)
    assert record.dossier[0].form == str(Path(XRAY_FILE).parent / "phieu.docx")
    assert record.dossier[0].notes == "Ghi đủ số seri của thiết bị."
    assert record.online == "toàn trình" and record.body.strip() == "Hướng dẫn thêm của Sở."
    assert record.updated == date(2022, 9, 1)
    # Only the time limits (three ways of submitting and the procedure's) and the date changed.
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    assert sorted(diff) == sorted(["-     time_limit: 3 ngày làm việc"] * 3 + ["+     time_limit: 5 ngày làm việc"] * 3
                                  + ["- time_limit: 3 ngày làm việc", "+ time_limit: 5 ngày làm việc",
                                     "- updated: 2022-06-01", "+ updated: 2022-09-01"])


@pytest.mark.site
def test_a_dry_run_prints_a_diff_per_file_and_writes_nothing(tmp_path):
    done = cli(tmp_path, "--dry-run", "--decision", "949/QĐ-UBND", "--decision-date", "2022-05-10",
               "--dossier-count", "01 bộ", str(XRAY), str(SCIENCE))
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "content").exists()
    headers = [line for line in done.stdout.splitlines() if line.startswith("+++ ")]
    assert len(headers) == 3 and f"+++ b/{XRAY_FILE}" in headers
    assert "+name: Khai báo thiết bị X-quang chẩn đoán trong y tế" in done.stdout.splitlines()

    assert cli(tmp_path, "--decision", "949/QĐ-UBND", "--decision-date", "2022-05-10", "--dossier-count",
               "01 bộ", str(XRAY)).returncode == 0
    changed = json.loads(XRAY.read_text(encoding="utf-8"))
    changed["name"] = "Khai báo thiết bị X-quang chẩn đoán"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    diff = cli(tmp_path, "--dry-run", str(newer)).stdout.splitlines()
    assert f"--- a/{XRAY_FILE}" in diff
    assert [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))] == [
        "-name: Khai báo thiết bị X-quang chẩn đoán trong y tế", "+name: Khai báo thiết bị X-quang chẩn đoán"]


def bad_record(tmp_path: Path, name: str, change) -> Path:
    data = json.loads(XRAY.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name, change, expected", [
    ("no-code.json", lambda d: d.pop("code"),
     "no-code.json:1: code: bản ghi của Cổng thiếu trường này; lưu lại bản ghi đầy đủ từ Cổng"),
    ("fax.json", lambda d: d["executionMethods"][1].update(submissionMethod="FAX"),
     "fax.json:1: executionMethods[2].submissionMethod: không có giá trị 'FAX'; cần một trong: DIRECT, ONLINE, "
     "POSTAL"),
    ("unit.json", lambda d: d["executionMethods"][0].update(processingTimeUnit="FORTNIGHT"),
     "unit.json:1: executionMethods[1].processingTimeUnit: không có giá trị 'FORTNIGHT'; cần một trong: "
     "WORKING_DAY, DAY, HOUR, MONTH, YEAR"),
    ("count.json", lambda d: d["executionCases"][0]["profileComponents"][0].update(originalQty="một"),
     "count.json:1: executionCases[1].profileComponents[1].originalQty: đang ghi 'một'; cần một số nguyên"),
])
def test_a_bad_record_is_refused_with_file_and_field_and_nothing_is_written(tmp_path, name, change, expected):
    bad = bad_record(tmp_path, name, change)
    root = tmp_path / "site"
    with pytest.raises(ImportRefused) as refused:
        run_import(root, SCIENCE, bad)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in refused.value.problems] == [expected]
    assert not (root / "content").exists()


@pytest.mark.site
def test_invalid_json_is_refused_with_its_line_and_the_cli_exits_1(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"code": "1.999001",\n "name": }', encoding="utf-8")
    done = cli(tmp_path, "--decision", "949/QĐ-UBND", "--decision-date", "2022-05-10", str(XRAY), str(broken))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"{broken}:2: json: không đọc được JSON (cột 10); lưu lại bản ghi từ "
                                        "Cổng, không sửa tay"]
    assert "chưa ghi tệp nào" in done.stderr and not (tmp_path / "content").exists()


def test_a_new_record_needs_its_decision_date_and_dossier_count_which_the_portal_lacks(tmp_path):
    with pytest.raises(ImportRefused) as refused:
        run_import(tmp_path, XRAY, decision=DecisionInfo())
    assert [p.field for p in refused.value.problems] == ["decision"]
    assert "thủ tục chưa ghi quyết định 9001/QĐ-BKHCN" in refused.value.problems[0].message
    with pytest.raises(ImportRefused) as refused:
        run_import(tmp_path, XRAY, dossier_count=None)
    assert [p.field for p in refused.value.problems] == ["dossier_count"]
    assert not (tmp_path / "content").exists()


def test_text_is_written_in_nfc_with_a_fixed_key_order(tmp_path):
    decomposed = bad_record(tmp_path, "nfd.json", lambda d: d.update(
        name=unicodedata.normalize("NFD", d["name"]), zzz="ignored"))
    run_import(tmp_path / "site", decomposed)
    text = (tmp_path / "site" / XRAY_FILE).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    keys = [line.split(":")[0] for line in text.splitlines()[1:] if line[:1].isalpha()]
    assert keys == ["code", "source", "name", "field", "level", "kind", "steps", "submission", "dossier",
                    "dossier_count", "time_limit", "applicants", "deciding_agency", "performing_agency",
                    "submit_at", "result", "legal_basis", "announced", "updated"]
    assert dump_front_matter({"updated": "2022-06-01", "code": "1.999001"}) == "code: '1.999001'\nupdated: 2022-06-01\n"


# The decision's annex.

def test_an_abolished_row_marks_the_record_with_the_decision_and_keeps_its_file(tmp_path):
    run_import(tmp_path, XRAY)
    sheet = annex(tmp_path / "phu-luc.xlsx", [
        [1, "1.999001", "Khai báo thiết bị X-quang chẩn đoán trong y tế", "An toàn bức xạ và hạt nhân",
         "Cấp tỉnh", "Sở Khoa học và Công nghệ", "Bãi bỏ"]])
    abolishing = DecisionInfo("1200/QĐ-UBND", date(2022, 8, 1))
    assert run_import(tmp_path, sheet, decision=abolishing, today=date(2022, 8, 2)) == [XRAY_FILE]
    record = procedures(tmp_path)["1.999001"]
    assert record.status == "abolished"
    assert [(d.number, d.date, d.kind) for d in record.decisions] == [
        ("949/QĐ-UBND", date(2022, 5, 10), "new"), ("1200/QĐ-UBND", date(2022, 8, 1), "abolished")]
    assert record.steps  # the record is whole: abolished procedures stay findable
    before = snapshot(tmp_path)
    assert run_import(tmp_path, sheet, decision=abolishing, today=date(2022, 9, 2)) == []
    assert snapshot(tmp_path) == before


def test_section_headings_of_the_annex_say_what_the_decision_does_to_the_rows_below(tmp_path):
    sheet = annex(tmp_path / "phu-luc.xlsx", [
        ["I", "Thủ tục hành chính mới ban hành"],
        [1, "1.999001", "Khai báo thiết bị X-quang chẩn đoán trong y tế", "An toàn bức xạ và hạt nhân", "Cấp tỉnh"],
        ["II", "Thủ tục hành chính bị bãi bỏ"],
        [1, "2.999009", "Thủ tục thử nghiệm đã bãi bỏ", "Hoạt động khoa học và công nghệ", "Cấp tỉnh"]],
        header=["STT", "Mã số TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện"])
    _, rows = read_inputs([sheet])
    assert [(r.code, r.kind, r.row) for r in rows] == [("1.999001", "new", 4), ("2.999009", "abolished", 6)]


def test_a_new_row_without_a_record_starts_a_draft_to_fill_from_the_portal(tmp_path):
    sheet = annex(tmp_path / "phu-luc.xlsx", [
        [1, "1.999001", "Khai báo thiết bị X-quang chẩn đoán trong y tế", "An toàn bức xạ và hạt nhân",
         "Cấp tỉnh", "Sở Khoa học và Công nghệ", "Công bố mới"]])
    assert run_import(tmp_path, sheet) == [XRAY_FILE]
    found, _, problems = load_procedures(tmp_path)
    assert problems == [] and found[0].draft and found[0].level == "Cấp tỉnh"


@pytest.mark.parametrize("header, rows, expected", [
    (["STT", "Tên thủ tục", "Lĩnh vực"], [[1, "Thủ tục", "Lĩnh vực"]],
     "phu-luc.xlsx:1: trang tính 'Phụ lục': 15 dòng đầu không có dòng tiêu đề với các cột 'Mã thủ tục' và "
     "'Tên thủ tục'"),
    (None, [[1, "1.999001", "Khai báo", "An toàn bức xạ và hạt nhân", "Cấp tỉnh", "Sở", "Giữ nguyên"]],
     "phu-luc.xlsx:3: trang tính 'Phụ lục', cột 'Tình trạng': đang ghi 'Giữ nguyên'; ghi việc quyết định làm "
     "với thủ tục: mới, sửa đổi, bổ sung, thay thế hoặc bãi bỏ"),
    (None, [[1, "TTHC-01", "Khai báo", "An toàn bức xạ và hạt nhân", "Cấp tỉnh", "Sở", "Mới"]],
     "phu-luc.xlsx:3: trang tính 'Phụ lục', cột 'Mã thủ tục': đang ghi 'TTHC-01'; ghi mã thủ tục như '1.004512'"),
])
def test_a_bad_sheet_is_refused_with_file_sheet_and_row(tmp_path, header, rows, expected):
    sheet = annex(tmp_path / "phu-luc.xlsx", rows, header=header)
    with pytest.raises(ImportRefused) as refused:
        run_import(tmp_path / "site", XRAY, sheet)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in refused.value.problems][0].startswith(expected)
    assert not (tmp_path / "site/content").exists()


def test_an_imported_sample_record_loses_its_sample_mark_and_names_its_source(tmp_path):
    shutil.copytree(PROJECT / "content/procedures/an-toan-buc-xa-va-hat-nhan",
                    tmp_path / "content/procedures/an-toan-buc-xa-va-hat-nhan")
    shipped = procedures(tmp_path)["1.004512"]
    assert shipped.sample
    record = json.loads(XRAY.read_text(encoding="utf-8"))
    record.update(code="1.004512", codeNotation="1.004512.000.00.00.H48")
    real = tmp_path / "real.json"
    real.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert run_import(tmp_path, real, decision=DecisionInfo()) == [shipped.source]
    imported = procedures(tmp_path)["1.004512"]
    assert not imported.sample and imported.origin.startswith("Cổng Dịch vụ công quốc gia")
    # What the portal does not carry stays as the editor wrote it: the decisions, the guidance.
    assert imported.decisions == shipped.decisions and imported.body == shipped.body
    assert imported.code == "1.004512.000.00.00.H48"


def test_the_written_front_matter_reads_back_to_the_same_values(tmp_path):
    run_import(tmp_path, XRAY, SCIENCE)
    for path in sorted((tmp_path / "content/procedures").rglob("*.md")):
        rel = path.relative_to(tmp_path).as_posix()
        doc, problems = source.read(tmp_path, rel)
        assert problems == []
        assert dump_front_matter(doc.meta) == path.read_text(encoding="utf-8").split("---\n")[1]


def test_the_draft_an_annex_started_is_published_once_the_portal_record_fills_it(tmp_path):
    sheet = annex(tmp_path / "phu-luc.xlsx", [
        [1, "1.999001", "Khai báo thiết bị X-quang chẩn đoán trong y tế", "An toàn bức xạ và hạt nhân",
         "Cấp tỉnh", "Sở Khoa học và Công nghệ", "Mới"]])
    run_import(tmp_path, sheet)
    assert run_import(tmp_path, XRAY, sheet) == [XRAY_FILE]
    record = procedures(tmp_path)["1.999001"]
    assert not record.draft and [(d.number, d.kind) for d in record.decisions] == [("949/QĐ-UBND", "new")]


def test_the_portals_rich_text_becomes_plain_lines(tmp_path):
    rich = bad_record(tmp_path, "rich.json", lambda d: d.update(
        requirementsAndConditions="<p>Thiết bị đã được kiểm định &amp; hiệu chuẩn.</p><p>Có <b>nhân viên</b> phụ trách.</p>"))
    run_import(tmp_path / "site", rich)
    record = procedures(tmp_path / "site")["1.999001"]
    assert record.requirements == ("Thiết bị đã được kiểm định & hiệu chuẩn.", "Có nhân viên phụ trách.")
