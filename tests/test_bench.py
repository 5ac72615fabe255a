"""The build benchmark (scripts/bench.py, the package scripts/benchmark/) measures what it says.

No timing is asserted: numbers depend on the machine. What is checked: its synthetic site is
one the build accepts (every plan satisfied, every record valid), its two configurations are the
project's own settings read by MkDocs (with and without what is ours), one instrumented build
reports every stage the report needs, and the report prints and tabulates the numbers it is
given, each in its place.
"""

from __future__ import annotations

import sys
from datetime import date

import pytest

from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "scripts"))

from benchmark import common, report  # noqa: E402
from benchmark.corpus import Corpus, write_corpus  # noqa: E402
from benchmark.stages import Run  # noqa: E402

# A site this small is finished in the build's process (cchc.finishing.BESIDE_FROM).
STAGES = ("load", "feeds", "coverage", "build_load", "page_sources", "finish_here", "finish_requests",
          "search_pages", "pagefind", "markdown", "pages_built", "build")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    """A tiny synthetic site: 30 posts over one year, 5 procedures, 2 bulletins."""
    return write_corpus(tmp_path_factory.mktemp("bench") / "ours", news=30, procedures=5, bulletins=2, years=1)


def test_the_synthetic_site_is_valid_and_satisfies_its_plan(corpus):
    from cchc.content.load import load_site
    from cchc.dates import build_time
    from cchc.plan.report import coverages

    when = build_time({"SOURCE_DATE_EPOCH": common.EPOCH})
    site = load_site(corpus.root, when)
    assert list(site.problems) == []
    assert (len(site.posts), len(site.drafts)) == (corpus.news - corpus.drafts, corpus.drafts)
    assert (len(site.bulletins), len(site.procedures), corpus.procedures) == (2, 5, 5)
    assert sorted(site.plans) == corpus.years == [common.LAST_YEAR]
    checks = coverages(site, date(common.LAST_YEAR, 12, 31))
    assert [finding for check in checks for finding in check.overdue] == []
    assert (corpus.root / corpus.sample_post).is_file() and corpus.sample_url.startswith("tin-tuc/2022/")


def test_both_configurations_are_the_projects_settings_as_mkdocs_reads_them(corpus, tmp_path):
    project = common.load_settings(PROJECT / "mkdocs.yml")
    ours = common.load_settings(corpus.root / "mkdocs.yml")
    assert (ours.site_name, ours.site_url, ours.nav, ours.extra) == (
        project.site_name, project.site_url, project.nav, project.extra)
    assert ours.docs_dir == str(PROJECT / "docs") and list(ours.hooks) == [str(PROJECT / "hooks/cchc_hooks.py")]
    assert ours.theme.dirs[0] == str(PROJECT / "overrides")
    (tmp_path / "docs").mkdir()
    (tmp_path / common.PLAIN_THEME).mkdir()
    for search, plugins in ((False, []), (True, ["material/search"])):
        (tmp_path / "mkdocs.yml").write_text(common.plain_config(search), encoding="utf-8")
        plain = common.load_settings(tmp_path / "mkdocs.yml")
        assert (plain.site_name, plain.nav, plain.markdown_extensions) == (
            project.site_name, project.nav, project.markdown_extensions)
        assert (dict(plain.hooks), plain.extra_css, list(plain.plugins)) == ({}, [], plugins)
        assert plain.theme.dirs[0] == str(tmp_path / common.PLAIN_THEME)  # an empty folder: no overrides
        assert str(PROJECT / "overrides") not in plain.theme.dirs


@pytest.mark.site
def test_one_instrumented_build_reports_every_stage_the_report_needs(corpus, tmp_path):
    from benchmark.stages import mkdocs_build

    run = mkdocs_build(corpus.root, tmp_path / "site")
    assert run.returncode == 0, run.log[-3000:]
    assert set(STAGES) <= set(run.stats["seconds"]), run.stats
    assert all(run.stats["counts"][stage] >= 1 for stage in STAGES if stage != "build")
    own_pages = corpus.news - corpus.drafts + corpus.procedures + corpus.bulletins
    assert own_pages < run.stats["counts"]["pages_built"] <= len(list((tmp_path / "site").rglob("*.html")))
    assert run.stats["maxrss_mb"] > 0 and (tmp_path / "site/pagefind").is_dir()


def _result(tmp_path, preview: dict | None = None) -> report.Result:
    """A Result with round numbers, as if measured."""
    seconds = {"load": 1.0, "feeds": 0.25, "coverage": 0.25, "build_load": 2.0, "page_sources": 0.5,
               "finish_here": 0.75, "finish_requests": 1.0, "search_pages": 0.5, "finish_wait": 0.25,
               "pagefind": 4.0, "build": 20.0}
    ours = Run(24.0, {"seconds": seconds, "stage_cpu": {k: v / 2 for k, v in seconds.items()},
                      "counts": {"pages_built": 1200}, "maxrss_mb": 390.0, "cpu": 18.0, "children_cpu": 3.0,
                      "finisher": {"cpu": 2.5, "maxrss_mb": 40.0}}, "", 0)
    plain = Run(16.0, {"counts": {"pages_built": 1190}, "maxrss_mb": 300.0, "cpu": 12.0}, "", 0)
    corpus = Corpus(tmp_path, [2020, 2021, 2022], news=1000, drafts=9, procedures=200, bulletins=18,
                    markdown_bytes=3 * 1024 * 1024)
    size = {"files": 5000, "bytes": 200 * 1024 * 1024, "html": 1300, "search_bytes": 12 * 1024 * 1024,
            "indexed_pages": 1250, "pagefind_peak_mb": 80.0, "largest_page_gzip": 52 * 1024,
            "largest_page": "ke-hoach/2022/index.html"}
    return report.Result(corpus, ours, plain, 1190, None, (1.5, 0, "Không có lỗi"), size,
                         "not measured (--no-browser)", preview or {})


def test_the_report_derives_the_stages_from_what_was_timed(tmp_path):
    result = _result(tmp_path)
    assert result.core() == 1.5 and result.core(cpu=True) == 0.75
    assert result.page_generation() == 2.0 - 1.5 + 0.5
    assert result.finishing_here() == 2.25
    assert result.mkdocs_rest() == 20.0 - (2.0 + 0.5 + 0.25) - 2.25 - 4.0
    assert result.without_pagefind == 20.0 and result.memory_ratio == pytest.approx(1.3)


def test_the_printed_block_gives_each_number_on_its_line(tmp_path, capsys):
    report.print_result(_result(tmp_path))
    lines = capsys.readouterr().out.splitlines()

    def line(start: str) -> str:
        found = [text for text in lines if text.strip().startswith(start)]
        assert len(found) == 1, (start, lines)
        return found[0]

    assert "1,000 news posts (9 drafts), 200 procedures, 18 bulletins, 3 plan year(s); 3.0 MB" in lines[1]
    # wall s, CPU s, CPU ms per page built (1,200 pages)
    assert line("load+validate+feeds+coverage").split()[-3:] == ["1.50", "0.75", "0.62"]
    assert line("Pagefind").split()[-3:] == ["4.00", "3.00", "2.50"]
    assert line("finishing pages, beside").split()[-3:] == ["0.25", "2.50", "2.08"]
    assert line("plain Material, whole build").split()[-3:] == ["16.00", "12.00", "10.08"]
    assert "the finishing process 40 MB (ends before the templates)" in line("peak memory (RSS)")
    assert line("ours, mkdocs build --strict").split()[-5:] == ["24.00", "21.00", "50", "exit", "0"]
    assert "ratio ours / plain: 1.50; without Pagefind 1.25 (CPU 1.50)" in line("ratio ours / plain")
    assert "ratio 1.30" in line("peak memory (RSS)")
    assert line("checker:") == "checker: cchc check 1.50 s wall, exit 0 (target <= 3 s): Không có lỗi"
    assert line("first search query") == "first search query: not measured (--no-browser)"
    assert line("output:").endswith("; largest page 52.0 KB gzip (ke-hoach/2022/index.html)")
    assert not any(text.startswith("preview") for text in lines)


def test_the_markdown_table_has_one_column_per_size_and_the_preview_rows_when_measured(tmp_path):
    preview = {"first_build": 30.0, "samples": [
        {"kind": "post text", "served": 0.25, "rebuild": "body", "seconds": 0.1, "pages_rendered": 1, "stages": ""},
        {"kind": "post text", "served": 0.75, "rebuild": "body", "seconds": 0.1, "pages_rendered": 1, "stages": ""},
        {"kind": "new post", "served": 2.0, "rebuild": "pages", "seconds": 1.9, "pages_rendered": 9, "stages": ""}]}
    table = report.markdown_table([_result(tmp_path), _result(tmp_path, preview)])
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()]
    assert rows[0] == ["News posts", "1,000", "1,000"] and rows[1] == ["---", "---:", "---:"]
    assert all(len(row) == 3 for row in rows), table
    cells = {row[0]: row[1:] for row in rows[2:]}
    assert cells["**Load + validate + feeds + coverage** (≤ 2 s at 10,000)"] == ["**1.50 (0.75)**"] * 2
    assert cells["**Ratio ours / plain** (≤ 1.15)"] == ["**1.50**"] * 2
    assert cells["**Memory ratio** (≤ 1.3)"] == ["**1.30**"] * 2
    assert cells["CPU ms per page built: load + validate"] == ["0.42"] * 2  # 0.5 s CPU, 1,200 pages
    assert cells["CPU ms per page built: plain Material, whole build"] == ["10.08"] * 2  # 12 s, 1,190
    assert cells["Largest first search query: KB fetched, gzip (≤ 300)"] == ["–", "–"]
    assert cells["Largest HTML page, KB gzip (≤ 60)"] == ["52.0 (ke-hoach/2022/index.html)"] * 2
    assert cells["Preview, post text: save → page served, median / worst s"] == ["–", "0.50 / 0.75"]
    assert cells["Preview, new post: save → page served, median / worst s"] == ["–", "2.00 / 2.00"]
    assert cells[f"**Preview**, every save above, {common.PREVIEW_COMMAND}: median / worst (≤ 1 s)"] == [
        "–", "**0.75 / 2.00**"]
