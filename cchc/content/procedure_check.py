"""One procedure record checked against its contract (cchc.content.procedures) into a Procedure.

Problems name the field by its path (``dossier[2].form``); checks that need the other records
are in ``procedure_catalogue``.
"""

from __future__ import annotations

import re
from typing import Collection

from ..problems import Problem, did_you_mean
from .checker import Checker, as_written, describe
from .fields import PROCEDURE_FIELDS, names
from .procedures import (CODE, CODE_EXAMPLE, DECISION_KINDS, DECISION_NUMBER, ENDING_KINDS, FORM_TYPES, NOT_ONLINE,
                         ONLINE_LEVELS, STATUSES, Channel, Decision, DossierCase, DossierItem, LegalDocument, Procedure, base_code)
from .source import SourceDoc

FIELD = {f.name: f for f in PROCEDURE_FIELDS}
ALLOWED_KEYS = names(PROCEDURE_FIELDS)
_SUBMISSION, _CASES, _LEGAL, _DECISION = (FIELD[name] for name in ("submission", "cases", "legal_basis", "announced"))
_DOSSIER = FIELD["dossier"]

_OLD_ONLINE = re.compile(r"^mức(?: độ)? ?([1-4])$")


_STEP_NUMBER = re.compile(r"^bước\s*\d+\s*[:.)-]", re.IGNORECASE)


def declared_code(doc: SourceDoc) -> str | None:
    """The record's code if it is well formed, whatever else is wrong with the record."""
    code = as_written(doc, ("code",), doc.meta.get("code"))
    code = code.strip() if isinstance(code, str) else code
    return code if isinstance(code, str) and CODE.match(code) else None


def check_procedure(doc: SourceDoc, file_names: Collection[str]) -> tuple[Procedure | None, list[Problem]]:
    """Validate one procedure record; ``file_names`` are the content files beside it (for forms).

    Checks that need the other records (duplicate codes, replacements) are in check_catalogue.
    """
    check = Checker(doc, PROCEDURE_FIELDS)
    meta = doc.meta
    check.unknown_keys(meta, (), ALLOWED_KEYS)
    draft = check.draft = check.flag("draft", describe, at=("draft",))
    sample = check.flag("sample", describe, "true (dữ liệu minh họa) hoặc false", at=("sample",))
    # One line (name, time limit, agencies...) or one line or a list (steps, applicants, fees...).
    text = {f.name: check.field_text((f.name,), f) for f in PROCEDURE_FIELDS if f.type == "text"}
    texts = {f.name: check.texts((f.name,), f.required, f.expected) for f in PROCEDURE_FIELDS if f.type == "texts"}

    code = _read_code(check, ("code",), required=True)
    online = _read_online(check)
    steps, fees, time_limit = texts["steps"], texts["fees"], text["time_limit"]
    for index, step in enumerate(steps):
        if _STEP_NUMBER.match(step):
            check.add(("steps", index), "bỏ chữ 'Bước ...:' ở đầu bước; trang tự đánh số các bước")

    channels = _read_channels(check, time_limit, fees)

    cases, dossier = _read_cases(check, file_names)
    dossier_count = _read_dossier_count(check)
    legal_basis = _read_legal_basis(check)
    decisions = _read_decisions(check)
    updated = check.day(("updated",))
    if updated and decisions and updated < decisions[-1].date:
        check.add(("updated",), f"ngày {updated.isoformat()} trước ngày của quyết định công bố sau cùng "
                                f"({decisions[-1].date.isoformat()}); ghi ngày cập nhật từ ngày quyết định đó trở về sau")

    status, replaced_by = _read_status(check, decisions, code)
    if check.problems:
        return None, sorted(check.problems)
    return Procedure(
        doc.path, code, text["name"], text["field"], steps, tuple(channels), tuple(dossier), dossier_count,
        time_limit, texts["applicants"], text["deciding_agency"], tuple(decisions), updated, text["level"],
        text["kind"], online, text["performing_agency"], text["authorised_agency"],
        texts["coordinating_agencies"], texts["submit_at"], texts["result"], fees, texts["requirements"],
        legal_basis, status, replaced_by, doc.body, doc.line("code"), doc.line("field"),
        doc.line("replaced_by"), draft, doc.line("draft"), cases, sample, text["source"], doc.line("sample")), []


def _read_channels(check: Checker, time_limit: str, fees: tuple[str, ...]) -> list[Channel]:
    """The ways of submitting; each takes the record's time limit and fees unless it has its own."""
    channels = []
    part = _SUBMISSION.part
    for index in check.items(("submission",), _SUBMISSION.expected):
        at = ("submission", index)
        check.unknown_keys(check.value(at), at, _SUBMISSION.keys)
        channels.append(Channel(
            check.field_text(at + ("channel",), part("channel")),
            check.field_text(at + ("time_limit",), part("time_limit")) or time_limit,
            "; ".join(check.texts(at + ("fees",), required=False)) or ("; ".join(fees) if fees else "Không"),
            check.field_text(at + ("notes",), part("notes"))))
    return channels


def _read_code(check: Checker, path: tuple, required: bool) -> str:
    value = as_written(check.doc, path, check.value(path))
    if value is None or value == "":
        if required:
            check.missing(path, f"mã thủ tục, như {CODE_EXAMPLE}")
        return ""
    code = str(value).strip()
    if not isinstance(value, str) or not CODE.match(code):
        check.add(path, f"đang ghi {code!r}; ghi mã thủ tục như {CODE_EXAMPLE}")
        return ""
    return code


def _read_online(check: Checker) -> str | None:
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
        hint = {"4": "'toàn trình'", "3": "'một phần'"}.get(old.group(1), "không (bỏ dòng 'online')")
        check.add(("online",), f"'{value}' là cách chia mức độ trước Nghị định 42/2022; ghi {hint}")
        return None
    check.add(("online",), f"đang ghi {describe(value)}{did_you_mean(text or '', list(ONLINE_LEVELS))}; "
                           "ghi 'toàn trình', 'một phần' hoặc 'không'")
    return None


def _read_cases(check: Checker, file_names: Collection[str]) -> tuple[tuple[DossierCase, ...], list[DossierItem]]:
    """The dossier: one list (``dossier``), or one per case (``cases``); never both."""
    if check.value(("cases",)) is None:
        return (), [_read_dossier_item(check, ("dossier", index), file_names)
                    for index in check.items(("dossier",), _DOSSIER.expected)]
    if "dossier" in check.doc.meta:
        check.add(("dossier",), "hồ sơ được ghi hai lần; chỉ ghi một trong hai: 'dossier' (một danh "
                                "sách) hoặc 'cases' (mỗi trường hợp một hồ sơ)")
    cases, items = [], []
    for index in check.items(("cases",), _CASES.expected):
        at = ("cases", index)
        check.unknown_keys(check.value(at), at, _CASES.keys)
        name = check.field_text(at + ("name",), _CASES.part("name"))
        found = tuple(_read_dossier_item(check, at + ("dossier", item), file_names)
                      for item in check.items(at + ("dossier",), _DOSSIER.expected))
        cases.append(DossierCase(name, found))
        items += found
    return tuple(cases), items


def _read_dossier_item(check: Checker, at: tuple, file_names: Collection[str]) -> DossierItem:
    check.unknown_keys(check.value(at), at, _DOSSIER.keys)
    name = check.field_text(at + ("name",), _DOSSIER.part("name"))
    originals, copies = check.count(at + ("originals",)), check.count(at + ("copies",))
    if originals + copies == 0 and not check.draft and not check.problems_at(at):
        check.add(at, "chưa ghi số lượng; thêm 'originals: 1' (bản chính), 'copies: 1' (bản sao) hoặc cả hai")
    form_name = check.field_text(at + ("form_name",), _DOSSIER.part("form_name"))
    notes = check.field_text(at + ("notes",), _DOSSIER.part("notes"))
    form = None
    raw = check.value(at + ("form",))
    if raw is not None:
        form = _read_form(check, at + ("form",), raw, file_names)
    return DossierItem(name, originals, copies, form, form_name, notes)


def _read_form(check: Checker, path: tuple, value: object, file_names: Collection[str]) -> str | None:
    return check.file_beside(path, value, FORM_TYPES, file_names, shown=describe,
                             expected=f"tên tệp mẫu đơn đặt cùng thư mục với thủ tục ({', '.join(FORM_TYPES)})",
                             inside="tên tệp trong thư mục của thủ tục hoặc thư mục con",
                             not_found=lambda target: "; đặt mẫu đơn cùng thư mục với thủ tục hoặc sửa tên tệp")


def _read_dossier_count(check: Checker) -> str:
    value = check.value(("dossier_count",))
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"{value:02d} bộ"
    if isinstance(value, (bool, float)) or isinstance(value, int):
        check.add(("dossier_count",), f"đang ghi {describe(value)}; ghi số bộ hồ sơ từ 1 trở lên, như '01 bộ'")
        return ""
    field = FIELD["dossier_count"]
    text = check.field_text(("dossier_count",), field)
    if text and not field.rule.match(text):
        check.add(("dossier_count",), f"đang ghi {text!r}; ghi số bộ hồ sơ từ 1 trở lên, như '01 bộ'")
        return ""
    return text


def _read_legal_basis(check: Checker) -> tuple[LegalDocument, ...]:
    documents = []
    part = _LEGAL.part
    for index in check.items(("legal_basis",), _LEGAL.expected, required=False):
        at = ("legal_basis", index)
        check.unknown_keys(check.value(at), at, _LEGAL.keys)
        documents.append(LegalDocument(
            check.field_text(at + ("number",), part("number")),
            check.field_text(at + ("summary",), part("summary")),
            check.day(at + ("date",), required=part("date").required),
            check.field_text(at + ("issuer",), part("issuer"))))
    return tuple(documents)


def _read_decisions(check: Checker) -> list[Decision]:
    value = check.value(("announced",))
    if isinstance(value, dict):
        entries = [("announced",)]
    else:
        entries = [("announced", index) for index in check.items(("announced",), _DECISION.expected)]
    decisions = []
    ended: Decision | None = None  # the decision that abolished or replaced it, until one restores it
    for at in entries:
        check.unknown_keys(check.value(at), at, _DECISION.keys)
        number = check.field_text(at + ("number",), _DECISION.part("number"))
        if number and not DECISION_NUMBER.match(number):
            check.add(at + ("number",), f"đang ghi {number!r}; ghi số ký hiệu văn bản như '949/QĐ-UBND' "
                                        "hoặc '15/2014/QĐ-UBND'")
        when = check.day(at + ("date",))
        kind = check.value(at + ("kind",))
        if kind is None or kind == "":
            check.missing(at + ("kind",), f"một trong: {', '.join(DECISION_KINDS)}")
        elif not isinstance(kind, str) or kind not in DECISION_KINDS:
            check.add(at + ("kind",), f"đang ghi {describe(kind)}{did_you_mean(str(kind), list(DECISION_KINDS))}; "
                                      f"ghi một trong: {', '.join(DECISION_KINDS)}")
        issuer = check.field_text(at + ("issuer",), _DECISION.part("issuer"))
        if number and when and isinstance(kind, str) and kind in DECISION_KINDS:
            decisions.append(Decision(number, when, kind, issuer))
            ended = _follow(check, at, decisions[-1], ended)
    for earlier, later in zip(decisions, decisions[1:]):
        if later.date < earlier.date:
            check.add(("announced",), f"quyết định {later.number} ban hành trước {earlier.number} nhưng "
                                      "ghi sau; ghi các quyết định theo thứ tự cũ trước mới sau (quyết định "
                                      "sau cùng cho biết tình trạng của thủ tục)")
            break
    return decisions


def _follow(check: Checker, at: tuple, decision: Decision, ended: Decision | None) -> Decision | None:
    """The decision that ended the procedure after ``decision`` (None: in force); a decision
    that would bring an ended procedure back without saying so, or restore one in force, is a
    problem at its ``kind``."""
    if decision.kind in ENDING_KINDS:
        return decision
    if decision.kind == "restored":
        if ended is None:
            check.add(at + ("kind",), f"quyết định {decision.number} khôi phục một thủ tục đang áp dụng; "
                                      "'kind: restored' chỉ dùng sau quyết định bãi bỏ hoặc thay thế")
        return None
    if ended is not None:
        check.add(at + ("kind",), f"thủ tục {STATUSES[ended.kind].lower()} theo quyết định {ended.number} "
                                  f"ngày {ended.date.isoformat()}; quyết định {decision.number} "
                                  f"({DECISION_KINDS[decision.kind]}) không làm thủ tục áp dụng lại. Nếu quyết "
                                  "định này khôi phục thủ tục, ghi 'kind: restored'")
    return ended


def _read_status(check: Checker, decisions: list[Decision], code: str) -> tuple[str, str | None]:
    status = check.value(("status",))
    if status is None:
        status = "active"
    elif not isinstance(status, str) or status not in STATUSES:
        check.add(("status",), f"đang ghi {describe(status)}{did_you_mean(str(status), list(STATUSES))}; "
                               f"ghi một trong: {', '.join(STATUSES)}")
        return "active", None
    replaced_by = _read_code(check, ("replaced_by",), required=False) or None
    if status == "replaced" and "replaced_by" not in check.doc.meta:
        check.add(("status",), "thủ tục đã được thay thế cần có dòng 'replaced_by: <mã thủ tục mới>'")
    if replaced_by and status != "replaced":
        check.add(("replaced_by",), f"chỉ thủ tục đã được thay thế mới có thủ tục thay thế (tình trạng đang "
                                    f"là {status!r}); ghi 'status: replaced' hoặc bỏ dòng 'replaced_by'")
    if replaced_by and code and base_code(replaced_by) == base_code(code):
        check.add(("replaced_by",), "thủ tục không thể được thay thế bằng chính nó; ghi mã của thủ tục mới")
    last = decisions[-1] if decisions else None
    if last and status in ("abolished", "replaced") and last.kind != status:
        check.add(("announced",), f"tình trạng là {status!r} nhưng quyết định ghi sau cùng có loại "
                                  f"{last.kind!r}; ghi sau cùng quyết định "
                                  f"{'bãi bỏ' if status == 'abolished' else 'thay thế'} thủ tục (kind: {status})")
    if last and status == "active" and last.kind == "abolished":
        check.add(("status",), f"quyết định sau cùng ({last.number}) đã bãi bỏ thủ tục; ghi 'status: abolished'")
    return status, replaced_by
