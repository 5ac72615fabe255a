"""The unit's report as a Word document (Decree 30/2020/NĐ-CP layout) and the evidence as CSV.

Each test opens the produced file the way a reader's tool would (python-docx, the csv module)
and checks the parts an official report must have, where they are and how they are set.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from cchc.plan.coverage import Item, coverage_report
from cchc.dates import vn_date_formal
from cchc.content.plan import load_plan
from cchc.plan.report_csv import HEADER, evidence_csv
from cchc.config import ReportDetails
from cchc.plan.report_docx import docx_report
from browser import require
from conftest import PROJECT, post, CCHC

PLAN = """\
year: 2030
title: Kế hoạch tuyên truyền cải cách hành chính năm 2030
issuer: Sở Khoa học và Công nghệ tỉnh Thử
topics:
  - {id: II.1, name: Văn bản chỉ đạo, title: Văn bản chỉ đạo}
  - {id: II.2, name: Nội dung CCHC, title: Các nội dung}
  - {id: II.2.1, name: Cải cách thể chế, title: Cải cách thể chế}
  - {id: II.2.2, name: Cải cách TTHC, title: Cải cách TTHC}
forms:
  - {id: III.3, title: Bản tin và chuyên mục, lead: [Trung tâm], window: all-year,
     quotas: [{id: bulletin, title: Bản tin, target: 6, counted_by: bulletins},
              {id: radio, title: Phát thanh, target: 12}]}
  - {id: III.4, title: Ngày KH&CN 18/5, lead: [Văn phòng], window: Q2}
deadlines:
  units_report: 2030-11-10
  department_report: 2030-11-15
"""
SITE = "https://example.gov.vn/cchc/"
DETAILS = ReportDetails(parent="UBND tỉnh Thử", unit="Sở Khoa học và Công nghệ", number="12/BC-SKHCN",
                        place="Thành phố Thử", signer_title="KT. Giám đốc\nPhó Giám đốc",
                        signer_name="Nguyễn Văn Thử", recipients=("UBND tỉnh (báo cáo)", "Lưu: VT"))
AS_OF = date(2030, 11, 10)


def news(day, title, topics=(), forms=(), channel=None):
    return Item("news", "content/news/2030/x.md", f"tin-tuc/2030/{title.lower().replace(' ', '-')}/", title,
                day, "Văn phòng", tuple(topics), tuple(forms), channel)


ITEMS = [
    news(date(2030, 3, 3), "Tin văn bản", ["II.1", "II.2.1"]),
    news(date(2030, 5, 18), "Tin ngày 18 tháng 5", ["II.1"], forms=["III.4"]),
    news(date(2030, 6, 1), "Phát thanh tháng 6", ["II.1"], channel="radio"),
    Item("bulletin", "content/bulletins/2030/01.md", "ban-tin/2030/so-1/", "Bản tin số 1/2030: Khởi động",
         date(2030, 2, 1)),
    news(date(2030, 12, 1), "Tin sau ngày báo cáo", ["II.2.2"]),
]


@pytest.fixture(scope="module")
def coverage(tmp_path_factory):
    root = tmp_path_factory.mktemp("plan")
    (root / "content/plans").mkdir(parents=True)
    (root / "content/plans/2030.yml").write_text(PLAN, encoding="utf-8")
    plan, problems = load_plan(root, "content/plans/2030.yml")
    assert problems == []
    return coverage_report(plan, ITEMS, AS_OF)


@pytest.fixture(scope="module")
def report(coverage):
    return docx.Document(io.BytesIO(docx_report(coverage, DETAILS, SITE)))


def lines(cell_or_doc) -> list[str]:
    return [p.text for p in cell_or_doc.paragraphs]


def body_paragraphs(document) -> list:
    """Paragraphs outside the heading and closing tables, in order."""
    return list(document.paragraphs)


def find(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def has_bottom_rule(paragraph) -> bool:
    borders = paragraph._p.pPr.find(qn("w:pBdr")) if paragraph._p.pPr is not None else None
    return borders is not None and borders.find(qn("w:bottom")).get(qn("w:val")) == "single"


def effective(run, paragraph, attribute: str):
    """A run's font name or size: its own, else its paragraph style's, else that style's base."""
    value, style = getattr(run.font, attribute), paragraph.style
    while value is None and style is not None:
        value, style = getattr(style.font, attribute), style.base_style
    return value


def all_runs(document):
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    for paragraph in paragraphs:
        yield paragraph, paragraph.runs
        for link in paragraph._p.findall(qn("w:hyperlink")):
            yield paragraph, [docx.text.run.Run(r, paragraph) for r in link.findall(qn("w:r"))]


# --- The heading: issuing body, motto, number, place and date ---------------------------------

def test_the_issuing_body_and_its_parent_are_top_left_the_motto_top_right(report):
    heading = report.tables[0]
    left, right = heading.cell(0, 0), heading.cell(0, 1)
    assert lines(left) == ["UBND TỈNH THỬ", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", ""]
    assert [r.bold for r in left.paragraphs[1].runs] == [True]       # the issuing unit in bold
    assert not left.paragraphs[0].runs[0].bold                       # its parent is not
    assert lines(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", ""]
    assert all(r.bold for p in right.paragraphs for r in p.runs)
    # A short solid line under the unit's name and under the motto, as the decree draws them: each
    # the border of an empty line of its own, so the name and the motto keep the column's width.
    assert has_bottom_rule(left.paragraphs[2]) and has_bottom_rule(right.paragraphs[2])
    for text in left.paragraphs[:2] + right.paragraphs[:2]:
        assert not has_bottom_rule(text) and not text.paragraph_format.left_indent, text.text
    # The unit's rule is shorter than its name; the motto's about as long as its line (about 6 cm).
    rule = lambda cell, column: column.width - 2 * cell.paragraphs[2].paragraph_format.left_indent
    assert Mm(20) <= rule(left, heading.columns[0]) <= Mm(35)
    assert Mm(55) <= rule(right, heading.columns[1]) <= Mm(65)
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left.paragraphs + right.paragraphs)


def test_a_unit_name_given_on_two_lines_keeps_its_break(coverage):
    details = DETAILS.merged(unit="Trung tâm Ứng dụng và Dịch vụ\nkhoa học và Công nghệ")
    heading = docx.Document(io.BytesIO(docx_report(coverage, details))).tables[0]
    assert lines(heading.cell(0, 0))[1:3] == ["TRUNG TÂM ỨNG DỤNG VÀ DỊCH VỤ", "KHOA HỌC VÀ CÔNG NGHỆ"]


def test_pages_are_numbered_at_the_top_from_the_second_page(report):
    section = report.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    assert [p.text for p in section.first_page_header.paragraphs if p.text] == []
    [number] = section.header.paragraphs
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    fields = [t.text.strip() for t in number._p.iter(qn("w:instrText"))]
    assert fields == ["PAGE"]


def test_the_heading_and_closing_tables_span_the_text_width_in_fixed_columns(report):
    text_width = report.sections[0].page_width - report.sections[0].left_margin - report.sections[0].right_margin
    for table in (report.tables[0], report.tables[-1]):
        grid = [column.width for column in table.columns]
        assert abs(sum(grid) - text_width) < Mm(1), (grid, text_width)
        assert [cell.width for cell in table.rows[0].cells] == grid
        # No borders: the heading and the closing are laid out by the table, not boxed.
        assert table.style is None or "Grid" not in table.style.name


def test_the_number_line_is_under_the_unit_and_the_place_date_under_the_motto(report):
    heading = report.tables[0]
    assert lines(heading.cell(1, 0)) == ["Số: 12/BC-SKHCN"]
    date_line = heading.cell(1, 1).paragraphs[0]
    assert date_line.text == "Thành phố Thử, ngày 10 tháng 11 năm 2030"
    assert all(r.italic for r in date_line.runs)


def test_the_formal_date_pads_days_below_10_and_the_months_january_and_february_only():
    assert vn_date_formal(date(2030, 3, 5)) == "ngày 05 tháng 3 năm 2030"
    assert vn_date_formal(date(2030, 2, 15)) == "ngày 15 tháng 02 năm 2030"
    assert vn_date_formal(date(2022, 11, 10)) == "ngày 10 tháng 11 năm 2022"


def test_the_title_and_subject_are_centred_bold_with_a_line_beneath(report):
    paragraphs = body_paragraphs(report)
    title = next(i for i, p in enumerate(paragraphs) if p.text == "BÁO CÁO")
    subject = paragraphs[title + 1]
    assert subject.text == "Kết quả thực hiện kế hoạch tuyên truyền cải cách hành chính năm 2030"
    for paragraph in (paragraphs[title], subject):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in paragraph.runs)
    assert any(has_bottom_rule(p) for p in paragraphs[title + 2:title + 4])


# --- The body: per topic, per form, quotas, what is missing -----------------------------------

def annex_start(texts: list[str]) -> int:
    return texts.index("Phụ lục")


def test_each_topic_says_its_status_and_count_in_the_body_and_its_evidence_in_the_annex(report):
    texts = lines(report)
    annex = annex_start(texts)
    assert "II.1. Văn bản chỉ đạo: Đã thực hiện; 3 tin bài, bản tin." in texts[:annex]
    # The body names no page: every address is in the annex.
    assert not [line for line in texts[:annex] if "http" in line or "tin-tuc/" in line]
    start = texts.index("II.1. Văn bản chỉ đạo: 3 tin bài, bản tin:")
    assert start > annex
    assert texts[start + 1:start + 4] == [
        f"+ “Tin văn bản”, đăng ngày 03/3/2030: {SITE}tin-tuc/2030/tin-văn-bản/",
        f"+ “Tin ngày 18 tháng 5”, đăng ngày 18/5/2030: {SITE}tin-tuc/2030/tin-ngày-18-tháng-5/",
        f"+ “Phát thanh tháng 6”, đăng ngày 01/6/2030: {SITE}tin-tuc/2030/phát-thanh-tháng-6/",
    ]
    # The link is a real hyperlink to the published page, not only its text.
    evidence = report.paragraphs[start + 1]
    link = evidence._p.find(qn("w:hyperlink"))
    assert evidence.part.rels[link.get(qn("r:id"))].target_ref == f"{SITE}tin-tuc/2030/tin-văn-bản/"
    # A parent topic sums up its points; its evidence is not listed a second time.
    assert "II.2. Nội dung CCHC: Chưa đến hạn; 1 tin bài, bản tin (tổng hợp các điểm dưới đây)." in texts
    assert "II.2.2. Cải cách TTHC: Chưa đến hạn; 0 tin bài, bản tin." in texts
    assert "II.2.2. Cải cách TTHC: 0 tin bài, bản tin." in texts[annex:]
    assert not [line for line in texts[annex:] if line.startswith("II.2. ")]


def test_the_annex_starts_a_page_after_the_signature_and_names_the_report(report):
    texts = lines(report)
    annex = annex_start(texts)
    first = report.paragraphs[annex]
    assert first.paragraph_format.page_break_before and first.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert texts[annex:annex + 3] == [
        "Phụ lục", "DANH SÁCH TIN BÀI, BẢN TIN MINH CHỨNG",
        "(Kèm theo Báo cáo số 12/BC-SKHCN ngày 10 tháng 11 năm 2030 của Sở Khoa học và Công nghệ)"]
    # After the signature: the closing table comes before the annex in the document's body.
    body = list(report.element.body)
    assert body.index(report.tables[-1]._tbl) < body.index(first._p)


def test_each_form_gives_its_window_lead_unit_status_and_evidence(report):
    texts = lines(report)
    assert ("III.4. Ngày KH&CN 18/5 (thời gian thực hiện: 01/4/2030 - 30/6/2030; chủ trì: Văn phòng): "
            "Đã thực hiện; 1 tin bài.") in texts[:annex_start(texts)]
    assert texts[texts.index("III.4. Ngày KH&CN 18/5: 1 tin bài, bản tin:") + 1].startswith("+ “Tin ngày 18 tháng 5”")


def test_quotas_are_a_table_of_target_done_and_expected_by_the_report_day(report):
    quotas = next(t for t in report.tables if t.cell(0, 0).text == "Chỉ tiêu")
    rows = [[cell.text for cell in row.cells] for row in quotas.rows]
    assert rows == [
        ["Chỉ tiêu", "Kế hoạch", "Đã thực hiện", "Cần đạt đến 10/11/2030", "Trạng thái"],
        ["Bản tin", "6", "1", "5", "Chưa đến hạn"],
        ["Phát thanh", "12", "1", "10", "Chưa đến hạn"],
    ]
    texts = lines(report)
    assert texts[texts.index("III.3. Bản tin và chuyên mục") + 1:][:2] == [
        "- Bản tin (1/6): 1 tin bài, bản tin:",
        f"+ “Bản tin số 1/2030: Khởi động”, đăng ngày 01/02/2030: {SITE}ban-tin/2030/so-1/"]


def test_what_is_pending_or_overdue_is_listed_in_its_own_section(report):
    texts = lines(report)
    section = texts.index("II. NỘI DUNG CHƯA THỰC HIỆN, QUÁ HẠN")
    missing = texts[section + 1:texts.index("III. ĐỀ XUẤT, KIẾN NGHỊ")]
    assert [line.split(":")[0] for line in missing] == ["- Chưa đến hạn"] * 3
    # Each named as the plan names it: a quota by its form's number and its title, not by its key.
    assert [line.split(": ")[1] for line in missing] == [
        "Mục II.2.2. Cải cách TTHC", "Mục III.3, chỉ tiêu “Bản tin”", "Mục III.3, chỉ tiêu “Phát thanh”"]
    assert "III.3/" not in "\n".join(texts)
    assert texts[texts.index("III. ĐỀ XUẤT, KIẾN NGHỊ") + 2].endswith("của Sở Khoa học và Công nghệ./.")


def test_a_report_as_of_a_day_counts_only_what_was_published_by_then(report, coverage):
    text = "\n".join(lines(report))
    assert "Tin văn bản" in text and "Tin sau ngày báo cáo" not in text
    assert "Đã đăng 4 tin bài, bản tin trong năm 2030" in text
    later = coverage_report(coverage.plan, ITEMS, date(2030, 12, 31))
    later_text = "\n".join(lines(docx.Document(io.BytesIO(docx_report(later, DETAILS, SITE)))))
    assert "Tin sau ngày báo cáo" in later_text and "ngày 31 tháng 12 năm 2030" in later_text


# --- The closing blocks: recipients and signer ------------------------------------------------

def test_recipients_are_bottom_left_and_the_signer_bottom_right(report):
    closing = report.tables[-1]
    recipients, signer = closing.cell(0, 0), closing.cell(0, 1)
    assert lines(recipients) == ["Nơi nhận:", "- UBND tỉnh (báo cáo);", "- Lưu: VT."]
    heading = recipients.paragraphs[0].runs[0]
    assert heading.bold and heading.italic and heading.font.size == Pt(12)
    assert {r.font.size for p in recipients.paragraphs[1:] for r in p.runs} == {Pt(11)}
    assert lines(signer) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Thử"]
    assert all(r.bold for p in signer.paragraphs for r in p.runs)
    # Room for the signature and the seal above the name.
    assert signer.paragraphs[-1].paragraph_format.space_before >= Pt(48)


def test_without_the_units_details_each_field_is_a_placeholder_to_fill_in(coverage):
    blank = docx.Document(io.BytesIO(docx_report(coverage, ReportDetails())))
    heading, closing = blank.tables[0], blank.tables[-1]
    assert lines(heading.cell(0, 0))[:2] == ["[TÊN CƠ QUAN CHỦ QUẢN]", "[TÊN CƠ QUAN, ĐƠN VỊ]"]
    assert lines(heading.cell(1, 0)) == ["Số: ……/BC-……"]
    assert lines(heading.cell(1, 1)) == ["……, ngày 10 tháng 11 năm 2030"]
    assert lines(closing.cell(0, 1)) == ["[CHỨC VỤ NGƯỜI KÝ]", "[Họ và tên]"]
    assert lines(closing.cell(0, 0))[0] == "Nơi nhận:" and len(lines(closing.cell(0, 0))) > 1
    # Without the site's address the evidence still names each page by its path.
    assert any(p.text.endswith(": tin-tuc/2030/tin-văn-bản/") for p in blank.paragraphs)


# --- Page and type: A4, the decree's margins, Times New Roman 11-14 pt ------------------------

def test_the_page_is_a4_portrait_with_the_decrees_margins(report):
    section = report.sections[0]
    mm = lambda length: round(length.mm, 1)  # Word stores twips: 210 mm is 11906 twips
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert section.page_height > section.page_width
    assert 20 <= mm(section.top_margin) <= 25 and 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35 and 15 <= mm(section.right_margin) <= 20


def test_every_run_is_times_new_roman_body_text_13_to_14_pt(report):
    normal = report.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    defaults = report.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for fonts in (normal.element.rPr.rFonts, defaults):
        # Every script's slot, and no theme font, which Word would prefer to the named one.
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
        assert not [name for name in fonts.attrib if name.endswith(("Theme", "theme"))]
    checked = 0
    for paragraph, runs in all_runs(report):
        for run in runs:
            if not run.text.strip():
                continue
            checked += 1
            assert effective(run, paragraph, "name") == "Times New Roman", run.text
            size = effective(run, paragraph, "size")
            # Text in the body is 13 pt or more; in the closing table, the recipients are 11 pt.
            in_body = paragraph._p.getparent().tag == qn("w:body")
            low = Pt(13) if in_body else Pt(11)
            assert low <= size <= Pt(14), (run.text, size.pt)
    assert checked > 40


def test_justified_body_paragraphs_are_indented_and_6_pt_apart(report):
    opening = find(report, "Thực hiện Kế hoạch tuyên truyền")
    assert opening.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert opening.paragraph_format.first_line_indent >= Mm(10)
    assert opening.paragraph_format.space_after >= Pt(6)


# The order of a paragraph's properties in the schema (ECMA-376 Part 1, CT_PPrBase then rPr);
# Word reports a file whose elements are out of this order as damaged.
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange"]


def test_every_paragraphs_properties_are_in_the_schemas_order(coverage):
    package = zipfile.ZipFile(io.BytesIO(docx_report(coverage, DETAILS, SITE)))
    xml = package.read("word/document.xml")
    assert b"<ns0:" not in xml and b" ns0:" not in xml   # every element in Word's own prefixes
    root = etree.fromstring(xml)
    checked = 0
    for properties in root.iter(qn("w:pPr")):
        tags = [etree.QName(child).localname for child in properties]
        assert all(tag in PPR_ORDER for tag in tags), tags
        assert tags == sorted(tags, key=PPR_ORDER.index), tags
        checked += "pBdr" in tags
    assert checked >= 3   # the lines under the unit, the motto and the subject


# --- The file itself: reproducible, and described ---------------------------------------------

def test_the_same_report_made_at_two_moments_is_byte_identical(coverage, monkeypatch):
    first = docx_report(coverage, DETAILS, SITE)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # 2033: any zip stamp would differ
    second = docx_report(coverage, DETAILS, SITE)
    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_files_properties_carry_the_report_day_not_the_moment_it_was_made(report):
    props = report.core_properties
    # Midnight of 10/11/2030 in Vietnam is 17:00 UTC the day before.
    assert props.created == props.modified == datetime(2030, 11, 9, 17, 0, tzinfo=timezone.utc)
    assert props.title == "BÁO CÁO Kết quả thực hiện kế hoạch tuyên truyền cải cách hành chính năm 2030"
    assert props.author == "Sở Khoa học và Công nghệ" and props.language == "vi-VN"


# --- The unit's details from mkdocs.yml --------------------------------------------------------

def test_a_name_typed_decomposed_is_stored_composed():
    # Typed on a Mac (NFD), a name is stored as every other string is: NFC (the settings read from
    # mkdocs.yml likewise: tests/test_settings.py).
    decomposed = unicodedata.normalize("NFD", "Quảng Ngãi")
    assert ReportDetails().merged(place=decomposed).place == "Quảng Ngãi"


def test_options_given_replace_the_configured_ones_and_empty_ones_do_not():
    merged = DETAILS.merged(number="99/BC-X", signer_name=None, recipients=["A"])
    assert (merged.number, merged.signer_name, merged.recipients, merged.unit) == (
        "99/BC-X", "Nguyễn Văn Thử", ("A",), "Sở Khoa học và Công nghệ")


# --- The evidence as CSV -----------------------------------------------------------------------

def test_the_evidence_csv_opens_in_excel_with_vietnamese_intact(coverage):
    data = evidence_csv(coverage, SITE)
    assert data.startswith(b"\xef\xbb\xbf")   # the BOM Excel needs to read UTF-8
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    by_key = {}
    for row in rows[1:]:
        by_key.setdefault(row[1], []).append(row)
    assert [(r[5], r[6], r[8]) for r in by_key["II.1"]] == [
        ("Tin văn bản", "2030-03-03", f"{SITE}tin-tuc/2030/tin-văn-bản/"),
        ("Tin ngày 18 tháng 5", "2030-05-18", f"{SITE}tin-tuc/2030/tin-ngày-18-tháng-5/"),
        ("Phát thanh tháng 6", "2030-06-01", f"{SITE}tin-tuc/2030/phát-thanh-tháng-6/"),
    ]
    # Something with nothing published still has its row, so the spreadsheet shows it.
    assert by_key["II.2.2"] == [["II. Nội dung", "II.2.2", "Cải cách TTHC", "Chưa đến hạn"] + [""] * 6]
    assert "II.2" not in by_key                      # a parent's evidence is under its points
    assert [r[4:6] for r in by_key["III.3/bulletin"]] == [["Bản tin", "Bản tin số 1/2030: Khởi động"]]
    assert "Tin sau ngày báo cáo" not in data.decode("utf-8-sig")


# --- From the command line ----------------------------------------------------------------------

def test_the_cli_writes_the_report_and_csv_as_of_a_day_with_the_units_details(make_site, tmp_path):
    root = make_site({
        "content/news/2022/a.md": post(title="Tin trước ngày báo cáo", date="2022-03-03", topics="[II.1]"),
        "content/news/2022/b.md": post(title="Tin sau ngày báo cáo", date="2022-11-20", topics="[II.1]"),
    }, own_config=True)
    out = tmp_path / "bao-cao.docx"
    done = subprocess.run(
        [*CCHC, "coverage", "--root", str(root), "--year", "2022",
         "--as-of", "2022-11-10", "--docx", str(out), "--csv", str(tmp_path / "minh-chung.csv"),
         "--number", "07/BC-SKHCN", "--signer-name", "Trần Thị Thử", "--signer-title", "KT. Giám đốc\\nPhó Giám đốc"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1672506000"})  # both posts are published by then
    assert done.returncode == 1, done.stderr   # the shipped plan has overdue items on 10/11 here
    assert f"Đã ghi {out}" in done.stderr
    report = docx.Document(str(out))
    heading, closing = report.tables[0], report.tables[-1]
    # From mkdocs.yml (the project's): the unit and its parent, the place.
    assert lines(heading.cell(0, 0))[:2] == ["UBND TỈNH QUẢNG NGÃI", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    assert lines(heading.cell(1, 1)) == ["Quảng Ngãi, ngày 10 tháng 11 năm 2022"]
    # From the command line: the number and the signer.
    assert lines(heading.cell(1, 0)) == ["Số: 07/BC-SKHCN"]
    assert lines(closing.cell(0, 1)) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Thử"]
    text = "\n".join(lines(report))
    assert "“Tin trước ngày báo cáo”, đăng ngày 03/3/2022: https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/" in text
    assert "Tin sau ngày báo cáo" not in text
    evidence = (tmp_path / "minh-chung.csv").read_bytes().decode("utf-8-sig")
    assert "Tin trước ngày báo cáo" in evidence and "Tin sau ngày báo cáo" not in evidence


def test_the_cli_asks_for_a_year_when_there_are_several_plans(make_site, tmp_path):
    root = make_site({"content/plans/2023.yml": (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8")
                      .replace("year: 2022", "year: 2023").replace("2022-11-1", "2023-11-1")},
                     own_config=True)
    done = subprocess.run([*CCHC, "coverage", "--root", str(root),
                           "--docx", str(tmp_path / "r.docx")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "--docx và --csv báo cáo một kế hoạch: thêm --year (các năm có kế hoạch: 2023, 2022)" in done.stderr
    assert not (tmp_path / "r.docx").exists()


# --- As a signer sees it: the 2022 report printed by LibreOffice --------------------------------

def pdf_pages(document: Path, folder: Path) -> list[str]:
    """The pages of ``document`` converted to PDF by LibreOffice, as text laid out like the page
    (poppler's pdftotext -layout). Both programs are Debian's, installed by .ci/run."""
    require(shutil.which("soffice") is not None, "no soffice on PATH (apt-get install libreoffice-writer-nogui)")
    require(shutil.which("pdftotext") is not None, "no pdftotext on PATH (apt-get install poppler-utils)")
    profile = folder / "libreoffice-profile"   # its own, so that runs side by side do not share one
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(folder), str(document)],
                          capture_output=True, text=True, timeout=240)
    pdf = folder / f"{document.stem}.pdf"
    assert pdf.exists(), done.stdout + done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture(scope="module")
def printed_2022(tmp_path_factory) -> list[str]:
    """The shipped site's 2022 report, as of the units' deadline, printed."""
    folder = tmp_path_factory.mktemp("printed")
    out = folder / "bao-cao-2022.docx"
    done = subprocess.run([*CCHC, "coverage", "--root", str(PROJECT), "--year", "2022", "--as-of", "2022-11-10",
                           "--docx", str(out)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1672506000"})
    assert out.exists(), done.stderr
    return pdf_pages(out, folder)


def columns(line: str) -> list[str]:
    """The pieces of a laid-out line that stand apart (two spaces or more between them)."""
    return [piece for piece in re.split(r"\s{2,}", line.strip()) if piece]


@pytest.mark.site
def test_printed_the_heading_keeps_the_units_name_and_the_motto_each_on_one_line(printed_2022):
    heading = [columns(line) for line in printed_2022[0].splitlines()[:6] if line.strip()]
    assert heading[0] == ["UBND TỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    # Never "SỞ KHOA / HỌC VÀ / CÔNG / NGHỆ", nor "Độc lập - Tự do - Hạnh / phúc".
    assert heading[1] == ["SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Độc lập - Tự do - Hạnh phúc"]
    assert heading[2][0].startswith("Số:") and heading[2][1].startswith("Quảng Ngãi, ngày 10 tháng 11 năm 2022")


@pytest.mark.site
def test_printed_pages_are_numbered_at_the_top_from_page_2(printed_2022):
    assert len(printed_2022) >= 3
    tops = [next(line.strip() for line in page.splitlines() if line.strip()) for page in printed_2022]
    assert tops[0].startswith("UBND TỈNH QUẢNG NGÃI")   # no number on the first page
    assert tops[1:] == [str(number) for number in range(2, len(printed_2022) + 1)]


@pytest.mark.site
def test_printed_the_body_names_forms_and_channels_in_vietnamese_and_the_evidence_is_in_the_annex(printed_2022):
    text = "\n".join(printed_2022)
    # No internal key: neither III.3/tv nor a bare channel or quota id.
    assert not re.findall(r"\b[IVX]+\.\d+(?:\.\d+)*/\w+", text)
    assert not re.findall(r"(?<![\w/-])(?:tv|radio|newspaper|bulletin)(?![\w/-])", text)
    assert "Chuyên mục trên sóng truyền hình" in text
    annex = next(i for i, page in enumerate(printed_2022) if "DANH SÁCH TIN BÀI, BẢN TIN MINH CHỨNG" in page)
    signed = next(i for i, page in enumerate(printed_2022) if "Nơi nhận:" in page)
    assert signed < annex
    # The body is short and names no page; every address is in the annex.
    assert annex <= 4
    assert not [page for page in printed_2022[:annex] if "https://" in page]
    assert "https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/" in "\n".join(printed_2022[annex:])
