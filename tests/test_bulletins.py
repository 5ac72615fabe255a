"""Bulletin issues, unit by unit: sizes as readers see them, links to posts, each mistake as
`path:line: field: message`, and the model later work builds on (quota, feeds)."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cchc.site.bulletin_pages import file_size
from cchc.content.bulletins import Bulletin, ContentsEntry, NewsIndex, check_bulletin, post_reference
from cchc.dates import VIETNAM
from cchc.content.news import NewsPost
from cchc.content.plan import load_plans
from cchc.content.source import parse
from support.vietnamese import not_vietnamese

PROJECT = Path(__file__).resolve().parents[1]
PATH = "content/bulletins/2022/02.md"
PDF = "content/bulletins/2022/so-2.pdf"
BUILD_TIME = datetime(2023, 1, 1, tzinfo=VIETNAM)


def news_post(slug: str, day: str = "2022-03-21", **more) -> NewsPost:
    return NewsPost(source=f"content/news/2022/{slug}.md", title=f"Tin {slug}",
                    date=datetime.fromisoformat(day).replace(tzinfo=VIETNAM), topics=("II.1",),
                    summary="Tóm tắt.", slug=slug, body="", **more)


NEWS = NewsIndex.of([news_post("ke-hoach"), news_post("iso", "2022-03-30"),
                     news_post("ban-nhap", draft=True), news_post("sap-dang", "2023-02-01")],
                    ["content/news/2022/hong.md"])


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


def check(plans, front: str, files=None, build_time=BUILD_TIME):
    doc, problems = parse("---\n" + front + "---\nLời giới thiệu.\n", PATH)
    assert problems == []
    sizes = {PDF: 3108, "content/bulletins/2022/bia-2.svg": 900} if files is None else files
    return check_bulletin(doc, plans, sizes, NEWS, build_time)


def errors(plans, front: str, files=None, build_time=BUILD_TIME):
    bulletin, problems = check(plans, front, files, build_time)
    assert bulletin is None
    assert not_vietnamese(problems) == []
    return [str(p) for p in sorted(problems)]


VALID = """\
number: 2
date: 2022-04-28
title: Kế hoạch tuyên truyền năm 2022
pdf: so-2.pdf
topics: [II.1, II.5]
contents:
  - title: Ban hành kế hoạch tuyên truyền
    post: content/news/2022/ke-hoach.md
  - post: /tin-tuc/2022/iso/
  - Hỏi đáp về cải cách hành chính
"""


# -- sizes -------------------------------------------------------------------------------------

@pytest.mark.parametrize("size, shown", [
    (0, "0 KB"),
    (1, "1 KB"),                        # a non-empty file never shows as 0 KB
    (1024, "1 KB"),
    (1535, "1 KB"),
    (1536, "2 KB"),                     # halves round up, as people round
    (34 * 1024, "34 KB"),
    (3108, "3 KB"),
    (1023 * 1024, "1023 KB"),
    (1024 * 1024 - 1, "1,0 MB"),        # 1024 KB once rounded: shown in MB
    (1024 * 1024, "1,0 MB"),
    (int(1.2 * 1024 * 1024), "1,2 MB"),  # Vietnamese decimal comma
    (int(1.25 * 1024 * 1024), "1,3 MB"),
    (int(9.96 * 1024 * 1024), "10 MB"),  # no "10,0": whole numbers from 10 up
    (150 * 1024 * 1024, "150 MB"),
    (int(1.5 * 1024 ** 3), "1,5 GB"),
])
def test_file_sizes_read_as_vietnamese_readers_write_them(size, shown):
    assert file_size(size) == shown


def test_a_negative_size_is_a_bug():
    with pytest.raises(ValueError):
        file_size(-1)


# -- links to posts ----------------------------------------------------------------------------

@pytest.mark.parametrize("ref, read", [
    ("content/news/2022/a.md", ("file", "content/news/2022/a.md")),
    ("../../news/2022/a.md", ("file", "content/news/2022/a.md")),      # relative to the issue
    (" content/news/2022/./a.md ", ("file", "content/news/2022/a.md")),
    ("/tin-tuc/2022/a/", ("url", "tin-tuc/2022/a/")),
    ("tin-tuc/2022/a", ("url", "tin-tuc/2022/a/")),
    ("/tin-tuc/2022/a/index.html", ("url", "tin-tuc/2022/a/")),
    ("https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/a/", None),      # another site's address
    ("//example.org/tin-tuc/2022/a/", None),
    ("/chu-de/iso-9001/", None),                                       # not a news page
    ("/tin-tuc/2022/a/#muc-1", None),
    ("/content/news/2022/a.md", None),
    ("", None),
])
def test_a_contents_link_is_a_post_file_or_its_page_url(ref, read):
    assert post_reference(ref, PATH) == read


# -- a valid issue -----------------------------------------------------------------------------

def test_a_valid_issue_becomes_a_clean_model(plans):
    bulletin, problems = check(plans, VALID + "cover: bia-2.svg\n")
    assert problems == []
    assert bulletin == Bulletin(
        source=PATH, number=2, date=datetime(2022, 4, 28, tzinfo=VIETNAM),
        title="Kế hoạch tuyên truyền năm 2022", pdf=PDF, pdf_bytes=3108, topics=("II.1", "II.5"),
        contents=(
            ContentsEntry("Ban hành kế hoạch tuyên truyền", "content/news/2022/ke-hoach.md",
                          "tin-tuc/2022/ke-hoach/"),
            # Without a title, the article takes its post's.
            ContentsEntry("Tin iso", "content/news/2022/iso.md", "tin-tuc/2022/iso/"),
            ContentsEntry("Hỏi đáp về cải cách hành chính"),
        ),
        cover="content/bulletins/2022/bia-2.svg", body="Lời giới thiệu.\n")
    assert bulletin.date.utcoffset() == timedelta(hours=7)
    assert bulletin.year == 2022
    assert bulletin.url == "ban-tin/2022/so-2/"
    assert bulletin.label == "Bản tin số 2/2022"
    assert bulletin.pdf_url == "ban-tin/2022/so-2.pdf"
    assert bulletin.cover_url == "ban-tin/2022/bia-2.svg"
    assert bulletin.files == (PDF, "content/bulletins/2022/bia-2.svg")
    assert bulletin.lists("content/news/2022/iso.md") and not bulletin.lists("content/news/2022/khac.md")


def test_a_number_may_be_written_with_a_leading_zero(plans):
    # YAML reads 02 as a number but 08 as text: both are issue numbers to an editor.
    for written, number in (("02", 2), ("08", 8), ("'8'", 8)):
        bulletin, problems = check(plans, VALID.replace("number: 2", f"number: {written}"))
        assert problems == [] and bulletin.number == number and bulletin.url.endswith(f"so-{number}/")


def test_an_issue_without_a_cover_has_no_cover_url(plans):
    bulletin, _ = check(plans, VALID)
    assert bulletin.cover is None and bulletin.cover_url is None and bulletin.files == (PDF,)


# -- mistakes, one line each -------------------------------------------------------------------

def test_an_unknown_field_is_named_with_a_suggestion(plans):
    assert errors(plans, VALID + "cover_image: bia.svg\n") == [
        f"{PATH}:12: cover_image: không có trường 'cover_image' (có phải là 'cover'?); chỉ dùng các "
        "trường: number, date, title, pdf, cover, topics, contents, draft"]


def test_a_missing_pdf_file_names_the_path_it_looked_for(plans):
    assert errors(plans, VALID.replace("so-2.pdf", "so-02.pdf")) == [
        f"{PATH}:5: Tệp PDF (pdf): không tìm thấy tệp content/bulletins/2022/so-02.pdf (có phải là "
        "'so-2.pdf'?); đặt tệp vào content/bulletins/2022/ cùng bản tin, hoặc sửa tên tệp"]
    assert errors(plans, VALID.replace("so-2.pdf", "khac.pdf"), files={}) == [
        f"{PATH}:5: Tệp PDF (pdf): không tìm thấy tệp content/bulletins/2022/khac.pdf; đặt tệp vào "
        "content/bulletins/2022/ cùng bản tin, hoặc sửa tên tệp"]


def test_the_pdf_must_be_named_a_pdf_beside_the_issue_and_not_empty(plans):
    no_pdf = "".join(line for line in VALID.splitlines(True) if not line.startswith("pdf:"))
    assert errors(plans, no_pdf) == [
        f"{PATH}:1: Tệp PDF (pdf): chưa có; thêm dòng như 'pdf: ban-tin-so-1-2022.pdf' ghi tên tệp đặt "
        "cùng thư mục với bản tin"]
    assert errors(plans, VALID.replace("so-2.pdf", "so-2.docx")) == [
        f"{PATH}:5: Tệp PDF (pdf): đang ghi 'so-2.docx'; ghi tên tệp có đuôi .pdf"]
    assert errors(plans, VALID.replace("so-2.pdf", "../2021/so-2.pdf")) == [
        f"{PATH}:5: Tệp PDF (pdf): đang ghi '../2021/so-2.pdf', một tệp ở ngoài thư mục; ghi tên tệp trong "
        "thư mục của bản tin"]
    assert errors(plans, VALID, files={PDF: 0}) == [
        f"{PATH}:5: Tệp PDF (pdf): tệp {PDF} rỗng (0 byte); hãy xuất lại tệp PDF"]


def test_a_cover_must_be_a_picture_that_exists(plans):
    assert errors(plans, VALID + "cover: bia-2.pdf\n") == [
        f"{PATH}:12: Ảnh bìa (cover): đang ghi 'bia-2.pdf'; ghi tên tệp có đuôi .jpg, .jpeg, .png, .webp, .svg"]
    assert errors(plans, VALID + "cover: bia-3.svg\n") == [
        f"{PATH}:12: Ảnh bìa (cover): không tìm thấy tệp content/bulletins/2022/bia-3.svg (có phải là "
        "'bia-2.svg'?); đặt tệp vào content/bulletins/2022/ cùng bản tin, hoặc sửa tên tệp"]


@pytest.mark.parametrize("written, message", [
    ("2022-02-30", "đang ghi '2022-02-30' (không có ngày, giờ này); ghi ngày dạng 2022-03-03, hoặc ngày "
                   "và giờ dạng 2022-03-03 08:30"),
    ("28/4/2022", "đang ghi '28/4/2022'; ghi ngày dạng 2022-03-03, hoặc ngày và giờ dạng 2022-03-03 08:30"),
    ("2021-12-28", "ngày 2021-12-28 thuộc năm 2021 nhưng tệp nằm trong thư mục năm 2022; chuyển tệp vào "
                   "content/bulletins/2021/ hoặc sửa lại ngày"),
])
def test_a_bad_date_says_what_was_expected(plans, written, message):
    # (A date in 2021 also asks for the 2021 plan: that is the next line.)
    assert errors(plans, VALID.replace("2022-04-28", written))[0] == f"{PATH}:3: Ngày phát hành (date): {message}"


def test_a_bad_date_does_not_hide_topic_mistakes(plans):
    assert errors(plans, VALID.replace("2022-04-28", "2022-13-01").replace("II.5]", "II.9]"))[1] == (
        f"{PATH}:6: Chủ đề của kế hoạch (topics): không có chủ đề 'II.9' trong kế hoạch 2022 (có phải là "
        "'II.5'?); ghi mã chủ đề của kế hoạch: II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, II.2.3, "
        "II.2.4, II.2.5, II.2.6, II.3, II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, II.3.8, II.5")


def test_topics_are_checked_against_the_years_plan(plans):
    assert errors(plans, VALID.replace("[II.1, II.5]", "[II.1, II.2.7]")) == [
        f"{PATH}:6: Chủ đề của kế hoạch (topics): không có chủ đề 'II.2.7' trong kế hoạch 2022 (có phải là "
        "'II.3.7'?); ghi mã chủ đề của kế hoạch: II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, II.2.3, "
        "II.2.4, II.2.5, II.2.6, II.3, II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, II.3.8, II.5"]
    assert errors(plans, VALID.replace("[II.1, II.5]", "[]")) == [
        f"{PATH}:6: Chủ đề của kế hoạch (topics): còn trống; ghi ít nhất một mã chủ đề của kế hoạch năm, "
        "như 'topics: [II.2.3]'"]


def test_an_issue_of_a_year_without_a_plan_is_checked_against_the_latest_earlier_plan(plans):
    # The shipped plans are 2022 and 2023: 2021 has no earlier plan, so its ids are not checked.
    text = VALID.replace("2022-04-28", "2021-12-28")
    doc, _ = parse("---\n" + text + "---\n", "content/bulletins/2021/06.md")
    issue, problems = check_bulletin(doc, plans, {"content/bulletins/2021/so-2.pdf": 10}, NEWS, BUILD_TIME)
    assert problems == [] and issue.year == 2021
    # 2024 has no plan: the 2023 plan stands in, and an id it lacks is named with it.
    text = VALID.replace("2022-04-28", "2024-01-28").replace("[II.1, II.5]", "[II.1, II.2.7]")
    doc, _ = parse("---\n" + text + "---\n", "content/bulletins/2024/06.md")
    _, problems = check_bulletin(doc, plans, {"content/bulletins/2024/so-2.pdf": 10}, NEWS, BUILD_TIME)
    assert [str(p) for p in problems][0].startswith(
        "content/bulletins/2024/06.md:6: Chủ đề của kế hoạch (topics): không có chủ đề 'II.2.7' trong kế "
        "hoạch 2023 (năm 2024 chưa có kế hoạch) (có phải là 'II.3.7'?)")


@pytest.mark.parametrize("written", ["0", "-1", "1.5", "hai", "true", "[1]"])
def test_the_number_is_a_whole_number_from_1(plans, written):
    assert errors(plans, VALID.replace("number: 2", f"number: {written}"))[0].startswith(
        f"{PATH}:2: Số bản tin (number): đang ghi ")


def test_title_and_number_are_required(plans):
    text = VALID.replace("number: 2\n", "").replace("title: Kế hoạch tuyên truyền năm 2022\n", "title: <b>Số 2</b>\n")
    assert errors(plans, text) == [
        f"{PATH}:1: Số bản tin (number): chưa có; thêm dòng ghi số thứ tự của bản tin trong năm, như 'number: 2'",
        f"{PATH}:3: Tiêu đề (title): có thẻ HTML, ở đây không được dùng; chỉ ghi chữ, bỏ các thẻ như <b>"]


def test_a_link_to_a_post_that_does_not_exist_is_reported_at_its_line(plans):
    text = VALID.replace("content/news/2022/ke-hoach.md", "content/news/2022/ke-hoachh.md").replace(
        "/tin-tuc/2022/iso/", "/tin-tuc/2022/isoo/")
    assert errors(plans, text) == [
        f"{PATH}:9: Tệp bài viết trên trang (contents[1].post): không có bài viết nào ở "
        "content/news/2022/ke-hoachh.md (có phải là 'content/news/2022/ke-hoach.md'?); sửa lại đường dẫn tệp bài",
        f"{PATH}:10: Tệp bài viết trên trang (contents[2].post): không có bài viết nào có địa chỉ trang "
        "/tin-tuc/2022/isoo/ (có phải là '/tin-tuc/2022/iso/'?); sửa lại địa chỉ"]


def test_a_link_that_is_neither_a_post_file_nor_its_url(plans):
    assert errors(plans, VALID.replace("/tin-tuc/2022/iso/", "https://quangngai.gov.vn/tin/iso")) == [
        f"{PATH}:10: Tệp bài viết trên trang (contents[2].post): đang ghi 'https://quangngai.gov.vn/tin/iso'; "
        "ghi tệp bài viết như content/news/2022/hoi-nghi.md, hoặc địa chỉ trang của bài như /tin-tuc/2022/hoi-nghi/"]


def test_a_published_issue_may_not_link_to_an_unpublished_post(plans):
    text = VALID.replace("content/news/2022/ke-hoach.md", "content/news/2022/sap-dang.md").replace(
        "/tin-tuc/2022/iso/", "/tin-tuc/2022/ban-nhap/")
    assert errors(plans, text) == [
        f"{PATH}:9: Tệp bài viết trên trang (contents[1].post): bài content/news/2022/sap-dang.md hẹn đăng "
        "lúc 2023-02-01T00:00:00+07:00, sau thời điểm dựng trang 2023-01-01T00:00:00+07:00, nên trang của bài "
        "chưa được đăng; bỏ liên kết hoặc lùi ngày của bản tin",
        f"{PATH}:10: Tệp bài viết trên trang (contents[2].post): bài content/news/2022/ban-nhap.md là bản nháp "
        "nên trang của bài chưa được đăng; hãy đăng bài hoặc bỏ liên kết"]
    # An issue that is itself held back is checked again when its day comes.
    assert check(plans, text, build_time=datetime(2022, 1, 1, tzinfo=VIETNAM))[1] == []


def test_a_link_to_a_post_that_failed_its_own_checks_is_not_reported_twice(plans):
    bulletin, problems = check(plans, VALID.replace("ke-hoach.md", "hong.md"))
    assert problems == [] and bulletin.contents[0] == ContentsEntry("Ban hành kế hoạch tuyên truyền")


def test_contents_entries_are_checked_one_by_one(plans):
    text = VALID + "  - tile: Bài sai khóa\n  - {}\n  - title: Trùng\n    post: content/news/2022/ke-hoach.md\n"
    assert errors(plans, text) == [
        f"{PATH}:12: contents[4].tile: không có trường 'tile' (có phải là 'title'?); chỉ dùng các trường: "
        "title, post (tiêu đề có ': ' thì đặt trong ngoặc kép: - \"tile: Bài sai khóa\")",
        f"{PATH}:13: Mục lục (contents[5]): còn trống; ghi tiêu đề bài, hoặc hai dòng 'title:' và 'post:'",
        f"{PATH}:15: Tệp bài viết trên trang (contents[6].post): bài content/news/2022/ke-hoach.md đã có ở "
        "mục 1; bỏ một mục"]


def test_contents_must_list_something(plans):
    head = VALID.split("contents:")[0]
    assert errors(plans, head) == [
        f"{PATH}:1: Mục lục (contents): còn trống; liệt kê các bài của số bản tin, mỗi bài một dòng "
        "'- title: ...', bài đã đăng trên trang thì thêm 'post: <tệp hoặc địa chỉ bài>' bên dưới"]
    assert errors(plans, head + "contents: Mục lục\n") == [
        f"{PATH}:7: Mục lục (contents): đang ghi 'Mục lục'; ghi danh sách các bài, mỗi bài một dòng '- title: ...'"]


def test_every_problem_of_an_issue_is_reported_in_one_run(plans):
    text = ("number: 0\ndate: 2022-04-31\ntitle: Số 2\npdf: so-3.pdf\ntopics: [II.9]\n"
            "contents:\n  - post: content/news/2022/khong-co.md\nsố: 2\n")
    assert [line.split(": ")[0] for line in errors(plans, text)] == [
        f"{PATH}:2", f"{PATH}:3", f"{PATH}:5", f"{PATH}:6", f"{PATH}:8", f"{PATH}:9"]
