"""The documents register: one record checked, the rules across records, the folder loaded.

A record is checked field by field as ``cchc.content.fields.DOCUMENT_FIELDS`` describes it. Across
records: a number is used once per issuer (per year, for an administrative number, which starts
again every year); ``replaced_by`` and ``amended_by`` name documents of the register, never the
document itself nor one that leads back to it; each document's status is then set as of the day
of the build. Messages are Vietnamese, in the one shape ``path:line: field: …``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Mapping, Sequence

from ..dates import DateError, parse_when
from ..problems import Problem, did_you_mean
from . import source
from .checker import Checker, first_wins
from .documents import (DOCUMENTS_DIR, FILE_TYPES, NUMBER, NUMBER_EXAMPLE, TYPES, Document,
                        status_on)
from .fields import DOCUMENT_FIELDS, SLUG, names
from .plan import Plan
from .plan_years import PlanYears
from .source import SourceDoc

ALLOWED_KEYS = names(DOCUMENT_FIELDS)
_FIELD = {f.name: f for f in DOCUMENT_FIELDS}
_RECORD_PATH = re.compile(r"^content/documents/\d{4}/[^/]+\.md$")


def _number(check: Checker, key: str, required: bool) -> str:
    text = check.field_text((key,), _FIELD[key], required)
    if text and not NUMBER.match(text):
        check.add(key, f"số ký hiệu {text!r} không đúng dạng; viết như {NUMBER_EXAMPLE} (chữ hoa, "
                       "số và ký hiệu cách nhau bằng dấu /)")
        return ""
    return text


def check_document(doc: SourceDoc, plans: dict[int, Plan],
                   file_sizes: Mapping[str, int]) -> tuple[Document | None, list[Problem]]:
    """Validate one document's front matter; ``file_sizes`` maps the files under
    content/documents to their sizes in bytes."""
    check = Checker(doc)
    meta = doc.meta
    check.unknown_fields(ALLOWED_KEYS)
    draft = check.draft = check.flag("draft")
    need = {f.name: f.required_in(draft) for f in DOCUMENT_FIELDS}
    if not SLUG.match(PurePosixPath(doc.path).stem):
        check.add("number", f"tên tệp {PurePosixPath(doc.path).name!r} là địa chỉ trang của văn bản: "
                            "dùng chữ thường không dấu, số, nối bằng dấu gạch ngang, như 34-kh-ubnd.md")
    number = _number(check, "number", need["number"])
    kind = _type(check, meta.get("type"), need["type"])
    issuer = check.plain_text(_FIELD["issuer"], need["issuer"])
    signer = check.plain_text(_FIELD["signer"], False)
    subject = check.plain_text(_FIELD["subject"], need["subject"])
    signed, effective, expires, posted = _dates(check, need["date"])
    year = signed.year if signed else None
    broken = year in getattr(plans, "broken", ())
    plan = PlanYears(plans).reference(year) if year and not broken else None
    topics = check.topics(meta.get("topics"), plan, year, required=False)
    file, origin, no_file = _copy(check, file_sizes, draft)
    replaced_by = _number(check, "replaced_by", False) or None
    amended_by = tuple(n for n in check.texts(("amended_by",), False) if _is_number(check, n))
    if check.problems:
        return None, check.problems
    return Document(
        doc.path, number, kind, issuer, signed, subject, signer, effective, expires, topics, file,
        file_sizes[file] if file else 0, origin, no_file, replaced_by, amended_by, posted, doc.body, draft,
        doc.line("number"), doc.line("replaced_by"), doc.line("amended_by")), []


def _type(check: Checker, kind: object, required: bool) -> str:
    if kind in (None, ""):
        if required:
            check.add("type", f"thiếu loại văn bản; ghi một trong: {', '.join(TYPES)}")
        return ""
    if kind not in TYPES:
        check.add("type", f"loại văn bản {kind!r} không có trong danh sách{_vi(did_you_mean(str(kind), list(TYPES)))}; "
                          f"ghi một trong: {', '.join(TYPES)}")
        return ""
    return kind


def _dates(check: Checker, required: bool) -> tuple[date | None, date | None, date | None, datetime | None]:
    """Signed (in its year's folder), effective, expires and posted, each checked against the others."""
    meta = check.doc.meta
    when, _ = check.date_in_year_folder(DOCUMENTS_DIR, required)
    signed = when.date() if when else None
    effective = check.day(("effective",), False)
    expires = check.day(("expires",), False)
    start = effective or signed
    if expires and start and expires <= start:
        check.add("expires", f"ngày hết hiệu lực {expires.isoformat()} không sau ngày có hiệu lực "
                             f"{start.isoformat()}; sửa một trong hai ngày")
    posted = None
    if meta.get("posted") not in (None, ""):
        try:
            posted = parse_when(meta["posted"])
        except DateError as error:
            check.add("posted", str(error))
        if posted and signed and posted.date() < signed:
            check.add("posted", f"ngày đăng {posted.date().isoformat()} trước ngày ban hành "
                                f"{signed.isoformat()}; văn bản chỉ được đăng sau khi ký")
    return signed, effective, expires, posted


def _copy(check: Checker, file_sizes: Mapping[str, int], draft: bool) -> tuple[str | None, str, bool]:
    """The document's file beside it, its official address, or no_file: one of them to publish."""
    meta = check.doc.meta
    file = None
    if meta.get("file") not in (None, ""):
        file = check.file_beside("file", meta["file"], FILE_TYPES, file_sizes,
                                 expected=f"a file name ending in {', '.join(FILE_TYPES)}",
                                 inside="a file in the document's folder",
                                 not_found=lambda target: f"; đặt tệp vào {PurePosixPath(target).parent}/ "
                                                          "cùng thư mục với văn bản, hoặc sửa tên tệp")
        if file and file_sizes[file] == 0:
            check.add("file", f"tệp {file} rỗng (0 byte); xuất lại tệp văn bản")
    origin = ""
    if meta.get("source") not in (None, ""):
        origin = check.field_text(("source",), _FIELD["source"], False)
        if origin and not _FIELD["source"].rule.match(origin):
            check.add("source", f"cần địa chỉ trang bắt đầu bằng https://, như https://vanban.chinhphu.vn/...; "
                                f"đang ghi {origin!r}")
            origin = ""
    no_file = check.flag("no_file")
    if no_file and (meta.get("file") or meta.get("source")):
        check.add("no_file", "văn bản đã có tệp (file) hoặc nơi đăng chính thức (source): xoá dòng "
                             "'no_file: true'")
    elif not draft and not no_file and not meta.get("file") and not meta.get("source"):
        check.add("file", "thiếu tệp văn bản; ghi 'file:' (tệp .pdf, .docx cùng thư mục), 'source:' (địa "
                          "chỉ nơi đăng chính thức), hoặc 'no_file: true' khi Sở chưa có bản điện tử")
    return file, origin, no_file


def _vi(hint: str) -> str:
    """did_you_mean's " (did you mean 'x'?)" in Vietnamese."""
    return hint.replace(" (did you mean ", " (có phải là ", 1)


def _is_number(check: Checker, text: str) -> bool:
    if NUMBER.match(text):
        return True
    check.add("amended_by", f"số ký hiệu {text!r} không đúng dạng; viết như {NUMBER_EXAMPLE}")
    return False


def resolve(number: str, near: Document, documents: Sequence[Document]) -> Document | None:
    """The document of the register a reference by ``number`` in ``near`` means: one with that
    number; among several (an administrative number of several years or issuers), the one of the
    same issuer signed nearest on or after ``near``, else the nearest after it."""
    found = [d for d in documents if d.number == number and d.source != near.source]
    if len(found) <= 1:
        return found[0] if found else None
    later = [d for d in found if d.date >= near.date] or found
    same = [d for d in later if d.identity[0] == near.identity[0]] or later
    return min(same, key=lambda d: (d.date, d.source))


def register_problems(documents: Sequence[Document]) -> list[Problem]:
    """The rules across records: numbers unique per issuer, references that lead somewhere."""
    problems = [Problem(doc.source, doc.number_line, "number",
                        f"số ký hiệu {doc.number} của {doc.issuer} đã có ở {other.source}; mỗi văn bản "
                        "một số ký hiệu (cùng cơ quan ban hành, cùng năm): sửa số, hoặc xoá tệp trùng")
                for doc, other in first_wins(sorted(documents, key=lambda d: d.source), key=lambda d: d.identity)]
    for doc in documents:
        if doc.replaced_by:
            target = resolve(doc.replaced_by, doc, documents)
            if doc.replaced_by == doc.number and target is None:
                problems.append(Problem(doc.source, doc.replaced_by_line, "replaced_by",
                                        f"văn bản không thể thay thế chính nó ({doc.number}); ghi số "
                                        "ký hiệu của văn bản thay thế, hoặc xoá dòng này"))
            elif target is None:
                problems.append(Problem(doc.source, doc.replaced_by_line, "replaced_by",
                                        f"không có văn bản số {doc.replaced_by} trong sổ văn bản "
                                        f"({DOCUMENTS_DIR}/){_vi(did_you_mean(doc.replaced_by, [d.number for d in documents if d.number != doc.number]))}; "
                                        "thêm văn bản thay thế vào sổ trước, hoặc sửa số ký hiệu"))
            elif target.date < doc.date:
                problems.append(Problem(doc.source, doc.replaced_by_line, "replaced_by",
                                        f"văn bản {target.number} ký ngày {target.date.isoformat()}, trước "
                                        f"văn bản này ({doc.date.isoformat()}): văn bản thay thế phải ban "
                                        "hành sau; kiểm tra lại số ký hiệu"))
        for number in doc.amended_by:
            if resolve(number, doc, documents) is None:
                problems.append(Problem(doc.source, doc.amended_by_line, "amended_by",
                                        f"không có văn bản số {number} trong sổ văn bản ({DOCUMENTS_DIR}/); "
                                        "thêm văn bản sửa đổi vào sổ trước, hoặc sửa số ký hiệu"))
    problems += _loops(documents)
    return problems


def _loops(documents: Sequence[Document]) -> list[Problem]:
    """A replacement chain that comes back to where it started (A by B, B by A), once per loop."""
    problems, reported = [], set()
    for start in sorted(documents, key=lambda d: d.source):
        chain, doc = [start], start
        # A document naming itself is reported as such (register_problems), not as a loop.
        while doc.replaced_by and doc.replaced_by != doc.number:
            doc = resolve(doc.replaced_by, doc, documents)
            if doc is None:
                break
            if doc in chain:
                loop = chain[chain.index(doc):]
                key = frozenset(d.source for d in loop)
                if key not in reported:
                    reported.add(key)
                    first = min(loop, key=lambda d: d.source)
                    path = " → ".join(d.number for d in [*loop, loop[0]])
                    problems.append(Problem(first.source, first.replaced_by_line, "replaced_by",
                                            f"vòng thay thế: {path}; một văn bản không thể được thay thế "
                                            "bởi văn bản mà chính nó thay thế: sửa hoặc xoá một dòng "
                                            "replaced_by"))
                break
            chain.append(doc)
    return problems


def with_status(documents: Sequence[Document], day: date) -> list[Document]:
    """Each document with the records replacing and amending it and its status on ``day``."""
    out = []
    for doc in documents:
        replacement = resolve(doc.replaced_by, doc, documents) if doc.replaced_by else None
        amendments = tuple(a for n in doc.amended_by if (a := resolve(n, doc, documents)) is not None)
        out.append(replace(doc, replacement=replacement.source if replacement else None,
                           amendments=tuple(a.source for a in amendments),
                           status=status_on(doc, day, replacement, amendments)))
    return out


def load_documents(root: Path, files: list[str], plans: dict[int, Plan], build_time: datetime,
                   read: source.Reader = source.read) -> tuple[list[Document], list[Problem]]:
    """Read every document among ``files`` (paths under content/documents), with ``read``.

    Returns every document read (drafts and those posted later included: the caller holds
    them back and sets the status of the others, ``with_status``), newest first; and every problem.
    """
    file_sizes = {rel: (root / rel).stat().st_size for rel in files}
    records, problems = source.triage(
        files, _RECORD_PATH, FILE_TYPES, "không phải văn bản (.md) hay tệp của văn bản",
        f"văn bản phải nằm ở {DOCUMENTS_DIR}/<năm>/<tên>.md, như {DOCUMENTS_DIR}/2022/34-kh-ubnd.md")
    documents, found = source.each_checked(root, records, read,
                                           lambda doc: check_document(doc, plans, file_sizes))
    problems += found
    problems += register_problems(documents)
    documents.sort(key=lambda d: (d.date or date.min, d.number, d.source), reverse=True)
    return documents, problems
