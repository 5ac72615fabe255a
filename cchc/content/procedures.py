"""Administrative procedures (TTHC): the record's front-matter contract, validation, the model.

One Markdown file per procedure under ``content/procedures/`` (sub-folders by field are fine).
The front matter follows the structure the national database publishes; the parts Decree
63/2010 (as amended by Decree 92/2017) makes mandatory are required: name, steps, ways of
submitting, dossier components and count, time limit, who may apply, deciding agency.
The Markdown body is optional extra guidance. Form templates sit beside the records.

Problems name the field by its path, items counted from 1 as editors count them:
``dossier[2].form`` is the ``form`` of the second dossier component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Collection, Iterable, Sequence

from . import source
from ..dates import DateError, parse_day
from ..problems import Problem, did_you_mean
from .source import SourceDoc
from ..text import fold, slugify, sort_key

PROCEDURES_DIR = "content/procedures"
PROCEDURES_URL = "thu-tuc-hanh-chinh"
FORMS_URL = f"{PROCEDURES_URL}/bieu-mau"  # form templates and other files beside the records

# National code `1.004512`; a province's copy `1.004512.000.00.00.H48`, or shortened `1.004512.H48`.
# ASCII digits only: \d alone matches "1.٠٠٥٤٧٣" too, a code no one can type or look up.
CODE = re.compile(r"^(?P<base>[1-9]\.\d{6})(?:\.000\.00\.00\.H\d{2}|\.H\d{2})?$", re.ASCII)
CODE_EXAMPLE = "'1.004512', '1.004512.000.00.00.H48' or '1.004512.H48'"
# Administrative `949/QĐ-UBND`, normative `15/2014/QĐ-UBND`.
DECISION_NUMBER = re.compile(r"^\d+[a-z]?/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*$", re.ASCII)
# The national portal looks a procedure up by its national code.
PORTAL_URL = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={code}"

FORM_TYPES = (".doc", ".docx", ".pdf")
# Files that may sit beside the records: form templates, and pictures for the guidance text.
ATTACHMENT_TYPES = FORM_TYPES + (".odt", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".webp", ".svg")

REQUIRED_KEYS = ("code", "name", "field", "steps", "submission", "dossier", "dossier_count",
                 "time_limit", "applicants", "deciding_agency", "announced", "updated")
OPTIONAL_KEYS = ("level", "kind", "online", "performing_agency", "authorised_agency",
                 "coordinating_agencies", "submit_at", "result", "fees", "requirements",
                 "legal_basis", "status", "replaced_by", "draft", "cases", "sample", "source")
ALLOWED_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
CHANNEL_KEYS = ("channel", "time_limit", "fees", "notes")
DOSSIER_KEYS = ("name", "form", "form_name", "originals", "copies", "notes")
# A procedure whose dossier depends on the applicant's case lists one dossier per case.
CASE_KEYS = ("name", "dossier")
LEGAL_KEYS = ("number", "summary", "date", "issuer")
DECISION_KEYS = ("number", "date", "kind", "issuer")

# Since Decree 42/2022 an online public service is either fully or partly online.
ONLINE_LEVELS = ("toàn trình", "một phần")
NOT_ONLINE = ("không", "none")
_OLD_ONLINE = re.compile(r"^mức(?: độ)? ?([1-4])$")
DECISION_KINDS = {"new": "công bố mới", "amended": "sửa đổi, bổ sung",
                  "replaced": "thay thế", "abolished": "bãi bỏ"}
# A record marked `sample: true` is illustrative: every page and feed item showing it says so.
SAMPLE_LABEL = "Dữ liệu minh họa"
SAMPLE_NOTE = "mã, lệ phí và quyết định chưa đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính"
STATUSES = {"active": "Đang áp dụng", "abolished": "Đã bãi bỏ", "replaced": "Đã được thay thế"}
_LEADING_NUMBER = re.compile(r"[-+]?[0-9]+", re.ASCII)
_STEP_NUMBER = re.compile(r"^bước\s*\d+\s*[:.)-]", re.IGNORECASE)
MAX_NAME = 400
MAX_TEXT = 3000


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


def base_code(code: str) -> str:
    """National part of a procedure code: "1.004512.000.00.00.H48" -> "1.004512"."""
    match = CODE.match(code)
    return match.group("base") if match else code


def form_url(path: str) -> str:
    """Site-relative URL of a file beside the records, keeping its sub-folders."""
    return f"{FORMS_URL}/{PurePosixPath(path).relative_to(PROCEDURES_DIR).as_posix()}"


def declared_code(doc: SourceDoc) -> str | None:
    """The record's code if it is well formed, whatever else is wrong with the record."""
    code = _written(doc, ("code",), doc.meta.get("code"))
    code = code.strip() if isinstance(code, str) else code
    return code if isinstance(code, str) and CODE.match(code) else None


def _written(doc: SourceDoc, path: tuple, value: object) -> object:
    # A national code unquoted is a YAML number (1.004510 -> 1.00451): take it as written.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return doc.written.get(path, str(value)).strip()
    return value


def _label(path: tuple) -> str:
    """Field path as editors read it: ("dossier", 1, "form") -> "dossier[2].form"."""
    label = ""
    for part in path:
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


class _Checker:
    """Validates one SourceDoc; every problem is kept, none stops the others."""

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.problems: list[Problem] = []
        # A draft may leave required parts empty; what it does say is checked all the same.
        self.draft = False

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line_at(*path), _label(path), message))

    def unknown_keys(self, mapping: dict, path: tuple, allowed: Sequence[str]) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(path + (str(key),), f"unknown field{did_you_mean(str(key), list(allowed))}; "
                                             f"expected one of {', '.join(allowed)}")

    def value(self, path: tuple) -> object:
        node: object = self.doc.meta
        for part in path:
            if isinstance(part, int):
                node = node[part] if isinstance(node, list) and part < len(node) else None
            else:
                node = node.get(part) if isinstance(node, dict) else None
        return node

    def missing(self, path: tuple, hint: str) -> None:
        if self.draft:
            return
        parent = self.value(path[:-1]) if len(path) > 1 else self.doc.meta
        if (isinstance(parent, dict) and path[-1] in parent) or isinstance(parent, list):
            self.add(path, f"missing or empty; expected {hint}")
        elif len(path) == 1:
            self.add(path, f"missing; add a line '{path[0]}: ...' with {hint}")
        else:
            self.add(path, f"missing; add '{path[-1]}: ...' with {hint}")

    def text(self, path: tuple, required: bool = True, limit: int = MAX_TEXT,
             hint: str = "text") -> str:
        value = _written(self.doc, path, self.value(path))
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(path, hint)
            return ""
        if not isinstance(value, str):
            self.add(path, f"expected {hint}, found {_describe(value)}")
            return ""
        text = " ".join(value.split())
        if len(text) > limit:
            self.add(path, f"too long: {len(text)} characters, at most {limit}")
        return text

    def texts(self, path: tuple, required: bool = True, hint: str = "text or a list of texts") -> tuple[str, ...]:
        """Text, or a list of texts (one paragraph or list item each)."""
        value = self.value(path)
        if value is None or value == "" or value == []:
            if required:
                self.missing(path, hint)
            return ()
        if not isinstance(value, list):
            text = self.text(path, hint=hint)
            return (text,) if text else ()
        return tuple(t for index in range(len(value)) if (t := self.text(path + (index,), hint="text")))

    def items(self, path: tuple, hint: str, required: bool = True) -> list[int]:
        """Indexes of the entries of a list of 'key: value' groups; other entries are reported."""
        value = self.value(path)
        if value is None or value == []:
            if required:
                self.missing(path, hint)
            return []
        if not isinstance(value, list):
            self.add(path, f"expected {hint}, found {_describe(value)}")
            return []
        good = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                good.append(index)
            else:
                self.add(path + (index,), f"expected 'key: value' lines for this entry, found {_describe(entry)}")
        return good

    def day(self, path: tuple, required: bool = True) -> date | None:
        value = self.value(path)
        if value is None or value == "":
            if required:
                self.missing(path, "a date like 2022-03-03")
            return None
        try:
            return parse_day(value)
        except DateError as error:
            self.add(path, str(error))
            return None

    def problems_at(self, path: tuple) -> bool:
        """Whether a problem was already reported at ``path`` or inside it."""
        label = _label(path)
        return any(p.field == label or p.field.startswith(label + ".") for p in self.problems)

    def count(self, path: tuple) -> int:
        value = self.value(path)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(path, f"expected a positive whole number (1, 2...), or leave '{path[-1]}' out "
                           f"for none, found {_describe(value)}")
            return 0
        return value


def _describe(value: object) -> str:
    """What an editor wrote, in words: "text 'abc'", "a number 3", "a list"."""
    if isinstance(value, dict):
        return "'key: value' lines"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        kind = "true/false"
    elif isinstance(value, (int, float)):
        kind = "a number"
    else:
        kind = "text" if isinstance(value, str) else type(value).__name__
    return f"{kind} {value!r}"


def check_procedure(doc: SourceDoc, file_names: Collection[str]) -> tuple[Procedure | None, list[Problem]]:
    """Validate one procedure record; ``file_names`` are the content files beside it (for forms).

    Checks that need the other records (duplicate codes, replacements) are in check_catalogue.
    """
    check = _Checker(doc)
    meta = doc.meta
    check.unknown_keys(meta, (), ALLOWED_KEYS)
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        check.add(("draft",), f"expected true or false, found {_describe(draft)}")
        draft = False
    check.draft = draft
    sample = meta.get("sample", False)
    if not isinstance(sample, bool):
        check.add(("sample",), f"expected true (illustrative data) or false, found {_describe(sample)}")
        sample = False
    origin = check.text(("source",), required=False, limit=MAX_NAME)

    code = _read_code(check, ("code",), required=True)
    name = check.text(("name",), limit=MAX_NAME, hint="the procedure's official name")
    field = check.text(("field",), limit=MAX_NAME, hint="the field (lĩnh vực), like 'Chuyển giao công nghệ'")
    level = check.text(("level",), required=False, limit=MAX_NAME)
    kind = check.text(("kind",), required=False, limit=MAX_NAME)
    online = _read_online(check)

    steps = check.texts(("steps",), hint="a list of steps, one line '- ...' per step")
    for index, step in enumerate(steps):
        if _STEP_NUMBER.match(step):
            check.add(("steps", index), "write the step without 'Bước ...:' in front; "
                                        "the page numbers the steps itself")

    time_limit = check.text(("time_limit",), hint="the time limit, like '10 ngày làm việc kể từ "
                                                  "ngày nhận đủ hồ sơ hợp lệ'")
    fees = check.texts(("fees",), required=False)
    channels = []
    for index in check.items(("submission",), "a list of ways of submitting, each with "
                                              "'channel', 'time_limit', 'fees' and 'notes'"):
        at = ("submission", index)
        check.unknown_keys(check.value(at), at, CHANNEL_KEYS)
        channels.append(Channel(
            check.text(at + ("channel",), hint="how to submit, like 'Trực tiếp', 'Trực tuyến' "
                                               "or 'Dịch vụ bưu chính'"),
            check.text(at + ("time_limit",), required=False) or time_limit,
            "; ".join(check.texts(at + ("fees",), required=False)) or ("; ".join(fees) if fees else "Không"),
            check.text(at + ("notes",), required=False)))

    cases, dossier = _read_cases(check, file_names)
    dossier_count = _read_dossier_count(check)
    applicants = check.texts(("applicants",), hint="who may apply (đối tượng thực hiện)")
    deciding_agency = check.text(("deciding_agency",), hint="the agency that decides "
                                                           "(cơ quan có thẩm quyền quyết định)")
    performing_agency = check.text(("performing_agency",), required=False)
    authorised_agency = check.text(("authorised_agency",), required=False)
    coordinating = check.texts(("coordinating_agencies",), required=False)
    submit_at = check.texts(("submit_at",), required=False)
    result = check.texts(("result",), required=False)
    requirements = check.texts(("requirements",), required=False)
    legal_basis = _read_legal_basis(check)
    decisions = _read_decisions(check)
    updated = check.day(("updated",))
    if updated and decisions and updated < decisions[-1].date:
        check.add(("updated",), f"{updated.isoformat()} is before the latest announcing decision "
                                f"({decisions[-1].date.isoformat()}); the record was updated by it at the latest")

    status, replaced_by = _read_status(check, decisions, code)
    if check.problems:
        return None, sorted(check.problems)
    return Procedure(
        doc.path, code, name, field, steps, tuple(channels), tuple(dossier), dossier_count,
        time_limit, applicants, deciding_agency, tuple(decisions), updated, level, kind, online,
        performing_agency, authorised_agency, coordinating, submit_at, result, fees, requirements,
        legal_basis, status, replaced_by, doc.body, doc.line("code"), doc.line("field"),
        doc.line("replaced_by"), draft, doc.line("draft"), cases, sample, origin, doc.line("sample")), []


def _read_code(check: _Checker, path: tuple, required: bool) -> str:
    value = _written(check.doc, path, check.value(path))
    if value is None or value == "":
        if required:
            check.missing(path, f"the procedure's code, like {CODE_EXAMPLE}")
        return ""
    code = str(value).strip()
    if not isinstance(value, str) or not CODE.match(code):
        check.add(path, f"expected a procedure code like {CODE_EXAMPLE}, found {code!r}")
        return ""
    return code


def _read_online(check: _Checker) -> str | None:
    value = check.value(("online",))
    if value is None or value is False or value == "":
        return None
    text = " ".join(str(value).split()).lower() if isinstance(value, str) else None
    if text in ONLINE_LEVELS:
        return text
    if text in NOT_ONLINE:
        return None
    old = _OLD_ONLINE.match(text or "")
    if old:
        hint = {"4": "'toàn trình'", "3": "'một phần'"}.get(old.group(1), "nothing (leave 'online' out)")
        check.add(("online",), f"'{value}' is the level scale before Decree 42/2022; write {hint}")
        return None
    check.add(("online",), f"expected 'toàn trình', 'một phần' or 'không', found {_describe(value)}"
                           f"{did_you_mean(text or '', list(ONLINE_LEVELS))}")
    return None


_DOSSIER_HINT = "a list of dossier components, each with 'name', 'originals' and 'copies'"


def _read_cases(check: _Checker, file_names: Collection[str]) -> tuple[tuple[DossierCase, ...], list[DossierItem]]:
    """The dossier: one list (``dossier``), or one per case (``cases``); never both."""
    if check.value(("cases",)) is None:
        return (), [_read_dossier_item(check, ("dossier", index), file_names)
                    for index in check.items(("dossier",), _DOSSIER_HINT)]
    if "dossier" in check.doc.meta:
        check.add(("dossier",), "give the dossier once: either 'dossier' (one list) or 'cases' "
                                "(one dossier per case), not both")
    cases, items = [], []
    for index in check.items(("cases",), "a list of cases, each with 'name' and 'dossier'"):
        at = ("cases", index)
        check.unknown_keys(check.value(at), at, CASE_KEYS)
        name = check.text(at + ("name",), limit=MAX_NAME, hint="the case, like 'Cấp lần đầu'")
        found = tuple(_read_dossier_item(check, at + ("dossier", item), file_names)
                      for item in check.items(at + ("dossier",), _DOSSIER_HINT))
        cases.append(DossierCase(name, found))
        items += found
    return tuple(cases), items


def _read_dossier_item(check: _Checker, at: tuple, file_names: Collection[str]) -> DossierItem:
    check.unknown_keys(check.value(at), at, DOSSIER_KEYS)
    name = check.text(at + ("name",), hint="the document's name")
    originals, copies = check.count(at + ("originals",)), check.count(at + ("copies",))
    if originals + copies == 0 and not check.draft and not check.problems_at(at):
        check.add(at, "say how many to bring: add 'originals: 1' (bản chính), 'copies: 1' (bản sao) or both")
    form_name = check.text(at + ("form_name",), required=False, limit=MAX_NAME)
    notes = check.text(at + ("notes",), required=False)
    form = None
    raw = check.value(at + ("form",))
    if raw is not None:
        form = _read_form(check, at + ("form",), raw, file_names)
    return DossierItem(name, originals, copies, form, form_name, notes)


def _read_form(check: _Checker, path: tuple, value: object, file_names: Collection[str]) -> str | None:
    if not isinstance(value, str) or not value.lower().endswith(FORM_TYPES):
        check.add(path, f"expected the file name of a form template beside the record "
                        f"({', '.join(FORM_TYPES)}), found {_describe(value)}")
        return None
    relative = PurePosixPath(value)
    if value.startswith("/") or "://" in value or ".." in relative.parts:
        check.add(path, f"expected a file in the record's folder or below it, found {value!r}")
        return None
    target = PurePosixPath(check.doc.path).parent.joinpath(relative).as_posix()
    if target not in file_names:
        check.add(path, f"file not found: {target}; put the form beside the record or fix the name")
        return None
    return target


def _read_dossier_count(check: _Checker) -> str:
    value = check.value(("dossier_count",))
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"{value:02d} bộ"
    if isinstance(value, (bool, float)) or isinstance(value, int):
        check.add(("dossier_count",), f"expected a positive whole number of sets, like '01 bộ', "
                                      f"found {_describe(value)}")
        return ""
    text = check.text(("dossier_count",), hint="how many sets to submit, like '01 bộ'")
    number = _LEADING_NUMBER.match(text)
    if number and int(number.group()) < 1:
        check.add(("dossier_count",), f"expected a positive number of sets, like '01 bộ', found {text!r}")
        return ""
    return text


def _read_legal_basis(check: _Checker) -> tuple[LegalDocument, ...]:
    documents = []
    for index in check.items(("legal_basis",), "a list of documents, each with 'number', "
                                               "'summary', 'date' and 'issuer'", required=False):
        at = ("legal_basis", index)
        check.unknown_keys(check.value(at), at, LEGAL_KEYS)
        documents.append(LegalDocument(
            check.text(at + ("number",), hint="the document's number, like '18/2008/QH12'"),
            check.text(at + ("summary",), hint="its summary (trích yếu)"),
            # The national portal gives number and summary only: date and issuer may wait.
            check.day(at + ("date",), required=False),
            check.text(at + ("issuer",), required=False, limit=MAX_NAME)))
    return tuple(documents)


def _read_decisions(check: _Checker) -> list[Decision]:
    value = check.value(("announced",))
    hint = "the announcing decision: 'number', 'date' and 'kind' (new, amended, replaced, abolished)"
    if isinstance(value, dict):
        entries = [("announced",)]
    else:
        entries = [("announced", index) for index in check.items(("announced",), hint)]
    decisions = []
    for at in entries:
        check.unknown_keys(check.value(at), at, DECISION_KEYS)
        number = check.text(at + ("number",), limit=MAX_NAME,
                            hint="the decision's number, like '949/QĐ-UBND'")
        if number and not DECISION_NUMBER.match(number):
            check.add(at + ("number",), f"expected a document number like '949/QĐ-UBND' or "
                                        f"'15/2014/QĐ-UBND', found {number!r}")
        when = check.day(at + ("date",))
        kind = check.value(at + ("kind",))
        if kind is None or kind == "":
            check.missing(at + ("kind",), f"one of {', '.join(DECISION_KINDS)}")
        elif not isinstance(kind, str) or kind not in DECISION_KINDS:
            check.add(at + ("kind",), f"expected one of {', '.join(DECISION_KINDS)}, found {_describe(kind)}"
                                      f"{did_you_mean(str(kind), list(DECISION_KINDS))}")
        issuer = check.text(at + ("issuer",), required=False, limit=MAX_NAME)
        if number and when and isinstance(kind, str) and kind in DECISION_KINDS:
            decisions.append(Decision(number, when, kind, issuer))
    for earlier, later in zip(decisions, decisions[1:]):
        if later.date < earlier.date:
            check.add(("announced",), "list the decisions oldest first: the last one sets the "
                                      f"status, but {later.number} is older than {earlier.number}")
            break
    return decisions


def _read_status(check: _Checker, decisions: list[Decision], code: str) -> tuple[str, str | None]:
    status = check.value(("status",))
    if status is None:
        status = "active"
    elif not isinstance(status, str) or status not in STATUSES:
        check.add(("status",), f"expected one of {', '.join(STATUSES)}, found {_describe(status)}"
                               f"{did_you_mean(str(status), list(STATUSES))}")
        return "active", None
    replaced_by = _read_code(check, ("replaced_by",), required=False) or None
    if status == "replaced" and "replaced_by" not in check.doc.meta:
        check.add(("status",), "a replaced procedure needs 'replaced_by: <code of the new procedure>'")
    if replaced_by and status != "replaced":
        check.add(("replaced_by",), f"only a replaced procedure has a replacement; set 'status: replaced' "
                                    f"or remove 'replaced_by' (status is {status!r})")
    if replaced_by and code and base_code(replaced_by) == base_code(code):
        check.add(("replaced_by",), "a procedure cannot be replaced by itself")
    last = decisions[-1] if decisions else None
    if last and status in ("abolished", "replaced") and last.kind != status:
        check.add(("announced",), f"status is {status!r}: the last decision listed must be the one that "
                                  f"{'abolished' if status == 'abolished' else 'replaced'} it "
                                  f"(kind: {status}), found kind {last.kind!r}")
    if last and status == "active" and last.kind == "abolished":
        check.add(("status",), f"the last decision ({last.number}) abolished the procedure; "
                               "set 'status: abolished'")
    return status, replaced_by


def check_catalogue(procedures: Sequence[Procedure],
                    codes: Iterable[tuple[str, str, int]] | None = None) -> list[Problem]:
    """Problems across records: duplicate codes, unknown replacements, one field spelt two ways.

    ``codes`` lists (code, path, line) of every record with a well-formed code, valid or not, so
    a mistake in one record does not also report its code as missing elsewhere; by default the
    codes of ``procedures``.
    """
    if codes is None:
        codes = [(p.code, p.source, p.code_line) for p in procedures]
    problems: list[Problem] = []
    first: dict[str, tuple[str, str, int]] = {}
    for code, path, line in sorted(codes, key=lambda c: (c[1], c[2])):
        other = first.setdefault(base_code(code), (code, path, line))
        if other[1] != path:
            same = "the code" if other[0] == code else f"the same procedure as {other[0]!r}"
            problems.append(Problem(path, line, "code", f"{code!r} is {same} in {other[1]}:{other[2]}; "
                                                        "keep one record per procedure"))
    drafts = {p.base_code: p for p in procedures if p.draft and p.code}
    for procedure in procedures:
        if procedure.replaced_by and base_code(procedure.replaced_by) not in first:
            problems.append(Problem(procedure.source, procedure.replaced_by_line, "replaced_by",
                                    f"no procedure has the code {procedure.replaced_by!r}; add the new "
                                    "procedure's record or fix the code"))
        elif procedure.replaced_by and not procedure.draft and base_code(procedure.replaced_by) in drafts:
            problems.append(Problem(procedure.source, procedure.replaced_by_line, "replaced_by",
                                    f"the procedure {procedure.replaced_by!r} is a draft "
                                    f"({drafts[base_code(procedure.replaced_by)].source}), so its page is "
                                    "not published; publish it (remove 'draft: true') first"))
    problems += _replacement_chains(procedures)
    spellings: dict[str, Procedure] = {}
    # Published records set the spelling a draft must follow; a draft's empty field is no spelling.
    for procedure in sorted((p for p in procedures if p.field), key=lambda p: (p.draft, p.source)):
        other = spellings.setdefault(fold(procedure.field), procedure)
        if other.field != procedure.field:
            problems.append(Problem(procedure.source, procedure.field_line, "field",
                                    f"{procedure.field!r} is written {other.field!r} in {other.source}; "
                                    "write the field the same way everywhere"))
    return problems


def _replacement_chains(procedures: Sequence[Procedure]) -> list[Problem]:
    """A replacement must lead, maybe through others, to a procedure in force: not around in a
    loop (A -> B -> A), and not to one that was abolished."""
    by_code = {p.base_code: p for p in procedures if p.code}
    problems = []
    for start in procedures:
        if not start.replaced_by:
            continue
        chain = [start]
        while chain[-1].replaced_by:
            following = by_code.get(base_code(chain[-1].replaced_by))
            if following is None:
                break  # an unknown code: reported by check_catalogue
            if following in chain:
                if following is not chain[-1]:  # replaced by itself: reported by check_procedure
                    loop = " -> ".join(p.code for p in [*chain[chain.index(following):], following])
                    problems.append(Problem(start.source, start.replaced_by_line, "replaced_by",
                                            f"the replacements go round in a loop ({loop}); the last "
                                            "procedure of a chain must be one in force"))
                break
            chain.append(following)
            if following.status == "abolished":
                path = " -> ".join(p.code for p in chain)
                problems.append(Problem(start.source, start.replaced_by_line, "replaced_by",
                                        f"the replacement {following.code} was abolished ({path}); "
                                        "name the procedure in force that replaces this one"))
                break
    return problems


def as_of(procedures: Sequence[Procedure], day: date) -> list[Procedure]:
    """Each procedure as it stands on ``day``: decisions dated later are ``upcoming``, not yet in
    force, and the status follows the latest decision in force (an abolition dated 2030 leaves
    the procedure in force until then)."""
    current = []
    for procedure in procedures:
        upcoming = tuple(d for d in procedure.decisions if d.date > day)
        if not upcoming:
            current.append(procedure)
            continue
        decisions = tuple(d for d in procedure.decisions if d.date <= day)
        last = decisions[-1].kind if decisions else "new"
        status = last if last in ("abolished", "replaced") else "active"
        current.append(replace(procedure, decisions=decisions, upcoming=upcoming, status=status))
    return current


def load_procedures(root: Path) -> tuple[list[Procedure], list[str], list[Problem]]:
    """Read every record under ``root/content/procedures``: procedures sorted by name (drafts
    too, with ``draft`` set: the caller holds them back), the files published beside them, and
    every problem found."""
    folder = root / PROCEDURES_DIR
    if not folder.is_dir() or folder.is_symlink():
        return [], [], []
    # Links are never read nor published (source.symlink_problems reports them).
    files = sorted(p.relative_to(root).as_posix() for p in folder.rglob("*")
                   if p.is_file() and not p.is_symlink()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    file_names = set(files)
    problems: list[Problem] = []
    docs: list[SourceDoc] = []
    for rel in files:
        if rel.endswith(".md"):
            doc, found = source.read(root, rel)
            problems += found
            if doc is not None and not found:
                docs.append(doc)
        elif not rel.lower().endswith(ATTACHMENT_TYPES):
            problems.append(Problem(rel, 1, "file", f"not a procedure (.md) nor a file to publish "
                                    f"beside one ({', '.join(ATTACHMENT_TYPES)}); rename or remove it"))
    procedures = []
    for doc in docs:
        procedure, found = check_procedure(doc, file_names)
        problems += found
        if procedure is not None:
            procedures.append(procedure)
    codes = [(code, doc.path, doc.line("code")) for doc in docs if (code := declared_code(doc))]
    problems += check_catalogue(procedures, codes)
    procedures.sort(key=lambda p: (sort_key(p.name), p.code))
    assets = [f for f in files if not f.endswith(".md") and f.lower().endswith(ATTACHMENT_TYPES)]
    return procedures, assets, sorted(problems)
