"""Finishing each page's content, in the build's process or in a worker process beside it.

A page's content, once rendered from Markdown, is finished in three steps: an editor's page
goes through the HTML allow-list (cchc.sanitize), what search skips is marked
(cchc.search.searchable_part) and the page's search fields are made. ``finish_page`` does it
for one page, wherever it runs.

None of it depends on another page or on MkDocs, and MkDocs renders no template before every
page's content is made: so on a large site a ``Finisher`` hands the pages, in batches, to a
worker process (``concurrent.futures``) on the second core while MkDocs renders Markdown, and
the caller puts each finished page in place before the first template is rendered. What the
worker has not started by then, or failed to finish, is finished in the build's process, the
same way: the output is the same either way (tests/test_finishing.py).
"""

from __future__ import annotations

import collections
import multiprocessing
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterator

from .sanitize import sanitize_html
from .search import page_search_fields, searchable_part

# A site of fewer pages is finished in the build's process: starting a worker (about 0.1 s of
# the other core) would cost more than it saves.
BESIDE_FROM = 500
# Pages sent to the worker at a time, or fewer once their content reaches BATCH_CHARS: a
# listing page can be 1 to 4 MB of HTML, and 32 of them made messages of tens of MB, copied
# on both sides (at 4,000 posts with the build's core busy: the worker peaked at 83 MB).
BATCH = 32
BATCH_CHARS = 64 * 1024


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


@dataclass(frozen=True)
class FinishedPage:
    """A page's final content HTML and its search fields."""

    html: str
    fields: list[tuple[str, str]]


def finish_page(request: PageRequest) -> FinishedPage:
    """Finish one page's content."""
    html = sanitize_html(request.html) + request.tail if request.sanitize else request.html
    part = searchable_part(html, request.words, blocks=request.blocks)
    return FinishedPage(part.html, page_search_fields(request.title, part))


def finish_batch(batch: list[PageRequest]) -> list[tuple[str, FinishedPage]]:
    """Finish a batch of pages: each by its dest path."""
    return [(request.dest_uri, finish_page(request)) for request in batch]


class Finisher:
    """Pages finished by a worker process: ``submit`` each, ``take`` what is done now and then;
    ``close`` at the end gives everything not taken yet, finishing here what the worker has not
    started (while it finishes what it has) and what it failed to finish."""

    def __init__(self):
        # A fresh interpreter, not a fork of the build (its threads, its memory).
        self.executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self.batch: list[PageRequest] = []
        self.chars = 0
        self.sent: collections.deque[tuple[list[PageRequest], Future]] = collections.deque()
        self.failed: BaseException | None = None  # why the worker failed, if it did

    def submit(self, request: PageRequest) -> None:
        self.batch.append(request)
        self.chars += len(request.html)
        if len(self.batch) >= BATCH or self.chars >= BATCH_CHARS:
            try:
                future = self.executor.submit(finish_batch, self.batch)
            except BrokenExecutor as error:  # the worker is gone: the batch is finished here
                future = Future()
                future.set_exception(error)
            self.sent.append((self.batch, future))
            self.batch, self.chars = [], 0

    def take(self) -> Iterator[tuple[str, FinishedPage]]:
        """The pages finished since the last call, in the order sent, without waiting."""
        while self.sent and self.sent[0][1].done():
            yield from self._result(*self.sent.popleft())

    def close(self) -> list[tuple[str, FinishedPage]]:
        """Every page not taken yet: the batches the worker has not started are finished here
        (while it finishes what it has), then the worker's are waited for."""
        here, started = [], []
        for batch, future in self.sent:
            if future.cancel():
                here += finish_batch(batch)
            else:
                started.append((batch, future))
        here += finish_batch(self.batch)
        self.sent.clear()
        self.batch = []
        for batch, future in started:
            here += self._result(batch, future)
        self.executor.shutdown()
        return here

    def discard(self) -> None:
        """Stop the worker (a failed build)."""
        self.executor.shutdown(wait=False, cancel_futures=True)

    def _result(self, batch: list[PageRequest], future: Future) -> list[tuple[str, FinishedPage]]:
        try:
            return future.result()
        except Exception as error:  # noqa: BLE001 - the worker died or failed: finished here instead
            self.failed = self.failed or error
            return finish_batch(batch)
