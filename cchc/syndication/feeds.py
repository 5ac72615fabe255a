"""RSS 2.0 and Atom feeds: absolute links, permalink ids, Vietnam-time dates, no wall clock."""

from __future__ import annotations

import html
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from feedgen.feed import FeedGenerator
from lxml import etree

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50


@dataclass(frozen=True)
class Enclosure:
    """A file attached to an item: its site-relative URL, exact size in bytes and media type."""

    url: str
    length: int
    mime: str

    @classmethod
    def for_file(cls, url: str, length: int) -> "Enclosure":
        """An enclosure whose media type is guessed from the file name."""
        return cls(url, length, mimetypes.guess_type(url)[0] or "application/octet-stream")


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, built from a post, a bulletin or a procedure change."""

    url: str                      # site-relative permalink; also the stable id
    title: str
    summary: str
    date: datetime                # aware, Vietnam time
    categories: tuple[str, ...] = ()
    enclosure: Enclosure | None = None
    first_url: str = ""           # the address the item was first published at, when it moved:
                                  # its id stays that one (content/redirects.yml)


@dataclass(frozen=True)
class Feed:
    """A feed to write at ``path`` (site-relative), describing the page at ``page_url``."""

    path: str
    title: str
    description: str
    page_url: str
    items: tuple[FeedItem, ...]
    atom: bool = False


def newest_first(items, limit: int | None = FEED_LIMIT) -> tuple[FeedItem, ...]:
    """Items sorted newest first (ties by URL, so the order never depends on load order)."""
    ordered = sorted(items, key=lambda i: (i.date, i.url), reverse=True)
    return tuple(ordered[:limit] if limit else ordered)


def render(feed: Feed, site_url: str, fallback_date: datetime, author: str) -> bytes:
    """The feed's XML. Its date is the newest item's, or ``fallback_date`` when it is empty."""
    absolute = lambda url: site_url.rstrip("/") + "/" + quote(url.lstrip("/"), safe="/#")
    updated = max((i.date for i in feed.items), default=fallback_date)
    gen = FeedGenerator()
    gen.id(absolute(feed.page_url))
    gen.title(feed.title)
    gen.description(feed.description)
    gen.author({"name": author})
    gen.language("vi")
    # feedgen keeps the last link() as the channel link: self first, the page last.
    gen.link(href=absolute(feed.path), rel="self",
             type="application/atom+xml" if feed.atom else "application/rss+xml")
    gen.link(href=absolute(feed.page_url), rel="alternate")
    gen.lastBuildDate(updated)
    gen.updated(updated)
    for item in feed.items:
        entry = gen.add_entry(order="append")
        permalink = absolute(item.url)
        # A feed reader knows an item by its id: a moved item keeps its first address (which
        # still leads to it), or the portal and every reader would show it twice.
        first = absolute(item.first_url or item.url)
        entry.id(first)
        entry.guid(first, permalink=True)
        entry.title(item.title)
        entry.link(href=permalink, rel="alternate")
        # Feed readers show an RSS description and an Atom summary of type html as HTML: the text
        # is escaped as HTML once, so "<script>" in a procedure's name is read as those letters.
        # Titles and categories are plain text (RSS 2.0, Atom type="text"): XML-escaped only.
        entry.summary(html.escape(item.summary, quote=False), type="html")
        entry.pubDate(item.date)
        entry.updated(item.date)
        entry.published(item.date)
        for category in item.categories:
            entry.category(term=category)
        if item.enclosure:
            entry.enclosure(absolute(item.enclosure.url), str(item.enclosure.length), item.enclosure.mime)
    if not feed.atom:
        return gen.rss_str(pretty=True)
    return _fix_atom_links(gen.atom_str(pretty=True), feed, absolute)


def _fix_atom_links(xml: bytes, feed: Feed, absolute) -> bytes:
    # feedgen 1.0.0 drops rel, type and length of entry links in Atom, so an enclosure would
    # read as a second alternate link: write each entry's links again, whole.
    root = etree.fromstring(xml)
    entries = root.findall(f"{{{ATOM_NS}}}entry")
    for element, item in zip(entries, feed.items):
        for link in element.findall(f"{{{ATOM_NS}}}link"):
            element.remove(link)
        anchor = element.find(f"{{{ATOM_NS}}}updated")
        links = [{"rel": "alternate", "type": "text/html", "href": absolute(item.url)}]
        if item.enclosure:
            links.append({"rel": "enclosure", "type": item.enclosure.mime,
                          "length": str(item.enclosure.length), "href": absolute(item.enclosure.url)})
        for position, attrs in enumerate(links, start=list(element).index(anchor) + 1):
            link = etree.Element(f"{{{ATOM_NS}}}link", attrib=attrs)
            link.tail = anchor.tail
            element.insert(position, link)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
