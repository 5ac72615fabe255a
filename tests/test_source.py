"""Reading a content file: encodings, line endings, NFC and front matter with line numbers."""

import unicodedata

from cchc.content.source import decode, parse

PATH = "content/news/2022/a.md"


def read(data: bytes):
    text, problems = decode(data, PATH)
    assert problems == []
    return parse(text, PATH)


def test_bom_crlf_and_nfd_are_read_as_nfc_with_lf():
    nfd_title = unicodedata.normalize("NFD", "Quảng Ngãi")
    data = ("\ufeff---\r\ntitle: " + nfd_title + "\r\ndate: 2022-03-03\r\n---\r\n\r\nThân bài\r\n").encode()
    doc, problems = read(data)
    assert problems == []
    assert doc.meta["title"] == "Quảng Ngãi" and len(doc.meta["title"]) == 10
    assert doc.body == "\nThân bài\n"
    assert doc.lines == {"title": 2, "date": 3}


def test_dates_stay_text_so_bad_ones_can_be_reported():
    doc, _ = read(b"---\ndate: 2022-13-45\n---\n")
    assert doc.meta["date"] == "2022-13-45"


def test_non_utf8_bytes_are_reported_with_their_line():
    text, problems = decode("---\ntitle: Tin\n".encode() + b"summary: C\xe1c\n---\n", PATH)
    assert text is None
    assert [str(p) for p in problems] == [
        "content/news/2022/a.md:3: Bảng mã của tệp: tệp không lưu theo bảng mã UTF-8 (không đọc được byte "
        "0xE1); hãy lưu lại tệp theo UTF-8 trong trình soạn thảo"]


def test_missing_front_matter():
    doc, problems = read("Chỉ có thân bài".encode())
    assert doc is None
    assert [str(p) for p in problems] == [
        "content/news/2022/a.md:1: Phần đầu tệp (front matter): chưa có; tệp phải bắt đầu bằng một dòng "
        "'---', tiếp theo là các trường, rồi một dòng '---' đóng lại"]


def test_malformed_yaml_names_its_line():
    doc, problems = read("---\ntitle: Tin\nsummary: [chưa đóng\ndate: 2022-01-01\n---\n".encode())
    assert doc is None
    assert len(problems) == 1
    assert problems[0].line == 4 and problems[0].field == "front matter"
    assert problems[0].message.startswith("không đọc được: ")


def test_a_key_written_twice_is_reported():
    doc, problems = read(b"---\ntitle: A\ntitle: B\n---\n")
    assert [str(p) for p in problems] == [
        "content/news/2022/a.md:3: title: được ghi hai lần (lần đầu ở dòng 2); giữ một lần"]


def test_an_invisible_control_character_is_reported_on_its_line_not_as_a_traceback():
    doc, problems = read("---\ntitle: Quảng Ngãi\nsummary: Tóm\x07 tắt\n---\n".encode())
    assert doc is None
    assert [str(p) for p in problems] == [
        "content/news/2022/a.md:3: Phần đầu tệp (front matter): có ký tự ẩn U+0007, không được dùng (thường "
        "dính vào khi chép từ PDF hoặc Word); hãy xoá ký tự này"]


def test_yaml_errors_are_worded_by_the_pure_python_parser_then_said_in_vietnamese():
    # libyaml parses (fast); its terse wording is replaced by what PyYAML's own parser says
    # ("expected ',' or ']', but got ':'"), and that is said for the editor.
    _, problems = read("---\ntitle: Tin\nsummary: [chưa đóng\ndate: 2022-01-01\n---\n".encode())
    assert problems[0].message == ("không đọc được: danh sách trong ngoặc vuông chưa đóng đúng (thiếu ']' "
                                   "hoặc dấu phẩy); kiểm tra thụt dòng, và đặt trong ngoặc kép chữ có ': '")
    _, problems = read("---\ntitle: Hỏi đáp: nộp hồ sơ\n---\n".encode())
    assert problems[0].message.startswith("không đọc được: có dấu ': ' ở chỗ không được có")
