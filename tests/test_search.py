"""Search, without a browser: what each page gives Pagefind, and how a failed indexing reads."""

import sys

import pytest

from cchc.search import (
    INDEXED_WORDS,
    ALIAS_FIELD,
    TITLE_FIELD,
    SearchIndexError,
    index_site,
    limit_indexed_text,
    page_search_fields,
    search_meta,
    searchable_part,
    unaccented_aliases,
)
from conftest import post, run_build


@pytest.mark.parametrize("text, expected", [
    ("Đăng ký đất đai", "dang dat dai"),
    ("thủ tục hành chính", ""),                        # Pagefind folds these itself
    ("Đăng ký, đăng ký; ĐĂNG KÝ.", "dang"),           # one alias per word, punctuation dropped
    ("Quyết định 949/QĐ-UBND", "dinh 949/qd-ubnd"),    # kept whole: Pagefind indexes it whole and in parts
    ("<p title=\"đ\">Điều &amp; <b>đúng</b></p>", "dieu dung"),  # HTML: text only, entities decoded
    ("Đa\u0300 Nă\u0303ng", "da"),                     # NFD input is normalised first
])
def test_aliases_spell_the_words_with_d_stroke_in_ascii(text, expected):
    assert unaccented_aliases(text) == expected


def test_a_page_gives_its_folded_title_and_its_d_stroke_words():
    assert search_meta("Đăng ký hoạt động thử nghiệm", "<p>Hồ sơ đề nghị.</p>") == [
        (TITLE_FIELD, "dang dong"),
        (ALIAS_FIELD, "dang dong de"),
    ]
    assert search_meta(None, "") == [(TITLE_FIELD, ""), (ALIAS_FIELD, "")]


def test_blocks_after_the_word_budget_are_marked_not_indexed():
    html = ('<h1 id="a">Một hai</h1>\n<p>ba bốn năm</p>\n<div class="x"><p>sáu</p><img src="i.png"></div>'
            "<hr>\n<p>bảy</p><br/>")
    assert limit_indexed_text(html, 5) == (
        '<h1 id="a">Một hai</h1>\n<p>ba bốn năm</p>\n<div data-pagefind-ignore class="x"><p>sáu</p>'
        '<img src="i.png"></div><hr data-pagefind-ignore>\n<p data-pagefind-ignore>bảy</p><br data-pagefind-ignore/>')


def test_a_block_that_starts_within_the_budget_is_indexed_whole():
    html = "<p>một hai ba bốn năm sáu</p><p>bảy</p>"
    assert limit_indexed_text(html, 2) == "<p>một hai ba bốn năm sáu</p><p data-pagefind-ignore>bảy</p>"


def test_a_short_page_or_no_budget_leaves_the_html_as_it_is():
    html = "<p>một</p>\r\n<table><tr><td>hai</td></tr></table>"
    assert limit_indexed_text(html, 80) == html
    assert limit_indexed_text(html + "<p>ba</p>", None) == html + "<p>ba</p>"
    assert limit_indexed_text("<p>một</p>", 0) == "<p data-pagefind-ignore>một</p>"


def test_the_budget_goes_on_into_a_container_too_long_to_index_whole():
    entries = "".join(f"<li><a href='{n}/'>Bài {n}</a> tin &amp; ảnh</li>" for n in range(500))
    html = f'<div class="list"><h1>Tin tức</h1><p>Một hai ba.</p><ul class="x">{entries}</ul><hr/></div><p>Sau</p>'
    marked = limit_indexed_text(html, 12)
    assert marked.startswith('<div class="list"><h1>Tin tức</h1><p>Một hai ba.</p><ul class="x">'
                             "<li><a href='0/'>Bài 0</a> tin &amp; ảnh</li><li><a href='1/'>Bài 1</a> tin &amp; ảnh</li>"
                             "<li data-pagefind-ignore><a href='2/'>")
    assert marked.count("data-pagefind-ignore") == 498 + 2   # entries 2-499, the <hr/> and the last <p>
    assert marked.endswith("</ul><hr data-pagefind-ignore/></div><p data-pagefind-ignore>Sau</p>")
    # A paragraph, however long, is indexed whole or not at all.
    assert limit_indexed_text("<div><p>" + "chữ " * 300 + "</p><p>b</p></div>", 5) == (
        "<div><p>" + "chữ " * 300 + "</p><p data-pagefind-ignore>b</p></div>")


def test_what_templates_mark_ignored_is_neither_counted_nor_marked_again():
    html = ('<h1>Tiêu đề bài</h1><nav data-pagefind-ignore><a href="x">Đăng ký đất đai thủ tục</a></nav>'
            "<p>Đoạn đầu.</p><p>Đoạn hai.</p>")
    assert limit_indexed_text(html, 4) == (
        '<h1>Tiêu đề bài</h1><nav data-pagefind-ignore><a href="x">Đăng ký đất đai thủ tục</a></nav>'
        "<p>Đoạn đầu.</p><p data-pagefind-ignore>Đoạn hai.</p>")
    part = searchable_part(html, 4)
    assert part.text.split() == ["Tiêu", "đề", "bài", "Đoạn", "đầu."]
    # The đ-words of what is not indexed are no aliases either: "dang ky" finds what "đăng ký" finds.
    assert search_meta("Tiêu đề", part.html) == [(TITLE_FIELD, "de"), (ALIAS_FIELD, "de doan dau")]


def test_the_fields_a_page_carries_are_those_of_its_indexed_part_and_none_without_content():
    part = searchable_part("<p>Đoạn đầu.</p><p>Đường xa.</p>", 2)
    assert page_search_fields("Đề mục", part) == [(TITLE_FIELD, "de"), (ALIAS_FIELD, "de doan dau")]
    assert page_search_fields("Đề mục", searchable_part("")) == []


def test_the_scan_of_tags_copes_with_comments_quotes_and_stray_end_tags():
    html = ('<!-- <p>x</p> --><p title="a > b">một hai</p></span><img alt=\'c>d\' src="i.png" />'
            "<DIV>ba</DIV><p>bốn</p>")
    assert limit_indexed_text(html, 3) == (
        '<!-- <p>x</p> --><p title="a > b">một hai</p></span><img alt=\'c>d\' src="i.png" />'
        "<DIV>ba</DIV><p data-pagefind-ignore>bốn</p>")


@pytest.mark.site
def test_indexing_reports_pages_and_fails_with_a_readable_message(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html lang="vi"><body><main data-pagefind-body><h1>Trang chủ</h1></main></body></html>',
        encoding="utf-8")
    report = index_site(tmp_path)
    assert report.pages == 1 and (tmp_path / "pagefind/pagefind-component-ui.js").is_file()
    with pytest.raises(SearchIndexError, match=r"^tìm kiếm: không chạy được Pagefind .*pip install -e \.`$"):
        index_site(tmp_path, python=str(tmp_path / "no-such-python"))
    without_site_packages = tmp_path / "python-S"
    without_site_packages.write_text(f'#!/bin/sh\nexec {sys.executable} -S "$@"\n', encoding="utf-8")
    without_site_packages.chmod(0o755)
    with pytest.raises(SearchIndexError, match=r"^tìm kiếm: Python này chưa cài Pagefind; cài lại"):
        index_site(tmp_path, python=str(without_site_packages))


def test_the_built_site_marks_articles_and_drops_materials_search(make_site):
    built = run_build(make_site({"content/news/2022/a.md": post(title="Đăng ký hoạt động thử nghiệm")}))
    assert built.returncode == 0, built.log
    assert "tìm kiếm: đã lập chỉ mục" in built.log
    page = built.page("tin-tuc/2022/dang-ky-hoat-dong-thu-nghiem/")
    assert page.select_one("article[data-pagefind-body]") is not None
    assert page.select_one('meta[data-pagefind-meta="ten_khong_dau[content]"]')["content"] == "dang dong"
    assert page.select_one(".md-header .cchc-search pagefind-searchbox") is not None
    assert page.select_one("form[name=search]") is None            # no lunr search box
    assert not (built.site / "search/search_index.json").exists()   # and no lunr index
    assert (built.site / "pagefind/pagefind-component-ui.js").is_file()
    not_found = (built.site / "404.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in not_found


def test_procedures_are_indexed_whole(shipped):
    procedure = shipped.article("thu-tuc-hanh-chinh/1.004508.000.00.00.H48/")
    assert len(procedure.get_text().split()) > 300
    assert procedure.select("[data-pagefind-ignore]") == []


def test_listings_are_found_by_their_heading_and_their_entries_on_their_own_pages(shipped):
    """A listing indexed whole would put every post in the index a second time (and 2 MB year
    archives in its chunks); pages 2, 3, ... of the news list are left out altogether."""
    def indexed_words(url):
        body = shipped.page(url).select_one("[data-pagefind-body]")
        return None if body is None else searchable_part(body.decode_contents(), None).text.split()

    assert indexed_words("tin-tuc/trang/2/") is None
    assert indexed_words("tin-tuc/") == ["Tin", "tức"]
    for url in ("", "tin-tuc/2022/", "chu-de/", "chu-de/iso-9001/", "ke-hoach/", "ke-hoach/2022/",
                "ban-tin/", "thu-tuc-hanh-chinh/"):
        words = indexed_words(url)
        assert 0 < len(words) <= 2 * INDEXED_WORDS, (url, len(words))
        # No entry: no link to a post, topic, procedure or bulletin is among the indexed text.
        entries = {a.get_text(" ", strip=True) for a in shipped.article(url).select("li a, td a")}
        assert not any(entry and entry in " ".join(words) for entry in entries), url
    # A post: its title and summary; not its date, unit, issues or topics, which the topic
    # pages and archives list, and not its body.
    for path in sorted((shipped.site / "tin-tuc/2022").glob("*/index.html")):
        post_url = str(path.parent.relative_to(shipped.site)) + "/"
        post = shipped.article(post_url)
        expected = f'{post.select_one("h1").get_text()} {post.select_one(".cchc-summary").get_text()}'
        assert indexed_words(post_url) == expected.split(), post_url


def test_a_post_is_indexed_by_its_first_block_only():
    html = ('<div class="cchc-post-header"><h1>Tiêu đề</h1><p data-pagefind-ignore>ngày 1/1</p>'
            "<p>Tóm tắt.</p></div>\n<p>Thân bài.</p><h2>Mục</h2>")
    assert limit_indexed_text(html, None, blocks=1) == (
        '<div class="cchc-post-header"><h1>Tiêu đề</h1><p data-pagefind-ignore>ngày 1/1</p>'
        "<p>Tóm tắt.</p></div>\n<p data-pagefind-ignore>Thân bài.</p><h2 data-pagefind-ignore>Mục</h2>")
    assert searchable_part(html, None, blocks=1).text.split() == ["Tiêu", "đề", "Tóm", "tắt."]


def test_only_the_attribute_itself_counts_and_deep_nesting_is_no_trouble():
    # The words in a title are no marker: the paragraph is counted and marked like any other.
    html = '<p>một hai</p><p title="x data-pagefind-ignore">ba</p>'
    assert limit_indexed_text(html, 1) == '<p>một hai</p><p data-pagefind-ignore title="x data-pagefind-ignore">ba</p>'
    deep = "<div>" * 3000 + "<p>" + "chữ " * 60 + "</p><p>cuối</p>" + "</div>" * 3000
    assert limit_indexed_text(deep, 50).count("data-pagefind-ignore") == 1
