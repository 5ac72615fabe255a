"""Generated pages skip Python-Markdown (hooks: on_pre_page): that is only right while Markdown
would give their HTML back unchanged, and while the anchors the build finds in them are the ones
MkDocs would find. Checked on every generated page of the shipped content."""

from __future__ import annotations

import markdown
from mkdocs.structure.pages import _HTMLHandler
from mkdocs.utils import meta

from cchc.build import Build
from cchc_mkdocs.settings import project_settings
from cchc.dates import build_time
from cchc.site.generated_html import html_anchor_ids
from conftest import EPOCH_2023, PROJECT


def generated_pages():
    environ = {"SOURCE_DATE_EPOCH": EPOCH_2023}
    settings, _ = project_settings(PROJECT, environ)
    build = Build(PROJECT, settings.options, build_time(environ))
    build.load()
    sources = build.hand_over_pages()
    return [(src, build.page_source(src)) for src in sources if build.is_html(src)]


def python_markdown(body: str) -> str:
    from cchc.text import toc_slugify

    return markdown.Markdown(
        extensions=["tables", "attr_list", "admonition", "toc"],
        extension_configs={"toc": {"permalink": True, "slugify": toc_slugify}}).convert(body)


def mkdocs_anchor_ids(body: str) -> set[str]:
    handler = _HTMLHandler()
    handler.feed(body)
    handler.close()
    return handler.present_anchor_ids


def test_python_markdown_gives_every_generated_page_back_unchanged_with_the_same_anchors():
    pages = generated_pages()
    # Home, news lists, year archives, topics, procedures index, bulletins, guide, plan reports.
    assert len(pages) > 30
    changed, anchors_differ = [], []
    for src, text in pages:
        body, _ = meta.get_data(text)
        if python_markdown(body) != body.strip():
            changed.append(src)
        if html_anchor_ids(body) != mkdocs_anchor_ids(body):
            anchors_differ.append(src)
    assert changed == [] and anchors_differ == []
    assert any(html_anchor_ids(meta.get_data(text)[0]) for _, text in pages)


def test_anchor_ids_are_read_from_tags_only():
    fragment = ('<h2 id="nam-2022">Năm 2022</h2><p title="a id=&#34;x&#34;">id="khong-phai"</p>'
                '<a name="cu">x</a><span id="a&amp;b"></span>')
    assert html_anchor_ids(fragment) == {"nam-2022", "cu", "a&b"} == mkdocs_anchor_ids(fragment)
