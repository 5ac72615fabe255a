"""The unit's report on the plan as a Word document in the layout of Decree 30/2020/NĐ-CP.

The document is built in code with python-docx: the issuing body and its parent top left, the
national motto top right (two fixed columns, a short rule under each), number and place-date
lines, the title and subject, then a short body: what was done per topic (section II) and per
form (section III), quotas against targets, what is pending or overdue, proposals; the recipients
and the signer; and the evidence, one line per post, in an annex (phụ lục) after the signature.
Pages are numbered at the top from page 2. What varies per unit (names, number, signer) comes from
``ReportDetails``; anything not given prints as a dotted placeholder that the unit fills in before
signing. The bytes are reproducible: no wall clock reaches the file."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from lxml.etree import SubElement

from ..config import BLANK, ReportDetails
from ..dates import VIETNAM, vn_date, vn_date_formal
from .coverage import OVERDUE, PENDING, STATUS_LABELS, Coverage, Item

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
EVIDENCE_SIZE = Pt(13)
EVIDENCE_STYLE, LINK_STYLE = "Evidence", "Evidence Link"
# Decree 30/2020, Appendix I: A4; margins top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
DOCUMENT_TYPE = "BÁO CÁO"
ANNEX_TITLE = "DANH SÁCH TIN BÀI, BẢN TIN MINH CHỨNG"
# The heading's two columns (Decree 30, Appendix I), together the text width (210 - 30 - 15 mm),
# without side padding: the national title, 12 pt bold, is 88 mm long in Times New Roman (and in
# Liberation Serif, which has its metrics); the unit's name "SỞ KHOA HỌC VÀ CÔNG NGHỆ", 13 pt
# bold, 70 mm. Each keeps one line, with 3 to 4 mm to spare.
HEADING_COLUMNS = (Cm(7.3), Cm(9.2))
HEADING_SIZES = {"parent": Pt(13), "unit": Pt(13), "title": Pt(12), "motto": Pt(14)}
# The rules under the unit's name (a third to half of the name) and under the motto (as long as
# its line, 60 mm at 14 pt); each is the bottom border of a paragraph of its own, 1 pt high, so
# the text above is never narrowed by the indents that centre the rule.
UNIT_RULE, MOTTO_RULE = Cm(3.0), Cm(6.0)
# The paragraph properties that precede w:pBdr in the schema (ECMA-376, CT_PPrBase).
_BEFORE_BORDERS = {qn(f"w:{tag}") for tag in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
                                               "widowControl", "numPr", "suppressLineNumbers")}
# The fixed moment written into the zip entries (the zip format cannot store earlier than 1980).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def report_subject(coverage: Coverage) -> str:
    """The subject line under BÁO CÁO: what the report is about."""
    title = coverage.plan.title
    return f"Kết quả thực hiện {title[0].lower()}{title[1:]}"


def docx_report(coverage: Coverage, details: ReportDetails, site_url: str = "") -> bytes:
    """The report of ``coverage`` as .docx bytes; the same input always gives the same bytes."""
    writer = _ReportWriter(coverage, details, site_url)
    return writer.write()


class _ReportWriter:
    """Lays out one report, top to bottom, in a fresh python-docx Document."""

    def __init__(self, coverage: Coverage, details: ReportDetails, site_url: str):
        self.coverage = coverage
        self.details = details
        self.site_url = site_url.rstrip("/")
        self.doc = Document()
        self._links: dict[str, str] = {}  # address -> relationship id, one per address

    def write(self) -> bytes:
        self._page_and_styles()
        self._page_numbers()
        self._heading_block()
        self._title_block()
        self._body()
        self._closing_block()
        self._annex()
        self._properties()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _fixed_zip(buffer.getvalue())

    # --- page, styles, properties ------------------------------------------------------------

    def _page_and_styles(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        # Word picks a font per script and prefers a theme font where one is named: every slot
        # is Times New Roman, in the defaults too, or Vietnamese letters may fall back to Calibri.
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        default_fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}") \
            if defaults is not None else None
        if default_fonts is not None:
            _times_new_roman(default_fonts)
        for name in ("Normal", "Table Grid"):
            style = self.doc.styles[name]
            style.font.name = FONT
            _times_new_roman(style.element.get_or_add_rPr().get_or_add_rFonts())
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), "vi-VN")
            style.element.get_or_add_rPr().append(lang)
        normal = self.doc.styles["Normal"]
        normal.font.size = BODY_SIZE
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        # Evidence lines carry their look in styles, not in each run: a year of posts is
        # thousands of lines, and formatting each run through python-docx was most of the time.
        evidence = self.doc.styles.add_style(EVIDENCE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        evidence.base_style = normal
        evidence.font.size = EVIDENCE_SIZE
        evidence.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        evidence.paragraph_format.first_line_indent = Cm(1.27)
        evidence.paragraph_format.space_after = Pt(2)
        link = self.doc.styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
        link.font.underline = True
        self._evidence_style, self._link_style = evidence.style_id, link.style_id

    def _page_numbers(self) -> None:
        """Decree 30: the page number centred in the top margin, 13-14 pt, not on the first page."""
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        # The first page's header exists and is empty (without one, a reader may repeat the other).
        section.first_page_header.is_linked_to_previous = False
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = self.run(para, "", size=BODY_SIZE)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
            if kind:
                SubElement(run._r, _TAG["w:fldChar"], {_TAG["w:fldCharType"]: kind})
            elif text:
                SubElement(run._r, _TAG["w:instrText"], {_XML_SPACE: "preserve"}).text = text
            else:
                _text(run._r, "2")  # shown until the reader updates the field

    def _properties(self) -> None:
        # Fixed to the report's day (midnight in Vietnam), never the moment the file is made.
        moment = datetime.combine(self.coverage.as_of, time(), VIETNAM).astimezone(timezone.utc).replace(tzinfo=None)
        props = self.doc.core_properties
        props.title = f"{DOCUMENT_TYPE} {report_subject(self.coverage)}"
        props.subject = self.coverage.plan.title
        props.author = props.last_modified_by = self.details.unit or ""
        props.keywords = "CCHC; báo cáo; kế hoạch tuyên truyền"
        props.language = "vi-VN"
        props.created = props.modified = moment
        props.revision = 1
        props.comments = f"Số liệu tính đến ngày {vn_date(self.coverage.as_of)}"

    # --- building blocks -----------------------------------------------------------------------

    def paragraph(self, text: str = "", *, container=None, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                  size: Pt = BODY_SIZE, bold: bool = False, italic: bool = False,
                  indent: bool = False, after: Pt = Pt(6)):
        """A paragraph of one run; body paragraphs are justified and 6 pt apart (Decree 30)."""
        target = container if container is not None else self.doc
        para = target.add_paragraph()
        para.alignment = align
        para.paragraph_format.space_after = after
        if indent:
            para.paragraph_format.first_line_indent = Cm(1.27)
        if text:
            self.run(para, text, size=size, bold=bold, italic=italic)
        return para

    @staticmethod
    def run(para, text: str, *, size: Pt = BODY_SIZE, bold: bool = False, italic: bool = False):
        """A run of ``text``; it writes only what differs from the Normal style (Times New Roman
        in every slot, BODY_SIZE, upright): each property through python-docx costs a search of
        the run's children, and setting all four was a third of the report's time."""
        run = para.add_run(text)
        if size != BODY_SIZE:
            run.font.size = size
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        return run

    def link(self, url: str):
        """A hyperlink whose text is the address: written out (the report is printed) and
        clickable in the file."""
        hyperlink = self.doc.element.body.makeelement(_TAG["w:hyperlink"], {_TAG["r:id"]: self._relationship(url)})
        run = SubElement(hyperlink, _TAG["w:r"])
        SubElement(SubElement(run, _TAG["w:rPr"]), _TAG["w:rStyle"], {_TAG["w:val"]: self._link_style})
        _text(run, url)
        return hyperlink

    def _relationship(self, url: str) -> str:
        """The id of the hyperlink relationship to ``url``, one per address."""
        rid = self._links.get(url)
        if rid is None:
            # python-docx's relate_to() searches every relationship for a duplicate first,
            # quadratic in the number of links; addresses are counted here instead.
            rid = self._links[url] = f"rIdLink{len(self._links) + 1}"
            self.doc.part.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, rid, is_external=True)
        return rid

    def rule_below(self, container, width, length) -> None:
        """A short solid line, ``length`` long, centred in ``width`` a little under the paragraph
        before it: the bottom border of an empty paragraph 1 pt high."""
        para = self.paragraph(container=container, align=WD_ALIGN_PARAGRAPH.CENTER, after=Pt(0))
        para.paragraph_format.space_before = Pt(3)  # clear of the dot under Ệ, Ọ, Ạ
        para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        para.paragraph_format.line_spacing = Pt(1)
        self.rule(para, (width - length) // 2)

    @staticmethod
    def rule(para, length: Pt | None = None) -> None:
        """A solid line under a centred line of text, drawn as the paragraph's bottom border;
        ``length`` narrows it to a centred segment."""
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        # Word rejects paragraph properties out of the schema's order: pBdr comes before spacing,
        # indentation and alignment, which python-docx has already written.
        properties = para._p.get_or_add_pPr()
        following = next((child for child in properties if child.tag not in _BEFORE_BORDERS), None)
        if following is None:
            properties.append(borders)
        else:
            following.addprevious(borders)
        if length is not None:
            para.paragraph_format.left_indent = para.paragraph_format.right_indent = length

    # --- the parts of the document -------------------------------------------------------------

    def _heading_block(self) -> None:
        """Decree 30, fields 1-4: issuing body (left), motto (right), number, place and date."""
        table = self.doc.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _column_widths(table, HEADING_COLUMNS)
        _no_side_padding(table)
        left, right, number, place = (_emptied(table.cell(r, c)) for r in (0, 1) for c in (0, 1))
        center = WD_ALIGN_PARAGRAPH.CENTER
        # A name given on two lines ("Sở Khoa học\nvà Công nghệ") keeps the break it was given.
        for line in self.details.text("parent").upper().splitlines():
            self.paragraph(line, container=left, align=center, size=HEADING_SIZES["parent"], after=Pt(0))
        for line in self.details.text("unit").upper().splitlines():
            self.paragraph(line, container=left, align=center, size=HEADING_SIZES["unit"], bold=True, after=Pt(0))
        self.rule_below(left, HEADING_COLUMNS[0], UNIT_RULE)
        self.paragraph(MOTTO[0], container=right, align=center, size=HEADING_SIZES["title"], bold=True, after=Pt(0))
        self.paragraph(MOTTO[1], container=right, align=center, size=HEADING_SIZES["motto"], bold=True, after=Pt(0))
        self.rule_below(right, HEADING_COLUMNS[1], MOTTO_RULE)
        line = self.paragraph(f"Số: {self.details.text('number')}", container=number, align=center, size=Pt(13),
                              after=Pt(0))
        line.paragraph_format.space_before = Pt(6)
        line = self.paragraph(f"{self.details.text('place')}, {vn_date_formal(self.coverage.as_of)}",
                              container=place, align=center, size=Pt(14), italic=True, after=Pt(0))
        line.paragraph_format.space_before = Pt(6)

    def _title_block(self) -> None:
        """Decree 30, field 5: the kind of document and its subject, a short line beneath."""
        center = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph(DOCUMENT_TYPE, align=center, bold=True, after=Pt(0)).paragraph_format.space_before = Pt(18)
        self.paragraph(report_subject(self.coverage), align=center, bold=True, after=Pt(0))
        self.paragraph(f"(Số liệu tính đến {vn_date_formal(self.coverage.as_of)})", align=center,
                       italic=True, after=Pt(0))
        self.rule(self.paragraph("", align=center, size=Pt(6), after=Pt(12)), Cm(6))

    def _body(self) -> None:
        """Decree 30, field 6, kept short: results per topic and form, what is pending or overdue,
        proposals. The evidence of each is listed in the annex."""
        coverage, plan = self.coverage, self.coverage.plan
        issuer = f" của {plan.issuer}" if plan.issuer else ""
        self.paragraph(f"Thực hiện {plan.title}{issuer}, {self._unit_name()} báo cáo kết quả thực hiện "
                       f"tính đến {vn_date_formal(coverage.as_of)} như sau:", indent=True)
        findings = coverage.findings()
        counts = {status: sum(f.status == status for f in findings) for status in (OVERDUE, PENDING)}
        self.paragraph("I. KẾT QUẢ THỰC HIỆN", bold=True)
        self.paragraph(f"Đã đăng {len(coverage.items)} tin bài, bản tin trong năm {plan.year}; "
                       f"{counts[OVERDUE]} nội dung quá hạn, {counts[PENDING]} nội dung chưa đến hạn "
                       f"(chi tiết tại mục II). Danh sách tin bài, bản tin minh chứng tại Phụ lục kèm theo.",
                       indent=True)
        self.paragraph("1. Nội dung tuyên truyền (mục II của Kế hoạch)", bold=True, indent=True)
        for entry in coverage.topics:
            para = self.paragraph(indent=True)
            self.run(para, f"{entry.topic.id}. {entry.topic.name}: ", bold=True)
            detail = "" if entry.mandated else " (tổng hợp các điểm dưới đây)"
            self.run(para, f"{STATUS_LABELS[entry.status]}; {len(entry.items)} tin bài, bản tin{detail}.")
        self.paragraph("2. Hình thức tuyên truyền (mục III của Kế hoạch)", bold=True, indent=True)
        for entry in coverage.forms:
            form = entry.form
            para = self.paragraph(indent=True)
            self.run(para, f"{form.id}. {form.title}", bold=True)
            lead = f"; chủ trì: {'; '.join(form.lead)}" if form.lead else ""
            self.run(para, f" (thời gian thực hiện: {vn_date(form.start)} - {vn_date(form.end)}{lead}): "
                           f"{STATUS_LABELS[entry.status]}")
            if entry.quotas:
                self.run(para, "; kết quả theo chỉ tiêu:")
                self._quota_table(entry)
            else:
                self.run(para, f"; {len(entry.items)} tin bài.")
            if entry.outside:
                self.paragraph(f"Không tính {len(entry.outside)} tin bài đăng ngoài thời gian thực hiện.",
                               indent=True, italic=True)
        self.paragraph("II. NỘI DUNG CHƯA THỰC HIỆN, QUÁ HẠN", bold=True)
        if not findings:
            self.paragraph("Tất cả nội dung, hình thức và chỉ tiêu của Kế hoạch đã được thực hiện.", indent=True)
        for finding in findings:
            para = self.paragraph(indent=True)
            self.run(para, f"- {STATUS_LABELS[finding.status]}: ", bold=True)
            self.run(para, f"{self._finding_name(finding.id, finding.title)}: {finding.message_vi}.")
        self.paragraph("III. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
        self.paragraph(f"{BLANK}{BLANK}{BLANK}", indent=True)
        self.paragraph(f"Trên đây là báo cáo kết quả thực hiện {plan.title[0].lower()}{plan.title[1:]} "
                       f"của {self._unit_name()}./.", indent=True)

    def _finding_name(self, key: str, title: str) -> str:
        """What a finding is about, as the plan names it: a topic or form by its number in the
        plan, a quota by its form's number and its own title (its key, like III.3/tv, is the
        site's, not the plan's)."""
        form, _, quota = key.partition("/")
        if quota:
            return f"Mục {form}, chỉ tiêu “{title}”"
        return f"Mục {key}. {title}"

    def _annex(self) -> None:
        """The evidence, after the signature (Decree 30: a list that would lengthen the body goes
        to an annex): the annex's name, its title and the report it goes with, then one line per
        post under each topic, form and quota."""
        coverage, center = self.coverage, WD_ALIGN_PARAGRAPH.CENTER
        start = self.paragraph("Phụ lục", align=center, bold=True, after=Pt(0))
        start.paragraph_format.page_break_before = True
        self.paragraph(ANNEX_TITLE, align=center, bold=True, after=Pt(0))
        self.paragraph(f"(Kèm theo Báo cáo số {self.details.text('number')} {vn_date_formal(coverage.as_of)} "
                       f"của {self._unit_name()})", align=center, italic=True, after=Pt(0))
        self.rule(self.paragraph("", align=center, size=Pt(6), after=Pt(12)), Cm(6))
        self.paragraph("I. NỘI DUNG TUYÊN TRUYỀN (MỤC II CỦA KẾ HOẠCH)", bold=True)
        for entry in coverage.topics:
            if entry.mandated:
                self._annex_heading(f"{entry.topic.id}. {entry.topic.name}", entry.items)
        self.paragraph("II. HÌNH THỨC TUYÊN TRUYỀN (MỤC III CỦA KẾ HOẠCH)", bold=True)
        for entry in coverage.forms:
            form = entry.form
            if entry.quotas:
                self.paragraph(f"{form.id}. {form.title}", bold=True, indent=True)
                for quota in entry.quotas:
                    self._annex_heading(f"- {quota.quota.title} ({quota.done}/{quota.quota.target})", quota.items,
                                        bold=False)
            else:
                self._annex_heading(f"{form.id}. {form.title}", entry.items)
            if entry.outside:
                self.paragraph(f"Không tính {len(entry.outside)} tin bài đăng ngoài thời gian thực hiện:",
                               indent=True, italic=True)
                self._evidence(entry.outside)

    def _annex_heading(self, name: str, items: tuple[Item, ...], bold: bool = True) -> None:
        """One entry of the annex: its name and count, then its evidence lines."""
        para = self.paragraph(indent=True)
        self.run(para, name, bold=bold)
        self.run(para, f": {len(items)} tin bài, bản tin" + (":" if items else "."))
        self._evidence(items)

    def _unit_name(self) -> str:
        # The unit's name in running text: as configured, not upper-cased like the heading.
        return " ".join(self.details.unit.split()) if self.details.unit else "đơn vị"

    def _evidence(self, items: tuple[Item, ...]) -> None:
        """One line per published item: title, date, address. A year's lines are written as XML
        text and parsed at once (built element by element they were most of the report's time),
        before the section's properties: python-docx's add_paragraph() looks for them from the
        top of the body each time, quadratic in the length of the report."""
        if not items:
            return
        lines = []
        for item in items:
            url = self._address(item)
            lines.append(_EVIDENCE_LINE.format(style=self._evidence_style, link_style=self._link_style,
                                               text=_xml_text(f"+ “{item.title}”, đăng ngày {vn_date(item.day)}: "),
                                               rid=self._relationship(url), url=_xml_text(url)))
        end = self.doc.element.body.sectPr
        for para in parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(lines)}</w:body>"):
            end.addprevious(para)

    def _address(self, item: Item) -> str:
        return f"{self.site_url}/{item.url}" if self.site_url else item.url

    def _quota_table(self, entry) -> None:
        """Quotas against targets: one row per counted target."""
        headers = ("Chỉ tiêu", "Kế hoạch", "Đã thực hiện", f"Cần đạt đến {vn_date(self.coverage.as_of)}",
                   "Trạng thái")
        table = self.doc.add_table(rows=1 + len(entry.quotas), cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        rows = [headers] + [(q.quota.title, str(q.quota.target), str(q.done), str(q.expected),
                             STATUS_LABELS[q.status]) for q in entry.quotas]
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.CENTER
                self.run(para, value, size=Pt(13), bold=r == 0)
        self.paragraph("", size=Pt(6), after=Pt(0))

    def _closing_block(self) -> None:
        """Decree 30, fields 7-9: recipients (left) and the signer's title and name (right)."""
        table = self.doc.add_table(rows=1, cols=2)
        _column_widths(table, (Cm(8), Cm(8.5)))
        left, right = _emptied(table.cell(0, 0)), _emptied(table.cell(0, 1))
        start = self.paragraph("Nơi nhận:", container=left, align=WD_ALIGN_PARAGRAPH.LEFT, size=Pt(12),
                               bold=True, italic=True, after=Pt(0))
        start.paragraph_format.space_before = Pt(12)
        recipients = list(self.details.recipients) or [BLANK, f"Lưu: VT, {BLANK}"]
        for index, line in enumerate(recipients):
            end = "." if index == len(recipients) - 1 else ";"
            self.paragraph(f"- {line.rstrip(';.')}{end}", container=left, align=WD_ALIGN_PARAGRAPH.LEFT,
                           size=Pt(11), after=Pt(0))
        center = WD_ALIGN_PARAGRAPH.CENTER
        lines = self.details.text("signer_title").upper().splitlines()
        for index, line in enumerate(lines):
            para = self.paragraph(line, container=right, align=center, bold=True, after=Pt(0))
            if index == 0:
                para.paragraph_format.space_before = Pt(12)
        # Room for the signature and the seal above the name.
        name = self.paragraph(self.details.text("signer_name"), container=right, align=center, bold=True, after=Pt(0))
        name.paragraph_format.space_before = Pt(72)


# Evidence lines are built with lxml directly (python-docx's OxmlElement makes a namespace map
# for each element): the Clark names of the few tags and attributes they use.
_TAG = {name: qn(name) for name in ("w:p", "w:r", "w:rPr", "w:rStyle", "w:pPr", "w:pStyle", "w:t", "w:val",
                                    "w:hyperlink", "r:id", "w:fldChar", "w:fldCharType", "w:instrText")}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# One evidence line: its text, then its address as a link (the elements _text and link make).
_EVIDENCE_LINE = ('<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
                  '<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="{link_style}"/></w:rPr>'
                  '<w:t xml:space="preserve">{url}</w:t></w:r></w:hyperlink></w:p>')


def _xml_text(text: str) -> str:
    """``text`` as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _text(run, text: str) -> None:
    """Add ``text`` to ``run``, spaces kept."""
    SubElement(run, _TAG["w:t"], {_XML_SPACE: "preserve"}).text = text


def _times_new_roman(fonts) -> None:
    """Set every script's font of a w:rFonts element, and drop the theme fonts that win over them."""
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for theme_slot in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_slot), None)


def _column_widths(table, widths) -> None:
    """Fixed column widths, in the grid and in every cell (Word reads one, LibreOffice the other)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _no_side_padding(table) -> None:
    """No left or right padding in the table's cells: the columns' whole width is for the text."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        SubElement(margins, qn(f"w:{side}"), {qn("w:w"): "0", qn("w:type"): "dxa"})
    properties = table._tbl.tblPr
    # In the schema's order: after the layout, before the look (CT_TblPr).
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def _emptied(cell):
    """The cell without the empty paragraph python-docx starts it with (we add our own)."""
    for para in cell.paragraphs:
        para._p.getparent().remove(para._p)
    return cell


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every entry dated _ZIP_TIME: python-docx stamps the current time."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
