"""One build of the site: load content, decide which files exist, give each page its source.

A generator adapter (the MkDocs hooks) creates a new Build for every build, so nothing is
carried over between rebuilds of ``mkdocs serve``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .content import Site, load_site
from .dates import build_time as clock
from .news import NEWS_DIR, NEWS_URL, NewsPost
from .pages import GeneratedPage, Options, PageRenderer
from .problems import ContentError
from .sanitize import sanitize_html

CONTENT_DIR = "content"


@dataclass(frozen=True)
class SourceFile:
    """A file published from the content tree: where it is read and where it is written."""

    src_uri: str   # relative to the project root, e.g. content/news/2022/a.md
    dest_uri: str  # relative to the output folder, e.g. tin-tuc/2022/a/index.html


def options_from(settings: dict | None, site_name: str) -> Options:
    """Options from the generator's ``extra.cchc`` settings, with defaults for what is absent."""
    settings = settings or {}
    return Options(
        site_name=site_name,
        page_size=int(settings.get("page_size", Options.page_size)),
        home_latest=int(settings.get("home_latest", Options.home_latest)),
    )


class Build:
    """State of one build: the loaded Site and the pages made from it."""

    def __init__(self, root: Path, options: Options, when: datetime | None = None):
        self.root = root
        self.options = options
        self.when = when or clock()
        self.site: Site | None = None
        self._renderer: PageRenderer | None = None
        self._posts: dict[str, NewsPost] = {}

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    def load(self) -> Site:
        """Load and validate all content; raise ContentError listing every problem."""
        site = load_site(self.root, self.when)
        if site.problems:
            raise ContentError(list(site.problems))
        self.site = site
        self._renderer = PageRenderer(site, self.options)
        self._posts = {p.source: p for p in site.posts}
        return site

    def held_back(self) -> list[str]:
        """One line for each file that is not published, saying why."""
        assert self.site is not None
        lines = [f"{p.source}: draft, not published (remove 'draft: true' to publish)"
                 for p in self.site.drafts]
        lines += [f"{p.source}: scheduled for {p.date.isoformat()}, after the build time "
                  f"{self.site.build_time.isoformat()}; not published yet" for p in self.site.scheduled]
        return lines

    def source_files(self) -> list[SourceFile]:
        """Published posts (as pages) and the files beside them (images, attachments)."""
        assert self.site is not None
        files = [SourceFile(p.source, f"{p.url}index.html") for p in self.site.posts]
        for asset in self.site.assets:
            files.append(SourceFile(asset, f"{NEWS_URL}/{asset.removeprefix(NEWS_DIR + '/')}"))
        return files

    def generated_pages(self) -> list[GeneratedPage]:
        """Listing pages that exist only in the build."""
        assert self._renderer is not None
        return self._renderer.listing_pages()

    def page_source(self, src_uri: str) -> str | None:
        """The Markdown to render for a content page, or None for pages we do not own."""
        post = self._posts.get(src_uri)
        if post is None or self._renderer is None:
            return None
        return self._renderer.post_source(post)

    def page_html(self, src_uri: str, html: str) -> str:
        """Editors' pages pass through the HTML allow-list; generated pages are escaped already."""
        return sanitize_html(html) if src_uri in self._posts else html
