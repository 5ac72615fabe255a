"""Links in editors' Markdown: a link that leads nowhere stops the checker and the build at the same
line with the same Vietnamese words; what only rendering finds (a #part) is said in those words too."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings, strategies as st

from cchc.content.links import Link, link_problem, link_problems, links_in
from cchc_mkdocs import cli, link_warnings
from conftest import fuzz_examples, post, run_build
from support.vietnamese import english_words

POST = "content/news/2022/a.md"
PUBLISHED = {POST, "content/news/2022/b.md", "content/news/2022/anh.png", "gioi-thieu.md",
             "content/procedures/linh-vuc/thu-tuc.md", "content/procedures/linh-vuc/don.docx"}
HELD_BACK = {"content/news/2022/nhap.md"}


def test_links_are_found_in_every_markdown_form_with_their_lines_and_never_in_code():
    body = ("Xem [bài](b.md) và ![ảnh](anh.png \"chú thích\").\n"
            "Tải [mẫu](<mẫu đơn.docx>), [tệp](ten_(1).pdf).\n"
            "`[không phải](x.md)` và\n"
            "```\n[cũng không](y.md)\n```\n<!-- [ghi chú](z.md) -->\n"
            "[tham chiếu][r]\n\n"
            "[r]: ../2021/c.md\n")
    assert list(links_in(body)) == [Link("b.md", 1), Link("anh.png", 1), Link("mẫu đơn.docx", 2),
                                    Link("ten_(1).pdf", 2), Link("../2021/c.md", 10)]
    assert list(links_in("Không có liên kết nào.")) == []
    assert sorted(markdown_targets(body)) == sorted(link.target for link in links_in(body))


@pytest.mark.parametrize("target", ["https://dichvucong.gov.vn/p/home", "mailto:vanthu@example.gov.vn",
                                    "tel:02553822000", "//example.gov.vn/x", "#muc-1", "?a=1",
                                    "b.md", "b.md#muc", "anh.png", "../../../gioi-thieu.md",
                                    "../../procedures/linh-vuc/thu-tuc.md", "b.md?x=1"])
def test_a_link_to_another_site_an_anchor_or_a_published_file_is_accepted(target):
    assert link_problem(POST, target, PUBLISHED, HELD_BACK) is None


@pytest.mark.parametrize(("target", "words"), [
    ("/cchc/ke-hoach/2022/", "bắt đầu bằng '/'"),
    ("../../ke-hoach/2022/", "trỏ tới một thư mục hay một địa chỉ"),
    ("///cchc/x.md", "bắt đầu bằng '/'"),
    ("\x01//[x", "không đọc được như một địa chỉ"),
    ("c.md", "không dẫn tới tệp nào của chuyên mục (tìm ở 'content/news/2022/c.md')"),
    ("../../../../mkdocs.yml", "không dẫn tới tệp nào"),
    ("nhap.md", "chưa được đăng (bản nháp hoặc chưa tới ngày đăng)"),
    ("B.md", "không dẫn tới tệp nào"),
])
def test_a_link_that_leads_nowhere_is_refused_with_a_way_to_write_it(target, words):
    message = link_problem(POST, target, PUBLISHED, HELD_BACK)
    assert message is not None and words in message, message
    assert english_words(message) == []
    assert "https://" in message or "đăng tệp đó" in message


@pytest.mark.parametrize(("body", "targets"), [
    ("[mẫu](mau don.docx) và [tệp](<tệp 1.pdf>)", ["mau don.docx", "tệp 1.pdf"]),
    ("[a](foo\\_bar.pdf) [b](x\\(1\\).md) \\[không](c.md)", ["foo_bar.pdf", "x(1).md"]),
    ("[a](x.md 't') [b](y.md\"t\") [c](z.md (t))", ["x.md", "y.md", "z.md (t)"]),
    ("[![bìa](bia.jpg)](ban-tin.pdf)", ["bia.jpg", "ban-tin.pdf"]),
    ("[hai\ndòng](x.md)", ["x.md"]),
    ("[1]: Quyết định số 12/QĐ-UBND ngày 5/1/2022\n\nTheo [1].", []),
    ("[dùng]: y.md \"Tiêu đề\"\n[không dùng]: z.md\n\nXem [ở đây][dùng].", ["y.md"]),
    ("Một ` dấu lẻ.\n\n[x](y.md) và ` một dấu nữa.", ["y.md"]),
    ("<!-- [a](b.md) -->\n\nChữ <!-- [c](d.md) --> và <!-- [e](f.md)", ["f.md"]),
    ("<div>\n[x](m.md)\n\n[y](n.md)\n</div> [c](d.md)\n\n<p>[z](o.md)", ["d.md"]),
    ("<span>[x](m.md)</span>", ["m.md"]),
])
def test_links_are_read_as_python_markdown_reads_them(body, targets):
    assert [link.target for link in links_in(body)] == targets
    assert sorted(markdown_targets(body)) == sorted(targets)


def markdown_targets(body: str) -> list[str]:
    """The href and src of every link and picture in Python-Markdown's tree, where MkDocs checks
    them (a treeprocessor of priority 0, registered after Python-Markdown's own, as MkDocs does)."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    found = []

    class Collect(Treeprocessor):
        def run(self, root):
            found.extend(element.get("href" if element.tag == "a" else "src") for element in root.iter()
                         if element.tag in ("a", "img") and element.get("href" if element.tag == "a" else "src"))

    md = markdown.Markdown(extensions=["tables", "attr_list", "admonition", "toc"])
    md.treeprocessors.register(Collect(md), "collect", 0)
    md.convert(body)
    return found


def test_a_long_line_of_brackets_is_read():
    # The link text allowed '[' once: this line took minutes (quadratic), holding the CMS's saves.
    assert list(links_in("[" * 40000 + "a](x.md)")) == [Link("x.md", 1)]


@pytest.mark.parametrize("target", ["\x01//[x", "http://[x"])
def test_a_link_urllib_cannot_split_is_refused_not_raised(target):
    message = link_problem(POST, target, PUBLISHED, HELD_BACK)
    assert message is None or "không đọc được" in message


def test_a_problem_names_the_file_line_of_the_link():
    body = "Dòng một.\n\nXem [bài cũ](cu.md).\n"
    problems = link_problems([(POST, body)], PUBLISHED, HELD_BACK, body_line=lambda source: 7)
    assert [str(p) for p in problems] == [
        f"{POST}:9: Nội dung: " + link_problem(POST, "cu.md", PUBLISHED, HELD_BACK)]


@settings(max_examples=fuzz_examples(300), deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(list("[]()<>!`~#/:.\\ \n\t\"'-_aăđ%?=*\x00\x01\x7f\u202e")), max_size=200))
def test_no_body_makes_the_link_check_raise(body):
    for problem in link_problems([(POST, body)], PUBLISHED, HELD_BACK, body_line=lambda source: 5):
        assert problem.path == POST and problem.line >= 5 and problem.message


def _checked(root, capsys) -> tuple[int, list[str]]:
    code = cli.main(["check", "--root", str(root)])
    return code, capsys.readouterr().out.splitlines()


def test_the_checker_and_the_build_stop_at_the_same_broken_link(make_site, capsys):
    body = "Đoạn đầu.\n\nXem [kế hoạch](../../ke-hoach/2022/) và [bản tin](../2021/khong-co.md).\n"
    root = make_site({"content/news/2022/a.md": post(body=body),
                      "content/news/2022/b.md": post(title="Tin thứ hai", body="Xem [tin đầu](a.md).")},
                     own_config=True)
    code, checked = _checked(root, capsys)
    built = run_build(root)
    assert code == 1 and built.returncode == 1 and "Traceback" not in built.log
    line = post(body=body).splitlines().index("Xem [kế hoạch](../../ke-hoach/2022/) và "
                                              "[bản tin](../2021/khong-co.md).") + 1
    named = [text for text in checked if text.startswith(f"content/news/2022/a.md:{line}: Nội dung: liên kết ")]
    assert len(named) == 2, checked
    assert set(named) <= set(built.log_lines("ERROR"))
    assert not any("b.md" in text for text in checked)  # a link to a published post is fine


def test_a_link_to_a_missing_part_of_a_page_is_said_in_vietnamese_at_its_line(make_site):
    body = "Đoạn đầu.\n\n## Hồ sơ\n\nXem [hồ sơ](#ho-so) và [phần khác](#khong-co).\n"
    root = make_site({"content/news/2022/a.md": post(body=body)}, own_config=True)
    built = run_build(root)
    assert built.returncode == 1
    line = post(body=body).splitlines().index("Xem [hồ sơ](#ho-so) và [phần khác](#khong-co).") + 1
    warned = built.log_lines("WARNING")
    assert [text for text in warned if "#" in text] == [
        f"content/news/2022/a.md:{line}: Nội dung: liên kết '#khong-co' trỏ tới một mục (#…) không có trong "
        "trang này; ghi đúng tên mục như ở liên kết ¶ cạnh tiêu đề mục đó, hoặc bỏ phần #…"], warned
    assert not any("Doc file" in text for text in built.log.splitlines())


def test_the_filter_reads_no_file_outside_content_or_docs(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("một\nhai\n[x](y.md)\n", encoding="utf-8")
    (tmp_path / "content/news").mkdir(parents=True)
    (tmp_path / "content/news/a.md").symlink_to(secret)
    (tmp_path / "docs").mkdir()
    warnings = link_warnings.LinkWarnings()
    warnings.content_root, warnings.docs_dir = tmp_path, tmp_path / "docs"
    for src_uri in ("content/news/a.md", "content/../secret.md", "../secret.md"):
        record = logging.LogRecord(link_warnings.LOGGER, logging.WARNING, __file__, 1,
                                   f"Doc file '{src_uri}' contains a link 'y.md', but the target 'y.md' is not "
                                   "found among documentation files.", (), None)
        assert warnings.filter(record)
        assert ":1: Nội dung: liên kết 'y.md' không dẫn tới tệp nào" in record.getMessage()
