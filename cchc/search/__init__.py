"""Site search: prepare pages for Pagefind and run it over the built site.

Pagefind (https://pagefind.app) indexes each page's article and search fields (beside the
build, cchc.search.beside; or the finished HTML, ``index_site``) and writes a
static bundle to ``<site>/pagefind/``; the browser then fetches only the index chunks a
query needs. It folds diacritics itself ("thu tuc" finds "thủ tục", exact spellings rank
first) with one gap for Vietnamese: đ has no Unicode decomposition, so Pagefind keeps it and
"dang ky" would not find "đăng ký". Each page therefore carries, in a Pagefind metadata
field (metadata is searched like body text), its words that contain đ, spelled with d.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..text import fold, nfc

# Where the bundle goes inside the built site; the header's <script> tags point here.
BUNDLE_DIR = "pagefind"
# The Pagefind metadata key holding a page's đ-words spelled with d. Pagefind returns it with
# each result; the results list does not show it.
ALIAS_FIELD = "khong_dau"
TITLE_FIELD = "ten_khong_dau"
# The key of page.meta where the generator puts a page's search fields for the theme: they go
# with the page, so nothing is kept between pages or between builds.
META_KEY = "cchc_search_fields"
# Every page is indexed as Vietnamese, so one index serves the one search box.
LANGUAGE = "vi"

# Words at the start of a page that are indexed (heading, lead: an element that starts within
# the budget is indexed whole); the rest of the page is not searchable, and neither is what
# templates mark data-pagefind-ignore (a post's date, unit and topics; a listing's entries).
# cchc.build indexes a procedure whole and a news post by its header only. Chosen by
# measurement with INDEX_CHUNK_SIZE (scripts/bench.py; README
# "Search"): at 10,000 posts every first query of issue 7 stays under 300 KB.
INDEXED_WORDS = 50
# Pagefind's index chunk size (its default is 20,000): roughly the word positions of one chunk
# file, counted without diacritics, so a chunk holds many more once Vietnamese spellings are
# added. A query fetches the chunks holding its words; smaller chunks mean fewer neighbouring
# words fetched with them, and more, smaller files. Pagefind reads it from an environment
# variable it marks UNSTABLE: pin Pagefind's minor version.
INDEX_CHUNK_SIZE = 200
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
# Elements whose parts may be indexed apart (see searchable_part); any other element, such as a
# paragraph, a list item or a table row, is indexed whole or not at all.
_CONTAINERS = frozenset({"article", "aside", "blockquote", "details", "div", "dl", "figure", "footer",
                         "header", "main", "nav", "ol", "section", "table", "tbody", "tfoot", "thead", "ul"})
# A comment, or a start or end tag: group 1 "/" for an end tag, 2 the name, 3 the attributes
# (quoted values may hold ">").
_TAG_TOKEN = re.compile(r"""<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.S)
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_IGNORE_ATTRIBUTE = re.compile(r"(?:^|\s)data-pagefind-ignore(?=[\s=/]|$)")
_TAG = re.compile(r"<[^>]*>")
_D_STROKE = re.compile(r"[đĐ]")
# Punctuation around a word ("(đăng", "ký),") is not part of it; inside ("QĐ-UBND") it is kept,
# because Pagefind indexes such a word whole as well as in parts.
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")
_CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
_INDEXED = re.compile(r"Indexed (\d+) pages?")


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


@dataclass(frozen=True)
class IndexReport:
    """What one Pagefind run did: pages indexed and where the bundle was written."""

    pages: int
    bundle: Path
    redone: str | None = None  # why the pages were indexed again once written (site_index)

    def __str__(self) -> str:
        again = f" (lập lại từ các trang đã ghi: {self.redone})" if self.redone else ""
        return f"tìm kiếm: đã lập chỉ mục {self.pages} trang vào {self.bundle}{again}"


def unaccented_aliases(text: str) -> str:
    """The distinct words of ``text`` that contain đ, folded: "Đăng ký đất đai" -> "dang dat dai".

    ``text`` may be HTML: tags are dropped and entities decoded first. Words keep the order in
    which they first appear, so two builds of the same page are identical.
    """
    plain = nfc(html.unescape(_TAG.sub(" ", text)))
    words = (_EDGE_PUNCTUATION.sub("", word) for word in plain.split() if _D_STROKE.search(word))
    return " ".join(dict.fromkeys(fold(word) for word in words if word))


class _Element:
    """One element of a content fragment, as far as the word budget needs it."""

    __slots__ = ("tag", "name_end", "ignored", "parent", "children", "own_words", "words", "marked", "excluded")

    def __init__(self, tag: str, name_end: int, ignored: bool, parent: _Element | None):
        self.tag = tag
        self.name_end = name_end  # offset just after the tag name: where an attribute can go
        self.ignored = ignored    # marked data-pagefind-ignore by its template already
        self.parent = parent
        self.children: list[_Element] = []
        self.own_words = 0        # words of text directly inside it
        self.words = 0            # words inside it, its children's included; 0 if ignored
        self.marked = False       # the budget marks it not indexed
        self.excluded = False     # not indexed, for either reason or an ancestor's


def _parse(fragment: str) -> tuple[_Element, list[_Element], list[tuple[_Element, str]]]:
    """The element tree of an HTML fragment: its root, every element in document order, and
    every run of text with the element it sits in.

    The fragments are what Python-Markdown, our templates and the HTML allow-list write: well
    formed, so a scan of tags serves (an end tag closes the nearest open element of its name;
    a stray one is skipped), and is several times faster than html.parser. Inside an element
    marked data-pagefind-ignore only tag names are kept, to match end tags: a listing's
    thousand entries make no objects.
    """
    root = _Element("", 0, False, None)
    elements: list[_Element] = []
    texts: list[tuple[_Element, str]] = []
    stack: list[_Element | str] = [root]  # a str: an element inside an ignored one
    position = 0
    for match in _TAG_TOKEN.finditer(fragment):
        top = stack[-1]
        skipping = top.__class__ is str or top.ignored
        if match.start() > position and not skipping:
            texts.append((top, fragment[position:match.start()]))
        position = match.end()
        closing, name, attributes = match.group(1, 2, 3)
        if name is None:  # a comment
            continue
        name = name.lower()
        if closing:
            for depth in range(len(stack) - 1, 0, -1):
                entry = stack[depth]
                if (entry if entry.__class__ is str else entry.tag) == name:
                    del stack[depth:]
                    break
            continue
        opens = name not in _VOID and not attributes.endswith("/")
        if skipping:
            if opens:
                stack.append(name)
            continue
        ignored = "data-pagefind-ignore" in attributes and bool(
            _IGNORE_ATTRIBUTE.search(_QUOTED.sub('""', attributes)))  # a name, not inside a value
        element = _Element(name, match.end(2), ignored, top)
        top.children.append(element)
        elements.append(element)
        if opens:
            stack.append(element)
    top = stack[-1]
    if position < len(fragment) and not (top.__class__ is str or top.ignored):
        texts.append((top, fragment[position:]))
    for element, text in texts:
        element.own_words += len(text.split())
    for element in reversed(elements):  # children before their parents
        element.words = 0 if element.ignored else element.own_words + sum(c.words for c in element.children)
    return root, elements, texts


def _mark_over_budget(elements: list[_Element], budget: int, used: int) -> int:
    """Mark the elements that start after ``budget`` words; return the words used.

    A loop over a stack, not recursion: an editor's HTML may nest a thousand levels deep.
    """
    pending = [iter(elements)]
    while pending:
        element = next(pending[-1], None)
        if element is None:
            pending.pop()
        elif element.ignored:
            continue
        elif used >= budget:
            element.marked = True
        elif used + element.words > budget and element.tag in _CONTAINERS and element.children:
            used += element.own_words
            pending.append(iter(element.children))
        else:
            used += element.words
    return used


@dataclass(frozen=True)
class SearchPart:
    """A page's content HTML with what search skips marked, and the text search indexes."""

    html: str
    text: str


def searchable_part(content_html: str, words: int | None = INDEXED_WORDS, *,
                    blocks: int | None = None) -> SearchPart:
    """Mark what Pagefind skips in a page's content: elements marked ``data-pagefind-ignore``
    already, everything after the first ``words`` words (``None``: no limit), and every
    top-level element after the first ``blocks`` (``None``: no limit; a post's header is its
    first block).

    An element that starts within the budget is indexed whole (a heading, the lead, a
    procedure's key facts), except a container (a list, a table, a section) with more words
    than are left: the budget goes on into its children, so a listing page's heading is
    indexed and its thousand entries are not. Pagefind stores every position of every indexed
    word, so indexing whole bodies makes the index chunks of common Vietnamese syllables grow
    with the site (see README, "Search"); the start of each page is what citizens search for.
    Nothing else in the HTML changes.
    """
    root, elements, texts = _parse(content_html)
    if blocks is not None:
        for element in [e for e in root.children if not e.ignored][blocks:]:
            element.marked = True
    if words is not None:
        _mark_over_budget([e for e in root.children if not e.marked], words, root.own_words)
    for element in elements:  # parents before their children
        element.excluded = element.ignored or element.marked or element.parent.excluded
    out: list[str] = []
    last = 0
    for element in elements:
        if element.marked:
            out += (content_html[last:element.name_end], " data-pagefind-ignore")
            last = element.name_end
    out.append(content_html[last:])
    return SearchPart("".join(out), " ".join(text for element, text in texts if not element.excluded))


def limit_indexed_text(content_html: str, words: int | None = INDEXED_WORDS, *,
                       blocks: int | None = None) -> str:
    """The content HTML with what search skips marked (see searchable_part)."""
    return searchable_part(content_html, words, blocks=blocks).html


def search_fields(title: str | None, indexed_text: str) -> list[tuple[str, str]]:
    """The Pagefind metadata fields of a page, as (key, value): the đ-words of its title, and
    of the text of its content that is indexed (SearchPart.text), folded.

    A title field of their own lets "dang ky" rank pages titled "Đăng ký ..." the way "đăng ký"
    does (Pagefind boosts matches in short fields). Only đ-words go in: a fully folded title
    would match "hoa" in "Hòa" without diacritics and undo Pagefind's ranking of exact
    spellings ("hoà" before "hòa"). Words of the content that Pagefind skips are left out too,
    so "dang ky" finds the pages "đăng ký" finds, and no more.
    """
    return [(TITLE_FIELD, unaccented_aliases(title or "")),
            (ALIAS_FIELD, unaccented_aliases(f"{title or ''} {indexed_text}"))]


def search_meta(title: str | None, content_html: str) -> list[tuple[str, str]]:
    """The search fields of a page from its content HTML as marked by searchable_part."""
    return search_fields(title, searchable_part(content_html, None).text)


def page_search_fields(title: str | None, part: SearchPart) -> list[tuple[str, str]]:
    """What the generator puts in a page's ``meta[META_KEY]`` for the theme (overrides/main.html):
    its search fields, or none for a page without content. Set on every page, so a key of
    that name in an editor's front matter is replaced, never printed."""
    return search_fields(title, part.text) if part.html else []


def index_site(site_dir: Path, *, chunk_size: int | None = INDEX_CHUNK_SIZE,
               python: str = sys.executable) -> IndexReport:
    """Run Pagefind over the built site in ``site_dir``; raise SearchIndexError if it fails.

    Only pages that mark their content with ``data-pagefind-body`` are indexed, so theme
    chrome (navigation, footer) and pages without it (404, embeds) stay out of the index.
    ``chunk_size=None`` keeps Pagefind's own index chunk size.
    """
    site_dir = Path(site_dir)
    command = [python, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--force-language", LANGUAGE]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False,
                              env=pagefind_environment(chunk_size))
    except OSError as error:
        raise SearchIndexError(f"tìm kiếm: không chạy được Pagefind ({error}); "
                               "cài lại dự án bằng `pip install -e .`") from None
    if done.returncode != 0:
        detail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-5:]
        if "No module named pagefind" in done.stderr:
            raise SearchIndexError("tìm kiếm: Python này chưa cài Pagefind; "
                                   "cài lại dự án bằng `pip install -e .`")
        raise SearchIndexError(f"tìm kiếm: Pagefind không thành công trên {site_dir} (mã thoát {done.returncode}): "
                               + " / ".join(detail))
    return IndexReport(pages=indexed_pages(done.stdout), bundle=site_dir / BUNDLE_DIR)


def pagefind_environment(chunk_size: int | None) -> dict[str, str]:
    """The environment Pagefind runs in: this one, with the index chunk size (None: its own)."""
    env = {**os.environ}
    env.pop(_CHUNK_SIZE_VARIABLE, None)
    if chunk_size:
        env[_CHUNK_SIZE_VARIABLE] = str(chunk_size)
    return env


def indexed_pages(stdout: str) -> int:
    """The number of pages Pagefind's output says it indexed."""
    found = _INDEXED.search(stdout)
    return int(found.group(1)) if found else 0
