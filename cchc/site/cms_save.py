"""An entry saved from the CMS changes only the lines of the fields the editor changed.

Decap writes the whole front matter again on every save, with its own YAML writer: a long value
is folded onto continuation lines at 80 columns and comments are dropped, so changing one field
of a procedure rewrote a dozen lines. The local editor's guard (cchc_mkdocs/edit_guard.py) passes
each saved text through ``keep_unchanged``: a field whose value did not change keeps its lines as
the file had them, a changed one-line text is written on one line, and the rest (the order of
the fields, the body) is Decap's.
"""

from __future__ import annotations

import re

import yaml

# A top-level key at the start of a line: where a field's lines begin.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: |$)")
_UNREADABLE = object()


def _split(text: str) -> tuple[str, str] | None:
    """(front matter, what follows its closing ---), or None when there is none."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    if end == -1 or text[end + 4: end + 5] not in ("", "\n"):
        return None
    return text[4: end + 1], text[end + 1:]


def _fields(front: str) -> list[tuple[str | None, str]]:
    """Each top-level field's key and lines (comment lines go with the field before them; those
    before the first field with None)."""
    fields: list[list] = []
    for line in front.splitlines(keepends=True):
        match = _KEY.match(line)
        if match:
            fields.append([match.group(1), line])
        elif fields:
            fields[-1][1] += line
        else:
            fields.append([None, line])
    return [(key, lines) for key, lines in fields]


def _value(lines: str) -> object:
    try:
        return yaml.safe_load(lines)
    except yaml.YAMLError:
        return _UNREADABLE


def _one_line(key: str, lines: str) -> str:
    """A text value folded over several lines, written on one; anything else as it is."""
    value = _value(lines)
    if not isinstance(value, dict) or not isinstance(value.get(key), str) or lines.count("\n") <= 1:
        return lines
    text = value[key]
    if "\n" in text:
        return lines
    written = yaml.safe_dump({key: text}, allow_unicode=True, width=float("inf"), sort_keys=False)
    return written if written.count("\n") == 1 and _value(written) == value else lines


def keep_unchanged(old: str, new: str) -> str:
    """``new`` (Decap's text of an entry) with the lines ``old`` (the file) had for each field
    whose value is the same; ``new`` itself when either has no readable front matter."""
    old_parts, new_parts = _split(old), _split(new)
    if old_parts is None or new_parts is None:
        return new
    before = {key: (lines, _value(lines)) for key, lines in _fields(old_parts[0]) if key is not None}
    kept = [lines for key, lines in _fields(old_parts[0]) if key is None]
    for key, lines in _fields(new_parts[0]):
        if key is None:
            continue
        value = _value(lines)
        if key in before and value is not _UNREADABLE and before[key][1] == value:
            kept.append(before[key][0] if before[key][0].endswith("\n") else before[key][0] + "\n")
        else:
            kept.append(_one_line(key, lines))
    return "---\n" + "".join(kept) + new_parts[1]
