"""Work done by a forked copy of the build's process, on the other core, while the build goes on.

A fork shares the loaded content with the build (its memory is copied only where one of the two
writes), so nothing has to be sent to it; what it makes comes back pickled through a pipe. Only
a process with no other thread is forked (a thread may hold a lock the copy would never see
released): `mkdocs build` is one; `mkdocs serve` and scripts/serve.py are not, and there, as
where the system cannot fork or the copy fails, the work is done in the process itself. The
result is the same either way (tests/test_forked.py).
"""

from __future__ import annotations

import gc
import os
import pickle
import threading
from typing import Callable, Generic, TypeVar

T = TypeVar("T")
# scripts/serve.py turns it off: the preview keeps what it makes between saves, in its process.
ENABLED = True


def may_fork() -> bool:
    """True where forking is allowed and safe: the system forks and this process runs one thread."""
    return ENABLED and hasattr(os, "fork") and threading.active_count() == 1


class Forked(Generic[T]):
    """``make()`` run in a forked copy of this process; ``result()`` waits for it and gives
    what it returned, or runs ``make()`` here if the copy could not be made or failed."""

    def __init__(self, make: Callable[[], T]):
        self.make = make
        self.pid: int | None = None
        self.stats: dict[str, float] = {}  # the copy's CPU seconds and its own memory (MB)
        if not may_fork():
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the copy: never returns
            os.close(read)
            _run_and_exit(make, write)
        os.close(write)
        self.pid, self.read = pid, read

    def result(self) -> T:
        if self.pid is None:
            return self.make()
        with os.fdopen(self.read, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if status != 0 or not data:
            return self.make()
        value, self.stats = pickle.loads(data)  # from our own fork: trusted
        return value


def _run_and_exit(make: Callable, write: int) -> None:
    status = 1
    try:
        # A short life: collecting would only touch (and so copy) the build's memory.
        gc.disable()
        value = make()
        import resource  # POSIX, as fork is
        usage = resource.getrusage(resource.RUSAGE_SELF)
        data = pickle.dumps((value, {"cpu": usage.ru_utime + usage.ru_stime, "own_mb": _own_memory_mb()}),
                            protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as stream:
            stream.write(data)
        status = 0
    except BaseException:  # noqa: BLE001 - the build makes it again itself
        pass
    finally:
        os._exit(status)  # no atexit handler, no buffer of the build's flushed twice


def _own_memory_mb() -> float:
    """Memory this copy does not share with the build (Linux /proc; 0 where unknown)."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
            return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_")) / 1024
    except (OSError, ValueError):
        return 0.0
