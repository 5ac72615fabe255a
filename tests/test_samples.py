"""Honest samples (issue 32): what the shipped site shows as an example says it is one, reads as
the department's own pages would, and tells citizens nothing a draft cannot say.

- Each sample bulletin's PDF is a real PDF in Vietnamese (text a reader can select and search, a
  font with every Vietnamese letter), marked as a sample, with its issue's number, date, title
  and contents as the bulletin's record gives them (scripts/sample_bulletins.py made them).
- The citizens' news is about administrative reform, not about how this software works.
- A draft plan's items are never shown to citizens as overdue: its dates bind no one yet.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest

from browser import require
from cchc.content.plan import load_plan
from cchc.content.source import read
from cchc.dates import VIETNAM, vn_date
from cchc.plan.coverage import OVERDUE, STATUS_LABELS
from cchc.plan.dashboard import status_labels
from conftest import PROJECT, post, run_build

pytestmark = pytest.mark.site  # runs pdftotext, or builds a site

BULLETINS = sorted((PROJECT / "content/bulletins").glob("*/*.md"))


def words(text: str) -> str:
    """``text`` as words: NFC, without dashes (poppler joins a line that ends in "-" to the next,
    as a hyphenated word: "2021 -" then "2030" reads "2021 2030"), one space between words."""
    return " ".join(unicodedata.normalize("NFC", text).replace("-", " ").split())


def pdf_text(path: Path) -> str:
    """The words of a PDF as poppler reads them."""
    require(shutil.which("pdftotext") is not None, "no pdftotext on PATH (apt-get install poppler-utils)")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True, timeout=60)
    return words(done.stdout)


def test_the_shipped_bulletins_are_the_six_issues_of_2022():
    assert [p.relative_to(PROJECT).as_posix() for p in BULLETINS] == [
        f"content/bulletins/2022/0{n}.md" for n in range(1, 7)]


@pytest.mark.parametrize("record", BULLETINS, ids=lambda p: p.stem)
def test_each_sample_bulletin_is_a_vietnamese_pdf_of_its_issue_marked_as_a_sample(record):
    doc, problems = read(PROJECT, record.relative_to(PROJECT).as_posix())
    assert problems == []
    meta = doc.meta
    text = pdf_text(record.parent / meta["pdf"])
    assert text.startswith("SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI BẢN TIN CẢI CÁCH HÀNH CHÍNH")
    # Said at the top, in the masthead's box, and again at the foot of every page.
    assert "BẢN MẪU: tệp này minh hoạ cách chuyên mục trình bày một số bản tin" in text
    day = date.fromisoformat(str(meta["date"])[:10])
    assert f"Bản mẫu · Bản tin CCHC số {meta['number']}/{day.year} · trang 1/" in text
    assert f"Số {meta['number']}/{day.year} · ngày {vn_date(day)}" in text
    assert words(meta["title"]) in text
    for index, entry in enumerate(meta["contents"], start=1):
        title = entry["title"] if isinstance(entry, dict) else entry
        assert f"{index}. {words(title)}" in text


def news_pages(built) -> list[Path]:
    """Every published news post of the shipped site (tin-tuc/<year>/<slug>/)."""
    return sorted(p for p in (built.site / "tin-tuc").glob("*/*/index.html") if p.parent.parent.name.isdigit())


# Words with which a post explains the software (how topic codes are checked, what the site does
# before a plan exists) rather than the department's reform.
ABOUT_THE_SOFTWARE = ("mã chủ đề", "kế hoạch gần nhất", "cách trang hoạt động", "minh hoạ một năm chưa có kế hoạch")


def test_the_citizens_news_is_about_administrative_reform_not_about_the_software(shipped):
    pages = news_pages(shipped)
    assert len(pages) > 20
    for page in pages:
        url = page.parent.relative_to(shipped.site).as_posix() + "/"
        text = shipped.article(url).get_text(" ")
        assert not [words for words in ABOUT_THE_SOFTWARE if words in text.lower()], url


def test_a_draft_plans_page_shows_what_is_not_done_never_overdue(make_site):
    # The shipped draft 2023 plan, seen after its dates: every item it lists is past them.
    root = make_site({"content/plans/2023.yml": (PROJECT / "content/plans/2023.yml").read_text(encoding="utf-8"),
                      "content/news/2023/a.md": post(title="Tin năm 2023", date="2023-03-01", topics="[II.1]")},
                     plan=False)
    built = run_build(root, epoch=str(int(datetime(2024, 1, 1, tzinfo=VIETNAM).timestamp())), as_of=None)
    assert built.returncode == 0, built.log
    page = built.article("ke-hoach/2023/")
    text = " ".join(page.get_text(" ").split())
    assert "Kế hoạch còn là bản nháp, chưa ký" in text
    assert "quá hạn" not in text.lower()
    counts = {li["class"][1].removeprefix("cchc-count--"): li.select_one(".cchc-count-label").get_text()
              for li in page.select(".cchc-counts li")}
    assert counts["overdue"] == "Chưa thực hiện"
    assert {badge.get_text() for badge in page.select(".cchc-rows .cchc-status")} == {"Đã thực hiện", "Chưa thực hiện"}
    # The index of years counts nothing of the draft as overdue.
    row = built.article("ke-hoach/").select_one("#nam-2023")
    assert row.select_one(".cchc-plan-state").get_text() == "Dự thảo, chưa ký (tiến độ chỉ để tham khảo)"
    assert row.select_one(".cchc-count-overdue").get_text() == "-"


def test_a_signed_plans_overdue_items_are_still_called_overdue():
    signed, _ = load_plan(PROJECT, "content/plans/2022.yml")
    draft, _ = load_plan(PROJECT, "content/plans/2023.yml")
    assert (signed.draft, draft.draft) == (False, True)
    assert status_labels(signed)[OVERDUE] == STATUS_LABELS[OVERDUE] == "Quá hạn"
    assert status_labels(draft)[OVERDUE] == "Chưa thực hiện"
