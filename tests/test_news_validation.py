"""Front-matter validation of news posts: each mistake as `path:line: field: message`."""

from pathlib import Path

import pytest

from cchc.content.news import check_post
from cchc.content.plan import load_plans
from cchc.content.source import parse

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
        f"{PATH}:1: title: missing; add a line 'title: ...' to the front matter"]
    assert errors(plans, VALID.replace("Hội nghị CCHC", '""')) == [
        f"{PATH}:2: title: missing or empty; expected text"]


def test_invalid_date(plans):
    assert errors(plans, VALID.replace("2022-03-03", "2022-13-45")) == [
        f"{PATH}:3: date: expected a date like 2022-03-03 or a date and time like 2022-03-03 08:30, "
        "found '2022-13-45' (month must be in 1..12)"]


def test_date_outside_the_folders_year(plans):
    assert errors(plans, VALID.replace("2022-03-03", "2021-12-31")) == [
        f"{PATH}:3: date: the date 2021-12-31 is in 2021, but the file is in the 2022 folder; "
        "move the file to content/news/2021/ or fix the date"]


def test_unknown_topic_suggests_the_nearest_id(plans):
    [message] = errors(plans, VALID.replace("[II.1]", "[II.1, II.2.33]"))
    assert message.startswith(f"{PATH}:4: topics: unknown topic 'II.2.33' in the 2022 plan "
                              "(did you mean 'II.2.3'?); valid ids: ")
    assert "valid ids: II.1, II.2, II.2.1, II.2.1.a" in message


def test_topic_ids_are_still_checked_when_the_date_is_bad(plans):
    problems = errors(plans, VALID.replace("2022-03-03", "2022-02-30").replace("[II.1]", "[II.4]"))
    assert [p.split(": ")[1] for p in problems] == ["date", "topics"]
    assert "unknown topic 'II.4' in the 2022 plan" in problems[1]


def test_unknown_key_suggests_the_field(plans):
    assert errors(plans, VALID + "tittle: x\n") == [
        f"{PATH}:6: tittle: unknown field (did you mean 'title'?); expected one of title, date, "
        "summary, topics, unit, image, image_alt, slug, channel, form, draft"]


def test_markup_in_a_title_is_refused(plans):
    assert errors(plans, VALID.replace("Hội nghị CCHC", '"<script>alert(1)</script>"')) == [
        f"{PATH}:2: title: HTML is not allowed here; write plain text"]


def test_every_problem_is_reported_at_once(plans):
    problems = errors(plans, "tittle: x\ndate: 2022-13-45\ntopics: []\ndraft: maybe\nslug: Tin Mới\n")
    fields = [p.split(": ")[1] for p in problems]
    assert fields == ["tittle", "draft", "title", "summary", "date", "topics", "slug"]


def test_a_draft_may_leave_summary_and_topics_empty_but_not_wrong(plans):
    post, problems = check(plans, "title: Bản nháp\ndate: 2022-03-03\ntopics: []\nsummary: \"\"\ndraft: true\n")
    assert problems == [] and post.draft and post.topics == ()
    assert errors(plans, "title: Bản nháp\ndate: 2022-03-03\ntopics: [II.9]\ndraft: true\n")[0].startswith(
        f"{PATH}:4: topics: unknown topic 'II.9'")


def test_a_missing_image_is_reported_with_its_path(plans):
    assert errors(plans, VALID + "image: anh/hoi-nghi.jpg\n") == [
        f"{PATH}:6: image: file not found: content/news/2022/anh/hoi-nghi.jpg"]
    post, problems = check(plans, VALID + "image: anh/hoi-nghi.jpg\n", ["content/news/2022/anh/hoi-nghi.jpg"])
    assert problems == [] and post.image_url == "tin-tuc/2022/anh/hoi-nghi.jpg"
    assert post.image_bytes == 1234


def test_given_slug_is_used_and_must_be_a_slug(plans):
    post, _ = check(plans, VALID + "slug: hoi-nghi\n")
    assert post.url == "tin-tuc/2022/hoi-nghi/"
    assert errors(plans, VALID + "slug: Hội nghị\n") == [
        f"{PATH}:6: slug: expected lower-case ASCII words joined by '-', like 'hoi-nghi', found 'Hội nghị'"]


def test_topics_may_be_a_comma_separated_string(plans):
    post, _ = check(plans, VALID.replace("[II.1]", "II.1, II.5"))
    assert post.topics == ("II.1", "II.5")
