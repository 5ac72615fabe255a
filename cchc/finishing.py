"""Finishing each page's content, in the build's process or in a second one beside it.

A page's content, once rendered from Markdown, is finished in three steps: an editor's page
goes through the HTML allow-list (cchc.sanitize), what search skips is marked
(cchc.search.searchable_part) and the page's search fields are made; with search indexed beside
the build, the part Pagefind reads is written for it too (cchc.search.beside).
``finish_page`` does all of it for one page, wherever it runs.

None of it depends on another page or on MkDocs, and MkDocs renders no template before every
page's content is made: so a ``Finisher`` hands the pages, as MkDocs makes them, to a process
of its own (``python -m cchc.finishing``) on the second core, and the hooks put the finished
content in place before the first template is rendered (on_env). Until then a page holds the
content as Markdown made it, which nothing prints. Whatever the process did not give back (it
failed, or was never started) is finished in the build's process, the same way: the output is
the same either way (tests/test_finishing.py).
"""

from __future__ import annotations

import collections
import os
import pickle
import queue
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .sanitize import sanitize_html
from .search import page_search_fields, searchable_part
from .search.beside import article_heading, write_indexed_page

# A site of fewer pages is finished in the build's process: starting a second one (about
# 0.1 s of the other core) would cost more than it saves.
BESIDE_FROM = 500
# Pages sent to the process at a time: enough to keep pipe writes few, few enough that the
# process starts early and the last batch is short.
BATCH = 32
# ... or fewer, once their content reaches this many characters: a listing page can be 1 to 4 MB
# of HTML, and 32 of them made messages of tens of MB, copied on both sides (measured at 4,000
# posts, with the build's core busy: the process peaked at 83 MB, the build 29 MB above its
# usual peak).
BATCH_CHARS = 64 * 1024
# The Python that runs the process (tests give one that fails).
PYTHON = sys.executable


@dataclass(frozen=True)
class PageRequest:
    """What finishing one page needs: its content HTML as Markdown made it, and the rest of the
    page's inputs (plain values, so that they can go to another process)."""

    dest_uri: str
    html: str
    sanitize: bool          # an editor's page: through the allow-list
    tail: str               # HTML our templates made, appended after the allow-list
    words: int | None       # searchable_part's word budget
    blocks: int | None      # and its block budget
    title: str | None
    site_name: str
    indexed: bool           # marked for search (not `search: {exclude: true}`)


@dataclass(frozen=True)
class FinishedPage:
    """A page's final content HTML, its search fields and the heading Material writes before
    the content in the article (what search indexes of it with the content)."""

    html: str
    fields: list[tuple[str, str]]
    heading: str


def finish_page(request: PageRequest, index_folder: Path | None = None) -> FinishedPage:
    """Finish one page; with ``index_folder``, also write what Pagefind indexes of it there."""
    html = sanitize_html(request.html) + request.tail if request.sanitize else request.html
    part = searchable_part(html, request.words, blocks=request.blocks)
    fields = page_search_fields(request.title, part)
    heading = article_heading(request.title, part.html, request.site_name)
    if index_folder is not None and request.indexed:
        write_indexed_page(index_folder, request.dest_uri, heading, part.html, fields)
    return FinishedPage(part.html, fields, heading)


class Finisher:
    """Pages finished in a process beside the build: ``submit`` each, ``take`` what is done
    now and then; at the end, ``close`` gives back the pages never sent (for the caller to
    finish meanwhile), ``wait`` waits for the process and ``take`` gives the rest.

    Two threads move the messages (length first, then the pickle) on the process's stdin and
    stdout, so that ``submit`` never waits for the process, nor the process for ``take``.
    """

    def __init__(self, index_folder: Path | None):
        self.batch: list[PageRequest] = []
        self.batch_chars = 0
        self.unsent: collections.deque[list[PageRequest]] = collections.deque()
        self.ready = threading.Condition()
        self.closed = False
        self.inbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self.stats: dict[str, float] = {}
        package_parent = str(Path(__file__).resolve().parent.parent)
        environ = dict(os.environ, PYTHONPATH=os.pathsep.join(
            filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
        # What it prints goes to a file: the build says in one line if it failed, no traceback.
        self.errors = tempfile.TemporaryFile("w+b")
        try:
            self.process = subprocess.Popen([PYTHON, "-m", "cchc.finishing", str(index_folder or "")],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors,
                                            env=environ)
        except OSError:
            self.errors.close()
            raise
        self.threads = [threading.Thread(target=self._send, daemon=True),
                        threading.Thread(target=self._receive, daemon=True)]
        for thread in self.threads:
            thread.start()

    def submit(self, request: PageRequest) -> None:
        self.batch.append(request)
        self.batch_chars += len(request.html)
        if len(self.batch) >= BATCH or self.batch_chars >= BATCH_CHARS:
            with self.ready:
                self.unsent.append(self.batch)
                self.ready.notify()
            self.batch, self.batch_chars = [], 0

    def take(self) -> Iterator[list[tuple[str, FinishedPage]]]:
        """The pages finished since the last call, by dest path, a batch at a time and without
        waiting: each put in place before the next is read, a page's content is held once,
        not twice."""
        while not self.inbox.empty():
            # The process is our own child, started from this file: its pickles are trusted.
            message = pickle.loads(self.inbox.get())
            if isinstance(message, dict):
                self.stats = message
            else:
                yield message

    def close(self) -> list[PageRequest]:
        """No more pages: the ones not sent to the process yet, for the caller to finish (while
        the process finishes what it has)."""
        with self.ready:
            unsent = [request for batch in self.unsent for request in batch] + self.batch
            self.unsent.clear()
            self.batch, self.batch_chars = [], 0
            self.closed = True
            self.ready.notify()
        return unsent

    def wait(self) -> str | None:
        """After ``close``: wait for the process to end; ``take`` then gives the pages not taken
        yet. A page sent and never returned is for the caller to finish (``finish_page``).
        Returns None, or why the process failed, in one line."""
        for thread in self.threads:
            thread.join()
        self.process.wait()
        self.errors.seek(0)
        printed = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        self.errors.close()
        if self.process.returncode == 0:
            return None
        return f"exit code {self.process.returncode}" + (f": {printed[-1]}" if printed else "")

    def discard(self) -> None:
        """Stop the process (a failed build)."""
        self.close()
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.errors.close()

    def _send(self) -> None:
        try:
            while True:
                with self.ready:
                    while not self.unsent and not self.closed:
                        self.ready.wait()
                    if not self.unsent:
                        break
                    batch = self.unsent.popleft()
                _write_message(self.process.stdin, pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # the process is gone: take() gives what it did
            pass
        finally:
            try:
                self.process.stdin.close()
            except OSError:
                pass

    def _receive(self) -> None:
        try:
            while (message := _read_message(self.process.stdout)) is not None:
                self.inbox.put(message)
        except Exception:  # noqa: BLE001 - whatever went wrong, wait() must not wait for it
            self.process.kill()


def _write_message(stream, message: bytes) -> None:
    stream.write(struct.pack("<Q", len(message)))
    stream.write(message)
    stream.flush()


def _read_message(stream) -> bytes | None:
    """The next message, or None at the end of the stream."""
    head = stream.read(8)
    if not head:
        return None
    size, = struct.unpack("<Q", head)
    message = stream.read(size)
    if len(message) != size:
        raise EOFError("the stream ended inside a message")
    return message


def _peak_memory_mb() -> float | None:
    """This process's peak resident memory, from Linux's /proc (getrusage would count the
    build's memory at the moment this process was started)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _serve(index_folder: Path | None) -> None:
    """The process's side: finish each batch read from stdin, write the pages back on stdout;
    at the end of input, the CPU seconds it spent and its peak memory."""
    started = time.process_time()
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while (message := _read_message(source)) is not None:
        batch = pickle.loads(message)
        _write_message(sink, pickle.dumps([(r.dest_uri, finish_page(r, index_folder)) for r in batch],
                                          protocol=pickle.HIGHEST_PROTOCOL))
    _write_message(sink, pickle.dumps({"cpu": time.process_time() - started, "maxrss_mb": _peak_memory_mb()}))


if __name__ == "__main__":
    # Pickled as cchc.finishing's classes, not __main__'s, for the build to read them back.
    from cchc.finishing import _serve as serve
    serve(Path(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else None)
