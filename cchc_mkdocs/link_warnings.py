"""MkDocs' warnings about links, said as every other problem: ``tệp:dòng: Nội dung: …`` in Vietnamese.

The core refuses, when content is loaded, a link that leads to no published file
(cchc.content.links): the checker says it too. What MkDocs alone sees, once a page is rendered
(a #part that no heading gives, a link in a hand-written page), reaches the editor through its
logger; this filter puts those lines in the core's words, at the link's line. MkDocs 1.6's
texts are matched (the pin in pyproject.toml keeps them); a line it does not know passes as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from cchc.content import links
from cchc.problems import Problem

from .rewording import Rewording, installed

LOGGER = "mkdocs.structure.pages"
_DOC = r"^Doc file '(?P<src>.+?)' contains "
_SUGGESTION = r"(?: Did you mean '(?P<suggestion>.*)'\?)?$"
_WARNINGS = (
    (re.compile(_DOC + r"an absolute link '(?P<url>.*)', it was left as is\." + _SUGGESTION),
     lambda m: links.absolute_message(m["url"])),
    (re.compile(_DOC + r"an unrecognized relative link '(?P<url>.*)', it was left as is\." + _SUGGESTION),
     lambda m: links.folder_message(m["url"])),
    (re.compile(_DOC + r"a link '(?P<url>.*)', but the target(?: '(?P<target>.*)')? is not found among "
                r"documentation files\." + _SUGGESTION),
     lambda m: links.missing_message(m["url"], m["target"] or "", m["suggestion"] or "")),
    (re.compile(_DOC + r"a link '(?P<url>.*)', but there is no such anchor on this page\..*$"),
     lambda m: links.anchor_message(m["url"])),
    (re.compile(_DOC + r"a link '(?P<url>.*)', but the doc '(?P<doc>.*)' does not contain an anchor '#.*'\.$"),
     lambda m: links.anchor_message(m["url"], m["doc"])),
    (re.compile(_DOC + r"a link to '(?P<url>.*)' which is excluded from the built site\.$"),
     lambda m: links.unpublished_message(m["url"], m["url"])),
)


class LinkWarnings(Rewording):
    """Rewrites MkDocs' link warnings; the files a line names are looked up under ``content_root``
    (content/…) or ``docs_dir`` (hand-written pages), never elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.content_root: Path | None = None
        self.docs_dir: Path | None = None

    def reword(self, text: str) -> str | None:
        for pattern, message in _WARNINGS:
            found = pattern.match(text)
            if found:
                path, line = self._where(found["src"], found["url"])
                return str(Problem(path, line, links.FIELD, message(found)))
        return None

    def _where(self, src_uri: str, url: str) -> tuple[str, int]:
        """The file as the editor knows it (content/… or docs/…) and the first line holding ``url``."""
        if src_uri.startswith("content/") and self.content_root is not None:
            shown, folder, path = src_uri, self.content_root / "content", self.content_root / src_uri
        elif self.docs_dir is not None:
            shown, folder, path = f"{self.docs_dir.name}/{src_uri}", self.docs_dir, self.docs_dir / src_uri
        else:
            return src_uri, 1
        try:
            # Only a file of that folder, never through a link (a generated page has no file: line 1).
            if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
                return shown, 1
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return shown, 1
        # The line where the link is written as a link ("(url", "<url", "]: url"), else any that holds it.
        written = ("(" + url, "<" + url, ": " + url)
        return shown, next((number for number, text in enumerate(lines, 1) if any(w in text for w in written)),
                           next((number for number, text in enumerate(lines, 1) if url in text), 1))


def install(content_root: Path, docs_dir: Path) -> None:
    """Put the filter on MkDocs' page logger once, for the folders of the build starting."""
    found = installed(LOGGER, LinkWarnings)
    found.content_root, found.docs_dir = content_root, docs_dir
