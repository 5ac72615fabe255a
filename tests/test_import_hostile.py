"""The importer against hostile inputs and hostile folders (issue 29, findings 2, 3 and 6).

It writes only under content/, never through a symlink, and all of its files or none; a record
or an annex that is hostile (wrong types, numbers JSON allows but no record holds, deep nesting,
a workbook that claims 17 billion cells or unpacks to 100 MB) is refused with the file, the
record and the field, never a traceback nor a hang.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc.content.procedure_import import DecisionInfo, ImportRefused, plan_import, read_inputs, write_changes
from cchc.writing import WriteRefused, write_all
from conftest import CCHC

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests/fixtures/portal"
XRAY = FIXTURES / "khai-bao-x-quang.json"
SCIENCE = FIXTURES / "khoa-hoc-cong-nghe.json"
XRAY_FOLDER = "content/procedures/an-toan-buc-xa-va-hat-nhan"
XRAY_FILE = f"{XRAY_FOLDER}/khai-bao-thiet-bi-x-quang-chan-doan-trong-y-te.md"
DECISION = DecisionInfo("949/QĐ-UBND", date(2022, 5, 10))
TODAY = date(2022, 6, 1)


def run_import(root: Path, *paths: Path) -> list[str]:
    records, rows = read_inputs(list(paths))
    changes = plan_import(root, records, rows, DECISION, TODAY, "01 bộ")
    write_changes(root, changes)
    return [c.path for c in changes]


def refused(root: Path, *paths: Path) -> list[str]:
    """The problems of an import that must be refused, as printed, paths relative to ``root``."""
    with pytest.raises(ImportRefused) as caught:
        run_import(root, *paths)
    return [str(p).replace(f"{root}/", "") for p in caught.value.problems]


def snapshot(top: Path) -> dict[str, bytes]:
    return {p.relative_to(top).as_posix(): p.read_bytes() for p in sorted(top.rglob("*")) if p.is_file()}


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CCHC, "import", "--root", str(root), "--decision", "949/QĐ-UBND",
                           "--decision-date", "2022-05-10", "--dossier-count", "01 bộ", *args],
                          capture_output=True, text=True, timeout=120,
                          env={"SOURCE_DATE_EPOCH": "1654041600", "PATH": "/usr/bin:/bin"})


# Finding 2: never through a symlink, never outside content/.

def test_a_symlink_at_the_file_the_import_would_write_is_refused_and_its_target_untouched(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("không được ghi đè", encoding="utf-8")
    root = tmp_path / "site"
    (root / XRAY_FOLDER).mkdir(parents=True)
    (root / XRAY_FILE).symlink_to(outside)
    problems = refused(root, XRAY)
    assert len(problems) == 1 and problems[0].startswith(f"{XRAY}:1: đích ghi: {XRAY_FILE} là một liên kết tượng trưng")
    assert outside.read_text(encoding="utf-8") == "không được ghi đè"


def test_a_folder_link_on_the_way_is_refused_and_receives_nothing(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "site"
    (root / "content/procedures").mkdir(parents=True)
    (root / XRAY_FOLDER).symlink_to(elsewhere, target_is_directory=True)
    problems = refused(root, XRAY)
    assert problems == [f"{XRAY}:1: đích ghi: {XRAY_FILE} đi qua {XRAY_FOLDER}, là một liên kết tượng trưng "
                        f"(symlink) tới {str(elsewhere)!r}; không ghi qua liên kết: xóa liên kết đó rồi chạy lại"]
    assert list(elsewhere.iterdir()) == []


def test_a_content_folder_that_is_a_link_is_refused_too(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    root = tmp_path / "site"
    root.mkdir()
    (root / "content").symlink_to(elsewhere, target_is_directory=True)
    assert "đi qua content, là một liên kết tượng trưng" in refused(root, XRAY)[0]
    assert list(elsewhere.iterdir()) == []


def test_the_command_refuses_a_link_without_a_traceback(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("cũ", encoding="utf-8")
    root = tmp_path / "site"
    (root / XRAY_FOLDER).mkdir(parents=True)
    (root / XRAY_FILE).symlink_to(outside)
    done = cli(root, str(XRAY))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"đích ghi: {XRAY_FILE} là một liên kết tượng trưng" in done.stdout
    assert outside.read_text(encoding="utf-8") == "cũ"


def test_the_writer_refuses_a_path_outside_its_folder(tmp_path):
    for rel in ("content/../mkdocs.yml", "/etc/passwd", "hooks/cchc_hooks.py", "content"):
        with pytest.raises(WriteRefused) as caught:
            write_all(tmp_path, [(rel, b"x")], "content")
        assert "nằm ngoài thư mục content/" in caught.value.problems[0].message, rel
    assert list(tmp_path.iterdir()) == []


# Finding 3: all or nothing.

def test_a_target_that_is_a_folder_refuses_the_whole_import_and_writes_nothing(tmp_path):
    root = tmp_path / "site"
    (root / XRAY_FILE).mkdir(parents=True)  # a folder where the record would go
    problems = refused(root, SCIENCE, XRAY)
    assert problems == [f"{XRAY}:1: đích ghi: {XRAY_FILE} là một thư mục, không phải tệp; đổi tên hoặc dời "
                        "thư mục đó rồi chạy lại"]
    assert snapshot(root) == {}  # the records of SCIENCE were not written either


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_record_refuses_the_whole_import_and_every_file_stays(tmp_path):
    root = tmp_path / "site"
    run_import(root, XRAY)
    (root / XRAY_FILE).chmod(0o444)
    changed = json.loads(XRAY.read_text(encoding="utf-8"))
    changed["name"] += " (sửa đổi)"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    before = snapshot(root)
    problems = refused(root, SCIENCE, newer)
    assert problems == [f"{newer}:1: đích ghi: {XRAY_FILE} là tệp chỉ đọc; cho phép ghi tệp đó rồi chạy lại"]
    assert snapshot(root) == before


def test_a_file_that_fails_while_written_leaves_every_file_as_it_was(tmp_path):
    """The second file's temporary name is too long for the file system: the first, already
    written to its temporary file, is not swapped in, and no folder or temporary file is left."""
    (tmp_path / "content/a").mkdir(parents=True)
    (tmp_path / "content/a/old.md").write_text("cũ", encoding="utf-8")
    long_name = "b" * 250 + ".md"
    with pytest.raises(WriteRefused) as caught:
        write_all(tmp_path, [("content/a/old.md", b"new"), ("content/a/new.md", b"new"),
                             (f"content/c/{long_name}", b"new")], "content")
    assert caught.value.problems[0].path == f"content/c/{long_name}"
    assert caught.value.problems[0].message.startswith("không ghi được (File name too long); chưa ghi tệp nào")
    assert snapshot(tmp_path) == {"content/a/old.md": "cũ".encode()}
    assert sorted(p.name for p in (tmp_path / "content").iterdir()) == ["a"]


def test_the_import_writes_all_its_files_at_once_with_no_temporary_file_left(tmp_path):
    assert len(run_import(tmp_path, XRAY, SCIENCE)) == 3
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


# Finding 6: hostile records.

def hostile(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def record_with(tmp_path: Path, name: str, change) -> Path:
    data = json.loads(XRAY.read_text(encoding="utf-8"))
    change(data)
    return hostile(tmp_path, name, json.dumps(data, allow_nan=True))


def fee_of(value: str):
    """A record text whose first fee amount is the JSON literal ``value``, written as it is."""
    def change(data):
        data["executionMethods"][0]["fees"] = [{"name": "Phí", "amount": "@AMOUNT@"}]
    return change, value


@pytest.mark.parametrize("literal, shown", [
    ("Infinity", "Infinity"), ("NaN", "NaN"), ("-Infinity", "-Infinity"), ("1e400", "1e400"),
    ("9" * 5000, "999999999999… (5000 ký tự)"),
])
def test_a_fee_json_allows_but_no_record_holds_is_refused_with_its_field(tmp_path, literal, shown):
    change, _ = fee_of(literal)
    path = record_with(tmp_path, "fee.json", change)
    path.write_text(path.read_text(encoding="utf-8").replace('"@AMOUNT@"', literal), encoding="utf-8")
    problems = refused(tmp_path / "site", path)
    assert problems == [f"{path}:1: executionMethods[1].fees[1].amount: số {shown} không dùng được (NaN, "
                        f"Infinity, số quá lớn hoặc dài quá 24 ký tự); ghi đúng số như trên cổng"]


@pytest.mark.parametrize("name, change, expected", [
    ("enum-list.json", lambda d: d["executionMethods"][0].update(submissionMethod=["DIRECT"]),
     "executionMethods[1].submissionMethod: cần một trong DIRECT, ONLINE, POSTAL; đang là một danh sách"),
    ("enum-object.json", lambda d: d.update(formalityType={"STANDARD": 1}),
     "formalityType: cần một trong ASSIGNED_REGULATION, STANDARD; đang là một đối tượng"),
    ("unit-number.json", lambda d: d["executionMethods"][0].update(processingTimeUnit=3),
     "executionMethods[1].processingTimeUnit: cần một trong WORKING_DAY, DAY, HOUR, MONTH, YEAR; đang là một số"),
    ("square.json", lambda d: d["executionCases"][0]["profileComponents"][0].update(originalQty="²"),
     "executionCases[1].profileComponents[1].originalQty: đang ghi '²'; cần một số nguyên"),
    ("copies.json", lambda d: d["executionCases"][0]["profileComponents"][0].update(copyQty=10 ** 9),
     "executionCases[1].profileComponents[1].copyQty: cần một số bản từ 0 đến 1000; đang ghi 1000000000"),
    ("fee-list.json", lambda d: d["executionMethods"][0].update(fees=[{"name": "Phí", "amount": [1]}]),
     "executionMethods[1].fees[1].amount: cần một số tiền như 2000000, hoặc một dòng chữ; đang là một danh sách"),
    ("fee-huge.json", lambda d: d["executionMethods"][0].update(fees=[{"name": "Phí", "amount": 10 ** 20}]),
     "executionMethods[1].fees[1].amount: cần một số tiền từ 0 đến dưới 10.000.000.000.000 đồng; "
     "đang ghi 100000000000000000000"),
    ("surrogate.json", lambda d: d.update(name="Khai b\ud800o"),
     "name: có ký tự không phải chữ Unicode hợp lệ (\\ud800…); lưu lại bản ghi từ cổng"),
])
def test_a_value_of_the_wrong_kind_is_refused_with_file_record_and_field(tmp_path, name, change, expected):
    path = record_with(tmp_path, name, change)
    assert refused(tmp_path / "site", path) == [f"{path}:1: {expected}"]


def test_a_record_in_an_array_is_named_by_its_place(tmp_path):
    good = json.loads(XRAY.read_text(encoding="utf-8"))
    bad = dict(good, code="2.999777", formalityType=["x"])
    path = hostile(tmp_path, "many.json", json.dumps([good, bad], ensure_ascii=False))
    assert refused(tmp_path / "site", path) == [
        f"{path}:1: [2].formalityType: cần một trong ASSIGNED_REGULATION, STANDARD; đang là một danh sách"]


@pytest.mark.parametrize("text, message", [
    ("[" * 100_000 + "]" * 100_000, "json: lồng quá sâu (quá 32 tầng); bản ghi của cổng không sâu như vậy"),
    ('{"code": "1.999001", "a": ' + "[" * 40 + "]" * 40 + "}",
     "a" + "[1]" * 31 + ": lồng quá 32 tầng; bản ghi của cổng không sâu như vậy"),
])
def test_json_nested_too_deep_is_refused(tmp_path, text, message):
    path = hostile(tmp_path, "deep.json", text)
    assert refused(tmp_path / "site", path) == [f"{path}:1: {message}"]


def test_the_command_refuses_hostile_records_without_a_traceback(tmp_path):
    deep = hostile(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    digits = hostile(tmp_path, "digits.json", '{"code": "1.999001", "name": ' + "7" * 5000 + "}")
    done = cli(tmp_path / "site", str(deep), str(digits))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{digits}:1: name: số 777777777777… (5000 ký tự) không dùng được" in done.stdout
    assert f"{deep}:1: json: lồng quá sâu" in done.stdout


# Finding 6: hostile workbooks.

HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện", "Cơ quan thực hiện",
          "Tình trạng"]
ROW = [1, "1.999001", "Khai báo thiết bị X-quang chẩn đoán trong y tế", "An toàn bức xạ và hạt nhân",
       "Cấp tỉnh", "Sở Khoa học và Công nghệ", "Mới"]


def workbook(path: Path, far_cell: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(HEADER)
    sheet.append(ROW)
    if far_cell:
        sheet[far_cell] = "x"
    book.save(path)
    return path


def rewritten(source: Path, target: Path, replace: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the workbook ``source`` with some of its parts replaced."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def test_a_sheet_with_a_cell_at_xfd1048576_is_refused_at_once(tmp_path):
    path = workbook(tmp_path / "xa.xlsx", far_cell="XFD1048576")
    assert refused(tmp_path / "site", path) == [
        f"{path}:1: sheet 'Phụ lục': có ô ở dòng 1048576, cột 16384: quá giới hạn 5000 dòng, 50 cột của một "
        "phụ lục; xóa các ô thừa (Ctrl+End cho biết ô cuối) rồi lưu lại"]


def test_a_sheet_whose_dimension_lies_is_still_read_within_bounds(tmp_path):
    """Without its <dimension>, the far cell is found only by reading: the read stops at the bound."""
    plain = workbook(tmp_path / "plain.xlsx", far_cell="XFD1048576")
    with zipfile.ZipFile(plain) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    start = sheet.index(b"<dimension")
    undimensioned = sheet[:start] + sheet[sheet.index(b"/>", start) + 2:]
    path = rewritten(plain, tmp_path / "lying.xlsx", {"xl/worksheets/sheet1.xml": undimensioned})
    assert refused(tmp_path / "site", path) == [
        f"{path}:5001: sheet 'Phụ lục': quá 5000 dòng, giới hạn của một phụ lục; xóa các dòng thừa rồi lưu lại"]


def test_a_sheet_pointing_at_a_missing_shared_string_is_refused(tmp_path):
    plain = workbook(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(plain) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    # The header's first cell, written inline, becomes a pointer to shared string 7 of none.
    pointing = sheet.replace(b'<c r="A1" t="inlineStr"><is><t>STT</t></is></c>', b'<c r="A1" t="s"><v>7</v></c>')
    assert pointing != sheet
    path = rewritten(plain, tmp_path / "broken.xlsx", {"xl/worksheets/sheet1.xml": pointing})
    assert refused(tmp_path / "site", path) == [
        f"{path}:1: sheet 'Phụ lục': không đọc được trang tính, tệp bị hỏng (IndexError); mở bằng Excel "
        "hoặc LibreOffice rồi lưu lại dạng .xlsx"]


def test_a_workbook_that_unpacks_to_100_mb_is_refused_before_it_is_read(tmp_path):
    plain = workbook(tmp_path / "plain.xlsx")
    path = tmp_path / "bomb.xlsx"
    shutil.copy(plain, path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/media/padding.bin", "w", force_zip64=True) as padding:
        for _ in range(100):
            padding.write(b"\0" * (1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    problems = refused(tmp_path / "site", path)
    assert len(problems) == 1 and problems[0].startswith(f"{path}:1: Tệp: giải nén ra 100 MB trong ")
    assert "quá giới hạn 64 MB của một phụ lục" in problems[0]
