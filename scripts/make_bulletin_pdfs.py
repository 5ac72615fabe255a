"""Make the sample bulletins' PDFs and SVG covers from their .md files.

    python scripts/make_bulletin_pdfs.py            # write every PDF and cover named in the .md files
    python scripts/make_bulletin_pdfs.py --check    # exit 1 if a committed file differs from what it makes

The PDFs are written by hand, with the standard library only: PDF 1.4, one A4 page, the two
standard Helvetica fonts. Those fonts cannot draw Vietnamese letters, so the page text is
transliterated to ASCII ("Bản tin" -> "Ban tin"); the document's properties (title, subject)
keep the diacritics, as PDF text strings may be UTF-16. The output depends only on the .md
files: no clock, no random ids, so the committed PDFs can be checked against the script.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the script runs from a checkout, installed or not

from cchc.content import source  # noqa: E402
from cchc.content.bulletins import BULLETIN_DIR, NewsIndex, post_reference  # noqa: E402
from cchc.dates import parse_when, vn_date  # noqa: E402
from cchc.content.news import NEWS_DIR, check_post  # noqa: E402
from cchc.content.plan import load_plans  # noqa: E402

PUBLISHER = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
SECTION = "Chuyên mục tuyên truyền cải cách hành chính"

# A4 in points, and the text column.
PAGE_W, PAGE_H = 595, 842
LEFT, RIGHT = 56, 539

# Advance widths of Helvetica (from its AFM), in 1/1000 em, for ASCII 32..126.
_HELVETICA = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
# Helvetica-Bold is a little wider; measuring it as 10% wider keeps lines inside the column.
_BOLD_FACTOR = 1.10
# Punctuation outside ASCII that editors type, spelled the ASCII way.
_ASCII_PUNCTUATION = str.maketrans({
    "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " ",
    "đ": "d", "Đ": "D",
})
# Cover colours, one per issue in turn; white text on each is above 7:1.
_COVER_COLOURS = ("#0b4a8b", "#8a1c00", "#1b5e20", "#4a148c", "#004d40", "#5d4037")


@dataclass(frozen=True)
class Issue:
    """What the PDF and the cover of one issue show, read from its .md file."""

    md: Path
    number: int
    date: datetime
    title: str
    articles: tuple[str, ...]
    pdf: Path
    cover: Path | None

    @property
    def label(self) -> str:
        return f"Bản tin số {self.number}/{self.date.year}"


def ascii_text(text: str) -> str:
    """Vietnamese to plain ASCII for the standard PDF fonts: "Đẩy mạnh" -> "Day manh"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ASCII_PUNCTUATION))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if " " <= c <= "~" else "?" for c in plain)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ASCII ``text`` set in Helvetica at ``size``."""
    units = sum(_HELVETICA[ord(c) - 32] for c in text)
    return units * size / 1000 * (_BOLD_FACTOR if bold else 1)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(lines[-1] + " " + word, size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def pdf_string(text: str) -> bytes:
    """A PDF literal string of ASCII text, escaped."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("ascii") + b")"


def pdf_text_string(text: str) -> bytes:
    """A PDF text string that keeps any Unicode: UTF-16BE with a byte-order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(moment: datetime) -> bytes:
    """A PDF date, D:YYYYMMDDHHmmSS+07'00'."""
    offset = moment.strftime("%z")
    return f"(D:{moment:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}')".encode("ascii")


class PageText:
    """The drawing operators of one page: text lines and rules, top to bottom."""

    def __init__(self) -> None:
        self.ops: list[bytes] = []

    def text(self, x: float, y: float, text: str, size: float, bold: bool = False,
             colour: tuple[float, float, float] = (0, 0, 0)) -> None:
        font = b"/F2" if bold else b"/F1"
        rgb = " ".join(f"{c:.3f}" for c in colour).encode()
        self.ops.append(b"BT " + rgb + b" rg " + font + f" {size:g} Tf {x:g} {y:g} Td ".encode()
                        + pdf_string(ascii_text(text)) + b" Tj ET")

    def rule(self, y: float, colour: tuple[float, float, float], width: float = 0.8) -> None:
        rgb = " ".join(f"{c:.3f}" for c in colour).encode()
        self.ops.append(rgb + f" RG {width:g} w {LEFT} {y:g} m {RIGHT} {y:g} l S".encode())

    def stream(self) -> bytes:
        return b"\n".join(self.ops) + b"\n"


def pdf_document(content: bytes, info: dict[str, bytes]) -> bytes:
    """A one-page PDF 1.4 file with Helvetica and Helvetica-Bold, and an exact xref table."""
    info_entries = b" ".join(b"/" + key.encode("ascii") + b" " + value for key, value in info.items())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Lang (vi) >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] ".encode()
        + b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"endstream",
        b"<< " + info_entries + b" >>",
    ]
    # The second line's high bytes tell tools the file is binary, as the PDF spec advises.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"  # every entry is exactly 20 bytes, end of line included
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    file_id = hashlib.md5(bytes(out)).hexdigest().upper().encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R ".encode()
            + b"/ID [<" + file_id + b"> <" + file_id + b">] >>\n")
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def bulletin_pdf(issue: Issue) -> bytes:
    """The issue's PDF: masthead, number and date, title, then the numbered contents."""
    blue, grey = (0.043, 0.290, 0.545), (0.30, 0.33, 0.36)
    page = PageText()
    page.text(LEFT, 790, PUBLISHER.upper(), 9, colour=grey)
    page.text(LEFT, 766, "BẢN TIN CẢI CÁCH HÀNH CHÍNH", 20, bold=True, colour=blue)
    page.text(LEFT, 745, f"Số {issue.number}/{issue.date.year} - ngày {vn_date(issue.date)}", 11)
    page.rule(735, blue, 1.2)
    y = 708
    for line in wrap(ascii_text(issue.title), 15, RIGHT - LEFT, bold=True):
        page.text(LEFT, y, line, 15, bold=True)
        y -= 19
    y -= 12
    page.text(LEFT, y, "NỘI DUNG SỐ NÀY", 12, bold=True, colour=blue)
    y -= 22
    for number, article in enumerate(issue.articles, start=1):
        page.text(LEFT, y, f"{number}.", 11)
        for line in wrap(ascii_text(article), 11, RIGHT - LEFT - 18):
            page.text(LEFT + 18, y, line, 11)
            y -= 15
        y -= 6
    page.rule(64, grey, 0.5)
    page.text(LEFT, 50, f"{SECTION} - {PUBLISHER}", 8, colour=grey)
    page.text(LEFT, 38, "Bản PDF này viết không dấu; bản đầy đủ có dấu xem trên trang Bản tin "
                        "của chuyên mục.", 8, colour=grey)
    when = pdf_date(issue.date)
    info = {
        "Title": pdf_text_string(f"{issue.label}: {issue.title}"),
        "Author": pdf_text_string(PUBLISHER),
        "Subject": pdf_text_string(SECTION),
        "Creator": b"(scripts/make_bulletin_pdfs.py)",
        "CreationDate": when,
        "ModDate": when,
    }
    return pdf_document(page.stream(), info)


def cover_svg(issue: Issue) -> str:
    """A small A4-shaped SVG cover: masthead, the issue's number and date, its title."""
    colour = _COVER_COLOURS[(issue.number - 1) % len(_COVER_COLOURS)]
    title_lines = textwrap.wrap(issue.title, 30)[:5]
    title = "\n".join(
        f'  <text x="105" y="{206 + 12 * i}" font-size="9">{escape(line)}</text>'
        for i, line in enumerate(title_lines))
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297" viewBox="0 0 210 297">
  <title>Trang bìa {escape(issue.label)}</title>
  <rect width="210" height="297" fill="{colour}"/>
  <rect x="10" y="10" width="190" height="277" fill="none" stroke="#ffffff" stroke-width="1.5"/>
  <g fill="#ffffff" font-family="Arial, Helvetica, sans-serif" text-anchor="middle">
  <text x="105" y="36" font-size="6.8">SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI</text>
  <text x="105" y="72" font-size="24" font-weight="bold">BẢN TIN</text>
  <text x="105" y="90" font-size="10" letter-spacing="1">CẢI CÁCH HÀNH CHÍNH</text>
  <text x="105" y="158" font-size="64" font-weight="bold">{issue.number}</text>
  <text x="105" y="180" font-size="11">Số {issue.number}/{issue.date.year} · ngày {vn_date(issue.date)}</text>
{title}
  </g>
</svg>
"""


def read_issues(root: Path) -> list[Issue]:
    """Every issue under content/bulletins, with article titles taken from the news they link."""
    plans, _ = load_plans(root)
    news_files = sorted(p.relative_to(root).as_posix() for p in (root / NEWS_DIR).rglob("*.md"))
    sizes = {p.relative_to(root).as_posix(): p.stat().st_size
             for p in (root / NEWS_DIR).rglob("*") if p.is_file()}
    posts = []
    for rel in news_files:
        doc, _ = source.read(root, rel)
        post, _ = check_post(doc, plans, sizes) if doc else (None, [])
        if post:
            posts.append(post)
    news = NewsIndex.of(posts, news_files)
    issues = []
    for md in sorted((root / BULLETIN_DIR).glob("*/*.md")):
        rel = md.relative_to(root).as_posix()
        doc, problems = source.read(root, rel)
        if doc is None or problems:
            raise SystemExit("\n".join(str(p) for p in problems))
        meta = doc.meta
        articles = []
        for entry in meta.get("contents") or []:
            entry = entry if isinstance(entry, dict) else {"title": entry}
            title = entry.get("title")
            if not title and isinstance(entry.get("post"), str):
                kind, key = post_reference(entry["post"], rel) or ("", "")
                post = (news.by_source if kind == "file" else news.by_url).get(key)
                title = post.title if post else None
            if not title:
                raise SystemExit(f"{rel}: an article has no title and no post to take it from")
            articles.append(" ".join(str(title).split()))
        issues.append(Issue(md, int(meta["number"]), parse_when(meta["date"]), " ".join(meta["title"].split()),
                            tuple(articles), md.parent / meta["pdf"],
                            md.parent / meta["cover"] if meta.get("cover") else None))
    return issues


def outputs(issue: Issue) -> list[tuple[Path, bytes]]:
    """The files the script makes for one issue, with their bytes."""
    files = [(issue.pdf, bulletin_pdf(issue))]
    if issue.cover is not None and issue.cover.suffix == ".svg":
        files.append((issue.cover, cover_svg(issue).encode("utf-8")))
    return files


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) every issue's PDF and cover; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    args = parser.parse_args(argv)
    stale = []
    for issue in read_issues(args.root):
        for path, data in outputs(issue):
            rel = path.relative_to(args.root)
            if args.check:
                if not path.is_file() or path.read_bytes() != data:
                    stale.append(rel)
                continue
            path.write_bytes(data)
            print(f"{rel}: {len(data)} bytes")
    for rel in stale:
        print(f"{rel}: differs from what the script makes; run scripts/make_bulletin_pdfs.py", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
