"""The site's settings: what ``extra.cchc`` in mkdocs.yml may set, with its defaults.

``Options`` is what the pages, feeds and checks read; ``ReportDetails`` what the unit's report
(.docx) prints in its heading and signature; ``content_folder`` where the content is read and
``option_problems`` what stops a build in settings that parse. The settings are read and checked
once, by the adapter (cchc_mkdocs.settings), which gives the core these plain values: this module
never reads mkdocs.yml.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

from .problems import Problem
from .text import nfc

# A dotted blank the unit fills in by hand before signing.
BLANK = "……"
_PLACEHOLDERS = {
    "parent": "[TÊN CƠ QUAN CHỦ QUẢN]",
    "unit": "[TÊN CƠ QUAN, ĐƠN VỊ]",
    "number": f"{BLANK}/BC-{BLANK}",
    "place": BLANK,
    "signer_title": "[CHỨC VỤ NGƯỜI KÝ]",
    "signer_name": "[Họ và tên]",
}


@dataclass(frozen=True)
class ReportDetails:
    """What varies from one unit's report to another; None prints a placeholder."""

    parent: str | None = None          # the body above the unit, e.g. UBND TỈNH QUẢNG NGÃI
    unit: str | None = None            # the issuing unit, e.g. SỞ KHOA HỌC VÀ CÔNG NGHỆ
    number: str | None = None          # number and symbol after "Số:", e.g. 12/BC-SKHCN
    place: str | None = None           # the place on the date line, e.g. Quảng Ngãi
    signer_title: str | None = None    # one line per line of the title ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    signer_name: str | None = None
    recipients: tuple[str, ...] = ()   # "Nơi nhận" lines, without the leading "- "

    def text(self, name: str) -> str:
        """The value of a field, or its placeholder when it is not given."""
        value = getattr(self, name)
        return value if value else _PLACEHOLDERS[name]

    def merged(self, **overrides: object) -> "ReportDetails":
        """These details with each given (not None, not empty) value replacing the current one."""
        given = {k: (tuple(nfc(line) for line in v) if k == "recipients" else nfc(v))
                 for k, v in overrides.items() if v}
        return ReportDetails(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **given})


@dataclass(frozen=True)
class Contact:
    """The unit's contact, its one-stop desk and its feedback channels (phản ánh, kiến nghị):
    shown in every page's footer and on /lien-he/. Empty values are left out of both."""

    unit: str = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    address: str | None = None
    hours: str | None = None           # giờ làm việc, as the unit writes it
    phone: str | None = None
    email: str | None = None
    one_stop: str | None = None        # bộ phận một cửa: where dossiers are received
    one_stop_address: str | None = None
    one_stop_hours: str | None = None
    one_stop_phone: str | None = None
    feedback_portal: str | None = None  # the national portal's PAKN page
    feedback_email: str | None = None   # the unit's own channel
    feedback_phone: str | None = None

    @staticmethod
    def tel(number: str) -> str:
        """A tel: address of a Vietnamese number as written: "0255 3822 393" -> "+842553822393"."""
        digits = "".join(c for c in number if c.isdigit())
        return "+84" + digits[1:] if digits.startswith("0") else digits


CONTENT_DIR = "content"


def content_folder(configured: object, config_dir: Path) -> tuple[Path, list[Problem]]:
    """The content folder named by ``extra.cchc.content_dir`` (default: ``content`` beside
    mkdocs.yml, in ``config_dir``), and the problems in that setting.

    A relative value is read from ``config_dir``. The folder must be named ``content``: every
    message and every reference between content files (a bulletin's ``post:``) gives a path from
    its parent, like content/news/2022/a.md. The folder itself is not resolved, so a symbolic link
    there is refused like one at content/ (cchc.content.load); only its parent is.
    """
    if configured in (None, ""):
        return config_dir / CONTENT_DIR, []
    if not isinstance(configured, str):
        return config_dir / CONTENT_DIR, [Problem("mkdocs.yml", 1, "content_dir", f"cần đường dẫn của một thư mục "
                                                  f"tên content; đang ghi {configured!r}")]
    folder = config_dir / configured
    folder = folder.parent.resolve() / folder.name
    if folder.name != CONTENT_DIR:
        return folder, [Problem("mkdocs.yml", 1, "content_dir", f"cần một thư mục tên content (đường dẫn "
                                f"trong thông báo và giữa các tệp bắt đầu bằng content/); đang ghi {configured!r}; "
                                f"đổi tên thư mục hoặc để trống content_dir")]
    if not folder.is_dir():
        return folder, [Problem("mkdocs.yml", 1, "content_dir", f"không có thư mục này: "
                                f"{configured!r} ({folder}); tạo thư mục hoặc để trống content_dir")]
    return folder, []


@dataclass(frozen=True)
class Options:
    """Site options the pages need, read from the generator's configuration."""

    site_name: str = "Cải cách hành chính"
    page_size: int = 10
    archive_page_size: int = 50  # a year's archive, a topic: posts a page
    home_latest: int = 6
    site_url: str = ""  # absolute, with a trailing slash; feeds and embeds need it
    author: str = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    as_of: date | None = None    # the plan check's day; None means the build's day
    pending_fails: bool = False  # pending plan items fail the build (overdue ones with overdue="block")
    # Overdue plan items of a signed plan: "warn" (said in red, publishing goes on) or "block"
    # (they stop a strict build, hence publishing, until a post covers them).
    overdue: str = "warn"
    samples: str = "info"        # procedures marked `sample: true`: "info" lists them, "error" fails
    report: ReportDetails = ReportDetails()  # the unit's details on the report .docx
    max_pdf_mb: float = 20       # a larger PDF in content/ is an error (cchc.content.files)
    max_file_mb: float = 20      # so is any other larger file published as it is (pictures, forms)
    contact: Contact = Contact()  # the unit's contact, one-stop desk and feedback channels


def option_problems(options: Options) -> list[Problem]:
    """Problems in the site's settings that stop a build (cchc check reports them too)."""
    if options.site_url.startswith(("http://", "https://")):
        return []
    return [Problem("mkdocs.yml", 1, "site_url",
                    f"cần địa chỉ tuyệt đối của trang, như https://example.gov.vn/cchc/; "
                    f"đang ghi {options.site_url or 'không có gì'!r}; nguồn tin (RSS, Atom) cần liên kết tuyệt đối")]
