"""Every front-matter field of every kind of content, described once.

A kind's fields are one tuple of ``Field`` in the order a file writes them (the order of the
editors' guide, of the CMS form, of a new file and of the importer). From it come the checker's
known fields, which are required, their lengths and whether they are plain text; the labels and
explanations of the guide and the CMS; the form's ``pattern`` (``Field.form_pattern``); the
comments of a new file; the fields the importer owns. Adding a field to a kind is one entry here
plus its place in the page template.

The text fields' form pattern is made from the same rule the checker applies: a JavaScript
regular expression (Decap CMS runs ``RegExp(pattern)`` without flags on the value of the field)
that refuses what the checker refuses for a value the form can write: empty, markup in plain
text, too long, a character the file may not hold, a value YAML would read as true/false.
``tests/test_fields.py`` runs every field's pattern in Node against the checker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from .documents import FILE_TYPES as DOCUMENT_FILE_TYPES
from .documents import NUMBER as DOCUMENT_NUMBER
from .documents import NUMBER_EXAMPLE as DOCUMENT_NUMBER_EXAMPLE
from .documents import TYPES as DOCUMENT_TYPES
from ..text import PAGE_SEGMENT
from .procedures import CODE, DECISION_KINDS, FORM_TYPES, NOT_ONLINE, ONLINE_LEVELS, STATUSES

REQUIRED = "bắt buộc"
WHEN_PUBLISHED = "bắt buộc khi đăng"
OPTIONAL = "không bắt buộc"

MAX_TEXT = 3000
MAX_TITLE = 200
MAX_SUMMARY = 600
MAX_NAME = 400
# What names a folder of the site is bounded (a file name has at most 255 bytes): a bulletin's
# number in its year (ban-tin/<year>/so-<number>/), a news post's or a topic's slug.
MAX_ISSUE_NUMBER = 999
MAX_SLUG = 200  # ASCII: as long as one made from a title (MAX_TITLE, one letter each at most)

# Markup in a plain-text value: shown as plain text in lists, feeds and <title>.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
# A slug is never the segment of a list's later pages (cchc.text.PAGE_SEGMENT).
SLUG = re.compile(rf"(?!{PAGE_SEGMENT}$)[a-z0-9]+(?:-[a-z0-9]+)*$", re.ASCII)
# A number of dossier sets: a leading number, if any, of at least 1 ("01 bộ", not "0" or "-1").
SETS = re.compile(r"(?![\s\x85]*(?:-[0-9]|\+?0+(?![0-9])))", re.ASCII)
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")
PDF_TYPES = (".pdf",)
COVER_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".svg")
# Ways to submit a dossier, as procedure records name them.
SUBMISSION_CHANNELS = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")

# What the form must refuse besides the rule. JavaScript's \s lacks U+0085, which Python's
# split() takes for a space (cchc.content.checker collapses spaces that way); NFC turns the
# Kelvin sign into K; the file cannot hold control characters nor direction controls
# (cchc.content.source: UNWRITABLE, BIDI_CONTROLS); Decap writes U+2028 and U+2029 as they
# are, and YAML takes them for line breaks (the file no longer reads); and Decap writes YAML 1.2,
# so yes/no/on/off, 0b101, 1:20 and 1_000 go unquoted, and YAML 1.1 reads them as true/false
# or a number; a lone = or << it writes unquoted too, and the loader refuses them
# (cchc.content.source.SPECIAL_SCALARS). Lone surrogates need no rule: a file cannot hold them.
_SPACE = r"[\s\x85]"
_JS_MARKUP = r"<[\s\x85]*[a-zA-Z\u212a/!?]"
_NEVER = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u2028\u2029"
_LINE_BREAKS = r"\n\r"
_YAML_1_1 = (r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|=|<<|[-+]?0b[01_]+"
             r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|[-+]?[0-9.]*_[0-9_.]*(?:[eE][-+][0-9]+)?")
# A news post's address is made from its title: it needs a letter or a digit (Vietnamese ones too).
URL_WORD = re.compile("(?=[\\s\\S]*[0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff])")
_TEXT_WIDGETS = ("string", "text")


@dataclass(frozen=True)
class Field:
    """One front-matter field: what the checker requires of it and how editors are told.

    ``type`` says how the checker reads it (text, texts, date, topics, file, flag, ...);
    ``widget`` is the CMS's input for it; ``expected`` is the checker's words for a missing
    value; ``rule`` a regular expression the value must match (also a JavaScript one) and
    ``rule_message`` the form's Vietnamese words for it; ``parts`` the keys of each entry of a
    list; ``options`` further settings of the CMS input; ``form_hint`` the CMS's explanation when
    the file's (``hint``, the guide's) speaks of writing the file by hand."""

    name: str
    label: str
    need: str = OPTIONAL
    type: str = "text"
    widget: str = "string"
    hint: str = ""
    example: str = ""
    limit: int | None = None
    plain: bool = False
    expected: str = "nội dung"
    rule: re.Pattern | None = None
    rule_message: str = ""
    types: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    parts: tuple[Field, ...] = ()
    imported: bool = False
    options: Mapping[str, object] = field(default_factory=dict, compare=False)
    form_hint: str = ""

    @property
    def required(self) -> bool:
        """Needed to publish: the form asks for it (it cannot know whether a file is a draft)."""
        return self.need != OPTIONAL

    def required_in(self, draft: bool) -> bool:
        """Whether the checker asks for it in a draft (``draft``) or a published file."""
        return self.need == REQUIRED or (self.need == WHEN_PUBLISHED and not draft)

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of each entry of a list field, in the order a file writes them."""
        return names(self.parts)

    def part(self, name: str) -> Field:
        return next(p for p in self.parts if p.name == name)

    @property
    def form_pattern(self) -> tuple[str, str] | None:
        """The CMS's (regular expression, Vietnamese message) for the field, or None."""
        if self.widget in ("file", "image") and self.types:
            # Any case: the checker takes IMG_0001.JPG as a picture.
            either = ("".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in t[1:]) for t in self.types)
            return r"\.(?:" + "|".join(either) + ")$", "Tệp " + ", ".join(self.types)
        if self.widget not in _TEXT_WIDGETS or self.type not in ("text", "code", "slug", "sets", "symbol", "url"):
            return None
        one_line = self.widget == "string"
        pattern = f"^(?!{_SPACE}*$)(?!(?:{_YAML_1_1})$)"
        words = [f"tối đa {self.limit or MAX_TEXT} ký tự"] if self.rule is None or self.limit else []
        if one_line:
            words.append("một dòng")
        if self.plain:
            pattern += f"(?![\\s\\S]*{_JS_MARKUP})"
            words.append("không dùng thẻ HTML (dấu < liền trước chữ cái)")
        if self.rule is not None:
            pattern += "(?=" + self.rule.pattern.removeprefix("^").replace("(?P<", "(?<") + ")"
            words.insert(len(words) if self.limit else 0, self.rule_message.lower() if words else self.rule_message)
        never = _NEVER + (_LINE_BREAKS if one_line else "")
        pattern += f"[^{never}]{{1,{self.limit or MAX_TEXT}}}$"
        message = ", ".join(words) + "."
        return pattern, message[0].upper() + message[1:]


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The keys of ``fields``, in their order."""
    return tuple(f.name for f in fields)


def labels(fields: tuple[Field, ...]) -> dict[str, str]:
    """Key -> Vietnamese label, for the fields and the parts of their lists ("dossier.name")."""
    found = {f.name: f.label for f in fields}
    found.update({f"{f.name}.{p.name}": p.label for f in fields for p in f.parts})
    return found


def _draft(what: str, entry: str) -> Field:
    return Field("draft", "Bản nháp", type="flag", widget="boolean",
                 hint=f"Bản nháp: không được đăng, được để trống {what}. Xoá dòng này khi {entry} "
                      "sẵn sàng đăng.", example="draft: true",
                 form_hint=f"Bật: {entry} là bản nháp, chưa được đăng, được để trống {what}. Tắt khi "
                           f"{entry} sẵn sàng đăng.")


def _title(hint: str, example: str) -> Field:
    return Field("title", "Tiêu đề", REQUIRED, hint=hint, example=example, limit=MAX_TITLE, plain=True)


_DATE_ONLY = {"format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}
_TOPICS = {"min": 1, "multiple": True}

NEWS_FIELDS = (
    replace(_title("Tiêu đề bài viết, chữ thường (không dùng thẻ HTML), tối đa "
           f"{MAX_TITLE} ký tự. Sửa tiêu đề không đổi địa chỉ trang. Ô tìm kiếm tìm bài theo "
           "tiêu đề và tóm tắt, không theo thân bài.",
           "title: Hội nghị tổng kết công tác cải cách hành chính năm 2021"),
            rule=URL_WORD, rule_message="Có chữ hoặc số"),
    # Posts keep the hour when the editor gives one: 2022-03-21 08:30 (cchc/dates.py).
    Field("date", "Ngày đăng", REQUIRED, "when", "datetime",
          "Ngày đăng theo giờ Việt Nam, dạng năm-tháng-ngày, có thể thêm giờ. Bài có ngày sau thời "
          "điểm dựng trang được giữ lại và tự đăng khi đến ngày. Năm của ngày phải trùng thư mục năm "
          "chứa bài.", "date: 2022-03-21 08:30",
          form_hint="Chọn ngày và giờ đăng (giờ Việt Nam). Bài có ngày sau hôm nay được giữ lại và tự "
                    "đăng khi đến ngày. Năm của ngày phải trùng thư mục năm chứa bài (bài mới được xếp theo năm "
                    "của ngày).",
          options={"format": "YYYY-MM-DD HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm"}),
    Field("summary", "Tóm tắt", WHEN_PUBLISHED, widget="text",
          hint=f"Tóm tắt một, hai câu, tối đa {MAX_SUMMARY} ký tự; hiện trong danh sách tin, trang "
               "chủ và bản tin RSS. Cùng với tiêu đề, đây là phần ô tìm kiếm tìm trong bài: hãy dùng "
               "những từ người đọc sẽ gõ (tên thủ tục, tên đơn vị).",
          example="summary: Sở ban hành kế hoạch tuyên truyền cải cách hành chính năm 2022.",
          limit=MAX_SUMMARY, plain=True),
    Field("topics", "Chủ đề của kế hoạch", WHEN_PUBLISHED, "topics", "select",
          "Một hay nhiều mã chủ đề của kế hoạch năm (bảng mã ở mục Chủ đề của kế hoạch), trong ngoặc "
          "vuông, cách nhau bằng dấu phẩy.", "topics: [II.1, II.2.3]", options=_TOPICS,
          form_hint="Chọn một hay nhiều chủ đề của kế hoạch năm mà bài tuyên truyền (gõ mã hoặc vài chữ "
                    "của tên để tìm)."),
    Field("unit", "Đơn vị thực hiện", widget="select",
          hint="Đơn vị thực hiện; viết thống nhất một cách để báo cáo theo đơn vị được đúng.",
          example="unit: Phòng Hành chính - Tổng hợp", limit=MAX_TITLE, plain=True),
    # Stored beside the post (the collection's media_folder is its own folder): image: x.jpg
    Field("image", "Ảnh minh hoạ", type="file", widget="image",
          hint="Ảnh minh hoạ đặt cùng thư mục với bài (.jpg, .png, .webp, .gif, .svg).",
          example="image: hoi-nghi-tong-ket.jpg", types=IMAGE_TYPES, options={"choose_url": False}),
    Field("image_alt", "Mô tả ảnh",
          hint="Mô tả ngắn nội dung ảnh, để người khiếm thị nghe được qua phần mềm đọc màn hình. Bắt "
               "buộc khi có ảnh.", example="image_alt: Quang cảnh hội nghị", limit=MAX_TITLE, plain=True),
    Field("slug", "Địa chỉ trang", type="slug",
          hint="Địa chỉ trang, khi không muốn lấy từ tên tệp: chữ thường không dấu, các từ nối bằng "
               "dấu gạch ngang; đặt một lần, không đổi sau khi đăng.", example="slug: hoi-nghi-tong-ket-cchc-2021",
          limit=MAX_SLUG, rule=SLUG,
          rule_message=f"Chữ thường không dấu, số, nối bằng dấu gạch ngang, không phải '{PAGE_SEGMENT}'"),
    Field("channel", "Chuyên mục (chỉ tiêu của kế hoạch)", type="channel", widget="select",
          hint="Bài là một kỳ chuyên mục phát thanh, truyền hình hay trên báo, được tính vào chỉ tiêu "
               "của kế hoạch (mã ở bảng Chỉ tiêu).", example="channel: radio"),
    Field("form", "Hình thức tuyên truyền", type="forms", widget="select",
          hint="Hình thức tuyên truyền của kế hoạch (mục III) mà bài báo cáo kết quả; hình thức có "
               "thời hạn (ví dụ quý II) cần bài có ngày trong thời hạn đó.", example="form: III.4"),
    _draft("tóm tắt và chủ đề", "bài"),
)

_LIST = "cchc-list"  # our widget for one value or a list (cchc/site/cms_widgets.js)


def _texts(name: str, label: str, need: str, hint: str, example: str, expected: str | None = None,
           imported: bool = True, form_hint: str = "", **options: object) -> Field:
    """A field holding one line or a list of lines."""
    return Field(name, label, need, "texts", _LIST, hint, example, imported=imported,
                 expected=expected or "một dòng chữ hoặc danh sách các dòng", options=options,
                 form_hint=form_hint)


_DOSSIER_PARTS = (
    Field("name", "Tên giấy tờ", REQUIRED, widget="text", expected="tên giấy tờ"),
    Field("form", "Mẫu đơn, tờ khai (tệp .docx, .doc, .pdf)", type="file", widget="file",
          types=FORM_TYPES, options={"choose_url": False}),
    Field("form_name", "Tên mẫu", limit=MAX_NAME),
    # Counts are positive when given; left empty, the field is left out.
    Field("originals", "Số bản chính", type="count", widget="number", options={"value_type": "int", "min": 1}),
    Field("copies", "Số bản sao", type="count", widget="number", options={"value_type": "int", "min": 1}),
    Field("notes", "Ghi chú", widget="text"),
)
_DOSSIER_OPTIONS = {"min": 1}
_DECISION_KIND_CHOICES = tuple((key, f"{key}: {label}") for key, label in DECISION_KINDS.items())
_CODE_MESSAGE = "Mã thủ tục dạng 1.004512, 1.004512.000.00.00.H48 hoặc 1.004512.H48"

PROCEDURE_FIELDS = (
    Field("code", "Mã thủ tục", REQUIRED, "code",
          hint="Mã thủ tục trên Cơ sở dữ liệu quốc gia, có thể kèm đuôi của tỉnh; chép đúng như trên "
               "Cổng Dịch vụ công (đuôi H48 trong ví dụ là dữ liệu minh họa, chưa phải đuôi đã xác nhận "
               "của tỉnh). Địa chỉ trang thủ tục theo mã này và không bao giờ đổi.",
          example="code: 1.004512.000.00.00.H48", rule=CODE, rule_message=_CODE_MESSAGE, imported=True),
    Field("sample", "Dữ liệu minh họa", type="flag", widget="boolean",
          hint="Dữ liệu minh họa: thủ tục soạn làm mẫu, chưa đối chiếu với Cơ sở dữ liệu quốc gia. Trang "
               "và bản tin RSS ghi rõ 'Dữ liệu minh họa'; khi mkdocs.yml đặt extra.cchc.samples: error, "
               "bản dựng dừng lại cho đến khi không còn thủ tục mẫu.", example="sample: true"),
    Field("source", "Nguồn dữ liệu",
          hint="Nguồn công khai của dữ liệu (địa chỉ trang hoặc tên văn bản); "
               "cchc import ghi trường này khi nhập.",
          example="source: Cổng Dịch vụ công quốc gia, thủ tục 1.004512", limit=MAX_NAME, imported=True),
    Field("name", "Tên thủ tục", REQUIRED, hint="Tên thủ tục, đúng như quyết định công bố.",
          example="name: Khai báo thiết bị X-quang chẩn đoán trong y tế", limit=MAX_NAME, plain=True,
          expected="tên thủ tục đúng như quyết định công bố", imported=True),
    Field("field", "Lĩnh vực", REQUIRED, hint="Lĩnh vực; viết giống hệt nhau ở mọi thủ tục cùng lĩnh vực.",
          example="field: An toàn bức xạ và hạt nhân", limit=MAX_NAME, plain=True,
          expected="lĩnh vực, như 'Chuyển giao công nghệ'", imported=True),
    Field("level", "Cấp thực hiện", hint="Cấp thực hiện.", example="level: Cấp tỉnh", limit=MAX_NAME,
          imported=True),
    Field("kind", "Loại thủ tục", hint="Loại thủ tục.", example="kind: TTHC được luật giao quy định chi tiết",
          limit=MAX_NAME, imported=True),
    Field("online", "Dịch vụ công trực tuyến", type="online", widget="select",
          hint="Dịch vụ công trực tuyến theo Nghị định 42/2022: toàn trình, một phần, hoặc không.",
          example="online: toàn trình", choices=tuple((v, v) for v in (*ONLINE_LEVELS, NOT_ONLINE[0]))),
    _texts("steps", "Trình tự thực hiện", REQUIRED,
           "a. Trình tự thực hiện: mỗi bước một dòng bắt đầu bằng '- '; không ghi 'Bước 1:', trang tự "
           "đánh số.", "steps:\n  - Tổ chức, cá nhân nộp phiếu khai báo.\n  - Sở cấp Giấy xác nhận khai báo.",
           "danh sách các bước, mỗi bước một dòng '- ...'", min=1, item_label="Bước",
           form_hint="a. Trình tự thực hiện: mỗi bước một mục (nút Thêm); không ghi 'Bước 1:', trang tự đánh số."),
    Field("submission", "Cách thức thực hiện", REQUIRED, "items", _LIST,
          "b. Cách thức thực hiện: mỗi cách một mục với channel (Trực tiếp, Trực tuyến, Dịch vụ bưu "
          "chính); time_limit, fees, notes khi khác phần chung.",
          "submission:\n  - channel: Trực tuyến\n    notes: Nộp trên Cổng Dịch vụ công quốc gia.\n"
          "  - channel: Trực tiếp",
          expected="danh sách cách nộp hồ sơ, mỗi cách một mục với 'channel', 'time_limit', 'fees' và 'notes'",
          imported=True, options={"min": 1}, parts=(
              Field("channel", "Cách nộp", REQUIRED, widget="select",
                    expected="cách nộp, như 'Trực tiếp', 'Trực tuyến' hoặc 'Dịch vụ bưu chính'",
                    choices=tuple((c, c) for c in SUBMISSION_CHANNELS)),
              Field("time_limit", "Thời hạn (nếu khác phần chung)"),
              Field("fees", "Phí, lệ phí (nếu khác phần chung)"),
              Field("notes", "Ghi chú", widget="text"))),
    Field("dossier", "Thành phần hồ sơ", REQUIRED, "items", _LIST,
          "c. Thành phần hồ sơ: mỗi giấy tờ một mục với name, số bản chính (originals), bản sao "
          "(copies); mẫu đơn (form: tệp .docx, .doc, .pdf đặt cùng thư mục, form_name: tên mẫu) và "
          "notes nếu có.",
          "dossier:\n  - name: Phiếu khai báo thiết bị X-quang\n    form: phieu-khai-bao.docx\n    originals: 1",
          expected="danh sách giấy tờ của hồ sơ, mỗi giấy tờ một mục với 'name', 'originals' và 'copies'",
          imported=True, options=_DOSSIER_OPTIONS, parts=_DOSSIER_PARTS),
    # A dossier per case instead of one `dossier` (the importer writes these).
    Field("cases", "Hồ sơ theo từng trường hợp", type="items", widget=_LIST,
          hint="Thành phần hồ sơ theo từng trường hợp, thay cho dossier khi hồ sơ khác nhau giữa các "
               "trường hợp: mỗi trường hợp một mục với name và dossier (như trên). Không ghi cả dossier "
               "lẫn cases.",
          example="cases:\n  - name: Cấp lần đầu\n    dossier:\n      - name: Đơn đề nghị\n        originals: 1",
          expected="danh sách trường hợp, mỗi trường hợp một mục với 'name' và 'dossier'", imported=True, parts=(
              Field("name", "Trường hợp", REQUIRED, limit=MAX_NAME, expected="tên trường hợp, như 'Cấp lần đầu'"),
              Field("dossier", "Thành phần hồ sơ của trường hợp", REQUIRED, "items", _LIST,
                    options=_DOSSIER_OPTIONS, parts=_DOSSIER_PARTS))),
    Field("dossier_count", "Số lượng hồ sơ", REQUIRED, "sets", hint="Số lượng hồ sơ.", example="dossier_count: 01 bộ",
          expected="số bộ hồ sơ phải nộp, như '01 bộ'", rule=SETS,
          rule_message="Số bộ hồ sơ từ 1 trở lên, ví dụ 01 bộ"),
    Field("time_limit", "Thời hạn giải quyết", REQUIRED, hint="d. Thời hạn giải quyết.",
          example="time_limit: 03 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ",
          expected="thời hạn, như '10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ'", imported=True),
    _texts("applicants", "Đối tượng thực hiện", REQUIRED, "đ. Đối tượng thực hiện: một dòng, hoặc danh sách '- '.",
           "applicants: Tổ chức, cá nhân sở hữu thiết bị X-quang", "đối tượng thực hiện", min=1,
           form_hint="đ. Đối tượng thực hiện: mỗi đối tượng một mục (nút Thêm)."),
    Field("deciding_agency", "Cơ quan có thẩm quyền quyết định", REQUIRED,
          hint="e. Cơ quan có thẩm quyền quyết định.",
          example="deciding_agency: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
          expected="cơ quan có thẩm quyền quyết định", imported=True),
    Field("performing_agency", "Cơ quan trực tiếp thực hiện",
          hint="Cơ quan trực tiếp thực hiện, khi khác cơ quan quyết định.",
          example="performing_agency: Chi cục Tiêu chuẩn Đo lường Chất lượng", imported=True),
    Field("authorised_agency", "Cơ quan được ủy quyền", hint="Cơ quan được ủy quyền.",
          example="authorised_agency: Không", imported=True),
    _texts("coordinating_agencies", "Cơ quan phối hợp", OPTIONAL, "Cơ quan phối hợp: một dòng hoặc danh sách.",
           "coordinating_agencies: Sở Y tế"),
    _texts("submit_at", "Địa chỉ tiếp nhận hồ sơ", OPTIONAL, "Địa chỉ tiếp nhận hồ sơ: một dòng hoặc danh sách.",
           "submit_at: Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi", imported=False),
    _texts("result", "Kết quả thực hiện", OPTIONAL, "g. Kết quả thực hiện.",
           "result: Giấy xác nhận khai báo thiết bị X-quang"),
    _texts("fees", "Phí, lệ phí", OPTIONAL, "h. Phí, lệ phí; bỏ trống khi không thu.",
           "fees: Phí thẩm định 2.000.000 đồng/thiết bị"),
    _texts("requirements", "Yêu cầu, điều kiện", OPTIONAL, "k. Yêu cầu, điều kiện.",
           "requirements: Thiết bị đã được kiểm định."),
    Field("legal_basis", "Căn cứ pháp lý", type="items", widget=_LIST,
          hint="l. Căn cứ pháp lý: mỗi văn bản một mục với number (số ký hiệu), summary (trích yếu), "
               "date (ngày ban hành), issuer (cơ quan ban hành).",
          example="legal_basis:\n  - number: 18/2008/QH12\n    summary: Luật Năng lượng nguyên tử\n"
                  "    date: 2008-06-03\n    issuer: Quốc hội",
          expected="danh sách văn bản, mỗi văn bản một mục với 'number', 'summary', 'date' và 'issuer'", imported=True,
          parts=(
              Field("number", "Số ký hiệu", REQUIRED, expected="số ký hiệu văn bản, như '18/2008/QH12'"),
              Field("summary", "Trích yếu", REQUIRED, widget="text", expected="trích yếu của văn bản"),
              # The national portal gives number and summary only: date and issuer may wait.
              Field("date", "Ngày ban hành", OPTIONAL, "day", "datetime", options=_DATE_ONLY),
              Field("issuer", "Cơ quan ban hành", limit=MAX_NAME))),
    # One decision, or several, oldest first: a list of one when there is one.
    Field("announced", "Quyết định công bố", REQUIRED, "decisions", _LIST,
          "Quyết định công bố: number, date, kind (new: công bố mới, amended: sửa đổi, bổ sung, replaced: "
          "thay thế, abolished: bãi bỏ, restored: khôi phục thủ tục đã bãi bỏ hoặc thay thế), issuer. Nhiều quyết "
          "định thì ghi thành danh sách, cũ trước mới sau. Thủ tục đã bãi bỏ chỉ áp dụng lại khi có quyết định "
          "khôi phục.",
          "announced:\n  number: 441/QĐ-UBND\n  date: 2021-04-06\n  kind: amended",
          expected="quyết định công bố: 'number', 'date' và 'kind' (new, amended, replaced, abolished, restored)",
          options={"min": 1}, parts=(
              Field("number", "Số quyết định", REQUIRED, limit=MAX_NAME,
                    expected="số quyết định, như '949/QĐ-UBND'"),
              Field("date", "Ngày ký", REQUIRED, "day", "datetime", options=_DATE_ONLY),
              Field("kind", "Loại công bố", REQUIRED, "enum", "select", choices=_DECISION_KIND_CHOICES),
              Field("issuer", "Cơ quan ban hành", limit=MAX_NAME))),
    Field("updated", "Ngày cập nhật", REQUIRED, "day", "datetime",
          "Ngày cập nhật thông tin thủ tục, không trước ngày của quyết định công bố sau cùng.",
          "updated: 2022-06-15", options=_DATE_ONLY,
          form_hint="Ngày cập nhật thông tin thủ tục: tự đặt là hôm nay khi lưu ở đây; không trước ngày "
                    "của quyết định công bố sau cùng."),
    Field("status", "Tình trạng", type="enum", widget="select",
          hint="Tình trạng: active (đang áp dụng, mặc định), abolished (đã bãi bỏ), replaced (đã được thay "
               "thế). Thủ tục bãi bỏ vẫn được giữ trang, không xoá tệp.", example="status: abolished",
          choices=tuple((k, f"{k}: {v}") for k, v in STATUSES.items())),
    Field("replaced_by", "Mã thủ tục thay thế", type="code", hint="Mã thủ tục thay thế, khi status là replaced.",
          example="replaced_by: 1.005473.H48", rule=CODE, rule_message=_CODE_MESSAGE),
    _draft("các phần bắt buộc", "thủ tục"),
)

BULLETIN_FIELDS = (
    Field("number", "Số bản tin", REQUIRED, "number", "number",
          "Số thứ tự của bản tin trong năm; mỗi số chỉ dùng một lần.", "number: 2",
          options={"value_type": "int", "min": 1, "max": MAX_ISSUE_NUMBER}),
    Field("date", "Ngày phát hành", REQUIRED, "when", "datetime", "Ngày phát hành; năm phải trùng thư mục năm.",
          "date: 2022-04-28", options=_DATE_ONLY),
    _title(f"Tiêu đề của số bản tin, tối đa {MAX_TITLE} ký tự.", "title: Kế hoạch tuyên truyền năm 2022"),
    Field("pdf", "Tệp PDF", REQUIRED, "file", "file", "Tên tệp PDF của bản tin, đặt cùng thư mục.",
          "pdf: ban-tin-cchc-so-02-2022.pdf", types=PDF_TYPES, options={"choose_url": False}),
    Field("cover", "Ảnh bìa", OPTIONAL, "file", "image", "Ảnh bìa (.jpg, .png, .webp, .svg), đặt cùng thư mục.",
          "cover: ban-tin-cchc-so-02-2022.svg", types=COVER_TYPES, options={"choose_url": False}),
    Field("topics", "Chủ đề của kế hoạch", REQUIRED, "topics", "select",
          "Mã chủ đề của kế hoạch năm mà số bản tin tuyên truyền.", "topics: [II.1, II.5]", options=_TOPICS,
          form_hint="Chọn các chủ đề của kế hoạch năm mà số bản tin tuyên truyền."),
    Field("contents", "Mục lục", REQUIRED, "items", _LIST,
          "Mục lục: mỗi bài một mục; bài đã đăng trên trang thì thêm post: đường dẫn tệp bài viết, trang "
          "bài viết sẽ dẫn về bản tin.",
          "contents:\n  - title: Ban hành Kế hoạch tuyên truyền CCHC năm 2022\n"
          "    post: content/news/2022/trien-khai-ke-hoach-tuyen-truyen-cchc-2022.md\n"
          "  - \"Hỏi đáp: nộp hồ sơ qua dịch vụ bưu chính\"", options={"min": 1}, parts=(
              Field("title", "Tiêu đề bài", REQUIRED, limit=MAX_TITLE, plain=True),
              Field("post", "Tệp bài viết trên trang (nếu có)"))),
    _draft("tiêu đề, ngày, PDF, chủ đề và mục lục", "bản tin"),
)

# A year's plan (content/plans/<year>.yml) is written by hand, not in the CMS: its fields are
# described here for their names in the checker's messages; cchc.content.plan reads them.
PLAN_FIELDS = (
    Field("year", "Năm của kế hoạch"),
    Field("title", "Tên kế hoạch"),
    Field("issuer", "Cơ quan ban hành"),
    Field("based_on", "Căn cứ"),
    Field("number", "Số kế hoạch"),
    Field("signed", "Ngày ký"),
    Field("draft", "Bản nháp"),
    Field("topics", "Chủ đề", parts=(
        Field("id", "Mã chủ đề"), Field("name", "Tên chủ đề"), Field("title", "Tiêu đề trang chủ đề"),
        Field("slug", "Địa chỉ trang chủ đề"), Field("documents", "Văn bản của chủ đề"))),
    Field("forms", "Hình thức tuyên truyền", parts=(
        Field("id", "Mã hình thức"), Field("title", "Tên hình thức"), Field("lead", "Đơn vị chủ trì"),
        Field("partners", "Đơn vị phối hợp"), Field("window", "Thời gian thực hiện"),
        Field("quotas", "Chỉ tiêu", parts=(
            Field("id", "Mã chỉ tiêu"), Field("title", "Tên chỉ tiêu"), Field("target", "Số lượng"),
            Field("counted_by", "Cách tính"))))),
    Field("deadlines", "Thời hạn báo cáo", parts=(
        Field("units_report", "Hạn các đơn vị báo cáo Sở"),
        Field("department_report", "Hạn Sở báo cáo tỉnh"))),
)

_DOCUMENT_NUMBER_MESSAGE = f"Số ký hiệu dạng {DOCUMENT_NUMBER_EXAMPLE}"

DOCUMENT_FIELDS = (
    Field("number", "Số ký hiệu", REQUIRED, "symbol",
          hint="Số và ký hiệu của văn bản, chép đúng như trên văn bản (chữ hoa, có dấu Đ). Mỗi cơ quan "
               "ban hành chỉ có một văn bản mang số này trong năm.",
          example="number: 34/KH-UBND", rule=DOCUMENT_NUMBER, rule_message=_DOCUMENT_NUMBER_MESSAGE,
          limit=60, expected="the number and symbol, like '34/KH-UBND'"),
    Field("type", "Loại văn bản", WHEN_PUBLISHED, "enum", "select",
          "Loại văn bản: " + ", ".join(DOCUMENT_TYPES) + ".", "type: Kế hoạch",
          choices=tuple((t, t) for t in DOCUMENT_TYPES)),
    Field("issuer", "Cơ quan ban hành", WHEN_PUBLISHED,
          hint="Cơ quan ban hành; viết giống hệt nhau ở mọi văn bản của cùng cơ quan để lọc được đúng.",
          example="issuer: UBND tỉnh", limit=MAX_NAME, plain=True, expected="the issuing body"),
    Field("signer", "Người ký",
          hint="Chức vụ và họ tên người ký, đúng như trên văn bản; bỏ trống khi không có văn bản để chép.",
          example="signer: Phó Chủ tịch UBND tỉnh Nguyễn Văn A", limit=MAX_NAME, plain=True),
    Field("date", "Ngày ban hành", REQUIRED, "day", "datetime",
          "Ngày ký ban hành; năm phải trùng thư mục năm chứa tệp.", "date: 2022-03-03", options=_DATE_ONLY),
    Field("effective", "Ngày có hiệu lực", type="day", widget="datetime",
          hint="Ngày có hiệu lực, khi văn bản ghi ngày khác ngày ký; bỏ trống thì tính từ ngày ký.",
          example="effective: 2022-04-15", options=_DATE_ONLY),
    Field("expires", "Ngày hết hiệu lực", type="day", widget="datetime",
          hint="Ngày hết hiệu lực, khi đã biết (văn bản tự ghi thời hạn hoặc bị bãi bỏ).",
          example="expires: 2025-12-31", options=_DATE_ONLY),
    Field("subject", "Trích yếu", WHEN_PUBLISHED, widget="text",
          hint=f"Trích yếu nội dung, đúng như trên văn bản, tối đa {MAX_SUMMARY} ký tự.",
          example="subject: Kế hoạch tuyên truyền cải cách hành chính năm 2022", limit=MAX_SUMMARY,
          plain=True, expected="the subject (trích yếu)"),
    Field("topics", "Chủ đề của kế hoạch", type="topics", widget="select",
          hint="Mã chủ đề của kế hoạch năm mà văn bản thuộc về (không bắt buộc).",
          example="topics: [II.1]", options={"multiple": True}),
    Field("file", "Tệp văn bản", type="file", widget="file",
          hint="Tệp văn bản (.pdf, .docx, .doc) đặt cùng thư mục, để người đọc tải về.",
          example="file: 34-kh-ubnd.pdf", types=DOCUMENT_FILE_TYPES, options={"choose_url": False}),
    Field("source", "Nơi đăng chính thức", type="url",
          hint="Địa chỉ trang đăng văn bản chính thức (Cổng thông tin, Cơ sở dữ liệu văn bản), khi Sở "
               "không có tệp.", example="source: https://vanban.chinhphu.vn/...", limit=MAX_NAME,
          rule=re.compile(r"^https://[^\s<>\"]+$"), rule_message="Địa chỉ bắt đầu bằng https://"),
    Field("no_file", "Chưa có bản điện tử", type="flag", widget="boolean",
          hint="Sở chưa có tệp văn bản và chưa có địa chỉ nơi đăng chính thức: trang ghi rõ như vậy. "
               "Văn bản đã đăng cần file, source hoặc no_file.", example="no_file: true"),
    Field("replaced_by", "Được thay thế bởi", type="symbol",
          hint="Số ký hiệu của văn bản thay thế văn bản này; văn bản đó phải có trong sổ văn bản.",
          example="replaced_by: 169/KH-UBND", rule=DOCUMENT_NUMBER, rule_message=_DOCUMENT_NUMBER_MESSAGE,
          limit=60),
    _texts("amended_by", "Được sửa đổi, bổ sung bởi", OPTIONAL,
           "Số ký hiệu các văn bản sửa đổi, bổ sung văn bản này; mỗi văn bản phải có trong sổ văn bản.",
           "amended_by: [12/QĐ-UBND]", "a document number or a list of them", imported=False),
    Field("posted", "Ngày đăng lên trang", type="when", widget="datetime",
          hint="Ngày đăng lên trang, khi muộn hơn ngày ban hành; bỏ trống thì tính ngày ban hành. Văn bản "
               "có ngày đăng sau thời điểm dựng trang được tự đăng khi đến ngày.",
          example="posted: 2022-03-10", options=_DATE_ONLY),
    _draft("các trường bắt buộc", "văn bản"),
)

KINDS = {"news": NEWS_FIELDS, "procedure": PROCEDURE_FIELDS, "bulletin": BULLETIN_FIELDS,
         "document": DOCUMENT_FIELDS}
