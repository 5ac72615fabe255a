"""What a preview rebuild keeps from the last one while its inputs are equal.

Each class wraps one function of the core (cchc) for the life of the preview process: the core
itself keeps nothing between builds (a `mkdocs build` makes everything from the files), and these
wrappers are installed only by the preview (preview.site.Preview).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from cchc.content import source as content_source
from cchc.content.news import NewsPost


@dataclass
class ReadCache:
    """cchc.content.source.read, remembered by file (size, modification time): a rebuild parses only the
    files saved since. It also keeps each file's front matter, for the body-only fast path."""

    entries: dict[tuple[str, str], tuple[tuple[int, int, int], object]] = field(default_factory=dict)
    used: set[tuple[str, str]] = field(default_factory=set)  # the files read since next_build

    def install(self) -> None:
        read = content_source.read

        def cached_read(root: Path, rel: str):
            try:
                info = os.stat(Path(root) / rel)
                stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
            except OSError:
                return read(root, rel)
            key = (str(root), rel)
            self.used.add(key)
            hit = self.entries.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
            result = read(root, rel)
            self.entries[key] = (stamp, result)
            return result

        content_source.read = cached_read
        self._read = read

    def next_build(self) -> None:
        """Forget the files no build read since the last call: deleted or renamed ones."""
        self.entries = {key: hit for key, hit in self.entries.items() if key in self.used}
        self.used = set()

    def front_matter(self, root: Path, rel: str):
        """(meta, values as written) of the file when it was last loaded, or None."""
        hit = self.entries.get((str(root), rel))
        doc = hit[1][0] if hit else None
        return (doc.meta, doc.written) if doc is not None and not hit[1][1] else None


class PostSources:
    """cchc.site.pages.PageRenderer.post_source, remembered between rebuilds: a post's page Markdown
    depends on the post, the plans (topic names) and the bulletins (issues that list it), so it
    is made again only for a post that changed, or for all after a plan or bulletin changed."""

    def __init__(self) -> None:
        self.kept: dict = {}  # key (a value, or id() of an object kept with it) -> what was made
        self.used: dict = {}

    def install(self) -> None:
        from cchc.site.pages import PageRenderer

        make = PageRenderer.post_source
        names = [f.name for f in fields(NewsPost)]

        def post_source(renderer, post):
            # A post not saved since is the same object (CheckedPosts): found by identity, its
            # body compared too (the body-only path replaces it); otherwise by value.
            hit = self.kept.get(id(post))
            if hit is not None and hit[0] is post and hit[1] is post.body:
                self.used[id(post)] = hit
                return hit[2]
            key = tuple(getattr(post, name) for name in names)
            markdown = self.kept.get(key)
            if markdown is None:
                markdown = make(renderer, post)
            self.used[key] = markdown
            self.used[id(post)] = (post, post.body, markdown)
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


class GeneratedPages(PostSources):
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


class YearReports(PostSources):
    """cchc.plan.report.year_report, remembered between rebuilds by the year's coverage (every
    post and bulletin counted, the plan, the day) and the options: saving a post of 2022 makes
    2022's report and its .docx, CSV and coverage.json again, not every year's. Forgotten with
    the others after a plan or a bulletin changed (topic pages' addresses come from all plans)."""

    def install(self) -> None:
        import cchc.plan.report as report

        make = report.year_report

        def year_report(renderer, coverage, site_url):
            # A coverage is made from its plan, its day and the items it counts (coverage_report):
            # those are the key (hashing the statuses too cost a third of a rebuild).
            key = (coverage.plan, coverage.as_of, coverage.items, renderer.options, site_url)
            made = self.kept.get(key)
            if made is None:
                made = make(renderer, coverage, site_url)
            self.used[key] = made
            return made

        report.year_report = year_report


class CheckedPosts:
    """cchc.content.load's check_post, remembered for a post whose file was not saved since (the
    same parsed document: ReadCache) while the plans are equal: a save checks one post, not
    4,000. A post with a picture is checked every time (its check reads the picture's size)."""

    def __init__(self) -> None:
        self.kept: dict[int, tuple[object, int, tuple]] = {}  # id(doc) -> (doc, plans' generation, result)
        self.used: set[int] = set()  # id(doc) of the posts checked since next_build
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
            self.used.add(id(doc))
            hit = self.kept.get(id(doc))
            if hit is not None and hit[0] is doc and hit[1] == self.generation:
                return hit[2]
            result = check(doc, plans, file_sizes)
            self.kept[id(doc)] = (doc, self.generation, result)
            return result

        content_load.check_post = check_post

    def next_build(self) -> None:
        """Forget the posts no build checked since the last call (a saved file is a new document)."""
        self.kept = {key: hit for key, hit in self.kept.items() if key in self.used}
        self.used = set()


def remember_procedures() -> None:
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


class Caches:
    """Every cache above, installed together by the preview; next_build before each rebuild that
    loads the content again (``keep``: the plans and bulletins did not change)."""

    def __init__(self) -> None:
        self.reads, self.checked_posts = ReadCache(), CheckedPosts()
        self.post_sources, self.generated_pages, self.year_reports = PostSources(), GeneratedPages(), YearReports()

    def install(self) -> None:
        for cache in (self.reads, self.checked_posts, self.post_sources, self.generated_pages, self.year_reports):
            cache.install()
        remember_procedures()

    def next_build(self, keep: bool) -> None:
        for cache in (self.post_sources, self.generated_pages, self.year_reports):
            cache.next_build(keep)
        # Files and posts the last rebuild did not read (deleted, renamed, saved since) are let
        # go: a long session does not keep every version.
        self.reads.next_build()
        self.checked_posts.next_build()
