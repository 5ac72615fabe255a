"""MkDocs adapter for the cchc core: each event hands its work to cchc.build.Build."""

from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from cchc import search
from cchc.build import Build
from cchc import finishing
from cchc.finishing import Finisher, FinishedPage, finish_page
from cchc.search.site_index import SiteIndex
from cchc_mkdocs.settings import read_settings
from cchc.content import schedule
from cchc.site.generated_html import html_anchor_ids
from cchc.problems import ContentError
from cchc.site import cms

log = get_plugin_logger("cchc")
_build: Build | None = None
_index: SiteIndex | None = None
# scripts/serve.py turns Pagefind off after its first build: a preview does not index saves.
INDEX_SEARCH = True
# Pages' content is finished (HTML allow-list, search marks) in a worker process while MkDocs
# renders Markdown, on sites of finishing.BESIDE_FROM pages or more (cchc.finishing).
# scripts/serve.py turns it off: it renders each page's template right after its content.
FINISH_BESIDE = True
_finisher: Finisher | None = None
_waiting: dict = {}  # dest path -> page, of each page handed to _finisher


def on_config(config):
    # mkdocs serve keeps this module loaded: start every build from nothing.
    global _build
    settings, problems = read_settings(config)
    if settings is None:
        raise PluginError("\n".join(str(p) for p in problems)) from None
    # Paths in the content tree are given from the content folder's parent (content/news/...).
    _build = Build(settings.content_root, settings.options, cms=settings.cms, setting_problems=problems)


def on_files(files, config):
    global _index, _finisher
    on_build_error(None)  # a serve rebuild after a failed build
    try:
        _build.load(Path(config.docs_dir))
    except ContentError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"{len(error.problems)} problem(s) in the content; nothing was built. "
                          "Fix each line above and build again.") from None
    for line in _build.held_back():
        log.info(line)
    upcoming = schedule.next_scheduled_line(_build.site)
    if upcoming:
        log.info(upcoming)
    samples, notes = _build.sample_findings()
    for line in notes:
        log.info(line)
    if samples:
        for line in samples:
            log.error(line)
        raise PluginError(f"{len(samples)} sample procedure(s) with extra.cchc.samples: error; "
                          "import the real records or remove the samples.")
    errors, notes = _build.plan_findings()
    for line in errors:
        log.error(line)
    for line in notes:
        log.info(line)
    for source in _build.files:
        files.append(File(source.src_uri, str(_build.root), config.site_dir,
                          config.use_directory_urls, dest_uri=source.dest_uri))
    # Their Markdown comes through on_page_read_source: MkDocs keeps one copy, not two.
    for src_uri in _build.hand_over_pages():
        files.append(File.generated(config, src_uri, content=""))
    for path, content in _build.outputs:
        files.append(File.generated(config, path, content=content))
    if FINISH_BESIDE and sum(1 for _ in files.documentation_pages()) >= finishing.BESIDE_FROM:
        _finisher = Finisher()
    # The editors' interface: Decap CMS copied from node_modules as it is (cchc/site/cms.py).
    for line in _build.admin.notes:
        log.info(line)
    for name in _build.admin.bundle:
        files.append(File(name, str(_build.admin.bundle_dir), config.site_dir, config.use_directory_urls,
                          dest_uri=cms.ADMIN_URL + name))
    return files


def on_pre_page(page, config, files):
    # A generated page is HTML already: Python-Markdown would parse it (its raw HTML blocks,
    # twice) to give it back unchanged, the largest part of the build's Markdown time.
    if _build.is_html(page.file.src_uri):
        page.render = functools.partial(_render_html, page)
    return page


def _render_html(page, config, files):
    page.content = page.markdown.strip()
    page.toc = get_toc([])
    page.present_anchor_ids = html_anchor_ids(page.content)
    page.links_to_anchors = {}


def on_page_read_source(page, config):
    return _build.page_source(page.file.src_uri)


def on_page_content(html, page, config, files):
    request = _build.page_request(page.file.src_uri, page.file.dest_uri, html, page.title)
    if _finisher is None:
        return _finished(page, finish_page(request))
    # Finished beside the build and put in place as it comes back, at the latest in on_env,
    # before any template is rendered.
    _finisher.submit(request)
    _waiting[page.file.dest_uri] = page
    _put_in_place(_finisher.take())
    return html


def _put_in_place(finished_pages) -> None:
    for dest_uri, finished in finished_pages:
        page = _waiting.pop(dest_uri)
        page.content = _finished(page, finished)


def _finished(page, finished: FinishedPage) -> str:
    # The search fields travel with the page (overrides/main.html prints them).
    page.meta[search.META_KEY] = finished.fields
    return finished.html


def on_env(env, config, files):
    global _finisher, _index
    if _finisher is not None:
        finisher, _finisher = _finisher, None
        _put_in_place(finisher.close())
        if finisher.failed:
            log.info(f"the process finishing pages beside the build failed ({finisher.failed!r}); "
                     "the pages it did not finish were finished in the build's process")
    # Pagefind indexes each page as it is written, while MkDocs renders the next ones.
    if INDEX_SEARCH:
        try:
            _index = SiteIndex(Path(config.site_dir))
        except search.SearchIndexError as error:
            raise PluginError(str(error)) from None
    return env


def on_post_page(output, page, config):
    if _index is not None:
        _index.add(page.file.dest_uri, output)
    return output


def on_post_build(config):
    global _index
    if _index is None:
        return
    try:
        report = _index.write()
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None
    finally:
        _index = None
    if report.pages == 0:
        log.warning("search: no page was indexed; is data-pagefind-body missing from overrides/main.html?")
    else:
        log.info(str(report))


def on_build_error(error):
    global _index, _finisher
    if _index is not None:
        _index.discard()
        _index = None
    if _finisher is not None:
        _finisher.discard()
        _finisher = None
    _waiting.clear()


def on_serve(server, config, builder):
    server.watch(str(_build.content_dir))
    return server
