"""Decap's local backend as `cchc edit` starts it (decap-server behind the guard), for the browser tests."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PROJECT = Path(__file__).resolve().parents[2]
from cchc_mkdocs.commands import edit  # the local backend the editors start (`cchc edit`)


@contextmanager
def local_backend(root: Path, port: int, log_path: Path, origin: str) -> Iterator[edit.LocalBackend]:
    """decap-server writing under ``root``, reached through the guard on 127.0.0.1:``port`` from
    the page at ``origin`` only; its log in ``log_path``; stopped on exit."""
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            with edit.LocalBackend(root, port, origin, log=log, project=PROJECT) as backend:
                yield backend
        except edit.BackendError as error:
            log.flush()
            raise AssertionError(f"{error}\n{log_path.read_text(encoding='utf-8')}") from None
