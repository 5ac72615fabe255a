"""Decap's local backend (decap-server, started by `cchc edit`) for the browser tests."""

from __future__ import annotations

import socket
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PROJECT = Path(__file__).resolve().parents[2]
from cchc_mkdocs.commands import edit  # the local backend the editors start (`cchc edit`)


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def local_backend(root: Path, port: int, log_path: Path) -> Iterator[None]:
    """decap-server writing under ``root`` on 127.0.0.1:``port``, listening within 30 s (else the
    test fails with its log); stopped on exit."""
    with open(log_path, "w", encoding="utf-8") as log:
        backend = edit.start_backend(root, port, log=log, project=PROJECT)
        try:
            deadline = time.monotonic() + 30
            while not listening(port):
                assert backend.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)
            yield
        finally:
            backend.terminate()
            backend.wait(timeout=10)
