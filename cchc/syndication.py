"""Which feeds and embed pages the site has, and what goes in each."""

from __future__ import annotations

from dataclasses import dataclass

from .content import Site
from .dates import vn_date
from .feeds import Enclosure, Feed, FeedItem, newest_first, render
from .news import NewsPost
from .pages import TOPIC_URL, Options, PageRenderer

EMBED_URL = "nhung"
EMBED_LIMIT = 10


def post_item(site: Site, post: NewsPost) -> FeedItem:
    """A news post as a feed item: topics as categories, its image as the enclosure."""
    plan = site.plans[post.year]
    categories = tuple(plan.topic(t).name for t in post.topics)
    enclosure = Enclosure.for_file(post.image_url, post.image_bytes) if post.image else None
    return FeedItem(post.url, post.title, post.summary, post.date, categories, enclosure)


def site_items(site: Site) -> list[FeedItem]:
    """Everything the site feed carries: news posts (and, as they come, bulletins)."""
    return [post_item(site, p) for p in site.posts]


def topic_slugs(site: Site) -> dict[str, list[tuple[int, str]]]:
    """Topic slug -> the (year, topic id) pairs that share it, newest year first."""
    slugs: dict[str, list[tuple[int, str]]] = {}
    for year in sorted(site.plans, reverse=True):
        for topic in site.plans[year].topics:
            slugs.setdefault(topic.slug, []).append((year, topic.id))
    return slugs


def topic_items(site: Site, pairs: list[tuple[int, str]]) -> list[FeedItem]:
    """Feed items of the posts that list any of the (year, topic id) ``pairs``."""
    return [post_item(site, p) for year, topic_id in pairs for p in site.posts_of_topic(year, topic_id)]


def feeds(site: Site, options: Options) -> list[Feed]:
    """Every feed of the site: the site feed in RSS and Atom, and one RSS feed per topic."""
    latest = newest_first(site_items(site))
    description = "Tin tức, bản tin cải cách hành chính của Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    out = [Feed("feed.xml", options.site_name, description, "", latest),
           Feed("atom.xml", options.site_name, description, "", latest, atom=True)]
    for slug, pairs in topic_slugs(site).items():
        topic = site.plans[pairs[0][0]].topic(pairs[0][1])
        out.append(Feed(f"{TOPIC_URL}/{slug}/feed.xml", f"{topic.name} - {options.site_name}",
                        topic.title, f"{TOPIC_URL}/{slug}/", newest_first(topic_items(site, pairs))))
    return out


def feed_files(site: Site, options: Options) -> list[tuple[str, bytes]]:
    """(path, XML) of every feed, ready to write."""
    return [(feed.path, render(feed, options.site_url, site.build_time, options.author))
            for feed in feeds(site, options)]


@dataclass(frozen=True)
class EmbedEntry:
    """A line of the embed page: date, title, absolute link."""

    date: str
    iso: str
    title: str
    href: str


def embed_files(site: Site, options: Options, renderer: PageRenderer) -> list[tuple[str, str]]:
    """(path, HTML) of the embed pages for the portal's iframe: the site's and each topic's."""
    absolute = lambda url: options.site_url.rstrip("/") + "/" + url
    template = renderer.env.get_template("embed.html")

    def page(path: str, heading: str, items: list[FeedItem], more_url: str) -> tuple[str, str]:
        entries = [EmbedEntry(vn_date(i.date), i.date.isoformat(), i.title, absolute(i.url))
                   for i in newest_first(items, EMBED_LIMIT)]
        return path, template.render(heading=heading, entries=entries, more=absolute(more_url),
                                     site_name=options.site_name, feed=absolute("feed.xml"))

    out = [page(f"{EMBED_URL}/index.html", "Tin cải cách hành chính", site_items(site), "tin-tuc/")]
    for slug, pairs in topic_slugs(site).items():
        topic = site.plans[pairs[0][0]].topic(pairs[0][1])
        out.append(page(f"{EMBED_URL}/{slug}/index.html", topic.name, topic_items(site, pairs),
                        f"{TOPIC_URL}/{slug}/"))
    return out
