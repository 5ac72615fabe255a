"""A post's header is rendered apart from its Markdown (Build.page_markdown) and put back before
the rendered body (Build.with_head): the page must be what Python-Markdown makes of the whole
Markdown (page_source), whatever the editor wrote in the body."""

from __future__ import annotations

from dataclasses import replace

import markdown
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from mkdocs.config import load_config
from mkdocs.utils import meta

from cchc.build import Build
from cchc.dates import build_time
from cchc_mkdocs.settings import project_settings
from conftest import EPOCH_2023, PROJECT, fuzz_examples

# Bodies an editor may write that touch what a block before them could change: the start of the
# text, footnotes and abbreviations (collected from the whole page), raw and unclosed HTML,
# headings (the contents list and its ids), attribute lists, indented code, blank-line runs.
PIECES = ["", "\n", "\n\n\n", "Đoạn văn thường.", "# Tiêu đề\n\nNội dung", "## Trùng tên\n\n## Trùng tên",
          "[liên kết][x]\n\n[x]: https://example.vn/", "chú thích[^1]\n\n[^1]: Ghi chú.", "*[CCHC]: Cải cách\n\nCCHC",
          "<div>\nkhông đóng", "</div>\n\nsau thẻ đóng", "<!-- ghi chú -->", "<p>đoạn", "    mã thụt lề",
          "```\nkhối mã\n```", "- một\n- hai", "> trích dẫn", "| a | b |\n|---|---|\n| 1 | 2 |",
          "!!! note \"Lưu ý\"\n    Nội dung", "Đoạn {: #neo .lop }", "<script>alert(1)</script>", "---", "***",
          "<div markdown>**đậm**</div>", "&amp; &lt; &#39;", "dòng\ntiếp", "   \t  ", " \t\n\tthụt", "  \r\n",
          "\r\nđoạn\r\n", "\t", "\x02 \x03", "\u00a0\n", "\ufeff", "\t\u00a0", "    \u3000\n", "\x0c"]


@pytest.fixture(scope="module")
def shipped_build() -> Build:
    environ = {"SOURCE_DATE_EPOCH": EPOCH_2023}
    settings_, _ = project_settings(PROJECT, environ)
    build = Build(PROJECT, settings_.options, build_time(environ))
    build.load()
    return build


def _converter():
    """Python-Markdown as MkDocs sets it up from mkdocs.yml (its extensions and their settings)."""
    config = load_config(str(PROJECT / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])

    def convert(text: str) -> str:
        md.reset()
        return md.convert(meta.get_data(text)[0])
    return convert


CONVERT = _converter()


def _both_ways(build: Build, src_uri: str) -> tuple[str, str]:
    whole = CONVERT(build.page_source(src_uri))
    split = build.with_head(src_uri, CONVERT(build.page_markdown(src_uri)))
    return whole, split


def _with_body(build: Build, body: str) -> tuple[str, str]:
    """_both_ways for the first shipped post with ``body`` instead of its own (put back after)."""
    first = build.site.posts[0]
    item = replace(first, body=body)
    headed, make = build._headed[first.source], build._sources[first.source]
    build._headed[first.source] = item
    build._sources[first.source] = lambda: build.renderer.post_source(item)
    try:
        return _both_ways(build, item.source)
    finally:
        build._headed[first.source], build._sources[first.source] = headed, make


def test_every_shipped_post_is_the_same_page_with_its_header_rendered_apart(shipped_build):
    posts = shipped_build.site.posts
    assert len(posts) > 5
    for item in posts:
        whole, split = _both_ways(shipped_build, item.source)
        assert split == whole, item.source
        assert split.startswith('<div class="cchc-post-header">')


def test_other_pages_are_rendered_from_their_whole_markdown(shipped_build):
    for item in [*shipped_build.site.procedures, *shipped_build.site.bulletins, *shipped_build.site.documents]:
        assert shipped_build.page_markdown(item.source) == shipped_build.page_source(item.source)
        assert shipped_build.with_head(item.source, "<p>x</p>") == "<p>x</p>"


@settings(max_examples=fuzz_examples(300), derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=5), st.sampled_from(["\n\n", "\n", ""]))
def test_any_body_gives_the_same_page_with_its_header_rendered_apart(shipped_build, pieces, joint):
    whole, split = _with_body(shipped_build, joint.join(pieces))
    assert split == whole, repr(joint.join(pieces))


@pytest.mark.parametrize("body", ["\t\u00a0\n", "\n    \u00a0\n", "\t\u3000", "    \u2028", "\x0c\n\t\x1f", ""])
def test_a_body_that_strip_empties_gives_the_same_page(shipped_build, body):
    # Python-Markdown renders nothing for a text str.strip() empties, yet after the header
    # "\t\u00a0" is an indented code block.
    whole, split = _with_body(shipped_build, body)
    assert split == whole
