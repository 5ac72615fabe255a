"""Page generation: Markdown sources for post pages and the generated listing pages."""

from __future__ import annotations

import functools
import json
import posixpath
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import jinja2
from markupsafe import Markup, escape

from ..config import Options
from ..content.bulletins import Bulletin
from ..content.load import Site
from ..content.news import NEWS_URL, NewsPost
from ..content.plan import PlanTopic
from ..content.plan_years import PlanYears
from ..dates import vn_date
from .pagination import Pager, paginate, paginate_groups
from .render_cache import RenderCache, frozen
from .structured import post_meta

TOPIC_URL = "chu-de"
_LINK_MARK = Markup("\x00link\x00")  # where a post's link goes in its list item (post_items)


@dataclass(frozen=True)
class GeneratedPage:
    """A page that exists only in the build: its source path, URL and Markdown."""

    src_uri: str
    url: str
    content: str
    lastmod: str | None = None  # the day its content last changed (the sitemap's <lastmod>), if known


def relative(target: str, current: str) -> str:
    """Link from the page at ``current`` to ``target`` (both site-relative, directory URLs)."""
    if "#" in target:
        target, _, anchor = target.partition("#")
        return relative(target, current) + "#" + anchor
    start = current.rstrip("/") or "."
    path = target.rstrip("/") or "."
    start_parts, path_parts = _parts(start), _parts(path)
    if start_parts is None or path_parts is None:
        rel = posixpath.relpath(path, start)
    else:
        # posixpath.relpath's result without its two getcwd() calls, a third of the time spent
        # on listing pages at 10,000 posts (every link of every list goes through here).
        common = 0
        for mine, theirs in zip(start_parts, path_parts):
            if mine != theirs:
                break
            common += 1
        rel = "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."
    if rel == ".":
        return "./"
    return rel + ("/" if target.endswith("/") or target == "" else "")


def _parts(path: str) -> list[str] | None:
    """The segments of a normalised relative path; None if it is absolute or climbs out (..)."""
    norm = posixpath.normpath(path)
    if norm.startswith(("/", "..")):
        return None
    return [] if norm == "." else norm.split("/")


def topic_url(topic: PlanTopic, plan_years: PlanYears) -> str:
    """The topic's page: one per id across every plan, at the slug the oldest plan that defines
    the id gave it; a later plan may rename the topic, but its page never moves."""
    home = plan_years.homes.get(topic.id)
    return f"{TOPIC_URL}/{home.slug if home else topic.slug}/"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the life of the process: each build makes a new environment
    (the preview and mkdocs serve build many times) but not new code. Jinja keys each entry by
    the template's name and checks its source's checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()


def template_environment() -> jinja2.Environment:
    """The Jinja environment of every template in templates/: each value printed is escaped."""
    return jinja2.Environment(
        bytecode_cache=_COMPILED,
        loader=jinja2.PackageLoader("cchc.site", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        # Templates are read once per build (mkdocs serve makes a new renderer each time):
        # checking their files' dates on every page was two stat() calls per page.
        auto_reload=False,
    )


class PageRenderer:
    """Renders Markdown for post pages and every listing page from one Site; with a ``cache``
    (the preview's), what the last build through it made from equal inputs is given again."""

    def __init__(self, site: Site, options: Options, cache: RenderCache | None = None):
        self.site = site
        self.options = options
        self.cache = cache
        if cache is not None:
            # What pages read besides what each is given: the plans (topics' names and pages),
            # the issues listing each post (its header), the options.
            cache.start((dict(site.plans), frozenset(getattr(site.plans, "broken", ())), options,
                         {post: [(b.url, b.label) for b in issues] for post, issues in self._bulletins_listing.items()},
                         # The documents each post names (its header links them); only posts that name
                         # one, so that a post added or removed that names none keeps every other page.
                         {p.source: cited for p in site.posts
                          if (cited := [(d.url, d.label) for d in site.citations.of_post(p)])}))
        self.env = template_environment()
        self.env.filters["vn_date"] = vn_date
        self.env.globals["topic_of"] = self.topic_of
        self.env.globals["topics_of"] = self.topics_of
        self.env.globals["topic_url"] = self.topic_url
        self.env.globals["post_items"] = self.post_items
        self._items: dict[tuple[str, int], tuple[str, str]] = {}  # (post, heading level) -> item around its link

    def topic_of(self, post: NewsPost | Bulletin, topic_id: str) -> PlanTopic | None:
        """The topic as the plan that checked the record reads it; None for an id no plan has
        (content of a year with no plan before it: its ids were not checked)."""
        return self.site.plan_years.topic(post.year, topic_id)

    def topics_of(self, post: NewsPost | Bulletin) -> list[PlanTopic]:
        """The record's topics a plan defines, in its order (topic_of)."""
        return [topic for topic in (self.topic_of(post, i) for i in post.topics) if topic is not None]

    def topic_url(self, topic: PlanTopic) -> str:
        """The topic's page (topic_url) among this site's plans."""
        return topic_url(topic, self.site.plan_years)

    def post_items(self, posts: list[NewsPost], url: Callable[[str], str], level: int) -> Markup:
        """The items of a list of posts (_macros.html, post_list), each linked relative to the page.

        A post is listed on up to five pages (the news list, its year, its topics): its item is
        rendered once from _post_item.html, with a mark where the link goes, and kept as the text
        before and after it; the link goes first, before any of the editor's text, so the mark
        cannot be mistaken for a value. A third of the listing pages' time at 10,000 posts.
        """
        items = []
        for post in posts:
            around = self._items.get((post.source, level))
            if around is None:
                make = functools.partial(self._item, post, level)
                around = self._items[(post.source, level)] = (
                    make() if self.cache is None else self.cache.of_post("post item", post, level, make))
            items.append(around[0] + str(escape(url(post.url))) + around[1])
        return Markup("\n".join(items))

    def _item(self, post: NewsPost, level: int) -> tuple[str, str]:
        """A post's list item, as the text before and after its link (post_items)."""
        item = self.env.get_template("_post_item.html").render(post=post, level=level, href=_LINK_MARK)
        before, _, after = item.partition(_LINK_MARK)
        return before, after

    def made_from(self, kind: str, key, make: Callable[[], object]):
        """make(), or with a cache what it gave for an equal ``key`` in the last build (a value
        made from the key, this renderer's site's plans and bulletins and its options alone)."""
        return make() if self.cache is None else self.cache.made_from(kind, key, make)

    def page(self, src_uri: str, url: str, template: str, title: str, description: str = "",
             meta: dict | None = None, *, lastmod: str | None = None, **context) -> GeneratedPage:
        """A generated page at ``url`` from ``template``; links in it are made relative to ``url``."""
        def make() -> GeneratedPage:
            html = self.env.get_template(template).render(
                title=title, url=lambda target: relative(target, url), options=self.options, **context)
            return GeneratedPage(src_uri, url, front_matter(title, description, meta) + html, lastmod)
        if self.cache is None:
            return make()
        try:  # a page given what cannot be compared (a plan) is always made
            key = frozen((src_uri, url, template, title, description, meta, lastmod, context))
        except TypeError:
            return make()
        return self.cache.made_from("page", key, make)

    def post_source(self, post: NewsPost) -> str:
        """Markdown of a post's page: a header from the front matter, then the editor's body."""
        if self.cache is not None:
            return self.cache.post_source(post, self._post_source)
        return self._post_source(post)

    def _post_source(self, post: NewsPost) -> str:
        return self.post_front_matter(post) + self.post_header(post) + "\n\n" + post.body

    def post_front_matter(self, post: NewsPost) -> str:
        """The front matter of a post's page: its title, summary, schema.org data and card."""
        return front_matter(post.title, post.summary, post_meta(post, self.options))

    def post_header(self, post: NewsPost) -> str:
        """The HTML block that opens a post's page (title, date, unit, summary, topics)."""
        bulletins = self._bulletins_listing.get(post.source, [])
        return self.env.get_template("post_header.html").render(
            post=post, bulletins=bulletins, documents=self.site.citations.of_post(post),
            url=lambda target: relative(target, post.url))

    @cached_property
    def _bulletins_listing(self) -> dict[str, list[Bulletin]]:
        # Issues that list each post, oldest first so the line reads in the order they came
        # out; indexed once rather than every issue searched for every post.
        listing: dict[str, list[Bulletin]] = {}
        for bulletin in reversed(self.site.bulletins):
            for entry in bulletin.contents:
                issues = listing.setdefault(entry.post, []) if entry.post else None
                if issues is not None and (not issues or issues[-1] is not bulletin):
                    issues.append(bulletin)
        return listing

    def listing_pages(self) -> list[GeneratedPage]:
        """Home, the paginated news list, the year archives, the topic index and topic pages."""
        if self.cache is not None:
            self.cache.keep_of_posts("post item", self.site.posts)
        pages = [self.home(), *self.news_pages(), *self.year_pages(), self.topic_index(), *self.topic_pages()]
        self._items.clear()  # every list is made: 10 to 20 MB at 10,000 posts, not kept to the build's end
        return pages

    def home(self) -> GeneratedPage:
        year = max(self.site.plans) if self.site.plans else None
        plan = self.site.plans.get(year) if year else None
        counts = {t.id: len(self.site.posts_of_topic(year, t.id)) for t in plan.topics} if plan else {}
        return self.page("index.md", "", "home.html", "Trang chủ",
                          "Tin tức, thủ tục hành chính và bản tin cải cách hành chính",
                          posts=self.site.posts[: self.options.home_latest], plan=plan, counts=counts,
                          lastmod=newest(self.site.posts))

    def news_pages(self) -> list[GeneratedPage]:
        """The news list, newest first, ``page_size`` posts a page."""
        lastmod = newest(self.site.posts)  # once, not for each of its 400 pages at 4,000 posts
        return [self.page(f"{pager.url}index.md", pager.url, "news_list.html", _numbered("Tin tức", pager),
                          "Tin tức cải cách hành chính", pager.meta, posts=posts, pager=pager, years=self.site.years,
                          lastmod=lastmod)
                for pager, posts in paginate(f"{NEWS_URL}/", self.site.posts, self.options.page_size)]

    def year_pages(self) -> list[GeneratedPage]:
        """Each year's archive, ``archive_page_size`` posts a page."""
        pages = []
        for year in self.site.years:
            posts = [p for p in self.site.posts if p.year == year]
            lastmod = newest(posts)
            pages += [self.page(f"{pager.url}index.md", pager.url, "news_year.html",
                                _numbered(f"Tin tức năm {year}", pager), f"Tin tức cải cách hành chính năm {year}",
                                pager.meta, posts=part, total=len(posts), pager=pager, year=year,
                                years=self.site.years, lastmod=lastmod)
                      for pager, part in paginate(f"{NEWS_URL}/{year}/", posts, self.options.archive_page_size)]
        return pages

    def topic_index(self) -> GeneratedPage:
        plans = [self.site.plans[y] for y in sorted(self.site.plans, reverse=True)]
        counts = {(p.year, t.id): len(self.site.posts_of_topic(p.year, t.id)) for p in plans for t in p.topics}
        return self.page(f"{TOPIC_URL}/index.md", f"{TOPIC_URL}/", "topic_index.html",
                          "Chủ đề tuyên truyền", "Các chủ đề tuyên truyền theo kế hoạch từng năm",
                          plans=plans, counts=counts)

    def topic_pages(self) -> list[GeneratedPage]:
        """One list per topic id of any plan: its posts of every year, newest year first, each
        year under its heading with the topic as that year's plan words it (None: the year has
        no plan; the topic was dropped from that year's plan: no entry, no posts), in pages of
        ``archive_page_size`` posts."""
        plans = self.site.plans
        pages = []
        for home in self.site.plan_years.homes.values():
            years = sorted({*home.years, *(p.year for p in self.site.posts_on(home.id))}, reverse=True)
            groups = [((year, plans[year].topic(home.id) if year in plans else None, year in plans),
                       self.site.posts_of_topic(year, home.id)) for year in years]
            base = f"{TOPIC_URL}/{home.slug}/"
            lastmod = newest([post for _, posts in groups for post in posts])
            for pager, part in paginate_groups(base, groups, self.options.archive_page_size):
                sections = [(year, entry, has_plan, posts) for (year, entry, has_plan), posts in part]
                pages.append(self.page(f"{pager.url}index.md", pager.url, "topic.html",
                                        _numbered(home.topic.name, pager), home.topic.title,
                                        {"section_feed": f"{base}feed.xml", **pager.meta},
                                        topic=home.topic, sections=sections, pager=pager, lastmod=lastmod))
        return pages


def newest(posts: list[NewsPost]) -> str | None:
    """The day of the newest of ``posts`` (a list's last change, for the sitemap), or None."""
    return max(post.date for post in posts).date().isoformat() if posts else None


def _numbered(title: str, pager: Pager) -> str:
    """A list's title, with its page's number after the first: "Tin tức - trang 2"."""
    return title if pager.number == 1 else f"{title} - trang {pager.number}"


def front_matter(title: str, description: str, meta: dict | None = None) -> str:
    """The YAML front matter block of a generated page: title, description and any ``meta``."""
    # JSON is valid YAML and escapes every character that could break the block.
    fields = {"title": title, "description": description, **(meta or {})}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def read_front_matter(text: str) -> tuple[dict, str] | None:
    """A page's text opened by ``front_matter``, read back: (its fields, the rest of the text
    as MkDocs gives it, the blank lines before it dropped); None if the text does not start
    with such a block. Each value is one line of JSON: reading it as JSON gives the values
    front_matter was given, in a hundredth of the time a YAML parser takes."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return None
    fields = {}
    for line in text[4:end].split("\n"):
        key, colon, value = line.partition(": ")
        if not colon:
            return None
        try:
            fields[key] = json.loads(value)
        except ValueError:
            return None
    return fields, text[end + 5:].lstrip("\n")
