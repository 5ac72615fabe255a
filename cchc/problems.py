"""Problems found in content: one shape for every message an editor reads."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one file: where it is, which field, and what to do about it."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentError(Exception):
    """Raised when content has problems; carries every problem found in the run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def did_you_mean(found: str, choices: list[str]) -> str:
    """A " (did you mean 'x'?)" hint for a near miss, or an empty string."""
    close = difflib.get_close_matches(found, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
