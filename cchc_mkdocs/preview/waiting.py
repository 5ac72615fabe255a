"""Pages a rebuild changed, waiting to be rendered: the page a request asks for is rendered at
once, and a worker thread renders the others, one at a time, letting a request or the next
rebuild in between (they share the build's lock: MkDocs' objects are not thread-safe)."""

from __future__ import annotations

import gc
import logging
import threading
import time
from typing import Callable, Iterator

log = logging.getLogger("mkdocs.cchc.preview")
# After a rebuild, the worker waits this long before rendering: the browser's reload asks for
# the page the editor looks at, and it goes first.
WORKER_GRACE_SECONDS = 0.3


class Waiting:
    """Output path -> what writes it (a page's render, the sitemap), until it is written."""

    def __init__(self, lock: threading.Lock) -> None:
        self.jobs: dict[str, Callable[[], None]] = {}
        self.lock = lock                  # held by whoever renders: a rebuild, a request, the worker
        self.closed = False
        self.running: str | None = None  # the path the worker is writing (set before it leaves jobs)
        self._wake = threading.Condition()

    def __len__(self) -> int:
        return len(self.jobs)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.jobs))

    def __contains__(self, path: str) -> bool:
        return path in self.jobs

    def add(self, path: str, job: Callable[[], None]) -> None:
        self.jobs[path] = job

    def discard(self, path: str) -> None:
        self.jobs.pop(path, None)

    def clear(self) -> None:
        """Forget every job (a rebuild finds again what changed since the pages written)."""
        self.jobs = {}

    def run(self, path: str) -> bool:
        """Write ``path`` now if it is waiting (a request asks for it), or wait while the worker
        writes it (a request must not read it half written); True if it was written here."""
        if path not in self.jobs and path != self.running:
            return False
        with self.lock:
            job = self.jobs.pop(path, None)
            if job is not None:
                job()
        return job is not None

    def run_all(self) -> None:
        """The worker: write every waiting path after each rebuild, until close()."""
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self.jobs or self.closed)
                self._wake.wait_for(lambda: self.closed, timeout=WORKER_GRACE_SECONDS)
                if self.closed:
                    return
            started, count = time.perf_counter(), 0
            while self.jobs and not self.closed:
                with self.lock:
                    path = next(iter(self.jobs), None)
                    self.running = path  # before it leaves jobs: run() sees it in one or the other
                    job = self.jobs.pop(path, None) if path is not None else None
                    try:
                        if job is not None:
                            job()
                            count += 1
                    finally:
                        self.running = None
                time.sleep(0.001)  # let a waiting request or rebuild take the lock
            if count:
                # The rebuild and these pages left garbage: collected now, while no one waits,
                # rather than by a collection in the middle of the next save's rebuild.
                gc.collect()
                log.info(f"bản xem trước: dựng thêm {count} trang trong {time.perf_counter() - started:.2f} giây")

    def wake(self) -> None:
        """Tell the worker a rebuild ended."""
        with self._wake:
            self._wake.notify_all()

    def close(self) -> None:
        with self._wake:
            self.closed = True
            self._wake.notify_all()
