"""A path-aware checker of one record's front matter: every problem is kept, none stops the others.

Fields are named by their path, items counted from 1 as editors count them:
``dossier[2].form`` is the ``form`` of the second dossier component. A draft may leave required
parts empty; what it does say is checked all the same.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from ..dates import DateError, parse_day
from ..problems import Problem, did_you_mean
from .source import SourceDoc

MAX_TEXT = 3000


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

    def __init__(self, doc: SourceDoc):
        self.doc = doc
        self.problems: list[Problem] = []
        # A draft may leave required parts empty; what it does say is checked all the same.
        self.draft = False

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line_at(*path), field_label(path), message))

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
        value = as_written(self.doc, path, self.value(path))
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.missing(path, hint)
            return ""
        if not isinstance(value, str):
            self.add(path, f"expected {hint}, found {describe(value)}")
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
            self.add(path, f"expected {hint}, found {describe(value)}")
            return []
        good = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                good.append(index)
            else:
                self.add(path + (index,), f"expected 'key: value' lines for this entry, found {describe(entry)}")
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
        label = field_label(path)
        return any(p.field == label or p.field.startswith(label + ".") for p in self.problems)

    def count(self, path: tuple) -> int:
        value = self.value(path)
        if value is None:
            return 0
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.add(path, f"expected a positive whole number (1, 2...), or leave '{path[-1]}' out "
                           f"for none, found {describe(value)}")
            return 0
        return value


def describe(value: object) -> str:
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
