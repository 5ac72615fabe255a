"""Import procedures from the national database: portal JSON records and a decision's annex.

Two kinds of input, read into plain records first (nothing is written while reading):

- a JSON record as saved from the National Public Service Portal (one record per file, or an
  array of them): ``code``, ``name``, ``executionSteps``, ``executionMethods``,
  ``executionCases``, ``legalBasisesDetails``...;
- a province's decision annex as an ``.xlsx`` sheet: one row per procedure with its code, name,
  field, level, and whether the decision announces it as new, amended or abolished.

``plan_import`` merges them into the records under ``content/procedures/`` and returns the new
text of each file that changes; ``write_changes`` writes them. Every input is checked before
anything is written: one bad file (invalid JSON, missing code, unknown enum, a sheet without
the expected columns) refuses the whole import, each problem naming file, field (and row).

What the importer owns and what editors own: the fields read from the portal (IMPORTED_KEYS)
follow the portal; anything else an editor wrote (``submit_at`` once set, ``online``, a
dossier component's ``form`` file and ``notes``, the body text...) is kept. Decisions are only
ever added, never removed; an abolished procedure keeps its file, with ``status: abolished``.
The front matter is written in one fixed key order, NFC, so importing the same record twice
changes no byte.
"""

from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from . import source
from ..dates import DateError, parse_day
from ..problems import Problem
from .procedures import (CASE_KEYS, CHANNEL_KEYS, CODE, DECISION_KEYS, DECISION_NUMBER,
                         DOSSIER_KEYS, LEGAL_KEYS, PROCEDURES_DIR, PORTAL_URL, base_code)
from .procedure_check import check_procedure
from ..text import nfc, slugify

# The portal's enumerations, in the words the province's list uses.
SUBMISSION_METHODS = {"DIRECT": "Trực tiếp", "ONLINE": "Trực tuyến", "POSTAL": "Dịch vụ bưu chính"}
TIME_UNITS = {"WORKING_DAY": "ngày làm việc", "DAY": "ngày", "HOUR": "giờ", "MONTH": "tháng", "YEAR": "năm"}
FORMALITY_TYPES = {"ASSIGNED_REGULATION": "TTHC được luật giao quy định chi tiết",
                   "STANDARD": "TTHC không được luật giao quy định chi tiết"}
LEVELS = (("isMinistry", "Cấp bộ"), ("isProvince", "Cấp tỉnh"), ("isWard", "Cấp xã"))
# Front-matter fields taken from the portal's record: the portal is their authority.
IMPORTED_KEYS = ("code", "name", "field", "level", "kind", "steps", "submission", "dossier", "cases",
                 "time_limit", "applicants", "deciding_agency", "performing_agency",
                 "authorised_agency", "coordinating_agencies", "result", "fees", "requirements",
                 "legal_basis", "source")
# The order fields are written in; any other field follows, in alphabetical order.
KEY_ORDER = ("code", "sample", "source", "name", "field", "level", "kind", "online", "steps",
             "submission", "dossier", "cases", "dossier_count", "time_limit", "applicants",
             "deciding_agency", "performing_agency", "authorised_agency", "coordinating_agencies",
             "submit_at", "result", "fees", "requirements", "legal_basis", "announced", "updated",
             "status", "replaced_by", "draft")
_NESTED_ORDER = {"submission": CHANNEL_KEYS, "dossier": DOSSIER_KEYS, "cases": CASE_KEYS,
                 "legal_basis": LEGAL_KEYS, "announced": DECISION_KEYS}
SLUG_LIMIT = 90

# Annex columns, matched on the header's folded words; code and name are required.
ANNEX_COLUMNS = {
    "code": ("ma thu tuc", "ma tthc", "ma so", "ma ho so"),
    "name": ("ten thu tuc", "ten tthc"),
    "field": ("linh vuc",),
    "level": ("cap thuc hien",),
    "agency": ("co quan thuc hien",),
    "kind": ("tinh trang", "hinh thuc cong bo", "loai cong bo", "ghi chu", "noi dung cong bo"),
}
HEADER_SEARCH_ROWS = 15
# What a row (or a section heading above rows) says the decision did, folded.
ANNEX_KINDS = (("bai bo", "abolished"), ("thay the", "replaced"), ("sua doi", "amended"),
               ("bo sung", "amended"), ("moi", "new"))


class ImportRefused(Exception):
    """The import stopped before writing anything; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class PortalRecord:
    """One portal record as front-matter fields, and where it was read."""

    code: str
    fields: dict
    decision_number: str | None  # procedureProposal.proposalNumber
    origin: str                  # file (and index in an array) it came from


@dataclass(frozen=True)
class AnnexRow:
    """One procedure listed in a decision's annex."""

    code: str
    name: str
    kind: str  # new, amended, replaced or abolished
    field: str = ""
    level: str = ""
    agency: str = ""
    origin: str = ""
    row: int = 0


@dataclass(frozen=True)
class DecisionInfo:
    """The announcing decision given on the command line."""

    number: str | None = None
    date: date | None = None
    issuer: str = ""


@dataclass(frozen=True)
class FileChange:
    """A record file to write: its path (relative to the root), old text (None if new), new text."""

    path: str
    old: str | None
    new: str

    def diff(self) -> str:
        """A unified diff of the change, for --dry-run."""
        old = [] if self.old is None else self.old.splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, self.new.splitlines(keepends=True),
                                            "/dev/null" if self.old is None else f"a/{self.path}",
                                            f"b/{self.path}"))


@dataclass
class _Reader:
    """Reads one JSON record, collecting problems with their field paths."""

    path: str
    prefix: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, at: str, message: str) -> None:
        self.problems.append(Problem(self.path, 1, self.prefix + at, message))

    def text(self, value: object, at: str, required: bool = False) -> str:
        if value is None or value == "":
            if required:
                self.add(at, "missing; the portal's record must have it")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(at, f"expected text, found {type(value).__name__}")
            return ""
        return " ".join(_plain(nfc(str(value))).split())

    def lines(self, value: object, at: str) -> list[str]:
        """Text that may hold several paragraphs (one per line), or a list of texts."""
        if isinstance(value, list):
            return [t for i, v in enumerate(value) if (t := self.text(_name_of(v), f"{at}[{i + 1}]"))]
        if isinstance(value, str):
            return [t for line in _plain(nfc(value)).splitlines() if (t := " ".join(line.split()))]
        self.text(value, at)
        return []

    def items(self, value: object, at: str) -> list[tuple[str, dict]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(at, f"expected a list, found {type(value).__name__}")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{at}[{index + 1}]", item))
            else:
                self.add(f"{at}[{index + 1}]", f"expected an object, found {type(item).__name__}")
        return found

    def names(self, value: object, at: str) -> list[str]:
        """Names of a list of {name: ...} objects (or of plain texts)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(at, f"expected a list, found {type(value).__name__}")
            return []
        return [t for i, v in enumerate(value) if (t := self.text(_name_of(v), f"{at}[{i + 1}].name"))]

    def count(self, value: object, at: str) -> int:
        if value is None or value == "":
            return 0
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(at, f"expected a whole number, found {value!r}")
            return 0
        return value

    def enum(self, value: object, at: str, choices: dict) -> str:
        if value in choices:
            return choices[value]
        self.add(at, f"unknown value {value!r}; expected one of {', '.join(choices)}")
        return ""


_BREAKS = re.compile(r"<br\s*/?>|</(?:p|li|div|tr)>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


def _plain(text: str) -> str:
    """The portal's rich text as plain text: paragraphs and list items on lines of their own,
    other tags dropped, entities decoded (the templates escape what they print)."""
    if "<" not in text and "&" not in text:
        return text
    return html.unescape(_TAGS.sub("", _BREAKS.sub("\n", text)))


def _name_of(value: object) -> object:
    return value.get("name") if isinstance(value, dict) else value


def _amount(value: object, currency: object) -> str:
    """A fee's amount as citizens read it: 2000000 -> "2.000.000 đồng"."""
    unit = " ".join(str(currency).split()) if isinstance(currency, str) and currency.strip() else "đồng"
    if isinstance(value, bool):
        return ""
    if isinstance(value, (int, float)) or (isinstance(value, str) and re.fullmatch(r"\d+(\.0+)?", value.strip())):
        number = int(float(value))
        return f"{number:,}".replace(",", ".") + f" {unit}"
    return " ".join(str(value).split()) if value is not None else ""


def read_portal_json(path: Path, display: str) -> tuple[list[PortalRecord], list[Problem]]:
    """The records of one JSON file saved from the portal; problems name file and field."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        return [], [Problem(display, 1, "file", "not UTF-8 text; save the record again from the portal")]
    except json.JSONDecodeError as error:
        return [], [Problem(display, error.lineno, "json", f"invalid JSON: {error.msg} (column {error.colno})")]
    # A record saved from the portal's API may be wrapped in its response: {"data": {...}}.
    if isinstance(data, dict) and isinstance(data.get("data"), (dict, list)) and "code" not in data:
        data = data["data"]
    entries = [(f"[{i + 1}].", e) for i, e in enumerate(data)] if isinstance(data, list) else [("", data)]
    if not entries:
        return [], [Problem(display, 1, "json", "an empty list; expected at least one procedure record")]
    records, problems = [], []
    for prefix, entry in entries:
        reader = _Reader(display, prefix)
        if not isinstance(entry, dict):
            reader.add("record", f"expected a procedure record (an object), found {type(entry).__name__}")
        else:
            record = _portal_record(reader, entry, display + (f" {prefix.rstrip('.')}" if prefix else ""))
            if record is not None and not reader.problems:
                records.append(record)
        problems += reader.problems
    return records, problems


def _portal_record(r: _Reader, data: dict, origin: str) -> PortalRecord | None:
    raw_code = r.text(data.get("code"), "code", required=True)
    if raw_code and not CODE.match(raw_code):
        r.add("code", f"expected a national procedure code like '1.004512', found {raw_code!r}")
    code = raw_code
    notation = r.text(data.get("codeNotation"), "codeNotation")
    # The province's own notation of the code is used only when it is the same procedure.
    if notation and CODE.match(notation) and raw_code and base_code(notation) == base_code(raw_code):
        code = notation
    out: dict = {"code": code, "source": f"Cổng Dịch vụ công quốc gia, thủ tục {base_code(code)}: "
                                         + PORTAL_URL.format(code=base_code(code))}
    out["name"] = r.text(data.get("name"), "name", required=True)
    fields = r.names(data.get("categoriesDetails"), "categoriesDetails")
    if not fields:
        r.add("categoriesDetails", "missing; the record must name its field (lĩnh vực)")
    out["field"] = fields[0] if fields else ""
    out["level"] = ", ".join(label for key, label in LEVELS if data.get(key) is True)
    if data.get("formalityType") is not None:
        out["kind"] = r.enum(data.get("formalityType"), "formalityType", FORMALITY_TYPES)
    steps = []
    for at, step in r.items(data.get("executionSteps"), "executionSteps"):
        name = r.text(step.get("name"), at + ".name")
        text = r.text(step.get("description"), at + ".description")
        # "Bước 1" is numbered by the page itself; another name is kept in front of the text.
        if name and not re.fullmatch(r"bước\s*\d+\s*[:.]?", name, re.IGNORECASE):
            text = f"{name}: {text}" if text else name
        if text:
            steps.append(text)
    out["steps"] = steps
    channels, limits, all_fees = [], [], []
    for at, method in r.items(data.get("executionMethods"), "executionMethods"):
        channel = r.enum(method.get("submissionMethod"), at + ".submissionMethod", SUBMISSION_METHODS)
        amount = r.text(method.get("processingTime"), at + ".processingTime")
        unit_raw = method.get("processingTimeUnit")
        unit = r.enum(unit_raw, at + ".processingTimeUnit", TIME_UNITS) if unit_raw is not None else ""
        limit = " ".join(part for part in (amount, unit) if part)
        fees = []
        for fee_at, fee in r.items(method.get("fees"), at + ".fees"):
            label = r.text(fee.get("name") or fee.get("description"), fee_at + ".name")
            money = _amount(fee.get("amount", fee.get("value")), fee.get("currencyName"))
            text = ": ".join(part for part in (label, money) if part)
            if text and text not in fees:
                fees.append(text)
        entry = {"channel": channel}
        if limit:
            entry["time_limit"] = limit
            limits.append((channel, limit))
        if fees:
            entry["fees"] = "; ".join(fees)
            all_fees += [f for f in fees if f not in all_fees]
        notes = r.text(method.get("description"), at + ".description")
        if notes:
            entry["notes"] = notes
        channels.append(entry)
    out["submission"] = channels
    distinct = list(dict.fromkeys(limit for _, limit in limits))
    out["time_limit"] = distinct[0] if len(distinct) == 1 else "; ".join(f"{c}: {l}" for c, l in limits)
    out["fees"] = all_fees
    cases = []
    for at, case in r.items(data.get("executionCases"), "executionCases"):
        items = []
        for item_at, component in r.items(case.get("profileComponents"), at + ".profileComponents"):
            item = {"name": r.text(component.get("name"), item_at + ".name", required=True)}
            files = [t for file_at, a in r.items(component.get("attachments"), item_at + ".attachments")
                     if (t := r.text(a.get("fileName"), file_at + ".fileName"))]
            if files:
                item["form_name"] = "; ".join(files)
            originals = r.count(component.get("originalQty"), item_at + ".originalQty")
            copies = r.count(component.get("copyQty"), item_at + ".copyQty")
            if originals:
                item["originals"] = originals
            if copies:
                item["copies"] = copies
            items.append(item)
        cases.append({"name": r.text(case.get("name"), at + ".name"), "dossier": items})
    if len(cases) == 1:
        out["dossier"] = cases[0]["dossier"]
    elif cases:
        out["cases"] = cases
    out["applicants"] = r.names(data.get("subjectTypesDetails"), "subjectTypesDetails")
    out["deciding_agency"] = "; ".join(r.names(data.get("departmentsAuthority"), "departmentsAuthority"))
    out["performing_agency"] = "; ".join(r.names(data.get("departmentsExecuting"), "departmentsExecuting"))
    out["authorised_agency"] = "; ".join(r.names(data.get("departmentsAuthorized"), "departmentsAuthorized"))
    out["coordinating_agencies"] = r.names(data.get("departmentsCoordinating"), "departmentsCoordinating")
    out["submit_at"] = r.names(data.get("dossierReceivingAddresses"), "dossierReceivingAddresses")
    out["result"] = r.names(data.get("resultsDetails"), "resultsDetails")
    out["requirements"] = r.lines(data.get("requirementsAndConditions"), "requirementsAndConditions")
    legal = []
    for at, document in r.items(data.get("legalBasisesDetails"), "legalBasisesDetails"):
        entry = {"number": r.text(document.get("code"), at + ".code", required=True),
                 "summary": r.text(document.get("name"), at + ".name", required=True)}
        legal.append(entry)
    out["legal_basis"] = legal
    proposal = data.get("procedureProposal")
    number = None
    if isinstance(proposal, dict):
        number = r.text(proposal.get("proposalNumber"), "procedureProposal.proposalNumber") or None
        if number and not DECISION_NUMBER.match(number):
            r.add("procedureProposal.proposalNumber", f"expected a decision number like '949/QĐ-UBND', found {number!r}")
    elif proposal is not None:
        r.add("procedureProposal", f"expected an object, found {type(proposal).__name__}")
    if r.problems:
        return None
    return PortalRecord(code, {k: v for k, v in out.items() if v not in ("", [], None)}, number, origin)


def read_annex(path: Path, display: str) -> tuple[list[AnnexRow], list[Problem]]:
    """The procedures listed in an .xlsx annex (every sheet); problems name file, sheet, row."""
    from openpyxl import load_workbook  # only the importer needs it

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        return [], [Problem(display, 1, "file", f"cannot be read as an .xlsx workbook ({type(error).__name__})")]
    rows: list[AnnexRow] = []
    problems: list[Problem] = []
    try:
        for sheet in book.worksheets:
            found, trouble = _annex_sheet(sheet, display)
            rows += found
            problems += trouble
    finally:
        book.close()
    if not rows and not problems:
        problems.append(Problem(display, 1, "file", "no procedure rows found in any sheet"))
    return rows, problems


def _annex_sheet(sheet, display: str) -> tuple[list[AnnexRow], list[Problem]]:
    values = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    header_at, columns = None, {}
    for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        found = _header_columns(row)
        if "code" in found and "name" in found:
            header_at, columns = index, found
            break
    if header_at is None:
        if not any(any(row) for row in values):
            return [], []  # an empty sheet
        return [], [Problem(display, 1, f"sheet {sheet.title!r}",
                            "no header row with the columns 'Mã thủ tục' and 'Tên thủ tục' in its first "
                            f"{HEADER_SEARCH_ROWS} rows; add them (also 'Lĩnh vực', 'Cấp thực hiện', and "
                            "'Tình trạng': mới, sửa đổi, bãi bỏ)")]
    rows, problems = [], []
    section_kind = None
    for index in range(header_at + 1, len(values)):
        row = values[index]
        number = index + 1
        cell = lambda key: row[columns[key]] if key in columns and columns[key] < len(row) else ""
        code, name = cell("code"), cell("name")
        if not code or (not name and not CODE.match(code)):
            # A section heading ("I. Danh mục thủ tục hành chính bị bãi bỏ") sets the kind below it.
            heading = " ".join(v for v in row if v)
            kind = _annex_kind(heading)
            if kind:
                section_kind = kind
            elif name:
                problems.append(Problem(display, number, f"sheet {sheet.title!r} column 'Mã thủ tục'",
                                        f"missing for {name!r}; every procedure row needs its code"))
            continue
        if not CODE.match(code):
            problems.append(Problem(display, number, f"sheet {sheet.title!r} column 'Mã thủ tục'",
                                    f"expected a procedure code like '1.004512', found {code!r}"))
            continue
        written_kind = cell("kind")
        kind = _annex_kind(written_kind) if written_kind else section_kind
        if kind is None:
            what = f"found {written_kind!r}" if written_kind else "found nothing (no column nor section heading)"
            problems.append(Problem(display, number, f"sheet {sheet.title!r} column 'Tình trạng'",
                                    f"expected what the decision does: mới, sửa đổi, bổ sung, thay thế or "
                                    f"bãi bỏ; {what}"))
            continue
        if not name:
            problems.append(Problem(display, number, f"sheet {sheet.title!r} column 'Tên thủ tục'",
                                    f"missing for {code}"))
            continue
        rows.append(AnnexRow(code, name, kind, cell("field"), cell("level"), cell("agency"),
                             f"{display} (sheet {sheet.title!r}, row {number})", number))
    return rows, problems


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


def _header_columns(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        words = " ".join(slugify(value).split("-"))
        for key, names in ANNEX_COLUMNS.items():
            if key not in found and any(words.startswith(n) or f" {n}" in f" {words}" for n in names):
                found[key] = index
                break
    return found


def _annex_kind(text: str) -> str | None:
    folded = " ".join(slugify(text).split("-"))
    for words, kind in ANNEX_KINDS:
        if re.search(rf"\b{words}\b", folded):
            return kind
    return None


# Planning the changes.

@dataclass
class _Existing:
    path: str
    text: str
    meta: dict
    body: str


def _existing_records(root: Path) -> tuple[dict[str, _Existing], set[str], list[Problem]]:
    """Records under content/procedures by national code, every file name there, problems."""
    folder = root / PROCEDURES_DIR
    records: dict[str, _Existing] = {}
    names: set[str] = set()
    problems: list[Problem] = []
    if not folder.is_dir():
        return records, names, problems
    for file in sorted(folder.rglob("*")):
        if not file.is_file() or file.is_symlink():
            continue
        rel = file.relative_to(root).as_posix()
        names.add(rel)
        if not rel.endswith(".md"):
            continue
        text, found = source.decode(file.read_bytes(), rel)
        doc, more = source.parse(text, rel) if text is not None else (None, [])
        if doc is None:
            problems += found + more
            continue
        meta = dict(doc.meta)
        for key in ("code", "replaced_by"):  # a code unquoted is a YAML number: take it as written
            if isinstance(meta.get(key), (int, float)) and not isinstance(meta.get(key), bool):
                meta[key] = doc.written.get((key,), str(meta[key]))
        code = meta.get("code")
        if isinstance(code, str) and CODE.match(code):
            records[base_code(code)] = _Existing(rel, text, meta, doc.body)
    return records, names, problems


def plan_import(root: Path, records: Sequence[PortalRecord], rows: Sequence[AnnexRow],
                decision: DecisionInfo, today: date, dossier_count: str | None = None) -> list[FileChange]:
    """The files to write for ``records`` and ``rows``; raise ImportRefused on any problem."""
    existing, file_names, problems = _existing_records(root)
    if problems:
        raise ImportRefused(problems)
    by_code: dict[str, PortalRecord] = {}
    for record in records:
        other = by_code.setdefault(base_code(record.code), record)
        if other is not record:
            problems.append(Problem(record.origin, 1, "code", f"{record.code} is imported twice "
                                                              f"(also from {other.origin}); keep one"))
    annex: dict[str, AnnexRow] = {}
    for row in rows:
        other = annex.setdefault(base_code(row.code), row)
        if other is not row:
            problems.append(Problem(row.origin, row.row, "Mã thủ tục", f"{row.code} is listed twice "
                                                                        f"(also {other.origin})"))
        if row.kind == "replaced":
            problems.append(Problem(row.origin, row.row, "Tình trạng",
                                    f"{row.code} is marked 'thay thế': a replacement names both procedures, "
                                    "which the annex row does not; record it by hand ('status: replaced', "
                                    "'replaced_by') and remove the row"))
    if rows and (not decision.number or decision.date is None):
        problems.append(Problem(rows[0].origin, rows[0].row, "decision",
                                "an annex belongs to a decision: give its number and date "
                                "(--decision '949/QĐ-UBND' --decision-date 2022-05-10)"))
    if problems:
        raise ImportRefused(problems)
    changes: list[FileChange] = []
    taken = set(file_names)
    for code in sorted(set(by_code) | set(annex)):
        record, row = by_code.get(code), annex.get(code)
        old = existing.get(code)
        try:
            change = _plan_one(record, row, old, decision, today, dossier_count, taken)
        except ImportRefused as refused:
            problems += refused.problems
            continue
        if change is None:
            continue
        doc, found = source.parse(change.new, change.path)
        procedure, more = check_procedure(doc, taken | {change.path}) if doc else (None, found)
        if found or more:
            where = (record.origin if record else row.origin)
            problems += [Problem(where, 1, p.field, f"the record it makes would be refused by the "
                                                    f"build: {p.message}") for p in found + more]
            continue
        taken.add(change.path)
        changes.append(change)
    if problems:
        raise ImportRefused(problems)
    return changes


def _plan_one(record: PortalRecord | None, row: AnnexRow | None, old: _Existing | None,
              decision: DecisionInfo, today: date, dossier_count: str | None,
              taken: set[str]) -> FileChange | None:
    origin = record.origin if record else row.origin
    line = row.row if row and not record else 1
    meta: dict = dict(old.meta) if old else {}
    if record is None and old is None:
        # An annex row alone cannot make a record (no steps, dossier...): start a draft to fill
        # from the portal's record; the decision is added when that record is imported.
        if row.kind == "abolished":
            raise ImportRefused([Problem(row.origin, row.row, "Mã thủ tục",
                                         f"{row.code} is abolished by the decision but has no record "
                                         "here; nothing to mark")])
        meta = {"code": row.code, "name": row.name, "draft": True,
                "source": f"Phụ lục {decision.number} ngày {decision.date.isoformat()}"}
        if row.field:
            meta["field"] = row.field
        if row.level:
            meta["level"] = row.level
        return _change(None, _target(meta, taken), meta, "")
    if record is not None:
        _merge_portal(meta, record.fields)
        meta.pop("sample", None)  # built from the portal now, with its source named
    if record is not None and "dossier_count" not in meta:
        if not dossier_count:
            raise ImportRefused([Problem(origin, line, "dossier_count",
                                         "a new record needs the number of dossier sets, which the portal's "
                                         "record does not carry: pass --dossier-count '01 bộ' as the "
                                         "announcing decision says")])
        meta["dossier_count"] = dossier_count
    # The portal's own announcing decision names a new record's; a record already here gets a
    # decision only from the command line (the province's decision that changed it).
    number = decision.number or (record.decision_number if record and old is None else None)
    decisions = _decisions(meta)
    kind = row.kind if row else ("amended" if decisions else "new")
    # A decision is recorded once: importing again under the same decision adds nothing.
    known = any(d.get("number") == number for d in decisions)
    if number and not known:
        if decision.date is None:
            raise ImportRefused([Problem(origin, line, "decision",
                                         f"decision {number} is not in the record yet; give its date "
                                         "(--decision-date 2022-05-10)")])
        last = max((str(d.get("date")) for d in decisions), default="")
        if last and decision.date.isoformat() < last:
            raise ImportRefused([Problem(origin, line, "decision",
                                         f"decision {number} of {decision.date.isoformat()} is older than "
                                         f"the record's latest ({last}); decisions are added in order")])
        entry = {"number": number, "date": decision.date.isoformat(), "kind": kind}
        if decision.issuer:
            entry["issuer"] = decision.issuer
        decisions.append(entry)
        meta["announced"] = decisions[0] if len(decisions) == 1 else decisions
        if record is not None and len(decisions) == 1:
            # A draft (one the annex started) is published once the portal's record fills it
            # and its decision is recorded: an announced procedure is public.
            meta.pop("draft", None)
    elif old is None and not number:
        raise ImportRefused([Problem(origin, line, "decision",
                                     "a new record needs its announcing decision: give --decision and "
                                     "--decision-date, or import a record with procedureProposal.proposalNumber")])
    if row and row.kind == "abolished":
        meta["status"] = "abolished"
    if old is not None and _canonical(meta, ignore="updated") == _canonical(_sorted_meta(old.meta), ignore="updated"):
        return None
    last = max((str(d.get("date")) for d in _decisions(meta)), default="")
    meta["updated"] = max(today.isoformat(), last)
    path = old.path if old else _target(meta, taken)
    return _change(old, path, meta, old.body if old else "")


def _decisions(meta: dict) -> list[dict]:
    value = meta.get("announced")
    if isinstance(value, dict):
        return [dict(value)]
    return [dict(d) for d in value if isinstance(d, dict)] if isinstance(value, list) else []


def _merge_portal(meta: dict, imported: dict) -> None:
    """Portal fields over the record's; what editors added (notes, form files) kept."""
    local_channels = {c.get("channel"): c for c in meta.get("submission") or [] if isinstance(c, dict)}
    local_items = {}
    for case_name, items in _local_dossiers(meta):
        for item in items:
            if isinstance(item, dict):
                local_items[(case_name, item.get("name"))] = item
                local_items.setdefault((None, item.get("name")), item)
    for key in IMPORTED_KEYS:
        if key in imported:
            meta[key] = imported[key]
        else:
            meta.pop(key, None)
    if "submit_at" in imported and not meta.get("submit_at"):
        meta["submit_at"] = imported["submit_at"]  # an editor's address is kept once set
    for channel in meta.get("submission") or []:
        local = local_channels.get(channel["channel"], {})
        if "notes" not in channel and local.get("notes"):
            channel["notes"] = local["notes"]
    for case_name, items in _local_dossiers(meta):
        for item in items:
            local = local_items.get((case_name, item["name"])) or local_items.get((None, item["name"])) or {}
            for key in ("form", "notes"):
                if local.get(key):
                    item[key] = local[key]


def _local_dossiers(meta: dict) -> list[tuple[str | None, list]]:
    if isinstance(meta.get("cases"), list):
        return [(c.get("name"), c.get("dossier") or []) for c in meta["cases"] if isinstance(c, dict)]
    return [(None, meta.get("dossier") or [])] if isinstance(meta.get("dossier"), list) else []


def _target(meta: dict, taken: set[str]) -> str:
    folder = slugify(meta.get("field") or "") or "chua-phan-loai"
    name = slugify(meta.get("name") or "")
    if len(name) > SLUG_LIMIT:  # long official names: cut at a word
        name = name[:SLUG_LIMIT].rsplit("-", 1)[0]
    path = f"{PROCEDURES_DIR}/{folder}/{name or slugify(meta['code'])}.md"
    if path in taken:
        path = f"{PROCEDURES_DIR}/{folder}/{name}-{slugify(meta['code'])}.md"
    return path


def _sorted_meta(meta: dict) -> dict:
    order = {key: index for index, key in enumerate(KEY_ORDER)}
    result = {}
    for key in sorted(meta, key=lambda k: (order.get(k, len(order)), k)):
        value = meta[key]
        nested = _NESTED_ORDER.get(key)
        if key == "cases" and isinstance(value, list):
            value = [_ordered(c, CASE_KEYS, {"dossier": DOSSIER_KEYS}) for c in value]
        elif nested and isinstance(value, list):
            value = [_ordered(v, nested) for v in value]
        elif nested and isinstance(value, dict):
            value = _ordered(value, nested)
        result[key] = value
    return result


def _ordered(value: object, keys: Sequence[str], inner: dict | None = None) -> object:
    if not isinstance(value, dict):
        return value
    rank = {key: index for index, key in enumerate(keys)}
    out = {}
    for key in sorted(value, key=lambda k: (rank.get(k, len(rank)), str(k))):
        item = value[key]
        if inner and key in inner and isinstance(item, list):
            item = [_ordered(v, inner[key]) for v in item]
        out[key] = item
    return out


def _canonical(meta: dict, ignore: str = "") -> str:
    return dump_front_matter({k: v for k, v in meta.items() if k != ignore})


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, no implicit timestamps (dates stay plain,
    as the loader reads them as text)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _normalise(value: object) -> object:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    return value


def dump_front_matter(meta: dict) -> str:
    """The front matter's YAML: fixed key order, NFC, one value per line, no line wrapping."""
    return yaml.dump(_normalise(_sorted_meta(meta)), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1_000_000, indent=2)


def _change(old: _Existing | None, path: str, meta: dict, body: str) -> FileChange:
    text = f"---\n{dump_front_matter(meta)}---\n{body}"
    return FileChange(path, old.text if old else None, text)


def write_changes(root: Path, changes: Iterable[FileChange]) -> None:
    """Write every planned file (UTF-8, LF), creating folders as needed."""
    for change in changes:
        target = root / change.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(change.new.encode("utf-8"))


def read_inputs(paths: Sequence[Path]) -> tuple[list[PortalRecord], list[AnnexRow]]:
    """Read every input file (.json records, .xlsx annexes); raise ImportRefused on any problem."""
    records: list[PortalRecord] = []
    rows: list[AnnexRow] = []
    problems: list[Problem] = []
    for path in paths:
        display = str(path)
        if not path.is_file():
            problems.append(Problem(display, 1, "file", "not found"))
        elif path.suffix.lower() == ".json":
            found, trouble = read_portal_json(path, display)
            records += found
            problems += trouble
        elif path.suffix.lower() == ".xlsx":
            found, trouble = read_annex(path, display)
            rows += found
            problems += trouble
        else:
            problems.append(Problem(display, 1, "file", "expected a portal record (.json) or a decision "
                                                        "annex (.xlsx)"))
    if problems:
        raise ImportRefused(problems)
    return records, rows


def parse_decision(number: str | None, when: str | None, issuer: str | None) -> DecisionInfo:
    """The --decision, --decision-date and --issuer options, checked."""
    problems = []
    if number is not None:
        number = " ".join(nfc(number).split())
        if not DECISION_NUMBER.match(number):
            problems.append(Problem("--decision", 1, "decision",
                                    f"expected a number like '949/QĐ-UBND', found {number!r}"))
    day = None
    if when is not None:
        try:
            day = parse_day(when)
        except DateError as error:
            problems.append(Problem("--decision-date", 1, "decision", str(error)))
    if problems:
        raise ImportRefused(problems)
    return DecisionInfo(number, day, " ".join(nfc(issuer or "").split()))


