"""Documents of the CCHC register (văn bản CCHC): the record's vocabulary and the model.

One Markdown file per document under ``content/documents/<year>/``, the year of its signing; the
file's name is its address (``/van-ban/<year>/<name>/``), so it never moves when a field is
corrected. The front matter says what the national legal-document databases say of a document:
number and symbol, type, issuer, signer, signed and effective dates, subject (trích yếu), and its
file beside it, or where the department has no copy, the official publication's address or an
honest ``no_file: true``. What later documents did to it (``replaced_by``, ``amended_by``) gives
its status on the day of the build.

One record is checked in ``document_check``, which also holds the rules across records (numbers
unique per issuer and year, replacement chains) and the loading of the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from ..dates import VIETNAM

DOCUMENTS_DIR = "content/documents"
DOCUMENTS_URL = "van-ban"

# Administrative `34/KH-UBND`, normative `15/2014/QĐ-UBND`, a party body's `04-NQ/TU`.
# ASCII digits only; a JavaScript regular expression too (the CMS form's pattern).
NUMBER = re.compile(r"^(?:[0-9]+[a-z]?/(?:[0-9]{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*"
                    r"|[0-9]+-[A-ZĐ]+/[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)$")
NUMBER_EXAMPLE = "34/KH-UBND, 15/2014/QĐ-UBND hoặc 04-NQ/TU"
# A normative document carries its year in its number; an administrative one is numbered anew
# every year, so 34/KH-UBND of 2022 and of 2023 are two documents.
_YEAR_IN_NUMBER = re.compile(r"/[0-9]{4}/")

# The types a CCHC register lists (Decree 30/2020 names them; the laws' own types first).
TYPES = ("Luật", "Nghị định", "Nghị quyết", "Quyết định", "Chỉ thị", "Thông tư", "Kế hoạch",
         "Chương trình", "Công văn", "Hướng dẫn", "Thông báo", "Báo cáo", "Kết luận")
FILE_TYPES = (".pdf", ".docx", ".doc")

# The status on the day of the build, each with its words on the pages.
IN_FORCE, AMENDED, NOT_YET, EXPIRED, REPLACED = "in_force", "amended", "not_yet", "expired", "replaced"
STATUSES = {
    IN_FORCE: "Còn hiệu lực",
    AMENDED: "Còn hiệu lực, đã được sửa đổi, bổ sung",
    NOT_YET: "Chưa có hiệu lực",
    EXPIRED: "Hết hiệu lực",
    REPLACED: "Đã được thay thế",
}
NO_FILE_NOTE = ("Sở chưa có bản điện tử của văn bản này để đăng trên trang; văn bản gốc do cơ quan "
                "ban hành lưu giữ và công bố.")


@dataclass(frozen=True)
class Document:
    """A document of the register as published: every field checked, text in NFC."""

    source: str
    number: str
    type: str
    issuer: str
    date: date                   # signed (ngày ban hành)
    subject: str                 # trích yếu
    signer: str = ""
    effective: date | None = None  # ngày có hiệu lực, when the document says one
    expires: date | None = None    # ngày hết hiệu lực, when known
    topics: tuple[str, ...] = ()
    file: str | None = None      # source path of the file beside the record
    file_bytes: int = 0
    origin: str = ""             # the official publication's address (the ``source`` field)
    no_file: bool = False        # the department has no copy: the page says so
    replaced_by: str | None = None       # the number as written
    amended_by: tuple[str, ...] = ()     # the numbers as written
    posted: datetime | None = None       # put on the site, when later than signing
    body: str = ""
    draft: bool = False
    number_line: int = 1
    replaced_by_line: int = 1
    amended_by_line: int = 1
    # Set by the loader once every record is read: the records replacing and amending this one
    # (source paths) and the status on the day of the build.
    replacement: str | None = None
    amendments: tuple[str, ...] = ()
    status: str = IN_FORCE

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def slug(self) -> str:
        return PurePosixPath(self.source).stem

    @property
    def url(self) -> str:
        """Site-relative URL of the document's page: its year and its file's name; never moves."""
        return f"{DOCUMENTS_URL}/{self.year}/{self.slug}/"

    @property
    def file_url(self) -> str | None:
        """Where the file beside the record is published: the same path under van-ban/."""
        return file_url(self.file) if self.file else None

    @property
    def in_force_from(self) -> date:
        """The day it takes effect: its effective date, else its signing."""
        return self.effective or self.date

    @property
    def listed(self) -> datetime:
        """The moment it is put on the site (feeds, the plan check): posted, else signed."""
        return self.posted or datetime.combine(self.date, datetime.min.time(), tzinfo=VIETNAM)

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    @property
    def in_force(self) -> bool:
        return self.status in (IN_FORCE, AMENDED)

    @property
    def label(self) -> str:
        """How people name it: "Kế hoạch số 34/KH-UBND"."""
        return f"{self.type} số {self.number}"

    @property
    def title(self) -> str:
        """The page's title: "Kế hoạch số 34/KH-UBND: <subject>"."""
        return f"{self.label}: {self.subject}"

    @property
    def identity(self) -> tuple[str, str, int | None]:
        """What must be unique: the number per issuer, per year for an administrative number."""
        year = None if _YEAR_IN_NUMBER.search(self.number) else self.year
        return (" ".join(self.issuer.casefold().split()), self.number, year)


def file_url(path: str) -> str:
    """Where a file under content/documents/ is published: the same path under van-ban/."""
    return f"{DOCUMENTS_URL}/{PurePosixPath(path).relative_to(DOCUMENTS_DIR).as_posix()}"


def status_on(document: Document, day: date, replacement: Document | None,
              amendments: tuple[Document, ...]) -> str:
    """The status of ``document`` on ``day``, given the records replacing and amending it."""
    if document.effective is not None and document.effective > day:
        return NOT_YET
    if replacement is not None and replacement.in_force_from <= day:
        return REPLACED
    if document.expires is not None and document.expires <= day:
        return EXPIRED
    if any(a.in_force_from <= day for a in amendments):
        return AMENDED
    return IN_FORCE


_NUMBER_IN_TEXT = r"(?<![0-9A-Za-zĐđ/-]){}(?![0-9A-Za-zĐđ/-])"


def number_pattern(numbers) -> re.Pattern | None:
    """A regular expression finding any of ``numbers`` in running text, whole ("134/KH-UBND" is
    not "34/KH-UBND"); None when there are none."""
    numbers = sorted(set(numbers), key=len, reverse=True)
    if not numbers:
        return None
    return re.compile(_NUMBER_IN_TEXT.format("(" + "|".join(re.escape(n) for n in numbers) + ")"))
