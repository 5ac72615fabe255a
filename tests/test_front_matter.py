"""The build hands MkDocs each page it makes with the fields of its front matter read back as
the JSON they were written as (cchc.site.pages.read_front_matter), not by MkDocs' YAML parser:
that is only right while both read the same fields and the same text after them."""

from __future__ import annotations

from mkdocs.utils import meta

from cchc.build import Build
from cchc.dates import build_time
from cchc.site.pages import front_matter, read_front_matter
from cchc_mkdocs.settings import project_settings
from conftest import EPOCH_2023, PROJECT


def made_pages() -> list[tuple[str, str]]:
    environ = {"SOURCE_DATE_EPOCH": EPOCH_2023}
    settings, _ = project_settings(PROJECT, environ)
    build = Build(PROJECT, settings.options, build_time(environ))
    build.load()
    generated = build.hand_over_pages()
    sources = [f.src_uri for f in build.files if f.src_uri.endswith(".md")] + generated
    return [(src, build.page_source(src)) for src in sources if build.makes(src)]


def test_every_page_the_build_makes_reads_back_as_mkdocs_reads_it():
    pages = made_pages()
    # Posts, procedures, bulletins, documents and every generated list and page.
    assert len(pages) > 60
    differ = [src for src, text in pages if read_front_matter(text) != tuple(reversed(meta.get_data(text)))]
    assert differ == []


def test_values_of_every_kind_read_back_as_given():
    fields = {"structured": {"@graph": [{"position": 1, "name": 'Tờ khai "mẫu 01": nộp ---'}], "ok": True},
              "hide": ["toc"], "section_feed": None, "social": {"image_alt": "a\\b #c: d"}}
    text = front_matter("Tiêu đề: có dấu hai chấm", "---\n...", fields) + "\n\nThân bài\n---\n"
    expected = {"title": "Tiêu đề: có dấu hai chấm", "description": "---\n...", **fields}
    assert read_front_matter(text) == (expected, "Thân bài\n---\n")
    assert meta.get_data(text) == ("Thân bài\n---\n", expected)


def test_text_not_opened_by_the_build_front_matter_is_left_to_mkdocs():
    assert read_front_matter("# Giới thiệu\n") is None
    assert read_front_matter("---\ntitle: Giới thiệu\n---\n") is None  # YAML, not one JSON value a line
    assert read_front_matter('---\ntitle: "Không đóng"\n') is None
