"""Pagefind fed page by page during the build (cchc.search_live) indexes what the command line
indexes over the finished site: the same pages with the same words, titles and metadata."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from cchc.search import BUNDLE_DIR, index_site


def fragments(bundle: Path) -> dict[str, dict]:
    """Each indexed page's record (URL, words indexed, title, metadata), by URL."""
    records = {}
    for path in (bundle / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        records[record["url"]] = record
    return records


def test_the_build_index_has_the_pages_and_words_the_command_line_indexes(shipped, tmp_path):
    assert shipped.returncode == 0, shipped.log[-3000:]
    live = shipped.site / BUNDLE_DIR
    copy = tmp_path / "site"
    shutil.copytree(shipped.site, copy, ignore=shutil.ignore_patterns(BUNDLE_DIR))
    report = index_site(copy)
    by_build, by_cli = fragments(live), fragments(copy / BUNDLE_DIR)
    assert report.pages > 50 and len(by_build) == report.pages
    assert sorted(by_build) == sorted(by_cli)
    assert [url for url in by_build if by_build[url] != by_cli[url]] == []
    entry = json.loads((live / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == report.pages
    # The searched pages are the site's pages, not the 404 page nor the news list's later pages.
    assert "/tin-tuc/" in by_build and not any(url.startswith("/tin-tuc/trang/") or "404" in url for url in by_build)
    assert f"search: indexed {report.pages} page(s)" in shipped.log
