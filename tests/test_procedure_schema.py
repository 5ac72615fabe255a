"""The procedure record's newer parts: a dossier per case, sample data and the named source,
per-way fees as a list, and legal documents known by number and summary only."""

from test_procedures import PATH, VALID, check, edit, errors

DOSSIER = """dossier:
  - name: Phiếu khai báo
    form: mau.pdf
    originals: 1
"""
CASES = """cases:
  - name: Cấp lần đầu
    dossier:
      - name: Phiếu khai báo
        form: mau.pdf
        originals: 1
  - name: Cấp lại
    dossier:
      - name: Phiếu khai báo
        form: mau.pdf
        originals: 1
      - name: Giấy phép cũ
        copies: 1
"""


def test_a_dossier_may_be_given_per_case_each_with_its_components():
    procedure, problems = check(edit(DOSSIER, CASES))
    assert problems == []
    assert [(c.name, [i.name for i in c.items]) for c in procedure.cases] == [
        ("Cấp lần đầu", ["Phiếu khai báo"]), ("Cấp lại", ["Phiếu khai báo", "Giấy phép cũ"])]
    assert [i.name for i in procedure.dossier] == ["Phiếu khai báo", "Phiếu khai báo", "Giấy phép cũ"]
    assert [f.form for f in procedure.forms] == ["content/procedures/buc-xa/mau.pdf"]  # listed once


def test_a_record_without_cases_keeps_its_single_dossier():
    procedure, problems = check(VALID)
    assert problems == [] and procedure.cases == () and [i.name for i in procedure.dossier] == ["Phiếu khai báo"]


def test_the_dossier_is_given_once_and_each_case_is_checked_where_it_is():
    assert errors(edit(DOSSIER, DOSSIER + CASES)) == [
        f"{PATH}:12: Thành phần hồ sơ (dossier): hồ sơ được ghi hai lần; chỉ ghi một trong hai: 'dossier' "
        "(một danh sách) hoặc 'cases' (mỗi trường hợp một hồ sơ)"]
    broken = CASES.replace("      - name: Giấy phép cũ\n        copies: 1\n", "      - name: Giấy phép cũ\n")
    assert errors(edit(DOSSIER, broken.replace("  - name: Cấp lại\n", "  - nam: Cấp lại\n"))) == [
        f"{PATH}:18: cases[2].nam: không có trường 'nam' (có phải là 'name'?); chỉ dùng các trường: name, dossier",
        f"{PATH}:18: Trường hợp (cases[2].name): chưa có; thêm 'name: ...' ghi tên trường hợp, như 'Cấp lần đầu'",
        f"{PATH}:23: Thành phần hồ sơ của trường hợp (cases[2].dossier[2]): chưa ghi số lượng; thêm "
        "'originals: 1' (bản chính), 'copies: 1' (bản sao) hoặc cả hai"]


def test_sample_is_true_or_false_and_source_is_text():
    procedure, problems = check(VALID + "sample: true\nsource: Quyết định 949/QĐ-UBND, phụ lục\n")
    assert problems == [] and procedure.sample and procedure.origin == "Quyết định 949/QĐ-UBND, phụ lục"
    assert errors(VALID + "sample: có\n") == [
        f"{PATH}:25: Dữ liệu minh họa (sample): đang ghi chữ 'có'; ghi true (dữ liệu minh họa) hoặc false"]


def test_a_way_of_submitting_may_list_its_fees_and_a_legal_document_may_lack_date_and_issuer():
    front = edit("  - channel: Trực tiếp\n", "  - channel: Trực tiếp\n    fees:\n      - 'Phí A: 1.000 đồng'\n"
                                              "      - 'Phí B: 2.000 đồng'\n")
    front += "legal_basis:\n  - number: 18/2008/QH12\n    summary: Luật Năng lượng nguyên tử\n"
    procedure, problems = check(front)
    assert problems == []
    assert procedure.channels[1].fees == "Phí A: 1.000 đồng; Phí B: 2.000 đồng"
    assert procedure.legal_basis[0].date is None and procedure.legal_basis[0].issuer == ""
