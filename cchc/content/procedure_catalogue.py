"""The procedures as a catalogue: rules across records, the status on a given day, and loading.

``check_catalogue`` finds duplicate codes, unknown or unpublished replacements, loops and
abolished ends of replacement chains, and one field spelt two ways; ``as_of`` applies the
decisions in force on a day; ``load_procedures`` reads the whole folder and checks each record.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence

from ..problems import Problem
from ..text import fold, sort_key
from . import source
from .checker import first_wins, labelled
from .fields import PROCEDURE_FIELDS
from .procedure_check import check_procedure, declared_code
from .procedures import ATTACHMENT_TYPES, PROCEDURES_DIR, Procedure, base_code, status_after
from .source import SourceDoc

def check_catalogue(procedures: Sequence[Procedure],
                    codes: Iterable[tuple[str, str, int]] | None = None) -> list[Problem]:
    """Problems across records: duplicate codes, unknown replacements, one field spelt two ways.

    ``codes`` lists (code, path, line) of every record with a well-formed code, valid or not, so
    a mistake in one record does not also report its code as missing elsewhere; by default the
    codes of ``procedures``.
    """
    if codes is None:
        codes = [(p.code, p.source, p.code_line) for p in procedures]
    codes = sorted(codes, key=lambda c: (c[1], c[2]))
    problems: list[Problem] = []
    for (code, path, line), other in first_wins(codes, key=lambda c: base_code(c[0])):
        same = "đã dùng" if other[0] == code else f"là cùng thủ tục với {other[0]!r}"
        problems.append(Problem(path, line, "code", f"mã {code!r} {same} ở {other[1]}:{other[2]}; "
                                                    "mỗi thủ tục chỉ giữ một tệp"))
    first = {base_code(code) for code, _, _ in codes}
    drafts = {p.base_code: p for p in procedures if p.draft and p.code}
    for procedure in procedures:
        if procedure.replaced_by and base_code(procedure.replaced_by) not in first:
            problems.append(Problem(procedure.source, procedure.replaced_by_line, "replaced_by",
                                    f"không có thủ tục nào mang mã {procedure.replaced_by!r}; thêm tệp "
                                    "của thủ tục mới hoặc sửa lại mã"))
        elif procedure.replaced_by and not procedure.draft and base_code(procedure.replaced_by) in drafts:
            problems.append(Problem(procedure.source, procedure.replaced_by_line, "replaced_by",
                                    f"thủ tục {procedure.replaced_by!r} là bản nháp "
                                    f"({drafts[base_code(procedure.replaced_by)].source}) nên trang của nó "
                                    "chưa được đăng; hãy đăng thủ tục đó trước (bỏ dòng 'draft: true')"))
    problems += _replacement_chains(procedures)
    # Published records set the spelling a draft must follow; a draft's empty field is no spelling.
    spelt = sorted((p for p in procedures if p.field), key=lambda p: (p.draft, p.source))
    for procedure, other in first_wins(spelt, key=lambda p: fold(p.field)):
        if other.field != procedure.field:
            problems.append(Problem(procedure.source, procedure.field_line, "field",
                                    f"{procedure.field!r} được viết là {other.field!r} ở {other.source}; "
                                    "viết lĩnh vực giống hệt nhau ở mọi thủ tục"))
    return labelled(problems, PROCEDURE_FIELDS)


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
                                            f"các thủ tục thay thế nhau thành vòng ({loop}); thủ tục "
                                            "cuối của chuỗi thay thế phải là thủ tục đang áp dụng"))
                break
            chain.append(following)
            if following.status == "abolished":
                path = " -> ".join(p.code for p in chain)
                problems.append(Problem(start.source, start.replaced_by_line, "replaced_by",
                                        f"thủ tục thay thế {following.code} đã bị bãi bỏ ({path}); "
                                        "ghi mã của thủ tục đang áp dụng thay cho thủ tục này"))
                break
    return problems


def as_of(procedures: Sequence[Procedure], day: date) -> list[Procedure]:
    """Each procedure as it stands on ``day``: decisions dated later are ``upcoming``, not yet in
    force, and the status follows the decisions in force (an abolition dated 2030 leaves the
    procedure in force until then; once abolished, only a restoring decision brings it back)."""
    current = []
    for procedure in procedures:
        upcoming = tuple(d for d in procedure.decisions if d.date > day)
        if not upcoming:
            current.append(procedure)
            continue
        decisions = tuple(d for d in procedure.decisions if d.date <= day)
        current.append(replace(procedure, decisions=decisions, upcoming=upcoming, status=status_after(decisions)))
    return current


def load_procedures(root: Path, read: source.Reader = source.read) -> tuple[list[Procedure], list[str], list[Problem]]:
    """Read every record under ``root/content/procedures``: procedures sorted by name (drafts
    too, with ``draft`` set: the caller holds them back), the files published beside them, and
    every problem found. Each record is read with ``read`` (a cache's, cchc.content.cache)."""
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
            doc, found = read(root, rel)
            problems += found
            if doc is not None and not found:
                docs.append(doc)
        elif not rel.lower().endswith(ATTACHMENT_TYPES):
            problems.append(Problem(rel, 1, "file", f"không phải thủ tục (.md) hay tệp đăng kèm thủ tục "
                                    f"({', '.join(ATTACHMENT_TYPES)}); đổi tên hoặc xoá tệp"))
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
    return procedures, assets, sorted(labelled(problems, PROCEDURE_FIELDS))
