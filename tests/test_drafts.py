"""Drafts of procedures and bulletins, like those of news posts: a draft may leave required
parts empty, what it does say is still checked, it is never published and the build log lists it."""

from datetime import datetime
from pathlib import Path

import pytest

from cchc.content.bulletins import NewsIndex, check_bulletin
from cchc.dates import VIETNAM
from cchc.content.plan import load_plans
from cchc.content.procedure_catalogue import check_catalogue
from cchc.content.procedure_check import check_procedure
from cchc.content.source import parse
from conftest import run_build

PROJECT = Path(__file__).resolve().parents[1]
PROCEDURE = "content/procedures/buc-xa/khai-bao.md"
BULLETIN = "content/bulletins/2022/07.md"
BUILD_TIME = datetime(2023, 1, 1, tzinfo=VIETNAM)
HELD_BACK = "bản nháp, chưa đăng (bỏ dòng 'draft: true' khi muốn đăng)"


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


def doc_of(front: str, path: str):
    doc, problems = parse("---\n" + front + "---\n", path)
    assert problems == []
    return doc


def procedure_problems(front: str) -> list[str]:
    return [str(p) for p in check_procedure(doc_of(front, PROCEDURE), set())[1]]


def bulletin_check(plans, front: str):
    return check_bulletin(doc_of(front, BULLETIN), plans, {}, NewsIndex.of([]), BUILD_TIME)


def test_a_procedure_draft_may_leave_every_required_part_empty():
    procedure, problems = check_procedure(doc_of("code: 1.099999.H48\nname: Thủ tục mới\ndraft: true\n",
                                                 PROCEDURE), set())
    assert problems == [] and procedure.draft and procedure.code == "1.099999.H48"
    assert procedure.steps == () and procedure.decisions == () and procedure.updated is None


def test_a_procedure_draft_is_still_checked_for_what_it_says():
    assert procedure_problems("draft: true\ncode: 1.4512\nonline: mức độ 4\nsteps: [\"\"]\n"
                              "announced:\n  kind: bỏ\n") == [
        f"{PROCEDURE}:3: Mã thủ tục (code): đang ghi '1.4512'; ghi mã thủ tục như '1.004512', "
        "'1.004512.000.00.00.H48' hoặc '1.004512.H48'",
        f"{PROCEDURE}:4: Dịch vụ công trực tuyến (online): 'mức độ 4' là cách chia mức độ trước Nghị định "
        "42/2022; ghi 'toàn trình'",
        f"{PROCEDURE}:7: Loại công bố (announced.kind): đang ghi chữ 'bỏ'; ghi một trong: new, amended, "
        "replaced, abolished, restored",
    ]


def test_draft_must_be_true_or_false():
    assert (f"{PROCEDURE}:2: Bản nháp (draft): đang ghi chữ 'có'; ghi true hoặc false"
            in procedure_problems("draft: có\n"))


def test_an_empty_list_item_is_reported_as_empty_not_as_a_missing_key():
    problems = procedure_problems("steps:\n  - \"\"\n")
    assert f"{PROCEDURE}:3: Trình tự thực hiện (steps[1]): còn trống; ghi một dòng chữ" in problems


def test_a_published_procedure_cannot_be_replaced_by_a_draft():
    new, _ = check_procedure(doc_of("code: 1.099999.H48\nname: Thủ tục mới\ndraft: true\n",
                                    "content/procedures/moi.md"), set())
    old, problems = check_procedure(doc_of(
        "code: 1.004512\nname: Cũ\nfield: Bức xạ\nsteps: [Nộp.]\nsubmission:\n  - channel: Trực tiếp\n"
        "dossier:\n  - name: Đơn\n    originals: 1\ndossier_count: 01 bộ\ntime_limit: 3 ngày\n"
        "applicants: Tổ chức\ndeciding_agency: Sở\nannounced:\n  - {number: 1/QĐ-UBND, date: 2020-01-01, kind: new}\n"
        "  - {number: 2/QĐ-UBND, date: 2022-01-01, kind: replaced}\nstatus: replaced\n"
        "replaced_by: 1.099999.H48\nupdated: 2022-01-01\n", PROCEDURE), set())
    assert problems == []
    assert [str(p) for p in check_catalogue([new, old])] == [
        f"{PROCEDURE}:19: Mã thủ tục thay thế (replaced_by): thủ tục '1.099999.H48' là bản nháp "
        "(content/procedures/moi.md) nên trang của nó chưa được đăng; hãy đăng thủ tục đó trước (bỏ dòng "
        "'draft: true')"]


def test_a_bulletin_draft_may_leave_title_date_pdf_topics_and_contents_empty(plans):
    bulletin, problems = bulletin_check(plans, 'number: 7\ndate: ""\ntitle: ""\npdf: ""\ntopics: []\n'
                                               "contents: []\ndraft: true\n")
    assert problems == [] and bulletin.draft and bulletin.number == 7 and bulletin.files == ()


def test_a_bulletin_draft_is_still_checked_for_what_it_says(plans):
    bulletin, problems = bulletin_check(plans, "number: 0\ndate: 2022-13-01\ntopics: [II.9]\n"
                                               "pdf: thieu.pdf\ndraft: true\n")
    assert bulletin is None
    assert [f"{p.line}: {p.field}" for p in sorted(problems)] == ["2: number", "3: date", "4: topics", "5: pdf"]


def test_drafts_build_strict_are_not_published_and_are_logged(make_site):
    built = run_build(make_site({
        PROCEDURE: "---\ncode: 1.099999.H48\nname: Thủ tục mới\nfield: \"\"\ndraft: true\n---\n",
        BULLETIN: "---\nnumber: 7\ntitle: \"\"\npdf: \"\"\ntopics: []\ncontents: []\ndraft: true\n---\n",
    }))
    assert built.returncode == 0, built.log
    info = built.log_lines("INFO")
    assert f"{BULLETIN}: {HELD_BACK}" in info and f"{PROCEDURE}: {HELD_BACK}" in info
    assert not (built.site / "thu-tuc-hanh-chinh/1.099999.H48").exists()
    assert not (built.site / "ban-tin/2022/so-7").exists()
    assert "1.099999" not in (built.site / "thu-tuc-hanh-chinh/index.html").read_text(encoding="utf-8")
    assert "Bản tin số 7" not in (built.site / "ban-tin/index.html").read_text(encoding="utf-8")


def test_an_announced_procedure_cannot_be_held_back_as_a_draft(make_site):
    records = sorted((PROJECT / "content/procedures").rglob("*.md"))
    record = next(t for t in (r.read_text(encoding="utf-8") for r in records) if "form:" not in t)
    drafted = record.replace("\n---\n", "\ndraft: true\n---\n", 1)
    line = drafted.split("\n---\n", 1)[0].count("\n") + 1
    built = run_build(make_site({"content/procedures/thu-tuc.md": drafted}))
    assert built.returncode == 1
    [error] = [e for e in built.log_lines("ERROR") if "draft:" in e]
    assert error.startswith(f"content/procedures/thu-tuc.md:{line}: Bản nháp (draft): thủ tục đã được công bố theo "
                            "quyết định ")
    assert error.endswith("nên trang của thủ tục phải luôn được đăng; bỏ dòng 'draft: true' (muốn kết thúc thủ "
                          "tục, thêm quyết định bãi bỏ hoặc thay thế nó)")
