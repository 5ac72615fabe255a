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
from cchc.search.beside import IndexBeside
from cchc.config import content_folder, options_from
from cchc.content import schedule
from cchc.site.generated_html import html_anchor_ids
from cchc.problems import ContentError
from cchc.site import cms

log = get_plugin_logger("cchc")
_build: Build | None = None
_index: IndexBeside | None = None
# scripts/serve.py turns Pagefind off after its first build: a preview does not index saves.
INDEX_SEARCH = True
# And it renders each page's template right after its content, with no second pass for Pagefind
# to run beside: it has the finished site indexed instead.
INDEX_BESIDE = True
# Pages' content is finished (HTML allow-list, search marks) in a second process while MkDocs
# renders Markdown, on sites of finishing.BESIDE_FROM pages or more (cchc.finishing).
# scripts/serve.py turns it off: it renders each page's template right after its content.
FINISH_BESIDE = True
# A post's header is rendered apart from its Markdown and put back before its body (Build.page_markdown).
# The preview (scripts/preview/site.py) turns it off: it compares each page's whole Markdown between saves.
SPLIT_HEADS = True
_finisher: Finisher | None = None
_waiting: dict = {}  # dest path -> (page, indexed) of each page handed to _finisher
# What a tool running MkDocs in its own process lends every build, as keyword arguments of
# cchc.build.Build: the preview its caches (load_cache, render_cache), the benchmark its stage
# timer (timer), which the events below also tell what they run themselves (finishing pages,
# Pagefind). A plain `mkdocs build` lends nothing: nothing is kept, nothing timed. The one
# place a tool puts something into this adapter (it updates the dict, never replaces it).
BUILD_TOOLS: dict = {}


def on_config(config):
    # mkdocs serve keeps this module loaded: start every build from nothing.
    global _build
    settings = config.extra.get("cchc") or {}
    content, problems = content_folder(settings.get("content_dir"), Path(config.config_file_path).resolve().parent)
    try:
        options = options_from(config.extra.get("cchc"), config.site_name, config.site_url)
        cms_settings = cms.settings_from(settings.get("cms"))
    except ContentError as error:
        problems += error.problems
    if problems:
        raise PluginError("\n".join(str(p) for p in problems)) from None
    # Paths in the content tree are given from the content folder's parent (content/news/...).
    _build = Build(content.parent, options, cms=cms_settings, **BUILD_TOOLS)


def on_files(files, config):
    global _index, _finisher
    on_build_error(None)  # a serve rebuild after a failed build
    _index = IndexBeside(Path(config.site_dir)) if INDEX_SEARCH and INDEX_BESIDE else None
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
        try:
            _finisher = Finisher(_index.folder if _index is not None else None)
        except OSError as error:  # every page is finished in this process instead
            log.info(f"pages are finished in the build's process: the second one did not start ({error})")
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
    return (_build.page_markdown if SPLIT_HEADS else _build.page_source)(page.file.src_uri)


def on_page_content(html, page, config, files):
    # The search fields travel with the page (overrides/main.html prints them); the article is
    # marked for search unless `search: {exclude: true}`.
    html = _build.with_head(page.file.src_uri, html)
    wanted = page.meta.get("search")
    indexed = not (isinstance(wanted, dict) and bool(wanted.get("exclude")))
    request = _build.page_request(page.file.src_uri, page.file.dest_uri, html, page.title, config.site_name, indexed)
    if _finisher is None:
        with _build.timer.stage("finish_here"):
            finished = finish_page(request)
        return _finished(page, indexed, finished, written=False)
    # Finished beside the build and put in place as it comes back, at the latest in on_env,
    # before any template is rendered.
    with _build.timer.stage("finish_requests"):
        _finisher.submit(request)
    _waiting[page.file.dest_uri] = (page, indexed)
    _put_in_place(_finisher.take())
    return html


def _put_in_place(batches) -> None:
    for batch in batches:
        for dest_uri, finished in batch:
            page, indexed = _waiting.pop(dest_uri)
            page.content = _finished(page, indexed, finished, written=True)


def _finished(page, indexed: bool, finished: FinishedPage, *, written: bool) -> str:
    page.meta[search.META_KEY] = finished.fields
    if _index is not None:
        with _build.timer.stage("search_pages"):
            _index.add(page.file.dest_uri, finished.heading, finished.html if indexed else None,
                       finished.fields, written=written)
    return finished.html


def on_env(env, config, files):
    global _finisher
    if _finisher is not None:
        finisher, _finisher = _finisher, None
        # What was never sent is finished here while the process finishes what it has; these
        # pages come last, and their files for Pagefind are written last, in the order they came.
        timer = _build.timer
        with timer.stage("finish_here"):
            unsent = [(request.dest_uri, finish_page(request)) for request in finisher.close()]
        with timer.stage("finish_wait"):
            failed = finisher.wait()
        _put_in_place(finisher.take())
        timer.record("finisher", finisher.stats)  # its CPU seconds and peak memory
        for dest_uri, finished in unsent:
            page, indexed = _waiting.pop(dest_uri)
            page.content = _finished(page, indexed, finished, written=False)
        if failed:
            log.info(f"the process finishing pages beside the build failed ({failed}); "
                     f"the {len(_waiting)} page(s) it did not finish were finished in the build's process")
        for page, indexed in _waiting.values():  # the process failed: finished here, the same way
            request = _build.page_request(page.file.src_uri, page.file.dest_uri, page.content,
                                          page.title, config.site_name, indexed)
            with timer.stage("finish_here"):
                finished = finish_page(request)
            page.content = _finished(page, indexed, finished, written=False)
        _waiting.clear()
    # Every page's content is made: Pagefind indexes them while MkDocs renders the templates.
    if _index is not None:
        _index.start([file.dest_uri for file in files.documentation_pages()])
    return env


def on_post_page(output, page, config):
    if _index is not None:
        with _build.timer.stage("search_pages"):
            _index.check(page.file.dest_uri, output)
    return output


def on_post_build(config):
    global _index
    if not INDEX_SEARCH:
        return
    try:
        if _index is not None:
            with _build.timer.stage("pagefind"):
                report, redone = _index.finish()
        else:
            report, redone = search.index_site(Path(config.site_dir)), None
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None
    finally:
        _index = None
    if redone:
        log.info(f"search: indexed the finished site again: {redone}")
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
