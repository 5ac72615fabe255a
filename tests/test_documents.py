"""The documents register (văn bản CCHC): one record checked, the rules across records, the
status as of a day, what cites a document, its feed items and the shipped register."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from cchc.content.citations import Citations
from cchc.content.document_check import check_document, load_documents, with_status
from cchc.content.documents import NUMBER, NUMBER_EXAMPLE, Document, status_on
from cchc.content.load import load_site
from cchc.content.plan import load_plans
from cchc.content.skeletons import document_skeleton
from cchc.content.source import parse
from cchc.dates import VIETNAM, vn_date
from cchc.syndication.channels import document_items
from conftest import PROJECT

BUILD = datetime(2022, 12, 31, 12, tzinfo=VIETNAM)
THE_TEN = {  # the plan's section II.1 and preamble: number -> (type, issuer, signed)
    "76/NQ-CP": ("Nghị quyết", "Chính phủ", date(2021, 7, 15)),
    "04-NQ/TU": ("Nghị quyết", "Tỉnh ủy (Hội nghị lần thứ 5, khóa XX)", date(2021, 10, 18)),
    "93/NQ-HĐND": ("Nghị quyết", "HĐND tỉnh", date(2021, 12, 8)),
    "649/QĐ-UBND": ("Quyết định", "UBND tỉnh", date(2021, 7, 26)),
    "1256/QĐ-UBND": ("Quyết định", "UBND tỉnh", date(2021, 12, 22)),
    "93/QĐ-UBND": ("Quyết định", "UBND tỉnh", date(2022, 1, 24)),
    "119/KH-UBND": ("Kế hoạch", "UBND tỉnh", date(2020, 10, 9)),
    "169/KH-UBND": ("Kế hoạch", "UBND tỉnh", date(2021, 12, 9)),
    "34/KH-UBND": ("Kế hoạch", "UBND tỉnh", date(2022, 3, 3)),
    "305/HD-STTTT": ("Công văn", "Sở Thông tin và Truyền thông", date(2022, 3, 15)),
}


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


def record(number: str = "34/KH-UBND", day: str = "2022-03-03", issuer: str = "UBND tỉnh", **more: str) -> str:
    """A document's text with the given front-matter values (YAML-formatted already)."""
    fields = {"number": number, "type": "Kế hoạch", "issuer": issuer, "date": day,
              "subject": "Tuyên truyền cải cách hành chính năm 2022", "no_file": "true", **more}
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items() if v is not None) + "---\n"


def checked(text: str, plans, path: str = "content/documents/2022/34-kh-ubnd.md", files=None):
    doc, problems = parse(text, path)
    assert problems == []
    return check_document(doc, plans, files or {})


def register(tmp_path: Path, plans, files: dict[str, str], when: datetime = BUILD):
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    documents, problems = load_documents(tmp_path, sorted(files), plans, when)
    return with_status(documents, when.date()), [str(p) for p in problems]


# --- One record ----------------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["34/KH-UBND", "04-NQ/TU", "305/HD-STTTT", "76/NQ-CP", "93/NQ-HĐND",
                                    "1256/QĐ-UBND", "15/2014/QĐ-UBND", "12a/TB-SKHCN"])
def test_numbers_of_the_shapes_documents_carry_are_taken(number):
    assert NUMBER.match(number)


@pytest.mark.parametrize("number", ["34", "34/kh-ubnd", "KH-UBND/34", "34 /KH-UBND",
                                    "1.004512", "34//KH", "٣٤/KH-UBND", "34/KH_UBND"])
def test_a_number_of_another_shape_is_refused_in_vietnamese(number, plans):
    document, problems = checked(record(number=f'"{number}"'), plans)
    assert document is None
    assert [p.field for p in problems] == ["number"]
    assert "không đúng dạng" in problems[0].message and NUMBER_EXAMPLE in problems[0].message


def test_a_valid_record_reads_into_a_document(plans):
    document, problems = checked(record(topics="[II.1]", effective="2022-03-10"), plans)
    assert problems == []
    assert (document.number, document.type, document.issuer, document.date) == (
        "34/KH-UBND", "Kế hoạch", "UBND tỉnh", date(2022, 3, 3))
    assert document.url == "van-ban/2022/34-kh-ubnd/" and document.label == "Kế hoạch số 34/KH-UBND"
    assert document.topics == ("II.1",) and document.no_file and document.file is None


def test_a_published_record_needs_a_file_an_official_address_or_says_it_has_none(plans):
    _, problems = checked(record(no_file=None), plans)
    assert [p.field for p in problems] == ["file"]
    assert "no_file: true" in problems[0].message
    document, problems = checked(record(no_file=None, file="34-kh-ubnd.pdf"), plans,
                                 files={"content/documents/2022/34-kh-ubnd.pdf": 1200})
    assert problems == [] and document.file_url == "van-ban/2022/34-kh-ubnd.pdf"
    document, problems = checked(record(no_file=None, source="https://vanban.example.gov.vn/34"), plans)
    assert problems == [] and document.origin == "https://vanban.example.gov.vn/34"
    _, problems = checked(record(source="https://vanban.example.gov.vn/34"), plans)
    assert [p.field for p in problems] == ["no_file"]
    _, problems = checked(record(no_file=None, source="vanban.example.gov.vn/34"), plans)
    assert [p.field for p in problems] == ["source"] and "https://" in problems[0].message


def test_a_type_outside_the_list_is_refused_with_the_nearest_one(plans):
    _, problems = checked(record(type="Ke hoach"), plans)
    assert [p.field for p in problems] == ["type"]
    assert "(có phải là 'Kế hoạch'?)" in problems[0].message


def test_an_expiry_before_the_document_takes_effect_is_refused(plans):
    _, problems = checked(record(expires="2022-03-01"), plans)
    assert [p.field for p in problems] == ["expires"]


def test_the_file_name_is_the_address_and_must_be_a_slug(plans):
    _, problems = checked(record(), plans, path="content/documents/2022/KH 34.md")
    assert [p.field for p in problems] == ["number"] and "tên tệp" in problems[0].message


def test_a_draft_may_leave_the_file_and_subject_for_later(plans):
    document, problems = checked(record(subject='""', no_file=None, draft="true"), plans)
    assert problems == [] and document.draft


def test_a_new_document_from_cchc_new_is_a_draft_that_passes_the_checks(plans):
    skeleton = document_skeleton("34/KH-UBND", date(2022, 3, 3), plans[2022])
    assert skeleton.path == "content/documents/2022/34-kh-ubnd.md"
    document, problems = checked(skeleton.text, plans, path=skeleton.path)
    assert problems == [] and document.draft and document.number == "34/KH-UBND"


# --- Across records ------------------------------------------------------------------------------

def test_a_number_is_unique_per_issuer_and_year(tmp_path, plans):
    _, problems = register(tmp_path, plans, {
        "content/documents/2022/34-kh-ubnd.md": record(),
        "content/documents/2022/34-kh-ubnd-ban-2.md": record(),
        # Another issuer, or another year of an administrative number: another document.
        "content/documents/2022/34-kh-ubnd-huyen.md": record(issuer="UBND huyện Bình Sơn"),
        "content/documents/2023/34-kh-ubnd.md": record(day="2023-02-01"),
    })
    assert problems == [
        "content/documents/2022/34-kh-ubnd.md:2: number: số ký hiệu 34/KH-UBND của UBND tỉnh đã có ở "
        "content/documents/2022/34-kh-ubnd-ban-2.md; mỗi văn bản một số ký hiệu (cùng cơ quan ban hành, "
        "cùng năm): sửa số, hoặc xoá tệp trùng"]


def test_a_replacement_missing_from_the_register_is_refused(tmp_path, plans):
    _, problems = register(tmp_path, plans, {
        "content/documents/2020/119-kh-ubnd.md": record("119/KH-UBND", "2020-10-09", replaced_by="169/KH-UBND"),
    })
    assert problems == [
        "content/documents/2020/119-kh-ubnd.md:8: replaced_by: không có văn bản số 169/KH-UBND trong sổ "
        "văn bản (content/documents/); thêm văn bản thay thế vào sổ trước, hoặc sửa số ký hiệu"]


def test_a_replacement_loop_is_refused_once(tmp_path, plans):
    _, problems = register(tmp_path, plans, {
        "content/documents/2021/a.md": record("1/KH-UBND", "2021-01-05", replaced_by="2/KH-UBND"),
        "content/documents/2021/b.md": record("2/KH-UBND", "2021-01-05", replaced_by="3/KH-UBND"),
        "content/documents/2021/c.md": record("3/KH-UBND", "2021-01-05", replaced_by="1/KH-UBND"),
    })
    assert problems == [
        "content/documents/2021/a.md:8: replaced_by: vòng thay thế: 1/KH-UBND → 2/KH-UBND → 3/KH-UBND → "
        "1/KH-UBND; một văn bản không thể được thay thế bởi văn bản mà chính nó thay thế: sửa hoặc xoá "
        "một dòng replaced_by"]


def test_a_document_cannot_replace_itself_nor_be_replaced_by_an_older_one(tmp_path, plans):
    _, problems = register(tmp_path, plans, {
        "content/documents/2022/a.md": record("5/KH-UBND", "2022-05-05", replaced_by="5/KH-UBND"),
        "content/documents/2022/b.md": record("6/KH-UBND", "2022-06-06", replaced_by="4/KH-UBND"),
        "content/documents/2022/c.md": record("4/KH-UBND", "2022-04-04"),
    })
    assert [p.split(": ")[0:2] for p in problems] == [
        ["content/documents/2022/a.md:8", "replaced_by"], ["content/documents/2022/b.md:8", "replaced_by"]]
    assert "chính nó" in problems[0] and "phải ban hành sau" in problems[1]


# --- The status on a day -------------------------------------------------------------------------

def _doc(number: str, signed: date, **more) -> Document:
    return Document(f"content/documents/{signed.year}/{number.split('/')[0]}.md", number, "Kế hoạch",
                    "UBND tỉnh", signed, "Trích yếu", **more)


@pytest.mark.parametrize("day, expected", [
    (date(2022, 3, 31), "not_yet"),      # before its own effective date
    (date(2022, 4, 1), "in_force"),
    (date(2022, 6, 30), "amended"),      # the amendment is in force
    (date(2022, 9, 1), "replaced"),      # the replacement is in force
])
def test_the_status_follows_the_day_and_the_documents_that_changed_it(day, expected):
    old = _doc("1/KH-UBND", date(2022, 3, 1), effective=date(2022, 4, 1))
    amending = _doc("2/KH-UBND", date(2022, 6, 1))
    replacing = _doc("3/KH-UBND", date(2022, 8, 1), effective=date(2022, 9, 1))
    assert status_on(old, day, replacing, (amending,)) == expected


def test_an_expired_document_says_so():
    assert status_on(_doc("1/KH-UBND", date(2021, 1, 1), expires=date(2021, 12, 31)), date(2022, 1, 1), None, ()) == "expired"


# --- What cites a document -----------------------------------------------------------------------

def test_a_post_cites_a_document_by_its_whole_number_and_the_year_it_means():
    older, newer = _doc("34/KH-UBND", date(2021, 3, 3)), _doc("34/KH-UBND", date(2022, 3, 3))
    found = Citations([older, newer])
    assert found.cited_by_text("Thực hiện Kế hoạch số 34/KH-UBND của UBND tỉnh", date(2022, 5, 1)) == (newer,)
    assert found.cited_by_text("Kế hoạch 34/KH-UBND", date(2021, 12, 1)) == (older,)
    assert found.cited_by_text("Kế hoạch số 134/KH-UBND; 34/KH-UBNDX; 1/34/KH-UBND", date(2022, 5, 1)) == ()


# --- The shipped register ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped_site():
    return load_site(PROJECT, datetime(2026, 12, 7, 9, tzinfo=VIETNAM))


def test_the_shipped_register_holds_the_ten_documents_of_the_plan_as_it_gives_them(shipped_site):
    assert not shipped_site.problems
    found = {d.number: (d.type, d.issuer, d.date) for d in shipped_site.documents}
    assert found == THE_TEN
    plan_text = (PROJECT.parent / "shared/plan/ke-hoach-tuyen-truyen-cchc-2022.md")
    for document in shipped_site.documents:
        # No invented file nor signer: the department's copies are not here, and each page says so.
        assert document.no_file and not document.file and not document.origin and not document.signer
        if plan_text.is_file():
            assert f"{document.number} ngày {vn_date(document.date)}" in plan_text.read_text(encoding="utf-8")
    by_number = {d.number: d for d in shipped_site.documents}
    assert vn_date(by_number["34/KH-UBND"].date) == "03/3/2022"


def test_the_documents_feed_has_each_document_and_what_changed_it(tmp_path, plans):
    documents, problems = register(tmp_path, plans, {
        "content/documents/2020/119-kh-ubnd.md": record("119/KH-UBND", "2020-10-09", replaced_by="169/KH-UBND"),
        "content/documents/2021/169-kh-ubnd.md": record("169/KH-UBND", "2021-12-09"),
    })
    assert problems == []

    class Register:  # what document_items reads of a Site
        build_time = BUILD

    Register.documents = tuple(documents)
    items = {item.url: item for item in document_items(Register)}
    assert set(items) == {"van-ban/2020/119-kh-ubnd/", "van-ban/2021/169-kh-ubnd/", "van-ban/2020/119-kh-ubnd/#hieu-luc"}
    change = items["van-ban/2020/119-kh-ubnd/#hieu-luc"]
    assert change.title.startswith("Đã được thay thế: Kế hoạch số 119/KH-UBND")
    assert "thay thế bởi Kế hoạch số 169/KH-UBND ngày 09/12/2021" in change.summary


def test_the_plan_check_counts_the_documents_of_its_year_under_iii_2_and_the_report_lists_them(shipped_site):
    from cchc.plan.report import coverage_json, coverages

    coverage = next(c for c in coverages(shipped_site, date(2022, 12, 31)) if c.plan.year == 2022)
    form = next(f for f in coverage.forms if f.form.id == "III.2")
    documents = {i.url for i in form.items if i.kind == "document"}
    assert documents == {"van-ban/2022/93-qd-ubnd/", "van-ban/2022/34-kh-ubnd/", "van-ban/2022/305-hd-stttt/"}
    listed = next(f for f in coverage_json(coverage, "https://x.vn/")["forms"] if f["id"] == "III.2")
    assert {i["url"] for i in listed["items"] if i["kind"] == "document"} == {f"https://x.vn/{u}" for u in documents}

