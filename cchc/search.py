"""Site search: prepare pages for Pagefind and run it over the built site.

Pagefind (https://pagefind.app) indexes the finished HTML after the build and writes a
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
from html.parser import HTMLParser
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .text import fold, nfc

# Where the bundle goes inside the built site; the header's <script> tags point here.
BUNDLE_DIR = "pagefind"
# The Pagefind metadata key holding a page's đ-words spelled with d. Pagefind returns it with
# each result; the results list does not show it.
ALIAS_FIELD = "khong_dau"
TITLE_FIELD = "ten_khong_dau"
# Every page is indexed as Vietnamese, so one index serves the one search box.
LANGUAGE = "vi"

# Words at the start of each page that are indexed (title, lead, a procedure's code and key
# facts: a block that starts within the budget is indexed whole); the rest of the page is not
# searchable. Chosen by measurement (scripts/bench_search.py, README "Search"): at 10,000 pages
# a first query stays under 300 KB with 50 words and chunks of 1,000, not with 80 or whole pages.
INDEXED_WORDS = 50
# Pagefind's index chunk size, in word positions (its default is 20,000). A query fetches the
# chunks holding its words; smaller chunks mean fewer neighbouring words fetched with them.
# Pagefind reads it from an environment variable it marks UNSTABLE: pin Pagefind's minor version.
INDEX_CHUNK_SIZE = 1000
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TAG = re.compile(r"<[^>]*>")
_D_STROKE = re.compile(r"[đĐ]")
_NEWLINE = re.compile("\n")
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

    def __str__(self) -> str:
        return f"search: indexed {self.pages} page(s) into {self.bundle}"


def unaccented_aliases(text: str) -> str:
    """The distinct words of ``text`` that contain đ, folded: "Đăng ký đất đai" -> "dang dat dai".

    ``text`` may be HTML: tags are dropped and entities decoded first. Words keep the order in
    which they first appear, so two builds of the same page are identical.
    """
    plain = nfc(html.unescape(_TAG.sub(" ", text)))
    words = (_EDGE_PUNCTUATION.sub("", word) for word in plain.split() if _D_STROKE.search(word))
    return " ".join(dict.fromkeys(fold(word) for word in words if word))


class _TopLevelBlocks(HTMLParser):
    """Finds where each top-level element of an HTML fragment starts and how many words it holds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.blocks: list[list[int]] = []  # [offset of '<', end of the tag name, words]

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            line, column = self.getpos()
            offset = self._line_offsets[line - 1] + column
            self.blocks.append([offset, offset + 1 + len(tag), 0])
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.handle_starttag(tag, attrs)
            self.depth -= 1 if tag not in _VOID else 0

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        if self.blocks and self.depth > 0:
            self.blocks[-1][2] += len(data.split())

    def parse(self, fragment: str) -> list[list[int]]:
        # HTMLParser counts lines by "\n" only (not by every separator str.splitlines knows);
        # a regex finds them 10 times faster than a loop over every character.
        self._line_offsets = [0] + [match.end() for match in _NEWLINE.finditer(fragment)]
        self.feed(fragment)
        self.close()
        return self.blocks


def limit_indexed_text(content_html: str, words: int = INDEXED_WORDS) -> str:
    """Mark the top-level blocks of a page's content after its first ``words`` words as not indexed.

    The blocks that start within the budget (heading, lead, key facts) stay searchable; the
    rest get ``data-pagefind-ignore``. Pagefind stores every position of every indexed word,
    so indexing whole bodies makes the index chunks of common Vietnamese syllables grow with
    the site (see README, "Search"); the start of each page is what citizens search for.
    Nothing else in the HTML changes.
    """
    if words <= 0:
        return content_html
    out: list[str] = []
    last = 0
    seen = 0
    for start, name_end, count in _TopLevelBlocks().parse(content_html):
        if seen >= words:
            out.append(content_html[last:name_end])
            out.append(" data-pagefind-ignore")
            last = name_end
        seen += count
    out.append(content_html[last:])
    return "".join(out)


def search_meta(title: str | None, content_html: str) -> list[tuple[str, str]]:
    """The Pagefind metadata fields of a page, as (key, value): the đ-words of its title, and of
    the whole page, folded.

    A title field of their own lets "dang ky" rank pages titled "Đăng ký ..." the way "đăng ký"
    does (Pagefind boosts matches in short fields). Only đ-words go in: a fully folded title
    would match "hoa" in "Hòa" without diacritics and undo Pagefind's ranking of exact
    spellings ("hoà" before "hòa").
    """
    return [(TITLE_FIELD, unaccented_aliases(title or "")),
            (ALIAS_FIELD, unaccented_aliases(f"{title or ''} {content_html}"))]


def template_globals() -> dict[str, object]:
    """Names the theme's templates use to give each page its search fields (overrides/main.html)."""
    return {"cchc_search_meta": search_meta}


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
    env = {**os.environ}
    env.pop(_CHUNK_SIZE_VARIABLE, None)
    if chunk_size:
        env[_CHUNK_SIZE_VARIABLE] = str(chunk_size)
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    except OSError as error:
        raise SearchIndexError(f"search: could not start Pagefind ({error}); "
                               "install the project again with `pip install -e .`") from None
    if done.returncode != 0:
        detail = (done.stderr.strip() or done.stdout.strip()).splitlines()[-5:]
        if "No module named pagefind" in done.stderr:
            raise SearchIndexError("search: Pagefind is not installed in this Python; "
                                   "install the project again with `pip install -e .`")
        raise SearchIndexError(f"search: Pagefind failed on {site_dir} (exit code {done.returncode}): "
                               + " / ".join(detail))
    found = _INDEXED.search(done.stdout)
    return IndexReport(pages=int(found.group(1)) if found else 0, bundle=site_dir / BUNDLE_DIR)
