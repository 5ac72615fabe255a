"""Starting files for editors: a news post, a procedure, a bulletin issue or a document, as a draft.

Each skeleton has every field in the order of its description (cchc.content.fields), a Vietnamese comment saying what
goes there (with the plan's valid ids where a field takes them), and ``draft: true``, so that
it builds as it is and is never published until the editor removes that line. The text is
made here; ``cchc new`` checks it with the build's validation and writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import yaml

from ..text import nfc, slugify
from .bulletins import BULLETIN_DIR
from .documents import DOCUMENTS_DIR, TYPES as DOCUMENT_TYPES
from .fields import MAX_SUMMARY, MAX_TITLE
from .news import NEWS_DIR
from .plan import Plan
from .procedures import DECISION_KINDS, PROCEDURES_DIR
from .source import YamlLoader

MAX_FILE_SLUG = 80  # procedure names are long: the page URL is the code, not the file name
# A post's address is its file name (or `slug`), fixed when it is created.
MAX_NEWS_FILE_SLUG = 100


@dataclass(frozen=True)
class Skeleton:
    """A new content file: where it goes (from the project root) and its text."""

    path: str
    text: str


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar: plain when it reads back the same, else double-quoted."""
    value = nfc(" ".join(value.split()))
    try:
        plain = yaml.load(f"k: {value}", Loader=YamlLoader)
    except (yaml.YAMLError, ValueError):  # "=", "<<"; a number of 5,000 digits
        plain = None
    if isinstance(plain, dict) and plain.get("k") == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def file_slug(text: str, limit: int = MAX_FILE_SLUG) -> str:
    """A file name from a title: its slug, cut at a word boundary under ``limit`` characters."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    return slug[:limit + 1].rsplit("-", 1)[0]


def _plan_lines(plan: Plan | None, year: int) -> list[str]:
    """Comment lines listing the plan's topic ids, one per line, names aligned."""
    if plan is None:
        return [f"# Chưa có kế hoạch năm {year} (content/plans/{year}.yml): để trống 'topics' đến khi",
                "# có kế hoạch; bài có chủ đề chỉ đăng được khi đã có kế hoạch của năm."]
    width = max(len(t.id) for t in plan.topics)
    return [f"#   {t.id.ljust(width)}  {t.name}" for t in plan.topics]


def _channels(plan: Plan | None) -> list[tuple[str, str]]:
    """(id, title) of the quotas that posts fill by naming them in ``channel``."""
    return [(q.id, q.title) for f in plan.forms for q in f.quotas if q.counted_by == "channel"] if plan else []


def news_skeleton(title: str, today: date, plan: Plan | None) -> Skeleton:
    """A draft news post dated ``today``, in ``content/news/<year>/``, titled ``title``."""
    year = today.year
    lines = [
        "---",
        "# Bài viết mới (bản nháp). Điền các trường, viết nội dung bên dưới dòng '---' cuối cùng",
        "# (đoạn văn cách nhau một dòng trống, tiêu đề mục bắt đầu bằng '## '), rồi xoá dòng",
        "# 'draft: true' để đăng. Dòng bắt đầu bằng '#' ở phần này là ghi chú, không được đăng.",
        f"# Tiêu đề (bắt buộc, tối đa {MAX_TITLE} ký tự, không dùng thẻ HTML):",
        f"title: {yaml_text(title)}",
        "# Ngày đăng (bắt buộc), giờ Việt Nam: 2022-03-21 hoặc có giờ 2022-03-21 08:30.",
        "# Bài có ngày sau thời điểm dựng trang được giữ lại, tự đăng khi đến ngày.",
        f"date: {today.isoformat()}",
        f"# Tóm tắt (bắt buộc khi đăng): một, hai câu, tối đa {MAX_SUMMARY} ký tự; hiện trong danh sách",
        "# tin, trang chủ và bản tin RSS.",
        'summary: ""',
        f"# Chủ đề (bắt buộc khi đăng): một hay nhiều mã chủ đề của kế hoạch năm {year},",
        "# ví dụ topics: [II.1, II.2.3]. Các mã hợp lệ:",
        *_plan_lines(plan, year),
        "topics: []",
        "# Đơn vị thực hiện (không bắt buộc), ví dụ:",
        "# unit: Phòng Hành chính - Tổng hợp",
        "# Ảnh minh hoạ (không bắt buộc): tệp ảnh đặt cùng thư mục với bài, kèm mô tả cho người",
        "# khiếm thị:",
        "# image: hoi-nghi.jpg",
        "# image_alt: Quang cảnh hội nghị",
        "# Địa chỉ trang là tên tệp này, không đổi khi sửa tiêu đề; muốn đặt khác thì ghi",
        "# (chữ thường không dấu, nối bằng '-'; đặt một lần, không đổi sau khi đăng):",
        f"# slug: {slugify(title) or 'tin-moi'}",
    ]
    channels = _channels(plan)
    if channels:
        width = max(len(c) for c, _ in channels)
        lines += ["# Bài là một kỳ chuyên mục được tính vào chỉ tiêu của kế hoạch (không bắt buộc),",
                  "# ghi một trong các mã:"]
        lines += [f"#   {c.ljust(width)}  {title}" for c, title in channels]
        lines += [f"# channel: {channels[0][0]}"]
    if plan is not None and plan.forms:
        width = max(len(f.id) for f in plan.forms)
        lines += ["# Hình thức tuyên truyền của kế hoạch (mục III) mà bài báo cáo (không bắt buộc),",
                  "# ví dụ form: III.4. Các mã hợp lệ:"]
        lines += [f"#   {f.id.ljust(width)}  {_short(f.title)}" for f in plan.forms]
        lines += [f"# form: {plan.forms[0].id}"]
    lines += ["draft: true", "---", "", ""]
    return Skeleton(f"{NEWS_DIR}/{year}/{file_slug(title, MAX_NEWS_FILE_SLUG)}.md", "\n".join(lines))


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


_KINDS = "; ".join(f"{key}: {label}" for key, label in DECISION_KINDS.items())
# A procedure record's parts after its identity, empty, each with its note (procedure_skeleton).
_PROCEDURE_PARTS = (
    "# Cấp thực hiện và loại thủ tục (không bắt buộc)",
    "level: Cấp tỉnh",
    'kind: ""',
    "# Dịch vụ công trực tuyến: toàn trình, một phần, hoặc không",
    'online: ""',
    "# (*) a. Trình tự thực hiện: mỗi bước một dòng '- ...', không ghi 'Bước 1:' ở đầu",
    "steps:",
    '  - ""',
    "# (*) b. Cách thức thực hiện: mỗi cách một mục; channel là Trực tiếp, Trực tuyến hoặc",
    "# Dịch vụ bưu chính; time_limit, fees, notes chỉ ghi khi khác với phần chung",
    "submission:",
    '  - channel: ""',
    "# (*) c. Thành phần hồ sơ: mỗi giấy tờ một mục, với số bản chính (originals) và bản sao",
    "# (copies), mỗi số từ 1 trở lên (không cần thì bỏ dòng đó, không ghi 0); mẫu đơn đặt",
    "# cùng thư mục: form: mau-don.docx, form_name: tên mẫu",
    "dossier:",
    '  - name: ""',
    "    originals: 1",
    "    # copies: 1",
    "# (*) Số lượng hồ sơ",
    "dossier_count: 01 bộ",
    "# (*) d. Thời hạn giải quyết, ví dụ: 10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
    'time_limit: ""',
    "# (*) đ. Đối tượng thực hiện (một dòng, hoặc danh sách '- ...')",
    'applicants: ""',
    "# (*) e. Cơ quan có thẩm quyền quyết định",
    'deciding_agency: ""',
    "# Nơi tiếp nhận hồ sơ, kết quả, phí và lệ phí (để trống nếu không thu), yêu cầu, điều kiện",
    'submit_at: ""',
    'result: ""',
    'fees: ""',
    'requirements: ""',
    "# l. Căn cứ pháp lý: mỗi văn bản một mục (số ký hiệu, trích yếu, ngày ban hành, cơ quan",
    "# ban hành), ví dụ number: 18/2008/QH12, date: 2008-06-03, issuer: Quốc hội",
    "legal_basis:",
    '  - number: ""',
    '    summary: ""',
    '    date: ""',
    '    issuer: ""',
    "# (*) Quyết định công bố: số (ví dụ 949/QĐ-UBND), ngày ban hành (ví dụ 2022-05-10) và",
    f"# kind: {_KINDS}",
    "announced:",
    '  number: ""',
    '  date: ""',
    "  kind: new",
    "  issuer: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi",
)


def procedure_skeleton(code: str, name: str, today: date, field: str = "",
                       known_fields: list[str] | tuple[str, ...] = ()) -> Skeleton:
    """A draft procedure record: the parts Decree 63/2010 requires, empty, with examples.

    With a ``field`` the file goes in that field's folder, else at the top of content/procedures.
    """
    folder = f"{PROCEDURES_DIR}/{slugify(field)}" if field else PROCEDURES_DIR
    lines = [
        "---",
        "# Thủ tục hành chính mới (bản nháp). Chép từ Quyết định công bố và trang thủ tục trên",
        "# Cổng Dịch vụ công quốc gia; điền đủ các trường có dấu (*), rồi xoá dòng 'draft: true'",
        "# để đăng. Dòng bắt đầu bằng '#' là ghi chú. Trang thủ tục có địa chỉ theo mã thủ tục.",
        "# (*) Mã thủ tục: 1.004512, 1.004512.000.00.00.H48 hoặc 1.004512.H48",
        f"code: {code}",
        "# (*) Tên thủ tục, đúng như văn bản công bố",
        f"name: {yaml_text(name)}",
        "# (*) Lĩnh vực, viết giống hệt các thủ tục cùng lĩnh vực"
        + (":" if known_fields else ", ví dụ: Hoạt động khoa học và công nghệ"),
        *[f"#   {known}" for known in known_fields],
        f"field: {yaml_text(field)}" if field else 'field: ""',
        *_PROCEDURE_PARTS,
        "# (*) Ngày cập nhật thông tin thủ tục trên trang",
        f"updated: {today.isoformat()}",
        "# Hướng dẫn thêm cho người dân (không bắt buộc): viết bên dưới dòng '---' cuối cùng.",
        "draft: true",
        "---",
        "",
    ]
    return Skeleton(f"{folder}/{file_slug(name)}.md", "\n".join(lines))


def bulletin_skeleton(year: int, number: int, today: date, plan: Plan | None) -> Skeleton:
    """A draft bulletin issue ``number`` of ``year``, dated ``today`` when it is in that year."""
    example = f"ban-tin-cchc-so-{number:02d}-{year}"
    when = today.isoformat() if today.year == year else '""'
    lines = [
        "---",
        f"# Bản tin số {number}/{year} (bản nháp). Đặt tệp PDF (và ảnh bìa) cùng thư mục với tệp",
        "# này, điền các trường, rồi xoá dòng 'draft: true' để đăng. Dòng bắt đầu bằng '#' là",
        "# ghi chú, không được đăng.",
        "# (*) Số thứ tự của bản tin trong năm",
        f"number: {number}",
        f"# (*) Ngày phát hành, ví dụ {year}-02-25",
        f"date: {when}",
        f"# (*) Tiêu đề của số bản tin (tối đa {MAX_TITLE} ký tự)",
        'title: ""',
        f"# (*) Tệp PDF của bản tin, ví dụ: {example}.pdf",
        'pdf: ""',
        "# Ảnh bìa (không bắt buộc): .jpg, .png, .webp hoặc .svg",
        f"# cover: {example}.svg",
        f"# (*) Chủ đề của kế hoạch năm {year} mà số này tuyên truyền, ví dụ topics: [II.1, II.5].",
        "# Các mã hợp lệ:",
        *_plan_lines(plan, year),
        "topics: []",
        "# (*) Mục lục: mỗi bài một mục '- title: ...'; bài đã đăng trên trang thì thêm dòng",
        "# 'post:' trỏ tới tệp bài viết. Ví dụ:",
        "#   - title: Hội nghị tổng kết công tác cải cách hành chính",
        f"#     post: {NEWS_DIR}/{year}/hoi-nghi-tong-ket.md",
        '#   - "Hỏi đáp: thủ tục hành chính qua dịch vụ bưu chính"   (tiêu đề có ": " phải để trong ngoặc kép)',
        "contents: []",
        "# Lời giới thiệu số bản tin (không bắt buộc): viết bên dưới dòng '---' cuối cùng.",
        "draft: true",
        "---",
        "",
    ]
    return Skeleton(f"{BULLETIN_DIR}/{year}/{number:02d}.md", "\n".join(lines))


def document_skeleton(number: str, signed: date, plan: Plan | None) -> Skeleton:
    """A draft document of the register numbered ``number``, signed on ``signed``: its file is
    named after the number (the page's address, /van-ban/<year>/<name>/)."""
    year = signed.year
    lines = [
        "---",
        f"# Văn bản {number} (bản nháp). Chép các trường từ văn bản; đặt tệp văn bản (.pdf, .docx)",
        "# cùng thư mục và ghi tên tệp vào 'file', rồi xoá dòng 'draft: true' để đăng. Dòng bắt đầu",
        "# bằng '#' là ghi chú. Tên tệp này là địa chỉ trang của văn bản: không đổi tên sau khi đăng.",
        "# (*) Số ký hiệu, đúng như trên văn bản",
        f"number: {yaml_text(number)}",
        "# (*) Loại văn bản: " + ", ".join(DOCUMENT_TYPES),
        'type: ""',
        "# (*) Cơ quan ban hành, viết giống hệt ở mọi văn bản của cùng cơ quan (ví dụ: UBND tỉnh)",
        'issuer: ""',
        "# Người ký (chức vụ, họ tên), khi có văn bản để chép",
        "# signer: ",
        "# (*) Ngày ban hành (ngày ký)",
        f"date: {signed.isoformat()}",
        "# Ngày có hiệu lực, khi khác ngày ký; ngày hết hiệu lực, khi đã biết",
        f"# effective: {signed.isoformat()}",
        "# expires: ",
        f"# (*) Trích yếu (tối đa {MAX_SUMMARY} ký tự)",
        'subject: ""',
        f"# Chủ đề của kế hoạch năm {year} (không bắt buộc), ví dụ topics: [II.1]. Các mã hợp lệ:",
        *_plan_lines(plan, year),
        "# (*) Tệp văn bản cùng thư mục; hoặc source: địa chỉ nơi đăng chính thức (https://...);",
        "# hoặc no_file: true khi Sở chưa có bản điện tử",
        f"# file: {slugify(number)}.pdf",
        "# Văn bản thay thế, sửa đổi văn bản này (số ký hiệu; văn bản đó phải có trong sổ):",
        "# replaced_by: ",
        "# amended_by: []",
        "# Ghi chú cho người đọc (không bắt buộc): viết bên dưới dòng '---' cuối cùng.",
        "draft: true",
        "---",
        "",
    ]
    return Skeleton(f"{DOCUMENTS_DIR}/{year}/{slugify(number)}.md", "\n".join(lines))
