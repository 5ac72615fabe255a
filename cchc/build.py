"""One build of the site: load content, decide which files exist, give each page its source.

A generator adapter (the MkDocs hooks) creates a new Build for every build, so nothing is
carried over between rebuilds of ``mkdocs serve``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from .content import Site, load_site
from .dates import build_time as clock
from .news import NEWS_DIR, NEWS_URL
from .pages import GeneratedPage, Options, PageRenderer
from .problems import ContentError, Problem
from .sanitize import sanitize_html
from .syndication import embed_files, feed_files

CONTENT_DIR = "content"


@dataclass(frozen=True)
class SourceFile:
    """A file published from the content tree: where it is read and where it is written."""

    src_uri: str   # relative to the project root, e.g. content/news/2022/a.md
    dest_uri: str  # relative to the output folder, e.g. tin-tuc/2022/a/index.html


def options_from(settings: dict | None, site_name: str, site_url: str | None) -> Options:
    """Options from the generator's ``extra.cchc`` settings, with defaults for what is absent."""
    settings = settings or {}
    return Options(
        site_name=site_name,
        site_url=site_url or "",
        page_size=int(settings.get("page_size", Options.page_size)),
        home_latest=int(settings.get("home_latest", Options.home_latest)),
    )


class Build:
    """State of one build: the loaded Site, the files it publishes and each page's source."""

    def __init__(self, root: Path, options: Options, when: datetime | None = None):
        self.root = root
        self.options = options
        self.when = when or clock()
        self.site: Site | None = None
        self.renderer: PageRenderer | None = None
        self.files: list[SourceFile] = []
        self.pages: list[GeneratedPage] = []
        self.outputs: list[tuple[str, str | bytes]] = []  # feeds, embeds: written as they are
        # src_uri -> function making the Markdown of an editor's page (header + body).
        self._sources: dict[str, Callable[[], str]] = {}

    @property
    def content_dir(self) -> Path:
        return self.root / CONTENT_DIR

    def load(self) -> Site:
        """Load and validate all content, then plan every output; raise ContentError on problems."""
        site = load_site(self.root, self.when)
        problems = list(site.problems)
        if not self.options.site_url.startswith(("http://", "https://")):
            problems.append(Problem("mkdocs.yml", 1, "site_url",
                                    f"expected the site's absolute address, like https://example.gov.vn/cchc/, "
                                    f"found {self.options.site_url or 'nothing'!r}; feeds need absolute links"))
        if problems:
            raise ContentError(problems)
        self.site = site
        self.renderer = PageRenderer(site, self.options)
        for post in site.posts:
            self._publish(post.source, f"{post.url}index.html",
                          lambda post=post: self.renderer.post_source(post))
        for asset in site.assets:
            self.files.append(SourceFile(asset, f"{NEWS_URL}/{asset.removeprefix(NEWS_DIR + '/')}"))
        self.pages = self.renderer.listing_pages()
        self.outputs = [*feed_files(site, self.options), *embed_files(site, self.options, self.renderer)]
        return site

    def _publish(self, src_uri: str, dest_uri: str, make_source: Callable[[], str]) -> None:
        self.files.append(SourceFile(src_uri, dest_uri))
        self._sources[src_uri] = make_source

    def held_back(self) -> list[str]:
        """One line for each file that is not published, saying why."""
        assert self.site is not None
        lines = [f"{p.source}: draft, not published (remove 'draft: true' to publish)"
                 for p in self.site.drafts]
        lines += [f"{p.source}: scheduled for {p.date.isoformat()}, after the build time "
                  f"{self.site.build_time.isoformat()}; not published yet" for p in self.site.scheduled]
        return lines

    def page_source(self, src_uri: str) -> str | None:
        """The Markdown to render for an editor's page, or None for pages we do not own."""
        make = self._sources.get(src_uri)
        return make() if make else None

    def page_html(self, src_uri: str, html: str) -> str:
        """Editors' pages pass through the HTML allow-list; generated pages are escaped already."""
        return sanitize_html(html) if src_uri in self._sources else html
