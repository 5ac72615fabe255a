"""Preview the site while editing: build once, then re-render only what a save changes.

    python scripts/serve.py                     # http://127.0.0.1:8000/cchc/
    python scripts/serve.py -a 127.0.0.1:8001 -f path/to/mkdocs.yml

`mkdocs serve` builds the whole site again after every save (MkDocs 1.x has no incremental
build) and our hooks run Pagefind each time: 26 s at 4,000 posts. This server keeps one MkDocs
build in memory, watches content/ and docs/ (inotify, not polling) and after a save:

- a post, procedure or bulletin whose front matter is unchanged (an edit of its text): only its
  own page is rendered again (the body appears on no other page, nor in feeds);
- anything else (a title, a date, a new, deleted or renamed file, a plan, an attachment): the
  content is loaded and checked again (files not changed since are not parsed again), every
  page's Markdown is made and compared with what was rendered last, and only the pages whose
  Markdown changed are rendered (the post, the listings, topic pages and home it appears on);
  feeds, coverage.json and embeds are written again, outputs that no longer exist are deleted.
  Editing a plan re-checks coverage, as a build does.

The search index is built once, when the preview starts, and not after saves (Pagefind takes
seconds at a few thousand posts); restart the preview to search what was added since.

The browser reloads the page by itself (MkDocs' livereload). A content error never stops the
server: it is printed in the terminal and shown at the top of every served page as
`path:line: field: message` until it is fixed; meanwhile the last good site is served.

The output equals what `mkdocs build` writes with the same SOURCE_DATE_EPOCH (tests/test_preview.py
compares them), including site_url: unlike `mkdocs serve`, links keep the configured address.
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import posixpath
import shutil
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

import watchdog.events
import watchdog.observers
from mkdocs.commands.build import _build_page, _build_theme_template
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from mkdocs.utils import meta as markdown_meta

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from cchc.content import source as content_source  # noqa: E402
from cchc.content.news import NewsPost  # noqa: E402

log = logging.getLogger("mkdocs.cchc.preview")
# Editors' files whose text (the Markdown body) appears on their own page only.
BODY_FOLDERS = ("content/news/", "content/procedures/", "content/bulletins/")
# After a rebuild, the worker waits this long before rendering the other changed pages.
WORKER_GRACE_SECONDS = 0.3
_CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})


# --- reading content: files not changed since the last load are not parsed again ------------

@dataclass
class _ReadCache:
    """cchc.content.source.read, remembered by file (size, modification time): a rebuild parses only the
    files saved since. It also keeps each file's front matter, for the body-only fast path."""

    entries: dict[tuple[str, str], tuple[tuple[int, int, int], object]] = field(default_factory=dict)

    def install(self) -> None:
        read = content_source.read

        def cached_read(root: Path, rel: str):
            try:
                info = os.stat(Path(root) / rel)
                stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
            except OSError:
                return read(root, rel)
            key = (str(root), rel)
            hit = self.entries.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            result = read(root, rel)
            self.entries[key] = (stamp, result)
            return result

        content_source.read = cached_read
        self._read = read

    def front_matter(self, root: Path, rel: str):
        """(meta, values as written) of the file when it was last loaded, or None."""
        hit = self.entries.get((str(root), rel))
        doc = hit[1][0] if hit else None
        return (doc.meta, doc.written) if doc is not None and not hit[1][1] else None


class _PostSources:
    """cchc.site.pages.PageRenderer.post_source, remembered between rebuilds: a post's page Markdown
    depends on the post, the plans (topic names) and the bulletins (issues that list it), so it
    is made again only for a post that changed, or for all after a plan or bulletin changed."""

    def __init__(self) -> None:
        self.kept: dict[tuple, str] = {}
        self.used: dict[tuple, str] = {}

    def install(self) -> None:
        from cchc.site.pages import PageRenderer

        make = PageRenderer.post_source
        names = [f.name for f in fields(NewsPost)]

        def post_source(renderer, post):
            key = tuple(getattr(post, name) for name in names)
            markdown = self.kept.get(key)
            if markdown is None:
                markdown = make(renderer, post)
            self.used[key] = markdown
            return markdown

        PageRenderer.post_source = post_source

    def next_build(self, keep: bool) -> None:
        """Start a rebuild: keep the Markdown of the posts seen in the last one, or forget all."""
        self.kept, self.used = (self.used if keep else {}), {}


def _frozen(value):
    """``value`` as a hashable key (lists and dicts as tuples); TypeError if part of it is not."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return ("{}",) + tuple((k, _frozen(v)) for k, v in value.items())
    hash(value)
    return value


class _GeneratedPages(_PostSources):
    """cchc.site.pages.PageRenderer.page, remembered between rebuilds by everything it is given: a
    listing whose posts are the same (equal, field by field) is not rendered again. The same
    rule as posts' pages: all are made again after a plan or a bulletin changed. Pages given
    something that cannot be compared (a plan) are always made."""

    def install(self) -> None:
        from cchc.site.pages import PageRenderer

        make = PageRenderer.page

        def page(renderer, src_uri, url, template, title, description="", meta=None, **context):
            try:
                key = _frozen((src_uri, url, template, title, description, meta, context))
                hash(key)
            except TypeError:
                return make(renderer, src_uri, url, template, title, description, meta, **context)
            made = self.kept.get(key)
            if made is None:
                made = make(renderer, src_uri, url, template, title, description, meta, **context)
            self.used[key] = made
            return made

        PageRenderer.page = page


class _YearReports(_PostSources):
    """cchc.plan.report.year_report, remembered between rebuilds by the year's coverage (every
    post and bulletin counted, the plan, the day) and the options: saving a post of 2022 makes
    2022's report and its .docx, CSV and coverage.json again, not every year's. Forgotten with
    the others after a plan or a bulletin changed (topic pages' addresses come from all plans)."""

    def install(self) -> None:
        import cchc.plan.report as report

        make = report.year_report

        def year_report(renderer, coverage, site_url):
            key = (coverage, renderer.options, site_url)
            made = self.kept.get(key)
            if made is None:
                made = make(renderer, coverage, site_url)
            self.used[key] = made
            return made

        report.year_report = year_report


class _CheckedPosts:
    """cchc.content.load's check_post, remembered for a post whose file was not saved since (the
    same parsed document: _ReadCache) while the plans are equal: a save checks one post, not
    4,000. A post with a picture is checked every time (its check reads the picture's size)."""

    def __init__(self) -> None:
        self.kept: dict[int, tuple[object, int, tuple]] = {}  # id(doc) -> (doc, plans' generation, result)
        self.plans: tuple[object, tuple] | None = None       # (the plans object, their snapshot)
        self.generation = 0

    def install(self) -> None:
        import cchc.content.load as content_load

        check = content_load.check_post

        def check_post(doc, plans, file_sizes):
            if "image" in doc.meta:
                return check(doc, plans, file_sizes)
            if self.plans is None or self.plans[0] is not plans:
                snapshot = (tuple(plans.items()), tuple(getattr(plans, "broken", ())))
                if self.plans is None or self.plans[1] != snapshot:
                    self.generation += 1
                self.plans = (plans, snapshot)
            hit = self.kept.get(id(doc))
            if hit is not None and hit[0] is doc and hit[1] == self.generation:
                return hit[2]
            result = check(doc, plans, file_sizes)
            self.kept[id(doc)] = (doc, self.generation, result)
            return result

        content_load.check_post = check_post


def _remember_procedures() -> None:
    """cchc.content.load's load_procedures, remembered while no file under content/procedures changed
    (size, modification time): a news post's save does not check 200 procedures again."""
    import cchc.content.load as content_load

    load = content_load.load_procedures
    last: list = [None, None]

    def load_procedures(root: Path):
        folder = Path(root) / "content/procedures"
        stamps = []
        for current, _, names in os.walk(folder):
            for name in names:
                info = os.stat(os.path.join(current, name))
                stamps.append((current, name, info.st_mtime_ns, info.st_size, info.st_ino))
        key = (str(root), tuple(sorted(stamps)))
        if last[0] != key:
            last[:] = [key, load(root)]
        return last[1]

    content_load.load_procedures = load_procedures


# --- what the browser shows -------------------------------------------------------------------

class _Problems(logging.Handler):
    """Collects the warnings and errors logged during one rebuild."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[tuple[str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name.startswith("mkdocs.livereload"):
            return
        # The hooks' logger prefixes "cchc: "; the notice shows path:line: field: message.
        self.lines.append((record.levelname, message.removeprefix("cchc: ")))


def notice_html(problems: list[tuple[str, str]], stale: bool) -> bytes:
    """The notice shown at the top of every served page while the content has problems."""
    if not problems:
        return b""
    errors = [m for level, m in problems if level == "ERROR"]
    warnings = [m for level, m in problems if level != "ERROR"]
    head = ("Nội dung có lỗi: trang chưa được dựng lại, đang hiển thị bản trước. Sửa từng dòng dưới đây "
            "rồi lưu tệp." if stale else "Bản xem trước có lỗi hoặc cảnh báo cần sửa trước khi xuất bản:")
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors + warnings)
    return (f'<div id="cchc-preview-problems" role="alert" data-pagefind-ignore style="position:relative;'
            f'z-index:10;margin:0;padding:.8rem 1rem;background:#fdecea;color:#5f1411;border-bottom:3px solid '
            f'#b3261e;font:14px/1.5 system-ui,sans-serif"><strong>{html.escape(head)}</strong>'
            f'<ul style="margin:.4rem 0 0 1.2rem;padding:0">{items}</ul></div>').encode("utf-8")


class PreviewServer(LiveReloadServer):
    """MkDocs' livereload server, watching with inotify and knowing which paths changed; every
    HTML page it serves carries the current problems notice."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.observer = watchdog.observers.Observer()
        self.notice = b""
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        path = os.path.abspath(path)
        if path in self._watched_paths:
            return
        self._watched_paths[path] = 1

        def callback(event) -> None:
            # Reading a file is an event too (opened, closed without writing): the rebuild's own
            # reads must not start another one.
            if event.event_type not in _CHANGES or (event.is_directory and event.event_type == "modified"):
                return
            with self._changed_lock:
                self._changed.add(os.fsdecode(event.src_path))
                if getattr(event, "dest_path", ""):
                    self._changed.add(os.fsdecode(event.dest_path))
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = callback
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def _serve_request(self, environ, start_response):
        # A page the last rebuild changed may still be waiting to be rendered: render it first
        # (the same path as MkDocs' server makes from the request).
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if (path + "/").startswith(self.mount_path):
            rel = posixpath.normpath("/" + path[len(self.mount_path):]).lstrip("/")
            with self._epoch_cond:  # as the server does: not while a rebuild runs
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            for candidate in (rel, posixpath.join(rel, "index.html")):
                self.before_serve(os.path.join(self.root, candidate))
        return super()._serve_request(environ, start_response)

    def before_serve(self, file_path: str) -> None:
        """Called with the output path of every request under the site (set by serve())."""

    def take_changes(self) -> set[str]:
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return changed

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.notice:
            return content
        start = content.find(b"<body")
        end = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:end] + self.notice + content[end:]


# --- the build kept in memory -----------------------------------------------------------------

@dataclass
class RebuildReport:
    """What one rebuild did, for the terminal (and scripts/bench.py)."""

    kind: str                   # "full", "pages" or "body"
    rendered: int = 0
    deleted: int = 0
    waiting: int = 0            # pages changed, rendered when asked for or by the worker thread
    seconds: float = 0.0
    failed: bool = False
    stages: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.failed:
            return f"preview: not rebuilt ({self.seconds:.2f} s): fix the problems above"
        stages = ", ".join(f"{name} {seconds:.2f}" for name, seconds in self.stages.items())
        return (f"preview: {self.kind} rebuild in {self.seconds:.2f} s: {self.rendered} page(s) rendered, "
                f"{self.deleted} output(s) deleted, {self.waiting} to render" + (f" ({stages})" if stages else ""))


class Preview:
    """One MkDocs site built into ``site_dir`` and kept up to date page by page."""

    def __init__(self, config_file: str | None, site_dir: str, search: bool = True):
        self.config = load_config(config_file=config_file, site_dir=site_dir)
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.root = Path(self.config.config_file_path).resolve().parent
        self.search = search
        self.reads = _ReadCache()
        self.reads.install()
        self.post_sources = _PostSources()
        self.post_sources.install()
        self.generated_pages = _GeneratedPages()
        self.generated_pages.install()
        self.year_reports = _YearReports()
        self.year_reports.install()
        _CheckedPosts().install()
        _remember_procedures()
        self.env = None
        self.files: Files | None = None
        self.nav = None
        self.doc_files: list = []
        self.theme_files: list[tuple[str, str]] | None = None
        self.markdown: dict[str, str] = {}   # src_uri -> Markdown last rendered
        self.outputs: set[str] = set()       # every file written (absolute paths)
        # Pages whose Markdown changed but are not rendered yet: output path -> (page, Markdown).
        # A request for one renders it first; a worker thread renders the rest meanwhile.
        self.waiting: dict[str, tuple[Page, str]] = {}
        self._more_waiting = threading.Condition()
        self.closed = False
        self.problems: list[tuple[str, str]] = []
        self.stale = False                   # the last rebuild failed: an older site is served
        self.built = False
        self._handler = _Problems()
        self._lock = threading.Lock()

    # The hooks' Build of the last load (the adapter keeps it in its module).
    def _core(self):
        for plugin in self.config.plugins.values():
            if hasattr(plugin, "_build") and getattr(plugin, "_build", None) is not None:
                return plugin._build
        return None

    def update(self, changed: set[str] | None = None) -> RebuildReport:
        """Bring the site up to date after ``changed`` paths (None: build everything); never
        raises: problems go to the terminal and to the notice."""
        started = time.perf_counter()
        logging.getLogger("mkdocs").addHandler(self._handler)
        self._handler.lines = []
        with self._lock:
            try:
                report = self._body_only(changed) if self.built and changed else None
                if report is None:
                    # Posts' pages show their topics' names and the bulletins that list them.
                    keep = bool(changed) and not any(
                        "/content/plans" in path or "/content/bulletins" in path for path in changed)
                    self.post_sources.next_build(keep)
                    self.generated_pages.next_build(keep)
                    self.year_reports.next_build(keep)
                    report = self._rebuild()
                self.stale = False
            except (PluginError, Abort) as error:
                self.config.plugins.on_build_error(error=error)
                message = str(error)
                if message and not any(message in line for _, line in self._handler.lines):
                    log.error(message)
                report = RebuildReport("full", failed=True)
                self.stale = True
            except Exception as error:  # a bug, or a page MkDocs cannot render: keep serving
                self.config.plugins.on_build_error(error=error)
                log.error("preview: the rebuild failed:\n" + traceback.format_exc().rstrip())
                report = RebuildReport("full", failed=True)
                self.stale = True
            finally:
                logging.getLogger("mkdocs").removeHandler(self._handler)
        self.problems = list(self._handler.lines)
        with self._more_waiting:
            self._more_waiting.notify_all()
        report.seconds = time.perf_counter() - started
        (log.warning if report.failed else log.info)(str(report))
        return report

    def render_waiting(self, path: str) -> bool:
        """Render the page written to ``path`` now if it is waiting (a request asks for it);
        True if it was rendered."""
        if path not in self.waiting:
            return False
        with self._lock:
            job = self.waiting.pop(path, None)
            if job is not None:
                self._render_logged(*job)
        return job is not None

    def render_all_waiting(self) -> None:
        """Render every waiting page, one at a time, letting a rebuild or a request in between;
        runs in its own thread (serve()) until close()."""
        while True:
            with self._more_waiting:
                self._more_waiting.wait_for(lambda: self.waiting or self.closed)
                # The browser's reload asks for the page the editor looks at: it goes first.
                self._more_waiting.wait_for(lambda: self.closed, timeout=WORKER_GRACE_SECONDS)
                if self.closed:
                    return
            started, count = time.perf_counter(), 0
            while self.waiting and not self.closed:
                with self._lock:
                    path = next(iter(self.waiting), None)
                    job = self.waiting.pop(path, None) if path is not None else None
                    if job is not None:
                        self._render_logged(*job)
                        count += 1
                time.sleep(0.001)  # let a waiting request or rebuild take the lock
            if count:
                log.info(f"preview: {count} more page(s) rendered in {time.perf_counter() - started:.2f} s")

    def close(self) -> None:
        with self._more_waiting:
            self.closed = True
            self._more_waiting.notify_all()

    def _render_logged(self, page: Page, markdown: str) -> None:
        try:
            self._render(page, markdown)
        except Exception:  # a bug, or a page MkDocs cannot render: keep serving
            log.error(f"preview: {page.file.src_uri} was not rendered:\n" + traceback.format_exc().rstrip())

    def _body_only(self, changed: set[str]) -> RebuildReport | None:
        """Render again the pages of editors' files whose front matter did not change, or None
        when the change needs the full path (anything else changed, or a file is new, gone,
        unreadable, or has problems)."""
        build = self._core()
        if build is None or build.site is None:
            return None
        items = {item.source: item for kind in (build.site.posts, build.site.procedures, build.site.bulletins)
                 for item in kind}
        targets = []
        for path in changed:
            try:
                rel = Path(path).resolve().relative_to(self.root).as_posix()
            except ValueError:
                return None
            if not (rel.endswith(".md") and rel.startswith(BODY_FOLDERS)) or rel not in items:
                return None
            before = self.reads.front_matter(self.root, rel)
            if not (self.root / rel).is_file() or before is None:
                return None
            doc, problems = content_source.read(self.root, rel)
            if doc is None or problems or (doc.meta, doc.written) != before:
                return None
            targets.append((items[rel], doc.body))
        started = time.perf_counter()
        report = RebuildReport("body")
        for item, body in targets:
            # The objects are frozen for the core's sake; the body is read by the item's own page
            # only (cchc.pages, procedure_pages, bulletin_pages), so replacing it here is enough.
            object.__setattr__(item, "body", body)
            file = self.files.get_file_from_path(item.source)
            if file is None:
                return None
            page = Page(None, file, self.config) if file.page is None else file.page
            markdown = build.page_source(item.source)
            self.waiting.pop(page.file.abs_dest_path, None)
            if markdown != self.markdown.get(item.source):
                self._render(page, markdown)
                report.rendered += 1
        report.stages["render"] = time.perf_counter() - started
        return report

    def _render(self, page: Page, markdown: str) -> None:
        config, files = self.config, self.files
        config._current_page = page
        try:
            page.markdown, page.meta = markdown_meta.get_data(markdown)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        finally:
            config._current_page = None
        _build_page(page, config, self.doc_files, self.nav, self.env)
        self.markdown[page.file.src_uri] = markdown
        self.outputs.add(page.file.abs_dest_path)

    def _rebuild(self) -> RebuildReport:
        """The whole site's content again; only pages whose Markdown changed are rendered."""
        config = self.config
        stages: dict[str, float] = {}
        mark = time.perf_counter()
        config = config.plugins.on_config(config)
        first = self.env is None
        if first:
            config.plugins.on_pre_build(config=config)
            clean_directory(config.site_dir)
            self.env = config.theme.get_env()
        files = get_files(config)
        self._add_theme_files(files)
        for plugin in config.plugins.values():  # the hooks: Pagefind indexes the first build only
            if hasattr(plugin, "INDEX_SEARCH"):
                plugin.INDEX_SEARCH = first and self.search
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        stages["load"] = time.perf_counter() - mark
        mark = time.perf_counter()
        pages = []
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
            markdown = config.plugins.on_page_read_source(page=file.page, config=config)
            if markdown is None:
                markdown = file.content_string
            pages.append((file.page, markdown))
        stages["markdown_made"] = time.perf_counter() - mark
        if first:
            self.env = config.plugins.on_env(self.env, config=config, files=files)
        self.files, self.nav = files, nav
        self.doc_files = files.documentation_pages()
        report = RebuildReport("full" if first else "pages")
        mark = time.perf_counter()
        previous = self.markdown
        self.markdown = {}
        self.waiting = {}
        written: set[str] = set()
        for page, markdown in pages:
            path = page.file.abs_dest_path
            written.add(path)
            if previous.get(page.file.src_uri) == markdown and os.path.exists(path):
                self.markdown[page.file.src_uri] = markdown
            elif first:
                self._render(page, markdown)
                report.rendered += 1
            else:
                self.waiting[path] = (page, markdown)
        report.waiting = len(self.waiting)
        stages["render"] = time.perf_counter() - mark
        mark = time.perf_counter()
        # Static files and generated outputs (feeds, coverage.json, embeds): copied when newer,
        # generated ones written again.
        files.copy_static_files(dirty=not first)
        written |= {f.abs_dest_path for f in files if not f.is_documentation_page()}
        pages_changed = first or {p for p in self.outputs if p.endswith(".html")} != {
            p for p in written if p.endswith(".html")}
        for template in config.theme.static_templates:
            if first or (template.startswith("sitemap") and pages_changed):
                _build_theme_template(template, self.env, files, config, nav)
            written.add(os.path.join(config.site_dir, template))
            if template == "sitemap.xml":
                written.add(os.path.join(config.site_dir, template + ".gz"))
        if first:
            for file in files.documentation_pages():
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        report.deleted = self._delete(self.outputs - written) if not first else 0
        self.outputs = written
        stages["files"] = time.perf_counter() - mark
        if first and self.search:
            mark = time.perf_counter()
            config.plugins.on_post_build(config=config)  # the hooks run Pagefind
            stages["search"] = time.perf_counter() - mark
        self.built = True
        report.stages = stages
        return report

    def _add_theme_files(self, files: Files) -> None:
        """The theme's static files, as MkDocs adds them; listed once (walking the theme's
        folders took a tenth of a rebuild), since the preview does not reload the theme."""
        if self.theme_files is None:
            known = {f.src_uri for f in files}
            files.add_files_from_theme(self.env, self.config)
            self.theme_files = [(f.src_uri, f.src_dir) for f in files if f.src_uri not in known]
            return
        for path, folder in self.theme_files:
            if files.get_file_from_path(path) is None:
                files.append(File(path, folder, self.config.site_dir, self.config.use_directory_urls))

    def _delete(self, paths: set[str]) -> int:
        """Remove outputs of files that are gone, and the folders they leave empty."""
        site = Path(self.config.site_dir).resolve()
        count = 0
        for path in sorted(paths):
            target = Path(path)
            if target.is_file():
                target.unlink()
                count += 1
                folder = target.parent
                while folder != site and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
        return count


def serve(config_file: str | None, address: str, search: bool = True, site_dir: str | None = None) -> int:
    """Build, serve and watch until Ctrl-C; ``site_dir`` (default: a temp folder removed at the
    end) receives the site."""
    host, _, port = address.rpartition(":")
    keep = site_dir is not None
    site_dir = os.path.abspath(site_dir) if keep else tempfile.mkdtemp(prefix="cchc_preview_")
    preview = Preview(config_file, site_dir, search=search)
    mount_path = urlsplit(preview.config.site_url or "/").path
    server = PreviewServer(builder=lambda: None, host=host or "127.0.0.1", port=int(port),
                           root=site_dir, mount_path=mount_path)

    def builder() -> None:
        preview.update(server.take_changes())
        server.notice = notice_html(preview.problems, preview.stale)

    server.builder = builder
    server.before_serve = preview.render_waiting

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        log.info("Building the preview...")
        preview.update(None)
        server.notice = notice_html(preview.problems, preview.stale)
        server.watch(str(preview.root / "content"))
        server.watch(preview.config.docs_dir)
        threading.Thread(target=preview.render_all_waiting, name="waiting pages", daemon=True).start()
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            preview.close()
            server.shutdown()
    finally:
        preview.config.plugins.on_shutdown()
        if not keep:
            shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (host:port)")
    parser.add_argument("-f", "--config-file", default=None, help="the mkdocs.yml to use (default: ./mkdocs.yml)")
    parser.add_argument("--no-search", action="store_true", help="do not build the search index at start")
    parser.add_argument("-d", "--site-dir", default=None,
                        help="build into this folder and keep it (default: a temp folder, removed at the end)")
    args = parser.parse_args(argv)
    # MkDocs' layout, one line a message (its ColorFormatter wraps long lines: a problem's
    # `path:line: field: message` must stay on one line for editors' tools and scripts).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return serve(args.config_file, args.dev_addr, search=not args.no_search, site_dir=args.site_dir)


if __name__ == "__main__":
    sys.exit(main())
