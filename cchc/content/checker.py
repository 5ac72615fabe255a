"""The validation kit: one checker of a record's front matter for every kind of content.

Every problem is kept, none stops the others. Fields are named by their path, items counted
from 1 as editors count them: ``dossier[2].form`` is the ``form`` of the second dossier
component; a top-level field is named by its key. A draft may leave required parts empty; what
it does say is checked all the same. News posts and bulletin issues use the flat checks
(``unknown_fields``, ``plain_text``, ``date_in_year_folder``, ``topics``), procedures the
path-aware ones; every kind checks the files it names with ``file_beside`` (``unknown_keys``, ``text``, ``items``...); all read their draft flag with
``flag``, and the plan reader, which reads YAML nodes, shares the messages
(``unknown_message``, ``flag_message``). ``first_wins`` finds what a record repeats from an
earlier one (numbers, codes, URLs, spellings).

Messages are Vietnamese, for editors: what was found, then what to write instead. A problem
names its field as the CMS form labels it, with its key (``Tiêu đề (title)``): ``field_title``
takes the label from the kind's fields (cchc.content.fields), ``labelled`` adds it to problems
made outside a Checker (the reader's, the checks across records).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Callable, Collection, Hashable, Iterable, Iterator, Sequence, TypeVar

from ..dates import DateError, parse_day, parse_when
from ..problems import Problem, did_you_mean
from .fields import MARKUP, MAX_TEXT, Field
from .source import SourceDoc

if TYPE_CHECKING:  # the plan module uses this kit's messages
    from .plan import Plan

# The words for markup in a plain-text field, and for a missing "one line or a list".
HTML_MESSAGE = "có thẻ HTML, ở đây không được dùng; chỉ ghi chữ, bỏ các thẻ như <b>"
TEXTS = "một dòng chữ hoặc danh sách các dòng"
# A form label's note in brackets, left out where a message names the field.
_NOTE = re.compile(r"\s*\([^)]*\)$")


def unknown_message(key: str, allowed: Sequence[str], word: str = "trường") -> str:
    """What an editor reads about a key the contract does not know."""
    return (f"không có {word} {key!r}{did_you_mean(key, list(allowed))}; chỉ dùng các {word}: "
            f"{', '.join(allowed)}")


def field_title(fields: Sequence[Field], key: str) -> str:
    """The Vietnamese label of the field at ``key`` (``dossier[2].form``) as the form shows it,
    without the form's note in brackets ("Chuyên mục (chỉ tiêu của kế hoạch)" -> "Chuyên mục");
    empty when ``fields`` do not describe it."""
    found: Field | None = None
    level = fields
    for name in re.sub(r"\[[^\]]*\]", "", key).split("."):
        found = next((f for f in level if f.name == name), None)
        if found is None:
            return ""
        level = found.parts
    return _NOTE.sub("", found.label) if found else ""


def labelled(problems: Iterable[Problem], fields: Sequence[Field]) -> list[Problem]:
    """``problems`` with each field's Vietnamese label, where ``fields`` describe it."""
    return [p if p.label else replace(p, label=field_title(fields, p.field)) for p in problems]


T = TypeVar("T")


def first_wins(items: Iterable[T], key: Callable[[T], Hashable | None]) -> Iterator[tuple[T, T]]:
    """Each item whose key an earlier item already holds, with that earlier item: in the order
    given, the first one wins (an issue number, a procedure code, a page URL); None keys are skipped."""
    first: dict = {}
    for item in items:
        value = key(item)
        if value is None:
            continue
        held = first.setdefault(value, item)
        if held is not item:
            yield item, held


# A procedure's name or field, a topic's name or title: shown in feeds as a title, a category or
# a description, which some feed readers show as HTML, so written as text with no tag in it.
PLAIN_TEXT_MESSAGE = ("không dùng thẻ HTML ở đây (dấu < liền trước chữ cái): chữ này hiện trong nguồn "
                      "tin RSS, nơi phần mềm đọc tin có thể hiểu nó là HTML; viết chữ thường")


def flag_message(value: object, shown: Callable[[object], str] = repr, expected: str = "true hoặc false") -> str:
    return f"đang ghi {shown(value)}; ghi {expected}"


def field_label(path: tuple) -> str:
    """Field path as editors read it: ("dossier", 1, "form") -> "dossier[2].form"."""
    label = ""
    for part in path:
        label += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if label else part)
    return label


def as_written(doc: SourceDoc, path: tuple, value: object) -> object:
    # A national code unquoted is a YAML number (1.004510 -> 1.00451): take it as written.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return doc.written.get(path, str(value)).strip()
    return value


class Checker:
    """Validates one SourceDoc; every problem is kept, none stops the others."""

    def __init__(self, doc: SourceDoc, fields: Sequence[Field] = ()):
        self.doc = doc
        # The kind's fields: a problem names its field with their Vietnamese label.
        self.fields = fields
        self.problems: list[Problem] = []
        # A draft may leave required parts empty; what it does say is checked all the same.
        self.draft = False

    def add(self, path: tuple | str, message: str) -> None:
        """A problem at ``path`` (keys and 0-based indexes) or at a top-level field's key."""
        if isinstance(path, str):
            line, key = self.doc.line(path), path
        else:
            line, key = self.doc.line_at(*path), field_label(path)
        self.problems.append(Problem(self.doc.path, line, key, message, field_title(self.fields, key)))

    def unknown_keys(self, mapping: dict, path: tuple, allowed: Sequence[str]) -> None:
        for key in mapping:
            if key not in allowed:
                self.add(path + (str(key),), unknown_message(str(key), allowed))

    def unknown_fields(self, allowed: Sequence[str]) -> None:
        """Top-level fields the contract does not know, each on its key's line."""
        for key in self.doc.meta:
            if key not in allowed:
                self.add(key, unknown_message(key, allowed))

    def flag(self, key: str, shown: Callable[[object], str] = repr, expected: str = "true hoặc false",
             at: tuple | None = None) -> bool:
        """A true/false field, false when absent; anything else is a problem (and false)."""
        value = self.doc.meta.get(key, False)
        if isinstance(value, bool):
            return value
        self.add(at or key, flag_message(value, shown, expected))
        return False

    def plain_text(self, field: Field, required: bool = True) -> str:
        """A top-level field shown as plain text (lists, feeds, <title>): no markup, at most
        ``field.limit`` long."""
        key, limit = field.name, field.limit or MAX_TEXT
        value = self.doc.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(key, "còn trống; hãy ghi nội dung" if key in self.doc.meta else
                         f"chưa có; thêm dòng '{key}: ...' vào phần đầu tệp")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.add(key, f"đang ghi {describe(value)}; ghi một dòng chữ")
            return ""
        text = " ".join(str(value).split())
        if MARKUP.search(text):
            self.add(key, HTML_MESSAGE)
        if len(text) > limit:
            self.add(key, too_long(len(text), limit))
        return text

    def file_beside(self, at: tuple | str, value: object, types: tuple[str, ...], files: Collection[str], *,
                    expected: str, inside: str, not_found: Callable[[str], str] = lambda target: "",
                    shown: Callable[[object], str] = repr) -> str | None:
        """A file named in a field, beside the record (or below its folder): its content path, or
        None with the problem reported: not of ``types``, outside the folder, or not there."""
        if not isinstance(value, str) or not value.lower().endswith(types):
            self.add(at, f"đang ghi {shown(value)}; ghi {expected}")
            return None
        if ".." in PurePosixPath(value).parts or value.startswith("/") or "://" in value:
            self.add(at, f"đang ghi {value!r}, một tệp ở ngoài thư mục; ghi {inside}")
            return None
        target = PurePosixPath(self.doc.path).parent.joinpath(value).as_posix()
        if target not in files:
            self.add(at, f"không tìm thấy tệp {target}{not_found(target)}")
            return None
        return target

    def date_in_year_folder(self, folder_root: str, required: bool = True) -> tuple[datetime | None, int | None]:
        """The file's `date` (Vietnam time) and the plan year it belongs to; the date must fall in
        the year of the file's folder (``<folder_root>/<year>/``). When the date cannot be read,
        the folder's year still says which plan applies, so topic mistakes are reported too."""
        meta = self.doc.meta
        when = None
        if meta.get("date") in (None, "") and not required:
            pass
        elif "date" not in meta:
            self.add("date", "chưa có; thêm dòng như 'date: 2022-03-03'")
        else:
            try:
                when = parse_when(meta["date"])
            except DateError as error:
                self.add("date", str(error))
        folder_year = PurePosixPath(self.doc.path).parent.name
        if when is not None and folder_year.isdigit() and int(folder_year) != when.year:
            self.add("date", f"ngày {when.date()} thuộc năm {when.year} nhưng tệp nằm trong thư mục năm "
                              f"{folder_year}; chuyển tệp vào {folder_root}/{when.year}/ hoặc sửa lại ngày")
        year = when.year if when else (int(folder_year) if folder_year.isdigit() else None)
        return when, year

    def topics(self, value: object, plan: Plan | None, year: int | None, required: bool = True) -> tuple[str, ...]:
        """The `topics` ids, each checked against ``plan`` (the plan of ``year``, or the one standing
        in for it; None: not checked); a string may list them with commas."""
        if value is None or value == [] or value == "":
            if not required:
                return ()
            self.add("topics", "còn trống; ghi ít nhất một mã chủ đề của kế hoạch năm, "
                                "như 'topics: [II.2.3]'")
            return ()
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",")]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            self.add("topics", f"đang ghi {describe(value)}; ghi danh sách mã chủ đề, như [II.1, II.2.3]")
            return ()
        ids = [str(v).strip() for v in value]
        if year is None or plan is None:
            # No plan for the year and none before it: nothing to check the ids against (the build
            # says so once per year, cchc.content.plan_years.PlanYears.notes).
            return tuple(dict.fromkeys(ids))
        known = plan.topic_ids
        stand_in = f" (năm {year} chưa có kế hoạch)" if plan.year != year else ""
        for topic_id in ids:
            if topic_id not in known:
                self.add("topics", f"không có chủ đề {topic_id!r} trong kế hoạch {plan.year}{stand_in}"
                                    f"{did_you_mean(topic_id, known)}; ghi mã chủ đề của kế hoạch: "
                                    f"{', '.join(known)}")
        seen = set()
        for topic_id in ids:
            if topic_id in seen:
                self.add("topics", f"chủ đề {topic_id!r} được ghi hai lần; giữ một lần")
            seen.add(topic_id)
        return tuple(dict.fromkeys(ids))

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
            self.add(path, f"còn trống; ghi {hint}")
        elif len(path) == 1:
            self.add(path, f"chưa có; thêm dòng '{path[0]}: ...' ghi {hint}")
        else:
            self.add(path, f"chưa có; thêm '{path[-1]}: ...' ghi {hint}")

    def field_text(self, path: tuple, field: Field, required: bool | None = None) -> str:
        """A text field at ``path`` as ``field`` describes it: its length, whether it is needed
        (unless ``required`` says), its words for a missing value, no markup if it is plain."""
        text = self.text(path, field.required if required is None else required,
                         field.limit or MAX_TEXT, field.expected)
        if field.plain and MARKUP.search(text):
            self.add(path, PLAIN_TEXT_MESSAGE)
        return text

    def text(self, path: tuple, required: bool = True, limit: int = MAX_TEXT,
             hint: str = "nội dung") -> str:
        value = as_written(self.doc, path, self.value(path))
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(path, hint)
            return ""
        if not isinstance(value, str):
            self.add(path, f"đang ghi {describe(value)}; ghi {hint}")
            return ""
        text = " ".join(value.split())
        if len(text) > limit:
            self.add(path, too_long(len(text), limit))
        return text

    def texts(self, path: tuple, required: bool = True, hint: str = TEXTS) -> tuple[str, ...]:
        """Text, or a list of texts (one paragraph or list item each)."""
        value = self.value(path)
        if value is None or value == "" or value == []:
            if required:
                self.missing(path, hint)
            return ()
        if not isinstance(value, list):
            text = self.text(path, hint=hint)
            return (text,) if text else ()
        return tuple(t for index in range(len(value)) if (t := self.text(path + (index,), hint="một dòng chữ")))

    def items(self, path: tuple, hint: str, required: bool = True) -> list[int]:
        """Indexes of the entries of a list of 'key: value' groups; other entries are reported."""
        value = self.value(path)
        if value is None or value == []:
            if required:
                self.missing(path, hint)
            return []
        if not isinstance(value, list):
            self.add(path, f"đang ghi {describe(value)}; ghi {hint}")
            return []
        good = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                good.append(index)
            else:
                self.add(path + (index,), f"đang ghi {describe(entry)}; mục này cần các dòng 'khoá: giá trị'")
        return good

    def day(self, path: tuple, required: bool = True) -> date | None:
        value = self.value(path)
        if value is None or value == "":
            if required:
                self.missing(path, "ngày dạng 2022-03-03")
            return None
        try:
            return parse_day(value)
        except DateError as error:
            self.add(path, str(error))
            return None

    def problems_at(self, path: tuple) -> bool:
        """Whether a problem was already reported at ``path`` or inside it."""
        label = field_label(path)
        return any(p.field == label or p.field.startswith(label + ".") for p in self.problems)

    def count(self, path: tuple) -> int:
        value = self.value(path)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(path, f"đang ghi {describe(value)}; ghi số nguyên dương (1, 2...), hoặc bỏ "
                           f"'{path[-1]}' khi không có")
            return 0
        return value


def describe(value: object) -> str:
    """What an editor wrote, in words: "chữ 'abc'", "số 3", "một danh sách"."""
    if isinstance(value, dict):
        return "các dòng 'khoá: giá trị'"
    if isinstance(value, list):
        return "một danh sách"
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, bool):
        kind = "giá trị đúng/sai"
    elif isinstance(value, (int, float)):
        kind = "số"
    else:
        kind = "chữ" if isinstance(value, str) else "giá trị"
    return f"{kind} {value!r}"


def too_long(length: int, limit: int) -> str:
    """What an editor reads about a text longer than its field's limit."""
    return f"dài {length} ký tự, quá giới hạn {limit} ký tự; hãy viết ngắn lại"
