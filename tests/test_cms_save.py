"""Saving from the CMS changes the lines of the changed fields only (issue 30, point 4)."""

from __future__ import annotations

import yaml

from cchc.site.cms_save import keep_unchanged

FILE = """---
code: 1.004512.000.00.00.H48
# Tên đúng như quyết định công bố.
name: Khai báo thiết bị X-quang chẩn đoán trong y tế
time_limit: 03 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ của tổ chức, cá nhân
steps:
  - Tổ chức, cá nhân nộp phiếu khai báo.
  - Sở cấp Giấy xác nhận khai báo.
updated: 2022-06-15
---

Thân bài.
"""

# What Decap writes after the editor changed `updated` only: every field again, long values
# folded at 80 columns, lists not indented, comments gone.
DECAP = """---
code: 1.004512.000.00.00.H48
name: Khai báo thiết bị X-quang chẩn đoán trong y tế
time_limit: 03 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ của tổ
  chức, cá nhân
steps:
- Tổ chức, cá nhân nộp phiếu khai báo.
- Sở cấp Giấy xác nhận khai báo.
updated: 2022-07-01
---

Thân bài.
"""


def _changed_lines(old: str, new: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(old.splitlines(), new.splitlines()) if a != b]


def test_a_field_left_alone_keeps_its_lines_and_its_comment():
    saved = keep_unchanged(FILE, DECAP)
    assert _changed_lines(FILE, saved) == [("updated: 2022-06-15", "updated: 2022-07-01")]
    assert len(saved.splitlines()) == len(FILE.splitlines())


def test_a_changed_text_is_written_on_one_line_whatever_its_length():
    new_limit = "05 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ của tổ chức, cá nhân"
    decap = DECAP.replace("03 ngày", "05 ngày").replace("updated: 2022-07-01", "updated: 2022-06-15")
    saved = keep_unchanged(FILE, decap)
    assert _changed_lines(FILE, saved) == [(f"time_limit: 03{new_limit[2:]}", f"time_limit: {new_limit}")]
    front = yaml.safe_load(saved.split("---\n")[1])
    assert front["time_limit"] == new_limit


def test_fields_removed_or_added_by_the_form_and_the_new_body_are_decaps():
    decap = DECAP.replace("code: 1.004512.000.00.00.H48\n", "").replace("Thân bài.", "Thân bài mới.")
    decap = decap.replace("updated: 2022-07-01\n", "updated: 2022-07-01\nstatus: abolished\n")
    saved = keep_unchanged(FILE, decap)
    assert "code:" not in saved and "status: abolished\n---\n" in saved and saved.endswith("Thân bài mới.\n")


def test_a_new_entry_or_a_file_without_front_matter_is_written_as_decap_wrote_it():
    assert keep_unchanged("Không có phần đầu.\n", DECAP) == DECAP
    assert keep_unchanged(FILE, "không có phần đầu") == "không có phần đầu"
