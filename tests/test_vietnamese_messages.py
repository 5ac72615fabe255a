"""Every message an editor reads about content is Vietnamese: `tệp:dòng: trường: …`, the field
named as the form labels it with its key (`Tiêu đề (title)`), what was found and what to write.

The checker's own tests run the same rule (tests/support/vietnamese.py) on every message their
broken examples make; here one content folder holds a broken file of every kind, read as the
build reads it, and the build's other content lines are held to the rule too."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from cchc.build import sample_problems
from cchc.config import Options
from cchc.content.load import load_site
from cchc.content.plan_years import plan_notes
from cchc.dates import VIETNAM
from cchc.plan.report import coverages
from cchc.content.schedule import next_scheduled_line
from conftest import PROJECT
from support.vietnamese import english_words, not_vietnamese

NOW = datetime(2022, 12, 1, tzinfo=VIETNAM)
NEWS, BULLETINS, PROCEDURES = "content/news/2022", "content/bulletins/2022", "content/procedures/buc-xa"
POST = "---\ntitle: Hội nghị CCHC\ndate: 2022-03-03\ntopics: [II.1]\nsummary: Tóm tắt.\n{}---\nThân bài.\n"
PROCEDURE = (PROJECT / "content/procedures").rglob("*.md").__next__().read_text(encoding="utf-8")
BULLETIN = (PROJECT / BULLETINS / "02.md").read_text(encoding="utf-8")

# A broken file of every kind, one mistake or several each: what editors get wrong.
BROKEN = {
    f"{NEWS}/a.md": '---\ntitle: ""\ndate: 2022-13-45\ntopics: [II.9, II.9]\ntittle: x\ndraft: maybe\n---\n',
    f"{NEWS}/b.md": "---\ntitle: Tin\nsummary: [chưa đóng\ndate: 2022-01-01\n---\n",
    f"{NEWS}/c.md": b"---\ntitle: Tin\nsummary: C\xe1c\n---\n",
    f"{NEWS}/d.md": POST.format("slug: Hội nghị\nimage: anh.jpg\nchannel: radi\nform: III.9\n"),
    f"{NEWS}/e.md": POST.format("").replace("Hội nghị CCHC", "<b>Hội nghị</b>").replace("2022-03-03", "2021-12-31"),
    f"{NEWS}/f.md": POST.format("title: lần hai\n"),
    f"{NEWS}/g.md": "không có phần đầu\n",
    f"{NEWS}/h.md": POST.format("unit: &a Văn phòng\n"),
    f"{NEWS}/i.md": POST.format("image: hinh.svg\nimage_alt: Hình\n"),
    f"{NEWS}/hinh.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    f"{NEWS}/ghi-chu.txt": "ghi chú",
    "content/news/lac-cho.md": POST.format(""),
    f"{BULLETINS}/09.md": BULLETIN.replace("number: 2", "number: 0").replace("pdf: ", "pdf: thieu-"),
    f"{BULLETINS}/10.md": "---\nnumber: 10\ndate: 2022-05-01\ntitle: Bản tin\npdf: gia.pdf\ntopics: [II.1]\n"
                          "contents:\n  - Hỏi đáp: nộp hồ sơ\n  - post: content/news/2022/khong-co.md\n---\n",
    f"{BULLETINS}/gia.pdf": "<html>không phải PDF</html>",
    f"{PROCEDURES}/a.md": PROCEDURE.replace("online: toàn trình", "online: mức độ 4")
                          .replace("kind: ", "kind: sửa-", 1).replace("updated: ", "status: replaced\nupdated: "),
    f"{PROCEDURES}/b.md": "---\ncode: 1.0045\nname: Thủ tục\nsteps:\n  - Bước 1: nộp\ndossier:\n  - name: Đơn\n"
                          "    originals: 0\n    form: ../../mau.exe\nupdated: 2022-02-30\n---\n",
    "content/plans/2023.yml": "year: 2024\ntitle: Kế hoạch\ntopics:\n  - id: II.1\n    name: A\n    title: A\n"
                              "  - id: II.1\n    name: B\n    title: B\nforms:\n  - id: III.1\n    title: X\n"
                              "    window: Q5\n    quotas:\n      - id: radio\n        title: R\n        target: 0\n"
                              "deadlines:\n  units_report: 2023-13-01\n  department_report: 2023-11-15\n",
    "content/plans/2024.yml": "year: 2024\ntitle: [chưa đóng\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(PROJECT / "content", root / "content")
    for rel, text in BROKEN.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_site(root, NOW)


def test_the_rule_catches_english_a_bad_shape_and_a_field_named_by_key_alone():
    assert not_vietnamese(["content/news/2022/a.md:2: Tiêu đề (title): còn trống; hãy ghi nội dung"]) == []
    assert len(not_vietnamese([
        "content/news/2022/a.md:2: Tiêu đề (title): missing or empty; expected text",
        "content/news/2022/a.md:2: title: còn trống; hãy ghi nội dung",
        "content/news/2022/a.md:2: Tóm tắt (title): còn trống; hãy ghi nội dung",
        "content/news/2022/a.md: còn trống",
    ])) == 4
    # What the editor wrote is quoted back as written, English or not.
    assert english_words("đang ghi 'not found'; ghi true hoặc false") == []


def test_every_problem_of_a_broken_content_folder_is_vietnamese_and_names_its_field(site):
    problems = [str(p) for p in site.problems]
    assert len(problems) > 40
    assert not_vietnamese(problems) == []
    # Each kind is there, its fields named by their labels.
    for line in ("content/news/2022/a.md:2: Tiêu đề (title): còn trống; hãy ghi nội dung",
                 "content/news/2022/a.md:5: tittle: không có trường 'tittle' (có phải là 'title'?); chỉ dùng "
                 "các trường: title, date, summary, topics, unit, image, image_alt, slug, channel, form, draft"):
        assert line in problems
    named = {p.split(": ")[1] for p in problems}
    assert {"Mã thủ tục (code)", "Số bản tin (number)", "Tệp bài viết trên trang (contents[2].post)",
            "Mẫu đơn, tờ khai (dossier[1].form)", "Chủ đề của kế hoạch (topics)", "Phần đầu tệp (front matter)",
            "Bảng mã của tệp", "Tệp", "Năm của kế hoạch (year)", "Mã chủ đề (topics[II.1].id)"} <= named


def test_the_builds_other_content_lines_are_vietnamese(site):
    """Plan notes and findings, sample procedures: the build log's lines about content."""
    findings = [str(f) for c in coverages(site, NOW.date()) for f in c.findings()]
    notes = [*site.plan_years.notes([2022, 2023, 2025]), *(line for p in site.plans.values() for line in plan_notes(p))]
    samples = sample_problems(site.procedures, Options(samples="error"))[0]
    assert findings and notes and samples
    assert not_vietnamese([*findings, *samples]) == []
    # A year without a plan is said without a line number: its words are held to the rule.
    assert [line for line in notes if english_words(line)] == []
    upcoming = next_scheduled_line(load_site(PROJECT, datetime(2022, 1, 1, tzinfo=VIETNAM)))
    assert upcoming and english_words(upcoming) == []
