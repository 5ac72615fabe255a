"""Lists split into pages: page 1 at the list's own address, page n at ``<list>/trang/<n>/``.

Any list that grows with content (the news list, the year archives, the topic pages, a register)
is cut here, so each page stays light on a phone however many records a year brings. A later
page's address adds two segments under the list's own: under a year archive
(``tin-tuc/2022/trang/2/``) the first would be a post's address if a post could take the slug
``trang``, so no slug may be that segment (cchc.text.PAGE_SEGMENT: the news checker and the
CMS's slug pattern refuse it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence, TypeVar

from ..text import PAGE_SEGMENT

T = TypeVar("T")
K = TypeVar("K")


@dataclass(frozen=True)
class Pager:
    """One page of a list: its number, how many there are, and its and its neighbours' addresses
    (site-relative directory URLs; None where there is no neighbour)."""

    number: int
    count: int
    url: str
    first_url: str
    prev_url: str | None
    next_url: str | None
    last_url: str

    @property
    def meta(self) -> dict:
        """The page's front matter for the theme (overrides/main.html: <link rel=prev/next>);
        pages after the first stay out of search, whose result would only lead to records
        search finds by themselves."""
        meta: dict = {"pager": {"prev": self.prev_url, "next": self.next_url}}
        if self.number > 1:
            meta["search"] = {"exclude": True}
        return meta


def page_url(base: str, number: int) -> str:
    """The address of page ``number`` of the list at ``base`` (a directory URL)."""
    return base if number == 1 else f"{base}{PAGE_SEGMENT}/{number}/"


def pagers(base: str, count: int) -> list[Pager]:
    """The ``count`` pages (at least one) of the list at ``base``."""
    count = max(1, count)
    return [Pager(n, count, page_url(base, n), base, page_url(base, n - 1) if n > 1 else None,
                  page_url(base, n + 1) if n < count else None, page_url(base, count))
            for n in range(1, count + 1)]


def paginate(base: str, items: Sequence[T], size: int) -> list[tuple[Pager, Sequence[T]]]:
    """``items`` in pages of at most ``size``; an empty list is one empty page."""
    size = max(1, size)
    pages = pagers(base, math.ceil(len(items) / size))
    return [(pager, items[i * size:(i + 1) * size]) for i, pager in enumerate(pages)]


def paginate_groups(base: str, groups: Sequence[tuple[K, Sequence[T]]],
                    size: int) -> list[tuple[Pager, list[tuple[K, Sequence[T]]]]]:
    """Groups (a heading and its items, like a topic's years) in pages of at most ``size`` items:
    a group cut by a page's end goes on, under its heading again, on the next page; a group with
    no items stays on the page of the item before it."""
    size = max(1, size)
    chunks: list[list[tuple[K, Sequence[T]]]] = [[]]
    room = size
    for key, items in groups:
        start = 0
        if not items:
            chunks[-1].append((key, items))
            continue
        while start < len(items):
            if room == 0:
                chunks.append([])
                room = size
            part = items[start:start + room]
            chunks[-1].append((key, part))
            start += len(part)
            room -= len(part)
    return list(zip(pagers(base, len(chunks)), chunks))
