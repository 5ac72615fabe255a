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
        f"{PATH}:12: cover_image: unknown field (did you mean 'cover'?); expected one of "
        "number, date, title, pdf, cover, topics, contents, draft"]


def test_a_missing_pdf_file_names_the_path_it_looked_for(plans):
    assert errors(plans, VALID.replace("so-2.pdf", "so-02.pdf")) == [
        f"{PATH}:5: pdf: file not found: content/bulletins/2022/so-02.pdf (did you mean "
        "'so-2.pdf'?); put the file in content/bulletins/2022/ beside the "
        "bulletin, or fix the name"]
    assert errors(plans, VALID.replace("so-2.pdf", "khac.pdf"), files={}) == [
        f"{PATH}:5: pdf: file not found: content/bulletins/2022/khac.pdf; put the file in "
        "content/bulletins/2022/ beside the bulletin, or fix the name"]


def test_the_pdf_must_be_named_a_pdf_beside_the_issue_and_not_empty(plans):
    no_pdf = "".join(line for line in VALID.splitlines(True) if not line.startswith("pdf:"))
    assert errors(plans, no_pdf) == [
        f"{PATH}:1: pdf: missing; add a line like 'pdf: ban-tin-so-1-2022.pdf' naming the PDF file "
        "beside this one"]
    assert errors(plans, VALID.replace("so-2.pdf", "so-2.docx")) == [
        f"{PATH}:5: pdf: expected a file name ending in .pdf, found 'so-2.docx'"]
    assert errors(plans, VALID.replace("so-2.pdf", "../2021/so-2.pdf")) == [
        f"{PATH}:5: pdf: expected a file in the bulletin's folder, found '../2021/so-2.pdf'"]
    assert errors(plans, VALID, files={PDF: 0}) == [
        f"{PATH}:5: pdf: the file {PDF} is empty (0 bytes); export the PDF again"]


def test_a_cover_must_be_a_picture_that_exists(plans):
    assert errors(plans, VALID + "cover: bia-2.pdf\n") == [
        f"{PATH}:12: cover: expected a file name ending in .jpg, .jpeg, .png, .webp, .svg, found 'bia-2.pdf'"]
    assert errors(plans, VALID + "cover: bia-3.svg\n") == [
        f"{PATH}:12: cover: file not found: content/bulletins/2022/bia-3.svg (did you mean "
        "'bia-2.svg'?); put the file in content/bulletins/2022/ beside the "
        "bulletin, or fix the name"]


@pytest.mark.parametrize("written, message", [
    ("2022-02-30", "expected a date like 2022-03-03 or a date and time like 2022-03-03 08:30, "
                   "found '2022-02-30' (day is out of range for month)"),
    ("28/4/2022", "expected a date like 2022-03-03 or a date and time like 2022-03-03 08:30, "
                  "found '28/4/2022'"),
    ("2021-12-28", "the date 2021-12-28 is in 2021, but the file is in the 2022 folder; move the "
                   "file to content/bulletins/2021/ or fix the date"),
])
def test_a_bad_date_says_what_was_expected(plans, written, message):
    # (A date in 2021 also asks for the 2021 plan: that is the next line.)
    assert errors(plans, VALID.replace("2022-04-28", written))[0] == f"{PATH}:3: date: {message}"


def test_a_bad_date_does_not_hide_topic_mistakes(plans):
    assert errors(plans, VALID.replace("2022-04-28", "2022-13-01").replace("II.5]", "II.9]"))[1] == (
        f"{PATH}:6: topics: unknown topic 'II.9' in the 2022 plan (did you mean 'II.5'?); valid ids: "
        "II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, II.2.3, II.2.4, II.2.5, II.2.6, II.3, "
        "II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, II.3.8, II.5")


def test_topics_are_checked_against_the_years_plan(plans):
    assert errors(plans, VALID.replace("[II.1, II.5]", "[II.1, II.2.7]")) == [
        f"{PATH}:6: topics: unknown topic 'II.2.7' in the 2022 plan (did you mean 'II.3.7'?); valid ids: "
        "II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, II.2.3, II.2.4, II.2.5, II.2.6, II.3, "
        "II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, II.3.8, II.5"]
    assert errors(plans, VALID.replace("[II.1, II.5]", "[]")) == [
        f"{PATH}:6: topics: missing or empty; list at least one topic id of the year's plan, "
        "like 'topics: [II.2.3]'"]


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
        "content/bulletins/2024/06.md:6: topics: unknown topic 'II.2.7' in the 2023 plan (no plan for "
        "2024 yet) (did you mean 'II.3.7'?)")


@pytest.mark.parametrize("written", ["0", "-1", "1.5", "hai", "true", "[1]"])
def test_the_number_is_a_whole_number_from_1(plans, written):
    assert errors(plans, VALID.replace("number: 2", f"number: {written}"))[0].startswith(
        f"{PATH}:2: number: expected a whole number of at least 1, like 'number: 2', found ")


def test_title_and_number_are_required(plans):
    text = VALID.replace("number: 2\n", "").replace("title: Kế hoạch tuyên truyền năm 2022\n", "title: <b>Số 2</b>\n")
    assert errors(plans, text) == [
        f"{PATH}:1: number: missing; add a line like 'number: 2' for the issue's number in its year",
        f"{PATH}:3: title: HTML is not allowed here; write plain text"]


def test_a_link_to_a_post_that_does_not_exist_is_reported_at_its_line(plans):
    text = VALID.replace("content/news/2022/ke-hoach.md", "content/news/2022/ke-hoachh.md").replace(
        "/tin-tuc/2022/iso/", "/tin-tuc/2022/isoo/")
    assert errors(plans, text) == [
        f"{PATH}:9: contents[1].post: no news post at content/news/2022/ke-hoachh.md "
        "(did you mean 'content/news/2022/ke-hoach.md'?)",
        f"{PATH}:10: contents[2].post: no news post has the page URL /tin-tuc/2022/isoo/ "
        "(did you mean '/tin-tuc/2022/iso/'?)"]


def test_a_link_that_is_neither_a_post_file_nor_its_url(plans):
    assert errors(plans, VALID.replace("/tin-tuc/2022/iso/", "https://quangngai.gov.vn/tin/iso")) == [
        f"{PATH}:10: contents[2].post: expected a news post's file like content/news/2022/hoi-nghi.md "
        "or its page URL like /tin-tuc/2022/hoi-nghi/, found 'https://quangngai.gov.vn/tin/iso'"]


def test_a_published_issue_may_not_link_to_an_unpublished_post(plans):
    text = VALID.replace("content/news/2022/ke-hoach.md", "content/news/2022/sap-dang.md").replace(
        "/tin-tuc/2022/iso/", "/tin-tuc/2022/ban-nhap/")
    assert errors(plans, text) == [
        f"{PATH}:9: contents[1].post: the post content/news/2022/sap-dang.md is scheduled for "
        "2023-02-01T00:00:00+07:00, after the build time 2023-01-01T00:00:00+07:00, so its page is not "
        "published yet; remove the link or date the bulletin later",
        f"{PATH}:10: contents[2].post: the post content/news/2022/ban-nhap.md is a draft, so its page is "
        "not published; publish the post or remove the link"]
    # An issue that is itself held back is checked again when its day comes.
    assert check(plans, text, build_time=datetime(2022, 1, 1, tzinfo=VIETNAM))[1] == []


def test_a_link_to_a_post_that_failed_its_own_checks_is_not_reported_twice(plans):
    bulletin, problems = check(plans, VALID.replace("ke-hoach.md", "hong.md"))
    assert problems == [] and bulletin.contents[0] == ContentsEntry("Ban hành kế hoạch tuyên truyền")


def test_contents_entries_are_checked_one_by_one(plans):
    text = VALID + "  - tile: Bài sai khóa\n  - {}\n  - title: Trùng\n    post: content/news/2022/ke-hoach.md\n"
    assert errors(plans, text) == [
        f"{PATH}:12: contents[4].tile: unknown field (did you mean 'title'?); expected one of title, post "
        "(a title with ': ' in it must be in quotes: - \"tile: Bài sai khóa\")",
        f"{PATH}:13: contents[5]: expected an article title, or 'title:' and 'post:' lines",
        f"{PATH}:15: contents[6].post: the post content/news/2022/ke-hoach.md is already listed as article 1"]


def test_contents_must_list_something(plans):
    head = VALID.split("contents:")[0]
    assert errors(plans, head) == [
        f"{PATH}:1: contents: missing or empty; list the issue's articles, one '- title: ...' line each, "
        "with 'post: <file or URL>' under those that are news posts"]
    assert errors(plans, head + "contents: Mục lục\n") == [
        f"{PATH}:7: contents: expected a list of articles, one '- title: ...' line each, found 'Mục lục'"]


def test_every_problem_of_an_issue_is_reported_in_one_run(plans):
    text = ("number: 0\ndate: 2022-04-31\ntitle: Số 2\npdf: so-3.pdf\ntopics: [II.9]\n"
            "contents:\n  - post: content/news/2022/khong-co.md\nsố: 2\n")
    assert [line.split(": ")[0] for line in errors(plans, text)] == [
        f"{PATH}:2", f"{PATH}:3", f"{PATH}:5", f"{PATH}:6", f"{PATH}:8", f"{PATH}:9"]
