"""Import procedures from the national database: portal JSON records and a decision's annex.

Two kinds of input, read into plain records first (nothing is written while reading;
the readers are ``procedure_portal`` and ``procedure_annex``):

- a JSON record as saved from the National Public Service Portal (one record per file, or an
  array of them): ``code``, ``name``, ``executionSteps``, ``executionMethods``,
  ``executionCases``, ``legalBasisesDetails``...;
- a province's decision annex as an ``.xlsx`` sheet: one row per procedure with its code, name,
  field, level, and whether the decision announces it as new, amended or abolished.

``plan_import`` merges them into the records under ``content/procedures/`` and returns the new
text of each file that changes; ``write_changes`` writes them. Every input is checked before
anything is written: one bad file (invalid JSON, missing code, unknown enum, a sheet without
the expected columns) refuses the whole import, each problem naming file, field (and row).
Writing is all or nothing and never through a symlink (cchc.writing): a destination that is or
passes through a link is refused while planning, and a file that cannot be written leaves every
file as it was.

What the importer owns and what editors own: the fields read from the portal (IMPORTED_KEYS)
follow the portal; anything else an editor wrote (``submit_at`` once set, ``online``, a
dossier component's ``form`` file and ``notes``, the body text...) is kept. Decisions are only
ever added, never removed; an abolished procedure keeps its file, with ``status: abolished``.
The front matter is written in one fixed key order, NFC, so importing the same record twice
changes no byte."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

import yaml

from ..dates import DateError, parse_day
from ..problems import Problem
from ..text import nfc, slugify
from ..writing import WriteRefused, destination_problem, write_all
from . import source
from .procedure_annex import AnnexRow, read_annex
from .checker import field_title
from .fields import PROCEDURE_FIELDS, names
from .procedure_check import FIELD, check_procedure
from .procedure_portal import PortalRecord, read_portal_json
from .procedures import CODE, DECISION_NUMBER, PROCEDURES_DIR, base_code

# Front-matter fields taken from the portal's record: the portal is their authority.
IMPORTED_KEYS = tuple(f.name for f in PROCEDURE_FIELDS if f.imported)
# The order fields are written in (the description's); any other field follows, in alphabetical order.
KEY_ORDER = names(PROCEDURE_FIELDS)
_NESTED_ORDER = {f.name: f.keys for f in PROCEDURE_FIELDS if f.parts}
CASE_KEYS, DOSSIER_KEYS = FIELD["cases"].keys, FIELD["dossier"].keys
SLUG_LIMIT = 90
WRITABLE = "content"  # the only folder the importer writes in


class ImportRefused(Exception):
    """The import stopped before writing anything; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
            problems.append(Problem(record.origin, 1, "code", f"mã {record.code} được nhập hai lần (cả từ "
                                                              f"{other.origin}); chỉ giữ một bản ghi"))
    annex: dict[str, AnnexRow] = {}
    for row in rows:
        other = annex.setdefault(base_code(row.code), row)
        if other is not row:
            problems.append(Problem(row.origin, row.row, "Mã thủ tục", f"mã {row.code} có hai dòng (cả ở "
                                                                        f"{other.origin}); bỏ một dòng"))
        if row.kind == "replaced":
            problems.append(Problem(row.origin, row.row, "Tình trạng",
                                    f"thủ tục {row.code} ghi 'thay thế', nhưng dòng phụ lục không cho biết "
                                    "thủ tục nào thay thế thủ tục nào; hãy ghi tay vào tệp thủ tục "
                                    "('status: replaced', 'replaced_by') và bỏ dòng này"))
    if rows and (not decision.number or decision.date is None):
        problems.append(Problem(rows[0].origin, rows[0].row, "decision",
                                "phụ lục đi kèm một quyết định: ghi số và ngày của quyết định "
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
        where = (record.origin if record else row.origin)
        if found or more:
            where = (record.origin if record else row.origin)
            problems += [Problem(where, 1, p.field, f"tệp thủ tục được tạo ra sẽ bị báo lỗi khi dựng "
                                                    f"trang: {p.message}", p.label) for p in found + more]
            continue
        blocked = destination_problem(root, change.path, WRITABLE)
        if blocked:
            problems.append(Problem(where, 1, "đích ghi", f"{change.path} {blocked}"))
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
        return _draft_from_row(row, decision, taken)
    if record is not None:
        _merge_portal(meta, record.fields)
        meta.pop("sample", None)  # built from the portal now, with its source named
    if record is not None and "dossier_count" not in meta:
        if not dossier_count:
            raise ImportRefused([Problem(origin, line, "dossier_count",
                                         "thủ tục mới cần số bộ hồ sơ, bản ghi của Cổng không có; ghi "
                                         "--dossier-count '01 bộ' theo quyết định công bố",
                                         field_title(PROCEDURE_FIELDS, "dossier_count"))])
        meta["dossier_count"] = dossier_count
    _add_decision(meta, record, row, old, decision, origin, line)
    if row and row.kind == "abolished":
        meta["status"] = "abolished"
    if old is not None and _canonical(meta, ignore="updated") == _canonical(_sorted_meta(old.meta), ignore="updated"):
        return None
    last = max((str(d.get("date")) for d in _decisions(meta)), default="")
    meta["updated"] = max(today.isoformat(), last)
    path = old.path if old else _target(meta, taken)
    return _change(old, path, meta, old.body if old else "")


def _draft_from_row(row: AnnexRow, decision: DecisionInfo, taken: set[str]) -> FileChange:
    """An annex row alone cannot make a record (no steps, dossier...): start a draft to fill
    from the portal's record; the decision is added when that record is imported."""
    if row.kind == "abolished":
        raise ImportRefused([Problem(row.origin, row.row, "Mã thủ tục",
                                     f"quyết định bãi bỏ thủ tục {row.code} nhưng ở đây chưa có tệp của "
                                     "thủ tục này, không có gì để ghi; bỏ dòng này")])
    meta = {"code": row.code, "name": row.name, "draft": True,
            "source": f"Phụ lục {decision.number} ngày {decision.date.isoformat()}"}
    if row.field:
        meta["field"] = row.field
    if row.level:
        meta["level"] = row.level
    return _change(None, _target(meta, taken), meta, "")


def _add_decision(meta: dict, record: PortalRecord | None, row: AnnexRow | None, old: _Existing | None,
                  decision: DecisionInfo, origin: str, line: int) -> None:
    """Record the announcing decision in ``meta`` once, in date order."""
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
                                         f"thủ tục chưa ghi quyết định {number}; ghi ngày của quyết định "
                                         "(--decision-date 2022-05-10)")])
        last = max((str(d.get("date")) for d in decisions), default="")
        if last and decision.date.isoformat() < last:
            raise ImportRefused([Problem(origin, line, "decision",
                                         f"quyết định {number} ngày {decision.date.isoformat()} ban hành trước "
                                         f"quyết định sau cùng của thủ tục ({last}); quyết định được thêm theo "
                                         "thứ tự thời gian, hãy sửa tay tệp thủ tục")])
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
                                     "thủ tục mới cần quyết định công bố: ghi --decision và --decision-date, "
                                     "hoặc nhập bản ghi có procedureProposal.proposalNumber")])


def _decisions(meta: dict) -> list[dict]:
    value = meta.get("announced")
    if isinstance(value, dict):
        return [dict(value)]
    return [dict(d) for d in value if isinstance(d, dict)] if isinstance(value, list) else []


def _merge_portal(meta: dict, imported: dict) -> None:
    """Portal fields over the record's; what editors added (notes, form files) kept."""
    # What an editor wrote is matched by text only: a list written there is no key.
    local_channels = {c.get("channel"): c for c in _list(meta.get("submission"))
                      if isinstance(c, dict) and isinstance(c.get("channel"), str)}
    local_items = {}
    for case_name, items in _local_dossiers(meta):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
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
        return [(c.get("name") if isinstance(c.get("name"), str) else None, _list(c.get("dossier")))
                for c in meta["cases"] if isinstance(c, dict)]
    return [(None, meta.get("dossier"))] if isinstance(meta.get("dossier"), list) else []


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _target(meta: dict, taken: set[str]) -> str:
    folder = _cut(slugify(meta.get("field") or "")) or "chua-phan-loai"
    name = _cut(slugify(meta.get("name") or ""))  # long official names: cut at a word
    path = f"{PROCEDURES_DIR}/{folder}/{name or slugify(meta['code'])}.md"
    if path in taken:
        path = f"{PROCEDURES_DIR}/{folder}/{name}-{slugify(meta['code'])}.md"
    return path


def _cut(slug: str) -> str:
    """A folder name of at most SLUG_LIMIT characters, cut at a word (a file name has 255 bytes)."""
    return slug if len(slug) <= SLUG_LIMIT else slug[:SLUG_LIMIT].rsplit("-", 1)[0]


def _sorted_meta(meta: dict) -> dict:
    order = {key: index for index, key in enumerate(KEY_ORDER)}
    result = {}
    for key in sorted(meta, key=lambda k: (order.get(k, len(order)), str(k))):
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
    """Write every planned file (UTF-8, LF), creating folders as needed: all of them or, when
    one cannot be written, none (raises ImportRefused naming it; every file is left as it was)."""
    try:
        write_all(root, [(c.path, c.new.encode("utf-8")) for c in changes], WRITABLE)
    except WriteRefused as refused:
        raise ImportRefused(refused.problems) from None


def read_inputs(paths: Sequence[Path]) -> tuple[list[PortalRecord], list[AnnexRow]]:
    """Read every input file (.json records, .xlsx annexes); raise ImportRefused on any problem."""
    records: list[PortalRecord] = []
    rows: list[AnnexRow] = []
    problems: list[Problem] = []
    for path in paths:
        display = str(path)
        if not path.is_file():
            problems.append(Problem(display, 1, "file", "không tìm thấy tệp; kiểm tra lại đường dẫn"))
        elif path.suffix.lower() == ".json":
            found, trouble = read_portal_json(path, display)
            records += found
            problems += trouble
        elif path.suffix.lower() == ".xlsx":
            found, trouble = read_annex(path, display)
            rows += found
            problems += trouble
        else:
            problems.append(Problem(display, 1, "file", "không phải bản ghi của Cổng (.json) hay phụ lục "
                                                        "quyết định (.xlsx); chỉ nhập hai loại tệp này"))
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
                                    f"đang ghi {number!r}; ghi số quyết định như '949/QĐ-UBND'"))
    day = None
    if when is not None:
        try:
            day = parse_day(when)
        except DateError as error:
            problems.append(Problem("--decision-date", 1, "decision", str(error)))
    if problems:
        raise ImportRefused(problems)
    return DecisionInfo(number, day, " ".join(nfc(issuer or "").split()))


