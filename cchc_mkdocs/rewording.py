"""Lines of MkDocs' loggers said again in Vietnamese: a logging filter that rewrites a record's
text in place, so that every handler (the terminal, the preview's notice, a strict build's count)
sees the new words. A line no subclass knows passes as it is."""

from __future__ import annotations

import logging
from typing import TypeVar

F = TypeVar("F", bound="Rewording")


class Rewording(logging.Filter):
    """Rewrites each record whose text ``reword`` knows."""

    def reword(self, text: str) -> str | None:
        """The record's text in Vietnamese, or None to leave it as it is."""
        raise NotImplementedError

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not fit its text: left to logging
            return True
        said = self.reword(text)
        if said is not None:
            record.msg, record.args = said, ()
        return True


def installed(logger_name: str, kind: type[F]) -> F:
    """The filter of ``kind`` on the logger, put there the first time it is asked for."""
    logger = logging.getLogger(logger_name)
    found = next((f for f in logger.filters if isinstance(f, kind)), None)
    if found is None:
        found = kind()
        logger.addFilter(found)
    return found
