"""What the preview keeps between rebuilds, lent to each build by the core's own parameters
(cchc.content.cache.LoadCache, cchc.site.render_cache.RenderCache): a rebuild after a save
parses, checks and renders only what changed, gives the same pages as a build that keeps
nothing, and lets go of what no rebuild uses any more.

Each test counts the work through the cache's own counters, so a loader or renderer that goes
around the cache (the bug of issue 28: load.py calling news.check_post itself) fails here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cchc.build import Build
from cchc.config import Options
from cchc.content.cache import LoadCache
from cchc.content.load import load_site
from cchc.dates import build_time
from cchc.site.render_cache import Later, RenderCache
from conftest import EPOCH_2023, PROJECT, post

WHEN = build_time({"SOURCE_DATE_EPOCH": EPOCH_2023})
OPTIONS = Options(site_url="https://example.org/cchc/")
BULLETIN = "content/bulletins/2022/01.md"
SAVED = "content/news/2022/thu-nhat.md"
# From the shipped content: a plan, one bulletin with the two posts it lists, one procedure folder.
SHIPPED = ["content/plans/2022.yml", BULLETIN, "content/bulletins/2022/ban-tin-cchc-so-01-2022.pdf",
           "content/bulletins/2022/ban-tin-cchc-so-01-2022.svg",
           "content/news/2022/hoi-nghi-tong-ket-cchc-2021-trien-khai-nhiem-vu-2022.md",
           "content/news/2022/phat-dong-phong-trao-thi-dua-day-manh-cai-cach-hanh-chinh.md",
           "content/procedures/chuyen-giao-cong-nghe"]


@pytest.fixture
def root(tmp_path) -> Path:
    """A small content tree: 4 posts, 1 bulletin, 3 procedures, the 2022 plan."""
    for rel in SHIPPED:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        copy = shutil.copytree if (PROJECT / rel).is_dir() else shutil.copy
        copy(PROJECT / rel, tmp_path / rel)
    (tmp_path / SAVED).write_text(post(title="Tin thứ nhất", topics="[II.2]"), encoding="utf-8")
    (tmp_path / "content/news/2022/thu-hai.md").write_text(post(title="Tin thứ hai"), encoding="utf-8")
    return tmp_path


def save(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` by ``new`` in the file, as an editor's save (a later
    modification time)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))  # a new stamp even on a coarse clock


def work(cache: LoadCache) -> tuple[int, int, int]:
    return cache.parsed, cache.checked, cache.procedure_loads


def test_a_second_load_of_unchanged_files_parses_and_checks_nothing_again(root):
    cache = LoadCache()
    first = load_site(root, WHEN, cache=cache)
    assert first.problems == () and len(first.posts) == 4
    # Every record read once (4 posts, 1 bulletin, 3 procedures), every post checked once.
    assert work(cache) == (8, 4, 1)
    second = load_site(root, WHEN, cache=cache)
    assert work(cache) == (8, 4, 1)
    assert second == first == load_site(root, WHEN)
    assert [a is b for a, b in zip(first.posts, second.posts)] == [True] * 4


def test_a_saved_post_is_parsed_and_checked_again_and_nothing_else(root):
    cache = LoadCache()
    load_site(root, WHEN, cache=cache)
    save(root / SAVED, "Nội dung tin.", "Nội dung đã sửa.")
    site = load_site(root, WHEN, cache=cache)
    assert work(cache) == (9, 5, 1)
    assert next(p for p in site.posts if p.source == SAVED).body.strip() == "Nội dung đã sửa."
    assert site == load_site(root, WHEN)


def test_a_changed_plan_checks_every_post_again_and_a_saved_procedure_loads_the_procedures(root):
    cache = LoadCache()
    load_site(root, WHEN, cache=cache)
    save(root / "content/plans/2022.yml", "name: Văn bản", "name: Các văn bản")
    load_site(root, WHEN, cache=cache)
    assert work(cache) == (8, 8, 1)
    procedure = next((root / "content/procedures/chuyen-giao-cong-nghe").glob("*.md"))
    save(procedure, "\n---\n", "\n---\n\nThêm một đoạn.\n")
    load_site(root, WHEN, cache=cache)
    assert work(cache) == (9, 8, 2)


def test_a_deleted_file_is_forgotten(root):
    cache = LoadCache()
    load_site(root, WHEN, cache=cache)
    assert cache.front_matter(root, SAVED) is not None
    (root / SAVED).unlink()
    site = load_site(root, WHEN, cache=cache)
    assert SAVED not in {p.source for p in site.posts}
    assert cache.front_matter(root, SAVED) is None  # no longer kept
    assert cache.front_matter(root, BULLETIN) is not None


def markdown(build: Build) -> tuple[dict[str, str | None], dict[str, str | bytes]]:
    """Every page's Markdown and every other output of one build."""
    build.load()
    generated = build.hand_over_pages()
    pages = {file.src_uri: build.page_source(file.src_uri) for file in build.files}
    pages.update((src_uri, build.page_source(src_uri)) for src_uri in generated)
    return pages, dict(build.outputs)


def cached_build(root: Path, loads: LoadCache, renders: RenderCache) -> Build:
    return Build(root, OPTIONS, WHEN, load_cache=loads, render_cache=renders)


def test_the_render_cache_gives_what_a_build_without_it_makes_and_a_rebuild_makes_nothing(root):
    loads, renders = LoadCache(), RenderCache()
    first = markdown(cached_build(root, loads, renders))
    made = dict(renders.made)
    assert made["post"] == 4 and made["page"] > 10 and made["year report"] == 1
    assert first == markdown(Build(root, OPTIONS, WHEN))
    assert markdown(cached_build(root, loads, renders)) == first
    assert renders.made == made  # all of it found, none made again


def test_a_saved_post_makes_its_page_again_and_its_listings(root):
    loads, renders = LoadCache(), RenderCache()
    markdown(cached_build(root, loads, renders))
    made = dict(renders.made)
    save(root / SAVED, "title: Tin thứ nhất", "title: Tin thứ nhất đã sửa")
    again = markdown(cached_build(root, loads, renders))
    assert again == markdown(Build(root, OPTIONS, WHEN))
    assert renders.made["post"] == made["post"] + 1
    assert renders.made["page"] > made["page"]  # the lists that show its title


@pytest.mark.parametrize("path, old, new", [
    ("content/plans/2022.yml", "name: Văn bản", "name: Các văn bản"),       # a topic's name on posts' pages
    (BULLETIN, "number: 1", "number: 7"),                                   # the issue a post's page names
])
def test_a_plan_or_a_bulletin_changed_makes_every_page_again(root, path, old, new):
    loads, renders = LoadCache(), RenderCache()
    before = markdown(cached_build(root, loads, renders))
    made = dict(renders.made)
    save(root / path, old, new)
    after = markdown(cached_build(root, loads, renders))
    assert after == markdown(Build(root, OPTIONS, WHEN)) != before
    assert renders.made["post"] == made["post"] + 4
    assert renders.made["year report"] == made["year report"] + 1


def test_a_new_or_deleted_post_makes_its_page_and_its_lists_again_and_no_other_post_page(root):
    loads, renders = LoadCache(), RenderCache()
    markdown(cached_build(root, loads, renders))
    made = dict(renders.made)
    added = root / "content/news/2022/thu-ba.md"
    added.write_text(post(title="Tin thứ ba", date="2022-03-04"), encoding="utf-8")
    with_it = markdown(cached_build(root, loads, renders))
    assert with_it == markdown(Build(root, OPTIONS, WHEN))
    assert "Tin thứ ba" in with_it[0]["content/news/2022/thu-ba.md"]
    assert renders.made["post"] == made["post"] + 1  # its own page only
    assert renders.made["page"] > made["page"]        # the lists that show it
    # In them, only its own item is new (one for the news lists, one for home and its topic's):
    # the other posts' items, shifted by one, are the last build's.
    assert renders.made["post item"] == made["post item"] + 2
    made = dict(renders.made)
    added.unlink()
    without_it = markdown(cached_build(root, loads, renders))
    assert without_it == markdown(Build(root, OPTIONS, WHEN))
    assert not any("Tin thứ ba" in text for text in without_it[0].values() if text)
    assert renders.made["post"] == made["post"]


def test_a_saved_post_makes_no_procedure_page_again_and_a_saved_procedure_makes_its_own(root):
    loads, renders = LoadCache(), RenderCache()
    markdown(cached_build(root, loads, renders))
    made = dict(renders.made)
    assert made["procedure"] == 3
    save(root / SAVED, "title: Tin thứ nhất", "title: Tin thứ nhất đã sửa")
    markdown(cached_build(root, loads, renders))
    assert renders.made["procedure"] == made["procedure"]
    assert renders.made["procedure index"] == made["procedure index"] == 1
    # One that neither replaces another procedure nor is replaced: its page is the only one to change.
    procedure = root / "content/procedures/chuyen-giao-cong-nghe/dang-ky-gia-han-sua-doi-bo-sung-chuyen-giao-cong-nghe.md"
    save(procedure, "\n---\n", "\n---\n\nThêm một đoạn hướng dẫn.\n")
    again = markdown(cached_build(root, loads, renders))
    assert again == markdown(Build(root, OPTIONS, WHEN))
    assert any("Thêm một đoạn hướng dẫn." in text for text in again[0].values() if text)
    assert renders.made["procedure"] == made["procedure"] + 1
    assert renders.made["procedure index"] == 2


def test_a_saved_procedure_that_replaces_another_makes_both_pages_again(root):
    loads, renders = LoadCache(), RenderCache()
    markdown(cached_build(root, loads, renders))
    made = dict(renders.made)
    replaced = root / "content/procedures/chuyen-giao-cong-nghe/cap-giay-chung-nhan-dang-ky-hop-dong-chuyen-giao-cong-nghe.md"
    save(replaced, "name: Cấp Giấy", "name: Cấp mới Giấy")
    again = markdown(cached_build(root, loads, renders))
    assert again == markdown(Build(root, OPTIONS, WHEN))
    assert renders.made["procedure"] == made["procedure"] + 2  # its page, and the page of the one replacing it


def test_the_editors_configuration_is_written_again_only_when_it_changes(root):
    loads, renders = LoadCache(), RenderCache()
    markdown(cached_build(root, loads, renders))
    assert renders.made["cms config"] == 1
    save(root / SAVED, "title: Tin thứ nhất", "title: Tin thứ nhất đã sửa")
    markdown(cached_build(root, loads, renders))
    assert renders.made["cms config"] == 1
    save(root / "content/plans/2022.yml", "name: Văn bản", "name: Các văn bản")  # a topic the form offers
    again = markdown(cached_build(root, loads, renders))
    assert again == markdown(Build(root, OPTIONS, WHEN))
    assert "Các văn bản" in again[1]["quan-tri/config.yml"]
    assert renders.made["cms config"] == 2


def test_the_lists_items_of_posts_no_rebuild_listed_are_kept_for_a_new_post(root):
    # One post a list page: a saved title makes again only the pages that show that post, so the
    # other posts' items go unused; a new post then shifts every list page by one, and needs them.
    options = Options(site_url=OPTIONS.site_url, page_size=1, archive_page_size=1, home_latest=1)
    loads, renders = LoadCache(), RenderCache()
    markdown(Build(root, options, WHEN, load_cache=loads, render_cache=renders))
    save(root / SAVED, "title: Tin thứ nhất", "title: Tin thứ nhất đã sửa")
    markdown(Build(root, options, WHEN, load_cache=loads, render_cache=renders))
    made = renders.made["post item"]
    (root / "content/news/2022/thu-ba.md").write_text(post(title="Tin thứ ba", date="2022-12-30"), encoding="utf-8")
    with_it = markdown(Build(root, options, WHEN, load_cache=loads, render_cache=renders))
    assert with_it == markdown(Build(root, options, WHEN))
    assert renders.made["post item"] == made + 2  # the new post's own items (news lists; home and topic)


def test_a_build_told_later_leaves_each_years_report_to_be_made_when_asked_for_and_the_same(root):
    build = Build(root, OPTIONS, WHEN, later=True)
    build.load()
    generated = build.hand_over_pages()
    later = {path: content for path, content in build.outputs if isinstance(content, Later)}
    # The feeds, the 2022 report's page, coverage.json and downloads: not made by the build.
    assert {"feed.xml", "atom.xml", "ke-hoach/2022/bao-cao-tuyen-truyen-cchc-2022.docx", "ke-hoach/2022/coverage.json",
            "ke-hoach/2022/minh-chung-tuyen-truyen-cchc-2022.csv"} <= set(later)
    assert all(path.endswith("feed.xml") for path in set(later) - {"atom.xml"} if not path.startswith("ke-hoach/"))
    assert build.later_source("ke-hoach/2022/index.md") is not None
    assert not any(content.made for content in later.values())
    # Asked for, they are what a build without ``later`` makes.
    pages = {file.src_uri: build.page_source(file.src_uri) for file in build.files}
    pages.update((src_uri, build.page_source(src_uri)) for src_uri in generated)
    outputs = {path: content() if isinstance(content, Later) else content for path, content in build.outputs}
    assert (pages, outputs) == markdown(Build(root, OPTIONS, WHEN))


def test_a_later_build_after_a_full_one_finds_the_unchanged_years_report_made(root):
    # The preview's first build makes everything; its rebuilds are told ``later``: a year whose
    # coverage did not change is not made again in the background.
    loads, renders = LoadCache(), RenderCache()
    first = markdown(cached_build(root, loads, renders))
    made = renders.made["year report"]
    build = Build(root, OPTIONS, WHEN, load_cache=loads, render_cache=renders, later=True)
    build.load()
    build.hand_over_pages()
    assert build.later_source("ke-hoach/2022/index.md") is None and renders.made["year report"] == made
    report = {path: content for path, content in build.outputs if path.startswith("ke-hoach/")}
    assert all(content.made for content in report.values())
    assert {path: content() for path, content in report.items()} == {
        path: content for path, content in first[1].items() if path.startswith("ke-hoach/")}
