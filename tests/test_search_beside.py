"""Search indexed beside the build (cchc.search.beside): the same index as Pagefind makes from
the finished site, and the finished site indexed again whenever that cannot be vouched for."""

import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from cchc.search import BUNDLE_DIR, SearchIndexError, index_site
from cchc.search import beside
from cchc.search.beside import IndexBeside, article_heading
from conftest import PROJECT, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

PAGE = ('<!doctype html><html lang="vi"><head><title>{title}</title></head><body><nav>Menu</nav>'
        '<article class="md-content__inner md-typeset" data-pagefind-body>\n  {heading}\n{content}\n</article>'
        '</body></html>')


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _fragments(bundle: Path) -> dict[str, dict]:
    """Each indexed page's record in a bundle (its URL, text, meta), by URL."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        found[record["url"]] = record
    return found


def test_the_index_made_beside_the_build_is_the_one_pagefind_makes_from_the_finished_site(tmp_path, monkeypatch):
    # Pagefind numbers pages in the order it finds their files: beside the site, on the same
    # file system, it finds them in the same order as in the finished site, so the bytes match.
    monkeypatch.setattr(beside, "IN_MEMORY", tmp_path)
    built = run_build(PROJECT, site_dir=tmp_path / "site", as_of=None)
    assert built.returncode == 0, built.log
    assert "indexed the finished site again" not in built.log
    indexed = int(re.search(r"search: indexed (\d+) page\(s\)", built.log).group(1))
    assert indexed > 50
    assert [p for p in tmp_path.iterdir() if p.name.startswith("cchc-search-")] == []  # cleaned up
    made_beside = tmp_path / "beside"
    shutil.move(built.site / BUNDLE_DIR, made_beside)
    assert index_site(built.site).pages == indexed
    assert _files(made_beside) == _files(built.site / BUNDLE_DIR)

    # In memory (the default where the system has it) the files are found in another order: the
    # pages are numbered otherwise, and each page's record is the same.
    monkeypatch.undo()
    again = run_build(PROJECT, site_dir=tmp_path / "again", as_of=None)
    assert again.returncode == 0 and "indexed the finished site again" not in again.log
    assert _fragments(again.site / BUNDLE_DIR) == _fragments(made_beside)


def _site(tmp_path: Path, pages: dict[str, tuple[str, str]]) -> Path:
    """A finished site of ``pages`` {dest path: (title, content)}, written as Material would."""
    site = tmp_path / "site"
    for dest, (title, content) in pages.items():
        (site / dest).parent.mkdir(parents=True, exist_ok=True)
        (site / dest).write_text(_rendered(title, content), encoding="utf-8")
    return site


def _rendered(title: str, content: str) -> str:
    return PAGE.format(title=title, heading=article_heading(title, content, "CCHC"), content=content)


PAGES = {"index.html": ("Trang chủ", "<p>Chuyên mục cải cách hành chính.</p>"),
         "tin-tuc/a/index.html": ("Tin A", "<h1>Đăng ký đất đai</h1>\n<p>Hồ sơ.</p>")}


def _indexed(site: Path, pages=PAGES, **options) -> IndexBeside:
    index = IndexBeside(site, **options)
    for dest, (title, content) in pages.items():
        index.add(dest, article_heading(title, content, "CCHC"), content, [("khong_dau", "dang dat dai")])
    return index


def test_pages_rendered_as_indexed_need_no_second_run(tmp_path):
    site = _site(tmp_path, PAGES)
    index = _indexed(site)
    index.start(list(PAGES))
    for dest, (title, content) in PAGES.items():
        index.check(dest, _rendered(title, content))
    report, redone = index.finish()
    assert redone is None and report.pages == 2
    assert not index.folder.exists()
    fragments = _fragments(site / BUNDLE_DIR)
    assert sorted(fragments) == ["/", "/tin-tuc/a/"]
    assert fragments["/"]["meta"]["title"] == "Trang chủ"  # the heading Material writes
    assert fragments["/tin-tuc/a/"]["meta"]["khong_dau"] == "dang dat dai"


@pytest.mark.parametrize("rendered, why", [
    (_rendered("Tin A", "<h1>Đăng ký đất đai</h1>\n<p>Hồ sơ đã sửa.</p>"), "tin-tuc/a/index.html as rendered differs"),
    (_rendered("Tin A", "<h1>Đăng ký đất đai</h1>\n<p>Hồ sơ.</p>").replace("</article>", "<p>Thêm</p></article>"),
     "tin-tuc/a/index.html as rendered differs"),
    (_rendered("Tin A", "<h1>Đăng ký đất đai</h1>\n<p>Hồ sơ.</p>").replace(" data-pagefind-body", ""),
     "tin-tuc/a/index.html is marked for search as rendered and not as indexed"),
])
def test_a_page_rendered_otherwise_than_indexed_has_the_finished_site_indexed_again(tmp_path, rendered, why):
    site = _site(tmp_path, PAGES)
    (site / "tin-tuc/a/index.html").write_text(rendered, encoding="utf-8")
    index = _indexed(site)
    index.start(list(PAGES))
    index.check("index.html", _rendered(*PAGES["index.html"]))
    index.check("tin-tuc/a/index.html", rendered)
    report, redone = index.finish()
    assert redone.startswith(why)
    # What is in the index is what the finished pages say.
    assert report.pages == (1 if "not as indexed" in why else 2)
    if "đã sửa" in rendered:
        assert "đã sửa" in _fragments(site / BUNDLE_DIR)["/tin-tuc/a/"]["content"]


def test_a_page_not_made_or_outside_the_site_has_the_finished_site_indexed(tmp_path):
    site = _site(tmp_path, PAGES)
    index = _indexed(site)
    index.start(list(PAGES) + ["thu-tuc/index.html"])
    assert index.process is None
    report, redone = index.finish()
    assert redone == "1 page(s) were not made in this build (first: thu-tuc/index.html)"
    assert report.pages == 2

    index = _indexed(site, {"../ngoai/index.html": ("Ngoài", "<p>x</p>")})
    assert index.redo == "a page's path ('../ngoai/index.html') is not inside the site"
    assert not (tmp_path / "ngoai").exists() and list(index.folder.rglob("*.html")) == []
    index.discard()


def test_pagefind_that_cannot_start_fails_the_build_with_the_usual_message(tmp_path):
    site = _site(tmp_path, PAGES)
    index = _indexed(site, python=str(tmp_path / "no-such-python"))
    index.start(list(PAGES))
    with pytest.raises(SearchIndexError, match=r"^search: could not start Pagefind .*pip install -e \.`$"):
        index.finish()
    assert not index.folder.exists()


def test_a_failed_build_stops_pagefind_and_leaves_nothing_behind(tmp_path):
    site = _site(tmp_path, PAGES)
    index = _indexed(site)
    index.start(list(PAGES))
    index.discard()
    assert index.process.returncode is not None and not index.folder.exists()


def test_the_folder_of_a_killed_build_is_removed_by_the_next_build(tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setattr(beside, "IN_MEMORY", tmp_path)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f"cchc-search-{int(gone.stdout)}-x1"  # its build was killed: no atexit ran
    running = tmp_path / f"cchc-search-{os.getppid()}-x2"  # another build, still running
    other = tmp_path / "cchc-search-old"  # no process id in its name: not ours to judge
    for folder in (killed, running, other):
        (folder / "tin-tuc").mkdir(parents=True)
    index = IndexBeside(tmp_path / "site")
    try:
        assert not killed.exists() and running.exists() and other.exists()
        assert index.folder.name.startswith(f"cchc-search-{os.getpid()}-")
    finally:
        index.discard()
