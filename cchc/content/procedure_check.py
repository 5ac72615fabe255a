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
    check = Checker(doc)
    meta = doc.meta
    check.unknown_keys(meta, (), ALLOWED_KEYS)
    draft = check.draft = check.flag("draft", describe, at=("draft",))
    sample = check.flag("sample", describe, "true (illustrative data) or false", at=("sample",))
    # One line (name, time limit, agencies...) or one line or a list (steps, applicants, fees...).
    text = {f.name: check.field_text((f.name,), f) for f in PROCEDURE_FIELDS if f.type == "text"}
    texts = {f.name: check.texts((f.name,), f.required, f.expected) for f in PROCEDURE_FIELDS if f.type == "texts"}

    code = _read_code(check, ("code",), required=True)
    online = _read_online(check)
    steps, fees, time_limit = texts["steps"], texts["fees"], text["time_limit"]
    for index, step in enumerate(steps):
        if _STEP_NUMBER.match(step):
            check.add(("steps", index), "write the step without 'Bước ...:' in front; "
                                        "the page numbers the steps itself")

    channels = _read_channels(check, time_limit, fees)

    cases, dossier = _read_cases(check, file_names)
    dossier_count = _read_dossier_count(check)
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
            check.missing(path, f"the procedure's code, like {CODE_EXAMPLE}")
        return ""
    code = str(value).strip()
    if not isinstance(value, str) or not CODE.match(code):
        check.add(path, f"expected a procedure code like {CODE_EXAMPLE}, found {code!r}")
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
        hint = {"4": "'toàn trình'", "3": "'một phần'"}.get(old.group(1), "nothing (leave 'online' out)")
        check.add(("online",), f"'{value}' is the level scale before Decree 42/2022; write {hint}")
        return None
    check.add(("online",), f"expected 'toàn trình', 'một phần' or 'không', found {describe(value)}"
                           f"{did_you_mean(text or '', list(ONLINE_LEVELS))}")
    return None


def _read_cases(check: Checker, file_names: Collection[str]) -> tuple[tuple[DossierCase, ...], list[DossierItem]]:
    """The dossier: one list (``dossier``), or one per case (``cases``); never both."""
    if check.value(("cases",)) is None:
        return (), [_read_dossier_item(check, ("dossier", index), file_names)
                    for index in check.items(("dossier",), _DOSSIER.expected)]
    if "dossier" in check.doc.meta:
        check.add(("dossier",), "give the dossier once: either 'dossier' (one list) or 'cases' "
                                "(one dossier per case), not both")
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
        check.add(at, "say how many to bring: add 'originals: 1' (bản chính), 'copies: 1' (bản sao) or both")
    form_name = check.field_text(at + ("form_name",), _DOSSIER.part("form_name"))
    notes = check.field_text(at + ("notes",), _DOSSIER.part("notes"))
    form = None
    raw = check.value(at + ("form",))
    if raw is not None:
        form = _read_form(check, at + ("form",), raw, file_names)
    return DossierItem(name, originals, copies, form, form_name, notes)


def _read_form(check: Checker, path: tuple, value: object, file_names: Collection[str]) -> str | None:
    return check.file_beside(path, value, FORM_TYPES, file_names, shown=describe,
                             expected=f"the file name of a form template beside the record ({', '.join(FORM_TYPES)})",
                             inside="a file in the record's folder or below it",
                             not_found=lambda target: "; put the form beside the record or fix the name")


def _read_dossier_count(check: Checker) -> str:
    value = check.value(("dossier_count",))
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"{value:02d} bộ"
    if isinstance(value, (bool, float)) or isinstance(value, int):
        check.add(("dossier_count",), f"expected a positive whole number of sets, like '01 bộ', "
                                      f"found {describe(value)}")
        return ""
    field = FIELD["dossier_count"]
    text = check.field_text(("dossier_count",), field)
    if text and not field.rule.match(text):
        check.add(("dossier_count",), f"expected a positive number of sets, like '01 bộ', found {text!r}")
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
            check.add(at + ("number",), f"expected a document number like '949/QĐ-UBND' or "
                                        f"'15/2014/QĐ-UBND', found {number!r}")
        when = check.day(at + ("date",))
        kind = check.value(at + ("kind",))
        if kind is None or kind == "":
            check.missing(at + ("kind",), f"one of {', '.join(DECISION_KINDS)}")
        elif not isinstance(kind, str) or kind not in DECISION_KINDS:
            check.add(at + ("kind",), f"expected one of {', '.join(DECISION_KINDS)}, found {describe(kind)}"
                                      f"{did_you_mean(str(kind), list(DECISION_KINDS))}")
        issuer = check.field_text(at + ("issuer",), _DECISION.part("issuer"))
        if number and when and isinstance(kind, str) and kind in DECISION_KINDS:
            decisions.append(Decision(number, when, kind, issuer))
            ended = _follow(check, at, decisions[-1], ended)
    for earlier, later in zip(decisions, decisions[1:]):
        if later.date < earlier.date:
            check.add(("announced",), "list the decisions oldest first: the last one sets the "
                                      f"status, but {later.number} is older than {earlier.number}")
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
        check.add(("status",), f"expected one of {', '.join(STATUSES)}, found {describe(status)}"
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
