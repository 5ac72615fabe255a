"""What page generation may keep from one build to the next, when a long-running tool lends a cache.

A plain build makes every page's Markdown. The preview creates one ``RenderCache`` and passes
it to each build's renderer (``PageRenderer(site, options, cache=...)``): a post's page, a
listing page or a year's report whose inputs are equal to the last build's is not made again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from typing import Callable, Hashable, TypeVar

from ..content.news import NewsPost

T = TypeVar("T")
_POST_FIELDS = tuple(f.name for f in fields(NewsPost))


def frozen(value):
    """``value`` as a hashable key (lists and dicts as tuples); TypeError if part of it is not."""
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    if isinstance(value, dict):
        return ("{}",) + tuple((k, frozen(v)) for k, v in value.items())
    hash(value)
    return value


class Later:
    """A value made the first time it is asked for, then kept: what a preview rebuild may leave
    for after the saved page is served (a plan year's report and its downloads)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    @property
    def made(self) -> bool:
        return self._make is None

    def __call__(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value

    def part(self, pick: Callable[[T], object]) -> Later:
        """A Later of pick(self()), made already if this one is."""
        part = Later(lambda: pick(self()))
        if self.made:
            part()
        return part


class RenderCache:
    """Pages' Markdown (and anything else a renderer makes from its inputs alone) by those
    inputs, kept while what every page reads besides them is equal to the last build's (the
    renderer says what: the plans, the issues that list each post, the options); all is made
    again after that changed. Each build keeps only what the one before it used.

    ``made`` counts what was made rather than found, by kind ("post", "page", or a caller's).
    """

    def __init__(self) -> None:
        self.made: Counter[str] = Counter()
        self._inputs: object = None   # what the last build's pages read besides their own inputs
        self._kept: dict[tuple[str, Hashable], object] = {}
        self._used: dict[tuple[str, Hashable], object] = {}

    def start(self, inputs: object) -> None:
        """A build's renderer begins (PageRenderer does it): keep what the last build used if
        ``inputs``, what its pages read besides what each is given, are equal to the last
        build's; else nothing."""
        same = self._inputs is not None and self._inputs == inputs
        self._kept, self._used, self._inputs = (self._used if same else {}), {}, inputs

    def made_from(self, kind: str, key: Hashable, make: Callable[[], T]) -> T:
        """make(), or what it gave for an equal ``key`` of the same ``kind`` in the last build."""
        made = self._kept.get((kind, key), self._used.get((kind, key)))
        if made is None:
            self.made[kind] += 1
            made = make()
        self._used[(kind, key)] = made
        return made

    def post_source(self, post: NewsPost, make: Callable[[NewsPost], str]) -> str:
        """make(post), or the Markdown made for this post, or an equal one, in the last build."""
        # A post whose file was not saved since is the same object (cchc.content.cache): found by
        # identity (comparing every field of 4,000 posts cost more), its body compared too (the
        # preview puts a saved body in place); otherwise by value.
        hit = self._kept.get(("post", id(post)))
        if hit is not None and hit[0] is post and hit[1] is post.body:
            self._used[("post", id(post))] = hit
            return hit[2]
        markdown = self.made_from("post", tuple(getattr(post, name) for name in _POST_FIELDS), lambda: make(post))
        self._used[("post", id(post))] = (post, post.body, markdown)  # the post is kept: its id is not reused
        return markdown

    def keep_of_posts(self, kind: str, posts: list[NewsPost]) -> None:
        """Keep for the next build what of_post made under ``kind`` for each of ``posts`` (the same
        objects), used by this build or not: a post's title saved makes only the lists that show it,
        and the next new post, shifting every list page by one, would make 6,000 items again."""
        ids = {id(post) for post in posts}
        for key, hit in self._kept.items():
            if key[0] == kind and key[1] in ids:  # the object kept in hit has that id: it is the post
                self._used.setdefault(key, hit)

    def of_post(self, kind: str, post: NewsPost, part: Hashable, make: Callable[[], T]) -> T:
        """make(), or what it gave for this very post object (and an equal ``part``) in the last
        build: for what is made from the post's front matter alone, the same object while its file
        is not saved (a list's item of each of 4,000 posts, when a new post shifts every list page)."""
        key = (kind, id(post), part)
        hit = self._kept.get(key, self._used.get(key))
        if hit is not None and hit[0] is post:
            self._used[key] = hit
            return hit[1]
        self.made[kind] += 1
        made = make()
        self._used[key] = (post, made)  # the post is kept: its id is not reused
        return made
