"""The editors' guide at /huong-dan/: how to write each kind of content, generated at build time.

What can go out of date is not written here but taken from the code on every build: the
plan's topic ids, forms and channels come from the plan of the year; the error messages of
the "common errors" section come from running the validators on short broken examples. Each
front-matter field has its description below; a test checks that none is missing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from ..content import bulletins, news
from ..content.bulletins import BULLETIN_DIR, NewsIndex, check_bulletin
from ..content.load import Site
from ..content.news import NEWS_DIR, check_post
from ..content.plan import Plan
from ..content.procedure_check import check_procedure
from ..content.procedures import PROCEDURES_DIR
from ..content.source import decode, parse
from ..problems import Problem
from .field_labels import BULLETIN_LABELS, NEWS_LABELS, PROCEDURE_LABELS
from .pages import GeneratedPage, PageRenderer

GUIDE_URL = "huong-dan/"
GUIDE_TITLE = "Hướng dẫn biên tập"

REQUIRED = "bắt buộc"
WHEN_PUBLISHED = "bắt buộc khi đăng"
OPTIONAL = "không bắt buộc"


@dataclass(frozen=True)
class FieldDoc:
    """One front-matter field as the guide explains it: name, whether it is needed, meaning, example."""

    name: str
    need: str
    meaning: str
    example: str


NEWS_FIELDS = (
    FieldDoc("title", REQUIRED, "Tiêu đề bài viết, chữ thường (không dùng thẻ HTML), tối đa "
             f"{news.MAX_TITLE} ký tự. Địa chỉ trang được tạo từ tiêu đề. Ô tìm kiếm tìm bài theo "
             "tiêu đề và tóm tắt, không theo thân bài.",
             "title: Hội nghị tổng kết công tác cải cách hành chính năm 2021"),
    FieldDoc("date", REQUIRED, "Ngày đăng theo giờ Việt Nam, dạng năm-tháng-ngày, có thể thêm giờ. "
             "Bài có ngày sau thời điểm dựng trang được giữ lại và tự đăng khi đến ngày. Năm của ngày "
             "phải trùng thư mục năm chứa bài.", "date: 2022-03-21 08:30"),
    FieldDoc("summary", WHEN_PUBLISHED, f"Tóm tắt một, hai câu, tối đa {news.MAX_SUMMARY} ký tự; hiện "
             "trong danh sách tin, trang chủ và bản tin RSS. Cùng với tiêu đề, đây là phần ô tìm kiếm "
             "tìm trong bài: hãy dùng những từ người đọc sẽ gõ (tên thủ tục, tên đơn vị).",
             "summary: Sở ban hành kế hoạch tuyên truyền cải cách hành chính năm 2022."),
    FieldDoc("topics", WHEN_PUBLISHED, "Một hay nhiều mã chủ đề của kế hoạch năm (bảng mã ở mục "
             "Chủ đề của kế hoạch), trong ngoặc vuông, cách nhau bằng dấu phẩy.", "topics: [II.1, II.2.3]"),
    FieldDoc("unit", OPTIONAL, "Đơn vị thực hiện; viết thống nhất một cách để báo cáo theo đơn vị "
             "được đúng.", "unit: Phòng Hành chính - Tổng hợp"),
    FieldDoc("image", OPTIONAL, "Ảnh minh hoạ đặt cùng thư mục với bài (.jpg, .png, .webp, .gif, .svg).",
             "image: hoi-nghi-tong-ket.jpg"),
    FieldDoc("image_alt", OPTIONAL, "Mô tả ngắn nội dung ảnh, để người khiếm thị nghe được qua phần mềm "
             "đọc màn hình. Nên có khi có ảnh.", "image_alt: Quang cảnh hội nghị"),
    FieldDoc("slug", OPTIONAL, "Địa chỉ trang, khi không muốn lấy từ tiêu đề: chữ thường không dấu, "
             "các từ nối bằng dấu gạch ngang.", "slug: hoi-nghi-tong-ket-cchc-2021"),
    FieldDoc("channel", OPTIONAL, "Bài là một kỳ chuyên mục phát thanh, truyền hình hay trên báo, được "
             "tính vào chỉ tiêu của kế hoạch (mã ở bảng Chỉ tiêu).", "channel: radio"),
    FieldDoc("form", OPTIONAL, "Hình thức tuyên truyền của kế hoạch (mục III) mà bài báo cáo kết quả; "
             "hình thức có thời hạn (ví dụ quý II) cần bài có ngày trong thời hạn đó.", "form: III.4"),
    FieldDoc("draft", OPTIONAL, "Bản nháp: không được đăng, được để trống tóm tắt và chủ đề. Xoá dòng "
             "này khi bài sẵn sàng đăng.", "draft: true"),
)

PROCEDURE_FIELDS = (
    FieldDoc("code", REQUIRED, "Mã thủ tục trên Cơ sở dữ liệu quốc gia, có thể kèm đuôi của tỉnh; chép đúng "
             "như trên Cổng Dịch vụ công (đuôi H48 trong ví dụ là dữ liệu minh họa, chưa phải đuôi đã xác "
             "nhận của tỉnh). Địa chỉ trang thủ tục theo mã này và không bao giờ đổi.", "code: 1.004512.000.00.00.H48"),
    FieldDoc("name", REQUIRED, "Tên thủ tục, đúng như quyết định công bố.",
             "name: Khai báo thiết bị X-quang chẩn đoán trong y tế"),
    FieldDoc("field", REQUIRED, "Lĩnh vực; viết giống hệt nhau ở mọi thủ tục cùng lĩnh vực.",
             "field: An toàn bức xạ và hạt nhân"),
    FieldDoc("level", OPTIONAL, "Cấp thực hiện.", "level: Cấp tỉnh"),
    FieldDoc("kind", OPTIONAL, "Loại thủ tục.", "kind: TTHC được luật giao quy định chi tiết"),
    FieldDoc("online", OPTIONAL, "Dịch vụ công trực tuyến theo Nghị định 42/2022: toàn trình, một phần, "
             "hoặc không.", "online: toàn trình"),
    FieldDoc("steps", REQUIRED, "a. Trình tự thực hiện: mỗi bước một dòng bắt đầu bằng '- '; không ghi "
             "'Bước 1:', trang tự đánh số.",
             "steps:\n  - Tổ chức, cá nhân nộp phiếu khai báo.\n  - Sở cấp Giấy xác nhận khai báo."),
    FieldDoc("submission", REQUIRED, "b. Cách thức thực hiện: mỗi cách một mục với channel (Trực tiếp, "
             "Trực tuyến, Dịch vụ bưu chính); time_limit, fees, notes khi khác phần chung.",
             "submission:\n  - channel: Trực tuyến\n    notes: Nộp trên Cổng Dịch vụ công quốc gia.\n"
             "  - channel: Trực tiếp"),
    FieldDoc("dossier", REQUIRED, "c. Thành phần hồ sơ: mỗi giấy tờ một mục với name, số bản chính "
             "(originals), bản sao (copies); mẫu đơn (form: tệp .docx, .doc, .pdf đặt cùng thư mục, "
             "form_name: tên mẫu) và notes nếu có.",
             "dossier:\n  - name: Phiếu khai báo thiết bị X-quang\n    form: phieu-khai-bao.docx\n"
             "    originals: 1"),
    FieldDoc("dossier_count", REQUIRED, "Số lượng hồ sơ.", "dossier_count: 01 bộ"),
    FieldDoc("time_limit", REQUIRED, "d. Thời hạn giải quyết.",
             "time_limit: 03 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ"),
    FieldDoc("applicants", REQUIRED, "đ. Đối tượng thực hiện: một dòng, hoặc danh sách '- '.",
             "applicants: Tổ chức, cá nhân sở hữu thiết bị X-quang"),
    FieldDoc("deciding_agency", REQUIRED, "e. Cơ quan có thẩm quyền quyết định.",
             "deciding_agency: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"),
    FieldDoc("performing_agency", OPTIONAL, "Cơ quan trực tiếp thực hiện, khi khác cơ quan quyết định.",
             "performing_agency: Chi cục Tiêu chuẩn Đo lường Chất lượng"),
    FieldDoc("authorised_agency", OPTIONAL, "Cơ quan được ủy quyền.", "authorised_agency: Không"),
    FieldDoc("coordinating_agencies", OPTIONAL, "Cơ quan phối hợp: một dòng hoặc danh sách.",
             "coordinating_agencies: Sở Y tế"),
    FieldDoc("submit_at", OPTIONAL, "Địa chỉ tiếp nhận hồ sơ: một dòng hoặc danh sách.",
             "submit_at: Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi"),
    FieldDoc("result", OPTIONAL, "g. Kết quả thực hiện.",
             "result: Giấy xác nhận khai báo thiết bị X-quang"),
    FieldDoc("fees", OPTIONAL, "h. Phí, lệ phí; bỏ trống khi không thu.",
             "fees: Phí thẩm định 2.000.000 đồng/thiết bị"),
    FieldDoc("requirements", OPTIONAL, "k. Yêu cầu, điều kiện.",
             "requirements: Thiết bị đã được kiểm định."),
    FieldDoc("legal_basis", OPTIONAL, "l. Căn cứ pháp lý: mỗi văn bản một mục với number (số ký hiệu), "
             "summary (trích yếu), date (ngày ban hành), issuer (cơ quan ban hành).",
             "legal_basis:\n  - number: 18/2008/QH12\n    summary: Luật Năng lượng nguyên tử\n"
             "    date: 2008-06-03\n    issuer: Quốc hội"),
    FieldDoc("announced", REQUIRED, "Quyết định công bố: number, date, kind (new: công bố mới, amended: "
             "sửa đổi, bổ sung, replaced: thay thế, abolished: bãi bỏ), issuer. Nhiều quyết định thì "
             "ghi thành danh sách, cũ trước mới sau.",
             "announced:\n  number: 441/QĐ-UBND\n  date: 2021-04-06\n  kind: amended"),
    FieldDoc("updated", REQUIRED, "Ngày cập nhật thông tin thủ tục, không trước ngày của quyết định "
             "công bố sau cùng.", "updated: 2022-06-15"),
    FieldDoc("status", OPTIONAL, "Tình trạng: active (đang áp dụng, mặc định), abolished (đã bãi bỏ), "
             "replaced (đã được thay thế). Thủ tục bãi bỏ vẫn được giữ trang, không xoá tệp.",
             "status: abolished"),
    FieldDoc("replaced_by", OPTIONAL, "Mã thủ tục thay thế, khi status là replaced.",
             "replaced_by: 1.005473.H48"),
    FieldDoc("draft", OPTIONAL, "Bản nháp: không được đăng, được để trống các phần bắt buộc. Xoá dòng này "
             "khi thủ tục sẵn sàng đăng.", "draft: true"),
    FieldDoc("cases", OPTIONAL, "Thành phần hồ sơ theo từng trường hợp, thay cho dossier khi hồ sơ khác "
             "nhau giữa các trường hợp: mỗi trường hợp một mục với name và dossier (như trên). Không ghi "
             "cả dossier lẫn cases.",
             "cases:\n  - name: Cấp lần đầu\n    dossier:\n      - name: Đơn đề nghị\n        originals: 1"),
    FieldDoc("sample", OPTIONAL, "Dữ liệu minh họa: thủ tục soạn làm mẫu, chưa đối chiếu với Cơ sở dữ liệu "
             "quốc gia. Trang và bản tin RSS ghi rõ 'Dữ liệu minh họa'; khi mkdocs.yml đặt "
             "extra.cchc.samples: error, bản dựng dừng lại cho đến khi không còn thủ tục mẫu.",
             "sample: true"),
    FieldDoc("source", OPTIONAL, "Nguồn công khai của dữ liệu (địa chỉ trang hoặc tên văn bản); "
             "scripts/import_procedures.py ghi trường này khi nhập.",
             "source: Cổng Dịch vụ công quốc gia, thủ tục 1.004512"),
)

BULLETIN_FIELDS = (
    FieldDoc("number", REQUIRED, "Số thứ tự của bản tin trong năm; mỗi số chỉ dùng một lần.", "number: 2"),
    FieldDoc("date", REQUIRED, "Ngày phát hành; năm phải trùng thư mục năm.", "date: 2022-04-28"),
    FieldDoc("title", REQUIRED, f"Tiêu đề của số bản tin, tối đa {bulletins.MAX_TITLE} ký tự.",
             "title: Kế hoạch tuyên truyền năm 2022"),
    FieldDoc("pdf", REQUIRED, "Tên tệp PDF của bản tin, đặt cùng thư mục.",
             "pdf: ban-tin-cchc-so-02-2022.pdf"),
    FieldDoc("cover", OPTIONAL, "Ảnh bìa (.jpg, .png, .webp, .svg), đặt cùng thư mục.",
             "cover: ban-tin-cchc-so-02-2022.svg"),
    FieldDoc("topics", REQUIRED, "Mã chủ đề của kế hoạch năm mà số bản tin tuyên truyền.",
             "topics: [II.1, II.5]"),
    FieldDoc("contents", REQUIRED, "Mục lục: mỗi bài một mục; bài đã đăng trên trang thì thêm post: "
             "đường dẫn tệp bài viết, trang bài viết sẽ dẫn về bản tin.",
             "contents:\n  - title: Ban hành Kế hoạch tuyên truyền CCHC năm 2022\n"
             "    post: content/news/2022/trien-khai-ke-hoach-tuyen-truyen-cchc-2022.md\n"
             "  - \"Hỏi đáp: nộp hồ sơ qua dịch vụ bưu chính\""),
    FieldDoc("draft", OPTIONAL, "Bản nháp: không được đăng, được để trống tiêu đề, ngày, PDF, chủ đề và "
             "mục lục. Xoá dòng này khi bản tin sẵn sàng đăng.", "draft: true"),
)


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
            "nhất (did you mean) và liệt kê mọi mã hợp lệ."),
        ErrorExample(
            "Gõ sai tên trường",
            "tittle: Hội nghị tổng kết",
            checked.post(good.replace("title:", "tittle:"), ("tittle", "title")),
            "Tên trường viết đúng như trong bảng trường, bằng chữ thường không dấu. Thông báo gợi ý "
            "tên đúng (did you mean 'title'?)."),
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
        news_labels=NEWS_LABELS, procedure_labels=PROCEDURE_LABELS, bulletin_labels=BULLETIN_LABELS,
        errors=error_examples(site.plans, plan.year if plan else year),
        # The line the build prints for a year whose plan is not written yet, from the code.
        no_plan_note=site.plan_years.notes([max([year, *site.plans]) + 1])[0],
        news_dir=NEWS_DIR, procedures_dir=PROCEDURES_DIR, bulletin_dir=BULLETIN_DIR)
