"""Problems found in content: one shape for every message an editor reads."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field as dataclass_field

# What a problem names when it is about the file as a whole, not one of its fields.
WHOLE_FILE = {
    "front matter": "Phần đầu tệp (front matter)",
    "file": "Tệp",
    "encoding": "Bảng mã của tệp",
    "plan": "Kế hoạch",
    "body": "Nội dung",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: where it is, which field, and what to do about it.

    ``field`` is the field's key (``dossier[2].form``); ``label`` is its Vietnamese name as the
    form shows it, when the kind's field description knows it: the message then names the field
    as ``Tiêu đề (title)``."""

    path: str
    line: int
    field: str
    message: str
    label: str = dataclass_field(default="", compare=False)

    @property
    def field_name(self) -> str:
        """The field as an editor reads it: ``Tiêu đề (title)``, or the key alone."""
        if self.label:
            return f"{self.label} ({self.field})"
        return WHOLE_FILE.get(self.field, self.field)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field_name}: {self.message}"


class ContentError(Exception):
    """Raised when content has problems; carries every problem found in the run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(found: str, choices: list[str]) -> str:
    """A " (có phải là 'x'?)" hint for a near miss, or an empty string."""
    close = difflib.get_close_matches(found, choices, n=1, cutoff=0.6)
    return f" (có phải là {close[0]!r}?)" if close else ""
