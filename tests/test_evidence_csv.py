"""The evidence CSV (`ke-hoach/<year>/minh-chung-….csv`, `cchc coverage --csv`) is opened in a
spreadsheet: a title or a unit written like a formula stays text there.

A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
formula (`=HYPERLINK(…)` sends a click elsewhere, `+cmd|' /C calc'!A0` asks to run a program).
Such a cell is written with `'` before it. The last test opens the file in LibreOffice (Debian's
`libreoffice-calc-nogui`, installed by .ci/run), saves it as .xlsx, and reads every cell's type.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from browser import require
from cchc.content.plan import load_plan
from cchc.plan.coverage import Item, coverage_report
from cchc.plan.report_csv import evidence_csv, spreadsheet_text

PLAN = """\
year: 2030
title: Kế hoạch 2030
issuer: Sở
topics:
  - {id: II.1, name: "=HYPERLINK(\\"https://evil.example/\\",\\"Bấm vào\\")", title: Văn bản chỉ đạo}
forms:
  - {id: III.3, title: "@SUM(1+1)*cmd|' /C calc'!A0", lead: [Trung tâm], window: all-year}
deadlines:
  units_report: 2030-11-10
  department_report: 2030-11-15
"""
FORMULAS = ["+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "=1+1", "@SUM(A1:A2)"]


def items() -> list[Item]:
    return [Item("news", f"content/news/2030/{n}.md", f"tin-tuc/2030/{n}/", title, date(2030, 3, 1 + n),
                 unit=FORMULAS[(n + 1) % len(FORMULAS)], topics=("II.1",), forms=("III.3",))
            for n, title in enumerate(FORMULAS)]


@pytest.fixture(scope="module")
def evidence(tmp_path_factory) -> bytes:
    root = tmp_path_factory.mktemp("plan")
    (root / "content/plans").mkdir(parents=True)
    (root / "content/plans/2030.yml").write_text(PLAN, encoding="utf-8")
    plan, problems = load_plan(root, "content/plans/2030.yml")
    assert problems == []
    return evidence_csv(coverage_report(plan, items(), date(2030, 11, 10)), "https://example.gov.vn/cchc/")


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1+1", "\r=1+1"])
def test_a_cell_a_spreadsheet_reads_as_a_formula_gets_an_apostrophe(cell):
    assert spreadsheet_text(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Tin văn bản", "2030-03-01", "II.1", "1+1", " =1", "'=1", ""])
def test_any_other_cell_is_written_as_it_is(cell):
    assert spreadsheet_text(cell) == cell


def test_every_title_unit_and_plan_name_like_a_formula_is_written_as_text(evidence):
    cells = [cell for row in rows(evidence) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    for formula in FORMULAS:
        assert "'" + formula in cells
    assert "'=HYPERLINK(\"https://evil.example/\",\"Bấm vào\")" in cells
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells


@pytest.mark.site  # starts LibreOffice
def test_libreoffice_opens_the_csv_with_no_formula_in_any_cell(evidence, tmp_path):
    soffice = shutil.which("soffice")
    # soffice may come with Writer alone (the report's PDF): Calc is its spreadsheet library.
    calc = soffice is not None and any(Path(soffice).resolve().parent.glob("libsclo.so"))
    require(calc, "no LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
    import openpyxl

    source = tmp_path / "minh-chung.csv"
    source.write_bytes(evidence)
    # Comma-separated, UTF-8 (76), from the first line: what Excel does with this file.
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path),
                           str(source)], capture_output=True, text=True, timeout=300)
    converted = tmp_path / "minh-chung.xlsx"
    assert converted.is_file(), done.stdout + done.stderr
    sheet = openpyxl.load_workbook(converted).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert len(cells) > 40
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    shown = {str(c.value) for c in cells}
    # Each hostile text is there to read, as text, with or without the apostrophe shown.
    for formula in [*FORMULAS, "=HYPERLINK(\"https://evil.example/\",\"Bấm vào\")"]:
        assert formula in shown or "'" + formula in shown, formula
