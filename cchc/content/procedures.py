"""Administrative procedures (TTHC): the record's front-matter contract and the model.

One Markdown file per procedure under ``content/procedures/`` (sub-folders by field are fine).
The front matter follows the structure the national database publishes; the parts Decree
63/2010 (as amended by Decree 92/2017) makes mandatory are required: name, steps, ways of
submitting, dossier components and count, time limit, who may apply, deciding agency.
The Markdown body is optional extra guidance. Form templates sit beside the records.

One record is checked in ``procedure_check``; the rules across records (codes, replacements,
the status on a given day) and the loading of the folder are in ``procedure_catalogue``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath
from typing import Iterable

from ..text import slugify

PROCEDURES_DIR = "content/procedures"
PROCEDURES_URL = "thu-tuc-hanh-chinh"
FORMS_URL = f"{PROCEDURES_URL}/bieu-mau"  # form templates and other files beside the records

# National code `1.004512`; a province's copy `1.004512.000.00.00.H48`, or shortened `1.004512.H48`.
# ASCII digits only: \d alone matches "1.٠٠٥٤٧٣" too, a code no one can type or look up.
CODE = re.compile(r"^(?P<base>[1-9]\.\d{6})(?:\.000\.00\.00\.H\d{2}|\.H\d{2})?$", re.ASCII)
CODE_EXAMPLE = "'1.004512', '1.004512.000.00.00.H48' hoặc '1.004512.H48'"
# Administrative `949/QĐ-UBND`, normative `15/2014/QĐ-UBND`.
DECISION_NUMBER = re.compile(r"^\d+[a-z]?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*$", re.ASCII)
# The national portal looks a procedure up by its national code.
PORTAL_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"

FORM_TYPES = (".doc", ".docx", ".pdf")
# Files that may sit beside the records: form templates, and pictures for the guidance text.
ATTACHMENT_TYPES = FORM_TYPES + (".odt", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".webp", ".svg")

# The record's fields are described in cchc.content.fields (PROCEDURE_FIELDS).

# Since Decree 42/2022 an online public service is either fully or partly online.
ONLINE_LEVELS = ("toàn trình", "một phần")
NOT_ONLINE = ("không", "none")
DECISION_KINDS = {"new": "công bố mới", "amended": "sửa đổi, bổ sung",
                  "replaced": "thay thế", "abolished": "bãi bỏ", "restored": "khôi phục"}
# A procedure abolished or replaced stays so whatever later decisions say, until one restores it.
ENDING_KINDS = ("abolished", "replaced")
# A record marked `sample: true` is illustrative: every page and feed item showing it says so.
SAMPLE_LABEL = "Dữ liệu minh họa"
SAMPLE_NOTE = "mã, lệ phí và quyết định chưa đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính"
STATUSES = {"active": "Đang áp dụng", "abolished": "Đã bãi bỏ", "replaced": "Đã được thay thế"}


@dataclass(frozen=True)
class Channel:
    """A way of submitting (cách thức thực hiện): channel, time limit, fees, notes."""

    channel: str
    time_limit: str
    fees: str = ""
    notes: str = ""


@dataclass(frozen=True)
class DossierItem:
    """A dossier component (thành phần hồ sơ) and how many originals and copies to bring."""

    name: str
    originals: int
    copies: int
    form: str | None = None  # source path of the form template, e.g. content/procedures/x/mau.docx
    form_name: str = ""
    notes: str = ""

    @property
    def form_url(self) -> str | None:
        """Site-relative URL of the form template, or None."""
        return form_url(self.form) if self.form else None

    @property
    def form_label(self) -> str:
        """The form's name as shown: its official name, else its file name."""
        return self.form_name or (PurePosixPath(self.form).name if self.form else "")


@dataclass(frozen=True)
class DossierCase:
    """The dossier for one case of a procedure (trường hợp), e.g. a first licence or a renewal."""

    name: str
    items: tuple[DossierItem, ...]


@dataclass(frozen=True)
class LegalDocument:
    """One document of the legal basis (căn cứ pháp lý)."""

    number: str
    summary: str
    date: date | None  # the national portal lists a document by number and summary only
    issuer: str


@dataclass(frozen=True)
class Decision:
    """A decision announcing the procedure (quyết định công bố) and what it did to it."""

    number: str
    date: date
    kind: str  # a key of DECISION_KINDS
    issuer: str = ""

    @property
    def kind_label(self) -> str:
        """What the decision did, in Vietnamese: "công bố mới", "bãi bỏ"..."""
        return DECISION_KINDS[self.kind]

    @property
    def anchor(self) -> str:
        """Stable id of the decision on the procedure's page, e.g. qd-865-qd-ubnd-2022-05-10."""
        return f"qd-{slugify(self.number)}-{self.date.isoformat()}"


@dataclass(frozen=True)
class Procedure:
    """A published administrative procedure: every part checked, text in NFC."""

    source: str
    code: str
    name: str
    field: str
    steps: tuple[str, ...]
    channels: tuple[Channel, ...]
    dossier: tuple[DossierItem, ...]
    dossier_count: str
    time_limit: str
    applicants: tuple[str, ...]
    deciding_agency: str
    decisions: tuple[Decision, ...]  # oldest first; the last one set the current status
    updated: date
    level: str = ""
    kind: str = ""
    online: str | None = None  # one of ONLINE_LEVELS, or None when not offered online
    performing_agency: str = ""
    authorised_agency: str = ""
    coordinating_agencies: tuple[str, ...] = ()
    submit_at: tuple[str, ...] = ()
    result: tuple[str, ...] = ()
    fees: tuple[str, ...] = ()  # empty: no fee or charge
    requirements: tuple[str, ...] = ()
    legal_basis: tuple[LegalDocument, ...] = ()
    status: str = "active"
    replaced_by: str | None = None
    body: str = ""
    code_line: int = 1
    field_line: int = 1
    replaced_by_line: int = 1
    # Work in progress: never published; its required parts may still be empty (``updated`` None).
    draft: bool = False
    draft_line: int = 1
    # One dossier per case when it depends on the case; ``dossier`` then holds every case's items.
    cases: tuple[DossierCase, ...] = ()
    # Illustrative data (codes, fees, decisions not checked against a public source).
    sample: bool = False
    origin: str = ""  # the public source the record was built from (the ``source`` field)
    sample_line: int = 1
    # Decisions dated after the build day (as_of): not in force yet, so not in ``decisions``.
    upcoming: tuple[Decision, ...] = ()

    @property
    def base_code(self) -> str:
        """The national code: the province's suffix dropped."""
        return base_code(self.code)

    @property
    def url(self) -> str:
        """Site-relative URL of the procedure's page; it never changes, even once abolished."""
        return f"{PROCEDURES_URL}/{self.code}/"

    @property
    def portal_url(self) -> str:
        """The procedure on the national public service portal."""
        return PORTAL_URL.format(code=self.base_code)

    @property
    def in_force(self) -> bool:
        """Neither abolished nor replaced."""
        return self.status == "active"

    @property
    def status_label(self) -> str:
        """The status in Vietnamese: "Đang áp dụng", "Đã bãi bỏ", "Đã được thay thế"."""
        return STATUSES[self.status]

    @property
    def decision(self) -> Decision:
        """The latest announcing decision: the one behind the current status."""
        return self.decisions[-1]

    @property
    def forms(self) -> tuple[DossierItem, ...]:
        """Dossier components that come with a form template (a file, or a name only)."""
        seen: set[tuple] = set()
        forms = []
        for item in self.dossier:
            key = (item.form, item.form_name)
            if (item.form or item.form_name) and key not in seen:
                seen.add(key)
                forms.append(item)
        return tuple(forms)

    @property
    def ways(self) -> str:
        """The channels, joined for a one-line summary: "Trực tiếp; Trực tuyến"."""
        return "; ".join(c.channel for c in self.channels)


def status_after(decisions: Iterable[Decision]) -> str:
    """The status the decisions (oldest first) leave the procedure in: abolished or replaced by
    the last that ended it, unless a later one restored it; a new or amending decision does not
    bring an ended procedure back (the checker refuses one, cchc.content.procedure_check)."""
    status = "active"
    for decision in decisions:
        if decision.kind in ENDING_KINDS:
            status = decision.kind
        elif decision.kind == "restored":
            status = "active"
    return status


def base_code(code: str) -> str:
    """National part of a procedure code: "1.004512.000.00.00.H48" -> "1.004512"."""
    match = CODE.match(code)
    return match.group("base") if match else code


def form_url(path: str) -> str:
    """Site-relative URL of a file beside the records, keeping its sub-folders."""
    return f"{FORMS_URL}/{PurePosixPath(path).relative_to(PROCEDURES_DIR).as_posix()}"
