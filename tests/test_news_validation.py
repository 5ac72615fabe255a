"""Front-matter validation of news posts: each mistake as `path:line: field: message`."""

from pathlib import Path

import pytest

from cchc.content.news import check_post
from cchc.content.plan import load_plans
from cchc.content.source import parse
from support.vietnamese import not_vietnamese

PROJECT = Path(__file__).resolve().parents[1]
PATH = "content/news/2022/a.md"


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


def check(plans, front: str, files=()):
    doc, problems = parse("---\n" + front + "---\nThân bài.\n", PATH)
    assert problems == []
    return check_post(doc, plans, {name: 1234 for name in files})


def errors(plans, front: str, files=()):
    post, problems = check(plans, front, files)
    assert post is None
    assert not_vietnamese(problems) == []
    return [str(p) for p in problems]


VALID = "title: Hội nghị CCHC\ndate: 2022-03-03\ntopics: [II.1]\nsummary: Tóm tắt.\n"


def test_a_valid_post(plans):
    post, problems = check(plans, VALID + "unit: Văn phòng Sở\n")
    assert problems == []
    # The address is the file name (a.md), not the title: a title edit never moves the page.
    assert post.slug == "a"
    assert post.url == "tin-tuc/2022/a/"
    assert post.date.isoformat() == "2022-03-03T00:00:00+07:00"
    assert post.topics == ("II.1",)
    assert post.unit == "Văn phòng Sở" and post.draft is False


def test_missing_and_empty_title(plans):
    assert errors(plans, VALID.replace("title: Hội nghị CCHC\n", "")) == [
        f"{PATH}:1: Tiêu đề (title): chưa có; thêm dòng 'title: ...' vào phần đầu tệp"]
    assert errors(plans, VALID.replace("Hội nghị CCHC", '""')) == [
        f"{PATH}:2: Tiêu đề (title): còn trống; hãy ghi nội dung"]


def test_invalid_date(plans):
    assert errors(plans, VALID.replace("2022-03-03", "2022-13-45")) == [
        f"{PATH}:3: Ngày đăng (date): đang ghi '2022-13-45' (không có ngày, giờ này); ghi ngày dạng "
        "2022-03-03, hoặc ngày và giờ dạng 2022-03-03 08:30"]


def test_date_outside_the_folders_year(plans):
    assert errors(plans, VALID.replace("2022-03-03", "2021-12-31")) == [
        f"{PATH}:3: Ngày đăng (date): ngày 2021-12-31 thuộc năm 2021 nhưng tệp nằm trong thư mục năm "
        "2022; chuyển tệp vào content/news/2021/ hoặc sửa lại ngày"]


def test_unknown_topic_suggests_the_nearest_id(plans):
    [message] = errors(plans, VALID.replace("[II.1]", "[II.1, II.2.33]"))
    assert message.startswith(f"{PATH}:4: Chủ đề của kế hoạch (topics): không có chủ đề 'II.2.33' trong "
                              "kế hoạch 2022 (có phải là 'II.2.3'?); ghi mã chủ đề của kế hoạch: ")
    assert "ghi mã chủ đề của kế hoạch: II.1, II.2, II.2.1, II.2.1.a" in message


def test_topic_ids_are_still_checked_when_the_date_is_bad(plans):
    problems = errors(plans, VALID.replace("2022-03-03", "2022-02-30").replace("[II.1]", "[II.4]"))
    assert [p.split(": ")[1] for p in problems] == ["Ngày đăng (date)", "Chủ đề của kế hoạch (topics)"]
    assert "không có chủ đề 'II.4' trong kế hoạch 2022" in problems[1]


def test_unknown_key_suggests_the_field(plans):
    assert errors(plans, VALID + "tittle: x\n") == [
        f"{PATH}:6: tittle: không có trường 'tittle' (có phải là 'title'?); chỉ dùng các trường: title, "
        "date, summary, topics, unit, image, image_alt, slug, channel, form, draft"]


def test_markup_in_a_title_is_refused(plans):
    assert errors(plans, VALID.replace("Hội nghị CCHC", '"<script>alert(1)</script>"')) == [
        f"{PATH}:2: Tiêu đề (title): có thẻ HTML, ở đây không được dùng; chỉ ghi chữ, bỏ các thẻ như <b>"]


def test_every_problem_is_reported_at_once(plans):
    problems = errors(plans, "tittle: x\ndate: 2022-13-45\ntopics: []\ndraft: maybe\nslug: Tin Mới\n")
    fields = [p.split(": ")[1] for p in problems]
    assert fields == ["tittle", "Bản nháp (draft)", "Tiêu đề (title)", "Tóm tắt (summary)", "Ngày đăng (date)",
                      "Chủ đề của kế hoạch (topics)", "Địa chỉ trang (slug)"]


def test_a_draft_may_leave_summary_and_topics_empty_but_not_wrong(plans):
    post, problems = check(plans, "title: Bản nháp\ndate: 2022-03-03\ntopics: []\nsummary: \"\"\ndraft: true\n")
    assert problems == [] and post.draft and post.topics == ()
    assert errors(plans, "title: Bản nháp\ndate: 2022-03-03\ntopics: [II.9]\ndraft: true\n")[0].startswith(
        f"{PATH}:4: Chủ đề của kế hoạch (topics): không có chủ đề 'II.9'")


def test_a_missing_image_is_reported_with_its_path(plans):
    assert errors(plans, VALID + "image: anh/hoi-nghi.jpg\n") == [
        f"{PATH}:6: Ảnh minh hoạ (image): không tìm thấy tệp content/news/2022/anh/hoi-nghi.jpg"]
    post, problems = check(plans, VALID + "image: anh/hoi-nghi.jpg\nimage_alt: Hội nghị\n",
                           ["content/news/2022/anh/hoi-nghi.jpg"])
    assert problems == [] and post.image_url == "tin-tuc/2022/anh/hoi-nghi.jpg"
    assert post.image_bytes == 1234


def test_a_published_picture_needs_its_description_for_screen_readers(plans):
    files = ["content/news/2022/anh/hoi-nghi.jpg"]
    assert [str(p) for p in check(plans, VALID + "image: anh/hoi-nghi.jpg\n", files)[1]] == [
        f"{PATH}:6: image_alt: bài có ảnh (image) nhưng thiếu mô tả ảnh; thêm một câu ngắn tả nội dung ảnh "
        "cho người khiếm thị, ví dụ 'image_alt: Quang cảnh hội nghị'"]
    # A draft may wait for it.
    assert check(plans, VALID + "image: anh/hoi-nghi.jpg\ndraft: true\n", files)[1] == []


def test_given_slug_is_used_and_must_be_a_slug(plans):
    post, _ = check(plans, VALID + "slug: hoi-nghi\n")
    assert post.url == "tin-tuc/2022/hoi-nghi/"
    assert errors(plans, VALID + "slug: Hội nghị\n") == [
        f"{PATH}:6: Địa chỉ trang (slug): đang ghi 'Hội nghị'; ghi chữ thường không dấu, các từ nối bằng "
        "dấu gạch ngang, như 'hoi-nghi'"]


def test_topics_may_be_a_comma_separated_string(plans):
    post, _ = check(plans, VALID.replace("[II.1]", "II.1, II.5"))
    assert post.topics == ("II.1", "II.5")
