"""Procedure records (TTHC): the pure validation, each mistake as `path:line: field: message`."""

from datetime import date

import pytest

from cchc.content.procedure_catalogue import check_catalogue, load_procedures
from cchc.content.procedure_check import check_procedure
from cchc.content.procedures import PORTAL_URL, base_code
from cchc.content.source import parse
from support.vietnamese import not_vietnamese

PATH = "content/procedures/buc-xa/khai-bao.md"
FORM = "content/procedures/buc-xa/mau.pdf"

# A complete record; the line of each key is the comment's number (line 1 is the opening ---).
VALID = """\
code: 1.004512.000.00.00.H48
name: Khai báo thiết bị X-quang chẩn đoán trong y tế
field: An toàn bức xạ và hạt nhân
steps:
  - Nộp phiếu khai báo cho Sở.
  - Nhận giấy xác nhận khai báo.
submission:
  - channel: Trực tuyến
    notes: Trên Cổng Dịch vụ công quốc gia.
  - channel: Trực tiếp
dossier:
  - name: Phiếu khai báo
    form: mau.pdf
    originals: 1
dossier_count: 01 bộ
time_limit: 03 ngày làm việc
applicants: Tổ chức, cá nhân có thiết bị X-quang
deciding_agency: Sở Khoa học và Công nghệ
announced:
  number: 441/QĐ-UBND
  date: 2021-04-06
  kind: amended
updated: 2022-06-15
"""


def doc_of(front: str, path: str = PATH):
    doc, problems = parse("---\n" + front + "---\nHướng dẫn thêm.\n", path)
    assert problems == []
    return doc


def check(front: str, files=(FORM,), path: str = PATH):
    return check_procedure(doc_of(front, path), set(files))


def errors(front: str, files=(FORM,)) -> list[str]:
    procedure, problems = check(front, files)
    assert procedure is None
    assert not_vietnamese(problems) == []
    return [str(p) for p in problems]


def edit(old: str, new: str, front: str = VALID) -> str:
    assert front.count(old) == 1, old
    return front.replace(old, new)


def test_a_valid_record_becomes_a_procedure():
    procedure, problems = check(VALID)
    assert problems == []
    assert procedure.code == "1.004512.000.00.00.H48"
    assert procedure.base_code == "1.004512"
    assert procedure.url == "thu-tuc-hanh-chinh/1.004512.000.00.00.H48/"
    assert procedure.portal_url == PORTAL_URL.format(code="1.004512")
    assert procedure.steps == ("Nộp phiếu khai báo cho Sở.", "Nhận giấy xác nhận khai báo.")
    assert procedure.applicants == ("Tổ chức, cá nhân có thiết bị X-quang",)
    assert procedure.online is None and procedure.fees == ()
    assert procedure.status == "active" and procedure.in_force
    assert procedure.decision.number == "441/QĐ-UBND" and procedure.decision.kind_label == "sửa đổi, bổ sung"
    assert procedure.updated == date(2022, 6, 15)
    assert procedure.body == "Hướng dẫn thêm.\n"


def test_a_way_of_submitting_takes_the_overall_time_limit_and_fee_unless_it_has_its_own():
    front = edit("  - channel: Trực tiếp\n", "  - channel: Trực tiếp\n    time_limit: 05 ngày\n    fees: 50.000 đồng\n")
    online, in_person = check(front)[0].channels
    assert (online.channel, online.time_limit, online.fees) == ("Trực tuyến", "03 ngày làm việc", "Không")
    assert (in_person.time_limit, in_person.fees) == ("05 ngày", "50.000 đồng")


def test_a_form_beside_the_record_is_published_under_the_procedures_url():
    item = check(VALID)[0].dossier[0]
    assert item.form == FORM
    assert item.form_url == "thu-tuc-hanh-chinh/bieu-mau/buc-xa/mau.pdf"
    assert item.form_label == "mau.pdf"


@pytest.mark.parametrize("code", ["1.004512", "2.002131", "3.000453", "1.014393.000.00.00.H48", "1.014393.H48"])
def test_national_and_provincial_codes_are_accepted(code):
    procedure, problems = check(edit("code: 1.004512.000.00.00.H48", f"code: {code}"))
    assert problems == []
    assert procedure.code == code and base_code(code) == code[:8]


def test_an_unquoted_national_code_keeps_its_trailing_zero():
    # YAML alone would read 1.004510 as the number 1.00451.
    procedure, _ = check(edit("code: 1.004512.000.00.00.H48", "code: 1.004510"))
    assert procedure.code == "1.004510"


@pytest.mark.parametrize("code", ["1.4512", "1.004512.H4", "1.004512.000.00.H48", "0.004512", "TTHC-01"])
def test_a_malformed_code_is_reported(code):
    assert errors(edit("code: 1.004512.000.00.00.H48", f"code: {code}")) == [
        f"{PATH}:2: Mã thủ tục (code): đang ghi {code!r}; ghi mã thủ tục như '1.004512', "
        "'1.004512.000.00.00.H48' hoặc '1.004512.H48'"]


def test_every_part_decree_63_makes_mandatory_is_required():
    front = "code: 1.004512\nannounced: {number: 441/QĐ-UBND, date: 2021-04-06, kind: new}\nupdated: 2022-06-15\n"
    assert errors(front) == [
        f"{PATH}:1: Đối tượng thực hiện (applicants): chưa có; thêm dòng 'applicants: ...' ghi đối tượng thực hiện",
        f"{PATH}:1: Cơ quan có thẩm quyền quyết định (deciding_agency): chưa có; thêm dòng 'deciding_agency: ...' "
        "ghi cơ quan có thẩm quyền quyết định",
        f"{PATH}:1: Thành phần hồ sơ (dossier): chưa có; thêm dòng 'dossier: ...' ghi danh sách giấy tờ của hồ sơ, "
        "mỗi giấy tờ một mục với 'name', 'originals' và 'copies'",
        f"{PATH}:1: Số lượng hồ sơ (dossier_count): chưa có; thêm dòng 'dossier_count: ...' ghi số bộ hồ sơ phải "
        "nộp, như '01 bộ'",
        f"{PATH}:1: Lĩnh vực (field): chưa có; thêm dòng 'field: ...' ghi lĩnh vực, như 'Chuyển giao công nghệ'",
        f"{PATH}:1: Tên thủ tục (name): chưa có; thêm dòng 'name: ...' ghi tên thủ tục đúng như quyết định công bố",
        f"{PATH}:1: Trình tự thực hiện (steps): chưa có; thêm dòng 'steps: ...' ghi danh sách các bước, mỗi bước "
        "một dòng '- ...'",
        f"{PATH}:1: Cách thức thực hiện (submission): chưa có; thêm dòng 'submission: ...' ghi danh sách cách nộp "
        "hồ sơ, mỗi cách một mục với 'channel', 'time_limit', 'fees' và 'notes'",
        f"{PATH}:1: Thời hạn giải quyết (time_limit): chưa có; thêm dòng 'time_limit: ...' ghi thời hạn, như "
        "'10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ'",
    ]


def test_an_empty_part_is_reported_on_its_line():
    assert errors(edit("time_limit: 03 ngày làm việc", "time_limit: ''")) == [
        f"{PATH}:17: Thời hạn giải quyết (time_limit): còn trống; ghi thời hạn, như "
        "'10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ'"]


def test_problems_inside_a_list_point_at_their_own_line():
    front = edit("    form: mau.pdf\n    originals: 1\n", "    form: mau-01.pdf\n    orginals: 1\n")
    front = edit("  - channel: Trực tiếp\n", "  - chanel: Trực tiếp\n", front)
    assert errors(front) == [
        f"{PATH}:11: submission[2].chanel: không có trường 'chanel' (có phải là 'channel'?); "
        "chỉ dùng các trường: channel, time_limit, fees, notes",
        f"{PATH}:11: Cách nộp (submission[2].channel): chưa có; thêm 'channel: ...' ghi cách nộp, như "
        "'Trực tiếp', 'Trực tuyến' hoặc 'Dịch vụ bưu chính'",
        f"{PATH}:14: Mẫu đơn, tờ khai (dossier[1].form): không tìm thấy tệp content/procedures/buc-xa/mau-01.pdf; "
        "đặt mẫu đơn cùng thư mục với thủ tục hoặc sửa tên tệp",
        f"{PATH}:15: dossier[1].orginals: không có trường 'orginals' (có phải là 'originals'?); "
        "chỉ dùng các trường: name, form, form_name, originals, copies, notes",
    ]


def test_a_dossier_component_says_how_many_to_bring():
    assert errors(edit("    originals: 1\n", "")) == [
        f"{PATH}:13: Thành phần hồ sơ (dossier[1]): chưa ghi số lượng; thêm 'originals: 1' (bản chính), "
        "'copies: 1' (bản sao) hoặc cả hai"]


@pytest.mark.parametrize("form, message", [
    ("mau.txt", "đang ghi chữ 'mau.txt'; ghi tên tệp mẫu đơn đặt cùng thư mục với thủ tục (.doc, .docx, .pdf)"),
    ("../tin-tuc/mau.pdf", "đang ghi '../tin-tuc/mau.pdf', một tệp ở ngoài thư mục; ghi tên tệp trong thư mục "
                           "của thủ tục hoặc thư mục con"),
    ("https://example.com/mau.pdf", "đang ghi 'https://example.com/mau.pdf', một tệp ở ngoài thư mục; ghi tên "
                                    "tệp trong thư mục của thủ tục hoặc thư mục con"),
])
def test_a_form_must_be_a_document_beside_the_record(form, message):
    assert errors(edit("form: mau.pdf", f"form: {form}")) == [f"{PATH}:14: Mẫu đơn, tờ khai (dossier[1].form): {message}"]


def test_counts_of_originals_and_copies_are_positive_whole_numbers():
    assert errors(edit("originals: 1", "originals: một")) == [
        f"{PATH}:15: Số bản chính (dossier[1].originals): đang ghi chữ 'một'; ghi số nguyên dương (1, 2...), "
        "hoặc bỏ 'originals' khi không có"]


def test_an_unknown_field_suggests_the_right_one():
    assert errors(VALID + "replace_by: 1.004513\n") == [
        f"{PATH}:25: replace_by: không có trường 'replace_by' (có phải là 'replaced_by'?); chỉ dùng các trường: "
        "code, sample, source, name, "
        "field, level, kind, online, steps, submission, dossier, cases, dossier_count, time_limit, applicants, "
        "deciding_agency, performing_agency, authorised_agency, coordinating_agencies, submit_at, result, "
        "fees, requirements, legal_basis, announced, updated, status, replaced_by, draft"]


def test_dates_must_be_real_days():
    front = edit("updated: 2022-06-15", "updated: 2022-02-30")
    front += "legal_basis:\n  - number: 18/2008/QH12\n    summary: Luật Năng lượng nguyên tử\n" \
             "    date: 03/6/2008\n    issuer: Quốc hội\n"
    assert errors(front) == [
        f"{PATH}:24: Ngày cập nhật (updated): đang ghi '2022-02-30' (không có ngày này trong lịch); ghi ngày "
        "dạng 2022-03-03",
        f"{PATH}:28: Ngày ban hành (legal_basis[1].date): đang ghi '03/6/2008'; ghi ngày dạng 2022-03-03",
    ]


def test_the_last_update_cannot_come_before_the_announcing_decision():
    assert errors(edit("updated: 2022-06-15", "updated: 2021-01-01")) == [
        f"{PATH}:24: Ngày cập nhật (updated): ngày 2021-01-01 trước ngày của quyết định công bố sau cùng "
        "(2021-04-06); ghi ngày cập nhật từ ngày quyết định đó trở về sau"]


def test_the_announcing_decision_is_checked():
    front = edit("  number: 441/QĐ-UBND\n  date: 2021-04-06\n  kind: amended\n",
                 "  number: Quyết định 441\n  date: 2021-04-06\n  kind: ammended\n")
    assert errors(front) == [
        f"{PATH}:21: Số quyết định (announced.number): đang ghi 'Quyết định 441'; ghi số ký hiệu văn bản như "
        "'949/QĐ-UBND' hoặc '15/2014/QĐ-UBND'",
        f"{PATH}:23: Loại công bố (announced.kind): đang ghi chữ 'ammended' (có phải là 'amended'?); ghi một "
        "trong: new, amended, replaced, abolished, restored",
    ]


@pytest.mark.parametrize("written, expected", [("toàn trình", "toàn trình"), ("Một phần", "một phần"),
                                               ("không", None)])
def test_online_service_levels(written, expected):
    assert check(VALID + f"online: {written}\n")[0].online == expected


@pytest.mark.parametrize("written, message", [
    ("mức độ 4", "'mức độ 4' là cách chia mức độ trước Nghị định 42/2022; ghi 'toàn trình'"),
    ("toan trinh", "đang ghi chữ 'toan trinh' (có phải là 'toàn trình'?); ghi 'toàn trình', 'một phần' "
                   "hoặc 'không'"),
])
def test_an_unknown_online_level_is_reported(written, message):
    assert errors(VALID + f"online: {written}\n") == [f"{PATH}:25: Dịch vụ công trực tuyến (online): {message}"]


def test_steps_are_numbered_by_the_page_not_by_the_editor():
    assert errors(edit("  - Nộp phiếu khai báo cho Sở.", "  - 'Bước 1: Nộp phiếu khai báo cho Sở.'")) == [
        f"{PATH}:6: Trình tự thực hiện (steps[1]): bỏ chữ 'Bước ...:' ở đầu bước; trang tự đánh số các bước"]


ABOLISHED = """announced:
  - {number: 2201/QĐ-UBND, date: 2015-11-20, kind: new}
  - {number: 865/QĐ-UBND, date: 2019-06-25, kind: abolished}
status: abolished
updated: 2019-06-25
"""


def without_announcement(front: str = VALID) -> str:
    return front.split("announced:")[0]


def test_an_abolished_procedure_keeps_its_history_of_decisions():
    procedure, problems = check(without_announcement() + ABOLISHED)
    assert problems == []
    assert not procedure.in_force and procedure.status_label == "Đã bãi bỏ"
    assert [d.kind for d in procedure.decisions] == ["new", "abolished"]
    assert procedure.decision.number == "865/QĐ-UBND"


def test_the_status_must_agree_with_the_last_decision():
    assert errors(without_announcement() + ABOLISHED.replace("status: abolished", "status: replaced")) == [
        f"{PATH}:20: Quyết định công bố (announced): tình trạng là 'replaced' nhưng quyết định ghi sau cùng có "
        "loại 'abolished'; ghi sau cùng quyết định thay thế thủ tục (kind: replaced)",
        f"{PATH}:23: Tình trạng (status): thủ tục đã được thay thế cần có dòng 'replaced_by: <mã thủ tục mới>'",
    ]
    assert errors(without_announcement() + ABOLISHED.replace("status: abolished\n", "")) == [
        f"{PATH}:1: Tình trạng (status): quyết định sau cùng (865/QĐ-UBND) đã bãi bỏ thủ tục; ghi 'status: abolished'"]


def test_decisions_are_listed_oldest_first():
    front = without_announcement() + ABOLISHED.replace("2015-11-20", "2020-01-01")
    assert errors(front) == [
        f"{PATH}:20: Quyết định công bố (announced): quyết định 865/QĐ-UBND ban hành trước 2201/QĐ-UBND nhưng "
        "ghi sau; ghi các quyết định theo thứ tự cũ trước mới sau (quyết định sau cùng cho biết tình trạng của "
        "thủ tục)"]


def test_only_a_replaced_procedure_names_its_replacement():
    assert errors(VALID + "replaced_by: 1.005473.H48\n") == [
        f"{PATH}:25: Mã thủ tục thay thế (replaced_by): chỉ thủ tục đã được thay thế mới có thủ tục thay thế "
        "(tình trạng đang là 'active'); ghi 'status: replaced' hoặc bỏ dòng 'replaced_by'"]


def replaced(code: str = "2.001170", by: str = "1.005473.H48") -> str:
    front = edit("code: 1.004512.000.00.00.H48", f"code: {code}", without_announcement())
    return front + ("announced:\n  - {number: 1009/QĐ-UBND, date: 2018-12-12, kind: replaced}\n"
                    f"status: replaced\nreplaced_by: {by}\nupdated: 2018-12-12\n")


def test_a_procedure_cannot_replace_itself():
    assert errors(replaced(code="1.005473", by="1.005473.000.00.00.H48")) == [
        f"{PATH}:23: Mã thủ tục thay thế (replaced_by): thủ tục không thể được thay thế bằng chính nó; ghi mã "
        "của thủ tục mới"]


# Checks across records.

def procedure_at(path: str, front: str):
    procedure, problems = check(front, path=path)
    assert problems == [], problems
    return procedure


def test_one_record_per_procedure_whatever_form_of_its_code():
    a = procedure_at("content/procedures/buc-xa/a.md", VALID)
    b = procedure_at("content/procedures/buc-xa/b.md", edit("1.004512.000.00.00.H48", "1.004512.H48"))
    c = procedure_at("content/procedures/buc-xa/c.md", VALID)
    assert [str(p) for p in check_catalogue([a, b, c])] == [
        "content/procedures/buc-xa/b.md:2: Mã thủ tục (code): mã '1.004512.H48' là cùng thủ tục với "
        "'1.004512.000.00.00.H48' ở content/procedures/buc-xa/a.md:2; mỗi thủ tục chỉ giữ một tệp",
        "content/procedures/buc-xa/c.md:2: Mã thủ tục (code): mã '1.004512.000.00.00.H48' đã dùng ở "
        "content/procedures/buc-xa/a.md:2; mỗi thủ tục chỉ giữ một tệp",
    ]


def test_a_replacement_must_exist_and_is_found_by_its_national_code():
    old = procedure_at("content/procedures/buc-xa/old.md", replaced())
    assert [str(p) for p in check_catalogue([old])] == [
        "content/procedures/buc-xa/old.md:23: Mã thủ tục thay thế (replaced_by): không có thủ tục nào mang mã "
        "'1.005473.H48'; thêm tệp của thủ tục mới hoặc sửa lại mã"]
    new = procedure_at("content/procedures/buc-xa/new.md", edit("1.004512.000.00.00.H48", "1.005473.000.00.00.H48"))
    assert check_catalogue([old, new]) == []


def test_a_field_is_written_the_same_way_in_every_record():
    a = procedure_at("content/procedures/buc-xa/a.md", VALID)
    b = procedure_at("content/procedures/buc-xa/b.md", edit("1.004512.000.00.00.H48", "1.004513").replace(
        "An toàn bức xạ và hạt nhân", "An toàn bức xạ và Hạt nhân"))
    assert [str(p) for p in check_catalogue([a, b])] == [
        "content/procedures/buc-xa/b.md:4: Lĩnh vực (field): 'An toàn bức xạ và Hạt nhân' được viết là "
        "'An toàn bức xạ và hạt nhân' ở content/procedures/buc-xa/a.md; viết lĩnh vực giống hệt nhau ở mọi thủ tục"]


# Loading a content tree.

def write(root, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())


def test_loading_sorts_by_vietnamese_name_and_lists_files_to_publish(tmp_path):
    names = {"z.md": "Xác nhận", "d.md": "Duyệt", "dd.md": "Đăng ký"}
    files = {f"content/procedures/buc-xa/{f}": "---\n" + edit(
        "Khai báo thiết bị X-quang chẩn đoán trong y tế", name,
        edit("1.004512.000.00.00.H48", f"1.00451{i}")) + "---\n" for i, (f, name) in enumerate(names.items())}
    write(tmp_path, {**files, FORM: b"%PDF-1.4\n", "content/procedures/.ghi-chu.txt": "ẩn"})
    procedures, assets, problems = load_procedures(tmp_path)
    assert problems == []
    assert [p.name for p in procedures] == ["Duyệt", "Đăng ký", "Xác nhận"]
    assert assets == [FORM]


def test_loading_reports_stray_files_and_does_not_blame_a_replacement_that_has_its_own_mistakes(tmp_path):
    write(tmp_path, {
        "content/procedures/cu.md": "---\n" + replaced() + "---\n",
        # The replacement exists but lacks its name: only that is reported.
        "content/procedures/moi.md": "---\n" + edit("name: Khai báo thiết bị X-quang chẩn đoán trong y tế\n", "",
                                                   edit("1.004512.000.00.00.H48", "1.005473.000.00.00.H48")) + "---\n",
        "content/procedures/ghi-chu.txt": "ghi chú",
        "content/procedures/mau.pdf": b"%PDF-1.4\n",
    })
    procedures, _, problems = load_procedures(tmp_path)
    assert [str(p) for p in problems] == [
        "content/procedures/ghi-chu.txt:1: Tệp: không phải thủ tục (.md) hay tệp đăng kèm thủ tục "
        "(.doc, .docx, .pdf, .odt, .xls, .xlsx, .jpg, .jpeg, .png, .webp, .svg); đổi tên hoặc xoá tệp",
        "content/procedures/moi.md:1: Tên thủ tục (name): chưa có; thêm dòng 'name: ...' ghi tên thủ tục đúng "
        "như quyết định công bố",
    ]
    assert [p.code for p in procedures] == ["2.001170"]


def test_nested_lines_and_values_as_written_are_kept_by_the_reader():
    doc = doc_of(VALID)
    assert doc.line_at("dossier", 0, "form") == 14
    assert doc.line_at("submission", 1) == 11
    assert doc.line_at("dossier", 0, "copies") == 13  # absent: the line of its entry
    assert doc.line_at("nothing") == 1
    assert doc_of("code: 1.004510\n").written[("code",)] == "1.004510"
