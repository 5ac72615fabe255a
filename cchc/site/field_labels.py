"""Short Vietnamese names of the front-matter fields, shared by the editors' guide and the CMS.

The guide (cchc/site/guide.py) explains each field at length (FieldDoc.meaning); these are the
names shown beside the field: the guide's heading of each field, and the label of the field's
input in the browser editor at /quan-tri/ (cchc/site/cms.py), whose hint is the guide's explanation.
A test checks that every field the guide explains has a name here.
"""

from __future__ import annotations

NEWS_LABELS = {
    "title": "Tiêu đề",
    "date": "Ngày đăng",
    "summary": "Tóm tắt",
    "topics": "Chủ đề của kế hoạch",
    "unit": "Đơn vị thực hiện",
    "image": "Ảnh minh hoạ",
    "image_alt": "Mô tả ảnh",
    "slug": "Địa chỉ trang",
    "channel": "Chuyên mục (chỉ tiêu của kế hoạch)",
    "form": "Hình thức tuyên truyền",
    "draft": "Bản nháp",
}

PROCEDURE_LABELS = {
    "code": "Mã thủ tục",
    "name": "Tên thủ tục",
    "field": "Lĩnh vực",
    "level": "Cấp thực hiện",
    "kind": "Loại thủ tục",
    "online": "Dịch vụ công trực tuyến",
    "steps": "Trình tự thực hiện",
    "submission": "Cách thức thực hiện",
    "dossier": "Thành phần hồ sơ",
    "cases": "Hồ sơ theo từng trường hợp",
    "dossier_count": "Số lượng hồ sơ",
    "time_limit": "Thời hạn giải quyết",
    "applicants": "Đối tượng thực hiện",
    "deciding_agency": "Cơ quan có thẩm quyền quyết định",
    "performing_agency": "Cơ quan trực tiếp thực hiện",
    "authorised_agency": "Cơ quan được ủy quyền",
    "coordinating_agencies": "Cơ quan phối hợp",
    "submit_at": "Địa chỉ tiếp nhận hồ sơ",
    "result": "Kết quả thực hiện",
    "fees": "Phí, lệ phí",
    "requirements": "Yêu cầu, điều kiện",
    "legal_basis": "Căn cứ pháp lý",
    "announced": "Quyết định công bố",
    "updated": "Ngày cập nhật",
    "status": "Tình trạng",
    "replaced_by": "Mã thủ tục thay thế",
    "source": "Nguồn dữ liệu",
    "sample": "Dữ liệu minh họa",
    "draft": "Bản nháp",
}

BULLETIN_LABELS = {
    "number": "Số bản tin",
    "date": "Ngày phát hành",
    "title": "Tiêu đề",
    "pdf": "Tệp PDF",
    "cover": "Ảnh bìa",
    "topics": "Chủ đề của kế hoạch",
    "contents": "Mục lục",
    "draft": "Bản nháp",
}

# The parts inside a procedure's lists and objects, and a bulletin's table of contents.
PART_LABELS = {
    "submission.channel": "Cách nộp",
    "submission.time_limit": "Thời hạn (nếu khác phần chung)",
    "submission.fees": "Phí, lệ phí (nếu khác phần chung)",
    "submission.notes": "Ghi chú",
    "dossier.name": "Tên giấy tờ",
    "dossier.form": "Mẫu đơn, tờ khai (tệp .docx, .doc, .pdf)",
    "dossier.form_name": "Tên mẫu",
    "dossier.originals": "Số bản chính",
    "dossier.copies": "Số bản sao",
    "dossier.notes": "Ghi chú",
    "cases.name": "Trường hợp",
    "cases.dossier": "Thành phần hồ sơ của trường hợp",
    "legal_basis.number": "Số ký hiệu",
    "legal_basis.summary": "Trích yếu",
    "legal_basis.date": "Ngày ban hành",
    "legal_basis.issuer": "Cơ quan ban hành",
    "announced.number": "Số quyết định",
    "announced.date": "Ngày ký",
    "announced.kind": "Loại công bố",
    "announced.issuer": "Cơ quan ban hành",
    "contents.title": "Tiêu đề bài",
    "contents.post": "Tệp bài viết trên trang (nếu có)",
    "steps.item": "Bước",
    "list.item": "Mục",
}

BODY_LABEL = "Nội dung"
