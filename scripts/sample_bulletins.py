"""Write the PDF of each sample bulletin under content/bulletins/ from its record: a developers'
tool, run once when the samples change; the PDFs it writes are committed.

    pip install fpdf2==2.8.3               # in the developer's venv, beside the project's lock
    python scripts/sample_bulletins.py     # rewrites content/bulletins/*/<pdf> of every record

fpdf2 is not a dependency of the project (neither lock has it): only this script uses it. The
text is set in DejaVu Sans from Debian's fonts-dejavu-core, which has every Vietnamese letter, and
embedded in the file. Each PDF says on every page that it is a sample, and carries the bulletin's
number, date, title and contents as its record gives them, with the summary of each post it links
to. The same records always give the same bytes: the file's date is the bulletin's date.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cchc.content.source import read  # noqa: E402  (after the project is on the path)
from cchc.dates import VIETNAM, vn_date  # noqa: E402

FONTS = Path("/usr/share/fonts/truetype/dejavu")
UNIT = "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI"
NAME = "BẢN TIN CẢI CÁCH HÀNH CHÍNH"
SAMPLE = ("BẢN MẪU: tệp này minh hoạ cách chuyên mục trình bày một số bản tin; đây không phải bản tin "
          "đã phát hành của Sở. Thay bằng tệp PDF của bản tin thật trước khi đăng.")
BLUE, GREY, AMBER = (11, 74, 139), (77, 84, 92), (107, 69, 0)


class Bulletin(FPDF):
    """An A4 bulletin whose every page is marked as a sample."""

    def __init__(self, label: str):
        super().__init__(format="A4")
        self.label = label
        self.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
        self.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, 20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"Bản mẫu · {self.label} · trang {self.page_no()}/{{nb}}", align="C")


def post_summary(reference: str) -> str:
    """The summary of the sample post a bulletin's contents line links to, when it names a file."""
    if not reference.startswith("content/"):
        return ""
    doc, problems = read(ROOT, reference)
    return "" if doc is None or problems else str(doc.meta.get("summary", "")).strip()


def write_bulletin(record: str) -> Path:
    """Write the PDF named by the bulletin record at ``record`` (a path from the project's root)."""
    doc, problems = read(ROOT, record)
    if doc is None or problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    meta = doc.meta
    day = meta["date"] if isinstance(meta["date"], date) else date.fromisoformat(str(meta["date"])[:10])
    label = f"Bản tin CCHC số {meta['number']}/{day.year}"
    pdf = Bulletin(label)
    pdf.set_lang("vi")
    pdf.set_title(f"{label}: {meta['title']} (bản mẫu)")
    pdf.set_author("Sở Khoa học và Công nghệ tỉnh Quảng Ngãi (dữ liệu mẫu)")
    pdf.set_subject("Bản tin cải cách hành chính, bản mẫu")
    pdf.set_creator("scripts/sample_bulletins.py")
    pdf.set_creation_date(datetime.combine(day, time(8), VIETNAM))
    pdf.add_page()

    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 5, UNIT, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 20)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 11, NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 6, f"Số {meta['number']}/{day.year} · ngày {vn_date(day)}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BLUE)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(6)

    # The notice, in a box of its own under the masthead: no reader can take the file for a real issue.
    pdf.set_draw_color(*AMBER)
    pdf.set_fill_color(255, 244, 220)
    pdf.set_text_color(*AMBER)
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(0, 5.5, SAMPLE, border=1, fill=True, padding=2.5, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)

    pdf.set_text_color(0, 0, 0)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, str(meta["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, " ".join(doc.body.split()), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    pdf.set_font("DejaVu", "B", 12)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 7, "NỘI DUNG SỐ NÀY", new_x="LMARGIN", new_y="NEXT")
    for index, entry in enumerate(meta.get("contents") or [], start=1):
        title = entry["title"] if isinstance(entry, dict) else str(entry)
        summary = post_summary(str(entry.get("post", ""))) if isinstance(entry, dict) else ""
        pdf.ln(2)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, f"{index}. {title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 5.5, summary or "Bài viết mẫu: nội dung được thay bằng bài của bản tin thật.",
                       new_x="LMARGIN", new_y="NEXT")
    out = ROOT / Path(record).parent / str(meta["pdf"])
    pdf.output(str(out))
    return out


def main() -> int:
    for record in sorted((ROOT / "content/bulletins").glob("*/*.md")):
        out = write_bulletin(record.relative_to(ROOT).as_posix())
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
