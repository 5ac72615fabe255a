"""The rule every message an editor reads about content keeps: Vietnamese, in the shape
``tệp:dòng: trường: …``, the field named as the form labels it, with its key (``Tiêu đề (title)``).

``not_vietnamese(lines)`` gives each line that breaks it, with the reason; the checker's tests
run it on every message they make, so each broken example of the suite is checked for it."""

from __future__ import annotations

import re

from cchc.content.checker import field_title
from cchc.content.fields import BULLETIN_FIELDS, NEWS_FIELDS, PLAN_FIELDS, PROCEDURE_FIELDS
from cchc.problems import WHOLE_FILE

# English words no message may use; what the editor wrote (quoted) and paths are left out first.
ENGLISH = re.compile(r"\b(expected|found|unknown|missing|invalid|must|not|allowed|already|cannot|empty|"
                     r"should|please|the|is|are|or|and|of|add|remove|write|line|field|file|folder|twice|"
                     r"did you mean)\b", re.IGNORECASE)
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\S*/\S*")
LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+): (?P<field>[^:]+?): (?P<message>.+)$", re.DOTALL)
_NAMED = re.compile(r"^(?P<label>.+) \((?P<key>[^()]+)\)$")
_KINDS = (("content/news/", NEWS_FIELDS), ("content/bulletins/", BULLETIN_FIELDS),
          ("content/procedures/", PROCEDURE_FIELDS), ("content/plans/", PLAN_FIELDS))


def english_words(text: str, keys: frozenset[str] = frozenset()) -> list[str]:
    """The English words of ``text`` outside quotes and paths, but for the fields' ``keys``
    (a procedure's `field`, listed among the keys to write)."""
    return [word for word in ENGLISH.findall(_QUOTED.sub(" ", text)) if word not in keys]


def _keys(fields) -> frozenset[str]:
    return frozenset(key for f in fields for key in (f.name, *_keys(f.parts)))


def not_vietnamese(lines) -> list[str]:
    """Each of ``lines`` (problems or their text) that is not a Vietnamese ``tệp:dòng: trường: …``
    line naming its field by label and key, with why."""
    bad = []
    for line in map(str, lines):
        shape = LINE.match(line)
        if shape is None:
            bad.append(f"not in the shape tệp:dòng: trường: …: {line}")
            continue
        fields = next((f for prefix, f in _KINDS if shape["path"].startswith(prefix)), ())
        field, named = shape["field"], _NAMED.match(shape["field"])
        if field in WHOLE_FILE.values():
            pass
        elif named and named["label"] == field_title(fields, named["key"]) and named["label"]:
            pass
        elif named or field_title(fields, field):
            bad.append(f"the field is not named 'Nhãn (khoá)' as the form labels it: {line}")
            continue
        words = english_words(shape["message"], _keys(fields))
        if words:
            bad.append(f"English words {words}: {line}")
    return bad
