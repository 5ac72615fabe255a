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

from .procedures import CODE, DECISION_KINDS, FORM_TYPES, NOT_ONLINE, ONLINE_LEVELS, STATUSES

REQUIRED = "bắt buộc"
WHEN_PUBLISHED = "bắt buộc khi đăng"
OPTIONAL = "không bắt buộc"

MAX_TEXT = 3000
MAX_TITLE = 200
MAX_SUMMARY = 600
MAX_NAME = 400

# Markup in a plain-text value: shown as plain text in lists, feeds and <title>.
MARKUP = re.compile(r"<\s*[a-zA-Z/!?]")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*$", re.ASCII)
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
# or a number. Lone surrogates need no rule: a file cannot hold them.
_SPACE = r"[\s\x85]"
_JS_MARKUP = r"<[\s\x85]*[a-zA-Z\u212a/!?]"
_NEVER = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u2028\u2029"
_LINE_BREAKS = r"\n\r"
_YAML_1_1 = (r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|[-+]?0b[01_]+"
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
    list; ``options`` further settings of the CMS input."""

    name: str
    label: str
    need: str = OPTIONAL
    type: str = "text"
    widget: str = "string"
    hint: str = ""
    example: str = ""
    limit: int | None = None
    plain: bool = False
    expected: str = "text"
    rule: re.Pattern | None = None
    rule_message: str = ""
    types: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    parts: tuple[Field, ...] = ()
    imported: bool = False
    options: Mapping[str, object] = field(default_factory=dict, compare=False)

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
        if self.widget not in _TEXT_WIDGETS or self.type not in ("text", "code", "slug", "sets"):
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
                      "sẵn sàng đăng.", example="draft: true")


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
          options={"format": "YYYY-MM-DD HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm"}),
    Field("summary", "Tóm tắt", WHEN_PUBLISHED, widget="text",
          hint=f"Tóm tắt một, hai câu, tối đa {MAX_SUMMARY} ký tự; hiện trong danh sách tin, trang "
               "chủ và bản tin RSS. Cùng với tiêu đề, đây là phần ô tìm kiếm tìm trong bài: hãy dùng "
               "những từ người đọc sẽ gõ (tên thủ tục, tên đơn vị).",
          example="summary: Sở ban hành kế hoạch tuyên truyền cải cách hành chính năm 2022.",
          limit=MAX_SUMMARY, plain=True),
    Field("topics", "Chủ đề của kế hoạch", WHEN_PUBLISHED, "topics", "select",
          "Một hay nhiều mã chủ đề của kế hoạch năm (bảng mã ở mục Chủ đề của kế hoạch), trong ngoặc "
          "vuông, cách nhau bằng dấu phẩy.", "topics: [II.1, II.2.3]", options=_TOPICS),
    Field("unit", "Đơn vị thực hiện", widget="select",
          hint="Đơn vị thực hiện; viết thống nhất một cách để báo cáo theo đơn vị được đúng.",
          example="unit: Phòng Hành chính - Tổng hợp", limit=MAX_TITLE, plain=True),
    # Stored beside the post (the collection's media_folder is its own folder): image: x.jpg
    Field("image", "Ảnh minh hoạ", type="file", widget="image",
          hint="Ảnh minh hoạ đặt cùng thư mục với bài (.jpg, .png, .webp, .gif, .svg).",
          example="image: hoi-nghi-tong-ket.jpg", types=IMAGE_TYPES, options={"choose_url": False}),
    Field("image_alt", "Mô tả ảnh",
          hint="Mô tả ngắn nội dung ảnh, để người khiếm thị nghe được qua phần mềm đọc màn hình. Nên "
               "có khi có ảnh.", example="image_alt: Quang cảnh hội nghị", limit=MAX_TITLE, plain=True),
    Field("slug", "Địa chỉ trang", type="slug",
          hint="Địa chỉ trang, khi không muốn lấy từ tên tệp: chữ thường không dấu, các từ nối bằng "
               "dấu gạch ngang; đặt một lần, không đổi sau khi đăng.", example="slug: hoi-nghi-tong-ket-cchc-2021",
          rule=SLUG, rule_message="Chữ thường không dấu, số, nối bằng dấu gạch ngang"),
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
           imported: bool = True, **options: object) -> Field:
    """A field holding one line or a list of lines."""
    return Field(name, label, need, "texts", _LIST, hint, example, imported=imported,
                 expected=expected or ("text or a list of texts"), options=options)


_DOSSIER_PARTS = (
    Field("name", "Tên giấy tờ", REQUIRED, widget="text", expected="the document's name"),
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
          example="name: Khai báo thiết bị X-quang chẩn đoán trong y tế", limit=MAX_NAME,
          expected="the procedure's official name", imported=True),
    Field("field", "Lĩnh vực", REQUIRED, hint="Lĩnh vực; viết giống hệt nhau ở mọi thủ tục cùng lĩnh vực.",
          example="field: An toàn bức xạ và hạt nhân", limit=MAX_NAME,
          expected="the field (lĩnh vực), like 'Chuyển giao công nghệ'", imported=True),
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
           "a list of steps, one line '- ...' per step", min=1, item_label="Bước"),
    Field("submission", "Cách thức thực hiện", REQUIRED, "items", _LIST,
          "b. Cách thức thực hiện: mỗi cách một mục với channel (Trực tiếp, Trực tuyến, Dịch vụ bưu "
          "chính); time_limit, fees, notes khi khác phần chung.",
          "submission:\n  - channel: Trực tuyến\n    notes: Nộp trên Cổng Dịch vụ công quốc gia.\n"
          "  - channel: Trực tiếp",
          expected="a list of ways of submitting, each with 'channel', 'time_limit', 'fees' and 'notes'",
          imported=True, options={"min": 1}, parts=(
              Field("channel", "Cách nộp", REQUIRED, widget="select",
                    expected="how to submit, like 'Trực tiếp', 'Trực tuyến' or 'Dịch vụ bưu chính'",
                    choices=tuple((c, c) for c in SUBMISSION_CHANNELS)),
              Field("time_limit", "Thời hạn (nếu khác phần chung)"),
              Field("fees", "Phí, lệ phí (nếu khác phần chung)"),
              Field("notes", "Ghi chú", widget="text"))),
    Field("dossier", "Thành phần hồ sơ", REQUIRED, "items", _LIST,
          "c. Thành phần hồ sơ: mỗi giấy tờ một mục với name, số bản chính (originals), bản sao "
          "(copies); mẫu đơn (form: tệp .docx, .doc, .pdf đặt cùng thư mục, form_name: tên mẫu) và "
          "notes nếu có.",
          "dossier:\n  - name: Phiếu khai báo thiết bị X-quang\n    form: phieu-khai-bao.docx\n    originals: 1",
          expected="a list of dossier components, each with 'name', 'originals' and 'copies'",
          imported=True, options=_DOSSIER_OPTIONS, parts=_DOSSIER_PARTS),
    # A dossier per case instead of one `dossier` (the importer writes these).
    Field("cases", "Hồ sơ theo từng trường hợp", type="items", widget=_LIST,
          hint="Thành phần hồ sơ theo từng trường hợp, thay cho dossier khi hồ sơ khác nhau giữa các "
               "trường hợp: mỗi trường hợp một mục với name và dossier (như trên). Không ghi cả dossier "
               "lẫn cases.",
          example="cases:\n  - name: Cấp lần đầu\n    dossier:\n      - name: Đơn đề nghị\n        originals: 1",
          expected="a list of cases, each with 'name' and 'dossier'", imported=True, parts=(
              Field("name", "Trường hợp", REQUIRED, limit=MAX_NAME, expected="the case, like 'Cấp lần đầu'"),
              Field("dossier", "Thành phần hồ sơ của trường hợp", REQUIRED, "items", _LIST,
                    options=_DOSSIER_OPTIONS, parts=_DOSSIER_PARTS))),
    Field("dossier_count", "Số lượng hồ sơ", REQUIRED, "sets", hint="Số lượng hồ sơ.", example="dossier_count: 01 bộ",
          expected="how many sets to submit, like '01 bộ'", rule=SETS,
          rule_message="Số bộ hồ sơ từ 1 trở lên, ví dụ 01 bộ"),
    Field("time_limit", "Thời hạn giải quyết", REQUIRED, hint="d. Thời hạn giải quyết.",
          example="time_limit: 03 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ",
          expected="the time limit, like '10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ'", imported=True),
    _texts("applicants", "Đối tượng thực hiện", REQUIRED, "đ. Đối tượng thực hiện: một dòng, hoặc danh sách '- '.",
           "applicants: Tổ chức, cá nhân sở hữu thiết bị X-quang", "who may apply (đối tượng thực hiện)", min=1),
    Field("deciding_agency", "Cơ quan có thẩm quyền quyết định", REQUIRED,
          hint="e. Cơ quan có thẩm quyền quyết định.",
          example="deciding_agency: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
          expected="the agency that decides (cơ quan có thẩm quyền quyết định)", imported=True),
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
          expected="a list of documents, each with 'number', 'summary', 'date' and 'issuer'", imported=True,
          parts=(
              Field("number", "Số ký hiệu", REQUIRED, expected="the document's number, like '18/2008/QH12'"),
              Field("summary", "Trích yếu", REQUIRED, widget="text", expected="its summary (trích yếu)"),
              # The national portal gives number and summary only: date and issuer may wait.
              Field("date", "Ngày ban hành", OPTIONAL, "day", "datetime", options=_DATE_ONLY),
              Field("issuer", "Cơ quan ban hành", limit=MAX_NAME))),
    # One decision, or several, oldest first: a list of one when there is one.
    Field("announced", "Quyết định công bố", REQUIRED, "decisions", _LIST,
          "Quyết định công bố: number, date, kind (new: công bố mới, amended: sửa đổi, bổ sung, replaced: "
          "thay thế, abolished: bãi bỏ), issuer. Nhiều quyết định thì ghi thành danh sách, cũ trước mới sau.",
          "announced:\n  number: 441/QĐ-UBND\n  date: 2021-04-06\n  kind: amended",
          expected="the announcing decision: 'number', 'date' and 'kind' (new, amended, replaced, abolished)",
          options={"min": 1}, parts=(
              Field("number", "Số quyết định", REQUIRED, limit=MAX_NAME,
                    expected="the decision's number, like '949/QĐ-UBND'"),
              Field("date", "Ngày ký", REQUIRED, "day", "datetime", options=_DATE_ONLY),
              Field("kind", "Loại công bố", REQUIRED, "enum", "select", choices=_DECISION_KIND_CHOICES),
              Field("issuer", "Cơ quan ban hành", limit=MAX_NAME))),
    Field("updated", "Ngày cập nhật", REQUIRED, "day", "datetime",
          "Ngày cập nhật thông tin thủ tục, không trước ngày của quyết định công bố sau cùng.",
          "updated: 2022-06-15", options=_DATE_ONLY),
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
          options={"value_type": "int", "min": 1}),
    Field("date", "Ngày phát hành", REQUIRED, "when", "datetime", "Ngày phát hành; năm phải trùng thư mục năm.",
          "date: 2022-04-28", options=_DATE_ONLY),
    _title(f"Tiêu đề của số bản tin, tối đa {MAX_TITLE} ký tự.", "title: Kế hoạch tuyên truyền năm 2022"),
    Field("pdf", "Tệp PDF", REQUIRED, "file", "file", "Tên tệp PDF của bản tin, đặt cùng thư mục.",
          "pdf: ban-tin-cchc-so-02-2022.pdf", types=PDF_TYPES, options={"choose_url": False}),
    Field("cover", "Ảnh bìa", OPTIONAL, "file", "image", "Ảnh bìa (.jpg, .png, .webp, .svg), đặt cùng thư mục.",
          "cover: ban-tin-cchc-so-02-2022.svg", types=COVER_TYPES, options={"choose_url": False}),
    Field("topics", "Chủ đề của kế hoạch", REQUIRED, "topics", "select",
          "Mã chủ đề của kế hoạch năm mà số bản tin tuyên truyền.", "topics: [II.1, II.5]", options=_TOPICS),
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

KINDS = {"news": NEWS_FIELDS, "procedure": PROCEDURE_FIELDS, "bulletin": BULLETIN_FIELDS}
