"""The MkDocs build the preview keeps in memory, brought up to date page by page after a save."""

from __future__ import annotations

import functools
import gc
import logging
import os
import threading
import time
import traceback
from pathlib import Path

from mkdocs.commands.build import _build_page, _build_theme_template
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import clean_directory
from mkdocs.utils import meta as markdown_meta

from cchc.content import source as content_source
from cchc.content.cache import LoadCache
from cchc.content.links import links_in
from cchc.site.render_cache import Later, RenderCache

from ..events import Tools, site_events
from .outputs import RebuildReport, delete_outputs
from .server import Problems
from .waiting import Waiting

log = logging.getLogger("mkdocs.cchc.preview")
# Editors' files whose text (the Markdown body) appears on their own page only.
BODY_FOLDERS = ("content/news/", "content/procedures/", "content/bulletins/")


def _targets(body: str) -> list[str]:
    return [link.target for link in links_in(body)]


class Preview:
    """One MkDocs site built into ``site_dir`` and kept up to date page by page."""

    def __init__(self, config_file: str | None, site_dir: str, search: bool = True):
        self.config = load_config(config_file=config_file, site_dir=site_dir)
        self.config.plugins.on_startup(command="serve", dirty=False)
        self.root = Path(self.config.config_file_path).resolve().parent
        self.search = search
        # What a rebuild keeps from the last one while its inputs are equal, lent to every
        # build through the hooks: parsed files, checked posts, procedures (load_cache); pages'
        # Markdown and plan years' reports (render_cache).
        self.load_cache, self.render_cache = LoadCache(), RenderCache()
        self.events = site_events(self.config)
        self.env = None
        self.files: Files | None = None
        self.nav = None
        self.doc_files: list = []
        self.theme_files: list[tuple[str, str]] | None = None
        self.sitemap_due = False             # pages were added or removed since it was written
        self.page_paths: set[str] = set()    # the output of every page (the sitemap lists them)
        self.page_dates: dict[str, str] = {}  # src_uri -> each page's <lastmod> in the sitemap
        self.markdown: dict[str, str] = {}   # src_uri -> Markdown last rendered
        self.outputs: set[str] = set()       # every file written (absolute paths)
        self.later_written: dict[str, object] = {}  # a Later output's path -> the content written there
        self.problems: list[tuple[str, str]] = []
        self.stale = False                   # the last rebuild failed: an older site is served
        self.built = False
        self.frozen = False                  # the first build's objects are frozen (update)
        self._handler = Problems()
        self._lock = threading.Lock()
        # Pages whose Markdown changed but are not rendered yet (and the sitemap, if pages were
        # added or removed): a request for one renders it first, a worker thread the others.
        self.waiting = Waiting(self._lock)

    def _core(self):
        """The core's Build of the last load."""
        return self.events.build

    def update(self, changed: set[str] | None = None) -> RebuildReport:
        """Bring the site up to date after ``changed`` paths (None: build everything); never
        raises: problems go to the terminal and to the notice."""
        started = time.perf_counter()
        logging.getLogger("mkdocs").addHandler(self._handler)
        self._handler.lines = []
        # A save's rebuild runs without the cyclic garbage collector: with a whole site in
        # memory, one full collection in the middle cost about 0.2 s of the editor's wait.
        # The worker collects after the changed pages (waiting.py), and it is on again here.
        pause_gc = self.built and gc.isenabled()
        if pause_gc:
            gc.disable()
        with self._lock:
            try:
                report = self._body_only(changed) if self.built and changed else None
                if report is None:
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
                # The traceback is the developers'; the first line tells the editor what happened.
                log.error("bản xem trước: dựng lại không thành công do lỗi của chương trình, không phải của "
                          "nội dung; trang đang hiển thị bản trước (chi tiết cho người phát triển):\n"
                          + traceback.format_exc().rstrip())
                report = RebuildReport("full", failed=True)
                self.stale = True
            finally:
                logging.getLogger("mkdocs").removeHandler(self._handler)
                if pause_gc:
                    gc.enable()
        if self.built and not self.frozen:
            # The first build's site stays in memory while the preview runs: frozen, it is left out
            # of every later collection (the worker's after a save's pages: 0.2 s at 4,000 posts,
            # holding up a save that comes meanwhile; now 0.05 s). What of it later becomes garbage
            # in a cycle (the first Build, about 12 MB at 4,000 posts) is not freed: once.
            gc.collect()
            gc.freeze()
            self.frozen = True
        self.problems = list(self._handler.lines)
        self.waiting.wake()
        report.seconds = time.perf_counter() - started
        (log.warning if report.failed else log.info)(str(report))
        return report

    def render_waiting(self, path: str) -> bool:
        """Render the page (or the sitemap) written to ``path`` now if it is waiting: a request
        asks for it. True if it was rendered."""
        return self.waiting.run(path)

    def render_all_waiting(self) -> None:
        """Render every waiting page after each rebuild, until close(): serve() runs it in a thread."""
        self.waiting.run_all()

    def close(self) -> None:
        self.waiting.close()

    def _render_logged(self, page: Page, markdown: str) -> None:
        try:
            self._render(page, markdown)
        except Exception:  # a bug, or a page MkDocs cannot render: keep serving
            log.error(f"bản xem trước: chưa dựng được trang {page.file.src_uri} do lỗi của chương trình "
                      "(chi tiết cho người phát triển):\n" + traceback.format_exc().rstrip())

    def _write_sitemap(self, template: str, files: Files, nav) -> None:
        """The sitemap (and its .gz), as MkDocs writes it, once pages were added or removed."""
        target = os.path.join(self.config.site_dir, template)
        self.waiting.discard(target)
        self.waiting.discard(target + ".gz")
        _build_theme_template(template, self.env, files, self.config, nav)
        self.sitemap_due = False

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
            before = self.load_cache.front_matter(self.root, rel)
            if not (self.root / rel).is_file() or before is None:
                return None
            doc, problems = content_source.read(self.root, rel)
            if doc is None or problems or (doc.meta, doc.written) != before:
                return None
            item = items[rel]
            if _targets(doc.body) != _targets(item.body):
                return None  # a link added or changed: the full path checks where it leads (cchc.content.links)
            if rel.startswith("content/news/") and build.site.citations.cited_by_text(
                    f"{item.title}\n{item.summary}\n{doc.body}", item.date.date()) != build.site.citations.of_post(item):
                return None  # it names other documents of the register: its header and theirs change
            targets.append((item, doc.body))
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
            self.waiting.discard(page.file.abs_dest_path)
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
        """The whole site's content again; only pages whose Markdown changed are rendered (at
        once on the first build, afterwards when asked for or by the worker)."""
        stages: dict[str, float] = {}
        mark = time.perf_counter()
        first = self.env is None
        config, files, nav = self._load(first)
        stages["load"], mark = time.perf_counter() - mark, time.perf_counter()
        pages = self._page_markdown(files)
        stages["markdown_made"], mark = time.perf_counter() - mark, time.perf_counter()
        # A page's <lastmod> (its date, a list's newest post) can change with no page added or removed.
        dates = {page.file.src_uri: page.update_date for page, _ in pages}
        self.sitemap_due = self.sitemap_due or (not first and dates != self.page_dates)
        self.page_dates = dates
        if first:
            self.env = config.plugins.on_env(self.env, config=config, files=files)
        self.files, self.nav = files, nav
        self.doc_files = files.documentation_pages()
        report = RebuildReport("full" if first else "pages")
        written = self._render_or_queue(pages, first, report)
        stages["render"], mark = time.perf_counter() - mark, time.perf_counter()
        written |= self._write_other_outputs(files, nav, first, written)
        if first:
            for file in files.documentation_pages():
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        report.deleted = delete_outputs(Path(self.config.site_dir), self.outputs - written) if not first else 0
        self.outputs = written
        stages["files"] = time.perf_counter() - mark
        if first and self.search:
            mark = time.perf_counter()
            config.plugins.on_post_build(config=config)  # the hooks run Pagefind
            stages["search"] = time.perf_counter() - mark
        self.built = True
        report.stages = stages
        return report

    def _load(self, first: bool):
        """MkDocs' config, files and nav, with the hooks' events: the content is loaded again."""
        # Pagefind indexes the first build only; a page's template is rendered right after its
        # content, with nothing beside it; what a rebuild may keep is lent to every build.
        # A plan year's report and its downloads (the .docx: a third of a post's save) are made
        # after the saved page is served, or when asked for (later).
        self.events.lend(Tools(search=first and self.search, finish_beside=False,
                               load_cache=self.load_cache, render_cache=self.render_cache, later=not first))
        config = self.config.plugins.on_config(self.config)
        if first:
            config.plugins.on_pre_build(config=config)
            clean_directory(config.site_dir)
            self.env = config.theme.get_env()
        files = get_files(config)
        self._add_theme_files(files)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        self._keep_pages(files)
        nav = get_navigation(files, config)
        return config, files, config.plugins.on_nav(nav, config=config, files=files)

    def _keep_pages(self, files: Files) -> None:
        """Give each page the last build's Page object of the same source at the same address;
        MkDocs makes one for every page without one (a seventh of a rebuild at 4,000 posts). A
        page is read and rendered anew all the same (_page_markdown, _render); MkDocs keeps the
        nav's own for its entries too, and sets their links (the nav of mkdocs.yml, and so their
        titles, do not change while the preview runs)."""
        if self.files is None:
            return
        old_files = self.files.src_uris  # src_uri as MkDocs keeps it (get_file_from_path parses each path)
        for file in files.documentation_pages():
            old = old_files.get(file.src_uri)
            if old is not None and old.page is not None and (old.dest_uri, old.url) == (file.dest_uri, file.url):
                file.page, old.page.file = old.page, file

    def _page_markdown(self, files: Files) -> list[tuple[Page, str | Later]]:
        """Every page with the Markdown it would be rendered from now (a Later: not made yet)."""
        pages = []
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, self.config)
            later = self._core().later_source(file.src_uri)
            if later is not None:
                pages.append((file.page, later))
                continue
            markdown = self.config.plugins.on_page_read_source(page=file.page, config=self.config)
            pages.append((file.page, file.content_string if markdown is None else markdown))
        return pages

    def _render_or_queue(self, pages: list[tuple[Page, str | Later]], first: bool, report: RebuildReport) -> set[str]:
        """Render (first build) or queue every page whose Markdown is not what was rendered last;
        the output paths of all pages."""
        previous, self.markdown = self.markdown, {}
        self.waiting.clear()
        written: set[str] = set()
        for page, markdown in pages:
            path = page.file.abs_dest_path
            written.add(path)
            if previous.get(page.file.src_uri) == markdown and os.path.exists(path):
                self.markdown[page.file.src_uri] = markdown
            elif first:
                self._render(page, markdown)
                report.rendered += 1
            elif isinstance(markdown, Later):  # read through the hooks, as any page, once made
                self.waiting.add(path, lambda page=page: self._render_logged(
                    page, self.config.plugins.on_page_read_source(page=page, config=self.config)))
            else:
                self.waiting.add(path, functools.partial(self._render_logged, page, markdown))
        report.waiting = len(self.waiting)
        return written

    def _write_other_outputs(self, files: Files, nav, first: bool, pages: set[str]) -> set[str]:
        """Static files and generated outputs (feeds, coverage.json, embeds: copied when newer,
        generated ones written again), and the theme's templates: 404 and the sitemap (queued
        after the first build, when pages were added or removed). Their output paths."""
        config = self.config
        files.copy_static_files(dirty=not first)
        written = {f.abs_dest_path for f in files if not f.is_documentation_page()}
        for path, content in self._core().outputs:
            if isinstance(content, Later):  # not in files (cchc_mkdocs.events): written here
                target = os.path.normpath(os.path.join(config.site_dir, path))
                written.add(target)
                if not (content.made and self.later_written.get(target) is content() and os.path.exists(target)):
                    self.waiting.add(target, functools.partial(self._write_later, target, content))
        self.sitemap_due = (self.sitemap_due or pages != self.page_paths) and not first
        self.page_paths = pages
        for template in config.theme.static_templates:
            target = os.path.join(config.site_dir, template)
            if first:
                _build_theme_template(template, self.env, files, config, nav)
            elif template == "sitemap.xml" and self.sitemap_due:
                # One job for both files: a request for either writes the two.
                write = functools.partial(self._write_sitemap, template, files, nav)
                self.waiting.add(target, write)
                self.waiting.add(target + ".gz", write)
            written.add(target)
            if template == "sitemap.xml":
                written.add(target + ".gz")
        return written

    def _write_later(self, target: str, content: Later) -> None:
        try:
            data = content()
            os.makedirs(os.path.dirname(target), exist_ok=True)
            Path(target).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            self.later_written[target] = data
        except Exception:  # a bug: keep serving
            log.error(f"bản xem trước: chưa ghi được tệp {target} do lỗi của chương trình "
                      "(chi tiết cho người phát triển):\n" + traceback.format_exc().rstrip())

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
