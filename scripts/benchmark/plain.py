"""The same pages as plain Material pages: every page our build renders, as the hooks hand it
to MkDocs, in a docs folder beside a mkdocs.yml that inherits the project's without what is
ours (common.plain_config), so the same theme settings, Markdown extensions, nav and validation."""

from __future__ import annotations

import shutil
from pathlib import Path

from .common import PLAIN_THEME, PROJECT, build_environ, load_settings, plain_config
from .corpus import Corpus


def write_plain_docs(corpus: Corpus, plain: Path, search: bool) -> int:
    """The pages of the real build, as the hooks hand them to MkDocs, as a plain docs folder.

    Every Markdown page (posts, procedures, bulletins, generated listings), the files published
    beside them and the project's hand-written docs; returns the number of Markdown pages.
    """
    from cchc.build import Build
    from cchc.dates import build_time
    from cchc_mkdocs.settings import read_settings

    environ = build_environ()
    settings, _ = read_settings(load_settings(corpus.root / "mkdocs.yml"), environ)  # as the hooks read them
    build = Build(corpus.root, settings.options, build_time(environ))
    build.load()
    docs = plain / "docs"
    shutil.copytree(PROJECT / "docs", docs)
    pages = len(list((PROJECT / "docs").rglob("*.md")))
    for source in build.files:
        if source.src_uri.endswith(".md"):
            target = docs / (source.dest_uri.removesuffix(".html") + ".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(build.page_source(source.src_uri), encoding="utf-8")
            pages += 1
        else:
            target = docs / source.dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus.root / source.src_uri, target)
    for page in build.pages:
        target = docs / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
        pages += 1
    (plain / PLAIN_THEME).mkdir(exist_ok=True)
    (plain / "mkdocs.yml").write_text(plain_config(search), encoding="utf-8")
    return pages
