"""Which feeds and embed pages the site has, and what goes in each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from itertools import takewhile
from typing import Sequence

from ..config import Options
from ..content.bulletins import BULLETIN_URL, Bulletin
from ..content.documents import DOCUMENTS_URL, REPLACED, Document
from ..content.load import Site, topic_ancestry
from ..content.news import NewsPost
from ..content.procedures import PROCEDURES_URL, SAMPLE_LABEL, SAMPLE_NOTE, Decision, Procedure
from ..dates import VIETNAM, vn_date
from ..site.pages import TOPIC_URL, PageRenderer
from ..site.render_cache import Later
from .feeds import FEED_LIMIT, Enclosure, Feed, FeedItem, newest_first, render

EMBED_URL = "nhung"
EMBED_LIMIT = 10


def post_item(site: Site, post: NewsPost) -> FeedItem:
    """A news post as a feed item: topics as categories, its image as the enclosure."""
    categories = tuple(_topic_name(site, post.year, t) for t in post.topics)
    enclosure = Enclosure.for_file(post.image_url, post.image_bytes) if post.image else None
    return FeedItem(post.url, post.title, post.summary, post.date, categories, enclosure,
                    _first_url(site, post.url))


def bulletin_item(site: Site, bulletin: Bulletin) -> FeedItem:
    """A bulletin issue as a feed item, with its PDF as the enclosure."""
    contents = "; ".join(entry.title for entry in bulletin.contents)
    summary = f"{bulletin.label}: {bulletin.title}." + (f" Nội dung: {contents}." if contents else "")
    return FeedItem(bulletin.url, f"{bulletin.label}: {bulletin.title}", summary, bulletin.date,
                    tuple(_topic_name(site, bulletin.year, t) for t in bulletin.topics),
                    Enclosure(bulletin.pdf_url, bulletin.pdf_bytes, "application/pdf"),
                    _first_url(site, bulletin.url))


def _first_url(site: Site, url: str) -> str:
    """The address the item was first published at, when it has moved since; else ''."""
    first = site.redirects.first_address(url)
    return first if first != url else ""


def _topic_name(site: Site, year: int, topic_id: str) -> str:
    # An id of a year with no plan before it was not checked: it is shown as it is written.
    topic = site.plan_years.topic(year, topic_id)
    return topic.name if topic else topic_id


def procedure_change_item(procedure: Procedure, decision: Decision) -> FeedItem:
    """One decision about a procedure (new, amended, replaced, abolished, restored) as a feed item."""
    kind = decision.kind_label
    title = f"{kind[0].upper()}{kind[1:]}: {procedure.name}"
    summary = (f"Thủ tục {procedure.code} ({procedure.field}) được {kind} theo Quyết định số "
               f"{decision.number} ngày {vn_date(decision.date)}"
               + (f" của {decision.issuer}" if decision.issuer else "") + ".")
    if procedure.sample:
        # Readers of the portal see the item without the page's notice: say it in the item.
        title = f"{title} ({SAMPLE_LABEL})"
        summary = f"{SAMPLE_LABEL} ({SAMPLE_NOTE}). {summary}"
    moment = datetime.combine(decision.date, time(), tzinfo=VIETNAM)
    return FeedItem(f"{procedure.url}#{decision.anchor}", title, summary, moment, (procedure.field,))


def document_item(document: Document) -> FeedItem:
    """A document put in the register, with its file as the enclosure."""
    summary = (f"{document.label} ngày {vn_date(document.date)} của {document.issuer}: "
               f"{document.subject}. Tình trạng: {document.status_label.lower()}.")
    enclosure = Enclosure.for_file(document.file_url, document.file_bytes) if document.file else None
    return FeedItem(document.url, document.title, summary, document.listed,
                    (document.type, document.issuer), enclosure)


def document_change_items(document: Document, by_source: dict[str, Document]) -> list[FeedItem]:
    """What later happened to a document, each as its own item: replaced, amended, expired (the
    caller keeps those dated by the build day)."""
    at = lambda day: datetime.combine(day, time(), tzinfo=VIETNAM)
    items = []
    replacement = by_source.get(document.replacement or "")
    if document.status == REPLACED and replacement is not None:
        items.append(FeedItem(f"{document.url}#hieu-luc", f"Đã được thay thế: {document.title}",
                              f"{document.label} ngày {vn_date(document.date)} của {document.issuer} đã được "
                              f"thay thế bởi {replacement.label} ngày {vn_date(replacement.date)}, từ ngày "
                              f"{vn_date(replacement.in_force_from)}.", at(replacement.in_force_from),
                              (document.type, document.issuer)))
    elif document.status == "expired" and document.expires:
        items.append(FeedItem(f"{document.url}#hieu-luc", f"Hết hiệu lực: {document.title}",
                              f"{document.label} ngày {vn_date(document.date)} của {document.issuer} hết hiệu "
                              f"lực từ ngày {vn_date(document.expires)}.", at(document.expires),
                              (document.type, document.issuer)))
    for source in document.amendments:
        other = by_source.get(source)
        if other is not None:
            items.append(FeedItem(f"{document.url}#sua-doi-{other.slug}-{other.year}",
                                  f"Được sửa đổi, bổ sung: {document.title}",
                                  f"{document.label} ngày {vn_date(document.date)} được sửa đổi, bổ sung bởi "
                                  f"{other.label} ngày {vn_date(other.date)}.", at(other.in_force_from),
                                  (document.type, document.issuer)))
    return items


def document_items(site: Site) -> list[FeedItem]:
    """The documents feed: each document put in the register, and what later changed it."""
    by_source = {d.source: d for d in site.documents}
    build_day = site.build_time.date()
    return ([document_item(d) for d in site.documents]
            + [i for d in site.documents for i in document_change_items(d, by_source)
               if i.date.date() <= build_day])


def site_feed_items(site: Site, limit: int | None = None) -> list[FeedItem]:
    """Everything the site feed carries: news posts and bulletin issues; with ``limit``, only
    those that can be among the newest ``limit`` (newest_first then picks them)."""
    return ([post_item(site, p) for p in _newest(site.posts, limit)]
            + [bulletin_item(site, b) for b in _newest(site.bulletins, limit)])


def _newest(records: Sequence, limit: int | None) -> Sequence:
    """The head of a newest-first sequence that can hold its newest ``limit``: the first
    ``limit`` and those dated like the last of them (newest_first breaks ties by URL)."""
    # Feeds show 50 items and embeds 10: making an item of every post, for every topic feed and
    # embed, was most of the feeds' time at 10,000 posts.
    if limit is None or len(records) <= limit:
        return records
    last = records[limit - 1].date
    return [*records[:limit], *takewhile(lambda record: record.date >= last, records[limit:])]


def topic_slugs(site: Site) -> dict[str, list[tuple[int, str]]]:
    """Topic slug -> the (year, topic id) pairs its feed carries: one slug per topic id, every
    year with content, newest first (posts of a year with no plan count under the ids they list)."""
    years = sorted({*site.plans, *site.years, *(b.year for b in site.bulletins)}, reverse=True)
    return {home.slug: [(year, home.id) for year in years] for home in site.plan_years.homes.values()}


def topic_items(site: Site, pairs: list[tuple[int, str]], limit: int | None = None) -> list[FeedItem]:
    """Feed items of the posts and bulletins that list any of the (year, topic id) ``pairs``;
    with ``limit``, of the posts only those that can be among the newest ``limit``."""
    items = {post_item(site, p) for year, topic_id in pairs
             for p in _newest(site.posts_of_topic(year, topic_id), limit)}
    items |= {bulletin_item(site, b) for year, topic_id in pairs for b in site.bulletins
              if b.year == year and any(topic_id in topic_ancestry(t) for t in b.topics)}
    return list(items)


def feed_paths(site: Site) -> list[str]:
    """The path of every feed (feeds), without making them."""
    return ["feed.xml", "atom.xml", *(f"{TOPIC_URL}/{slug}/feed.xml" for slug in topic_slugs(site)),
            f"{BULLETIN_URL}/feed.xml", f"{PROCEDURES_URL}/feed.xml", f"{DOCUMENTS_URL}/feed.xml"]


def feeds(site: Site, options: Options) -> list[Feed]:
    """Every feed of the site: the site feed in RSS and Atom, and one RSS feed per topic."""
    latest = newest_first(site_feed_items(site, FEED_LIMIT))
    description = "Tin tức, bản tin cải cách hành chính của Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
    out = [Feed("feed.xml", options.site_name, description, "", latest),
           Feed("atom.xml", options.site_name, description, "", latest, atom=True)]
    for slug, pairs in topic_slugs(site).items():
        topic = site.plan_years.homes[pairs[0][1]].topic
        out.append(Feed(f"{TOPIC_URL}/{slug}/feed.xml", f"{topic.name} - {options.site_name}",
                        topic.title, f"{TOPIC_URL}/{slug}/", newest_first(topic_items(site, pairs, FEED_LIMIT))))
    out.append(Feed(f"{BULLETIN_URL}/feed.xml", f"Bản tin - {options.site_name}",
                    "Các số bản tin khoa học và công nghệ, kèm tệp PDF", f"{BULLETIN_URL}/",
                    newest_first(bulletin_item(site, b) for b in site.bulletins)))
    changes = [procedure_change_item(p, d) for p in site.procedures for d in p.decisions]
    out.append(Feed(f"{PROCEDURES_URL}/feed.xml", f"Thủ tục hành chính - {options.site_name}",
                    "Thủ tục hành chính được công bố mới, sửa đổi, thay thế, bãi bỏ, khôi phục",
                    f"{PROCEDURES_URL}/", newest_first(changes)))
    out.append(Feed(f"{DOCUMENTS_URL}/feed.xml", f"Văn bản - {options.site_name}",
                    "Văn bản cải cách hành chính mới đăng và văn bản thay đổi tình trạng hiệu lực "
                    "(được thay thế, sửa đổi, bổ sung, hết hiệu lực)", f"{DOCUMENTS_URL}/",
                    newest_first(document_items(site))))
    return out


def feed_files(site: Site, options: Options, later: bool = False) -> list[tuple[str, bytes | Later]]:
    """(path, XML) of every feed, ready to write; ``later``: each XML a Later, all made together
    when one is asked for (the preview, after the saved page is served)."""
    if later:
        made = Later(lambda: dict(feed_files(site, options)))
        return [(path, made.part(lambda files, path=path: files[path])) for path in feed_paths(site)]
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

    out = [page(f"{EMBED_URL}/index.html", "Tin cải cách hành chính", site_feed_items(site, EMBED_LIMIT),
                "tin-tuc/")]
    for slug, pairs in topic_slugs(site).items():
        topic = site.plan_years.homes[pairs[0][1]].topic
        out.append(page(f"{EMBED_URL}/{slug}/index.html", topic.name, topic_items(site, pairs, EMBED_LIMIT),
                        f"{TOPIC_URL}/{slug}/"))
    # A file, not a folder: nhung/<slug>/ is a topic's, and a topic may be named "Văn bản".
    out.append(page(f"{EMBED_URL}/{DOCUMENTS_URL}.html", "Văn bản cải cách hành chính",
                    document_items(site), f"{DOCUMENTS_URL}/"))
    return out
