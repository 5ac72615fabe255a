"""Writing files whose path comes from data or from a user: the one place that does it.

Two rules for every such writer (the importer, ``cchc new``, publishing's own files):

- a destination is refused when it, or any folder between the writer's root and it, is a
  symlink, when it lies outside the folder the writer may write (``..``, an absolute path), and
  when it is a folder or a read-only file;
- all or nothing: every file is first written to a temporary file beside its destination, and
  only when all are ready are they swapped in (rename(2)); a failure on the way removes the
  temporary files and the folders made for them, so every file is left as it was.

Messages are Vietnamese, for the editor or admin who runs the command.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Sequence

from .problems import Problem

FIELD = "đích ghi"


class WriteRefused(Exception):
    """Nothing was written (or everything was put back); ``problems`` say why, one per path."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def destination_problem(root: Path, rel: str, within: str) -> str | None:
    """Why ``root/rel`` may not be written, in Vietnamese, or None when it may.

    ``rel`` must lie below ``root/within``; neither it nor any folder on the way from ``root``
    may be a symlink; what exists on the way must be folders, and the destination itself, when it
    exists, a regular file that may be written."""
    path = PurePosixPath(rel)
    inside = PurePosixPath(within).parts
    if (not rel or path.is_absolute() or ".." in path.parts or "\x00" in rel
            or path.parts[:len(inside)] != inside or len(path.parts) <= len(inside)):
        return f"nằm ngoài thư mục {within}/, nơi duy nhất được ghi; không ghi"
    here = root
    for depth, part in enumerate(path.parts, start=1):
        here = here / part
        shown = PurePosixPath(*path.parts[:depth]).as_posix()
        try:
            info = os.lstat(here)
        except FileNotFoundError:
            return None  # the rest is made by the writer
        except OSError as error:
            return f"không xem được {shown} ({error.strerror}); không ghi"
        last = depth == len(path.parts)
        if stat.S_ISLNK(info.st_mode):
            where = "là" if last else f"đi qua {shown}, là"
            return (f"{where} một liên kết tượng trưng (symlink) tới {os.readlink(here)!r}; không ghi qua "
                    f"liên kết: xóa liên kết đó rồi chạy lại")
        if not last and not stat.S_ISDIR(info.st_mode):
            return f"{shown} không phải là thư mục; không ghi"
        if last and stat.S_ISDIR(info.st_mode):
            return "là một thư mục, không phải tệp; đổi tên hoặc dời thư mục đó rồi chạy lại"
        if last and not stat.S_ISREG(info.st_mode):
            return "không phải là tệp thường; không ghi"
        if last and not os.access(here, os.W_OK):
            return "là tệp chỉ đọc; cho phép ghi tệp đó rồi chạy lại"
    return None


@dataclass
class _Pending:
    rel: str
    target: Path
    temporary: Path
    old: bytes | None  # the bytes it had, to put back if a later swap fails


def write_all(root: Path, files: Sequence[tuple[str, bytes]], within: str, *,
              overwrite: bool = True) -> list[Path]:
    """Write every ``(rel, data)`` under ``root`` all at once, or none; raise WriteRefused.

    ``within`` is the folder (relative to ``root``) the writer may write; with ``overwrite``
    false an existing file is refused too. Returns the folders made, outermost first (a
    caller that takes the files back removes them)."""
    problems = []
    for rel, _ in files:
        reason = destination_problem(root, rel, within)
        if reason is None and not overwrite and os.path.lexists(root / rel):
            reason = "đã có; không bao giờ ghi đè"
        if reason:
            problems.append(Problem(rel, 1, FIELD, reason))
    if len({rel for rel, _ in files}) != len(files):
        problems.append(Problem(files[0][0], 1, FIELD, "cùng một tệp được ghi hai lần; không ghi"))
    if problems:
        raise WriteRefused(problems)
    made: list[Path] = []
    pending: list[_Pending] = []
    try:
        for number, (rel, data) in enumerate(files):
            target = root / rel
            for folder in reversed(target.parents):
                if folder.is_dir():
                    continue
                folder.mkdir()  # one level at a time: below root never through a link (checked above)
                made.append(folder)
            old = target.read_bytes() if overwrite and target.exists() else None
            mode = stat.S_IMODE(os.lstat(target).st_mode) if old is not None else None
            temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}-{number}")
            pending.append(_Pending(rel, target, temporary, old))
            _write_new(temporary, data, mode)
    except OSError as error:
        _discard(pending, made)
        raise WriteRefused([Problem(pending[-1].rel if pending else files[0][0], 1, FIELD,
                                    f"không ghi được ({error.strerror or error}); chưa ghi tệp nào")]) from None
    swapped: list[_Pending] = []
    try:
        for item in pending:
            reason = destination_problem(root, item.rel, within)  # again: it may have changed meanwhile
            if reason:
                raise WriteRefused([Problem(item.rel, 1, FIELD, reason + "; chưa ghi tệp nào")])
            if overwrite:
                os.replace(item.temporary, item.target)
            else:
                os.link(item.temporary, item.target)  # fails if the name appeared meanwhile
                os.unlink(item.temporary)
            swapped.append(item)
    except (OSError, WriteRefused) as error:
        _put_back(swapped)
        _discard(pending, made)
        if isinstance(error, WriteRefused):
            raise
        raise WriteRefused([Problem(item.rel, 1, FIELD, f"không ghi được ({error.strerror or error}); "
                                                         "các tệp đã được giữ như cũ")]) from None
    return made


def _write_new(path: Path, data: bytes, mode: int | None = None) -> None:
    """Create ``path`` (never an existing name, never through a link) holding ``data``; with
    ``mode`` (the permissions of the file it replaces), exactly those."""
    if os.path.lexists(path):
        os.unlink(path)  # left by a run that was killed
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        os.close(fd)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole through a temporary file renamed over it (a link at ``path`` is
    replaced, never followed)."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    _write_new(temporary, data)
    try:
        os.replace(temporary, path)
    except OSError:
        os.unlink(temporary)
        raise


def _put_back(swapped: list[_Pending]) -> None:
    for item in reversed(swapped):
        try:
            if item.old is None:
                os.unlink(item.target)
            else:
                replace_file(item.target, item.old)
        except OSError:
            pass  # best effort: the message says the run failed


def _discard(pending: list[_Pending], made: list[Path]) -> None:
    for item in pending:
        try:
            if os.path.lexists(item.temporary):
                os.unlink(item.temporary)
        except OSError:
            pass
    for folder in reversed(made):
        try:
            folder.rmdir()
        except OSError:
            pass
