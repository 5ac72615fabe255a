"""Search indexing beside the build: Pagefind indexes while MkDocs renders the templates.

Of a page, Pagefind reads only what search needs: the element marked ``data-pagefind-body``
(the article), the ``data-pagefind-meta`` fields in its head, and its path (the language is
forced). All three are known once the page's content is made, in MkDocs' first pass over the
pages, before any template is rendered: the article is Material's content partial, which for
our pages prints the page's title as a heading when the content has none, then the content.
So each page's indexed parts go into a small HTML file at the page's path in a temporary folder,
and when the last page's content is made Pagefind starts over that folder, in its own process:
it indexes on the second core while MkDocs renders templates on the first, and the build waits
for it only at the end (dev/benchmark.md has the figures).

The index must be the one the finished pages give, so nothing is taken on trust: each rendered
page's article is compared with what was indexed for it (whitespace aside), and if a page
differs, was not seen, or Pagefind failed, the finished site is indexed again the usual way
(``index_site``), with a note saying why. tests/test_search_beside.py checks that the bundle
equals the one Pagefind writes from the finished site.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path, PurePosixPath

from markupsafe import escape

from . import (BUNDLE_DIR, INDEX_CHUNK_SIZE, LANGUAGE, IndexReport, index_site, indexed_pages,
               pagefind_environment)

# What overrides/main.html writes at the end of the article's start tag, and closes it with.
BODY_MARK = " data-pagefind-body>"
_ARTICLE_END = "</article>"


def article_heading(title: str | None, content: str, site_name: str) -> str:
    """What Material's content partial writes before a page's content in the article: the
    title as a heading if the content has none. (Its tags, actions, source-file, feedback and
    comments partials print nothing for this site's configuration; ``check`` would notice if
    they did.)"""
    return "" if "<h1" in content else f"<h1>{title or site_name}</h1>"


# Where the small pages go: in memory where the system has a folder there, since they are many
# (a folder each) and written and read once. Pagefind numbers pages in the order it finds the
# files, so the bundle's bytes depend on the folder's file system (the same pages, found in
# another order, are numbered otherwise); the tests set a folder beside the site to compare.
IN_MEMORY = Path("/dev/shm")


_PREFIX = "cchc-search-"


def _folder() -> Path:
    in_memory = IN_MEMORY.is_dir() and os.access(IN_MEMORY, os.W_OK | os.X_OK)
    parent = IN_MEMORY if in_memory else Path(tempfile.gettempdir())
    _remove_orphans(parent)
    # The build's process id in the name: a folder whose build is gone can be told (_remove_orphans).
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=parent))


def _remove_orphans(parent: Path) -> None:
    """Remove the folders of builds that were killed (SIGKILL, out of memory: no atexit ran).
    In memory they would stay until the machine restarts, and publishing builds every minute."""
    try:
        names = [entry.name for entry in os.scandir(parent) if entry.name.startswith(_PREFIX)]
    except OSError:
        return
    for name in names:
        pid = name[len(_PREFIX):].partition("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(parent / name, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True


def _inside(dest_uri: str) -> bool:
    path = PurePosixPath(dest_uri)
    return bool(path.parts) and not path.is_absolute() and ".." not in path.parts


def write_indexed_page(folder: Path, dest_uri: str, heading: str, content: str,
                       fields: list[tuple[str, str]]) -> None:
    """Write into ``folder``, at the page's path, the small page Pagefind indexes for it: its
    language, search fields and article. A path that leaves the folder is not written (the
    build's IndexBeside.add gives up on indexing beside the build for it)."""
    if not _inside(dest_uri):
        return
    metas = "".join(f'<meta name="cchc-{field}" data-pagefind-meta="{field}[content]" '
                    f'content="{escape(value)}">' for field, value in fields)
    target = folder.joinpath(*PurePosixPath(dest_uri).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8") as file:
        file.write(f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8">{metas}'
                   f'</head><body><article{BODY_MARK}{heading}{content}{_ARTICLE_END}</body></html>')


class IndexBeside:
    """One build's search index, made beside it; ``add`` each page, ``start`` when all are
    added, ``check`` each rendered page, ``finish`` after the build."""

    def __init__(self, site_dir: Path, *, chunk_size: int | None = INDEX_CHUNK_SIZE,
                 python: str = sys.executable):
        self.site_dir = Path(site_dir)
        self.chunk_size = chunk_size
        self.python = python
        self.folder = _folder()
        # dest path → (heading, content) indexed, or None: not indexed. The content is the
        # page's own string, which MkDocs keeps anyway: nothing is copied.
        self.expected: dict[str, tuple[str, str] | None] = {}
        self.process: subprocess.Popen | None = None
        self.log = None
        self.redo: str | None = None  # why the finished site must be indexed again
        atexit.register(self.discard)  # an interrupted build leaves no folder in memory behind

    def add(self, dest_uri: str, heading: str, content: str | None, fields: list[tuple[str, str]], *,
            written: bool = False) -> None:
        """A page's indexed parts: the heading Material writes before its content, its content
        (None: the page is not indexed) and its search fields; ``written``: the page's file is
        in the folder already (cchc.finishing wrote it)."""
        if not _inside(dest_uri):
            self._give_up(f"a page's path ({dest_uri!r}) is not inside the site")
            return
        self.expected[dest_uri] = None if content is None else (heading, content)
        if content is None or self.redo or written:
            return
        write_indexed_page(self.folder, dest_uri, heading, content, fields)

    def start(self, pages: list[str]) -> None:
        """Start Pagefind if every page of the build (``pages``: their dest paths) was added."""
        missing = [page for page in pages if page not in self.expected]
        if missing:
            self._give_up(f"{len(missing)} page(s) were not made in this build (first: {missing[0]})")
        if self.redo:
            return
        # At a lower priority, so that MkDocs keeps its core when Pagefind's threads want both.
        # `nice` is POSIX; where it is missing, Pagefind runs as it is.
        nice = shutil.which("nice")
        command = ([nice, "-n", "10"] if nice else []) + [self.python, "-m", "pagefind", "--site", str(self.folder),
                   "--output-path", str(self.site_dir / BUNDLE_DIR), "--force-language", LANGUAGE]
        # Its output goes to files: a pipe no one reads until the end could fill and stop it.
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8")
        try:
            self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                            env=pagefind_environment(self.chunk_size))
        except OSError as error:
            self._give_up(f"Pagefind could not start beside the build ({error})")

    def check(self, dest_uri: str, output: str) -> None:
        """Compare a rendered page's article with what was indexed for it: the same heading
        and content, whitespace around them aside."""
        if self.redo:
            return
        start = output.find(BODY_MARK)
        if dest_uri not in self.expected or (start < 0) != (self.expected[dest_uri] is None):
            self._give_up(f"{dest_uri} is marked for search as rendered and not as indexed, or the other way")
        elif start >= 0:
            body = output[start + len(BODY_MARK):output.rfind(_ARTICLE_END)]
            heading, content = self.expected[dest_uri]
            at = body.find(content) if content else len(body.rstrip())
            if at < 0 or body[:at].split() != heading.split() or body[at + len(content):].strip():
                self._give_up(f"{dest_uri} as rendered differs from what was indexed for it")

    def finish(self) -> tuple[IndexReport, str | None]:
        """Wait for Pagefind; the bundle's report, and why the finished site was indexed again
        instead (None if it was not). Raises SearchIndexError as ``index_site`` does."""
        output = ""
        if self.process is not None:
            self.process.wait()
            self.log.seek(0)
            output = self.log.read()
            if self.process.returncode != 0:
                self._give_up(f"Pagefind failed beside the build (exit code {self.process.returncode}): "
                              + " / ".join(output.strip().splitlines()[-3:]))
        self.discard()
        if self.redo:
            shutil.rmtree(self.site_dir / BUNDLE_DIR, ignore_errors=True)
            return index_site(self.site_dir, chunk_size=self.chunk_size, python=self.python), self.redo
        return IndexReport(pages=indexed_pages(output), bundle=self.site_dir / BUNDLE_DIR), None

    def discard(self) -> None:
        """Stop Pagefind if it runs and remove the temporary folder (a failed build, or done)."""
        atexit.unregister(self.discard)
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _give_up(self, why: str) -> None:
        if self.redo is None:
            self.redo = why
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
