"""Search indexed as the site is built, with Pagefind's own Python API
(``pagefind.index.PagefindIndex.add_html_file``) and no temporary copy of the pages.

Pagefind reads a page's search fields, its article marked for search, and its path. All three
are known once the page's content is finished, before any template is rendered: the article is
Material's content partial, which prints the page's title as a heading when the content has
none, then the content (``article_heading``). So the build (``BuildIndex``) collects each page
then, and once every page's content is made, a process of its own indexes them with Pagefind's
service (``SiteIndex``) while the build renders the templates on its core. Nothing is taken on
trust: each written page's article is compared with what was given for it (``check``); if one
differs, the written pages are indexed again, with a note saying why. The records equal those
Pagefind's command line makes from the finished site (tests/test_search_index.py).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import threading
from concurrent.futures import Future
from pathlib import Path, PurePosixPath

from markupsafe import escape
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
# Pages sent to the indexing process at a time (BuildIndex).
SENT_AT_ONCE = 256
_FIELD = re.compile(r"<meta\b[^>]*\bdata-pagefind-meta=[^>]*>")


def article_heading(title: str | None, content: str, site_name: str) -> str:
    """What Material's content partial writes before a page's content in the article: the title
    as a heading if the content has none. (Its tags, actions, source-file, feedback and comments
    partials print nothing for this site's configuration; ``check`` would notice if they did.)"""
    return "" if "<h1" in content else f"<h1>{title or site_name}</h1>"


def finished_part(heading: str, content: str, fields: list[tuple[str, str]]) -> str:
    """What Pagefind reads of a page, made from its finished content: its fields as
    overrides/main.html prints them, and the article."""
    metas = "".join(f'<meta name="cchc-{field}" data-pagefind-meta="{field}[content]" content="{escape(value)}">'
                    for field, value in fields)
    return (f'<html lang="{LANGUAGE}"><head>{metas}</head><body><article{BODY_MARK}>{heading}{content}'
            f'{_ARTICLE_END}</body></html>')


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
                    waiting.set_exception(SearchIndexError(f"tìm kiếm: dịch vụ Pagefind đã dừng ({error})"))
            self._responses.clear()

    def _answer(self, answer: dict) -> None:
        waiting = self._responses.pop(answer.get("message_id"), None)
        payload = answer.get("payload") or {}
        if waiting is None:
            return
        if payload.get("type") == "Error":
            waiting.set_exception(SearchIndexError(f"tìm kiếm: Pagefind báo lỗi: {payload.get('message')}"))
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
    """A search index made in this process: ``add`` each page (or ``add_part`` what Pagefind
    reads of it), then ``write`` (or ``discard``)."""

    def __init__(self, site_dir: Path, *, chunk_size: int | None = INDEX_CHUNK_SIZE):
        self.bundle = Path(site_dir) / BUNDLE_DIR
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind", daemon=True)
        self.thread.start()
        self.batch: list[tuple[str, str]] = []  # pages not handed to the loop's thread yet
        self.added: list[Future] = []
        # dest path -> (heading, content) sent for the page, or None: not indexed (add_finished).
        # The content is the page's own string, which MkDocs keeps anyway: nothing is copied.
        self.expected: dict[str, tuple[str, str] | None] = {}
        self.redo: str | None = None  # why the index must be made from the written pages
        self.written: list[str] = []  # pages written with the search mark (check)
        self.bundled: Future | None = None  # the bundle made and written (all_added)
        # Pages given to add_finished, sent to Pagefind by all_added: while the build makes
        # pages' content, its core and the second one (finishing pages) are busy.
        self.finished: list[tuple[str, str, str, list[tuple[str, str]]]] = []
        self.chunk_size = chunk_size
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
            self.add_part(dest_uri, part)

    def add_part(self, dest_uri: str, part: str) -> None:
        """Hand Pagefind what it reads of a page (``finished_part``, ``indexed_part``)."""
        self.batch.append((dest_uri, part))
        self.pages += 1
        if len(self.batch) >= BATCH:
            self._send()

    def write(self) -> IndexReport:
        """Wait for Pagefind to index every page added and write the bundle, then stop the
        service. Raises SearchIndexError if Pagefind failed."""
        try:
            self._send()
            self._run(self._bundle(list(self.added)))
        finally:
            self.discard()
        return IndexReport(pages=self.pages, bundle=self.bundle)

    async def _bundle(self, added: list[Future]) -> None:
        for future in added:
            await asyncio.wrap_future(future)
        # The bundle's files come back in an answer and are written here: Pagefind's own
        # write_files left a file empty now and then (1 build in 8), its writes still under
        # way when the service ended.
        files = await self.index.get_files()
        shutil.rmtree(self.bundle, ignore_errors=True)
        for file in files:
            target = self.bundle.joinpath(*PurePosixPath(file["path"]).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file["content"])

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
            # At a lower priority, so that the build keeps its core when Pagefind's threads want both.
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, self.service._backend.pid, 10)
        except OSError as error:
            raise SearchIndexError(f"tìm kiếm: không chạy được Pagefind ({error}); "
                                   "cài lại dự án bằng `pip install -e .`") from None
        finally:
            os.environ.pop(_CHUNK_SIZE_VARIABLE, None)
            if before is not None:
                os.environ[_CHUNK_SIZE_VARIABLE] = before
        return await self.service.create_index({"force_language": LANGUAGE})


# The index of the indexing process (BuildIndex): made by its first task, given pages a batch
# at a time, written by its last task. Only that process has one.
_INDEXING: SiteIndex | None = None


def _index_batch(site_dir: str, chunk_size: int | None, pages: list[tuple[str, str, str, list]]) -> None:
    global _INDEXING
    if _INDEXING is None:
        _INDEXING = SiteIndex(Path(site_dir), chunk_size=chunk_size)
    for dest_uri, heading, content, fields in pages:
        _INDEXING.add_part(dest_uri, finished_part(heading, content, fields))


def _write_index(site_dir: str, chunk_size: int | None) -> int:
    _index_batch(site_dir, chunk_size, [])  # a site with no page to index still gets its bundle
    return _INDEXING.write().pages


class BuildIndex:
    """One build's search index, made in a process of its own beside the build: ``add_finished``
    each page as its content is finished, ``all_added`` once every page is (Pagefind then
    indexes while the templates are rendered), ``check`` each page as written, ``write`` at the
    end (or ``discard``). Encoding pages for Pagefind's service, reading its answers and writing
    its bundle cost about 1.5 s of CPU at 4,000 posts: in the build's process they were taken
    from rendering pages."""

    def __init__(self, site_dir: Path, *, chunk_size: int | None = INDEX_CHUNK_SIZE):
        self.site_dir = Path(site_dir)
        self.chunk_size = chunk_size
        # dest path -> (heading, content) given for the page, or None: not indexed. The content
        # is the page's own string, which MkDocs keeps anyway: nothing is copied.
        self.expected: dict[str, tuple[str, str] | None] = {}
        self.finished: list[tuple[str, str, str, list[tuple[str, str]]]] = []
        self.written: list[str] = []  # pages written with the search mark (check)
        self.redo: str | None = None  # why the index must be made from the written pages
        # dest path -> its place among the pages (expect): Pagefind numbers pages in the order it
        # gets them, and pages come back from finishing in an order that depends on timing.
        self.order: dict[str, int] = {}
        self.pool = None
        self.results: list = []  # of the indexing process's tasks, the last one's the page count

    def expect(self, dest_uri: str) -> None:
        """A page is being made: it takes the next place in the index."""
        self.order.setdefault(dest_uri, len(self.order))

    def add_finished(self, dest_uri: str, heading: str, content: str | None,
                     fields: list[tuple[str, str]]) -> None:
        """A page whose content is finished: the heading Material writes before it, the content
        (None: the page is not indexed) and its search fields."""
        self.expected[dest_uri] = None if content is None else (heading, content)
        if content is not None:
            self.finished.append((dest_uri, heading, content, fields))

    def all_added(self) -> None:
        """Every page's content is finished: the indexing process starts on them. They go a
        batch at a time (each pickled only when the last is sent), in the order they were added,
        which is the order Pagefind numbers them in."""
        if self.pool is None:
            # A fresh interpreter, not a fork of the build (its threads, its memory).
            self.finished.sort(key=lambda page: self.order.get(page[0], len(self.order)))
            self.pool = multiprocessing.get_context("spawn").Pool(1)
            where = (str(self.site_dir), self.chunk_size)
            self.results = [self.pool.apply_async(_index_batch, (*where, self.finished[start:start + SENT_AT_ONCE]))
                            for start in range(0, len(self.finished), SENT_AT_ONCE)]
            self.results.append(self.pool.apply_async(_write_index, where))
            self.finished = []

    def check(self, dest_uri: str, page: str) -> None:
        """Compare a written page's article with what was given for it: the same heading and
        content, whitespace around them aside."""
        start = page.find(BODY_MARK + ">")
        if start >= 0:
            self.written.append(dest_uri)
        if self.redo:
            return
        expected = self.expected.get(dest_uri, False)
        if expected is False or (start < 0) != (expected is None):
            self.redo = f"{dest_uri}: dấu tìm kiếm của trang đã ghi khác với trang đã lập chỉ mục"
        elif start >= 0:
            body = page[start + len(BODY_MARK) + 1:page.rfind(_ARTICLE_END)]
            heading, content = expected
            at = body.find(content) if content else len(body.rstrip())
            if at < 0 or body[:at].split() != heading.split() or body[at + len(content):].strip():
                self.redo = f"{dest_uri}: trang đã ghi khác với nội dung đã lập chỉ mục cho nó"

    def write(self) -> IndexReport:
        """Wait for the index; if a written page differed from what was indexed, index the
        written pages again (with a note why). Raises SearchIndexError if Pagefind failed."""
        self.all_added()
        try:
            pages = [result.get() for result in self.results][-1]
        except SearchIndexError:
            raise
        except Exception as error:  # the process died, or could not start
            raise SearchIndexError(f"tìm kiếm: tiến trình lập chỉ mục không thành công ({error!r})") from None
        finally:
            self.discard()
        if not self.redo:
            return IndexReport(pages=pages, bundle=self.site_dir / BUNDLE_DIR)
        again = SiteIndex(self.site_dir, chunk_size=self.chunk_size)
        for dest_uri in sorted(self.written):
            again.add(dest_uri, (self.site_dir / dest_uri).read_text(encoding="utf-8"))
        report = again.write()
        return IndexReport(pages=report.pages, bundle=report.bundle, redone=self.redo)

    def discard(self) -> None:
        """Stop the indexing process (a failed build, or done)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.terminate()
            pool.join()
