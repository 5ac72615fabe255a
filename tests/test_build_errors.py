"""Bad input: every problem in every file, one line each, then the build stops without a traceback."""

import pytest

from conftest import post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

NEWS = "content/news/2022"


def test_every_problem_is_listed_once_and_the_build_fails(make_site):
    root = make_site({
        f"{NEWS}/a.md": post(title='""', date="2022-13-45", topics="[II.9]", tittle="x"),
        f"{NEWS}/b.md": "---\ntitle: Tin\nsummary: [chưa đóng\ndate: 2022-01-01\n---\nThân bài\n",
        f"{NEWS}/c.md": "---\ntitle: Tin\n".encode() + b"summary: C\xe1c\n---\n",
        f"{NEWS}/d.md": post(title="Trùng lặp"),
        f"{NEWS}/e.md": post(title="Trùng lặp"),
        f"{NEWS}/ok.md": post(title="Tin hợp lệ"),
        "content/news/lac-cho.md": post(title="Sai thư mục"),
        f"{NEWS}/ghi-chu.txt": "ghi chú",
    })
    for strict in (True, False):
        built = run_build(root, strict=strict)
        assert built.returncode == 1
        assert "Traceback" not in built.log
        assert built.log_lines("ERROR") == [
            "content/news/2022/a.md:2: title: missing or empty; expected text",
            "content/news/2022/a.md:3: date: expected a date like 2022-03-03 or a date and time like "
            "2022-03-03 08:30, found '2022-13-45' (month must be in 1..12)",
            "content/news/2022/a.md:4: topics: unknown topic 'II.9' in the 2022 plan (did you mean 'II.5'?); "
            "valid ids: II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, II.2.3, II.2.4, II.2.5, II.2.6, "
            "II.3, II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, II.3.8, II.5",
            "content/news/2022/a.md:6: tittle: unknown field (did you mean 'title'?); expected one of "
            "title, date, summary, topics, unit, image, image_alt, slug, channel, form, draft",
            "content/news/2022/b.md:4: front matter: invalid YAML: expected ',' or ']', but got ':'; "
            "check the indentation and quote text that contains ': '",
            "content/news/2022/c.md:3: encoding: the file is not UTF-8 (byte 0xE1 cannot be read); "
            "save it as UTF-8 in your editor",
            "content/news/2022/e.md:6: slug: the page URL /tin-tuc/2022/trung-lap/ is already used by "
            "content/news/2022/d.md; give one of them a different 'slug'",
            "content/news/2022/ghi-chu.txt:1: file: not a post (.md) nor an attachment (.jpg, .jpeg, .png, "
            ".webp, .gif, .svg, .pdf, .doc, .docx, .xls, .xlsx, .odt, .ods); rename or remove it",
            "content/news/lac-cho.md:1: file: a post must be at content/news/<year>/<name>.md, like "
            "content/news/2022/hoi-nghi.md; move it into its year's folder",
            "Nội dung có 9 lỗi; chưa dựng trang nào. Sửa từng dòng ở trên rồi dựng lại.",
        ]
        assert not (built.site / "tin-tuc").exists()


def test_a_post_of_a_site_with_no_plan_at_all_is_published_with_its_topics_unchecked(make_site):
    built = run_build(make_site({f"{NEWS}/a.md": post()}, plan=False))
    assert built.returncode == 0, built.log
    assert built.log_lines("INFO").count(
        "no plan for 2022 yet: topics checked against nothing (there is no earlier plan)") == 1
    header = built.article("tin-tuc/2022/tin-thu-nghiem/")
    # The id is shown as written: there is no plan to name it, nor a topic page to link to.
    assert [li.get_text(strip=True) for li in header.select(".cchc-topics li")] == ["II.1"]
    assert header.select(".cchc-topics a") == []
