"""Search, without a browser: what each page gives Pagefind, and how a failed indexing reads."""

import sys

import pytest

from cchc.search import (
    ALIAS_FIELD,
    TITLE_FIELD,
    SearchIndexError,
    index_site,
    limit_indexed_text,
    search_meta,
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
    assert limit_indexed_text(html + "<p>ba</p>", 0) == html + "<p>ba</p>"


def test_indexing_reports_pages_and_fails_with_a_readable_message(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html lang="vi"><body><main data-pagefind-body><h1>Trang chủ</h1></main></body></html>',
        encoding="utf-8")
    report = index_site(tmp_path)
    assert report.pages == 1 and (tmp_path / "pagefind/pagefind-component-ui.js").is_file()
    with pytest.raises(SearchIndexError, match=r"^search: could not start Pagefind .*pip install -e \.`$"):
        index_site(tmp_path, python=str(tmp_path / "no-such-python"))
    without_site_packages = tmp_path / "python-S"
    without_site_packages.write_text(f'#!/bin/sh\nexec {sys.executable} -S "$@"\n', encoding="utf-8")
    without_site_packages.chmod(0o755)
    with pytest.raises(SearchIndexError, match=r"^search: Pagefind is not installed in this Python; install"):
        index_site(tmp_path, python=str(without_site_packages))


def test_the_built_site_marks_articles_and_drops_materials_search(make_site):
    built = run_build(make_site({"content/news/2022/a.md": post(title="Đăng ký hoạt động thử nghiệm")}))
    assert built.returncode == 0, built.log
    assert "search: indexed" in built.log
    page = built.page("tin-tuc/2022/dang-ky-hoat-dong-thu-nghiem/")
    assert page.select_one("article[data-pagefind-body]") is not None
    assert page.select_one('meta[data-pagefind-meta="ten_khong_dau[content]"]')["content"] == "dang dong"
    assert page.select_one(".md-header .cchc-search pagefind-searchbox") is not None
    assert page.select_one("form[name=search]") is None            # no lunr search box
    assert not (built.site / "search/search_index.json").exists()   # and no lunr index
    assert (built.site / "pagefind/pagefind-component-ui.js").is_file()
    not_found = (built.site / "404.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in not_found


def test_procedures_are_indexed_whole_and_news_only_from_their_start(shipped):
    from bs4 import BeautifulSoup
    procedure = shipped.article("thu-tuc-hanh-chinh/1.004508.000.00.00.H48/")
    assert len(procedure.get_text().split()) > 300
    assert procedure.select("[data-pagefind-ignore]") == []
    news = shipped.site / "tin-tuc/2022"
    long_post = max(news.glob("*/index.html"), key=lambda p: len(p.read_text(encoding="utf-8")))
    article = BeautifulSoup(long_post.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert article.select("[data-pagefind-ignore]")
