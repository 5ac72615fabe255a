"""The documents register, the contact and the accessibility statement on built sites: the
shipped register, a replaced document, the pages that cite a document, refused registers."""

from __future__ import annotations

import json

import pytest

from conftest import post, run_build
from test_documents import THE_TEN, record
from test_feed_validator import validate

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

DOCS = "content/documents"


def _cells(article) -> dict[str, str]:
    table = article.select_one(".cchc-document-record table")
    return {" ".join(row.th.get_text().split()): " ".join(row.td.get_text().split()) for row in table.select("tr")}


def test_the_shipped_register_lists_the_ten_documents_newest_first(shipped):
    assert shipped.returncode == 0, shipped.log
    register = shipped.article("van-ban/")
    links = [a.get_text(strip=True) for a in register.select(".cchc-document-list .cchc-procedure-name a")]
    assert sorted(link.rsplit(" ", 1)[1] for link in links) == sorted(THE_TEN)
    signed = [THE_TEN[link.rsplit(" ", 1)[1]][2] for link in links]
    assert signed == sorted(signed, reverse=True)
    assert [h.get_text(" ", strip=True) for h in register.select("section h2")] == [
        "Năm 2022 (3 văn bản)", "Năm 2021 (6 văn bản)", "Năm 2020 (1 văn bản)"]
    # Without JavaScript the filter stays hidden and the list is all there is.
    assert register.select_one("form[data-cchc-documents-filter]").has_attr("hidden")
    assert register.get_text().count("Chưa có bản điện tử") == 10


def test_a_shipped_document_page_shows_its_fields_and_says_there_is_no_file(shipped):
    article = shipped.article("van-ban/2022/34-kh-ubnd/")
    assert article.h1.get_text(strip=True) == "Kế hoạch số 34/KH-UBND"
    cells = _cells(article)
    assert cells["Số ký hiệu"] == "34/KH-UBND" and cells["Loại văn bản"] == "Kế hoạch"
    assert cells["Cơ quan ban hành"] == "UBND tỉnh" and cells["Ngày ban hành"] == "03/3/2022"
    assert cells["Người ký"].startswith("Chưa có thông tin")
    assert cells["Tệp văn bản"].startswith("Sở chưa có bản điện tử")
    assert cells["Tình trạng hiệu lực"] == "Còn hiệu lực"


# A unit's contact as a department writes it (the shipped mkdocs.yml leaves unknown details empty).
CONTACT = {"address": "Số 1 đường Thử Nghiệm, phường Mẫu, tỉnh Quảng Ngãi", "phone": "0255 3000 000",
           "email": "cchc@skhcn.example.gov.vn", "feedback_email": "phananh@skhcn.example.gov.vn"}


@pytest.fixture(scope="module")
def contacted(tmp_path_factory):
    root = tmp_path_factory.mktemp("contacted")
    (root / "content/news/2022").mkdir(parents=True)
    (root / "content/news/2022/tin.md").write_text(post(), encoding="utf-8")
    built = run_build(root, contact=CONTACT)
    assert built.returncode == 0, built.log
    return built


def test_every_page_shows_the_unit_s_hours_and_contact_and_links_the_contact_and_accessibility_pages(contacted):
    for url in ("", "van-ban/", "tin-tuc/", "thu-tuc-hanh-chinh/", "lien-he/"):
        footer = contacted.page(url).select_one(".md-copyright")
        text = footer.get_text(" ", strip=True)
        assert "Giờ làm việc: Thứ Hai đến thứ Sáu" in text and "0255 3000 000" in text, url
        assert "cchc@skhcn.example.gov.vn" in text and "Bộ phận một cửa" in text, url
        hrefs = [a["href"] for a in footer.select("a")]
        assert any(h.endswith("lien-he/") or (url, h) == ("lien-he/", "./") for h in hrefs), url
        assert any(h.endswith("tiep-can/") for h in hrefs), url


def test_the_contact_page_has_the_one_stop_desk_feedback_and_government_organization_data(contacted):
    article = contacted.article("lien-he/")
    text = article.get_text(" ", strip=True)
    assert "Bộ phận một cửa" in text and "Phản ánh, kiến nghị" in text
    assert article.select_one('a[href^="https://dichvucong.gov.vn/"]')
    assert article.select_one('a[href="mailto:phananh@skhcn.example.gov.vn"]')
    data = json.loads(article.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "GovernmentOrganization" and data["name"] == "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    assert data["telephone"] == "0255 3000 000" and data["address"]["@type"] == "PostalAddress"
    assert {p["contactType"] for p in data["contactPoint"]} == {"Bộ phận một cửa", "Phản ánh, kiến nghị"}
    statement = contacted.article("tiep-can/").get_text(" ", strip=True)
    assert "WCAG" in statement and "Những hạn chế đã biết" in statement and "Báo lỗi tiếp cận" in statement


def test_the_shipped_contact_shows_no_detail_the_project_does_not_know(shipped):
    """The shipped mkdocs.yml leaves the address, numbers and emails empty until the department
    writes them: citizens see the unit, its hours, the one-stop desk and the national portal,
    and no invented number or address."""
    article = shipped.article("lien-he/")
    text = article.get_text(" ", strip=True)
    assert "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi" in text and "Phản ánh, kiến nghị" in text
    assert article.select_one('a[href="https://dichvucong.gov.vn/"]')
    assert not article.select('a[href^="tel:"], a[href^="mailto:"]')
    data = json.loads(article.select_one('script[type="application/ld+json"]').string)
    assert "telephone" not in data and "address" not in data and "email" not in data
    footer = shipped.page("").select_one(".md-copyright").get_text(" ", strip=True)
    assert "Giờ làm việc: Thứ Hai đến thứ Sáu" in footer and "Điện thoại" not in footer


def test_a_replaced_document_links_its_replacement_and_the_feed_says_so(make_site):
    built = run_build(make_site({
        f"{DOCS}/2020/119-kh-ubnd.md": record("119/KH-UBND", "2020-10-09", replaced_by="169/KH-UBND"),
        f"{DOCS}/2021/169-kh-ubnd.md": record("169/KH-UBND", "2021-12-09"),
        f"{DOCS}/2021/169-kh-ubnd.pdf": b"%PDF-1.4\n% sample\n",
    }))
    assert built.returncode == 0, built.log
    old = built.article("van-ban/2020/119-kh-ubnd/")
    notice = old.select_one("#hieu-luc")
    assert notice.get_text(" ", strip=True).startswith("Đã được thay thế bởi Kế hoạch số 169/KH-UBND")
    assert notice.a["href"] == "../../2021/169-kh-ubnd/"
    assert _cells(old)["Tình trạng hiệu lực"] == "Đã được thay thế (thay thế bởi 169/KH-UBND)"
    new = built.article("van-ban/2021/169-kh-ubnd/")
    assert "Văn bản này thay thế Kế hoạch số 119/KH-UBND" in new.get_text(" ", strip=True)
    feed = built.site / "van-ban/feed.xml"
    assert "Đã được thay thế: Kế hoạch số 119/KH-UBND" in feed.read_text(encoding="utf-8")
    done = validate(feed)
    assert "0 error(s)" in done.stdout, done.stdout + done.stderr


def test_a_post_and_a_procedure_that_cite_a_document_link_to_it_and_it_lists_them(make_site):
    procedure = (PROCEDURE.replace("NUMBER", "34/KH-UBND"))
    built = run_build(make_site({
        f"{DOCS}/2022/34-kh-ubnd.md": record(),
        "content/news/2022/trien-khai.md": post(title="Triển khai kế hoạch tuyên truyền",
                                                body="Thực hiện Kế hoạch số 34/KH-UBND ngày 03/3/2022 của UBND tỉnh."),
        "content/procedures/thu-nghiem/khai-bao.md": procedure,
    }))
    assert built.returncode == 0, built.log
    header = built.article("tin-tuc/2022/trien-khai-ke-hoach-tuyen-truyen/").select_one(".cchc-post-documents")
    assert header.a["href"] == "../../../van-ban/2022/34-kh-ubnd/"
    basis = built.article("thu-tuc-hanh-chinh/1.004599/").select_one('a[href$="van-ban/2022/34-kh-ubnd/"]')
    assert basis.get_text() == "34/KH-UBND"
    cited = built.article("van-ban/2022/34-kh-ubnd/").select_one("#trich-dan").find_next_siblings("ul")
    assert [ul.a.get_text() for ul in cited] == ["Khai báo thiết bị thử nghiệm", "Triển khai kế hoạch tuyên truyền"]


@pytest.mark.parametrize("files, expected", [
    ({f"{DOCS}/2022/a.md": record("1/KH-UBND", replaced_by="2/KH-UBND"),
      f"{DOCS}/2022/b.md": record("2/KH-UBND", replaced_by="1/KH-UBND")},
     "content/documents/2022/a.md:8: Được thay thế bởi (replaced_by): vòng thay thế: 1/KH-UBND → 2/KH-UBND → 1/KH-UBND"),
    ({f"{DOCS}/2022/a.md": record("1/KH-UBND", replaced_by="9/KH-UBND")},
     "content/documents/2022/a.md:8: Được thay thế bởi (replaced_by): không có văn bản số 9/KH-UBND trong sổ văn bản"),
    ({f"{DOCS}/2022/a.md": record(), f"{DOCS}/2022/b.md": record()},
     "content/documents/2022/b.md:2: Số ký hiệu (number): số ký hiệu 34/KH-UBND của UBND tỉnh đã có ở content/documents/2022/a.md"),
])
def test_a_loop_a_missing_replacement_and_a_duplicate_number_stop_the_build(make_site, files, expected):
    built = run_build(make_site(files))
    assert built.returncode == 1
    assert any(line.startswith(expected) for line in built.log_lines("ERROR")), built.log


PROCEDURE = """---
code: 1.004599
sample: true
name: Khai báo thiết bị thử nghiệm
field: Thử nghiệm
steps: [Nộp phiếu khai báo.]
submission: [{channel: Trực tuyến}]
dossier: [{name: Phiếu khai báo, originals: 1}]
dossier_count: 01 bộ
time_limit: 03 ngày làm việc
applicants: Tổ chức, cá nhân
deciding_agency: Sở Khoa học và Công nghệ
legal_basis:
  - number: NUMBER
    summary: Tuyên truyền cải cách hành chính năm 2022
announced: {number: 441/QĐ-UBND, date: 2021-04-06, kind: new}
updated: 2022-06-15
---
"""


def test_cchc_new_document_makes_a_draft_named_after_the_number_and_never_a_second(tmp_path):
    import shutil
    import subprocess

    from conftest import CCHC, PROJECT

    shutil.copytree(PROJECT / "content/plans", tmp_path / "content/plans")
    command = [*CCHC, "new", "--root", str(tmp_path), "document", "34/KH-UBND", "2022-03-03"]
    made = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    assert made.returncode == 0, made.stderr
    assert "content/documents/2022/34-kh-ubnd.md" in made.stdout and "/van-ban/2022/34-kh-ubnd/" in made.stdout
    text = (tmp_path / "content/documents/2022/34-kh-ubnd.md").read_text(encoding="utf-8")
    assert "number: 34/KH-UBND" in text and "date: 2022-03-03" in text and "draft: true" in text
    again = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
    assert again.returncode == 1 and "không bao giờ ghi đè" in again.stderr
