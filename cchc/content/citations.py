"""Which news posts and procedures cite which documents of the register, by number.

A post cites a document when its title, summary or body names the document's number whole
("34/KH-UBND", not "134/KH-UBND"); a procedure when a line of its legal basis (căn cứ pháp lý)
has that number. An administrative number comes back every year: the post means the one signed
last on or before its date, the legal basis the one of its date when it gives one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from .documents import Document, number_pattern
from .news import NewsPost
from .procedures import LegalDocument, Procedure


def _nearest(candidates: Sequence[Document], day: date | None) -> Document | None:
    """The document among ``candidates`` (one number) that a text of ``day`` means."""
    if not candidates:
        return None
    if day is None:
        return max(candidates, key=lambda d: (d.date, d.source))
    before = [d for d in candidates if d.date <= day]
    if before:
        return max(before, key=lambda d: (d.date, d.source))
    return min(candidates, key=lambda d: (d.date, d.source))


@dataclass
class Citations:
    """The register's documents, found from the posts and procedures that name them."""

    documents: Sequence[Document]
    _by_number: dict[str, list[Document]] = field(default_factory=dict, init=False)
    _posts: dict[str, list[NewsPost]] = field(default_factory=dict, init=False)
    _procedures: dict[str, list[Procedure]] = field(default_factory=dict, init=False)
    _of_post: dict[str, tuple[Document, ...]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for document in self.documents:
            self._by_number.setdefault(document.number, []).append(document)
        self._pattern = number_pattern(self._by_number)

    @classmethod
    def of(cls, documents: Sequence[Document], posts: Sequence[NewsPost],
           procedures: Sequence[Procedure]) -> Citations:
        """Every citation among ``posts`` and ``procedures`` of the ``documents``."""
        found = cls(documents)
        for post in posts:
            cited = found.cited_by_text(f"{post.title}\n{post.summary}\n{post.body}", post.date.date())
            found._of_post[post.source] = cited
            for document in cited:
                found._posts.setdefault(document.source, []).append(post)
        for procedure in procedures:
            for entry in procedure.legal_basis:
                document = found.legal_basis(entry)
                cited = found._procedures.setdefault(document.source, []) if document else None
                if cited is not None and procedure not in cited:
                    cited.append(procedure)
        return found

    def cited_by_text(self, text: str, day: date | None) -> tuple[Document, ...]:
        """The documents ``text`` (of ``day``) names, in the order it first names them."""
        if self._pattern is None:
            return ()
        numbers = dict.fromkeys(m.group(1) for m in self._pattern.finditer(text))
        return tuple(d for n in numbers if (d := _nearest(self._by_number[n], day)) is not None)

    def legal_basis(self, entry: LegalDocument) -> Document | None:
        """The document a line of a procedure's legal basis names, if the register has it."""
        candidates = self._by_number.get(" ".join(entry.number.split()), [])
        if entry.date is not None:
            same_day = [d for d in candidates if d.date == entry.date]
            return same_day[0] if same_day else None
        return _nearest(candidates, None)

    def of_post(self, post: NewsPost) -> tuple[Document, ...]:
        """The documents a published post names."""
        return self._of_post.get(post.source, ())

    def posts(self, document: Document) -> list[NewsPost]:
        """The published posts that name ``document``, newest first."""
        return self._posts.get(document.source, [])

    def procedures(self, document: Document) -> list[Procedure]:
        """The procedures whose legal basis names ``document``."""
        return self._procedures.get(document.source, [])
