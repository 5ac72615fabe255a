"""Search indexed as the site is written (cchc.search.site_index, Pagefind's Python API): the
pages Pagefind's command line finds in the finished site, each with the same record; and a
Pagefind that cannot start or stops fails the build with one line, no traceback."""

import gzip
import json
from pathlib import Path

import pytest

from cchc.search import BUNDLE_DIR, SearchIndexError, index_site
from cchc.search.site_index import BuildIndex, SiteIndex
from conftest import PROJECT, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts Pagefind

PAGE = ('<!doctype html><html lang="vi"><head><title>{title}</title>'
        '<meta name="cchc-khong_dau" data-pagefind-meta="khong_dau[content]" content="dang dat dai"></head>'
        '<body><nav>Menu</nav><article class="md-content__inner md-typeset"{mark}>\n{content}\n</article>'
        '</body></html>')
PAGES = {"index.html": PAGE.format(title="Trang chủ", mark=" data-pagefind-body",
                                   content="<h1>Trang chủ</h1><p>Chuyên mục cải cách hành chính.</p>"),
         "tin-tuc/a/index.html": PAGE.format(title="Tin A", mark=" data-pagefind-body",
                                             content="<h1>Đăng ký đất đai</h1>\n<p>Hồ sơ.</p>"),
         "404.html": PAGE.format(title="404", mark="", content="<h1>Không tìm thấy</h1>")}


def _fragments(bundle: Path) -> dict[str, dict]:
    """Each indexed page's record in a bundle (its URL, text, meta), by URL."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record
    return found


def test_the_index_made_as_the_site_is_written_has_the_records_pagefind_makes_from_the_finished_site(tmp_path):
    built = run_build(PROJECT, site_dir=tmp_path / "site", as_of=None)
    assert built.returncode == 0, built.log
    made = _fragments(built.site / BUNDLE_DIR)
    assert f"tìm kiếm: đã lập chỉ mục {len(made)} trang" in built.log and len(made) > 50
    assert "indexed again" not in built.log  # every written page is what was indexed for it
    (built.site / BUNDLE_DIR).rename(tmp_path / "made")
    assert index_site(built.site).pages == len(made)
    # Pagefind numbers the pages in the order it gets them (here MkDocs' order, there the order
    # it finds the files in), so the index chunks differ in their page numbers only.
    assert _fragments(built.site / BUNDLE_DIR) == made


def test_pages_are_indexed_with_their_fields_and_pages_without_the_mark_are_left_out(tmp_path):
    index = SiteIndex(tmp_path)
    for dest, html in PAGES.items():
        index.add(dest, html)
    report = index.write()
    assert report.pages == 2 and report.bundle == tmp_path / BUNDLE_DIR
    fragments = _fragments(tmp_path / BUNDLE_DIR)
    assert sorted(fragments) == ["/", "/tin-tuc/a/"]
    assert fragments["/"]["meta"]["title"] == "Trang chủ"
    assert fragments["/tin-tuc/a/"]["meta"]["khong_dau"] == "dang dat dai"
    assert "Menu" not in fragments["/"]["content"]  # only the article
    assert not index.thread.is_alive()


def test_pagefind_that_cannot_start_fails_with_the_usual_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match=r"^tìm kiếm: không chạy được Pagefind .*pip install -e \.`$"):
        SiteIndex(tmp_path / "site")


def test_pagefind_that_stops_while_indexing_fails_with_one_line(tmp_path, monkeypatch):
    stops = tmp_path / "stops"
    stops.write_text("#!/bin/sh\nhead -c 10 > /dev/null\nexit 3\n", encoding="utf-8")
    stops.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(stops))
    with pytest.raises(SearchIndexError, match=r"^tìm kiếm: dịch vụ Pagefind đã dừng"):
        index = SiteIndex(tmp_path / "site")
        index.add("index.html", PAGES["index.html"])
        index.write()


def test_a_failed_build_stops_pagefind(tmp_path):
    index = SiteIndex(tmp_path)
    index.add("index.html", PAGES["index.html"])
    service = index.service
    index.discard()
    assert service._backend.returncode is not None and not index.thread.is_alive()
    assert not (tmp_path / BUNDLE_DIR).exists()


def test_a_written_page_that_differs_from_what_was_indexed_has_the_written_pages_indexed_again(tmp_path):
    index = BuildIndex(tmp_path)
    for dest in PAGES:
        index.expect(dest)
    index.add_finished("index.html", "", "<h1>Trang chủ</h1><p>Chuyên mục cải cách hành chính.</p>",
                       [("khong_dau", "dang dat dai")])
    # What the theme wrote for this page is not what the build gave Pagefind (a theme change).
    index.add_finished("tin-tuc/a/index.html", "", "<h1>Nội dung cũ</h1>", [("khong_dau", "dang dat dai")])
    index.add_finished("404.html", "", None, [])
    index.all_added()
    for dest, html in PAGES.items():
        (tmp_path / dest).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / dest).write_text(html, encoding="utf-8")
        index.check(dest, html)
    report = index.write()
    assert report.redone == "tin-tuc/a/index.html: trang đã ghi khác với nội dung đã lập chỉ mục cho nó"
    assert "lập lại từ các trang đã ghi" in str(report)
    fragments = _fragments(tmp_path / BUNDLE_DIR)
    assert sorted(fragments) == ["/", "/tin-tuc/a/"]
    assert "Đăng ký đất đai" in fragments["/tin-tuc/a/"]["content"]
    assert index.pool is None  # the indexing process is gone


def test_pages_given_as_finished_are_indexed_in_the_order_they_were_made(tmp_path):
    first, second = BuildIndex(tmp_path / "a"), BuildIndex(tmp_path / "b")
    for index, order in ((first, ["x/index.html", "y/index.html"]), (second, ["y/index.html", "x/index.html"])):
        for dest in ("x/index.html", "y/index.html"):
            index.expect(dest)
        for dest in order:  # finished in another order: back from the finishing process
            index.add_finished(dest, f"<h1>{dest}</h1>", "<p>Nội dung.</p>", [])
        assert index.write().pages == 2
    assert ((tmp_path / "a" / BUNDLE_DIR / "pagefind-entry.json").read_bytes()
            == (tmp_path / "b" / BUNDLE_DIR / "pagefind-entry.json").read_bytes())
