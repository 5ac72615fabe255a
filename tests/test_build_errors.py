"""Bad input: every problem in every file, one line each, then the build stops without a traceback."""

import pytest

from conftest import post, run_build
from support.vietnamese import not_vietnamese

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
        errors = built.log_lines("ERROR")
        assert errors == [
            "content/news/2022/a.md:2: Tiêu đề (title): còn trống; hãy ghi nội dung",
            "content/news/2022/a.md:3: Ngày đăng (date): đang ghi '2022-13-45' (không có ngày, giờ này); ghi "
            "ngày dạng 2022-03-03, hoặc ngày và giờ dạng 2022-03-03 08:30",
            "content/news/2022/a.md:4: Chủ đề của kế hoạch (topics): không có chủ đề 'II.9' trong kế hoạch 2022 "
            "(có phải là 'II.5'?); ghi mã chủ đề của kế hoạch: II.1, II.2, II.2.1, II.2.1.a, II.2.1.b, II.2.2, "
            "II.2.3, II.2.4, II.2.5, II.2.6, II.3, II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, II.3.6, II.3.7, "
            "II.3.8, II.5",
            "content/news/2022/a.md:6: tittle: không có trường 'tittle' (có phải là 'title'?); chỉ dùng các "
            "trường: title, date, summary, topics, unit, image, image_alt, slug, channel, form, draft",
            "content/news/2022/b.md:4: Phần đầu tệp (front matter): không đọc được: danh sách trong ngoặc vuông "
            "chưa đóng đúng (thiếu ']' hoặc dấu phẩy); kiểm tra thụt dòng, và đặt trong ngoặc kép chữ có ': '",
            "content/news/2022/c.md:3: Bảng mã của tệp: tệp không lưu theo bảng mã UTF-8 (không đọc được byte "
            "0xE1); hãy lưu lại tệp theo UTF-8 trong trình soạn thảo",
            "content/news/2022/e.md:6: Địa chỉ trang (slug): địa chỉ trang /tin-tuc/2022/trung-lap/ đã dùng cho "
            "content/news/2022/d.md; đặt 'slug' khác cho một trong hai bài",
            "content/news/2022/ghi-chu.txt:1: Tệp: không phải bài viết (.md) hay tệp đính kèm (.jpg, .jpeg, "
            ".png, .webp, .gif, .svg, .pdf, .doc, .docx, .xls, .xlsx, .odt, .ods); đổi tên hoặc xoá tệp",
            "content/news/lac-cho.md:1: Tệp: bài viết phải nằm ở content/news/<năm>/<tên>.md, như "
            "content/news/2022/hoi-nghi.md; chuyển tệp vào thư mục năm của nó",
            "Nội dung có 9 lỗi; chưa dựng trang nào. Sửa từng dòng ở trên rồi dựng lại.",
        ]
        assert not_vietnamese(errors[:-1]) == []
        assert not (built.site / "tin-tuc").exists()


def test_a_post_of_a_site_with_no_plan_at_all_is_published_with_its_topics_unchecked(make_site):
    built = run_build(make_site({f"{NEWS}/a.md": post()}, plan=False))
    assert built.returncode == 0, built.log
    assert built.log_lines("INFO").count(
        "năm 2022 chưa có kế hoạch: chủ đề của bài chưa được đối chiếu (chưa có kế hoạch nào của các "
        "năm trước)") == 1
    header = built.article("tin-tuc/2022/tin-thu-nghiem/")
    # No plan names its topic, nor has it a page: citizens are shown no bare plan id (issue 32).
    assert header.select(".cchc-topics") == []
    assert "II.1" not in header.get_text()
