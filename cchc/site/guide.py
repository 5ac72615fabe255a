"""The editors' guide at /huong-dan/: how to write each kind of content, generated at build time.

What can go out of date is not written here but taken from the code on every build: the
plan's topic ids, forms and channels come from the plan of the year; the error messages of
the "common errors" section come from running the validators on short broken examples. The
field tables come from the description of each kind's fields (cchc/content/fields.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..content.bulletins import BULLETIN_DIR, NewsIndex, check_bulletin
from ..content.documents import DOCUMENTS_DIR
from ..content.fields import BULLETIN_FIELDS, DOCUMENT_FIELDS, NEWS_FIELDS, PROCEDURE_FIELDS
from ..content.load import Site
from ..content.news import NEWS_DIR, check_post
from ..content.plan import Plan
from ..content.procedure_check import check_procedure
from ..content.procedures import PROCEDURES_DIR
from ..content.source import decode, parse
from ..problems import Problem
from .pages import GeneratedPage, PageRenderer

GUIDE_URL = "huong-dan/"
GUIDE_TITLE = "Hướng dẫn biên tập"

@dataclass(frozen=True)
class ErrorExample:
    """A common mistake: what the editor wrote, what the check prints, how to fix it."""

    title: str
    written: str
    messages: tuple[str, ...]
    fix: str


# A valid procedure record; each example changes one line of it.
_PROCEDURE = """code: 1.004512.000.00.00.H48
name: Khai báo thiết bị X-quang chẩn đoán trong y tế
field: An toàn bức xạ và hạt nhân
online: toàn trình
steps:
  - Tổ chức, cá nhân gửi phiếu khai báo cho Sở Khoa học và Công nghệ.
  - Sở cấp Giấy xác nhận khai báo.
submission:
  - channel: Trực tuyến
dossier:
  - name: Phiếu khai báo thiết bị X-quang
    form: phieu-khai-bao.docx
    originals: 1
dossier_count: 01 bộ
time_limit: 03 ngày làm việc
applicants: Tổ chức, cá nhân sở hữu thiết bị X-quang
deciding_agency: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi
announced:
  number: 441/QĐ-UBND
  date: 2021-04-06
  kind: amended
updated: 2022-06-15
"""


def guide_plan(site: Site) -> Plan | None:
    """The plan the guide lists: the one the build year's posts are checked against (its own,
    else the latest before it), else the newest there is."""
    year = site.build_time.year
    reference = site.plan_years.reference(year)
    if reference is not None:
        return reference
    return site.plans[max(site.plans)] if site.plans else None


def _messages(problems: list[Problem], fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(p) for p in problems if not fields or p.field in fields)


class _Checked:
    """Sample files of each kind for ``year``, and the messages the validators print for them."""

    def __init__(self, plans: dict[int, Plan], year: int):
        self.plans, self.year = plans, year
        plan = plans.get(year)
        self.topic = plan.topics[0].id if plan and plan.topics else "II.1"
        self.post_path = f"{NEWS_DIR}/{year}/vi-du.md"
        self.good = f"title: Hội nghị tổng kết\ndate: {year}-03-21\ntopics: [{self.topic}]\nsummary: Tóm tắt.\n"

    def post(self, front: str, fields: tuple[str, ...], files: dict[str, int] | None = None) -> tuple[str, ...]:
        doc, problems = parse(f"---\n{front}---\n", self.post_path)
        if doc is not None and not problems:
            problems = check_post(doc, self.plans, files or {})[1]
        return _messages(problems, fields)

    def procedure(self, old: str, new: str, fields: tuple[str, ...]) -> tuple[str, ...]:
        path = f"{PROCEDURES_DIR}/an-toan-buc-xa/khai-bao.md"
        assert old in _PROCEDURE, old
        doc, problems = parse(f"---\n{_PROCEDURE.replace(old, new)}---\n", path)
        if doc is not None and not problems:
            folder = PurePosixPath(path).parent
            problems = check_procedure(doc, {f"{folder}/phieu-khai-bao.docx"})[1]
        return _messages(problems, fields)

    def bulletin(self, pdf: str, contents: str, fields: tuple[str, ...]) -> tuple[str, ...]:
        year = self.year
        path = f"{BULLETIN_DIR}/{year}/02.md"
        front = (f"number: 2\ndate: {year}-04-28\ntitle: Bản tin số 2\npdf: {pdf}\ntopics: [{self.topic}]\n"
                 f"contents:\n{contents}")
        doc, problems = parse(f"---\n{front}---\n", path)
        if doc is not None and not problems:
            sizes = {f"{BULLETIN_DIR}/{year}/ban-tin-cchc-so-02-{year}.pdf": 1000}
            problems = check_bulletin(doc, self.plans, sizes, NewsIndex.of([]))[1]
        return _messages(problems, fields)


def error_examples(plans: dict[int, Plan], year: int) -> list[ErrorExample]:
    """The common mistakes, each with the messages the validators print for it today."""
    checked = _Checked(plans, year)
    return _post_examples(checked) + _procedure_examples(checked) + _bulletin_examples(checked)


def _post_examples(checked: _Checked) -> list[ErrorExample]:
    """Mistakes in news posts, and a file in the wrong encoding."""
    year, topic, good = checked.year, checked.topic, checked.good
    return [
        ErrorExample(
            "Ngày viết sai dạng hoặc không có thật",
            f"date: {year}-13-45",
            checked.post(good.replace(f"date: {year}-03-21", f"date: {year}-13-45"), ("date",)),
            f"Ngày viết theo thứ tự năm-tháng-ngày, đủ bốn chữ số năm và hai chữ số tháng, ngày: "
            f"{year}-03-21; có giờ thì thêm sau một dấu cách: {year}-03-21 08:30."),
        ErrorExample(
            "Mã chủ đề không có trong kế hoạch",
            "topics: [II.9]",
            checked.post(good.replace(f"topics: [{topic}]", "topics: [II.9]"), ("topics",)),
            "Chỉ dùng các mã trong bảng Chủ đề của kế hoạch ở trang này; thông báo gợi ý mã gần "
            "nhất (có phải là ...?) và liệt kê mọi mã của kế hoạch."),
        ErrorExample(
            "Gõ sai tên trường",
            "tittle: Hội nghị tổng kết",
            checked.post(good.replace("title:", "tittle:"), ("tittle", "title")),
            "Tên trường viết đúng như trong bảng trường, bằng chữ thường không dấu. Thông báo gợi ý "
            "tên đúng (có phải là 'title'?)."),
        ErrorExample(
            "Tiêu đề có dấu hai chấm mà không để trong ngoặc kép",
            "title: Hỏi đáp: nộp hồ sơ qua bưu chính",
            checked.post(good.replace("title: Hội nghị tổng kết", "title: Hỏi đáp: nộp hồ sơ qua bưu chính"),
                 ("front matter",)),
            "Giá trị có dấu hai chấm và dấu cách (': ') phải để trong ngoặc kép: "
            "title: \"Hỏi đáp: nộp hồ sơ qua bưu chính\"."),
        ErrorExample(
            "Xoá dòng draft: true khi chưa viết tóm tắt",
            "summary:",
            checked.post(good.replace("summary: Tóm tắt.", "summary:"), ("summary",)),
            "Bài được đăng phải có tóm tắt (summary) và ít nhất một mã chủ đề (topics). Viết đủ rồi "
            "mới xoá dòng draft: true."),
        ErrorExample(
            "Năm của ngày đăng không trùng thư mục năm",
            f"date: {year - 1}-12-30   (tệp nằm trong {NEWS_DIR}/{year}/)",
            checked.post(good.replace(f"date: {year}-03-21", f"date: {year - 1}-12-30"), ("date",)),
            f"Chuyển tệp sang thư mục của đúng năm ({NEWS_DIR}/{year - 1}/) hoặc sửa ngày."),
        ErrorExample(
            "Ảnh không có trong thư mục của bài",
            "image: hoi-nghi.jpg",
            checked.post(good + "image: hoi-nghi.jpg\n", ("image",)),
            "Chép tệp ảnh vào cùng thư mục với bài, hoặc sửa tên ảnh cho đúng (kể cả chữ hoa, chữ "
            "thường và phần mở rộng .jpg, .png)."),
        ErrorExample(
            "Tệp không lưu theo bảng mã UTF-8",
            "Tệp soạn trong phần mềm cũ, lưu theo bảng mã TCVN3, VNI hoặc Windows-1258",
            _messages(decode(b"---\ntitle: Qu\xe1ng Ng\xe3i\n---\n", checked.post_path)[1], ()),
            "Mở tệp bằng trình soạn thảo (ví dụ Visual Studio Code, Notepad++) và lưu lại với bảng mã "
            "UTF-8; gõ tiếng Việt bằng Unicode."),
    ]


def _procedure_examples(checked: _Checked) -> list[ErrorExample]:
    """Mistakes in procedure records."""
    return [
        ErrorExample(
            "Thủ tục ghi mức độ dịch vụ công cũ",
            "online: mức độ 4",
            checked.procedure("online: toàn trình", "online: mức độ 4", ("online",)),
            "Từ Nghị định 42/2022, dịch vụ công trực tuyến chỉ có hai mức: toàn trình (trước là mức "
            "độ 4) và một phần (trước là mức độ 3)."),
        ErrorExample(
            "Thủ tục ghi 'Bước 1:' trước mỗi bước",
            "steps:\n  - Bước 1: Tổ chức, cá nhân gửi phiếu khai báo...",
            checked.procedure("  - Tổ chức, cá nhân gửi", "  - Bước 1: Tổ chức, cá nhân gửi", ("steps[1]",)),
            "Phần mềm hiểu 'Bước 1:' là tên một trường nên báo lỗi như trên. Chỉ ghi nội dung của "
            "bước; trang tự đánh số các bước theo thứ tự."),
        ErrorExample(
            "Mẫu đơn không có trong thư mục của thủ tục",
            "    form: phieu-khai-bao-moi.docx",
            checked.procedure("form: phieu-khai-bao.docx", "form: phieu-khai-bao-moi.docx", ("dossier[1].form",)),
            "Chép tệp mẫu đơn vào cùng thư mục với tệp thủ tục, hoặc sửa tên tệp cho đúng."),
    ]


def _bulletin_examples(checked: _Checked) -> list[ErrorExample]:
    """Mistakes in bulletin issues."""
    year = checked.year
    return [
        ErrorExample(
            "Bản tin ghi sai tên tệp PDF",
            f"pdf: ban-tin-so-02-{year}.pdf",
            checked.bulletin(f"ban-tin-so-02-{year}.pdf", "  - Bài viết\n", ("pdf",)),
            "Ghi đúng tên tệp PDF đặt cùng thư mục; thông báo gợi ý tên tệp gần đúng."),
        ErrorExample(
            "Tiêu đề bài trong mục lục có dấu hai chấm",
            "contents:\n  - Hỏi đáp: nộp hồ sơ qua bưu chính",
            checked.bulletin(f"ban-tin-cchc-so-02-{year}.pdf", "  - Hỏi đáp: nộp hồ sơ qua bưu chính\n",
                     ("contents[1].Hỏi đáp",)),
            "Để tiêu đề trong ngoặc kép: - \"Hỏi đáp: nộp hồ sơ qua bưu chính\"."),
    ]


def guide_page(renderer: PageRenderer) -> GeneratedPage:
    """The guide's page, with the plan tables and the error messages of this build."""
    site = renderer.site
    plan = guide_plan(site)
    year = site.build_time.year
    channels = [(q, f) for f in plan.forms for q in f.quotas] if plan else []
    return renderer.page(
        f"{GUIDE_URL}index.md", GUIDE_URL, "guide.html", GUIDE_TITLE,
        "Hướng dẫn viết tin tức, thủ tục hành chính và bản tin cho chuyên mục cải cách hành chính",
        plan=plan, year=year, channels=channels,
        news_fields=NEWS_FIELDS, procedure_fields=PROCEDURE_FIELDS, bulletin_fields=BULLETIN_FIELDS,
        document_fields=DOCUMENT_FIELDS, documents_dir=DOCUMENTS_DIR,
        errors=error_examples(site.plans, plan.year if plan else year),
        # The line the build prints for a year whose plan is not written yet, from the code.
        no_plan_note=site.plan_years.notes([max([year, *site.plans]) + 1])[0],
        news_dir=NEWS_DIR, procedures_dir=PROCEDURES_DIR, bulletin_dir=BULLETIN_DIR)
