"""The evidence of the plan report as CSV, for a spreadsheet: one row per plan item and post.

Excel opens a CSV file in the machine's legacy code page unless the file starts with a UTF-8
byte order mark, so the file is UTF-8 with a BOM (Vietnamese letters come through intact in
Excel, LibreOffice and Python's ``utf-8-sig``). Fields are separated by commas and rows end in
CRLF, as RFC 4180 says; dates are ISO 8601 (2022-03-03), which every spreadsheet reads as a
date whatever its locale, unlike 03/3/2022.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to a
spreadsheet (``=HYPERLINK(...)``, ``+cmd|' /C calc'!A0``): such a cell is written with a ``'`` in
front, which spreadsheets show as text (OWASP's rule for CSV injection). Titles and units come
from content files anyone with commit rights writes, and the file is opened in Excel.
"""

from __future__ import annotations

import csv
import io

from .coverage import STATUS_LABELS, Coverage, Item

HEADER = ("Phần", "Mã", "Nội dung kế hoạch", "Trạng thái", "Loại", "Tiêu đề", "Ngày đăng", "Đơn vị",
          "Địa chỉ", "Ghi chú")
SECTION_TOPIC = "II. Nội dung"
SECTION_FORM = "III. Hình thức"
SECTION_QUOTA = "III. Chỉ tiêu"
_KINDS = {"news": "Tin bài", "bulletin": "Bản tin", "document": "Văn bản"}
OUTSIDE_NOTE = "Ngoài thời gian thực hiện, không tính"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a formula's first character gets a ``'`` before."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def evidence_rows(coverage: Coverage, site_url: str = "") -> list[tuple[str, ...]]:
    """Rows under HEADER: every mandated topic, form and quota with each item counted for it;
    an item with nothing published still has one row, with the item's columns empty."""
    rows: list[tuple[str, ...]] = []

    def add(section: str, key: str, name: str, status: str, items: tuple[Item, ...], note: str = "",
            always: bool = True) -> None:
        plan_part = (section, key, name, STATUS_LABELS[status])
        if not items and always:
            rows.append(plan_part + ("",) * 6)
        for item in items:
            address = f"{site_url.rstrip('/')}/{item.url}" if site_url else item.url
            rows.append(plan_part + (_KINDS.get(item.kind, item.kind), item.title, item.day.isoformat(),
                                     item.unit or "", address, note))

    for entry in coverage.topics:
        if entry.mandated:  # a parent's items are its points' items: listed once, under each point
            add(SECTION_TOPIC, entry.topic.id, entry.topic.name, entry.status, entry.items)
    for entry in coverage.forms:
        # A form with quotas is measured by them; posts naming it are listed when there are any.
        add(SECTION_FORM, entry.form.id, entry.form.title, entry.status, entry.items, always=not entry.quotas)
        add(SECTION_FORM, entry.form.id, entry.form.title, entry.status, entry.outside, OUTSIDE_NOTE, always=False)
        for quota in entry.quotas:
            add(SECTION_QUOTA, f"{entry.form.id}/{quota.quota.id}",
                f"{quota.quota.title} ({quota.done}/{quota.quota.target})", quota.status, quota.items)
    return rows


def evidence_csv(coverage: Coverage, site_url: str = "") -> bytes:
    """The evidence as CSV bytes: UTF-8 with a byte order mark, comma-separated, CRLF rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(spreadsheet_text(cell) for cell in row) for row in evidence_rows(coverage, site_url))
    return out.getvalue().encode("utf-8-sig")
