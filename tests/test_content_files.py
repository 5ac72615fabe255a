"""Files from content/ and docs/ that are published as they are: only real files inside those
folders, each what its name says (a PDF is a PDF, an SVG only a drawing)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest

from cchc.content.load import load_site
from cchc.dates import VIETNAM
from cchc.content.files import svg_problems
from conftest import PROJECT, post, run_build, site_config
from support.vietnamese import not_vietnamese

NOW = datetime(2023, 1, 1, tzinfo=VIETNAM)
ISSUE = ("---\nnumber: 1\ndate: 2022-02-25\ntitle: Bản tin số 1\npdf: so-1.pdf\n{cover}topics: [II.1]\n"
         "contents:\n  - Bài một\n---\n")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
CLEAN_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>B\xc3\xaca</title>'
             b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
             b'<rect width="10" height="10" fill="url(#g)"/><text x="1" y="5">S\xe1\xbb\x91 1</text></svg>')


def messages(root) -> list[str]:
    problems = load_site(root, NOW).problems
    assert not_vietnamese(problems) == []
    return [str(p) for p in problems]


# Symbolic links: nothing is read or published through one.

def test_a_linked_pdf_outside_content_is_refused_and_not_published(make_site, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(PDF + b"machine secret")
    root = make_site({"content/bulletins/2022/01.md": ISSUE.format(cover="")})
    os.symlink(secret, root / "content/bulletins/2022/so-1.pdf")
    found = messages(root)
    assert ("content/bulletins/2022/so-1.pdf:1: Tệp: là liên kết tượng trưng (symbolic link) tới một tệp ngoài "
            "content/; liên kết không bao giờ được đọc hay đăng: hãy đặt chính tệp đó vào đây thay cho liên kết"
            ) in found
    built = run_build(root)
    assert built.returncode != 0
    assert not (built.site / "ban-tin/2022/so-1.pdf").exists()


def test_a_linked_folder_or_form_in_the_procedures_is_refused(make_site, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "mau.docx").write_bytes(b"PK\x03\x04")
    root = make_site({"content/news/2022/a.md": post()})
    (root / "content/procedures/linh-vuc").mkdir(parents=True)
    os.symlink(outside, root / "content/procedures/mau-bieu")
    os.symlink(outside / "mau.docx", root / "content/procedures/linh-vuc/mau.docx")
    found = messages(root)
    assert any(m.startswith("content/procedures/mau-bieu:1: Tệp: là liên kết tượng trưng (symbolic link) tới "
                            "một thư mục ngoài content/") for m in found), found
    assert any(m.startswith("content/procedures/linh-vuc/mau.docx:1: Tệp: là liên kết tượng trưng (symbolic "
                            "link) tới một tệp ngoài content/") for m in found), found
    site = load_site(root, NOW)
    assert site.procedure_files == ()


def test_a_link_to_a_file_inside_content_is_refused_too(make_site):
    root = make_site({"content/news/2022/a.md": post(), "content/news/2022/anh.png": b"\x89PNG"})
    os.symlink(root / "content/news/2022/anh.png", root / "content/news/2022/anh-2.png")
    assert any(m.startswith("content/news/2022/anh-2.png:1: Tệp: là liên kết tượng trưng (symbolic link) tới "
                            "một tệp trong content/") for m in messages(root))
    assert "content/news/2022/anh-2.png" not in load_site(root, NOW).assets


def test_a_linked_plan_is_not_read(make_site, tmp_path):
    root = make_site({"content/news/2022/a.md": post()}, plan=False)
    (root / "content/plans").mkdir(parents=True)
    os.symlink(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    site = load_site(root, NOW)
    assert site.plans == {}
    assert any(m.startswith("content/plans/2022.yml:1: Tệp: là liên kết tượng trưng (symbolic link) tới một "
                            "tệp ngoài content/")
               for m in messages(root))


def test_a_link_in_docs_stops_the_build(make_site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# Bí mật\n", encoding="utf-8")
    root = make_site({"content/news/2022/a.md": post()})
    shutil.copytree(PROJECT / "docs", root / "docs")
    os.symlink(secret, root / "docs/bi-mat.md")
    (root / "mkdocs.yml").write_text(site_config(root, config={"docs_dir": str(root / "docs")}), encoding="utf-8")
    built = run_build(root)
    assert built.returncode != 0
    assert ("docs/bi-mat.md:1: Tệp: là liên kết tượng trưng (symbolic link) tới một tệp ngoài docs/; liên kết "
            "không bao giờ được đọc hay đăng: hãy đặt chính tệp đó vào đây thay cho liên kết"
            ) in built.log_lines("ERROR")
    assert not (built.site / "bi-mat/index.html").exists()


# PDFs.

def test_a_bulletin_pdf_that_is_html_is_refused(make_site):
    root = make_site({"content/bulletins/2022/01.md": ISSUE.format(cover=""),
                      "content/bulletins/2022/so-1.pdf": b"<html><script>alert(1)</script></html>"})
    assert ("content/bulletins/2022/so-1.pdf:1: Tệp: không phải tệp PDF (tệp PDF bắt đầu bằng '%PDF-'); "
            "hãy xuất lại văn bản dạng PDF, hoặc sửa tên tệp") in messages(root)


def test_a_pdf_over_the_configured_limit_is_refused(make_site):
    root = make_site({"content/bulletins/2022/01.md": ISSUE.format(cover=""),
                      "content/bulletins/2022/so-1.pdf": PDF + b"0" * 300_000}, max_pdf_mb=0.25)
    built = run_build(root)
    assert built.returncode != 0
    assert ("content/bulletins/2022/so-1.pdf:1: Tệp: tệp nặng 0,3 MB, quá giới hạn 0,25 MB "
            "(extra.cchc.max_pdf_mb trong mkdocs.yml); hãy xuất lại với ảnh nhỏ hơn, hoặc nâng giới hạn"
            ) in built.log_lines("ERROR")


def test_a_pdf_under_the_limit_builds(make_site):
    root = make_site({"content/news/2022/a.md": post(),
                      "content/bulletins/2022/01.md": ISSUE.format(cover="cover: bia.svg\n"),
                      "content/bulletins/2022/so-1.pdf": PDF, "content/bulletins/2022/bia.svg": CLEAN_SVG})
    built = run_build(root)
    assert built.returncode == 0, built.log
    assert (built.site / "ban-tin/2022/so-1.pdf").read_bytes() == PDF
    assert (built.site / "ban-tin/2022/bia.svg").read_bytes() == CLEAN_SVG


def test_a_bad_pdf_limit_in_the_settings_is_reported(make_site):
    root = make_site({"content/news/2022/a.md": post()}, max_pdf_mb="lots")
    built = run_build(root)
    assert built.returncode != 0
    assert built.log_lines("ERROR") == [
        "mkdocs.yml:6: max_pdf_mb: cần một dung lượng tính bằng MB, lớn hơn 0, như 20; đang ghi 'lots'"]


# SVG: drawing only.

def test_the_shipped_covers_are_plain_drawings():
    covers = sorted((PROJECT / "content").rglob("*.svg"))
    assert covers
    for cover in covers:
        assert svg_problems(cover.read_bytes(), cover.name) == []


@pytest.mark.parametrize("svg, refused", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "có thẻ <script>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', "có thuộc tính onload="),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
     "có thẻ <foreignObject>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<use x:href="https://evil.example/a.svg#x"/></svg>', "có liên kết tới 'https://evil.example/a.svg#x'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/x)"/></svg>',
     "giá trị 'url(https://evil.example/x)'"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(x.css)</style></svg>', "có thẻ <style>"),
    (b'<?xml-stylesheet href="x.css"?><svg xmlns="http://www.w3.org/2000/svg"/>', "có chỉ thị"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"><text>&a;</text></svg>',
     "có khai báo <!DOCTYPE>"),
    (b'<html><body onload="x"/></html>', "có thẻ <html>"),
    (b"GIF89a not xml", "không đọc được tệp SVG"),
])
def test_an_svg_with_anything_but_drawing_is_refused(svg, refused):
    problems = svg_problems(svg, "content/bulletins/2022/bia.svg")
    assert len(problems) == 1 and problems[0].path == "content/bulletins/2022/bia.svg"
    assert refused in problems[0].message, problems[0].message


def test_an_svg_cover_with_a_script_fails_the_build_with_its_line(make_site):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="1"/>\n<script>alert(1)</script>\n</svg>'
    root = make_site({"content/bulletins/2022/01.md": ISSUE.format(cover="cover: bia.svg\n"),
                      "content/bulletins/2022/so-1.pdf": PDF, "content/bulletins/2022/bia.svg": svg})
    assert any(m.startswith("content/bulletins/2022/bia.svg:3: Tệp: có thẻ <script>, không được dùng")
               for m in messages(root)), messages(root)
