"""Pages of the documents register: /van-ban/ (every document, newest first, by year, with a
filter by type, issuer, year and status) and one page per document.

Rendering uses the Jinja environment of PageRenderer, so templates, filters and escaping are
the same as for every other page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..content.documents import DOCUMENTS_URL, NO_FILE_NOTE, STATUSES, Document
from ..dates import vn_date
from ..text import fold, slugify, sort_key
from .bulletin_pages import file_size
from .pages import GeneratedPage, PageRenderer, front_matter, relative

INDEX_URL = f"{DOCUMENTS_URL}/"
INDEX_TITLE = "Văn bản cải cách hành chính"
FEED_URL = f"{DOCUMENTS_URL}/feed.xml"
FILTER_SCRIPT = "assets/cchc-documents.js"
_SEPARATORS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class YearGroup:
    """The documents signed in one year, newest first."""

    year: int
    documents: tuple[Document, ...]


def number_words(number: str) -> str:
    """A number as people type it without its punctuation: "34/KH-UBND" -> "34 kh ubnd"."""
    return " ".join(_SEPARATORS.sub(" ", fold(number)).split())


def search_text(document: Document) -> str:
    """What the register's filter matches, folded: number (with and without its punctuation),
    type, issuer, subject. The filter script folds the query the same way."""
    return " ".join(_SEPARATORS.sub(" ", fold(" ".join(
        (document.number, document.type, document.issuer, document.subject)))).split())


def year_groups(documents: Sequence[Document]) -> list[YearGroup]:
    """The documents by year of signing, newest year first."""
    years = sorted({d.year for d in documents}, reverse=True)
    return [YearGroup(y, tuple(d for d in documents if d.year == y)) for y in years]


def choices(values) -> list[tuple[str, str]]:
    """(filter value, label) of each distinct value, in Vietnamese order."""
    return [(slugify(v), v) for v in sorted(set(values), key=sort_key)]


class DocumentPages:
    """Renders the register and each document's page from one Site."""

    def __init__(self, renderer: PageRenderer):
        self.renderer = renderer
        self.site = renderer.site
        self.env = renderer.env
        self._by_source = {d.source: d for d in self.site.documents}
        self.env.filters["file_size"] = file_size

    def replaced(self, document: Document) -> list[Document]:
        """The documents ``document`` replaced (in force by now)."""
        return [d for d in self.site.documents if d.replacement == document.source]

    def amended(self, document: Document) -> list[Document]:
        """The documents ``document`` amends."""
        return [d for d in self.site.documents if document.source in d.amendments]

    def source(self, document: Document) -> str:
        """Markdown of a document's page: the record as a table, its file, what changed it,
        what cites it; then the editor's notes."""
        citations = self.site.citations
        context = dict(
            document=document, replacement=self._by_source.get(document.replacement or ""),
            amendments=[a for s in document.amendments if (a := self._by_source.get(s)) is not None
                        and a.in_force_from <= self.site.build_time.date()],
            replaces=self.replaced(document), amends=self.amended(document),
            posts=citations.posts(document), procedures=citations.procedures(document),
            topics=[t for t in (self.renderer.site.plan_years.topic(document.year, i) for i in document.topics) if t],
            no_file_note=NO_FILE_NOTE, index_url=INDEX_URL,
            url=lambda target: relative(target, document.url))
        page = self.env.get_template("document.html").render(**context)
        notes = document.body.strip()
        if notes:
            notes = f"## Ghi chú {{: #ghi-chu }}\n\n{notes}\n"
        description = f"{document.label} ngày {vn_date(document.date)} của {document.issuer}: {document.subject}"
        return "\n\n".join(p for p in (front_matter(document.title, description) + page, notes) if p) + "\n"

    def index(self) -> GeneratedPage:
        """The register at /van-ban/: every document by year, newest first; a filter with JavaScript."""
        documents = self.site.documents
        html = self.env.get_template("document_index.html").render(
            title=INDEX_TITLE, groups=year_groups(documents), count=len(documents),
            types=choices(d.type for d in documents), issuers=choices(d.issuer for d in documents),
            statuses=[(key, label) for key, label in STATUSES.items() if any(d.status == key for d in documents)],
            search_text=search_text, slugify=slugify, script=FILTER_SCRIPT,
            url=lambda target: relative(target, INDEX_URL))
        description = ("Văn bản chỉ đạo, điều hành về cải cách hành chính: số ký hiệu, loại, cơ quan ban "
                       "hành, ngày ban hành, hiệu lực, trích yếu và tệp văn bản")
        return GeneratedPage(f"{DOCUMENTS_URL}/index.md", INDEX_URL,
                             front_matter(INDEX_TITLE, description, {"section_feed": FEED_URL}) + html)
