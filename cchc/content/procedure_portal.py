"""Reading procedure records saved from the National Public Service Portal (JSON).

One record per file, or an array of them: ``code``, ``name``, ``executionSteps``,
``executionMethods``, ``executionCases``, ``legalBasisesDetails``... Each becomes a
``PortalRecord`` of front-matter fields; nothing is written here, and every problem is returned
with its file and field (cchc.content.procedure_import plans and writes the changes).
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from ..text import nfc
from .procedures import CODE, DECISION_NUMBER, PORTAL_URL, base_code

# Bounds on what a record file may hold: a record saved from the portal is a few tens of KB,
# nested a few levels, with amounts of money and counts of copies as its only numbers.
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 32
MAX_NUMBER_CHARS = 24      # longer number literals are refused before Python converts them
MAX_AMOUNT = 10 ** 13      # đồng: ten thousand billion is beyond any fee
MAX_COPIES = 1000

# The portal's enumerations, in the words the province's list uses.
SUBMISSION_METHODS = {"DIRECT": "Trực tiếp", "ONLINE": "Trực tuyến", "POSTAL": "Dịch vụ bưu chính"}
TIME_UNITS = {"WORKING_DAY": "ngày làm việc", "DAY": "ngày", "HOUR": "giờ", "MONTH": "tháng", "YEAR": "năm"}
FORMALITY_TYPES = {"ASSIGNED_REGULATION": "TTHC được luật giao quy định chi tiết",
                   "STANDARD": "TTHC không được luật giao quy định chi tiết"}
LEVELS = (("isMinistry", "Cấp bộ"), ("isProvince", "Cấp tỉnh"), ("isWard", "Cấp xã"))


@dataclass(frozen=True)
class PortalRecord:
    """One portal record as front-matter fields, and where it was read."""

    code: str
    fields: dict
    decision_number: str | None  # procedureProposal.proposalNumber
    origin: str                  # file (and index in an array) it came from


@dataclass(frozen=True)
class Unreadable:
    """A number JSON lets through but a record cannot hold: NaN, Infinity, 1e400, thousands of
    digits. Kept in place of the number, so the field that holds it is named in the message."""

    text: str

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 20 else f"{self.text[:12]}… ({len(self.text)} ký tự)"


def _parse_int(text: str) -> int | Unreadable:
    return int(text) if len(text) <= MAX_NUMBER_CHARS else Unreadable(text)


def _parse_float(text: str) -> float | Unreadable:
    if len(text) > MAX_NUMBER_CHARS:
        return Unreadable(text)
    value = float(text)
    return value if math.isfinite(value) else Unreadable(text)


def _kind(value: object) -> str:
    """What a JSON value is, in the words of the messages."""
    if isinstance(value, Unreadable):
        return f"số {value!r}"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "một số"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một đối tượng"
    if value is None:
        return "null"
    return f"{type(value).__name__}"


def _unreadable_number(value: Unreadable) -> str:
    return (f"số {value!r} không dùng được (NaN, Infinity, số quá lớn hoặc dài quá {MAX_NUMBER_CHARS} "
            "ký tự); ghi đúng số như trên cổng")


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
                self.add(at, "bản ghi của Cổng thiếu trường này; lưu lại bản ghi đầy đủ từ Cổng")
            return ""
        if isinstance(value, Unreadable):
            self.add(at, _unreadable_number(value))
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.add(at, f"đang là {_json_kind(value)}; cần chữ")
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
            self.add(at, f"đang là {_json_kind(value)}; cần một danh sách")
            return []
        found = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                found.append((f"{at}[{index + 1}]", item))
            else:
                self.add(f"{at}[{index + 1}]", f"đang là {_json_kind(item)}; cần một đối tượng {{...}}")
        return found

    def names(self, value: object, at: str) -> list[str]:
        """Names of a list of {name: ...} objects (or of plain texts)."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(at, f"đang là {_json_kind(value)}; cần một danh sách")
            return []
        return [t for i, v in enumerate(value) if (t := self.text(_name_of(v), f"{at}[{i + 1}].name"))]

    def count(self, value: object, at: str) -> int:
        if value is None or value == "":
            return 0
        # ASCII digits only: "²" and "٣" are digits to str.isdigit, and int() refuses the first.
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,4}", value.strip()):
            value = int(value)
        if isinstance(value, (list, dict)):
            self.add(at, f"cần một số nguyên, như 1; đang là {_kind(value)}")
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(at, f"đang ghi {value!r}; cần một số nguyên")
            return 0
        if value > MAX_COPIES:
            self.add(at, f"cần một số bản từ 0 đến {MAX_COPIES}; đang ghi {value}")
            return 0
        return value

    def enum(self, value: object, at: str, choices: dict) -> str:
        if not isinstance(value, str):
            self.add(at, f"cần một trong {', '.join(choices)}; đang là {_kind(value)}")
            return ""
        if value in choices:
            return choices[value]
        self.add(at, f"không có giá trị {value!r}; cần một trong: {', '.join(map(str, choices))}")
        return ""

    def amount(self, value: object, currency: object, at: str) -> str:
        """A fee's amount as citizens read it: 2000000 -> "2.000.000 đồng"; a text as it is."""
        unit = " ".join(currency.split()) if isinstance(currency, str) and currency.strip() else "đồng"
        if value is None or value == "" or isinstance(value, bool):
            return ""
        if isinstance(value, Unreadable):
            self.add(at, _unreadable_number(value))
            return ""
        if isinstance(value, str):
            written = " ".join(value.split())
            if not re.fullmatch(r"[0-9]{1,14}(?:\.0+)?", written):
                return " ".join(_plain(nfc(written)).split())  # "Không", "theo từng thiết bị"
            value = int(written.split(".")[0])
        if not isinstance(value, (int, float)):
            self.add(at, f"cần một số tiền như 2000000, hoặc một dòng chữ; đang là {_kind(value)}")
            return ""
        if not 0 <= value < MAX_AMOUNT:
            limit = f"{MAX_AMOUNT:,}".replace(",", ".")
            self.add(at, f"cần một số tiền từ 0 đến dưới {limit} đồng; đang ghi {value!r}")
            return ""
        return f"{int(value):,}".replace(",", ".") + f" {unit}"


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


def _shape_problem(data: object) -> tuple[str, str] | None:
    """Where and why a parsed JSON value cannot be read further (nested too deep, text that is
    not Unicode), in Vietnamese, or None. Walked without recursion."""
    stack: list[tuple[object, str, int]] = [(data, "", 1)]
    while stack:
        value, at, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return at or "json", f"lồng quá {MAX_JSON_DEPTH} tầng; bản ghi của cổng không sâu như vậy"
        if isinstance(value, dict):
            for key, item in value.items():
                if not _is_unicode(key):
                    return at or "json", "có tên trường không phải chữ Unicode hợp lệ (\\ud800…)"
                stack.append((item, f"{at}.{key}" if at else key, depth + 1))
        elif isinstance(value, list):
            stack += [(item, f"{at}[{i + 1}]", depth + 1) for i, item in enumerate(value)]
        elif isinstance(value, str) and not _is_unicode(value):
            return at or "json", "có ký tự không phải chữ Unicode hợp lệ (\\ud800…); lưu lại bản ghi từ cổng"
    return None


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, which a JSON \uXXXX escape can write
        return False
    return True


def _json_kind(value: object) -> str:
    """What a JSON value is, in words: "một danh sách", "chữ", "một số"."""
    if isinstance(value, dict):
        return "một đối tượng {...}"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return "một số"
    return "chữ" if isinstance(value, str) else "null"


def read_portal_json(path: Path, display: str) -> tuple[list[PortalRecord], list[Problem]]:
    """The records of one JSON file saved from the portal; problems name file and field."""
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            return [], [Problem(display, 1, "file", f"lớn {size // (1024 * 1024)} MB, quá giới hạn "
                                                    f"{MAX_JSON_BYTES // (1024 * 1024)} MB của một tệp bản ghi")]
        data = json.loads(path.read_bytes().decode("utf-8-sig"), parse_int=_parse_int,
                          parse_float=_parse_float, parse_constant=Unreadable)
    except UnicodeDecodeError:
        return [], [Problem(display, 1, "file", "tệp không lưu theo bảng mã UTF-8; lưu lại bản ghi từ Cổng")]
    except json.JSONDecodeError as error:
        return [], [Problem(display, error.lineno, "json", f"không đọc được JSON (cột {error.colno}); lưu lại "
                                                           "bản ghi từ Cổng, không sửa tay")]
    except RecursionError:
        return [], [Problem(display, 1, "json", f"lồng quá sâu (quá {MAX_JSON_DEPTH} tầng); bản ghi của cổng "
                                                "không sâu như vậy")]
    except OSError as error:
        return [], [Problem(display, 1, "file", f"không đọc được ({error.strerror or error})")]
    shape = _shape_problem(data)
    if shape:
        return [], [Problem(display, 1, *shape)]
    # A record saved from the portal's API may be wrapped in its response: {"data": {...}}.
    if isinstance(data, dict) and isinstance(data.get("data"), (dict, list)) and "code" not in data:
        data = data["data"]
    entries = [(f"[{i + 1}].", e) for i, e in enumerate(data)] if isinstance(data, list) else [("", data)]
    if not entries:
        return [], [Problem(display, 1, "json", "danh sách rỗng; cần ít nhất một bản ghi thủ tục")]
    records, problems = [], []
    for prefix, entry in entries:
        reader = _Reader(display, prefix)
        if not isinstance(entry, dict):
            reader.add("record", f"đang là {_json_kind(entry)}; cần một bản ghi thủ tục (đối tượng {{...}})")
        else:
            record = _portal_record(reader, entry, display + (f" {prefix.rstrip('.')}" if prefix else ""))
            if record is not None and not reader.problems:
                records.append(record)
        problems += reader.problems
    return records, problems


def _portal_record(r: _Reader, data: dict, origin: str) -> PortalRecord | None:
    """One record's front-matter fields; None when any of it is wrong (``r`` holds why)."""
    code = _portal_code(r, data)
    out: dict = {"code": code, "source": f"Cổng Dịch vụ công quốc gia, thủ tục {base_code(code)}: "
                                         + PORTAL_URL.format(code=base_code(code))}
    out["name"] = r.text(data.get("name"), "name", required=True)
    fields = r.names(data.get("categoriesDetails"), "categoriesDetails")
    if not fields:
        r.add("categoriesDetails", "bản ghi của Cổng chưa có lĩnh vực; lưu lại bản ghi đầy đủ từ Cổng")
    out["field"] = fields[0] if fields else ""
    out["level"] = ", ".join(label for key, label in LEVELS if data.get(key) is True)
    if data.get("formalityType") is not None:
        out["kind"] = r.enum(data.get("formalityType"), "formalityType", FORMALITY_TYPES)
    out["steps"] = _portal_steps(r, data)
    out.update(_portal_submission(r, data))
    out.update(_portal_dossier(r, data))
    out["applicants"] = r.names(data.get("subjectTypesDetails"), "subjectTypesDetails")
    out["deciding_agency"] = "; ".join(r.names(data.get("departmentsAuthority"), "departmentsAuthority"))
    out["performing_agency"] = "; ".join(r.names(data.get("departmentsExecuting"), "departmentsExecuting"))
    out["authorised_agency"] = "; ".join(r.names(data.get("departmentsAuthorized"), "departmentsAuthorized"))
    out["coordinating_agencies"] = r.names(data.get("departmentsCoordinating"), "departmentsCoordinating")
    out["submit_at"] = r.names(data.get("dossierReceivingAddresses"), "dossierReceivingAddresses")
    out["result"] = r.names(data.get("resultsDetails"), "resultsDetails")
    out["requirements"] = r.lines(data.get("requirementsAndConditions"), "requirementsAndConditions")
    out["legal_basis"] = [{"number": r.text(document.get("code"), at + ".code", required=True),
                           "summary": r.text(document.get("name"), at + ".name", required=True)}
                          for at, document in r.items(data.get("legalBasisesDetails"), "legalBasisesDetails")]
    number = _decision_number(r, data)
    if r.problems:
        return None
    return PortalRecord(code, {k: v for k, v in out.items() if v not in ("", [], None)}, number, origin)


def _portal_code(r: _Reader, data: dict) -> str:
    """The national code, or the province's notation of it when that is the same procedure."""
    raw_code = r.text(data.get("code"), "code", required=True)
    if raw_code and not CODE.match(raw_code):
        r.add("code", f"đang ghi {raw_code!r}; cần mã thủ tục quốc gia như '1.004512'")
    code = raw_code
    notation = r.text(data.get("codeNotation"), "codeNotation")
    # The province's own notation of the code is used only when it is the same procedure.
    if notation and CODE.match(notation) and raw_code and base_code(notation) == base_code(raw_code):
        code = notation
    return code


def _portal_steps(r: _Reader, data: dict) -> list[str]:
    steps = []
    for at, step in r.items(data.get("executionSteps"), "executionSteps"):
        name = r.text(step.get("name"), at + ".name")
        text = r.text(step.get("description"), at + ".description")
        # "Bước 1" is numbered by the page itself; another name is kept in front of the text.
        if name and not re.fullmatch(r"bước\s*\d+\s*[:.]?", name, re.IGNORECASE):
            text = f"{name}: {text}" if text else name
        if text:
            steps.append(text)
    return steps


def _portal_submission(r: _Reader, data: dict) -> dict:
    """The ways of submitting, and the time limit and fees of the record from theirs."""
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
            key = "amount" if "amount" in fee else "value"
            money = r.amount(fee.get(key), fee.get("currencyName"), f"{fee_at}.{key}")
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
    distinct = list(dict.fromkeys(limit for _, limit in limits))
    time_limit = distinct[0] if len(distinct) == 1 else "; ".join(f"{c}: {l}" for c, l in limits)
    return {"submission": channels, "time_limit": time_limit, "fees": all_fees}


def _portal_dossier(r: _Reader, data: dict) -> dict:
    """The dossier: one list of components, or one per case when the record has several."""
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
        return {"dossier": cases[0]["dossier"]}
    return {"cases": cases} if cases else {}


def _decision_number(r: _Reader, data: dict) -> str | None:
    """The number of the decision that announced the procedure, when the record gives it."""
    proposal = data.get("procedureProposal")
    number = None
    if isinstance(proposal, dict):
        number = r.text(proposal.get("proposalNumber"), "procedureProposal.proposalNumber") or None
        if number and not DECISION_NUMBER.match(number):
            r.add("procedureProposal.proposalNumber", f"đang ghi {number!r}; cần số quyết định như '949/QĐ-UBND'")
    elif proposal is not None:
        r.add("procedureProposal", f"đang là {_json_kind(proposal)}; cần một đối tượng {{...}}")
    return number
