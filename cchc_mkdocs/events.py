"""The build's event handlers: what MkDocs asks of the cchc core, event by event.

``SiteEvents`` is the object hooks/cchc_hooks.py hands every event to. Its state for one build
(``BuildRun``: the core's Build, the search index, the process finishing pages) is made anew in
``on_config``, since `mkdocs serve` and the preview keep the hooks loaded between builds. What a
tool lends the builds (the preview its caches and no search after the first build, the
benchmark its timer) is given to ``lend`` as one ``Tools`` value: nothing else changes how a
build runs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils.meta import get_data

from cchc import finishing, search
from cchc.build import Build
from cchc.content.cache import LoadCache
from cchc.site.render_cache import Later, RenderCache
from cchc.content import schedule
from cchc.finishing import FinishedPage, Finisher, finish_page
from cchc.problems import ContentError
from cchc.search.site_index import BuildIndex, article_heading
from cchc.site import cms
from cchc.site.generated_html import html_anchor_ids
from cchc.site.pages import read_front_matter
from cchc.timing import NO_TIMER, StageTimer

from . import link_warnings
from .settings import read_settings

log = get_plugin_logger("cchc")


@dataclass(frozen=True)
class Tools:
    """What a tool lends every build it runs; the defaults are a plain `mkdocs build`."""

    search: bool = True          # index the site with Pagefind after the build
    finish_beside: bool = True   # finish pages in a second process on large sites (cchc.finishing)
    load_cache: LoadCache | None = None      # what the preview keeps between its builds
    render_cache: RenderCache | None = None  # likewise
    timer: StageTimer = NO_TIMER  # the benchmark's stage timer
    later: bool = False  # the preview: the plan years' reports are made when asked for (cchc.build.Build)


@dataclass
class BuildRun:
    """The state of one build, from on_config to on_post_build."""

    build: Build
    index: BuildIndex | None = None
    finisher: Finisher | None = None
    waiting: dict = field(default_factory=dict)  # dest_uri -> page handed to the finisher

    def stop(self) -> None:
        """Let go of the helpers a failed or interrupted build started."""
        if self.index is not None:
            self.index.discard()
            self.index = None
        if self.finisher is not None:
            self.finisher.discard()
            self.finisher = None
        self.waiting.clear()


class SiteEvents:
    """MkDocs' events for the cchc site: each hands its work to the core."""

    def __init__(self) -> None:
        self.tools = Tools()
        self.run: BuildRun | None = None

    def lend(self, tools: Tools) -> None:
        """Use ``tools`` for the builds from the next on_config on."""
        self.tools = tools

    @property
    def build(self) -> Build | None:
        """The core's Build of the current or last build."""
        return self.run.build if self.run else None

    def on_config(self, config):
        settings, problems = read_settings(config)
        if settings is None:
            raise PluginError("\n".join(str(p) for p in problems)) from None
        if self.run is not None:
            self.run.stop()
        link_warnings.install(settings.content_root, Path(config.docs_dir))
        tools = self.tools
        # Paths in the content tree are given from the content folder's parent (content/news/...).
        self.run = BuildRun(Build(settings.content_root, settings.options, cms=settings.cms,
                                  setting_problems=problems, load_cache=tools.load_cache,
                                  render_cache=tools.render_cache, timer=tools.timer,
                                  later=tools.later))
        return config

    def on_files(self, files, config):
        run = self.run
        run.stop()  # a serve rebuild after a failed build
        build = run.build
        try:
            build.load(Path(config.docs_dir))
        except ContentError as error:
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(f"Nội dung có {len(error.problems)} lỗi; chưa dựng trang nào. "
                              "Sửa từng dòng ở trên rồi dựng lại.") from None
        self._report(build)
        for source in build.files:
            files.append(File(source.src_uri, str(build.root), config.site_dir,
                              config.use_directory_urls, dest_uri=source.dest_uri))
        # Their Markdown comes through on_page_read_source: MkDocs keeps one copy, not two.
        for src_uri in build.hand_over_pages():
            files.append(File.generated(config, src_uri, content=""))
        for path, content in build.outputs:
            if isinstance(content, Later):
                continue  # the preview writes it when asked for (Tools.later)
            files.append(File.generated(config, path, content=content))
        if self.tools.finish_beside and sum(1 for _ in files.documentation_pages()) >= finishing.BESIDE_FROM:
            run.finisher = Finisher()
        # Pagefind indexes each page as soon as its content is finished, beside the build.
        if self.tools.search:
            try:
                run.index = BuildIndex(Path(config.site_dir))
            except search.SearchIndexError as error:
                raise PluginError(str(error)) from None
        # The editors' interface: Decap CMS copied from node_modules as it is (cchc/site/cms.py).
        for line in build.admin.notes:
            log.info(line)
        for name in build.admin.bundle:
            files.append(File(name, str(build.admin.bundle_dir), config.site_dir, config.use_directory_urls,
                              dest_uri=cms.ADMIN_URL + name))
        return files

    @staticmethod
    def _report(build: Build) -> None:
        """What the build holds back, samples and the plan check, in the log; raise on errors."""
        for line in build.held_back():
            log.info(line)
        upcoming = schedule.next_scheduled_line(build.site)
        if upcoming:
            log.info(upcoming)
        samples, notes = build.sample_findings()
        for line in notes:
            log.info(line)
        if samples:
            for line in samples:
                log.error(line)
            raise PluginError(f"Còn {len(samples)} thủ tục mẫu trong khi extra.cchc.samples: error; nhập bản "
                              "ghi thật (cchc import) hoặc xóa các thủ tục mẫu.")
        errors, notes = build.plan_findings()
        for line in errors:
            log.error(line)
        for line in notes:
            log.info(line)

    def on_pre_page(self, page, config, files):
        build = self.run.build
        # A page the build makes opens with the front matter it wrote: read back as it was written.
        if build.makes(page.file.src_uri):
            page.read_source = functools.partial(self._read_source, page)
        # A generated page is HTML already: Python-Markdown would parse it (its raw HTML blocks,
        # twice) to give it back unchanged, the largest part of the build's Markdown time.
        if build.is_html(page.file.src_uri):
            page.render = functools.partial(_render_html, page)
        return page

    def on_page_read_source(self, page, config):
        self._date(page)
        return self.run.build.page_source(page.file.src_uri)

    def _read_source(self, page, config):
        """Page.read_source for a page the build makes: its front matter
        (cchc.site.pages.front_matter) read as the JSON it was written as, not by MkDocs' YAML
        reader (a quarter of a millisecond a page), and a post's header left out of its Markdown
        (Build.page_markdown), put back in on_page_content."""
        self._date(page)
        text = self.run.build.page_markdown(page.file.src_uri)
        parts = read_front_matter(text)
        if parts is None:
            page.markdown, page.meta = get_data(text)
        else:
            page.meta, page.markdown = parts

    def _date(self, page) -> None:
        # The sitemap's <lastmod>: the day the page's content last changed, not the build's day.
        lastmod = self.run.build.lastmod.get(page.file.src_uri)
        if lastmod:
            page.update_date = lastmod

    def on_page_content(self, html, page, config, files):
        run = self.run
        if run.index is not None:
            run.index.expect(page.file.dest_uri)
        html = run.build.with_head(page.file.src_uri, html)
        request = run.build.page_request(page.file.src_uri, page.file.dest_uri, html, page.title)
        if run.finisher is None:
            with run.build.timer.stage("finish_here"):
                return self._finished(page, finish_page(request), config)
        # Finished beside the build and put in place as it comes back, at the latest in on_env,
        # before any template is rendered.
        with run.build.timer.stage("finish_requests"):
            run.finisher.submit(request)
        run.waiting[page.file.dest_uri] = page
        self._put_in_place(run.finisher.take(), config)
        return html

    def _put_in_place(self, finished_pages, config) -> None:
        for dest_uri, finished in finished_pages:
            page = self.run.waiting.pop(dest_uri)
            page.content = self._finished(page, finished, config)

    def _finished(self, page, finished: FinishedPage, config) -> str:
        # The search fields travel with the page (overrides/main.html prints them); the article is
        # marked for search unless `search: {exclude: true}`.
        page.meta[search.META_KEY] = finished.fields
        index = self.run.index
        if index is not None:
            wanted = page.meta.get("search")
            indexed = not (isinstance(wanted, dict) and bool(wanted.get("exclude")))
            with self.run.build.timer.stage("search_pages"):
                heading = article_heading(page.title, finished.html, config.site_name)
                index.add_finished(page.file.dest_uri, heading, finished.html if indexed else None, finished.fields)
        return finished.html

    def on_env(self, env, config, files):
        run = self.run
        # The unit's contact in every page's footer (overrides/partials/copyright.html).
        env.globals["cchc_contact"] = run.build.options.contact
        if run.finisher is not None:
            finisher, run.finisher = run.finisher, None
            with run.build.timer.stage("finish_wait"):
                self._put_in_place(finisher.close(), config)
            if finisher.failed:
                log.info(f"tiến trình hoàn thiện trang chạy song song không thành công ({finisher.failed!r}); "
                         "các trang nó chưa xong được hoàn thiện trong tiến trình dựng trang")
        # Every page's content is made (MkDocs renders it all before the templates): Pagefind makes
        # its bundle meanwhile. The preview renders each page whole after on_env: its first build's
        # index starts in on_post_build, once the pages are made (it had indexed none).
        if run.index is not None and run.index.order:
            run.index.all_added()
        return env

    def on_post_page(self, output, page, config):
        run = self.run
        if run.index is not None:
            with run.build.timer.stage("search_pages"):
                run.index.check(page.file.dest_uri, output)
        return output

    def on_post_build(self, config):
        run = self.run
        if run is None or run.index is None:
            return
        index, run.index = run.index, None
        try:
            with run.build.timer.stage("pagefind"):
                report = index.write()
        except search.SearchIndexError as error:
            raise PluginError(str(error)) from None
        if report.pages == 0:
            log.warning("tìm kiếm: không trang nào được lập chỉ mục; overrides/main.html còn dấu data-pagefind-body không?")
        else:
            log.info(str(report))

    def on_build_error(self, error):
        if self.run is not None:
            self.run.stop()

    def on_serve(self, server, config, builder):
        server.watch(str(self.run.build.content_dir))
        return server


def _render_html(page, config, files):
    page.content = page.markdown.strip()
    page.toc = get_toc([])
    page.present_anchor_ids = html_anchor_ids(page.content)
    page.links_to_anchors = {}


def site_events(config) -> SiteEvents:
    """The SiteEvents of a loaded MkDocs configuration (hooks/cchc_hooks.py's ``events``)."""
    for plugin in config.plugins.values():
        events = getattr(plugin, "events", None)
        if isinstance(events, SiteEvents):
            return events
    raise LookupError("mkdocs.yml has no hooks/cchc_hooks.py (hooks:): the cchc events are not loaded")
