"""Search indexed as the site is written: the search part of each finished page (its fields and
marked article, sliced from the page) goes to Pagefind's own Python API
(``pagefind.index.PagefindIndex.add_html_file``), whose service indexes it in its own process,
on the other core, while the build renders the next pages; ``write`` writes the bundle.

No temporary copy of the pages, nothing rebuilt from what the theme would print: the index is
the one Pagefind's command line makes from the finished site, each page's record the same
(tests/test_search_index.py). The service runs in an event loop on a thread of its own; ``add``
hands pages over and never waits.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import threading
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

from pagefind.index import PagefindIndex
from pagefind.service import PagefindService

from . import _CHUNK_SIZE_VARIABLE, BUNDLE_DIR, INDEX_CHUNK_SIZE, LANGUAGE, IndexReport, SearchIndexError

# What overrides/main.html writes on the article: a page without it is not indexed (Pagefind
# leaves such pages out of the bundle itself).
BODY_MARK = " data-pagefind-body"
_ARTICLE_END = "</article>"
# Pages handed to the service's thread at a time: a hand-over per page made the two threads
# take turns at Python's lock, 1 ms a page in the build.
BATCH = 64
_FIELD = re.compile(r"<meta\b[^>]*\bdata-pagefind-meta=[^>]*>")


def indexed_part(page: str) -> str | None:
    """What Pagefind reads of a finished page: the search fields in its head and the article
    marked for search (the language is forced); None for a page without the mark. Pagefind
    makes the same record from it as from the whole page (tests/test_search_index.py), and
    encoding a page for its service costs the build by the character."""
    mark = page.find(BODY_MARK)
    if mark < 0:
        return None
    head = page[:page.find("</head>", 0, mark)]
    article = page[page.rfind("<", 0, mark):page.rfind(_ARTICLE_END) + len(_ARTICLE_END)]
    return f'<html lang="{LANGUAGE}"><head>{"".join(_FIELD.findall(head))}</head><body>{article}</body></html>'


class _Service(PagefindService):
    """Pagefind's service with each answer read as soon as it comes: the API's own reader
    sleeps 0.1 s before reading each one (ten pages a second: 426 s for a 4,000-post site), and
    cannot read an answer over 2 MB (the bundle, from ``get_files``)."""

    async def _wait_for_responses(self) -> None:
        pieces: list[bytes] = []  # of an answer not read whole yet
        try:
            while chunk := await self._backend.stdout.read(1 << 16):
                *ends, rest = chunk.split(b",")  # an answer is base64, then a comma
                for end in ends:
                    self._answer(json.loads(base64.b64decode(b"".join(pieces) + end)))
                    pieces.clear()
                pieces.append(rest)
            raise EOFError("its output ended")
        except (EOFError, ValueError) as error:  # the service ended or garbled its answer
            for waiting in self._responses.values():
                if not waiting.done():
                    waiting.set_exception(SearchIndexError(f"search: Pagefind's service stopped ({error})"))
            self._responses.clear()

    def _answer(self, answer: dict) -> None:
        waiting = self._responses.pop(answer.get("message_id"), None)
        payload = answer.get("payload") or {}
        if waiting is None:
            return
        if payload.get("type") == "Error":
            waiting.set_exception(SearchIndexError(f"search: Pagefind: {payload.get('message')}"))
        else:
            waiting.set_result(payload)

    async def stop(self) -> None:
        """End the service once it has written what it was writing: it writes files in the
        background after answering, so it is told there is no more to do (its input is closed)
        and left to exit, not stopped at once as the API's ``close`` does (a bundle file was
        found empty once that way)."""
        for waiting in self._responses.values():
            waiting.cancel()
        self._responses.clear()
        self._poll_task.cancel()
        self._backend.stdin.close()
        try:
            await asyncio.wait_for(self._backend.wait(), timeout=60)
        except asyncio.TimeoutError:
            self._backend.kill()
            await self._backend.wait()


class SiteIndex:
    """One build's search index: ``add`` each written page, then ``write`` (or ``discard``)."""

    def __init__(self, site_dir: Path, *, chunk_size: int | None = INDEX_CHUNK_SIZE):
        self.bundle = Path(site_dir) / BUNDLE_DIR
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind", daemon=True)
        self.thread.start()
        self.batch: list[tuple[str, str]] = []  # pages not handed to the loop's thread yet
        self.added: list[Future] = []
        self.pages = 0
        self.service: _Service | None = None
        try:
            self.index: PagefindIndex = self._run(self._open(chunk_size))
        except BaseException:
            self.discard()
            raise

    def add(self, dest_uri: str, html: str) -> None:
        """Hand a written page to Pagefind (a page without the search mark is left out)."""
        part = indexed_part(html)
        if part is not None:
            self.batch.append((dest_uri, part))
            self.pages += 1
        if len(self.batch) >= BATCH:
            self._send()

    def write(self) -> IndexReport:
        """Wait for Pagefind to index every page added, write the bundle and stop the service.
        Raises SearchIndexError if Pagefind failed."""
        try:
            self._send()
            for added in self.added:
                added.result()
            # The bundle's files come back in an answer and are written here: Pagefind's own
            # write_files left a file empty now and then (1 build in 8), its writes still under
            # way when the service ended.
            files = self._run(self.index.get_files())
        finally:
            self.discard()
        shutil.rmtree(self.bundle, ignore_errors=True)
        for file in files:
            target = self.bundle.joinpath(*PurePosixPath(file["path"]).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file["content"])
        return IndexReport(pages=self.pages, bundle=self.bundle)

    def discard(self) -> None:
        """Stop the service and the loop (a failed build, or done)."""
        if self.service is not None:
            service, self.service = self.service, None
            self._run(service.stop())
        if self.loop.is_running():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join()
        self.loop.close()

    def _send(self) -> None:
        if self.batch:
            self.added.append(asyncio.run_coroutine_threadsafe(self._add(self.batch), self.loop))
            self.batch = []

    async def _add(self, batch: list[tuple[str, str]]) -> None:
        # Sent in order without waiting for each answer: the service reads them in turn and
        # numbers the pages as they come.
        await asyncio.gather(*(self.index.add_html_file(content=part, source_path=dest_uri)
                               for dest_uri, part in batch))

    def _run(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def _open(self, chunk_size: int | None) -> PagefindIndex:
        # The service is Pagefind's binary, started with this process's environment: the index
        # chunk size (cchc.search.INDEX_CHUNK_SIZE) is set there while it starts.
        before = os.environ.pop(_CHUNK_SIZE_VARIABLE, None)
        if chunk_size:
            os.environ[_CHUNK_SIZE_VARIABLE] = str(chunk_size)
        try:
            self.service = await _Service().launch()
        except OSError as error:
            raise SearchIndexError(f"search: could not start Pagefind ({error}); "
                                   "install the project again with `pip install -e .`") from None
        finally:
            os.environ.pop(_CHUNK_SIZE_VARIABLE, None)
            if before is not None:
                os.environ[_CHUNK_SIZE_VARIABLE] = before
        return await self.service.create_index({"force_language": LANGUAGE})
