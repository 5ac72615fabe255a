"""Reading a province's decision annex (.xlsx): one row per procedure the decision announces.

Each row gives the code, name, field, level, and whether the decision announces the procedure
as new, amended, replaced or abolished (in the row, or in a section heading above the rows);
columns are found by the header's words. Nothing is written here (see procedure_import).
"""

from __future__ import annotations

import re
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


def read_annex(path: Path, display: str) -> tuple[list[AnnexRow], list[Problem]]:
    """The procedures listed in an .xlsx annex (every sheet); problems name file, sheet, row."""
    from openpyxl import load_workbook  # only the importer needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [Problem(display, 1, "file", "không đọc được tệp Excel (.xlsx); mở tệp bằng Excel và lưu "
                                                "lại dạng .xlsx")]
    rows: list[AnnexRow] = []
    problems: list[Problem] = []
    try:
        for sheet in book.worksheets:
            found, trouble = _annex_sheet(sheet, display)
            rows += found
            problems += trouble
    finally:
        book.close()
    if not rows and not problems:
        problems.append(Problem(display, 1, "file", "không trang tính nào có dòng thủ tục; kiểm tra lại tệp "
                                                "phụ lục"))
    return rows, problems


def _annex_sheet(sheet, display: str) -> tuple[list[AnnexRow], list[Problem]]:
    values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
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
