"""One build of the site: load content, decide which files exist, give each page its source.

A generator adapter (the MkDocs hooks) creates a new Build for every build, so nothing is
carried over between rebuilds of ``mkdocs serve``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from .content import source
from .site.bulletin_pages import BulletinPages
from .site.contact_pages import accessibility_page, contact_page
from .site.document_pages import DocumentPages
from .content.documents import file_url as document_file_url
from .content.bulletins import attachment_url
from .site.cms import AdminOutput, CmsSettings, admin_output
from .content.load import Site, load_site
from .content.files import MB
from .dates import build_time as clock, vn_moment
from .content.checker import field_title
from .content.fields import PLAN_FIELDS, PROCEDURE_FIELDS
from .content.news import NEWS_DIR, NEWS_URL, NewsPost
from .content.redirects import ADDRESS_LIST, Redirects, redirect_problems
from .site.guide import guide_page
from .config import Options, option_problems
from .site.pages import TOPIC_URL, GeneratedPage, PageRenderer, relative
from .site.render_cache import Later, RenderCache
from .content.cache import LoadCache
from .timing import NO_TIMER, StageTimer
from .site.procedure_pages import procedure_index, procedure_source
from .content.procedures import form_url
from .plan.coverage import Coverage, overdue_warnings
from .content.plan_years import content_years
from .problems import ContentError, Problem
from .plan.report import coverages, report_pages
from .finishing import PageRequest
from .search import INDEXED_WORDS
from .syndication.channels import embed_files, feed_files

CONTENT_DIR = "content"
# Lines Python-Markdown reads as blank: spaces, tabs and the two characters it removes.
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t\x02\x03]*(?:\r\n|\r|\n|\Z))+")


@dataclass(frozen=True)
class SourceFile:
    """A file published from the content tree: where it is read and where it is written."""

    src_uri: str   # relative to the project root, e.g. content/news/2022/a.md
    dest_uri: str  # relative to the output folder, e.g. tin-tuc/2022/a/index.html


def sample_problems(procedures, options: Options) -> tuple[list[Problem], list[str]]:
    """Procedures marked ``sample: true``: (errors, notes). With ``samples: error`` (production)
    each is an error; otherwise a note for the log's info level."""
    found = [Problem(p.source, p.sample_line, "sample",
                     "thủ tục là dữ liệu minh họa (sample: true), trang có ghi 'Dữ liệu minh họa'; hãy thay "
                     "bằng bản ghi nhập từ Cơ sở dữ liệu quốc gia (lệnh cchc import) hoặc xoá thủ tục này",
                     field_title(PROCEDURE_FIELDS, "sample"))
             for p in sorted(procedures, key=lambda p: p.source) if p.sample]
    if options.samples == "error":
        return found, []
    return [], [str(p) for p in found]


def redirect_files(renderer: PageRenderer, redirects: Redirects, options: Options) -> list[tuple[str, str]]:
    """(path, HTML) of a page at each moved address: a link to the page's address now, a
    canonical link and an immediate refresh. A file, not a page of the generator: no sitemap
    entry, no search index, no navigation."""
    template = renderer.env.get_template("redirect.html")
    absolute = options.site_url.rstrip("/") + "/"
    return [(f"{r.old}index.html", template.render(site_name=options.site_name, canonical=absolute + r.new,
                                                   href=relative(r.new, r.old)))
            for r in redirects.items]


def address_list(site: Site, pages: list[GeneratedPage]) -> str:
    """The addresses that must never stop working, one a line (ADDRESS_LIST): every post,
    bulletin, procedure and topic page, and every moved address. Publishing compares the live
    release's list with the new one's (cchc.deploy.publish)."""
    records = {*(p.url for p in site.posts), *(b.url for b in site.bulletins), *(p.url for p in site.procedures)}
    topics = {page.url for page in pages if page.url.startswith(f"{TOPIC_URL}/") and page.url != f"{TOPIC_URL}/"}
    moved = {r.old for r in site.redirects.items}
    return "".join(f"{url}\n" for url in sorted(records | topics | moved))


def _hand_written(docs_dir: Path | None) -> set[str]:
    """Addresses of the hand-written pages in the generator's docs folder."""
    if docs_dir is None or not docs_dir.is_dir():
        return set()
    found = set()
    for path in docs_dir.rglob("*.md"):
        rel = path.relative_to(docs_dir).with_suffix("").as_posix()
        found.add("" if rel == "index" else rel.removesuffix("/index").removesuffix("index") + "/")
    return found


class Build:
    """State of one build: the loaded Site, the files it publishes and each page's source.

    A long-running tool lends what it keeps between builds: ``load_cache`` and ``render_cache``
    (the preview; cchc.content.cache, cchc.site.render_cache), and a ``timer`` told each stage
    (the benchmark; cchc.timing). By default the build keeps nothing and times nothing."""

    def __init__(self, root: Path, options: Options, when: datetime | None = None,
                 cms: CmsSettings | None = None, setting_problems: list[Problem] | None = None, *,
                 load_cache: LoadCache | None = None, render_cache: RenderCache | None = None,
                 timer: StageTimer = NO_TIMER, later: bool = False):
        self.root = root
        self.options = options
        # Problems in settings that parse (a site_url feeds cannot use), reported with the content's.
        self.setting_problems = option_problems(options) if setting_problems is None else setting_problems
        self.load_cache, self.render_cache, self.timer = load_cache, render_cache, timer
        # The preview's rebuilds: the feeds and a plan year's report page and files are Laters in
        # pages and outputs, made when asked for (report_pages, feed_files, later_source).
        self.later = later
        self.cms = cms or CmsSettings()
        self.admin: AdminOutput | None = None  # the editors' interface at /quan-tri/ (cchc/site/cms.py)
        self.when = when or clock()
        self.site: Site | None = None
        self.renderer: PageRenderer | None = None
        self.files: list[SourceFile] = []
        self.pages: list[GeneratedPage] = []
        self.outputs: list[tuple[str, str | bytes | Later]] = []  # feeds, embeds: written as they are
        self.coverages: list[Coverage] = []
        # src_uri -> function making the Markdown of an editor's page (header + body).
        self._sources: dict[str, Callable[[], str]] = {}
        # src_uri -> function making HTML to add after the allow-list has cleaned the page:
        # markup the build trusts but editors may not write (a bulletin's inline PDF).
        self._trusted_tails: dict[str, Callable[[], str]] = {}
        # src_uri -> (words, blocks) of the page that search indexes (cchc.search.searchable_part);
        # any other page: its first INDEXED_WORDS words.
        self._search_scope: dict[str, tuple[int | None, int | None]] = {}
        # src_uri -> post whose header is rendered apart from its Markdown (page_markdown), and
        # src_uri -> that header, from page_markdown until with_head puts it back.
        self._headed: dict[str, NewsPost] = {}
        self._heads: dict[str, str] = {}
        # src_uri -> Markdown of a generated page, until the generator reads it (hand_over_pages).
        self._handed_over: dict[str, str] = {}
        self.generated: set[str] = set()  # src_uri of every generated page
        # src_uri -> the day a page's content last changed, where known: the sitemap's <lastmod>
        # (a post's date, a procedure's last update, a list's newest post).
        self.lastmod: dict[str, str] = {}

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    def load(self, docs_dir: Path | None = None) -> Site:
        """Load and validate all content, then plan every output; raise ContentError on problems.
        ``docs_dir``, the generator's folder of hand-written pages, is checked for links too."""
        with self.timer.stage("build_load"):
            return self._load(docs_dir)

    def _load(self, docs_dir: Path | None) -> Site:
        with self.timer.stage("load"):
            site = load_site(self.root, self.when, max_pdf_bytes=int(self.options.max_pdf_mb * MB),
                             max_file_bytes=int(self.options.max_file_mb * MB),
                             cache=self.load_cache, docs_dir=docs_dir)
        problems = list(site.problems) + self.setting_problems
        if docs_dir is not None:
            problems += source.symlink_problems(docs_dir.parent, docs_dir.name)
        if problems:
            raise ContentError(problems)
        self.site = site
        self.renderer = PageRenderer(site, self.options, cache=self.render_cache)
        for post in site.posts:
            self._publish(post.source, f"{post.url}index.html",
                          lambda post=post: self.renderer.post_source(post), headed=post)
            # A post is found by its header: title, summary, picture. Its body is not indexed:
            # at 10,000 posts, indexing even its first 50 words made a first query fetch up to
            # 355 KB (README, "Search"); the guide tells editors to put searched words in the
            # title and summary.
            self._search_scope[post.source] = (None, 1)
            self.lastmod[post.source] = post.date.date().isoformat()
        for asset in site.assets:
            self.files.append(SourceFile(asset, f"{NEWS_URL}/{asset.removeprefix(NEWS_DIR + '/')}"))
        self.pages = self.renderer.listing_pages()
        for procedure in site.procedures:
            self._publish(procedure.source, f"{procedure.url}index.html",
                          lambda p=procedure: procedure_source(self.renderer, p, site.procedures))
            # Citizens search a procedure by any part of its record (a form's name, a fee):
            # procedures are few, so their whole text is indexed, unlike news.
            self._search_scope[procedure.source] = (None, None)
            self.lastmod[procedure.source] = procedure.updated.isoformat()
        for path in site.procedure_files:
            self.files.append(SourceFile(path, form_url(path)))
        self.pages.append(procedure_index(self.renderer, site.procedures))
        bulletin_pages = BulletinPages(self.renderer)
        for bulletin in site.bulletins:
            self._publish(bulletin.source, f"{bulletin.url}index.html",
                          lambda b=bulletin: bulletin_pages.source(b),
                          trusted_tail=lambda b=bulletin: bulletin_pages.viewer(b))
            self.lastmod[bulletin.source] = bulletin.date.date().isoformat()
            for path in bulletin.files:
                self.files.append(SourceFile(path, attachment_url(path)))
        self.pages.append(bulletin_pages.archive())
        document_pages = DocumentPages(self.renderer)
        for document in site.documents:
            self._publish(document.source, f"{document.url}index.html",
                          lambda d=document: document_pages.source(d))
            # Few, and searched by number and subject: indexed whole, like procedures.
            self._search_scope[document.source] = (None, None)
            if document.file:
                self.files.append(SourceFile(document.file, document_file_url(document.file)))
        self.pages.append(document_pages.index())
        self.pages += [contact_page(self.renderer), accessibility_page(self.renderer)]
        self.pages.append(guide_page(self.renderer))
        with self.timer.stage("feeds"):
            self.outputs = [*feed_files(site, self.options, self.later), *embed_files(site, self.options, self.renderer)]
        with self.timer.stage("coverage"):
            self.coverages = coverages(site, self.options.as_of or self.when.date())
        report, report_files = report_pages(self.renderer, self.coverages, self.options.site_url, self.later)
        self.pages += report
        self.outputs += report_files
        self.admin = admin_output(site, self.cms, self.options.site_name, self.options.site_url, self.root, cache=self.render_cache)
        self.outputs += self.admin.files
        self._redirects(site, docs_dir)
        return site

    def _redirects(self, site: Site, docs_dir: Path | None) -> None:
        """Moved addresses (content/redirects.yml): each old one keeps a page that leads on, and
        the list of every address served goes out for publishing's lost-address check."""
        served = {f.dest_uri.removesuffix("index.html") for f in self.files if f.dest_uri.endswith("/index.html")}
        served |= {page.url for page in self.pages} | _hand_written(docs_dir)
        problems = redirect_problems(site.redirects, served)
        if problems:
            raise ContentError(problems)
        self.outputs += redirect_files(self.renderer, site.redirects, self.options)
        self.outputs.append((ADDRESS_LIST, address_list(site, self.pages)))

    def plan_findings(self) -> tuple[list[str], list[str]]:
        """(errors, notes) of the plan check: overdue items of signed plans are warnings among the
        notes (errors with the ``overdue: block`` option); pending ones are notes (errors with
        ``pending_fails``); a draft plan's items, years without a plan and a plan's missing
        number or date are always notes."""
        # A draft plan (not signed yet) is checked and reported, but never fails the build;
        # nor do years without a plan, nor a plan's missing number or signing date.
        signed = [c for c in self.coverages if not c.plan.draft]
        # An overdue item is the unit's to catch up on, not by default a reason to hold back
        # other news: it is a warning unless the unit chose ``overdue: block``.
        block = self.options.overdue == "block"
        overdue = [str(f) for c in signed for f in c.overdue] if block else overdue_warnings(signed)
        pending = [str(f) for c in signed for f in c.pending]
        info = self.site.plan_years.notes(content_years(self.site)) if self.site else []
        # One line per draft plan: listing each of its items on every build would drown the log.
        info += [str(Problem(c.plan.path, c.plan.line("draft"), "draft",
                             f"kế hoạch {c.plan.year} là bản nháp, chưa ký: {len(c.overdue)} mục quá hạn và "
                             f"{len(c.pending)} mục đang chờ, chưa tính là lỗi cho đến khi kế hoạch được ký; "
                             f"xem trang ke-hoach/{c.plan.year}/ hoặc lệnh cchc coverage --year {c.plan.year}",
                             field_title(PLAN_FIELDS, "draft")))
                 for c in self.coverages if c.plan.draft]
        errors = [*(overdue if block else []), *(pending if self.options.pending_fails else [])]
        notes = [*([] if block else overdue), *([] if self.options.pending_fails else pending), *info]
        return errors, notes

    def _publish(self, src_uri: str, dest_uri: str, make_source: Callable[[], str],
                 trusted_tail: Callable[[], str] | None = None, headed: NewsPost | None = None) -> None:
        self.files.append(SourceFile(src_uri, dest_uri))
        self._sources[src_uri] = make_source
        if trusted_tail is not None:
            self._trusted_tails[src_uri] = trusted_tail
        if headed is not None:  # a post, whose header page_markdown renders apart
            self._headed[src_uri] = headed

    def sample_findings(self) -> tuple[list[str], list[str]]:
        """(errors, notes) for the published procedures marked as sample data."""
        assert self.site is not None
        errors, notes = sample_problems(self.site.procedures, self.options)
        return [str(p) for p in errors], notes

    def held_back(self) -> list[str]:
        """One line for each file that is not published, saying why."""
        assert self.site is not None
        drafts = [*self.site.drafts, *self.site.bulletin_drafts, *self.site.procedure_drafts,
                  *self.site.document_drafts]
        lines = [f"{d.source}: bản nháp, chưa đăng (bỏ dòng 'draft: true' khi muốn đăng)"
                 for d in sorted(drafts, key=lambda d: d.source)]
        built = vn_moment(self.site.build_time)
        lines += [f"{r.source}: hẹn đăng lúc {vn_moment(r.date)}, sau thời điểm dựng trang ({built}); "
                  "chưa đăng, sẽ tự đăng khi đến giờ" for r in (*self.site.scheduled, *self.site.scheduled_bulletins)]
        lines += [f"{path}: không bản tin nào dùng tệp này; chưa đăng"
                  for path in self.site.unused_bulletin_files]
        lines += [f"{d.source}: đăng ngày {d.listed.isoformat()}, sau thời điểm dựng trang "
                  f"{self.site.build_time.isoformat()}; chưa đăng" for d in self.site.scheduled_documents]
        lines += [f"{path}: không văn bản nào ghi tệp này (file:); chưa đăng"
                  for path in self.site.unused_document_files]
        return lines

    def hand_over_pages(self) -> list[str]:
        """Source paths of the generated pages; from now on page_source gives each page's
        Markdown, once, and the build keeps no copy of it.

        MkDocs keeps the Markdown of every page it reads until the build ends: handing it over
        when read, rather than inside each registered file, keeps one copy of every listing
        page instead of two (about 50 MB at 10,000 posts).
        """
        self._handed_over.update((page.src_uri, page.content) for page in self.pages)
        self.lastmod.update((page.src_uri, page.lastmod) for page in self.pages if page.lastmod)
        self.generated.update(self._handed_over)
        self.pages = []
        return list(self._handed_over)

    def makes(self, src_uri: str) -> bool:
        """True for a page whose text page_source gives (an editor's page, a generated page)."""
        return src_uri in self._sources or src_uri in self.generated

    def is_html(self, src_uri: str) -> bool:
        """True for a generated page: its body (after the front matter) is HTML our templates
        wrote, escaped, which Python-Markdown would give back unchanged
        (tests/test_generated_html.py), so the generator may skip Markdown for it."""
        return src_uri in self.generated

    def later_source(self, src_uri: str) -> Later | None:
        """A handed-over page's Markdown not made yet (``later``), or None."""
        handed_over = self._handed_over.get(src_uri)
        return handed_over if isinstance(handed_over, Later) and not handed_over.made else None

    def page_source(self, src_uri: str) -> str | None:
        """The Markdown to render for an editor's page or a handed-over generated page, or None
        for pages we do not own."""
        with self.timer.stage("page_sources"):
            handed_over = self._handed_over.pop(src_uri, None)
            if handed_over is not None:
                return handed_over() if isinstance(handed_over, Later) else handed_over
            make = self._sources.get(src_uri)
            return make() if make else None

    def page_markdown(self, src_uri: str) -> str | None:
        """What the generator renders as Markdown: page_source, except that a post's header is
        left out, to be put back by with_head once the rest is rendered. The header is HTML our
        template escaped, a block of its own, which Python-Markdown parsed only to give it back
        unchanged: about a third of the Markdown time of a post (tests/test_post_header.py
        shows the pages are the same either way)."""
        post = self._headed.get(src_uri)
        # After the header, blank-looking lines that open the body are blank lines; at the start
        # of the text Python-Markdown would keep them (a tab there starts a code block).
        body = _LEADING_BLANK_LINES.sub("", post.body) if post is not None else ""
        # A text that str.strip() empties is no page at all to Python-Markdown, though after the
        # header "\t\u00a0" is a code block: such a body is rendered with its header.
        if post is None or not body.strip():
            return self.page_source(src_uri)
        with self.timer.stage("page_sources"):
            self._heads[src_uri] = self.renderer.post_header(post).strip()
            return self.renderer.post_front_matter(post) + body

    def with_head(self, src_uri: str, html: str) -> str:
        """The page's HTML as Python-Markdown makes it from page_source: the header left out by
        page_markdown, then a blank line and ``html``; ``html`` itself for any other page."""
        head = self._heads.pop(src_uri, None)
        if head is None:
            return html
        return head + "\n\n" + html if html else head

    def page_request(self, src_uri: str, dest_uri: str, html: str, title: str | None) -> PageRequest:
        """What finishing a page's content needs (cchc.finishing): editors' pages pass through
        the HTML allow-list (generated pages are escaped already), then the part search indexes
        is marked (cchc.search.searchable_part) within the page's scope."""
        with self.timer.stage("finish_requests"):
            tail = self._trusted_tails.get(src_uri) if src_uri in self._sources else None
            words, blocks = self._search_scope.get(src_uri, (INDEXED_WORDS, None))
            return PageRequest(dest_uri, html, src_uri in self._sources, tail() if tail else "", words, blocks, title)
