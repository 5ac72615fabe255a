"""Reading a province's decision annex (.xlsx): one row per procedure the decision announces.

Each row gives the code, name, field, level, and whether the decision announces the procedure
as new, amended, replaced or abolished (in the row, or in a section heading above the rows);
columns are found by the header's words. Nothing is written here (see procedure_import).
"""

from __future__ import annotations

import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from ..text import nfc, slugify
from .procedures import CODE

# Annex columns, matched on the header's folded words; code and name are required.
ANNEX_COLUMNS = {
    "code": ("ma thu tuc", "ma tthc", "ma so", "ma ho so"),
    "name": ("ten thu tuc", "ten tthc"),
    "field": ("linh vuc",),
    "level": ("cap thuc hien",),
    "agency": ("co quan thuc hien",),
    "kind": ("tinh trang", "hinh thuc cong bo", "loai cong bo", "ghi chu", "noi dung cong bo"),
}
HEADER_SEARCH_ROWS = 15
# Bounds on what an annex may be: a decision announces tens of procedures, a few hundred at most.
# A workbook is a zip: its parts are measured unpacked before anything reads them (a 400 KB file
# may unpack to 400 MB), and a sheet is read only within MAX_ROWS x MAX_COLUMNS, whatever size
# it claims (one cell at XFD1048576 makes a sheet of 17 billion cells).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PARTS = 2000
MAX_SHEETS = 50
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_SECONDS = 60.0
# What a row (or a section heading above rows) says the decision did, folded.
ANNEX_KINDS = (("bai bo", "abolished"), ("thay the", "replaced"), ("sua doi", "amended"),
               ("bo sung", "amended"), ("moi", "new"))


@dataclass(frozen=True)
class AnnexRow:
    """One procedure listed in a decision's annex."""

    code: str
    name: str
    kind: str  # new, amended, replaced or abolished
    field: str = ""
    level: str = ""
    agency: str = ""
    origin: str = ""
    row: int = 0


class _TooSlow(Exception):
    """Reading the workbook took longer than MAX_SECONDS."""


def _unpacked_problem(path: Path) -> str | None:
    """Why the workbook is refused before it is opened (too big unpacked), in Vietnamese, or None.
    zipfile never unpacks a part beyond the size its directory declares, so the sum holds."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # openpyxl says it is not a workbook
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        return (f"giải nén ra {unpacked // (1024 * 1024)} MB trong {len(parts)} phần, quá giới hạn "
                f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB của một phụ lục; lưu lại phụ lục chỉ với "
                "bảng danh mục thủ tục")
    return None


def read_annex(path: Path, display: str) -> tuple[list[AnnexRow], list[Problem]]:
    """The procedures listed in an .xlsx annex (every sheet); problems name file, sheet, row."""
    from openpyxl import load_workbook  # only the importer needs it

    too_big = _unpacked_problem(path)
    if too_big:
        return [], [Problem(display, 1, "file", too_big)]
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [Problem(display, 1, "file", "không đọc được tệp Excel (.xlsx); mở tệp bằng Excel và lưu "
                                                "lại dạng .xlsx")]
    rows: list[AnnexRow] = []
    problems: list[Problem] = []
    deadline = time.monotonic() + MAX_SECONDS
    try:
        sheets = book.worksheets
        if len(sheets) > MAX_SHEETS:
            return [], [Problem(display, 1, "file", f"có {len(sheets)} trang tính, quá giới hạn {MAX_SHEETS}")]
        for sheet in sheets:
            try:
                found, trouble = _annex_sheet(sheet, display, deadline)
            except _TooSlow:
                return [], [Problem(display, 1, f"sheet {sheet.title!r}",
                                    f"đọc quá {MAX_SECONDS:.0f} giây; lưu lại phụ lục chỉ với bảng danh mục thủ tục")]
            except Exception as error:  # a damaged part (a missing shared string...) fails inside openpyxl
                return [], [Problem(display, 1, f"sheet {sheet.title!r}",
                                    f"không đọc được trang tính, tệp bị hỏng ({type(error).__name__}); "
                                    "mở bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx")]
            rows += found
            problems += trouble
    finally:
        book.close()
    if not rows and not problems:
        problems.append(Problem(display, 1, "file", "không trang tính nào có dòng thủ tục; kiểm tra lại tệp "
                                                "phụ lục"))
    return rows, problems


def _annex_sheet(sheet, display: str, deadline: float) -> tuple[list[AnnexRow], list[Problem]]:
    claimed_rows, claimed_columns = sheet.max_row or 0, sheet.max_column or 0
    if claimed_rows > MAX_ROWS or claimed_columns > MAX_COLUMNS:
        return [], [Problem(display, 1, f"sheet {sheet.title!r}",
                            f"có ô ở dòng {claimed_rows}, cột {claimed_columns}: quá giới hạn {MAX_ROWS} dòng, "
                            f"{MAX_COLUMNS} cột của một phụ lục; xóa các ô thừa (Ctrl+End cho biết ô cuối) "
                            "rồi lưu lại")]
    values = _sheet_values(sheet, deadline)
    if len(values) > MAX_ROWS:
        return [], [Problem(display, MAX_ROWS + 1, f"sheet {sheet.title!r}",
                            f"quá {MAX_ROWS} dòng, giới hạn của một phụ lục; xóa các dòng thừa rồi lưu lại")]
    header_at, columns = None, {}
    for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        found = _header_columns(row)
        if "code" in found and "name" in found:
            header_at, columns = index, found
            break
    if header_at is None:
        if not any(any(row) for row in values):
            return [], []  # an empty sheet
        return [], [Problem(display, 1, f"trang tính {sheet.title!r}",
                            f"{HEADER_SEARCH_ROWS} dòng đầu không có dòng tiêu đề với các cột 'Mã thủ tục' và "
                            "'Tên thủ tục'; thêm các cột đó (cùng 'Lĩnh vực', 'Cấp thực hiện' và "
                            "'Tình trạng': mới, sửa đổi, bãi bỏ)")]
    rows, problems = [], []
    section_kind = None
    for index in range(header_at + 1, len(values)):
        row = values[index]
        number = index + 1
        cell = lambda key: row[columns[key]] if key in columns and columns[key] < len(row) else ""
        code, name = cell("code"), cell("name")
        if not code or (not name and not CODE.match(code)):
            # A section heading ("I. Danh mục thủ tục hành chính bị bãi bỏ") sets the kind below it.
            heading = " ".join(v for v in row if v)
            kind = _annex_kind(heading)
            if kind:
                section_kind = kind
            elif name:
                problems.append(Problem(display, number, f"trang tính {sheet.title!r}, cột 'Mã thủ tục'",
                                        f"thủ tục {name!r} chưa có mã; mỗi dòng thủ tục cần ghi mã"))
            continue
        if not CODE.match(code):
            problems.append(Problem(display, number, f"trang tính {sheet.title!r}, cột 'Mã thủ tục'",
                                    f"đang ghi {code!r}; ghi mã thủ tục như '1.004512'"))
            continue
        written_kind = cell("kind")
        kind = _annex_kind(written_kind) if written_kind else section_kind
        if kind is None:
            what = (f"đang ghi {written_kind!r}" if written_kind
                    else "chưa ghi (không có cột này, cũng không có dòng tiêu đề của phần)")
            problems.append(Problem(display, number, f"trang tính {sheet.title!r}, cột 'Tình trạng'",
                                    f"{what}; ghi việc quyết định làm với thủ tục: mới, sửa đổi, bổ sung, "
                                    "thay thế hoặc bãi bỏ"))
            continue
        if not name:
            problems.append(Problem(display, number, f"trang tính {sheet.title!r}, cột 'Tên thủ tục'",
                                    f"thủ tục {code} chưa có tên; ghi tên thủ tục"))
            continue
        rows.append(AnnexRow(code, name, kind, cell("field"), cell("level"), cell("agency"),
                             f"{display} (trang tính {sheet.title!r}, dòng {number})", number))
    return rows, problems


def _sheet_values(sheet, deadline: float) -> list[list[str]]:
    """The sheet's cells as text, at most MAX_ROWS + 1 rows of MAX_COLUMNS, whatever the sheet
    claims (its dimension may be missing or false); _TooSlow after ``deadline``."""
    values = []
    for row in sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True):
        if time.monotonic() > deadline:
            raise _TooSlow()
        values.append([_cell(v) for v in row])
    return values


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


def _header_columns(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        words = " ".join(slugify(value).split("-"))
        for key, names in ANNEX_COLUMNS.items():
            if key not in found and any(words.startswith(n) or f" {n}" in f" {words}" for n in names):
                found[key] = index
                break
    return found


def _annex_kind(text: str) -> str | None:
    folded = " ".join(slugify(text).split("-"))
    for words, kind in ANNEX_KINDS:
        if re.search(rf"\b{words}\b", folded):
            return kind
    return None
