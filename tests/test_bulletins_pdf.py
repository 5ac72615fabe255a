"""The sample bulletins' PDFs and covers: small, well-formed files a PDF reader opens, made
reproducibly by scripts/make_bulletin_pdfs.py from the bulletins' own .md files."""

import importlib.util
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
import yaml

from cchc.dates import VIETNAM
from conftest import PROJECT

BUL = PROJECT / "content/bulletins/2022"
SHIPPED = sorted(BUL.glob("*.md"))


def load_script():
    spec = importlib.util.spec_from_file_location("make_bulletin_pdfs", PROJECT / "scripts/make_bulletin_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


script = load_script()


def front(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def xref_problems(data: bytes) -> list[str]:
    """What a PDF reader would stumble on in the file's structure (empty when it is sound)."""
    problems = []
    if not data.startswith(b"%PDF-1.4\n"):
        problems.append("no %PDF-1.4 header")
    if not data.rstrip().endswith(b"%%EOF"):
        problems.append("no %%EOF at the end")
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    if not data[start:].startswith(b"xref\n"):
        return problems + [f"startxref {start} does not point at the xref table"]
    first, count = map(int, re.match(rb"xref\n(\d+) (\d+)\n", data[start:]).groups())
    table = data[start:].split(b"\n", 2)[2]
    entries = [table[i * 20:(i + 1) * 20] for i in range(count)]
    if entries[0] != b"0000000000 65535 f \n":
        problems.append("entry 0 is not the free-list head")
    for number, entry in enumerate(entries[1:], start=first + 1):
        if not re.fullmatch(rb"\d{10} 00000 n \n", entry):
            problems.append(f"entry {number} is not 20 bytes of 'offset 00000 n': {entry!r}")
            continue
        offset = int(entry[:10])
        if not data[offset:].startswith(f"{number} 0 obj\n".encode()):
            problems.append(f"object {number} is not at offset {offset}")
    trailer = data[start:].split(b"trailer", 1)[1]
    if f"/Size {count}".encode() not in trailer or b"/Root 1 0 R" not in trailer:
        problems.append("trailer /Size or /Root is wrong")
    for length, stream in re.findall(rb"/Length (\d+) >>\nstream\n(.*?)endstream", data, re.DOTALL):
        if int(length) != len(stream):
            problems.append(f"stream /Length {int(length)} but {len(stream)} bytes")
    return problems


@pytest.mark.parametrize("md", SHIPPED, ids=lambda p: p.name)
def test_each_shipped_pdf_is_a_small_sound_one_page_pdf_of_its_issue(md):
    meta = front(md)
    data = (md.parent / meta["pdf"]).read_bytes()
    assert len(data) < 10 * 1024
    assert xref_problems(data) == []
    assert b"/Type /Pages /Kids [3 0 R] /Count 1" in data
    # The page says which issue it is, and its properties keep the Vietnamese title.
    assert f"(So {meta['number']}/2022 - ngay ".encode() in data
    assert script.pdf_text_string(f"Bản tin số {meta['number']}/2022: {meta['title']}") in data
    for entry in meta["contents"]:
        title = entry if isinstance(entry, str) else entry["title"]
        first_words = " ".join(script.ascii_text(title).split()[:4])
        assert script.pdf_string(first_words)[:-1] in data, title


def test_the_committed_pdfs_and_covers_are_what_the_script_makes():
    done = subprocess.run([sys.executable, str(PROJECT / "scripts/make_bulletin_pdfs.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_the_script_makes_the_same_bytes_every_time():
    issues = script.read_issues(PROJECT)
    assert len(issues) == 6
    assert [script.outputs(i) for i in issues] == [script.outputs(i) for i in script.read_issues(PROJECT)]


@pytest.mark.parametrize("md", SHIPPED, ids=lambda p: p.name)
def test_each_cover_is_an_svg_that_refers_to_nothing_else(md):
    meta = front(md)
    svg = ET.parse(md.parent / meta["cover"]).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert str(meta["number"]) in texts and "BẢN TIN" in texts
    for element in svg.iter():
        assert not any(name.endswith("href") for name in element.attrib), element.tag


def test_vietnamese_is_spelled_in_ascii_for_the_standard_fonts():
    assert script.ascii_text("Đẩy mạnh “cải cách” – Quảng Ngãi…") == 'Day manh "cai cach" - Quang Ngai...'
    assert script.ascii_text("Sở KH&CN ½") == "So KH&CN ?"


def test_text_strings_are_escaped_and_unicode_properties_survive():
    assert script.pdf_string(r"a (b) \c") == rb"(a \(b\) \\c)"
    assert script.pdf_text_string("Sở") == b"<FEFF00531EDF>"
    assert script.pdf_date(datetime(2022, 2, 25, tzinfo=VIETNAM)) == b"(D:20220225000000+07'00')"


def test_long_titles_wrap_inside_the_page_and_odd_characters_keep_the_file_sound():
    issue = script.Issue(BUL / "x.md", 7, datetime(2022, 12, 30, tzinfo=VIETNAM),
                         "Tiêu đề (rất) dài \\ " * 12, tuple(f"Bài {n} (số {n})" for n in range(1, 9)),
                         BUL / "x.pdf", None)
    data = script.bulletin_pdf(issue)
    assert xref_problems(data) == []
    widths = [script.text_width(line, 15, bold=True)
              for line in script.wrap(script.ascii_text(issue.title), 15, script.RIGHT - script.LEFT, bold=True)]
    assert len(widths) > 1 and max(widths) <= script.RIGHT - script.LEFT


def test_the_structure_check_itself_catches_a_broken_file():
    data = (BUL / front(SHIPPED[0])["pdf"]).read_bytes()
    shifted = data.replace(b"%PDF-1.4\n", b"%PDF-1.4\n\n", 1)  # every offset now one byte off
    assert xref_problems(shifted) == ["startxref 2796 does not point at the xref table"]
    assert xref_problems(data.replace(b"0000000015 00000 n", b"0000000016 00000 n")) == [
        "object 1 is not at offset 16"]
    length = int(re.search(rb"/Length (\d+)", data).group(1))
    other = length - 1 if len(str(length - 1)) == len(str(length)) else length + 1  # offsets stay put
    wrong = data.replace(f"/Length {length}".encode(), f"/Length {other}".encode())
    assert xref_problems(wrong) == [f"stream /Length {other} but {length} bytes"]
